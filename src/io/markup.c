/* markup.c - pre-parse guards for HTML/XML input (markup.h). */
#include "markup.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_sp(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* A tag ends at '>' or at a '<' that is not inside a quoted attribute
 * value (what a recovering parser does with "<p a=1 <b>"). */
static int tag_end(unsigned char c) { return c == '>' || c == '<'; }

char *sr_markup_cap_attrs(const char *s, size_t len, size_t *outlen) {
  const unsigned char *u = (const unsigned char *)s;
  char *o = NULL;
  size_t on = 0, copied = 0; /* s[0..copied) is accounted for in o */
  size_t i = 0;
  while (i < len) {
    const unsigned char *lt = memchr(u + i, '<', len - i);
    if (!lt) break;
    i = (size_t)(lt - u) + 1;
    if (i >= len || !is_alpha(u[i])) continue; /* not a start tag */
    while (i < len && !is_sp(u[i]) && !tag_end(u[i]) && u[i] != '/') i++; /* name */
    unsigned nattr = 0;
    size_t cut = 0; /* where the attributes past the cap start, 0 = none */
    for (;;) {
      while (i < len && (is_sp(u[i]) || u[i] == '/')) i++;
      if (i >= len || tag_end(u[i])) break;
      if (++nattr == SR_MARKUP_MAX_ATTRS + 1) cut = i;
      /* name (a stray '=' starts an empty-named attribute; it is consumed below) */
      while (i < len && !is_sp(u[i]) && !tag_end(u[i]) && u[i] != '=' && u[i] != '/') i++;
      size_t j = i;
      while (j < len && is_sp(u[j])) j++;
      if (j < len && u[j] == '=') {
        i = j + 1;
        while (i < len && is_sp(u[i])) i++;
        if (i < len && (u[i] == '"' || u[i] == '\'')) {
          const unsigned char *q = memchr(u + i + 1, u[i], len - i - 1);
          i = q ? (size_t)(q - u) + 1 : len;
        } else {
          while (i < len && !is_sp(u[i]) && u[i] != '>') i++;
        }
      }
    }
    if (!cut) continue;
    if (!o) {
      o = malloc(len + 1);
      if (!o) return NULL;
    }
    memcpy(o + on, s + copied, cut - copied);
    on += cut - copied;
    copied = i; /* resume at the tag end ('>' / '<') or the end of input */
    if (i < len && u[i] == '>' && u[i - 1] == '/' && i - 1 > cut) copied = i - 1; /* keep "/>" */
  }
  if (!o) return NULL;
  memcpy(o + on, s + copied, len - copied);
  on += len - copied;
  o[on] = 0;
  *outlen = on;
  return o;
}

/* ---- depth */

static int name_in(const unsigned char *n, size_t k, const char *const *list) {
  for (int i = 0; list[i]; i++)
    if (strlen(list[i]) == k && strncasecmp((const char *)n, list[i], k) == 0) return 1;
  return 0;
}

/* Elements that never hold others, and those the parser never nests: not counted. */
static const char *const k_uncounted[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "basefont", "frame", "keygen", "isindex", "html", "head", "body",
    NULL};
/* A start tag of one of these closes an open element of the same group at the top
 * (<li> after <li>, <td> after <td> or <th>, ...), as the parser does. */
static const char *const k_siblings[] = {"p", "li", "dt dd", "option", "tr", "td th", NULL};
/* A start tag of one of these closes an open <p> at the top. */
static const char *const k_close_p[] = {
    "p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "section", "article", "aside", "header", "footer", "nav", "form", "hr",
    "address", "fieldset", "figure", "main", NULL};
/* Elements whose content is raw text up to their end tag. */
static const char *const k_raw[] = {"script", "style", "textarea", "title", "xmp", NULL};

/* End of the tag starting at u[i] ('<'): the index after its '>' (quotes respected), or len. */
static size_t skip_tag(const unsigned char *u, size_t len, size_t i) {
  unsigned char q = 0;
  for (i++; i < len; i++) {
    if (q) {
      if (u[i] == q) q = 0;
    } else if (u[i] == '"' || u[i] == '\'') {
      if (u[i - 1] == '=' || is_sp(u[i - 1])) q = u[i];
    } else if (u[i] == '>') {
      return i + 1;
    }
  }
  return len;
}

/* Index after the end tag "</name" of raw-text content starting at i (or len). */
static size_t skip_raw(const unsigned char *u, size_t len, size_t i, const unsigned char *name,
                       size_t k) {
  while (i < len) {
    const unsigned char *lt = memchr(u + i, '<', len - i);
    if (!lt) return len;
    i = (size_t)(lt - u);
    if (i + 2 + k <= len && u[i + 1] == '/' && strncasecmp((const char *)u + i + 2,
                                                           (const char *)name, k) == 0)
      return i; /* the end tag itself is scanned as one */
    i++;
  }
  return len;
}

/* Index after a comment, declaration or processing instruction at u[i] ("<!", "<?"). */
static size_t skip_special(const unsigned char *u, size_t len, size_t i) {
  if (i + 3 < len && u[i + 1] == '!' && u[i + 2] == '-' && u[i + 3] == '-') {
    for (size_t j = i + 4; j + 2 < len; j++)
      if (u[j] == '-' && u[j + 1] == '-' && u[j + 2] == '>') return j + 3;
    return len;
  }
  const unsigned char *gt = memchr(u + i, '>', len - i);
  return gt ? (size_t)(gt - u) + 1 : len;
}

#define NAME_KEEP 11 /* name bytes kept per open element (longer names compare by prefix) */

typedef struct flat {
  const char *s;
  char *o;             /* the copy, made at the first unwrapped tag */
  size_t on, copied;   /* s[0..copied) is accounted for in o */
  size_t unwrapped;
  size_t depth, excess; /* open elements kept; start tags unwrapped and not yet matched */
  char open[SR_MARKUP_MAX_DEPTH][NAME_KEEP + 1]; /* the open elements, lower case */
} flat;

/* Replace s[a..b) (one tag) by a space in the copy. */
static int unwrap(flat *f, size_t len, size_t a, size_t b) {
  if (!f->o && !(f->o = malloc(len + 1))) return -1;
  memcpy(f->o + f->on, f->s + f->copied, a - f->copied);
  f->on += a - f->copied;
  f->o[f->on++] = ' ';
  f->copied = b;
  f->unwrapped++;
  return 0;
}

/* 1 when the word w is one of the space-separated words of group. */
static int in_group(const char *group, const char *w) {
  size_t k = strlen(w);
  for (const char *g = group; *g;) {
    const char *e = strchr(g, ' ');
    size_t gl = e ? (size_t)(e - g) : strlen(g);
    if (gl == k && strncmp(g, w, k) == 0) return 1;
    g += gl + (e ? 1 : 0);
  }
  return 0;
}

/* The parser's implied end tags before start tag nm opens. */
static void implied_close(flat *f, const char *nm) {
  if (!f->depth) return;
  const char *top = f->open[f->depth - 1];
  if (!strcmp(top, "p") && name_in((const unsigned char *)nm, strlen(nm), k_close_p)) {
    f->depth--;
    return;
  }
  for (int i = 0; k_siblings[i]; i++)
    if (in_group(k_siblings[i], nm) && in_group(k_siblings[i], top)) {
      f->depth--;
      return;
    }
  if (!strcmp(nm, "tr") && (!strcmp(top, "td") || !strcmp(top, "th"))) {
    f->depth--;
    if (f->depth && !strcmp(f->open[f->depth - 1], "tr")) f->depth--;
  }
}

/* One start or end tag s[a..b) named u[n0..n1). */
static int on_tag(flat *f, size_t len, size_t a, size_t b, const unsigned char *nm, size_t k,
                  int end) {
  char name[NAME_KEEP + 1];
  size_t kk = k < NAME_KEEP ? k : NAME_KEEP;
  for (size_t j = 0; j < kk; j++) name[j] = (char)(nm[j] | 0x20);
  name[kk] = 0;
  if (!end) {
    implied_close(f, name);
    if (f->depth >= SR_MARKUP_MAX_DEPTH) {
      f->excess++;
      return unwrap(f, len, a, b);
    }
    memcpy(f->open[f->depth++], name, kk + 1);
    return 0;
  }
  if (f->excess) {
    f->excess--;
    return unwrap(f, len, a, b);
  }
  for (size_t d = f->depth; d > 0; d--) /* close up to the matching element; else ignored */
    if (!strcmp(f->open[d - 1], name)) {
      f->depth = d - 1;
      break;
    }
  return 0;
}

char *sr_markup_flatten(const char *s, size_t len, size_t *outlen, size_t *unwrapped) {
  const unsigned char *u = (const unsigned char *)s;
  flat *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->s = s;
  size_t i = 0;
  while (i < len) {
    const unsigned char *lt = memchr(u + i, '<', len - i);
    if (!lt) break;
    size_t a = (size_t)(lt - u);
    if (a + 1 >= len) break;
    if (u[a + 1] == '!' || u[a + 1] == '?') {
      i = skip_special(u, len, a);
      continue;
    }
    int end = u[a + 1] == '/';
    size_t n0 = a + 1 + (size_t)end;
    if (n0 >= len || !is_alpha(u[n0])) {
      i = a + 1;
      continue;
    }
    size_t n1 = n0;
    while (n1 < len && !is_sp(u[n1]) && !tag_end(u[n1]) && u[n1] != '/') n1++;
    size_t b = skip_tag(u, len, a);
    i = b;
    int self_closing = b >= 2 && u[b - 1] == '>' && u[b - 2] == '/';
    int raw = name_in(u + n0, n1 - n0, k_raw);
    if (!end && raw) i = skip_raw(u, len, b, u + n0, n1 - n0);
    if (self_closing || raw || name_in(u + n0, n1 - n0, k_uncounted)) continue;
    if (on_tag(f, len, a, b, u + n0, n1 - n0, end)) {
      free(f->o);
      free(f);
      return NULL;
    }
  }
  char *o = f->o;
  if (o) {
    memcpy(o + f->on, s + f->copied, len - f->copied);
    f->on += len - f->copied;
    o[f->on] = 0;
    *outlen = f->on;
    *unwrapped = f->unwrapped;
  }
  free(f);
  return o;
}
