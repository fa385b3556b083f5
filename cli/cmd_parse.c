/* cli/cmd_parse.c - `sitrep parse`: the syntactic parse the coder works from, sentence by
 * sentence (tags, chunks, clauses, grammatical relations). A debugging aid for the grammar
 * in data/syntax/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/sitrep.h"

static const char *const HELP =
    "usage: sitrep parse [TEXT...] [--lexicon PATH]\n"
    "\n"
    "Print the parse of TEXT (the arguments joined by spaces; standard input when\n"
    "none), one block per sentence:\n"
    "  tags:      each word with its part-of-speech tag (and grammar symbol)\n"
    "  chunks:    noun phrases [NP ...] and verb groups [VG ...]\n"
    "  clause N:  each clause, its kind (main, relative, participial, subordinate,\n"
    "             complement, infinitive, coordinated, attribution) and what it hangs on\n"
    "  verb:      each verb group's features, subject (and how it was found),\n"
    "             object and by-agent\n"
    "  noun:      noun phrases after a preposition, owners, conjuncts, appositions\n"
    "The grammar is data: data/syntax/closed.txt, tagrules.txt and chunks.txt.\n"
    "\n"
    "Exit status: 0, or 2 on a usage error or when the lexicon cannot be opened.\n";

#define PARSE_MAX_INPUT ((size_t)4 * 1024 * 1024)

int cmd_parse(int argc, char **argv) {
  sr_ctx_opts o = {0};
  o.no_gazetteer = 1;
  sr_buf in;
  sr_buf_init(&in, PARSE_MAX_INPUT);
  int nwords = 0, rc = CLI_OK;
  for (int i = 1; i < argc; i++) {
    if (cli_is_help(argv[i])) {
      fputs(HELP, stdout);
      sr_buf_free(&in);
      return CLI_OK;
    }
    int r = cli_ctx_option(argc, argv, &i, "parse", &o, 0);
    if (r < 0) {
      sr_buf_free(&in);
      return CLI_USAGE;
    }
    if (r) continue;
    if (argv[i][0] == '-' && argv[i][1]) {
      sr_buf_free(&in);
      return cli_unknown_option(argv[i], HELP);
    }
    if ((nwords++ && sr_buf_putc(&in, ' ')) || sr_buf_append(&in, argv[i], strlen(argv[i]))) {
      cli_errorf("TEXT is over the %zu MiB cap", PARSE_MAX_INPUT >> 20);
      sr_buf_free(&in);
      return CLI_USAGE;
    }
  }
  if (!nwords) {
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0)
      if (sr_buf_append(&in, chunk, got)) {
        cli_errorf("<stdin> is over the %zu MiB cap", PARSE_MAX_INPUT >> 20);
        sr_buf_free(&in);
        return CLI_USAGE;
      }
  }
  sr_error err;
  sr_error_clear(&err);
  sr_ctx *ctx = NULL;
  if (sr_ctx_open(&ctx, &o, &err)) {
    cli_report(&err, NULL, 0);
    sr_buf_free(&in);
    return CLI_USAGE;
  }
  sr_doc *d = sr_doc_new(ctx);
  sr_buf out;
  sr_buf_init(&out, (size_t)64 << 20);
  if (!d || sr_doc_parse(d, in.data ? in.data : "", in.len, &out, &err)) {
    cli_report(&err, "TEXT", 0);
    rc = CLI_USAGE;
  } else {
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
  }
  sr_buf_free(&out);
  sr_buf_free(&in);
  sr_doc_free(d);
  sr_ctx_free(ctx);
  return rc;
}
