/* src/feed/state.c - what `sitrep watch` remembers between runs (see sitrep/feed.h):
 * one SQLite file (WAL, synchronous=FULL: an item marked as handed over stays marked
 * after a power cut), two tables. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/feed.h"

struct sr_feed_state {
  sqlite3 *db;
  char path[256];
  int in_txn;
};

static const char state_ddl[] =
    "CREATE TABLE IF NOT EXISTS sources(url TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '',"
    " last_modified TEXT NOT NULL DEFAULT '', next_due INTEGER NOT NULL DEFAULT 0,"
    " failures INTEGER NOT NULL DEFAULT 0, last_ok INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS items(url TEXT NOT NULL, id TEXT NOT NULL, hash INTEGER NOT NULL,"
    " seen INTEGER NOT NULL, PRIMARY KEY(url, id)) WITHOUT ROWID;";

static int sql_fail(sr_feed_state *s, sr_error *err, const char *what) {
  return sr_error_set(err, SR_EIO, "watch state %s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

int sr_feed_state_open(sr_feed_state **out, const char *path, sr_error *err) {
  *out = NULL;
  sr_feed_state *s = calloc(1, sizeof *s);
  if (!s) return sr_error_set(err, SR_ENOMEM, "out of memory");
  snprintf(s->path, sizeof s->path, "%s", path);
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    int rc = sr_error_set(err, SR_EIO, "cannot open the watch state %s: %s", path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sr_feed_state_close(s);
    return rc;
  }
  sqlite3_busy_timeout(s->db, 10000);
  if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL, NULL, NULL) !=
          SQLITE_OK ||
      sqlite3_exec(s->db, state_ddl, NULL, NULL, NULL) != SQLITE_OK) {
    int rc = sr_error_set(err, SR_EIO, "%s is no watch state (%s)", path, sqlite3_errmsg(s->db));
    sr_feed_state_close(s);
    return rc;
  }
  *out = s;
  return 0;
}

void sr_feed_state_close(sr_feed_state *s) {
  if (!s) return;
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(s->db);
  free(s);
}

static void copy_col(sqlite3_stmt *st, int col, char *dst, size_t cap) {
  const unsigned char *t = sqlite3_column_text(st, col);
  snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

int sr_feed_state_get(sr_feed_state *s, const char *url, sr_feed_info *info, sr_error *err) {
  memset(info, 0, sizeof *info);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT etag, last_modified, next_due, failures, last_ok, last_error FROM sources"
                         " WHERE url = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "read");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  int r = sqlite3_step(st), rc = 0;
  if (r == SQLITE_ROW) {
    copy_col(st, 0, info->etag, sizeof info->etag);
    copy_col(st, 1, info->last_modified, sizeof info->last_modified);
    info->next_due = sqlite3_column_int64(st, 2);
    info->failures = sqlite3_column_int(st, 3);
    info->last_ok = sqlite3_column_int64(st, 4);
    copy_col(st, 5, info->last_error, sizeof info->last_error);
  } else if (r != SQLITE_DONE) {
    rc = sql_fail(s, err, "read");
  }
  sqlite3_finalize(st);
  return rc;
}

int sr_feed_state_put(sr_feed_state *s, const char *url, const sr_feed_info *info, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT OR REPLACE INTO sources(url, etag, last_modified, next_due, failures, last_ok,"
                         " last_error) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "write");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, info->etag, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, info->last_modified, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, info->next_due);
  sqlite3_bind_int(st, 5, info->failures);
  sqlite3_bind_int64(st, 6, info->last_ok);
  sqlite3_bind_text(st, 7, info->last_error, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(s, err, "write");
  sqlite3_finalize(st);
  return rc;
}

int sr_feed_state_seen(sr_feed_state *s, const char *url, const char *id, uint64_t hash, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT hash FROM items WHERE url = ?1 AND id = ?2", -1, &st, NULL) !=
      SQLITE_OK)
    return sql_fail(s, err, "read");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
  int r = sqlite3_step(st), rc = 0;
  if (r == SQLITE_ROW) rc = (uint64_t)sqlite3_column_int64(st, 0) == hash;
  else if (r != SQLITE_DONE) rc = sql_fail(s, err, "read");
  sqlite3_finalize(st);
  return rc;
}

int sr_feed_state_mark(sr_feed_state *s, const char *url, const char *id, uint64_t hash, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT OR REPLACE INTO items(url, id, hash, seen) VALUES(?1, ?2, ?3,"
                         " CAST(strftime('%s','now') AS INTEGER))",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "write");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)hash);
  int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(s, err, "write");
  sqlite3_finalize(st);
  return rc;
}

int sr_feed_state_touch(sr_feed_state *s, const char *url, const char *id, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE items SET seen = CAST(strftime('%s','now') AS INTEGER) WHERE url = ?1 AND id = ?2",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "write");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(s->db) > 0 : sql_fail(s, err, "write");
  sqlite3_finalize(st);
  return rc;
}

long sr_feed_state_prune(sr_feed_state *s, const char *url, long long max_age, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "DELETE FROM items WHERE url = ?1 AND seen < CAST(strftime('%s','now') AS INTEGER) - ?2",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "write");
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, max_age);
  long n = sqlite3_step(st) == SQLITE_DONE ? (long)sqlite3_changes(s->db) : sql_fail(s, err, "write");
  sqlite3_finalize(st);
  return n;
}

long sr_feed_state_items(sr_feed_state *s, const char *url, sr_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, url ? "SELECT count(*) FROM items WHERE url = ?1" : "SELECT count(*) FROM items",
                         -1, &st, NULL) != SQLITE_OK)
    return sql_fail(s, err, "read");
  if (url) sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : sql_fail(s, err, "read");
  sqlite3_finalize(st);
  return n;
}

int sr_feed_state_begin(sr_feed_state *s, sr_error *err) {
  if (s->in_txn) return 0;
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) return sql_fail(s, err, "begin");
  s->in_txn = 1;
  return 0;
}

int sr_feed_state_commit(sr_feed_state *s, sr_error *err) {
  if (!s->in_txn) return 0;
  if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    int rc = sql_fail(s, err, "commit");
    sr_feed_state_rollback(s);
    return rc;
  }
  s->in_txn = 0;
  return 0;
}

void sr_feed_state_rollback(sr_feed_state *s) {
  if (!s->in_txn) return;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = 0;
}
