/* src/store/situation_render.c - the situation picture written out: plain text for a reader,
 * JSON for programs, GeoJSON for the map page (places and movements in one collection, with
 * their facts and last events) and flat GIS layers (points or lines, one column per field). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query_internal.h"
#include "store_internal.h"
#include "situation_internal.h"

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
  int n = snprintf(buf, cap, "%s", g->name);
  if (g->local && n >= 0 && (size_t)n < cap) n += snprintf(buf + n, cap - (size_t)n, " (%s)", g->local);
  if (g->also && n >= 0 && (size_t)n < cap) snprintf(buf + n, cap - (size_t)n, " (also %s)", g->also);
  return buf;
}

/* The place a holding is of: the captured place's own name, with the gazetteer's in brackets. */
static const char *control_label(const sit *s, int p, char *buf, size_t cap) {
  const splace *g = &s->pl[p];
  const sev *h = &s->ev[g->holder];
  if (strcmp(h->loc, g->gname) == 0) snprintf(buf, cap, "%s%s%s%s", g->name, g->local ? " (" : "",
                                               g->local ? g->local : "", g->local ? ")" : "");
  else if (strcmp(h->disp, h->loc) != 0) snprintf(buf, cap, "%s (%s)", h->disp, h->loc);
  else snprintf(buf, cap, "%s", h->disp);
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
  if (sit_has_any(t, conv)) return "converging on";
  if (sit_has_any(t, arr)) return "arriving in";
  if (sit_has_any(t, dep)) return "deploying forces to";
  return "massing forces near";
}

/* One fact as a sentence (no evidence), into b. */
static void fact_text(const sit *s, const sfact *f, sr_buf *b) {
  const char *src = sit_actor_name(f->src, f->srcn, "unidentified forces");
  const char *tgt = f->tgt[0] ? sit_actor_name(f->tgt, f->tgtn, "") : NULL;
  const char *pl = s->pl[f->place].name;
  const sev *e = &s->ev[f->best];
  const char *at = strcmp(e->prec, "near") == 0 || s->pl[f->place].also ? "near" : "in";
  switch (f->rel) {
  case R_SIEGE:
    /* the first report in the window, not the siege's start */
    if (tgt) sr_buf_printf(b, "%s reported besieged by %s %s %s since %s", tgt, src, at, pl, f->first);
    else sr_buf_printf(b, "%s reported besieged by %s since %s", pl, src, f->first);
    break;
  case R_CAPTURE: /* taken from an armed actor only; a place itself, else ground near or in it */
    if (!sit_is_armed(f->tgt, e->tgt_inter)) tgt = NULL;
    if (strcmp(e->prec, "place") != 0) {
      sr_buf_printf(b, "%s took ground %s %s%s%s on %s", src, strcmp(e->prec, "near") == 0 ? "near" : "in", pl,
                    tgt ? " from " : "", tgt ? tgt : "", f->last);
      break;
    }
    sr_buf_printf(b, "%s took %s%s%s on %s", src, pl, tgt ? " from " : "", tgt ? tgt : "", f->last);
    break;
  case R_ADVANCE:
    sr_buf_printf(b, "%s advancing %s%s %s %s (", src, tgt ? "on " : "", tgt ? tgt : "", at, pl);
    span(b, f);
    break;
  case R_WITHDRAW: /* a country or region named: positions in it, not all of it */
    sr_buf_printf(b, "%s withdrawing from %s%s%s%s%s%s (%s)", src,
                  strcmp(e->prec, "country") == 0 || strcmp(e->prec, "admin1") == 0 ? "positions in " : "", pl, tgt ? " before " : "", tgt ? tgt : "",
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
      sr_buf_printf(b, "%s %s %s %s %s (%s)", src, sit_attack_verb(e->cameo), tgt ? tgt : "targets", at, pl,
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
      if (!ids[k][0] || (k == 1 && sit_same(ids[0], ids[1]))) continue;
      int j;
      for (j = 0; j < *n; j++)
        if (sit_same(v[j].id, ids[k])) break;
      if (j == *n) {
        if (sit_grow((void **)&v, &cv, *n + 1, sizeof *v)) return v;
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
  if (*n) qsort(v, (size_t)*n, sizeof *v, cmp_fact);
  return v;
}

/* What the source of e did, in plain words, with its target: "took Selydove from Ukrainian
 * armed forces", "seized people", "shelled Islamic State". */
static void event_phrase(const sev *e, sr_buf *b) {
  const char *tgt = e->tgt[0] ? sit_actor_name(e->tgt, e->tgtn, "") : NULL;
  if (strncmp(e->cameo, "192", 3) == 0 && e->rel == R_ATTACK) { /* people seized, not the place */
    sr_buf_printf(b, "seized people");
  } else if (e->rel == R_CAPTURE && strcmp(e->prec, "place") == 0) {
    sr_buf_printf(b, "took %s%s%s", e->disp, tgt && sit_is_armed(e->tgt, e->tgt_inter) ? " from " : "",
                  tgt && sit_is_armed(e->tgt, e->tgt_inter) ? tgt : "");
  } else {
    sr_buf_printf(b, "%s%s%s", sit_plain_action(e->cameo, tgt != NULL), tgt ? " " : "", tgt ? tgt : "");
  }
}

static void move_text(const sit *s, const smove *m, sr_buf *b) {
  const sev *a = &s->ev[m->from], *z = &s->ev[m->to];
  const char *who = sit_actor_name(m->actor, m->actorn, "?");
  if (m->inferred) /* no report says it moved */
    sr_buf_printf(b, "%s reported at %s on %s, at %s on %s", who, s->pl[a->place].name, a->date,
                  s->pl[z->place].name, z->date);
  else
    sr_buf_printf(b, "%s moving from %s towards %s (left %s, %s)", who, s->pl[a->place].name,
                  s->pl[z->place].name, a->date,
                  z->rel == R_ADVANCE || z->rel == R_CAPTURE ? "advancing there" : "converging there");
}

int sit_render_text(const sit *s, const sr_situation_opts *o, int days, sr_buf *b) {
  int *order = malloc(sizeof *order * (size_t)(s->nar ? s->nar : 1));
  if (!order) return SR_ENOMEM;
  for (int i = 0; i < s->nar; i++) order[i] = i;
  g_sort_sit = s;
  if (s->nar) qsort(order, (size_t)s->nar, sizeof *order, cmp_area);
  sr_buf_printf(b, "SITUATION %s as of %s (%d day%s, %s..%s inclusive): %d located event%s from %ld report%s",
                o->country ? o->country : "all countries", o->as_of, days, days == 1 ? "" : "s", s->first, o->as_of,
                s->nev, s->nev == 1 ? "" : "s", s->nreports, s->nreports == 1 ? "" : "s");
  if (s->nunlocated)
    sr_buf_printf(b, "; %ld event%s without a place left out", s->nunlocated, s->nunlocated == 1 ? "" : "s");
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
    if (!nf) sr_buf_printf(b, " %d event%s", ar->nev, ar->nev == 1 ? "" : "s");
    sr_buf_printf(b, "\n  Active: ");
    for (int k = 0; k < na && k < 8; k++)
      sr_buf_printf(b, "%s%s (%s) %d event%s", k ? ", " : "", sit_actor_name(ac[k].id, ac[k].name, "?"),
                    ac[k].id, ac[k].n, ac[k].n == 1 ? "" : "s");
    if (!na) sr_buf_printf(b, "-");
    sr_buf_printf(b, "\n");
    /* control */
    for (int p = 0; p < s->npl; p++) {
      const splace *g = &s->pl[p];
      if (g->area != a || g->holder < 0) continue;
      const sev *h = &s->ev[g->holder];
      const char *who = sit_actor_name(g->hid, g->hname, "?");
      if (g->ended >= 0) {
        const sev *w = &s->ev[g->ended];
        sr_buf_printf(b, "  * Control: %s withdrew from %s on %s (held since %s; %d report%s): ", who,
                      control_label(s, p, lab, sizeof lab), w->date, h->date, w->nrep, w->nrep == 1 ? "" : "s");
        quote(b, w->evid);
      } else {
        sr_buf_printf(b, "  * Control: %s held by %s since %s%s%s (%d report%s, %d source%s): ",
                      control_label(s, p, lab, sizeof lab), who, h->date, g->fid[0] ? ", taken from " : "",
                      g->fid[0] ? sit_actor_name(g->fid, g->fname, "") : "", h->nrep, h->nrep == 1 ? "" : "s",
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
      sr_buf_printf(b, "  - %s %s: %s ", e->date, e->disp, sit_actor_name(e->src, e->srcn, "unidentified forces"));
      event_phrase(e, b);
      sr_buf_printf(b, " (%d report%s)\n", e->nrep, e->nrep == 1 ? "" : "s");
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
  jstr(b, sit_actor_name(id, name, ""));
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
  jstr(b, e->disp);
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
  int own = strcmp(h->loc, g->gname) == 0; /* the group's main name, else a name merged into it */
  sr_buf_printf(b, "{\"place\":");
  jstr(b, own ? g->name : h->disp);
  sr_buf_printf(b, ",\"local\":");
  if (own ? g->local != NULL : strcmp(h->disp, h->loc) != 0) jstr(b, own ? g->local : h->loc);
  else sr_buf_append(b, "null", 4);
  sr_buf_printf(b, ",\"holder\":");
  jactor(b, g->hid, g->hname);
  sr_buf_printf(b, ",\"since\":");
  jstr(b, h->date);
  sr_buf_printf(b, ",\"taken_from\":");
  jactor(b, g->fid, g->fname);
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

int sit_render_json(const sit *s, const sr_situation_opts *o, int days, sr_buf *b) {
  sr_buf_printf(b, "{\"as_of\":");
  jstr(b, o->as_of);
  sr_buf_printf(b, ",\"from\":"); /* the first day counted */
  jstr(b, s->first);
  sr_buf_printf(b, ",\"days\":%d,\"country\":", days);
  if (o->country) jstr(b, o->country);
  else sr_buf_append(b, "null", 4);
  sr_buf_printf(b, ",\"events\":%d,\"reports\":%ld,\"unlocated\":%ld,\"areas\":[", s->nev, s->nreports,
                s->nunlocated);
  int *order = malloc(sizeof *order * (size_t)(s->nar ? s->nar : 1));
  if (!order) return SR_ENOMEM;
  for (int i = 0; i < s->nar; i++) order[i] = i;
  g_sort_sit = s;
  if (s->nar) qsort(order, (size_t)s->nar, sizeof *order, cmp_area);
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
      jstr(b, sit_actor_name(ac[k].id, ac[k].name, ""));
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
      sr_buf_printf(b, ",\"local\":");
      if (s->pl[p].local) jstr(b, s->pl[p].local);
      else sr_buf_append(b, "null", 4);
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

int sit_render_geojson(const sit *s, sr_buf *b) {
  sr_buf_printf(b, "{\"type\":\"FeatureCollection\",\"features\":[");
  int nfeat = 0;
  for (int p = 0; p < s->npl; p++) {
    const splace *g = &s->pl[p];
    sr_buf_printf(b, "%s\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},"
                  "\"properties\":{\"kind\":\"place\",\"name\":",
                  nfeat++ ? "," : "", g->lon, g->lat);
    jstr(b, g->name);
    sr_buf_printf(b, ",\"local\":");
    if (g->local) jstr(b, g->local);
    else sr_buf_append(b, "null", 4);
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
          dupl = s->ev[j].place == p && (sit_same(s->ev[j].src, ids[k]) || sit_same(s->ev[j].tgt, ids[k]));
        if (dupl || (k == 1 && sit_same(ids[0], ids[1]))) continue;
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

/* ---- flat GIS layers: one property per field */

static void fstr(sr_buf *b, const char *key, const char *v) {
  sr_buf_printf(b, ",\"%s\":", key);
  jstr(b, v);
}

/* the place layer: a Point per place group with its holder, siege and activity */
static void layer_place(const sit *s, sr_buf *b, int p) {
  const splace *g = &s->pl[p];
  sr_buf_printf(b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]},"
                   "\"properties\":{\"name\":",
                g->lon, g->lat);
  jstr(b, g->name);
  fstr(b, "admin1", s->ar_[g->area].admin1);
  fstr(b, "country", s->ar_[g->area].cc);
  sr_buf_printf(b, ",\"reports\":%d", g->nrep);
  const sev *h = g->holder >= 0 && g->ended < 0 ? &s->ev[g->holder] : NULL;
  fstr(b, "local_name", g->local ? g->local : "");
  fstr(b, "holder_id", h ? g->hid : "");
  fstr(b, "holder_name", h ? sit_actor_name(g->hid, g->hname, "") : "");
  fstr(b, "held_since", h ? h->date : "");
  fstr(b, "taken_from_id", h ? g->fid : "");
  fstr(b, "taken_from_name", h ? sit_actor_name(g->fid, g->fname, "") : "");
  sr_buf tmp;
  sr_buf_init(&tmp, 1 << 16);
  for (int f = 0; f < s->nfa; f++)
    if (s->fa[f].place == p && s->fa[f].rel == R_SIEGE)
      sr_buf_printf(&tmp, "%s%s", tmp.len ? "; " : "", sit_actor_name(s->fa[f].src, s->fa[f].srcn, "?"));
  fstr(b, "besieged_by", tmp.data ? tmp.data : "");
  const sev *last = NULL;
  int nev = 0;
  for (int i = 0; i < s->nev; i++)
    if (s->ev[i].place == p) last = &s->ev[i], nev++;
  sr_buf_printf(b, ",\"events\":%d", nev);
  fstr(b, "last_date", last ? last->date : "");
  fstr(b, "last_event", last ? last->evid : "");
  sr_buf_printf(b, "}}");
  sr_buf_free(&tmp);
}

/* the movement layer: a LineString per movement from its first place to its last */
static void layer_move(const sit *s, sr_buf *b, const smove *m) {
  const sev *a = &s->ev[m->from], *z = &s->ev[m->to];
  const splace *pa = &s->pl[a->place], *pz = &s->pl[z->place];
  sr_buf_printf(b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                   "[[%.4f,%.4f],[%.4f,%.4f]]},\"properties\":{\"actor_id\":",
                pa->lon, pa->lat, pz->lon, pz->lat);
  jstr(b, m->actor);
  fstr(b, "actor_name", sit_actor_name(m->actor, m->actorn, ""));
  fstr(b, "kind", m->inferred ? "inferred" : "reported");
  fstr(b, "from_place", pa->name);
  fstr(b, "from_date", a->date);
  fstr(b, "to_place", pz->name);
  fstr(b, "to_date", z->date);
  sr_buf tmp;
  sr_buf_init(&tmp, 1 << 16);
  move_text(s, m, &tmp);
  fstr(b, "text", tmp.data ? tmp.data : "");
  sr_buf_free(&tmp);
  sr_buf_printf(b, "}}");
}

int sit_render_layer(const sit *s, int lines, sr_buf *b) {
  sr_buf_printf(b, "{\"type\":\"FeatureCollection\",\"name\":\"%s\",\"features\":[", lines ? "movements" : "places");
  int n = 0;
  if (!lines)
    for (int p = 0; p < s->npl; p++) {
      sr_buf_printf(b, "%s\n", n++ ? "," : "");
      layer_place(s, b, p);
    }
  else
    for (int m = 0; m < s->nmv; m++) {
      sr_buf_printf(b, "%s\n", n++ ? "," : "");
      layer_move(s, b, &s->mv[m]);
    }
  sr_buf_printf(b, "%s]}\n", n ? "\n" : "");
  return 0;
}
