/* src/store/pending.c - the batch's write-behind: full-text and R*Tree rows.
 *
 * FTS5 keeps the rows of a transaction in memory and writes them as one segment, but it
 * must write what it holds at every SAVEPOINT and before every statement that needs a
 * statement journal (sqlite3VtabSavepoint): with one savepoint per document (and the
 * R*Tree's INSERT OR REPLACE ... SELECT per event) it wrote a tiny segment for nearly
 * every report, and merging those segments grew with the store. So the write path only
 * records what the index rows must become, and sr_store_pending_flush writes them once per
 * batch, from sr_store_commit, outside every savepoint, just before COMMIT (same
 * transaction: a crash loses them with the batch, never apart from it):
 *   1. the R*Tree row of every event touched in the batch, read from the event as it is
 *      then (located: its point and day; deleted or without a place: no row). The events
 *      table is the truth the R*Tree mirrors, so the final state is what the per-report
 *      writes ended in;
 *   2. the full-text operations in their order (a replaced document's 'delete' rows with
 *      the text they were indexed with, then inserts), so a row id deleted and used again
 *      in one batch ends as it did before.
 * A document rolled back to its savepoint drops its own operations (sr_store_pending_mark /
 * _undo); a rolled-back transaction drops everything. Memory is capped: past
 * PENDING_MAX_OPS operations or PENDING_MAX_TEXT bytes sr_store_add flushes before the
 * next document (outside its savepoint).
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define PENDING_MAX_OPS 2000000                  /* FTS operations or R*Tree ids held */
#define PENDING_MAX_TEXT ((size_t)256 << 20)     /* evidence bytes held */

static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t nc = *cap ? *cap * 2 : 1024;
  while (nc < need) nc *= 2;
  void *q = realloc(*p, nc * size);
  if (!q) return SR_ENOMEM;
  *p = q;
  *cap = nc;
  return 0;
}

int sr_store_pending_fts(sr_store *s, int del, int64_t rowid, const char *text, size_t len,
                         sr_error *err) {
  sr_pending *p = &s->pend;
  if (grow((void **)&p->fts, &p->cap_fts, p->nfts + 1, sizeof *p->fts) ||
      sr_buf_append(&p->text, text, len))
    return sr_error_set(err, SR_ENOMEM, "out of memory (pending full-text rows)");
  p->fts[p->nfts++] = (sr_fts_op){rowid, del, p->text.len - len, len};
  return 0;
}

int sr_store_pending_rtree(sr_store *s, int64_t event, sr_error *err) {
  sr_pending *p = &s->pend;
  if (p->nrt && p->rt[p->nrt - 1] == event) return 0;
  if (grow((void **)&p->rt, &p->cap_rt, p->nrt + 1, sizeof *p->rt))
    return sr_error_set(err, SR_ENOMEM, "out of memory (pending R*Tree rows)");
  p->rt[p->nrt++] = event;
  return 0;
}

void sr_store_pending_mark(sr_store *s, sr_pending_mark *m) {
  m->nfts = s->pend.nfts;
  m->text = s->pend.text.len;
}

void sr_store_pending_undo(sr_store *s, const sr_pending_mark *m) {
  /* R*Tree ids stay: syncing an event that did not change rewrites the same row */
  s->pend.nfts = m->nfts;
  s->pend.text.len = m->text;
}

void sr_store_pending_clear(sr_store *s) {
  s->pend.nfts = 0;
  s->pend.nrt = 0;
  sr_buf_clear(&s->pend.text);
}

int sr_store_pending_full(const sr_store *s) {
  return s->pend.nfts >= PENDING_MAX_OPS || s->pend.nrt >= PENDING_MAX_OPS ||
         s->pend.text.len >= PENDING_MAX_TEXT;
}

void sr_store_pending_free(sr_store *s) {
  free(s->pend.fts);
  free(s->pend.rt);
  sr_buf_free(&s->pend.text);
  memset(&s->pend, 0, sizeof s->pend);
}

static int cmp_id(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static int step(sr_store *s, sqlite3_stmt *st, sr_error *err, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, what);
}

int sr_store_pending_flush(sr_store *s, sr_error *err) {
  sr_pending *p = &s->pend;
  int rc = 0;
  if (p->nrt) {
    qsort(p->rt, p->nrt, sizeof *p->rt, cmp_id);
    for (size_t i = 0; i < p->nrt && !rc; i++) {
      if (i && p->rt[i] == p->rt[i - 1]) continue;
      sqlite3_stmt *st = sr_store_stmt(s, ST_RT_SYNC, err);
      if (!st) return SR_ERR;
      sqlite3_bind_int64(st, 1, p->rt[i]);
      if ((rc = step(s, st, err, "R*Tree"))) break;
      if (sqlite3_changes(s->db) == 0) { /* no longer located, or gone */
        if (!(st = sr_store_stmt(s, ST_RT_DELETE, err))) return SR_ERR;
        sqlite3_bind_int64(st, 1, p->rt[i]);
        rc = step(s, st, err, "R*Tree");
      }
    }
  }
  for (size_t i = 0; i < p->nfts && !rc; i++) {
    const sr_fts_op *o = &p->fts[i];
    sqlite3_stmt *st = sr_store_stmt(s, o->del ? ST_FTS_DELETE : ST_FTS_INSERT, err);
    if (!st) return SR_ERR;
    sqlite3_bind_int64(st, 1, o->rowid);
    sqlite3_bind_text(st, 2, o->len ? p->text.data + o->off : "", (int)o->len, SQLITE_STATIC);
    rc = step(s, st, err, o->del ? "delete FTS row" : "full-text index");
  }
  if (!rc) sr_store_pending_clear(s);
  return rc;
}
