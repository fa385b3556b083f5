/* fuzz_lexbuild.c - libFuzzer: the lexicon compiler on arbitrary dictionaries, then the image
 * it makes.
 *
 * The input is cut at lines "#--" into up to six files of a data/ tree: actors/test.txt,
 * actors/countries.txt, actors/agents.txt, actions/test.txt, lexicon/words.txt,
 * lexicon/irregular.txt (no syntax/ folder: the syntactic layer is built from its own
 * sources). A bad dictionary must fail with FILE:LINE and a message; a build that succeeds
 * must give an image that opens (checksum and structural checks) and answers matches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sitrep/lexicon.h"
#include "sitrep/text.h"

static const char *const FILES[] = {"actors/test.txt", "actors/countries.txt", "actors/agents.txt",
                                    "actions/test.txt", "lexicon/words.txt", "lexicon/irregular.txt"};
#define NFILES 6

static void use(const sr_lex *lx, const uint8_t *data, size_t size) {
  static sr_arena *a;
  if (!a && !(a = sr_arena_new(0))) abort();
  sr_arena_reset(a);
  /* the dictionary's own bytes as text: its words are in the trie */
  sr_text t;
  if (sr_text_analyze(&t, a, (const char *)data, size > 4096 ? 4096 : size, NULL)) return;
  sr_lex_tag(lx, &t);
  for (uint32_t i = 0; i < t.ntok; i++) {
    const sr_lex_entry *e[16];
    uint32_t span[16];
    int n = sr_lex_match_span(lx, &t, i, t.ntok, e, span, 16);
    for (int k = 0; k < n; k++) {
      if (span[k] < e[k]->ntok || i + span[k] > t.ntok) abort();
      if (e[k]->type == SR_ENT_ACTOR && !sr_lex_actor_at(lx, e[k]->val)) abort();
      if (e[k]->type == SR_ENT_ACTION && !sr_lex_action_at(lx, e[k]->val)) abort();
    }
  }
  for (uint32_t i = 0; i < sr_lex_nactors(lx); i++)
    if (sr_lex_actor_by_code(lx, sr_lex_str(lx, sr_lex_actor_at(lx, i)->code)) < 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char dir[64];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/sitrep_fuzz_lexbuild_XXXXXX");
    if (!mkdtemp(dir)) abort();
    const char *sub[] = {"actors", "actions", "lexicon"};
    for (int k = 0; k < 3; k++) {
      char p[128];
      snprintf(p, sizeof p, "%s/%s", dir, sub[k]);
      if (mkdir(p, 0700)) abort();
    }
  }
  if (size > (256u << 10)) return 0;
  const uint8_t *p = data, *end = data + size;
  char path[160];
  for (int k = 0; k < NFILES; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, FILES[k]);
    unlink(path);
  }
  for (int k = 0; k < NFILES && p <= end; k++) {
    const uint8_t *cut = NULL;
    for (const uint8_t *q = p; q + 4 <= end; q++)
      if (memcmp(q, "#--\n", 4) == 0 && (q == data || q[-1] == '\n')) {
        cut = q;
        break;
      }
    const uint8_t *stop = cut ? cut : end;
    snprintf(path, sizeof path, "%s/%s", dir, FILES[k]);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(p, 1, (size_t)(stop - p), f);
    fclose(f);
    if (!cut) break;
    p = cut + 4;
  }
  sr_lex_build_opts o = {"no-such-taglex.js", "no-such-wordnet", 0};
  void *img = NULL;
  size_t len = 0;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_lex_build_mem_ex(dir, &o, &img, &len, &err);
  if (rc) {
    if (!err.msg[0]) abort(); /* a failure always says why */
    return 0;
  }
  sr_lex *lx = NULL;
  if (sr_lex_open_mem(&lx, img, len, &err)) {
    fprintf(stderr, "a freshly compiled image does not open: %s\n", err.msg);
    abort();
  }
  use(lx, data, size);
  sr_lex_close(lx);
  return 0;
}
