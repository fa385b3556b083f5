/* fuzz_gazimport.c - libFuzzer: the gazetteer importer (GeoNames 19-column rows, admin1 /
 * admin2 lists as text and JSON, countryInfo, the project's countries table, alternate
 * names) on arbitrary bytes, then the image it writes.
 *
 * The input is cut at lines "#--" into up to six files, one per input kind, named so that
 * the importer tells them apart as it does real files: geo.txt, admin1CodesASCII.txt,
 * admin1.json, alternateNamesV2.txt, countryInfo.txt, countries.tsv. A bad input must fail
 * with a message; a build that succeeds must give an image that passes the full check
 * (checksum and every offset) and answers lookups with valid UTF-8 and sane coordinates. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/geo/gaz_image.h"

static const char *const NAMES[] = {"geo.txt", "admin1CodesASCII.txt", "admin1.json",
                                    "alternateNamesV2.txt", "countryInfo.txt", "countries.tsv"};
#define NPARTS 6

static const char *const PROBES[] = {"Deir ez-Zor", "Aleppo", "Syria", "a", "Tell", "al-Bab"};

static void use(const sr_gaz *g) {
  const char *why = gz_check_deep(g);
  if (why) {
    fprintf(stderr, "a freshly built image fails the full check: %s\n", why);
    abort();
  }
  sr_place p;
  for (uint32_t i = 0; i < sr_gaz_count(g); i++) {
    if (sr_gaz_get(g, i, &p)) continue;
    if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180)) abort();
    if (!gz_utf8_valid(p.name, strlen(p.name)) || !gz_utf8_valid(p.asciiname, strlen(p.asciiname)) ||
        !gz_utf8_valid(p.admin1_name, strlen(p.admin1_name)) ||
        !gz_utf8_valid(p.admin2_name, strlen(p.admin2_name)))
      abort(); /* names are repaired at import */
    uint32_t idx[8];
    int n = sr_gaz_lookup(g, p.name, strlen(p.name), idx, 8);
    for (int k = 0; k < n; k++)
      if (idx[k] >= sr_gaz_count(g)) abort();
  }
  for (size_t k = 0; k < sizeof PROBES / sizeof *PROBES; k++) {
    uint32_t idx[8];
    int n = sr_gaz_lookup(g, PROBES[k], strlen(PROBES[k]), idx, 8);
    for (int j = 0; j < n; j++)
      if (idx[j] >= sr_gaz_count(g)) abort();
  }
  (void)sr_gaz_admin1_point(g, "SY", "07", &p);
  (void)sr_gaz_country_point(g, "SY", &p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char dir[64];
  if (!dir[0]) {
    /* the importer fsyncs the image it writes: on tmpfs that costs nothing */
    snprintf(dir, sizeof dir, "%s/sitrep_fuzz_gazimport_XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) abort();
  }
  if (size > (1u << 20)) return 0;
  char path[NPARTS][128], out[128];
  const char *in[NPARTS];
  int nin = 0;
  const uint8_t *p = data, *end = data + size;
  for (int k = 0; k < NPARTS && p <= end; k++) {
    const uint8_t *cut = NULL;
    for (const uint8_t *q = p; q + 4 <= end; q++)
      if (memcmp(q, "#--\n", 4) == 0 && (q == data || q[-1] == '\n')) {
        cut = q;
        break;
      }
    const uint8_t *stop = cut ? cut : end;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, NAMES[k]);
    FILE *f = fopen(path[k], "wb");
    if (!f) abort();
    fwrite(p, 1, (size_t)(stop - p), f);
    fclose(f);
    in[nin++] = path[k];
    if (!cut) break;
    p = cut + 4;
  }
  snprintf(out, sizeof out, "%s/out.img", dir);
  unlink(out);
  sr_gaz_stats st;
  sr_error err;
  sr_error_clear(&err);
  int rc = sr_gaz_build_ex(in, nin, out, &st, &err);
  for (int k = 0; k < nin; k++) unlink(in[k]);
  if (rc) {
    if (!err.msg[0]) abort(); /* a failure always says why */
    return 0;
  }
  sr_gaz *g = NULL;
  if (sr_gaz_open(&g, out, &err)) {
    fprintf(stderr, "a freshly built image does not open: %s\n", err.msg);
    abort();
  }
  if (sr_gaz_count(g) != st.records) abort();
  use(g);
  sr_gaz_close(g);
  return 0;
}
