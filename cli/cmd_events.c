/* cli/cmd_events.c - `sitrep events`: query the merged events of a store.
 *
 * Option values are checked here (numbers, coordinates, the place and actor
 * names, which need the lexicon and gazetteer) and in sr_store_query (dates,
 * codes, ranges); every bad value exits 2 with a message naming the option.
 * Values are only ever bound as SQL parameters, so quotes, semicolons and
 * comment markers in --text are plain data; --admin1 refuses characters no area name
 * has (quotes, ';', '=', "--").
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cli_pg.h"
#include "cli_store.h"
#include "sitrep/store.h"

static const char *const HELP =
    "usage: sitrep events (--db FILE | --pg DSN) [FILTERS] [--limit N] [--offset N]\n"
    "                     [--format jsonl|csv|acled|tsv|geojson] [--count]\n"
    "\n"
    "List the merged events of a store (see `sitrep ingest`), newest first. --pg DSN\n"
    "reads the PostgreSQL store (what its merger has merged) instead of a SQLite file.\n"
    "\n"
    "Filters (all optional, combined with AND):\n"
    "  --actor A        A is the source or the target. A is an actor id (ISIS, SYRGOV)\n"
    "                   or any name or alias the lexicon knows (\"Daesh\", \"Islamic State\")\n"
    "  --source A, --target A   the same, one side only\n"
    "  --action X       CAMEO root (19) or code (193, also matching 1931..), PLOVER type\n"
    "                   (ASSAULT) or ACLED event type / sub-type (Battles, \"Armed clash\")\n"
    "  --country C      ISO 3166-1 alpha-2 or alpha-3 code or English name, any case\n"
    "                   (SY, syr, Syria); an unknown one is an error\n"
    "  --admin1 NAME    admin1 area; case, accents, hyphens and apostrophes do not\n"
    "                   matter (\"deir ez zor\" finds \"Deir ez-Zor\"); a name no stored\n"
    "                   event has gets a warning (\"did you mean\")\n"
    "  --near PLACE|LAT,LON   within --km of a place (best gazetteer candidate) or point\n"
    "  --km N           radius for --near, 0 < N <= 20000 (default 25)\n"
    "  --from D, --to D dates YYYY-MM-DD, inclusive\n"
    "  --min-reports N  events reported at least N times\n"
    "  --text Q         full-text search of the evidence sentences: every word of Q must\n"
    "                   appear (\"word*\" matches a prefix); other characters are ignored\n"
    "  --origin O       coded (default: events merged from coded reports), acled (events\n"
    "                   loaded by `sitrep import acled`) or all\n"
    "\n"
    "Output:\n"
    "  --format F       jsonl (default; every field), csv (a documented column set with\n"
    "                   the event id, url, fatalities and inter codes), acled (ACLED's own\n"
    "                   columns in ACLED's order), tsv (GDELT-style columns), geojson (a\n"
    "                   FeatureCollection with flat properties). CSV text cells that a\n"
    "                   spreadsheet would run as a formula get a leading apostrophe.\n"
    "  --count          print only the number of matching events\n"
    "  --limit N, --offset N   paging (0 = no limit)\n"
    "  --lexicon PATH, --gazetteer PATH   images for actor and place names\n"
    "\n"
    "Every value is passed to SQLite as a bound parameter. In --text, quotes, ';' or\n"
    "'--' are data and simply match nothing; --admin1 refuses them (no area name has\n"
    "them) with exit status 2.\n"
    "\n"
    "Exit status: 0 success (also when nothing matches), 2 a bad option value\n"
    "(unknown actor, place or country, malformed number, coordinates or date, reversed dates,\n"
    "radius <= 0, an area name with quotes or ';') or the store cannot be opened.\n";

/* Nothing matched and --admin1 names no stored area: say so (a warning; the exit
 * status stays 0), with the closest stored area when there is one. */
static void warn_area(sr_store *st, const char *admin1) {
  char near[300];
  sr_error err;
  sr_error_clear(&err);
  if (sr_store_area_near(st, admin1, near, sizeof near, &err) != 0) return;
  if (near[0]) cli_errorf("warning: no area named '%s' in the store; did you mean '%s'?", admin1, near);
  else cli_errorf("warning: no area named '%s' in the store", admin1);
}

typedef struct out_state {
  sr_row_format fmt;
  sr_buf buf;
  long n;
  int failed;
} out_state;

static int on_row(const sr_event_row *row, void *ud) {
  out_state *o = ud;
  if (o->fmt == SR_ROW_GEOJSON && o->n > 0) sr_buf_append(&o->buf, ",\n", 2);
  if (sr_row_write(row, o->fmt, &o->buf)) {
    o->failed = 1;
    return 1;
  }
  o->n++;
  if (o->buf.len > (1 << 16)) {
    fwrite(o->buf.data, 1, o->buf.len, stdout);
    sr_buf_clear(&o->buf);
  }
  return 0;
}

int cmd_events(int argc, char **argv) {
  sr_query q;
  memset(&q, 0, sizeof q);
  const char *db = NULL, *pgdsn = NULL, *near = NULL, *km = NULL, *fmt = "jsonl", *limit = NULL, *offset = NULL,
             *minrep = NULL;
  const char *actor[3] = {NULL, NULL, NULL}; /* actor, source, target as given */
  static const char *const actor_opt[3] = {"--actor", "--source", "--target"};
  int count = 0;
  sr_ctx_opts copts = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
#define OPT(name, dst)                                              \
  else if ((m = cli_opt_value(argc, argv, &i, name, &v)) != 0) {   \
    if (m < 0) return CLI_USAGE;                                    \
    dst = v;                                                        \
  }
    if (cli_is_help(a)) {
      fputs(HELP, stdout);
      return CLI_OK;
    }
    OPT("--db", db)
    OPT("--pg", pgdsn)
    OPT("--actor", actor[0])
    OPT("--source", actor[1])
    OPT("--target", actor[2])
    OPT("--action", q.action)
    OPT("--country", q.country)
    OPT("--admin1", q.admin1)
    OPT("--near", near)
    OPT("--km", km)
    OPT("--from", q.from)
    OPT("--to", q.to)
    OPT("--min-reports", minrep)
    OPT("--text", q.text)
    OPT("--origin", q.origin)
    OPT("--limit", limit)
    OPT("--offset", offset)
    OPT("--format", fmt)
    else if ((m = cli_ctx_option(argc, argv, &i, "events", &copts, 0)) != 0) {
      if (m < 0) return CLI_USAGE;
    }
    else if (strcmp(a, "--count") == 0) count = 1;
    else {
      return cli_unknown_option(a, HELP);
    }
#undef OPT
  }
  if (!db == !pgdsn) {
    if (db) cli_errorf("--db and --pg: one store, please; see 'sitrep events --help'");
    else cli_errorf("--db FILE is required; see 'sitrep events --help'");
    return CLI_USAGE;
  }
  out_state o = {.fmt = SR_ROW_JSONL};
  if (strcmp(fmt, "jsonl") == 0) o.fmt = SR_ROW_JSONL;
  else if (strcmp(fmt, "csv") == 0) o.fmt = SR_ROW_CSV;
  else if (strcmp(fmt, "acled") == 0) o.fmt = SR_ROW_ACLED;
  else if (strcmp(fmt, "tsv") == 0) o.fmt = SR_ROW_TSV;
  else if (strcmp(fmt, "geojson") == 0) o.fmt = SR_ROW_GEOJSON;
  else {
    cli_errorf("--format '%s': use jsonl, csv, acled, tsv or geojson", fmt);
    return CLI_USAGE;
  }
  long n;
  if (limit) {
    if (cli_parse_long("--limit", limit, 0, &n)) return CLI_USAGE;
    q.limit = n;
  }
  if (offset) {
    if (cli_parse_long("--offset", offset, 0, &n)) return CLI_USAGE;
    q.offset = n;
  }
  if (minrep) {
    if (cli_parse_long("--min-reports", minrep, 0, &n)) return CLI_USAGE;
    if (n > 1000000000L) {
      cli_errorf("--min-reports %ld: too large", n);
      return CLI_USAGE;
    }
    q.min_reports = (int)n;
  }
  if (km && !near) {
    cli_errorf("--km needs --near PLACE|LAT,LON");
    return CLI_USAGE;
  }
  q.km = 25;
  if (km && cli_parse_km(km, &q.km)) return CLI_USAGE;

  int need_names = actor[0] || actor[1] || actor[2] || near;
  cli_names names;
  memset(&names, 0, sizeof names);
  cli_pg_replica rep;
  memset(&rep, 0, sizeof rep);
  int rc = CLI_USAGE;
  sr_store *st = NULL;
  sr_error err;
  sr_error_clear(&err);
  char ids[3][80];
  sr_buf_init(&o.buf, (size_t)1 << 30);
  if (need_names && cli_names_open(&names, &copts, near && !cli_looks_like_coords(near)))
    goto done;
  for (int k = 0; k < 3; k++) {
    if (!actor[k]) continue;
    if (cli_resolve_actor(&names, actor_opt[k], actor[k], ids[k], sizeof ids[k])) goto done;
  }
  q.actor = actor[0] ? ids[0] : NULL;
  q.source = actor[1] ? ids[1] : NULL;
  q.target = actor[2] ? ids[2] : NULL;
  if (near) {
    q.near = 1;
    if (cli_resolve_near(&names, near, &q.lat, &q.lon)) goto done;
  }
  if (pgdsn) {
    if (cli_pg_replica_open(&rep, pgdsn, 0)) goto done;
    db = rep.path;
  }
  if (cli_store_open(&st, db, SR_STORE_READONLY)) goto done;
  if (count) {
    long c = sr_store_count(st, &q, &err);
    if (c < 0) {
      cli_report(&err, NULL, 0);
      goto done;
    }
    printf("%ld\n", c);
    if (c == 0 && q.admin1) warn_area(st, q.admin1);
    rc = CLI_OK;
    goto done;
  }
  /* the header waits in the buffer, so a rejected query prints nothing */
  const char *hdr = sr_row_header(o.fmt);
  sr_buf_append(&o.buf, hdr, strlen(hdr));
  if (o.fmt == SR_ROW_GEOJSON) sr_buf_printf(&o.buf, "{\"type\":\"FeatureCollection\",\"features\":[\n");
  int qrc = sr_store_query(st, &q, on_row, &o, &err);
  if (qrc < 0 || o.failed) {
    if (o.n) fwrite(o.buf.data, 1, o.buf.len, stdout);
    fflush(stdout);
    cli_errorf("%s", o.failed ? "output too large" : err.msg);
    rc = qrc == SR_EINPUT ? CLI_USAGE : CLI_PARTIAL;
    goto done;
  }
  if (o.fmt == SR_ROW_GEOJSON) sr_buf_append(&o.buf, o.n ? "\n]}\n" : "]}\n", o.n ? 4 : 3);
  fwrite(o.buf.data, 1, o.buf.len, stdout);
  if (o.n == 0 && q.admin1) warn_area(st, q.admin1);
  rc = CLI_OK;
done:
  sr_buf_free(&o.buf);
  sr_store_close(st);
  cli_pg_replica_close(&rep);
  cli_names_close(&names);
  return rc;
}
