/* src/serve/worker.c - the server state without sockets (options checked,
 * stores, lexicon, gazetteer, coder), the per-thread worker state (its own
 * read-only store and answer cache), and the store helpers the handlers share.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "store_internal.h"

#define SV_MMAP_SIZE "4294967296" /* bytes of the store each worker maps */

int sr_serve_token_equal(const char *a, size_t alen, const char *b, size_t blen) {
  /* walk the whole of b (the secret) whatever a is; fold every difference in */
  volatile unsigned char diff = (unsigned char)(alen != blen);
  for (size_t i = 0; i < blen; i++) {
    unsigned char x = i < alen ? (unsigned char)a[i] : 0;
    diff |= (unsigned char)(x ^ (unsigned char)b[i]);
  }
  return diff == 0;
}

static char *dup_or_null(const char *s) {
  return s ? strdup(s) : NULL;
}

/* ---- options and images */

static int check_opts(const sr_serve_opts *o, sr_error *err) {
  if (!o || !o->db_path || !*o->db_path)
    return sr_error_set(err, SR_EINPUT, "serve: no store given (--db FILE)");
  int threads = o->threads ? o->threads : SR_SERVE_DEFAULT_THREADS;
  if (threads < 1 || threads > SR_SERVE_MAX_THREADS)
    return sr_error_set(err, SR_EINPUT, "--threads %d: use 1..%d", threads, SR_SERVE_MAX_THREADS);
  if (o->port < 0 || o->port > 65535)
    return sr_error_set(err, SR_EINPUT, "--port %d: use 0..65535", o->port);
  if (o->write_token && strlen(o->write_token) < SR_SERVE_MIN_TOKEN)
    return sr_error_set(err, SR_EINPUT, "write token shorter than %d bytes", SR_SERVE_MIN_TOKEN);
  if (o->cors_origin && (strpbrk(o->cors_origin, "\r\n") || strlen(o->cors_origin) > 200))
    return sr_error_set(err, SR_EINPUT, "--cors: one origin such as https://example.org");
  return 0;
}

static int open_images(sr_server *s, const sr_serve_opts *o, sr_error *err) {
  sr_ctx_opts copts = {.lexicon_path = o->lexicon_path, .gazetteer_path = o->gazetteer_path};
  int rc;
  if (sr_ctx_open(&s->ctx, &copts, err)) {
    /* no gazetteer: actor names and coding still work, /api/places answers 503 */
    copts.no_gazetteer = 1;
    sr_error_clear(err);
    if ((rc = sr_ctx_open(&s->ctx, &copts, err))) return rc;
  }
  const char *lp = sr_ctx_lexicon_path(s->ctx);
  if (strncmp(lp, "data/ (", 7) == 0) { /* built from data/ in memory by the context */
    void *img;
    size_t len;
    rc = sr_lex_build_mem("data", &img, &len, err);
    if (!rc) rc = sr_lex_open_mem(&s->lex, img, len, err);
  } else {
    rc = sr_lex_open(&s->lex, lp, err);
  }
  if (rc) return rc;
  const char *gp = sr_ctx_gazetteer_path(s->ctx);
  if (gp && *gp && sr_gaz_open(&s->gaz, gp, NULL)) s->gaz = NULL;
  return 0;
}

int sv_server_open(sr_server **out, const sr_serve_opts *o, sr_error *err) {
  *out = NULL;
  int rc = check_opts(o, err);
  if (rc) return rc;
  sr_server *s = calloc(1, sizeof *s);
  if (!s) return sr_error_set(err, SR_ENOMEM, "out of memory");
  pthread_mutex_init(&s->write_lock, NULL);
  pthread_mutex_init(&s->workers_lock, NULL);
  s->db_path = strdup(o->db_path);
  s->cors = dup_or_null(o->cors_origin);
  s->token = dup_or_null(o->write_token);
  s->token_len = s->token ? strlen(s->token) : 0;
  s->max_body = o->max_body ? o->max_body : SR_SERVE_MAX_BODY;
  s->timeout_ms = o->request_timeout_ms > 0 ? o->request_timeout_ms : SR_SERVE_TIMEOUT_MS;
  s->access_log = o->access_log;
  if (!s->db_path || (o->cors_origin && !s->cors) || (o->write_token && !s->token)) {
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
    goto fail;
  }
  if (pthread_key_create(&s->wkey, NULL)) {
    rc = sr_error_set(err, SR_ENOMEM, "out of thread keys");
    goto fail;
  }
  s->wkey_made = 1;
  /* the store must open now, so a typo fails at start rather than per request */
  if (s->token) {
    if ((rc = sr_store_open(&s->writer, s->db_path, SR_STORE_CREATE, err))) goto fail;
    /* a lock another process holds answers 503 soon rather than tying up a thread */
    sqlite3_busy_timeout(s->writer->db, SV_WRITE_BUSY_MS);
  } else {
    sr_store *probe = NULL;
    if ((rc = sr_store_open(&probe, s->db_path, SR_STORE_READONLY, err))) goto fail;
    sr_store_close(probe);
  }
  if ((rc = open_images(s, o, err))) goto fail;
  *out = s;
  return 0;
fail:
  sv_server_free(s);
  return rc ? rc : SR_ERR;
}

static void worker_free(sv_worker *w) {
  if (!w) return;
  for (int i = 0; i < SV_CACHE_SLOTS; i++) {
    free(w->cache[i].key);
    sv_blob_drop(w->cache[i].blob);
  }
  sr_store_close(w->st);
  if (w->doc) sr_doc_free(w->doc);
  sr_buf_free(&w->out);
  free(w);
}

void sv_server_free(sr_server *s) {
  if (!s) return;
  for (size_t i = 0; i < s->nworkers; i++) worker_free(s->workers[i]);
  free(s->workers);
  if (s->wkey_made) pthread_key_delete(s->wkey);
  sr_store_close(s->writer);
  sv_map_free(s); /* issue 12: the label index of /api/map/places */
  if (s->gaz) sr_gaz_close(s->gaz);
  if (s->lex) sr_lex_close(s->lex);
  if (s->ctx) sr_ctx_free(s->ctx);
  pthread_mutex_destroy(&s->write_lock);
  pthread_mutex_destroy(&s->workers_lock);
  free(s->db_path);
  free(s->cors);
  if (s->token) memset(s->token, 0, s->token_len);
  free(s->token);
  free(s);
}

/* ---- per-thread state */

sv_worker *sv_worker_get(sr_server *s) {
  sv_worker *w = pthread_getspecific(s->wkey);
  if (w) return w;
  w = calloc(1, sizeof *w);
  if (!w) return NULL;
  sr_buf_init(&w->out, SV_MAX_RESPONSE);
  w->seen_version = -1;
  pthread_mutex_lock(&s->workers_lock);
  if (s->nworkers == s->capworkers) {
    size_t cap = s->capworkers ? 2 * s->capworkers : 32;
    sv_worker **nw = realloc(s->workers, cap * sizeof(sv_worker *));
    if (!nw) {
      pthread_mutex_unlock(&s->workers_lock);
      free(w);
      return NULL;
    }
    s->workers = nw;
    s->capworkers = cap;
  }
  s->workers[s->nworkers++] = w;
  pthread_mutex_unlock(&s->workers_lock);
  pthread_setspecific(s->wkey, w);
  return w;
}

int sv_store_busy(sr_store *st) {
  if (!st || !st->db) return 0;
  int c = sqlite3_extended_errcode(st->db) & 0xff;
  return c == SQLITE_BUSY || c == SQLITE_LOCKED;
}

int sv_busy(sv_req *r, const char *what) {
  sv_error(r, 503, "the store is locked by another process (%s); try again in %d s", what,
           SV_RETRY_AFTER);
  r->retry_after = SV_RETRY_AFTER;
  return 503;
}

sr_store *sv_store(sv_req *r) {
  sv_worker *w = r->w;
  if (w->st) return w->st;
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_open(&w->st, r->srv->db_path, SR_STORE_READONLY, &err)) {
    w->st = NULL;
    sv_error(r, 503, "cannot open the store: %s", err.msg[0] ? err.msg : sr_strerror(err.code));
    r->retry_after = SV_RETRY_AFTER;
    return NULL;
  }
  /* read the store through one shared mapping rather than a copy of each
   * page in every worker's page cache: measured on a 1M-event store, 30%
   * more uncached answers per second and 40 MB instead of 600 MB of private
   * memory for 8 workers (the mapped pages are the OS's file cache, counted
   * in VmRSS once per worker but resident once). Best effort. */
  sqlite3_exec(w->st->db, "PRAGMA mmap_size=" SV_MMAP_SIZE, NULL, NULL, NULL);
  return w->st;
}

/* ---- the answer cache */

void sv_blob_hold(sv_blob *b) { atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed); }

void sv_blob_drop(sv_blob *b) {
  if (!b || atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) != 1) return;
  free(b->data);
  free(b);
}

/* w->out's bytes as a blob (one reference), trimmed to their length; w->out gets fresh
 * memory of the same capacity (nothing copied). NULL when out of memory. */
static sv_blob *blob_take(sv_worker *w) {
  sv_blob *b = malloc(sizeof *b);
  char *fresh = malloc(w->out.cap ? w->out.cap : 1);
  if (!b || !fresh || !w->out.data) {
    free(b);
    free(fresh);
    return NULL;
  }
  size_t len = w->out.len;
  char *data = realloc(w->out.data, len + 1); /* shrinks in place */
  b->data = data ? data : w->out.data;
  b->len = len;
  atomic_init(&b->refs, 1);
  w->out.data = fresh;
  w->out.len = 0;
  fresh[0] = 0;
  return b;
}

static void cache_drop(sv_worker *w, sv_cache_entry *e) {
  w->cache_bytes -= e->len;
  free(e->key);
  sv_blob_drop(e->blob);
  memset(e, 0, sizeof *e);
}

void sv_cache_drop_all(sv_worker *w) {
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key) cache_drop(w, &w->cache[i]);
}

sv_cache_entry *sv_cache_find(sv_worker *w, const char *key) {
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key && strcmp(w->cache[i].key, key) == 0) {
      w->cache[i].used = ++w->clock;
      return &w->cache[i];
    }
  return NULL;
}

/* The least recently used answer, or NULL when none is cached. */
static sv_cache_entry *cache_oldest(sv_worker *w) {
  sv_cache_entry *e = NULL;
  for (int i = 0; i < SV_CACHE_SLOTS; i++)
    if (w->cache[i].key && (!e || w->cache[i].used < e->used)) e = &w->cache[i];
  return e;
}

/* Keep the answer in w->out, evicting the least recently used answers so the
 * worker never holds more than SV_CACHE_SLOTS answers and SV_CACHE_BYTES. */
void sv_cache_put(sv_worker *w, const char *key, sv_req *r) {
  size_t len = w->out.len;
  if (len > SV_CACHE_MAX_BYTES) return;
  sv_cache_entry *e;
  while (w->cache_bytes + len > SV_CACHE_BYTES && (e = cache_oldest(w)) != NULL) cache_drop(w, e);
  e = NULL;
  for (int i = 0; i < SV_CACHE_SLOTS && !e; i++)
    if (!w->cache[i].key) e = &w->cache[i];
  if (!e) {
    e = cache_oldest(w);
    cache_drop(w, e);
  }
  char *k = strdup(key);
  sv_blob *b = k ? blob_take(w) : NULL;
  if (!b) {
    free(k);
    return;
  }
  e->key = k;
  e->blob = b;
  e->len = len;
  e->status = r->status;
  e->mime = r->mime;
  e->used = ++w->clock;
  w->cache_bytes += len;
  r->blob = b;
  r->body = b->data;
  r->body_len = len;
  r->ext_body = 1;
}
