/* src/store/pg/pg_conn.c - the PostgreSQL store's connection: open (DSN checked, the server
 * retried with backoff while it cannot be reached), statements with one error convention,
 * reconnection after a lost connection, close. */
#ifdef SITREP_HAVE_PG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_internal.h"
#include "store_internal.h"

int sr_pg_available(void) {
  return 1;
}

/* The server part of the DSN for messages: host:port/dbname (never the password). */
static int dsn_name(const char *dsn, char *out, size_t cap, sr_error *err) {
  char *why = NULL;
  PQconninfoOption *opts = PQconninfoParse(dsn, &why);
  if (!opts) {
    char m[200];
    snprintf(m, sizeof m, "%s", why ? why : "out of memory");
    m[strcspn(m, "\n")] = 0;
    PQfreemem(why);
    return sr_error_set(err, SR_EINPUT, "--pg: not a PostgreSQL connection string: %s", m);
  }
  const char *host = NULL, *port = NULL, *db = NULL;
  for (PQconninfoOption *o = opts; o->keyword; o++) {
    if (!o->val) continue;
    if (!strcmp(o->keyword, "host"))
      host = o->val;
    else if (!strcmp(o->keyword, "port"))
      port = o->val;
    else if (!strcmp(o->keyword, "dbname"))
      db = o->val;
  }
  snprintf(out, cap, "PostgreSQL %s%s%s/%s", host && *host ? host : "(default socket)",
           port ? ":" : "", port ? port : "", db ? db : "(default database)");
  PQconninfoFree(opts);
  return 0;
}

static void trimmed(const char *m, char *out, size_t cap) {
  snprintf(out, cap, "%s", m ? m : "");
  size_t n = strlen(out);
  while (n && (out[n - 1] == '\n' || out[n - 1] == ' ')) out[--n] = 0;
  for (char *p = out; *p; p++)
    if (*p == '\n') *p = ' ';
}

/* A refusal no retry helps with: authentication, a missing database or role, a bad option. */
static int fatal_refusal(const char *m) {
  static const char *const words[] = {
      "authentication failed", "does not exist", "no pg_hba.conf entry", "invalid ", "password",
      "permission denied",     "unsupported"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strstr(m, words[i])) return 1;
  return 0;
}

static void nap(double s) {
  struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
  nanosleep(&ts, NULL);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int sr_pg_connect(sr_pg *pg, sr_error *err) {
  if (pg->c && PQstatus(pg->c) == CONNECTION_OK) return 0;
  sr_pg_drop(pg);
  double t0 = now_s(), wait = 0.25;
  int said = 0;
  for (;;) {
    PGconn *c = PQconnectdb(pg->dsn);
    if (c && PQstatus(c) == CONNECTION_OK) {
      pg->c = c;
      PQsetNoticeProcessor(c, NULL, NULL);
      if (said && !pg->o.quiet) fprintf(stderr, "sitrep: %s is back\n", pg->name);
      return 0;
    }
    char m[200];
    trimmed(c ? PQerrorMessage(c) : "out of memory", m, sizeof m);
    PQfinish(c);
    if (fatal_refusal(m)) return sr_error_set(err, SR_EINPUT, "%s refuses us: %s", pg->name, m);
    if (now_s() - t0 + wait > pg->o.wait_s)
      return sr_error_set(err, SR_EIO, "cannot reach %s: %s", pg->name, m);
    if (!said && !pg->o.quiet)
      fprintf(stderr, "sitrep: cannot reach %s (%s); waiting for it\n", pg->name, m);
    said = 1;
    nap(wait);
    if (wait < 4) wait *= 2;
  }
}

void sr_pg_drop(sr_pg *pg) {
  if (pg->c) PQfinish(pg->c);
  pg->c = NULL;
  pg->merger = 0;
  pg->prepared = 0;
}

int sr_pg_exec(sr_pg *pg, const char *what, const char *sql, int n, const char *const *vals,
               const int *lens, const int *fmts, int resfmt, PGresult **res, sr_error *err) {
  if (res) *res = NULL;
  if (!pg->c) return sr_error_set(err, SR_EIO, "%s: not connected to %s", what, pg->name);
  /* without parameters: the simple protocol, which allows several statements (DDL) */
  PGresult *r = n == 0 && resfmt == 0 ? PQexec(pg->c, sql)
                                      : PQexecParams(pg->c, sql, n, NULL, vals, lens, fmts, resfmt);
  ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
    if (res)
      *res = r;
    else
      PQclear(r);
    return 0;
  }
  char m[200];
  trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(pg->c), m, sizeof m);
  PQclear(r);
  int lost = PQstatus(pg->c) != CONNECTION_OK;
  if (lost) sr_pg_drop(pg);
  return sr_error_set(err, SR_EIO, "%s (%s): %s%s", what, pg->name, m,
                      lost ? " (connection lost)" : "");
}

int sr_pg_cmd(sr_pg *pg, const char *what, const char *sql, sr_error *err) {
  return sr_pg_exec(pg, what, sql, 0, NULL, NULL, NULL, 0, NULL, err);
}

void sr_pg_abort(sr_pg *pg) {
  if (pg->c && PQtransactionStatus(pg->c) != PQTRANS_IDLE) PQclear(PQexec(pg->c, "ROLLBACK"));
}

int64_t sr_pg_int8(const PGresult *r, int row, int col) {
  const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
  if (PQgetlength(r, row, col) != 8) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | p[i];
  return (int64_t)v;
}

/* The connection failed while pipelining: dropped, SR_EIO. */
static int pipe_lost(sr_pg *pg, const char *what, sr_error *err) {
  char m[200];
  trimmed(pg->c ? PQerrorMessage(pg->c) : "not connected", m, sizeof m);
  sr_pg_drop(pg);
  return sr_error_set(err, SR_EIO, "%s (%s): %s (connection lost)", what, pg->name, m);
}

int sr_pg_pipe_begin(sr_pg *pg, const char *what, sr_error *err) {
  if (!pg->c) return sr_error_set(err, SR_EIO, "%s: not connected to %s", what, pg->name);
  pg->queued = 0;
  pg->pipe_what = what;
  return PQenterPipelineMode(pg->c) ? 0 : pipe_lost(pg, what, err);
}

/* Close the pipeline's current segment and read its results: 0 when every statement
 * succeeded, else SR_EIO with the first failure (an open transaction is then aborted). */
static int pipe_sync(sr_pg *pg, sr_error *err) {
  if (!pg->queued) return 0;
  if (!PQpipelineSync(pg->c)) return pipe_lost(pg, pg->pipe_what, err);
  int rc = 0, nulls = 0;
  for (;;) {
    PGresult *r = PQgetResult(pg->c);
    if (!r) {
      if (++nulls > 1) return pipe_lost(pg, pg->pipe_what, err); /* a result is missing */
      continue;
    }
    nulls = 0;
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (!rc && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_PIPELINE_ABORTED) {
      char m[200];
      trimmed(PQresultErrorMessage(r), m, sizeof m);
      rc = sr_error_set(err, SR_EIO, "%s (%s): %s", pg->pipe_what, pg->name, m);
    }
    PQclear(r);
  }
  pg->queued = 0;
  return rc;
}

int sr_pg_pipe_sent(sr_pg *pg, int ok, sr_error *err) {
  if (!ok) return pipe_lost(pg, pg->pipe_what, err);
  return ++pg->queued >= SR_PG_PIPE_DEPTH ? pipe_sync(pg, err) : 0;
}

int sr_pg_pipe_end(sr_pg *pg, const char *what, int rc, sr_error *err) {
  pg->pipe_what = what;
  if (!pg->c) return rc;
  sr_error e2;
  sr_error_clear(&e2);
  int rc2 = pipe_sync(pg, rc ? &e2 : err); /* after a failure: read what was sent, keep it */
  if (pg->c && !PQexitPipelineMode(pg->c)) rc2 = pipe_lost(pg, what, rc || rc2 ? &e2 : err);
  return rc ? rc : rc2;
}

int sr_pg_open(sr_pg **out, const char *dsn, const sr_pg_opts *o, sr_error *err) {
  *out = NULL;
  if (!dsn || !*dsn) return sr_error_set(err, SR_EINPUT, "--pg: empty connection string");
  if (strlen(dsn) >= SR_PG_MAX_DSN)
    return sr_error_set(err, SR_ELIMIT, "--pg: connection string over %d bytes", SR_PG_MAX_DSN);
  sr_pg *pg = calloc(1, sizeof *pg);
  if (!pg) return sr_error_set(err, SR_ENOMEM, "out of memory");
  snprintf(pg->dsn, sizeof pg->dsn, "%s", dsn);
  if (o) pg->o = *o;
  int rc = dsn_name(dsn, pg->name, sizeof pg->name, err);
  if (!rc) rc = sr_pg_connect(pg, err);
  if (!rc) rc = sr_pg_migrate(pg, pg->o.create, err);
  pg->o.wait_s = 0; /* later reconnections: one attempt each, the caller's loop retries */
  if (rc) {
    sr_pg_close(pg);
    return rc;
  }
  *out = pg;
  return 0;
}

const char *sr_pg_name(const sr_pg *pg) {
  return pg ? pg->name : "";
}

void sr_pg_close(sr_pg *pg) {
  if (!pg) return;
  sr_pg_drop(pg);
  if (pg->work) {
    sr_store_close(pg->work);
    sr_pg_work_remove(pg);
  }
  free(pg);
}

long long sr_pg_db_bytes(sr_pg *pg, sr_error *err) {
  PGresult *r;
  int rc = sr_pg_exec(pg, "database size", "SELECT pg_database_size(current_database())::text", 0,
                      NULL, NULL, NULL, 0, &r, err);
  if (rc) return rc;
  long long n = PQntuples(r) ? atoll(PQgetvalue(r, 0, 0)) : 0;
  PQclear(r);
  return n;
}

#endif
