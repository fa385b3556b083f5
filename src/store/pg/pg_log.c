/* src/store/pg/pg_log.c - the document log: is a document there, append a batch. A batch is
 * one transaction under the advisory lock SR_PG_LOG_KEY, taken right before its first
 * insert, so seqs become visible in order (a merger reading up to the last committed seq
 * never skips one committed later). */
#ifdef SITREP_HAVE_PG
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The newest logged version of id: 1 with *hash and *nbytes, 0 when none. */
static int latest(sr_pg *pg, const char *id, int64_t *hash, int64_t *nbytes, sr_error *err) {
  const char *v[1] = {id};
  PGresult *r;
  int rc = sr_pg_exec(
      pg, "look a document up",
      "SELECT hash::text, nbytes::text FROM doc_log WHERE ext_id = $1 ORDER BY seq DESC LIMIT 1", 1,
      v, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  int found = PQntuples(r) > 0;
  if (found) {
    *hash = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    *nbytes = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
  }
  PQclear(r);
  return found;
}

int sr_pg_has(sr_pg *pg, const char *id, const char *text, size_t len, sr_error *err) {
  int rc = sr_pg_connect(pg, err);
  if (rc) return rc;
  int64_t h, nb;
  rc = latest(pg, id, &h, &nb, err);
  if (rc < 0 && !pg->c && sr_pg_connect(pg, err) == 0)
    rc = latest(pg, id, &h, &nb, err); /* once more */
  if (rc <= 0) return rc;
  return nb == (int64_t)len && h == (int64_t)sr_hash64(text ? text : "", len);
}

static int insert(sr_pg *pg, const sr_pg_doc *d, int64_t hash, sr_buf *coded, sr_error *err) {
  char hs[24], ns[24];
  snprintf(hs, sizeof hs, "%" PRId64, hash);
  snprintf(ns, sizeof ns, "%zu", d->len);
  const char *v[9] = {d->meta.id,
                      hs,
                      ns,
                      d->meta.url,
                      d->meta.source,
                      d->meta.title,
                      d->meta.date,
                      d->text ? d->text : "",
                      coded->len ? coded->data : ""};
  int lens[9] = {0, 0, 0, 0, 0, 0, 0, (int)d->len, 0};
  int fmts[9] = {0, 0, 0, 0, 0, 0, 0, 1, 0};
  return sr_pg_exec(
      pg, "append to the document log",
      "INSERT INTO doc_log (seq, ext_id, hash, nbytes, url, source, title, date, body, coded)"
      " VALUES (nextval('doc_log_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)",
      9, v, lens, fmts, 0, NULL, err);
}

static int append_all(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res, sr_buf *coded,
                      sr_error *err) {
  int locked = 0, rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    const sr_pg_doc *d = &docs[i];
    if (d->len > (size_t)INT32_MAX)
      return sr_error_set(err, SR_ELIMIT, "%s: text over 2 GB", d->meta.id);
    if (!locked && (rc = sr_pg_cmd(pg, "lock the document log",
                                   "SELECT pg_advisory_xact_lock(1936290930)", err)))
      break;
    locked = 1;
    int64_t h = (int64_t)sr_hash64(d->text ? d->text : "", d->len), oh = 0, onb = 0;
    int had = latest(pg, d->meta.id, &oh, &onb, err);
    if (had < 0) return had;
    if (had && oh == h && onb == (int64_t)d->len) {
      if (res) res[i] = SR_ADD_SAME;
      continue;
    }
    sr_buf_clear(coded);
    sr_error e1;
    sr_error_clear(&e1);
    if (sr_pg_encode(d->ev, d->nev, coded, &e1))
      return sr_error_set(err, SR_EINPUT, "%s: %s", d->meta.id, e1.msg);
    if ((rc = insert(pg, d, h, coded, err))) break;
    if (res) res[i] = had ? SR_ADD_REPLACED : SR_ADD_NEW;
  }
  return rc;
}

int sr_pg_append(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res, sr_error *err) {
  int rc = sr_pg_connect(pg, err);
  if (rc) return rc;
  sr_buf coded;
  sr_buf_init(&coded, SR_PG_MAX_CODED);
  rc = sr_pg_cmd(pg, "begin", "BEGIN", err);
  if (!rc) rc = append_all(pg, docs, n, res, &coded, err);
  if (!rc) rc = sr_pg_cmd(pg, "commit to the document log", "COMMIT", err);
  if (rc) sr_pg_abort(pg);
  sr_buf_free(&coded);
  if (rc && rc != SR_EINPUT && rc != SR_ELIMIT) rc = SR_EIO;
  return rc == SR_ELIMIT ? SR_EINPUT : rc;
}

#endif
