/* test_json_write.c - the printf-free JSON writer writes what printf wrote; the cursor
 * writers write what the sr_buf ones write; the fast JSONL row writer writes what the
 * reference one writes. */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sitrep/json_write.h"
#include "sitrep/store.h"

static void check_fixed(double v, int dec) {
  char want[400];
  snprintf(want, sizeof want, "%.*f", dec, v);
  sr_buf b;
  sr_buf_init(&b, 0);
  assert_int_equal(sr_json_fixed(&b, v, dec), 0);
  if (strcmp(b.data, want) != 0) fail_msg("%.17g with %d decimals: got %s, printf %s", v, dec, b.data, want);
  sr_buf_free(&b);
}

static void test_fixed_like_printf(void **state) {
  (void)state;
  static const double fixed[] = {0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.00005, -0.00005, 0.00015, 34.45005, -0.00004,
                                 40.8900, -179.99995, 179.99995, 90, -90, 1e15, -1e15, 1e16, 1e300, -1e300,
                                 123456.789, 0.125, 0.375, 2.675, 1.005, 1e-9, -1e-9};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    for (int d = 0; d <= 6; d++) check_fixed(fixed[i], d);
  check_fixed(NAN, 4);
  check_fixed(INFINITY, 4);
  check_fixed(-INFINITY, 4);
  /* coordinates as the store holds them, and random doubles of every size */
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 50000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    double v = ((double)(x >> 11) / 9007199254740992.0) * 360.0 - 180.0;
    check_fixed(v, 4);
    check_fixed(round(v * 1e5) / 1e5, 4); /* five decimals: every other one a tie in decimal */
    double w;
    memcpy(&w, &x, sizeof w);
    if (isfinite(w)) check_fixed(w, (int)(x % 7));
  }
}

static void test_int_like_printf(void **state) {
  (void)state;
  static const long long v[] = {0, 1, -1, 9, 10, -10, 4294967295LL, LLONG_MAX, LLONG_MIN, 1234567890123LL};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    char want[32];
    snprintf(want, sizeof want, "%lld", v[i]);
    sr_buf b;
    sr_buf_init(&b, 0);
    assert_int_equal(sr_json_int(&b, v[i]), 0);
    assert_string_equal(b.data, want);
    sr_buf_free(&b);
  }
}

static void test_keys(void **state) {
  (void)state;
  sr_buf b;
  sr_buf_init(&b, 0);
  assert_int_equal(sr_json_kstr(&b, "evidence", "a \"b\"\n"), 0);
  assert_int_equal(sr_buf_putc(&b, ','), 0);
  assert_int_equal(sr_json_kint(&b, "fatalities", -1, 0), 0);
  assert_int_equal(sr_buf_putc(&b, ','), 0);
  assert_int_equal(sr_json_kint(&b, "reports", 3, 0), 0);
  assert_int_equal(sr_buf_putc(&b, ','), 0);
  assert_int_equal(sr_json_kstr(&b, "url", NULL), 0);
  assert_string_equal(b.data, "\"evidence\":\"a \\\"b\\\"\\n\",\"fatalities\":null,\"reports\":3,\"url\":\"\"");
  /* a full buffer fails, never overruns */
  sr_buf small;
  sr_buf_init(&small, 8);
  assert_int_not_equal(sr_json_kstr(&small, "evidence", "longer than eight"), 0);
  assert_true(small.len <= 8);
  sr_buf_free(&small);
  sr_buf_free(&b);
}

/* sr_json_put_str writes what sr_buf_json_str writes, escapes at every alignment */
static void check_str(const char *s, size_t n) {
  sr_buf want;
  sr_buf_init(&want, 0);
  assert_int_equal(sr_buf_json_str(&want, s, n), 0);
  char *got = malloc(SR_JSON_STR_MAX(n));
  assert_non_null(got);
  size_t len = (size_t)(sr_json_put_str(got, s, n) - got);
  assert_true(len <= SR_JSON_STR_MAX(n));
  if (len != want.len || memcmp(got, want.data, len) != 0)
    fail_msg("%zu bytes: got %.*s, want %s", n, (int)len, got, want.data);
  free(got);
  sr_buf_free(&want);
}

static void test_put_str_escapes(void **state) {
  (void)state;
  static const char *const cases[] = {"",
                                      "plain words, nothing to escape",
                                      "\"",
                                      "\\",
                                      "a \"quoted\" word and a back\\slash",
                                      "line\nbreak\ttab\rreturn",
                                      "\x01\x02\x1f\x7f",
                                      "caf\xc3\xa9 \xd8\xaf\xd9\x85\xd8\xb4\xd9\x82 \xe2\x80\x94 \xf0\x9f\x98\x80",
                                      "12345678\"12345678\\12345678\n1234567",
                                      "</script><!-- & ' -->"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_str(cases[i], strlen(cases[i]));
  /* every byte that needs escaping at every offset of a 24-byte string, NUL included */
  char s[24];
  for (int c = 0; c < 256; c++)
    for (size_t at = 0; at < sizeof s; at++) {
      memset(s, 'x', sizeof s);
      s[at] = (char)c;
      check_str(s, sizeof s);
      check_str(s, at + 1);
    }
  char all[256];
  for (int c = 0; c < 256; c++) all[c] = (char)(255 - c);
  check_str(all, sizeof all);
}

static void test_put_numbers(void **state) {
  (void)state;
  static const long long iv[] = {0, -1, 7, LLONG_MIN, LLONG_MAX, 4294967295LL};
  for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
    char want[32], got[SR_JSON_INT_MAX + 1];
    snprintf(want, sizeof want, "%lld", iv[i]);
    *sr_json_put_int(got, iv[i]) = 0;
    assert_string_equal(got, want);
  }
  static const double dv[] = {0, -0.0, 34.45005, -179.99995, 1e300, -1e300, 2.5};
  for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
    char want[400], got[SR_JSON_FIXED_MAX + 1];
    snprintf(want, sizeof want, "%.4f", dv[i]);
    *sr_json_put_fixed(got, dv[i], 4) = 0;
    assert_string_equal(got, want);
  }
}

/* One row written by the fast path (a buffer without a small maximum) and by the reference
 * path (a maximum the row fits but its worst case does not): the same bytes. */
static void check_row(const sr_event_row *r) {
  sr_buf fast, ref;
  sr_buf_init(&fast, 0);
  assert_int_equal(sr_row_write(r, SR_ROW_JSONL, &fast), 0);
  sr_buf_init(&ref, fast.len + 8);
  assert_int_equal(sr_row_write(r, SR_ROW_JSONL, &ref), 0);
  assert_int_equal(ref.len, fast.len);
  assert_memory_equal(ref.data, fast.data, fast.len);
  assert_int_equal(fast.data[fast.len - 1], '\n');
  sr_buf_free(&fast);
  sr_buf_free(&ref);
}

static void test_row_fast_like_reference(void **state) {
  (void)state;
  char evidence[1200];
  memset(evidence, 'e', sizeof evidence - 1);
  evidence[sizeof evidence - 1] = 0;
  memcpy(evidence, "He said \"they\\we\n\x01 fled\"", 25);
  sr_event_row r = {.id = 831314, .date = "2021-03-31", .date_min = "2021-03-30", .date_max = "2021-03-31",
                    .src_id = "ISIS", .src_name = "Islamic \"State\"", .tgt_id = "CIV", .tgt_name = "civilians",
                    .cameo = "193", .plover = "ASSAULT", .acled = "Battles", .acled_sub = "Armed clash",
                    .has_location = 1, .loc_name = "Deir ez-Zor", .country = "SY", .admin1 = "Deir ez-Zor",
                    .admin2 = "", .precision = "place", .lat = 35.33359, .lon = -40.14995, .geonameid = 170794,
                    .nreports = 3, .ndocs = 2, .evidence = evidence, .source = "Wire\t\"A\"",
                    .url = "https://example.org/a?b=1&c=\"2\"", .time_precision = 1, .fatalities = 4,
                    .injured = -1, .disorder = "Political violence", .src_inter = 2, .tgt_inter = 0,
                    .origin = "coded", .ext_id = ""};
  check_row(&r);
  /* unknowns: no dates, no actors, no location, no counts, NULL strings, an imported event */
  sr_event_row u = {.id = -5, .cameo = "0", .fatalities = -1, .injured = -1, .evidence = evidence,
                    .time_precision = 0};
  check_row(&u);
  u.origin = "acled";
  u.ext_id = "SYR123";
  u.date = "";
  u.src_id = "X";
  u.src_inter = -3;
  u.has_location = 1;
  u.lat = NAN;
  u.lon = 1e300;
  u.geonameid = 4294967295u;
  check_row(&u);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_like_printf),
      cmocka_unit_test(test_int_like_printf),
      cmocka_unit_test(test_keys),
      cmocka_unit_test(test_put_str_escapes),
      cmocka_unit_test(test_put_numbers),
      cmocka_unit_test(test_row_fast_like_reference),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
