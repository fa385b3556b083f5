#!/usr/bin/env bash
# tests/e2e/serve_map_api.sh - the map endpoints of `sitrep serve` (issue 12, src/serve/api_map.c):
# /api/map/places (base-map labels by bbox and zoom, across the antimeridian, capped) and
# /api/map/grid (events per grid cell, equal to what /api/events counts for the same
# filters), their 400/404/405 answers, and every JSON answer against docs/schema.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
. tests/serve/lib.sh

fails=0
ok() { echo "ok   $*"; }
bad() {
  echo "FAIL $*"
  fails=$((fails + 1))
}
tmp=$(mktemp -d)
trap 'serve_stop; rm -rf "$tmp"' EXIT
serve_store "$tmp"
serve_start "$tmp/store.db"
n=0
# get PATH DEF [STATUS]: the answer in $tmp/body, kept for the schema check as DEF
get() {
  local code
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$BASE$1")
  n=$((n + 1))
  cp "$tmp/body" "$tmp/$2.$n.json"
  [ "$code" = "${3:-200}" ] || bad "$1: status $code, expected ${3:-200}: $(head -c 200 "$tmp/body")"
}
py() { python3 -c "import json,sys; d=json.load(open('$tmp/body')); $1"; }

# ---- labels
get "/api/map/places?bbox=35,32,42,37.5&zoom=6" map_places
names=$(py "print(' '.join(p['name'] for p in d['places']))")
case " $names " in *" Damascus "*" Aleppo "* | *" Aleppo "*" Damascus "*) ok "zoom 6 over Syria: Damascus and Aleppo" ;; *) bad "zoom 6 over Syria: $names" ;; esac
py "sys.exit(0 if d['places'][0]['kind'] == 'capital' else 1)" && ok "a capital comes first" || bad "first label: $(head -c 200 "$tmp/body")"
get "/api/map/places?bbox=-180,-85,180,85&zoom=3&limit=500" map_places
py "sys.exit(0 if all(p['kind'] == 'capital' or p['population'] >= 1000000 for p in d['places']) else 1)" &&
  ok "zoom 3: capitals and cities of a million only ($(py "print(len(d['places']))"))" || bad "zoom 3 has small places"
get "/api/map/places?bbox=40.3,34.9,40.6,35.1&zoom=11" map_places
py "sys.exit(0 if any(p['kind'] == 'place' and p['population'] < 20000 for p in d['places']) else 1)" &&
  ok "zoom 11 over Deir ez-Zor: villages ($(py "print(len(d['places']))"))" || bad "zoom 11: no village: $(head -c 300 "$tmp/body")"
get "/api/map/places?bbox=-180,-85,180,85&zoom=12&limit=7" map_places
[ "$(py "print(len(d['places']))")" = 7 ] && ok "limit caps the rows" || bad "limit=7: $(py "print(len(d['places']))") rows"
for bb in "170,-30,-170,0" "530,-30,550,0" "-190,-30,-170,0"; do
  get "/api/map/places?bbox=$bb&zoom=5" map_places
  py "l=[p['lon'] for p in d['places']]; sys.exit(0 if any(x > 170 for x in l) and any(x < -170 for x in l) and all(abs(x) >= 170 for x in l) else 1)" &&
    ok "antimeridian bbox $bb: places on both sides, none outside" || bad "bbox $bb: $(head -c 300 "$tmp/body")"
done

# ---- grid: the cells add up to /api/events's located events for the same filters
read -r first last < <(curl -s "$BASE/api/stats" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['first_date'], d['last_date'])")
located() { curl -s "$BASE/api/events.geojson?limit=1000&$1" | python3 -c "import json,sys; print(sum(1 for f in json.load(sys.stdin)['features'] if f['geometry']))"; }
for q in "" "to=$first" "from=$last" "actor=ISIS" "actor=ISIS&to=$last"; do
  get "/api/map/grid?bbox=-180,-90,180,90&zoom=4${q:+&$q}" map_grid
  got=$(py "print(sum(c['n'] for c in d['cells']), d['events'])")
  want=$(located "$q")
  [ "$got" = "$want $want" ] && ok "grid ${q:-(all)}: $want events in the cells, as /api/events" || bad "grid ${q:-(all)}: cells/events $got, /api/events $want"
done
get "/api/map/grid?bbox=-180,-90,180,90&zoom=4&limit=1" map_grid
py "sys.exit(0 if len(d['cells']) == 1 and d['truncated'] else 1)" && ok "grid limit=1: one cell, truncated" || bad "grid limit=1: $(head -c 200 "$tmp/body")"
get "/api/map/grid?bbox=170,-30,-170,0&zoom=5" map_grid
py "sys.exit(0 if d['cells'] == [] and d['events'] == 0 else 1)" && ok "grid across the antimeridian, no events there: empty" || bad "grid antimeridian: $(head -c 200 "$tmp/body")"
get "/api/map/grid?bbox=40,34,41.5,35.5&zoom=12" map_grid
py "sys.exit(0 if d['cells'] and all(40 <= c['lon'] <= 41.5 for c in d['cells']) else 1)" && ok "grid of a small view at zoom 12: its cells only" || bad "grid zoom 12: $(head -c 200 "$tmp/body")"

# ---- refused
for q in "places?zoom=3" "places?bbox=1,2,3&zoom=3" "places?bbox=a,1,2,3&zoom=3" "places?bbox=1,50,2,40&zoom=3" \
  "places?bbox=1,1,2,2&zoom=99" "places?bbox=1,1,2,2&zoom=3&limit=0" "places?bbox=1,1,2,2&zoom=3&limit=501" \
  "places?bbox=1,1,2,2&zoom=3&x=1" "places?bbox=1,1,2,2&zoom=3&zoom=4" "grid?bbox=1,1,2,2&zoom=3&from=2018-13-01" \
  "grid?bbox=1,1,2,2&zoom=3&from=2018-11-25&to=2018-11-20" "grid?bbox=1,1,2,2&zoom=3&actor=isis%27%3B" \
  "grid?bbox=1,1,2,2&zoom=3&limit=5001" "grid?bbox=nan,1,2,2&zoom=3" "grid?bbox=1,1,2,2&zoom=inf"; do
  get "/api/map/$q" error 400
done
ok "15 bad requests: 400 with a message"
get "/api/map/nothing" error 404
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$BASE/api/map/grid?bbox=1,1,2,2&zoom=3")
[ "$code" = 405 ] && ok "DELETE /api/map/grid: 405" || bad "DELETE /api/map/grid: $code"
curl -sf "$BASE/api/stats" >/dev/null && ok "still serving" || bad "the server died"

for def in map_places map_grid error; do
  if python3 scripts/validate-json.py "$def" "$tmp/$def".*.json >"$tmp/schema.out" 2>&1; then
    ok "schema: $(ls "$tmp/$def".*.json | wc -l) $def answers valid"
  else
    bad "schema: $def: $(head -5 "$tmp/schema.out")"
  fi
done
if [ $fails -gt 0 ]; then
  echo "serve_map_api: $fails check(s) failed"
  exit 1
fi
echo "serve_map_api: all checks passed"
