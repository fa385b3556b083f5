/* src/store/pg/pg_codec.c - a document's coded events as the log keeps them (doc_log.coded):
 * one line per event, its fields separated by tabs in a fixed order, strings with '\\',
 * tab and newline escaped ("\\\\", "\\t", "\\n"), a NULL string as "\\N", doubles with 17
 * significant digits (exact). Every field the store reads is kept, so a folded document is
 * stored exactly as the worker that coded it would have stored it. */
#ifdef SITREP_HAVE_PG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

#define NFIELDS 37

static int put_str(sr_buf *b, const char *s) {
  if (!s) return sr_buf_append(b, "\\N\t", 3);
  for (; *s; s++) {
    int rc = *s == '\\'   ? sr_buf_append(b, "\\\\", 2)
             : *s == '\t' ? sr_buf_append(b, "\\t", 2)
             : *s == '\n' ? sr_buf_append(b, "\\n", 2)
                          : sr_buf_putc(b, *s);
    if (rc < 0) return rc;
  }
  return sr_buf_putc(b, '\t');
}

static int put_actor(sr_buf *b, int has, const sr_actor_ref *a) {
  if (sr_buf_printf(b, "%d\t", has) < 0 || put_str(b, a->id) < 0 || put_str(b, a->name) < 0 ||
      put_str(b, a->cameo) < 0)
    return SR_ENOMEM;
  return sr_buf_printf(b, "%d\t", a->inter);
}

static int put_event(sr_buf *b, const sr_event *e) {
  char cameo[5];
  memcpy(cameo, e->cameo, 4);
  cameo[4] = 0;
  const sr_location *l = &e->location;
  if (sr_buf_printf(b, "%u\t", e->sent) < 0 || put_str(b, e->date) < 0 ||
      put_str(b, e->report_date) < 0 ||
      sr_buf_printf(b, "%d\t%d\t%d\t%d\t", e->time_precision, e->date_told, e->fatalities,
                    e->injured) < 0 ||
      put_actor(b, e->has_source, &e->source) < 0 || put_actor(b, e->has_target, &e->target) < 0 ||
      put_str(b, cameo) < 0 || put_str(b, e->plover) < 0 || put_str(b, e->acled) < 0 ||
      put_str(b, e->acled_sub) < 0 || put_str(b, e->disorder) < 0 ||
      sr_buf_printf(b, "%d\t", e->has_location) < 0 || put_str(b, l->name) < 0 ||
      sr_buf_printf(b, "%.17g\t%.17g\t", l->lat, l->lon) < 0 || put_str(b, l->country) < 0 ||
      put_str(b, l->admin1) < 0 || put_str(b, l->admin2) < 0 ||
      sr_buf_printf(b, "%u\t", l->geonameid) < 0 || put_str(b, l->precision) < 0 ||
      sr_buf_printf(b, "%.17g\t%.17g\t%u\t%u\t%.9g\t", l->km_offset, l->bearing, e->text_off,
                    e->text_len, (double)e->confidence) < 0)
    return SR_ENOMEM;
  if (put_str(b, e->why) < 0) return SR_ENOMEM;
  b->data[b->len - 1] = '\n'; /* the last field ends the line */
  return 0;
}

int sr_pg_encode(const sr_event *ev, size_t nev, sr_buf *out, sr_error *err) {
  if (nev > SR_PG_MAX_EVENTS)
    return sr_error_set(err, SR_ELIMIT, "more than %d events in one document", SR_PG_MAX_EVENTS);
  for (size_t i = 0; i < nev; i++)
    if (put_event(out, &ev[i]) < 0)
      return sr_error_set(err, SR_ELIMIT, "coded events over %d bytes", SR_PG_MAX_CODED);
  return 0;
}

/* Unescape field f in place; NULL for "\N". */
static char *field(char *f) {
  if (!strcmp(f, "\\N")) return NULL;
  char *w = f;
  for (char *r = f; *r; r++) {
    if (*r == '\\' && r[1]) {
      r++;
      *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
  return f;
}

static const char *nz(const char *s) {
  return s ? s : "";
}

static void get_actor(char **f, int *has, sr_actor_ref *a) {
  *has = atoi(nz(f[0]));
  a->id = f[1], a->name = f[2], a->cameo = f[3];
  a->inter = atoi(nz(f[4]));
}

static int get_event(char *line, const char *text, size_t tlen, sr_event *e) {
  char *f[NFIELDS];
  int n = 0;
  for (char *p = line; n < NFIELDS; n++) {
    f[n] = p;
    char *t = strchr(p, '\t');
    if (!t) {
      n++;
      break;
    }
    *t = 0;
    p = t + 1;
  }
  if (n != NFIELDS) return -1;
  for (int i = 0; i < NFIELDS; i++) f[i] = field(f[i]);
  memset(e, 0, sizeof *e);
  e->sent = (uint32_t)strtoul(nz(f[0]), NULL, 10);
  e->date = f[1], e->report_date = f[2];
  e->time_precision = atoi(nz(f[3])), e->date_told = atoi(nz(f[4]));
  e->fatalities = atoi(nz(f[5])), e->injured = atoi(nz(f[6]));
  get_actor(f + 7, &e->has_source, &e->source);
  get_actor(f + 12, &e->has_target, &e->target);
  snprintf(e->cameo, sizeof e->cameo, "%s", nz(f[17]));
  e->plover = f[18], e->acled = f[19], e->acled_sub = f[20], e->disorder = f[21];
  sr_location *l = &e->location;
  e->has_location = atoi(nz(f[22]));
  l->name = f[23];
  l->lat = strtod(nz(f[24]), NULL), l->lon = strtod(nz(f[25]), NULL);
  snprintf(l->country, sizeof l->country, "%s", nz(f[26]));
  l->admin1 = f[27], l->admin2 = f[28];
  l->geonameid = (uint32_t)strtoul(nz(f[29]), NULL, 10);
  l->precision = f[30];
  l->km_offset = strtod(nz(f[31]), NULL), l->bearing = strtod(nz(f[32]), NULL);
  e->text_off = (uint32_t)strtoul(nz(f[33]), NULL, 10);
  e->text_len = (uint32_t)strtoul(nz(f[34]), NULL, 10);
  e->confidence = strtof(nz(f[35]), NULL);
  e->why = f[36];
  if ((size_t)e->text_off > tlen || (size_t)e->text_len > tlen - e->text_off) return -1;
  e->text = text;
  return 0;
}

int sr_pg_decode(char *coded, size_t len, const char *doc_text, size_t doc_len, sr_event **ev,
                 size_t *nev, sr_error *err) {
  *ev = NULL;
  *nev = 0;
  size_t lines = 0;
  for (size_t i = 0; i < len; i++) lines += coded[i] == '\n';
  if (lines > SR_PG_MAX_EVENTS)
    return sr_error_set(err, SR_ELIMIT, "logged document with over %d events", SR_PG_MAX_EVENTS);
  if (!lines) return 0;
  sr_event *out = calloc(lines, sizeof *out);
  if (!out) return sr_error_set(err, SR_ENOMEM, "out of memory");
  size_t n = 0;
  for (char *p = coded, *end = coded + len; p < end && n < lines;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    *nl = 0;
    if (get_event(p, doc_text, doc_len, &out[n]) < 0) {
      free(out);
      return sr_error_set(err, SR_EINPUT, "logged event %zu is malformed", n + 1);
    }
    n++;
    p = nl + 1;
  }
  *ev = out;
  *nev = n;
  return 0;
}

#endif
