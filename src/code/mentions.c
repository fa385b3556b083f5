/* mentions.c - what each noun phrase refers to, read off its head and modifiers:
 *   an actor        "the Syrian army", "IS fighters", "Russian jets", "its soldiers", "they"
 *   people          "farmers", "three children" (unnamed: civilians as victims)
 *   a weapon        "a rocket", "drones" (its owner, if named, is the attacker)
 *   an event        "an attack", "Russian air strikes" (a noun trigger; its modifier acts)
 *   a thing         "army posts", "a Hezbollah depot", "the base" (its owner is hit)
 *   a quantity      "dozens of fighters", "one of the last IS strongholds"
 * and the links that give a phrase its actor: possessors, of-phrases, "loyal to X",
 * "belonging to X", reduced relatives ("drones launched by X"), relative clauses of holding
 * ("the base, which houses French troops"). Also the action triggers: a verb pattern whose
 * verb heads a verb group, a noun pattern whose noun heads a noun phrase.
 */
#include "code_internal.h"

static int actorish(uint8_t t) {
  return t == SR_ENT_ACTOR || t == SR_ENT_AGENT || t == SR_ENT_COUNTRY || t == SR_ENT_ADJ || t == SR_ENT_CAPITAL;
}

/* longest actor-ish match at token i that ends by `end` (a named actor wins a tie) */
static const lexm *actor_match(const cdoc *c, uint32_t i, uint32_t end) {
  const lexm *best = NULL;
  for (uint32_t k = c->lm_at[i]; k < c->lm_at[i + 1]; k++) {
    const lexm *m = &c->lm[k];
    if (!actorish(m->type) || i + m->span > end) continue;
    if (!best || m->span > best->span || (m->span == best->span && m->type == SR_ENT_ACTOR && best->type != SR_ENT_ACTOR))
      best = m;
  }
  return best;
}

/* a verb whose object is a place: motion (WordNet verb.motion: "entered", "reached") or force
 * (a violent or movement pattern at it: "struck", "shelled", "captured") */
static int place_verb(const cdoc *c, uint32_t v) {
  uint8_t vc = sr_syn_vclass(c->syn, c->t->tok[v].word);
  if (vc == SR_VC_MOTION || vc == SR_VC_CONTACT) return 1;
  for (uint32_t k = c->lm_at[v]; k < c->lm_at[v + 1]; k++) {
    const lexm *m = &c->lm[k];
    if (m->type != SR_ENT_ACTION || m->act->act != SR_ACT_EVENT) continue;
    const char *cm = m->act->cameo;
    if (cm[0] == '2' || (cm[0] == '1' && cm[1] >= '4') || (cm[0] == '0' && cm[1] == '8')) return 1;
  }
  return 0;
}

/* a participle by which a body grants a standing: "the U.N.-recognised government", "the
 * AU-mandated force", "a Qatar-brokered truce" (the body does not act; unlike the words of
 * support, "recognised by X" names no ally) */
static int sanctioning(const cdoc *c, uint32_t j) {
  return cd_is(c, j, "recognised") || cd_is(c, j, "recognized") || cd_is(c, j, "mandated") ||
         cd_is(c, j, "brokered") || cd_is(c, j, "installed") || cd_is(c, j, "appointed") ||
         cd_is(c, j, "sanctioned") || cd_is(c, j, "authorised") || cd_is(c, j, "authorized");
}

/* a noun of a cooperative or verbal act ending at token h of the phrase [b, h] ("aid",
 * "humanitarian aid", "a visit", "talks", "support") */
static int cooperative_noun(const cdoc *c, uint32_t b, uint32_t h) {
  for (uint32_t i = b; i <= h; i++)
    for (uint32_t q = c->lm_at[i]; q < c->lm_at[i + 1]; q++) {
      const lexm *m = &c->lm[q];
      if (m->type != SR_ENT_ACTION || !m->act || m->act->act != SR_ACT_EVENT || i + m->span - 1 != h ||
          !(m->act->flags & SR_AF_NOUN))
        continue;
      int r = cd_root(m->act->cameo);
      if ((r >= 1 && r <= 7) || r == 16) return 1;
    }
  return 0;
}

/* A country or capital that stands as a place, not an actor: "in Syria", "northern Mali", "the
 * Niger river", "struck Kyiv, Lviv and Odesa", "south-west of Aden". "appealed to Russia" keeps
 * the addressee. */
static int country_as_place(const cdoc *c, const lexm *m, uint32_t sb, uint32_t se) {
  if (m->type != SR_ENT_COUNTRY && m->type != SR_ENT_CAPITAL) return 0;
  uint32_t i = m->tok, nx = i + m->span;
  if (nx < se && (cd_wf(c, nx) & SR_W_LOCNOUN) && !(cd_wf(c, nx) & SR_W_DIST)) return 1; /* "the Niger border" */
  if (nx < se && (cd_is(c, nx, "river") || cd_is(c, nx, "valley") || cd_is(c, nx, "delta") || cd_is(c, nx, "basin") ||
                  cd_is(c, nx, "lake")))
    return 1;
  /* "Baghdad's Tahrir Square", "Khartoum's Bahri district", "Kyiv's main airport": a capital
   * owning a place is that city */
  if (m->type == SR_ENT_CAPITAL && nx < se && (c->t->tok[nx].flags & SR_TOK_POSS)) {
    for (uint32_t q = nx + 1; q < se && q < nx + 5; q++) {
      if ((cd_wf(c, q) & SR_W_LOCNOUN) || cd_is(c, q, "square") || cd_is(c, q, "street") || cd_is(c, q, "bridge") ||
          cd_is(c, q, "market") || cd_is(c, q, "station") || cd_is(c, q, "suburb") || cd_is(c, q, "suburbs") ||
          cd_is(c, q, "quarter") || cd_is(c, q, "neighbourhood") || cd_is(c, q, "neighborhood"))
        return 1;
      if (!(c->t->tok[q].flags & SR_TOK_CAP) && !(cd_wf(c, q) & SR_W_DET) && c->p.tag[q] != SR_T_JJ) break;
    }
  }
  if (i == sb) return 0;
  uint32_t pv = i - 1;
  if (pv > sb && (cd_wf(c, pv) & SR_W_DIR) && !(cd_wf(c, pv) & SR_W_LOCPREP)) pv--; /* "in northern Mali" */
  else if (pv > sb && (cd_is(c, pv, "central") || cd_is(c, pv, "downtown") || cd_is(c, pv, "inner") ||
                       cd_is(c, pv, "outer") || cd_is(c, pv, "greater")))
    pv--; /* "in central Lusaka", "in downtown Kabul" */
  if (pv > sb && cd_is(c, pv, "all")) pv--;
  /* "fired missiles at Israel", "an attack on Ukraine", "strikes against Saudi Arabia": the
   * state is hit (not "at the Israeli border", not "in Syria") */
  if (pv == i - 1 && (cd_is(c, pv, "at") || cd_is(c, pv, "on") || cd_is(c, pv, "against") || cd_is(c, pv, "upon")) &&
      m->type == SR_ENT_COUNTRY)
    return 0;
  if ((cd_wf(c, pv) & SR_W_LOCPREP) && !cd_is(c, pv, "from")) {
    /* "talks with Turkey", "appealed to Russia": an addressee after a verbal act */
    if (cd_is(c, pv, "to") || cd_is(c, pv, "with")) {
      const sr_chunk *v = pv > sb ? cd_chunk_at(c, pv - 1) : NULL;
      /* "marched to Delhi", "fled to Kabul": a destination; "appealed to Russia": the addressee */
      if (v && v->kind == SR_CH_VG && m->type == SR_ENT_CAPITAL && cd_is(c, pv, "to") &&
          sr_syn_vclass(c->syn, c->t->tok[v->head].word) == SR_VC_MOTION)
        return 1;
      if (v && v->kind == SR_CH_VG) return 0;
      /* "aid to Ukraine", "a visit to Vietnam", "talks with Iran": the party of a
       * cooperative act's noun */
      if (v && v->kind == SR_CH_NP && v->e == pv && cooperative_noun(c, v->b, v->head)) return 0;
    }
    return 1;
  }
  if (i >= sb + 2 && cd_is(c, i - 1, "of") && (cd_wf(c, i - 2) & (SR_W_DIR | SR_W_LOCNOUN | SR_W_NEAR))) return 1;
  if (m->type == SR_ENT_CAPITAL) {
    /* "struck Kyiv", "entered Kabul", a list of capitals: places; "warned Kabul", "accused
     * Kigali": addressees */
    const sr_chunk *v = cd_chunk_at(c, i - 1);
    if (v && v->kind == SR_CH_VG && c->p.tag[v->head] != SR_T_VBN && place_verb(c, v->head)) return 1;
    /* "struck Kyiv, Lviv and Odesa": a list of places; "the SDF and Damascus agreed": the
     * capital joins an actor */
    if (cd_punct(c, i - 1, ',') || cd_is(c, i - 1, "and")) {
      int32_t pk = i >= 2 ? c->p.chunk_of[i - 2] : -1;
      if (pk >= 0 && c->p.ch[pk].kind == SR_CH_NP && c->np[pk].hc == HC_ACTOR && c->np[pk].ref.kind == RK_NAMED) return 0;
      return 1;
    }
  }
  return 0;
}

static int longer_name_inside(const cdoc *c, const lexm *m, uint32_t i, uint32_t j, uint32_t end) {
  for (uint32_t q = i + 1; q < j; q++) {
    /* a name over a name: only a longer capitalised one ("local People's Defence Force"),
     * not "the Taliban government in Kabul" */
    if (m->type == SR_ENT_ACTOR && !(c->t->tok[q].flags & SR_TOK_CAP)) continue;
    for (uint32_t k = c->lm_at[q]; k < c->lm_at[q + 1]; k++)
      if (c->lm[k].type == SR_ENT_ACTOR && q + c->lm[k].span > j && q + c->lm[k].span <= end &&
          (m->type != SR_ENT_ACTOR || c->lm[k].span > m->span))
        return 1;
  }
  return 0;
}

static void set_ref(aref *r, const lexm *m) {
  memset(r, 0, sizeof *r);
  r->actor = r->country = -1;
  r->tok = m->tok;
  switch (m->type) {
  case SR_ENT_ACTOR: r->kind = RK_NAMED, r->actor = (int32_t)m->val; break;
  case SR_ENT_AGENT: r->kind = RK_AGENT, r->role = (uint8_t)m->val; break;
  case SR_ENT_ADJ: r->kind = RK_STATE, r->country = (int32_t)m->val, r->adj = 1; break;
  default: r->kind = RK_STATE, r->country = (int32_t)m->val; break;
  }
}

static int is_pronoun(const cdoc *c, uint32_t i) {
  return cd_is(c, i, "they") || cd_is(c, i, "them") || cd_is(c, i, "it") || cd_is(c, i, "he") ||
         cd_is(c, i, "him") || cd_is(c, i, "she") || cd_is(c, i, "her") || cd_is(c, i, "its") ||
         cd_is(c, i, "their") || cd_is(c, i, "his");
}

/* "Brazil's federal police": a possessor state owns a force named by an alias of another
 * state's force (the dictionary's Federal Police are Iraq's): the possessor's forces */
static void other_states_force(const cdoc *c, const sr_chunk *x, aref *r) {
  if (r->kind != RK_NAMED || x->poss < 0) return;
  uint8_t kd = cd_actor_kind(c, r->actor);
  if (kd != SR_KIND_STATE_GOV && kd != SR_KIND_STATE_MIL) return;
  const sr_chunk *o = &c->p.ch[x->poss];
  const lexm *m = actor_match(c, o->b, o->e);
  if (!m && o->e > o->b + 1) m = actor_match(c, o->b + 1, o->e); /* "the US's" */
  if (!m || m->type != SR_ENT_COUNTRY) return;
  const sr_lex_country *co = sr_lex_country_at(c->lx, m->val);
  if (!co || co->gov == r->actor || co->mil == r->actor) return;
  r->kind = RK_STATE, r->country = (int32_t)m->val, r->adj = 0;
  r->role = kd == SR_KIND_STATE_MIL ? SR_ROLE_MIL : SR_ROLE_GOV;
}

/* the actor references inside noun phrase x, in order; returns how many */
static int np_refs(cdoc *c, const sr_chunk *x, aref *refs, uint32_t *ends, int max) {
  const sr_sentence *s = &c->t->sent[x->sent];
  int n = 0;
  for (uint32_t i = x->b; i < x->e && n < max;) {
    if (c->p.tag[i] == SR_T_PRPS && is_pronoun(c, i)) { /* "its fighters", "their positions" */
      memset(&refs[n], 0, sizeof refs[n]);
      refs[n].kind = RK_PRON, refs[n].actor = refs[n].country = -1, refs[n].tok = i;
      refs[n].plural = cd_is(c, i, "their");
      ends[n++] = i + 1;
      i++;
      continue;
    }
    const lexm *m = actor_match(c, i, x->e);
    if (!m) {
      i++;
      continue;
    }
    uint32_t j = i + m->span;
    /* "the Government of National Unity": a name that starts inside a role word's match and
     * runs past it is the reference */
    if (longer_name_inside(c, m, i, j, x->e)) {
      i++;
      continue;
    }
    if (country_as_place(c, m, s->tok_begin, s->tok_end)) {
      i = j;
      continue;
    }
    /* "Iran-backed militias", "Russian-made tanks": the state helps or made it; it does not act */
    if (j < x->e && (c->t->tok[j].flags & SR_TOK_HYPHEN) && ((cd_wf(c, j) & SR_W_SUPPORT) || sanctioning(c, j))) {
      i = j + 1;
      continue;
    }
    set_ref(&refs[n], m);
    other_states_force(c, x, &refs[n]);
    /* "the Houthi-controlled port", "army-held Wad Madani": who controls a place (adj = 2) */
    if (j < x->e && (c->t->tok[j].flags & SR_TOK_HYPHEN) && (cd_wf(c, j) & SR_W_OWNERLINK) && !cd_is(c, j, "led"))
      refs[n].adj = 2;
    ends[n++] = j;
    if (c->nref == c->cref) {
      uint32_t nc = c->cref ? c->cref * 2 : 64;
      aref *na = sr_arena_alloc(c->a, nc * sizeof *na);
      if (na) {
        if (c->nref) memcpy(na, c->refs, c->nref * sizeof *na);
        c->refs = na, c->cref = nc;
      }
    }
    if (c->nref < c->cref) c->refs[c->nref++] = refs[n - 1];
    for (uint32_t q = i; q < j; q++) c->tokm[q] = TK_ACTOR;
    i = j;
  }
  return n;
}

/* "the Syrian army", "IS fighters", "Russian jets", "its soldiers": the head's actor, given the
 * references before it. 1 when the phrase names an actor. */
static int head_actor(const cdoc *c, const aref *refs, int n, int hr, aref *out) {
  const aref *h = &refs[hr];
  *out = *h;
  /* "Boko Haram gunmen", "IS attackers": a name before a generic actor word is the actor */
  if (h->kind == RK_NAMED && hr > 0 && refs[hr - 1].kind == RK_NAMED &&
      cd_actor_kind(c, h->actor) == SR_KIND_UNKNOWN) {
    *out = refs[hr - 1];
    return 1;
  }
  if (h->kind != RK_AGENT || hr == 0) return 1;
  const aref *p = &refs[hr - 1];
  if (h->role == SR_ROLE_CIV || h->role == SR_ROLE_PROTEST) {
    if (p->kind == RK_NAMED) return 1; /* "Hezbollah supporters": keep the role word */
    return 1;
  }
  /* "a Rohingya armed group", "Fulani gunmen": a people's name describes armed men, it does
   * not make them civilians */
  if (p->kind == RK_NAMED && (cd_actor_kind(c, p->actor) == SR_KIND_CIV || cd_actor_kind(c, p->actor) == SR_KIND_PROTEST))
    return 1;
  if (p->kind == RK_NAMED || p->kind == RK_PRON) {
    *out = *p; /* "IS fighters", "its soldiers" */
    out->tok = p->tok;
    return 1;
  }
  /* "two Indonesian peacekeepers": a national contingent serves in the UN mission of the
   * theatre (resolved as "peacekeepers"), not as its state's forces */
  if (p->kind == RK_STATE && h->role == SR_ROLE_MIL && !strncmp(cd_fold(c, h->tok), "peacekeep", 9)) return 1;
  if (p->kind == RK_STATE) { /* "Russian jets", "the Turkish defence ministry" */
    *out = *p;
    out->adj = 0;
    /* "Russian fighters" act as forces; "Turkish officials" as whatever the act makes them */
    out->role = h->role == SR_ROLE_ARMED ? SR_ROLE_MIL : h->role == SR_ROLE_MEMBER ? 0 : h->role;
    return 1;
  }
  (void)c, (void)n;
  return 1;
}

/* "7 July 2023", "2019": a date, not a number of people */
static int dated(const cdoc *c, const sr_chunk *x) {
  for (uint32_t i = x->b; i < x->e; i++)
    if (cd_wf(c, i) & SR_W_TIME) return 1;
  return x->e - x->b == 1 && c->t->tok[x->b].flen == 4 && (cd_fold(c, x->b)[0] == '1' || cd_fold(c, x->b)[0] == '2');
}

/* "a power plant", "Iran's enrichment site", "fuel storage tanks", "an oil depot": a civilian
 * installation, unless a military word qualifies it ("an army fuel depot", "a missile site") */
static int infrastructure(const cdoc *c, const sr_chunk *x, uint32_t h) {
  uint64_t hf = cd_wf(c, h);
  int infra = (hf & SR_W_INFRA) && !(hf & SR_W_MILTHING);
  if (!infra && (hf & (SR_W_MILTHING | SR_W_WEAPON)) && h > x->b && (cd_wf(c, h - 1) & SR_W_INFRA)) infra = 1; /* "fuel depot" */
  if (!infra) return 0;
  for (uint32_t q = x->b; q < h; q++)
    if ((cd_wf(c, q) & SR_W_WEAPON) || cd_is(c, q, "military") || cd_is(c, q, "army") || cd_is(c, q, "defence") ||
        cd_is(c, q, "defense") || cd_is(c, q, "ammunition") || cd_is(c, q, "arms") || cd_is(c, q, "weapons") ||
        cd_is(c, q, "naval") || cd_is(c, q, "radar") || cd_is(c, q, "police") || cd_is(c, q, "security"))
      return 0;
  return 1;
}

static void np_info(cdoc *c, int32_t k) {
  sr_chunk *x = &c->p.ch[k];
  npinfo *n = &c->np[k];
  memset(n, 0, sizeof *n);
  n->ofc = n->owner = n->place = n->trigger = -1;
  n->resolved = -2;
  n->ref.kind = RK_NONE, n->ref.actor = n->ref.country = -1;
  n->ref2 = n->ref;
  n->definite = (x->feat & SR_NP_DEF) || x->poss >= 0;
  aref refs[8];
  uint32_t ends[8];
  int nr = np_refs(c, x, refs, ends, 8);
  uint32_t h = x->head;
  uint64_t hf = cd_wf(c, h);
  int hr = -1; /* the reference that covers the head */
  for (int r = 0; r < nr; r++)
    if (refs[r].tok <= h && ends[r] > h) hr = r;
  if (hr >= 0 && refs[hr].kind != RK_PRON) {
    head_actor(c, refs, nr, hr, &n->ref);
    /* "Ethiopian and Eritrean troops": a demonym and "and" before the phrase share its head */
    uint8_t rk = n->ref.kind == RK_NAMED ? cd_actor_kind(c, n->ref.actor) : 0;
    /* also "Egyptian and Sudanese troops" (SAF), "Pakistani and Afghan Taliban forces" (the
     * phrase starts with a demonym too) */
    int dem_first = 0;
    for (uint32_t q = c->lm_at[x->b]; q < c->lm_at[x->b + 1]; q++)
      if (c->lm[q].type == SR_ENT_ADJ && c->lm[q].span == 1) dem_first = 1;
    if ((n->ref.kind == RK_STATE || rk == SR_KIND_STATE_MIL || rk == SR_KIND_STATE_GOV || dem_first) && x->b >= 2 &&
        c->p.chunk_of[x->b - 2] < 0 && c->p.tag[x->b - 1] == SR_T_CC) {
      const lexm *m = actor_match(c, x->b - 2, x->b - 1);
      if (m && m->type == SR_ENT_ADJ) {
        set_ref(&n->ref2, m);
        n->ref2.adj = 0, n->ref2.role = n->ref.kind == RK_NAMED && !rk ? SR_ROLE_MIL : n->ref.role;
      }
    }
    if (n->ref.kind == RK_AGENT && (hf & SR_W_WEAPON)) {
      n->hc = HC_WEAPON; /* "a rocket", "drones": nobody named (an owner before it still is) */
      n->ref.kind = RK_NONE;
      if (hr > 0) n->ref = refs[hr - 1];
      return;
    }
    if (n->ref.kind == RK_AGENT && infrastructure(c, x, h)) { /* "fuel storage tanks": no armour */
      n->hc = HC_THING, n->infra = 1;
      n->ref.kind = RK_NONE;
      return;
    }
    n->hc = HC_ACTOR;
    return;
  }
  if (hr < 0 && nr > 0 && c->p.tag[h] == SR_T_NNP && refs[nr - 1].kind == RK_AGENT &&
      (refs[nr - 1].role == SR_ROLE_GOV || refs[nr - 1].role == SR_ROLE_MEMBER || refs[nr - 1].role == SR_ROLE_MIL ||
       refs[nr - 1].role == SR_ROLE_POLICE)) {
    head_actor(c, refs, nr, nr - 1, &n->ref);
    n->hc = HC_ACTOR;
    return;
  }
  if (c->p.tag[h] == SR_T_PRP && is_pronoun(c, h)) {
    n->hc = HC_ACTOR;
    n->ref.kind = RK_PRON, n->ref.tok = h;
    n->ref.plural = cd_is(c, h, "they") || cd_is(c, h, "them");
    return;
  }
  /* a modifier: the owner of a thing, the actor of an event. "an Israeli drone strike": the
   * demonym and the role word together; a bare weapon or role word owns nothing ("drone strikes") */
  if (nr > 0) {
    int last = nr - 1;
    while (last > 0 && refs[last].kind == RK_AGENT && (cd_wf(c, refs[last].tok) & SR_W_WEAPON)) last--;
    head_actor(c, refs, last + 1, last, &n->ref);
    if (n->ref.kind == RK_AGENT && (cd_wf(c, n->ref.tok) & SR_W_WEAPON)) n->ref.kind = RK_NONE;
  }
  if (infrastructure(c, x, h)) n->hc = HC_THING, n->infra = 1; /* "fuel storage tanks" */
  else if (hf & SR_W_WEAPON) n->hc = HC_WEAPON;
  else if (hf & SR_W_MILTHING) n->hc = HC_THING, n->military = 1;
  else if (((hf & SR_W_QUANT) || c->p.tag[h] == SR_T_CD || c->p.tag[h] == SR_T_DT) && x->e < c->t->ntok &&
           c->p.sym[x->e] == SR_S_OF)
    n->hc = HC_QUANT;
  else if ((hf & SR_W_MEMBER) && nr > 0) n->hc = HC_ACTOR; /* "an IS sleeper cell", "a Hezbollah commander" */
  else if (hf & SR_W_CIVTHING) { /* "a bus", "a ferry"; "an Israeli troop carrier", "an army truck" */
    n->hc = HC_THING;
    for (int r = 0; r < nr; r++) /* "an aircraft carrier", "an army truck" */
      if ((refs[r].kind == RK_AGENT || refs[r].kind == RK_STATE) &&
          (refs[r].role == SR_ROLE_MIL || refs[r].role == SR_ROLE_POLICE))
        n->military = 1;
  }
  else if (sr_syn_nclass(c->syn, c->t->tok[h].word) == SR_NC_PERSON && c->p.tag[h] != SR_T_NNP) n->hc = HC_PERSON;
  else if (c->p.tag[h] == SR_T_CD && h == x->b + (x->e - x->b - 1) && !dated(c, x)) n->hc = HC_PERSON; /* "killed five" */
  else if (h > x->b + 1 && cd_is(c, h, "old") && (c->t->tok[h].flags & SR_TOK_HYPHEN) &&
           (cd_is(c, h - 1, "year") || cd_is(c, h - 1, "years")))
    n->hc = HC_PERSON; /* "a 12-year-old" */
  else n->hc = HC_THING;
  if (n->hc == HC_THING && (hf & (SR_W_CIVPLACE | SR_W_CIVTHING)) && !n->military) n->civilian = 1;
}

/* ---- action triggers */

/* "drove Islamic State out of": a gap pattern's particle must follow within ten words */
/* "drove Islamic State out of", "lifted a three-year ban", "demanded the immediate release":
 * a gap pattern's particle must follow within ten words, in the verb's own phrases (no other
 * verb between) */
static int gap_ok(const cdoc *c, uint32_t from, uint32_t end, const sr_lex_action *a) {
  const char *part = sr_lex_str(c->lx, a->particle);
  size_t pl = strlen(part);
  for (uint32_t q = from + 1; q < end && q < from + 11; q++) {
    int32_t k = c->p.chunk_of[q];
    if (c->t->tok[q].flen == pl && !memcmp(cd_fold(c, q), part, pl)) return 1;
    if (cd_punct(c, q, ',') || cd_punct(c, q, ';')) return 0;
    /* (another verb ends the gap, but for a modal's: "vowed the group would respond") */
    if (k >= 0 && c->p.ch[k].kind == SR_CH_VG && c->p.ch[k].b == q && !(c->p.ch[k].feat & SR_VG_INF) &&
        c->p.tag[q] != SR_T_MD)
      return 0;
  }
  return 0;
}

static int verb_tag(uint8_t t) { return t >= SR_T_VB && t <= SR_T_VBP; }
static int noun_tag(uint8_t t) { return t == SR_T_NN || t == SR_T_NNS || t == SR_T_VBG; }

/* the trigger of chunk k: the longest action match whose verb heads the verb group, or whose
 * last noun heads the noun phrase */
static void triggers(cdoc *c) {
  for (uint32_t si = 0; si < c->nsent; si++) {
    const sr_sentence *s = &c->t->sent[si];
    for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
      for (uint32_t k = c->lm_at[i]; k < c->lm_at[i + 1]; k++) {
        const lexm *m = &c->lm[k];
        if (m->type != SR_ENT_ACTION) continue;
        const sr_lex_action *a = m->act;
        int noun = (a->flags & SR_AF_NOUN) != 0;
        uint32_t last = i + m->span - 1;
        if (last >= s->tok_end) continue;
        if ((a->flags & SR_AF_GAP) && !gap_ok(c, last, s->tok_end, a)) continue;
        int32_t ck;
        if (noun) {
          /* a noun pattern may end in "against", which its target follows ("operation
           * against"): the noun before it heads the phrase */
          uint32_t h = last > i && c->p.tag[last] == SR_T_IN && cd_is(c, last, "against") ? last - 1 : last;
          ck = c->p.chunk_of[h];
          if (ck < 0 || c->p.ch[ck].kind != SR_CH_NP || c->p.ch[ck].head != h || !noun_tag(c->p.tag[h])) continue;
        } else {
          ck = c->p.chunk_of[i];
          if (ck < 0 || c->p.ch[ck].kind != SR_CH_VG || c->p.ch[ck].head != i || !verb_tag(c->p.tag[i])) continue;
        }
        int32_t cur = c->trig[ck];
        if (cur >= 0 && c->lm[cur].span >= m->span && !(c->lm[cur].act->act != SR_ACT_EVENT && a->act == SR_ACT_EVENT &&
                                                          c->lm[cur].span == m->span))
          continue;
        c->trig[ck] = (int32_t)k;
        for (uint32_t q = i; q <= last; q++)
          if (c->tokm[q] != TK_ACTOR) c->tokm[q] = noun ? TK_NOUNTRIG : TK_VERB;
      }
    }
  }
}

/* ---- links between phrases */

/* a possessor stands for the phrase it owns in relations ("of the army's garrison") */
static int32_t possessed(const cdoc *c, int32_t k) {
  if (k >= 0 && (c->p.ch[k].feat & SR_NP_POSSR) && (uint32_t)k + 1 < c->p.nch && c->p.ch[k + 1].poss == k)
    return k + 1;
  return k;
}

/* the country whose capital NP k names ("Kabul", "the capital Niamey"), -1 */
static int32_t capital_country(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  for (uint32_t i = x->b; i < x->e; i++)
    for (uint32_t q = c->lm_at[i]; q < c->lm_at[i + 1]; q++)
      if (c->lm[q].type == SR_ENT_CAPITAL && i + c->lm[q].span == x->e) return (int32_t)c->lm[q].val;
  return -1;
}

/* "the junta in Niamey", "authorities in Khartoum", "officials in Kyiv": a state role word
 * placed in a capital is that state's */
static void capital_metonymy(cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  if (x->prep < 0 || !cd_is(c, (uint32_t)x->prep, "in") || x->attach < 0) return;
  const sr_chunk *a = &c->p.ch[x->attach];
  npinfo *an = &c->np[x->attach];
  if (a->kind != SR_CH_NP || a->e != (uint32_t)x->prep || an->hc != HC_ACTOR || an->ref.kind != RK_AGENT ||
      an->owner >= 0 || (an->ref.role != SR_ROLE_GOV && an->ref.role != SR_ROLE_MIL && an->ref.role != SR_ROLE_POLICE &&
       an->ref.role != SR_ROLE_MEMBER))
    return;
  int32_t ki = capital_country(c, k);
  if (ki < 0) return;
  an->ref.kind = RK_STATE, an->ref.country = ki, an->ref.adj = 0;
}

/* owners, of-phrases and sides named by phrases after a noun */

/* is NP k the object of an arrest ("detained 30 people suspected of ...")? A mob's victims
 * "suspected of spying for the ADF" stay civilians */
static int arrested(const cdoc *c, int32_t k) {
  int32_t v = k - 1;
  if (v < 0 || c->p.ch[v].kind != SR_CH_VG || c->trig[v] < 0) return 0;
  return !strncmp(c->lm[c->trig[v]].act->cameo, "17", 2);
}

/* the named group a charge is about, within eight tokens from q ("supplying fuel and food to
 * ISWAP cells", "links to al-Shabaab", "helping the Pakistani Taliban"): its chunk, -1 */
static int32_t charged_group(const cdoc *c, uint32_t q, uint32_t se) {
  for (uint32_t r = q; r < se && r < q + 8; r++) {
    if (cd_punct(c, r, ',') || cd_punct(c, r, '.')) return -1;
    int32_t y = c->p.chunk_of[r];
    if (y < 0) continue;
    const sr_chunk *x = &c->p.ch[y];
    if (x->kind == SR_CH_VG && !(x->feat & SR_VG_ING)) return -1; /* another clause's verb */
    if (x->kind == SR_CH_NP && c->np[y].hc == HC_ACTOR && c->np[y].ref.kind == RK_NAMED &&
        cd_nonstate_armed(cd_actor_kind(c, c->np[y].ref.actor)))
      return y;
  }
  return -1;
}

static void links_phrases(cdoc *c) {
  sr_parse *p = &c->p;
  for (uint32_t k = 0; k < p->nch; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP) continue;
    npinfo *n = &c->np[k];
    capital_metonymy(c, (int32_t)k);
    if (x->poss >= 0 && n->owner < 0) n->owner = x->poss;
    if (x->appos >= 0) x->appos = possessed(c, x->appos); /* "The ELN, Colombia's largest group," */
    /* of-phrase */
    /* (the first of coordinated of-phrases: "the ministers of Iran and Saudi Arabia" -> Iran) */
    if (x->prep >= 0 && p->sym[x->prep] == SR_S_OF && x->attach >= 0 && p->ch[x->attach].kind == SR_CH_NP &&
        !(x->feat & SR_NP_POSSR) && c->np[x->attach].ofc < 0)
      c->np[x->attach].ofc = (int32_t)k;
    if (x->prep >= 0 && p->sym[x->prep] == SR_S_OF && (x->feat & SR_NP_POSSR) && x->attach >= 0 &&
        p->ch[x->attach].kind == SR_CH_NP)
      c->np[x->attach].ofc = possessed(c, (int32_t)k);
    /* "a spokesman for Haftar's forces": a member word's side */
    if (x->prep >= 0 && cd_is(c, (uint32_t)x->prep, "for") && x->attach >= 0 && p->ch[x->attach].kind == SR_CH_NP &&
        (uint32_t)x->prep == p->ch[x->attach].e && n->hc == HC_ACTOR) {
      npinfo *a = &c->np[x->attach];
      if (a->hc == HC_ACTOR && a->ref.kind == RK_AGENT && a->ref.role == SR_ROLE_MEMBER && a->owner < 0)
        a->owner = (int32_t)k;
    }
    /* "fighters from the KIA", "troops from Chad": a role word's side */
    if (x->prep >= 0 && cd_is(c, (uint32_t)x->prep, "from") && x->attach >= 0 && p->ch[x->attach].kind == SR_CH_NP &&
        (uint32_t)x->prep == p->ch[x->attach].e &&
        ((n->hc == HC_ACTOR && n->ref.kind != RK_AGENT) ||
         /* (or a definite armed anaphor: "gunmen from the paramilitary group") */
         (n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_ARMED && n->definite))) {
      npinfo *a = &c->np[x->attach];
      if (a->hc == HC_ACTOR && a->ref.kind == RK_AGENT && a->ref.role != SR_ROLE_CIV && a->owner < 0) a->owner = (int32_t)k;
    }
    uint32_t se = c->t->sent[x->sent].tok_end, j = x->e;
    /* "a house in Pulwama belonging to X": the link may follow a place phrase */
    if (j + 1 < se && cd_is(c, j, "in") && p->chunk_of[j + 1] >= 0 && p->ch[p->chunk_of[j + 1]].e < se &&
        (cd_wf(c, p->ch[p->chunk_of[j + 1]].e) & SR_W_OWNERLINK))
      j = p->ch[p->chunk_of[j + 1]].e;
    /* "fighters loyal to X", "a depot belonging to X", "forces allied with X" */
    if (j + 2 < se && (cd_wf(c, j) & SR_W_OWNERLINK) && (cd_is(c, j + 1, "to") || cd_is(c, j + 1, "with"))) {
      int32_t y = p->chunk_of[j + 2];
      if (y >= 0 && p->ch[y].kind == SR_CH_NP) n->owner = y;
    }
    /* "fighters thought to belong to X", "gunmen believed to be (members of) X" */
    for (uint32_t q = j; q + 2 < se && q < j + 5; q++) {
      if (cd_is(c, q, "belong") && cd_is(c, q + 1, "to")) {
        int32_t y = p->chunk_of[q + 2];
        if (y >= 0 && p->ch[y].kind == SR_CH_NP) n->owner = y;
        break;
      }
      /* "15 people suspected of supplying fuel to ISWAP cells", "men accused of links to al-Shabaab",
       * "a man charged with helping the TTP": the group named in the charge is their side */
      if (q == j && q + 3 < se && (cd_is(c, q, "suspected") || cd_is(c, q, "accused") || cd_is(c, q, "charged")) &&
          (cd_is(c, q + 1, "of") || cd_is(c, q + 1, "with")) && !cd_is(c, q + 2, "being") &&
          (n->hc == HC_ACTOR || n->hc == HC_PERSON) && n->owner < 0 && arrested(c, (int32_t)k)) {
        int32_t y = charged_group(c, q + 2, se);
        if (y >= 0) {
          n->owner = y;
          if (n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_CIV) n->ref.role = SR_ROLE_ARMED;
          break;
        }
      }
      /* "gunmen accused of being OLA members", "men suspected of being ELN fighters" */
      if (q == j + 2 && cd_is(c, q - 1, "of") && cd_is(c, q, "being") && (cd_is(c, j, "accused") || cd_is(c, j, "suspected"))) {
        int32_t y = p->chunk_of[q + 1];
        if (y >= 0 && p->ch[y].kind == SR_CH_NP && (n->hc == HC_ACTOR || n->hc == HC_PERSON)) {
          n->owner = y;
          if (n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_CIV && c->np[y].hc == HC_ACTOR) n->ref.role = SR_ROLE_ARMED;
        }
        break;
      }
      if (q == j + 2 && cd_is(c, q - 1, "to") && cd_is(c, q, "be") &&
          (cd_is(c, j, "believed") || cd_is(c, j, "thought") || cd_is(c, j, "suspected") || cd_is(c, j, "said") ||
           cd_is(c, j, "reported") || cd_is(c, j, "understood"))) {
        int32_t y = p->chunk_of[q + 1];
        if (y >= 0 && p->ch[y].kind == SR_CH_NP && (n->hc == HC_ACTOR || n->hc == HC_PERSON)) {
          n->owner = y;
          /* "men believed to be ISWAP fighters": armed men, whatever the plain word says */
          if (n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_CIV && c->np[y].hc == HC_ACTOR) n->ref.role = SR_ROLE_ARMED;
        }
        break;
      }
    }
  }
}

/* "three ethnic armed groups calling themselves the Three Brotherhood Alliance", "a group
 * known as X": the name the phrase goes by */
static void links_named_as(cdoc *c) {
  sr_parse *p = &c->p;
  for (uint32_t k = 0; k < p->nch; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP || c->np[k].hc != HC_ACTOR) continue;
    uint32_t j = x->e, se = c->t->sent[x->sent].tok_end;
    if (j < se && cd_punct(c, j, ',')) j++;
    int32_t y = -1;
    if (j + 2 < se && (cd_is(c, j, "calling") || cd_is(c, j, "styling")) && cd_is(c, j + 1, "themselves"))
      y = p->chunk_of[j + 2];
    else if (j + 2 < se && (cd_is(c, j, "known") || cd_is(c, j, "identified")) && cd_is(c, j + 1, "as"))
      y = p->chunk_of[j + 2];
    if (y >= 0 && p->ch[y].kind == SR_CH_NP && c->np[y].hc == HC_ACTOR && c->np[y].ref.kind == RK_NAMED)
      c->np[k].owner = y;
  }
}

/* "a lorry packed with explosives", "a car rigged with explosives": the thing is a bomb */
static void links_bombs(cdoc *c) {
  sr_parse *p = &c->p;
  for (uint32_t k = 0; k < p->nch; k++) {
    sr_chunk *x = &p->ch[k];
    if (x->kind != SR_CH_NP || c->np[k].hc != HC_THING) continue;
    uint32_t j = x->e, se = c->t->sent[x->sent].tok_end;
    if (j + 2 < se && (cd_is(c, j, "packed") || cd_is(c, j, "laden") || cd_is(c, j, "loaded") || cd_is(c, j, "rigged") ||
                       cd_is(c, j, "filled") || cd_is(c, j, "stuffed")) &&
        cd_is(c, j + 1, "with") && (cd_wf(c, j + 2) & SR_W_BY_BOMB))
      c->np[k].hc = HC_WEAPON;
  }
}

/* reduced relatives "drones launched by X", "an area held by X"; relative clauses of holding
 * "the base, which houses French troops" */
static void links_relatives(cdoc *c) {
  sr_parse *p = &c->p;
  for (uint32_t k = 0; k < p->nch; k++) {
    const sr_chunk *v = &p->ch[k];
    if (v->kind != SR_CH_VG || v->clause < 0) continue;
    const sr_clause *cl = &p->cl[v->clause];
    if (cl->anchor < 0 || cl->vg != (int32_t)k || p->ch[cl->anchor].kind != SR_CH_NP) continue;
    uint64_t f = cd_wf(c, v->head);
    npinfo *a = &c->np[cl->anchor];
    if (cl->kind == SR_CL_PART && v->agent >= 0 && (f & (SR_W_OWNERLINK | SR_W_HOLD))) a->owner = v->agent;
    else if (cl->kind == SR_CL_PART && (f & SR_W_OWNERLINK) && (a->hc == HC_WEAPON || a->hc == HC_EVENT)) {
      /* "shells fired from M23 positions": where they came from names whose they are */
      static const char *const FROM[] = {"from", NULL};
      int32_t fr = cd_pp_after(c, (int32_t)k, FROM, 1);
      if (fr >= 0 && c->np[fr].hc != HC_PLACE && (c->np[fr].ref.kind == RK_NAMED || c->np[fr].ref.kind == RK_STATE))
        a->owner = fr;
    }
    else if (cl->kind == SR_CL_PART && (v->feat & SR_VG_ING) && (f & SR_W_HOLD) && v->obj >= 0)
      a->owner = v->obj; /* "a base hosting US troops", "a vehicle carrying SDF fighters" */
    else if (cl->kind == SR_CL_REL && (f & SR_W_HOLD) && v->obj >= 0 && v->subj == cl->anchor) a->owner = v->obj;
    else if (cl->kind == SR_CL_REL && (f & (SR_W_HOLD | SR_W_OWNERLINK)) && v->obj == cl->anchor && v->subj >= 0)
      a->owner = v->subj; /* "a city that Ukrainian troops had defended" */
  }
}

static void links(cdoc *c) {
  links_phrases(c);
  links_named_as(c);
  links_bombs(c);
  links_relatives(c);
}

/* After geoparsing: a noun phrase whose head is (in) a resolved place, or a place word with a
 * place inside ("Idlib city", "the town of Hit" is two: "the town" of "Hit"), is a place. */
void cd_mark_places(cdoc *c) {
  for (uint32_t p = 0; p < c->npl; p++) {
    const dplace *d = &c->pl[p];
    if (!d->ok) continue;
    int32_t k = c->p.chunk_of[d->b];
    if (k < 0 || c->p.ch[k].kind != SR_CH_NP) continue;
    npinfo *n = &c->np[k];
    uint32_t h = c->p.ch[k].head;
    if (n->hc == HC_ACTOR && n->ref.kind == RK_NAMED) continue;
    if ((h >= d->b && h < d->e) || (cd_wf(c, h) & SR_W_LOCNOUN)) {
      n->hc = HC_PLACE;
      n->place = (int32_t)p;
    }
  }
}

int cd_mentions(cdoc *c) {
  uint32_t n = c->p.nch ? c->p.nch : 1;
  c->np = sr_arena_alloc(c->a, n * sizeof *c->np);
  c->trig = sr_arena_alloc(c->a, n * sizeof *c->trig);
  c->tokm = sr_arena_calloc(c->a, c->t->ntok ? c->t->ntok : 1, 1);
  if (!c->np || !c->trig || !c->tokm) return SR_ENOMEM;
  for (uint32_t k = 0; k < c->p.nch; k++) c->trig[k] = -1;
  for (uint32_t k = 0; k < c->p.nch; k++)
    if (c->p.ch[k].kind == SR_CH_NP) np_info(c, (int32_t)k);
  triggers(c);
  /* "held joint military exercises": a noun inside a verb trigger's pattern is that verb's */
  for (uint32_t k = 0; k < c->p.nch; k++) {
    if (c->p.ch[k].kind != SR_CH_VG || c->trig[k] < 0 || c->lm[c->trig[k]].act->act != SR_ACT_EVENT) continue;
    const lexm *m = &c->lm[c->trig[k]];
    for (uint32_t q = m->tok + 1; q < m->tok + m->span; q++) {
      int32_t nk = c->p.chunk_of[q];
      if (nk >= 0 && c->p.ch[nk].kind == SR_CH_NP && c->trig[nk] >= 0 && c->p.ch[nk].head < m->tok + m->span)
        c->trig[nk] = -1;
    }
  }
  for (uint32_t k = 0; k < c->p.nch; k++) {
    if (c->p.ch[k].kind != SR_CH_NP || c->trig[k] < 0) continue;
    npinfo *x = &c->np[k];
    if (c->lm[c->trig[k]].act->act != SR_ACT_EVENT) continue;
    x->trigger = c->trig[k];
    if (x->hc == HC_THING || x->hc == HC_PERSON) x->hc = HC_EVENT;
  }
  links(c);
  return 0;
}
