#!/usr/bin/env bash
# devset.sh - code the conflict development set with the CLI and score it.
# Run from the repository root. SITREP defaults to build/sitrep.
# Fails when the strict F1 is below the floor in tests/e2e/devset.floor.
set -u
SITREP=${SITREP:-build/sitrep}
SHARED=${SHARED:-../shared}
DEV="$SHARED/eval/dev/conflict_dev.jsonl"
SCORE="$SHARED/tools/score-events"
HERE=$(cd "$(dirname "$0")" && pwd)
FLOOR_FILE=${FLOOR_FILE:-$HERE/devset.floor}

if [ ! -f "$DEV" ] || [ ! -f "$SCORE" ]; then
  echo "SKIP: $SHARED (dev set or scorer) not found"
  exit 0
fi
if [ ! -x "$SITREP" ]; then
  echo "FAIL: $SITREP is not an executable (build first or set SITREP)"
  exit 1
fi
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
FLOOR=$(tr -d ' \t\r\n' <"$FLOOR_FILE" 2>/dev/null)
case "$FLOOR" in
  ''|*[!0-9.]*) echo "FAIL: bad or missing floor in $FLOOR_FILE"; exit 1 ;;
esac

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
DOCS="$TMP/dev_docs.jsonl"
OUT="$TMP/dev.pred.jsonl"

# Input documents: only id, date and text (the gold never reaches the coder).
python3 - "$DEV" "$DOCS" <<'PY' || { echo "FAIL: cannot convert the dev set"; exit 1; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        if line.strip():
            it = json.loads(line)
            o.write(json.dumps({"id": it["id"], "date": it.get("date"), "text": it["text"]},
                               ensure_ascii=False) + "\n")
PY

# Exit 1 means some documents failed and the others were coded: score what
# was produced (failed documents count as misses) and show the errors.
"$SITREP" code --quiet "$DOCS" >"$OUT" 2>"$TMP/stderr"
crc=$?
if [ $crc -ge 2 ]; then
  echo "FAIL: $SITREP code exited with status $crc:"
  sed 's/^/  /' "$TMP/stderr" | head -20
  exit 1
elif [ $crc -eq 1 ]; then
  echo "WARNING: some documents failed to code:"
  sed 's/^/  /' "$TMP/stderr" | head -20
fi

python3 scripts/validate-json.py code_event "$OUT" >"$TMP/schema.err" 2>&1 ||
  { echo "FAIL: output does not match docs/schema/sitrep.schema.json:"; sed 's/^/  /' "$TMP/schema.err"; exit 1; }
python3 "$SCORE" "$DEV" "$OUT" | sed 's/^/  /'
python3 "$SCORE" "$DEV" "$OUT" --json >"$TMP/score.json" || { echo "FAIL: score-events failed"; exit 1; }
python3 - "$TMP/score.json" "$FLOOR" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
floor = float(sys.argv[2])
print(f"devset: P={s['p']:.3f} R={s['r']:.3f} F1={s['f1']:.3f} "
      f"(TP={s['tp']} FP={s['fp']} FN={s['fn']}; empty items left empty "
      f"{s['empty'][0]}/{s['empty'][1]}) floor={floor:.3f}")
if s["f1"] < floor:
    print(f"FAIL: strict F1 {s['f1']:.3f} < floor {floor:.3f}")
    sys.exit(1)
print("PASS")
PY
