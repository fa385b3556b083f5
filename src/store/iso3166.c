/* iso3166.c - lookups in the ISO 3166 table compiled from data/codes/iso3166.tsv. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "iso3166.h"

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
