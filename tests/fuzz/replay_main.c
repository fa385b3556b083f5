/* replay_main.c - a driver that runs a fuzz target without libFuzzer: every file of the seed
 * corpus directories named on the command line, then a fixed number of seeded mutations of
 * each (byte flips, overwrites, truncations, insertions of a boundary byte). CTest builds one
 * replay_<target> per tests/fuzz/fuzz_<target>.c with the project's own compiler, so the
 * ordinary and sanitizer test runs (`make check`, `make asan`) give every fuzz target a short,
 * reproducible smoke run; `make fuzz` is the real, coverage-guided fuzzing.
 *
 *   replay_fuzz_X [--mutations N] [--seed S] DIR|FILE...
 *
 * Exit status: 0 when every input returned (a crash or a sanitizer report ends the process
 * with their own status), 2 on bad usage or an unreadable corpus. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_INPUT (1u << 20) /* bytes of one corpus file read; the rest is ignored */
#define REPLAY_MAX_FILES 4096       /* corpus files per directory */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static uint64_t rng_state;

static uint32_t rnd(void) { /* xorshift64*: reproducible from --seed */
  rng_state ^= rng_state >> 12, rng_state ^= rng_state << 25, rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

/* one seeded change of buf[0..*n) (capacity cap): flip, overwrite, truncate or insert */
static void mutate(uint8_t *buf, size_t *n, size_t cap) {
  static const uint8_t B[] = {0, 0xff, '\n', '"', '<', ',', '\t', 0x80, 0xc3, '9'};
  uint32_t r = rnd();
  size_t at = *n ? rnd() % *n : 0;
  switch (r % 4) {
  case 0: if (*n) buf[at] ^= (uint8_t)(1u << (rnd() % 8)); break;
  case 1: if (*n) buf[at] = B[rnd() % sizeof B]; break;
  case 2: *n = at; break;
  default:
    if (*n < cap) {
      memmove(buf + at + 1, buf + at, *n - at);
      buf[at] = B[rnd() % sizeof B];
      (*n)++;
    }
  }
}

static int run_file(const char *path, long mutations) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return fprintf(stderr, "replay: %s: cannot read\n", path), -1;
  uint8_t *in = malloc(REPLAY_MAX_INPUT), *buf = malloc(REPLAY_MAX_INPUT + 64);
  if (!in || !buf) return fclose(fp), free(in), free(buf), -1;
  size_t n = fread(in, 1, REPLAY_MAX_INPUT, fp);
  fclose(fp);
  memcpy(buf, in, n);
  LLVMFuzzerTestOneInput(buf, n);
  for (long m = 0; m < mutations; m++) {
    size_t k = n;
    memcpy(buf, in, n);
    for (uint32_t c = 1 + rnd() % 4; c > 0; c--) mutate(buf, &k, REPLAY_MAX_INPUT + 64);
    LLVMFuzzerTestOneInput(buf, k);
  }
  free(in), free(buf);
  return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the files of a directory in name order (the run is the same on every machine) */
static int run_dir(const char *dir, long mutations, long *count) {
  DIR *d = opendir(dir);
  if (!d) return fprintf(stderr, "replay: %s: cannot open\n", dir), -1;
  char **names = calloc(REPLAY_MAX_FILES, sizeof *names);
  size_t nn = 0;
  struct dirent *e;
  while (names && nn < REPLAY_MAX_FILES && (e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') names[nn++] = strdup(e->d_name);
  closedir(d);
  if (!names) return -1;
  if (nn) qsort(names, nn, sizeof *names, cmp_str);
  int rc = 0;
  for (size_t i = 0; i < nn && rc == 0; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i] ? names[i] : "");
    struct stat st;
    if (names[i] && stat(path, &st) == 0 && S_ISREG(st.st_mode)) rc = run_file(path, mutations), (*count)++;
  }
  for (size_t i = 0; i < nn; i++) free(names[i]);
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  long mutations = 100, count = 0;
  rng_state = 0x5eed5eedull;
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int rc = 0, inputs = 0;
  for (int i = 1; i < argc && rc == 0; i++) {
    if (!strcmp(argv[i], "--mutations") && i + 1 < argc) mutations = atol(argv[++i]);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) rng_state = strtoull(argv[++i], NULL, 0) | 1;
    else {
      struct stat st;
      inputs++;
      if (stat(argv[i], &st) != 0) rc = (fprintf(stderr, "replay: %s: no such file\n", argv[i]), -1);
      else if (S_ISDIR(st.st_mode)) rc = run_dir(argv[i], mutations, &count);
      else rc = run_file(argv[i], mutations), count++;
    }
  }
  if (!inputs) return fprintf(stderr, "usage: %s [--mutations N] [--seed S] DIR|FILE...\n", argv[0]), 2;
  if (rc) return 2;
  printf("replay: %ld corpus input(s), %ld mutations each, no crash\n", count, mutations);
  return 0;
}
