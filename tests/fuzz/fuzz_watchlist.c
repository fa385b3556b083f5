/* fuzz_watchlist.c - libFuzzer: the inputs `sitrep watch` takes from others: a watch list
 * (sr_source_list_parse) and response header lines (sr_fetch_header); checks that every
 * source kept is an http(s) URL with a host within the caps, and that the validators kept
 * from headers are short and free of control characters (they go back in requests). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitrep/feed.h"

static void no_err(const sr_error *e, void *ud) {
  (void)e;
  (void)ud;
}

static void check_clean(const char *s, size_t cap) {
  size_t n = strnlen(s, cap);
  if (n >= cap) abort();
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *p = (const char *)data;
  sr_source_list l;
  sr_error err;
  if (sr_source_list_parse("fuzz.list", p, size, &l, no_err, NULL, &err) == 0) {
    for (size_t i = 0; i < l.n; i++) {
      const char *u = l.v[i].url;
      char host[256];
      if (strlen(u) > SR_FEED_MAX_URL) abort();
      if (strncasecmp(u, "http://", 7) && strncasecmp(u, "https://", 8)) abort();
      if (sr_url_host(u, host, sizeof host) != 0) abort();
    }
    sr_source_list_free(&l);
  }
  /* the same bytes as response header lines */
  sr_fetch_result r;
  memset(&r, 0, sizeof r);
  const char *s = p, *end = p + size;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl + 1 : end;
    sr_fetch_header(&r, s, (size_t)(le - s));
    s = le;
  }
  check_clean(r.etag, sizeof r.etag);
  check_clean(r.last_modified, sizeof r.last_modified);
  check_clean(r.content_type, sizeof r.content_type);
  if (r.retry_after < 0 || r.retry_after > 86400) abort();
  sr_feed_info info;
  memset(&info, 0, sizeof info);
  memcpy(info.etag, r.etag, sizeof info.etag);
  memcpy(info.last_modified, r.last_modified, sizeof info.last_modified);
  char cond[2][320];
  int n = sr_fetch_cond_headers(&info, cond);
  for (int i = 0; i < n; i++) check_clean(cond[i], sizeof cond[i]);
  return 0;
}
