/* cli/cmd_compare.c - `sitrep compare --db DB`: coded events against imported ACLED events,
 * per country and month (src/store/compare.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_store.h"
#include "cmd.h"
#include "sitrep/store.h"

static const char compare_usage[] =
    "usage: sitrep compare --db DB [--country C] [--from D] [--to D] [--km N] [--days N]\n"
    "                      [--json]\n"
    "\n"
    "Compare the events coded from documents with the events imported from ACLED\n"
    "(`sitrep import acled`), per country and month: how many of each, how many pairs of\n"
    "a coded and an ACLED event lie within --km (default 25) and --days (default 2) of\n"
    "each other (one-to-one, closest first), and how many of those pairs agree on the\n"
    "ACLED event type.\n"
    "\n"
    "Options:\n"
    "  --db FILE          the store; required\n"
    "  --country C        one country: ISO alpha-2 or alpha-3 code or English name\n"
    "  --from D, --to D   dates YYYY-MM-DD, inclusive\n"
    "  --km N, --days N   the pairing radius and window\n"
    "  --json             one JSON object instead of the table\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 success; 2 usage error or the store cannot be opened.\n";

int cmd_compare(int argc, char **argv) {
  const char *db = NULL, *km = NULL, *days = NULL;
  sr_compare_opts o = {0};
  int json = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int m = 0;
    if (cli_is_help(argv[i])) {
      fputs(compare_usage, stdout);
      return CLI_OK;
    }
#define OPT(name, dst)                                            \
  else if ((m = cli_opt_value(argc, argv, &i, name, &v)) != 0) { \
    if (m < 0) return CLI_USAGE;                                  \
    dst = v;                                                      \
  }
    OPT("--db", db)
    OPT("--country", o.country)
    OPT("--from", o.from)
    OPT("--to", o.to)
    OPT("--km", km)
    OPT("--days", days)
#undef OPT
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else {
      return cli_unknown_option(argv[i], compare_usage);
    }
  }
  if (!db) {
    cli_errorf("--db FILE is required; see 'sitrep compare --help'");
    return CLI_USAGE;
  }
  if (km && cli_parse_km(km, &o.km)) return CLI_USAGE;
  long d;
  if (days) {
    if (cli_parse_long("--days", days, 1, &d) || d > 366) {
      cli_errorf("--days %s: use 1..366", days);
      return CLI_USAGE;
    }
    o.days = (int)d;
  }
  char cc[3];
  sr_error err;
  sr_error_clear(&err);
  if (o.country) { /* a code or a name */
    if (sr_store_country_code(o.country, cc, &err)) {
      cli_report(&err, NULL, 0);
      return CLI_USAGE;
    }
    o.country = cc;
  }
  sr_store *st;
  if (cli_store_open(&st, db, SR_STORE_READONLY)) return CLI_USAGE;
  sr_buf out;
  sr_buf_init(&out, (size_t)1 << 28);
  int rc = sr_store_compare(st, &o, json, &out, &err);
  sr_store_close(st);
  if (rc) {
    cli_report(&err, NULL, 0);
    sr_buf_free(&out);
    return CLI_USAGE;
  }
  fwrite(out.data, 1, out.len, stdout);
  sr_buf_free(&out);
  return CLI_OK;
}
