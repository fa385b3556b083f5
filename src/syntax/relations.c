/* relations.c - grammatical relations of one sentence:
 *   noun phrases   the preposition that governs each (prep), what its phrase attaches to
 *                  (attach), coordination ("A and B", "A, B and C": conj) and apposition
 *                  ("X, the Y," and "X (Y)": appos);
 *   verb groups    subject, direct object and by-agent, found in the verb's own clause or
 *                  passed on: a relative pronoun's antecedent, a coordinated verb's first
 *                  conjunct, a participle's or an infinitive's governing verb.
 */
#include "syn_internal.h"

#include <string.h>

typedef struct rctx {
  const sr_syn *s;
  const sr_text *t;
  sr_parse *p;
  uint32_t b, e, cf, cl;
} rctx;

static uint8_t tag(const rctx *c, uint32_t i) { return c->p->tag[i]; }
static sr_chunk *ch(const rctx *c, int32_t k) { return k >= 0 ? &c->p->ch[k] : NULL; }
static int is_prep_tag(uint8_t t) { return t == SR_T_IN || t == SR_T_TO; }

/* inside parentheses? */
static int in_parens(const rctx *c, uint32_t i) {
  int depth = 0;
  for (uint32_t k = c->b; k < i; k++) {
    if (tag(c, k) == SR_T_LPAREN) depth++;
    else if (tag(c, k) == SR_T_RPAREN && depth) depth--;
  }
  return depth > 0;
}

/* a time phrase ("Sunday", "26 February 2023", "last week"): never a subject or object */
static int time_np(const rctx *c, const sr_chunk *x) {
  const sr_token *h = &c->t->tok[x->head];
  if (sr_lex_wflags(c->s->lx, h->word) & SR_W_TIME) return 1;
  return (h->flags & SR_TOK_NUM) && h->flen == 4 && x->e - x->b > 1; /* "February 2023" */
}

/* ---- noun phrases */

static void named_pp(rctx *c, uint32_t k);

uint32_t syn_coordinator(const sr_syn *s, const sr_text *t, uint32_t j, uint32_t e) {
  if (j + 2 >= e) return 0;
  uint32_t a = t->tok[j].word, b = t->tok[j + 1].word;
  if (!a || !b) return 0;
  if (a == s->w_as && b == s->w_well && t->tok[j + 2].word == s->w_as) return j + 3 < e ? 3 : 0;
  if ((a == s->w_along || a == s->w_together) && b == s->w_with) return 2;
  return 0;
}

static void np_relations(rctx *c) {
  sr_parse *p = c->p;
  for (uint32_t k = c->cf; k < c->cl; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP || x->b <= c->b) continue;
    uint32_t j = x->b - 1;
    int32_t jc = p->clause_of[j];
    if (is_prep_tag(tag(c, j)) && !(jc >= 0 && p->cl[jc].marker == (int32_t)j)) {
      x->prep = (int32_t)j;
      /* of-phrases belong to the noun before ("members of Daesh"); other phrases to the
       * chunk right before the preposition, else to the clause's verb */
      int32_t prev = j > c->b ? p->chunk_of[j - 1] : -1;
      if (prev >= 0 && (uint32_t)p->ch[prev].e == j && !(time_np(c, x) && p->ch[prev].kind == SR_CH_NP) &&
          !(p->ch[prev].kind == SR_CH_NP && time_np(c, &p->ch[prev]) && p->ch[prev].prep >= 0))
        x->attach = prev;
      else if (x->clause >= 0) x->attach = p->cl[x->clause].vg;
    }
  }
  for (uint32_t k = c->cf; k < c->cl; k++)
    if (p->ch[k].kind == SR_CH_NP) named_pp(c, k);
  /* coordination: "A and B", "A, B and C", "A or B"; an NP after "and" shares A's preposition */
  for (uint32_t k = c->cf; k + 1 < c->cl; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP || (x->feat & SR_NP_POSSR) || time_np(c, x)) continue;
    uint32_t j = x->e;
    if (j + 1 >= c->e) continue;
    int cc = tag(c, j) == SR_T_CC, comma = tag(c, j) == SR_T_COMMA;
    if (comma && j + 2 < c->e && tag(c, j + 1) == SR_T_CC) j++, cc = 1; /* Oxford comma */
    uint32_t mw = !cc && !comma ? syn_coordinator(c->s, c->t, j, c->e) : 0;
    if (mw) j += mw - 1, cc = 1;
    if (!cc && !comma) continue;
    /* "On Sunday, the army ...", "In Gao, ...": a fronted phrase ends at its comma */
    if (comma && !cc && x->prep >= 0 && (x->b <= c->b + 1 || (k > c->cf && p->ch[k - 1].e <= c->b + 1))) continue;
    /* "13 soldiers and at least 17 civilians": an approximator before a count after "and" */
    uint32_t nb = j + 1;
    while (cc && nb < c->e && nb < j + 4 && tag(c, nb) == SR_T_RB) nb++;
    if (nb >= c->e || tag(c, nb) != SR_T_CD) nb = j + 1;
    int32_t nk = p->chunk_of[nb];
    sr_chunk *y = ch(c, nk);
    if (!y || y->kind != SR_CH_NP || y->b != nb || y->clause != x->clause) continue;
    if (comma) {
      /* "X, the Y, ...": an apposition, unless a list goes on ("A, B and C") */
      uint32_t q = y->e;
      int list = 0;
      for (uint32_t n = 0; q < c->e && n < 12; n++) {
        if (tag(c, q) == SR_T_CC) {
          list = 1;
          break;
        }
        if (tag(c, q) == SR_T_COMMA) {
          sr_chunk *z = ch(c, q + 1 < c->e ? p->chunk_of[q + 1] : -1);
          if (z && z->kind == SR_CH_NP && z->b == q + 1) {
            q = z->e;
            continue;
          }
        }
        break;
      }
      if (!list) {
        if (x->appos < 0 && !(x->feat & SR_NP_PRON)) x->appos = nk;
        continue;
      }
    }
    x->conj = nk;
    if (mw) y->prep = x->prep, y->attach = x->attach; /* "as well as" is no preposition */
    if (y->prep < 0 && x->prep >= 0) y->prep = x->prep, y->attach = x->attach;
  }
  /* "X (Y)": a parenthesis right after a noun phrase names it again */
  for (uint32_t k = c->cf; k + 1 < c->cl; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP || x->e + 1 >= c->e || tag(c, x->e) != SR_T_LPAREN) continue;
    int32_t nk = p->chunk_of[x->e + 1];
    sr_chunk *y = ch(c, nk);
    if (y && y->kind == SR_CH_NP && y->e < c->e && tag(c, y->e) == SR_T_RPAREN && x->appos < 0) x->appos = nk;
  }
}

/* ---- verb groups */

/* can NP x be a subject or object (not inside a PP, not a possessor, not in parentheses, not
 * a time)? */
static int argument(const rctx *c, const sr_chunk *x) {
  /* "forces of Libya's government entered": the possessed phrase is in its possessor's PP */
  if (x->kind == SR_CH_NP && x->poss >= 0 && c->p->ch[x->poss].prep >= 0 && c->p->ch[x->poss].e + 1 >= x->b) return 0;
  return x->kind == SR_CH_NP && x->prep < 0 && !(x->feat & SR_NP_POSSR) && !in_parens(c, x->b) && !time_np(c, x);
}

/* "Hezbollah and the Syrian army attacked": the first conjunct stands for the subject */
static int32_t first_conjunct(const rctx *c, int32_t k) {
  for (int guard = 0; guard < 16; guard++) {
    int32_t prev = -1;
    for (uint32_t j = c->cf; j < (uint32_t)k; j++)
      if (c->p->ch[j].conj == k) prev = (int32_t)j;
    if (prev < 0 || c->p->ch[prev].prep >= 0) return k;
    k = prev;
  }
  return k;
}

/* nearest argument NP before verb v inside clause cl */
static int32_t subject_in_clause(const rctx *c, const sr_chunk *v, int32_t cl) {
  const sr_clause *x = &c->p->cl[cl];
  for (int32_t k = c->p->chunk_of[v->b]; k-- > (int32_t)c->cf;) { /* chunks before v */
    const sr_chunk *y = &c->p->ch[k];
    if (y->b < x->b) break;
    if (y->clause != cl) continue;
    if (y->kind == SR_CH_VG && y->clause == cl && y->b >= x->b) {
      /* "X attacked Y and seized Z": a verb in between ends the search unless coordinated */
      break;
    }
    /* "fighters who had entered Singa, Sennar state, shot ...": a phrase between commas after
     * a nested clause's noun phrase is that phrase's apposition, not the subject */
    if (y->b > c->b + 1 && tag(c, y->b - 1) == SR_T_COMMA && y->e < c->e && tag(c, y->e) == SR_T_COMMA) {
      int32_t pk = c->p->chunk_of[y->b - 2];
      const sr_chunk *pc = pk >= 0 ? &c->p->ch[pk] : NULL;
      if (pc && pc->kind == SR_CH_NP && pc->e == y->b - 1 && pc->clause >= 0 && pc->clause != cl &&
          c->p->cl[pc->clause].parent == cl && c->p->cl[pc->clause].b > x->b)
        continue;
    }
    if (argument(c, y)) {
      /* an apposition is not the subject: its head noun phrase is, if that can be one ("X,
       * the Y, attacked"); "a policeman in Warri, Delta state, shot": the apposition of a
       * phrase in a preposition or another clause is skipped */
      int32_t head = -1;
      for (uint32_t j = c->cf; j < (uint32_t)k && head < 0; j++)
        if (c->p->ch[j].appos == k) head = (int32_t)j;
      if (head < 0) return first_conjunct(c, k);
      if (argument(c, &c->p->ch[head]) && c->p->ch[head].clause == cl) return first_conjunct(c, head);
      /* closed by a comma it is an apposition; "near Jowhar, Somali commandos killed" is not */
      if (y->e < c->e && tag(c, y->e) == SR_T_COMMA) continue;
      return first_conjunct(c, k);
    }
  }
  return -1;
}

/* a verb that names what a free relative stands for: "what X called / said was / described as" */
static int naming_verb(const rctx *c, uint32_t h) {
  static const char *const NAMING[] = {"called", "described", "termed", "labelled", "labeled", "branded",
                                       "said", "claimed", "dubbed", "identified", NULL};
  const char *w = sr_tok_fold(c->t, h);
  for (int i = 0; NAMING[i]; i++)
    if (!strcmp(w, NAMING[i])) return 1;
  return c->p->sym[h] == SR_S_BE;
}

/* the phrase a free relative of naming after a preposition stands for: "fired at what Moscow
 * said was a command post", "strikes on what the army called militant hideouts": the named
 * phrase takes the preposition (and its attachment) */
static void named_pp(rctx *c, uint32_t k) {
  sr_parse *p = c->p;
  sr_chunk *x = &p->ch[k];
  if (x->prep >= 0 || x->b < c->b + 2 || tag(c, x->b - 1) != SR_T_WP || !is_prep_tag(tag(c, x->b - 2))) return;
  if (strcmp(sr_tok_fold(c->t, x->b - 1), "what")) return;
  int saw = 0;
  for (uint32_t j = k + 1; j < c->cl && j < k + 4; j++) {
    sr_chunk *y = &p->ch[j];
    if (y->kind == SR_CH_VG) {
      if (!naming_verb(c, y->head)) return;
      saw = 1;
    } else if (y->kind == SR_CH_NP && saw) {
      if (y->prep >= 0 && !(y->b >= 1 && tag(c, y->b - 1) == SR_T_IN && !strcmp(sr_tok_fold(c->t, y->b - 1), "as"))) return;
      uint32_t pr = x->b - 2;
      int32_t prev = pr > c->b ? p->chunk_of[pr - 1] : -1;
      y->prep = (int32_t)pr;
      y->attach = (prev >= 0 && (uint32_t)p->ch[prev].e == pr) ? prev : (x->clause >= 0 ? p->cl[x->clause].vg : -1);
      return;
    } else {
      return;
    }
  }
}

/* first argument NP after verb v in its clause (the possessed one after a possessor) */
/* "struck what Islamabad called hideouts of the TTP", "hit what it said were militant
 * positions": a free relative of naming stands for the phrase it names */
static int32_t named_object(const rctx *c, const sr_chunk *v) {
  uint32_t q = v->e;
  if (q + 3 >= c->e || tag(c, q) != SR_T_WP) return -1;
  const char *w = sr_tok_fold(c->t, q);
  if (strcmp(w, "what")) return -1;
  int32_t k = c->p->chunk_of[q + 1];
  if (k < 0 || c->p->ch[k].kind != SR_CH_NP) return -1;
  int saw_name = 0;
  for (uint32_t j = (uint32_t)k + 1; j < c->cl && j < (uint32_t)k + 4; j++) {
    const sr_chunk *y = &c->p->ch[j];
    if (y->kind == SR_CH_VG) {
      if (naming_verb(c, y->head))
        saw_name = 1;
      else
        return -1;
      continue;
    }
    if (y->kind == SR_CH_NP && saw_name) return (int32_t)j;
  }
  return -1;
}

static int32_t object_after(const rctx *c, const sr_chunk *v) {
  int32_t nm = named_object(c, v);
  if (nm >= 0) return nm;
  for (uint32_t k = (uint32_t)c->p->chunk_of[v->b] + 1; k < c->cl; k++) {
    const sr_chunk *y = &c->p->ch[k];
    if (y->clause != v->clause || y->kind == SR_CH_VG) break;
    if (y->kind != SR_CH_NP) continue;
    if (y->feat & SR_NP_POSSR) continue;
    if (y->prep >= 0) {
      /* "drove IS out of", "pushed back the attackers": particles only; a PP before the
       * object ends the search ("fired at X" has no object) */
      return -1;
    }
    /* only adverbs, particles and punctuation-free gaps between */
    for (uint32_t q = v->e; q < y->b; q++) {
      int32_t qk = c->p->chunk_of[q];
      uint8_t t = tag(c, q);
      if (qk >= 0 && (uint32_t)qk < k && c->p->ch[qk].kind == SR_CH_NP && (c->p->ch[qk].feat & SR_NP_POSSR)) continue;
      if (t == SR_T_POS) continue;
      if (t != SR_T_RB && t != SR_T_RP && qk < 0) return -1;
    }
    return (int32_t)k;
  }
  return -1;
}

static int32_t agent_after(const rctx *c, const sr_chunk *v) {
  for (uint32_t k = (uint32_t)c->p->chunk_of[v->b] + 1, n = 0; k < c->cl && n < 6; k++, n++) {
    const sr_chunk *y = &c->p->ch[k];
    if (y->kind == SR_CH_VG) break;
    if (y->kind == SR_CH_NP && y->prep >= 0 && c->p->sym[y->prep] == SR_S_BY) return (int32_t)k;
  }
  return -1;
}

/* the verb group before chunk k in clause cl (the last one; any clause when cl < 0, but not
 * inside a relative or an attribution), -1. A copula is skipped ("It was the RSF that shelled
 * the market, killing 12": shelled) */
/* clause ci describes a noun, or lies inside a clause that does ("demonstrators who tried to
 * take over the airport"): a participle after it tells of the act, not of the noun */
static int in_noun_modifier(const rctx *c, int32_t ci) {
  for (int g = 0; ci >= 0 && g < 8; ci = c->p->cl[ci].parent, g++) {
    const sr_clause *k = &c->p->cl[ci];
    if (k->anchor >= 0 && (k->kind == SR_CL_PART || k->kind == SR_CL_REL)) return 1;
  }
  return 0;
}

/* the marker of a clause of simultaneity: "as", "while", "when" */
static int simultaneous(const rctx *c, int32_t m) {
  if (m < 0) return 0;
  const char *w = sr_tok_fold(c->t, (uint32_t)m);
  return !strcmp(w, "as") || !strcmp(w, "while") || !strcmp(w, "when");
}

static int32_t vg_before(const rctx *c, uint32_t k, int32_t cl) {
  for (uint32_t j = k; j-- > c->cf;) {
    const sr_chunk *y = &c->p->ch[j];
    if (y->kind != SR_CH_VG || (y->feat & SR_VG_COPULA)) continue;
    if (cl >= 0 && y->clause != cl) continue;
    /* cl == -2: a verb that tells an act, not one that describes a noun ("a vehicle carrying
     * fighters", "a town held by X") */
    if (cl == -2 && y->clause >= 0 && in_noun_modifier(c, y->clause)) continue;
    /* "missiles hit the square as people gathered, killing 34": a clause of what went on at
     * the time is the setting; the result belongs to the act it is the time of */
    if (cl == -2 && y->clause >= 0 && c->p->cl[y->clause].kind == SR_CL_SUB && c->p->cl[y->clause].parent >= 0 &&
        simultaneous(c, c->p->cl[y->clause].marker))
      continue;
    if (cl < 0 && y->clause >= 0 &&
        (c->p->cl[y->clause].kind == SR_CL_ATTRIB || (c->p->cl[y->clause].kind == SR_CL_REL && !(y->feat & SR_VG_PAST))))
      continue;
    return (int32_t)j;
  }
  return -1;
}

/* "urged the army to withdraw" (the object does it); "sent troops to retake the town" (the
 * troops do it: a group or forces sent); not "summoned the ambassador to protest" (the
 * summoner protests): verbs of object control are listed (OBJCTRL), others hand the
 * infinitive to a group object only when the verb moves it (WordNet motion) */
/* the words from `b` to the infinitive at `e` are only prepositional phrases ("urged the
 * Taliban in Kabul on Sunday to reopen ...") */
static int only_pps(const rctx *c, uint32_t b, uint32_t e) {
  if (e <= b + 1) return 1; /* "urged the army again to ..." */
  if (e > b + 12) return 0;
  for (uint32_t i = b; i < e;) {
    if (!is_prep_tag(tag(c, i))) return 0;
    sr_chunk *x = ch(c, i + 1 < e ? c->p->chunk_of[i + 1] : -1);
    if (!x || x->kind != SR_CH_NP || x->b != i + 1 || x->e > e) return 0;
    i = x->e;
  }
  return 1;
}

static int object_controls(const rctx *c, const sr_chunk *gv, const sr_chunk *o, uint32_t inf) {
  if (!o || !only_pps(c, o->e, inf)) return 0;
  if (sr_lex_wflags(c->s->lx, c->t->tok[gv->head].word) & SR_W_OBJCTRL) return 1;
  uint8_t vc = sr_syn_vclass(c->s, c->t->tok[gv->head].word);
  if (vc != SR_VC_MOTION && vc != SR_VC_CONTACT) return 0;
  uint8_t nc = sr_syn_nclass(c->s, c->t->tok[o->head].word);
  return nc == SR_NC_PERSON || nc == SR_NC_GROUP || tag(c, o->head) == SR_T_NNP;
}

static void vg_relations(rctx *c) {
  sr_parse *p = c->p;
  for (uint32_t k = c->cf; k < c->cl; k++) {
    sr_chunk *v = &p->ch[k];
    if (v->kind != SR_CH_VG || v->clause < 0) continue;
    const sr_clause *cl = &p->cl[v->clause];
    int first_vg = cl->vg == (int32_t)k;
    /* a past form read as a participle by the clause stage ("units dug in around X came ...") */
    if (cl->kind == SR_CL_PART && first_vg && cl->anchor >= 0 && tag(c, v->head) == SR_T_VBD && v->b == v->head)
      v->feat = (uint16_t)((v->feat & ~(SR_VG_FINITE | SR_VG_PAST)) | SR_VG_PART);
    int passive = (v->feat & SR_VG_PASSIVE) != 0;
    if (cl->kind == SR_CL_PART && first_vg && (v->feat & SR_VG_PART)) passive = 1, v->feat |= SR_VG_PASSIVE;
    /* subject */
    if (cl->kind == SR_CL_REL && first_vg && cl->marker >= 0) {
      uint32_t m = (uint32_t)cl->marker;
      if (tag(c, m) == SR_T_WPS) { /* "whose fighters attacked": the fighters, owned by the antecedent */
        int32_t nk = m + 1 < c->e ? p->chunk_of[m + 1] : -1;
        if (nk >= 0 && p->ch[nk].kind == SR_CH_NP) {
          v->subj = nk, v->subj_how = SR_SUBJ_DIRECT;
          if (p->ch[nk].poss < 0) p->ch[nk].poss = cl->anchor;
        }
      } else if (v->b == m + 1 || (v->b > m + 1 && tag(c, m + 1) == SR_T_RB)) {
        v->subj = cl->anchor, v->subj_how = SR_SUBJ_REL;
      } else {
        v->subj = subject_in_clause(c, v, v->clause), v->subj_how = SR_SUBJ_DIRECT;
        if (!passive) v->obj = cl->anchor; /* "the town that IS held" */
      }
    } else if (cl->kind == SR_CL_PART && first_vg && cl->anchor >= 0) {
      v->subj = cl->anchor, v->subj_how = passive ? SR_SUBJ_REDUCED : SR_SUBJ_PART;
    } else if (v->feat & SR_VG_INF) {
      int32_t g = vg_before(c, k, -1);
      int32_t nb = v->b > c->b ? p->chunk_of[v->b - 1] : -1;
      if (nb >= 0 && p->ch[nb].kind == SR_CH_NP && p->ch[nb].e == v->b && p->ch[nb].poss >= 0) {
        /* "the government's decision to suspend talks", "Russia's attempt to take the town":
         * the noun's possessor does the infinitive */
        v->subj = p->ch[nb].poss, v->subj_how = SR_SUBJ_CONTROL;
        if (g >= 0) v->gov = g;
      } else if (g >= 0) {
        sr_chunk *gv = &p->ch[g];
        v->gov = g;
        sr_chunk *o = ch(c, gv->obj);
        if (object_controls(c, gv, o, v->b)) v->subj = gv->obj; /* "urged the army to withdraw" */
        else v->subj = gv->subj;
        v->subj_how = SR_SUBJ_CONTROL;
      }
    } else {
      v->subj = subject_in_clause(c, v, v->clause);
      v->subj_how = v->subj >= 0 ? SR_SUBJ_DIRECT : SR_SUBJ_NONE;
    }
    /* "began shelling the town", "kept firing", "resumed handing over weapons": an -ing verb
     * right after a verb completes it and shares its subject */
    if (v->subj < 0 && (v->feat & SR_VG_ING) && k > c->cf && p->ch[k - 1].kind == SR_CH_VG && p->ch[k - 1].e == v->b &&
        p->ch[k - 1].clause == v->clause && p->ch[k - 1].subj >= 0) {
      v->subj = p->ch[k - 1].subj, v->subj_how = SR_SUBJ_CONTROL, v->gov = (int32_t)k - 1;
    }
    if (v->subj < 0 && (cl->kind == SR_CL_COORD || cl->kind == SR_CL_PART || cl->kind == SR_CL_SUB) && first_vg) {
      /* a coordinated verb shares the first one's subject; a participle or a subordinate
       * clause with no subject ("after attacking the town") takes its governing verb's */
      uint32_t k0 = c->cf;
      while (k0 < c->cl && p->ch[k0].b < cl->b) k0++;
      /* ", killing three of them" after "struck a vehicle carrying fighters": the verb of the
       * clause the participle hangs on, not the nearest verb */
      int32_t g = cl->kind == SR_CL_PART ? vg_before(c, k0, -2) : vg_before(c, k0, cl->parent);
      if (g < 0) g = vg_before(c, k0, -1);
      if (g >= 0 && g != (int32_t)k) {
        v->gov = g;
        v->subj = p->ch[g].subj;
        /* "was struck by a Houthi missile, setting it on fire": after a passive, the -ing tail's
         * doer is the by-agent */
        if (cl->kind == SR_CL_PART && (v->feat & SR_VG_ING) && (p->ch[g].feat & SR_VG_PASSIVE) && p->ch[g].agent >= 0)
          v->subj = p->ch[g].agent;
        v->subj_how = cl->kind == SR_CL_COORD ? SR_SUBJ_COORD : SR_SUBJ_PART;
        if (cl->kind == SR_CL_COORD && p->ch[g].conj < 0) p->ch[g].conj = (int32_t)k;
      }
    }
    /* object and agent */
    if (v->obj < 0 && !passive) v->obj = object_after(c, v);
    if (passive || (v->feat & SR_VG_PART)) v->agent = agent_after(c, v);
    /* a bare participle with a subject right before it and no clause of its own is the
     * sentence's past-tense verb ("Rebels attacked at dawn, ...") */
    if ((v->feat & SR_VG_PART) && cl->kind != SR_CL_PART && v->subj >= 0 && v->agent < 0 &&
        !c->t->sent[v->sent].headline) {
      v->feat = (uint16_t)((v->feat & ~SR_VG_PART) | SR_VG_FINITE | SR_VG_PAST);
    }
  }
  /* "Backed by Russian air power, government forces retook ...", "After attacking the
   * town, the militants fled": a clause before its governing verb takes that verb's subject */
  for (uint32_t k = c->cf; k < c->cl; k++) {
    sr_chunk *v = &p->ch[k];
    if (v->kind != SR_CH_VG || v->subj >= 0 || v->clause < 0) continue;
    const sr_clause *cl = &p->cl[v->clause];
    if ((cl->kind != SR_CL_PART && cl->kind != SR_CL_SUB) || cl->vg != (int32_t)k) continue;
    for (uint32_t j = k + 1; j < c->cl; j++) {
      const sr_chunk *w = &p->ch[j];
      if (w->kind == SR_CH_VG && w->clause == cl->parent && w->subj >= 0) {
        v->subj = w->subj, v->subj_how = SR_SUBJ_PART, v->gov = (int32_t)j;
        break;
      }
    }
  }
}

void sr_syn_relations(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t si) {
  const sr_sentence *st = &t->sent[si];
  rctx c = {s, t, p, st->tok_begin, st->tok_end, p->sent_ch[si], p->sent_ch[si + 1]};
  if (c.e - c.b > SR_TEXT_MAX_SENT_TOKENS) c.e = c.b + SR_TEXT_MAX_SENT_TOKENS;
  np_relations(&c);
  vg_relations(&c);
}

void syn_np_relations(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t si) {
  const sr_sentence *st = &t->sent[si];
  rctx c = {s, t, p, st->tok_begin, st->tok_end, p->sent_ch[si], p->sent_ch[si + 1]};
  if (c.e - c.b > SR_TEXT_MAX_SENT_TOKENS) c.e = c.b + SR_TEXT_MAX_SENT_TOKENS;
  np_relations(&c);
}
