/* cli/cli_pg.h - `--pg DSN` of the reading commands (events, stats, situation, serve): the
 * merged part of the PostgreSQL store folded into a local SQLite replica in a temporary
 * directory, which the command then reads with its SQLite code (the same output as from
 * a SQLite store of the same documents, by construction). */
#ifndef SITREP_CLI_PG_H
#define SITREP_CLI_PG_H
#include "sitrep/store.h"
#include "sitrep/store_pg.h"

typedef struct cli_pg_replica {
  char dir[4096];     /* the temporary directory ("" when none) */
  char path[4200];    /* the replica's file: pass it where a --db FILE goes */
  sr_pg *pg;          /* kept open by cli_pg_replica_open(keep 1) for cli_pg_replica_follow */
  sr_store *st;       /* the replica's writer (keep 1), else NULL */
  long long pg_bytes; /* the PostgreSQL database's size when opened */
  void *follower;     /* the following thread's state (cli_pg_follow_start), or NULL */
} cli_pg_replica;

/* Connect (retrying a server that is down for a few seconds), fold the merged store into a
 * new replica. keep 1: the connection and the writer stay open for following. Prints
 * "sitrep: ..." naming what failed and returns nonzero (the caller exits 2). */
int cli_pg_replica_open(cli_pg_replica *r, const char *dsn, int keep);
/* Fold what was merged since (keep 1 only); 0, or negative with err set. */
int cli_pg_replica_follow(cli_pg_replica *r, long *n, sr_error *err);
/* `serve --pg`: a thread that folds what was merged into the replica every second (keep 1);
 * a failure is said once on stderr ("serving what was merged before") and retried. Stop it
 * before cli_pg_replica_close. 0, or -1 when the thread could not start. */
int cli_pg_follow_start(cli_pg_replica *r);
void cli_pg_follow_stop(cli_pg_replica *r);
/* Close and remove the replica. Safe on a zeroed or failed r. */
void cli_pg_replica_close(cli_pg_replica *r);

#endif
