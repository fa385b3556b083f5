#!/usr/bin/env bash
# situation_names.sh - a place's shown spelling: the reports' own, not a dateline's capitals
# ("HAJIN, Syria, Nov 27 -" in data/examples/demo_report.txt reads "Hajin (Hajīn)").
set -u
SITREP=${SITREP:-build/sitrep}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
"$SITREP" ingest --quiet --db "$T/s.db" --date 2018-11-27 data/examples/demo_report.txt || { echo "FAIL: ingest"; exit 1; }
"$SITREP" situation --db "$T/s.db" --as-of 2018-11-27 --days 7 >"$T/out" || { echo "FAIL: situation"; exit 1; }
if grep -q "Hajin (Hajīn)" "$T/out"; then echo "ok: Hajin (Hajīn)"; else echo "FAIL: no 'Hajin (Hajīn)'"; fail=1; fi
if grep -v '"' "$T/out" | grep -q "HAJIN"; then echo "FAIL: the dateline's capitals shown outside quotes"; fail=1; else echo "ok: no capitals outside the evidence"; fi
[ $fail -eq 0 ] && echo PASS || { cat "$T/out"; exit 1; }
