/* src/serve/write.c - POST /api/documents: code documents and store them,
 * the way `sitrep ingest` does for a JSONL file.
 *
 * The body is one JSON object (possibly spread over several lines) or JSONL
 * (one object per line). It goes through the JSONL reader (sr_read_buffer),
 * so fields, caps and error messages are the same as for files. The whole
 * body is stored in one transaction under the server's write lock; the
 * workers' read-only stores see it at their next request.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_internal.h"
#include "sitrep/io.h"

#define SV_MAX_ERRORS 20 /* error messages listed in one answer */

typedef struct post_state {
  sv_req *r;
  sr_doc *doc;
  sr_buf *out; /* "results" array items */
  sr_buf errs; /* "errors" array items */
  long docs, events, nerr, failed_docs;
  int fatal; /* a store error: roll back, 500 */
  int busy;  /* ... because another process held the lock: 503 */
  sr_error err;
} post_state;

static const char *result_name(sr_add_result a) {
  switch (a) {
    case SR_ADD_NEW:
      return "new";
    case SR_ADD_SAME:
      return "unchanged";
    case SR_ADD_REPLACED:
      return "replaced";
    case SR_ADD_DUPLICATE:
      return "duplicate";
  }
  return "?";
}

static void add_error(post_state *ps, const char *msg) {
  if (ps->nerr++ >= SV_MAX_ERRORS) return;
  if (ps->errs.len) sr_buf_putc(&ps->errs, ',');
  sr_buf_json_str(&ps->errs, msg, strlen(msg));
}

static void on_err(const sr_error *e, void *ud) {
  post_state *ps = ud;
  add_error(ps, e->msg[0] ? e->msg : sr_strerror(e->code));
}

static int on_doc(const sr_input_doc *d, void *ud) {
  post_state *ps = ud;
  sr_server *s = ps->r->srv;
  sr_error err;
  sr_error_clear(&err);
  sr_add_result res = SR_ADD_SAME;
  size_t nev = 0;
  int has = sr_store_has(s->writer, d->id, d->text, d->len, &err);
  if (has < 0) goto store_error;
  if (!has) {
    if (sr_doc_code(ps->doc, d->id, d->date, d->text, d->len, &err)) {
      char msg[400];
      snprintf(msg, sizeof msg, "document %.100s: %s", d->id, err.msg);
      add_error(ps, msg);
      ps->failed_docs++;
      return 0;
    }
    nev = sr_doc_nevents(ps->doc);
    const sr_event *ev = nev ? sr_doc_event(ps->doc, 0) : NULL;
    sr_doc_meta m = {
        .id = d->id, .url = d->url, .source = d->source, .title = d->title, .date = d->date};
    if (sr_store_add(s->writer, &m, d->text, d->len, ev, nev, &res, &err)) goto store_error;
  }
  ps->docs++;
  ps->events += (long)nev;
  if (ps->out->len > 1) sr_buf_putc(ps->out, ',');
  sr_buf_append(ps->out, "{\"id\":", 6);
  sr_buf_json_str(ps->out, d->id, strlen(d->id));
  sr_buf_printf(ps->out, ",\"result\":\"%s\",\"events\":%zu}", result_name(res), nev);
  return 0;
store_error:
  /* the document's own fault (an id the store refuses: empty, or over the store's length
   * cap): a problem of that document (400), not a store error (500) */
  if (err.code == SR_EINPUT || err.code == SR_ELIMIT) {
    char msg[400];
    snprintf(msg, sizeof msg, "document %.100s: %s", d->id, err.msg);
    add_error(ps, msg);
    ps->failed_docs++;
    return 0;
  }
  ps->busy = sv_store_busy(s->writer);
  ps->err = err;
  ps->fatal = 1;
  return 1;
}

/* A single JSON object over several lines becomes one JSONL line. */
static char *as_jsonl(const char *body, size_t len) {
  size_t i = 0;
  while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
  if (i == len || body[i] != '{' || !memchr(body + i, '\n', len - i)) return NULL;
  const char *end = NULL;
  cJSON *o = cJSON_ParseWithLengthOpts(body, len, &end, 0);
  if (!o) return NULL;
  while (end && end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
    end++;
  char *line = end == body + len && cJSON_IsObject(o) ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return line;
}

int sv_api_documents(sv_req *r, const char *body, size_t len) {
  sr_server *s = r->srv;
  sv_worker *w = r->w;
  size_t i = 0;
  while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
  if (i == len) return sv_error(r, 400, "empty body: send a JSON object or JSONL documents");
  if (body[i] != '{')
    return sv_error(r, 400, "body: expected a JSON object or JSONL (one object per line)");
  if (!w->doc && !(w->doc = sr_doc_new(s->ctx))) return sv_error(r, 500, "out of memory");
  char *one = as_jsonl(body, len);
  if (one) {
    body = one;
    len = strlen(one);
  }
  sr_buf res;
  sr_buf_init(&res, SV_MAX_RESPONSE / 2);
  sr_buf_putc(&res, '[');
  post_state ps = {.r = r, .doc = w->doc, .out = &res};
  sr_buf_init(&ps.errs, 1 << 16);
  sr_error_clear(&ps.err);
  sr_read_opts ro = {.format = SR_FMT_JSONL};
  sr_read_stats rst = {0};

  int store_fail = 0;
  pthread_mutex_lock(&s->write_lock);
  if (sr_store_begin(s->writer, &ps.err)) {
    store_fail = 1;
    ps.busy = sv_store_busy(s->writer);
  } else {
    sr_read_buffer("body.jsonl", body, len, &ro, on_doc, on_err, &ps, &rst);
    if (ps.fatal || ps.docs == 0) {
      sr_store_rollback(s->writer);
    } else if (sr_store_commit(s->writer, &ps.err)) {
      store_fail = 1;
      ps.busy = sv_store_busy(s->writer);
      sr_store_rollback(s->writer);
    }
  }
  pthread_mutex_unlock(&s->write_lock);
  free(one);

  if ((ps.fatal || store_fail) && ps.busy) {
    sv_busy(r, "writing");
  } else if (ps.fatal || store_fail) {
    sv_error(r, 500, "store error: %s", ps.err.msg[0] ? ps.err.msg : "write failed");
  } else if (ps.docs == 0) {
    /* nothing stored: the first problem is the answer */
    char first[300] = "no document in the body";
    if (ps.errs.len) {
      cJSON *arr = NULL;
      sr_buf tmp;
      sr_buf_init(&tmp, 1 << 17);
      sr_buf_putc(&tmp, '[');
      sr_buf_append(&tmp, ps.errs.data, ps.errs.len);
      sr_buf_putc(&tmp, ']');
      arr = cJSON_Parse(tmp.data);
      const cJSON *e0 = cJSON_GetArrayItem(arr, 0);
      if (cJSON_IsString(e0)) snprintf(first, sizeof first, "%s", e0->valuestring);
      cJSON_Delete(arr);
      sr_buf_free(&tmp);
    }
    sv_error(r, 400, "malformed body: %s", first);
  } else {
    sr_buf *b = &w->out;
    sr_buf_clear(b);
    sr_buf_printf(b, "{\"documents\":%ld,\"events\":%ld,\"errors_total\":%ld,\"results\":", ps.docs,
                  ps.events, ps.nerr);
    sr_buf_append(b, res.data, res.len);
    sr_buf_append(b, "],\"errors\":[", 12);
    if (ps.errs.len) sr_buf_append(b, ps.errs.data, ps.errs.len);
    sr_buf_append(b, "]}\n", 3);
    r->status = 200;
    r->mime = "application/json";
  }
  sr_buf_free(&res);
  sr_buf_free(&ps.errs);
  return r->status;
}
