/* test_store_filters.c - the values --country and --admin1 accept (codes, names, any case
 * and accents, "did you mean") and documents found by their content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitrep/store.h"

#include "store_fixture.h"

static int setup(void **state) { return store_fixture_setup(state, "filters"); }
static int teardown(void **state) { return store_fixture_teardown(state); }

/* one document with one located event in area admin1 */
static void add_doc(fixture *f, const char *id, const char *text, const char *cc, const char *admin1) {
  sr_event e;
  memset(&e, 0, sizeof e);
  e.sent = 1;
  e.date = "2018-09-12";
  e.has_source = 1;
  e.source.id = e.source.name = "ISIS";
  snprintf(e.cameo, sizeof e.cameo, "190");
  e.plover = "ASSAULT";
  e.has_location = 1;
  e.location.name = admin1;
  e.location.lat = 35.0;
  e.location.lon = 40.0;
  memcpy(e.location.country, cc, 3);
  e.location.admin1 = admin1;
  e.location.admin2 = "";
  e.location.precision = "admin1";
  e.location.bearing = -1;
  e.text = text;
  e.text_len = (uint32_t)strlen(text);
  e.confidence = 0.8f;
  sr_doc_meta m = {id, NULL, "Test Wire", NULL, "2018-09-12"};
  sr_add_result r;
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_add(f->st, &m, text, strlen(text), &e, 1, &r, &err), 0);
}

static void test_country_values(void **state) {
  (void)state;
  static const char *const syria[] = {"SY", "sy", "SYR", "syr", "Syria", "SYRIA", "syria"};
  char cc[3];
  sr_error err;
  for (size_t i = 0; i < sizeof syria / sizeof syria[0]; i++) {
    sr_error_clear(&err);
    assert_int_equal(sr_store_country_code(syria[i], cc, &err), 0);
    assert_string_equal(cc, "SY");
  }
  assert_int_equal(sr_store_country_code("réunion", cc, &err), 0); /* accents do not matter */
  assert_string_equal(cc, "RE");
  assert_int_equal(sr_store_country_code("Curacao", cc, &err), 0);
  assert_string_equal(cc, "CW");
  assert_int_equal(sr_store_country_code("Ivory Coast", cc, &err), 0);
  assert_string_equal(cc, "CI");
}

static void test_country_unknown(void **state) {
  (void)state;
  char cc[3];
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_country_code("Syira", cc, &err), SR_EINPUT);
  assert_non_null(strstr(err.msg, "did you mean 'Syria' (SY)?"));
  assert_int_equal(cc[0], 0);
  sr_error_clear(&err);
  assert_int_equal(sr_store_country_code("Atlantis", cc, &err), SR_EINPUT);
  assert_null(strstr(err.msg, "did you mean"));
  assert_int_equal(sr_store_country_code("ZZ", cc, &err), SR_EINPUT);
  assert_int_equal(sr_store_country_code("", cc, &err), SR_EINPUT);
  char long_name[600];
  memset(long_name, 'a', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = 0;
  assert_int_equal(sr_store_country_code(long_name, cc, &err), SR_EINPUT);
}

static int count_cb(const sr_event_row *r, void *ud) {
  (void)r;
  ++*(int *)ud;
  return 0;
}

static void test_admin1_folded(void **state) {
  fixture *f = *state;
  add_doc(f, "a", "Islamic State attacked positions in Deir ez-Zor.", "SY", "Deir ez-Zor");
  add_doc(f, "b", "Islamic State attacked positions in Idlib.", "SY", "Idlib");
  static const char *const same[] = {"Deir ez-Zor", "deir ez zor", "DEIR EZ-ZÔR", "Deir  ez Zor "};
  sr_error err;
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    sr_query q;
    memset(&q, 0, sizeof q);
    q.admin1 = same[i];
    sr_error_clear(&err);
    assert_int_equal(sr_store_count(f->st, &q, &err), 1);
    int n = 0;
    q.country = "syria";
    assert_int_equal(sr_store_query(f->st, &q, count_cb, &n, &err), 0);
    assert_int_equal(n, 1);
  }
  sr_query q;
  memset(&q, 0, sizeof q);
  q.admin1 = "Deir";
  assert_int_equal(sr_store_count(f->st, &q, &err), 0);
  q.admin1 = "Idlib";
  q.country = "Turkey";
  assert_int_equal(sr_store_count(f->st, &q, &err), 0);
  q.country = "Syira";
  assert_true(sr_store_count(f->st, &q, &err) < 0);

  char near[64];
  assert_int_equal(sr_store_area_near(f->st, "IDLIB", near, sizeof near, &err), 1);
  assert_string_equal(near, "Idlib");
  assert_int_equal(sr_store_area_near(f->st, "Idleb", near, sizeof near, &err), 0);
  assert_string_equal(near, "Idlib");
  assert_int_equal(sr_store_area_near(f->st, "Narnia", near, sizeof near, &err), 0);
  assert_string_equal(near, "");
}

static void test_has_text(void **state) {
  fixture *f = *state;
  const char *t = "Islamic State attacked positions in Idlib.";
  char id[64];
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_store_index_content(f->st, &err), 0);
  assert_int_equal(sr_store_has_text(f->st, t, strlen(t), id, sizeof id, &err), 0);
  add_doc(f, "dir/a.txt", t, "SY", "Idlib");
  assert_int_equal(sr_store_has_text(f->st, t, strlen(t), id, sizeof id, &err), 1);
  assert_string_equal(id, "dir/a.txt");
  assert_int_equal(sr_store_has_text(f->st, t, strlen(t) - 1, NULL, 0, &err), 0); /* size counts */
  assert_int_equal(sr_store_index_content(f->st, &err), 0);                       /* twice is fine */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_country_values),
      cmocka_unit_test(test_country_unknown),
      cmocka_unit_test_setup_teardown(test_admin1_folded, setup, teardown),
      cmocka_unit_test_setup_teardown(test_has_text, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
