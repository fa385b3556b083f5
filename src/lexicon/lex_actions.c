/* lex_actions.c - the action dictionaries (data/actions/NAME.txt) for the lexicon compiler:
 * irregular verb forms (data/lexicon/irregular.txt), regular inflection, and the expansion
 * of a pattern's positions ("w+", "w++", "a/b", "_ particle") into the word sequences the
 * trie holds, capped at LEX_MAX_EXPANSION per line.
 */
#include "lex_comp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- irregular verbs and inflection */

int lx_parse_irregular_line(comp *c, char *line) {
  char *f[4];
  int n = lx_split(line, '|', f, 4);
  if (n < 3) return lx_comp_fail(c, "expected 'base | past | participle'%s", "");
  char **slot = lx_vec_push(&c->irregular);
  if (!slot) return SR_ENOMEM;
  slot[0] = strdup(f[0]);
  slot[1] = strdup(f[1]);
  slot[2] = strdup(f[2]);
  return 0;
}

typedef struct form {
  char w[64];
  uint16_t flags;
} form;

static int is_vowel(char ch) { return ch && strchr("aeiou", ch) != NULL; }

/* a base ending consonant-vowel-consonant (not w, x, y): "run", "overrun", "target", "ram";
 * whether its last consonant doubles ("running", "targeting") depends on stress, which the
 * spelling does not tell, so a single "+" gives both spellings (the wrong one never occurs) */
static int cvc(const char *base, size_t L) {
  if (L < 3) return 0;
  char a = base[L - 3], v = base[L - 2], z = base[L - 1];
  return !is_vowel(a) && is_vowel(v) && !is_vowel(z) && !strchr("wxy", z);
}

#define ADD(fmt, ...)                                                                    \
  do {                                                                                   \
    if (n < cap) snprintf(out[n].w, 64, fmt, __VA_ARGS__), out[n++].flags = fl_;         \
  } while (0)

/* Inflections of a verb base, at most cap. dbl = double the final consonant ("++"). */
static int inflect(comp *c, const char *base, int dbl, form *out, int cap) {
  int n = 0;
  uint16_t fl_ = 0;
  size_t L = strlen(base);
  if (L == 0 || L > 50) return 0;
  int both = !dbl && cvc(base, L);
  ADD("%s", base);
  for (size_t i = 0; i < c->irregular.n; i++) {
    char **ir = (char **)c->irregular.p + i * 3;
    if (strcmp(ir[0], base) == 0) {
      char tmp[64];
      snprintf(tmp, sizeof tmp, "%s", ir[1]);
      char *alt[4];
      int na = lx_split(tmp, '/', alt, 4);
      fl_ = SR_AF_PART;
      for (int j = 0; j < na; j++) ADD("%s", alt[j]);
      snprintf(tmp, sizeof tmp, "%s", ir[2]);
      na = lx_split(tmp, '/', alt, 4);
      for (int j = 0; j < na; j++) ADD("%s", alt[j]);
      /* -s and -ing are regular even for irregular verbs */
      goto regular_s_ing;
    }
  }
  {
    char last = base[L - 1], prev = L > 1 ? base[L - 2] : 0;
    fl_ = SR_AF_PART;
    if (last == 'e') ADD("%sd", base);
    else if (last == 'y' && !is_vowel(prev)) ADD("%.*sied", (int)L - 1, base);
    else if (dbl) ADD("%s%ced", base, last);
    else ADD("%sed", base);
    if (both) ADD("%s%ced", base, last);
  }
regular_s_ing : {
  char last = base[L - 1], prev = L > 1 ? base[L - 2] : 0;
  fl_ = 0;
  if (last == 'y' && !is_vowel(prev)) ADD("%.*sies", (int)L - 1, base);
  else if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 's' || prev == 'c')))
    ADD("%ses", base);
  else ADD("%ss", base);
  fl_ = SR_AF_ING;
  if (last == 'e' && prev != 'e' && L > 2) ADD("%.*sing", (int)L - 1, base);
  else if (dbl) ADD("%s%cing", base, last);
  else ADD("%sing", base);
  if (both) ADD("%s%cing", base, last);
}
  return n;
}
#undef ADD

/* Expand a pattern into all its word sequences and add each. Pattern
 * positions: "w", "w+" (verb forms), "w++", "a|b|c". At most one "+"
 * position is recorded in the entry flags (the verb's form). */
#define PAT_MAX 12
#define ALT_MAX 24
/* word sequences one pattern line may expand to (the product of its positions'
 * alternatives): the largest lines in data/ give 57,800 (data/actions/coerce.txt); without a
 * cap, 6 positions of 10 alternatives (10^6) took 10 s and 330 MB */
#define LEX_MAX_EXPANSION 100000
typedef struct pos {
  form alt[ALT_MAX];
  int n;
} pos;

static int add_pattern_rec(comp *c, pos *ps, int np, int k, uint32_t *ids, uint16_t fl,
                           const sr_lex_entry *base) {
  if (k == np) {
    sr_lex_entry e = *base;
    e.flags = (uint16_t)(e.flags | fl);
    return lx_add_words_entry(c, ids, np, &e);
  }
  for (int i = 0; i < ps[k].n; i++) {
    uint32_t w[4];
    int nw = lx_phrase_words(c, ps[k].alt[i].w, w, 4);
    if (nw != 1) continue; /* forms are single words */
    ids[k] = w[0];
    int rc = add_pattern_rec(c, ps, np, k + 1, ids, (uint16_t)(fl | ps[k].alt[i].flags), base);
    if (rc) return rc;
  }
  return 0;
}

static const struct {
  const char *name;
  uint8_t act;
} ACTS[] = {{"SAY", SR_ACT_SAY},     {"DENY", SR_ACT_DENY},   {"CLAIM", SR_ACT_CLAIM},
            {"LIGHT", SR_ACT_LIGHT}, {"RECV", SR_ACT_RECV},   {"PLAN", SR_ACT_PLAN},
            {"MODAL", SR_ACT_MODAL}, {"NEG", SR_ACT_NEG},     {"ACCUSE", SR_ACT_ACCUSE},
            {"BLOCK", SR_ACT_BLOCK}, {"OCCUR", SR_ACT_OCCUR}};

static const struct {
  const char *name;
  uint16_t flag;
} AFLAGS[] = {{"noun", SR_AF_NOUN}, {"rev", SR_AF_REV}, {"intr", SR_AF_INTR},
              {"tgtby", SR_AF_TGTBY}, {"weak", SR_AF_WEAK}, {"sym", SR_AF_SYM}, {"place", SR_AF_PLACE},
              {"pair", SR_AF_PAIR}};

int lx_parse_action_line(comp *c, char *line) {
  char *f[4];
  int n = lx_split(line, '|', f, 4);
  if (n < 2) return lx_comp_fail(c, "expected 'CODE | pattern | flags'%s", "");
  sr_lex_action *a = lx_vec_push(&c->actions);
  if (!a) return SR_ENOMEM;
  uint32_t ai = (uint32_t)(c->actions.n - 1);
  a->target = -1;
  const char *code = f[0];
  if (code[0] >= '0' && code[0] <= '9') {
    if (strlen(code) < 2 || strlen(code) > 4) return lx_comp_fail(c, "bad CAMEO code '%s'", code);
    snprintf(a->cameo, sizeof a->cameo, "%s", code);
    a->act = SR_ACT_EVENT;
  } else {
    int ok = 0;
    for (size_t i = 0; i < sizeof ACTS / sizeof ACTS[0]; i++)
      if (strcmp(code, ACTS[i].name) == 0) a->act = ACTS[i].act, ok = 1;
    if (!ok) return lx_comp_fail(c, "unknown action code '%s'", code);
  }
  if (n >= 3 && *f[2]) {
    char *fl[8];
    int nf = lx_split(f[2], ',', fl, 8);
    for (int i = 0; i < nf; i++) {
      int ok = 0;
      for (size_t j = 0; j < sizeof AFLAGS / sizeof AFLAGS[0]; j++)
        if (strcmp(fl[i], AFLAGS[j].name) == 0) a->flags |= AFLAGS[j].flag, ok = 1;
      if (!ok && strncmp(fl[i], "tgt=", 4) == 0 && fl[i][4]) {
        /* implied target: "break up a protest" is aimed at protesters */
        int ti = lx_actor_get(c, fl[i] + 4, NULL, NULL, 0, NULL);
        if (ti < 0) return SR_ENOMEM;
        a = &VAT(c->actions, sr_lex_action, ai);
        a->target = (int32_t)ti;
        ok = 1;
      }
      if (!ok && *fl[i]) return lx_comp_fail(c, "unknown action flag '%s'", fl[i]);
    }
  }
  a->pattern = lx_str_add(c, f[1]);
  /* expand */
  static pos ps[PAT_MAX];
  int np = 0;
  char pat[512];
  snprintf(pat, sizeof pat, "%s", f[1]);
  char *gap = strstr(pat, " _ ");
  if (gap) {
    /* "drive+ _ out": the head goes into the trie, the particle is checked by the coder */
    char *part = lx_trim(gap + 3);
    if (!*part || strchr(part, ' ')) return lx_comp_fail(c, "'_' must be followed by one particle word%s", "");
    uint32_t pw[2];
    if (lx_phrase_words(c, part, pw, 2) != 1) return lx_comp_fail(c, "bad particle '%s'", part);
    a = &VAT(c->actions, sr_lex_action, ai);
    a->particle = lx_str_add(c, part);
    a->flags |= SR_AF_GAP;
    *gap = 0;
  }
  /* a hyphen joins words the tokenizer splits ("sit-in" is "sit" + "in"): a word boundary here too */
  for (char *h = pat; *h; h++)
    if (*h == '-' && h > pat && h[1] && h[-1] != ' ' && h[1] != ' ') *h = ' ';
  char *save = NULL;
  for (char *tok = strtok_r(pat, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
    if (np == PAT_MAX) return lx_comp_fail(c, "pattern longer than %s words", "12");
    pos *p = &ps[np++];
    p->n = 0;
    char *alts[ALT_MAX];
    int na = lx_split(tok, '/', alts, ALT_MAX);
    for (int i = 0; i < na && p->n < ALT_MAX - 6; i++) {
      char *w = alts[i];
      size_t L = strlen(w);
      if (L > 2 && w[L - 1] == '+' && w[L - 2] == '+') {
        w[L - 2] = 0;
        p->n += inflect(c, w, 1, p->alt + p->n, ALT_MAX - p->n);
      } else if (L > 1 && w[L - 1] == '+') {
        w[L - 1] = 0;
        p->n += inflect(c, w, 0, p->alt + p->n, ALT_MAX - p->n);
      } else {
        snprintf(p->alt[p->n].w, 64, "%s", w);
        p->alt[p->n++].flags = 0;
      }
    }
  }
  if (!np) return lx_comp_fail(c, "empty pattern%s", "");
  uint64_t nseq = 1;
  for (int k = 0; k < np; k++) {
    nseq *= (uint64_t)(ps[k].n ? ps[k].n : 1);
    if (nseq > LEX_MAX_EXPANSION)
      return lx_comp_fail(c, "pattern expands to more than %s word sequences (LEX_MAX_EXPANSION)", "100000");
  }
  uint32_t ids[PAT_MAX];
  sr_lex_entry e = {0};
  e.type = SR_ENT_ACTION;
  e.val = ai;
  return add_pattern_rec(c, ps, np, 0, ids, 0, &e);
}
