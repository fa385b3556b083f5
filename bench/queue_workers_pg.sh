#!/usr/bin/env bash
# bench/queue_workers_pg.sh - throughput of `sitrep worker --pg`: N generated documents queued
# with `sitrep ingest --nats`, then drained by 1 and by 2 workers into a throwaway PostgreSQL
# cluster (initdb in a temporary directory, unix socket, fsync off as in the tests). The runs
# alternate (1, 2, 1, 2 ...: BENCH_RUNS pairs, default 3) so that each pair's ratio is measured
# under the same load; the load average is printed with every run. Per run: the workers' rate
# (documents coded and appended to the log, from the first message taken to the last one
# handled, from their status ports) and the end-to-end rate: documents coded, logged and
# merged, from the first message taken until merge_state reaches the log's last seq (polled
# every 20 ms through one psql session); the time from the workers' start is shown too. Then
# the merger's own rate (the N logged documents merged again from nothing by one process).
# Needs nats-server, the PostgreSQL server binaries and a build with libnats and libpq.
#   bench/queue_workers_pg.sh [NDOCS]     (default 3000; SITREP=build/sitrep)
#   BENCH_DOCS=FILE.jsonl bench/queue_workers_pg.sh 4500   real texts (its first NDOCS lines)
set -euo pipefail
SITREP=${SITREP:-build/sitrep}
N=${1:-3000}
RUNS=${BENCH_RUNS:-3}
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
PSQL=psql
command -v psql >/dev/null 2>&1 || PSQL="$PGBIN/psql"
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds (user + system) of processes: cpu PID... ; of the PostgreSQL cluster: its
# postmaster, the backends it reaped and those still running
cpu() { python3 - "$@" <<'PY'
import os, sys
hz, tot = os.sysconf('SC_CLK_TCK'), 0
for p in sys.argv[1:]:
    f = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()
    tot += int(f[11]) + int(f[12])
print(f'{tot / hz:.2f}')
PY
}
pg_cpu() { python3 - "$(head -1 "$T/pg/data/postmaster.pid")" <<'PY'
import os, sys
hz, pm = os.sysconf('SC_CLK_TCK'), sys.argv[1]
f = open(f'/proc/{pm}/stat').read().rsplit(')', 1)[1].split()
tot = sum(int(x) for x in f[11:15])
for p in filter(str.isdigit, os.listdir('/proc')):
    try:
        g = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()
    except OSError:
        continue
    if g[1] == pm:
        tot += int(g[11]) + int(g[12])
print(f'{tot / hz:.2f}')
PY
}

run() { # WORKERS: prints "W workers: coded/s e2e/s e2e_s start_s load"
  local k np ports=() t0 t1 first ans
  np=$(port)
  rm -rf "$T/js"
  psql_q "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null 2>&1
  nats-server -js -sd "$T/js" -a 127.0.0.1 -p "$np" >/dev/null 2>&1 &
  local npid=$!
  PIDS+=($npid)
  sleep 0.5
  "$SITREP" ingest --quiet --nats "nats://127.0.0.1:$np" "$T/in"
  local l0 c0 c1 wc
  l0=$(load)
  c0=$(pg_cpu)
  t0=$(now)
  local wp=()
  for k in $(seq "$1"); do
    ports+=("$(port)")
    "$SITREP" worker --quiet --nats "nats://127.0.0.1:$np" --pg "$PGDSN" "${GAZ[@]}" --status "${ports[-1]}" 2>>"$T/worker.err" &
    PIDS+=($!)
    wp+=($!)
  done
  for k in "${!ports[@]}"; do
    until [ -n "$(python3 tests/e2e/watch/status.py "${ports[$k]}" uptime_s)" ]; do
      kill -0 "${wp[$k]}" 2>/dev/null || { echo "a worker stopped:" >&2; cat "$T/worker.err" >&2; exit 1; }
      sleep 0.02
    done
  done
  secs=$(python3 tests/e2e/watch/status.py --drain-time "$N" "${ports[@]}" 2>"$T/split")
  # one psql session polls until everything logged is merged
  coproc POLL { "$PSQL" -X -q -At -h "$PGSOCK" -p 5432 -U sitrep -d postgres 2>/dev/null; }
  while :; do
    echo "SELECT (SELECT seq FROM merge_state) >= (SELECT max(seq) FROM doc_log);" >&"${POLL[1]}"
    read -r ans <&"${POLL[0]}"
    [ "$ans" = t ] && break
    sleep 0.02
  done
  t1=$(now)
  exec {POLL[1]}>&-
  wait "$POLL_PID" 2>/dev/null || true
  first=$(for p in "${ports[@]}"; do python3 tests/e2e/watch/status.py "$p" first_ms; done | sort -n | head -1)
  wc=$(for p in "${wp[@]}"; do cpu "$p"; done | sort -n | paste -sd+)
  c1=$(pg_cpu)
  for ((k = ${#PIDS[@]} - 1; k >= 0; k--)); do kill "${PIDS[$k]}" 2>/dev/null || true; done # workers first
  wait 2>/dev/null || true
  PIDS=()
  python3 -c "
n, secs, t0, t1, first = $N, $secs, $t0, $t1, $first / 1000
e2e = t1 - first
print(f'$1 {n / secs:.0f} {n / e2e:.0f} {e2e:.2f} {t1 - t0:.2f} $l0 $wc {$c1 - $c0:.2f}')"
}
echo "# $N documents; columns: workers, coded+logged docs/s, coded+logged+merged docs/s (from the first message taken), seconds to all merged (from the first message), seconds to all merged from the workers' start, load average before the run, CPU seconds of each worker (the busiest last: the merger), CPU seconds of PostgreSQL"
: >"$T/runs"
for r in $(seq "$RUNS"); do
  run 1 | tee -a "$T/runs"
  run 2 | tee -a "$T/runs"
done
# the merger alone: the N logged documents merged again from nothing by one process
# (`sitrep ingest --pg` of no input merges what is logged, as a worker's merger does)
psql_q "UPDATE merge_state SET seq = 0; TRUNCATE documents, reports, events" >/dev/null
t0=$(now)
"$SITREP" ingest --quiet --pg "$PGDSN" "${GAZ[@]}" /dev/null 2>/dev/null || true
t1=$(now)
python3 -c "print(f'merger alone: {$N} logged documents merged and published in {$t1 - $t0:.2f} s = {$N / ($t1 - $t0):.0f} documents/s')"
python3 - "$T/runs" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
pairs = [(rows[i], rows[i + 1]) for i in range(0, len(rows) - 1, 2)]
e2e = [float(b[2]) / float(a[2]) for a, b in pairs]
start = [float(a[4]) / float(b[4]) for a, b in pairs]
coded = [float(b[1]) / float(a[1]) for a, b in pairs]
f = lambda v: ', '.join(f'{x:.2f}x' for x in v) + f' (median {statistics.median(v):.2f}x)'
print('2 workers over 1, end to end (coded, logged and merged): ' + f(e2e))
print('2 workers over 1, end to end counted from the workers\' start: ' + f(start))
print('2 workers over 1, coded and logged: ' + f(coded))
# what 2 free cores would allow, from the CPU each run used: all of the 1-worker run's CPU
# (worker + PostgreSQL) against the 2-worker run's total CPU over 2 cores or its busiest
# worker with half of PostgreSQL's, whichever is longer (a bound, independent of the load)
def bound(a, b):
    one = sum(map(float, a[6].split('+'))) + float(a[7])
    w = list(map(float, b[6].split('+')))
    two = max((sum(w) + float(b[7])) / 2, max(w) + float(b[7]) / 2)
    return one / two
print('2 workers over 1 on 2 free cores, from the CPU the runs used (a bound, not a measurement): '
      + f([bound(a, b) for a, b in pairs]))
PY
