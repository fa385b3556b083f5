/* text_internal.h - character classes and the per-code-point fold table
 * shared by fold.c and tokenize.c. Private to src/text. */
#ifndef SITREP_TEXT_INTERNAL_H
#define SITREP_TEXT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

enum {
  SR_CL_LETTER = 1,  /* L* (and Nl): starts / continues a word */
  SR_CL_UPPER = 2,   /* Lu, Lt */
  SR_CL_DIGIT = 4,   /* Nd */
  SR_CL_MARK = 8,    /* Mn Mc Me and Cf (soft hyphen, ZWJ): continue a word, else ignored */
  SR_CL_SPACE = 16,  /* white space (Zs Zl Zp, TAB) */
  SR_CL_APOS = 32,   /* apostrophe-like: ' ’ ‘ ʼ ʻ ʿ ʾ ´ ` */
  SR_CL_LM = 64,     /* apostrophe-like modifier letters ʼ ʻ ʿ ʾ: may start a word */
  SR_CL_HYPHEN = 128 /* - U+2010 U+2011: joins words */
};

/* Build the tables (idempotent, thread-safe). */
void sr_text_tables_init(void);

/* Class bits (SR_CL_*) of cp; tables must be initialised. */
uint8_t sr_text_class(uint32_t cp);

/* Folded UTF-8 form of one code point: returns its length and points *p at
 * it (table storage, or buf for code points past U+FFFF; buf >= 160 bytes). */
size_t sr_text_fold_cp(uint32_t cp, char *buf, const char **p);

/* Table access for the ASCII fast path. */
extern const unsigned char sr_text_lower[128];
extern const uint8_t *sr_text_cls; /* 65536 entries once initialised */

#endif
