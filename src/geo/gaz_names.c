/* gaz_names.c - the gazetteer build's state: string pools, maps, area aggregates, the
 * alternate-name filter and the per-record lookup keys (sr_gaz_key) with their postings.
 */
#include "gaz_build.h"
#include "sitrep/text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static uint32_t exact_bit_of_folded(const char *f, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)f[i];
    int keep = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               (c >= 'A' && c <= 'Z');
    if (!keep) continue;
    h ^= c;
    h *= 1099511628211ULL;
  }
  return 1u << (uint32_t)((h ^ (h >> 32)) % 32u);
}

uint32_t gz_exact_bit(const char *s, size_t n) {
  /* ASCII fast path: sr_fold of ASCII lower-cases byte by byte and keeps the
   * first sizeof f - 1 bytes; only letters and digits enter the hash. */
  size_t i = 0;
  while (i < n && (unsigned char)s[i] < 0x80) i++;
  if (i == n) {
    uint64_t h = 1469598103934665603ULL;
    size_t m = n < 1023 ? n : 1023;
    for (size_t j = 0; j < m; j++) {
      unsigned char c = (unsigned char)s[j];
      if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
      else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
      h ^= c;
      h *= 1099511628211ULL;
    }
    return 1u << (uint32_t)((h ^ (h >> 32)) % 32u);
  }
  char f[1024];
  size_t fl = sr_fold(s, n, f, sizeof f);
  if (fl >= sizeof f) fl = sizeof f - 1;
  return exact_bit_of_folded(f, fl);
}

int gz_seat_of(char fclass, const char *fcode) {
  if (fclass == 'A' && strcmp(fcode, "PCLI") == 0) return 2;
  if (fclass == 'P' && strcmp(fcode, "PPLC") == 0) return 2;
  if (fclass == 'A' && strcmp(fcode, "ADM1") == 0) return 1;
  if (fclass == 'P' && (strcmp(fcode, "PPLA") == 0 || strcmp(fcode, "PPLA2") == 0)) return 1;
  return 0;
}


uint32_t gz_rank_of(uint32_t pop, const char *fcode, char fclass) {
  double r = 100.0 * log10((double)pop + 1.0);
  if (fclass == 'A' && strcmp(fcode, "PCLI") == 0) r += 100;
  else if (fclass == 'P' && strcmp(fcode, "PPLC") == 0) r += 100;
  else if (fclass == 'A' && strcmp(fcode, "ADM1") == 0) r += 50;
  else if (fclass == 'P' && strcmp(fcode, "PPLA") == 0) r += 50;
  else if (fclass == 'P' && strcmp(fcode, "PPLA2") == 0) r += 25;
  return (uint32_t)(r + 0.5);
}

/* Posting order, best first: class P/A, then rank, then seat (bit 0 is free
 * for the caller's alternate-name flag). */
uint32_t gz_order32(const gaz_rec *r, uint32_t alt) {
  uint32_t pa = (r->fclass == 'P' || r->fclass == 'A') ? 1u : 0u;
  uint32_t rank = r->rank > 0x7FFFFFu ? 0x7FFFFFu : r->rank;
  return pa << 31 | rank << 8 | (uint32_t)(r->seat & 0x7F) << 1 | (alt & 1u);
}


static int pool_reserve(pool *p, size_t add) {
  if (p->n + add <= p->cap) return 0;
  size_t nc = p->cap ? p->cap : 1 << 16;
  while (nc < p->n + add) nc *= 2;
  char *nd = realloc(p->d, nc);
  if (!nd) return SR_ENOMEM;
  p->d = nd;
  p->cap = nc;
  return 0;
}

/* Append s[0..n) + NUL; *off gets its offset. Pool offsets must fit 32 bits. */
int gz_pool_add(pool *p, const char *s, size_t n, uint32_t *off) {
  if (p->n + n + 1 > UINT32_MAX) return SR_ELIMIT;
  if (pool_reserve(p, n + 1)) return SR_ENOMEM;
  *off = (uint32_t)p->n;
  memcpy(p->d + p->n, s, n);
  p->d[p->n + n] = 0;
  p->n += n + 1;
  return 0;
}

int gz_name_add(build *b, const char *s, size_t n, uint32_t *off) {
  if (gz_utf8_valid(s, n)) return gz_pool_add(&b->str, s, n, off);
  /* each bad byte becomes U+FFFD (3 bytes), so the repair is at most 3n long */
  char *fix = malloc(3 * n + 1);
  if (!fix) return SR_ENOMEM;
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int l = sr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp == 0xFFFD && l == 1) memcpy(fix + o, "\xEF\xBF\xBD", 3), o += 3;
    else memcpy(fix + o, s + i, (size_t)l), o += (size_t)l;
    i += (size_t)l;
  }
  int rc = gz_pool_add(&b->str, fix, o, off);
  free(fix);
  return rc;
}


int gz_grow_mem(void **p, size_t *cap, size_t el) {
  size_t nc = *cap ? *cap * 2 : 1024;
  void *np = realloc(*p, nc * el);
  if (!np) return SR_ENOMEM;
  *p = np;
  *cap = nc;
  return 0;
}


static void smap_free(smap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->k[i]);
  free(m->k);
  free(m->v);
  memset(m, 0, sizeof *m);
}

long gz_smap_get(const smap *m, const char *k) {
  if (!m->cap) return -1;
  size_t i = sr_hash64(k, strlen(k)) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) return (long)m->v[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

int gz_smap_put(smap *m, const char *k, uint32_t v) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 256;
    char **nk = calloc(nc, sizeof *nk);
    uint32_t *nv = calloc(nc, sizeof *nv);
    if (!nk || !nv) {
      free(nk);
      free(nv);
      return SR_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->k[i]) continue;
      size_t j = sr_hash64(m->k[i], strlen(m->k[i])) & (nc - 1);
      while (nk[j]) j = (j + 1) & (nc - 1);
      nk[j] = m->k[i];
      nv[j] = m->v[i];
    }
    free(m->k);
    free(m->v);
    m->k = nk;
    m->v = nv;
    m->cap = nc;
  }
  size_t i = sr_hash64(k, strlen(k)) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) {
      m->v[i] = v;
      return 0;
    }
    i = (i + 1) & (m->cap - 1);
  }
  m->k[i] = strdup(k);
  if (!m->k[i]) return SR_ENOMEM;
  m->v[i] = v;
  m->n++;
  return 0;
}

/* ------------------------------------------------------------------ */
/* build state                                                          */


void gz_build_free(build *b) {
  free(b->rec);
  free(b->str.d);
  free(b->kp.d);
  free(b->koff);
  free(b->kslot);
  free(b->ke);
  for (size_t i = 0; i < b->nadm; i++) free(b->adm[i].alts);
  free(b->adm);
  for (size_t i = 0; i < b->ncty; i++) {
    free(b->cty[i].alts);
    free(b->cty[i].alts2);
  }
  free(b->cty);
  free(b->ag);
  smap_free(&b->admmap);
  smap_free(&b->a2map);
  smap_free(&b->ctymap);
  smap_free(&b->agmap);
}

int gz_fail_at(sr_error *err, const char *file, long line, const char *what) {
  sr_error_at(err, file, line, -1);
  return sr_error_set(err, SR_EINPUT, "%s", what);
}

/* ---- alternate-name filter ---- */
/* Whole alternate names that are words, not places. Sorted (bsearch). */
static const char *const STOP[] = {
    "aid", "airport", "army", "base", "beach", "border", "bridge", "camp", "capital", "center",
    "central", "centre", "church", "city", "colony", "concord", "crown", "dawn", "democracy",
    "desert", "district", "east", "eden", "empire", "energy", "faith", "farm", "fire", "force",
    "forces", "fort", "freedom", "friendship", "front", "garden", "glory", "government", "harmony",
    "heaven", "hill", "home", "hope", "hospital", "independence", "isis", "island", "justice",
    "king", "kingdom", "lake", "liberation", "liberty", "market", "martyrs", "military", "militia",
    "mission", "mosque", "mountain", "new", "north", "oil", "old", "palace", "paradise", "park",
    "peace", "people", "police", "port", "power", "president", "prince", "progress", "promise",
    "province", "queen", "rebels", "region", "republic", "revolution", "river", "school",
    "security", "south", "square", "state", "station", "success", "sunrise", "the", "town",
    "trinity", "triumph", "union", "unity", "university", "valley", "victory", "village", "war",
    "water", "welcome", "west", NULL};

static int stop_cmp(const void *k, const void *e) { return strcmp(k, *(const char *const *)e); }

static int is_stopword(const char *f) {
  static const size_t n = sizeof STOP / sizeof *STOP - 1;
  return strlen(f) <= 12 && bsearch(f, STOP, n, sizeof *STOP, stop_cmp) != NULL;
}

static int latin_or_arabic_cp(uint32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
  return (cp >= 0x00A0 && cp <= 0x024F) || (cp >= 0x0300 && cp <= 0x036F) ||
         (cp >= 0x02B0 && cp <= 0x02FF) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
         (cp >= 0x2010 && cp <= 0x201F) || (cp >= 0x0600 && cp <= 0x06FF) ||
         (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF);
}

int gz_alt_ok(const char *s, size_t n) {
  if (!s || n == 0 || n > 200) return 0;
  size_t ncp = 0, nupper = 0, nletter = 0;
  int space = 0, dot = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int l = sr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp == 0xFFFD || !latin_or_arabic_cp(cp)) return 0;
    if (cp >= '0' && cp <= '9') return 0;
    if (cp == '/' || cp == '@' || cp == '_' || cp == ':' || cp == '=') return 0;
    if (cp == ' ') space = 1;
    if (cp == '.') dot = 1;
    if (cp >= 'A' && cp <= 'Z') nupper++;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp >= 0xC0) nletter++;
    ncp++;
    i += (size_t)l;
  }
  if (ncp <= 2 || nletter == 0) return 0;
  if (!space && nupper == ncp && ncp <= 5) return 0; /* IATA / ICAO / FIPS-like codes */
  if ((dot && (memmem(s, n, "www.", 4) || memmem(s, n, ".com", 4))) || memmem(s, n, "http", 4)) return 0;
  char f[256];
  size_t fl = sr_fold(s, n, f, sizeof f);
  if (fl < sizeof f && is_stopword(f)) return 0;
  return 1;
}

/* ---- per-record key collection ---- */

void gz_nk_add(nkeys *ks, const char *s, size_t n) {
  while (n && (*s == ' ')) s++, n--;
  while (n && s[n - 1] == ' ') n--;
  if (!n || ks->n >= GAZ_MAX_NAMES_PER_REC) return;
  char key[GAZ_KEY_MAX];
  size_t kl = sr_gaz_key(s, n, key, sizeof key);
  if (kl == 0) return;
  uint32_t bit = gz_exact_bit(s, n);
  for (int i = 0; i < ks->n; i++) {
    if (ks->k[i].len == kl && memcmp(ks->k[i].key, key, kl) == 0) {
      ks->k[i].mask |= bit;
      ks->k[i].alt &= ks->cur_alt;
      return;
    }
  }
  nkey *e = &ks->k[ks->n++];
  memcpy(e->key, key, kl + 1);
  e->len = (uint32_t)kl;
  e->mask = bit;
  e->alt = ks->cur_alt;
}

/* Alternate names separated by sep (',' for GeoNames, ';' for our table). */
void gz_nk_add_list(nkeys *ks, const char *list, char sep, int filter) {
  if (!list) return;
  uint32_t saved = ks->cur_alt;
  ks->cur_alt = 1;
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, sep);
    size_t n = e ? (size_t)(e - p) : strlen(p);
    const char *s = p;
    while (n && *s == ' ') s++, n--;
    while (n && s[n - 1] == ' ') n--;
    if (n && (!filter || gz_alt_ok(s, n))) gz_nk_add(ks, s, n);
    if (!e) break;
    p = e + 1;
  }
  ks->cur_alt = saved;
}

/* Resize the key intern table to hold at least want keys at load <= 1/2. */
static int kslot_resize(build *b, size_t want) {
  size_t cap = 1u << 16;
  while (cap < want * 2) cap *= 2;
  if (b->kslot && cap <= b->kmask + 1) return 0;
  uint64_t *ns = calloc(cap, sizeof *ns);
  if (!ns) return SR_ENOMEM;
  for (size_t id = 0; id < b->nkey; id++) {
    const char *k = b->kp.d + b->koff[id];
    uint64_t h = sr_hash64(k, strlen(k));
    size_t i = (size_t)h & (cap - 1);
    while (ns[i]) i = (i + 1) & (cap - 1);
    ns[i] = (h >> 32) << 32 | (uint64_t)(id + 1);
  }
  free(b->kslot);
  b->kslot = ns;
  b->kmask = cap - 1;
  return 0;
}

/* The id of key[0..kl) (no NUL inside), added to kp when new. */
int gz_key_intern(build *b, const char *key, size_t kl, uint32_t *id) {
  if (!b->kslot || (b->nkey + 1) * 2 > b->kmask + 1) {
    size_t want = b->nkey + 1 > b->khint ? (b->nkey + 1) * 2 : b->khint;
    if (kslot_resize(b, want)) return SR_ENOMEM;
  }
  uint64_t h = sr_hash64(key, kl);
  uint32_t tag = (uint32_t)(h >> 32);
  size_t i = (size_t)h & b->kmask;
  for (;; i = (i + 1) & b->kmask) {
    uint64_t sl = b->kslot[i];
    if (!sl) break;
    if ((uint32_t)(sl >> 32) != tag) continue;
    uint32_t k = (uint32_t)sl - 1;
    const char *ks = b->kp.d + b->koff[k];
    if (strncmp(ks, key, kl) == 0 && ks[kl] == 0) {
      *id = k;
      return 0;
    }
  }
  if (b->nkey >= UINT32_MAX - 1) return SR_ELIMIT;
  if (GROW(b->koff, b->nkey, b->capkoff)) return SR_ENOMEM;
  uint32_t off;
  int rc = gz_pool_add(&b->kp, key, kl, &off);
  if (rc) return rc;
  b->koff[b->nkey] = off;
  b->kslot[i] = (uint64_t)tag << 32 | (uint64_t)(b->nkey + 1);
  *id = (uint32_t)b->nkey++;
  return 0;
}

int gz_push_kent(build *b, const kent *e) {
  if (b->nke >= UINT32_MAX - 1) return SR_ELIMIT;
  if (GROW(b->ke, b->nke, b->capke)) return SR_ENOMEM;
  b->ke[b->nke++] = *e;
  return 0;
}

int gz_push_keys(build *b, uint32_t rec, const nkeys *ks) {
  uint32_t order = gz_order32(&b->rec[rec], 0);
  for (int i = 0; i < ks->n; i++) {
    kent e;
    int rc = gz_key_intern(b, ks->k[i].key, ks->k[i].len, &e.key);
    if (rc) return rc;
    e.rec = rec;
    e.mask = ks->k[i].mask;
    e.order = order | (ks->k[i].alt & 1u);
    if ((rc = gz_push_kent(b, &e))) return rc;
  }
  return 0;
}

agg *gz_agg_for(build *b, const char *code) {
  long i = gz_smap_get(&b->agmap, code);
  if (i >= 0) return &b->ag[i];
  if (GROW(b->ag, b->nag, b->capag)) return NULL;
  if (gz_smap_put(&b->agmap, code, (uint32_t)b->nag)) return NULL;
  agg *a = &b->ag[b->nag++];
  memset(a, 0, sizeof *a);
  a->cap_rec = -1;
  return a;
}
