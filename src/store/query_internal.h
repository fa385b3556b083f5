/* src/store/query_internal.h - helpers shared by query.c, export.c and
 * situation.c; not installed. */
#ifndef SITREP_QUERY_INTERNAL_H
#define SITREP_QUERY_INTERNAL_H
#include <sqlite3.h>

#include "sitrep/store.h"

/* 1 when s is a real calendar date YYYY-MM-DD (years 1900-2199), else 0. */
int sr_store_date_ok(const char *s);
/* Optimal string alignment distance of a and b (insertions, deletions, substitutions and
 * swaps of neighbours count 1); (size_t)-1 when either is over SR_STORE_EDIT_MAX bytes. */
#define SR_STORE_EDIT_MAX 80
size_t sr_store_edit_distance(const char *a, const char *b);
/* Great-circle distance in km between two points (haversine). */
double sr_store_km(double lat1, double lon1, double lat2, double lon2);
/* "SELECT <the row's 36 columns> FROM events e" without a WHERE clause (the first report's
 * evidence, publisher and url are on the row since schema 6); static string. */
const char *sr_store_row_columns(void);
/* Fill r from a statement made from sr_store_row_columns(); strings are
 * borrowed from the statement until its next step. */
void sr_store_row_from_stmt(sqlite3_stmt *st, sr_event_row *r);

/* export.c: one CSV cell and its separator (a comma, or CRLF when last). sr_csv_text writes
 * a cell a spreadsheet would run as a formula (= + - @ tab CR first) with a leading
 * apostrophe; sr_csv_num writes numbers as they are. 0 or SR_ENOMEM. */
int sr_csv_text(sr_buf *b, const char *s, int last);
int sr_csv_num(sr_buf *b, const char *s, int last);
/* ACLED's geo_precision of a row: "1" the named place, "2" near it, "3" a region; "" none */
const char *sr_acled_geo_precision(const sr_event_row *r);

/* export_acled.c: ACLED's header line (static) and one row in ACLED's columns */
const char *sr_acled_header(void);
int sr_acled_write(const sr_event_row *r, sr_buf *out);

#endif
