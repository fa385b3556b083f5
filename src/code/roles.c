/* roles.c - the noun phrases that fill an event's roles, read off the grammatical relations:
 *   a verb's prepositional phrases ("opened fire on X", "clashed with X", "fled from X")
 *   a noun trigger's phrases ("an attack by X on Y", "the shelling of Y", "fire from X")
 *   "between X and Y", "X and Y" (conjuncts), "including Y" / "among them Y" (members),
 *   "backed by X", "with help from X", "alongside X" (supporting forces)
 */
#include "code_internal.h"

/* is token i the word w (folded)? */
#define IS(i, w) cd_is(c, (i), (w))

/* verb group j is inside a free relative of naming after a preposition ("at what Moscow said
 * was X"): the syntax gave X that preposition, which stands before the verb */
static int in_named_pp(const cdoc *c, uint32_t j, uint32_t end) {
  for (uint32_t z = j + 1; z < end && z < j + 3; z++) {
    const sr_chunk *y = &c->p.ch[z];
    if (y->kind == SR_CH_VG) continue;
    return y->kind == SR_CH_NP && y->prep >= 0 && (uint32_t)y->prep < c->p.ch[j].b;
  }
  return 0;
}

/* NP chunks after chunk k in the same clause (and its participial or coordinated tails when
 * tails is set), up to the next verb group: calls fn until it returns >= 0 */
int32_t cd_pp_after(const cdoc *c, int32_t k, const char *const *preps, int stop_at_verb) {
  const sr_chunk *x = &c->p.ch[k];
  uint32_t end = c->p.sent_ch[x->sent + 1];
  for (uint32_t j = (uint32_t)k + 1; j < end && j < (uint32_t)k + 12; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind == SR_CH_VG) {
      if (stop_at_verb && !in_named_pp(c, j, end)) break;
      continue;
    }
    if (y->kind != SR_CH_NP || y->prep < 0) continue;
    /* "at what Moscow said was a command post": the named phrase carries the preposition */
    if (y->clause != x->clause && c->p.cl[y->clause].parent != x->clause && !((uint32_t)y->prep < c->p.ch[j - 1].b))
      break;
    if (cd_wf(c, y->head) & SR_W_TIME) continue; /* "on Wednesday", "at dawn" */
    /* ", with army jets bombarding RSF bases": an absolute phrase, a scene of its own */
    if (IS((uint32_t)y->prep, "with") && y->prep > 0 && c->p.tag[y->prep - 1] == SR_T_COMMA && j + 1 < end &&
        c->p.ch[j + 1].kind == SR_CH_VG && (c->p.ch[j + 1].feat & SR_VG_ING))
      break;
    for (int p = 0; preps[p]; p++)
      if (IS((uint32_t)y->prep, preps[p])) return (int32_t)j;
  }
  return -1;
}

/* the NP right after the last token of a pattern ("fell to X", "came under fire from X") */
int32_t cd_np_after_tok(const cdoc *c, uint32_t tok) {
  uint32_t se = c->t->ntok;
  for (uint32_t q = tok + 1; q > 0 && q-- > 0;) { /* the sentence of the nearest chunk at or before tok */
    if (c->p.chunk_of[q] >= 0) {
      se = c->t->sent[c->p.ch[c->p.chunk_of[q]].sent].tok_end;
      break;
    }
  }
  for (uint32_t q = tok + 1; q < se && q < tok + 4; q++) {
    int32_t k = c->p.chunk_of[q];
    /* "fired at what Moscow said was a command post": the phrase the free relative names */
    if (k >= 0 && c->p.ch[k].kind == SR_CH_NP && q > tok + 1 && c->p.tag[q - 1] == SR_T_WP) {
      uint32_t end = c->p.sent_ch[c->p.ch[k].sent + 1];
      for (uint32_t z = (uint32_t)k + 1; z < end && z < (uint32_t)k + 5; z++)
        if (c->p.ch[z].kind == SR_CH_NP && c->p.ch[z].prep == (int32_t)tok) return (int32_t)z;
    }
    if (k >= 0 && c->p.ch[k].kind == SR_CH_NP) return k;
    if (k >= 0) return -1;
    if (c->p.tag[q] == SR_T_COMMA || c->p.tag[q] == SR_T_PERIOD) return -1;
  }
  return -1;
}

/* the target phrase of a verb: "on/against/at/upon/targeting X" */
int32_t cd_target_pp(const cdoc *c, int32_t v, int tgtby) {
  static const char *const P[] = {"on", "against", "at", "upon", "targeting", "into", NULL};
  static const char *const Q[] = {"on", "against", "at", "upon", "targeting", "into", "with", "to", NULL};
  int32_t t = cd_pp_after(c, v, tgtby ? Q : P, 1);
  if (t < 0) return -1;
  /* the phrase must hang on the verb or its object: "recaptured X, a stronghold on the river"
   * has no target in "on the river" */
  int32_t at = c->p.ch[t].attach, obj = c->p.ch[v].kind == SR_CH_VG ? c->p.ch[v].obj : -1;
  /* "handed over its base in Gao to the army": a place phrase on the object passes it on */
  for (int hop = 0; hop < 2 && at >= 0 && at != obj && c->p.ch[at].kind == SR_CH_NP && c->p.ch[at].prep >= 0 &&
                    (c->np[at].hc == HC_PLACE || (cd_wf(c, (uint32_t)c->p.ch[at].prep) & SR_W_LOCPREP)) &&
                    c->p.ch[at].attach >= 0;
       hop++)
    at = c->p.ch[at].attach;
  if (at < 0 || at == v || c->p.ch[at].kind != SR_CH_NP || c->p.ch[v].kind != SR_CH_VG) return t;
  /* the object, its coordinated phrases ("tear gas and live rounds at X") or its of-phrase */
  for (int32_t o = obj, n = 0; o >= 0 && n < 8; o = c->p.ch[o].conj, n++) {
    if (o == at || c->np[o].ofc == at) return t;
    if (c->p.ch[o].kind != SR_CH_NP) break;
  }
  return -1;
}

/* "between X and Y": the first of the pair, -1 */
int32_t cd_between(const cdoc *c, int32_t k) {
  static const char *const P[] = {"between", NULL};
  return cd_pp_after(c, k, P, 0);
}

/* a noun trigger's source phrase: "by X", or "from X" where it says whose fire it is */
int32_t cd_noun_agent(const cdoc *c, int32_t k, int allow_from) {
  static const char *const BY[] = {"by", NULL};
  static const char *const BYF[] = {"by", "from", NULL};
  return cd_pp_after(c, k, allow_from ? BYF : BY, 1);
}

/* a noun trigger's target phrase: "on/against/upon/targeting X"; with of_target, "of X" too
 * ("the shelling of X", "the abduction of X") */
int32_t cd_noun_target(const cdoc *c, int32_t k, int of_target) {
  static const char *const P[] = {"on", "against", "upon", "targeting", "at", NULL};
  int32_t t = cd_pp_after(c, k, P, 1);
  if (t < 0 && of_target) {
    const npinfo *n = &c->np[k];
    if (n->ofc >= 0) t = n->ofc;
  }
  return t;
}

/* NP a lies inside a participle that modifies the subject s before its verb ("forces aligned
 * with the government, backed by US air strikes, captured": the backing is the forces') */
static int in_subject_modifier(const cdoc *c, int32_t a, int32_t s, int32_t v) {
  if (a < 0 || s < 0 || a <= s || a >= v) return 0;
  /* "troops loyal to Baghdad, supported by coalition warplanes, retook": only modifiers of
   * the subject stand between it and the anchor, no verb of its own */
  for (int32_t j = s + 1; j < a; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind == SR_CH_VG && !(y->feat & (SR_VG_PART | SR_VG_ING))) return 0;
  }
  int32_t ci = c->p.ch[a].clause;
  return ci >= 0 && (c->p.ch[s].clause == ci || (c->p.cl[ci].kind == SR_CL_PART && c->p.cl[ci].anchor == s));
}

/* the side that gives the support NP a names: "backed by air strikes from the coalition",
 * "backed by artillery of the 5th brigade" (the act's or the weapon's giver), else a itself */
static int32_t support_giver(const cdoc *c, int32_t a) {
  if (c->np[a].hc != HC_EVENT && c->np[a].hc != HC_WEAPON) return a;
  uint32_t end = c->p.sent_ch[c->p.ch[a].sent + 1];
  for (uint32_t j = (uint32_t)a + 1; j < end && j < (uint32_t)a + 3; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind != SR_CH_NP || y->prep < 0 || y->attach != a) continue;
    if ((IS((uint32_t)y->prep, "from") || IS((uint32_t)y->prep, "by") || IS((uint32_t)y->prep, "of")) &&
        c->np[j].hc == HC_ACTOR)
      return (int32_t)j;
  }
  return a;
}

/* supporting forces of the act at chunk v with subject s: "backed by X" (a participle on the
 * subject or before it), "with help/support from X", "alongside X", "with the support of X".
 * Writes up to max NP chunks to out; returns the count. */
int cd_supporters(const cdoc *c, int32_t v, int32_t s, int32_t *out, int max) {
  int n = 0;
  const sr_parse *p = &c->p;
  const sr_chunk *x = &p->ch[v];
  uint32_t cf = p->sent_ch[x->sent], cl = p->sent_ch[x->sent + 1];
  for (uint32_t j = cf; j < cl && n < max; j++) {
    const sr_chunk *y = &p->ch[j];
    /* "Government forces, backed by Russian jets, retook ...", "Backed by X, forces retook" */
    if (y->kind == SR_CH_VG && (cd_wf(c, y->head) & SR_W_SUPPORT) && y->agent >= 0 && y->clause >= 0) {
      const sr_clause *k = &p->cl[y->clause];
      /* "pushed into Mosul on Tuesday, backed by ...": a time phrase is no anchor; the
       * participle after the comma goes with the clause's subject */
      int time_anchor = k->anchor >= 0 && p->ch[k->anchor].kind == SR_CH_NP && (cd_wf(c, p->ch[k->anchor].head) & SR_W_TIME) &&
                        p->ch[k->anchor].clause == x->clause;
      /* "... for the first time in two years, backed by ...", "pushed into Mosul, backed by":
       * after a comma, a participle of support next to a phrase that is no actor is the
       * subject's (places, times and things are not backed) */
      if (!time_anchor && k->anchor >= 0 && p->ch[k->anchor].kind == SR_CH_NP && p->ch[k->anchor].clause == x->clause &&
          c->np[k->anchor].hc != HC_ACTOR && y->b > 0 && p->tag[y->b - 1] == SR_T_COMMA)
        time_anchor = 1;
      if (k->kind == SR_CL_PART &&
          (k->anchor == s || time_anchor || (k->anchor < 0 && y->subj == s) || in_subject_modifier(c, k->anchor, s, v)))
        out[n++] = support_giver(c, y->agent);
      continue;
    }
    int near = j > (uint32_t)v ? j < (uint32_t)v + 6 : 1;
    if (near && cd_ally_pp(c, (int32_t)j)) out[n++] = (int32_t)j;
  }
  return n;
}

int cd_ally_pp(const cdoc *c, int32_t j) {
  const sr_chunk *y = &c->p.ch[j];
  if (y->kind != SR_CH_NP || y->prep < 0) return 0;
  uint32_t pr = (uint32_t)y->prep;
  if (IS(pr, "alongside")) return 1;
  return (IS(pr, "from") || IS(pr, "of")) && pr > 0 && (IS(pr - 1, "help") || IS(pr - 1, "support") || IS(pr - 1, "backing"));
}

/* members named with the subject: "X, including Y, attacked", "X, among them Y," */
int cd_members(const cdoc *c, int32_t s, int32_t *out, int max) {
  int n = 0;
  const sr_parse *p = &c->p;
  const sr_chunk *x = &p->ch[s];
  uint32_t cl = p->sent_ch[x->sent + 1];
  for (uint32_t j = (uint32_t)s + 1; j < cl && j < (uint32_t)s + 4 && n < max; j++) {
    const sr_chunk *y = &p->ch[j];
    if (y->kind != SR_CH_NP) break;
    if (y->prep < 0 || !(IS((uint32_t)y->prep, "including") || IS((uint32_t)y->prep, "among"))) continue;
    /* "among them Russian contractors": the phrase after the pronoun */
    if (IS(y->head, "them") && j + 1 < cl && p->ch[j + 1].kind == SR_CH_NP) j++;
    out[n++] = (int32_t)j;
  }
  return n;
}
