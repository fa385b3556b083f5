/* cli/cli_par.h - documents coded in parallel, results taken in input order.
 *
 * The reading thread (the caller) copies each document into a bounded ring of jobs
 * (cli_par_submit); worker threads code the jobs, each with the sr_doc of its slot, all
 * sharing one read-only sr_ctx; the caller's thread takes the finished jobs strictly in
 * input order (the `done` callback) whenever it submits and at cli_par_finish. So
 * everything `done` does (writing output, storing) happens on one thread, in the order a
 * single-threaded run would do it. Memory is capped: at most CLI_PAR_SLOTS(jobs) jobs
 * (CLI_PAR_SLOTS_DOC with a working state per slot) and CLI_PAR_BYTES of document text are in
 * flight (one job always may be, whatever its size).
 *
 * Messages a worker prints with cli_errorf / cli_report are captured into its job's `msg`
 * (cli_capture) and the `done` callback prints them in order (cli_par_put_msg).
 */
#ifndef SITREP_CLI_PAR_H
#define SITREP_CLI_PAR_H
#include "sitrep/io.h"
#include "sitrep/sitrep.h"

#define CLI_PAR_MAX_JOBS 64 /* --jobs cap */
/* jobs in flight: with a working state per slot (the results outlive the worker's turn:
 * ingest), and with one per worker (the worker leaves only bytes: code); many, so that a
 * worker the scheduler holds back on a loaded machine does not stall the others */
#define CLI_PAR_SLOTS_DOC(n) (4 * (n) + 4)
#define CLI_PAR_SLOTS(n) (16 * (n) + 16)
#define CLI_PAR_BYTES ((size_t)64 * 1024 * 1024) /* document text in flight */

/* One document in flight. Strings are owned copies (freed by the pipeline); doc is the
 * slot's working state (owned by the pipeline, valid until the job is done). */
typedef struct cli_job {
  sr_input_doc in; /* the document as the reader gave it (copied; in.text NUL-terminated) */
  int kind;        /* 0 a document; 1 a message only (msg filled at submit) */
  int skip;        /* 1: the worker leaves it uncoded (`done` decides) */
  char *id;        /* the caller's id for it (copied), may be NULL */
  sr_doc *doc;     /* the working state to code it with: the slot's (slot_docs), valid until
                      the job is done, else the worker's, valid only inside `work` */
  int tag;         /* the caller's, copied (ingest: the id is derived from the path) */
  int rc;          /* what `work` returned */
  sr_error err;    /* what `work` failed with */
  size_t events;   /* what `work` counted */
  sr_buf out, msg; /* output and captured stderr lines of `work` */
} cli_job;

/* work: on a worker thread, for a job with kind 0 (and skip 0). done: on the caller's
 * thread, once per job, in submit order; non-zero stops the pipeline (later jobs are
 * dropped without `done`). */
typedef void (*cli_par_work_fn)(cli_job *j, void *arg);
typedef int (*cli_par_done_fn)(cli_job *j, void *arg);

typedef struct cli_par cli_par;

/* A pipeline of `jobs` workers (1..CLI_PAR_MAX_JOBS) over ctx; out_max caps each job's out
 * buffer; slot_docs: 1 = each slot has its own sr_doc, so that `done` may read the coded
 * document; 0 = each worker has one, and `done` sees only out and msg. NULL on failure
 * (message printed). Free with cli_par_free. */
cli_par *cli_par_new(sr_ctx *ctx, int jobs, size_t out_max, int slot_docs, cli_par_work_fn work,
                     cli_par_done_fn done, void *arg);
/* Queue a copy of doc (id: the caller's id, may be NULL; skip: see cli_job). Takes finished
 * jobs first when the ring is full. Returns non-zero once `done` asked to stop or on OOM
 * (message printed). */
int cli_par_submit(cli_par *p, const sr_input_doc *doc, const char *id, int skip, int tag);
/* Queue a problem report (printed in order, by cli_report(err, file, 0)). */
int cli_par_report(cli_par *p, const sr_error *err, const char *file);
/* 1 once `done` asked to stop. */
int cli_par_stopped(const cli_par *p);
/* Wait for every job and take them all; returns non-zero when `done` stopped the run. */
int cli_par_finish(cli_par *p);
/* Stops and joins the workers; frees everything. */
void cli_par_free(cli_par *p);

/* Print a job's captured messages on stderr. */
void cli_par_put_msg(const cli_job *j);

/* The number of processors this process may run on (at least 1). */
int cli_cores(void);
/* Parse the value of --jobs (1..CLI_PAR_MAX_JOBS); 0 and message on a bad value. */
int cli_jobs_value(const char *v);

#endif
