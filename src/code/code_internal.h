/* code_internal.h - the coder's working state for one document, shared by its stages:
 *
 *   scan.c        lexicon matches per token; the names the tagger must keep whole
 *   (syntax)      sr_syn_parse: tags, chunks, clauses, relations (src/syntax/)
 *   mentions.c    what each noun phrase refers to (an actor, a person, a thing and its
 *                 owner, a weapon, an event) and the action triggers at chunk heads
 *   places*.c     place names, their gazetteer candidates and resolution (geoparsing)
 *   focus.c       the document's focus country
 *   entities.c    actor resolution and coreference (pronouns, descriptions, states)
 *   events.c      event frames: source and target from the grammatical relations
 *   factuality.c  negation, modality, plans, threats, denials, background, history
 *   incidents.c   one event per incident; the document pass (claims, headlines, blame)
 *   dates.c       time expressions and the date of each event
 *   casualties.c  deaths and injured per incident
 *   emit.c        sr_event records (theatre codes, locations, explain traces)
 *   acled.c       the ACLED type and sub-type of an event in its report
 *   code.c        the driver (sr_code_text, sr_code_places)
 * Everything lives in the document's arena.
 */
#ifndef SITREP_CODE_INTERNAL_H
#define SITREP_CODE_INTERNAL_H
#include "sitrep/code.h"
#include "sitrep/syntax.h"

#include <stdio.h>
#include <string.h>

/* one lexicon match */
typedef struct lexm {
  uint32_t tok;   /* first token */
  uint16_t span;  /* tokens covered (may step over adverbs) */
  uint8_t type;   /* SR_ENT_* */
  uint8_t pad;
  uint32_t val;   /* actor, role, country or action index */
  uint16_t flags; /* entry flags (SR_AF_PART/ING for actions) */
  const sr_lex_action *act; /* actions */
} lexm;

/* what a token is part of (cdoc.tokm) */
enum { TK_NONE = 0, TK_ACTOR, TK_VERB, TK_NOUNTRIG };

/* what a noun phrase is */
enum {
  HC_NONE = 0,
  HC_ACTOR,  /* names or stands for an actor: "the Syrian army", "IS fighters", "they" */
  HC_PERSON, /* unnamed people: "farmers", "a teacher", "three children" */
  HC_WEAPON, /* ordnance: "a rocket", "drones", "an IED" */
  HC_EVENT,  /* an event noun trigger: "an attack", "air strikes" */
  HC_PLACE,  /* a place name */
  HC_QUANT,  /* a quantity with an of-phrase: "dozens of fighters", "one of the soldiers" */
  HC_THING   /* anything else: "army posts", "a market", "the base" */
};
/* kinds of actor reference */
enum { RK_NONE = 0, RK_NAMED, RK_STATE, RK_AGENT, RK_PRON };

typedef struct aref {
  uint8_t kind;     /* RK_* */
  uint8_t role;     /* SR_ROLE_* (agents, states) */
  uint8_t adj;      /* a bare country adjective ("Russian") */
  uint8_t plural;   /* pronoun they/them/their */
  int32_t actor;    /* named actor index, -1 */
  int32_t country;  /* country index, -1 */
  uint32_t tok;     /* first token of the reference */
} aref;

typedef struct npinfo {
  uint8_t hc;         /* HC_* */
  uint8_t definite;   /* the/this/possessor */
  uint8_t military;   /* a military thing: base, post, convoy, checkpoint, position */
  uint8_t speaker;    /* the subject of a verb of saying (not an actor of what is said) */
  uint8_t civilian;   /* people or places of civilians: homes, market, villagers */
  uint8_t infra;      /* a civilian installation: power plant, refinery, fuel depot, storage tanks */
  uint8_t pad[2];
  aref ref;           /* the actor it names or stands for (HC_ACTOR), or its modifier actor */
  aref ref2;          /* a coordinated modifier before it ("Ethiopian and Eritrean troops"), kind 0 none */
  int32_t ofc;        /* the of-phrase NP after it ("members of Daesh"), -1 */
  int32_t owner;      /* NP that owns it: possessor, "belonging to X", "held by X", -1 */
  int32_t place;      /* place index when it names a place, -1 */
  int32_t trigger;    /* lexm index of a noun trigger at its head, -1 */
  int32_t resolved;   /* actor index after resolution, -1 (set lazily; -2 = not yet) */
} npinfo;

/* a resolved place */
typedef struct dplace {
  uint32_t b, e, sent, para;
  sr_place p;
  double lat, lon;
  const char *prec;   /* "place", "near", "admin1", "country" */
  const char *name;
  char cc[3];
  const char *admin1;
  uint32_t geonameid;
  double km, bearing; /* "N km DIR of X": offset applied (km 0 none); bearing -1 none */
  int ok;
  const char *why;    /* --explain: candidates and why this one won */
  int container;      /* named as the area holding the place before it */
  int road;           /* an end of a road named by its ends ("the Kabul-Kandahar highway") */
} dplace;

/* a place-name candidate span (places_find.c -> places_resolve.c) */
typedef struct pcand {
  uint32_t b, e;
  uint32_t idx[16];
  int n;
  int cue;      /* locative context */
  int admin;    /* "X province" */
  uint32_t ob, oe; /* byte span in the text */
  int weak;     /* no cue: only a sizeable town in the focus country */
  char hint[3]; /* country named right before ("the Lebanese city of Tripoli") */
  char in[3];   /* container named right after: "X in Y", "X, Y" (country of Y) */
  char in_a1[21]; /* ... and its admin1 code when Y is an admin1 area ("" for a country) */
  int fallback; /* X is not in the gazetteer inside Y: resolved to Y itself */
  int container; /* this span is the Y of such a pair */
  int road;      /* an end of a road named by its ends: a place only when no other is named */
  char scc[3];   /* a country named elsewhere in the sentence ("... Lebanon's second city"),
                    filled by cd_need_scc only when the candidates lie in several countries */
  uint32_t si;   /* its sentence */
  int own_town;  /* a sizeable town among the candidates has the span as its own name */
} pcand;

/* an event candidate before incidents are merged and records written */
typedef struct cevent {
  uint32_t sent, para;
  int32_t trig;       /* lexm index of the trigger */
  int32_t chunk;      /* trigger's chunk */
  int32_t src, tgt;   /* actor indexes, -1 */
  int32_t src_np, tgt_np;
  int32_t place;
  char cameo[5];
  float conf;
  uint8_t noun;       /* nominal trigger */
  uint8_t tail;       /* a participial tail of an earlier event */
  uint8_t dead;       /* merged into another or dropped */
  uint8_t agentless;  /* a violent act with nobody named (UNKNOWN source) */
  uint8_t borrowed;   /* a passive violent act given the previous act's source ("... 21 people were killed") */
  uint8_t unknown_cause; /* an explosion or blast nobody is named for (no attack unless claimed) */
  int32_t parent;     /* the event this one tells more of, -1 */
  int32_t fatal, hurt; /* deaths and injured of its incident (casualties.c), -1 not said */
  int32_t before;     /* an event written just before this one (a protest it met), -1 */
  uint8_t companion;  /* written only before the event that names it */
  char cc[3];         /* with place -1: the country it happened in ("" = the focus country) */
  const char *why;
} cevent;

/* a time expression (dates.c) */
typedef struct timex {
  uint32_t b, e, sent;  /* token span and sentence */
  int32_t clause;       /* its clause, -1 */
  int32_t day;          /* days since 1970-01-01 */
  uint8_t prec;         /* ACLED time precision: 1 day, 2 week, 3 month */
  uint8_t bound;        /* bounds a period ("since March"): dates no event */
} timex;
#define SR_CODE_MAX_TIMEX 4096

typedef struct cdoc {
  const sr_lex *lx;
  const sr_gaz *gz;
  const sr_syn *syn;
  sr_arena *a;
  const sr_text *t;
  const sr_code_opts *opts;
  sr_parse p;
  uint64_t *wf;        /* word flags per token */
  /* lexicon matches */
  lexm *lm;
  uint32_t nlm;
  uint32_t *lm_at;     /* [ntok + 1] first match of each token (matches sorted by token) */
  uint8_t *mark;       /* [ntok] name marks for the tagger */
  /* actor references found in noun phrases (for the focus vote) */
  aref *refs;
  uint32_t nref, cref;
  /* noun phrases and triggers */
  npinfo *np;          /* [nch], valid for NP chunks */
  int32_t *trig;       /* [nch] lexm index of the chunk's action trigger (verb or noun), -1 */
  uint8_t *tokm;       /* [ntok] TK_*: actor reference or trigger tokens */
  /* places */
  dplace *pl;
  uint32_t npl, cpl;
  int32_t *tokp;       /* [ntok] place index + 1, 0 none */
  char focus[3];
  int32_t focus_country;
  struct cd_fname *fnames; /* [CD_FNAMES] folded gazetteer names met in this document (a cache) */
  uint32_t scc_sent;   /* sentence (1-based) whose named country is cached in scc */
  char scc[3];
  /* events */
  cevent *ce;
  uint32_t nce, cce;
  sr_event *ev;
  size_t nev, cev;
  int32_t claimer;     /* actor that claimed an attack told elsewhere in the document */
  const char *date;
  int year;
  /* time expressions (dates.c) */
  timex *tx;
  uint32_t ntx, ctx;
  int32_t anchor;      /* the report date's day number; without one the first full date, -1 */
  uint32_t nsent;      /* sentences coded (the rest past the caps are left) */
  int debug;
} cdoc;

/* ---- shared helpers (code.c) */
static inline const char *cd_fold(const cdoc *c, uint32_t i) { return sr_tok_fold(c->t, i); }
static inline int cd_is(const cdoc *c, uint32_t i, const char *w) {
  uint32_t fl = c->t->tok[i].flen;
  const char *f = cd_fold(c, i);
  /* the first letter first: most words differ there, and a word from a list (not a literal)
   * then needs no strlen */
  if (w[0] && (fl == 0 || f[0] != w[0])) return 0;
  size_t n = strlen(w);
  return fl == n && memcmp(f, w, n) == 0;
}
static inline uint64_t cd_wf(const cdoc *c, uint32_t i) { return c->wf[i]; }
static inline int cd_punct(const cdoc *c, uint32_t i, char ch) {
  return (c->t->tok[i].flags & SR_TOK_PUNCT) && cd_fold(c, i)[0] == ch;
}
/* the country event e happened in: its place's, else the one the coder gave it, else the focus */
static inline const char *cd_event_cc(const cdoc *c, const cevent *e) {
  return e->place >= 0 ? c->pl[e->place].cc : e->cc[0] ? e->cc : c->focus;
}
static inline sr_chunk *cd_chunk(const cdoc *c, int32_t k) { return k >= 0 ? &c->p.ch[k] : NULL; }
static inline sr_chunk *cd_chunk_at(const cdoc *c, uint32_t tok) {
  return tok < c->t->ntok && c->p.chunk_of[tok] >= 0 ? &c->p.ch[c->p.chunk_of[tok]] : NULL;
}
static inline npinfo *cd_np(const cdoc *c, int32_t k) {
  return k >= 0 && c->p.ch[k].kind == SR_CH_NP ? &c->np[k] : NULL;
}
uint8_t cd_actor_kind(const cdoc *c, int32_t a);
const char *cd_actor_code(const cdoc *c, int32_t a);
int cd_nonstate_armed(uint8_t kind);
/* the two-digit CAMEO root of a code ("190" -> 19) */
static inline int cd_root(const char *cameo) { return (cameo[0] - '0') * 10 + (cameo[1] - '0'); }

int cd_violent(const char *cameo);
/* NP np is a bare military, police or member role word ("soldiers", "5 policemen"; incidents.c) */
int cd_bare_role(const cdoc *c, int32_t np);
/* NP k names ordnance or arms ("drones", "a cache of rifles"; events.c) */
int cd_ordnance_np(const cdoc *c, int32_t k);
int cd_military_code(const char *cameo); /* 062, 074, 0872-0874: cooperation or concessions by forces */
double cd_km(double la1, double lo1, double la2, double lo2);
const char *cd_strdup(cdoc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- geoparsing (places_*.c, focus.c) */
/* a finite verb of saying starts at token i ("Ankara said", "Kyiv says"): lexicon matches and tags */
int cd_say_at(const cdoc *c, uint32_t i);
int cd_find_places(cdoc *c, uint32_t si, pcand *out, int max);
int cd_filter_abroad(cdoc *c, pcand *pc);
void cd_need_scc(cdoc *c, pcand *pc);
int cd_conflict_country(const char *cc);
/* NP j names a force on the side of an act in its own sentence: the agent of "backed by X",
 * "alongside X", "with the help of X", or a co-subject (entities.c) */
int cd_ally_np(const cdoc *c, int32_t j);
/* the forces (role mil or police) or government (role gov, or a verbal act of root) of
 * country index ki, -1 (entities.c) */
int32_t cd_state_actor(const cdoc *c, int32_t ki, int role, int root);
/* NP np holds a word for a mob or crowd acting on its own ("a mob", "vigilantes") (incidents.c) */
int cd_mob_np(const cdoc *c, int32_t np);
int cd_own_name(cdoc *c, const char *folded, const sr_place *p);
/* cd_own_name, or a spelling within a few letters of it ("jenin" for Janin), not a name that
 * only sounds alike ("bariire" for Bareilly) */
int cd_close_name(cdoc *c, const char *q, const sr_place *p);
void cd_offset_point(double lat, double lon, double km, double bearing, double *olat, double *olon);

/* ---- stages */
int cd_scan(cdoc *c);                       /* scan.c: lexicon matches, name marks */
int cd_mentions(cdoc *c);                   /* mentions.c: npinfo per NP, triggers, links */
void cd_mark_places(cdoc *c);               /* mentions.c: NPs that name resolved places */
int cd_places(cdoc *c, sr_place_mention **pm, size_t *npm); /* places_resolve.c: geoparse */
void cd_focus(cdoc *c, const void *cands, int ncands);      /* focus.c (cands: pcand[]) */
int cd_events(cdoc *c);                     /* events.c */
void cd_incidents(cdoc *c);                 /* incidents.c */
void cd_doc_pass(cdoc *c);                  /* incidents.c */
void cd_riots(cdoc *c); /* protesters' violence becomes a riot (145), after casualties */
int cd_dates(cdoc *c);                      /* dates.c: time expressions */
void cd_casualties(cdoc *c);                /* casualties.c: deaths and injured per incident */
int cd_emit_all(cdoc *c);                   /* emit.c */
/* acled.c: the ACLED type and sub-type of event e (source and target after theatre codes) */
void cd_acled(const cdoc *c, const cevent *e, int32_t src, int32_t tgt, const char **type, const char **sub);
int cd_inter(const cdoc *c, int32_t a, const char *cc, int32_t day); /* ACLED inter code of a in cc */
/* emit.c: the theatre's name of actor a in country cc ("Islamic State" in Nigeria is ISWAP,
 * Ugandan troops in Somalia the AU mission); groups_only: armed groups' branches only */
int32_t cd_theatre_actor(const cdoc *c, int32_t a, const char *cc, int groups_only);
/* emit.c: the actor acting in a's name on day `day` (data: after=CODE@DATE), else a */
int32_t cd_successor(const cdoc *c, int32_t a, int32_t day);

/* dates.c: the date of event e (day number, -1 none) and its ACLED time precision (0 none) */
void cd_event_date(const cdoc *c, const cevent *e, int32_t *day, int *prec);
/* ... and *told = 1 when the date comes from the text (0: the report date) */
void cd_event_date_ex(const cdoc *c, const cevent *e, int32_t *day, int *prec, int *told);
void cd_day_civil(int32_t z, int *y, int *m, int *d);
int32_t cd_parse_iso(const char *s);          /* "YYYY-MM-DD" -> day number, -1 */
void cd_day_iso(int32_t z, char out[11]);
/* casualties.c: the number at token i ("1,200", "twenty-five", "a dozen", "dozens"), -1 none */
long cd_number_at(const cdoc *c, uint32_t i, uint32_t end, uint32_t *e);

/* factuality.c: 1 when the trigger of chunk k is no real act (why says what it is); *plan = 1
 * when it is planned or announced (the caller recodes: 15, 03) */
int cd_fact(cdoc *c, int32_t k, int root, int *plan, const char **why);

/* entities.c: the actor NP np stands for in an event of CAMEO root `root` (target = 1 in the
 * target slot; other = the actor of the other slot, never chosen; place = the event's place,
 * for unnamed forces), -1 */
int32_t cd_resolve(cdoc *c, int32_t np, int root, int target, int32_t other);
int32_t cd_resolve_in(cdoc *c, int32_t np, int root, int target, int32_t other, int32_t place, int depth);

/* events.c / events_more.c */
int cd_add_event(cdoc *c, int32_t chunk, int32_t trig, int32_t src, int32_t tgt, int32_t src_np, int32_t tgt_np,
                 const char *cameo, int32_t place, float conf, const char *why);
int32_t cd_default_target(cdoc *c, int32_t k, int32_t t, const char **cameo, int32_t src, int32_t tgt, int32_t tgt_np,
                          int32_t place);
void cd_more_events(cdoc *c, uint32_t first, int32_t k, const sr_lex_action *a, int32_t src_np, int32_t tgt_np,
                    int passive);
int32_t cd_told_by(cdoc *c, int32_t k, int root, int32_t place);

/* roles.c */
int32_t cd_pp_after(const cdoc *c, int32_t k, const char *const *preps, int stop_at_verb);
int32_t cd_np_after_tok(const cdoc *c, uint32_t tok);
int32_t cd_target_pp(const cdoc *c, int32_t v, int tgtby);
int32_t cd_between(const cdoc *c, int32_t k);
int32_t cd_noun_agent(const cdoc *c, int32_t k, int allow_from);
int32_t cd_noun_target(const cdoc *c, int32_t k, int of_target);
int cd_supporters(const cdoc *c, int32_t v, int32_t s, int32_t *out, int max);
/* NP j is a supporting force by its phrase: "alongside X", "with the help/support/backing of|from X" (roles.c) */
int cd_ally_pp(const cdoc *c, int32_t j);
int cd_members(const cdoc *c, int32_t s, int32_t *out, int max);

/* places_event.c */
int32_t cd_event_place(cdoc *c, int32_t chunk, int32_t src_np, int moving);
int32_t cd_place_holder(cdoc *c, int32_t place);
/* who holds place NP k by its control adjective ("the rebel-held village of X"), -1 */
int32_t cd_holder(cdoc *c, int32_t k, int root, int32_t other, int32_t place);
/* where a statement or a visit at verb or noun chunk k was made ("said in X", "the ministry in
 * X said", "arrived in X" with visit), -1 */
int32_t cd_statement_place(cdoc *c, int32_t k, int32_t src_np, int visit);
const char *cd_actor_cc(const cdoc *c, int32_t a); /* a state's or a theatre actor's country, "" */
void cd_place_list(cdoc *c, uint32_t first, int32_t k);

#endif
