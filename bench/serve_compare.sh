#!/usr/bin/env bash
# bench/serve_compare.sh - run B of bench/serve_load.sh (a different country-month on every
# request, 1M-event store) against this build and a release, interleaved (release, this,
# release, this ...) so that both see the same machine load; prints requests/s and p99 of
# each run and the ratio of the sums.
#   SITREP_BASE=/path/to/release/sitrep bench/serve_compare.sh DB [BASE_DB]
# BASE_DB: the store the release reads (default DB). A release before schema 6 cannot read a
# migrated store: give it its own copy of the same data (the store as that release made it).
# Env: SITREP (build/sitrep), ROUNDS (3), SECS (10), THREADS (8), CONNS (8).
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP=${SITREP:-build/sitrep}
BASE=${SITREP_BASE:?set SITREP_BASE to the release build}
DB=${1:?usage: bench/serve_compare.sh DB [BASE_DB]}
BDB=${2:-$DB}
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-10}
THREADS=${THREADS:-8}
CONNS=${CONNS:-8}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)"; exit 1; }
countries=$(sqlite3 "file:$DB?mode=ro" "SELECT group_concat(cc, ' ') FROM (SELECT DISTINCT cc FROM events WHERE cc <> '' ORDER BY cc)")
T=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
"$BASE" serve --db "$BDB" --port 0 --threads "$THREADS" >/dev/null 2>"$T/base.log" &
pids+=($!)
"$SITREP" serve --db "$DB" --port 0 --threads "$THREADS" >/dev/null 2>"$T/this.log" &
pids+=($!)
port_of() { # NAME -> port (waits up to 10 s for the server's first line)
  local port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's|^sitrep serve: http://[^:]*:\([0-9]*\)/.*|\1|p' "$T/$1.log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$T/$1.log" >&2; exit 1; }
  echo "$port"
}
pb=$(port_of base)
pm=$(port_of this)
run() { # port -> "rps p99"
  local o
  o=$(COUNTRIES="$countries" wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s bench/serve_load.lua "http://127.0.0.1:$1")
  echo "$(sed -n 's/^Requests\/sec: *//p' <<<"$o") $(awk '$1 == "99%" {print $2}' <<<"$o")"
}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) bench/serve_compare.sh, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# B (one country-month per request), wrk -t2 -c$CONNS ${SECS}s x $ROUNDS rounds, --threads $THREADS"
sb=0 sm=0
for r in $(seq 1 "$ROUNDS"); do
  read -r rb qb < <(run "$pb")
  read -r rm qm < <(run "$pm")
  echo "round $r: release $rb requests/s (p99 $qb), this build $rm requests/s (p99 $qm)"
  sb=$(echo "$sb + $rb" | bc) sm=$(echo "$sm + $rm" | bc)
done
echo "ratio this build / release: $(echo "scale=2; $sm / $sb" | bc)x"
