# tests/e2e/watch/pg_lib.sh - a throwaway PostgreSQL cluster for tests (sourced after lib.sh):
# initdb into $T/pg, listening on a unix socket in $T/pg only (no TCP), trust auth.
# Sets PGBIN, PGDSN, PGSOCK; pg_up / pg_down start and stop it; psql_q runs one query.
# As root the cluster runs as the postgres user (PostgreSQL refuses to run as root).
pg_find() {
  PGBIN=
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    PGBIN=$(dirname "$(command -v pg_ctl)")
  else
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
      [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { PGBIN=$d; break; }
    done
  fi
  [ -n "$PGBIN" ]
}
pg_as() { # run a server binary as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_init() {
  mkdir -p "$T/pg/sock"
  chmod 711 "$T"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$T/pg"
  pg_as "$PGBIN/initdb" -D "$T/pg/data" -U sitrep --auth=trust -E UTF8 --locale=C >"$T/pg/initdb.log" 2>&1 ||
    { cat "$T/pg/initdb.log"; return 1; }
  PGSOCK="$T/pg/sock"
  PGDSN="host=$PGSOCK port=5432 dbname=postgres user=sitrep"
}
pg_up() {
  pg_as "$PGBIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/server.log" -w -t 30 \
    -o "-c listen_addresses='' -c unix_socket_directories=$PGSOCK -c port=5432 -c fsync=off -c max_connections=40" \
    start >/dev/null
}
pg_down() {
  pg_as "$PGBIN/pg_ctl" -D "$T/pg/data" -m fast -w stop >/dev/null 2>&1
}
psql_q() {
  local psql=psql
  command -v psql >/dev/null 2>&1 || psql="$PGBIN/psql"
  "$psql" -X -q -At -h "$PGSOCK" -p 5432 -U sitrep -d postgres -c "$1"
}
