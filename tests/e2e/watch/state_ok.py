#!/usr/bin/env python3
"""tests/e2e/watch/state_ok.py STATE - how many sources of a watch state were read (0 when
the state is not there yet)."""
import sqlite3
import sys

try:
    db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True, timeout=5)
    print(db.execute('SELECT count(*) FROM sources WHERE last_ok > 0').fetchone()[0])
except sqlite3.Error:
    print(0)
