#!/usr/bin/env bash
# bench/gazetteer_scale.sh - the gazetteer at allCountries size (issue 3). Not run by CI.
#
#   bench/gazetteer_scale.sh              (BUILD=build)
#   BUILD=/tmp/bldg bench/gazetteer_scale.sh
#
# 1. bench/gen_gazetteer writes a synthetic GeoNames dump of about 12 million names
#    (3,000,000 records: allCountries.txt, alternateNamesV2.txt, admin1CodesASCII.txt,
#    admin2Codes.txt) into GAZ_SCALE_DIR, never into the repository.
# 2. `sitrep gazetteer import` compiles the default sources (cities500, admin names,
#    data/places) into default.img, and the same plus the synthetic dump into big.img,
#    the latter under /usr/bin/time -v: build seconds, peak RSS, image size, records,
#    names, keys (the import's own counts).
# 3. bench/run.sh (sentences/s of `sitrep code`) with SITREP_GAZETTEER = each image, and
#    bench/bench_gazetteer (lookup ns) on each image, in alternating rounds.
# Writes GAZ_SCALE_RESULTS (bench/results-gazetteer-scale.txt).
#
# Env: BUILD (build dir holding sitrep; the bench tools are built there with
#      `cmake --build BUILD --target bench_tools`), GAZ_SCALE_DIR (/tmp/sitrep-gazscale),
#      GAZ_SCALE_RECORDS (3000000), GAZ_SCALE_REGEN=1 (regenerate the dump even if present),
#      SITREP_DEPS (~/.cache/sitrep/deps: cities500.txt, admin1.json, admin2.json),
#      BENCH_RUNS (5) for bench/run.sh, GAZ_SCALE_ROUNDS (3: the images alternate, best
#      round kept), GAZ_SCALE_RESULTS.
# Needs about 1 GB in GAZ_SCALE_DIR and about 0.7 GB of memory for the import.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
BUILD=$(realpath -m "${BUILD:-build}")
WORK=$(realpath -m "${GAZ_SCALE_DIR:-/tmp/sitrep-gazscale}")
RECORDS=${GAZ_SCALE_RECORDS:-3000000}
DEPS=${SITREP_DEPS:-${SITREP_HOME:-$HOME/.cache/sitrep}/deps}
RESULTS=${GAZ_SCALE_RESULTS:-bench/results-gazetteer-scale.txt}
CORPUS=${BENCH_CORPUS:-../shared/eval/corpus/ngec_synthetic.jsonl}
SITREP=$BUILD/sitrep
LEX=$BUILD/sitrep.lex

die() { echo "gazetteer_scale: $*" >&2; exit 2; }
say() { echo "== $*" >&2; }

case "$WORK/" in "$ROOT"/*) die "GAZ_SCALE_DIR ($WORK) must be outside the repository" ;; esac
[ -x /usr/bin/time ] || die "/usr/bin/time missing: apt-get install -y time"
for f in cities500.txt admin1.json admin2.json; do
  [ -s "$DEPS/$f" ] || die "$DEPS/$f missing (scripts/setup.sh deps)"
done
[ -f "$BUILD/CMakeCache.txt" ] || die "$BUILD is not a configured build dir (cmake -S . -B $BUILD)"

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "building sitrep, the lexicon and the bench tools in $BUILD"
cmake --build "$BUILD" -j "$(nproc)" --target sitrep lexicon bench_tools >/dev/null
mkdir -p "$WORK"

# ---- 1. synthetic dump
stamp="records=$RECORDS gen=$(sha256sum bench/gen_gazetteer.c | cut -c1-16)"
if [ "${GAZ_SCALE_REGEN:-0}" = 1 ] || [ ! -s "$WORK/allCountries.txt" ] ||
  [ "$(cat "$WORK/stamp" 2>/dev/null)" != "$stamp" ]; then
  say "generating $RECORDS records into $WORK"
  rm -f "$WORK/stamp"
  t0=$(date +%s%N)
  "$BUILD/gen_gazetteer" -n "$RECORDS" "$WORK" >"$WORK/gen.txt"
  t1=$(date +%s%N)
  echo "generated in $(awk -v n=$((t1 - t0)) 'BEGIN{printf "%.1f", n/1e9}') s" >>"$WORK/gen.txt"
  echo "$stamp" >"$WORK/stamp"
else
  say "reusing the dump in $WORK ($stamp)"
fi
cat "$WORK/gen.txt" >&2

# ---- 2. images
DEFAULT_IN=("$DEPS/cities500.txt" "$DEPS/admin1.json" "$DEPS/admin2.json" "$ROOT"/data/places/*.tsv)
BIG_IN=("${DEFAULT_IN[@]}" "$WORK/allCountries.txt" "$WORK/admin1CodesASCII.txt"
  "$WORK/admin2Codes.txt" "$WORK/alternateNamesV2.txt")

import() { # name inputs...
  local name=$1
  shift
  say "import $name.img (${#@} inputs)"
  sync
  if ! /usr/bin/time -v "$SITREP" gazetteer import "$@" -o "$WORK/$name.img" \
    >"$WORK/import-$name.txt" 2>"$WORK/import-$name.time"; then
    cat "$WORK/import-$name.time" >&2
    die "import of $name.img failed"
  fi
  cat "$WORK/import-$name.txt" >&2
}
field() { awk -v k="$2" 'index($0, k) == 1 { sub(k " *", ""); print; exit }' "$1"; }
rss_mb() { awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.0f", $2 / 1024 }' "$1"; }
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.1f", s }' "$1"; }

import default "${DEFAULT_IN[@]}"
import big "${BIG_IN[@]}"

# ---- 3. throughput (bench/run.sh) and lookups (bench_gazetteer) per image
# Peak anonymous and file-backed RSS of one `sitrep code` run (polled from /proc): the
# image is mmapped, so the RSS that /usr/bin/time reports includes its page-cache pages.
peak_rss_split() { # img -> "anon_MB file_MB"
  local pid ma=0 mf=0 a f
  SITREP_GAZETTEER=$1 SITREP_LEXICON=$LEX "$SITREP" code --quiet "$CORPUS" >/dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    read -r a f < <(awk '/^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {print a + 0, f + 0}' \
      "/proc/$pid/status" 2>/dev/null || echo "0 0")
    [ "${a:-0}" -gt "$ma" ] && ma=$a
    [ "${f:-0}" -gt "$mf" ] && mf=$f
    sleep 0.005
  done
  wait "$pid" || true
  awk -v a="$ma" -v f="$mf" 'BEGIN { printf "%.0f %.0f", a / 1024, f / 1024 }'
}

# The two images take turns, ROUNDS times, and each keeps its best run, so load from
# other processes on the machine hits both alike.
runv() { awk -v k="$2" '$0 ~ "^" k { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { print $i; exit } }' "$1"; }
lk() { # file which -> ns
  case $2 in
  memo) sed -n 's/.* \([0-9]*\) ns\/lookup.*/\1/p' "$1" | head -1 ;;
  distinct) sed -n 's/^distinct names.*: \([0-9]*\) ns\/lookup.*/\1/p' "$1" ;;
  absent) sed -n 's/^absent names.*: \([0-9]*\) ns\/lookup.*/\1/p' "$1" ;;
  esac
}
ROUNDS=${GAZ_SCALE_ROUNDS:-3}
for round in $(seq "$ROUNDS"); do
  for name in default big; do
    say "round $round/$ROUNDS: bench/run.sh and bench_gazetteer with $name.img"
    rc=0
    SITREP=$SITREP SITREP_LEXICON=$LEX SITREP_GAZETTEER=$WORK/$name.img \
      BENCH_RESULTS=$WORK/run-$name.$round.txt bench/run.sh >&2 || rc=$?
    [ $rc -le 1 ] || die "bench/run.sh failed with $name.img (status $rc)"
    if [ "$round" = 1 ] || [ "$(runv "$WORK/run-$name.$round.txt" throughput)" -gt \
      "$(runv "$WORK/run-$name.txt" throughput)" ]; then
      cp "$WORK/run-$name.$round.txt" "$WORK/run-$name.txt"
    fi
    "$BUILD/bench_gazetteer" "$WORK/$name.img" >"$WORK/lookup-$name.$round.txt"
    cat "$WORK/lookup-$name.$round.txt" >&2
    if [ "$round" = 1 ] || [ "$(lk "$WORK/lookup-$name.$round.txt" distinct)" -lt \
      "$(lk "$WORK/lookup-$name.txt" distinct)" ]; then
      cp "$WORK/lookup-$name.$round.txt" "$WORK/lookup-$name.txt"
    fi
  done
done
for name in default big; do peak_rss_split "$WORK/$name.img" >"$WORK/rss-$name.txt"; done

# ---- 4. report
rv() { runv "$WORK/run-$1.txt" "$2"; }
lv() { lk "$WORK/lookup-$1.txt" "$2"; }
events() { sed -n 's/.*sentences, \([0-9]*\) events).*/\1/p' "$WORK/run-$1.txt"; }
cand() { sed -n 's/^distinct names.*hit, \([0-9.]*\) candidates.*/\1/p' "$WORK/lookup-$1.txt"; }
bytes_mib() { field "$WORK/import-$1.txt" "image bytes" | sed 's/.*(\(.*\) MiB)/\1/'; }

{
  echo "sitrep gazetteer scale bench $(date -u +%Y-%m-%dT%H:%M:%SZ)  $("$SITREP" --version 2>/dev/null | head -1)"
  echo "host: $(uname -srm), $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2}') MB RAM; load average at the start $LOAD0, at the end $(cut -d' ' -f1-3 /proc/loadavg); work dir $WORK"
  echo "synthetic dump: $(tr '\n' ';' <"$WORK/gen.txt" | sed 's/;*$//; s/;/; /g; s/  */ /g')"
  echo "default.img = cities500 + admin1/admin2 json + data/places;"
  echo "big.img     = the same + synthetic allCountries.txt, admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.txt"
  echo
  echo "import (sitrep gazetteer import, /usr/bin/time -v)"
  printf '%-28s %16s %16s\n' "" default.img big.img
  for k in records names keys; do
    printf '%-28s %16s %16s\n' "$k" "$(field "$WORK/import-default.txt" "$k")" "$(field "$WORK/import-big.txt" "$k")"
  done
  printf '%-28s %16s %16s\n' "image size (MiB)" "$(bytes_mib default)" "$(bytes_mib big)"
  printf '%-28s %16s %16s\n' "build time (s, import's own)" "$(field "$WORK/import-default.txt" "build time" | cut -d' ' -f1)" \
    "$(field "$WORK/import-big.txt" "build time" | cut -d' ' -f1)"
  printf '%-28s %16s %16s\n' "wall time (s, process)" "$(wall_s "$WORK/import-default.time")" "$(wall_s "$WORK/import-big.time")"
  printf '%-28s %16s %16s\n' "peak RSS (MB)" "$(rss_mb "$WORK/import-default.time")" "$(rss_mb "$WORK/import-big.time")"
  echo "alternate names (big): $(field "$WORK/import-big.txt" "alt names")"
  echo
  echo "sitrep code on $CORPUS (bench/run.sh, best of ${BENCH_RUNS:-5} runs; best of $ROUNDS alternating rounds)"
  printf '%-28s %16s %16s\n' "" default.img big.img
  printf '%-28s %16s %16s\n' "throughput (sentences/s)" "$(rv default throughput)" "$(rv big throughput)"
  printf '%-28s %16s %16s\n' "wall time (s)" "$(rv default "wall time")" "$(rv big "wall time")"
  printf '%-28s %16s %16s\n' "start-up (ms)" "$(rv default start-up)" "$(rv big start-up)"
  printf '%-28s %16s %16s\n' "peak RSS (MB, time -v)" "$(rv default "peak RSS")" "$(rv big "peak RSS")"
  printf '%-28s %16s %16s\n' "  of it anonymous (MB)" "$(cut -d' ' -f1 "$WORK/rss-default.txt")" "$(cut -d' ' -f1 "$WORK/rss-big.txt")"
  printf '%-28s %16s %16s\n' "  of it mapped image (MB)" "$(cut -d' ' -f2 "$WORK/rss-default.txt")" "$(cut -d' ' -f2 "$WORK/rss-big.txt")"
  printf '%-28s %16s %16s\n' "events" "$(events default)" "$(events big)"
  echo
  echo "lookups (bench/bench_gazetteer, ns per sr_gaz_lookup; best of $ROUNDS rounds)"
  printf '%-28s %16s %16s\n' "" default.img big.img
  printf '%-28s %16s %16s\n' "16 names repeated (memo)" "$(lv default memo)" "$(lv big memo)"
  printf '%-28s %16s %16s\n' "100k distinct image names" "$(lv default distinct)" "$(lv big distinct)"
  printf '%-28s %16s %16s\n' "  candidates per lookup" "$(cand default)" "$(cand big)"
  printf '%-28s %16s %16s\n' "100k absent names" "$(lv default absent)" "$(lv big absent)"
  echo
  echo "reproduce: BUILD=$BUILD GAZ_SCALE_DIR=$WORK GAZ_SCALE_RECORDS=$RECORDS bench/gazetteer_scale.sh"
} | tee "$RESULTS"
echo "gazetteer_scale: written to $RESULTS" >&2
