/* fuzz_http_post.c - libFuzzer: POST /api/documents bodies through the
 * server's socket-free layer: collected piece by piece (sv_body_add, as the
 * event loop does), then parsed as a JSON object or JSONL, coded and stored
 * (src/serve/write.c) in a real store with a 64 KiB body limit.
 *
 * Input: byte 0 = flags (bit 0: send Content-Length; bits 1-7: piece size
 * 1..127 bytes), the rest is the body. Checks the answer invariants of
 * fuzz_serve_check and that a 200 reports at least one document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_serve.h"

static fuzz_serve g;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || !fuzz_serve_setup(&g, "fuzz_http_post")) return 0;
  const char *body = (const char *)data + 1;
  size_t len = size - 1, piece = (size_t)(data[0] >> 1) + 1;
  sv_in in = {.method = "POST",
              .target = "/api/documents",
              .host = "127.0.0.1",
              .auth = "Bearer " FUZZ_TOKEN,
              .content_length = (data[0] & 1) ? (long long)len : -1};
  g.srv->loopback = 1;
  int rc = sv_begin(g.r, g.srv, g.w, &in);
  if (in.content_length > (long long)g.srv->max_body) { /* refused before any byte is read */
    if (rc != 0 || g.r->status != 413) abort();
    return 0;
  }
  if (rc != SV_BODY_NEEDED) abort();
  sv_body b = {0};
  for (size_t off = 0; off < len; off += piece)
    sv_body_add(&b, g.srv->max_body, body + off, len - off < piece ? len - off : piece);
  if (!b.too_large && (b.len != len || (len && memcmp(b.buf, body, len) != 0))) abort();
  sv_body_done(g.r, &b);
  sv_body_free(&b);
  fuzz_serve_check(g.r);
  if (g.r->status == 200) {
    size_t n;
    const char *a = sv_answer_body(g.r, &n);
    if (n < 15 || memcmp(a, "{\"documents\":", 13) != 0 || a[13] == '0') abort();
  }
  return 0;
}
