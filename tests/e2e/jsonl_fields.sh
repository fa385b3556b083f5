#!/usr/bin/env bash
# tests/e2e/jsonl_fields.sh - the JSONL reader's one-pass field extraction reads a record as
# cJSON does (src/io/read.c: jsonl_fast, with cJSON as the fallback and for every error): the
# first of repeated keys counts, escapes and surrogate pairs decode to UTF-8, nested values and
# anything after the object are passed over, a numeric id is printed as a number; a lone
# surrogate or a trailing comma is malformed at the byte cJSON names.
#   SITREP=build/sitrep bash tests/e2e/jsonl_fields.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

S="Rebels attacked the army in Hajin on Monday."
printf '%s\n' \
  '{"id":"dup","text":"'"$S"'","text":"Nothing happened."}' \
  '{"id":"dupnull","text":null,"text":"'"$S"'"}' \
  '{"id":1.5e3,"text":"'"$S"'"}' \
  '  {"id" : "sp" , "text" :"'"$S"'" }  trailing' \
  '{"id":"nest","meta":{"x":[1,{"y":"}"}]},"text":"'"$S"'"}' \
  '{"id":"u\u00e9\ud83d\ude00","text":"Rebels attacked the army in \u0048ajin on Monday."}' \
  '{"id":"lone","text":"Rebels attacked \ud83d the army."}' \
  '{"id":"trail","text":"'"$S"'",}' \
  '{"id":"num","n":1.,"b":true,"c":null,"text":"'"$S"'"}' \
  '{"id":"esc","title":"a\/b","text":"Rebels \"attacked\" the army\tin Hajin on Monday."}' >"$T/f.jsonl"
"$SITREP" code --jobs 1 --no-gazetteer "$T/f.jsonl" >"$T/out" 2>"$T/err"
python3 - "$T/out" >"$T/docs" <<'PY'
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    print(d["doc"], d["text"])
PY
expect_doc() { grep -qxF -- "$1" "$T/docs" || fail "expected an event '$1'"; }
expect_doc "dup $S"
expect_doc "1500 $S"
expect_doc "sp $S"
expect_doc "nest $S"
expect_doc "ué😀 $S"
expect_doc "num $S"
expect_doc 'esc Rebels "attacked" the army	in Hajin on Monday.'
grep -q "^dupnull" "$T/docs" && fail "the first of repeated keys (null) should count"
grep -qF 'f.jsonl:2: line 2: no "text" or "html" string field' "$T/err" || fail "line 2 not reported"
grep -qF 'f.jsonl:7: line 7: malformed JSON near byte 38' "$T/err" || fail "lone surrogate not reported at its byte"
grep -qF 'f.jsonl:8: line 8: malformed JSON near byte 69' "$T/err" || fail "trailing comma not reported at its byte"

if [ $fails -gt 0 ]; then
  cat "$T/err"
  echo "jsonl_fields: $fails failure(s)"
  exit 1
fi
echo "jsonl_fields: ok"
