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
#include "sitrep/text.h"

typedef struct sr_code_opts {
  int explain; /* 1 = fill sr_event.why with the rule trace */
} sr_code_opts;

/* Code text (already analysed into t, tokens tagged with sr_lex_tag).
 * gz may be NULL (no places beyond countries). date may be NULL.
 * On success *out is an arena array of *nout events. */
int sr_code_text(const sr_lex *lx, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                 const char *date, const sr_code_opts *opts, sr_event **out, size_t *nout,
                 sr_error *err);

/* Caps per document: a document that would need more mentions is coded up to the
 * sentence where half the mention cap is reached (the rest is left uncoded, no error);
 * events beyond the event cap are dropped. */
#define SR_CODE_MAX_MENTIONS 65536
#define SR_CODE_MAX_EVENTS 8192

#endif
