/* src/serve/server.c - the civetweb server: start/stop, per-thread state,
 * routing, parameters, the answer cache, and writing answers (see serve.h).
 *
 * Every request goes through one handler (route). Paths are matched exactly
 * against the API routes and the fixed table of embedded assets, so no path
 * can name a file: there is no document root at all.
 */
#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve_internal.h"
#include "store_internal.h"

/* ---- thread stacks
 * Debian's civetweb 1.15 creates every thread with a fixed 100 KiB stack
 * (pthread_attr_setstacksize(attr, 102400); no option changes it), and
 * coding a POSTed document (clause analysis, the gazetteer's key buffers)
 * needs more than 100 KiB of stack. This definition takes the place of libc's for
 * the whole process (the executable's symbol comes first in the dynamic
 * lookup order) and only ever raises a requested size to SV_MIN_STACK. */
#include <dlfcn.h>
#define SV_MIN_STACK ((size_t)2 << 20)
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size) {
  typedef int (*setstack_fn)(pthread_attr_t *, size_t);
  static setstack_fn real;
  if (!real) real = (setstack_fn)(uintptr_t)dlsym(RTLD_NEXT, "pthread_attr_setstacksize");
  if (!real) return 0; /* keep the default (8 MiB) stack */
  return real(attr, size < SV_MIN_STACK ? SV_MIN_STACK : size);
}

#define SV_MMAP_SIZE "4294967296" /* bytes of the store each worker maps */

/* ---- small helpers */

int sr_serve_token_equal(const char *a, size_t alen, const char *b, size_t blen) {
  /* walk the whole of b (the secret) whatever a is; fold every difference in */
  volatile unsigned char diff = (unsigned char)(alen != blen);
  for (size_t i = 0; i < blen; i++) {
    unsigned char x = i < alen ? (unsigned char)a[i] : 0;
    diff |= (unsigned char)(x ^ (unsigned char)b[i]);
  }
  return diff == 0;
}

static char *dup_or_null(const char *s) {
  return s ? strdup(s) : NULL;
}

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

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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
    const char *kend = eq ? eq : amp;
    const char *vbeg = eq ? eq + 1 : amp;
    sv_param *pa = &r->params[r->nparams];
    for (int part = 0; part < 2; part++) {
      const char *s = part ? vbeg : p, *e = part ? amp : kend;
      char *dst = out;
      for (const char *c = s; c < e; c++) {
        int ch = (unsigned char)*c;
        if (ch == '+') {
          ch = ' ';
        } else if (ch == '%') {
          int hi = c + 1 < e ? hexval(c[1]) : -1, lo = c + 2 < e ? hexval(c[2]) : -1;
          if (hi < 0 || lo < 0)
            return sv_error(r, 400, "malformed query string: bad %%-escape at byte %ld",
                            (long)(c - qs) + 1);
          ch = hi << 4 | lo;
          c += 2;
          if (ch == 0)
            return sv_error(r, 400, "malformed query string: %%00 at byte %ld", (long)(c - qs) - 1);
        }
        *out++ = (char)ch;
      }
      *out++ = 0;
      if (part == 0)
        pa->key = dst;
      else
        pa->val = dst;
    }
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

/* ---- per-thread state */

static void worker_free(sv_worker *w) {
  if (!w) return;
  for (int i = 0; i < SV_CACHE_SLOTS; i++) {
    free(w->cache[i].key);
    free(w->cache[i].body);
  }
  if (w->data_version) sqlite3_finalize(w->data_version);
  sr_store_close(w->st);
  if (w->doc) sr_doc_free(w->doc);
  sr_buf_free(&w->out);
  free(w);
}

static void *on_thread_start(const struct mg_context *ctx, int thread_type) {
  if (thread_type != 1) return NULL; /* 1 = worker; master and timer threads serve nothing */
  sr_server *s = mg_get_user_data(ctx);
  sv_worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  sr_buf_init(&w->out, SV_MAX_RESPONSE);
  w->seen_version = -1;
  pthread_mutex_lock(&s->workers_lock);
  if (s->nworkers == s->capworkers) {
    size_t cap = s->capworkers ? 2 * s->capworkers : 32;
    sv_worker **nw = realloc(s->workers, cap * sizeof(sv_worker *));
    if (!nw) {
      pthread_mutex_unlock(&s->workers_lock);
      free(w);
      return NULL;
    }
    s->workers = nw;
    s->capworkers = cap;
  }
  s->workers[s->nworkers++] = w;
  pthread_mutex_unlock(&s->workers_lock);
  return w;
}

sr_store *sv_store(sv_req *r) {
  sv_worker *w = r->w;
  if (w->st) return w->st;
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_open(&w->st, r->srv->db_path, SR_STORE_READONLY, &err)) {
    w->st = NULL;
    sv_error(r, 503, "cannot open the store: %s", err.msg[0] ? err.msg : sr_strerror(err.code));
    return NULL;
  }
  /* read the store through one shared mapping rather than a copy of each
   * page in every worker's page cache: measured on a 1M-event store, 30%
   * more uncached answers per second and 40 MB instead of 600 MB of private
   * memory for 8 workers (the mapped pages are the OS's file cache, counted
   * in VmRSS once per worker but resident once). Best effort. */
  sqlite3_exec(w->st->db, "PRAGMA mmap_size=" SV_MMAP_SIZE, NULL, NULL, NULL);
  if (sqlite3_prepare_v2(w->st->db, "PRAGMA data_version", -1, &w->data_version, NULL) != SQLITE_OK)
    w->data_version = NULL;
  return w->st;
}

/* The connection's data_version: changes whenever another connection commits. */
static long long data_version(sv_worker *w) {
  if (!w->data_version) return -2;
  long long v = -2;
  if (sqlite3_step(w->data_version) == SQLITE_ROW) v = sqlite3_column_int64(w->data_version, 0);
  sqlite3_reset(w->data_version);
  return v;
}

static void cache_drop(sv_worker *w, sv_cache_entry *e) {
  w->cache_bytes -= e->len;
  free(e->key);
  free(e->body);
  memset(e, 0, sizeof *e);
}

static void cache_drop_all(sv_worker *w) {
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key) cache_drop(w, &w->cache[i]);
}

static sv_cache_entry *cache_find(sv_worker *w, const char *key) {
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key && strcmp(w->cache[i].key, key) == 0) {
      w->cache[i].used = ++w->clock;
      return &w->cache[i];
    }
  return NULL;
}

/* The least recently used answer, or NULL when none is cached. */
static sv_cache_entry *cache_oldest(sv_worker *w) {
  sv_cache_entry *e = NULL;
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key && (!e || w->cache[i].used < e->used)) e = &w->cache[i];
  return e;
}

/* Keep the answer in w->out, evicting the least recently used answers so the
 * worker never holds more than SV_CACHE_SLOTS answers and SV_CACHE_BYTES. */
static void cache_put(sv_worker *w, const char *key, const sv_req *r) {
  size_t len = w->out.len;
  if (len > SV_CACHE_MAX_BYTES) return;
  sv_cache_entry *e;
  while (w->cache_bytes + len > SV_CACHE_BYTES && (e = cache_oldest(w)) != NULL) cache_drop(w, e);
  e = NULL;
  for (int i = 0; i < SV_CACHE_SLOTS && !e; i++)
    if (!w->cache[i].key) e = &w->cache[i];
  if (!e) {
    e = cache_oldest(w);
    cache_drop(w, e);
  }
  char *k = strdup(key), *b = malloc(len + 1);
  if (!k || !b) {
    free(k);
    free(b);
    return;
  }
  memcpy(b, w->out.data ? w->out.data : "", len);
  e->key = k;
  e->body = b;
  e->len = len;
  e->status = r->status;
  e->mime = r->mime;
  e->used = ++w->clock;
  w->cache_bytes += len;
}

/* ---- writing answers */

static const char *reason(int status) {
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
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

static void send_answer(sv_req *r, int status, const char *mime, const void *body, size_t len,
                        int head_only) {
  struct mg_connection *c = r->conn;
  const sr_server *s = r->srv;
  char hdr[1024];
  int n = snprintf(hdr, sizeof hdr,
                   "HTTP/1.1 %d %s\r\n"
                   "Content-Type: %s\r\n"
                   "Content-Length: %zu\r\n"
                   "Cache-Control: no-store\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "Referrer-Policy: no-referrer\r\n",
                   status, reason(status), mime, len);
  if (strncmp(mime, "text/html", 9) == 0)
    n += snprintf(hdr + n, sizeof hdr - (size_t)n,
                  "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
                  "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'\r\n");
  if (status == 401) n += snprintf(hdr + n, sizeof hdr - (size_t)n, "WWW-Authenticate: Bearer\r\n");
  if (r->allow) n += snprintf(hdr + n, sizeof hdr - (size_t)n, "Allow: %s\r\n", r->allow);
  if (s->cors)
    n += snprintf(hdr + n, sizeof hdr - (size_t)n,
                  "Access-Control-Allow-Origin: %s\r\nVary: Origin\r\n", s->cors);
  if (s->cors && status == 204) /* preflight */
    n += snprintf(hdr + n, sizeof hdr - (size_t)n,
                  "Access-Control-Allow-Methods: GET, HEAD, POST\r\n"
                  "Access-Control-Allow-Headers: Authorization, Content-Type\r\n"
                  "Access-Control-Max-Age: 600\r\n");
  /* after an error the request body may be unread: do not read on */
  if (status >= 400 && status != 404) {
    n += snprintf(hdr + n, sizeof hdr - (size_t)n, "Connection: close\r\n");
    mg_disable_connection_keep_alive(c);
  }
  n += snprintf(hdr + n, sizeof hdr - (size_t)n, "\r\n");
  mg_write(c, hdr, (size_t)n);
  if (!head_only && len) mg_write(c, body, len);
}

/* ---- request bodies */

/* Read the whole body (at most s->max_body bytes) into a malloc'd buffer.
 * Returns 0, or an error answer (413 too large, 400 unreadable). */
static int read_body(sv_req *r, char **out, size_t *outlen) {
  const struct mg_request_info *ri = mg_get_request_info(r->conn);
  size_t max = r->srv->max_body;
  *out = NULL;
  *outlen = 0;
  if (ri->content_length > 0 && (unsigned long long)ri->content_length > max)
    return sv_error(r, 413, "request body of %lld bytes is over the limit of %zu bytes",
                    ri->content_length, max);
  size_t cap = ri->content_length > 0 ? (size_t)ri->content_length + 1 : 65536;
  char *buf = malloc(cap);
  if (!buf) return sv_error(r, 500, "out of memory");
  size_t len = 0;
  for (;;) {
    if (len + 1 >= cap) {
      if (cap > max + 1) {
        free(buf);
        return sv_error(r, 413, "request body over the limit of %zu bytes", max);
      }
      size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
      char *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        return sv_error(r, 500, "out of memory");
      }
      buf = nb;
      cap = ncap;
    }
    int got = mg_read(r->conn, buf + len, cap - 1 - len);
    if (got < 0) {
      free(buf);
      return sv_error(r, 400, "cannot read the request body (timeout or connection error)");
    }
    if (got == 0) break;
    len += (size_t)got;
    if (len > max) {
      free(buf);
      return sv_error(r, 413, "request body over the limit of %zu bytes", max);
    }
  }
  buf[len] = 0;
  *out = buf;
  *outlen = len;
  return 0;
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
  return sv_error(r, 404, "not found: %.200s", p);
}

static int is_api_get(const char *p) {
  return strcmp(p, "/api/events") == 0 || strcmp(p, "/api/events.geojson") == 0 ||
         strncmp(p, "/api/events/", 12) == 0 || strcmp(p, "/api/situation") == 0 ||
         strcmp(p, "/api/situation.geojson") == 0 || strcmp(p, "/api/actors") == 0 ||
         strcmp(p, "/api/places") == 0 || strcmp(p, "/api/stats") == 0;
}

static int handle(struct mg_connection *conn, void *cbdata) {
  sr_server *s = cbdata;
  sv_worker *w = mg_get_thread_pointer(conn);
  const struct mg_request_info *ri = mg_get_request_info(conn);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (!w) {
    mg_send_http_error(conn, 503, "%s", "{\"error\":\"worker state unavailable\"}");
    return 503;
  }
  sv_req *r = calloc(1, sizeof *r); /* ~7 KB: keep it off the worker's stack */
  if (!r) {
    mg_send_http_error(conn, 503, "%s", "{\"error\":\"out of memory\"}");
    return 503;
  }
  r->srv = s;
  r->w = w;
  r->conn = conn;
  r->method = ri->request_method ? ri->request_method : "";
  r->path = ri->local_uri ? ri->local_uri : "";
  r->status = 200;
  r->mime = "application/json";
  sr_buf_clear(&w->out);
  int head = strcmp(r->method, "HEAD") == 0;
  int get = head || strcmp(r->method, "GET") == 0;
  /* civetweb leaves the path encoded (decode_url=no) and the raw path (before
   * it removed dot segments) must be the same path: no route or asset needs
   * a %-escape, a dot segment or a backslash, so "/api/../x", "/%2e%2e/",
   * "%2f" and "%00" are refused rather than quietly rewritten */
  const char *raw = ri->local_uri_raw ? ri->local_uri_raw : r->path;
  const sr_web_asset *asset = NULL;
  char key[SV_MAX_QUERY + 512];
  int cached = 0;

  if (strcmp(raw, r->path) != 0 || strstr(raw, "..") || strpbrk(raw, "%\\")) {
    sv_error(r, 404, "not found: %.200s", raw);
  } else if (strcmp(r->method, "OPTIONS") == 0 && s->cors) {
    r->status = 204; /* CORS preflight */
  } else if (strcmp(r->path, "/api/documents") == 0) {
    r->allow = "POST";
    if (strcmp(r->method, "POST") != 0) {
      sv_error(r, 405, "method %.16s not allowed on %s; use POST", r->method, r->path);
    } else if (!s->token) {
      sv_error(r, 403, "writes are disabled: start sitrep serve with --write-token FILE");
    } else {
      const char *auth = mg_get_header(conn, "Authorization");
      const char *tok = auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
      if (!tok) {
        sv_error(r, 401, "missing token: send 'Authorization: Bearer TOKEN'");
      } else if (!sr_serve_token_equal(tok, strlen(tok), s->token, s->token_len)) {
        sv_error(r, 401, "wrong token");
      } else if (parse_query(r, ri->query_string) == 0 && sv_check_unused(r) == 0) {
        char *body;
        size_t blen;
        if (read_body(r, &body, &blen) == 0) {
          sv_api_documents(r, body, blen);
          free(body);
        }
      }
    }
  } else if (strncmp(r->path, "/api/", 5) == 0) {
    if (!get) {
      r->allow = is_api_get(r->path) ? "GET, HEAD" : NULL;
      if (r->allow)
        sv_error(r, 405, "method %.16s not allowed on %s; use GET", r->method, r->path);
      else
        sv_error(r, 404, "not found: %.200s", r->path);
    } else if (parse_query(r, ri->query_string) == 0) {
      snprintf(key, sizeof key, "%s?%s", r->path, ri->query_string ? ri->query_string : "");
      sr_store *st = sv_store(r);
      if (st) {
        long long v = data_version(w);
        if (v != w->seen_version) {
          cache_drop_all(w);
          w->seen_version = v;
        }
        sv_cache_entry *e = cache_find(w, key);
        if (e) {
          send_answer(r, e->status, e->mime, e->body, e->len, head);
          cached = 1;
          r->status = e->status;
        } else {
          r->cacheable = 1;
          route_get(r);
          if (r->cacheable && (r->status == 200 || r->status == 400 || r->status == 404))
            cache_put(w, key, r);
        }
      }
    }
  } else if ((asset = sr_web_asset_find(r->path)) != NULL) {
    if (!get) {
      r->allow = "GET, HEAD";
      sv_error(r, 405, "method %.16s not allowed on %s; use GET", r->method, r->path);
    } else if (ri->query_string && *ri->query_string) {
      sv_error(r, 400, "static files take no parameters");
    } else {
      send_answer(r, 200, asset->mime, asset->data, asset->len, head);
      cached = 1;
    }
  } else {
    sv_error(r, 404, "not found: %.200s", r->path);
  }
  if (!cached) send_answer(r, r->status, r->mime, w->out.data, w->out.len, head);
  int status = r->status;
  if (s->access_log) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    fprintf(stderr, "sitrep serve: %s %s %.80s%s%.200s %d %.2f ms%s\n", ri->remote_addr, r->method,
            r->path, ri->query_string ? "?" : "", ri->query_string ? ri->query_string : "", status,
            ms, cached ? " (cached)" : "");
  }
  free(r);
  return status;
}

/* civetweb's own errors (malformed request line, header too large, timeout):
 * answer them as JSON too. */
static int on_http_error(struct mg_connection *conn, int status, const char *msg) {
  (void)msg; /* civetweb's text may echo the request; the status says enough */
  char body[64];
  int n = snprintf(body, sizeof body, "{\"error\":\"HTTP %d\"}\n", status);
  mg_printf(conn,
            "HTTP/1.1 %d Error\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "Connection: close\r\n\r\n%s",
            status, n, body);
  return 0; /* handled: civetweb sends nothing more */
}

static int on_log_message(const struct mg_connection *conn, const char *message) {
  (void)conn;
  (void)message;
  return 1; /* quiet: civetweb's internal messages are not for the user */
}

/* ---- start / stop */

/* A port free on addr right now (civetweb cannot listen on port 0): bind to
 * port 0, read the port the kernel chose, close. 0 when none. */
static int free_port(const char *addr) {
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) return 0;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  socklen_t sl = sizeof sa;
  int port = 0;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
      getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
    port = ntohs(sa.sin_port);
  close(fd);
  return port;
}

int sr_serve_start(sr_server **out, const sr_serve_opts *o, sr_error *err) {
  *out = NULL;
  if (!o || !o->db_path || !*o->db_path)
    return sr_error_set(err, SR_EINPUT, "serve: no store given (--db FILE)");
  int threads = o->threads ? o->threads : SR_SERVE_DEFAULT_THREADS;
  if (threads < 1 || threads > SR_SERVE_MAX_THREADS)
    return sr_error_set(err, SR_EINPUT, "--threads %d: use 1..%d", threads, SR_SERVE_MAX_THREADS);
  if (o->port < 0 || o->port > 65535)
    return sr_error_set(err, SR_EINPUT, "--port %d: use 0..65535", o->port);
  const char *bind = o->bind && *o->bind ? o->bind : "127.0.0.1";
  if (strlen(bind) > 64 || strpbrk(bind, ", \t\r\n"))
    return sr_error_set(err, SR_EINPUT, "--bind '%.64s': one IPv4 address", bind);
  if (o->write_token && strlen(o->write_token) < SR_SERVE_MIN_TOKEN)
    return sr_error_set(err, SR_EINPUT, "write token shorter than %d bytes", SR_SERVE_MIN_TOKEN);
  if (o->cors_origin && (strpbrk(o->cors_origin, "\r\n") || strlen(o->cors_origin) > 200))
    return sr_error_set(err, SR_EINPUT, "--cors: one origin such as https://example.org");

  sr_server *s = calloc(1, sizeof *s);
  if (!s) return sr_error_set(err, SR_ENOMEM, "out of memory");
  pthread_mutex_init(&s->write_lock, NULL);
  pthread_mutex_init(&s->workers_lock, NULL);
  s->db_path = strdup(o->db_path);
  s->cors = dup_or_null(o->cors_origin);
  s->token = dup_or_null(o->write_token);
  s->token_len = s->token ? strlen(s->token) : 0;
  s->max_body = o->max_body ? o->max_body : SR_SERVE_MAX_BODY;
  s->access_log = o->access_log;
  int rc = 0;
  if (!s->db_path || (o->cors_origin && !s->cors) || (o->write_token && !s->token)) {
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
    goto fail;
  }
  /* the store must open now, so a typo fails at start rather than per request */
  if (s->token) {
    if ((rc = sr_store_open(&s->writer, s->db_path, SR_STORE_CREATE, err))) goto fail;
  } else {
    sr_store *probe = NULL;
    if ((rc = sr_store_open(&probe, s->db_path, SR_STORE_READONLY, err))) goto fail;
    sr_store_close(probe);
  }
  sr_ctx_opts copts = {.lexicon_path = o->lexicon_path, .gazetteer_path = o->gazetteer_path};
  if (sr_ctx_open(&s->ctx, &copts, err)) {
    /* no gazetteer: actor names and coding still work, /api/places answers 503 */
    copts.no_gazetteer = 1;
    sr_error_clear(err);
    if ((rc = sr_ctx_open(&s->ctx, &copts, err))) goto fail;
  }
  const char *lp = sr_ctx_lexicon_path(s->ctx);
  if (strncmp(lp, "data/ (", 7) == 0) { /* built from data/ in memory by the context */
    void *img;
    size_t len;
    rc = sr_lex_build_mem("data", &img, &len, err);
    if (!rc) rc = sr_lex_open_mem(&s->lex, img, len, err);
  } else {
    rc = sr_lex_open(&s->lex, lp, err);
  }
  if (rc) goto fail;
  const char *gp = sr_ctx_gazetteer_path(s->ctx);
  if (gp && *gp && sr_gaz_open(&s->gaz, gp, NULL)) s->gaz = NULL;

  char ports[96], nthreads[16], timeout[16], ka[16];
  snprintf(nthreads, sizeof nthreads, "%d", threads);
  snprintf(timeout, sizeof timeout, "%d",
           o->request_timeout_ms > 0 ? o->request_timeout_ms : SR_SERVE_TIMEOUT_MS);
  snprintf(ka, sizeof ka, "%d", 5000);
  const char *mgopts[] = {"listening_ports", ports, "num_threads", nthreads, "request_timeout_ms",
                          timeout, "enable_keep_alive", "yes", "keep_alive_timeout_ms", ka,
                          "max_request_size", "16384", /* request line + headers */
                          "enable_directory_listing", "no", "decode_url", "no",
                          /* headers and body are two writes: without this, Nagle's algorithm
                           * and the client's delayed ACK add 40 ms to every keep-alive answer */
                          "tcp_nodelay", "1", NULL};
  struct mg_callbacks cb;
  memset(&cb, 0, sizeof cb);
  cb.init_thread = on_thread_start;
  cb.http_error = on_http_error;
  cb.log_message = on_log_message;
  mg_init_library(0);
  /* with port 0 another process may take the chosen port first: try a few */
  char why[256] = "";
  unsigned code = 0;
  for (int attempt = 0; attempt < (o->port ? 1 : 8) && !s->mg; attempt++) {
    int port = o->port ? o->port : free_port(bind);
    snprintf(ports, sizeof ports, "%s:%d", bind, port);
    struct mg_init_data init = {.callbacks = &cb, .user_data = s, .configuration_options = mgopts};
    struct mg_error_data ed = {.code = &code, .text = why, .text_buffer_size = sizeof why};
    if (port) s->mg = mg_start2(&init, &ed);
  }
  if (!s->mg) {
    rc = sr_error_set(err, SR_EIO, "cannot listen on %s: %s", ports,
                      why[0] ? why : "address in use or not of this machine");
    goto fail;
  }
  mg_set_request_handler(s->mg, "/", handle, s);
  struct mg_server_port sp[4];
  int np = mg_get_server_ports(s->mg, 4, sp);
  s->port = np > 0 ? sp[0].port : o->port;
  *out = s;
  return 0;
fail:
  sr_serve_stop(s);
  return rc ? rc : SR_ERR;
}

int sr_serve_port(const sr_server *s) {
  return s ? s->port : 0;
}

void sr_serve_stop(sr_server *s) {
  if (!s) return;
  if (s->mg) {
    mg_stop(s->mg); /* joins the workers */
    mg_exit_library();
  }
  for (size_t i = 0; i < s->nworkers; i++) worker_free(s->workers[i]);
  free(s->workers);
  sr_store_close(s->writer);
  if (s->gaz) sr_gaz_close(s->gaz);
  if (s->lex) sr_lex_close(s->lex);
  if (s->ctx) sr_ctx_free(s->ctx);
  pthread_mutex_destroy(&s->write_lock);
  pthread_mutex_destroy(&s->workers_lock);
  free(s->db_path);
  free(s->cors);
  if (s->token) memset(s->token, 0, s->token_len);
  free(s->token);
  free(s);
}
