#!/usr/bin/env bash
# tests/e2e/watch_queue_pg.sh - the queue end to end into the PostgreSQL store: a throwaway
# cluster (initdb in a temporary directory, unix socket only), `sitrep watch --nats` publishing
# the documents of fixture feeds served on loopback, three `sitrep worker --pg`; one worker is
# killed with SIGKILL mid-stream (the merger) and nats-server is restarted once. At the end the merged
# PostgreSQL tables equal the SQLite store `sitrep ingest` makes of the same documents
# (canonical dumps: pg_dump.py against store_dump.py), `events --pg` and `stats --pg` print
# what they print from that SQLite store, every source was fetched once, and bad input
# (a broken DSN, a missing database, PostgreSQL down at start and mid-run) is handled.
# Exits 77 (skipped) without nats-server, the PostgreSQL server binaries or a build with both.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
if ! command -v nats-server >/dev/null 2>&1; then
  echo "SKIP: nats-server is not installed (scripts/setup.sh queue installs it)"; exit 77
fi
if "$SITREP" worker --nats nats://127.0.0.1:1 --db /nonexistent/x.db 2>&1 | grep -q "built without the queue"; then
  echo "SKIP: this sitrep was built without libnats (apt-get install libnats-dev, then cmake again)"; exit 77
fi
if "$SITREP" stats --pg "host=/nonexistent" 2>&1 | grep -q "built without PostgreSQL"; then
  echo "SKIP: this sitrep was built without libpq (scripts/setup.sh pg, then cmake again)"; exit 77
fi
. tests/e2e/watch/lib.sh
. tests/e2e/watch/pg_lib.sh
if ! pg_find; then
  echo "SKIP: the PostgreSQL server (initdb, pg_ctl) is not installed (scripts/setup.sh pg installs it)"; exit 77
fi
pg_init || { echo "FAIL: initdb"; exit 1; }
pg_up || { echo "FAIL: the PostgreSQL server did not start:"; tail -5 "$T/pg/server.log"; exit 1; }
trap 'pg_down; cleanup' EXIT

make_root 12 100
start_server
GAZ=(--no-gazetteer)
if [ -n "${SITREP_GAZETTEER:-}" ] && [ -s "$SITREP_GAZETTEER" ]; then GAZ=(); fi
{
  echo "$BASE/feeds/wire.rss"
  echo "feed $BASE/nolm/desk.atom"
  echo "page $BASE/pages/report.html"
  for i in $(seq 0 11); do echo "$BASE/gen/gen$i.rss"; done
} >"$T/list"
NDOCS=$((5 + 3 + 1 + 1200))

NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NATS="nats://127.0.0.1:$NPORT"
start_nats() {
  nats-server -js -sd "$T/js" -a 127.0.0.1 -p "$NPORT" >>"$T/nats.log" 2>&1 &
  NATS_PID=$!
  PIDS+=($NATS_PID)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$NPORT") 2>/dev/null && return 0; sleep 0.05; done
  fail "nats-server did not start:"; tail -5 "$T/nats.log"
}
start_nats

# bad input first: each a clear message and exit 2, nothing made
"$SITREP" worker --nats "$NATS" --pg "host=$PGSOCK port=5432 dbname= = x" "${GAZ[@]}" 2>"$T/bad.err"; rc=$?
[ $rc -eq 2 ] && grep -q "not a PostgreSQL connection string" "$T/bad.err" && ok "broken DSN: exit 2, said" ||
  { fail "broken DSN: exit $rc"; cat "$T/bad.err"; }
"$SITREP" worker --nats "$NATS" --pg "host=$PGSOCK port=5432 dbname=nosuch user=sitrep" "${GAZ[@]}" 2>"$T/bad.err"; rc=$?
[ $rc -eq 2 ] && grep -q 'refuses us.*"nosuch" does not exist' "$T/bad.err" && ok "missing database: exit 2, named" ||
  { fail "missing database: exit $rc"; cat "$T/bad.err"; }
"$SITREP" events --pg "$PGDSN" 2>"$T/bad.err"; rc=$?
[ $rc -eq 2 ] && grep -q "holds no sitrep store" "$T/bad.err" && ok "events --pg of an empty database: exit 2, said" ||
  { fail "events --pg, no store: exit $rc"; cat "$T/bad.err"; }
"$SITREP" stats --pg "host=$T/nowhere port=5432 dbname=postgres" 2>"$T/bad.err"; rc=$?
[ $rc -eq 2 ] && grep -q "cannot reach PostgreSQL $T/nowhere:5432/postgres" "$T/bad.err" &&
  ok "stats --pg of a server that is not there: exit 2 after retrying, named" || { fail "no server: exit $rc"; cat "$T/bad.err"; }

# the reference: the same documents as JSONL, stored by `sitrep ingest`
"$SITREP" watch --once --quiet --host-delay 0 --jsonl "$T/docs.jsonl" --state "$T/ref.state" "$T/list"
[ "$(wc -l <"$T/docs.jsonl")" -eq $NDOCS ] || fail "reference: $(wc -l <"$T/docs.jsonl") documents, want $NDOCS"
"$SITREP" ingest --quiet --db "$T/ref.db" "${GAZ[@]}" "$T/docs.jsonl" || fail "ingest of the reference"
FROM=$(($(wc -l <"$T/http.log") + 1))

# three workers on the PostgreSQL store, then the watch
SPORT=()
for k in 1 2 3; do
  SPORT[$k]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$SITREP" worker --nats "$NATS" --pg "$PGDSN" "${GAZ[@]}" --ack-wait 3 --idle-exit 8 --batch 4 \
    --status "${SPORT[$k]}" 2>"$T/worker$k.err" &
  WPID[$k]=$!
  PIDS+=(${WPID[$k]})
done
for k in 1 2 3; do
  for _ in $(seq 200); do [ -n "$(python3 tests/e2e/watch/status.py "${SPORT[$k]}" uptime_s)" ] && break; sleep 0.05; done
done
"$SITREP" watch --once --host-delay 0.15 --nats "$NATS" --state "$T/queue.state" "$T/list" 2>"$T/watch.err" &
WATCH=$!
PIDS+=($WATCH)

# mid-stream: kill worker 1, restart nats-server, then stop PostgreSQL for 2 s
# the worker killed is the merger (it says so when it takes the merger's lock): another one
# must take over, replay the merged log into its own working store and go on
mid=$(python3 tests/e2e/watch/status.py --wait-sum 60 "${SPORT[1]}" "${SPORT[2]}" "${SPORT[3]}")
K=1
for k in 1 2 3; do grep -q "is the merger" "$T/worker$k.err" && { K=$k; break; }; done
S=()
for k in 1 2 3; do [ $k = $K ] || S+=($k); done
kill -9 "${WPID[$K]}"
wait "${WPID[$K]}" 2>/dev/null
grep -q "is the merger" "$T/worker$K.err" && ok "killed the merger, worker $K (SIGKILL), after $mid documents" ||
  echo "killed worker $K (SIGKILL; no merger yet) after $mid documents"
kill "$NATS_PID"
wait "$NATS_PID" 2>/dev/null
sleep 0.5
start_nats
echo "restarted nats-server"
mid=$(python3 tests/e2e/watch/status.py --wait-sum 400 "${SPORT[${S[0]}]}" "${SPORT[${S[1]}]}")
pg_down
echo "stopped PostgreSQL after $mid documents"
sleep 2
pg_up || fail "PostgreSQL did not start again"
echo "started PostgreSQL again"

wait $WATCH
rc=$?
[ $rc -eq 0 ] && ok "watch --nats published every document (exit 0)" || { fail "watch exit $rc"; cat "$T/watch.err"; }
for _ in $(seq 300); do
  lag=$(python3 tests/e2e/watch/status.py "${SPORT[${S[0]}]}" lag)
  [ "${lag:-x}" = 0 ] && break
  sleep 0.1
done
[ "${lag:-x}" = 0 ] && ok "queue drained (lag 0 on the status endpoint)" || fail "queue lag ${lag:-none}"
for k in "${S[@]}"; do
  wait "${WPID[$k]}"
  rc=$?
  [ $rc -eq 0 ] || { fail "worker $k exit $rc"; cat "$T/worker$k.err"; }
done
grep -h "documents:\|waiting for it\|is back\|merge\|go back" "$T/worker${S[0]}.err" "$T/worker${S[1]}.err" |
  sort | uniq -c | cut -c1-200
grep -q "is the merger" "$T/worker${S[0]}.err" "$T/worker${S[1]}.err" && ok "another worker took the merger's lock over" ||
  fail "no surviving worker became the merger"
retries=$(cat "$T/worker${S[0]}.err" "$T/worker${S[1]}.err" | grep -c "go back to the queue")
[ "$retries" -gt 0 ] && ok "PostgreSQL down mid-run: $retries batches went back to the queue and were retried" ||
  echo "note: no batch met PostgreSQL down"

python3 tests/e2e/watch/pg_dump.py -h "$PGSOCK" -p 5432 -U sitrep -d postgres >"$T/pg.dump" || fail "pg_dump.py"
python3 tests/e2e/watch/store_dump.py "$T/ref.db" >"$T/ref.dump"
if cmp -s "$T/pg.dump" "$T/ref.dump"; then
  ok "the PostgreSQL store equals sitrep ingest of the same documents ($(grep -c '^document' "$T/ref.dump") documents, $(grep -c '^report' "$T/ref.dump") reports, $(grep -c '^event' "$T/ref.dump") events)"
else
  fail "stores differ ($(grep -c '^document' "$T/pg.dump") vs $(grep -c '^document' "$T/ref.dump") documents):"
  diff "$T/pg.dump" "$T/ref.dump" | head -6 | cut -c1-300
fi
n=$(psql_q "SELECT count(*) FROM doc_log")
[ "$n" = "$NDOCS" ] && ok "the document log holds each document once ($n)" || fail "document log: $n rows, want $NDOCS"

# the reading commands: the same output as from the SQLite store. Event ids, and the first
# report's evidence, publisher and url, depend on the order documents came in, so rows are
# compared without them and as sets (the order of events of one date follows the ids)
cat >"$T/rows.py" <<'PY'
import csv, io, re, sys
def rows(path):
    text = open(path, encoding='utf-8').read()
    if text.startswith('event_id,'):
        r = list(csv.DictReader(io.StringIO(text)))
        return sorted(repr(sorted((k, v) for k, v in x.items() if k not in ('event_id', 'source', 'url', 'notes')))
                      for x in r)
    return sorted(re.sub(r'"(id|evidence|source|url|first_[a-z]+)":("([^"\\]|\\.)*"|\d+)', '', line)
                  for line in text.splitlines())
a, b = rows(sys.argv[1]), rows(sys.argv[2])
sys.exit(0 if a == b and a else 1)
PY
for args in "--format jsonl" "--format csv" "--count" "--country SY --format geojson" "--actor ISIS --from 2024-01-01"; do
  "$SITREP" events --db "$T/ref.db" $args >"$T/e.ref" 2>&1
  "$SITREP" events --pg "$PGDSN" $args >"$T/e.pg" 2>&1
  python3 "$T/rows.py" "$T/e.ref" "$T/e.pg" && ok "events $args: --pg prints what --db prints ($(wc -l <"$T/e.pg") lines)" ||
    { fail "events $args differ"; diff "$T/e.ref" "$T/e.pg" | head -4 | cut -c1-200; }
done
"$SITREP" stats --db "$T/ref.db" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("file_bytes"); print(json.dumps(d, sort_keys=True))' >"$T/s.ref"
"$SITREP" stats --pg "$PGDSN" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("file_bytes"); print(json.dumps(d, sort_keys=True))' >"$T/s.pg"
cmp -s "$T/s.ref" "$T/s.pg" && ok "stats --pg: the same counts as --db" || { fail "stats differ"; diff "$T/s.ref" "$T/s.pg"; }

for f in text json; do
  "$SITREP" situation --db "$T/ref.db" --as-of 2024-03-20 --days 60 --format $f >"$T/sit.ref" 2>&1
  "$SITREP" situation --pg "$PGDSN" --as-of 2024-03-20 --days 60 --format $f >"$T/sit.pg" 2>&1
  # event ids depend on the order documents came in: compared without them
  python3 - "$T/sit.ref" "$T/sit.pg" <<'PY' && ok "situation --format $f: --pg prints what --db prints ($(wc -c <"$T/sit.pg") bytes)" || fail "situation --format $f differs"
import re, sys
a, b = (re.sub(r'"(id|event)":\d+', '', open(p).read()) for p in sys.argv[1:3])
if a != b:
    i = next(k for k in range(min(len(a), len(b))) if a[k] != b[k]) if a[:min(len(a), len(b))] != b[:min(len(a), len(b))] else min(len(a), len(b))
    print('first difference:', a[max(0, i - 80):i + 80], '|||', b[max(0, i - 80):i + 80])
sys.exit(a != b)
PY
done

twice=0
for p in $(awk '{print $2}' "$T/http.log" | sort -u); do
  n=$(hits "$FROM" "$p" 200)
  [ "$n" -gt 1 ] && { twice=1; fail "$p fetched $n times"; }
done
[ $twice -eq 0 ] && ok "no source fetched twice by the queued watch"

# the same documents queued again: recognised, nothing appended, the store unchanged
"$SITREP" ingest --nats "$NATS" "$T/docs.jsonl" 2>"$T/ingest.err" || fail "ingest --nats"
"$SITREP" worker --nats "$NATS" --pg "$PGDSN" "${GAZ[@]}" --idle-exit 2 2>"$T/w4.err"
grep -q "documents: 0 new, [0-9]* unchanged" "$T/w4.err" && ok "a document queued twice is stored once" ||
  { fail "second pass of the worker:"; cat "$T/w4.err"; }
python3 tests/e2e/watch/pg_dump.py -h "$PGSOCK" -p 5432 -U sitrep -d postgres | cmp -s - "$T/ref.dump" &&
  ok "store unchanged" || fail "store changed"

# changed texts: 40 documents again under their ids with other documents' texts, into both
# stores; the replaced reports and events go, the merged tables still equal the SQLite store
python3 - "$T/docs.jsonl" >"$T/changed.jsonl" <<'PY'
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])]
for x, y in zip(d[:40], d[-40:]):
    y = dict(y, id=x['id'])
    print(json.dumps(y))
PY
"$SITREP" ingest --quiet --db "$T/ref.db" "${GAZ[@]}" "$T/changed.jsonl" || fail "ingest of the changed texts"
"$SITREP" ingest --pg "$PGDSN" "${GAZ[@]}" "$T/changed.jsonl" 2>"$T/changed.err" || { fail "ingest --pg"; cat "$T/changed.err"; }
python3 tests/e2e/watch/store_dump.py "$T/ref.db" >"$T/ref2.dump"
python3 tests/e2e/watch/pg_dump.py -h "$PGSOCK" -p 5432 -U sitrep -d postgres >"$T/pg2.dump"
grep -q "0 new, 0 unchanged, 40 replaced" "$T/changed.err" && cmp -s "$T/pg2.dump" "$T/ref2.dump" &&
  ok "40 changed texts replaced in both stores, still equal ($(grep -c '^event' "$T/ref2.dump") events)" ||
  { fail "changed texts: $(cat "$T/changed.err")"; diff "$T/pg2.dump" "$T/ref2.dump" | head -4 | cut -c1-200; }

# PostgreSQL down at start: the worker waits --pg-wait seconds, then exit 2 naming it
pg_down
"$SITREP" worker --nats "$NATS" --pg "$PGDSN" "${GAZ[@]}" --pg-wait 1 2>"$T/down.err"; rc=$?
[ $rc -eq 2 ] && grep -q "cannot reach PostgreSQL $PGSOCK:5432/postgres" "$T/down.err" &&
  grep -q "waiting for it" "$T/down.err" && ok "PostgreSQL down at start: retried, then exit 2, named" ||
  { fail "PostgreSQL down: exit $rc"; cat "$T/down.err"; }
exit $FAIL
