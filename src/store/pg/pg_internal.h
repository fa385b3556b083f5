/* src/store/pg/pg_internal.h - shared by the PostgreSQL store's files; not installed.
 * Only compiled with libpq (SITREP_HAVE_PG). */
#ifndef SITREP_PG_INTERNAL_H
#define SITREP_PG_INTERNAL_H
#include <libpq-fe.h>
#include <stdint.h>

#ifndef LIBPQ_HAS_PIPELINING
#error "the PostgreSQL store needs libpq 14 or newer (pipeline mode)"
#endif

#include "sitrep/store_pg.h"

#define SR_PG_FOLD_BATCH 128    /* log rows read per round trip while folding */
#define SR_PG_MAX_EVENTS 100000 /* coded events of one logged document */
#define SR_PG_PIPE_DEPTH 256    /* statements pipelined before their results are read */
#define SR_PG_MERGE_ROUND 1024  /* documents merged and published in one transaction */

struct sr_pg {
  PGconn *c; /* NULL while disconnected */
  char dsn[SR_PG_MAX_DSN];
  char name[320]; /* host:port/dbname */
  sr_pg_opts o;
  int merger;            /* 1 while this connection holds SR_PG_MERGE_KEY */
  unsigned prepared;     /* publication statements prepared on this connection (pg_publish.c) */
  int queued;            /* statements pipelined since the last sync (sr_pg_pipe_*) */
  const char *pipe_what; /* what the pipeline does, for messages (static) */
  sr_store *work;        /* the merger's working store (a private SQLite file), or NULL */
  char work_path[4096];
  long long work_seq; /* log seq folded into work */
  long long rep_seq;  /* log seq folded into the replica of sr_pg_replica */
};

/* ---- connection (pg_conn.c) */
/* Connected, or connect now (with o.wait_s of retries when the server is down). */
int sr_pg_connect(sr_pg *pg, sr_error *err);
/* Forget a broken connection (a later call reconnects); the merger lock goes with it. */
void sr_pg_drop(sr_pg *pg);
/* Run sql with n text parameters (vals; lens/fmts NULL for text, fmts[i] 1 for binary).
 * resfmt 1: binary results. *res (may be NULL: cleared) gets the result; SR_EIO with
 * "what: message" when it failed (the connection is dropped when it broke). */
int sr_pg_exec(sr_pg *pg, const char *what, const char *sql, int n, const char *const *vals,
               const int *lens, const int *fmts, int resfmt, PGresult **res, sr_error *err);
/* Plain statements without parameters and results (BEGIN, COMMIT ...). */
int sr_pg_cmd(sr_pg *pg, const char *what, const char *sql, sr_error *err);
/* Roll an open transaction back (errors ignored). */
void sr_pg_abort(sr_pg *pg);
/* A 64-bit big-endian integer of a binary result. */
int64_t sr_pg_int8(const PGresult *r, int row, int col);

/* Pipeline mode: sr_pg_pipe_begin, then statements sent with PQsendQuery* (no result
 * read) each followed by sr_pg_pipe_sent(pg, what PQsend* returned), then sr_pg_pipe_end
 * with the status so far: it reads the results (every SR_PG_PIPE_DEPTH statements
 * sr_pg_pipe_sent reads them too, so neither side waits on a full socket buffer) and leaves
 * pipeline mode. Errors: the first failed statement's (SR_EIO; the open transaction is then
 * aborted and must be rolled back), or the connection's (dropped). what is static. */
int sr_pg_pipe_begin(sr_pg *pg, const char *what, sr_error *err);
int sr_pg_pipe_sent(sr_pg *pg, int ok, sr_error *err);
int sr_pg_pipe_end(sr_pg *pg, const char *what, int rc, sr_error *err);

/* ---- schema (pg_schema.c) */
int sr_pg_migrate(sr_pg *pg, int create, sr_error *err);

/* ---- coded events as logged (pg_codec.c) */
/* Append nev events to out as text, one line each. */
int sr_pg_encode(const sr_event *ev, size_t nev, sr_buf *out, sr_error *err);
/* Decode a logged text (modified in place: it must stay alive while *ev is used) into a
 * malloc'd array (caller frees) whose events point at doc_text. SR_EINPUT when malformed. */
int sr_pg_decode(char *coded, size_t len, const char *doc_text, size_t doc_len, sr_event **ev,
                 size_t *nev, sr_error *err);

/* ---- folding the log into a SQLite store (pg_fold.c) */
typedef struct sr_pg_fold_cb {
  /* before / after one document is added (publication); may be NULL */
  int (*before)(void *ud, const char *ext_id, sr_error *err);
  int (*after)(void *ud, const char *ext_id, sr_error *err);
  void *ud;
} sr_pg_fold_cb;
/* Fold the log rows with from < seq <= to, at most max of them (0: all), into st inside its
 * open transaction. *last receives the last seq folded, *n the documents, *refused those the
 * store refused. */
int sr_pg_fold(sr_pg *pg, sr_store *st, long long from, long long to, long max,
               const sr_pg_fold_cb *cb, long long *last, long *n, long *refused, sr_error *err);
/* merge_state's seq (what is merged), and the log's last seq. */
int sr_pg_merged_seq(sr_pg *pg, long long *seq, sr_error *err);
int sr_pg_log_seq(sr_pg *pg, long long *seq, sr_error *err);
/* Settings of a store only this process uses and that is made again from the log when lost
 * (the merger's working store): no journal file, no syncing, no shared-memory locking. */
int sr_pg_private_store(sr_store *st, sr_error *err);
/* Remove the merger's working store files (work_path, -wal, -shm). */
void sr_pg_work_remove(sr_pg *pg);

/* ---- publishing folded rows (pg_publish.c) */
typedef struct sr_pg_pub sr_pg_pub;
/* Collects the events one fold touches (the documents' reports before and after). */
int sr_pg_pub_new(sr_pg_pub **out, sr_pg *pg, sr_store *work);
void sr_pg_pub_free(sr_pg_pub *p);
int sr_pg_pub_before(void *ud, const char *ext_id, sr_error *err);
int sr_pg_pub_after(void *ud, const char *ext_id, sr_error *err);
/* Write the collected documents, reports and events into PostgreSQL (inside its open
 * transaction). */
int sr_pg_pub_flush(sr_pg_pub *p, sr_error *err);

#endif
