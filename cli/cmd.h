/* cli/cmd.h - sitrep subcommands and the small option helpers they share.
 *
 * Each subcommand is `int cmd_NAME(int argc, char **argv)` where argv[0] is
 * the subcommand name ("code"), argv[argc] == NULL. It answers --help / -h
 * with exit 0, and returns the process exit status:
 *   0 success, 1 partial failure (some input bad, the rest done),
 *   2 usage error or a required resource (lexicon, gazetteer) cannot be opened.
 * Register a new subcommand in the table in cli/main.c.
 */
#ifndef SITREP_CLI_CMD_H
#define SITREP_CLI_CMD_H
#include <stdio.h>

#include "sitrep/util.h"

enum { CLI_OK = 0, CLI_PARTIAL = 1, CLI_USAGE = 2 };

int cmd_code(int argc, char **argv);      /* cli/cmd_code.c */
int cmd_lexicon(int argc, char **argv);   /* cli/cmd_lexicon.c */
int cmd_gazetteer(int argc, char **argv); /* cli/cmd_gazetteer.c */
int cmd_places(int argc, char **argv);    /* cli/cmd_places.c */
int cmd_parse(int argc, char **argv);     /* cli/cmd_parse.c */
int cmd_events(int argc, char **argv);    /* cli/cmd_events.c */
int cmd_situation(int argc, char **argv); /* cli/cmd_situation.c */
int cmd_ingest(int argc, char **argv);    /* cli/cmd_ingest.c */
int cmd_db(int argc, char **argv);        /* cli/cmd_db.c */
int cmd_stats(int argc, char **argv);     /* cli/cmd_stats.c */
int cmd_serve(int argc, char **argv);     /* cli/cmd_serve.c */
int cmd_import(int argc, char **argv);    /* cli/cmd_import.c */
int cmd_compare(int argc, char **argv);   /* cli/cmd_compare.c */
int cmd_watch(int argc, char **argv);     /* cli/cmd_watch.c (issue 14) */
int cmd_worker(int argc, char **argv);    /* cli/cmd_worker.c (issue 14) */
/* `sitrep ingest --nats URL` (cli/cmd_ingest_nats.c, issue 14): 1 when argv asks for it; then
 * cli_ingest_nats publishes the inputs' documents to the queue and returns the exit status. */
int cli_ingest_nats_wanted(int argc, char **argv);
int cli_ingest_nats(int argc, char **argv);
/* The id `sitrep ingest` gives a document of file (own id, else the normalised path; buf of
 * cap bytes may receive it). Borrowed from doc, file or buf. */
struct sr_input_doc;
const char *cli_ingest_doc_id(const struct sr_input_doc *doc, const char *file, char *buf, size_t cap);
/* `sitrep ingest --pg DSN` (cli/cmd_ingest_pg.c): the inputs coded here and stored into the
 * PostgreSQL store (appended to its log, then merged), the exit status returned. */
int cli_ingest_pg_wanted(int argc, char **argv);
int cli_ingest_pg(int argc, char **argv);

/* ---- option helpers (cli/cli_util.c) */

/* 1 when arg is "-h" or "--help". */
int cli_is_help(const char *arg);

/* Option with a value, given as "--name VALUE" or "--name=VALUE".
 * argv[*i] is the current argument. Returns 1 and sets *val (borrowed from
 * argv) when argv[*i] is that option, advancing *i past a separate value;
 * returns -1 (after printing "sitrep CMD: option --name needs a value") when
 * the value is missing; returns 0 when argv[*i] is another argument. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);

/* The options every coding command shares. Each looks at argv[*i] like
 * cli_opt_value and returns 1 (handled; *i advanced past a separate value), 0
 * (another argument) or -1 (bad or missing value, message printed naming cmd).
 *   cli_ctx_option:  --lexicon PATH, --gazetteer PATH, --no-gazetteer (when allow_nogaz)
 *   cli_read_option: --date YYYY-MM-DD, --format auto|txt|html|jsonl|rss */
struct sr_ctx_opts;
struct sr_read_opts;
int cli_ctx_option(int argc, char **argv, int *i, const char *cmd, struct sr_ctx_opts *o, int allow_nogaz);
int cli_read_option(int argc, char **argv, int *i, const char *cmd, struct sr_read_opts *r);
/* 1 when s is YYYY-MM-DD with a month 01-12 and a day 01-31. */
int cli_valid_date(const char *s);

/* ---- messages (cli/cli_msg.c). Every line on stderr has one shape:
 *   sitrep COMMAND: message          (COMMAND as set by cli_set_command)
 *   sitrep: message                  (before a command is known)
 * A format that already starts with the command ("db check: ...", "gazetteer lookup:
 * ...") does not repeat it; cli_report drops a library message's own "COMMAND: ". */

/* The command of this run (borrowed; argv lives as long as the process). */
void cli_set_command(const char *name);
const char *cli_command(void); /* NULL at the top level */

/* One message line on stderr in the shape above. */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Capture this thread's message lines (cli_errorf, cli_report) into b (borrowed; the
 * caller prints it later) instead of stderr; NULL = stderr again. */
void cli_capture(sr_buf *b);

/* Report a library error as "sitrep COMMAND: FILE:LINE: message" (FILE from err->file,
 * else fallback_file; LINE left out when unknown; no FILE when both are NULL). "-"
 * prints as "<stdin>". err may be NULL. */
void cli_report(const sr_error *err, const char *fallback_file, long fallback_line);

/* Display name for a path: "<stdin>" for "-" or NULL, else path. */
const char *cli_path_name(const char *path);

/* The only candidate that word (3 bytes or more) is the start of; else the candidate
 * closest to word when it is close enough to be a typing slip; else NULL. An "=value"
 * tail of word is ignored.
 * Returns one of cands (borrowed). */
const char *cli_suggest(const char *word, const char *const *cands, size_t n);

/* The options a --help text lists (its usage lines and the option column of lines
 * starting with two spaces and '-'), each at most 40 bytes, no duplicates, in order;
 * at most cap. Returns the count. */
size_t cli_help_options(const char *help, char opts[][41], size_t cap);

/* "unknown option 'ARG'; did you mean '--X'? (see 'sitrep CMD --help')" (or "unexpected
 * argument" when arg is no option), the suggestion taken from the options of help (may
 * be NULL). Returns CLI_USAGE. */
int cli_unknown_option(const char *arg, const char *help);

/* ---- images (cli/cli_util.c) */

/* Find the lexicon (SR_IMAGE_LEXICON) or gazetteer image the way every command does
 * (sr_image_find: explicit, environment, next to the executable, $SITREP_HOME,
 * ~/.cache/sitrep); path receives it (capacity cap). On failure prints where it looked
 * and returns -1. */
int cli_find_image(int kind, const char *explicit_path, char *path, size_t cap);

/* ---- stores (cli/cli_util.c) */

/* Open a store; flags as sr_store_open. A read-only open of a missing file fails with
 * "no store at FILE" instead of SQLite's message. Prints the library's message once on
 * failure and returns -1. */
struct sr_store;
int cli_store_open(struct sr_store **st, const char *db, int flags);

#endif
