/* src/feed/fetch.c - one capped conditional GET with libcurl (see sitrep/feed.h). */
#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitrep/feed.h"
#include "sitrep/sitrep.h"

#define MAX_REDIRS_CAP 20

static pthread_once_t g_curl_once = PTHREAD_ONCE_INIT;
static void curl_setup(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

void sr_fetch_result_free(sr_fetch_result *r) {
  if (!r) return;
  sr_buf_free(&r->body);
}

/* value of "Name: value" into dst, trimmed (quotes of an ETag kept: they are part of it) */
static void header_value(const char *v, const char *end, char *dst, size_t cap) {
  while (v < end && (*v == ' ' || *v == '\t')) v++;
  while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t')) end--;
  size_t n = (size_t)(end - v);
  if (n >= cap) { /* an over-long validator is useless (cut, it would never match): drop it */
    dst[0] = 0;
    return;
  }
  memcpy(dst, v, n);
  dst[n] = 0;
  /* no control characters may travel back in a request header */
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)dst[i] < 0x20) {
      dst[0] = 0;
      return;
    }
}

static int name_is(const char *line, size_t len, const char *name) {
  size_t k = strlen(name);
  return len > k && strncasecmp(line, name, k) == 0 && line[k] == ':';
}

void sr_fetch_header(sr_fetch_result *r, const char *line, size_t len) {
  const char *end = line + len;
  if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new response (after a redirect) */
    r->etag[0] = r->last_modified[0] = r->content_type[0] = 0;
    r->retry_after = 0;
    return;
  }
  if (name_is(line, len, "ETag")) header_value(line + 5, end, r->etag, sizeof r->etag);
  else if (name_is(line, len, "Last-Modified"))
    header_value(line + 14, end, r->last_modified, sizeof r->last_modified);
  else if (name_is(line, len, "Content-Type"))
    header_value(line + 13, end, r->content_type, sizeof r->content_type);
  else if (name_is(line, len, "Retry-After")) {
    char v[64];
    header_value(line + 12, end, v, sizeof v);
    char *e;
    long s = strtol(v, &e, 10);
    if (v[0] && !*e && s > 0) r->retry_after = s > 86400 ? 86400 : s; /* HTTP dates are ignored */
  }
}

int sr_fetch_cond_headers(const sr_feed_info *info, char out[2][320]) {
  int n = 0;
  if (!info) return 0;
  if (info->etag[0]) snprintf(out[n++], 320, "If-None-Match: %s", info->etag);
  if (info->last_modified[0]) snprintf(out[n++], 320, "If-Modified-Since: %s", info->last_modified);
  return n;
}

typedef struct fetch_ctx {
  sr_fetch_result *r;
  size_t max;
  int over;
} fetch_ctx;

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  fetch_ctx *c = ud;
  size_t k = size * n;
  if (c->r->body.len + k > c->max) {
    c->over = 1;
    return 0; /* abort the transfer */
  }
  return sr_buf_append(&c->r->body, p, k) ? 0 : k;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  fetch_ctx *c = ud;
  sr_fetch_header(c->r, p, size * n);
  return size * n;
}

static void human_bytes(size_t n, char *out, size_t cap) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) snprintf(out, cap, "%zu MiB", n >> 20);
  else if (n >= 1024 && n % 1024 == 0) snprintf(out, cap, "%zu KiB", n >> 10);
  else snprintf(out, cap, "%zu bytes", n);
}

/* One transfer: the easy handle and everything it points to. */
typedef struct xfer {
  CURL *h;
  struct curl_slist *hl;
  fetch_ctx c;
  sr_fetch_result r;
  char ebuf[CURL_ERROR_SIZE];
  long timeout;
  int redirs;
  void *tag;
} xfer;

static void xfer_free(xfer *x) {
  if (!x) return;
  curl_slist_free_all(x->hl);
  if (x->h) curl_easy_cleanup(x->h);
  sr_fetch_result_free(&x->r);
  free(x);
}

static xfer *xfer_new(const char *url, const sr_feed_info *info, const sr_fetch_opts *o, sr_error *err) {
  pthread_once(&g_curl_once, curl_setup);
  sr_fetch_opts def = {0};
  if (!o) o = &def;
  xfer *x = calloc(1, sizeof *x);
  if (!x || !(x->h = curl_easy_init())) {
    free(x);
    sr_error_set(err, SR_ENOMEM, "out of memory (curl)");
    return NULL;
  }
  x->c.r = &x->r;
  x->c.max = o->max_bytes ? o->max_bytes : SR_FEED_MAX_BYTES_DEFAULT;
  sr_buf_init(&x->r.body, x->c.max + 1);
  x->timeout = o->timeout_ms > 0 ? o->timeout_ms : 30000;
  long ctimeout = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
  x->redirs = o->max_redirs == 0 ? SR_FEED_MAX_REDIRS : o->max_redirs < 0 ? 0 : o->max_redirs;
  if (x->redirs > MAX_REDIRS_CAP) x->redirs = MAX_REDIRS_CAP;
  char cond[2][320];
  int nc = sr_fetch_cond_headers(info, cond);
  for (int i = 0; i < nc; i++) x->hl = curl_slist_append(x->hl, cond[i]);
  x->hl = curl_slist_append(x->hl, "Accept: application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                                   "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
  CURL *h = x->h;
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hl);
  curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "sitrep/" SITREP_VERSION " (watch)");
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, x->redirs > 0 ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)x->redirs);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, x->timeout);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ctimeout);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->c.max);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* what this libcurl decodes; the cap counts decoded bytes */
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x->c);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &x->c);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->ebuf);
  curl_easy_setopt(h, CURLOPT_PRIVATE, x);
  return x;
}

/* The transfer ended with cr: the result moves to *r (the caller frees it). */
static int xfer_finish(xfer *x, CURLcode cr, sr_fetch_result *r, sr_error *err) {
  long status = 0, nred = 0;
  curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(x->h, CURLINFO_REDIRECT_COUNT, &nred);
  x->r.status = status;
  x->r.redirects = (int)nred;
  int rc = 0;
  char cap[32];
  human_bytes(x->c.max, cap, sizeof cap);
  if (cr == CURLE_OK) {
    rc = 0;
  } else if (x->c.over || cr == CURLE_FILESIZE_EXCEEDED) {
    rc = sr_error_set(err, SR_ELIMIT, "response larger than the %s cap (--max-bytes); not read", cap);
  } else if (cr == CURLE_OPERATION_TIMEDOUT) {
    rc = sr_error_set(err, SR_ELIMIT, "no complete answer within %ld s (--timeout)%s", (x->timeout + 999) / 1000,
                      status ? "" : "; host unreachable or too slow");
  } else if (cr == CURLE_TOO_MANY_REDIRECTS) {
    rc = sr_error_set(err, SR_EIO, "more than %d redirects; not followed", x->redirs);
  } else if (cr == CURLE_UNSUPPORTED_PROTOCOL) {
    rc = sr_error_set(err, SR_EIO, "redirected to a scheme other than http/https; not followed");
  } else {
    rc = sr_error_set(err, SR_EIO, "%s", x->ebuf[0] ? x->ebuf : curl_easy_strerror(cr));
  }
  *r = x->r;
  memset(&x->r, 0, sizeof x->r);
  return rc;
}

int sr_fetch(const char *url, const sr_feed_info *info, const sr_fetch_opts *o, sr_fetch_result *r,
             sr_error *err) {
  memset(r, 0, sizeof *r);
  xfer *x = xfer_new(url, info, o, err);
  if (!x) return SR_ENOMEM;
  int rc = xfer_finish(x, curl_easy_perform(x->h), r, err);
  xfer_free(x);
  return rc;
}

/* ---- several transfers at once (curl multi) */
struct sr_fetcher {
  CURLM *m;
  int max, running;
  xfer *live[SR_FETCH_MAX_PARALLEL]; /* the running transfers */
};

sr_fetcher *sr_fetcher_new(int max) {
  pthread_once(&g_curl_once, curl_setup);
  sr_fetcher *f = calloc(1, sizeof *f);
  if (!f || !(f->m = curl_multi_init())) {
    free(f);
    return NULL;
  }
  f->max = max < 1 ? 1 : max > SR_FETCH_MAX_PARALLEL ? SR_FETCH_MAX_PARALLEL : max;
  return f;
}

static void live_drop(sr_fetcher *f, xfer *x) {
  for (int i = 0; i < SR_FETCH_MAX_PARALLEL; i++)
    if (f->live[i] == x) f->live[i] = NULL;
}

void sr_fetcher_free(sr_fetcher *f) {
  if (!f) return;
  for (int i = 0; i < SR_FETCH_MAX_PARALLEL; i++) {
    if (!f->live[i]) continue;
    curl_multi_remove_handle(f->m, f->live[i]->h);
    xfer_free(f->live[i]);
  }
  curl_multi_cleanup(f->m);
  free(f);
}

int sr_fetcher_running(const sr_fetcher *f) { return f->running; }
int sr_fetcher_room(const sr_fetcher *f) { return f->running < f->max; }

int sr_fetcher_start(sr_fetcher *f, const char *url, const sr_feed_info *info, const sr_fetch_opts *o,
                     void *tag, sr_error *err) {
  if (f->running >= f->max) return sr_error_set(err, SR_ELIMIT, "%d transfers are running already", f->max);
  xfer *x = xfer_new(url, info, o, err);
  if (!x) return SR_ENOMEM;
  x->tag = tag;
  if (curl_multi_add_handle(f->m, x->h) != CURLM_OK) {
    xfer_free(x);
    return sr_error_set(err, SR_ENOMEM, "cannot start the transfer (curl)");
  }
  for (int i = 0; i < SR_FETCH_MAX_PARALLEL; i++)
    if (!f->live[i]) {
      f->live[i] = x;
      break;
    }
  f->running++;
  return 0;
}

int sr_fetcher_wait(sr_fetcher *f, long wait_ms, void **tag, sr_fetch_result *r, int *rc, sr_error *err) {
  memset(r, 0, sizeof *r);
  for (int round = 0; round < 2; round++) {
    int still = 0;
    curl_multi_perform(f->m, &still);
    int q = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(f->m, &q))) {
      if (msg->msg != CURLMSG_DONE) continue;
      xfer *x = NULL;
      CURL *h = msg->easy_handle;
      CURLcode cr = msg->data.result;
      curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&x);
      curl_multi_remove_handle(f->m, h);
      live_drop(f, x);
      f->running--;
      *tag = x->tag;
      *rc = xfer_finish(x, cr, r, err);
      xfer_free(x);
      return 1;
    }
    if (round == 0 && wait_ms > 0 && f->running > 0) curl_multi_poll(f->m, NULL, 0, (int)wait_ms, NULL);
  }
  return 0;
}
