#!/usr/bin/env bash
# tests/e2e/merge_eval.sh - pairwise precision and recall of event merging on
# tests/store/clusters/clusters.jsonl (reports with a gold "cluster" label).
#   SITREP=build/sitrep bash tests/e2e/merge_eval.sh   (needs the gazetteer and python3)
#
# Alignment of coded reports to gold: each document has one gold event (its
# cluster) and a gold CAMEO root. Its "main" report is its first coded report
# (by sentence) whose action class (sr_merge_action_class: 18-20 one class,
# 14, 15, 16, 17 each their own ...) equals the gold root's; a document without
# one has no main report. Over all pairs of documents:
#   gold pair   = both in the same cluster;
#   merged pair = both have a main report and the two are in the same stored event.
# P = |gold & merged| / |merged|, R = |gold & merged| / |gold|, computed twice:
# over all documents (a document without a main report, a coder miss, counts
# against recall) and over the documents with a main report (merging alone).
# Fails when the latter is below the floors in tests/e2e/merge_eval.floor
# ("P R"), or the former's recall below the third number there.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${DATA:-$HERE/../store/clusters/clusters.jsonl}
FLOOR_FILE=${FLOOR_FILE:-$HERE/merge_eval.floor}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
if ! "$SITREP" places "Fighting in Aleppo." >/dev/null 2>&1; then
  echo "SKIP: no gazetteer image"; exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# the gold fields stay out of what is ingested
python3 - "$DATA" "$T/docs.jsonl" <<'PY' || { echo "FAIL: cannot read $DATA"; exit 1; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        if line.strip():
            d = json.loads(line)
            o.write(json.dumps({k: d[k] for k in ("id", "date", "source", "text")}) + "\n")
PY
"$SITREP" ingest --quiet --db "$T/s.db" "$T/docs.jsonl" || { echo "FAIL: ingest exited $?"; exit 1; }
"$SITREP" db check --db "$T/s.db" >/dev/null || { echo "FAIL: db check"; exit 1; }

python3 - "$DATA" "$T/s.db" "$FLOOR_FILE" <<'PY'
import itertools, json, sqlite3, sys
def cls(root):
    r = int(root[:2])
    if 1 <= r <= 5: return 1
    if 6 <= r <= 8: return 2
    if 9 <= r <= 13: return 3
    if 14 <= r <= 17: return r - 10
    if 18 <= r <= 20: return 8
    return 0
gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        gold[d["id"]] = (d["cluster"], cls(d["root"]))
db = sqlite3.connect(sys.argv[2])
main = {}
for ext, sent, cameo, ev in db.execute(
        "SELECT d.ext_id, r.sent, r.cameo, r.event FROM reports r JOIN documents d ON d.id = r.doc "
        "ORDER BY d.ext_id, r.sent, r.id"):
    if ext in gold and ext not in main and cls(cameo) == gold[ext][1]:
        main[ext] = ev
ids = sorted(gold)
def score(ids):
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        same_gold = gold[a][0] == gold[b][0]
        same_ev = a in main and b in main and main[a] == main[b]
        tp += same_gold and same_ev
        fp += same_ev and not same_gold
        fn += same_gold and not same_ev
    return tp, fp, fn, (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)
clusters = len({g[0] for g in gold.values()})
tp, fp, fn, p0, r0 = score(ids)
print(f"merge, all {len(ids)} reports ({clusters} gold events; a report the coder missed counts "
      f"against recall): pairs TP={tp} FP={fp} FN={fn}; P={p0:.3f} R={r0:.3f}")
tp, fp, fn, p, r = score(sorted(main))
print(f"merge, the {len(main)} reports with a coded main event: pairs TP={tp} FP={fp} FN={fn}; "
      f"P={p:.3f} R={r:.3f}")
if True:
    # the clusters that were split or joined, for tuning on general grounds
    by_ev = {}
    for k, e in main.items(): by_ev.setdefault(e, set()).add(gold[k][0])
    for e, cs in sorted(by_ev.items()):
        if len(cs) > 1: print("  joined:", " + ".join(sorted(cs)))
    by_gold = {}
    for k in ids: by_gold.setdefault(gold[k][0], set()).add(main.get(k))
    for c, evs in sorted(by_gold.items()):
        if len(evs) > 1: print(f"  split: {c} into {len(evs)} ({'unaligned report' if None in evs else 'events'})")
fl = open(sys.argv[3]).read().split()
fp_, fr_, fr0 = float(fl[0]), float(fl[1]), float(fl[2])
if p < fp_ or r < fr_ or r0 < fr0:
    print(f"FAIL: below the floor P {fp_} R {fr_} (all reports: R {fr0})")
    sys.exit(1)
print(f"PASS (floor P {fp_} R {fr_}; all reports R {fr0})")
PY
