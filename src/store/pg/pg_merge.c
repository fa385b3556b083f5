/* src/store/pg/pg_merge.c - the merger: one process at a time (the session advisory lock
 * SR_PG_MERGE_KEY; PostgreSQL releases it when its holder's connection ends, a killed
 * worker included) folds the unmerged log through its private SQLite working store and
 * publishes the changed rows with the new merge_state in one transaction. merge_state is
 * read FOR UPDATE and must equal what the working store holds, so even a merger that lost
 * its lock without noticing cannot publish twice. A new merger first replays the merged
 * part of the log into a fresh working store (deterministic: the same rows and ids). */
#ifdef SITREP_HAVE_PG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_internal.h"

/* 1 when this connection is the merger (becoming it when free; wait: block until free). */
static int take_lock(sr_pg *pg, int wait, sr_error *err) {
  if (pg->merger) return 1;
  PGresult *r;
  int rc = sr_pg_exec(pg, "the merger's lock",
                      wait ? "SELECT pg_advisory_lock(1835365991), true"
                           : "SELECT true, pg_try_advisory_lock(1835365991)",
                      0, NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  pg->merger = PQntuples(r) && PQgetvalue(r, 0, 1)[0] == 't';
  PQclear(r);
  return pg->merger;
}

/* A fresh private working store (a temporary SQLite file). */
static int open_work(sr_pg *pg, sr_error *err) {
  if (pg->work) {
    sr_store_close(pg->work);
    pg->work = NULL;
    sr_pg_work_remove(pg);
  }
  const char *tmp = getenv("TMPDIR");
  snprintf(pg->work_path, sizeof pg->work_path, "%s/sitrep-merge-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(pg->work_path);
  if (fd < 0) {
    pg->work_path[0] = 0;
    return sr_error_set(err, SR_EIO, "cannot make the merger's working store in %s",
                        tmp && *tmp ? tmp : "/tmp");
  }
  close(fd);
  unlink(pg->work_path);
  pg->work_seq = 0;
  int rc = sr_store_open(&pg->work, pg->work_path, SR_STORE_CREATE, err);
  return rc ? rc : sr_pg_private_store(pg->work, err);
}

/* Replay the log up to seq into the working store (nothing published). */
static int catch_up(sr_pg *pg, long long seq, sr_error *err) {
  if (!pg->work || pg->work_seq > seq) {
    int rc = open_work(pg, err);
    if (rc) return rc;
  }
  while (pg->work_seq < seq) {
    long long last;
    long n;
    int rc = sr_store_begin(pg->work, err);
    if (!rc) rc = sr_pg_fold(pg, pg->work, pg->work_seq, seq, 1000, NULL, &last, &n, NULL, err);
    if (!rc) rc = sr_store_commit(pg->work, err);
    if (rc) {
      sr_store_rollback(pg->work);
      return rc;
    }
    if (n == 0) break;
    pg->work_seq = last;
  }
  return 0;
}

/* merge_state's seq, locked until the transaction ends. */
static int lock_state(sr_pg *pg, long long *seq, sr_error *err) {
  PGresult *r;
  int rc = sr_pg_exec(pg, "merge", "SELECT seq::text FROM merge_state WHERE part = 0 FOR UPDATE", 0,
                      NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  *seq = PQntuples(r) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : -1;
  PQclear(r);
  return 0;
}

/* Fold (merged, logged] (at most max rows) into the working store and publish it, inside
 * the open PostgreSQL transaction. */
static int fold_publish(sr_pg *pg, long long merged, long long logged, long max, long *n,
                        long *refused, long long *last, sr_error *err) {
  sr_pg_pub *pub = NULL;
  if (sr_pg_pub_new(&pub, pg, pg->work)) return sr_error_set(err, SR_ENOMEM, "out of memory");
  sr_pg_fold_cb cb = {sr_pg_pub_before, sr_pg_pub_after, pub};
  int rc = sr_pg_fold(pg, pg->work, merged, logged, max, &cb, last, n, refused, err);
  if (!rc) rc = sr_pg_pub_flush(pub, err);
  sr_pg_pub_free(pub);
  if (rc) return rc;
  char a[24];
  snprintf(a, sizeof a, "%lld", *last);
  const char *v[1] = {a};
  return sr_pg_exec(pg, "merge", "UPDATE merge_state SET seq = $1::bigint WHERE part = 0", 1, v,
                    NULL, NULL, 0, NULL, err);
}

/* One round: fold up to max new log rows and publish them. *n: documents folded. */
static int round_once(sr_pg *pg, long max, long *n, long *refused, sr_error *err) {
  long long merged, logged, check = -1, last = 0;
  *n = 0;
  int rc = sr_pg_merged_seq(pg, &merged, err);
  if (!rc) rc = catch_up(pg, merged, err);
  if (!rc) rc = sr_pg_log_seq(pg, &logged, err);
  if (rc || logged <= merged) return rc;
  rc = sr_pg_cmd(pg, "merge", "BEGIN", err);
  if (!rc) rc = lock_state(pg, &check, err);
  if (!rc && check != merged)
    rc = sr_error_set(err, SR_EIO, "merge: another merger published meanwhile");
  if (rc) {
    sr_pg_abort(pg);
    return rc;
  }
  if ((rc = sr_store_begin(pg->work, err))) {
    sr_pg_abort(pg);
    return rc;
  }
  rc = fold_publish(pg, merged, logged, max, n, refused, &last, err);
  if (!rc) rc = sr_pg_cmd(pg, "commit the merge", "COMMIT", err);
  if (!rc) rc = sr_store_commit(pg->work, err);
  if (rc) {
    sr_store_rollback(pg->work); /* the working store follows what PostgreSQL has */
    sr_pg_abort(pg);
    return rc;
  }
  pg->work_seq = last;
  return 0;
}

int sr_pg_merge(sr_pg *pg, long max, int wait, long *merged, long *refused, sr_error *err) {
  if (merged) *merged = 0;
  if (refused) *refused = 0;
  int rc = sr_pg_connect(pg, err);
  if (rc) return rc;
  int me = take_lock(pg, wait, err);
  if (me <= 0) {
    if (merged && me == 0) *merged = -1;
    return me;
  }
  long total = 0, ref = 0;
  while (!max || total < max) {
    long n = 0, r = 0;
    long want = max && max - total < SR_PG_MERGE_ROUND ? max - total : SR_PG_MERGE_ROUND;
    if ((rc = round_once(pg, want, &n, &r, err))) break;
    total += n, ref += r;
    if (n == 0 || !max) break;
  }
  if (merged) *merged = total;
  if (refused) *refused = ref;
  return rc;
}

long sr_pg_unmerged(sr_pg *pg, sr_error *err) {
  int rc = sr_pg_connect(pg, err);
  if (rc) return rc;
  PGresult *r;
  rc = sr_pg_exec(pg, "document log",
                  "SELECT count(*)::text FROM doc_log"
                  " WHERE seq > (SELECT seq FROM merge_state WHERE part = 0)",
                  0, NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  long n = PQntuples(r) ? atol(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  return n;
}

#endif
