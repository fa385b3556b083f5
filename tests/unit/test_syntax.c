/* test_syntax.c - the syntactic layer (src/syntax/) on the grammar in data/syntax/, through
 * the parse printout `sitrep parse` shows: part-of-speech tags, chunks, clauses and the
 * grammatical relations the coder reads. Each case is a construction of English written for
 * this test; the expected lines are what the stage must decide. Also: the grammar compiler
 * names the file and line of a bad rule, and input at the caps parses without harm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sitrep/lexicon.h"
#include "sitrep/sitrep.h"

static sr_ctx *ctx;
static sr_doc *doc;
static sr_buf out;

static int setup(void **state) {
  (void)state;
  sr_error err;
  sr_error_clear(&err);
  sr_ctx_opts o = {0};
  o.lexicon_path = getenv("SITREP_LEXICON"); /* the image ctest builds from data/ */
  o.no_gazetteer = 1;
  if (sr_ctx_open(&ctx, &o, &err)) {
    fprintf(stderr, "test_syntax: %s\n", err.msg);
    return -1;
  }
  doc = sr_doc_new(ctx);
  sr_buf_init(&out, (size_t)16 << 20);
  return doc ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  sr_buf_free(&out);
  sr_doc_free(doc);
  sr_ctx_free(ctx);
  return 0;
}

static const char *parse(const char *text) {
  sr_error err;
  sr_error_clear(&err);
  out.len = 0;
  assert_int_equal(sr_doc_parse(doc, text, strlen(text), &out, &err), 0);
  assert_int_equal(sr_buf_putc(&out, 0), 0);
  return out.data;
}

/* every line of want (separated by '\n') is in the parse of text */
static void expect(const char *text, const char *want) {
  const char *p = parse(text);
  char line[512];
  for (const char *w = want; *w;) {
    const char *nl = strchr(w, '\n');
    size_t n = nl ? (size_t)(nl - w) : strlen(w);
    snprintf(line, sizeof line, "%.*s", (int)n, w);
    if (!strstr(p, line)) fail_msg("'%s'\n  lacks: %s\n  parse:\n%s", text, line, p);
    w += n + (nl ? 1 : 0);
  }
}

/* ---- tags */

static void test_tags_noun_or_verb(void **s) {
  (void)s;
  expect("Rebels attacked the town.", "attacked/VBD");
  expect("An attack on the town killed four.", "attack/NN\nkilled/VBD");
  expect("Israel strikes Gaza.", "strikes/VBZ");
  expect("The strikes hit a school.", "strikes/NNS");
  expect("A group shot dead two guards.", "shot/VBD");
}

static void test_tags_context_to_the_right(void **s) {
  (void)s;
  /* "at least" is an adverb only once the sweep has passed it */
  expect("Strikes killed at least 11 people.", "killed/VBD\nat/RB\nleast/RB");
  /* a regular past tense the lexicon lists only as a participle */
  expect("Tank fire wounded six people.", "wounded/VBD");
}

static void test_tags_compounds_and_names(void **s) {
  (void)s;
  expect("Rebels shelled army-held districts.", "held/JJ");
  expect("A ground-attack jet crashed.", "ground/NN");
  expect("Police fired tear gas and live rounds.", "tear/NN\nlive/JJ");
  expect("They struck what the army called depots.", "what/WP");
}

/* ---- chunks */

static void test_chunks(void **s) {
  (void)s;
  expect("The Syrian army's forward positions were shelled.", "[NP The Syrian army] 's [NP forward positions]");
  expect("Dozens of armed men stormed the village.", "[NP Dozens] of [NP armed men] [VG stormed] [NP the village]");
  expect("Troops had been deployed.", "[VG had been deployed]");
}

/* ---- clauses */

static void test_clauses(void **s) {
  (void)s;
  expect("Gunmen attacked a convoy, killing five soldiers.", "participial: killing five soldiers");
  expect("Militants attacked a base, which houses French troops.", "relative: which houses French troops");
  expect("The army said rebels attacked the town.", "complement: rebels attacked the town.");
  expect("Rebels shelled Kafr Zita, while the army bombed Latamneh.", "subordinate: while the army bombed Latamneh");
  expect("The group fired rockets at the town, a spokesman said.", "attribution: a spokesman said.");
  expect("Baghdad demanded that Ankara withdraw its troops.", "complement: that Ankara withdraw its troops.");
  /* a relative pronoun after a comma opens no attribution */
  expect("Officials blamed the militants, who denied any role.", "relative: who denied any role");
  /* the finite verb after a fronted infinitive has its own subject */
  expect("In order to do this they attacked the army.", "verb \"attacked\" past finite: subject \"they\"");
}

/* ---- relations */

static void test_relations_voice(void **s) {
  (void)s;
  expect("Rebels attacked the town.", "verb \"attacked\" past finite: subject \"Rebels\" (direct), object \"the town\"");
  expect("The convoy was ambushed by militants.", "subject \"The convoy\" (direct), object -, by \"militants\"");
  expect("A bomb claimed by the group killed four people.",
         "verb \"claimed\" passive participle: subject \"A bomb\" (reduced relative)");
}

static void test_relations_control(void **s) {
  (void)s;
  /* object control, subject control, a noun's possessor */
  expect("The UN urged the army to withdraw.", "verb \"to withdraw\" infinitive: subject \"the army\" (control)");
  expect("Baghdad summoned the ambassador to protest.", "verb \"to protest\" infinitive: subject \"Baghdad\" (control)");
  expect("Crowds protested against the government's decision to suspend talks.",
         "verb \"to suspend\" infinitive: subject \"the government\" (control)");
}

static void test_relations_tails(void **s) {
  (void)s;
  /* a participle after a comma hangs on the act, not on a participle describing a noun */
  expect("A drone hit a truck carrying soldiers, killing five of them.",
         "verb \"killing\" -ing: subject \"A drone\" (governing verb's)");
  expect("Jets struck what the army called rebel depots.", "object \"rebel depots\"");
}

/* ---- the grammar compiler and the caps */

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_bad_rule_names_file_and_line(void **s) {
  (void)s;
  char dir[] = "/tmp/sitrep-syntax-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char p[256], lex[300], cmd[400];
  /* the fictional dictionaries of tests/data/lex, with a grammar of our own */
  snprintf(cmd, sizeof cmd, "cp -r tests/data/lex/actors tests/data/lex/actions tests/data/lex/lexicon '%s'/", dir);
  assert_int_equal(system(cmd), 0);
  snprintf(p, sizeof p, "%s/syntax", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  snprintf(p, sizeof p, "%s/syntax/closed.txt", dir);
  write_file(p, "DT | the\n");
  snprintf(p, sizeof p, "%s/syntax/chunks.txt", dir);
  write_file(p, "NP | DT? NN+ | head NN\n");
  snprintf(p, sizeof p, "%s/syntax/tagrules.txt", dir);
  write_file(p, "# fine\nNN -> VB | prev TO\nNN -> VB | sideways DT\n");
  snprintf(lex, sizeof lex, "%s/out.lex", dir);
  sr_error err;
  sr_error_clear(&err);
  assert_int_not_equal(sr_lex_build(dir, lex, &err), 0);
  if (!strstr(err.file, "tagrules.txt") || err.line != 3)
    fail_msg("error does not name tagrules.txt line 3: %s:%d: %s", err.file, err.line, err.msg);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_caps(void **s) {
  (void)s;
  /* one endless sentence and a flood of commas and brackets: parsed, bounded, no crash */
  size_t n = 200000;
  char *t = malloc(n + 1);
  assert_non_null(t);
  for (size_t i = 0; i < n; i++) t[i] = "rebels attacked , ( the ) town which that and "[i % 47];
  t[n] = 0;
  sr_error err;
  sr_error_clear(&err);
  out.len = 0;
  assert_int_equal(sr_doc_parse(doc, t, n, &out, &err), 0);
  assert_true(out.len > 0);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tags_noun_or_verb),   cmocka_unit_test(test_tags_context_to_the_right),
      cmocka_unit_test(test_tags_compounds_and_names), cmocka_unit_test(test_chunks),
      cmocka_unit_test(test_clauses),             cmocka_unit_test(test_relations_voice),
      cmocka_unit_test(test_relations_control),   cmocka_unit_test(test_relations_tails),
      cmocka_unit_test(test_bad_rule_names_file_and_line), cmocka_unit_test(test_caps),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
