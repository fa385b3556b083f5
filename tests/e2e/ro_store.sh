#!/usr/bin/env bash
# tests/e2e/ro_store.sh - a store that cannot be written (its directory and file
# read-only, no -wal/-shm beside it) is read by every command that only reads
# (stats, events in each format, situation, db check, compare, serve) with the
# same answers as the writable store, and a command that must write says that
# the store is read-only and exits non-zero.
# Run as root, chmod does not stop writes: the commands then run as `nobody`
# (setpriv or runuser); the test is skipped, saying so, only when neither works.
#   SITREP=build/sitrep bash tests/e2e/ro_store.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
SITREP=$(cd "$(dirname "$SITREP")" && pwd)/$(basename "$SITREP")
for v in SITREP_LEXICON SITREP_GAZETTEER; do # absolute: the commands run in other directories
  p=${!v:-}
  [ -n "$p" ] && [ "${p#/}" = "$p" ] && export "$v=$PWD/$p"
done
T=$(mktemp -d)
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fails=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- who runs the read-only commands
RUN=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$T"
  if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  elif runuser -u nobody -- true 2>/dev/null; then
    RUN=(runuser -u nobody --)
  else
    echo "SKIP: running as root and cannot drop privileges (no setpriv or runuser): not tested"
    exit 0
  fi
  if ! "${RUN[@]}" test -x "$SITREP" || ! "${RUN[@]}" test -r "${SITREP_LEXICON:-/dev/null}"; then
    echo "SKIP: running as root and user nobody cannot run $SITREP or read its images: not tested"
    exit 0
  fi
fi
as_user() { "${RUN[@]}" "$@"; }

# ---- the reference answers from a writable copy
mkdir "$T/rw" "$T/ro"
"$SITREP" ingest --quiet --db "$T/rw/store.db" tests/serve/reports.jsonl ||
  { echo "FAIL: ingest of tests/serve/reports.jsonl"; exit 1; }
cp "$T/rw/store.db" "$T/ro/store.db"
[ ! -e "$T/rw/store.db-wal" ] || fail "ingest left a -wal file"
chmod 444 "$T/ro/store.db"
chmod 555 "$T/ro"
if as_user sh -c ": > '$T/ro/probe'" 2>/dev/null; then
  echo "SKIP: the read-only directory could still be written (as $(as_user id -un)): not tested"
  exit 0
fi

ASOF=2018-11-27
cmds=("stats" "events" "events --format csv" "events --format tsv" "events --format geojson"
  "events --format acled" "events --count" "events --actor ISIS"
  "situation --as-of $ASOF --days 10" "situation --as-of $ASOF --days 10 --format json"
  "situation --as-of $ASOF --days 10 --format geojson" "compare" "db check")
for c in "${cmds[@]}"; do
  # shellcheck disable=SC2086  # c is a word list
  "$SITREP" $c --db "$T/rw/store.db" >"$T/want" 2>"$T/werr"
  w=$?
  # shellcheck disable=SC2086
  (cd "$T" && as_user "$SITREP" $c --db "$T/ro/store.db") >"$T/got" 2>"$T/err"
  g=$?
  sed -i "s|$T/ro/|$T/rw/|g" "$T/got"
  if [ $g -ne 0 ]; then
    fail "$c on the read-only store exited $g (writable: $w): $(head -2 "$T/err")"
  elif [ ! -s "$T/got" ]; then
    fail "$c on the read-only store printed nothing"
  elif ! cmp -s "$T/want" "$T/got"; then
    fail "$c: the read-only store answers differently: $(diff "$T/want" "$T/got" | head -4)"
  else
    ok "$c ($(wc -c <"$T/got") bytes, as on the writable store)"
  fi
done
ls "$T/ro" | grep -q -- '-wal\|-shm' && fail "side files appeared in the read-only directory"

# ---- a path with characters a file: URI must escape
odd="$T/r o?x#%"
mkdir "$odd"
cp "$T/rw/store.db" "$odd/store.db"
chmod 444 "$odd/store.db"
chmod 555 "$odd"
if (cd "$T" && as_user "$SITREP" stats --db "$odd/store.db") >"$T/got" 2>"$T/err" &&
  grep -q "events" "$T/got"; then
  ok "stats on a read-only store in '$(basename "$odd")'"
else
  fail "stats on a read-only store in '$(basename "$odd")': $(head -2 "$T/err")"
fi

# ---- serve
(cd "$T" && exec "${RUN[@]}" "$SITREP" serve --db "$T/ro/store.db" --port 0) 2>"$T/serve.log" &
SERVE_PID=$!
PORT=
for _ in $(seq 1 100); do
  PORT=$(sed -n 's|^sitrep serve: http://[^:]*:\([0-9]*\)/.*|\1|p' "$T/serve.log")
  [ -n "$PORT" ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$PORT" ]; then
  fail "serve on the read-only store did not start: $(head -3 "$T/serve.log")"
elif ! command -v curl >/dev/null; then
  echo "note: curl not found, serve only checked to start"
else
  code=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT/api/events?limit=5")
  if [ "$code" = 200 ] && grep -q '"id"' "$T/body"; then
    ok "serve answers /api/events from the read-only store"
  else
    fail "serve /api/events on the read-only store: HTTP $code $(head -c 200 "$T/body")"
  fi
fi
[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
SERVE_PID=

# ---- a command that writes: a clear message and a non-zero exit
for c in "ingest --quiet tests/serve/reports.jsonl" "db migrate"; do
  # shellcheck disable=SC2086
  as_user "$SITREP" $c --db "$T/ro/store.db" >/dev/null 2>"$T/err"
  rc=$?
  if [ $rc -ne 0 ] && grep -q "read-only" "$T/err"; then
    ok "$c refused: $(head -1 "$T/err")"
  else
    fail "$c on the read-only store: exit $rc, message: $(head -2 "$T/err")"
  fi
done
# serve with writes enabled needs to write the store: it must refuse to start
printf 'ro-test-token-0123456789abcdef\n' >"$T/token"
[ ${#RUN[@]} -eq 0 ] || chown nobody "$T/token"
chmod 600 "$T/token"
(cd "$T" && timeout 20 "${RUN[@]}" "$SITREP" serve --db "$T/ro/store.db" --port 0 \
  --write-token "$T/token") >/dev/null 2>"$T/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "read-only" "$T/err"; then
  ok "serve --write-token refused: $(head -1 "$T/err")"
else
  fail "serve --write-token on the read-only store: exit $rc, message: $(head -2 "$T/err")"
fi
# a new store in a directory that cannot be written
as_user "$SITREP" ingest --quiet --db "$T/ro/new.db" tests/serve/reports.jsonl >/dev/null 2>"$T/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "not writable\|read-only" "$T/err"; then
  ok "new store in a read-only directory refused: $(head -1 "$T/err")"
else
  fail "new store in a read-only directory: exit $rc, message: $(head -2 "$T/err")"
fi

# ---- a -wal file with changes not yet in the store: refused, never read stale
if command -v python3 >/dev/null; then
  mkdir "$T/wal"
  cp "$T/rw/store.db" "$T/wal/store.db"
  python3 - "$T/wal/store.db" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("UPDATE events SET loc_name = 'WALSEEN' WHERE id = (SELECT MIN(id) FROM events)")
os._exit(0)  # no close: the change stays in the -wal file
PY
  rm -f "$T/wal/store.db-shm"
  chmod 444 "$T/wal/store.db" "$T/wal/store.db-wal"
  chmod 555 "$T/wal"
  (cd "$T" && as_user "$SITREP" events --format csv --db "$T/wal/store.db") >"$T/got" 2>"$T/err"
  rc=$?
  if [ $rc -ne 0 ] && grep -q -- "-wal" "$T/err"; then
    ok "pending -wal in a read-only directory refused: $(head -1 "$T/err")"
    # the remedy the message names: one open for writing by the owner folds the -wal in
    chmod 755 "$T/wal"
    chmod 644 "$T/wal/store.db" "$T/wal/store.db-wal"
    "$SITREP" db migrate --db "$T/wal/store.db" >/dev/null 2>&1
    chmod 555 "$T/wal"
    chmod 444 "$T/wal/store.db"
    if [ -s "$T/wal/store.db-wal" ]; then
      fail "db migrate left the -wal file"
    elif (cd "$T" && as_user "$SITREP" events --format csv --db "$T/wal/store.db") 2>"$T/err" |
      grep -q WALSEEN; then
      ok "after db migrate by the owner the read-only store shows the changes"
    else
      fail "after db migrate: the read-only store lacks the changes: $(head -2 "$T/err")"
    fi
  elif [ $rc -eq 0 ] && grep -q WALSEEN "$T/got"; then
    ok "pending -wal in a read-only directory read with its changes (SQLite's read-only WAL support)"
  elif [ $rc -eq 0 ]; then
    fail "pending -wal in a read-only directory: the store was read without the changes in its -wal"
  else
    fail "pending -wal: exit $rc, message: $(head -2 "$T/err")"
  fi
fi

if [ $fails -ne 0 ]; then
  echo "ro_store: $fails check(s) failed"
  exit 1
fi
echo "ro_store: all checks passed"
