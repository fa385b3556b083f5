#!/usr/bin/env bash
# tests/e2e/serve_api.sh - `sitrep serve` over real HTTP (curl, python3 sockets):
# the API and its filters, errors with status codes (400/401/403/404/405/413),
# path traversal on the static files, oversized and malformed bodies, writes
# with and without the token, slow clients, CORS; the server must still be
# serving after all of it.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
. tests/serve/lib.sh

fails=0
ok() { echo "ok   $*"; }
bad() {
  echo "FAIL $*"
  fails=$((fails + 1))
}
tmp=$(mktemp -d)
trap 'serve_stop; rm -rf "$tmp"' EXIT

# status PATH [CURL ARGS...] -> prints the HTTP status; the body lands in $tmp/body, and a
# copy of every JSON answer in $tmp/schema/DEF.N.json for the schema check at the end
mkdir -p "$tmp/schema"
nbody=0
status() {
  local path=$1
  shift
  local code
  code=$(curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' "$@" "$BASE$path")
  local def=""
  case "$code:${path%%\?*}" in
  4??:/api/* | 5??:/api/*) def=error ;;
  200:/api/events.geojson) def=events_geojson ;;
  200:/api/events/*) def=event_detail ;;
  200:/api/events) def=events_page ;;
  200:/api/situation.geojson) def=situation_geojson ;;
  200:/api/situation) case "$path" in *format=text*) ;; *) def=situation ;; esac ;;
  200:/api/actors) def=actors ;;
  200:/api/places) def=places ;;
  200:/api/stats) def=stats ;;
  200:/api/documents) def=documents_posted ;;
  esac
  if [ -n "$def" ] && [ -s "$tmp/body" ] && head -c 1 "$tmp/body" | grep -q '[{[]'; then
    nbody=$((nbody + 1))
    cp "$tmp/body" "$tmp/schema/$def.$nbody.json"
  fi
  echo "$code"
}
expect() { # CODE PATH [CURL ARGS...]
  local want=$1 path=$2
  shift 2
  local got
  got=$(status "$path" "$@")
  if [ "$got" = "$want" ]; then ok "$want $path $*"; else bad "$path $*: status $got, expected $want: $(head -c 200 "$tmp/body")"; fi
}
body_has() { # PATTERN WHAT
  if grep -q -- "$1" "$tmp/body"; then ok "$2"; else bad "$2: no '$1' in $(head -c 300 "$tmp/body")"; fi
}
json() { # PYTHON-EXPR over d (the parsed body)
  python3 -c "import json,sys; d=json.load(open('$tmp/body')); print($1)"
}
expect_json() { # PATH EXPR WANT
  status "$1" >/dev/null
  local got
  got=$(json "$2" 2>&1)
  if [ "$got" = "$3" ]; then ok "$1: $2 = $3"; else bad "$1: $2 = $got, expected $3"; fi
}

serve_store "$tmp"
serve_start "$tmp/store.db" --threads 4 --timeout 2000

# ---- the API
expect 200 /api/events
expect_json /api/events 'd["total"]' 13
expect_json /api/events 'len(d["events"])' 13
expect_json "/api/events?limit=2&offset=2" 'len(d["events"]), d["offset"]' "2 2"
expect_json "/api/events?actor=ISIS" 'd["total"]' 6
expect_json "/api/events?actor=daesh" 'd["total"]' 6
expect_json "/api/events?actor=isis&country=sy" 'd["total"]' 6
expect_json "/api/events?source=SDF" 'd["total"]' 2
expect_json "/api/events?target=SYRGOV" 'd["total"]' 1
expect_json "/api/events?country=TR" 'd["total"]' 2
# the country as --country takes it: alpha-3 and English names too
expect_json "/api/events?country=TUR" 'd["total"]' 2
expect_json "/api/events?country=turkey" 'd["total"]' 2
expect_json "/api/events?admin1=Idlib" 'd["total"]' 3
expect_json "/api/events?action=19" 'all(e["action"]["root"]=="19" for e in d["events"]) and d["total"]>0' True
expect_json "/api/events?from=2018-11-24&to=2018-11-24" 'd["total"]' 3
expect_json "/api/events?min_reports=2" 'd["total"], d["events"][0]["reports"]' "1 2"
expect_json "/api/events?near=34.695,40.831&km=5" 'sorted({e["location"]["name"] for e in d["events"]})' "['Hajīn']"
expect_json "/api/events?q=besieged" 'd["total"]' 1
expect_json "/api/events?q=%22x%27%20OR%201%3D1%20--%22" 'd["total"]' 0
expect 400 "/api/events?admin1=x%27%20OR%201%3D1%20--"   # no area name has quotes, "=" or "--"
status /api/events.geojson >/dev/null
expect_json /api/events.geojson 'd["type"], len(d["features"]), d["features"][0]["geometry"]["type"]' "FeatureCollection 13 Point"
id=$(curl -s "$BASE/api/events?min_reports=2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["id"])')
expect_json "/api/events/$id" 'len(d["reports"]), d["event"]["reports"], all(r["evidence"] and r["url"].startswith("https://") for r in d["reports"])' "2 2 True"
expect_json /api/situation 'd["as_of"], len(d["areas"]) > 0' "2018-11-26 True"
expect_json "/api/situation?as_of=2018-11-24&country=SY&days=10" 'd["as_of"], d["country"]' "2018-11-24 SY"
expect_json /api/situation.geojson 'd["type"], sorted({f["properties"]["kind"] for f in d["features"]})' "FeatureCollection ['movement', 'place']"
expect 200 "/api/situation?format=text&country=SY"
body_has "Hajin (Hajīn) held by Syrian Democratic Forces" "situation text states who holds Hajin"
expect_json /api/actors 'd["actors"][0]["id"], d["actors"][0]["events"]' "ISIS 6"
expect_json /api/stats 'd["documents"], d["events"], d["read_only"]' "12 13 True"
pl=$(status "/api/places?q=Hajin")
if [ "$pl" = 200 ]; then body_has '"country":"SY"' "/api/places?q=Hajin finds the Syrian Hajin"; elif [ "$pl" = 503 ]; then ok "/api/places: 503 without a gazetteer"; else bad "/api/places?q=Hajin: status $pl"; fi
expect 200 "/api/events" -I

# ---- bad parameters: 400 naming the parameter
for q in "limti=3:limti" "limit=0:limit" "limit=1001:limit" "limit=abc:limit" "offset=-1:offset" \
  "near=abc:near" "near=91,0:latitude" "near=34,200:longitude" "km=5:km" "near=34,40&km=0:km" "near=34,40&km=-3:km" \
  "from=2018-13-01:from" "to=yesterday:to" "from=2018-11-25&to=2018-11-20:after" "actor=NOBODY_SUCH:actor" \
  "country=Narnia:country" "min_reports=-1:min_reports" "x=%zz:malformed" "limit=1&limit=2:twice" "q=%00:malformed" \
  "a:unknown parameter" "q=:q"; do
  expect 400 "/api/events?${q%%:*}"
  body_has "${q#*:}" "  ...the error names '${q#*:}'"
  body_has '^{"error":' "  ...as JSON"
done
expect 400 "/api/situation?as_of=26-11-2018"
expect 400 "/api/situation?days=0"
expect 400 "/api/situation?format=pdf"
expect 400 "/api/places"
expect 400 "/api/actors?limit=0"
expect 400 "/api/stats?verbose=1"
expect 400 "/app.js?v=1"
long=$(head -c 5000 /dev/zero | tr '\0' a)
expect 400 "/api/events?q=$long"

# ---- 404 and 405
expect 404 /nope
expect 404 /api/nope
expect 404 /api/events/99999999
expect 404 /api/events/abc
expect 404 "/api/events/1/../2"
expect 405 /api/events -X POST
grep -q . "$tmp/body" && ok "405 has a body"
allow=$(curl -s -o /dev/null -D - -X DELETE "$BASE/api/stats" | tr -d '\r' | sed -n 's/^Allow: //p')
[ "$allow" = "GET, HEAD" ] && ok "405 sends Allow: GET, HEAD" || bad "405 Allow header: '$allow'"
expect 405 / -X PUT -d x
expect 405 /api/documents
expect 403 /api/documents -X POST -d '{"id":"x","text":"y"}'

# ---- static files: a fixed table, no traversal
expect 200 /
body_has '<div id="map"' "/ is the map page"
expect 200 /app.js
expect 200 /licenses
if curl -sf "$BASE/vendor/leaflet.js" -o /dev/null; then
  status /licenses >/dev/null
  for w in "BSD-2-Clause" "ISC" "Natural Earth" "public domain" "Agafonkin"; do body_has "$w" "/licenses mentions $w"; done
else
  echo "note: this build has no vendored map assets (scripts/setup.sh deps)"
fi
for p in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/vendor/%2e%2e/%2e%2e/%2e%2e/etc/passwd" \
  "/app.js/../../../etc/passwd" "/vendor/..%2f..%2f..%2fetc%2fpasswd" "/%2fetc%2fpasswd" "/..%5c..%5cetc%5cpasswd" \
  "/vendor/../app.js" "/./app.js" "//etc/passwd" "/vendor/leaflet.js%00.html" "/%252e%252e/etc/passwd" \
  "/api/../../etc/passwd" "/web/app.js" "/CMakeLists.txt"; do
  got=$(status "$p")
  if [ "$got" = 404 ] || [ "$got" = 400 ]; then ok "$got $p"; else bad "$p: status $got"; fi
  if grep -q "root:" "$tmp/body"; then bad "$p served /etc/passwd"; fi
done
# a request line without a leading slash, straight on the socket
raw=$(python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET ../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
except socket.timeout:
    pass
print(data.split(b"\r\n", 1)[0].decode(errors="replace"), "root:" in data.decode(errors="replace"))
PY
)
case "$raw" in
  "HTTP/1.1 4"*False) ok "raw 'GET ../../etc/passwd' refused ($raw)" ;;
  *) bad "raw 'GET ../../etc/passwd': $raw" ;;
esac

# ---- CORS is off by default
hdrs=$(curl -s -o /dev/null -D - -H "Origin: https://evil.example" "$BASE/api/stats")
echo "$hdrs" | grep -qi "Access-Control" && bad "CORS header sent without --cors" || ok "no CORS header by default"

# ---- slow clients: sockets that send half a request and stall do not block others (each
# request must answer within curl's 2 s; the total bound is loose so a busy CI machine passes)
python3 - "$PORT" >"$tmp/slow.out" 2>&1 <<'PY' &
import socket, sys, time
socks = []
for i in range(2):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: the request never ends
    socks.append(s)
time.sleep(6)
PY
slow_pid=$!
sleep 0.3
t0=$(date +%s%N)
n_ok=0
for i in 1 2 3 4 5 6 7 8; do
  [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$BASE/api/events?limit=1&offset=$i")" = 200 ] && n_ok=$((n_ok + 1))
done
ms=$((($(date +%s%N) - t0) / 1000000))
[ $n_ok = 8 ] && [ $ms -lt 4000 ] && ok "8 requests served in $ms ms beside 2 stalled clients" ||
  bad "with 2 stalled clients: $n_ok/8 answered in $ms ms"
kill "$slow_pid" 2>/dev/null
wait "$slow_pid" 2>/dev/null

serve_stop

if [ -n "${SERVE_PG_DSN:-}" ]; then
  # ---- the PostgreSQL store is read-only here: documents go in through the queue
  printf 'test-token-0123456789abcdef\n' >"$tmp/token"
  chmod 600 "$tmp/token"
  "$SITREP" serve --pg "$SERVE_PG_DSN" --write-token "$tmp/token" --port 0 2>"$tmp/err"
  [ $? = 2 ] && grep -q "does not go with --pg" "$tmp/err" && ok "--pg --write-token refused: $(head -1 "$tmp/err")" ||
    bad "--pg --write-token: $(head -1 "$tmp/err")"
  serve_start "$tmp/store.db" --threads 4 --timeout 2000
else
# ---- writes: token, body limit, malformed bodies
printf 'test-token-0123456789abcdef\n' >"$tmp/token"
chmod 600 "$tmp/token"
serve_start "$tmp/store.db" --write-token "$tmp/token" --cors https://map.example --threads 4 --timeout 2000
doc='{"id":"sv-new-1","date":"2018-11-26","source":"Post Wire","url":"https://example.org/new1","text":"Islamic State fighters attacked Kurdish forces near Hajin on Monday."}'
expect 401 /api/documents -X POST -H 'Content-Type: application/json' -d "$doc"
body_has '"error":"missing token' "401 without a token says so"
expect 401 /api/documents -X POST -H "Authorization: Bearer test-token-0123456789abcdeX" -d "$doc"
expect 401 /api/documents -X POST -H "Authorization: Bearer test-token" -d "$doc"
expect 401 /api/documents -X POST -H "Authorization: Basic dGVzdA==" -d "$doc"
AUTH="Authorization: Bearer test-token-0123456789abcdef"
expect 400 /api/documents -X POST -H "$AUTH" -d '{"id":"bad","text":'
body_has "malformed" "malformed JSON: the error says so"
expect 400 /api/documents -X POST -H "$AUTH" -d '[1,2,3]'
expect 400 /api/documents -X POST -H "$AUTH" --data-binary ''
expect 400 /api/documents -X POST -H "$AUTH" -d '{"id":"no-text"}'
head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' ' ' >"$tmp/big"
expect 413 /api/documents -X POST -H "$AUTH" --data-binary "@$tmp/big"
body_has "limit" "413 names the limit"
expect 413 /api/documents -X POST -H "$AUTH" -H "Transfer-Encoding: chunked" --data-binary "@$tmp/big"
# a refused body is not read on: the connection is closed after the answer
closed=$(python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\nContent-Length: 100000000\r\n\r\n")
status = s.recv(4096).split(b"\r\n")[0].decode()
t, sent = time.time(), 0
try:
    while time.time() - t < 3:
        s.sendall(b"x" * 65536)
        sent += 65536
    print(status, "still reading after", sent, "bytes")
except OSError:
    print(status, "closed")
PY
)
[ "$closed" = "HTTP/1.1 401 Unauthorized closed" ] && ok "401 then the connection is closed (the 100 MB body is not read)" || bad "after a 401: $closed"
expect 200 /api/documents -X POST -H "$AUTH" -H 'Content-Type: application/json' -d "$doc"
expect_json "/api/events?q=Kurdish" 'd["total"]' 1
# a pretty-printed object and JSONL with one bad line
printf '{\n  "id": "sv-new-2",\n  "date": "2018-11-26",\n  "text": "Syrian army troops shelled rebel positions in Daraa on Monday."\n}\n' >"$tmp/pretty.json"
expect 200 /api/documents -X POST -H "$AUTH" --data-binary "@$tmp/pretty.json"
expect_json "/api/stats" 'd["documents"], d["read_only"]' "14 False"
printf '%s\n{"id":\n' "$doc" >"$tmp/mixed.jsonl"
expect 200 /api/documents -X POST -H "$AUTH" --data-binary "@$tmp/mixed.jsonl"
expect_json "/api/stats" 'd["documents"]' 14
cors=$(curl -s -o /dev/null -D - "$BASE/api/stats" | tr -d '\r' | sed -n 's/^Access-Control-Allow-Origin: //p')
[ "$cors" = "https://map.example" ] && ok "--cors sends Access-Control-Allow-Origin" || bad "CORS header: '$cors'"
expect 204 /api/events -X OPTIONS

# slow body: a POST announcing more bytes than it sends is cut off by the timeout (408)
python3 - "$PORT" >"$tmp/slowbody.out" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=8)
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-token-0123456789abcdef\r\nContent-Length: 1000\r\n\r\n{\"id\":")
t = time.time()
try:
    data = s.recv(4096)
except socket.timeout:
    data = b"(no answer)"
print(round(time.time() - t, 1), data.split(b"\r\n", 1)[0].decode(errors="replace"))
PY
read -r secs line <"$tmp/slowbody.out"
case "$line" in
  "HTTP/1.1 408"*) ok "stalled POST body cut off after ${secs}s: $line" ;;
  *) bad "stalled POST body: after ${secs}s: $line" ;;
esac
fi
# ---- still serving after all of it
expect 200 /api/stats
kill -0 "$SERVE_PID" 2>/dev/null && ok "server still running" || bad "server died"
serve_stop

# bad options exit 2 with a message
"$SITREP" serve --db "$tmp/none.db" --port 0 2>"$tmp/err" && bad "serve on a missing store started" || ok "missing store: $(head -1 "$tmp/err")"
"$SITREP" serve --db "$tmp/store.db" --port 70000 2>"$tmp/err"
[ $? = 2 ] && ok "--port 70000: $(head -1 "$tmp/err")" || bad "--port 70000 accepted"
printf 'short\n' >"$tmp/short"
"$SITREP" serve --db "$tmp/store.db" --write-token "$tmp/short" 2>"$tmp/err"
[ $? = 2 ] && ok "short token refused: $(head -1 "$tmp/err")" || bad "short token accepted"

# every JSON answer above against docs/schema/sitrep.schema.json
for def in $(ls "$tmp/schema" | cut -d. -f1 | sort -u); do
  if python3 scripts/validate-json.py "$def" "$tmp/schema/$def".*.json >"$tmp/schema.out" 2>&1; then
    ok "schema: $(ls "$tmp/schema/$def".*.json | wc -l) $def answers valid"
  else
    bad "schema: $def: $(head -5 "$tmp/schema.out")"
  fi
done

if [ $fails -gt 0 ]; then
  echo "serve_api: $fails check(s) failed"
  exit 1
fi
echo "serve_api: all checks passed"
