#!/usr/bin/env bash
# tests/e2e/cli_images.sh - every command finds the lexicon and gazetteer images the same
# way (an explicit option, then $SITREP_LEXICON / $SITREP_GAZETTEER, then next to the
# executable, $SITREP_HOME, ~/.cache/sitrep), `lexicon match` included, and the error
# names where it looked. Runs from a scratch directory, so the source tree's data/ is not
# compiled in memory behind the test's back.
#   SITREP=build/sitrep bash tests/e2e/cli_images.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
SITREP=$(cd "$(dirname "$SITREP")" && pwd)/$(basename "$SITREP")
LEX=${SITREP_LEXICON:-$(dirname "$SITREP")/sitrep.lex}
GAZ=${SITREP_GAZETTEER:-$(dirname "$SITREP")/gazetteer.img}
[ -f "$LEX" ] || { echo "FAIL: no lexicon image $LEX (make build)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
cd "$T" || exit 1
mkdir bin home cwd
cp "$SITREP" bin/sitrep # a copy with no image beside it
echo "Islamic State militants attacked Syrian army positions." >cwd/r.txt
B=$T/bin/sitrep
TEXT="Islamic State militants attacked Syrian army positions."

# run ENV... -- CMD...: in the scratch cwd with only the given image variables
run() {
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  (cd "$T/cwd" && env -u SITREP_LEXICON -u SITREP_GAZETTEER -u SITREP_HOME HOME="$T/home" "${envs[@]}" "$@") \
    >"$T/out" 2>"$T/err" </dev/null
}

# 1. nothing anywhere: every lexicon user says the same thing, naming the places it looked
for cmd in "lexicon match" "code --no-gazetteer" "parse" "places"; do
  # shellcheck disable=SC2086
  run -- "$B" $cmd "$TEXT"
  rc=$?
  if [ "$rc" -eq 2 ] && grep -q "no lexicon image sitrep.lex (looked in: next to the executable $T/bin, \$SITREP_HOME (unset), $T/home/.cache/sitrep; pass --lexicon PATH or set \$SITREP_LEXICON)" "$T/err"; then
    ok "$cmd without any image: exit 2, names where it looked"
  else
    fail "$cmd without any image: exit $rc: $(cat "$T/err")"
  fi
done

# 2. the environment variable, for every command (an image that is not there is an error)
run SITREP_LEXICON="$T/none.lex" -- "$B" lexicon match "$TEXT"
grep -q "no lexicon image at $T/none.lex (given by \$SITREP_LEXICON)" "$T/err" && ok "lexicon match: a missing \$SITREP_LEXICON is named" ||
  fail "lexicon match with a missing \$SITREP_LEXICON: $(cat "$T/err")"
run SITREP_LEXICON="$T/none.lex" -- "$B" code --no-gazetteer
grep -q "no lexicon image at $T/none.lex (given by \$SITREP_LEXICON)" "$T/err" && ok "code: the same message" ||
  fail "code with a missing \$SITREP_LEXICON: $(cat "$T/err")"
run SITREP_LEXICON="$LEX" -- "$B" lexicon match "$TEXT"
grep -q "ISIS" "$T/out" && ok "lexicon match finds the image through \$SITREP_LEXICON" || fail "lexicon match via env: $(cat "$T/err")"

# 3. the option wins over the environment
run SITREP_LEXICON="$T/none.lex" -- "$B" lexicon match --lexicon "$LEX" "$TEXT"
grep -q "ISIS" "$T/out" && ok "--lexicon wins over \$SITREP_LEXICON" || fail "--lexicon over env: $(cat "$T/err")"
run -- "$B" parse --lexicon "$T/none.lex" "$TEXT"
grep -q "no lexicon image at $T/none.lex (given by --lexicon)" "$T/err" && ok "parse: a missing --lexicon is named" ||
  fail "parse --lexicon missing: $(cat "$T/err")"

# 4. next to the executable, then $SITREP_HOME, then ~/.cache/sitrep: lexicon match like code
cp "$LEX" "$T/bin/sitrep.lex"
run -- "$B" lexicon match "$TEXT"
grep -q "ISIS" "$T/out" && ok "lexicon match finds sitrep.lex next to the executable (cwd elsewhere)" ||
  fail "lexicon match next to the executable: $(cat "$T/err")"
run -- "$B" code --no-gazetteer r.txt
[ $? -eq 0 ] && ok "code finds it there too" || fail "code next to the executable: $(cat "$T/err")"
rm "$T/bin/sitrep.lex"
mkdir -p "$T/sh" "$T/home/.cache/sitrep"
cp "$LEX" "$T/sh/sitrep.lex"
run SITREP_HOME="$T/sh" -- "$B" lexicon match "$TEXT"
grep -q "ISIS" "$T/out" && ok "lexicon match finds \$SITREP_HOME/sitrep.lex" || fail "via SITREP_HOME: $(cat "$T/err")"
mv "$T/sh/sitrep.lex" "$T/home/.cache/sitrep/sitrep.lex"
run -- "$B" lexicon match "$TEXT"
grep -q "ISIS" "$T/out" && ok "lexicon match finds ~/.cache/sitrep/sitrep.lex" || fail "via ~/.cache: $(cat "$T/err")"

# 5. the gazetteer: gazetteer info and code look alike
run -- "$B" gazetteer info
grep -q "no gazetteer image gazetteer.img (looked in: next to the executable $T/bin," "$T/err" &&
  ok "gazetteer info names where it looked" || fail "gazetteer info without an image: $(cat "$T/err")"
run -- "$B" code r.txt
[ $? -eq 2 ] && grep -q "no gazetteer image gazetteer.img (looked in: next to the executable $T/bin," "$T/err" &&
  ok "code without a gazetteer: the same message, exit 2" || fail "code without a gazetteer: $(cat "$T/err")"
if [ -f "$GAZ" ]; then
  run SITREP_GAZETTEER="$GAZ" -- "$B" gazetteer info
  grep -q "^records" "$T/out" && ok "gazetteer info through \$SITREP_GAZETTEER" || fail "gazetteer info via env: $(cat "$T/err")"
  run SITREP_GAZETTEER="$T/none.img" -- "$B" gazetteer lookup Aleppo
  grep -q "no gazetteer image at $T/none.img (given by \$SITREP_GAZETTEER)" "$T/err" &&
    ok "gazetteer lookup: a missing \$SITREP_GAZETTEER is named" || fail "lookup via missing env: $(cat "$T/err")"
else
  echo "note: no gazetteer image ($GAZ); its positive cases skipped"
fi

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
