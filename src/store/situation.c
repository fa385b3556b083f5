/* src/store/situation.c - the situation picture of a store for a window
 * (as_of - days, as_of]: per admin1 area and place, the actors active there,
 * the last events, control changes and sieges, and movements of actors.
 *
 * How it is inferred (every line carries its evidence and report counts):
 *   1. The window's merged events are loaded (events_origin / events_date
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
 *                        pocket, kilometres, ground, outskirts) or the
 *                        fighting goes on ("entered X ... fighting continued")
 *        08, 084-087     withdrawal (0871/0872 excepted: truce, easing a siege)
 *        15x             movement: leaving a place when the evidence says
 *                        left/leaving/departed or "from" the event's place
 *                        ("sent troops from A to B" at A), else moving
 *                        on/massing at it
 *        173             arrests; 18x-20x, 145 (other 19x) attacks
 *      A compass word in the evidence of a withdrawal or movement ("retreat
 *      westwards", "to the west") is kept as its heading.
 *   4. Facts: events with the same relation, actors and place group are one
 *      fact (first and last date, events, reports, documents, the evidence of
 *      its most-reported event).
 *      An event by remote means (shelling, air or drone strikes, missiles: its
 *      CAMEO 194/195, ACLED "Explosions/Remote violence" or the evidence's
 *      words) does not place its source at the place (no movement from it).
 *   5. Names: one spelling per place, the one the reports use (situation_names.c).
 *   6. Control and movements, only as far as the reports support them
 *      (situation_control.c).
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

#include "situation_internal.h"

/* ---- small helpers */

static const char *dup(sit *s, const char *v) {
  if (!v) return NULL;
  return sr_arena_strndup(s->ar, v, strlen(v));
}

int sit_grow(void **p, int *cap, int need, size_t size) {
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

long sit_day_num(const char *d) {
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

int sit_has_any(const char *text, const char *const *words) {
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
static const char *const k_ongoing[] = {"fighting continued", "fighting continues", "fighting was continuing",
                                        "street fighting", "battle for", "clashes continued", "still fighting",
                                        "fighting raged", NULL};
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
    if (sit_seizes_people(t)) return R_ATTACK; /* a kidnapping, not a capture of the place */
    int cap = sit_has_any(t, k_capture), adv = sit_has_any(t, k_advance), part = sit_has_any(t, k_partial);
    if (cap && !part && !sit_has_any(t, k_ongoing) && !(adv && !has_word(t, "advanced into"))) return R_CAPTURE;
    return R_ADVANCE;
  }
  if (strcmp(c, "0871") == 0 || strcmp(c, "0872") == 0) return R_OTHER;
  if (strcmp(c, "08") == 0 || strncmp(c, "087", 3) == 0 || strncmp(c, "084", 3) == 0 ||
      strncmp(c, "086", 3) == 0)
    return strncmp(c, "0841", 4) == 0 ? R_OTHER : R_WITHDRAW;
  if (strncmp(c, "15", 2) == 0) { /* "sent reinforcements from A to B", located at A: leaving A */
    static const char *const arrive[] = {"arriv", "reach", NULL}; /* "who left A arrived in B", at B */
    return (sit_has_any(t, k_leave) && !sit_has_any(t, arrive)) || sit_from_place(t, e->loc) ? R_LEAVE : R_MOVE;
  }
  if (strncmp(c, "173", 3) == 0) return R_ARREST;
  if (strncmp(c, "18", 2) == 0 || strncmp(c, "19", 2) == 0 || strncmp(c, "20", 2) == 0 ||
      strncmp(c, "145", 3) == 0)
    return R_ATTACK;
  return R_OTHER;
}

const char *sit_actor_name(const char *id, const char *name, const char *none) {
  if (name && *name) return name;
  if (id && *id) return id;
  return none;
}

/* Verb phrase of an attack by CAMEO code. */
const char *sit_attack_verb(const char *c) {
  if (strncmp(c, "195", 3) == 0) return "carried out air strikes on";
  if (strncmp(c, "194", 3) == 0) return "shelled";
  if (strncmp(c, "193", 3) == 0) return "clashed with";
  if (strncmp(c, "183", 3) == 0) return "bombed";
  if (strncmp(c, "186", 3) == 0 || strncmp(c, "185", 3) == 0) return "targeted";
  if (strncmp(c, "181", 3) == 0) return "abducted";
  if (strncmp(c, "20", 2) == 0) return "committed mass violence against";
  return "attacked";
}

/* The source acted from afar: shelling, air or drone strikes, missiles. */
static int is_remote(const char *cameo, const char *acled, const char *evid) {
  static const char *const k[] = {"drone", "warplane", "jet", "aircraft", "air strike", "airstrike", "air raid",
                                  "missile", "artillery", "rocket", "shell", "glide bomb", "bombard", NULL};
  /* taking, besieging or moving on a place is done there, whatever backs it ("backed by drones") */
  if (strncmp(cameo, "191", 3) == 0 || strncmp(cameo, "192", 3) == 0 || strncmp(cameo, "15", 2) == 0) return 0;
  return strncmp(cameo, "194", 3) == 0 || strncmp(cameo, "195", 3) == 0 ||
         (acled && strncmp(acled, "Explosions", 10) == 0) || (evid && sit_has_any(evid, k));
}

/* ---- loading */

static int load(sit *s, sr_store *st, const sr_situation_opts *o, sr_error *err) {
  sr_buf sql;
  sr_buf_init(&sql, 1 << 16);
  const char *cols = sr_store_row_columns();
  sr_buf_append(&sql, cols, strlen(cols));
  sr_buf_printf(&sql, " WHERE e.origin = 'coded' AND e.date > ? AND e.date <= ?%s ORDER BY e.date DESC, e.id DESC LIMIT %d",
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
    if ((rc = sit_grow((void **)&s->ev, &cap, s->nev + 1, sizeof *s->ev))) goto oom;
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
    e->src_inter = r.src_inter, e->tgt_inter = r.tgt_inter;
    e->remote = is_remote(r.cameo, r.acled, r.evidence);
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
  if (sit_grow((void **)&s->ar_, &s->car, s->nar + 1, sizeof *s->ar_)) return -1;
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
      if (sit_grow((void **)&pn, &cpn, npn + 1, sizeof *pn)) goto oom;
      pn[npn++] = (pname){.name = e->loc, .area = e->area, .lat = e->lat, .lon = e->lon,
                          .prec_rank = prec_rank(e->prec), .group = -1};
    }
    pn[k].nrep += e->nrep;
  }
  if (npn) qsort(pn, (size_t)npn, sizeof *pn, cmp_pname);
  for (int k = 0; k < npn; k++) {
    int g;
    for (g = 0; g < s->npl; g++)
      if (s->pl[g].area == pn[k].area && pn[k].prec_rank == 0 &&
          sr_store_km(s->pl[g].lat, s->pl[g].lon, pn[k].lat, pn[k].lon) <= SIT_PLACE_KM)
        break;
    if (g == s->npl) {
      if (sit_grow((void **)&s->pl, &s->cpl, s->npl + 1, sizeof *s->pl)) goto oom;
      s->pl[s->npl++] = (splace){.name = pn[k].name, .gname = pn[k].name, .lat = pn[k].lat, .lon = pn[k].lon,
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


static int build_facts(sit *s) {
  for (int i = 0; i < s->nev; i++) {
    const sev *e = &s->ev[i];
    if (e->rel == R_OTHER) continue;
    int f;
    for (f = 0; f < s->nfa; f++) {
      sfact *x = &s->fa[f];
      if (x->rel == e->rel && x->place == e->place && sit_same(x->src, e->src) && sit_same(x->tgt, e->tgt)) break;
    }
    if (f == s->nfa) {
      if (sit_grow((void **)&s->fa, &s->cfa, s->nfa + 1, sizeof *s->fa)) return SR_ENOMEM;
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
  return 0;
}

/* ---- text rendering */

int sr_store_situation(sr_store *st, const sr_situation_opts *o, sr_situation_format f, sr_buf *out,
                       sr_error *err) {
  if (!st || !o || !out) return sr_error_set(err, SR_ERR, "situation: no store, options or output");
  if (!o->as_of || !sr_store_date_ok(o->as_of))
    return sr_error_set(err, SR_EINPUT, "--as-of '%.32s': not a date YYYY-MM-DD", o->as_of ? o->as_of : "");
  char cc[3] = {0};
  if (o->country) { /* a code or a name; cc receives the alpha-2 code */
    if (strnlen(o->country, 257) > 256) return sr_error_set(err, SR_EINPUT, "--country: value too long");
    int crc = sr_store_country_code(o->country, cc, err);
    if (crc) return crc;
  }
  if (o->days < 0 || o->days > 3660)
    return sr_error_set(err, SR_EINPUT, "--days %d: must be between 1 and 3660", o->days);
  if (f != SR_SIT_TEXT && f != SR_SIT_JSON && f != SR_SIT_GEOJSON && f != SR_SIT_POINTS && f != SR_SIT_LINES)
    return sr_error_set(err, SR_EINPUT, "situation: unknown format");
  int days = o->days ? o->days : 30;
  sit s;
  memset(&s, 0, sizeof s);
  s.ar = sr_arena_new((size_t)512 << 20);
  if (!s.ar) return sr_error_set(err, SR_ENOMEM, "situation: out of memory");
  date_minus(o->as_of, days, s.from);      /* exclusive */
  date_minus(o->as_of, days - 1, s.first); /* the first day counted */
  sr_situation_opts oc = *o;
  if (o->country) oc.country = cc; /* the alpha-2 code of a code or a name */
  int rc = load(&s, st, &oc, err);
  if (!rc) sit_fix_roles(&s);
  if (!rc && (group_places(&s) || sit_name_places(&s) || build_facts(&s) || sit_build_control(&s) ||
              sit_build_moves(&s)))
    rc = sr_error_set(err, SR_ENOMEM, "situation: out of memory");
  if (!rc) {
    size_t before = out->len;
    if (f == SR_SIT_TEXT) rc = sit_render_text(&s, &oc, days, out);
    else if (f == SR_SIT_JSON) rc = sit_render_json(&s, &oc, days, out);
    else if (f == SR_SIT_GEOJSON) rc = sit_render_geojson(&s, out);
    else rc = sit_render_layer(&s, f == SR_SIT_LINES, out);
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
