/* cli/cli_docs.c - storing document lines (see cli_docs.h). */
#include "cli_docs.h"

#include <stdlib.h>
#include <string.h>

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
