/* tests/unit/test_serve.c - the server's pieces that need no HTTP client:
 * constant-time token comparison, the embedded asset table (no traversal),
 * and start/stop with bad options (tests/e2e/serve_api.sh covers HTTP). */
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

static void test_token_equal(void **state) {
  (void)state;
  const char *t = "0123456789abcdef";
  assert_true(sr_serve_token_equal(t, 16, t, 16));
  assert_false(sr_serve_token_equal("0123456789abcdeX", 16, t, 16));
  assert_false(sr_serve_token_equal("X123456789abcdef", 16, t, 16));
  assert_false(sr_serve_token_equal("0123456789abcde", 15, t, 16));
  assert_false(sr_serve_token_equal("0123456789abcdef0", 17, t, 16));
  assert_false(sr_serve_token_equal("", 0, t, 16));
  /* a prefix padded with NULs is still a different token */
  assert_false(sr_serve_token_equal("0123456789abcdef\0", 17, t, 16));
}

static void test_assets(void **state) {
  (void)state;
  const sr_web_asset *a = sr_web_asset_find("/");
  assert_non_null(a);
  assert_string_equal(a->mime, "text/html; charset=utf-8");
  assert_true(a->len > 100);
  assert_ptr_equal(sr_web_asset_find("/index.html"), a);
  assert_non_null(sr_web_asset_find("/app.js"));
  assert_non_null(sr_web_asset_find("/app.css"));
  assert_non_null(sr_web_asset_find("/licenses"));
  static const char *const bad[] = {"",          "/../app.js",  "/app.js/..", "/%2e%2e/app.js",
                                    "/APP.JS",   "app.js",      "/app.js?x",  "//app.js",
                                    "/./app.js", "/etc/passwd", "/vendor/",   "/vendor"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_null(sr_web_asset_find(bad[i]));
  assert_null(sr_web_asset_find(NULL));
}

static void test_start_stop(void **state) {
  (void)state;
  char dir[] = "/tmp/sitrep-test-serve-XXXXXX", db[256];
  assert_non_null(mkdtemp(dir));
  snprintf(db, sizeof db, "%s/s.db", dir);
  sr_error err;
  sr_error_clear(&err);
  sr_server *srv = NULL;
  sr_serve_opts o = {.db_path = db};
  /* no store yet: read-only start fails and says why */
  assert_true(sr_serve_start(&srv, &o, &err) < 0);
  assert_null(srv);
  sr_store *st;
  assert_int_equal(sr_store_open(&st, db, SR_STORE_CREATE, &err), 0);
  sr_store_close(st);
  o.threads = 1000;
  assert_int_equal(sr_serve_start(&srv, &o, &err), SR_EINPUT);
  assert_non_null(strstr(err.msg, "--threads"));
  o.threads = 2;
  o.write_token = "short";
  assert_int_equal(sr_serve_start(&srv, &o, &err), SR_EINPUT);
  o.write_token = NULL;
  o.cors_origin = "https://a.example\r\nSet-Cookie: x=1";
  assert_int_equal(sr_serve_start(&srv, &o, &err), SR_EINPUT);
  o.cors_origin = NULL;
  assert_int_equal(sr_serve_start(&srv, &o, &err), 0);
  assert_true(sr_serve_port(srv) > 0);
  sr_serve_stop(srv);
  sr_serve_stop(NULL);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_token_equal),
      cmocka_unit_test(test_assets),
      cmocka_unit_test(test_start_stop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
