#!/usr/bin/env bash
# bench/queue_workers.sh - throughput of `sitrep worker`: N generated documents queued with
# `sitrep ingest --nats`, then drained by 1 and by 2 workers sharing one SQLite store; the
# time runs from the moment every worker answers on its status port to the moment they
# have taken N documents (polled in one process every 10 ms, so the poller costs no CPU to speak of). Needs nats-server and a build with libnats.
#   bench/queue_workers.sh [NDOCS]     (default 3000; SITREP=build/sitrep)
#   BENCH_DOCS=../shared/eval/corpus/ngec_synthetic.jsonl bench/queue_workers.sh 4500
#                                      real-length texts from a JSONL file (its first NDOCS lines)
set -euo pipefail
SITREP=${SITREP:-build/sitrep}
N=${1:-3000}
command -v nats-server >/dev/null || { echo "nats-server is not installed (scripts/setup.sh queue)"; exit 1; }
T=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$T"' EXIT
if [ -n "${BENCH_DOCS:-}" ]; then
  mkdir -p "$T/in" && head -n "$N" "$BENCH_DOCS" >"$T/in/docs.jsonl"
  N=$(wc -l <"$T/in/docs.jsonl")
else
  python3 tests/e2e/watch/gen_feeds.py "$T/in" $(((N + 99) / 100)) 100
fi
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
GAZ=()
[ -n "${SITREP_GAZETTEER:-}" ] || GAZ=(--gazetteer build/gazetteer.img)

run() { # WORKERS
  local k np ports=() t0 t1 lag
  np=$(port)
  rm -rf "$T/js" "$T/store.db"*
  nats-server -js -sd "$T/js" -a 127.0.0.1 -p "$np" >/dev/null 2>&1 &
  local npid=$!
  PIDS+=($npid)
  sleep 0.5
  "$SITREP" ingest --quiet --nats "nats://127.0.0.1:$np" "$T/in"
  for k in $(seq "$1"); do
    ports+=("$(port)")
    "$SITREP" worker --quiet --nats "nats://127.0.0.1:$np" --db "$T/store.db" "${GAZ[@]}" --status "${ports[-1]}" &
    PIDS+=($!)
  done
  for p in "${ports[@]}"; do
    until [ -n "$(python3 tests/e2e/watch/status.py "$p" uptime_s)" ]; do sleep 0.02; done
  done
  secs=$(python3 tests/e2e/watch/status.py --drain-time "$N" "${ports[@]}" 2>"$T/split")
  cat "$T/split"
  for ((k = ${#PIDS[@]} - 1; k >= 0; k--)); do kill "${PIDS[$k]}" 2>/dev/null || true; done # workers first
  wait 2>/dev/null || true
  PIDS=()
  python3 -c "print(f'$1 worker(s): $N documents in {$secs:.2f} s = {$N / $secs:.0f} documents/s')"
}
run 1 | tee "$T/one"
run 2 | tee "$T/two"
python3 - "$T/one" "$T/two" <<'PY'
import re, sys
r = [float(re.search(r'= (\d+) documents/s', open(p).read()).group(1)) for p in sys.argv[1:]]
print(f'speed-up of 2 workers over 1: {r[1] / r[0]:.2f}x (target >= 1.7x)')
PY
