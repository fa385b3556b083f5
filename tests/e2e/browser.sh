#!/usr/bin/env bash
# tests/e2e/browser.sh - the map page in a real browser: headless Debian
# chromium driven by npm playwright-core (tests/e2e/browser.mjs) against
# `sitrep serve` on a store of tests/serve/reports.jsonl plus
# tests/e2e/browser_more.jsonl (a report from 2006, so the store spans more
# than 3,660 days; an undated report without a URL; one sentence giving an
# event two reports from one document; an actor with a long name).
# Screenshots: $ARTEFACTS (default: next to $SITREP, in artefacts/browser/).
# Exit 77 (ctest: skipped) when chromium, node or playwright-core is missing;
# `scripts/setup.sh browser` installs them.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
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
"$SITREP" serve --help >/dev/null 2>&1 || { echo "FAIL: $SITREP has no serve command"; exit 1; }

tmp=$(mktemp -d)
trap 'serve_stop; rm -rf "$tmp"' EXIT
serve_store "$tmp"
"$SITREP" ingest --quiet --db "$tmp/store.db" tests/e2e/browser_more.jsonl ||
  { echo "FAIL: sitrep ingest of tests/e2e/browser_more.jsonl"; exit 1; }
serve_start "$tmp/store.db"
if ! curl -sf "$BASE/vendor/leaflet.js" -o /dev/null; then
  echo "SKIP: this build has no map assets (run scripts/setup.sh deps, then re-run cmake)"
  exit 77
fi

ARTEFACTS=${ARTEFACTS:-$(dirname "$SITREP")/artefacts/browser}
PLAYWRIGHT_CORE=$PLAYWRIGHT_CORE CHROMIUM=$CHROMIUM HOME=$tmp \
  timeout 480 node tests/e2e/browser.mjs "$BASE" "$ARTEFACTS"
rc=$?
echo "screenshots: $ARTEFACTS"
exit $rc
