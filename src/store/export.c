/* src/store/export.c - one writer per output format for merged-event rows
 * (`sitrep events --format`, shared with the HTTP API). The JSON shapes are described by
 * the JSON Schema files in docs/schema/, which the tests validate every output against.
 *
 * JSONL: every field of sr_event_row, one object per line:
 *   {"id","origin","ext_id","date","date_min","date_max","time_precision",
 *    "source":{"id","name","inter"}|null,"target":{"id","name","inter"}|null,
 *    "action":{"cameo","root","name","plover","acled","acled_sub","disorder"},
 *    "location":{"name","lat","lon","country","admin1","admin2","geonameid","precision"}|null,
 *    "fatalities","injured","reports","documents","evidence","publisher","url"}
 *   Unknown dates and counts the reports do not give are null.
 *
 * CSV (RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled; lines end
 * in CRLF), a documented column set:
 *   event_id        the store's event id (an imported event: ACLED's event_id_cnty)
 *   event_date      YYYY-MM-DD (empty when unknown); time_precision 1 day, 2 week, 3 month
 *   event_type, sub_event_type, disorder_type   ACLED's
 *   actor1, inter1, actor2, inter2              names (the id when no name) and inter codes
 *   country (ISO alpha-2), admin1, location, latitude, longitude (4 decimals)
 *   geo_precision   ACLED's codes: 1 the named place, 2 near it / part of a region, 3 only
 *                   the admin1 area or country
 *   fatalities, injured  the best-supported counts (empty when no report gives one)
 *   source, url     publisher and address of the first report's document
 *   notes           the evidence sentence of the first report
 *   report_count    reports merged into the event; origin  coded or acled
 * Every text cell a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * CR) is written with a leading apostrophe.
 *
 * ACLED (export_acled.c): ACLED's own column set and order.
 *
 * TSV, GDELT-style columns (tabs, CR and LF inside a field become spaces; no
 * quoting):
 *   GlobalEventID        the store's event id
 *   Day                  YYYYMMDD (empty when unknown)
 *   Actor1Code, Actor1Name, Actor2Code, Actor2Name
 *                        sitrep actor ids ("ISIS", "SYRGOV") and names; GDELT
 *                        uses CAMEO actor codes in the Code columns
 *   EventCode, EventRootCode   CAMEO code and its two-digit root
 *   NumSources           distinct documents reporting the event
 *   NumArticles          reports (mentions) merged into it
 *   ActionGeo_FullName   "Place, Admin1, CC" (the parts that are known)
 *   ActionGeo_CountryCode  ISO 3166-1 alpha-2 (GDELT uses FIPS 10-4)
 *   ActionGeo_Lat, ActionGeo_Long
 *   SOURCEURL            URL of the first report's document
 *
 * GeoJSON: one Feature (no trailing newline or comma; the caller wraps the
 * FeatureCollection): a Point geometry (null without a location) and flat properties, one
 * per field, so that GIS tools show one column each: id, origin, ext_id, date, date_min,
 * date_max, time_precision, source_id, source_name, source_inter, target_id, target_name,
 * target_inter, cameo, root, action, plover, acled, acled_sub, disorder, place, country,
 * admin1, admin2, geonameid, precision, fatalities, injured, reports, documents, evidence,
 * publisher, url.
 */
#include <stdio.h>
#include <string.h>

#include "query_internal.h"
#include "sitrep/json_write.h"
#include "sitrep/store.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* sr_cameo_name through a small per-thread memo (CAMEO codes are a few hundred short
 * strings, a page of rows repeats them): CAMEO_MEMO slots by a hash of the code, codes of
 * at most 7 bytes kept (longer ones are looked up each time). The names are static. */
#define CAMEO_MEMO 64 /* a power of two */
typedef struct cameo_memo {
  char code[8];
  const char *name; /* NULL: an empty slot */
} cameo_memo;

static const char *cameo_name(const char *cameo) {
  static _Thread_local cameo_memo memo[CAMEO_MEMO];
  unsigned h = 5381;
  size_t n = 0;
  for (; cameo[n] && n < sizeof memo[0].code; n++) h = h * 33 + (unsigned char)cameo[n];
  if (n >= sizeof memo[0].code) return sr_cameo_name(cameo);
  cameo_memo *m = &memo[h & (CAMEO_MEMO - 1)];
  if (m->name && memcmp(m->code, cameo, n + 1) == 0) return m->name;
  m->name = sr_cameo_name(cameo);
  memcpy(m->code, cameo, n + 1);
  return m->name;
}
/* a string literal, appended without printf (this is the server's hot path) */
#define LIT(b, lit) sr_buf_append((b), (lit), sizeof(lit) - 1)

static int json_str(sr_buf *b, const char *s) { return sr_buf_json_str(b, nz(s), strlen(nz(s))); }

/* "key":"value" or "key":null for a NULL/empty date. */
static int json_date(sr_buf *b, const char *key, const char *d) {
  if (sr_json_key(b, key)) return SR_ENOMEM;
  if (!d || !*d) return sr_buf_append(b, "null", 4);
  return json_str(b, d);
}

static int json_actor(sr_buf *b, const char *key, const char *id, const char *name, int inter) {
  int rc = sr_json_key(b, key);
  if (rc) return rc;
  if (!id || !*id) return sr_buf_append(b, "null", 4);
  if ((rc = sr_buf_append(b, "{\"id\":", 6)) || (rc = json_str(b, id)) ||
      (rc = sr_buf_append(b, ",\"name\":", 8)) || (rc = json_str(b, name)) ||
      (rc = LIT(b, ",\"inter\":")) || (rc = sr_json_int(b, inter > 0 ? inter : 0)))
    return rc;
  return sr_buf_putc(b, '}');
}

/* ,"key":N or ,"key":null for a count no report gives (< 0) */
static int json_count(sr_buf *b, const char *key, int n) {
  return sr_buf_putc(b, ',') || sr_json_kint(b, key, n, 0);
}

static void root_of(const char *cameo, char root[3]) {
  root[0] = cameo && cameo[0] ? cameo[0] : 0;
  root[1] = root[0] && cameo[1] ? cameo[1] : 0;
  root[2] = 0;
}

/* The JSONL object body without braces; shared with the GeoJSON properties. */
static int json_fields(const sr_event_row *r, sr_buf *b) {
  char root[3];
  root_of(r->cameo, root);
  int rc = LIT(b, "\"id\":") || sr_json_int(b, r->id) || LIT(b, ",\"origin\":");
  rc = rc || json_str(b, *nz(r->origin) ? r->origin : "coded") || LIT(b, ",\"ext_id\":");
  rc = rc || (*nz(r->ext_id) ? json_str(b, r->ext_id) : LIT(b, "null")) || sr_buf_putc(b, ',');
  rc = rc || json_date(b, "date", r->date) || sr_buf_putc(b, ',') ||
       json_date(b, "date_min", r->date_min) || sr_buf_putc(b, ',') ||
       json_date(b, "date_max", r->date_max) ||
       (r->time_precision > 0
            ? LIT(b, ",\"time_precision\":") || sr_json_int(b, r->time_precision) || sr_buf_putc(b, ',')
            : LIT(b, ",\"time_precision\":null,")) ||
       json_actor(b, "source", r->src_id, r->src_name, r->src_inter) || sr_buf_putc(b, ',') ||
       json_actor(b, "target", r->tgt_id, r->tgt_name, r->tgt_inter);
  rc = rc || LIT(b, ",\"action\":{\"cameo\":") || json_str(b, r->cameo) ||
       LIT(b, ",\"root\":") || json_str(b, root) || LIT(b, ",\"name\":") ||
       json_str(b, cameo_name(nz(r->cameo))) || LIT(b, ",\"plover\":") ||
       json_str(b, r->plover) || LIT(b, ",\"acled\":") || json_str(b, r->acled) ||
       LIT(b, ",\"acled_sub\":") || json_str(b, r->acled_sub) || LIT(b, ",\"disorder\":") ||
       json_str(b, r->disorder) || sr_buf_putc(b, '}');
  rc = rc || LIT(b, ",\"location\":");
  if (r->has_location) {
    rc = rc || LIT(b, "{\"name\":") || json_str(b, r->loc_name) ||
         LIT(b, ",\"lat\":") || sr_json_fixed(b, r->lat, 4) || LIT(b, ",\"lon\":") ||
         sr_json_fixed(b, r->lon, 4) || LIT(b, ",\"country\":") ||
         json_str(b, r->country) || LIT(b, ",\"admin1\":") || json_str(b, r->admin1) ||
         LIT(b, ",\"admin2\":") || json_str(b, r->admin2) ||
         LIT(b, ",\"geonameid\":") || sr_json_int(b, r->geonameid) || LIT(b, ",\"precision\":") ||
         json_str(b, r->precision) || sr_buf_putc(b, '}');
  } else {
    rc = rc || sr_buf_append(b, "null", 4);
  }
  rc = rc || json_count(b, "fatalities", r->fatalities) || json_count(b, "injured", r->injured);
  rc = rc || LIT(b, ",\"reports\":") || sr_json_int(b, r->nreports) || LIT(b, ",\"documents\":") ||
       sr_json_int(b, r->ndocs) || LIT(b, ",\"evidence\":") ||
       json_str(b, r->evidence) || LIT(b, ",\"publisher\":") || json_str(b, r->source) ||
       LIT(b, ",\"url\":") || json_str(b, r->url);
  return rc ? SR_ELIMIT : 0;
}

/* ---- the same JSONL body written at a cursor: one reservation per row (the worst case of
 * every field), then no bounds checks, no printf and no call per literal; the server writes
 * every event row through it. json_fields above stays the reference (and the path when the
 * worst case does not fit the buffer's maximum); test_store checks they agree. */

enum { JF_ORIGIN, JF_EXT, JF_DATE, JF_DMIN, JF_DMAX, JF_SRC, JF_SRCN, JF_TGT, JF_TGTN, JF_CAMEO,
       JF_ROOT, JF_NAME, JF_PLOVER, JF_ACLED, JF_ACLEDSUB, JF_DISORDER, JF_LOC, JF_CC, JF_ADM1,
       JF_ADM2, JF_PREC, JF_EVID, JF_PUB, JF_URL, JF_N };
#define JF_FIXED 1024 /* keys, punctuation, null/true and 9 integers: well under this */

#define PUT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

typedef struct jf_str {
  const char *s;
  size_t n;
} jf_str;

static char *put_s(char *p, const jf_str *v) { return sr_json_put_str(p, v->s, v->n); }

/* a date, or null when unknown */
static char *put_date(char *p, const jf_str *v) { return v->n ? put_s(p, v) : PUT(p, "null"); }

static char *put_actor(char *p, const jf_str *id, const jf_str *name, int inter) {
  if (!id->n) return PUT(p, "null");
  p = put_s(PUT(p, "{\"id\":"), id);
  p = put_s(PUT(p, ",\"name\":"), name);
  p = sr_json_put_int(PUT(p, ",\"inter\":"), inter > 0 ? inter : 0);
  *p++ = '}';
  return p;
}

static char *put_count(char *p, int n) { return n < 0 ? PUT(p, "null") : sr_json_put_int(p, n); }

/* The JSONL object body at p (room made by the caller); returns the end. */
static char *put_fields(const sr_event_row *r, const jf_str *f, char *p) {
  p = sr_json_put_int(PUT(p, "\"id\":"), r->id);
  p = put_s(PUT(p, ",\"origin\":"), &f[JF_ORIGIN]);
  p = PUT(p, ",\"ext_id\":");
  p = f[JF_EXT].n ? put_s(p, &f[JF_EXT]) : PUT(p, "null");
  p = put_date(PUT(p, ",\"date\":"), &f[JF_DATE]);
  p = put_date(PUT(p, ",\"date_min\":"), &f[JF_DMIN]);
  p = put_date(PUT(p, ",\"date_max\":"), &f[JF_DMAX]);
  p = PUT(p, ",\"time_precision\":");
  p = r->time_precision > 0 ? sr_json_put_int(p, r->time_precision) : PUT(p, "null");
  p = put_actor(PUT(p, ",\"source\":"), &f[JF_SRC], &f[JF_SRCN], r->src_inter);
  p = put_actor(PUT(p, ",\"target\":"), &f[JF_TGT], &f[JF_TGTN], r->tgt_inter);
  p = put_s(PUT(p, ",\"action\":{\"cameo\":"), &f[JF_CAMEO]);
  p = put_s(PUT(p, ",\"root\":"), &f[JF_ROOT]);
  p = put_s(PUT(p, ",\"name\":"), &f[JF_NAME]);
  p = put_s(PUT(p, ",\"plover\":"), &f[JF_PLOVER]);
  p = put_s(PUT(p, ",\"acled\":"), &f[JF_ACLED]);
  p = put_s(PUT(p, ",\"acled_sub\":"), &f[JF_ACLEDSUB]);
  p = put_s(PUT(p, ",\"disorder\":"), &f[JF_DISORDER]);
  p = PUT(p, "},\"location\":");
  if (r->has_location) {
    p = put_s(PUT(p, "{\"name\":"), &f[JF_LOC]);
    p = sr_json_put_fixed(PUT(p, ",\"lat\":"), r->lat, 4);
    p = sr_json_put_fixed(PUT(p, ",\"lon\":"), r->lon, 4);
    p = put_s(PUT(p, ",\"country\":"), &f[JF_CC]);
    p = put_s(PUT(p, ",\"admin1\":"), &f[JF_ADM1]);
    p = put_s(PUT(p, ",\"admin2\":"), &f[JF_ADM2]);
    p = sr_json_put_int(PUT(p, ",\"geonameid\":"), r->geonameid);
    p = put_s(PUT(p, ",\"precision\":"), &f[JF_PREC]);
    *p++ = '}';
  } else {
    p = PUT(p, "null");
  }
  p = put_count(PUT(p, ",\"fatalities\":"), r->fatalities);
  p = put_count(PUT(p, ",\"injured\":"), r->injured);
  p = sr_json_put_int(PUT(p, ",\"reports\":"), r->nreports);
  p = sr_json_put_int(PUT(p, ",\"documents\":"), r->ndocs);
  p = put_s(PUT(p, ",\"evidence\":"), &f[JF_EVID]);
  p = put_s(PUT(p, ",\"publisher\":"), &f[JF_PUB]);
  return put_s(PUT(p, ",\"url\":"), &f[JF_URL]);
}

/* '{' + the body + "}\n" at the buffer's end; 1 when the worst case does not fit (nothing
 * written: the caller takes json_fields), else 0. */
static int json_row_fast(const sr_event_row *r, sr_buf *b) {
  char root[3];
  root_of(r->cameo, root);
  const char *v[JF_N] = {
      [JF_ORIGIN] = *nz(r->origin) ? r->origin : "coded", [JF_EXT] = r->ext_id, [JF_DATE] = r->date,
      [JF_DMIN] = r->date_min, [JF_DMAX] = r->date_max, [JF_SRC] = r->src_id, [JF_SRCN] = r->src_name,
      [JF_TGT] = r->tgt_id, [JF_TGTN] = r->tgt_name, [JF_CAMEO] = r->cameo, [JF_ROOT] = root,
      [JF_NAME] = cameo_name(nz(r->cameo)), [JF_PLOVER] = r->plover, [JF_ACLED] = r->acled,
      [JF_ACLEDSUB] = r->acled_sub, [JF_DISORDER] = r->disorder, [JF_LOC] = r->loc_name,
      [JF_CC] = r->country, [JF_ADM1] = r->admin1, [JF_ADM2] = r->admin2, [JF_PREC] = r->precision,
      [JF_EVID] = r->evidence, [JF_PUB] = r->source, [JF_URL] = r->url};
  jf_str f[JF_N];
  size_t need = JF_FIXED + 2 * SR_JSON_FIXED_MAX;
  for (int i = 0; i < JF_N; i++) {
    f[i].s = nz(v[i]);
    f[i].n = strlen(f[i].s);
    need += SR_JSON_STR_MAX(f[i].n);
  }
  if (sr_buf_reserve(b, need)) return 1;
  char *p = b->data + b->len;
  *p++ = '{';
  p = put_fields(r, f, p);
  p = PUT(p, "}\n");
  b->len = (size_t)(p - b->data);
  b->data[b->len] = 0;
  return 0;
}

/* "key":"v", */
static int flat_str(sr_buf *b, const char *key, const char *v) {
  return sr_json_kstr(b, key, v) || sr_buf_putc(b, ',');
}

/* "key":N, or "key":null, */
static int flat_int(sr_buf *b, const char *key, int v, int null_below) {
  return sr_json_kint(b, key, v, null_below) || sr_buf_putc(b, ',');
}

/* GeoJSON properties: one per field (GIS tools show nested objects as one text column) */
static int flat_fields(const sr_event_row *r, sr_buf *b) {
  char root[3];
  root_of(r->cameo, root);
  int loc = r->has_location;
  int rc = LIT(b, "\"id\":") || sr_json_int(b, r->id) || sr_buf_putc(b, ',') ||
           flat_str(b, "origin", *nz(r->origin) ? r->origin : "coded") || flat_str(b, "ext_id", r->ext_id) ||
           json_date(b, "date", r->date) || sr_buf_putc(b, ',') || json_date(b, "date_min", r->date_min) ||
           sr_buf_putc(b, ',') || json_date(b, "date_max", r->date_max) || sr_buf_putc(b, ',') ||
           flat_int(b, "time_precision", r->time_precision, 1) || flat_str(b, "source_id", r->src_id) ||
           flat_str(b, "source_name", r->src_name) || flat_int(b, "source_inter", *nz(r->src_id) ? r->src_inter : -1, 0) ||
           flat_str(b, "target_id", r->tgt_id) || flat_str(b, "target_name", r->tgt_name) ||
           flat_int(b, "target_inter", *nz(r->tgt_id) ? r->tgt_inter : -1, 0) || flat_str(b, "cameo", r->cameo) ||
           flat_str(b, "root", root) || flat_str(b, "action", sr_cameo_name(nz(r->cameo))) ||
           flat_str(b, "plover", r->plover) || flat_str(b, "acled", r->acled) ||
           flat_str(b, "acled_sub", r->acled_sub) || flat_str(b, "disorder", r->disorder) ||
           flat_str(b, "place", loc ? r->loc_name : "") || flat_str(b, "country", loc ? r->country : "") ||
           flat_str(b, "admin1", loc ? r->admin1 : "") || flat_str(b, "admin2", loc ? r->admin2 : "") ||
           flat_int(b, "geonameid", loc ? (int)r->geonameid : -1, 0) ||
           flat_str(b, "precision", loc ? r->precision : "") || flat_int(b, "fatalities", r->fatalities, 0) ||
           flat_int(b, "injured", r->injured, 0) || flat_int(b, "reports", r->nreports, 0) ||
           flat_int(b, "documents", r->ndocs, 0) || flat_str(b, "evidence", r->evidence) ||
           flat_str(b, "publisher", r->source) || LIT(b, "\"url\":") || json_str(b, r->url);
  return rc ? SR_ELIMIT : 0;
}

/* RFC 4180 field: quoted when it holds a comma, quote, CR or LF. */
static int csv_raw(sr_buf *b, const char *s, int guard, int last) {
  s = nz(s);
  int rc = 0;
  /* a cell a spreadsheet would run as a formula gets a leading apostrophe (text cells only:
   * numbers we write, like a negative longitude, are left as they are) */
  int formula = guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
  if (strpbrk(s, ",\"\r\n") || formula) {
    rc = sr_buf_putc(b, '"');
    if (formula) rc = rc || sr_buf_putc(b, '\'');
    for (const char *p = s; *p && !rc; p++) rc = *p == '"' ? sr_buf_append(b, "\"\"", 2) : sr_buf_putc(b, *p);
    rc = rc || sr_buf_putc(b, '"');
  } else {
    rc = sr_buf_append(b, s, strlen(s));
  }
  return rc || (last ? sr_buf_append(b, "\r\n", 2) : sr_buf_putc(b, ','));
}

int sr_csv_text(sr_buf *b, const char *s, int last) { return csv_raw(b, s, 1, last); }
int sr_csv_num(sr_buf *b, const char *s, int last) { return csv_raw(b, s, 0, last); }

/* TSV field: tabs, CR and LF become spaces. */
static int tsv_field(sr_buf *b, const char *s, int last) {
  int rc = 0;
  for (const char *p = nz(s); *p && !rc; p++)
    rc = sr_buf_putc(b, (*p == '\t' || *p == '\r' || *p == '\n') ? ' ' : *p);
  return rc || sr_buf_putc(b, last ? '\n' : '\t');
}

/* a text cell a spreadsheet could run as a formula (= + - @ first) gets a leading quote, as in CSV */
static int tsv_text(sr_buf *b, const char *s, int last) {
  if (s && s[0] && strchr("=+-@", s[0]) && sr_buf_putc(b, '\'')) return 1;
  return tsv_field(b, s, last);
}

static const char *actor_label(const char *id, const char *name) {
  return name && *name ? name : nz(id);
}

const char *sr_acled_geo_precision(const sr_event_row *r) {
  if (!r->has_location) return "";
  const char *p = nz(r->precision);
  if (strcmp(p, "place") == 0) return "1";
  if (strcmp(p, "near") == 0) return "2";
  return "3";
}

/* an integer cell, empty for an unknown value (< 0 or, with zero_empty, 0) */
static void int_cell(char *out, size_t cap, int v, int zero_empty) {
  if (v < 0 || (zero_empty && v == 0)) out[0] = 0;
  else snprintf(out, cap, "%d", v);
}

static int write_csv(const sr_event_row *r, sr_buf *b) {
  char lat[32] = "", lon[32] = "", n[16], id[SR_IMPORT_MAX_ID + 32], tp[16], i1[16], i2[16], fat[16], inj[16];
  if (r->has_location) {
    snprintf(lat, sizeof lat, "%.4f", r->lat);
    snprintf(lon, sizeof lon, "%.4f", r->lon);
  }
  snprintf(n, sizeof n, "%d", r->nreports);
  if (*nz(r->ext_id)) snprintf(id, sizeof id, "%s", r->ext_id);
  else snprintf(id, sizeof id, "%lld", (long long)r->id);
  int_cell(tp, sizeof tp, r->time_precision, 1);
  int_cell(i1, sizeof i1, *nz(r->src_id) ? r->src_inter : -1, 0);
  int_cell(i2, sizeof i2, *nz(r->tgt_id) ? r->tgt_inter : -1, 0);
  int_cell(fat, sizeof fat, r->fatalities, 0);
  int_cell(inj, sizeof inj, r->injured, 0);
  int rc = sr_csv_text(b, id, 0) || sr_csv_num(b, r->date, 0) || sr_csv_num(b, tp, 0) ||
           sr_csv_text(b, r->acled, 0) || sr_csv_text(b, r->acled_sub, 0) || sr_csv_text(b, r->disorder, 0) ||
           sr_csv_text(b, actor_label(r->src_id, r->src_name), 0) || sr_csv_num(b, i1, 0) ||
           sr_csv_text(b, actor_label(r->tgt_id, r->tgt_name), 0) || sr_csv_num(b, i2, 0) ||
           sr_csv_text(b, r->has_location ? r->country : "", 0) || sr_csv_text(b, r->admin1, 0) ||
           sr_csv_text(b, r->loc_name, 0) || sr_csv_num(b, lat, 0) || sr_csv_num(b, lon, 0) ||
           sr_csv_num(b, sr_acled_geo_precision(r), 0) || sr_csv_num(b, fat, 0) || sr_csv_num(b, inj, 0) ||
           sr_csv_text(b, r->source, 0) || sr_csv_text(b, r->url, 0) || sr_csv_text(b, r->evidence, 0) ||
           sr_csv_num(b, n, 0) || sr_csv_text(b, *nz(r->origin) ? r->origin : "coded", 1);
  return rc ? SR_ELIMIT : 0;
}

static int write_tsv(const sr_event_row *r, sr_buf *b) {
  char id[24], day[9] = "", root[3], ns[16], na[16], lat[32] = "", lon[32] = "";
  snprintf(id, sizeof id, "%lld", (long long)r->id);
  if (r->date && strlen(r->date) >= 10)
    snprintf(day, sizeof day, "%.4s%.2s%.2s", r->date, r->date + 5, r->date + 8);
  root_of(r->cameo, root);
  snprintf(ns, sizeof ns, "%d", r->ndocs);
  snprintf(na, sizeof na, "%d", r->nreports);
  sr_buf full;
  sr_buf_init(&full, 4096);
  if (r->has_location) {
    snprintf(lat, sizeof lat, "%.4f", r->lat);
    snprintf(lon, sizeof lon, "%.4f", r->lon);
    const char *parts[3] = {nz(r->loc_name), nz(r->admin1), nz(r->country)};
    for (int i = 0; i < 3; i++) {
      if (!*parts[i] || (i == 1 && strcmp(parts[0], parts[1]) == 0)) continue;
      if (full.len) sr_buf_append(&full, ", ", 2);
      sr_buf_append(&full, parts[i], strlen(parts[i]));
    }
  }
  int rc = tsv_field(b, id, 0) || tsv_field(b, day, 0) || tsv_text(b, r->src_id, 0) ||
           tsv_text(b, r->src_name, 0) || tsv_text(b, r->tgt_id, 0) || tsv_text(b, r->tgt_name, 0) ||
           tsv_field(b, r->cameo, 0) || tsv_field(b, root, 0) || tsv_field(b, ns, 0) ||
           tsv_field(b, na, 0) || tsv_text(b, full.len ? full.data : "", 0) ||
           tsv_field(b, r->has_location ? r->country : "", 0) || tsv_field(b, lat, 0) ||
           tsv_field(b, lon, 0) || tsv_text(b, r->url, 1);
  sr_buf_free(&full);
  return rc ? SR_ELIMIT : 0;
}

const char *sr_row_header(sr_row_format f) {
  switch (f) {
  case SR_ROW_CSV:
    return "event_id,event_date,time_precision,event_type,sub_event_type,disorder_type,actor1,inter1,"
           "actor2,inter2,country,admin1,location,latitude,longitude,geo_precision,fatalities,injured,"
           "source,url,notes,report_count,origin\r\n";
  case SR_ROW_ACLED:
    return sr_acled_header();
  case SR_ROW_TSV:
    return "GlobalEventID\tDay\tActor1Code\tActor1Name\tActor2Code\tActor2Name\tEventCode\t"
           "EventRootCode\tNumSources\tNumArticles\tActionGeo_FullName\tActionGeo_CountryCode\t"
           "ActionGeo_Lat\tActionGeo_Long\tSOURCEURL\n";
  default: return "";
  }
}

int sr_row_write(const sr_event_row *r, sr_row_format f, sr_buf *out) {
  if (!r || !out) return SR_ERR;
  int rc;
  switch (f) {
  case SR_ROW_JSONL:
    if (json_row_fast(r, out) == 0) return 0;
    rc = sr_buf_putc(out, '{');
    if (!rc) rc = json_fields(r, out);
    if (!rc) rc = sr_buf_append(out, "}\n", 2);
    return rc;
  case SR_ROW_CSV: return write_csv(r, out);
  case SR_ROW_ACLED: return sr_acled_write(r, out);
  case SR_ROW_TSV: return write_tsv(r, out);
  case SR_ROW_GEOJSON:
    rc = LIT(out, "{\"type\":\"Feature\",\"id\":") || sr_json_int(out, r->id) || LIT(out, ",\"geometry\":");
    if (!rc)
      rc = r->has_location ? LIT(out, "{\"type\":\"Point\",\"coordinates\":[") || sr_json_fixed(out, r->lon, 4) ||
                                 sr_buf_putc(out, ',') || sr_json_fixed(out, r->lat, 4) || LIT(out, "]}")
                           : sr_buf_append(out, "null", 4);
    if (!rc) rc = sr_buf_append(out, ",\"properties\":{", 15);
    if (!rc) rc = flat_fields(r, out);
    if (!rc) rc = sr_buf_append(out, "}}", 2);
    return rc;
  }
  return SR_ERR;
}
