#!/usr/bin/env bash
# seed.sh - end-to-end check on the seed article: code it with the CLI and
# score it against its gold with ../shared/tools/score-events.
# Run from the repository root. SITREP defaults to build/sitrep.
# Passes when all "must" events are matched, at least MIN_TP of the gold
# events are matched and strict precision >= MIN_P.
set -u
SITREP=${SITREP:-build/sitrep}
SHARED=${SHARED:-../shared}
DOC="$SHARED/seed/000_a3f8a9ac8286ba8d.txt"
GOLD="$SHARED/seed/000_a3f8a9ac8286ba8d.gold.jsonl"
SCORE="$SHARED/tools/score-events"
MIN_TP=${MIN_TP:-11}
MIN_P=${MIN_P:-0.85}

if [ ! -f "$DOC" ] || [ ! -f "$GOLD" ] || [ ! -f "$SCORE" ]; then
  echo "SKIP: $SHARED (seed document, gold or scorer) not found"
  exit 0
fi
if [ ! -x "$SITREP" ]; then
  echo "FAIL: $SITREP is not an executable (build first or set SITREP)"
  exit 1
fi
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/seed.pred.jsonl"

if ! "$SITREP" code "$DOC" >"$OUT" 2>"$TMP/stderr"; then
  echo "FAIL: $SITREP code $DOC exited with an error:"
  sed 's/^/  /' "$TMP/stderr"
  exit 1
fi

if ! python3 scripts/validate-json.py code_event "$OUT" >"$TMP/schema.err" 2>&1; then
  echo "FAIL: the coder's output does not match docs/schema/sitrep.schema.json (code_event):"
  sed 's/^/  /' "$TMP/schema.err"
  exit 1
fi

if ! python3 "$SCORE" "$GOLD" "$OUT" --json >"$TMP/score.json" 2>"$TMP/score.err"; then
  echo "FAIL: score-events failed:"
  sed 's/^/  /' "$TMP/score.err"
  exit 1
fi

python3 - "$TMP/score.json" "$MIN_TP" "$MIN_P" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
min_tp, min_p = int(sys.argv[2]), float(sys.argv[3])
must_hit, must_n = s["must"]
n_gold = s["tp"] + s["fn"]
print(f"seed: strict P={s['p']:.3f} R={s['r']:.3f} F1={s['f1']:.3f} "
      f"(TP={s['tp']} FP={s['fp']} FN={s['fn']}), must {must_hit}/{must_n}")
fails = []
if must_hit < must_n:
    fails.append(f"must events matched {must_hit}/{must_n} (need all)")
if s["tp"] < min_tp:
    fails.append(f"matched events {s['tp']}/{n_gold} (need >= {min_tp})")
if s["p"] < min_p:
    fails.append(f"strict precision {s['p']:.3f} (need >= {min_p})")
for f in fails:
    print("FAIL: " + f)
if not fails:
    print("PASS")
sys.exit(1 if fails else 0)
PY
rc=$?
if [ $rc -ne 0 ]; then
  echo "details:"
  python3 "$SCORE" "$GOLD" "$OUT" --details | sed 's/^/  /'
fi
exit $rc
