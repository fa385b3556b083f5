#!/usr/bin/env python3
"""tests/e2e/watch/store_dump.py - a canonical dump of a sitrep store, for comparing two
stores that were filled in different orders (workers in parallel against `sitrep ingest`).

Row ids differ between such stores, so every row is written with ids replaced by stable
keys: a document by its external id, a report by (document, sentence, offset, length), an
event by the sorted keys of its reports. Which of two near-duplicate documents is the
original depends on which was stored first, so a near-duplicate link is written as an
unordered pair; for the same reason an event's first_evidence, first_source and first_url (the
report that created it, kept on the event row since schema 6) are left out: with workers in
parallel another report of the same event may come first. Every other column is written as
stored, rows sorted.
usage: store_dump.py STORE.db > dump.txt
"""
import json
import sqlite3
import sys

db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)


def plain(v):
    return v.hex() if isinstance(v, bytes) else v


def cols(table, skip):
    return [r[1] for r in db.execute(f'PRAGMA table_info({table})') if r[1] not in skip]


docs = {r[0]: r[1] for r in db.execute('SELECT id, ext_id FROM documents')}
out = []
dcols = cols('documents', {'id', 'added', 'dup_of', 'text_zstd'})
for row in db.execute(f'SELECT {", ".join(dcols)} FROM documents'):
    out.append('document ' + json.dumps({c: plain(v) for c, v in zip(dcols, row)}, sort_keys=True))
for a, b in db.execute('SELECT id, dup_of FROM documents WHERE dup_of IS NOT NULL'):
    pair = sorted([docs[a], docs[b]])
    out.append('near-duplicates ' + json.dumps(pair))

rcols = cols('reports', {'id', 'doc', 'event'})
reports_of = {}
rows = []
for row in db.execute(f'SELECT doc, event, {", ".join(rcols)} FROM reports'):
    rec = {c: plain(v) for c, v in zip(rcols, row[2:])}
    key = [docs[row[0]], rec['sent'], rec['off'], rec['len']]
    reports_of.setdefault(row[1], []).append(key)
    rows.append((row[1], key, rec))
ekey = {e: json.dumps(sorted(k)) for e, k in reports_of.items()}
for ev, key, rec in rows:
    rec['key'] = key
    rec['event'] = ekey[ev]
    out.append('report ' + json.dumps(rec, sort_keys=True))
ecols = cols('events', {'id', 'first_evidence', 'first_source', 'first_url'})
where = "WHERE origin IS NULL OR origin = 'coded'" if 'origin' in ecols else ''
for row in db.execute(f'SELECT id, {", ".join(ecols)} FROM events {where}'):
    rec = {c: plain(v) for c, v in zip(ecols, row[1:])}
    rec['reports'] = ekey.get(row[0], '[]')
    out.append('event ' + json.dumps(rec, sort_keys=True))
out.sort()
sys.stdout.write('\n'.join(out) + '\n')
