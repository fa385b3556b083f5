/* src/store/situation_internal.h - the situation picture's working state, shared by its
 * analysis (situation.c: load, place groups, facts, control, movements) and its rendering
 * (situation_render.c: text, JSON, GeoJSON and GIS layers). Not installed. */
#ifndef SITREP_SITUATION_INTERNAL_H
#define SITREP_SITUATION_INTERNAL_H
#include "sitrep/store.h"

#define SIT_MAX_EVENTS 200000 /* events loaded per situation */
#define SIT_PLACE_KM 5.0      /* names closer than this form one place group (one town's spellings
                                 and quarters; neighbouring towns 6-10 km apart stay apart) */
#define SIT_MOVE_KM 30.0      /* a movement spans at least this */
#define SIT_MOVE_MAX_KM 300.0 /* ... and at most this: one actor's reports further apart are two fronts */
#define SIT_MOVE_DAYS 14      /* ... within this many days (300 km in 14 days: a column's pace, not a
                                 flight; reports further apart in time are not one movement) */
#define SIT_MOVE_TRIES 256    /* arrivals read for a mention of the departure's place, per departure */
#define SIT_SEQ_PLACES 2      /* date-only sightings ("reported at A, at B") for an actor seen at no
                                 more places in the window: one seen at three is on a front */
#define SIT_LAST_EVENTS 5     /* last events listed per area */
#define SIT_MAX_FACTS 12      /* fact lines per area */
#define SIT_QUOTE 220         /* evidence quoted up to this many bytes */

enum { R_ATTACK, R_SIEGE, R_CAPTURE, R_ADVANCE, R_WITHDRAW, R_LEAVE, R_MOVE, R_ARREST, R_OTHER };

typedef struct sev {
  int64_t id;
  const char *date, *src, *srcn, *tgt, *tgtn, *cameo, *loc, *cc, *admin1, *prec, *evid;
  double lat, lon;
  int has_loc, nrep, ndoc;
  int src_inter, tgt_inter; /* ACLED inter codes, 0 unknown */
  int remote;               /* shelling, air or drone strike, missile: the actor need not be there */
  int backer;               /* its source is named as a backer in its evidence (situation_control.c) */
  int rel, area, place;
  const char *disp; /* the place's spelling shown (situation_names.c), arena */
  const char *dir; /* heading from the evidence ("west"), static, NULL when none */
} sev;

typedef struct splace {
  const char *name;  /* the English/ASCII name shown ("Hama"); arena */
  const char *local; /* the gazetteer's spelling when it differs ("Ḩamāh"), else NULL */
  const char *gname; /* the gazetteer's spelling of the group's main name (the key of its events) */
  double lat, lon;
  int area, nrep, nnames;
  const char *also; /* another name merged into the group, NULL when none */
  int holder;       /* event index of the capture (or the other side's retreat), -1 none */
  const char *hid, *hname; /* the holder (borrowed from the events) when holder >= 0 */
  const char *fid, *fname; /* taken from: an armed actor, "" when none */
  int ended;        /* withdrawal event index ending the holding, -1 none */
} splace;

typedef struct sarea {
  const char *cc, *admin1;
  int nev, nrep;
} sarea;

typedef struct sfact {
  int rel, area, place, best;
  const char *src, *srcn, *tgt, *tgtn, *first, *last, *dir;
  int nev, nrep, ndoc;
} sfact;

typedef struct smove {
  const char *actor, *actorn;
  int from, to; /* event indexes */
  int inferred;
} smove;

typedef struct sit {
  sr_arena *ar;
  sev *ev;
  int nev;
  splace *pl;
  int npl, cpl;
  sarea *ar_;
  int nar, car;
  sfact *fa;
  int nfa, cfa;
  smove *mv;
  int nmv, cmv;
  char from[11];  /* the day before the window (exclusive bound) */
  char first[11]; /* the window's first day (inclusive) */
  long nreports, nunlocated;
} sit;

/* helpers of situation.c the renderers and situation_control.c use */
long sit_day_num(const char *d);
int sit_grow(void **p, int *cap, int need, size_t size);
int sit_has_any(const char *text, const char *const *words);
const char *sit_actor_name(const char *id, const char *name, const char *none);
const char *sit_attack_verb(const char *cameo);
static inline int sit_same(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* situation_control.c: who holds which place (sets splace.holder/ended) and movements */
int sit_is_armed(const char *id, int inter);
int sit_seizes_people(const char *evidence); /* "seized 50 hunters": people, not a place */
int sit_build_control(sit *s);
void sit_fix_roles(sit *s); /* "X pulled out of P and Y took it" coded as X taking P: Y took it */
int sit_build_moves(sit *s);

/* situation_names.c: one spelling per place */
int sit_name_places(sit *s);
/* 1 when the evidence says "from LOC" (LOC in any spelling with the same gazetteer key) */
int sit_from_place(const char *evidence, const char *loc);
/* 1 when the evidence names LOC (any spelling with its gazetteer key) */
int sit_mentions(sit *s, const char *evidence, const char *loc);
/* A plain verb phrase for an action ("shelled", "withdrew before"); with_target 0: the
 * phrase that stands alone ("shelled positions", "withdrew"). Static string. */
const char *sit_plain_action(const char *cameo, int with_target);

/* situation_render.c */
int sit_render_text(const sit *s, const sr_situation_opts *o, int days, sr_buf *b);
int sit_render_json(const sit *s, const sr_situation_opts *o, int days, sr_buf *b);
int sit_render_geojson(const sit *s, sr_buf *b);
int sit_render_layer(const sit *s, int lines, sr_buf *b); /* flat GIS layer: points or lines */

#endif
