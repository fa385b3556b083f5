/* src/util/json_write.c - printf-free JSON numbers and keys (see sitrep/json_write.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sitrep/json_write.h"

char *sr_json_put_int(char *p, long long v) {
  char tmp[24];
  int i = (int)sizeof tmp;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--i] = '-';
  memcpy(p, tmp + i, sizeof tmp - (size_t)i);
  return p + (sizeof tmp - (size_t)i);
}

int sr_json_int(sr_buf *b, long long v) {
  char tmp[SR_JSON_INT_MAX];
  return sr_buf_append(b, tmp, (size_t)(sr_json_put_int(tmp, v) - tmp));
}

static const double k_pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

char *sr_json_put_fixed(char *p, double v, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  double scaled = v * k_pow10[decimals];
  double r = nearbyint(scaled);
  /* within a hair of a tie the binary value decides which way printf rounds: ask it */
  if (!isfinite(scaled) || fabs(scaled) >= 9e15 || fabs(fabs(scaled - r) - 0.5) < 1e-6) {
    char tmp[SR_JSON_FIXED_MAX + 1];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n < 0) n = 0;
    if ((size_t)n > SR_JSON_FIXED_MAX) n = SR_JSON_FIXED_MAX;
    memcpy(p, tmp, (size_t)n);
    return p + n;
  }
  long long whole = (long long)r;
  int neg = signbit(v) != 0; /* printf keeps the sign of a negative value rounded to zero */
  unsigned long long u = whole < 0 ? 0ULL - (unsigned long long)whole : (unsigned long long)whole;
  char tmp[48];
  int i = (int)sizeof tmp;
  for (int d = 0; d < decimals; d++) {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  }
  if (decimals) tmp[--i] = '.';
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg) tmp[--i] = '-';
  memcpy(p, tmp + i, sizeof tmp - (size_t)i);
  return p + (sizeof tmp - (size_t)i);
}

int sr_json_fixed(sr_buf *b, double v, int decimals) {
  char tmp[SR_JSON_FIXED_MAX];
  return sr_buf_append(b, tmp, (size_t)(sr_json_put_fixed(tmp, v, decimals) - tmp));
}

/* 1 when none of the 8 bytes at s is a control byte, '"' or '\\' */
static inline int plain8(const char *s) {
  uint64_t v, k = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
  memcpy(&v, s, 8);
  uint64_t q = v ^ (k * '"'), bs = v ^ (k * '\\');
  uint64_t m = ((v - k * 0x20) & ~v) | ((q - k) & ~q) | ((bs - k) & ~bs);
  return (m & hi) == 0;
}

char *sr_json_put_str(char *p, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  *p++ = '"';
  size_t i = 0;
  while (i < n) {
    /* 8 bytes at a time while none needs escaping */
    while (i + 8 <= n && plain8(s + i)) {
      memcpy(p, s + i, 8);
      p += 8;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = (unsigned char)s[i++];
    if (c >= 0x20 && c != '"' && c != '\\') {
      *p++ = (char)c;
      continue;
    }
    *p++ = '\\';
    switch (c) {
    case '"': *p++ = '"'; break;
    case '\\': *p++ = '\\'; break;
    case '\n': *p++ = 'n'; break;
    case '\t': *p++ = 't'; break;
    case '\r': *p++ = 'r'; break;
    default:
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
    }
  }
  *p++ = '"';
  return p;
}

int sr_json_key(sr_buf *b, const char *key) {
  size_t n = strlen(key);
  char tmp[64];
  if (n + 3 > sizeof tmp) {
    int rc = sr_buf_putc(b, '"');
    return rc || sr_buf_append(b, key, n) || sr_buf_append(b, "\":", 2) ? SR_ELIMIT : 0;
  }
  tmp[0] = '"';
  memcpy(tmp + 1, key, n);
  tmp[n + 1] = '"';
  tmp[n + 2] = ':';
  return sr_buf_append(b, tmp, n + 3);
}

int sr_json_kstr(sr_buf *b, const char *key, const char *v) {
  int rc = sr_json_key(b, key);
  if (rc) return rc;
  return sr_buf_json_str(b, v ? v : "", v ? strlen(v) : 0);
}

int sr_json_kint(sr_buf *b, const char *key, long long v, long long null_below) {
  int rc = sr_json_key(b, key);
  if (rc) return rc;
  return v < null_below ? sr_buf_append(b, "null", 4) : sr_json_int(b, v);
}
