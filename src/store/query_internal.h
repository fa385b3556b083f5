/* src/store/query_internal.h - helpers shared by query.c, export.c and
 * situation.c; not installed. */
#ifndef SITREP_QUERY_INTERNAL_H
#define SITREP_QUERY_INTERNAL_H
#include <sqlite3.h>

#include "sitrep/store.h"

/* 1 when s is a real calendar date YYYY-MM-DD (years 1900-2199), else 0. */
int sr_store_date_ok(const char *s);
/* Great-circle distance in km between two points (haversine). */
double sr_store_km(double lat1, double lon1, double lat2, double lon2);
/* "SELECT <the 26 row columns> FROM events e LEFT JOIN <first report, its
 * document>" without a WHERE clause; static string. */
const char *sr_store_row_columns(void);
/* Fill r from a statement made from sr_store_row_columns(); strings are
 * borrowed from the statement until its next step. */
void sr_store_row_from_stmt(sqlite3_stmt *st, sr_event_row *r);

#endif
