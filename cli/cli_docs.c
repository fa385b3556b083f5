/* cli/cli_docs.c - storing document lines (see cli_docs.h). */
#include "cli_docs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sitrep/io.h"

typedef struct line_run {
  cli_docs *d;
  int rc;
  size_t docs;
} line_run;

static void on_err(const sr_error *e, void *ud) {
  line_run *r = ud;
  if (!r->rc) r->rc = SR_EINPUT;
  r->d->err = *e;
}

static int store_one(line_run *r, const sr_input_doc *doc) {
  cli_docs *d = r->d;
  sr_error err;
  sr_error_clear(&err);
  int has = sr_store_has(d->st, doc->id, doc->text, doc->len, &err);
  if (has == 1) {
    d->same++;
    return 0;
  }
  if (has < 0) goto store_error;
  size_t nev = 0;
  sr_event *evs = NULL;
  if (doc->len > 0) {
    if (sr_doc_code(d->doc, doc->id, doc->date, doc->text, doc->len, &err) < 0) {
      d->err = err;
      return SR_EINPUT;
    }
    nev = sr_doc_nevents(d->doc);
    evs = nev ? malloc(nev * sizeof *evs) : NULL;
    if (nev && !evs) {
      sr_error_set(&err, SR_ENOMEM, "out of memory");
      goto store_error;
    }
    for (size_t i = 0; i < nev; i++) evs[i] = *sr_doc_event(d->doc, i);
  }
  sr_doc_meta m = {doc->id, doc->url, doc->source, doc->title, doc->date};
  sr_add_result res = SR_ADD_NEW;
  int rc = sr_store_begin(d->st, &err);
  if (!rc) rc = sr_store_add(d->st, &m, doc->text, doc->len, evs, nev, &res, &err);
  if (!rc) rc = sr_store_commit(d->st, &err);
  free(evs);
  if (rc < 0) {
    sr_store_rollback(d->st);
    if (rc == SR_EINPUT) { /* the document's own fault: an id the store refuses */
      d->err = err;
      return SR_EINPUT;
    }
    goto store_error;
  }
  switch (res) {
  case SR_ADD_SAME: d->same++; break;
  case SR_ADD_REPLACED: d->replaced++; break;
  case SR_ADD_DUPLICATE: d->dups++; break;
  default: d->added++; break;
  }
  if (res != SR_ADD_SAME) d->events += nev;
  return 0;
store_error:
  d->err = err;
  d->store_failed = 1;
  return SR_EIO;
}

static int on_doc(const sr_input_doc *doc, void *ud) {
  line_run *r = ud;
  r->docs++;
  int rc = store_one(r, doc);
  if (rc == SR_EIO) {
    r->rc = rc;
    return 1; /* stop: the store is in trouble */
  }
  if (rc && !r->rc) r->rc = rc;
  return 0;
}

int cli_docs_store_line(cli_docs *d, const char *name, const char *line, size_t len) {
  line_run r = {.d = d};
  d->store_failed = 0;
  sr_error_clear(&d->err);
  sr_read_opts ro = {.format = SR_FMT_JSONL};
  int rc = sr_read_buffer(name, line, len, &ro, on_doc, on_err, &r, NULL);
  if (r.rc == SR_EIO) return SR_EIO;
  if (rc < 0 || r.rc || r.docs == 0) {
    if (!d->err.msg[0]) sr_error_set(&d->err, SR_EINPUT, "no document in the message");
    d->bad++;
    return SR_EINPUT;
  }
  return 0;
}

/* ---- batches */

int cli_docs_lock_open(cli_docs *d, const char *db) {
  char path[4200];
  d->lock_fd = -1;
  if (snprintf(path, sizeof path, "%s-writer.lock", db) >= (int)sizeof path) return 0;
  d->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  return 0;
}

void cli_docs_lock_close(cli_docs *d) {
  if (d->lock_fd >= 0) close(d->lock_fd);
  d->lock_fd = -1;
}

static void writer_lock(cli_docs *d, int on) {
  if (d->lock_fd < 0) return;
  while (flock(d->lock_fd, on ? LOCK_EX : LOCK_UN) < 0 && on) {
    /* interrupted by a signal: try again */
  }
}

static void item_clear(cli_docs_item *it) {
  char **f[] = {&it->id, &it->date, &it->title, &it->url, &it->source, &it->text};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
    free(*f[i]);
    *f[i] = NULL;
  }
  it->len = it->nev = 0;
  it->state = CLI_ITEM_EMPTY;
  sr_error_clear(&it->err);
}

void cli_docs_item_free(cli_docs_item *it) {
  item_clear(it);
  sr_doc_free(it->doc);
  it->doc = NULL;
}

typedef struct prep_run {
  cli_docs_item *it;
  int ndocs, oom;
} prep_run;

static char *dup_or_null(const char *s, int *oom) {
  if (!s) return NULL;
  char *c = strdup(s);
  if (!c) *oom = 1;
  return c;
}

static int prep_doc(const sr_input_doc *doc, void *ud) {
  prep_run *r = ud;
  if (r->ndocs++) return 1; /* one document a message */
  cli_docs_item *it = r->it;
  it->id = dup_or_null(doc->id, &r->oom);
  it->date = dup_or_null(doc->date, &r->oom);
  it->title = dup_or_null(doc->title, &r->oom);
  it->url = dup_or_null(doc->url, &r->oom);
  it->source = dup_or_null(doc->source, &r->oom);
  it->text = malloc(doc->len + 1);
  if (!it->text) r->oom = 1;
  else {
    memcpy(it->text, doc->text, doc->len);
    it->text[doc->len] = 0;
  }
  it->len = doc->len;
  return 0;
}

static void prep_err(const sr_error *e, void *ud) {
  prep_run *r = ud;
  if (!r->it->err.code) r->it->err = *e;
}

/* Read the one document of a message line into it (it->state stays EMPTY) or set it apart
 * (CLI_ITEM_BAD). 0, or SR_EIO when out of memory. */
static int read_item(cli_docs *d, cli_docs_item *it, const char *name, const char *line, size_t len) {
  item_clear(it);
  prep_run r = {.it = it};
  sr_read_opts ro = {.format = SR_FMT_JSONL};
  int rc = sr_read_buffer(name, line, len, &ro, prep_doc, prep_err, &r, NULL);
  if (r.oom) {
    sr_error_set(&d->err, SR_ENOMEM, "out of memory");
    item_clear(it);
    return SR_EIO;
  }
  if (rc < 0 || it->err.code || r.ndocs != 1 || !it->id) {
    if (!it->err.code)
      sr_error_set(&it->err, SR_EINPUT, "%s: %s", name, r.ndocs > 1 ? "more than one document in the message"
                                                                   : "no document in the message");
    it->state = CLI_ITEM_BAD;
    d->bad++;
  }
  return 0;
}

/* A read item the store has (has 1: CLI_ITEM_STORED) or not (coded: CLI_ITEM_CODED, or
 * CLI_ITEM_BAD when the coder refuses it). 0, or SR_EIO when out of memory. */
static int code_item(cli_docs *d, sr_ctx *ctx, cli_docs_item *it, int has) {
  if (has) {
    it->state = CLI_ITEM_STORED;
    d->same++;
    return 0;
  }
  if (!it->doc && !(it->doc = sr_doc_new(ctx))) {
    sr_error_set(&d->err, SR_ENOMEM, "out of memory");
    return SR_EIO;
  }
  if (it->len > 0 && sr_doc_code(it->doc, it->id, it->date, it->text, it->len, &it->err) < 0) {
    it->state = CLI_ITEM_BAD;
    d->bad++;
    return 0;
  }
  it->nev = it->len > 0 ? sr_doc_nevents(it->doc) : 0;
  it->state = CLI_ITEM_CODED;
  return 0;
}

static int has_failed(cli_docs *d, const sr_error *err) {
  d->err = *err;
  d->store_failed = 1;
  return SR_EIO;
}

int cli_docs_prepare(cli_docs *d, sr_ctx *ctx, cli_docs_item *it, const char *name, const char *line,
                     size_t len) {
  int rc = read_item(d, it, name, line, len);
  if (rc || it->state == CLI_ITEM_BAD) return rc;
  sr_error err;
  sr_error_clear(&err);
  int has = d->pg ? sr_pg_has(d->pg, it->id, it->text, it->len, &err)
                  : sr_store_has(d->st, it->id, it->text, it->len, &err);
  if (has < 0) return has_failed(d, &err);
  return code_item(d, ctx, it, has);
}

int cli_docs_prepare_all(cli_docs *d, sr_ctx *ctx, cli_docs_item *items, int n, const char *const *names,
                         const char *const *lines, const size_t *lens) {
  if (!d->pg || n > SR_PG_MAX_BATCH) {
    for (int i = 0; i < n; i++) {
      int rc = cli_docs_prepare(d, ctx, &items[i], names[i], lines[i], lens[i]);
      if (rc) return rc;
    }
    return 0;
  }
  const char *ids[SR_PG_MAX_BATCH], *texts[SR_PG_MAX_BATCH];
  size_t tl[SR_PG_MAX_BATCH];
  int idx[SR_PG_MAX_BATCH], has[SR_PG_MAX_BATCH], m = 0;
  for (int i = 0; i < n; i++) {
    int rc = read_item(d, &items[i], names[i], lines[i], lens[i]);
    if (rc) return rc;
    if (items[i].state == CLI_ITEM_BAD) continue;
    ids[m] = items[i].id, texts[m] = items[i].text, tl[m] = items[i].len;
    idx[m++] = i;
  }
  sr_error err;
  sr_error_clear(&err);
  if (m && sr_pg_has_all(d->pg, ids, texts, tl, (size_t)m, has, &err) < 0) return has_failed(d, &err);
  for (int j = 0; j < m; j++) {
    int rc = code_item(d, ctx, &items[idx[j]], has[j]);
    if (rc) return rc;
  }
  return 0;
}

int cli_docs_commit(cli_docs *d, cli_docs_item *items, int n) {
  sr_error err;
  sr_error_clear(&err);
  d->store_failed = 0;
  int any = 0;
  for (int i = 0; i < n; i++) any |= items[i].state == CLI_ITEM_CODED;
  if (!any) return 0;
  size_t added = 0, replaced = 0, dups = 0, same = 0, events = 0, bad = 0;
  int done[256] = {0};
  if (n > 256) n = 256;
  writer_lock(d, 1);
  if (sr_store_begin(d->st, &err) < 0) goto fail;
  for (int i = 0; i < n; i++) {
    cli_docs_item *it = &items[i];
    if (it->state != CLI_ITEM_CODED) continue;
    sr_event *evs = it->nev ? malloc(it->nev * sizeof *evs) : NULL;
    if (it->nev && !evs) {
      sr_error_set(&err, SR_ENOMEM, "out of memory");
      goto fail;
    }
    for (size_t k = 0; k < it->nev; k++) evs[k] = *sr_doc_event(it->doc, k);
    sr_doc_meta m = {it->id, it->url, it->source, it->title, it->date};
    sr_add_result res = SR_ADD_NEW;
    sr_error e1;
    sr_error_clear(&e1);
    int rc = sr_store_add(d->st, &m, it->text, it->len, evs, it->nev, &res, &e1);
    free(evs);
    if (rc == SR_EINPUT) { /* this document's own fault; its savepoint is undone, the rest goes on */
      it->err = e1;
      done[i] = -1;
      bad++;
      continue;
    }
    if (rc < 0) {
      err = e1;
      goto fail;
    }
    done[i] = 1;
    switch (res) {
    case SR_ADD_SAME: same++; break;
    case SR_ADD_REPLACED: replaced++; break;
    case SR_ADD_DUPLICATE: dups++; break;
    default: added++; break;
    }
    if (res != SR_ADD_SAME) events += it->nev;
  }
  if (sr_store_commit(d->st, &err) < 0) goto fail;
  writer_lock(d, 0);
  for (int i = 0; i < n; i++)
    if (done[i]) items[i].state = done[i] > 0 ? CLI_ITEM_STORED : CLI_ITEM_BAD;
  d->added += added, d->replaced += replaced, d->dups += dups, d->same += same, d->events += events;
  d->bad += bad;
  return 0;
fail:
  sr_store_rollback(d->st);
  writer_lock(d, 0);
  d->err = err;
  d->store_failed = 1;
  return SR_EIO;
}
