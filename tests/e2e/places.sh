#!/usr/bin/env bash
# tests/e2e/places.sh - `sitrep places` lists place names with their resolution.
#   SITREP=build/sitrep bash tests/e2e/places.sh   (needs the gazetteer image; skips without)
set -uo pipefail

SITREP=${SITREP:-build/sitrep}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
if ! "$SITREP" places "Fighting in Aleppo." >/dev/null 2>"$T/err"; then
  if grep -q "gazetteer" "$T/err"; then echo "SKIP: no gazetteer image"; exit 0; fi
fi

# name as written -> expected resolved name and country, via --json
expect_place() { # description text written want_name want_cc
  local what=$1 text=$2 written=$3 name=$4 cc=$5
  "$SITREP" places --json "$text" >"$T/out" 2>"$T/err"
  if python3 - "$T/out" "$written" "$name" "$cc" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hit = [r for r in rows if r["text"] == sys.argv[2]]
ok = bool(hit) and hit[0]["resolved"] is not None and hit[0]["resolved"]["name"] == sys.argv[3] \
     and hit[0]["resolved"]["country"] == sys.argv[4]
sys.exit(0 if ok else 1)
PY
  then ok "$what"; else fail "$what"; sed 's/^/  | /' "$T/out" | head -5; fi
}

expect_dropped() { # description text written
  local what=$1 text=$2 written=$3
  "$SITREP" places --json "$text" >"$T/out" 2>"$T/err"
  if python3 - "$T/out" "$written" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if all(r["text"] != sys.argv[2] or r["resolved"] is None for r in rows) else 1)
PY
  then ok "$what"; else fail "$what"; sed 's/^/  | /' "$T/out" | head -5; fi
}

command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }

expect_place "transliteration: Dayr az Zawr" "Clashes erupted in Dayr az Zawr on Monday." "Dayr az Zawr" "Deir ez-Zor" SY
expect_place "a leading 'Abu' is part of the name" "Shells fell near Abu Kamal overnight." "Abu Kamal" "Ālbū Kamāl" SY
expect_place "'Umm' stays in the name" "Troops entered Umm Qasr on Friday." "Umm Qasr" "Umm Qaşr" IQ
expect_place "supplement village" "Jets struck Hamdan near Abu Kamal." "Hamdan" "Hamdan" SY
expect_dropped "a vessel's name is no place" "Rebels fired at the ferry Gao near Bourem." "Gao"
expect_dropped "'Air Base' is no place" "Drones hit Air Base 201 near Agadez." "Air"

# "N km DIR of X" in `sitrep code` output: an offset point with km_offset and bearing
echo "Al-Shabaab fighters attacked an army base 30 km north-west of Mogadishu on Monday." |
  "$SITREP" code >"$T/out" 2>"$T/err"
if python3 - "$T/out" <<'PY'
import json, math, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
l = ev[0]["location"] if ev else None
ok = l is not None and l["precision"] == "near" and l["km_offset"] == 30.0 and l["bearing"] == 315
# the point is 30 km from Mogadishu (2.0371, 45.3438), to the north-west
if ok:
    dy = (l["lat"] - 2.0371) * 111.2
    dx = (l["lon"] - 45.3438) * 111.2 * math.cos(math.radians(2.04))
    ok = abs(math.hypot(dx, dy) - 30) < 1.5 and dx < 0 and dy > 0
sys.exit(0 if ok else 1)
PY
then ok "offset point with km_offset/bearing"; else fail "offset point"; sed 's/^/  | /' "$T/out" | head -3; fi

echo "Turkish jets struck positions north of Aleppo on Monday." | "$SITREP" code >"$T/out" 2>"$T/err"
if python3 - "$T/out" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
l = ev[0]["location"] if ev else None
sys.exit(0 if l and l["precision"] == "near" and l["km_offset"] is None and l["bearing"] == 0 else 1)
PY
then ok "'north of X': bearing without distance"; else fail "'north of X'"; sed 's/^/  | /' "$T/out" | head -3; fi

# table output and exit codes
"$SITREP" places "Fighting in Aleppo and Idlib." >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "^focus: SY" "$T/out" && grep -q "Idlib" "$T/out" && ok "table output, exit 0" ||
  fail "table output (exit $rc)"
echo "Fighting in Homs." | "$SITREP" places >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && grep -q "Homs" "$T/out" && ok "reads standard input" || fail "standard input"
"$SITREP" places "nothing to see here" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] && ok "no place: exit 1" || fail "no place: want exit 1"
"$SITREP" places --no-such-option >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && ok "bad option: exit 2" || fail "bad option: want exit 2"
printf 'bin\000\000\000\000\000\000\000\000ary' | "$SITREP" places >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q "binary" "$T/err" && ok "binary input refused with a message" || fail "binary input"

if [ "$fails" -ne 0 ]; then
  echo "places: $fails failure(s)"
  exit 1
fi
echo "places: all passed"
