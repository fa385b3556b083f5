/* src/queue/nats.c - the document queue on NATS JetStream (see sitrep/queue.h). */
#include "sitrep/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef SITREP_HAVE_NATS

static int no_queue(sr_error *err) {
  return sr_error_set(err, SR_ENOTFOUND,
                      "this sitrep was built without the queue (libnats); install libnats-dev "
                      "(scripts/setup.sh packages) and build again");
}
int sr_queue_available(void) { return 0; }
int sr_queue_open(sr_queue **out, const sr_queue_opts *o, sr_error *err) {
  (void)o;
  *out = NULL;
  return no_queue(err);
}
void sr_queue_close(sr_queue *q) { (void)q; }

int sr_queue_publish(sr_queue *q, const char *msgid, const char *data, size_t len, int *duplicate,
                     sr_error *err) {
  (void)q, (void)msgid, (void)data, (void)len, (void)duplicate;
  return no_queue(err);
}
int sr_queue_subscribe(sr_queue *q, sr_error *err) {
  (void)q;
  return no_queue(err);
}
int sr_queue_fetch(sr_queue *q, sr_queue_msg **msgs, int max, long timeout_ms, int *n, sr_error *err) {
  (void)q, (void)msgs, (void)max, (void)timeout_ms;
  *n = 0;
  return no_queue(err);
}
const char *sr_queue_msg_data(const sr_queue_msg *m, size_t *len) {
  (void)m;
  *len = 0;
  return "";
}
uint64_t sr_queue_msg_seq(const sr_queue_msg *m) { return (void)m, 0; }
int sr_queue_msg_deliveries(const sr_queue_msg *m) { return (void)m, 0; }
int sr_queue_ack(sr_queue_msg *m, sr_error *err) { return (void)m, no_queue(err); }
int sr_queue_nak(sr_queue_msg *m, long delay_ms, sr_error *err) { return (void)m, (void)delay_ms, no_queue(err); }
int sr_queue_term(sr_queue_msg *m, sr_error *err) { return (void)m, no_queue(err); }
void sr_queue_msg_free(sr_queue_msg *m) { (void)m; }
long long sr_queue_lag(sr_queue *q, sr_error *err) { return (void)q, no_queue(err); }

#else
#include <nats/nats.h>
#include <pthread.h>

struct sr_queue {
  natsConnection *nc;
  jsCtx *js;
  natsSubscription *sub;
  char url[512], stream[64], subject[128], consumer[64];
  long ack_wait_s;
  int counted; /* opened: one of g_open */
};
struct sr_queue_msg {
  natsMsg *m;
  uint64_t seq;
  int deliveries;
};

int sr_queue_available(void) { return 1; }

/* open queues of this process: the library's own threads and memory go with the last one */
static int g_open;
static pthread_mutex_t g_open_mu = PTHREAD_MUTEX_INITIALIZER;
static void queue_release(int counted);

static int nats_fail(sr_error *err, const sr_queue *q, const char *what, natsStatus s, jsErrCode jerr) {
  const char *txt = natsStatus_GetText(s);
  if (q->nc && natsConnection_Status(q->nc) != NATS_CONN_STATUS_CONNECTED)
    return sr_error_set(err, SR_EIO, "queue %s: %s: the server is not reachable (reconnecting)", q->url, what);
  if (s == NATS_NO_SERVER || s == NATS_CONNECTION_CLOSED || s == NATS_CONNECTION_DISCONNECTED ||
      s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS)
    return sr_error_set(err, SR_EIO, "queue %s: %s: %s%s", q->url, what, txt,
                        s == NATS_NO_RESPONDERS ? " (JetStream is not answering: starting up, or nats-server runs without -js)" : "");
  if (jerr) return sr_error_set(err, SR_EIO, "queue %s: %s: %s (JetStream error %d)", q->url, what, txt, (int)jerr);
  return sr_error_set(err, SR_EIO, "queue %s: %s failed (%s; the server may be restarting)", q->url, what, txt);
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

int sr_queue_open(sr_queue **out, const sr_queue_opts *o, sr_error *err) {
  *out = NULL;
  if (!o || !o->url || !*o->url) return sr_error_set(err, SR_EINPUT, "no queue URL (--nats nats://HOST:4222)");
  sr_queue *q = calloc(1, sizeof *q);
  if (!q) return sr_error_set(err, SR_ENOMEM, "out of memory");
  snprintf(q->url, sizeof q->url, "%s", o->url);
  snprintf(q->stream, sizeof q->stream, "%s", o->stream ? o->stream : SR_QUEUE_STREAM);
  snprintf(q->subject, sizeof q->subject, "%s", o->subject ? o->subject : SR_QUEUE_SUBJECT);
  snprintf(q->consumer, sizeof q->consumer, "%s", o->consumer ? o->consumer : SR_QUEUE_CONSUMER);
  q->ack_wait_s = o->ack_wait_s > 0 ? o->ack_wait_s : 60;
  natsOptions *no = NULL;
  natsStatus s = natsOptions_Create(&no);
  if (s == NATS_OK) s = natsOptions_SetURL(no, o->url);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(no, -1); /* forever: a restarted server is found again */
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(no, 250);
  if (s == NATS_OK) s = natsOptions_SetTimeout(no, 2000);
  if (s == NATS_OK) s = natsOptions_SetReconnectBufSize(no, 0); /* no silent buffering while down */
  if (s != NATS_OK) {
    natsOptions_Destroy(no);
    free(q);
    return sr_error_set(err, SR_EINPUT, "queue URL '%s': %s", o->url, natsStatus_GetText(s));
  }
  long wait = o->connect_wait_ms > 0 ? o->connect_wait_ms : 5000, waited = 0, step = 200;
  for (;;) {
    s = natsConnection_Connect(&q->nc, no);
    if (s == NATS_OK || waited >= wait) break;
    sleep_ms(step);
    waited += step;
    if (step < 1000) step *= 2;
  }
  natsOptions_Destroy(no);
  if (s != NATS_OK) {
    int rc = sr_error_set(err, SR_EIO, "cannot reach the queue at %s: %s (is nats-server running? e.g. "
                                       "nats-server -js -sd DIR)", o->url, natsStatus_GetText(s));
    free(q);
    queue_release(0);
    return rc;
  }
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = 5000;
  s = natsConnection_JetStream(&q->js, q->nc, &jo);
  jsErrCode jerr = 0;
  jsStreamInfo *si = NULL;
  if (s == NATS_OK) {
    s = js_GetStreamInfo(&si, q->js, q->stream, NULL, &jerr);
    if (s == NATS_NOT_FOUND) {
      jsStreamConfig sc;
      jsStreamConfig_Init(&sc);
      const char *subj[1] = {q->subject};
      sc.Name = q->stream;
      sc.Subjects = subj;
      sc.SubjectsLen = 1;
      sc.Retention = js_WorkQueuePolicy;
      sc.Storage = js_FileStorage;
      sc.Duplicates = (int64_t)(o->dup_window_s > 0 ? o->dup_window_s : 7200) * 1000000000LL;
      jerr = 0;
      s = js_AddStream(&si, q->js, &sc, NULL, &jerr);
      if (s == NATS_ERR && jerr == JSStreamNameExistErr) s = NATS_OK; /* another process made it first */
    }
  }
  jsStreamInfo_Destroy(si);
  if (s != NATS_OK) {
    int rc = nats_fail(err, q, "setting up the stream " SR_QUEUE_STREAM, s, jerr);
    if (s == NATS_NO_RESPONDERS || s == NATS_TIMEOUT)
      rc = sr_error_set(err, SR_EIO, "queue %s has no JetStream (start nats-server with -js)", q->url);
    sr_queue_close(q);
    return rc;
  }
  pthread_mutex_lock(&g_open_mu);
  g_open++;
  pthread_mutex_unlock(&g_open_mu);
  q->counted = 1;
  *out = q;
  return 0;
}

/* no queue of this process is open any more: let the library go (its threads, its memory) */
static void queue_release(int counted) {
  pthread_mutex_lock(&g_open_mu);
  if (counted) g_open--;
  int last = g_open == 0;
  pthread_mutex_unlock(&g_open_mu);
  if (last) nats_CloseAndWait(2000);
}

void sr_queue_close(sr_queue *q) {
  if (!q) return;
  if (q->sub) natsSubscription_Destroy(q->sub);
  if (q->js) jsCtx_Destroy(q->js);
  if (q->nc) {
    natsConnection_FlushTimeout(q->nc, 1000); /* pending acks leave before the socket closes */
    natsConnection_Destroy(q->nc);
  }
  int counted = q->counted;
  free(q);
  queue_release(counted);
}
int sr_queue_publish(sr_queue *q, const char *msgid, const char *data, size_t len, int *duplicate,
                     sr_error *err) {
  if (duplicate) *duplicate = 0;
  if (len > SR_QUEUE_MAX_MSG)
    return sr_error_set(err, SR_ELIMIT, "document of %zu bytes is over the %zu-byte message cap", len,
                        SR_QUEUE_MAX_MSG);
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = msgid;
  po.MaxWait = 5000;
  jsPubAck *pa = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_Publish(&pa, q->js, q->subject, data, (int)len, &po, &jerr);
  if (s != NATS_OK) return nats_fail(err, q, "publish", s, jerr);
  if (duplicate && pa) *duplicate = pa->Duplicate;
  jsPubAck_Destroy(pa);
  return 0;
}

int sr_queue_subscribe(sr_queue *q, sr_error *err) {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = q->stream;
  so.ManualAck = true;
  jsErrCode jerr = 0;
  jsConsumerInfo *ci = NULL;
  natsStatus s = js_GetConsumerInfo(&ci, q->js, q->stream, q->consumer, NULL, &jerr);
  jsConsumerInfo_Destroy(ci);
  if (s == NATS_OK) {
    so.Consumer = q->consumer; /* it exists: bind to it as it is (its ack wait was set by the first worker) */
  } else {
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = (int64_t)q->ack_wait_s * 1000000000LL;
    so.Config.MaxAckPending = 4096;
  }
  jerr = 0;
  s = js_PullSubscribe(&q->sub, q->js, q->subject, q->consumer, NULL, &so, &jerr);
  if (s != NATS_OK) return nats_fail(err, q, "binding to the workers' consumer", s, jerr);
  return 0;
}

int sr_queue_fetch(sr_queue *q, sr_queue_msg **msgs, int max, long timeout_ms, int *n, sr_error *err) {
  *n = 0;
  natsMsgList list = {0};
  jsErrCode jerr = 0;
  natsStatus s = natsSubscription_Fetch(&list, q->sub, max, timeout_ms, &jerr);
  if (s == NATS_TIMEOUT && list.Count == 0) return 0;
  if (s != NATS_OK && list.Count == 0) return nats_fail(err, q, "fetch", s, jerr);
  for (int i = 0; i < list.Count; i++) {
    sr_queue_msg *m = calloc(1, sizeof *m);
    if (!m) { /* not acked: it comes back after the ack wait */
      natsMsg_Destroy(list.Msgs[i]);
      continue;
    }
    m->m = list.Msgs[i];
    list.Msgs[i] = NULL;
    jsMsgMetaData *md = NULL;
    if (natsMsg_GetMetaData(&md, m->m) == NATS_OK && md) {
      m->seq = md->Sequence.Stream;
      m->deliveries = (int)md->NumDelivered;
      jsMsgMetaData_Destroy(md);
    }
    msgs[(*n)++] = m;
  }
  natsMsgList_Destroy(&list);
  return 0;
}

const char *sr_queue_msg_data(const sr_queue_msg *m, size_t *len) {
  *len = (size_t)natsMsg_GetDataLength(m->m);
  return natsMsg_GetData(m->m);
}
uint64_t sr_queue_msg_seq(const sr_queue_msg *m) { return m->seq; }
int sr_queue_msg_deliveries(const sr_queue_msg *m) { return m->deliveries; }

static int msg_status(natsStatus s, sr_error *err, const char *what) {
  if (s == NATS_OK) return 0;
  return sr_error_set(err, SR_EIO, "queue: %s: %s", what, natsStatus_GetText(s));
}
int sr_queue_ack(sr_queue_msg *m, sr_error *err) { return msg_status(natsMsg_Ack(m->m, NULL), err, "ack"); }
int sr_queue_nak(sr_queue_msg *m, long delay_ms, sr_error *err) {
  return msg_status(natsMsg_NakWithDelay(m->m, delay_ms, NULL), err, "nak");
}
int sr_queue_term(sr_queue_msg *m, sr_error *err) { return msg_status(natsMsg_Term(m->m, NULL), err, "term"); }
void sr_queue_msg_free(sr_queue_msg *m) {
  if (!m) return;
  natsMsg_Destroy(m->m);
  free(m);
}

long long sr_queue_lag(sr_queue *q, sr_error *err) {
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetConsumerInfo(&ci, q->js, q->stream, q->consumer, NULL, &jerr);
  if (s != NATS_OK) return nats_fail(err, q, "consumer info", s, jerr);
  long long lag = (long long)ci->NumPending + (long long)ci->NumAckPending;
  jsConsumerInfo_Destroy(ci);
  return lag;
}
#endif
