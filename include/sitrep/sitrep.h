/* sitrep/sitrep.h - the whole pipeline: open a context (lexicon + gazetteer),
 * code documents, iterate the events.
 *
 *   sr_ctx *ctx; sr_error err;
 *   if (sr_ctx_open(&ctx, NULL, &err)) { fprintf(stderr, "%s\n", err.msg); ... }
 *   sr_doc *d = sr_doc_new(ctx);
 *   if (sr_doc_code(d, "doc1", "2018-09-12", text, len, &err) == 0)
 *     for (size_t i = 0; i < sr_doc_nevents(d); i++) use(sr_doc_event(d, i));
 *   sr_doc_free(d); sr_ctx_free(ctx);
 *
 * A context is read-only after opening and may be shared by threads; a
 * sr_doc is one thread's working state (its arena is reset per document).
 */
#ifndef SITREP_SITREP_H
#define SITREP_SITREP_H
#include "sitrep/util.h"

#define SITREP_VERSION "0.1.0"

typedef struct sr_ctx sr_ctx;
typedef struct sr_doc sr_doc;

typedef struct sr_ctx_opts {
  const char *lexicon_path;   /* compiled lexicon image; NULL = default search */
  const char *gazetteer_path; /* compiled gazetteer image; NULL = default search */
  int no_gazetteer;           /* 1 = run without a gazetteer (places from the lexicon only) */
} sr_ctx_opts;

/* Where the images are: one search for every command. */
typedef enum sr_image_kind { SR_IMAGE_LEXICON = 0, SR_IMAGE_GAZETTEER = 1 } sr_image_kind;

/* Find the lexicon (sitrep.lex) or gazetteer (gazetteer.img) image: explicit_path when
 * given (may be NULL), else $SITREP_LEXICON / $SITREP_GAZETTEER; either must exist.
 * Otherwise the file next to the executable, in $SITREP_HOME, in ~/.cache/sitrep/, the
 * first that exists. out (capacity cap) receives the path. SR_ENOTFOUND when there is
 * none; err then names every place looked at. */
int sr_image_find(sr_image_kind kind, const char *explicit_path, char *out, size_t cap, sr_error *err);

/* Open a context. Default search for each image: the explicit path, then
 * $SITREP_LEXICON / $SITREP_GAZETTEER, then next to the executable
 * (sitrep.lex, gazetteer.img), then $SITREP_HOME or ~/.cache/sitrep/ (sr_image_find);
 * without a lexicon image found so (none given), data/ is compiled in memory when the
 * working directory is the source tree. Caller frees with sr_ctx_free. */
int sr_ctx_open(sr_ctx **out, const sr_ctx_opts *opts, sr_error *err);
void sr_ctx_free(sr_ctx *ctx);
/* Where the images were found (borrowed, valid until sr_ctx_free). */
const char *sr_ctx_lexicon_path(const sr_ctx *ctx);
const char *sr_ctx_gazetteer_path(const sr_ctx *ctx); /* "" when none */
/* Turn on rule traces (sr_event.why) for events coded with this context. */
void sr_ctx_set_explain(sr_ctx *ctx, int on);

typedef struct sr_actor_ref {
  const char *id;    /* "ISIS", "SYRGOV", ...; borrowed from the lexicon */
  const char *name;  /* "Islamic State" */
  const char *cameo; /* CAMEO actor code, "" when none */
  int inter;         /* ACLED inter code: 1 state forces, 2 rebels, 3 political militias, 4 identity
                        militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other; 0 unknown */
} sr_actor_ref;

typedef struct sr_location {
  const char *name;       /* as resolved ("Hamdan"); borrowed */
  double lat, lon;
  char country[3];
  const char *admin1;     /* "" when unknown */
  const char *admin2;     /* "" when unknown */
  uint32_t geonameid;
  const char *precision;  /* "place", "near", "admin1", "country" */
  double km_offset;       /* "30 km north-west of X": 30 (point moved from X); 0 when none */
  double bearing;         /* degrees clockwise from north of that offset or of "north of X"; -1 when none */
} sr_location;

typedef struct sr_event {
  uint32_t sent;          /* 1-based sentence number in the document */
  const char *date;       /* the event's date "YYYY-MM-DD": its own, else the report's; NULL none */
  const char *report_date; /* the report's date or NULL */
  int time_precision;     /* of date, as ACLED: 1 day, 2 week, 3 month; 0 when date is NULL */
  int date_told;          /* 1 when date comes from a time expression of the text, 0 when it is
                             the report's date (merging allows reports a lag then) */
  int fatalities;         /* deaths in its incident; 0 "nobody died"; -1 when the report does not say */
  int injured;            /* injured in its incident; -1 when not said */
  int has_source, has_target, has_location;
  sr_actor_ref source, target;
  char cameo[5];          /* full code "193" */
  const char *plover;     /* "ASSAULT" */
  const char *acled;      /* "Battles" */
  const char *acled_sub;  /* "Armed clash" */
  const char *disorder;   /* ACLED disorder type: "Political violence", "Demonstrations", ... */
  sr_location location;
  uint32_t text_off, text_len; /* evidence span in the document text */
  const char *text;       /* the document text (borrowed from the sr_doc) */
  float confidence;       /* 0..1 */
  const char *why;        /* short trace of the rule that produced it (for --explain) */
} sr_event;

/* New working state for one thread. NULL on OOM. Free with sr_doc_free. */
sr_doc *sr_doc_new(sr_ctx *ctx);
void sr_doc_free(sr_doc *d);

/* Code one document. text must be clean UTF-8 (readers do that; pass
 * through sr_utf8_clean otherwise); it is copied into the document's arena.
 * Events from the previous call are invalidated. date may be NULL. */
int sr_doc_code(sr_doc *d, const char *id, const char *date, const char *text, size_t len,
                sr_error *err);
size_t sr_doc_nevents(const sr_doc *d);
/* Borrowed; valid until the next sr_doc_code or sr_doc_free. */
const sr_event *sr_doc_event(const sr_doc *d, size_t i);

/* List the place candidates of one document and how each was resolved (what
 * `sitrep places` prints; struct sr_place_mention is in sitrep/code.h). The ctx
 * must have a gazetteer (SR_ERR otherwise). Entries' off/len index into
 * text; the array and the strings it points to are borrowed, valid until the
 * next sr_doc_code / sr_doc_places or sr_doc_free. focus (may be NULL)
 * receives the document's focus country ("" when none). */
struct sr_place_mention;
int sr_doc_places(sr_doc *d, const char *date, const char *text, size_t len,
                  const struct sr_place_mention **out, size_t *n, char focus[3], sr_error *err);

/* Write the syntactic parse of text (every sentence: tags, chunks, clauses, relations) as
 * plain text to out, the way the coder sees it; for `sitrep parse`. */
int sr_doc_parse(sr_doc *d, const char *text, size_t len, sr_buf *out, sr_error *err);

/* Append the event as one JSON object line (with trailing '\n') in the
 * documented output format. doc_id names the document. */
int sr_event_write_json(const sr_event *e, const char *doc_id, sr_buf *out);

/* CAMEO code -> PLOVER type, ACLED type and sub-type (static strings). */
void sr_cameo_map(const char *cameo, const char **plover, const char **acled,
                  const char **acled_sub);
/* ACLED's disorder type of an event type and sub-type: "Political violence", "Demonstrations",
 * "Political violence; Demonstrations" (excessive force against protesters) or "Strategic
 * developments"; "" for no type. Static string. */
const char *sr_acled_disorder(const char *type, const char *sub);
/* Short English name of a CAMEO code ("occupy territory"); falls back
 * 4 -> 3 -> 2 digits like sr_cameo_map. Static string, "" when unknown. */
const char *sr_cameo_name(const char *cameo);

#endif
