#!/usr/bin/env bash
# bench/run.sh - throughput, start-up time and peak memory of `sitrep code`.
#
#   bench/run.sh            (or: make bench)
#
# Corpora: ../shared/eval/corpus/ngec_synthetic.jsonl (read in place, never copied), and real
# prose: the dev set's report texts (../shared/eval/dev/conflict_dev.jsonl) repeated to about
# 5 MB with unique ids, written to a temporary file (its sentences counted once by
# `sitrep parse`, untimed).
# Env: SITREP (binary, default build/sitrep), BENCH_RUNS (5), BENCH_STARTUP_RUNS (10),
#      BENCH_CORPUS, BENCH_DEV, BENCH_PROSE_MB (5), BENCH_RESULTS (default bench/results.txt),
#      SITREP_GAZETTEER and SITREP_LEXICON (images; default: next to the binary). Writes
#      BENCH_RESULTS. Exit 1 when a target is missed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SITREP=${SITREP:-build/sitrep}
CORPUS=${BENCH_CORPUS:-../shared/eval/corpus/ngec_synthetic.jsonl}
# Sentence count of the corpus (35,315 per ../shared/eval/README.md). A constant because the
# CLI has no sentence counter yet; replace with `sitrep code --stats` when it exists.
SENTENCES=${BENCH_SENTENCES:-35315}
RUNS=${BENCH_RUNS:-5}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-10}
RESULTS=${BENCH_RESULTS:-bench/results.txt}

DEVSET=${BENCH_DEV:-../shared/eval/dev/conflict_dev.jsonl}
PROSE_MB=${BENCH_PROSE_MB:-5}

# targets (issue 9: one core, the syntactic layer included)
T_RATE=130000 # sentences/s on the synthetic corpus, at least
T_PROSE=85000 # sentences/s on real prose, at least
T_START=100   # ms, below
T_RSS=300     # MB, at most

if [ ! -x "$SITREP" ] || { [ -z "${SITREP_LEXICON:-}" ] && [ ! -f build/sitrep.lex ]; }; then
  echo "bench: building first (make)"
  make --no-print-directory build
fi
if [ -z "${SITREP_GAZETTEER:-}" ] && [ ! -f build/gazetteer.img ]; then
  echo "bench: compiling the gazetteer first (make gazetteer)"
  make --no-print-directory gazetteer
fi
[ -f "$CORPUS" ] || { echo "bench: corpus $CORPUS not found (needs ../shared beside the repo)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing: apt-get install -y time (or make setup)" >&2; exit 2; }

now_ns() { date +%s%N; }

# Time one run (ns) of: sitrep code ARGS < STDIN > /dev/null
time_run() { # stdin args...
  local in=$1 t0 t1 rc
  shift
  t0=$(now_ns)
  set +e
  "$SITREP" code --quiet "$@" <"$in" >/dev/null 2>>"$ERRLOG"
  rc=$?
  set -e
  t1=$(now_ns)
  if [ $rc -ge 2 ]; then
    echo "bench: '$SITREP code $*' failed with status $rc:" >&2
    tail -5 "$ERRLOG" >&2
    exit 2
  fi
  echo $((t1 - t0))
}

best_of() { # n stdin args...
  local n=$1 best= t
  shift
  for _ in $(seq "$n"); do
    t=$(time_run "$@")
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

ERRLOG=$(mktemp)
PROSE=$(mktemp)
trap 'rm -f "$ERRLOG" "$PROSE"' EXIT

# real prose: the dev texts, repeated with unique ids; sentences counted once by `sitrep parse`
prose_sentences=0
if [ -f "$DEVSET" ] && command -v python3 >/dev/null; then
  prose_sentences=$(python3 - "$DEVSET" "$PROSE" "$PROSE_MB" "$SITREP" <<'PY'
import json, subprocess, sys
dev, out, mb, sitrep = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
texts = [json.loads(l)["text"] for l in open(dev, encoding="utf-8") if l.strip()]
per = []
for t in texts:  # sentences per text, as the coder splits them
    p = subprocess.run([sitrep, "parse"], input=t, capture_output=True, text=True)
    per.append(sum(1 for line in p.stdout.splitlines() if line.startswith("# ")))
size, n, total = 0, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1024 * 1024:
        for t, k in zip(texts, per):
            line = json.dumps({"id": "p%07d" % n, "text": t}, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            n += 1
            total += k
print(total)
PY
  )
fi

echo "bench: $SITREP on $CORPUS ($SENTENCES sentences), best of $RUNS"
wall_ns=$(best_of "$RUNS" /dev/null "$CORPUS")
prose_ns=0
if [ "${prose_sentences:-0}" -gt 0 ]; then
  echo "bench: real prose, $DEVSET repeated to $PROSE_MB MB ($prose_sentences sentences), best of $RUNS"
  prose_ns=$(best_of "$RUNS" /dev/null "$PROSE")
fi
start_ns=$(best_of "$STARTUP_RUNS" /dev/null)
rss_kb=$(/usr/bin/time -v "$SITREP" code --quiet "$CORPUS" 2>&1 >/dev/null |
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
events=$("$SITREP" code --quiet "$CORPUS" 2>/dev/null | wc -l || true)

wall_s=$(awk -v n="$wall_ns" 'BEGIN { printf "%.3f", n / 1e9 }')
rate=$(awk -v n="$wall_ns" -v s="$SENTENCES" 'BEGIN { printf "%.0f", s / (n / 1e9) }')
prose_rate=$(awk -v n="$prose_ns" -v s="${prose_sentences:-0}" 'BEGIN { if (n > 0) printf "%.0f", s / (n / 1e9); else print 0 }')
prose_s=$(awk -v n="$prose_ns" 'BEGIN { printf "%.3f", n / 1e9 }')
start_ms=$(awk -v n="$start_ns" 'BEGIN { printf "%.1f", n / 1e6 }')
rss_mb=$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')

verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }
v_rate=$(verdict "$rate >= $T_RATE")
if [ "$prose_ns" -gt 0 ]; then v_prose=$(verdict "$prose_rate >= $T_PROSE"); else v_prose=SKIP; fi
v_start=$(verdict "$start_ms < $T_START")
v_rss=$(verdict "$rss_mb <= $T_RSS")

{
  echo "sitrep bench $(date -u +%Y-%m-%dT%H:%M:%SZ)  $("$SITREP" --version 2>/dev/null | head -1)"
  echo "host: $(uname -srm), $(nproc) cores; corpus: $CORPUS ($SENTENCES sentences, $events events)"
  echo
  printf '%-22s %14s   %-16s %s\n' metric value target result
  printf '%-22s %14s   %-16s %s\n' "wall time (best/$RUNS)" "$wall_s s" "-" "-"
  printf '%-22s %14s   %-16s %s\n' "throughput" "$rate sent/s" ">= $T_RATE" "$v_rate"
  printf '%-22s %14s   %-16s %s\n' "real prose (best/$RUNS)" "$prose_s s" "-" "-"
  printf '%-22s %14s   %-16s %s\n' "throughput, prose" "$prose_rate sent/s" ">= $T_PROSE" "$v_prose"
  printf '%-22s %14s   %-16s %s\n' "start-up (best/$STARTUP_RUNS)" "$start_ms ms" "< $T_START ms" "$v_start"
  printf '%-22s %14s   %-16s %s\n' "peak RSS" "$rss_mb MB" "<= $T_RSS MB" "$v_rss"
} | tee "$RESULTS"
echo "bench: written to $RESULTS"

[ "$v_rate$v_start$v_rss" = PASSPASSPASS ] && [ "$v_prose" != FAIL ]
