/* test_gazetteer.c - gazetteer image build/open/lookup and the variant key.
 * Fixtures: tests/data/gaz_*.{tsv,txt,json} (no network, no external data).
 * The fixture directory is $SR_TEST_DATA, else SR_SOURCE_DIR "/tests/data",
 * else "tests/data" (run from the repository root). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitrep/gazetteer.h"

#ifdef SR_SOURCE_DIR
#define DATA_DIR SR_SOURCE_DIR "/tests/data"
#else
#define DATA_DIR "tests/data"
#endif

static char g_dir[512];     /* fixture dir */
static char g_tmp[512];     /* temp dir */
static char g_img[600];     /* image built from the fixtures */

static const char *data(const char *name) {
  static char buf[4][700];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", g_dir, name);
  return buf[k];
}

static int build_fixture(const char *out, sr_error *err) {
  const char *in[4] = {data("gaz_fixture.tsv"), data("gaz_admin1.txt"), data("gaz_admin1.json"),
                       data("gaz_countries.tsv")};
  return sr_gaz_build(in, 4, out, err);
}

static int setup_all(void **state) {
  (void)state;
  const char *d = getenv("SR_TEST_DATA");
  snprintf(g_dir, sizeof g_dir, "%s", d && *d ? d : DATA_DIR);
  const char *t = getenv("TMPDIR");
  snprintf(g_tmp, sizeof g_tmp, "%s/sr_gaz_test_XXXXXX", t && *t ? t : "/tmp");
  if (!mkdtemp(g_tmp)) return -1;
  snprintf(g_img, sizeof g_img, "%s/fixture.img", g_tmp);
  sr_error err;
  sr_error_clear(&err);
  if (build_fixture(g_img, &err)) {
    fprintf(stderr, "fixture build failed: %s:%ld: %s\n", err.file, err.line, err.msg);
    return -1;
  }
  return 0;
}

static int teardown_all(void **state) {
  (void)state;
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
  return system(cmd) == 0 ? 0 : -1;
}

static sr_gaz *open_fixture(void) {
  sr_gaz *g = NULL;
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_gaz_open(&g, g_img, &err), 0);
  assert_non_null(g);
  return g;
}

static sr_place first(sr_gaz *g, const char *name, int *n) {
  uint32_t idx[16];
  sr_place p;
  memset(&p, 0, sizeof p);
  *n = sr_gaz_lookup(g, name, strlen(name), idx, 16);
  if (*n > 0) assert_int_equal(sr_gaz_get(g, idx[0], &p), 0);
  return p;
}

/* ---- lookup of spelling variants ---- */
static void test_variants(void **state) {
  (void)state;
  sr_gaz *g = open_fixture();
  const char *dz[] = {"Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir el-Zour", "DEIR EZ-ZOR",
                      "دير الزور", "Dair al-Zur", "Deir al-Zor"};
  for (size_t i = 0; i < sizeof dz / sizeof *dz; i++) {
    int n;
    sr_place p = first(g, dz[i], &n);
    assert_true(n >= 1);
    assert_int_equal(p.geonameid, 170794);
    assert_string_equal(p.admin1_name, "Deir ez-Zor");
    assert_string_equal(p.cc, "SY");
  }
  const char *ak[] = {"Abu Kamal", "Albu Kamal", "Al-Bukamal", "Al Bukamal", "Abou Kemal", "أبو كمال"};
  for (size_t i = 0; i < sizeof ak / sizeof *ak; i++) {
    int n;
    sr_place p = first(g, ak[i], &n);
    assert_true(n >= 1);
    assert_int_equal(p.geonameid, 174448);
  }
  const char *kh[] = {"Kharkiv", "Kharkov", "Charkiw"};
  for (size_t i = 0; i < 3; i++) {
    int n;
    sr_place p = first(g, kh[i], &n);
    assert_true(n >= 1);
    assert_int_equal(p.geonameid, 706483);
  }
  int n;
  sr_place p = first(g, "Hassakeh", &n);
  assert_int_equal(p.geonameid, 173811);
  p = first(g, "al-Hawl camp", &n);
  assert_string_equal(p.fcode, "CMPRF");
  p = first(g, "Nowhere-on-Earth", &n);
  assert_int_equal(n, 0);
  assert_int_equal(sr_gaz_lookup(g, "", 0, (uint32_t[4]){0}, 4), 0);
  assert_int_equal(sr_gaz_lookup(g, "--- ''", 6, (uint32_t[4]){0}, 4), 0);
  sr_gaz_close(g);
}

/* ---- homonyms: population and class decide ---- */
static void test_homonyms(void **state) {
  (void)state;
  sr_gaz *g = open_fixture();
  uint32_t idx[8];
  int n = sr_gaz_lookup(g, "Hamdan", 6, idx, 8);
  assert_int_equal(n, 3);
  sr_place a, b, c;
  sr_gaz_get(g, idx[0], &a);
  sr_gaz_get(g, idx[1], &b);
  sr_gaz_get(g, idx[2], &c);
  /* the Abu Kamal Hamdan (pop 1500) before the Hasakah one (pop 200); the
   * hill (class T, pop 9000) last despite its population */
  assert_string_equal(a.admin1, "07");
  assert_string_equal(a.admin1_name, "Deir ez-Zor");
  assert_true(fabsf(a.lat - 34.48f) < 0.01f);
  assert_string_equal(b.admin1, "01");
  assert_string_equal(b.admin1_name, "Al-Hasakah");
  assert_int_equal(c.fclass, 'T');
  /* As-Suwayda (SY, PPLA) ahead of As Suwayda (YE, PPLA2), whatever the spelling */
  const char *sw[] = {"As-Suwayda", "As Suwayda", "Suwayda", "Sweida", "Es Suweida", "السويداء"};
  for (size_t i = 0; i < sizeof sw / sizeof *sw; i++) {
    n = sr_gaz_lookup(g, sw[i], strlen(sw[i]), idx, 8);
    assert_true(n >= 2);
    sr_gaz_get(g, idx[0], &a);
    assert_string_equal(a.cc, "SY"); /* the city, or the governorate when spelled as it */
    assert_true(strcmp(a.fcode, "PPLA") == 0 || strcmp(a.fcode, "ADM1") == 0);
    int yemen = 0;
    for (int k = 1; k < n; k++) {
      sr_gaz_get(g, idx[k], &b);
      if (strcmp(b.cc, "YE") == 0) yemen = 1;
    }
    assert_true(yemen);
  }
  /* the city ranks ahead of the admin1 area of the same name */
  n = sr_gaz_lookup(g, "Deir ez-Zor", 11, idx, 8);
  assert_int_equal(n, 2);
  sr_gaz_get(g, idx[0], &a);
  sr_gaz_get(g, idx[1], &b);
  assert_string_equal(a.fcode, "PPLA");
  assert_string_equal(b.fcode, "ADM1");
  sr_gaz_close(g);
}

/* ---- filtered alternate names ---- */
static void test_alt_filter(void **state) {
  (void)state;
  sr_gaz *g = open_fixture();
  uint32_t idx[4];
  assert_int_equal(sr_gaz_lookup(g, "Victory", 7, idx, 4), 0); /* stoplisted */
  assert_int_equal(sr_gaz_lookup(g, "Isis", 4, idx, 4), 0);
  assert_int_equal(sr_gaz_lookup(g, "Union", 5, idx, 4), 0);
  assert_int_equal(sr_gaz_lookup(g, "HSK", 3, idx, 4), 0); /* code-like */
  assert_int_equal(sr_gaz_lookup(g, "DEZ", 3, idx, 4), 0);
  assert_int_equal(sr_gaz_lookup(g, "Харків", strlen("Харків"), idx, 4), 0); /* script */
  assert_int_equal(sr_gaz_lookup(g, "Hasakah", 7, idx, 4), 2);            /* city + ADM1 */
  sr_gaz_close(g);
}

/* ---- admin1 and country points ---- */
static void test_points(void **state) {
  (void)state;
  sr_gaz *g = open_fixture();
  sr_place p;
  assert_int_equal(sr_gaz_admin1_point(g, "SY", "07", &p), 0);
  assert_string_equal(p.fcode, "ADM1");
  assert_string_equal(p.name, "Deir ez-Zor");
  assert_true(fabsf(p.lat - 35.33588f) < 1e-3f && fabsf(p.lon - 40.14084f) < 1e-3f); /* PPLA */
  assert_int_equal(sr_gaz_admin1_point(g, "SY", "01", &p), 0);
  assert_true(fabsf(p.lat - 36.50237f) < 1e-3f);
  /* YE.24 has no PPLA: mean of its two places */
  assert_int_equal(sr_gaz_admin1_point(g, "YE", "24", &p), 0);
  assert_true(fabsf(p.lat - (13.78694f + 13.05f) / 2) < 1e-3f);
  assert_string_equal(p.asciiname, "Lahij");
  /* admin1 from the JSON list */
  assert_int_equal(sr_gaz_admin1_point(g, "UA", "07", &p), 0);
  assert_string_equal(p.name, "Kharkiv");
  assert_int_equal(sr_gaz_admin1_point(g, "SY", "99", &p), SR_ENOTFOUND);
  assert_int_equal(sr_gaz_admin1_point(g, "SY", "0123456789012345678901234567890", &p), SR_ENOTFOUND);
  /* "Deir ez-Zor Governorate" / "Province" name the ADM1 record */
  int n;
  uint32_t idx[4];
  n = sr_gaz_lookup(g, "Deir ez-Zor Governorate", 23, idx, 4);
  assert_int_equal(n, 1);
  sr_gaz_get(g, idx[0], &p);
  assert_string_equal(p.fcode, "ADM1");
  n = sr_gaz_lookup(g, "Dayr az Zawr Province", 21, idx, 4);
  assert_int_equal(n, 1);
  /* countries: at the PPLC when there is one */
  assert_int_equal(sr_gaz_country_point(g, "SY", &p), 0);
  assert_string_equal(p.fcode, "PCLI");
  assert_string_equal(p.name, "Syria");
  assert_true(fabsf(p.lat - 33.5102f) < 1e-3f);
  assert_int_equal(sr_gaz_country_point(g, "YE", &p), 0);
  assert_true(fabsf(p.lat - 15.35472f) < 1e-3f); /* no PPLC in the fixture: table point */
  assert_int_equal(sr_gaz_country_point(g, "ZZ", &p), SR_ENOTFOUND);
  n = sr_gaz_lookup(g, "Syrian Arab Republic", 20, idx, 4);
  assert_int_equal(n, 1);
  sr_gaz_get(g, idx[0], &p);
  assert_string_equal(p.cc, "SY");
  assert_int_equal(sr_gaz_get(g, sr_gaz_count(g), &p), SR_ENOTFOUND);
  sr_gaz_close(g);
}

/* ---- a bad input fails, names file and line, keeps the old image ---- */
static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long l = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)l + 1);
  if (b && fread(b, 1, (size_t)l, f) != (size_t)l) {
    free(b);
    b = NULL;
  }
  fclose(f);
  if (b) b[l] = 0;
  *n = (size_t)l;
  return b;
}

static void spit(const char *path, const char *b, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, n, f), n);
  fclose(f);
}

static void expect_bad(const char *content, size_t n, long line, const char *name) {
  char bad[700], out[700];
  snprintf(bad, sizeof bad, "%s/%s", g_tmp, name);
  snprintf(out, sizeof out, "%s/keep.img", g_tmp);
  spit(bad, content, n);
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(build_fixture(out, &err), 0);
  size_t n0, n1;
  char *before = slurp(out, &n0);
  const char *in[2] = {data("gaz_admin1.txt"), bad};
  sr_error_clear(&err);
  assert_int_equal(sr_gaz_build(in, 2, out, &err), SR_EINPUT);
  assert_string_equal(err.file, bad);
  assert_int_equal(err.line, line);
  assert_true(err.msg[0] != 0);
  char *after = slurp(out, &n1);
  assert_non_null(before);
  assert_non_null(after);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  char tmp[720];
  snprintf(tmp, sizeof tmp, "%s.tmp", out);
  assert_int_not_equal(access(tmp, F_OK), 0);
  free(before);
  free(after);
}

static void test_bad_input(void **state) {
  (void)state;
  size_t n;
  char *fx = slurp(data("gaz_fixture.tsv"), &n);
  assert_non_null(fx);
  /* truncated: last line cut mid-row (no final newline) */
  size_t cut = n - 1;
  while (cut > 0 && fx[cut - 1] != '\n') cut--;
  long lines = 0;
  for (size_t i = 0; i < cut; i++) lines += fx[i] == '\n';
  expect_bad(fx, cut + 40, lines + 1, "truncated.tsv");
  /* cut inside the date column */
  expect_bad(fx, n - 4, lines + 1, "truncated_date.tsv");
  /* a bad latitude on line 3 */
  char *b = strdup(fx);
  char *l3 = b;
  for (int k = 0; k < 2; k++) l3 = strchr(l3, '\n') + 1;
  char *t = l3;
  for (int k = 0; k < 4; k++) t = strchr(t, '\t') + 1;
  t[0] = 'x';
  expect_bad(b, n, 3, "badlat.tsv");
  free(b);
  /* a non-numeric geonameid on line 2 */
  b = strdup(fx);
  char *l2 = strchr(b, '\n') + 1;
  l2[0] = 'Q';
  expect_bad(b, n, 2, "badid.tsv");
  free(b);
  /* truncated admin JSON */
  const char js[] = "[{\"code\":\"SY.07\",\"name\":\"Deir ez-Zor\"},\n{\"code\":\"SY.0";
  char out[700], bad[700];
  snprintf(out, sizeof out, "%s/x.img", g_tmp);
  snprintf(bad, sizeof bad, "%s/admin1.json", g_tmp);
  spit(bad, js, sizeof js - 1);
  const char *in[2] = {bad, data("gaz_fixture.tsv")};
  sr_error err;
  sr_error_clear(&err);
  assert_int_equal(sr_gaz_build(in, 2, out, &err), SR_EINPUT);
  assert_string_equal(err.file, bad);
  assert_int_equal(err.line, 2);
  assert_int_not_equal(access(out, F_OK), 0);
  /* missing input */
  const char *miss[1] = {"/nonexistent/sitrep/cities.txt"};
  assert_int_equal(sr_gaz_build(miss, 1, out, &err), SR_EIO);
  free(fx);
}

/* ---- corrupted images are refused or survive lookups ---- */
static void test_corrupt(void **state) {
  (void)state;
  size_t n;
  char *img = slurp(g_img, &n);
  assert_non_null(img);
  char path[700];
  snprintf(path, sizeof path, "%s/corrupt.img", g_tmp);
  sr_gaz *g = NULL;
  sr_error err;
  /* bad magic */
  img[0] ^= 0x55;
  spit(path, img, n);
  sr_error_clear(&err);
  assert_int_equal(sr_gaz_open(&g, path, &err), SR_EINPUT);
  assert_null(g);
  img[0] ^= 0x55;
  /* truncated */
  spit(path, img, n / 2);
  assert_int_equal(sr_gaz_open(&g, path, &err), SR_EINPUT);
  spit(path, img, 10);
  assert_int_equal(sr_gaz_open(&g, path, &err), SR_EINPUT);
  /* bad section offset in the header */
  char *c = malloc(n);
  memcpy(c, img, n);
  uint64_t big = (uint64_t)1 << 40;
  memcpy(c + 48, &big, 8); /* str_off (header bytes 48..55) */
  spit(path, c, n);
  assert_int_equal(sr_gaz_open(&g, path, &err), SR_EINPUT);
  /* garbage in the body: open may succeed, lookups must not crash */
  unsigned seed = 12345;
  for (int round = 0; round < 20; round++) {
    memcpy(c, img, n);
    for (int k = 0; k < 64; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = 200 + (seed >> 4) % (n - 200);
      c[at] = (char)(seed >> 24);
    }
    spit(path, c, n);
    if (sr_gaz_open(&g, path, &err) == 0) {
      const char *q[] = {"Deir ez-Zor", "Hamdan", "As Suwayda", "Kharkiv", "Syria", "Damascus"};
      uint32_t idx[16];
      for (size_t i = 0; i < 6; i++) {
        int m = sr_gaz_lookup(g, q[i], strlen(q[i]), idx, 16);
        for (int k = 0; k < m; k++) {
          sr_place p;
          if (sr_gaz_get(g, idx[k], &p) == 0) assert_true(strlen(p.name) < n);
        }
      }
      sr_place p;
      sr_gaz_admin1_point(g, "SY", "07", &p);
      sr_gaz_country_point(g, "SY", &p);
      sr_gaz_close(g);
      g = NULL;
    }
  }
  free(c);
  free(img);
}

/* ---- the variant key: true variants vs near misses ---- */
typedef struct {
  const char *a, *b;
} pair;

static const pair SAME[] = {
    {"Deir ez-Zor", "Dayr az Zawr"}, {"Deir ez-Zor", "Deir Ezzor"}, {"Deir ez-Zor", "Deir el-Zour"},
    {"Suweida", "Sweida"}, {"Suwayda", "As-Suwayda"}, {"Sweida", "As Suwayda"},
    {"Kharkiv", "Kharkov"}, {"Mariupol", "Mariupol'"}, {"Bakhmut", "Bakhmout"},
    {"Kyiv", "Kiev"}, {"Mogadishu", "Mogadisho"}, {"Kismayo", "Kismaayo"},
    {"Maiduguri", "Maydugury"}, {"Lashkar Gah", "Lashkargah"}, {"Mazar-i-Sharif", "Mazar-e Sharif"},
    {"Tal Abyad", "Tell Abiad"}, {"Ras al-Ain", "Ras al-Ayn"}, {"Qamishli", "Kamishli"},
    {"Qamishli", "Al Qamishli"}, {"Raqqa", "Ar-Raqqah"}, {"Manbij", "Menbij"},
    {"Hasakah", "Al-Hasakah"}, {"Hasakah", "Hassakeh"}, {"Hodeidah", "Al Hudaydah"},
    {"Kobani", "Kobane"}, {"Hit", "Heet"}, {"Taiz", "Ta'izz"}, {"Marib", "Ma'rib"},
    {"Sanaa", "Sana'a"}, {"Saada", "Sa'dah"}, {"Fallujah", "Falluja"}, {"Baiji", "Bayji"},
    {"Tal Afar", "Tall Afar"}, {"Haditha", "Hadithah"}, {"Samarra", "Samarrah"},
    {"Khan Shaykhun", "Khan Sheikhoun"}, {"Jisr al-Shughur", "Jisr ash-Shughur"},
    {"Maarat al-Numan", "Ma'arrat an-Nu'man"}, {"Saraqib", "Saraqeb"}, {"Tadmur", "Tadmor"},
    {"Daraa", "Dar'a"}, {"Kunduz", "Qunduz"}, {"Kandahar", "Qandahar"}, {"Herat", "Hirat"},
    {"Helmand", "Hilmand"}, {"Ghazni", "Ghazny"}, {"El Fasher", "Al-Fashir"},
    {"Omdurman", "Umm Durman"}, {"Khartoum", "Khartum"}, {"Avdiivka", "Avdeevka"},
    {"Severodonetsk", "Sievierodonetsk"}, {"Odesa", "Odessa"}, {"Myawaddy", "Myawadi"},
    {"Beledweyne", "Beled Weyne"}, {"Ajdabiya", "Ajdabiyah"}, {"Abu Kamal", "Albu Kamal"},
    {"Ain al-Arab", "Ayn al-Arab"}, {"Mayadin", "Al Mayadeen"}, {"Konduga", "Kondouga"},
    {"Gwoza", "Gwozza"}, {"Kermanshah", "Kirmanshah"}, {"Idlib", "Edlib"},
    {"Mogadishu", "Muqdisho"}, {"Mosul", "Mawsil"}, {"Benghazi", "Banghazi"},
    {"Zaporizhzhia", "Zaporozhye"}, {"Mykolaiv", "Nikolaev"}, {"Luhansk", "Lugansk"},
    {"Derna", "Darnah"}, {"Sirte", "Surt"}, {"Homs", "Hims"}, {"Azaz", "I'zaz"},
    {"دير الزور", "دير الزّور"}, {"السويداء", "السويدا"}, {"الرقة", "رقة"},
};

static const pair DIFF[] = {
    {"Homs", "Hama"}, {"Raqqa", "Ruqqa"}, {"Idlib", "Adlib"}, {"Tal Abyad", "Tal Afar"},
    {"Deir ez-Zor", "Deir Hafer"}, {"Aden", "Adana"}, {"Kobani", "Kobar"}, {"Mosul", "Masyaf"},
    {"Gaza", "Giza"}, {"Beni", "Bani"}, {"Iraq", "Iran"}, {"Raqqa", "Rakha"}, {"Qana", "Khana"},
    {"Kirkuk", "Karkh"}, {"Tikrit", "Takrit"}, {"Kyiv", "Kirov"}, {"Bakhmut", "Makhmur"},
    {"Hama", "Hamah Dam"}, {"Taiz", "Tabqa"}, {"Marib", "Marea"}, {"Sanaa", "Sinai"},
    {"Aleppo", "Alep"}, {"Hasakah", "Hasaka Dam"}, {"Mariupol", "Marib"}, {"Sirte", "Sert"},
    {"Jarablus", "Jableh"}, {"Al Bab", "Babila"}, {"Kafr Nabl", "Kafr Nabudah"},
    {"Ain Issa", "Ain Arous"}, {"Samarra", "Samara"}, {"Abu Kamal", "Al Bukamal"},
    {"Darayya", "Daraa"}, {"Duma", "Dumayr"}, {"Salamiyah", "Salma"},
};

static int same_key(const char *a, const char *b) {
  char ka[256], kb[256];
  size_t la = sr_gaz_key(a, strlen(a), ka, sizeof ka);
  size_t lb = sr_gaz_key(b, strlen(b), kb, sizeof kb);
  return la > 0 && la == lb && memcmp(ka, kb, la) == 0;
}

static void test_key_precision_recall(void **state) {
  (void)state;
  size_t ns = sizeof SAME / sizeof *SAME, nd = sizeof DIFF / sizeof *DIFF;
  size_t tp = 0, fp = 0;
  char ka[256], kb[256];
  for (size_t i = 0; i < ns; i++) {
    if (same_key(SAME[i].a, SAME[i].b)) {
      tp++;
    } else {
      sr_gaz_key(SAME[i].a, strlen(SAME[i].a), ka, sizeof ka);
      sr_gaz_key(SAME[i].b, strlen(SAME[i].b), kb, sizeof kb);
      printf("  miss   %-22s %-22s %s / %s\n", SAME[i].a, SAME[i].b, ka, kb);
    }
  }
  for (size_t i = 0; i < nd; i++) {
    if (same_key(DIFF[i].a, DIFF[i].b)) {
      fp++;
      sr_gaz_key(DIFF[i].a, strlen(DIFF[i].a), ka, sizeof ka);
      printf("  false  %-22s %-22s %s\n", DIFF[i].a, DIFF[i].b, ka);
    }
  }
  double recall = (double)tp / (double)ns;
  double precision = tp + fp ? (double)tp / (double)(tp + fp) : 1.0;
  printf("variant key: %zu true pairs, %zu near-miss pairs: recall %.3f (%zu/%zu), "
         "false matches %zu/%zu, precision %.3f\n",
         ns, nd, recall, tp, ns, fp, nd, precision);
  assert_true(ns >= 40 && nd >= 20);
  assert_true(recall >= 0.75);
  assert_true(fp <= 2);
  /* fixed points */
  assert_int_equal(sr_gaz_key("", 0, ka, sizeof ka), 0);
  assert_int_equal(sr_gaz_key("  - ' ", 6, ka, sizeof ka), 0);
  sr_gaz_key("Deir ez-Zor", 11, ka, sizeof ka);
  assert_string_equal(ka, "dirzur");
  assert_int_equal(sr_gaz_key("Deir ez-Zor", 11, ka, 4), 3); /* truncated to cap */
  assert_string_equal(ka, "dir");
  /* hostile input: long, invalid UTF-8 */
  char big[5000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(0x80 + (i * 7) % 128);
  sr_gaz_key(big, sizeof big, ka, sizeof ka);
  memset(big, 'a', sizeof big);
  assert_true(sr_gaz_key(big, sizeof big, ka, sizeof ka) < sizeof ka);
}

/* ---- GeoNames admin1/admin2/countryInfo files and alternate names ----
 * Tiny fixtures written into the temp dir: a 19-column dump, the three
 * GeoNames code lists, an alternateNamesV2.txt and an old-style 8-column
 * alternate-names file that is recognised by its content only. */
#define ROW(id, name, alts, lat, lon, fc, fcode, cc, a1, a2, pop)                               \
  id "\t" name "\t" name "\t" alts "\t" lat "\t" lon "\t" fc "\t" fcode "\t" cc "\t\t" a1 "\t" a2 \
     "\t\t\t" pop "\t\t200\tAsia/Damascus\t2024-01-01\n"

static const char ALT_GEO[] =
    ROW("170794", "Deir ez-Zor", "Dayr az Zawr", "35.33588", "40.14084", "P", "PPLA", "SY", "07",
        "SY0700", "242565")
    ROW("200001", "Testabad", "", "34.40", "40.90", "P", "PPL", "SY", "07", "SY0702", "1500")
    ROW("200002", "Qaryat Nur", "", "34.50", "40.80", "P", "PPL", "SY", "07", "SY0702", "900")
    ROW("706483", "Kharkiv", "Kharkov", "49.98081", "36.25272", "P", "PPLA", "UA", "07", "",
        "1430885");

static const char ALT_ADMIN1[] = "SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792\n"
                                 "UA.07\tKharkiv\tKharkiv\t706482\n";
static const char ALT_ADMIN2[] = "SY.07.SY0700\tDeir ez-Zor District\tDeir ez-Zor District\t170793\n"
                                 "SY.07.SY0702\tAbu Kamal District\tAbu Kamal District\t174449\n";
static const char ALT_COUNTRY[] =
    "# GeoNames countryInfo.txt (excerpt)\n"
    "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\t"
    "CurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\t"
    "neighbours\tEquivalentFipsCode\n"
    "SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t22198110\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY,ku\t"
    "163843\tIQ,JO\t\n"
    "UA\tUKR\t804\tUP\tUkraine\tKyiv\t603700\t44622516\tEU\t.ua\tUAH\tHryvnia\t380\t#####\t"
    "^(\\d{5})$\tuk,ru-UA\t690791\tPL,MD\t\n";
/* alternateNameId geonameid isolanguage name isPreferred isShort isColloquial isHistoric from to */
static const char ALT_V2[] =
    "1\t170794\tar\tدير الزور\t\t\t\t\t\t\n"
    "2\t170794\tfr\tZorville\t1\t\t\t\t\t\n"
    "3\t170794\tlink\thttps://en.wikipedia.org/wiki/Deir_ez-Zor\t\t\t\t\t\t\n"
    "4\t170794\twkdt\tQ207358\t\t\t\t\t\t\n"
    "5\t170794\tabbr\tDeezee\t\t\t\t\t\t\n"
    "6\t170794\tfr_1793\tMontagne Zor\t\t\t\t\t\t\n"
    "7\t999999\ten\tUnknownville\t\t\t\t\t\t\n"
    "8\t200001\ten\tOldtestabad\t\t\t\t1\t\t\n"
    "9\t200002\tar\tقرية النور\t\t\t\t\t\t\n"
    "10\t200002\ten\tKasr Nurani\t\t\t\t1\t\t\n"
    "11\t200002\t\tNurtown\t\t\t\t\t1900\t1950\n"
    "12\t170792\tar\tمحافظة دير الزور\t\t\t\t\t\t\n"
    "13\t163843\tar\tسوريا\t1\t\t\t\t\t\n"
    "14\t170794\tru\tДейр-эз-Зор\t\t\t\t\t\t\n"
    "15\t170794\tpost\t35001\t\t\t\t\t\t\n"
    "16\t690791\ten\tUkrayina\t\t\t\t\t\t\n";
/* old alternateNames.txt: 8 columns; file name says nothing */
static const char ALT_OLD[] = "20\t706483\tde\tCharkow\t\t\t\t\n"
                              "21\t706483\tuk\tХарків\t\t\t\t\n";

static const char *tmp_file(const char *name, const char *content) {
  static char buf[8][700];
  static int k;
  k = (k + 1) % 8;
  snprintf(buf[k], sizeof buf[k], "%s/%s", g_tmp, name);
  spit(buf[k], content, strlen(content));
  return buf[k];
}

static int build_alt(const char *altv2_name, const char *altv2, const char *out, sr_gaz_stats *st,
                     sr_error *err) {
  const char *in[6] = {tmp_file("alt_geo.txt", ALT_GEO),
                       tmp_file("admin1CodesASCII.txt", ALT_ADMIN1),
                       tmp_file("admin2Codes.txt", ALT_ADMIN2),
                       tmp_file("countryInfo.txt", ALT_COUNTRY),
                       tmp_file(altv2_name, altv2),
                       tmp_file("ua_names.txt", ALT_OLD)};
  sr_error_clear(err);
  return sr_gaz_build_ex(in, 6, out, st, err);
}

static int lookup_gid(sr_gaz *g, const char *name, sr_place *p) {
  uint32_t idx[8];
  int n = sr_gaz_lookup(g, name, strlen(name), idx, 8);
  memset(p, 0, sizeof *p);
  if (n > 0) assert_int_equal(sr_gaz_get(g, idx[0], p), 0);
  return n;
}

static void test_admin_files_and_alt_names(void **state) {
  (void)state;
  char out[700];
  snprintf(out, sizeof out, "%s/alt.img", g_tmp);
  sr_gaz_stats st;
  sr_error err;
  int rc = build_alt("alternateNamesV2.txt", ALT_V2, out, &st, &err);
  if (rc) fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
  assert_int_equal(rc, 0);
  assert_int_equal(st.alt_lines, 18);
  assert_int_equal(st.alt_not_name, 5); /* link, wkdt, abbr, fr_1793, post */
  assert_int_equal(st.alt_unknown, 1);
  assert_int_equal(st.alt_filtered, 2); /* Cyrillic */
  assert_int_equal(st.alt_historic, 3); /* Oldtestabad, Kasr Nurani, Nurtown */
  assert_int_equal(st.alt_added, 10);
  sr_gaz *g = NULL;
  assert_int_equal(sr_gaz_open(&g, out, &err), 0);
  sr_place p;
  /* admin1CodesASCII.txt and admin2Codes.txt name the areas of a place */
  assert_true(lookup_gid(g, "Deir ez-Zor", &p) >= 1);
  assert_int_equal(p.geonameid, 170794);
  assert_string_equal(p.admin1, "07");
  assert_string_equal(p.admin1_name, "Deir ez-Zor");
  assert_string_equal(p.admin2_name, "Deir ez-Zor District");
  /* alternate names, Latin and Arabic script */
  assert_true(lookup_gid(g, "Zorville", &p) >= 1);
  assert_int_equal(p.geonameid, 170794);
  assert_true(lookup_gid(g, "دير الزور", &p) >= 1);
  assert_int_equal(p.geonameid, 170794);
  assert_string_equal(p.admin2_name, "Deir ez-Zor District");
  assert_int_equal(lookup_gid(g, "قرية النور", &p), 1);
  assert_int_equal(p.geonameid, 200002);
  assert_string_equal(p.admin2_name, "Abu Kamal District");
  /* historic names are indexed too (reporting keeps using them) */
  assert_int_equal(lookup_gid(g, "Oldtestabad", &p), 1);
  assert_int_equal(p.geonameid, 200001);
  assert_int_equal(lookup_gid(g, "Kasr Nurani", &p), 1);
  assert_int_equal(p.geonameid, 200002);
  assert_int_equal(lookup_gid(g, "Nurtown", &p), 1);
  /* tags that are not names, unknown geonameids, other scripts */
  assert_int_equal(lookup_gid(g, "Deezee", &p), 0);
  assert_int_equal(lookup_gid(g, "Montagne Zor", &p), 0);
  assert_int_equal(lookup_gid(g, "Unknownville", &p), 0);
  assert_int_equal(lookup_gid(g, "Дейр-эз-Зор", &p), 0);
  /* the ADM1 area (geonameid from admin1CodesASCII.txt) and the country
   * (name, population and geonameid from countryInfo.txt) take alternate names */
  assert_int_equal(lookup_gid(g, "محافظة دير الزور", &p), 1);
  assert_string_equal(p.fcode, "ADM1");
  assert_int_equal(p.geonameid, 170792);
  assert_int_equal(lookup_gid(g, "سوريا", &p), 1);
  assert_string_equal(p.fcode, "PCLI");
  assert_string_equal(p.name, "Syria");
  assert_int_equal(p.geonameid, 163843);
  assert_int_equal(p.population, 22198110);
  assert_int_equal(lookup_gid(g, "Ukrayina", &p), 1);
  assert_string_equal(p.cc, "UA");
  assert_int_equal(sr_gaz_country_point(g, "UA", &p), 0);
  assert_string_equal(p.name, "Ukraine");
  assert_int_equal(sr_gaz_admin1_point(g, "UA", "07", &p), 0);
  assert_string_equal(p.name, "Kharkiv");
  /* the 8-column file, recognised by its content */
  assert_true(lookup_gid(g, "Charkow", &p) >= 1);
  assert_int_equal(p.geonameid, 706483);
  assert_string_equal(p.admin1_name, "Kharkiv");
  assert_int_equal(lookup_gid(g, "Харків", &p), 0);
  sr_gaz_close(g);
  /* the 4-number stats agree */
  uint64_t s4[4];
  const char *in[2] = {tmp_file("alt_geo.txt", ALT_GEO), tmp_file("alternateNamesV2.txt", ALT_V2)};
  assert_int_equal(sr_gaz_build_stats(in, 2, out, s4, &err), 0);
  assert_true(s4[0] >= 4 && s4[1] >= s4[2] && s4[3] > 0);
}

static void expect_bad_alt(const char *content, long line, const char *what) {
  char out[700], tmp[720];
  snprintf(out, sizeof out, "%s/alt_keep.img", g_tmp);
  snprintf(tmp, sizeof tmp, "%s.tmp", out);
  sr_gaz_stats st;
  sr_error err;
  assert_int_equal(build_alt("alternateNamesV2.txt", ALT_V2, out, &st, &err), 0);
  size_t n0, n1;
  char *before = slurp(out, &n0);
  assert_non_null(before);
  assert_int_equal(build_alt("alternateNamesV2.txt", content, out, &st, &err), SR_EINPUT);
  char want[700];
  snprintf(want, sizeof want, "%s/alternateNamesV2.txt", g_tmp);
  assert_string_equal(err.file, want);
  assert_int_equal(err.line, line);
  assert_non_null(strstr(err.msg, what));
  char *after = slurp(out, &n1);
  assert_non_null(after);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  assert_int_not_equal(access(tmp, F_OK), 0);
  free(before);
  free(after);
}

static void test_alt_names_bad(void **state) {
  (void)state;
  /* a non-numeric geonameid on line 3 */
  expect_bad_alt("1\t170794\tar\tدير الزور\t\t\t\t\t\t\n"
                 "2\t170794\tfr\tZorville\t1\t\t\t\t\t\n"
                 "3\t1707x4\ten\tZorton\t\t\t\t\t\t\n"
                 "4\t170794\ten\tZortown\t\t\t\t\t\t\n",
                 3, "geonameid");
  /* truncated: the last line cut in the name, no newline */
  expect_bad_alt("1\t170794\tar\tدير الزور\t\t\t\t\t\t\n"
                 "2\t170794\tfr\tZorv",
                 2, "no newline");
  /* a flag column that is not 0/1 (columns shifted) */
  expect_bad_alt("1\t170794\tar\tدير الزور\tx\t\t\t\t\t\n", 1, "isHistoric");
  /* too many columns */
  expect_bad_alt("1\t170794\tar\tA\t\t\t\t\t\t\t\t\n", 1, "more than 10");
}

static void test_attribution_and_default_path(void **state) {
  (void)state;
  assert_non_null(strstr(sr_gaz_attribution(), "GeoNames"));
  char p[64];
  setenv("SITREP_GAZETTEER", "/x/y.img", 1);
  assert_int_equal(sr_gaz_default_path(p, sizeof p), 0);
  assert_string_equal(p, "/x/y.img");
  assert_int_equal(sr_gaz_default_path(p, 4), SR_ELIMIT);
  unsetenv("SITREP_GAZETTEER");
  assert_int_equal(sr_gaz_default_path(p, sizeof p), 0);
  assert_non_null(strstr(p, "gazetteer.img"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_variants),
      cmocka_unit_test(test_homonyms),
      cmocka_unit_test(test_alt_filter),
      cmocka_unit_test(test_points),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_corrupt),
      cmocka_unit_test(test_key_precision_recall),
      cmocka_unit_test(test_admin_files_and_alt_names),
      cmocka_unit_test(test_alt_names_bad),
      cmocka_unit_test(test_attribution_and_default_path),
  };
  return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
