/* sitrep/code.h - the event coder: sentences and tokens in, events out.
 *
 * sr_code_text runs clause analysis over an analysed text: it finds actor,
 * action and place mentions with the lexicon's token trie and the
 * gazetteer, resolves generic mentions and pronouns to actors named earlier,
 * reads passive voice, negation and denials, reported speech, planned acts,
 * and attaches each event to a place. Events and every string they point to
 * live in the arena (or in the lexicon/gazetteer images).
 */
#ifndef SITREP_CODE_H
#define SITREP_CODE_H
#include "sitrep/gazetteer.h"
#include "sitrep/lexicon.h"
#include "sitrep/sitrep.h"
#include "sitrep/syntax.h"
#include "sitrep/text.h"

typedef struct sr_code_opts {
  int explain; /* 1 = fill sr_event.why with the rule trace */
} sr_code_opts;

/* Code text (already analysed into t, tokens tagged with sr_lex_tag).
 * gz may be NULL (no places beyond countries). date may be NULL.
 * On success *out is an arena array of *nout events. */
int sr_code_text(const sr_lex *lx, const sr_syn *syn, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                 const char *date, const sr_code_opts *opts, sr_event **out, size_t *nout,
                 sr_error *err);

/* The parse the coder works from: t's tokens tagged, actor names found by the lexicon kept
 * whole as proper nouns, then sr_syn_parse. *out lives in a. */
int sr_code_parse(const sr_lex *lx, const sr_syn *syn, sr_arena *a, const sr_text *t, sr_parse *out,
                  sr_error *err);

/* One place candidate of a text, as listed by sr_code_places. */
typedef struct sr_place_mention {
  uint32_t sent;          /* sentence, 1-based */
  uint32_t off, len;      /* byte span of the name in the analysed text */
  int ncand;              /* gazetteer candidates for the span */
  int cue;                /* 1 = a locative cue came before it ("in", "near", "the town of") */
  int resolved;           /* 1 = place/lat/lon/precision are filled; 0 = dropped (abroad, no cue) */
  sr_place place;         /* the chosen record; its strings are borrowed from the gazetteer */
  double lat, lon;        /* the point used, after any "N km DIR of" offset */
  const char *precision;  /* "place", "near", "admin1", "country"; static string */
} sr_place_mention;

/* List the place candidates of text t with their resolution, the way sr_code_text finds
 * and resolves them (same focus country, same filters), for debugging and gazetteer
 * editing. gz must not be NULL. On success *out is an arena array of *nout entries in
 * text order per sentence, and focus (may be NULL) receives the document's focus country
 * ("" when none). */
int sr_code_places(const sr_lex *lx, const sr_syn *syn, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                   const char *date, sr_place_mention **out, size_t *nout, char focus[3],
                   sr_error *err);

/* Caps per document: a document that would need more mentions is coded up to the
 * sentence where half the mention cap is reached (the rest is left uncoded, no error);
 * events beyond the event cap are dropped. */
#define SR_CODE_MAX_MENTIONS 65536
#define SR_CODE_MAX_EVENTS 8192
#define SR_CODE_MAX_COUNT 10000000L /* fatalities and injured: a larger number read is capped */

#endif
