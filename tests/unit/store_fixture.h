/* store_fixture.h - a fresh store in a temporary directory for one cmocka test.
 *
 * Include after cmocka.h and sitrep/store.h. A test file defines
 *   static int setup(void **s) { return store_fixture_setup(s, "NAME"); }
 * and passes store_fixture_teardown as its teardown. The fixture (its directory,
 * the store file's path and the open store) is owned by the test run: the
 * teardown closes the store and removes the directory. */
#ifndef SITREP_TEST_STORE_FIXTURE_H
#define SITREP_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct fixture {
  char dir[64];
  char path[128];
  sr_store *st;
} fixture;

/* Create /tmp/sitrep_test_NAME_XXXXXX with a new store s.db in it; 0 or -1. */
static inline int store_fixture_setup(void **state, const char *name) {
  fixture *f = calloc(1, sizeof *f);
  if (!f) return -1;
  snprintf(f->dir, sizeof f->dir, "/tmp/sitrep_test_%s_XXXXXX", name);
  if (!mkdtemp(f->dir)) return -1;
  snprintf(f->path, sizeof f->path, "%s/s.db", f->dir);
  sr_error err;
  if (sr_store_open(&f->st, f->path, SR_STORE_CREATE, &err)) return -1;
  *state = f;
  return 0;
}

/* Close the store, remove its directory, free the fixture; 0 or -1. */
static inline int store_fixture_teardown(void **state) {
  fixture *f = *state;
  sr_store_close(f->st);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  if (system(cmd) != 0) return -1;
  free(f);
  return 0;
}

#endif
