#!/usr/bin/env bash
# bench/map_first_picture.sh - time to the map page's first picture on a large store, in
# headless Debian chromium (npm playwright-core, as tests/e2e/browser.sh), not run by ctest.
#
#   bench/map_first_picture.sh [DB]      (results appended to bench/results-map.txt)
#
# First picture: from the start of navigation to the later of the land drawn (performance
# mark "sitrep-land", web/basemap.js) and the event grid drawn ("sitrep-grid",
# web/aggregate.js). Run 1 opens the page as soon as the server listens (its event points
# are still being read); runs 2..RUNS open it in a fresh browser context each (no HTTP
# cache). Then PANS pans of 300 px: time from the pan to the new view's grid drawn.
# DB default: $DIR/store-$N.db, made by gen_serve_store (bench/gen_serve_store.c) when
# missing (about 6 minutes for 1M events here). Env: SITREP (build/sitrep), GEN
# (build/gen_serve_store), N (1000000), DIR (/tmp/sitrep-serve-bench), RUNS (6), PANS (10),
# CHROMIUM (/usr/bin/chromium), PLAYWRIGHT_CORE, OUT (bench/results-map.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP=${SITREP:-build/sitrep}
GEN=${GEN:-$(dirname "$SITREP")/gen_serve_store}
N=${N:-1000000}
DIR=${DIR:-/tmp/sitrep-serve-bench}
OUT=${OUT:-bench/results-map.txt}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SITREP_HOME=${SITREP_HOME:-${HOME:-/root}/.cache/sitrep}
PLAYWRIGHT_CORE=${PLAYWRIGHT_CORE:-$SITREP_HOME/node_modules/playwright-core}
DB=${1:-$DIR/store-$N.db}
[ -x "$CHROMIUM" ] && [ -f "$PLAYWRIGHT_CORE/package.json" ] ||
  { echo "chromium or playwright-core missing: scripts/setup.sh browser"; exit 1; }
if [ ! -f "$DB" ]; then
  [ -x "$GEN" ] || { echo "$GEN is missing: cmake --build $(dirname "$SITREP") --target gen_serve_store"; exit 1; }
  mkdir -p "$(dirname "$DB")"
  echo "generating $N events -> $DB"
  "$GEN" "$DB" "$N"
fi
"$SITREP" db migrate --db "$DB" >/dev/null # a store made by an older build

log=$(mktemp)
"$SITREP" serve --db "$DB" --port 0 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 200); do
  port=$(sed -n 's|^sitrep serve: http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { cat "$log"; exit 1; }
result=$(PLAYWRIGHT_CORE=$PLAYWRIGHT_CORE CHROMIUM=$CHROMIUM RUNS=${RUNS:-6} PANS=${PANS:-10} \
  node bench/map_first_picture.mjs "http://127.0.0.1:$port")
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) bench/map_first_picture.sh $DB ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$result"
} | tee -a "$OUT"
