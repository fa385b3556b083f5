/* src/store/store_check.c - `sitrep db check` and `sitrep db stats` on an open store:
 * SQLite's integrity and foreign-key checks plus the store's own invariants (counts, R*Tree
 * and full-text rows, first reports, every compressed text against its hash), and the counts
 * and size of a store. Split from store.c (one job per file).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* ---- check */

typedef struct check_run {
  sr_store *s;
  sr_buf *report;
  long problems;
} check_run;

#define CHECK_MAX_LINES 1000 /* problems listed per check; the rest are only counted */

static void problem(check_run *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(check_run *c, const char *fmt, ...) {
  c->problems++;
  if (!c->report || c->problems > CHECK_MAX_LINES) return;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  sr_buf_printf(c->report, "%s\n", line);
}

/* Run sql; each row is one problem, formatted from its first up-to-4 columns with fmt
 * (columns are passed as text). */
static int check_query(check_run *c, const char *sql, const char *fmt, sr_error *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(c->s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(c->s, err, "check");
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *v[4] = {"", "", "", ""};
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n && i < 4; i++) {
      const unsigned char *t = sqlite3_column_text(st, i);
      v[i] = t ? (const char *)t : "NULL";
    }
    char line[512];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(line, sizeof line, fmt, v[0], v[1], v[2], v[3]);
#pragma GCC diagnostic pop
    problem(c, "%s", line);
  }
  int ret = rc == SQLITE_DONE ? 0 : sr_store_sqlerr(c->s, err, "check");
  sqlite3_finalize(st);
  return ret;
}

int sr_store_check(sr_store *s, sr_buf *report, sr_error *err) {
  check_run c = {s, report, 0};
  int rc;
  /* integrity_check prints "ok" when sound */
  if ((rc = check_query(&c,
                        "SELECT integrity_check FROM pragma_integrity_check"
                        " WHERE integrity_check != 'ok'",
                        "sqlite integrity_check: %s", err)))
    return rc;
  if ((rc = check_query(&c, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check",
                        "foreign key: %s row %s points to a missing %s row", err)))
    return rc;
  static const struct {
    const char *sql, *fmt;
  } q[] = {
      {"SELECT r.id, r.event FROM reports r LEFT JOIN events e ON e.id = r.event"
       " WHERE e.id IS NULL",
       "report %s: its event %s does not exist"},
      {"SELECT e.id, e.nreports, COUNT(r.id) FROM events e LEFT JOIN reports r ON r.event = e.id"
       " WHERE e.origin = 'coded' GROUP BY e.id HAVING e.nreports != COUNT(r.id) OR COUNT(r.id) = 0",
       "event %s: nreports is %s but it has %s reports"},
      {"SELECT e.id, e.ndocs, n FROM events e JOIN (SELECT r.event AS ev,"
       " COUNT(DISTINCT COALESCE(d.dup_of, d.id)) AS n FROM reports r JOIN documents d"
       " ON d.id = r.doc GROUP BY r.event) x ON x.ev = e.id WHERE e.ndocs != x.n",
       "event %s: ndocs is %s but its reports come from %s documents (near-duplicates counted once)"},
      {"SELECT e.id FROM events e LEFT JOIN events_rtree t ON t.id = e.id"
       " WHERE e.has_loc = 1 AND t.id IS NULL",
       "event %s: located but has no R*Tree row"},
      {"SELECT t.id FROM events_rtree t LEFT JOIN events e ON e.id = t.id"
       " WHERE e.id IS NULL OR e.has_loc = 0",
       "R*Tree row %s: no such located event"},
      {"SELECT e.id, e.lat, e.lon FROM events e JOIN events_rtree t ON t.id = e.id"
       " WHERE abs(t.minlat - e.lat) > 1e-3 OR abs(t.maxlat - e.lat) > 1e-3"
       " OR abs(t.minlon - e.lon) > 1e-3 OR abs(t.maxlon - e.lon) > 1e-3",
       "event %s: R*Tree box does not match its point %s,%s"},
      {"SELECT e.id, e.date FROM events e JOIN events_rtree t ON t.id = e.id"
       " WHERE (e.date IS NULL AND (t.minday > 0 OR t.maxday < 9e6))"
       " OR (e.date IS NOT NULL AND (t.minday > julianday(e.date) OR t.maxday < julianday(e.date)))",
       "event %s: R*Tree day range does not hold its date %s"},
      {"SELECT id FROM reports WHERE id NOT IN (SELECT id FROM reports_fts_docsize)",
       "report %s: missing from the full-text index"},
      {"SELECT id FROM reports_fts_docsize WHERE id NOT IN (SELECT id FROM reports)",
       "full-text index row %s: no such report"},
      {"SELECT id, date, date_min, date_max FROM events"
       " WHERE date IS NOT NULL AND (date < date_min OR date > date_max)",
       "event %s: date %s outside its range %s..%s"},
      {"SELECT id, ext_id FROM documents WHERE dup_of = id", "document %s (%s): duplicate of itself"},
      {"SELECT e.id, e.origin FROM events e WHERE e.origin != 'coded'"
       " AND (e.nreports != 0 OR EXISTS (SELECT 1 FROM reports r WHERE r.event = e.id))",
       "event %s: imported (%s) but has reports merged into it"},
      {"SELECT id, origin FROM events WHERE origin NOT IN ('coded', 'acled')", "event %s: unknown origin %s"},
      {"SELECT e.id, r.id FROM events e JOIN reports r ON r.id = (SELECT min(id) FROM reports WHERE event = e.id)"
       " JOIN documents d ON d.id = r.doc WHERE e.first_evidence IS NOT r.evidence"
       " OR e.first_source IS NOT d.source OR e.first_url IS NOT d.url",
       "event %s: evidence, publisher or url on the event is not its first report's (%s)"},
  };
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
    if ((rc = check_query(&c, q[i].sql, q[i].fmt, err))) return rc;

  /* every stored text decompresses to its size and hash */
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT id, ext_id, text_zstd, nbytes, hash FROM documents", -1,
                         &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(s, err, "check");
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char *t = NULL;
    sr_error e2;
    sr_error_clear(&e2);
    int64_t nb = sqlite3_column_int64(st, 3);
    const char *ext = (const char *)sqlite3_column_text(st, 1);
    if (sr_store_decompress(s, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2), nb, &t,
                   &e2)) {
      problem(&c, "document %lld (%s): %s", (long long)sqlite3_column_int64(st, 0),
              ext ? ext : "?", e2.msg);
      continue;
    }
    if (sr_hash64(t, (size_t)nb) != (uint64_t)sqlite3_column_int64(st, 4))
      problem(&c, "document %lld (%s): text does not match its hash",
              (long long)sqlite3_column_int64(st, 0), ext ? ext : "?");
    free(t);
  }
  int ret = rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, "check");
  sqlite3_finalize(st);
  if (ret) return ret;
  if (c.problems > CHECK_MAX_LINES && report)
    sr_buf_printf(report, "... %ld problems in all\n", c.problems);
  if (c.problems)
    return sr_error_set(err, SR_EINPUT, "%s: %ld problem%s found", s->path, c.problems,
                        c.problems == 1 ? "" : "s");
  return 0;
}

/* ---- stats */

static int one_long(sr_store *s, const char *sql, long *out, sr_error *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(s, err, "stats");
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *out = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sr_store_sqlerr(s, err, "stats");
}

int sr_store_stats_get(sr_store *s, sr_store_stats *out, sr_error *err) {
  memset(out, 0, sizeof *out);
  int rc;
  long page_count = 0, page_size = 0;
  if ((rc = one_long(s, "SELECT COUNT(*) FROM documents", &out->documents, err)) ||
      (rc = one_long(s, "SELECT COUNT(*) FROM documents WHERE dup_of IS NOT NULL",
                     &out->duplicates, err)) ||
      (rc = one_long(s, "SELECT COUNT(*) FROM reports", &out->reports, err)) ||
      (rc = one_long(s, "SELECT COUNT(*) FROM events WHERE origin = 'coded'", &out->events, err)) ||
      (rc = one_long(s, "SELECT COUNT(*) FROM events WHERE origin != 'coded'", &out->imported, err)) ||
      (rc = one_long(s, "SELECT COUNT(*) FROM events WHERE origin = 'coded' AND nreports > 1", &out->merged_events,
                     err)) ||
      (rc = one_long(s,
                     "SELECT COUNT(*) FROM (SELECT src_id FROM events WHERE src_id != '' AND origin = 'coded'"
                     " UNION SELECT tgt_id FROM events WHERE tgt_id != '' AND origin = 'coded')",
                     &out->actors, err)) ||
      (rc = one_long(s, "SELECT COUNT(DISTINCT cc) FROM events WHERE cc IS NOT NULL AND cc != '' AND origin = 'coded'",
                     &out->countries, err)) ||
      (rc = one_long(s, "PRAGMA page_count", &page_count, err)) ||
      (rc = one_long(s, "PRAGMA page_size", &page_size, err)))
    return rc;
  out->file_bytes = (long long)page_count * page_size;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT MIN(date), MAX(date) FROM events WHERE origin = 'coded'", -1, &st, NULL) !=
      SQLITE_OK)
    return sr_store_sqlerr(s, err, "stats");
  if (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char *a = sqlite3_column_text(st, 0), *b = sqlite3_column_text(st, 1);
    if (a) snprintf(out->first_date, sizeof out->first_date, "%s", (const char *)a);
    if (b) snprintf(out->last_date, sizeof out->last_date, "%s", (const char *)b);
  }
  sqlite3_finalize(st);
  return 0;
}
