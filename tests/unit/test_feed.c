/* test_feed.c - `sitrep watch`'s parts: the source list (kinds, comments, bad lines named
 * by line, caps), the backoff schedule, per-host politeness, the state (validators, items
 * seen, kept across a reopen, a rolled-back transaction leaves nothing), the conditional-GET
 * headers (which response headers are kept, a redirect's headers dropped, no control
 * characters sent back), the fetch caps against a loopback server (body size with and
 * without Content-Length, time, redirects, a refused port), several fetches at once, and
 * documents as messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sitrep/feed.h"

typedef struct errs {
  int n;
  long line[16];
  char msg[16][256];
} errs;

static void on_err(const sr_error *e, void *ud) {
  errs *x = ud;
  if (x->n < 16) {
    x->line[x->n] = e->line;
    snprintf(x->msg[x->n], sizeof x->msg[x->n], "%s", e->msg);
  }
  x->n++;
}

static void test_list(void **state) {
  (void)state;
  const char *text = "# a comment\n"
                     "\n"
                     "http://a.example/feed.rss\n"
                     "feed https://b.example/atom   # trailing comment\n"
                     "page http://c.example/story.html#part\n"
                     "ftp://d.example/x\n"
                     "bogus http://e.example/\n"
                     "http://a.example/feed.rss\n"
                     "page\n"
                     "feed http://f.example/ extra\n"
                     "http:///nohost\n";
  sr_source_list l;
  errs x = {0};
  sr_error err;
  assert_int_equal(sr_source_list_parse("list.txt", text, strlen(text), &l, on_err, &x, &err), 0);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.v[0].url, "http://a.example/feed.rss");
  assert_int_equal(l.v[0].kind, SR_SRC_FEED);
  assert_int_equal(l.v[0].line, 3);
  assert_string_equal(l.v[1].url, "https://b.example/atom");
  assert_int_equal(l.v[2].kind, SR_SRC_PAGE);
  assert_string_equal(l.v[2].url, "http://c.example/story.html#part"); /* a fragment is no comment */
  assert_int_equal(x.n, 6);
  assert_int_equal(x.line[0], 6);
  assert_non_null(strstr(x.msg[0], "only http:// and https://"));
  assert_int_equal(x.line[1], 7);
  assert_non_null(strstr(x.msg[1], "unknown kind 'bogus'"));
  assert_int_equal(x.line[2], 8);
  assert_non_null(strstr(x.msg[2], "listed twice"));
  assert_non_null(strstr(x.msg[3], "without a URL"));
  assert_non_null(strstr(x.msg[4], "extra words"));
  assert_non_null(strstr(x.msg[5], "no host"));
  sr_source_list_free(&l);

  /* caps: an over-long URL and an over-long line are skipped with their line */
  size_t n = SR_FEED_MAX_LINE + 100;
  char *big = malloc(n + SR_FEED_MAX_URL + 64);
  strcpy(big, "http://x.example/");
  memset(big + 17, 'a', SR_FEED_MAX_URL);
  strcpy(big + 17 + SR_FEED_MAX_URL, "\n");
  size_t k = strlen(big);
  memset(big + k, 'b', SR_FEED_MAX_LINE + 5);
  strcpy(big + k + SR_FEED_MAX_LINE + 5, "\nhttp://ok.example/\n");
  errs y = {0};
  assert_int_equal(sr_source_list_parse("big.txt", big, strlen(big), &l, on_err, &y, &err), 0);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.v[0].line, 3);
  assert_int_equal(y.n, 2);
  assert_non_null(strstr(y.msg[0], "URL over"));
  assert_non_null(strstr(y.msg[1], "line over"));
  sr_source_list_free(&l);
  free(big);
}

static void test_backoff(void **state) {
  (void)state;
  assert_int_equal(sr_feed_backoff(0, 60, 3600), 0);
  assert_int_equal(sr_feed_backoff(1, 60, 3600), 60);
  assert_int_equal(sr_feed_backoff(2, 60, 3600), 120);
  assert_int_equal(sr_feed_backoff(3, 60, 3600), 240);
  assert_int_equal(sr_feed_backoff(6, 60, 3600), 1920);
  assert_int_equal(sr_feed_backoff(7, 60, 3600), 3600);
  assert_int_equal(sr_feed_backoff(1000000, 60, 3600), 3600); /* no overflow */
  assert_int_equal(sr_feed_backoff(3, 5000, 3600), 3600);      /* base over the cap */
}

static void test_hosts(void **state) {
  (void)state;
  char h[64];
  assert_int_equal(sr_url_host("https://User@News.Example.org:8443/a?b#c", h, sizeof h), 0);
  assert_string_equal(h, "news.example.org");
  assert_int_equal(sr_url_host("http://[::1]:8080/x", h, sizeof h), 0);
  assert_string_equal(h, "[::1]");
  assert_int_not_equal(sr_url_host("no-scheme", h, sizeof h), 0);
  assert_int_not_equal(sr_url_host("http:///x", h, sizeof h), 0);
  sr_hosts *hs = sr_hosts_new();
  assert_true(sr_hosts_wait(hs, "a", 1000, 500) == 0);
  sr_hosts_note(hs, "a", 1000);
  assert_true(sr_hosts_wait(hs, "a", 1200, 500) == 300);
  assert_true(sr_hosts_wait(hs, "a", 1500, 500) == 0);
  assert_true(sr_hosts_wait(hs, "b", 1200, 500) == 0); /* another host is not held up */
  sr_hosts_free(hs);
}

static void test_state(void **state) {
  (void)state;
  char dir[] = "/tmp/sitrep_feed_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/w.state", dir);
  sr_feed_state *s;
  sr_error err;
  assert_int_equal(sr_feed_state_open(&s, path, &err), 0);
  sr_feed_info in;
  assert_int_equal(sr_feed_state_get(s, "http://a/", &in, &err), 0);
  assert_string_equal(in.etag, "");
  assert_int_equal(in.failures, 0);
  sr_feed_info v = {.next_due = 1234, .failures = 2, .last_ok = 99};
  strcpy(v.etag, "\"abc\"");
  strcpy(v.last_modified, "Tue, 12 Mar 2024 07:10:00 GMT");
  strcpy(v.last_error, "HTTP status 503");
  assert_int_equal(sr_feed_state_put(s, "http://a/", &v, &err), 0);
  assert_int_equal(sr_feed_state_seen(s, "http://a/", "item1", 42, &err), 0);
  assert_int_equal(sr_feed_state_mark(s, "http://a/", "item1", 42, &err), 0);
  assert_int_equal(sr_feed_state_seen(s, "http://a/", "item1", 42, &err), 1);
  assert_int_equal(sr_feed_state_seen(s, "http://a/", "item1", 43, &err), 0); /* changed text */
  assert_int_equal(sr_feed_state_seen(s, "http://b/", "item1", 42, &err), 0); /* per source */
  /* a rolled-back transaction leaves nothing */
  assert_int_equal(sr_feed_state_begin(s, &err), 0);
  assert_int_equal(sr_feed_state_mark(s, "http://a/", "item2", 7, &err), 0);
  sr_feed_state_rollback(s);
  assert_int_equal(sr_feed_state_seen(s, "http://a/", "item2", 7, &err), 0);
  assert_int_equal(sr_feed_state_items(s, NULL, &err), 1);
  /* pruning: an item seen just now stays; one not seen for longer than the age goes */
  assert_int_equal(sr_feed_state_mark(s, "http://a/", "old", 5, &err), 0);
  assert_int_equal(sr_feed_state_touch(s, "http://a/", "old", &err), 1);
  assert_int_equal(sr_feed_state_touch(s, "http://a/", "never", &err), 0);
  assert_int_equal(sr_feed_state_prune(s, "http://a/", 3600, &err), 0);
  assert_int_equal(sr_feed_state_prune(s, "http://a/", -3600, &err), 2); /* everything is older than 1 h ahead */
  assert_int_equal(sr_feed_state_items(s, "http://a/", &err), 0);
  assert_int_equal(sr_feed_state_mark(s, "http://a/", "item1", 42, &err), 0);
  sr_feed_state_close(s);
  /* kept across a reopen */
  assert_int_equal(sr_feed_state_open(&s, path, &err), 0);
  assert_int_equal(sr_feed_state_get(s, "http://a/", &in, &err), 0);
  assert_string_equal(in.etag, "\"abc\"");
  assert_string_equal(in.last_modified, "Tue, 12 Mar 2024 07:10:00 GMT");
  assert_int_equal(in.next_due, 1234);
  assert_int_equal(in.failures, 2);
  assert_string_equal(in.last_error, "HTTP status 503");
  assert_int_equal(sr_feed_state_seen(s, "http://a/", "item1", 42, &err), 1);
  sr_feed_state_close(s);
  /* a file that is no state */
  char bad[256];
  snprintf(bad, sizeof bad, "%s/bad.state", dir);
  FILE *f = fopen(bad, "w");
  fputs("this is not a database, just text long enough to be refused by SQLite as one....", f);
  fclose(f);
  assert_int_not_equal(sr_feed_state_open(&s, bad, &err), 0);
  assert_non_null(strstr(err.msg, "bad.state"));
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_headers(void **state) {
  (void)state;
  sr_fetch_result r;
  memset(&r, 0, sizeof r);
#define H(s) sr_fetch_header(&r, s, strlen(s))
  H("HTTP/1.1 301 Moved\r\n");
  H("ETag: \"redirect-etag\"\r\n");
  H("HTTP/1.1 200 OK\r\n"); /* the answer after the redirect: the redirect's headers go */
  assert_string_equal(r.etag, "");
  H("etag:   W/\"v2\"  \r\n");
  H("Last-Modified: Tue, 12 Mar 2024 07:10:00 GMT\r\n");
  H("Content-Type: application/rss+xml\r\n");
  H("Retry-After: 120\r\n");
  H("X-Other: 1\r\n");
  assert_string_equal(r.etag, "W/\"v2\"");
  assert_string_equal(r.last_modified, "Tue, 12 Mar 2024 07:10:00 GMT");
  assert_string_equal(r.content_type, "application/rss+xml");
  assert_int_equal(r.retry_after, 120);
  H("Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"); /* a date: ignored, earlier value kept */
  assert_int_equal(r.retry_after, 120);
  H("Retry-After: 99999999\r\n");
  assert_int_equal(r.retry_after, 86400); /* capped at a day */
  /* an ETag with a control character or over 255 bytes is dropped, never sent back */
  H("ETag: \"a\x01b\"\r\n");
  assert_string_equal(r.etag, "");
  char longe[400] = "ETag: \"";
  memset(longe + 7, 'x', 300);
  strcpy(longe + 307, "\"\r\n");
  sr_fetch_header(&r, longe, strlen(longe));
  assert_string_equal(r.etag, "");
  H("ETag-Like: no\r\n");
  assert_string_equal(r.etag, "");
#undef H
  sr_feed_info info;
  memset(&info, 0, sizeof info);
  char out[2][320];
  assert_int_equal(sr_fetch_cond_headers(&info, out), 0);
  assert_int_equal(sr_fetch_cond_headers(NULL, out), 0);
  strcpy(info.etag, "\"v1\"");
  assert_int_equal(sr_fetch_cond_headers(&info, out), 1);
  assert_string_equal(out[0], "If-None-Match: \"v1\"");
  strcpy(info.last_modified, "Tue, 12 Mar 2024 07:10:00 GMT");
  assert_int_equal(sr_fetch_cond_headers(&info, out), 2);
  assert_string_equal(out[1], "If-Modified-Since: Tue, 12 Mar 2024 07:10:00 GMT");
}

/* ---- a loopback server: each connection gets the answer of the path asked */
typedef struct srv {
  int fd, port;
  pthread_t th;
} srv;

static void answer(int c, const char *req) {
  char hdr[512];
  if (strstr(req, "GET /big ")) { /* 1 MiB, no Content-Length */
    const char *h = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
    if (send(c, h, strlen(h), MSG_NOSIGNAL) < 0) return;
    char buf[4096];
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < 256; i++)
      if (send(c, buf, sizeof buf, MSG_NOSIGNAL) < 0) return;
  } else if (strstr(req, "GET /declared ")) {
    snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n");
    if (send(c, hdr, strlen(hdr), MSG_NOSIGNAL) < 0) return;
  } else if (strstr(req, "GET /loop ")) {
    snprintf(hdr, sizeof hdr, "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if (send(c, hdr, strlen(hdr), MSG_NOSIGNAL) < 0) return;
  } else if (strstr(req, "GET /slow ")) {
    sleep(3);
  } else if (strstr(req, "If-None-Match: \"v1\"")) {
    snprintf(hdr, sizeof hdr, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n");
    if (send(c, hdr, strlen(hdr), MSG_NOSIGNAL) < 0) return;
  } else {
    const char *body = "<rss><channel><item><guid>g1</guid><description>Text.</description></item></channel></rss>";
    snprintf(hdr, sizeof hdr,
             "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nLast-Modified: Tue, 12 Mar 2024 07:10:00 GMT\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
    if (send(c, hdr, strlen(hdr), MSG_NOSIGNAL) < 0) return;
  }
}

static void *serve(void *ud) {
  srv *s = ud;
  for (;;) {
    int c = accept(s->fd, NULL, NULL);
    if (c < 0) return NULL;
    char req[2048];
    ssize_t n = read(c, req, sizeof req - 1);
    req[n > 0 ? n : 0] = 0;
    answer(c, req);
    close(c);
  }
}

static void test_fetch_caps(void **state) {
  (void)state;
  srv s;
  s.fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(bind(s.fd, (struct sockaddr *)&a, sizeof a), 0);
  socklen_t al = sizeof a;
  getsockname(s.fd, (struct sockaddr *)&a, &al);
  s.port = ntohs(a.sin_port);
  listen(s.fd, 16);
  pthread_create(&s.th, NULL, serve, &s);
  char url[128];
  sr_fetch_result r;
  sr_error err;
  sr_fetch_opts o = {.max_bytes = 64 * 1024, .timeout_ms = 1000};

  snprintf(url, sizeof url, "http://127.0.0.1:%d/feed", s.port);
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), 0);
  assert_int_equal(r.status, 200);
  assert_string_equal(r.etag, "\"v1\"");
  assert_non_null(strstr(r.body.data, "<guid>g1</guid>"));
  sr_feed_info info;
  memset(&info, 0, sizeof info);
  strcpy(info.etag, r.etag);
  sr_fetch_result_free(&r);
  assert_int_equal(sr_fetch(url, &info, &o, &r, &err), 0); /* conditional: not modified */
  assert_int_equal(r.status, 304);
  assert_int_equal(r.body.len, 0);
  sr_fetch_result_free(&r);

  snprintf(url, sizeof url, "http://127.0.0.1:%d/big", s.port);
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), SR_ELIMIT);
  assert_non_null(strstr(err.msg, "larger than the 64 KiB cap"));
  assert_true(r.body.len <= 64 * 1024);
  sr_fetch_result_free(&r);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/declared", s.port);
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), SR_ELIMIT);
  assert_non_null(strstr(err.msg, "cap"));
  sr_fetch_result_free(&r);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/loop", s.port);
  o.max_redirs = 3;
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), SR_EIO);
  assert_non_null(strstr(err.msg, "more than 3 redirects"));
  sr_fetch_result_free(&r);
  o.max_redirs = -1; /* none followed: the 302 is the answer */
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), 0);
  assert_int_equal(r.status, 302);
  sr_fetch_result_free(&r);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/slow", s.port);
  assert_int_equal(sr_fetch(url, NULL, &o, &r, &err), SR_ELIMIT);
  assert_non_null(strstr(err.msg, "within 1 s"));
  sr_fetch_result_free(&r);
  /* several at once: each result comes back with its tag; a refused port among them */
  o.timeout_ms = 8000; /* the one-connection-at-a-time server may still sleep in /slow */
  sr_fetcher *f = sr_fetcher_new(3);
  assert_non_null(f);
  char u1[128], u2[128];
  snprintf(u1, sizeof u1, "http://127.0.0.1:%d/feed", s.port);
  snprintf(u2, sizeof u2, "http://127.0.0.1:%d/big", s.port);
  int tags[3] = {1, 2, 3}, seen = 0;
  assert_int_equal(sr_fetcher_start(f, u1, NULL, &o, &tags[0], &err), 0);
  assert_int_equal(sr_fetcher_start(f, u2, NULL, &o, &tags[1], &err), 0);
  assert_int_equal(sr_fetcher_start(f, "http://127.0.0.1:1/x", NULL, &o, &tags[2], &err), 0);
  assert_int_equal(sr_fetcher_room(f), 0);
  assert_int_equal(sr_fetcher_start(f, u1, NULL, &o, &tags[0], &err), SR_ELIMIT);
  for (int k = 0; k < 100 && sr_fetcher_running(f) > 0; k++) {
    void *tag;
    int frc;
    if (sr_fetcher_wait(f, 200, &tag, &r, &frc, &err) != 1) continue;
    int t = *(int *)tag;
    seen |= 1 << t;
    if (t == 1) {
      assert_int_equal(frc, 0);
      assert_int_equal(r.status, 200);
      assert_non_null(strstr(r.body.data, "<guid>g1</guid>"));
    } else if (t == 2) {
      assert_int_equal(frc, SR_ELIMIT);
    } else {
      assert_int_equal(frc, SR_EIO);
    }
    sr_fetch_result_free(&r);
  }
  assert_int_equal(seen, 2 | 4 | 8);
  sr_fetcher_free(f);
  f = sr_fetcher_new(1); /* freed with a transfer still running */
  snprintf(url, sizeof url, "http://127.0.0.1:%d/feed", s.port);
  assert_int_equal(sr_fetcher_start(f, url, NULL, &o, NULL, &err), 0);
  sr_fetcher_free(f);
  /* a refused port, and a scheme that is not fetched */
  assert_int_equal(sr_fetch("http://127.0.0.1:1/x", NULL, &o, &r, &err), SR_EIO);
  sr_fetch_result_free(&r);
  assert_int_equal(sr_fetch("file:///etc/passwd", NULL, &o, &r, &err), SR_EIO);
  assert_int_equal(r.body.len, 0);
  sr_fetch_result_free(&r);
  shutdown(s.fd, SHUT_RDWR);
  close(s.fd);
  pthread_join(s.th, NULL);
}

static void test_messages(void **state) {
  (void)state;
  sr_input_doc d = {.id = "a\"1", .date = "2024-03-12", .title = "T", .text = "line one\nline \"two\"", .len = 19};
  sr_buf b;
  sr_buf_init(&b, 1 << 20);
  assert_int_equal(sr_doc_to_jsonl(&d, &b), 0);
  assert_string_equal(b.data, "{\"id\":\"a\\\"1\",\"date\":\"2024-03-12\",\"title\":\"T\",\"text\":\"line one\\nline \\\"two\\\"\"}\n");
  sr_buf_free(&b);
  char m1[64], m2[64], m3[64];
  sr_doc_msgid("a", "x", 1, m1, sizeof m1);
  sr_doc_msgid("a", "y", 1, m2, sizeof m2);
  sr_doc_msgid("a", "x", 1, m3, sizeof m3);
  assert_string_not_equal(m1, m2);
  assert_string_equal(m1, m3);
  assert_int_equal(strlen(m1), 33);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_list),    cmocka_unit_test(test_backoff),    cmocka_unit_test(test_hosts),
      cmocka_unit_test(test_state),   cmocka_unit_test(test_headers),    cmocka_unit_test(test_fetch_caps),
      cmocka_unit_test(test_messages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
