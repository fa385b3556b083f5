/* bench_tokenize.c - reader + tokenizer throughput.
 * usage: bench_tokenize FILE [REPEAT]
 * Reads FILE with sr_read_file (documents kept in memory), then runs
 * sr_text_analyze over every document REPEAT times and prints MB/s,
 * sentences and tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sitrep/io.h"
#include "sitrep/text.h"

typedef struct docs {
  char **text;
  size_t *len;
  size_t n, cap, bytes;
} docs;

static int on_doc(const sr_input_doc *d, void *p) {
  docs *ds = p;
  if (ds->n == ds->cap) {
    ds->cap = ds->cap ? ds->cap * 2 : 1024;
    ds->text = realloc(ds->text, ds->cap * sizeof *ds->text);
    ds->len = realloc(ds->len, ds->cap * sizeof *ds->len);
    if (!ds->text || !ds->len) return 1;
  }
  ds->text[ds->n] = malloc(d->len + 1);
  if (!ds->text[ds->n]) return 1;
  memcpy(ds->text[ds->n], d->text, d->len + 1);
  ds->len[ds->n++] = d->len;
  ds->bytes += d->len;
  return 0;
}

static void on_err(const sr_error *e, void *p) {
  (void)p;
  fprintf(stderr, "%s:%ld: %s\n", e->file, e->line, e->msg);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE [REPEAT]\n", argv[0]);
    return 2;
  }
  int rep = argc > 2 ? atoi(argv[2]) : 5;
  if (rep < 1) rep = 1;
  docs ds = {0};
  sr_read_stats st = {0};
  double t0 = now();
  int rc = sr_read_file(argv[1], NULL, on_doc, on_err, &ds, &st);
  double t1 = now();
  if (rc) return 1;
  sr_arena *a = sr_arena_new(0);
  size_t sents = 0, toks = 0;
  double t2 = now();
  for (int r = 0; r < rep; r++)
    for (size_t i = 0; i < ds.n; i++) {
      sr_arena_reset(a);
      sr_text t;
      if (sr_text_analyze(&t, a, ds.text[i], ds.len[i], NULL) == 0 && r == 0) {
        sents += t.nsent;
        toks += t.ntok;
      }
    }
  double t3 = now();
  double mb = (double)ds.bytes * rep / 1e6;
  printf("read: %zu docs, %zu errors, %.3f s\n", st.docs, st.errors, t1 - t0);
  printf("analyze: %.1f MB x%d in %.3f s = %.1f MB/s, %.0f sentences/s\n", (double)ds.bytes / 1e6,
         rep, t3 - t2, mb / (t3 - t2), (double)sents * rep / (t3 - t2));
  printf("sentences: %zu  tokens: %zu\n", sents, toks);
  for (size_t i = 0; i < ds.n; i++) free(ds.text[i]);
  free(ds.text);
  free(ds.len);
  sr_arena_free(a);
  return 0;
}
