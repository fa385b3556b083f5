/* cli/cmd_situation.c - `sitrep situation`: the situation picture of a store. */
#include <stdio.h>
#include <string.h>

#include "cli_pg.h"
#include "cli_store.h"
#include "cmd.h"
#include "sitrep/store.h"

static const char *const HELP =
    "usage: sitrep situation (--db FILE | --pg DSN) --as-of YYYY-MM-DD [--country C] [--days N]\n"
    "                        [--format text|json|geojson|points|lines]\n"
    "\n"
    "The situation picture for the days as-of - N + 1 .. as-of, both included (default\n"
    "30 days; the header names them): per admin1 area, a headline and the actors active\n"
    "there with their event counts; who holds which place (\"Y held by X since DATE\",\n"
    "\"X withdrew from Y\"), only where a report says an armed actor took that place\n"
    "itself, or the other side retreated from it before that actor (never civilians,\n"
    "protesters or unidentified actors, people seized there, a backer named in the\n"
    "report, a village near it or a whole country); sieges (\"Y reported besieged by\n"
    "X since\" the first report's date), advances, attacks and arrests in plain verbs,\n"
    "each with its report and source counts and an evidence quote; the last events;\n"
    "and movements: \"X moving from A towards B\" when a report of leaving A or\n"
    "arriving at B names the other place, \"X reported at A on D1, at B on D2\" when\n"
    "only the dates say so; either within 14 days and 30-300 km. Places are named as\n"
    "the reports spell them (ASCII), the gazetteer's spelling in brackets:\n"
    "\"Hama (Ḩamāh)\".\n"
    "\n"    "  --db FILE         the store (required, unless --pg)\n"
    "  --pg DSN          the PostgreSQL store instead (what its merger merged)\n"
    "  --as-of D         the last day of the window, YYYY-MM-DD (required)\n"
    "  --country C       one country: ISO alpha-2 or alpha-3 code or English name, any\n"
    "                    case (SY, SYR, Syria)\n"
    "  --days N          the window's length in days, 1..3660 (default 30)\n"
    "  --format text     a short wire-style report per area (default)\n"
    "  --format json     the same, structured (\"from\": the first day counted)\n"
    "  --format geojson  places as Points (holder, sieges, actors, facts, last events)\n"
    "                    and movements as LineStrings in one collection (the map page's)\n"
    "  --format points   GIS layer: the places only, flat properties (name, local_name,\n"
    "                    admin1, country, reports, holder_id, holder_name, held_since,\n"
    "                    taken_from_id, taken_from_name, besieged_by, events, last_date,\n"
    "                    last_event)\n"
    "  --format lines    GIS layer: the movements only, flat properties (actor_id,\n"
    "                    actor_name, kind, from_place, from_date, to_place, to_date, text)\n"
    "\n"
    "Exit status: 0 success, 2 a bad option value or the store cannot be opened.\n";

int cmd_situation(int argc, char **argv) {
  const char *db = NULL, *pgdsn = NULL, *days = NULL, *fmt = "text";
  sr_situation_opts o;
  memset(&o, 0, sizeof o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (cli_is_help(a)) {
      fputs(HELP, stdout);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      db = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--pg", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      pgdsn = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--as-of", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o.as_of = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--country", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      o.country = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--days", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      days = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      fmt = v;
    } else {
      return cli_unknown_option(a, HELP);
    }
  }
  if (!db == !pgdsn || !o.as_of) {
    cli_errorf("--db FILE (or --pg DSN) and --as-of YYYY-MM-DD are required; see 'sitrep situation --help'");
    return CLI_USAGE;
  }
  sr_situation_format f;
  if (strcmp(fmt, "text") == 0) f = SR_SIT_TEXT;
  else if (strcmp(fmt, "json") == 0) f = SR_SIT_JSON;
  else if (strcmp(fmt, "geojson") == 0) f = SR_SIT_GEOJSON;
  else if (strcmp(fmt, "points") == 0) f = SR_SIT_POINTS;
  else if (strcmp(fmt, "lines") == 0) f = SR_SIT_LINES;
  else {
    cli_errorf("--format '%s': use text, json, geojson, points or lines", fmt);
    return CLI_USAGE;
  }
  if (days) {
    long n;
    if (cli_parse_long("--days", days, 1, &n)) return CLI_USAGE;
    if (n > 3660) {
      cli_errorf("--days %ld: at most 3660", n);
      return CLI_USAGE;
    }
    o.days = (int)n;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_store *st = NULL;
  sr_buf out;
  sr_buf_init(&out, (size_t)1 << 30);
  int rc = CLI_USAGE;
  cli_pg_replica rep;
  memset(&rep, 0, sizeof rep);
  if (pgdsn) {
    if (cli_pg_replica_open(&rep, pgdsn, 0)) goto done;
    db = rep.path;
  }
  if (cli_store_open(&st, db, SR_STORE_READONLY)) goto done;
  int src = sr_store_situation(st, &o, f, &out, &err);
  if (src) {
    cli_report(&err, NULL, 0);
    rc = src == SR_EINPUT ? CLI_USAGE : CLI_PARTIAL;
    goto done;
  }
  fwrite(out.data, 1, out.len, stdout);
  rc = CLI_OK;
done:
  sr_buf_free(&out);
  sr_store_close(st);
  cli_pg_replica_close(&rep);
  return rc;
}
