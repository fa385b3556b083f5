#!/usr/bin/env bash
# tests/e2e/events_badinput.sh - `sitrep events` / `sitrep situation` with bad
# option values: each exits 2 with a message naming the option, and nothing
# on stdout. SQL metacharacters in values are data (all SQL is bound): they
# either match nothing (exit 0, no rows) or are rejected by the value's own
# format check (exit 2), and the store is unchanged afterwards.
#   SITREP=build/sitrep bash tests/e2e/events_badinput.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

DB="$T/s.db"
printf '%s\n' \
  '{"id":"b1","date":"2018-09-12","source":"Test Wire","text":"Islamic State militants attacked Syrian army positions near Abu Kamal on Wednesday, killing eight soldiers."}' \
  '{"id":"b2","date":"2018-09-11","source":"Test Wire","text":"The Syrian Democratic Forces besieged Islamic State fighters in Hajin on Tuesday."}' >"$T/in.jsonl"
"$SITREP" ingest --db "$DB" "$T/in.jsonl" >/dev/null 2>&1 || { echo "FAIL: ingest"; exit 1; }
total=$("$SITREP" events --db "$DB" --count)

# bad CMD... : exit 2, stderr names WORD, stdout empty
bad() {
  local word=$1; shift
  "$SITREP" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ $rc -ne 2 ]; then fail "$* -> exit $rc (want 2)"; return; fi
  if ! grep -qF -- "$word" "$T/err"; then fail "$* -> message does not name $word: $(cat "$T/err")"; return; fi
  if [ -s "$T/out" ]; then fail "$* -> wrote to stdout"; return; fi
  ok "$* -> 2: $(head -1 "$T/err")"
}
E=(events --db "$DB")
bad --actor "${E[@]}" --actor "Nosuch Brigade"
bad --actor "${E[@]}" --actor ""
bad --source "${E[@]}" --source "Army of Nobody"
bad --target "${E[@]}" --target "x' OR 1=1 --"
bad --action "${E[@]}" --action 99
bad --action "${E[@]}" --action "Dancing"
bad --action "${E[@]}" --action "19; DROP TABLE events"
bad --country "${E[@]}" --country ZZZ
bad --country "${E[@]}" --country "S'"
bad --from "${E[@]}" --from 2018-02-30
bad --from "${E[@]}" --from yesterday
bad --to "${E[@]}" --to 2018-13-01
bad --from "${E[@]}" --from 2018-09-14 --to 2018-09-01
bad --km "${E[@]}" --near 35.3,40.1 --km 0
bad --km "${E[@]}" --near 35.3,40.1 --km -5
bad --km "${E[@]}" --near 35.3,40.1 --km abc
bad --km "${E[@]}" --near 35.3,40.1 --km 30000
bad --km "${E[@]}" --km 10
bad --near "${E[@]}" --near 35.3 --km 10
bad --near "${E[@]}" --near 35.3,abc
bad --near "${E[@]}" --near 95,40
bad --near "${E[@]}" --near 35,200
bad --near "${E[@]}" --near "1,2,3"
bad --near "${E[@]}" --near "Nowhereville Qqq" --km 5
bad --min-reports "${E[@]}" --min-reports -1
bad --min-reports "${E[@]}" --min-reports two
bad --limit "${E[@]}" --limit -3
bad --offset "${E[@]}" --offset 1.5
bad --text "${E[@]}" --text "'\";--"
bad --format "${E[@]}" --format xml
bad --db events --actor ISIS
bad --as-of situation --db "$DB" --as-of 2018-02-29
bad --as-of situation --db "$DB"
bad --days situation --db "$DB" --as-of 2018-09-14 --days 0
bad --days situation --db "$DB" --as-of 2018-09-14 --days -3
bad --country situation --db "$DB" --as-of 2018-09-14 --country "S' OR 1=1"
bad --format situation --db "$DB" --as-of 2018-09-14 --format pdf

# SQL metacharacters as data: no rows, exit 0
harmless() {
  "$SITREP" "${E[@]}" "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ $rc -ne 0 ] || [ -s "$T/out" ]; then fail "$* -> exit $rc, $(wc -l <"$T/out") lines"; else ok "$* -> 0 rows, exit 0"; fi
}
# an area name has no quotes, ';', '=' or '--': refused (exit 2), never searched for
bad --admin1 events --db "$DB" --admin1 "x' OR 1=1 --"
bad --admin1 events --db "$DB" --admin1 "Deir ez-Zor'; DROP TABLE events; --"
bad --admin1 events --db "$DB" --admin1 '" OR ""="'
# free text stays data: all SQL is bound and the FTS query is rebuilt word by word
harmless --text "x' OR 1=1 -- NEAR(a b) AND *"
harmless --text 'Abu" OR evidence MATCH "Hajin'
after=$("$SITREP" events --db "$DB" --count)
[ "$after" = "$total" ] && ok "store unchanged ($after events)" || fail "event count changed: $total -> $after"
"$SITREP" db check --db "$DB" >/dev/null 2>&1 && ok "db check passes" || fail "db check"
# and the good forms still work
n=$("$SITREP" "${E[@]}" --actor "Islamic State" --from 2018-09-01 --to 2018-09-30 --count)
[ "$n" -ge 2 ] && ok "--actor 'Islamic State' ($n)" || fail "--actor 'Islamic State': $n"
n=$("$SITREP" "${E[@]}" --action Battles --near "Abu Kamal" --km 30 --count)
[ "$n" -ge 1 ] && ok "--action Battles --near 'Abu Kamal' ($n)" || fail "--action Battles --near: $n"

[ "$fails" -eq 0 ] && echo "PASS events_badinput" || { echo "FAILED: $fails"; exit 1; }
