/* cli/cli_docs.h - storing document lines (the JSONL message format of the queue, see
 * sr_doc_to_jsonl) one at a time, each in its own short transaction, as `sitrep worker`
 * and `sitrep watch --db` do. Several processes may share one store: SQLite's WAL lets
 * one writer in at a time (BEGIN IMMEDIATE, a 10 s busy wait), documents are coded
 * outside of the write lock, and a document stored twice is a no-op (same id and text).
 */
#ifndef SITREP_CLI_DOCS_H
#define SITREP_CLI_DOCS_H
#include <stddef.h>

#include "sitrep/sitrep.h"
#include "sitrep/store.h"

typedef struct cli_docs {
  sr_store *st; /* borrowed: opened and closed by the caller */
  sr_doc *doc;  /* borrowed */
  size_t added, same, replaced, dups, events, bad;
  int store_failed;   /* the last line failed because of the store (busy, disk): try it again */
  sr_error err;       /* the last problem */
} cli_docs;

/* Code and store the documents of one JSONL line (name names it in messages). Returns 0
 * when every document of it is stored (new or already there); SR_EINPUT when the line
 * is no document (reported in d->err; retrying will not help); SR_EIO and
 * d->store_failed when the store refused it (busy, disk full: retry later). */
int cli_docs_store_line(cli_docs *d, const char *name, const char *line, size_t len);

#endif
