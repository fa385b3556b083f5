/* cli/cli_pg.c - the reading commands' replica of the PostgreSQL store (cli_pg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_pg.h"
#include "cmd.h"

int cli_pg_replica_open(cli_pg_replica *r, const char *dsn, int keep) {
  memset(r, 0, sizeof *r);
  sr_error err;
  sr_error_clear(&err);
  sr_pg_opts po = {.create = 0, .wait_s = 5, .quiet = 0};
  if (sr_pg_open(&r->pg, dsn, &po, &err) < 0) {
    cli_errorf("%s", err.msg);
    return -1;
  }
  const char *tmp = getenv("TMPDIR");
  snprintf(r->dir, sizeof r->dir, "%s/sitrep-replica-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(r->dir)) {
    cli_errorf("--pg: cannot make a temporary directory for the replica in %s", tmp && *tmp ? tmp : "/tmp");
    r->dir[0] = 0;
    cli_pg_replica_close(r);
    return -1;
  }
  snprintf(r->path, sizeof r->path, "%s/replica.db", r->dir);
  long long b = sr_pg_db_bytes(r->pg, &err);
  r->pg_bytes = b > 0 ? b : 0;
  if (sr_pg_replica(r->pg, r->path, &r->st, &err) < 0) {
    cli_errorf("--pg: reading %s: %s", sr_pg_name(r->pg), err.msg);
    cli_pg_replica_close(r);
    return -1;
  }
  if (!keep) {
    sr_store_close(r->st);
    r->st = NULL;
    sr_pg_close(r->pg);
    r->pg = NULL;
  }
  return 0;
}

int cli_pg_replica_follow(cli_pg_replica *r, long *n, sr_error *err) {
  if (!r->pg || !r->st) return sr_error_set(err, SR_EINPUT, "the replica is not kept open");
  return sr_pg_follow(r->pg, r->st, n, err);
}

void cli_pg_replica_close(cli_pg_replica *r) {
  sr_store_close(r->st);
  r->st = NULL;
  sr_pg_close(r->pg);
  r->pg = NULL;
  if (r->dir[0]) {
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
      char p[4300];
      snprintf(p, sizeof p, "%s%s", r->path, suffix[i]);
      unlink(p);
    }
    rmdir(r->dir);
    r->dir[0] = 0;
  }
}
