/* src/store/pg/pg_schema.c - the PostgreSQL store's DDL as forward migrations, versioned
 * in sitrep_meta('schema'). Migration k takes version k-1 to k; released migrations are
 * never edited. The merged tables are column for column the SQLite store's (schema 6:
 * src/store/schema.c), so the merger publishes rows as they are; when the SQLite schema
 * gains a column, a migration here gains it too. Creating and migrating run under the
 * advisory lock SR_PG_LOG_KEY, so workers starting together make the schema once. */
#ifdef SITREP_HAVE_PG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

static const char *const migrations[] = {
    /* 1: the log, the merged tables (SQLite schema 6), the merge watermark */
    "CREATE TABLE doc_log ("
    "  seq bigint PRIMARY KEY,"
    "  ext_id text NOT NULL,"
    "  hash bigint NOT NULL, nbytes bigint NOT NULL," /* sr_hash64 of the text, its size */
    "  url text, source text, title text, date text,"
    "  body bytea NOT NULL," /* the text */
    "  coded text NOT NULL," /* the coded events (pg_codec.c) */
    "  added timestamptz NOT NULL DEFAULT now());"
    "CREATE SEQUENCE doc_log_seq;"
    "CREATE INDEX doc_log_ext ON doc_log(ext_id, seq);"
    "CREATE TABLE merge_state (part int PRIMARY KEY, seq bigint NOT NULL);"
    "INSERT INTO merge_state VALUES (0, 0);"
    "CREATE TABLE documents ("
    "  id bigint PRIMARY KEY, ext_id text NOT NULL UNIQUE,"
    "  url text, source text, title text, date text,"
    "  hash bigint NOT NULL, simhash bigint NOT NULL, dup_of bigint,"
    "  nbytes bigint NOT NULL, text_zstd bytea NOT NULL, added text NOT NULL, minhash bytea);"
    "CREATE INDEX documents_dup ON documents(dup_of) WHERE dup_of IS NOT NULL;"
    "CREATE TABLE events ("
    "  id bigint PRIMARY KEY,"
    "  date text, date_min text, date_max text,"
    "  src_id text NOT NULL DEFAULT '', src_name text NOT NULL DEFAULT '',"
    "  tgt_id text NOT NULL DEFAULT '', tgt_name text NOT NULL DEFAULT '',"
    "  cameo text NOT NULL, root text NOT NULL, plover text, acled text, acled_sub text,"
    "  has_loc bigint NOT NULL DEFAULT 0,"
    "  loc_name text, cc text, admin1 text, admin2 text, \"precision\" text,"
    "  lat double precision, lon double precision, geonameid bigint,"
    "  nreports bigint NOT NULL DEFAULT 0, ndocs bigint NOT NULL DEFAULT 0,"
    "  date_told bigint NOT NULL DEFAULT 0, time_precision bigint, fatalities bigint, injured "
    "bigint,"
    "  disorder text, src_inter bigint, tgt_inter bigint, origin text NOT NULL DEFAULT 'coded',"
    "  ext_id text, notes text, publisher text,"
    "  first_evidence text, first_source text, first_url text);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_cc_date ON events(cc, date);"
    "CREATE INDEX events_src_date ON events(src_id, date);"
    "CREATE INDEX events_tgt_date ON events(tgt_id, date);"
    "CREATE INDEX events_root_date ON events(root, date);"
    "CREATE INDEX events_admin1 ON events(cc, admin1, date);"
    "CREATE INDEX events_point ON events USING gist (point(lon, lat)) WHERE has_loc = 1;"
    "CREATE TABLE reports ("
    "  id bigint PRIMARY KEY, doc bigint NOT NULL, event bigint NOT NULL,"
    "  sent bigint NOT NULL, \"off\" bigint NOT NULL, len bigint NOT NULL,"
    "  evidence text NOT NULL, date text,"
    "  src_id text NOT NULL DEFAULT '', tgt_id text NOT NULL DEFAULT '', cameo text NOT NULL,"
    "  loc_name text, cc text, admin1 text, admin2 text, \"precision\" text,"
    "  lat double precision, lon double precision, geonameid bigint, confidence double precision,"
    "  date_told bigint NOT NULL DEFAULT 0, time_precision bigint, fatalities bigint, injured "
    "bigint,"
    "  acled text, acled_sub text, src_inter bigint, tgt_inter bigint);"
    "CREATE INDEX reports_doc ON reports(doc);"
    "CREATE INDEX reports_event ON reports(event, doc);"
    "CREATE INDEX reports_fts ON reports USING gin (to_tsvector('simple', evidence));",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* The schema version, 0 when there is no sitrep schema (sitrep_meta missing). */
static int version(sr_pg *pg, int *v, sr_error *err) {
  PGresult *r;
  *v = 0;
  int rc = sr_pg_exec(pg, "schema version", "SELECT to_regclass('sitrep_meta') IS NOT NULL", 0,
                      NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  int there = PQntuples(r) && PQgetvalue(r, 0, 0)[0] == 't';
  PQclear(r);
  if (!there) return 0;
  rc = sr_pg_exec(pg, "schema version", "SELECT value FROM sitrep_meta WHERE key = 'schema'", 0,
                  NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  *v = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  return 0;
}

static int apply(sr_pg *pg, int from, sr_error *err) {
  int rc = sr_pg_cmd(pg, "create the schema", "BEGIN", err);
  if (!rc) rc = sr_pg_cmd(pg, "create the schema", "SELECT pg_advisory_xact_lock(1936290930)", err);
  int v = 0;
  if (!rc) rc = version(pg, &v, err); /* another worker may have done it meanwhile */
  (void)from;
  if (!rc && v == 0)
    rc = sr_pg_cmd(pg, "create the schema",
                   "CREATE TABLE IF NOT EXISTS sitrep_meta (key text PRIMARY KEY,"
                   " value text NOT NULL); INSERT INTO sitrep_meta VALUES ('schema', '0') ON "
                   "CONFLICT DO NOTHING",
                   err);
  for (int k = v; !rc && k < NMIGRATIONS; k++) {
    char what[64], sql[96];
    snprintf(what, sizeof what, "schema migration %d", k + 1);
    rc = sr_pg_cmd(pg, what, migrations[k], err);
    snprintf(sql, sizeof sql, "UPDATE sitrep_meta SET value = '%d' WHERE key = 'schema'", k + 1);
    if (!rc) rc = sr_pg_cmd(pg, what, sql, err);
  }
  if (!rc) rc = sr_pg_cmd(pg, "create the schema", "COMMIT", err);
  if (rc) sr_pg_abort(pg);
  return rc;
}

int sr_pg_migrate(sr_pg *pg, int create, sr_error *err) {
  int v = 0, rc = version(pg, &v, err);
  if (rc) return rc;
  if (v > NMIGRATIONS)
    return sr_error_set(err, SR_EINPUT,
                        "%s has store schema %d, newer than this sitrep (%d): upgrade sitrep",
                        pg->name, v, NMIGRATIONS);
  if (v == NMIGRATIONS) return 0;
  if (!create) {
    if (v == 0)
      return sr_error_set(err, SR_EINPUT,
                          "%s holds no sitrep store (start a 'sitrep worker --pg' to make one)",
                          pg->name);
    return sr_error_set(err, SR_EINPUT,
                        "%s has store schema %d, older than this sitrep (%d): a worker "
                        "migrates it",
                        pg->name, v, NMIGRATIONS);
  }
  return apply(pg, v, err);
}

#endif
