/* src/store/schema.c - the store's DDL as forward migrations.
 *
 * Migration k (1-based) takes a store from user_version k-1 to k. A new
 * version appends a migration; released migrations are never edited.
 */
#include "store_internal.h"

const char *const sr_store_migrations[] = {
    /* 1: documents, reports, merged events, R*Tree, FTS5 */
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  ext_id TEXT NOT NULL UNIQUE,"
    "  url TEXT, source TEXT, title TEXT,"
    "  date TEXT,"                          /* YYYY-MM-DD or NULL */
    "  hash INTEGER NOT NULL,"              /* 64-bit hash of the text */
    "  simhash INTEGER NOT NULL,"           /* 64-bit SimHash of word shingles */
    "  dup_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,"
    "  nbytes INTEGER NOT NULL,"
    "  text_zstd BLOB NOT NULL,"
    "  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
    ");"
    /* SimHash bands: 4 x 16 bits; two SimHashes within 3 bits share a band */
    "CREATE TABLE doc_bands (band INTEGER NOT NULL, doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (band, doc)) WITHOUT ROWID;"
    "CREATE INDEX doc_bands_doc ON doc_bands(doc);"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  date TEXT, date_min TEXT, date_max TEXT,"
    "  src_id TEXT NOT NULL DEFAULT '', src_name TEXT NOT NULL DEFAULT '',"
    "  tgt_id TEXT NOT NULL DEFAULT '', tgt_name TEXT NOT NULL DEFAULT '',"
    "  cameo TEXT NOT NULL, root TEXT NOT NULL,"  /* root: first two digits */
    "  plover TEXT, acled TEXT, acled_sub TEXT,"
    "  has_loc INTEGER NOT NULL DEFAULT 0,"
    "  loc_name TEXT, cc TEXT, admin1 TEXT, admin2 TEXT, precision TEXT,"
    "  lat REAL, lon REAL, geonameid INTEGER,"
    "  nreports INTEGER NOT NULL DEFAULT 0,"
    "  ndocs INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_cc_date ON events(cc, date);"
    "CREATE INDEX events_src_date ON events(src_id, date);"
    "CREATE INDEX events_tgt_date ON events(tgt_id, date);"
    "CREATE INDEX events_root_date ON events(root, date);"
    "CREATE INDEX events_admin1 ON events(cc, admin1, date);"
    "CREATE TABLE reports ("
    "  id INTEGER PRIMARY KEY,"
    "  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  event INTEGER NOT NULL REFERENCES events(id),"
    "  sent INTEGER NOT NULL, off INTEGER NOT NULL, len INTEGER NOT NULL,"
    "  evidence TEXT NOT NULL,"
    "  date TEXT,"
    "  src_id TEXT NOT NULL DEFAULT '', tgt_id TEXT NOT NULL DEFAULT '',"
    "  cameo TEXT NOT NULL,"
    "  loc_name TEXT, cc TEXT, admin1 TEXT, admin2 TEXT, precision TEXT,"
    "  lat REAL, lon REAL, geonameid INTEGER,"
    "  confidence REAL"
    ");"
    "CREATE INDEX reports_doc ON reports(doc);"
    "CREATE INDEX reports_event ON reports(event);"
    "CREATE VIRTUAL TABLE events_rtree USING rtree(id, minlat, maxlat, minlon, maxlon);"
    "CREATE VIRTUAL TABLE reports_fts USING fts5(evidence, content='reports', content_rowid='id');",
    /* 2: indexes for sr_store_add. Merge candidates are read from the index
     * alone (country, date window, point, precision); "does this event
     * already count that document" is one seek on reports(event, doc); the
     * copies of an original document are found by dup_of. */
    "DROP INDEX events_cc_date;"
    "CREATE INDEX events_cc_date ON events(cc, date, lat, lon, precision);"
    "DROP INDEX reports_event;"
    "CREATE INDEX reports_event ON reports(event, doc);"
    "CREATE INDEX documents_dup ON documents(dup_of) WHERE dup_of IS NOT NULL;",
    /* 3: the R*Tree gains the event's day (julianday of events.date; undated
     * events span every day), so "within N km over a year" is one R*Tree
     * search instead of a box over all years filtered afterwards. */
    "DROP TABLE events_rtree;"
    "CREATE VIRTUAL TABLE events_rtree USING rtree(id, minlat, maxlat, minlon, maxlon, minday, maxday);"
    "INSERT INTO events_rtree (id, minlat, maxlat, minlon, maxlon, minday, maxday)"
    "  SELECT id, lat, lat, lon, lon, coalesce(julianday(date), 0), coalesce(julianday(date), 1e7)"
    "  FROM events WHERE has_loc = 1;",
    /* 4: near-duplicates by MinHash (LSH bands) instead of SimHash bands: the
     * signature is kept per document, the bands are rebuilt from the texts by
     * store.c (backfill_minhash) inside this migration's transaction. */
    "ALTER TABLE documents ADD COLUMN minhash BLOB;"
    "DELETE FROM doc_bands;",
    /* 5: event records people count (issue 10): each report keeps the event's own date and
     * its precision, casualties, the ACLED type the coder decided and ACLED inter codes; events
     * keep the merged values, and an origin: 'coded' (merged from reports) or 'acled'
     * (imported from an ACLED export by `sitrep import acled`, never merged with coded ones),
     * with the import's own id, notes, actor names and publisher. */
    "ALTER TABLE reports ADD COLUMN date_told INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE reports ADD COLUMN time_precision INTEGER;"
    "ALTER TABLE reports ADD COLUMN fatalities INTEGER;"
    "ALTER TABLE reports ADD COLUMN injured INTEGER;"
    "ALTER TABLE reports ADD COLUMN acled TEXT;"
    "ALTER TABLE reports ADD COLUMN acled_sub TEXT;"
    "ALTER TABLE reports ADD COLUMN src_inter INTEGER;"
    "ALTER TABLE reports ADD COLUMN tgt_inter INTEGER;"
    "ALTER TABLE events ADD COLUMN date_told INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN time_precision INTEGER;"
    "ALTER TABLE events ADD COLUMN fatalities INTEGER;"
    "ALTER TABLE events ADD COLUMN injured INTEGER;"
    "ALTER TABLE events ADD COLUMN disorder TEXT;"
    "ALTER TABLE events ADD COLUMN src_inter INTEGER;"
    "ALTER TABLE events ADD COLUMN tgt_inter INTEGER;"
    "ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'coded';"
    "ALTER TABLE events ADD COLUMN ext_id TEXT;"
    "ALTER TABLE events ADD COLUMN notes TEXT;"
    "ALTER TABLE events ADD COLUMN publisher TEXT;"
    "CREATE UNIQUE INDEX events_ext ON events(origin, ext_id) WHERE ext_id IS NOT NULL;"
    "CREATE INDEX events_origin ON events(origin, cc, date);",
    /* 6: a faster write path and read path (issue 13). Each coded event keeps the evidence
     * of its first report (lowest report id) and that report's publisher and url, so a
     * page of events is read from the events table alone; the bands' index by document is
     * dropped (a replaced document's bands are deleted by their values, computed from its
     * stored signature), one index fewer to update per band. */
    "ALTER TABLE events ADD COLUMN first_evidence TEXT;"
    "ALTER TABLE events ADD COLUMN first_source TEXT;"
    "ALTER TABLE events ADD COLUMN first_url TEXT;"
    "UPDATE events SET (first_evidence, first_source, first_url) = (SELECT r.evidence, d.source, d.url"
    "  FROM reports r JOIN documents d ON d.id = r.doc WHERE r.event = events.id ORDER BY r.id LIMIT 1)"
    "  WHERE origin = 'coded';"
    "DROP INDEX doc_bands_doc;",
    /* 7: a spatial key for the merge look-up (issue 13): a point report's candidates are the
     * events of its country in the few cells its box covers (plus the admin1- and
     * country-precision ones, cell -1), one seek each, instead of every event of the
     * country's date window. An index on the expression: nothing stored changes. */
    "CREATE INDEX events_cell ON events(cc, " SR_EVENT_CELL_SQL ", date, lat, lon);",
    /* 8: one random-key index fewer to write per new event (issue 13): events_cc_date (cc, date,
     * lat, lon, precision) served only the merge look-ups events_cell and events_origin now
     * serve (the queries of coded events take events_origin (origin, cc, date)), and the map's
     * covering scan, which reads events_cell (it holds date, lat and lon). Every batch rewrote
     * nearly all of its leaves: the largest of the events indexes. */
    "DROP INDEX IF EXISTS events_cc_date;",
};

const int sr_store_nmigrations = (int)(sizeof sr_store_migrations / sizeof sr_store_migrations[0]);
