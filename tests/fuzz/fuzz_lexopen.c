/* fuzz_lexopen.c - libFuzzer: opening and using damaged lexicon images.
 *
 * The base image is compiled once from tests/data/lex (run from the repository root, as
 * `make fuzz` does). The first input byte chooses the mode:
 *   bit 0 = 1  the rest of the input is the image itself;
 *   bit 0 = 0  the rest is a list of patches to the base image, 5 bytes each: a 32-bit
 *              little-endian offset (taken modulo the image size) and the byte to write.
 *   bit 1 = 0  the checksum is recomputed (sr_lex_seal) so that the structural checks judge
 *              the image; bit 1 = 1 leaves it, and a changed image must then be refused.
 * An image that opens is used as the coder uses it (tagging, trie matches, tables, the
 * syntax section's own checks). Nothing may read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/lexicon.h"
#include "sitrep/syntax.h"
#include "sitrep/text.h"

static unsigned char *g_base;
static size_t g_len;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  sr_lex_build_opts o = {"no-such-taglex.js", "no-such-wordnet", 0};
  sr_error err;
  void *img;
  if (sr_lex_build_mem_ex("tests/data/lex", &o, &img, &g_len, &err)) {
    fprintf(stderr, "fuzz_lexopen: cannot compile tests/data/lex (run from the repository root): %s\n", err.msg);
    abort();
  }
  g_base = img;
  return 0;
}

static const char *const TEXTS[] = {
    "Gondor forces attacked Mordor on Monday, officials said.",
    "Orc raiders kidnapped two men near Minas Tirith and prepared for an offensive; the army "
    "did not take control of the town."};

static void use(const sr_lex *lx) {
  static sr_arena *a;
  if (!a && !(a = sr_arena_new(0))) abort();
  for (size_t k = 0; k < sizeof TEXTS / sizeof *TEXTS; k++) {
    sr_arena_reset(a);
    sr_text t;
    if (sr_text_analyze(&t, a, TEXTS[k], strlen(TEXTS[k]), NULL)) abort();
    sr_lex_tag(lx, &t);
    for (uint32_t i = 0; i < t.ntok; i++) {
      const sr_lex_entry *e[16];
      uint32_t span[16];
      int n = sr_lex_match_span(lx, &t, i, t.ntok, e, span, 16);
      for (int j = 0; j < n; j++) {
        if (span[j] < e[j]->ntok || i + span[j] > t.ntok) abort();
        (void)strlen(sr_lex_str(lx, e[j]->surface));
        const sr_lex_action *ac = e[j]->type == SR_ENT_ACTION ? sr_lex_action_at(lx, e[j]->val) : NULL;
        if (ac) (void)strlen(sr_lex_str(lx, ac->pattern)), (void)strlen(ac->cameo);
      }
    }
  }
  for (uint32_t i = 0; i < sr_lex_nactors(lx); i++) {
    const sr_lex_actor *x = sr_lex_actor_at(lx, i);
    (void)sr_lex_actor_by_code(lx, sr_lex_str(lx, x->code));
    (void)strlen(sr_lex_str(lx, x->name)), (void)strlen(x->cc);
  }
  for (uint32_t i = 0; i < sr_lex_ncountries(lx); i++) {
    const sr_lex_country *c = sr_lex_country_at(lx, i);
    if (sr_lex_country_by_cc(lx, c->cc) < 0) abort();
    if (c->gov >= 0 && !sr_lex_actor_at(lx, (uint32_t)c->gov)) abort();
  }
  uint32_t nw;
  const sr_lex_wsyn *ws = sr_lex_wsyn_table(lx, &nw);
  for (uint32_t w = 0; w < nw; w++)
    if (ws[w].best >= SR_T_NWORD || ws[w].sym >= SR_S_COUNT) abort();
  sr_syn *syn = NULL;
  if (sr_syn_open(&syn, lx, NULL) == 0) sr_syn_close(syn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  int raw = data[0] & 1, keep_sum = (data[0] >> 1) & 1;
  size_t len = raw ? size - 1 : g_len;
  unsigned char *img = malloc(len ? len : 1);
  if (!img) abort();
  if (raw) {
    memcpy(img, data + 1, len);
  } else {
    memcpy(img, g_base, len);
    for (size_t i = 1; i + 5 <= size; i += 5) {
      uint32_t off;
      memcpy(&off, data + i, 4);
      img[off % len] = data[i + 4];
    }
  }
  int changed = raw ? len != g_len || memcmp(img, g_base, len) : memcmp(img, g_base, len) != 0;
  if (!keep_sum) sr_lex_seal(img, len);
  sr_lex *lx = NULL;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_lex_open_mem(&lx, img, len, &err); /* takes img */
  if (rc) {
    if (rc != SR_EINPUT || !strstr(err.msg, "lexicon image")) abort(); /* says what is wrong */
    return 0;
  }
  if (keep_sum && changed) {
    fprintf(stderr, "a changed image kept its old checksum and opened\n");
    abort();
  }
  use(lx);
  sr_lex_close(lx);
  return 0;
}
