#!/usr/bin/env bash
# tests/e2e/cli_ingest_dirs.sh - `sitrep ingest` inputs: directories walked recursively in
# sorted order (--glob, hidden entries, symlink loops, the depth cap), inputs checked
# before a store is created, and documents recognised by id or content rather than by the
# path typed (x, ./x, an absolute path, a copy elsewhere).
#   SITREP=build/sitrep bash tests/e2e/cli_ingest_dirs.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
SITREP=$(cd "$(dirname "$SITREP")" && pwd)/$(basename "$SITREP")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
cd "$T" || exit 1
ING=("$SITREP" ingest --no-gazetteer --date 2018-09-12)

# the stored document ids, in the order they were stored
ids() { python3 -c "
import sqlite3, sys
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(' '.join(r[0] for r in db.execute('SELECT ext_id FROM documents ORDER BY id')))" "$1"; }
ndocs() { "$SITREP" stats --db "$1" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['documents'])"; }

mkdir -p d/sub d/.hidden d/empty
echo "Islamic State militants attacked Syrian army positions near Abu Kamal, killing eight soldiers." >d/b.txt
echo "The Syrian Democratic Forces besieged Islamic State fighters in Hajin." >d/a.txt
printf '<html><body><p>Syrian government forces shelled rebel positions in Idlib.</p></body></html>\n' >d/sub/c.html
echo "Turkish troops shelled Kurdish fighters near Afrin." >d/.hidden/h.txt
echo "Russian jets bombed rebel positions near Aleppo." >d/notes.md
ln -s .. d/sub/loop

# 1. a directory: sorted, recursive, hidden entries and unknown extensions skipped, a loop reported
"${ING[@]}" --db s.db d >out 2>err
rc=$?
[ "$rc" -eq 0 ] && ok "ingest DIR exits 0" || fail "ingest DIR exited $rc: $(cat err)"
got=$(ids s.db)
[ "$got" = "d/a.txt d/b.txt d/sub/c.html" ] && ok "walk order: $got" || fail "walk order: '$got'"
grep -q "^sitrep ingest: d/sub/loop: warning: a link back to a directory above it (loop), not followed" err &&
  ok "the symlink loop is reported" || fail "no loop warning: $(cat err)"
grep -q "ingested 3 new" err && ok "summary: 3 new" || fail "summary: $(cat err)"

# 2. the same files again under other paths: nothing new (./x, x//y, absolute, a copy)
"${ING[@]}" --db s.db ./d/a.txt d//b.txt "$T/d/sub/c.html" >out 2>err
grep -q "ingested 0 new, 3 unchanged" err && ok "./d/a.txt, d//b.txt, an absolute path: unchanged" || fail "other paths: $(cat err)"
cp d/a.txt elsewhere.txt
"${ING[@]}" --db s.db elsewhere.txt >out 2>err
grep -q "ingested 0 new, 1 unchanged" err && ok "a copy under another name: unchanged" || fail "a copy: $(cat err)"
"${ING[@]}" --db s.db d/a.txt ./d/a.txt d/../d/a.txt >out 2>err
grep -q "ingested 0 new, 1 unchanged" err && ok "one file named three ways is read once" || fail "read once: $(cat err)"
[ "$(ndocs s.db)" = 3 ] && ok "still 3 documents" || fail "documents: $(ndocs s.db)"

# 3. a changed file replaces its document (same normalised path)
echo "Islamic State militants attacked Syrian army positions near Abu Kamal, killing nine soldiers." >d/b.txt
"${ING[@]}" --db s.db ./d/b.txt >out 2>err
grep -q "ingested 0 new, 0 unchanged, 1 replaced" err && ok "a changed ./d/b.txt replaces d/b.txt" || fail "replace: $(cat err)"

# 4. --glob picks other files; explicit files are taken whatever their name
"${ING[@]}" --db g.db --glob '*.md' d >out 2>err
[ "$(ids g.db)" = "d/notes.md" ] && ok "--glob '*.md'" || fail "--glob '*.md': $(ids g.db) $(cat err)"
"${ING[@]}" --db g.db --glob '*.nothing' d >out 2>err
rc=$?
[ "$rc" -eq 1 ] && grep -q "no input files found matching --glob '\*.nothing'; nothing stored" err &&
  ok "a --glob that matches nothing: exit 1" || fail "empty --glob: exit $rc: $(cat err)"

# 5. inputs are checked before the store is created
"${ING[@]}" --db m.db nosuch.txt >out 2>err
rc=$?
[ "$rc" -eq 1 ] && [ ! -e m.db ] && ok "a missing input: exit 1, no store created" || fail "missing input: exit $rc, $(ls m.db* 2>&1)"
grep -q "^sitrep ingest: nosuch.txt: cannot read input (No such file or directory)" err && ok "it names the file" || fail "message: $(cat err)"
"${ING[@]}" --db m.db d/empty >out 2>err
rc=$?
[ "$rc" -eq 1 ] && [ ! -e m.db ] && ok "an empty directory: exit 1, no store created" || fail "empty dir: exit $rc"
"${ING[@]}" --db m.db nosuch.txt d/a.txt >out 2>err
rc=$?
[ "$rc" -eq 1 ] && [ "$(ndocs m.db)" = 1 ] && ok "one missing, one good: the good one stored, exit 1" ||
  fail "mixed inputs: exit $rc: $(cat err)"

# 6. JSONL lines without an id in two files of the same name are two documents
mkdir -p j1 j2
echo '{"text":"Islamic State militants attacked Syrian army positions near Abu Kamal."}' >j1/feed.jsonl
echo '{"text":"Syrian government forces shelled rebel positions in Idlib."}' >j2/feed.jsonl
"${ING[@]}" --db j.db j1 j2 >out 2>err
[ "$(ids j.db)" = "j1/feed.jsonl:1 j2/feed.jsonl:1" ] && ok "feed.jsonl:1 in two directories: two ids" || fail "jsonl ids: $(ids j.db)"

# 7. the depth cap: a directory nested deeper than the cap is reported and skipped
p=deep
for _ in $(seq 1 70); do p=$p/x; done
mkdir -p "$p"
cp d/a.txt "$p/deep.txt"
cp d/a.txt deep/top.txt
"${ING[@]}" --db deep.db deep >out 2>err
rc=$?
[ "$rc" -eq 1 ] && grep -q "more than 64 directory levels deep, skipped" err && [ "$(ndocs deep.db)" = 1 ] &&
  ok "deeper than 64 levels: reported, skipped, exit 1" || fail "depth cap: exit $rc: $(head -3 err)"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
