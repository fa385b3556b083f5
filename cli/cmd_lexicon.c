/* cli/cmd_lexicon.c - `sitrep lexicon build DIR -o OUT` and
 * `sitrep lexicon match TEXT`, `sitrep lexicon check [IMG]`: compile data/ dictionaries
 * into the mmap-able lexicon image, show what a phrase matches, verify an image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "sitrep/lexicon.h"
#include "sitrep/sitrep.h"
#include "sitrep/text.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: sitrep lexicon build [DIR] [-o OUT] [--taglex FILE] [--wordnet DIR] [--require-open-class]\n"
          "       sitrep lexicon match [--lexicon IMG] TEXT\n"
          "       sitrep lexicon check [IMG]\n"
          "\n"
          "build   compile the text dictionaries under DIR (default: data) into a lexicon\n"
          "        image OUT (default: sitrep.lex); errors name the file and line. The\n"
          "        syntactic layer's open-class words come from npm en-lexicon (--taglex,\n"
          "        default $SITREP_HOME/deps/en-lexicon.js, fetched by scripts/setup.sh) and\n"
          "        Debian wordnet-base (--wordnet, default /usr/share/wordnet); without them the\n"
          "        tagger knows only closed-class words, unless --require-open-class makes\n"
          "        that an error.\n"
          "match   print every dictionary entry found in TEXT (a debugging aid).\n"
          "check   verify an image (default: sitrep.lex): its checksum and every offset, count\n"
          "        and index. Every command does this when it opens the image; a damaged\n"
          "        image gives 'IMG: corrupt lexicon image (...)' and exit status 2.\n");
}

/* An image error names its file in the message ("IMG: corrupt lexicon image (...)"). */
static void report_img(const sr_error *err, const char *path) {
  size_t n = strlen(path);
  if (strncmp(err->msg, path, n) == 0 && err->msg[n] == ':') cli_errorf("%s", err->msg);
  else cli_report(err, path, 0);
}

static const char *kind_name(uint8_t t) {
  switch (t) {
  case SR_ENT_ACTOR: return "actor";
  case SR_ENT_AGENT: return "agent";
  case SR_ENT_COUNTRY: return "country";
  case SR_ENT_ADJ: return "adjective";
  case SR_ENT_CAPITAL: return "capital";
  case SR_ENT_ACTION: return "action";
  }
  return "?";
}

static int do_match(const char *img, const char *text) {
  sr_error err;
  sr_error_clear(&err);
  sr_lex *lx = NULL;
  if (sr_lex_open(&lx, img, &err)) {
    report_img(&err, img);
    return CLI_USAGE;
  }
  sr_arena *a = sr_arena_new(0);
  sr_text t;
  if (!a || sr_text_analyze(&t, a, text, strlen(text), &err)) {
    cli_report(&err, "TEXT", 0);
    sr_arena_free(a);
    sr_lex_close(lx);
    return CLI_USAGE;
  }
  sr_lex_tag(lx, &t);
  for (uint32_t i = 0; i < t.ntok; i++) {
    const sr_lex_entry *e[16];
    int n = sr_lex_match(lx, &t, i, t.ntok, e, 16);
    for (int k = 0; k < n; k++) {
      printf("%u+%u %-9s ", i, e[k]->ntok, kind_name(e[k]->type));
      if (e[k]->type == SR_ENT_ACTOR) {
        const sr_lex_actor *x = sr_lex_actor_at(lx, e[k]->val);
        printf("%s (%s)", sr_lex_str(lx, x->code), sr_lex_str(lx, x->name));
      } else if (e[k]->type == SR_ENT_ACTION) {
        const sr_lex_action *x = sr_lex_action_at(lx, e[k]->val);
        printf("%s '%s'", x->cameo[0] ? x->cameo : "frame", sr_lex_str(lx, x->pattern));
      } else if (e[k]->type == SR_ENT_AGENT) {
        printf("role %u", e[k]->val);
      } else {
        const sr_lex_country *x = sr_lex_country_at(lx, e[k]->val);
        printf("%s", x ? x->cc : "?");
      }
      printf("  \"%.*s\"\n", (int)(t.tok[i + e[k]->ntok - 1].off + t.tok[i + e[k]->ntok - 1].len - t.tok[i].off),
             t.src + t.tok[i].off);
    }
  }
  sr_arena_free(a);
  sr_lex_close(lx);
  return CLI_OK;
}

int cmd_lexicon(int argc, char **argv) {
  if (argc < 2 || cli_is_help(argv[1])) {
    help(argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_USAGE : CLI_OK;
  }
  const char *sub = argv[1];
  const char *dir = "data", *out = "sitrep.lex", *img = NULL, *text = NULL;
  sr_lex_build_opts bo = {NULL, NULL, 0};
  for (int i = 2; i < argc; i++) {
    const char *v;
    int r;
    if (cli_is_help(argv[i])) {
      help(stdout);
      return CLI_OK;
    }
    if ((r = cli_opt_value(argc, argv, &i, "-o", &v)) != 0 ||
        (r = cli_opt_value(argc, argv, &i, "--output", &v)) != 0) {
      if (r < 0) return CLI_USAGE;
      out = v;
    } else if ((r = cli_opt_value(argc, argv, &i, "--lexicon", &v)) != 0) {
      if (r < 0) return CLI_USAGE;
      img = v;
    } else if ((r = cli_opt_value(argc, argv, &i, "--taglex", &v)) != 0) {
      if (r < 0) return CLI_USAGE;
      bo.taglex = v;
    } else if ((r = cli_opt_value(argc, argv, &i, "--wordnet", &v)) != 0) {
      if (r < 0) return CLI_USAGE;
      bo.wordnet = v;
    } else if (!strcmp(argv[i], "--require-open-class")) {
      bo.require = 1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      char *h = NULL; /* the options to suggest from: the help text */
      size_t hn = 0;
      FILE *m = open_memstream(&h, &hn);
      if (m) help(m), fclose(m);
      cli_unknown_option(argv[i], h);
      free(h);
      return CLI_USAGE;
    } else if (!strcmp(sub, "build")) {
      dir = argv[i];
    } else {
      text = argv[i];
    }
  }
  if (!strcmp(sub, "build")) {
    sr_error err;
    sr_error_clear(&err);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sr_lex_build_ex(dir, out, &bo, &err)) {
      cli_report(&err, dir, 0);
      return CLI_USAGE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sr_lex *lx = NULL;
    if (sr_lex_open(&lx, out, &err)) {
      report_img(&err, out);
      return CLI_USAGE;
    }
    fprintf(stderr, "sitrep lexicon: %s: %u actors, %u countries, %u words in %.0f ms\n", out,
            sr_lex_nactors(lx), sr_lex_ncountries(lx), sr_lex_nwords(lx) - 1,
            (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    sr_lex_close(lx);
    return CLI_OK;
  }
  if (!strcmp(sub, "match")) {
    if (!text) {
      cli_errorf("lexicon match: give a TEXT");
      return CLI_USAGE;
    }
    char path[4096];
    if (cli_find_image(SR_IMAGE_LEXICON, img, path, sizeof path)) return CLI_USAGE;
    return do_match(path, text);
  }
  if (!strcmp(sub, "check")) {
    char found[4096];
    const char *path = img ? img : text;
    if (!path) {
      if (cli_find_image(SR_IMAGE_LEXICON, NULL, found, sizeof found)) return CLI_USAGE;
      path = found;
    }
    sr_error err;
    sr_error_clear(&err);
    sr_lex *lx = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sr_lex_open(&lx, path, &err)) {
      report_img(&err, path);
      return CLI_USAGE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%s: ok (%u actors, %u countries, %u words; opened and verified in %.1f ms)\n", path,
           sr_lex_nactors(lx), sr_lex_ncountries(lx), sr_lex_nwords(lx) - 1,
           (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    sr_lex_close(lx);
    return CLI_OK;
  }
  static const char *const subs[] = {"build", "match", "check"};
  const char *s = cli_suggest(sub, subs, 3);
  if (s) cli_errorf("unknown subcommand '%s'; did you mean '%s'? (build, match, check)", sub, s);
  else cli_errorf("unknown subcommand '%s' (build, match, check)", sub);
  return CLI_USAGE;
}
