/* tests/unit/test_serve_route.c - the server's socket-free request layer
 * (src/serve/route.c, worker.c): Host names a loopback server accepts, body
 * collection and its cap, and whole requests through sv_begin/sv_body_done:
 * DNS-rebinding refusal (421), CORS preflights with and without --cors,
 * refused targets, the POST path up to its body, and 503 with Retry-After
 * when another connection holds the store's write lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/serve/serve_internal.h"

#define TOKEN "unit-token-0123456789abcdef"

static void test_host(void **state) {
  (void)state;
  static const char *const yes[] = {"localhost",   "LocalHost:8080",    "127.0.0.1",
                                    "127.0.0.1:1", "127.255.3.4:65535", "[::1]",
                                    "[::1]:8080"};
  static const char *const no[] = {"",
                                   "evil.example",
                                   "localhost.evil.example",
                                   "127.0.0.1.evil.example",
                                   "128.0.0.1",
                                   "127.0.0",
                                   "127.0.0.1.5",
                                   "127.0.0.256",
                                   "0x7f.0.0.1",
                                   "localhost:",
                                   "localhost:123456",
                                   "localhost:80x",
                                   "[::1",
                                   "[::2]:80",
                                   "[::1]x",
                                   "127.0.0.1 ",
                                   "1270.0.0.1"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (!sv_host_is_loopback(yes[i])) fail_msg("refused %s", yes[i]);
  }
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    if (sv_host_is_loopback(no[i])) fail_msg("accepted '%s'", no[i]);
  }
  assert_false(sv_host_is_loopback(NULL));
}

static void test_body(void **state) {
  (void)state;
  sv_body b = {0};
  sv_body_add(&b, 10, "abcdef", 6);
  sv_body_add(&b, 10, "ghij", 4);
  assert_int_equal(b.len, 10);
  assert_string_equal(b.buf, "abcdefghij");
  assert_false(b.too_large);
  sv_body_add(&b, 10, "k", 1); /* one byte over: everything goes */
  assert_true(b.too_large);
  assert_null(b.buf);
  sv_body_add(&b, 10, "l", 1);
  assert_int_equal(b.len, 0);
  sv_body_free(&b);
}

typedef struct fixture {
  char dir[64], db[128];
  sr_server *s;
  sv_worker *w;
  sv_req *r;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/sitrep-test-route-XXXXXX");
  if (!f || !mkdtemp(f->dir)) return -1;
  snprintf(f->db, sizeof f->db, "%s/s.db", f->dir);
  sr_serve_opts o = {.db_path = f->db, .write_token = TOKEN, .max_body = 1000};
  sr_error err;
  sr_error_clear(&err);
  if (sv_server_open(&f->s, &o, &err)) {
    fprintf(stderr, "sv_server_open: %s\n", err.msg);
    return -1;
  }
  f->w = sv_worker_get(f->s);
  f->r = malloc(sizeof *f->r);
  *state = f;
  return f->w && f->r ? 0 : -1;
}

static int teardown(void **state) {
  fixture *f = *state;
  sv_server_free(f->s);
  free(f->r);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  int rc = system(cmd);
  free(f);
  return rc;
}

/* One request; returns sv_begin's result, the answer in f->r. */
static int req(fixture *f, const char *method, const char *target, const char *host,
               const char *origin, const char *auth) {
  sv_in in = {.method = method,
              .target = target,
              .host = host,
              .origin = origin,
              .auth = auth,
              .content_length = -1};
  return sv_begin(f->r, f->s, f->w, &in);
}

static const char *body(fixture *f) {
  size_t n;
  return sv_answer_body(f->r, &n);
}

static void test_host_refused(void **state) {
  fixture *f = *state;
  f->s->loopback = 1;
  assert_int_equal(req(f, "GET", "/api/stats", "rebind.evil.example", NULL, NULL), 0);
  assert_int_equal(f->r->status, 421);
  assert_non_null(strstr(body(f), "{\"error\":\"Host 'rebind.evil.example' refused"));
  req(f, "GET", "/api/stats", "localhost:8080", NULL, NULL);
  assert_int_equal(f->r->status, 200);
  req(f, "GET", "/api/stats", NULL, NULL, NULL); /* HTTP/1.0 without Host */
  assert_int_equal(f->r->status, 200);
  f->s->loopback = 0; /* a server on a public address answers any Host */
  req(f, "GET", "/api/stats", "sitrep.example.org", NULL, NULL);
  assert_int_equal(f->r->status, 200);
}

static void test_cors(void **state) {
  fixture *f = *state;
  /* without --cors: no preflight, no Access-Control-* header */
  req(f, "OPTIONS", "/api/events", NULL, "https://evil.example", NULL);
  assert_int_equal(f->r->status, 405);
  assert_int_equal(f->r->cors, SV_CORS_NONE);
  req(f, "GET", "/api/stats", NULL, "https://evil.example", NULL);
  assert_int_equal(f->r->cors, SV_CORS_NONE);
  char origin[] = "https://map.example";
  f->s->cors = origin;
  req(f, "OPTIONS", "/api/documents", NULL, "https://map.example", NULL);
  assert_int_equal(f->r->status, 204);
  assert_int_equal(f->r->cors, SV_CORS_PREFLIGHT);
  req(f, "OPTIONS", "/api/documents", NULL, "https://evil.example", NULL);
  assert_int_equal(f->r->status, 403);
  assert_int_equal(f->r->cors, SV_CORS_NONE);
  req(f, "GET", "/api/stats", NULL, NULL, NULL);
  assert_int_equal(f->r->cors, SV_CORS_ORIGIN);
  f->s->cors = NULL;
}

static void test_targets(void **state) {
  fixture *f = *state;
  static const char *const refused[] = {"../../etc/passwd", "/api/../stats",      "/%2e%2e/x",
                                        "/app.js\\..",      "http://x/api/stats", ""};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    req(f, "GET", refused[i], NULL, NULL, NULL);
    if (f->r->status != 404) fail_msg("%s: %d", refused[i], f->r->status);
  }
  req(f, "GET", NULL, NULL, NULL, NULL); /* too long for the transport */
  assert_int_equal(f->r->status, 400);
  req(f, "GET", "/api/events?limit=1&limit=2", NULL, NULL, NULL);
  assert_int_equal(f->r->status, 400);
  assert_non_null(strstr(body(f), "twice"));
  req(f, "GET", "/app.js", NULL, NULL, NULL);
  assert_int_equal(f->r->status, 200);
  assert_true(f->r->ext_body);
}

static void test_post(void **state) {
  fixture *f = *state;
  assert_int_equal(req(f, "POST", "/api/documents", NULL, NULL, "Bearer wrong"), 0);
  assert_int_equal(f->r->status, 401);
  assert_int_equal(req(f, "POST", "/api/documents", NULL, NULL, "Bearer " TOKEN), SV_BODY_NEEDED);
  sv_body b = {.too_large = 1};
  sv_body_done(f->r, &b);
  assert_int_equal(f->r->status, 413);
  sv_in in = {.method = "POST",
              .target = "/api/documents",
              .auth = "Bearer " TOKEN,
              .content_length = 1001};
  assert_int_equal(sv_begin(f->r, f->s, f->w, &in), 0);
  assert_int_equal(f->r->status, 413);
}

static void test_locked(void **state) {
  fixture *f = *state;
  sqlite3 *other;
  assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
  assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(req(f, "POST", "/api/documents", NULL, NULL, "Bearer " TOKEN), SV_BODY_NEEDED);
  const char *doc = "{\"id\":\"d1\",\"date\":\"2018-11-26\",\"text\":\"Rebels shelled Daraa.\"}";
  sv_body b = {0};
  sv_body_add(&b, f->s->max_body, doc, strlen(doc));
  sv_body_done(f->r, &b);
  assert_int_equal(f->r->status, 503);
  assert_int_equal(f->r->retry_after, SV_RETRY_AFTER);
  assert_non_null(strstr(body(f), "locked"));
  sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(other);
  /* the lock gone, the same body is stored */
  assert_int_equal(req(f, "POST", "/api/documents", NULL, NULL, "Bearer " TOKEN), SV_BODY_NEEDED);
  sv_body_done(f->r, &b);
  assert_int_equal(f->r->status, 200);
  sv_body_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_host),
      cmocka_unit_test(test_body),
      cmocka_unit_test_setup_teardown(test_host_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_targets, setup, teardown),
      cmocka_unit_test_setup_teardown(test_post, setup, teardown),
      cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
