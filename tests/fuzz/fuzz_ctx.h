/* fuzz_ctx.h - the setup the coder fuzzers share: a context over the lexicon image named by
 * $SITREP_LEXICON (no gazetteer), one document and one arena, made once per process.
 * Without $SITREP_LEXICON every input is skipped; a set but broken path aborts (a setup
 * error, not a finding). Header-only: each fuzzer is its own program. */
#ifndef SITREP_FUZZ_CTX_H
#define SITREP_FUZZ_CTX_H

#include <stdio.h>
#include <stdlib.h>

#include "sitrep/sitrep.h"

typedef struct fuzz_ctx {
  sr_ctx *ctx;     /* owned, never freed (lives as long as the process) */
  sr_doc *doc;     /* owned */
  sr_arena *arena; /* owned; reset per input by the caller */
  int skip;
} fuzz_ctx;

/* 1 when f is ready, 0 when inputs are to be skipped; name prefixes the messages */
static inline int fuzz_ctx_setup(fuzz_ctx *f, const char *name) {
  if (f->doc) return 1;
  if (f->skip) return 0;
  const char *lex = getenv("SITREP_LEXICON");
  if (!lex || !*lex) {
    fprintf(stderr, "%s: SITREP_LEXICON not set, skipping every input\n", name);
    f->skip = 1;
    return 0;
  }
  sr_ctx_opts o = {lex, NULL, 1};
  sr_error err;
  if (sr_ctx_open(&f->ctx, &o, &err)) {
    fprintf(stderr, "%s: %s\n", name, err.msg);
    abort();
  }
  f->doc = sr_doc_new(f->ctx);
  f->arena = sr_arena_new(64u << 20);
  if (!f->doc || !f->arena) abort();
  return 1;
}

#endif
