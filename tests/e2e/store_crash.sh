#!/usr/bin/env bash
# tests/e2e/store_crash.sh - `sitrep ingest` killed with SIGKILL at random
# moments, then run to completion, must leave the same store as one clean run:
# every document once, no document half-stored, the same reports and events,
# and `sitrep db check` passing.
#   SITREP=build/sitrep bash tests/e2e/store_crash.sh   (needs python3 for the comparison)
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 300 small distinct documents (original sentences from a few patterns)
python3 - "$T/docs.jsonl" <<'PY'
import json, sys
actors = ["Islamic State fighters", "the SDF", "Syrian government forces", "Hezbollah fighters",
          "Russian forces", "the Rapid Support Forces", "al-Shabaab militants", "Boko Haram insurgents"]
places = ["Hajin", "Raqqa", "Idlib", "Aleppo", "Kharkiv", "Omdurman", "Mogadishu", "Maiduguri",
          "Deir ez-Zor", "Homs"]
verbs = ["attacked an army post in", "shelled villages near", "clashed with local militias in",
         "ambushed a convoy outside", "seized a checkpoint in"]
with open(sys.argv[1], "w") as o:
    for i in range(300):
        a, p, v = actors[i % 8], places[(i // 8) % 10], verbs[(i // 80 + i) % 5]
        day = 1 + i % 28
        text = (f"{a[0].upper() + a[1:]} {v} {p} on day {i}, officials said. "
                f"Report number {i} adds that {2 + i % 17} people were hurt.")
        o.write(json.dumps({"id": f"doc-{i:03d}", "date": f"2020-05-{day:02d}", "text": text}) + "\n")
PY

"$SITREP" ingest --quiet --db "$T/ref.db" "$T/docs.jsonl" || fail "clean ingest exited $?"

killed=0
for round in 1 2 3 4 5 6 7 8; do
  delay="0.0$((RANDOM % 5))$((RANDOM % 9 + 1))"
  ( timeout -s KILL "$delay" "$SITREP" ingest --quiet --batch 7 --db "$T/crash.db" \
      "$T/docs.jsonl" >/dev/null 2>&1 ) 2>/dev/null
  [ $? -eq 137 ] && killed=$((killed + 1))
done
echo "ok: $killed of 8 runs killed with SIGKILL before finishing"
"$SITREP" ingest --quiet --batch 7 --db "$T/crash.db" "$T/docs.jsonl" || fail "final ingest exited $?"
"$SITREP" db check --db "$T/crash.db" >"$T/check.out" 2>&1 || { fail "db check"; cat "$T/check.out"; }

python3 - "$T/ref.db" "$T/crash.db" <<'PY' || fails=$((fails + 1))
import sqlite3, sys
def snap(path):
    db = sqlite3.connect(path)
    docs = db.execute("SELECT ext_id, hash, nbytes FROM documents ORDER BY ext_id").fetchall()
    dup = db.execute("SELECT COUNT(*) - COUNT(DISTINCT ext_id) FROM documents").fetchone()[0]
    reps = db.execute("SELECT d.ext_id, r.sent, r.cameo, r.src_id, r.tgt_id, r.loc_name, r.date,"
                      " r.evidence FROM reports r JOIN documents d ON d.id = r.doc"
                      " ORDER BY 1, 2, 3, 4, 5").fetchall()
    # events as the sets of documents whose reports they merge
    ev = {}
    for e, ext in db.execute("SELECT r.event, d.ext_id FROM reports r JOIN documents d ON d.id = r.doc"):
        ev.setdefault(e, []).append(ext)
    events = sorted(tuple(sorted(v)) for v in ev.values())
    counts = db.execute("SELECT SUM(nreports), SUM(ndocs), COUNT(*) FROM events").fetchone()
    return docs, dup, reps, events, counts
a, b = snap(sys.argv[1]), snap(sys.argv[2])
ok = True
for name, x, y in zip(["documents", "duplicate ids", "reports", "events", "event counts"], a, b):
    if x != y:
        print(f"FAIL: {name} differ after the crashes: clean {str(x)[:200]} vs crashed {str(y)[:200]}")
        ok = False
print(f"{'ok' if ok else 'FAIL'}: {len(a[0])} documents, {len(a[2])} reports, {len(a[3])} events "
      "identical to a clean ingest" if ok else "")
sys.exit(0 if ok and len(a[0]) == 300 else 1)
PY
[ "$fails" -eq 0 ] && echo "PASS" || { echo "$fails failure(s)"; exit 1; }
