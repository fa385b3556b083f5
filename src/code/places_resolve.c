/* places_resolve.c - place resolution (geoparsing, second half): each candidate is scored
 * (focus country, a country named before or in the sentence, seat and population priors,
 * its own name over an alternate one, proximity to the place resolved last in the
 * paragraph), containment ("X in Y", "X, Y province", "X, Country") keeps X's candidates
 * inside Y or falls back to Y's area, and "N km DIR of X", "DIR of X", "near X" move the
 * point or mark it near. cd_places runs the whole geoparse of a document.
 */
#include "code_internal.h"
#include "place_names.h"

#include <math.h>
#include <stdlib.h>

static double deg2rad(double d) { return d * M_PI / 180.0; }

void cd_offset_point(double lat, double lon, double km, double bearing, double *olat,
                         double *olon) {
  double d = km / 6371.0, b = deg2rad(bearing), p1 = deg2rad(lat), l1 = deg2rad(lon);
  double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b));
  double l2 = l1 + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
  *olat = p2 * 180.0 / M_PI;
  *olon = l2 * 180.0 / M_PI;
}

static double bearing_of(const char *f) {
  static const struct { const char *w; double b; } B[] = {
      {"north", 0},      {"northern", 0},    {"northeast", 45},  {"north-east", 45},
      {"east", 90},      {"eastern", 90},    {"southeast", 135}, {"south-east", 135},
      {"south", 180},    {"southern", 180},  {"southwest", 225}, {"south-west", 225},
      {"west", 270},     {"western", 270},   {"northwest", 315}, {"north-west", 315}};
  for (size_t i = 0; i < sizeof B / sizeof B[0]; i++)
    if (!strcmp(f, B[i].w)) return B[i].b;
  return -1;
}

/* folded names of the gazetteer records met in a document: each name is folded once, not
 * once per span and candidate (a small open-addressing table in the document's arena) */
#define CD_FNAMES 128
struct cd_fname {
  uint32_t idx1; /* record index + 1, 0 = empty */
  const char *name, *ascii;
  const char *name_bare, *ascii_bare; /* without a leading Arabic article ("sukhnah"); NULL when none */
};

/* a copy of s in the document's arena ("" when out of memory) */
static const char *arena_copy(cdoc *c, const char *s) {
  size_t n = strlen(s);
  char *o = sr_arena_alloc(c->a, n + 1);
  if (!o) return "";
  memcpy(o, s, n + 1);
  return o;
}

static const struct cd_fname *fnames(cdoc *c, const sr_place *p) {
  static const struct cd_fname none = {0, "", "", NULL, NULL};
  if (!c->fnames) { /* only the slots' idx1 need clearing */
    c->fnames = sr_arena_alloc(c->a, CD_FNAMES * sizeof *c->fnames);
    if (c->fnames)
      for (int k = 0; k < CD_FNAMES; k++) c->fnames[k].idx1 = 0;
  }
  if (!c->fnames) return &none;
  for (uint32_t h = (p->idx * 2654435761u) % CD_FNAMES, n = 0; n < CD_FNAMES; h = (h + 1) % CD_FNAMES, n++) {
    struct cd_fname *f = &c->fnames[h];
    if (f->idx1 == p->idx + 1) return f;
    if (f->idx1) continue;
    cd_pnames pn;
    cd_place_names(c->gz, p, &pn);
    f->idx1 = p->idx + 1;
    f->name = arena_copy(c, pn.name);
    f->ascii = arena_copy(c, pn.ascii);
    f->name_bare = pn.nbare >= 0 && *f->name ? f->name + pn.nbare : NULL;
    f->ascii_bare = pn.abare >= 0 && *f->ascii ? f->ascii + pn.abare : NULL;
    return f;
  }
  return &none; /* full: a document naming over 100 places gets no own-name bonus past them */
}

/* Is q (a folded span) the place's own name k (folded): as written or without its Arabic
 * article ("qamishli" is Al Qāmishlī's, "sukhnah" As-Sukhnah's; kbare: k without it, from
 * bare_name)? An alternate name is not ("Pokrovsk" is not Engels's own name). */
static int own_name_match(const char *q, const char *k, const char *kbare) {
  return !strcmp(k, q) || (kbare && !strcmp(kbare, q));
}

int cd_own_name(cdoc *c, const char *q, const sr_place *p) {
  const struct cd_fname *f = fnames(c, p);
  return own_name_match(q, f->name, f->name_bare) || own_name_match(q, f->ascii, f->ascii_bare);
}

/* edit distance of a and b, stopping once it is over max (then max + 1) */
static int edit_within(const char *a, const char *b, int max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63 || (la > lb ? la - lb : lb - la) > (size_t)max) return max + 1;
  int row[64], prev;
  for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    prev = row[0];
    row[0] = (int)i;
    int low = row[0];
    for (size_t j = 1; j <= lb; j++) {
      int cur = row[j];
      int sub = prev + (a[i - 1] != b[j - 1]);
      int del = row[j] + 1, ins = row[j - 1] + 1;
      row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      prev = cur;
      if (row[j] < low) low = row[j];
    }
    if (low > max) return max + 1;
  }
  return row[lb];
}

int cd_close_name(cdoc *c, const char *q, const sr_place *p) {
  const struct cd_fname *f = fnames(c, p);
  if (own_name_match(q, f->name, f->name_bare) || own_name_match(q, f->ascii, f->ascii_bare)) return 1;
  int max = (int)strlen(q) / 5;
  if (max < 1) max = 1;
  const char *names[2] = {f->name, f->ascii};
  for (int i = 0; i < 2; i++) {
    const char *k = names[i];
    if (edit_within(q, k, max) <= max) return 1;
    /* "En Naqoura", "Al Qaim": without a short leading article */
    const char *sp = strchr(k, ' ');
    if (sp && sp - k <= 3 && edit_within(q, sp + 1, max) <= max) return 1;
  }
  return 0;
}

/* Is p a province named without a word for the level ("in Hama", not "in Hama province")
 * whose seat is a candidate of the same span under a close spelling ("Ḩamāh")? A bare name
 * shared by a province and its main town means the town. */
static int seat_named(cdoc *c, const sr_place *p, const pcand *pc, const char *k1) {
  if (pc->admin || p->fclass != 'A' || strcmp(p->fcode, "ADM1")) return 0;
  for (int q = 0; q < pc->n; q++) {
    sr_place t;
    if (pc->idx[q] == p->idx || sr_gaz_get(c->gz, pc->idx[q], &t)) continue;
    if (t.fclass == 'P' && !strcmp(t.cc, p->cc) && !strcmp(t.admin1, p->admin1) && !strncmp(t.fcode, "PPLA", 4) &&
        cd_close_name(c, k1, &t))
      return 1;
  }
  return 0;
}

/* append one reason to the explain buffer (when there is one) */
static void why_add(char *why, size_t cap, const char *r) {
  if (!why) return;
  size_t n = strlen(why);
  if (n + 3 < cap) snprintf(why + n, cap - n, "%s%s", n ? "," : "", r);
}

/* Score of candidate p for the span of pc; with why set (explain), the reasons that
 * added to the score are listed there. */
static int place_score(cdoc *c, const sr_place *p, const pcand *pc, uint32_t para, char *why, size_t wcap) {
  double sc = 0;
  if (why) why[0] = 0;
  if (c->focus[0] && !strcmp(p->cc, c->focus)) sc += 6, why_add(why, wcap, "focus country");
  if (!c->focus[0] && cd_conflict_country(p->cc)) sc += 3, why_add(why, wcap, "conflict country");
  if (p->fclass == 'P') sc += 1;
  if (p->fclass == 'A') sc += 0.5;
  if (!strcmp(p->fcode, "PPLC") || !strcmp(p->fcode, "PPLG") || !strcmp(p->fcode, "PPLA")) sc += 1.5, why_add(why, wcap, "capital");
  else if (!strncmp(p->fcode, "PPLA", 4)) sc += 0.7;
  if (pc->admin && !strcmp(p->fcode, "ADM1")) sc += 8, why_add(why, wcap, "'province'");
  if (pc->hint[0] && !strcmp(p->cc, pc->hint)) sc += 10, why_add(why, wcap, "country named before");
  else if (!pc->hint[0] && pc->scc[0] && !strcmp(p->cc, pc->scc))
    sc += 5, why_add(why, wcap, "country named in the sentence");
  if (pc->in[0] && !strcmp(p->cc, pc->in) && (!pc->in_a1[0] || !strcmp(p->admin1, pc->in_a1)))
    sc += 12, why_add(why, wcap, pc->in_a1[0] ? "inside the admin1 named" : "inside the country named");
  {
    /* its own name beats an old or alternate one: "Pokrovsk" is the Donetsk town, not
     * Engels (once called Pokrovsk) */
    char k1[128];
    sr_fold(c->t->src + pc->ob, pc->oe - pc->ob, k1, sizeof k1);
    if (cd_own_name(c, k1, p) && !seat_named(c, p, pc, k1)) sc += 4, why_add(why, wcap, "own name");
    /* "near Tyre": when a sizeable town has the name as written as its own name, a place that
     * only shares its sound key ("Et Tira") is a weaker reading, even in the focus country */
    else if (pc->own_town && !cd_close_name(c, k1, p)) sc -= 8, why_add(why, wcap, "sound key only");
  }
  if (!strncmp(p->fcode, "PCL", 3)) sc += 7; /* "in south-eastern Niger" is the country */
  if (!pc->admin && !strcmp(p->fcode, "ADM1")) sc -= 0.4;
  if (p->population > 0) {
    sc += log10((double)p->population + 1) / 2.0;
    if (p->population >= 100000) why_add(why, wcap, "population");
  }
  /* proximity to places already resolved in this paragraph */
  for (uint32_t k = c->npl; k-- > 0;) {
    const dplace *q = &c->pl[k];
    if (!q->ok || q->para != para) continue;
    double d = cd_km(p->lat, p->lon, q->lat, q->lon);
    char r[160];
    if (why && d < 200) snprintf(r, sizeof r, "%.0f km from %s", d, q->name ? q->name : "?"); /* --explain only */
    if (d < 60) sc += 2, why_add(why, wcap, r);
    else if (d < 200) sc += 1, why_add(why, wcap, r);
    break;
  }
  return (int)(sc * 100);
}

/* does a town of 10,000 people or more, or a seat, among pc's candidates have the span as
 * written as its own name? */
static int own_town(cdoc *c, const pcand *pc) {
  char k1[128];
  sr_fold(c->t->src + pc->ob, pc->oe - pc->ob, k1, sizeof k1);
  for (int k = 0; k < pc->n; k++) {
    sr_place p;
    if (sr_gaz_get(c->gz, pc->idx[k], &p) || p.fclass != 'P') continue;
    if ((p.population >= 10000 || !strncmp(p.fcode, "PPLA", 4) || !strcmp(p.fcode, "PPLC")) && cd_own_name(c, k1, &p))
      return 1;
  }
  return 0;
}

static int add_place(cdoc *c, pcand *pc, uint32_t si) {
  const sr_sentence *s = &c->t->sent[si];
  int best = -1, bs = -1000000;
  sr_place bp;
  int explain = c->opts && c->opts->explain;
  cd_need_scc(c, pc);
  char why[1024], cw[256];
  why[0] = 0;
  pc->own_town = own_town(c, pc);
  for (int k = 0; k < pc->n; k++) {
    sr_place p;
    if (sr_gaz_get(c->gz, pc->idx[k], &p)) continue;
    int sc = place_score(c, &p, pc, s->para, explain ? cw : NULL, sizeof cw);
    if (sc > bs) bs = sc, best = k, bp = p;
    if (explain) {
      /* "Hamdan SY/Deir ez-Zor P.PPL 12.3 (focus country,own name)" per candidate */
      size_t n = strlen(why);
      if (n + 8 < sizeof why)
        snprintf(why + n, sizeof why - n, "%s%s %s/%s %c.%s %.1f (%s)", n ? " | " : "", p.name, p.cc,
                 p.admin1_name, p.fclass ? p.fclass : '-', p.fcode, sc / 100.0, cw);
    }
  }
  if (best < 0) return 0;
  if (c->npl == c->cpl) {
    uint32_t nc = c->cpl ? c->cpl * 2 : 64;
    dplace *np = sr_arena_alloc(c->a, nc * sizeof *np);
    if (!np) return SR_ENOMEM;
    if (c->npl) memcpy(np, c->pl, c->npl * sizeof *np);
    c->pl = np;
    c->cpl = nc;
  }
  dplace *d = &c->pl[c->npl];
  memset(d, 0, sizeof *d);
  d->b = pc->b, d->e = pc->e, d->sent = si, d->para = s->para;
  d->p = bp;
  d->lat = bp.lat, d->lon = bp.lon;
  d->name = bp.name;
  memcpy(d->cc, bp.cc, 3);
  d->admin1 = bp.admin1_name;
  d->geonameid = bp.geonameid;
  d->prec = !strcmp(bp.fcode, "ADM1") ? "admin1" : !strncmp(bp.fcode, "PCL", 3) ? "country" : "place";
  if (pc->fallback && strcmp(d->prec, "country")) {
    d->prec = "admin1";
    if (bp.admin1_name && bp.admin1_name[0]) d->name = bp.admin1_name;
  }
  d->bearing = -1;
  d->ok = 1;
  d->container = pc->container;
  d->road = pc->road;
  if (explain) {
    char tmp[1400];
    snprintf(tmp, sizeof tmp, "'%.*s' -> %s (%s)%s; candidates: %s", (int)(pc->oe - pc->ob), c->t->src + pc->ob,
             bp.name, bp.cc, pc->fallback ? ", not in the gazetteer inside the area named: the area itself" : "",
             why);
    d->why = sr_arena_strndup(c->a, tmp, strlen(tmp));
  }
  /* relative: "N km DIR of X", "DIR of X", "near X" (not for an area standing in for X, and
   * not for a country or province: "near the Niger border" is no point near a town) */
  if (pc->fallback || strcmp(d->prec, "place")) goto placed;
  uint32_t b = pc->b;
  uint32_t q = b;
  if (q > s->tok_begin && (cd_wf(c, q - 1) & SR_W_DET)) q--;
  /* skip "the city of" */
  if (q >= s->tok_begin + 2 && cd_is(c, q - 1, "of") && (cd_wf(c, q - 2) & SR_W_LOCNOUN) &&
      !(cd_wf(c, q - 2) & SR_W_NEAR)) {
    q -= 2;
    if (q > s->tok_begin && (cd_wf(c, q - 1) & SR_W_DET)) q--;
  }
  if (q >= s->tok_begin + 1 && cd_is(c, q - 1, "of") && q >= s->tok_begin + 2) {
    uint32_t dtok = q - 2;
    double br = bearing_of(cd_fold(c, dtok));
    /* "north-west" is two tokens: north + west (joined by a hyphen) */
    if (br >= 0 && (c->t->tok[dtok].flags & SR_TOK_HYPHEN) && dtok > s->tok_begin) {
      double b0 = bearing_of(cd_fold(c, dtok - 1));
      if (b0 == 0 || b0 == 180) {
        br = b0 == 0 ? (br == 90 ? 45 : 315) : (br == 90 ? 135 : 225);
        dtok--;
      }
    }
    if (br >= 0) {
      d->prec = "near";
      d->bearing = br;
      /* distance? "30 km north-west of", "30 kilometres (20 miles) north of" */
      if (dtok >= s->tok_begin + 2 && (cd_wf(c, dtok - 1) & SR_W_DIST) &&
          (c->t->tok[dtok - 2].flags & SR_TOK_NUM)) {
        double km = atof(cd_fold(c, dtok - 2));
        const char *u = cd_fold(c, dtok - 1);
        if (!strncmp(u, "mile", 4)) km *= 1.609;
        if (km > 0 && km < 1000) {
          cd_offset_point(d->lat, d->lon, km, br, &d->lat, &d->lon);
          d->km = km;
        }
      }
    } else if (cd_wf(c, q - 2) & SR_W_NEAR)
      d->prec = "near";
  } else if (q > s->tok_begin && (cd_wf(c, q - 1) & SR_W_NEAR)) {
    d->prec = "near";
  }
placed:
  c->npl++;
  for (uint32_t t = pc->b; t < pc->e; t++)
    if (!c->tokp[t]) c->tokp[t] = (int32_t)c->npl;
  return 0;
}

/* Containment: "Hamdan in Hasakah", "Sweida in Raqqa province", "Kidal, Mali", "Sweida,
 * Raqqa province": a place named right after place a, joined by "in" (or a comma when the
 * second is marked as a province or is a country, so that lists "Aleppo, Idlib and Hama"
 * are not read as containment), holds a. a's candidates inside that area are kept; when
 * none is (a village the gazetteer lacks, or a homonym elsewhere: the Sweida in Raqqa is
 * not As-Suwayda), a is placed at the area itself with admin1 (or country) precision. */
/* "Portland, Oregon", "Goma, North Kivu": a region record among b's candidates that one of
 * a's candidates lies in; 1 and *out set when there is one */
static int admin_of(cdoc *c, const pcand *a, const pcand *b, sr_place *out) {
  sr_place p, q;
  for (int k = 0; k < b->n; k++) {
    if (sr_gaz_get(c->gz, b->idx[k], &p) || strcmp(p.fcode, "ADM1")) continue;
    for (int j = 0; j < a->n; j++)
      if (sr_gaz_get(c->gz, a->idx[j], &q) == 0 && !strcmp(q.cc, p.cc) && !strcmp(q.admin1, p.admin1) &&
          strcmp(q.fcode, "ADM1")) {
        *out = p;
        return 1;
      }
  }
  return 0;
}

/* is area (an admin district of level 2 or 3) within 60 km of one of a's candidates, or a town
 * within 25 km of a facility among them? */
static int area_near(cdoc *c, const pcand *a, const sr_place *area) {
  int district = area->fclass == 'A' && (!strcmp(area->fcode, "ADM2") || !strcmp(area->fcode, "ADM3"));
  /* "Kutupalong camp, Ukhia": the town a camp, base or airport lies by */
  int town = area->fclass == 'P';
  if (!district && !town) return 0;
  for (int k = 0; k < a->n; k++) {
    sr_place p;
    if (sr_gaz_get(c->gz, a->idx[k], &p) || strcmp(p.cc, area->cc) || !strcmp(p.fcode, area->fcode)) continue;
    if (district && cd_km(p.lat, p.lon, area->lat, area->lon) < 60.0) return 1;
    if (town && p.fclass == 'S' && cd_km(p.lat, p.lon, area->lat, area->lon) < 25.0) return 1;
  }
  return 0;
}

static void containment(cdoc *c, pcand *a, pcand *b, uint32_t si) {
  const sr_sentence *s = &c->t->sent[si];
  uint32_t g = a->e;
  int comma = 0, in = 0;
  /* "the Rabia crossing in Nineveh province": a facility word may come first */
  if (g < b->b && !(c->t->tok[g].flags & SR_TOK_CAP) && (cd_wf(c, g) & SR_W_LOCNOUN) && !(cd_wf(c, g) & SR_W_DIST)) g++;
  if (g < b->b && (c->t->tok[g].flags & SR_TOK_PUNCT) && cd_fold(c, g)[0] == ',') g++, comma = 1;
  /* "Faizabad, the capital of Badakhshan", "Kidal, capital of the Kidal region" */
  if (comma && g + 1 < b->b && (cd_is(c, g, "the") ? cd_is(c, g + 1, "capital") && g + 2 < b->b && cd_is(c, g + 2, "of")
                                                 : cd_is(c, g, "capital") && cd_is(c, g + 1, "of"))) {
    g += cd_is(c, g, "the") ? 3 : 2;
    in = 1;
  }
  if (g < b->b && cd_is(c, g, "in")) g++, in = 1;
  if (g < b->b && (cd_wf(c, g) & SR_W_DET)) g++;
  if (g != b->b || (!comma && !in) || b->n <= 0) return;
  /* b's best candidate, scored as b itself would be */
  pcand bb = *b;
  if (cd_filter_abroad(c, &bb) <= 0) return;
  cd_need_scc(c, &bb);
  sr_place best, p;
  int bs = -1000000, have = 0;
  uint32_t adm_idx = 0;
  int adm = 0;
  for (int k = 0; k < bb.n; k++) {
    if (sr_gaz_get(c->gz, bb.idx[k], &p)) continue;
    int sc = place_score(c, &p, &bb, s->para, NULL, 0);
    if (sc > bs) bs = sc, best = p, have = 1;
  }
  if (!have) return;
  int country = !strncmp(best.fcode, "PCL", 3);
  if (!country && !best.admin1[0]) return;
  if (comma && !in && !country && !b->admin && admin_of(c, a, &bb, &best)) country = 0, b->admin = 1;
  /* "Kutupalong camp, Ukhia, Cox's Bazar": a district named without its level word, close to
   * one of X's candidates, says where X is (the gazetteer's districts carry no admin2 code) */
  if (comma && !in && !country && !b->admin && area_near(c, a, &best)) b->admin = 1;
  if (comma && !in) {
    /* a comma alone: only "X, Y province", "X, Country", "X, Y" where Y is the region one of
     * X's candidates lies in ("Portland, Oregon"), and not inside a list */
    if (!country && !b->admin) return;
    if (b->e < s->tok_end && (((c->t->tok[b->e].flags & SR_TOK_PUNCT) && cd_fold(c, b->e)[0] == ',') || (cd_wf(c, b->e) & SR_W_LISTCONT)) &&
        !b->admin)
      return;
  }
  /* the admin1 record of the container, for the fallback */
  for (int k = 0; k < bb.n && !country; k++)
    if (sr_gaz_get(c->gz, bb.idx[k], &p) == 0 && !strcmp(p.fcode, "ADM1") && !strcmp(p.cc, best.cc) &&
        !strcmp(p.admin1, best.admin1))
      adm_idx = bb.idx[k], adm = 1;
  int keep = 0;
  for (int k = 0; k < a->n; k++) {
    if (sr_gaz_get(c->gz, a->idx[k], &p)) continue;
    if (!strcmp(p.cc, best.cc) && (country || !strcmp(p.admin1, best.admin1)) && strcmp(p.fcode, "ADM1") &&
        strncmp(p.fcode, "PCL", 3))
      a->idx[keep++] = a->idx[k];
  }
  memcpy(a->in, best.cc, 3);
  b->container = 1;
  if (!country) snprintf(a->in_a1, sizeof a->in_a1, "%s", best.admin1);
  if (keep > 0) {
    a->n = keep;
    return;
  }
  /* not in the gazetteer inside the area: the area itself */
  a->idx[0] = adm ? adm_idx : best.idx;
  a->n = 1;
  a->fallback = 1;
}

/* Place candidates, the focus country, then resolution. With pm set, also lists every
 * candidate span (resolved or dropped) as an arena array in *pm / *npm. */
int cd_places(cdoc *cp, sr_place_mention **pm, size_t *npm) {
  sr_arena *a = cp->a;
  uint32_t nsent = cp->nsent;
  cp->tokp = sr_arena_calloc(a, cp->t->ntok ? cp->t->ntok : 1, sizeof *cp->tokp);
  if (!cp->tokp) return SR_ENOMEM;
  if (cp->gz) {
    uint32_t cap = 4096, np = 0;
    pcand *all = sr_arena_alloc(a, cap * sizeof *all);
    uint32_t *psent = sr_arena_alloc(a, cap * sizeof *psent);
    if (!all || !psent) return SR_ENOMEM;
    for (uint32_t si = 0; si < nsent && np < cap; si++) {
      int n = cd_find_places(cp, si, all + np, (int)(cap - np > 64 ? 64 : cap - np));
      for (int k = 0; k < n; k++) psent[np + (uint32_t)k] = si;
      np += (uint32_t)n;
    }
    cd_focus(cp, all, (int)np);
    if (cp->debug) fprintf(stderr, "  focus %s, %u place candidates\n", cp->focus, np);
    sr_place_mention *lst = NULL;
    if (pm) {
      lst = sr_arena_calloc(a, np ? np : 1, sizeof *lst);
      if (!lst) return SR_ENOMEM;
      *pm = lst;
      *npm = np;
      for (uint32_t k = 0; k < np; k++) {
        lst[k].sent = psent[k] + 1;
        lst[k].off = all[k].ob;
        lst[k].len = all[k].oe - all[k].ob;
        lst[k].ncand = all[k].n;
        lst[k].cue = all[k].cue;
      }
    }
    for (uint32_t k = 0; k < np; k++) {
      uint32_t before = cp->npl;
      if (cd_filter_abroad(cp, &all[k]) > 0) {
        if (k + 1 < np && psent[k + 1] == psent[k]) containment(cp, &all[k], &all[k + 1], psent[k]);
        if (add_place(cp, &all[k], psent[k])) break; /* cap: keep what fits */
      }
      if (lst && cp->npl > before) {
        const dplace *d = &cp->pl[before];
        lst[k].resolved = 1;
        lst[k].place = d->p;
        lst[k].lat = d->lat, lst[k].lon = d->lon;
        lst[k].precision = d->prec;
      }
    }
  } else {
    cd_focus(cp, NULL, 0);
  }
  return 0;
}
