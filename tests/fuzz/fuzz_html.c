/* fuzz_html.c - libFuzzer: sr_html_to_text on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sitrep/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *out = NULL, *title = NULL;
  size_t len = 0;
  if (sr_html_to_text((const char *)data, size, &out, &len, &title, NULL) == 0) {
    if (!out || strlen(out) != len) abort();
  }
  free(out);
  free(title);
  return 0;
}
