#!/usr/bin/env bash
# tests/e2e/situation_seed.sh - acceptance of the situation picture (issue 4):
# the seed article plus the week's reports in tests/store/seed_week/ are
# ingested into a fresh store, and `sitrep situation` for Syria must state,
# each on a line with an evidence quote:
#   IS besieged near Hajin by the SDF; IS attacking the army near Abu Kamal
#   and pulling west; the army advancing on the IS pocket in Suwayda; HTS
#   going after IS in Idlib; Hezbollah moving from Deir ez-Zor towards Aleppo.
# The seed carries no date; it is ingested with --date 2018-09-13 (Operation
# Round Up, which it reports as under way, began on 10-11 September 2018).
#   SITREP=build/sitrep bash tests/e2e/situation_seed.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
SEED=${SHARED:-../shared}/seed/000_a3f8a9ac8286ba8d.txt
WEEK=tests/store/seed_week/week.jsonl
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
[ -f "$SEED" ] || { echo "SKIP: $SEED not found"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

DB="$T/week.db"
"$SITREP" ingest --db "$DB" --date 2018-09-13 "$SEED" >"$T/ingest1.out" 2>&1 || { cat "$T/ingest1.out"; fail "ingest seed"; }
"$SITREP" ingest --db "$DB" "$WEEK" >"$T/ingest2.out" 2>&1 || { cat "$T/ingest2.out"; fail "ingest week"; }

"$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 >"$T/sit.txt" 2>"$T/sit.err" ||
  { cat "$T/sit.err"; fail "situation exited $?"; }
echo "---- situation (text)"
cat "$T/sit.txt"
echo "----"

# expect LABEL REGEX...: one line of the report matches every REGEX and quotes evidence
expect() {
  local label=$1; shift
  local lines
  lines=$(grep -E -- "$1" "$T/sit.txt")
  shift
  for re in "$@"; do lines=$(printf '%s\n' "$lines" | grep -E -- "$re"); done
  if printf '%s\n' "$lines" | grep -q '"'; then ok "$label"; else fail "$label: no line matching all patterns with an evidence quote"; fi
}
expect "IS besieged near Hajin by the SDF" \
  'Islamic State besieged by Syrian Democratic Forces' 'Haj[iī]n' 'reports?'
expect "IS attacking the army near Abu Kamal" \
  'Islamic State (attacking|attacked) Syrian government forces' '(Abu Kamal|Ālbū Kamāl|Bukamal|Hamdan)'
expect "IS pulling west" \
  'Islamic State withdrawing' 'pulling west'
expect "army advancing on the IS pocket in Suwayda" \
  'Syrian government forces advancing on Islamic State' '(Suwayda|Tulul al-Safa)'
expect "HTS going after IS in Idlib" \
  'Hayat Tahrir al-Sham (attacking|arresting|attacked) Islamic State' 'Idlib'
expect "Hezbollah moving from Deir ez-Zor towards Aleppo" \
  'Hezbollah moving from Deir ez-Zor towards Aleppo'
# the area headlines
grep -qE '^Deir ez-Zor, SY: .*besieged' "$T/sit.txt" && ok "Deir ez-Zor headline" || fail "Deir ez-Zor headline"
grep -qE '^Suwayda, SY: .*advancing' "$T/sit.txt" && ok "Suwayda headline" || fail "Suwayda headline"

# JSON and GeoJSON parse and carry the same facts
if command -v python3 >/dev/null; then
  "$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 --format json >"$T/sit.json" || fail "json"
  python3 - "$T/sit.json" <<'PY' && ok "json structure" || fail "json structure"
import json, sys
d = json.load(open(sys.argv[1]))
rels = {(f["relation"], (f["source"] or {}).get("id"), (f["target"] or {}).get("id"))
        for a in d["areas"] for f in a["facts"]}
assert ("siege", "SDF", "ISIS") in rels, rels
assert ("advance", "SYRGOV", "ISIS") in rels, rels
assert any(m["actor"]["id"] == "HEZBOLLAH" for m in d["movements"]), d["movements"]
PY
  "$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 --format geojson >"$T/sit.geojson" || fail "geojson"
  python3 - "$T/sit.geojson" <<'PY' && ok "geojson structure" || fail "geojson structure"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "FeatureCollection"
kinds = [f["geometry"]["type"] for f in d["features"]]
assert "Point" in kinds and "LineString" in kinds, kinds
PY
fi

# events queries on the same store: alias resolution, near, formats
n=$("$SITREP" events --db "$DB" --actor Daesh --count 2>&1)
[ "${n:-0}" -gt 5 ] 2>/dev/null && ok "--actor Daesh -> ISIS ($n events)" || fail "--actor Daesh count: $n"
n=$("$SITREP" events --db "$DB" --near Hajin --km 20 --count 2>&1)
[ "${n:-0}" -ge 2 ] 2>/dev/null && ok "--near Hajin --km 20 ($n events)" || fail "--near Hajin count: $n"
n=$("$SITREP" events --db "$DB" --action 191 --source SDF --count 2>&1)
[ "${n:-0}" -ge 1 ] 2>/dev/null && ok "--action 191 --source SDF ($n)" || fail "--action 191 --source SDF: $n"
n=$("$SITREP" events --db "$DB" --text "besieged Hajin" --count 2>&1)
[ "${n:-0}" -ge 1 ] 2>/dev/null && ok "--text ($n)" || fail "--text: $n"
"$SITREP" events --db "$DB" --format csv >"$T/ev.csv" && head -1 "$T/ev.csv" | grep -q '^event_date,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,geo_precision,source,notes,report_count' &&
  ok "csv header" || fail "csv header"
"$SITREP" events --db "$DB" --format tsv | head -1 | grep -q '^GlobalEventID	Day	Actor1Code' && ok "tsv header" || fail "tsv header"
if command -v python3 >/dev/null; then
  python3 -c "import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=''))); assert len(rows)>5 and all(len(r)==13 for r in rows), [len(r) for r in rows]" "$T/ev.csv" &&
    ok "csv parses, 13 columns" || fail "csv columns"
  "$SITREP" events --db "$DB" --format geojson | python3 -c "import json,sys; d=json.load(sys.stdin); assert len(d['features'])>5" &&
    ok "events geojson" || fail "events geojson"
  "$SITREP" events --db "$DB" --limit 3 --offset 2 | python3 -c "import json,sys; r=[json.loads(l) for l in sys.stdin]; assert len(r)==3; assert all(x['date'] for x in r)" &&
    ok "jsonl paging" || fail "jsonl paging"
fi

[ "$fails" -eq 0 ] && echo "PASS situation_seed" || { echo "FAILED: $fails"; exit 1; }
