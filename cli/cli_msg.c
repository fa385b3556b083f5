/* cli/cli_msg.c - the one shape of every message on stderr ("sitrep COMMAND: message")
 * and the "did you mean" suggestions for unknown commands, options and values. */
#include <stdarg.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/sitrep.h"

#define SUGGEST_MAX_LEN 64 /* longer words are not compared (no suggestion) */
#define HELP_MAX_OPTIONS 96 /* options collected from one --help text */
#define OPTION_MAX_LEN 40  /* longest option name collected from a --help text */

static const char *g_command; /* borrowed from argv; NULL at the top level */

void cli_set_command(const char *name) { g_command = name; }
const char *cli_command(void) { return g_command; }

/* 1 when text starts with the command as a word ("db check: ...", "situation: ..."). */
static int starts_with_command(const char *text) {
  size_t n = g_command ? strlen(g_command) : 0;
  return n && strncmp(text, g_command, n) == 0 && (text[n] == ':' || text[n] == ' ');
}

static _Thread_local sr_buf *g_capture; /* this thread's messages go here when set */

void cli_capture(sr_buf *b) { g_capture = b; }

/* One line: "sitrep CMD: msg", or "sitrep msg" when own_prefix (msg names the command). */
static void put_line(const char *msg, int own_prefix) {
  if (g_capture) {
    if (!g_command) sr_buf_printf(g_capture, "sitrep: %s\n", msg);
    else if (own_prefix) sr_buf_printf(g_capture, "sitrep %s\n", msg);
    else sr_buf_printf(g_capture, "sitrep %s: %s\n", g_command, msg);
    return;
  }
  if (!g_command) fprintf(stderr, "sitrep: %s\n", msg);
  else if (own_prefix) fprintf(stderr, "sitrep %s\n", msg);
  else fprintf(stderr, "sitrep %s: %s\n", g_command, msg);
}

void cli_errorf(const char *fmt, ...) {
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* decided on the format, not the message: a file named like the command stays */
  put_line(msg, starts_with_command(fmt));
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
  if (!file && starts_with_command(msg)) /* "situation: out of memory": the library's own prefix */
    msg += strlen(g_command) + (msg[strlen(g_command)] == ':') + 1;
  /* a message that already starts with its file ("IMG: corrupt lexicon image (...)") */
  if (file && !strncmp(msg, file, strlen(file)) && msg[strlen(file)] == ':') file = NULL;
  if (!file) cli_errorf("%s", msg);
  else if (line > 0) cli_errorf("%s:%ld: %s", cli_path_name(file), line, msg);
  else cli_errorf("%s: %s", cli_path_name(file), msg);
}

/* Optimal string alignment distance (insertions, deletions, substitutions and swaps of
 * two neighbours each count 1); both strings at most SUGGEST_MAX_LEN bytes. */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[la][lb];
}

const char *cli_suggest(const char *word, const char *const *cands, size_t n) {
  if (!word || !*word) return NULL;
  char w[SUGGEST_MAX_LEN + 1];
  size_t lw = strcspn(word, "=");
  if (lw > SUGGEST_MAX_LEN) return NULL;
  memcpy(w, word, lw);
  w[lw] = 0;
  const char *best = NULL, *prefix_of = NULL;
  size_t bestd = (size_t)-1;
  int nprefix = 0;
  for (size_t i = 0; i < n; i++) {
    const char *c = cands[i];
    if (!c || strlen(c) > SUGGEST_MAX_LEN) continue;
    size_t d = edit_distance(w, c);
    if (d < bestd) bestd = d, best = c;
    /* "--form" is the start of "--format": suggest it when only one option starts so */
    size_t lc = strlen(c);
    if (lw >= 3 && lw < lc && strncmp(c, w, lw) == 0) prefix_of = c, nprefix++;
  }
  if (!best) return NULL;
  if (nprefix == 1) return prefix_of; /* an abbreviation first: "--form" is "--format" */
  size_t lb = strlen(best), longest = lb > lw ? lb : lw;
  /* close enough: one edit for short words, two from six characters, a third of longer */
  size_t allowed = longest >= 9 ? longest / 3 : longest >= 6 ? 2 : 1;
  return bestd > 0 && bestd <= allowed ? best : NULL;
}

/* The options a --help text names: every "--word" or "-x" that starts an option line
 * (two spaces, then '-') or appears in the usage lines (up to the first blank line). */
size_t cli_help_options(const char *help, char opts[][OPTION_MAX_LEN + 1], size_t cap) {
  size_t n = 0;
  int in_usage = 0;
  for (const char *line = help; line && *line && n < cap;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    if (strncmp(line, "usage:", 6) == 0) in_usage = 1;
    else if (len == 0) in_usage = 0;
    size_t sp = strspn(line, " ");
    int opt_line = sp >= 2 && sp < len && line[sp] == '-';
    if (in_usage || opt_line) {
      /* option lines: only the option column (up to two spaces in a row) */
      size_t stop = len;
      if (opt_line && !in_usage) {
        const char *gap = strstr(line + sp, "  ");
        if (gap && gap < line + len) stop = (size_t)(gap - line);
      }
      for (size_t i = 0; i < stop && n < cap; i++) {
        int boundary = i == 0 || strchr(" [|,(", line[i - 1]) != NULL;
        if (!boundary || line[i] != '-') continue;
        size_t j = i + 1 + (i + 1 < stop && line[i + 1] == '-');
        if (j >= stop || line[j] < 'a' || line[j] > 'z') continue;
        size_t k = j;
        while (k < stop && ((line[k] >= 'a' && line[k] <= 'z') || (line[k] >= '0' && line[k] <= '9') || line[k] == '-'))
          k++;
        if (k - i > OPTION_MAX_LEN) continue;
        memcpy(opts[n], line + i, k - i);
        opts[n][k - i] = 0;
        int dup = 0;
        for (size_t m = 0; m < n && !dup; m++) dup = strcmp(opts[m], opts[n]) == 0;
        if (!dup) n++;
        i = k;
      }
    }
    line = end ? end + 1 : NULL;
  }
  return n;
}

int cli_unknown_option(const char *arg, const char *help) {
  static char opts[HELP_MAX_OPTIONS][OPTION_MAX_LEN + 1];
  const char *cands[HELP_MAX_OPTIONS];
  size_t n = help ? cli_help_options(help, opts, HELP_MAX_OPTIONS) : 0;
  for (size_t i = 0; i < n; i++) cands[i] = opts[i];
  const char *s = arg[0] == '-' ? cli_suggest(arg, cands, n) : NULL;
  const char *what = arg[0] == '-' ? "unknown option" : "unexpected argument";
  const char *cmd = g_command ? g_command : "";
  if (s)
    cli_errorf("%s '%s'; did you mean '%s'? (see 'sitrep %s --help')", what, arg, s, cmd);
  else
    cli_errorf("%s '%s'; see 'sitrep %s --help'", what, arg, cmd);
  return CLI_USAGE;
}
