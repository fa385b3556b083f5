/* incidents.c - one event per incident, then the document pass:
 *   tails           ", killing 12" and "... and abducted 20 women" after an act of the same
 *                   source tell that act's victims: they fill its target, or (a second
 *                   victim group) stay an event of their own; a non-violent tail restates it
 *   claims          an unknown attacker becomes whoever claimed the attack in the document
 *   repression      "police opened fire to disperse protesters": the 17 is the event
 *   the lead        a headline or standfirst that restates a body event is that event
 *   blame           "X and Y blamed each other": the attacker is unknown
 *   duplicates      same source, target, class of act and place: one event
 */
#include "code_internal.h"


/* the event of the verb group that tail chunk k hangs on (same sentence, same source), -1 */
static int32_t tail_base(const cdoc *c, uint32_t i) {
  const cevent *e = &c->ce[i];
  if (e->noun) return -1;
  const sr_chunk *v = &c->p.ch[e->chunk];
  if (v->gov < 0 || v->clause < 0) return -1;
  uint8_t kind = c->p.cl[v->clause].kind;
  if (kind != SR_CL_PART && kind != SR_CL_COORD && kind != SR_CL_SUB && kind != SR_CL_INF) return -1;
  if (kind == SR_CL_SUB && !(v->feat & SR_VG_ING)) return -1; /* "after attacking": one act */
  /* "stormed X, burning granaries, stealing cattle and killing 12": a governing verb that
   * tells no event hands the tail on to its own governor */
  for (int32_t g = v->gov, up = 0; g >= 0 && up < 4; g = c->p.ch[g].gov, up++) {
    int32_t gobj = c->p.ch[g].obj; /* "launched a counterattack ... and retook": the noun's event */
    for (uint32_t j = i; j-- > 0;) {
      const cevent *b = &c->ce[j];
      if (b->sent != e->sent) break;
      if ((b->chunk == g || (gobj >= 0 && b->chunk == gobj)) &&
          (b->src == e->src || (b->src_np >= 0 && b->src_np == e->src_np))) {
        /* "looting shops, torching homes and shooting dead eight men": a tail of a tail told
         * the act the first tail was merged into */
        uint32_t r = j;
        for (int guard = 0; c->ce[r].dead && c->ce[r].parent >= 0 && guard < 8; guard++) r = (uint32_t)c->ce[r].parent;
        if (!c->ce[r].dead) return (int32_t)r;
      }
    }
    if (c->trig[g] >= 0 && c->lm[c->trig[g]].act->act == SR_ACT_EVENT) break; /* its event was dropped: no base */
  }
  return -1;
}

/* a "when", "as" or "after" clause of sentence si that gives a cause and holds no violent act
 * ("were killed when a gas cylinder exploded") */
static int harmless_cause(const cdoc *c, uint32_t si) {
  for (uint32_t k = c->p.sent_cl[si]; k < c->p.sent_cl[si + 1]; k++) {
    const sr_clause *cl = &c->p.cl[k];
    if (cl->kind != SR_CL_SUB || cl->marker < 0) continue;
    uint32_t m = (uint32_t)cl->marker;
    if (!(cd_is(c, m, "when") || cd_is(c, m, "as") || cd_is(c, m, "after"))) continue;
    int violent = 0;
    for (uint32_t i = 0; i < c->nce && !violent; i++) {
      const cevent *e = &c->ce[i];
      if (!e->dead && cd_violent(e->cameo) && c->p.ch[e->chunk].clause == (int32_t)k) violent = 1;
    }
    if (!violent && cl->vg >= 0) return 1;
  }
  return 0;
}

/* a live violent act of the document other than event i */
static int other_violent(const cdoc *c, uint32_t i) {
  for (uint32_t j = 0; j < c->nce; j++)
    if (j != i && !c->ce[j].dead && cd_violent(c->ce[j].cameo)) return 1;
  return 0;
}

/* "killing 12", "killing 12 people": a number of dead that names nobody (no of-phrase, no
 * word but "people" or "persons") */
static int bare_count(const cdoc *c, int32_t np) {
  if (np < 0 || c->p.ch[np].kind != SR_CH_NP || c->np[np].ofc >= 0) return 0;
  const sr_chunk *x = &c->p.ch[np];
  if (c->p.tag[x->head] == SR_T_CD) return 1;
  if (!(cd_is(c, x->head, "people") || cd_is(c, x->head, "persons"))) return 0;
  for (uint32_t j = x->b; j < x->head; j++)
    if (c->p.tag[j] != SR_T_CD && c->p.tag[j] != SR_T_RB && !cd_is(c, j, "least") && !cd_is(c, j, "at")) return 0;
  return 1;
}

/* event i, a passive violent act that took the source of the act told just before it in the
 * sentence before ("Militants stormed a hotel in Mogadishu. At least 21 people were killed."):
 * its victims are that act's when the act named none or the same, and the two are one incident */
static void borrowed_victims(cdoc *c, uint32_t i) {
  cevent *e = &c->ce[i];
  const sr_chunk *v = &c->p.ch[e->chunk];
  /* only victims told as such: "were killed", "died" (not a second act, "then attacked X") */
  if (e->noun || !((v->feat & SR_VG_PASSIVE) || (cd_wf(c, v->head) & SR_W_DIE))) return;
  for (uint32_t j = i; j-- > 0;) {
    cevent *b = &c->ce[j];
    if (b->dead || (b->sent + 1 >= e->sent && !cd_violent(b->cameo))) continue; /* (", accusing X": no act) */
    if (b->para != e->para || b->sent + 1 < e->sent || b->src != e->src) return;
    /* ("... looted a UN compound. Two people were killed.": a bare count is the act's own dead) */
    if (b->tgt >= 0 && b->tgt != e->tgt && !bare_count(c, e->tgt_np)) return;
    /* the dead of a clash ("rival clans exchanged fire. 12 people were killed") are its
     * fighters; the dead of an act on something ("stormed a hotel") are that place's people */
    const sr_lex_action *ba = b->trig >= 0 ? c->lm[b->trig].act : NULL;
    if (b->tgt < 0 && !(ba && (ba->flags & (SR_AF_SYM | SR_AF_PAIR))))
      b->tgt = e->tgt, b->tgt_np = e->tgt_np;
    e->dead = 1, e->parent = (int32_t)j;
    return;
  }
}

/* "Five soldiers were killed when al-Shabaab stormed a base", "...; one peacekeeper was
 * wounded", "X raided a village. Four members of one family were killed": a violent act with
 * nobody named tells the victims of an act told with its actor next to it */
static void agentless(cdoc *c) {
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || (!e->agentless && !e->borrowed)) continue;
    if (e->borrowed) { /* "X stormed a hotel. At least 21 people were killed.": that attack's dead */
      borrowed_victims(c, i);
      continue;
    }
    int32_t best = -1;
    for (uint32_t j = 0; j < c->nce; j++) {
      const cevent *b = &c->ce[j];
      /* (force on a crowd, 175, is an act whose dead these may be) */
      if (j == i || b->dead || b->agentless || !(cd_violent(b->cameo) || !strcmp(b->cameo, "175")) || b->para != e->para)
        continue;
      if (b->sent == e->sent) {
        best = (int32_t)j;
        break;
      }
      if (b->sent + 1 == e->sent && j < i) best = (int32_t)j;
    }
    if (best < 0) {
      /* "the raids had targeted ...": a definite act or weapon nobody owns points back to one
       * told before, which is not here */
      int instrument = e->src_np >= 0 && c->p.ch[e->src_np].kind == SR_CH_NP &&
                       (c->np[e->src_np].hc == HC_EVENT || c->np[e->src_np].hc == HC_WEAPON);
      int definite = instrument && c->np[e->src_np].definite;
      /* ... but an act ("the bombing", not "the missiles") that is the only violent act of the
       * report is the report's act ("The bombing killed 12 people in Maiduguri. Officials
       * blamed Boko Haram.") */
      /* (a "when" clause is no cause of an act told with its weapon: "A drone hit a market
       * when shoppers gathered") */
      if ((!instrument && harmless_cause(c, e->sent)) ||
          (definite && (c->np[e->src_np].hc != HC_EVENT || other_violent(c, i))))
        e->dead = 1;
      continue;
    }
    cevent *b = &c->ce[best];
    /* "... fired at protesters. Two people were killed.": the dead of force on a crowd are the crowd's */
    int crowd_dead = !strcmp(b->cameo, "175") && cd_actor_kind(c, e->tgt) == SR_KIND_CIV;
    /* "... attacked a base. 12 people were killed.": a bare count names no second group */
    if (b->tgt < 0 || b->tgt == e->tgt || e->tgt < 0 || crowd_dead || bare_count(c, e->tgt_np)) {
      if (b->tgt < 0) b->tgt = e->tgt, b->tgt_np = e->tgt_np;
      e->dead = 1;
    } else {
      e->src = b->src, e->agentless = 0; /* a second group of victims of the same attacker */
    }
  }
}

/* "two soldiers", "three policemen": a role word that names no side of its own */
int cd_bare_role(const cdoc *c, int32_t np) {
  if (np < 0 || c->p.ch[np].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[np];
  if (n->hc == HC_QUANT && n->ofc >= 0) n = &c->np[n->ofc];
  return n->hc == HC_ACTOR && n->ref.kind == RK_AGENT && n->owner < 0 &&
         (n->ref.role == SR_ROLE_MIL || n->ref.role == SR_ROLE_POLICE || n->ref.role == SR_ROLE_MEMBER);
}

/* "15 people were killed when a suicide bomber blew himself up", "dozens were killed when RSF
 * fighters overran the village": the act of the when/as/after clause of a passive violent act
 * by the same source is that act's incident; the victims stay the passive's subject, the act
 * the clause's (the more specific) */
static void when_incidents(cdoc *c) {
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || !cd_violent(e->cameo) || e->noun || !(c->p.ch[e->chunk].feat & SR_VG_PASSIVE)) continue;
    int32_t cl0 = c->p.ch[e->chunk].clause;
    for (uint32_t j = 0; j < c->nce && cl0 >= 0; j++) {
      cevent *f = &c->ce[j];
      if (j == i || f->dead || f->sent != e->sent || f->src != e->src || !cd_violent(f->cameo)) continue;
      int32_t fc = c->p.ch[f->chunk].clause;
      if (fc < 0 || c->p.cl[fc].kind != SR_CL_SUB || c->p.cl[fc].parent != cl0 || c->p.cl[fc].marker < 0) continue;
      uint32_t m = (uint32_t)c->p.cl[fc].marker;
      if (!(cd_is(c, m, "when") || cd_is(c, m, "as") || cd_is(c, m, "after"))) continue;
      if (!strcmp(e->cameo, "190") || !strncmp(e->cameo, "18", 2)) memcpy(e->cameo, f->cameo, sizeof e->cameo);
      if (e->place < 0) e->place = f->place;
      f->dead = 1, f->parent = (int32_t)i;
    }
  }
}

void cd_incidents(cdoc *c) {
  agentless(c);
  when_incidents(c);
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead) continue;
    int32_t bi = tail_base(c, i);
    if (bi < 0) continue;
    cevent *b = &c->ce[bi];
    /* burning and looting in a raid ("stormed X, burning granaries and killing 12") belong to
     * the raid: property acts (171x) join violent ones, and the violent act names the event */
    int pe = !strncmp(e->cameo, "171", 3), pb = !strncmp(b->cameo, "171", 3);
    int ve = cd_violent(e->cameo) || pe, vb = cd_violent(b->cameo) || pb;
    const sr_chunk *v = &c->p.ch[e->chunk];
    int part = v->clause >= 0 && c->p.cl[v->clause].kind == SR_CL_PART;
    int inf = v->clause >= 0 && c->p.cl[v->clause].kind == SR_CL_INF;
    if (inf && cd_root(b->cameo) != 14) continue; /* only a protest's purpose ("gathered to demand X") is its content */
    /* "beat two men to death after accusing them of theft": words of blame or demand told as
     * the motive of a violent act are part of it */
    int sub = v->clause >= 0 && c->p.cl[v->clause].kind == SR_CL_SUB;
    if (sub && !ve && vb && cd_root(e->cameo) >= 10 && cd_root(e->cameo) <= 13) {
      e->dead = 1, e->parent = bi;
      continue;
    }
    if (!ve && (part || inf) && cd_root(e->cameo) != 13) { /* ", handing them over to mediators" */
      /* "protested ..., demanding the resignation of X": what a protest demands names whom it is against */
      if (cd_root(b->cameo) == 14 && b->tgt < 0 && e->tgt >= 0) b->tgt = e->tgt, b->tgt_np = e->tgt_np;
      e->dead = 1, e->parent = bi;
      continue;
    }
    /* "fired tear gas and live rounds at protesters, killing 40": the deaths are the force used */
    if (ve && !pb && cd_root(b->cameo) == 17 && e->tgt >= 0 &&
        (e->tgt == b->tgt || cd_actor_kind(c, e->tgt) == SR_KIND_CIV || cd_actor_kind(c, e->tgt) == SR_KIND_PROTEST)) {
      e->dead = 1, e->parent = bi;
      continue;
    }
    if (!ve || !vb) continue;
    if (cd_bare_role(c, e->tgt_np) && b->tgt >= 0 && cd_actor_kind(c, b->tgt) != SR_KIND_CIV)
      e->tgt = b->tgt; /* "struck a base that houses Saudi troops, killing two soldiers": theirs */
    /* "X and Y clashed ..., killing 12": a bare number are the act's own dead, whoever they were */
    if (b->tgt >= 0 && bare_count(c, e->tgt_np)) e->tgt = b->tgt;
    if (b->tgt < 0 || b->tgt == e->tgt || e->tgt < 0) {
      if (b->tgt < 0) b->tgt = e->tgt, b->tgt_np = e->tgt_np;
      /* the more specific act: "stormed (190) ... and abducted (181)"; the violence of a raid
       * over its burning ("looted the village and killed 11") */
      if ((pb && !pe) || (!strcmp(b->cameo, "190") && strcmp(e->cameo, "190") && !pe)) {
        memcpy(b->cameo, e->cameo, sizeof b->cameo);
        if (pb && e->tgt >= 0) b->tgt = e->tgt, b->tgt_np = e->tgt_np;
      }
      e->dead = 1, e->parent = bi;
    }
  }
}

/* ---- the document pass */

static int same_loc(const cdoc *c, const cevent *a, const cevent *b) {
  if ((a->place >= 0) != (b->place >= 0)) return 0;
  if (a->place < 0) return 1;
  const dplace *p = &c->pl[a->place], *q = &c->pl[b->place];
  return cd_km(p->lat, p->lon, q->lat, q->lon) < 25.0;
}

/* the lead of a document: every headline line and the paragraphs before the first paragraph
 * of three or more sentences */
static int in_lead(const cdoc *c, uint32_t sent, uint32_t body_para) {
  return c->t->sent[sent].headline || (body_para != 0xffffffff && c->t->sent[sent].para < body_para);
}

static uint32_t body_paragraph(const cdoc *c) {
  uint32_t run = 0, cur = 0xffffffff;
  for (uint32_t si = 0; si < c->nsent; si++) {
    const sr_sentence *st = &c->t->sent[si];
    if (st->para != cur) cur = st->para, run = 0;
    if (!st->headline && ++run >= 3) return cur;
  }
  return 0xffffffff;
}

static int accuse_vg(const cdoc *c, uint32_t k) {
  if (c->p.ch[k].kind != SR_CH_VG || (c->p.ch[k].feat & (SR_VG_NEG | SR_VG_MODAL))) return 0;
  uint32_t h = c->p.ch[k].head;
  for (uint32_t m = c->lm_at[h]; m < c->lm_at[h + 1]; m++)
    if (c->lm[m].type == SR_ENT_ACTION && c->lm[m].act->act == SR_ACT_ACCUSE) return 1;
  return 0;
}

/* "X and Y blamed each other for the shelling" in sentence si */
static int mutual_blame(const cdoc *c, uint32_t si) {
  for (uint32_t k = c->p.sent_ch[si]; k < c->p.sent_ch[si + 1]; k++) {
    if (!accuse_vg(c, k)) continue;
    uint32_t e = c->p.ch[k].e, b = c->p.ch[k].b;
    if (e + 1 < c->t->ntok && ((cd_is(c, e, "each") && cd_is(c, e + 1, "other")) ||
                               (cd_is(c, e, "one") && cd_is(c, e + 1, "another")) ||
                               (cd_is(c, e, "the") && cd_is(c, e + 1, "other"))))
      return 1;
    if (b > 0 && cd_is(c, b - 1, "each")) return 1; /* "India and Pakistan each blamed ..." */
  }
  return 0;
}

/* two finite verbs of their own ("pounded the town and then attacked Ukrainian positions"):
 * two acts, whatever their targets */
static int two_acts(const cdoc *c, const cevent *e, const cevent *f) {
  if (e->noun || f->noun || e->agentless || f->agentless || e->chunk == f->chunk) return 0;
  const sr_chunk *x = &c->p.ch[e->chunk], *y = &c->p.ch[f->chunk];
  /* a participle or a purpose infinitive ("summoned the ambassador to protest") tells more of its verb's act */
  int xp = x->clause >= 0 && (c->p.cl[x->clause].kind == SR_CL_PART || c->p.cl[x->clause].kind == SR_CL_INF);
  int yp = y->clause >= 0 && (c->p.cl[y->clause].kind == SR_CL_PART || c->p.cl[y->clause].kind == SR_CL_INF);
  return !xp && !yp;
}

/* events e and f have one target, as the theatre of each names it */
static int same_target(const cdoc *c, const cevent *e, const cevent *f) {
  if (e->tgt == f->tgt) return 1;
  if (e->tgt < 0 || f->tgt < 0) return 0;
  return cd_theatre_actor(c, e->tgt, cd_event_cc(c, e), 0) == cd_theatre_actor(c, f->tgt, cd_event_cc(c, f), 0);
}

/* "the cause of the blast was not immediately clear", "officials said the cause was being
 * investigated": a sentence of paragraph para says nobody knows yet what caused the harm */
static int cause_unknown(const cdoc *c, uint32_t para) {
  for (uint32_t s = 0; s < c->nsent; s++) {
    if (c->t->sent[s].para != para) continue;
    const sr_sentence *st = &c->t->sent[s];
    int cause = 0, unsure = 0;
    for (uint32_t i = st->tok_begin; i < st->tok_end; i++) {
      if (cd_is(c, i, "cause") || cd_is(c, i, "causes")) cause = 1;
      if (cd_wf(c, i) & SR_W_UNSURE) unsure = 1;
      /* "not (immediately / yet) clear" */
      if (cd_is(c, i, "clear") && i >= st->tok_begin + 1 &&
          (cd_is(c, i - 1, "not") || (i >= st->tok_begin + 2 && cd_is(c, i - 2, "not"))))
        unsure = 1;
    }
    if (cause && unsure) return 1;
  }
  return 0;
}

/* an accident or natural-cause word in sentence si or the next sentence of its paragraph */
static int accident_near(const cdoc *c, uint32_t si) {
  for (uint32_t s = si; s < c->nsent && s <= si + 1; s++) {
    if (c->t->sent[s].para != c->t->sent[si].para) break;
    for (uint32_t i = c->t->sent[s].tok_begin; i < c->t->sent[s].tok_end; i++)
      if (cd_wf(c, i) & SR_W_ACCIDENT) return 1;
  }
  return 0;
}

/* "officials blamed al-Shabaab", "X blamed the bombing on Y", "Kyiv held Moscow responsible":
 * the one armed actor blamed in the report, unless it denies or the sides blame each other
 * (-1 then, or when several are blamed) */
static int32_t blamed(cdoc *c) {
  int32_t who = -1;
  for (uint32_t k = 0; k < c->p.nch; k++) {
    if (c->p.ch[k].sent >= c->nsent || !accuse_vg(c, k) || mutual_blame(c, c->p.ch[k].sent)) continue;
    if (c->p.ch[k].feat & SR_VG_PERF) continue; /* "Washington has in the past blamed X for such attacks" */
    /* "Boko Haram was blamed for the attack": the passive's subject is the one blamed */
    int32_t o = (c->p.ch[k].feat & SR_VG_PASSIVE) ? c->p.ch[k].subj : c->p.ch[k].obj;
    /* "accused Iran of supplying the missiles": the accusation is of something else */
    if (o >= 0 && c->p.ch[o].e + 1 < c->t->ntok && cd_is(c, c->p.ch[o].e, "of")) {
      int32_t g = c->p.chunk_of[c->p.ch[o].e + 1];
      if (g >= 0 && c->p.ch[g].kind == SR_CH_VG && (c->trig[g] < 0 || !cd_violent(c->lm[c->trig[g]].act->cameo))) continue;
    }
    if (o >= 0 && c->np[o].hc == HC_EVENT) { /* "blamed the attack on X" */
      static const char *const ON[] = {"on", NULL};
      o = cd_pp_after(c, o, ON, 1);
    }
    int32_t a = o >= 0 ? cd_resolve(c, o, 19, 1, -1) : -1;
    if (a < 0 || !(cd_nonstate_armed(cd_actor_kind(c, a)) || cd_actor_kind(c, a) == SR_KIND_STATE_MIL)) continue;
    if (who >= 0 && who != a) return -1;
    who = a;
  }
  /* "Residents said the attackers were Boko Haram fighters": the unknown attackers named by a
   * copula */
  for (uint32_t k = 0; k + 1 < c->p.nch; k++) {
    const sr_chunk *v = &c->p.ch[k];
    if (v->kind != SR_CH_VG || !(v->feat & SR_VG_COPULA) || (v->feat & SR_VG_NEG) || k == 0) continue;
    /* (a copula in a report without "that" may have no subject read: the phrase before it) */
    int32_t sj = v->subj >= 0 ? v->subj : c->p.ch[k - 1].kind == SR_CH_NP && c->p.ch[k - 1].prep < 0 ? (int32_t)k - 1 : -1;
    if (sj < 0) continue;
    uint32_t h = c->p.ch[sj].head;
    if (!(cd_is(c, h, "attackers") || cd_is(c, h, "assailants") || cd_is(c, h, "gunmen") || cd_is(c, h, "attacker") ||
          cd_is(c, h, "killers") || cd_is(c, h, "perpetrators") || cd_is(c, h, "raiders")))
      continue;
    const sr_chunk *x = &c->p.ch[k + 1];
    if (x->kind != SR_CH_NP || x->sent != v->sent || x->prep >= 0) continue;
    int32_t a = cd_resolve(c, (int32_t)k + 1, 19, 0, -1);
    if (a < 0 || !cd_nonstate_armed(cd_actor_kind(c, a))) continue;
    if (who >= 0 && who != a) return -1;
    who = a;
  }
  if (who < 0) return -1;
  for (uint32_t k = 0; k < c->p.nch; k++) { /* "... the group denied any involvement" */
    const sr_chunk *v = &c->p.ch[k];
    if (v->kind != SR_CH_VG || v->subj < 0) continue;
    int deny = 0;
    for (uint32_t m = c->lm_at[v->head]; m < c->lm_at[v->head + 1]; m++)
      if (c->lm[m].type == SR_ENT_ACTION && c->lm[m].act->act == SR_ACT_DENY) deny = 1;
    if (deny && cd_resolve(c, v->subj, 19, 0, -1) == who) return -1;
  }
  return who;
}

/* a subject called a mob, a crowd or vigilantes ("a mob lynched", "villagers beat") */
int cd_mob_np(const cdoc *c, int32_t np) {
  if (np < 0 || c->p.ch[np].kind != SR_CH_NP) return 0;
  for (uint32_t i = c->p.ch[np].b; i < c->p.ch[np].e; i++)
    if (cd_wf(c, i) & SR_W_MOB) return 1;
  return 0;
}

/* "teachers set up a sit-in to demand pay rises", "fishermen continued a sit-in, demanding an
 * end to trawling": the demand is what the protest is for, told with it; the protest is the
 * event (a demand stands alone only when no protest is told) */
static void protest_aims(cdoc *c) {
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS"), civ = sr_lex_actor_by_code(c->lx, "CIV");
  /* civilians or protesters occupying a building or a square ("students occupied the
   * rectorate") demonstrate; they take nothing from anyone */
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (!e->dead && (e->src == prot || e->src == civ) && !strncmp(e->cameo, "192", 3))
      memcpy(e->cameo, "141", 4), e->tgt = -1, e->src = prot;
    /* civilians who protest ("traders continued their sit-in") are protesters */
    if (!e->dead && e->src == civ && cd_root(e->cameo) == 14 && prot >= 0) e->src = prot;
  }
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    int r = cd_root(e->cameo);
    if (e->dead || (r != 10 && r != 2) || (e->src != prot && e->src != civ)) continue;
    for (uint32_t j = 0; j < c->nce; j++)
      if (!c->ce[j].dead && c->ce[j].sent == e->sent && cd_root(c->ce[j].cameo) == 14) {
        e->dead = 1;
        break;
      }
  }
}

/* "X entered the village after government troops withdrew": a place taken with nobody named
 * as losing it is taken from the armed side that left it in the same sentence */
static void taken_from_leavers(cdoc *c) {
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || e->tgt >= 0 || strncmp(e->cameo, "192", 3)) continue;
    for (uint32_t j = 0; j < c->nce; j++) {
      const cevent *w = &c->ce[j];
      if (w->dead || w->sent != e->sent || w->src == e->src || w->src < 0 || strncmp(w->cameo, "08", 2) ||
          cd_root(w->cameo) != 8)
        continue;
      uint8_t k = cd_actor_kind(c, w->src);
      if (k == SR_KIND_STATE_MIL || k == SR_KIND_STATE_GOV || cd_nonstate_armed(k)) {
        e->tgt = w->src;
        break;
      }
    }
  }
}

/* a protest named by a noun in sentence si ("during a march", "dispersed a rally"), -1 */
static int32_t protest_noun(const cdoc *c, uint32_t si) {
  for (uint32_t k = c->p.sent_ch[si]; k < c->p.sent_ch[si + 1]; k++) {
    int32_t t = c->trig[k];
    if (c->p.ch[k].kind == SR_CH_NP && t >= 0 && c->lm[t].act && cd_root(c->lm[t].act->cameo) == 14) return (int32_t)k;
  }
  return -1;
}

/* a protest verb in a participle on NP np ("activists protesting in Quetta", "supporters
 * marching towards the parliament", "people taking part in a shutdown"): np are protesters */
static int protesting(const cdoc *c, uint32_t si, int32_t np) {
  if (np < 0) return 0;
  for (uint32_t k = c->p.sent_ch[si]; k < c->p.sent_ch[si + 1]; k++) {
    const sr_chunk *v = &c->p.ch[k];
    if (v->kind != SR_CH_VG || !(v->feat & SR_VG_ING) || v->subj != np) continue;
    for (uint32_t m = c->lm_at[v->b]; m < c->lm_at[v->e + (v->e < c->t->ntok)]; m++)
      if (c->lm[m].type == SR_ENT_ACTION && c->lm[m].act && c->lm[m].act->act == SR_ACT_EVENT &&
          cd_root(c->lm[m].act->cameo) == 14 && c->lm[m].tok >= v->b && c->lm[m].tok < v->e)
        return 1;
  }
  return 0;
}

/* does NP k or its of-phrase name actor a ("a crowd of anti-coup demonstrators")? */
static int names_actor(const cdoc *c, int32_t k, int32_t a) {
  for (int hop = 0; hop < 2 && k >= 0 && c->p.ch[k].kind == SR_CH_NP; hop++, k = c->np[k].ofc) {
    const sr_chunk *x = &c->p.ch[k];
    for (uint32_t m = c->lm_at[x->b]; m < c->lm_at[x->e]; m++)
      if (c->lm[m].type == SR_ENT_ACTOR && (int32_t)c->lm[m].val == a) return 1;
  }
  return 0;
}

/* "used tear gas to disperse activists": force with no target takes the object of its
 * purpose, an infinitive of crowd control (175) right after it */
static void purpose_target(cdoc *c, cevent *e) {
  if (e->tgt >= 0 || strcmp(e->cameo, "175") || e->chunk < 0) return;
  uint32_t ce = c->p.sent_ch[e->sent + 1];
  for (uint32_t j = (uint32_t)e->chunk + 1; j < ce && j < (uint32_t)e->chunk + 5; j++) {
    const sr_chunk *v = &c->p.ch[j];
    if (v->kind != SR_CH_VG) continue;
    int32_t t = c->trig[j];
    if ((v->feat & SR_VG_INF) && v->obj >= 0 && t >= 0 && c->lm[t].act && !strcmp(c->lm[t].act->cameo, "175")) {
      e->tgt_np = v->obj;
      e->tgt = cd_resolve(c, v->obj, 17, 1, e->src);
    }
    /* "water cannon laced with irritants to disperse ...": a participle on the means */
    if ((v->feat & (SR_VG_PART | SR_VG_ING)) && !(v->feat & SR_VG_INF) && !(v->feat & SR_VG_FINITE)) continue;
    return;
  }
}

/* force used on protesters tells of a protest: "police fired tear gas at students protesting
 * against the reform", "police dispersed a rally" report the protest (14 by the protesters,
 * ACLED's actor 1 of a protest with intervention) as well as the act against it. The state's
 * force on people where a protest is told is force on the protesters. The protest is written
 * just before the act it met, unless the sentence codes a protest already. */
static void protests_met(cdoc *c) {
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
  uint32_t n = c->nce;
  for (uint32_t i = 0; i < n && prot >= 0; i++) {
    cevent *e = &c->ce[i];
    int root = cd_root(e->cameo);
    uint8_t ks = cd_actor_kind(c, e->src);
    if (e->dead || (root != 17 && root < 18) || (ks != SR_KIND_STATE_MIL && ks != SR_KIND_STATE_GOV)) continue;
    purpose_target(c, e);
    int32_t pn = protest_noun(c, e->sent);
    if (e->tgt != prot && cd_actor_kind(c, e->tgt) == SR_KIND_CIV && names_actor(c, e->tgt_np, prot)) pn = e->tgt_np;
    if (e->tgt != prot && protesting(c, e->sent, e->tgt_np)) pn = e->tgt_np; /* whoever they are */
    /* "used water cannon to disperse students": crowd control (175) on civilians meets a crowd */
    if (e->tgt != prot && !strcmp(e->cameo, "175") && e->tgt_np >= 0 && cd_actor_kind(c, e->tgt) == SR_KIND_CIV) pn = e->tgt_np;
    if (e->tgt != prot && (pn < 0 || (e->tgt >= 0 && cd_actor_kind(c, e->tgt) != SR_KIND_CIV &&
                                      cd_actor_kind(c, e->tgt) != SR_KIND_PROTEST && e->tgt_np != pn)))
      continue;
    e->tgt = prot;
    int told = 0;
    for (uint32_t j = 0; j < c->nce && !told; j++) {
      cevent *f = &c->ce[j];
      told = !f->dead && f->sent == e->sent && cd_root(f->cameo) == 14;
      if (told && j > i && !f->companion && f->before < 0) f->companion = 1, e->before = (int32_t)j; /* told first */
    }
    if (told || cd_add_event(c, e->chunk, e->trig, prot, -1, e->tgt_np, -1, "141", e->place, e->conf,
                             "a protest met with force: the protesters' protest") || c->nce == n)
      continue;
    e = &c->ce[i];
    cevent *f = &c->ce[c->nce - 1];
    f->companion = 1;
    memcpy(f->cc, e->cc, sizeof f->cc);
    e->before = (int32_t)(c->nce - 1);
  }
}

/* a protest is against someone: "police fired tear gas at students protesting in Nairobi"
 * protests the side that met it with force; with none in the report, a protest in a country
 * is against its government ("thousands marched in Yangon to demand ..."). A target the
 * sentence names ("marched against the government") was set by the grammar. */
static void protest_targets(cdoc *c) {
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
  for (uint32_t i = 0; i < c->nce && prot >= 0; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || e->src != prot || e->tgt >= 0 || cd_root(e->cameo) != 14) continue;
    int32_t by = -1;
    for (uint32_t j = 0; j < c->nce; j++) {
      const cevent *f = &c->ce[j];
      uint8_t k = cd_actor_kind(c, f->src);
      if (f->dead || f->tgt != prot || f->src == prot || cd_root(f->cameo) < 17 ||
          !(k == SR_KIND_STATE_MIL || k == SR_KIND_STATE_GOV || cd_nonstate_armed(k)))
        continue;
      if (by < 0 || f->sent == e->sent) by = f->src;
      if (f->sent == e->sent) break;
    }
    if (by < 0) {
      const char *cc = cd_event_cc(c, e);
      int32_t ki = cc && cc[0] ? sr_lex_country_by_cc(c->lx, cc) : -1;
      by = cd_state_actor(c, ki, SR_ROLE_GOV, 14);
    }
    e->tgt = by;
  }
}

/* a fighting force (not a peace mission, which events.c's armed_kind also counts) */
static int combatant_kind(uint8_t k) { return k == SR_KIND_STATE_MIL || cd_nonstate_armed(k); }

/* "Taliban fighters overran Kunduz ... Afghan soldiers fell back to the airport", "the army
 * recaptured Wad Madani; the RSF said its forces had pulled out": taking or entering a place
 * the other side is told to have left is an act against the force that left */
static void capture_from_leavers(cdoc *c) {
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    /* (a capture, or a ground assault: "jets struck X after the rebels withdrew" hits the place) */
    int ground = !strncmp(e->cameo, "192", 3) ||
                 (e->chunk >= 0 && (cd_wf(c, c->p.ch[e->chunk].head) & SR_W_ASSAULT) && strncmp(e->cameo, "194", 3) &&
                  strncmp(e->cameo, "195", 3));
    if (e->dead || e->tgt >= 0 || e->place < 0 || !ground || !combatant_kind(cd_actor_kind(c, e->src))) continue;
    for (uint32_t j = 0; j < c->nce; j++) {
      const cevent *f = &c->ce[j];
      if (f->dead || f->src == e->src || strncmp(f->cameo, "0874", 4) || f->para != e->para ||
          (f->sent > e->sent ? f->sent - e->sent : e->sent - f->sent) > 3 || !combatant_kind(cd_actor_kind(c, f->src)))
        continue;
      const dplace *p = &c->pl[e->place], *q = f->place >= 0 ? &c->pl[f->place] : NULL;
      int near = q && (same_loc(c, e, f) || (!strcmp(q->prec, "admin1") && p->admin1 && q->admin1 &&
                                             !strcmp(p->admin1, q->admin1) && !strcmp(p->cc, q->cc)));
      if (!near) continue;
      e->tgt = f->src;
      break;
    }
  }
}

/* does sentence si name protesters or a protest ("a crowd of protesters", "the protest camp",
 * "as demonstrators filled the streets"), or, with crowd set, any crowd? */
static int names_protest(const cdoc *c, uint32_t si, int crowd) {
  static const char *const P[] = {"protesters", "protester", "demonstrators", "protest", "protests", "demonstration",
                                  "demonstrations", "rally", "marchers", "sit-in", NULL};
  static const char *const C[] = {"crowd", "crowds", "mourners", NULL};
  const sr_sentence *st = &c->t->sent[si];
  for (uint32_t q = st->tok_begin; q < st->tok_end; q++) {
    for (int k = 0; P[k]; k++)
      if (cd_is(c, q, P[k])) return 1;
    for (int k = 0; crowd && C[k]; k++)
      if (cd_is(c, q, C[k])) return 1;
  }
  return 0;
}

void cd_doc_pass(cdoc *c) {
  int32_t unknown = sr_lex_actor_by_code(c->lx, "UNKNOWN");
  /* an attack with no attacker named: whoever claimed it, else whoever was blamed for it */
  int32_t by = c->claimer >= 0 ? c->claimer : blamed(c);
  if (by >= 0)
    for (uint32_t i = 0; i < c->nce; i++)
      if (!c->ce[i].dead && cd_violent(c->ce[i].cameo) && c->ce[i].src == unknown) {
        c->ce[i].src = by;
        c->ce[i].unknown_cause = 0;
      }
  /* "security forces shot dead 38 people as crowds marched against the coup": people killed
   * by the state where a crowd protests are protesters (lethal force on a protest) */
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
  for (uint32_t i = 0; i < c->nce && prot >= 0; i++) {
    cevent *e = &c->ce[i];
    uint8_t ks = cd_actor_kind(c, e->src);
    int state = ks == SR_KIND_STATE_MIL || ks == SR_KIND_STATE_GOV;
    /* ("fighters sprayed pepper spray at women who had gathered to demand ...": crowd control
     * by anyone armed is on the protest too) */
    int crowd = !strncmp(e->cameo, "175", 3) && (state || cd_nonstate_armed(ks));
    if (e->dead || cd_actor_kind(c, e->tgt) != SR_KIND_CIV || !((cd_violent(e->cameo) && state) || crowd)) continue;
    int protest = names_protest(c, e->sent, 0); /* "fired into a crowd of protesters, killing six" */
    for (uint32_t j = 0; j < c->nce && !protest; j++)
      protest = !c->ce[j].dead && c->ce[j].sent == e->sent && cd_root(c->ce[j].cameo) == 14;
    if (protest) e->tgt = prot, memcpy(e->cameo, "175", 4);
  }
  /* "soldiers fired live rounds into the air to scatter the crowd": crowd control with no
   * target of its own is on the crowd its sentence names */
  for (uint32_t i = 0; i < c->nce && prot >= 0; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || e->tgt >= 0 || strncmp(e->cameo, "175", 3)) continue;
    int protest = names_protest(c, e->sent, 1);
    /* ("fired into the air and beat women protesting outside the ministry": a protest coded
     * in the same sentence) */
    for (uint32_t j = 0; j < c->nce && !protest; j++)
      protest = j != i && !c->ce[j].dead && c->ce[j].sent == e->sent && cd_root(c->ce[j].cameo) == 14;
    if (protest) e->tgt = prot;
  }
  /* an explosion nobody claimed and no attacker is named for: its cause is unknown; deaths
   * nobody is named for next to an accident or a natural cause are no attack */
  for (uint32_t i = 0; i < c->nce; i++)
    if (c->ce[i].src == unknown && (c->ce[i].unknown_cause || accident_near(c, c->ce[i].sent) ||
                                    (c->ce[i].agentless && cause_unknown(c, c->ce[i].para))))
      c->ce[i].dead = 1;
  for (uint32_t i = 0; i < c->nce; i++) {
    const cevent *e = &c->ce[i];
    if (e->dead || cd_root(e->cameo) != 17) continue;
    for (uint32_t j = 0; j < c->nce; j++) {
      cevent *f = &c->ce[j];
      int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
      if (f->dead || f->sent != e->sent || !cd_violent(f->cameo) || f->src != e->src) continue;
      if (f->tgt < 0 || f->tgt == e->tgt || f->tgt == prot) f->dead = 1;
    }
  }
  uint32_t body = body_paragraph(c);
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || !in_lead(c, e->sent, body)) continue;
    for (uint32_t j = 0; j < c->nce; j++) {
      const cevent *f = &c->ce[j];
      if (j == i || f->dead || in_lead(c, f->sent, body) || f->src != e->src) continue;
      if (cd_violent(e->cameo) != cd_violent(f->cameo) || (!cd_violent(e->cameo) && strncmp(e->cameo, f->cameo, 2)))
        continue;
      if (e->tgt >= 0 && f->tgt != e->tgt) continue;
      e->dead = 1;
      break;
    }
  }
  for (uint32_t si = 0; si < c->nsent && unknown >= 0; si++) {
    if (!mutual_blame(c, si)) continue;
    for (uint32_t i = 0; i < c->nce; i++)
      if (c->ce[i].sent == si && cd_violent(c->ce[i].cameo)) c->ce[i].src = unknown;
  }
  protests_met(c);
  taken_from_leavers(c);
  protest_aims(c);
  /* statements (01) in a report of acts are attribution or comment, not events of their own */
  int acts = 0;
  for (uint32_t i = 0; i < c->nce && !acts; i++) acts = !c->ce[i].dead && cd_root(c->ce[i].cameo) != 1;
  if (acts)
    for (uint32_t i = 0; i < c->nce; i++)
      if (cd_root(c->ce[i].cameo) == 1) c->ce[i].dead = 1;
  /* duplicates: same source, target, class and place (targets as the theatre names them:
   * "an African Union base" and "a dozen Ugandan soldiers" in Somalia are one mission) */
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead) continue;
    for (uint32_t j = 0; j < i; j++) {
      cevent *f = &c->ce[j];
      if (f->dead || f->src != e->src) continue;
      /* "ELN guerrillas attacked a police station. They fired rifles at the building": a
       * later act with no target in the same paragraph restates one with its target */
      int restates = e->tgt < 0 && f->tgt >= 0 && e->para == f->para && e->sent <= f->sent + 2 &&
                     (e->sent != f->sent || !two_acts(c, e, f));
      /* "the Tatmadaw bombed a monastery ..., killing 20 civilians": an act with no target in
       * the sentence of the same act with one is that act */
      int fills = f->tgt < 0 && e->tgt >= 0 && e->sent == f->sent && !two_acts(c, e, f);
      if (!same_target(c, e, f) && !restates && !fills) continue;
      int ve = cd_violent(e->cameo), vf = cd_violent(f->cameo);
      if (ve != vf || (!ve && strncmp(e->cameo, f->cameo, 2))) continue;
      /* a capture and a bombardment of one enemy are two acts; a generic 190 restates */
      if (ve && strcmp(e->cameo, f->cameo) && strcmp(e->cameo, "190") && strcmp(f->cameo, "190") &&
          !(e->tgt < 0 && e->sent != f->sent))
        continue;
      /* "... attacked a base in Mahas district. 5 soldiers were killed.": the next sentence's
       * act with no place of its own happened where the one before it did */
      if (!same_loc(c, e, f) && !(e->place < 0 && e->para == f->para && e->sent == f->sent + 1)) continue;
      if (e->sent == f->sent && e->place >= 0 && f->place >= 0 && e->place != f->place &&
          strcmp(c->pl[e->place].name ? c->pl[e->place].name : "", c->pl[f->place].name ? c->pl[f->place].name : ""))
        continue; /* "pounded Kafr Nabl and Hish": one event per town */
      if (f->place >= 0 && e->place >= 0 && !strcmp(c->pl[f->place].prec, "country") && strcmp(c->pl[e->place].prec, "country"))
        f->place = e->place; /* keep the more precise place */
      if (!strcmp(f->cameo, "190") && strcmp(e->cameo, "190")) memcpy(f->cameo, e->cameo, sizeof f->cameo);
      if (fills) f->tgt = e->tgt, f->tgt_np = e->tgt_np;
      e->dead = 1;
      break;
    }
  }
  capture_from_leavers(c);
  protest_targets(c); /* after the duplicates: a riot and the protest it grew from stay two */
}

/* "protesters stormed and looted a UN base", "demonstrators stoned police vehicles": a protest
 * turned violent is a riot (145); a mob's violence keeps its own code. Run after the
 * casualties are counted (a riot's dead are its own) and after the duplicates pass (a riot
 * and the protest it grew from stay two events). */
void cd_riots(cdoc *c) {
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS"), civ = sr_lex_actor_by_code(c->lx, "CIV");
  for (uint32_t i = 0; i < c->nce && prot >= 0; i++) {
    cevent *e = &c->ce[i];
    int r = cd_root(e->cameo);
    /* "students hurled stones at police and set a car on fire": the second verb's subject is
     * the same rioting crowd; with the same target it is the same riot */
    if (!e->dead && e->src == civ && e->src_np >= 0 && (r == 18 || r == 19))
      for (uint32_t j = 0; j < c->nce; j++) {
        const cevent *f = &c->ce[j];
        if (j == i || f->dead || f->src != prot || f->src_np != e->src_np || f->sent != e->sent) continue;
        e->src = prot;
        if (f->tgt == e->tgt && j < i) e->dead = 1, e->parent = (int32_t)j;
        break;
      }
    /* (bombs, missiles and artillery are no crowd's weapons: that stays the act it is) */
    int arms = !strncmp(e->cameo, "183", 3) || !strncmp(e->cameo, "194", 3) || !strncmp(e->cameo, "195", 3);
    if (!e->dead && e->src == prot && (r == 18 || r == 19) && !arms && !cd_mob_np(c, e->src_np)) memcpy(e->cameo, "145", 4);
  }
}
