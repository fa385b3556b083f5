#!/usr/bin/env bash
# tests/e2e/gazetteer_districts.sh - the districts, regions and towns that the gazetteer
# supplement (data/places/supplement.tsv) adds resolve, as their best candidate, to the right
# country within 2 km of the listed point (tests/data/gazetteer_districts.tsv: NAME CC LAT LON).
#   SITREP=build/sitrep bash tests/e2e/gazetteer_districts.sh   (needs the gazetteer image; skips without)
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
LIST=tests/data/gazetteer_districts.tsv
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
"$SITREP" gazetteer info >/dev/null 2>&1 || { echo "SKIP: no gazetteer image"; exit 0; }
names=()
while IFS=$'\t' read -r name _; do [ -n "$name" ] && names+=("$name"); done <"$LIST"
"$SITREP" gazetteer lookup "${names[@]}" -n 1 >"${TMPDIR:-/tmp}/gzd.$$" 2>&1
python3 - "$LIST" "${TMPDIR:-/tmp}/gzd.$$" <<'PY'
import math, re, sys
want = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
got, cur = {}, None
for line in open(sys.argv[2]):
    m = re.match(r"^(\S.*?)  \(key ", line)
    if m:
        cur = m.group(1)
        continue
    m = re.match(r"^  .*?\s([A-Z]{2})\s.*\s(-?\d+\.\d+)\s+(-?\d+\.\d+)\s+id ", line)
    if m and cur is not None and cur not in got:
        got[cur] = (m.group(1), float(m.group(2)), float(m.group(3)))
def km(a, b, c, d):
    a, b, c, d = map(math.radians, (a, b, c, d))
    h = math.sin((c - a) / 2) ** 2 + math.cos(a) * math.cos(c) * math.sin((d - b) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))
fails = 0
for name, cc, lat, lon in want:
    g = got.get(name)
    if not g or g[0] != cc or km(float(lat), float(lon), g[1], g[2]) > 2.0:
        print(f"FAIL: {name}: want {cc} {lat} {lon}, got {g}")
        fails += 1
print(f"{len(want) - fails}/{len(want)} names resolve as listed")
sys.exit(1 if fails else 0)
PY
rc=$?
rm -f "${TMPDIR:-/tmp}/gzd.$$"
exit $rc
