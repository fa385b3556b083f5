/* fuzz_parse.c - libFuzzer: arbitrary bytes through sr_utf8_clean and the syntactic layer
 * (sr_doc_parse: tags, chunks, clauses, relations and the parse printout) with the real
 * lexicon image from $SITREP_LEXICON. Without $SITREP_LEXICON every input is skipped.
 * Checks that the printout is text with one "# N:" header per sentence. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/sitrep.h"
#include "sitrep/text.h"
#include "fuzz_ctx.h"

static fuzz_ctx g;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!fuzz_ctx_setup(&g, "fuzz_parse")) return 0;
  sr_arena_reset(g.arena);
  char *clean;
  size_t len;
  if (sr_utf8_clean(g.arena, (const char *)data, size, &clean, &len, NULL, NULL) != 0) return 0;
  sr_error err;
  sr_buf b;
  sr_buf_init(&b, 1u << 26);
  if (sr_doc_parse(g.doc, clean, len, &b, &err) == 0 && b.len) {
    if (memcmp(b.data, "# 1: ", 5) != 0) abort();
    if (memchr(b.data, 0, b.len)) abort();
  }
  sr_buf_free(&b);
  return 0;
}
