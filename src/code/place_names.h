/* place_names.h - the folded names of a gazetteer record as the geoparser compares them
 * (place_names.c; used by places_resolve.c through code_internal.h). */
#ifndef SITREP_PLACE_NAMES_H
#define SITREP_PLACE_NAMES_H
#include "sitrep/gazetteer.h"

/* Name and ASCII name folded (cut at 127 bytes), a province's without the word for its level
 * ("borno" for Borno State), and where each starts without its Arabic article (-1: none).
 * The strings are borrowed from a per-thread cache, valid until this thread's next call. */
typedef struct cd_pnames {
  const char *name, *ascii;
  int nbare, abare;
} cd_pnames;
void cd_place_names(const sr_gaz *gz, const sr_place *p, cd_pnames *out);

#endif
