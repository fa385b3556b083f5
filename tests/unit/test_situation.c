/* test_situation.c - the situation picture over windows with no events (an
 * empty store, a window before or after every event, a country without
 * events) in every format, bad options, and a window with events; who holds a
 * place (armed captors only: no backers, people seizures, civilians or whole
 * countries; a retreat before an armed side), movements within 14 days and
 * 300 km, the window's days and plurals in the header; and the
 * file: URI of the read-only open (store_access.c). Run under build-asan,
 * UBSan flags any NULL array handed to qsort or memcpy on the empty paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/store.h"

/* src/store/store_internal.h (not installed) */
int sr_store_immutable_uri(const char *path, char *out, size_t cap);

#include "store_fixture.h"

static int setup(void **state) { return store_fixture_setup(state, "sit"); }
static int teardown(void **state) { return store_fixture_teardown(state); }

static sr_event mkev(const char *date, const char *src, const char *tgt, const char *cameo,
                     const char *place, double lat, double lon, const char *text) {
  sr_event e;
  memset(&e, 0, sizeof e);
  e.sent = 1;
  e.date = date;
  e.has_source = src != NULL;
  e.source.id = src;
  e.source.name = src;
  e.has_target = tgt != NULL;
  e.target.id = tgt;
  e.target.name = tgt;
  snprintf(e.cameo, sizeof e.cameo, "%s", cameo);
  e.plover = "ASSAULT";
  e.has_location = place != NULL;
  e.location.name = place;
  e.location.lat = lat;
  e.location.lon = lon;
  memcpy(e.location.country, "SY", 3);
  e.location.admin1 = "Deir ez-Zor";
  e.location.admin2 = "";
  e.location.precision = "place";
  e.location.bearing = -1;
  e.text = text;
  e.text_len = (uint32_t)strlen(text);
  e.confidence = 0.8f;
  return e;
}

static void add_events(fixture *f) {
  static const char t1[] = "The SDF captured Hajin from Islamic State fighters on Monday.";
  static const char t2[] = "Islamic State fighters withdrew from Hajin towards Abu Kamal.";
  sr_event e1 = mkev("2018-11-20", "SDF", "ISIS", "192", "Hajin", 34.69, 40.83, t1);
  sr_event e2 = mkev("2018-11-22", "ISIS", NULL, "087", "Hajin", 34.69, 40.83, t2);
  sr_doc_meta m1 = {.id = "d1", .date = "2018-11-20"}, m2 = {.id = "d2", .date = "2018-11-22"};
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_add(f->st, &m1, t1, strlen(t1), &e1, 1, NULL, &err), 0);
  assert_int_equal(sr_store_add(f->st, &m2, t2, strlen(t2), &e2, 1, NULL, &err), 0);
}

static const sr_situation_format k_formats[] = {SR_SIT_TEXT, SR_SIT_JSON, SR_SIT_GEOJSON,
                                                SR_SIT_POINTS, SR_SIT_LINES};

/* Every format over the window: 0, some output, and nothing of Hajin unless want_hajin. */
static void every_format(fixture *f, const sr_situation_opts *o, int want_hajin) {
  for (size_t k = 0; k < sizeof k_formats / sizeof *k_formats; k++) {
    sr_buf out;
    sr_buf_init(&out, (size_t)16 << 20);
    sr_error err;
    sr_error_clear(&err);
    assert_int_equal(sr_store_situation(f->st, o, k_formats[k], &out, &err), 0);
    assert_true(out.len > 0);
    if (k_formats[k] != SR_SIT_LINES) /* the lines layer has movements only */
      assert_int_equal(out.data && strstr(out.data, "Hajin") != NULL, want_hajin);
    sr_buf_free(&out);
  }
}

static void test_empty_store(void **state) {
  fixture *f = *state;
  sr_situation_opts o = {.as_of = "2018-11-27", .days = 7};
  every_format(f, &o, 0);
  o.country = "SY";
  every_format(f, &o, 0);
}

static void test_window_without_events(void **state) {
  fixture *f = *state;
  add_events(f);
  sr_situation_opts before = {.as_of = "2018-11-10", .days = 5};
  every_format(f, &before, 0);
  sr_situation_opts after = {.as_of = "2019-06-01", .days = 1};
  every_format(f, &after, 0);
  sr_situation_opts other = {.as_of = "2018-11-27", .days = 30, .country = "UA"};
  every_format(f, &other, 0);
  sr_situation_opts in = {.as_of = "2018-11-27", .days = 30};
  every_format(f, &in, 1);
}

static void test_bad_options(void **state) {
  fixture *f = *state;
  sr_buf out;
  sr_buf_init(&out, 1 << 20);
  sr_error err;
  const char *bad[] = {"", "2018-02-30", "yesterday", "2018-11-27x", NULL};
  for (int i = 0; i < 5; i++) {
    sr_situation_opts o = {.as_of = bad[i], .days = 7};
    sr_error_clear(&err);
    assert_true(sr_store_situation(f->st, &o, SR_SIT_JSON, &out, &err) < 0);
  }
  sr_situation_opts neg = {.as_of = "2018-11-27", .days = -3};
  sr_error_clear(&err);
  int rc = sr_store_situation(f->st, &neg, SR_SIT_TEXT, &out, &err);
  assert_true(rc == 0 || rc == SR_EINPUT);
  sr_buf_free(&out);
}

/* Store one document per event (each its own text), ids d<n>. */
static void add_one(fixture *f, sr_event *e, const char *doc_id) {
  sr_doc_meta m = {.id = doc_id, .date = e->date};
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_add(f->st, &m, e->text, strlen(e->text), e, 1, NULL, &err), 0);
}

static char *situation(fixture *f, const char *as_of, int days, sr_situation_format fmt) {
  sr_situation_opts o = {.as_of = as_of, .days = days};
  sr_buf out;
  sr_buf_init(&out, (size_t)16 << 20);
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_situation(f->st, &o, fmt, &out, &err), 0);
  char *r = strndup(out.data ? out.data : "", out.len);
  sr_buf_free(&out);
  return r;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
  return n;
}

static void test_holders(void **state) {
  fixture *f = *state;
  sr_event e[8];
  e[0] = mkev("2018-11-20", "SDF", "ISIS", "192", "Hajin", 34.69, 40.83,
              "SDF fighters captured Hajin from Islamic State on Monday.");
  e[0].source.inter = 2, e[0].target.inter = 2;
  static const char tadmur[] = "Backed by Russian air power, government forces retook Tadmur from Islamic State.";
  e[1] = mkev("2018-11-21", "SYRGOV", "ISIS", "192", "Tadmur", 34.56, 38.28, tadmur);
  e[1].source.inter = 1, e[1].source.name = "Syrian government forces";
  e[2] = mkev("2018-11-21", "RUSMIL", "ISIS", "192", "Tadmur", 34.56, 38.28, tadmur);
  e[2].source.inter = 8, e[2].source.name = "Russian armed forces";
  e[3] = mkev("2018-11-22", "ISIS", "SYRGOV", "192", "Al Qaryatayn", 34.23, 37.24,
              "Islamic State militants seized about 50 truffle hunters outside al-Qaryatayn on Tuesday.");
  e[4] = mkev("2018-11-22", "CIV", NULL, "192", "Al Mayadin", 35.02, 40.45,
              "Residents took over the town hall of al-Mayadin.");
  e[4].source.inter = 7;
  e[5] = mkev("2018-11-08", "SDF", "ISIS", "192", "Syria", 35.0, 38.5, "The SDF took control of the area.");
  e[5].location.precision = "country";
  e[6] = mkev("2018-11-24", "ISIS", "SDF", "0874", "Al-Baghuz Fawqani", 34.46, 40.94,
              "Islamic State fighters withdrew from Baghuz as the SDF closed in.");
  e[6].target.inter = 2;
  e[7] = mkev("2018-11-25", "UNKNOWN", "ISIS", "192", "Al Busayrah", 35.15, 40.43,
              "Gunmen took over a checkpoint in al-Busayrah.");
  char id[8];
  for (int i = 0; i < 8; i++) {
    snprintf(id, sizeof id, "h%d", i);
    add_one(f, &e[i], id);
  }
  char *j = situation(f, "2018-11-30", 30, SR_SIT_JSON);
  if (getenv("SIT_DEBUG")) puts(j);
  assert_int_equal(count(j, "\"holder\":{\"id\":\"SDF\""), 2); /* Hajin; Baghuz by the retreat */
  assert_int_equal(count(j, "\"holder\":{\"id\":\"SYRGOV\""), 1);
  assert_int_equal(count(j, "\"holder\":{\"id\":\"RUSMIL\""), 0); /* the backer */
  assert_int_equal(count(j, "\"holder\":{\"id\":\"ISIS\""), 0);   /* hunters seized */
  assert_int_equal(count(j, "\"holder\":{\"id\":\"CIV\""), 0);
  assert_int_equal(count(j, "\"holder\":{\"id\":\"UNKNOWN\""), 0);
  assert_null(strstr(j, "\"control\":[{\"place\":\"Syria\""));
  free(j);
}

/* "The army pulled out of Hama, and within hours HTS had taken control", coded as the army
 * taking Hama from HTS next to the army's retreat from Hama: HTS holds it. */
static void test_roles_fixed(void **state) {
  fixture *f = *state;
  static const char t[] = "The army pulled its units out of Hama on Thursday, and within hours fighters led "
                          "by Hayat Tahrir al-Sham had taken control of the city.";
  sr_event e[2];
  e[0] = mkev("2024-12-05", "SYRGOV", NULL, "0874", "Hama", 35.13, 36.75, t);
  e[1] = mkev("2024-12-05", "SYRGOV", "HTS", "192", "Hama", 35.13, 36.75, t);
  e[1].source.inter = 1, e[1].target.inter = 2;
  sr_doc_meta m = {.id = "r1", .date = "2024-12-05"};
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_add(f->st, &m, t, strlen(t), e, 2, NULL, &err), 0);
  char *j = situation(f, "2024-12-06", 7, SR_SIT_JSON);
  assert_int_equal(count(j, "\"holder\":{\"id\":\"HTS\""), 1);
  assert_int_equal(count(j, "\"holder\":{\"id\":\"SYRGOV\""), 0);
  free(j);
}

static void test_moves(void **state) {
  fixture *f = *state;
  sr_event e[6];
  /* reported: left A naming B, arrived at B two days later, 215 km */
  e[0] = mkev("2018-10-18", "SDF", NULL, "154", "Raqqa", 35.95, 39.01,
              "SDF reinforcements left Raqqa for Hajin on Thursday.");
  e[1] = mkev("2018-10-20", "SDF", NULL, "154", "Hajin", 34.69, 40.83, "SDF reinforcements arrived in Hajin.");
  /* seen at two places 40 days apart: no movement */
  e[2] = mkev("2018-09-01", "HTS", "ISIS", "190", "Idlib", 35.93, 36.63, "HTS fighters attacked IS in Idlib.");
  e[3] = mkev("2018-10-11", "HTS", "ISIS", "190", "Hama", 35.13, 36.75, "HTS fighters attacked IS in Hama.");
  /* seen at two places 2 days but 560 km apart: no movement (and strikes place no one) */
  e[4] = mkev("2018-10-01", "USMIL", "ISIS", "195", "Al Bayda", 14.17, 45.57, "US drones struck in al-Bayda.");
  e[5] = mkev("2018-10-03", "USMIL", "ISIS", "195", "Hajin", 34.69, 40.83, "US drones struck in Hajin.");
  e[4].location.country[0] = 'Y', e[4].location.country[1] = 'E';
  char id[8];
  for (int i = 0; i < 6; i++) {
    snprintf(id, sizeof id, "m%d", i);
    add_one(f, &e[i], id);
  }
  char *l = situation(f, "2018-10-31", 60, SR_SIT_LINES);
  assert_int_equal(count(l, "\"actor_id\":"), 1);
  assert_non_null(strstr(l, "\"actor_id\":\"SDF\""));
  free(l);
  /* 10 days apart and 100 km: "reported at A on D1, at B on D2", not a claim that it moved */
  sr_event g[2];
  g[0] = mkev("2018-12-01", "HTS", "SYRGOV", "190", "Idlib", 35.93, 36.63, "HTS attacked the army in Idlib.");
  g[1] = mkev("2018-12-11", "HTS", "SYRGOV", "190", "Hama", 35.13, 36.75, "HTS attacked the army in Hama.");
  add_one(f, &g[0], "g0");
  add_one(f, &g[1], "g1");
  char *t = situation(f, "2018-12-12", 14, SR_SIT_TEXT);
  assert_non_null(strstr(t, "HTS reported at Idlib on 2018-12-01, at Hama on 2018-12-11"));
  assert_null(strstr(t, "moving from Idlib"));
  free(t);
}

static void test_window_header(void **state) {
  fixture *f = *state;
  add_events(f); /* 2018-11-20 and 2018-11-22 */
  char *t = situation(f, "2018-11-22", 3, SR_SIT_TEXT);
  assert_non_null(strstr(t, "(3 days, 2018-11-20..2018-11-22 inclusive): 2 located events from 2 reports"));
  free(t);
  t = situation(f, "2018-11-22", 2, SR_SIT_TEXT); /* 11-21..11-22: the 11-20 event is out */
  assert_non_null(strstr(t, "(2 days, 2018-11-21..2018-11-22 inclusive): 1 located event from 1 report\n"));
  free(t);
  t = situation(f, "2018-11-20", 1, SR_SIT_JSON);
  assert_non_null(strstr(t, "\"from\":\"2018-11-20\",\"days\":1"));
  free(t);
}

static void test_immutable_uri(void **state) {
  (void)state;
  char uri[256];
  assert_int_equal(sr_store_immutable_uri("/data/a b?c#d%e.db", uri, sizeof uri), 0);
  assert_string_equal(uri, "file:///data/a%20b%3Fc%23d%25e.db?mode=ro&immutable=1");
  assert_int_equal(sr_store_immutable_uri("rel/s.db", uri, sizeof uri), 0);
  assert_string_equal(uri, "file:rel/s.db?mode=ro&immutable=1");
  assert_int_equal(sr_store_immutable_uri("//x/s.db", uri, sizeof uri), 0);
  assert_string_equal(uri, "file:////x/s.db?mode=ro&immutable=1");
  assert_int_equal(sr_store_immutable_uri("/a/very/long/path.db", uri, 20), SR_ELIMIT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_empty_store, setup, teardown),
      cmocka_unit_test_setup_teardown(test_window_without_events, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
      cmocka_unit_test_setup_teardown(test_holders, setup, teardown),
      cmocka_unit_test_setup_teardown(test_roles_fixed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_moves, setup, teardown),
      cmocka_unit_test_setup_teardown(test_window_header, setup, teardown),
      cmocka_unit_test(test_immutable_uri),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
