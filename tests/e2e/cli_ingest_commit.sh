#!/usr/bin/env bash
# tests/e2e/cli_ingest_commit.sh - the ingest summary counts what was committed. A batch
# that cannot be written (the file-size limit stands in for a full disk) is rolled back,
# said so, left out of the "new" count, and the exit status is 1; running the same
# command again stores the rest.
#   SITREP=build/sitrep bash tests/e2e/cli_ingest_commit.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
ndocs() { "$SITREP" stats --db "$1" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])"; }
new_of() { sed -n 's/.*ingested \([0-9]*\) new,.*/\1/p' "$1"; }

# 300 distinct documents of ~3 KB: the store outgrows a few MB
python3 - "$T/docs.jsonl" <<'PY'
import json, random, sys
random.seed(7)
words = ("army militants attacked positions near town killing soldiers rebels shelled village "
         "police arrested protesters convoy checkpoint district officials said residents").split()
with open(sys.argv[1], "w") as f:
    for i in range(300):
        body = " ".join(random.choice(words) for _ in range(450))
        f.write(json.dumps({"id": f"c{i}", "date": "2018-09-12",
                            "text": "Islamic State militants attacked Syrian army positions. " + body}) + "\n")
PY

# a store with one document, then a limit the next batches run into
echo "The Syrian Democratic Forces besieged Islamic State fighters in Hajin." >"$T/one.txt"
"$SITREP" ingest --quiet --no-gazetteer --db "$T/s.db" "$T/one.txt" || { echo "FAIL: first ingest"; exit 1; }
(
  trap '' XFSZ          # a write past the limit fails with EFBIG instead of killing the process
  ulimit -f 6000        # KiB
  "$SITREP" ingest --no-gazetteer --batch 25 --db "$T/s.db" "$T/docs.jsonl" >"$T/out" 2>"$T/err"
  echo $? >"$T/rc"
)
rc=$(cat "$T/rc")
stored=$(ndocs "$T/s.db")
said=$(new_of "$T/err")
echo "note: exit $rc, summary says ${said:-?} new, the store holds $stored documents"
[ "$rc" -eq 1 ] && ok "a rolled-back batch: exit 1" || fail "exit $rc after a failed batch: $(tail -3 "$T/err")"
grep -qE "^sitrep ingest: the last batch was rolled back: [0-9]+ documents? not stored" "$T/err" &&
  ok "the rollback is reported" || fail "no rollback message: $(tail -3 "$T/err")"
[ -n "$said" ] && [ "$((said + 1))" -eq "$stored" ] && ok "summary 'new' ($said) = documents committed ($stored - 1)" ||
  fail "summary says ${said:-nothing} new, the store holds $stored documents (1 before)"
[ "$stored" -lt 301 ] && ok "the limit stopped the run early ($stored of 301)" || fail "the limit never hit: $stored documents"
grep -qE "[1-9][0-9]* rolled back \(not stored\)" "$T/err" && ok "summary counts the rolled-back batch apart" || fail "summary: $(tail -1 "$T/err")"

# again without a limit: the rest goes in, nothing twice
"$SITREP" ingest --no-gazetteer --batch 25 --db "$T/s.db" "$T/docs.jsonl" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(ndocs "$T/s.db")" -eq 301 ] && ok "the second run completes the store (301)" ||
  fail "second run: exit $rc, $(ndocs "$T/s.db") documents: $(tail -2 "$T/err")"
said2=$(new_of "$T/err")
[ "$((said + said2 + 1))" -eq 301 ] && ok "the two summaries add up to what is stored" ||
  fail "summaries $said + $said2 + 1 != 301"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
