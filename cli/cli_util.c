/* cli/cli_util.c - option and error-report helpers shared by the subcommands. */
#include <stdarg.h>
#include <string.h>

#include "cmd.h"

int cli_is_help(const char *arg) {
  return arg && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0);
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "sitrep %s: option %s needs a value\n", argv[0], name);
    return -1;
  }
  *val = argv[++*i];
  return 1;
}

void cli_errorf(const char *fmt, ...) {
  va_list ap;
  fputs("sitrep: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

const char *cli_path_name(const char *path) {
  return (!path || strcmp(path, "-") == 0) ? "<stdin>" : path;
}

void cli_report(const sr_error *err, const char *fallback_file, long fallback_line) {
  const char *file = (err && err->file[0]) ? err->file : fallback_file;
  long line = (err && err->file[0]) ? err->line : fallback_line;
  const char *msg = (err && err->msg[0]) ? err->msg : NULL;
  char codebuf[48];
  if (!msg) {
    snprintf(codebuf, sizeof codebuf, "error (%s)",
             err && err->code ? sr_strerror(err->code) : "unknown");
    msg = codebuf;
  }
  if (line > 0)
    fprintf(stderr, "sitrep: %s:%ld: %s\n", cli_path_name(file), line, msg);
  else
    fprintf(stderr, "sitrep: %s: %s\n", cli_path_name(file), msg);
}
