/* test_text.c - UTF-8 repair, folding, tokens and sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sitrep/text.h"

static sr_arena *A;

static int setup(void **state) {
  (void)state;
  A = sr_arena_new(0);
  return A ? 0 : -1;
}
static int teardown(void **state) {
  (void)state;
  sr_arena_free(A);
  return 0;
}

static char *clean(const char *in, size_t len, sr_utf8_report *rep) {
  char *out = NULL;
  size_t ol = 0;
  sr_error e;
  assert_int_equal(sr_utf8_clean(A, in, len, &out, &ol, rep, &e), 0);
  assert_int_equal(strlen(out), ol);
  return out;
}

/* ---- UTF-8 */

static void test_utf8_valid_passthrough(void **s) {
  (void)s;
  const char *t = "Idlib \xC5\x9E" "am \xD8\xAD\xD9\x84\xD8\xA8 \xF0\x9F\x98\x80 ok";
  sr_utf8_report r;
  assert_string_equal(clean(t, strlen(t), &r), t);
  assert_int_equal(r.invalid, 0);
  assert_int_equal(r.first_bad_line, 0);
  assert_int_equal(r.first_bad_offset, -1);
}

static void test_utf8_repair(void **s) {
  (void)s;
  sr_utf8_report r;
  /* lone continuation, overlong '/', surrogate, > U+10FFFF, truncated at end */
  const char in[] = "a\x80" "b\n\xC0\xAF" "c\xED\xA0\x80" "d\xF4\x90\x80\x80" "e\xE2\x82";
  char *o = clean(in, sizeof in - 1, &r);
  assert_string_equal(o, "a\xEF\xBF\xBD" "b\n\xEF\xBF\xBD\xEF\xBF\xBD" "c"
                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "d"
                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "e\xEF\xBF\xBD");
  assert_true(r.invalid >= 5);
  assert_int_equal(r.first_bad_line, 1);
  assert_int_equal(r.first_bad_offset, 1);
  /* first bad on line 3 */
  const char in2[] = "ok\nfine\nbad \xFF here";
  clean(in2, sizeof in2 - 1, &r);
  assert_int_equal(r.invalid, 1);
  assert_int_equal(r.first_bad_line, 3);
  assert_int_equal(r.first_bad_offset, 12);
}

static void test_utf8_newlines_controls_bom(void **s) {
  (void)s;
  sr_utf8_report r;
  const char in[] = "\xEF\xBB\xBFline1\r\nline2\rline3\x01\x07\tend";
  assert_string_equal(clean(in, sizeof in - 1, &r), "line1\nline2\nline3\tend");
  assert_int_equal(r.controls, 2);
  /* a truncated 3-byte sequence followed by ASCII: one U+FFFD, ASCII kept */
  const char in2[] = "x\xE2\x80y";
  assert_string_equal(clean(in2, sizeof in2 - 1, &r), "x\xEF\xBF\xBDy");
  assert_int_equal(r.invalid, 1);
}

static void test_utf8_binary(void **s) {
  (void)s;
  char bin[1000];
  for (int i = 0; i < 1000; i++) bin[i] = (char)(i % 7 == 0 ? 0 : 'a' + i % 26);
  char *o = NULL;
  size_t ol;
  sr_error e;
  sr_error_clear(&e);
  assert_int_equal(sr_utf8_clean(A, bin, sizeof bin, &o, &ol, NULL, &e), SR_EINPUT);
  assert_non_null(strstr(e.msg, "binary"));
  assert_true(sr_utf8_is_binary(bin, sizeof bin));
  /* a few NULs in a big text are repaired, not refused */
  char txt[1000];
  memset(txt, 'a', sizeof txt);
  txt[10] = 0;
  sr_utf8_report r;
  o = clean(txt, sizeof txt, &r);
  assert_int_equal(strlen(o), 999);
  assert_int_equal(r.nul, 1);
}

static void test_utf8_decode(void **s) {
  (void)s;
  uint32_t cp;
  assert_int_equal(sr_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
  assert_int_equal(cp, 0xE9);
  assert_int_equal(sr_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
  assert_int_equal(cp, 0x1F600);
  assert_int_equal(sr_utf8_decode((const unsigned char *)"\xE0\x80\x80", 3, &cp), 1);
  assert_int_equal(cp, 0xFFFD);
  assert_int_equal(sr_utf8_decode((const unsigned char *)"\xC3", 1, &cp), 1);
  assert_int_equal(cp, 0xFFFD);
}

/* ---- fold */

static const char *F(const char *s) {
  static char buf[256];
  size_t n = sr_fold(s, strlen(s), buf, sizeof buf);
  assert_true(n < sizeof buf);
  return buf;
}

static void test_fold(void **s) {
  (void)s;
  assert_string_equal(F("Caf\xC3\xA9"), "cafe");            /* é */
  assert_string_equal(F("\xC5\x9E" "am"), "sam");            /* Ş */
  assert_string_equal(F("\xC4\xB0" "dlib"), "idlib");        /* İ */
  assert_string_equal(F("\xC4\xB1"), "i");                   /* ı */
  assert_string_equal(F("army\xE2\x80\x99s"), "army's");     /* ’ */
  assert_string_equal(F("\xE2\x80\x9Cno\xE2\x80\x9D"), "\"no\"");
  assert_string_equal(F("a\xE2\x80\x93" "b\xE2\x80\x94" "c"), "a-b-c");
  assert_string_equal(F("Ma\xCA\xBF" "arrat"), "ma'arrat"); /* ʿ */
  assert_string_equal(F("STRASSE \xC3\x9F"), "strasse ss");
  assert_string_equal(F("\xEF\xAC\x81" "re"), "fire");       /* ﬁ ligature */
  /* Arabic kept (harakat stripped), Cyrillic lower-cased */
  assert_string_equal(F("\xD8\xAD\xD9\x8E\xD9\x84\xD8\xA8"), "\xD8\xAD\xD9\x84\xD8\xA8");
  assert_string_equal(F("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),
                      "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
  /* snprintf-like: needed size returned, output truncated and terminated */
  char small[4];
  assert_int_equal(sr_fold("ABCDEF", 6, small, sizeof small), 6);
  assert_string_equal(small, "abc");
  assert_int_equal(sr_fold("x", 1, NULL, 0), 1);
}

/* ---- tokens */

static sr_text T;

static void analyze(const char *s) {
  sr_arena_reset(A);
  sr_error e;
  assert_int_equal(sr_text_analyze(&T, A, s, strlen(s), &e), 0);
}

/* "fold fold fold" of the token range, separated by '|' */
static const char *folds(uint32_t b, uint32_t e) {
  static char buf[2048];
  size_t o = 0;
  for (uint32_t i = b; i < e && o < sizeof buf - 100; i++) {
    if (i > b) buf[o++] = '|';
    o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", sr_tok_fold(&T, i));
  }
  buf[o] = 0;
  return buf;
}
static const char *all_folds(void) { return folds(0, T.ntok); }

static void test_tokens_basic(void **s) {
  (void)s;
  analyze("Rebels attacked Hamdan, killing 30.");
  assert_string_equal(all_folds(), "rebels|attacked|hamdan|,|killing|30|.");
  assert_int_equal(T.tok[0].flags & (SR_TOK_WORD | SR_TOK_CAP | SR_TOK_SPACE | SR_TOK_PARA),
                   SR_TOK_WORD | SR_TOK_CAP | SR_TOK_SPACE | SR_TOK_PARA);
  assert_true(T.tok[5].flags & SR_TOK_NUM);
  assert_true(T.tok[3].flags & SR_TOK_PUNCT);
  assert_false(T.tok[3].flags & SR_TOK_SPACE);
  assert_int_equal(T.tok[0].word, 0);
  assert_memory_equal(T.src + T.tok[2].off, "Hamdan", 6);
}

static void test_tokens_hyphen_apostrophe(void **s) {
  (void)s;
  analyze("Hay'at Tahrir al-Sham and Ma'arrat al-Nu\xCA\xBFman");
  assert_string_equal(all_folds(), "hayat|tahrir|al|sham|and|maarrat|al|numan");
  assert_true(T.tok[3].flags & SR_TOK_HYPHEN);
  assert_false(T.tok[3].flags & SR_TOK_SPACE);
  assert_false(T.tok[2].flags & SR_TOK_HYPHEN);
  assert_int_equal(T.tok[0].len, 6); /* apostrophe kept in the source span */
  analyze("a 16-year-old boy");
  assert_string_equal(all_folds(), "a|16|year|old|boy");
  assert_true(T.tok[2].flags & SR_TOK_HYPHEN);
  /* spaced and typographic dashes are punctuation */
  analyze("Aleppo - Idlib \xE2\x80\x93 Homs\xE2\x80\x94Hama -- Raqqa");
  assert_string_equal(all_folds(), "aleppo|-|idlib|-|homs|-|hama|-|raqqa");
  assert_true(T.tok[1].flags & SR_TOK_PUNCT);
}

static void test_tokens_possessive(void **s) {
  (void)s;
  analyze("the army's base and the SDF\xE2\x80\x99s fighters, the soldiers' guns");
  assert_string_equal(all_folds(), "the|army|'s|base|and|the|sdf|'s|fighters|,|the|soldiers|'|guns");
  assert_true(T.tok[2].flags & SR_TOK_POSS);
  assert_false(T.tok[2].flags & SR_TOK_SPACE);
  assert_int_equal(T.tok[2].len, 2);
  assert_true(T.tok[7].flags & SR_TOK_POSS);
  assert_int_equal(T.tok[7].len, 4); /* ’ is 3 bytes */
  assert_true(T.tok[6].flags & SR_TOK_ALLCAP);
}

static void test_tokens_acronyms_numbers(void **s) {
  (void)s;
  analyze("U.S. and U.N. troops, 1,200 men, 3.5 km, at 12:30 on 2018-09-12; F-16 jets in 1990s.");
  assert_string_equal(all_folds(), "u.s.|and|u.n.|troops|,|1,200|men|,|3.5|km|,|at|12:30|on|"
                                   "2018-09-12|;|f|16|jets|in|1990s|.");
  assert_true(T.tok[0].flags & SR_TOK_ALLCAP);
  assert_true(T.tok[0].flags & SR_TOK_WORD);
  assert_true(T.tok[5].flags & SR_TOK_NUM);
  assert_true(T.tok[14].flags & SR_TOK_NUM);
  assert_true(T.tok[17].flags & SR_TOK_HYPHEN);
  analyze("HTS and IS and Is and A");
  assert_true(T.tok[0].flags & SR_TOK_ALLCAP);
  assert_true(T.tok[2].flags & SR_TOK_ALLCAP);
  assert_false(T.tok[4].flags & SR_TOK_ALLCAP);
  assert_true(T.tok[4].flags & SR_TOK_CAP);
  assert_false(T.tok[6].flags & SR_TOK_ALLCAP); /* one letter */
}

static void test_tokens_quotes_unicode(void **s) {
  (void)s;
  analyze("\xE2\x80\x9CWe will fight,\xE2\x80\x9D he said. \"No\" 'yes' (Reuters)");
  assert_string_equal(all_folds(), "\"|we|will|fight|,|\"|he|said|.|\"|no|\"|'|yes|'|(|reuters|)");
  analyze("\xD8\xAD\xD9\x84\xD8\xA8 \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
          "\xC4\xB0stanbul");
  assert_int_equal(T.ntok, 3);
  assert_string_equal(sr_tok_fold(&T, 0), "\xD8\xAD\xD9\x84\xD8\xA8");
  assert_string_equal(sr_tok_fold(&T, 1), "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
  assert_string_equal(sr_tok_fold(&T, 2), "istanbul");
  assert_true(T.tok[1].flags & SR_TOK_CAP);
  assert_true(T.tok[2].flags & SR_TOK_CAP);
}

/* ---- sentences */

static const char *sent(uint32_t i) {
  static char buf[1024];
  assert_true(i < T.nsent);
  snprintf(buf, sizeof buf, "%.*s", (int)T.sent[i].len, T.src + T.sent[i].off);
  return buf;
}

static void test_sentences_abbrev(void **s) {
  (void)s;
  analyze("Gen. Mazloum Abdi said U.S. forces left. Mr. Smith met Lt. Col. J. R. Jones on Jan. 5. "
          "The talks failed.");
  assert_int_equal(T.nsent, 3);
  assert_string_equal(sent(0), "Gen. Mazloum Abdi said U.S. forces left.");
  assert_string_equal(sent(1), "Mr. Smith met Lt. Col. J. R. Jones on Jan. 5.");
  assert_string_equal(sent(2), "The talks failed.");
  analyze("Troops arrived from the U.S. The fighting stopped. He cited No. 5 and St. Petersburg.");
  assert_int_equal(T.nsent, 3);
  assert_string_equal(sent(0), "Troops arrived from the U.S.");
  analyze("Growth was 3.5 percent. Apple Inc. said nothing. Acme Ltd. The end.");
  assert_int_equal(T.nsent, 4);
  assert_string_equal(sent(1), "Apple Inc. said nothing.");
  assert_string_equal(sent(2), "Acme Ltd.");
}

static void test_sentences_quotes(void **s) {
  (void)s;
  analyze("He said: \"We will win.\" The army retreated. \"Why?\" she asked. Who knows! 30 died.");
  assert_int_equal(T.nsent, 5);
  assert_string_equal(sent(0), "He said: \"We will win.\"");
  assert_string_equal(sent(2), "\"Why?\" she asked.");
  assert_string_equal(sent(4), "30 died.");
  analyze("The boy said \"stop.\" he left. It was over... Then nothing.");
  assert_int_equal(T.nsent, 3);
  assert_string_equal(sent(0), "The boy said \"stop.\" he left.");
  assert_string_equal(sent(1), "It was over...");
}

static void test_sentences_headline_paragraphs(void **s) {
  (void)s;
  analyze("Syrian troops retake Palmyra\n\nBEIRUT (Reuters) -\nSyrian troops retook the city on "
          "Sunday. Rebels fled.\nThe statement said:\nmore later");
  assert_int_equal(T.npara, 5);
  assert_int_equal(T.nsent, 6);
  assert_string_equal(sent(0), "Syrian troops retake Palmyra");
  assert_int_equal(T.sent[0].headline, 1);
  assert_int_equal(T.sent[0].para, 0);
  assert_int_equal(T.sent[1].headline, 1);
  assert_int_equal(T.sent[2].headline, 0);
  assert_int_equal(T.sent[2].para, 2);
  assert_string_equal(sent(3), "Rebels fled.");
  assert_int_equal(T.sent[4].headline, 0); /* ends with ':' */
  assert_int_equal(T.sent[5].headline, 1);
  assert_int_equal(T.sent[5].para, 4);
  assert_true(T.tok[T.sent[1].tok_begin].flags & SR_TOK_PARA);
  /* a cut body line is split, not taken as a headline */
  analyze("Rebels fled. The army took the town and");
  assert_int_equal(T.nsent, 2);
  assert_int_equal(T.sent[1].headline, 0);
}

static void test_sentence_cap_and_empty(void **s) {
  (void)s;
  size_t n = 1000;
  char *big = malloc(n * 2 + 2);
  for (size_t i = 0; i < n; i++) {
    big[2 * i] = 'a';
    big[2 * i + 1] = ' ';
  }
  big[2 * n] = '.';
  big[2 * n + 1] = 0;
  analyze(big);
  assert_int_equal(T.ntok, n + 1);
  assert_int_equal(T.nsent, 3);
  assert_int_equal(T.sent[0].tok_end - T.sent[0].tok_begin, SR_TEXT_MAX_SENT_TOKENS);
  free(big);
  analyze("");
  assert_int_equal(T.ntok, 0);
  assert_int_equal(T.nsent, 0);
  assert_int_equal(T.npara, 0);
  analyze("  \n\n \t ");
  assert_int_equal(T.nsent, 0);
}

static void test_long_word_and_garbage(void **s) {
  (void)s;
  size_t n = 100000;
  char *w = malloc(n + 1);
  for (size_t i = 0; i < n; i++) w[i] = (i % 3 == 0) ? '.' : (i % 5 ? 'Q' : '\'');
  w[n] = 0;
  analyze(w);
  for (uint32_t i = 0; i < T.ntok; i++) assert_true(T.tok[i].len <= 1024);
  memset(w, 'x', n);
  analyze(w);
  assert_true(T.ntok >= n / 512);
  free(w);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_valid_passthrough),
      cmocka_unit_test(test_utf8_repair),
      cmocka_unit_test(test_utf8_newlines_controls_bom),
      cmocka_unit_test(test_utf8_binary),
      cmocka_unit_test(test_utf8_decode),
      cmocka_unit_test(test_fold),
      cmocka_unit_test(test_tokens_basic),
      cmocka_unit_test(test_tokens_hyphen_apostrophe),
      cmocka_unit_test(test_tokens_possessive),
      cmocka_unit_test(test_tokens_acronyms_numbers),
      cmocka_unit_test(test_tokens_quotes_unicode),
      cmocka_unit_test(test_sentences_abbrev),
      cmocka_unit_test(test_sentences_quotes),
      cmocka_unit_test(test_sentences_headline_paragraphs),
      cmocka_unit_test(test_sentence_cap_and_empty),
      cmocka_unit_test(test_long_word_and_garbage),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
