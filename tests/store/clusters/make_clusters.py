#!/usr/bin/env python3
"""make_clusters.py - write clusters.jsonl, the merging test set (tests/e2e/merge_eval.sh).

Each event below is one real-world incident (dates and details are illustrative),
reported several times by different outlets on different days (up to two days
later), with different wordings, actor aliases and place spellings. Every line of
clusters.jsonl is one report: {"id","date","source","text","cluster","root"} where
cluster is the gold event and root the gold CAMEO root of the report's main event.
Hard negatives are separate clusters: the same actors in the same town a week later,
or the same day in a town 100+ km away.

The output is deterministic (fixed seed); rerun after editing:
    python3 tests/store/clusters/make_clusters.py > tests/store/clusters/clusters.jsonl
"""
import datetime
import json
import random

SOURCES = ["Reuters", "AFP", "AP", "Al Jazeera", "BBC Monitoring", "Xinhua", "Anadolu",
           "The National", "Kyiv Independent", "Sudan Tribune", "Garowe Online", "Radio Dabanga",
           "Irrawaddy", "Myanmar Now", "Sahel Intelligence", "Daily Trust", "Saba", "Asharq Al-Awsat",
           "SOHR", "Ukrainska Pravda", "Hiiraan Online", "Premium Times", "RFI", "DW"]

# Sentence patterns per kind; {a} attacker, {t} target, {p} place, {d} weekday.
PAT = {
    "clash": [
        "{a} attacked positions of {t} in {p} on {d}, a monitoring group said.",
        "Heavy fighting broke out in {p} on {d} when {a} launched an assault on {t}.",
        "{a} clashed with {t} in {p}, local sources reported.",
        "Fierce clashes between {a} and {t} were reported in {p} on {d}.",
        "At least a dozen people died when {a} stormed positions held by {t} near {p}, officials said.",
        "{t} repelled an attack by {a} on the outskirts of {p} on {d}.",
    ],
    "shell": [
        "{a} shelled {p} on {d}, a local official said.",
        "Artillery fire by {a} hit residential areas of {p} overnight, witnesses said.",
        "{a} pounded {p} with rockets and artillery on {d}.",
        "Shelling by {a} on {p} killed several civilians, the regional administration said.",
    ],
    "air": [
        "{a} carried out air strikes on {p} on {d}, killing several people.",
        "{a} bombed {p} on {d}, according to residents.",
        "An air strike by {a} hit a market in {p}, medics said.",
        "{a} launched a drone strike on {p} on {d}, officials said.",
    ],
    "bomb": [
        "A suicide bomber from {a} blew himself up at a checkpoint in {p} on {d}.",
        "{a} claimed a car bomb attack that struck {p} on {d}.",
        "A bomb blast claimed by {a} killed people in {p}, police said.",
        "An explosive device planted by {a} went off in {p} on {d}, security sources said.",
    ],
    "capture": [
        "{a} seized {p} from {t} on {d}, a spokesman said.",
        "{a} captured the town of {p} after {t} withdrew on {d}.",
        "{a} took control of {p}, driving out {t}, residents said.",
        "{t} lost {p} to {a} on {d}, according to local sources.",
    ],
    "protest": [
        "Thousands of people protested in {p} on {d} against {t}.",
        "Demonstrators marched through {p} on {d} to denounce {t}.",
        "Crowds rallied in {p} on {d} against {t}, witnesses said.",
    ],
    "repress": [
        "{a} opened fire on protesters in {p} on {d}, killing several people.",
        "{a} fired on demonstrators in {p} on {d}, medics said.",
        "Security forces of {a} shot at protesters in {p}, witnesses said.",
    ],
}
ROOT = {"clash": "19", "shell": "19", "air": "19", "bomb": "18", "capture": "19",
        "protest": "14", "repress": "17"}

FILLER = [
    "The area has changed hands several times during the war.",
    "There was no immediate comment from the other side.",
    "The figures could not be independently verified.",
    "Humanitarian groups have warned of a worsening crisis in the region.",
    "",
    "",
]

# cluster id, date, kind, attacker aliases, target aliases, place spellings, reports
EVENTS = [
    # Syria
    ("syr-hajin-0910", "2018-09-10", "clash", ["the SDF", "Syrian Democratic Forces fighters", "the US-backed SDF"],
     ["Islamic State", "IS", "Daesh"], ["Hajin", "the town of Hajin"], 6),
    ("syr-hajin-0917", "2018-09-17", "clash", ["the Syrian Democratic Forces", "SDF fighters"],
     ["Islamic State militants", "IS"], ["Hajin"], 3),  # hard negative: same pair, same town, a week later
    ("syr-abukamal-0911", "2018-09-11", "clash", ["Islamic State fighters", "Daesh militants", "IS"],
     ["the Syrian army", "government troops", "Syrian government forces"], ["Abu Kamal", "Albu Kamal", "Al-Bukamal"], 5),
    ("syr-mayadin-0911", "2018-09-11", "clash", ["Islamic State fighters", "Daesh"],
     ["the Syrian army", "regime forces"], ["Mayadin", "al-Mayadin"], 3),  # same day, ~90 km away
    ("syr-idlib-air-0907", "2018-09-07", "air", ["Russian warplanes", "Russian jets", "the Russian air force"],
     [""], ["Idlib", "Idleb"], 4),
    ("syr-jisr-air-0907", "2018-09-07", "air", ["Russian warplanes", "Russian jets"],
     [""], ["Jisr al-Shughur"], 2),
    ("syr-deir-bomb-0914", "2018-09-14", "bomb", ["Islamic State", "ISIS", "Daesh"],
     [""], ["Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr"], 4),
    ("syr-raqqa-bomb-0920", "2018-09-20", "bomb", ["Islamic State", "IS"], [""], ["Raqqa", "al-Raqqa", "Ar-Raqqah"], 4),
    ("syr-suwayda-0915", "2018-09-15", "clash", ["the Syrian army", "government forces"],
     ["Islamic State", "IS militants"], ["Suwayda", "Sweida", "As-Suwayda"], 4),
    ("syr-hts-idlib-0918", "2018-09-18", "clash", ["Hayat Tahrir al-Sham", "HTS"],
     ["Islamic State cells", "Daesh cells"], ["Idlib", "Idleb"], 3),
    # Iraq
    ("irq-kirkuk-bomb-0302", "2019-03-02", "bomb", ["Islamic State", "ISIS"], [""], ["Kirkuk"], 4),
    ("irq-mosul-clash-0305", "2019-03-05", "clash", ["Iraqi troops", "the Iraqi army"], ["Islamic State", "IS"],
     ["Mosul"], 4),
    # Ukraine
    ("ukr-kharkiv-shell-0310", "2022-03-10", "shell", ["Russian forces", "Russian troops", "the Russian army"],
     [""], ["Kharkiv", "Kharkov"], 5),
    ("ukr-kharkiv-shell-0317", "2022-03-17", "shell", ["Russian forces", "Russian troops"], [""], ["Kharkiv"], 3),
    ("ukr-izium-shell-0310", "2022-03-10", "shell", ["Russian forces", "Russian artillery"], [""], ["Izium", "Izyum"], 4),
    ("ukr-mykolaiv-0322", "2022-03-22", "shell", ["Russian forces", "Russian troops"], [""], ["Mykolaiv", "Nikolaev"], 4),
    ("ukr-chernihiv-air-0316", "2022-03-16", "air", ["Russian warplanes", "Russian jets"], [""], ["Chernihiv", "Chernigov"], 3),
    ("ukr-kherson-capture-0302", "2022-03-02", "capture", ["Russian forces", "Russian troops"],
     ["Ukrainian forces", "the Ukrainian army"], ["Kherson"], 4),
    ("ukr-bakhmut-clash-0125", "2023-01-25", "clash", ["Russian forces", "Wagner fighters"],
     ["Ukrainian troops", "the Ukrainian army"], ["Bakhmut"], 4),
    ("ukr-odesa-air-0719", "2023-07-19", "air", ["Russian warplanes", "Russian jets"], [""], ["Odesa", "Odessa"], 4),
    # Sudan
    ("sdn-omdurman-0502", "2023-05-02", "clash", ["the Rapid Support Forces", "RSF fighters", "the paramilitary RSF"],
     ["the Sudanese army", "Sudanese Armed Forces", "the army"], ["Omdurman"], 5),
    ("sdn-khartoum-air-0504", "2023-05-04", "air", ["the Sudanese army", "Sudanese Armed Forces"],
     ["the Rapid Support Forces"], ["Khartoum"], 4),
    ("sdn-fasher-0510", "2024-05-10", "clash", ["the Rapid Support Forces", "RSF"],
     ["the Sudanese army", "the army"], ["El Fasher", "Al-Fashir", "El-Fasher"], 5),
    ("sdn-nyala-0510", "2024-05-10", "clash", ["the Rapid Support Forces", "RSF"],
     ["the Sudanese army"], ["Nyala"], 3),  # same day, ~190 km away
    ("sdn-wadmadani-0602", "2024-06-02", "shell", ["the Rapid Support Forces", "RSF fighters"], [""],
     ["Wad Madani", "Wad Medani"], 4),
    # Somalia
    ("som-mogadishu-bomb-1029", "2022-10-29", "bomb", ["al-Shabaab", "Al Shabaab militants", "the al-Qaeda-linked al-Shabaab"],
     [""], ["Mogadishu", "Muqdisho"], 6),
    ("som-beledweyne-bomb-1003", "2022-10-03", "bomb", ["al-Shabaab", "Al-Shabaab"], [""], ["Beledweyne", "Beled Weyne"], 3),
    ("som-baidoa-bomb-1003", "2022-10-03", "bomb", ["al-Shabaab"], [""], ["Baidoa"], 2),
    ("som-kismayo-clash-0821", "2022-08-21", "clash", ["al-Shabaab", "Al-Shabaab fighters"],
     ["Somali troops", "the Somali army"], ["Kismayo", "Kismaayo"], 4),
    # Sahel
    ("mli-gao-clash-0405", "2022-04-05", "clash", ["JNIM", "al-Qaeda-linked JNIM fighters"],
     ["the Malian army", "Malian troops"], ["Gao"], 4),
    ("mli-menaka-clash-0405", "2022-04-05", "clash", ["JNIM", "JNIM fighters"],
     ["the Malian army"], ["Menaka", "Ménaka"], 3),  # same day, ~300 km away
    ("bfa-djibo-0226", "2023-02-26", "clash", ["JNIM", "jihadists of JNIM"],
     ["the Burkinabe army", "Burkina Faso troops"], ["Djibo"], 4),
    ("ner-tillaberi-0315", "2021-03-15", "clash", ["Islamic State in the Greater Sahara", "ISGS"],
     ["Nigerien soldiers", "the Niger army"], ["Tillaberi", "Tillabéri"], 4),
    # Lake Chad
    ("nga-dikwa-0302", "2021-03-02", "clash", ["Boko Haram", "Boko Haram insurgents"],
     ["Nigerian troops", "the Nigerian army"], ["Dikwa"], 4),
    ("nga-maiduguri-shell-0223", "2021-02-23", "shell", ["Boko Haram", "ISWAP"], [""], ["Maiduguri"], 3),
    ("nga-damboa-0307", "2021-03-07", "clash", ["ISWAP", "ISWAP fighters"], ["Nigerian soldiers", "the Nigerian army"],
     ["Damboa"], 4),
    # Yemen
    ("yem-marib-missile-0410", "2021-04-10", "shell", ["the Houthis", "Houthi rebels", "Ansar Allah"], [""],
     ["Marib", "Ma'rib"], 5),
    ("yem-saada-air-0412", "2021-04-12", "air", ["the Saudi-led coalition", "coalition warplanes"], [""],
     ["Saada", "Sa'dah"], 4),
    ("yem-hodeidah-clash-0614", "2018-06-14", "clash", ["Yemeni government forces", "pro-government forces"],
     ["the Houthis", "Houthi fighters"], ["Hodeidah", "Hudaydah", "al-Hudaydah"], 4),
    ("yem-aden-bomb-1230", "2020-12-30", "bomb", ["unknown attackers", "gunmen"], [""], ["Aden"], 4),
    ("yem-abyan-aqap-0802", "2022-08-02", "clash", ["al-Qaeda in the Arabian Peninsula", "AQAP"],
     ["southern separatist forces", "the Southern Transitional Council"], ["Abyan"], 3),
    # Myanmar
    ("mmr-mandalay-0303", "2021-03-03", "repress", ["the Myanmar military", "Myanmar troops", "the junta"],
     [""], ["Mandalay"], 5),
    ("mmr-yangon-0303", "2021-03-03", "repress", ["the Myanmar military", "junta troops"], [""], ["Yangon", "Rangoon"], 3),
    ("mmr-lashio-0127", "2024-01-27", "clash", ["the Ta'ang National Liberation Army", "TNLA"],
     ["the Myanmar military", "junta forces"], ["Lashio"], 4),
    ("mmr-sittwe-0315", "2024-03-15", "clash", ["the Arakan Army"], ["the Myanmar military", "junta troops"],
     ["Sittwe"], 4),
    # Afghanistan / Pakistan, DR Congo, Libya, Gaza
    ("afg-kabul-bomb-0826", "2021-08-26", "bomb", ["Islamic State Khorasan", "IS-K", "ISKP"], [""],
     ["Kabul"], 5),
    ("cod-goma-clash-0207", "2024-02-07", "clash", ["M23 rebels", "the M23"], ["Congolese troops", "the Congolese army"],
     ["Sake"], 4),
    ("lby-tripoli-clash-0827", "2022-08-27", "clash", ["rival militias", "armed groups"], [""], ["Tripoli"], 4),
    ("pse-rafah-air-0212", "2024-02-12", "air", ["Israeli warplanes", "the Israeli military", "Israeli jets"], [""], ["Rafah"], 4),
    ("lbn-tyre-air-1003", "2024-10-03", "air", ["Israeli warplanes", "Israeli jets"], [""], ["Tyre", "Sour"], 3),
    # protests
    ("sdn-khartoum-protest-1030", "2021-10-30", "protest", [""], ["the military coup", "the army's takeover"],
     ["Khartoum"], 4),
    ("irq-baghdad-protest-1025", "2019-10-25", "protest", [""], ["the government", "corruption and the government"],
     ["Baghdad"], 4),
]

WEEKDAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def main():
    rng = random.Random(20240611)
    rows = []
    for cid, date, kind, attackers, targets, places, n in EVENTS:
        d0 = datetime.date.fromisoformat(date)
        pats = PAT[kind][:]
        rng.shuffle(pats)
        for k in range(n):
            # first report on the day, later ones up to two days after
            pub = d0 + datetime.timedelta(days=0 if k == 0 else rng.choice([0, 1, 1, 2]))
            a = attackers[k % len(attackers)]
            t = targets[k % len(targets)]
            p = places[k % len(places)]
            pat = pats[k % len(pats)]
            if not t:
                t = "the area"
            text = pat.format(a=a, t=t, p=p, d=WEEKDAY[d0.weekday()])
            text = text[0].upper() + text[1:]
            fill = rng.choice(FILLER)
            if fill:
                text += " " + fill
            src = rng.choice(SOURCES)
            rows.append({"id": f"{cid}-{k + 1}", "date": pub.isoformat(), "source": src,
                         "text": text, "cluster": cid, "root": ROOT[kind]})
    rng.shuffle(rows)
    rows.sort(key=lambda r: r["date"])  # a feed arrives roughly in date order
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
