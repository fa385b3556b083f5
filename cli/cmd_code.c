/* cli/cmd_code.c - `sitrep code`: read documents, code them, write events.
 *
 * Output goes through one large buffer written with fwrite in big chunks
 * (this is the throughput path). Problems with one file, line or document
 * are reported on stderr as "sitrep: FILE:LINE: message" and the batch goes
 * on; the exit status then is 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_par.h"
#include "cmd.h"
#include "sitrep/io.h"
#include "sitrep/sitrep.h"

#define OUT_FLUSH ((size_t)1 << 20)         /* write out when the buffer holds 1 MiB */
#define OUT_MAX ((size_t)256 * 1024 * 1024) /* cap on one buffered chunk (one huge event) */
#define EVIDENCE_MAX 200                    /* bytes of evidence shown by --pretty */

static const char code_usage[] =
    "usage: sitrep code [OPTIONS] [FILE...]\n"
    "\n"
    "Code each document of each FILE (standard input when none, '-' = standard\n"
    "input) and write one JSON object per event to standard output.\n"
    "\n"
    "Options:\n"
    "  --date YYYY-MM-DD   report date for documents that carry none\n"
    "  --format FMT        input format: auto (default: by extension, else by\n"
    "                      content), txt, html, jsonl, rss (RSS 2.0 / Atom)\n"
    "  --lexicon PATH      lexicon image (default: $SITREP_LEXICON, next to the\n"
    "                      executable, $SITREP_HOME, ~/.cache/sitrep)\n"
    "  --gazetteer PATH    gazetteer image (same search, gazetteer.img)\n"
    "  --no-gazetteer      run without a gazetteer (places from the lexicon only)\n"
    "  --pretty            human-readable summary instead of JSON lines\n"
    "  --explain           print the rule trace ('why') of each event on stderr\n"
    "  --quiet             no warnings (repaired UTF-8, empty inputs) on stderr;\n"
    "                      errors are still reported\n"
    "  --jobs N            code N documents at a time on N threads (default: the\n"
    "                      cores available); the output is the same, in input order\n"
    "  -h, --help          show this help\n"
    "\n"
    "JSONL input: one object per line with \"text\" and optional \"id\", \"date\",\n"
    "\"title\", \"url\", \"source\".\n"
    "\n"
    "Exit status: 0 every input coded; 1 some file, line or document failed\n"
    "(reported on stderr, the others were coded); 2 usage error or the lexicon /\n"
    "gazetteer could not be opened.\n";

typedef struct code_run {
  sr_doc *doc;
  sr_buf out;
  int explain, quiet, pretty, jobs;
  const char *path; /* current input path */
  size_t docs, events, failed, problems;
  int write_failed;
  cli_par *par;     /* --jobs > 1: the pipeline */
} code_run;

/* What coding one document added up to. */
typedef struct doc_counts {
  size_t docs, events, failed;
} doc_counts;

static int flush_out(code_run *r) {
  if (r->write_failed) return -1;
  if (r->out.len && fwrite(r->out.data, 1, r->out.len, stdout) != r->out.len) {
    cli_errorf("write error on standard output");
    r->write_failed = 1;
    return -1;
  }
  sr_buf_clear(&r->out);
  return 0;
}

static const char *str_or(const char *s, const char *dflt) {
  return (s && *s) ? s : dflt;
}

/* Human-readable line(s) for one event (--pretty). */
static void pretty_event(sr_buf *b, const sr_event *e) {
  sr_buf_printf(b, "  s%-3u %-10s %-4s %-10s -> %-10s", e->sent, str_or(e->plover, "?"), e->cameo,
                e->has_source ? str_or(e->source.id, "?") : "-",
                e->has_target ? str_or(e->target.id, "?") : "-");
  if (e->has_location) {
    const sr_location *l = &e->location;
    sr_buf_printf(b, "  @ %s", str_or(l->name, "?"));
    if (l->admin1 && *l->admin1) sr_buf_printf(b, ", %s", l->admin1);
    sr_buf_printf(b, " (%s %.3f,%.3f %s", l->country[0] ? l->country : "--", l->lat, l->lon,
                  str_or(l->precision, "?"));
    if (l->bearing >= 0 && l->km_offset > 0) sr_buf_printf(b, ", %.0f km at %.0f deg", l->km_offset, l->bearing);
    sr_buf_printf(b, ")");
  }
  sr_buf_printf(b, "  conf %.2f\n", (double)e->confidence);
  if (e->acled && *e->acled)
    sr_buf_printf(b, "        ACLED: %s / %s\n", e->acled, str_or(e->acled_sub, "-"));
  if (e->text && e->text_len) {
    size_t n = e->text_len;
    int cut = 0;
    if (n > EVIDENCE_MAX) {
      n = EVIDENCE_MAX;
      while (n > 0 && ((unsigned char)e->text[e->text_off + n] & 0xC0) == 0x80) n--;
      cut = 1;
    }
    sr_buf_printf(b, "        \"%.*s%s\"\n", (int)n, e->text + e->text_off, cut ? "..." : "");
  }
}

static void on_err(const sr_error *err, void *payload) {
  code_run *r = payload;
  r->problems++;
  if (r->par) cli_par_report(r->par, err, r->path); /* printed in input order */
  else cli_report(err, r->path, 0);
}

/* Code one document with d and write its events to out (messages by cli_errorf, which a
 * worker captures); the same for every --jobs. flush (may be NULL) empties out when it
 * fills; 1 from it stops. Returns 1 to stop. */
static int code_doc(const code_run *r, sr_doc *d, const sr_input_doc *doc, const char *path, sr_buf *out,
                    doc_counts *c, int (*flush)(code_run *), code_run *fr) {
  const char *file = doc->file ? doc->file : path;
  const char *id = doc->id ? doc->id : cli_path_name(file);
  long line = doc->line;
  sr_error err;
  sr_error_clear(&err);

  if (doc->repaired && !r->quiet)
    cli_errorf("%s:%ld: warning: %zu invalid UTF-8 sequence%s replaced by U+FFFD", cli_path_name(file), line,
               doc->repaired, doc->repaired == 1 ? "" : "s");
  if (!doc->text || doc->len == 0) {
    if (!r->quiet)
      cli_errorf("%s:%ld: warning: document '%s' has no text", cli_path_name(file), line, id);
    c->docs++;
    return 0;
  }
  if (sr_doc_code(d, id, doc->date, doc->text, doc->len, &err) < 0) {
    c->failed++;
    cli_report(&err, file, line);
    return 0;
  }
  c->docs++;

  size_t n = sr_doc_nevents(d);
  if (r->pretty)
    sr_buf_printf(out, "%s%s%s: %zu event%s\n", id, doc->date ? " " : "", doc->date ? doc->date : "", n,
                  n == 1 ? "" : "s");
  for (size_t i = 0; i < n; i++) {
    const sr_event *e = sr_doc_event(d, i);
    if (!e) continue;
    if (r->pretty) {
      pretty_event(out, e);
    } else if (sr_event_write_json(e, id, out) < 0) {
      /* one event too large for the buffer: write what we have and retry once */
      if (flush && flush(fr) < 0) return 1;
      if (sr_event_write_json(e, id, out) < 0) {
        c->failed++;
        cli_errorf("%s:%ld: cannot write event %zu of document '%s'", cli_path_name(file), line, i + 1, id);
        continue;
      }
    }
    c->events++;
    if (r->explain)
      cli_errorf("%s:%ld: %s s%u %s: %s", cli_path_name(file), line, id, e->sent, e->cameo,
                 str_or(e->why, "(no trace)"));
    if (flush && out->len >= OUT_FLUSH && flush(fr) < 0) return 1;
  }
  if (flush && out->len >= OUT_FLUSH && flush(fr) < 0) return 1;
  return 0;
}

static void add_counts(code_run *r, const doc_counts *c) {
  r->docs += c->docs, r->events += c->events, r->failed += c->failed;
}

static int on_doc(const sr_input_doc *doc, void *payload) {
  code_run *r = payload;
  if (r->par) return cli_par_submit(r->par, doc, r->path, 0, 0);
  doc_counts c = {0};
  int stop = code_doc(r, r->doc, doc, r->path, &r->out, &c, flush_out, r);
  add_counts(r, &c);
  return stop;
}

/* --jobs > 1, on a worker: code the job's document into its own buffer. job->id is the
 * input path it came from. */
static void par_work(cli_job *j, void *arg) {
  const code_run *r = arg;
  if (j->kind != 0) return;
  doc_counts c = {0};
  code_doc(r, j->doc, &j->in, j->id, &j->out, &c, NULL, NULL);
  j->events = c.events;
  j->rc = (int)c.failed;
  j->skip = (int)c.docs; /* reused: documents counted */
}

/* --jobs > 1, in input order: print the job's messages and write its output. */
static int par_done(cli_job *j, void *arg) {
  code_run *r = arg;
  cli_par_put_msg(j);
  if (j->kind != 0) return 0;
  doc_counts c = {(size_t)j->skip, j->events, (size_t)j->rc};
  add_counts(r, &c);
  if (j->out.len && r->out.len + j->out.len > OUT_FLUSH && flush_out(r) < 0) return 1;
  if (j->out.len && sr_buf_append(&r->out, j->out.data, j->out.len) < 0) {
    if (flush_out(r) < 0) return 1;
    if (fwrite(j->out.data, 1, j->out.len, stdout) != j->out.len) {
      cli_errorf("write error on standard output");
      r->write_failed = 1;
      return 1;
    }
  }
  return 0;
}

int cmd_code(int argc, char **argv) {
  sr_ctx_opts copts = {0};
  sr_read_opts ropts = {0};
  code_run r = {0};
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0, only_files = 0;
  if (!files) {
    cli_errorf("out of memory");
    return CLI_USAGE;
  }

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      files[nfiles++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else if (cli_is_help(a)) {
      fputs(code_usage, stdout);
      free(files);
      return CLI_OK;
    } else if ((m = cli_read_option(argc, argv, &i, "code", &ropts)) != 0 ||
               (m = cli_ctx_option(argc, argv, &i, "code", &copts, 1)) != 0) {
      if (m < 0) goto usage;
    } else if (strcmp(a, "--explain") == 0) {
      r.explain = 1;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      r.quiet = 1;
    } else if (strcmp(a, "--pretty") == 0) {
      r.pretty = 1;
    } else if ((m = cli_opt_value(argc, argv, &i, "--jobs", &v)) != 0) {
      if (m < 0 || !(r.jobs = cli_jobs_value(v))) goto usage;
    } else {
      free(files);
      return cli_unknown_option(a, code_usage);
    }
  }
  if (nfiles == 0) files[nfiles++] = "-";
  if (r.jobs == 0) r.jobs = cli_cores();

  sr_ctx *ctx = NULL;
  sr_error err;
  sr_error_clear(&err);
  if (sr_ctx_open(&ctx, &copts, &err) < 0 || !ctx) {
    cli_report(&err, NULL, 0);
    if (err.code == SR_ENOTFOUND)
      cli_errorf("build the images with 'make' and 'make gazetteer', or run with --no-gazetteer");
    if (ctx) sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }
  if (r.explain) sr_ctx_set_explain(ctx, 1);
  r.doc = sr_doc_new(ctx);
  if (!r.doc) {
    cli_errorf("out of memory");
    sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }
  sr_buf_init(&r.out, OUT_MAX);
  if (r.jobs > 1 && !(r.par = cli_par_new(ctx, r.jobs, OUT_MAX, 0, par_work, par_done, &r))) {
    sr_buf_free(&r.out);
    sr_doc_free(r.doc);
    sr_ctx_free(ctx);
    free(files);
    return CLI_USAGE;
  }

  for (int f = 0; f < nfiles && !r.write_failed; f++) {
    sr_read_stats st = {0};
    size_t before = r.problems;
    r.path = files[f];
    int rc = sr_read_file(files[f], &ropts, on_doc, on_err, &r, &st);
    if (rc < 0 && r.problems == before) { /* refused but not reported by the reader */
      sr_error e2;
      sr_error_clear(&e2);
      sr_error_set(&e2, rc, "cannot read input (%s)", sr_strerror(rc));
      on_err(&e2, &r);
    }
    if (rc == 0 && st.docs == 0 && st.errors == 0 && !r.quiet && strcmp(files[f], "-") != 0) {
      if (r.par) {
        sr_error e2;
        sr_error_clear(&e2);
        sr_error_set(&e2, SR_EINPUT, "warning: no documents (empty input)");
        cli_par_report(r.par, &e2, files[f]);
      } else {
        cli_errorf("%s: warning: no documents (empty input)", files[f]);
      }
    }
  }
  if (r.par) {
    cli_par_finish(r.par);
    cli_par_free(r.par);
    r.par = NULL;
  }
  if (r.pretty && !r.write_failed)
    sr_buf_printf(&r.out, "%zu document%s, %zu event%s\n", r.docs, r.docs == 1 ? "" : "s", r.events,
                  r.events == 1 ? "" : "s");
  flush_out(&r);
  if (!r.write_failed && fflush(stdout) != 0) {
    cli_errorf("write error on standard output");
    r.write_failed = 1;
  }

  size_t bad = r.failed + r.problems;
  if (bad && !r.quiet)
    cli_errorf("%zu document%s coded, %zu problem%s (see above)", r.docs, r.docs == 1 ? "" : "s", bad,
               bad == 1 ? "" : "s");
  sr_buf_free(&r.out);
  sr_doc_free(r.doc);
  sr_ctx_free(ctx);
  free(files);
  return (bad || r.write_failed) ? CLI_PARTIAL : CLI_OK;

usage:
  free(files);
  return CLI_USAGE;
}
