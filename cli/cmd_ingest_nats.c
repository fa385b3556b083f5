/* cli/cmd_ingest_nats.c - `sitrep ingest --nats URL`: the documents of the inputs are
 * published to the queue (NATS JetStream) instead of being coded here; `sitrep worker`
 * codes and stores them. Each document is one message with a message id made of its id
 * and text, so running the same command twice within the stream's duplicate window
 * queues nothing twice (and a worker stores an unchanged document as a no-op anyway).
 * The ids are the ones `sitrep ingest --db` gives (own id, else the normalised path).
 * Issue 14; reached from a two-line hook at the top of cmd_ingest (cli/cmd_ingest.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_inputs.h"
#include "cmd.h"
#include "sitrep/feed.h"
#include "sitrep/io.h"
#include "sitrep/queue.h"

#define ID_MAX 4200

typedef struct pub_run {
  sr_queue *q;
  const char *path;
  sr_buf line;
  size_t published, dups, failed, problems;
  int fatal, quiet;
} pub_run;

int cli_ingest_nats_wanted(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--") || cli_is_help(argv[i])) return 0; /* --help: ingest's own */
    if (!strcmp(argv[i], "--nats") || !strncmp(argv[i], "--nats=", 7)) return 1;
  }
  return 0;
}

static const char *base_name(const char *p) {
  const char *b = strrchr(p, '/');
  return b ? b + 1 : p;
}

/* the id `sitrep ingest` gives (see doc_id in cmd_ingest.c); also used by --pg */
const char *cli_ingest_doc_id(const sr_input_doc *doc, const char *file, char *buf, size_t cap) {
  const char *id = doc->id;
  if (!file || !strcmp(file, "-")) return id ? id : "<stdin>";
  const char *base = base_name(file);
  size_t lb = strlen(base);
  if (!id || !strcmp(id, base)) return file;
  if (!strncmp(id, base, lb) && (id[lb] == ':' || id[lb] == '#') && id[lb + 1] &&
      strspn(id + lb + 1, "0123456789") == strlen(id + lb + 1)) {
    snprintf(buf, cap, "%s%s", file, id + lb);
    return buf;
  }
  return id;
}

static void on_err(const sr_error *err, void *ud) {
  pub_run *r = ud;
  r->problems++;
  cli_report(err, r->path, 0);
}

static int on_doc(const sr_input_doc *d0, void *ud) {
  pub_run *r = ud;
  char idbuf[ID_MAX];
  sr_input_doc d = *d0;
  d.id = cli_ingest_doc_id(d0, d0->file ? r->path : NULL, idbuf, sizeof idbuf);
  sr_buf_clear(&r->line);
  sr_error err;
  sr_error_clear(&err);
  if (sr_doc_to_jsonl(&d, &r->line) < 0) {
    r->failed++;
    cli_errorf("%s:%ld: document %.200s is too large for one message", cli_path_name(r->path), d.line, d.id);
    return 0;
  }
  char mid[64];
  sr_doc_msgid(d.id, d.text, d.len, mid, sizeof mid);
  long wait = 500;
  for (int attempt = 0;; attempt++) {
    int dup = 0;
    int rc = sr_queue_publish(r->q, mid, r->line.data, r->line.len, &dup, &err);
    if (rc == 0) {
      if (dup) r->dups++;
      else r->published++;
      return 0;
    }
    if (rc != SR_EIO || attempt >= 6) { /* about a minute of retries for a restarting server */
      r->failed++;
      cli_errorf("%s:%ld: %s", cli_path_name(r->path), d.line, err.msg);
      if (rc == SR_EIO) {
        r->fatal = 1;
        return 1;
      }
      return 0;
    }
    if (attempt == 0) cli_errorf("%s; retrying", err.msg);
    struct timespec ts = {wait / 1000, (wait % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    wait *= 2;
  }
}

int cli_ingest_nats(int argc, char **argv) {
  const char *url = NULL, *glob = NULL;
  sr_read_opts ropts = {0};
  pub_run r = {0};
  cli_inputs in = {0};
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0, only = 0;
  if (!files) return CLI_USAGE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (only || a[0] != '-' || !strcmp(a, "-")) files[nfiles++] = a;
    else if (!strcmp(a, "--")) only = 1;
    else if ((m = cli_opt_value(argc, argv, &i, "--nats", &v)) != 0) {
      if (m < 0) goto usage;
      url = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--glob", &v)) != 0) {
      if (m < 0) goto usage;
      glob = v;
    } else if ((m = cli_read_option(argc, argv, &i, "ingest", &ropts)) != 0) {
      if (m < 0) goto usage;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      r.quiet = 1;
    } else {
      cli_errorf("'%s' does not go with --nats (the worker codes and stores: give it --db and the "
                 "images); --nats takes --date, --format, --glob and --quiet", a);
      goto usage;
    }
  }
  if (nfiles == 0) files[nfiles++] = "-";
  for (int f = 0; f < nfiles; f++)
    if (cli_inputs_add(&in, files[f], glob) < 0) goto usage;
  cli_inputs_dedup(&in);
  free(files);
  files = NULL;
  if (in.n == 0) {
    cli_errorf("no input could be read; nothing queued");
    cli_inputs_free(&in);
    return CLI_PARTIAL;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_queue_opts qo = {.url = url};
  if (sr_queue_open(&r.q, &qo, &err) < 0) {
    cli_errorf("--nats: %s", err.msg);
    cli_inputs_free(&in);
    return CLI_USAGE;
  }
  sr_buf_init(&r.line, SR_QUEUE_MAX_MSG + 4096);
  r.problems = in.problems;
  for (size_t f = 0; f < in.n && !r.fatal; f++) {
    r.path = in.v[f].path;
    size_t before = r.problems;
    int rc = sr_read_file(r.path, &ropts, on_doc, on_err, &r, NULL);
    if (rc < 0 && r.problems == before) {
      sr_error e2;
      sr_error_clear(&e2);
      sr_error_set(&e2, rc, "cannot read input (%s)", sr_strerror(rc));
      on_err(&e2, &r);
    }
  }
  if (!r.quiet)
    cli_errorf("queued %zu documents at %s (%zu already queued), %zu failed", r.published, url, r.dups,
               r.failed + r.problems);
  sr_queue_close(r.q);
  sr_buf_free(&r.line);
  cli_inputs_free(&in);
  return r.fatal ? CLI_USAGE : (r.failed || r.problems) ? CLI_PARTIAL : CLI_OK;
usage:
  free(files);
  cli_inputs_free(&in);
  return CLI_USAGE;
}
