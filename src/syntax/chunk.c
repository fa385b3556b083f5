/* chunk.c - chunks with heads: the cascade of data/syntax/chunks.txt run over one
 * sentence's symbols (each level's automaton, longest match first), then the features of
 * each chunk read off its words (a noun phrase's determiner and number, a verb group's
 * voice, tense, aspect, negation and modality) and the possessor links ("the army 's
 * posts": posts.poss = the army).
 */
#include "syn_internal.h"

#include <string.h>

typedef struct item {
  uint32_t b, e, head;
  uint8_t sym;
} item;

static sr_chunk *new_chunk(sr_parse *p, sr_arena *a) {
  if (p->nch == p->cap_ch) {
    uint32_t nc = p->cap_ch ? p->cap_ch * 2 : 256;
    sr_chunk *n = sr_arena_alloc(a, nc * sizeof *n);
    if (!n) return NULL;
    if (p->nch) memcpy(n, p->ch, p->nch * sizeof *n);
    p->ch = n;
    p->cap_ch = nc;
  }
  sr_chunk *c = &p->ch[p->nch++];
  memset(c, 0, sizeof *c);
  c->clause = c->poss = c->prep = c->attach = c->conj = c->appos = -1;
  c->subj = c->obj = c->agent = c->gov = -1;
  return c;
}

static uint16_t np_features(const sr_syn *s, const sr_text *t, const sr_parse *p, const sr_chunk *c) {
  uint16_t f = 0;
  uint8_t ht = p->tag[c->head];
  for (uint32_t k = c->b; k < c->e; k++) {
    uint32_t w = t->tok[k].word;
    uint8_t tg = p->tag[k];
    if (tg == SR_T_CD) f |= SR_NP_NUM;
    if (k == c->head) continue;
    if (tg == SR_T_DT || tg == SR_T_PRPS) {
      if (tg == SR_T_PRPS || SYN_IN(s->w_def, w)) f |= SR_NP_DEF;
      else if (SYN_IN(s->w_indef, w)) f |= SR_NP_INDEF;
      else if (SYN_IN(s->w_neg, w)) f |= SR_NP_NEG;
    }
  }
  if (ht == SR_T_NNS) f |= SR_NP_PL;
  if (ht == SR_T_PRP) {
    f |= SR_NP_PRON;
    if (SYN_IN(s->w_plpron, t->tok[c->head].word)) f |= SR_NP_PL;
  }
  if (ht == SR_T_NNP) f |= SR_NP_PROPER;
  if (ht == SR_T_DT && SYN_IN(s->w_neg, t->tok[c->head].word)) f |= SR_NP_NEG;
  return f;
}

static uint16_t vg_features(const sr_syn *s, const sr_text *t, const sr_parse *p, const sr_chunk *c) {
  uint16_t f = 0;
  int be = 0, get = 0, aux = 0, first = 1;
  for (uint32_t k = c->b; k < c->e; k++) {
    uint8_t tg = p->tag[k], sy = p->sym[k];
    uint32_t w = t->tok[k].word;
    if (sy == SR_S_NEG || (sr_lex_wflags(s->lx, w) & SR_W_NEG)) f |= SR_VG_NEG;
    if (tg == SR_T_RB || sy == SR_S_NEG) continue;
    if (tg == SR_T_TO) {
      f |= SR_VG_INF;
      continue;
    }
    if (first) {
      first = 0;
      if (tg == SR_T_VBD || tg == SR_T_VBZ || tg == SR_T_VBP || tg == SR_T_MD) f |= SR_VG_FINITE;
      if (tg == SR_T_VBD) f |= SR_VG_PAST;
    }
    if (tg == SR_T_MD) {
      f |= SYN_IN(s->w_fut, w) ? SR_VG_FUT : SR_VG_MODAL;
      aux = 1;
      continue;
    }
    if (k == c->head) break;
    if (sy == SR_S_HAVE) f |= SR_VG_PERF, aux = 1;
    else if (sy == SR_S_BE) {
      be = 1, aux = 1;
      if (tg == SR_T_VBG) f |= SR_VG_PROG; /* "is being shelled" */
    }
    else if (sy == SR_S_GET) get = 1, aux = 1;
    else if (sy == SR_S_DO) aux = 1;
  }
  uint8_t ht = p->tag[c->head], hs = p->sym[c->head];
  if (ht == SR_T_VBN && (be || get)) f |= SR_VG_PASSIVE;
  if (ht == SR_T_VBG && be) f |= SR_VG_PROG;
  if (!aux && !(f & SR_VG_INF)) {
    if (ht == SR_T_VBG) f |= SR_VG_ING;
    else if (ht == SR_T_VBN) f |= SR_VG_PART;
    else if (ht == SR_T_VB) f |= SR_VG_BASE;
  }
  if (hs == SR_S_BE || hs == SR_S_HAVE || hs == SR_S_DO) f |= SR_VG_COPULA;
  return f;
}

int sr_syn_chunk(const sr_syn *s, const sr_text *t, const uint8_t *mark, sr_parse *p, uint32_t si,
                 sr_arena *a) {
  (void)mark;
  const sr_sentence *st = &t->sent[si];
  uint32_t b = st->tok_begin, e = st->tok_end;
  if (e - b > SR_TEXT_MAX_SENT_TOKENS) e = b + SR_TEXT_MAX_SENT_TOKENS;
  uint32_t n = e - b;
  item it[SR_TEXT_MAX_SENT_TOKENS], out[SR_TEXT_MAX_SENT_TOKENS];
  uint8_t syms[SR_TEXT_MAX_SENT_TOKENS];
  for (uint32_t i = 0; i < n; i++) it[i] = (item){b + i, b + i + 1, b + i, p->sym[b + i]};
  /* the cascade: each level rewrites the item sequence */
  for (uint32_t lvn = 0; lvn < s->h->n_levels; lvn++) {
    const syn_level *lv = &s->levels[lvn];
    const uint16_t *tr = s->trans + lv->trans;
    const int16_t *ac = s->acc + lv->acc;
    for (uint32_t i = 0; i < n; i++) syms[i] = it[i].sym;
    uint32_t m = 0;
    for (uint32_t i = 0; i < n;) {
      int rule = -1;
      uint32_t len = syn_fsa_longest(tr, ac, syms + i, n - i, &rule);
      if (!len || rule < 0) {
        out[m++] = it[i++];
        continue;
      }
      const syn_crule *r = &s->crules[rule];
      item x = {it[i].b, it[i + len - 1].e, it[i + len - 1].head, r->label};
      for (uint32_t k = i + len; k-- > i;)
        if ((r->head >> it[k].sym) & 1u) {
          x.head = it[k].head;
          break;
        }
      out[m++] = x;
      i += len;
    }
    memcpy(it, out, m * sizeof *it);
    n = m;
  }
  /* chunks, their features and the possessor links */
  uint32_t first = p->nch, count = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (it[i].sym < SR_S_NP) continue;
    if (count == SR_SYN_MAX_CHUNKS) break;
    sr_chunk *c = new_chunk(p, a);
    if (!c) return SR_ENOMEM;
    count++;
    c->b = it[i].b, c->e = it[i].e, c->head = it[i].head, c->sent = si;
    c->kind = it[i].sym == SR_S_NP ? SR_CH_NP : it[i].sym == SR_S_VG ? SR_CH_VG
              : it[i].sym == SR_S_ADVP ? SR_CH_ADVP : SR_CH_ADJP;
    if (c->kind == SR_CH_NP) c->feat = np_features(s, t, p, c);
    else if (c->kind == SR_CH_VG) c->feat = vg_features(s, t, p, c);
    for (uint32_t k = c->b; k < c->e; k++) p->chunk_of[k] = (int32_t)(p->nch - 1);
  }
  for (uint32_t k = first; k + 1 < p->nch; k++) {
    sr_chunk *c = &p->ch[k], *d = &p->ch[k + 1];
    if (c->kind == SR_CH_NP && d->kind == SR_CH_NP && c->e < e && p->tag[c->e] == SR_T_POS && d->b == c->e + 1) {
      d->poss = (int32_t)k;
      c->feat |= SR_NP_POSSR;
    }
  }
  return 0;
}
