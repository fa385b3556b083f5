#!/usr/bin/env python3
"""tests/e2e/watch/status.py - read the /status JSON of `sitrep worker`s.

  status.py PORT [FIELD]            the JSON (or one field); nothing when it does not answer
  status.py --wait-sum N PORT...    wait (up to 20 s) until their "documents" add up to N;
                                    prints the sum reached
"""
import json
import sys
import time
import urllib.request


def get(port):
    try:
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/status', timeout=2) as r:
            return json.load(r)
    except Exception:  # not up (yet), or gone
        return None


if sys.argv[1] == '--wait-sum':
    want, ports = int(sys.argv[2]), sys.argv[3:]
    end, total = time.time() + 20, 0
    while time.time() < end:
        total = sum((get(p) or {}).get('documents', 0) for p in ports)
        if total >= want:
            break
        time.sleep(0.01)
    print(total)
    sys.exit(0)
st = get(sys.argv[1])
if st is not None:
    print(st[sys.argv[2]] if len(sys.argv) > 2 else json.dumps(st))
