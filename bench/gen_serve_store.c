/* bench/gen_serve_store.c - a synthetic store for bench/serve_load.sh: N events
 * (default 1,000,000) stored with sr_store_add, without coding any text.
 *
 *   gen_serve_store OUT.db [N] [SEED]
 *
 * Ten events per document; 30 countries around a few real anchor points with
 * 40 places each; 20 actors; CAMEO roots spread over the action classes;
 * dates 2019-01-01..2023-12-31. Each document's text is its ten evidence
 * sentences, so reports, FTS and the evidence spans are real. Not built by
 * default: cmake --build BUILD --target gen_serve_store.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitrep/sitrep.h"
#include "sitrep/store.h"

#define EV_PER_DOC 10

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void) { /* xorshift64 */
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}
static double urand(void) {
  return (double)(rnd() >> 11) / 9007199254740992.0;
}

typedef struct country {
  const char *cc;
  double lat, lon;
} country;
static const country COUNTRIES[] = {
    {"SY", 35.0, 38.5},   {"IQ", 33.3, 43.7},  {"YE", 15.5, 47.5}, {"LY", 27.0, 17.0},
    {"UA", 48.5, 34.0},   {"SD", 15.0, 30.0},  {"SO", 5.0, 46.0},  {"NG", 10.0, 8.0},
    {"ML", 16.0, -2.0},   {"BF", 12.3, -1.5},  {"NE", 15.0, 8.0},  {"TD", 13.0, 18.0},
    {"MM", 21.0, 96.0},   {"CD", -2.0, 28.0},  {"AF", 34.0, 66.0}, {"PK", 30.0, 70.0},
    {"IL", 31.5, 34.9},   {"LB", 33.9, 35.8},  {"ET", 9.0, 39.0},  {"CF", 6.5, 20.5},
    {"CM", 6.0, 12.0},    {"MZ", -13.0, 39.0}, {"SS", 7.0, 30.0},  {"CO", 4.5, -74.0},
    {"MX", 23.0, -102.0}, {"PH", 8.0, 124.0},  {"IN", 26.0, 92.0}, {"TR", 37.5, 40.0},
    {"EG", 30.5, 33.0},   {"KE", 0.5, 37.5}};
#define NCOUNTRIES (sizeof COUNTRIES / sizeof COUNTRIES[0])
#define NPLACES 40

static const char *const ACTORS[][2] = {{"ISIS", "Islamic State"},
                                        {"SYRGOV", "Syrian government forces"},
                                        {"SDF", "Syrian Democratic Forces"},
                                        {"HTS", "Hayat Tahrir al-Sham"},
                                        {"AQAP", "al-Qaeda in the Arabian Peninsula"},
                                        {"HOUTHI", "Houthis"},
                                        {"RSF", "Rapid Support Forces"},
                                        {"SAF", "Sudanese Armed Forces"},
                                        {"ALSHABAAB", "al-Shabaab"},
                                        {"BOKOHARAM", "Boko Haram"},
                                        {"ISWAP", "Islamic State West Africa Province"},
                                        {"JNIM", "JNIM"},
                                        {"TATMADAW", "Myanmar military"},
                                        {"M23", "M23"},
                                        {"TALIBAN", "Taliban"},
                                        {"TTP", "Pakistani Taliban"},
                                        {"IDF", "Israel Defense Forces"},
                                        {"HAMAS", "Hamas"},
                                        {"CIV", "civilians"},
                                        {"PROTESTERS", "Protesters"}};
#define NACTORS (sizeof ACTORS / sizeof ACTORS[0])
static const char *const CODES[] = {"190", "193", "194", "195", "183", "173", "175", "150", "0874",
                                    "145", "141", "040", "043", "057", "190", "193", "112", "138"};
#define NCODES (sizeof CODES / sizeof CODES[0])

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gen_serve_store OUT.db [N=1000000] [SEED]\n");
    return 2;
  }
  long n = argc > 2 ? atol(argv[2]) : 1000000;
  if (argc > 3) rng_state ^= (uint64_t)atoll(argv[3]) * 0x9E3779B97F4A7C15ull;
  sr_store *st;
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_open(&st, argv[1], SR_STORE_CREATE, &err)) {
    fprintf(stderr, "gen_serve_store: %s\n", err.msg);
    return 1;
  }
  /* place names and points, fixed per country */
  static char pname[NCOUNTRIES][NPLACES][32], admin1[NCOUNTRIES][4][24];
  static double plat[NCOUNTRIES][NPLACES], plon[NCOUNTRIES][NPLACES];
  for (size_t c = 0; c < NCOUNTRIES; c++) {
    for (int a = 0; a < 4; a++)
      snprintf(admin1[c][a], sizeof admin1[c][a], "%s Province %d", COUNTRIES[c].cc, a + 1);
    for (int p = 0; p < NPLACES; p++) {
      snprintf(pname[c][p], sizeof pname[c][p], "%s Town %d", COUNTRIES[c].cc, p + 1);
      plat[c][p] = COUNTRIES[c].lat + (urand() - 0.5) * 4;
      plon[c][p] = COUNTRIES[c].lon + (urand() - 0.5) * 4;
    }
  }
  time_t day0 = 1546300800; /* 2019-01-01 */
  long ndocs = (n + EV_PER_DOC - 1) / EV_PER_DOC, done = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char text[4096], date[11], docid[32], dates[EV_PER_DOC][11];
  sr_event ev[EV_PER_DOC];
  sr_store_begin(st, &err);
  for (long d = 0; d < ndocs; d++) {
    size_t c = rnd() % NCOUNTRIES;
    time_t t = day0 + (time_t)(rnd() % 1826) * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    size_t len = 0;
    int k = 0;
    for (; k < EV_PER_DOC && done < n; k++, done++) {
      sr_event *e = &ev[k];
      memset(e, 0, sizeof *e);
      int p = (int)(rnd() % NPLACES), s = (int)(rnd() % NACTORS), g = (int)(rnd() % NACTORS);
      const char *code = CODES[rnd() % NCODES];
      size_t off = len;
      len +=
          (size_t)snprintf(text + len, sizeof text - len, "%s %s %s near %s on %s, report %lu-%d. ",
                           ACTORS[s][1], sr_cameo_name(code), ACTORS[g][1], pname[c][p], date,
                           (unsigned long)(rnd() % 1000000), k);
      memcpy(dates[k], date, sizeof date);
      e->sent = (uint32_t)k + 1;
      e->date = dates[k];
      e->has_source = e->has_target = e->has_location = 1;
      e->source = (sr_actor_ref){ACTORS[s][0], ACTORS[s][1], "", 0};
      e->target = (sr_actor_ref){ACTORS[g][0], ACTORS[g][1], "", 0};
      snprintf(e->cameo, sizeof e->cameo, "%s", code);
      sr_cameo_map(code, &e->plover, &e->acled, &e->acled_sub);
      e->location = (sr_location){.name = pname[c][p],
                                  .lat = plat[c][p],
                                  .lon = plon[c][p],
                                  .admin1 = admin1[c][p % 4],
                                  .admin2 = "",
                                  .precision = "place",
                                  .bearing = -1};
      memcpy(e->location.country, COUNTRIES[c].cc, 3);
      e->text_off = (uint32_t)off;
      e->text_len = (uint32_t)(len - off - 1);
      e->confidence = 0.8f;
    }
    for (int j = 0; j < k; j++) ev[j].text = text;
    snprintf(docid, sizeof docid, "gen-%ld", d);
    sr_doc_meta m = {
        .id = docid, .source = "Synthetic Wire", .url = NULL, .title = NULL, .date = date};
    if (sr_store_add(st, &m, text, len, ev, (size_t)k, NULL, &err)) {
      fprintf(stderr, "gen_serve_store: document %ld: %s\n", d, err.msg);
      sr_store_close(st);
      return 1;
    }
    if ((d + 1) % 2000 == 0) {
      sr_store_commit(st, &err);
      sr_store_begin(st, &err);
      clock_gettime(CLOCK_MONOTONIC, &t1);
      double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
      fprintf(stderr, "\r%ld events, %.0f events/s ", done, (double)done / secs);
    }
  }
  if (sr_store_commit(st, &err)) {
    fprintf(stderr, "gen_serve_store: %s\n", err.msg);
    return 1;
  }
  sr_store_close(st);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "\rgen_serve_store: %ld reports in %ld documents in %.1f s\n", done, ndocs,
          (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
