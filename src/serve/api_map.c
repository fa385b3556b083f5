/* src/serve/api_map.c - what the map page draws besides single events (issue 12):
 *
 *   GET /api/map/places?bbox=W,S,E,N&zoom=Z[&limit=N]
 *       place labels of the base map from the gazetteer, most important first: capitals,
 *       then provincial seats, then by population; at zoom Z only places above a population
 *       floor that falls as Z grows (SV_MAP_POP_FLOOR), at most limit (default 150, max
 *       SV_MAP_MAX_LABELS) rows.
 *   GET /api/map/grid?bbox=W,S,E,N&zoom=Z[&from=D][&to=D][&actor=A][&limit=N]
 *       events counted per grid cell in SQL (GROUP BY over the cell of each event's point),
 *       the cell SV_MAP_CELL_PX pixels wide at zoom Z; the largest limit (default 2000, max
 *       SV_MAP_MAX_CELLS) cells, each with the mean point of its events.
 *
 * A bbox with W > E crosses the antimeridian (170,-10,-170,10 is the 20 degrees around
 * it): both sides are read. Longitudes outside -180..180 (a Leaflet view scrolled round
 * the world) are wrapped; a bbox 360 degrees or wider is the whole world.
 *
 * The label index (places of feature class P sorted by importance, 16 bytes each) is built
 * once per server on first use, under a lock, and read without one afterwards.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "store_internal.h"

/* ---- parameters */

typedef struct bbox {
  double s, n;     /* latitudes, s <= n */
  double w[2], e[2]; /* one or two longitude ranges (two when crossing the antimeridian) */
  int nlon;
} bbox;

static int num(sv_req *r, const char *key, const char *s, double min, double max, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (!*s || end == s || *end || errno || !isfinite(v) || isspace((unsigned char)*s))
    return sv_error(r, 400, "%s '%.40s': not a number", key, s);
  if (v < min || v > max) return sv_error(r, 400, "%s %g: use %g..%g", key, v, min, max);
  *out = v;
  return 0;
}

static double wrap_lon(double x) {
  x = fmod(x + 180.0, 360.0);
  if (x < 0) x += 360.0;
  return x - 180.0;
}

/* bbox=W,S,E,N (degrees; W and E may run past +-180 by up to 720) */
static int parse_bbox(sv_req *r, const char *v, bbox *b) {
  if (!v) return sv_error(r, 400, "bbox: missing (bbox=WEST,SOUTH,EAST,NORTH in degrees)");
  char part[4][64];
  const char *p = v;
  for (int i = 0; i < 4; i++) {
    const char *c = i < 3 ? strchr(p, ',') : p + strlen(p);
    if (!c || (size_t)(c - p) >= sizeof part[i])
      return sv_error(r, 400, "bbox '%.80s': use WEST,SOUTH,EAST,NORTH in degrees", v);
    memcpy(part[i], p, (size_t)(c - p));
    part[i][c - p] = 0;
    p = c + 1;
  }
  double w, s, e, n;
  if (num(r, "bbox west", part[0], -900, 900, &w) || num(r, "bbox south", part[1], -90, 90, &s) ||
      num(r, "bbox east", part[2], -900, 900, &e) || num(r, "bbox north", part[3], -90, 90, &n))
    return r->status;
  if (s > n) return sv_error(r, 400, "bbox: south %g is north of north %g", s, n);
  b->s = s;
  b->n = n;
  if (e - w >= 360.0 || (w == -180 && e == 180)) {
    b->w[0] = -180;
    b->e[0] = 180;
    b->nlon = 1;
    return 0;
  }
  /* a Leaflet view has w < e, possibly shifted by whole turns; a client may also send
   * w > e for a box across the antimeridian */
  double ww = wrap_lon(w), ee = wrap_lon(e);
  if (e == 180) ee = 180;
  if (ww <= ee) {
    b->w[0] = ww;
    b->e[0] = ee;
    b->nlon = 1;
  } else {
    b->w[0] = ww;
    b->e[0] = 180;
    b->w[1] = -180;
    b->e[1] = ee;
    b->nlon = 2;
  }
  return 0;
}

static int in_lon(const bbox *b, double lon) {
  for (int i = 0; i < b->nlon; i++)
    if (lon >= b->w[i] && lon <= b->e[i]) return 1;
  return 0;
}

static int zoom_param(sv_req *r, const char *v, int *z) {
  if (!v) return sv_error(r, 400, "zoom: missing (zoom=0..%d)", SV_MAP_MAX_ZOOM);
  double d;
  if (num(r, "zoom", v, 0, SV_MAP_MAX_ZOOM, &d)) return r->status;
  *z = (int)floor(d);
  return 0;
}

static int limit_param(sv_req *r, const char *v, long dflt, long max, long *out) {
  *out = dflt;
  if (!v) return 0;
  double d;
  if (num(r, "limit", v, 1, (double)max, &d)) return r->status;
  if (d != floor(d)) return sv_error(r, 400, "limit '%.40s': not a whole number", v);
  *out = (long)d;
  return 0;
}

static int is_day(const char *s) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int is_day_prefix(const char *s) {
  char d[11];
  memcpy(d, s, 10);
  d[10] = 0;
  return is_day(d);
}

/* ---- the label index */

typedef struct label {
  float lat, lon;
  uint32_t idx;    /* gazetteer record */
  uint32_t score;  /* importance: population, raised for capitals and seats */
} label;

/* The located coded events' points and days, read from the store in one SQL scan and
 * kept while the store's newest event and report ids stay the same (every ingest or POST
 * adds reports): the grid of a view without an actor filter is counted over these arrays
 * (a few ms for 1M events) instead of a GROUP BY over the table (about 1 s). */
typedef struct points {
  float *lat, *lon;
  int32_t *day; /* days since 1970-01-01; SV_MAP_NO_DAY when undated */
  size_t n;
  long long key[2]; /* max(events.id), max(reports.id) when read */
  int ok;           /* 1 when read (possibly empty) */
} points;
#define SV_MAP_NO_DAY INT32_MIN

struct sv_map_index {
  label *v;
  size_t n;
  int labels_built;
  pthread_rwlock_t plock; /* guards pts: readers count, a reload writes */
  points pts;
  pthread_t warm; /* sv_map_prewarm's thread */
  int warm_started;
  volatile int stop; /* asks the prewarm thread to give up (the server stops) */
};

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;

/* the server's map index, made on first use; NULL when out of memory. Call with index_lock. */
static struct sv_map_index *index_get(sr_server *s) {
  if (!s->map_index) {
    struct sv_map_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    if (pthread_rwlock_init(&ix->plock, NULL)) {
      free(ix);
      return NULL;
    }
    s->map_index = ix;
  }
  return s->map_index;
}

/* the kind of a populated place for the page: 2 capital, 1 seat of a province, 0 other */
static int place_kind(const sr_place *p) {
  if (strcmp(p->fcode, "PPLC") == 0) return 2;
  if (strcmp(p->fcode, "PPLA") == 0) return 1;
  return 0;
}

static int by_score(const void *a, const void *b) {
  const label *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static const struct sv_map_index *label_index(sr_server *s) {
  pthread_mutex_lock(&index_lock);
  struct sv_map_index *ix = index_get(s);
  if (ix && !ix->labels_built && s->gaz) {
    uint32_t n = sr_gaz_count(s->gaz);
    if (n && n <= SV_MAP_MAX_GAZ) ix->v = malloc(sizeof(label) * n);
    if (ix->v) {
      sr_place p;
      for (uint32_t i = 0; i < n; i++) {
        if (sr_gaz_get(s->gaz, i, &p) || p.fclass != 'P' || !p.name || !*p.name) continue;
        if (!isfinite(p.lat) || !isfinite(p.lon) || fabsf(p.lat) > 90 || fabsf(p.lon) > 180) continue;
        int k = place_kind(&p);
        /* a capital outranks any city of its country at the zoom it shows at, a seat most */
        uint64_t sc = (uint64_t)p.population * (k == 2 ? 20 : k == 1 ? 4 : 1) + (k ? 1000000 * k : 0);
        ix->v[ix->n++] = (label){p.lat, p.lon, i, sc > UINT32_MAX ? UINT32_MAX : (uint32_t)sc};
      }
      qsort(ix->v, ix->n, sizeof(label), by_score);
      ix->labels_built = 1;
    }
  }
  pthread_mutex_unlock(&index_lock);
  return ix && ix->labels_built ? ix : NULL;
}

static void points_free(points *p) {
  free(p->lat);
  free(p->lon);
  free(p->day);
  memset(p, 0, sizeof *p);
}

void sv_map_free(sr_server *s) {
  if (!s || !s->map_index) return;
  struct sv_map_index *ix = s->map_index;
  if (ix->warm_started) {
    ix->stop = 1;
    pthread_join(ix->warm, NULL);
  }
  free(ix->v);
  points_free(&ix->pts);
  pthread_rwlock_destroy(&ix->plock);
  free(ix);
  s->map_index = NULL;
}

/* ---- the event points */

/* days since 1970-01-01 of "YYYY-MM-DD...", or SV_MAP_NO_DAY */
static int32_t day_of(const char *d) {
  if (!d || strlen(d) < 10 || !is_day_prefix(d)) return SV_MAP_NO_DAY;
  int y = atoi(d), m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
  return sr_day_number(y, m, dd);
}

/* the store's change key: its newest event and report ids; 0 or -1 on a store error */
static int store_key(sqlite3 *db, long long key[2]) {
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, "SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM reports)", -1, &q,
                         NULL) != SQLITE_OK)
    return -1;
  int rc = -1;
  if (sqlite3_step(q) == SQLITE_ROW) {
    key[0] = sqlite3_column_int64(q, 0);
    key[1] = sqlite3_column_int64(q, 1);
    rc = 0;
  }
  sqlite3_finalize(q);
  return rc;
}

/* read every located coded event's point and day into *p (caller-owned, empty); 0 or -1 */
static int points_read(sqlite3 *db, points *p, volatile int *stop) {
  if (store_key(db, p->key)) return -1;
  sqlite3_stmt *q = NULL;
  /* the covering index events_cell (cc, cell, date, lat, lon) reads ~30 bytes an event, not the row;
   * imported (ACLED) events are kept out through the table, only when there are any */
  const char *sql =
      "SELECT lat, lon, date FROM events WHERE has_loc = 1 AND origin = 'coded'";
  sqlite3_stmt *probe = NULL;
  int imported = 1;
  if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM events WHERE origin <> 'coded')", -1, &probe,
                         NULL) == SQLITE_OK &&
      sqlite3_step(probe) == SQLITE_ROW)
    imported = sqlite3_column_int(probe, 0);
  sqlite3_finalize(probe);
  if (!imported)
    sql = "SELECT lat, lon, date FROM events INDEXED BY events_cell WHERE lat IS NOT NULL";
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
    /* a store without that index: the table */
    if (sqlite3_prepare_v2(db, "SELECT lat, lon, date FROM events WHERE has_loc = 1 AND origin = 'coded'", -1, &q,
                           NULL) != SQLITE_OK)
      return -1;
  }
  size_t cap = 0;
  int step, rc = 0;
  while ((step = sqlite3_step(q)) == SQLITE_ROW) {
    if (p->n == cap) {
      if (stop && *stop) {
        rc = -1;
        break;
      }
      size_t nc = cap ? cap * 2 : 65536;
      if (nc > SV_MAP_MAX_POINTS) nc = SV_MAP_MAX_POINTS;
      if (nc <= cap) break; /* capped: the grid counts the first SV_MAP_MAX_POINTS */
      float *la = realloc(p->lat, nc * sizeof *la);
      if (la) p->lat = la;
      float *lo = la ? realloc(p->lon, nc * sizeof *lo) : NULL;
      if (lo) p->lon = lo;
      int32_t *dy = lo ? realloc(p->day, nc * sizeof *dy) : NULL;
      if (!dy) {
        rc = -1;
        break;
      }
      p->day = dy;
      cap = nc;
    }
    double la = sqlite3_column_double(q, 0), lo = sqlite3_column_double(q, 1);
    if (sqlite3_column_type(q, 0) == SQLITE_NULL || !isfinite(la) || !isfinite(lo) || fabs(la) > 90 ||
        fabs(lo) > 180)
      continue;
    p->lat[p->n] = (float)la;
    p->lon[p->n] = (float)lo;
    p->day[p->n] = day_of((const char *)sqlite3_column_text(q, 2));
    p->n++;
  }
  if (step != SQLITE_ROW && step != SQLITE_DONE) rc = -1;
  sqlite3_finalize(q);
  p->ok = rc == 0;
  return rc;
}

/* Make ix->pts current for db and take the read lock on it; 0, or -1 (no lock held). */
static int points_acquire(struct sv_map_index *ix, sqlite3 *db) {
  long long key[2];
  if (store_key(db, key)) return -1;
  pthread_rwlock_rdlock(&ix->plock);
  if (ix->pts.ok && ix->pts.key[0] == key[0] && ix->pts.key[1] == key[1]) return 0;
  pthread_rwlock_unlock(&ix->plock);
  pthread_rwlock_wrlock(&ix->plock);
  if (!(ix->pts.ok && ix->pts.key[0] == key[0] && ix->pts.key[1] == key[1])) {
    points fresh = {0};
    if (points_read(db, &fresh, NULL)) {
      points_free(&fresh);
      pthread_rwlock_unlock(&ix->plock);
      return -1;
    }
    points_free(&ix->pts);
    ix->pts = fresh;
  }
  pthread_rwlock_unlock(&ix->plock);
  pthread_rwlock_rdlock(&ix->plock); /* a reload between the two locks is as current */
  return ix->pts.ok ? 0 : (pthread_rwlock_unlock(&ix->plock), -1);
}

/* the prewarm thread: the points and labels ready before the first page asks */
static void *prewarm(void *arg) {
  sr_server *s = arg;
  struct sv_map_index *ix = s->map_index;
  sr_store *st = NULL;
  if (sr_store_open(&st, s->db_path, SR_STORE_READONLY, NULL) == 0) {
    points fresh = {0};
    if (points_read(st->db, &fresh, &ix->stop) == 0) {
      pthread_rwlock_wrlock(&ix->plock);
      if (!ix->pts.ok) {
        ix->pts = fresh;
        memset(&fresh, 0, sizeof fresh);
      }
      pthread_rwlock_unlock(&ix->plock);
    }
    points_free(&fresh);
    sr_store_close(st);
  }
  if (!ix->stop) label_index(s);
  return NULL;
}

void sv_map_prewarm(sr_server *s) {
  pthread_mutex_lock(&index_lock);
  struct sv_map_index *ix = index_get(s);
  if (ix && !ix->warm_started && pthread_create(&ix->warm, NULL, prewarm, s) == 0) ix->warm_started = 1;
  pthread_mutex_unlock(&index_lock);
}

/* one grid cell being counted */
typedef struct gcell {
  long long key; /* gy * 2^32 + gx, -1 = empty slot */
  long n;
  double slat, slon;
} gcell;

static int by_count(const void *a, const void *b) {
  const gcell *x = a, *y = b;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* count ix->pts (read-locked by the caller) per cell into a hash table; the cells, sorted by
 * count, in *out (malloc'd, caller frees), their number returned; -1 out of memory */
static long grid_points(const points *p, const bbox *b, double cell, int32_t d0, int32_t d1, gcell **out) {
  size_t cap = 1024;
  gcell *t = malloc(cap * sizeof *t);
  if (!t) return -1;
  for (size_t i = 0; i < cap; i++) t[i].key = -1;
  size_t used = 0;
  for (size_t i = 0; i < p->n; i++) {
    float la = p->lat[i], lo = p->lon[i];
    if (la < b->s || la > b->n || !in_lon(b, lo)) continue;
    int32_t d = p->day[i];
    if ((d0 != SV_MAP_NO_DAY || d1 != INT32_MAX) && (d == SV_MAP_NO_DAY || d < d0 || d > d1)) continue;
    long long gy = (long long)floor((la + 90.0) / cell), gx = (long long)floor((lo + 180.0) / cell);
    long long key = gy * 4294967296LL + gx;
    size_t h = (size_t)((unsigned long long)key * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
    while (t[h].key != -1 && t[h].key != key) h = (h + 1) & (cap - 1);
    if (t[h].key == -1) {
      if (2 * (used + 1) > cap) { /* grow and place again */
        size_t nc = cap * 2;
        gcell *nt = malloc(nc * sizeof *nt);
        if (!nt) {
          free(t);
          return -1;
        }
        for (size_t k = 0; k < nc; k++) nt[k].key = -1;
        for (size_t k = 0; k < cap; k++) {
          if (t[k].key == -1) continue;
          size_t g = (size_t)((unsigned long long)t[k].key * 0x9E3779B97F4A7C15ULL >> 20) & (nc - 1);
          while (nt[g].key != -1) g = (g + 1) & (nc - 1);
          nt[g] = t[k];
        }
        free(t);
        t = nt;
        cap = nc;
        h = (size_t)((unsigned long long)key * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
        while (t[h].key != -1) h = (h + 1) & (cap - 1);
      }
      t[h] = (gcell){key, 0, 0, 0};
      used++;
    }
    t[h].n++;
    t[h].slat += la;
    t[h].slon += lo;
  }
  size_t k = 0;
  for (size_t i = 0; i < cap; i++)
    if (t[i].key != -1) t[k++] = t[i];
  qsort(t, k, sizeof *t, by_count);
  *out = t;
  return (long)k;
}

/* the population a place needs to be labelled at zoom z (capitals and seats have their own) */
static uint32_t pop_floor(int z) {
  static const uint32_t floors[] = SV_MAP_POP_FLOOR;
  int n = (int)(sizeof floors / sizeof floors[0]);
  return floors[z < n ? z : n - 1];
}

static int api_places(sv_req *r) {
  bbox b;
  int z = 0; /* set by zoom_param on success */
  long lim;
  const char *bb = sv_param_get(r, "bbox"), *zz = sv_param_get(r, "zoom"),
             *ll = sv_param_get(r, "limit");
  if (sv_check_unused(r) || parse_bbox(r, bb, &b) || zoom_param(r, zz, &z) ||
      limit_param(r, ll, 150, SV_MAP_MAX_LABELS, &lim))
    return r->status;
  if (!r->srv->gaz) {
    r->cacheable = 0;
    return sv_error(r, 503, "no gazetteer: start sitrep serve with --gazetteer PATH");
  }
  const struct sv_map_index *ix = label_index(r->srv);
  if (!ix) {
    r->cacheable = 0;
    return sv_error(r, 500, "out of memory for the label index");
  }
  uint32_t floor_pop = pop_floor(z);
  sr_buf *o = &r->w->out;
  sr_buf_clear(o);
  int rc = sr_buf_printf(o, "{\"zoom\":%d,\"places\":[", z);
  long n = 0;
  for (size_t i = 0; i < ix->n && n < lim && !rc; i++) {
    const label *l = &ix->v[i];
    if (l->lat < b.s || l->lat > b.n || !in_lon(&b, l->lon)) continue;
    sr_place p;
    if (sr_gaz_get(r->srv->gaz, l->idx, &p)) continue;
    int k = place_kind(&p);
    /* capitals from zoom 2, provincial seats from zoom 5, the rest by population */
    if (!(k == 2 || (k == 1 && z >= 5) || p.population >= floor_pop)) continue;
    static const char *const kinds[] = {"place", "seat", "capital"};
    rc = (n++ && sr_buf_putc(o, ',')) || sr_buf_append(o, "{\"name\":", 8) ||
         sr_buf_json_str(o, p.name, strlen(p.name)) ||
         sr_buf_printf(o, ",\"lat\":%.4f,\"lon\":%.4f,\"population\":%u,\"kind\":\"%s\",\"country\":\"%s\"}",
                       p.lat, p.lon, p.population, kinds[k], p.cc);
  }
  if (rc || sr_buf_append(o, "]}\n", 3)) return sv_error(r, 500, "answer too large");
  return r->status = 200;
}

/* ---- the event grid */

static int api_grid(sv_req *r) {
  bbox b;
  int z = 0; /* set by zoom_param on success */
  long lim;
  const char *bb = sv_param_get(r, "bbox"), *zz = sv_param_get(r, "zoom"),
             *ll = sv_param_get(r, "limit"), *from = sv_param_get(r, "from"),
             *to = sv_param_get(r, "to"), *actor = sv_param_get(r, "actor");
  if (sv_check_unused(r) || parse_bbox(r, bb, &b) || zoom_param(r, zz, &z) ||
      limit_param(r, ll, 2000, SV_MAP_MAX_CELLS, &lim))
    return r->status;
  if (from && !is_day(from)) return sv_error(r, 400, "from '%.40s': use YYYY-MM-DD", from);
  if (to && !is_day(to)) return sv_error(r, 400, "to '%.40s': use YYYY-MM-DD", to);
  if (from && to && strcmp(from, to) > 0) return sv_error(r, 400, "from %s is after to %s", from, to);
  if (actor && (!*actor || strlen(actor) > 96 || strspn(actor, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(actor)))
    return sv_error(r, 400, "actor '%.40s': an actor id such as ISIS", actor);
  double cell = SV_MAP_CELL_PX * 360.0 / (256.0 * ldexp(1.0, z));
  /* a view is at most a few thousand cells; a bbox far larger than the screen is refused */
  double width = 0;
  for (int k = 0; k < b.nlon; k++) width += b.e[k] - b.w[k];
  double ncells = ceil((b.n - b.s) / cell + 1) * ceil(width / cell + 1);
  if (ncells > 4.0 * SV_MAP_MAX_CELLS * 64)
    return sv_error(r, 400, "bbox too large for zoom %d: zoom in, or ask a lower zoom", z);
  sr_store *st = sv_store(r);
  if (!st) return r->status;
  sr_buf *o = &r->w->out;
  if (!actor) { /* the in-memory points (see points above) */
    pthread_mutex_lock(&index_lock);
    struct sv_map_index *ix = index_get(r->srv);
    pthread_mutex_unlock(&index_lock);
    if (ix && points_acquire(ix, st->db) == 0) {
      gcell *cells = NULL;
      long k = grid_points(&ix->pts, &b, cell, from ? day_of(from) : SV_MAP_NO_DAY,
                           to ? day_of(to) : INT32_MAX, &cells);
      pthread_rwlock_unlock(&ix->plock);
      if (k < 0) return sv_error(r, 500, "out of memory for the grid");
      long events = 0;
      for (long i = 0; i < k; i++) events += cells[i].n;
      sr_buf_clear(o);
      int rc = sr_buf_printf(o, "{\"zoom\":%d,\"cell_deg\":%.6f,\"cells\":[", z, cell);
      for (long i = 0; i < k && i < lim && !rc; i++)
        rc = (i && sr_buf_putc(o, ',')) ||
             sr_buf_printf(o, "{\"lat\":%.4f,\"lon\":%.4f,\"n\":%ld}", cells[i].slat / (double)cells[i].n,
                           cells[i].slon / (double)cells[i].n, cells[i].n);
      free(cells);
      if (rc || sr_buf_printf(o, "],\"events\":%ld,\"truncated\":%s}\n", events, k > lim ? "true" : "false"))
        return sv_error(r, 500, "answer too large");
      return r->status = 200;
    }
    /* the points could not be read: the same count in SQL */
  }
  /* in SQL: an actor's events through its source and target indexes, else the table */
  static const char *const sql_events =
      "SELECT CAST(floor((lat + 90.0) / ?1) AS INTEGER) AS gy,"
      " CAST(floor((lon + 180.0) / ?1) AS INTEGER) AS gx, COUNT(*), AVG(lat), AVG(lon) FROM ("
      "  SELECT lat, lon FROM events WHERE ?9 IS NOT NULL AND src_id = ?9 AND has_loc = 1 AND origin = 'coded'"
      "   AND lat >= ?2 AND lat <= ?3 AND lon >= ?4 AND lon <= ?5"
      "   AND (?6 IS NULL OR date >= ?6) AND (?7 IS NULL OR date <= ?7)"
      "  UNION ALL"
      "  SELECT lat, lon FROM events WHERE ?9 IS NOT NULL AND tgt_id = ?9 AND src_id <> ?9 AND has_loc = 1"
      "   AND origin = 'coded' AND lat >= ?2 AND lat <= ?3 AND lon >= ?4 AND lon <= ?5"
      "   AND (?6 IS NULL OR date >= ?6) AND (?7 IS NULL OR date <= ?7)"
      "  UNION ALL"
      "  SELECT lat, lon FROM events WHERE ?9 IS NULL AND has_loc = 1 AND origin = 'coded'"
      "   AND lat >= ?2 AND lat <= ?3 AND lon >= ?4 AND lon <= ?5"
      "   AND (?6 IS NULL OR date >= ?6) AND (?7 IS NULL OR date <= ?7))"
      " GROUP BY gy, gx ORDER BY 3 DESC LIMIT ?8";
  sr_buf_clear(o);
  int rc = sr_buf_printf(o, "{\"zoom\":%d,\"cell_deg\":%.6f,\"cells\":[", z, cell);
  long n = 0, events = 0;
  int truncated = 0;
  for (int k = 0; k < b.nlon && !rc; k++) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, sql_events, -1, &q, NULL) != SQLITE_OK)
      return sv_error(r, 500, "store error: %s", sqlite3_errmsg(st->db));
    sqlite3_bind_double(q, 1, cell);
    sqlite3_bind_double(q, 2, b.s);
    sqlite3_bind_double(q, 3, b.n);
    sqlite3_bind_double(q, 4, b.w[k]);
    sqlite3_bind_double(q, 5, b.e[k]);
    if (from) sqlite3_bind_text(q, 6, from, -1, SQLITE_STATIC);
    if (to) sqlite3_bind_text(q, 7, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, lim - n + 1);
    if (actor) sqlite3_bind_text(q, 9, actor, -1, SQLITE_STATIC);
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
      if (n >= lim) {
        truncated = 1;
        break;
      }
      long cnt = (long)sqlite3_column_int64(q, 2);
      events += cnt;
      rc = (n++ && sr_buf_putc(o, ',')) ||
           sr_buf_printf(o, "{\"lat\":%.4f,\"lon\":%.4f,\"n\":%ld}", sqlite3_column_double(q, 3),
                         sqlite3_column_double(q, 4), cnt);
    }
    int busy = !rc && step != SQLITE_ROW && step != SQLITE_DONE;
    sqlite3_finalize(q);
    if (busy) {
      if (sv_store_busy(st)) return sv_busy(r, "reading");
      return sv_error(r, 500, "store error: %s", sqlite3_errmsg(st->db));
    }
  }
  if (rc || sr_buf_printf(o, "],\"events\":%ld,\"truncated\":%s}\n", events, truncated ? "true" : "false"))
    return sv_error(r, 500, "answer too large");
  return r->status = 200;
}

int sv_api_map(sv_req *r, const char *what) {
  if (strcmp(what, "places") == 0) return api_places(r);
  if (strcmp(what, "grid") == 0) return api_grid(r);
  return sv_error(r, 404, "not found: /api/map/%.100s", what);
}
