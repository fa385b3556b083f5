/* src/store/query.c - `sitrep events` filters: validation, SQL built from the
 * filters with bound parameters only, and the report listing of one event.
 *
 * The WHERE clause is assembled from fixed fragments ("e.cc = ?"); a user
 * value never becomes SQL text, it is always bound. Values are checked first
 * and a bad one fails with SR_EINPUT and a message naming the option.
 *
 * Index use (EXPLAIN QUERY PLAN, see bench/results-store.txt):
 *   actor + date range      events_src_date / events_tgt_date (OR by union)
 *   country + date range    events_origin (origin, cc, date)
 *   admin1                  the distinct stored areas whose key (sr_area_key(): case,
 *                           accents, hyphens and apostrophes ignored) is the value's,
 *                           then events_admin1 (cc, admin1, date)
 *   --near                  events_rtree bounding box (its ids drive: +e.origin), then the exact
 *                           great-circle distance (sr_km(), registered here)
 *   --text                  reports_fts MATCH -> reports.event
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query_internal.h"
#include "sitrep/text.h"
#include "store_internal.h"

#define Q_MAX_STR 256      /* longest actor/admin1/action value accepted */
#define Q_MAX_TEXT 1000    /* longest --text query */
#define Q_MAX_TERMS 32     /* words in a --text query */
#define Q_MAX_ARGS 24      /* bound parameters in one query */
#define EARTH_KM 6371.0088 /* mean Earth radius */
#define AREA_KEY_MAX (4 * Q_MAX_STR + 8) /* folded area name (folding may grow it 4x) */

/* ---- validation helpers (shared through query_internal.h) */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 1 when s is a real calendar date YYYY-MM-DD (years 1900-2199). */
int sr_store_date_ok(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return 0;
  int dm = mdays[m - 1] + (m == 2 && is_leap(y));
  return d <= dm;
}

size_t sr_store_edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > SR_STORE_EDIT_MAX || lb > SR_STORE_EDIT_MAX) return (size_t)-1;
  size_t d[SR_STORE_EDIT_MAX + 1][SR_STORE_EDIT_MAX + 1];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[la][lb];
}

/* Great-circle distance in km (haversine). */
double sr_store_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = M_PI / 180.0;
  double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  double a = sin(dlat / 2) * sin(dlat / 2) +
             cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
  if (a > 1) a = 1;
  return 2 * EARTH_KM * asin(sqrt(a));
}

static void sql_km(sqlite3_context *cx, int n, sqlite3_value **v) {
  (void)n;
  for (int i = 0; i < 4; i++)
    if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
      sqlite3_result_null(cx);
      return;
    }
  sqlite3_result_double(cx, sr_store_km(sqlite3_value_double(v[0]), sqlite3_value_double(v[1]),
                                        sqlite3_value_double(v[2]), sqlite3_value_double(v[3])));
}

/* The key area names are compared by: folded (lower case, accents stripped), hyphens as
 * spaces, apostrophes and backquotes dropped, spaces collapsed: "Deir ez-Zor", "DEIR EZ
 * ZOR" and "Deir Ez-Zôr" share "deir ez zor". 0 when it fits out. */
static int area_key(const char *v, size_t n, char *out, size_t cap) {
  if (sr_fold(v, n, out, cap) >= cap) return -1;
  size_t w = 0;
  for (size_t r = 0; out[r]; r++) {
    char c = out[r] == '-' ? ' ' : out[r];
    if (c == '\'' || c == '`') continue;
    if (c == ' ' && (w == 0 || out[w - 1] == ' ')) continue;
    out[w++] = c;
  }
  while (w && out[w - 1] == ' ') w--;
  out[w] = 0;
  return 0;
}

static void sql_area_key(sqlite3_context *cx, int n, sqlite3_value **v) {
  (void)n;
  const char *t = (const char *)sqlite3_value_text(v[0]);
  int len = sqlite3_value_bytes(v[0]);
  char key[AREA_KEY_MAX];
  if (!t || len > Q_MAX_STR || area_key(t, (size_t)len, key, sizeof key)) {
    sqlite3_result_null(cx); /* longer than any value asked for: never equal */
    return;
  }
  sqlite3_result_text(cx, key, -1, SQLITE_TRANSIENT);
}

/* Distinct PLOVER types, ACLED types and sub-types, collected once from the
 * CAMEO table through sr_cameo_map (every 2-, 3- and 4-digit code). */
#define VOCAB_MAX 64
typedef struct vocab {
  int n;
  const char *v[VOCAB_MAX];
} vocab;
static vocab g_plover, g_acled, g_acled_sub;
static int g_vocab_done;

static void vocab_add(vocab *vc, const char *s) {
  if (!s || !*s) return;
  for (int i = 0; i < vc->n; i++)
    if (strcmp(vc->v[i], s) == 0) return;
  if (vc->n < VOCAB_MAX) vc->v[vc->n++] = s;
}

static void vocab_init(void) {
  /* Not thread-safe on the first call; the result is the same from every
   * thread, and the CLI/server call it before going parallel. */
  if (g_vocab_done) return;
  char code[5];
  for (int len = 2; len <= 4; len++) {
    int lim = len == 2 ? 100 : len == 3 ? 1000 : 10000;
    for (int k = 0; k < lim; k++) {
      snprintf(code, sizeof code, "%0*d", len, k);
      if (!sr_cameo_name(code)[0]) continue;
      const char *p, *a, *s;
      sr_cameo_map(code, &p, &a, &s);
      vocab_add(&g_plover, p);
      vocab_add(&g_acled, a);
      vocab_add(&g_acled_sub, s);
    }
  }
  g_vocab_done = 1;
}

static const char *vocab_find(const vocab *vc, const char *s) {
  for (int i = 0; i < vc->n; i++)
    if (strcasecmp(vc->v[i], s) == 0) return vc->v[i];
  return NULL;
}

/* How an --action value is matched. */
typedef enum { ACT_NONE, ACT_ROOT, ACT_CODE, ACT_PLOVER, ACT_ACLED, ACT_ACLED_SUB } act_kind;

/* Classify action: CAMEO root (2 digits), code (3-4 digits, matching its
 * sub-codes too), PLOVER type, ACLED type or sub-type. *canon gets the
 * canonical spelling (static). */
static int parse_action(const char *a, act_kind *kind, const char **canon, sr_error *err) {
  size_t n = strlen(a);
  int digits = n >= 2 && n <= 4;
  for (size_t i = 0; i < n && digits; i++) digits = isdigit((unsigned char)a[i]) != 0;
  if (digits) {
    if (!sr_cameo_name(a)[0])
      return sr_error_set(err, SR_EINPUT, "--action '%s': not a CAMEO code", a);
    *kind = n == 2 ? ACT_ROOT : ACT_CODE;
    *canon = a;
    return 0;
  }
  vocab_init();
  const char *c;
  if ((c = vocab_find(&g_plover, a))) *kind = ACT_PLOVER;
  else if ((c = vocab_find(&g_acled, a))) *kind = ACT_ACLED;
  else if ((c = vocab_find(&g_acled_sub, a))) *kind = ACT_ACLED_SUB;
  else
    return sr_error_set(err, SR_EINPUT,
                        "--action '%.80s': not a CAMEO code (\"19\", \"193\"), PLOVER type "
                        "(\"ASSAULT\") or ACLED type/sub-type (\"Battles\", \"Armed clash\")",
                        a);
  *canon = c;
  return 0;
}

static int check_str(const char *opt, const char *v, size_t max, sr_error *err) {
  if (!v[0]) return sr_error_set(err, SR_EINPUT, "%s: empty value", opt);
  if (strlen(v) > max) return sr_error_set(err, SR_EINPUT, "%s: longer than %zu bytes", opt, max);
  return 0;
}

/* An area name as the gazetteer spells them ("Deir ez-Zor", "Ma'rib", "Kyiv City", "Sud
 * (Haiti)"): letters of any script, spaces, hyphens, apostrophes, periods, commas and
 * parentheses. Anything else (quotes, ';', '=', '--', '*', control bytes) cannot be an area
 * and is refused rather than searched for. */
static int check_area(const char *opt, const char *v, sr_error *err) {
  int rc = check_str(opt, v, Q_MAX_STR, err);
  if (rc) return rc;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    int ok = isalpha(*p) || *p >= 0x80 || strchr(" -'.,()", *p) != NULL;
    if (!ok || (p[0] == '-' && p[1] == '-'))
      return sr_error_set(err, SR_EINPUT,
                          "%s '%.64s': not an area name (letters, spaces, hyphens, apostrophes, periods)",
                          opt, v);
  }
  return 0;
}

/* Actor ids as stored: letters, digits, '_' and '-'. */
static int check_actor(const char *opt, const char *v, sr_error *err) {
  int rc = check_str(opt, v, 64, err);
  if (rc) return rc;
  for (const char *p = v; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
      return sr_error_set(err, SR_EINPUT, "%s '%.64s': not an actor id (e.g. ISIS, SYRGOV)", opt, v);
  return 0;
}

/* Validate every filter of q. */
static int validate(const sr_query *q, sr_error *err) {
  int rc;
  if (q->actor && (rc = check_actor("--actor", q->actor, err))) return rc;
  if (q->source && (rc = check_actor("--source", q->source, err))) return rc;
  if (q->target && (rc = check_actor("--target", q->target, err))) return rc;
  if (q->action) {
    if ((rc = check_str("--action", q->action, Q_MAX_STR, err))) return rc;
    act_kind k;
    const char *c;
    if ((rc = parse_action(q->action, &k, &c, err))) return rc;
  }
  if (q->country) {
    char cc[3];
    if ((rc = check_str("--country", q->country, Q_MAX_STR, err)) || (rc = sr_store_country_code(q->country, cc, err)))
      return rc;
  }
  if (q->admin1 && (rc = check_area("--admin1", q->admin1, err))) return rc;
  if (q->near) {
    if (!isfinite(q->lat) || q->lat < -90 || q->lat > 90)
      return sr_error_set(err, SR_EINPUT, "--near: latitude %g is outside [-90, 90]", q->lat);
    if (!isfinite(q->lon) || q->lon < -180 || q->lon > 180)
      return sr_error_set(err, SR_EINPUT, "--near: longitude %g is outside [-180, 180]", q->lon);
    if (!isfinite(q->km) || q->km <= 0 || q->km > 20000)
      return sr_error_set(err, SR_EINPUT, "--km %g: the radius must be > 0 and <= 20000", q->km);
  }
  if (q->origin && strcmp(q->origin, "coded") && strcmp(q->origin, "acled") && strcmp(q->origin, "all"))
    return sr_error_set(err, SR_EINPUT, "--origin '%.32s': expected coded, acled or all", q->origin);
  if (q->from && !sr_store_date_ok(q->from))
    return sr_error_set(err, SR_EINPUT, "--from '%.32s': not a date YYYY-MM-DD", q->from);
  if (q->to && !sr_store_date_ok(q->to))
    return sr_error_set(err, SR_EINPUT, "--to '%.32s': not a date YYYY-MM-DD", q->to);
  if (q->from && q->to && strcmp(q->from, q->to) > 0)
    return sr_error_set(err, SR_EINPUT, "--from %s is after --to %s", q->from, q->to);
  if (q->min_reports < 0)
    return sr_error_set(err, SR_EINPUT, "--min-reports %d: must be >= 0", q->min_reports);
  if (q->text && (rc = check_str("--text", q->text, Q_MAX_TEXT, err))) return rc;
  if (q->limit < 0) return sr_error_set(err, SR_EINPUT, "--limit %ld: must be >= 0", q->limit);
  if (q->offset < 0) return sr_error_set(err, SR_EINPUT, "--offset %ld: must be >= 0", q->offset);
  return 0;
}

/* The user's --text as an FTS5 query that cannot be a syntax error: every
 * word becomes a quoted string ("word", quotes doubled), the words are ANDed;
 * a word ending in '*' becomes a prefix query "word"*. Only letters, digits
 * and characters >= 0x80 form words (FTS5's unicode61 tokenizer splits on the
 * rest anyway). Fails when no word is left. */
static int fts_query(const char *text, sr_buf *out, sr_error *err) {
  const unsigned char *p = (const unsigned char *)text;
  int nterms = 0;
  while (*p) {
    while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
    if (!*p) break;
    const unsigned char *w = p;
    while (*p && (isalnum(*p) || *p >= 0x80)) p++;
    int prefix = *p == '*';
    if (++nterms > Q_MAX_TERMS)
      return sr_error_set(err, SR_EINPUT, "--text: more than %d words", Q_MAX_TERMS);
    if ((out->len && sr_buf_putc(out, ' ')) || sr_buf_putc(out, '"') ||
        sr_buf_append(out, w, (size_t)(p - w)) || sr_buf_putc(out, '"') ||
        (prefix && sr_buf_putc(out, '*')))
      return sr_error_set(err, SR_ENOMEM, "--text: out of memory");
  }
  if (!nterms) return sr_error_set(err, SR_EINPUT, "--text '%.64s': no words to search for", text);
  return 0;
}

/* ---- SQL assembly: fixed fragments plus a list of bound values */
typedef struct qarg {
  int type; /* 0 text, 1 double, 2 int64 */
  const char *s;
  double d;
  long long i;
} qarg;

typedef struct qbuild {
  sr_buf sql;
  sr_buf fts; /* owns the FTS query text */
  char cc[3];
  char area[AREA_KEY_MAX]; /* key of --admin1 */
  qarg arg[Q_MAX_ARGS];
  int narg;
  int near;
  double lat, lon, km;
} qbuild;

static void add_text(qbuild *b, const char *frag, const char *v) {
  sr_buf_printf(&b->sql, " AND %s", frag);
  b->arg[b->narg++] = (qarg){.type = 0, .s = v};
}
static void add_text_arg(qbuild *b, const char *v) { b->arg[b->narg++] = (qarg){.type = 0, .s = v}; }
static void add_real(qbuild *b, double v) { b->arg[b->narg++] = (qarg){.type = 1, .d = v}; }
static void add_int(qbuild *b, long long v) { b->arg[b->narg++] = (qarg){.type = 2, .i = v}; }

/* Append " AND ..." for every filter of q (already validated). */
static int build_where(qbuild *b, const sr_query *q, sr_error *err) {
  sr_buf_printf(&b->sql, " WHERE 1");
  /* --near: "+" keeps the planner off events_origin (origin, cc, date), whose (origin) prefix alone
   * it would scan (every coded event) and test against the R*Tree's list; the list then drives */
  if (!q->origin || strcmp(q->origin, "all") != 0)
    add_text(b, q->near ? "+e.origin = ?" : "e.origin = ?", q->origin ? q->origin : "coded");
  /* every origin of one country: both origins spelled out, so the country and the dates are one
   * range each of events_origin (origin, cc, date) (schema 8 has no index on (cc, date)) */
  else if (q->country) sr_buf_printf(&b->sql, " AND e.origin IN ('coded', 'acled')");
  if (q->actor) {
    sr_buf_printf(&b->sql, " AND (e.src_id = ? OR e.tgt_id = ?)");
    b->arg[b->narg++] = (qarg){.type = 0, .s = q->actor};
    b->arg[b->narg++] = (qarg){.type = 0, .s = q->actor};
  }
  if (q->source) add_text(b, "e.src_id = ?", q->source);
  if (q->target) add_text(b, "e.tgt_id = ?", q->target);
  if (q->action) {
    act_kind k = ACT_NONE;
    const char *c = NULL;
    int rc = parse_action(q->action, &k, &c, err);
    if (rc) return rc;
    switch (k) {
    case ACT_ROOT: add_text(b, "e.root = ?", c); break;
    case ACT_CODE:
      /* the code and its sub-codes: "193" matches 193 and 1931..1939 */
      add_text(b, "e.cameo >= ?", c);
      add_text(b, "e.cameo < ? || ':'", c); /* ':' sorts after every digit */
      sr_buf_printf(&b->sql, " AND e.root = substr(?, 1, 2)");
      b->arg[b->narg++] = (qarg){.type = 0, .s = c};
      break;
    case ACT_PLOVER: add_text(b, "e.plover = ?", c); break;
    case ACT_ACLED: add_text(b, "e.acled = ?", c); break;
    case ACT_ACLED_SUB: add_text(b, "e.acled_sub = ?", c); break;
    default: break;
    }
  }
  if (q->country) {
    int rc = sr_store_country_code(q->country, b->cc, err);
    if (rc) return rc;
    add_text(b, "e.cc = ?", b->cc);
  }
  if (q->admin1) {
    /* the stored spellings of the area (a handful of distinct values), then the index */
    if (area_key(q->admin1, strlen(q->admin1), b->area, sizeof b->area))
      return sr_error_set(err, SR_EINPUT, "--admin1: name too long");
    add_text(b,
             "e.admin1 IN (SELECT a FROM (SELECT DISTINCT admin1 AS a FROM events) WHERE sr_area_key(a) = ?)",
             b->area);
  }
  if (q->from) add_text(b, "e.date >= ?", q->from);
  if (q->to) add_text(b, "e.date <= ?", q->to);
  if (q->min_reports > 0) {
    sr_buf_printf(&b->sql, " AND e.nreports >= ?");
    add_int(b, q->min_reports);
  }
  if (q->near) {
    /* bounding box of the circle, then the exact distance */
    double dlat = q->km / 111.195;
    double minlat = q->lat - dlat, maxlat = q->lat + dlat;
    double minlon = -180, maxlon = 180;
    double c = cos(q->lat * M_PI / 180.0);
    if (maxlat < 90 && minlat > -90 && c > 1e-6) {
      double dlon = q->km / (111.195 * c);
      /* a box that crosses the antimeridian falls back to every longitude */
      if (dlon < 180 && q->lon - dlon >= -180 && q->lon + dlon <= 180)
        minlon = q->lon - dlon, maxlon = q->lon + dlon;
    }
    sr_buf_printf(&b->sql,
                  " AND e.id IN (SELECT id FROM events_rtree WHERE minlat <= ? AND maxlat >= ?"
                  " AND minlon <= ? AND maxlon >= ? AND maxday >= coalesce(julianday(?), 0)"
                  " AND minday <= coalesce(julianday(?), 1e7)) AND sr_km(e.lat, e.lon, ?, ?) <= ?");
    add_real(b, maxlat);
    add_real(b, minlat);
    add_real(b, maxlon);
    add_real(b, minlon);
    add_text_arg(b, q->from); /* the day range in the same R*Tree search (NULL: any day) */
    add_text_arg(b, q->to);
    add_real(b, q->lat);
    add_real(b, q->lon);
    add_real(b, q->km);
  }
  if (q->text) {
    int rc = fts_query(q->text, &b->fts, err);
    if (rc) return rc;
    add_text(b,
             "e.id IN (SELECT r.event FROM reports r WHERE r.id IN"
             " (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?))",
             b->fts.data);
  }
  if (b->sql.len == 0) return sr_error_set(err, SR_ENOMEM, "query: out of memory");
  return 0;
}

/* the row's columns (the first report's evidence, publisher and url are kept on the row,
 * schema 6) */
#define ROW_SELECT \
    "SELECT e.id, e.date, e.date_min, e.date_max, e.src_id, e.src_name, e.tgt_id, e.tgt_name," \
    " e.cameo, e.plover, e.acled, e.acled_sub, e.has_loc, e.loc_name, e.cc, e.admin1, e.admin2," \
    " e.precision, e.lat, e.lon, e.geonameid, e.nreports, e.ndocs, e.first_evidence, e.first_source," \
    " e.first_url, e.time_precision, e.fatalities, e.injured, e.disorder, e.src_inter, e.tgt_inter," \
    " e.origin, e.ext_id, e.notes, e.publisher"
static const char *k_cols = ROW_SELECT " FROM events e";

static int prepare(sr_store *s, qbuild *b, sqlite3_stmt **st, sr_error *err) {
  if (!sr_qcache_funcs_done(s)) {
    if (sqlite3_create_function(s->db, "sr_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_km,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(s->db, "sr_area_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_area_key,
                                NULL, NULL) != SQLITE_OK)
      return sr_error_set(err, SR_ERR, "query: %s", sqlite3_errmsg(s->db));
    sr_qcache_funcs_set(s);
  }
  /* the SQL depends on the filters present only (values are bound): prepared once per shape */
  if (!(*st = sr_qcache_prepare(s, b->sql.data, b->sql.len, err))) return err && err->code ? err->code : SR_ERR;
  for (int i = 0; i < b->narg; i++) {
    int rc;
    const qarg *a = &b->arg[i];
    if (a->type == 0) rc = sqlite3_bind_text(*st, i + 1, a->s, -1, SQLITE_STATIC);
    else if (a->type == 1) rc = sqlite3_bind_double(*st, i + 1, a->d);
    else rc = sqlite3_bind_int64(*st, i + 1, a->i);
    if (rc != SQLITE_OK) {
      sr_qcache_release(s, *st);
      *st = NULL;
      return sr_error_set(err, SR_ERR, "query: bind: %s", sqlite3_errmsg(s->db));
    }
  }
  return 0;
}

/* The count cache's key of a built query: its SQL and every bound value. 0, or SR_ENOMEM. */
static int count_key(const qbuild *b, sr_buf *key) {
  int rc = sr_buf_append(key, b->sql.data, b->sql.len);
  for (int i = 0; i < b->narg && !rc; i++) {
    const qarg *a = &b->arg[i];
    char tag = (char)('0' + a->type);
    rc = sr_buf_putc(key, '\x1f') || sr_buf_putc(key, tag);
    if (rc) break;
    if (a->type == 0) rc = a->s ? sr_buf_append(key, a->s, strlen(a->s) + 1) : sr_buf_putc(key, '\x1e');
    else if (a->type == 1) rc = sr_buf_append(key, &a->d, sizeof a->d);
    else rc = sr_buf_append(key, &a->i, sizeof a->i);
  }
  return rc;
}

static const char *col_str(sqlite3_stmt *st, int i) {
  const unsigned char *v = sqlite3_column_text(st, i);
  return v ? (const char *)v : "";
}

/* The date columns stay NULL when unknown (the JSON writer prints null). */
static const char *col_date(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

void sr_store_row_from_stmt(sqlite3_stmt *st, sr_event_row *r) {
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->date = col_date(st, 1);
  r->date_min = col_date(st, 2);
  r->date_max = col_date(st, 3);
  r->src_id = col_str(st, 4);
  r->src_name = col_str(st, 5);
  r->tgt_id = col_str(st, 6);
  r->tgt_name = col_str(st, 7);
  r->cameo = col_str(st, 8);
  r->plover = col_str(st, 9);
  r->acled = col_str(st, 10);
  r->acled_sub = col_str(st, 11);
  r->has_location = sqlite3_column_int(st, 12) != 0;
  r->loc_name = col_str(st, 13);
  r->country = col_str(st, 14);
  r->admin1 = col_str(st, 15);
  r->admin2 = col_str(st, 16);
  r->precision = col_str(st, 17);
  r->lat = sqlite3_column_double(st, 18);
  r->lon = sqlite3_column_double(st, 19);
  r->geonameid = (uint32_t)sqlite3_column_int64(st, 20);
  r->nreports = sqlite3_column_int(st, 21);
  r->ndocs = sqlite3_column_int(st, 22);
  r->evidence = col_str(st, 23);
  r->source = col_str(st, 24);
  r->url = col_str(st, 25);
  r->time_precision = sqlite3_column_int(st, 26);
  r->fatalities = sqlite3_column_type(st, 27) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 27);
  r->injured = sqlite3_column_type(st, 28) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 28);
  r->disorder = col_str(st, 29);
  r->src_inter = sqlite3_column_int(st, 30);
  r->tgt_inter = sqlite3_column_int(st, 31);
  r->origin = col_str(st, 32);
  r->ext_id = col_str(st, 33);
  if (strcmp(r->origin, "coded") != 0) { /* an imported event has no reports: its notes and source */
    r->evidence = col_str(st, 34);
    r->source = col_str(st, 35);
  }
}

const char *sr_store_row_columns(void) { return k_cols; }

static void qbuild_init(qbuild *b) {
  memset(b, 0, sizeof *b);
  sr_buf_init(&b->sql, 1 << 16);
  sr_buf_init(&b->fts, 1 << 14);
}
static void qbuild_free(qbuild *b) {
  sr_buf_free(&b->sql);
  sr_buf_free(&b->fts);
}

/* Where a page's rows have got to: the last row's date and id. */
typedef struct page_pos {
  int started; /* 0: nothing to compare with (the first row, or a date too long to keep) */
  int dated;
  char date[32];
  int64_t id;
} page_pos;

/* 1 when row comes after the previous one in the page's order (date descending, undated
 * last, then id descending); remembers it. */
static int in_order(page_pos *p, const sr_event_row *row) {
  int dated = row->date != NULL;
  int ok = 1;
  if (p->started) {
    int c = dated && p->dated ? strcmp(row->date, p->date) : dated - p->dated;
    ok = c < 0 || (c == 0 && row->id < p->id);
  }
  size_t n = dated ? strlen(row->date) : 0;
  p->started = n < sizeof p->date;
  p->dated = dated;
  p->id = row->id;
  if (p->started) memcpy(p->date, dated ? row->date : "", n + 1);
  return ok;
}

int sr_store_query(sr_store *s, const sr_query *q, sr_event_cb cb, void *ud, sr_error *err) {
  if (!s || !q || !cb) return sr_error_set(err, SR_ERR, "query: no store, query or callback");
  int rc = validate(q, err);
  if (rc) return rc;
  qbuild b;
  qbuild_init(&b);
  sqlite3_stmt *st = NULL;
  /* the page's ids first (filtered, sorted and cut on the events table's indexes alone),
   * then the whole rows of those ids only (a sort, when one is needed, sorts ids). CROSS
   * JOIN keeps the page the outer loop, so the rows come in the page's order and whole
   * rows are never sorted (an outer ORDER BY cost a sort of 100 whole rows per page, the
   * largest part of an uncached /api/events); in_order() checks that they do. */
  sr_buf_printf(&b.sql, "WITH page(pid) AS (SELECT e.id FROM events e");
  if ((rc = build_where(&b, q, err))) goto done;
  sr_buf_printf(&b.sql, " ORDER BY e.date DESC, e.id DESC LIMIT ? OFFSET ?) ");
  add_int(&b, q->limit > 0 ? q->limit : -1);
  add_int(&b, q->offset);
  static const char rows[] = ROW_SELECT " FROM page CROSS JOIN events e ON e.id = page.pid";
  sr_buf_append(&b.sql, rows, sizeof rows - 1);
  if ((rc = prepare(s, &b, &st, err))) goto done;
  int step;
  page_pos pos = {0};
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    sr_event_row row;
    sr_store_row_from_stmt(st, &row);
    if (!in_order(&pos, &row)) {
      rc = sr_error_set(err, SR_ERR, "query: rows out of order (SQLite's plan changed?)");
      goto done;
    }
    int stop = cb(&row, ud);
    if (stop) {
      rc = stop;
      goto done;
    }
  }
  if (step != SQLITE_DONE) rc = sr_error_set(err, SR_ERR, "query: %s", sqlite3_errmsg(s->db));
done:
  sr_qcache_release(s, st);
  qbuild_free(&b);
  return rc;
}

int sr_store_event(sr_store *s, int64_t event_id, sr_event_cb cb, void *ud, sr_error *err) {
  if (!s || !cb) return sr_error_set(err, SR_ERR, "event: no store or callback");
  qbuild b;
  qbuild_init(&b);
  sqlite3_stmt *st = NULL;
  int rc;
  sr_buf_append(&b.sql, k_cols, strlen(k_cols));
  sr_buf_printf(&b.sql, " WHERE e.id = ?");
  add_int(&b, event_id);
  if ((rc = prepare(s, &b, &st, err))) goto done;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    sr_event_row row;
    sr_store_row_from_stmt(st, &row);
    rc = cb(&row, ud);
  } else if (step == SQLITE_DONE) {
    rc = sr_error_set(err, SR_ENOTFOUND, "no event %lld", (long long)event_id);
  } else {
    rc = sr_error_set(err, SR_ERR, "event: %s", sqlite3_errmsg(s->db));
  }
done:
  sr_qcache_release(s, st);
  qbuild_free(&b);
  return rc;
}

long sr_store_count(sr_store *s, const sr_query *q, sr_error *err) {
  if (!s || !q) return sr_error_set(err, SR_ERR, "count: no store or query");
  int rc = validate(q, err);
  if (rc) return rc;
  qbuild b;
  qbuild_init(&b);
  sqlite3_stmt *st = NULL;
  long n = 0;
  sr_buf key;
  sr_buf_init(&key, 0);
  sr_buf_printf(&b.sql, "SELECT count(*) FROM events e");
  if ((rc = build_where(&b, q, err))) goto done;
  /* counts are kept per query and store version (qcache.c): never stale */
  int keyed = count_key(&b, &key) == 0;
  if (keyed && sr_qcache_count_get(s, key.data, key.len, &n)) goto done;
  if ((rc = prepare(s, &b, &st, err))) goto done;
  if (sqlite3_step(st) == SQLITE_ROW) {
    n = (long)sqlite3_column_int64(st, 0);
    if (keyed) sr_qcache_count_put(s, key.data, key.len, n);
  } else {
    rc = sr_error_set(err, SR_ERR, "count: %s", sqlite3_errmsg(s->db));
  }
done:
  sr_buf_free(&key);
  sr_qcache_release(s, st);
  qbuild_free(&b);
  return rc ? rc : n;
}

int sr_store_reports(sr_store *s, int64_t event_id, sr_report_cb cb, void *ud, sr_error *err) {
  if (!s || !cb) return sr_error_set(err, SR_ERR, "reports: no store or callback");
  sqlite3_stmt *st = NULL;
  int rc = 0, step, n = 0;
  static const char *sql =
      "SELECT r.id, r.event, d.ext_id, d.url, d.source, d.title, d.date, r.sent, r.evidence,"
      " d.dup_of IS NOT NULL FROM reports r JOIN documents d ON d.id = r.doc"
      " WHERE r.event = ? ORDER BY d.date, r.id";
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr_error_set(err, SR_ERR, "reports: %s", sqlite3_errmsg(s->db));
  sqlite3_bind_int64(st, 1, event_id);
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    sr_report_row r;
    memset(&r, 0, sizeof r);
    r.id = sqlite3_column_int64(st, 0);
    r.event = sqlite3_column_int64(st, 1);
    r.doc_id = col_str(st, 2);
    r.url = col_str(st, 3);
    r.source = col_str(st, 4);
    r.title = col_str(st, 5);
    r.doc_date = col_date(st, 6);
    r.sent = (uint32_t)sqlite3_column_int64(st, 7);
    r.evidence = col_str(st, 8);
    r.duplicate = sqlite3_column_int(st, 9);
    n++;
    if ((rc = cb(&r, ud))) break;
  }
  if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
    rc = sr_error_set(err, SR_ERR, "reports: %s", sqlite3_errmsg(s->db));
  sqlite3_finalize(st);
  if (!rc && n == 0) rc = sr_error_set(err, SR_ENOTFOUND, "no event %lld", (long long)event_id);
  return rc;
}

/* ---- area names: is it stored, else the closest stored one */

#define AREA_SCAN_MAX 100000 /* distinct areas compared for a suggestion */

int sr_store_area_near(sr_store *s, const char *name, char *out, size_t cap, sr_error *err) {
  char key[AREA_KEY_MAX], k2[AREA_KEY_MAX];
  if (cap) out[0] = 0;
  if (!name || strlen(name) > Q_MAX_STR || area_key(name, strlen(name), key, sizeof key))
    return sr_error_set(err, SR_EINPUT, "--admin1: name too long");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT admin1 FROM events WHERE admin1 <> '' LIMIT ?1", -1, &st, NULL) !=
      SQLITE_OK)
    return sr_error_set(err, SR_ERR, "areas: %s", sqlite3_errmsg(s->db));
  sqlite3_bind_int(st, 1, AREA_SCAN_MAX);
  size_t bestd = (size_t)-1;
  int found = 0, rc;
  while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *a = (const char *)sqlite3_column_text(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    if (!a || n > Q_MAX_STR || area_key(a, (size_t)n, k2, sizeof k2)) continue;
    size_t d = strcmp(key, k2) == 0 ? 0 : sr_store_edit_distance(key, k2);
    /* close: a third of the name's length at most (two edits for short names) */
    size_t len = strlen(k2), allowed = len >= 9 ? len / 3 : 2;
    if (d < bestd && d <= allowed) {
      bestd = d;
      if (cap) snprintf(out, cap, "%s", a);
    }
    found = d == 0;
  }
  sqlite3_finalize(st);
  return found;
}
