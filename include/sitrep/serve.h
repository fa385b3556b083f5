/* sitrep/serve.h - `sitrep serve`: the store over HTTP (JSON and GeoJSON API)
 * and the single-page map, both served by one embedded libmicrohttpd server.
 *
 *   sr_serve_opts o = {.db_path = "events.db"};   (everything else: defaults)
 *   sr_server *srv; sr_error err;
 *   if (sr_serve_start(&srv, &o, &err)) { fprintf(stderr, "%s\n", err.msg); ... }
 *   printf("port %d\n", sr_serve_port(srv));
 *   ... wait for a signal ...
 *   sr_serve_stop(srv);
 *
 * API (GET unless noted; every answer is JSON, errors are {"error":"..."}):
 *   /api/events            sr_query filters as parameters: actor, source, target,
 *                          action, country, admin1, near=LAT,LON, km, from, to,
 *                          min_reports, q (full text), limit (default 100, max
 *                          1000), offset  ->  {"total":N,"limit":L,"offset":O,"events":[...]}
 *                          (each event as written by sr_row_write SR_FMT_JSONL)
 *   /api/events.geojson    the same filters -> FeatureCollection (+ "total")
 *   /api/events/ID         {"event":{...},"reports":[...]}: every report with its
 *                          evidence sentence, document, publisher and url
 *   /api/situation         as_of (default: the store's last date), country, days,
 *                          format=json|text  -> sr_store_situation output
 *   /api/situation.geojson the same as GeoJSON
 *   /api/actors            actors with their event counts: country, limit (max 1000)
 *   /api/places?q=NAME     gazetteer candidates for a place name (at most 20)
 *   /api/stats             sr_store_stats_get as JSON
 *   POST /api/documents    JSON object or JSONL body of documents ({"id","date",
 *                          "title","text"|"html","url","source"}), coded and stored;
 *                          only when write_token is set, with the header
 *                          "Authorization: Bearer TOKEN" (compared in constant time)
 *   /, /app.js, /app.css, /vendor/..., /licenses   the map page (embedded)
 *
 * Status codes: 400 a bad parameter (the message names it) or malformed body,
 * 401 missing or wrong token, 403 writes disabled or a CORS preflight from
 * another origin, 404 unknown path or event, 405 wrong method (with Allow),
 * 408 a request not received within request_timeout_ms, 413 body over
 * max_body, 421 a Host header that is no loopback name on a loopback bind
 * (DNS rebinding; a request with no Host at all, HTTP/1.0, is answered:
 * browsers always send one), 503 a resource the request needs is missing (gazetteer)
 * or the store is locked by another process (with Retry-After). Unknown
 * parameters are 400, so typos do not silently widen a query.
 *
 * CORS: only with cors_origin. Every answer then carries
 * Access-Control-Allow-Origin: cors_origin; OPTIONS is a preflight, answered
 * 204 with the allowed methods and headers when its Origin is cors_origin (or
 * absent), 403 without any Access-Control-* header otherwise. Without
 * cors_origin no answer has an Access-Control-* header.
 *
 * Threads and connections: `threads` event loops (epoll) share the listening
 * socket; a connection costs a socket and at most 32 KiB, never a thread, so
 * idle clients and clients trickling headers or a body do not hold up the
 * others. A request (headers and body) must arrive within request_timeout_ms
 * of the previous answer or the connection's start, and an answer must be
 * taken within as long: else the connection is closed (408 first when the
 * body was arriving). Each loop thread opens its own read-only sr_store on
 * first use (sr_store is not thread-safe) and keeps a small cache of recent
 * GET answers (at most 64 answers and 4 MiB per thread), dropped whenever
 * the database changes (SQLite's data_version). Writes go through one
 * read-write sr_store under a mutex (waiting at most 3 s for another
 * process's lock: then 503); a POST is coded on the loop thread that
 * received it, whose other connections wait meanwhile (the other loops go on
 * serving). Answers libmicrohttpd gives itself (414 or 431 for a request
 * line or headers over 32 KiB, 400 for a malformed request) are HTML.
 *
 * Ownership: the server is owned by its starter and freed by sr_serve_stop.
 * Strings in the options are copied; the caller may free them after start.
 * Errors: 0 or a negative SR_E* code with the message in err.
 */
#ifndef SITREP_SERVE_H
#define SITREP_SERVE_H
#include <stddef.h>

#include "sitrep/util.h"

#define SR_SERVE_DEFAULT_PORT 8080
#define SR_SERVE_DEFAULT_THREADS 8
#define SR_SERVE_MAX_THREADS 256
#define SR_SERVE_MAX_BODY ((size_t)8 * 1024 * 1024) /* POST body cap (bytes) */
#define SR_SERVE_TIMEOUT_MS 10000                   /* per request and per idle connection */
#define SR_SERVE_MAX_LIMIT 1000                     /* largest /api/events limit */
#define SR_SERVE_MIN_TOKEN 16                       /* shortest accepted write token */

typedef struct sr_server sr_server;

typedef struct sr_serve_opts {
  const char *db_path;      /* the store (required); must exist unless write_token is set */
  const char *bind;         /* IPv4/IPv6 address or "localhost" to listen on; NULL = "127.0.0.1" */
  int port;                 /* 0 = any free port (see sr_serve_port) */
  int threads;              /* event-loop threads; 0 = SR_SERVE_DEFAULT_THREADS */
  const char *cors_origin;  /* NULL = no CORS headers at all */
  const char *write_token;  /* NULL = read-only; else the bearer token of POST /api/documents
                               (at least SR_SERVE_MIN_TOKEN bytes) */
  size_t max_body;          /* 0 = SR_SERVE_MAX_BODY */
  int request_timeout_ms;   /* 0 = SR_SERVE_TIMEOUT_MS */
  const char *lexicon_path; /* images (actor names, coding, /api/places); NULL = default search */
  const char *gazetteer_path;
  int access_log; /* 1 = one line per request on stderr */
} sr_serve_opts;

/* Start listening and serving in background threads. Opens the lexicon (for
 * actor names and coding) and, when found, the gazetteer (/api/places and
 * coding; without one /api/places answers 503); checks that the store opens.
 * Caller stops with sr_serve_stop. */
int sr_serve_start(sr_server **out, const sr_serve_opts *o, sr_error *err);
/* The port actually listened on (useful with port 0). */
int sr_serve_port(const sr_server *s);
/* 1 when the server listens on a loopback address (Host headers are checked). */
int sr_serve_loopback(const sr_server *s);
/* Stop: wait for the loops to finish their requests, close every
 * connection and store, free s. NULL allowed. */
void sr_serve_stop(sr_server *s);

/* Constant-time comparison of two byte strings: 1 when equal. The time
 * depends only on the lengths, never on where the first difference is. */
int sr_serve_token_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
