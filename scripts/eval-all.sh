#!/usr/bin/env bash
# eval-all.sh - run every measurement set through `sitrep code` and print one summary block.
#
# usage: scripts/eval-all.sh [--blind] [--verbose] [--keep]
#   --blind    also score the frozen blind set tests/blind/blind.jsonl (end of a development
#              round only; without this flag the blind set is never read)
#   --verbose  print each scorer's full report before the summary
#   --keep     keep the temporary directory (inputs, predictions, reports) and print its path
#
# Sets (paths relative to the repository root; the script cd's there itself):
#   dev set       ../shared/eval/dev/conflict_dev.jsonl, input {id, date, text}, ../shared/tools/score-events
#   seed          ../shared/seed/000_a3f8a9ac8286ba8d.txt against its .gold.jsonl (score-events)
#   notes proxy   tests/notes/notes_dev.jsonl, scripts/eval-notes.py (input {id, text}: no date)
#   PLOVER proxy  tests/plover/plover_dev.jsonl, scripts/eval-plover.py
#   petr2 GSR     ../shared/eval/dev/petrarch/petr2_gsr.jsonl, scripts/eval-plover.py
#   blind         tests/blind/blind.jsonl, exactly like the dev set (only with --blind)
#
# Environment: SITREP (default build-dev/sitrep if present, else build/sitrep);
#   SITREP_LEXICON (default: sitrep.lex next to $SITREP, else build-dev/sitrep.lex, else build/sitrep.lex);
#   SITREP_GAZETTEER (default: build/gazetteer.img, else next to $SITREP);
#   SHARED (default ../shared, relative to the repository root). Temporary files live in a mktemp
#   directory. Always exits 0; a set that cannot be run is reported as SKIPPED or FAILED.
set -u

BLIND=0 VERBOSE=0 KEEP=0
for a in "$@"; do
  case "$a" in
    --blind) BLIND=1 ;;
    --verbose|-v) VERBOSE=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "eval-all.sh: unknown argument $a (see --help)" >&2; exit 0 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 0
SHARED=${SHARED:-../shared}

if [ -z "${SITREP:-}" ]; then
  if [ -x build-dev/sitrep ]; then SITREP=build-dev/sitrep; else SITREP=build/sitrep; fi
fi
if [ -z "${SITREP_LEXICON:-}" ]; then
  for f in "$(dirname "$SITREP")/sitrep.lex" build-dev/sitrep.lex build/sitrep.lex; do
    if [ -f "$f" ]; then SITREP_LEXICON=$f; break; fi
  done
fi
if [ -z "${SITREP_GAZETTEER:-}" ]; then
  for f in build/gazetteer.img "$(dirname "$SITREP")/gazetteer.img"; do
    if [ -f "$f" ]; then SITREP_GAZETTEER=$f; break; fi
  done
fi
export SITREP_LEXICON="${SITREP_LEXICON:-}" SITREP_GAZETTEER="${SITREP_GAZETTEER:-}"
[ -n "$SITREP_LEXICON" ] || unset SITREP_LEXICON
[ -n "$SITREP_GAZETTEER" ] || unset SITREP_GAZETTEER

SCORE="$SHARED/tools/score-events"
DEV="$SHARED/eval/dev/conflict_dev.jsonl"
SEED_DOC="$SHARED/seed/000_a3f8a9ac8286ba8d.txt"
SEED_GOLD="$SHARED/seed/000_a3f8a9ac8286ba8d.gold.jsonl"
NOTES=tests/notes/notes_dev.jsonl
NOTES_BLIND=tests/blind/notes_blind.jsonl
PLOVER=tests/plover/plover_dev.jsonl
PETR2="$SHARED/eval/dev/petrarch/petr2_gsr.jsonl"
BLINDSET=tests/blind/blind.jsonl

TMP=$(mktemp -d "${TMPDIR:-/tmp}/eval-all.XXXXXX") || { echo "eval-all.sh: mktemp failed"; exit 0; }
if [ $KEEP -eq 1 ]; then
  trap 'echo "(temporary files kept in $TMP)"' EXIT
else
  trap 'rm -rf "$TMP"' EXIT
fi
SUMMARY="$TMP/summary.txt"
: >"$SUMMARY"

line() { printf '%s\n' "$*" >>"$SUMMARY"; }
have_python=1
command -v python3 >/dev/null || have_python=0

# code NAME DOCS [extra sitrep args]: run the coder; 0 = predictions in $TMP/NAME.pred.jsonl.
# Exit 1 of sitrep (some documents failed, the others coded) still scores, with a note.
code() {
  local name=$1 docs=$2; shift 2
  local rc
  "$SITREP" code --quiet "$@" "$docs" >"$TMP/$name.pred.jsonl" 2>"$TMP/$name.stderr"
  rc=$?
  if [ $rc -ge 2 ]; then
    line "$(printf '%-14s FAILED: sitrep code exited %d: %s' "$name" $rc "$(head -1 "$TMP/$name.stderr")")"
    return 1
  fi
  if [ $rc -eq 1 ]; then
    CODE_NOTE=" [sitrep: $(grep -c . "$TMP/$name.stderr") error line(s), see $name.stderr]"
  else
    CODE_NOTE=""
  fi
  return 0
}

# docs_idt GOLD OUT: input documents {id, date, text} (the gold never reaches the coder).
docs_idt() {
  python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for n, line in enumerate(f, 1):
        line = line.strip()
        if not line:
            continue
        try:
            it = json.loads(line)
        except ValueError:
            continue
        if not isinstance(it, dict):
            continue
        doc = {"id": str(it.get("id") or "line%d" % n)}
        if it.get("date"):
            doc["date"] = it["date"]
        doc["text"] = it.get("text") or ""
        o.write(json.dumps(doc, ensure_ascii=False) + "\n")
PY
}

# fmt_score NAME JSON LABEL: one summary line from score-events --json.
fmt_score() {
  python3 - "$1" "$2" "$3" "${CODE_NOTE:-}" >>"$SUMMARY" <<'PY'
import json, sys
name, path, label, note = sys.argv[1:5]
try:
    s = json.load(open(path))
except Exception as e:
    print("%-14s FAILED: cannot read the scorer's output (%s)" % (name, e)); sys.exit()
tp, fp, fn = s.get("tp", 0), s.get("fp", 0), s.get("fn", 0)
rel = s.get("relaxed") or {}
must = s.get("must") or [0, 0]
empty = s.get("empty") or [0, 0]
out = "%-14s strict P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)" % (
    name, s.get("p", 0), s.get("r", 0), s.get("f1", 0), tp, fp, fn)
extra = []
if must and must[1]:
    extra.append("must %d/%d" % tuple(must[:2]))
if empty and empty[1]:
    extra.append("[] items left empty %d/%d" % tuple(empty[:2]))
for k in ("no-location", "no-target"):
    if k in rel:
        extra.append("F1 %s %.3f" % (k, rel[k].get("f1", 0)))
print(out + ("; " + ", ".join(extra) if extra else "") + ("  " + label if label else "") + note)
PY
}

run_items() {  # NAME GOLD: an item file scored with score-events (dev set, blind set)
  local name=$1 gold=$2
  if [ ! -f "$gold" ] || [ ! -f "$SCORE" ]; then line "$(printf '%-14s SKIPPED: %s or %s not found' "$name" "$gold" "$SCORE")"; return; fi
  docs_idt "$gold" "$TMP/$name.docs.jsonl" || { line "$(printf '%-14s FAILED: cannot convert %s' "$name" "$gold")"; return; }
  code "$name" "$TMP/$name.docs.jsonl" || return
  if ! python3 "$SCORE" "$gold" "$TMP/$name.pred.jsonl" --json >"$TMP/$name.score.json" 2>"$TMP/$name.score.err"; then
    line "$(printf '%-14s FAILED: score-events: %s' "$name" "$(head -1 "$TMP/$name.score.err")")"; return
  fi
  python3 "$SCORE" "$gold" "$TMP/$name.pred.jsonl" >"$TMP/$name.report.txt" 2>&1
  fmt_score "$name" "$TMP/$name.score.json" "($(grep -c . "$TMP/$name.docs.jsonl") items)"
}

run_seed() {
  local name=seed
  if [ ! -f "$SEED_DOC" ] || [ ! -f "$SEED_GOLD" ] || [ ! -f "$SCORE" ]; then
    line "$(printf '%-14s SKIPPED: seed document, gold or scorer not found' "$name")"; return
  fi
  code "$name" "$SEED_DOC" || return
  if ! python3 "$SCORE" "$SEED_GOLD" "$TMP/$name.pred.jsonl" --json >"$TMP/$name.score.json" 2>"$TMP/$name.score.err"; then
    line "$(printf '%-14s FAILED: score-events: %s' "$name" "$(head -1 "$TMP/$name.score.err")")"; return
  fi
  python3 "$SCORE" "$SEED_GOLD" "$TMP/$name.pred.jsonl" >"$TMP/$name.report.txt" 2>&1
  fmt_score "$name" "$TMP/$name.score.json" "($(grep -c . "$SEED_GOLD") gold events)"
}

# score_script NAME SCRIPT GOLD: the script writes the documents (--docs), sitrep codes them,
# the script scores them (JSON and a report); 0 = $TMP/NAME.score.json is there
score_script() {
  local name=$1 script=$2 gold=$3
  if [ ! -f "$gold" ]; then line "$(printf '%-14s SKIPPED: %s not found' "$name" "$gold")"; return 1; fi
  python3 "scripts/$script" --docs "$gold" >"$TMP/$name.docs.jsonl" 2>"$TMP/$name.docs.err" \
    || { line "$(printf '%-14s FAILED: %s --docs: %s' "$name" "$script" "$(head -1 "$TMP/$name.docs.err")")"; return 1; }
  code "$name" "$TMP/$name.docs.jsonl" || return 1
  if ! python3 "scripts/$script" "$gold" "$TMP/$name.pred.jsonl" --json >"$TMP/$name.score.json" 2>"$TMP/$name.score.err"; then
    line "$(printf '%-14s FAILED: %s: %s' "$name" "$script" "$(head -1 "$TMP/$name.score.err")")"; return 1
  fi
  python3 "scripts/$script" "$gold" "$TMP/$name.pred.jsonl" >"$TMP/$name.report.txt" 2>&1
}

run_notes() {  # NAME GOLD
  local name=$1 gold=$2
  score_script "$name" eval-notes.py "$gold" || return
  python3 - "$name" "$TMP/$name.score.json" "${CODE_NOTE:-}" >>"$SUMMARY" <<'PY'
import json, sys
name, path, note = sys.argv[1:4]
r = json.load(open(path))
f = lambda k: 100.0 * r[k]["share"]
print("%-14s with event %.1f%%, ACLED type %.1f%%, type+sub %.1f%%, country %.1f%%, <=%g km %.1f%%, "
      "date %.1f%%, fatalities %.1f%% (%.1f%% where > 0), inter1 %.1f%% (%d notes)%s" % (
          name, f("coverage"), f("type"), f("type_sub"), f("country"), r["radius_km"],
          f("within_km"), f("date"), f("fatalities"), f("fatalities_pos"), f("inter1"), r["notes"], note))
PY
}

run_plover() {  # NAME GOLD
  local name=$1 gold=$2
  score_script "$name" eval-plover.py "$gold" || return
  python3 - "$name" "$TMP/$name.score.json" "${CODE_NOTE:-}" >>"$SUMMARY" <<'PY'
import json, sys
name, path, note = sys.argv[1:4]
r = json.load(open(path))
rc, p, ne = r["recall"], r["precision"], r["no_event"]
print("%-14s category recall %.1f%% (%d/%d), precision %.1f%% (%d/%d), F1 %.1f%%; "
      "no-event sentences with events %d/%d%s" % (
          name, 100 * rc["share"], rc["hit"], rc["n"], 100 * p["share"], p["ok"], p["n"],
          100 * r["f1"], ne["with_events"], ne["sentences"], note))
PY
}

if [ $have_python -eq 0 ]; then
  echo "eval-all.sh: python3 not found; nothing scored"
  exit 0
fi
if [ ! -x "$SITREP" ]; then
  echo "eval-all.sh: $SITREP is not an executable (build first or set SITREP); nothing scored"
  exit 0
fi

run_items dev "$DEV"
run_seed
run_notes notes "$NOTES"
run_plover plover "$PLOVER"
run_plover petr2 "$PETR2"
if [ $BLIND -eq 1 ]; then
  run_items blind "$BLINDSET"
  run_notes notes-blind "$NOTES_BLIND"
else
  line "$(printf '%-14s not scored (frozen set; pass --blind at the end of a round)' blind)"
fi

if [ $VERBOSE -eq 1 ]; then
  for n in dev seed notes plover petr2 blind notes-blind; do
    [ -f "$TMP/$n.report.txt" ] || continue
    echo "---- $n ----"
    cat "$TMP/$n.report.txt"
    echo
  done
fi

echo "==== sitrep evaluation: $("$SITREP" --version 2>/dev/null | head -1) ===="
echo "SITREP=$SITREP  lexicon=${SITREP_LEXICON:-(default search)}  gazetteer=${SITREP_GAZETTEER:-(default search)}"
cat "$SUMMARY"
echo "===="
exit 0
