/* bench_gazetteer.c - open time and lookups/s of a gazetteer image.
 * usage: bench_gazetteer IMG [NAME...]  (default names: a fixed list) */
#include <stdio.h>
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
  sr_gaz_close(g);
  return 0;
}
