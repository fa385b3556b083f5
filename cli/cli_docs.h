/* cli/cli_docs.h - storing document lines (the JSONL message format of the queue, see
 * sr_doc_to_jsonl) one at a time, each in its own short transaction, as `sitrep worker`
 * and `sitrep watch --db` do. Several processes may share one store: SQLite's WAL lets
 * one writer in at a time (BEGIN IMMEDIATE, a 10 s busy wait), documents are coded
 * outside of the write lock, and a document stored twice is a no-op (same id and text).
 */
#ifndef SITREP_CLI_DOCS_H
#define SITREP_CLI_DOCS_H
#include <stddef.h>

#include "sitrep/sitrep.h"
#include "sitrep/store.h"
#include "sitrep/store_pg.h"

typedef struct cli_docs {
  sr_store *st; /* borrowed: opened and closed by the caller (NULL with pg) */
  sr_pg *pg;    /* borrowed: the PostgreSQL store instead of st (cli_docs_commit_pg), or NULL */
  sr_doc *doc;  /* borrowed */
  size_t added, same, replaced, dups, events, bad;
  int store_failed;   /* the last line failed because of the store (busy, disk): try it again */
  sr_error err;       /* the last problem */
  int lock_fd;        /* the writers' lock file (cli_docs_lock_open), -1 when none */
} cli_docs;

/* Processes storing batches into one store take turns through an flock(2) on "DB-writer.lock"
 * beside it: a waiting worker starts the moment the other commits (SQLite's own busy wait
 * polls with sleeps of up to 100 ms), and a killed holder releases it. Sets d->lock_fd (-1
 * and a 0 return when the lock file cannot be made: SQLite's busy wait alone then). */
int cli_docs_lock_open(cli_docs *d, const char *db);
void cli_docs_lock_close(cli_docs *d);

/* Code and store the documents of one JSONL line (name names it in messages). Returns 0
 * when every document of it is stored (new or already there); SR_EINPUT when the line
 * is no document (reported in d->err; retrying will not help); SR_EIO and
 * d->store_failed when the store refused it (busy, disk full: retry later). */
int cli_docs_store_line(cli_docs *d, const char *name, const char *line, size_t len);

/* ---- batches (sitrep worker): the documents of several messages are coded one by one
 * outside of any transaction, then stored in one short transaction, so that a commit is
 * paid once per batch and the write lock is held only while storing. */
typedef struct cli_docs_item {
  sr_doc *doc;        /* owned by the item (its events live there until the next prepare) */
  char *id, *date, *title, *url, *source, *text; /* owned copies of the document's fields */
  size_t len;
  size_t nev;
  int state;          /* CLI_ITEM_* */
  sr_error err;       /* why it is CLI_ITEM_BAD */
} cli_docs_item;
enum { CLI_ITEM_EMPTY = 0, CLI_ITEM_CODED, CLI_ITEM_STORED, CLI_ITEM_BAD };

/* Read the one document of a message line into it and code it, unless the store has it
 * already (then CLI_ITEM_STORED). it->doc is made on first use from ctx. Returns 0, or
 * SR_EIO (d->err) when the store could not be asked. */
int cli_docs_prepare(cli_docs *d, sr_ctx *ctx, cli_docs_item *it, const char *name, const char *line,
                     size_t len);
/* cli_docs_prepare for n message lines into items[0..n) (names, lines, lens borrowed): with
 * the PostgreSQL store the documents already there are asked for in one statement
 * (sr_pg_has_all) instead of one each. Returns 0, or SR_EIO (d->err) as cli_docs_prepare;
 * items before a failure may be prepared. */
int cli_docs_prepare_all(cli_docs *d, sr_ctx *ctx, cli_docs_item *items, int n, const char *const *names,
                         const char *const *lines, const size_t *lens);
/* Store the CLI_ITEM_CODED items of items[0..n) in one transaction; each becomes
 * CLI_ITEM_STORED, or CLI_ITEM_BAD when the store refuses that document for its own fault.
 * Returns 0, or SR_EIO (d->err, d->store_failed) when the transaction was rolled back:
 * nothing of the batch is stored. Counts go to d. */
int cli_docs_commit(cli_docs *d, cli_docs_item *items, int n);
void cli_docs_item_free(cli_docs_item *it); /* frees what it owns */

/* cli_docs_commit for d->pg (cli/cli_docs_pg.c): the coded items appended to the PostgreSQL
 * document log in one transaction (merged later by the merger, sr_pg_merge). A document
 * the log refuses (its events over SR_PG_MAX_CODED) becomes CLI_ITEM_BAD, the rest go in.
 * Returns 0, or SR_EIO (d->err, d->store_failed) when nothing of the batch was committed. */
int cli_docs_commit_pg(cli_docs *d, cli_docs_item *items, int n);

#endif
