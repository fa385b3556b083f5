/* src/serve/api.c - the GET handlers of the JSON API (see serve.h).
 *
 * Each handler reads its parameters with sv_param_get, refuses leftovers
 * (sv_check_unused), and builds the whole answer in the worker's buffer.
 * Queries go through the store API (sr_store_query/count/reports/situation/
 * stats); the two the store lacks (one event by id, actors with counts) are
 * read here with bound parameters only.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "sitrep/json_write.h"
#include "sitrep/text.h"
#include "store_internal.h"

#define ACTOR_NAME_MAX 200

/* ---- parameter parsing: each failure is a 400 naming the parameter */

static int parse_long(sv_req *r, const char *key, const char *s, long min, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || *end || errno || isspace((unsigned char)*s))
    return sv_error(r, 400, "%s '%.40s': not a whole number", key, s);
  if (v < min || v > max) return sv_error(r, 400, "%s %ld: use %ld..%ld", key, v, min, max);
  *out = v;
  return 0;
}

static int parse_double(sv_req *r, const char *key, const char *s, double min, double max,
                        double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || *end || errno || !isfinite(v) || isspace((unsigned char)*s))
    return sv_error(r, 400, "%s '%.40s': not a number", key, s);
  if (v < min || v > max) return sv_error(r, 400, "%s %g: out of range %g..%g", key, v, min, max);
  *out = v;
  return 0;
}

static int is_date(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Whole-text match of name against the lexicon's actor entries ("Daesh"). */
static int lex_name_match(const sr_lex *lx, const char *name, char *id, size_t cap) {
  sr_arena *a = sr_arena_new(1 << 20);
  sr_text t;
  int found = -1;
  if (a && sr_text_analyze(&t, a, name, strlen(name), NULL) == 0 && t.ntok > 0) {
    sr_lex_tag(lx, &t);
    const sr_lex_entry *e[16];
    int ne = sr_lex_match(lx, &t, 0, t.ntok, e, 16);
    for (int k = 0; k < ne && found < 0; k++) {
      if (e[k]->type != SR_ENT_ACTOR || e[k]->ntok != t.ntok) continue;
      const sr_lex_actor *ac = sr_lex_actor_at(lx, e[k]->val);
      if (ac) {
        snprintf(id, cap, "%s", sr_lex_str(lx, ac->code));
        found = 0;
      }
    }
  }
  sr_arena_free(a);
  return found;
}

/* An actor parameter: an actor id (any case) or a name or alias the lexicon knows. */
static int resolve_actor(sv_req *r, const char *key, const char *name, char *id, size_t cap) {
  size_t len = strlen(name);
  if (len == 0 || len > ACTOR_NAME_MAX)
    return sv_error(r, 400, "%s: %s", key, len ? "name too long" : "empty");
  const sr_lex *lx = r->srv->lex;
  int32_t k = sr_lex_actor_by_code(lx, name);
  if (k < 0) {
    char up[ACTOR_NAME_MAX + 1];
    for (size_t i = 0; i <= len; i++) up[i] = (char)toupper((unsigned char)name[i]);
    k = sr_lex_actor_by_code(lx, up);
  }
  if (k >= 0) {
    const sr_lex_actor *ac = sr_lex_actor_at(lx, (uint32_t)k);
    if (ac) {
      snprintf(id, cap, "%s", sr_lex_str(lx, ac->code));
      return 0;
    }
  }
  if (lex_name_match(lx, name, id, cap) == 0) return 0;
  return sv_error(
      r, 400, "%s '%.80s': unknown actor (an actor id such as ISIS, or a name the lexicon knows)",
      key, name);
}

/* Map a failed store call to an answer: a locked store 503, bad input 400,
 * missing 404, else 500. */
static int store_failed(sv_req *r, int rc, const sr_error *err) {
  const char *m = err->msg[0] ? err->msg : sr_strerror(rc);
  if (sv_store_busy(r->w->st)) return sv_busy(r, "reading");
  if (rc == SR_EINPUT) return sv_error(r, 400, "%s", m);
  if (rc == SR_ENOTFOUND) return sv_error(r, 404, "%s", m);
  if (rc == SR_ELIMIT || rc == SR_ENOMEM) return sv_error(r, 500, "answer too large: %s", m);
  return sv_error(r, 500, "store error: %s", m);
}

/* ---- /api/events, /api/events.geojson */

typedef struct rows_state {
  sr_buf *out;
  sr_row_format fmt;
  long n;
  int failed;
} rows_state;

static int on_row(const sr_event_row *row, void *ud) {
  rows_state *st = ud;
  if (st->n > 0 && sr_buf_putc(st->out, ',')) goto fail;
  size_t before = st->out->len;
  if (sr_row_write(row, st->fmt, st->out)) goto fail;
  /* the JSONL writer ends each object with '\n'; inside an array drop it */
  if (st->out->len > before && st->out->data[st->out->len - 1] == '\n')
    st->out->data[--st->out->len] = 0;
  st->n++;
  return 0;
fail:
  st->failed = 1;
  return 1;
}

/* a country parameter: an ISO alpha-2 or alpha-3 code or an English name, as --country
 * takes it (sr_store_country_code); 1 after a 400 answer */
static int country_param(sv_req *r, const char *value, char cc[3]) {
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_country_code(value, cc, &err) == 0) return 0;
  sv_error(r, 400, "country '%.40s': %s", value, err.msg[0] ? err.msg : "unknown country");
  return 1;
}

int sv_api_events(sv_req *r, int geojson) {
  sr_query q;
  memset(&q, 0, sizeof q);
  char ids[3][96];
  static const char *const akeys[3] = {"actor", "source", "target"};
  const char **aout[3] = {&q.actor, &q.source, &q.target};
  for (int k = 0; k < 3; k++) {
    const char *v = sv_param_get(r, akeys[k]);
    if (!v) continue;
    if (resolve_actor(r, akeys[k], v, ids[k], sizeof ids[k])) return r->status;
    *aout[k] = ids[k];
  }
  q.action = sv_param_get(r, "action");
  q.country = sv_param_get(r, "country");
  q.admin1 = sv_param_get(r, "admin1");
  q.from = sv_param_get(r, "from");
  q.to = sv_param_get(r, "to");
  q.text = sv_param_get(r, "q");
  q.origin = sv_param_get(r, "origin");
  const char *near = sv_param_get(r, "near"), *km = sv_param_get(r, "km");
  const char *minrep = sv_param_get(r, "min_reports");
  const char *limit = sv_param_get(r, "limit"), *offset = sv_param_get(r, "offset");
  if (sv_check_unused(r)) return r->status;
  char cc[3];
  if (q.country) {
    if (country_param(r, q.country, cc)) return r->status;
    q.country = cc;
  }
  if (q.from && !is_date(q.from)) return sv_error(r, 400, "from '%.40s': use YYYY-MM-DD", q.from);
  if (q.to && !is_date(q.to)) return sv_error(r, 400, "to '%.40s': use YYYY-MM-DD", q.to);
  if (q.from && q.to && strcmp(q.from, q.to) > 0)
    return sv_error(r, 400, "from %s is after to %s", q.from, q.to);
  if (q.text && !*q.text) return sv_error(r, 400, "q: empty search");
  if (km && !near) return sv_error(r, 400, "km needs near=LAT,LON");
  if (near) {
    char lat[64], *comma = strchr(near, ',');
    if (!comma || (size_t)(comma - near) >= sizeof lat)
      return sv_error(r, 400, "near '%.60s': use LAT,LON such as 34.45,40.92", near);
    memcpy(lat, near, (size_t)(comma - near));
    lat[comma - near] = 0;
    if (parse_double(r, "near (latitude)", lat, -90, 90, &q.lat) ||
        parse_double(r, "near (longitude)", comma + 1, -180, 180, &q.lon))
      return r->status;
    q.near = 1;
    q.km = 25;
    if (km) {
      if (parse_double(r, "km", km, 0, 20000, &q.km)) return r->status;
      if (q.km <= 0) return sv_error(r, 400, "km %g: must be more than 0", q.km);
    }
  }
  long v = 0;
  if (minrep) {
    if (parse_long(r, "min_reports", minrep, 0, 1000000000L, &v)) return r->status;
    q.min_reports = (int)v;
  }
  q.limit = 100;
  if (limit) {
    if (parse_long(r, "limit", limit, 1, SR_SERVE_MAX_LIMIT, &v)) return r->status;
    q.limit = v;
  }
  if (offset) {
    if (parse_long(r, "offset", offset, 0, 1000000000L, &v)) return r->status;
    q.offset = v;
  }
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  sr_error err;
  sr_error_clear(&err);
  long total = sr_store_count(st, &q, &err);
  if (total < 0) return store_failed(r, (int)total, &err);
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  rows_state rs = {.out = b, .fmt = geojson ? SR_ROW_GEOJSON : SR_ROW_JSONL};
  if (geojson) sr_buf_append(b, "{\"type\":\"FeatureCollection\",", 28);
  else sr_buf_putc(b, '{');
  if (sr_json_kint(b, "total", total, 0) || sr_buf_putc(b, ',') || sr_json_kint(b, "limit", q.limit, 0) ||
      sr_buf_putc(b, ',') || sr_json_kint(b, "offset", q.offset, 0) ||
      sr_buf_append(b, geojson ? ",\"features\":[" : ",\"events\":[", geojson ? 13 : 11))
    return sv_error(r, 500, "answer too large");
  int rc = sr_store_query(st, &q, on_row, &rs, &err);
  if (rs.failed) return sv_error(r, 500, "answer too large");
  if (rc < 0) return store_failed(r, rc, &err);
  if (sr_buf_append(b, "]}\n", 3)) return sv_error(r, 500, "answer too large");
  r->mime = geojson ? "application/geo+json" : "application/json";
  return r->status = 200;
}

/* ---- /api/events/ID */

static const char *col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? (const char *)t : "";
}

typedef struct rep_state {
  sr_buf *out;
  long n;
  int failed;
} rep_state;

static int on_report(const sr_report_row *rp, void *ud) {
  rep_state *st = ud;
  sr_buf *b = st->out;
  int rc = (st->n > 0 && sr_buf_putc(b, ',')) ||
           sr_buf_printf(b, "{\"id\":%lld,\"doc\":", (long long)rp->id) ||
           sr_buf_json_str(b, rp->doc_id ? rp->doc_id : "", rp->doc_id ? strlen(rp->doc_id) : 0) ||
           sr_buf_printf(b, ",\"sent\":%u,\"date\":", rp->sent);
  if (!rc)
    rc = rp->doc_date && *rp->doc_date ? sr_buf_json_str(b, rp->doc_date, strlen(rp->doc_date))
                                       : sr_buf_append(b, "null", 4);
  const char *f[4] = {rp->title, rp->source, rp->url, rp->evidence};
  static const char *const names[4] = {"title", "publisher", "url", "evidence"};
  for (int k = 0; k < 4 && !rc; k++) {
    rc = sr_buf_printf(b, ",\"%s\":", names[k]) ||
         sr_buf_json_str(b, f[k] ? f[k] : "", f[k] ? strlen(f[k]) : 0);
  }
  if (!rc) rc = sr_buf_printf(b, ",\"duplicate\":%s}", rp->duplicate ? "true" : "false");
  if (rc) {
    st->failed = 1;
    return 1;
  }
  st->n++;
  return 0;
}

/* the one event of /api/events/ID, as a JSON object (no trailing newline kept) */
static int on_event(const sr_event_row *row, void *ud) {
  rows_state *es = ud;
  if (sr_row_write(row, es->fmt, es->out)) es->failed = 1;
  return es->failed;
}

int sv_api_event(sv_req *r, const char *idstr) {
  long id;
  if (sv_check_unused(r)) return r->status;
  if (!*idstr || strspn(idstr, "0123456789") != strlen(idstr) || strlen(idstr) > 18)
    return sv_error(r, 404, "not found: no event '%.40s' (ids are whole numbers)", idstr);
  id = strtol(idstr, NULL, 10);
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  sr_error err;
  sr_error_clear(&err);
  rows_state es = {.out = b, .fmt = SR_ROW_JSONL};
  if (sr_buf_append(b, "{\"event\":", 9)) return sv_error(r, 500, "answer too large");
  int rc = sr_store_event(st, id, on_event, &es, &err);
  if (rc == SR_ENOTFOUND) return sv_error(r, 404, "not found: no event %ld", id);
  if (rc < 0) return store_failed(r, rc, &err);
  if (es.failed) return sv_error(r, 500, "answer too large");
  if (b->len && b->data[b->len - 1] == '\n') b->data[--b->len] = 0;
  sr_buf_append(b, ",\"reports\":[", 12);
  rep_state rs = {.out = b};
  rc = sr_store_reports(st, id, on_report, &rs, &err);
  if (rs.failed) return sv_error(r, 500, "answer too large");
  if (rc < 0) return store_failed(r, rc, &err);
  if (sr_buf_append(b, "]}\n", 3)) return sv_error(r, 500, "answer too large");
  return r->status = 200;
}

/* ---- /api/situation, /api/situation.geojson */

int sv_api_situation(sv_req *r, int geojson) {
  const char *as_of = sv_param_get(r, "as_of"), *country = sv_param_get(r, "country");
  const char *days = sv_param_get(r, "days"), *format = geojson ? NULL : sv_param_get(r, "format");
  if (sv_check_unused(r)) return r->status;
  sr_situation_opts o = {0};
  char cc[3], last[11];
  if (as_of && !is_date(as_of)) return sv_error(r, 400, "as_of '%.40s': use YYYY-MM-DD", as_of);
  if (country) {
    if (country_param(r, country, cc)) return r->status;
    o.country = cc;
  }
  long v = 30;
  if (days && parse_long(r, "days", days, 1, 3660, &v)) return r->status;
  o.days = (int)v;
  sr_situation_format f = geojson ? SR_SIT_GEOJSON : SR_SIT_JSON;
  if (format) {
    if (strcmp(format, "text") == 0)
      f = SR_SIT_TEXT;
    else if (strcmp(format, "json") != 0)
      return sv_error(r, 400, "format '%.40s': use json or text", format);
  }
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  sr_error err;
  sr_error_clear(&err);
  if (!as_of) { /* default: the last day the store has events for */
    sr_store_stats ss;
    int rc = sr_store_stats_get(st, &ss, &err);
    if (rc) return store_failed(r, rc, &err);
    if (!ss.last_date[0])
      return sv_error(r, 400, "as_of: the store has no dated events; give as_of=YYYY-MM-DD");
    memcpy(last, ss.last_date, sizeof last);
    as_of = last;
  }
  o.as_of = as_of;
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  int rc = sr_store_situation(st, &o, f, b, &err);
  if (rc) return store_failed(r, rc, &err);
  r->mime = f == SR_SIT_TEXT ? "text/plain; charset=utf-8"
            : geojson        ? "application/geo+json"
                             : "application/json";
  return r->status = 200;
}

/* ---- /api/actors */

int sv_api_actors(sv_req *r) {
  const char *country = sv_param_get(r, "country"), *limit = sv_param_get(r, "limit");
  if (sv_check_unused(r)) return r->status;
  long lim = 200;
  if (limit && parse_long(r, "limit", limit, 1, 1000, &lim)) return r->status;
  char cc[3] = "";
  if (country && country_param(r, country, cc)) return r->status;
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  static const char *const sql =
      "SELECT id, MAX(name), SUM(n), SUM(ns), SUM(nt) FROM ("
      " SELECT src_id AS id, MAX(src_name) AS name, COUNT(*) AS n, COUNT(*) AS ns, 0 AS nt FROM "
      "events"
      "  WHERE src_id <> '' AND origin = 'coded' AND (?1 = '' OR cc = ?1) GROUP BY src_id"
      " UNION ALL"
      " SELECT tgt_id, MAX(tgt_name), COUNT(*), 0, COUNT(*) FROM events"
      "  WHERE tgt_id <> '' AND origin = 'coded' AND (?1 = '' OR cc = ?1) GROUP BY tgt_id)"
      " GROUP BY id ORDER BY 3 DESC, id LIMIT ?2";
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
    return sv_error(r, 500, "store error: %s", sqlite3_errmsg(st->db));
  sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, lim);
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  int rc = sr_buf_append(b, "{\"actors\":[", 11), n = 0, step;
  while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
    const char *id = col(s, 0), *name = col(s, 1);
    rc = (n++ && sr_buf_putc(b, ',')) || sr_buf_append(b, "{\"id\":", 6) ||
         sr_buf_json_str(b, id, strlen(id)) || sr_buf_append(b, ",\"name\":", 8) ||
         sr_buf_json_str(b, name, strlen(name)) ||
         sr_buf_printf(b, ",\"events\":%lld,\"as_source\":%lld,\"as_target\":%lld}",
                       (long long)sqlite3_column_int64(s, 2), (long long)sqlite3_column_int64(s, 3),
                       (long long)sqlite3_column_int64(s, 4));
  }
  if (!rc && step != SQLITE_DONE) {
    sv_error(r, 500, "store error: %s", sqlite3_errmsg(st->db));
    sqlite3_finalize(s);
    return r->status;
  }
  sqlite3_finalize(s);
  if (rc || sr_buf_append(b, "]}\n", 3)) return sv_error(r, 500, "answer too large");
  return r->status = 200;
}

/* ---- /api/places */

int sv_api_places(sv_req *r) {
  const char *q = sv_param_get(r, "q"), *limit = sv_param_get(r, "limit");
  if (sv_check_unused(r)) return r->status;
  if (!q || !*q) return sv_error(r, 400, "q: give a place name (q=Hajin)");
  if (strlen(q) > ACTOR_NAME_MAX) return sv_error(r, 400, "q: name too long");
  long lim = 10;
  if (limit && parse_long(r, "limit", limit, 1, 20, &lim)) return r->status;
  if (!r->srv->gaz)
    return sv_error(r, 503, "no gazetteer: start sitrep serve with --gazetteer PATH");
  uint32_t idx[20];
  int n = sr_gaz_lookup(r->srv->gaz, q, strlen(q), idx, (int)lim);
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  int rc = sr_buf_append(b, "{\"places\":[", 11);
  for (int i = 0, k = 0; i < n && !rc; i++) {
    sr_place p;
    if (sr_gaz_get(r->srv->gaz, idx[i], &p)) continue;
    rc = (k++ && sr_buf_putc(b, ',')) || sr_buf_append(b, "{\"name\":", 8) ||
         sr_buf_json_str(b, p.name, strlen(p.name)) ||
         sr_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f,\"country\":", p.lat, p.lon) ||
         sr_buf_json_str(b, p.cc, strlen(p.cc)) || sr_buf_append(b, ",\"admin1\":", 10) ||
         sr_buf_json_str(b, p.admin1_name, strlen(p.admin1_name)) ||
         sr_buf_append(b, ",\"admin2\":", 10) ||
         sr_buf_json_str(b, p.admin2_name, strlen(p.admin2_name)) ||
         sr_buf_append(b, ",\"feature\":", 11) || sr_buf_json_str(b, p.fcode, strlen(p.fcode)) ||
         sr_buf_printf(b, ",\"population\":%u,\"geonameid\":%u}", p.population, p.geonameid);
  }
  if (rc || sr_buf_append(b, "]}\n", 3)) return sv_error(r, 500, "answer too large");
  return r->status = 200;
}

/* ---- /api/stats */

int sv_api_stats(sv_req *r) {
  if (sv_check_unused(r)) return r->status;
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  sr_store_stats ss;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_store_stats_get(st, &ss, &err);
  if (rc) return store_failed(r, rc, &err);
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  sr_buf_printf(
      b,
      "{\"documents\":%ld,\"duplicates\":%ld,\"reports\":%ld,\"events\":%ld,\"merged_events\":%ld,"
      "\"imported_events\":%ld,\"actors\":%ld,\"countries\":%ld,\"first_date\":",
      ss.documents, ss.duplicates, ss.reports, ss.events, ss.merged_events, ss.imported, ss.actors,
      ss.countries);
  if (ss.first_date[0])
    sr_buf_json_str(b, ss.first_date, strlen(ss.first_date));
  else
    sr_buf_append(b, "null", 4);
  sr_buf_append(b, ",\"last_date\":", 13);
  if (ss.last_date[0])
    sr_buf_json_str(b, ss.last_date, strlen(ss.last_date));
  else
    sr_buf_append(b, "null", 4);
  sr_buf_printf(b, ",\"file_bytes\":%lld,\"read_only\":%s}\n", ss.file_bytes,
                r->srv->token ? "false" : "true");
  return r->status = 200;
}
