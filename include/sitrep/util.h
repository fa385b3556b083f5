/* sitrep/util.h - errors, per-document arena, capped growable buffer.
 *
 * Error convention (the whole library): functions return int, 0 on success,
 * a negative SR_E* code on failure, and fill the caller's sr_error (which may
 * be NULL) with a one-line message and, when the input is at fault, the file,
 * line and byte offset. Codes propagate unchanged; they are never overwritten.
 */
#ifndef SITREP_UTIL_H
#define SITREP_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum {
  SR_OK = 0,
  SR_ERR = -1,       /* generic failure */
  SR_ENOMEM = -2,    /* allocation failed or a cap was reached */
  SR_EINPUT = -3,    /* the input is malformed (message names file/line) */
  SR_EIO = -4,       /* open/read/write/mmap failed */
  SR_ENOTFOUND = -5, /* a looked-up thing does not exist */
  SR_ELIMIT = -6     /* the input exceeds a documented limit */
};

typedef struct sr_error {
  int code;           /* last SR_E* code, 0 when clear */
  char msg[256];      /* one line, no trailing newline */
  char file[256];     /* input file at fault, "" when none or stdin "-" */
  long line;          /* 1-based line in file, 0 when unknown */
  long long offset;   /* byte offset in file or document, -1 when unknown */
} sr_error;

/* Clear err (NULL allowed). */
void sr_error_clear(sr_error *err);
/* Set code and printf-style message; returns code so callers can
 * `return sr_error_set(err, SR_EINPUT, "...")`. err may be NULL. */
int sr_error_set(sr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set where the input was at fault. file may be NULL. */
void sr_error_at(sr_error *err, const char *file, long line, long long offset);
/* Short name for a code ("input", "io", ...). Static string, never freed. */
const char *sr_strerror(int code);

/* ---- arena: one per document; everything coded from a document lives in
 * its arena and is freed in one call. The arena has a hard byte cap so hostile
 * input cannot exhaust memory: allocations past the cap return NULL. */
typedef struct sr_arena sr_arena;

/* New arena that will never hold more than cap bytes (0 = 1 GiB).
 * Caller frees with sr_arena_free. NULL on OOM. */
sr_arena *sr_arena_new(size_t cap);
void sr_arena_free(sr_arena *a);
/* Drop every allocation but keep the first block for reuse. */
void sr_arena_reset(sr_arena *a);
/* 16-byte aligned, uninitialised. NULL when the cap is reached. Owned by a. */
void *sr_arena_alloc(sr_arena *a, size_t n);
/* Zeroed variant of sr_arena_alloc (n*size, overflow-checked). */
void *sr_arena_calloc(sr_arena *a, size_t n, size_t size);
/* Copy of s[0..n) plus NUL, owned by a. */
char *sr_arena_strndup(sr_arena *a, const char *s, size_t n);
/* Bytes handed out since the last reset. */
size_t sr_arena_used(const sr_arena *a);

/* ---- buffer: growable byte buffer with a maximum size (curl's dynbuf). */
typedef struct sr_buf {
  char *data;  /* NUL-terminated when len > 0; owned, free with sr_buf_free */
  size_t len;
  size_t cap;
  size_t max;  /* appends that would exceed max fail with SR_ELIMIT */
} sr_buf;

void sr_buf_init(sr_buf *b, size_t max);
void sr_buf_free(sr_buf *b);
void sr_buf_clear(sr_buf *b); /* len = 0, keeps memory */
int sr_buf_append(sr_buf *b, const void *p, size_t n);
int sr_buf_putc(sr_buf *b, char c);
/* Room for add more bytes (and a NUL) past len, for writing at data + len directly;
 * len is unchanged. 0, SR_ELIMIT past max or SR_ENOMEM. */
int sr_buf_reserve(sr_buf *b, size_t add);
int sr_buf_printf(sr_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal (with quotes, escaped). */
int sr_buf_json_str(sr_buf *b, const char *s, size_t n);

/* ---- small helpers */
/* FNV-1a 64-bit hash of n bytes. */
uint64_t sr_hash64(const void *p, size_t n);
/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (H. Hinnant's days-from-civil;
 * m 1..12, d 1..31, not checked). */
int32_t sr_day_number(int y, int m, int d);
/* Read a whole file into a malloc'd NUL-terminated buffer (caller frees with
 * free). Files larger than max bytes fail with SR_ELIMIT. */
int sr_read_all(const char *path, size_t max, char **out, size_t *outlen, sr_error *err);

/* ---- per-thread tables (memos kept across documents by each coding thread) */
/* The calling thread's table of n zeroed elements of size bytes, made on its first call
 * (on the heap: a large _Thread_local array would be carved out of every thread's stack)
 * and freed when the thread ends. Owned by the thread: do not free. NULL when it cannot be
 * made (callers then work without a memo). *handle names the table across threads: a
 * static int starting at 0, set by the first call; at most SR_TLS_MAX tables. */
#define SR_TLS_MAX 16
void *sr_tls_table_get(int *handle, size_t n, size_t size);

#endif
