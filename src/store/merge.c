/* src/store/merge.c - merging reports into real-world events.
 *
 * The rule (README "Event merging"). A new report R joins an existing event E
 * when all of these hold:
 *   1. Dates: both dated, and R's date is within SR_MERGE_DAYS days of E's
 *      (modal) date. Undated reports are never merged.
 *   2. Action: the same CAMEO action class (sr_merge_action_class):
 *        01-05 verbal cooperation, 06-08 material cooperation,
 *        09-13 verbal conflict (investigate, demand, disapprove, reject, threaten),
 *        14 protest, 15 force posture, 16 reduce relations, 17 coerce,
 *        18-20 material conflict (assault, fight, mass violence).
 *      "IS attacked the army" (190), "clashes" (193) and "a suicide car bomb"
 *      (183) can be one event; "threatened to attack" (13x) and "attacked"
 *      (19x) cannot.
 *   3. Actors: the same actor ids (the lexicon resolves aliases: Daesh, IS
 *      and the Islamic State are all ISIS) on each side, where a side that is
 *      missing on either report (or only "UNKNOWN": gunmen, unidentified
 *      attackers) matches anything. For material conflict the two sides may
 *      also be swapped ("IS attacked the SDF" and "the SDF clashed with IS"
 *      are one fight), and a civilian target (CIV) matches any target, since
 *      reports describe the victims of one strike inconsistently (civilians,
 *      soldiers, "residential areas") - but then the attacker must be the
 *      same. At most one side may be a wildcard against a named actor: an
 *      unnamed attacker of civilians is not every fight nearby that day.
 *   4. Places: both point places ("place" or "near" precision) within
 *      SR_MERGE_KM km; or, when either is only known to its admin1, the same
 *      country and admin1; or, when either is only known to its country, the
 *      same country. A report without a place joins only events without one.
 * Among several candidates the nearest wins: score = km / SR_MERGE_KM (0.6 for
 * an admin1 match, 0.8 for a country match) + |days| / (SR_MERGE_DAYS + 1)
 * + 0.3 per side matched only because it was missing + 0.2 for swapped sides;
 * lowest score, then oldest event.
 *
 * Merged fields of an event, voted over its first SR_MERGE_REVOTE_MAX reports:
 *   - place: the most precise (place > near > admin1 > country); among equally
 *     precise places, the one most reports name; then the earliest report's;
 *   - date: the most frequent report date (ties: the earliest); date_min and
 *     date_max span all reports;
 *   - CAMEO code: the most specific when the codes are compatible (each a
 *     prefix of it, with a trailing 0 read as "unspecified": 190 ~ 19 ~ 193),
 *     else the most frequent (ties: the more specific, then the first);
 *     its ACLED type: the coder's reading most reports of that code give (ties:
 *     the smaller name), else the code's mapping;
 *   - actors: filled from any report when the event lacks one.
 * nreports counts reports; ndocs counts distinct documents, a near-duplicate
 * document counting as its original (COALESCE(dup_of, id)).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define KM_PER_DEG 111.195

int sr_merge_action_class(const char *cameo) {
  if (!cameo || cameo[0] < '0' || cameo[0] > '9' || cameo[1] < '0' || cameo[1] > '9') return 0;
  int r = (cameo[0] - '0') * 10 + (cameo[1] - '0');
  if (r >= 1 && r <= 5) return 1;   /* verbal cooperation */
  if (r >= 6 && r <= 8) return 2;   /* material cooperation */
  if (r >= 9 && r <= 13) return 3;  /* verbal conflict */
  if (r >= 14 && r <= 17) return r - 10; /* 4 protest, 5 posture, 6 reduce relations, 7 coerce */
  if (r >= 18 && r <= 20) return 8; /* material conflict */
  return 0;
}

long sr_merge_day(const char *d, int *ok) {
  *ok = 0;
  if (!d) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (d[i] != '-') return 0;
    } else if (d[i] < '0' || d[i] > '9') {
      return 0;
    }
  }
  if (d[10] != '\0') return 0;
  long y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  long m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
  if (m < 1 || m > 12 || dd < 1 || dd > 31) return 0;
  *ok = 1;
  return sr_day_number((int)y, (int)m, (int)dd);
}

static void day_str(long z, char out[11]) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  if (y < 0) y = 0;
  if (y > 9999) y = 9999;
  char tmp[48];
  snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, m, d);
  memcpy(out, tmp, 10);
  out[10] = '\0';
}

static double km_between(double lat1, double lon1, double lat2, double lon2) {
  const double r = M_PI / 180.0;
  double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * 6371.0 * asin(fmin(1.0, sqrt(a)));
}

/* 4 place, 3 near, 2 admin1, 1 country, 0 none */
static int prec_rank(const char *p) {
  if (!p || !*p) return 0;
  if (!strcmp(p, "place")) return 4;
  if (!strcmp(p, "near")) return 3;
  if (!strcmp(p, "admin1")) return 2;
  if (!strcmp(p, "country")) return 1;
  return 3; /* unknown precision of a located report: treat as a nearby point */
}

static const char *nz(const char *s) {
  return s ? s : "";
}

/* ---- the report being merged, flattened */
typedef struct rep {
  const char *date; /* NULL = undated */
  long day;
  int told;         /* the date comes from the text (no report lag) */
  int prec;         /* ACLED time precision, 0 none */
  int fatal, hurt;  /* -1 not said */
  const char *acled, *acled_sub;
  int src_inter, tgt_inter;
  const char *src, *tgt, *src_name, *tgt_name;
  const char *cameo;
  int cls;
  int has_loc, rank;
  const char *loc_name, *cc, *admin1, *admin2, *precision;
  double lat, lon;
  uint32_t geonameid;
} rep;

/* An actor id that names no one in particular: "UNKNOWN" (gunmen, unidentified
 * attackers) is a missing side. */
static int vague(const char *a) {
  return !*a || strcmp(a, "UNKNOWN") == 0;
}

/* For material conflict the victims are described inconsistently (residents,
 * civilians, soldiers, no one), so a civilian target matches any target there. */
static int side_eq(const char *a, const char *b, int *loose) {
  if (vague(a) && vague(b)) return 1; /* nobody named on either: the same "nobody" */
  if (vague(a) || vague(b)) {
    (*loose)++;
    return 1;
  }
  return strcmp(a, b) == 0;
}

/* Actor match; 0 = no, else 1 with *cost and *swapped. */
static int actors_match(const rep *r, const char *es, const char *et, double *cost, int *swapped) {
  int loose = 0;
  *swapped = 0;
  /* the victims may be described differently, but then the attacker must be the same (an
   * unnamed attacker of civilians is not every attack nearby that day) */
  if (r->cls == 8 && (!strcmp(r->tgt, "CIV") || !strcmp(et, "CIV")) && side_eq(r->src, es, &loose) &&
      !loose) {
    *cost = 0.3;
    return 1;
  }
  /* at most one side may be a wildcard against a named actor */
  loose = 0;
  if (side_eq(r->src, es, &loose) && side_eq(r->tgt, et, &loose) && loose < 2) {
    *cost = 0.3 * loose;
    return 1;
  }
  if (r->cls != 8) return 0;
  loose = 0;
  if (side_eq(r->src, et, &loose) && side_eq(r->tgt, es, &loose) && loose < 2) {
    *swapped = 1;
    *cost = 0.3 * loose + 0.2;
    return 1;
  }
  return 0;
}

/* Place match; 0 = no, else 1 with *cost. */
static int place_match(const rep *r, int erank, const char *ecc, const char *eadm1, double elat,
                       double elon, double *cost) {
  if (!r->has_loc || erank == 0) {
    *cost = 0;
    return !r->has_loc && erank == 0;
  }
  if (strcmp(nz(r->cc), nz(ecc)) != 0) return 0;
  if (r->rank == 1 || erank == 1) {
    *cost = 0.8;
    return 1;
  }
  if (r->rank == 2 || erank == 2) {
    *cost = 0.6;
    return *nz(r->admin1) && strcmp(nz(r->admin1), nz(eadm1)) == 0;
  }
  double km = km_between(r->lat, r->lon, elat, elon);
  if (km > SR_MERGE_KM) return 0;
  *cost = km / SR_MERGE_KM;
  return 1;
}

typedef struct best {
  int64_t id;
  double score;
  int swapped;
} best;

/* Scan one candidate statement (columns: id, date, src_id, tgt_id, root,
 * precision, lat, lon, admin1, date_told) and keep the best match. */
static int scan(sr_store *s, sqlite3_stmt *st, const rep *r, best *b, sr_error *err) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const char *root = (const char *)sqlite3_column_text(st, 4);
    if (sr_merge_action_class(root) != r->cls) continue;
    int ok;
    long eday = sr_merge_day((const char *)sqlite3_column_text(st, 1), &ok);
    /* two dates the texts told have no reporting lag between them */
    long window = r->told && sqlite3_column_int(st, 9) ? SR_MERGE_DAYS_TOLD : SR_MERGE_DAYS;
    if (!ok || labs(eday - r->day) > window) continue;
    double ac, pc;
    int sw;
    if (!actors_match(r, nz((const char *)sqlite3_column_text(st, 2)),
                      nz((const char *)sqlite3_column_text(st, 3)), &ac, &sw))
      continue;
    int erank = sqlite3_column_type(st, 6) == SQLITE_NULL
                    ? 0
                    : prec_rank((const char *)sqlite3_column_text(st, 5));
    /* the candidate statements are per country, so the country matches */
    if (!place_match(r, erank, r->cc, (const char *)sqlite3_column_text(st, 8),
                     sqlite3_column_double(st, 6), sqlite3_column_double(st, 7), &pc))
      continue;
    double score = pc + ac + (double)labs(eday - r->day) / (SR_MERGE_DAYS + 1);
    if (!b->id || score < b->score || (score == b->score && id < b->id)) {
      b->id = id;
      b->score = score;
      b->swapped = sw;
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, "merge candidates");
}

int64_t sr_merge_cell(double lat, double lon) {
  return (int64_t)((lat + 90) * 2) * 1024 + (int64_t)((lon + 180) * 2);
}

#define MAX_CELLS 16 /* cells looked up for one box; a wider box (near a pole) is one range */

/* binds the days [lo, hi], the box lat +- dlat, lon +- dlon around report r and the candidate
 * cap to the parameters i .. i + 6 of a candidate query (ST_CAND_BOX, ST_CAND_CELL) */
static void bind_box(sqlite3_stmt *st, int i, const char *lo, const char *hi, const rep *r, double dlat, double dlon) {
  sqlite3_bind_text(st, i, lo, 10, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, i + 1, hi, 10, SQLITE_TRANSIENT);
  sqlite3_bind_double(st, i + 2, r->lat - dlat);
  sqlite3_bind_double(st, i + 3, r->lat + dlat);
  sqlite3_bind_double(st, i + 4, r->lon - dlon);
  sqlite3_bind_double(st, i + 5, r->lon + dlon);
  sqlite3_bind_int(st, i + 6, SR_MERGE_MAX_CAND);
}

/* The candidates of a point report whose box is lat +- dlat, lon +- dlon: the admin1- and
 * country-precision events of its country (cell -1), then the points in the box, cell by
 * cell (events_cell). The same rows as ST_CAND_BOX (the choice does not depend on their
 * order). 1 when the box covers more than MAX_CELLS cells (nothing done), else 0 or an error. */
static int find_in_cells(sr_store *s, const rep *r, const char *lo, const char *hi, double dlat, double dlon,
                         best *b, sr_error *err) {
  int64_t c0 = sr_merge_cell(fmax(r->lat - dlat, -90), fmax(r->lon - dlon, -180));
  int64_t c1 = sr_merge_cell(fmin(r->lat + dlat, 90), fmin(r->lon + dlon, 180));
  int64_t rows = c1 / 1024 - c0 / 1024 + 1, cols = c1 % 1024 - c0 % 1024 + 1;
  if (rows < 1 || cols < 1 || rows * cols > MAX_CELLS) return 1;
  sqlite3_stmt *st = sr_store_stmt(s, ST_CAND_AREAS, err);
  if (!st) return SR_ERR;
  sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, lo, 10, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, hi, 10, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, SR_MERGE_MAX_CAND);
  int rc = scan(s, st, r, b, err);
  for (int64_t y = 0; y < rows && !rc; y++)
    for (int64_t x = 0; x < cols && !rc; x++) {
      if (!(st = sr_store_stmt(s, ST_CAND_CELL, err))) return SR_ERR;
      sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
      sqlite3_bind_int64(st, 2, c0 + y * 1024 + x);
      bind_box(st, 3, lo, hi, r, dlat, dlon);
      rc = scan(s, st, r, b, err);
    }
  return rc;
}

static int find_event(sr_store *s, const rep *r, best *b, sr_error *err) {
  memset(b, 0, sizeof *b);
  if (!r->date || !r->cls) return 0;
  char lo[11], hi[11];
  day_str(r->day - SR_MERGE_DAYS, lo);
  day_str(r->day + SR_MERGE_DAYS, hi);
  sqlite3_stmt *st;
  int rc;
  if (!r->has_loc) {
    if (!(st = sr_store_stmt(s, ST_CAND_NOLOC, err))) return SR_ERR;
    sqlite3_bind_text(st, 1, lo, 10, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, 10, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, SR_MERGE_MAX_CAND);
    return scan(s, st, r, b, err);
  }
  if (r->rank >= 3) {
    double dlat = SR_MERGE_KM / KM_PER_DEG;
    double c = cos(r->lat * M_PI / 180.0);
    double dlon = c > 0.01 ? SR_MERGE_KM / (KM_PER_DEG * c) : 360.0;
    rc = find_in_cells(s, r, lo, hi, dlat, dlon, b, err);
    if (rc <= 0) return rc;
    if (!(st = sr_store_stmt(s, ST_CAND_BOX, err))) return SR_ERR;
    sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
    bind_box(st, 2, lo, hi, r, dlat, dlon);
    return scan(s, st, r, b, err);
  }
  if (r->rank == 2 && *nz(r->admin1)) {
    if (!(st = sr_store_stmt(s, ST_CAND_ADMIN1, err))) return SR_ERR;
    sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->admin1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, lo, 10, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, hi, 10, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, SR_MERGE_MAX_CAND);
    if ((rc = scan(s, st, r, b, err))) return rc;
    if (!(st = sr_store_stmt(s, ST_CAND_CLEVEL, err))) return SR_ERR;
    sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, lo, 10, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, hi, 10, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, SR_MERGE_MAX_CAND);
    return scan(s, st, r, b, err);
  }
  /* country precision (or an admin1 without a name): anything in the country */
  if (!(st = sr_store_stmt(s, r->rank == 1 ? ST_CAND_COUNTRY : ST_CAND_CLEVEL, err))) return SR_ERR;
  sqlite3_bind_text(st, 1, nz(r->cc), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, lo, 10, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, hi, 10, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, SR_MERGE_MAX_CAND);
  return scan(s, st, r, b, err);
}

static int step_done(sr_store *s, sqlite3_stmt *st, sr_error *err, const char *what) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, what);
}

static void bind_loc(sqlite3_stmt *st, int i, const rep *r) {
  /* i: loc_name, cc, admin1, admin2, precision, lat, lon, geonameid */
  if (!r->has_loc) {
    for (int k = 0; k < 8; k++) sqlite3_bind_null(st, i + k);
    return;
  }
  sqlite3_bind_text(st, i, nz(r->loc_name), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, i + 1, nz(r->cc), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, i + 2, nz(r->admin1), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, i + 3, nz(r->admin2), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, i + 4, nz(r->precision), -1, SQLITE_STATIC);
  sqlite3_bind_double(st, i + 5, r->lat);
  sqlite3_bind_double(st, i + 6, r->lon);
  sqlite3_bind_int64(st, i + 7, r->geonameid);
}

static void bind_int_or_null(sqlite3_stmt *st, int i, int v) {
  if (v < 0) sqlite3_bind_null(st, i);
  else sqlite3_bind_int(st, i, v);
}

/* i: date_told, time_precision, fatalities, injured */
static void bind_counts(sqlite3_stmt *st, int i, const rep *r) {
  sqlite3_bind_int(st, i, r->told);
  bind_int_or_null(st, i + 1, r->prec > 0 ? r->prec : -1);
  bind_int_or_null(st, i + 2, r->fatal);
  bind_int_or_null(st, i + 3, r->hurt);
}

/* The event's R*Tree row follows it at the batch's commit (pending.c). */
static int rtree_set(sr_store *s, int64_t id, sr_error *err) {
  return sr_store_pending_rtree(s, id, err);
}

/* The evidence stored for a report: its sentence, cut at SR_STORE_MAX_EVIDENCE bytes on a
 * UTF-8 boundary. */
static void evidence_of(const sr_event *ev, const char **evid, size_t *elen) {
  *evid = "";
  *elen = 0;
  if (!ev->text) return;
  *evid = ev->text + ev->text_off;
  *elen = ev->text_len;
  if (*elen > SR_STORE_MAX_EVIDENCE) {
    *elen = SR_STORE_MAX_EVIDENCE;
    while (*elen > 0 && ((unsigned char)(*evid)[*elen] & 0xC0) == 0x80) (*elen)--;
  }
}

/* A document's url or source as stored with it: NULL when empty, else cut at
 * SR_STORE_MAX_META bytes. */
static void bind_meta(sqlite3_stmt *st, int i, const char *v) {
  if (!v || !*v) sqlite3_bind_null(st, i);
  else sqlite3_bind_text(st, i, v, (int)strnlen(v, SR_STORE_MAX_META), SQLITE_STATIC);
}

/* A new event from report r (its evidence and its document's publisher and url kept on the
 * event row as the first report's). */
static int new_event(sr_store *s, const rep *r, const sr_event *ev, const sr_doc_meta *meta, int64_t *id,
                     sr_error *err) {
  sqlite3_stmt *st = sr_store_stmt(s, ST_EV_INSERT, err);
  if (!st) return SR_ERR;
  const char *pl = NULL, *ac = NULL, *sub = NULL;
  sr_cameo_map(r->cameo, &pl, &ac, &sub);
  if (r->acled && *r->acled) ac = r->acled, sub = r->acled_sub; /* the coder's reading of the report */
  if (r->date) sqlite3_bind_text(st, 1, r->date, 10, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, r->src, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, *r->src ? nz(r->src_name) : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, r->tgt, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, *r->tgt ? nz(r->tgt_name) : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, r->cameo, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, r->cameo, 2, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, nz(pl), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, nz(ac), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, nz(sub), -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 11, r->has_loc);
  bind_loc(st, 12, r);
  bind_counts(st, 20, r);
  sqlite3_bind_text(st, 24, sr_acled_disorder(ac, sub), -1, SQLITE_STATIC);
  bind_int_or_null(st, 25, *r->src ? r->src_inter : -1);
  bind_int_or_null(st, 26, *r->tgt ? r->tgt_inter : -1);
  const char *evid;
  size_t elen;
  evidence_of(ev, &evid, &elen);
  sqlite3_bind_text(st, 27, evid, (int)elen, SQLITE_STATIC);
  bind_meta(st, 28, meta ? meta->source : NULL);
  bind_meta(st, 29, meta ? meta->url : NULL);
  int rc = step_done(s, st, err, "new event");
  if (rc) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  return r->has_loc ? rtree_set(s, *id, err) : 0;
}

/* ---- voting the merged fields from an event's reports */

typedef struct vrow {
  char date[11];
  char cameo[8];
  int rank;
  char *loc_name, *cc, *admin1, *admin2, *precision; /* malloc'd copies */
  double lat, lon;
  int64_t geonameid;
  int told, prec, fatal, hurt; /* -1: not said */
  char acled[48], acled_sub[48];
  char src[64], tgt[64];
  int src_inter, tgt_inter;
} vrow;

static char *dup_col(sqlite3_stmt *st, int i) {
  const char *t = (const char *)sqlite3_column_text(st, i);
  return t ? strdup(t) : NULL;
}

static int col_int(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static void col_str(sqlite3_stmt *st, int i, char *out, size_t cap) {
  snprintf(out, cap, "%s", nz((const char *)sqlite3_column_text(st, i)));
}

/* Specific form of a code: "190" -> "19", "1830" -> "183" (a trailing 0 is "unspecified"). */
static size_t spec_len(const char *c) {
  size_t n = strlen(c);
  if (n > 2 && c[n - 1] == '0') n--;
  return n;
}

static int same_place(const vrow *a, const vrow *b) {
  if (a->geonameid && b->geonameid) return a->geonameid == b->geonameid;
  return strcmp(nz(a->loc_name), nz(b->loc_name)) == 0 && fabs(a->lat - b->lat) < 1e-4 &&
         fabs(a->lon - b->lon) < 1e-4;
}

/* the reports of event eid (at most SR_MERGE_REVOTE_MAX); *n rows, caller frees */
static int read_reports(sr_store *s, int64_t eid, vrow **out, int *n, sr_error *err) {
  *out = NULL, *n = 0;
  sqlite3_stmt *st = sr_store_stmt(s, ST_EV_REPORTS, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  sqlite3_bind_int(st, 2, SR_MERGE_REVOTE_MAX);
  vrow *v = calloc(SR_MERGE_REVOTE_MAX, sizeof *v);
  if (!v) {
    sqlite3_reset(st);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < SR_MERGE_REVOTE_MAX) {
    vrow *x = &v[(*n)++];
    col_str(st, 0, x->date, sizeof x->date);
    col_str(st, 1, x->src, sizeof x->src);
    col_str(st, 2, x->tgt, sizeof x->tgt);
    col_str(st, 3, x->cameo, sizeof x->cameo);
    int located = sqlite3_column_type(st, 9) != SQLITE_NULL;
    x->rank = located ? prec_rank((const char *)sqlite3_column_text(st, 8)) : 0;
    if (located) {
      x->loc_name = dup_col(st, 4);
      x->cc = dup_col(st, 5);
      x->admin1 = dup_col(st, 6);
      x->admin2 = dup_col(st, 7);
      x->precision = dup_col(st, 8);
      x->lat = sqlite3_column_double(st, 9);
      x->lon = sqlite3_column_double(st, 10);
      x->geonameid = sqlite3_column_int64(st, 11);
    }
    x->told = sqlite3_column_int(st, 12);
    x->prec = col_int(st, 13);
    x->fatal = col_int(st, 14);
    x->hurt = col_int(st, 15);
    col_str(st, 16, x->acled, sizeof x->acled);
    col_str(st, 17, x->acled_sub, sizeof x->acled_sub);
    x->src_inter = col_int(st, 18);
    x->tgt_inter = col_int(st, 19);
  }
  sqlite3_reset(st);
  *out = v;
  return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? 0 : sr_store_sqlerr(s, err, "event reports");
}

static void free_reports(vrow *v, int n) {
  for (int i = 0; i < n; i++) {
    free(v[i].loc_name);
    free(v[i].cc);
    free(v[i].admin1);
    free(v[i].admin2);
    free(v[i].precision);
  }
  free(v);
}

/* date: the most frequent, among the dates the texts told when any did (a report date is
 * only a bound); ties the earliest. -1 when no report is dated. */
static int vote_date(const vrow *v, int n) {
  int any_told = 0;
  for (int i = 0; i < n; i++) any_told |= v[i].date[0] && v[i].told;
  int bd = -1, bdn = 0;
  for (int i = 0; i < n; i++) {
    if (!v[i].date[0] || (any_told && !v[i].told)) continue;
    int k = 0;
    for (int j = 0; j < n; j++) k += (!any_told || v[j].told) && strcmp(v[i].date, v[j].date) == 0;
    if (bd < 0 || k > bdn || (k == bdn && strcmp(v[i].date, v[bd].date) < 0)) bd = i, bdn = k;
  }
  return bd;
}

/* a count (fatalities, injured): the best-supported one, the value most reports give (ties:
 * the larger, a later toll); -1 when no report gives one. Reports of one incident are not
 * added up. */
static int vote_count(const vrow *v, int n, int hurt) {
  int best = -1, bestn = 0;
  for (int i = 0; i < n; i++) {
    int x = hurt ? v[i].hurt : v[i].fatal;
    if (x < 0) continue;
    int k = 0;
    for (int j = 0; j < n; j++) k += (hurt ? v[j].hurt : v[j].fatal) == x;
    if (best < 0 || k > bestn || (k == bestn && x > best)) best = x, bestn = k;
  }
  return best;
}

/* place: the most precise, then the most named, then the first; -1 none */
static int vote_place(const vrow *v, int n) {
  int bp = -1, bpn = 0;
  for (int i = 0; i < n; i++) {
    if (!v[i].rank) continue;
    int k = 0;
    for (int j = 0; j < n; j++) k += v[j].rank == v[i].rank && same_place(&v[i], &v[j]);
    if (bp < 0 || v[i].rank > v[bp].rank || (v[i].rank == v[bp].rank && k > bpn)) bp = i, bpn = k;
  }
  return bp;
}

/* CAMEO: the most specific when all are compatible with it, else the majority */
static int vote_cameo(const vrow *v, int n) {
  int bc = 0;
  for (int i = 1; i < n; i++)
    if (spec_len(v[i].cameo) > spec_len(v[bc].cameo)) bc = i;
  int compatible = 1;
  for (int i = 0; i < n && compatible; i++) compatible = strncmp(v[i].cameo, v[bc].cameo, spec_len(v[i].cameo)) == 0;
  if (compatible) return bc;
  int bcn = 0;
  bc = -1;
  for (int i = 0; i < n; i++) {
    int k = 0;
    for (int j = 0; j < n; j++) k += strcmp(v[i].cameo, v[j].cameo) == 0;
    if (bc < 0 || k > bcn || (k == bcn && spec_len(v[i].cameo) > spec_len(v[bc].cameo))) bc = i, bcn = k;
  }
  return bc;
}

/* The coder's ACLED reading of the voted code c: the reading the most reports with code c give,
 * ties to the smaller type and sub-type, so that the merged event does not depend on the order
 * its reports came in; -1 when none gives one. */
static int vote_acled(const vrow *v, int n, const char *c) {
  int b = -1, bn = 0;
  for (int i = 0; i < n; i++) {
    if (!v[i].acled[0] || strcmp(v[i].cameo, c)) continue;
    int k = 0;
    for (int j = 0; j < n; j++)
      k += !strcmp(v[j].cameo, c) && !strcmp(v[j].acled, v[i].acled) && !strcmp(v[j].acled_sub, v[i].acled_sub);
    int cmp = b < 0 ? 0 : strcmp(v[i].acled, v[b].acled);
    if (b < 0 || k > bn || (k == bn && (cmp < 0 || (cmp == 0 && strcmp(v[i].acled_sub, v[b].acled_sub) < 0))))
      b = i, bn = k;
  }
  return b;
}

/* the inter code a report gives actor id a (on either side), -1 */
static int vote_inter(const vrow *v, int n, const char *a) {
  if (!*a) return -1;
  for (int i = 0; i < n; i++) {
    if (!strcmp(v[i].src, a) && v[i].src_inter >= 0) return v[i].src_inter;
    if (!strcmp(v[i].tgt, a) && v[i].tgt_inter >= 0) return v[i].tgt_inter;
  }
  return -1;
}

/* the merged fields of an event, voted over its reports */
typedef struct merged {
  const char *date, *cameo, *plover, *acled, *acled_sub, *disorder;
  const vrow *place; /* NULL: no place */
  int told, prec, fatal, hurt, src_inter, tgt_inter;
} merged;

static int col_eq_int(sqlite3_stmt *st, int i, int v) { return col_int(st, i) == v; }
static int col_eq_str(sqlite3_stmt *st, int i, const char *v) {
  return !strcmp(nz((const char *)sqlite3_column_text(st, i)), nz(v));
}

/* 1 when m leaves the event's indexed columns and R*Tree row as stored (row of ST_EV_CUR):
 * date, root (the code's first two digits), has_loc, cc, admin1, precision, lat, lon */
static int keys_as_stored(sqlite3_stmt *st, const merged *m) {
  const char *cd = (const char *)sqlite3_column_text(st, 0), *cam = (const char *)sqlite3_column_text(st, 1);
  if (!(m->date ? cd && !strcmp(cd, m->date) : !cd) || !cam || strncmp(cam, m->cameo, 2) != 0) return 0;
  if (sqlite3_column_int(st, 2) != (m->place != NULL)) return 0;
  if (!m->place) return 1; /* no place: the place columns stay NULL */
  const vrow *p = m->place;
  return sqlite3_column_type(st, 3) != SQLITE_NULL && sqlite3_column_double(st, 3) == p->lat &&
         sqlite3_column_type(st, 4) != SQLITE_NULL && sqlite3_column_double(st, 4) == p->lon &&
         col_eq_str(st, 7, p->precision) && col_eq_str(st, 8, p->admin1) && col_eq_str(st, 19, p->cc);
}

/* read the event as stored: *unchanged = 1 when m changes nothing, *keys = 1 when it changes
 * no indexed column (keys_as_stored) */
static int current(sr_store *s, int64_t eid, merged *m, const vrow *v, int n, int *unchanged, int *keys,
                   sr_error *err) {
  *unchanged = 0;
  *keys = 0;
  sqlite3_stmt *st = sr_store_stmt(s, ST_EV_CUR, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  if (sqlite3_step(st) == SQLITE_ROW) {
    char es[64], et[64];
    col_str(st, 9, es, sizeof es);
    col_str(st, 10, et, sizeof et);
    m->src_inter = vote_inter(v, n, es);
    m->tgt_inter = vote_inter(v, n, et);
    const char *cd = (const char *)sqlite3_column_text(st, 0);
    int same = (m->date ? cd && !strcmp(cd, m->date) : !cd) && col_eq_str(st, 1, m->cameo) &&
               sqlite3_column_int(st, 2) == (m->place != NULL) && col_eq_int(st, 11, m->told) &&
               col_eq_int(st, 12, m->prec) && col_eq_int(st, 13, m->fatal) && col_eq_int(st, 14, m->hurt) &&
               col_eq_str(st, 15, m->acled) && col_eq_str(st, 16, m->acled_sub) &&
               col_eq_int(st, 17, m->src_inter) && col_eq_int(st, 18, m->tgt_inter);
    if (same && m->place) {
      const vrow *p = m->place;
      same = sqlite3_column_double(st, 3) == p->lat && sqlite3_column_double(st, 4) == p->lon &&
             sqlite3_column_int64(st, 5) == p->geonameid && col_eq_str(st, 6, p->loc_name) &&
             col_eq_str(st, 7, p->precision) && col_eq_str(st, 8, p->admin1);
    }
    *unchanged = same;
    *keys = keys_as_stored(st, m);
  }
  sqlite3_reset(st);
  return 0;
}

/* keys: 1 when the indexed columns stay (ST_EV_SET_PLAIN; no index entry nor R*Tree row moves) */
static int write_merged(sr_store *s, int64_t eid, const merged *m, int keys, sr_error *err) {
  sqlite3_stmt *st = sr_store_stmt(s, keys ? ST_EV_SET_PLAIN : ST_EV_SET, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  if (m->date) sqlite3_bind_text(st, 2, m->date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, m->cameo, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, m->cameo, 2, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, nz(m->plover), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, nz(m->acled), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 7, nz(m->acled_sub), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 8, m->place != NULL);
  if (m->place) {
    const vrow *p = m->place;
    sqlite3_bind_text(st, 9, nz(p->loc_name), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 10, nz(p->cc), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 11, nz(p->admin1), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, nz(p->admin2), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 13, nz(p->precision), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(st, 14, p->lat);
    sqlite3_bind_double(st, 15, p->lon);
    sqlite3_bind_int64(st, 16, p->geonameid);
  }
  sqlite3_bind_int(st, 17, m->told);
  bind_int_or_null(st, 18, m->prec);
  bind_int_or_null(st, 19, m->fatal);
  bind_int_or_null(st, 20, m->hurt);
  sqlite3_bind_text(st, 21, nz(m->disorder), -1, SQLITE_STATIC);
  bind_int_or_null(st, 22, m->src_inter);
  bind_int_or_null(st, 23, m->tgt_inter);
  int ret = step_done(s, st, err, "merged fields");
  if (!ret && !keys) ret = rtree_set(s, eid, err);
  return ret;
}

static int revote(sr_store *s, int64_t eid, sr_error *err) {
  vrow *v;
  int n;
  int ret = read_reports(s, eid, &v, &n, err);
  if (!ret && n > 0) {
    merged m;
    memset(&m, 0, sizeof m);
    int bd = vote_date(v, n), bp = vote_place(v, n), bc = vote_cameo(v, n);
    m.date = bd >= 0 ? v[bd].date : NULL;
    m.told = bd >= 0 && v[bd].told;
    m.prec = -1;
    for (int i = 0; i < n && bd >= 0; i++) /* the finest precision among the reports of that date */
      if (!strcmp(v[i].date, v[bd].date) && v[i].prec > 0 && (m.prec < 0 || v[i].prec < m.prec)) m.prec = v[i].prec;
    m.place = bp >= 0 ? &v[bp] : NULL;
    m.cameo = v[bc].cameo;
    sr_cameo_map(m.cameo, &m.plover, &m.acled, &m.acled_sub);
    int ba = vote_acled(v, n, m.cameo);
    if (ba >= 0) m.acled = v[ba].acled, m.acled_sub = v[ba].acled_sub; /* the coder's reading */
    m.disorder = sr_acled_disorder(m.acled, m.acled_sub);
    m.fatal = vote_count(v, n, 0);
    m.hurt = vote_count(v, n, 1);
    int same, keys;
    ret = current(s, eid, &m, v, n, &same, &keys, err);
    if (!ret && !same) ret = write_merged(s, eid, &m, keys, err);
  }
  free_reports(v, n);
  return ret;
}

/* 1 when event already counts a document whose original is root. */
static int root_seen(sr_store *s, int64_t eid, int64_t root, sr_error *err) {
  for (int k = 0; k < 2; k++) {
    sqlite3_stmt *st = sr_store_stmt(s, k ? ST_ROOT_SEEN_DUPS : ST_ROOT_SEEN_SELF, err);
    if (!st) return SR_ERR;
    sqlite3_bind_int64(st, 1, eid);
    sqlite3_bind_int64(st, 2, root);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 1;
    if (rc != SQLITE_DONE) return sr_store_sqlerr(s, err, "document count");
  }
  return 0;
}

static int insert_report(sr_store *s, int64_t doc, int64_t eid, const sr_event *ev, const rep *r,
                         sr_error *err) {
  const char *evid;
  size_t elen;
  evidence_of(ev, &evid, &elen);
  sqlite3_stmt *st = sr_store_stmt(s, ST_REP_INSERT, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, doc);
  sqlite3_bind_int64(st, 2, eid);
  sqlite3_bind_int64(st, 3, ev->sent);
  sqlite3_bind_int64(st, 4, ev->text_off);
  sqlite3_bind_int64(st, 5, ev->text_len);
  sqlite3_bind_text(st, 6, evid, (int)elen, SQLITE_STATIC);
  if (r->date) sqlite3_bind_text(st, 7, r->date, 10, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, r->src, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 9, r->tgt, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, r->cameo, -1, SQLITE_STATIC);
  bind_loc(st, 11, r);
  sqlite3_bind_double(st, 19, (double)ev->confidence);
  bind_counts(st, 20, r);
  if (r->acled && *r->acled) {
    sqlite3_bind_text(st, 24, r->acled, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 25, nz(r->acled_sub), -1, SQLITE_STATIC);
  }
  bind_int_or_null(st, 26, *r->src ? r->src_inter : -1);
  bind_int_or_null(st, 27, *r->tgt ? r->tgt_inter : -1);
  int rc = step_done(s, st, err, "store report");
  if (rc) return rc;
  int64_t rid = sqlite3_last_insert_rowid(s->db);
  return sr_store_pending_fts(s, 0, rid, evid, elen, err);
}

int sr_merge_add(sr_store *s, int64_t doc, int64_t root_doc, const sr_event *ev,
                 const sr_doc_meta *meta, const char *doc_date, sr_error *err) {
  rep r;
  memset(&r, 0, sizeof r);
  int ok = 0;
  if (ev->date) r.day = sr_merge_day(ev->date, &ok);
  if (ok) r.date = ev->date, r.told = ev->date_told != 0, r.prec = ev->time_precision;
  else if (doc_date && (r.day = sr_merge_day(doc_date, &ok), ok)) r.date = doc_date, r.prec = 1;
  r.fatal = ev->fatalities < 0 ? -1 : ev->fatalities;
  r.hurt = ev->injured < 0 ? -1 : ev->injured;
  r.acled = ev->acled;
  r.acled_sub = ev->acled_sub;
  r.src_inter = ev->has_source ? ev->source.inter : 0;
  r.tgt_inter = ev->has_target ? ev->target.inter : 0;
  r.src = ev->has_source ? nz(ev->source.id) : "";
  r.tgt = ev->has_target ? nz(ev->target.id) : "";
  r.src_name = ev->has_source ? nz(ev->source.name) : "";
  r.tgt_name = ev->has_target ? nz(ev->target.name) : "";
  char cameo[5];
  memcpy(cameo, ev->cameo, 4);
  cameo[4] = '\0';
  for (int i = 0; cameo[i]; i++)
    if (cameo[i] < '0' || cameo[i] > '9') cameo[i] = '\0';
  if (strlen(cameo) < 2) return sr_error_set(err, SR_EINPUT, "event with a bad CAMEO code");
  r.cameo = cameo;
  r.cls = sr_merge_action_class(cameo);
  if (ev->has_location && isfinite(ev->location.lat) && isfinite(ev->location.lon) &&
      fabs(ev->location.lat) <= 90 && fabs(ev->location.lon) <= 180) {
    const sr_location *l = &ev->location;
    r.has_loc = 1;
    r.rank = prec_rank(l->precision);
    r.loc_name = nz(l->name);
    r.cc = l->country;
    r.admin1 = nz(l->admin1);
    r.admin2 = nz(l->admin2);
    r.precision = l->precision && *l->precision ? l->precision : "place";
    r.lat = l->lat;
    r.lon = l->lon;
    r.geonameid = l->geonameid;
  }

  best b;
  int rc = find_event(s, &r, &b, err);
  if (rc) return rc;
  if (!b.id) {
    int64_t eid;
    if ((rc = new_event(s, &r, ev, meta, &eid, err))) return rc;
    return insert_report(s, doc, eid, ev, &r, err);
  }
  int seen = root_seen(s, b.id, root_doc, err);
  if (seen < 0) return seen;
  sqlite3_stmt *st = sr_store_stmt(s, ST_EV_GET, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, b.id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return sr_store_sqlerr(s, err, "merge target");
  }
  long nrep = (long)sqlite3_column_int64(st, 2);
  const char *fs = b.swapped ? r.tgt : r.src, *ft = b.swapped ? r.src : r.tgt;
  /* a coded event without an actor id has no name for it either: only a missing side filled
   * by this report changes the actors */
  int fill = (*fs && !*nz((const char *)sqlite3_column_text(st, 0))) ||
             (*ft && !*nz((const char *)sqlite3_column_text(st, 1)));
  sqlite3_reset(st);
  if ((rc = insert_report(s, doc, b.id, ev, &r, err))) return rc;
  if (!(st = sr_store_stmt(s, ST_EV_ADD_REPORT, err))) return SR_ERR;
  sqlite3_bind_int64(st, 1, b.id);
  sqlite3_bind_int(st, 2, seen ? 0 : 1);
  if (r.date) sqlite3_bind_text(st, 3, r.date, 10, SQLITE_STATIC);
  if ((rc = step_done(s, st, err, "update event"))) return rc;
  if (fill) {
    const char *fsn = b.swapped ? r.tgt_name : r.src_name, *ftn = b.swapped ? r.src_name : r.tgt_name;
    if (!(st = sr_store_stmt(s, ST_EV_FILL_ACTORS, err))) return SR_ERR;
    sqlite3_bind_int64(st, 1, b.id);
    sqlite3_bind_text(st, 2, fs, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, *fs ? fsn : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ft, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, *ft ? ftn : "", -1, SQLITE_STATIC);
    if ((rc = step_done(s, st, err, "event actors"))) return rc;
  }
  return nrep < SR_MERGE_REVOTE_MAX ? revote(s, b.id, err) : 0;
}

/* A stored display name for an actor id (the id itself when none). */
static int actor_name(sr_store *s, const char *id, char *out, size_t cap, sr_error *err) {
  snprintf(out, cap, "%s", id);
  sqlite3_stmt *st = sr_store_stmt(s, ST_ACTOR_NAME, err);
  if (!st) return SR_ERR;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_reset(st);
  return 0;
}

int sr_merge_recompute(sr_store *s, int64_t eid, sr_error *err) {
  sqlite3_stmt *st = sr_store_stmt(s, ST_EV_AGG, err);
  if (!st) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return sr_store_sqlerr(s, err, "event counts");
  }
  int64_t n = sqlite3_column_int64(st, 0), nd = sqlite3_column_int64(st, 3);
  char dmin[11] = "", dmax[11] = "";
  if (sqlite3_column_text(st, 1)) snprintf(dmin, sizeof dmin, "%s", sqlite3_column_text(st, 1));
  if (sqlite3_column_text(st, 2)) snprintf(dmax, sizeof dmax, "%s", sqlite3_column_text(st, 2));
  sqlite3_reset(st);
  int rc;
  if (n == 0) {
    if ((rc = rtree_set(s, eid, err))) return rc;
    if (!(st = sr_store_stmt(s, ST_EV_DELETE, err))) return SR_ERR;
    sqlite3_bind_int64(st, 1, eid);
    return step_done(s, st, err, "delete event");
  }
  if (!(st = sr_store_stmt(s, ST_EV_SETCOUNTS, err))) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  sqlite3_bind_int64(st, 2, n);
  if (dmin[0]) sqlite3_bind_text(st, 3, dmin, -1, SQLITE_TRANSIENT);
  if (dmax[0]) sqlite3_bind_text(st, 4, dmax, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 5, nd);
  if ((rc = step_done(s, st, err, "event counts"))) return rc;
  if (!(st = sr_store_stmt(s, ST_EV_FIRST, err))) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  if ((rc = step_done(s, st, err, "first report"))) return rc;

  /* actors: keep a side that some remaining report names; else take one from the reports */
  char es[128] = "", et[128] = "", ns[256] = "", nt[256] = "";
  if (!(st = sr_store_stmt(s, ST_EV_GET, err))) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(es, sizeof es, "%s", nz((const char *)sqlite3_column_text(st, 0)));
    snprintf(et, sizeof et, "%s", nz((const char *)sqlite3_column_text(st, 1)));
  }
  sqlite3_reset(st);
  int has_s = 0, has_t = 0;
  char cand_s[128] = "", cand_t[128] = "";
  if (!(st = sr_store_stmt(s, ST_EV_REPORTS, err))) return SR_ERR;
  sqlite3_bind_int64(st, 1, eid);
  sqlite3_bind_int(st, 2, SR_MERGE_REVOTE_MAX);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *a = nz((const char *)sqlite3_column_text(st, 1));
    const char *b = nz((const char *)sqlite3_column_text(st, 2));
    if (*es && (!strcmp(a, es) || !strcmp(b, es))) has_s = 1;
    if (*et && (!strcmp(a, et) || !strcmp(b, et))) has_t = 1;
    if (!cand_s[0] && *a) snprintf(cand_s, sizeof cand_s, "%s", a);
    if (!cand_t[0] && *b) snprintf(cand_t, sizeof cand_t, "%s", b);
  }
  sqlite3_reset(st);
  if (!has_s || !has_t) {
    if (!has_s) es[0] = '\0';
    if (!has_t) et[0] = '\0';
    if (!es[0] && cand_s[0] && strcmp(cand_s, et) != 0) snprintf(es, sizeof es, "%s", cand_s);
    if (!et[0] && cand_t[0] && strcmp(cand_t, es) != 0) snprintf(et, sizeof et, "%s", cand_t);
    if (es[0] && (rc = actor_name(s, es, ns, sizeof ns, err))) return rc;
    if (et[0] && (rc = actor_name(s, et, nt, sizeof nt, err))) return rc;
    if (!(st = sr_store_stmt(s, ST_EV_SETACTORS, err))) return SR_ERR;
    sqlite3_bind_int64(st, 1, eid);
    sqlite3_bind_text(st, 2, es, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, ns, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, et, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, nt, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(s, st, err, "event actors"))) return rc;
  }
  return revote(s, eid, err);
}
