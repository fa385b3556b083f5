/* lines.h - private to src/io: the one line reader of the input readers (text
 * lines, JSONL records, the lines of every document's text). */
#ifndef SITREP_IO_LINES_H
#define SITREP_IO_LINES_H
#include <stddef.h>
#include <stdio.h>

/* One text line of a document (bytes, without its '\n'). A longer line is
 * reported naming file and line and dropped; the rest of the document stays. */
#define SR_IO_MAX_LINE ((size_t)1024 * 1024)

/* A line source: a stream (read in chunks into buf, which grows to at most the
 * cap given to sr_lines_next plus one byte) or a buffer in memory (borrowed).
 * The cap is checked while reading: an over-long line is skipped up to its end
 * without being held in memory. Zero-initialise, then sr_lines_file or
 * sr_lines_mem; free with sr_lines_free. */
typedef struct sr_lines {
  FILE *f;           /* stream source, or NULL (borrowed; not closed) */
  const char *mem;   /* in-memory source (borrowed) */
  size_t memlen, mempos;
  char *buf;         /* stream buffer (owned) */
  size_t cap, beg, end;
  int eof, ioerr;
  long lineno;       /* 1-based number of the line last returned */
  int nl;            /* 1 when the line last returned ended with '\n' (not the input's end) */
} sr_lines;

/* A stream reader with a first buffer of cap bytes (malloc'd; the caller may
 * fill buf[0..end) itself before the first line, e.g. to sniff the format).
 * SR_ENOMEM on failure. */
int sr_lines_file(sr_lines *r, FILE *f, size_t cap);
/* A reader over mem[0..len) (borrowed). */
void sr_lines_mem(sr_lines *r, const char *mem, size_t len);
/* Next line: 1 with *p, *n set (a trailing '\r' trimmed; *p is borrowed until
 * the next call), 0 at the end or on a read error (r->ioerr). A line over max
 * bytes returns 1 with *toolong = 1, *p = NULL and *n = its length. */
int sr_lines_next(sr_lines *r, size_t max, const char **p, size_t *n, int *toolong);
/* Free the stream buffer (not the stream). NULL allowed. */
void sr_lines_free(sr_lines *r);

#endif
