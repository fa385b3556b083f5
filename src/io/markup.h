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

/* Elements nested deeper than this are unwrapped by sr_markup_flatten: kept below
 * libxml2's own limit (256 levels without XML_PARSE_HUGE; past it the parser stops
 * and the rest of the page is lost), with room for the elements the scan does not
 * count (those whose end tag HTML lets one leave out: p, li, td ...). */
#define SR_MARKUP_MAX_DEPTH 200

/* Unwrap elements nested deeper than SR_MARKUP_MAX_DEPTH: their start tags and as
 * many following end tags are replaced by a space, so every text node stays and
 * the nesting libxml2 sees stays under its limit. Depth is counted per start and
 * end tag (void elements, self-closing tags, comments, declarations and the
 * elements with optional end tags are not counted; the content of script, style,
 * textarea, title and xmp is skipped). Returns a malloc'd copy of s[0..len) with
 * *outlen and *unwrapped (tags replaced) set, caller frees; NULL when nothing is
 * that deep or on OOM (callers then parse s itself). Linear, no NUL needed. */
char *sr_markup_flatten(const char *s, size_t len, size_t *outlen, size_t *unwrapped);

/* Silence libxml2's generic error output on this thread (html.c); the readers
 * report problems themselves. Call before each parse (the handler is per thread). */
void sr_markup_quiet_libxml(void);

#endif
