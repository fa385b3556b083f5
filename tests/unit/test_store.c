/* test_store.c - the event store: schema and migrations, adding documents
 * (no-op re-adds, replacement, near-duplicates), the merge rule, check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitrep/store.h"

extern const char *const sr_store_migrations[]; /* src/store/schema.c */

#include "store_fixture.h"

static int setup(void **state) { return store_fixture_setup(state, "store"); }
static int teardown(void **state) { return store_fixture_teardown(state); }

/* A raw SQLite query on the store file returning one integer. */
static long long q1(fixture *f, const char *sql) {
  sqlite3 *db;
  sqlite3_stmt *st;
  long long v = -1;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

static void raw_exec(const char *path, const char *sql) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  char *msg = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) fail_msg("%s: %s", sql, msg);
  sqlite3_close(db);
}

/* An event as the coder makes it: evidence is the whole text. */
typedef struct evspec {
  const char *src, *tgt, *cameo, *date;
  const char *place, *cc, *admin1, *precision;
  double lat, lon;
} evspec;

static sr_event mkev(const evspec *s, const char *text) {
  sr_event e;
  memset(&e, 0, sizeof e);
  e.sent = 1;
  e.date = s->date;
  e.has_source = s->src != NULL;
  e.source.id = s->src;
  e.source.name = s->src;
  e.has_target = s->tgt != NULL;
  e.target.id = s->tgt;
  e.target.name = s->tgt;
  snprintf(e.cameo, sizeof e.cameo, "%s", s->cameo);
  e.plover = "ASSAULT";
  e.has_location = s->place != NULL;
  e.location.name = s->place;
  e.location.lat = s->lat;
  e.location.lon = s->lon;
  if (s->cc) memcpy(e.location.country, s->cc, 3);
  e.location.admin1 = s->admin1 ? s->admin1 : "";
  e.location.admin2 = "";
  e.location.precision = s->precision ? s->precision : "place";
  e.location.bearing = -1;
  e.text = text;
  e.text_off = 0;
  e.text_len = (uint32_t)strlen(text);
  e.confidence = 0.8f;
  return e;
}

static sr_add_result add(fixture *f, const char *id, const char *date, const char *text,
                         const evspec *s, size_t n) {
  sr_event ev[8];
  for (size_t i = 0; i < n; i++) ev[i] = mkev(&s[i], text);
  sr_doc_meta m = {id, NULL, "Test Wire", NULL, date};
  sr_add_result r;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_store_add(f->st, &m, text, strlen(text), ev, n, &r, &err);
  if (rc) fail_msg("add %s: %s", id, err.msg);
  return r;
}

static void assert_sound(fixture *f) {
  sr_buf rep;
  sr_buf_init(&rep, 1 << 20);
  sr_error err;
  int rc = sr_store_check(f->st, &rep, &err);
  if (rc) fail_msg("check: %s\n%s", err.msg, rep.len ? rep.data : "");
  sr_buf_free(&rep);
}

static long long events(fixture *f) {
  return q1(f, "SELECT COUNT(*) FROM events");
}

/* ---- schema */

static void test_open_migrate_reopen(void **state) {
  fixture *f = *state;
  sr_error err;
  assert_int_equal(sr_store_schema_version(f->st), SR_STORE_SCHEMA_VERSION);
  sr_store_close(f->st);
  f->st = NULL;
  sr_store *ro;
  assert_int_equal(sr_store_open(&ro, f->path, SR_STORE_READONLY, &err), 0);
  assert_int_equal(sr_store_schema_version(ro), SR_STORE_SCHEMA_VERSION);
  sr_add_result r;
  sr_doc_meta m = {"x", NULL, NULL, NULL, NULL};
  assert_int_equal(sr_store_add(ro, &m, "x", 1, NULL, 0, &r, &err), SR_EINPUT);
  sr_store_close(ro);

  /* a newer schema is refused */
  raw_exec(f->path, "PRAGMA user_version = 99");
  assert_int_equal(sr_store_open(&ro, f->path, SR_STORE_CREATE, &err), SR_EINPUT);
  assert_non_null(strstr(err.msg, "newer"));
  {
    char setv[64];
    snprintf(setv, sizeof setv, "PRAGMA user_version = %d", SR_STORE_SCHEMA_VERSION);
    raw_exec(f->path, setv);
  }

  /* a version-1 store is migrated only when asked (SR_STORE_CREATE) */
  char old[160];
  snprintf(old, sizeof old, "%s/old.db", f->dir);
  raw_exec(old, sr_store_migrations[0]);
  raw_exec(old, "PRAGMA user_version = 1");
  assert_int_equal(sr_store_open(&ro, old, 0, &err), SR_EINPUT);
  assert_int_equal(sr_store_open(&ro, old, SR_STORE_READONLY, &err), SR_EINPUT);
  assert_int_equal(sr_store_open(&ro, old, SR_STORE_CREATE, &err), 0);
  assert_int_equal(sr_store_schema_version(ro), SR_STORE_SCHEMA_VERSION);
  sr_store_close(ro);

  /* missing file without CREATE */
  snprintf(old, sizeof old, "%s/missing.db", f->dir);
  assert_true(sr_store_open(&ro, old, SR_STORE_READONLY, &err) < 0);
  assert_int_equal(sr_store_open(&f->st, f->path, 0, &err), 0);
}

/* ---- documents */

static const evspec HAJIN = {"SDF", "ISIS", "190", "2018-09-12", "Hajin", "SY", "Deir ez-Zor",
                             "place", 34.69, 40.83};

static void test_readd_is_noop(void **state) {
  fixture *f = *state;
  const char *t = "The SDF attacked Islamic State positions in Hajin on Wednesday.";
  sr_error err;
  assert_int_equal(sr_store_has(f->st, "d1", t, strlen(t), &err), 0);
  assert_int_equal(add(f, "d1", "2018-09-12", t, &HAJIN, 1), SR_ADD_NEW);
  assert_int_equal(sr_store_has(f->st, "d1", t, strlen(t), &err), 1);
  assert_int_equal(sr_store_has(f->st, "d1", t, strlen(t) - 1, &err), 0);
  assert_int_equal(add(f, "d1", "2018-09-12", t, &HAJIN, 1), SR_ADD_SAME);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports"), 1);
  assert_int_equal(events(f), 1);
  char *text;
  size_t len;
  assert_int_equal(sr_store_doc_text(f->st, "d1", &text, &len, &err), 0);
  assert_int_equal(len, strlen(t));
  assert_string_equal(text, t);
  free(text);
  assert_int_equal(sr_store_doc_text(f->st, "nope", &text, &len, &err), SR_ENOTFOUND);
  assert_sound(f);
}

static void test_changed_doc_replaces(void **state) {
  fixture *f = *state;
  evspec other = {"SYRGOV", "ISIS", "195", "2018-09-12", "Abu Kamal", "SY", "Deir ez-Zor",
                  "place", 34.45, 40.92};
  assert_int_equal(add(f, "a", "2018-09-12", "SDF fighters clashed with IS near Hajin; "
                       "government jets struck Abu Kamal.", (evspec[]){HAJIN, other}, 2),
                   SR_ADD_NEW);
  assert_int_equal(add(f, "b", "2018-09-13", "Fighting between the SDF and Daesh in Hajin "
                       "went on for a second day, a monitor said.", &HAJIN, 1),
                   SR_ADD_NEW);
  assert_int_equal(events(f), 2);
  assert_int_equal(q1(f, "SELECT nreports FROM events WHERE loc_name = 'Hajin'"), 2);
  assert_int_equal(q1(f, "SELECT ndocs FROM events WHERE loc_name = 'Hajin'"), 2);
  /* a corrected version of a: only the air strike is left */
  assert_int_equal(add(f, "a", "2018-09-12", "Government jets struck Abu Kamal, the ministry said.",
                       &other, 1),
                   SR_ADD_REPLACED);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM documents"), 2);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports"), 2);
  assert_int_equal(events(f), 2);
  assert_int_equal(q1(f, "SELECT nreports FROM events WHERE loc_name = 'Hajin'"), 1);
  assert_int_equal(q1(f, "SELECT ndocs FROM events WHERE loc_name = 'Hajin'"), 1);
  assert_int_equal(q1(f, "SELECT date_min = date_max FROM events WHERE loc_name = 'Hajin'"), 1);
  /* replaced again with no events at all: the air strike's event goes away */
  assert_int_equal(add(f, "a", "2018-09-12", "Correction: story withdrawn.", NULL, 0),
                   SR_ADD_REPLACED);
  assert_int_equal(events(f), 1);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events_rtree"), 1);
  assert_sound(f);
}

static const char WIRE[] =
    "BEIRUT, Sept 12 - Fighters of the US-backed Syrian Democratic Forces pushed into the "
    "Islamic State enclave around Hajin on Wednesday after days of air strikes by the coalition, "
    "a spokesman for the alliance said. The jihadists answered with car bombs and counter "
    "attacks along the eastern bank of the Euphrates, and residents fled towards the north. The "
    "pocket is the last stretch of land the group still holds east of the river, and commanders "
    "expect a long fight because the fighters there are mostly foreigners with nowhere to go. "
    "Aid workers said some two thousand families had reached camps near Hasakah since the start "
    "of the month, many of them women and children who walked for days through the desert. A "
    "coalition statement said aircraft had destroyed weapons stores, tunnels and a command post, "
    "but gave no figure for casualties.";

/* a store from before MinHash (schema 3) gets signatures and bands from its texts */
static void test_minhash_backfill(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f, "wire-1", "2018-09-12", WIRE, &HAJIN, 1), SR_ADD_NEW);
  sr_store_close(f->st);
  f->st = NULL;
  /* back to schema 3: without the MinHash column (4), the event record columns (5) and the
   * first report on the event (6) */
  raw_exec(f->path,
           "ALTER TABLE events DROP COLUMN first_evidence; ALTER TABLE events DROP COLUMN first_source;"
           "ALTER TABLE events DROP COLUMN first_url; CREATE INDEX doc_bands_doc ON doc_bands(doc);"
           "DELETE FROM doc_bands; ALTER TABLE documents DROP COLUMN minhash;"
           "DROP INDEX events_ext; DROP INDEX events_origin; DROP INDEX events_cell;"
           "ALTER TABLE reports DROP COLUMN date_told; ALTER TABLE reports DROP COLUMN time_precision;"
           "ALTER TABLE reports DROP COLUMN fatalities; ALTER TABLE reports DROP COLUMN injured;"
           "ALTER TABLE reports DROP COLUMN acled; ALTER TABLE reports DROP COLUMN acled_sub;"
           "ALTER TABLE reports DROP COLUMN src_inter; ALTER TABLE reports DROP COLUMN tgt_inter;"
           "ALTER TABLE events DROP COLUMN date_told; ALTER TABLE events DROP COLUMN time_precision;"
           "ALTER TABLE events DROP COLUMN fatalities; ALTER TABLE events DROP COLUMN injured;"
           "ALTER TABLE events DROP COLUMN disorder; ALTER TABLE events DROP COLUMN src_inter;"
           "ALTER TABLE events DROP COLUMN tgt_inter; ALTER TABLE events DROP COLUMN origin;"
           "ALTER TABLE events DROP COLUMN ext_id; ALTER TABLE events DROP COLUMN notes;"
           "ALTER TABLE events DROP COLUMN publisher; PRAGMA user_version = 3");
  sr_error err;
  assert_int_equal(sr_store_open(&f->st, f->path, SR_STORE_CREATE, &err), 0);
  assert_int_equal(sr_store_schema_version(f->st), SR_STORE_SCHEMA_VERSION);
  assert_int_equal(q1(f, "SELECT length(minhash) FROM documents"), 64 * 4);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM doc_bands"), 16);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events WHERE origin = 'coded'"), 1); /* 5: origin */
  char copy[2048];
  snprintf(copy, sizeof copy, "By Staff. %s", WIRE);
  assert_int_equal(add(f, "repost-7", "2018-09-12", copy, &HAJIN, 1), SR_ADD_DUPLICATE);
  assert_sound(f);
}

static int first_evidence_cb(const sr_event_row *row, void *ud) {
  snprintf(ud, 256, "%s|%s|%s", row->evidence, row->source, row->url);
  return 0;
}

/* a schema-5 store (before the first report was kept on the event) opens, migrates, and
 * reads as before; replacing a document moves the event's first report */
static void test_schema5_store(void **state) {
  fixture *f = *state;
  const char *t1 = "The SDF attacked Islamic State positions in Hajin on Wednesday.";
  const char *t2 = "Clashes between the SDF and IS fighters went on in Hajin on Wednesday.";
  sr_event e1 = mkev(&HAJIN, t1), e2 = mkev(&HAJIN, t2);
  sr_doc_meta m1 = {"a", "https://example.org/a", "Wire A", NULL, "2018-09-12"};
  sr_doc_meta m2 = {"b", "https://example.org/b", "Wire B", NULL, "2018-09-12"};
  sr_add_result r;
  sr_error err;
  assert_int_equal(sr_store_add(f->st, &m1, t1, strlen(t1), &e1, 1, &r, &err), 0);
  assert_int_equal(sr_store_add(f->st, &m2, t2, strlen(t2), &e2, 1, &r, &err), 0);
  assert_int_equal(events(f), 1);
  sr_store_close(f->st);
  f->st = NULL;
  raw_exec(f->path,
           "ALTER TABLE events DROP COLUMN first_evidence; ALTER TABLE events DROP COLUMN first_source;"
           "ALTER TABLE events DROP COLUMN first_url; CREATE INDEX doc_bands_doc ON doc_bands(doc);"
           "DROP INDEX events_cell; PRAGMA user_version = 5");
  sr_store *ro;
  assert_int_equal(sr_store_open(&ro, f->path, SR_STORE_READONLY, &err), SR_EINPUT); /* migrate first */
  assert_int_equal(sr_store_open(&f->st, f->path, SR_STORE_CREATE, &err), 0);
  assert_int_equal(sr_store_schema_version(f->st), SR_STORE_SCHEMA_VERSION);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'doc_bands_doc'"), 0);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_cell'"), 1); /* 7 */
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_cc_date'"), 0); /* 8 */
  char got[256] = "";
  sr_query q;
  memset(&q, 0, sizeof q);
  assert_int_equal(sr_store_query(f->st, &q, first_evidence_cb, got, &err), 0);
  char want[256];
  snprintf(want, sizeof want, "%s|Wire A|https://example.org/a", t1);
  assert_string_equal(got, want);
  assert_sound(f);
  /* document a changes to another incident: the event's first report is now b's */
  const char *t3 = "Nothing happened in the capital today, officials said at length.";
  assert_int_equal(sr_store_add(f->st, &m1, t3, strlen(t3), NULL, 0, &r, &err), 0);
  assert_int_equal(r, SR_ADD_REPLACED);
  assert_int_equal(sr_store_query(f->st, &q, first_evidence_cb, got, &err), 0);
  snprintf(want, sizeof want, "%s|Wire B|https://example.org/b", t2);
  assert_string_equal(got, want);
  assert_sound(f);
}

/* a document that fails half-way inside a batch leaves no full-text or R*Tree row behind
 * (they are written at commit, and the failed document's are dropped with its savepoint) */
static void test_failed_doc_in_batch(void **state) {
  fixture *f = *state;
  sr_error err;
  sr_add_result r;
  const char *t1 = "The SDF attacked Islamic State positions in Hajin on Wednesday.";
  const char *t2 = "Government forces shelled Raqqa; then something the store refuses happened.";
  const char *t3 = "Clashes between the SDF and IS fighters went on in Hajin on Wednesday.";
  evspec raqqa = {"SYRGOV", "ISIS", "195", "2018-09-12", "Raqqa", "SY", "Raqqa", "place", 35.95, 39.01};
  sr_event e1 = mkev(&HAJIN, t1), e3 = mkev(&HAJIN, t3);
  sr_event e2[2] = {mkev(&raqqa, t2), mkev(&raqqa, t2)};
  memcpy(e2[1].cameo, "x", 2); /* a bad CAMEO code: the second event fails */
  sr_doc_meta m1 = {"a", NULL, NULL, NULL, "2018-09-12"}, m2 = {"b", NULL, NULL, NULL, "2018-09-12"},
              m3 = {"c", NULL, NULL, NULL, "2018-09-12"};
  assert_int_equal(sr_store_begin(f->st, &err), 0);
  assert_int_equal(sr_store_add(f->st, &m1, t1, strlen(t1), &e1, 1, &r, &err), 0);
  assert_int_equal(sr_store_add(f->st, &m2, t2, strlen(t2), e2, 2, &r, &err), SR_EINPUT);
  assert_int_equal(sr_store_add(f->st, &m3, t3, strlen(t3), &e3, 1, &r, &err), 0);
  assert_int_equal(sr_store_commit(f->st, &err), 0);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM documents"), 2);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports"), 2);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events_rtree"), 1);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH 'Raqqa'"), 0);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH 'Hajin'"), 2);
  /* a rolled-back batch leaves nothing either */
  assert_int_equal(sr_store_begin(f->st, &err), 0);
  sr_event e4 = mkev(&raqqa, t2);
  assert_int_equal(sr_store_add(f->st, &m2, t2, strlen(t2), &e4, 1, &r, &err), 0);
  assert_int_equal(sr_store_rollback(f->st), 0);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH 'Raqqa'"), 0);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events_rtree"), 1);
  assert_sound(f);
}

static void test_near_duplicate(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f, "wire-1", "2018-09-12", WIRE, &HAJIN, 1), SR_ADD_NEW);
  /* the same story re-posted with a byline */
  char copy[2048];
  snprintf(copy, sizeof copy, "By Staff. %s", WIRE);
  assert_int_equal(add(f, "repost-7", "2018-09-12", copy, &HAJIN, 1), SR_ADD_DUPLICATE);
  assert_int_equal(q1(f, "SELECT dup_of FROM documents WHERE ext_id = 'repost-7'"),
                   q1(f, "SELECT id FROM documents WHERE ext_id = 'wire-1'"));
  assert_int_equal(events(f), 1);
  assert_int_equal(q1(f, "SELECT nreports FROM events"), 2);
  assert_int_equal(q1(f, "SELECT ndocs FROM events"), 1); /* the copy is not a second source */
  /* a different story is not a duplicate */
  assert_int_equal(add(f, "other", "2018-09-13",
                       "Residents of Hajin said the Syrian Democratic Forces had taken two "
                       "villages east of the town after a night of heavy fighting with the "
                       "Islamic State, whose fighters withdrew towards the river.",
                       &HAJIN, 1),
                   SR_ADD_NEW);
  assert_int_equal(q1(f, "SELECT ndocs FROM events"), 2);
  sr_store_stats s;
  sr_error err;
  assert_int_equal(sr_store_stats_get(f->st, &s, &err), 0);
  assert_int_equal(s.documents, 3);
  assert_int_equal(s.duplicates, 1);
  assert_int_equal(s.reports, 3);
  assert_int_equal(s.events, 1);
  assert_int_equal(s.merged_events, 1);
  assert_string_equal(s.first_date, "2018-09-12");
  assert_sound(f);
  /* edited copies are near-duplicates too: no dateline, one word changed, a new last line */
  char edited[2048];
  snprintf(edited, sizeof edited, "%s Reporting by a staff correspondent.", WIRE + strlen("BEIRUT, Sept 12 - "));
  char *w = strstr(edited, "two thousand");
  assert_non_null(w);
  memcpy(w, "six thousand", 12);
  assert_int_equal(add(f, "edited-3", "2018-09-13", edited, &HAJIN, 1), SR_ADD_DUPLICATE);
  assert_int_equal(q1(f, "SELECT dup_of FROM documents WHERE ext_id = 'edited-3'"),
                   q1(f, "SELECT id FROM documents WHERE ext_id = 'wire-1'"));
  assert_sound(f);
}

/* ---- merge rule */

static int merged(fixture *f, const evspec *a, const evspec *b) {
  static int n;
  char id[32], ta[64], tb[64];
  long long before = events(f);
  snprintf(ta, sizeof ta, "report %d one", n);
  snprintf(tb, sizeof tb, "report %d two", n);
  snprintf(id, sizeof id, "m%d", n++);
  add(f, id, a->date, ta, a, 1);
  snprintf(id, sizeof id, "m%d", n++);
  add(f, id, b->date, tb, b, 1);
  return events(f) - before == 1;
}

static void test_merge_rule(void **state) {
  fixture *f = *state;
  /* each pair gets its own actors so that pairs never meet */
  evspec a = {"ISIS", "SYRGOV", "190", "2018-09-10", "Abu Kamal", "SY", "Deir ez-Zor", "place",
              34.45, 40.92};
  evspec b = a;
  b.cameo = "193";
  b.date = "2018-09-11";
  b.place = "Al-Hurriyah"; /* ~12 km away */
  b.lat = 34.52;
  b.lon = 40.81;
  assert_true(merged(f, &a, &b)); /* other wording, next day, 12 km */

  a.src = b.src = "HTS";
  b = a;
  b.date = "2018-09-12";
  b.src = NULL; /* a side missing on one report matches */
  assert_true(merged(f, &a, &b));

  a.src = "SDF";
  a.tgt = "ISIS";
  b = a;
  b.src = "ISIS";
  b.tgt = "SDF"; /* a fight reported from the other side */
  assert_true(merged(f, &a, &b));

  a.src = "TURMIL";
  a.tgt = "YPG";
  b = a;
  b.precision = "admin1"; /* only the province is known: inside it */
  b.place = "Deir ez-Zor";
  b.lat = 35.0;
  b.lon = 40.5;
  assert_true(merged(f, &a, &b));

  a.src = "HEZBOLLAH";
  a.tgt = "ISIS";
  b = a;
  b.src = "IRGC"; /* different actors */
  assert_false(merged(f, &a, &b));

  a.src = b.src = "RUSMIL";
  b = a;
  b.date = "2018-09-13"; /* 3 days apart */
  assert_false(merged(f, &a, &b));

  a.src = "FSA";
  b = a;
  b.lat = a.lat + 0.54; /* ~60 km north */
  b.place = "Elsewhere";
  assert_false(merged(f, &a, &b));

  a.src = "AAH"; /* ~14 km apart across a corner of the look-up's 0.5-degree cells */
  a.lat = 34.97;
  a.lon = 40.96;
  b = a;
  b.lat = 35.06;
  b.lon = 41.05;
  b.place = "Across";
  assert_true(merged(f, &a, &b));
  a.lat = 34.45;
  a.lon = 40.92;

  evspec u = a, w; /* two reports without a place: one event (look-up by the unlocated range) */
  u.src = "SDF";
  u.tgt = "TURMIL";
  u.place = NULL;
  w = u;
  w.date = "2018-09-11";
  assert_true(merged(f, &u, &w));

  a.src = "JAN";
  b = a;
  b.cameo = "138"; /* a threat is not the attack */
  assert_false(merged(f, &a, &b));

  a.src = "SAA";
  b = a;
  b.cameo = "183"; /* bombing and clash: both material conflict */
  assert_true(merged(f, &a, &b));

  a.src = "IRAQMIL";
  b = a;
  b.cc = "IQ"; /* another country */
  b.precision = "country";
  assert_false(merged(f, &a, &b));
  assert_sound(f);

  /* merged fields: the most precise place and the most specific code */
  evspec c = {"AQAP", "YEMMIL", "19", "2019-01-05", "Abyan", "YE", "Abyan", "admin1", 13.2, 45.6};
  evspec d = {"AQAP", "YEMMIL", "1831", "2019-01-06", "Mudiyah", "YE", "Abyan", "place", 13.92,
              46.08};
  assert_true(merged(f, &c, &d));
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events WHERE src_id = 'AQAP' AND loc_name = "
                         "'Mudiyah' AND precision = 'place' AND cameo = '1831' AND "
                         "date_min = '2019-01-05' AND date_max = '2019-01-06'"),
                   1);
}

/* ---- check */

/* one incident told by three reports: the count most reports give, not their sum; dates the
 * texts told merge within one day, report dates within SR_MERGE_DAYS */
static sr_add_result add_counted(fixture *f, const char *id, const char *date, int told, int dead, int hurt,
                                 const char *text) {
  sr_event e = mkev(&HAJIN, text);
  e.date = date;
  e.date_told = told;
  e.time_precision = 1;
  e.fatalities = dead;
  e.injured = hurt;
  e.acled = "Battles";
  e.acled_sub = "Armed clash";
  e.source.inter = 2;
  e.target.inter = 2;
  sr_doc_meta m = {id, NULL, "Test Wire", NULL, date};
  sr_add_result r;
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_add(f->st, &m, text, strlen(text), &e, 1, &r, &err)) fail_msg("add %s: %s", id, err.msg);
  return r;
}

static void test_counts_and_dates(void **state) {
  fixture *f = *state;
  add_counted(f, "c1", "2018-09-12", 1, 12, -1, "SDF fighters clashed with IS in Hajin, killing 12.");
  add_counted(f, "c2", "2018-09-12", 1, 15, 4, "Fighting between the SDF and IS in Hajin killed 15.");
  add_counted(f, "c3", "2018-09-13", 1, 12, -1, "Twelve died in SDF-IS clashes in Hajin.");
  assert_int_equal(events(f), 1);
  assert_int_equal(q1(f, "SELECT fatalities FROM events"), 12); /* two reports say 12: not 39 */
  assert_int_equal(q1(f, "SELECT injured FROM events"), 4);
  assert_int_equal(q1(f, "SELECT date = '2018-09-12' AND time_precision = 1 AND date_told = 1 FROM events"), 1);
  assert_int_equal(q1(f, "SELECT src_inter * 10 + tgt_inter FROM events"), 22);
  assert_int_equal(q1(f, "SELECT acled_sub = 'Armed clash' AND disorder = 'Political violence' FROM events"), 1);
  /* a told date two days later is another incident; a report date two days later is a lag */
  add_counted(f, "c4", "2018-09-14", 1, 3, -1, "SDF fighters clashed with IS in Hajin, killing three.");
  assert_int_equal(events(f), 2);
  add_counted(f, "c5", "2018-09-16", 0, -1, -1, "SDF and IS fighters clashed in Hajin, officials said.");
  assert_int_equal(events(f), 2);
  assert_int_equal(q1(f, "SELECT fatalities FROM events WHERE date = '2018-09-14'"), 3);
  assert_int_equal(q1(f, "SELECT COUNT(*) FROM events WHERE fatalities IS NULL"), 0);
  assert_sound(f);
}

static void test_check_finds_damage(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f, "d1", "2018-09-12", "The SDF attacked IS in Hajin.", &HAJIN, 1),
                   SR_ADD_NEW);
  assert_sound(f);
  sr_store_close(f->st);
  f->st = NULL;
  raw_exec(f->path,
           "PRAGMA foreign_keys = OFF; DELETE FROM events; UPDATE documents SET hash = hash + 1");
  sr_error err;
  assert_int_equal(sr_store_open(&f->st, f->path, 0, &err), 0);
  sr_buf rep;
  sr_buf_init(&rep, 1 << 20);
  assert_int_equal(sr_store_check(f->st, &rep, &err), SR_EINPUT);
  assert_non_null(rep.data);
  assert_non_null(strstr(rep.data, "its event"));
  assert_non_null(strstr(rep.data, "R*Tree row"));
  assert_non_null(strstr(rep.data, "hash"));
  sr_buf_free(&rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_open_migrate_reopen, setup, teardown),
      cmocka_unit_test_setup_teardown(test_schema5_store, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_doc_in_batch, setup, teardown),
      cmocka_unit_test_setup_teardown(test_readd_is_noop, setup, teardown),
      cmocka_unit_test_setup_teardown(test_changed_doc_replaces, setup, teardown),
      cmocka_unit_test_setup_teardown(test_near_duplicate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_minhash_backfill, setup, teardown),
      cmocka_unit_test_setup_teardown(test_merge_rule, setup, teardown),
      cmocka_unit_test_setup_teardown(test_counts_and_dates, setup, teardown),
      cmocka_unit_test_setup_teardown(test_check_finds_damage, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
