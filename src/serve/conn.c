/* src/serve/conn.c - per-connection deadlines (see serve_internal.h).
 *
 * libmicrohttpd's own timeout is an inactivity timeout: a client that sends
 * one byte a second never trips it. Here every connection carries a phase
 * and a clock, and a sweeper thread looks at them every SV_SWEEP_MS: a
 * connection still waiting for its request (headers or body), or still being
 * sent its answer, timeout_ms after the clock started is shut down, so the
 * event loop drops it. One that is mid-body first gets a 408.
 *
 * The socket stays valid while the sweeper uses it: MHD reports a connection
 * closed (sv_conn_remove, which takes the same lock) before it closes its socket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "serve_internal.h"

#define SV_SWEEP_MS 100 /* how often deadlines are checked */

struct sv_conn {
  int fd; /* MHD's socket (borrowed) */
  sv_phase phase;
  long long t0; /* ms: when the phase's clock started */
  int cut;      /* shut down by the sweeper */
  sv_conn *prev, *next;
};

struct sv_conns {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_t sweeper;
  int stop;
  int timeout_ms;
  sv_conn *head;
};

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A 408 on a connection whose request is still arriving: MHD is not writing
 * to it then (it reads), and the answer is far smaller than a socket buffer. */
static void send_408(int fd) {
  static const char msg[] =
      "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
      "Content-Length: 58\r\nConnection: close\r\n\r\n"
      "{\"error\":\"request not received in time (timeout); closed\"}";
  ssize_t n = send(fd, msg, sizeof msg - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  (void)n; /* best effort: the shutdown below is what counts */
}

static void sweep(struct sv_conns *cs) {
  long long now = now_ms();
  for (sv_conn *c = cs->head; c; c = c->next) {
    if (c->cut || c->phase == SV_BUSY || now - c->t0 <= cs->timeout_ms) continue;
    if (c->phase == SV_BODY) send_408(c->fd);
    shutdown(c->fd, SHUT_RDWR);
    c->cut = 1;
  }
}

static void *sweeper_main(void *arg) {
  struct sv_conns *cs = arg;
  pthread_mutex_lock(&cs->lock);
  while (!cs->stop) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += SV_SWEEP_MS * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
      t.tv_sec++;
      t.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&cs->wake, &cs->lock, &t);
    if (!cs->stop) sweep(cs);
  }
  pthread_mutex_unlock(&cs->lock);
  return NULL;
}

struct sv_conns *sv_conns_new(int timeout_ms) {
  struct sv_conns *cs = calloc(1, sizeof *cs);
  if (!cs) return NULL;
  pthread_mutex_init(&cs->lock, NULL);
  pthread_cond_init(&cs->wake, NULL);
  cs->timeout_ms = timeout_ms;
  if (pthread_create(&cs->sweeper, NULL, sweeper_main, cs)) {
    pthread_cond_destroy(&cs->wake);
    pthread_mutex_destroy(&cs->lock);
    free(cs);
    return NULL;
  }
  return cs;
}

void sv_conns_free(struct sv_conns *cs) {
  if (!cs) return;
  pthread_mutex_lock(&cs->lock);
  cs->stop = 1;
  pthread_cond_signal(&cs->wake);
  pthread_mutex_unlock(&cs->lock);
  pthread_join(cs->sweeper, NULL);
  while (cs->head) { /* none left once the daemon is stopped; be safe */
    sv_conn *c = cs->head;
    cs->head = c->next;
    free(c);
  }
  pthread_cond_destroy(&cs->wake);
  pthread_mutex_destroy(&cs->lock);
  free(cs);
}

sv_conn *sv_conn_add(struct sv_conns *cs, int fd) {
  sv_conn *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->fd = fd;
  c->phase = SV_IDLE;
  c->t0 = now_ms();
  pthread_mutex_lock(&cs->lock);
  c->next = cs->head;
  if (cs->head) cs->head->prev = c;
  cs->head = c;
  pthread_mutex_unlock(&cs->lock);
  return c;
}

void sv_conn_remove(struct sv_conns *cs, sv_conn *c) {
  if (!c) return;
  pthread_mutex_lock(&cs->lock);
  if (c->prev)
    c->prev->next = c->next;
  else
    cs->head = c->next;
  if (c->next) c->next->prev = c->prev;
  pthread_mutex_unlock(&cs->lock);
  free(c);
}

int sv_conn_phase(struct sv_conns *cs, sv_conn *c, sv_phase phase) {
  if (!c) return 0;
  pthread_mutex_lock(&cs->lock);
  int cut = c->cut;
  c->phase = phase;
  if (phase != SV_BODY) c->t0 = now_ms();
  pthread_mutex_unlock(&cs->lock);
  return cut ? -1 : 0;
}
