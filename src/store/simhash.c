/* src/store/simhash.c - 64-bit SimHash of a text's word 3-shingles.
 *
 * The text is folded (lower case, no diacritics, ASCII quotes and dashes),
 * split into words (runs of letters and digits; any non-ASCII byte counts as
 * a letter), and every run of three consecutive words is hashed. Each
 * shingle hash votes +1/-1 on each of the 64 bits; the SimHash has a bit set
 * where the vote is positive. Two copies of one wire story with a changed
 * headline or byline differ in a few bits; different stories differ in ~32.
 * The SimHash is kept per document as a fingerprint; near-duplicates are found
 * with MinHash (below): SR_MINHASH_K minima in SR_MINHASH_BANDS bands of
 * SR_MINHASH_ROWS rows (locality-sensitive hashing, doc_bands), then the
 * candidates' signatures compared. A copy with a changed word, byline or
 * dateline keeps ~95% of its shingles and is found; different stories share
 * almost none. Measured in tests/unit/test_store.c.
 */
#include <stdlib.h>
#include <string.h>

#include "sitrep/text.h"
#include "store_internal.h"

static uint64_t mix64(uint64_t x) { /* splitmix64 finaliser */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Call fn(h, ud) for the hash h of every word 3-shingle of the folded text; returns the
 * number of shingles. */
static size_t shingles(const char *text, size_t len, void (*fn)(uint64_t, void *), void *ud) {
  size_t n = 0;
  if (len > SR_SIMHASH_MAX_BYTES) len = SR_SIMHASH_MAX_BYTES;
  size_t cap = len * 3 + 16; /* folding rarely grows text; retried below if it does */
  char *f = malloc(cap);
  if (!f) return 0;
  size_t need = sr_fold(text, len, f, cap);
  if (need >= cap) {
    char *g = realloc(f, need + 1);
    if (g) {
      f = g;
      sr_fold(text, len, f, need + 1);
    }
  }
  uint64_t w[3] = {0, 0, 0};
  size_t nw = 0;
  size_t flen = strlen(f);
  for (size_t i = 0; i < flen;) {
    if (!word_byte((unsigned char)f[i])) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < flen && word_byte((unsigned char)f[j])) j++;
    w[0] = w[1];
    w[1] = w[2];
    w[2] = sr_hash64(f + i, j - i);
    i = j;
    if (++nw < 3) continue;
    fn(mix64(w[0] ^ mix64(w[1] + 0x9e3779b97f4a7c15ULL) ^ mix64(mix64(w[2]) + 1)), ud);
    n++;
  }
  free(f);
  return n;
}

/* One pass over the shingles feeds both: the SimHash's bit votes and the MinHash minima. */
typedef struct hash_acc {
  int32_t votes[64];
  uint32_t *sig;
} hash_acc;

/* MinHash: K independent hashes of every shingle (h ^ seed_i, remixed), the minimum of
 * each kept (low 32 bits). Two texts agree on slot i with probability equal to the
 * Jaccard similarity of their shingle sets. */
static void acc_update(uint64_t h, void *ud) {
  hash_acc *a = ud;
  for (int b = 0; b < 64; b++) a->votes[b] += (h >> b) & 1 ? 1 : -1;
  for (int i = 0; i < SR_MINHASH_K; i++) {
    uint32_t v = (uint32_t)mix64(h ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1)));
    if (v < a->sig[i]) a->sig[i] = v;
  }
}

size_t sr_text_hashes(const char *text, size_t len, uint64_t *simhash, uint32_t sig[SR_MINHASH_K]) {
  hash_acc a;
  memset(a.votes, 0, sizeof a.votes);
  a.sig = sig;
  for (int i = 0; i < SR_MINHASH_K; i++) sig[i] = UINT32_MAX;
  size_t n = shingles(text, len, acc_update, &a);
  if (simhash) {
    uint64_t sh = 0;
    for (int b = 0; b < 64; b++)
      if (a.votes[b] > 0) sh |= (uint64_t)1 << b;
    *simhash = sh;
  }
  return n;
}

int64_t sr_minhash_band(const uint32_t sig[SR_MINHASH_K], int b) {
  uint64_t h = sr_hash64(sig + b * SR_MINHASH_ROWS, SR_MINHASH_ROWS * sizeof *sig);
  /* band index in the top byte, so equal rows in different bands never meet */
  return (int64_t)(((uint64_t)(b + 1) << 56) | (h & 0x00FFFFFFFFFFFFFFULL));
}

double sr_minhash_similarity(const uint32_t *a, const uint32_t *b) {
  int same = 0;
  for (int i = 0; i < SR_MINHASH_K; i++) same += a[i] == b[i];
  return (double)same / SR_MINHASH_K;
}
