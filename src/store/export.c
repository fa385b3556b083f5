/* src/store/export.c - one writer per output format for merged-event rows
 * (`sitrep events --format`, shared with the HTTP API).
 *
 * JSONL: every field of sr_event_row, one object per line:
 *   {"id","date","date_min","date_max",
 *    "source":{"id","name"}|null,"target":{"id","name"}|null,
 *    "action":{"cameo","root","name","plover","acled","acled_sub"},
 *    "location":{"name","lat","lon","country","admin1","admin2","geonameid","precision"}|null,
 *    "reports","documents","evidence","publisher","url"}
 *   Unknown dates are null.
 *
 * CSV (RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes
 * doubled; lines end in CRLF), ACLED-style columns:
 *   event_date      YYYY-MM-DD (empty when unknown)
 *   event_type      ACLED event type ("Battles"; empty for verbal acts)
 *   sub_event_type  ACLED sub-event type ("Armed clash")
 *   actor1, actor2  actor names ("Islamic State"); the id when no name
 *   admin1          admin1 area name
 *   location        place name
 *   latitude, longitude  4 decimals (empty without a location)
 *   geo_precision   ACLED's codes: 1 the named place, 2 near it / part of a
 *                   region, 3 only the admin1 area or country
 *   source          publisher of the first report's document
 *   notes           the evidence sentence of the first report
 *   report_count    number of reports merged into the event
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
 * FeatureCollection): a Point geometry (null without a location) and the JSONL
 * fields as properties.
 */
#include <stdio.h>
#include <string.h>

#include "sitrep/store.h"

static const char *nz(const char *s) { return s ? s : ""; }
/* a string literal, appended without printf (this is the server's hot path) */
#define LIT(b, lit) sr_buf_append((b), (lit), sizeof(lit) - 1)

static int json_str(sr_buf *b, const char *s) { return sr_buf_json_str(b, nz(s), strlen(nz(s))); }

/* "key":"value" or "key":null for a NULL/empty date. */
static int json_date(sr_buf *b, const char *key, const char *d) {
  if (sr_buf_printf(b, "\"%s\":", key)) return SR_ENOMEM;
  if (!d || !*d) return sr_buf_append(b, "null", 4);
  return json_str(b, d);
}

static int json_actor(sr_buf *b, const char *key, const char *id, const char *name) {
  int rc = sr_buf_printf(b, "\"%s\":", key);
  if (rc) return rc;
  if (!id || !*id) return sr_buf_append(b, "null", 4);
  if ((rc = sr_buf_append(b, "{\"id\":", 6)) || (rc = json_str(b, id)) ||
      (rc = sr_buf_append(b, ",\"name\":", 8)) || (rc = json_str(b, name)))
    return rc;
  return sr_buf_putc(b, '}');
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
  int rc = sr_buf_printf(b, "\"id\":%lld,", (long long)r->id);
  rc = rc || json_date(b, "date", r->date) || sr_buf_putc(b, ',') ||
       json_date(b, "date_min", r->date_min) || sr_buf_putc(b, ',') ||
       json_date(b, "date_max", r->date_max) || sr_buf_putc(b, ',') ||
       json_actor(b, "source", r->src_id, r->src_name) || sr_buf_putc(b, ',') ||
       json_actor(b, "target", r->tgt_id, r->tgt_name);
  rc = rc || LIT(b, ",\"action\":{\"cameo\":") || json_str(b, r->cameo) ||
       LIT(b, ",\"root\":") || json_str(b, root) || LIT(b, ",\"name\":") ||
       json_str(b, sr_cameo_name(nz(r->cameo))) || LIT(b, ",\"plover\":") ||
       json_str(b, r->plover) || LIT(b, ",\"acled\":") || json_str(b, r->acled) ||
       LIT(b, ",\"acled_sub\":") || json_str(b, r->acled_sub) || sr_buf_putc(b, '}');
  rc = rc || LIT(b, ",\"location\":");
  if (r->has_location) {
    rc = rc || LIT(b, "{\"name\":") || json_str(b, r->loc_name) ||
         sr_buf_printf(b, ",\"lat\":%.4f,\"lon\":%.4f,\"country\":", r->lat, r->lon) ||
         json_str(b, r->country) || LIT(b, ",\"admin1\":") || json_str(b, r->admin1) ||
         LIT(b, ",\"admin2\":") || json_str(b, r->admin2) ||
         sr_buf_printf(b, ",\"geonameid\":%u,\"precision\":", r->geonameid) ||
         json_str(b, r->precision) || sr_buf_putc(b, '}');
  } else {
    rc = rc || sr_buf_append(b, "null", 4);
  }
  rc = rc || sr_buf_printf(b, ",\"reports\":%d,\"documents\":%d,\"evidence\":", r->nreports, r->ndocs) ||
       json_str(b, r->evidence) || LIT(b, ",\"publisher\":") || json_str(b, r->source) ||
       LIT(b, ",\"url\":") || json_str(b, r->url);
  return rc ? SR_ELIMIT : 0;
}

/* RFC 4180 field: quoted when it holds a comma, quote, CR or LF. */
static int csv_field(sr_buf *b, const char *s, int last) {
  s = nz(s);
  int rc = 0;
  if (strpbrk(s, ",\"\r\n")) {
    rc = sr_buf_putc(b, '"');
    for (const char *p = s; *p && !rc; p++) rc = *p == '"' ? sr_buf_append(b, "\"\"", 2) : sr_buf_putc(b, *p);
    rc = rc || sr_buf_putc(b, '"');
  } else {
    rc = sr_buf_append(b, s, strlen(s));
  }
  return rc || (last ? sr_buf_append(b, "\r\n", 2) : sr_buf_putc(b, ','));
}

/* TSV field: tabs, CR and LF become spaces. */
static int tsv_field(sr_buf *b, const char *s, int last) {
  int rc = 0;
  for (const char *p = nz(s); *p && !rc; p++)
    rc = sr_buf_putc(b, (*p == '\t' || *p == '\r' || *p == '\n') ? ' ' : *p);
  return rc || sr_buf_putc(b, last ? '\n' : '\t');
}

static const char *actor_label(const char *id, const char *name) {
  return name && *name ? name : nz(id);
}

static const char *acled_precision(const sr_event_row *r) {
  if (!r->has_location) return "";
  const char *p = nz(r->precision);
  if (strcmp(p, "place") == 0) return "1";
  if (strcmp(p, "near") == 0) return "2";
  return "3";
}

static int write_csv(const sr_event_row *r, sr_buf *b) {
  char lat[32] = "", lon[32] = "", n[16];
  if (r->has_location) {
    snprintf(lat, sizeof lat, "%.4f", r->lat);
    snprintf(lon, sizeof lon, "%.4f", r->lon);
  }
  snprintf(n, sizeof n, "%d", r->nreports);
  int rc = csv_field(b, r->date, 0) || csv_field(b, r->acled, 0) || csv_field(b, r->acled_sub, 0) ||
           csv_field(b, actor_label(r->src_id, r->src_name), 0) ||
           csv_field(b, actor_label(r->tgt_id, r->tgt_name), 0) || csv_field(b, r->admin1, 0) ||
           csv_field(b, r->loc_name, 0) || csv_field(b, lat, 0) || csv_field(b, lon, 0) ||
           csv_field(b, acled_precision(r), 0) || csv_field(b, r->source, 0) ||
           csv_field(b, r->evidence, 0) || csv_field(b, n, 1);
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
  int rc = tsv_field(b, id, 0) || tsv_field(b, day, 0) || tsv_field(b, r->src_id, 0) ||
           tsv_field(b, r->src_name, 0) || tsv_field(b, r->tgt_id, 0) || tsv_field(b, r->tgt_name, 0) ||
           tsv_field(b, r->cameo, 0) || tsv_field(b, root, 0) || tsv_field(b, ns, 0) ||
           tsv_field(b, na, 0) || tsv_field(b, full.len ? full.data : "", 0) ||
           tsv_field(b, r->has_location ? r->country : "", 0) || tsv_field(b, lat, 0) ||
           tsv_field(b, lon, 0) || tsv_field(b, r->url, 1);
  sr_buf_free(&full);
  return rc ? SR_ELIMIT : 0;
}

const char *sr_row_header(sr_row_format f) {
  switch (f) {
  case SR_ROW_CSV:
    return "event_date,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,"
           "geo_precision,source,notes,report_count\r\n";
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
    rc = sr_buf_putc(out, '{');
    if (!rc) rc = json_fields(r, out);
    if (!rc) rc = sr_buf_append(out, "}\n", 2);
    return rc;
  case SR_ROW_CSV: return write_csv(r, out);
  case SR_ROW_TSV: return write_tsv(r, out);
  case SR_ROW_GEOJSON:
    rc = sr_buf_printf(out, "{\"type\":\"Feature\",\"id\":%lld,\"geometry\":", (long long)r->id);
    if (!rc)
      rc = r->has_location
               ? sr_buf_printf(out, "{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]}", r->lon, r->lat)
               : sr_buf_append(out, "null", 4);
    if (!rc) rc = sr_buf_append(out, ",\"properties\":{", 15);
    if (!rc) rc = json_fields(r, out);
    if (!rc) rc = sr_buf_append(out, "}}", 2);
    return rc;
  }
  return SR_ERR;
}
