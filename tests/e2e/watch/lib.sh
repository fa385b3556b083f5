# tests/e2e/watch/lib.sh - shared by tests/e2e/watch_*.sh (sourced): the fixture web root,
# the loopback HTTP server, small checks. Expects $SITREP, sets $T, $PORT, $BASE.
SITREP=${SITREP:-build/sitrep}
HERE=tests/e2e/watch
T=$(mktemp -d)
FAIL=0
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; FAIL=1; }
ok() { echo "ok: $*"; }

# web root: the hand-written fixtures, and NFEEDS generated feeds of NITEMS items
make_root() { # NFEEDS NITEMS
  mkdir -p "$T/www/feeds" "$T/www/pages" "$T/www/nolm" "$T/www/gen"
  cp "$HERE/wire.rss" "$HERE/notafeed.rss" "$T/www/feeds/"
  cp "$HERE/desk.atom" "$T/www/nolm/"
  cp "$HERE/report.html" "$T/www/pages/"
  python3 "$HERE/gen_feeds.py" "$T/www/gen" "$1" "$2"
}

start_server() {
  : >"$T/http.log"
  python3 "$HERE/server.py" "$T/www" "$T/port" "$T/http.log" &
  PIDS+=($!)
  for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.05; done
  PORT=$(cat "$T/port")
  BASE="http://127.0.0.1:$PORT"
}

# count of log lines "GET PATH STATUS" from line FROM on
hits() { # FROM PATH STATUS
  tail -n +"$1" "$T/http.log" | awk -v p="$2" -v s="$3" '$2 == p && $3 == s' | wc -l
}
