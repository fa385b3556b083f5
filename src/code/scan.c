/* scan.c - the lexicon pass over a document: every dictionary entry that starts at each
 * token (actors, agent words, countries, demonyms, capitals, action patterns and frames),
 * and the spans of actor names, which the tagger keeps whole as proper nouns.
 */
#include "code_internal.h"

#include <stdlib.h>

#define SCAN_MAX_PER_TOKEN 32

static int push(cdoc *c, uint32_t *cap, const lexm *m) {
  if (c->nlm == *cap) {
    uint32_t nc = *cap ? *cap * 2 : 1024;
    lexm *n = sr_arena_alloc(c->a, nc * sizeof *n);
    if (!n) return SR_ENOMEM;
    if (c->nlm) memcpy(n, c->lm, c->nlm * sizeof *n);
    c->lm = n;
    *cap = nc;
  }
  c->lm[c->nlm++] = *m;
  return 0;
}

/* "anti-tank", "non-state", "pro-Palestinian": the word after such a prefix is a modifier */
static int prefixed(const cdoc *c, uint32_t i, uint32_t sb) {
  return i > sb && (c->t->tok[i].flags & SR_TOK_HYPHEN) &&
         (cd_is(c, i - 1, "anti") || cd_is(c, i - 1, "non") || cd_is(c, i - 1, "pro"));
}

int cd_scan(cdoc *c) {
  const sr_text *t = c->t;
  uint32_t cap = 0;
  c->lm_at = sr_arena_alloc(c->a, (t->ntok + 1) * sizeof *c->lm_at);
  c->mark = sr_arena_calloc(c->a, t->ntok ? t->ntok : 1, 1);
  if (!c->lm_at || !c->mark) return SR_ENOMEM;
  for (uint32_t si = 0; si < c->nsent; si++) {
    const sr_sentence *s = &t->sent[si];
    for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
      c->lm_at[i] = c->nlm;
      const sr_lex_entry *ents[SCAN_MAX_PER_TOKEN];
      uint32_t span[SCAN_MAX_PER_TOKEN];
      int n = sr_lex_match_span(c->lx, t, i, s->tok_end, ents, span, SCAN_MAX_PER_TOKEN);
      if (n && prefixed(c, i, s->tok_begin)) n = 0;
      /* "Pan-American", "Afro-Colombian": a demonym after a capitalised prefix that names
       * nothing is part of an adjective, no mention of a nation */
      if (n && i > s->tok_begin && (t->tok[i].flags & SR_TOK_HYPHEN) && (t->tok[i - 1].flags & SR_TOK_CAP) &&
          c->lm_at[i - 1] == c->nlm) {
        int adj = 1;
        for (int k = 0; k < n; k++) adj &= ents[k]->type == SR_ENT_ADJ;
        if (adj) n = 0;
      }
      for (int k = 0; k < n; k++) {
        lexm m = {i, (uint16_t)span[k], ents[k]->type, 0, ents[k]->val, ents[k]->flags, NULL};
        if (m.type == SR_ENT_ACTION) {
          m.act = sr_lex_action_at(c->lx, m.val);
          if (!m.act) continue;
        }
        if (push(c, &cap, &m)) return SR_ENOMEM;
      }
    }
  }
  for (uint32_t i = (c->nsent ? t->sent[c->nsent - 1].tok_end : 0); i <= t->ntok; i++) c->lm_at[i] = c->nlm;
  /* names: the longest actor match at each token, unless an action pattern there is longer */
  for (uint32_t si = 0; si < c->nsent; si++) {
    const sr_sentence *s = &t->sent[si];
    for (uint32_t i = s->tok_begin; i < s->tok_end;) {
      uint32_t best = 0, act = 0;
      for (uint32_t k = c->lm_at[i]; k < c->lm_at[i + 1]; k++) {
        const lexm *m = &c->lm[k];
        if (m->type == SR_ENT_ACTOR && m->span > best) best = m->span;
        /* a country or capital of several capitalised words stays whole too: "South Sudan",
         * "Burkina Faso", "Addis Ababa" (not "south" + "Sudan") */
        if ((m->type == SR_ENT_COUNTRY || m->type == SR_ENT_CAPITAL) && m->span > 1 && m->span > best &&
            (c->t->tok[i].flags & SR_TOK_CAP) && i + 1 < s->tok_end && (c->t->tok[i + 1].flags & SR_TOK_CAP))
          best = m->span;
        if (m->type == SR_ENT_ACTION && m->span > act) act = m->span;
      }
      if (!best || act > best) {
        i++;
        continue;
      }
      /* "a local People's Defence Force": a longer capitalised name starting inside this one
       * wins ("the Taliban government in Kabul" keeps its first name) */
      int inner = 0;
      for (uint32_t q = i + 1; q < i + best && q < s->tok_end && !inner; q++) {
        if (!(c->t->tok[q].flags & SR_TOK_CAP)) continue;
        for (uint32_t k = c->lm_at[q]; k < c->lm_at[q + 1]; k++)
          if (c->lm[k].type == SR_ENT_ACTOR && q + c->lm[k].span > i + best && c->lm[k].span > best) inner = 1;
      }
      if (inner) {
        i++;
        continue;
      }
      for (uint32_t q = i; q < i + best && q < s->tok_end; q++) c->mark[q] = q == i ? SR_MARK_NAME_B : SR_MARK_NAME_I;
      i += best;
    }
  }
  return 0;
}
