/* src/serve/route.c - one request without sockets (see serve_internal.h):
 * the Host check of loopback servers, CORS, the request target and its query
 * string, routing to the API handlers and the embedded assets, the cache.
 *
 * Paths are matched exactly against the API routes and the fixed table of
 * embedded assets, so no path can name a file: there is no document root.
 * The target is taken as the client sent it; no route or asset needs a
 * %-escape, a dot segment or a backslash, so "/api/../x", "/%2e%2e/", "%2f"
 * and "%00" are refused rather than quietly rewritten.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "store_internal.h"

int sv_error(sv_req *r, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sr_buf *b = &r->w->out;
  sr_buf_clear(b);
  sr_buf_append(b, "{\"error\":", 9);
  sr_buf_json_str(b, msg, strlen(msg));
  sr_buf_append(b, "}\n", 2);
  r->status = status;
  r->mime = "application/json";
  r->cacheable = 0;
  r->ext_body = 0;
  r->blob = NULL;
  return status;
}

const char *sv_param_get(sv_req *r, const char *key) {
  for (int i = 0; i < r->nparams; i++)
    if (strcmp(r->params[i].key, key) == 0) {
      r->params[i].used = 1;
      return r->params[i].val;
    }
  return NULL;
}

int sv_check_unused(sv_req *r) {
  for (int i = 0; i < r->nparams; i++)
    if (!r->params[i].used) return sv_error(r, 400, "unknown parameter '%.64s'", r->params[i].key);
  return 0;
}

const void *sv_answer_body(const sv_req *r, size_t *len) {
  if (r->ext_body) {
    *len = r->body_len;
    return r->body;
  }
  *len = r->w->out.len;
  return r->w->out.data ? r->w->out.data : "";
}

const char *sv_reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 421:
      return "Misdirected Request";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

/* ---- the query string */

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decode s[0..e) (%-escapes, '+') to *out, NUL-terminated; advances *out.
 * 0, or a 400 answer (at = offset of s in the query, for the message). */
static int decode_part(sv_req *r, const char *s, const char *e, char **out, long at) {
  char *o = *out;
  for (const char *c = s; c < e; c++) {
    int ch = (unsigned char)*c;
    if (ch == '+') {
      ch = ' ';
    } else if (ch == '%') {
      int hi = c + 1 < e ? hexval(c[1]) : -1, lo = c + 2 < e ? hexval(c[2]) : -1;
      if (hi < 0 || lo < 0)
        return sv_error(r, 400, "malformed query string: bad %%-escape at byte %ld",
                        at + (long)(c - s) + 1);
      ch = hi << 4 | lo;
      c += 2;
      if (ch == 0)
        return sv_error(r, 400, "malformed query string: %%00 at byte %ld", at + (long)(c - s) - 1);
    }
    *o++ = (char)ch;
  }
  *o++ = 0;
  *out = o;
  return 0;
}

/* Split and decode the query string into r->params. 0, or a 400 answer. */
static int parse_query(sv_req *r, const char *qs) {
  r->nparams = 0;
  if (!qs || !*qs) return 0;
  size_t n = strlen(qs);
  if (n > SV_MAX_QUERY) return sv_error(r, 400, "query string longer than %d bytes", SV_MAX_QUERY);
  char *out = r->pbuf;
  const char *p = qs, *end = qs + n;
  while (p < end) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    if (!amp) amp = end;
    if (amp == p) { /* "a=1&&b=2": tolerate empty pieces */
      p++;
      continue;
    }
    if (r->nparams == SV_MAX_PARAMS)
      return sv_error(r, 400, "more than %d query parameters", SV_MAX_PARAMS);
    const char *eq = memchr(p, '=', (size_t)(amp - p));
    const char *kend = eq ? eq : amp, *vbeg = eq ? eq + 1 : amp;
    sv_param *pa = &r->params[r->nparams];
    pa->key = out;
    if (decode_part(r, p, kend, &out, (long)(p - qs))) return r->status;
    pa->val = out;
    if (decode_part(r, vbeg, amp, &out, (long)(vbeg - qs))) return r->status;
    if (strlen(pa->val) > SV_MAX_VALUE)
      return sv_error(r, 400, "parameter '%.64s' longer than %d bytes", pa->key, SV_MAX_VALUE);
    for (int i = 0; i < r->nparams; i++)
      if (strcmp(r->params[i].key, pa->key) == 0)
        return sv_error(r, 400, "parameter '%.64s' given twice", pa->key);
    pa->used = 0;
    r->nparams++;
    p = amp + 1;
  }
  return 0;
}

/* ---- Host */

/* 1 when s[0..n) is a dotted quad 127.x.x.x (decimal, each part 0..255). */
static int is_loopback_v4(const char *s, size_t n) {
  int part = 0, digits = 0, val = 0, first = -1;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '.') {
      if (!digits || val > 255) return 0;
      if (part == 0) first = val;
      part++;
      digits = val = 0;
    } else if (isdigit((unsigned char)s[i]) && digits < 3) {
      val = val * 10 + (s[i] - '0');
      digits++;
    } else {
      return 0;
    }
  }
  return part == 4 && first == 127;
}

int sv_host_is_loopback(const char *host) {
  if (!host) return 0;
  size_t n = strnlen(host, SV_MAX_HEADER + 1);
  if (n == 0 || n > SV_MAX_HEADER) return 0;
  const char *name = host, *port = NULL;
  size_t nlen;
  if (host[0] == '[') {
    const char *close = memchr(host, ']', n);
    if (!close) return 0;
    name = host + 1;
    nlen = (size_t)(close - name);
    if (close[1] == ':')
      port = close + 2;
    else if (close[1])
      return 0;
    if (nlen != 3 || strncmp(name, "::1", 3) != 0) return 0;
  } else {
    const char *colon = memchr(host, ':', n);
    nlen = colon ? (size_t)(colon - host) : n;
    if (colon) port = colon + 1;
    if (!((nlen == 9 && strncasecmp(name, "localhost", 9) == 0) || is_loopback_v4(name, nlen)))
      return 0;
  }
  if (port) {
    size_t pl = strlen(port);
    if (pl == 0 || pl > 5 || strspn(port, "0123456789") != pl) return 0;
  }
  return 1;
}

/* ---- routing */

static int route_get(sv_req *r) {
  const char *p = r->path;
  if (strcmp(p, "/api/events") == 0) return sv_api_events(r, 0);
  if (strcmp(p, "/api/events.geojson") == 0) return sv_api_events(r, 1);
  if (strncmp(p, "/api/events/", 12) == 0) return sv_api_event(r, p + 12);
  if (strcmp(p, "/api/situation") == 0) return sv_api_situation(r, 0);
  if (strcmp(p, "/api/situation.geojson") == 0) return sv_api_situation(r, 1);
  if (strcmp(p, "/api/actors") == 0) return sv_api_actors(r);
  if (strcmp(p, "/api/places") == 0) return sv_api_places(r);
  if (strcmp(p, "/api/stats") == 0) return sv_api_stats(r);
  if (strncmp(p, "/api/map/", 9) == 0) return sv_api_map(r, p + 9); /* issue 12: api_map.c */
  return sv_error(r, 404, "not found: %.200s", p);
}

static int is_api_get(const char *p) {
  return strcmp(p, "/api/events") == 0 || strcmp(p, "/api/events.geojson") == 0 ||
         strncmp(p, "/api/events/", 12) == 0 || strcmp(p, "/api/situation") == 0 ||
         strcmp(p, "/api/situation.geojson") == 0 || strcmp(p, "/api/actors") == 0 ||
         strcmp(p, "/api/places") == 0 || strcmp(p, "/api/stats") == 0 ||
         strcmp(p, "/api/map/places") == 0 || strcmp(p, "/api/map/grid") == 0;
}

/* GET/HEAD /api/...: from the worker's cache, or the handler (then cached). */
static int api_get(sv_req *r) {
  if (parse_query(r, r->query)) return r->status;
  sv_worker *w = r->w;
  char key[SV_MAX_PATH + SV_MAX_QUERY + 4];
  snprintf(key, sizeof key, "%s?%s", r->path, r->query ? r->query : "");
  if (!sv_store(r)) return r->status;
  /* the store version, checked once for the request (answers and counts) */
  long long v = sr_store_reads_begin(w->st);
  if (v < 0 || v != w->seen_version) {
    sv_cache_drop_all(w);
    w->seen_version = v;
  }
  sv_cache_entry *e = sv_cache_find(w, key);
  if (e) {
    r->status = e->status;
    r->mime = e->mime;
    r->blob = e->blob;
    r->body = e->blob->data;
    r->body_len = e->len;
    r->ext_body = r->cached = 1;
    return r->status;
  }
  r->cacheable = 1;
  route_get(r);
  sr_store_reads_end(w->st);
  if (r->cacheable && (r->status == 200 || r->status == 400 || r->status == 404))
    sv_cache_put(w, key, r);
  return r->status;
}

/* POST /api/documents up to the body: method, writes enabled, token, query. */
static int documents(sv_req *r, const sv_in *in) {
  sr_server *s = r->srv;
  r->allow = "POST";
  if (strcmp(r->method, "POST") != 0)
    return sv_error(r, 405, "method %.16s not allowed on %s; use POST", r->method, r->path);
  if (!s->token)
    return sv_error(r, 403, "writes are disabled: start sitrep serve with --write-token FILE");
  const char *tok = in->auth && strncmp(in->auth, "Bearer ", 7) == 0 ? in->auth + 7 : NULL;
  if (!tok) return sv_error(r, 401, "missing token: send 'Authorization: Bearer TOKEN'");
  if (!sr_serve_token_equal(tok, strlen(tok), s->token, s->token_len))
    return sv_error(r, 401, "wrong token");
  if (parse_query(r, r->query) || sv_check_unused(r)) return r->status;
  if (in->content_length >= 0 && (unsigned long long)in->content_length > s->max_body)
    return sv_error(r, 413, "request body of %lld bytes is over the limit of %zu bytes",
                    in->content_length, s->max_body);
  return SV_BODY_NEEDED;
}

/* CORS preflight (only with --cors): headers for the configured origin only. */
static int preflight(sv_req *r, const sv_in *in) {
  const char *allowed = r->srv->cors;
  if (in->origin && strcmp(in->origin, allowed) != 0) {
    r->cors = SV_CORS_NONE;
    return sv_error(r, 403, "CORS: origin '%.100s' is not allowed", in->origin);
  }
  r->cors = SV_CORS_PREFLIGHT;
  return r->status = 204;
}

/* Copy the target into r and split it; 0, or a 400/404 answer. */
static int take_target(sv_req *r, const char *target) {
  size_t n = target ? strlen(target) : 0;
  const char *q = target ? memchr(target, '?', n) : NULL;
  size_t plen = q ? (size_t)(q - target) : n;
  if (plen > SV_MAX_PATH)
    return sv_error(r, 404, "not found: path longer than %d bytes", SV_MAX_PATH);
  if (q && n - plen - 1 > SV_MAX_QUERY)
    return sv_error(r, 400, "query string longer than %d bytes", SV_MAX_QUERY);
  memcpy(r->target, target ? target : "", n + 1);
  r->path = r->target;
  if (q) {
    r->target[plen] = 0;
    r->query = r->target + plen + 1;
  }
  if (r->path[0] != '/' || strstr(r->path, "..") || strpbrk(r->path, "%\\"))
    return sv_error(r, 404, "not found: %.200s", r->path);
  return 0;
}

/* sv_begin's work: returns SV_BODY_NEEDED or the answer's status. */
static int begin(sv_req *r, sr_server *s, sv_worker *w, const sv_in *in) {
  memset(r, 0, sizeof *r); /* ~14 KB: cheap beside any answer */
  r->srv = s;
  r->w = w;
  r->method = in->method ? in->method : "";
  r->status = 200;
  r->mime = "application/json";
  r->cors = s->cors ? SV_CORS_ORIGIN : SV_CORS_NONE;
  sr_buf_clear(&w->out);
  r->path = "";
  if (s->loopback && in->host && !sv_host_is_loopback(in->host)) {
    r->cors = SV_CORS_NONE;
    return sv_error(r, 421,
                    "Host '%.100s' refused: this server listens on a loopback address and "
                    "answers only Host localhost, 127.x.x.x or [::1]",
                    in->host);
  }
  if (!in->target)
    return sv_error(r, 400, "request target longer than %d bytes", SV_MAX_PATH + SV_MAX_QUERY + 1);
  if (take_target(r, in->target)) return r->status;
  int head = strcmp(r->method, "HEAD") == 0, get = head || strcmp(r->method, "GET") == 0;
  if (strcmp(r->method, "OPTIONS") == 0 && s->cors) return preflight(r, in);
  if (strcmp(r->path, "/api/documents") == 0) return documents(r, in);
  if (strncmp(r->path, "/api/", 5) == 0) {
    if (get) return api_get(r);
    r->allow = is_api_get(r->path) ? "GET, HEAD" : NULL;
    if (r->allow)
      return sv_error(r, 405, "method %.16s not allowed on %s; use GET", r->method, r->path);
    return sv_error(r, 404, "not found: %.200s", r->path);
  }
  const sr_web_asset *asset = sr_web_asset_find(r->path);
  if (!asset) return sv_error(r, 404, "not found: %.200s", r->path);
  if (!get) {
    r->allow = "GET, HEAD";
    return sv_error(r, 405, "method %.16s not allowed on %s; use GET", r->method, r->path);
  }
  if (r->query && *r->query) return sv_error(r, 400, "static files take no parameters");
  r->mime = asset->mime;
  r->body = asset->data;
  r->body_len = asset->len;
  r->ext_body = 1;
  return r->status = 200;
}

int sv_begin(sv_req *r, sr_server *s, sv_worker *w, const sv_in *in) {
  return begin(r, s, w, in) == SV_BODY_NEEDED ? SV_BODY_NEEDED : 0;
}

/* ---- request bodies */

void sv_body_add(sv_body *b, size_t max, const char *data, size_t n) {
  if (b->too_large) return;
  if (n > max - b->len) {
    sv_body_free(b);
    b->too_large = 1;
    return;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + n + 1) cap *= 2;
    if (cap > max + 1) cap = max + 1;
    char *nb = realloc(b->buf, cap);
    if (!nb) { /* answered as 413: the body could not be held */
      sv_body_free(b);
      b->too_large = 1;
      return;
    }
    b->buf = nb;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, data, n);
  b->len += n;
  b->buf[b->len] = 0;
}

void sv_body_free(sv_body *b) {
  free(b->buf);
  b->buf = NULL;
  b->len = b->cap = 0;
}

int sv_body_done(sv_req *r, const sv_body *b) {
  if (b->too_large)
    return sv_error(r, 413, "request body over the limit of %zu bytes", r->srv->max_body);
  return sv_api_documents(r, b->buf ? b->buf : "", b->len);
}
