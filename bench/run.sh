#!/usr/bin/env bash
# bench/run.sh - throughput, start-up time and peak memory of `sitrep code`, and the same
# throughput of the last release, measured in the same run (issue 13 item 5).
#
#   bench/run.sh            (or: make bench)
#
# Corpora: ../shared/eval/corpus/ngec_synthetic.jsonl (read in place, never copied), and real
# prose: the dev set's report texts (../shared/eval/dev/conflict_dev.jsonl) repeated to about
# 5 MB with unique ids, written to a temporary file (its sentences counted once by
# `sitrep parse`, untimed).
# The previous release (git tag $BENCH_RELEASE, default release-16) is built once with -j1 into
# a cache directory ($BENCH_CACHE, default $SITREP_HOME or ~/.cache/sitrep, then
# bench-<tag>/: a `git archive` of the tag, configured and built there with its own lexicon
# image) and reused while its tag points at the same commit. Each round runs the release,
# `--jobs 1` and `--jobs 2` of this build one after the other (interleaved, so a loaded
# machine slows all three alike); the best of BENCH_RUNS rounds is kept and the ratios are
# printed besides the absolute figures. The outputs of the three are compared byte for byte.
# Env: SITREP (binary, default build/sitrep), BENCH_RUNS (5), BENCH_STARTUP_RUNS (10),
#      BENCH_CORPUS, BENCH_DEV, BENCH_PROSE_MB (5), BENCH_RESULTS (default bench/results.txt),
#      BENCH_RELEASE (tag; empty = no comparison), BENCH_CACHE, BENCH_INSTR=1 (also count the
#      instructions of the release and of --jobs 1 under valgrind: slow, but the one figure a
#      loaded machine does not move),
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

RELEASE=${BENCH_RELEASE-release-16}
CACHE=${BENCH_CACHE:-${SITREP_HOME:-$HOME/.cache/sitrep}}

# targets (issue 9: one core, the syntactic layer included; issue 13: two threads, ratios)
T_RATE=130000  # sentences/s on the synthetic corpus, --jobs 1, at least
T_PROSE=85000  # sentences/s on real prose, --jobs 1, at least
T_PROSE2=200000 # sentences/s on real prose, --jobs 2, at least
T_PAR=1.8      # --jobs 2 over --jobs 1, at least (2 cores)
T_OLD=1.4      # --jobs 1 over the release, at least
T_START=100    # ms, below
T_RSS=300      # MB, at most

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

# Time one run of: BIN code --quiet ARGS < STDIN > OUT; prints "WALL_NS CPU_NS" (CPU: user +
# system of the process and its threads, which a loaded machine inflates far less than wall time)
time_run() { # bin stdin out args...
  local bin=$1 in=$2 out=$3 t0 t1 rc cpu
  shift 3
  t0=$(now_ns)
  set +e
  /usr/bin/time -f '%U %S' -o "$TIMEF" "$bin" code --quiet "$@" <"$in" >"$out" 2>>"$ERRLOG"
  rc=$?
  set -e
  t1=$(now_ns)
  if [ $rc -ge 2 ]; then
    echo "bench: '$bin code $*' failed with status $rc:" >&2
    tail -5 "$ERRLOG" >&2
    exit 2
  fi
  cpu=$(awk 'NF == 2 { printf "%.0f", ($1 + $2) * 1e9 }' "$TIMEF")
  echo "$((t1 - t0)) ${cpu:-0}"
}

best_of() { # n bin stdin args...
  local n=$1 best= t
  shift
  local bin=$1 in=$2
  shift 2
  for _ in $(seq "$n"); do
    t=$(time_run "$bin" "$in" /dev/null "$@")
    t=${t%% *}
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  echo "$best"
}

# The release build: OLD (binary) or empty when there is none.
OLD=
build_release() {
  [ -n "$RELEASE" ] || return 0
  local commit dir
  commit=$(git rev-parse -q --verify "$RELEASE^{commit}" 2>/dev/null) || {
    echo "bench: no tag $RELEASE in this repository; no comparison" >&2
    return 0
  }
  dir="$CACHE/bench-$RELEASE"
  if [ ! -x "$dir/build/sitrep" ] || [ ! -f "$dir/build/sitrep.lex" ] || [ "$(cat "$dir/commit" 2>/dev/null)" != "$commit" ]; then
    echo "bench: building $RELEASE ($commit) once into $dir (-j1)"
    rm -rf "$dir"
    mkdir -p "$dir/src"
    git archive "$commit" | tar -x -C "$dir/src"
    if ! { cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release >"$dir/build.log" 2>&1 &&
      cmake --build "$dir/build" -j1 --target sitrep lexicon >>"$dir/build.log" 2>&1; }; then
      echo "bench: building $RELEASE failed (see $dir/build.log); no comparison" >&2
      return 0
    fi
    echo "$commit" >"$dir/commit"
  fi
  OLD="$dir/build/sitrep"
}
ERRLOG=$(mktemp)
PROSE=$(mktemp)
TIMEF=$(mktemp)
OUTD=$(mktemp -d)
trap 'rm -rf "$ERRLOG" "$PROSE" "$TIMEF" "$OUTD"' EXIT

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

build_release
GAZ=${SITREP_GAZETTEER:-$(dirname "$SITREP")/gazetteer.img}
# the release reads its own lexicon image (next to it) and this gazetteer
run_old() { SITREP_LEXICON= SITREP_GAZETTEER="$GAZ" time_run "$OLD" "$@"; }

# one round: release, --jobs 1, --jobs 2 on one input; the best wall time of each kept in
# B[tag.kind], the best CPU time in C[tag.kind]
declare -A B C
keep() { # key "wall cpu"
  local w=${2%% *} c=${2##* }
  if [ -z "${B[$1]:-}" ] || [ "$w" -lt "${B[$1]}" ]; then B[$1]=$w; fi
  if [ -z "${C[$1]:-}" ] || [ "$c" -lt "${C[$1]}" ]; then C[$1]=$c; fi
}
round() { # tag input
  local tag=$1 input=$2
  [ -n "$OLD" ] && keep "$tag.old" "$(run_old /dev/null "$OUTD/$tag.old" "$input")"
  for j in 1 2; do keep "$tag.j$j" "$(time_run "$SITREP" /dev/null "$OUTD/$tag.j$j" --jobs $j "$input")"; done
}

echo "bench: $SITREP on $CORPUS ($SENTENCES sentences), best of $RUNS interleaved rounds${OLD:+ against $RELEASE}"
for _ in $(seq "$RUNS"); do
  round syn "$CORPUS"
  [ "${prose_sentences:-0}" -gt 0 ] && round prose "$PROSE"
done
same=yes
for tag in syn prose; do
  [ -f "$OUTD/$tag.j1" ] || continue
  cmp -s "$OUTD/$tag.j1" "$OUTD/$tag.j2" || same="NO ($tag: --jobs 2 differs from --jobs 1)"
done
old_same=-
if [ -n "$OLD" ]; then
  old_same=yes
  for tag in syn prose; do
    [ -f "$OUTD/$tag.old" ] && ! cmp -s "$OUTD/$tag.old" "$OUTD/$tag.j1" && old_same="no ($tag: the coder changed since $RELEASE)"
  done
fi
wall_ns=${B[syn.j1]}
prose_ns=${B[prose.j1]:-0}
start_ns=$(best_of "$STARTUP_RUNS" "$SITREP" /dev/null --jobs 1)
rss_kb=$(/usr/bin/time -v "$SITREP" code --quiet --jobs 1 "$CORPUS" 2>&1 >/dev/null |
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
rss2_kb=$(/usr/bin/time -v "$SITREP" code --quiet --jobs 2 "$CORPUS" 2>&1 >/dev/null |
  awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
events=$(wc -l <"$OUTD/syn.j1")

# instructions (valgrind callgrind "I refs") of one run, --jobs 1 / the release; 0 when not counted
instr() { # bin input [args]
  local bin=$1 input=$2 log
  shift 2
  log=$(mktemp)
  if [ "$bin" = "$OLD" ]; then
    SITREP_LEXICON= SITREP_GAZETTEER="$GAZ" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$bin" code --quiet "$@" "$input" >/dev/null 2>"$log" || true
  else
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" code --quiet "$@" "$input" >/dev/null 2>"$log" || true
  fi
  awk '/I *refs:/ { gsub(/,/, "", $NF); print $NF; f = 1 } END { if (!f) print 0 }' "$log"
  rm -f "$log"
}
I_SYN_OLD=0 I_SYN_NEW=0 I_PROSE_OLD=0 I_PROSE_NEW=0
if [ "${BENCH_INSTR:-0}" = 1 ] && [ -n "$OLD" ] && command -v valgrind >/dev/null; then
  echo "bench: counting instructions under valgrind (slow)"
  I_SYN_OLD=$(instr "$OLD" "$CORPUS")
  I_SYN_NEW=$(instr "$SITREP" "$CORPUS" --jobs 1)
  if [ "${prose_sentences:-0}" -gt 0 ]; then
    I_PROSE_OLD=$(instr "$OLD" "$PROSE")
    I_PROSE_NEW=$(instr "$SITREP" "$PROSE" --jobs 1)
  fi
fi

rate_of() { awk -v n="${1:-0}" -v s="$2" 'BEGIN { if (n > 0) printf "%.0f", s / (n / 1e9); else print 0 }'; }
# ratio TIME_A TIME_B: how many times faster B ran than A
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
secs() { awk -v n="${1:-0}" 'BEGIN { printf "%.3f", n / 1e9 }'; }
rate=$(rate_of "$wall_ns" "$SENTENCES")
rate2=$(rate_of "${B[syn.j2]}" "$SENTENCES")
rate_old=$(rate_of "${B[syn.old]:-0}" "$SENTENCES")
prose_rate=$(rate_of "$prose_ns" "${prose_sentences:-0}")
prose_rate2=$(rate_of "${B[prose.j2]:-0}" "${prose_sentences:-0}")
prose_old=$(rate_of "${B[prose.old]:-0}" "${prose_sentences:-0}")
par_syn=$(ratio "$wall_ns" "${B[syn.j2]}")
par_prose=$(ratio "$prose_ns" "${B[prose.j2]:-0}")
old_syn=$(ratio "${B[syn.old]:-0}" "$wall_ns")
old_prose=$(ratio "${B[prose.old]:-0}" "$prose_ns")
old2_syn=$(ratio "${B[syn.old]:-0}" "${B[syn.j2]}")
old2_prose=$(ratio "${B[prose.old]:-0}" "${B[prose.j2]:-0}")
cpu_syn=$(ratio "${C[syn.old]:-0}" "${C[syn.j1]}")
cpu_prose=$(ratio "${C[prose.old]:-0}" "${C[prose.j1]:-0}")
cpu_par=$(ratio "${C[syn.j1]}" "${C[syn.j2]}")
start_ms=$(awk -v n="$start_ns" 'BEGIN { printf "%.1f", n / 1e6 }')
rss_mb=$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
rss2_mb=$(awk -v k="${rss2_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')

verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }
v_rate=$(verdict "$rate >= $T_RATE")
if [ "$prose_ns" -gt 0 ]; then
  v_prose=$(verdict "$prose_rate >= $T_PROSE")
  v_prose2=$(verdict "$prose_rate2 >= $T_PROSE2")
  v_parp=$(verdict "$par_prose >= $T_PAR")
else
  v_prose=SKIP v_prose2=SKIP v_parp=SKIP
fi
v_par=$(verdict "$par_syn >= $T_PAR")
if [ -n "$OLD" ]; then
  v_old=$(verdict "$old_syn >= $T_OLD")
  if [ "$prose_ns" -gt 0 ]; then v_oldp=$(verdict "$old_prose >= $T_OLD"); else v_oldp=SKIP; fi
else
  v_old=SKIP v_oldp=SKIP
fi
v_same=$([ "$same" = yes ] && echo PASS || echo FAIL)
v_start=$(verdict "$start_ms < $T_START")
v_rss=$(verdict "$rss_mb <= $T_RSS && $rss2_mb <= $T_RSS")

{
  echo "sitrep bench $(date -u +%Y-%m-%dT%H:%M:%SZ)  $("$SITREP" --version 2>/dev/null | head -1)"
  echo "host: $(uname -srm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "corpus: $CORPUS ($SENTENCES sentences, $events events); prose: $DEVSET repeated to $PROSE_MB MB (${prose_sentences:-0} sentences)"
  if [ -n "$OLD" ]; then rel="$RELEASE ($OLD)"; else rel=none; fi
  echo "release: ${rel//$HOME/\~}; best of $RUNS interleaved rounds (release, --jobs 1, --jobs 2)" # no machine path in the results
  echo "wall-clock figures; the CPU lines (user + system time) are less sensitive to a loaded machine"
  echo
  printf '%-30s %16s   %-14s %s\n' metric value target result
  printf '%-30s %16s   %-14s %s\n' "synthetic, $RELEASE" "$rate_old sent/s" "-" "$(secs "${B[syn.old]:-0}") s"
  printf '%-30s %16s   %-14s %s\n' "synthetic, --jobs 1" "$rate sent/s" ">= $T_RATE" "$v_rate $(secs "$wall_ns") s"
  printf '%-30s %16s   %-14s %s\n' "synthetic, --jobs 2" "$rate2 sent/s" "-" "$(secs "${B[syn.j2]}") s"
  printf '%-30s %16s   %-14s %s\n' "prose, $RELEASE" "$prose_old sent/s" "-" "$(secs "${B[prose.old]:-0}") s"
  printf '%-30s %16s   %-14s %s\n' "prose, --jobs 1" "$prose_rate sent/s" ">= $T_PROSE" "$v_prose $(secs "$prose_ns") s"
  printf '%-30s %16s   %-14s %s\n' "prose, --jobs 2" "$prose_rate2 sent/s" ">= $T_PROSE2" "$v_prose2 $(secs "${B[prose.j2]:-0}") s"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 2 / 1, synthetic" "$par_syn x" ">= $T_PAR" "$v_par"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 2 / 1, prose" "$par_prose x" ">= $T_PAR" "$v_parp"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 1 / release, syn" "$old_syn x" ">= $T_OLD" "$v_old"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 1 / release, prose" "$old_prose x" ">= $T_OLD" "$v_oldp"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 2 / release, syn" "$old2_syn x" "-" "-"
  printf '%-30s %16s   %-14s %s\n' "ratio --jobs 2 / release, prose" "$old2_prose x" "-" "-"
  printf '%-30s %16s   %-14s %s\n' "CPU ratio --jobs 1 / release, syn" "$cpu_syn x" "-" "$(secs "${C[syn.old]:-0}") / $(secs "${C[syn.j1]}") s"
  printf '%-30s %16s   %-14s %s\n' "CPU ratio --jobs 1 / release, prose" "$cpu_prose x" "-" "$(secs "${C[prose.old]:-0}") / $(secs "${C[prose.j1]:-0}") s"
  printf '%-30s %16s   %-14s %s\n' "CPU --jobs 1 / --jobs 2 (overhead)" "$cpu_par x" "-" "$(secs "${C[syn.j1]}") / $(secs "${C[syn.j2]}") s"
  if [ "$I_SYN_NEW" -gt 0 ]; then
    printf '%-30s %16s   %-14s %s\n' "instr. ratio release / --jobs 1, syn" "$(ratio "$I_SYN_OLD" "$I_SYN_NEW") x" "-" "$I_SYN_OLD / $I_SYN_NEW"
    printf '%-30s %16s   %-14s %s\n' "instr. ratio release / --jobs 1, prose" "$(ratio "$I_PROSE_OLD" "$I_PROSE_NEW") x" "-" "$I_PROSE_OLD / $I_PROSE_NEW"
  fi
  printf '%-30s %16s   %-14s %s\n' "--jobs 2 output = --jobs 1" "$same" "yes" "$v_same"
  printf '%-30s %16s   %-14s %s\n' "--jobs 1 output = release" "$old_same" "-" "-"
  printf '%-30s %16s   %-14s %s\n' "start-up (best/$STARTUP_RUNS)" "$start_ms ms" "< $T_START ms" "$v_start"
  printf '%-30s %16s   %-14s %s\n' "peak RSS, --jobs 1 / 2" "$rss_mb / $rss2_mb MB" "<= $T_RSS MB" "$v_rss"
} | tee "$RESULTS"
echo "bench: written to $RESULTS"

[ "$v_rate$v_start$v_rss$v_same" = PASSPASSPASSPASS ] && [ "$v_prose" != FAIL ]
