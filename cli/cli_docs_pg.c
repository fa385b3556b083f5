/* cli/cli_docs_pg.c - a worker's batch into the PostgreSQL store: the coded documents
 * appended to the log in one transaction (sr_pg_append), counted as cli_docs_commit counts.
 * A document the log refuses is set apart (CLI_ITEM_BAD) and the batch goes in without it. */
#include <stdlib.h>
#include <string.h>

#include "cli_docs.h"

/* Append items[k] for the CODED ones among idx[0..m). */
static int append(cli_docs *d, cli_docs_item *items, const int *idx, int m, sr_add_result *res,
                  sr_error *err) {
  sr_pg_doc docs[256];
  sr_event *evs[256] = {0};
  int rc = 0;
  for (int j = 0; j < m; j++) {
    cli_docs_item *it = &items[idx[j]];
    docs[j] = (sr_pg_doc){
        {it->id, it->url, it->source, it->title, it->date}, it->text, it->len, NULL, it->nev};
    if (it->nev && !(evs[j] = malloc(it->nev * sizeof **evs))) {
      rc = sr_error_set(err, SR_ENOMEM, "out of memory");
      break;
    }
    for (size_t k = 0; k < it->nev; k++) evs[j][k] = *sr_doc_event(it->doc, k);
    docs[j].ev = evs[j];
  }
  if (!rc) rc = sr_pg_append(d->pg, docs, (size_t)m, res, err);
  for (int j = 0; j < m; j++) free(evs[j]);
  return rc;
}

static void count(cli_docs *d, cli_docs_item *it, sr_add_result r) {
  it->state = CLI_ITEM_STORED;
  if (r == SR_ADD_SAME)
    d->same++;
  else if (r == SR_ADD_REPLACED)
    d->replaced++;
  else
    d->added++;
  if (r != SR_ADD_SAME) d->events += it->nev;
}

int cli_docs_commit_pg(cli_docs *d, cli_docs_item *items, int n) {
  sr_error err;
  sr_error_clear(&err);
  d->store_failed = 0;
  int idx[256], m = 0;
  if (n > 256) n = 256;
  for (int i = 0; i < n; i++)
    if (items[i].state == CLI_ITEM_CODED) idx[m++] = i;
  if (!m) return 0;
  sr_add_result res[256];
  int rc = append(d, items, idx, m, res, &err);
  if (rc == SR_EINPUT) { /* one of them cannot be logged: one at a time, that one set apart */
    for (int j = 0; j < m; j++) {
      sr_error e1;
      sr_error_clear(&e1);
      rc = append(d, items, &idx[j], 1, &res[j], &e1);
      if (rc == SR_EINPUT) {
        items[idx[j]].err = e1;
        items[idx[j]].state = CLI_ITEM_BAD;
        d->bad++;
        res[j] = SR_ADD_SAME;
        rc = 0;
        continue;
      }
      if (rc) {
        err = e1;
        break;
      }
    }
    if (!rc) {
      for (int j = 0; j < m; j++)
        if (items[idx[j]].state == CLI_ITEM_CODED) count(d, &items[idx[j]], res[j]);
      return 0;
    }
  }
  if (rc) {
    d->err = err;
    d->store_failed = 1;
    return SR_EIO;
  }
  for (int j = 0; j < m; j++) count(d, &items[idx[j]], res[j]);
  return 0;
}
