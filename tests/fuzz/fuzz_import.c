/* fuzz_import.c - libFuzzer: arbitrary bytes as an ACLED export through `sitrep import acled`
 * (libcsv records, the header, every value's check) into an in-memory-sized temporary store,
 * then the store's integrity check and a comparison. A bad file must fail with a message,
 * never crash; whatever was imported must leave a sound store. The first line of the input is
 * kept as it is; a copy with ACLED's header put first is imported too, so that the value checks
 * are reached. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitrep/store.h"

static const char HEADER[] =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n";

static void run(const char *dir, const uint8_t *data, size_t size, int with_header) {
  char csv[256], db[256];
  snprintf(csv, sizeof csv, "%s/in.csv", dir);
  snprintf(db, sizeof db, "%s/s.db", dir);
  unlink(db);
  FILE *f = fopen(csv, "wb");
  if (!f) return;
  if (with_header) fwrite(HEADER, 1, sizeof HEADER - 1, f);
  fwrite(data, 1, size, f);
  fclose(f);
  sr_store *st;
  sr_error err;
  if (sr_store_open(&st, db, SR_STORE_CREATE, &err)) abort();
  sr_import_stats s;
  sr_buf problems;
  sr_buf_init(&problems, 1u << 20);
  int rc = sr_store_import_acled(st, csv, &s, &problems, &err);
  if (rc && !err.msg[0]) abort(); /* a failure always says why */
  if (s.imported + s.updated + s.rejected > s.rows) abort();
  sr_buf rep;
  sr_buf_init(&rep, 1u << 20);
  if (sr_store_check(st, &rep, &err)) {
    fprintf(stderr, "store check failed: %s\n%.*s\n", err.msg, (int)rep.len, rep.data ? rep.data : "");
    abort();
  }
  sr_buf out;
  sr_buf_init(&out, 1u << 24);
  if (sr_store_compare(st, NULL, 1, &out, &err) == 0 && (!out.len || out.data[0] != '{')) abort();
  sr_buf_free(&out);
  sr_buf_free(&rep);
  sr_buf_free(&problems);
  sr_store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char dir[64];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/sitrep_fuzz_import_XXXXXX");
    if (!mkdtemp(dir)) abort();
  }
  if (size > (1u << 20)) return 0;
  run(dir, data, size, 0);
  run(dir, data, size, 1);
  return 0;
}
