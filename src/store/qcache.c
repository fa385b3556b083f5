/* src/store/qcache.c - the read path's memory, per sr_store (so per server worker, each of
 * which opens its own store):
 *   - prepared statements by SQL text: the SQL of a query depends only on which filters it
 *     has (its shape; every value is bound), so a server answering one shape over and over
 *     prepares it once. QC_STMTS statements, least recently used evicted; a statement in
 *     use (a callback running a query of the same shape) is not handed out twice;
 *   - counts by query (the SQL and every bound value) and store version: SQLite's
 *     data_version (another connection committed) and this connection's total changes (it
 *     wrote itself). A count is answered from here only while both are unchanged, so it is
 *     never stale. SR_QC_COUNT_SETS sets of SR_QC_COUNT_WAYS counts (the least recently
 *     used of a set evicted), keys of at most QC_KEY_MAX bytes and SR_QC_COUNT_BYTES in
 *     all (every count dropped when a new key would pass that). Four ways: a server worker
 *     answering a rotation of 1,800 country-months (bench/serve_load.sh run B) kept 65% of
 *     their counts in the one-way table of 1,024 it had before, all of them in this one;
 *   - the store version checked once for a run of reads (sr_store_reads_begin: a server
 *     request), not again before each count.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define QC_STMTS 32
#define QC_KEY_MAX 8192

typedef struct qc_stmt {
  char *sql;
  uint64_t h;
  sqlite3_stmt *st;
  unsigned long long used;
  int busy;
} qc_stmt;

typedef struct qc_count {
  char *key; /* NULL: a free way */
  size_t klen;
  uint64_t h;
  long n;
  unsigned long long used; /* LRU clock within the set */
} qc_count;

struct sr_qcache {
  qc_stmt st[QC_STMTS];
  unsigned long long clock;
  int funcs; /* SQL functions registered on the connection */
  qc_count cnt[SR_QC_COUNT_SETS][SR_QC_COUNT_WAYS];
  size_t cnt_n, cnt_bytes; /* counts held and their keys' bytes */
  unsigned long long cnt_clock;
  sqlite3_stmt *dv; /* PRAGMA data_version */
  long long version_dv, version_tc; /* the store version the counts hold for */
  long long epoch; /* one more each time the version was seen to change */
  int held;        /* inside sr_store_reads_begin .. end: the version is not checked again */
};

static sr_qcache *get(sr_store *s) {
  if (!s->qc) s->qc = calloc(1, sizeof *s->qc);
  return s->qc;
}

int sr_qcache_funcs_done(sr_store *s) {
  sr_qcache *c = get(s);
  return c ? c->funcs : 0;
}

void sr_qcache_funcs_set(sr_store *s) {
  sr_qcache *c = get(s);
  if (c) c->funcs = 1;
}

sqlite3_stmt *sr_qcache_prepare(sr_store *s, const char *sql, size_t len, sr_error *err) {
  sr_qcache *c = get(s);
  uint64_t h = sr_hash64(sql, len);
  qc_stmt *victim = NULL;
  if (c) {
    for (int i = 0; i < QC_STMTS; i++) {
      qc_stmt *e = &c->st[i];
      if (e->st && e->h == h && !e->busy && strlen(e->sql) == len && !memcmp(e->sql, sql, len)) {
        sqlite3_reset(e->st);
        sqlite3_clear_bindings(e->st);
        e->busy = 1;
        e->used = ++c->clock;
        return e->st;
      }
      if (e->busy) continue;
      if (!victim || !e->st || (victim->st && e->used < victim->used)) victim = e;
    }
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(s->db, sql, (int)len, victim ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL) != SQLITE_OK) {
    sr_error_set(err, SR_ERR, "query: %s", sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    return NULL;
  }
  char *copy = victim ? malloc(len + 1) : NULL;
  if (!copy) return st; /* not kept: sr_qcache_release finalizes it */
  memcpy(copy, sql, len);
  copy[len] = 0;
  sqlite3_finalize(victim->st);
  free(victim->sql);
  *victim = (qc_stmt){copy, h, st, ++c->clock, 1};
  return st;
}

void sr_qcache_release(sr_store *s, sqlite3_stmt *st) {
  if (!st) return;
  sr_qcache *c = s->qc;
  for (int i = 0; c && i < QC_STMTS; i++)
    if (c->st[i].st == st) {
      sqlite3_reset(st);
      c->st[i].busy = 0;
      return;
    }
  sqlite3_finalize(st);
}

static void count_drop(sr_qcache *c, qc_count *e) {
  if (!e->key) return;
  c->cnt_n--;
  c->cnt_bytes -= e->klen;
  free(e->key);
  memset(e, 0, sizeof *e);
}

static void counts_drop_all(sr_qcache *c) {
  for (int i = 0; i < SR_QC_COUNT_SETS && c->cnt_n; i++)
    for (int j = 0; j < SR_QC_COUNT_WAYS; j++) count_drop(c, &c->cnt[i][j]);
}

/* Drop every count when the store changed since they were taken. */
static int version_check(sr_store *s, sr_qcache *c) {
  if (!c->dv && sqlite3_prepare_v3(s->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &c->dv, NULL) !=
                    SQLITE_OK) {
    c->dv = NULL;
    return -1;
  }
  long long dv = -1;
  if (sqlite3_step(c->dv) == SQLITE_ROW) dv = sqlite3_column_int64(c->dv, 0);
  sqlite3_reset(c->dv);
  if (dv < 0) return -1;
  long long tc = (long long)sqlite3_total_changes(s->db);
  if (dv != c->version_dv || tc != c->version_tc || c->epoch == 0) {
    counts_drop_all(c);
    c->version_dv = dv;
    c->version_tc = tc;
    c->epoch++;
  }
  return 0;
}

long long sr_store_reads_begin(sr_store *s) {
  sr_qcache *c = get(s);
  if (!c) return -1;
  c->held = 0;
  if (version_check(s, c)) return -1;
  c->held = 1;
  return c->epoch;
}

void sr_store_reads_end(sr_store *s) {
  if (s->qc) s->qc->held = 0;
}

static qc_count *count_set(sr_qcache *c, uint64_t h) {
  return c->cnt[h & (SR_QC_COUNT_SETS - 1)];
}

int sr_qcache_count_get(sr_store *s, const void *key, size_t klen, long *n) {
  sr_qcache *c = get(s);
  if (!c || klen > QC_KEY_MAX || (!c->held && version_check(s, c))) return 0;
  uint64_t h = sr_hash64(key, klen);
  qc_count *set = count_set(c, h);
  for (int j = 0; j < SR_QC_COUNT_WAYS; j++) {
    qc_count *e = &set[j];
    if (e->key && e->h == h && e->klen == klen && !memcmp(e->key, key, klen)) {
      e->used = ++c->cnt_clock;
      *n = e->n;
      return 1;
    }
  }
  return 0;
}

void sr_qcache_count_put(sr_store *s, const void *key, size_t klen, long n) {
  sr_qcache *c = s->qc;
  if (!c || klen > QC_KEY_MAX) return;
  /* the version the count was taken under is the one sr_qcache_count_get (or
   * sr_store_reads_begin) just checked: nothing ran on this connection in between but the
   * count itself */
  uint64_t h = sr_hash64(key, klen);
  qc_count *set = count_set(c, h), *victim = &set[0];
  for (int j = 0; j < SR_QC_COUNT_WAYS; j++) {
    qc_count *e = &set[j];
    if (!e->key || (e->h == h && e->klen == klen && !memcmp(e->key, key, klen))) {
      victim = e;
      break;
    }
    if (e->used < victim->used) victim = e;
  }
  count_drop(c, victim);
  if (c->cnt_bytes + klen > SR_QC_COUNT_BYTES) counts_drop_all(c);
  char *k = malloc(klen ? klen : 1);
  if (!k) return;
  memcpy(k, key, klen);
  *victim = (qc_count){k, klen, h, n, ++c->cnt_clock};
  c->cnt_n++;
  c->cnt_bytes += klen;
}

size_t sr_qcache_count_held(sr_store *s, size_t *bytes) {
  sr_qcache *c = s->qc;
  if (bytes) *bytes = c ? c->cnt_bytes : 0;
  return c ? c->cnt_n : 0;
}

void sr_qcache_free(sr_store *s) {
  sr_qcache *c = s->qc;
  if (!c) return;
  for (int i = 0; i < QC_STMTS; i++) {
    sqlite3_finalize(c->st[i].st);
    free(c->st[i].sql);
  }
  counts_drop_all(c);
  sqlite3_finalize(c->dv);
  free(c);
  s->qc = NULL;
}
