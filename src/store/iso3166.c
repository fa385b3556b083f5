/* iso3166.c - lookups in the ISO 3166 table compiled from data/codes/iso3166.tsv. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "iso3166.h"
#include "query_internal.h"
#include "sitrep/store.h"
#include "sitrep/text.h"

const sr_iso_country *sr_iso_by_cc(const char *cc) {
  if (!cc || strlen(cc) != 2) return NULL;
  for (int i = 0; i < sr_iso_ncountries; i++)
    if (!strcasecmp(sr_iso_countries[i].cc, cc)) return &sr_iso_countries[i];
  return NULL;
}

const sr_iso_country *sr_iso_by_name(const char *name) {
  if (!name || !*name) return NULL;
  size_t n = strlen(name);
  for (int i = 0; i < sr_iso_ncountries; i++) {
    const sr_iso_country *c = &sr_iso_countries[i];
    if (!strcasecmp(c->name, name) || (n == 2 && !strcasecmp(c->cc, name)) || (n == 3 && !strcasecmp(c->alpha3, name)))
      return c;
  }
  return NULL;
}

const sr_iso_country *sr_iso_by_numeric(int n) {
  for (int i = 0; i < sr_iso_ncountries; i++)
    if (sr_iso_countries[i].numeric == n && n > 0) return &sr_iso_countries[i];
  return NULL;
}

/* ---- --country values: ISO alpha-2, alpha-3 or the English name, any case or accents */

#define CC_MAX_NAME 80 /* longest country name compared */

/* folded key of a country name: lower case, accents stripped, '-' as ' ' ("Côte d'Ivoire"
 * -> "cote d'ivoire"); empty when too long */
static void name_key(const char *s, char *out, size_t cap) {
  size_t n = strlen(s);
  if (n > CC_MAX_NAME || sr_fold(s, n, out, cap) >= cap) {
    out[0] = 0;
    return;
  }
  for (char *p = out; *p; p++)
    if (*p == '-') *p = ' ';
}

int sr_store_country_code(const char *value, char cc[3], sr_error *err) {
  cc[0] = 0;
  const sr_iso_country *c = NULL;
  size_t n = value ? strlen(value) : 0;
  if (n == 2) c = sr_iso_by_cc(value);
  for (int i = 0; !c && n == 3 && i < sr_iso_ncountries; i++)
    if (!strcasecmp(sr_iso_countries[i].alpha3, value)) c = &sr_iso_countries[i];
  char key[4 * CC_MAX_NAME + 4], k2[4 * CC_MAX_NAME + 4];
  name_key(value ? value : "", key, sizeof key);
  for (int i = 0; !c && key[0] && i < sr_iso_ncountries; i++) {
    name_key(sr_iso_countries[i].name, k2, sizeof k2);
    if (!strcmp(key, k2)) c = &sr_iso_countries[i];
  }
  if (c) {
    memcpy(cc, c->cc, 3);
    return 0;
  }
  /* did you mean: the closest name, within a third of its length (at least 1 edit) */
  const sr_iso_country *best = NULL;
  size_t bestd = (size_t)-1;
  for (int i = 0; key[0] && i < sr_iso_ncountries; i++) {
    name_key(sr_iso_countries[i].name, k2, sizeof k2);
    size_t d = sr_store_edit_distance(key, k2) * 2 + (key[0] != k2[0]); /* ties: the same first letter */
    if (d < bestd) bestd = d, best = &sr_iso_countries[i];
  }
  size_t len = best ? strlen(best->name) : 0, allowed = len >= 9 ? len / 3 : len >= 5 ? 2 : 1;
  if (best && bestd / 2 <= allowed)
    return sr_error_set(err, SR_EINPUT, "--country '%.64s': unknown country; did you mean '%s' (%s)?",
                        value ? value : "", best->name, best->cc);
  return sr_error_set(err, SR_EINPUT,
                      "--country '%.64s': unknown country (use an ISO 3166-1 code such as SY or SYR, or an "
                      "English name such as Syria)", value ? value : "");
}
