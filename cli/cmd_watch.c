/* cli/cmd_watch.c - `sitrep watch`: poll a list of feeds and pages and hand every new
 * document to a store, the queue or a JSONL file.
 *
 * Per source (--parallel at a time, one per host): the conditional GET (ETag /
 * Last-Modified from the state), at most one request per host every --host-delay, the body capped (--max-bytes, --timeout,
 * --max-redirects); a feed's items and a page's text become documents; a document whose
 * (source, id, text hash) the state knows is skipped; the rest are handed over and only
 * then marked in the state, and the source's validators are saved only once every new
 * document of the answer was handed over. A kill at any moment therefore loses nothing
 * and hands over at most the document in flight twice (which the store and the queue
 * recognise: same id and text, same message id). Failures back off per source:
 * --backoff seconds, doubled per failure in a row, at most --backoff-max (or the
 * server's Retry-After).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli_docs.h"
#include "cli_store.h"
#include "cmd.h"
#include "sitrep/feed.h"
#include "sitrep/io.h"
#include "sitrep/queue.h"
#include "sitrep/sitrep.h"
#include "sitrep/store.h"

#define LIST_MAX ((size_t)64 * 1024 * 1024)
#define PROGRESS_NS 250000000LL

static const char watch_usage[] =
    "usage: sitrep watch (--db FILE | --nats URL | --jsonl FILE) [OPTIONS] LIST\n"
    "\n"
    "Poll the feeds and pages of LIST and hand each new document to a store (--db, coded\n"
    "and merged as 'sitrep ingest' does), to the queue (--nats: a NATS JetStream work\n"
    "queue that 'sitrep worker' empties) or to a JSONL file (--jsonl, '-' = standard\n"
    "output; the input format of 'sitrep ingest'). LIST has one source a line:\n"
    "'feed URL' (RSS or Atom; a bare URL is a feed) or 'page URL' (an HTML page, one\n"
    "document named by its URL, boilerplate removed); '#' starts a comment.\n"
    "\n"
    "What was handed over is kept in the state file, so a restart fetches and hands\n"
    "over nothing twice: requests are conditional (ETag, Last-Modified), a source is\n"
    "asked again only when due, and an item is handed over again only when its text\n"
    "changed.\n"
    "\n"
    "Options:\n"
    "  --db FILE             store the documents in this store (SQLite)\n"
    "  --nats URL            publish them to the queue at URL (nats://HOST:4222)\n"
    "  --jsonl FILE          append them to FILE as JSON lines ('-' = stdout)\n"
    "  --state FILE          the watch state (default: LIST.state)\n"
    "  --once                one pass over the sources that are due, then exit\n"
    "  --interval SECONDS    poll each source this often (default 300)\n"
    "  --host-delay SECONDS  at least this long between two requests to one host\n"
    "                        (default 1; decimals allowed)\n"
    "  --parallel N          sources asked at once, one per host (default 8, at most 64)\n"
    "  --timeout SECONDS     time cap of one request (default 30)\n"
    "  --max-bytes N         size cap of one answer (default 16M; K and M suffixes)\n"
    "  --max-redirects N     redirects followed (default 5, at most 20; 0 = none)\n"
    "  --backoff SECONDS     wait after a failure, doubled per failure in a row\n"
    "                        (default 60)\n"
    "  --backoff-max SECONDS the longest wait after failures (default 3600)\n"
    "  --queue-wait SECONDS  how long to keep retrying a store or queue that is down\n"
    "                        before giving the source up until its next try (default 60)\n"
    "  --lexicon PATH        lexicon image (with --db)\n"
    "  --gazetteer PATH      gazetteer image (with --db)\n"
    "  --no-gazetteer        run without a gazetteer (with --db)\n"
    "  --quiet               no progress line, no summary\n"
    "  -h, --help            show this help\n"
    "\n"
    "Messages name the source: 'sitrep watch: URL: what happened (next try in N s)'.\n"
    "On a terminal a progress line is redrawn on stderr; in a pipe only problems and\n"
    "the summary of each pass are printed. SIGINT or SIGTERM stops after the current\n"
    "source.\n"
    "\n"
    "Exit status: 0 every source was read (or not modified) in the last pass; 1 some\n"
    "source failed or is backing off after failures (named on stderr when it failed;\n"
    "its documents are tried again at its next try);\n"
    "2 usage error, or the list, state, store, queue or images could not be opened.\n";

enum { SINK_NONE, SINK_DB, SINK_NATS, SINK_JSONL };

typedef struct watch_opts {
  const char *list, *state, *db, *nats, *jsonl;
  int once, quiet;
  long interval, timeout, backoff, backoff_max, queue_wait;
  double host_delay;
  size_t max_bytes;
  int max_redirs;
  int parallel;
} watch_opts;

typedef struct watch_run {
  watch_opts o;
  sr_source_list list;
  sr_feed_state *state;
  sr_hosts *hosts;
  int sink;
  FILE *out;
  sr_queue *q;
  sr_ctx *ctx;
  sr_store *st;
  cli_docs docs;
  sr_buf line;
  /* the source being read */
  const sr_source *src;
  int handoff_failed;
  size_t item_problems;
  size_t src_new;
  sr_error handoff_err;
  /* counters of the run */
  size_t fetched, not_modified, failed, docs_new, docs_known, items_bad;
  size_t pass_failed, pass_waiting;
  int progress;
  long long last_draw;
  size_t pass_done, pass_total;
} watch_run;

static volatile sig_atomic_t g_stop;
static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

static long long mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sleep ms milliseconds, in slices, returning early on a stop signal */
static void nap_ms(long long ms) {
  while (ms > 0 && !g_stop) {
    long long k = ms > 200 ? 200 : ms;
    struct timespec ts = {(time_t)(k / 1000), (long)(k % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    ms -= k;
  }
}

static void clear_progress(watch_run *r) {
  if (r->progress) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

static void draw_progress(watch_run *r, int force) {
  if (!r->progress) return;
  long long t = mono_ms();
  if (!force && (t - r->last_draw) * 1000000LL < PROGRESS_NS) return;
  r->last_draw = t;
  fprintf(stderr, "\r\033[K%zu/%zu sources, %zu fetched, %zu not modified, %zu new documents, %zu errors",
          r->pass_done, r->pass_total, r->fetched, r->not_modified, r->docs_new, r->failed);
  fflush(stderr);
}

/* ---- handing a document over */

/* A document that can never be handed over (too large for a message): named, counted, and
 * marked like a handed-over one so that it is not reported at every poll. */
static int skip_item(watch_run *r, const sr_input_doc *d, const char *why) {
  clear_progress(r);
  cli_errorf("%s: item %.200s: %s; skipped", r->src->url, d->id, why);
  r->items_bad++;
  return 0;
}

static int hand_over(watch_run *r, const sr_input_doc *d, sr_error *err) {
  sr_buf_clear(&r->line);
  if (sr_doc_to_jsonl(d, &r->line) < 0) return skip_item(r, d, "too large for one message");
  if (r->sink == SINK_JSONL) {
    if (fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len || fflush(r->out) != 0)
      return sr_error_set(err, SR_EIO, "cannot write %s: %s", r->o.jsonl, strerror(errno));
    return 0;
  }
  long long deadline = mono_ms() + r->o.queue_wait * 1000;
  long wait = 500;
  int told = 0;
  for (;;) {
    int rc;
    sr_error_clear(err);
    if (r->sink == SINK_NATS) {
      char mid[64];
      sr_doc_msgid(d->id, d->text, d->len, mid, sizeof mid);
      rc = sr_queue_publish(r->q, mid, r->line.data, r->line.len, NULL, err);
      if (rc == SR_ELIMIT) return skip_item(r, d, err->msg);
    } else {
      rc = cli_docs_store_line(&r->docs, r->src->url, r->line.data, r->line.len);
      if (rc < 0) *err = r->docs.err;
      if (rc == SR_EINPUT) { /* this document cannot be stored; the others can */
        clear_progress(r);
        cli_errorf("%s: item %.200s: not stored: %s", r->src->url, d->id, err->msg);
        r->items_bad++;
        return 0;
      }
    }
    if (rc != SR_EIO || g_stop || mono_ms() + wait > deadline) return rc;
    if (!told) {
      clear_progress(r);
      cli_errorf("%s: %s; retrying for up to %ld s", r->src->url, err->msg, r->o.queue_wait);
      told = 1;
    }
    nap_ms(wait);
    if (wait < 8000) wait *= 2;
  }
}

static int on_item(const sr_input_doc *d0, void *ud) {
  watch_run *r = ud;
  sr_input_doc d = *d0;
  char idbuf[SR_FEED_MAX_URL + 32];
  /* an item with neither guid nor link: the reader names it after the file; name it after the URL */
  const char *hash = strrchr(d.id, '#');
  if (hash && !strchr(d.id, '/') && strspn(hash + 1, "0123456789") == strlen(hash + 1)) {
    snprintf(idbuf, sizeof idbuf, "%s%s", r->src->url, hash);
    d.id = idbuf;
  }
  uint64_t h = sr_hash64(d.text, d.len);
  sr_error err;
  sr_error_clear(&err);
  int seen = sr_feed_state_seen(r->state, r->src->url, d.id, h, &err);
  if (seen < 0) {
    r->handoff_err = err;
    r->handoff_failed = 1;
    return 1;
  }
  if (seen) {
    r->docs_known++;
    /* still in the answer: not to be forgotten by the pruning below */
    if (sr_feed_state_touch(r->state, r->src->url, d.id, &err) < 0) {
      r->handoff_err = err;
      r->handoff_failed = 1;
      return 1;
    }
    return 0;
  }
  if (hand_over(r, &d, &err) < 0) {
    r->handoff_err = err;
    r->handoff_failed = 1;
    return 1;
  }
  if (sr_feed_state_mark(r->state, r->src->url, d.id, h, &err) < 0) {
    r->handoff_err = err;
    r->handoff_failed = 1;
    return 1;
  }
  r->docs_new++;
  r->src_new++;
  draw_progress(r, 0);
  return 0;
}

static void on_item_err(const sr_error *e, void *ud) {
  watch_run *r = ud;
  r->item_problems++;
  r->items_bad++;
  clear_progress(r);
  if (e->line > 0) cli_errorf("%s: line %ld: %s", r->src->url, e->line, e->msg);
  else cli_errorf("%s: %s", r->src->url, e->msg);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" -> "1994-11-06"; else today (UTC) */
static void page_date(const char *lm, char out[11]) {
  static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int day, year;
  char m[4];
  const char *comma = strchr(lm, ',');
  if (comma && sscanf(comma + 1, " %2d %3s %4d", &day, m, &year) == 3 && day >= 1 && day <= 31 &&
      year >= 1900 && year <= 9999) {
    for (int i = 0; i < 12; i++)
      if (!strcmp(m, mon[i])) {
        snprintf(out, 11, "%04d-%02d-%02d", year, i + 1, day);
        return;
      }
  }
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static int looks_like_html(const char *p, size_t n, const char *ctype) {
  size_t i = 0;
  if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n && isspace((unsigned char)p[i])) i++;
  const char *s = p + i;
  size_t k = n - i;
  if (k >= 9 && !strncasecmp(s, "<!doctype", 9)) {
    const char *q = s + 9;
    while (q < s + k && isspace((unsigned char)*q)) q++;
    return q + 4 <= s + k && !strncasecmp(q, "html", 4);
  }
  if (k >= 5 && !strncasecmp(s, "<html", 5)) return 1;
  if (k >= 5 && !strncasecmp(s, "<?xml", 5)) return 0;
  return strstr(ctype, "html") != NULL && k > 0 && s[0] == '<' && strncasecmp(s, "<rss", 4) &&
         strncasecmp(s, "<feed", 5);
}

/* The documents of one answer. 0, or -1 with msg (the source failed). */
static int read_answer(watch_run *r, const sr_fetch_result *res, char *msg, size_t cap) {
  const sr_source *s = r->src;
  const char *body = res->body.data ? res->body.data : "";
  size_t len = res->body.len;
  if (s->kind == SR_SRC_FEED) {
    if (looks_like_html(body, len, res->content_type)) {
      snprintf(msg, cap, "expected an RSS or Atom feed, got an HTML page (Content-Type: %s); list it as "
                         "'page URL' if the page is meant",
               res->content_type[0] ? res->content_type : "none");
      return -1;
    }
    sr_read_opts ro = {.format = SR_FMT_RSS};
    size_t before = r->item_problems;
    int rc = sr_read_buffer(s->url, body, len, &ro, on_item, on_item_err, r, NULL);
    if (rc < 0 && !r->handoff_failed) {
      snprintf(msg, cap, "not a readable RSS or Atom feed%s", r->item_problems > before ? " (see above)" : "");
      return -1;
    }
    return 0;
  }
  char *text = NULL, *title = NULL;
  size_t tl = 0;
  int notes = 0;
  sr_error err;
  sr_error_clear(&err);
  if (len == 0 || sr_html_to_text_notes(body, len, &text, &tl, &title, &notes, &err) < 0 || tl == 0) {
    snprintf(msg, cap, "the page has no text%s%s", err.msg[0] ? ": " : "", err.msg);
    free(text);
    free(title);
    return -1;
  }
  if (notes & SR_HTML_CUT) {
    clear_progress(r);
    cli_errorf("%s: warning: the page is nested too deep; its text was cut", s->url);
  }
  char date[11];
  page_date(res->last_modified, date);
  sr_input_doc d = {.id = s->url, .date = date, .title = title, .text = text, .len = tl, .url = s->url,
                    .file = s->url, .line = 1};
  on_item(&d, r);
  free(text);
  free(title);
  return 0;
}

static void source_failed(watch_run *r, sr_feed_info *info, const char *what, long retry_after) {
  time_t now = time(NULL);
  info->failures++;
  long wait = sr_feed_backoff(info->failures, r->o.backoff, r->o.backoff_max);
  if (retry_after > wait) wait = retry_after;
  info->next_due = (long long)now + wait;
  snprintf(info->last_error, sizeof info->last_error, "%s", what);
  r->failed++;
  r->pass_failed++;
  clear_progress(r);
  if (r->o.once) cli_errorf("%s: %s (failure %d in a row; next try after %ld s)", r->src->url, what,
                            info->failures, wait);
  else cli_errorf("%s: %s (failure %d in a row; next try in %ld s)", r->src->url, what, info->failures, wait);
}

/* One source's answer (or failure rc/err): read, hand over, remember. */
static void watch_answer(watch_run *r, const sr_source *s, sr_feed_info *info, sr_fetch_result *res, int rc,
                         const sr_error *err) {
  r->src = s;
  r->handoff_failed = 0;
  r->src_new = 0;
  sr_error_clear(&r->handoff_err);
  time_t now = time(NULL);
  char msg[512];
  if (rc < 0) {
    source_failed(r, info, err->msg, 0);
  } else if (res->status == 304) {
    r->not_modified++;
    info->failures = 0;
    info->last_error[0] = 0;
    info->last_ok = now;
    info->next_due = (long long)now + r->o.interval;
  } else if (res->status < 200 || res->status > 299) {
    snprintf(msg, sizeof msg, "HTTP status %ld%s", res->status,
             res->status >= 300 && res->status < 400 ? " (a redirect not followed: see --max-redirects)" : "");
    source_failed(r, info, msg, res->retry_after);
  } else {
    r->fetched++;
    sr_error se;
    sr_error_clear(&se);
    if (sr_feed_state_begin(r->state, &se) < 0) {
      source_failed(r, info, se.msg, 0);
    } else if (read_answer(r, res, msg, sizeof msg) < 0) {
      source_failed(r, info, msg, 0);
    } else if (r->handoff_failed) {
      snprintf(msg, sizeof msg, "%s; %zu new document%s handed over, the rest at the next try", r->handoff_err.msg,
               r->src_new, r->src_new == 1 ? "" : "s");
      source_failed(r, info, msg, 0);
    } else {
      /* every new document is handed over: now the validators may be kept, and items gone
       * from the source for SR_FEED_KEEP_ITEMS forgotten */
      sr_error pe;
      sr_error_clear(&pe);
      if (sr_feed_state_prune(r->state, s->url, SR_FEED_KEEP_ITEMS, &pe) < 0) {
        clear_progress(r);
        cli_errorf("%s", pe.msg);
      }
      snprintf(info->etag, sizeof info->etag, "%s", res->etag);
      snprintf(info->last_modified, sizeof info->last_modified, "%s", res->last_modified);
      info->failures = 0;
      info->last_error[0] = 0;
      info->last_ok = now;
      info->next_due = (long long)now + r->o.interval;
    }
  }
  sr_error e2;
  sr_error_clear(&e2);
  if (sr_feed_state_begin(r->state, &e2) < 0 || sr_feed_state_put(r->state, s->url, info, &e2) < 0 ||
      sr_feed_state_commit(r->state, &e2) < 0) {
    clear_progress(r);
    cli_errorf("%s", e2.msg);
    sr_feed_state_rollback(r->state);
  }
}

/* The source's host is being asked right now. */
static int host_busy(const watch_run *r, const unsigned char *inflight, const char *host) {
  for (size_t i = 0; i < r->list.n; i++) {
    if (!inflight[i]) continue;
    char h[256] = "";
    sr_url_host(r->list.v[i].url, h, sizeof h);
    if (!strcmp(h, host)) return 1;
  }
  return 0;
}

/* One pass over the sources that are due, --parallel at a time (one per host, --host-delay
 * apart); returns the seconds until the next is due. */
static long watch_pass(watch_run *r) {
  size_t n = r->list.n;
  unsigned char *todo = calloc(n ? n : 1, 1), *inflight = calloc(n ? n : 1, 1);
  sr_feed_info *infos = calloc(n ? n : 1, sizeof *infos);
  sr_fetcher *f = sr_fetcher_new(r->o.parallel);
  long next = r->o.interval;
  if (!todo || !inflight || !infos || !f) {
    free(todo);
    free(inflight);
    free(infos);
    sr_fetcher_free(f);
    cli_errorf("out of memory");
    return 1;
  }
  time_t now = time(NULL);
  r->pass_total = 0;
  r->pass_done = 0;
  r->pass_failed = 0;
  r->pass_waiting = 0;
  for (size_t i = 0; i < n; i++) {
    sr_error err;
    sr_error_clear(&err);
    if (sr_feed_state_get(r->state, r->list.v[i].url, &infos[i], &err) < 0) {
      cli_errorf("%s", err.msg);
      continue;
    }
    /* --once asks every source that is not backing off after failures (a conditional GET) */
    int due = infos[i].next_due <= (long long)now || (r->o.once && infos[i].failures == 0);
    if (due) {
      todo[i] = 1;
      r->pass_total++;
    } else {
      if (infos[i].failures > 0) r->pass_waiting++; /* still failing: backing off */
      if (infos[i].next_due - (long long)now < next) next = (long)(infos[i].next_due - (long long)now);
    }
  }
  long long delay = (long long)llround(r->o.host_delay * 1000);
  sr_fetch_opts fo = {.max_bytes = r->o.max_bytes, .timeout_ms = r->o.timeout * 1000,
                      .max_redirs = r->o.max_redirs ? r->o.max_redirs : -1};
  size_t started = 0;
  while (r->pass_done < r->pass_total && !g_stop) {
    /* start what may start: a free slot, a host not being asked and rested */
    long long best_wait = -1;
    for (size_t i = 0; i < n && started < r->pass_total && sr_fetcher_room(f); i++) {
      if (!todo[i]) continue;
      char host[256] = "";
      sr_url_host(r->list.v[i].url, host, sizeof host);
      if (host_busy(r, inflight, host)) continue;
      long long w = sr_hosts_wait(r->hosts, host, mono_ms(), delay);
      if (w > 0) {
        if (best_wait < 0 || w < best_wait) best_wait = w;
        continue;
      }
      sr_error err;
      sr_error_clear(&err);
      todo[i] = 0;
      started++;
      sr_hosts_note(r->hosts, host, mono_ms());
      if (sr_fetcher_start(f, r->list.v[i].url, &infos[i], &fo, &r->list.v[i], &err) < 0) {
        sr_fetch_result none;
        memset(&none, 0, sizeof none);
        watch_answer(r, &r->list.v[i], &infos[i], &none, err.code ? err.code : SR_ERR, &err);
        r->pass_done++;
        continue;
      }
      inflight[i] = 1;
    }
    if (sr_fetcher_running(f) == 0) {
      if (r->pass_done < r->pass_total) nap_ms(best_wait > 0 ? best_wait : 10);
      continue;
    }
    void *tag = NULL;
    sr_fetch_result res;
    int rc = 0;
    sr_error err;
    sr_error_clear(&err);
    long wait = best_wait > 0 && best_wait < 200 ? (long)best_wait : 200;
    if (sr_fetcher_wait(f, wait, &tag, &res, &rc, &err) == 1) {
      const sr_source *src = tag;
      size_t i = (size_t)(src - r->list.v);
      inflight[i] = 0;
      watch_answer(r, src, &infos[i], &res, rc, &err);
      sr_fetch_result_free(&res);
      r->pass_done++;
      draw_progress(r, 0);
      long left = (long)(infos[i].next_due - (long long)time(NULL));
      if (left < next) next = left;
    }
  }
  sr_fetcher_free(f);
  free(todo);
  free(inflight);
  free(infos);
  return next < 1 ? 1 : next;
}

/* ---- options */

static int parse_seconds(const char *opt, const char *v, long min, long *out) {
  long x;
  if (cli_parse_long(opt, v, min, &x) < 0) return -1;
  if (x > 86400L * 30) {
    cli_errorf("%s %s: at most 30 days (2592000 s)", opt, v);
    return -1;
  }
  *out = x;
  return 0;
}

static int parse_size(const char *v, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  unsigned long long mul = 1;
  if (*end == 'K' || *end == 'k') mul = 1024, end++;
  else if (*end == 'M' || *end == 'm') mul = 1024 * 1024, end++;
  if (errno || end == v || *end || v[0] == '-' || x == 0 || x > (1ULL << 40) / mul ||
      x * mul > SR_IO_MAX_FILE) {
    cli_errorf("--max-bytes '%s': want a size from 1 to 256M (K and M suffixes)", v);
    return -1;
  }
  *out = (size_t)(x * mul);
  return 0;
}

static int parse_args(int argc, char **argv, watch_opts *o, sr_ctx_opts *copts) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    long x;
    if (a[0] != '-') {
      if (o->list) {
        cli_errorf("one LIST only (got '%s' and '%s'); put every source into one list", o->list, a);
        return CLI_USAGE;
      }
      o->list = a;
    } else if (cli_is_help(a)) {
      fputs(watch_usage, stdout);
      return -1;
    } else if (!strcmp(a, "--once")) {
      o->once = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      o->quiet = 1;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->db = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--nats", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->nats = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--jsonl", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->jsonl = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--state", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->state = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--interval", &v)) != 0) {
      if (m < 0 || parse_seconds("--interval", v, 1, &o->interval) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--timeout", &v)) != 0) {
      if (m < 0 || parse_seconds("--timeout", v, 1, &o->timeout) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--backoff", &v)) != 0) {
      if (m < 0 || parse_seconds("--backoff", v, 1, &o->backoff) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--backoff-max", &v)) != 0) {
      if (m < 0 || parse_seconds("--backoff-max", v, 1, &o->backoff_max) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--queue-wait", &v)) != 0) {
      if (m < 0 || parse_seconds("--queue-wait", v, 0, &o->queue_wait) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--max-redirects", &v)) != 0) {
      if (m < 0 || cli_parse_long("--max-redirects", v, 0, &x) < 0) return CLI_USAGE;
      if (x > 20) {
        cli_errorf("--max-redirects %s: at most 20", v);
        return CLI_USAGE;
      }
      o->max_redirs = (int)x;
    } else if ((m = cli_opt_value(argc, argv, &i, "--parallel", &v)) != 0) {
      if (m < 0 || cli_parse_long("--parallel", v, 1, &x) < 0) return CLI_USAGE;
      if (x > SR_FETCH_MAX_PARALLEL) {
        cli_errorf("--parallel %s: at most %d", v, SR_FETCH_MAX_PARALLEL);
        return CLI_USAGE;
      }
      o->parallel = (int)x;
    } else if ((m = cli_opt_value(argc, argv, &i, "--max-bytes", &v)) != 0) {
      if (m < 0 || parse_size(v, &o->max_bytes) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--host-delay", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      char *end;
      double d = strtod(v, &end);
      if (end == v || *end || !isfinite(d) || d < 0 || d > 3600) {
        cli_errorf("--host-delay '%s': want seconds from 0 to 3600 (decimals allowed)", v);
        return CLI_USAGE;
      }
      o->host_delay = d;
    } else if ((m = cli_ctx_option(argc, argv, &i, "watch", copts, 1)) != 0) {
      if (m < 0) return CLI_USAGE;
    } else {
      return cli_unknown_option(a, watch_usage);
    }
  }
  int sinks = !!o->db + !!o->nats + !!o->jsonl;
  if (sinks != 1) {
    cli_errorf("%s; see 'sitrep watch --help'",
               sinks ? "give one of --db, --nats and --jsonl, not several"
                     : "where should documents go? give --db FILE, --nats URL or --jsonl FILE");
    return CLI_USAGE;
  }
  if (!o->list) {
    cli_errorf("no LIST given: a file with one 'feed URL' or 'page URL' a line");
    return CLI_USAGE;
  }
  if (o->backoff_max < o->backoff) o->backoff_max = o->backoff;
  return 0;
}

static void list_err(const sr_error *e, void *ud) {
  (void)ud;
  cli_report(e, NULL, 0);
}

static int open_sink(watch_run *r, const sr_ctx_opts *copts) {
  sr_error err;
  sr_error_clear(&err);
  if (r->o.jsonl) {
    r->sink = SINK_JSONL;
    r->out = strcmp(r->o.jsonl, "-") ? fopen(r->o.jsonl, "a") : stdout;
    if (!r->out) {
      cli_errorf("cannot open %s for appending: %s", r->o.jsonl, strerror(errno));
      return -1;
    }
    return 0;
  }
  if (r->o.nats) {
    r->sink = SINK_NATS;
    if (!sr_queue_available()) {
      sr_queue_open(&r->q, NULL, &err);
      cli_errorf("--nats: %s", err.msg);
      return -1;
    }
    sr_queue_opts qo = {.url = r->o.nats};
    if (sr_queue_open(&r->q, &qo, &err) < 0) {
      cli_errorf("%s", err.msg);
      return -1;
    }
    return 0;
  }
  r->sink = SINK_DB;
  if (sr_ctx_open(&r->ctx, copts, &err) < 0 || !r->ctx) {
    cli_report(&err, NULL, 0);
    return -1;
  }
  if (cli_store_open(&r->st, r->o.db, SR_STORE_CREATE)) return -1;
  r->docs.st = r->st;
  r->docs.lock_fd = -1;
  r->docs.doc = sr_doc_new(r->ctx);
  if (!r->docs.doc) {
    cli_errorf("out of memory");
    return -1;
  }
  return 0;
}

static void close_all(watch_run *r) {
  if (r->out && r->out != stdout) fclose(r->out);
  sr_queue_close(r->q);
  sr_doc_free(r->docs.doc);
  sr_store_close(r->st);
  sr_ctx_free(r->ctx);
  sr_feed_state_close(r->state);
  sr_hosts_free(r->hosts);
  sr_source_list_free(&r->list);
  sr_buf_free(&r->line);
}

int cmd_watch(int argc, char **argv) {
  watch_run r;
  memset(&r, 0, sizeof r);
  sr_ctx_opts copts = {0};
  r.o.interval = 300;
  r.o.timeout = 30;
  r.o.backoff = 60;
  r.o.backoff_max = 3600;
  r.o.queue_wait = 60;
  r.o.host_delay = 1.0;
  r.o.max_bytes = SR_FEED_MAX_BYTES_DEFAULT;
  r.o.max_redirs = SR_FEED_MAX_REDIRS;
  r.o.parallel = 8;
  int st = parse_args(argc, argv, &r.o, &copts);
  if (st) return st < 0 ? CLI_OK : st;
  sr_buf_init(&r.line, SR_QUEUE_MAX_MSG + 4096);
  sr_error err;
  sr_error_clear(&err);
  char *text = NULL;
  size_t len = 0;
  if (sr_read_all(r.o.list, LIST_MAX, &text, &len, &err) < 0) {
    cli_errorf("cannot read the list %s: %s", r.o.list, err.msg);
    return CLI_USAGE;
  }
  int rc = sr_source_list_parse(r.o.list, text, len, &r.list, list_err, NULL, &err);
  free(text);
  if (rc < 0) {
    cli_errorf("%s", err.msg);
    close_all(&r);
    return CLI_USAGE;
  }
  if (r.list.n == 0) {
    cli_errorf("%s: no source listed (one 'feed URL' or 'page URL' a line)", r.o.list);
    close_all(&r);
    return CLI_USAGE;
  }
  char state_path[4200];
  snprintf(state_path, sizeof state_path, "%s", r.o.state ? r.o.state : r.o.list);
  if (!r.o.state) strncat(state_path, ".state", sizeof state_path - strlen(state_path) - 1);
  r.hosts = sr_hosts_new();
  if (!r.hosts || sr_feed_state_open(&r.state, state_path, &err) < 0) {
    cli_errorf("%s", r.hosts ? err.msg : "out of memory");
    close_all(&r);
    return CLI_USAGE;
  }
  if (open_sink(&r, &copts) < 0) {
    close_all(&r);
    return CLI_USAGE;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  r.progress = !r.o.quiet && isatty(STDERR_FILENO);
  size_t passes = 0;
  while (!g_stop) {
    size_t f0 = r.fetched, n0 = r.not_modified, d0 = r.docs_new, e0 = r.failed;
    long next = watch_pass(&r);
    passes++;
    clear_progress(&r);
    if (!r.o.quiet && (r.o.once || r.fetched > f0 || r.failed > e0))
      cli_errorf("pass %zu: %zu sources asked, %zu fetched, %zu not modified, %zu new documents, %zu failed, "
                 "%zu backing off after failures", passes, r.pass_done, r.fetched - f0, r.not_modified - n0,
                 r.docs_new - d0, r.failed - e0, r.pass_waiting);
    if (r.o.once) break;
    long long until = mono_ms() + (long long)next * 1000;
    while (!g_stop && mono_ms() < until) {
      draw_progress(&r, 1);
      nap_ms(until - mono_ms() > 1000 ? 1000 : until - mono_ms());
    }
  }
  clear_progress(&r);
  int status = r.pass_failed || r.pass_waiting ? CLI_PARTIAL : CLI_OK;
  if (!r.o.quiet && !r.o.once)
    cli_errorf("stopped: %zu fetched, %zu not modified, %zu new documents, %zu known, %zu failed requests",
               r.fetched, r.not_modified, r.docs_new, r.docs_known, r.failed);
  close_all(&r);
  return status;
}
