/* src/store/pg/pg_fold.c - folding the document log into a SQLite store with the store's own
 * sr_store_add, in seq order: the merger's working store and every reader's replica are made
 * this way, so they hold exactly what `sitrep ingest` of the same documents in that order
 * holds. Also the replica's open and refresh. */
#ifdef SITREP_HAVE_PG
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_internal.h"
#include "store_internal.h"

static int one_seq(sr_pg *pg, const char *what, const char *sql, long long *seq, sr_error *err) {
  PGresult *r;
  int rc = sr_pg_exec(pg, what, sql, 0, NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  *seq = PQntuples(r) && !PQgetisnull(r, 0, 0) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
  PQclear(r);
  return 0;
}

int sr_pg_merged_seq(sr_pg *pg, long long *seq, sr_error *err) {
  return one_seq(pg, "merge state", "SELECT seq::text FROM merge_state WHERE part = 0", seq, err);
}

int sr_pg_log_seq(sr_pg *pg, long long *seq, sr_error *err) {
  return one_seq(pg, "document log", "SELECT max(seq)::text FROM doc_log", seq, err);
}

static const char *col(const PGresult *r, int i, int c) {
  return PQgetisnull(r, i, c) ? NULL : PQgetvalue(r, i, c);
}

/* Add logged row i of r to st. 1 when the store refused the document, 0 when added. */
static int add_row(sr_store *st, const PGresult *r, int i, sr_error *err) {
  const char *text = PQgetvalue(r, i, 6);
  size_t len = (size_t)PQgetlength(r, i, 6), clen = (size_t)PQgetlength(r, i, 7);
  char *coded = malloc(clen + 1);
  if (!coded) return sr_error_set(err, SR_ENOMEM, "out of memory");
  memcpy(coded, PQgetvalue(r, i, 7), clen);
  coded[clen] = 0;
  sr_event *ev = NULL;
  size_t nev = 0;
  sr_error e1;
  sr_error_clear(&e1);
  int rc = sr_pg_decode(coded, clen, text, len, &ev, &nev, &e1);
  if (!rc) {
    sr_doc_meta m = {col(r, i, 1), col(r, i, 2), col(r, i, 3), col(r, i, 4), col(r, i, 5)};
    sr_add_result res;
    rc = sr_store_add(st, &m, text, len, ev, nev, &res, &e1);
  }
  free(ev);
  free(coded);
  if (rc == SR_EINPUT) return 1; /* as `sitrep ingest` skips it */
  if (rc && err) *err = e1;
  return rc;
}

int sr_pg_fold(sr_pg *pg, sr_store *st, long long from, long long to, long max,
               const sr_pg_fold_cb *cb, long long *last, long *n, long *refused, sr_error *err) {
  *last = from;
  *n = 0;
  if (refused) *refused = 0;
  while (*last < to && (!max || *n < max)) {
    char a[24], b[24], k[24];
    long want = max ? max - *n : SR_PG_FOLD_BATCH;
    if (want > SR_PG_FOLD_BATCH) want = SR_PG_FOLD_BATCH;
    snprintf(a, sizeof a, "%lld", *last);
    snprintf(b, sizeof b, "%lld", to);
    snprintf(k, sizeof k, "%ld", want);
    const char *v[3] = {a, b, k};
    PGresult *r;
    int rc =
        sr_pg_exec(pg, "read the document log",
                   "SELECT seq, ext_id, url, source, title, date, body, coded FROM doc_log"
                   " WHERE seq > $1::bigint AND seq <= $2::bigint ORDER BY seq LIMIT $3::bigint",
                   3, v, NULL, NULL, 1, &r, err);
    if (rc) return rc;
    int rows = PQntuples(r);
    for (int i = 0; i < rows && !rc; i++) {
      const char *id = PQgetvalue(r, i, 1);
      if (cb && cb->before && (rc = cb->before(cb->ud, id, err))) break;
      int refd = add_row(st, r, i, err);
      if (refd < 0) {
        rc = refd;
        break;
      }
      if (refd && refused) (*refused)++;
      if (cb && cb->after && (rc = cb->after(cb->ud, id, err))) break;
      *last = sr_pg_int8(r, i, 0);
      (*n)++;
    }
    PQclear(r);
    if (rc) return rc;
    if (rows == 0) break;
  }
  return 0;
}

int sr_pg_private_store(sr_store *st, sr_error *err) {
  if (sqlite3_exec(st->db,
                   "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;"
                   " PRAGMA locking_mode = EXCLUSIVE",
                   NULL, NULL, NULL) != SQLITE_OK)
    return sr_store_sqlerr(st, err, "the working store's settings");
  return 0;
}

static void remove_files(const char *path) {
  char p[4200];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

/* Fold (from, to] into st in transactions of at most 1000 documents. */
static int fold_chunks(sr_pg *pg, sr_store *st, long long from, long long to, long long *done,
                       long *total, sr_error *err) {
  *done = from;
  while (*done < to) {
    long long last;
    long n;
    int rc = sr_store_begin(st, err);
    if (!rc) rc = sr_pg_fold(pg, st, *done, to, 1000, NULL, &last, &n, NULL, err);
    if (!rc) rc = sr_store_commit(st, err);
    if (rc) {
      sr_store_rollback(st);
      return rc;
    }
    if (total) *total += n;
    if (n == 0) break;
    *done = last;
  }
  return 0;
}

int sr_pg_replica(sr_pg *pg, const char *path, sr_store **out, sr_error *err) {
  *out = NULL;
  long long to;
  int rc = sr_pg_connect(pg, err);
  if (!rc) rc = sr_pg_merged_seq(pg, &to, err);
  if (rc) return rc;
  remove_files(path);
  sr_store *st;
  if ((rc = sr_store_open(&st, path, SR_STORE_CREATE, err))) return rc;
  long long done;
  if ((rc = fold_chunks(pg, st, 0, to, &done, NULL, err))) {
    sr_store_close(st);
    return rc;
  }
  pg->rep_seq = done;
  *out = st;
  return 0;
}

int sr_pg_follow(sr_pg *pg, sr_store *replica, long *n, sr_error *err) {
  long total = 0;
  if (n) *n = 0;
  long long to, done;
  int rc = sr_pg_connect(pg, err);
  if (!rc) rc = sr_pg_merged_seq(pg, &to, err);
  if (!rc && to > pg->rep_seq) {
    rc = fold_chunks(pg, replica, pg->rep_seq, to, &done, &total, err);
    if (!rc) pg->rep_seq = done;
  }
  if (n) *n = total;
  return rc;
}

void sr_pg_work_remove(sr_pg *pg) {
  if (pg->work_path[0]) remove_files(pg->work_path);
  pg->work_path[0] = 0;
}

#endif
