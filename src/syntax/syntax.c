/* syntax.c - the syntactic layer's handle (attached to the lexicon image) and the driver
 * that runs its stages over a document: tag.c -> chunk.c -> clause.c -> relations.c.
 * print.c writes a parse as text.
 */
#include "syn_internal.h"

#include <stdlib.h>
#include <string.h>

/* the cost of testing a condition: token flags, then words, then neighbour tags, then scans */
static int cond_cost(uint8_t type) {
  switch (type) {
  case SC_WORD: case SC_CAP: case SC_ALLCAP: case SC_HYPHEN: case SC_NHYPHEN: case SC_TITLE: case SC_FIRST2: return 0;
  case SC_PWORD: case SC_NWORD: case SC_P2WORD: return 1;
  case SC_PREVS: case SC_NEXTS: return 3;
  case SC_VERBBEFORE: case SC_LASTVERB: case SC_VBNBY: return 4;
  default: return 2;
  }
}

/* a rule's conditions, cheapest first (all must hold and none has a side effect, so the order
 * changes no result; a rule that fails is left at its cheapest failing test) */
static void sort_conds(syn_trule *r) {
  for (int i = 1; i < r->ncond; i++)
    for (int j = i; j > 0 && cond_cost(r->cond[j].type) < cond_cost(r->cond[j - 1].type); j--) {
      syn_cond x = r->cond[j];
      r->cond[j] = r->cond[j - 1], r->cond[j - 1] = x;
    }
}

int sr_syn_open(sr_syn **out, const sr_lex *lx, sr_error *err) {
  *out = NULL;
  size_t len = 0;
  const unsigned char *b = sr_lex_syn_blob(lx, &len);
  if (!b || len < sizeof(syn_hdr))
    return sr_error_set(err, SR_EINPUT, "the lexicon image has no syntax section (rebuild it from data/)");
  const syn_hdr *h = (const syn_hdr *)b;
  if (memcmp(h->magic, SYN_MAGIC, 8) || h->size != len)
    return sr_error_set(err, SR_EINPUT, "the lexicon image's syntax section is corrupt");
#define SEC(off, n, sz) ((uint64_t)(off) + (uint64_t)(n) * (sz) <= len)
  if (!SEC(h->off_rules, h->n_rules, sizeof(syn_trule)) || !SEC(h->off_suffix, h->n_suffix, sizeof(syn_suffix)) ||
      !SEC(h->off_crules, h->n_crules, sizeof(syn_crule)) || !SEC(h->off_levels, h->n_levels, sizeof(syn_level)) ||
      !SEC(h->off_trans, h->n_trans, 2) || !SEC(h->off_acc, h->n_acc, 2))
    return sr_error_set(err, SR_EINPUT, "the lexicon image's syntax section is corrupt (bounds)");
#undef SEC
  const syn_level *lv = (const syn_level *)(b + h->off_levels);
  const syn_crule *cr = (const syn_crule *)(b + h->off_crules);
  const uint16_t *tr = (const uint16_t *)(b + h->off_trans);
  const int16_t *ac = (const int16_t *)(b + h->off_acc);
  /* every state, transition and accepted rule must stay inside the tables */
  for (uint32_t l = 0; l < h->n_levels; l++) {
    if (lv[l].nstates < 2 || (uint64_t)lv[l].trans + (uint64_t)lv[l].nstates * 64 > h->n_trans ||
        (uint64_t)lv[l].acc + lv[l].nstates > h->n_acc)
      return sr_error_set(err, SR_EINPUT, "the lexicon image's chunk automaton is corrupt");
    for (uint32_t k = 0; k < lv[l].nstates * 64; k++)
      if (tr[lv[l].trans + k] >= lv[l].nstates)
        return sr_error_set(err, SR_EINPUT, "the lexicon image's chunk automaton is corrupt");
    for (uint32_t k = 0; k < lv[l].nstates; k++)
      if (ac[lv[l].acc + k] >= (int32_t)h->n_crules || (ac[lv[l].acc + k] >= 0 && cr[ac[lv[l].acc + k]].level != l))
        return sr_error_set(err, SR_EINPUT, "the lexicon image's chunk automaton is corrupt");
  }
  const syn_trule *ru = (const syn_trule *)(b + h->off_rules);
  for (uint32_t r = 0; r < h->n_rules; r++)
    if (ru[r].to == 0 || ru[r].to >= SR_T_NWORD || ru[r].ncond > SYN_MAX_COND)
      return sr_error_set(err, SR_EINPUT, "the lexicon image's tag rules are corrupt");
  const syn_suffix *sx = (const syn_suffix *)(b + h->off_suffix);
  for (uint32_t k = 0; k < h->n_suffix; k++)
    if (sx[k].len == 0 || sx[k].len >= sizeof sx[k].suf || sx[k].ntags == 0 || sx[k].ntags > 4)
      return sr_error_set(err, SR_EINPUT, "the lexicon image's suffix table is corrupt");
  sr_syn *s = calloc(1, sizeof *s);
  if (!s) return sr_error_set(err, SR_ENOMEM, "out of memory");
  s->lx = lx;
  s->h = h;
  s->rules = ru;
  s->run = malloc((h->n_rules ? h->n_rules : 1) * sizeof *s->run);
  if (!s->run) {
    free(s);
    return sr_error_set(err, SR_ENOMEM, "out of memory (tag rules)");
  }
  for (uint32_t r = 0; r < h->n_rules; r++) s->run[r] = ru[r], sort_conds(&s->run[r]);
  s->suffix = sx;
  s->crules = cr;
  s->levels = lv;
  s->trans = tr;
  s->acc = ac;
  s->wsyn = sr_lex_wsyn_table(lx, &s->nwords);
  static const char *DEF[] = {"the", "this", "these", "those", "that"};
  static const char *INDEF[] = {"a", "an", "another", "some", "any", "one"};
  static const char *NEG[] = {"no", "none"};
  static const char *FUT[] = {"will", "shall", "wont", "ll"};
  static const char *PL[] = {"they", "them", "we", "us", "their", "these"};
#define WORDS(dst, src) for (size_t i_ = 0; i_ < sizeof src / sizeof src[0]; i_++) dst[i_] = sr_lex_word(lx, src[i_], strlen(src[i_]))
  WORDS(s->w_def, DEF);
  WORDS(s->w_indef, INDEF);
  WORDS(s->w_neg, NEG);
  WORDS(s->w_fut, FUT);
  WORDS(s->w_plpron, PL);
#undef WORDS
  /* index the tag rules by the tag they apply to and the tag they give: one bit per rule,
   * so the tagger walks only the rules that can apply, in file order */
  if (h->n_rules > SYN_MAX_RULES) {
    free(s->run), free(s);
    return sr_error_set(err, SR_EINPUT, "the lexicon image has more than %d tag rules", SYN_MAX_RULES);
  }
  s->rw = (h->n_rules + 63) / 64;
  s->rmask = calloc((size_t)SR_T_NWORD * SR_T_NWORD * (s->rw ? s->rw : 1), sizeof *s->rmask);
  if (!s->rmask) {
    free(s->run), free(s);
    return sr_error_set(err, SR_ENOMEM, "out of memory (tag rule index)");
  }
  for (uint32_t t = 0; t < SR_T_NWORD; t++)
    for (uint32_t r = 0; r < h->n_rules; r++)
      if ((ru[r].from >> t) & 1u) {
        syn_rmask(s, t, ru[r].to)[r / 64] |= 1ull << (r % 64);
        s->gives[t] |= 1u << ru[r].to;
      }
  s->w_that = sr_lex_word(lx, "that", 4);
  s->w_going = sr_lex_word(lx, "going", 5);
  s->w_according = sr_lex_word(lx, "according", 9);
  s->w_as = sr_lex_word(lx, "as", 2), s->w_well = sr_lex_word(lx, "well", 4);
  s->w_along = sr_lex_word(lx, "along", 5), s->w_together = sr_lex_word(lx, "together", 8);
  s->w_with = sr_lex_word(lx, "with", 4), s->w_on = sr_lex_word(lx, "on", 2);
  s->w_late = sr_lex_word(lx, "late", 4), s->w_early = sr_lex_word(lx, "early", 5);
  s->w_when = sr_lex_word(lx, "when", 4);
  *out = s;
  return 0;
}

void sr_syn_close(sr_syn *s) {
  if (!s) return;
  free(s->rmask);
  free(s->run);
  free(s);
}

uint32_t sr_syn_wtags(const sr_syn *s, uint32_t w) { return w && w < s->nwords ? s->wsyn[w].tags : 0; }
uint8_t sr_syn_nclass(const sr_syn *s, uint32_t w) { return w && w < s->nwords ? s->wsyn[w].ncls : 0; }
uint8_t sr_syn_vclass(const sr_syn *s, uint32_t w) { return w && w < s->nwords ? s->wsyn[w].vcls : 0; }

int sr_syn_parse(const sr_syn *s, const sr_text *t, const uint8_t *mark, sr_arena *a, sr_parse *p,
                 sr_error *err) {
  return sr_syn_parse_ex(s, t, mark, NULL, a, p, err);
}

int sr_syn_parse_ex(const sr_syn *s, const sr_text *t, const uint8_t *mark, const uint8_t *need, sr_arena *a,
                    sr_parse *p, sr_error *err) {
  memset(p, 0, sizeof *p);
  uint32_t n = t->ntok ? t->ntok : 1;
  p->tag = sr_arena_alloc(a, n);
  p->sym = sr_arena_alloc(a, n);
  p->chunk_of = sr_arena_alloc(a, n * sizeof *p->chunk_of);
  p->clause_of = sr_arena_alloc(a, n * sizeof *p->clause_of);
  p->sent_ch = sr_arena_alloc(a, (t->nsent + 1) * sizeof *p->sent_ch);
  p->sent_cl = sr_arena_alloc(a, (t->nsent + 1) * sizeof *p->sent_cl);
  if (!p->tag || !p->sym || !p->chunk_of || !p->clause_of || !p->sent_ch || !p->sent_cl)
    return sr_error_set(err, SR_ENOMEM, "document too large to parse");
  memset(p->chunk_of, 0xff, n * sizeof *p->chunk_of);
  memset(p->clause_of, 0xff, n * sizeof *p->clause_of);
  for (uint32_t si = 0; si < t->nsent; si++) {
    uint8_t depth = need ? need[si] : SR_PARSE_FULL;
    syn_tag(s, t, mark, si, p->tag, p->sym, depth == SR_PARSE_LEXICAL);
    p->sent_ch[si] = p->nch;
    if (depth != SR_PARSE_LEXICAL && sr_syn_chunk(s, t, mark, p, si, a))
      return sr_error_set(err, SR_ENOMEM, "document too large to parse");
  }
  p->sent_ch[t->nsent] = p->nch;
  for (uint32_t si = 0; si < t->nsent; si++) {
    p->sent_cl[si] = p->ncl;
    if (need && need[si] == SR_PARSE_CHUNKS) syn_np_relations(s, t, p, si);
    if (need && need[si] != SR_PARSE_FULL) continue;
    if (sr_syn_clauses(s, t, p, si, a)) return sr_error_set(err, SR_ENOMEM, "document too large to parse");
    sr_syn_relations(s, t, p, si);
  }
  p->sent_cl[t->nsent] = p->ncl;
  return 0;
}
