/* syn_internal.h - the syntax section of the lexicon image, shared by the builder
 * (syn_build.c, syn_fsa.c) and the runtime (tag.c, chunk.c, clause.c, relations.c).
 *
 * Image layout (all offsets from the start of the section, 8-byte aligned):
 *   syn_hdr
 *   syn_trule[n_rules]     contextual tag rules, in file order
 *   syn_suffix[n_suffix]   unknown-word guesses
 *   syn_crule[n_crules]    chunk rules (label, level, head class)
 *   syn_level[n_levels]    one automaton per level
 *   uint16_t trans[]       transitions: state * 64 + symbol -> state, 0 = dead, 1 = start
 *   int16_t  acc[]         accepting rule per state, -1 = none
 * Per-word facts (tags, symbol, WordNet classes) live in the lexicon's word table
 * (sr_lex_wsyn), indexed by word id.
 */
#ifndef SITREP_SYN_INTERNAL_H
#define SITREP_SYN_INTERNAL_H
#include "sitrep/lexicon.h"
#include "sitrep/syntax.h"

#define SYN_MAGIC "SRSYN\0\0\1"
#define SYN_MAX_COND 5
#define SYN_MAX_STATES 4096

typedef struct syn_hdr {
  char magic[8];
  uint32_t size;
  uint32_t n_rules, off_rules;
  uint32_t n_suffix, off_suffix;
  uint32_t n_crules, off_crules;
  uint32_t n_levels, off_levels;
  uint32_t n_trans, off_trans; /* uint16 entries */
  uint32_t n_acc, off_acc;     /* int16 entries */
} syn_hdr;

/* condition types of a tag rule */
enum {
  SC_PREV = 1, SC_NEXT, SC_PREV2, SC_NEXT2, SC_PREVS, SC_NEXTS, /* set: symbols */
  SC_PWORD, SC_NWORD, SC_WORD,                                  /* words[] */
  SC_PVCLASS,                                                   /* set: verb classes */
  SC_FIRST, SC_HYPHEN, SC_CAP, SC_ALLCAP, SC_TITLE, SC_VERBBEFORE, SC_LEXBEST, SC_FIRST2, SC_NHYPHEN, SC_P2WORD, SC_VBNBY,
  SC_LASTVERB /* set: verb classes of the nearest finite verb before */
};
#define SYN_COND_WORDS 12
typedef struct syn_cond {
  uint8_t type, neg, nwords, pad;
  uint32_t words[SYN_COND_WORDS]; /* word ids (SC_*WORD) */
  uint64_t set;                   /* symbol or class mask */
} syn_cond;

typedef struct syn_trule {
  uint64_t from;  /* current tags that the rule applies to (mask over symbols) */
  uint8_t to;     /* the new tag */
  uint8_t ncond;
  uint16_t pad;
  uint32_t line;  /* source line (for explain and tests) */
  syn_cond cond[SYN_MAX_COND];
} syn_trule;

typedef struct syn_suffix {
  char suf[14];
  uint8_t len;
  uint8_t ntags;
  uint8_t tags[4];
} syn_suffix;

typedef struct syn_crule {
  uint8_t label; /* symbol the chunk gets (SR_S_NP, SR_S_VG ...) */
  uint8_t level; /* 0-based */
  uint16_t line;
  uint32_t pad;
  uint64_t head; /* head class: the last element with a symbol in this mask */
} syn_crule;

typedef struct syn_level {
  uint32_t trans; /* first entry of this level's table in trans[] (state 0 of the level) */
  uint32_t acc;   /* first entry in acc[] */
  uint32_t nstates;
  uint32_t pad;
} syn_level;

/* ---- builder (sitrep lexicon build) */

/* Word facts collected from closed.txt, en-lexicon and WordNet, keyed by folded form. */
typedef struct syn_wordmap syn_wordmap;
/* Callback the builder uses to get a lexicon word id for a folded word (interning it). */
typedef uint32_t (*syn_intern_fn)(void *ud, const char *w, size_t n);

/* Read data/syntax/closed.txt under dir, and the open-class sources (each may be NULL: the
 * source is skipped). Errors name the file and line. Caller frees with syn_wordmap_free. */
int syn_wordmap_load(syn_wordmap **out, const char *dir, const char *taglex, const char *wordnet,
                     sr_error *err);
void syn_wordmap_free(syn_wordmap *m);
/* Iterate: returns 0 past the end; *w is the folded word, *info its facts. */
int syn_wordmap_next(const syn_wordmap *m, size_t *it, const char **w, sr_lex_wsyn *info);

/* Compile data/syntax/tagrules.txt and chunks.txt under dir into a section blob (malloc'd,
 * caller frees). Word ids come from intern. */
int syn_blob_build(const char *dir, syn_intern_fn intern, void *ud, void **blob, size_t *len,
                   sr_error *err);

/* ---- regular expressions over symbols (syn_fsa.c) */
typedef struct syn_fsa_rule {
  const char *pattern; /* borrowed */
  long line;
} syn_fsa_rule;
/* Resolve a name in a pattern to a symbol mask (0 = unknown name). */
typedef uint64_t (*syn_name_fn)(void *ud, const char *name, size_t n);
/* Compile rules into one DFA: *trans (nstates * 64 uint16, state 0 dead, 1 start) and *acc
 * (nstates int16, the first rule accepted in each state or -1); both malloc'd. */
int syn_fsa_compile(const syn_fsa_rule *rules, int nrules, syn_name_fn names, void *ud,
                    uint16_t **trans, int16_t **acc, uint32_t *nstates, sr_error *err);
/* Longest match at syms[0..n): returns its length (0 = none) and the rule in *rule. */
static inline uint32_t syn_fsa_longest(const uint16_t *trans, const int16_t *acc, const uint8_t *syms,
                                       uint32_t n, int *rule) {
  uint32_t st = 1, best = 0;
  *rule = -1;
  for (uint32_t i = 0; i < n; i++) {
    st = trans[st * 64u + (syms[i] & 63u)];
    if (!st) break;
    if (acc[st] >= 0) best = i + 1, *rule = acc[st];
  }
  return best;
}

/* ---- runtime handle */
/* the most tag rules an image may hold (the tagger's candidate bitset is this wide) */
#define SYN_MAX_RULES 1024

struct sr_syn {
  const sr_lex *lx;
  const syn_hdr *h;
  const syn_trule *rules;
  syn_trule *run; /* owned: the rules as the tagger tries them, each rule's conditions cheapest first */
  const syn_suffix *suffix;
  const syn_crule *crules;
  const syn_level *levels;
  const uint16_t *trans;
  const int16_t *acc;
  const sr_lex_wsyn *wsyn;
  uint32_t nwords;
  /* word ids the stages test (0 when the lexicon lacks the word) */
  uint32_t w_def[5], w_indef[6], w_neg[2], w_fut[4], w_plpron[6], w_that, w_going, w_according;
  uint32_t w_as, w_well, w_along, w_together, w_with, w_on, w_late, w_early, w_when;
  /* owned: the tag rules by the tag they apply to (cur) and the tag they give (to), as a
   * bitset over rule indices of rw 64-bit words at rmask[(cur * SR_T_NWORD + to) * rw] */
  uint32_t rw;
  uint64_t *rmask;
  uint32_t gives[SR_T_NWORD]; /* the tags some rule gives to a word tagged cur (bit per tag) */
};

/* the rules that apply to tag cur and give tag to: rw words of bits over rule indices */
static inline uint64_t *syn_rmask(const sr_syn *s, uint32_t cur, uint32_t to) {
  return s->rmask + ((size_t)cur * SR_T_NWORD + to) * s->rw;
}

static inline int syn_word_in(const uint32_t *ids, int n, uint32_t w) {
  for (int i = 0; i < n; i++)
    if (ids[i] && ids[i] == w) return 1;
  return 0;
}
#define SYN_IN(arr, w) syn_word_in((arr), (int)(sizeof(arr) / sizeof(arr)[0]), (w))

/* tag.c: sr_syn_tag, or with lexical_only the lexicon's tags alone (no contextual rules) */
void syn_tag(const sr_syn *s, const sr_text *t, const uint8_t *mark, uint32_t si, uint8_t *tag, uint8_t *sym,
             int lexical_only);

/* relations.c: the multi-word coordinator starting at token j of a sentence ending at e ("as
 * well as", "along with", "together with"): its length in tokens, 0 when none */
uint32_t syn_coordinator(const sr_syn *s, const sr_text *t, uint32_t j, uint32_t e);

/* relations.c: the noun phrases' relations only (possessor, of-phrase, apposition, coordination) */
void syn_np_relations(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t si);

/* names of the symbols, index = symbol */
extern const char *const syn_symnames[SR_S_COUNT];

#endif
