#!/usr/bin/env python3
"""eval-plover.py - score the PLOVER categories of sitrep's events, sentence by sentence.

usage: eval-plover.py GOLD PRED [--json] [--table CAMEO2PLOVER.txt]
       eval-plover.py --docs GOLD > docs.jsonl

GOLD is JSONL, one sentence per line, in either of two shapes (detected line by line):
  * PLOVER proxy (tests/plover/plover_dev.jsonl): {"id", "date", "text",
    "events": [{"type", "mode", "actor", "recipient", "cameo_root"}]}; the category is "type"
    (a missing type falls back to the CAMEO root through the table);
  * PETRARCH-2 gold (../shared/eval/dev/petrarch/petr2_gsr.jsonl): {"id", "date": "YYYYMMDD",
    "text", "expected": [[source, target, cameo_code]], "kind"}; each code is mapped to a PLOVER
    category with ../shared/eval/CAMEO2PLOVER-2021.txt by the longest code prefix listed there
    (where the table lists a code twice, e.g. root 08 as CONCEDE and RETREAT, the first line wins).
    Codes that map to no category (roots 01, 02) are skipped.
PRED is `sitrep code` output: one event per line, "doc" = the gold id, "action": {"plover", ...}.
All events of a document count for its sentence (a gold line is one sentence, even if sitrep
splits it).

Reported:
  recall      over all gold events with a category: the share whose category is among the
              PLOVER types of the predicted events of the same sentence
  precision   over predicted events: the share whose PLOVER type is among the sentence's gold
              categories (events in no-event sentences count as wrong; events in sentences whose
              gold events all map to no category are left out and counted as "unscored");
              also given for the sentences with gold events only
  no-event    gold sentences without events, and how many of them got events (events given too)
  per category: gold events, recall, predicted events, precision
--docs writes the coder's input: {"id", "date" (YYYY-MM-DD, when the gold has a valid date),
"text"} and nothing else. Python 3 standard library only. Exit 0 unless a file cannot be read.
"""
import collections
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaljsonl  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE_CANDIDATES = [
    os.path.join(HERE, "..", "..", "shared", "eval", "CAMEO2PLOVER-2021.txt"),
    os.path.join("..", "shared", "eval", "CAMEO2PLOVER-2021.txt"),
]
NOTYPE = "(no type)"


PROG = "eval-plover.py"


def die(msg):
    evaljsonl.die(PROG, msg)


def read_jsonl(path, what):
    return evaljsonl.read_jsonl(PROG, path, what)


s = evaljsonl.s


def load_table(path):
    """CAMEO code -> PLOVER type. Lines look like '0841: RETREAT, release,   legal # comment'."""
    table = {}
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError as e:
        die("cannot read the CAMEO->PLOVER table %s: %s" % (path, e))
    with f:
        for line in f:
            line = line.split("#", 1)[0]
            m = re.match(r"\s*(\d{2,4})\s*:\s*([A-Za-z]+)", line)
            if m and m.group(1) not in table:
                table[m.group(1)] = m.group(2).upper()
    if not table:
        die("no CAMEO->PLOVER entries in %s" % path)
    return table


def map_code(code, table):
    code = re.sub(r"\D", "", s(code))
    for k in range(len(code), 1, -1):
        t = table.get(code[:k])
        if t:
            return t
    return None


def find_table(explicit):
    if explicit:
        return explicit
    for p in TABLE_CANDIDATES:
        if os.path.isfile(p):
            return p
    return None


class Table:
    """Loads the mapping table only when a gold line needs it."""

    def __init__(self, path):
        self.path = path
        self.table = None

    def map(self, code):
        if self.table is None:
            if not self.path:
                die("CAMEO->PLOVER table not found; give --table PATH")
            self.table = load_table(self.path)
        return map_code(code, self.table)


def gold_sentence(obj, table):
    """(kind, categories, n_raw, n_skipped): categories of the gold events that have one."""
    cats, raw, skipped = [], 0, 0
    if isinstance(obj.get("events"), list):
        kind = "plover"
        for e in obj["events"]:
            raw += 1
            t = s(e.get("type")).upper() if isinstance(e, dict) else ""
            if not t and isinstance(e, dict) and s(e.get("cameo_root")):
                t = table.map(e.get("cameo_root")) or ""
            if t:
                cats.append(t)
            else:
                skipped += 1
    elif isinstance(obj.get("expected"), list):
        kind = "petrarch"
        for e in obj["expected"]:
            raw += 1
            code = ""
            if isinstance(e, (list, tuple)) and len(e) >= 3:
                code = e[2]
            elif isinstance(e, dict):
                code = e.get("code") or e.get("cameo") or ""
            t = table.map(code) if s(code) else None
            if t:
                cats.append(t)
            else:
                skipped += 1
    else:
        kind = "unknown"
    return kind, cats, raw, skipped


def iso_date(d):
    d = s(d)
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", d)
    if not m:
        return None
    try:
        datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return "%s-%s-%s" % m.groups()


def write_docs(gold_path):
    for n, g in read_jsonl(gold_path, "gold"):
        doc = {"id": s(g.get("id")) or "line%d" % n}
        d = iso_date(g.get("date"))
        if d:
            doc["date"] = d
        doc["text"] = g.get("text") or ""
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")


def share(a, b):
    return a / b if b else 0.0


def pred_type(e):
    a = e.get("action")
    t = s(a.get("plover")).upper() if isinstance(a, dict) else ""
    return t or NOTYPE


def evaluate(gold_path, pred_path, table):
    gold = []
    seen = set()
    kinds = collections.Counter()
    raw_events = skipped_events = 0
    for n, g in read_jsonl(gold_path, "gold"):
        gid = s(g.get("id")) or "line%d" % n
        if gid in seen:
            sys.stderr.write("eval-plover.py: duplicate gold id %s (later line ignored)\n" % gid)
            continue
        kind, cats, raw, skipped = gold_sentence(g, table)
        if kind == "unknown":
            sys.stderr.write("eval-plover.py: gold %s has neither 'events' nor 'expected' "
                             "(counted as a no-event sentence)\n" % gid)
        seen.add(gid)
        kinds[kind] += 1
        raw_events += raw
        skipped_events += skipped
        gold.append((gid, cats, raw))

    pred = collections.defaultdict(list)
    for _, e in read_jsonl(pred_path, "pred"):
        pred[s(e.get("doc"))].append(pred_type(e))
    unknown_docs = sum(1 for d in pred if d not in seen)

    g_n = g_hit = 0
    p_n = p_ok = 0            # all scored predicted events
    p_n_ev = p_ok_ev = 0      # ... in sentences with gold events
    unscored = 0
    noev_sent = noev_hit = noev_events = 0
    sent_with_pred = 0
    gold_cat = collections.Counter()
    gold_cat_hit = collections.Counter()
    pred_cat = collections.Counter()
    pred_cat_ok = collections.Counter()
    missed_as = collections.defaultdict(collections.Counter)
    pred_total = 0
    for gid, cats, raw in gold:
        ptypes = pred.get(gid, [])
        pred_total += len(ptypes)
        pset = set(ptypes)
        gset = set(cats)
        sent_with_pred += bool(ptypes)
        for c in cats:
            g_n += 1
            gold_cat[c] += 1
            if c in pset:
                g_hit += 1
                gold_cat_hit[c] += 1
            else:
                for p in (sorted(pset) or ["(no event)"]):
                    missed_as[c][p] += 1
        if raw == 0:
            noev_sent += 1
            if ptypes:
                noev_hit += 1
                noev_events += len(ptypes)
        if raw > 0 and not cats:
            unscored += len(ptypes)
            continue
        for p in ptypes:
            ok = p in gset
            p_n += 1
            p_ok += ok
            pred_cat[p] += 1
            pred_cat_ok[p] += ok
            if raw > 0:
                p_n_ev += 1
                p_ok_ev += ok

    cats_all = sorted(set(gold_cat) | set(pred_cat), key=lambda c: (-gold_cat[c], -pred_cat[c], c))
    per_cat = {}
    for c in cats_all:
        per_cat[c] = {
            "gold": gold_cat[c], "hit": gold_cat_hit[c],
            "recall": round(share(gold_cat_hit[c], gold_cat[c]), 4),
            "pred": pred_cat[c], "pred_ok": pred_cat_ok[c],
            "precision": round(share(pred_cat_ok[c], pred_cat[c]), 4),
            "missed_as": dict(missed_as[c].most_common()),
        }
    r = share(g_hit, g_n)
    p = share(p_ok, p_n)
    return {
        "gold_kind": dict(kinds),
        "sentences": len(gold),
        "sentences_with_pred": sent_with_pred,
        "gold_events": raw_events,
        "gold_events_scored": g_n,
        "gold_events_skipped": skipped_events,
        "pred_events": pred_total,
        "recall": {"n": g_n, "hit": g_hit, "share": round(r, 4)},
        "precision": {"n": p_n, "ok": p_ok, "share": round(p, 4)},
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "precision_event_sentences": {"n": p_n_ev, "ok": p_ok_ev,
                                      "share": round(share(p_ok_ev, p_n_ev), 4)},
        "pred_unscored": unscored,
        "no_event": {"sentences": noev_sent, "with_events": noev_hit, "events": noev_events,
                     "left_empty_share": round(share(noev_sent - noev_hit, noev_sent), 4)},
        "per_category": per_cat,
        "pred_docs_not_in_gold": unknown_docs,
    }


def pct(x):
    return "%5.1f%%" % (100.0 * x)


def print_table(r, name):
    w = []
    kinds = "+".join("%s %d" % kv for kv in sorted(r["gold_kind"].items()))
    w.append("%s: %d sentences (%s), %d gold events (%d with a category, %d skipped), "
             "%d predicted events" % (name, r["sentences"], kinds, r["gold_events"],
                                      r["gold_events_scored"], r["gold_events_skipped"],
                                      r["pred_events"]))
    rc, pr, pe, ne = r["recall"], r["precision"], r["precision_event_sentences"], r["no_event"]
    w.append("  category recall      %4d/%-4d %s" % (rc["hit"], rc["n"], pct(rc["share"])))
    w.append("  precision            %4d/%-4d %s   (sentences with gold events: %d/%d %s)"
             % (pr["ok"], pr["n"], pct(pr["share"]), pe["ok"], pe["n"], pct(pe["share"])))
    w.append("  F1                             %s" % pct(r["f1"]))
    w.append("  no-event sentences   %4d/%-4d got events (%d events); %s left empty"
             % (ne["with_events"], ne["sentences"], ne["events"], pct(ne["left_empty_share"])))
    if r["pred_unscored"]:
        w.append("  (%d predicted events in sentences whose gold maps to no category: unscored)"
                 % r["pred_unscored"])
    if r["pred_docs_not_in_gold"]:
        w.append("  (%d predicted doc ids are not in the gold and were ignored)"
                 % r["pred_docs_not_in_gold"])
    w.append("")
    w.append("  %-11s %5s %5s %7s   %5s %5s %7s   %s" % ("category", "gold", "hit", "recall",
                                                        "pred", "ok", "prec", "missed; predicted instead"))
    for c, m in r["per_category"].items():
        miss = ", ".join("%s %d" % kv for kv in list(m["missed_as"].items())[:4])
        w.append("  %-11s %5d %5d %7s   %5d %5d %7s   %s" % (
            c[:11], m["gold"], m["hit"], pct(m["recall"]) if m["gold"] else "     -",
            m["pred"], m["pred_ok"], pct(m["precision"]) if m["pred"] else "     -", miss))
    print("\n".join(w))


def main(argv):
    args, opts, table_path = [], set(), None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        if a == "--table":
            if i + 1 >= len(argv):
                die("--table needs a path")
            table_path = argv[i + 1]
            i += 2
            continue
        if a in ("--json", "--docs"):
            opts.add(a)
        elif a.startswith("-") and a != "-":
            die("unknown option %s (see --help)" % a)
        else:
            args.append(a)
        i += 1
    if "--docs" in opts:
        if len(args) != 1:
            die("usage: eval-plover.py --docs GOLD > docs.jsonl")
        write_docs(args[0])
        return 0
    if len(args) != 2:
        die("usage: eval-plover.py GOLD PRED [--json] [--table PATH] | --docs GOLD")
    table = Table(find_table(table_path))
    r = evaluate(args[0], args[1], table)
    if "--json" in opts:
        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        print_table(r, os.path.basename(args[0]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(0)
