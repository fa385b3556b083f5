/* cli/cli_store.h - option helpers of the store commands (events, situation):
 * numbers, coordinates, and actor and place names resolved through the
 * lexicon and the gazetteer. Every helper prints "sitrep: ..." naming the
 * option on a bad value and returns nonzero (the caller exits 2). */
#ifndef SITREP_CLI_STORE_H
#define SITREP_CLI_STORE_H
#include "sitrep/gazetteer.h"
#include "sitrep/lexicon.h"
#include "sitrep/sitrep.h"

typedef struct cli_names {
  sr_lex *lex; /* NULL until opened */
  sr_gaz *gaz; /* NULL unless a place name must be resolved */
} cli_names;

/* Open the lexicon (and the gazetteer when need_gaz) with the default search
 * of sitrep code (opts may name the images). Close with cli_names_close. */
int cli_names_open(cli_names *n, const sr_ctx_opts *opts, int need_gaz);
void cli_names_close(cli_names *n);

/* Map an actor id ("ISIS"), name or alias ("Daesh", "Islamic State"), a
 * country or demonym ("Syria", "Syrian army": its military) to the actor id
 * stored in events; written to id (capacity cap). */
int cli_resolve_actor(const cli_names *n, const char *opt, const char *name, char *id, size_t cap);

/* 1 when s is meant as coordinates (starts with a digit, sign or '.'). */
int cli_looks_like_coords(const char *s);
/* --near value: "LAT,LON" or a place name (best gazetteer candidate). */
int cli_resolve_near(const cli_names *n, const char *s, double *lat, double *lon);

/* Whole number >= min (the full string must be the number). */
int cli_parse_long(const char *opt, const char *s, long min, long *out);
/* --km: a number, 0 < km <= 20000. */
int cli_parse_km(const char *s, double *km);

#endif
