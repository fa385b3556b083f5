#!/usr/bin/env bash
# tests/e2e/watch_queue.sh - the queue end to end: `sitrep watch --nats` publishes the
# documents of fixture feeds served on loopback to a NATS JetStream work queue while three
# `sitrep worker`s code and store them into one SQLite store; one worker is killed with
# SIGKILL mid-stream and nats-server is restarted once. At the end the store equals the
# store `sitrep ingest` makes of the same documents (canonical dumps, store_dump.py), every
# source was fetched once, and a second watch hands nothing over.
# Exits 77 (skipped) without nats-server or without the queue in this build.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
if ! command -v nats-server >/dev/null 2>&1; then
  echo "SKIP: nats-server is not installed (scripts/setup.sh packages installs it)"; exit 77
fi
if "$SITREP" worker --nats nats://127.0.0.1:1 --db /nonexistent/x.db 2>&1 | grep -q "built without the queue"; then
  echo "SKIP: this sitrep was built without libnats (apt-get install libnats-dev, then cmake again)"; exit 77
fi
. tests/e2e/watch/lib.sh
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

# the reference: the same documents as JSONL, stored by `sitrep ingest`
"$SITREP" watch --once --quiet --host-delay 0 --jsonl "$T/docs.jsonl" --state "$T/ref.state" "$T/list"
[ "$(wc -l <"$T/docs.jsonl")" -eq $NDOCS ] || fail "reference: $(wc -l <"$T/docs.jsonl") documents, want $NDOCS"
"$SITREP" ingest --quiet --db "$T/ref.db" "${GAZ[@]}" "$T/docs.jsonl" || fail "ingest of the reference"
FROM=$(($(wc -l <"$T/http.log") + 1))

# three workers on one store, then the watch
SPORT=()
for k in 1 2 3; do
  SPORT[$k]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$SITREP" worker --nats "$NATS" --db "$T/queue.db" "${GAZ[@]}" --ack-wait 3 --idle-exit 8 --batch 4 \
    --status "${SPORT[$k]}" 2>"$T/worker$k.err" &
  WPID[$k]=$!
  PIDS+=(${WPID[$k]})
done
for k in 1 2 3; do
  for _ in $(seq 200); do [ -n "$(python3 tests/e2e/watch/status.py "${SPORT[$k]}" uptime_s)" ] && break; sleep 0.05; done
done
# one host, 0.15 s apart: the watch publishes for about 2 s, across the restart below
"$SITREP" watch --once --host-delay 0.15 --nats "$NATS" --state "$T/queue.state" "$T/list" 2>"$T/watch.err" &
WATCH=$!
PIDS+=($WATCH)

# mid-stream: kill worker 1 once the workers have stored some documents, then restart nats-server
mid=$(python3 tests/e2e/watch/status.py --wait-sum 60 "${SPORT[1]}" "${SPORT[2]}" "${SPORT[3]}")
kill -9 "${WPID[1]}"
wait "${WPID[1]}" 2>/dev/null
echo "killed worker 1 (SIGKILL) after $mid documents"
kill "$NATS_PID"
wait "$NATS_PID" 2>/dev/null
sleep 0.5
start_nats
echo "restarted nats-server"

wait $WATCH
rc=$?
[ $rc -eq 0 ] && ok "watch --nats published every document (exit 0)" || { fail "watch exit $rc"; cat "$T/watch.err"; }
# the survivors drain the queue (the dead worker's messages come back after --ack-wait)
for _ in $(seq 300); do
  lag=$(python3 tests/e2e/watch/status.py "${SPORT[2]}" lag)
  [ "${lag:-x}" = 0 ] && break
  sleep 0.1
done
[ "${lag:-x}" = 0 ] && ok "queue drained (lag 0 on the status endpoint)" || fail "queue lag ${lag:-none}"
python3 tests/e2e/watch/status.py "${SPORT[2]}" >"$T/status.json"
python3 scripts/validate-json.py worker_status "$T/status.json" && ok "status endpoint answers (schema worker_status)" || fail "status JSON"
python3 scripts/validate-json.py queue_document "$T/docs.jsonl" && ok "documents as messages (schema queue_document)" || fail "message schema"
for k in 2 3; do
  wait "${WPID[$k]}"
  rc=$?
  [ $rc -eq 0 ] || { fail "worker $k exit $rc"; cat "$T/worker$k.err"; }
done
grep -h "documents:\|waiting for it\|is back" "$T"/worker[23].err | sort | uniq -c | cut -c1-200
grep -h "retrying" "$T/watch.err" | head -2 | cut -c1-200

python3 tests/e2e/watch/store_dump.py "$T/queue.db" >"$T/queue.dump"
python3 tests/e2e/watch/store_dump.py "$T/ref.db" >"$T/ref.dump"
if cmp -s "$T/queue.dump" "$T/ref.dump"; then
  ok "the workers' store equals sitrep ingest of the same documents ($(grep -c '^document' "$T/ref.dump") documents, $(grep -c '^report' "$T/ref.dump") reports, $(grep -c '^event' "$T/ref.dump") events)"
else
  fail "stores differ ($(grep -c '^document' "$T/queue.dump") vs $(grep -c '^document' "$T/ref.dump") documents):"
  diff "$T/queue.dump" "$T/ref.dump" | head -6 | cut -c1-300
fi
"$SITREP" db check --db "$T/queue.db" >/dev/null 2>&1 && ok "store integrity" || fail "db check of the workers' store"

twice=0
for p in $(awk '{print $2}' "$T/http.log" | sort -u); do
  n=$(hits "$FROM" "$p" 200)
  [ "$n" -gt 1 ] && { twice=1; fail "$p fetched $n times"; }
done
[ $twice -eq 0 ] && ok "no source fetched twice by the queued watch"
"$SITREP" watch --once --host-delay 0 --nats "$NATS" --state "$T/queue.state" "$T/list" 2>"$T/watch2.err"
grep -q "15 sources asked, 0 fetched, 15 not modified, 0 new documents" "$T/watch2.err" &&
  ok "a second watch: all not modified, nothing published" || { fail "second watch:"; cat "$T/watch2.err"; }

# `sitrep ingest --nats` of the same documents: message ids the stream still knows are dropped
# by the server (the ids of messages acked before the restart are forgotten by nats-server);
# whatever is queued again is stored as unchanged: the store stays the same
"$SITREP" ingest --nats "$NATS" "$T/docs.jsonl" 2>"$T/ingest.err"; rc=$?
q=$(sed -n 's/.*queued \([0-9]*\) documents at .* (\([0-9]*\) already queued), 0 failed.*/\1 \2/p' "$T/ingest.err")
if [ $rc -eq 0 ] && [ -n "$q" ] && [ $(( ${q% *} + ${q#* } )) -eq $NDOCS ]; then
  ok "ingest --nats of the same documents: ${q#* } recognised by message id, ${q% *} queued again"
else
  fail "ingest --nats: exit $rc"; cat "$T/ingest.err"
fi
"$SITREP" worker --nats "$NATS" --db "$T/queue.db" "${GAZ[@]}" --idle-exit 2 2>"$T/w4.err"
grep -q "documents: 0 new, ${q% *} unchanged" "$T/w4.err" && ok "a document queued twice is stored once" ||
  { fail "second pass of the worker:"; cat "$T/w4.err"; }
python3 tests/e2e/watch/store_dump.py "$T/queue.db" | cmp -s - "$T/ref.dump" && ok "store unchanged" || fail "store changed"

# a store that cannot be opened: exit 2 before the queue is touched
"$SITREP" worker --nats "$NATS" --db "$T/no/such/dir/x.db" 2>"$T/db.err"; rc=$?
[ $rc -eq 2 ] && grep -q "x.db" "$T/db.err" && ok "unopenable store: exit 2, named" || { fail "bad store: exit $rc"; cat "$T/db.err"; }

# a queue that is down: a clear message and exit 2
kill "$NATS_PID"; wait "$NATS_PID" 2>/dev/null
"$SITREP" worker --nats "$NATS" --db "$T/x.db" "${GAZ[@]}" 2>"$T/down.err"; rc=$?
[ $rc -eq 2 ] && grep -q "cannot reach the queue at $NATS" "$T/down.err" && ok "queue down at start: exit 2, named" ||
  { fail "queue down: exit $rc"; cat "$T/down.err"; }
"$SITREP" worker --nats "$NATS" --db "$T/x.db" --pg "host=x" 2>"$T/pg.err"; rc=$?
[ $rc -eq 2 ] && grep -q "one store, please" "$T/pg.err" && ok "--db and --pg together: exit 2, said" || fail "--db --pg: exit $rc"
exit $FAIL
