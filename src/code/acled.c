/* acled.c - the ACLED event type and sub-type of an event, from its CAMEO code and what the
 * report says around it (ACLED's definitions, ../shared/eval/ontologies.md section 1):
 *   who acts       protesters doing violence riot ("Violent demonstration"); a mob or villagers
 *                  doing violence riot too ("Mob violence")
 *   the means      an attack from the air, artillery or missiles, a planted bomb, a suicide
 *                  bomber, a grenade or a chemical weapon is remote violence, whoever is hit
 *   whom it hits   civilians hit directly: violence against civilians (an abduction, sexual
 *                  violence or an attack); armed actors: a battle, or a change of territory
 *                  ("Non-state actor overtakes territory", "Government regains territory")
 *   protests       met by force in the same report: "Protest with intervention", or with
 *                  deaths "Excessive force against protesters"
 * The CAMEO table (cameo.c) gives the default; this file refines it for one event.
 */
#include "code_internal.h"

#define ERV "Explosions/Remote violence"
#define VAC "Violence against civilians"
#define BAT "Battles"
#define PRO "Protests"
#define RIOT "Riots"


/* the means told in the event's sentence outside its target phrase (BY_* word flags; the
 * strongest: a suicide bomber over a bomb, a drone over the missile it fired) */
static uint64_t means(const cdoc *c, const cevent *e) {
  const sr_sentence *s = &c->t->sent[e->sent];
  uint32_t tb = 0, te = 0;
  /* (ordnance as the object is the means: "dropped chlorine canisters on Douma") */
  if (e->tgt_np >= 0 && c->p.ch[e->tgt_np].kind == SR_CH_NP && !cd_ordnance_np(c, e->tgt_np))
    tb = c->p.ch[e->tgt_np].b, te = c->p.ch[e->tgt_np].e;
  uint64_t m = 0;
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++)
    if (i < tb || i >= te) m |= cd_wf(c, i) & (SR_W_BY_AIR | SR_W_BY_FIRE | SR_W_BY_BOMB | SR_W_BY_SUICIDE |
                                               SR_W_BY_GRENADE | SR_W_BY_CHEM);
  return m;
}

/* words of death in sentence si: the force used was lethal */
static int deaths_in(const cdoc *c, uint32_t si) {
  static const char *const W[] = {"killed", "killing", "dead", "died", "death", "deaths", "fatally", NULL};
  const sr_sentence *s = &c->t->sent[si];
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++)
    for (int k = 0; W[k]; k++)
      if (cd_is(c, i, W[k])) return 1;
  return 0;
}

/* lethal force on a crowd told around sentence si: deaths in it or in the next sentence of
 * its paragraph ("... fired at protesters. At least 50 people were killed."), or live fire
 * ("live rounds", "live ammunition", "live bullets") */
static int lethal_near(const cdoc *c, uint32_t si) {
  if (deaths_in(c, si)) return 1;
  if (si + 1 < c->nsent && c->t->sent[si + 1].para == c->t->sent[si].para && deaths_in(c, si + 1)) return 1;
  const sr_sentence *s = &c->t->sent[si];
  for (uint32_t i = s->tok_begin; i + 1 < s->tok_end; i++)
    if (cd_is(c, i, "live") && (cd_is(c, i + 1, "rounds") || cd_is(c, i + 1, "ammunition") || cd_is(c, i + 1, "bullets") ||
                                cd_is(c, i + 1, "fire")))
      return 1;
  return 0;
}

/* force against protesters anywhere in the report: 0 none, 1 force, 2 lethal force */
static int force_on_protest(const cdoc *c) {
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
  int r = 0;
  for (uint32_t i = 0; i < c->nce; i++) {
    const cevent *e = &c->ce[i];
    if (e->dead || e->tgt != prot || prot < 0) continue;
    int root = cd_root(e->cameo);
    if (root != 17 && root < 18) continue;
    int lethal = root >= 18 || lethal_near(c, e->sent);
    if ((lethal ? 2 : 1) > r) r = lethal ? 2 : 1;
  }
  return r;
}

/* the subject of e is a mob or crowd acting on its own */
static int mob_subject(const cdoc *c, const cevent *e) { return cd_mob_np(c, e->src_np); }

/* the subject is called a mob ("a mob", "mobs", "a lynch mob"): mob violence whoever it hits */
static int named_mob(const cdoc *c, const cevent *e) {
  if (e->src_np < 0 || c->p.ch[e->src_np].kind != SR_CH_NP) return 0;
  uint32_t h = c->p.ch[e->src_np].head;
  return cd_is(c, h, "mob") || cd_is(c, h, "mobs");
}

/* violence by the crowd of protest e told in its sentence ("protesters stormed the embassy
 * and set it on fire"): the protest is a riot */
static int crowd_violence(const cdoc *c, const cevent *e) {
  int32_t self = (int32_t)(e - c->ce);
  for (uint32_t i = 0; i < c->nce; i++) {
    const cevent *f = &c->ce[i];
    /* (an act merged into the protest itself counts: "broke into the embassy and set it on fire") */
    if ((!f->dead || f->parent == self) && f->sent == e->sent && f->src == e->src &&
        (cd_root(f->cameo) >= 18 || !strncmp(f->cameo, "145", 3) || !strncmp(f->cameo, "171", 3)))
      return 1;
  }
  return 0;
}

/* NP k is a person or people no actor names ("a farmer", "the body of a journalist") */
static int person_np(const cdoc *c, int32_t k) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[k];
  if (n->hc == HC_PERSON || (n->ofc >= 0 && c->np[n->ofc].hc == HC_PERSON)) return 1;
  /* a name no dictionary knows ("environmental defender Juan Lopez"), a member of a group no
   * dictionary knows ("a CNL opposition member") */
  const sr_chunk *x = &c->p.ch[k];
  if (n->hc == HC_THING && c->p.tag[x->head] == SR_T_NNP) /* "environmental defender Juan Lopez" */
    for (uint32_t i = x->b; i < x->head; i++)
      if (c->p.tag[i] == SR_T_NN && sr_syn_nclass(c->syn, c->t->tok[i].word) == SR_NC_PERSON) return 1;
  if (n->hc != HC_ACTOR) return 0;
  if (n->ref.kind == RK_NONE && c->p.tag[x->head] == SR_T_NNP) return 1;
  return n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_MEMBER && n->owner < 0;
}

/* an arrest that is a disappearance: by an armed group that is no state, or to a place no one
 * knows ("taken to an unknown location", "their whereabouts remain unknown") */
static int abduction(const cdoc *c, const cevent *e, int32_t src) {
  uint8_t ks = cd_actor_kind(c, src);
  if (cd_nonstate_armed(ks)) {
    const char *cc = cd_event_cc(c, e);
    int32_t day = -1;
    int prec;
    cd_event_date(c, e, &day, &prec);
    if (cd_inter(c, src, cc, day) != 1) return 1; /* (the Taliban since August 2021 are the state) */
  }
  const sr_sentence *s = &c->t->sent[e->sent];
  for (uint32_t i = s->tok_begin; i + 1 < s->tok_end; i++)
    if ((cd_is(c, i, "unknown") && (cd_is(c, i + 1, "location") || cd_is(c, i + 1, "locations") || cd_is(c, i + 1, "place"))) ||
        cd_is(c, i, "whereabouts"))
      return 1;
  return 0;
}

/* an act on property: burning, looting, razing, with no one killed and no person as its
 * object ("torched five lorries", "looted shops"; not "burned two farmers alive") */
static int property_act(const cdoc *c, const cevent *e) {
  static const char *const V[] = {"burn", "set+", "torch", "loot", "raze", "ransack", "vandali", "arson", NULL};
  if (strcmp(e->cameo, "180") || e->fatal > 0 || e->trig < 0 || !c->lm[e->trig].act) return 0;
  const char *pat = sr_lex_str(c->lx, c->lm[e->trig].act->pattern);
  if (strstr(pat, "alive") || strstr(pat, "death")) return 0;
  int hit = 0;
  for (int i = 0; V[i] && !hit; i++) hit = !strncmp(pat, V[i], strlen(V[i]));
  if (!hit) return 0;
  if (e->tgt_np < 0 || c->p.ch[e->tgt_np].kind != SR_CH_NP) return 1;
  uint8_t hc = c->np[e->tgt_np].hc;
  return hc == HC_THING || hc == HC_PLACE || hc == HC_QUANT;
}

static void violent(const cdoc *c, const cevent *e, int32_t src, int32_t tgt, const char **type, const char **sub) {
  uint8_t ks = cd_actor_kind(c, src), kt = cd_actor_kind(c, tgt);
  const char *cm = e->cameo;
  /* a crowd's violence is a riot: against the state's forces a violent demonstration, against
   * people or property mob violence (a lynching, a communal attack) */
  if (ks == SR_KIND_CIV || ((ks == SR_KIND_PROTEST || ks == 0 || ks == SR_KIND_UNKNOWN) && mob_subject(c, e))) {
    *type = RIOT;
    *sub = (kt == SR_KIND_STATE_MIL || kt == SR_KIND_STATE_GOV) && !named_mob(c, e) ? "Violent demonstration" : "Mob violence";
    return;
  }
  if (ks == SR_KIND_PROTEST) {
    *type = RIOT, *sub = "Violent demonstration";
    return;
  }
  /* "drones set an oil depot ablaze" is their strike (the means decide below) */
  if (property_act(c, e) && !(means(c, e) & (SR_W_BY_AIR | SR_W_BY_FIRE | SR_W_BY_BOMB))) {
    *type = "Strategic developments", *sub = "Looting/property destruction";
    return;
  }
  if (!strncmp(cm, "1821", 4)) {
    *type = VAC, *sub = "Sexual violence";
    return;
  }
  if (!strncmp(cm, "181", 3) && (tgt < 0 || kt == SR_KIND_CIV)) {
    *type = VAC, *sub = "Abduction/forced disappearance";
    return;
  }
  uint64_t m = means(c, e);
  if (!strncmp(cm, "1831", 4) || (m & SR_W_BY_SUICIDE)) *type = ERV, *sub = "Suicide bomb";
  else if (!strncmp(cm, "204", 3) || (m & SR_W_BY_CHEM)) *type = ERV, *sub = "Chemical weapon";
  else if ((m & SR_W_BY_GRENADE) && !(m & SR_W_BY_AIR)) /* "lobbed a grenade"; dropped by a drone: an air strike */
    *type = ERV, *sub = "Grenade";
  /* "bombing" (195) by an armed group with no aircraft named is a bomb, not an air strike */
  else if ((!strncmp(cm, "195", 3) && !cd_nonstate_armed(ks)) || (m & SR_W_BY_AIR)) *type = ERV, *sub = "Air/drone strike";
  else if (!strncmp(cm, "195", 3)) *type = ERV, *sub = "Remote explosive/landmine/IED";
  else if (!strncmp(cm, "194", 3) || (m & SR_W_BY_FIRE)) *type = ERV, *sub = "Shelling/artillery/missile attack";
  else if (!strncmp(cm, "183", 3) || (m & SR_W_BY_BOMB)) *type = ERV, *sub = "Remote explosive/landmine/IED";
  else if (kt == SR_KIND_CIV || cd_root(cm) == 20) *type = VAC, *sub = "Attack";
  /* nobody named as hit, but the place hit is a civilian one ("attacked a hotel", "a market"):
   * no second armed side, so no battle */
  else if (tgt < 0 && e->tgt_np >= 0 && c->p.ch[e->tgt_np].kind == SR_CH_NP && c->np[e->tgt_np].civilian)
    *type = VAC, *sub = "Attack";
  /* nobody named as hit but a person ("a teacher", "the body of a councillor"): no armed side */
  else if (tgt < 0 && person_np(c, e->tgt_np))
    *type = VAC, *sub = "Attack";
  else if (!strncmp(cm, "192", 3)) {
    /* ground changing hands by fighting: the state's own forces regain it; anyone else, a
     * foreign army too, overtakes it */
    const char *cc = cd_event_cc(c, e);
    int32_t day = -1;
    int prec;
    cd_event_date(c, e, &day, &prec);
    *type = BAT, *sub = cd_inter(c, src, cc, day) == 1 ? "Government regains territory" : "Non-state actor overtakes territory";
  } else {
    *type = BAT, *sub = "Armed clash";
  }
}

/* strategic developments told by what the act is done to: ordnance intercepted, defused or
 * seized, or an attack foiled (171) is "Disrupted weapons use"; a base, camp or checkpoint set
 * up (150 with the base word in its pattern) is "Headquarters or base established" */
static int intercepting(const cdoc *c, const cevent *e) {
  if (e->trig < 0 || !c->lm[e->trig].act) return 0;
  const char *pat = sr_lex_str(c->lx, c->lm[e->trig].act->pattern);
  return strstr(pat, "intercept") || strstr(pat, "down") || strstr(pat, "destroy");
}

static const char *strategic(const cdoc *c, const cevent *e, int root) {
  /* ("a vehicle struck an IED" hits the bomb: only intercepting, downing or destroying it
   * disrupts it) */
  if (!strcmp(e->cameo, "171") ||
      ((root == 17 || (!strcmp(e->cameo, "190") && intercepting(c, e)) || !strncmp(e->cameo, "192", 3)) &&
       cd_ordnance_np(c, e->tgt_np)))
    return "Disrupted weapons use";
  if (!strcmp(e->cameo, "150") && e->trig >= 0 && c->lm[e->trig].act && (c->lm[e->trig].act->flags & SR_AF_GAP) &&
      e->tgt_np >= 0 && c->p.ch[e->tgt_np].kind == SR_CH_NP && c->np[e->tgt_np].military)
    return "Headquarters or base established";
  return NULL;
}

void cd_acled(const cdoc *c, const cevent *e, int32_t src, int32_t tgt, const char **type, const char **sub) {
  sr_cameo_map(e->cameo, NULL, type, sub);
  int root = cd_root(e->cameo);
  int32_t prot = sr_lex_actor_by_code(c->lx, "PROTESTERS");
  const char *sd = strategic(c, e, root);
  if (sd) {
    *type = "Strategic developments", *sub = sd;
    return;
  }
  if (!strncmp(e->cameo, "173", 3) && abduction(c, e, src)) {
    *type = VAC, *sub = "Abduction/forced disappearance";
    return;
  }
  /* property burned or looted by a crowd: a riot; by an organised actor: property destruction */
  if (root == 17 && !strncmp(e->cameo, "171", 3)) {
    uint8_t ks = cd_actor_kind(c, src);
    if (ks == SR_KIND_CIV || ks == SR_KIND_PROTEST || mob_subject(c, e)) {
      *type = RIOT, *sub = ks == SR_KIND_PROTEST && !mob_subject(c, e) ? "Violent demonstration" : "Mob violence";
      return;
    }
  }
  if (root >= 18 && tgt >= 0 && tgt == prot) root = 17; /* lethal force on a crowd: repression */
  if (root >= 18) {
    violent(c, e, src, tgt, type, sub);
    return;
  }
  if (root == 14 && (!strncmp(e->cameo, "145", 3) || crowd_violence(c, e))) {
    uint8_t kt = cd_actor_kind(c, tgt);
    *type = RIOT;
    *sub = mob_subject(c, e) && ((kt != SR_KIND_STATE_MIL && kt != SR_KIND_STATE_GOV) || named_mob(c, e)) ? "Mob violence"
                                                                                                         : "Violent demonstration";
    return;
  }
  if (root == 14) {
    int f = force_on_protest(c);
    *type = PRO;
    *sub = f == 2 ? "Excessive force against protesters" : f == 1 ? "Protest with intervention" : "Peaceful protest";
    return;
  }
  /* force on a crowd (175) or coercion of protesters: lethal or not */
  if (root == 17 && ((tgt >= 0 && tgt == prot) || !strcmp(e->cameo, "175"))) {
    *type = PRO;
    *sub = lethal_near(c, e->sent) ? "Excessive force against protesters" : "Protest with intervention";
  }
}

/* the country a CAMEO actor code names ("RUSMILWAG" -> RU), "" when none is known */
static const char *cameo_country(const cdoc *c, const char *cameo) {
  if (!cameo || strlen(cameo) < 3) return "";
  for (uint32_t ci = 0; ci < sr_lex_ncountries(c->lx); ci++) {
    const sr_lex_country *co = sr_lex_country_at(c->lx, ci);
    const char *m = co->mil >= 0 ? sr_lex_str(c->lx, sr_lex_actor_at(c->lx, (uint32_t)co->mil)->cameo) : "";
    if (m && strlen(m) >= 3 && !strncmp(m, cameo, 3)) return co->cc;
  }
  return "";
}

/* ACLED's inter code of actor a in an event in country cc on day `day` (-1 unknown): an inter=
 * field of the actor's data line holds from its date on; state forces acting outside their
 * own country, foreign-state-run armed groups (CAMEO code with MIL after another country's
 * prefix) and international missions are external (8); ethnic militias (CAMEO ETH) are
 * identity militias (4); an unidentified armed group is a political militia (3) */
int cd_inter(const cdoc *c, int32_t a, const char *cc, int32_t day) {
  if (a < 0) return 0;
  const sr_lex_actor *x = sr_lex_actor_at(c->lx, (uint32_t)a);
  const char *cameo = x && x->cameo ? sr_lex_str(c->lx, x->cameo) : "";
  const char *home = cd_actor_cc(c, a);
  int abroad = home[0] && cc && cc[0] && strcmp(home, cc) != 0;
  if (x && x->pad2[1] && (day < 0 || day >= x->inter_since)) /* data: "inter=1@2021-08-15" */
    return x->pad2[1] == 1 && abroad ? 8 : x->pad2[1];
  switch (cd_actor_kind(c, a)) {
  case SR_KIND_STATE_MIL:
  case SR_KIND_STATE_GOV:
    return abroad ? 8 : 1;
  case SR_KIND_REBEL:
  case SR_KIND_JIHADIST:
  case SR_KIND_SEPARATIST:
    return 2;
  case SR_KIND_MILITIA: {
    if (strstr(cameo, "ETH")) return 4;
    const char *own = strlen(cameo) >= 6 && !strncmp(cameo + 3, "MIL", 3) ? cameo_country(c, cameo) : "";
    if (own[0]) return cc && cc[0] && strcmp(own, cc) ? 8 : 1;
    return 3;
  }
  case SR_KIND_INTL:
    return 8;
  case SR_KIND_CIV:
  case SR_KIND_MEDIA:
    return 7;
  case SR_KIND_PROTEST:
    return 6;
  case SR_KIND_UNKNOWN:
    return 3;
  default:
    return home[0] ? (abroad ? 8 : 1) : 0;
  }
}
