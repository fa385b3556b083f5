#!/usr/bin/env python3
"""Score `sitrep situation` against the scenario gold files (tests/scenario/*.gold.json).

For each gold file: its reports are ingested into a temporary store (sitrep ingest), then
`sitrep situation --format json` runs at every checkpoint over the days from the scenario's
start to the checkpoint. Scored:
  control   (checkpoint, place, holder id) of every control entry with status "held",
            against the gold control statements: precision and recall;
  movements (actor id, from place, to place) of every movement the situation states at any
            checkpoint (counted once), against the gold movements: precision.
Places match when their folded names match (diacritics, case, articles al-/as-/ash-...,
hyphens and spaces ignored), on the entry's shown name or its gazetteer name ("local").

  python3 scripts/eval-situation.py [--sitrep build/sitrep] [--scenario DIR | GOLD...]
        [--min-control-precision 0.9] [--min-control-recall 0.8] [--min-move-precision 0.9]
        [--verbose]
Exit status: 0 every bar met, 1 a bar missed, 2 a run failed. Python standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

ARTICLES = re.compile(r"^(al|el|as|ash|ad|ar|at|az|an)[-\s']+")


def fold(name):
    """Folded key of a place name: 'Ḩamāh' -> 'hamah', 'al-Busayrah' -> 'busayrah'."""
    if not name:
        return ""
    t = unicodedata.normalize("NFKD", name)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower().strip()
    t = ARTICLES.sub("", t)
    return re.sub(r"[^a-z0-9]", "", t)


def days_between(a, b):
    da = datetime.date.fromisoformat(a)
    db = datetime.date.fromisoformat(b)
    return (db - da).days


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write("eval-situation: %s exited %d\n%s" % (" ".join(cmd), p.returncode, p.stderr))
        sys.exit(2)
    return p.stdout


def place_keys(*names):
    return {fold(n) for n in names if n}


def situation(sitrep, db, as_of, start, country):
    days = days_between(start, as_of) + 1  # the window counts start..as_of inclusive
    cmd = [sitrep, "situation", "--db", db, "--as-of", as_of, "--days", str(days), "--format", "json"]
    if country:
        cmd += ["--country", country]
    return json.loads(run(cmd))


def score_file(sitrep, gold_path, verbose):
    gold = json.load(open(gold_path, encoding="utf-8"))
    base = os.path.dirname(gold_path)
    tp = fp = fn = 0
    moves = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "scenario.db")
        run([sitrep, "ingest", "--db", db, os.path.join(base, gold["reports"])])
        for as_of in gold["checkpoints"]:
            d = situation(sitrep, db, as_of, gold["start"], gold.get("country"))
            # the window must be exactly start..as_of
            if d["from"] != gold["start"] or d["as_of"] != as_of:
                sys.stderr.write("eval-situation: window %s..%s, asked %s..%s\n" % (d["from"], d["as_of"], gold["start"], as_of))
                sys.exit(2)
            # a holder is an actor id, or a list of ids any of which is right
            want = [(fold(g["place"]), g["holder"] if isinstance(g["holder"], list) else [g["holder"]])
                    for g in gold["control"] if g["as_of"] == as_of]
            got = []
            for a in d["areas"]:
                for c in a["control"]:
                    if c.get("status") != "held" or not c.get("holder"):
                        continue
                    got.append((place_keys(c["place"], c.get("local")), c["holder"]["id"], c))
            matched = set()
            for keys, holder, c in got:
                hit = next((i for i, w in enumerate(want) if i not in matched and w[0] in keys and holder in w[1]), None)
                if hit is None:
                    fp += 1
                    if verbose:
                        print("  FP %s: %s held by %s (%s)" % (as_of, c["place"], holder, c.get("evidence", "")[:100]))
                else:
                    matched.add(hit)
                    tp += 1
            for i, w in enumerate(want):
                if i not in matched:
                    fn += 1
                    if verbose:
                        print("  FN %s: %s held by %s" % (as_of, w[0], "/".join(w[1])))
            for m in d["movements"]:
                f, t = m["from"], m["to"]
                key = (m["actor"]["id"], f["group"], t["group"], f["date"], t["date"])
                moves[key] = (place_keys(f["place"], f["group"]), place_keys(t["place"], t["group"]), m)
    mtp = mfp = 0
    for (actor, _, _, _, _), (fk, tk, m) in sorted(moves.items(), key=lambda x: x[0]):
        ok = any(g["actor"] == actor and fold(g["from"]) in fk and fold(g["to"]) in tk for g in gold["movements"])
        mtp += ok
        mfp += not ok
        if verbose:
            print("  %s movement: %s" % ("TP" if ok else "FP", m.get("text", "")))
    return tp, fp, fn, mtp, mfp


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="*", help="gold files (default: every *.gold.json of --scenario)")
    ap.add_argument("--sitrep", default="build/sitrep")
    ap.add_argument("--scenario", default="tests/scenario")
    ap.add_argument("--min-control-precision", type=float, default=0.9)
    ap.add_argument("--min-control-recall", type=float, default=0.8)
    ap.add_argument("--min-move-precision", type=float, default=0.9)
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    files = a.gold or sorted(glob.glob(os.path.join(a.scenario, "*.gold.json")))
    if not files:
        sys.stderr.write("eval-situation: no gold files\n")
        return 2
    T = [0, 0, 0, 0, 0]
    for g in files:
        if a.verbose:
            print(g)
        r = score_file(a.sitrep, g, a.verbose)
        print("%s: control tp %d fp %d fn %d, movements tp %d fp %d" % ((os.path.basename(g),) + r))
        T = [x + y for x, y in zip(T, r)]
    tp, fp, fn, mtp, mfp = T
    cp, cr, mp = ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(mtp, mtp + mfp)
    print(json.dumps({"control_precision": round(cp, 3), "control_recall": round(cr, 3),
                      "control": {"tp": tp, "fp": fp, "fn": fn},
                      "movement_precision": round(mp, 3), "movements": {"tp": mtp, "fp": mfp}}))
    bad = []
    if cp < a.min_control_precision:
        bad.append("control precision %.3f < %.2f" % (cp, a.min_control_precision))
    if cr < a.min_control_recall:
        bad.append("control recall %.3f < %.2f" % (cr, a.min_control_recall))
    if mp < a.min_move_precision:
        bad.append("movement precision %.3f < %.2f" % (mp, a.min_move_precision))
    if mtp + mfp == 0:
        bad.append("no movement stated: movement precision is not measured")
    for b in bad:
        print("below the bar: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
