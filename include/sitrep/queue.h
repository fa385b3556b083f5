/* sitrep/queue.h - the document queue: a NATS JetStream work-queue stream of documents
 * (one JSONL line each, see sr_doc_to_jsonl in feed.h), published by `sitrep watch
 * --nats` and `sitrep ingest --nats` with a message id per document (the server drops
 * a second copy within the duplicate window), pulled by `sitrep worker`, which acks a
 * message only once the store committed its document.
 *
 * Built only with libnats (Debian libnats-dev); without it every function fails with
 * SR_ENOTFOUND and a message saying how to enable the queue (sr_queue_available() 0).
 * Ownership: sr_queue and sr_queue_msg are owned by their opener / fetcher and freed by
 * sr_queue_close / sr_queue_msg_free. One sr_queue per thread.
 */
#ifndef SITREP_QUEUE_H
#define SITREP_QUEUE_H
#include <stddef.h>
#include <stdint.h>

#include "sitrep/util.h"

#define SR_QUEUE_STREAM "SITREP_DOCS"
#define SR_QUEUE_SUBJECT "sitrep.docs"
#define SR_QUEUE_CONSUMER "sitrep-worker"
#define SR_QUEUE_MAX_MSG ((size_t)12 * 1024 * 1024) /* one message (a document line) */

typedef struct sr_queue sr_queue;
typedef struct sr_queue_opts {
  const char *url;      /* "nats://127.0.0.1:4222"; required */
  const char *stream;   /* NULL = SR_QUEUE_STREAM; its subject is "<subject>" */
  const char *subject;  /* NULL = SR_QUEUE_SUBJECT */
  const char *consumer; /* durable pull consumer of the workers; NULL = SR_QUEUE_CONSUMER */
  long dup_window_s;    /* duplicate window of a new stream; 0 = 7200 */
  long ack_wait_s;      /* redelivery of an unacked message after; 0 = 60 */
  long connect_wait_ms; /* keep trying to reach the server this long at open; 0 = 5000 */
} sr_queue_opts;

/* 1 when this build has the queue (libnats), else 0. */
int sr_queue_available(void);
/* Connect (reconnecting on its own later) and make sure the stream exists (created as a
 * work queue on file storage when missing). SR_EIO with a message naming the URL when
 * the server cannot be reached or has no JetStream. Caller closes. */
int sr_queue_open(sr_queue **out, const sr_queue_opts *o, sr_error *err);
void sr_queue_close(sr_queue *q); /* NULL allowed */
/* Publish one document line and wait for the server's acknowledgement (so the document is
 * on disk in the stream). *duplicate (may be NULL) is 1 when the server already had msgid.
 * SR_EIO when the server does not answer (down, restarting): nothing was lost, publish again. */
int sr_queue_publish(sr_queue *q, const char *msgid, const char *data, size_t len, int *duplicate,
                     sr_error *err);

typedef struct sr_queue_msg sr_queue_msg;
/* Bind this connection to the workers' durable pull consumer (created when missing). */
int sr_queue_subscribe(sr_queue *q, sr_error *err);
/* Up to max messages into msgs[], waiting at most timeout_ms; *n gets the count (0 when none
 * came). SR_EIO when the server cannot be reached (try again later). */
int sr_queue_fetch(sr_queue *q, sr_queue_msg **msgs, int max, long timeout_ms, int *n, sr_error *err);
/* The message's bytes (borrowed from msg), its stream sequence and delivery count. */
const char *sr_queue_msg_data(const sr_queue_msg *m, size_t *len);
uint64_t sr_queue_msg_seq(const sr_queue_msg *m);
int sr_queue_msg_deliveries(const sr_queue_msg *m);
/* Done with it (removed from the work queue); later (redelivered after delay_ms); never
 * (a message that can never be stored: dropped after it was reported). */
int sr_queue_ack(sr_queue_msg *m, sr_error *err);
int sr_queue_nak(sr_queue_msg *m, long delay_ms, sr_error *err);
int sr_queue_term(sr_queue_msg *m, sr_error *err);
void sr_queue_msg_free(sr_queue_msg *m); /* NULL allowed */
/* Messages not yet acked by the workers (waiting + delivered but unacked), or negative. */
long long sr_queue_lag(sr_queue *q, sr_error *err);

#endif
