/* fuzz_gazopen.c - libFuzzer: opening, checking and using damaged gazetteer images.
 *
 * The base image is built once from tests/data/gaz_* (run from the repository root, as
 * `make fuzz` does). The first input byte chooses the mode, as in fuzz_lexopen.c:
 *   bit 0 = 1  the rest of the input is the image itself;
 *   bit 0 = 0  the rest is a list of patches to the base image, 5 bytes each: a 32-bit
 *              little-endian offset (modulo the image size) and the byte to write;
 *   bit 1 = 0  the checksum is recomputed; bit 1 = 1 leaves it, and the full check must then
 *              refuse a changed image.
 * Whatever opens is used (lookups, every record, admin and country points) whether or not
 * the full check accepts it: the reads are bounds-checked. Nothing may read out of bounds,
 * and what is read must be printable (valid UTF-8, coordinates in range). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/geo/gaz_image.h"

static unsigned char *g_base;
static size_t g_len;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  char path[] = "/tmp/sitrep_fuzz_gazopen_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) abort();
  close(fd);
  const char *in[4] = {"tests/data/gaz_fixture.tsv", "tests/data/gaz_admin1.txt",
                       "tests/data/gaz_admin1.json", "tests/data/gaz_countries.tsv"};
  sr_error err;
  if (sr_gaz_build(in, 4, path, &err)) {
    fprintf(stderr, "fuzz_gazopen: cannot build the fixture image (run from the repository root): %s\n", err.msg);
    abort();
  }
  FILE *f = fopen(path, "rb");
  if (!f || fseek(f, 0, SEEK_END)) abort();
  g_len = (size_t)ftell(f);
  rewind(f);
  g_base = malloc(g_len);
  if (!g_base || fread(g_base, 1, g_len, f) != g_len) abort();
  fclose(f);
  unlink(path);
  return 0;
}

static const char *const PROBES[] = {"Deir ez-Zor", "Dayr az Zawr", "Albu Kamal", "Syria",
                                     "Kharkiv", "Raqqa", "x", "Al-Hasakah"};

static void use(const sr_gaz *g) {
  sr_place p;
  uint32_t idx[16];
  for (size_t k = 0; k < sizeof PROBES / sizeof *PROBES; k++) {
    int n = sr_gaz_lookup(g, PROBES[k], strlen(PROBES[k]), idx, 16);
    for (int i = 0; i < n; i++)
      if (idx[i] >= sr_gaz_count(g)) abort();
  }
  for (uint32_t i = 0; i < sr_gaz_count(g); i++) {
    if (sr_gaz_get(g, i, &p)) continue;
    if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180)) abort();
    if (!gz_utf8_valid(p.name, strlen(p.name)) || !gz_utf8_valid(p.admin1_name, strlen(p.admin1_name)))
      abort();
    if (strlen(p.cc) > 2 || strlen(p.fcode) > 10 || strlen(p.admin1) > 20) abort();
  }
  (void)sr_gaz_admin1_point(g, "SY", "07", &p);
  (void)sr_gaz_admin1_point(g, "UA", "07", &p);
  (void)sr_gaz_country_point(g, "SY", &p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > (1u << 20)) return 0;
  int raw = data[0] & 1, keep_sum = (data[0] >> 1) & 1;
  size_t len = raw ? size - 1 : g_len;
  /* 8-byte aligned, as a mapping is */
  uint64_t *buf = malloc(len / 8 * 8 + 8);
  unsigned char *img = (unsigned char *)buf;
  if (!buf) abort();
  if (raw) {
    memcpy(img, data + 1, len);
  } else {
    memcpy(img, g_base, len);
    for (size_t i = 1; i + 5 <= size; i += 5) {
      uint32_t off;
      memcpy(&off, data + i, 4);
      img[off % len] = data[i + 4];
    }
  }
  int changed = len != g_len || memcmp(img, g_base, len) != 0;
  if (!keep_sum && len >= sizeof(gaz_header)) ((gaz_header *)img)->sum = gz_image_sum(img, len);
  sr_gaz *g = NULL;
  sr_error err;
  sr_error_clear(&err);
  if (gz_open_mem(&g, img, len, "fuzz.img", &err)) {
    if (!strstr(err.msg, "fuzz.img: ")) abort(); /* names the image, says what is wrong */
    free(buf);
    return 0;
  }
  const char *why = gz_check_deep(g);
  if (keep_sum && changed && !why) {
    fprintf(stderr, "a changed image kept its old checksum and passed the full check\n");
    abort();
  }
  use(g);
  sr_gaz_close(g);
  free(buf);
  return 0;
}
