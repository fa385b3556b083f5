/* src/store/export_acled.c - merged events in ACLED's export columns, in ACLED's order, so
 * that the file loads where ACLED exports load (`sitrep events --format acled`):
 *
 *   event_id_cnty   an imported event's own id; a coded one: the country's ISO alpha-3 and
 *                   the store's event id ("SYR1234")
 *   event_date      YYYY-MM-DD; year; time_precision (1 day, 2 week, 3 month)
 *   disorder_type, event_type, sub_event_type
 *   actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2   names and inter codes
 *                   (associated actors are not coded: empty; a peaceful protest has no actor2)
 *   interaction     the two inter codes, the lower first ("12"); one actor: inter1 then 0
 *   civilian_targeting  "Civilian targeting" when violence targets civilians (inter2 7)
 *   iso, region, country   ISO numeric code, ACLED's region, country name
 *                   (data/codes/iso3166.tsv)
 *   admin1, admin2, admin3, location, latitude, longitude, geo_precision
 *   source, source_scale, notes   publisher, (empty), the evidence sentence
 *   fatalities      the best-supported count, 0 when no report gives one (ACLED's convention)
 *   tags, timestamp (empty: not coded)
 * Text cells that a spreadsheet would run as a formula are neutralised (sr_csv_text).
 */
#include <stdio.h>
#include <string.h>

#include "iso3166.h"
#include "query_internal.h"

static const char *nz(const char *s) { return s ? s : ""; }

const char *sr_acled_header(void) {
  return "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
         "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
         "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
         "notes,fatalities,tags,timestamp\r\n";
}

static const char *label(const char *id, const char *name) { return name && *name ? name : nz(id); }

int sr_acled_write(const sr_event_row *r, sr_buf *b) {
  const char *cc = r->has_location ? nz(r->country) : "";
  const sr_iso_country *co = sr_iso_by_cc(cc);
  char id[SR_IMPORT_MAX_ID + 32], year[16] = "", tp[16] = "", i1[16] = "", i2[16] = "", inter[32] = "", iso[16] = "", lat[32] = "",
       lon[32] = "", fat[16];
  if (*nz(r->ext_id)) snprintf(id, sizeof id, "%s", r->ext_id);
  else snprintf(id, sizeof id, "%s%lld", co ? co->alpha3 : "XXX", (long long)r->id);
  if (r->date && strlen(r->date) >= 4) snprintf(year, sizeof year, "%.4s", r->date);
  if (r->time_precision > 0) snprintf(tp, sizeof tp, "%d", r->time_precision);
  /* a peaceful protest has no second actor in ACLED (whom it is against is not a party) */
  int actor2 = *nz(r->tgt_id) && strcmp(nz(r->acled_sub), "Peaceful protest") != 0;
  int a = *nz(r->src_id) ? r->src_inter : 0, t = actor2 ? r->tgt_inter : 0;
  if (a > 0) snprintf(i1, sizeof i1, "%d", a);
  if (t > 0) snprintf(i2, sizeof i2, "%d", t);
  if (a > 0) snprintf(inter, sizeof inter, "%d%d", t > 0 && t < a ? t : a, t > 0 && t < a ? a : t);
  if (co) snprintf(iso, sizeof iso, "%d", co->numeric);
  if (r->has_location) {
    snprintf(lat, sizeof lat, "%.4f", r->lat);
    snprintf(lon, sizeof lon, "%.4f", r->lon);
  }
  snprintf(fat, sizeof fat, "%d", r->fatalities > 0 ? r->fatalities : 0);
  int civ = t == 7 && strstr(nz(r->disorder), "Political violence") != NULL;
  int rc = sr_csv_text(b, id, 0) || sr_csv_num(b, r->date, 0) || sr_csv_num(b, year, 0) || sr_csv_num(b, tp, 0) ||
           sr_csv_text(b, r->disorder, 0) || sr_csv_text(b, r->acled, 0) || sr_csv_text(b, r->acled_sub, 0) ||
           sr_csv_text(b, label(r->src_id, r->src_name), 0) || sr_csv_text(b, "", 0) || sr_csv_num(b, i1, 0) ||
           sr_csv_text(b, actor2 ? label(r->tgt_id, r->tgt_name) : "", 0) || sr_csv_text(b, "", 0) || sr_csv_num(b, i2, 0) ||
           sr_csv_num(b, inter, 0) || sr_csv_text(b, civ ? "Civilian targeting" : "", 0) || sr_csv_num(b, iso, 0) ||
           sr_csv_text(b, co ? co->region : "", 0) || sr_csv_text(b, co ? co->name : cc, 0) ||
           sr_csv_text(b, r->has_location ? r->admin1 : "", 0) || sr_csv_text(b, r->has_location ? r->admin2 : "", 0) ||
           sr_csv_text(b, "", 0) || sr_csv_text(b, r->has_location ? r->loc_name : "", 0) || sr_csv_num(b, lat, 0) ||
           sr_csv_num(b, lon, 0) || sr_csv_num(b, sr_acled_geo_precision(r), 0) || sr_csv_text(b, r->source, 0) ||
           sr_csv_text(b, "", 0) || sr_csv_text(b, r->evidence, 0) || sr_csv_num(b, fat, 0) || sr_csv_text(b, "", 0) ||
           sr_csv_num(b, "", 1);
  return rc ? SR_ELIMIT : 0;
}
