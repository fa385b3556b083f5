/* sitrep/feed.h - watching sources (`sitrep watch`): the source list, the state that
 * makes a restart fetch and hand over nothing twice, one capped conditional GET, the
 * backoff schedule and the per-host politeness clock, and documents as queue messages.
 *
 * Ownership: every sr_* object here is owned by its creator and freed by its own
 * _free/_close function; strings handed to callbacks are borrowed for the call.
 * Errors: 0 or a negative SR_E* code with the message in sr_error (util.h).
 */
#ifndef SITREP_FEED_H
#define SITREP_FEED_H
#include "sitrep/io.h"
#include "sitrep/util.h"

#define SR_FEED_MAX_URL 2048          /* bytes of one source URL */
#define SR_FEED_MAX_SOURCES 100000    /* sources in one list */
#define SR_FEED_MAX_LINE 8192         /* bytes of one list line */
#define SR_FEED_MAX_BYTES_DEFAULT ((size_t)16 * 1024 * 1024) /* one response body */
#define SR_FEED_MAX_REDIRS 5          /* redirects followed (default and cap: 20) */
#define SR_FEED_KEEP_ITEMS ((long long)30 * 86400) /* an item gone from its source is forgotten after */

/* ---- the source list: one source a line, "[feed|page] URL", '#' comments, blank
 * lines ignored. A line without a keyword is a feed (RSS or Atom: each item is a
 * document); a page is one HTML document named by its URL. Only http and https. */
typedef enum sr_source_kind { SR_SRC_FEED = 0, SR_SRC_PAGE = 1 } sr_source_kind;
typedef struct sr_source {
  char *url;           /* owned by the list */
  sr_source_kind kind;
  long line;           /* 1-based line in the list file */
} sr_source;
typedef struct sr_source_list {
  sr_source *v; /* owned; free with sr_source_list_free */
  size_t n;
} sr_source_list;
/* Parse the list text (name for messages). A bad line (unknown keyword, no URL, a scheme
 * other than http/https, a URL over SR_FEED_MAX_URL, a duplicate) is reported through
 * on_err as name:LINE and skipped. Returns 0, or SR_ELIMIT past SR_FEED_MAX_SOURCES. */
int sr_source_list_parse(const char *name, const char *text, size_t len, sr_source_list *out,
                         sr_err_fn on_err, void *payload, sr_error *err);
void sr_source_list_free(sr_source_list *l);

/* ---- backoff: seconds to wait after the failures-th failure in a row:
 * base * 2^(failures-1), capped at max; 0 when failures <= 0. */
long sr_feed_backoff(int failures, long base, long max);

/* ---- per-host politeness: at most one request per host every delay_ms */
typedef struct sr_hosts sr_hosts;
sr_hosts *sr_hosts_new(void); /* caller frees with sr_hosts_free; NULL on OOM */
void sr_hosts_free(sr_hosts *h);
/* Milliseconds to wait before host may be asked again at now_ms (0 = now). */
long long sr_hosts_wait(const sr_hosts *h, const char *host, long long now_ms, long long delay_ms);
/* Note a request to host at now_ms. Returns 0 or SR_ENOMEM. */
int sr_hosts_note(sr_hosts *h, const char *host, long long now_ms);
/* The lower-case host of an http(s) URL into out (capacity cap); SR_EINPUT when none. */
int sr_url_host(const char *url, char *out, size_t cap);

/* ---- state: a small SQLite file (WAL) per watch list. Per source: validators (ETag,
 * Last-Modified), failures in a row, the next due time, the last error; per item handed
 * over: (source, item id, text hash). */
typedef struct sr_feed_state sr_feed_state;
typedef struct sr_feed_info {
  char etag[256];          /* "" when none */
  char last_modified[64];  /* "" when none */
  long long next_due;      /* unix seconds; 0 = now */
  int failures;            /* failures in a row */
  long long last_ok;       /* unix seconds of the last good fetch, 0 never */
  char last_error[256];
} sr_feed_info;
/* Open or create the state at path. Caller closes. */
int sr_feed_state_open(sr_feed_state **out, const char *path, sr_error *err);
void sr_feed_state_close(sr_feed_state *s); /* NULL allowed */
/* The record of url into *info (zeroed when the source is new). */
int sr_feed_state_get(sr_feed_state *s, const char *url, sr_feed_info *info, sr_error *err);
int sr_feed_state_put(sr_feed_state *s, const char *url, const sr_feed_info *info, sr_error *err);
/* 1 when item (id, hash) of url was handed over already, 0 when not, negative on error. */
int sr_feed_state_seen(sr_feed_state *s, const char *url, const char *id, uint64_t hash, sr_error *err);
/* Record that item (id, hash) of url was handed over (replaces an older hash). */
int sr_feed_state_mark(sr_feed_state *s, const char *url, const char *id, uint64_t hash, sr_error *err);
/* An item still in the source's answer: its last-seen time becomes now (1 when it was
 * recorded, 0 when not). */
int sr_feed_state_touch(sr_feed_state *s, const char *url, const char *id, sr_error *err);
/* Forget the items of url not seen in an answer for max_age seconds (the state stays as
 * large as the sources' recent items). Returns how many, or negative. */
long sr_feed_state_prune(sr_feed_state *s, const char *url, long long max_age, sr_error *err);
/* Items recorded for url (all sources when url is NULL), or negative. */
long sr_feed_state_items(sr_feed_state *s, const char *url, sr_error *err);
int sr_feed_state_begin(sr_feed_state *s, sr_error *err);
int sr_feed_state_commit(sr_feed_state *s, sr_error *err);
void sr_feed_state_rollback(sr_feed_state *s);

/* ---- one conditional GET (libcurl) */
typedef struct sr_fetch_opts {
  size_t max_bytes;        /* body cap; 0 = SR_FEED_MAX_BYTES_DEFAULT */
  long timeout_ms;         /* whole request; 0 = 30000 */
  long connect_timeout_ms; /* 0 = 10000 */
  int max_redirs;          /* 0 = SR_FEED_MAX_REDIRS; -1 = none followed */
  const char *user_agent;  /* NULL = "sitrep/VERSION" */
} sr_fetch_opts;
typedef struct sr_fetch_result {
  long status;             /* HTTP status of the last response (after redirects) */
  sr_buf body;             /* owned; sr_fetch_result_free */
  char etag[256], last_modified[64], content_type[128];
  long retry_after;        /* seconds from Retry-After, 0 when none */
  int redirects;
} sr_fetch_result;
void sr_fetch_result_free(sr_fetch_result *r);
/* Take one response header line (as libcurl hands it: "Name: value\r\n", or a status
 * line, which starts a new response after a redirect and clears what came before). */
void sr_fetch_header(sr_fetch_result *r, const char *line, size_t len);
/* The conditional request headers for info into out[0..2) (capacity cap each):
 * "If-None-Match: ETAG", "If-Modified-Since: DATE"; returns how many (0-2). */
int sr_fetch_cond_headers(const sr_feed_info *info, char out[2][320]);
/* GET url with the conditional headers of info (may be NULL), following at most
 * max_redirs redirects, http/https only. Returns 0 when a response came (see
 * r->status; 304 = not modified); SR_ELIMIT when the body passes max_bytes or the time
 * cap is reached; SR_EIO for transport failures (DNS, refused, TLS, too many
 * redirects). The message names what happened, not the URL (the caller adds it). */
int sr_fetch(const char *url, const sr_feed_info *info, const sr_fetch_opts *o, sr_fetch_result *r,
             sr_error *err);

/* ---- several GETs at once (libcurl multi): sr_fetch's requests, caps and messages */
#define SR_FETCH_MAX_PARALLEL 64
typedef struct sr_fetcher sr_fetcher;
/* At most max transfers at once (1..SR_FETCH_MAX_PARALLEL). Caller frees; NULL on OOM. */
sr_fetcher *sr_fetcher_new(int max);
void sr_fetcher_free(sr_fetcher *f); /* transfers still running are dropped */
int sr_fetcher_running(const sr_fetcher *f);
int sr_fetcher_room(const sr_fetcher *f); /* 1 when another transfer may start */
/* Start the GET of url as sr_fetch would; tag (borrowed) comes back with its result.
 * SR_ELIMIT when max transfers are running. */
int sr_fetcher_start(sr_fetcher *f, const char *url, const sr_feed_info *info, const sr_fetch_opts *o,
                     void *tag, sr_error *err);
/* Drive the transfers for up to wait_ms: 1 when one ended (its tag, its result in *r, which
 * the caller frees with sr_fetch_result_free, and *rc / err as sr_fetch returns them); 0 when
 * none ended in that time. */
int sr_fetcher_wait(sr_fetcher *f, long wait_ms, void **tag, sr_fetch_result *r, int *rc, sr_error *err);

/* ---- documents as messages: one JSON object on one line,
 * {"id","date","title","text","url","source"} (absent fields left out), the JSONL input
 * format, so `sitrep ingest`, `sitrep worker` and the watch's own store read it the same. */
int sr_doc_to_jsonl(const sr_input_doc *d, sr_buf *out);
/* A message id that names the document and its text: "ID-HASH" in hex (into out, cap >= 40). */
void sr_doc_msgid(const char *id, const char *text, size_t len, char *out, size_t cap);

#endif
