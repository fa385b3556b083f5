#!/usr/bin/env bash
# bench/serve_load.sh - load benchmark of `sitrep serve` with wrk on loopback
# (not run by ctest). /api/events for one country and one month:
#   A. the same query over and over (answers come from the server's cache)
#   B. rotating over every country x 60 months (bench/serve_load.lua): nearly
#      every request runs the store query
#   C. memory: B repeated until REQUESTS more requests; private memory before and after
#
#   bench/serve_load.sh [DB]     (results appended to bench/results-serve.txt)
# DB default: $DIR/store-$N.db, made by gen_serve_store (bench/gen_serve_store.c,
# N events with sr_store_add) when missing. Env: SITREP (build/sitrep),
# GEN (build/gen_serve_store), N (1000000), DIR (/tmp/sitrep-serve-bench),
# THREADS (server workers, 8), CONNS (wrk connections, 8), SECS (15),
# REQUESTS (200000), OUT (bench/results-serve.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP=${SITREP:-build/sitrep}
GEN=${GEN:-$(dirname "$SITREP")/gen_serve_store}
N=${N:-1000000}
DIR=${DIR:-/tmp/sitrep-serve-bench}
THREADS=${THREADS:-8}
CONNS=${CONNS:-8}
SECS=${SECS:-15}
REQUESTS=${REQUESTS:-200000}
OUT=${OUT:-bench/results-serve.txt}
DB=${1:-$DIR/store-$N.db}
command -v wrk >/dev/null || { echo "wrk is missing: scripts/setup.sh optional (apt-get install wrk)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3"; exit 1; }

if [ ! -f "$DB" ]; then
  [ -x "$GEN" ] || { echo "$GEN is missing: cmake --build $(dirname "$SITREP") --target gen_serve_store"; exit 1; }
  mkdir -p "$(dirname "$DB")"
  echo "generating $N events -> $DB"
  "$GEN" "$DB" "$N"
fi
"$SITREP" db migrate --db "$DB" >/dev/null # a store made by an older build
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
events=$(sqlite3 "file:$DB?mode=ro" "SELECT count(*) FROM events")
countries=$(sqlite3 "file:$DB?mode=ro" "SELECT group_concat(cc, ' ') FROM (SELECT DISTINCT cc FROM events WHERE cc <> '' ORDER BY cc)")
# the busiest country-month: the query of run A
read -r cc month < <(sqlite3 -separator ' ' "file:$DB?mode=ro" \
  "SELECT cc, substr(date, 1, 7) FROM events WHERE cc <> '' AND date >= '2021-01-01' AND date < '2022-01-01' GROUP BY cc, substr(date, 1, 7) ORDER BY count(*) DESC LIMIT 1")

load0=$(cut -d' ' -f1-3 /proc/loadavg) # before this run's own server and wrk add to it
log=$(mktemp)
"$SITREP" serve --db "$DB" --port 0 --threads "$THREADS" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  port=$(sed -n 's|^sitrep serve: http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$log"; exit 1; }
base="http://127.0.0.1:$port"
url="$base/api/events?country=$cc&from=$month-01&to=$month-31"
matching=$(curl -s "$url&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
rss() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
wrkrun() { wrk -t2 -c"$CONNS" -d"$1" --latency "${@:2}"; }
field() { # wrk output, what -> value
  case $2 in
    rps) sed -n 's/^Requests\/sec: *//p' <<<"$1" ;;
    p50) awk '$1 == "50%" {print $2}' <<<"$1" ;;
    p99) awk '$1 == "99%" {print $2}' <<<"$1" ;;
    n) sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$1" ;;
    err) sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<<"$1" ;;
  esac
}
curl -s -o /dev/null "$url"
sleep 0.5
rss0=$(rss VmRSS)
anon0=$(rss RssAnon)

A=$(wrkrun "${SECS}s" "$url")
B=$(COUNTRIES="$countries" wrkrun "${SECS}s" -s bench/serve_load.lua "$base")
# C: memory while answering REQUESTS more uncached queries (the path that allocates)
rssB=$(rss VmRSS)
anonB=$(rss RssAnon)
total=0
while [ $total -lt "$REQUESTS" ]; do
  C=$(COUNTRIES="$countries" wrkrun 20s -s bench/serve_load.lua "$base")
  total=$((total + $(field "$C" n)))
  echo "  C: $total requests, RssAnon $(rss RssAnon) kB" >&2
done
rss1=$(rss VmRSS)
anon1=$(rss RssAnon)
alive=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/stats")

{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) bench/serve_load.sh on $(nproc) cores ($(uname -m)); load before: $load0"
  echo "# store $DB: $events events, $(stat -c %s "$DB") bytes; server: --threads $THREADS; wrk -t2 -c$CONNS -d${SECS}s"
  echo "A same query, cached      /api/events?country=$cc&from=$month-01&to=$month-31 ($matching events, first 100 returned):"
  echo "    $(field "$A" rps) requests/s, p50 $(field "$A" p50), p99 $(field "$A" p99), $(field "$A" n) requests${A:+ $(field "$A" err | sed 's/^./non-2xx: &/')}"
  echo "B one country-month each, rotating over $(wc -w <<<"$countries") countries x 60 months (store query per request):"
  echo "    $(field "$B" rps) requests/s, p50 $(field "$B" p50), p99 $(field "$B" p99), $(field "$B" n) requests${B:+ $(field "$B" err | sed 's/^./non-2xx: &/')}"
  echo "C memory: RssAnon (private) ${anon0} kB at start, ${anonB} kB after A+B, ${anon1} kB after $total more uncached requests"
  echo "    (VmRSS ${rss0} -> ${rssB} -> ${rss1} kB: it also counts the store's pages mapped by each worker, mmap_size,"
  echo "    which are the OS file cache, resident once); /api/stats after it all: $alive"
  echo
} | tee -a "$OUT"
