/* cli/cli_pg.c - the reading commands' replica of the PostgreSQL store (cli_pg.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
    cli_errorf("--pg: cannot make a temporary directory for the replica in %s",
               tmp && *tmp ? tmp : "/tmp");
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

typedef struct follower {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stop;
  cli_pg_replica *r;
} follower;

static void *follow_loop(void *arg) {
  follower *f = arg;
  int failing = 0;
  pthread_mutex_lock(&f->mu);
  while (!f->stop) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    pthread_cond_timedwait(&f->cv, &f->mu, &until);
    if (f->stop) break;
    pthread_mutex_unlock(&f->mu);
    sr_error err;
    sr_error_clear(&err);
    long n = 0;
    if (cli_pg_replica_follow(f->r, &n, &err) < 0) {
      if (!failing) cli_errorf("serve --pg: %s; serving what was merged before, retrying", err.msg);
      failing = 1;
    } else if (failing) {
      cli_errorf("serve --pg: following %s again", sr_pg_name(f->r->pg));
      failing = 0;
    }
    pthread_mutex_lock(&f->mu);
  }
  pthread_mutex_unlock(&f->mu);
  return NULL;
}

int cli_pg_follow_start(cli_pg_replica *r) {
  follower *f = calloc(1, sizeof *f);
  if (!f) return -1;
  f->r = r;
  pthread_mutex_init(&f->mu, NULL);
  pthread_cond_init(&f->cv, NULL);
  if (pthread_create(&f->th, NULL, follow_loop, f)) {
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
    return -1;
  }
  r->follower = f;
  return 0;
}

void cli_pg_follow_stop(cli_pg_replica *r) {
  follower *f = r->follower;
  if (!f) return;
  pthread_mutex_lock(&f->mu);
  f->stop = 1;
  pthread_cond_signal(&f->cv);
  pthread_mutex_unlock(&f->mu);
  pthread_join(f->th, NULL);
  pthread_mutex_destroy(&f->mu);
  pthread_cond_destroy(&f->cv);
  free(f);
  r->follower = NULL;
}

void cli_pg_replica_close(cli_pg_replica *r) {
  cli_pg_follow_stop(r);
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
