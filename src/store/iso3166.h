/* iso3166.h - ISO 3166-1 countries with ACLED's region, compiled from data/codes/iso3166.tsv
 * (the table is generated into the build directory by CMakeLists.txt). Static data, never
 * freed. */
#ifndef SITREP_ISO3166_H
#define SITREP_ISO3166_H

typedef struct sr_iso_country {
  const char *cc;     /* "SY" */
  const char *alpha3; /* "SYR" */
  int numeric;        /* 760 (0 for Kosovo) */
  const char *name;   /* "Syria" */
  const char *region; /* ACLED's region: "Middle East" */
} sr_iso_country;

extern const sr_iso_country sr_iso_countries[];
extern const int sr_iso_ncountries;

/* the country of alpha-2 code cc (any case), NULL when unknown */
const sr_iso_country *sr_iso_by_cc(const char *cc);
/* the country named name (the table's name, alpha-2 or alpha-3, any case), NULL when unknown */
const sr_iso_country *sr_iso_by_name(const char *name);

/* the country with ISO numeric code n, NULL when unknown */
const sr_iso_country *sr_iso_by_numeric(int n);

#endif
