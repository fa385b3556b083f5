#!/usr/bin/env bash
# tests/e2e/cli_badinput.sh - `sitrep code` on hostile or broken input.
#
# For each bad input, coded in one batch with a good document:
#   - no crash, no sanitizer report, exit status 1 (partial) or 0 (nothing failed);
#   - a stderr message naming the file (and the line for JSONL);
#   - the good document's events are still written.
# A clean batch exits 0. Inputs are generated in a temp dir (nothing committed).
#   SITREP=build/sitrep bash tests/e2e/cli_badinput.sh
set -uo pipefail

SITREP=${SITREP:-build/sitrep}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }

SENT1="Islamic State fighters attacked Syrian Democratic Forces positions near Hajin on Tuesday, killing four fighters."
SENT2="Syrian army artillery shelled rebel positions near the town of Al Busayrah, residents said."

printf '%s\n' "$SENT1" >"$T/good.txt"
printf '%s %s\n' "$SENT2" "$SENT1" >"$T/good2.txt"
printf '{"id":"g1","date":"2018-11-20","text":"%s"}\n{"id":"g2","text":"%s"}\n' \
  "$SENT1" "$SENT2" >"$T/good.jsonl"

# run NAME FILE... -> $T/NAME.out, $T/NAME.err, $rc
run() {
  local name=$1
  shift
  "$SITREP" code "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
  rc=$?
}

# no signal, no sanitizer report, status in {0,1}
sane() { # name
  if [ "$rc" -ge 128 ]; then
    fail "$1: killed by signal $((rc - 128))"
    return 1
  fi
  if grep -qE 'Sanitizer|runtime error:' "$T/$1.err"; then
    fail "$1: sanitizer report"
    sed 's/^/  | /' "$T/$1.err" | head -20
    return 1
  fi
  if [ "$rc" -gt 1 ]; then
    fail "$1: exit $rc (want 0 or 1)"
    sed 's/^/  | /' "$T/$1.err" | head -5
    return 1
  fi
  return 0
}

names() { # name pattern what
  if grep -qF -- "$2" "$T/$1.err"; then ok "$1: stderr names $3"; else
    fail "$1: stderr does not name $3 ('$2')"
    sed 's/^/  | /' "$T/$1.err" | head -5
  fi
}

want_rc() { # name want
  if [ "$rc" -eq "$2" ]; then ok "$1: exit $rc"; else
    fail "$1: exit $rc, want $2"
    sed 's/^/  | /' "$T/$1.err" | head -5
  fi
}

# every line of the baseline output appears in NAME's output
kept() { # name baseline
  local missing
  missing=$(grep -vxF -f "$T/$1.out" "$T/$2.out" | wc -l)
  if [ "$missing" -eq 0 ]; then ok "$1: good documents still coded ($(wc -l <"$T/$2.out") events)"; else
    fail "$1: $missing event(s) of the good document missing"
  fi
}

json_lines() { # name: every output line parses as JSON
  command -v python3 >/dev/null 2>&1 || return 0
  if python3 -c 'import json,sys
for n, l in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    json.loads(l)' "$T/$1.out" 2>"$T/$1.json.err"; then :; else
    fail "$1: output is not JSON lines: $(tail -1 "$T/$1.json.err")"
  fi
}

# ---- baseline: the good documents alone (a clean batch)
run base "$T/good.txt"
sane base && want_rc base 0
run clean "$T/good.txt" "$T/good2.txt" "$T/good.jsonl"
sane clean && want_rc clean 0
json_lines clean
[ -s "$T/base.out" ] || echo "note: the good document produced no events; 'still coded' checks are weak"

# ---- invalid UTF-8 (repaired, with a warning naming the file)
{
  printf 'Fighters \xff\xfe attacked the village of Hajin \xc3\x28 on Monday.\n'
  printf '%s \xe2\x82\n' "$SENT2"
  printf 'Truncated at the end \xf0\x9f'
} >"$T/bad_utf8.txt"
run utf8 "$T/bad_utf8.txt" "$T/good.txt"
if sane utf8; then names utf8 "bad_utf8.txt" "the file"; kept utf8 base; json_lines utf8; fi

# ---- binary file (refused)
{
  head -c 4096 /dev/urandom
  head -c 8192 /dev/zero
  head -c 4096 /dev/urandom
} >"$T/blob.bin"
run binary "$T/blob.bin" "$T/good.txt"
if sane binary; then names binary "blob.bin" "the file"; want_rc binary 1; kept binary base; fi
run binary_txt "$T/good.txt" --format txt "$T/blob.bin"
if sane binary_txt; then names binary_txt "blob.bin" "the file"; want_rc binary_txt 1; fi

# ---- empty file (a warning, nothing to code)
: >"$T/empty.txt"
run empty "$T/empty.txt" "$T/good.txt"
if sane empty; then names empty "empty.txt" "the file"; kept empty base; fi

# ---- missing file
run missing "$T/no-such-file.txt" "$T/good.txt"
if sane missing; then names missing "no-such-file.txt" "the file"; want_rc missing 1; kept missing base; fi

# ---- 50 MB on one line (over the per-document cap)
yes "$SENT2" | head -c 50000000 | tr -d '\n' >"$T/long_line.txt"
run long "$T/long_line.txt" "$T/good.txt"
if sane long; then names long "long_line.txt" "the file"; want_rc long 1; kept long base; fi

# ---- malformed JSONL lines among good ones
{
  printf '{"id":"j1","text":"%s"}\n' "$SENT1"
  printf '{"id":"j2","text":"unterminated string\n'
  printf 'this line is not JSON at all\n'
  printf '{"id":"j4","text":5}\n'
  printf '{"id":"j5","date":"2018-11-21","text":"%s"}\n' "$SENT2"
  printf '[1,2,3]\n'
  printf '{"id":"j7","text":"%s"}\n' "$SENT1"
} >"$T/mixed.jsonl"
{
  printf '{"id":"j1","text":"%s"}\n' "$SENT1"
  printf '{"id":"j5","date":"2018-11-21","text":"%s"}\n' "$SENT2"
  printf '{"id":"j7","text":"%s"}\n' "$SENT1"
} >"$T/mixed_good.jsonl"
run jsonl_base "$T/mixed_good.jsonl"
sane jsonl_base && want_rc jsonl_base 0
run jsonl "$T/mixed.jsonl"
if sane jsonl; then
  want_rc jsonl 1
  names jsonl "mixed.jsonl:2:" "the file and line 2"
  names jsonl "mixed.jsonl:3:" "the file and line 3"
  for l in 4 6; do
    grep -qF "mixed.jsonl:$l:" "$T/jsonl.err" || echo "note: line $l of mixed.jsonl (not a document) was not reported"
  done
  for id in j1 j5 j7; do
    a=$(grep -c "\"$id\"" "$T/jsonl_base.out")
    b=$(grep -c "\"$id\"" "$T/jsonl.out")
    if [ "$a" -eq "$b" ]; then ok "jsonl: document $id coded ($b events)"; else
      fail "jsonl: document $id has $b events in the mixed file, $a alone"
    fi
  done
  json_lines jsonl
fi

# ---- hostile HTML
{ # 100,000 nested elements
  printf '<html><body>'
  yes '<div>' | head -n 100000 | tr -d '\n'
  printf '<p>%s</p>' "$SENT1"
  yes '</div>' | head -n 100000 | tr -d '\n'
  printf '</body></html>\n'
} >"$T/deep.html"
{
  printf '<html><body><p title="'
  head -c 6000000 /dev/zero | tr '\0' 'x'
  printf '" '
  for i in $(seq 2000); do printf 'data-a%d="%d" ' "$i" "$i"; done
  printf '>%s</p></body></html>\n' "$SENT1"
} >"$T/huge_attr.html"
{
  printf '<html><head><script>var a = "Islamic State fighters attacked Hajin.";</script>\n'
  printf '<style>p { color: red }</style></head><body>\n'
  printf '<script>document.write("<p>Syrian army shelled Al Busayrah.</p>");</script>\n'
  printf '<noscript></noscript><script src="x.js"></script></body></html>\n'
} >"$T/script_only.html"

for h in deep huge_attr script_only; do
  run "html_$h" "$T/$h.html" "$T/good.txt"
  if sane "html_$h"; then
    kept "html_$h" base
    if [ "$rc" -eq 1 ] || [ "$h" = script_only ]; then names "html_$h" "$h.html" "the file"; fi
    json_lines "html_$h"
  fi
done

# ---- everything at once: partial failure, good documents kept
run batch "$T/good.txt" "$T/blob.bin" "$T/empty.txt" "$T/bad_utf8.txt" "$T/long_line.txt" \
  "$T/mixed.jsonl" "$T/deep.html" "$T/huge_attr.html" "$T/script_only.html" "$T/no-such-file.txt"
if sane batch; then want_rc batch 1; kept batch base; json_lines batch; fi

# ---- standard input
"$SITREP" code - <"$T/good.txt" >"$T/stdin.out" 2>"$T/stdin.err"
rc=$?
if sane stdin; then want_rc stdin 0; fi
"$SITREP" code <"$T/blob.bin" >"$T/stdin_bin.out" 2>"$T/stdin_bin.err"
rc=$?
if sane stdin_bin; then want_rc stdin_bin 1; names stdin_bin "stdin" "standard input"; fi

if [ "$fails" -ne 0 ]; then
  echo "cli_badinput: $fails failure(s)"
  exit 1
fi
echo "cli_badinput: all passed"
