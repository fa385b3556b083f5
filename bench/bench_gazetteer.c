/* bench_gazetteer.c - open time and lookups/s of a gazetteer image.
 * usage: bench_gazetteer IMG [NAME...]  (default names: a fixed list)
 *
 * Three loops: the fixed names over and over (what a document does: the same
 * places again, answered by the per-thread lookup memo), 100,000 distinct
 * names of the image's own records (memo misses: key, hash probe, postings
 * ranking), and the same names with a suffix that makes most of them absent.
 * Built by `cmake --build BUILD --target bench_tools` (not by default). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitrep/gazetteer.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s IMG [NAME...]\n", argv[0]);
    return 2;
  }
  static const char *def[] = {"Deir ez-Zor", "Dayr az Zawr", "Aleppo", "Kharkov", "As Suwayda",
                              "Mogadishu", "Nowhereville", "Hamdan", "Kyiv", "Syria", "Raqqa",
                              "Lashkar Gah", "El Fasher", "Maiduguri", "Springfield", "London"};
  const char **names = argc > 2 ? (const char **)argv + 2 : def;
  int nn = argc > 2 ? argc - 2 : (int)(sizeof def / sizeof *def);
  sr_error err;
  sr_gaz *g;
  double t0 = now();
  if (sr_gaz_open(&g, argv[1], &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return 2;
  }
  double t1 = now();
  printf("open %.3f ms, %u records\n", (t1 - t0) * 1e3, sr_gaz_count(g));
  uint32_t idx[10];
  long total = 0, hits = 0;
  int iters = 200000;
  double t2 = now();
  for (int i = 0; i < iters; i++) {
    const char *s = names[i % nn];
    int n = sr_gaz_lookup(g, s, strlen(s), idx, 10);
    hits += n > 0;
    total++;
  }
  double t3 = now();
  printf("%ld lookups in %.3f s: %.0f lookups/s, %.0f ns/lookup (%ld hit)\n", total, t3 - t2,
         total / (t3 - t2), (t3 - t2) / total * 1e9, hits);
  char key[256];
  t2 = now();
  for (int i = 0; i < iters; i++) {
    const char *s = names[i % nn];
    sr_gaz_key(s, strlen(s), key, sizeof key);
  }
  t3 = now();
  printf("sr_gaz_key alone: %.0f ns\n", (t3 - t2) / iters * 1e9);
  /* distinct names of the image's records, spread over the whole image */
  enum { NDIST = 100000 };
  uint32_t nrec = sr_gaz_count(g);
  char **dn = calloc(NDIST, sizeof *dn), **mn = calloc(NDIST, sizeof *mn);
  int nd = 0;
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; dn && mn && nrec && i < NDIST; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    sr_place p;
    if (sr_gaz_get(g, (uint32_t)(x % nrec), &p) || !p.name[0]) continue;
    size_t l = strlen(p.name);
    dn[nd] = malloc(l + 1);
    mn[nd] = malloc(l + 4);
    if (!dn[nd] || !mn[nd]) break;
    memcpy(dn[nd], p.name, l + 1);
    memcpy(mn[nd], p.name, l);
    memcpy(mn[nd] + l, "qzx", 4);
    nd++;
  }
  for (int pass = 0; pass < 2 && nd > 0; pass++) {
    char **v = pass ? mn : dn;
    long h = 0, cand = 0;
    int n = 2 * nd;
    t2 = now();
    for (int i = 0; i < n; i++) {
      const char *s = v[i % nd];
      int c = sr_gaz_lookup(g, s, strlen(s), idx, 10);
      h += c > 0;
      cand += c;
    }
    t3 = now();
    printf("%s names (%d distinct, memo misses): %.0f ns/lookup, %.0f lookups/s (%ld hit, %.2f candidates)\n",
           pass ? "absent" : "distinct", nd, (t3 - t2) / n * 1e9, n / (t3 - t2), h,
           (double)cand / n);
  }
  for (int i = 0; i < nd; i++) {
    free(dn[i]);
    free(mn[i]);
  }
  free(dn);
  free(mn);
  sr_gaz_close(g);
  return 0;
}
