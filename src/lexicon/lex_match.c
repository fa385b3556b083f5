/* lex_match.c - lookups in an open lexicon image: the runtime word table built at open,
 * word ids and flags of tokens, the token-trie matcher, and the actor / country / action
 * tables. The image was validated at open (lex_open.c), so its indexes are in range.
 */
#include "lex_image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ------------------------------------------------------------------ */
/* runtime                                                             */

/* First min(n, 8) bytes of s, zero padded, as a little-endian word. */
static inline uint64_t load_pre(const char *s, size_t n) {
  /* register-only assembly of short words: a byte-wise store to a stack
   * buffer read back as one word would stall on store forwarding */
  const unsigned char *u = (const unsigned char *)s;
  if (n >= 8) {
    uint64_t v;
    memcpy(&v, s, 8);
    return v;
  }
  if (n >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, s, 4);
    memcpy(&hi, s + n - 4, 4);
    return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  return (uint64_t)u[0] | ((uint64_t)u[n / 2] << (8 * (n / 2))) | ((uint64_t)u[n - 1] << (8 * (n - 1)));
}

/* Slot index from the high bits, a nonzero 8-bit fingerprint from the low. */
static inline uint64_t wt_hash(uint64_t pre, const char *s, size_t n) {
  uint64_t h = (pre ^ ((uint64_t)n << 59)) * 0x9E3779B97F4A7C15ULL;
  for (size_t i = 8; i < n; i += 8) {
    size_t m = n - i < 8 ? n - i : 8;
    h = (h ^ load_pre(s + i, m)) * 0x9E3779B97F4A7C15ULL;
  }
  return h ^ (h >> 29);
}
static inline uint32_t wt_slot(uint64_t h, uint32_t mask) { return (uint32_t)(h >> 32) & mask; }
static inline uint8_t wt_tag(uint64_t h) { return (uint8_t)((h & 0xFF) | 1); }

#if defined(__SANITIZE_ADDRESS__)
#define LEX_BIG_MMAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEX_BIG_MMAP 0
#endif
#endif
#ifndef LEX_BIG_MMAP
#define LEX_BIG_MMAP 1
#endif
#define LEX_HUGE ((size_t)2 << 20)  /* the x86-64 huge page */
#define LEX_BIG_MIN LEX_HUGE          /* smaller tables stay on the heap */

/* n bytes are a mapping aligned to a huge page (else a calloc'd block) */
static int big_mapped(size_t n) { return LEX_BIG_MMAP && n >= LEX_BIG_MIN; }

void *lex_big_calloc(size_t n) {
  if (!n) n = 1;
  if (!big_mapped(n)) return calloc(1, n);
#if LEX_BIG_MMAP
  size_t len = (n + LEX_HUGE - 1) & ~(LEX_HUGE - 1);
  char *m = mmap(NULL, len + LEX_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return NULL;
  char *p = (char *)(((uintptr_t)m + LEX_HUGE - 1) & ~(uintptr_t)(LEX_HUGE - 1));
  if (p > m) munmap(m, (size_t)(p - m));
  if (m + len + LEX_HUGE > p + len) munmap(p + len, (size_t)(m + len + LEX_HUGE - (p + len)));
#ifdef MADV_HUGEPAGE
  madvise(p, len, MADV_HUGEPAGE); /* a request: without huge pages the table works the same */
#endif
  return p;
#else
  return NULL;
#endif
}

void lex_big_free(void *p, size_t n) {
  if (!p) return;
  if (!n) n = 1;
  if (!big_mapped(n)) {
    free(p);
    return;
  }
  munmap(p, (n + LEX_HUGE - 1) & ~(LEX_HUGE - 1));
}

/* a word's key in the runtime table: its length, first 8 bytes and hash (ok = 0: no string) */
typedef struct wt_key {
  uint64_t pre, hh;
  uint32_t len, ok;
} wt_key;
#define WT_AHEAD 16

/* the key of word id, its table slot fetched ahead */
static void wt_key_of(const sr_lex *lx, uint32_t id, wt_key *k) {
  uint32_t so = lx->words[id].str;
  k->ok = so < lx->h->n_str;
  if (!k->ok) return;
  const char *w = lx->str + so;
  size_t n = strnlen(w, lx->h->n_str - so);
  k->len = (uint32_t)n;
  k->pre = load_pre(w, n);
  k->hh = wt_hash(k->pre, w, n);
  uint32_t i = wt_slot(k->hh, lx->wmask);
  __builtin_prefetch(&lx->wtab[i]);
  __builtin_prefetch(&lx->wtag[i]);
}

int lex_tables(sr_lex *lx, sr_error *err) {
  const lx_header *h = lx->h;
  uint32_t nw = h->n_words;
  uint32_t cap = 16;
  while (cap < (uint64_t)nw * 2 + 16) cap <<= 1;
  lx->wmask = cap - 1; /* before the tables: sr_lex_close frees them by their sizes */
  lx->wtab = lex_big_calloc((size_t)cap * sizeof *lx->wtab);
  lx->wtag = lex_big_calloc(cap);
  lx->winfo = lex_big_calloc((size_t)(nw ? nw : 1) * sizeof *lx->winfo);
  if (!lx->wtab || !lx->wtag || !lx->winfo) return sr_error_set(err, SR_ENOMEM, "out of memory");
  /* the key of word id + WT_AHEAD is hashed and its slot fetched while id is inserted: the
   * probes then find their slots in the cache instead of missing it once per word, which was
   * the largest cost of opening the lexicon */
  wt_key ring[WT_AHEAD];
  for (uint32_t id = 1; id < nw && id < 1 + WT_AHEAD; id++) wt_key_of(lx, id, &ring[id % WT_AHEAD]);
  for (uint32_t id = 1; id < nw; id++) {
    uint32_t r = lx->root[id];
    lx->winfo[id].flags = lx->words[id].flags;
    lx->winfo[id].root = r < h->n_nodes ? r : 0;
    wt_key k = ring[id % WT_AHEAD];
    if (id + WT_AHEAD < nw) wt_key_of(lx, id + WT_AHEAD, &ring[id % WT_AHEAD]);
    if (!k.ok) continue;
    const char *w = lx->str + lx->words[id].str;
    size_t n = k.len;
    uint32_t i = wt_slot(k.hh, lx->wmask);
    int dup = 0;
    while (lx->wtab[i].id) {
      if (lx->wtab[i].len == n && memcmp(lx->str + lx->words[lx->wtab[i].id].str, w, n) == 0) {
        dup = 1; /* the first id of a spelling wins, as in the image's table */
        break;
      }
      i = (i + 1) & lx->wmask;
    }
    if (dup) continue;
    lx->wtag[i] = wt_tag(k.hh);
    lx->wtab[i].pre = k.pre;
    lx->wtab[i].id = id;
    lx->wtab[i].len = (uint32_t)n;
  }
  /* actor codes and country codes are looked up per event: index them once */
  uint32_t ccap = 64;
  while (ccap < (uint64_t)lx->h->n_actors * 2 + 16) ccap <<= 1;
  lx->code_tab = calloc(ccap, sizeof *lx->code_tab);
  if (!lx->code_tab) return sr_error_set(err, SR_ENOMEM, "out of memory");
  lx->code_mask = ccap - 1;
  for (uint32_t i = 0; i < lx->h->n_actors; i++) {
    const char *code = lx->str + lx->actors[i].code;
    uint32_t k = (uint32_t)sr_hash64(code, strlen(code)) & lx->code_mask;
    while (lx->code_tab[k]) k = (k + 1) & lx->code_mask;
    lx->code_tab[k] = (int32_t)i + 1;
  }
  memset(lx->cc_tab, 0, sizeof lx->cc_tab);
  for (uint32_t i = 0; i < lx->h->n_countries && i < INT16_MAX; i++) {
    const char *cc = lx->countries[i].cc;
    if (cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z' && !cc[2] &&
        !lx->cc_tab[(cc[0] - 'A') * 26 + (cc[1] - 'A')])
      lx->cc_tab[(cc[0] - 'A') * 26 + (cc[1] - 'A')] = (int16_t)(i + 1);
  }
  lx->actor_state = calloc(lx->h->n_actors ? lx->h->n_actors : 1, sizeof *lx->actor_state);
  if (!lx->actor_state) return sr_error_set(err, SR_ENOMEM, "out of memory");
  for (uint32_t i = lx->h->n_countries < INT16_MAX ? lx->h->n_countries : INT16_MAX; i-- > 0;) {
    /* backwards, so that the first country of an actor wins */
    const sr_lex_country *co = &lx->countries[i];
    if (co->mil >= 0 && (uint32_t)co->mil < lx->h->n_actors) lx->actor_state[co->mil] = (int16_t)(i + 1);
    if (co->gov >= 0 && (uint32_t)co->gov < lx->h->n_actors) lx->actor_state[co->gov] = (int16_t)(i + 1);
  }
  return 0;
}

static inline uint32_t word_lookup(const sr_lex *lx, const char *s, size_t n) {
  uint64_t pre = load_pre(s, n);
  uint64_t h = wt_hash(pre, s, n);
  uint32_t m = lx->wmask, i = wt_slot(h, m);
  uint8_t tag = wt_tag(h);
  for (;;) {
    uint8_t tg = lx->wtag[i];
    if (!tg) return 0;
    if (tg != tag) {
      i = (i + 1) & m;
      continue;
    }
    const lx_wslot *sl = &lx->wtab[i];
    if (sl->pre == pre && sl->len == n &&
        (n <= 8 || memcmp(lx->str + lx->words[sl->id].str + 8, s + 8, n - 8) == 0))
      return sl->id;
    i = (i + 1) & m;
  }
}

uint32_t sr_lex_word(const sr_lex *lx, const char *s, size_t n) { return word_lookup(lx, s, n); }

void sr_lex_tag(const sr_lex *lx, sr_text *t) {
  const char *fold = t->fold;
  for (uint32_t i = 0; i < t->ntok; i++) {
    sr_token *tk = &t->tok[i];
    tk->word = word_lookup(lx, fold + tk->foff, tk->flen);
  }
}

uint64_t sr_lex_wflags(const sr_lex *lx, uint32_t w) {
  return w < lx->h->n_words ? lx->winfo[w].flags : 0;
}

static uint32_t child(const sr_lex *lx, uint32_t node, uint32_t w) {
  const lx_node *n = &lx->nodes[node];
  uint32_t lo = n->edge_begin, hi = n->edge_begin + n->edge_count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    uint32_t mw = lx->edges[mid].word;
    if (mw == w) return lx->edges[mid].node;
    if (mw < w) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* Does the source text of tokens [i, i+n) spell surface (spaces ignored)? */
static int surface_ok(const sr_text *t, uint32_t i, uint32_t n, const char *surface) {
  const char *s = surface;
  for (uint32_t k = i; k < i + n; k++) {
    while (*s == ' ' || *s == '-') s++;
    const sr_token *tk = &t->tok[k];
    if (strncmp(s, t->src + tk->off, tk->len) != 0) return 0;
    s += tk->len;
  }
  while (*s == ' ') s++;
  return *s == 0;
}

int sr_lex_match_span(const sr_lex *lx, const sr_text *t, uint32_t i, uint32_t end,
                      const sr_lex_entry **out, uint32_t *span, int max) {
  if (i >= end || max <= 0) return 0;
  uint32_t w = t->tok[i].word;
  if (!w || w >= lx->h->n_words) return 0;
  uint32_t node = lx->winfo[w].root;
  /* collect along the path, then emit longest first; inside a match up to two adverbs may
   * be skipped ("fired again at", "marched again against") */
  uint32_t path[64], pend[64];
  int depth = 0;
  uint32_t k = i;
  while (node && depth < 64) {
    path[depth] = node;
    pend[depth++] = k + 1;
    if (++k >= end) break;
    uint32_t nw = t->tok[k].word;
    if (!nw) break;
    uint32_t next = child(lx, node, nw);
    for (int skip = 0; !next && skip < 2 && (lx->winfo[nw].flags & SR_W_ADV) && k + 1 < end; skip++) {
      k++;
      nw = t->tok[k].word;
      if (!nw) break;
      next = child(lx, node, nw);
    }
    node = next;
  }
  int n = 0;
  for (int d = depth - 1; d >= 0 && n < max; d--) {
    const lx_node *nd = &lx->nodes[path[d]];
    for (uint32_t e = 0; e < nd->ent_count && n < max; e++) {
      const sr_lex_entry *en = &lx->ents[nd->ent_begin + e];
      uint32_t len = pend[d] - i;
      if ((en->flags & 1) && en->type != SR_ENT_ACTION &&
          (len != en->ntok || !surface_ok(t, i, en->ntok, lx->str + en->surface)))
        continue;
      if (span) span[n] = len;
      out[n++] = en;
    }
  }
  return n;
}

int sr_lex_match(const sr_lex *lx, const sr_text *t, uint32_t i, uint32_t end,
                 const sr_lex_entry **out, int max) {
  return sr_lex_match_span(lx, t, i, end, out, NULL, max);
}

const char *sr_lex_str(const sr_lex *lx, uint32_t off) {
  return off < lx->h->n_str ? lx->str + off : "";
}
const sr_lex_actor *sr_lex_actor_at(const sr_lex *lx, uint32_t i) {
  return i < lx->h->n_actors ? &lx->actors[i] : NULL;
}
const sr_lex_country *sr_lex_country_at(const sr_lex *lx, uint32_t i) {
  return i < lx->h->n_countries ? &lx->countries[i] : NULL;
}
const sr_lex_action *sr_lex_action_at(const sr_lex *lx, uint32_t i) {
  return i < lx->h->n_actions ? &lx->actions[i] : NULL;
}
uint32_t sr_lex_nactors(const sr_lex *lx) { return lx->h->n_actors; }
uint32_t sr_lex_nwords(const sr_lex *lx) { return lx->h->n_words; }

const sr_lex_wsyn *sr_lex_wsyn_table(const sr_lex *lx, uint32_t *n) {
  *n = lx->h->n_words;
  return lx->wsyn;
}

const void *sr_lex_syn_blob(const sr_lex *lx, size_t *len) {
  *len = lx->h->n_syn;
  return lx->syn;
}
uint32_t sr_lex_ncountries(const sr_lex *lx) { return lx->h->n_countries; }

int32_t sr_lex_actor_state(const sr_lex *lx, int32_t a) {
  if (a < 0 || (uint32_t)a >= lx->h->n_actors || !lx->actor_state) return -1;
  return (int32_t)lx->actor_state[a] - 1;
}

int32_t sr_lex_actor_by_code(const sr_lex *lx, const char *code) {
  if (!lx->code_tab) return -1;
  uint32_t k = (uint32_t)sr_hash64(code, strlen(code)) & lx->code_mask;
  for (uint32_t probes = 0; probes <= lx->code_mask && lx->code_tab[k]; probes++) {
    int32_t i = lx->code_tab[k] - 1;
    if (strcmp(lx->str + lx->actors[i].code, code) == 0) return i;
    k = (k + 1) & lx->code_mask;
  }
  return -1;
}

int32_t sr_lex_country_by_cc(const sr_lex *lx, const char *cc) {
  if (cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z' && !cc[2]) {
    int16_t v = lx->cc_tab[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
    return v ? v - 1 : -1;
  }
  for (uint32_t i = 0; i < lx->h->n_countries; i++)
    if (strcmp(lx->countries[i].cc, cc) == 0) return (int32_t)i;
  return -1;
}