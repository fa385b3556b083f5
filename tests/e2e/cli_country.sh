#!/usr/bin/env bash
# tests/e2e/cli_country.sh - --country takes ISO alpha-2, alpha-3 and English names in any
# case (events, situation, compare; an unknown one exits 2 with "did you mean"); area names
# (--admin1, and the HTTP API's admin1, which goes through the same query code) match
# whatever their case, accents, hyphens and apostrophes.
#   SITREP=build/sitrep bash tests/e2e/cli_country.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
T=$(mktemp -d)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
source tests/serve/lib.sh
trap 'serve_stop; rm -rf "$T"' EXIT
serve_store "$T"
DB=$T/store.db

count() { "$SITREP" events --db "$DB" --count "$@" 2>"$T/err"; }
same() { # WANT DESCRIPTION ARGS...
  local want=$1 what=$2 got
  shift 2
  got=$(count "$@")
  [ "$got" = "$want" ] && ok "$what: $got" || fail "$what: '$got' (want $want) $(cat "$T/err")"
}

sy=$(count --country SY)
[ "${sy:-0}" -gt 0 ] || { echo "FAIL: no Syrian events in the test store"; exit 1; }
for c in sy SYR syr Syria SYRIA syria; do
  same "$sy" "--country $c" --country "$c"
done
tr=$(count --country TR)
for c in tr TUR Turkey turkey; do same "$tr" "--country $c" --country "$c"; done
same 0 "--country 'reunion' finds Réunion (no events)" --country "reunion"
same 0 "--country 'CURAÇAO' (no events)" --country "CURAÇAO"

# unknown countries: exit 2, "did you mean" when a name is close
bad() { # WANT_MESSAGE ARGS...
  local msg=$1 rc
  shift
  "$SITREP" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$msg" "$T/err" && [ ! -s "$T/out" ]; then ok "$* -> 2: $(head -1 "$T/err")"
  else fail "$* -> exit $rc: $(cat "$T/err")"; fi
}
bad "sitrep events: --country 'Syira': unknown country; did you mean 'Syria' (SY)?" events --db "$DB" --country Syira
bad "sitrep events: --country 'Irak': unknown country; did you mean 'Iraq' (IQ)?" events --db "$DB" --country Irak
bad "sitrep events: --country 'Atlantis': unknown country (use an ISO 3166-1 code" events --db "$DB" --country Atlantis
bad "sitrep events: --country 'ZZ': unknown country" events --db "$DB" --country ZZ
bad "sitrep situation: --country 'Sirya': unknown country; did you mean 'Syria' (SY)?" situation --db "$DB" --as-of 2018-11-26 --country Sirya
bad "sitrep compare: --country 'Lebanom': unknown country; did you mean 'Lebanon' (LB)?" compare --db "$DB" --country Lebanom

# situation and compare take names too
"$SITREP" situation --db "$DB" --as-of 2018-11-26 --days 10 --country SY >"$T/a" 2>&1
"$SITREP" situation --db "$DB" --as-of 2018-11-26 --days 10 --country syria >"$T/b" 2>&1
[ -s "$T/a" ] && cmp -s "$T/a" "$T/b" && ok "situation --country syria = --country SY" || fail "situation by name differs: $(head -2 "$T/b")"
"$SITREP" compare --db "$DB" --country SY --json >"$T/a" 2>&1
"$SITREP" compare --db "$DB" --country SYR --json >"$T/b" 2>&1
[ -s "$T/a" ] && cmp -s "$T/a" "$T/b" && ok "compare --country SYR = --country SY" || fail "compare by alpha-3 differs: $(head -2 "$T/b")"

# area names
idlib=$(count --admin1 Idlib)
[ "${idlib:-0}" -gt 0 ] || fail "no events in Idlib in the test store"
for a in idlib IDLIB "Idlib " "ídlib"; do same "$idlib" "--admin1 '$a'" --admin1 "$a"; done
dez=$(count --admin1 "Deir ez-Zor")
[ "${dez:-0}" -gt 0 ] || fail "no events in Deir ez-Zor in the test store"
for a in "deir ez-zor" "DEIR EZ ZOR" "Deir Ez-Zôr" "deir  ez zor" "Deir ez Zor"; do same "$dez" "--admin1 '$a'" --admin1 "$a"; done
same "$dez" "--admin1 'deir ez zor' --country syria" --admin1 "deir ez zor" --country syria
same 0 "--admin1 Deir (a part of a name is no area)" --admin1 Deir
same 0 "--admin1 Idlib --country TR" --admin1 Idlib --country TR

# an area no event has: a warning with the closest stored name, exit 0, nothing on stdout
"$SITREP" events --db "$DB" --admin1 Idleb >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$T/out" ] && grep -qx "sitrep events: warning: no area named 'Idleb' in the store; did you mean 'Idlib'?" "$T/err" &&
  ok "--admin1 Idleb: warning, did you mean 'Idlib'" || fail "--admin1 Idleb: exit $rc: $(cat "$T/err")"
"$SITREP" events --db "$DB" --admin1 Narnia --count >"$T/out" 2>"$T/err"
grep -qx "sitrep events: warning: no area named 'Narnia' in the store" "$T/err" && [ "$(cat "$T/out")" = 0 ] &&
  ok "--admin1 Narnia --count: 0 and a warning" || fail "--admin1 Narnia: $(cat "$T/out") $(cat "$T/err")"
"$SITREP" events --db "$DB" --admin1 idlib --country TR --count >"$T/out" 2>"$T/err"
[ ! -s "$T/err" ] && ok "a stored area that other filters rule out: no warning" || fail "unexpected warning: $(cat "$T/err")"

# the HTTP API: admin1 goes through the same code
serve_start "$DB" --threads 2 --timeout 2000
api_total() { curl -s "$BASE/api/events?$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])" 2>/dev/null; }
for q in "admin1=idlib" "admin1=IDLIB" "admin1=%C3%8Ddlib"; do
  got=$(api_total "$q")
  [ "$got" = "$idlib" ] && ok "/api/events?$q: $got" || fail "/api/events?$q: '$got' (want $idlib)"
done
got=$(api_total "admin1=deir%20ez%20zor")
[ "$got" = "$dez" ] && ok "/api/events?admin1=deir ez zor: $got" || fail "/api/events?admin1=deir ez zor: '$got' (want $dez)"
serve_stop

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
