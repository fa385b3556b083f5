#!/usr/bin/env python3
"""bench/gen_store_docs.py - synthetic conflict reports for the store benchmark.

    python3 bench/gen_store_docs.py N OUT.jsonl [--seed S] [--cities cities500.txt]

Writes N JSONL documents {"id","date","source","url","title","text"} of about
ten sentences each: event sentences built from templates (attacks, shelling,
clashes, captures, withdrawals, sieges, air strikes, arrests, arrivals,
bombings) and a few non-event sentences, over real place names (the 60 most
populous GeoNames cities500 places of each of 30 countries) and real actor
names (the first plain alias of each actor in data/actors/<theatre>.txt, and
"<Demonym> army" from data/actors/countries.txt). Dates are spread uniformly
over 2019-01-01 .. 2023-12-31. Deterministic for a given seed. Bench only:
the output goes to /tmp, never into the repository.
"""
import datetime
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "actors")
THEATRES = {"syria": "SY", "iraq": "IQ", "yemen": "YE", "libya": "LY", "ukraine_russia": "UA",
            "sudan": "SD", "somalia": "SO", "lake_chad": "NG", "sahel": "ML", "myanmar": "MM",
            "drc": "CD", "afghanistan_pakistan": "AF", "israel_gaza_lebanon": "LB"}
COUNTRIES = ["SY", "IQ", "YE", "LY", "UA", "SD", "SO", "NG", "ML", "MM", "CD", "AF", "LB", "IL",
             "PK", "BF", "NE", "TD", "CM", "ET", "KE", "MZ", "CF", "SS", "CO", "MX", "PH", "IN",
             "TR", "EG"]
SOURCES = ["Levant Wire", "Desert Dispatch", "Frontline Daily", "Regional Monitor", "Field Post",
           "Conflict Ledger", "Crisis Desk", "Capital Herald"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENT = [
    "{A} fighters attacked {B} positions near {P} on {D}, killing {n} people, a local official said.",
    "{A} shelled {B} positions in {P} on {D}, residents said.",
    "Heavy clashes broke out between {A} and {B} in {P} late on {D}.",
    "{A} captured the town of {P} from {B} after two days of fighting.",
    "{B} withdrew from {P} overnight, a military source said.",
    "{A} forces besieged {P}, cutting the last road into the town.",
    "Air strikes by {A} hit {B} targets near {P} on {D}.",
    "{A} arrested {n} suspected members of {B} in {P}.",
    "{A} reinforcements arrived in {P} on {D}, witnesses said.",
    "A roadside bomb planted by {A} killed {n} {B} fighters near {P}.",
    "{A} ambushed a {B} convoy on the road to {P}, killing {n}.",
    "{A} retook {P} from {B} on {D}, state media said.",
]
QUIET = [
    "The situation in {P} remained tense, residents said.",
    "Aid agencies warned of shortages of food and medicine in the area.",
    "Thousands of families have fled the fighting in recent weeks.",
    "Local officials called for calm and urged people to stay indoors.",
    "Telephone and internet lines were cut across the district.",
]


def actors_of(theatre):
    out = []
    with open(os.path.join(DATA, theatre + ".txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 5 or parts[3] in ("media", "person", "civ", "unknown"):
                continue
            for alias in parts[4].split(";"):
                alias = alias.strip()
                if alias and not alias.startswith("=") and "(" not in alias and len(alias) > 3:
                    out.append(alias)
                    break
    return out


def armies():
    out = {}
    with open(os.path.join(DATA, "countries.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 6:
                continue
            adj = [p for p in parts if p.startswith("adj:")]
            if adj:
                out[parts[0]] = adj[0][4:].split(";")[0].strip() + " army"
    return out


def places(path):
    by = {c: [] for c in COUNTRIES}
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = line.split("\t")
            if len(c) < 15 or c[8] not in by or c[6] != "P":
                continue
            name = c[2]
            if not name.isascii() or len(name) < 3:
                continue
            by[c[8]].append((int(c[14] or 0), name))
    return {cc: [n for _, n in sorted(v, reverse=True)[:60]] for cc, v in by.items() if v}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    cities = (sys.argv[sys.argv.index("--cities") + 1] if "--cities" in sys.argv else
              os.path.expanduser("~/.cache/sitrep/deps/cities500.txt"))
    rnd = random.Random(seed)
    army = armies()
    theatre_actors = {cc: actors_of(t) for t, cc in THEATRES.items()}
    pl = places(cities)
    countries = [c for c in COUNTRIES if c in pl and len(pl[c]) >= 5]
    generic = ["unidentified gunmen", "armed bandits", "rebels", "militants"]
    start = datetime.date(2019, 1, 1)
    span = (datetime.date(2023, 12, 31) - start).days + 1
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            cc = rnd.choice(countries)
            acts = theatre_actors.get(cc, [])[:12] + ([army[cc]] if cc in army else []) + generic[:2]
            d = start + datetime.timedelta(days=rnd.randrange(span))
            p1, p2 = rnd.choice(pl[cc]), rnd.choice(pl[cc])
            sents = []
            for k in range(10):
                if k in (3, 7):
                    tpl = rnd.choice(QUIET)
                else:
                    tpl = rnd.choice(EVENT)
                a, b = rnd.sample(acts, 2)
                sents.append(tpl.format(A=a, B=b, P=p1 if k < 5 else p2, n=rnd.randint(2, 40),
                                        D=WEEKDAYS[d.weekday()]))
            # capitalise sentence starts ("rebels shelled" -> "Rebels shelled")
            text = " ".join(s[0].upper() + s[1:] for s in sents)
            src = rnd.choice(SOURCES)
            doc = {"id": "syn-%07d" % i, "date": d.isoformat(), "source": src,
                   "url": "https://example.org/%s/%07d" % (src.split()[0].lower(), i),
                   "title": sents[0][:80], "text": text}
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
