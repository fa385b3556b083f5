/* sitrep/syntax.h - the syntactic layer under the coder: part-of-speech tags,
 * chunks with heads, clauses and grammatical relations, for every sentence.
 *
 *   sr_text_analyze + sr_lex_tag   tokens with word ids (text and lexicon layers)
 *   sr_syn_parse                   tag -> chunk -> clauses -> relations
 *
 * Everything the layer knows about English is data (data/syntax/):
 *   closed.txt    closed-class words and their tags; word symbols (BE HAVE DO ...)
 *   tagrules.txt  contextual tag rules (Brill-style: FROM -> TO | conditions)
 *   chunks.txt    the chunk grammar: cascaded regular expressions over symbols
 * plus the open-class lexicon compiled from packaged sources at setup (npm
 * en-lexicon: Penn tags in frequency order; Debian wordnet-base: lemmas,
 * inflections and noun/verb classes). `sitrep lexicon build` compiles all of it
 * into the lexicon image; sr_syn_open attaches to that image (no copy).
 *
 * A parse lives in the caller's per-document arena and dies with it.
 */
#ifndef SITREP_SYNTAX_H
#define SITREP_SYNTAX_H
#include "sitrep/lexicon.h"
#include "sitrep/text.h"
#include "sitrep/util.h"

/* ---- symbols: tags, punctuation, word symbols and chunk labels share one space of 64, so that a
 * set of them is a uint64_t mask. Word tags are < 32 (a word's possible tags fit a uint32_t). */
enum {
  SR_T_NONE = 0,
  SR_T_NN,   /* common noun, singular or mass */
  SR_T_NNS,  /* common noun, plural */
  SR_T_NNP,  /* proper noun (also every token of a named actor) */
  SR_T_PRP,  /* personal pronoun */
  SR_T_PRPS, /* possessive pronoun (its, their) */
  SR_T_DT,   /* determiner, predeterminer, quantifier */
  SR_T_CD,   /* number */
  SR_T_JJ,   /* adjective */
  SR_T_RB,   /* adverb */
  SR_T_VB,   /* verb, base form */
  SR_T_VBD,  /* verb, past tense */
  SR_T_VBN,  /* verb, past participle */
  SR_T_VBG,  /* verb, -ing form */
  SR_T_VBZ,  /* verb, 3rd person singular present */
  SR_T_VBP,  /* verb, other present */
  SR_T_MD,   /* modal */
  SR_T_IN,   /* preposition or subordinating conjunction */
  SR_T_TO,   /* to */
  SR_T_CC,   /* coordinating conjunction */
  SR_T_RP,   /* particle */
  SR_T_WDT,  /* wh-determiner / relative which, that */
  SR_T_WP,   /* wh-pronoun who, whom */
  SR_T_WPS,  /* whose */
  SR_T_WRB,  /* where, when, how */
  SR_T_EX,   /* existential there */
  SR_T_POS,  /* possessive 's */
  SR_T_UH,   /* interjection */
  SR_T_FW,   /* foreign word */
  SR_T_SYM,  /* symbol */
  SR_T_NWORD = 30, /* word tags are 1 .. SR_T_NWORD - 1 */
  /* punctuation (set from the token, never from the lexicon) */
  SR_T_COMMA = 32, SR_T_PERIOD, SR_T_COLON, SR_T_LPAREN, SR_T_RPAREN, SR_T_QUOTE, SR_T_DASH,
  /* word symbols: particular words the grammar names (data/syntax/closed.txt "=SYM" lines) */
  SR_S_BE = 40, SR_S_HAVE, SR_S_DO, SR_S_NEG, SR_S_OF, SR_S_BY, SR_S_GET,
  /* chunk labels (made by the grammar) */
  SR_S_NP = 48, SR_S_VG, SR_S_ADVP, SR_S_ADJP,
  SR_S_COUNT = 64
};

/* Name of a symbol ("NN", "COMMA", "BE", "NP"); "" when unnamed. Static. */
const char *sr_syn_symname(unsigned sym);
/* Symbol of a name, -1 when unknown. */
int sr_syn_symbyname(const char *name, size_t n);

/* ---- chunks */
enum { SR_CH_NP = 1, SR_CH_VG, SR_CH_ADVP, SR_CH_ADJP };

/* noun phrase features */
enum {
  SR_NP_DEF = 1 << 0,    /* definite: the, this, these, those, a possessor */
  SR_NP_INDEF = 1 << 1,  /* a, an, some, another */
  SR_NP_PL = 1 << 2,     /* plural head */
  SR_NP_PRON = 1 << 3,   /* a pronoun */
  SR_NP_PROPER = 1 << 4, /* proper-noun head */
  SR_NP_NUM = 1 << 5,    /* holds a number ("three soldiers", "dozens of") */
  SR_NP_POSSR = 1 << 6,  /* is the possessor of the next NP ("the army 's") */
  SR_NP_QUANT = 1 << 7,  /* a quantity head taking an of-phrase ("dozens of fighters") */
  SR_NP_NEG = 1 << 8     /* negative determiner: no, none of */
};
/* verb group features */
enum {
  SR_VG_PASSIVE = 1 << 0, /* be/get + past participle, or a participle read as passive */
  SR_VG_NEG = 1 << 1,     /* not, never, n't */
  SR_VG_MODAL = 1 << 2,   /* may, might, could, would, should, must, can */
  SR_VG_FUT = 1 << 3,     /* will, shall, be going to */
  SR_VG_PERF = 1 << 4,    /* have + participle */
  SR_VG_PROG = 1 << 5,    /* be + -ing */
  SR_VG_PAST = 1 << 6,    /* past tense (or past perfect) */
  SR_VG_INF = 1 << 7,     /* to + verb */
  SR_VG_ING = 1 << 8,     /* bare -ing head, no auxiliary (participle or gerund) */
  SR_VG_PART = 1 << 9,    /* bare past participle, no auxiliary (reduced relative) */
  SR_VG_FINITE = 1 << 10, /* tensed */
  SR_VG_BASE = 1 << 11,   /* bare base form (imperative, after did/do) */
  SR_VG_COPULA = 1 << 12  /* the head is a form of be/have used as a main verb */
};

typedef struct sr_chunk {
  uint32_t b, e;     /* token span [b, e) */
  uint32_t head;     /* head token */
  uint32_t sent;     /* sentence index */
  uint8_t kind;      /* SR_CH_* */
  uint8_t subj_how;  /* VG: how the subject was found (SR_SUBJ_*) */
  uint16_t feat;     /* SR_NP_* or SR_VG_* */
  int32_t clause;    /* clause index (doc-wide) */
  int32_t poss;      /* NP: its possessor NP ("the army's posts" -> "the army"), -1 */
  int32_t prep;      /* NP: token of the governing preposition, -1 */
  int32_t attach;    /* NP inside a PP: the chunk the PP attaches to (VG or NP), -1 */
  int32_t conj;      /* NP: the next conjunct ("A and B": A.conj = B), -1; VG: next coordinated VG */
  int32_t appos;     /* NP: an apposition after it ("X, the Y,"), -1 */
  int32_t subj;      /* VG: subject NP, -1 */
  int32_t obj;       /* VG: direct object NP, -1 */
  int32_t agent;     /* VG: by-agent NP of a passive, -1 */
  int32_t gov;       /* VG of an infinitive or participle: the VG it depends on, -1 */
} sr_chunk;

/* how a verb group's subject was found */
enum {
  SR_SUBJ_NONE = 0,
  SR_SUBJ_DIRECT,   /* the NP before it in its clause */
  SR_SUBJ_REL,      /* relative clause: the NP the relative pronoun stands for */
  SR_SUBJ_COORD,    /* coordinated verb: the first conjunct's subject */
  SR_SUBJ_PART,     /* participial clause: the governing clause's subject */
  SR_SUBJ_CONTROL,  /* infinitive: the governing verb's subject (or object: "urged X to") */
  SR_SUBJ_REDUCED   /* reduced relative "X, besieged by Y": X (the passive's subject) */
};

/* ---- clauses */
enum {
  SR_CL_MAIN = 1,
  SR_CL_REL,    /* relative: "..., which houses French troops" */
  SR_CL_PART,   /* participial: ", killing 20"; reduced relative "X, ambushed by Y" */
  SR_CL_SUB,    /* subordinate: "after the army withdrew", "if they attack" */
  SR_CL_COMP,   /* complement of a verb of saying: "said (that) ..." */
  SR_CL_INF,    /* to-infinitive: "threatened to attack" */
  SR_CL_COORD,  /* coordinated verb or clause: "... and seized the bridge" */
  SR_CL_ATTRIB  /* a trailing attribution: "..., the army said" */
};

typedef struct sr_clause {
  uint32_t b, e;     /* token span [b, e) */
  uint32_t sent;     /* sentence index */
  uint8_t kind;      /* SR_CL_* */
  uint8_t depth;     /* nesting depth (main = 0) */
  uint16_t pad;
  int32_t marker;    /* token of the word that opens it (which, after, if, that, and), -1 */
  int32_t parent;    /* governing clause, -1 for a main clause */
  int32_t anchor;    /* REL / reduced PART: the NP chunk it modifies, -1 */
  int32_t vg;        /* its first verb group, -1 when it has none */
} sr_clause;

/* One document's parse. Arrays are indexed by token (tag, sym, chunk_of) or doc-wide. */
typedef struct sr_parse {
  uint8_t *tag;       /* [ntok] SR_T_* */
  uint8_t *sym;       /* [ntok] grammar symbol (tag or word symbol) */
  int32_t *chunk_of;  /* [ntok] chunk index, -1 outside chunks */
  sr_chunk *ch;       /* chunks of all sentences, in text order */
  uint32_t nch;
  sr_clause *cl;      /* clauses of all sentences, ordered by sentence then start */
  uint32_t ncl;
  uint32_t *sent_ch;  /* [nsent + 1] first chunk of each sentence */
  uint32_t *sent_cl;  /* [nsent + 1] first clause of each sentence */
  int32_t *clause_of; /* [ntok] innermost clause of each token, -1 */
  uint32_t cap_ch, cap_cl; /* (allocation state of ch and cl) */
} sr_parse;

typedef struct sr_syn sr_syn;

/* Attach to the grammar in the lexicon image (rules and automata; no copy). The lexicon
 * must outlive the handle. Fails with SR_EINPUT when the image has no syntax section or
 * it is corrupt. Caller frees with sr_syn_close. */
int sr_syn_open(sr_syn **out, const sr_lex *lx, sr_error *err);
void sr_syn_close(sr_syn *s);

/* Token marks the caller may pass to sr_syn_parse: spans of names found by the lexicon
 * (one NP each, every token proper). */
enum { SR_MARK_NONE = 0, SR_MARK_NAME_B = 1, SR_MARK_NAME_I = 2 };

/* Parse every sentence of t (tokens tagged with sr_lex_tag). mark may be NULL or hold one
 * SR_MARK_* per token. Everything is allocated in a (the document's arena). */
int sr_syn_parse(const sr_syn *s, const sr_text *t, const uint8_t *mark, sr_arena *a, sr_parse *out,
                 sr_error *err);

/* How much of a sentence sr_syn_parse_ex analyses: a sentence the caller cannot use for
 * events may be tagged by the lexicon only, or tagged and chunked (noun phrases for
 * coreference) without clauses and relations. */
enum { SR_PARSE_LEXICAL = 0, SR_PARSE_CHUNKS = 1, SR_PARSE_FULL = 2 };

/* sr_syn_parse with a depth per sentence (need[sent], SR_PARSE_*; NULL = all full). Chunks of
 * a sentence parsed less than full have clause -1 and no relations (subj/obj/... -1). */
int sr_syn_parse_ex(const sr_syn *s, const sr_text *t, const uint8_t *mark, const uint8_t *need, sr_arena *a,
                    sr_parse *out, sr_error *err);

/* Stages, for tests and tools (sr_syn_parse runs them in this order). */
void sr_syn_tag(const sr_syn *s, const sr_text *t, const uint8_t *mark, uint32_t sent, uint8_t *tag,
                uint8_t *sym);
int sr_syn_chunk(const sr_syn *s, const sr_text *t, const uint8_t *mark, sr_parse *p, uint32_t sent,
                 sr_arena *a);
int sr_syn_clauses(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t sent, sr_arena *a);
void sr_syn_relations(const sr_syn *s, const sr_text *t, sr_parse *p, uint32_t sent);

/* Tokens' word facts the layer uses (from the lexicon image), for other stages. */
uint32_t sr_syn_wtags(const sr_syn *s, uint32_t word);   /* mask of possible word tags */
uint8_t sr_syn_nclass(const sr_syn *s, uint32_t word);   /* WordNet noun class (SR_NC_*) */
uint8_t sr_syn_vclass(const sr_syn *s, uint32_t word);   /* WordNet verb class (SR_VC_*) */

/* WordNet lexicographer classes that matter for coding (of the word's most frequent sense) */
enum {
  SR_NC_NONE = 0, SR_NC_PERSON, SR_NC_GROUP, SR_NC_ARTIFACT, SR_NC_LOCATION, SR_NC_ACT,
  SR_NC_EVENT, SR_NC_TIME, SR_NC_QUANTITY, SR_NC_COMMUNICATION, SR_NC_STATE, SR_NC_OBJECT,
  SR_NC_OTHER
};
enum {
  SR_VC_NONE = 0, SR_VC_COMMUNICATION, SR_VC_COMPETITION, SR_VC_CONTACT, SR_VC_MOTION,
  SR_VC_SOCIAL, SR_VC_POSSESSION, SR_VC_CHANGE, SR_VC_COGNITION, SR_VC_STATIVE, SR_VC_OTHER
};

/* Write the parse of sentence si as text (tags, chunks, clauses, relations) into b, for
 * `sitrep parse` and --explain. */
int sr_syn_print(const sr_syn *s, const sr_text *t, const sr_parse *p, uint32_t si, sr_buf *b);

/* Caps: chunks and clauses per sentence (a longer sentence keeps what fits). */
#define SR_SYN_MAX_CHUNKS 512
#define SR_SYN_MAX_CLAUSES 64

#endif
