/* clause.c - clauses of one sentence over its chunks: the main clause and the clauses
 * opened inside it, each found by its opener and ended by its own rule:
 *   relative     "X, which ..." / "X who ..."           wh-word after a noun phrase
 *   subordinate  "after the army withdrew", "if ..."     a subordinator followed by a verb
 *   complement   "said (that) ...", "feared ..."         "that", or a verb of saying or
 *                                                        thinking (WordNet verb class) before
 *                                                        a subject and a verb
 *   participial  ", killing 20", "X, ambushed by Y"      a bare participle after a comma or a
 *                                                        noun phrase
 *   infinitive   "threatened to attack"                  a to-verb group
 *   coordinated  "... and seized the bridge"             and/but/or before a verb (shared
 *                                                        subject) or a subject and a verb
 *   attribution  "..., the army said."                   a verb of saying at the end
 * Clauses nest by position; each token's innermost clause is recorded.
 */
#include "syn_internal.h"

#include <string.h>

typedef struct cctx {
  const sr_syn *s;
  const sr_text *t;
  sr_parse *p;
  uint32_t b, e;   /* sentence tokens */
  uint32_t cf, cl; /* sentence chunks */
} cctx;

static const sr_chunk *chunk_at(const cctx *c, uint32_t i) {
  if (i >= c->e) return NULL;
  int32_t k = c->p->chunk_of[i];
  return k >= 0 ? &c->p->ch[k] : NULL;
}

static int is_vg(const sr_chunk *x) { return x && x->kind == SR_CH_VG; }
static int is_np(const sr_chunk *x) { return x && x->kind == SR_CH_NP; }
static int finite(const sr_chunk *x) { return is_vg(x) && (x->feat & SR_VG_FINITE); }
static uint8_t tag(const cctx *c, uint32_t i) { return c->p->tag[i]; }
static uint64_t wflags(const cctx *c, uint32_t i) { return sr_lex_wflags(c->s->lx, c->t->tok[i].word); }

static int boundary_punct(uint8_t t) { return t == SR_T_COMMA || t == SR_T_COLON || t == SR_T_PERIOD || t == SR_T_DASH; }

/* a verb of saying or thinking (WordNet): its complement may come without "that" */
static int saying_verb(const cctx *c, const sr_chunk *v) {
  uint8_t vc = sr_syn_vclass(c->s, c->t->tok[v->head].word);
  return vc == SR_VC_COMMUNICATION || vc == SR_VC_COGNITION;
}

/* the next chunk starting at or after token i (NULL at the sentence end or a boundary) */
static const sr_chunk *next_chunk(const cctx *c, uint32_t i, int stop_at_punct) {
  for (; i < c->e; i++) {
    const sr_chunk *x = chunk_at(c, i);
    if (x) return x;
    if (stop_at_punct && boundary_punct(tag(c, i))) return NULL;
  }
  return NULL;
}

/* first token at or after i that is a comma, colon, dash or the end */
static uint32_t to_punct(const cctx *c, uint32_t i) {
  while (i < c->e && !boundary_punct(tag(c, i))) i++;
  return i;
}

static int add_clause(cctx *c, sr_arena *a, uint8_t kind, uint32_t b, uint32_t e, int32_t marker, int32_t anchor) {
  sr_parse *p = c->p;
  if (p->ncl == p->cap_cl) {
    uint32_t nc = p->cap_cl ? p->cap_cl * 2 : 128;
    sr_clause *n = sr_arena_alloc(a, nc * sizeof *n);
    if (!n) return SR_ENOMEM;
    if (p->ncl) memcpy(n, p->cl, p->ncl * sizeof *n);
    p->cl = n;
    p->cap_cl = nc;
  }
  sr_clause *x = &p->cl[p->ncl++];
  memset(x, 0, sizeof *x);
  x->b = b, x->e = e > b ? e : b + 1, x->kind = kind, x->marker = marker, x->anchor = anchor;
  x->parent = x->vg = -1;
  return 0;
}

/* ---- openers: each returns 1 and fills kind/end/anchor when a clause opens at token i */

typedef struct opener {
  uint8_t kind;
  uint32_t end;
  int32_t anchor, marker;
} opener;

/* the noun phrase ending right before token i (skipping one comma), -1 */
static int32_t np_before(const cctx *c, uint32_t i, int allow_comma) {
  if (i <= c->b) return -1;
  uint32_t j = i - 1;
  if (allow_comma && tag(c, j) == SR_T_COMMA && j > c->b) j--;
  if (tag(c, j) == SR_T_RPAREN) { /* "Hayat Tahrir al-Sham (HTS), which" */
    while (j > c->b && tag(c, j) != SR_T_LPAREN) j--;
    if (j > c->b) j--;
  }
  const sr_chunk *x = chunk_at(c, j);
  if (!is_np(x) || x->e != j + 1) return -1;
  /* "the militiamen at Deir Ezzor, besieged by ...": the head noun before a place phrase */
  if (allow_comma && x->b > c->b + 1 && tag(c, x->b - 1) == SR_T_IN && c->p->sym[x->b - 1] != SR_S_OF &&
      (wflags(c, x->b - 1) & SR_W_LOCPREP) && !(wflags(c, x->b - 1) & SR_W_SUB) &&
      (tag(c, j + 1) == SR_T_COMMA || tag(c, j + 1) == SR_T_WDT || tag(c, j + 1) == SR_T_WP)) {
    const sr_chunk *h = chunk_at(c, x->b - 2);
    if (is_np(h) && h->e == x->b - 1 && (c->p->tag[x->head] == SR_T_NNP)) return c->p->chunk_of[x->b - 2];
  }
  return c->p->chunk_of[j];
}

/* "when" opens a subordinate clause of time even after a noun ("killed on Wednesday when a
 * bomb hit the house"): the clause tells when the act happened, not which day is meant */
static int when_clause(const cctx *c, uint32_t i) {
  return tag(c, i) == SR_T_WRB && c->s->w_when && c->t->tok[i].word == c->s->w_when;
}

static int open_relative(const cctx *c, uint32_t i, opener *o) {
  uint8_t t = tag(c, i);
  if (t != SR_T_WDT && t != SR_T_WP && t != SR_T_WPS && t != SR_T_WRB) return 0;
  if (when_clause(c, i)) return 0;
  int comma = i > c->b && tag(c, i - 1) == SR_T_COMMA;
  int32_t np = np_before(c, i, 1);
  if (np < 0) return 0;
  o->kind = SR_CL_REL, o->anchor = np, o->marker = (int32_t)i;
  if (comma) {
    o->end = to_punct(c, i + 1);
  } else {
    /* "fighters who attacked the base were killed": up to the next finite verb after the
     * clause's own, unless "and" joins it */
    uint32_t k = i + 1, seen = 0;
    o->end = to_punct(c, i + 1);
    for (; k < o->end; k++) {
      const sr_chunk *x = chunk_at(c, k);
      if (finite(x) && x->b == k) {
        if (seen && !(k > c->b && tag(c, k - 1) == SR_T_CC)) {
          o->end = k;
          break;
        }
        seen = 1;
      }
    }
  }
  return 1;
}

/* is token i one of the "as" of "as well as" (a coordinator, not a subordinator)? */
static int as_well_as(const cctx *c, uint32_t i) {
  return syn_coordinator(c->s, c->t, i, c->e) == 3 || (i >= c->b + 2 && syn_coordinator(c->s, c->t, i - 2, c->e) == 3);
}

static int open_subordinate(const cctx *c, uint32_t i, opener *o) {
  uint8_t t = tag(c, i);
  if (!((t == SR_T_IN && (wflags(c, i) & SR_W_SUB)) || (t == SR_T_WRB && (np_before(c, i, 1) < 0 || when_clause(c, i)))))
    return 0;
  if (as_well_as(c, i)) return 0;
  uint32_t end = to_punct(c, i + 1);
  /* a clause needs a verb: "after the army withdrew" (finite) or "after attacking" */
  const sr_chunk *x = next_chunk(c, i + 1, 1);
  int ok = 0;
  for (uint32_t k = i + 1; k < end && !ok; k++) {
    const sr_chunk *y = chunk_at(c, k);
    if (is_vg(y) && (finite(y) || (y->b == i + 1 && (y->feat & (SR_VG_ING | SR_VG_PART))))) ok = 1;
    /* "rejected as false reports that militants had killed": the verb is another clause's */
    if (!y && (tag(c, k) == SR_T_WDT || tag(c, k) == SR_T_WP || (c->s->w_that && c->t->tok[k].word == c->s->w_that)))
      break;
  }
  (void)x;
  if (!ok) return 0;
  o->kind = SR_CL_SUB, o->marker = (int32_t)i, o->anchor = -1, o->end = end;
  return 1;
}

/* a word of a time phrase: "on", "late", "early", a day, month or date number */
static int time_word(const cctx *c, uint32_t i) {
  uint32_t w = c->t->tok[i].word;
  return (wflags(c, i) & SR_W_TIME) || tag(c, i) == SR_T_CD ||
         (w && (w == c->s->w_on || w == c->s->w_late || w == c->s->w_early));
}

/* the end of a place or time phrase starting at q ("near Kidal", "on Monday", "in the north
 * of the town"), 0 when q starts none */
static uint32_t place_time_pp(const cctx *c, uint32_t q) {
  static const char *const P[] = {"in", "near", "on", "at", "outside", "around", "inside", "along", "across",
                                  "off", "during", NULL};
  if (q + 1 >= c->e || tag(c, q) != SR_T_IN) return 0;
  const char *w = sr_tok_fold(c->t, q);
  int ok = 0;
  for (int k = 0; P[k] && !ok; k++) ok = !strcmp(w, P[k]);
  const sr_chunk *np = chunk_at(c, q + 1);
  if (!ok || !is_np(np) || np->b != q + 1) return 0;
  q = np->e;
  if (q + 1 < c->e && c->p->sym[q] == SR_S_OF && is_np(chunk_at(c, q + 1))) q = chunk_at(c, q + 1)->e;
  return q;
}

static int open_complement(const cctx *c, uint32_t i, opener *o) {
  /* "that" read as a complementizer */
  if (tag(c, i) == SR_T_IN && c->t->tok[i].word == c->s->w_that && c->s->w_that) {
    o->kind = SR_CL_COMP, o->marker = (int32_t)i, o->anchor = -1, o->end = c->e;
    return 1;
  }
  /* "the army said rebels attacked ...": a subject and a finite verb right after a verb of
   * saying or thinking */
  /* (past a time phrase of the saying: "the army said on Thursday rebels had attacked") */
  uint32_t p = i;
  for (int n = 0; n < 5 && p > c->b && !is_vg(chunk_at(c, p - 1)) && time_word(c, p - 1); n++) p--;
  const sr_chunk *v = p > c->b ? chunk_at(c, p - 1) : NULL;
  const sr_chunk *np = chunk_at(c, i);
  if (!is_vg(v) || !is_np(np) || np->b != i || !saying_verb(c, v)) return 0;
  if (p < i && (wflags(c, i) & SR_W_TIME)) return 0;
  uint32_t q = np->e;
  /* "said none of its aircraft had struck", "said two of the soldiers were killed" */
  for (int n = 0; n < 2 && q + 1 < c->e && c->p->sym[q] == SR_S_OF && is_np(chunk_at(c, q + 1)); n++)
    q = chunk_at(c, q + 1)->e;
  /* "said its air strike near Kidal on Monday killed 20": place and time phrases on the subject */
  for (uint32_t r; (r = place_time_pp(c, q)) != 0;) q = r;
  while (q < c->e && tag(c, q) == SR_T_RB) q++;
  const sr_chunk *w = chunk_at(c, q);
  if (!finite(w) || w->b != q) return 0;
  o->kind = SR_CL_COMP, o->marker = -1, o->anchor = -1, o->end = c->e;
  return 1;
}

/* a bare past form right after a noun phrase that may also be a participle ("Russian units
 * dug in around Robotyne came under fire"): read as one when a tensed verb follows */
static int past_as_participle(const cctx *c, const sr_chunk *v) {
  if (v->b != v->head || c->p->tag[v->head] != SR_T_VBD) return 0;
  uint32_t w = c->t->tok[v->head].word;
  return (sr_syn_wtags(c->s, w) & (1u << SR_T_VBN)) != 0;
}

/* "Fighters loyal to X, backed by Turkish drones, pushed into Tarhuna": a past form after the
 * comma that closes a parenthetical participle, in a sentence with no tensed verb anywhere,
 * is the sentence's verb (the relations make it finite), not another participle */
static int closes_parenthetical(const cctx *c, uint32_t i, const sr_chunk *v) {
  if (!(v->feat & SR_VG_PART) || i < c->b + 2) return 0;
  for (uint32_t q = c->b; q < c->e; q++) {
    const sr_chunk *y = chunk_at(c, q);
    if (y && y->b == q && finite(y)) return 0;
  }
  /* the parenthetical: ", VBN/VBG ... ," right before i */
  uint32_t q = i - 1; /* the closing comma */
  while (q > c->b && tag(c, q - 1) != SR_T_COMMA) q--;
  if (q <= c->b + 1) return 0;
  const sr_chunk *p = chunk_at(c, q);
  return is_vg(p) && p->b == q && (p->feat & (SR_VG_PART | SR_VG_ING)) && np_before(c, q - 1, 0) >= 0;
}

static int open_participle(const cctx *c, uint32_t i, opener *o) {
  const sr_chunk *v = chunk_at(c, i);
  if (!is_vg(v) || v->b != i) return 0;
  int pastpart = 0;
  if (!(v->feat & (SR_VG_ING | SR_VG_PART))) {
    if (!past_as_participle(c, v) || np_before(c, i, 0) < 0) return 0;
    pastpart = 1;
  }
  int comma = i > c->b && tag(c, i - 1) == SR_T_COMMA;
  if (i == c->b || (i == c->b + 1 && tag(c, c->b) == SR_T_QUOTE)) {
    /* "Backed by Russian air power, government forces retook ...": up to the comma */
    uint32_t end = to_punct(c, i + 1);
    if (end >= c->e || tag(c, end) != SR_T_COMMA) return 0;
    o->kind = SR_CL_PART, o->marker = -1, o->anchor = -1, o->end = end;
    return 1;
  }
  if (comma && !pastpart && closes_parenthetical(c, i, v)) return 0;
  if (comma && !pastpart) {
    /* ", killing 20" tells more of the act before it; ", ambushed by Y" modifies the noun
     * before the comma (a reduced relative) */
    o->kind = SR_CL_PART, o->marker = -1, o->end = to_punct(c, i + 1);
    o->anchor = (v->feat & SR_VG_PART) ? np_before(c, i, 1) : -1;
    return 1;
  }
  /* "the convoy ambushed by X was ...", "gunmen riding motorcycles attacked": a participle
   * right after a noun phrase, with the sentence's finite verb still to come */
  int32_t np = np_before(c, i, 0);
  if (np < 0) return 0;
  int verb_before = 0;
  for (uint32_t q = c->b; q < i && !verb_before; q++) verb_before = finite(chunk_at(c, q));
  if ((v->feat & SR_VG_ING) && ((wflags(c, v->head) & SR_W_HOLD) || verb_before)) {
    /* "a base hosting US troops", "a bus carrying soldiers": a holding participle describes
     * the noun wherever the sentence's verb is; after the sentence's verb, any -ing form
     * right after a noun does ("fired at students marching on the parliament") */
    uint32_t k = v->e;
    while (k < c->e && !boundary_punct(tag(c, k)) && !(finite(chunk_at(c, k)) && chunk_at(c, k)->b == k)) k++;
    o->kind = SR_CL_PART, o->marker = -1, o->anchor = np, o->end = k;
    return 1;
  }
  /* the sentence's verb must follow before any comma or "and" ("the men killed in the raid
   * were buried"); else the participle is the verb ("Rebels attacked in the morning, ...") */
  uint32_t k = v->e;
  int by = k < c->e && c->p->sym[k] == SR_S_BY, tobe = 0;
  /* "struck crowds gathered at the gate, killing ...", "shelled a school located in X": a past
   * form right after the object of a tensed verb, with a phrase and no object of its own */
  const sr_chunk *npc = &c->p->ch[np], *pv = npc->b > c->b ? chunk_at(c, npc->b - 1) : NULL;
  /* (also a form read as past tense: "struck the crowds massed outside the airport"; not after
   * a verb of saying, whose object starts a clause: "said the rebels attacked at night") */
  if (finite(pv) && pv->e == npc->b && ((v->feat & SR_VG_PART) || (past_as_participle(c, v) && !saying_verb(c, pv))) &&
      v->e < c->e && (tag(c, v->e) == SR_T_IN || tag(c, v->e) == SR_T_TO)) {
    o->kind = SR_CL_PART, o->marker = -1, o->anchor = np, o->end = to_punct(c, v->e);
    return 1;
  }
  while (k < c->e && !(finite(chunk_at(c, k)) && chunk_at(c, k)->b == k)) {
    /* "fighters dressed in army uniforms and driving military trucks attacked": coordinated
     * participles describe the same noun */
    if (tag(c, k) == SR_T_CC && !by) {
      const sr_chunk *nx = next_chunk(c, k + 1, 1);
      if (is_vg(nx) && (nx->feat & (SR_VG_ING | SR_VG_PART))) {
        k++;
        continue;
      }
    }
    /* "forces aligned with the government, backed by US air strikes, captured": a
     * parenthetical participle between commas does not end the search for the verb */
    if (tag(c, k) == SR_T_COMMA && !by) {
      const sr_chunk *nx = next_chunk(c, k + 1, 1);
      uint32_t e2 = nx ? to_punct(c, nx->e) : c->e;
      const sr_chunk *after = e2 + 1 < c->e ? chunk_at(c, e2 + 1) : NULL;
      if (is_vg(nx) && nx->b == k + 1 && (nx->feat & (SR_VG_PART | SR_VG_ING)) && e2 + 1 < c->e &&
          tag(c, e2) == SR_T_COMMA && finite(after) && after->b == e2 + 1) {
        k = e2 + 1;
        continue;
      }
    }
    if ((boundary_punct(tag(c, k)) || tag(c, k) == SR_T_CC) && !by) return 0;
    /* another clause opens before the finite verb: the verb is that clause's ("dismissed as
     * baseless reports that its soldiers had executed", "demanded that Kigali withdraw") */
    uint8_t t = tag(c, k);
    if (t == SR_T_WDT || t == SR_T_WP || (c->s->w_that && c->t->tok[k].word == c->s->w_that)) return 0;
    /* a subordinate clause opens before any finite verb: that verb is the subordinate
     * clause's, and the participle is the sentence's ("Police fired into the air as
     * protesters marched on parliament") */
    if (!by && (t == SR_T_WRB || (t == SR_T_IN && (wflags(c, k) & SR_W_SUB)))) return 0;
    if (pastpart) {
      /* "units dug in around Robotyne came": only phrases between; an object or another
       * clause means the past form is the verb ("the army said militants attacked") */
      const sr_chunk *y = chunk_at(c, k);
      /* "gunmen believed to be members of X opened fire": "to be" takes the phrase */
      if (is_vg(y) && y->b == k && (y->feat & SR_VG_INF) && c->p->sym[y->head] == SR_S_BE) tobe = 1;
      if (is_np(y) && y->b == k && !tobe && !(k > c->b && (tag(c, k - 1) == SR_T_IN || tag(c, k - 1) == SR_T_TO)))
        return 0;
    }
    k++;
  }
  if (k >= c->e) {
    /* "funerals were held for 14 villagers killed by JNIM militants": the sentence's verb came
     * before; otherwise the participle is the verb ("Five soldiers killed in ...") */
    int before = 0;
    for (uint32_t q = c->b; q < i && !before; q++) before = finite(chunk_at(c, q));
    if (!before || !by) return 0;
    k = to_punct(c, v->e);
  }
  o->kind = SR_CL_PART, o->marker = -1, o->anchor = np, o->end = k;
  return 1;
}

static int open_infinitive(const cctx *c, uint32_t i, opener *o) {
  const sr_chunk *v = chunk_at(c, i);
  if (!is_vg(v) || v->b != i || !(v->feat & SR_VG_INF)) return 0;
  uint32_t end = to_punct(c, v->e);
  for (uint32_t k = v->e; k < end; k++) {
    const sr_chunk *y = chunk_at(c, k);
    if (finite(y) && y->b == k && !(tag(c, k - 1) == SR_T_CC)) {
      end = k;
      /* "in order to do this they attacked": the finite verb's subject is not the infinitive's */
      const sr_chunk *s0 = k > v->e ? chunk_at(c, k - 1) : NULL;
      if (is_np(s0) && s0->e == k && s0->b > v->e && (tag(c, s0->head) == SR_T_PRP || tag(c, s0->b) == SR_T_DT)) {
        const sr_chunk *before = chunk_at(c, s0->b - 1);
        if (is_np(before) || !before) end = s0->b;
      }
      break;
    }
  }
  o->kind = SR_CL_INF, o->marker = -1, o->anchor = -1, o->end = end;
  return 1;
}

static int open_coordinate(const cctx *c, uint32_t i, opener *o) {
  if (tag(c, i) != SR_T_CC) return 0;
  const sr_chunk *x = next_chunk(c, i + 1, 1);
  if (!x) return 0;
  if (is_vg(x) && !(x->feat & SR_VG_INF)) {
    /* the verb after "and" must be of the same kind as one before it ("stormed ... and
     * seized"; "was shelled and burned") */
    int any = 0;
    for (uint32_t k = i; k-- > c->b && !any;) {
      const sr_chunk *y = chunk_at(c, k);
      if (is_vg(y)) any = 1;
    }
    if (!any) return 0;
  } else if (is_np(x)) {
    /* "X attacked Y and Z seized W": the first conjunct has a verb of its own; "Ethiopian
     * troops and allied militias attacked" is one subject */
    const sr_chunk *w = next_chunk(c, x->e, 1);
    if (!finite(w)) return 0;
    int verb_before = 0;
    for (uint32_t k = i; k-- > c->b && !verb_before;) {
      if (boundary_punct(tag(c, k)) && tag(c, k) != SR_T_COMMA) break;
      /* "..., hours after government troops and allied militias withdrew": the verb must be in
       * the clause the subordinator opened, not before it */
      if (tag(c, k) == SR_T_IN && (wflags(c, k) & SR_W_SUB)) break;
      verb_before = is_vg(chunk_at(c, k));
    }
    if (!verb_before) return 0;
  } else {
    return 0;
  }
  o->kind = SR_CL_COORD, o->marker = (int32_t)i, o->anchor = -1, o->end = to_punct(c, i + 1);
  /* ", and X attacked Y, killing 3": the coordinated clause owns its participle */
  if (o->end < c->e && tag(c, o->end) == SR_T_COMMA) {
    const sr_chunk *y = next_chunk(c, o->end + 1, 1);
    if (is_vg(y) && (y->feat & (SR_VG_ING | SR_VG_PART))) o->end = to_punct(c, y->e);
  }
  return 1;
}

/* ", the army said.", ", said the spokesman", ", according to residents" */
static int open_attribution(const cctx *c, uint32_t i, opener *o) {
  if (i <= c->b || tag(c, i - 1) != SR_T_COMMA) return 0;
  uint8_t t0 = tag(c, i);
  if (t0 == SR_T_WP || t0 == SR_T_WDT || t0 == SR_T_WPS) return 0; /* ", who denied any role": a relative */
  if (c->t->tok[i].word && c->t->tok[i].word == c->s->w_according) {
    o->kind = SR_CL_ATTRIB, o->marker = (int32_t)i, o->anchor = -1, o->end = to_punct(c, i + 1);
    return 1;
  }
  uint32_t end = c->e;
  while (end > i && tag(c, end - 1) == SR_T_PERIOD) end--;
  if (end - i > 14) return 0;
  const sr_chunk *say = NULL;
  for (uint32_t k = i; k < end; k++) {
    const sr_chunk *y = chunk_at(c, k);
    if (!is_vg(y) || y->b != k) continue;
    if (say || !saying_verb(c, y) || !finite(y)) return 0; /* ", demanding the resignation of X" is no attribution */
    say = y;
  }
  if (!say) return 0;
  /* "JNIM, al-Qaeda's branch in the Sahel, claimed the assault": with no verb before the
   * comma, the verb of saying is the sentence's own, not an attribution after it */
  int verb_before = 0;
  for (uint32_t k = c->b; k < i && !verb_before; k++) {
    const sr_chunk *y = chunk_at(c, k);
    verb_before = is_vg(y) && y->b == k; /* (finiteness is settled later: "fired" may still read VBN) */
  }
  if (!verb_before) return 0;
  o->kind = SR_CL_ATTRIB, o->marker = -1, o->anchor = -1, o->end = c->e;
  return 1;
}

int sr_syn_clauses(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t si, sr_arena *a) {
  const sr_sentence *st = &t->sent[si];
  cctx c = {s, t, p, st->tok_begin, st->tok_end, p->sent_ch[si], p->sent_ch[si + 1]};
  if (c.e - c.b > SR_TEXT_MAX_SENT_TOKENS) c.e = c.b + SR_TEXT_MAX_SENT_TOKENS;
  if (c.e <= c.b) return 0;
  uint32_t first = p->ncl;
  if (add_clause(&c, a, SR_CL_MAIN, c.b, c.e, -1, -1)) return SR_ENOMEM;
  /* open clauses in order of their first token; a stack keeps the enclosing ones */
  int32_t stack[SR_SYN_MAX_CLAUSES];
  int sp = 0;
  stack[sp++] = (int32_t)first;
  for (uint32_t i = c.b; i < c.e; i++) {
    while (sp > 1 && p->cl[stack[sp - 1]].e <= i) sp--;
    uint8_t tg = tag(&c, i);
    if (tg == SR_T_COLON && i + 1 < c.e) { /* "X said: ..." or "...; ..." : a new main clause */
      while (sp > 1) sp--;
      continue;
    }
    opener o;
    int got = open_attribution(&c, i, &o) || open_relative(&c, i, &o) || open_subordinate(&c, i, &o) ||
              open_complement(&c, i, &o) || open_coordinate(&c, i, &o) || open_participle(&c, i, &o) ||
              open_infinitive(&c, i, &o);
    if (!got || p->ncl - first >= SR_SYN_MAX_CLAUSES) continue;
    if (o.kind == SR_CL_ATTRIB) {
      /* ", its foreign policy chief said in Brussels": the attribution frames the whole
       * sentence; the clauses open before it end at its comma */
      while (sp > 1) {
        sr_clause *open = &p->cl[stack[--sp]];
        if (open->e > i) open->e = i > open->b + 1 ? i - 1 : open->b + 1;
      }
    }
    const sr_clause *par = &p->cl[stack[sp - 1]];
    if (o.end > par->e) o.end = par->e;
    if (o.end <= i) continue;
    if (add_clause(&c, a, o.kind, i, o.end, o.marker, o.anchor)) return SR_ENOMEM;
    sr_clause *x = &p->cl[p->ncl - 1];
    x->parent = stack[sp - 1];
    x->depth = (uint8_t)(sp < 255 ? sp : 255);
    if (sp < SR_SYN_MAX_CLAUSES) stack[sp++] = (int32_t)(p->ncl - 1);
  }
  /* innermost clause of each token (later clauses open inside earlier ones), first verb group */
  for (uint32_t k = first; k < p->ncl; k++) {
    sr_clause *x = &p->cl[k];
    x->sent = si;
    for (uint32_t i = x->b; i < x->e && i < c.e; i++) p->clause_of[i] = (int32_t)k;
  }
  for (uint32_t k = c.cf; k < c.cl; k++) {
    sr_chunk *x = &p->ch[k];
    x->clause = p->clause_of[x->head];
    if (x->kind == SR_CH_VG && x->clause >= 0 && p->cl[x->clause].vg < 0) p->cl[x->clause].vg = (int32_t)k;
  }
  return 0;
}
