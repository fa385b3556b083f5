/* src/store/pg/pg_publish.c - publishing what one fold changed in the merger's working
 * store into the merged PostgreSQL tables: the folded documents' rows, their reports
 * (deleted and written again) and every event their reports pointed to before or point to
 * after (written, or deleted when the working store no longer has it). Rows go over column
 * for column under the SQLite column names, so the two stores stay alike by construction,
 * through libpq's pipeline mode (no round trip per row). */
#ifdef SITREP_HAVE_PG
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"
#include "store_internal.h"

#define MAX_COLS 64

typedef struct idset {
  int64_t *v;
  size_t n, cap;
} idset;

struct sr_pg_pub {
  sr_pg *pg;
  sr_store *work;
  idset docs, events;
  sqlite3_stmt *sel[3]; /* the working store's rows by key (open_tables) */
};

static int idset_add(idset *s, int64_t id, sr_error *err) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    int64_t *v = realloc(s->v, cap * sizeof *v);
    if (!v) return sr_error_set(err, SR_ENOMEM, "out of memory");
    s->v = v, s->cap = cap;
  }
  s->v[s->n++] = id;
  return 0;
}

static int cmp64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static void idset_sort(idset *s) {
  if (!s->n) return;
  qsort(s->v, s->n, sizeof *s->v, cmp64);
  size_t w = 1;
  for (size_t i = 1; i < s->n; i++)
    if (s->v[i] != s->v[w - 1]) s->v[w++] = s->v[i];
  s->n = w;
}

int sr_pg_pub_new(sr_pg_pub **out, sr_pg *pg, sr_store *work) {
  *out = calloc(1, sizeof **out);
  if (!*out) return SR_ENOMEM;
  (*out)->pg = pg, (*out)->work = work;
  return 0;
}

void sr_pg_pub_free(sr_pg_pub *p) {
  if (!p) return;
  for (int t = 0; t < 3; t++) sqlite3_finalize(p->sel[t]);
  free(p->docs.v);
  free(p->events.v);
  free(p);
}

/* Run a one-column id query with one text parameter on the working store; add the ids to s. */
static int ids_of(sr_pg_pub *p, const char *sql, const char *arg, int64_t num, idset *s,
                  sr_error *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(p->work->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(p->work, err, "publish");
  if (arg)
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64(st, 1, num);
  int rc = 0;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) rc = idset_add(s, sqlite3_column_int64(st, 0), err);
  sqlite3_finalize(st);
  return rc;
}

int sr_pg_pub_before(void *ud, const char *ext_id, sr_error *err) {
  return ids_of(
      ud,
      "SELECT DISTINCT r.event FROM reports r JOIN documents d ON d.id = r.doc WHERE d.ext_id = ?1",
      ext_id, 0, &((sr_pg_pub *)ud)->events, err);
}

int sr_pg_pub_after(void *ud, const char *ext_id, sr_error *err) {
  sr_pg_pub *p = ud;
  size_t had = p->docs.n;
  int rc = ids_of(p, "SELECT id FROM documents WHERE ext_id = ?1", ext_id, 0, &p->docs, err);
  for (size_t i = had; !rc && i < p->docs.n; i++)
    rc = ids_of(p, "SELECT DISTINCT event FROM reports WHERE doc = ?1", NULL, p->docs.v[i],
                &p->events, err);
  return rc;
}

/* The three tables, each read from the working store by one key and upserted by the
 * statement prepared once per connection under the name "pub_TABLE" (bit in pg->prepared). */
enum { T_DOCS, T_REPORTS, T_EVENTS, NTABLES };
static const struct {
  const char *name, *key;
  unsigned bit;
} tables[NTABLES] = {{"documents", "id", 1}, {"reports", "doc", 2}, {"events", "id", 4}};

static int prepare(sr_pg_pub *p, int t, sr_error *err) {
  sqlite3_stmt *st = p->sel[t];
  if (p->pg->prepared & tables[t].bit) return 0;
  if (!p->pg->c)
    return sr_error_set(err, SR_EIO, "publish %s: not connected to %s", tables[t].name,
                        p->pg->name);
  int nc = sqlite3_column_count(st);
  sr_buf sql;
  sr_buf_init(&sql, 1 << 16);
  sr_buf_printf(&sql, "INSERT INTO %s (", tables[t].name);
  for (int i = 0; i < nc; i++)
    sr_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", sqlite3_column_name(st, i));
  sr_buf_printf(&sql, ") VALUES (");
  for (int i = 0; i < nc; i++) sr_buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
  sr_buf_printf(&sql, ") ON CONFLICT (id) DO UPDATE SET ");
  for (int i = 1; i < nc; i++)
    sr_buf_printf(&sql, "%s\"%s\" = EXCLUDED.\"%s\"", i > 1 ? ", " : "", sqlite3_column_name(st, i),
                  sqlite3_column_name(st, i));
  char name[64];
  snprintf(name, sizeof name, "pub_%s", tables[t].name);
  PGresult *r = sql.len ? PQprepare(p->pg->c, name, sql.data, nc, NULL) : NULL;
  sr_buf_free(&sql);
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  char m[200];
  snprintf(m, sizeof m, "%s", r ? PQresultErrorMessage(r) : "out of memory");
  m[strcspn(m, "\n")] = 0;
  PQclear(r);
  if (!ok) return sr_error_set(err, SR_EIO, "publish %s (%s): %s", tables[t].name, p->pg->name, m);
  p->pg->prepared |= tables[t].bit;
  return 0;
}

/* The working store's statements (SELECT * FROM table WHERE key = ?1) and the upserts. */
static int open_tables(sr_pg_pub *p, sr_error *err) {
  for (int t = 0; t < NTABLES; t++) {
    if (!p->sel[t]) {
      char sql[128];
      snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ?1", tables[t].name, tables[t].key);
      if (sqlite3_prepare_v2(p->work->db, sql, -1, &p->sel[t], NULL) != SQLITE_OK)
        return sr_store_sqlerr(p->work, err, "publish");
      if (sqlite3_column_count(p->sel[t]) > MAX_COLS)
        return sr_error_set(err, SR_ELIMIT, "publish %s: over %d columns", tables[t].name,
                            MAX_COLS);
    }
    int rc = prepare(p, t, err);
    if (rc) return rc;
  }
  return 0;
}

/* Send the current row of table t's statement (a SELECT *) into the pipeline: written, or
 * replacing the row of the same id. */
static int put_row(sr_pg_pub *p, int t, sr_error *err) {
  sqlite3_stmt *st = p->sel[t];
  int nc = sqlite3_column_count(st);
  char nums[MAX_COLS][32];
  const char *vals[MAX_COLS];
  int lens[MAX_COLS], fmts[MAX_COLS];
  for (int i = 0; i < nc; i++) {
    lens[i] = 0, fmts[i] = 0, vals[i] = nums[i];
    switch (sqlite3_column_type(st, i)) {
      case SQLITE_NULL:
        vals[i] = NULL;
        break;
      case SQLITE_INTEGER:
        snprintf(nums[i], sizeof nums[i], "%lld", (long long)sqlite3_column_int64(st, i));
        break;
      case SQLITE_FLOAT:
        snprintf(nums[i], sizeof nums[i], "%.17g", sqlite3_column_double(st, i));
        break;
      case SQLITE_BLOB:
        vals[i] = sqlite3_column_blob(st, i);
        lens[i] = sqlite3_column_bytes(st, i), fmts[i] = 1;
        if (!vals[i]) vals[i] = "";
        break;
      default:
        vals[i] = (const char *)sqlite3_column_text(st, i);
        break;
    }
  }
  char name[64];
  snprintf(name, sizeof name, "pub_%s", tables[t].name);
  return sr_pg_pipe_sent(p->pg, PQsendQueryPrepared(p->pg->c, name, nc, vals, lens, fmts, 0), err);
}

/* Send the rows of table t with key id; *n receives how many. */
static int put_rows(sr_pg_pub *p, int t, int64_t id, int *n, sr_error *err) {
  sqlite3_stmt *st = p->sel[t];
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, id);
  int rc = 0, sr = SQLITE_DONE;
  *n = 0;
  while (!rc && (sr = sqlite3_step(st)) == SQLITE_ROW) {
    rc = put_row(p, t, err);
    (*n)++;
  }
  if (!rc && sr != SQLITE_DONE)
    rc = sr_store_sqlerr(p->work, err, "publish: read the working store");
  sqlite3_reset(st);
  return rc;
}

/* Send "sql" with the ids v[0..n) as its one bigint[] parameter. */
static int put_ids(sr_pg_pub *p, const char *sql, const int64_t *v, size_t n, sr_error *err) {
  if (!n) return 0;
  sr_buf a;
  sr_buf_init(&a, n * 21 + 8);
  sr_buf_putc(&a, '{');
  for (size_t i = 0; i < n; i++) sr_buf_printf(&a, "%s%" PRId64, i ? "," : "", v[i]);
  int rc = sr_buf_putc(&a, '}') < 0 ? sr_error_set(err, SR_ENOMEM, "out of memory") : 0;
  const char *vals[1] = {a.data};
  if (!rc)
    rc =
        sr_pg_pipe_sent(p->pg, PQsendQueryParams(p->pg->c, sql, 1, NULL, vals, NULL, NULL, 0), err);
  sr_buf_free(&a);
  return rc;
}

/* Send every row of the flush: the documents, their reports (the old ones deleted first),
 * the events (deleted when gone from the working store). */
static int send_all(sr_pg_pub *p, sr_error *err) {
  int rc = 0, n;
  for (size_t i = 0; !rc && i < p->docs.n; i++) rc = put_rows(p, T_DOCS, p->docs.v[i], &n, err);
  if (!rc)
    rc = put_ids(p, "DELETE FROM reports WHERE doc = ANY($1::bigint[])", p->docs.v, p->docs.n, err);
  for (size_t i = 0; !rc && i < p->docs.n; i++) rc = put_rows(p, T_REPORTS, p->docs.v[i], &n, err);
  size_t gone = 0;
  for (size_t i = 0; !rc && i < p->events.n; i++) {
    rc = put_rows(p, T_EVENTS, p->events.v[i], &n, err);
    if (n == 0) p->events.v[gone++] = p->events.v[i]; /* kept in place: i >= gone */
  }
  if (!rc)
    rc = put_ids(p, "DELETE FROM events WHERE id = ANY($1::bigint[])", p->events.v, gone, err);
  return rc;
}

/* Every statement goes through libpq's pipeline mode (sr_pg_pipe_begin), so a flush costs a
 * few round trips instead of one per row. */
int sr_pg_pub_flush(sr_pg_pub *p, sr_error *err) {
  idset_sort(&p->docs);
  idset_sort(&p->events);
  int rc = open_tables(p, err);
  if (!rc) rc = sr_pg_pipe_begin(p->pg, "publish", err);
  if (!rc) rc = sr_pg_pipe_end(p->pg, "publish", send_all(p, err), err);
  p->docs.n = p->events.n = 0;
  return rc;
}

#endif
