/* cli/cmd_db.c - `sitrep db check|migrate --db FILE`: store maintenance. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "sitrep/store.h"

static const char db_usage[] =
    "usage: sitrep db check --db FILE\n"
    "       sitrep db migrate --db FILE\n"
    "\n"
    "check    verify the store: SQLite's integrity and foreign-key checks, then the\n"
    "         store's own invariants (every report's event exists, report and\n"
    "         document counts match, R*Tree and full-text rows match, every stored\n"
    "         text decompresses to its hash). One line per problem on stdout.\n"
    "migrate  bring an older store's schema up to this build's version.\n"
    "\n"
    "Exit status: 0 sound (or migrated); 1 problems found; 2 usage error or the\n"
    "store cannot be opened.\n";

int cmd_db(int argc, char **argv) {
  const char *sub = NULL, *db = NULL;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(db_usage, stdout);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) goto usage;
      db = v;
    } else if (argv[i][0] != '-' && !sub) {
      sub = argv[i];
    } else {
      return cli_unknown_option(argv[i], db_usage);
    }
  }
  if (!sub || (strcmp(sub, "check") != 0 && strcmp(sub, "migrate") != 0)) {
    if (sub) {
      static const char *const subs[] = {"check", "migrate"};
      const char *s = cli_suggest(sub, subs, 2);
      if (s) cli_errorf("unknown subcommand '%s'; did you mean '%s'? (check, migrate)", sub, s);
      else cli_errorf("unknown subcommand '%s'; want 'check' or 'migrate'", sub);
    } else {
      cli_errorf("want 'check' or 'migrate'; see 'sitrep db --help'");
    }
    goto usage;
  }
  if (!db) {
    cli_errorf("db %s: --db FILE is required; see 'sitrep db --help'", sub);
    goto usage;
  }
  if (access(db, F_OK) != 0) {
    cli_errorf("no store at %s", db);
    return CLI_USAGE;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_store *st;
  int migrating = strcmp(sub, "migrate") == 0;
  if (cli_store_open(&st, db, migrating ? SR_STORE_CREATE : SR_STORE_READONLY)) return CLI_USAGE;
  if (migrating) {
    printf("%s: schema version %d\n", db, sr_store_schema_version(st));
    sr_store_close(st);
    return CLI_OK;
  }
  sr_buf rep;
  sr_buf_init(&rep, (size_t)16 << 20);
  int rc = sr_store_check(st, &rep, &err);
  if (rep.len) fwrite(rep.data, 1, rep.len, stdout);
  int status = CLI_OK;
  if (rc == SR_EINPUT) {
    cli_report(&err, NULL, 0);
    status = CLI_PARTIAL;
  } else if (rc < 0) {
    cli_errorf("%s: check failed: %s", db, err.msg);
    status = CLI_USAGE;
  } else {
    sr_store_stats stt;
    if (sr_store_stats_get(st, &stt, &err) == 0)
      printf("%s: ok (%ld documents, %ld reports, %ld events)\n", db, stt.documents, stt.reports,
             stt.events);
  }
  sr_buf_free(&rep);
  sr_store_close(st);
  return status;
usage:
  return CLI_USAGE;
}
