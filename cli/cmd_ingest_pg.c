/* cli/cmd_ingest_pg.c - `sitrep ingest --pg DSN`: the documents of the inputs coded here and
 * stored into the PostgreSQL store the way `sitrep worker --pg` stores them (batches appended
 * to the document log, sr_pg_append; a document already there with the same text is skipped
 * uncoded), then merged (sr_pg_merge, waiting for the merger's lock when a worker holds it).
 * The ids are the ones `sitrep ingest --db` gives. Reached from a hook at the top of cmd_ingest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_docs.h"
#include "cli_inputs.h"
#include "cmd.h"
#include "sitrep/feed.h"
#include "sitrep/io.h"

#define BATCH 32
#define ID_MAX 4200

typedef struct pg_run {
  cli_docs d;
  sr_ctx *ctx;
  cli_docs_item items[BATCH];
  int n;
  const char *path;
  sr_buf line;
  size_t problems;
  int fatal;
} pg_run;

int cli_ingest_pg_wanted(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--") || cli_is_help(argv[i])) return 0;
    if (!strcmp(argv[i], "--pg") || !strncmp(argv[i], "--pg=", 5)) return 1;
  }
  return 0;
}

static void on_err(const sr_error *err, void *ud) {
  pg_run *r = ud;
  r->problems++;
  cli_report(err, r->path, 0);
}

static int flush(pg_run *r) {
  if (!r->n) return 0;
  int rc = cli_docs_commit_pg(&r->d, r->items, r->n);
  for (int i = 0; i < r->n; i++)
    if (r->items[i].state == CLI_ITEM_BAD) cli_errorf("%s", r->items[i].err.msg);
  r->n = 0;
  if (rc < 0) {
    cli_errorf("%s", r->d.err.msg);
    r->fatal = 1;
  }
  return rc;
}

static int on_doc(const sr_input_doc *d0, void *ud) {
  pg_run *r = ud;
  char idbuf[ID_MAX];
  sr_input_doc d = *d0;
  d.id = cli_ingest_doc_id(d0, d0->file ? r->path : NULL, idbuf, sizeof idbuf);
  sr_buf_clear(&r->line);
  if (sr_doc_to_jsonl(&d, &r->line) < 0) {
    r->problems++;
    cli_errorf("%s:%ld: document %.200s is too large", cli_path_name(r->path), d.line, d.id);
    return 0;
  }
  char name[64];
  snprintf(name, sizeof name, "document %ld", d.line);
  cli_docs_item *it = &r->items[r->n];
  if (cli_docs_prepare(&r->d, r->ctx, it, name, r->line.data, r->line.len) < 0) {
    cli_errorf("%s", r->d.err.msg);
    r->fatal = 1;
    return 1;
  }
  r->n++; /* a bad one is reported by flush */
  return r->n == BATCH && flush(r) < 0;
}

static int parse(int argc, char **argv, const char **dsn, const char **glob, sr_read_opts *ropts,
                 sr_ctx_opts *copts, const char **files, int *nfiles, int *quiet) {
  int only = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (only || a[0] != '-' || !strcmp(a, "-"))
      files[(*nfiles)++] = a;
    else if (!strcmp(a, "--"))
      only = 1;
    else if ((m = cli_opt_value(argc, argv, &i, "--pg", &v)) != 0) {
      if (m < 0) return -1;
      *dsn = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--glob", &v)) != 0) {
      if (m < 0) return -1;
      *glob = v;
    } else if ((m = cli_read_option(argc, argv, &i, "ingest", ropts)) != 0) {
      if (m < 0) return -1;
    } else if ((m = cli_ctx_option(argc, argv, &i, "ingest", copts, 1)) != 0) {
      if (m < 0) return -1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      *quiet = 1;
    } else {
      cli_errorf(
          "'%s' does not go with --pg; --pg takes --date, --format, --glob, --quiet and the images",
          a);
      return -1;
    }
  }
  if (*nfiles == 0) files[(*nfiles)++] = "-";
  return 0;
}

static void read_all(pg_run *r, const cli_inputs *in, const sr_read_opts *ropts) {
  for (size_t f = 0; f < in->n && !r->fatal; f++) {
    r->path = in->v[f].path;
    size_t before = r->problems;
    int rc = sr_read_file(r->path, ropts, on_doc, on_err, r, NULL);
    if (rc < 0 && r->problems == before && !r->fatal) {
      sr_error e2;
      sr_error_clear(&e2);
      sr_error_set(&e2, rc, "cannot read input (%s)", sr_strerror(rc));
      on_err(&e2, r);
    }
  }
  if (!r->fatal) flush(r);
}

static void merge_all(pg_run *r) {
  for (;;) {
    sr_error err;
    sr_error_clear(&err);
    long n = 0;
    if (sr_pg_merge(r->d.pg, 0, 1, &n, NULL, &err) < 0) {
      cli_errorf("merge: %s (the documents are in the log; a worker merges them)", err.msg);
      r->fatal = 1;
      return;
    }
    if (n <= 0) return;
  }
}

int cli_ingest_pg(int argc, char **argv) {
  const char *dsn = NULL, *glob = NULL;
  sr_read_opts ropts = {0};
  sr_ctx_opts copts = {0};
  cli_inputs in = {0};
  int nfiles = 0, quiet = 0, status = CLI_USAGE;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  pg_run *r = calloc(1, sizeof *r);
  if (!files || !r || parse(argc, argv, &dsn, &glob, &ropts, &copts, files, &nfiles, &quiet) < 0)
    goto out;
  for (int f = 0; f < nfiles; f++)
    if (cli_inputs_add(&in, files[f], glob) < 0) goto out;
  cli_inputs_dedup(&in);
  sr_error err;
  sr_error_clear(&err);
  sr_pg_opts po = {.create = 1, .wait_s = 5, .quiet = quiet};
  if (sr_pg_open(&r->d.pg, dsn, &po, &err) < 0) {
    cli_errorf("%s", err.msg);
    goto out;
  }
  if (sr_ctx_open(&r->ctx, &copts, &err) < 0 || !r->ctx) {
    cli_report(&err, NULL, 0);
    goto out;
  }
  r->d.lock_fd = -1;
  r->problems = in.problems;
  sr_buf_init(&r->line, (size_t)64 << 20);
  read_all(r, &in, &ropts);
  if (!r->fatal) merge_all(r);
  if (!quiet)
    cli_errorf("%zu new, %zu unchanged, %zu replaced, %zu events, %zu failed (%s)", r->d.added,
               r->d.same, r->d.replaced, r->d.events, r->d.bad + r->problems, sr_pg_name(r->d.pg));
  status = r->fatal ? CLI_USAGE : (r->d.bad || r->problems) ? CLI_PARTIAL : CLI_OK;
out:
  if (r) {
    for (int i = 0; i < BATCH; i++) cli_docs_item_free(&r->items[i]);
    sr_buf_free(&r->line);
    sr_pg_close(r->d.pg);
    sr_ctx_free(r->ctx);
  }
  free(r);
  free(files);
  cli_inputs_free(&in);
  return status;
}
