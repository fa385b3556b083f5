/* utf8.c - UTF-8 decoding, validation and repair (sr_utf8_clean).
 *
 * Repair policy: every maximal invalid subpart (Unicode 15 ch. 3, "U+FFFD
 * substitution of maximal subparts") becomes one U+FFFD; overlongs,
 * surrogates and code points past U+10FFFF are invalid. CR LF and lone CR
 * become LF; C0 controls other than TAB and LF are dropped; a leading BOM is
 * skipped. The output is exactly sized: one counting pass, one writing pass,
 * both with an ASCII fast path.
 */
#include "sitrep/text.h"

#include <string.h>

/* Byte classes for the fast path: 0 = copy as is, 1 = needs attention. */
static const unsigned char k_special[256] = {
    /* 0x00-0x1F: every control except \t (0x09) and \n (0x0A) */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* SWAR helpers: does any byte of v have its top bit set / lie below 0x20? */
#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGH 0x8080808080808080ULL
static inline uint64_t load8(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}
static inline int any_ctl_or_high(uint64_t v) {
  return ((v | ((v - SWAR_ONES * 0x20) & ~v)) & SWAR_HIGH) != 0;
}

/* Decode at s[0..n). Returns the length consumed; on an invalid sequence
 * sets *cp = 0xFFFD and returns the length of the maximal invalid subpart
 * (>= 1). *ok is 0 for an invalid sequence. */
static inline size_t decode_max(const unsigned char *s, size_t n, uint32_t *cp, int *ok) {
  unsigned c = s[0];
  *ok = 1;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  unsigned need;
  uint32_t v;
  unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    v = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;      /* overlong */
    else if (c == 0xED) hi = 0x9F; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    v = c & 0x07;
    if (c == 0xF0) lo = 0x90;      /* overlong */
    else if (c == 0xF4) hi = 0x8F; /* > U+10FFFF */
  } else {
    *cp = 0xFFFD;
    *ok = 0;
    return 1;
  }
  size_t i = 1;
  for (unsigned k = 0; k < need; k++, i++) {
    if (i >= n) goto bad;
    unsigned b = s[i];
    if (k == 0 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) goto bad;
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return i;
bad:
  *cp = 0xFFFD;
  *ok = 0;
  return i; /* the lead plus the valid continuation bytes seen so far */
}

int sr_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  int ok;
  size_t l = decode_max(s, n, cp, &ok);
  return ok ? (int)l : 1;
}

int sr_utf8_is_binary(const char *p, size_t n) {
  if (n > 65536) n = 65536;
  size_t bad = 0;
  const unsigned char *s = (const unsigned char *)p;
  for (size_t i = 0; i < n; i++) {
    /* skip 8 bytes at a time while none is a control */
    while (i + 8 <= n) {
      uint64_t v = load8(s + i);
      if (((v - SWAR_ONES * 0x20) & ~v & SWAR_HIGH) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned c = s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') bad++;
  }
  /* more than 1%, and at least 4 so one stray control in a short text
   * is repaired rather than refused */
  return bad >= 4 && bad * 100 > n;
}

/* One pass. out == NULL: count only. Returns the output length. */
static size_t clean_pass(const unsigned char *s, size_t len, unsigned char *out,
                         sr_utf8_report *rep) {
  size_t i = 0, o = 0;
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
  while (i < len) {
    /* fast path: a run of plain bytes */
    size_t j = i;
    while (j + 8 <= len && !any_ctl_or_high(load8(s + j))) j += 8;
    while (j < len && !k_special[s[j]]) j++;
    if (j > i) {
      if (out) memcpy(out + o, s + i, j - i);
      o += j - i;
      i = j;
      if (i >= len) break;
    }
    unsigned c = s[i];
    if (c < 0x80) {
      if (c == '\r') {
        if (out) out[o] = '\n';
        o++;
        i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      } else {
        if (rep) {
          rep->controls++;
          if (c == 0) rep->nul++;
        }
        i++;
      }
      continue;
    }
    uint32_t cp;
    int ok;
    size_t l = decode_max(s + i, len - i, &cp, &ok);
    if (ok) {
      if (out) memcpy(out + o, s + i, l);
      o += l;
    } else {
      if (out) {
        out[o] = 0xEF;
        out[o + 1] = 0xBF;
        out[o + 2] = 0xBD;
      }
      o += 3;
      if (rep) {
        if (rep->invalid == 0) rep->first_bad_offset = (long long)i;
        rep->invalid++;
      }
    }
    i += l;
  }
  return o;
}

int sr_utf8_clean(sr_arena *a, const char *in, size_t len, char **out, size_t *outlen,
                  sr_utf8_report *rep, sr_error *err) {
  sr_utf8_report local;
  if (!rep) rep = &local;
  memset(rep, 0, sizeof *rep);
  rep->first_bad_offset = -1;
  *out = NULL;
  if (outlen) *outlen = 0;
  if (sr_utf8_is_binary(in, len)) {
    sr_error_at(err, NULL, 0, -1);
    return sr_error_set(err, SR_EINPUT, "binary data (more than 1%% NUL or control bytes)");
  }
  const unsigned char *s = (const unsigned char *)in;
  size_t n = clean_pass(s, len, NULL, rep);
  char *buf = sr_arena_alloc(a, n + 1);
  if (!buf) return sr_error_set(err, SR_ENOMEM, "out of memory (text of %zu bytes)", len);
  /* second pass writes; counts already known, so no report */
  size_t n2 = clean_pass(s, len, (unsigned char *)buf, NULL);
  (void)n2;
  buf[n] = 0;
  if (rep->invalid) {
    long line = 1;
    const char *p = in, *end = in + rep->first_bad_offset;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
      line++;
      p++;
    }
    rep->first_bad_line = line;
  }
  *out = buf;
  if (outlen) *outlen = n;
  return 0;
}
