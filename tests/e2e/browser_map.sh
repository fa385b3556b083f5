#!/usr/bin/env bash
# tests/e2e/browser_map.sh - the base map (provinces, place labels), the areas of control
# and the event grid of a large store (issue 12) in headless Debian chromium driven by npm
# playwright-core (tests/e2e/browser_map.mjs), at laptop and phone size, against two
# `sitrep serve`s: one on a store of tests/serve/reports.jsonl, one on a synthetic store of
# 8,000 events (bench/gen_serve_store.c), more than the page draws one by one.
# Screenshots: $ARTEFACTS (default: next to $SITREP, in artefacts/browser-map/).
# Exit 77 (ctest: skipped) when chromium, node or playwright-core is missing;
# `scripts/setup.sh browser` installs them.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
GEN=${GEN:-$(dirname "$SITREP")/gen_serve_store}
. tests/serve/lib.sh

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SITREP_HOME=${SITREP_HOME:-${HOME:-/root}/.cache/sitrep}
PLAYWRIGHT_CORE=${PLAYWRIGHT_CORE:-$SITREP_HOME/node_modules/playwright-core}
skip() {
  echo "SKIP: $1 (install with: scripts/setup.sh browser)"
  exit 77
}
[ -x "$CHROMIUM" ] || skip "no chromium at $CHROMIUM"
command -v node >/dev/null 2>&1 || skip "no node"
[ -f "$PLAYWRIGHT_CORE/package.json" ] || skip "no playwright-core in $PLAYWRIGHT_CORE"
[ -x "$GEN" ] || { echo "FAIL: $GEN is missing (cmake --build BUILD --target gen_serve_store)"; exit 1; }

tmp=$(mktemp -d)
BIG_PID=
trap 'serve_stop; [ -n "$BIG_PID" ] && kill "$BIG_PID" 2>/dev/null; rm -rf "$tmp"' EXIT
serve_store "$tmp"
"$GEN" "$tmp/big.db" 8000 >/dev/null 2>&1 || { echo "FAIL: $GEN $tmp/big.db 8000"; exit 1; }

# the large store's server first (serve_start keeps one server in its variables)
serve_start "$tmp/big.db"
BIG_BASE=$BASE BIG_PID=$SERVE_PID
SERVE_PID=
serve_start "$tmp/store.db"
if ! curl -sf "$BASE/vendor/leaflet.js" -o /dev/null; then
  echo "SKIP: this build has no map assets (run scripts/setup.sh deps, then re-run cmake)"
  exit 77
fi
curl -sf "$BASE/vendor/admin1.json" -o /dev/null ||
  { echo "FAIL: no /vendor/admin1.json: the build has no provinces (scripts/setup.sh deps, then re-run cmake)"; exit 1; }

ARTEFACTS=${ARTEFACTS:-$(dirname "$SITREP")/artefacts/browser-map}
PLAYWRIGHT_CORE=$PLAYWRIGHT_CORE CHROMIUM=$CHROMIUM HOME=$tmp \
  timeout 540 node tests/e2e/browser_map.mjs "$BASE" "$ARTEFACTS" "$BIG_BASE"
rc=$?
echo "screenshots: $ARTEFACTS"
exit $rc
