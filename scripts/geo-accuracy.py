#!/usr/bin/env python3
"""geo-accuracy.py GOLD.jsonl PRED.jsonl - how well sitrep places events.

For every gold event that a predicted event matches on document, source, target and
CAMEO root class (18/19/20 are one class), compares the predicted point with the gold
point: share within 25 km, share in the right country, and the precision flags used.
Gold: documents with an "events" list (lat, lon, country), as in ../shared/eval/dev/.
Pred: `sitrep code` JSON lines."""
import json, math, sys, collections

def km(a, b, c, d):
    r = math.pi / 180
    h = math.sin((c - a) * r / 2) ** 2 + math.cos(a * r) * math.cos(c * r) * math.sin((d - b) * r / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))

def cls(root):
    return "V" if root in ("18", "19", "20") else root

gold = collections.defaultdict(list)
for line in open(sys.argv[1]):
    d = json.loads(line)
    for e in d.get("events", []):
        gold[d["id"]].append(e)
pred = collections.defaultdict(list)
for line in open(sys.argv[2]):
    e = json.loads(line)
    pred[e["doc"]].append(e)

n = within = country = 0
prec = collections.Counter()
for doc, gs in gold.items():
    used = set()
    for g in gs:
        if g.get("lat") is None:
            continue
        for i, p in enumerate(pred.get(doc, [])):
            if i in used or p["source"]["id"] != g["source"]:
                continue
            if (p.get("target") or {}).get("id") != g.get("target"):
                continue
            if cls(p["action"]["root"]) != cls(g["action"][:2]):
                continue
            used.add(i)
            n += 1
            loc = p.get("location")
            if loc:
                within += km(loc["lat"], loc["lon"], g["lat"], g["lon"]) <= 25
                country += loc["country"] == g.get("country")
                prec[loc["precision"]] += 1
            else:
                prec["none"] += 1
            break
print(f"matched events with a gold point: {n}")
if n:
    print(f"within 25 km: {within}/{n} = {within / n:.3f}")
    print(f"right country: {country}/{n} = {country / n:.3f}")
    print("precision flags: " + ", ".join(f"{k} {v}" for k, v in prec.most_common()))
