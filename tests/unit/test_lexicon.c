/* test_lexicon.c - compiling dictionaries, the image format and trie matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sitrep/lexicon.h"

static sr_lex *open_fixture(void) {
  void *img;
  size_t len;
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_lex_build_mem("tests/data/lex", &img, &len, &err), 0);
  sr_lex *lx = NULL;
  assert_int_equal(sr_lex_open_mem(&lx, img, len, &err), 0);
  return lx;
}

/* all entries matched at the first token of text, longest first */
static int match_at(sr_lex *lx, const char *text, uint32_t tok, const sr_lex_entry **out, int max) {
  static sr_arena *a;
  static sr_text t;
  if (!a) a = sr_arena_new(0);
  sr_arena_reset(a);
  assert_int_equal(sr_text_analyze(&t, a, text, strlen(text), NULL), 0);
  sr_lex_tag(lx, &t);
  return sr_lex_match(lx, &t, tok, t.ntok, out, max);
}

static const char *actor_code(sr_lex *lx, const sr_lex_entry *e) {
  return sr_lex_str(lx, sr_lex_actor_at(lx, e->val)->code);
}

static void test_actor_aliases(void **state) {
  (void)state;
  sr_lex *lx = open_fixture();
  const sr_lex_entry *e[8];
  int n = match_at(lx, "The army of Gondor attacked", 1, e, 8);
  assert_true(n >= 1);
  assert_int_equal(e[0]->type, SR_ENT_ACTOR);
  assert_int_equal(e[0]->ntok, 3);
  assert_string_equal(actor_code(lx, e[0]), "GON");
  /* hyphenated alias matches with or without the hyphen */
  n = match_at(lx, "Uruk hai raiders", 0, e, 8);
  assert_true(n >= 1);
  assert_string_equal(actor_code(lx, e[0]), "ORC");
  sr_lex_close(lx);
}

static void test_case_sensitive_alias(void **state) {
  (void)state;
  sr_lex *lx = open_fixture();
  const sr_lex_entry *e[8];
  assert_int_equal(match_at(lx, "GA troops attacked", 0, e, 8), 1);
  /* "ga" in lower case is not the acronym */
  assert_int_equal(match_at(lx, "ga troops attacked", 0, e, 8), 0);
  sr_lex_close(lx);
}

static void test_inflection(void **state) {
  (void)state;
  sr_lex *lx = open_fixture();
  const sr_lex_entry *e[8];
  const char *forms[] = {"attack", "attacks", "attacked", "attacking"};
  for (int i = 0; i < 4; i++) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s", forms[i]);
    int n = match_at(lx, buf, 0, e, 8);
    assert_true(n >= 1);
    assert_int_equal(e[0]->type, SR_ENT_ACTION);
  }
  /* irregular past and the participle flag */
  int n = match_at(lx, "took control of the town", 0, e, 8);
  assert_true(n >= 1);
  assert_int_equal(e[0]->ntok, 3);
  assert_true(e[0]->flags & SR_AF_PART);
  /* doubled consonant */
  assert_true(match_at(lx, "kidnapped", 0, e, 8) >= 1);
  assert_true(match_at(lx, "kidnapping", 0, e, 8) >= 1);
  assert_int_equal(match_at(lx, "kidnaped", 0, e, 8), 0);
  sr_lex_close(lx);
}

static void test_countries(void **state) {
  (void)state;
  sr_lex *lx = open_fixture();
  const sr_lex_entry *e[8];
  int n = match_at(lx, "Gondorian soldiers", 0, e, 8);
  assert_true(n >= 1);
  assert_int_equal(e[0]->type, SR_ENT_ADJ);
  const sr_lex_country *k = sr_lex_country_at(lx, e[0]->val);
  assert_string_equal(k->cc, "GO");
  assert_string_equal(sr_lex_str(lx, sr_lex_actor_at(lx, (uint32_t)k->mil)->code), "GON");
  assert_string_equal(sr_lex_str(lx, sr_lex_actor_at(lx, (uint32_t)k->gov)->code), "GONGOV");
  assert_int_equal(k->bare, -1);
  assert_int_equal(k->held, -1);
  /* bare= and held=: whose unnamed troops act in the country, whom its places are taken from */
  n = match_at(lx, "Arnorian soldiers", 0, e, 8);
  assert_true(n >= 1);
  const sr_lex_country *a = sr_lex_country_at(lx, e[0]->val);
  assert_string_equal(a->cc, "AR");
  assert_string_equal(sr_lex_str(lx, sr_lex_actor_at(lx, (uint32_t)a->bare)->code), "GON");
  assert_string_equal(sr_lex_str(lx, sr_lex_actor_at(lx, (uint32_t)a->held)->code), "ORC");
  n = match_at(lx, "Minas Tirith said", 0, e, 8);
  assert_true(n >= 1);
  assert_int_equal(e[0]->type, SR_ENT_CAPITAL);
  assert_true(sr_lex_actor_by_code(lx, "ORC") >= 0);
  assert_int_equal(sr_lex_actor_by_code(lx, "NOPE"), -1);
  sr_lex_close(lx);
}

static void test_bad_dictionary_names_line(void **state) {
  (void)state;
  void *img = NULL;
  size_t len = 0;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_lex_build_mem("tests/data/lexbad", &img, &len, &err);
  assert_int_equal(rc, SR_EINPUT);
  assert_non_null(strstr(err.file, "bad.txt"));
  assert_int_equal(err.line, 2);
  assert_non_null(strstr(err.msg, "wizardly"));
  rc = sr_lex_build_mem("tests/data/no-such-dir", &img, &len, &err);
  assert_true(rc < 0);
}

/* "after=CODE@DATE": the successor's code and the day it takes over (2020-03-01 = day 18322) */
static void test_actor_successor(void **state) {
  (void)state;
  sr_lex *lx = open_fixture();
  int32_t a = sr_lex_actor_by_code(lx, "ARN"), g = sr_lex_actor_by_code(lx, "GON");
  assert_true(a >= 0 && g >= 0);
  const sr_lex_actor *x = sr_lex_actor_at(lx, (uint32_t)a);
  assert_string_equal(sr_lex_str(lx, x->after), "GON");
  assert_int_equal(x->after_since, 18322);
  assert_int_equal(sr_lex_actor_at(lx, (uint32_t)g)->after, 0);
  sr_lex_close(lx);
  /* a successor that is no actor is an error naming both codes */
  void *img = NULL;
  size_t len = 0;
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_lex_build_mem("tests/data/lexbad_after", &img, &len, &err), SR_EINPUT);
  assert_non_null(strstr(err.msg, "GON has after=ROHAN"));
}

static void test_image_roundtrip_and_corruption(void **state) {
  (void)state;
  char path[] = "/tmp/sitrep-lex-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_lex_build("tests/data/lex", path, &err), 0);
  sr_lex *lx = NULL;
  assert_int_equal(sr_lex_open(&lx, path, &err), 0);
  assert_true(sr_lex_nactors(lx) >= 3);
  sr_lex_close(lx);
  /* truncated image */
  FILE *f = fopen(path, "r+b");
  assert_non_null(f);
  assert_int_equal(ftruncate(fileno(f), 100), 0);
  fclose(f);
  assert_int_equal(sr_lex_open(&lx, path, &err), SR_EINPUT);
  assert_null(lx);
  /* garbage */
  f = fopen(path, "wb");
  for (int i = 0; i < 4096; i++) fputc(i * 7, f);
  fclose(f);
  assert_int_equal(sr_lex_open(&lx, path, &err), SR_EINPUT);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_actor_aliases),
      cmocka_unit_test(test_case_sensitive_alias),
      cmocka_unit_test(test_actor_successor),
      cmocka_unit_test(test_inflection),
      cmocka_unit_test(test_countries),
      cmocka_unit_test(test_bad_dictionary_names_line),
      cmocka_unit_test(test_image_roundtrip_and_corruption),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
