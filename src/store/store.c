/* src/store/store.c - opening and migrating the store, transactions, adding
 * documents (near-duplicate detection, replacement), texts (check and stats: store_check.c).
 *
 * Write path of sr_store_add, per document, inside one SAVEPOINT:
 *   1. look the external id up: same hash and size -> SR_ADD_SAME, nothing written;
 *   2. MinHash the text and look for an earlier document whose signature
 *      agrees on >= SR_MINHASH_MIN of its slots, found through the LSH bands
 *      (doc_bands); the SimHash is kept as a fingerprint;
 *   3. a changed document keeps its row id: its reports (and their FTS rows)
 *      are deleted and every event they belonged to is recomputed from the
 *      reports left (merge.c), or deleted when none are left;
 *   4. the row is written with the zstd-compressed text, then the bands, then
 *      each event is merged as a report (merge.c).
 * Full-text, R*Tree and band rows are not written here but queued and written by
 * sr_store_commit, outside the savepoints (pending.c); the band look-up of step 2
 * asks dupcache.c first, and reads the queued bands beside doc_bands. Every statement is prepared once per store (sr_store_stmt).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "store_internal.h"

#define ZSTD_LEVEL 3
#define MAX_ID_BYTES 1024                       /* external document id */
#define MAX_TEXT_BYTES ((size_t)64 * 1024 * 1024) /* one document's text */
#define MAX_META_BYTES SR_STORE_MAX_META /* url, source, title */
#define BAND_SCAN SR_DUP_BAND_SCAN               /* documents examined per MinHash band */
#define MAX_EVENTS_PER_DOC 65536                /* events stored per document */

static const char *const stmt_sql[ST__COUNT] = {
    [ST_DOC_FIND] = "SELECT id, hash, nbytes FROM documents WHERE ext_id = ?1",
    [ST_DOC_INSERT] =
        "INSERT INTO documents (ext_id, url, source, title, date, hash, simhash, dup_of, nbytes,"
        " text_zstd, minhash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [ST_DOC_UPDATE] =
        "UPDATE documents SET url = ?2, source = ?3, title = ?4, date = ?5, hash = ?6,"
        " simhash = ?7, dup_of = ?8, nbytes = ?9, text_zstd = ?10, minhash = ?11,"
        " added = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
    [ST_DOC_TEXT] = "SELECT text_zstd, nbytes, hash FROM documents WHERE ext_id = ?1",
    [ST_DOC_SIM] = "SELECT minhash, dup_of FROM documents WHERE id = ?1",
    [ST_BAND_FIND] = "SELECT doc FROM doc_bands WHERE band = ?1 ORDER BY doc LIMIT ?2",
    [ST_BAND_INSERT] = "INSERT OR IGNORE INTO doc_bands (band, doc) VALUES (?1, ?2)",
    [ST_BAND_DELETE] = "DELETE FROM doc_bands WHERE band = ?1 AND doc = ?2",
    [ST_REP_OF_DOC] = "SELECT id, event, evidence FROM reports WHERE doc = ?1",
    [ST_REP_DELETE_DOC] = "DELETE FROM reports WHERE doc = ?1",
    [ST_FTS_DELETE] =
        "INSERT INTO reports_fts (reports_fts, rowid, evidence) VALUES ('delete', ?1, ?2)",
    [ST_FTS_INSERT] = "INSERT INTO reports_fts (rowid, evidence) VALUES (?1, ?2)",
    [ST_REP_INSERT] =
        "INSERT INTO reports (doc, event, sent, off, len, evidence, date, src_id, tgt_id, cameo,"
        " loc_name, cc, admin1, admin2, precision, lat, lon, geonameid, confidence, date_told,"
        " time_precision, fatalities, injured, acled, acled_sub, src_inter, tgt_inter)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
    [ST_EV_INSERT] =
        "INSERT INTO events (date, date_min, date_max, src_id, src_name, tgt_id, tgt_name, cameo,"
        " root, plover, acled, acled_sub, has_loc, loc_name, cc, admin1, admin2, precision, lat,"
        " lon, geonameid, nreports, ndocs, date_told, time_precision, fatalities, injured, disorder,"
        " src_inter, tgt_inter, first_evidence, first_source, first_url)"
        " VALUES (?1, ?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19, 1, 1, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
    [ST_EV_GET] = "SELECT src_id, tgt_id, nreports, precision, has_loc FROM events WHERE id = ?1",
    [ST_EV_DELETE] = "DELETE FROM events WHERE id = ?1",
    [ST_RT_DELETE] = "DELETE FROM events_rtree WHERE id = ?1",
    [ST_RT_SYNC] =
        "INSERT OR REPLACE INTO events_rtree (id, minlat, maxlat, minlon, maxlon, minday, maxday)"
        " SELECT id, lat, lat, lon, lon, coalesce(julianday(date), 0), coalesce(julianday(date), 1e7)"
        " FROM events WHERE id = ?1 AND has_loc = 1",
    /* Merge candidates. A point report's are read cell by cell through events_cell (cc, cell,
     * date, lat, lon): "+origin" keeps the planner off events_origin (origin, cc, date), which
     * would read every event of the country's date window from the table. The country-precision
     * events of a country are the cell -1 range (admin1 and country) with the precision tested
     * on the row: the same rows in the same order (date, lat, lon, id) as through the former
     * events_cc_date. Only a report known to its country alone (every event of the country's
     * window is a candidate) and a box too wide for cells (near a pole) take events_origin:
     * the same rows, in date order; the order could only matter past SR_MERGE_MAX_CAND rows.
     * An event without a place has no cc and no cell (bind_loc, write_merged): the unlocated
     * ones are one range of events_cell, not every event of the window. */
    [ST_CAND_BOX] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE origin = 'coded' AND cc = ?1 AND date BETWEEN ?2 AND ?3 AND ((lat BETWEEN ?4 AND ?5 AND lon BETWEEN ?6"
        " AND ?7) OR precision IN ('admin1', 'country')) LIMIT ?8",
    [ST_CAND_CELL] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE +origin = 'coded' AND cc = ?1 AND " SR_EVENT_CELL_SQL " = ?2 AND date BETWEEN ?3 AND ?4"
        " AND lat BETWEEN ?5 AND ?6 AND lon BETWEEN ?7 AND ?8 LIMIT ?9",
    [ST_CAND_AREAS] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE +origin = 'coded' AND cc = ?1 AND " SR_EVENT_CELL_SQL " = -1 AND date BETWEEN ?2 AND ?3"
        " LIMIT ?4",
    [ST_CAND_ADMIN1] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE +origin = 'coded' AND cc = ?1 AND admin1 = ?2 AND date BETWEEN ?3 AND ?4 LIMIT ?5",
    [ST_CAND_CLEVEL] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE +origin = 'coded' AND cc = ?1 AND " SR_EVENT_CELL_SQL " = -1 AND date BETWEEN ?2 AND ?3"
        " AND precision = 'country' LIMIT ?4",
    [ST_CAND_COUNTRY] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE origin = 'coded' AND cc = ?1 AND date BETWEEN ?2 AND ?3 LIMIT ?4",
    [ST_CAND_NOLOC] =
        "SELECT id, date, src_id, tgt_id, root, precision, lat, lon, admin1, date_told FROM events"
        " WHERE +origin = 'coded' AND cc IS NULL AND " SR_EVENT_CELL_SQL " IS NULL"
        " AND date BETWEEN ?1 AND ?2 AND has_loc = 0 LIMIT ?3",
    [ST_ROOT_SEEN_SELF] =
        "SELECT 1 FROM reports r JOIN documents d ON d.id = r.doc"
        " WHERE r.event = ?1 AND r.doc = ?2 AND d.dup_of IS NULL LIMIT 1",
    [ST_ROOT_SEEN_DUPS] =
        "SELECT 1 FROM documents d WHERE d.dup_of = ?2"
        " AND EXISTS (SELECT 1 FROM reports r WHERE r.event = ?1 AND r.doc = d.id) LIMIT 1",
    [ST_EV_ADD_REPORT] =
        "UPDATE events SET nreports = nreports + 1, ndocs = ndocs + ?2,"
        " date_min = CASE WHEN ?3 IS NOT NULL AND (date_min IS NULL OR ?3 < date_min) THEN ?3"
        "   ELSE date_min END,"
        " date_max = CASE WHEN ?3 IS NOT NULL AND (date_max IS NULL OR ?3 > date_max) THEN ?3"
        "   ELSE date_max END"
        " WHERE id = ?1",
    /* apart from the counts: an UPDATE that names src_id or tgt_id rewrites their indexes'
     * entries even when the values stay, so the sides are set only when one is missing */
    [ST_EV_FILL_ACTORS] =
        "UPDATE events SET"
        " src_id = CASE WHEN src_id = '' THEN ?2 ELSE src_id END,"
        " src_name = CASE WHEN src_id = '' THEN ?3 ELSE src_name END,"
        " tgt_id = CASE WHEN tgt_id = '' THEN ?4 ELSE tgt_id END,"
        " tgt_name = CASE WHEN tgt_id = '' THEN ?5 ELSE tgt_name END"
        " WHERE id = ?1",
    [ST_EV_AGG] =
        "SELECT COUNT(*), MIN(r.date), MAX(r.date), COUNT(DISTINCT COALESCE(d.dup_of, d.id))"
        " FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = ?1",
    [ST_EV_REPORTS] =
        "SELECT date, src_id, tgt_id, cameo, loc_name, cc, admin1, admin2, precision, lat, lon,"
        " geonameid, date_told, time_precision, fatalities, injured, acled, acled_sub, src_inter,"
        " tgt_inter FROM reports WHERE event = ?1 ORDER BY id LIMIT ?2",
    [ST_EV_SET] =
        "UPDATE events SET date = ?2, cameo = ?3, root = ?4, plover = ?5, acled = ?6,"
        " acled_sub = ?7, has_loc = ?8, loc_name = ?9, cc = ?10, admin1 = ?11, admin2 = ?12,"
        " precision = ?13, lat = ?14, lon = ?15, geonameid = ?16, date_told = ?17,"
        " time_precision = ?18, fatalities = ?19, injured = ?20, disorder = ?21, src_inter = ?22,"
        " tgt_inter = ?23 WHERE id = ?1",
    /* ST_EV_SET's parameters; date, root, cc, admin1, precision, lat and lon (the indexed
     * columns and the R*Tree's) are as stored */
    [ST_EV_SET_PLAIN] =
        "UPDATE events SET cameo = ?3, plover = ?5, acled = ?6, acled_sub = ?7, has_loc = ?8,"
        " loc_name = ?9, admin2 = ?12, geonameid = ?16, date_told = ?17, time_precision = ?18,"
        " fatalities = ?19, injured = ?20, disorder = ?21, src_inter = ?22, tgt_inter = ?23"
        " WHERE id = ?1",
    [ST_EV_SETACTORS] =
        "UPDATE events SET src_id = ?2, src_name = ?3, tgt_id = ?4, tgt_name = ?5 WHERE id = ?1",
    [ST_EV_CUR] =
        "SELECT date, cameo, has_loc, lat, lon, geonameid, loc_name, precision, admin1, src_id,"
        " tgt_id, date_told, time_precision, fatalities, injured, acled, acled_sub, src_inter,"
        " tgt_inter, cc FROM events WHERE id = ?1",
    [ST_EV_FIRST] =
        "UPDATE events SET (first_evidence, first_source, first_url) = (SELECT r.evidence, d.source, d.url"
        " FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = ?1 ORDER BY r.id LIMIT 1)"
        " WHERE id = ?1",
    [ST_EV_SETCOUNTS] =
        "UPDATE events SET nreports = ?2, date_min = ?3, date_max = ?4, ndocs = ?5 WHERE id = ?1",
    [ST_ACTOR_NAME] =
        "SELECT src_name FROM events WHERE src_id = ?1 AND src_name != '' UNION ALL"
        " SELECT tgt_name FROM events WHERE tgt_id = ?1 AND tgt_name != '' LIMIT 1",
};

int sr_store_sqlerr(sr_store *s, sr_error *err, const char *what) {
  int rc = sqlite3_errcode(s->db);
  int code = (rc == SQLITE_IOERR || rc == SQLITE_FULL || rc == SQLITE_CANTOPEN ||
              rc == SQLITE_READONLY || rc == SQLITE_BUSY)
                 ? SR_EIO
                 : rc == SQLITE_NOMEM ? SR_ENOMEM : SR_ERR;
  return sr_error_set(err, code, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *sr_store_stmt(sr_store *s, int k, sr_error *err) {
  if (s->stmt[k]) {
    sqlite3_reset(s->stmt[k]);
    sqlite3_clear_bindings(s->stmt[k]);
    return s->stmt[k];
  }
  if (sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[k], NULL) !=
      SQLITE_OK) {
    sr_store_sqlerr(s, err, "prepare");
    s->stmt[k] = NULL;
    return NULL;
  }
  return s->stmt[k];
}

static int exec(sr_store *s, const char *sql, sr_error *err) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    int rc = sr_error_set(err, sqlite3_errcode(s->db) == SQLITE_BUSY ? SR_EIO : SR_ERR, "%s: %s",
                          s->path, msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return rc;
  }
  return 0;
}

static int user_version(sr_store *s) {
  sqlite3_stmt *st;
  int v = -1;
  if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}


static int insert_bands(sr_store *s, int64_t doc, const uint32_t *sig, sr_error *err);

/* Migration 4 replaced SimHash bands with MinHash ones: compute every stored document's
 * signature and bands from its text (inside the migration's transaction). */
static int backfill_minhash(sr_store *s, sr_error *err) {
  sqlite3_stmt *st = NULL, *up = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT id, text_zstd, nbytes FROM documents", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, "UPDATE documents SET minhash = ?2 WHERE id = ?1", -1, &up, NULL) != SQLITE_OK) {
    rc = sr_store_sqlerr(s, err, "MinHash backfill");
    goto out;
  }
  int step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    char *t = NULL;
    if ((rc = sr_store_decompress(s, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1),
                         sqlite3_column_int64(st, 2), &t, err)))
      break;
    uint32_t sig[SR_MINHASH_K];
    size_t nsh = sr_text_hashes(t, strlen(t), NULL, sig);
    free(t);
    if (nsh < SR_SIMHASH_MIN_SHINGLES) continue;
    sqlite3_bind_int64(up, 1, id);
    sqlite3_bind_blob(up, 2, sig, (int)sizeof sig, SQLITE_STATIC);
    int r2 = sqlite3_step(up);
    sqlite3_reset(up);
    if (r2 != SQLITE_DONE) rc = sr_store_sqlerr(s, err, "MinHash backfill");
    else rc = insert_bands(s, id, sig, err);
  }
out:
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  return rc;
}

/* Run migrations user_version+1 .. SR_STORE_SCHEMA_VERSION, one transaction each. */
static int migrate(sr_store *s, sr_error *err) {
  for (;;) {
    if (exec(s, "BEGIN IMMEDIATE", err)) return err ? err->code : SR_ERR;
    int v = user_version(s);
    if (v < 0 || v > SR_STORE_SCHEMA_VERSION || v >= sr_store_nmigrations) {
      exec(s, "ROLLBACK", NULL);
      if (v == SR_STORE_SCHEMA_VERSION || v == sr_store_nmigrations) return 0;
      if (v > SR_STORE_SCHEMA_VERSION)
        return sr_error_set(err, SR_EINPUT,
                            "%s: store schema version %d is newer than this build's %d", s->path,
                            v, SR_STORE_SCHEMA_VERSION);
      return sr_error_set(err, SR_ERR, "%s: cannot read the schema version", s->path);
    }
    char setv[64];
    snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v + 1);
    if (exec(s, sr_store_migrations[v], err) || (v + 1 == 4 && backfill_minhash(s, err)) ||
        exec(s, setv, err) || exec(s, "COMMIT", err)) {
      exec(s, "ROLLBACK", NULL);
      return err && err->code ? err->code : SR_ERR;
    }
  }
}

/* Once per process, before SQLite's first use: no global memory statistics. With them on,
 * every SQLite allocation in every thread takes one process-wide mutex, which serialises
 * the server's readers. */
static pthread_once_t g_sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_setup(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  sqlite3_initialize();
}

/* Open s->db on name (a path, or a file: URI with SQLITE_OPEN_URI) and set its pragmas. */
static int open_db(sr_store *s, const char *name, int oflags, int readonly, sr_error *err) {
  if (sqlite3_open_v2(name, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return sr_error_set(err, SR_EIO, "cannot open store %s: %s", s->path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
  sqlite3_extended_result_codes(s->db, 0);
  sqlite3_busy_timeout(s->db, 10000);
  /* page cache: 64 MiB for readers (one per server thread), 256 MiB for the writer, whose
   * merge look-ups and index updates range over the whole store */
  if (exec(s,
           readonly
               ? "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
                 " PRAGMA mmap_size = 4294967296" /* reads straight from the OS file cache */
               : "PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY",
           err))
    return err && err->code ? err->code : SR_ERR;
  return 0;
}

/* A read-only open: SQLite's read-only mode first; when the store cannot be read that
 * way because its -shm/-wal files cannot be made (read-only directory or mount), the
 * immutable open (store_access.c). */
static int open_readonly(sr_store *s, sr_error *err) {
  sr_error e1;
  sr_error_clear(&e1);
  if (open_db(s, s->path, SQLITE_OPEN_READONLY, 1, &e1) == 0 && user_version(s) >= 0) return 0;
  int rc = sqlite3_errcode(s->db);
  if (rc != SQLITE_CANTOPEN && rc != SQLITE_READONLY) {
    if (!e1.code) return 0; /* the caller reports what user_version could not read */
    sr_error_set(err, e1.code, "%s", e1.msg);
    return e1.code;
  }
  sqlite3_close(s->db);
  s->db = NULL;
  if (sr_store_wal_pending(s->path))
    return sr_error_set(err, SR_EIO,
                        "the store %s is read-only and its -wal file holds changes not yet in the"
                        " store: open it once for writing (e.g. 'sitrep db migrate' by its owner)"
                        " to fold them in",
                        s->path);
  char uri[SR_STORE_MAX_PATH * 3 + 32];
  if (sr_store_immutable_uri(s->path, uri, sizeof uri))
    return sr_error_set(err, SR_ELIMIT, "store path too long");
  return open_db(s, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, 1, err);
}

int sr_store_open(sr_store **out, const char *path, int flags, sr_error *err) {
  *out = NULL;
  pthread_once(&g_sqlite_once, sqlite_setup);
  if (!path || !*path) return sr_error_set(err, SR_EINPUT, "no store path given");
  if (strlen(path) >= sizeof ((sr_store *)0)->path)
    return sr_error_set(err, SR_ELIMIT, "store path too long");
  sr_store *s = calloc(1, sizeof *s);
  if (!s) return sr_error_set(err, SR_ENOMEM, "out of memory");
  snprintf(s->path, sizeof s->path, "%s", path);
  s->readonly = (flags & SR_STORE_READONLY) != 0;
  sr_buf_init(&s->zbuf, 0);
  sr_buf_init(&s->pend.text, 0);
  int rc = SR_ERR;
  if (s->readonly) {
    if (open_readonly(s, err)) goto fail_code;
  } else {
    if (sr_store_check_writable(path, err)) goto fail_code;
    int oflags = SQLITE_OPEN_READWRITE | ((flags & SR_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (open_db(s, path, oflags, 0, err)) goto fail_code;
    if (sqlite3_db_readonly(s->db, "main") == 1) { /* SQLite fell back to reading only */
      rc = sr_error_set(err, SR_EIO, "the store %s is read-only (it cannot be opened for writing)",
                        path);
      goto fail;
    }
  }
  int v = user_version(s);
  if (v < 0) {
    rc = sr_error_set(err, SR_EINPUT, "%s: not a SQLite database: %s", path, sqlite3_errmsg(s->db));
    goto fail;
  }
  if (v > SR_STORE_SCHEMA_VERSION) {
    rc = sr_error_set(err, SR_EINPUT, "%s: store schema version %d is newer than this build's %d",
                      path, v, SR_STORE_SCHEMA_VERSION);
    goto fail;
  }
  if (s->readonly) {
    if (v == 0) {
      rc = sr_error_set(err, SR_EINPUT, "%s: not a sitrep store (no schema)", path);
      goto fail;
    }
    if (v < SR_STORE_SCHEMA_VERSION) {
      rc = sr_error_set(err, SR_EINPUT,
                        "%s: store schema version %d is older than %d; run 'sitrep db migrate'",
                        path, v, SR_STORE_SCHEMA_VERSION);
      goto fail;
    }
  } else {
    if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", err)) goto fail_code;
    if (v < SR_STORE_SCHEMA_VERSION) {
      if (!(flags & SR_STORE_CREATE)) {
        rc = sr_error_set(err, SR_EINPUT,
                          v == 0 ? "%s: not a sitrep store (no schema)"
                                 : "%s: store schema is older than this build's; run 'sitrep db "
                                   "migrate'",
                          path);
        goto fail;
      }
      if (migrate(s, err)) goto fail_code;
    }
  }
  *out = s;
  return 0;
fail_code:
  rc = err && err->code ? err->code : SR_ERR;
fail:
  sr_store_close(s);
  return rc;
}

void sr_store_close(sr_store *s) {
  if (!s) return;
  if (s->db && s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL); /* and the pending rows */
  for (int k = 0; k < ST__COUNT; k++) sqlite3_finalize(s->stmt[k]);
  sr_qcache_free(s);
  if (s->db) sqlite3_close(s->db);
  ZSTD_freeCCtx(s->zc);
  ZSTD_freeDCtx(s->zd);
  sr_buf_free(&s->zbuf);
  sr_store_pending_free(s);
  sr_dupcache_free(s);
  free(s);
}

int sr_store_schema_version(sr_store *s) {
  return s ? user_version(s) : -1;
}

int sr_store_begin(sr_store *s, sr_error *err) {
  if (s->in_txn) return sr_error_set(err, SR_ERR, "a transaction is already open");
  if (exec(s, "BEGIN IMMEDIATE", err)) return err && err->code ? err->code : SR_ERR;
  s->in_txn = 1;
  return 0;
}

int sr_store_commit(sr_store *s, sr_error *err) {
  if (!s->in_txn) return sr_error_set(err, SR_ERR, "no transaction is open");
  int rc = sr_store_pending_flush(s, err);
  if (rc) return rc;
  if (exec(s, "COMMIT", err)) return err && err->code ? err->code : SR_ERR;
  s->in_txn = 0;
  return 0;
}

int sr_store_rollback(sr_store *s) {
  sr_store_pending_clear(s);
  sr_dupcache_forget(s);
  if (!s->in_txn) return 0;
  s->in_txn = 0;
  return sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK ? 0 : SR_ERR;
}

/* ---- adding documents */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v, size_t cap) {
  if (!v || !*v) {
    sqlite3_bind_null(st, i);
    return;
  }
  size_t n = strnlen(v, cap);
  sqlite3_bind_text(st, i, v, (int)n, SQLITE_STATIC);
}

static int valid_date(const char *d) {
  int ok = 0;
  if (d) sr_merge_day(d, &ok);
  return ok;
}

/* Look an external id up: 1 (with *id, *hash, *nbytes) when stored, 0 when not. */
static int find_doc(sr_store *s, const char *ext, int64_t *id, uint64_t *hash, int64_t *nbytes,
                    sr_error *err) {
  sqlite3_stmt *st = sr_store_stmt(s, ST_DOC_FIND, err);
  if (!st) return SR_ERR;
  sqlite3_bind_text(st, 1, ext, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    *hash = (uint64_t)sqlite3_column_int64(st, 1);
    *nbytes = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    return 1;
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "find document");
  return 0;
}

static int check_id(const char *id, sr_error *err) {
  if (!id || !*id) return sr_error_set(err, SR_EINPUT, "document without an id");
  if (strnlen(id, MAX_ID_BYTES + 1) > MAX_ID_BYTES)
    return sr_error_set(err, SR_ELIMIT, "document id longer than %d bytes", MAX_ID_BYTES);
  return 0;
}

int sr_store_has(sr_store *s, const char *id, const char *text, size_t len, sr_error *err) {
  int rc = check_id(id, err);
  if (rc) return rc;
  int64_t docid, nbytes;
  uint64_t hash;
  rc = find_doc(s, id, &docid, &hash, &nbytes, err);
  if (rc <= 0) return rc;
  return nbytes == (int64_t)len && hash == sr_hash64(text ? text : "", len);
}

int sr_store_index_content(sr_store *s, sr_error *err) {
  if (s->readonly) return 0;
  return exec(s, "CREATE INDEX IF NOT EXISTS documents_hash ON documents(hash, nbytes)", err);
}

int sr_store_has_text(sr_store *s, const char *text, size_t len, char *id, size_t cap, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT ext_id FROM documents WHERE hash = ?1 AND nbytes = ?2 LIMIT 1", -1, &st,
                         NULL) != SQLITE_OK)
    return sr_store_sqlerr(s, err, "find document by content");
  sqlite3_bind_int64(st, 1, (int64_t)sr_hash64(text ? text : "", len));
  sqlite3_bind_int64(st, 2, (int64_t)len);
  int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
  if (found && id && cap) snprintf(id, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (!found && rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "find document by content");
  return found;
}

/* The stored document most similar to sig (not self), if its signature agrees on at least
 * SR_MINHASH_MIN of the slots (ties: the earliest); *orig receives its original (its own
 * dup_of, else itself), 0 when none. */
static int find_near_dup(sr_store *s, const uint32_t *sig, int64_t self, int64_t *orig, sr_error *err) {
  int64_t best = 0, best_orig = 0;
  double best_sim = SR_MINHASH_MIN;
  *orig = 0;
  for (int b = 0; b < SR_MINHASH_BANDS; b++) {
    int64_t band = sr_minhash_band(sig, b);
    int maybe = sr_dupcache_maybe(s, band, err);
    if (maybe < 0) return maybe;
    if (!maybe) continue;
    int64_t cand[BAND_SCAN];
    int n = 0, rc;
    const int64_t *full = sr_dupcache_band(s, band);
    if (full) {
      memcpy(cand, full, sizeof cand);
      n = BAND_SCAN;
    } else {
      sqlite3_stmt *st = sr_store_stmt(s, ST_BAND_FIND, err);
      if (!st) return SR_ERR;
      sqlite3_bind_int64(st, 1, band);
      sqlite3_bind_int(st, 2, BAND_SCAN);
      while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < BAND_SCAN) cand[n++] = sqlite3_column_int64(st, 0);
      sqlite3_reset(st);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "MinHash bands");
      /* and the rows of the batch's documents, still queued (pending.c) */
      if (n < BAND_SCAN || sr_store_pending_band_old(s)) sr_store_pending_band_merge(s, band, cand, &n, BAND_SCAN);
      if (n == BAND_SCAN) sr_dupcache_band_put(s, band, cand);
    }
    for (int i = 0; i < n; i++) {
      if (cand[i] == self || cand[i] == best) continue;
      uint32_t other[SR_MINHASH_K];
      int64_t corig = 0;
      int have = sr_dupcache_sig(s, cand[i], other, &corig);
      if (have < 0) {
        sqlite3_stmt *q = sr_store_stmt(s, ST_DOC_SIM, err);
        if (!q) return SR_ERR;
        sqlite3_bind_int64(q, 1, cand[i]);
        have = 0;
        if (sqlite3_step(q) == SQLITE_ROW &&
            sqlite3_column_bytes(q, 0) == (int)(SR_MINHASH_K * sizeof(uint32_t))) {
          memcpy(other, sqlite3_column_blob(q, 0), sizeof other);
          corig = sqlite3_column_type(q, 1) == SQLITE_NULL ? cand[i] : sqlite3_column_int64(q, 1);
          have = 1;
        }
        sqlite3_reset(q);
        sr_dupcache_sig_put(s, cand[i], have ? other : NULL, corig);
      }
      if (have) {
        double sim = sr_minhash_similarity(sig, other);
        if (sim > best_sim || (sim == best_sim && best && cand[i] < best) || (sim == best_sim && !best)) {
          best_sim = sim;
          best = cand[i];
          best_orig = corig;
        }
      }
    }
  }
  if (best && best_orig != self) *orig = best_orig;
  return 0;
}

/* Write the LSH bands of document doc now (the migration's backfill). */
static int insert_bands(sr_store *s, int64_t doc, const uint32_t *sig, sr_error *err) {
  for (int b = 0; b < SR_MINHASH_BANDS; b++) {
    sqlite3_stmt *st = sr_store_stmt(s, ST_BAND_INSERT, err);
    if (!st) return SR_ERR;
    int64_t band = sr_minhash_band(sig, b);
    sqlite3_bind_int64(st, 1, band);
    sqlite3_bind_int64(st, 2, doc);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "store bands");
    sr_dupcache_added(s, band);
  }
  return 0;
}

/* Queue the LSH bands of document doc (written sorted with the batch, pending.c); replaced:
 * doc keeps an id older documents may have above it. */
static int put_bands(sr_store *s, int64_t doc, const uint32_t *sig, int replaced, sr_error *err) {
  for (int b = 0; b < SR_MINHASH_BANDS; b++) {
    int64_t band = sr_minhash_band(sig, b);
    int rc = sr_store_pending_band(s, band, doc, replaced, err);
    if (rc) return rc;
    sr_dupcache_added(s, band);
  }
  return 0;
}

/* Delete the LSH bands of document doc: the band values of its stored signature (a
 * document without one has none). */
static int delete_bands(sr_store *s, int64_t doc, sr_error *err) {
  sqlite3_stmt *q = sr_store_stmt(s, ST_DOC_SIM, err);
  if (!q) return SR_ERR;
  sqlite3_bind_int64(q, 1, doc);
  uint32_t old[SR_MINHASH_K];
  int has = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) == (int)sizeof old;
  if (has) memcpy(old, sqlite3_column_blob(q, 0), sizeof old);
  sqlite3_reset(q);
  for (int b = 0; has && b < SR_MINHASH_BANDS; b++) {
    /* stored, or still queued when the document came earlier in this batch */
    int rc = sr_store_pending_band_kill(s, sr_minhash_band(old, b), doc, err);
    if (rc) return rc;
    sqlite3_stmt *st = sr_store_stmt(s, ST_BAND_DELETE, err);
    if (!st) return SR_ERR;
    sqlite3_bind_int64(st, 1, sr_minhash_band(old, b));
    sqlite3_bind_int64(st, 2, doc);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "delete bands");
  }
  return 0;
}

/* Delete a document's reports and FTS rows and recompute their events. */
static int remove_reports(sr_store *s, int64_t doc, sr_error *err) {
  sqlite3_stmt *st = sr_store_stmt(s, ST_REP_OF_DOC, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, doc);
  int64_t *evs = NULL;
  size_t nev = 0, cap = 0;
  int rc, ret = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t rid = sqlite3_column_int64(st, 0), eid = sqlite3_column_int64(st, 1);
    if ((ret = sr_store_pending_fts(s, 1, rid, (const char *)sqlite3_column_text(st, 2),
                                    (size_t)sqlite3_column_bytes(st, 2), err)))
      break;
    if (nev == cap) {
      size_t nc = cap ? cap * 2 : 16;
      int64_t *ne = realloc(evs, nc * sizeof *ne);
      if (!ne) {
        ret = sr_error_set(err, SR_ENOMEM, "out of memory");
        break;
      }
      evs = ne;
      cap = nc;
    }
    evs[nev++] = eid;
  }
  if (!ret && rc != SQLITE_DONE) ret = sr_store_sqlerr(s, err, "reports of a document");
  sqlite3_reset(st);
  if (!ret) {
    st = sr_store_stmt(s, ST_REP_DELETE_DOC, err);
    if (!st) ret = SR_ERR;
    else {
      sqlite3_bind_int64(st, 1, doc);
      if (sqlite3_step(st) != SQLITE_DONE) ret = sr_store_sqlerr(s, err, "delete reports");
      sqlite3_reset(st);
    }
  }
  for (size_t i = 0; i < nev && !ret; i++) {
    int dup = 0;
    for (size_t j = 0; j < i && !dup; j++) dup = evs[j] == evs[i];
    if (!dup) ret = sr_merge_recompute(s, evs[i], err);
  }
  free(evs);
  return ret;
}

static int compress_text(sr_store *s, const char *text, size_t len, sr_error *err) {
  if (!s->zc && !(s->zc = ZSTD_createCCtx())) return sr_error_set(err, SR_ENOMEM, "out of memory");
  size_t bound = ZSTD_compressBound(len);
  sr_buf_clear(&s->zbuf);
  if (s->zbuf.cap < bound + 1) {
    char *p = realloc(s->zbuf.data, bound + 1);
    if (!p) return sr_error_set(err, SR_ENOMEM, "out of memory");
    s->zbuf.data = p;
    s->zbuf.cap = bound + 1;
  }
  size_t n = ZSTD_compressCCtx(s->zc, s->zbuf.data, bound, text, len, ZSTD_LEVEL);
  if (ZSTD_isError(n)) return sr_error_set(err, SR_ERR, "zstd: %s", ZSTD_getErrorName(n));
  s->zbuf.len = n;
  return 0;
}

static int add_doc(sr_store *s, const sr_doc_meta *m, const char *text, size_t len,
                   const sr_event *ev, size_t nev, sr_add_result *result, sr_error *err) {
  int64_t docid = 0, nbytes = 0;
  uint64_t hash = 0, h = sr_hash64(text, len);
  int rc = find_doc(s, m->id, &docid, &hash, &nbytes, err);
  if (rc < 0) return rc;
  if (rc == 1 && hash == h && nbytes == (int64_t)len) {
    *result = SR_ADD_SAME;
    return 0;
  }
  int replaced = rc == 1;
  uint64_t sim = 0;
  uint32_t sig[SR_MINHASH_K];
  size_t nsh = sr_text_hashes(text, len, &sim, sig);
  int64_t orig = 0;
  if (nsh >= SR_SIMHASH_MIN_SHINGLES && (rc = find_near_dup(s, sig, docid, &orig, err))) return rc;
  if ((rc = compress_text(s, text, len, err))) return rc;
  if (replaced) {
    if ((rc = remove_reports(s, docid, err))) return rc;
    sr_dupcache_forget(s); /* its bands and signature change */
    if ((rc = delete_bands(s, docid, err))) return rc;
  }
  sqlite3_stmt *st = sr_store_stmt(s, replaced ? ST_DOC_UPDATE : ST_DOC_INSERT, err);
  if (!st) return SR_ERR;
  if (replaced) sqlite3_bind_int64(st, 1, docid);
  else sqlite3_bind_text(st, 1, m->id, -1, SQLITE_STATIC);
  bind_text_or_null(st, 2, m->url, MAX_META_BYTES);
  bind_text_or_null(st, 3, m->source, MAX_META_BYTES);
  bind_text_or_null(st, 4, m->title, MAX_META_BYTES);
  if (valid_date(m->date)) sqlite3_bind_text(st, 5, m->date, 10, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, (int64_t)h);
  sqlite3_bind_int64(st, 7, (int64_t)sim);
  if (orig) sqlite3_bind_int64(st, 8, orig);
  sqlite3_bind_int64(st, 9, (int64_t)len);
  sqlite3_bind_blob(st, 10, s->zbuf.data, (int)s->zbuf.len, SQLITE_STATIC);
  if (nsh >= SR_SIMHASH_MIN_SHINGLES) sqlite3_bind_blob(st, 11, sig, (int)sizeof sig, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "store document");
  if (!replaced) docid = sqlite3_last_insert_rowid(s->db);

  if (nsh >= SR_SIMHASH_MIN_SHINGLES) {
    if ((rc = put_bands(s, docid, sig, replaced, err))) return rc;
    /* later documents of the batch find it in its bands: no read of the row back */
    sr_dupcache_sig_put(s, docid, sig, orig ? orig : docid);
  }
  const char *ddate = valid_date(m->date) ? m->date : NULL;
  for (size_t i = 0; i < nev; i++) {
    if (ev[i].text_off > len || ev[i].text_len > len - ev[i].text_off)
      return sr_error_set(err, SR_EINPUT, "event %zu: evidence span outside the text", i + 1);
    if ((rc = sr_merge_add(s, docid, orig ? orig : docid, &ev[i], m, ddate, err))) return rc;
  }
  *result = orig ? SR_ADD_DUPLICATE : replaced ? SR_ADD_REPLACED : SR_ADD_NEW;
  return 0;
}

int sr_store_add(sr_store *s, const sr_doc_meta *m, const char *text, size_t len,
                 const sr_event *ev, size_t nev, sr_add_result *result, sr_error *err) {
  sr_add_result dummy;
  if (!result) result = &dummy;
  if (s->readonly) return sr_error_set(err, SR_EINPUT, "%s: store opened read-only", s->path);
  if (!m) return sr_error_set(err, SR_EINPUT, "document without metadata");
  int rc = check_id(m->id, err);
  if (rc) return rc;
  if (!text) {
    text = "";
    len = 0;
  }
  if (len > MAX_TEXT_BYTES)
    return sr_error_set(err, SR_ELIMIT, "document %s: text larger than %zu bytes", m->id,
                        MAX_TEXT_BYTES);
  if (nev > 0 && !ev) return sr_error_set(err, SR_EINPUT, "events missing");
  if (nev > MAX_EVENTS_PER_DOC)
    return sr_error_set(err, SR_ELIMIT, "document %s: more than %d events", m->id,
                        MAX_EVENTS_PER_DOC);
  int own = !s->in_txn;
  if (own && (rc = sr_store_begin(s, err))) return rc;
  if (!own && sr_store_pending_full(s) && (rc = sr_store_pending_flush(s, err))) return rc;
  sr_pending_mark mark;
  sr_store_pending_mark(s, &mark);
  if ((rc = exec(s, "SAVEPOINT doc", err))) {
    if (own) sr_store_rollback(s);
    return rc;
  }
  rc = add_doc(s, m, text, len, ev, nev, result, err);
  if (rc) {
    sqlite3_exec(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
    sr_store_pending_undo(s, &mark);
    sr_dupcache_forget(s); /* it may hold the signature of a row rolled back */
    if (own) sr_store_rollback(s);
    return rc;
  }
  if ((rc = exec(s, "RELEASE doc", err))) {
    if (own) sr_store_rollback(s);
    return rc;
  }
  if (own && (rc = sr_store_commit(s, err))) {
    sr_store_rollback(s);
    return rc;
  }
  return 0;
}

/* ---- texts */

int sr_store_decompress(sr_store *s, const void *z, size_t zn, int64_t nbytes, char **out,
                        sr_error *err) {
  if (nbytes < 0 || (uint64_t)nbytes > MAX_TEXT_BYTES)
    return sr_error_set(err, SR_EINPUT, "stored text size %lld out of range", (long long)nbytes);
  if (!s->zd && !(s->zd = ZSTD_createDCtx())) return sr_error_set(err, SR_ENOMEM, "out of memory");
  char *t = malloc((size_t)nbytes + 1);
  if (!t) return sr_error_set(err, SR_ENOMEM, "out of memory");
  size_t n = ZSTD_decompressDCtx(s->zd, t, (size_t)nbytes + 1, z, zn);
  if (ZSTD_isError(n) || n != (size_t)nbytes) {
    free(t);
    return sr_error_set(err, SR_EINPUT, "stored text does not decompress to %lld bytes%s%s",
                        (long long)nbytes, ZSTD_isError(n) ? ": " : "",
                        ZSTD_isError(n) ? ZSTD_getErrorName(n) : "");
  }
  t[n] = '\0';
  *out = t;
  return 0;
}

int sr_store_doc_text(sr_store *s, const char *id, char **text, size_t *len, sr_error *err) {
  *text = NULL;
  if (len) *len = 0;
  int rc = check_id(id, err);
  if (rc) return rc;
  sqlite3_stmt *st = sr_store_stmt(s, ST_DOC_TEXT, err);
  if (!st) return SR_ERR;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return sr_error_set(err, SR_ENOTFOUND, "no document '%s'", id);
    return sr_store_sqlerr(s, err, "document text");
  }
  int64_t nbytes = sqlite3_column_int64(st, 1);
  rc = sr_store_decompress(s, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), nbytes, text,
                  err);
  sqlite3_reset(st);
  if (!rc && len) *len = (size_t)nbytes;
  return rc;
}
