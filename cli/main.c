/* cli/main.c - `sitrep CMD [ARGS]`: dispatch to a subcommand from the table. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/gazetteer.h"
#include "sitrep/sitrep.h"

typedef struct cli_cmd {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} cli_cmd;

static const cli_cmd commands[] = {
    {"code", cmd_code, "code documents (txt, html, jsonl, rss) into events as JSON lines"},
    {"lexicon", cmd_lexicon, "compile and inspect the dictionaries (data/) as a lexicon image"},
    {"gazetteer", cmd_gazetteer, "import GeoNames dumps into a gazetteer image and look up places"},
    {"places", cmd_places, "list the place names in a text and how each was resolved"},
    {"parse", cmd_parse, "print the syntactic parse of a text (tags, chunks, clauses, relations)"},
    {"ingest", cmd_ingest, "code documents and store them with their merged events (SQLite)"},
    {"db", cmd_db, "check a store's integrity, migrate its schema"},
    {"stats", cmd_stats, "summarize a store: documents, reports, events, actors, dates"},
    {"events", cmd_events, "query the merged events of a store (filters; jsonl, csv, acled, tsv, geojson)"},
    {"import", cmd_import, "load ACLED exports into a store, kept apart from coded events"},
    {"compare", cmd_compare, "coded events against imported ACLED events, per country and month"},
    {"situation", cmd_situation, "situation picture of a store: areas, actors, control, movements"},
    {"serve", cmd_serve, "serve a store over HTTP: JSON/GeoJSON API and a live map page"},
    /* issue 14: watching sources and the queue (cli/cmd_watch.c, cli/cmd_worker.c) */
    {"watch", cmd_watch, "poll RSS/Atom feeds and web pages; hand new documents to a store or the queue"},
    {"worker", cmd_worker, "take documents from the queue (NATS JetStream), code and store them"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_cmd *find_cmd(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: sitrep [--version] [--help] COMMAND [ARGS]\n"
          "\n"
          "Code war reporting into events (who did what to whom, where).\n"
          "\n"
          "Commands:\n");
  for (size_t i = 0; i < NCOMMANDS; i++)
    fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
  fprintf(f,
          "\n"
          "'sitrep help COMMAND' or 'sitrep COMMAND --help' describes a command.\n"
          "Images are looked up in $SITREP_LEXICON / $SITREP_GAZETTEER, next to the\n"
          "executable (sitrep.lex, gazetteer.img), then in $SITREP_HOME or ~/.cache/sitrep/.\n");
}

static void version(void) {
  printf("sitrep %s\n", SITREP_VERSION);
  printf("Gazetteer data: %s\n", sr_gaz_attribution());
}

/* "unknown command 'X'; did you mean 'Y'?" against the command table (and "help"). */
static int unknown_command(const char *name) {
  const char *names[NCOMMANDS + 1];
  for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i].name;
  names[NCOMMANDS] = "help";
  const char *s = cli_suggest(name, names, NCOMMANDS + 1);
  if (s) cli_errorf("unknown command '%s'; did you mean '%s'? (see 'sitrep --help')", name, s);
  else cli_errorf("unknown command '%s'; see 'sitrep --help' for the commands", name);
  return CLI_USAGE;
}

static int run_help(int argc, char **argv) {
  if (argc < 2) {
    usage(stdout);
    return CLI_OK;
  }
  const cli_cmd *c = find_cmd(argv[1]);
  if (!c) return unknown_command(argv[1]);
  cli_set_command(c->name);
  char help[] = "--help";
  char *sub[] = {(char *)c->name, help, NULL};
  return c->fn(2, sub);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  const char *a = argv[1];
  if (cli_is_help(a)) {
    usage(stdout);
    return CLI_OK;
  }
  if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
    version();
    return CLI_OK;
  }
  if (strcmp(a, "help") == 0) return run_help(argc - 1, argv + 1);
  if (a[0] == '-') {
    static const char *const top[] = {"--help", "--version"};
    const char *s = cli_suggest(a, top, 2);
    if (s) cli_errorf("unknown option '%s'; did you mean '%s'? (see 'sitrep --help')", a, s);
    else cli_errorf("unknown option '%s'; see 'sitrep --help'", a);
    return CLI_USAGE;
  }
  const cli_cmd *c = find_cmd(a);
  if (!c) return unknown_command(a);
  cli_set_command(c->name);
  return c->fn(argc - 1, argv + 1);
}
