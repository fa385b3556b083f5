/* lines.c - the line reader shared by the input readers (see lines.h).
 *
 * Stream: the buffer holds the line being read; it grows by doubling up to
 * max + 1 bytes, and a line that fills it without a '\n' is over the cap: the
 * rest of it is read in buffer-sized chunks and thrown away up to its '\n'.
 * Memory: the '\n' is looked for only within max + 1 bytes; past them the
 * line is over the cap and only its end is looked for.
 */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

#include "sitrep/util.h"

int sr_lines_file(sr_lines *r, FILE *f, size_t cap) {
  memset(r, 0, sizeof *r);
  r->f = f;
  r->cap = cap ? cap : 4096;
  r->buf = malloc(r->cap);
  return r->buf ? 0 : SR_ENOMEM;
}

void sr_lines_mem(sr_lines *r, const char *mem, size_t len) {
  memset(r, 0, sizeof *r);
  r->mem = mem;
  r->memlen = len;
}

void sr_lines_free(sr_lines *r) {
  if (!r) return;
  free(r->buf);
  r->buf = NULL;
}

static int mem_next(sr_lines *r, size_t max, const char **p, size_t *n, int *toolong) {
  if (r->mempos >= r->memlen) return 0;
  const char *s = r->mem + r->mempos;
  size_t left = r->memlen - r->mempos;
  size_t look = left < max + 1 ? left : max + 1;
  const char *nl = memchr(s, '\n', look);
  size_t ll = nl ? (size_t)(nl - s) : look;
  r->lineno++;
  if (ll > max) { /* over the cap: find its end without keeping it */
    nl = memchr(s + look, '\n', left - look);
    r->nl = nl != NULL;
    ll = nl ? (size_t)(nl - s) : left;
    r->mempos += ll + (nl ? 1 : 0);
    *toolong = 1;
    *p = NULL;
    *n = ll;
    return 1;
  }
  r->mempos += ll + (nl ? 1 : 0);
  r->nl = nl != NULL;
  if (ll && s[ll - 1] == '\r') ll--;
  *p = s;
  *n = ll;
  return 1;
}

/* Throw the rest of an over-long line away (the buffer holds none of it any more);
 * returns the bytes thrown away. */
static size_t skip_rest(sr_lines *r) {
  size_t skipped = 0;
  r->beg = r->end = 0;
  for (;;) {
    size_t got = fread(r->buf, 1, r->cap, r->f);
    if (got == 0) {
      if (ferror(r->f)) r->ioerr = 1;
      r->eof = 1;
      return skipped;
    }
    char *q = memchr(r->buf, '\n', got);
    if (q) {
      skipped += (size_t)(q - r->buf);
      r->beg = (size_t)(q - r->buf) + 1;
      r->end = got;
      return skipped;
    }
    skipped += got;
  }
}

int sr_lines_next(sr_lines *r, size_t max, const char **p, size_t *n, int *toolong) {
  *toolong = 0;
  if (!r->f) return mem_next(r, max, p, n, toolong);
  size_t scanned = r->beg;
  for (;;) {
    char *nl = scanned < r->end ? memchr(r->buf + scanned, '\n', r->end - scanned) : NULL;
    if (nl || (r->eof && r->end > r->beg)) {
      size_t e = nl ? (size_t)(nl - r->buf) : r->end;
      r->lineno++;
      r->nl = nl != NULL;
      if (e - r->beg > max) { /* complete in the buffer, but over the cap */
        *toolong = 1;
        *p = NULL;
        *n = e - r->beg;
        r->beg = nl ? e + 1 : e;
        return 1;
      }
      *p = r->buf + r->beg;
      *n = e - r->beg;
      r->beg = nl ? e + 1 : e;
      if (*n && (*p)[*n - 1] == '\r') (*n)--;
      return 1;
    }
    if (r->eof || r->ioerr) return 0;
    scanned = r->end;
    if (r->beg > 0) { /* move the partial line to the front */
      memmove(r->buf, r->buf + r->beg, r->end - r->beg);
      r->end -= r->beg;
      scanned -= r->beg;
      r->beg = 0;
    }
    if (r->end > max) { /* over the cap before its end was seen */
      size_t had = r->end;
      r->lineno++;
      r->nl = 1;
      *toolong = 1;
      *p = NULL;
      *n = had + skip_rest(r);
      return 1;
    }
    if (r->end == r->cap) {
      size_t nc = r->cap * 2;
      if (nc > max + 1) nc = max + 1;
      char *nb = realloc(r->buf, nc);
      if (!nb) {
        r->ioerr = 1;
        r->eof = 1;
        return 0;
      }
      r->buf = nb;
      r->cap = nc;
    }
    size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
    if (got == 0) {
      if (ferror(r->f)) r->ioerr = 1;
      r->eof = 1;
    }
    r->end += got;
  }
}
