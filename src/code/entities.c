/* entities.c - which actor a noun phrase stands for, in its event:
 *   names          "the Syrian Democratic Forces" -> SDF (the lexicon)
 *   states         "Russian jets" -> RUSMIL; "Moscow said" -> RUSGOV (verbal acts take the
 *                  government code, military acts the forces' code)
 *   role words     "the army", "troops" -> the forces of the country where it happens
 *   descriptions   "the militants", "the group", "the movement" -> the last named non-state
 *                  armed actor; "the force", "the troops" -> the last named force
 *   pronouns       "they", "it", "its fighters" -> the last compatible actor, subjects first,
 *                  never the other side of the same event
 *   owned things   "army posts", "a Hezbollah depot", "the base, which houses French troops"
 *                  -> the owner (as a target)
 *   quantities     "dozens of IS fighters" -> the of-phrase's actor
 * A description with no compatible antecedent stays unresolved (-1) rather than guessed; the
 * event stage then uses UNKNOWN for an attacker.
 */
#include "code_internal.h"

#include <strings.h>

static int32_t code_id(const cdoc *c, const char *code) { return sr_lex_actor_by_code(c->lx, code); }

/* actor index -> its kind */
uint8_t cd_actor_kind(const cdoc *c, int32_t a) {
  const sr_lex_actor *x = a >= 0 ? sr_lex_actor_at(c->lx, (uint32_t)a) : NULL;
  return x ? x->kind : 0;
}

const char *cd_actor_code(const cdoc *c, int32_t a) {
  const sr_lex_actor *x = a >= 0 ? sr_lex_actor_at(c->lx, (uint32_t)a) : NULL;
  return x ? sr_lex_str(c->lx, x->code) : "";
}

int cd_nonstate_armed(uint8_t k) {
  return k == SR_KIND_REBEL || k == SR_KIND_JIHADIST || k == SR_KIND_MILITIA || k == SR_KIND_SEPARATIST;
}

/* political acts take a state's government code: words (01-05, 09-13, 16) and the
 * non-military cooperation, aid and concessions (06-08: the events stage hands their military
 * codes, such as 062, 074 or 0874, in as root 15) */
static int verbal(int root) { return (root >= 1 && root <= 13) || root == 16; }

/* the forces (or government) of country index ki */
int32_t cd_state_actor(const cdoc *c, int32_t ki, int role, int root) {
  const sr_lex_country *k = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
  if (!k) return -1;
  if (role == SR_ROLE_GOV || (verbal(root) && role != SR_ROLE_MIL && role != SR_ROLE_POLICE)) return k->gov >= 0 ? k->gov : k->mil;
  return k->mil >= 0 ? k->mil : k->gov;
}

/* the country an event happens in: its place's, else the document's focus */
static int32_t event_country(const cdoc *c, int32_t place) {
  const char *cc = place >= 0 ? c->pl[place].cc : c->focus;
  int32_t ki = cc[0] ? sr_lex_country_by_cc(c->lx, cc) : -1;
  return ki >= 0 ? ki : c->focus_country;
}

/* the actor an NP stood for when it was last resolved or named, -1 */
static int32_t known_actor(const cdoc *c, int32_t k) {
  const npinfo *n = &c->np[k];
  if (n->resolved >= 0) return n->resolved;
  if (n->hc == HC_PERSON) return code_id(c, "CIV"); /* "11 teachers ... released them" */
  if (n->hc != HC_ACTOR) return -1;
  if (n->ref.kind == RK_NAMED) return n->ref.actor;
  if (n->ref.kind == RK_STATE && !n->ref.adj) return cd_state_actor(c, n->ref.country, n->ref.role, 19);
  /* "fighters from a local People's Defence Force", "members of the ELN": a role word's side */
  if (n->ref.kind == RK_AGENT && n->ref.role != SR_ROLE_CIV && n->ref.role != SR_ROLE_PROTEST) {
    int32_t o = n->owner >= 0 ? n->owner : n->ofc;
    if (o >= 0 && o != k && c->p.ch[o].kind == SR_CH_NP && c->np[o].hc == HC_ACTOR && c->np[o].ref.kind == RK_NAMED)
      return c->np[o].ref.actor;
  }
  return -1;
}

/* known_actor, and for descriptions also the actor a modifier names ("an al-Shabaab camp") */
static int32_t known_or_named(const cdoc *c, int32_t k, int modifiers) {
  int32_t a = known_actor(c, k);
  if (a < 0 && modifiers && c->np[k].ref.kind == RK_NAMED) a = c->np[k].ref.actor;
  return a;
}

static int is_subject(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  uint32_t cl = c->p.sent_ch[x->sent + 1];
  for (uint32_t j = (uint32_t)k + 1; j < cl && j < (uint32_t)k + 8; j++)
    if (c->p.ch[j].kind == SR_CH_VG && c->p.ch[j].subj == k) return 1;
  return 0;
}

/* Antecedent of NP k: the nearest earlier NP (this sentence, then up to `back` sentences
 * before, same or previous paragraph) whose actor passes `ok`; a subject wins over others of
 * the same sentence. Flags in pp: AN_PP also phrases after a preposition and the actors their
 * modifiers name; AN_FORCE only NPs that name a force, not its weapons ("Russian jets"). */
enum { AN_PP = 1, AN_FORCE = 2 };
typedef int (*accept_fn)(const cdoc *c, int32_t actor, int32_t other);

static int32_t antecedent_in(const cdoc *c, int32_t k, uint32_t back, accept_fn ok, int32_t other, int pp);

/* pronouns look at subjects and objects; descriptions ("the militants") also at phrases */
static int32_t antecedent(const cdoc *c, int32_t k, uint32_t back, accept_fn ok, int32_t other) {
  return antecedent_in(c, k, back, ok, other, 0);
}

/* NP j names a force fighting on the side of an act in its own sentence: the agent of
 * "backed by / supported by X", or "alongside X", "with the help/support of X". Such an ally is
 * never what a later description of the same sentence ("rebel positions", "the militants") means. */
int cd_ally_np(const cdoc *c, int32_t j) {
  const sr_chunk *y = &c->p.ch[j];
  if (cd_ally_pp(c, j)) return 1;
  uint32_t cf = c->p.sent_ch[y->sent], cl = c->p.sent_ch[y->sent + 1];
  for (uint32_t v = cf; v < cl; v++) {
    const sr_chunk *g = &c->p.ch[v];
    if (g->kind == SR_CH_VG && g->agent == j && (cd_wf(c, g->head) & SR_W_SUPPORT)) return 1;
    /* "Turkish troops and SNA fighters shelled Kurdish militant positions": a co-subject */
    if (g->kind == SR_CH_NP && g->conj == j && is_subject(c, (int32_t)v)) return 1;
  }
  return 0;
}

static int32_t antecedent_in(const cdoc *c, int32_t k, uint32_t back, accept_fn ok, int32_t other, int pp) {
  const sr_chunk *x = &c->p.ch[k];
  uint32_t para = c->t->sent[x->sent].para;
  int32_t fallback = -1;
  uint32_t fb_sent = 0;
  for (int32_t j = k; j-- > 0;) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->sent + back < x->sent) break;
    if (c->t->sent[y->sent].para + 1 < para) break;
    if (y->kind != SR_CH_NP) continue;
    if (!(pp & AN_PP) && y->prep >= 0 && c->p.sym[y->prep] != SR_S_BY) continue; /* in a phrase: not a party */
    if ((pp & AN_FORCE) && (c->np[j].hc != HC_ACTOR || cd_ordnance_np(c, j) || (cd_wf(c, y->head) & SR_W_BY_AIR))) continue;
    int32_t a = known_or_named(c, j, pp & AN_PP);
    if (a < 0 || !ok(c, a, other)) continue;
    if (y->sent == x->sent && cd_ally_np(c, j)) continue; /* "troops backed by X stormed rebel positions" */
    if (fallback >= 0 && y->sent != fb_sent) break; /* the nearest sentence with a candidate */
    if (is_subject(c, j)) return a;
    if (fallback < 0) fallback = a, fb_sent = y->sent;
  }
  return fallback;
}

static int any_actor(const cdoc *c, int32_t a, int32_t other) {
  uint8_t k = cd_actor_kind(c, a);
  return a != other && k != SR_KIND_MEDIA && k != SR_KIND_CIV && k != SR_KIND_PROTEST && k != SR_KIND_UNKNOWN;
}
static int target_actor(const cdoc *c, int32_t a, int32_t other) { /* victims too */
  uint8_t k = cd_actor_kind(c, a);
  return a != other && k != SR_KIND_MEDIA && k != SR_KIND_UNKNOWN;
}
static int armed_actor(const cdoc *c, int32_t a, int32_t other) {
  return a != other && cd_nonstate_armed(cd_actor_kind(c, a));
}
/* an international body that carries no arms: a relief or health agency, a rights body, an
 * NGO (CAMEO NGO..., ...HLH, ...HRI, ...REF, ...DEV), never "the force" or "the coalition" */
static int unarmed_intl(const cdoc *c, int32_t a) {
  const sr_lex_actor *x = sr_lex_actor_at(c->lx, (uint32_t)a);
  const char *cm = x ? sr_lex_str(c->lx, x->cameo) : "";
  return !strncmp(cm, "NGO", 3) || strstr(cm, "HLH") || strstr(cm, "HRI") || strstr(cm, "REF") || strstr(cm, "DEV");
}
static int force_actor(const cdoc *c, int32_t a, int32_t other) {
  uint8_t k = cd_actor_kind(c, a);
  return a != other && (k == SR_KIND_STATE_MIL || k == SR_KIND_STATE_GOV || (k == SR_KIND_INTL && !unarmed_intl(c, a)) ||
                        cd_nonstate_armed(k));
}

static int state_force(const cdoc *c, int32_t a, int32_t other) {
  uint8_t k = cd_actor_kind(c, a);
  return a != other && (k == SR_KIND_STATE_MIL || k == SR_KIND_STATE_GOV);
}

/* the first named armed group after k in a headline's paragraph ("Jihadists overrun Damasak") */
static int32_t headline_forward(const cdoc *c, int32_t k, int32_t other) {
  const sr_chunk *x = &c->p.ch[k];
  for (uint32_t j = (uint32_t)k + 1; j < c->p.nch; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (c->t->sent[y->sent].para > c->t->sent[x->sent].para + 2) break;
    int32_t a = y->kind == SR_CH_NP ? known_actor(c, (int32_t)j) : -1;
    if (a >= 0 && armed_actor(c, a, other)) return a;
  }
  return -1;
}

static int definite_at(const cdoc *c, const aref *r) {
  return r->tok > 0 && (cd_is(c, r->tok - 1, "the") || cd_is(c, r->tok - 1, "this") || cd_is(c, r->tok - 1, "these"));
}

/* "separatist gunmen" in Cameroon, "bandits" in Nigeria: a word of the phrase names a kind of
 * armed group (by the actor's kind, or a word of its name), and the country where the act
 * happens has exactly one of that kind */
static const struct { const char *stem; uint8_t kind; } KIND_WORDS[] = {
    {"separatist", SR_KIND_SEPARATIST}, {"secessionist", SR_KIND_SEPARATIST}, {"jihadi", SR_KIND_JIHADIST},
    {"islamist", SR_KIND_JIHADIST},     {"bandit", 0}, {"pirate", 0}, {"cartel", 0}, {"gang", 0}, {"maoist", 0}};

static int name_has(const cdoc *c, const sr_lex_actor *x, const char *stem) {
  const char *n = sr_lex_str(c->lx, x->name);
  size_t sl = strlen(stem);
  for (const char *p = n; *p; p++)
    if ((p == n || p[-1] == ' ' || p[-1] == '(') && !strncasecmp(p, stem, sl)) return 1;
  return 0;
}

static int32_t theatre_kind(const cdoc *c, int32_t k, int32_t place, int32_t other) {
  const sr_chunk *x = &c->p.ch[k];
  int w = -1;
  for (uint32_t i = x->b; i < x->e && w < 0; i++)
    for (size_t j = 0; j < sizeof KIND_WORDS / sizeof KIND_WORDS[0] && w < 0; j++)
      if (!strncmp(cd_fold(c, i), KIND_WORDS[j].stem, strlen(KIND_WORDS[j].stem))) w = (int)j;
  int32_t ki = w >= 0 ? event_country(c, place) : -1;
  const sr_lex_country *co = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
  if (!co) return -1;
  int32_t found = -1;
  for (uint32_t a = 0; a < sr_lex_nactors(c->lx); a++) {
    const sr_lex_actor *y = sr_lex_actor_at(c->lx, a);
    if (strncmp(y->cc, co->cc, 2) || (int32_t)a == other) continue;
    if (KIND_WORDS[w].kind ? y->kind != KIND_WORDS[w].kind : !name_has(c, y, KIND_WORDS[w].stem)) continue;
    if (found >= 0) return -1; /* two of a kind: the word does not tell which */
    found = (int32_t)a;
  }
  return found;
}

/* NP k is described by a participle or relative clause of protest ("students marching on
 * the parliament", "villagers who were protesting") */
static int protesting(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  for (uint32_t j = (uint32_t)k + 1; j < c->p.sent_ch[x->sent + 1] && j < (uint32_t)k + 4; j++) {
    const sr_chunk *v = &c->p.ch[j];
    if (v->kind != SR_CH_VG) continue;
    const sr_clause *cl = v->clause >= 0 ? &c->p.cl[v->clause] : NULL;
    if (!cl || cl->anchor != k || c->trig[j] < 0) return 0;
    /* "students occupying the building": people who occupy a place hold a sit-in */
    if (!strncmp(sr_lex_str(c->lx, c->lm[c->trig[j]].act->pattern), "occupy", 6)) return 1;
    return !strncmp(c->lm[c->trig[j]].act->cameo, "14", 2);
  }
  return 0;
}

/* "rebels", "insurgents", "opposition fighters" with no named group in the report: the
 * country's generic armed opposition, where the actor dictionary names one (generic=armed) */
static int32_t generic_armed(const cdoc *c, const aref *r, int32_t place, int32_t other) {
  int found = 0; /* the role word, after a determiner or an adjective ("the rebels", "armed insurgents") */
  for (uint32_t i = r->tok; i < c->t->ntok && i < r->tok + 3 && !found; i++) {
    const char *w = cd_fold(c, i);
    found = !strncmp(w, "rebel", 5) || !strncmp(w, "insurgent", 9) || !strncmp(w, "opposition", 10);
  }
  if (!found) return -1;
  int32_t ki = event_country(c, place);
  const sr_lex_country *co = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
  if (!co) return -1;
  for (uint32_t a = 0; a < sr_lex_nactors(c->lx); a++) {
    const sr_lex_actor *y = sr_lex_actor_at(c->lx, a);
    if ((y->pad2[0] & SR_ACTOR_GENERIC) && !strncmp(y->cc, co->cc, 2) && (int32_t)a != other) return (int32_t)a;
  }
  return -1;
}

/* the speaker NP of the clause NP k opens as subject: "The army said it ...", "X said its
 * fighters had ..." (the NP is the first phrase of a complement of a verb of saying), -1 */
static int32_t speaker_of(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  if (x->clause < 0) return -1;
  const sr_clause *cl = &c->p.cl[x->clause];
  if (cl->kind != SR_CL_COMP || cl->parent < 0) return -1;
  uint32_t first = cl->b;
  if (cd_is(c, first, "that")) first++;
  if (x->b != first) return -1;
  for (uint32_t j = c->p.sent_ch[x->sent]; j < (uint32_t)k; j++) {
    const sr_chunk *v = &c->p.ch[j];
    if (v->kind == SR_CH_VG && v->clause == cl->parent && c->trig[j] >= 0 && c->lm[c->trig[j]].act->act == SR_ACT_SAY &&
        v->subj >= 0)
      return v->subj;
  }
  return -1;
}

int32_t cd_resolve_in(cdoc *c, int32_t k, int root, int target, int32_t other, int32_t place, int depth);

/* "Rebel fighters ambushed a convoy ..., a spokesman for the Chin National Army said": the
 * named armed group that speaks, in the sentence of NP k, for an act by unnamed fighters is
 * the one that fought (a group reports its own attacks; a state's spokesman is not taken) */
static int32_t speaking_group(cdoc *c, int32_t k, int32_t other, int32_t place) {
  const sr_chunk *x = &c->p.ch[k];
  /* the object of the act k is the subject of, as resolved (the source is resolved first) */
  int32_t obj = -1;
  for (uint32_t j = c->p.sent_ch[x->sent]; j < c->p.sent_ch[x->sent + 1] && obj < 0 && other < 0; j++)
    if (c->p.ch[j].kind == SR_CH_VG && c->p.ch[j].subj == k && c->p.ch[j].obj >= 0)
      obj = cd_resolve_in(c, c->p.ch[j].obj, 19, 1, -1, place, 1);
  if (other < 0) other = obj;
  /* (not the target under the name it has on the report's day: "Afghan police" in 2024 are
   * the Taliban's, whose spokesman reports an attack on them) */
  int32_t day = c->date ? cd_parse_iso(c->date) : -1;
  int32_t other_now = day >= 0 ? cd_successor(c, other, day) : other;
  for (uint32_t j = c->p.sent_ch[x->sent]; j < c->p.sent_ch[x->sent + 1]; j++) {
    const sr_chunk *v = &c->p.ch[j];
    if (v->kind != SR_CH_VG || c->trig[j] < 0 || c->lm[c->trig[j]].act->act != SR_ACT_SAY) continue;
    if (v->subj < 0 || v->subj == k || (v->feat & SR_VG_NEG)) continue;
    int32_t a = cd_resolve_in(c, v->subj, 1, 0, other, place, 1);
    if (a >= 0 && armed_actor(c, a, other) && a != other_now) return a;
  }
  return -1;
}

static int32_t resolve_ref(cdoc *c, int32_t k, const aref *r, int root, int target, int32_t other, int32_t place) {
  switch (r->kind) {
  case RK_NAMED:
    if (cd_actor_kind(c, r->actor) == SR_KIND_MEDIA) return -1;
    /* "students marched", "women protested", "students marching on parliament": civilians
     * who protest are protesters */
    if (cd_actor_kind(c, r->actor) == SR_KIND_CIV && ((root == 14 && !target) || protesting(c, k)))
      return code_id(c, "PROTESTERS");
    return r->actor;
  case RK_STATE:
    return cd_state_actor(c, r->country, r->role, root);
  case RK_AGENT:
    switch (r->role) {
    case SR_ROLE_CIV:
      /* "shot dead by men on a motorcycle": people who attack are armed men nobody names (a mob
       * or villagers stay civilians: their violence is a riot) */
      if (!target && root >= 18 && !(cd_wf(c, c->p.ch[k].head) & SR_W_MOB)) return code_id(c, "UNKNOWN");
      return code_id(c, root == 14 || protesting(c, k) ? "PROTESTERS" : "CIV");
    case SR_ROLE_PROTEST:
      /* "a suicide bomber struck crowds": a crowd hit by armed men is civilians; protesters
       * are a crowd the state represses or one that protests */
      if (target && root >= 18 && (cd_wf(c, c->p.ch[k].head) & SR_W_MOB) && !protesting(c, k)) return code_id(c, "CIV");
      return code_id(c, "PROTESTERS");
    case SR_ROLE_MEMBER: return -1;
    case SR_ROLE_UNKNOWN: {
      /* "struck back at the attackers": the attackers just told */
      if (definite_at(c, r)) {
        int32_t a = antecedent(c, k, 2, force_actor, other);
        if (a >= 0) return a;
      }
      int32_t tk = theatre_kind(c, k, place, other);
      if (tk >= 0) return tk;
      /* "vowed to hunt down those responsible" after a claimed attack: the claimer */
      if (target && c->claimer >= 0 && c->claimer != other) return c->claimer;
      return target ? -1 : code_id(c, "UNKNOWN");
    }
    case SR_ROLE_ARMED: {
      int32_t a = antecedent_in(c, k, 12, armed_actor, other, AN_PP);
      if (a < 0 && c->t->sent[c->p.ch[k].sent].headline) a = headline_forward(c, k, other);
      if (a < 0 && !target && root >= 18) a = speaking_group(c, k, other, place);
      if (a < 0) a = theatre_kind(c, k, place, other);
      if (a < 0) a = generic_armed(c, r, place, other);
      if (a >= 0) return a;
      return target ? -1 : code_id(c, "UNKNOWN");
    }
    default: { /* mil, police, gov */
      /* "peacekeepers", "blue helmets": the UN mission of the theatre (emit.c) */
      if (r->role == SR_ROLE_MIL && (!strncmp(cd_fold(c, r->tok), "peacekeep", 9) || cd_is(c, r->tok, "blue")))
        return code_id(c, "UN");
      /* "Turkish tanks rolled in ... and within hours the force had driven IS out": a definite
       * "the force", "the troops" points back to the last named force */
      if (r->role == SR_ROLE_MIL && definite_at(c, r)) {
        /* "the army", "the military" is a state's; an agency or mission quoted before is not */
        int army = cd_is(c, r->tok, "army") || cd_is(c, r->tok, "military");
        /* ("Russian jets struck Idlib ... the insurgents seized Saraqib from the army": planes
         * are no army) */
        int32_t a = antecedent_in(c, k, 1, army ? state_force : force_actor, other, army ? AN_PP | AN_FORCE : AN_PP);
        if (a >= 0 && !cd_nonstate_armed(cd_actor_kind(c, a))) return a;
      }
      /* "troops raided Jenin": unnamed soldiers in a country where another state's forces act
       * are those forces (data: bare= in countries.txt) */
      int32_t ki = event_country(c, place);
      const sr_lex_country *co = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
      if (co && co->bare >= 0 && r->role == SR_ROLE_MIL && co->bare != other) return co->bare;
      return cd_state_actor(c, ki, r->role, root);
    }
    }
  case RK_PRON: {
    /* "the army said it was investigating", "Hezbollah said its fighters ...": the subject
     * pronoun or possessive of a reported clause is its speaker */
    int32_t sp = speaker_of(c, k);
    if (sp >= 0 && sp != k) {
      int32_t a = cd_resolve_in(c, sp, root, 0, other, place, 1);
      uint8_t kd = cd_actor_kind(c, a);
      if (a >= 0 && a != other && kd != SR_KIND_MEDIA && kd != SR_KIND_CIV && kd != SR_KIND_UNKNOWN) return a;
    }
    /* "as the SDF kept its siege": a possessive right after its owner and a verb */
    uint32_t sb = c->t->sent[c->p.ch[k].sent].tok_begin;
    if (c->p.tag[r->tok] == SR_T_PRPS && r->tok > sb) {
      const sr_chunk *v = cd_chunk_at(c, r->tok - 1);
      if (v && v->kind == SR_CH_VG && v->subj >= 0) {
        int32_t a = known_actor(c, v->subj);
        if (a >= 0 && a != other && cd_actor_kind(c, a) != SR_KIND_MEDIA) return a;
      }
    }
    int32_t a = antecedent(c, k, 3, target ? target_actor : any_actor, other);
    /* a state named before: in a verbal act its government */
    if (a >= 0 && verbal(root)) {
      uint8_t kd = cd_actor_kind(c, a);
      if (kd == SR_KIND_STATE_MIL)
        for (uint32_t ci = 0; ci < sr_lex_ncountries(c->lx); ci++) {
          const sr_lex_country *co = sr_lex_country_at(c->lx, ci);
          if (co->mil == a && co->gov >= 0) return co->gov;
        }
    }
    return a;
  }
  }
  return -1;
}

/* a word for ships, aircraft or guns that fight ("Navy vessels shelled"), not a vehicle that
 * is hit ("a police vehicle struck an IED") */
static int armed_platform(const cdoc *c, uint32_t h) {
  static const char *const W[] = {"vessels", "vessel", "ships", "warships", "warship", "gunboats", "boats",
                                  "aircraft", "jets", "helicopters", "gunships", "tanks", "artillery", NULL};
  for (int i = 0; W[i]; i++)
    if (cd_is(c, h, W[i])) return 1;
  return 0;
}

/* is token i a capital's name used as a word before a noun ("the Ouagadougou conference
 * centre", "a Kabul hotel"), not its possessive ("Kabul's police")? */
static int capital_modifier(const cdoc *c, uint32_t i) {
  if (i + 1 >= c->t->ntok || (c->t->tok[i + 1].flags & SR_TOK_POSS)) return 0;
  for (uint32_t q = c->lm_at[i]; q < c->lm_at[i + 1]; q++)
    if (c->lm[q].type == SR_ENT_CAPITAL) return 1;
  return 0;
}

/* the actor that owns thing-NP k (possessor, "loyal to X", reduced relative, relative of
 * holding, modifier, of-phrase), -1 */
static int32_t owner_of(cdoc *c, int32_t k, int root, int32_t other, int32_t place, int depth) {
  npinfo *n = &c->np[k];
  if (n->owner >= 0 && depth < 4) {
    int32_t a = cd_resolve(c, n->owner, root, 1, other);
    if (a >= 0) return a;
  }
  if (n->ref.kind != RK_NONE && !(n->ref.adj == 2 && !n->military && n->hc != HC_PLACE)) {
    int32_t a = resolve_ref(c, k, &n->ref, root, 1, other, place);
    if (a >= 0) return a;
  }
  if (n->ofc >= 0 && depth < 4) {
    npinfo *o = &c->np[n->ofc];
    if (o->hc == HC_ACTOR || o->hc == HC_QUANT || o->hc == HC_THING) return cd_resolve(c, n->ofc, root, 1, other);
  }
  return -1;
}

int32_t cd_resolve_in(cdoc *c, int32_t k, int root, int target, int32_t other, int32_t place, int depth);

/* who holds the place NP k names: "the rebel-held village (of X)", "army-held Wad Madani"; -1 */
int32_t cd_holder(cdoc *c, int32_t k, int root, int32_t other, int32_t place) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return -1;
  const sr_chunk *x = &c->p.ch[k];
  /* "Halfaya" in "the rebel-held village of Halfaya": the phrase it is the of-phrase of */
  if (c->np[k].ref.adj != 2 && x->prep >= 0 && c->p.sym[x->prep] == SR_S_OF && x->attach >= 0 &&
      c->p.ch[x->attach].kind == SR_CH_NP && c->np[x->attach].ref.adj == 2)
    k = x->attach;
  npinfo *n = &c->np[k];
  if (n->ref.kind == RK_NONE || n->ref.adj != 2) return -1;
  return resolve_ref(c, k, &n->ref, root, 1, other, place);
}

int32_t cd_resolve(cdoc *c, int32_t k, int root, int target, int32_t other) {
  return cd_resolve_in(c, k, root, target, other, -1, 0);
}

int32_t cd_resolve_in(cdoc *c, int32_t k, int root, int target, int32_t other, int32_t place, int depth) {
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP || depth > 6) return -1;
  npinfo *n = &c->np[k];
  int32_t a = -1;
  switch (n->hc) {
  case HC_ACTOR:
    /* "members of Daesh", "the army of Damascus", "fighters loyal to X": the phrase after
     * a role word names the actor */
    if ((n->ref.kind == RK_AGENT && n->ref.role != SR_ROLE_CIV && n->ref.role != SR_ROLE_PROTEST) ||
        (n->ref.kind == RK_NAMED && cd_actor_kind(c, n->ref.actor) == SR_KIND_UNKNOWN)) {
      if (n->owner >= 0) a = cd_resolve_in(c, n->owner, root, target, other, place, depth + 1);
      /* "gunmen suspected to be Fulani herders attacked": armed men said to be of a people or a
       * trade are not those civilians; the armed role word decides */
      if (a >= 0 && !target && root >= 18 && cd_actor_kind(c, a) == SR_KIND_CIV) a = -1;
      if (a < 0 && n->ofc >= 0 && (c->np[n->ofc].hc == HC_ACTOR || c->np[n->ofc].hc == HC_QUANT)) {
        const npinfo *o = &c->np[n->ofc];
        if (o->hc == HC_ACTOR && o->ref.kind == RK_STATE) a = cd_state_actor(c, o->ref.country, n->ref.role, root);
        else a = cd_resolve_in(c, n->ofc, root, target, other, place, depth + 1);
      }
    }
    /* "Islamic State's Libyan branch", "al-Qaeda's Yemeni affiliate": a part of a named group
     * is that group; its country word says where it works */
    if (a < 0 && n->ref.kind == RK_STATE && n->owner >= 0 && (cd_wf(c, c->p.ch[k].head) & SR_W_SUBUNIT) &&
        c->np[n->owner].ref.kind == RK_NAMED)
      a = cd_resolve_in(c, n->owner, root, target, other, place, depth + 1);
    if (a < 0) a = resolve_ref(c, k, &n->ref, root, target, other, place);
    break;
  case HC_QUANT:
    a = n->ofc >= 0 ? cd_resolve_in(c, n->ofc, root, target, other, place, depth + 1) : -1;
    break;
  case HC_PERSON:
    a = target ? code_id(c, "CIV") : root == 14 ? code_id(c, "PROTESTERS") : -1;
    if (!target && root == 14) break; /* "relatives of missing soldiers held a rally" */
    if (n->owner >= 0 || n->ref.kind == RK_NAMED) { /* "a Hamas commander's bodyguards" */
      int32_t o = owner_of(c, k, root, other, place, depth + 1);
      if (o >= 0 && cd_actor_kind(c, o) != SR_KIND_CIV) a = o;
    }
    break;
  case HC_THING:
    if (target && (cd_wf(c, c->p.ch[k].head) & SR_W_CIVTHING) && !n->military &&
        !(n->owner >= 0 && c->np[n->owner].hc == HC_ACTOR)) { /* "a tanker", "a bus" (not "a bus carrying soldiers") */
      a = code_id(c, "CIV");
      break;
    }
    /* "the Saudi Teaching Hospital", "a Turkish school": a place of civilian life named by a
     * nationality is its people's, not that state's forces' */
    if (target && (cd_wf(c, c->p.ch[k].head) & SR_W_CIVPLACE) && !n->military && n->ref.kind == RK_STATE &&
        !(n->owner >= 0 && c->np[n->owner].hc == HC_ACTOR)) {
      a = code_id(c, "CIV");
      break;
    }
    /* "struck Ukraine's energy infrastructure", "hit a Saudi oil facility": a civilian
     * installation hit names no actor, unless a named group owns it ("a Hezbollah fuel depot") */
    if (target && n->infra && n->ref.kind != RK_NAMED &&
        !(n->owner >= 0 && c->np[n->owner].hc == HC_ACTOR && c->np[n->owner].ref.kind == RK_NAMED))
      break;
    /* "Navy vessels shelled", "army tanks fired": a state's force named by its role word */
    if (!target && n->owner < 0 && n->ref.kind == RK_AGENT && (n->ref.role == SR_ROLE_MIL || n->ref.role == SR_ROLE_POLICE) &&
        armed_platform(c, c->p.ch[k].head)) {
      a = resolve_ref(c, k, &n->ref, root, target, other, place);
      break;
    }
    /* "a Hezbollah depot", "the army's posts", "an army checkpoint" (the role word gives the
     * forces of the country it is in); a bare "the base" names nobody. As a source, only a
     * named owner acts through its thing: "HTS's security apparatus detained ..." */
    /* "the militant group", "the jihadist organisation": an armed anaphor whose head is no
     * actor word still points back to the armed group named before */
    if (n->owner < 0 && n->ref.kind == RK_AGENT && n->ref.role == SR_ROLE_ARMED && n->definite) {
      a = resolve_ref(c, k, &n->ref, root, target, other, place);
      break;
    }
    if (!target && !(n->owner >= 0 || n->ref.kind == RK_NAMED || n->ref.kind == RK_STATE)) break;
    /* a thing hit or taken with a capital's name before it says where it is, not whose it is
     * ("captured the Ouagadougou conference centre in Sirte"); a military thing ("a Kabul army
     * base") and an institution that acts ("a Moscow court sentenced") stay the state's */
    if (target && n->owner < 0 && n->ref.kind == RK_STATE && !n->military && n->ref.tok < c->p.ch[k].head &&
        capital_modifier(c, n->ref.tok))
      break;
    a = owner_of(c, k, root, other, place, depth + 1);
    break;
  case HC_WEAPON:
    a = owner_of(c, k, root, other, place, depth + 1); /* the attacker's, or the one shot down */
    break;
  case HC_EVENT:
    if (!target) a = owner_of(c, k, root, other, place, depth + 1);
    break;
  default:
    break;
  }
  /* "Kim Yo Jong, the sister of North Korea's leader, warned": a name the dictionary does not
   * know speaks for the side its apposition names */
  if (a < 0 && !target && (n->hc == HC_PERSON || (n->hc == HC_THING && (c->p.ch[k].feat & SR_NP_PROPER))) &&
      c->p.ch[k].appos >= 0 && (c->np[c->p.ch[k].appos].hc == HC_PERSON || c->np[c->p.ch[k].appos].hc == HC_ACTOR)) {
    int32_t ap = c->p.ch[k].appos;
    int32_t o = cd_resolve_in(c, ap, root, 0, other, place, depth + 1);
    /* "the sister of X's leader", "a spokesman for X": the person's side is the of-phrase's */
    if (o < 0 && c->np[ap].hc == HC_PERSON && c->np[ap].ofc >= 0)
      o = cd_resolve_in(c, c->np[ap].ofc, root, 0, other, place, depth + 1);
    uint8_t kd = cd_actor_kind(c, o);
    if (o >= 0 && kd != SR_KIND_CIV && kd != SR_KIND_MEDIA && kd != SR_KIND_UNKNOWN) a = o;
  }
  if (a >= 0) n->resolved = a;
  return a;
}
