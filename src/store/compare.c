/* src/store/compare.c - coded events against imported ACLED events (`sitrep compare`), per
 * country and month:
 *   coded, acled   the events of each origin dated in that month
 *   matched        pairs of a coded and an imported event in the same country, within km
 *                  (default SR_MERGE_KM) and days (default SR_MERGE_DAYS) of each other; each
 *                  event in at most one pair, the closest pairs first (distance / km + days /
 *                  (days + 1)); a pair counts in the month of its imported event
 *   type_agree     matched pairs whose ACLED event types are equal
 * Events without a date are left out (they belong to no month); events without a point are
 * counted but never matched.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_internal.h"
#include "store_internal.h"

typedef struct cev {
  long day;
  double lat, lon;
  int located, imported, paired;
  char cc[3], month[8], type[48];
} cev;

typedef struct cpair {
  int a, b; /* indexes of the coded and the imported event */
  double cost;
} cpair;

typedef struct crow {
  char cc[3], month[8];
  long coded, imported, matched, agree;
} crow;

static int cmp_pair(const void *x, const void *y) {
  const cpair *a = x, *b = y;
  return a->cost < b->cost ? -1 : a->cost > b->cost;
}

static int load(sr_store *s, const sr_compare_opts *o, cev **out, int *n, sr_error *err) {
  sqlite3_stmt *st;
  const char *sql = "SELECT origin, date, cc, has_loc, lat, lon, acled FROM events"
                    " WHERE date IS NOT NULL AND (?1 IS NULL OR cc = ?1) AND (?2 IS NULL OR date >= ?2)"
                    " AND (?3 IS NULL OR date <= ?3) ORDER BY cc, date LIMIT ?4";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return sr_store_sqlerr(s, err, "compare");
  if (o->country) sqlite3_bind_text(st, 1, o->country, -1, SQLITE_STATIC);
  if (o->from) sqlite3_bind_text(st, 2, o->from, -1, SQLITE_STATIC);
  if (o->to) sqlite3_bind_text(st, 3, o->to, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, SR_COMPARE_MAX_EVENTS + 1);
  cev *v = NULL;
  int cap = 0, rc;
  *n = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == SR_COMPARE_MAX_EVENTS) {
      free(v);
      sqlite3_finalize(st);
      return sr_error_set(err, SR_ELIMIT, "compare: more than %d events; narrow it with --country or --from/--to",
                          SR_COMPARE_MAX_EVENTS);
    }
    if (*n == cap) {
      cap = cap ? cap * 2 : 1024;
      cev *nv = realloc(v, (size_t)cap * sizeof *nv);
      if (!nv) {
        free(v);
        sqlite3_finalize(st);
        return sr_error_set(err, SR_ENOMEM, "compare: out of memory");
      }
      v = nv;
    }
    cev *e = &v[(*n)++];
    memset(e, 0, sizeof *e);
    const char *origin = (const char *)sqlite3_column_text(st, 0), *date = (const char *)sqlite3_column_text(st, 1);
    const char *cc = (const char *)sqlite3_column_text(st, 2), *type = (const char *)sqlite3_column_text(st, 6);
    int ok;
    e->imported = origin && strcmp(origin, "coded") != 0;
    e->day = sr_merge_day(date, &ok);
    e->located = ok && sqlite3_column_int(st, 3) && sqlite3_column_type(st, 4) != SQLITE_NULL;
    e->lat = sqlite3_column_double(st, 4);
    e->lon = sqlite3_column_double(st, 5);
    snprintf(e->cc, sizeof e->cc, "%s", cc ? cc : "");
    snprintf(e->month, sizeof e->month, "%.7s", date ? date : "");
    snprintf(e->type, sizeof e->type, "%s", type ? type : "");
  }
  sqlite3_finalize(st);
  *out = v;
  return rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, "compare");
}

/* the candidate pairs of the country block v[b..e) (sorted by date) */
static int pairs_of(const cev *v, int b, int e, const sr_compare_opts *o, cpair **p, int *np, int *cp) {
  for (int i = b; i < e; i++) {
    if (!v[i].imported || !v[i].located) continue;
    int lo = b, hi = e; /* the first event of the block on or after day - days (dates are sorted) */
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (v[mid].day < v[i].day - o->days) lo = mid + 1;
      else hi = mid;
    }
    for (int j = lo; j < e && v[j].day <= v[i].day + o->days; j++) {
      if (v[j].imported || !v[j].located) continue;
      double km = sr_store_km(v[i].lat, v[i].lon, v[j].lat, v[j].lon);
      if (km > o->km) continue;
      if (*np == *cp) {
        int nc = *cp ? *cp * 2 : 1024;
        cpair *q = realloc(*p, (size_t)nc * sizeof *q);
        if (!q) return SR_ENOMEM;
        *p = q, *cp = nc;
      }
      (*p)[(*np)++] = (cpair){j, i, km / o->km + (double)labs(v[j].day - v[i].day) / (o->days + 1)};
    }
  }
  return 0;
}

static crow *row_of(crow **rows, int *n, int *cap, const cev *e) {
  for (int i = *n - 1; i >= 0 && !strcmp((*rows)[i].cc, e->cc); i--)
    if (!strcmp((*rows)[i].month, e->month)) return &(*rows)[i];
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 256;
    crow *q = realloc(*rows, (size_t)nc * sizeof *q);
    if (!q) return NULL;
    *rows = q, *cap = nc;
  }
  crow *r = &(*rows)[(*n)++];
  memset(r, 0, sizeof *r);
  memcpy(r->cc, e->cc, 3);
  memcpy(r->month, e->month, 8);
  return r;
}

static int cmp_row(const void *x, const void *y) {
  const crow *a = x, *b = y;
  int c = strcmp(a->cc, b->cc);
  return c ? c : strcmp(a->month, b->month);
}

static void render(const crow *r, int n, const sr_compare_opts *o, int json, sr_buf *b) {
  crow t = {.cc = "", .month = ""};
  for (int i = 0; i < n; i++)
    t.coded += r[i].coded, t.imported += r[i].imported, t.matched += r[i].matched, t.agree += r[i].agree;
  if (json) {
    sr_buf_printf(b, "{\"km\":%g,\"days\":%d,\"rows\":[", o->km, o->days);
    for (int i = 0; i < n; i++)
      sr_buf_printf(b, "%s{\"country\":\"%s\",\"month\":\"%s\",\"coded\":%ld,\"acled\":%ld,\"matched\":%ld,"
                       "\"type_agree\":%ld}",
                    i ? "," : "", r[i].cc, r[i].month, r[i].coded, r[i].imported, r[i].matched, r[i].agree);
    sr_buf_printf(b, "],\"total\":{\"coded\":%ld,\"acled\":%ld,\"matched\":%ld,\"type_agree\":%ld}}\n", t.coded,
                  t.imported, t.matched, t.agree);
    return;
  }
  sr_buf_printf(b, "%-7s %-7s %7s %7s %8s %11s\n", "country", "month", "coded", "acled", "matched", "type agree");
  for (int i = 0; i <= n; i++) {
    const crow *x = i < n ? &r[i] : &t;
    char agree[32];
    if (x->matched) snprintf(agree, sizeof agree, "%ld (%.0f%%)", x->agree, 100.0 * (double)x->agree / (double)x->matched);
    else snprintf(agree, sizeof agree, "-");
    sr_buf_printf(b, "%-7s %-7s %7ld %7ld %8ld %11s\n", i < n ? x->cc : "all", i < n ? x->month : "", x->coded,
                  x->imported, x->matched, agree);
  }
  sr_buf_printf(b, "matched: a coded and an ACLED event within %g km and %d days, each in one pair at most;\n"
                   "type agree: matched pairs with the same ACLED event type\n",
                o->km, o->days);
}

int sr_store_compare(sr_store *s, const sr_compare_opts *opts, int json, sr_buf *out, sr_error *err) {
  sr_compare_opts o = opts ? *opts : (sr_compare_opts){0};
  if (o.km <= 0) o.km = SR_MERGE_KM;
  if (o.days <= 0) o.days = SR_MERGE_DAYS;
  if (!isfinite(o.km) || o.km > 20000 || o.days > 366)
    return sr_error_set(err, SR_EINPUT, "compare: --km must be in (0, 20000] and --days in [1, 366]");
  if ((o.from && !sr_store_date_ok(o.from)) || (o.to && !sr_store_date_ok(o.to)))
    return sr_error_set(err, SR_EINPUT, "compare: --from/--to must be dates YYYY-MM-DD");
  cev *v = NULL;
  int n = 0, rc = load(s, &o, &v, &n, err);
  cpair *p = NULL;
  crow *rows = NULL;
  int np = 0, cp = 0, nrows = 0, crows = 0;
  for (int b = 0; !rc && b < n;) { /* one country at a time */
    int e = b;
    while (e < n && !strcmp(v[e].cc, v[b].cc)) e++;
    np = 0;
    if (pairs_of(v, b, e, &o, &p, &np, &cp)) rc = sr_error_set(err, SR_ENOMEM, "compare: out of memory");
    if (np) qsort(p, (size_t)np, sizeof *p, cmp_pair);
    for (int k = 0; !rc && k < np; k++) {
      if (v[p[k].a].paired || v[p[k].b].paired) continue;
      v[p[k].a].paired = v[p[k].b].paired = 1;
      crow *r = row_of(&rows, &nrows, &crows, &v[p[k].b]);
      if (!r) rc = sr_error_set(err, SR_ENOMEM, "compare: out of memory");
      else r->matched++, r->agree += strcmp(v[p[k].a].type, v[p[k].b].type) == 0;
    }
    for (int i = b; !rc && i < e; i++) {
      crow *r = row_of(&rows, &nrows, &crows, &v[i]);
      if (!r) rc = sr_error_set(err, SR_ENOMEM, "compare: out of memory");
      else if (v[i].imported) r->imported++;
      else r->coded++;
    }
    b = e;
  }
  if (!rc) {
    if (nrows) qsort(rows, (size_t)nrows, sizeof *rows, cmp_row);
    render(rows, nrows, &o, json, out);
  }
  free(v);
  free(p);
  free(rows);
  return rc;
}
