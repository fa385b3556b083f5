#!/usr/bin/env python3
"""eval-notes.py - score sitrep's ACLED coding on the written notes proxy.

usage: eval-notes.py GOLD PRED [--json] [--radius-km N]
       eval-notes.py --docs GOLD > docs.jsonl

GOLD is tests/notes/notes_dev.jsonl: one note per line, {"id", "text", "gold": {"event_type",
"sub_event_type", "country", "lat", "lon", ...}} (see tests/notes/README.md).
PRED is `sitrep code` output for those notes: one event per line, "doc" = note id, with
"action": {"acled", "acled_sub", ...} and "location": {"country", "lat", "lon", ...} | null.

--docs writes the coder's input documents: {"id", "text"} only. The notes carry no report date
(the hidden benchmark gives none) and the gold never reaches the coder.

Per note, the "best event" is the first predicted event (in output order) whose ACLED type equals
the gold type, else the note's first event. Reported, over all notes with a gold type (notes without
events count as misses), and in parentheses over the notes that got at least one event:
  coverage   notes with at least one event
  type       best event's ACLED type == gold event_type
  type+sub   ... and acled_sub == gold sub_event_type
  country    best event's location country == gold country (ISO alpha-2, case-insensitive)
  <=R km     best event's point within R km (haversine, default 25) of the gold point
             (over notes whose gold has lat/lon)
  date       best event's "date" == gold event_date
  fatalities best event's "fatalities" (null = not said = 0, ACLED's convention) == gold
             fatalities, over all notes and over notes whose gold count is > 0
  inter      best event's source "inter" == gold inter1
plus a confusion summary (gold type -> predicted type of the best event, "(none)" = no event) and
per-type accuracy. Python 3 standard library only. Exit 0 unless a file cannot be read.
"""
import collections
import json
import os
import math
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaljsonl  # noqa: E402

NONE = "(none)"        # the note got no event
NOTYPE = "(no type)"   # the best event carries no ACLED type
ABBR = {
    "Protests": "Pro", "Battles": "Bat", "Violence against civilians": "VAC",
    "Explosions/Remote violence": "ERV", "Riots": "Rio", "Strategic developments": "SD",
    NONE: "none", NOTYPE: "notype",
}


PROG = "eval-notes.py"


def die(msg):
    evaljsonl.die(PROG, msg)


def read_jsonl(path, what):
    return evaljsonl.read_jsonl(PROG, path, what)


s = evaljsonl.s


def num(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    if math.isnan(v) or math.isinf(v):
        return None
    return v


def km(lat1, lon1, lat2, lon2):
    r = math.pi / 180
    h = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def sub(d, key):
    v = d.get(key) if isinstance(d, dict) else None
    return v if isinstance(v, dict) else {}


def write_docs(gold_path):
    out = sys.stdout
    for n, g in read_jsonl(gold_path, "gold"):
        doc = {"id": s(g.get("id")) or "line%d" % n, "text": g.get("text") or ""}
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def share(a, b):
    return (a / b) if b else 0.0


def evaluate(gold_path, pred_path, radius):
    gold = []
    seen = set()
    for n, g in read_jsonl(gold_path, "gold"):
        gid = s(g.get("id")) or "line%d" % n
        if gid in seen:
            sys.stderr.write("eval-notes.py: duplicate gold id %s (later line ignored)\n" % gid)
            continue
        seen.add(gid)
        gold.append((gid, sub(g, "gold")))

    pred = collections.defaultdict(list)
    for _, e in read_jsonl(pred_path, "pred"):
        pred[s(e.get("doc"))].append(e)
    unknown_docs = sorted(d for d in pred if d not in seen)

    n = covered = covered_acled = 0
    typed = type_ok = sub_ok = 0            # over notes with a gold type
    typed_cov = type_ok_cov = sub_ok_cov = 0
    ctry_n = ctry_ok = ctry_n_cov = ctry_ok_cov = 0
    geo_n = geo_ok = geo_n_cov = geo_ok_cov = 0
    date_n = date_ok = fat_n = fat_ok = fat_pos_n = fat_pos_ok = inter_n = inter_ok = 0
    events = 0
    confusion = collections.defaultdict(collections.Counter)
    sub_conf = collections.defaultdict(collections.Counter)
    pred_type_total = collections.Counter()
    pred_type_ok = collections.Counter()

    for gid, g in gold:
        n += 1
        evs = pred.get(gid, [])
        events += len(evs)
        has = bool(evs)
        covered += has
        covered_acled += any(s(sub(e, "action").get("acled")) for e in evs)
        gtype = s(g.get("event_type"))
        gsub = s(g.get("sub_event_type"))
        best = None
        if evs:
            best = evs[0]
            for e in evs:
                if gtype and s(sub(e, "action").get("acled")) == gtype:
                    best = e
                    break
        act = sub(best, "action") if best else {}
        loc = sub(best, "location") if best else {}
        ptype = s(act.get("acled")) if best else NONE
        ptype = ptype or NOTYPE
        psub = s(act.get("acled_sub"))

        if gtype:
            typed += 1
            typed_cov += has
            t_ok = ptype == gtype
            s_ok = t_ok and bool(gsub) and psub == gsub
            type_ok += t_ok
            sub_ok += s_ok
            type_ok_cov += has and t_ok
            sub_ok_cov += has and s_ok
            confusion[gtype][ptype] += 1
            if t_ok and gsub:
                sub_conf[(gtype, gsub)][psub or NOTYPE] += 1
            elif gsub:
                sub_conf[(gtype, gsub)]["(type wrong)"] += 1
            if best is not None:
                pred_type_total[ptype] += 1
                pred_type_ok[ptype] += t_ok

        gd = s(g.get("event_date"))
        if gd:
            date_n += 1
            date_ok += has and s(best.get("date")) == gd
        gf = g.get("fatalities")
        if isinstance(gf, int):
            pf = best.get("fatalities") if best else None
            pf = pf if isinstance(pf, int) else 0     # not said = ACLED's 0
            ok = has and pf == gf
            fat_n += 1
            fat_ok += ok
            if gf > 0:
                fat_pos_n += 1
                fat_pos_ok += ok
        gi = g.get("inter1")
        if isinstance(gi, int) and gi > 0:
            inter_n += 1
            inter_ok += has and sub(best, "source").get("inter") == gi

        gc = s(g.get("country")).upper()
        if gc:
            ok = has and s(loc.get("country")).upper() == gc
            ctry_n += 1
            ctry_ok += ok
            ctry_n_cov += has
            ctry_ok_cov += ok

        glat, glon = num(g.get("lat")), num(g.get("lon"))
        if glat is not None and glon is not None:
            plat, plon = num(loc.get("lat")), num(loc.get("lon"))
            ok = (has and plat is not None and plon is not None
                  and km(glat, glon, plat, plon) <= radius)
            geo_n += 1
            geo_ok += ok
            geo_n_cov += has
            geo_ok_cov += ok

    types = sorted(confusion, key=lambda t: (-sum(confusion[t].values()), t))
    per_type = {}
    for t in types:
        tot = sum(confusion[t].values())
        per_type[t] = {
            "n": tot,
            "correct": confusion[t][t],
            "accuracy": round(share(confusion[t][t], tot), 4),
            "no_event": confusion[t][NONE],
            "predicted": dict(confusion[t].most_common()),
            "precision": round(share(pred_type_ok[t], pred_type_total[t]), 4),
            "predicted_n": pred_type_total[t],
        }
    per_sub = {}
    for (t, st), c in sorted(sub_conf.items()):
        tot = sum(c.values())
        per_sub["%s / %s" % (t, st)] = {"n": tot, "correct": c[st],
                                        "accuracy": round(share(c[st], tot), 4)}

    def pair(ok, tot, ok_c, tot_c):
        return {"n": tot, "correct": ok, "share": round(share(ok, tot), 4),
                "n_covered": tot_c, "correct_covered": ok_c,
                "share_covered": round(share(ok_c, tot_c), 4)}

    return {
        "notes": n,
        "events": events,
        "radius_km": radius,
        "coverage": {"n": n, "with_events": covered, "share": round(share(covered, n), 4)},
        "coverage_acled": {"n": n, "with_events": covered_acled,
                           "share": round(share(covered_acled, n), 4)},
        "type": pair(type_ok, typed, type_ok_cov, typed_cov),
        "type_sub": pair(sub_ok, typed, sub_ok_cov, typed_cov),
        "country": pair(ctry_ok, ctry_n, ctry_ok_cov, ctry_n_cov),
        "within_km": pair(geo_ok, geo_n, geo_ok_cov, geo_n_cov),
        "date": {"n": date_n, "correct": date_ok, "share": round(share(date_ok, date_n), 4)},
        "fatalities": {"n": fat_n, "correct": fat_ok, "share": round(share(fat_ok, fat_n), 4)},
        "fatalities_pos": {"n": fat_pos_n, "correct": fat_pos_ok,
                           "share": round(share(fat_pos_ok, fat_pos_n), 4)},
        "inter1": {"n": inter_n, "correct": inter_ok, "share": round(share(inter_ok, inter_n), 4)},
        "per_type": per_type,
        "per_sub_type": per_sub,
        "pred_docs_not_in_gold": len(unknown_docs),
    }


def pct(x):
    return "%5.1f%%" % (100.0 * x)


def print_table(r):
    out = []
    w = out.append
    w("notes proxy: %d notes, %d predicted events" % (r["notes"], r["events"]))
    w("%-22s %-21s   %s" % ("metric", "over all notes", "over notes with events"))

    def row(name, m):
        w("%-22s %6d/%-6d %7s   %d/%d %s" % (name, m["correct"], m["n"], pct(m["share"]),
                                             m["correct_covered"], m["n_covered"],
                                             pct(m["share_covered"])))
    c = r["coverage"]
    w("%-22s %6d/%-6d %7s" % ("notes with an event", c["with_events"], c["n"], pct(c["share"])))
    a = r["coverage_acled"]
    w("%-22s %6d/%-6d %7s" % ("  ... an ACLED-typed", a["with_events"], a["n"], pct(a["share"])))
    row("ACLED type", r["type"])
    row("type + sub-type", r["type_sub"])
    row("right country", r["country"])
    row("within %g km" % r["radius_km"], r["within_km"])
    for name, key in (("event date", "date"), ("fatalities", "fatalities"),
                      ("  ... where gold > 0", "fatalities_pos"), ("source inter = inter1", "inter1")):
        m = r[key]
        w("%-22s %6d/%-6d %7s" % (name, m["correct"], m["n"], pct(m["share"])))
    if r["pred_docs_not_in_gold"]:
        w("(%d predicted doc ids are not in the gold and were ignored)" % r["pred_docs_not_in_gold"])
    w("")
    w("per gold type: acc = best event has the gold type; prec = of the notes whose best event has")
    w("this type, the share with that gold type; none = notes without events")
    w("%-28s %4s %6s %7s %6s  %s" % ("gold type", "n", "acc", "prec", "none", "predicted as"))
    for t, m in r["per_type"].items():
        conf = ", ".join("%s %d" % (ABBR.get(p, p), k) for p, k in m["predicted"].items())
        w("%-28s %4d %6s %7s %6d  %s" % (t[:28], m["n"], pct(m["accuracy"]),
                                          pct(m["precision"]) if m["predicted_n"] else "    -",
                                          m["no_event"], conf))
    w("")
    w("per sub-type (right sub-type / notes of that sub-type):")
    for k, m in sorted(r["per_sub_type"].items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        w("  %-62s %3d/%-3d %s" % (k[:62], m["correct"], m["n"], pct(m["accuracy"])))
    print("\n".join(out))


def main(argv):
    args, opts, radius = [], set(), 25.0
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a == "--radius-km":
            try:
                radius = float(argv[i + 1])
            except (IndexError, ValueError):
                die("--radius-km needs a number")
            i += 2
            continue
        if a in ("--json", "--docs"):
            opts.add(a)
        elif a.startswith("--") or (a.startswith("-") and a != "-"):
            die("unknown option %s (see --help)" % a)
        else:
            args.append(a)
        i += 1
    if "--docs" in opts:
        if len(args) != 1:
            die("usage: eval-notes.py --docs GOLD > docs.jsonl")
        write_docs(args[0])
        return 0
    if len(args) != 2:
        die("usage: eval-notes.py GOLD PRED [--json] [--radius-km N] | --docs GOLD")
    r = evaluate(args[0], args[1], radius)
    if "--json" in opts:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        print_table(r)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(0)
