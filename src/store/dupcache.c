/* src/store/dupcache.c - the near-duplicate look-up's memory (store.c, find_near_dup).
 *
 * Each new document looks its 16 MinHash bands up in doc_bands (a 16-row-per-document
 * table: 16M rows at 1M documents) and reads the signature of every document found there.
 * Nearly every band of a new document is in no other document, and the few bands shared
 * by many (the same boilerplate sentence) always answer the same oldest documents. So:
 *   - a Bloom filter of every stored band (built from doc_bands once a writer has looked up
 *     DC_BLOOM_AFTER bands, grown by rebuilding when full): a band it has never seen is not
 *     looked up;
 *   - the answer for a band that already holds BAND_SCAN documents (a full answer: the
 *     BAND_SCAN oldest, which later documents never change);
 *   - the signatures and originals of documents read as candidates.
 * doc_bands stays the truth: the filter only answers "certainly absent" (a false positive
 * costs the query it saves), and both caches are dropped whenever a band row or a
 * document's signature may have changed (a replaced document, a rolled-back transaction).
 * Memory: the filter 12 to 48 bits per band (64 MB at 1M documents, capped at
 * DC_BLOOM_MAX_BITS: past it every band is looked up), the caches fixed (DC_BANDS x
 * SR_DUP_BAND_SCAN ids and DC_SIGS signatures: at most about 78 MB, touched as used). A new
 * document's signature is cached as it is stored (store.c), so the documents of one run
 * are never read back. Forgetting is a new generation (no pass over the memory).
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define DC_BANDS 8192          /* cached full band answers (direct-mapped) */
#define DC_SIGS 262144         /* cached signatures (direct-mapped by document id, 280 bytes each) */
#define DC_BLOOM_K 6
#define DC_BLOOM_AFTER 8192 /* band look-ups (512 documents) before the filter is built: a writer
                               that adds a few documents (a POST) never scans doc_bands */
#define DC_BLOOM_MIN_BITS ((uint64_t)1 << 23)
#define DC_BLOOM_MAX_BITS ((uint64_t)1 << 34) /* 2 GiB of filter: past it, no filter */

struct sr_dupcache {
  uint64_t *bits;
  uint64_t nbits;   /* power of two; 0: no filter (not built, or too large) */
  uint64_t nbands;  /* bands added since the last build */
  int broken;       /* the filter could not be built: look every band up */
  uint32_t gen;     /* entries of another generation are empty (sr_dupcache_forget) */
  uint64_t asked;   /* band look-ups so far */
  struct dc_band {
    int64_t band;
    int64_t doc[SR_DUP_BAND_SCAN];
    uint32_t gen;
  } *bands;
  struct dc_sig {
    int64_t id, orig;
    uint32_t gen;
    int has_sig;
    uint32_t sig[SR_MINHASH_K];
  } *sigs;
};

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

static void bloom_add(sr_dupcache *c, int64_t band) {
  uint64_t h1 = mix((uint64_t)band), h2 = mix(h1) | 1;
  for (int i = 0; i < DC_BLOOM_K; i++) {
    uint64_t b = (h1 + (uint64_t)i * h2) & (c->nbits - 1);
    c->bits[b >> 6] |= (uint64_t)1 << (b & 63);
  }
  c->nbands++;
}

static int bloom_has(const sr_dupcache *c, int64_t band) {
  uint64_t h1 = mix((uint64_t)band), h2 = mix(h1) | 1;
  for (int i = 0; i < DC_BLOOM_K; i++) {
    uint64_t b = (h1 + (uint64_t)i * h2) & (c->nbits - 1);
    if (!(c->bits[b >> 6] & ((uint64_t)1 << (b & 63)))) return 0;
  }
  return 1;
}

/* (Re)build the filter from doc_bands, sized for twice the rows there can be now: at most
 * SR_MINHASH_BANDS per document, and no document id above the largest (one seek, where
 * count(*) would read every page of doc_bands once more before the scan). */
static int bloom_build(sr_store *s, sr_dupcache *c, sr_error *err) {
  sqlite3_stmt *st = NULL;
  uint64_t rows = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT max(id) FROM documents", -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(s, err, "band filter");
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
    rows = (uint64_t)sqlite3_column_int64(st, 0) * SR_MINHASH_BANDS;
  sqlite3_finalize(st);
  uint64_t nbits = DC_BLOOM_MIN_BITS;
  while (nbits < rows * 24 && nbits < DC_BLOOM_MAX_BITS) nbits <<= 1;
  free(c->bits);
  c->bits = NULL;
  c->nbits = 0;
  c->nbands = 0;
  if (rows * 12 > nbits || !(c->bits = calloc(nbits / 64, sizeof *c->bits))) {
    c->broken = 1; /* too many bands for memory: look every band up (correct, slower) */
    return 0;
  }
  c->nbits = nbits;
  if (sqlite3_prepare_v2(s->db, "SELECT band FROM doc_bands", -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(s, err, "band filter");
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) bloom_add(c, sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  /* and the bands of the batch's documents, queued to be written at its commit (pending.c) */
  for (size_t i = 0; i < s->pend.nbands; i++) bloom_add(c, s->pend.bands[i].band);
  if (rc != SQLITE_DONE) {
    free(c->bits);
    c->bits = NULL;
    c->nbits = 0;
    return sr_store_sqlerr(s, err, "band filter");
  }
  return 0;
}

static sr_dupcache *get(sr_store *s) {
  if (s->readonly) return NULL;
  if (!s->dup) {
    sr_dupcache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->bands = calloc(DC_BANDS, sizeof *c->bands);
    c->sigs = calloc(DC_SIGS, sizeof *c->sigs);
    if (!c->bands || !c->sigs) {
      free(c->bands);
      free(c->sigs);
      free(c);
      return NULL;
    }
    c->gen = 1;
    s->dup = c;
  }
  return s->dup;
}

int sr_dupcache_maybe(sr_store *s, int64_t band, sr_error *err) {
  sr_dupcache *c = get(s);
  if (!c || c->broken) return 1;
  if (!c->nbits && ++c->asked < DC_BLOOM_AFTER) return 1;
  if (!c->nbits || c->nbands * 12 > c->nbits) {
    int rc = bloom_build(s, c, err);
    if (rc) return rc;
    if (!c->nbits) return 1;
  }
  return bloom_has(c, band);
}

void sr_dupcache_added(sr_store *s, int64_t band) {
  sr_dupcache *c = s->dup;
  if (c && c->nbits) bloom_add(c, band);
}

const int64_t *sr_dupcache_band(sr_store *s, int64_t band) {
  sr_dupcache *c = s->dup;
  if (!c) return NULL;
  struct dc_band *b = &c->bands[mix((uint64_t)band) & (DC_BANDS - 1)];
  return b->gen == c->gen && b->band == band ? b->doc : NULL;
}

void sr_dupcache_band_put(sr_store *s, int64_t band, const int64_t *docs) {
  sr_dupcache *c = get(s);
  if (!c) return;
  struct dc_band *b = &c->bands[mix((uint64_t)band) & (DC_BANDS - 1)];
  b->band = band;
  memcpy(b->doc, docs, sizeof b->doc);
  b->gen = c->gen;
}

int sr_dupcache_sig(sr_store *s, int64_t id, uint32_t *sig, int64_t *orig) {
  sr_dupcache *c = s->dup;
  if (!c) return -1;
  struct dc_sig *e = &c->sigs[(uint64_t)id & (DC_SIGS - 1)];
  if (e->gen != c->gen || e->id != id) return -1;
  if (!e->has_sig) return 0;
  memcpy(sig, e->sig, sizeof e->sig);
  *orig = e->orig;
  return 1;
}

void sr_dupcache_sig_put(sr_store *s, int64_t id, const uint32_t *sig, int64_t orig) {
  sr_dupcache *c = get(s);
  if (!c) return;
  struct dc_sig *e = &c->sigs[(uint64_t)id & (DC_SIGS - 1)];
  e->id = id;
  e->gen = c->gen;
  e->has_sig = sig != NULL;
  if (sig) memcpy(e->sig, sig, sizeof e->sig);
  e->orig = orig;
}

void sr_dupcache_forget(sr_store *s) {
  sr_dupcache *c = s->dup;
  if (!c) return;
  if (++c->gen == 0) { /* wrapped: clear, so no entry of an old generation matches */
    memset(c->bands, 0, DC_BANDS * sizeof *c->bands);
    memset(c->sigs, 0, DC_SIGS * sizeof *c->sigs);
    c->gen = 1;
  }
}

void sr_dupcache_free(sr_store *s) {
  sr_dupcache *c = s->dup;
  if (!c) return;
  free(c->bits);
  free(c->bands);
  free(c->sigs);
  free(c);
  s->dup = NULL;
}
