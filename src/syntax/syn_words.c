/* syn_words.c - the word facts of the syntactic layer, collected at lexicon build time:
 *   data/syntax/closed.txt  closed-class words: their only tags, and word symbols;
 *   npm en-lexicon           open-class words with Penn tags in frequency order (MIT);
 *   Debian wordnet-base      lemmas the former lacks (with regular and irregular
 *                            inflections), and the WordNet class of every noun and verb.
 * The lexicon compiler stores the result per word id (sr_lex_wsyn).
 */
#include "syn_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WM_MAX_WORD 40
#define WM_MAX_FILE (64u << 20)

typedef struct wm_ent {
  uint32_t str;      /* offset in pool */
  sr_lex_wsyn info;
  uint8_t src;       /* 0 none yet, 1 closed, 2 en-lexicon, 3 wordnet */
  uint8_t order[8];  /* tags in preference order */
  uint8_t norder;
} wm_ent;

struct syn_wordmap {
  char *pool;
  size_t plen, pcap;
  wm_ent *e;
  uint32_t n, cap;
  uint32_t *tab; /* hash -> entry index + 1 */
  uint32_t tcap;
};

static uint64_t wm_hash(const char *s, size_t n) { return sr_hash64(s, n); }

static int wm_grow_tab(syn_wordmap *m) {
  uint32_t nc = m->tcap ? m->tcap * 2 : 1u << 16;
  uint32_t *nt = calloc(nc, sizeof *nt);
  if (!nt) return SR_ENOMEM;
  for (uint32_t i = 0; i < m->n; i++) {
    const char *w = m->pool + m->e[i].str;
    uint32_t h = (uint32_t)wm_hash(w, strlen(w)) & (nc - 1);
    while (nt[h]) h = (h + 1) & (nc - 1);
    nt[h] = i + 1;
  }
  free(m->tab);
  m->tab = nt;
  m->tcap = nc;
  return 0;
}

/* entry for word w (created empty when absent); NULL on OOM */
static wm_ent *wm_get(syn_wordmap *m, const char *w, size_t n) {
  if (n == 0 || n > WM_MAX_WORD) return NULL;
  if ((m->n + 1) * 2 > m->tcap && wm_grow_tab(m)) return NULL;
  uint32_t h = (uint32_t)wm_hash(w, n) & (m->tcap - 1);
  while (m->tab[h]) {
    wm_ent *x = &m->e[m->tab[h] - 1];
    const char *s = m->pool + x->str;
    if (strlen(s) == n && !memcmp(s, w, n)) return x;
    h = (h + 1) & (m->tcap - 1);
  }
  if (m->n == m->cap) {
    uint32_t nc = m->cap ? m->cap * 2 : 65536;
    wm_ent *ne = realloc(m->e, nc * sizeof *ne);
    if (!ne) return NULL;
    m->e = ne;
    m->cap = nc;
  }
  if (m->plen + n + 1 > m->pcap) {
    size_t nc = m->pcap ? m->pcap * 2 : 1u << 20;
    while (m->plen + n + 1 > nc) nc *= 2;
    char *np = realloc(m->pool, nc);
    if (!np) return NULL;
    m->pool = np;
    m->pcap = nc;
  }
  memcpy(m->pool + m->plen, w, n);
  m->pool[m->plen + n] = 0;
  wm_ent *x = &m->e[m->n];
  memset(x, 0, sizeof *x);
  x->str = (uint32_t)m->plen;
  m->plen += n + 1;
  m->tab[h] = ++m->n;
  return x;
}

static void add_tag(wm_ent *x, uint8_t tag) {
  if (!tag || tag >= SR_T_NWORD) return;
  if (!(x->info.tags & (1u << tag))) {
    x->info.tags |= 1u << tag;
    if (x->norder < sizeof x->order) x->order[x->norder++] = tag;
  }
  if (!x->info.best) x->info.best = tag;
}

/* Penn Treebank tag -> ours (0 = not a word tag) */
static uint8_t penn(const char *t, size_t n) {
  static const struct { const char *p; uint8_t t; } M[] = {
      {"NN", SR_T_NN},   {"NNS", SR_T_NNS}, {"NNP", SR_T_NNP},  {"NNPS", SR_T_NNP}, {"PRP", SR_T_PRP},
      {"PRP$", SR_T_PRPS}, {"DT", SR_T_DT}, {"PDT", SR_T_DT},   {"WDT", SR_T_WDT},  {"CD", SR_T_CD},
      {"JJ", SR_T_JJ},   {"JJR", SR_T_JJ},  {"JJS", SR_T_JJ},   {"RB", SR_T_RB},    {"RBR", SR_T_RB},
      {"RBS", SR_T_RB},  {"VB", SR_T_VB},   {"VBD", SR_T_VBD},  {"VBN", SR_T_VBN},  {"VBG", SR_T_VBG},
      {"VBZ", SR_T_VBZ}, {"VBP", SR_T_VBP}, {"MD", SR_T_MD},    {"IN", SR_T_IN},    {"TO", SR_T_TO},
      {"CC", SR_T_CC},   {"RP", SR_T_RP},   {"WP", SR_T_WP},    {"WP$", SR_T_WPS},  {"WRB", SR_T_WRB},
      {"EX", SR_T_EX},   {"POS", SR_T_POS}, {"UH", SR_T_UH},    {"FW", SR_T_FW},    {"SYM", SR_T_SYM}};
  for (size_t i = 0; i < sizeof M / sizeof M[0]; i++)
    if (strlen(M[i].p) == n && !memcmp(M[i].p, t, n)) return M[i].t;
  return 0;
}

/* fold a word the way the tokenizer folds a token: lower case, accents off, apostrophes
 * dropped. Returns the length, 0 when it is not a single plain token. */
static size_t fold_word(const char *s, size_t n, char *out, size_t cap) {
  char tmp[128];
  if (n >= sizeof tmp / 2) return 0;
  size_t fl = sr_fold(s, n, tmp, sizeof tmp);
  if (fl >= sizeof tmp) return 0;
  size_t k = 0;
  for (size_t i = 0; i < fl; i++) {
    unsigned char ch = (unsigned char)tmp[i];
    if (ch == '\'') continue;
    if (!(isalnum(ch))) return 0; /* spaces, dots, hyphens: not one token */
    if (k + 1 >= cap) return 0;
    out[k++] = (char)ch;
  }
  out[k] = 0;
  return k;
}

/* ---- closed.txt */

static int load_closed(syn_wordmap *m, const char *dir, sr_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/syntax/closed.txt", dir);
  char *buf = NULL;
  size_t len = 0;
  int rc = sr_read_all(path, WM_MAX_FILE, &buf, &len, err);
  if (rc) return rc;
  long line = 0;
  for (char *p = buf, *nl; p && *p; p = nl ? nl + 1 : NULL) {
    nl = strchr(p, '\n');
    if (nl) *nl = 0;
    line++;
    char *hash = strchr(p, '#');
    if (hash) *hash = 0;
    char *bar = strchr(p, '|');
    if (!bar) {
      for (char *q = p; *q; q++)
        if (!isspace((unsigned char)*q)) {
          sr_error_at(err, path, line, -1);
          rc = sr_error_set(err, SR_EINPUT, "expected 'TAG | word; word'");
          goto done;
        }
      continue;
    }
    *bar = 0;
    char *name = p;
    while (isspace((unsigned char)*name)) name++;
    size_t nl2 = strlen(name);
    while (nl2 && isspace((unsigned char)name[nl2 - 1])) name[--nl2] = 0;
    int is_sym = name[0] == '=';
    int sym = sr_syn_symbyname(name + is_sym, strlen(name + is_sym));
    if (sym <= 0 || (!is_sym && sym >= SR_T_NWORD) || (is_sym && sym < SR_S_BE)) {
      sr_error_at(err, path, line, -1);
      rc = sr_error_set(err, SR_EINPUT, "unknown %s '%s'", is_sym ? "word symbol" : "word tag", name);
      goto done;
    }
    for (char *w = bar + 1, *semi; w; w = semi ? semi + 1 : NULL) {
      semi = strchr(w, ';');
      if (semi) *semi = 0;
      while (isspace((unsigned char)*w)) w++;
      size_t wl = strlen(w);
      while (wl && isspace((unsigned char)w[wl - 1])) wl--;
      if (!wl) continue;
      char f[WM_MAX_WORD + 1];
      size_t fl = fold_word(w, wl, f, sizeof f);
      if (!fl) {
        sr_error_at(err, path, line, -1);
        rc = sr_error_set(err, SR_EINPUT, "'%.*s' is not one word", (int)wl, w);
        goto done;
      }
      wm_ent *x = wm_get(m, f, fl);
      if (!x) {
        rc = sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
        goto done;
      }
      x->src = 1;
      if (is_sym) x->info.sym = (uint8_t)sym;
      else add_tag(x, (uint8_t)sym);
    }
  }
done:
  free(buf);
  return rc;
}

/* ---- npm en-lexicon: lines `    "word": "NN|VB",` */

static int load_taglex(syn_wordmap *m, const char *path, sr_error *err) {
  char *buf = NULL;
  size_t len = 0;
  int rc = sr_read_all(path, WM_MAX_FILE, &buf, &len, err);
  if (rc) return rc;
  /* two passes: lower-case keys first (their tag order is the common word's), then keys
   * with capitals only add tags the word lacks */
  for (int pass = 0; pass < 2; pass++) {
    for (char *p = buf; p < buf + len;) {
      char *nl = memchr(p, '\n', (size_t)(buf + len - p));
      char *end = nl ? nl : buf + len;
      char *q = p;
      while (q < end && (*q == ' ' || *q == '\t')) q++;
      if (q < end && *q == '"') {
        char *k = q + 1, *ke = k;
        while (ke < end && *ke != '"' && *ke != '\\') ke++;
        char *t = ke < end && *ke == '"' ? memchr(ke, ':', (size_t)(end - ke)) : NULL;
        char *ts = t ? memchr(t, '"', (size_t)(end - t)) : NULL;
        char *te = ts ? memchr(ts + 1, '"', (size_t)(end - ts - 1)) : NULL;
        int upper = 0;
        for (char *c = k; c < ke; c++)
          if (isupper((unsigned char)*c)) upper = 1;
        char f[WM_MAX_WORD + 1];
        size_t fl = te && upper == pass ? fold_word(k, (size_t)(ke - k), f, sizeof f) : 0;
        if (fl) {
          wm_ent *x = wm_get(m, f, fl);
          if (!x) {
            rc = sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
            goto done;
          }
          if (x->src == 0 || x->src == 2) {
            x->src = 2;
            for (char *a = ts + 1; a < te;) {
              char *b = a;
              while (b < te && *b != '|') b++;
              add_tag(x, penn(a, (size_t)(b - a)));
              a = b + 1;
            }
          }
        }
      }
      p = end + 1;
    }
  }
done:
  free(buf);
  return rc;
}

/* ---- WordNet: index.{noun,verb,adj,adv}, data.{noun,verb} (classes), *.exc (irregulars) */

typedef struct wn_off {
  uint32_t off;
  uint8_t lexfile;
} wn_off;

static int cmp_off(const void *a, const void *b) {
  uint32_t x = ((const wn_off *)a)->off, y = ((const wn_off *)b)->off;
  return (x > y) - (x < y);
}

static uint8_t noun_class(int lexfile) {
  switch (lexfile) {
  case 18: return SR_NC_PERSON;
  case 14: return SR_NC_GROUP;
  case 6: return SR_NC_ARTIFACT;
  case 15: return SR_NC_LOCATION;
  case 4: return SR_NC_ACT;
  case 11: return SR_NC_EVENT;
  case 28: return SR_NC_TIME;
  case 23: return SR_NC_QUANTITY;
  case 10: return SR_NC_COMMUNICATION;
  case 26: return SR_NC_STATE;
  case 17: return SR_NC_OBJECT;
  default: return SR_NC_OTHER;
  }
}

static uint8_t verb_class(int lexfile) {
  switch (lexfile) {
  case 32: return SR_VC_COMMUNICATION;
  case 33: return SR_VC_COMPETITION;
  case 35: return SR_VC_CONTACT;
  case 38: return SR_VC_MOTION;
  case 41: return SR_VC_SOCIAL;
  case 40: return SR_VC_POSSESSION;
  case 30: return SR_VC_CHANGE;
  case 31: return SR_VC_COGNITION;
  case 42: return SR_VC_STATIVE;
  default: return SR_VC_OTHER;
  }
}

/* one WordNet lemma of part of speech pos ('n' 'v' 'a' 'r') */
typedef struct wn_lemma {
  char w[WM_MAX_WORD + 1];
  char pos;
  uint32_t first_off;
} wn_lemma;

typedef struct wn_set {
  wn_lemma *l;
  size_t n, cap;
} wn_set;

static int read_index(const char *dir, const char *file, char pos, wn_set *set, sr_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  int rc = sr_read_all(path, WM_MAX_FILE, &buf, &len, err);
  if (rc) return rc;
  for (char *p = buf; p < buf + len;) {
    char *nl = memchr(p, '\n', (size_t)(buf + len - p));
    char *end = nl ? nl : buf + len;
    if (*p != ' ' && end > p) {
      /* lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset... */
      char *tok[64];
      int nt = 0;
      for (char *q = p; q < end && nt < 64;) {
        while (q < end && *q == ' ') q++;
        if (q >= end) break;
        tok[nt++] = q;
        while (q < end && *q != ' ') q++;
      }
      if (nt >= 6) {
        int pc = atoi(tok[3]);
        int fi = 4 + pc + 2;
        size_t wl = (size_t)(strchr(tok[0], ' ') ? strchr(tok[0], ' ') - tok[0] : 0);
        char f[WM_MAX_WORD + 1];
        size_t fl = fi < nt && wl ? fold_word(tok[0], wl, f, sizeof f) : 0;
        if (fl) {
          if (set->n == set->cap) {
            size_t nc = set->cap ? set->cap * 2 : 65536;
            wn_lemma *nlm = realloc(set->l, nc * sizeof *nlm);
            if (!nlm) {
              rc = sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
              break;
            }
            set->l = nlm;
            set->cap = nc;
          }
          wn_lemma *x = &set->l[set->n++];
          memcpy(x->w, f, fl + 1);
          x->pos = pos;
          x->first_off = (uint32_t)strtoul(tok[fi], NULL, 10);
        }
      }
    }
    p = end + 1;
  }
  free(buf);
  return rc;
}

/* lexfile numbers of the synsets at offs (sorted by offset), read from data.POS */
static int read_lexfiles(const char *dir, const char *file, wn_off *offs, size_t n, sr_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  int rc = sr_read_all(path, 128u << 20, &buf, &len, err);
  if (rc) return rc;
  for (char *p = buf; p < buf + len;) {
    char *nl = memchr(p, '\n', (size_t)(buf + len - p));
    char *end = nl ? nl : buf + len;
    if (*p != ' ' && end - p > 12) {
      wn_off key = {(uint32_t)strtoul(p, NULL, 10), 0};
      wn_off *hit = bsearch(&key, offs, n, sizeof *offs, cmp_off);
      if (hit) hit->lexfile = (uint8_t)atoi(p + 9);
    }
    p = end + 1;
  }
  free(buf);
  return 0;
}

/* base -> inflected forms: "struck strike" lines of verb.exc / noun.exc */
typedef struct wn_exc {
  char form[WM_MAX_WORD + 1], base[WM_MAX_WORD + 1];
} wn_exc;

static int read_exc(const char *dir, const char *file, wn_exc **out, size_t *nout, sr_error *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  *out = NULL;
  *nout = 0;
  int rc = sr_read_all(path, WM_MAX_FILE, &buf, &len, err);
  if (rc) return rc;
  size_t cap = 0;
  for (char *p = buf; p < buf + len;) {
    char *nl = memchr(p, '\n', (size_t)(buf + len - p));
    char *end = nl ? nl : buf + len;
    char *sp = memchr(p, ' ', (size_t)(end - p));
    if (sp) {
      char *b = sp + 1, *be = memchr(b, ' ', (size_t)(end - b));
      if (!be) be = end;
      wn_exc x;
      if (fold_word(p, (size_t)(sp - p), x.form, sizeof x.form) && fold_word(b, (size_t)(be - b), x.base, sizeof x.base)) {
        if (*nout == cap) {
          cap = cap ? cap * 2 : 4096;
          wn_exc *ne = realloc(*out, cap * sizeof *ne);
          if (!ne) {
            rc = sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
            break;
          }
          *out = ne;
        }
        (*out)[(*nout)++] = x;
      }
    }
    p = end + 1;
  }
  free(buf);
  return rc;
}

static int is_vowel(char ch) { return ch && strchr("aeiou", ch) != NULL; }

/* regular inflections of a lemma: out[k] = form, tag[k] = its tag; returns the count */
static int inflect(const char *w, char pos, char out[4][WM_MAX_WORD + 4], uint8_t tag[4]) {
  size_t n = strlen(w);
  if (n < 2 || n > WM_MAX_WORD - 3) return 0;
  char last = w[n - 1], prev = w[n - 2];
  int sib = last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'));
  int k = 0;
  if (pos == 'n' || pos == 'v') {
    if (last == 'y' && !is_vowel(prev)) snprintf(out[k], sizeof out[k], "%.*sies", (int)(n - 1), w);
    else snprintf(out[k], sizeof out[k], "%s%s", w, sib ? "es" : "s");
    tag[k++] = pos == 'n' ? SR_T_NNS : SR_T_VBZ;
  }
  if (pos == 'v') {
    if (last == 'e') snprintf(out[k], sizeof out[k], "%sd", w);
    else if (last == 'y' && !is_vowel(prev)) snprintf(out[k], sizeof out[k], "%.*sied", (int)(n - 1), w);
    else snprintf(out[k], sizeof out[k], "%sed", w);
    tag[k++] = SR_T_VBD;
    if (last == 'e' && prev != 'e') snprintf(out[k], sizeof out[k], "%.*sing", (int)(n - 1), w);
    else snprintf(out[k], sizeof out[k], "%sing", w);
    tag[k++] = SR_T_VBG;
  }
  return k;
}

static void set_class(syn_wordmap *m, const char *w, char pos, uint8_t cls) {
  wm_ent *x = wm_get(m, w, strlen(w));
  if (!x) return;
  if (pos == 'n' && !x->info.ncls) x->info.ncls = cls;
  if (pos == 'v' && !x->info.vcls) x->info.vcls = cls;
}

static void wn_add(syn_wordmap *m, const char *w, char pos, uint8_t cls, const wn_exc *exc, size_t nexc) {
  static const uint8_t BASE[128] = {['n'] = SR_T_NN, ['v'] = SR_T_VB, ['a'] = SR_T_JJ, ['r'] = SR_T_RB};
  wm_ent *x = wm_get(m, w, strlen(w));
  if (!x) return;
  int fresh = x->src == 0 || x->src == 3;
  if (fresh) {
    x->src = 3;
    add_tag(x, BASE[(unsigned char)pos]);
    if (pos == 'v') add_tag(x, SR_T_VBP);
  }
  if (pos == 'n' || pos == 'v') set_class(m, w, pos, cls);
  char forms[4][WM_MAX_WORD + 4];
  uint8_t tags[4];
  int nf = inflect(w, pos, forms, tags);
  for (int k = 0; k < nf; k++) {
    wm_ent *y = wm_get(m, forms[k], strlen(forms[k]));
    if (!y) continue;
    if (y->src == 0 || y->src == 3) {
      y->src = 3;
      add_tag(y, tags[k]);
      if (tags[k] == SR_T_VBD) add_tag(y, SR_T_VBN);
    }
    if (pos == 'n' || pos == 'v') set_class(m, forms[k], pos, cls);
  }
  /* irregular forms: "struck" of "strike", "men" of "man" */
  for (size_t i = 0; i < nexc; i++) {
    if (strcmp(exc[i].base, w)) continue;
    wm_ent *y = wm_get(m, exc[i].form, strlen(exc[i].form));
    if (!y) continue;
    if (y->src == 0 || y->src == 3) {
      y->src = 3;
      add_tag(y, pos == 'n' ? SR_T_NNS : SR_T_VBD);
      if (pos == 'v') add_tag(y, SR_T_VBN);
    }
    set_class(m, exc[i].form, pos, cls);
  }
}

static int cmp_exc(const void *a, const void *b) {
  return strcmp(((const wn_exc *)a)->base, ((const wn_exc *)b)->base);
}

static int load_wordnet(syn_wordmap *m, const char *dir, sr_error *err) {
  static const struct { const char *idx, *data, *exc; char pos; } P[] = {
      {"index.noun", "data.noun", "noun.exc", 'n'}, {"index.verb", "data.verb", "verb.exc", 'v'},
      {"index.adj", NULL, NULL, 'a'},               {"index.adv", NULL, NULL, 'r'}};
  int rc = 0;
  for (size_t p = 0; p < sizeof P / sizeof P[0] && !rc; p++) {
    wn_set set = {0};
    wn_off *offs = NULL;
    wn_exc *exc = NULL;
    size_t nexc = 0;
    if ((rc = read_index(dir, P[p].idx, P[p].pos, &set, err))) goto next;
    if (P[p].data) {
      offs = malloc((set.n ? set.n : 1) * sizeof *offs);
      if (!offs) {
        rc = sr_error_set(err, SR_ENOMEM, "out of memory reading WordNet");
        goto next;
      }
      for (size_t i = 0; i < set.n; i++) offs[i].off = set.l[i].first_off, offs[i].lexfile = 0;
      qsort(offs, set.n, sizeof *offs, cmp_off);
      if ((rc = read_lexfiles(dir, P[p].data, offs, set.n, err))) goto next;
      if ((rc = read_exc(dir, P[p].exc, &exc, &nexc, err))) goto next;
      qsort(exc, nexc, sizeof *exc, cmp_exc);
    }
    for (size_t i = 0; i < set.n; i++) {
      uint8_t cls = 0;
      if (offs) {
        wn_off key = {set.l[i].first_off, 0};
        wn_off *hit = bsearch(&key, offs, set.n, sizeof *offs, cmp_off);
        if (hit) cls = P[p].pos == 'n' ? noun_class(hit->lexfile) : verb_class(hit->lexfile);
      }
      /* the irregular forms of this base: a binary search finds the run */
      const wn_exc *run = NULL;
      size_t nrun = 0;
      if (exc) {
        wn_exc key;
        memcpy(key.base, set.l[i].w, sizeof key.base);
        wn_exc *hit = bsearch(&key, exc, nexc, sizeof *exc, cmp_exc);
        if (hit) {
          while (hit > exc && !strcmp(hit[-1].base, key.base)) hit--;
          run = hit;
          while (hit < exc + nexc && !strcmp(hit->base, key.base)) hit++, nrun++;
        }
      }
      wn_add(m, set.l[i].w, P[p].pos, cls, run, nrun);
    }
  next:
    free(set.l), free(offs), free(exc);
  }
  return rc;
}

int syn_wordmap_load(syn_wordmap **out, const char *dir, const char *taglex, const char *wordnet,
                     sr_error *err) {
  *out = NULL;
  syn_wordmap *m = calloc(1, sizeof *m);
  if (!m || wm_grow_tab(m)) {
    free(m);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  int rc = load_closed(m, dir, err);
  if (!rc && taglex) rc = load_taglex(m, taglex, err);
  if (!rc && wordnet) rc = load_wordnet(m, wordnet, err);
  if (rc) {
    syn_wordmap_free(m);
    return rc;
  }
  *out = m;
  return 0;
}

void syn_wordmap_free(syn_wordmap *m) {
  if (!m) return;
  free(m->pool), free(m->e), free(m->tab), free(m);
}

int syn_wordmap_next(const syn_wordmap *m, size_t *it, const char **w, sr_lex_wsyn *info) {
  if (*it >= m->n) return 0;
  const wm_ent *x = &m->e[(*it)++];
  *w = m->pool + x->str;
  *info = x->info;
  /* a verb form in -ed listed first as a noun ("abducted": NN|VBN|VBD in en-lexicon) is
   * noise of the source: its verb readings come first */
  size_t n = strlen(*w);
  if (x->src == 2 && n > 4 && !strcmp(*w + n - 2, "ed") && (info->best == SR_T_NN || info->best == SR_T_JJ) &&
      (info->tags & ((1u << SR_T_VBD) | (1u << SR_T_VBN))) && info->best == SR_T_NN)
    info->best = (info->tags & (1u << SR_T_VBN)) ? SR_T_VBN : SR_T_VBD;
  /* a regular verb's past and participle are one form: "wounded" (VBN|JJ in en-lexicon) is
   * also the past tense of "the blast wounded five" */
  uint32_t past = (1u << SR_T_VBD) | (1u << SR_T_VBN);
  if (n > 3 && !strcmp(*w + n - 2, "ed") && (info->tags & past)) info->tags |= past;
  /* British doubled-l pasts listed only as adjectives ("travelled", "cancelled", "fuelled")
   * are the verbs' past forms too */
  if (n > 6 && !strcmp(*w + n - 4, "lled") && info->tags == (1u << SR_T_JJ)) info->tags |= past;
  return 1;
}
