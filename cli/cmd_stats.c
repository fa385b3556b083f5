/* cli/cmd_stats.c - `sitrep stats --db FILE [--json]`: a summary of a store. */
#include <stdio.h>
#include <string.h>

#include "cli_pg.h"
#include "cmd.h"
#include "sitrep/store.h"

static const char stats_usage[] =
    "usage: sitrep stats (--db FILE | --pg DSN) [--json]\n"
    "\n"
    "Summarize a store: documents (and how many are near-duplicates of others),\n"
    "reports (events coded from documents), merged events (and how many merge\n"
    "several reports), distinct actors and countries, the date range, the file size.\n"
    "\n"
    "Options:\n"
    "  --db FILE   the store; required\n"
    "  --pg DSN    the PostgreSQL store instead (what is merged; \"file\" is then the\n"
    "              database's size)\n"
    "  --json      one JSON object instead of text\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 success; 2 usage error or the store cannot be opened.\n";

int cmd_stats(int argc, char **argv) {
  const char *db = NULL, *pgdsn = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(stats_usage, stdout);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) goto usage;
      db = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--pg", &v)) != 0) {
      if (m < 0) goto usage;
      pgdsn = v;
    } else if (strcmp(argv[i], "--json") == 0) {
      json = 1;
    } else {
      return cli_unknown_option(argv[i], stats_usage);
    }
  }
  if (!db == !pgdsn) {
    if (db) cli_errorf("--db and --pg: one store, please; see 'sitrep stats --help'");
    else cli_errorf("--db FILE is required; see 'sitrep stats --help'");
    goto usage;
  }
  cli_pg_replica rep;
  memset(&rep, 0, sizeof rep);
  if (pgdsn) {
    if (cli_pg_replica_open(&rep, pgdsn, 0)) return CLI_USAGE;
    db = rep.path;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_store *st;
  if (cli_store_open(&st, db, SR_STORE_READONLY)) {
    cli_pg_replica_close(&rep);
    return CLI_USAGE;
  }
  sr_store_stats s;
  if (sr_store_stats_get(st, &s, &err) < 0) {
    cli_errorf("%s: %s", pgdsn ? pgdsn : db, err.msg);
    sr_store_close(st);
    cli_pg_replica_close(&rep);
    return CLI_USAGE;
  }
  sr_store_close(st);
  if (pgdsn) s.file_bytes = rep.pg_bytes;
  cli_pg_replica_close(&rep);
  if (json) {
    sr_buf b;
    sr_buf_init(&b, 1 << 16);
    sr_buf_printf(&b,
                  "{\"documents\":%ld,\"duplicates\":%ld,\"reports\":%ld,\"events\":%ld,"
                  "\"merged_events\":%ld,\"imported_events\":%ld,\"actors\":%ld,\"countries\":%ld,"
                  "\"first_date\":",
                  s.documents, s.duplicates, s.reports, s.events, s.merged_events, s.imported, s.actors,
                  s.countries);
    if (s.first_date[0]) sr_buf_json_str(&b, s.first_date, strlen(s.first_date));
    else sr_buf_printf(&b, "null");
    sr_buf_printf(&b, ",\"last_date\":");
    if (s.last_date[0]) sr_buf_json_str(&b, s.last_date, strlen(s.last_date));
    else sr_buf_printf(&b, "null");
    sr_buf_printf(&b, ",\"file_bytes\":%lld}\n", s.file_bytes);
    fwrite(b.data, 1, b.len, stdout);
    sr_buf_free(&b);
  } else {
    printf("documents      %ld (%ld near-duplicates)\n", s.documents, s.duplicates);
    printf("reports        %ld\n", s.reports);
    printf("events         %ld (%ld merged from several reports)\n", s.events, s.merged_events);
    if (s.imported) printf("imported       %ld events (sitrep import acled; kept apart)\n", s.imported);
    printf("actors         %ld\n", s.actors);
    printf("countries      %ld\n", s.countries);
    printf("dates          %s .. %s\n", s.first_date[0] ? s.first_date : "-",
           s.last_date[0] ? s.last_date : "-");
    printf("file           %.1f MiB\n", (double)s.file_bytes / (1024.0 * 1024.0));
  }
  return CLI_OK;
usage:
  return CLI_USAGE;
}
