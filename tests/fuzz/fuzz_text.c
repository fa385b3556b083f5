/* fuzz_text.c - libFuzzer: sr_utf8_clean + sr_text_analyze + sr_fold on
 * arbitrary bytes; checks token/sentence invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static sr_arena *a;
  if (!a) a = sr_arena_new(256u << 20);
  sr_arena_reset(a);
  char *clean;
  size_t len;
  if (sr_utf8_clean(a, (const char *)data, size, &clean, &len, NULL, NULL) != 0) return 0;
  sr_text t;
  sr_text_analyze(&t, a, clean, len, NULL);
  for (uint32_t i = 0; i < t.ntok; i++) {
    const sr_token *k = &t.tok[i];
    if (k->off + k->len > len || k->len == 0) abort();
    if (k->foff + k->flen >= t.fold_len + 1) abort();
    if (t.fold[k->foff + k->flen] != 0) abort();
    if (i && k->off < t.tok[i - 1].off + t.tok[i - 1].len) abort();
  }
  uint32_t prev = 0;
  for (uint32_t s = 0; s < t.nsent; s++) {
    const sr_sentence *x = &t.sent[s];
    if (x->tok_begin != prev || x->tok_end <= x->tok_begin || x->tok_end > t.ntok) abort();
    if (x->tok_end - x->tok_begin > SR_TEXT_MAX_SENT_TOKENS) abort();
    if (x->off + x->len > len) abort();
    prev = x->tok_end;
  }
  if (prev != t.ntok) abort();
  char out[64];
  size_t need = sr_fold((const char *)data, size, out, sizeof out);
  if (need < sizeof out && !memchr(data, 0, size) && strlen(out) != need) abort();
  return 0;
}
