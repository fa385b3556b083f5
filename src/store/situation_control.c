/* src/store/situation_control.c - who holds which place, and who moved where, stated only
 * as far as the reports support it.
 *
 * Control (sit_build_control). A place group gets a holder from its events, oldest first:
 *   - a capture (CAMEO 192 worded as taking a place whole, see situation.c) whose source is
 *     an armed actor (sit_is_armed: never civilians, protesters, rioters, the UN or an
 *     unidentified actor), located at the place itself (precision "place": not "near" it,
 *     not an admin1 area or a whole country), whose object is the place and not people
 *     ("seized 50 truffle hunters outside X" is a kidnapping, not a capture of X), and
 *     whose source is not a backer named in its evidence ("backed by Russian air power",
 *     "with US air support", "Turkish-backed": the coder codes the backer as a second
 *     source of the same capture, the situation leaves it out);
 *   - a retreat (CAMEO 087x) of the other side from the place, at the place, before an armed
 *     target: the target holds it, taken from the one who retreated.
 * A later withdrawal or departure of the holder from the place ends the holding.
 *
 * Movements (sit_build_moves), per armed source actor, only between places at least
 * SIT_MOVE_KM and at most SIT_MOVE_MAX_KM apart and at most SIT_MOVE_DAYS apart in time:
 *   - reported: a departure (leaving, withdrawal) from A paired with the nearest later
 *     arrival, deployment, advance or capture at B, when a report of one names the other
 *     place ("left A heading for B", "sent from A to B", "arrived in B from A"): "X moving
 *     from A towards B". Two reports of one army leaving A and reaching B that never name
 *     each other's place are two units, as far as the reports say;
 *   - inferred from dates alone, for an actor seen in at most SIT_SEQ_PLACES place groups:
 *     "X reported at A on D1, at B on D2" (no claim that it moved); not for a residual
 *     class of actors ("... (other)": many groups under one code).
 * Neither uses an event by remote means (shelling, strikes: the actor need not be there) or
 * a backer's. A capture coded to the side that pulled out in the same sentence ("the army
 * pulled out of Hama, and within hours HTS had taken control") is given to the other side
 * first (sit_fix_roles). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query_internal.h"
#include "store_internal.h"

#include "situation_internal.h"

int sit_is_armed(const char *id, int inter) {
  static const char *const not_armed[] = {"CIV", "PROTESTERS", "RIOTERS", "UNKNOWN", "UN", "MEDIA", "NGO", NULL};
  if (!id || !*id) return 0;
  for (int i = 0; not_armed[i]; i++)
    if (strcmp(id, not_armed[i]) == 0) return 0;
  return inter != 5 && inter != 6 && inter != 7; /* ACLED: rioters, protesters, civilians */
}

/* Word w (case-insensitive, whole word or a stem when stem) at p, a word start. */
static int word_at(const char *p, const char *w, int stem) {
  size_t n = strlen(w);
  if (strncasecmp(p, w, n) != 0) return 0;
  return stem || !isalpha((unsigned char)p[n]);
}

/* Next word start after the word at p, NULL at the end. */
static const char *next_word(const char *p) {
  while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '\'')) p++;
  while (*p && !isalnum((unsigned char)*p)) {
    if (*p == '.' || *p == ';' || *p == ',') return NULL; /* the clause ends */
    p++;
  }
  return *p ? p : NULL;
}

static int any_stem(const char *p, const char *const *words) {
  for (; *words; words++)
    if (word_at(p, *words, 1)) return 1;
  return 0;
}

static int any_word(const char *p, const char *const *words) {
  for (; *words; words++) {
    size_t n = strlen(*words);
    if (strncasecmp(p, *words, n) != 0) continue;
    const char *e = p + n;
    if (*e == 's' || *e == 'S') e++;
    if (!isalpha((unsigned char)*e)) return 1;
  }
  return 0;
}

/* 1 when every take/seize verb of the evidence has people for its object ("seized about 50
 * truffle hunters", "captured a man"), 0 when one has a place, control or nothing said. */
int sit_seizes_people(const char *t) {
  static const char *const verbs[] = {"seiz", "captur", "took", "taken", "take", "abduct", "kidnap",
                                      "snatch", "grabb", "detain", NULL};
  /* whole words, a plural -s allowed: "man" is no stem of "Manbij" */
  static const char *const people[] = {"hunter", "people", "men", "man", "woman", "women", "child",
                                       "children", "civilian", "worker", "hostage", "soldier", "fighter",
                                       "commander", "financier", "leader", "official", "villager",
                                       "shepherd", "farmer", "passenger", "driver", "student",
                                       "member", "suspect", "person", "persons", "prisoner", "journalist",
                                       "boy", "girl", "herder", "militant", "him", "them",
                                       "captive", "traveller", "fishermen", "fisherman", "miner", "teacher",
                                       "family", "families", "resident", "guard", "officer", "troops", NULL};
  static const char *const place[] = {"town", "village", "city", "control", "base", "district",
                                      "area", "hill", "position", "neighbourhood", "neighborhood",
                                      "airport", "bridge", "road", "highway", "outpost", "crossing",
                                      "over", "back", NULL};
  int verbs_seen = 0, people_only = 1;
  for (const char *p = t; *p; p++) {
    if ((p != t && isalpha((unsigned char)p[-1])) || !any_stem(p, verbs)) continue;
    verbs_seen++;
    int who = 0;
    const char *w = p;
    for (int k = 0; k < 6 && (w = next_word(w)) != NULL; k++) {
      if (any_stem(w, place)) break;
      if (any_word(w, people)) {
        who = 1;
        break;
      }
    }
    if (!who) people_only = 0;
  }
  return verbs_seen && people_only;
}

/* 1 when the evidence names actor (id, name) as a backer of the act: "backed by X", "with the
 * support of X", "X air support/power/cover", "X-backed". */
static int named_backer(const char *t, const char *id, const char *name) {
  char stem[24] = {0}; /* the actor's first word: "Russian", "US", "Turkish" (first 4 letters) */
  size_t n = 0;
  const char *nm = name && *name ? name : id;
  while (nm[n] && isalpha((unsigned char)nm[n]) && n < 4) n++;
  if (n < 2) return 0;
  memcpy(stem, nm, n);
  static const char *const after[] = {"backed by", "with the backing of", "supported by",
                                      "with the support of", "aided by", "assisted by", "with help from",
                                      "helped by", "with the help of", NULL};
  static const char *const before[] = {"air support", "air power", "air cover", "air strikes in support",
                                       "-backed", NULL};
  for (const char *p = t; *p; p++) {
    if (p != t && isalpha((unsigned char)p[-1])) continue;
    for (int i = 0; after[i]; i++) {
      if (!word_at(p, after[i], 1)) continue;
      const char *w = p + strlen(after[i]);
      for (int k = 0; k < 5 && w && *w; k++, w = next_word(w)) {
        while (*w == ' ') w++;
        if (word_at(w, stem, n > 2) || (strstr(nm, "oalition") && word_at(w, "coalition", 1))) return 1;
      }
    }
  }
  for (int i = 0; before[i]; i++)
    for (const char *q = t; (q = strcasestr(q, before[i])) != NULL; q++) {
      /* the three words before the cue */
      const char *lo = q - 40 > t ? q - 40 : t;
      for (const char *w = lo; w < q; w++)
        if ((w == t || !isalpha((unsigned char)w[-1])) && word_at(w, stem, n > 2)) return 1;
    }
  return 0;
}

/* The event is a capture that makes its source the holder of its place. */
static int holds_by_capture(const sit *s, const sev *e) {
  (void)s;
  if (e->rel != R_CAPTURE || !sit_is_armed(e->src, e->src_inter)) return 0;
  if (strcmp(e->prec, "place") != 0) return 0;
  if (sit_seizes_people(e->evid)) return 0;
  if (e->backer) return 0;
  return 1;
}

/* The event is a retreat from its place before an armed target, who then holds it. */
static int holds_by_retreat(const sev *e) {
  static const char *const partial[] = {"ground", "position", "outskirts", "part of", "parts of", "pocket",
                                        "kilomet", "villages around", NULL};
  return !sit_has_any(e->evid, partial) && strncmp(e->cameo, "087", 3) == 0 && strcmp(e->cameo, "0871") != 0 && strcmp(e->cameo, "0872") != 0 &&
         strcmp(e->prec, "place") == 0 && sit_is_armed(e->tgt, e->tgt_inter) && !sit_same(e->src, e->tgt);
}

/* The retreat of src from the place of capture i in the same sentence, -1 none. */
static int retreat_in_sentence(const sit *s, int i) {
  const sev *c = &s->ev[i];
  int lo = i - 16 < 0 ? 0 : i - 16, hi = i + 16 < s->nev ? i + 16 : s->nev - 1;
  for (int j = lo; j <= hi; j++) {
    const sev *r = &s->ev[j];
    if (j != i && strncmp(r->cameo, "087", 3) == 0 && strcmp(r->cameo, "0871") != 0 && strcmp(r->cameo, "0872") != 0 &&
        sit_same(r->src, c->src) && sit_same(r->loc, c->loc) && sit_same(r->evid, c->evid))
      return j;
  }
  return -1;
}

void sit_fix_roles(sit *s) {
  for (int i = 0; i < s->nev; i++) {
    sev *e = &s->ev[i];
    if (strncmp(e->cameo, "192", 3) != 0 || !sit_is_armed(e->tgt, e->tgt_inter) || retreat_in_sentence(s, i) < 0)
      continue;
    const char *t = e->src, *tn = e->srcn;
    int ti = e->src_inter;
    e->src = e->tgt, e->srcn = e->tgtn, e->src_inter = e->tgt_inter;
    e->tgt = t, e->tgtn = tn, e->tgt_inter = ti;
  }
}

int sit_build_control(sit *s) {
  for (int i = 0; i < s->nev; i++) {
    s->ev[i].backer = strncmp(s->ev[i].cameo, "192", 3) == 0 && named_backer(s->ev[i].evid, s->ev[i].src, s->ev[i].srcn);
    const sev *e = &s->ev[i];
    splace *p = &s->pl[e->place];
    if (holds_by_capture(s, e)) {
      p->holder = i, p->ended = -1;
      p->hid = e->src, p->hname = e->srcn;
      int armed = sit_is_armed(e->tgt, e->tgt_inter) && !sit_same(e->tgt, e->src);
      p->fid = armed ? e->tgt : "", p->fname = armed ? e->tgtn : "";
    } else if (holds_by_retreat(e)) {
      p->holder = i, p->ended = -1;
      p->hid = e->tgt, p->hname = e->tgtn;
      p->fid = sit_is_armed(e->src, e->src_inter) ? e->src : "", p->fname = p->fid[0] ? e->srcn : "";
    } else if ((e->rel == R_WITHDRAW || e->rel == R_LEAVE) && p->holder >= 0 && p->ended < 0 &&
               sit_same(p->hid, e->src) && i != p->holder) {
      p->ended = i;
    }
  }
  return 0;
}

/* ---- movements */

static int add_move(sit *s, const char *actor, const char *name, int from, int to, int inferred) {
  if (sit_grow((void **)&s->mv, &s->cmv, s->nmv + 1, sizeof *s->mv)) return SR_ENOMEM;
  s->mv[s->nmv++] = (smove){.actor = actor, .actorn = name, .from = from, .to = to, .inferred = inferred};
  return 0;
}

static int is_departure(const sev *e) { return !e->remote && !e->backer && (e->rel == R_LEAVE || e->rel == R_WITHDRAW); }
static int is_arrival(const sev *e) {
  return !e->remote && !e->backer && (e->rel == R_MOVE || e->rel == R_ADVANCE || e->rel == R_CAPTURE);
}
/* An event that puts its source at its place: not from afar, not as a backer. */
static int is_presence(const sev *e) { return !e->remote && !e->backer; }

/* Places a and b are one plausible leg apart: SIT_MOVE_KM..SIT_MOVE_MAX_KM, 0..SIT_MOVE_DAYS. */
static int plausible_leg(const sit *s, const sev *a, const sev *b) {
  double km = sr_store_km(s->pl[a->place].lat, s->pl[a->place].lon, s->pl[b->place].lat, s->pl[b->place].lon);
  long gap = sit_day_num(b->date) - sit_day_num(a->date);
  return km >= SIT_MOVE_KM && km <= SIT_MOVE_MAX_KM && gap >= 0 && gap <= SIT_MOVE_DAYS;
}

/* reported: each departure paired with the nearest-in-time later arrival elsewhere */
static int reported_moves(sit *s, int i, const char *actor) {
  int before = s->nmv;
  for (int a = i; a < s->nev; a++) {
    const sev *d = &s->ev[a];
    if (!sit_same(d->src, actor) || !is_departure(d)) continue;
    int best = -1, tries = 0;
    long bestgap = 0;
    for (int b = i; b < s->nev && tries < SIT_MOVE_TRIES; b++) {
      const sev *r = &s->ev[b];
      if (b == a || !sit_same(r->src, actor) || !is_arrival(r) || !plausible_leg(s, d, r)) continue;
      /* one report links the two places: "left A heading for B", "arrived in B from A" */
      tries++;
      if (!sit_mentions(s, d->evid, r->loc) && !sit_mentions(s, r->evid, d->loc)) continue;
      long gap = sit_day_num(r->date) - sit_day_num(d->date);
      if (best < 0 || gap < bestgap) best = b, bestgap = gap;
    }
    if (best < 0) continue;
    int dupl = 0;
    for (int m = before; m < s->nmv && !dupl; m++)
      dupl = s->ev[s->mv[m].from].place == d->place && s->ev[s->mv[m].to].place == s->ev[best].place;
    if (!dupl && add_move(s, actor, s->ev[i].srcn, a, best, 0)) return SR_ENOMEM;
  }
  return 0;
}

/* inferred: the actor's place groups in date order, one after the other */
static int inferred_moves(sit *s, int i, const char *actor) {
  int groups[SIT_SEQ_PLACES + 1], first[SIT_SEQ_PLACES + 1], last[SIT_SEQ_PLACES + 1], ng = 0;
  for (int a = i; a < s->nev && ng <= SIT_SEQ_PLACES; a++) {
    const sev *e = &s->ev[a];
    if (!sit_same(e->src, actor) || !is_presence(e)) continue;
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
  if (ng < 2 || ng > SIT_SEQ_PLACES) return 0;
  for (int g = 0; g + 1 < ng; g++) {
    /* strictly after: every event at g before every event at g+1 */
    if (sit_day_num(s->ev[last[g]].date) >= sit_day_num(s->ev[first[g + 1]].date)) continue;
    if (!plausible_leg(s, &s->ev[last[g]], &s->ev[first[g + 1]])) continue;
    if (add_move(s, actor, s->ev[i].srcn, last[g], first[g + 1], 1)) return SR_ENOMEM;
  }
  return 0;
}

int sit_build_moves(sit *s) {
  for (int i = 0; i < s->nev; i++) {
    const char *actor = s->ev[i].src;
    if (!sit_is_armed(actor, s->ev[i].src_inter)) continue;
    int seen = 0;
    for (int j = 0; j < i && !seen; j++) seen = sit_same(s->ev[j].src, actor);
    if (seen) continue;
    int before = s->nmv;
    if (reported_moves(s, i, actor)) return SR_ENOMEM;
    /* a residual class ("Syrian opposition rebels (other)") is many groups: no sightings */
    if (s->nmv == before && !strstr(s->ev[i].srcn, "(other)") && inferred_moves(s, i, actor)) return SR_ENOMEM;
  }
  return 0;
}
