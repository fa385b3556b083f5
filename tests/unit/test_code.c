/* test_code.c - the coder's clause rules on a fictional lexicon (no gazetteer):
 * active and passive voice, negation, modality, attribution, pronouns, planning,
 * denial, and the JSON writer. */
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
#include "sitrep/sitrep.h"

static char lexpath[64];
static sr_ctx *ctx;
static sr_doc *doc;

static int setup(void **state) {
  (void)state;
  snprintf(lexpath, sizeof lexpath, "/tmp/sitrep-code-XXXXXX");
  int fd = mkstemp(lexpath);
  if (fd < 0) return -1;
  close(fd);
  sr_error err;
  sr_error_clear(&err);
  if (sr_lex_build("tests/data/lex", lexpath, &err)) return -1;
  sr_ctx_opts o = {lexpath, NULL, 1};
  if (sr_ctx_open(&ctx, &o, &err)) return -1;
  doc = sr_doc_new(ctx);
  return doc ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  sr_doc_free(doc);
  sr_ctx_free(ctx);
  unlink(lexpath);
  return 0;
}

/* code text; return "SRC ROOT TGT;..." */
static const char *code(const char *text) {
  static char out[512];
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_doc_code(doc, "t", "2020-01-01", text, strlen(text), &err), 0);
  out[0] = 0;
  for (size_t i = 0; i < sr_doc_nevents(doc); i++) {
    const sr_event *e = sr_doc_event(doc, i);
    char one[96];
    snprintf(one, sizeof one, "%s%s %.2s %s", i ? ";" : "", e->has_source ? e->source.id : "null",
             e->cameo, e->has_target ? e->target.id : "null");
    strncat(out, one, sizeof out - strlen(out) - 1);
  }
  return out;
}

static void test_active(void **s) {
  (void)s;
  assert_string_equal(code("The orcs attacked the army of Gondor."), "ORC 19 GON");
}
static void test_passive(void **s) {
  (void)s;
  assert_string_equal(code("The Gondor army was attacked by the orcs."), "ORC 19 GON");
}
static void test_negation_and_modality(void **s) {
  (void)s;
  assert_string_equal(code("The orcs did not attack the Gondor army."), "");
  assert_string_equal(code("The orcs might attack the Gondor army."), "");
}
static void test_reported_speech(void **s) {
  (void)s;
  /* the speaker is not an actor of the reported act */
  assert_string_equal(code("The Gondor army said the orcs attacked Gondorian soldiers."), "ORC 19 GON");
}
static void test_pronoun(void **s) {
  (void)s;
  assert_string_equal(code("The orcs gathered at dawn. They attacked the Gondor army."), "ORC 19 GON");
}
static void test_nominal_and_planned(void **s) {
  (void)s;
  assert_string_equal(code("An offensive by the orcs on the Gondor army."), "ORC 19 GON");
  /* a prepared offensive is posture (15) */
  assert_string_equal(code("The orcs prepare for an offensive."), "ORC 15 null");
}
static void test_denial(void **s) {
  (void)s;
  assert_string_equal(code("The orcs denied that they attacked the Gondor army."), "");
}
static void test_json(void **s) {
  (void)s;
  code("The orcs attacked the army of Gondor.");
  assert_int_equal(sr_doc_nevents(doc), 1);
  sr_buf b;
  sr_buf_init(&b, 0);
  assert_int_equal(sr_event_write_json(sr_doc_event(doc, 0), "doc \"1\"", &b), 0);
  assert_non_null(strstr(b.data, "\"doc\":\"doc \\\"1\\\"\""));
  assert_non_null(strstr(b.data, "\"source\":{\"id\":\"ORC\""));
  assert_non_null(strstr(b.data, "\"cameo\":\"190\""));
  assert_non_null(strstr(b.data, "\"plover\":\"ASSAULT\""));
  assert_non_null(strstr(b.data, "\"location\":null"));
  assert_true(b.data[b.len - 1] == '\n');
  sr_buf_free(&b);
}
static void test_empty_and_garbage(void **s) {
  (void)s;
  assert_string_equal(code(""), "");
  assert_string_equal(code("... ,,, ;;; ((( )))"), "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_active),       cmocka_unit_test(test_passive),
      cmocka_unit_test(test_negation_and_modality), cmocka_unit_test(test_reported_speech),
      cmocka_unit_test(test_pronoun),      cmocka_unit_test(test_nominal_and_planned),
      cmocka_unit_test(test_denial),       cmocka_unit_test(test_json),
      cmocka_unit_test(test_empty_and_garbage),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
