/* src/serve/server.c - `sitrep serve` on libmicrohttpd (see serve.h): the
 * listening socket, the event loops, request bodies, answers on the wire.
 *
 * MHD runs `threads` event loops (epoll, a thread pool sharing the listening
 * socket). A connection costs a socket and a small memory pool, never a
 * thread: idle clients and clients that trickle their headers or body wait
 * in epoll, and conn.c cuts them off at the deadline. Each loop thread has
 * its own worker state (worker.c); the request itself is handled by route.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve_internal.h"

#define SV_STACK ((size_t)8 << 20)        /* loop threads run the coder: it needs ~2 MiB */
#define SV_MAX_CONNECTIONS 16384          /* connections at once (also capped by the fd limit) */
#define SV_PER_IP_CONNECTIONS 128         /* per client address, on non-loopback binds only */
#define SV_CONN_MEMORY ((size_t)32 << 10) /* per connection: request line, headers, read buffer */
#define SV_BACKLOG 4096                   /* pending connections in the kernel */
#define SV_FD_RESERVE 64                  /* descriptors kept for stores, images, logs */
#define SV_BACKSTOP_S 600                 /* MHD's own inactivity timeout (conn.c cuts sooner) */
#define SV_MAX_TARGET (SV_MAX_PATH + SV_MAX_QUERY + 1)

/* One request's transport state (MHD's con_cls), made by on_uri. */
typedef struct sv_rctx {
  char *target; /* the raw request target, NULL when over SV_MAX_TARGET */
  int started;  /* the handler has run once */
  int upload;   /* collecting the body of a POST */
  sv_body body; /* the POST body so far */
  sv_req *r;
  struct timespec t0;
} sv_rctx;

static sv_conn *conn_of(struct MHD_Connection *conn) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  (void)cls;
  (void)conn;
  sv_rctx *rc = calloc(1, sizeof *rc);
  if (rc && uri && strlen(uri) <= SV_MAX_TARGET) rc->target = strdup(uri);
  if (rc) clock_gettime(CLOCK_MONOTONIC, &rc->t0);
  return rc;
}

/* Path and query reach route.c as sent: no decoding here (route.c refuses '%' in paths). */
static size_t no_unescape(void *cls, struct MHD_Connection *conn, char *s) {
  (void)cls;
  (void)conn;
  return strlen(s);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  sr_server *s = cls;
  (void)toe;
  sv_rctx *rc = *con_cls;
  if (rc) {
    free(rc->target);
    sv_body_free(&rc->body);
    free(rc->r);
    free(rc);
    *con_cls = NULL;
  }
  sv_conn_phase(s->conns, conn_of(conn), SV_IDLE);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  sr_server *s = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    *socket_context = ci ? sv_conn_add(s->conns, ci->connect_fd) : NULL;
  } else {
    sv_conn_remove(s->conns, *socket_context);
    *socket_context = NULL;
  }
}

/* ---- answers */

static void access_log(struct MHD_Connection *conn, const sv_rctx *rc, const sv_req *r) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms =
      (double)(t1.tv_sec - rc->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - rc->t0.tv_nsec) / 1e6;
  char addr[INET6_ADDRSTRLEN] = "?";
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (ci && ci->client_addr) {
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof addr);
  }
  fprintf(stderr, "sitrep serve: %s %s %.80s%s%.200s %d %.2f ms%s\n", addr, r->method,
          r->path ? r->path : "", r->query ? "?" : "", r->query ? r->query : "", r->status, ms,
          r->cached ? " (cached)" : "");
}

static void add_headers(struct MHD_Response *resp, const sr_server *s, const sv_req *r) {
  MHD_add_response_header(resp, "Content-Type", r->mime ? r->mime : "application/json");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  if (r->mime && strncmp(r->mime, "text/html", 9) == 0)
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; "
                            "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  if (r->status == 401) MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
  if (r->allow) MHD_add_response_header(resp, "Allow", r->allow);
  if (r->retry_after) {
    char ra[16];
    snprintf(ra, sizeof ra, "%d", r->retry_after);
    MHD_add_response_header(resp, "Retry-After", ra);
  }
  if (r->cors != SV_CORS_NONE && s->cors) {
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", s->cors);
    MHD_add_response_header(resp, "Vary", "Origin");
  }
  if (r->cors == SV_CORS_PREFLIGHT) {
    MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, POST");
    MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Authorization, Content-Type");
    MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
  }
  /* after an error the request body may be unread: do not read on */
  if (r->status >= 400 && r->status != 404) MHD_add_response_header(resp, "Connection", "close");
}

static void blob_release(void *cls) { sv_blob_drop(cls); }

static enum MHD_Result queue_answer(sr_server *s, struct MHD_Connection *conn, sv_rctx *rc) {
  sv_req *r = rc->r;
  size_t len;
  const void *body = sv_answer_body(r, &len);
  struct MHD_Response *resp;
  if (r->blob) { /* a cached answer's bytes: the response holds them until sent */
    sv_blob_hold(r->blob);
    resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)(uintptr_t)body, blob_release,
                                                                  r->blob);
    if (!resp) sv_blob_drop(r->blob);
  } else {
    /* assets are static; w->out changes with the next request */
    enum MHD_ResponseMemoryMode mode = r->ext_body ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY;
    resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, mode);
  }
  if (!resp) return MHD_NO;
  add_headers(resp, s, r);
  sv_conn_phase(s->conns, conn_of(conn), SV_SENDING);
  enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  if (s->access_log) access_log(conn, rc, r);
  return ok;
}

/* An answer without a worker (out of memory): a fixed 503. */
static enum MHD_Result queue_503(struct MHD_Connection *conn) {
  static const char msg[] = "{\"error\":\"out of memory\"}\n";
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      sizeof msg - 1, (void *)(uintptr_t)msg, MHD_RESPMEM_PERSISTENT);
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, "Content-Type", "application/json");
  MHD_add_response_header(resp, "Retry-After", "5");
  MHD_add_response_header(resp, "Connection", "close");
  enum MHD_Result ok = MHD_queue_response(conn, 503, resp);
  MHD_destroy_response(resp);
  return ok;
}

/* ---- requests */

static long long content_length(struct MHD_Connection *conn) {
  const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
  if (!v || !*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 18) return -1;
  return strtoll(v, NULL, 10);
}

static enum MHD_Result first_call(sr_server *s, struct MHD_Connection *conn, const char *method,
                                  sv_rctx *rc) {
  rc->started = 1;
  if (sv_conn_phase(s->conns, conn_of(conn), SV_BUSY)) return MHD_NO;
  sv_worker *w = sv_worker_get(s);
  if (!w || !(rc->r = malloc(sizeof *rc->r))) return queue_503(conn);
  sv_in in = {.method = method,
              .target = rc->target, /* NULL when too long: route.c answers 400 */
              .host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host"),
              .origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin"),
              .auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization"),
              .content_length = content_length(conn)};
  if (sv_begin(rc->r, s, w, &in) == SV_BODY_NEEDED) {
    rc->upload = 1;
    if (sv_conn_phase(s->conns, conn_of(conn), SV_BODY)) return MHD_NO;
    return MHD_YES;
  }
  return queue_answer(s, conn, rc);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  sr_server *s = cls;
  sv_rctx *rc = *con_cls;
  (void)url;
  (void)version;
  if (!rc) return MHD_NO; /* out of memory at the request line: drop the connection */
  if (!rc->started) return first_call(s, conn, method, rc);
  if (!rc->upload) return MHD_NO; /* an answer is already queued */
  if (*upload_data_size) {
    sv_body_add(&rc->body, s->max_body, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  }
  rc->upload = 0;
  if (sv_conn_phase(s->conns, conn_of(conn), SV_BUSY)) return MHD_NO;
  sv_body_done(rc->r, &rc->body);
  return queue_answer(s, conn, rc);
}

/* ---- the listening socket */

/* Parse bind into sa: an IPv4 or IPv6 address, "localhost", "[::1]". */
static int bind_addr(const char *bind, int port, struct sockaddr_storage *sa, socklen_t *len) {
  char host[80];
  snprintf(host, sizeof host, "%s", strcmp(bind, "localhost") == 0 ? "127.0.0.1" : bind);
  size_t n = strlen(host);
  if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
    memmove(host, host + 1, n - 2);
    host[n - 2] = 0;
  }
  memset(sa, 0, sizeof *sa);
  struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
  if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
    return 0;
  }
  if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *len = sizeof *v6;
    return 0;
  }
  return -1;
}

static int is_loopback(const struct sockaddr_storage *sa) {
  if (sa->ss_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
  return sa->ss_family == AF_INET6 &&
         IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
}

/* A non-blocking listening socket on bind:port; -1 with the reason in err. */
static int listen_on(sr_server *s, const char *addr, int port, sr_error *err) {
  struct sockaddr_storage sa;
  socklen_t salen;
  if (strlen(addr) > 64 || bind_addr(addr, port, &sa, &salen))
    return sr_error_set(err, SR_EINPUT, "--bind '%.64s': one IPv4 or IPv6 address, or localhost",
                        addr),
           -1;
  int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return sr_error_set(err, SR_EIO, "cannot make a socket: %s", strerror(errno)), -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (sa.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&sa, salen) != 0 || listen(fd, SV_BACKLOG) != 0) {
    int e = errno;
    close(fd);
    if (e == EADDRINUSE)
      return sr_error_set(err, SR_EIO,
                          "port %d is in use (another sitrep serve?); choose one with --port",
                          port),
             -1;
    if (e == EACCES)
      return sr_error_set(err, SR_EIO,
                          "port %d needs privileges; choose one above 1023 with --port", port),
             -1;
    if (e == EADDRNOTAVAIL)
      return sr_error_set(err, SR_EIO, "cannot listen on %s: not an address of this machine", addr),
             -1;
    return sr_error_set(err, SR_EIO, "cannot listen on %s port %d: %s", addr, port, strerror(e)),
           -1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  struct sockaddr_storage got;
  socklen_t gl = sizeof got;
  s->port = port;
  if (getsockname(fd, (struct sockaddr *)&got, &gl) == 0)
    s->port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                              : ((struct sockaddr_in *)&got)->sin_port);
  s->loopback = is_loopback(&sa);
  return fd;
}

/* Connections at once: SV_MAX_CONNECTIONS, fewer when the descriptor limit is lower. */
static unsigned connection_limit(int threads) {
  struct rlimit rl;
  long long lim = SV_MAX_CONNECTIONS;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    long long room = (long long)rl.rlim_cur - SV_FD_RESERVE - 8LL * threads;
    if (room < lim) lim = room;
  }
  return lim < 16 ? 16u : (unsigned)lim;
}

/* ---- start / stop */

int sr_serve_start(sr_server **out, const sr_serve_opts *o, sr_error *err) {
  *out = NULL;
  sr_server *s = NULL;
  int rc = sv_server_open(&s, o, err);
  if (rc) return rc;
  const char *bind = o->bind && *o->bind ? o->bind : "127.0.0.1";
  int fd = listen_on(s, bind, o->port, err);
  if (fd < 0) {
    sv_server_free(s);
    return err->code ? err->code : SR_EIO;
  }
  int threads = o->threads ? o->threads : SR_SERVE_DEFAULT_THREADS;
  if (!(s->conns = sv_conns_new(s->timeout_ms))) {
    close(fd);
    sv_server_free(s);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD;
  if (strchr(bind, ':')) flags |= MHD_USE_IPv6;
  s->mhd = MHD_start_daemon(
      flags, (uint16_t)s->port, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_THREAD_STACK_SIZE, SV_STACK,
      MHD_OPTION_CONNECTION_LIMIT, connection_limit(threads), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)(s->loopback ? 0 : SV_PER_IP_CONNECTIONS), MHD_OPTION_CONNECTION_TIMEOUT,
      (unsigned)SV_BACKSTOP_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, SV_CONN_MEMORY,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
      MHD_OPTION_END);
  if (!s->mhd) {
    close(fd);
    sv_conns_free(s->conns);
    s->conns = NULL;
    sv_server_free(s);
    return sr_error_set(err, SR_EIO, "cannot start the HTTP server on %s port %d", bind, o->port);
  }
  sv_map_prewarm(s); /* issue 12: api_map.c's event points and labels, read in the background */
  *out = s;
  return 0;
}

int sr_serve_port(const sr_server *s) {
  return s ? s->port : 0;
}

int sr_serve_loopback(const sr_server *s) {
  return s ? s->loopback : 0;
}

void sr_serve_stop(sr_server *s) {
  if (!s) return;
  if (s->mhd) MHD_stop_daemon(s->mhd); /* joins the loops, closes every connection */
  sv_conns_free(s->conns);
  sv_server_free(s);
}
