#!/usr/bin/env bash
# tests/e2e/code_jobs.sh - `sitrep code --jobs N` writes exactly what `--jobs 1` writes:
# the same bytes on standard output (events in input order) and the same lines on
# standard error (warnings, bad lines, --explain traces, in input order), the same exit
# status; on the dev set, the seed report, a file with bad lines and an empty file.
# `sitrep ingest --jobs N` leaves the same store as --jobs 1 (`sitrep events` output).
#   SITREP=build/sitrep bash tests/e2e/code_jobs.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
DEV=../shared/eval/dev/conflict_dev.jsonl
SEED=../shared/seed/000_a3f8a9ac8286ba8d.txt
[ -f "$DEV" ] && [ -f "$SEED" ] || { echo "SKIP: ../shared (dev set, seed) not found"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# a file with a bad line, an empty text, invalid UTF-8 and a good document between them
{
  head -3 "$DEV"
  echo '{"id":"bad", "text": '
  echo '{"id":"empty","text":""}'
  printf '{"id":"latin1","text":"Rebels attacked \xe9 the town of Hajin on Monday."}\n'
  sed -n 4,6p "$DEV"
} >"$T/mixed.jsonl"
: >"$T/empty.txt"

run() { # name jobs args...
  local name=$1 jobs=$2
  shift 2
  "$SITREP" code --jobs "$jobs" "$@" >"$T/$name.$jobs.out" 2>"$T/$name.$jobs.err"
  echo $? >"$T/$name.$jobs.rc"
}

for args in "dev:$DEV $SEED" "mixed:$T/mixed.jsonl $T/empty.txt $SEED" "explain:--explain $DEV" \
  "pretty:--pretty $SEED $DEV"; do
  name=${args%%:*}
  # shellcheck disable=SC2086
  for j in 1 2 4; do run "$name" "$j" ${args#*:}; done
  [ -s "$T/$name.1.out" ] || fail "$name: --jobs 1 wrote nothing"
  for j in 2 4; do
    cmp -s "$T/$name.1.out" "$T/$name.$j.out" || fail "$name: --jobs $j output differs from --jobs 1"
    cmp -s "$T/$name.1.err" "$T/$name.$j.err" || fail "$name: --jobs $j stderr differs from --jobs 1"
    cmp -s "$T/$name.1.rc" "$T/$name.$j.rc" || fail "$name: --jobs $j exit status differs"
  done
done
grep -q "mixed.jsonl:4:" "$T/mixed.2.err" || fail "the bad line is not reported with its file and line"
[ "$(cat "$T/mixed.2.rc")" = 1 ] || fail "a bad line should make exit status 1, got $(cat "$T/mixed.2.rc")"

# standard input, and the default (the cores available)
"$SITREP" code --jobs 3 <"$DEV" >"$T/stdin.out" 2>/dev/null
"$SITREP" code <"$DEV" >"$T/default.out" 2>/dev/null
"$SITREP" code --jobs 1 <"$DEV" >"$T/stdin1.out" 2>/dev/null
cmp -s "$T/stdin1.out" "$T/stdin.out" || fail "--jobs 3 on standard input differs"
cmp -s "$T/stdin1.out" "$T/default.out" || fail "the default --jobs differs from --jobs 1"

# bad values
for v in 0 -1 65 x ''; do
  "$SITREP" code --jobs "$v" "$SEED" >/dev/null 2>"$T/bad.err"
  rc=$?
  [ $rc = 2 ] || fail "--jobs '$v' should be a usage error (2), got $rc"
done
grep -q -- "--jobs wants a number" "$T/bad.err" || fail "no message for a bad --jobs"

# ingest: the same store whatever --jobs (twice: the second run finds everything stored)
for j in 1 2 4; do
  for pass in 1 2; do
    "$SITREP" ingest --quiet --jobs "$j" --batch 7 --db "$T/s$j.db" "$DEV" "$SEED" "$T/mixed.jsonl" \
      >/dev/null 2>"$T/ingest$j.$pass.err"
    echo $? >"$T/ingest$j.$pass.rc"
  done
  "$SITREP" events --db "$T/s$j.db" --format jsonl >"$T/events$j.jsonl" 2>&1
  "$SITREP" stats --db "$T/s$j.db" --json 2>&1 | sed 's/"size[^,}]*//; s/"[a-z_]*bytes[^,}]*//g' >"$T/stats$j.json"
done
[ -s "$T/events1.jsonl" ] || fail "ingest --jobs 1 stored no events"
for j in 2 4; do
  cmp -s "$T/events1.jsonl" "$T/events$j.jsonl" || fail "ingest --jobs $j: events differ from --jobs 1"
  cmp -s "$T/stats1.json" "$T/stats$j.json" || fail "ingest --jobs $j: stats differ from --jobs 1"
  for pass in 1 2; do
    cmp -s "$T/ingest1.$pass.err" "$T/ingest$j.$pass.err" || fail "ingest --jobs $j pass $pass: stderr differs"
    cmp -s "$T/ingest1.$pass.rc" "$T/ingest$j.$pass.rc" || fail "ingest --jobs $j pass $pass: exit status differs"
  done
done

# a document that looks stored when it is read but is replaced before its turn (same id, other
# text in between): the writer looks again and codes it itself
sed -n 1p "$DEV" >"$T/a.jsonl"
python3 - "$DEV" "$T/aba.jsonl" <<'PY' 2>/dev/null || cp "$T/a.jsonl" "$T/aba.jsonl"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()][:2]
b = dict(lines[1], id=lines[0].get("id", "x"))
with open(sys.argv[2], "w", encoding="utf-8") as o:
    for d in (b, lines[0]):
        o.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
for j in 1 2; do
  "$SITREP" ingest --quiet --jobs 1 --db "$T/r$j.db" "$T/a.jsonl" >/dev/null 2>&1
  "$SITREP" ingest --jobs "$j" --db "$T/r$j.db" "$T/aba.jsonl" >/dev/null 2>"$T/r$j.err"
  "$SITREP" events --db "$T/r$j.db" --format jsonl >"$T/r$j.jsonl" 2>&1
done
[ -s "$T/r1.jsonl" ] || fail "replace-and-back: no events stored"
cmp -s "$T/r1.jsonl" "$T/r2.jsonl" || fail "replace-and-back: ingest --jobs 2 stored other events than --jobs 1"
cmp -s "$T/r1.err" "$T/r2.err" || fail "replace-and-back: ingest --jobs 2 summary differs: $(cat "$T/r2.err")"

if [ $fails -gt 0 ]; then
  echo "code_jobs: $fails failure(s)"
  exit 1
fi
echo "code_jobs: ok"
