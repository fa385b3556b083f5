/* syn_blob.c - compile data/syntax/tagrules.txt (contextual tag rules, unknown-word
 * guesses) and data/syntax/chunks.txt (the chunk grammar, one automaton per level) into
 * the syntax section of the lexicon image. Errors name the file and line.
 */
#include "syn_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULES SYN_MAX_RULES
#define MAX_CLASSES 64
#define MAX_LEVELS 8
#define MAX_CRULES 256
#define MAX_SUFFIX 128

/* ---- symbol names */

const char *const syn_symnames[SR_S_COUNT] = {
    [SR_T_NONE] = "NONE", [SR_T_NN] = "NN",     [SR_T_NNS] = "NNS",   [SR_T_NNP] = "NNP",
    [SR_T_PRP] = "PRP",   [SR_T_PRPS] = "PRPS", [SR_T_DT] = "DT",     [SR_T_CD] = "CD",
    [SR_T_JJ] = "JJ",     [SR_T_RB] = "RB",     [SR_T_VB] = "VB",     [SR_T_VBD] = "VBD",
    [SR_T_VBN] = "VBN",   [SR_T_VBG] = "VBG",   [SR_T_VBZ] = "VBZ",   [SR_T_VBP] = "VBP",
    [SR_T_MD] = "MD",     [SR_T_IN] = "IN",     [SR_T_TO] = "TO",     [SR_T_CC] = "CC",
    [SR_T_RP] = "RP",     [SR_T_WDT] = "WDT",   [SR_T_WP] = "WP",     [SR_T_WPS] = "WPS",
    [SR_T_WRB] = "WRB",   [SR_T_EX] = "EX",     [SR_T_POS] = "POS",   [SR_T_UH] = "UH",
    [SR_T_FW] = "FW",     [SR_T_SYM] = "SYM",   [SR_T_COMMA] = "COMMA", [SR_T_PERIOD] = "PERIOD",
    [SR_T_COLON] = "COLON", [SR_T_LPAREN] = "LPAREN", [SR_T_RPAREN] = "RPAREN", [SR_T_QUOTE] = "QUOTE",
    [SR_T_DASH] = "DASH", [SR_S_BE] = "BE",     [SR_S_HAVE] = "HAVE", [SR_S_DO] = "DO",
    [SR_S_NEG] = "NEG",   [SR_S_OF] = "OF",     [SR_S_BY] = "BY",     [SR_S_GET] = "GET",
    [SR_S_NP] = "NP",     [SR_S_VG] = "VG",     [SR_S_ADVP] = "ADVP", [SR_S_ADJP] = "ADJP"};

const char *sr_syn_symname(unsigned sym) {
  return sym < SR_S_COUNT && syn_symnames[sym] ? syn_symnames[sym] : "";
}

int sr_syn_symbyname(const char *name, size_t n) {
  if (n == 3 && (!memcmp(name, "BOS", 3) || !memcmp(name, "EOS", 3))) return SR_T_NONE;
  for (int i = 0; i < SR_S_COUNT; i++)
    if (syn_symnames[i] && strlen(syn_symnames[i]) == n && !memcmp(syn_symnames[i], name, n)) return i;
  return -1;
}

/* ---- small text helpers */

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
  return s;
}

/* a '|' separated list of symbol names -> mask; 0 and *bad set on an unknown name */
static uint64_t sym_list(char *s, const char **bad) {
  uint64_t m = 0;
  for (char *p = s, *bar; p; p = bar ? bar + 1 : NULL) {
    bar = strchr(p, '|');
    if (bar) *bar = 0;
    char *w = trim(p);
    int sym = sr_syn_symbyname(w, strlen(w));
    if (sym < 0) {
      *bad = w;
      return 0;
    }
    m |= 1ull << sym;
  }
  return m;
}

static const char *const VCLASS[] = {"", "communication", "competition", "contact", "motion", "social",
                                     "possession", "change", "cognition", "stative", "other"};

typedef struct bctx {
  const char *path;
  long line;
  sr_error *err;
  syn_intern_fn intern;
  void *ud;
  syn_trule rules[MAX_RULES];
  int nrules;
  syn_suffix suffix[MAX_SUFFIX];
  int nsuffix;
  /* chunk grammar */
  struct { char name[24]; uint64_t mask; } cls[MAX_CLASSES];
  int ncls;
  syn_crule crules[MAX_CRULES];
  char *cpat[MAX_CRULES];
  int ncrules;
  int nlevels;
} bctx;

static int bfail(bctx *b, const char *fmt, const char *arg) {
  sr_error_at(b->err, b->path, b->line, -1);
  return sr_error_set(b->err, SR_EINPUT, fmt, arg);
}

/* ---- tagrules.txt */

static int parse_cond(bctx *b, char *s, syn_cond *c) {
  s = trim(s);
  memset(c, 0, sizeof *c);
  if (*s == '!') c->neg = 1, s = trim(s + 1);
  char *arg = s;
  while (*arg && !isspace((unsigned char)*arg)) arg++;
  if (*arg) *arg++ = 0;
  arg = trim(arg);
  static const struct { const char *kw; uint8_t t; } K[] = {
      {"prev", SC_PREV},   {"next", SC_NEXT},     {"prev2", SC_PREV2}, {"next2", SC_NEXT2},
      {"prevs", SC_PREVS}, {"nexts", SC_NEXTS},   {"pword", SC_PWORD}, {"nword", SC_NWORD},
      {"word", SC_WORD},   {"pvclass", SC_PVCLASS}, {"first", SC_FIRST}, {"hyphen", SC_HYPHEN},
      {"cap", SC_CAP},     {"allcap", SC_ALLCAP}, {"title", SC_TITLE}, {"verbbefore", SC_VERBBEFORE}, {"vbnby", SC_VBNBY},
      {"lexbest", SC_LEXBEST}, {"first2", SC_FIRST2}, {"nhyphen", SC_NHYPHEN}, {"p2word", SC_P2WORD}, {"lastverb", SC_LASTVERB}};
  for (size_t i = 0; i < sizeof K / sizeof K[0]; i++)
    if (!strcmp(s, K[i].kw)) c->type = K[i].t;
  if (!c->type) return bfail(b, "unknown rule condition '%s'", s);
  if (c->type >= SC_FIRST && c->type != SC_LEXBEST && c->type != SC_P2WORD && c->type != SC_LASTVERB) return 0;
  if (!*arg) return bfail(b, "condition '%s' needs an argument", s);
  if (c->type <= SC_NEXTS || c->type == SC_LEXBEST) {
    const char *bad = NULL;
    c->set = sym_list(arg, &bad);
    if (!c->set) return bfail(b, "unknown symbol '%s'", bad ? bad : arg);
  } else if (c->type == SC_PVCLASS || c->type == SC_LASTVERB) {
    for (char *p = arg, *bar; p; p = bar ? bar + 1 : NULL) {
      bar = strchr(p, '|');
      if (bar) *bar = 0;
      char *w = trim(p);
      int found = 0;
      for (size_t k = 1; k < sizeof VCLASS / sizeof VCLASS[0]; k++)
        if (!strcmp(w, VCLASS[k])) c->set |= 1ull << k, found = 1;
      if (!found) return bfail(b, "unknown verb class '%s'", w);
    }
  } else {
    for (char *p = arg, *bar; p; p = bar ? bar + 1 : NULL) {
      bar = strchr(p, '|');
      if (bar) *bar = 0;
      char *w = trim(p);
      if (c->nwords == SYN_COND_WORDS) return bfail(b, "more than 12 words in '%s'", w);
      char f[64];
      size_t fl = sr_fold(w, strlen(w), f, sizeof f);
      if (!fl || fl >= sizeof f) return bfail(b, "bad word '%s'", w);
      c->words[c->nwords++] = b->intern(b->ud, f, fl);
    }
  }
  return 0;
}

static int parse_suffix(bctx *b, char *line) {
  char *bar = strchr(line, '|');
  if (!bar) return bfail(b, "expected 'SUFFIX ending | TAG TAG'%s", "");
  *bar = 0;
  char *suf = trim(line + 6);
  if (b->nsuffix == MAX_SUFFIX) return bfail(b, "too many SUFFIX lines%s", "");
  syn_suffix *x = &b->suffix[b->nsuffix];
  memset(x, 0, sizeof *x);
  size_t sl = strlen(suf);
  if (!sl || sl >= sizeof x->suf) return bfail(b, "bad suffix '%s'", suf);
  memcpy(x->suf, suf, sl);
  x->len = (uint8_t)sl;
  for (char *t = strtok(bar + 1, " \t"); t; t = strtok(NULL, " \t")) {
    int sym = sr_syn_symbyname(t, strlen(t));
    if (sym <= 0 || sym >= SR_T_NWORD) return bfail(b, "unknown tag '%s'", t);
    if (x->ntags < 4) x->tags[x->ntags++] = (uint8_t)sym;
  }
  if (!x->ntags) return bfail(b, "SUFFIX '%s' has no tags", suf);
  b->nsuffix++;
  return 0;
}

static int parse_rule(bctx *b, char *line) {
  char *arrow = strstr(line, "->");
  if (!arrow) return bfail(b, "expected 'FROM -> TO | conditions'%s", "");
  *arrow = 0;
  char *rest = arrow + 2, *bar = strchr(rest, '|');
  if (bar) *bar = 0;
  if (b->nrules == MAX_RULES) return bfail(b, "too many rules%s", "");
  syn_trule *r = &b->rules[b->nrules];
  memset(r, 0, sizeof *r);
  const char *bad = NULL;
  r->from = sym_list(line, &bad);
  if (!r->from) return bfail(b, "unknown tag '%s'", bad ? bad : line);
  char *to = trim(rest);
  int sym = sr_syn_symbyname(to, strlen(to));
  if (sym <= 0 || sym >= SR_T_NWORD) return bfail(b, "unknown tag '%s'", to);
  r->to = (uint8_t)sym;
  r->line = (uint32_t)b->line;
  if (bar)
    for (char *p = bar + 1, *semi; p; p = semi ? semi + 1 : NULL) {
      semi = strchr(p, ';');
      if (semi) *semi = 0;
      if (!*trim(p)) continue;
      if (r->ncond == SYN_MAX_COND) return bfail(b, "more than 5 conditions%s", "");
      int rc = parse_cond(b, p, &r->cond[r->ncond]);
      if (rc) return rc;
      r->ncond++;
    }
  b->nrules++;
  return 0;
}

/* ---- chunks.txt */

static uint64_t name_mask(void *ud, const char *name, size_t n) {
  bctx *b = ud;
  for (int i = 0; i < b->ncls; i++)
    if (strlen(b->cls[i].name) == n && !memcmp(b->cls[i].name, name, n)) return b->cls[i].mask;
  int sym = sr_syn_symbyname(name, n);
  return sym > 0 ? 1ull << sym : 0;
}

static int parse_class(bctx *b, char *line) {
  char *eq = strchr(line, '=');
  if (!eq) return bfail(b, "expected 'class NAME = SYM SYM'%s", "");
  *eq = 0;
  char *name = trim(line + 5);
  if (!*name || strlen(name) >= sizeof b->cls[0].name) return bfail(b, "bad class name '%s'", name);
  if (b->ncls == MAX_CLASSES) return bfail(b, "too many classes%s", "");
  uint64_t m = 0;
  for (char *t = strtok(eq + 1, " \t"); t; t = strtok(NULL, " \t")) {
    uint64_t x = name_mask(b, t, strlen(t));
    if (!x) return bfail(b, "unknown symbol or class '%s'", t);
    m |= x;
  }
  snprintf(b->cls[b->ncls].name, sizeof b->cls[0].name, "%s", name);
  b->cls[b->ncls++].mask = m;
  return 0;
}

static int parse_crule(bctx *b, char *line) {
  if (b->nlevels == 0) return bfail(b, "a rule before the first 'level' line%s", "");
  char *eq = strchr(line, '=');
  if (!eq) return bfail(b, "expected 'LABEL = pattern  head=CLASS'%s", "");
  *eq = 0;
  char *label = trim(line), *pat = eq + 1;
  int sym = sr_syn_symbyname(label, strlen(label));
  if (sym < SR_S_NP) return bfail(b, "'%s' is not a chunk label (NP VG ADVP ADJP)", label);
  char *hd = strstr(pat, "head=");
  if (!hd) return bfail(b, "rule without head=CLASS%s", "");
  *hd = 0;
  char *hname = trim(hd + 5);
  uint64_t head = name_mask(b, hname, strlen(hname));
  if (!head) return bfail(b, "unknown head class '%s'", hname);
  if (b->ncrules == MAX_CRULES) return bfail(b, "too many chunk rules%s", "");
  syn_crule *r = &b->crules[b->ncrules];
  memset(r, 0, sizeof *r);
  r->label = (uint8_t)sym;
  r->level = (uint8_t)(b->nlevels - 1);
  r->line = (uint16_t)(b->line > 65535 ? 65535 : b->line);
  r->head = head;
  b->cpat[b->ncrules] = strdup(trim(pat));
  if (!b->cpat[b->ncrules]) return sr_error_set(b->err, SR_ENOMEM, "out of memory");
  b->ncrules++;
  return 0;
}

typedef int (*line_fn)(bctx *, char *);

static int each_line(bctx *b, const char *dir, const char *file, line_fn fn) {
  char path[1024];
  snprintf(path, sizeof path, "%s/syntax/%s", dir, file);
  char *buf = NULL;
  size_t len = 0;
  int rc = sr_read_all(path, 1u << 20, &buf, &len, b->err);
  if (rc) return rc;
  b->path = path;
  b->line = 0;
  for (char *p = buf, *nl; p && *p && !rc; p = nl ? nl + 1 : NULL) {
    nl = strchr(p, '\n');
    if (nl) *nl = 0;
    b->line++;
    char *hash = strchr(p, '#');
    if (hash) *hash = 0;
    char *s = trim(p);
    if (*s) rc = fn(b, s);
  }
  free(buf);
  b->path = NULL;
  return rc;
}

static int tagrules_line(bctx *b, char *s) {
  if (!strncmp(s, "SUFFIX ", 7)) return parse_suffix(b, s);
  return parse_rule(b, s);
}

static int chunks_line(bctx *b, char *s) {
  if (!strncmp(s, "class ", 6)) return parse_class(b, s);
  if (!strcmp(s, "level")) {
    if (b->nlevels == MAX_LEVELS) return bfail(b, "too many levels%s", "");
    b->nlevels++;
    return 0;
  }
  return parse_crule(b, s);
}

static size_t al8(size_t x) { return (x + 7) & ~(size_t)7; }

int syn_blob_build(const char *dir, syn_intern_fn intern, void *ud, void **blob, size_t *len,
                   sr_error *err) {
  *blob = NULL;
  *len = 0;
  bctx *b = calloc(1, sizeof *b);
  if (!b) return sr_error_set(err, SR_ENOMEM, "out of memory");
  b->err = err, b->intern = intern, b->ud = ud;
  uint16_t *trans[MAX_LEVELS] = {0};
  int16_t *acc[MAX_LEVELS] = {0};
  uint32_t nst[MAX_LEVELS] = {0};
  int rc = each_line(b, dir, "tagrules.txt", tagrules_line);
  if (!rc) rc = each_line(b, dir, "chunks.txt", chunks_line);
  for (int lv = 0; lv < b->nlevels && !rc; lv++) {
    syn_fsa_rule fr[MAX_CRULES];
    int idx[MAX_CRULES], n = 0;
    for (int r = 0; r < b->ncrules; r++)
      if (b->crules[r].level == lv) fr[n].pattern = b->cpat[r], fr[n].line = b->crules[r].line, idx[n++] = r;
    rc = syn_fsa_compile(fr, n, name_mask, b, &trans[lv], &acc[lv], &nst[lv], err);
    if (rc) {
      if (err && !err->file[0]) sr_error_at(err, "data/syntax/chunks.txt", err->line, -1);
      break;
    }
    /* the automaton numbers rules within the level: map them to the global index */
    for (uint32_t s = 0; s < nst[lv]; s++)
      if (acc[lv][s] >= 0) acc[lv][s] = (int16_t)idx[acc[lv][s]];
  }
  if (!rc) {
    uint32_t ntr = 0, nac = 0;
    for (int lv = 0; lv < b->nlevels; lv++) ntr += nst[lv] * 64, nac += nst[lv];
    syn_hdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, SYN_MAGIC, 8);
    size_t off = al8(sizeof h);
    h.n_rules = (uint32_t)b->nrules, h.off_rules = (uint32_t)off, off = al8(off + sizeof(syn_trule) * (size_t)b->nrules);
    h.n_suffix = (uint32_t)b->nsuffix, h.off_suffix = (uint32_t)off, off = al8(off + sizeof(syn_suffix) * (size_t)b->nsuffix);
    h.n_crules = (uint32_t)b->ncrules, h.off_crules = (uint32_t)off, off = al8(off + sizeof(syn_crule) * (size_t)b->ncrules);
    h.n_levels = (uint32_t)b->nlevels, h.off_levels = (uint32_t)off, off = al8(off + sizeof(syn_level) * (size_t)b->nlevels);
    h.n_trans = ntr, h.off_trans = (uint32_t)off, off = al8(off + 2 * (size_t)ntr);
    h.n_acc = nac, h.off_acc = (uint32_t)off, off = al8(off + 2 * (size_t)nac);
    h.size = (uint32_t)off;
    unsigned char *img = calloc(1, off);
    if (!img) {
      rc = sr_error_set(err, SR_ENOMEM, "out of memory");
    } else {
      memcpy(img, &h, sizeof h);
      memcpy(img + h.off_rules, b->rules, sizeof(syn_trule) * (size_t)b->nrules);
      memcpy(img + h.off_suffix, b->suffix, sizeof(syn_suffix) * (size_t)b->nsuffix);
      memcpy(img + h.off_crules, b->crules, sizeof(syn_crule) * (size_t)b->ncrules);
      syn_level *lv = (syn_level *)(img + h.off_levels);
      uint16_t *tr = (uint16_t *)(img + h.off_trans);
      int16_t *ac = (int16_t *)(img + h.off_acc);
      uint32_t to = 0, ao = 0;
      for (int l = 0; l < b->nlevels; l++) {
        lv[l].trans = to, lv[l].acc = ao, lv[l].nstates = nst[l];
        memcpy(tr + to, trans[l], 2 * (size_t)nst[l] * 64);
        memcpy(ac + ao, acc[l], 2 * (size_t)nst[l]);
        to += nst[l] * 64, ao += nst[l];
      }
      *blob = img;
      *len = off;
    }
  }
  for (int lv = 0; lv < MAX_LEVELS; lv++) free(trans[lv]), free(acc[lv]);
  for (int r = 0; r < b->ncrules; r++) free(b->cpat[r]);
  free(b);
  return rc;
}
