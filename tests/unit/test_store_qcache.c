/* test_store_qcache.c - the read path's count cache (src/store/qcache.c): counts kept per
 * key under the store's version, the least recently used of a full set evicted, every
 * count dropped when another connection commits, and its size bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/store_internal.h"

#include "store_fixture.h"

static int setup(void **state) { return store_fixture_setup(state, "qcache"); }
static int teardown(void **state) { return store_fixture_teardown(state); }

static size_t set_of(const char *k) {
  return (size_t)(sr_hash64(k, strlen(k)) & (SR_QC_COUNT_SETS - 1));
}

/* n keys (into keys[i], 32 bytes each) that share one set */
static void same_set_keys(char keys[][32], int n) {
  snprintf(keys[0], 32, "key-0");
  size_t want = set_of(keys[0]);
  int got = 1;
  for (int i = 1; got < n; i++) {
    snprintf(keys[got], 32, "key-%d", i);
    if (set_of(keys[got]) == want) got++;
  }
}

static long get(sr_store *s, const char *k) {
  long n = -1;
  return sr_qcache_count_get(s, k, strlen(k), &n) ? n : -1;
}

static void put(sr_store *s, const char *k, long n) {
  sr_qcache_count_put(s, k, strlen(k), n);
}

static void test_keeps_and_evicts_lru(void **state) {
  fixture *f = *state;
  char keys[SR_QC_COUNT_WAYS + 1][32];
  same_set_keys(keys, SR_QC_COUNT_WAYS + 1);
  for (int i = 0; i < SR_QC_COUNT_WAYS; i++) {
    assert_int_equal(get(f->st, keys[i]), -1);
    put(f->st, keys[i], 100 + i);
  }
  for (int i = 0; i < SR_QC_COUNT_WAYS; i++) assert_int_equal(get(f->st, keys[i]), 100 + i);
  assert_int_equal(sr_qcache_count_held(f->st, NULL), SR_QC_COUNT_WAYS);
  /* keys[0] used again: keys[1] is now the least recently used of the full set */
  assert_int_equal(get(f->st, keys[0]), 100);
  assert_int_equal(get(f->st, keys[SR_QC_COUNT_WAYS]), -1);
  put(f->st, keys[SR_QC_COUNT_WAYS], 7);
  assert_int_equal(get(f->st, keys[SR_QC_COUNT_WAYS]), 7);
  assert_int_equal(get(f->st, keys[1]), -1);
  assert_int_equal(get(f->st, keys[0]), 100);
  for (int i = 2; i < SR_QC_COUNT_WAYS; i++) assert_int_equal(get(f->st, keys[i]), 100 + i);
  assert_int_equal(sr_qcache_count_held(f->st, NULL), SR_QC_COUNT_WAYS);
  /* the same key again replaces its count */
  put(f->st, keys[0], 5);
  assert_int_equal(get(f->st, keys[0]), 5);
  assert_int_equal(sr_qcache_count_held(f->st, NULL), SR_QC_COUNT_WAYS);
}

static void commit_elsewhere(fixture *f, const char *sql) {
  sr_store *other = NULL;
  sr_error err;
  assert_int_equal(sr_store_open(&other, f->path, SR_STORE_CREATE, &err), 0);
  assert_int_equal(sqlite3_exec(other->db, sql, NULL, NULL, NULL), SQLITE_OK);
  sr_store_close(other);
}

static void test_version_change_drops(void **state) {
  fixture *f = *state;
  assert_int_equal(get(f->st, "a"), -1);
  put(f->st, "a", 1);
  put(f->st, "b", 2);
  assert_int_equal(get(f->st, "a"), 1);
  commit_elsewhere(f, "CREATE TABLE t1(x)");
  assert_int_equal(get(f->st, "a"), -1);
  assert_int_equal(get(f->st, "b"), -1);
  assert_int_equal(sr_qcache_count_held(f->st, NULL), 0);

  /* a run of reads checks once: its number changes with the store, not otherwise */
  long long v1 = sr_store_reads_begin(f->st);
  assert_true(v1 > 0);
  put(f->st, "a", 3);
  sr_store_reads_end(f->st);
  assert_int_equal(sr_store_reads_begin(f->st), v1);
  assert_int_equal(get(f->st, "a"), 3);
  commit_elsewhere(f, "CREATE TABLE t2(x)");
  assert_int_equal(get(f->st, "a"), 3); /* held: not checked again within the run */
  sr_store_reads_end(f->st);
  long long v2 = sr_store_reads_begin(f->st);
  assert_true(v2 > 0 && v2 != v1);
  assert_int_equal(get(f->st, "a"), -1);
  sr_store_reads_end(f->st);
  /* outside a run every count checks: a write on this connection drops them too */
  put(f->st, "a", 4);
  assert_int_equal(get(f->st, "a"), 4);
  const char *write = "CREATE TABLE t3(x); INSERT INTO t3 VALUES(1)";
  assert_int_equal(sqlite3_exec(f->st->db, write, NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(get(f->st, "a"), -1);
}

static void test_bounded(void **state) {
  fixture *f = *state;
  size_t klen = 1000;
  char *k = malloc(klen);
  memset(k, 'x', klen);
  size_t bytes = 0;
  for (int i = 0; i < 3 * SR_QC_COUNT_SETS * SR_QC_COUNT_WAYS; i++) {
    long n;
    snprintf(k, 16, "%d-", i);
    if (!sr_qcache_count_get(f->st, k, klen, &n)) sr_qcache_count_put(f->st, k, klen, i);
    size_t held = sr_qcache_count_held(f->st, &bytes);
    assert_true(held <= SR_QC_COUNT_SETS * SR_QC_COUNT_WAYS);
    assert_true(bytes <= SR_QC_COUNT_BYTES);
    assert_int_equal(bytes, held * klen);
  }
  /* the last key put is there */
  long n = -1;
  assert_int_equal(sr_qcache_count_get(f->st, k, klen, &n), 1);
  assert_int_equal(n, 3 * SR_QC_COUNT_SETS * SR_QC_COUNT_WAYS - 1);
  /* keys longer than the cache takes are never kept */
  char *big = calloc(1, 1 << 16);
  sr_qcache_count_put(f->st, big, 1 << 16, 1);
  assert_int_equal(sr_qcache_count_get(f->st, big, 1 << 16, &n), 0);
  free(big);
  free(k);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_keeps_and_evicts_lru, setup, teardown),
      cmocka_unit_test_setup_teardown(test_version_change_drops, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bounded, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
