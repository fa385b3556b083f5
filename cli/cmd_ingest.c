/* cli/cmd_ingest.c - `sitrep ingest`: code documents and keep them in a store.
 *
 * Each document is looked up first (sr_store_has): an unchanged one is not
 * coded again. The rest are coded and added (sr_store_add), many per
 * transaction (--batch). A kill at any moment loses at most the open batch;
 * running the same command again completes the store. On a terminal a
 * progress line is redrawn at most 4 times a second on stderr; in a pipe
 * nothing is printed but problems and the final summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "sitrep/store.h"
#include "sitrep/io.h"
#include "sitrep/sitrep.h"

#define DEFAULT_BATCH 500
#define MAX_BATCH 1000000
#define PROGRESS_NS 250000000LL /* redraw the progress line at most every 0.25 s */

static const char ingest_usage[] =
    "usage: sitrep ingest --db FILE [OPTIONS] [INPUT...]\n"
    "\n"
    "Code the documents of each INPUT (standard input when none, '-' = standard\n"
    "input) and store them, their events and the merged real-world events in the\n"
    "store FILE (created when missing). A document already stored with the same\n"
    "text is skipped without coding; a changed one replaces its events; a\n"
    "near-duplicate of a stored one (a syndicated copy) is linked to it.\n"
    "\n"
    "Options:\n"
    "  --db FILE           the store (SQLite); required\n"
    "  --date YYYY-MM-DD   report date for documents that carry none\n"
    "  --format FMT        auto (default), txt, html, jsonl, rss\n"
    "  --lexicon PATH      lexicon image (default search as in 'sitrep code')\n"
    "  --gazetteer PATH    gazetteer image\n"
    "  --no-gazetteer      run without a gazetteer\n"
    "  --batch N           documents per transaction (default 500)\n"
    "  --quiet             no warnings and no summary line\n"
    "  -h, --help          show this help\n"
    "\n"
    "Document ids: JSONL \"id\" (else FILE:LINE), RSS guid/link, the path for\n"
    "plain text and HTML files.\n"
    "\n"
    "Exit status: 0 every document stored; 1 some input or document failed\n"
    "(reported on stderr as FILE:LINE: message, the rest was stored); 2 usage\n"
    "error, or the store, lexicon or gazetteer could not be opened.\n";

typedef struct ingest_run {
  sr_store *st;
  sr_doc *doc;
  const char *path; /* current input */
  int quiet, progress, batch, fatal;
  size_t in_batch;
  size_t docs, added, same, replaced, dups, events, failed, problems;
  long long t0, last_draw;
} ingest_run;

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void draw_progress(ingest_run *r, int final) {
  long long t = now_ns();
  if (!final && t - r->last_draw < PROGRESS_NS) return;
  r->last_draw = t;
  double secs = (double)(t - r->t0) / 1e9;
  fprintf(stderr, "\r\033[K%zu documents, %.0f/s, %zu events, %zu errors", r->docs,
          secs > 0 ? (double)r->docs / secs : 0.0, r->events, r->failed + r->problems);
  if (final) fputs("\r\033[K", stderr);
  fflush(stderr);
}

static void on_err(const sr_error *err, void *payload) {
  ingest_run *r = payload;
  r->problems++;
  if (r->progress) fputs("\r\033[K", stderr);
  cli_report(err, r->path, 0);
}

static const char *base_name(const char *p) {
  const char *b = strrchr(p, '/');
  return b ? b + 1 : p;
}

/* Commit the open batch and start the next one. */
static int next_batch(ingest_run *r) {
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_commit(r->st, &err) < 0 || sr_store_begin(r->st, &err) < 0) {
    cli_report(&err, r->path, 0);
    r->fatal = 1;
    return -1;
  }
  r->in_batch = 0;
  return 0;
}

static int on_doc(const sr_input_doc *doc, void *payload) {
  ingest_run *r = payload;
  const char *file = doc->file ? doc->file : r->path;
  /* plain text and HTML files are named by their path, not only their base name */
  const char *id = doc->id;
  if (file && strcmp(file, "-") != 0 && (!id || strcmp(id, base_name(file)) == 0)) id = file;
  if (!id) id = cli_path_name(file);
  sr_error err;
  sr_error_clear(&err);
  r->docs++;
  if (doc->repaired && !r->quiet) {
    if (r->progress) fputs("\r\033[K", stderr);
    fprintf(stderr, "sitrep: %s:%ld: warning: %zu invalid UTF-8 sequence%s replaced by U+FFFD\n",
            cli_path_name(file), doc->line, doc->repaired, doc->repaired == 1 ? "" : "s");
  }
  int has = sr_store_has(r->st, id, doc->text, doc->len, &err);
  if (has < 0) {
    r->failed++;
    cli_report(&err, file, doc->line);
    return 0;
  }
  if (has == 1) {
    r->same++;
  } else {
    size_t nev = 0;
    sr_event *evs = NULL;
    int rc = 0;
    if (doc->len > 0) {
      rc = sr_doc_code(r->doc, id, doc->date, doc->text, doc->len, &err);
      if (rc == 0) {
        nev = sr_doc_nevents(r->doc);
        evs = nev ? malloc(nev * sizeof *evs) : NULL;
        if (nev && !evs) {
          rc = sr_error_set(&err, SR_ENOMEM, "out of memory");
        } else {
          for (size_t i = 0; i < nev; i++) evs[i] = *sr_doc_event(r->doc, i);
        }
      }
    }
    sr_doc_meta m = {id, doc->url, doc->source, doc->title, doc->date};
    sr_add_result res = SR_ADD_NEW;
    if (rc == 0) rc = sr_store_add(r->st, &m, doc->text, doc->len, evs, nev, &res, &err);
    free(evs);
    if (rc < 0) {
      r->failed++;
      if (r->progress) fputs("\r\033[K", stderr);
      cli_report(&err, file, doc->line);
      if (rc == SR_EIO) { /* disk full, store locked ...: stop rather than fail every document */
        r->fatal = 1;
        return 1;
      }
    } else {
      switch (res) {
      case SR_ADD_SAME: r->same++; break;
      case SR_ADD_REPLACED: r->replaced++; break;
      case SR_ADD_DUPLICATE: r->dups++; break;
      default: r->added++; break;
      }
      if (res != SR_ADD_SAME) r->events += nev;
    }
  }
  if (++r->in_batch >= (size_t)r->batch && next_batch(r) < 0) return 1;
  if (r->progress) draw_progress(r, 0);
  return 0;
}

int cmd_ingest(int argc, char **argv) {
  sr_ctx_opts copts = {0};
  sr_read_opts ropts = {0};
  ingest_run r = {0};
  const char *db = NULL;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0, only_files = 0;
  r.batch = DEFAULT_BATCH;
  if (!files) {
    cli_errorf("out of memory");
    return CLI_USAGE;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      files[nfiles++] = a;
    } else if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (cli_is_help(a)) {
      fputs(ingest_usage, stdout);
      free(files);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) goto usage;
      db = v;
    } else if ((m = cli_read_option(argc, argv, &i, "ingest", &ropts)) != 0 ||
               (m = cli_ctx_option(argc, argv, &i, "ingest", &copts, 1)) != 0) {
      if (m < 0) goto usage;
    } else if ((m = cli_opt_value(argc, argv, &i, "--batch", &v)) != 0) {
      if (m < 0) goto usage;
      char *end;
      long n = strtol(v, &end, 10);
      if (!*v || *end || n < 1 || n > MAX_BATCH) {
        cli_errorf("ingest: --batch wants a number from 1 to %d, got '%s'", MAX_BATCH, v);
        goto usage;
      }
      r.batch = (int)n;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      r.quiet = 1;
    } else {
      cli_errorf("ingest: unknown option '%s'", a);
      goto usage;
    }
  }
  if (!db) {
    cli_errorf("ingest: --db FILE is required");
    goto usage;
  }
  if (nfiles == 0) files[nfiles++] = "-";

  sr_error err;
  sr_error_clear(&err);
  sr_ctx *ctx = NULL;
  if (sr_ctx_open(&ctx, &copts, &err) < 0 || !ctx) {
    cli_errorf("cannot open the lexicon/gazetteer: %s", err.msg[0] ? err.msg : sr_strerror(err.code));
    if (ctx) sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }
  if (sr_store_open(&r.st, db, SR_STORE_CREATE, &err) < 0) {
    cli_errorf("%s", err.msg);
    sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }
  r.doc = sr_doc_new(ctx);
  if (!r.doc || sr_store_begin(r.st, &err) < 0) {
    cli_errorf("%s", r.doc ? err.msg : "out of memory");
    sr_doc_free(r.doc);
    sr_store_close(r.st);
    sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }
  r.progress = !r.quiet && isatty(STDERR_FILENO);
  r.t0 = now_ns();

  for (int f = 0; f < nfiles && !r.fatal; f++) {
    sr_read_stats rs = {0};
    size_t before = r.problems;
    r.path = files[f];
    int rc = sr_read_file(files[f], &ropts, on_doc, on_err, &r, &rs);
    if (rc < 0 && r.problems == before) {
      sr_error e2;
      sr_error_clear(&e2);
      sr_error_set(&e2, rc, "cannot read input (%s)", sr_strerror(rc));
      on_err(&e2, &r);
    }
  }
  int status = CLI_OK;
  if (!r.fatal && sr_store_commit(r.st, &err) < 0) {
    cli_report(&err, db, 0);
    r.fatal = 1;
  }
  if (r.fatal) {
    sr_store_rollback(r.st);
    status = CLI_PARTIAL;
  }
  if (r.progress) draw_progress(&r, 1);
  if (!r.quiet)
    fprintf(stderr,
            "sitrep: ingested %zu new, %zu unchanged, %zu replaced, %zu near-duplicates, %zu "
            "events, %zu failed\n",
            r.added, r.same, r.replaced, r.dups, r.events, r.failed + r.problems);
  if (r.failed || r.problems) status = CLI_PARTIAL;
  sr_doc_free(r.doc);
  sr_store_close(r.st);
  sr_ctx_free(ctx);
  free(files);
  return status;

usage:
  fprintf(stderr, "see 'sitrep ingest --help'\n");
  free(files);
  return CLI_USAGE;
}
