# tests/serve/lib.sh - shared by the `sitrep serve` tests (sourced, not a test itself).
#   serve_store DIR          build DIR/store.db from tests/serve/reports.jsonl
#   serve_start DB [ARGS]    start `sitrep serve` on a free port: sets SERVE_PID, PORT, BASE
#   serve_stop               stop it (also on EXIT through the trap the caller sets)
# With SERVE_PG_DSN set (tests/e2e/serve_api_pg.sh) the store is the PostgreSQL store at that
# DSN: serve_store ingests into it (--pg) and serve_start serves it (--pg) in place of DB.
SITREP=${SITREP:-build/sitrep}

serve_store() {
  local dir=$1
  local to=(--db "$dir/store.db")
  [ -n "${SERVE_PG_DSN:-}" ] && to=(--pg "$SERVE_PG_DSN")
  "$SITREP" ingest --quiet "${to[@]}" tests/serve/reports.jsonl ||
    { echo "FAIL: sitrep ingest of tests/serve/reports.jsonl"; exit 1; }
}

serve_start() {
  local db=$1
  shift
  local from=(--db "$db")
  [ -n "${SERVE_PG_DSN:-}" ] && from=(--pg "$SERVE_PG_DSN")
  SERVE_LOG=$(mktemp)
  "$SITREP" serve "${from[@]}" --port 0 "$@" 2>"$SERVE_LOG" &
  SERVE_PID=$!
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's|^sitrep serve: http://[^:]*:\([0-9]*\)/.*|\1|p' "$SERVE_LOG")
    [ -n "$PORT" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$PORT" ]; then
    echo "FAIL: sitrep serve did not start:"
    cat "$SERVE_LOG"
    exit 1
  fi
  BASE="http://127.0.0.1:$PORT"
}

serve_stop() {
  if [ -n "${SERVE_PID:-}" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
    kill -TERM "$SERVE_PID"
    wait "$SERVE_PID" 2>/dev/null || true
  fi
  SERVE_PID=
  [ -n "${SERVE_LOG:-}" ] && rm -f "$SERVE_LOG"
  return 0
}
