#!/usr/bin/env bash
# tests/e2e/acled_io.sh - ACLED in and out of a store:
#   - `sitrep events --format acled` writes ACLED's header and a complete row per event,
#     and Python's csv module reads it back;
#   - a spreadsheet formula in a text field (a publisher "=HYPERLINK(...)") is neutralised
#     in the csv and acled exports;
#   - the ACLED CSV written by the export, imported into another store and exported again,
#     gives the same rows (round trip), and the imported events stay apart from coded ones;
#   - bad input to the importer (wrong columns, bad numbers, bad dates, invalid UTF-8, broken
#     quoting) names file and line, the rest goes in, exit status 1;
#   - `sitrep compare` pairs a store's coded events with their own ACLED export one to one.
#   SITREP=build/sitrep bash tests/e2e/acled_io.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

A="$T/a.db"
printf '%s\n' \
  '{"id":"w1","date":"2023-06-17","source":"=HYPERLINK(\"http://x.example\",\"click\")","text":"On 16 June 2023, ADF rebels attacked a secondary school in Mpondwe, Kasese district, killing 42 people."}' \
  '{"id":"w2","date":"2018-09-12","source":"+Wire","text":"Islamic State militants attacked Syrian army positions near Abu Kamal on Wednesday, killing eight soldiers."}' \
  '{"id":"w3","date":"2024-05-13","source":"@Desk","text":"Police fired tear gas at protesters in Dakar on Sunday. Nobody was hurt."}' \
  '{"id":"w4","date":"2022-03-11","source":"Local Radio","text":"Russian troops shelled residential areas of Kharkiv on Thursday, killing at least 15 civilians, the governor said."}' >"$T/in.jsonl"
"$SITREP" ingest --quiet --db "$A" "$T/in.jsonl" >/dev/null 2>&1 || { echo "FAIL: ingest"; exit 1; }

"$SITREP" events --db "$A" --format acled >"$T/a.csv" || fail "acled export exit $?"
python3 - "$T/a.csv" <<'PY' && ok "acled export: ACLED's header, complete rows, dates, counts, inter codes" || fail "acled export"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
want = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
        "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
        "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
        "tags,timestamp").split(",")
assert rows and list(rows[0]) == want, list(rows[0])
by_cc = {r["country"]: r for r in rows}
ug = by_cc["Uganda"]
assert ug["event_date"] == "2023-06-16" and ug["fatalities"] == "42", ug          # the event's own date
assert ug["event_type"] == "Violence against civilians" and ug["inter1"] == "2", ug
assert ug["inter2"] == "7" and ug["interaction"] == "27" and ug["civilian_targeting"], ug
assert ug["iso"] == "800" and ug["region"] == "Eastern Africa" and ug["event_id_cnty"].startswith("UGA"), ug
sy = by_cc["Syria"]
assert sy["event_date"] == "2018-09-12" and sy["fatalities"] == "8", sy          # Wednesday of the report
ua = by_cc["Ukraine"]
assert ua["event_date"] == "2022-03-10" and ua["fatalities"] == "15", ua          # Thursday before a Friday
PY
grep -q "=HYPERLINK" "$T/a.csv" && ! grep -q "\"'=HYPERLINK" "$T/a.csv" && fail "formula not neutralised" ||
  ok "acled export: formula cell neutralised"
"$SITREP" events --db "$A" --format csv >"$T/a2.csv"
python3 - "$T/a2.csv" <<'PY' && ok "csv export: every text cell starting with = + - @ is neutralised" || fail "csv formula guard"
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    for k, v in r.items():
        if k in ("latitude", "longitude"):
            continue
        assert not (v[:1] in "=+@" and v), (k, v)
        assert not v.startswith("-"), (k, v)
    assert r["event_id"] and r["url"] is not None, r
PY

# round trip: export -> import -> export gives the same rows; the store keeps them apart
B="$T/b.db"
"$SITREP" import acled "$T/a.csv" --db "$B" 2>"$T/imp.err" && ok "import: exit 0" || fail "import exit $?: $(cat "$T/imp.err")"
"$SITREP" events --db "$B" --origin acled --format acled >"$T/b.csv"
python3 - "$T/a.csv" "$T/b.csv" <<'PY' && ok "round trip: the exported ACLED file imports back to the same rows" || fail "round trip"
import csv, sys
a = sorted(tuple(r) for r in csv.reader(open(sys.argv[1], newline="")))
b = sorted(tuple(r) for r in csv.reader(open(sys.argv[2], newline="")))
assert a == b, [x for x in zip(a, b) if x[0] != x[1]][:2]
PY
n=$("$SITREP" events --db "$B" --count)
[ "$n" = 0 ] && ok "imported events are not coded events (--origin coded: 0)" || fail "imported events leak into coded queries: $n"
"$SITREP" import acled "$T/a.csv" --db "$B" 2>"$T/imp2.err"
grep -q "0 new events, 5 updated" "$T/imp2.err" && ok "import again: updated in place" || fail "reimport: $(cat "$T/imp2.err")"
"$SITREP" db check --db "$B" >/dev/null 2>&1 && ok "db check after import" || fail "db check after import"

# bad input: file and line named, the rest imported, exit 1
python3 - "$T/a.csv" "$T/bad.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
h, good = rows[0], rows[1]
col = {k: i for i, k in enumerate(h)}
def row(id_, **change):
    r = list(good)
    r[col["event_id_cnty"]] = id_
    for k, v in change.items():
        r[col[k]] = v
    return r
out = [h, row("GOOD1"), row("BADDATE", event_date="2023-02-30"), row("BADNUM", latitude="north"),
       row("BADUTF", notes="\udcff broken"), row("BADFAT", fatalities="many"), row("GOOD2")]
with open(sys.argv[2], "w", newline="", encoding="utf-8", errors="surrogateescape") as f:
    csv.writer(f, lineterminator="\r\n").writerows(out)
PY
H=$(head -1 "$T/a.csv")
GOOD=$(sed -n 2p "$T/a.csv")
C="$T/c.db"
"$SITREP" import acled "$T/bad.csv" --db "$C" 2>"$T/bad.err"
rc=$?
[ $rc -eq 1 ] && ok "bad rows: exit 1" || fail "bad rows: exit $rc (want 1)"
for want in "bad.csv:3: bad event_date" "bad.csv:4: bad latitude" "bad.csv:5: invalid UTF-8" "bad.csv:6: bad fatalities"; do
  grep -qF "$want" "$T/bad.err" && ok "names '$want'" || fail "no '$want' in: $(cat "$T/bad.err")"
done
n=$("$SITREP" events --db "$C" --origin acled --count)
[ "$n" = 2 ] && ok "the good rows went in (2)" || fail "good rows: $n (want 2)"
printf 'event_id,date,type\nX1,2023-01-01,Battles\n' >"$T/cols.csv"
"$SITREP" import acled "$T/cols.csv" --db "$C" 2>"$T/cols.err"
rc=$?
[ $rc -eq 1 ] && grep -qF "cols.csv:1: not an ACLED export" "$T/cols.err" && ok "wrong columns: named, exit 1" ||
  fail "wrong columns: exit $rc, $(cat "$T/cols.err")"
{ echo "$H"; echo "$GOOD" | sed 's/^[A-Z]*[0-9]*,/Q1,/'; echo 'Q2,2023-01-01,2023,1,"broken "quote",x'; } >"$T/q.csv"
# q.csv: one good row, then broken quoting; bad.csv: two good rows -> 3 events
"$SITREP" import acled "$T/q.csv" "$T/bad.csv" --db "$T/d.db" 2>"$T/q.err"
rc=$?
[ $rc -eq 1 ] && grep -qF "q.csv:3: broken quoting" "$T/q.err" && ok "broken quoting: named, exit 1" ||
  fail "broken quoting: exit $rc, $(cat "$T/q.err")"
n=$("$SITREP" events --db "$T/d.db" --origin acled --count)
[ "$n" = 3 ] && ok "rows before the broken quote and the next file went in (3)" || fail "after broken quoting: $n (want 3)"

# Excel's "CSV UTF-8" (a byte order mark) with old-Mac line ends (CR only): lines still counted right
printf '\357\273\277event_id_cnty,event_date,event_type,country,latitude,longitude\rM1,2023-01-02,Battles,Nigeria,9.0,7.0\rM2,bad,Battles,Nigeria,9,7\r' >"$T/mac.csv"
"$SITREP" import acled "$T/mac.csv" --db "$T/mac.db" 2>"$T/mac.err"
rc=$?
[ $rc -eq 1 ] && grep -qF "mac.csv:3: bad event_date" "$T/mac.err" && ok "BOM and CR line ends: header found, line 3 named" ||
  fail "BOM/CR: exit $rc, $(cat "$T/mac.err")"

# compare: the store against its own export pairs every located event
"$SITREP" import acled "$T/a.csv" --db "$A" 2>/dev/null
"$SITREP" compare --db "$A" --json >"$T/cmp.json" || fail "compare exit $?"
python3 scripts/validate-json.py compare "$T/cmp.json" && ok "compare --json matches the schema" || fail "compare schema"
"$SITREP" events --db "$A" --origin all | python3 scripts/validate-json.py event_row - &&
  ok "imported and coded rows match the schema" || fail "event_row schema (origin all)"
python3 - "$T/cmp.json" <<'PY' && ok "compare: every event paired with its own export" || fail "compare"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["total"]
assert t["coded"] == t["acled"] == t["matched"] == 5 and t["type_agree"] == 5, d
assert {r["country"] for r in d["rows"]} == {"UG", "SY", "SN", "UA"}, d["rows"]
PY

[ $fails -eq 0 ] && echo "PASS" || echo "FAILED: $fails"
[ $fails -eq 0 ]
