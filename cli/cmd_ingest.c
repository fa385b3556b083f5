/* cli/cmd_ingest.c - `sitrep ingest`: code documents and keep them in a store.
 *
 * Each document is looked up first (sr_store_has): an unchanged one is not
 * coded again. The rest are coded and added (sr_store_add), many per
 * transaction (--batch). A kill at any moment loses at most the open batch;
 * running the same command again completes the store. Inputs are listed and checked
 * first (cli_inputs.c): when none can be read no store is created. Documents without an
 * id of their own (plain text and HTML files, JSONL lines without "id") are named by
 * their normalised path and also recognised by their content, so the same file under
 * another path is not stored twice. The summary counts what was committed. On a terminal a
 * progress line is redrawn at most 4 times a second on stderr; in a pipe
 * nothing is printed but problems and the final summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_inputs.h"
#include "cli_par.h"
#include "cmd.h"
#include "sitrep/store.h"
#include "sitrep/io.h"
#include "sitrep/sitrep.h"

#define DEFAULT_BATCH 500
#define MAX_BATCH 1000000
#define PROGRESS_NS 250000000LL /* redraw the progress line at most every 0.25 s */
#define ID_MAX 4200             /* a document id made of a path (PATH_MAX) and a line number */

static const char ingest_usage[] =
    "usage: sitrep ingest --db FILE [OPTIONS] [INPUT...]\n"
    "\n"
    "Code the documents of each INPUT (a file, a directory, or '-' = standard input;\n"
    "standard input when none) and store them, their events and the merged\n"
    "real-world events in the store FILE (created when missing, and only when some\n"
    "input can be read). A directory stands for the files below it, walked in\n"
    "sorted order (hidden entries skipped, symlink loops not followed). A document\n"
    "already stored with the same text is skipped without coding; a changed one\n"
    "replaces its events; a near-duplicate of a stored one (a syndicated copy) is\n"
    "linked to it.\n"
    "\n"
    "Options:\n"
    "  --db FILE           the store (SQLite); required, unless --pg or --nats\n"
    "  --pg DSN            store into the PostgreSQL store instead (coded here, appended to\n"
    "                      its document log, then merged; takes --date, --format, --glob,\n"
    "                      --quiet and the images)\n"
    "  --date YYYY-MM-DD   report date for documents that carry none\n"
    "  --format FMT        auto (default), txt, html, jsonl, rss\n"
    "  --lexicon PATH      lexicon image (default search as in 'sitrep code')\n"
    "  --gazetteer PATH    gazetteer image\n"
    "  --no-gazetteer      run without a gazetteer\n"
    "  --glob PATTERN      files taken from directories: base names matching PATTERN\n"
    "                      (fnmatch, e.g. '*.html'; default: .txt .text .html .htm\n"
    "                      .xhtml .jsonl .ndjson .json .xml .rss .atom and names\n"
    "                      without an extension)\n"
    "  --batch N           documents per transaction (default 500)\n"
    "  --jobs N            code on N threads while one thread stores, in input\n"
    "                      order (default: the cores available); the store is\n"
    "                      the same whatever N\n"
    "  --quiet             no warnings and no summary line\n"
    "  --nats URL          queue the documents at URL (NATS JetStream) for 'sitrep\n"
    "                      worker' instead of storing them (no --db then)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Document ids: JSONL \"id\" (else FILE:LINE), RSS guid/link, the path for\n"
    "plain text and HTML files (\"./a//b.txt\" is \"a/b.txt\"). A document without\n"
    "an id of its own is also recognised by its text: the same file under another\n"
    "path is not stored again.\n"
    "\n"
    "The summary on stderr counts what was committed; a batch rolled back (disk\n"
    "full, store locked) is counted as not stored.\n"
    "\n"
    "Exit status: 0 every document stored; 1 some input or document failed or was\n"
    "rolled back (reported on stderr as FILE:LINE: message, the rest was stored;\n"
    "when no input could be read, no store is created); 2 usage error, or the\n"
    "store, lexicon or gazetteer could not be opened.\n";

/* What one batch did; added to the totals only when the batch commits. */
typedef struct ingest_counts {
  size_t docs, added, same, replaced, dups, events;
} ingest_counts;

typedef struct ingest_run {
  sr_store *st;
  sr_doc *doc;
  const char *path; /* current input (normalised) */
  int quiet, progress, batch, fatal, jobs;
  cli_par *par;     /* --jobs > 1: documents coded on workers, stored here in input order */
  size_t in_batch;
  ingest_counts total, open; /* committed; in the open batch */
  size_t failed, problems, lost; /* lost: documents of a batch rolled back */
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
  size_t docs = r->total.docs + r->open.docs;
  fprintf(stderr, "\r\033[K%zu documents, %.0f/s, %zu events, %zu errors", docs,
          secs > 0 ? (double)docs / secs : 0.0, r->total.events + r->open.events, r->failed + r->problems);
  if (final) fputs("\r\033[K", stderr);
  fflush(stderr);
}

static void clear_progress(const ingest_run *r) {
  if (r->progress) fputs("\r\033[K", stderr);
}

static void on_err(const sr_error *err, void *payload) {
  ingest_run *r = payload;
  r->problems++;
  if (r->par) { /* printed in input order */
    cli_par_report(r->par, err, r->path);
    return;
  }
  clear_progress(r);
  cli_report(err, r->path, 0);
}

static const char *base_name(const char *p) {
  const char *b = strrchr(p, '/');
  return b ? b + 1 : p;
}

/* The open batch is committed: its counts join the totals. */
static void batch_done(ingest_run *r) {
  ingest_counts *t = &r->total, *o = &r->open;
  t->docs += o->docs, t->added += o->added, t->same += o->same, t->replaced += o->replaced;
  t->dups += o->dups, t->events += o->events;
  memset(o, 0, sizeof *o);
  r->in_batch = 0;
}

/* Commit the open batch and start the next one. */
static int next_batch(ingest_run *r) {
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_commit(r->st, &err) < 0) {
    clear_progress(r);
    cli_report(&err, r->path, 0);
    r->fatal = 1;
    return -1;
  }
  batch_done(r);
  if (sr_store_begin(r->st, &err) < 0) {
    cli_report(&err, r->path, 0);
    r->fatal = 1;
    return -1;
  }
  return 0;
}

/* The id of a document: its own (JSONL "id", RSS guid), else one made by the reader
 * from the file's base name ("a.txt", "a.jsonl:3", "a.rss#2"), which becomes the
 * normalised path the file was reached by ("dir/a.txt", "dir/a.jsonl:3"). *derived says
 * which. */
static const char *doc_id(const sr_input_doc *doc, const char *file, char *buf, size_t cap, int *derived) {
  const char *id = doc->id;
  *derived = 0;
  if (!file || strcmp(file, "-") == 0) {
    if (!id) *derived = 1;
    return id ? id : cli_path_name(file);
  }
  const char *base = base_name(file);
  size_t lb = strlen(base);
  if (!id || strcmp(id, base) == 0) {
    *derived = 1;
    return file;
  }
  if (strncmp(id, base, lb) == 0 && (id[lb] == ':' || id[lb] == '#') && id[lb + 1] &&
      strspn(id + lb + 1, "0123456789") == strlen(id + lb + 1)) {
    *derived = 1;
    snprintf(buf, cap, "%s%s", file, id + lb);
    return buf;
  }
  return id;
}

/* Code d and store it (coded: d holds the document coded already, with status crc and
 * error cerr); counts go to the open batch. Returns 1 to stop (fatal). */
static int store_doc(ingest_run *r, sr_doc *d, const sr_input_doc *doc, const char *id, const char *file,
                     int coded, int crc, const sr_error *cerr) {
  sr_error err;
  sr_error_clear(&err);
  size_t nev = 0;
  sr_event *evs = NULL;
  int rc = 0;
  if (doc->len > 0) {
    if (coded) {
      rc = crc;
      if (rc) err = *cerr;
    } else {
      rc = sr_doc_code(d, id, doc->date, doc->text, doc->len, &err);
    }
    if (rc == 0) {
      nev = sr_doc_nevents(d);
      evs = nev ? malloc(nev * sizeof *evs) : NULL;
      if (nev && !evs) rc = sr_error_set(&err, SR_ENOMEM, "out of memory");
      else
        for (size_t i = 0; i < nev; i++) evs[i] = *sr_doc_event(d, i);
    }
  }
  sr_doc_meta m = {id, doc->url, doc->source, doc->title, doc->date};
  sr_add_result res = SR_ADD_NEW;
  if (rc == 0) rc = sr_store_add(r->st, &m, doc->text, doc->len, evs, nev, &res, &err);
  free(evs);
  if (rc < 0) {
    r->failed++;
    clear_progress(r);
    cli_report(&err, file, doc->line);
    if (rc == SR_EIO) { /* disk full, store locked ...: stop rather than fail every document */
      r->fatal = 1;
      return 1;
    }
    return 0;
  }
  r->open.docs++;
  switch (res) {
  case SR_ADD_SAME: r->open.same++; break;
  case SR_ADD_REPLACED: r->open.replaced++; break;
  case SR_ADD_DUPLICATE: r->open.dups++; break;
  default: r->open.added++; break;
  }
  if (res != SR_ADD_SAME) r->open.events += nev;
  return 0;
}

/* Store one document (coded by d already when coded) unless it is stored; the same for
 * every --jobs. Returns 1 to stop. */
static int take_doc(ingest_run *r, sr_doc *d, const sr_input_doc *doc, const char *id, int derived,
                    const char *file, int coded, int crc, const sr_error *cerr) {
  sr_error err;
  sr_error_clear(&err);
  if (doc->repaired && !r->quiet) {
    clear_progress(r);
    cli_errorf("%s:%ld: warning: %zu invalid UTF-8 sequence%s replaced by U+FFFD", cli_path_name(file),
               doc->line, doc->repaired, doc->repaired == 1 ? "" : "s");
  }
  int has = sr_store_has(r->st, id, doc->text, doc->len, &err);
  /* no id of its own: the same text stored under another path is this document */
  if (has == 0 && derived) has = sr_store_has_text(r->st, doc->text, doc->len, NULL, 0, &err);
  if (has < 0) {
    r->failed++;
    clear_progress(r);
    cli_report(&err, file, doc->line);
    return 0;
  }
  if (has == 1) {
    r->open.docs++;
    r->open.same++;
  } else if (store_doc(r, d, doc, id, file, coded, crc, cerr)) {
    return 1;
  }
  if (++r->in_batch >= (size_t)r->batch && next_batch(r) < 0) return 1;
  if (r->progress) draw_progress(r, 0);
  return 0;
}

static int on_doc(const sr_input_doc *doc, void *payload) {
  ingest_run *r = payload;
  const char *file = doc->file ? r->path : NULL;
  char idbuf[ID_MAX];
  int derived;
  const char *id = doc_id(doc, file, idbuf, sizeof idbuf, &derived);
  if (!r->par) return take_doc(r, r->doc, doc, id, derived, file, 0, 0, NULL);
  /* --jobs > 1: a document stored already is not coded (a hint: the writer looks again) */
  sr_error err;
  sr_error_clear(&err);
  int has = sr_store_has(r->st, id, doc->text, doc->len, &err);
  if (has == 0 && derived) has = sr_store_has_text(r->st, doc->text, doc->len, NULL, 0, &err);
  sr_input_doc c = *doc;
  c.file = file;
  return cli_par_submit(r->par, &c, id, has == 1, derived);
}

/* --jobs > 1, on a worker: code the document (unless it looked stored). */
static void par_work(cli_job *j, void *arg) {
  (void)arg;
  if (j->kind != 0 || j->skip || j->in.len == 0) return;
  j->rc = sr_doc_code(j->doc, j->id, j->in.date, j->in.text, j->in.len, &j->err);
}

/* --jobs > 1, in input order: store it (coding it here if the worker left it). */
static int par_done(cli_job *j, void *arg) {
  ingest_run *r = arg;
  if (j->msg.len) {
    clear_progress(r);
    cli_par_put_msg(j);
  }
  if (j->kind != 0) return 0;
  return take_doc(r, j->doc, &j->in, j->id, j->tag, j->in.file, !j->skip, j->rc, &j->err);
}

/* The options; 0, -1 when --help was printed, or CLI_USAGE after a message. */
static int parse_args(int argc, char **argv, sr_ctx_opts *copts, sr_read_opts *ropts, ingest_run *r,
                      const char **db, const char **glob, const char **files, int *nfiles) {
  int only_files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      files[(*nfiles)++] = a;
    } else if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (cli_is_help(a)) {
      fputs(ingest_usage, stdout);
      return -1;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      *db = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--glob", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      if (!*v) {
        cli_errorf("--glob wants a pattern such as '*.html'");
        return CLI_USAGE;
      }
      *glob = v;
    } else if ((m = cli_read_option(argc, argv, &i, "ingest", ropts)) != 0 ||
               (m = cli_ctx_option(argc, argv, &i, "ingest", copts, 1)) != 0) {
      if (m < 0) return CLI_USAGE;
    } else if ((m = cli_opt_value(argc, argv, &i, "--batch", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      char *end;
      long n = strtol(v, &end, 10);
      if (!*v || *end || n < 1 || n > MAX_BATCH) {
        cli_errorf("--batch wants a number from 1 to %d, got '%s'", MAX_BATCH, v);
        return CLI_USAGE;
      }
      r->batch = (int)n;
    } else if ((m = cli_opt_value(argc, argv, &i, "--jobs", &v)) != 0) {
      if (m < 0 || !(r->jobs = cli_jobs_value(v))) return CLI_USAGE;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      r->quiet = 1;
    } else {
      return cli_unknown_option(a, ingest_usage);
    }
  }
  if (!*db) {
    cli_errorf("--db FILE is required; see 'sitrep ingest --help'");
    return CLI_USAGE;
  }
  return 0;
}

/* Every input listed and checked before anything is opened. CLI_OK when there is
 * something to read, else the exit status (a message printed). */
static int list_inputs(cli_inputs *in, const char **files, int nfiles, const char *glob) {
  if (nfiles == 0) files[nfiles++] = "-";
  for (int f = 0; f < nfiles; f++)
    if (cli_inputs_add(in, files[f], glob) < 0) return CLI_USAGE;
  cli_inputs_dedup(in);
  if (in->n > 0) return CLI_OK;
  if (in->problems)
    cli_errorf("no input could be read; nothing stored (no store created)");
  else
    cli_errorf("no input files found%s%s%s; nothing stored", glob ? " matching --glob '" : "", glob ? glob : "",
               glob ? "'" : "");
  return CLI_PARTIAL;
}

/* Read every input into the store (one transaction per batch). */
static void run_inputs(ingest_run *r, const cli_inputs *in, const sr_read_opts *ropts, const char *db) {
  for (size_t f = 0; f < in->n && !r->fatal; f++) {
    sr_read_stats rs = {0};
    size_t before = r->problems;
    r->path = in->v[f].path;
    int rc = sr_read_file(in->v[f].path, ropts, on_doc, on_err, r, &rs);
    if (rc < 0 && r->problems == before) {
      sr_error e2;
      sr_error_clear(&e2);
      sr_error_set(&e2, rc, "cannot read input (%s)", sr_strerror(rc));
      on_err(&e2, r);
    }
    if (r->par && cli_par_stopped(r->par)) break;
  }
  if (r->par) cli_par_finish(r->par); /* the documents still in flight are stored */
  sr_error err;
  sr_error_clear(&err);
  if (!r->fatal && sr_store_commit(r->st, &err) < 0) {
    clear_progress(r);
    cli_report(&err, db, 0);
    r->fatal = 1;
  }
  if (r->fatal) {
    sr_store_rollback(r->st);
    r->lost = r->open.docs;
    if (r->lost) {
      clear_progress(r);
      cli_errorf("the last batch was rolled back: %zu document%s not stored (run the same command again "
                 "to store them)", r->lost, r->lost == 1 ? "" : "s");
    }
    memset(&r->open, 0, sizeof r->open);
  } else {
    batch_done(r);
  }
}

int cmd_ingest(int argc, char **argv) {
  /* issue 14 hook: --nats URL queues the documents instead (cli/cmd_ingest_nats.c) */
  if (cli_ingest_nats_wanted(argc, argv)) return cli_ingest_nats(argc, argv);
  /* issue 14 hook: --pg DSN stores into the PostgreSQL store (cli/cmd_ingest_pg.c) */
  if (cli_ingest_pg_wanted(argc, argv)) return cli_ingest_pg(argc, argv);
  sr_ctx_opts copts = {0};
  sr_read_opts ropts = {0};
  ingest_run r = {0};
  const char *db = NULL, *glob = NULL;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0;
  r.batch = DEFAULT_BATCH;
  if (!files) {
    cli_errorf("out of memory");
    return CLI_USAGE;
  }
  int status = parse_args(argc, argv, &copts, &ropts, &r, &db, &glob, files, &nfiles);
  cli_inputs in = {0};
  if (status == 0) status = list_inputs(&in, files, nfiles, glob);
  free(files);
  if (status != CLI_OK) {
    cli_inputs_free(&in);
    return status < 0 ? CLI_OK : status;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_ctx *ctx = NULL;
  if (sr_ctx_open(&ctx, &copts, &err) < 0 || !ctx) {
    cli_report(&err, NULL, 0);
    if (ctx) sr_ctx_free(ctx);
    cli_inputs_free(&in);
    return CLI_USAGE;
  }
  if (cli_store_open(&r.st, db, SR_STORE_CREATE)) {
    sr_ctx_free(ctx);
    cli_inputs_free(&in);
    return CLI_USAGE;
  }
  r.doc = sr_doc_new(ctx);
  if (!r.doc || sr_store_index_content(r.st, &err) < 0 || sr_store_begin(r.st, &err) < 0) {
    cli_errorf("%s", r.doc ? err.msg : "out of memory");
    sr_doc_free(r.doc);
    sr_store_close(r.st);
    sr_ctx_free(ctx);
    cli_inputs_free(&in);
    return CLI_USAGE;
  }
  if (r.jobs == 0) r.jobs = cli_cores();
  if (r.jobs > 1 && !(r.par = cli_par_new(ctx, r.jobs, 0, 1, par_work, par_done, &r))) {
    sr_doc_free(r.doc);
    sr_store_close(r.st);
    sr_ctx_free(ctx);
    cli_inputs_free(&in);
    return CLI_USAGE;
  }
  r.progress = !r.quiet && isatty(STDERR_FILENO);
  r.t0 = now_ns();
  r.problems = in.problems;
  run_inputs(&r, &in, &ropts, db);
  if (r.progress) draw_progress(&r, 1);
  const ingest_counts *t = &r.total;
  if (!r.quiet)
    cli_errorf("ingested %zu new, %zu unchanged, %zu replaced, %zu near-duplicates, %zu events, "
               "%zu failed, %zu rolled back (not stored)", t->added, t->same, t->replaced, t->dups, t->events,
               r.failed + r.problems, r.lost);
  status = (r.failed || r.problems || r.fatal) ? CLI_PARTIAL : CLI_OK;
  cli_par_free(r.par);
  sr_doc_free(r.doc);
  sr_store_close(r.st);
  sr_ctx_free(ctx);
  cli_inputs_free(&in);
  return status;
}
