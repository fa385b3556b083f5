#!/usr/bin/env bash
# tests/e2e/situation_scenario.sh - the situation picture against the scenario gold (Donetsk
# August-October 2024, Syria November-December 2024)
# (tests/scenario/*.gold.json, scored by scripts/eval-situation.py): control statements
# precision >= 0.9 and recall >= 0.8, movements precision >= 0.9. The scorer itself must
# fail a gold file with a wrong holder and a wrong movement (so the bars can fail), and the
# window must count exactly the days it names.
#   SITREP=build/sitrep bash tests/e2e/situation_scenario.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 0; }
if ! "$SITREP" places "Fighting in Pokrovsk." >/dev/null 2>&1; then echo "SKIP: no gazetteer image"; exit 0; fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 scripts/eval-situation.py --sitrep "$SITREP" --verbose >"$T/eval.out" 2>&1
rc=$?
cat "$T/eval.out"
[ $rc -eq 0 ] && ok "scenario: every bar met" || fail "scenario: eval exited $rc"

# the scorer can fail: a holder swapped and a movement reversed in a copy of the gold
G=tests/scenario/donetsk2024.gold.json
python3 - "$G" "$T/bad.gold.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
for c in g["control"]:
    c["holder"] = "UKRMIL"
for m in g["movements"]:
    m["from"], m["to"] = m["to"], m["from"]
g["reports"] = __import__("os").path.abspath(__import__("os").path.join(__import__("os").path.dirname(sys.argv[1]), g["reports"]))
json.dump(g, open(sys.argv[2], "w"))
PY
python3 scripts/eval-situation.py --sitrep "$SITREP" "$T/bad.gold.json" >"$T/bad.out" 2>&1
rc=$?
[ $rc -eq 1 ] && grep -q "control precision" "$T/bad.out" && grep -q "movement precision" "$T/bad.out" &&
  ok "a wrong gold fails the bars" || { cat "$T/bad.out"; fail "a wrong gold passed (exit $rc)"; }

# the window: --as-of D --days N counts D-N+1..D, both ends included, and says so
DB="$T/s.db"
"$SITREP" ingest --db "$DB" tests/scenario/donetsk2024.jsonl >/dev/null 2>&1 || fail "ingest"
for args in "2024-08-19 1" "2024-08-19 5" "2024-08-31 17" "2024-10-31 78"; do
  set -- $args
  "$SITREP" situation --db "$DB" --as-of "$1" --days "$2" --format json >"$T/w.json" || fail "situation $args"
  "$SITREP" situation --db "$DB" --as-of "$1" --days "$2" >"$T/w.txt" || fail "situation text $args"
  first=$(python3 -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) - datetime.timedelta(days=int(sys.argv[2]) - 1))" "$1" "$2")
  want=$("$SITREP" events --db "$DB" --from "$first" --to "$1" --count)
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['events'] + d['unlocated'], d['from'])" "$T/w.json")
  [ "$got" = "$want $first" ] && ok "window $args: $first..$1, $want events" || fail "window $args: got '$got', want '$want $first'"
  unit=days; [ "$2" = 1 ] && unit=day
  head -1 "$T/w.txt" | grep -q "($2 $unit, $first\.\.$1 inclusive)" && ok "header $args" || fail "header $args: $(head -1 "$T/w.txt")"
done
# plurals: one event from one report
"$SITREP" situation --db "$DB" --as-of 2024-08-19 --days 1 | head -1 | grep -q ': 1 located event from 1 report$' &&
  ok "plurals: 1 located event from 1 report" || fail "plurals: $("$SITREP" situation --db "$DB" --as-of 2024-08-19 --days 1 | head -1)"

[ "$fails" -eq 0 ] && echo "PASS situation_scenario" || { echo "FAILED: $fails"; exit 1; }
