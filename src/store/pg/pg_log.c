/* src/store/pg/pg_log.c - the document log: is a document there, append a batch. A batch is
 * one transaction under the advisory lock SR_PG_LOG_KEY, so seqs become visible in order (a
 * merger reading up to the last committed seq never skips one committed later). The lock is
 * held for three round trips whatever the batch's size: the documents' events are encoded
 * before it, their newest logged versions looked up in one statement and the inserts
 * pipelined. */
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
  int64_t h = 0, nb = -1;
  rc = latest(pg, id, &h, &nb, err);
  if (rc < 0 && !pg->c && sr_pg_connect(pg, err) == 0)
    rc = latest(pg, id, &h, &nb, err); /* once more */
  if (rc <= 0) return rc;
  return nb == (int64_t)len && h == (int64_t)sr_hash64(text ? text : "", len);
}

/* The newest logged version of each of ids[0..n) (one statement): hash[i] and nbytes[i], or
 * nbytes[i] = -1 when the id is not logged. */
static int latest_all(sr_pg *pg, const char *const *ids, size_t n, int64_t *hash, int64_t *nbytes,
                      sr_error *err) {
  sr_buf a;
  sr_buf_init(&a, (size_t)1 << 30);
  int rc = sr_buf_putc(&a, '{');
  for (size_t i = 0; i < n && rc >= 0; i++) {
    rc = sr_buf_append(&a, i ? ",\"" : "\"", i ? 2 : 1);
    for (const char *c = ids[i]; *c && rc >= 0; c++)
      rc = *c == '"' || *c == '\\' ? sr_buf_printf(&a, "\\%c", *c) : sr_buf_putc(&a, *c);
    if (rc >= 0) rc = sr_buf_putc(&a, '"');
  }
  if (rc >= 0) rc = sr_buf_putc(&a, '}');
  if (rc < 0) {
    sr_buf_free(&a);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  const char *v[1] = {a.data};
  PGresult *r;
  rc = sr_pg_exec(pg, "look the documents up",
                  "SELECT DISTINCT ON (ext_id) ext_id, hash::text, nbytes::text FROM doc_log"
                  " WHERE ext_id = ANY($1::text[]) ORDER BY ext_id, seq DESC",
                  1, v, NULL, NULL, 0, &r, err);
  sr_buf_free(&a);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) nbytes[i] = -1;
  for (int k = 0; k < PQntuples(r); k++)
    for (size_t i = 0; i < n; i++)
      if (!strcmp(PQgetvalue(r, k, 0), ids[i])) {
        hash[i] = strtoll(PQgetvalue(r, k, 1), NULL, 10);
        nbytes[i] = strtoll(PQgetvalue(r, k, 2), NULL, 10);
      }
  PQclear(r);
  return 0;
}

int sr_pg_has_all(sr_pg *pg, const char *const *ids, const char *const *texts, const size_t *lens,
                  size_t n, int *has, sr_error *err) {
  if (n > SR_PG_MAX_BATCH)
    return sr_error_set(err, SR_EINPUT, "look-up: over %d documents at once", SR_PG_MAX_BATCH);
  for (size_t i = 0; i < n; i++)
    if (!ids[i]) return sr_error_set(err, SR_EINPUT, "look-up: a document without an id");
  int64_t hash[SR_PG_MAX_BATCH], nbytes[SR_PG_MAX_BATCH];
  int rc = sr_pg_connect(pg, err);
  if (!rc) rc = latest_all(pg, ids, n, hash, nbytes, err);
  if (rc < 0 && !pg->c && sr_pg_connect(pg, err) == 0)
    rc = latest_all(pg, ids, n, hash, nbytes, err); /* once more */
  if (rc < 0) return rc;
  for (size_t i = 0; i < n; i++)
    has[i] = nbytes[i] == (int64_t)lens[i] &&
             hash[i] == (int64_t)sr_hash64(texts[i] ? texts[i] : "", lens[i]);
  return 0;
}

/* Send the insert of d (pipeline mode). */
static int send_insert(sr_pg *pg, const sr_pg_doc *d, int64_t hash, const sr_buf *coded,
                       sr_error *err) {
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
  return sr_pg_pipe_sent(
      pg,
      PQsendQueryParams(
          pg->c,
          "INSERT INTO doc_log (seq, ext_id, hash, nbytes, url, source, title, date, body, coded)"
          " VALUES (nextval('doc_log_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)",
          9, NULL, v, lens, fmts, 0),
      err);
}

/* Encode every document's events (before the lock is taken): coded[i]. */
static int encode_all(const sr_pg_doc *docs, size_t n, sr_buf *coded, sr_error *err) {
  for (size_t i = 0; i < n; i++) {
    const sr_pg_doc *d = &docs[i];
    if (!d->meta.id) return sr_error_set(err, SR_EINPUT, "a document without an id");
    if (d->len > (size_t)INT32_MAX)
      return sr_error_set(err, SR_EINPUT, "%s: text over 2 GB", d->meta.id);
    sr_error e1;
    sr_error_clear(&e1);
    if (sr_pg_encode(d->ev, d->nev, &coded[i], &e1))
      return sr_error_set(err, SR_EINPUT, "%s: %s", d->meta.id, e1.msg);
  }
  return 0;
}

/* Under the log's lock: the newest versions looked up at once, the new ones inserted through
 * one pipeline (a document twice in the batch is compared with its earlier copy). */
static int append_all(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res,
                      const sr_buf *coded, sr_error *err) {
  const char *ids[SR_PG_MAX_BATCH];
  int64_t hash[SR_PG_MAX_BATCH], nbytes[SR_PG_MAX_BATCH];
  for (size_t i = 0; i < n; i++) ids[i] = docs[i].meta.id;
  int rc = sr_pg_cmd(pg, "lock the document log", "SELECT pg_advisory_xact_lock(1936290930)", err);
  if (!rc) rc = latest_all(pg, ids, n, hash, nbytes, err);
  if (!rc) rc = sr_pg_pipe_begin(pg, "append to the document log", err);
  if (rc) return rc;
  for (size_t i = 0; i < n && !rc; i++) {
    const sr_pg_doc *d = &docs[i];
    int64_t h = (int64_t)sr_hash64(d->text ? d->text : "", d->len);
    for (size_t j = 0; j < i; j++) /* an earlier copy in this batch is the newest */
      if (!strcmp(ids[j], d->meta.id)) hash[i] = hash[j], nbytes[i] = nbytes[j];
    int had = nbytes[i] >= 0;
    res[i] = had && hash[i] == h && nbytes[i] == (int64_t)d->len ? SR_ADD_SAME
             : had                                               ? SR_ADD_REPLACED
                                                                 : SR_ADD_NEW;
    hash[i] = h, nbytes[i] = (int64_t)d->len;
    if (res[i] != SR_ADD_SAME) rc = send_insert(pg, d, h, &coded[i], err);
  }
  return sr_pg_pipe_end(pg, "append to the document log", rc, err);
}

int sr_pg_append(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res, sr_error *err) {
  if (n > SR_PG_MAX_BATCH)
    return sr_error_set(err, SR_EINPUT, "append: over %d documents in one batch", SR_PG_MAX_BATCH);
  sr_add_result own[SR_PG_MAX_BATCH];
  if (!res) res = own;
  sr_buf *coded = calloc(n ? n : 1, sizeof *coded);
  if (!coded) return sr_error_set(err, SR_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) sr_buf_init(&coded[i], SR_PG_MAX_CODED);
  int rc = encode_all(docs, n, coded, err);
  if (!rc) rc = sr_pg_connect(pg, err);
  if (!rc) {
    rc = sr_pg_cmd(pg, "begin", "BEGIN", err);
    if (!rc) rc = append_all(pg, docs, n, res, coded, err);
    if (!rc) rc = sr_pg_cmd(pg, "commit to the document log", "COMMIT", err);
    if (rc) sr_pg_abort(pg);
    if (rc && rc != SR_EINPUT) rc = SR_EIO;
  }
  for (size_t i = 0; i < n; i++) sr_buf_free(&coded[i]);
  free(coded);
  return rc;
}

#endif
