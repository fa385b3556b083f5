/* cli/cmd_worker.c - `sitrep worker`: take documents from the queue (NATS JetStream),
 * code them and store them, acking each message only after the store committed its
 * document. A worker killed at any moment loses nothing: the messages it held come back
 * after --ack-wait, and a document it had already stored is found unchanged (same id and
 * text) and acked without a second copy. Several workers may share one store file (one
 * short transaction per document; SQLite lets one writer in at a time and the others
 * wait) and code in parallel. With --pg DSN the batch is appended to the PostgreSQL store's
 * document log instead, and whichever worker holds the merger's lock merges the log
 * (include/sitrep/store_pg.h). The counters are served as JSON on --status PORT.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_docs.h"
#include "cli_store.h"
#include "cmd.h"
#include "sitrep/queue.h"
#include "sitrep/sitrep.h"
#include "sitrep/store.h"
#include "sitrep/store_pg.h"

#define MAX_BATCH 256
#define LAG_EVERY_MS 2000
#define RATE_WINDOW_MS 10000

static const char worker_usage[] =
    "usage: sitrep worker --nats URL (--db FILE | --pg DSN) [OPTIONS]\n"
    "\n"
    "Take documents from the queue at URL (the NATS JetStream work queue that\n"
    "'sitrep watch --nats' and 'sitrep ingest --nats' fill), code them and store them\n"
    "with their merged events, as 'sitrep ingest' does. A message is acked only once\n"
    "the store committed its document; one that fails for the store's sake (busy, disk\n"
    "full) comes back later, one that is no document is reported and dropped. Start as\n"
    "many workers as there are cores; they may share one store file.\n"
    "\n"
    "Options:\n"
    "  --nats URL            the queue (nats://HOST:4222); required\n"
    "  --db FILE             the store (SQLite; created when missing)\n"
    "  --pg DSN              the PostgreSQL store instead (a libpq connection string or\n"
    "                        postgresql:// URI; the schema is made when missing). The workers\n"
    "                        append to its document log; one of them at a time merges it\n"
    "                        (README \"The PostgreSQL store\")\n"
    "  --pg-wait SECONDS     wait this long for a PostgreSQL server that is down at start\n"
    "                        (default 30; later outages: the batch goes back to the queue\n"
    "                        and is retried)\n"
    "  --batch N             messages taken and stored in one transaction (default 32,\n"
    "                      at most 256)\n"
    "  --ack-wait SECONDS    a message not acked this long goes to another worker\n"
    "                        (default 60; set when the consumer is first made)\n"
    "  --status PORT         serve the counters as JSON on http://127.0.0.1:PORT/status\n"
    "  --idle-exit SECONDS   stop once the queue gave nothing for this long\n"
    "  --lexicon PATH        lexicon image\n"
    "  --gazetteer PATH      gazetteer image\n"
    "  --no-gazetteer        run without a gazetteer\n"
    "  --quiet               no progress line and no summary\n"
    "  -h, --help            show this help\n"
    "\n"
    "Status JSON: documents (taken), new, unchanged, replaced, duplicates, events,\n"
    "errors (documents dropped), store_retries, queue_errors, docs_per_s (last 10 s),\n"
    "lag (messages not yet acked by any worker), queue_up, uptime_s, first_ms and\n"
    "last_ms (unix time in ms of the first message taken and the last handled),\n"
    "code_ms and store_ms (time spent coding and storing, waiting for the store's\n"
    "write lock included).\n"
    "SIGINT or SIGTERM stops after the message in hand.\n"
    "\n"
    "Exit status: 0 stopped with every message taken handled; 1 some message was no\n"
    "document (reported on stderr and dropped); 2 usage error, or the queue, store or\n"
    "images could not be opened (a queue that goes down later is waited for).\n";

typedef struct worker_stats {
  pthread_mutex_t mu;
  size_t taken, added, same, replaced, dups, events, bad, store_retries, queue_errors;
  long long lag;
  int queue_up;
  double rate;
  long long t0;
  long long first_ms, last_ms; /* wall clock (unix ms) of the first message taken and the last handled */
  long long code_ms, store_ms;  /* time spent coding (and asking the store) and storing (lock wait included) */
} worker_stats;

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

static long long wall_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(long long ms) {
  while (ms > 0 && !g_stop) {
    long long k = ms > 200 ? 200 : ms;
    struct timespec ts = {(time_t)(k / 1000), (long)(k % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    ms -= k;
  }
}

static int stats_json(worker_stats *w, char *buf, size_t cap) {
  pthread_mutex_lock(&w->mu);
  int n = snprintf(buf, cap,
                   "{\"documents\":%zu,\"new\":%zu,\"unchanged\":%zu,\"replaced\":%zu,\"duplicates\":%zu,"
                   "\"events\":%zu,\"errors\":%zu,\"store_retries\":%zu,\"queue_errors\":%zu,"
                   "\"docs_per_s\":%.2f,\"lag\":%lld,\"queue_up\":%s,\"uptime_s\":%lld,\"first_ms\":%lld,"
                   "\"last_ms\":%lld,\"code_ms\":%lld,\"store_ms\":%lld}\n",
                   w->taken, w->added, w->same, w->replaced, w->dups, w->events, w->bad, w->store_retries,
                   w->queue_errors, w->rate, w->lag, w->queue_up ? "true" : "false",
                   (mono_ms() - w->t0) / 1000, w->first_ms, w->last_ms, w->code_ms, w->store_ms);
  pthread_mutex_unlock(&w->mu);
  return n;
}

static enum MHD_Result on_status(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                 const char *version, const char *upload, size_t *upload_size, void **cc) {
  (void)version, (void)upload, (void)upload_size, (void)cc;
  worker_stats *w = cls;
  char buf[1024];
  unsigned code = 200;
  const char *ctype = "application/json";
  if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
    snprintf(buf, sizeof buf, "{\"error\":\"only GET\"}\n");
    code = 405;
  } else if (strcmp(url, "/status") && strcmp(url, "/")) {
    snprintf(buf, sizeof buf, "{\"error\":\"not found: the counters are at /status\"}\n");
    code = 404;
  } else {
    stats_json(w, buf, sizeof buf);
  }
  struct MHD_Response *r = MHD_create_response_from_buffer(strlen(buf), buf, MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", ctype);
  enum MHD_Result ok = MHD_queue_response(conn, code, r);
  MHD_destroy_response(r);
  return ok;
}

typedef struct worker_opts {
  const char *nats, *db, *pg;
  long batch, ack_wait, status_port, idle_exit, pg_wait;
  int quiet;
} worker_opts;

static int parse_args(int argc, char **argv, worker_opts *o, sr_ctx_opts *copts) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (cli_is_help(a)) {
      fputs(worker_usage, stdout);
      return -1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      o->quiet = 1;
    } else if ((m = cli_opt_value(argc, argv, &i, "--nats", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->nats = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->db = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--pg", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o->pg = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--pg-wait", &v)) != 0) {
      if (m < 0 || cli_parse_long("--pg-wait", v, 0, &o->pg_wait) < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--batch", &v)) != 0) {
      if (m < 0 || cli_parse_long("--batch", v, 1, &o->batch) < 0) return CLI_USAGE;
      if (o->batch > MAX_BATCH) {
        cli_errorf("--batch %s: at most %d", v, MAX_BATCH);
        return CLI_USAGE;
      }
    } else if ((m = cli_opt_value(argc, argv, &i, "--ack-wait", &v)) != 0) {
      if (m < 0 || cli_parse_long("--ack-wait", v, 1, &o->ack_wait) < 0) return CLI_USAGE;
      if (o->ack_wait > 86400) {
        cli_errorf("--ack-wait %s: at most 86400 s", v);
        return CLI_USAGE;
      }
    } else if ((m = cli_opt_value(argc, argv, &i, "--status", &v)) != 0) {
      if (m < 0 || cli_parse_long("--status", v, 1, &o->status_port) < 0) return CLI_USAGE;
      if (o->status_port > 65535) {
        cli_errorf("--status %s: a port from 1 to 65535", v);
        return CLI_USAGE;
      }
    } else if ((m = cli_opt_value(argc, argv, &i, "--idle-exit", &v)) != 0) {
      if (m < 0 || cli_parse_long("--idle-exit", v, 1, &o->idle_exit) < 0) return CLI_USAGE;
    } else if ((m = cli_ctx_option(argc, argv, &i, "worker", copts, 1)) != 0) {
      if (m < 0) return CLI_USAGE;
    } else {
      return cli_unknown_option(a, worker_usage);
    }
  }
  if (!o->nats) {
    cli_errorf("--nats URL is required (the queue, e.g. nats://127.0.0.1:4222)");
    return CLI_USAGE;
  }
  if (o->pg && o->db) {
    cli_errorf("--db and --pg: one store, please (SQLite file or PostgreSQL)");
    return CLI_USAGE;
  }
  if (!o->db && !o->pg) {
    cli_errorf("--db FILE or --pg DSN is required (the store the documents go to)");
    return CLI_USAGE;
  }
  if (o->pg && !sr_pg_available()) {
    sr_error err;
    sr_error_clear(&err);
    sr_pg *pg = NULL;
    sr_pg_open(&pg, o->pg, NULL, &err);
    cli_errorf("%s", err.msg);
    return CLI_USAGE;
  }
  if (!sr_queue_available()) {
    sr_error err;
    sr_error_clear(&err);
    sr_queue *q = NULL;
    sr_queue_open(&q, NULL, &err);
    cli_errorf("%s", err.msg);
    return CLI_USAGE;
  }
  return 0;
}

static void progress(const worker_stats *w, int on) {
  if (!on) return;
  fprintf(stderr, "\r\033[K%zu documents (%zu new, %zu unchanged), %.1f/s, lag %lld, %zu errors", w->taken,
          w->added, w->same, w->rate, w->lag, w->bad);
  fflush(stderr);
}

/* One batch of messages: each document coded, all stored in one transaction, then each
 * message acked (stored, or already there), termed (no document: reported) or, when the
 * transaction failed (store busy, disk full), handed back for later. Returns 1 on a store
 * failure. */
static int handle_batch(sr_queue_msg **msgs, int n, cli_docs_item *items, cli_docs *d, sr_ctx *ctx,
                        worker_stats *w, int tty) {
  cli_docs before = *d;
  int trouble = 0;
  long long t0 = mono_ms();
  char names[MAX_BATCH][40];
  const char *name_of[MAX_BATCH], *data[MAX_BATCH];
  size_t lens[MAX_BATCH];
  for (int i = 0; i < n; i++) {
    data[i] = sr_queue_msg_data(msgs[i], &lens[i]);
    snprintf(names[i], sizeof names[i], "queue message %llu", (unsigned long long)sr_queue_msg_seq(msgs[i]));
    name_of[i] = names[i];
  }
  trouble = cli_docs_prepare_all(d, ctx, items, n, name_of, data, lens) < 0;
  long long t1 = mono_ms();
  if (!trouble) trouble = (d->pg ? cli_docs_commit_pg(d, items, n) : cli_docs_commit(d, items, n)) < 0;
  long long t2 = mono_ms();
  sr_error err;
  sr_error_clear(&err);
  if (trouble) {
    sr_error why = d->err;
    *d = before; /* nothing of the batch counts: it comes back */
    d->err = why;
    if (tty) fputs("\r\033[K", stderr);
    cli_errorf("store %s: %s; %d message%s go back to the queue", "error", why.msg, n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++) sr_queue_nak(msgs[i], 2000, &err);
  } else {
    for (int i = 0; i < n; i++) {
      if (items[i].state == CLI_ITEM_BAD) {
        if (tty) fputs("\r\033[K", stderr);
        cli_errorf("queue message %llu: %s; not a storable document, dropped",
                   (unsigned long long)sr_queue_msg_seq(msgs[i]), items[i].err.msg);
        sr_queue_term(msgs[i], &err);
      } else if (sr_queue_ack(msgs[i], &err) < 0) { /* it comes back and is found stored */
        if (tty) fputs("\r\033[K", stderr);
        cli_errorf("queue message %llu: %s (it will be delivered again and found stored)",
                   (unsigned long long)sr_queue_msg_seq(msgs[i]), err.msg);
      }
    }
  }
  pthread_mutex_lock(&w->mu);
  w->last_ms = wall_ms();
  w->code_ms += t1 - t0;
  w->store_ms += t2 - t1;
  if (trouble) w->store_retries += (size_t)n;
  else w->taken += (size_t)n;
  w->added += d->added - before.added, w->same += d->same - before.same;
  w->replaced += d->replaced - before.replaced, w->dups += d->dups - before.dups;
  w->events += d->events - before.events, w->bad += d->bad - before.bad;
  pthread_mutex_unlock(&w->mu);
  return trouble;
}

/* The PostgreSQL store: merge what is logged when this worker is the merger. Merging in
 * large rounds is cheaper per document (an event several documents join is published once
 * a round), so the merger takes a turn when MERGE_EVERY documents are waiting (asked before
 * each batch: its own and the other workers' documents) and merges everything logged, in
 * rounds of up to 1024, up to TURN_MS at a time. While that many wait it does not code: the
 * others code on, so the merger codes only what merging leaves time for. The other workers
 * try the merger's lock after MERGE_EVERY documents of their own and when idle (the queue
 * gave nothing), and at exit (all) a worker waits for the merger's lock and merges until
 * nothing is left. Acks are not held up: a batch is acked before the turn. A failed merge is
 * said once and retried later: the log keeps every document meanwhile. Becoming the merger
 * is said once (unless quiet). While there is merging to do the merger asks the queue with
 * a short wait (MERGER_FETCH_MS), so a drained queue does not hold the last turn up. */
#define MERGE_EVERY 256
#define TURN_MS 5000
#define MERGER_FETCH_MS 100
typedef struct pg_merge_state {
  int failing, quiet;
  int merger, said; /* this worker holds the merger's lock (as of the last turn); said so */
  long since; /* documents taken since the last turn */
  int busy;   /* the last turn merged something: more may come soon */
} pg_merge_state;

static long pg_merge(sr_pg *pg, int all, int tty, pg_merge_state *ms) {
  int *failing = &ms->failing;
  long long t0 = mono_ms();
  long total = 0;
  ms->since = 0;
  ms->busy = 0;
  for (;;) {
    sr_error err;
    sr_error_clear(&err);
    long n = 0, refused = 0;
    int rc = sr_pg_merge(pg, 1024, all, &n, &refused, &err);
    if (rc < 0) {
      if (!*failing) {
        if (tty) fputs("\r\033[K", stderr);
        cli_errorf("merge: %s; retried later (the documents are in the log)", err.msg);
      }
      *failing = 1;
      return total;
    }
    if (*failing) cli_errorf("merging again");
    *failing = 0;
    if (n >= 0 && !ms->said && !ms->quiet) {
      if (tty) fputs("\r\033[K", stderr);
      cli_errorf("this worker is the merger of %s now", sr_pg_name(pg));
    }
    ms->merger = n >= 0;
    ms->said |= ms->merger;
    if (refused) cli_errorf("merge: %ld logged document%s refused by the store (as sitrep ingest refuses them)",
                            refused, refused == 1 ? "" : "s");
    if (n > 0) ms->busy = 1, total += n;
    if (all ? n <= 0 : n < 1024 || g_stop || mono_ms() - t0 > TURN_MS) return total;
  }
}

static int open_pg(const worker_opts *o, sr_pg **pg) {
  sr_error err;
  sr_error_clear(&err);
  sr_pg_opts po = {.create = 1, .wait_s = (double)o->pg_wait, .quiet = o->quiet};
  if (sr_pg_open(pg, o->pg, &po, &err) < 0) {
    cli_errorf("%s", err.msg);
    return CLI_USAGE;
  }
  return 0;
}

/* the status endpoint on 127.0.0.1:port, answering from w (borrowed until stopped); NULL when
 * it cannot listen */
static struct MHD_Daemon *status_start(long port, worker_stats *w) {
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, on_status, w,
                          MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT, 16u,
                          MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
}

/* the queue's lag and, every half window, the rate since *rate_t (documents taken since
 * *rate_n), into w under its lock */
static void refresh_counters(sr_queue *q, worker_stats *w, long long now, long long *rate_t, size_t *rate_n) {
  sr_error le;
  sr_error_clear(&le);
  long long lag = sr_queue_lag(q, &le);
  pthread_mutex_lock(&w->mu);
  if (lag >= 0) w->lag = lag;
  if (now - *rate_t >= RATE_WINDOW_MS / 2) {
    w->rate = (double)(w->taken - *rate_n) * 1000.0 / (double)(now - *rate_t);
    *rate_n = w->taken;
    *rate_t = now;
  }
  pthread_mutex_unlock(&w->mu);
}

int cmd_worker(int argc, char **argv) {
  worker_opts o = {.batch = 32, .ack_wait = 60, .pg_wait = 30};
  sr_ctx_opts copts = {0};
  int st = parse_args(argc, argv, &o, &copts);
  if (st) return st < 0 ? CLI_OK : st;
  sr_error err;
  sr_error_clear(&err);
  sr_ctx *ctx = NULL;
  if (sr_ctx_open(&ctx, &copts, &err) < 0 || !ctx) {
    cli_report(&err, NULL, 0);
    sr_ctx_free(ctx);
    return CLI_USAGE;
  }
  sr_store *store = NULL;
  sr_pg *pg = NULL;
  if (o.pg ? open_pg(&o, &pg) : cli_store_open(&store, o.db, SR_STORE_CREATE)) {
    sr_ctx_free(ctx);
    return CLI_USAGE;
  }
  cli_docs docs = {.st = store, .pg = pg, .doc = sr_doc_new(ctx), .lock_fd = -1};
  if (!pg) cli_docs_lock_open(&docs, o.db);
  pg_merge_state merge_state = {.quiet = o.quiet};
  sr_queue *q = NULL;
  sr_queue_opts qo = {.url = o.nats, .ack_wait_s = o.ack_wait};
  if (!docs.doc || sr_queue_open(&q, &qo, &err) < 0 || sr_queue_subscribe(q, &err) < 0) {
    cli_errorf("%s", docs.doc ? err.msg : "out of memory");
    sr_queue_close(q);
    sr_doc_free(docs.doc);
    sr_store_close(store);
    sr_pg_close(pg);
    sr_ctx_free(ctx);
    return CLI_USAGE;
  }
  worker_stats w = {.queue_up = 1, .t0 = mono_ms(), .lag = -1};
  pthread_mutex_init(&w.mu, NULL);
  struct MHD_Daemon *mhd = NULL;
  if (o.status_port) {
    mhd = status_start(o.status_port, &w);
    if (!mhd) {
      cli_errorf("--status %ld: cannot listen on 127.0.0.1:%ld (port in use?)", o.status_port, o.status_port);
      sr_queue_close(q);
      sr_doc_free(docs.doc);
      sr_store_close(store);
      sr_pg_close(pg);
      sr_ctx_free(ctx);
      return CLI_USAGE;
    }
  }
  struct sigaction sact;
  memset(&sact, 0, sizeof sact);
  sact.sa_handler = on_signal;
  sigaction(SIGINT, &sact, NULL);
  sigaction(SIGTERM, &sact, NULL);
  int tty = !o.quiet && isatty(STDERR_FILENO);
  long long last_msg = mono_ms(), last_lag = 0, rate_t = mono_ms(), wait = 250;
  size_t rate_n = 0;
  int down = 0;
  sr_queue_msg *msgs[MAX_BATCH];
  cli_docs_item *items = calloc(MAX_BATCH, sizeof *items);
  if (!items) {
    cli_errorf("out of memory");
    g_stop = 1;
  }
  while (!g_stop) {
    long long now = mono_ms();
    if (now - last_lag >= LAG_EVERY_MS) {
      refresh_counters(q, &w, now, &rate_t, &rate_n);
      last_lag = now;
      progress(&w, tty);
    }
    if (pg && merge_state.merger && !merge_state.failing) {
      sr_error_clear(&err);
      if (sr_pg_unmerged(pg, &err) >= MERGE_EVERY && pg_merge(pg, 0, tty, &merge_state) > 0) continue;
    }
    int n = 0;
    sr_error_clear(&err);
    int fetch_ms = merge_state.merger && (merge_state.since || merge_state.busy) ? MERGER_FETCH_MS : 1000;
    if (sr_queue_fetch(q, msgs, (int)o.batch, fetch_ms, &n, &err) < 0) {
      pthread_mutex_lock(&w.mu);
      w.queue_errors++;
      w.queue_up = 0;
      pthread_mutex_unlock(&w.mu);
      if (!down) {
        if (tty) fputs("\r\033[K", stderr);
        cli_errorf("%s; waiting for it to come back", err.msg);
      }
      down = 1;
      nap_ms(wait);
      if (wait < 4000) wait *= 2;
      continue;
    }
    if (down) {
      if (tty) fputs("\r\033[K", stderr);
      cli_errorf("the queue at %s is back", o.nats);
      pthread_mutex_lock(&w.mu);
      w.queue_up = 1;
      pthread_mutex_unlock(&w.mu);
      down = 0;
    }
    wait = 250;
    if (n == 0) {
      if (pg) pg_merge(pg, 0, tty, &merge_state);
      if (o.idle_exit && mono_ms() - last_msg >= o.idle_exit * 1000) break;
      continue;
    }
    last_msg = mono_ms();
    if (!w.first_ms) {
      pthread_mutex_lock(&w.mu);
      w.first_ms = wall_ms();
      pthread_mutex_unlock(&w.mu);
    }
    int trouble = handle_batch(msgs, n, items, &docs, ctx, &w, tty);
    for (int i = 0; i < n; i++) sr_queue_msg_free(msgs[i]);
    if (trouble) nap_ms(2000);
    else if (pg && (merge_state.since += n) >= MERGE_EVERY && !merge_state.merger)
      pg_merge(pg, 0, tty, &merge_state);
  }
  if (pg) pg_merge(pg, 1, tty, &merge_state); /* nothing logged is left unmerged */
  if (tty) fputs("\r\033[K", stderr);
  if (mhd) MHD_stop_daemon(mhd);
  sr_queue_close(q);
  if (!o.quiet)
    cli_errorf("%zu documents: %zu new, %zu unchanged, %zu replaced, %zu near-duplicates, %zu events, "
               "%zu dropped, %zu store retries", w.taken, w.added, w.same, w.replaced, w.dups, w.events, w.bad,
               w.store_retries);
  int status = w.bad ? CLI_PARTIAL : CLI_OK;
  pthread_mutex_destroy(&w.mu);
  for (int i = 0; items && i < MAX_BATCH; i++) cli_docs_item_free(&items[i]);
  free(items);
  cli_docs_lock_close(&docs);
  sr_doc_free(docs.doc);
  sr_store_close(store);
  sr_pg_close(pg);
  sr_ctx_free(ctx);
  return status;
}
