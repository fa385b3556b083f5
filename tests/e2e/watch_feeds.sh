#!/usr/bin/env bash
# tests/e2e/watch_feeds.sh - `sitrep watch` against a loopback HTTP server (tests/e2e/watch/):
# feeds, an Atom feed with Last-Modified only, a page; bad sources (an HTML page for a feed,
# 50 MB with and without Content-Length, a redirect loop, a refused port, a slow server, a
# 503) each named with a clear message; two hosts asked at once, one host one at a time; a watch killed (SIGKILL) and restarted fetches and
# hands over nothing twice; a changed feed hands over only its new item; the store filled
# by `watch --db` equals `sitrep ingest` of the same documents (tests/e2e/watch/store_dump.py).
set -uo pipefail
. tests/e2e/watch/lib.sh
make_root 2 20
start_server
W=("$SITREP" watch --host-delay 0.05 --backoff 1 --no-gazetteer)
if [ -n "${SITREP_GAZETTEER:-}" ] && [ -s "$SITREP_GAZETTEER" ]; then W=("$SITREP" watch --host-delay 0.05 --backoff 1); fi

cat >"$T/good.list" <<EOL
# sources that work
$BASE/feeds/wire.rss
feed $BASE/nolm/desk.atom      # Last-Modified only, no ETag
page $BASE/pages/report.html
$BASE/gen/gen0.rss
$BASE/gen/gen1.rss
EOL
NGOOD=$((5 + 3 + 1 + 40))

# ---- bad sources: one clear message each, naming the source; exit 1
cat >"$T/bad.list" <<EOL
$BASE/feeds/notafeed.rss
$BASE/big
$BASE/big-declared
$BASE/loop
http://127.0.0.1:1/feed.rss
$BASE/slow
$BASE/busy
gopher://example.invalid/
$BASE/missing.rss
EOL
"${W[@]}" --once --timeout 2 --backoff 30 --jsonl "$T/bad.jsonl" "$T/bad.list" 2>"$T/bad.err"
rc=$?
[ $rc -eq 1 ] && ok "bad sources: exit 1" || fail "bad sources: exit $rc, want 1"
check_msg() { # URL-PART PATTERN WHAT
  if grep -F "$1" "$T/bad.err" | grep -Eq "$2"; then ok "$3"; else fail "$3: no '$2' naming $1"; fi
}
check_msg "$BASE/feeds/notafeed.rss:" "expected an RSS or Atom feed, got an HTML page" "HTML instead of a feed"
check_msg "$BASE/big:" "larger than the 16 MiB cap" "50 MB without Content-Length stops at the cap"
check_msg "$BASE/big-declared:" "larger than the 16 MiB cap" "50 MB with Content-Length refused"
check_msg "$BASE/loop:" "more than 5 redirects" "redirect loop capped"
check_msg "http://127.0.0.1:1/feed.rss:" "(connect|Connection refused)" "unreachable host"
check_msg "$BASE/slow:" "within 2 s" "time cap"
check_msg "$BASE/busy:" "HTTP status 503.*next try after 120 s" "503 with Retry-After"
check_msg "bad.list:8:" "only http:// and https://" "a non-http source is refused at its line"
check_msg "$BASE/missing.rss:" "HTTP status 404" "404"
big=$(awk '$2 == "/big" {print $4}' "$T/http.log" | head -1)
[ "${big:-0}" -lt $((40 << 20)) ] && ok "the 50 MB answer was cut short ($big bytes sent)" || fail "/big sent $big bytes"
[ ! -s "$T/bad.jsonl" ] && ok "nothing handed over from bad sources" || fail "bad sources gave documents"
# backing off: asked again at once, the failed sources are not fetched, exit still 1
n0=$(wc -l <"$T/http.log")
"${W[@]}" --once --timeout 2 --backoff 30 --jsonl "$T/bad.jsonl" "$T/bad.list" 2>"$T/bad2.err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$T/http.log")" -eq "$n0" ] && ok "failed sources back off (no request, exit 1)" ||
  fail "backoff: exit $rc, $(( $(wc -l <"$T/http.log") - n0 )) requests"

# ---- sources on two hosts are asked at once; on one host, one after the other
printf '%s\n' "$BASE/slow" "http://localhost:$PORT/slow" >"$T/two.list"
t0=$(date +%s%N)
"${W[@]}" --once --quiet --timeout 2 --jsonl "$T/two.jsonl" --state "$T/two.state" "$T/two.list" 2>/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -lt 3800 ] && ok "two hosts asked at once (two 2 s time caps in $ms ms)" || fail "two slow hosts took $ms ms"
printf '%s\n' "$BASE/slow" "$BASE/slow?again" >"$T/one.list"
t0=$(date +%s%N)
"${W[@]}" --once --quiet --timeout 1 --jsonl "$T/one.jsonl" --state "$T/one.state" "$T/one.list" 2>/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -ge 2000 ] && ok "one host is asked one request at a time ($ms ms for two 1 s caps)" || fail "one host: $ms ms"

# ---- restart: a continuous watch killed after its first pass, then --once: all 304
"${W[@]}" --interval 600 --quiet --db "$T/watch.db" --state "$T/good.state" "$T/good.list" 2>"$T/run1.err" &
wpid=$!
PIDS+=($wpid)
for _ in $(seq 300); do
  [ "$(python3 "$HERE/state_ok.py" "$T/good.state")" -ge 5 ] && break
  sleep 0.1
done
kill -9 $wpid 2>/dev/null
wait $wpid 2>/dev/null
n1=$(wc -l <"$T/http.log")
"${W[@]}" --once --db "$T/watch.db" --state "$T/good.state" "$T/good.list" 2>"$T/run2.err"
rc=$?
[ $rc -eq 0 ] || { fail "restart: exit $rc"; cat "$T/run2.err"; }
grep -q "5 sources asked, 0 fetched, 5 not modified, 0 new documents" "$T/run2.err" &&
  ok "restart: every source asked conditionally, all 304, nothing handed over twice" ||
  { fail "restart fetched again:"; cat "$T/run2.err"; }
[ "$(hits "$((n1 + 1))" /nolm/desk.atom 304)" -eq 1 ] && ok "If-Modified-Since alone gives 304" || fail "Atom feed without ETag was fetched again"
# a new item in one feed: only that feed is fetched, one new document
python3 - "$T/www/feeds/wire.rss" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
item = ('<item><title>Car bomb in Mogadishu</title><guid>wire-0006</guid>'
        '<pubDate>Wed, 13 Mar 2024 12:00:00 GMT</pubDate><description>A car bomb exploded near a '
        'checkpoint in Mogadishu on Wednesday, killing four people, police said.</description></item>\n')
open(p, 'w', encoding='utf-8').write(s.replace('</channel>', item + '</channel>'))
PY
touch -d '+2 seconds' "$T/www/feeds/wire.rss"
n2=$(wc -l <"$T/http.log")
"${W[@]}" --once --db "$T/watch.db" --state "$T/good.state" "$T/good.list" 2>"$T/run3.err"
grep -q "5 sources asked, 1 fetched, 4 not modified, 1 new documents" "$T/run3.err" &&
  ok "a changed feed: fetched once, only its new item handed over" || { fail "changed feed:"; cat "$T/run3.err"; }
# every source's body was sent exactly once per version over all runs
for p in /nolm/desk.atom /pages/report.html /gen/gen0.rss /gen/gen1.rss; do
  [ "$(hits 1 "$p" 200)" -eq 1 ] || fail "$p was fetched $(hits 1 "$p" 200) times"
done
[ "$(hits 1 /feeds/wire.rss 200)" -eq 2 ] && ok "each version of each source fetched once" || fail "wire.rss fetched $(hits 1 /feeds/wire.rss 200) times (2 versions)"

# ---- the same documents through `sitrep ingest`: the same store
"${W[@]}" --once --jsonl "$T/docs.jsonl" --state "$T/ref.state" "$T/good.list" 2>/dev/null
nd=$(wc -l <"$T/docs.jsonl")
[ "$nd" -eq $((NGOOD + 1)) ] && ok "$nd documents as JSONL" || fail "$nd documents in JSONL, want $((NGOOD + 1))"
ING=("$SITREP" ingest --quiet --db "$T/ref.db")
[ "${W[*]}" != "${W[*]/--no-gazetteer/}" ] && ING+=(--no-gazetteer)
"${ING[@]}" "$T/docs.jsonl" || fail "ingest of the JSONL"
python3 "$HERE/store_dump.py" "$T/watch.db" >"$T/watch.dump" && python3 "$HERE/store_dump.py" "$T/ref.db" >"$T/ref.dump"
if cmp -s "$T/watch.dump" "$T/ref.dump"; then
  ok "watch --db store equals sitrep ingest of the same documents ($(grep -c '^event' "$T/ref.dump") events)"
else
  fail "stores differ:"; diff "$T/watch.dump" "$T/ref.dump" | head -5
fi

# ---- usage errors
"$SITREP" watch --once "$T/good.list" 2>"$T/u.err"; rc=$?
[ $rc -eq 2 ] && grep -q "give --db FILE, --nats URL or --jsonl FILE" "$T/u.err" && ok "no sink: exit 2" || fail "no sink: exit $rc"
"$SITREP" watch --jsonl - --max-bytes 0 "$T/good.list" 2>"$T/u.err"; rc=$?
[ $rc -eq 2 ] && ok "bad --max-bytes: exit 2" || fail "bad --max-bytes: exit $rc"
"$SITREP" watch --jsonl - "$T/nonexistent.list" 2>"$T/u.err"; rc=$?
[ $rc -eq 2 ] && grep -q "cannot read the list" "$T/u.err" && ok "missing list: exit 2" || fail "missing list: exit $rc"
exit $FAIL
