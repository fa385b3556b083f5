#!/usr/bin/env bash
# tests/e2e/serve_api_pg.sh - tests/e2e/serve_api.sh against the PostgreSQL store: a throwaway
# cluster (initdb in a temporary directory, unix socket only), the API test's documents stored
# with `sitrep ingest --pg`, then every API check of serve_api.sh on `sitrep serve --pg` (the
# writes excepted: serve --pg is read-only, which is checked instead).
# Exits 77 (skipped) without the PostgreSQL server binaries or a build with libpq.
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
if "$SITREP" stats --pg "host=/nonexistent" 2>&1 | grep -q "built without PostgreSQL"; then
  echo "SKIP: this sitrep was built without libpq (scripts/setup.sh pg, then cmake again)"; exit 77
fi
T=$(mktemp -d)
. tests/e2e/watch/pg_lib.sh
if ! pg_find; then
  echo "SKIP: the PostgreSQL server (initdb, pg_ctl) is not installed (scripts/setup.sh pg installs it)"; exit 77
fi
trap 'pg_down; rm -rf "$T"' EXIT
pg_init || { echo "FAIL: initdb"; exit 1; }
pg_up || { echo "FAIL: the PostgreSQL server did not start:"; tail -5 "$T/pg/server.log"; exit 1; }
SERVE_PG_DSN=$PGDSN SITREP=$SITREP bash tests/e2e/serve_api.sh
