/* src/store/pg/pg_none.c - the PostgreSQL store's entry points in a build without libpq:
 * each says so and how to get it. */
#ifndef SITREP_HAVE_PG
#include <stdlib.h>

#include "sitrep/store_pg.h"

#define NO_PG(err)                                                                \
  sr_error_set(err, SR_EINPUT,                                                    \
               "--pg: this sitrep was built without PostgreSQL support (libpq); " \
               "apt-get install libpq-dev (scripts/setup.sh pg), then cmake again")

int sr_pg_available(void) {
  return 0;
}
int sr_pg_open(sr_pg **out, const char *dsn, const sr_pg_opts *o, sr_error *err) {
  (void)dsn, (void)o;
  *out = NULL;
  return NO_PG(err);
}
void sr_pg_close(sr_pg *pg) {
  (void)pg;
}
const char *sr_pg_name(const sr_pg *pg) {
  (void)pg;
  return "";
}
int sr_pg_has(sr_pg *pg, const char *id, const char *text, size_t len, sr_error *err) {
  (void)pg, (void)id, (void)text, (void)len;
  return NO_PG(err);
}
int sr_pg_append(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res, sr_error *err) {
  (void)pg, (void)docs, (void)n, (void)res;
  return NO_PG(err);
}
int sr_pg_merge(sr_pg *pg, long max, int wait, long *merged, long *refused, sr_error *err) {
  (void)pg, (void)max, (void)wait, (void)merged, (void)refused;
  return NO_PG(err);
}
long sr_pg_unmerged(sr_pg *pg, sr_error *err) {
  (void)pg;
  return NO_PG(err);
}
int sr_pg_replica(sr_pg *pg, const char *path, sr_store **out, sr_error *err) {
  (void)pg, (void)path;
  *out = NULL;
  return NO_PG(err);
}
int sr_pg_follow(sr_pg *pg, sr_store *replica, long *n, sr_error *err) {
  (void)pg, (void)replica, (void)n;
  return NO_PG(err);
}
long long sr_pg_db_bytes(sr_pg *pg, sr_error *err) {
  (void)pg;
  return NO_PG(err);
}

#endif
