/* sitrep/store_pg.h - the shared store in PostgreSQL (15+), for many workers on many
 * machines. The embedded SQLite store (sitrep/store.h) stays the default; this one is
 * chosen by --pg DSN and is built only with libpq (sr_pg_available()).
 *
 * Design (README "The PostgreSQL store"): PostgreSQL holds
 *   doc_log    the documents as the workers coded them, in commit order (seq): external
 *              id, content hash, metadata, text and the coded events. Append-only: a
 *              document is appended when its id is new or its text changed; a re-delivered
 *              document (same id, same hash) appends nothing. Workers append under a short
 *              transaction-scoped advisory lock, so seq order is commit order.
 *   documents, reports, events
 *              the merged store, column for column the SQLite tables, published by the
 *              merger, with PostgreSQL's own full text (GIN over the evidence) and a GiST
 *              index over event points.
 *   merge_state the seq up to which the log is merged (published).
 * The merge rule is the one of src/store/merge.c, run by exactly one merger at a time:
 * the process holding the session advisory lock SR_PG_MERGE_KEY folds the log in seq order
 * through a private SQLite working store and publishes every row the fold changed in one
 * PostgreSQL transaction that also advances merge_state (checked under FOR UPDATE, so a
 * merger that lost its lock cannot publish). Folding is deterministic: the same log gives
 * the same rows and ids, so a merger that takes over (the lock is released when its holder
 * dies) replays the log into its own working store and continues where the other stopped.
 * Readers (events, stats, situation, serve --pg) fold the merged part of the log into a
 * local SQLite replica and read it with the SQLite code: the same output by construction.
 *
 *   sr_pg *pg; sr_error err;
 *   if (sr_pg_open(&pg, dsn, &po, &err)) ...
 *   sr_pg_append(pg, docs, n, results, &err);      (a worker, per batch; then ack)
 *   sr_pg_merge(pg, 512, 0, &merged, &err);        (any worker; only the merger folds)
 *   sr_pg_replica(pg, path, &store, &err);         (a reader)
 *   sr_pg_close(pg);
 *
 * Ownership: an sr_pg is owned by its opener, one per thread, freed by sr_pg_close.
 * Errors: 0 or a negative SR_E* with the message in sr_error: SR_EINPUT for a DSN that does
 * not parse or names a database that refuses us (no retry helps), SR_EIO for a server that
 * cannot be reached or a connection lost (retry later: nothing was committed).
 */
#ifndef SITREP_STORE_PG_H
#define SITREP_STORE_PG_H
#include <stddef.h>

#include "sitrep/sitrep.h"
#include "sitrep/store.h"
#include "sitrep/util.h"

#define SR_PG_SCHEMA_VERSION 1
#define SR_PG_MAX_DSN 4096         /* bytes of a DSN */
#define SR_PG_MAX_CODED (4 << 20)  /* bytes of one document's coded events as logged */
#define SR_PG_MAX_BATCH 256        /* documents appended by one sr_pg_append */
#define SR_PG_LOG_KEY 0x73697472   /* advisory lock: appending to doc_log ("sitr") */
#define SR_PG_MERGE_KEY 0x6d657267 /* advisory lock: the merger ("merg") */

typedef struct sr_pg sr_pg;

/* 1 when this build has PostgreSQL support (libpq), else 0. */
int sr_pg_available(void);

typedef struct sr_pg_opts {
  int create;    /* 1: create or migrate the schema (workers); 0: it must exist (readers) */
  double wait_s; /* keep retrying a server that cannot be reached this long (backoff
                    0.25 s doubling to 4 s); 0: one attempt. Only for opening: a lost
                    connection is retried once per later call (the caller's loop backs off) */
  int quiet;     /* 1: no "waiting for PostgreSQL" line on stderr while retrying */
} sr_pg_opts;

/* Connect to dsn (a libpq connection string or postgresql:// URI; borrowed) and check (or,
 * with create, make) the schema. Messages name the server as host:port/dbname, never the
 * password. A database with a newer schema than this build fails with SR_EINPUT. */
int sr_pg_open(sr_pg **out, const char *dsn, const sr_pg_opts *o, sr_error *err);
void sr_pg_close(sr_pg *pg); /* NULL allowed; a held merger lock is released */
/* "host:port/dbname" of the connection, for messages (static per handle). */
const char *sr_pg_name(const sr_pg *pg);

/* 1 when the log's newest version of document id has exactly this text, 0 when not,
 * negative on error (the connection is retried once). */
int sr_pg_has(sr_pg *pg, const char *id, const char *text, size_t len, sr_error *err);

/* sr_pg_has for ids[0..n) (none NULL) with texts[i] of lens[i] bytes (all borrowed; n <=
 * SR_PG_MAX_BATCH) in one statement: has[i] (caller's array of n) 1 or 0. 0, or negative on
 * error (the connection is retried once; SR_EINPUT for a NULL id or n too large). */
int sr_pg_has_all(sr_pg *pg, const char *const *ids, const char *const *texts, const size_t *lens,
                  size_t n, int *has, sr_error *err);

/* One coded document to log; all borrowed. ev[k].text must be text. */
typedef struct sr_pg_doc {
  sr_doc_meta meta;
  const char *text;
  size_t len;
  const sr_event *ev;
  size_t nev;
} sr_pg_doc;
/* Append docs[0..n) (n <= SR_PG_MAX_BATCH) to the log in one transaction: res[i] (may be
 * NULL) is SR_ADD_NEW, SR_ADD_REPLACED (the id had another text) or SR_ADD_SAME (nothing
 * appended; also a second copy of a document earlier in docs). Returns 0
 * once committed; SR_EIO when the transaction did not commit (nothing of it is stored: the
 * caller hands the messages back); SR_EINPUT for a document that cannot be logged (coded
 * events over SR_PG_MAX_CODED). */
int sr_pg_append(sr_pg *pg, const sr_pg_doc *docs, size_t n, sr_add_result *res, sr_error *err);

/* Fold up to max documents of the log into the merged tables when this process is the
 * merger, becoming it when nobody is (wait 1: wait for the lock, as a worker does before it
 * exits so that nothing is left unmerged). *merged (may be NULL) receives the documents
 * folded, -1 when another process is the merger. A document the store refuses (SR_EINPUT
 * from sr_store_add, as `sitrep ingest` skips it) is counted in *refused (may be NULL). */
int sr_pg_merge(sr_pg *pg, long max, int wait, long *merged, long *refused, sr_error *err);
/* Documents appended but not merged yet (log seq past merge_state), or negative. */
long sr_pg_unmerged(sr_pg *pg, sr_error *err);

/* A local SQLite replica of the merged store at path (created; an existing file is
 * replaced): the merged part of the log folded in seq order, so it equals the published
 * tables. The caller owns *out (sr_store_close) and may refresh it with sr_pg_follow. */
int sr_pg_replica(sr_pg *pg, const char *path, sr_store **out, sr_error *err);
/* Fold what was merged since into replica (made by sr_pg_replica with this pg). *n (may be
 * NULL) receives the documents folded. */
int sr_pg_follow(sr_pg *pg, sr_store *replica, long *n, sr_error *err);

/* Size of the PostgreSQL database in bytes (for stats), or negative. */
long long sr_pg_db_bytes(sr_pg *pg, sr_error *err);

#endif
