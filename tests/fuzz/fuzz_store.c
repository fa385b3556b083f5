/* fuzz_store.c - libFuzzer: the input as documents stored in a temporary store, then the
 * situation picture (every format, a window with the events, an empty one, one country)
 * and every export (each row format, reports, the comparison, stats), the store's own
 * check, and the same picture again through a read-only open.
 *
 * Input: lines. "---" starts a new document; a line starting with '@' is one event of the
 * current document, "@date|cameo|source|target|place|lat|lon|cc|admin1|precision|deaths",
 * every field optional; any other line is the document's text. Fields are brought into
 * the coder's contract first (valid dates, CAMEO roots 01-20, coordinates in range, clean
 * UTF-8), so what breaks is the store, not the fuzzer's shortcut. With $SITREP_LEXICON set,
 * each document's text is also coded and its events stored beside the given ones.
 * A crash, a failed check, a format that is not what it says, or a read-only picture that
 * differs from the writer's, aborts. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_ctx.h"
#include "sitrep/store.h"
#include "sitrep/text.h"

#define MAX_INPUT (64u << 10) /* bytes of one input */
#define MAX_DOCS 16
#define MAX_EVENTS 64 /* per document: given plus coded */
#define NFIELDS 11

static fuzz_ctx g_fz;

typedef struct fdoc {
  sr_buf text;
  sr_event ev[MAX_EVENTS];
  size_t nev;
} fdoc;

/* A clean copy of s[0..n) in the arena, at most 64 bytes ("" on failure). */
static const char *field(sr_arena *a, const char *s, size_t n) {
  if (n > 64) n = 64;
  char *out;
  size_t ol;
  if (sr_utf8_clean(a, s, n, &out, &ol, NULL, NULL)) return "";
  return out;
}

static const char *fix_date(sr_arena *a, const char *s) {
  int y, m, d;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return NULL;
  if (y < 1990 || y > 2030 || m < 1 || m > 12 || d < 1 || d > 28) return NULL;
  char *o = sr_arena_alloc(a, 11);
  if (o) snprintf(o, 11, "%04d-%02d-%02d", y, m, d);
  return o;
}

static double fix_coord(const char *s, double lim) {
  double v = strtod(s, NULL);
  if (!isfinite(v)) return 0;
  return fmod(v, lim);
}

/* One "@..." line into e (its evidence: the line's span in the document text). */
static void parse_event(sr_arena *a, const char *line, size_t n, sr_event *e) {
  const char *f[NFIELDS] = {0};
  size_t fl[NFIELDS] = {0};
  int k = 0;
  const char *p = line + 1, *end = line + n;
  while (k < NFIELDS && p <= end) {
    const char *bar = memchr(p, '|', (size_t)(end - p));
    f[k] = p;
    fl[k] = bar ? (size_t)(bar - p) : (size_t)(end - p);
    k++;
    if (!bar) break;
    p = bar + 1;
  }
  const char *v[NFIELDS];
  for (int i = 0; i < NFIELDS; i++) v[i] = f[i] ? field(a, f[i], fl[i]) : "";
  memset(e, 0, sizeof *e);
  e->sent = 1;
  e->date = fix_date(a, v[0]);
  e->time_precision = e->date ? 1 : 0;
  int digits = 0;
  for (const char *c = v[1]; *c && digits < 4; c++)
    if (*c >= '0' && *c <= '9') e->cameo[digits++] = *c;
  if (digits < 2) snprintf(e->cameo, sizeof e->cameo, "190");
  int root = (e->cameo[0] - '0') * 10 + (e->cameo[1] - '0');
  if (root < 1 || root > 20) root = 1 + root % 20;
  e->cameo[0] = (char)('0' + root / 10);
  e->cameo[1] = (char)('0' + root % 10);
  sr_cameo_map(e->cameo, &e->plover, &e->acled, &e->acled_sub);
  e->disorder = sr_acled_disorder(e->acled, e->acled_sub);
  e->has_source = *v[2] != 0;
  e->source.id = e->source.name = v[2];
  e->has_target = *v[3] != 0;
  e->target.id = e->target.name = v[3];
  e->source.cameo = e->target.cameo = "";
  e->has_location = *v[4] != 0;
  e->location.name = v[4];
  e->location.lat = fix_coord(v[5], 90);
  e->location.lon = fix_coord(v[6], 180);
  if (v[7][0] >= 'A' && v[7][0] <= 'Z' && v[7][1] >= 'A' && v[7][1] <= 'Z')
    memcpy(e->location.country, v[7], 2);
  else if (e->has_location)
    memcpy(e->location.country, "SY", 2);
  e->location.admin1 = v[8];
  e->location.admin2 = "";
  static const char *const prec[] = {"place", "near", "admin1", "country"};
  e->location.precision = prec[(unsigned char)v[9][0] % 4];
  e->location.bearing = -1;
  e->fatalities = *v[10] ? (int)(strtol(v[10], NULL, 10) % 100000) : -1;
  if (e->fatalities < -1) e->fatalities = -1;
  e->injured = -1;
  e->confidence = 0.8f;
}

/* Split the input into documents (text and given events). Returns the count. */
static size_t split(sr_arena *a, const char *in, size_t n, fdoc *docs) {
  size_t nd = 1, pos = 0;
  while (pos < n) {
    const char *s = in + pos;
    const char *nl = memchr(s, '\n', n - pos);
    size_t ll = nl ? (size_t)(nl - s) : n - pos;
    pos += ll + (nl ? 1 : 0);
    fdoc *d = &docs[nd - 1];
    if (ll == 3 && memcmp(s, "---", 3) == 0) {
      if (nd < MAX_DOCS) nd++;
    } else if (ll && s[0] == '@') {
      if (d->nev < MAX_EVENTS / 2) {
        sr_event *e = &d->ev[d->nev++];
        parse_event(a, s, ll, e);
        e->text_off = (uint32_t)d->text.len; /* the line itself is its evidence */
        e->text_len = (uint32_t)ll;
        sr_buf_append(&d->text, s, ll);
        sr_buf_putc(&d->text, '\n');
      }
    } else {
      sr_buf_append(&d->text, s, ll);
      sr_buf_putc(&d->text, '\n');
    }
  }
  return nd;
}

static int export_row(const sr_event_row *row, void *ud) {
  sr_buf *out = ud;
  static const sr_row_format f[] = {SR_ROW_JSONL, SR_ROW_CSV, SR_ROW_TSV, SR_ROW_GEOJSON,
                                    SR_ROW_ACLED};
  for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
    size_t before = out->len;
    if (sr_row_write(row, f[i], out) == 0 && out->len == before) abort(); /* wrote nothing */
  }
  return 0;
}

static int count_report(const sr_report_row *r, void *ud) {
  if (!r->doc_id || !r->evidence) abort();
  (*(long *)ud)++;
  return 0;
}

static void situation_all(sr_store *st, const sr_situation_opts *o) {
  static const sr_situation_format f[] = {SR_SIT_TEXT, SR_SIT_JSON, SR_SIT_GEOJSON, SR_SIT_POINTS,
                                          SR_SIT_LINES};
  for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
    sr_buf out;
    sr_buf_init(&out, 1u << 26);
    sr_error err;
    sr_error_clear(&err);
    int rc = sr_store_situation(st, o, f[i], &out, &err);
    if (rc && !err.msg[0]) abort(); /* a failure always says why */
    if (!rc && f[i] != SR_SIT_TEXT && (!out.len || out.data[0] != '{')) abort();
    sr_buf_free(&out);
  }
}

static void exports(sr_store *st) {
  sr_error err;
  sr_query q;
  memset(&q, 0, sizeof q);
  q.limit = 200;
  sr_buf out;
  sr_buf_init(&out, 1u << 26);
  if (sr_store_query(st, &q, export_row, &out, &err) < 0) abort();
  for (int64_t id = 1; id <= 8; id++) {
    long n = 0;
    int rc = sr_store_reports(st, id, count_report, &n, &err);
    if (rc == 0 && n == 0) abort(); /* every event has a report */
  }
  sr_buf_clear(&out);
  if (sr_store_compare(st, NULL, 1, &out, &err) == 0 && (!out.len || out.data[0] != '{')) abort();
  sr_store_stats stt;
  if (sr_store_stats_get(st, &stt, &err)) abort();
  sr_buf_free(&out);
}

/* The situation as JSON (malloc'd, caller frees; NULL on failure). */
static char *situation_json(sr_store *st, const sr_situation_opts *o) {
  sr_buf out;
  sr_buf_init(&out, 1u << 26);
  sr_error err;
  if (sr_store_situation(st, o, SR_SIT_JSON, &out, &err)) {
    sr_buf_free(&out);
    return NULL;
  }
  return out.data ? out.data : strdup("");
}

/* Store every document; last gets the newest event date ("" when none). */
static void store_docs(sr_store *st, fdoc *docs, size_t nd, char last[11]) {
  sr_error err;
  for (size_t i = 0; i < nd; i++) {
    fdoc *d = &docs[i];
    const char *text = d->text.data ? d->text.data : "";
    if (g_fz.doc && d->text.len && sr_doc_code(g_fz.doc, "f", NULL, text, d->text.len, &err) == 0) {
      size_t nc = sr_doc_nevents(g_fz.doc);
      for (size_t k = 0; k < nc && d->nev < MAX_EVENTS; k++) d->ev[d->nev++] = *sr_doc_event(g_fz.doc, k);
    }
    for (size_t k = 0; k < d->nev; k++) {
      if (!d->ev[k].text) d->ev[k].text = text;
      if (d->ev[k].date && strlen(d->ev[k].date) == 10 && strcmp(d->ev[k].date, last) > 0)
        memcpy(last, d->ev[k].date, 11); /* copied: coded events die with the next document */
    }
    char id[16];
    snprintf(id, sizeof id, "d%zu", i % 5); /* the same id again replaces the document */
    sr_doc_meta m = {.id = id, .date = "2018-11-27"};
    sr_add_result res;
    if (sr_store_add(st, &m, text, d->text.len, d->ev, d->nev, &res, &err) && !err.msg[0]) abort();
  }
}

/* An empty store made once (making the schema is most of the cost of a fresh store),
 * written out as each input's starting store. */
static char *g_template;
static size_t g_template_len;

static void make_template(const char *dir) {
  char db[128];
  snprintf(db, sizeof db, "%s/t.db", dir);
  sr_store *st;
  sr_error err;
  if (sr_store_open(&st, db, SR_STORE_CREATE, &err)) abort();
  sr_store_close(st); /* the last connection folds the WAL in: one file */
  if (sr_read_all(db, 1u << 24, &g_template, &g_template_len, &err)) abort();
  unlink(db);
}

static void fresh_store(const char *db) {
  char side[140];
  snprintf(side, sizeof side, "%s-wal", db);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", db);
  unlink(side);
  FILE *f = fopen(db, "wb");
  if (!f || fwrite(g_template, 1, g_template_len, f) != g_template_len || fclose(f)) abort();
}

static void run(const char *dir, const uint8_t *data, size_t size) {
  char db[128];
  snprintf(db, sizeof db, "%s/s.db", dir);
  fresh_store(db);
  sr_arena_reset(g_fz.arena);
  char *in = sr_arena_alloc(g_fz.arena, size + 1);
  char *clean;
  size_t cl;
  if (!in) abort();
  memcpy(in, data, size);
  if (sr_utf8_clean(g_fz.arena, in, size, &clean, &cl, NULL, NULL)) return; /* binary: refused */
  static fdoc docs[MAX_DOCS];
  for (size_t i = 0; i < MAX_DOCS; i++) {
    sr_buf_init(&docs[i].text, 1u << 20);
    docs[i].nev = 0;
  }
  size_t nd = split(g_fz.arena, clean, cl, docs);
  sr_store *st;
  sr_error err;
  if (sr_store_open(&st, db, SR_STORE_CREATE, &err)) abort();
  char last[11] = "";
  store_docs(st, docs, nd, last);
  sr_buf rep;
  sr_buf_init(&rep, 1u << 20);
  if (sr_store_check(st, &rep, &err)) {
    fprintf(stderr, "store check failed: %s\n%.*s\n", err.msg, (int)rep.len, rep.data ? rep.data : "");
    abort();
  }
  sr_buf_free(&rep);
  sr_situation_opts in_window = {.as_of = last[0] ? last : "2018-11-27", .days = 1 + (int)(size % 60)};
  situation_all(st, &in_window);
  sr_situation_opts empty = {.as_of = "1970-01-02", .days = 1};
  situation_all(st, &empty);
  sr_situation_opts country = {.as_of = in_window.as_of, .days = 400, .country = "SY"};
  situation_all(st, &country);
  exports(st);
  char *want = situation_json(st, &in_window);
  sr_store_close(st);
  if (sr_store_open(&st, db, SR_STORE_READONLY, &err)) abort();
  char *got = situation_json(st, &in_window);
  if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0)) abort();
  free(want);
  free(got);
  sr_store_close(st);
  for (size_t i = 0; i < MAX_DOCS; i++) sr_buf_free(&docs[i].text);
}

static char g_dir[64];

static int lexicon_set(void) {
  const char *l = getenv("SITREP_LEXICON");
  return l && *l;
}

/* After each input: nothing is left behind (libFuzzer may end the process with _Exit). */
static void remove_dir(void) {
  static const char *const names[] = {"s.db", "s.db-wal", "s.db-shm"};
  char p[128];
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s/%s", g_dir, names[i]);
    unlink(p);
  }
  rmdir(g_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *dir = g_dir;
  if (!dir[0]) {
    /* tmpfs when there is one: the store's syncs then cost nothing */
    snprintf(dir, sizeof g_dir, "/dev/shm/sitrep_fuzz_store_XXXXXX");
    if (!mkdtemp(dir)) {
      snprintf(dir, sizeof g_dir, "/tmp/sitrep_fuzz_store_XXXXXX");
      if (!mkdtemp(dir)) abort();
    }
    make_template(dir);
    if (!lexicon_set()) { /* the given events only */
      g_fz.arena = sr_arena_new(64u << 20);
      if (!g_fz.arena) abort();
    }
  }
  if (lexicon_set()) fuzz_ctx_setup(&g_fz, "fuzz_store");
  if (size > MAX_INPUT) return 0;
  if (mkdir(dir, 0700) && errno != EEXIST) abort();
  run(dir, data, size);
  remove_dir();
  return 0;
}
