/* pipeline.c - the public API of sitrep.h: a context holds the mapped
 * lexicon and gazetteer images; a document runs text -> mentions -> events
 * in its own arena; events are written as JSON lines. */
#include "sitrep/sitrep.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sitrep/code.h"
#include "sitrep/gazetteer.h"
#include "sitrep/lexicon.h"
#include "sitrep/syntax.h"
#include "sitrep/text.h"

struct sr_ctx {
  sr_lex *lex;
  sr_syn *syn;
  sr_gaz *gaz;
  char lex_path[PATH_MAX];
  char gaz_path[PATH_MAX];
  sr_code_opts code;
};

struct sr_doc {
  sr_ctx *ctx;
  sr_arena *arena;
  sr_event *ev;
  size_t nev;
};

/* per-document arena cap: text copy + tokens + mentions */
#define DOC_ARENA_CAP ((size_t)512 * 1024 * 1024)

static int file_exists(const char *p) {
  struct stat st;
  return p && *p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The directory of the running executable into dir (capacity cap); 0 when found. */
static int exe_dir(char *dir, size_t cap) {
  ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
  if (n <= 0) return -1;
  dir[n] = 0;
  char *slash = strrchr(dir, '/');
  if (!slash) return -1;
  *slash = 0;
  return 0;
}

int sr_image_find(sr_image_kind kind, const char *explicit_path, char *out, size_t cap, sr_error *err) {
  int gaz = kind == SR_IMAGE_GAZETTEER;
  const char *what = gaz ? "gazetteer" : "lexicon", *env = gaz ? "SITREP_GAZETTEER" : "SITREP_LEXICON";
  const char *name = gaz ? "gazetteer.img" : "sitrep.lex", *opt = gaz ? "--gazetteer" : "--lexicon";
  if (!out || cap == 0) return sr_error_set(err, SR_EINPUT, "no room for the %s path", what);
  out[0] = 0;
  const char *given = explicit_path && *explicit_path ? explicit_path : NULL, *from = opt;
  if (!given && getenv(env) && *getenv(env)) given = getenv(env), from = env;
  if (given) {
    if ((size_t)snprintf(out, cap, "%s", given) >= cap)
      return sr_error_set(err, SR_ELIMIT, "%s image path too long (%s)", what, from);
    if (file_exists(out)) return 0;
    return sr_error_set(err, SR_ENOTFOUND, "no %s image at %s (given by %s%s)", what, given,
                        from == env ? "$" : "", from);
  }
  char dirs[3][PATH_MAX / 2]; /* half, so that dir + "/" + name always fits */
  const char *label[3] = {"next to the executable", "$SITREP_HOME", "~/.cache/sitrep"};
  int have[3] = {0, 0, 0};
  have[0] = exe_dir(dirs[0], sizeof dirs[0]) == 0;
  const char *home = getenv("SITREP_HOME"), *uh = getenv("HOME");
  if (home && *home) have[1] = (size_t)snprintf(dirs[1], sizeof dirs[1], "%s", home) < sizeof dirs[1];
  if (uh && *uh) have[2] = (size_t)snprintf(dirs[2], sizeof dirs[2], "%s/.cache/sitrep", uh) < sizeof dirs[2];
  for (int i = 0; i < 3; i++) {
    if (!have[i]) continue;
    if ((size_t)snprintf(out, cap, "%s/%s", dirs[i], name) < cap && file_exists(out)) return 0;
  }
  out[0] = 0;
  return sr_error_set(err, SR_ENOTFOUND,
                      "no %s image %s (looked in: %s %s%s%s%s%s; pass %s PATH or set $%s)", what,
                      name, label[0], have[0] ? dirs[0] : "(unknown)", ", ", have[1] ? dirs[1] : "$SITREP_HOME (unset)",
                      ", ", have[2] ? dirs[2] : "~/.cache/sitrep ($HOME unset)", opt, env);
}

int sr_ctx_open(sr_ctx **out, const sr_ctx_opts *opts, sr_error *err) {
  *out = NULL;
  sr_ctx *c = calloc(1, sizeof *c);
  if (!c) return sr_error_set(err, SR_ENOMEM, "out of memory");
  const char *lexp = opts ? opts->lexicon_path : NULL;
  int rc = sr_image_find(SR_IMAGE_LEXICON, lexp, c->lex_path, sizeof c->lex_path, err);
  int given = (lexp && *lexp) || (getenv("SITREP_LEXICON") && *getenv("SITREP_LEXICON"));
  if (rc == 0) {
    rc = sr_lex_open(&c->lex, c->lex_path, err);
  } else if (!given && file_exists("data/lexicon/words.txt")) {
    /* no image: compile data/ in memory when run from the source tree */
    void *img;
    size_t len;
    sr_error_clear(err);
    rc = sr_lex_build_mem("data", &img, &len, err);
    if (rc == 0) rc = sr_lex_open_mem(&c->lex, img, len, err);
    snprintf(c->lex_path, sizeof c->lex_path, "data/ (compiled in memory)");
  }
  if (rc == 0) rc = sr_syn_open(&c->syn, c->lex, err);
  if (rc) {
    sr_ctx_free(c);
    return rc;
  }
  if (!(opts && opts->no_gazetteer)) {
    rc = sr_image_find(SR_IMAGE_GAZETTEER, opts ? opts->gazetteer_path : NULL, c->gaz_path,
                       sizeof c->gaz_path, err);
    if (rc == 0) rc = sr_gaz_open(&c->gaz, c->gaz_path, err);
    if (rc) {
      sr_ctx_free(c);
      return rc;
    }
  } else {
    c->gaz_path[0] = 0;
  }
  *out = c;
  return 0;
}

void sr_ctx_free(sr_ctx *c) {
  if (!c) return;
  if (c->syn) sr_syn_close(c->syn);
  if (c->lex) sr_lex_close(c->lex);
  if (c->gaz) sr_gaz_close(c->gaz);
  free(c);
}

const char *sr_ctx_lexicon_path(const sr_ctx *c) { return c->lex_path; }
const char *sr_ctx_gazetteer_path(const sr_ctx *c) { return c->gaz_path; }

void sr_ctx_set_explain(sr_ctx *c, int on) { c->code.explain = on; }

sr_doc *sr_doc_new(sr_ctx *ctx) {
  sr_doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->ctx = ctx;
  d->arena = sr_arena_new(DOC_ARENA_CAP);
  if (!d->arena) {
    free(d);
    return NULL;
  }
  return d;
}

void sr_doc_free(sr_doc *d) {
  if (!d) return;
  sr_arena_free(d->arena);
  free(d);
}

/* Reset d and analyse a copy of text into *t (tokens tagged); *dt gets a copy of date. */
static int doc_analyze(sr_doc *d, const char *date, const char *text, size_t len, sr_text *t,
                       const char **dt, sr_error *err) {
  sr_arena_reset(d->arena);
  d->ev = NULL;
  d->nev = 0;
  char *copy = sr_arena_strndup(d->arena, text, len);
  if (!copy) return sr_error_set(err, SR_ENOMEM, "document of %zu bytes is over the memory cap", len);
  *dt = date ? sr_arena_strndup(d->arena, date, strlen(date)) : NULL;
  int rc = sr_text_analyze(t, d->arena, copy, len, err);
  if (rc && rc != SR_ELIMIT) return rc;
  sr_lex_tag(d->ctx->lex, t);
  return 0;
}

int sr_doc_code(sr_doc *d, const char *id, const char *date, const char *text, size_t len,
                sr_error *err) {
  (void)id;
  sr_text t;
  const char *dt = NULL; /* set by doc_analyze on success */
  int rc = doc_analyze(d, date, text, len, &t, &dt, err);
  if (rc) return rc;
  return sr_code_text(d->ctx->lex, d->ctx->syn, d->ctx->gaz, d->arena, &t, dt, &d->ctx->code, &d->ev,
                      &d->nev, err);
}

int sr_doc_places(sr_doc *d, const char *date, const char *text, size_t len,
                  const struct sr_place_mention **out, size_t *n, char focus[3], sr_error *err) {
  *out = NULL;
  *n = 0;
  if (focus) focus[0] = 0;
  if (!d->ctx->gaz) return sr_error_set(err, SR_ERR, "listing places needs a gazetteer");
  sr_text t;
  const char *dt = NULL; /* set by doc_analyze on success */
  int rc = doc_analyze(d, date, text, len, &t, &dt, err);
  if (rc) return rc;
  sr_place_mention *pm = NULL;
  rc = sr_code_places(d->ctx->lex, d->ctx->syn, d->ctx->gaz, d->arena, &t, dt, &pm, n, focus, err);
  *out = pm;
  return rc;
}

int sr_doc_parse(sr_doc *d, const char *text, size_t len, sr_buf *out, sr_error *err) {
  sr_text t;
  const char *dt = NULL; /* set by doc_analyze on success */
  int rc = doc_analyze(d, NULL, text, len, &t, &dt, err);
  if (rc) return rc;
  sr_parse p;
  if ((rc = sr_code_parse(d->ctx->lex, d->ctx->syn, d->arena, &t, &p, err))) return rc;
  for (uint32_t si = 0; si < t.nsent && !rc; si++) {
    const sr_sentence *s = &t.sent[si];
    if ((rc = sr_buf_printf(out, "# %u: %.*s\n", si + 1, (int)s->len, t.src + s->off))) break;
    rc = sr_syn_print(d->ctx->syn, &t, &p, si, out);
    if (!rc) rc = sr_buf_putc(out, '\n');
  }
  return rc ? sr_error_set(err, rc, "parse output over its cap") : 0;
}

size_t sr_doc_nevents(const sr_doc *d) { return d->nev; }
const sr_event *sr_doc_event(const sr_doc *d, size_t i) { return i < d->nev ? &d->ev[i] : NULL; }

static int put_key(sr_buf *b, const char *key);
static int put_uint(sr_buf *b, unsigned long long v);

/* sr_buf_append, with the common case (room already there) inline: the event writer appends
 * some forty pieces per event, most of them literals of a known length */
static inline int app(sr_buf *b, const char *p, size_t n) {
  if (n < b->cap && b->len + n < b->cap && b->len + n <= b->max) {
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
  }
  return sr_buf_append(b, p, n);
}

/* ,"key": for a literal key, in one append */
#define PUT_KEY(b, k) app((b), ",\"" k "\":", sizeof(",\"" k "\":") - 1)
/* ,"key":"value" for a literal key */
#define PUT_STR(b, k, v) put_str_k((b), ",\"" k "\":", sizeof(",\"" k "\":") - 1, (v))

static int put_actor(sr_buf *b, const char *key, int has, const sr_actor_ref *a) {
  int rc = put_key(b, key);
  if (rc) return rc;
  if (!has) return app(b, "null", 4);
  if ((rc = app(b, "{\"id\":", 6)) || (rc = sr_buf_json_str(b, a->id, strlen(a->id))) ||
      (rc = app(b, ",\"name\":", 8)) ||
      (rc = sr_buf_json_str(b, a->name, strlen(a->name))) ||
      (rc = app(b, ",\"cameo\":", 9)) ||
      (rc = sr_buf_json_str(b, a->cameo ? a->cameo : "", a->cameo ? strlen(a->cameo) : 0)) ||
      (rc = PUT_KEY(b, "inter")) || (rc = put_uint(b, (unsigned)(a->inter > 0 ? a->inter : 0))))
    return rc;
  return sr_buf_putc(b, '}');
}

/* ,"key": */
static int put_key(sr_buf *b, const char *key) {
  int rc;
  if ((rc = app(b, ",\"", 2)) || (rc = app(b, key, strlen(key)))) return rc;
  return app(b, "\":", 2);
}

/* put_str with the key already written as ,"key": (kl bytes) */
static int put_str_k(sr_buf *b, const char *k, size_t kl, const char *v) {
  int rc = app(b, k, kl);
  if (rc) return rc;
  if (!v) return app(b, "null", 4);
  return sr_buf_json_str(b, v, strlen(v));
}

/* an unsigned integer, without printf (the event writer is on the hot path) */
static int put_uint(sr_buf *b, unsigned long long v) {
  char t[24];
  int n = 0;
  do t[sizeof t - 1 - n++] = (char)('0' + v % 10), v /= 10;
  while (v && n < 23);
  return app(b, t + sizeof t - n, (size_t)n);
}

/* ,"key":V with `dec` decimals, rounded as printf rounds a value written in decimal (half
 * away from zero); falls back to printf for values too large for the integer path */
static int put_fixed(sr_buf *b, const char *key, double v, int dec) {
  int rc = put_key(b, key);
  if (rc) return rc;
  static const double P[] = {1, 10, 100, 1000, 10000};
  if (!(v > -1e12 && v < 1e12) || dec < 0 || dec > 4) return sr_buf_printf(b, "%.*f", dec, v);
  int neg = v < 0;
  double a = (neg ? -v : v) * P[dec];
  unsigned long long q = (unsigned long long)(a + 0.5);
  if (neg && q && (rc = sr_buf_putc(b, '-'))) return rc;
  unsigned long long ip = q / (unsigned long long)P[dec], fp = q % (unsigned long long)P[dec];
  if ((rc = put_uint(b, ip))) return rc;
  if (!dec) return 0;
  char f[8];
  for (int i = dec - 1; i >= 0; i--) f[i] = (char)('0' + fp % 10), fp /= 10;
  if ((rc = sr_buf_putc(b, '.'))) return rc;
  return app(b, f, (size_t)dec);
}

/* ,"key":N or ,"key":null for a count the report does not give (< 0) */
static int put_count(sr_buf *b, const char *key, int n) {
  int rc = put_key(b, key);
  if (rc) return rc;
  return n < 0 ? app(b, "null", 4) : put_uint(b, (unsigned)n);
}

int sr_event_write_json(const sr_event *e, const char *doc_id, sr_buf *b) {
  int rc;
  if ((rc = app(b, "{\"doc\":", 7)) ||
      (rc = sr_buf_json_str(b, doc_id ? doc_id : "", doc_id ? strlen(doc_id) : 0)) ||
      (rc = PUT_KEY(b, "sent")) || (rc = put_uint(b, e->sent)) || (rc = PUT_STR(b, "date", e->date)) ||
      (rc = PUT_STR(b, "report_date", e->report_date)) || (rc = PUT_KEY(b, "time_precision")) ||
      (rc = e->time_precision > 0 ? put_uint(b, (unsigned)e->time_precision) : app(b, "null", 4)) ||
      (rc = put_count(b, "fatalities", e->fatalities)) || (rc = put_count(b, "injured", e->injured)) ||
      (rc = put_actor(b, "source", e->has_source, &e->source)) ||
      (rc = put_actor(b, "target", e->has_target, &e->target)))
    return rc;
  char root[3] = {e->cameo[0], e->cameo[1], 0};
  if ((rc = app(b, ",\"action\":{\"cameo\":", 19)) ||
      (rc = sr_buf_json_str(b, e->cameo, strlen(e->cameo))) || (rc = PUT_STR(b, "root", root)) ||
      (rc = PUT_STR(b, "plover", e->plover ? e->plover : "")) ||
      (rc = PUT_STR(b, "acled", e->acled ? e->acled : "")) ||
      (rc = PUT_STR(b, "acled_sub", e->acled_sub ? e->acled_sub : "")) ||
      (rc = PUT_STR(b, "disorder", e->disorder ? e->disorder : "")) || (rc = sr_buf_putc(b, '}')))
    return rc;
  if ((rc = app(b, ",\"location\":", 12))) return rc;
  if (!e->has_location) {
    if ((rc = app(b, "null", 4))) return rc;
  } else {
    const sr_location *l = &e->location;
    if ((rc = app(b, "{\"name\":", 8)) ||
        (rc = sr_buf_json_str(b, l->name ? l->name : "", l->name ? strlen(l->name) : 0)) ||
        (rc = put_fixed(b, "lat", l->lat, 4)) || (rc = put_fixed(b, "lon", l->lon, 4)) ||
        (rc = PUT_STR(b, "country", l->country)) || (rc = PUT_STR(b, "admin1", l->admin1 ? l->admin1 : "")) ||
        (rc = PUT_STR(b, "admin2", l->admin2 ? l->admin2 : "")) ||
        (rc = PUT_KEY(b, "geonameid")) || (rc = put_uint(b, l->geonameid)) ||
        (rc = PUT_STR(b, "precision", l->precision ? l->precision : "place")))
      return rc;
    /* "30 km north-west of X": the offset from X's point; "north of X": the bearing only */
    if (l->bearing >= 0) {
      if (l->km_offset > 0) rc = sr_buf_printf(b, ",\"km_offset\":%.1f", l->km_offset);
      else rc = sr_buf_printf(b, ",\"km_offset\":null");
      if (rc || (rc = sr_buf_printf(b, ",\"bearing\":%.0f", l->bearing))) return rc;
    }
    if ((rc = sr_buf_putc(b, '}'))) return rc;
  }
  size_t tl = e->text_len;
  if ((rc = app(b, ",\"text\":", 8)) ||
      (rc = sr_buf_json_str(b, e->text ? e->text + e->text_off : "", e->text ? tl : 0)) ||
      (rc = put_fixed(b, "confidence", e->confidence, 2)))
    return rc;
  if (e->why && (rc = PUT_STR(b, "why", e->why))) return rc;
  return app(b, "}\n", 2);
}
