/* markup.c - pre-parse guards for HTML/XML input (markup.h). */
#include "markup.h"

#include <stdlib.h>
#include <string.h>

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
