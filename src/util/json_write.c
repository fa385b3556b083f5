/* src/util/json_write.c - printf-free JSON numbers and keys (see sitrep/json_write.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sitrep/json_write.h"

int sr_json_int(sr_buf *b, long long v) {
  char tmp[24];
  int i = (int)sizeof tmp;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    tmp[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) tmp[--i] = '-';
  return sr_buf_append(b, tmp + i, sizeof tmp - (size_t)i);
}

static const double k_pow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

int sr_json_fixed(sr_buf *b, double v, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  double scaled = v * k_pow10[decimals];
  double r = nearbyint(scaled);
  /* within a hair of a tie the binary value decides which way printf rounds: ask it */
  if (!isfinite(scaled) || fabs(scaled) >= 9e15 || fabs(fabs(scaled - r) - 0.5) < 1e-6) {
    char tmp[352];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n < 0) return SR_ERR;
    return sr_buf_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
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
  return sr_buf_append(b, tmp + i, sizeof tmp - (size_t)i);
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
