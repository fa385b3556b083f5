#!/usr/bin/env bash
# tests/e2e/situation_seed.sh - acceptance of the situation picture (issue 4):
# the seed article plus the week's reports in tests/store/seed_week/ are
# ingested into a fresh store, and `sitrep situation` for Syria must state,
# each on a line with an evidence quote:
#   IS reported besieged near Hajin by the SDF ("reported": the date is the
#   first report's, not the siege's start); IS attacking the army near Abu
#   Kamal and pulling west; the army advancing on the IS pocket in Suwayda; HTS
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
  'Islamic State reported besieged by Syrian Democratic Forces' 'Haj[iī]n' 'reports?'
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
"$SITREP" events --db "$DB" --format csv >"$T/ev.csv" && head -1 "$T/ev.csv" | grep -q '^event_id,event_date,time_precision,event_type,sub_event_type,disorder_type,actor1,inter1,actor2,inter2,country,admin1,location,latitude,longitude,geo_precision,fatalities,injured,source,url,notes,report_count,origin' &&
  ok "csv header" || fail "csv header"
"$SITREP" events --db "$DB" --format tsv | head -1 | grep -q '^GlobalEventID	Day	Actor1Code' && ok "tsv header" || fail "tsv header"
"$SITREP" events --db "$DB" --format acled >"$T/ev.acled.csv" || fail "acled export"
if command -v python3 >/dev/null; then
  python3 -c "import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=''))); assert len(rows)>5 and all(len(r)==23 for r in rows), [len(r) for r in rows]" "$T/ev.csv" &&
    ok "csv parses, 23 columns" || fail "csv columns"
  python3 - "$T/ev.acled.csv" <<'PY' && ok "acled export: ACLED's header, every row complete" || fail "acled export"
import csv, sys
ACLED = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
         "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
         "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
         "notes,fatalities,tags,timestamp").split(",")
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows and list(rows[0].keys()) == ACLED, list(rows[0].keys())
for r in rows:
    assert r["event_id_cnty"].startswith("SYR"), r["event_id_cnty"]
    assert r["country"] == "Syria" and r["iso"] == "760" and r["region"] == "Middle East", r
    assert r["year"] == r["event_date"][:4] and r["time_precision"] in ("1", "2", "3"), r
    assert r["fatalities"].isdigit(), r
    assert not r["inter1"] or r["interaction"].startswith(min(r["inter1"], r["inter2"] or "9")), r
PY
  "$SITREP" events --db "$DB" --format geojson | python3 -c "
import json,sys
d=json.load(sys.stdin); assert len(d['features'])>5
for f in d['features']:
    assert all(not isinstance(v, (dict, list)) for v in f['properties'].values()), f['properties']
    assert {'source_id','root','place','fatalities','disorder'} <= set(f['properties'])" &&
    ok "events geojson: flat properties" || fail "events geojson"
  for layer in points lines; do
    "$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 --format $layer | python3 -c "
import json,sys
want = {'points': 'Point', 'lines': 'LineString'}[sys.argv[1]]
d=json.load(sys.stdin); assert d['features'], d
for f in d['features']:
    assert f['geometry']['type'] == want, f
    assert all(not isinstance(v, (dict, list)) for v in f['properties'].values()), f['properties']" $layer &&
      ok "situation $layer layer: one geometry type, flat properties" || fail "situation $layer layer"
  done
  "$SITREP" events --db "$DB" --limit 3 --offset 2 | python3 -c "import json,sys; r=[json.loads(l) for l in sys.stdin]; assert len(r)==3; assert all(x['date'] for x in r)" &&
    ok "jsonl paging" || fail "jsonl paging"
fi

# every JSON output against docs/schema/sitrep.schema.json
schema() { # DEF COMMAND...
  local def=$1
  shift
  "$@" >"$T/schema.in" 2>/dev/null && python3 scripts/validate-json.py "$def" "$T/schema.in" >"$T/schema.out" 2>&1 &&
    ok "schema: $def ($2 ${*: -1})" || fail "schema: $def: $(head -3 "$T/schema.out")"
}
schema event_row "$SITREP" events --db "$DB"
schema events_geojson "$SITREP" events --db "$DB" --format geojson
schema situation "$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 --format json
schema situation_geojson "$SITREP" situation --db "$DB" --as-of 2018-09-14 --country SY --days 14 --format geojson
schema situation_layer "$SITREP" situation --db "$DB" --as-of 2018-09-14 --days 14 --format points
schema situation_layer "$SITREP" situation --db "$DB" --as-of 2018-09-14 --days 14 --format lines
schema stats "$SITREP" stats --db "$DB" --json

[ "$fails" -eq 0 ] && echo "PASS situation_seed" || { echo "FAILED: $fails"; exit 1; }
