/* cli/cli_par.c - the ordered parallel pipeline of cli_par.h: a ring of job slots, worker
 * threads claiming jobs in submit order, the caller taking finished jobs in submit order. */
#include "cli_par.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define MSG_MAX ((size_t)16 * 1024 * 1024) /* captured stderr of one job */
#define OUT_KEEP ((size_t)1024 * 1024)     /* buffer a slot keeps between jobs */

typedef struct slot {
  cli_job job;
  int done; /* the worker finished it (or it needed no work) */
  size_t bytes;
} slot;

struct cli_par {
  sr_ctx *ctx;
  int nthreads, nslots, slot_docs;
  slot *slots;
  pthread_t *threads;
  struct wctx *w; /* [nthreads] */
  int nstarted;
  pthread_mutex_t mu;
  pthread_cond_t work_cv, done_cv;
  unsigned long long head, claim, tail; /* oldest not taken; next for a worker; next to fill */
  /* the caller sleeps on done_cv until job `wait_for` is done (`waiting`): a worker wakes it
   * for that job only, not for every job (a wake-up per document cost as much as coding a
   * short one with two threads on two cores) */
  unsigned long long wait_for;
  int waiting;
  size_t bytes;                         /* document text in flight */
  int closing, stopped;
  cli_par_work_fn work;
  cli_par_done_fn done;
  void *arg;
};

int cli_cores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n > CLI_PAR_MAX_JOBS ? CLI_PAR_MAX_JOBS : n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > CLI_PAR_MAX_JOBS ? CLI_PAR_MAX_JOBS : (int)n;
}

int cli_jobs_value(const char *v) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > CLI_PAR_MAX_JOBS) {
    cli_errorf("--jobs wants a number from 1 to %d, got '%s'", CLI_PAR_MAX_JOBS, v);
    return 0;
  }
  return (int)n;
}

void cli_par_put_msg(const cli_job *j) {
  if (j->msg.len) fwrite(j->msg.data, 1, j->msg.len, stderr);
}

/* one worker: the pipeline and its own working state (when the slots have none) */
struct wctx {
  cli_par *p;
  sr_doc *doc;
};

static void *worker(void *vp) {
  struct wctx *w = vp;
  cli_par *p = w->p;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->claim == p->tail && !p->closing) pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->claim == p->tail) break; /* closing and nothing left */
    unsigned long long me = p->claim++;
    slot *s = &p->slots[me % (unsigned long long)p->nslots];
    pthread_mutex_unlock(&p->mu);
    if (!p->slot_docs) s->job.doc = w->doc;
    cli_capture(&s->job.msg);
    p->work(&s->job, p->arg);
    cli_capture(NULL);
    if (!p->slot_docs) s->job.doc = NULL;
    pthread_mutex_lock(&p->mu);
    s->done = 1;
    if (p->waiting && p->wait_for == me) pthread_cond_signal(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static void job_clear(cli_job *j) {
  free((char *)j->in.id);
  free((char *)j->in.date);
  free((char *)j->in.title);
  free((char *)j->in.text);
  free((char *)j->in.url);
  free((char *)j->in.source);
  free((char *)j->in.file);
  free(j->id);
  memset(&j->in, 0, sizeof j->in);
  j->id = NULL;
  j->kind = j->skip = j->rc = j->tag = 0;
  sr_error_clear(&j->err);
  j->events = 0;
  /* a slot keeps a small buffer for the next job, not the memory of one large output */
  if (j->out.cap > OUT_KEEP) sr_buf_free(&j->out);
  if (j->msg.cap > OUT_KEEP) sr_buf_free(&j->msg);
  sr_buf_clear(&j->out);
  sr_buf_clear(&j->msg);
}

static void par_release(cli_par *p) {
  if (p->slots)
    for (int i = 0; i < p->nslots; i++) {
      job_clear(&p->slots[i].job);
      sr_buf_free(&p->slots[i].job.out);
      sr_buf_free(&p->slots[i].job.msg);
      if (p->slot_docs) sr_doc_free(p->slots[i].job.doc);
    }
  if (p->w)
    for (int i = 0; i < p->nthreads; i++) sr_doc_free(p->w[i].doc);
  free(p->slots);
  free(p->threads);
  free(p->w);
  free(p);
}

cli_par *cli_par_new(sr_ctx *ctx, int jobs, size_t out_max, int slot_docs, cli_par_work_fn work,
                     cli_par_done_fn done, void *arg) {
  if (jobs < 1) jobs = 1;
  if (jobs > CLI_PAR_MAX_JOBS) jobs = CLI_PAR_MAX_JOBS;
  cli_par *p = calloc(1, sizeof *p);
  if (!p) {
    cli_errorf("out of memory");
    return NULL;
  }
  p->ctx = ctx, p->nthreads = jobs, p->slot_docs = slot_docs;
  p->nslots = slot_docs ? CLI_PAR_SLOTS_DOC(jobs) : CLI_PAR_SLOTS(jobs);
  p->work = work, p->done = done, p->arg = arg;
  p->slots = calloc((size_t)p->nslots, sizeof *p->slots);
  p->threads = calloc((size_t)jobs, sizeof *p->threads);
  p->w = calloc((size_t)jobs, sizeof *p->w);
  int oom = !p->slots || !p->threads || !p->w;
  for (int i = 0; !oom && i < p->nslots; i++) {
    sr_buf_init(&p->slots[i].job.out, out_max);
    sr_buf_init(&p->slots[i].job.msg, MSG_MAX);
    if (slot_docs && !(p->slots[i].job.doc = sr_doc_new(ctx))) oom = 1;
  }
  for (int i = 0; !oom && i < jobs; i++) {
    p->w[i].p = p;
    if (!slot_docs && !(p->w[i].doc = sr_doc_new(ctx))) oom = 1;
  }
  if (oom) {
    cli_errorf("out of memory");
    par_release(p);
    return NULL;
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  for (int i = 0; i < jobs; i++) {
    if (pthread_create(&p->threads[i], NULL, worker, &p->w[i]) != 0) {
      if (i == 0) {
        cli_errorf("cannot start a worker thread");
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->work_cv);
        pthread_cond_destroy(&p->done_cv);
        par_release(p);
        return NULL;
      }
      break; /* fewer workers than asked: still correct */
    }
    p->nstarted = i + 1;
  }
  return p;
}

/* With p->mu held: sleep until job n (in flight) is done. */
static void wait_job(cli_par *p, unsigned long long n) {
  slot *s = &p->slots[n % (unsigned long long)p->nslots];
  p->wait_for = n;
  p->waiting = 1;
  while (!s->done) pthread_cond_wait(&p->done_cv, &p->mu);
  p->waiting = 0;
}

/* Take the oldest job when it is finished (wait for it when `wait`). 1 taken, 0 not. */
static int take_head(cli_par *p, int wait) {
  pthread_mutex_lock(&p->mu);
  if (p->head == p->tail) {
    pthread_mutex_unlock(&p->mu);
    return 0;
  }
  slot *s = &p->slots[p->head % (unsigned long long)p->nslots];
  if (!s->done && wait) wait_job(p, p->head);
  int ready = s->done;
  pthread_mutex_unlock(&p->mu);
  if (!ready) return 0;
  if (!p->stopped && p->done(&s->job, p->arg)) p->stopped = 1;
  job_clear(&s->job);
  pthread_mutex_lock(&p->mu);
  s->done = 0;
  p->bytes -= s->bytes;
  s->bytes = 0;
  p->head++;
  pthread_mutex_unlock(&p->mu);
  return 1;
}

static char *dup_or_null(const char *s, int *oom) {
  if (!s) return NULL;
  char *d = strdup(s);
  if (!d) *oom = 1;
  return d;
}

/* The next free slot, taking finished jobs until there is room for `bytes` more. When the
 * ring is full, the caller sleeps until the job halfway along it is done (or the oldest, when
 * that one is), so that it wakes once per half ring, not once per job. */
static slot *next_slot(cli_par *p, size_t bytes) {
  for (;;) {
    while (take_head(p, 0)) {
    }
    pthread_mutex_lock(&p->mu);
    int full = p->tail - p->head >= (unsigned long long)p->nslots ||
               (p->head != p->tail && p->bytes + bytes > CLI_PAR_BYTES);
    if (full) {
      unsigned long long mid = p->head + (p->tail - p->head) / 2;
      wait_job(p, p->slots[mid % (unsigned long long)p->nslots].done ? p->head : mid);
    }
    pthread_mutex_unlock(&p->mu);
    if (!full) break;
  }
  return &p->slots[p->tail % (unsigned long long)p->nslots];
}

/* Hand the filled slot to the workers (`work` returns at once for messages and skips). */
static void publish(cli_par *p, slot *s) {
  pthread_mutex_lock(&p->mu);
  p->bytes += s->bytes;
  p->tail++;
  pthread_cond_signal(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
}

int cli_par_submit(cli_par *p, const sr_input_doc *doc, const char *id, int skip, int tag) {
  if (p->stopped) return 1;
  slot *s = next_slot(p, doc->len);
  if (p->stopped) return 1;
  cli_job *j = &s->job;
  int oom = 0;
  j->in = *doc;
  j->in.id = dup_or_null(doc->id, &oom);
  j->in.date = dup_or_null(doc->date, &oom);
  j->in.title = dup_or_null(doc->title, &oom);
  j->in.url = dup_or_null(doc->url, &oom);
  j->in.source = dup_or_null(doc->source, &oom);
  j->in.file = dup_or_null(doc->file, &oom);
  j->id = dup_or_null(id, &oom);
  char *t = malloc(doc->len + 1);
  if (!t)
    oom = 1;
  else {
    if (doc->len) memcpy(t, doc->text, doc->len);
    t[doc->len] = 0;
  }
  j->in.text = t;
  if (oom) {
    job_clear(j);
    cli_errorf("out of memory");
    p->stopped = 1;
    return 1;
  }
  j->kind = 0;
  j->skip = skip;
  j->tag = tag;
  s->bytes = doc->len;
  publish(p, s);
  return 0;
}

int cli_par_report(cli_par *p, const sr_error *err, const char *file) {
  if (p->stopped) return 1;
  slot *s = next_slot(p, 0);
  if (p->stopped) return 1;
  cli_job *j = &s->job;
  j->kind = 1;
  cli_capture(&j->msg);
  cli_report(err, file, 0);
  cli_capture(NULL);
  s->bytes = 0;
  publish(p, s);
  return 0;
}

int cli_par_stopped(const cli_par *p) {
  return p->stopped;
}

int cli_par_finish(cli_par *p) {
  while (take_head(p, 1)) {
  }
  return p->stopped;
}

void cli_par_free(cli_par *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  p->closing = 1;
  pthread_cond_broadcast(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->nstarted; i++) pthread_join(p->threads[i], NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->work_cv);
  pthread_cond_destroy(&p->done_cv);
  par_release(p);
}
