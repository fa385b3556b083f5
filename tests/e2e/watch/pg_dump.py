#!/usr/bin/env python3
"""tests/e2e/watch/pg_dump.py - the canonical dump of store_dump.py, of the merged tables of a
PostgreSQL store (documents, reports, events), read with psql. The same rules: row ids
replaced by stable keys, near-duplicate links as unordered pairs, an event's first_evidence,
first_source and first_url left out; values as SQLite gives them (bytea as hex, double
precision as floats), so the dump of a PostgreSQL store and of a SQLite store of the same
documents are byte for byte the same.
usage: pg_dump.py PSQL_ARGS... > dump.txt   (e.g. pg_dump.py -h SOCKDIR -U sitrep -d postgres)
"""
import json
import subprocess
import sys

PSQL = ['psql', '-X', '-q', '-At'] + sys.argv[1:]


def query(sql):
    out = subprocess.run(PSQL + ['-c', sql], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line]


def table(name, skip):
    types = {r['column_name']: r['data_type'] for r in query(
        "SELECT row_to_json(c) FROM (SELECT column_name, data_type FROM information_schema.columns"
        f" WHERE table_name = '{name}') c")}
    rows = []
    for r in query(f'SELECT row_to_json(t) FROM {name} t'):
        rec = {}
        for c, v in r.items():
            t = types.get(c, '')
            if v is not None and t == 'bytea':
                v = v[2:]
            elif v is not None and t == 'double precision':
                v = float(v)
            rec[c] = v
        rows.append(rec)
    return rows, [c for c in types if c not in skip]


documents, dcols = table('documents', {'id', 'added', 'dup_of', 'text_zstd'})
docs = {r['id']: r['ext_id'] for r in documents}
out = []
for r in documents:
    out.append('document ' + json.dumps({c: r[c] for c in dcols}, sort_keys=True))
    if r['dup_of'] is not None:
        out.append('near-duplicates ' + json.dumps(sorted([docs[r['id']], docs[r['dup_of']]])))
reports, rcols = table('reports', {'id', 'doc', 'event'})
reports_of = {}
rows = []
for r in reports:
    rec = {c: r[c] for c in rcols}
    key = [docs[r['doc']], rec['sent'], rec['off'], rec['len']]
    reports_of.setdefault(r['event'], []).append(key)
    rows.append((r['event'], key, rec))
ekey = {e: json.dumps(sorted(k)) for e, k in reports_of.items()}
for ev, key, rec in rows:
    rec['key'] = key
    rec['event'] = ekey[ev]
    out.append('report ' + json.dumps(rec, sort_keys=True))
events, ecols = table('events', {'id', 'first_evidence', 'first_source', 'first_url'})
for r in events:
    if r.get('origin') not in (None, 'coded'):
        continue
    rec = {c: r[c] for c in ecols}
    rec['reports'] = ekey.get(r['id'], '[]')
    out.append('event ' + json.dumps(rec, sort_keys=True))
out.sort()
sys.stdout.write('\n'.join(out) + '\n')
