/* sitrep/text.h - from bytes to sentences and tokens.
 *
 * Pipeline: sr_utf8_clean (validate + repair) -> sr_text_analyze (paragraphs,
 * sentences, tokens, folded token forms). Everything returned lives in the
 * caller's per-document arena and dies with it.
 */
#ifndef SITREP_TEXT_H
#define SITREP_TEXT_H
#include "sitrep/util.h"

/* ---- UTF-8 */

typedef struct sr_utf8_report {
  size_t invalid;      /* invalid sequences replaced by U+FFFD */
  size_t controls;     /* C0 controls removed (other than \t \n \r) */
  size_t nul;          /* NUL bytes seen */
  long first_bad_line; /* 1-based line of the first invalid sequence, 0 = none */
  long long first_bad_offset; /* byte offset of it, -1 = none */
} sr_utf8_report;

/* Validate and repair in: invalid sequences -> U+FFFD, CR LF / CR -> LF,
 * controls dropped, a leading BOM skipped. Writes a NUL-terminated copy owned
 * by arena a to *out. Fails with SR_EINPUT (message: "binary data") when more
 * than 1% of the first 64 KiB are NUL or control bytes, so a binary file is
 * refused instead of coded. rep may be NULL. */
int sr_utf8_clean(sr_arena *a, const char *in, size_t len, char **out, size_t *outlen,
                  sr_utf8_report *rep, sr_error *err);

/* 1 when more than 1% of the first 64 KiB of p[0..n) (and at least 4 bytes)
 * are NUL or C0 control bytes other than TAB/LF/CR/FF: the "binary data"
 * test of sr_utf8_clean,
 * exposed so readers can refuse a whole file before parsing it. */
int sr_utf8_is_binary(const char *p, size_t n);

/* Decode one code point at s[0..n). Returns its length (1..4) and sets *cp;
 * returns 1 and sets *cp = 0xFFFD on an invalid sequence. n must be > 0. */
int sr_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* ---- folding: lower case, diacritics stripped, compatibility forms
 * decomposed, typographic quotes/dashes mapped to ASCII. The fold table is
 * built once from utf8proc (first call, thread-safe via pthread_once) and
 * then used without calling utf8proc per character. */

/* Fold src[0..n) into out (capacity cap, always NUL-terminated if cap > 0).
 * Returns the number of bytes the full result needs (like snprintf). */
size_t sr_fold(const char *src, size_t n, char *out, size_t cap);

/* ---- tokens and sentences */

enum {
  SR_TOK_WORD = 1 << 0,    /* letters (may contain digits, apostrophes, dots in acronyms) */
  SR_TOK_NUM = 1 << 1,     /* starts with a digit: 30, 1,200, 12:30, 2018-09-12 */
  SR_TOK_PUNCT = 1 << 2,   /* one punctuation character (folded to ASCII: , . ; : ( ) " ' ! ? -- etc.) */
  SR_TOK_CAP = 1 << 3,     /* first letter is upper case in the source */
  SR_TOK_ALLCAP = 1 << 4,  /* two or more letters, all upper case (SAA, HTS, IS) */
  SR_TOK_HYPHEN = 1 << 5,  /* joined to the previous token by a hyphen ("al-Sham": "sham") */
  SR_TOK_PARA = 1 << 6,    /* first token of a paragraph */
  SR_TOK_SPACE = 1 << 7,   /* preceded by whitespace (or start of text) */
  SR_TOK_POSS = 1 << 8     /* the token "'s" split off a word (army's -> army + 's) */
};

typedef struct sr_token {
  uint32_t off;   /* byte offset of the token in sr_text.src */
  uint32_t len;   /* byte length in sr_text.src */
  uint32_t foff;  /* offset of the folded, NUL-terminated form in sr_text.fold */
  uint16_t flen;  /* length of the folded form */
  uint16_t flags; /* SR_TOK_* */
  uint32_t word;  /* lexicon word id, 0 = not in the lexicon (set by the lexicon layer) */
} sr_token;

typedef struct sr_sentence {
  uint32_t tok_begin, tok_end; /* token range [begin, end) */
  uint32_t off, len;           /* byte span in src */
  uint32_t para;               /* paragraph index, 0-based */
  uint8_t headline;            /* a line without final punctuation (title, standfirst) */
} sr_sentence;

typedef struct sr_text {
  const char *src;   /* the analysed (clean) text; borrowed from the caller */
  size_t len;
  char *fold;        /* all folded token forms, each NUL-terminated (arena) */
  size_t fold_len;
  sr_token *tok;     /* arena */
  uint32_t ntok;
  sr_sentence *sent; /* arena */
  uint32_t nsent;
  uint32_t npara;
} sr_text;

/* Caps on what one document may produce; past them, analysis stops with
 * SR_ELIMIT and what was analysed so far is kept in *out. */
#define SR_TEXT_MAX_TOKENS (4u * 1024 * 1024)
#define SR_TEXT_MAX_SENT_TOKENS 400 /* a "sentence" longer than this is cut */

/* Split clean UTF-8 text (from sr_utf8_clean) into paragraphs, sentences
 * and tokens. Paragraphs: a blank line, or a single newline (wire copy puts
 * one paragraph per line). Sentences end at . ! ? (also before a closing
 * quote) followed by space and an upper-case letter, digit or quote, but not
 * after abbreviations (Mr. Gen. Lt. Col. U.S. Jan. No. St. etc.), initials or
 * decimal points; a line without final punctuation is its own sentence
 * (headline = 1). src must outlive *out. */
int sr_text_analyze(sr_text *out, sr_arena *a, const char *src, size_t len, sr_error *err);

/* The folded form of token i (NUL-terminated, borrowed from t). */
static inline const char *sr_tok_fold(const sr_text *t, uint32_t i) {
  return t->fold + t->tok[i].foff;
}

#endif
