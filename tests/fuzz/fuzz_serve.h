/* fuzz_serve.h - the setup the HTTP fuzzers share: a server state without
 * sockets (src/serve/worker.c) over a fresh store in a temporary directory
 * (under /dev/shm when there is one), filled once with tests/serve/reports.jsonl
 * through POST /api/documents, and this thread's worker. Lexicon from
 * $SITREP_LEXICON (without it every input is skipped), gazetteer from
 * $SITREP_GAZETTEER when set. Header-only: each fuzzer is its own program. */
#ifndef SITREP_FUZZ_SERVE_H
#define SITREP_FUZZ_SERVE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_internal.h"
#include "sitrep/util.h"

#define FUZZ_TOKEN "fuzz-token-0123456789abcdef"
#define FUZZ_CORS "https://map.example"

typedef struct fuzz_serve {
  sr_server *srv; /* owned, never freed (lives as long as the process) */
  sv_worker *w;   /* owned by srv */
  sv_req *r;      /* owned */
  char *cors;     /* FUZZ_CORS copy, switched on and off per input */
  int skip;
} fuzz_serve;

/* the temporary store, removed at exit (libFuzzer ends with exit()) */
static char fuzz_serve_dir[64];
static inline void fuzz_serve_cleanup(void) {
  static const char *const files[] = {"store.db", "store.db-wal", "store.db-shm"};
  char p[128];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(p, sizeof p, "%s/%s", fuzz_serve_dir, files[i]);
    unlink(p);
  }
  rmdir(fuzz_serve_dir);
}

static inline int fuzz_serve_setup(fuzz_serve *f, const char *name) {
  if (f->srv) return 1;
  if (f->skip) return 0;
  const char *lex = getenv("SITREP_LEXICON");
  if (!lex || !*lex) {
    fprintf(stderr, "%s: SITREP_LEXICON not set, skipping every input\n", name);
    f->skip = 1;
    return 0;
  }
  char dir[] = "/dev/shm/sitrep-fuzz-XXXXXX", dir2[] = "/tmp/sitrep-fuzz-XXXXXX";
  const char *d = mkdtemp(dir) ? dir : mkdtemp(dir2);
  if (!d) abort();
  snprintf(fuzz_serve_dir, sizeof fuzz_serve_dir, "%s", d);
  atexit(fuzz_serve_cleanup);
  char db[128];
  snprintf(db, sizeof db, "%s/store.db", d);
  const char *gaz = getenv("SITREP_GAZETTEER");
  sr_serve_opts o = {.db_path = db,
                     .write_token = FUZZ_TOKEN,
                     .lexicon_path = lex,
                     .gazetteer_path = gaz && *gaz ? gaz : NULL,
                     .max_body = 1 << 16};
  sr_error err;
  sr_error_clear(&err);
  if (sv_server_open(&f->srv, &o, &err)) {
    fprintf(stderr, "%s: %s\n", name, err.msg);
    abort();
  }
  f->w = sv_worker_get(f->srv);
  f->r = malloc(sizeof *f->r);
  f->cors = strdup(FUZZ_CORS);
  if (!f->w || !f->r || !f->cors) abort();
  /* some events to query: the serve tests' reports, posted once */
  char *text = NULL;
  size_t len = 0;
  if (sr_read_all("tests/serve/reports.jsonl", 1 << 20, &text, &len, &err) == 0) {
    sv_in in = {.method = "POST",
                .target = "/api/documents",
                .auth = "Bearer " FUZZ_TOKEN,
                .content_length = (long long)len};
    sv_body b = {0};
    if (sv_begin(f->r, f->srv, f->w, &in) == SV_BODY_NEEDED) {
      sv_body_add(&b, f->srv->max_body, text, len);
      sv_body_done(f->r, &b);
    }
    sv_body_free(&b);
    free(text);
  } else {
    fprintf(stderr, "%s: no tests/serve/reports.jsonl (run from the repo root): empty store\n",
            name);
  }
  return 1;
}

/* The answer must be well formed: a known status, JSON where JSON is promised. */
static inline void fuzz_serve_check(const sv_req *r) {
  static const int ok[] = {200, 204, 400, 401, 403, 404, 405, 413, 421, 500, 503};
  int known = 0;
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) known |= r->status == ok[i];
  if (!known || !r->mime) abort();
  size_t len;
  const char *body = sv_answer_body(r, &len);
  if (r->status >= 400) { /* every error is {"error":"..."} */
    if (len < 12 || memcmp(body, "{\"error\":\"", 10) != 0 || body[len - 1] != '\n') abort();
    if (strcmp(r->mime, "application/json") != 0) abort();
  }
  if (r->status == 500) abort(); /* no input should reach an internal error on this store */
}

#endif
