/* cli/cli_util.c - option and error-report helpers shared by the subcommands. */
#include <string.h>

#include "cmd.h"
#include "sitrep/io.h"
#include "sitrep/sitrep.h"
#include "sitrep/store.h"

#include <unistd.h>

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
    cli_errorf("option %s needs a value", name);
    return -1;
  }
  *val = argv[++*i];
  return 1;
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
  (void)cmd;
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
      cli_errorf("--date wants YYYY-MM-DD, got '%s'", v);
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
    const char *names[sizeof t / sizeof t[0]];
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) names[k] = t[k].name;
    const char *s = cli_suggest(v, names, sizeof t / sizeof t[0]);
    if (s) cli_errorf("unknown --format '%s'; did you mean '%s'? (auto, txt, html, jsonl, rss)", v, s);
    else cli_errorf("unknown --format '%s' (auto, txt, html, jsonl, rss)", v);
    return -1;
  }
  return 0;
}

int cli_find_image(int kind, const char *explicit_path, char *path, size_t cap) {
  sr_error err;
  sr_error_clear(&err);
  if (sr_image_find((sr_image_kind)kind, explicit_path, path, cap, &err) == 0) return 0;
  cli_errorf("%s", err.msg[0] ? err.msg : sr_strerror(err.code));
  return -1;
}

int cli_store_open(sr_store **st, const char *db, int flags) {
  sr_error err;
  sr_error_clear(&err);
  *st = NULL;
  if (!(flags & SR_STORE_CREATE) && access(db, F_OK) != 0) {
    cli_errorf("no store at %s (create one with 'sitrep ingest --db %s FILE...')", db, db);
    return -1;
  }
  if (sr_store_open(st, db, flags, &err) == 0) return 0;
  cli_errorf("%s", err.msg[0] ? err.msg : sr_strerror(err.code));
  *st = NULL;
  return -1;
}
