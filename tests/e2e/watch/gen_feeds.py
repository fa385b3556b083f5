#!/usr/bin/env python3
"""tests/e2e/watch/gen_feeds.py - write NFEEDS RSS feeds of NITEMS items each into DIR.

Each item is a short report made of sentences of our own with varied actors, places and
numbers; item k of all is dated 4 days after item k-1, so no two generated reports are
one real-world event (the store's merge stays independent of the order the workers
store them in). Deterministic (seeded).
usage: gen_feeds.py DIR NFEEDS NITEMS
"""
import datetime
import os
import random
import sys
from xml.sax.saxutils import escape

out, nfeeds, nitems = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(14)
ATTACKS = [
    ('Islamic State fighters', 'Syrian army positions', ['Mayadin', 'Al-Bukamal', 'Palmyra', 'Sukhnah']),
    ('Russian forces', 'Ukrainian positions', ['Avdiivka', 'Kupiansk', 'Vuhledar', 'Orikhiv']),
    ('Al-Shabaab militants', 'a Somali army base', ['Baidoa', 'Beledweyne', 'Jowhar', 'Kismayo']),
    ('Boko Haram fighters', 'a military camp', ['Monguno', 'Damboa', 'Gwoza', 'Bama']),
    ('Houthi forces', 'government troops', ['Marib', 'Taiz', 'Hodeidah', 'Dhale']),
]
VERBS = ['attacked', 'shelled', 'raided', 'ambushed', 'stormed']
WHEN = ['on Monday', 'on Tuesday', 'late on Wednesday', 'early on Thursday', 'on Friday night']
SAYS = ['a local official said', 'security sources said', 'a monitoring group reported',
        'residents told reporters', 'the defence ministry said']
AFTER = ['Reinforcements were sent to the area after the fighting ended.',
         'The road to the town was closed for several hours.',
         'Aid workers said the clinic in the town was treating the wounded.',
         'Both sides blamed each other for starting the fighting.',
         'Officials gave no further details about the damage.',
         'Schools in the district stayed shut the next day.']
NUMS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', '11', '14']
THINGS = ['vehicles', 'families', 'tents', 'trucks', 'houses', 'wells', 'shops', 'boats', 'carts']
SYL = ['ka', 'lo', 'mi', 'ra', 'su', 'te', 'vo', 'da', 'ne', 'bi', 'gu', 'ho', 'za', 'fe', 'yu']


def name():
    return ''.join(rnd.choice(SYL) for _ in range(rnd.randint(2, 4))).capitalize()


day0 = datetime.date(2019, 1, 7)
k = 0
os.makedirs(out, exist_ok=True)
for f in range(nfeeds):
    items = []
    for i in range(nitems):
        actor, target, places = rnd.choice(ATTACKS)
        place = rnd.choice(places)
        day = day0 + datetime.timedelta(days=4 * k)
        who = name() + ' ' + name()
        extra = rnd.sample(AFTER, 3)
        text = (f'{actor} {rnd.choice(VERBS)} {target} near {place} {rnd.choice(WHEN)}, killing '
                f'{rnd.choice(NUMS)} people, {rnd.choice(SAYS)}. {extra[0]} A spokesman named {who} '
                f'spoke of {rnd.randint(2, 400)} {rnd.choice(THINGS)} and {rnd.randint(2, 90)} '
                f'{rnd.choice(THINGS)} seen in the {name()} quarter. {extra[1]} {extra[2]} '
                f'Report number {k} of the generated set, filed from {name()}.')
        pub = datetime.datetime(day.year, day.month, day.day, 9, 0).strftime('%a, %d %b %Y %H:%M:%S GMT')
        items.append(f'<item><title>{escape(place)}: fighting reported</title><guid>gen-{k:05d}</guid>'
                     f'<pubDate>{pub}</pubDate><description>{escape(text)}</description></item>')
        k += 1
    with open(os.path.join(out, f'gen{f}.rss'), 'w', encoding='utf-8') as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                 f'<title>Generated {f}</title>\n' + '\n'.join(items) + '\n</channel></rss>\n')
