/* cli/cmd_places.c - `sitrep places`: every place mention of a text and how it was resolved.
 *
 * A debugging and gazetteer-editing aid: it runs the same candidate search, focus
 * country and filters as `sitrep code` and prints one line per candidate span. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/code.h"
#include "sitrep/sitrep.h"
#include "sitrep/text.h"

static const char *const HELP =
    "usage: sitrep places [TEXT...] [--date YYYY-MM-DD] [--json]\n"
    "                     [--lexicon PATH] [--gazetteer PATH]\n"
    "\n"
    "List every place name found in TEXT (the arguments joined by spaces; standard\n"
    "input when none) and how it was resolved, the way `sitrep code` resolves it:\n"
    "sentence, the name as written, whether a locative cue came before it, the\n"
    "number of gazetteer candidates, then the chosen record (name, country,\n"
    "admin1, feature code, population, point, precision, geonameid) or why it\n"
    "was dropped. The first line gives the document's focus country.\n"
    "\n"
    "  --json       one JSON object per candidate instead of the table\n"
    "  --date D     report date (as for `sitrep code`)\n"
    "  --lexicon PATH, --gazetteer PATH   images (default search as `sitrep code`)\n"
    "\n"
    "Exit status: 0 at least one place resolved, 1 none resolved, 2 usage error,\n"
    "bad input, or the lexicon/gazetteer could not be opened.\n";

#define PLACES_MAX_INPUT ((size_t)16 * 1024 * 1024)

/* Read all of stdin (capped). Returns a malloc'd buffer or NULL. */
static char *read_stdin(size_t *len) {
  size_t cap = 65536, n = 0;
  char *b = malloc(cap);
  if (!b) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap >= PLACES_MAX_INPUT) {
        cli_errorf("<stdin> is over the %zu MiB cap", PLACES_MAX_INPUT >> 20);
        free(b);
        return NULL;
      }
      char *nb = realloc(b, cap * 2);
      if (!nb) {
        free(b);
        return NULL;
      }
      b = nb, cap *= 2;
    }
    size_t got = fread(b + n, 1, cap - n, stdin);
    n += got;
    if (got == 0) break;
  }
  *len = n;
  return b;
}

static void print_json(const char *text, const sr_place_mention *m, const char *focus, sr_buf *b) {
  b->len = 0;
  sr_buf_printf(b, "{\"sent\":%u,\"text\":", m->sent);
  sr_buf_json_str(b, text + m->off, m->len);
  sr_buf_printf(b, ",\"cue\":%s,\"candidates\":%d,\"focus\":", m->cue ? "true" : "false", m->ncand);
  sr_buf_json_str(b, focus, strlen(focus));
  if (!m->resolved) {
    sr_buf_printf(b, ",\"resolved\":null}\n");
  } else {
    const sr_place *p = &m->place;
    sr_buf_printf(b, ",\"resolved\":{\"name\":");
    sr_buf_json_str(b, p->name, strlen(p->name));
    sr_buf_printf(b, ",\"country\":\"%s\",\"admin1\":", p->cc);
    sr_buf_json_str(b, p->admin1_name, strlen(p->admin1_name));
    sr_buf_printf(b, ",\"admin2\":");
    sr_buf_json_str(b, p->admin2_name, strlen(p->admin2_name));
    sr_buf_printf(b,
                  ",\"fcode\":\"%c.%s\",\"population\":%u,\"lat\":%.4f,\"lon\":%.4f,"
                  "\"precision\":\"%s\",\"geonameid\":%u}}\n",
                  p->fclass ? p->fclass : '-', p->fcode, p->population, m->lat, m->lon,
                  m->precision, p->geonameid);
  }
  fwrite(b->data, 1, b->len, stdout);
}

static void print_row(const char *text, const sr_place_mention *m) {
  printf("s%-3u %-28.*s %-3s %3d cand  ", m->sent, (int)(m->len > 28 ? 28 : m->len), text + m->off,
         m->cue ? "cue" : "-", m->ncand);
  if (!m->resolved) {
    printf("dropped (%s)\n", m->ncand == 0   ? "not in the gazetteer"
                             : m->cue        ? "no candidate fits the focus country"
                                             : "no locative cue and not a well-known place there");
    return;
  }
  const sr_place *p = &m->place;
  printf("-> %s  %s  %s  %c.%s  pop %u  %.4f %.4f  %s  id %u\n", p->name, p->cc,
         p->admin1_name[0] ? p->admin1_name : "-", p->fclass ? p->fclass : '-', p->fcode, p->population,
         m->lat, m->lon, m->precision, p->geonameid);
}

int cmd_places(int argc, char **argv) {
  sr_ctx_opts copts = {0};
  const char *date = NULL;
  int json = 0;
  sr_buf text;
  sr_buf_init(&text, PLACES_MAX_INPUT);
  int nwords = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    int m;
    if (cli_is_help(a)) {
      fputs(HELP, stdout);
      sr_buf_free(&text);
      return CLI_OK;
    } else if ((m = cli_opt_value(argc, argv, &i, "--date", &v)) != 0) {
      if (m < 0) goto usage;
      date = v;
    } else if ((m = cli_ctx_option(argc, argv, &i, "places", &copts, 0)) != 0) {
      if (m < 0) goto usage;
    } else if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (a[0] == '-' && a[1]) {
      sr_buf_free(&text);
      return cli_unknown_option(a, HELP);
    } else {
      if ((nwords++ && sr_buf_putc(&text, ' ')) || sr_buf_append(&text, a, strlen(a))) {
        cli_errorf("TEXT is over the %zu MiB cap", PLACES_MAX_INPUT >> 20);
        goto usage;
      }
    }
  }
  char *raw = NULL;
  size_t rawlen = 0;
  if (nwords == 0) {
    raw = read_stdin(&rawlen);
    if (!raw) {
      cli_errorf("cannot read standard input");
      sr_buf_free(&text);
      return CLI_USAGE;
    }
  }
  sr_ctx *ctx = NULL;
  sr_error err;
  sr_error_clear(&err);
  int rc = CLI_USAGE;
  sr_arena *ar = sr_arena_new(PLACES_MAX_INPUT * 4);
  sr_doc *doc = NULL;
  sr_buf out;
  sr_buf_init(&out, 1 << 20);
  if (!ar) {
    cli_errorf("out of memory");
    goto done;
  }
  if (sr_ctx_open(&ctx, &copts, &err) < 0 || !ctx) {
    cli_report(&err, NULL, 0);
    goto done;
  }
  if (!sr_ctx_gazetteer_path(ctx)[0]) {
    cli_errorf("no gazetteer found; build one with 'make gazetteer' or pass --gazetteer PATH");
    goto done;
  }
  char *clean = NULL;
  size_t clen = 0;
  const char *src = raw ? raw : (text.data ? text.data : "");
  size_t slen = raw ? rawlen : text.len;
  if (sr_utf8_clean(ar, src, slen, &clean, &clen, NULL, &err) < 0) {
    cli_report(&err, raw ? "-" : "TEXT", 0);
    goto done;
  }
  doc = sr_doc_new(ctx);
  if (!doc) {
    cli_errorf("out of memory");
    goto done;
  }
  const sr_place_mention *pm = NULL;
  size_t n = 0;
  char focus[3];
  if (sr_doc_places(doc, date, clean, clen, &pm, &n, focus, &err) < 0) {
    cli_report(&err, raw ? "-" : "TEXT", 0);
    goto done;
  }
  if (!json) printf("focus: %s, %zu candidate span(s)\n", focus[0] ? focus : "-", n);
  int any = 0;
  for (size_t k = 0; k < n; k++) {
    if (json) print_json(clean, &pm[k], focus, &out);
    else print_row(clean, &pm[k]);
    any |= pm[k].resolved;
  }
  rc = any ? CLI_OK : CLI_PARTIAL;
done:
  sr_buf_free(&out);
  if (doc) sr_doc_free(doc);
  if (ctx) sr_ctx_free(ctx);
  if (ar) sr_arena_free(ar);
  free(raw);
  sr_buf_free(&text);
  return rc;
usage:
  sr_buf_free(&text);
  return CLI_USAGE;
}
