/* test_json_write.c - the printf-free JSON writer writes what printf wrote. */
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_like_printf),
      cmocka_unit_test(test_int_like_printf),
      cmocka_unit_test(test_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
