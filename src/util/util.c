/* util.c - error struct, arena, capped buffer, hashing, whole-file read. */
#include "sitrep/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void sr_error_clear(sr_error *err) {
  if (!err) return;
  err->code = 0;
  err->msg[0] = 0;
  err->file[0] = 0;
  err->line = 0;
  err->offset = -1;
}

int sr_error_set(sr_error *err, int code, const char *fmt, ...) {
  if (!err) return code;
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return code;
}

void sr_error_at(sr_error *err, const char *file, long line, long long offset) {
  if (!err) return;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->offset = offset;
}

const char *sr_strerror(int code) {
  switch (code) {
  case SR_OK: return "ok";
  case SR_ENOMEM: return "out of memory";
  case SR_EINPUT: return "bad input";
  case SR_EIO: return "i/o error";
  case SR_ENOTFOUND: return "not found";
  case SR_ELIMIT: return "limit exceeded";
  default: return "error";
  }
}

/* ---- arena: a chain of blocks; the first block is kept across resets. */
typedef struct block {
  struct block *next;
  size_t size, used;
  _Alignas(16) unsigned char mem[];
} block;

struct sr_arena {
  block *head;     /* current block (newest) */
  block *first;    /* kept on reset */
  size_t cap;      /* hard cap on bytes handed out */
  size_t used;     /* bytes handed out since reset */
};

#define ARENA_BLOCK (64 * 1024)

static block *block_new(size_t size) {
  block *b = malloc(sizeof(block) + size);
  if (!b) return NULL;
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

sr_arena *sr_arena_new(size_t cap) {
  sr_arena *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->cap = cap ? cap : ((size_t)1 << 30);
  a->first = a->head = block_new(ARENA_BLOCK);
  if (!a->first) {
    free(a);
    return NULL;
  }
  return a;
}

void sr_arena_free(sr_arena *a) {
  if (!a) return;
  block *b = a->head;
  while (b) {
    block *n = b->next;
    free(b);
    b = n;
  }
  free(a);
}

/* the first block grows to what a document needed, up to this (so that the next document
 * of the same size takes no malloc and no fresh pages) */
#define ARENA_KEEP ((size_t)4 * 1024 * 1024)

void sr_arena_reset(sr_arena *a) {
  block *b = a->head;
  size_t total = 0;
  while (b && b != a->first) {
    block *n = b->next;
    total += b->size;
    free(b);
    b = n;
  }
  if (total) {
    total += a->first->size;
    if (total > ARENA_KEEP) total = ARENA_KEEP;
    block *nb = total > a->first->size ? block_new(total) : NULL;
    if (nb) {
      free(a->first);
      a->first = nb;
    }
  }
  a->head = a->first;
  a->first->next = NULL;
  a->first->used = 0;
  a->used = 0;
}

void *sr_arena_alloc(sr_arena *a, size_t n) {
  size_t need = (n + 15) & ~(size_t)15;
  if (need < n || a->used + need > a->cap) return NULL;
  block *b = a->head;
  if (b->size - b->used < need) {
    size_t sz = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    if (sz < b->size * 2 && b->size * 2 <= 64u * 1024 * 1024) sz = b->size * 2;
    if (sz < need) sz = need;
    block *nb = block_new(sz);
    if (!nb) return NULL;
    nb->next = b;
    a->head = b = nb;
  }
  void *p = b->mem + b->used;
  b->used += need;
  a->used += need;
  return p;
}

void *sr_arena_calloc(sr_arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = sr_arena_alloc(a, n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

char *sr_arena_strndup(sr_arena *a, const char *s, size_t n) {
  char *p = sr_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

size_t sr_arena_used(const sr_arena *a) { return a->used; }

/* ---- buffer */
void sr_buf_init(sr_buf *b, size_t max) {
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max ? max : ((size_t)1 << 31);
}

void sr_buf_free(sr_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void sr_buf_clear(sr_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = 0;
}

static int buf_grow_slow(sr_buf *b, size_t add);

/* room for add more bytes and a NUL; the common case (room already there) inline */
static inline int buf_grow(sr_buf *b, size_t add) {
  if (add < b->cap && b->len + add < b->cap && b->len + add <= b->max) return 0;
  return buf_grow_slow(b, add);
}

static int buf_grow_slow(sr_buf *b, size_t add) {
  if (add > b->max || b->len + add > b->max) return SR_ELIMIT;
  size_t need = b->len + add + 1;
  if (need <= b->cap) return 0;
  size_t nc = b->cap ? b->cap : 256;
  while (nc < need) nc *= 2;
  if (nc > b->max + 1) nc = b->max + 1;
  char *p = realloc(b->data, nc);
  if (!p) return SR_ENOMEM;
  b->data = p;
  b->cap = nc;
  return 0;
}

int sr_buf_reserve(sr_buf *b, size_t add) { return buf_grow(b, add); }

int sr_buf_append(sr_buf *b, const void *p, size_t n) {
  int rc = buf_grow(b, n);
  if (rc) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = 0;
  return 0;
}

int sr_buf_putc(sr_buf *b, char c) {
  int rc = buf_grow(b, 1);
  if (rc) return rc;
  b->data[b->len++] = c;
  b->data[b->len] = 0;
  return 0;
}

int sr_buf_printf(sr_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return SR_ERR;
  if ((size_t)n < sizeof tmp) return sr_buf_append(b, tmp, (size_t)n);
  int rc = buf_grow(b, (size_t)n);
  if (rc) return rc;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

int sr_buf_json_str(sr_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  int rc = buf_grow(b, n + 2);
  if (rc) return rc;
  b->data[b->len++] = '"';
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    /* 8 bytes at a time while none is a control, '"' or '\\' */
    while (j + 8 <= n) {
      uint64_t v, k = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
      memcpy(&v, s + j, 8);
      uint64_t q = v ^ (k * '"'), bs = v ^ (k * '\\');
      uint64_t m = ((v - k * 0x20) & ~v) | ((q - k) & ~q) | ((bs - k) & ~bs);
      if (m & hi) break;
      j += 8;
    }
    while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != '"' && s[j] != '\\') j++;
    if (j > i) { /* room for the rest of s and the closing quote is there (see below) */
      memcpy(b->data + b->len, s + i, j - i);
      b->len += j - i;
    }
    if (j >= n) break;
    unsigned char c = (unsigned char)s[j];
    char esc[7];
    size_t el = 2;
    esc[0] = '\\';
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\t': esc[1] = 't'; break;
    case '\r': esc[1] = 'r'; break;
    default:
      esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
      esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
      el = 6;
    }
    if ((rc = sr_buf_append(b, esc, el))) return rc;
    i = j + 1;
    if ((rc = buf_grow(b, n - i + 1))) return rc; /* the rest unescaped and the quote */
  }
  return sr_buf_putc(b, '"');
}

int32_t sr_day_number(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

uint64_t sr_hash64(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

int sr_read_all(const char *path, size_t max, char **out, size_t *outlen, sr_error *err) {
  *out = NULL;
  *outlen = 0;
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot open %s: %s", path, strerror(errno));
  }
  size_t cap = 65536, len = 0;
  struct stat st;
  if (f != stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
    if ((unsigned long long)st.st_size > max) {
      fclose(f);
      sr_error_at(err, path, 0, -1);
      return sr_error_set(err, SR_ELIMIT, "%s: file is %lld bytes, over the %zu-byte limit",
                          path, (long long)st.st_size, max);
    }
    cap = (size_t)st.st_size + 1;
  }
  char *buf = malloc(cap);
  if (!buf) {
    if (f != stdin) fclose(f);
    return sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
  }
  for (;;) {
    if (len + 1 >= cap) {
      if (cap > max) {
        free(buf);
        if (f != stdin) fclose(f);
        sr_error_at(err, path, 0, -1);
        return sr_error_set(err, SR_ELIMIT, "%s: input over the %zu-byte limit", path, max);
      }
      size_t nc = cap * 2;
      char *nb = realloc(buf, nc);
      if (!nb) {
        free(buf);
        if (f != stdin) fclose(f);
        return sr_error_set(err, SR_ENOMEM, "out of memory reading %s", path);
      }
      buf = nb;
      cap = nc;
    }
    size_t r = fread(buf + len, 1, cap - len - 1, f);
    len += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  if (f != stdin) fclose(f);
  if (bad) {
    free(buf);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "read error on %s", path);
  }
  if (len > max) {
    free(buf);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_ELIMIT, "%s: input over the %zu-byte limit", path, max);
  }
  buf[len] = 0;
  *out = buf;
  *outlen = len;
  return 0;
}

static pthread_mutex_t tls_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t tls_keys[SR_TLS_MAX];
static int tls_n;

void *sr_tls_table_get(int *handle, size_t n, size_t size) {
  pthread_mutex_lock(&tls_mu);
  if (*handle == 0) *handle = tls_n < SR_TLS_MAX && pthread_key_create(&tls_keys[tls_n], free) == 0 ? ++tls_n : -1;
  int h = *handle;
  pthread_key_t key = h > 0 ? tls_keys[h - 1] : 0;
  pthread_mutex_unlock(&tls_mu);
  if (h < 0) return NULL;
  void *p = pthread_getspecific(key);
  if (p) return p;
  if (!(p = calloc(n, size))) return NULL;
  if (pthread_setspecific(key, p)) {
    free(p);
    return NULL;
  }
  return p;
}
