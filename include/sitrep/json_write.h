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

#endif
