/* read.c - input readers: plain text, HTML, JSONL (streamed), RSS/Atom.
 *
 * sr_read_file opens the path (or stdin), picks the format (option, file
 * extension, else sniffing the first bytes) and hands each document to the
 * caller. Text and JSONL are streamed line by line (lines.c, the cap checked
 * while reading): a line over its cap is reported with its file and line and
 * skipped without ever being held in memory, and the rest goes on. HTML and
 * feeds are read whole (sr_read_all, SR_IO_MAX_FILE). Every document's text,
 * title, id, url and source go through sr_utf8_clean (invalid UTF-8 becomes
 * U+FFFD, counted in sr_input_doc.repaired); every text line of every
 * document is held to SR_IO_MAX_LINE; binary input is refused.
 */
#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitrep/io.h"
#include "sitrep/text.h"
#include "lines.h"
#include "markup.h"

#define JSONL_MAX_LINE (SR_IO_MAX_DOC + SR_IO_MAX_DOC / 2) /* room for JSON escapes */
#define SNIFF_BYTES 65536
#define CHUNK 65536

typedef struct rctx {
  const char *file; /* path as given, "-" for stdin */
  const char *name; /* basename */
  const sr_read_opts *opts;
  sr_doc_fn on_doc;
  sr_err_fn on_err;
  void *payload;
  sr_read_stats *stats;
  sr_arena *arena;
  int stop;
} rctx;

static pthread_once_t g_xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

__attribute__((format(printf, 5, 6))) static int report(rctx *c, int code, long line,
                                                        long long off, const char *fmt, ...) {
  sr_error e;
  sr_error_clear(&e);
  e.code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e.msg, sizeof e.msg, fmt, ap);
  va_end(ap);
  sr_error_at(&e, strcmp(c->file, "-") == 0 ? "" : c->file, line, off);
  if (c->stats) c->stats->errors++;
  if (c->on_err) c->on_err(&e, c->payload);
  return code;
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s && s[1] ? s + 1 : p;
}

/* ---- dates */

static int valid_ymd(int y, int m, int d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
  return 1;
}

/* "YYYY-MM-DD" or an ISO datetime starting with it -> out (11 bytes). */
static int parse_iso_date(const char *s, char out[11]) {
  while (*s == ' ') s++;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return 0;
    } else if (!isdigit((unsigned char)s[i])) {
      return 0;
    }
  }
  if (s[10] && s[10] != 'T' && s[10] != ' ' && s[10] != 't') return 0;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  if (!valid_ymd(y, m, d)) return 0;
  memcpy(out, s, 10);
  out[10] = 0;
  return 1;
}

/* RFC 822 / 2822: "[Wed, ]12 Sep 2018 14:30:00 +0000" (date part only). */
static int parse_rfc822_date(const char *s, char out[11]) {
  static const char *const mon[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
  while (*s == ' ' || *s == '\t' || *s == '\n') s++;
  const char *comma = strchr(s, ',');
  if (comma && comma - s <= 10) s = comma + 1;
  while (*s == ' ') s++;
  if (!isdigit((unsigned char)*s)) return 0;
  char *after;
  long dl = strtol(s, &after, 10);
  if (dl < 1 || dl > 31) return 0;
  int d = (int)dl;
  s = after;
  while (*s == ' ' || *s == '-') s++;
  int m = 0;
  for (int i = 0; i < 12; i++)
    if (strncasecmp(s, mon[i], 3) == 0) m = i + 1;
  if (!m) return 0;
  while (*s && isalpha((unsigned char)*s)) s++;
  while (*s == ' ' || *s == '-') s++;
  if (!isdigit((unsigned char)*s)) return 0;
  char *e;
  long y = strtol(s, &e, 10);
  if (y < 0 || y > 9999) return 0;
  if (e - s == 2) y += y < 50 ? 2000 : 1900;
  if (!valid_ymd((int)y, m, d)) return 0;
  unsigned yy = (unsigned)y, mm = (unsigned)m, dd = (unsigned)d; /* validated above */
  out[0] = (char)('0' + yy / 1000); out[1] = (char)('0' + yy / 100 % 10);
  out[2] = (char)('0' + yy / 10 % 10); out[3] = (char)('0' + yy % 10);
  out[4] = '-'; out[5] = (char)('0' + mm / 10); out[6] = (char)('0' + mm % 10);
  out[7] = '-'; out[8] = (char)('0' + dd / 10); out[9] = (char)('0' + dd % 10);
  out[10] = 0;
  return 1;
}

static int parse_date(const char *s, char out[11]) {
  return parse_iso_date(s, out) || parse_rfc822_date(s, out);
}

/* ---- plain-text boilerplate lines */

static int count_words(const char *s, size_t n) {
  int w = 0, in = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = (unsigned char)s[i] <= ' ';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

static int text_boiler_line(const char *s, size_t n) {
  static const char *const pats[] = {"skip to main content", "skip to content", "back to top",
                                     NULL};
  if (n > 200 || count_words(s, n) >= 12) return 0;
  char low[201];
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
  low[n] = 0;
  for (int i = 0; pats[i]; i++)
    if (strstr(low, pats[i])) return 1;
  return 0;
}

/* Remove boilerplate lines in place; returns the new length. */
static size_t strip_text_boiler(char *s, size_t len) {
  size_t r = 0, w = 0;
  while (r < len) {
    char *nl = memchr(s + r, '\n', len - r);
    size_t e = nl ? (size_t)(nl - s) + 1 : len;
    size_t ll = e - r - (nl ? 1 : 0);
    if (!text_boiler_line(s + r, ll)) {
      memmove(s + w, s + r, e - r);
      w += e - r;
    }
    r = e;
  }
  s[w] = 0;
  return w;
}

/* ---- one document: clean, then hand over */

/* Drop the lines of text[0..*len) longer than SR_IO_MAX_LINE, in place, each reported
 * (the document's first line is line `line` of the file when lines_are_file's). */
static void drop_long_lines(rctx *c, const char *id, char *text, size_t *len, long line,
                            int lines_are_file) {
  if (*len <= SR_IO_MAX_LINE) return;
  sr_lines r;
  sr_lines_mem(&r, text, *len);
  const char *p;
  size_t n, w = 0;
  int toolong;
  while (sr_lines_next(&r, SR_IO_MAX_LINE, &p, &n, &toolong)) {
    if (toolong) {
      long at = lines_are_file ? line + r.lineno - 1 : line;
      if (lines_are_file)
        report(c, SR_ELIMIT, at, -1, "line %ld: %zu bytes, over the %zu-byte line limit; dropped",
               at, n, (size_t)SR_IO_MAX_LINE);
      else
        report(c, SR_ELIMIT, at, -1,
               "document %s: its line %ld has %zu bytes, over the %zu-byte line limit; dropped",
               id, r.lineno, n, (size_t)SR_IO_MAX_LINE);
      continue;
    }
    memmove(text + w, p, n);
    w += n;
    if (r.nl) text[w++] = '\n';
  }
  text[w] = 0;
  *len = w;
}

/* A clean copy of a metadata string (NULL stays NULL; NULL too when it cannot be made). */
static const char *clean_meta(rctx *c, const char *v, size_t *repaired) {
  if (!v) return NULL;
  sr_utf8_report rep;
  char *out;
  size_t n;
  if (sr_utf8_clean(c->arena, v, strlen(v), &out, &n, &rep, NULL)) return NULL;
  *repaired += rep.invalid;
  return out;
}

static int emit(rctx *c, const char *id, const char *date, const char *title, const char *text,
                size_t len, const char *url, const char *source, long line, int is_text_file) {
  if (c->stop) return 1;
  if (len > SR_IO_MAX_DOC) {
    report(c, SR_ELIMIT, line, -1, "document %s: %zu bytes of text, over the %zu-byte limit", id,
           len, (size_t)SR_IO_MAX_DOC);
    return 0;
  }
  sr_arena_reset(c->arena);
  sr_utf8_report rep;
  sr_error e;
  sr_error_clear(&e);
  char *clean;
  size_t clen;
  int rc = sr_utf8_clean(c->arena, text, len, &clean, &clen, &rep, &e);
  if (rc) {
    report(c, rc, line, -1, "document %s: %s", id, e.msg);
    return 0;
  }
  drop_long_lines(c, id, clean, &clen, line, is_text_file);
  if (is_text_file) clen = strip_text_boiler(clean, clen);
  size_t repaired = rep.invalid;
  const char *cid = clean_meta(c, id, &repaired);
  if (!cid || !*cid) { /* an id with nothing left once cleaned ("\b"): named by its place, as a missing one */
    char *b = sr_arena_alloc(c->arena, 320);
    if (b) snprintf(b, 320, "%.280s:%ld", c->name ? c->name : "input", line);
    cid = b;
  }
  sr_input_doc d;
  memset(&d, 0, sizeof d);
  d.id = cid ? cid : "?";
  d.date = date; /* parsed: digits and '-' only */
  d.title = clean_meta(c, title, &repaired);
  d.text = clean;
  d.len = clen;
  d.url = clean_meta(c, url, &repaired);
  d.source = clean_meta(c, source, &repaired);
  d.file = c->file;
  d.line = line;
  d.repaired = repaired;
  if (c->stats) c->stats->docs++;
  if (c->on_doc && c->on_doc(&d, c->payload)) c->stop = 1;
  return c->stop;
}

static const char *default_date(rctx *c) { return c->opts ? c->opts->default_date : NULL; }

static int all_blank(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isspace((unsigned char)p[i])) return 0;
  return 1;
}

/* ---- plain text and html */

/* Text: the lines of r gathered into one document of at most SR_IO_MAX_DOC bytes; a
 * line over SR_IO_MAX_LINE is reported (file and line) and dropped while it is read. */
static int read_text(rctx *c, sr_lines *r) {
  sr_buf doc;
  sr_buf_init(&doc, SR_IO_MAX_DOC);
  const char *p;
  size_t n;
  int toolong, rc = 0;
  long dropped = 0;
  while (sr_lines_next(r, SR_IO_MAX_LINE, &p, &n, &toolong)) {
    if (toolong) {
      dropped++;
      report(c, SR_ELIMIT, r->lineno, -1,
             "line %ld: %zu bytes, over the %zu-byte line limit; dropped", r->lineno, n,
             (size_t)SR_IO_MAX_LINE);
      continue;
    }
    if (sr_buf_append(&doc, p, n) || (r->nl && sr_buf_putc(&doc, '\n'))) {
      rc = report(c, SR_ELIMIT, r->lineno, -1, "%s: over the %zu-byte document limit at line %ld",
                  c->name, (size_t)SR_IO_MAX_DOC, r->lineno);
      break;
    }
  }
  if (!rc && r->ioerr)
    rc = report(c, SR_EIO, r->lineno, -1, "read error after line %ld", r->lineno);
  if (!rc && all_blank(doc.data ? doc.data : "", doc.len))
    rc = dropped ? SR_ELIMIT /* reported above */
                 : report(c, SR_EINPUT, 0, -1, "%s: empty input", c->name);
  if (!rc) emit(c, c->name, default_date(c), NULL, doc.data, doc.len, NULL, NULL, 1, 1);
  sr_buf_free(&doc);
  return rc;
}

/* sr_html_to_text with its notes reported: a page the parser stopped in (its depth
 * limit) is said to have lost its rest; what names the document ("page.html",
 * "line 7", "item X"). */
static int html_text(rctx *c, const char *html, size_t len, char **t, size_t *tl, char **title,
                     long line, const char *what, sr_error *e) {
  int notes = 0;
  int rc = sr_html_to_text_notes(html, len, t, tl, title, &notes, e);
  if (!rc && (notes & SR_HTML_CUT))
    report(c, SR_ELIMIT, line, -1,
           "%s: html nested deeper than the parser's limit (256 levels): the text after that"
           " point was cut",
           what);
  return rc;
}

static int read_html(rctx *c, const char *buf, size_t len) {
  char *text = NULL, *title = NULL;
  size_t tl = 0;
  sr_error e;
  sr_error_clear(&e);
  int rc = html_text(c, buf, len, &text, &tl, &title, 1, c->name, &e);
  if (rc) return report(c, rc, 1, -1, "%s: %s", c->name, e.msg);
  emit(c, c->name, default_date(c), title, text, tl, NULL, NULL, 1, 0);
  free(text);
  free(title);
  return 0;
}

/* ---- JSONL */

static const char *jstr(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The fields of a JSONL record the reader uses (strings; NULL when absent or not a string). */
enum { JF_ID, JF_DATE, JF_TITLE, JF_TEXT, JF_HTML, JF_URL, JF_SOURCE, JF_N };
static const char *const JF_KEY[JF_N] = {"id", "date", "title", "text", "html", "url", "source"};

/* ---- the fast path: one pass over the line that decodes only the fields above, into buf
 * (capacity n + 1: a decoded string is never longer than its source). It takes what cJSON
 * takes and decodes it as cJSON does (the first of repeated keys counts, a \u escape and a
 * surrogate pair become UTF-8, anything after the object is ignored); it gives up (-1) on
 * whatever it does not handle itself (nested values, a numeric id, unusual numbers, \u0000,
 * a byte-order mark, any error), and the line then goes through cJSON, which also words the
 * error. */
typedef struct jscan {
  const char *p, *e;
  char *o; /* next free byte of the output buffer */
} jscan;

static void jws(jscan *s) {
  while (s->p < s->e && (unsigned char)*s->p <= 32) s->p++;
}

static int jhex4(const char *p, unsigned *v) {
  unsigned x = 0;
  for (int i = 0; i < 4; i++) {
    char ch = p[i];
    x <<= 4;
    if (ch >= '0' && ch <= '9') x |= (unsigned)(ch - '0');
    else if (ch >= 'a' && ch <= 'f') x |= (unsigned)(ch - 'a' + 10);
    else if (ch >= 'A' && ch <= 'F') x |= (unsigned)(ch - 'A' + 10);
    else return -1;
  }
  *v = x;
  return 0;
}

/* a string at s->p ('"'); decoded into s->o when out (NUL-terminated, *out set), else skipped */
static int jstring(jscan *s, const char **out) {
  if (s->p >= s->e || *s->p != '"') return -1;
  const char *q = s->p + 1;
  char *o = s->o, *start = o;
  while (q < s->e && *q != '"') {
    if (*q != '\\') {
      /* a run without quote or backslash: 8 bytes at a time, then byte by byte */
      const char *r = q;
      while (s->e - r >= 8) {
        uint64_t v, k = 0x0101010101010101ULL;
        memcpy(&v, r, 8);
        uint64_t a = v ^ (k * '"'), b = v ^ (k * '\\');
        if ((((a - k) & ~a) | ((b - k) & ~b)) & (k * 0x80)) break;
        r += 8;
      }
      while (r < s->e && *r != '"' && *r != '\\') r++;
      if (out) memcpy(o, q, (size_t)(r - q)), o += r - q;
      q = r;
      continue;
    }
    if (q + 1 >= s->e) return -1;
    char esc = q[1];
    q += 2;
    char ch;
    switch (esc) {
    case 'b': ch = '\b'; break;
    case 'f': ch = '\f'; break;
    case 'n': ch = '\n'; break;
    case 'r': ch = '\r'; break;
    case 't': ch = '\t'; break;
    case '"': case '\\': case '/': ch = esc; break;
    case 'u': {
      unsigned a, b, cp;
      if (s->e - q < 4 || jhex4(q, &a)) return -1;
      q += 4;
      if (a >= 0xDC00 && a <= 0xDFFF) return -1;
      if (a >= 0xD800 && a <= 0xDBFF) {
        if (s->e - q < 6 || q[0] != '\\' || q[1] != 'u' || jhex4(q + 2, &b) || b < 0xDC00 || b > 0xDFFF) return -1;
        q += 6;
        cp = 0x10000 + (((a & 0x3FF) << 10) | (b & 0x3FF));
      } else {
        cp = a;
      }
      if (cp == 0) return -1; /* cJSON would cut the string there: let it */
      if (out) {
        if (cp < 0x80) {
          *o++ = (char)cp;
        } else if (cp < 0x800) {
          *o++ = (char)(0xC0 | (cp >> 6)), *o++ = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          *o++ = (char)(0xE0 | (cp >> 12)), *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
          *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
          *o++ = (char)(0xF0 | (cp >> 18)), *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
          *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)), *o++ = (char)(0x80 | (cp & 0x3F));
        }
      }
      continue;
    }
    default: return -1;
    }
    if (out) *o++ = ch;
  }
  if (q >= s->e) return -1; /* no closing quote */
  s->p = q + 1;
  if (out) {
    if (memchr(start, 0, (size_t)(o - start))) return -1; /* a raw NUL: cJSON's business */
    *o++ = 0;
    s->o = o;
    *out = start;
  }
  return 0;
}

/* a number in JSON's own shape (strtod reads it whole), skipped */
static int jnumber(jscan *s) {
  const char *q = s->p;
  if (q < s->e && *q == '-') q++;
  const char *d = q;
  while (q < s->e && *q >= '0' && *q <= '9') q++;
  if (q == d) return -1;
  if (q < s->e && *q == '.') {
    d = ++q;
    while (q < s->e && *q >= '0' && *q <= '9') q++;
    if (q == d) return -1;
  }
  if (q < s->e && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < s->e && (*q == '+' || *q == '-')) q++;
    d = q;
    while (q < s->e && *q >= '0' && *q <= '9') q++;
    if (q == d) return -1;
  }
  if (q - s->p > 60) return -1; /* cJSON reads at most 63 characters of a number */
  s->p = q;
  return 0;
}

static int jlit(jscan *s, const char *w, size_t n) {
  if ((size_t)(s->e - s->p) < n || memcmp(s->p, w, n)) return -1;
  s->p += n;
  return 0;
}

/* 0 and v[] filled (borrowing buf), or -1: use cJSON */
static int jsonl_fast(const char *p, size_t n, char *buf, const char *v[JF_N]) {
  jscan s = {p, p + n, buf};
  int seen = 0;
  for (int k = 0; k < JF_N; k++) v[k] = NULL;
  jws(&s);
  if (s.p >= s.e || *s.p != '{') return -1;
  s.p++;
  jws(&s);
  if (s.p < s.e && *s.p == '}') return 0;
  for (;;) {
    jws(&s);
    /* the key: short and without escapes, else cJSON decides */
    if (s.p >= s.e || *s.p != '"') return -1;
    const char *kb = s.p + 1, *ke = kb;
    while (ke < s.e && *ke != '"' && *ke != '\\' && *ke) ke++;
    if (ke >= s.e || *ke != '"') return -1; /* an escape or a NUL in the key: cJSON's business */
    s.p = ke + 1;
    int want = -1;
    for (int k = 0; k < JF_N; k++)
      if (!((seen >> k) & 1) && (size_t)(ke - kb) == strlen(JF_KEY[k]) && !memcmp(kb, JF_KEY[k], (size_t)(ke - kb)))
        want = k;
    jws(&s);
    if (s.p >= s.e || *s.p != ':') return -1;
    s.p++;
    jws(&s);
    if (s.p >= s.e) return -1;
    char ch = *s.p;
    if (want >= 0) seen |= 1 << want; /* the first of repeated keys counts */
    if (ch == '"') {
      if (jstring(&s, want >= 0 ? &v[want] : NULL)) return -1;
    } else if (want == JF_ID && (ch == '-' || (ch >= '0' && ch <= '9'))) {
      return -1; /* a numeric id is printed as cJSON reads it */
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
      if (jnumber(&s)) return -1;
    } else if (ch == 't') {
      if (jlit(&s, "true", 4)) return -1;
    } else if (ch == 'f') {
      if (jlit(&s, "false", 5)) return -1;
    } else if (ch == 'n') {
      if (jlit(&s, "null", 4)) return -1;
    } else {
      return -1; /* an object, an array or an error */
    }
    jws(&s);
    if (s.p >= s.e) return -1;
    if (*s.p == '}') return 0;
    if (*s.p != ',') return -1;
    s.p++;
  }
}

/* The fields by cJSON (the fallback, and the words of every error). 0, or -1 after a report.
 * *root is to be freed with cJSON_Delete. idbuf receives a numeric id. */
static int jsonl_cjson(rctx *c, const char *p, size_t n, long line, cJSON **root, const char *v[JF_N],
                       char *idbuf, size_t idcap) {
  const char *end = NULL;
  cJSON *o = cJSON_ParseWithLengthOpts(p, n, &end, 0);
  *root = o;
  if (!o) {
    long long pos = end && end >= p ? (long long)(end - p) : -1;
    report(c, SR_EINPUT, line, pos, "line %ld: malformed JSON near byte %lld", line, pos + 1);
    return -1;
  }
  if (!cJSON_IsObject(o)) {
    report(c, SR_EINPUT, line, -1, "line %ld: not a JSON object", line);
    return -1;
  }
  for (int k = 0; k < JF_N; k++) v[k] = jstr(o, JF_KEY[k]);
  const cJSON *idv = cJSON_GetObjectItemCaseSensitive(o, "id");
  if (!v[JF_ID] && cJSON_IsNumber(idv)) {
    snprintf(idbuf, idcap, "%.17g", idv->valuedouble);
    v[JF_ID] = idbuf;
  }
  return 0;
}

static void jsonl_line(rctx *c, const char *p, size_t n, long line) {
  const char *v[JF_N];
  char idbuf[300], numid[300];
  cJSON *o = NULL;
  char *buf = malloc(n + 1);
  if (!buf || jsonl_fast(p, n, buf, v) < 0) {
    if (jsonl_cjson(c, p, n, line, &o, v, numid, sizeof numid) < 0) {
      cJSON_Delete(o);
      free(buf);
      return;
    }
  }
  const char *id = v[JF_ID];
  if (!id || !*id) {
    snprintf(idbuf, sizeof idbuf, "%s:%ld", c->name, line);
    id = idbuf;
  }
  char date[11];
  const char *ds = v[JF_DATE];
  const char *dt = default_date(c);
  if (ds && *ds) {
    if (parse_date(ds, date)) dt = date;
    else
      report(c, SR_EINPUT, line, -1, "line %ld: bad date \"%.40s\" (want YYYY-MM-DD); using %s",
             line, ds, dt ? dt : "none");
  }
  const char *text = v[JF_TEXT];
  const char *html = v[JF_HTML];
  const char *title = v[JF_TITLE];
  if (text) {
    emit(c, id, dt, title, text, strlen(text), v[JF_URL], v[JF_SOURCE], line, 0);
  } else if (html) {
    char *t = NULL, *ht = NULL;
    size_t tl = 0;
    sr_error e;
    sr_error_clear(&e);
    char what[32];
    snprintf(what, sizeof what, "line %ld", line);
    int rc = html_text(c, html, strlen(html), &t, &tl, &ht, line, what, &e);
    if (rc) report(c, rc, line, -1, "line %ld: %s", line, e.msg);
    else emit(c, id, dt, title ? title : ht, t, tl, v[JF_URL], v[JF_SOURCE], line, 0);
    free(t);
    free(ht);
  } else {
    report(c, SR_EINPUT, line, -1, "line %ld: no \"text\" or \"html\" string field", line);
  }
  cJSON_Delete(o);
  free(buf);
}

/* Lines from r; prefix[0..plen) was already read from the stream. */
static int read_jsonl(rctx *c, sr_lines *r) {
  const char *p;
  size_t n;
  int toolong, any = 0;
  while (!c->stop && sr_lines_next(r, JSONL_MAX_LINE, &p, &n, &toolong)) {
    if (toolong) {
      any = 1;
      report(c, SR_ELIMIT, r->lineno, -1, "line %ld: longer than the %zu-byte limit", r->lineno,
             (size_t)JSONL_MAX_LINE);
      continue;
    }
    if (r->lineno == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
      p += 3;
      n -= 3;
    }
    if (all_blank(p, n)) continue;
    any = 1;
    jsonl_line(c, p, n, r->lineno);
  }
  if (r->ioerr) return report(c, SR_EIO, r->lineno, -1, "read error after line %ld", r->lineno);
  if (!any) return report(c, SR_EINPUT, 0, -1, "empty input");
  return 0;
}

/* ---- RSS / Atom */

static int lname_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int ns_is(const xmlNode *n, const char *prefix) {
  return n->ns && n->ns->prefix && strcmp((const char *)n->ns->prefix, prefix) == 0;
}

/* Text and CDATA of n's subtree without expanding entity references. Returns 1 when
 * some did not fit in b (its cap), else 0. */
static int node_text(const xmlNode *n, sr_buf *b) {
  const xmlNode *c = n->children;
  int over = 0;
  if (!c) return 0;
  const xmlNode *top = n;
  while (c && c != top) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
        sr_buf_append(b, c->content, strlen((const char *)c->content)))
      over = 1;
    if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      continue;
    }
    while (c && c != top && !c->next) c = c->parent;
    if (c && c != top) c = c->next;
  }
  return over;
}

static void trim_buf(sr_buf *b) {
  size_t s = 0;
  while (s < b->len && isspace((unsigned char)b->data[s])) s++;
  size_t e = b->len;
  while (e > s && isspace((unsigned char)b->data[e - 1])) e--;
  if (s) memmove(b->data, b->data + s, e - s);
  b->len = e - s;
  if (b->data) b->data[b->len] = 0;
}

static void rss_item(rctx *c, xmlNode *item, long idx) {
  sr_buf title, id, link, date, body, summary;
  sr_buf *all[] = {&title, &id, &link, &date, &body, &summary};
  for (int i = 0; i < 6; i++) sr_buf_init(all[i], i >= 4 ? SR_IO_MAX_DOC * 2 : 4096);
  int body_xhtml = 0, over = 0;
  for (xmlNode *k = item->children; k; k = k->next) {
    if (k->type != XML_ELEMENT_NODE) continue;
    const char *nm = (const char *)k->name;
    if (!strcmp(nm, "title") && !title.len) node_text(k, &title);
    else if ((!strcmp(nm, "guid") || !strcmp(nm, "id")) && !id.len) node_text(k, &id);
    else if (!strcmp(nm, "link") && !link.len) {
      xmlChar *href = xmlGetProp(k, (const xmlChar *)"href");
      xmlChar *rel = xmlGetProp(k, (const xmlChar *)"rel");
      if (href && (!rel || !strcmp((const char *)rel, "alternate")))
        sr_buf_append(&link, href, strlen((const char *)href));
      else if (!href)
        node_text(k, &link);
      xmlFree(href);
      xmlFree(rel);
    } else if ((!strcmp(nm, "pubDate") || !strcmp(nm, "published") ||
                (!strcmp(nm, "date") && ns_is(k, "dc"))) &&
               !date.len)
      node_text(k, &date);
    else if (!strcmp(nm, "updated") && !date.len)
      node_text(k, &date);
    else if ((!strcmp(nm, "encoded") || !strcmp(nm, "content")) && !body.len) {
      xmlChar *type = xmlGetProp(k, (const xmlChar *)"type");
      if (type && !strcmp((const char *)type, "xhtml")) {
        /* inline XHTML: serialise the children and parse them as HTML */
        xmlBufferPtr xb = xmlBufferCreate();
        if (xb) {
          for (xmlNode *q = k->children; q; q = q->next) xmlNodeDump(xb, item->doc, q, 0, 0);
          over |= sr_buf_append(&body, xmlBufferContent(xb), (size_t)xmlBufferLength(xb)) != 0;
          xmlBufferFree(xb);
        }
        body_xhtml = 1;
      } else {
        over |= node_text(k, &body);
      }
      xmlFree(type);
    } else if ((!strcmp(nm, "description") || !strcmp(nm, "summary")) && !summary.len)
      over |= node_text(k, &summary);
  }
  (void)body_xhtml;
  for (int i = 0; i < 4; i++) trim_buf(all[i]);
  long line = xmlGetLineNo(item);
  if (line <= 0) line = 1;
  char idbuf[300];
  const char *docid = id.len ? id.data : link.len ? link.data : NULL;
  if (!docid) {
    snprintf(idbuf, sizeof idbuf, "%s#%ld", c->name, idx);
    docid = idbuf;
  }
  char d[11];
  const char *dt = default_date(c);
  if (date.len) {
    if (parse_date(date.data, d)) dt = d;
    else
      report(c, SR_EINPUT, line, -1, "item %s: bad date \"%.40s\"; using %s", docid, date.data,
             dt ? dt : "none");
  }
  sr_buf *src = body.len ? &body : &summary;
  char *text = NULL;
  size_t tl = 0;
  if (over) {
    report(c, SR_ELIMIT, line, -1, "item %s: its text is over the %zu-byte limit; skipped", docid,
           (size_t)SR_IO_MAX_DOC * 2);
    goto done;
  }
  if (src->len) {
    sr_error e;
    sr_error_clear(&e);
    char what[340];
    snprintf(what, sizeof what, "item %.300s", docid);
    int rc = html_text(c, src->data, src->len, &text, &tl, NULL, line, what, &e);
    if (rc) {
      report(c, rc, line, -1, "item %s: %s", docid, e.msg);
      goto done;
    }
  }
  if (tl == 0 && title.len) { /* a headline-only item: code its title */
    free(text);
    text = strdup(title.data);
    tl = text ? strlen(text) : 0;
  }
  if (!text || tl == 0) {
    report(c, SR_EINPUT, line, -1, "item %s: no text", docid);
    goto done;
  }
  emit(c, docid, dt, title.len ? title.data : NULL, text, tl, link.len ? link.data : NULL, NULL,
       line, 0);
done:
  free(text);
  for (int i = 0; i < 6; i++) sr_buf_free(all[i]);
}

static int read_rss(rctx *c, const char *buf, size_t len) {
  pthread_once(&g_xml_once, xml_init);
  if (len > 0x7fffffff)
    return report(c, SR_ELIMIT, 0, -1, "%s: too large for the XML parser", c->name);
  /* no NOENT, no DTDLOAD: entities are never expanded or fetched */
  int opts = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  size_t clen = 0;
  sr_markup_quiet_libxml();
  char *capped = sr_markup_cap_attrs(buf, len, &clen); /* NULL: nothing cut */
  xmlDocPtr doc = capped ? xmlReadMemory(capped, (int)clen, NULL, NULL, opts)
                         : xmlReadMemory(buf, (int)len, NULL, NULL, opts);
  free(capped);
  if (!doc) return report(c, SR_EINPUT, 1, -1, "%s: not a readable XML feed", c->name);
  xmlNode *root = xmlDocGetRootElement(doc);
  long items = 0;
  /* iterative walk looking for item / entry elements */
  xmlNode *n = root;
  while (n && !c->stop) {
    int descend = 0;
    if (lname_is(n, "item") || lname_is(n, "entry")) {
      rss_item(c, n, ++items);
    } else if (n->type == XML_ELEMENT_NODE && n->children) {
      descend = 1;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
  xmlFreeDoc(doc);
  if (items == 0) return report(c, SR_EINPUT, 1, -1, "%s: no <item> or <entry> in the feed", c->name);
  return 0;
}

/* ---- format choice */

static sr_format by_extension(const char *path) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return SR_FMT_AUTO;
  dot++;
  if (!strcasecmp(dot, "txt") || !strcasecmp(dot, "text")) return SR_FMT_TEXT;
  if (!strcasecmp(dot, "html") || !strcasecmp(dot, "htm") || !strcasecmp(dot, "xhtml"))
    return SR_FMT_HTML;
  if (!strcasecmp(dot, "jsonl") || !strcasecmp(dot, "ndjson") || !strcasecmp(dot, "json"))
    return SR_FMT_JSONL;
  if (!strcasecmp(dot, "xml") || !strcasecmp(dot, "rss") || !strcasecmp(dot, "atom"))
    return SR_FMT_RSS;
  return SR_FMT_AUTO;
}

static int has_ci(const char *p, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (strncasecmp(p + i, needle, k) == 0) return 1;
  return 0;
}

/* p[0..n) starts with s, ignoring case (p need not be NUL-terminated). */
static int starts_ci(const char *p, size_t n, const char *s) {
  size_t k = strlen(s);
  return n >= k && strncasecmp(p, s, k) == 0;
}

static sr_format sniff(const char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && isspace((unsigned char)p[i])) i++;
  p += i;
  n -= i;
  if (n && p[0] == '{') return SR_FMT_JSONL;
  size_t look = n < 4096 ? n : 4096;
  int xmldecl = starts_ci(p, n, "<?xml");
  if (xmldecl && (has_ci(p, look, "<rss") || has_ci(p, look, "<feed") || has_ci(p, look, "<rdf")))
    return SR_FMT_RSS;
  if (starts_ci(p, n, "<rss") || starts_ci(p, n, "<feed")) return SR_FMT_RSS;
  if (starts_ci(p, n, "<!doctype html") || starts_ci(p, n, "<html") || starts_ci(p, n, "<body") ||
      starts_ci(p, n, "<p>") || starts_ci(p, n, "<div") || starts_ci(p, n, "<head") ||
      (xmldecl && has_ci(p, look, "<html")))
    return SR_FMT_HTML;
  return SR_FMT_TEXT;
}

static int dispatch_whole(rctx *c, sr_format fmt, const char *buf, size_t len) {
  if (all_blank(buf, len)) return report(c, SR_EINPUT, 0, -1, "%s: empty input", c->name);
  if (sr_utf8_is_binary(buf, len))
    return report(c, SR_EINPUT, 0, -1, "%s: binary data, not text (refused)", c->name);
  switch (fmt) {
  case SR_FMT_HTML: return read_html(c, buf, len);
  case SR_FMT_RSS: return read_rss(c, buf, len);
  default: {
    sr_lines r;
    sr_lines_mem(&r, buf, len);
    return fmt == SR_FMT_JSONL ? read_jsonl(c, &r) : read_text(c, &r);
  }
  }
}

static int ctx_init(rctx *c, const char *path, const sr_read_opts *opts, sr_doc_fn on_doc,
                    sr_err_fn on_err, void *payload, sr_read_stats *stats) {
  memset(c, 0, sizeof *c);
  c->file = path ? path : "-";
  c->name = strcmp(c->file, "-") == 0 ? "stdin" : base_name(c->file);
  c->opts = opts;
  c->on_doc = on_doc;
  c->on_err = on_err;
  c->payload = payload;
  c->stats = stats;
  c->arena = sr_arena_new((size_t)SR_IO_MAX_DOC * 4 + (1u << 20));
  if (!c->arena) return report(c, SR_ENOMEM, 0, -1, "out of memory");
  return 0;
}

int sr_read_buffer(const char *name, const char *data, size_t len, const sr_read_opts *opts,
                   sr_doc_fn on_doc, sr_err_fn on_err, void *payload, sr_read_stats *stats) {
  rctx c;
  int rc = ctx_init(&c, name, opts, on_doc, on_err, payload, stats);
  if (rc) return rc;
  sr_format fmt = opts ? opts->format : SR_FMT_AUTO;
  if (fmt == SR_FMT_AUTO) fmt = by_extension(c.file);
  if (fmt == SR_FMT_AUTO) fmt = sniff(data, len);
  if (fmt != SR_FMT_JSONL && len > SR_IO_MAX_FILE)
    rc = report(&c, SR_ELIMIT, 0, -1, "%s: %zu bytes, over the %zu-byte file limit", c.name, len,
                (size_t)SR_IO_MAX_FILE);
  else
    rc = dispatch_whole(&c, fmt, data, len);
  sr_arena_free(c.arena);
  return rc; /* bad documents inside a readable input do not fail it */
}

int sr_read_file(const char *path, const sr_read_opts *opts, sr_doc_fn on_doc, sr_err_fn on_err,
                 void *payload, sr_read_stats *stats) {
  rctx c;
  int rc = ctx_init(&c, path, opts, on_doc, on_err, payload, stats);
  if (rc) return rc;
  int is_stdin = strcmp(c.file, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(c.file, "rb");
  if (!f) {
    rc = report(&c, SR_EIO, 0, -1, "cannot open %s: %s", c.file, strerror(errno));
    sr_arena_free(c.arena);
    return rc;
  }
  /* sniff from the first chunk (kept: the line reader starts from it) */
  sr_lines r;
  if (sr_lines_file(&r, f, SNIFF_BYTES)) {
    if (!is_stdin) fclose(f);
    rc = report(&c, SR_ENOMEM, 0, -1, "out of memory");
    sr_arena_free(c.arena);
    return rc;
  }
  while (r.end < r.cap) {
    size_t got = fread(r.buf + r.end, 1, r.cap - r.end, f);
    if (got == 0) {
      if (ferror(f)) r.ioerr = 1;
      r.eof = 1;
      break;
    }
    r.end += got;
  }
  sr_format fmt = opts ? opts->format : SR_FMT_AUTO;
  if (fmt == SR_FMT_AUTO) fmt = by_extension(c.file);
  if (fmt == SR_FMT_AUTO) fmt = sniff(r.buf, r.end);
  if (r.ioerr) {
    rc = report(&c, SR_EIO, 0, -1, "read error on %s: %s", c.file, strerror(errno));
  } else if (r.end == 0 || (r.eof && all_blank(r.buf, r.end))) {
    rc = report(&c, SR_EINPUT, 0, -1, "%s: empty input", c.name);
  } else if (sr_utf8_is_binary(r.buf, r.end)) {
    rc = report(&c, SR_EINPUT, 0, -1, "%s: binary data, not text (refused)", c.name);
  } else if (fmt == SR_FMT_JSONL) {
    rc = read_jsonl(&c, &r);
  } else if (fmt == SR_FMT_TEXT) {
    rc = read_text(&c, &r);
  } else {
    /* whole file: HTML, feeds */
    size_t max = SR_IO_MAX_FILE;
    const char *what = "one input file";
    char *buf = NULL;
    size_t len = 0;
    if (!is_stdin) {
      fclose(f);
      f = NULL;
      sr_error e;
      sr_error_clear(&e);
      rc = sr_read_all(c.file, max, &buf, &len, &e);
      if (rc == SR_ELIMIT)
        rc = report(&c, rc, 0, -1, "%s: over the %zu-byte limit for %s", c.name, max, what);
      else if (rc)
        rc = report(&c, rc, 0, -1, "%s", e.msg);
    } else {
      /* stdin: the first chunk plus the rest */
      buf = r.buf;
      len = r.end;
      size_t cap = r.cap;
      r.buf = NULL;
      while (!r.eof && !rc) {
        if (len > max) {
          rc = report(&c, SR_ELIMIT, 0, -1, "stdin: over the %zu-byte limit for %s", max, what);
          break;
        }
        if (cap - len < CHUNK) {
          char *nb = realloc(buf, cap * 2);
          if (!nb) {
            rc = report(&c, SR_ENOMEM, 0, -1, "out of memory reading stdin");
            break;
          }
          buf = nb;
          cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (got == 0) {
          if (ferror(f)) rc = report(&c, SR_EIO, 0, -1, "read error on stdin");
          break;
        }
        len += got;
      }
    }
    if (!rc) rc = dispatch_whole(&c, fmt, buf, len);
    free(buf);
  }
  sr_lines_free(&r);
  if (!is_stdin && f) fclose(f);
  sr_arena_free(c.arena);
  return rc;
}
