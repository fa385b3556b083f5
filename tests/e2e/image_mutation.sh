#!/usr/bin/env bash
# tests/e2e/image_mutation.sh - damaged images and hostile dictionary / gazetteer inputs
# through the CLI (issue 11). The 500-mutations-per-section sweep runs through the library
# in tests/unit/test_image_mutation.c; here a handful of damaged images check what a user
# sees: exit status 2, "sitrep: FILE: corrupt lexicon|gazetteer image (...)", never a
# signal; plus the caps of the importer and the lexicon compiler.
#   SITREP=build/sitrep SITREP_LEXICON=build/sitrep.lex SITREP_GAZETTEER=build/gazetteer.img \
#     bash tests/e2e/image_mutation.sh
set -uo pipefail

SITREP=${SITREP:-build/sitrep}
LEX=${SITREP_LEXICON:-build/sitrep.lex}
GAZ=${SITREP_GAZETTEER:-build/gazetteer.img}
T=$(mktemp -d)
SERVE_PID=
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

for f in "$SITREP" "$LEX" "$GAZ"; do [ -e "$f" ] || { echo "FAIL: $f is missing"; exit 1; }; done
export SITREP_LEXICON SITREP_GAZETTEER
SENT="Syrian army artillery shelled rebel positions near Deir ez-Zor on Monday, residents said."

# u32 FILE OFFSET -> the little-endian 32-bit value there
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
u64() { od -An -tu8 -j "$2" -N8 "$1" | tr -d ' '; }
# poke FILE OFFSET HEXBYTES (e.g. ffffffff)
poke() { printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# expect_corrupt NAME KIND FILE CMD... : exit 2, "sitrep: ... FILE: corrupt KIND image", no signal
expect_corrupt() {
  local name=$1 kind=$2 file=$3
  shift 3
  echo "$SENT" | "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ $rc -ge 128 ]; then fail "$name: killed by signal $((rc - 128))"; return; fi
  if [ $rc -ne 2 ]; then fail "$name: exit status $rc, expected 2"; cat "$T/err"; return; fi
  if ! grep -q "^sitrep[a-z ]*: .*$file: corrupt $kind image (" "$T/err"; then
    fail "$name: no 'sitrep: ... $file: corrupt $kind image (...)' message"; cat "$T/err"; return
  fi
  if grep -q "Sanitizer" "$T/err"; then fail "$name: sanitizer report"; return; fi
  ok "$name: exit 2, $(head -c 160 "$T/err" | head -1)"
}

# ---- lexicon: every command opens the image, so `code` and `lexicon check` stand for all
n=0
lexcase() { # NAME, then edits on $T/m.lex
  n=$((n + 1))
  expect_corrupt "lexicon $1 (code)" lexicon "$T/m.lex" env SITREP_LEXICON="$T/m.lex" "$SITREP" code --no-gazetteer
  expect_corrupt "lexicon $1 (lexicon check)" lexicon "$T/m.lex" "$SITREP" lexicon check "$T/m.lex"
}
cp "$LEX" "$T/m.lex"
poke "$T/m.lex" 124 0000
lexcase "word count zeroed (bytes 124-125)"
cp "$LEX" "$T/m.lex"
actors=$(u64 "$LEX" 80)
poke "$T/m.lex" $((actors + 4)) ffffffff
lexcase "an actor's name offset = ffffffff"
size=$(stat -c %s "$LEX")
RANDOM=11
for i in 1 2 3 4 5; do
  cp "$LEX" "$T/m.lex"
  off=$(((RANDOM * 32768 + RANDOM) % size))
  poke "$T/m.lex" "$off" "$(printf %02x $((RANDOM % 255 + 1)))"
  # a byte XOR-ed would be better, but any changed byte does: the checksum covers all
  if cmp -s "$LEX" "$T/m.lex"; then continue; fi
  lexcase "byte $off overwritten"
done
head -c 1000 "$LEX" >"$T/m.lex"
lexcase "truncated to 1000 bytes"

# serve refuses to start on a damaged lexicon (it used to start and crash on the first POST)
cp "$LEX" "$T/m.lex"
poke "$T/m.lex" 124 0000
if "$SITREP" ingest --quiet --db "$T/store.db" tests/serve/reports.jsonl >/dev/null 2>&1; then
  timeout 30 env SITREP_LEXICON="$T/m.lex" "$SITREP" serve --db "$T/store.db" --port 0 >"$T/out" 2>"$T/err" &
  SERVE_PID=$!
  wait $SERVE_PID
  rc=$?
  SERVE_PID=
  if [ $rc -eq 2 ] && grep -q "$T/m.lex: corrupt lexicon image (" "$T/err"; then
    ok "serve on a damaged lexicon: exit 2 before serving"
  else
    fail "serve on a damaged lexicon: exit $rc"; cat "$T/err"
  fi
else
  fail "could not make a store for the serve case"
fi

# ---- gazetteer: the header and sections are checked at every open
cp "$GAZ" "$T/m.img"
poke "$T/m.img" 24 03000000 # nslots = 3: not a power of two
expect_corrupt "gazetteer nslots = 3 (code)" gazetteer "$T/m.img" env SITREP_GAZETTEER="$T/m.img" "$SITREP" code
expect_corrupt "gazetteer nslots = 3 (lookup)" gazetteer "$T/m.img" "$SITREP" gazetteer lookup Aleppo --gazetteer "$T/m.img"
cp "$GAZ" "$T/m.img"
poke "$T/m.img" 40 ffffffff # rec_off low word
expect_corrupt "gazetteer record section offset (code)" gazetteer "$T/m.img" env SITREP_GAZETTEER="$T/m.img" "$SITREP" code
head -c 4096 "$GAZ" >"$T/m.img"
expect_corrupt "gazetteer truncated (code)" gazetteer "$T/m.img" env SITREP_GAZETTEER="$T/m.img" "$SITREP" code
# a byte inside a section: safe to use (bounds-checked reads), found by `gazetteer check`
cp "$GAZ" "$T/m.img"
str_off=$(u64 "$GAZ" 48)
poke "$T/m.img" $((str_off + 100)) ff
echo "$SENT" | SITREP_GAZETTEER="$T/m.img" "$SITREP" code >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "gazetteer with a bad byte in its string pool still codes (exit 0)" ||
  fail "gazetteer with a bad pool byte: code exit $rc"
python3 -c 'import sys; open(sys.argv[1], encoding="utf-8").read()' "$T/out" 2>/dev/null ||
  fail "output with a damaged gazetteer string is not valid UTF-8"
expect_corrupt "gazetteer pool byte (gazetteer check)" gazetteer "$T/m.img" "$SITREP" gazetteer check "$T/m.img"
"$SITREP" gazetteer check "$GAZ" >"$T/out" 2>&1 && ok "gazetteer check on the real image: $(cat "$T/out")" ||
  { fail "gazetteer check on $GAZ"; cat "$T/out"; }

# ---- importer caps: /dev/zero and a file without newlines fail at line 1, in bounded memory
rss() { # CMD... -> prints "RC KB" (KB = max RSS, 0 when /usr/bin/time is missing)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%x %M" -o "$T/time" "$@" >/dev/null 2>"$T/err"
    tail -1 "$T/time"
  else
    "$@" >/dev/null 2>"$T/err"
    echo "$? 0"
  fi
}
read -r rc kb < <(rss "$SITREP" gazetteer import /dev/zero -o "$T/z.img")
if [ "$rc" = 2 ] && grep -q "/dev/zero:1: line longer than" "$T/err" && [ "$kb" -lt 100000 ]; then
  ok "gazetteer import /dev/zero: exit 2 at line 1, max RSS ${kb} KB"
else
  fail "gazetteer import /dev/zero: exit $rc, RSS $kb KB"; cat "$T/err"
fi
head -c 3000000 /dev/zero | tr '\0' 'a' >"$T/nonl.txt"
read -r rc kb < <(rss "$SITREP" gazetteer import "$T/nonl.txt" -o "$T/z.img")
[ "$rc" = 2 ] && grep -q "nonl.txt:1: line longer than" "$T/err" && ok "3 MB without a newline: exit 2 at line 1" ||
  { fail "3 MB without a newline: exit $rc"; cat "$T/err"; }
[ ! -e "$T/z.img" ] || fail "a failed import left an image"

# invalid UTF-8 in names is repaired at import (U+FFFD), so it never reaches the output
grep -v '^#' tests/data/gaz_fixture.tsv | head -3 >"$T/bad.tsv"
printf '9999901\tBad\xff\xfeTown\tBad Town\t\t35.0\t38.0\tP\tPPL\tSY\t\t07\t\t\t\t5000\t\t\tAsia/Damascus\t2024-01-01\n' >>"$T/bad.tsv"
if "$SITREP" gazetteer import "$T/bad.tsv" -o "$T/bad.img" >/dev/null 2>"$T/err"; then
  "$SITREP" gazetteer lookup "Bad Town" --gazetteer "$T/bad.img" >"$T/out" 2>&1
  if python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(0 if "Bad\ufffd\ufffdTown" in t else 1)' "$T/out"; then
    ok "a name with invalid UTF-8 is stored with U+FFFD"
  else
    fail "invalid UTF-8 name: $(cat -v "$T/out")"
  fi
else
  fail "import of a row with invalid UTF-8 failed"; cat "$T/err"
fi

# ---- lexicon compiler: a pattern line that expands past LEX_MAX_EXPANSION fails with FILE:LINE
cp -r tests/data/lex "$T/lex"
alts=a1/a2/a3/a4/a5/a6/a7/a8/a9/a10
echo "190 | $alts $alts $alts $alts $alts $alts |" >>"$T/lex/actions/test.txt"
line=$(wc -l <"$T/lex/actions/test.txt")
start=$(date +%s%N)
read -r rc kb < <(rss "$SITREP" lexicon build "$T/lex" -o "$T/x.lex")
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$rc" = 2 ] && grep -q "actions/test.txt:$line: pattern expands to more than 100000 word sequences (LEX_MAX_EXPANSION)" "$T/err"; then
  ok "6 slots of 10 alternatives: exit 2 at test.txt:$line in $ms ms, max RSS ${kb} KB"
else
  fail "expansion cap: exit $rc"; cat "$T/err"
fi

echo "image_mutation: $fails failure(s)"
[ $fails -eq 0 ]
