/* sitrep/store.h - the event store: documents, the events coded from them
 * ("reports"), and the real-world events the reports merge into, kept in one
 * SQLite file (WAL journal, schema versioned by PRAGMA user_version with
 * forward migrations in src/store/schema.c).
 *
 *   sr_store *st; sr_error err;
 *   if (sr_store_open(&st, "events.db", SR_STORE_CREATE, &err)) ...
 *   sr_store_begin(st, &err);
 *   sr_store_add(st, &meta, text, len, events, nevents, &result, &err);  (per document)
 *   sr_store_commit(st, &err);
 *   sr_store_query(st, &q, callback, userdata, &err);
 *   sr_store_close(st);
 *
 * Tables (see src/store/schema.c for the DDL):
 *   documents  one row per stored document: external id, url, source, title,
 *              date, content hash, SimHash and MinHash signature, near-duplicate link (dup_of), the
 *              text compressed with zstd.
 *   reports    one row per event coded from a document (an sr_event) with its
 *              evidence span and sentence; points to the merged event.
 *   events     one row per real-world event: the merged actors, action, most
 *              precise place and date, date range, report and document counts.
 *   events_rtree  R*Tree over event points (for --near).
 *   reports_fts   FTS5 over the evidence sentences.
 *
 * Merge rule (src/store/merge.c; README "Event merging"): a new report joins an
 * existing event when all hold: the same actors up to alias (the lexicon's
 * actor ids; a missing side matches anything), a compatible action (same CAMEO
 * root, or both in one action class: material conflict 18-20, ...), places
 * within SR_MERGE_KM km or one inside the other's admin1 when either is only
 * known to admin1 or country precision, and dates within SR_MERGE_DAYS days.
 * Among several candidates the nearest in place and date wins. Reports from a
 * near-duplicate document (syndicated copy) are stored and linked but do not
 * raise the document count of an event a second time.
 *
 * Ownership: an sr_store is owned by its opener and freed by sr_store_close. It
 * is not thread-safe: one per thread (SQLite WAL lets readers run beside one
 * writer). Strings in rows handed to callbacks are borrowed and valid only
 * during the callback.
 * Errors: 0 or a negative SR_E* code with the message in sr_error; bad query
 * arguments give SR_EINPUT. All SQL uses bound parameters.
 */
#ifndef SITREP_STORE_H
#define SITREP_STORE_H
#include "sitrep/sitrep.h"
#include "sitrep/util.h"

#define SR_STORE_SCHEMA_VERSION 8
#define SR_MERGE_KM 25.0 /* places within this distance may be one event */
#define SR_MERGE_DAYS 2  /* dates within this many days may be one event */
#define SR_MERGE_DAYS_TOLD 1 /* ... when both dates are told by the text (no report lag) */

typedef struct sr_store sr_store;

enum {
  SR_STORE_READONLY = 1, /* open read-only (queries, serve); fails when missing */
  SR_STORE_CREATE = 2    /* create the file and schema when missing; migrate an older schema */
};

/* Open (and with SR_STORE_CREATE create or migrate) the store at path. A store
 * with a newer schema than this build fails with SR_EINPUT. Caller closes. */
int sr_store_open(sr_store **out, const char *path, int flags, sr_error *err);
/* Close; an open transaction is rolled back. NULL allowed. */
void sr_store_close(sr_store *s);
/* The schema version of the open store (PRAGMA user_version). */
int sr_store_schema_version(sr_store *s);

/* Transactions: batch many documents per transaction for speed. sr_store_add
 * outside a transaction runs in its own. A document is stored whole or not at
 * all (a crash mid-batch loses the uncommitted batch, never half a document). */
int sr_store_begin(sr_store *s, sr_error *err);
int sr_store_commit(sr_store *s, sr_error *err);
int sr_store_rollback(sr_store *s);

/* Metadata of one document; every field may be NULL except id. Borrowed. */
typedef struct sr_doc_meta {
  const char *id;     /* external id (JSONL "id", file name ...); unique in the store */
  const char *url;
  const char *source; /* publisher ("Reuters") */
  const char *title;
  const char *date;   /* YYYY-MM-DD report date */
} sr_doc_meta;

typedef enum sr_add_result {
  SR_ADD_NEW = 0,       /* stored for the first time */
  SR_ADD_SAME = 1,      /* same id and same content hash: nothing changed (no-op) */
  SR_ADD_REPLACED = 2,  /* same id, changed content: old reports removed, new ones stored */
  SR_ADD_DUPLICATE = 3  /* stored, and linked as a near-duplicate of an earlier document */
} sr_add_result;

/* 1 when a document with this id and exactly this text is already stored (so
 * the caller may skip coding it), 0 when not, negative on error. */
int sr_store_has(sr_store *s, const char *id, const char *text, size_t len, sr_error *err);

/* Documents identified by their content (a file ingested under another path): 1 when a
 * document with exactly this text (64-bit hash and size) is stored under any id, its id
 * then copied into id (capacity cap; id may be NULL); 0 when none; negative on error. */
int sr_store_has_text(sr_store *s, const char *text, size_t len, char *id, size_t cap, sr_error *err);
/* Make sr_store_has_text an index look-up (CREATE INDEX IF NOT EXISTS documents_hash;
 * a no-op on a read-only store). Call outside of a transaction. */
int sr_store_index_content(sr_store *s, sr_error *err);

/* The ISO 3166-1 alpha-2 code (upper case, into cc) of a --country value: an alpha-2 or
 * alpha-3 code or the English name (data/codes/iso3166.tsv), any case, accents ignored
 * ("sy", "SYR", "syria", "Cote d'Ivoire"). SR_EINPUT when unknown; the message then
 * suggests the closest name ("did you mean 'Syria' (SY)?"). */
int sr_store_country_code(const char *value, char cc[3], sr_error *err);

/* Is an admin1 area of this name stored (compared as --admin1 compares: case, accents,
 * hyphens and apostrophes ignored)? 1 when it is, out (capacity cap) then receiving the
 * stored spelling; 0 when not, out then receiving the closest stored area name when one
 * is close (a typing slip), else ""; negative on error. */
int sr_store_area_near(sr_store *s, const char *name, char *out, size_t cap, sr_error *err);

/* Store one coded document: meta, its text (kept zstd-compressed) and the nev
 * events coded from it (ev may be NULL when nev is 0), merging each report
 * into an existing event or a new one. *result (may be NULL) says what
 * happened. */
int sr_store_add(sr_store *s, const sr_doc_meta *m, const char *text, size_t len,
                 const sr_event *ev, size_t nev, sr_add_result *result, sr_error *err);

/* The stored text of a document by external id: malloc'd, NUL-terminated,
 * caller frees. SR_ENOTFOUND when there is none. */
int sr_store_doc_text(sr_store *s, const char *id, char **text, size_t *len, sr_error *err);

/* Integrity: SQLite's integrity_check and foreign keys, plus the store's own
 * invariants (every report's event exists, counts match the reports, R*Tree
 * and FTS rows match, compressed texts decompress to their hash). Appends one
 * line per problem to report (may be NULL). 0 when sound, SR_EINPUT when
 * problems were found. */
int sr_store_check(sr_store *s, sr_buf *report, sr_error *err);

/* ---- queries */

/* Filters of `sitrep events` and /api/events. Every field is optional (NULL,
 * 0). Strings are borrowed. sr_store_query validates them and fails with
 * SR_EINPUT and a message naming the bad option. */
typedef struct sr_query {
  const char *actor;   /* actor id ("ISIS") or a name or alias the lexicon knows; source or target */
  const char *source, *target; /* the same, one side only */
  const char *action;  /* CAMEO root "19" or code "193", PLOVER type "ASSAULT",
                          ACLED event type "Battles" or sub-type "Armed clash" */
  const char *country; /* ISO alpha-2 */
  const char *admin1;  /* admin1 name as stored ("Deir ez-Zor") */
  int near;            /* 1 = lat/lon/km below apply */
  double lat, lon, km; /* km > 0 */
  const char *from, *to; /* YYYY-MM-DD, inclusive */
  int min_reports;     /* 0 = any */
  const char *text;    /* FTS5 match over the evidence sentences */
  const char *origin;  /* "coded" (NULL: the default), "acled" (imported by `sitrep import acled`)
                          or "all" */
  long limit;          /* 0 = no limit */
  long offset;
} sr_query;

/* One merged event as returned by queries. Strings borrowed for the callback. */
typedef struct sr_event_row {
  int64_t id;
  const char *date, *date_min, *date_max; /* best date and the reports' range */
  const char *src_id, *src_name, *tgt_id, *tgt_name; /* "" when absent */
  const char *cameo, *plover, *acled, *acled_sub;
  int has_location;
  const char *loc_name, *country, *admin1, *admin2, *precision;
  double lat, lon;
  uint32_t geonameid;
  int nreports, ndocs;
  const char *evidence; /* evidence sentence of the first report (an imported event: its notes) */
  const char *source, *url; /* of that report's document (an imported event: its source) */
  int time_precision;   /* ACLED's: 1 day, 2 week, 3 month; 0 unknown */
  int fatalities, injured; /* the best-supported count of its reports; -1 when none says */
  const char *disorder; /* ACLED disorder type ("" none) */
  int src_inter, tgt_inter; /* ACLED inter codes; 0 unknown or no such side */
  const char *origin;   /* "coded" or "acled" */
  const char *ext_id;   /* an imported event's own id (ACLED event_id_cnty), "" otherwise */
} sr_event_row;

/* Called once per row; return nonzero to stop early (that value is returned). */
typedef int (*sr_event_cb)(const sr_event_row *row, void *ud);

/* Run q, newest first (date, then id). Returns 0, the callback's stop value,
 * or a negative error. */
int sr_store_query(sr_store *s, const sr_query *q, sr_event_cb cb, void *ud, sr_error *err);
/* Number of events matching q (limit/offset ignored), or negative error. */
long sr_store_count(sr_store *s, const sr_query *q, sr_error *err);

/* The event with id event_id, as the rows of sr_store_query, passed to cb once.
 * Returns 0 (or cb's stop value), SR_ENOTFOUND when there is no such event, or
 * a negative error. */
int sr_store_event(sr_store *s, int64_t event_id, sr_event_cb cb, void *ud, sr_error *err);

/* One report of an event (a mention in one document). Borrowed for the callback. */
typedef struct sr_report_row {
  int64_t id, event;
  const char *doc_id, *url, *source, *title, *doc_date;
  uint32_t sent;
  const char *evidence;  /* the sentence text */
  int duplicate;         /* 1 = from a near-duplicate document */
} sr_report_row;
typedef int (*sr_report_cb)(const sr_report_row *row, void *ud);
/* Every report of event id (SR_ENOTFOUND when no such event). */
int sr_store_reports(sr_store *s, int64_t event_id, sr_report_cb cb, void *ud, sr_error *err);

/* ---- output formats for rows (one writer each; CLI and HTTP share them) */
typedef enum sr_row_format {
  SR_ROW_JSONL,   /* one JSON object per line */
  SR_ROW_CSV,     /* a documented column set with the event id and url, RFC 4180 quoting */
  SR_ROW_TSV,     /* GDELT-style columns, tabs and newlines in fields replaced by spaces */
  SR_ROW_GEOJSON, /* one Feature with flat properties; the caller wraps the FeatureCollection */
  SR_ROW_ACLED    /* ACLED's export columns in ACLED's order (event_id_cnty ... timestamp) */
} sr_row_format;
/* Header line for CSV/TSV ("" for the others). Static string. */
const char *sr_row_header(sr_row_format f);
/* Append row in format f to out. */
int sr_row_write(const sr_event_row *row, sr_row_format f, sr_buf *out);

/* ---- ACLED import (src/store/import_acled.c) */
#define SR_IMPORT_MAX_FIELD 65536        /* bytes of one field; longer: the row is rejected */
#define SR_IMPORT_MAX_RECORD (1 << 20)   /* bytes of one row; longer: the import stops there */
#define SR_IMPORT_MAX_PROBLEMS 1000      /* problem lines kept; the rest are counted */
#define SR_IMPORT_MAX_ID 64              /* bytes of an event_id_cnty */
typedef struct sr_import_stats {
  long rows;      /* data rows read */
  long imported;  /* new events */
  long updated;   /* events already imported from an earlier file, updated */
  long rejected;  /* rows skipped for a bad value (one problem line each) */
} sr_import_stats;
/* Load the ACLED export at path ("-" = stdin) as events of origin "acled", kept apart from
 * coded events (never merged with them). A bad row is skipped with one line "FILE:LINE:
 * what" appended to problems (may be NULL) and the rest goes in. Returns 0 (check
 * st->rejected), SR_EINPUT for a file that is no ACLED export (a header without
 * event_id_cnty, event_date, event_type, latitude, longitude or country/iso) or broken
 * CSV quoting, SR_ELIMIT for a row over SR_IMPORT_MAX_RECORD (rows before the stop are
 * kept), SR_EIO when the file cannot be read. */
int sr_store_import_acled(sr_store *s, const char *path, sr_import_stats *st, sr_buf *problems, sr_error *err);

/* ---- coded against imported events (src/store/compare.c) */
#define SR_COMPARE_MAX_EVENTS 5000000 /* events read by one comparison */
typedef struct sr_compare_opts {
  const char *country;    /* ISO alpha-2 or NULL for all */
  const char *from, *to;  /* YYYY-MM-DD or NULL */
  double km;              /* pair radius; 0 = SR_MERGE_KM */
  int days;               /* pair window; 0 = SR_MERGE_DAYS */
} sr_compare_opts;
/* Per country and month: coded and imported (ACLED) event counts, the pairs of a coded and an
 * imported event within km and days of each other (one-to-one, closest first) and how many
 * pairs agree on the ACLED event type; events without a date are left out. Appended to out as a
 * text table or (json) one JSON object. SR_EINPUT for bad options, SR_ELIMIT past SR_COMPARE_MAX_EVENTS. */
int sr_store_compare(sr_store *s, const sr_compare_opts *o, int json, sr_buf *out, sr_error *err);

/* ---- summary */
typedef struct sr_store_stats {
  long documents, duplicates, reports, events, merged_events; /* merged = events with >1 report */
  long imported;                      /* events imported by `sitrep import acled` (not in events) */
  long actors, countries;
  char first_date[11], last_date[11];
  long long file_bytes;
} sr_store_stats;
int sr_store_stats_get(sr_store *s, sr_store_stats *out, sr_error *err);

/* ---- situation picture (src/store/situation.c) */
typedef struct sr_situation_opts {
  const char *as_of;   /* YYYY-MM-DD; required */
  const char *country; /* ISO alpha-2 or NULL for all */
  int days;            /* window before as_of; 0 = 30 */
} sr_situation_opts;
/* SR_SIT_GEOJSON: places and movements in one FeatureCollection with nested facts (the map
 * page's layer); SR_SIT_POINTS and SR_SIT_LINES: the places (Points) and the movements
 * (LineStrings) as two flat layers for GIS tools, one property per field. */
typedef enum sr_situation_format {
  SR_SIT_TEXT, SR_SIT_JSON, SR_SIT_GEOJSON, SR_SIT_POINTS, SR_SIT_LINES
} sr_situation_format;
/* Write the situation picture: per admin1 area and place with events in the
 * window, the actors active there, the last events, control changes inferred
 * from captures, withdrawals and sieges (with evidence), and movements of
 * actors between places. */
int sr_store_situation(sr_store *s, const sr_situation_opts *o, sr_situation_format f, sr_buf *out,
                       sr_error *err);

#endif
