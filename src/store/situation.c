/* src/store/situation.c - the situation picture of a store for a window
 * (as_of - days, as_of]: per admin1 area and place, the actors active there,
 * the last events, control changes and sieges, and movements of actors.
 *
 * How it is inferred (every line carries its evidence and report counts):
 *   1. The window's merged events are loaded (events_cc_date / events_date
 *      index; at most SIT_MAX_EVENTS, the newest kept).
 *   2. Places are grouped per admin1 area: names within SIT_PLACE_KM of a
 *      more-reported place join its group ("Abu Kamal (also Hamdan)").
 *   3. Each event gets a relation from its CAMEO code, refined by the verb of
 *      its evidence where CAMEO is coarse:
 *        191             siege: "Y besieged by X"
 *        192             capture when the evidence says took/captured/seized/
 *                        retook/liberated/conquered/entered/overran a place
 *                        as a whole; advance when it says advanced/pushed/
 *                        gained, or the gain is partial (half of, part of,
 *                        pocket, kilometres, ground, outskirts)
 *        08, 084-087     withdrawal (0871/0872 excepted: truce, easing a siege)
 *        15x             movement: leaving a place when the evidence says
 *                        left/leaving/departed, else moving on/massing at it
 *        173             arrests; 18x-20x, 145 (other 19x) attacks
 *      A compass word in the evidence of a withdrawal or movement ("retreat
 *      westwards", "to the west") is kept as its heading.
 *   4. Facts: events with the same relation, actors and place group are one
 *      fact (first and last date, events, reports, documents, the evidence of
 *      its most-reported event).
 *   5. Control: the last capture of a place group in the window makes its
 *      source the holder "since" that date; a later withdrawal of the holder
 *      from the group ends it ("X withdrew from Y").
 *   6. Movements, per actor: a departure (leaving, withdrawal) from place A
 *      paired with a later-or-same-day arrival/convergence/advance at a place
 *      B more than SIT_MOVE_KM away ("X moving from A towards B"); and,
 *      inferred from dates alone, an actor seen at A and only afterwards at
 *      B (at most SIT_SEQ_PLACES place groups for the actor, else it is a
 *      front line, not a movement).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "query_internal.h"
#include "store_internal.h"

#define SIT_MAX_EVENTS 200000 /* events loaded per situation */
#define SIT_PLACE_KM 12.0     /* names closer than this form one place group */
#define SIT_MOVE_KM 30.0      /* a movement spans at least this */
#define SIT_SEQ_PLACES 4      /* date-only movements for actors in at most this many groups */
#define SIT_LAST_EVENTS 5     /* last events listed per area */
#define SIT_MAX_FACTS 12      /* fact lines per area */
#define SIT_QUOTE 220         /* evidence quoted up to this many bytes */

enum { R_ATTACK, R_SIEGE, R_CAPTURE, R_ADVANCE, R_WITHDRAW, R_LEAVE, R_MOVE, R_ARREST, R_OTHER };

typedef struct sev {
  int64_t id;
  const char *date, *src, *srcn, *tgt, *tgtn, *cameo, *loc, *cc, *admin1, *prec, *evid;
  double lat, lon;
  int has_loc, nrep, ndoc;
  int rel, area, place;
  const char *dir; /* heading from the evidence ("west"), static, NULL when none */
} sev;

typedef struct splace {
  const char *name;
  double lat, lon;
  int area, nrep, nnames;
  const char *also; /* another name merged into the group, NULL when none */
  int holder;       /* capture event index, -1 none */
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
  char from[11];
  long nreports, nunlocated;
} sit;

/* ---- small helpers */

static const char *dup(sit *s, const char *v) {
  if (!v) return NULL;
  return sr_arena_strndup(s->ar, v, strlen(v));
}

static int grow(void **p, int *cap, int need, size_t size) {
  if (need <= *cap) return 0;
  int nc = *cap ? *cap * 2 : 64;
  while (nc < need) nc *= 2;
  void *q = realloc(*p, (size_t)nc * size);
  if (!q) return SR_ENOMEM;
  *p = q;
  *cap = nc;
  return 0;
}

/* Date d minus n days into out (YYYY-MM-DD). */
static void date_minus(const char *d, int n, char out[11]) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(d) - 1900;
  tm.tm_mon = atoi(d + 5) - 1;
  tm.tm_mday = atoi(d + 8) - n;
  tm.tm_hour = 12;
  timegm(&tm); /* normalises the fields */
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  memcpy(out, tmp, 10);
  out[10] = 0;
}

static long day_num(const char *d) {
  if (!d || strlen(d) < 10) return 0;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = atoi(d) - 1900;
  tm.tm_mon = atoi(d + 5) - 1;
  tm.tm_mday = atoi(d + 8);
  tm.tm_hour = 12;
  return (long)(timegm(&tm) / 86400);
}

/* Case-insensitive search of word stem w in text at a word start. */
static int has_word(const char *text, const char *w) {
  size_t n = strlen(w);
  for (const char *p = text; *p; p++) {
    if ((p == text || !isalpha((unsigned char)p[-1])) && strncasecmp(p, w, n) == 0) return 1;
  }
  return 0;
}

static int has_any(const char *text, const char *const *words) {
  for (; *words; words++)
    if (has_word(text, *words)) return 1;
  return 0;
}

static const char *const k_capture[] = {"captur", "took ", "take ", "taken", "takes", "seiz",
                                        "retook", "retak", "recaptur", "liberat", "conquer",
                                        "control", "overran", "overrun", "occup", "enter",
                                        "regain", "fell to", "won back", NULL};
static const char *const k_advance[] = {"advanc", "push", "gain", "progress", "clos", "move on",
                                        "moving on", "march", NULL};
static const char *const k_partial[] = {"half", "part of", "parts of", "pocket", "kilomet", "km",
                                        "ground", "outskirts", "villages around", "positions",
                                        NULL};
static const char *const k_leave[] = {"left ", "leave", "leaving", "depart", "pulled out",
                                      "withdr", "evacuat", NULL};

/* Compass heading named in the evidence, NULL when none. */
static const char *heading(const char *text) {
  static const char *const dirs[] = {"north-west", "northwest", "north-east", "northeast",
                                     "south-west", "southwest", "south-east", "southeast",
                                     "north", "south", "east", "west", NULL};
  static const char *const canon[] = {"north-west", "north-west", "north-east", "north-east",
                                      "south-west", "south-west", "south-east", "south-east",
                                      "north", "south", "east", "west"};
  for (int i = 0; dirs[i]; i++) {
    size_t n = strlen(dirs[i]);
    for (const char *p = text; (p = strcasestr(p, dirs[i])) != NULL; p += n) {
      if (p > text && isalpha((unsigned char)p[-1])) continue;
      const char *e = p + n;
      /* westwards, westward, to the west, towards the west; not "Western", "eastern" */
      if (strncasecmp(e, "ward", 4) == 0) return canon[i];
      if (isalpha((unsigned char)*e)) continue;
      if ((p - text >= 7 && strncasecmp(p - 7, "to the ", 7) == 0) ||
          (p - text >= 11 && strncasecmp(p - 11, "toward the ", 11) == 0))
        return canon[i];
    }
  }
  return NULL;
}

static int classify(const sev *e) {
  const char *c = e->cameo, *t = e->evid ? e->evid : "";
  if (strncmp(c, "191", 3) == 0) return R_SIEGE;
  if (strncmp(c, "192", 3) == 0) {
    int cap = has_any(t, k_capture), adv = has_any(t, k_advance), part = has_any(t, k_partial);
    if (cap && !part && !(adv && !has_word(t, "advanced into"))) return R_CAPTURE;
    return R_ADVANCE;
  }
  if (strcmp(c, "0871") == 0 || strcmp(c, "0872") == 0) return R_OTHER;
  if (strcmp(c, "08") == 0 || strncmp(c, "087", 3) == 0 || strncmp(c, "084", 3) == 0 ||
      strncmp(c, "086", 3) == 0)
    return strncmp(c, "0841", 4) == 0 ? R_OTHER : R_WITHDRAW;
  if (strncmp(c, "15", 2) == 0) return has_any(t, k_leave) ? R_LEAVE : R_MOVE;
  if (strncmp(c, "173", 3) == 0) return R_ARREST;
  if (strncmp(c, "18", 2) == 0 || strncmp(c, "19", 2) == 0 || strncmp(c, "20", 2) == 0 ||
      strncmp(c, "145", 3) == 0)
    return R_ATTACK;
  return R_OTHER;
}

static const char *actor_name(const char *id, const char *name, const char *none) {
  if (name && *name) return name;
  if (id && *id) return id;
  return none;
}

/* Verb phrase of an attack by CAMEO code. */
static const char *attack_verb(const char *c) {
  if (strncmp(c, "195", 3) == 0) return "carried out air strikes on";
  if (strncmp(c, "194", 3) == 0) return "shelled";
  if (strncmp(c, "193", 3) == 0) return "clashed with";
  if (strncmp(c, "183", 3) == 0) return "bombed";
  if (strncmp(c, "186", 3) == 0 || strncmp(c, "185", 3) == 0) return "targeted";
  if (strncmp(c, "181", 3) == 0) return "abducted";
  if (strncmp(c, "20", 2) == 0) return "committed mass violence against";
  return "attacked";
}

/* ---- loading */

static int load(sit *s, sr_store *st, const sr_situation_opts *o, sr_error *err) {
  sr_buf sql;
  sr_buf_init(&sql, 1 << 16);
  const char *cols = sr_store_row_columns();
  sr_buf_append(&sql, cols, strlen(cols));
  sr_buf_printf(&sql, " WHERE e.date > ? AND e.date <= ?%s ORDER BY e.date DESC, e.id DESC LIMIT %d",
                o->country ? " AND e.cc = ?" : "", SIT_MAX_EVENTS);
  sqlite3_stmt *q = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(st->db, sql.data, (int)sql.len, &q, NULL) != SQLITE_OK) {
    rc = sr_error_set(err, SR_ERR, "situation: %s", sqlite3_errmsg(st->db));
    goto done;
  }
  char cc[3] = {0};
  sqlite3_bind_text(q, 1, s->from, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, o->as_of, -1, SQLITE_STATIC);
  if (o->country) {
    cc[0] = (char)toupper((unsigned char)o->country[0]);
    cc[1] = (char)toupper((unsigned char)o->country[1]);
    sqlite3_bind_text(q, 3, cc, -1, SQLITE_STATIC);
  }
  int step;
  int cap = 0;
  while ((step = sqlite3_step(q)) == SQLITE_ROW) {
    sr_event_row r;
    sr_store_row_from_stmt(q, &r);
    s->nreports += r.nreports;
    if (!r.has_location) {
      s->nunlocated++;
      continue;
    }
    if ((rc = grow((void **)&s->ev, &cap, s->nev + 1, sizeof *s->ev))) goto oom;
    sev *e = &s->ev[s->nev];
    memset(e, 0, sizeof *e);
    e->id = r.id;
    e->date = dup(s, r.date);
    e->src = dup(s, r.src_id);
    e->srcn = dup(s, r.src_name);
    e->tgt = dup(s, r.tgt_id);
    e->tgtn = dup(s, r.tgt_name);
    e->cameo = dup(s, r.cameo);
    e->loc = dup(s, r.loc_name[0] ? r.loc_name : r.admin1[0] ? r.admin1 : r.country);
    e->cc = dup(s, r.country);
    e->admin1 = dup(s, r.admin1);
    e->prec = dup(s, r.precision);
    e->evid = dup(s, r.evidence);
    if (!e->date || !e->src || !e->tgt || !e->cameo || !e->loc || !e->cc || !e->admin1 || !e->prec ||
        !e->evid || !e->srcn || !e->tgtn)
      goto oom;
    e->lat = r.lat, e->lon = r.lon;
    e->has_loc = 1;
    e->nrep = r.nreports, e->ndoc = r.ndocs;
    s->nev++;
  }
  if (step != SQLITE_DONE) rc = sr_error_set(err, SR_ERR, "situation: %s", sqlite3_errmsg(st->db));
  /* oldest first */
  for (int i = 0, j = s->nev - 1; i < j; i++, j--) {
    sev t = s->ev[i];
    s->ev[i] = s->ev[j];
    s->ev[j] = t;
  }
  goto done;
oom:
  rc = sr_error_set(err, SR_ENOMEM, "situation: out of memory");
done:
  sqlite3_finalize(q);
  sr_buf_free(&sql);
  return rc;
}

/* ---- grouping */

static int find_area(sit *s, const char *cc, const char *admin1) {
  for (int i = 0; i < s->nar; i++)
    if (strcmp(s->ar_[i].cc, cc) == 0 && strcmp(s->ar_[i].admin1, admin1) == 0) return i;
  if (grow((void **)&s->ar_, &s->car, s->nar + 1, sizeof *s->ar_)) return -1;
  s->ar_[s->nar] = (sarea){.cc = cc, .admin1 = admin1};
  return s->nar++;
}

typedef struct pname {
  const char *name;
  int area, nrep, prec_rank;
  double lat, lon;
  int group;
} pname;

static int cmp_pname(const void *a, const void *b) {
  const pname *x = a, *y = b;
  if (x->prec_rank != y->prec_rank) return x->prec_rank - y->prec_rank;
  if (x->nrep != y->nrep) return y->nrep - x->nrep;
  return strcmp(x->name, y->name);
}

static int prec_rank(const char *p) {
  if (strcmp(p, "place") == 0) return 0;
  if (strcmp(p, "near") == 0) return 0;
  if (strcmp(p, "admin1") == 0) return 1;
  return 2;
}

static int group_places(sit *s) {
  pname *pn = NULL;
  int npn = 0, cpn = 0, rc = 0;
  for (int i = 0; i < s->nev; i++) {
    sev *e = &s->ev[i];
    e->rel = classify(e);
    e->dir = (e->rel == R_WITHDRAW || e->rel == R_LEAVE || e->rel == R_MOVE) ? heading(e->evid) : NULL;
    e->area = find_area(s, e->cc, e->admin1);
    if (e->area < 0) goto oom;
    s->ar_[e->area].nev++;
    s->ar_[e->area].nrep += e->nrep;
    int k;
    for (k = 0; k < npn; k++)
      if (pn[k].area == e->area && strcmp(pn[k].name, e->loc) == 0) break;
    if (k == npn) {
      if (grow((void **)&pn, &cpn, npn + 1, sizeof *pn)) goto oom;
      pn[npn++] = (pname){.name = e->loc, .area = e->area, .lat = e->lat, .lon = e->lon,
                          .prec_rank = prec_rank(e->prec), .group = -1};
    }
    pn[k].nrep += e->nrep;
  }
  qsort(pn, (size_t)npn, sizeof *pn, cmp_pname);
  for (int k = 0; k < npn; k++) {
    int g;
    for (g = 0; g < s->npl; g++)
      if (s->pl[g].area == pn[k].area && pn[k].prec_rank == 0 &&
          sr_store_km(s->pl[g].lat, s->pl[g].lon, pn[k].lat, pn[k].lon) <= SIT_PLACE_KM)
        break;
    if (g == s->npl) {
      if (grow((void **)&s->pl, &s->cpl, s->npl + 1, sizeof *s->pl)) goto oom;
      s->pl[s->npl++] = (splace){.name = pn[k].name, .lat = pn[k].lat, .lon = pn[k].lon,
                                 .area = pn[k].area, .holder = -1, .ended = -1};
    } else if (!s->pl[g].also) {
      s->pl[g].also = pn[k].name;
    }
    s->pl[g].nrep += pn[k].nrep;
    s->pl[g].nnames++;
    pn[k].group = g;
  }
  for (int i = 0; i < s->nev; i++) {
    sev *e = &s->ev[i];
    for (int k = 0; k < npn; k++)
      if (pn[k].area == e->area && strcmp(pn[k].name, e->loc) == 0) {
        e->place = pn[k].group;
        break;
      }
  }
  goto done;
oom:
  rc = SR_ENOMEM;
done:
  free(pn);
  return rc;
}

static int same(const char *a, const char *b) { return strcmp(a, b) == 0; }

static int build_facts(sit *s) {
  for (int i = 0; i < s->nev; i++) {
    const sev *e = &s->ev[i];
    if (e->rel == R_OTHER) continue;
    int f;
    for (f = 0; f < s->nfa; f++) {
      sfact *x = &s->fa[f];
      if (x->rel == e->rel && x->place == e->place && same(x->src, e->src) && same(x->tgt, e->tgt)) break;
    }
    if (f == s->nfa) {
      if (grow((void **)&s->fa, &s->cfa, s->nfa + 1, sizeof *s->fa)) return SR_ENOMEM;
      s->fa[s->nfa++] = (sfact){.rel = e->rel, .area = e->area, .place = e->place, .best = i,
                                .src = e->src, .srcn = e->srcn, .tgt = e->tgt, .tgtn = e->tgtn,
                                .first = e->date};
    }
    sfact *x = &s->fa[f];
    x->last = e->date;
    x->nev++;
    x->nrep += e->nrep;
    x->ndoc += e->ndoc;
    if (e->nrep >= s->ev[x->best].nrep) x->best = i;
    if (e->dir) x->dir = e->dir;
  }
  /* control: the last capture of a place group; a later withdrawal of the holder ends it */
  for (int i = 0; i < s->nev; i++) {
    const sev *e = &s->ev[i];
    splace *p = &s->pl[e->place];
    if (e->rel == R_CAPTURE && e->src[0]) {
      p->holder = i;
      p->ended = -1;
    } else if ((e->rel == R_WITHDRAW || e->rel == R_LEAVE) && p->holder >= 0 &&
               same(s->ev[p->holder].src, e->src)) {
      p->ended = i;
    }
  }
  return 0;
}

static int add_move(sit *s, const char *actor, const char *name, int from, int to, int inferred) {
  if (grow((void **)&s->mv, &s->cmv, s->nmv + 1, sizeof *s->mv)) return SR_ENOMEM;
  s->mv[s->nmv++] = (smove){.actor = actor, .actorn = name, .from = from, .to = to, .inferred = inferred};
  return 0;
}

static int is_departure(int rel) { return rel == R_LEAVE || rel == R_WITHDRAW; }
static int is_arrival(int rel) { return rel == R_MOVE || rel == R_ADVANCE || rel == R_CAPTURE; }

static double place_km(const sit *s, int a, int b) {
  return sr_store_km(s->pl[a].lat, s->pl[a].lon, s->pl[b].lat, s->pl[b].lon);
}

static int build_moves(sit *s) {
  /* distinct source actors */
  for (int i = 0; i < s->nev; i++) {
    const char *actor = s->ev[i].src;
    if (!actor[0]) continue;
    int seen = 0;
    for (int j = 0; j < i && !seen; j++) seen = same(s->ev[j].src, actor);
    if (seen) continue;
    int nmoves_before = s->nmv;
    /* reported: a departure paired with the nearest-in-time later arrival elsewhere */
    for (int a = i; a < s->nev; a++) {
      const sev *d = &s->ev[a];
      if (!same(d->src, actor) || !is_departure(d->rel)) continue;
      int best = -1;
      long bestgap = 0;
      for (int b = i; b < s->nev; b++) {
        const sev *r = &s->ev[b];
        if (b == a || !same(r->src, actor) || !is_arrival(r->rel)) continue;
        if (place_km(s, d->place, r->place) < SIT_MOVE_KM) continue;
        long gap = day_num(r->date) - day_num(d->date);
        if (gap < 0) continue;
        if (best < 0 || gap < bestgap) best = b, bestgap = gap;
      }
      if (best >= 0) {
        int dupl = 0;
        for (int m = nmoves_before; m < s->nmv && !dupl; m++)
          dupl = s->mv[m].from >= 0 && s->ev[s->mv[m].from].place == d->place &&
                 s->ev[s->mv[m].to].place == s->ev[best].place;
        if (!dupl && add_move(s, actor, s->ev[i].srcn, a, best, 0)) return SR_ENOMEM;
      }
    }
    if (s->nmv > nmoves_before) continue;
    /* inferred: the actor's place groups in date order, one after the other */
    int groups[SIT_SEQ_PLACES + 1], first[SIT_SEQ_PLACES + 1], last[SIT_SEQ_PLACES + 1], ng = 0;
    for (int a = i; a < s->nev && ng <= SIT_SEQ_PLACES; a++) {
      const sev *e = &s->ev[a];
      if (!same(e->src, actor)) continue;
      int g;
      for (g = 0; g < ng; g++)
        if (groups[g] == e->place) break;
      if (g == ng) {
        if (ng == SIT_SEQ_PLACES) {
          ng++;
          break;
        }
        groups[ng] = e->place, first[ng] = a, last[ng] = a, ng++;
      } else {
        last[g] = a;
      }
    }
    if (ng < 2 || ng > SIT_SEQ_PLACES) continue;
    for (int g = 0; g + 1 < ng; g++) {
      /* strictly after: every event at g before every event at g+1 */
      if (day_num(s->ev[last[g]].date) >= day_num(s->ev[first[g + 1]].date)) continue;
      if (place_km(s, groups[g], groups[g + 1]) < SIT_MOVE_KM) continue;
      if (add_move(s, actor, s->ev[i].srcn, last[g], first[g + 1], 1)) return SR_ENOMEM;
    }
  }
  return 0;
}

/* ---- text rendering */

static void quote(sr_buf *b, const char *t) {
  size_t n = strlen(t);
  if (n <= SIT_QUOTE) {
    sr_buf_printf(b, "\"%s\"", t);
    return;
  }
  size_t k = SIT_QUOTE;
  while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80) k--; /* not inside a UTF-8 sequence */
  sr_buf_printf(b, "\"%.*s...\"", (int)k, t);
}

static const char *place_label(const sit *s, int p, char *buf, size_t cap) {
  const splace *g = &s->pl[p];
  if (g->also) snprintf(buf, cap, "%s (also %s)", g->name, g->also);
  else snprintf(buf, cap, "%s", g->name);
  return buf;
}

static const char *area_label(const sarea *a) { return a->admin1[0] ? a->admin1 : "(country-wide)"; }

/* "first..last)" or "date)" when they are the same day. */
static void span(sr_buf *b, const sfact *f) {
  if (strcmp(f->first, f->last) == 0) sr_buf_printf(b, "%s)", f->last);
  else sr_buf_printf(b, "%s..%s)", f->first, f->last);
}

/* Verb phrase of a movement towards a place, from its evidence. */
static const char *move_verb(const char *t) {
  static const char *const conv[] = {"converg", "head", "toward", "advanc", NULL};
  static const char *const arr[] = {"arriv", "reach", "enter", NULL};
  static const char *const dep[] = {"deploy", "redeploy", "reinforc", "sent", "send", "dispatch", "rush",
                                    NULL};
  if (has_any(t, conv)) return "converging on";
  if (has_any(t, arr)) return "arriving in";
  if (has_any(t, dep)) return "deploying forces to";
  return "massing forces near";
}

/* One fact as a sentence (no evidence), into b. */
static void fact_text(const sit *s, const sfact *f, sr_buf *b) {
  const char *src = actor_name(f->src, f->srcn, "unidentified forces");
  const char *tgt = f->tgt[0] ? actor_name(f->tgt, f->tgtn, "") : NULL;
  const char *pl = s->pl[f->place].name;
  const sev *e = &s->ev[f->best];
  const char *at = strcmp(e->prec, "near") == 0 || s->pl[f->place].also ? "near" : "in";
  switch (f->rel) {
  case R_SIEGE:
    if (tgt) sr_buf_printf(b, "%s besieged by %s %s %s since %s", tgt, src, at, pl, f->first);
    else sr_buf_printf(b, "%s besieged by %s since %s", pl, src, f->first);
    break;
  case R_CAPTURE:
    sr_buf_printf(b, "%s took %s%s%s on %s", src, pl, tgt ? " from " : "", tgt ? tgt : "", f->last);
    break;
  case R_ADVANCE:
    sr_buf_printf(b, "%s advancing %s%s %s %s (", src, tgt ? "on " : "", tgt ? tgt : "", at, pl);
    span(b, f);
    break;
  case R_WITHDRAW:
    sr_buf_printf(b, "%s withdrawing from %s%s%s%s%s (%s)", src, pl, tgt ? " before " : "", tgt ? tgt : "",
                  f->dir ? ", pulling " : "", f->dir ? f->dir : "", f->last);
    break;
  case R_LEAVE:
    sr_buf_printf(b, "%s leaving %s%s%s (%s)", src, pl, f->dir ? ", heading " : "", f->dir ? f->dir : "",
                  f->last);
    break;
  case R_MOVE:
    sr_buf_printf(b, "%s %s %s (%s)", src, move_verb(e->evid), pl, f->last);
    break;
  case R_ARREST:
    sr_buf_printf(b, "%s arresting %s%s %s %s (", src, tgt ? tgt : "suspects", tgt ? " members" : "", at, pl);
    span(b, f);
    break;
  default: /* R_ATTACK */
    if (f->nev > 1 || strcmp(f->first, f->last) != 0)
      sr_buf_printf(b, "%s attacking %s %s %s (%d events, %s..%s)", src, tgt ? tgt : "targets", at, pl,
                    f->nev, f->first, f->last);
    else if (e->nrep > 1 && strncmp(e->cameo, "19", 2) == 0)
      sr_buf_printf(b, "%s attacking %s %s %s (%s)", src, tgt ? tgt : "targets", at, pl, f->last);
    else
      sr_buf_printf(b, "%s %s %s %s %s (%s)", src, attack_verb(e->cameo), tgt ? tgt : "targets", at, pl,
                    f->last);
  }
}

static int fact_prio(int rel) {
  static const int p[] = {[R_SIEGE] = 0, [R_CAPTURE] = 1, [R_ADVANCE] = 2, [R_ATTACK] = 3,
                          [R_WITHDRAW] = 4, [R_ARREST] = 5, [R_LEAVE] = 6, [R_MOVE] = 7,
                          [R_OTHER] = 9};
  return p[rel];
}

static const sit *g_sort_sit;
static int cmp_fact(const void *a, const void *b) {
  const sfact *x = *(const sfact *const *)a, *y = *(const sfact *const *)b;
  if (fact_prio(x->rel) != fact_prio(y->rel)) return fact_prio(x->rel) - fact_prio(y->rel);
  if (x->nrep != y->nrep) return y->nrep - x->nrep;
  return strcmp(y->last, x->last);
}
static int cmp_area(const void *a, const void *b) {
  const sarea *x = &g_sort_sit->ar_[*(const int *)a], *y = &g_sort_sit->ar_[*(const int *)b];
  if (x->nrep != y->nrep) return y->nrep - x->nrep;
  return strcmp(x->admin1, y->admin1);
}

typedef struct actor_count {
  const char *id, *name;
  int n;
} actor_count;
static int cmp_actor(const void *a, const void *b) {
  const actor_count *x = a, *y = b;
  if (x->n != y->n) return y->n - x->n;
  return strcmp(x->id, y->id);
}

/* Actors active in area (source or target), most events first; *n entries. */
static actor_count *area_actors(const sit *s, int area, int *n) {
  actor_count *v = NULL;
  int cv = 0;
  *n = 0;
  for (int i = 0; i < s->nev; i++) {
    const sev *e = &s->ev[i];
    if (e->area != area) continue;
    const char *ids[2] = {e->src, e->tgt}, *names[2] = {e->srcn, e->tgtn};
    for (int k = 0; k < 2; k++) {
      if (!ids[k][0] || (k == 1 && same(ids[0], ids[1]))) continue;
      int j;
      for (j = 0; j < *n; j++)
        if (same(v[j].id, ids[k])) break;
      if (j == *n) {
        if (grow((void **)&v, &cv, *n + 1, sizeof *v)) return v;
        v[(*n)++] = (actor_count){.id = ids[k], .name = names[k]};
      }
      v[j].n++;
    }
  }
  if (*n) qsort(v, (size_t)*n, sizeof *v, cmp_actor);
  return v;
}

/* Facts of an area in display order (pointers into s->fa); caller frees. */
static const sfact **area_facts(const sit *s, int area, int *n) {
  const sfact **v = malloc(sizeof *v * (size_t)(s->nfa ? s->nfa : 1));
  *n = 0;
  if (!v) return NULL;
  for (int f = 0; f < s->nfa; f++)
    if (s->fa[f].area == area) v[(*n)++] = &s->fa[f];
  qsort(v, (size_t)*n, sizeof *v, cmp_fact);
  return v;
}

static void move_text(const sit *s, const smove *m, sr_buf *b) {
  const sev *a = &s->ev[m->from], *z = &s->ev[m->to];
  const char *who = actor_name(m->actor, m->actorn, "?");
  if (m->inferred)
    sr_buf_printf(b, "%s seen at %s on %s, then at %s on %s (inferred from dates)", who,
                  s->pl[a->place].name, a->date, s->pl[z->place].name, z->date);
  else
    sr_buf_printf(b, "%s moving from %s towards %s (left %s, %s)", who, s->pl[a->place].name,
                  s->pl[z->place].name, a->date,
                  z->rel == R_ADVANCE || z->rel == R_CAPTURE ? "advancing there" : "converging there");
}

static int render_text(const sit *s, const sr_situation_opts *o, int days, sr_buf *b) {
  int *order = malloc(sizeof *order * (size_t)(s->nar ? s->nar : 1));
  if (!order) return SR_ENOMEM;
  for (int i = 0; i < s->nar; i++) order[i] = i;
  g_sort_sit = s;
  qsort(order, (size_t)s->nar, sizeof *order, cmp_area);
  sr_buf_printf(b, "SITUATION %s as of %s (%d days, %s..%s): %d located events from %ld reports",
                o->country ? o->country : "all countries", o->as_of, days, s->from, o->as_of, s->nev,
                s->nreports);
  if (s->nunlocated) sr_buf_printf(b, "; %ld events without a place left out", s->nunlocated);
  sr_buf_printf(b, "\n");
  if (!s->nev) sr_buf_printf(b, "No located events in the window.\n");
  char lab[512];
  for (int oi = 0; oi < s->nar; oi++) {
    int a = order[oi];
    const sarea *ar = &s->ar_[a];
    int nf = 0, na = 0;
    const sfact **fv = area_facts(s, a, &nf);
    actor_count *ac = area_actors(s, a, &na);
    /* headline: the two strongest facts */
    sr_buf_printf(b, "\n%s, %s:", area_label(ar), ar->cc);
    for (int k = 0; k < nf && k < 2; k++) {
      sr_buf_printf(b, "%s ", k ? ";" : "");
      fact_text(s, fv[k], b);
    }
    if (!nf) sr_buf_printf(b, " %d events", ar->nev);
    sr_buf_printf(b, "\n  Active: ");
    for (int k = 0; k < na && k < 8; k++)
      sr_buf_printf(b, "%s%s (%s) %d event%s", k ? ", " : "", actor_name(ac[k].id, ac[k].name, "?"),
                    ac[k].id, ac[k].n, ac[k].n == 1 ? "" : "s");
    if (!na) sr_buf_printf(b, "-");
    sr_buf_printf(b, "\n");
    /* control */
    for (int p = 0; p < s->npl; p++) {
      const splace *g = &s->pl[p];
      if (g->area != a || g->holder < 0) continue;
      const sev *h = &s->ev[g->holder];
      const char *who = actor_name(h->src, h->srcn, "?");
      if (g->ended >= 0) {
        const sev *w = &s->ev[g->ended];
        sr_buf_printf(b, "  * Control: %s withdrew from %s on %s (held since %s; %d report%s): ", who,
                      place_label(s, p, lab, sizeof lab), w->date, h->date, w->nrep, w->nrep == 1 ? "" : "s");
        quote(b, w->evid);
      } else {
        sr_buf_printf(b, "  * Control: %s held by %s since %s%s%s (%d report%s, %d source%s): ",
                      place_label(s, p, lab, sizeof lab), who, h->date, h->tgt[0] ? ", taken from " : "",
                      h->tgt[0] ? actor_name(h->tgt, h->tgtn, "") : "", h->nrep, h->nrep == 1 ? "" : "s",
                      h->ndoc, h->ndoc == 1 ? "" : "s");
        quote(b, h->evid);
      }
      sr_buf_printf(b, "\n");
    }
    for (int k = 0; k < nf && k < SIT_MAX_FACTS; k++) {
      const sfact *f = fv[k];
      sr_buf_printf(b, "  * %s: ", place_label(s, f->place, lab, sizeof lab));
      fact_text(s, f, b);
      sr_buf_printf(b, " (%d report%s, %d source%s): ", f->nrep, f->nrep == 1 ? "" : "s", f->ndoc,
                    f->ndoc == 1 ? "" : "s");
      quote(b, s->ev[f->best].evid);
      sr_buf_printf(b, "\n");
    }
    if (nf > SIT_MAX_FACTS) sr_buf_printf(b, "  * (%d more)\n", nf - SIT_MAX_FACTS);
    sr_buf_printf(b, "  Last events:\n");
    int shown = 0;
    for (int i = s->nev - 1; i >= 0 && shown < SIT_LAST_EVENTS; i--) {
      const sev *e = &s->ev[i];
      if (e->area != a) continue;
      shown++;
      sr_buf_printf(b, "  - %s %s: %s %s%s%s (%d report%s)\n", e->date, e->loc,
                    actor_name(e->src, e->srcn, "unidentified forces"), sr_cameo_name(e->cameo),
                    e->tgt[0] ? " -> " : "", e->tgt[0] ? actor_name(e->tgt, e->tgtn, "") : "", e->nrep,
                    e->nrep == 1 ? "" : "s");
    }
    free(fv);
    free(ac);
  }
  if (s->nmv) {
    sr_buf_printf(b, "\nMovements:\n");
    for (int m = 0; m < s->nmv; m++) {
      sr_buf_printf(b, "  * ");
      move_text(s, &s->mv[m], b);
      const sev *a = &s->ev[s->mv[m].from], *z = &s->ev[s->mv[m].to];
      sr_buf_printf(b, ": ");
      quote(b, a->evid);
      if (z->id != a->id && strcmp(z->evid, a->evid) != 0) {
        sr_buf_printf(b, " / ");
        quote(b, z->evid);
      }
      sr_buf_printf(b, "\n");
    }
  }
  free(order);
  return 0;
}

/* ---- JSON / GeoJSON rendering */

static void jstr(sr_buf *b, const char *v) { sr_buf_json_str(b, v ? v : "", v ? strlen(v) : 0); }

static void jactor(sr_buf *b, const char *id, const char *name) {
  if (!id || !*id) {
    sr_buf_append(b, "null", 4);
    return;
  }
  sr_buf_printf(b, "{\"id\":");
  jstr(b, id);
  sr_buf_printf(b, ",\"name\":");
  jstr(b, actor_name(id, name, ""));
  sr_buf_putc(b, '}');
}

static const char *rel_name(int r) {
  static const char *const n[] = {"attack", "siege", "capture", "advance", "withdrawal",
                                  "departure", "movement", "arrests", "other"};
  return n[r];
}

static void jevent(const sit *s, sr_buf *b, const sev *e) {
  sr_buf_printf(b, "{\"id\":%lld,\"date\":", (long long)e->id);
  jstr(b, e->date);
  sr_buf_printf(b, ",\"place\":");
  jstr(b, e->loc);
  sr_buf_printf(b, ",\"group\":");
  jstr(b, s->pl[e->place].name);
  sr_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f,\"source\":", e->lat, e->lon);
  jactor(b, e->src, e->srcn);
  sr_buf_printf(b, ",\"target\":");
  jactor(b, e->tgt, e->tgtn);
  sr_buf_printf(b, ",\"cameo\":");
  jstr(b, e->cameo);
  sr_buf_printf(b, ",\"action\":");
  jstr(b, sr_cameo_name(e->cameo));
  sr_buf_printf(b, ",\"relation\":\"%s\",\"reports\":%d,\"documents\":%d,\"evidence\":", rel_name(e->rel),
                e->nrep, e->ndoc);
  jstr(b, e->evid);
  sr_buf_putc(b, '}');
}

static void jfact(const sit *s, sr_buf *b, const sfact *f) {
  sr_buf tmp;
  sr_buf_init(&tmp, 1 << 16);
  fact_text(s, f, &tmp);
  sr_buf_printf(b, "{\"relation\":\"%s\",\"place\":", rel_name(f->rel));
  jstr(b, s->pl[f->place].name);
  sr_buf_printf(b, ",\"source\":");
  jactor(b, f->src, f->srcn);
  sr_buf_printf(b, ",\"target\":");
  jactor(b, f->tgt, f->tgtn);
  sr_buf_printf(b, ",\"first\":");
  jstr(b, f->first);
  sr_buf_printf(b, ",\"last\":");
  jstr(b, f->last);
  sr_buf_printf(b, ",\"heading\":");
  if (f->dir) jstr(b, f->dir);
  else sr_buf_append(b, "null", 4);
  sr_buf_printf(b, ",\"events\":%d,\"reports\":%d,\"documents\":%d,\"text\":", f->nev, f->nrep, f->ndoc);
  jstr(b, tmp.data);
  sr_buf_printf(b, ",\"evidence\":");
  jstr(b, s->ev[f->best].evid);
  sr_buf_printf(b, ",\"event\":%lld}", (long long)s->ev[f->best].id);
  sr_buf_free(&tmp);
}

static void jcontrol(const sit *s, sr_buf *b, int p) {
  const splace *g = &s->pl[p];
  const sev *h = &s->ev[g->holder];
  sr_buf_printf(b, "{\"place\":");
  jstr(b, g->name);
  sr_buf_printf(b, ",\"holder\":");
  jactor(b, h->src, h->srcn);
  sr_buf_printf(b, ",\"since\":");
  jstr(b, h->date);
  sr_buf_printf(b, ",\"taken_from\":");
  jactor(b, h->tgt, h->tgtn);
  sr_buf_printf(b, ",\"status\":\"%s\",\"evidence\":", g->ended >= 0 ? "withdrawn" : "held");
  jstr(b, h->evid);
  if (g->ended >= 0) {
    sr_buf_printf(b, ",\"withdrawn\":");
    jstr(b, s->ev[g->ended].date);
    sr_buf_printf(b, ",\"withdrawal_evidence\":");
    jstr(b, s->ev[g->ended].evid);
  }
  sr_buf_putc(b, '}');
}

static void jmove(const sit *s, sr_buf *b, const smove *m) {
  const sev *a = &s->ev[m->from], *z = &s->ev[m->to];
  sr_buf tmp;
  sr_buf_init(&tmp, 1 << 16);
  move_text(s, m, &tmp);
  sr_buf_printf(b, "{\"actor\":");
  jactor(b, m->actor, m->actorn);
  sr_buf_printf(b, ",\"kind\":\"%s\",\"text\":", m->inferred ? "inferred" : "reported");
  jstr(b, tmp.data);
  sr_buf_printf(b, ",\"from\":");
  jevent(s, b, a);
  sr_buf_printf(b, ",\"to\":");
  jevent(s, b, z);
  sr_buf_putc(b, '}');
  sr_buf_free(&tmp);
}

static int render_json(const sit *s, const sr_situation_opts *o, int days, sr_buf *b) {
  sr_buf_printf(b, "{\"as_of\":");
  jstr(b, o->as_of);
  sr_buf_printf(b, ",\"from\":");
  jstr(b, s->from);
  sr_buf_printf(b, ",\"days\":%d,\"country\":", days);
  if (o->country) jstr(b, o->country);
  else sr_buf_append(b, "null", 4);
  sr_buf_printf(b, ",\"events\":%d,\"reports\":%ld,\"unlocated\":%ld,\"areas\":[", s->nev, s->nreports,
                s->nunlocated);
  int *order = malloc(sizeof *order * (size_t)(s->nar ? s->nar : 1));
  if (!order) return SR_ENOMEM;
  for (int i = 0; i < s->nar; i++) order[i] = i;
  g_sort_sit = s;
  qsort(order, (size_t)s->nar, sizeof *order, cmp_area);
  for (int oi = 0; oi < s->nar; oi++) {
    int a = order[oi];
    int nf = 0, na = 0;
    const sfact **fv = area_facts(s, a, &nf);
    actor_count *ac = area_actors(s, a, &na);
    sr_buf_printf(b, "%s{\"country\":", oi ? "," : "");
    jstr(b, s->ar_[a].cc);
    sr_buf_printf(b, ",\"admin1\":");
    jstr(b, s->ar_[a].admin1);
    sr_buf_printf(b, ",\"events\":%d,\"reports\":%d,\"headline\":", s->ar_[a].nev, s->ar_[a].nrep);
    sr_buf tmp;
    sr_buf_init(&tmp, 1 << 16);
    for (int k = 0; k < nf && k < 2; k++) {
      if (k) sr_buf_append(&tmp, "; ", 2);
      fact_text(s, fv[k], &tmp);
    }
    jstr(b, tmp.len ? tmp.data : "");
    sr_buf_free(&tmp);
    sr_buf_printf(b, ",\"actors\":[");
    for (int k = 0; k < na; k++) {
      sr_buf_printf(b, "%s{\"id\":", k ? "," : "");
      jstr(b, ac[k].id);
      sr_buf_printf(b, ",\"name\":");
      jstr(b, actor_name(ac[k].id, ac[k].name, ""));
      sr_buf_printf(b, ",\"events\":%d}", ac[k].n);
    }
    sr_buf_printf(b, "],\"control\":[");
    int first = 1;
    for (int p = 0; p < s->npl; p++) {
      if (s->pl[p].area != a || s->pl[p].holder < 0) continue;
      if (!first) sr_buf_putc(b, ',');
      first = 0;
      jcontrol(s, b, p);
    }
    sr_buf_printf(b, "],\"facts\":[");
    for (int k = 0; k < nf; k++) {
      if (k) sr_buf_putc(b, ',');
      jfact(s, b, fv[k]);
    }
    sr_buf_printf(b, "],\"places\":[");
    first = 1;
    for (int p = 0; p < s->npl; p++) {
      if (s->pl[p].area != a) continue;
      sr_buf_printf(b, "%s{\"name\":", first ? "" : ",");
      first = 0;
      jstr(b, s->pl[p].name);
      sr_buf_printf(b, ",\"also\":");
      if (s->pl[p].also) jstr(b, s->pl[p].also);
      else sr_buf_append(b, "null", 4);
      sr_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f,\"reports\":%d}", s->pl[p].lat, s->pl[p].lon, s->pl[p].nrep);
    }
    sr_buf_printf(b, "],\"last_events\":[");
    int shown = 0;
    for (int i = s->nev - 1; i >= 0 && shown < SIT_LAST_EVENTS; i--) {
      if (s->ev[i].area != a) continue;
      if (shown++) sr_buf_putc(b, ',');
      jevent(s, b, &s->ev[i]);
    }
    sr_buf_printf(b, "]}");
    free(fv);
    free(ac);
  }
  sr_buf_printf(b, "],\"movements\":[");
  for (int m = 0; m < s->nmv; m++) {
    if (m) sr_buf_putc(b, ',');
    jmove(s, b, &s->mv[m]);
  }
  sr_buf_printf(b, "]}\n");
  free(order);
  return 0;
}

static int render_geojson(const sit *s, sr_buf *b) {
  sr_buf_printf(b, "{\"type\":\"FeatureCollection\",\"features\":[");
  int nfeat = 0;
  for (int p = 0; p < s->npl; p++) {
    const splace *g = &s->pl[p];
    sr_buf_printf(b, "%s\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},"
                  "\"properties\":{\"kind\":\"place\",\"name\":",
                  nfeat++ ? "," : "", g->lon, g->lat);
    jstr(b, g->name);
    sr_buf_printf(b, ",\"admin1\":");
    jstr(b, s->ar_[g->area].admin1);
    sr_buf_printf(b, ",\"country\":");
    jstr(b, s->ar_[g->area].cc);
    sr_buf_printf(b, ",\"reports\":%d,\"holder\":", g->nrep);
    if (g->holder >= 0 && g->ended < 0) jcontrol(s, b, p);
    else sr_buf_append(b, "null", 4);
    sr_buf_printf(b, ",\"besieged_by\":[");
    int first = 1;
    for (int f = 0; f < s->nfa; f++) {
      if (s->fa[f].place != p || s->fa[f].rel != R_SIEGE) continue;
      if (!first) sr_buf_putc(b, ',');
      first = 0;
      jactor(b, s->fa[f].src, s->fa[f].srcn);
    }
    sr_buf_printf(b, "],\"actors\":[");
    first = 1;
    for (int i = 0; i < s->nev; i++) {
      const sev *e = &s->ev[i];
      if (e->place != p) continue;
      const char *ids[2] = {e->src, e->tgt};
      for (int k = 0; k < 2; k++) {
        if (!ids[k][0]) continue;
        int dupl = 0;
        for (int j = 0; j < i && !dupl; j++)
          dupl = s->ev[j].place == p && (same(s->ev[j].src, ids[k]) || same(s->ev[j].tgt, ids[k]));
        if (dupl || (k == 1 && same(ids[0], ids[1]))) continue;
        if (!first) sr_buf_putc(b, ',');
        first = 0;
        jstr(b, ids[k]);
      }
    }
    sr_buf_printf(b, "],\"facts\":[");
    first = 1;
    for (int f = 0; f < s->nfa; f++) {
      if (s->fa[f].place != p) continue;
      if (!first) sr_buf_putc(b, ',');
      first = 0;
      jfact(s, b, &s->fa[f]);
    }
    sr_buf_printf(b, "],\"last_events\":[");
    int shown = 0;
    for (int i = s->nev - 1; i >= 0 && shown < SIT_LAST_EVENTS; i--) {
      if (s->ev[i].place != p) continue;
      if (shown++) sr_buf_putc(b, ',');
      jevent(s, b, &s->ev[i]);
    }
    sr_buf_printf(b, "]}}");
  }
  for (int m = 0; m < s->nmv; m++) {
    const splace *a = &s->pl[s->ev[s->mv[m].from].place], *z = &s->pl[s->ev[s->mv[m].to].place];
    sr_buf_printf(b, "%s\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                  "[[%.4f,%.4f],[%.4f,%.4f]]},\"properties\":{\"kind\":\"movement\",\"movement\":",
                  nfeat++ ? "," : "", a->lon, a->lat, z->lon, z->lat);
    jmove(s, b, &s->mv[m]);
    sr_buf_printf(b, "}}");
  }
  sr_buf_printf(b, "%s]}\n", nfeat ? "\n" : "");
  return 0;
}

int sr_store_situation(sr_store *st, const sr_situation_opts *o, sr_situation_format f, sr_buf *out,
                       sr_error *err) {
  if (!st || !o || !out) return sr_error_set(err, SR_ERR, "situation: no store, options or output");
  if (!o->as_of || !sr_store_date_ok(o->as_of))
    return sr_error_set(err, SR_EINPUT, "--as-of '%.32s': not a date YYYY-MM-DD", o->as_of ? o->as_of : "");
  if (o->country && (strlen(o->country) != 2 || !isalpha((unsigned char)o->country[0]) ||
                     !isalpha((unsigned char)o->country[1])))
    return sr_error_set(err, SR_EINPUT, "--country '%.32s': not a two-letter ISO code", o->country);
  if (o->days < 0 || o->days > 3660)
    return sr_error_set(err, SR_EINPUT, "--days %d: must be between 1 and 3660", o->days);
  if (f != SR_SIT_TEXT && f != SR_SIT_JSON && f != SR_SIT_GEOJSON)
    return sr_error_set(err, SR_EINPUT, "situation: unknown format");
  int days = o->days ? o->days : 30;
  sit s;
  memset(&s, 0, sizeof s);
  s.ar = sr_arena_new((size_t)512 << 20);
  if (!s.ar) return sr_error_set(err, SR_ENOMEM, "situation: out of memory");
  date_minus(o->as_of, days, s.from);
  sr_situation_opts oc = *o;
  char cc[3] = {0};
  if (o->country) {
    cc[0] = (char)toupper((unsigned char)o->country[0]);
    cc[1] = (char)toupper((unsigned char)o->country[1]);
    oc.country = cc;
  }
  int rc = load(&s, st, &oc, err);
  if (!rc && (group_places(&s) || build_facts(&s) || build_moves(&s)))
    rc = sr_error_set(err, SR_ENOMEM, "situation: out of memory");
  if (!rc) {
    size_t before = out->len;
    if (f == SR_SIT_TEXT) rc = render_text(&s, &oc, days, out);
    else if (f == SR_SIT_JSON) rc = render_json(&s, &oc, days, out);
    else rc = render_geojson(&s, out);
    if (rc) rc = sr_error_set(err, rc, "situation: out of memory");
    else if (out->len == before) rc = sr_error_set(err, SR_ELIMIT, "situation: output over its size cap");
  }
  free(s.ev);
  free(s.pl);
  free(s.ar_);
  free(s.fa);
  free(s.mv);
  sr_arena_free(s.ar);
  return rc;
}
