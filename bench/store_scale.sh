#!/usr/bin/env bash
# bench/store_scale.sh - store benchmark (not run by ctest): N synthetic
# documents (bench/gen_store_docs.py, ~10 sentences each) ingested with
# `sitrep ingest` into a store under /tmp, then the typical queries timed
# through the CLI (best of 5 runs, wall clock, process start included):
#   1. one actor in one country over a month
#   2. everything within 50 km of a place over a year
#   3. the situation of one country on one day
# and their query plans (EXPLAIN QUERY PLAN of the SQL sr_store_query and sr_store_situation
# build, with their origin term).
#   bench/store_scale.sh [N=1000000] [DIR=/tmp/sitrep-store-bench]
# The ingest runs in 10 slices of N/10 documents (one `sitrep ingest` each, into the same
# store), so the cost of the last slice can be set against the first (issue 13: at most
# 1.3x). With SITREP_BASE=/path/to/release/sitrep the release ingests the first BASE_N
# documents (default N) into its own store, slice for slice interleaved with this build's
# (same machine load), and the ratios are printed.
# Needs build/sitrep (or $SITREP), python3, sqlite3, bc and cities500.txt
# ($CITIES, default ~/.cache/sitrep/deps/cities500.txt from scripts/setup.sh).
set -euo pipefail
N=${1:-1000000}
DIR=${2:-/tmp/sitrep-store-bench}
SITREP=${SITREP:-build/sitrep}
BASE=${SITREP_BASE:-}
BASE_N=${BASE_N:-$N}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
DOCS="$DIR/docs-$N.jsonl"
DB="$DIR/store-$N.db"
BDB="$DIR/store-$N-base.db"
ms() { date +%s%N; }

if [ ! -f "$DOCS" ]; then
  echo "generating $N documents -> $DOCS"
  python3 "$HERE/gen_store_docs.py" "$N" "$DOCS" ${CITIES:+--cities "$CITIES"}
fi
# one slice: wall and CPU (user + system) milliseconds -> "$W $C"
slice() { # BIN DB FILE
  local tf rc=0
  tf=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$tf" "$1" ingest --quiet --db "$2" --batch 5000 "$3" || rc=$?
  [ $rc -le 1 ] || { echo "ingest failed ($rc)" >&2; exit 1; }
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$tf"
  rm -f "$tf"
}
if [ ! -f "$DB" ]; then
  SL=$((N / 10))
  split -l "$SL" -d -a 2 "$DOCS" "$DIR/slice-$N-"
  echo "ingesting -> $DB in 10 slices of $SL${BASE:+ (and the first $BASE_N with $BASE -> $BDB)}"
  echo "(wall ms and CPU ms, user + system; on a loaded machine the CPU time is the steadier figure)"
  total=0 ctotal=0 btotal=0 bctotal=0 first=0 last=0 bfirst=0 blast=0 done_base=0
  for k in 0 1 2 3 4 5 6 7 8 9; do
    f="$DIR/slice-$N-0$k"
    [ -f "$f" ] || continue
    read -r d c < <(slice "$SITREP" "$DB" "$f")
    total=$((total + d)) ctotal=$((ctotal + c))
    [ $k -eq 0 ] && first=$c
    last=$c
    line="slice $k: $SL documents, wall $d ms ($((SL * 1000 / (d > 0 ? d : 1))) documents/s), CPU $c ms ($((SL * 1000 / (c > 0 ? c : 1)))/s)"
    if [ -n "$BASE" ] && [ $done_base -lt "$BASE_N" ]; then
      read -r bd bc < <(slice "$BASE" "$BDB" "$f")
      btotal=$((btotal + bd)) bctotal=$((bctotal + bc))
      [ $k -eq 0 ] && bfirst=$bc
      blast=$bc
      done_base=$((done_base + SL))
      line="$line; base wall $bd ms, CPU $bc ms; speed-up wall $(echo "scale=2; $bd / $d" | bc)x, CPU $(echo "scale=2; $bc / $c" | bc)x"
    fi
    echo "$line"
  done
  rm -f "$DIR"/slice-$N-*
  echo "ingest: $N documents, wall $((total / 1000)) s = $((N * 1000 / total)) documents/s, CPU $((ctotal / 1000)) s" \
    "= $((N * 1000 / ctotal)) documents/s; last slice / first slice (CPU): $(echo "scale=2; $last / $first" | bc)"
  if [ -n "$BASE" ]; then
    echo "base: $done_base documents, wall $((btotal / 1000)) s, CPU $((bctotal / 1000)) s" \
      "= $((done_base * 1000 / bctotal)) documents/s; last/first (CPU): $(echo "scale=2; $blast / $bfirst" | bc);" \
      "speed-up over those documents: wall $(echo "scale=2; $btotal * $N / $done_base / $total" | bc)x"
  fi
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
ev=$(sqlite3 "$DB" "SELECT count(*) FROM events")
rep=$(sqlite3 "$DB" "SELECT count(*) FROM reports")
bytes=$(stat -c %s "$DB")
echo "store: $bytes bytes, $rep reports, $ev merged events: $((bytes / ev)) bytes per event, $((bytes / rep)) per report, $((bytes / N)) per document"

best() { # best of 5 wall-clock runs of "$@" in ms
  local b=999999 t0 t1 d
  for _ in 1 2 3 4 5; do
    t0=$(ms); "$@" >/dev/null; t1=$(ms)
    d=$(( (t1 - t0) / 1000 ))
    [ $d -lt $b ] && b=$d
  done
  printf '%d.%03d ms' $((b / 1000)) $((b % 1000))
}
Q1=(events --db "$DB" --actor ISIS --country SY --from 2021-03-01 --to 2021-03-31)
Q2=(events --db "$DB" --near Aleppo --km 50 --from 2021-01-01 --to 2021-12-31)
# the busiest Syrian day of June 2021, so the one-day window is not empty
AS_OF=$(sqlite3 "$DB" "SELECT date FROM events WHERE cc = 'SY' AND date LIKE '2021-06-%' GROUP BY date ORDER BY count(*) DESC LIMIT 1")
Q3=(situation --db "$DB" --as-of "$AS_OF" --country SY --days 1)
Q4=(situation --db "$DB" --as-of "$AS_OF" --country SY --days 30)
echo "q1 actor+country+month  ($("$SITREP" "${Q1[@]}" --count) events): $(best "$SITREP" "${Q1[@]}")"
echo "q2 50 km of Aleppo+year ($("$SITREP" "${Q2[@]}" --count) events): $(best "$SITREP" "${Q2[@]}")"
echo "q3 situation SY one day ($("$SITREP" "${Q3[@]}" | head -1 | sed 's/.*: //')): $(best "$SITREP" "${Q3[@]}")"
echo "q4 situation SY 30 days ($("$SITREP" "${Q4[@]}" | head -1 | sed 's/.*: //')): $(best "$SITREP" "${Q4[@]}")"
echo "baseline: sitrep events --limit 1 (process start + open): $(best "$SITREP" events --db "$DB" --limit 1)"

echo "query plans:"
sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE 1 AND e.origin = 'coded' AND (e.src_id = 'ISIS' OR e.tgt_id = 'ISIS') AND e.cc = 'SY' AND e.date >= '2021-03-01' AND e.date <= '2021-03-31' ORDER BY e.date DESC, e.id DESC" | sed 's/^/  q1 /'
sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE 1 AND e.origin = 'coded' AND e.date >= '2021-01-01' AND e.date <= '2021-12-31' AND e.id IN (SELECT id FROM events_rtree WHERE minlat <= 36.65 AND maxlat >= 35.75 AND minlon <= 37.7 AND maxlon >= 36.6 AND maxday >= julianday('2021-01-01') AND minday <= julianday('2021-12-31')) ORDER BY e.date DESC, e.id DESC" | sed 's/^/  q2 /'
sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE e.origin = 'coded' AND e.date > date('$AS_OF', '-1 day') AND e.date <= '$AS_OF' AND e.cc = 'SY' ORDER BY e.date DESC, e.id DESC" | sed 's/^/  q3 /'
