/* tag.c - part-of-speech tagging: each token starts with its word's most frequent tag (the
 * lexicon's closed-class list, en-lexicon, WordNet; unknown words by their ending), then
 * the contextual rules of data/syntax/tagrules.txt are tried in order on each token, left
 * to right (a Brill-style transformation tagger without learning: the rules are written).
 */
#include "syn_internal.h"

#include <string.h>

/* tag of a punctuation token from its folded form */
static uint8_t punct_tag(const char *f) {
  switch (f[0]) {
  case ',': return SR_T_COMMA;
  case '.': case '!': case '?': return SR_T_PERIOD;
  case ':': case ';': return SR_T_COLON;
  case '(': case '[': case '{': return SR_T_LPAREN;
  case ')': case ']': case '}': return SR_T_RPAREN;
  case '"': case '\'': case '`': return SR_T_QUOTE;
  case '-': return SR_T_DASH;
  default: return SR_T_SYM;
  }
}

/* tags and default of an unknown word from its ending */
static uint32_t guess(const sr_syn *s, const char *f, size_t n, uint8_t *best) {
  for (uint32_t k = 0; k < s->h->n_suffix; k++) {
    const syn_suffix *x = &s->suffix[k];
    if (x->len < n && !memcmp(f + n - x->len, x->suf, x->len)) {
      uint32_t m = 0;
      for (int i = 0; i < x->ntags; i++) m |= 1u << x->tags[i];
      *best = x->tags[0];
      return m;
    }
  }
  *best = SR_T_NN;
  return 1u << SR_T_NN;
}

/* A headline in title case ("Rebels Seize Key Town In North"): capitals do not mark names. */
static int title_case(const sr_text *t, uint32_t b, uint32_t e) {
  int words = 0, caps = 0;
  for (uint32_t i = b + 1; i < e; i++) {
    const sr_token *k = &t->tok[i];
    if (!(k->flags & SR_TOK_WORD) || k->flen < 4) continue;
    words++;
    if (k->flags & SR_TOK_CAP) caps++;
  }
  return words >= 3 && caps * 10 >= words * 7;
}

typedef struct tctx {
  const sr_syn *s;
  const sr_text *t;
  uint32_t b, e;
  uint8_t *tag, *sym;
  uint8_t title;
} tctx;

static int in_set(uint64_t set, const tctx *c, uint32_t i, int outside) {
  if (outside) return (int)(set & 1u); /* NONE */
  return (int)(((set >> c->tag[i]) | (set >> c->sym[i])) & 1u);
}

static int is_adv(const tctx *c, uint32_t i) { return c->tag[i] == SR_T_RB || c->sym[i] == SR_S_NEG; }

static int word_in(const syn_cond *cd, uint32_t w) {
  for (int k = 0; k < cd->nwords; k++)
    if (cd->words[k] == w && w) return 1;
  return 0;
}

/* "first": no word before it in the sentence, or only an opening quote or parenthesis */
static int is_first(const tctx *c, uint32_t i) {
  if (i == c->b) return 1;
  uint8_t p = c->tag[i - 1];
  if (p != SR_T_QUOTE && p != SR_T_LPAREN) return 0;
  return i - 1 == c->b || c->tag[i - 2] == SR_T_COLON || c->tag[i - 2] == SR_T_COMMA;
}

/* "the girls' schools", "the rebels' positions": an apostrophe glued to a word in -s and
 * followed by a word is a possessive, unless it closes a single quote opened before */
static int plural_possessive(const tctx *c, uint32_t i) {
  const sr_text *t = c->t;
  if (i == c->b || i + 1 >= c->e || sr_tok_fold(t, i)[0] != '\'') return 0;
  const sr_token *p = &t->tok[i - 1], *n = &t->tok[i + 1];
  if (!(p->flags & SR_TOK_WORD) || p->off + p->len != t->tok[i].off || !(n->flags & (SR_TOK_WORD | SR_TOK_NUM)))
    return 0;
  if (sr_tok_fold(t, i - 1)[p->flen - 1] != 's' || n->off == t->tok[i].off + t->tok[i].len) return 0;
  int open = 0;
  for (uint32_t j = c->b; j < i - 1; j++)
    if ((t->tok[j].flags & SR_TOK_PUNCT) && sr_tok_fold(t, j)[0] == '\'' && c->tag[j] == SR_T_QUOTE) open = !open;
  return !open;
}

static int cond_holds(const tctx *c, const syn_cond *cd, uint32_t i) {
  const sr_token *tk = c->t->tok;
  int r = 0;
  switch (cd->type) {
  case SC_PREV: r = in_set(cd->set, c, i - 1, i == c->b); break;
  case SC_NEXT: r = in_set(cd->set, c, i + 1, i + 1 >= c->e); break;
  case SC_PREV2: r = in_set(cd->set, c, i - 2, i < c->b + 2); break;
  case SC_NEXT2: r = in_set(cd->set, c, i + 2, i + 2 >= c->e); break;
  case SC_PREVS: {
    uint32_t j = i;
    while (j > c->b && is_adv(c, j - 1)) j--;
    r = in_set(cd->set, c, j - 1, j == c->b);
    break;
  }
  case SC_NEXTS: {
    uint32_t j = i + 1;
    while (j < c->e && is_adv(c, j)) j++;
    r = in_set(cd->set, c, j, j >= c->e);
    break;
  }
  case SC_PWORD: r = i > c->b && word_in(cd, tk[i - 1].word); break;
  case SC_P2WORD: r = i > c->b + 1 && word_in(cd, tk[i - 2].word); break;
  case SC_NWORD: r = i + 1 < c->e && word_in(cd, tk[i + 1].word); break;
  case SC_WORD: r = word_in(cd, tk[i].word); break;
  case SC_PVCLASS: {
    uint32_t w = i > c->b ? tk[i - 1].word : 0;
    r = w && w < c->s->nwords && ((cd->set >> c->s->wsyn[w].vcls) & 1u) && c->s->wsyn[w].vcls;
    break;
  }
  case SC_FIRST: r = is_first(c, i); break;
  case SC_HYPHEN: r = (tk[i].flags & SR_TOK_HYPHEN) != 0; break;
  case SC_NHYPHEN: r = i + 1 < c->e && (tk[i + 1].flags & SR_TOK_HYPHEN) != 0; break;
  case SC_CAP: r = (tk[i].flags & SR_TOK_CAP) != 0; break;
  case SC_ALLCAP: r = (tk[i].flags & SR_TOK_ALLCAP) != 0; break;
  case SC_TITLE: r = c->title; break;
  case SC_FIRST2: r = i == c->b + 1; break;
  case SC_LEXBEST: {
    uint32_t w = tk[i].word;
    r = w && w < c->s->nwords && ((cd->set >> c->s->wsyn[w].best) & 1u);
    break;
  }
  case SC_VERBBEFORE: { /* not inside parentheses: "On 4 March (as reported), Taliban members shot ..." */
    int paren = 0;
    for (uint32_t j = c->b; j < i && !r; j++) {
      uint8_t g = c->tag[j];
      if (g == SR_T_LPAREN) paren++;
      else if (g == SR_T_RPAREN && paren) paren--;
      else if (!paren) r = g == SR_T_VBD || g == SR_T_VBZ || g == SR_T_VBP || g == SR_T_MD;
    }
    break;
  }
  case SC_LASTVERB: { /* "residents said gunmen shot two": the nearest finite verb before is of saying */
    uint32_t j = i;
    while (j > c->b) {
      uint8_t g = c->tag[--j];
      if (g == SR_T_VBD || g == SR_T_VBZ || g == SR_T_VBP || g == SR_T_MD) {
        uint32_t w = tk[j].word;
        r = w && w < c->s->nwords && c->s->wsyn[w].vcls && ((cd->set >> c->s->wsyn[w].vcls) & 1u);
        break;
      }
    }
    break;
  }
  case SC_VBNBY: /* a participle with its by-agent earlier: "Insurgents led by HTS pushed into ..." */
    for (uint32_t j = c->b; j + 1 < i && !r; j++) r = c->tag[j] == SR_T_VBN && c->sym[j + 1] == SR_S_BY;
    break;
  default: r = 0;
  }
  return cd->neg ? !r : r;
}

static uint8_t word_sym(const tctx *c, uint32_t i, uint8_t tag) {
  uint32_t w = c->t->tok[i].word;
  if (w && w < c->s->nwords && c->s->wsyn[w].sym) return c->s->wsyn[w].sym;
  return tag;
}

/* the rules that apply to tag cur, give a tag in allowed and come at or after rule next: a
 * bitset over rule indices (s->rw words) */
static void candidates(const sr_syn *s, uint32_t cur, uint32_t allowed, uint32_t next, uint64_t *cand) {
  for (uint32_t w = 0; w < s->rw; w++) cand[w] = 0;
  for (uint32_t a = allowed & s->gives[cur]; a; a &= a - 1) {
    uint32_t to = (uint32_t)__builtin_ctz(a);
    const uint64_t *m = syn_rmask(s, cur, to);
    for (uint32_t w = next / 64; w < s->rw; w++) cand[w] |= m[w];
  }
  if (next / 64 < s->rw && next % 64) cand[next / 64] &= ~0ull << (next % 64);
}

void sr_syn_tag(const sr_syn *s, const sr_text *t, const uint8_t *mark, uint32_t si, uint8_t *tag,
                uint8_t *sym) {
  syn_tag(s, t, mark, si, tag, sym, 0);
}

void syn_tag(const sr_syn *s, const sr_text *t, const uint8_t *mark, uint32_t si, uint8_t *tag, uint8_t *sym,
             int lexical_only) {
  const sr_sentence *st = &t->sent[si];
  tctx c = {s, t, st->tok_begin, st->tok_end, tag, sym, 0};
  uint32_t masks[SR_TEXT_MAX_SENT_TOKENS + 1];
  uint8_t locked[SR_TEXT_MAX_SENT_TOKENS + 1];
  if (c.e - c.b > SR_TEXT_MAX_SENT_TOKENS) c.e = c.b + SR_TEXT_MAX_SENT_TOKENS;
  c.title = (uint8_t)title_case(t, c.b, c.e);
  /* 1. lexical tags */
  for (uint32_t i = c.b; i < c.e; i++) {
    const sr_token *k = &t->tok[i];
    uint32_t m = 0;
    uint8_t best = 0;
    locked[i - c.b] = 0;
    if (mark && mark[i]) {
      best = SR_T_NNP, locked[i - c.b] = 1;
    } else if (k->flags & SR_TOK_PUNCT) {
      best = punct_tag(sr_tok_fold(t, i)), locked[i - c.b] = 1;
      if (best == SR_T_QUOTE && plural_possessive(&c, i)) best = SR_T_POS;
    } else if (k->flags & SR_TOK_POSS) {
      best = SR_T_POS, m = (1u << SR_T_POS) | (1u << SR_T_VBZ), locked[i - c.b] = 0;
    } else if (k->flags & SR_TOK_NUM) {
      best = SR_T_CD, m = (1u << SR_T_CD) | (1u << SR_T_NNP), locked[i - c.b] = 0;
    } else {
      if (k->word && k->word < s->nwords && s->wsyn[k->word].tags) {
        m = s->wsyn[k->word].tags;
        best = s->wsyn[k->word].best;
      } else if ((k->flags & SR_TOK_CAP) && !is_first(&c, i)) {
        best = SR_T_NNP, m = 1u << SR_T_NNP;
      } else {
        m = guess(s, sr_tok_fold(t, i), k->flen, &best);
        if (k->flags & SR_TOK_CAP) m |= 1u << SR_T_NNP;
      }
    }
    masks[i - c.b] = m;
    tag[i] = best;
    sym[i] = locked[i - c.b] ? best : word_sym(&c, i, best);
  }
  if (lexical_only) return;
  /* 2. contextual rules, in two sweeps: the second sees the right context the first fixed
   * ("killed at least 11": "at least" is an adverb only once the sweep has passed it) */
  const syn_trule *ru = s->run;
  /* the second sweep stops at the last token the first changed: past it, a token saw its
   * final left context in the first sweep and its right context has not changed */
  uint32_t end = c.e, last_change = c.b;
  for (int sweep = 0; sweep < 2; sweep++, end = last_change)
  for (uint32_t i = c.b; i < end; i++) {
    if (locked[i - c.b]) continue;
    uint8_t before = tag[i];
    uint32_t m = masks[i - c.b];
    int ambiguous = (m & (m - 1)) != 0 || m == 0;
    if (sweep && !ambiguous) continue; /* only a word with several readings can change on its right context */
    /* the rules that apply to the current tag, in file order; after a change, the new tag's
     * rules from the next index on */
    uint32_t next = 0;
    /* any word joined by a hyphen may be an adjective ("Kurdish-led", "sit-at-home"); the tags
     * a rule may give: the word's readings, a proper noun, an adjective in a compound */
    int compound = (t->tok[i].flags & SR_TOK_HYPHEN) || (i + 1 < c.e && (t->tok[i + 1].flags & SR_TOK_HYPHEN));
    /* a word with one reading, in lower case and no compound, meets no rule: the rules that can
     * change such a word make proper nouns of capitalised words */
    if (!ambiguous && !compound && !(t->tok[i].flags & (SR_TOK_CAP | SR_TOK_ALLCAP))) continue;
    uint32_t allowed = (1u << SR_T_NNP) | (compound ? 1u << SR_T_JJ : 0) | (ambiguous ? (m ? m : ~0u) : 0) |
                       /* the last part of a compound noun may be a noun whatever the word ("sit-in") */
                       ((t->tok[i].flags & SR_TOK_HYPHEN) ? 1u << SR_T_NN : 0) |
                       /* a past participle after a determiner or "of" may describe a noun ("the
                        * release of detained activists", "the wounded soldiers") */
                       (((m >> SR_T_VBN) & 1u) && i > c.b &&
                                (tag[i - 1] == SR_T_DT || tag[i - 1] == SR_T_PRPS || tag[i - 1] == SR_T_POS ||
                                 tag[i - 1] == SR_T_CD || sym[i - 1] == SR_S_OF)
                            ? 1u << SR_T_JJ
                            : 0);
    /* a word with one reading meets only the proper-noun rules (and, hyphenated, the rest) */
    if (!ambiguous && !compound) allowed &= 1u << SR_T_NNP;
    for (;;) {
      uint32_t cur = tag[i] < SR_T_NWORD ? tag[i] : 0;
      uint64_t cand[SYN_MAX_RULES / 64];
      candidates(s, cur, allowed, next, cand);
      int changed = 0;
      for (uint32_t w = next / 64; w < s->rw && !changed; w++)
        while (cand[w] && !changed) {
          uint32_t r = w * 64 + (uint32_t)__builtin_ctzll(cand[w]);
          cand[w] &= cand[w] - 1;
          next = r + 1u;
          const syn_trule *x = &ru[r];
          int ok = 1;
          for (int k = 0; k < x->ncond && ok; k++) ok = cond_holds(&c, &x->cond[k], i);
          if (!ok) continue;
          changed = tag[i] != x->to;
          tag[i] = x->to;
          sym[i] = word_sym(&c, i, x->to);
          if (x->to == SR_T_VBZ && (t->tok[i].flags & SR_TOK_POSS)) sym[i] = SR_S_BE; /* "it's" */
        }
      if (!changed) break;
    }
    if (!sweep && tag[i] != before) last_change = i;
    /* a word symbol stands only for the word's own readings: "that" tagged as a
     * determiner is no complementizer, "have" as a noun does not occur */
    if (sym[i] >= SR_S_BE && tag[i] == SR_T_NNP) sym[i] = SR_T_NNP;
  }
}
