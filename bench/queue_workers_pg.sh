#!/usr/bin/env bash
# bench/queue_workers_pg.sh - throughput of `sitrep worker --pg`: N generated documents queued
# with `sitrep ingest --nats`, then drained by 1 and by 2 workers into a throwaway PostgreSQL
# cluster (initdb in a temporary directory, unix socket, fsync off as in the tests). Two
# figures per run: the workers' rate (documents coded and appended to the log, from the moment
# every worker answers on its status port to the moment they have taken N) and the time until
# the merger has merged all N (merge_state reaches the log's last seq, polled with psql); then
# the merger's own rate (the N logged documents merged again from nothing by one process).
# Needs nats-server, the PostgreSQL server binaries and a build with libnats and libpq.
#   bench/queue_workers_pg.sh [NDOCS]     (default 3000; SITREP=build/sitrep)
#   BENCH_DOCS=FILE.jsonl bench/queue_workers_pg.sh 4500   real texts (its first NDOCS lines)
set -euo pipefail
SITREP=${SITREP:-build/sitrep}
N=${1:-3000}
command -v nats-server >/dev/null || { echo "nats-server is not installed (scripts/setup.sh queue)"; exit 1; }
T=$(mktemp -d)
PIDS=()
. tests/e2e/watch/pg_lib.sh
pg_find || { echo "the PostgreSQL server is not installed (scripts/setup.sh pg)"; exit 1; }
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; pg_down; rm -rf "$T"' EXIT
pg_init
pg_up
if [ -n "${BENCH_DOCS:-}" ]; then
  mkdir -p "$T/in" && head -n "$N" "$BENCH_DOCS" >"$T/in/docs.jsonl"
  N=$(wc -l <"$T/in/docs.jsonl")
else
  python3 tests/e2e/watch/gen_feeds.py "$T/in" $(((N + 99) / 100)) 100
fi
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
GAZ=()
[ -n "${SITREP_GAZETTEER:-}" ] || GAZ=(--gazetteer build/gazetteer.img)
now() { date +%s.%N; }

run() { # WORKERS
  local k np ports=() t0 t1
  np=$(port)
  rm -rf "$T/js"
  psql_q "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null 2>&1
  nats-server -js -sd "$T/js" -a 127.0.0.1 -p "$np" >/dev/null 2>&1 &
  local npid=$!
  PIDS+=($npid)
  sleep 0.5
  "$SITREP" ingest --quiet --nats "nats://127.0.0.1:$np" "$T/in"
  t0=$(now)
  for k in $(seq "$1"); do
    ports+=("$(port)")
    "$SITREP" worker --quiet --nats "nats://127.0.0.1:$np" --pg "$PGDSN" "${GAZ[@]}" --status "${ports[-1]}" &
    PIDS+=($!)
  done
  for p in "${ports[@]}"; do
    until [ -n "$(python3 tests/e2e/watch/status.py "$p" uptime_s)" ]; do sleep 0.02; done
  done
  secs=$(python3 tests/e2e/watch/status.py --drain-time "$N" "${ports[@]}" 2>"$T/split")
  cat "$T/split"
  until [ "$(psql_q "SELECT (SELECT seq FROM merge_state) >= (SELECT max(seq) FROM doc_log)" 2>/dev/null)" = t ]; do
    sleep 0.05
  done
  t1=$(now)
  for ((k = ${#PIDS[@]} - 1; k >= 0; k--)); do kill "${PIDS[$k]}" 2>/dev/null || true; done # workers first
  wait 2>/dev/null || true
  PIDS=()
  python3 -c "print(f'$1 worker(s) --pg: $N documents coded and logged in {$secs:.2f} s = {$N / $secs:.0f} documents/s; all merged {$t1 - $t0:.2f} s after the workers started')"
}
run 1 | tee "$T/one"
run 2 | tee "$T/two"
# the merger alone: the N logged documents merged again from nothing by one process
# (`sitrep ingest --pg` of no input merges what is logged, as a worker's merger does)
psql_q "UPDATE merge_state SET seq = 0; TRUNCATE documents, reports, events" >/dev/null
t0=$(now)
"$SITREP" ingest --quiet --pg "$PGDSN" "${GAZ[@]}" /dev/null 2>/dev/null || true
t1=$(now)
python3 -c "print(f'merger alone: {$N} logged documents merged and published in {$t1 - $t0:.2f} s = {$N / ($t1 - $t0):.0f} documents/s')"
python3 - "$T/one" "$T/two" <<'PY'
import re, sys
r = [float(re.search(r'= (\d+) documents/s', open(p).read()).group(1)) for p in sys.argv[1:]]
print(f'speed-up of 2 workers over 1: {r[1] / r[0]:.2f}x')
PY
