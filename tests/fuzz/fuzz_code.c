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
#include "fuzz_ctx.h"

static fuzz_ctx g;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!fuzz_ctx_setup(&g, "fuzz_code")) return 0;
  sr_arena_reset(g.arena);
  char *clean;
  size_t len;
  if (sr_utf8_clean(g.arena, (const char *)data, size, &clean, &len, NULL, NULL) != 0) return 0;
  sr_error err;
  if (sr_doc_code(g.doc, "fuzz", "2020-01-01", clean, len, &err) != 0) return 0;
  sr_buf b;
  sr_buf_init(&b, 1u << 24);
  for (size_t i = 0; i < sr_doc_nevents(g.doc); i++) {
    const sr_event *e = sr_doc_event(g.doc, i);
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
