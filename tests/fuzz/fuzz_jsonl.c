/* fuzz_jsonl.c - libFuzzer: the readers through sr_read_buffer. The first
 * byte picks the format (jsonl, rss, html, text, auto). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/io.h"

static int on_doc(const sr_input_doc *d, void *p) {
  (void)p;
  if (!d->id || !d->text || strlen(d->text) != d->len) abort();
  if (d->date && strlen(d->date) != 10) abort();
  return 0;
}
static void on_err(const sr_error *e, void *p) {
  (void)p;
  if (e->code >= 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const sr_format fmts[] = {SR_FMT_JSONL, SR_FMT_RSS, SR_FMT_HTML, SR_FMT_TEXT,
                                   SR_FMT_AUTO};
  sr_read_opts o = {fmts[data[0] % 5], "2020-01-01"};
  sr_read_stats st = {0};
  sr_read_buffer("fuzz", (const char *)data + 1, size - 1, &o, on_doc, on_err, NULL, &st);
  return 0;
}
