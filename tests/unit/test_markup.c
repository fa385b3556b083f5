/* test_markup.c - the pre-parse attribute cap (src/io/markup.c) and that a
 * tag with a huge number of attributes no longer stalls libxml2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../src/io/markup.h"
#include "sitrep/io.h"

/* "<p a0=1 a1=1 ... a(n-1)=1 TAIL" */
static char *many_attrs(unsigned n, const char *tail, size_t *len) {
  size_t cap = (size_t)n * 16 + strlen(tail) + 64;
  char *s = malloc(cap);
  assert_non_null(s);
  size_t o = (size_t)snprintf(s, cap, "<p");
  for (unsigned i = 0; i < n; i++) o += (size_t)snprintf(s + o, cap - o, " a%u=\"1\"", i);
  o += (size_t)snprintf(s + o, cap - o, "%s", tail);
  *len = o;
  return s;
}

static unsigned count_attrs(const char *s) {
  unsigned n = 0;
  for (; *s && *s != '>'; s++) n += *s == '=';
  return n;
}

static void test_nothing_to_cut(void **st) {
  (void)st;
  size_t ol = 0;
  const char *h = "<html><body><p class=\"a\" id=b>x > y</p><!-- <a b c> --></body></html>";
  assert_null(sr_markup_cap_attrs(h, strlen(h), &ol));
  size_t len;
  char *s = many_attrs(SR_MARKUP_MAX_ATTRS, ">text</p>", &len);
  assert_null(sr_markup_cap_attrs(s, len, &ol));
  free(s);
  assert_null(sr_markup_cap_attrs("", 0, &ol));
  assert_null(sr_markup_cap_attrs("<", 1, &ol));
  assert_null(sr_markup_cap_attrs("<p a=\"unterminated", 18, &ol));
}

static void test_cut(void **st) {
  (void)st;
  size_t len, ol = 0;
  char *s = many_attrs(1000, " z='q>q'>text</p><b c=1>x</b>", &len);
  char *o = sr_markup_cap_attrs(s, len, &ol);
  assert_non_null(o);
  assert_int_equal(strlen(o), ol);
  assert_int_equal(count_attrs(o), SR_MARKUP_MAX_ATTRS);
  assert_non_null(strstr(o, ">text</p><b c=1>x</b>"));
  assert_null(strstr(o, "q>q"));
  free(o);
  free(s);
  /* self-closing kept; cut tag ending at a '<' or at the end of input */
  s = many_attrs(200, "/><q>", &len);
  o = sr_markup_cap_attrs(s, len, &ol);
  assert_non_null(o);
  assert_non_null(strstr(o, "a63=\"1\" /><q>"));
  free(o);
  free(s);
  s = many_attrs(200, "", &len);
  o = sr_markup_cap_attrs(s, len, &ol);
  assert_non_null(o);
  assert_int_equal(count_attrs(o), SR_MARKUP_MAX_ATTRS);
  free(o);
  free(s);
}

static void test_html_many_attrs_fast(void **st) {
  (void)st;
  size_t len;
  char *s = many_attrs(200000, ">Rebels shelled the town of Hama on Monday.</p>", &len);
  clock_t t0 = clock();
  char *out = NULL, *title = NULL;
  size_t ol = 0;
  assert_int_equal(sr_html_to_text(s, len, &out, &ol, &title, NULL), 0);
  assert_non_null(strstr(out, "Rebels shelled the town of Hama"));
  /* minutes before the cap; well under a second after */
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
  free(out);
  free(title);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nothing_to_cut),
      cmocka_unit_test(test_cut),
      cmocka_unit_test(test_html_many_attrs_fast),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
