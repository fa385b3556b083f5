/* sitrep/io.h - input readers (txt, html, jsonl, rss/atom) that turn files
 * into documents, and the HTML-to-text step with boilerplate removal.
 *
 * Readers never stop a batch for one bad document: each bad document or line
 * is reported through the error callback (file, line, message) and reading
 * goes on with the next one.
 */
#ifndef SITREP_IO_H
#define SITREP_IO_H
#include "sitrep/util.h"

/* Caps on input (bytes). A document or JSONL line larger than these is
 * reported (SR_ELIMIT, with its line) and skipped, never coded in part. */
#define SR_IO_MAX_FILE ((size_t)256 * 1024 * 1024) /* one input file */
#define SR_IO_MAX_DOC ((size_t)8 * 1024 * 1024)    /* one document's text or html */

typedef enum sr_format {
  SR_FMT_AUTO = 0, /* by extension, else by sniffing the first bytes */
  SR_FMT_TEXT,
  SR_FMT_HTML,
  SR_FMT_JSONL,
  SR_FMT_RSS       /* RSS 2.0 or Atom; each item/entry is a document */
} sr_format;

typedef struct sr_input_doc {
  const char *id;     /* JSONL "id", RSS guid/link, else the file name; never NULL */
  const char *date;   /* "YYYY-MM-DD" or NULL */
  const char *title;  /* may be NULL */
  const char *text;   /* clean UTF-8 plain text (HTML already converted,
                         invalid UTF-8 already repaired); never NULL */
  size_t len;
  const char *url, *source; /* may be NULL */
  const char *file;   /* input path ("-" for stdin) */
  long line;          /* 1-based line of the document in file (JSONL), else 1 */
  size_t repaired;    /* invalid UTF-8 sequences replaced in this document */
} sr_input_doc;

/* Called once per document; everything in doc is borrowed and valid only
 * during the call. Return 0 to go on, non-zero to stop reading. */
typedef int (*sr_doc_fn)(const sr_input_doc *doc, void *payload);
/* Called once per problem (bad line, binary file, oversized document...).
 * err->file/line name the place. The reader goes on afterwards. */
typedef void (*sr_err_fn)(const sr_error *err, void *payload);

typedef struct sr_read_opts {
  sr_format format;         /* SR_FMT_AUTO by default */
  const char *default_date; /* for documents with no date of their own, may be NULL */
} sr_read_opts;

typedef struct sr_read_stats {
  size_t docs;   /* documents handed to on_doc */
  size_t errors; /* problems reported through on_err */
} sr_read_stats;

/* Read path ("-" = stdin) and call on_doc per document, on_err per problem.
 * Returns 0 when the file could be read at all (even if some documents were
 * bad: see stats->errors), SR_EIO/SR_EINPUT/SR_ELIMIT when the whole file
 * was refused (also reported through on_err). stats may be NULL and is added to. */
int sr_read_file(const char *path, const sr_read_opts *opts, sr_doc_fn on_doc,
                 sr_err_fn on_err, void *payload, sr_read_stats *stats);

/* Same as sr_read_file for input already in memory (fuzzing, network
 * bodies): name plays the part of the path (extension picks the format
 * under SR_FMT_AUTO, basename gives default ids); data is borrowed. */
int sr_read_buffer(const char *name, const char *data, size_t len, const sr_read_opts *opts,
                   sr_doc_fn on_doc, sr_err_fn on_err, void *payload, sr_read_stats *stats);

/* Convert an HTML page to plain text: libxml2's HTML parser (no network,
 * recovering), script/style/nav/header/footer/aside/form dropped, blocks
 * scored by text density and link density, boilerplate lines ("skip to main
 * content", "back to top", cookie notices, share buttons) removed. Paragraphs
 * are separated by "\n". *out is malloc'd (caller frees). title may be NULL;
 * if not, *title gets the <title> or first <h1> (malloc'd, may be NULL). */
int sr_html_to_text(const char *html, size_t len, char **out, size_t *outlen, char **title,
                    sr_error *err);

/* What sr_html_to_text_notes had to do to the page (bits of *notes). */
enum {
  SR_HTML_UNWRAPPED = 1, /* elements nested too deep were unwrapped: tags cut, text kept */
  SR_HTML_CUT = 2        /* the parser stopped at its depth limit: the rest of the page is lost */
};
/* sr_html_to_text, and *notes (may be NULL) gets the SR_HTML_* bits above so a
 * reader can warn about them, naming the file. */
int sr_html_to_text_notes(const char *html, size_t len, char **out, size_t *outlen, char **title,
                          int *notes, sr_error *err);

#endif
