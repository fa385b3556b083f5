/* fold.c - case/diacritic/compatibility folding with a table built once.
 *
 * For every code point up to U+FFFF the table holds its folded UTF-8 form
 * (offset and length into one string pool), computed once with utf8proc
 * (decompose + compat + casefold + strip marks + drop default ignorables),
 * then overridden for typographic punctuation: quotes -> ' ", dashes -> -,
 * Arabic transliteration marks ʿ ʾ -> '. A class table (letters, digits,
 * marks, spaces, apostrophes, hyphens) is built at the same time for the
 * tokenizer. ASCII never touches either table in sr_fold.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sitrep/text.h"
#include "text_internal.h"

#define FOLD_OPTS \
  (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

const unsigned char sr_text_lower[128] = {
    0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,  15,
    16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,
    ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '\'', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 127,
};

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static uint32_t *g_entry;  /* 65536: (pool offset << 8) | length */
static char *g_pool;
static uint8_t *g_cls;
const uint8_t *sr_text_cls;

static size_t put_utf8(uint32_t cp, char *o) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Punctuation and letters whose fold we choose ourselves. NULL = default. */
static const char *override(uint32_t cp) {
  switch (cp) {
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC: case 0x02BB:
  case 0x02BF: case 0x02BE: case 0x00B4: case 0x0060: case 0x2032: case 0x02B9:
  case 0xFF07:
    return "'";
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
  case 0x2033: case 0x02BA: case 0x301D: case 0x301E: case 0xFF02:
    return "\"";
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
  case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x00AD:
    return cp == 0x00AD ? "" : "-";
  case 0x2039: return "'";
  case 0x203A: return "'";
  case 0x0131: return "i";  /* Turkish dotless i */
  case 0x0640: return "";   /* Arabic tatweel */
  case 0x00A0: case 0x2007: case 0x202F: return " ";
  case 0xFFFD: return "\xEF\xBF\xBD";
  default: return NULL;
  }
}

static uint8_t class_of(uint32_t cp) {
  if (cp < 0x80) {
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
      return SR_CL_LETTER | (cp < 'a' ? SR_CL_UPPER : 0);
    if (cp >= '0' && cp <= '9') return SR_CL_DIGIT;
    if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v') return SR_CL_SPACE;
    if (cp == '\'' || cp == '`') return SR_CL_APOS;
    if (cp == '-') return SR_CL_HYPHEN;
    return 0;
  }
  switch (cp) {
  case 0x02BC: case 0x02BB: case 0x02BF: case 0x02BE: return SR_CL_APOS | SR_CL_LM;
  case 0x2019: case 0x2018: case 0x00B4: return SR_CL_APOS;
  case 0x2010: case 0x2011: return SR_CL_HYPHEN;
  case 0x00AD: case 0x200C: case 0x200D: return SR_CL_MARK;
  case 0x0640: return SR_CL_LETTER;
  default: break;
  }
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
    return SR_CL_LETTER | SR_CL_UPPER;
  case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_NL:
    return SR_CL_LETTER;
  case UTF8PROC_CATEGORY_ND:
    return SR_CL_DIGIT;
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_CF:
    return SR_CL_MARK;
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return SR_CL_SPACE;
  default:
    return 0;
  }
}

/* utf8proc fold of one code point into o (>= 160 bytes); returns length. */
static size_t fold_utf8proc(uint32_t cp, char *o) {
  const char *ov = override(cp);
  if (ov) {
    size_t l = strlen(ov);
    memcpy(o, ov, l); /* NOLINT(bugprone-not-null-terminated-result): o is length-counted */
    return l;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    memcpy(o, "\xEF\xBF\xBD", 3); /* NOLINT(bugprone-not-null-terminated-result): as above */
    return 3;
  }
  utf8proc_int32_t dst[32];
  int last = 0;
  utf8proc_ssize_t n =
      utf8proc_decompose_char((utf8proc_int32_t)cp, dst, 32, (utf8proc_option_t)FOLD_OPTS, &last);
  if (n < 0 || n > 32) return put_utf8(cp, o);
  size_t len = 0;
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    uint32_t c = (uint32_t)dst[i];
    const char *ov2 = override(c);
    if (ov2) {
      size_t l = strlen(ov2);
      memcpy(o + len, ov2, l); /* NOLINT(bugprone-not-null-terminated-result): as above */
      len += l;
    } else if (c < 0x80) {
      o[len++] = (char)sr_text_lower[c];
    } else {
      len += put_utf8(c, o + len);
    }
    if (len > 150) break;
  }
  return len;
}

static void build(void) {
  g_entry = malloc(sizeof(uint32_t) * 65536);
  g_cls = malloc(65536);
  size_t cap = 65536 * 3, used = 0;
  g_pool = malloc(cap);
  if (!g_entry || !g_cls || !g_pool) abort(); /* 0.5 MB at start-up */
  char tmp[160];
  for (uint32_t cp = 0; cp < 65536; cp++) {
    g_cls[cp] = class_of(cp);
    size_t l;
    if (cp < 0x80) {
      tmp[0] = (char)sr_text_lower[cp];
      l = 1;
    } else {
      l = fold_utf8proc(cp, tmp);
    }
    if (used + l > cap) {
      cap *= 2;
      char *np = realloc(g_pool, cap);
      if (!np) abort();
      g_pool = np;
    }
    memcpy(g_pool + used, tmp, l);
    g_entry[cp] = (uint32_t)(used << 8) | (uint32_t)l;
    used += l;
  }
  sr_text_cls = g_cls;
}

void sr_text_tables_init(void) { pthread_once(&g_once, build); }

uint8_t sr_text_class(uint32_t cp) {
  if (cp < 65536) return g_cls[cp];
  return class_of(cp);
}

size_t sr_text_fold_cp(uint32_t cp, char *buf, const char **p) {
  if (cp < 65536) {
    uint32_t e = g_entry[cp];
    *p = g_pool + (e >> 8);
    return e & 0xFF;
  }
  size_t l = fold_utf8proc(cp, buf);
  *p = buf;
  return l;
}

size_t sr_fold(const char *src, size_t n, char *out, size_t cap) {
  sr_text_tables_init();
  const unsigned char *s = (const unsigned char *)src;
  size_t i = 0, o = 0, w = 0; /* o: bytes needed, w: bytes written */
  int full = 0;
  char buf[160];
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) {
      if (!full && o + 1 < cap) out[w++] = (char)sr_text_lower[c];
      else full = 1;
      o++;
      i++;
      continue;
    }
    uint32_t cp;
    int l = sr_utf8_decode(s + i, n - i, &cp);
    i += (size_t)l;
    const char *f;
    size_t fl = sr_text_fold_cp(cp, buf, &f);
    /* never write a code point's fold in part */
    if (!full && o + fl < cap) {
      memcpy(out + w, f, fl);
      w += fl;
    } else {
      full = 1;
    }
    o += fl;
  }
  if (cap > 0) out[w] = 0;
  return o;
}
