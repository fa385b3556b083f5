/* src/store/store_internal.h - shared between the store's source files; not installed. */
#ifndef SITREP_STORE_INTERNAL_H
#define SITREP_STORE_INTERNAL_H
#include <sqlite3.h>

#include "sitrep/store.h"

/* The spatial key of an event for the merge look-up (index events_cell, migration 7; never
 * change it: the index and the queries must spell the same expression): -1 for a place known
 * only to its admin1 or country, else its cell of SR_CELL_DEG degrees (the row of
 * (lat + 90) / SR_CELL_DEG times 1024 plus the column of (lon + 180) / SR_CELL_DEG), NULL
 * without a place. sr_merge_cell computes it for a point. */
#define SR_EVENT_CELL_SQL \
  "(CASE WHEN precision IN ('admin1', 'country') THEN -1" \
  " ELSE CAST((lat + 90) * 2 AS INTEGER) * 1024 + CAST((lon + 180) * 2 AS INTEGER) END)"
#define SR_CELL_DEG 0.5 /* wider than a merge box (2 x SR_MERGE_KM = 0.45 degrees of latitude) */

/* Forward migrations (schema.c); migration k takes user_version k-1 to k. */
extern const char *const sr_store_migrations[];
extern const int sr_store_nmigrations;

/* Prepared statements of the write path (store.c, merge.c), prepared on first
 * use and kept until sr_store_close. Index into sr_store.stmt. */
enum {
  ST_DOC_FIND,       /* documents by ext_id: id, hash, nbytes */
  ST_DOC_INSERT,
  ST_DOC_UPDATE,
  ST_DOC_TEXT,       /* text_zstd, nbytes, hash by ext_id */
  ST_DOC_SIM,        /* simhash, dup_of of one document */
  ST_BAND_FIND,      /* documents in one SimHash band */
  ST_BAND_INSERT,
  ST_BAND_DELETE,    /* one band row of a document */
  ST_REP_OF_DOC,     /* reports of a document: id, event, evidence */
  ST_REP_DELETE_DOC,
  ST_FTS_DELETE,
  ST_FTS_INSERT,
  ST_REP_INSERT,
  ST_EV_INSERT,
  ST_EV_GET,         /* one event's merge fields */
  ST_EV_DELETE,
  ST_RT_DELETE,
  ST_RT_SYNC,        /* the R*Tree row of a located event, from the event (pending.c) */
  ST_CAND_BOX,       /* candidates for a located point report (a box too wide for cells) */
  ST_CAND_CELL,      /* point candidates in one cell of events_cell */
  ST_CAND_AREAS,     /* admin1- and country-precision candidates of one country (cell -1) */
  ST_CAND_ADMIN1,    /* candidates in one admin1 */
  ST_CAND_CLEVEL,    /* country-precision candidates of one country */
  ST_CAND_COUNTRY,   /* every candidate of one country */
  ST_CAND_NOLOC,     /* candidates without a place */
  ST_ROOT_SEEN_SELF, /* event already has a report of this original document */
  ST_ROOT_SEEN_DUPS, /* event already has a report of a copy of this original */
  ST_EV_ADD_REPORT,  /* nreports/ndocs/date range of an event (no indexed column) */
  ST_EV_FILL_ACTORS, /* the sides an event lacks, from a report that joins it */
  ST_EV_AGG,         /* exact counts and date range of an event from its reports */
  ST_EV_REPORTS,     /* the reports of an event (for the merged fields) */
  ST_EV_SET,         /* write the merged fields */
  ST_EV_SET_PLAIN,   /* ... those outside every index, when the indexed ones stay */
  ST_EV_SETACTORS,
  ST_EV_CUR,         /* the merged fields as stored (to skip unchanged writes) */
  ST_EV_SETCOUNTS,
  ST_ACTOR_NAME,     /* a stored name for an actor id */
  ST_EV_FIRST,       /* the first report's evidence, publisher and url onto its event */
  ST__COUNT
};

typedef struct sr_dupcache sr_dupcache;
typedef struct sr_qcache sr_qcache;
#define SR_STORE_MAX_PATH 4096 /* store path as given, bytes */

/* The batch's write-behind (pending.c): full-text operations in order (evidence bytes in
 * text) and the events whose R*Tree rows must be synced, written by sr_store_commit. */
typedef struct sr_fts_op {
  int64_t rowid;
  int del;          /* 1: FTS5 'delete' of the row as indexed with this text */
  size_t off, len;  /* the evidence in sr_pending.text */
} sr_fts_op;
typedef struct sr_band_op {
  int64_t band, doc;
  uint32_t next; /* the next older row queued in the same hash chain, plus 1; 0 ends it */
  int dead;      /* deleted again (its document replaced) before the flush */
} sr_band_op;
typedef struct sr_pending {
  sr_fts_op *fts;
  size_t nfts, cap_fts;
  int64_t *rt;
  size_t nrt, cap_rt;
  sr_buf text;
  sr_band_op *bands; /* doc_bands rows queued, in order */
  size_t nbands, cap_bands;
  uint32_t *bhead;   /* newest row queued per band hash, plus 1 (PENDING_BAND_HEADS heads) */
  size_t *kills;     /* rows made dead, in order (revived by sr_store_pending_undo) */
  size_t nkills, cap_kills;
  int bands_old;     /* some queued row is a replaced document's (its id is not above the stored ones) */
} sr_pending;
typedef struct sr_pending_mark {
  size_t nfts, text, nbands, nkills;
} sr_pending_mark;

struct sr_store {
  sqlite3 *db;
  int readonly;
  int in_txn; /* 1 inside sr_store_begin .. commit/rollback */
  char path[SR_STORE_MAX_PATH];
  sqlite3_stmt *stmt[ST__COUNT];
  void *zc, *zd;  /* zstd compression / decompression contexts (lazily made) */
  sr_buf zbuf;    /* compressed text of the document being added */
  sr_pending pend; /* index rows written at commit (pending.c) */
  struct sr_dupcache *dup; /* near-duplicate look-up memory (dupcache.c), lazily made */
  struct sr_qcache *qc;    /* prepared queries and counts (qcache.c), lazily made */
};

/* ---- the near-duplicate look-up's memory (dupcache.c): a Bloom filter of the stored
 * bands, full band answers and candidate signatures; doc_bands stays the truth. */
#define SR_DUP_BAND_SCAN 64 /* documents examined per MinHash band */
/* 0 when band is certainly in no stored document, 1 when it may be, negative on error. */
int sr_dupcache_maybe(sr_store *s, int64_t band, sr_error *err);
void sr_dupcache_added(sr_store *s, int64_t band); /* a band row was written */
/* The cached full answer (SR_DUP_BAND_SCAN oldest documents) of band, or NULL. */
const int64_t *sr_dupcache_band(sr_store *s, int64_t band);
void sr_dupcache_band_put(sr_store *s, int64_t band, const int64_t *docs);
/* 1 with sig and *orig when document id's signature is cached, 0 when it is cached as
 * having none, -1 when not cached. */
int sr_dupcache_sig(sr_store *s, int64_t id, uint32_t *sig, int64_t *orig);
void sr_dupcache_sig_put(sr_store *s, int64_t id, const uint32_t *sig, int64_t orig); /* sig NULL: none */
/* Drop the cached answers and signatures (a band row deleted, a document's signature
 * changed, a transaction rolled back); the filter stays (it may only say "maybe"). */
void sr_dupcache_forget(sr_store *s);
void sr_dupcache_free(sr_store *s);

/* ---- the read path's memory (qcache.c): prepared statements by SQL text, counts by
 * query and store version. */
/* A prepared statement for sql (len bytes), from the cache when there; NULL with err set.
 * Give it back with sr_qcache_release (reset and kept, or finalized). */
sqlite3_stmt *sr_qcache_prepare(sr_store *s, const char *sql, size_t len, sr_error *err);
void sr_qcache_release(sr_store *s, sqlite3_stmt *st);
/* 1 with *n when the count of the query keyed by key (its SQL and bound values) was taken
 * under the store's current version; 0 when not. Call put right after counting (the key
 * is copied; the cache owns its copies). At most SR_QC_COUNT_SETS x SR_QC_COUNT_WAYS
 * counts and SR_QC_COUNT_BYTES of keys are held. */
#define SR_QC_COUNT_SETS 1024 /* a power of two; a key's set: sr_hash64(key) & (SETS - 1) */
#define SR_QC_COUNT_WAYS 4
#define SR_QC_COUNT_BYTES (2u << 20)
int sr_qcache_count_get(sr_store *s, const void *key, size_t klen, long *n);
void sr_qcache_count_put(sr_store *s, const void *key, size_t klen, long n);
size_t sr_qcache_count_held(sr_store *s, size_t *bytes); /* counts held; *bytes: their keys */
/* A run of reads (one server request) under one check of the store version: the counts
 * are dropped when the store changed, and until sr_store_reads_end the counts trust this
 * check rather than checking before each one (so nothing may write on s in between).
 * Returns a number that changes whenever the store did (> 0), or -1 when the version is
 * unknown (then nothing is held and each count checks for itself). */
long long sr_store_reads_begin(sr_store *s);
void sr_store_reads_end(sr_store *s);
int sr_qcache_funcs_done(sr_store *s); /* 1 when query.c's SQL functions are registered */
void sr_qcache_funcs_set(sr_store *s);
void sr_qcache_free(sr_store *s);

/* ---- write-behind of full-text and R*Tree rows (pending.c) */
/* Queue an FTS5 insert (del 0) or delete (del 1) of rowid with its evidence (copied). */
int sr_store_pending_fts(sr_store *s, int del, int64_t rowid, const char *text, size_t len,
                         sr_error *err);
/* Queue the doc_bands row (band, doc); old: doc is a replaced document (an id that may be below
 * stored ones). The rows are written sorted at the flush: a band is a random key, and
 * written one by one each batch's 16 rows a document dirtied most leaves of doc_bands. */
int sr_store_pending_band(sr_store *s, int64_t band, int64_t doc, int old, sr_error *err);
/* Drop the queued row (band, doc), if any (its document is replaced); 0 or SR_ENOMEM. */
int sr_store_pending_band_kill(sr_store *s, int64_t band, int64_t doc, sr_error *err);
/* Merge the queued documents of band into cand (n ascending ids, no repeats), keeping the max
 * smallest: with the stored rows of band (ORDER BY doc LIMIT max) this is what that query
 * would answer with the queued rows written. */
void sr_store_pending_band_merge(const sr_store *s, int64_t band, int64_t *cand, int *n, int max);
/* 1 when a queued row may be below stored ones (else every queued id is above them all, and
 * max stored rows of a band are its answer already). */
int sr_store_pending_band_old(const sr_store *s);
/* Queue event's R*Tree row to be made what the event then is (a point, or none). */
int sr_store_pending_rtree(sr_store *s, int64_t event, sr_error *err);
/* Write everything queued; call inside the transaction, outside any savepoint. */
int sr_store_pending_flush(sr_store *s, sr_error *err);
void sr_store_pending_mark(sr_store *s, sr_pending_mark *m);
void sr_store_pending_undo(sr_store *s, const sr_pending_mark *m); /* back to the mark */
void sr_store_pending_clear(sr_store *s);                            /* drop everything */
int sr_store_pending_full(const sr_store *s); /* 1 when over its memory cap: flush */
void sr_store_pending_free(sr_store *s);

/* ---- file access (store_access.c) */
/* 0 when the store at path (or, when it does not exist yet, its directory)
 * can be written; else SR_EIO with a message saying why ("the store X is
 * read-only (its directory is not writable)"). */
int sr_store_check_writable(const char *path, sr_error *err);
/* 1 when PATH-wal exists and is not empty (changes not yet in the main file). */
int sr_store_wal_pending(const char *path);
/* The file: URI that opens path read-only and immutable (no locks, no -wal or
 * -shm files), percent-encoded, into out (cap bytes). SR_ELIMIT when too long. */
int sr_store_immutable_uri(const char *path, char *out, size_t cap);

/* Prepared statement k (prepared on first use). NULL with err set on failure. */
sqlite3_stmt *sr_store_stmt(sr_store *s, int k, sr_error *err);
/* The text of nbytes bytes stored zstd-compressed in z (zn bytes) into *out (malloc'd,
 * NUL-terminated; the caller frees); SR_EINPUT when it does not decompress to that size. */
int sr_store_decompress(sr_store *s, const void *z, size_t zn, int64_t nbytes, char **out, sr_error *err);
/* Set err from the connection's last SQLite error; returns SR_ERR (SR_EIO for I/O). */
int sr_store_sqlerr(sr_store *s, sr_error *err, const char *what);

/* ---- SimHash and MinHash (simhash.c) */
#define SR_SIMHASH_MIN_SHINGLES 4 /* shorter texts are never near-duplicates */
/* Only the first SR_SIMHASH_MAX_BYTES bytes of a text are hashed. */
#define SR_SIMHASH_MAX_BYTES ((size_t)256 * 1024)
/* MinHash signature: SR_MINHASH_K slots, looked up in SR_MINHASH_BANDS bands of
 * SR_MINHASH_ROWS slots each. With 16 x 4, two texts of Jaccard similarity 0.5
 * meet in some band with probability 0.64, 0.7 with 0.99, 0.3 with 0.12;
 * candidates are then kept when their signatures agree on at least
 * SR_MINHASH_MIN of the slots. */
#define SR_MINHASH_K 64
#define SR_MINHASH_ROWS 4
#define SR_MINHASH_BANDS (SR_MINHASH_K / SR_MINHASH_ROWS)
#define SR_MINHASH_MIN 0.6
/* In one pass over the word 3-shingles of the folded text: the 64-bit SimHash
 * (a fingerprint kept per document; simhash may be NULL) and the MinHash
 * signature sig. Returns the number of shingles (0 for fewer than 3 words). */
size_t sr_text_hashes(const char *text, size_t len, uint64_t *simhash, uint32_t sig[SR_MINHASH_K]);
/* Band value b (0..SR_MINHASH_BANDS-1) as stored in doc_bands. */
int64_t sr_minhash_band(const uint32_t sig[SR_MINHASH_K], int b);
/* Share of equal slots, an estimate of the Jaccard similarity of the shingle sets. */
double sr_minhash_similarity(const uint32_t *a, const uint32_t *b);

/* ---- merging (merge.c) */
/* Reports that join an event with more than this many reports only update its
 * counts, date range, missing actors and (when strictly more precise) its
 * place; the other merged fields (modal date, place ties, CAMEO code) are
 * revoted from the reports while the event is smaller. Keeps add O(1) on
 * events with thousands of reports. */
#define SR_MERGE_REVOTE_MAX 32
/* At most this many candidate events are examined per report. */
#define SR_MERGE_MAX_CAND 4096
/* Bytes of a document's url, source and title kept (longer values are cut). */
#define SR_STORE_MAX_META 4096
/* Evidence kept per report (bytes; longer sentences are cut at a UTF-8 boundary). */
#define SR_STORE_MAX_EVIDENCE 4096

/* Action class of a CAMEO root ("19" -> class of 18-20); 0 when unknown. */
int sr_merge_action_class(const char *cameo);
/* Days since 1970-01-01 of "YYYY-MM-DD"; 0 and *ok = 0 when malformed. */
long sr_merge_day(const char *date, int *ok);
/* The cell (SR_EVENT_CELL_SQL) of a point, lat in [-90, 90], lon in [-180, 180]. */
int64_t sr_merge_cell(double lat, double lon);
/* Merge one report (event ev of document doc, whose original is root_doc)
 * into an existing event or a new one and store it. */
int sr_merge_add(sr_store *s, int64_t doc, int64_t root_doc, const sr_event *ev,
                 const sr_doc_meta *meta, const char *doc_date, sr_error *err);
/* Recompute an event from its remaining reports (counts, date range, merged
 * fields); delete it (and its R*Tree row) when none remain. */
int sr_merge_recompute(sr_store *s, int64_t event, sr_error *err);

#endif
