/* fuzz_http.c - libFuzzer: one HTTP request through the server's socket-free
 * layer (src/serve/route.c: Host check, CORS, request target, query string,
 * routing, the API handlers and the answer cache) on a small real store.
 *
 * Input: byte 0 = flags (bit 0: loopback bind, bit 1: --cors on, bit 2: the
 * transport found the target too long and passes none), then
 * newline-separated fields: method, request target, Host, Origin,
 * Authorization (a missing field is an absent header). A POST that gets as
 * far as its body is given an empty one. Checks fuzz_serve_check's answer
 * invariants, that a loopback server never answers a foreign Host except with
 * 421, and that no Access-Control header is promised without --cors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_serve.h"

#define FIELDS 5
#define FIELD_MAX (SV_MAX_PATH + SV_MAX_QUERY + 64) /* bytes kept of one field */

static fuzz_serve g;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || !fuzz_serve_setup(&g, "fuzz_http")) return 0;
  sr_server *s = g.srv;
  s->loopback = data[0] & 1;
  s->cors = (data[0] & 2) ? g.cors : NULL;
  static char field[FIELDS][FIELD_MAX + 1];
  const char *f[FIELDS] = {NULL};
  size_t i = 1;
  for (int k = 0; k < FIELDS && i <= size; k++) {
    const uint8_t *nl = memchr(data + i, '\n', size - i);
    size_t n = nl ? (size_t)(nl - (data + i)) : size - i;
    size_t keep = n > FIELD_MAX ? FIELD_MAX : n;
    memcpy(field[k], data + i, keep);
    field[k][keep] = 0;
    f[k] = field[k];
    i += n + 1;
    if (!nl) break;
  }
  sv_in in = {.method = f[0] ? f[0] : "GET",
              .target = (data[0] & 4) ? NULL
                        : f[1]        ? f[1]
                                      : "/",
              .host = f[2],
              .origin = f[3],
              .auth = f[4],
              .content_length = -1};
  int rc = sv_begin(g.r, s, g.w, &in);
  if (rc == SV_BODY_NEEDED) {
    sv_body b = {0};
    sv_body_done(g.r, &b);
  }
  fuzz_serve_check(g.r);
  if (s->loopback && in.host && !sv_host_is_loopback(in.host) && g.r->status != 421) abort();
  if (!s->cors && g.r->cors != SV_CORS_NONE) abort();
  if (g.r->status == 204 && g.r->cors != SV_CORS_PREFLIGHT) abort();
  s->cors = NULL;
  return 0;
}
