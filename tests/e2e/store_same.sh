#!/usr/bin/env bash
# tests/e2e/store_same.sh - the write path must not change what is stored. The same inputs
# (the development set, the seed article, the merge clusters and the seed week, a synthetic
# sample from bench/gen_store_docs.py, then changed copies of some documents under their
# old ids, so reports are replaced, events recomputed and full-text rows deleted) are
# ingested into two stores, each dumped in a canonical order (documents, near-duplicate
# links, bands, reports, events with their merged fields, R*Tree rows) and diffed; the
# full-text index of each must pass FTS5's integrity-check against its reports and answer
# the same searches.
#   default:               this build with --batch 1 against this build with --batch 400
#   SITREP_BASE=/path/to/release-16/sitrep: that build against this one (both --batch 400;
#                          run it by hand when changing the store, see README "The store")
#   SITREP=build/sitrep bash tests/e2e/store_same.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
BASE=${SITREP_BASE:-}
SHARED=${SHARED:-../shared}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not found"; exit 0; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- inputs
mkdir -p "$T/in"
[ -f "$SHARED/eval/dev/conflict_dev.jsonl" ] && cp "$SHARED/eval/dev/conflict_dev.jsonl" "$T/in/1dev.jsonl"
for f in "$SHARED"/seed/*.txt; do [ -f "$f" ] && cp "$f" "$T/in/"; done
cp "$ROOT/tests/store/clusters/clusters.jsonl" "$T/in/2clusters.jsonl"
cp "$ROOT/tests/store/seed_week/week.jsonl" "$T/in/3week.jsonl"
NSYN=${STORE_SAME_DOCS:-1500}
CITIES=${CITIES:-$HOME/.cache/sitrep/deps/cities500.txt}
if [ -f "$CITIES" ]; then
  python3 "$ROOT/bench/gen_store_docs.py" "$NSYN" "$T/in/4syn.jsonl" --cities "$CITIES" ||
    fail "gen_store_docs.py failed"
else
  echo "note: $CITIES not found, no synthetic sample"
fi
# changed copies under the same ids: every 7th synthetic and clusters document, with a
# sentence added (replacement), and every 11th with its text cut (fewer reports)
python3 - "$T/in" "$T/change.jsonl" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(out, "w") as o:
    for name in ("2clusters.jsonl", "4syn.jsonl"):
        p = os.path.join(src, name)
        if not os.path.exists(p):
            continue
        for i, line in enumerate(open(p, encoding="utf-8")):
            d = json.loads(line)
            if "text" not in d:
                continue
            if i % 7 == 3:
                d["text"] += " Government forces shelled the area again on the next day, residents said."
            elif i % 11 == 5:
                d["text"] = d["text"][: len(d["text"]) // 2]
            else:
                continue
            o.write(json.dumps(d, ensure_ascii=False) + "\n")
PY

ingest() { # BIN DB BATCH
  "$1" ingest --quiet --batch "$3" --db "$2" --date 2024-01-15 "$T/in" >/dev/null 2>"$2.err"
  local a=$?
  "$1" ingest --quiet --batch "$3" --db "$2" "$T/change.jsonl" >/dev/null 2>>"$2.err"
  local b=$?
  [ $a -le 1 ] && [ $b -le 1 ] || fail "$1 ingest into $(basename "$2") exited $a/$b: $(head -3 "$2.err")"
}

dump() { # DB OUT (columns every schema since 5 has, in a canonical order)
  sqlite3 "$1" >"$2" <<'SQL'
.mode list
.separator |
.nullvalue NULL
SELECT 'doc', id, ext_id, url, source, title, date, hash, simhash, dup_of, nbytes, hex(text_zstd), hex(minhash) FROM documents ORDER BY id;
SELECT 'band', band, doc FROM doc_bands ORDER BY band, doc;
SELECT 'report', id, doc, event, sent, off, len, evidence, date, src_id, tgt_id, cameo, loc_name, cc, admin1, admin2,
  precision, lat, lon, geonameid, confidence, date_told, time_precision, fatalities, injured, acled, acled_sub,
  src_inter, tgt_inter FROM reports ORDER BY id;
SELECT 'event', id, date, date_min, date_max, src_id, src_name, tgt_id, tgt_name, cameo, root, plover, acled, acled_sub,
  has_loc, loc_name, cc, admin1, admin2, precision, lat, lon, geonameid, nreports, ndocs, date_told, time_precision,
  fatalities, injured, disorder, src_inter, tgt_inter, origin, ext_id, notes, publisher FROM events ORDER BY id;
SELECT 'rtree', id, minlat, maxlat, minlon, maxlon, minday, maxday FROM events_rtree ORDER BY id;
SELECT 'fts', w, count(*) FROM (SELECT 'army' AS w, rowid FROM reports_fts WHERE reports_fts MATCH 'army'
  UNION ALL SELECT 'killed', rowid FROM reports_fts WHERE reports_fts MATCH 'killed'
  UNION ALL SELECT 'shelled', rowid FROM reports_fts WHERE reports_fts MATCH 'shelled') GROUP BY w;
SELECT 'ftsrows', sum(rowid), count(*) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH 'the OR said OR forces');
SQL
  sqlite3 "$1" "INSERT INTO reports_fts(reports_fts, rank) VALUES('integrity-check', 1);" 2>&1 |
    sed 's/^/fts-integrity: /' >>"$2"
}

if [ -n "$BASE" ]; then
  [ -x "$BASE" ] || { echo "FAIL: SITREP_BASE=$BASE is not executable"; exit 1; }
  A_BIN=$BASE A_BATCH=400 B_BIN=$SITREP B_BATCH=400
  echo "comparing $BASE (--batch 400) with $SITREP (--batch 400)"
else
  A_BIN=$SITREP A_BATCH=1 B_BIN=$SITREP B_BATCH=400
  echo "comparing $SITREP --batch 1 with --batch 400 (set SITREP_BASE to compare with a release)"
fi
ingest "$A_BIN" "$T/a.db" "$A_BATCH"
ingest "$B_BIN" "$T/b.db" "$B_BATCH"
dump "$T/a.db" "$T/a.txt"
dump "$T/b.db" "$T/b.txt"
for x in a b; do
  grep -q '^fts-integrity: ' "$T/$x.txt" && fail "$x.db: FTS5 integrity-check: $(grep '^fts-integrity' "$T/$x.txt" | head -2)"
  bin=$A_BIN
  [ $x = b ] && bin=$B_BIN
  "$bin" db check --db "$T/$x.db" >/dev/null 2>"$T/$x.check" || fail "$x.db: db check: $(head -3 "$T/$x.check")"
done
if [ -n "$BASE" ]; then
  # the release's store migrated by this build: sound, and what this build wrote itself
  cp "$T/a.db" "$T/m.db"
  "$SITREP" db migrate --db "$T/m.db" >/dev/null 2>"$T/m.err" || fail "db migrate of the release's store: $(head -3 "$T/m.err")"
  "$SITREP" db check --db "$T/m.db" >/dev/null 2>"$T/m.check" || fail "migrated store: db check: $(head -3 "$T/m.check")"
  q="SELECT id, first_evidence, first_source, first_url FROM events ORDER BY id"
  [ "$(sqlite3 "$T/m.db" "$q" | md5sum)" = "$(sqlite3 "$T/b.db" "$q" | md5sum)" ] ||
    fail "the migrated store's events differ from this build's (first report columns)"
fi
# what the two builds answer from their stores: every row in every format, byte for byte
for fmt in jsonl geojson csv tsv; do
  "$A_BIN" events --db "$T/a.db" --format $fmt >"$T/a.$fmt" 2>&1
  "$B_BIN" events --db "$T/b.db" --format $fmt >"$T/b.$fmt" 2>&1
  cmp -s "$T/a.$fmt" "$T/b.$fmt" || fail "sitrep events --format $fmt differs: $(diff "$T/a.$fmt" "$T/b.$fmt" | head -4)"
done
[ "$("$B_BIN" events --db "$T/b.db" --country SY --count)" = "$("$A_BIN" events --db "$T/a.db" --country SY --count)" ] ||
  fail "counts differ"
# every statement of the write path and the typical queries still search an index (no
# full scan of a table that grows with the store)
while IFS= read -r sql; do
  plan=$(sqlite3 "$T/b.db" "EXPLAIN QUERY PLAN $sql" 2>&1)
  if grep -q 'SCAN \(documents\|doc_bands\|reports\|events\|e\|r\|d\)\b' <<<"$plan" || grep -q 'Error' <<<"$plan"; then
    fail "no index for: $sql -> $(tr '\n' ' ' <<<"$plan")"
  fi
done <<'SQL'
DELETE FROM doc_bands WHERE band = 1 AND doc = 2
SELECT doc FROM doc_bands WHERE band = 1 ORDER BY doc LIMIT 64
SELECT minhash, dup_of FROM documents WHERE id = 1
SELECT id, hash, nbytes FROM documents WHERE ext_id = 'x'
SELECT id, event, evidence FROM reports WHERE doc = 1
SELECT id, date FROM events WHERE origin = 'coded' AND cc = 'SY' AND date BETWEEN '2021-01-01' AND '2021-01-05' AND ((lat BETWEEN 1 AND 2 AND lon BETWEEN 1 AND 2) OR precision IN ('admin1', 'country')) LIMIT 4096
SELECT id, date FROM events WHERE origin = 'coded' AND cc = 'SY' AND admin1 = 'Aleppo' AND date BETWEEN '2021-01-01' AND '2021-01-05' LIMIT 4096
SELECT id, date FROM events WHERE +origin = 'coded' AND cc = 'SY' AND (CASE WHEN precision IN ('admin1', 'country') THEN -1 ELSE CAST((lat + 90) * 2 AS INTEGER) * 1024 + CAST((lon + 180) * 2 AS INTEGER) END) = -1 AND date BETWEEN '2021-01-01' AND '2021-01-05' AND precision = 'country' LIMIT 4096
SELECT id, date FROM events WHERE origin = 'coded' AND cc = 'SY' AND date BETWEEN '2021-01-01' AND '2021-01-05' LIMIT 4096
SELECT e.id FROM events e WHERE e.origin IN ('coded', 'acled') AND e.cc = 'SY' AND e.date >= '2021-03-01' AND e.date <= '2021-03-31' ORDER BY e.date DESC, e.id DESC
SELECT id, date FROM events WHERE origin = 'coded' AND date BETWEEN '2021-01-01' AND '2021-01-05' AND has_loc = 0 LIMIT 4096
SELECT 1 FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = 1 AND r.doc = 2 AND d.dup_of IS NULL LIMIT 1
SELECT 1 FROM documents d WHERE d.dup_of = 2 AND EXISTS (SELECT 1 FROM reports r WHERE r.event = 1 AND r.doc = d.id) LIMIT 1
SELECT COUNT(*), MIN(r.date), MAX(r.date), COUNT(DISTINCT COALESCE(d.dup_of, d.id)) FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = 1
UPDATE events SET (first_evidence, first_source, first_url) = (SELECT r.evidence, d.source, d.url FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = 1 ORDER BY r.id LIMIT 1) WHERE id = 1
SELECT e.id FROM events e WHERE e.origin = 'coded' AND (e.src_id = 'ISIS' OR e.tgt_id = 'ISIS') AND e.cc = 'SY' AND e.date >= '2021-03-01' AND e.date <= '2021-03-31' ORDER BY e.date DESC, e.id DESC
SELECT e.id FROM events e WHERE e.origin = 'coded' AND e.cc = 'SY' AND e.date >= '2021-03-01' AND e.date <= '2021-03-31' ORDER BY e.date DESC, e.id DESC LIMIT 100
SELECT count(*) FROM events e WHERE e.origin = 'coded' AND e.cc = 'SY' AND e.date >= '2021-03-01' AND e.date <= '2021-03-31'
SELECT e.id FROM events e WHERE e.date >= '2021-01-01' AND e.date <= '2021-12-31' AND e.id IN (SELECT id FROM events_rtree WHERE minlat <= 36.65 AND maxlat >= 35.75 AND minlon <= 37.7 AND maxlon >= 36.6) ORDER BY e.date DESC, e.id DESC
SQL
nrep=$(grep -c '^report|' "$T/b.txt")
nev=$(grep -c '^event|' "$T/b.txt")
nmerged=$(awk -F'|' '$1 == "event" && $24 > 1' "$T/b.txt" | wc -l)
nrepl=$(wc -l <"$T/change.jsonl")
[ "$nrep" -gt 100 ] || fail "only $nrep reports stored"
[ "$nmerged" -gt 10 ] || fail "only $nmerged merged events"
if ! diff -q "$T/a.txt" "$T/b.txt" >/dev/null; then
  fail "the stores differ ($(diff "$T/a.txt" "$T/b.txt" | grep -c '^[<>]') lines):"
  diff "$T/a.txt" "$T/b.txt" | head -10
fi
[ "$fails" -eq 0 ] || exit 1
echo "PASS: identical stores: $(grep -c '^doc|' "$T/b.txt") documents ($nrepl replaced), $nrep reports, $nev events ($nmerged merged)"
