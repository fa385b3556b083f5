/* cli/cli_util.c - option and error-report helpers shared by the subcommands. */
#include <stdarg.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/io.h"
#include "sitrep/sitrep.h"

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

int cli_valid_date(const char *s) {
  static const char pat[] = "dddd-dd-dd";
  if (strlen(s) != sizeof pat - 1) return 0;
  for (size_t i = 0; pat[i]; i++)
    if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-') return 0;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int cli_ctx_option(int argc, char **argv, int *i, const char *cmd, struct sr_ctx_opts *o, int allow_nogaz) {
  const char *v = NULL;
  int m;
  if ((m = cli_opt_value(argc, argv, i, "--lexicon", &v)) != 0) {
    if (m > 0) o->lexicon_path = v;
    return m;
  }
  if ((m = cli_opt_value(argc, argv, i, "--gazetteer", &v)) != 0) {
    if (m > 0) o->gazetteer_path = v;
    return m;
  }
  if (allow_nogaz && strcmp(argv[*i], "--no-gazetteer") == 0) {
    o->no_gazetteer = 1;
    return 1;
  }
  (void)cmd;
  return 0;
}

int cli_read_option(int argc, char **argv, int *i, const char *cmd, struct sr_read_opts *r) {
  static const struct {
    const char *name;
    sr_format fmt;
  } t[] = {{"auto", SR_FMT_AUTO}, {"txt", SR_FMT_TEXT},    {"text", SR_FMT_TEXT},
           {"html", SR_FMT_HTML}, {"jsonl", SR_FMT_JSONL}, {"rss", SR_FMT_RSS},
           {"atom", SR_FMT_RSS}};
  const char *v = NULL;
  int m;
  if ((m = cli_opt_value(argc, argv, i, "--date", &v)) != 0) {
    if (m < 0) return m;
    if (!cli_valid_date(v)) {
      cli_errorf("%s: --date wants YYYY-MM-DD, got '%s'", cmd, v);
      return -1;
    }
    r->default_date = v;
    return 1;
  }
  if ((m = cli_opt_value(argc, argv, i, "--format", &v)) != 0) {
    if (m < 0) return m;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
      if (strcmp(v, t[k].name) == 0) {
        r->format = t[k].fmt;
        return 1;
      }
    cli_errorf("%s: unknown --format '%s' (auto, txt, html, jsonl, rss)", cmd, v);
    return -1;
  }
  return 0;
}
