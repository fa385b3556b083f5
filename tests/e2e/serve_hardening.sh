#!/usr/bin/env bash
# tests/e2e/serve_hardening.sh - `sitrep serve` against hostile or unlucky
# clients: CORS preflights with and without --cors, Host headers on a
# loopback bind (DNS rebinding), slow bodies and slow headers cut off at the
# deadline, idle connections that must not hold up a normal request, a port
# in use, a locked store (503 + Retry-After), --bind 0.0.0.0, and
# /api/situation?country=sy (once crashed the ASan build).
# Bounds on time are generous: they tell "cut off" from "never", not speed.
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
serve_store "$tmp"
printf 'test-token-0123456789abcdef\n' >"$tmp/token"
chmod 600 "$tmp/token"
AUTH="Authorization: Bearer test-token-0123456789abcdef"

# headers PATH [CURL ARGS] -> the answer's status line and headers, CR removed
headers() {
  local path=$1
  shift
  curl -s -o "$tmp/body" -D - "$@" "$BASE$path" | tr -d '\r'
}
status_of() { head -1 <<<"$1" | cut -d' ' -f2; }

# ---- without --cors: no Access-Control-* header, not even on a preflight
serve_start "$tmp/store.db" --threads 2 --timeout 2000
h=$(headers /api/events -X OPTIONS -H "Origin: https://evil.example" -H "Access-Control-Request-Method: POST")
if grep -qi '^Access-Control' <<<"$h"; then bad "preflight without --cors got CORS headers: $h"; else ok "preflight without --cors: $(status_of "$h"), no Access-Control-* header"; fi
[ "$(status_of "$h")" = 405 ] && ok "preflight without --cors is 405" || bad "preflight without --cors: status $(status_of "$h")"
h=$(headers /api/stats -H "Origin: https://evil.example")
grep -qi '^Access-Control' <<<"$h" && bad "GET without --cors got CORS headers" || ok "GET without --cors: no Access-Control-* header"

# ---- /api/situation?country=sy (lower case) answers, and the server lives on
h=$(headers "/api/situation?country=sy")
if [ "$(status_of "$h")" = 200 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["country"]=="SY" else 1)' "$tmp/body"; then
  ok "/api/situation?country=sy: 200, country SY"
else
  bad "/api/situation?country=sy: $(status_of "$h") $(head -c 200 "$tmp/body")"
fi
h=$(headers "/api/situation.geojson?country=sy&days=3660")
[ "$(status_of "$h")" = 200 ] && ok "/api/situation.geojson?country=sy: 200" || bad "/api/situation.geojson?country=sy: $(status_of "$h")"

# ---- Host on a loopback bind: loopback names pass, anything else is 421 with a JSON error
for host in "localhost" "localhost:$PORT" "LOCALHOST:$PORT" "127.0.0.1:$PORT" "127.1.2.3" "[::1]:$PORT" "[::1]"; do
  h=$(headers /api/stats -H "Host: $host")
  [ "$(status_of "$h")" = 200 ] && ok "Host $host: 200" || bad "Host $host: status $(status_of "$h")"
done
for host in "evil.example" "evil.example:$PORT" "127.0.0.1.evil.example" "localhost.evil.example" "128.0.0.1" \
  "127.0.0.1:80x" "[::2]:$PORT" "127.0.0" "0x7f.0.0.1" "attacker.example:$PORT@127.0.0.1"; do
  h=$(headers /api/stats -H "Host: $host")
  if [ "$(status_of "$h")" = 421 ] && grep -q '^{"error":"Host' "$tmp/body"; then ok "Host $host: 421 with a JSON error"; else bad "Host $host: status $(status_of "$h") $(head -c 120 "$tmp/body")"; fi
done
h=$(headers / -H "Host: evil.example")
[ "$(status_of "$h")" = 421 ] && ok "the map page refuses a foreign Host too" || bad "/ with a foreign Host: $(status_of "$h")"

# ---- idle connections do not block a normal request: 100 silent sockets and 20 with half
# a request line, then 20 requests, each must be answered (curl -m 5) with the right body
python3 - "$PORT" >"$tmp/idle.out" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
socks = []
for i in range(120):
    s = socket.create_connection(("127.0.0.1", port))
    if i >= 100:
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHo")
    socks.append(s)
print("open", len(socks), flush=True)
time.sleep(8)
PY
idle_pid=$!
for _ in $(seq 1 100); do grep -q open "$tmp/idle.out" 2>/dev/null && break; sleep 0.05; done
n_ok=0
for i in $(seq 1 20); do
  got=$(curl -s -m 5 "$BASE/api/events?limit=1&offset=$((i % 13))" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["events"]))' 2>/dev/null)
  [ "$got" = "13 1" ] && n_ok=$((n_ok + 1))
done
[ $n_ok = 20 ] && ok "20/20 requests answered correctly beside 120 idle or stalled connections" ||
  bad "beside 120 idle connections: $n_ok/20 answered"

# ---- slow headers: one byte every 0.2 s never ends a request; the 2 s deadline closes it
python3 - "$PORT" >"$tmp/slowhdr.out" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
req = b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 500
t, closed = time.time(), "open"
for b in req:
    try:
        s.send(bytes([b]))
        data = s.recv(4096)
        closed = "closed" if data == b"" else "answered"
        break
    except socket.timeout:
        pass
    except OSError:
        closed = "closed"
        break
    if time.time() - t > 15:
        break
print(closed, round(time.time() - t, 1))
PY
read -r what secs <"$tmp/slowhdr.out"
if [ "$what" = closed ] && python3 -c "import sys; sys.exit(0 if $secs < 10 else 1)"; then ok "trickled headers closed after ${secs}s (deadline 2 s)"; else bad "trickled headers: $what after ${secs}s"; fi
kill "$idle_pid" 2>/dev/null
wait "$idle_pid" 2>/dev/null

# ---- the port in use: a clear message and exit 2
"$SITREP" serve --db "$tmp/store.db" --port "$PORT" 2>"$tmp/err" &
p2=$!
for _ in $(seq 1 100); do kill -0 $p2 2>/dev/null || break; sleep 0.05; done
if kill -0 $p2 2>/dev/null; then
  kill $p2
  bad "a second server on port $PORT kept running"
else
  wait $p2
  rc=$?
  want="sitrep serve: port $PORT is in use (another sitrep serve?); choose one with --port"
  [ $rc = 2 ] && grep -qxF "$want" "$tmp/err" && ok "port in use: exit 2, '$want'" || bad "port in use: exit $rc, $(cat "$tmp/err")"
fi
serve_stop

# ---- with --cors: preflight headers for that origin only
serve_start "$tmp/store.db" --threads 2 --timeout 2000 --cors https://map.example --write-token "$tmp/token"
h=$(headers /api/documents -X OPTIONS -H "Origin: https://map.example" -H "Access-Control-Request-Method: POST" -H "Access-Control-Request-Headers: authorization")
if [ "$(status_of "$h")" = 204 ] && grep -qx "Access-Control-Allow-Origin: https://map.example" <<<"$h" &&
  grep -q "^Access-Control-Allow-Methods: .*POST" <<<"$h" && grep -qi "^Access-Control-Allow-Headers: .*Authorization" <<<"$h"; then
  ok "preflight from the --cors origin: 204 with Allow-Origin/Methods/Headers"
else
  bad "preflight from the --cors origin: $h"
fi
h=$(headers /api/documents -X OPTIONS -H "Origin: https://evil.example" -H "Access-Control-Request-Method: POST")
if [ "$(status_of "$h")" = 403 ] && ! grep -qi '^Access-Control' <<<"$h"; then ok "preflight from another origin: 403, no Access-Control-* header"; else bad "preflight from another origin: $h"; fi
grep -q "evil.example" "$tmp/body" && ok "  ...the error names the origin" || bad "  ...error body: $(cat "$tmp/body")"
h=$(headers /api/stats -H "Origin: https://map.example")
grep -qx "Access-Control-Allow-Origin: https://map.example" <<<"$h" && ok "GET with --cors: Allow-Origin is the configured origin" || bad "GET with --cors: $h"

# ---- slow body at 1 byte / 0.2 s: cut off with 408 (or closed) at the 2 s deadline
python3 - "$PORT" >"$tmp/slowbody.out" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2)
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer test-token-0123456789abcdef\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n")
body = b'{"id":"slow","text":"' + b"x" * 370 + b'"}'
t, got = time.time(), b""
for b in body:
    try:
        s.send(bytes([b]))
    except OSError:
        break
    try:
        data = s.recv(4096)
        got = data if data else b"(closed)"
        break
    except socket.timeout:
        pass
    except OSError:
        got = b"(closed)"
        break
    if time.time() - t > 20:
        break
print(round(time.time() - t, 1), (got.split(b"\r\n", 1)[0] or b"(nothing)").decode(errors="replace"))
PY
read -r secs line <"$tmp/slowbody.out"
case "$line" in
  "HTTP/1.1 408"* | "(closed)")
    if python3 -c "import sys; sys.exit(0 if $secs < 10 else 1)"; then ok "trickled body cut off after ${secs}s: $line"; else bad "trickled body cut off only after ${secs}s"; fi ;;
  *) bad "trickled body: after ${secs}s: $line" ;;
esac
h=$(headers /api/events -H "Origin: https://map.example")
[ "$(status_of "$h")" = 200 ] && ok "still serving after the slow clients" || bad "after the slow clients: $(status_of "$h")"

# ---- a store locked by another process: the POST answers 503 with Retry-After, then works again
doc='{"id":"lock-1","date":"2018-11-26","text":"Syrian army troops shelled rebel positions in Daraa on Monday."}'
python3 - "$tmp/store.db" >"$tmp/lock.out" 2>&1 <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(6)
c.execute("ROLLBACK")
PY
lock_pid=$!
for _ in $(seq 1 100); do grep -q locked "$tmp/lock.out" 2>/dev/null && break; sleep 0.05; done
h=$(headers /api/documents -m 20 -X POST -H "$AUTH" -d "$doc")
if [ "$(status_of "$h")" = 503 ] && grep -q "^Retry-After: [0-9]" <<<"$h" && grep -q "locked" "$tmp/body"; then
  ok "locked store: 503 with $(grep '^Retry-After' <<<"$h")"
else
  bad "locked store: $(status_of "$h") $(grep -i retry <<<"$h") $(head -c 200 "$tmp/body")"
fi
h=$(headers /api/stats)
[ "$(status_of "$h")" = 200 ] && ok "reads go on while the store is locked for writing" || bad "read during the lock: $(status_of "$h")"
wait "$lock_pid"
h=$(headers /api/documents -X POST -H "$AUTH" -d "$doc")
[ "$(status_of "$h")" = 200 ] && ok "after the lock: the POST is stored" || bad "after the lock: $(status_of "$h") $(head -c 200 "$tmp/body")"
kill -0 "$SERVE_PID" 2>/dev/null && ok "server still running" || bad "server died"
serve_stop

# ---- --bind 0.0.0.0: a warning that says what is exposed; no Host check there
serve_start "$tmp/store.db" --bind 0.0.0.0 --threads 1
if grep -q "reachable from the network" "$SERVE_LOG" && grep -q "write-token" "$SERVE_LOG"; then ok "--bind 0.0.0.0 warns: $(grep -m1 warning "$SERVE_LOG")"; else bad "--bind 0.0.0.0: no warning: $(cat "$SERVE_LOG")"; fi
h=$(headers /api/stats -H "Host: sitrep.example.org")
[ "$(status_of "$h")" = 200 ] && ok "non-loopback bind: any Host is answered" || bad "non-loopback bind, Host sitrep.example.org: $(status_of "$h")"
serve_stop
serve_start "$tmp/store.db" --threads 1
grep -q "warning" "$SERVE_LOG" && bad "loopback bind printed a warning: $(cat "$SERVE_LOG")" || ok "loopback bind: no warning"
serve_stop

if [ $fails -gt 0 ]; then
  echo "serve_hardening: $fails check(s) failed"
  exit 1
fi
echo "serve_hardening: all checks passed"
