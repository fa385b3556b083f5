/* src/store/pg/pg_publish.c - publishing what one fold changed in the merger's working
 * store into the merged PostgreSQL tables: the folded documents' rows, their reports
 * (deleted and written again) and every event their reports pointed to before or point to
 * after (written, or deleted when the working store no longer has it). Rows go over column
 * for column under the SQLite column names, so the two stores stay alike by construction. */
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

/* The upsert of table (bit: its bit in pg->prepared) for the columns of st, prepared once
 * per connection under the name "pub_TABLE". */
static int prepare(sr_pg_pub *p, const char *table, unsigned bit, sqlite3_stmt *st, sr_error *err) {
  if (p->pg->prepared & bit) return 0;
  if (!p->pg->c)
    return sr_error_set(err, SR_EIO, "publish %s: not connected to %s", table, p->pg->name);
  int nc = sqlite3_column_count(st);
  sr_buf sql;
  sr_buf_init(&sql, 1 << 16);
  sr_buf_printf(&sql, "INSERT INTO %s (", table);
  for (int i = 0; i < nc; i++)
    sr_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", sqlite3_column_name(st, i));
  sr_buf_printf(&sql, ") VALUES (");
  for (int i = 0; i < nc; i++) sr_buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
  sr_buf_printf(&sql, ") ON CONFLICT (id) DO UPDATE SET ");
  for (int i = 1; i < nc; i++)
    sr_buf_printf(&sql, "%s\"%s\" = EXCLUDED.\"%s\"", i > 1 ? ", " : "", sqlite3_column_name(st, i),
                  sqlite3_column_name(st, i));
  char name[64];
  snprintf(name, sizeof name, "pub_%s", table);
  PGresult *r = sql.len ? PQprepare(p->pg->c, name, sql.data, nc, NULL) : NULL;
  sr_buf_free(&sql);
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  char m[200];
  snprintf(m, sizeof m, "%s", r ? PQresultErrorMessage(r) : "out of memory");
  m[strcspn(m, "\n")] = 0;
  PQclear(r);
  if (!ok) return sr_error_set(err, SR_EIO, "publish %s (%s): %s", table, p->pg->name, m);
  p->pg->prepared |= bit;
  return 0;
}

/* Write the current row of st (a SELECT * of table) into PostgreSQL, replacing the row of
 * the same id. */
static int put_row(sr_pg_pub *p, const char *table, unsigned bit, sqlite3_stmt *st, sr_error *err) {
  int nc = sqlite3_column_count(st);
  if (nc > MAX_COLS)
    return sr_error_set(err, SR_ELIMIT, "publish %s: over %d columns", table, MAX_COLS);
  int rc = prepare(p, table, bit, st, err);
  if (rc) return rc;
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
  snprintf(name, sizeof name, "pub_%s", table);
  PGresult *r = PQexecPrepared(p->pg->c, name, nc, vals, lens, fmts, 0);
  int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  char m[200];
  snprintf(m, sizeof m, "%s", r ? PQresultErrorMessage(r) : PQerrorMessage(p->pg->c));
  m[strcspn(m, "\n")] = 0;
  PQclear(r);
  if (ok) return 0;
  int lost = PQstatus(p->pg->c) != CONNECTION_OK;
  if (lost) sr_pg_drop(p->pg);
  return sr_error_set(err, SR_EIO, "publish %s (%s): %s%s", table, p->pg->name, m,
                      lost ? " (connection lost)" : "");
}

/* Publish the rows of "SELECT * FROM table WHERE key = id"; *n receives how many. */
static int put_rows(sr_pg_pub *p, const char *table, unsigned bit, const char *key, int64_t id,
                    int *n, sr_error *err) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ?1", table, key);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(p->work->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sr_store_sqlerr(p->work, err, "publish");
  sqlite3_bind_int64(st, 1, id);
  int rc = 0, sr = SQLITE_DONE;
  *n = 0;
  while (!rc && (sr = sqlite3_step(st)) == SQLITE_ROW) {
    rc = put_row(p, table, bit, st, err);
    (*n)++;
  }
  if (!rc && sr != SQLITE_DONE)
    rc = sr_store_sqlerr(p->work, err, "publish: read the working store");
  sqlite3_finalize(st);
  return rc;
}

static int pg_delete(sr_pg_pub *p, const char *sql, int64_t id, sr_error *err) {
  char a[24];
  snprintf(a, sizeof a, "%" PRId64, id);
  const char *v[1] = {a};
  return sr_pg_exec(p->pg, "publish a deletion", sql, 1, v, NULL, NULL, 0, NULL, err);
}

int sr_pg_pub_flush(sr_pg_pub *p, sr_error *err) {
  idset_sort(&p->docs);
  idset_sort(&p->events);
  int rc = 0, n;
  for (size_t i = 0; !rc && i < p->docs.n; i++) {
    rc = put_rows(p, "documents", 1, "id", p->docs.v[i], &n, err);
    if (!rc) rc = pg_delete(p, "DELETE FROM reports WHERE doc = $1::bigint", p->docs.v[i], err);
    if (!rc) rc = put_rows(p, "reports", 2, "doc", p->docs.v[i], &n, err);
  }
  for (size_t i = 0; !rc && i < p->events.n; i++) {
    rc = put_rows(p, "events", 4, "id", p->events.v[i], &n, err);
    if (!rc && n == 0)
      rc = pg_delete(p, "DELETE FROM events WHERE id = $1::bigint", p->events.v[i], err);
  }
  p->docs.n = p->events.n = 0;
  return rc;
}

#endif
