/* markup.h - private to src/io: guards applied to HTML/XML bytes before
 * they reach libxml2. */
#ifndef SITREP_IO_MARKUP_H
#define SITREP_IO_MARKUP_H
#include <stddef.h>

/* Attributes kept per start tag; the rest are cut (see sr_markup_cap_attrs). */
#define SR_MARKUP_MAX_ATTRS 64

/* libxml2 2.9 checks each new attribute of an element against all earlier
 * ones and appends it to the end of a linked list: quadratic in the number
 * of attributes of one element (one tag with 200k attributes parsed for
 * minutes). Returns a malloc'd copy of s[0..len) in which every start tag
 * keeps only its first SR_MARKUP_MAX_ATTRS attributes (*outlen set, caller
 * frees), or NULL when no tag has more (nothing to do) or on OOM; callers
 * then parse s itself. The scan is linear and needs no NUL terminator. */
char *sr_markup_cap_attrs(const char *s, size_t len, size_t *outlen);

#endif
