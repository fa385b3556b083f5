/* sitrep/json_write.h - appending JSON values to an sr_buf without printf (the server's
 * hot path writes every event row through these; src/util/json_write.c).
 *
 *   sr_json_key(b, "lat");  sr_json_fixed(b, 34.45, 4);   ->  "lat":34.4500
 *
 * Output is byte for byte what the printf formats they replace wrote ("%lld", "%u",
 * "%.Nf"), so stored answers, tests and schemas do not change. Strings go through
 * sr_buf_json_str (util.h).
 * Ownership: b is the caller's; keys and values are borrowed for the call.
 * Errors: 0, or SR_ELIMIT / SR_ENOMEM from the buffer (b unchanged past its last whole
 * append).
 */
#ifndef SITREP_JSON_WRITE_H
#define SITREP_JSON_WRITE_H
#include "sitrep/util.h"

/* v in decimal ("%lld"). */
int sr_json_int(sr_buf *b, long long v);
/* v with exactly decimals (0..9) digits after the point, rounded as printf("%.*f") rounds
 * (the rare value within a hair of a rounding tie, and any non-finite or huge value, is
 * handed to snprintf). */
int sr_json_fixed(sr_buf *b, double v, int decimals);
/* "key": (key is written as is: a literal without quotes or backslashes). */
int sr_json_key(sr_buf *b, const char *key);
/* "key":"escaped value" ("" for NULL). */
int sr_json_kstr(sr_buf *b, const char *key, const char *v);
/* "key":v or "key":null when v < null_below. */
int sr_json_kint(sr_buf *b, const char *key, long long v, long long null_below);

/* ---- cursor writers: the caller has made room (sr_buf_reserve) and writes at p; each
 * returns the byte after what it wrote. No NUL is written. Same bytes as the sr_buf
 * writers above and sr_buf_json_str. */
#define SR_JSON_INT_MAX 20     /* bytes sr_json_put_int writes at most */
#define SR_JSON_FIXED_MAX 352  /* bytes sr_json_put_fixed writes at most (%.9f of -DBL_MAX) */
#define SR_JSON_STR_MAX(n) (6 * (size_t)(n) + 2) /* bytes sr_json_put_str writes at most */
char *sr_json_put_int(char *p, long long v);
char *sr_json_put_fixed(char *p, double v, int decimals);
/* s[0..n) quoted and escaped as sr_buf_json_str does. */
char *sr_json_put_str(char *p, const char *s, size_t n);

#endif
