/* fuzz_code.c - libFuzzer: arbitrary bytes through sr_utf8_clean and the
 * whole coder (sr_doc_code) with the real lexicon image from
 * $SITREP_LEXICON (no gazetteer). Without $SITREP_LEXICON every input is
 * skipped. Checks that events point inside the document and that each one
 * serialises to a single JSON line. */
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
    fprintf(stderr, "fuzz_code: SITREP_LEXICON not set, skipping every input\n");
    g_skip = 1;
    return 0;
  }
  sr_ctx_opts o = {lex, NULL, 1};
  sr_error err;
  if (sr_ctx_open(&g_ctx, &o, &err)) {
    fprintf(stderr, "fuzz_code: %s\n", err.msg);
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
  if (sr_doc_code(g_doc, "fuzz", "2020-01-01", clean, len, &err) != 0) return 0;
  sr_buf b;
  sr_buf_init(&b, 1u << 24);
  for (size_t i = 0; i < sr_doc_nevents(g_doc); i++) {
    const sr_event *e = sr_doc_event(g_doc, i);
    if (!e) abort();
    if ((size_t)e->text_off + e->text_len > len) abort();
    if (e->cameo[0] == 0 || memchr(e->cameo, 0, sizeof e->cameo) == NULL) abort();
    sr_buf_clear(&b);
    if (sr_event_write_json(e, "fuzz", &b) == 0) {
      if (!b.len || b.data[b.len - 1] != '\n' || memchr(b.data, '\n', b.len) != b.data + b.len - 1)
        abort();
    }
  }
  sr_buf_free(&b);
  return 0;
}
