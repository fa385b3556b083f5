/* test_image_mutation.c - the acceptance test of image validation (issue 11): random
 * mutations of every section of a lexicon image and of a gazetteer image, opened and used
 * through the library.
 *
 * For each non-empty section, MUTATIONS times: flip a bit, overwrite a byte, or overwrite an
 * aligned 32-bit word (zero, all ones, a small count, a random value) at a random offset of
 * the section. Then:
 *   1. the mutated image as it is: opening must fail with SR_EINPUT and a message naming
 *      the image (lexicon: the checksum is verified at every open); for the gazetteer, the
 *      open checks only the header and sections, so the full check (gz_check_deep, what
 *      `sitrep gazetteer check` runs) must refuse it, and using it must be safe;
 *   2. the same mutation with the checksum recomputed (what a crafted image looks like):
 *      the structural checks alone judge it; whatever they accept is then used (tagging,
 *      trie matches, tables; lookups, records, admin and country points), which must not
 *      read out of bounds (the ASan build, make asan, proves it) nor crash.
 * Seeded (SITREP_MUTATION_SEED, default 11) and reproducible; the seed is printed.
 * Fixtures: tests/data/lex, tests/data/gaz_*. The CLI side (exit status 2, the message)
 * is tests/e2e/image_mutation.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/geo/gaz_image.h"
#include "../../src/lexicon/lex_image.h"
#include "sitrep/syntax.h"
#include "sitrep/text.h"

#define MUTATIONS 500 /* per section, as the issue asks */

static uint64_t g_rng;
static uint64_t rnd(void) { /* xorshift64* */
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return g_rng * 0x2545F4914F6CDD1DULL;
}

static void seed_rng(void) {
  const char *s = getenv("SITREP_MUTATION_SEED");
  g_rng = s && *s ? strtoull(s, NULL, 10) : 11;
  if (!g_rng) g_rng = 11;
  printf("mutation seed %llu (set SITREP_MUTATION_SEED to change)\n", (unsigned long long)g_rng);
}

/* Mutate img[off, off + len) (len > 0) once; always changes at least one byte. */
static void mutate(unsigned char *img, uint64_t off, uint64_t len) {
  uint64_t at = off + rnd() % len;
  switch (rnd() % 4) {
  case 0: img[at] ^= (unsigned char)(1u << (rnd() % 8)); return;
  case 1: img[at] ^= (unsigned char)(1 + rnd() % 255); return;
  default: break;
  }
  uint64_t w = off + ((at - off) & ~(uint64_t)3);
  if (w + 4 > off + len) {
    img[at] ^= 0x80;
    return;
  }
  static const uint32_t special[] = {0, 0xFFFFFFFFu, 1, 2, 7, 0x7FFFFFFFu, 0x80000000u, 64};
  uint32_t old, v;
  memcpy(&old, img + w, 4);
  do v = rnd() % 2 ? special[rnd() % 8] : (uint32_t)rnd();
  while (v == old);
  memcpy(img + w, &v, 4);
}

/* ---- lexicon */

static const char *const TEXTS[] = {
    "Gondor forces attacked Mordor on Monday, officials said.",
    "Orc raiders kidnapped two men near Minas Tirith and prepared for an offensive.",
    "The army did not take control of the town; the ministry denied it."};

/* Use an open lexicon as the coder does: tag, match at every token, look up tables. */
static void use_lexicon(const sr_lex *lx) {
  sr_arena *a = sr_arena_new(0);
  assert_non_null(a);
  for (size_t k = 0; k < sizeof TEXTS / sizeof *TEXTS; k++) {
    sr_text t;
    sr_arena_reset(a);
    assert_int_equal(sr_text_analyze(&t, a, TEXTS[k], strlen(TEXTS[k]), NULL), 0);
    sr_lex_tag(lx, &t);
    for (uint32_t i = 0; i < t.ntok; i++) {
      const sr_lex_entry *e[16];
      uint32_t span[16];
      int n = sr_lex_match_span(lx, &t, i, t.ntok, e, span, 16);
      for (int j = 0; j < n; j++) {
        assert_true(span[j] >= e[j]->ntok && i + span[j] <= t.ntok);
        (void)sr_lex_str(lx, e[j]->surface);
        if (e[j]->type == SR_ENT_ACTOR) assert_non_null(sr_lex_actor_at(lx, e[j]->val));
        if (e[j]->type == SR_ENT_ACTION) assert_non_null(sr_lex_action_at(lx, e[j]->val));
        if (e[j]->type == SR_ENT_COUNTRY) assert_non_null(sr_lex_country_at(lx, e[j]->val));
      }
      (void)sr_lex_wflags(lx, t.tok[i].word);
    }
  }
  sr_arena_free(a);
  for (uint32_t i = 0; i < sr_lex_nactors(lx); i++) {
    const sr_lex_actor *x = sr_lex_actor_at(lx, i);
    (void)strlen(sr_lex_str(lx, x->code));
    (void)strlen(sr_lex_str(lx, x->name));
    (void)sr_lex_actor_by_code(lx, sr_lex_str(lx, x->code));
  }
  for (uint32_t i = 0; i < sr_lex_ncountries(lx); i++) {
    const sr_lex_country *c = sr_lex_country_at(lx, i);
    (void)sr_lex_country_by_cc(lx, c->cc);
    if (c->mil >= 0) assert_non_null(sr_lex_actor_at(lx, (uint32_t)c->mil));
  }
  (void)sr_lex_actor_by_code(lx, "GON");
  (void)sr_lex_country_by_cc(lx, "GO");
  sr_syn *syn = NULL;
  if (sr_syn_open(&syn, lx, NULL) == 0) sr_syn_close(syn);
}

typedef struct {
  const char *name;
  uint64_t off, len;
} section;

static int lex_sections(const lx_header *h, section *s) {
  int n = 0;
  s[n++] = (section){"header", 0, sizeof *h};
  s[n++] = (section){"strings", h->off_str, (uint64_t)h->n_str + 1};
  s[n++] = (section){"words", h->off_words, (uint64_t)h->n_words * sizeof(lx_word)};
  s[n++] = (section){"word hash", h->off_whash, (uint64_t)h->hcap * 4};
  s[n++] = (section){"trie roots", h->off_root, (uint64_t)h->n_words * 4};
  s[n++] = (section){"trie nodes", h->off_nodes, (uint64_t)h->n_nodes * sizeof(lx_node)};
  s[n++] = (section){"trie edges", h->off_edges, (uint64_t)h->n_edges * sizeof(lx_edge)};
  s[n++] = (section){"entries", h->off_ents, (uint64_t)h->n_ents * sizeof(sr_lex_entry)};
  s[n++] = (section){"actors", h->off_actors, (uint64_t)h->n_actors * sizeof(sr_lex_actor)};
  s[n++] = (section){"countries", h->off_countries, (uint64_t)h->n_countries * sizeof(sr_lex_country)};
  s[n++] = (section){"actions", h->off_actions, (uint64_t)h->n_actions * sizeof(sr_lex_action)};
  s[n++] = (section){"syntax facts", h->off_wsyn, (uint64_t)h->n_words * sizeof(sr_lex_wsyn)};
  s[n++] = (section){"syntax", h->off_syn, h->n_syn};
  return n;
}

/* Open a copy of img[0..len) (sr_lex_open_mem takes ownership of the copy). */
static int lex_open_copy(const unsigned char *img, size_t len, sr_lex **lx, sr_error *err) {
  void *copy = malloc(len);
  assert_non_null(copy);
  memcpy(copy, img, len);
  sr_error_clear(err);
  return sr_lex_open_mem(lx, copy, len, err);
}

static void test_lexicon_mutations(void **state) {
  (void)state;
  void *orig = NULL;
  size_t len = 0;
  sr_error err;
  sr_error_clear(&err);
  /* without the open-class word sources the fixture image is 60 KB, not 9 MB: fast to open
   * 13,000 times, and the same on every machine */
  sr_lex_build_opts o = {"tests/data/no-such-taglex.js", "tests/data/no-such-wordnet", 0};
  assert_int_equal(sr_lex_build_mem_ex("tests/data/lex", &o, &orig, &len, &err), 0);
  sr_lex *lx = NULL;
  assert_int_equal(lex_open_copy(orig, len, &lx, &err), 0);
  use_lexicon(lx);
  sr_lex_close(lx);
  section sec[16];
  int ns = lex_sections(orig, sec);
  unsigned char *img = malloc(len);
  assert_non_null(img);
  int tried = 0;
  for (int s = 0; s < ns; s++) {
    if (!sec[s].len) continue;
    tried++;
    int refused_sealed = 0;
    for (int m = 0; m < MUTATIONS; m++) {
      memcpy(img, orig, len);
      mutate(img, sec[s].off, sec[s].len);
      /* 1. as it is: refused, the message names the image */
      int rc = lex_open_copy(img, len, &lx, &err);
      if (rc != SR_EINPUT || !strstr(err.msg, "(lexicon in memory)"))
        fail_msg("section %s, mutation %d: open gave %d '%s'", sec[s].name, m, rc, err.msg);
      assert_null(lx);
      /* 2. checksum recomputed: the structural checks judge it; what they accept is used */
      if (sr_lex_seal(img, len)) continue;
      rc = lex_open_copy(img, len, &lx, &err);
      if (rc) {
        assert_int_equal(rc, SR_EINPUT);
        assert_non_null(strstr(err.msg, "lexicon image"));
        refused_sealed++;
        continue;
      }
      use_lexicon(lx);
      sr_lex_close(lx);
    }
    printf("lexicon %-13s %d mutations: all refused as they are; %d refused with the checksum fixed\n",
           sec[s].name, MUTATIONS, refused_sealed);
  }
  assert_int_equal(tried, ns); /* the fixture has every section, the syntax one included */
  free(img);
  free(orig);
}

/* ---- gazetteer */

static const char *const PLACES[] = {"Deir ez-Zor", "Dayr az Zawr", "Albu Kamal", "Aleppo",
                                     "Raqqa", "Syria", "Kyiv", "Sanaa", "x", "Tell Abyad"};

static void use_gazetteer(const sr_gaz *g) {
  uint32_t idx[16];
  sr_place p;
  for (size_t k = 0; k < sizeof PLACES / sizeof *PLACES; k++) {
    int n = sr_gaz_lookup(g, PLACES[k], strlen(PLACES[k]), idx, 16);
    for (int i = 0; i < n; i++) {
      assert_true(idx[i] < sr_gaz_count(g));
      if (sr_gaz_get(g, idx[i], &p) == 0) assert_true(gz_utf8_valid(p.name, strlen(p.name)));
    }
  }
  for (uint32_t i = 0; i < sr_gaz_count(g); i++)
    if (sr_gaz_get(g, i, &p) == 0) {
      assert_true(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180);
      assert_true(gz_utf8_valid(p.asciiname, strlen(p.asciiname)));
      assert_true(gz_utf8_valid(p.admin1_name, strlen(p.admin1_name)));
      assert_true(gz_utf8_valid(p.admin2_name, strlen(p.admin2_name)));
    }
  (void)sr_gaz_admin1_point(g, "SY", "07", &p);
  (void)sr_gaz_admin1_point(g, "UA", "07", &p);
  (void)sr_gaz_country_point(g, "SY", &p);
  (void)sr_gaz_country_point(g, "YE", &p);
}

static unsigned char *gaz_fixture_image(size_t *len) {
  char path[] = "/tmp/sitrep-gazmut-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  const char *in[4] = {"tests/data/gaz_fixture.tsv", "tests/data/gaz_admin1.txt",
                       "tests/data/gaz_admin1.json", "tests/data/gaz_countries.tsv"};
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_gaz_build(in, 4, path, &err), 0);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  rewind(f);
  unsigned char *img = malloc(*len);
  assert_non_null(img);
  assert_int_equal(fread(img, 1, *len, f), *len);
  fclose(f);
  unlink(path);
  return img;
}

static void test_gazetteer_mutations(void **state) {
  (void)state;
  size_t len;
  unsigned char *orig = gaz_fixture_image(&len);
  const gaz_header *h = (const gaz_header *)orig;
  sr_error err;
  sr_gaz *g = NULL;
  assert_int_equal(gz_open_mem(&g, orig, len, "fixture.img", &err), 0);
  assert_null(gz_check_deep(g));
  use_gazetteer(g);
  sr_gaz_close(g);
  section sec[] = {
      {"header", 0, sizeof *h},
      {"records", h->rec_off, (uint64_t)h->nrec * sizeof(gaz_rec)},
      {"strings", h->str_off, h->str_size},
      {"hash slots", h->slot_off, (uint64_t)h->nslots * sizeof(gaz_slot)},
      {"postings", h->post_off, h->post_words * 4},
      {"admin index", h->admin_off, (uint64_t)h->nadmin * sizeof(gaz_idx)},
      {"country index", h->country_off, (uint64_t)h->ncountry * sizeof(gaz_idx)}};
  unsigned char *img = malloc(len);
  assert_non_null(img);
  for (size_t s = 0; s < sizeof sec / sizeof *sec; s++) {
    assert_true(sec[s].len > 0);
    int at_open = 0, sealed_open = 0, sealed_deep = 0;
    for (int m = 0; m < MUTATIONS; m++) {
      memcpy(img, orig, len);
      mutate(img, sec[s].off, sec[s].len);
      for (int sealed = 0; sealed < 2; sealed++) {
        if (sealed) ((gaz_header *)img)->sum = gz_image_sum(img, len);
        sr_error_clear(&err);
        int rc = gz_open_mem(&g, img, len, "fixture.img", &err);
        if (rc) {
          assert_int_equal(rc, SR_EINPUT);
          assert_non_null(strstr(err.msg, "fixture.img: "));
          if (sealed) sealed_open++;
          else at_open++;
          continue;
        }
        const char *why = gz_check_deep(g);
        if (!sealed && !why) fail_msg("gazetteer %s, mutation %d: the full check missed it", sec[s].name, m);
        if (sealed && why) sealed_deep++;
        use_gazetteer(g);
        sr_gaz_close(g);
      }
    }
    printf("gazetteer %-13s %d mutations: %d refused at open, the rest by the full check; checksum fixed: "
           "%d refused at open, %d by the full check\n",
           sec[s].name, MUTATIONS, at_open, sealed_open, sealed_deep);
  }
  free(img);
  free(orig);
}

int main(void) {
  seed_rng();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lexicon_mutations),
      cmocka_unit_test(test_gazetteer_mutations),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
