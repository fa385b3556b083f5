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
 *   3. the doc_bands rows of the batch's documents, sorted by (band, doc): one pass over the
 *      leaves in key order, instead of 16 seeks at random places per document. Until then
 *      the near-duplicate look-up reads the queued rows beside the stored ones
 *      (sr_store_pending_band_merge); a replaced document's queued rows are marked dead.
 * A document rolled back to its savepoint drops its own operations (sr_store_pending_mark /
 * _undo; rows it marked dead live again); a rolled-back transaction drops everything. Memory
 * is capped: past PENDING_MAX_OPS operations, PENDING_MAX_BANDS band rows or PENDING_MAX_TEXT
 * bytes sr_store_add flushes before the next document (outside its savepoint).
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define PENDING_MAX_OPS 2000000                  /* FTS operations or R*Tree ids held */
#define PENDING_MAX_TEXT ((size_t)256 << 20)     /* evidence bytes held */
#define PENDING_MAX_BANDS ((size_t)1 << 20)      /* doc_bands rows held (16 a document) */
#define PENDING_BAND_HEADS ((size_t)1 << 17)     /* hash chains of the queued band rows */

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

static size_t band_slot(int64_t band) {
  uint64_t x = (uint64_t)band * 0x9E3779B97F4A7C15ULL;
  return (size_t)(x >> 47) & (PENDING_BAND_HEADS - 1);
}

int sr_store_pending_band(sr_store *s, int64_t band, int64_t doc, int old, sr_error *err) {
  sr_pending *p = &s->pend;
  if (!p->bhead && !(p->bhead = calloc(PENDING_BAND_HEADS, sizeof *p->bhead)))
    return sr_error_set(err, SR_ENOMEM, "out of memory (pending band rows)");
  if (grow((void **)&p->bands, &p->cap_bands, p->nbands + 1, sizeof *p->bands))
    return sr_error_set(err, SR_ENOMEM, "out of memory (pending band rows)");
  size_t h = band_slot(band);
  p->bands[p->nbands] = (sr_band_op){band, doc, p->bhead[h], 0};
  p->bhead[h] = (uint32_t)++p->nbands;
  if (old) p->bands_old = 1;
  return 0;
}

int sr_store_pending_band_kill(sr_store *s, int64_t band, int64_t doc, sr_error *err) {
  sr_pending *p = &s->pend;
  if (!p->bhead) return 0;
  for (uint32_t k = p->bhead[band_slot(band)]; k; k = p->bands[k - 1].next) {
    sr_band_op *o = &p->bands[k - 1];
    if (o->dead || o->band != band || o->doc != doc) continue;
    if (grow((void **)&p->kills, &p->cap_kills, p->nkills + 1, sizeof *p->kills))
      return sr_error_set(err, SR_ENOMEM, "out of memory (pending band rows)");
    o->dead = 1;
    p->kills[p->nkills++] = k - 1;
  }
  return 0;
}

void sr_store_pending_band_merge(const sr_store *s, int64_t band, int64_t *cand, int *n, int max) {
  const sr_pending *p = &s->pend;
  if (!p->bhead) return;
  for (uint32_t k = p->bhead[band_slot(band)]; k; k = p->bands[k - 1].next) {
    const sr_band_op *o = &p->bands[k - 1];
    if (o->dead || o->band != band) continue;
    int i = *n;
    while (i > 0 && cand[i - 1] > o->doc) i--;
    if ((i > 0 && cand[i - 1] == o->doc) || i >= max) continue; /* there already, or past the max */
    int last = *n < max ? *n : max - 1;                         /* the largest falls off when full */
    memmove(cand + i + 1, cand + i, (size_t)(last - i) * sizeof *cand);
    cand[i] = o->doc;
    if (*n < max) (*n)++;
  }
}

int sr_store_pending_band_old(const sr_store *s) {
  return s->pend.bands_old;
}

void sr_store_pending_mark(sr_store *s, sr_pending_mark *m) {
  m->nfts = s->pend.nfts;
  m->text = s->pend.text.len;
  m->nbands = s->pend.nbands;
  m->nkills = s->pend.nkills;
}

/* Forget the band rows queued from row `from` on (newest first, so each is its chain's head). */
static void bands_cut(sr_pending *p, size_t from) {
  while (p->nbands > from) {
    sr_band_op *o = &p->bands[--p->nbands];
    p->bhead[band_slot(o->band)] = o->next;
  }
}

void sr_store_pending_undo(sr_store *s, const sr_pending_mark *m) {
  /* R*Tree ids stay: syncing an event that did not change rewrites the same row */
  sr_pending *p = &s->pend;
  p->nfts = m->nfts;
  p->text.len = m->text;
  while (p->nkills > m->nkills) p->bands[p->kills[--p->nkills]].dead = 0;
  bands_cut(p, m->nbands);
}

void sr_store_pending_clear(sr_store *s) {
  sr_pending *p = &s->pend;
  p->nfts = 0;
  p->nrt = 0;
  sr_buf_clear(&p->text);
  bands_cut(p, 0);
  p->nkills = 0;
  p->bands_old = 0;
}

int sr_store_pending_full(const sr_store *s) {
  return s->pend.nfts >= PENDING_MAX_OPS || s->pend.nrt >= PENDING_MAX_OPS ||
         s->pend.text.len >= PENDING_MAX_TEXT || s->pend.nbands >= PENDING_MAX_BANDS;
}

void sr_store_pending_free(sr_store *s) {
  free(s->pend.fts);
  free(s->pend.rt);
  sr_buf_free(&s->pend.text);
  free(s->pend.bands);
  free(s->pend.bhead);
  free(s->pend.kills);
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

static int cmp_band(const void *a, const void *b) {
  const sr_band_op *x = a, *y = b;
  if (x->band != y->band) return x->band < y->band ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Write the live queued band rows in key order (a sorted copy: the queue stays as it is). */
static int flush_bands(sr_store *s, sr_error *err) {
  sr_pending *p = &s->pend;
  sr_band_op *v = malloc(p->nbands * sizeof *v);
  if (!v) return sr_error_set(err, SR_ENOMEM, "out of memory (pending band rows)");
  size_t n = 0;
  for (size_t i = 0; i < p->nbands; i++)
    if (!p->bands[i].dead) v[n++] = p->bands[i];
  qsort(v, n, sizeof *v, cmp_band);
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_stmt *st = sr_store_stmt(s, ST_BAND_INSERT, err);
    if (!st) {
      rc = SR_ERR;
      break;
    }
    sqlite3_bind_int64(st, 1, v[i].band);
    sqlite3_bind_int64(st, 2, v[i].doc);
    rc = step(s, st, err, "store bands");
  }
  free(v);
  return rc;
}

int sr_store_pending_flush(sr_store *s, sr_error *err) {
  sr_pending *p = &s->pend;
  int rc = p->nbands ? flush_bands(s, err) : 0;
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
