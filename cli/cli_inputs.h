/* cli/cli_inputs.h - the input list of `sitrep ingest`: files as given, directories walked
 * recursively in sorted order, every path checked before a store is opened. */
#ifndef SITREP_CLI_INPUTS_H
#define SITREP_CLI_INPUTS_H
#include <stddef.h>
#include <sys/types.h>

#define CLI_WALK_MAX_DEPTH 64        /* directory levels below an input directory */
#define CLI_WALK_MAX_FILES 1000000   /* files one run takes from all its inputs */
#define CLI_WALK_MAX_ENTRIES 1000000 /* entries read from one directory */

typedef struct cli_input {
  char *path; /* normalised path (cli_path_normalize), malloc'd; "-" for standard input */
  dev_t dev;  /* of the file (0 for "-"): the same file reached twice is taken once */
  ino_t ino;
} cli_input;

typedef struct cli_inputs {
  cli_input *v; /* owned: free with cli_inputs_free */
  size_t n, cap;
  size_t problems; /* inputs that could not be read or walked (each reported on stderr) */
  size_t dirs;     /* directories walked */
} cli_inputs;

/* Add arg: "-", a file (taken whatever its name), or a directory whose regular files
 * below it are taken when their base name matches glob (fnmatch; NULL = the names the
 * readers know: .txt .text .html .htm .xhtml .jsonl .ndjson .json .xml .rss .atom, or no
 * extension). Hidden entries (".name") are skipped; a symlink loop or a directory deeper
 * than CLI_WALK_MAX_DEPTH is reported and skipped. Problems are reported as
 * "sitrep ingest: PATH: what" and counted in in->problems. Returns 0, or -1 after a
 * message when a cap was reached or memory ran out (the caller stops). */
int cli_inputs_add(cli_inputs *in, const char *arg, const char *glob);

/* Drop later copies of a file already in the list (same device and inode), keeping the
 * order of the first ones. */
void cli_inputs_dedup(cli_inputs *in);

void cli_inputs_free(cli_inputs *in);

/* path without "." components, repeated or trailing '/' ("./a//b/" -> "a/b"), into out
 * (capacity cap, truncated). "." stays "."; ".." components are kept. */
void cli_path_normalize(const char *path, char *out, size_t cap);

#endif
