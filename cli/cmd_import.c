/* cli/cmd_import.c - `sitrep import acled FILE... --db DB`: load ACLED exports into a store as
 * events of their own origin (src/store/import_acled.c). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/store.h"

static const char import_usage[] =
    "usage: sitrep import acled FILE... --db DB [--quiet]\n"
    "\n"
    "Load ACLED exports (CSV with ACLED's header: event_id_cnty, event_date, event_type,\n"
    "sub_event_type, actor1, inter1, actor2, inter2, country or iso, admin1, admin2,\n"
    "location, latitude, longitude, geo_precision, time_precision, source, notes,\n"
    "fatalities; columns in any order, others ignored; '-' reads standard input) into\n"
    "the store DB (created when missing) as events of origin \"acled\". They are kept\n"
    "apart from coded events: never merged with them, listed by `sitrep events --origin\n"
    "acled|all`, compared with them by `sitrep compare`. Importing a file again updates\n"
    "its events (by event_id_cnty).\n"
    "\n"
    "A row with a bad value (date, number, country, invalid UTF-8, a field over 64 KiB)\n"
    "is skipped with a message naming the file and line; the other rows go in. Broken\n"
    "CSV quoting or a row over 1 MiB stops that file there (the rows before it stay).\n"
    "\n"
    "Options:\n"
    "  --db FILE   the store; required\n"
    "  --quiet     no summary line\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 every row imported; 1 some rows or files rejected (the rest\n"
    "imported); 2 usage error or the store cannot be opened.\n";

int cmd_import(int argc, char **argv) {
  const char *db = NULL, *files[256];
  int nfiles = 0, quiet = 0, kind = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(import_usage, stdout);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      db = v;
    } else if (strcmp(argv[i], "--quiet") == 0) {
      quiet = 1;
    } else if (!kind && argv[i][0] != '-') {
      if (strcmp(argv[i], "acled") != 0) {
        static const char *const kinds[] = {"acled"};
        if (cli_suggest(argv[i], kinds, 1))
          cli_errorf("unknown source '%s'; did you mean 'acled'? (see 'sitrep import --help')", argv[i]);
        else
          cli_errorf("unknown source '%s' (only: acled); see 'sitrep import --help'", argv[i]);
        return CLI_USAGE;
      }
      kind = 1;
    } else if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
      if (nfiles == (int)(sizeof files / sizeof files[0])) {
        cli_errorf("more than %d files in one call", nfiles);
        return CLI_USAGE;
      }
      files[nfiles++] = argv[i];
    } else {
      return cli_unknown_option(argv[i], import_usage);
    }
  }
  if (!kind || !nfiles || !db) {
    cli_errorf("usage: sitrep import acled FILE... --db DB; see 'sitrep import --help'");
    return CLI_USAGE;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_store *st;
  if (cli_store_open(&st, db, SR_STORE_CREATE)) return CLI_USAGE;
  int status = CLI_OK;
  sr_import_stats total = {0};
  sr_buf problems;
  sr_buf_init(&problems, (size_t)1 << 24);
  for (int k = 0; k < nfiles; k++) {
    sr_import_stats s;
    sr_error_clear(&err);
    sr_buf_clear(&problems);
    int rc = sr_store_import_acled(st, files[k], &s, &problems, &err);
    for (size_t p = 0; p < problems.len;) { /* one "FILE:LINE: what" per line */
      const char *nl = memchr(problems.data + p, '\n', problems.len - p);
      size_t n = nl ? (size_t)(nl - (problems.data + p)) : problems.len - p;
      cli_errorf("%.*s", (int)n, problems.data + p);
      p += n + 1;
    }
    if (rc) cli_report(&err, NULL, 0);
    if (rc || s.rejected) status = CLI_PARTIAL;
    total.rows += s.rows, total.imported += s.imported, total.updated += s.updated, total.rejected += s.rejected;
  }
  sr_buf_free(&problems);
  sr_store_close(st);
  if (!quiet)
    cli_errorf("%ld rows: %ld new events, %ld updated, %ld rejected", total.rows, total.imported,
               total.updated, total.rejected);
  return status;
}
