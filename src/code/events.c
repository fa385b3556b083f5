/* events.c - event frames: for each action trigger (a verb heading its verb group, an event
 * noun heading its noun phrase) the roles come from the grammatical relations:
 *   active verb     source = subject, target = object (or "on/against X"; "with X" where the
 *                   pattern allows it)
 *   passive verb    source = by-agent, target = subject ("was shelled by X"; a reduced
 *                   relative "the convoy, ambushed by X,")
 *   reversed verb   "fell to X", "came under fire from X": the subject is the target
 *   noun trigger    source = possessor, modifier or "by X" ("X's offensive", "Russian strikes",
 *                   "an attack by X"), or the subject of a light verb ("X launched an attack");
 *                   target = "on/against X" or "of X"; a receiving verb ("repelled an attack
 *                   by X") makes its subject the target
 *   a weapon or an event noun as subject ("a roadside bomb killed", "air strikes hit") lends
 *   the verb its owner as the source: one incident, not two.
 * Factuality (factuality.c) drops or recodes; compounds, members, supporters and place lists
 * give one event per actor or place (events_more.c); incidents.c merges the rest.
 */
#include "code_internal.h"

#include <stdlib.h>


/* cooperation, aid and concessions of a military kind (military cooperation, protection or
 * peacekeeping, easing a blockade, demobilising, withdrawing): a state acts through its forces */
int cd_military_code(const char *cameo) {
  static const char *const M[] = {"062", "074", "0872", "0873", "0874", NULL};
  for (int i = 0; M[i]; i++)
    if (!strcmp(cameo, M[i])) return 1;
  return 0;
}

static int armed_kind(uint8_t k) {
  return k == SR_KIND_STATE_MIL || k == SR_KIND_INTL || cd_nonstate_armed(k);
}

/* a word of protest in sentence si ("against", "demand", "protest", "slogans", "calling for"):
 * a crowd that gathers there protests (not one gathered for a feast or a funeral) */
static int protest_cue(const cdoc *c, uint32_t si) {
  static const char *const W[] = {"against", "demand", "demanding", "demanded", "protest", "protesting", "protests",
                                  "denounce", "denouncing", "slogans", "chanting", "chanted", "rally", "march",
                                  "calling", "oppose", "opposing", "condemn", "condemning", "resignation",
                                  /* a political commemoration or vigil is a demonstration (ACLED) */
                                  "commemorate", "commemorating", "commemoration", "vigil", "tribute", "solidarity",
                                  NULL};
  const sr_sentence *s = &c->t->sent[si];
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++)
    for (int k = 0; W[k]; k++)
      if (cd_is(c, i, W[k])) return 1;
  return 0;
}

/* "climate activists gathered", "opposition supporters assembled": people whose name says
 * they campaign protest when they gather, with or without a word of protest */
static int campaigners(const cdoc *c, int32_t k) {
  static const char *const W[] = {"activists", "campaigners", "demonstrators", "protesters", "protestors",
                                  "supporters", "unionists", "strikers", NULL};
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  uint32_t h = c->p.ch[k].head;
  for (int i = 0; W[i]; i++)
    if (cd_is(c, h, W[i])) return 1;
  return 0;
}

/* NP k (actor a) is a crowd of people: "thousands", "crowds", "students", "retirees", "supporters
 * of X", "hundreds of people", "residents" (not armed men) */
static int crowd(const cdoc *c, int32_t k, int32_t a) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  uint8_t ka = cd_actor_kind(c, a);
  if (a >= 0 && ka != SR_KIND_CIV && ka != SR_KIND_PROTEST) return 0;
  const npinfo *n = &c->np[k];
  if (n->ref.kind == RK_PRON) return ka == SR_KIND_PROTEST; /* "they" is a crowd only if protesters were told */
  if (ka == SR_KIND_CIV || ka == SR_KIND_PROTEST) return 1;
  uint32_t h = c->p.ch[k].head;
  if (n->hc == HC_QUANT && n->ofc >= 0) return crowd(c, n->ofc, -1);
  if (n->hc == HC_PERSON) return 1;
  if (cd_wf(c, h) & SR_W_MOB) return 1;
  /* "members of the metalworkers' union", "members of a women's association" (not of an armed group) */
  if (n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_MEMBER && n->owner < 0 &&
      (n->ofc < 0 || c->np[n->ofc].hc != HC_ACTOR))
    return 1;
  /* "thousands", "hundreds", "tens of thousands" standing alone */
  return n->hc == HC_THING && ((cd_wf(c, h) & SR_W_QUANT) || c->p.tag[h] == SR_T_CD) && n->ref.kind == RK_NONE;
}

/* NP k is a crowd that may riot: campaigners, a mob word ("youths", "vigilantes",
 * "residents"), or a number of them ("hundreds of youths"); no armed or named actor */
static int rioting_crowd(const cdoc *c, int32_t k) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[k];
  if (n->hc == HC_QUANT && n->ofc >= 0) return rioting_crowd(c, n->ofc);
  if (n->ref.kind == RK_NAMED || n->ref.kind == RK_PRON) return 0;
  if (cd_wf(c, c->p.ch[k].head) & SR_W_MOB) return 1; /* "vigilantes", "a mob", "youths" */
  if (n->ref.kind == RK_AGENT && n->ref.role != SR_ROLE_CIV && n->ref.role != SR_ROLE_MEMBER) return 0;
  return campaigners(c, k);
}

/* NP k is police or soldiers by their role word alone ("Police", "the soldiers") */
static int state_role_np(const cdoc *c, int32_t k) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[k];
  return n->ref.kind == RK_AGENT && (n->ref.role == SR_ROLE_POLICE || n->ref.role == SR_ROLE_MIL);
}

/* ordnance or arms: "a rocket", "25 drones", "dozens of mortar rounds", "a cache of rifles" */
int cd_ordnance_np(const cdoc *c, int32_t k) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[k];
  if (n->hc == HC_WEAPON || (cd_wf(c, c->p.ch[k].head) & SR_W_WEAPON)) return 1; /* "14 Ukrainian drones" too */
  return (n->hc == HC_QUANT || (n->hc == HC_THING && !n->civilian)) && n->ofc >= 0 && c->np[n->ofc].hc == HC_WEAPON;
}

/* an act whose object is no party: "released video of the raid", "met stiff resistance".
 * ("shot down 25 drones" is one: an interception, ACLED's disrupted weapons use) */
static int thing_object(const cdoc *c, const char *cameo, int32_t tgt, int32_t tgt_np) {
  if (tgt >= 0 || tgt_np < 0 || c->p.ch[tgt_np].kind != SR_CH_NP) return 0;
  const npinfo *n = &c->np[tgt_np];
  if (!strncmp(cameo, "084", 3) && n->hc == HC_THING && n->owner < 0) return 1;
  if (cameo[0] == '0' && cameo[1] == '4' && n->hc == HC_THING && n->owner < 0 && n->ref.kind == RK_NONE) return 1;
  return 0;
}

/* a condemnation, an accusation or a rejection that only reacts to an act told in the report
 * ("condemned it", "accused Moscow of a massacre", "rejected the claim as exaggerated") */
static int reaction(const cdoc *c, int32_t k, int root, int32_t tgt_np) {
  const sr_chunk *v = &c->p.ch[k];
  int any_violent = 0;
  for (uint32_t i = 0; i < c->nce && !any_violent; i++) any_violent = !c->ce[i].dead && cd_violent(c->ce[i].cameo);
  if (root == 12 && v->obj >= 0) { /* rejecting a claim or a report is a denial */
    uint32_t h = c->p.ch[v->obj].head;
    if (cd_is(c, h, "claim") || cd_is(c, h, "claims") || cd_is(c, h, "report") || cd_is(c, h, "reports") ||
        cd_is(c, h, "allegation") || cd_is(c, h, "allegations") || cd_is(c, h, "accusation") ||
        cd_is(c, h, "accusations") || cd_is(c, h, "charges"))
      return 1;
  }
  if (!any_violent || root != 11) return 0;
  /* "condemned it", "condemned the attack" */
  int32_t o = v->obj >= 0 ? v->obj : tgt_np;
  if (o >= 0 && c->p.ch[o].kind == SR_CH_NP &&
      (c->np[o].hc == HC_EVENT || (c->np[o].ref.kind == RK_PRON && cd_is(c, c->p.ch[o].head, "it"))))
    return 1;
  /* "accused Moscow of a deliberate massacre", "accused the army of shelling the market" */
  if (o >= 0 && c->p.ch[o].e + 1 < c->t->ntok && cd_is(c, c->p.ch[o].e, "of")) {
    int32_t g = c->p.chunk_of[c->p.ch[o].e + 1];
    if (g >= 0 && c->trig[g] >= 0 && cd_violent(c->lm[c->trig[g]].act->cameo)) return 1;
  }
  return 0;
}

/* an act on a state named by its country ("fired missiles at Saudi Arabia") with no place of
 * its own happened in that country */
static void target_country(const cdoc *c, int32_t tgt_np, char cc[3]) {
  if (tgt_np < 0 || c->p.ch[tgt_np].kind != SR_CH_NP) return;
  const aref *r = &c->np[tgt_np].ref;
  if (r->kind != RK_STATE || r->adj || r->country < 0) return;
  const sr_lex_country *co = sr_lex_country_at(c->lx, (uint32_t)r->country);
  if (co) memcpy(cc, co->cc, 2), cc[2] = 0;
}

/* statements, appeals, offers, visits, agreements, demands, threats: placed where they were made */
static int verbal_root(int root) { return (root >= 1 && root <= 5) || (root >= 9 && root <= 13) || root == 16; }

/* the place of a verbal act: where it was made, else (-1) its source's country in *cc */
static int32_t statement_place(cdoc *c, int32_t k, int32_t src_np, int32_t src, int32_t tgt, const char *cameo, char cc[3]) {
  int root = cd_root(cameo);
  int32_t p = cd_statement_place(c, k, src_np, root == 4);
  cc[0] = 0;
  /* "a state visit to Vietnam": a visit is made in the host's country */
  const char *tc = tgt >= 0 ? cd_actor_cc(c, tgt) : "";
  if (p < 0 && !strcmp(cameo, "042") && tc[0]) snprintf(cc, 3, "%s", tc);
  else if (p < 0) snprintf(cc, 3, "%s", cd_actor_cc(c, src));
  return p;
}

int cd_violent(const char *cameo) {
  return (cameo[0] == '1' && (cameo[1] == '8' || cameo[1] == '9')) || (cameo[0] == '2' && cameo[1] == '0');
}

int cd_add_event(cdoc *c, int32_t chunk, int32_t trig, int32_t src, int32_t tgt, int32_t src_np, int32_t tgt_np,
                 const char *cameo, int32_t place, float conf, const char *why) {
  if (src < 0) return 0;
  if (tgt == src) tgt = -1;
  if (c->nce >= SR_CODE_MAX_EVENTS) return 0;
  if (c->nce == c->cce) {
    uint32_t nc = c->cce ? c->cce * 2 : 32;
    cevent *n = sr_arena_alloc(c->a, nc * sizeof *n);
    if (!n) return SR_ENOMEM;
    if (c->nce) memcpy(n, c->ce, c->nce * sizeof *n);
    c->ce = n, c->cce = nc;
  }
  cevent *e = &c->ce[c->nce++];
  memset(e, 0, sizeof *e);
  const sr_chunk *x = &c->p.ch[chunk];
  e->sent = x->sent, e->para = c->t->sent[x->sent].para;
  e->trig = trig, e->chunk = chunk, e->src = src, e->tgt = tgt, e->src_np = src_np, e->tgt_np = tgt_np;
  e->place = place, e->conf = conf, e->why = why;
  e->noun = x->kind == SR_CH_NP;
  e->parent = -1;
  e->before = -1;
  snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
  return 0;
}

/* ---- speakers: the subjects of verbs of saying and the parties of attributions are sources
 * of information, not actors of what they tell */
static void mark_speakers(cdoc *c) {
  for (uint32_t k = 0; k < c->p.nch; k++) {
    const sr_chunk *x = &c->p.ch[k];
    /* not "a blast claimed by IS" (a reduced relative: the subject is what was said of) */
    if (x->kind == SR_CH_VG && c->trig[k] >= 0 && c->lm[c->trig[k]].act->act == SR_ACT_SAY && x->subj >= 0 &&
        !(x->feat & SR_VG_PASSIVE)) {
      c->np[x->subj].speaker = 1;
      for (int32_t j = c->p.ch[x->subj].conj; j >= 0 && c->p.ch[j].kind == SR_CH_NP; j = c->p.ch[j].conj)
        c->np[j].speaker = 1;
    }
    if (x->kind == SR_CH_NP && x->clause >= 0 && c->p.cl[x->clause].kind == SR_CL_ATTRIB) c->np[k].speaker = 1;
  }
}

/* ---- the source of a noun trigger */

/* "between Russian and Ukrainian troops": one phrase with two states */
static void between_states(cdoc *c, int32_t b, int root, int32_t place, int32_t *src, int32_t *tgt) {
  if (b < 0 || *tgt >= 0 || c->np[b].ref2.kind != RK_STATE) return;
  const aref *r2 = &c->np[b].ref2;
  const sr_lex_country *co = sr_lex_country_at(c->lx, (uint32_t)r2->country);
  int32_t o = co ? (root <= 13 && co->gov >= 0 ? co->gov : co->mil) : -1;
  if (o >= 0 && o != *src) *tgt = *src, *src = o;
  (void)place;
}

static int agent_noun(const cdoc *c, uint32_t head) { /* "a suicide bomber from IS" */
  const char *w = cd_fold(c, head);
  size_t n = strlen(w);
  return (n > 3 && !strcmp(w + n - 2, "er")) || (n > 4 && !strcmp(w + n - 3, "ers"));
}

/* the verb group that takes NP k as its object, or whose prepositional phrase it heads */
/* an act named as what is asked, offered, threatened or refused ("demanded the withdrawal of
 * Rwandan troops", "offered a ceasefire", "called for a ceasefire") or as what a plan is for
 * ("a timetable for the withdrawal of US troops"): not told as done */
static int asked_act(const cdoc *c, int32_t k, const sr_lex_action *ga, const sr_chunk *gv) {
  if (ga && gv && ga->act == SR_ACT_EVENT && (gv->obj == k || c->p.ch[k].attach == (int32_t)(gv - c->p.ch))) {
    int gr = cd_root(ga->cameo);
    if (gr == 2 || gr == 3 || gr == 10 || gr == 12 || gr == 13) return 1;
  }
  const sr_chunk *x = &c->p.ch[k];
  if (x->prep < 0 || x->attach < 0 || c->p.ch[x->attach].kind != SR_CH_NP) return 0;
  if (!(cd_is(c, (uint32_t)x->prep, "for") || cd_is(c, (uint32_t)x->prep, "of") || cd_is(c, (uint32_t)x->prep, "on")))
    return 0;
  return (cd_wf(c, c->p.ch[x->attach].head) & SR_W_PLANNOUN) != 0;
}

static int32_t governor_of(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  /* "claimed Sunday's attack": a possessed noun takes the relations its possessor holds */
  int32_t p = x->poss >= 0 ? x->poss : k;
  const sr_chunk *px = &c->p.ch[p];
  uint32_t cf = c->p.sent_ch[x->sent];
  /* "the attack on the base was claimed by JNIM", "the attack, which killed 12, was carried
   * out by X": the subject of a passive claim or light verb after it (past its relatives) */
  for (uint32_t j = (uint32_t)k + 1; j < c->p.sent_ch[x->sent + 1]; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind != SR_CH_VG) continue;
    if (y->clause >= 0 && y->clause != x->clause && c->p.cl[y->clause].kind == SR_CL_REL) continue;
    if ((y->subj == k || y->subj == p) && (y->feat & SR_VG_PASSIVE) && c->trig[j] >= 0 &&
        (c->lm[c->trig[j]].act->act == SR_ACT_CLAIM || c->lm[c->trig[j]].act->act == SR_ACT_LIGHT))
      return (int32_t)j;
    break;
  }
  for (int32_t j = p; j-- > (int32_t)cf;) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind != SR_CH_VG) continue;
    if (y->obj == k || y->obj == p) return j;
    if ((x->prep >= 0 && x->attach == j) || (px->prep >= 0 && px->attach == j)) return j;
    /* "carried out a wave of air strikes": the of-phrase of its object */
    if (y->obj >= 0 && c->np[y->obj].ofc == k) return j;
    /* "announced $500 million in military aid": a phrase on the noun right after the verb */
    if (px->prep >= 0 && px->attach >= 0 && c->p.ch[px->attach].kind == SR_CH_NP && c->p.ch[px->attach].b <= y->e + 1 &&
        px->attach != p && px->attach > j)
      return j;
    /* "claimed responsibility for the bombing": a phrase on its object */
    if (y->obj >= 0 && px->prep >= 0 && px->attach == y->obj && c->trig[j] >= 0 && c->lm[c->trig[j]].act->act == SR_ACT_CLAIM)
      return j;
    return -1;
  }
  return -1;
}

/* the source NP of noun trigger k ("X's attack", "an attack by X", "Russian strikes"), and
 * whether it is only the modifier (ref) of the noun phrase itself */
static int32_t noun_source(cdoc *c, int32_t k, int *self) {
  const npinfo *n = &c->np[k];
  *self = 0;
  /* "X's attack"; not "Sunday's attack" (a day owns nothing) */
  if (n->owner >= 0 && !(c->p.ch[n->owner].kind == SR_CH_NP && (cd_wf(c, c->p.ch[n->owner].head) & SR_W_TIME)))
    return n->owner;
  int32_t by = cd_noun_agent(c, k, agent_noun(c, c->p.ch[k].head));
  if (by >= 0) return by;
  /* "the attack, which killed 12, was carried out by X": the agent of a passive claim or
   * light verb the act is the subject of */
  int32_t g = governor_of(c, k);
  if (g >= 0 && (c->p.ch[g].feat & SR_VG_PASSIVE) && c->p.ch[g].subj == k && c->p.ch[g].agent >= 0) return c->p.ch[g].agent;
  /* "the withdrawal of its troops", "the surrender of the garrison": the of-phrase of an
   * intransitive act does it */
  int32_t t = c->trig[k];
  if (t >= 0 && (c->lm[t].act->flags & SR_AF_INTR) && n->ofc >= 0 && c->np[n->ofc].hc == HC_ACTOR) return n->ofc;
  /* "military assistance", "humanitarian aid": a role word inside the trigger's own phrase
   * names the kind of act, not its actor */
  if (n->ref.kind == RK_AGENT && t >= 0 && n->ref.tok >= c->lm[t].tok && n->ref.tok < c->lm[t].tok + c->lm[t].span &&
      n->ref.tok != c->p.ch[k].head) /* ("reinforcements" is both: its own forces) */
    return -1;
  if (n->ref.kind != RK_NONE) {
    *self = 1;
    return k;
  }
  return -1;
}

/* the actor of a noun trigger as a source (the NP itself when a modifier names it) */
static int32_t noun_actor(cdoc *c, int32_t k, int root, int32_t place, int32_t *np_out) {
  int self = 0;
  int32_t s = noun_source(c, k, &self);
  *np_out = s;
  if (s < 0) return -1;
  return self ? cd_resolve_in(c, k, root, 0, -1, place, 0) : cd_resolve_in(c, s, root, 0, -1, place, 0);
}

/* a noun trigger inside the clause of verb v that says who did it: "killed in an attack by
 * X", "died in a Russian strike" */
static int32_t pp_event_source(cdoc *c, int32_t v, int root, int32_t place, int32_t *np_out) {
  const sr_chunk *x = &c->p.ch[v];
  uint32_t end = c->p.sent_ch[x->sent + 1];
  for (uint32_t j = (uint32_t)v + 1; j < end && j < (uint32_t)v + 8; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind == SR_CH_VG) break;
    if (y->kind != SR_CH_NP || c->np[j].hc != HC_EVENT || y->prep < 0) continue;
    int32_t a = noun_actor(c, (int32_t)j, root, place, np_out);
    if (a >= 0) {
      c->np[j].trigger = -1; /* the noun tells the same incident */
      return a;
    }
  }
  return -1;
}

/* ---- verbs */

/* the party a non-violent act's object names: "rejected a proposal by Ethiopia", "refused
 * flight clearances for MINUSMA", "opened an investigation into the army", "threatened
 * sanctions against Georgia", "Russia's offer" (its owner) */
static int32_t object_party(cdoc *c, int32_t o, int root, int32_t src, int32_t place) {
  const npinfo *n = &c->np[o];
  if (n->owner >= 0 && cd_resolve_in(c, n->owner, root, 1, src, place, 0) >= 0) return n->owner;
  static const char *const P[] = {"by", "from", "against", "on", "for", "to", "with", "into", "over", NULL};
  int32_t w = cd_pp_after(c, o, P, 1);
  if (w >= 0 && (c->p.ch[w].attach == o || c->p.ch[w].attach < 0) && cd_resolve_in(c, w, root, 1, src, place, 0) >= 0)
    return w;
  return -1;
}

/* the target the complement of a verbal act names: "threatened to attack Kigali",
 * "demanded that Rwanda withdraw" */
static int32_t complement_target(cdoc *c, int32_t v, int root, int32_t src, int32_t place) {
  const sr_chunk *x = &c->p.ch[v];
  uint32_t end = c->p.sent_ch[x->sent + 1];
  int32_t cand = -1, comp = -1;
  for (uint32_t j = (uint32_t)v + 1; j < end && j < (uint32_t)v + 10; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind != SR_CH_VG || y->clause < 0) continue;
    const sr_clause *cl = &c->p.cl[y->clause];
    if (comp < 0) {
      if (cl->parent != x->clause) return -1;
      if (cl->kind == SR_CL_INF) {
        cand = y->obj >= 0 ? y->obj : cd_target_pp(c, (int32_t)j, 0);
        /* "threatened to close the border with Mexico": the object's party */
        if (cand >= 0 && c->np[cand].hc != HC_ACTOR) cand = object_party(c, cand, root, src, place);
      } else if (cl->kind == SR_CL_COMP) {
        cand = y->subj;
      } else {
        return -1;
      }
      comp = y->clause;
      if (cand >= 0 && cd_resolve_in(c, cand, root, 1, src, place, 0) >= 0) return cand;
      continue;
    }
    /* "warned that it would take countermeasures if the Netherlands tightened ...": the
     * party of the condition */
    if (cl->parent == comp && cl->kind == SR_CL_SUB && cl->marker >= 0 &&
        (cd_is(c, (uint32_t)cl->marker, "if") || cd_is(c, (uint32_t)cl->marker, "unless")) && y->subj >= 0 &&
        cd_resolve_in(c, y->subj, root, 1, src, place, 0) >= 0)
      return y->subj;
  }
  return cand;
}

/* is NP k an event noun or a weapon that a verb's subject can be ("air strikes hit",
 * "a roadside bomb killed") */
static int instrument(const cdoc *c, int32_t k) {
  return k >= 0 && (c->np[k].hc == HC_EVENT || c->np[k].hc == HC_WEAPON);
}

/* the discourse fallback: the last event's source in the paragraph, within two sentences */
static int32_t last_source(const cdoc *c, const sr_chunk *v, int root, int32_t *tgt) {
  for (uint32_t i = c->nce; i-- > 0;) {
    const cevent *e = &c->ce[i];
    if (e->dead) continue;
    if (e->para != c->t->sent[v->sent].para || v->sent > e->sent + 2) return -1;
    int er = cd_root(e->cameo);
    if ((er >= 18) != (root >= 18)) return -1;
    *tgt = e->tgt;
    return e->src;
  }
  return -1;
}

/* "seven people were killed when Russian guided bombs struck a site": the agentless act's
 * cause is the subject of its "when/as/after" clause, when that clause tells violence or its
 * subject is ordnance with an owner; -1 when none */
static int32_t when_agent(cdoc *c, const sr_chunk *v, int root, int32_t place) {
  if (v->clause < 0) return -1;
  for (uint32_t k = c->p.sent_cl[v->sent]; k < c->p.sent_cl[v->sent + 1]; k++) {
    const sr_clause *cl = &c->p.cl[k];
    if (cl->kind != SR_CL_SUB || cl->marker < 0 || cl->parent != v->clause || cl->vg < 0) continue;
    uint32_t m = (uint32_t)cl->marker;
    if (!(cd_is(c, m, "when") || cd_is(c, m, "as") || cd_is(c, m, "after"))) continue;
    const sr_chunk *w = &c->p.ch[cl->vg];
    if (w->subj < 0 || (w->feat & SR_VG_PASSIVE)) continue;
    int32_t t = c->trig[cl->vg];
    int violent = t >= 0 && c->lm[t].act && cd_violent(c->lm[t].act->cameo);
    if (!violent && !cd_ordnance_np(c, w->subj)) continue;
    int32_t a = cd_resolve_in(c, w->subj, root, 0, -1, place, 0);
    if (a >= 0) return a;
  }
  return -1;
}

/* the last token of trigger t's pattern; for "drive+ _ out" the particle's */
static uint32_t pattern_end(const cdoc *c, int32_t t) {
  const lexm *m = &c->lm[t];
  uint32_t last = m->tok + m->span - 1;
  if (!(m->act->flags & SR_AF_GAP)) return last;
  const char *part = sr_lex_str(c->lx, m->act->particle);
  size_t pl = strlen(part);
  uint32_t se = c->t->sent[c->p.ch[c->p.chunk_of[m->tok]].sent].tok_end;
  for (uint32_t q = last + 1; q < se && q < last + 11; q++)
    if (c->t->tok[q].flen == pl && !memcmp(cd_fold(c, q), part, pl)) return q;
  return last;
}

/* "the hands of X" after the verb: "died at the hands of X" */
static int32_t hands_of(const cdoc *c, int32_t k) {
  static const char *const AT[] = {"at", NULL};
  int32_t h = cd_pp_after(c, k, AT, 1);
  return h >= 0 && cd_is(c, c->p.ch[h].head, "hands") ? c->np[h].ofc : -1;
}

/* "from X" after a verb of taking: the side that lost it ("retook the town from X") */
static int32_t from_phrase(const cdoc *c, int32_t k) {
  static const char *const FROM[] = {"from", NULL};
  int32_t f = cd_pp_after(c, k, FROM, 1);
  if (f < 0 || c->np[f].hc != HC_ACTOR) return -1;
  /* "backed by air strikes from the coalition", "with support from X": the phrase says where
   * an act or help came from, not whom the place was taken from */
  int32_t a = c->p.ch[f].attach;
  if (a >= 0 && c->p.ch[a].kind == SR_CH_NP && (c->np[a].hc == HC_EVENT || c->np[a].hc == HC_WEAPON)) return -1;
  return cd_ally_pp(c, f) ? -1 : f;
}

/* an -ing verb after "of"/"for" whose governing verb accuses (11): "accused X of supplying" */
static int alleged_act(const cdoc *c, const sr_chunk *v) {
  uint32_t sb = c->t->sent[v->sent].tok_begin;
  if (v->b <= sb || !(cd_is(c, v->b - 1, "of") || cd_is(c, v->b - 1, "for"))) return 0;
  for (int32_t k = c->p.chunk_of[v->b]; k-- > 0;) {
    const sr_chunk *g = &c->p.ch[k];
    if (g->sent != v->sent) return 0;
    if (g->kind != SR_CH_VG) continue;
    int32_t t = c->trig[k];
    return t >= 0 && c->lm[t].act->act == SR_ACT_EVENT && c->lm[t].act->cameo[0] == '1' && c->lm[t].act->cameo[1] == '1';
  }
  return 0;
}

/* "refused to reinstate the president", "declined to meet the envoy": an infinitive under a
 * verb of refusing (a cooperative act refused is a rejection; a violent one is not coded) */
static int refused(const cdoc *c, const sr_chunk *v) {
  if (!(v->feat & SR_VG_INF) || v->gov < 0 || c->trig[v->gov] < 0) return 0;
  const sr_lex_action *g = c->lm[c->trig[v->gov]].act;
  if (g->act != SR_ACT_NEG) return 0;
  const char *p = sr_lex_str(c->lx, g->pattern);
  return !strncmp(p, "refuse", 6) || !strncmp(p, "decline", 7);
}

/* an infinitive of motion governed by verb group k ("left X to reach Y", "to join") */
static int moving_on(const cdoc *c, int32_t k) {
  uint32_t end = c->p.sent_ch[c->p.ch[k].sent + 1];
  for (uint32_t j = (uint32_t)k + 1; j < end && j < (uint32_t)k + 6; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind != SR_CH_VG) continue;
    return (y->feat & SR_VG_INF) && y->gov == k && sr_syn_vclass(c->syn, c->t->tok[y->head].word) == SR_VC_MOTION;
  }
  return 0;
}

/* one verb trigger's frame as its stages fill it in */
typedef struct vframe {
  int32_t k, t;              /* the verb group, its trigger */
  const sr_lex_action *a;
  const char *cameo;
  int root, passive, agentless, unknown_cause, crowd; /* crowd: people gathering or marching (protest) */
  int borrowed;              /* the source is the previous act's ("... were killed" after it) */
  const char *how, *fwhy;    /* how the roles were found; why factuality recoded it */
  int32_t src_np, tgt_np, place, src, tgt;
  float conf;
} vframe;

/* the CAMEO intent (03x) of a cooperative act told as planned or promised: "said it would
 * withdraw" 0356, "will release" 0353, "will send aid" 033, "will hold joint drills" 031 */
static const char *intent_code(const char *cameo) {
  if (!strncmp(cameo, "0874", 4) || !strncmp(cameo, "087", 3) || !strncmp(cameo, "086", 3)) return "0356";
  if (!strncmp(cameo, "0841", 4) || !strncmp(cameo, "084", 3)) return "0353";
  if (!strncmp(cameo, "081", 3)) return "0351";
  if (!strncmp(cameo, "083", 3)) return "0352";
  if (!strncmp(cameo, "08", 2)) return "035";
  if (!strncmp(cameo, "07", 2)) return "033";
  if (!strncmp(cameo, "06", 2)) return "031";
  if (!strncmp(cameo, "05", 2)) return "032";
  return "030";
}

/* the CAMEO threat (13x) of a coercive act told as coming: "said he would impose tariffs"
 * 1312, "will cut aid" 1311, "would sever ties" 1313, "will arrest" 137 */
static const char *threat_code(const char *cameo) {
  if (!strncmp(cameo, "162", 3)) return "1311";
  if (!strncmp(cameo, "163", 3)) return "1312";
  if (!strncmp(cameo, "16", 2)) return "1313";
  return "137";
}

/* NP k is the object of a verb of perception ("satellite images showed Russian troops massing
 * near the border", "witnesses saw tanks moving towards X"): its -ing form is an act seen */
static int perceived(const cdoc *c, int32_t k) {
  uint32_t cf = c->p.sent_ch[c->p.ch[k].sent];
  for (int32_t j = k; j-- > (int32_t)cf;) {
    const sr_chunk *g = &c->p.ch[j];
    if (g->kind != SR_CH_VG) continue;
    return g->obj == k && (cd_wf(c, g->head) & SR_W_PERCEIVE);
  }
  return 0;
}

/* stage 1: is the verb an act told as done? 1 = drop. Recodes plans (15, 03, 13) and refusals (12). */
static int vf_gate(cdoc *c, vframe *f) {
  const sr_chunk *v = &c->p.ch[f->k];
  const sr_clause *vcl = v->clause >= 0 ? &c->p.cl[v->clause] : NULL;
  /* "troops fighting alongside X retook", "a convoy sent to relieve it": a participle
   * describing a noun is no act of its own (unless violence is done to it: "the convoy,
   * ambushed by JNIM,") */
  if (vcl && vcl->kind == SR_CL_PART && vcl->anchor >= 0 && ((v->feat & SR_VG_ING) || !cd_violent(f->cameo)) &&
      !perceived(c, vcl->anchor))
    return 1;
  /* ", killing dozens of militants" or "and killed seven" after "repelled an attack": the
   * repulse is not coded again */
  if (vcl && (vcl->kind == SR_CL_PART || vcl->kind == SR_CL_COORD) && v->gov >= 0 && c->trig[v->gov] >= 0 &&
      c->lm[c->trig[v->gov]].act->act == SR_ACT_RECV)
    return 1;
  /* "stormed the prison, freeing 800 inmates": a jailbreak frees prisoners as part of the
   * attack, not as a concession (hostages freed in a raid stay a release) */
  if (vcl && f->root == 8 && (vcl->kind == SR_CL_PART || vcl->kind == SR_CL_COORD) && v->gov >= 0 &&
      c->trig[v->gov] >= 0 && cd_violent(c->lm[c->trig[v->gov]].act->cameo) && v->obj >= 0 &&
      (cd_is(c, c->p.ch[v->obj].head, "inmates") || cd_is(c, c->p.ch[v->obj].head, "prisoners") ||
       cd_is(c, c->p.ch[v->obj].head, "detainees")))
    return 1;
  /* "accused Iran of supplying the missiles", "blamed Kyiv for sabotaging the talks": what is
   * alleged is not told as done (violent acts alleged are weighed by the blame rules) */
  if ((v->feat & SR_VG_ING) && f->root < 14 && alleged_act(c, v)) {
    if (c->debug) fprintf(stderr, "  s%u drop '%s': alleged\n", v->sent + 1, sr_lex_str(c->lx, f->a->pattern));
    return 1;
  }
  int plan = 0;
  /* "said it would not negotiate with X", "will never meet Y", "refused to reinstate Y": a
   * refusal (12) */
  int refusal = f->root >= 3 && f->root <= 8 && (v->feat & SR_VG_NEG) && (v->feat & (SR_VG_FUT | SR_VG_MODAL));
  if (!refusal && f->root <= 8 && refused(c, v)) refusal = 1;
  /* "will not give up any territory", "would never withdraw": a refusal to yield (124) */
  if (refusal) f->cameo = f->root == 8 ? "124" : "120", f->root = 12;
  else if (cd_fact(c, f->k, f->root, &plan, &f->fwhy)) {
    if (c->debug) fprintf(stderr, "  s%u drop '%s': %s\n", v->sent + 1, sr_lex_str(c->lx, f->a->pattern), f->fwhy);
    return 1;
  }
  if (plan) {
    if (f->root >= 18) f->cameo = "150", f->root = 15;
    else if (f->root == 4) f->cameo = "036", f->root = 3;
    else if (f->root >= 5 && f->root <= 8) f->cameo = intent_code(f->cameo), f->root = 3;
    else if (f->root == 16 || f->root == 17) f->cameo = threat_code(f->cameo), f->root = 13;
    else if (f->root != 15 && f->root != 3) return 1;
  }
  if (f->root >= 6 && f->root <= 8 && cd_military_code(f->cameo)) f->root = 15; /* resolved as a military act */
  f->passive = (v->feat & SR_VG_PASSIVE) != 0;
  /* a headline drops the auxiliary: "Army convoy ambushed in Hama desert" */
  if ((v->feat & SR_VG_PART) && c->t->sent[v->sent].headline && v->obj < 0) f->passive = 1;
  return 0;
}

/* stage 2: the source and target phrases from the grammatical relations */
static void vf_roles(cdoc *c, vframe *f) {
  const sr_chunk *v = &c->p.ch[f->k];
  const sr_lex_action *a = f->a;
  f->src_np = -1, f->tgt_np = -1, f->how = "active";
  if (f->passive) {
    f->src_np = v->agent, f->tgt_np = v->subj, f->how = "passive";
  } else if (a->flags & SR_AF_REV) {
    uint32_t last = pattern_end(c, f->t);
    int32_t in = c->p.chunk_of[last];
    f->tgt_np = v->subj, f->how = "reversed (fell to X)";
    /* "struck a landmine planted by X": the weapon the pattern names, and its owner */
    if (in >= 0 && c->p.ch[in].kind == SR_CH_NP && c->p.ch[in].head == last) f->src_np = in, f->how = "reversed (the weapon's owner)";
    else f->src_np = cd_np_after_tok(c, last);
  } else {
    f->src_np = v->subj;
    int32_t tg = (a->flags & SR_AF_INTR) ? -1 : v->obj;
    if (tg >= 0 && c->np[tg].hc == HC_PLACE) tg = -1;
    uint32_t last = pattern_end(c, f->t);
    /* "opened fire on X", "held talks with X": the pattern's own noun is no object */
    if (tg >= 0 && !(a->flags & SR_AF_GAP) && c->p.ch[tg].head >= c->lm[f->t].tok && c->p.ch[tg].head <= last) tg = -1;
    uint8_t lt = c->p.tag[last];
    /* "beat to death X", "burned to death X": the victim after a "to"-phrase particle */
    int to_part = ((a->flags & SR_AF_GAP) || cd_is(c, last, "death")) && lt == SR_T_NN && last > 0 && cd_is(c, last - 1, "to");
    if (tg < 0 && (c->lm[f->t].span > 1 || to_part) && !(a->flags & SR_AF_INTR) &&
        (lt == SR_T_IN || lt == SR_T_TO || lt == SR_T_RP || lt == SR_T_JJ || lt == SR_T_RB || to_part))
      tg = cd_np_after_tok(c, last); /* "went after X", "opened fire on X", "shot dead X" */
    if ((tg < 0 || c->np[tg].hc == HC_EVENT || c->np[tg].hc == HC_WEAPON ||
         (c->np[tg].hc == HC_QUANT && c->np[tg].ofc >= 0 && c->np[c->np[tg].ofc].hc == HC_WEAPON)) &&
        (!(a->flags & SR_AF_INTR) || (a->flags & SR_AF_TGTBY))) {
      int32_t pp = cd_target_pp(c, f->k, (a->flags & SR_AF_TGTBY) != 0);
      if (pp >= 0) tg = pp;
    }
    f->tgt_np = tg;
  }
  /* "clashes broke out between X and Y": the pair */
  if ((f->src_np < 0 || (instrument(c, f->src_np) && c->np[f->src_np].ref.kind == RK_NONE && c->np[f->src_np].owner < 0)) &&
      !f->passive) {
    int32_t b = cd_between(c, f->k);
    if (b < 0 && f->src_np >= 0) b = cd_between(c, f->src_np);
    if (b >= 0) f->src_np = b, f->tgt_np = c->p.ch[b].conj, f->how = "between X and Y";
  }
  if (f->src_np < 0) {
    int32_t h = hands_of(c, f->k);
    if (h >= 0) f->src_np = h, f->tgt_np = v->subj, f->passive = 1, f->how = "at the hands of X";
  }
}

static int place_object(const cdoc *c, int32_t k);

/* a person's name as the object of an act of killing or assault: "beheaded Ahmed Saleh, a
 * 60-year-old teacher," (the apposition says who), "shot dead Ahmed Saleh" (a name nobody
 * codes, hit by killing: a civilian). -1 when neither. */
static int32_t named_victim(cdoc *c, const vframe *f) {
  int32_t k = f->tgt_np;
  const sr_chunk *x = &c->p.ch[k];
  if (x->kind != SR_CH_NP || c->np[k].hc == HC_PLACE || c->np[k].ref.kind != RK_NONE) return -1;
  if (x->appos >= 0 && (c->np[x->appos].hc == HC_PERSON || c->np[x->appos].hc == HC_ACTOR))
    return cd_resolve_in(c, x->appos, f->root, 1, f->src, f->place, 0);
  for (uint32_t i = x->b; i < x->e; i++)
    if (c->p.tag[i] != SR_T_NNP) return -1;
  int killing = f->root == 18;
  const lexm *m = &c->lm[f->t];
  for (uint32_t i = m->tok; i < m->tok + m->span && !killing; i++) killing = (cd_wf(c, i) & SR_W_DEATH) != 0;
  return killing ? sr_lex_actor_by_code(c->lx, "CIV") : -1;
}

/* stage 3a: the source actor (an instrument lends its owner's); the target actor */
static void vf_actors(cdoc *c, vframe *f) {
  int root = f->root;
  if (instrument(c, f->src_np)) { /* "a roadside bomb killed", "Russian strikes hit" */
    int32_t np2 = -1;
    f->src = noun_actor(c, f->src_np, root, f->place, &np2);
    if (c->np[f->src_np].hc == HC_EVENT) c->np[f->src_np].trigger = -1; /* one incident */
    f->how = "instrument as subject";
    if (f->src < 0 && root >= 18) {
      /* "the shelling killed four" (an act told before), "an explosion ripped through" (a
       * cause unknown unless claimed) */
      f->src = sr_lex_actor_by_code(c->lx, "UNKNOWN"), f->conf = 0.4f, f->how = "instrument with no owner", f->agentless = 1;
      f->unknown_cause = c->np[f->src_np].hc == HC_EVENT && !c->np[f->src_np].definite && c->trig[f->src_np] >= 0 &&
                         !strncmp(c->lm[c->trig[f->src_np]].act->cameo, "18", 2);
    }
  } else if (f->src_np >= 0) {
    f->src = cd_resolve_in(c, f->src_np, root, 0, -1, f->place, 0);
    if (c->np[f->src_np].speaker && f->src >= 0 && cd_actor_kind(c, f->src) == SR_KIND_MEDIA) f->src = -1;
  }
  if (f->tgt_np >= 0 && c->np[f->tgt_np].hc == HC_EVENT) {
    static const char *const WITH[] = {"with", "on", "against", "to", NULL};
    int32_t w = cd_pp_after(c, f->tgt_np, WITH, 1);
    if (w >= 0 && c->np[w].hc == HC_ACTOR) f->tgt_np = w;
  }
  if (f->tgt_np >= 0) f->tgt = cd_resolve_in(c, f->tgt_np, root, 1, f->src, f->place, 0);
  /* "recaptured the Nigerian border town of Damasak from Boko Haram": a nationality on a word
   * for a settlement says which country it is in, not who held it */
  if (f->tgt >= 0 && f->tgt_np >= 0 && c->np[f->tgt_np].hc == HC_THING && c->np[f->tgt_np].ref.kind == RK_STATE &&
      c->np[f->tgt_np].ref.adj == 1 && place_object(c, f->tgt_np))
    f->tgt = -1;
  /* "the army recaptured the presidential palace from the RSF": a thing of the source's own
   * state names no target; the phrases below may */
  if (f->tgt >= 0 && f->tgt == f->src && f->tgt_np >= 0 &&
      !strncmp(f->cameo, "192", 3) && !f->passive && from_phrase(c, f->k) >= 0)
    f->tgt = -1;
  if (f->tgt < 0 && f->tgt_np >= 0 && !f->passive) f->tgt = named_victim(c, f);
  if (!strcmp(f->how, "between X and Y")) between_states(c, f->src_np, root, f->place, &f->src, &f->tgt);
  /* "retook the town from IS", "seized a ship of X", "accused X of ...": other phrases */
  int32_t alt;
  if (f->tgt < 0 && !strncmp(f->cameo, "19", 2) && !f->passive && (alt = from_phrase(c, f->k)) >= 0)
    f->tgt = cd_resolve_in(c, alt, root, 1, f->src, f->place, 0), f->tgt_np = alt;
  if (f->tgt < 0 && root < 17 && f->tgt_np >= 0 && c->np[f->tgt_np].hc != HC_ACTOR &&
      (alt = object_party(c, f->tgt_np, root, f->src, f->place)) >= 0)
    f->tgt = cd_resolve_in(c, alt, root, 1, f->src, f->place, 0), f->tgt_np = alt;
  if (f->tgt < 0 && root >= 10 && root <= 13 && (alt = complement_target(c, f->k, root, f->src, f->place)) >= 0)
    f->tgt = cd_resolve_in(c, alt, root, 1, f->src, f->place, 0), f->tgt_np = alt;
}

/* NP k names people, not a force: "people gathered", "hundreds of residents fled" (no side
 * that tells of them moves its forces) */
static int civil_np(const cdoc *c, int32_t k) {
  if (k < 0) return 0;
  const npinfo *n = &c->np[k];
  if (n->hc == HC_QUANT && n->ofc >= 0) n = &c->np[n->ofc];
  if (n->hc == HC_PERSON) return 1;
  return n->hc == HC_ACTOR && n->ref.kind == RK_AGENT && (n->ref.role == SR_ROLE_CIV || n->ref.role == SR_ROLE_PROTEST);
}

/* NP k is ordnance, or a number of it: "two missiles", "of which 25", "most of them" after
 * "launched 30 drones". Downed or intercepted after an attack was told, it is that attack's
 * failure told by its target, not a new act of the side that fired it */
static int ordnance_subject(const cdoc *c, int32_t k) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return 0;
  if (cd_ordnance_np(c, k)) return 1;
  const sr_chunk *n = &c->p.ch[k];
  uint32_t b = n->b, sb = c->t->sent[n->sent].tok_begin;
  /* "of which 25", "25 of them", "most of them" */
  int pron = 0;
  if (b >= sb + 2 && cd_is(c, b - 2, "of") && (cd_is(c, b - 1, "which") || cd_is(c, b - 1, "these"))) pron = 1;
  if (!pron && n->e + 1 < c->t->sent[n->sent].tok_end && cd_is(c, n->e, "of") &&
      (cd_is(c, n->e + 1, "them") || cd_is(c, n->e + 1, "which") || cd_is(c, n->e + 1, "these")))
    pron = 1;
  if (!pron) return 0;
  for (int32_t j = k - 1; j >= 0 && c->p.ch[j].sent == n->sent; j--)
    if (cd_ordnance_np(c, j)) return 1;
  return 0;
}

static int state_word(const cdoc *c, uint32_t e) {
  if (cd_is(c, e, "dead") || cd_is(c, e, "wounded") || cd_is(c, e, "injured") || cd_is(c, e, "hurt")) return 1;
  return cd_is(c, e, "homeless") || cd_is(c, e, "stranded") || cd_is(c, e, "missing") || cd_is(c, e, "trapped") ||
         cd_is(c, e, "destitute") || cd_is(c, e, "without");
}

/* the word after NP k names a state its referents are left in: "dead", "wounded", "homeless" */
static int result_state_after(const cdoc *c, int32_t k) {
  uint32_t e = c->p.ch[k].e;
  if (e > c->p.ch[k].b + 1 && state_word(c, e - 1)) return 1; /* chunked in: "[four children dead]" */
  return e < c->t->sent[c->p.ch[k].sent].tok_end && state_word(c, e);
}

/* stage 3b: a source the grammar did not give (crowds, the event noun of a phrase, the side
 * that tells it, the last source, an unknown attacker). 1 = no source: drop */
static int vf_source(cdoc *c, vframe *f) {
  const sr_chunk *v = &c->p.ch[f->k];
  /* "the country's deadliest rail crash killed 36", "a helicopter crash killed 12": an
   * accident as the subject is nobody's act */
  if (f->src_np >= 0 && !f->passive && c->p.ch[f->src_np].kind == SR_CH_NP &&
      (cd_wf(c, c->p.ch[f->src_np].head) & SR_W_ACCIDENT))
    return 1;
  /* "thousands marched in Bucharest", "retirees gathered outside the governor's office":
   * a crowd that gathers or marches protests */
  if ((f->root == 14 || (f->root == 15 && (protest_cue(c, v->sent) || campaigners(c, f->src_np)))) && !f->passive &&
      crowd(c, f->src_np, f->src)) {
    if (f->root == 15) f->cameo = "141", f->root = 14, f->how = "a crowd gathering or marching";
    f->src = sr_lex_actor_by_code(c->lx, "PROTESTERS"), f->crowd = 1;
  }
  int root = f->root;
  /* "supporters of X clashed with police", "cow vigilantes beat a man to death": violence by a
   * crowd no dictionary names is the crowd's (rioters), not an unknown armed group's */
  if (root >= 17 && !f->passive && (f->src < 0 || cd_actor_kind(c, f->src) == SR_KIND_UNKNOWN) &&
      rioting_crowd(c, f->src_np)) {
    f->src = sr_lex_actor_by_code(c->lx, "PROTESTERS"), f->how = "a crowd's violence";
    return f->src < 0;
  }
  if (f->src >= 0) return 0;
  if (f->a->flags & SR_AF_WEAK) return 1;
  int32_t np2 = -1;
  if (f->passive || root >= 17) f->src = pp_event_source(c, f->k, root, f->place, &np2), f->how = "the event noun in its phrase";
  if (f->src < 0 && (root == 15 || root == 8) && !civil_np(c, f->src_np))
    f->src = cd_told_by(c, f->k, root, f->place), f->how = "told by its own side";
  if (f->src < 0 && root >= 18 && f->passive) f->src = when_agent(c, v, root, f->place), f->how = "the cause in its when-clause";
  if (f->src < 0 && root >= 17) {
    int32_t lt = -1, l = last_source(c, v, root, &lt);
    if (l >= 0 && f->passive && ordnance_subject(c, v->subj)) return 1; /* part of that attack */
    if (l >= 0) {
      f->src = l, f->conf = 0.45f, f->how = "agentless: the previous event's source", f->borrowed = 1;
      /* "... attacked an SNA base. 5 soldiers were killed": the soldiers are the previous target's */
      if ((f->tgt < 0 || (lt >= 0 && cd_bare_role(c, f->tgt_np))) && lt != f->src) f->tgt = lt;
    }
  }
  if (f->src < 0 && root >= 18 &&
      (root != 19 || strncmp(f->cameo, "191", 3) * strncmp(f->cameo, "192", 3) != 0 ||
       (f->tgt >= 0 && cd_actor_kind(c, f->tgt) == SR_KIND_CIV) || (v->agent >= 0 && c->np[v->agent].hc == HC_WEAPON)))
    f->src = sr_lex_actor_by_code(c->lx, "UNKNOWN"), f->conf = 0.4f, f->how = "agentless: unknown attacker", f->agentless = 1;
  /* a crowd protests; police or soldiers with no country named do not ("Police blocked the road") */
  if (f->src < 0 && root == 14 && !state_role_np(c, f->src_np))
    f->src = sr_lex_actor_by_code(c->lx, "PROTESTERS"), f->how = "protest with no named group";
  return f->src < 0;
}

/* an object that is a place: a place name, or a word for a settlement ("the town of Hpakant",
 * "the village", "the city centre"); not "the country" or "talks" */
static int place_object(const cdoc *c, int32_t k) {
  const npinfo *n = &c->np[k];
  if (n->hc == HC_PLACE) return 1;
  if (n->hc != HC_THING) return 0;
  uint32_t h = c->p.ch[k].head;
  static const char *const W[] = {"town", "city", "village", "villages", "towns", "settlement", "district",
                                  "neighbourhood", "neighborhood", "centre", "center", "outskirts", "camp", NULL};
  for (int i = 0; W[i]; i++)
    if (cd_is(c, h, W[i])) return 1;
  return 0;
}

/* stage 4: a pair's other side, then what is not an event after all. 1 = drop */
static int vf_filters(cdoc *c, vframe *f) {
  const sr_chunk *v = &c->p.ch[f->k];
  const sr_lex_action *a = f->a;
  int root = f->root;
  if (f->tgt < 0 && (a->flags & (SR_AF_PAIR | SR_AF_SYM)) && f->src_np >= 0 && !f->passive) {
    int32_t cj = c->p.ch[f->src_np].conj; /* "the army and the RSF signed": each with the other */
    /* "officials from the United States and Russia met": the pair is the phrase after the role word */
    int32_t ow = c->np[f->src_np].owner;
    if (cj < 0 && ow >= 0 && c->p.ch[ow].kind == SR_CH_NP && c->np[f->src_np].ref.kind == RK_AGENT) cj = c->p.ch[ow].conj;
    /* "the foreign ministers of Iran and Saudi Arabia met": the pair is the of-phrase */
    int32_t of = c->np[f->src_np].ofc;
    if (cj < 0 && of >= 0 && c->p.ch[of].kind == SR_CH_NP && c->np[f->src_np].ref.kind == RK_AGENT) cj = c->p.ch[of].conj;
    if (cj >= 0) f->tgt = cd_resolve_in(c, cj, root, 1, f->src, f->place, 0);
    /* "Russian and Turkish officials met": the second state of the phrase */
    if (f->tgt < 0 && c->p.ch[f->src_np].kind == SR_CH_NP && c->np[f->src_np].ref2.kind == RK_STATE) {
      const sr_lex_country *co = sr_lex_country_at(c->lx, (uint32_t)c->np[f->src_np].ref2.country);
      if (co) f->tgt = verbal_root(root) && co->gov >= 0 ? co->gov : co->mil;
    }
  }
  /* "ordered his army to march on Tripoli": forces that march move (15), they do not protest
   * (a state that protests in words is recoded below) */
  int marching = 0;
  if (root == 14 && !f->crowd && cd_actor_kind(c, f->src) != SR_KIND_STATE_GOV && armed_kind(cd_actor_kind(c, f->src)) &&
      strcmp(f->cameo, "145") && !(f->src_np >= 0 && c->p.ch[f->src_np].kind == SR_CH_NP &&
                                   c->np[f->src_np].ref.kind == RK_STATE && !c->np[f->src_np].ref.adj))
    f->cameo = "150", f->root = root = 15, marching = f->place >= 0;
  /* a weak verb needs a target ("entered talks", "entered the country"), unless forces take a
   * place with it ("government troops entered Mukalla": taking territory) or march on one */
  /* (intercepting or downing ordnance needs no named owner: ACLED's disrupted weapons use) */
  if ((a->flags & SR_AF_WEAK) && !(a->flags & SR_AF_INTR) && f->tgt < 0 && !f->crowd && !marching &&
      !(cd_violent(f->cameo) && cd_ordnance_np(c, f->tgt_np)) &&
      !((!strncmp(f->cameo, "192", 3) || !strcmp(f->cameo, "0874")) && v->obj >= 0 && place_object(c, v->obj) &&
        (armed_kind(cd_actor_kind(c, f->src)) || state_role_np(c, f->src_np))))
    return 1;
  /* "buses carrying its fighters left Deir Ezzor to reach the north": leaving in order to go
   * somewhere is a move of forces (15), not a retreat */
  if (!strcmp(f->cameo, "0874") && moving_on(c, f->k)) f->cameo = "150", f->root = root = 15;
  /* a pattern of place ("left", "pulled out of") needs one: a town, or the country left */
  if ((a->flags & SR_AF_PLACE) && f->place < 0 &&
      !(v->obj >= 0 && (c->np[v->obj].hc == HC_PLACE || (c->np[v->obj].ref.kind == RK_STATE && !c->np[v->obj].ref.adj))))
    return 1;
  /* "it left four children dead", "leaving dozens homeless": leave with an object and a state
   * after it tells a result, not a departure */
  if (!strcmp(f->cameo, "0874") && v->obj >= 0 && result_state_after(c, v->obj)) return 1;
  if (thing_object(c, f->cameo, f->tgt, f->tgt_np)) return 1;
  /* "seized a cache of weapons": arms taken are property confiscated, not ground */
  if (!strncmp(f->cameo, "192", 3) && cd_ordnance_np(c, f->tgt_np)) f->cameo = "1711", f->root = root = 17;
  if (root == 14 && f->passive) return 1; /* "soldiers being marched through the desert" */

  /* leaving, withdrawing, deploying: forces do it ("President Ghani left the country" is none) */
  uint8_t sk = cd_actor_kind(c, f->src);
  if ((root == 15 || !strcmp(f->cameo, "0874")) && !armed_kind(sk) && sk != SR_KIND_STATE_GOV) return 1;
  if (reaction(c, f->k, root, f->tgt_np)) return 1;
  /* "Baghdad summoned the charge d'affaires to protest": a state protests in words (114) */
  if (root == 14 && f->src_np >= 0 && c->p.ch[f->src_np].kind == SR_CH_NP &&
      (c->np[f->src_np].ref.kind == RK_STATE ||
       (c->np[f->src_np].ref.kind == RK_NAMED && cd_actor_kind(c, c->np[f->src_np].ref.actor) == SR_KIND_STATE_GOV)))
    f->cameo = "114", f->root = 11;
  return 0;
}

/* stage 5: default targets, the place of a statement, then the event and the ones it implies */
static void vf_emit(cdoc *c, vframe *f) {
  f->tgt = cd_default_target(c, f->k, f->t, &f->cameo, f->src, f->tgt, f->tgt_np, f->place);
  if (f->src_np >= 0 && c->p.ch[f->src_np].kind == SR_CH_NP && c->np[f->src_np].hc == HC_ACTOR &&
      c->np[f->src_np].ref.kind != RK_NAMED)
    f->conf -= 0.1f;
  const char *why = c->opts && c->opts->explain
                        ? cd_strdup(c, "%s; pattern '%s'%s%s", f->how, sr_lex_str(c->lx, f->a->pattern), f->fwhy ? "; " : "",
                                    f->fwhy ? f->fwhy : "")
                        : NULL;
  if (c->debug)
    fprintf(stderr, "  event c%d '%s' %s: src c%d=%s tgt c%d=%s (%s)\n", f->k, sr_lex_str(c->lx, f->a->pattern), f->cameo,
            f->src_np, cd_actor_code(c, f->src), f->tgt_np, cd_actor_code(c, f->tgt), f->how);
  char scc[3] = "";
  int32_t place = f->place;
  if (verbal_root(cd_root(f->cameo))) place = statement_place(c, f->k, f->src_np, f->src, f->tgt, f->cameo, scc);
  else if (place < 0 && cd_violent(f->cameo)) target_country(c, f->tgt_np, scc); /* "fired missiles at Saudi Arabia" */
  uint32_t first = c->nce;
  if (cd_add_event(c, f->k, f->t, f->src, f->tgt, f->src_np, f->tgt_np, f->cameo, place, f->conf, why)) return;
  if (c->nce > first) {
    memcpy(c->ce[first].cc, scc, 3);
    c->ce[first].agentless = (uint8_t)f->agentless;
    c->ce[first].unknown_cause = (uint8_t)f->unknown_cause;
    c->ce[first].borrowed = (uint8_t)f->borrowed;
    cd_more_events(c, first, f->k, f->a, f->src_np, f->tgt_np, f->passive);
  }
}

static void verb_event(cdoc *c, int32_t k, int32_t t) {
  vframe f;
  memset(&f, 0, sizeof f);
  f.k = k, f.t = t, f.a = c->lm[t].act, f.cameo = f.a->cameo, f.root = cd_root(f.cameo);
  f.src = f.tgt = -1, f.conf = 0.8f;
  if (vf_gate(c, &f)) return;
  vf_roles(c, &f);
  /* a thing that is no actor, weapon or act as the subject of "exploded", "landed", "went off":
   * no attack ("a gas cylinder exploded") */
  if (!f.passive && f.src_np >= 0 && (f.a->flags & SR_AF_INTR) && cd_violent(f.cameo) &&
      (c->np[f.src_np].hc == HC_THING || c->np[f.src_np].hc == HC_PLACE || c->np[f.src_np].hc == HC_PERSON))
    return;
  /* an act as the subject of a verb that is no violence ("an attack on X left 12 dead"): the
   * act is the event, told by its noun */
  if (!f.passive && instrument(c, f.src_np) && !cd_violent(f.cameo)) return;
  int moving = f.cameo[0] == '0' || (f.cameo[0] == '1' && f.cameo[1] == '5');
  f.place = cd_event_place(c, k, f.src_np, moving);
  vf_actors(c, &f);
  int nosrc = vf_source(c, &f);
  if (nosrc || vf_filters(c, &f)) {
    if (c->debug)
      fprintf(stderr, "  s%u drop '%s': %s (src c%d=%s tgt c%d=%s)\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, f.a->pattern),
              nosrc ? "no source" : "filtered (weak, place, thing object, reaction or mover)", f.src_np,
              cd_actor_code(c, f.src), f.tgt_np, cd_actor_code(c, f.tgt));
    return;
  }
  vf_emit(c, &f);
}

/* ---- nouns */

/* the infinitive completing a noun of demand, threat, refusal or offer names its party:
 * "a threat to close the border with Mexico", "its refusal to grant clearances to MINUSMA" */
static int32_t noun_complement_target(cdoc *c, int32_t k, int root, int32_t src, int32_t place) {
  uint32_t end = c->p.sent_ch[c->p.ch[k].sent + 1];
  for (uint32_t j = (uint32_t)k + 1; j < end && j < (uint32_t)k + 4; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind == SR_CH_NP && (cd_wf(c, y->head) & SR_W_TIME)) continue; /* "its refusal on Friday to ..." */
    if (y->kind != SR_CH_VG || !(y->feat & SR_VG_INF)) return -1;
    int32_t o = y->obj >= 0 ? y->obj : cd_target_pp(c, (int32_t)j, 0);
    if (o < 0) return -1;
    if (c->np[o].hc == HC_ACTOR && cd_resolve_in(c, o, root, 1, src, place, 0) >= 0) return o;
    int32_t p = object_party(c, o, root, src, place);
    if (p < 0) { /* "to grant flight clearances to MINUSMA drones" */
      static const char *const TO[] = {"to", "with", "against", NULL};
      p = cd_pp_after(c, o, TO, 1);
      if (p >= 0 && cd_resolve_in(c, p, root, 1, src, place, 0) < 0) p = -1;
    }
    return p;
  }
  return -1;
}

/* the source of the last act of force (17-20) on `tgt` in the paragraph, within two sentences */
static int32_t last_on_target(const cdoc *c, const sr_chunk *v, int32_t tgt) {
  for (uint32_t i = c->nce; i-- > 0;) {
    const cevent *e = &c->ce[i];
    if (e->para != c->t->sent[v->sent].para || v->sent > e->sent + 2) return -1;
    if (!e->dead && e->tgt == tgt && e->src != tgt && cd_root(e->cameo) >= 17 && !e->agentless) return e->src;
  }
  return -1;
}

/* a cooperative act (03-08) named by a noun right after a verb of announcing, with no other
 * verb between ("announced a new aid package", "announced $500 million in military aid"): the
 * announcer's own act, not something reported of others */
static int announced_act(const cdoc *c, int32_t g, int32_t k, int root) {
  const sr_chunk *gv = &c->p.ch[g];
  if (root < 3 || root > 8 || gv->subj < 0 || (gv->feat & (SR_VG_PASSIVE | SR_VG_NEG)) || k <= g) return 0;
  for (int32_t j = g + 1; j < k; j++)
    if (c->p.ch[j].kind == SR_CH_VG) return 0;
  return c->p.ch[k].clause == gv->clause && k - g <= 3;
}

static void noun_event(cdoc *c, int32_t k, int32_t t) {
  const npinfo *n = &c->np[k];
  if (n->trigger < 0) { /* told by a verb already (instrument, phrase) */
    if (c->debug) fprintf(stderr, "  s%u drop noun: told by a verb already\n", c->p.ch[k].sent + 1);
    return;
  }
  const sr_lex_action *a = c->lm[t].act;
  const char *cameo = a->cameo;
  int root = cd_root(cameo);
  int plan = 0;
  const char *fwhy = NULL;
  if (cd_fact(c, k, root, &plan, &fwhy)) {
    if (c->debug) fprintf(stderr, "  s%u drop noun '%s': %s\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, a->pattern), fwhy);
    return;
  }
  int32_t g = governor_of(c, k);
  const sr_lex_action *ga = g >= 0 && c->trig[g] >= 0 ? c->lm[c->trig[g]].act : NULL;
  const sr_chunk *gv = g >= 0 ? &c->p.ch[g] : NULL;
  if (gv && cd_fact(c, g, root, &plan, &fwhy)) { /* "did not launch an attack" */
    if (c->debug) fprintf(stderr, "  s%u drop noun '%s': its verb: %s\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, a->pattern), fwhy);
    return;
  }
  if (gv && (cd_wf(c, gv->head) & SR_W_SUPPORT)) return; /* "backed by drone strikes": support of an act */
  if (asked_act(c, k, ga, gv)) {
    if (c->debug) fprintf(stderr, "  s%u drop noun '%s': asked for or planned\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, a->pattern));
    return;
  }
  const char *how = "nominal";
  int32_t src_np = -1, tgt_np = cd_noun_target(c, k, root == 17 || root == 18 || root == 19 || root == 20);
  if (tgt_np >= 0 && c->np[tgt_np].hc == HC_PLACE) tgt_np = -1;
  if (tgt_np < 0 && ((root >= 1 && root <= 7) || root == 16)) {
    /* "aid to Ukraine", "a state visit to Vietnam", "talks with Iran", "sanctions on X": the
     * party of a cooperative or verbal act's noun */
    static const char *const TO[] = {"to", "with", NULL};
    int32_t pp = cd_pp_after(c, k, TO, 1);
    if (pp >= 0 && c->np[pp].hc == HC_ACTOR) tgt_np = pp;
  }
  int32_t place = cd_event_place(c, k, -1, root == 15 || cameo[0] == '0');
  int self = 0;
  src_np = noun_source(c, k, &self);
  if (src_np < 0) {
    int32_t b = cd_between(c, k); /* "clashes between X and Y" */
    if (b >= 0) src_np = b, tgt_np = c->p.ch[b].conj, how = "between X and Y";
  }
  if (ga) {
    switch (ga->act) {
    case SR_ACT_SAY: /* "the US announced $500 million in military aid for Ukraine" */
      if (announced_act(c, g, k, root)) src_np = gv->subj, self = 0, how = "announced by its giver";
      break;
    case SR_ACT_LIGHT: /* "X launched an attack" */
    case SR_ACT_PLAN:
      if (src_np < 0) src_np = (gv->feat & SR_VG_PASSIVE) ? gv->agent : gv->subj, self = 0, how = "the light verb's subject";
      if (ga->act == SR_ACT_PLAN) plan = 1;
      /* "Al-Shabaab said it carried out the attack": a definite noun points back to an act
       * told already, so this claims it */
      if (ga->act == SR_ACT_LIGHT && n->definite && c->nce > 0 && src_np >= 0) {
        int32_t cs = cd_resolve(c, src_np, 19, 0, -1);
        if (cs >= 0) c->claimer = cs;
        return;
      }
      break;
    case SR_ACT_RECV: /* "the army repelled an attack by X" */
      tgt_np = gv->subj, how = "received (repelled, came under)";
      if (src_np < 0) src_np = cd_noun_agent(c, k, 1), self = 0;
      break;
    case SR_ACT_CLAIM: {
      /* "X claimed the attack"; "the attack was claimed by X" */
      int32_t who = (gv->feat & SR_VG_PASSIVE) ? gv->agent : gv->subj;
      int32_t cs = who >= 0 ? cd_resolve(c, who, 19, 0, -1) : -1;
      if (cs >= 0) c->claimer = cs;
      if (n->definite && c->nce > 0) return; /* "claimed the attack": the attack was told already */
      if (src_np < 0) src_np = who, self = 0;
      break;
    }
    case SR_ACT_DENY: return;
    case SR_ACT_EVENT:
      /* "Germany announced a new aid package for Sudan": the announcer gives it */
      if (cd_root(ga->cameo) == 1 && announced_act(c, g, k, root)) {
        src_np = gv->subj, self = 0, how = "announced by its giver";
        break;
      }
      /* "killed in an attack", "condemned the attack": the verb tells it, or reacts to it */
      if (cd_wf(c, gv->head) & SR_W_REACT) {
        if (n->definite || src_np < 0) return;
      } else if (cd_violent(ga->cameo) && cd_violent(cameo)) {
        return;
      }
      break;
    default: break;
    }
  }
  if (plan) {
    if (root >= 18) cameo = "150", root = 15;
    else return;
  }
  if (root >= 6 && root <= 8 && cd_military_code(cameo)) root = 15; /* resolved as a military act */
  /* "the attack", "the strike": a definite noun with nobody named points back to an event
   * already told */
  if (src_np < 0 && n->definite && c->nce > 0) {
    if (c->debug) fprintf(stderr, "  s%u drop noun '%s': a definite act told before\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, a->pattern));
    return;
  }
  int32_t src = -1;
  if (src_np >= 0) src = self ? cd_resolve_in(c, k, root, 0, -1, place, 0) : cd_resolve_in(c, src_np, root, 0, -1, place, 0);
  if (src < 0 && root == 14 && !n->definite) src = sr_lex_actor_by_code(c->lx, "PROTESTERS"), how = "a protest";
  int32_t tgt = -1;
  if (src < 0 && root >= 17 && !n->definite && tgt_np >= 0) {
    /* "HTS fighters are chasing IS militants ... Arrests of IS members increased": an act on
     * the same target, nobody else named, continues the last act against it */
    tgt = cd_resolve_in(c, tgt_np, root, 1, -1, place, 0);
    int32_t l = tgt >= 0 ? last_on_target(c, &c->p.ch[k], tgt) : -1;
    if (l >= 0) src = l, how = "agentless noun: the last act on the same target";
  }
  if (src < 0) { /* a noun with nobody named is coded only through a verb */
    if (c->debug) fprintf(stderr, "  s%u drop noun '%s': no source (src c%d)\n", c->p.ch[k].sent + 1, sr_lex_str(c->lx, a->pattern), src_np);
    return;
  }
  if (tgt < 0) tgt = tgt_np >= 0 ? cd_resolve_in(c, tgt_np, root, 1, src, place, 0) : -1;
  if (tgt < 0 && root < 17 && root != 14) { /* "Trump's threat to close the border with Mexico" */
    int32_t nt = noun_complement_target(c, k, root, src, place);
    if (nt >= 0) tgt = cd_resolve_in(c, nt, root, 1, src, place, 0), tgt_np = nt;
  }
  if (tgt < 0 && root >= 5 && root <= 8) { /* "an aid package for Sudan", "military aid to Kyiv" */
    static const char *const FOR[] = {"for", "to", NULL};
    int32_t r = cd_pp_after(c, k, FOR, 1);
    if (r >= 0 && c->np[r].hc == HC_ACTOR) {
      int32_t rt = cd_resolve_in(c, r, root, 1, src, place, 0);
      if (rt >= 0) tgt = rt, tgt_np = r;
    }
  }
  if (!strcmp(how, "between X and Y")) between_states(c, src_np, root, place, &src, &tgt);
  tgt = cd_default_target(c, k, t, &cameo, src, tgt, tgt_np, place);
  const char *why = c->opts && c->opts->explain ? cd_strdup(c, "%s; pattern '%s'", how, sr_lex_str(c->lx, a->pattern)) : NULL;
  char scc[3] = "";
  if (verbal_root(cd_root(cameo))) place = statement_place(c, k, self ? k : src_np, src, tgt, cameo, scc);
  uint32_t first = c->nce;
  if (cd_add_event(c, k, t, src, tgt, self ? -1 : src_np, tgt_np, cameo, place, 0.7f, why)) return;
  if (c->nce > first) memcpy(c->ce[first].cc, scc, 3);
  if (c->nce > first && !self) cd_more_events(c, first, k, a, src_np, tgt_np, 0);
}

/* ---- frames that are events of their own: "the army beat back IS fighters" */

/* "Russian forces launched a wave of missiles and drones at Kyiv": a light verb whose object
 * is ordnance tells an attack */
static void ordnance_event(cdoc *c, int32_t k, int32_t t) {
  const sr_chunk *v = &c->p.ch[k];
  int32_t o = v->obj;
  if (o < 0) return;
  if (c->np[o].hc == HC_QUANT && c->np[o].ofc >= 0) o = c->np[o].ofc;
  if (c->np[o].hc != HC_WEAPON) return;
  int plan = 0;
  const char *fwhy = NULL;
  if (cd_fact(c, k, 19, &plan, &fwhy) || plan) return;
  int32_t tnp = cd_target_pp(c, k, 0);
  if (tnp < 0) tnp = cd_target_pp(c, o, 0);
  /* "used munitions containing chloropicrin against X", "used drones to drop grenades on X":
   * the verb right after the ordnance carries the target */
  uint32_t ce = c->p.sent_ch[v->sent + 1];
  for (uint32_t j = (uint32_t)o + 1; tnp < 0 && j < ce && j < (uint32_t)o + 3; j++)
    if (c->p.ch[j].kind == SR_CH_VG) {
      tnp = cd_target_pp(c, (int32_t)j, 0);
      break;
    }
  int32_t place = cd_event_place(c, k, v->subj, 0);
  int32_t src = v->subj >= 0 ? cd_resolve_in(c, v->subj, 19, 0, -1, place, 0) : -1;
  int32_t tgt = tnp >= 0 ? cd_resolve_in(c, tnp, 19, 1, src, place, 0) : -1;
  if (src >= 0)
    cd_add_event(c, k, t, src, tgt, v->subj, tnp, "190", place, 0.7f,
                 c->opts && c->opts->explain ? "a light verb with ordnance: an attack" : NULL);
}

/* "repelled an attempt by the TPLF to cross the river", "foiled an IS bid to storm the
 * village": the attempt's maker attacked the subject; the infinitive is that attack */
static int attempt_event(cdoc *c, int32_t k, int32_t t) {
  const sr_chunk *v = &c->p.ch[k];
  int32_t o = v->obj;
  uint32_t h = c->p.ch[o].head;
  if (!(cd_is(c, h, "attempt") || cd_is(c, h, "attempts") || cd_is(c, h, "bid") || cd_is(c, h, "bids") ||
        cd_is(c, h, "effort") || cd_is(c, h, "efforts")))
    return 0;
  int self = 0;
  int32_t snp = noun_source(c, o, &self);
  if (snp < 0) return 0;
  int plan = 0;
  const char *fwhy = NULL;
  if (cd_fact(c, k, 19, &plan, &fwhy) || plan) return 1;
  int32_t place = cd_event_place(c, k, snp, 0);
  int32_t src = self ? cd_resolve_in(c, o, 19, 0, -1, place, 0) : cd_resolve_in(c, snp, 19, 0, -1, place, 0);
  int32_t tgt = cd_resolve_in(c, v->subj, 19, 1, src, place, 0);
  if (src < 0) return 0;
  /* the infinitive after the attempt phrase tells the same attack */
  uint32_t ce = c->p.sent_ch[v->sent + 1];
  for (uint32_t j = (uint32_t)o + 1; j < ce && j < (uint32_t)o + 4; j++)
    if (c->p.ch[j].kind == SR_CH_VG) {
      if (c->p.ch[j].feat & SR_VG_INF) c->trig[j] = -1;
      break;
    }
  cd_add_event(c, k, t, src, tgt, self ? -1 : snp, v->subj, "190", place, 0.7f,
               c->opts && c->opts->explain ? "repulse of an attempt: its maker attacked" : NULL);
  return 1;
}

static void frame_event(cdoc *c, int32_t k, int32_t t) {
  const sr_chunk *v = &c->p.ch[k];
  const sr_lex_action *a = c->lm[t].act;
  if (a->act == SR_ACT_LIGHT) {
    ordnance_event(c, k, t);
    return;
  }
  if (a->act == SR_ACT_CLAIM) {
    int32_t s = v->subj >= 0 ? v->subj : v->agent;
    int32_t cs = s >= 0 ? cd_resolve(c, s, 19, 0, -1) : -1;
    if (cs >= 0) c->claimer = cs;
    return;
  }
  if (a->act == SR_ACT_RECV && v->subj >= 0 && v->obj >= 0 && attempt_event(c, k, t)) return;
  if (a->act != SR_ACT_RECV || v->subj < 0 || v->obj < 0 || c->np[v->obj].hc != HC_ACTOR) return;
  int plan = 0;
  const char *fwhy = NULL;
  if (cd_fact(c, k, 19, &plan, &fwhy) || plan) return;
  int32_t place = cd_event_place(c, k, v->obj, 0);
  int32_t src = cd_resolve_in(c, v->obj, 19, 0, -1, place, 0);
  int32_t tgt = cd_resolve_in(c, v->subj, 19, 1, src, place, 0);
  if (src >= 0 && tgt >= 0)
    cd_add_event(c, k, t, src, tgt, v->obj, v->subj, "190", place, 0.7f,
                 c->opts && c->opts->explain ? "repulse: the repulsed side attacked" : NULL);
}

/* "Russian strikes on Kherson killed five", "an explosion hit": an act named by a noun as the
 * subject of a violent verb is one incident with the verb; the verb tells it */
static void instruments(cdoc *c) {
  for (uint32_t k = 0; k < c->p.nch; k++) {
    const sr_chunk *v = &c->p.ch[k];
    int32_t t = c->trig[k];
    if (v->kind != SR_CH_VG || t < 0 || c->lm[t].act->act != SR_ACT_EVENT || !cd_violent(c->lm[t].act->cameo)) continue;
    /* "a car bomb exploded": the weapon noun's own trigger tells the same incident */
    if (v->subj >= 0 && !(v->feat & SR_VG_PASSIVE) && (c->np[v->subj].hc == HC_EVENT || c->np[v->subj].hc == HC_WEAPON))
      c->np[v->subj].trigger = -1;
  }
}

static void debug_nps(const cdoc *c) {
  static const char *HC[] = {"-", "actor", "person", "weapon", "event", "place", "quant", "thing"};
  static const char *RK[] = {"-", "named", "state", "agent", "pron"};
  for (uint32_t k = 0; k < c->p.nch; k++) {
    const sr_chunk *x = &c->p.ch[k];
    const sr_token *b = &c->t->tok[x->b], *e = &c->t->tok[x->e - 1];
    fprintf(stderr, "  s%u c%u %s '%.*s'", x->sent + 1, k, x->kind == SR_CH_NP ? "NP" : "VG", (int)(e->off + e->len - b->off),
            c->t->src + b->off);
    if (x->kind == SR_CH_NP) {
      const npinfo *n = &c->np[k];
      fprintf(stderr, " %s ref=%s", HC[n->hc], RK[n->ref.kind]);
      if (n->ref.kind == RK_NAMED) fprintf(stderr, ":%s", cd_actor_code(c, n->ref.actor));
      if (n->ref.kind == RK_STATE || n->ref.kind == RK_AGENT) fprintf(stderr, ":c%d/r%u", n->ref.country, n->ref.role);
      if (n->owner >= 0) fprintf(stderr, " owner=c%d", n->owner);
      if (n->ofc >= 0) fprintf(stderr, " of=c%d", n->ofc);
      if (n->place >= 0) fprintf(stderr, " place=%d", n->place);
      if (n->speaker) fprintf(stderr, " speaker");
    } else {
      fprintf(stderr, " subj=c%d obj=c%d agent=c%d", x->subj, x->obj, x->agent);
    }
    if (c->trig[k] >= 0) fprintf(stderr, " trig='%s' %s", sr_lex_str(c->lx, c->lm[c->trig[k]].act->pattern), c->lm[c->trig[k]].act->cameo);
    fprintf(stderr, "\n");
  }
}

int cd_events(cdoc *c) {
  mark_speakers(c);
  instruments(c);
  if (c->debug) debug_nps(c);
  for (uint32_t k = 0; k < c->p.nch; k++) {
    int32_t t = c->trig[k];
    if (t < 0 || c->p.ch[k].sent >= c->nsent) continue;
    const sr_lex_action *a = c->lm[t].act;
    if (c->p.ch[k].kind == SR_CH_VG) {
      if (a->act == SR_ACT_EVENT) verb_event(c, (int32_t)k, t);
      else frame_event(c, (int32_t)k, t);
    } else if (c->p.ch[k].kind == SR_CH_NP && a->act == SR_ACT_EVENT) {
      noun_event(c, (int32_t)k, t);
    } else if (c->p.ch[k].kind == SR_CH_NP && a->act == SR_ACT_CLAIM) {
      /* "responsibility was claimed by X" */
      int32_t g = governor_of(c, (int32_t)k);
      if (g >= 0 && c->p.ch[g].agent >= 0) {
        int32_t cs = cd_resolve(c, c->p.ch[g].agent, 19, 0, -1);
        if (cs >= 0) c->claimer = cs;
      }
    }
  }
  return 0;
}
