/* lex_comp.h - private to src/lexicon: the lexicon compiler's state, shared by lexicon.c
 * (the compile driver, actors, countries, agents, word classes, the image writer) and
 * lex_actions.c (irregular verbs, inflection, action patterns).
 * Everything here lives as long as the compile (comp_free in lexicon.c frees it).
 */
#ifndef SITREP_LEX_COMP_H
#define SITREP_LEX_COMP_H
#include "lex_image.h"

typedef struct vec {
  void *p;
  size_t n, cap, sz;
} vec;

#define VEC(T) {NULL, 0, 0, sizeof(T)}
#define VAT(v, T, i) (((T *)(v).p)[i])

typedef struct cnode {
  uint32_t *kw;    /* child words */
  uint32_t *kn;    /* child nodes */
  uint32_t nk, ck;
  uint32_t *ents;  /* entry indexes */
  uint32_t ne, ce;
} cnode;

typedef struct comp {
  sr_buf strs;      /* string pool */
  vec words;        /* lx_word */
  uint32_t *wh;     /* word hash during compile */
  uint32_t whcap;
  vec nodes;        /* cnode */
  vec ents;         /* sr_lex_entry */
  vec actors;       /* sr_lex_actor */
  vec countries;    /* sr_lex_country */
  vec actions;      /* sr_lex_action */
  vec irregular;    /* char*[3] base, past, participle (owned strings) */
  sr_lex_wsyn *wsyn; /* syntax facts by word id (grown on demand) */
  size_t nwsyn;
  void *syn;        /* syntax section blob */
  size_t syn_len;
  sr_arena *arena;  /* scratch for tokenizing */
  sr_error *err;
  const char *file;
  long line;
} comp;

/* Append a zeroed element; NULL when out of memory. The pointer is valid until the next push. */
void *lx_vec_push(vec *v);
/* Offset of a copy of s in the string pool (0 for "" or when out of memory). */
uint32_t lx_str_add(comp *c, const char *s);
/* s without leading / trailing blanks (in place; returns a pointer into s). */
char *lx_trim(char *s);
/* Split s in place at sep into at most max trimmed fields f[]; returns the count. */
int lx_split(char *s, char sep, char **f, int max);
/* SR_EINPUT with the current FILE:LINE and fmt (one %s: arg) as the message. */
int lx_comp_fail(comp *c, const char *fmt, const char *arg);
/* Word ids of the tokens of phrase (interned), at most max; 0 on failure. */
int lx_phrase_words(comp *c, const char *phrase, uint32_t *ids, int max);
/* Add entry e at the trie node reached by ids[0..n) (its ntok set to n). */
int lx_add_words_entry(comp *c, const uint32_t *ids, int n, const sr_lex_entry *e);
/* Index of the actor with code (created when new); negative when out of memory. */
int lx_actor_get(comp *c, const char *code, const char *name, const char *cameo, uint8_t kind,
                 const char *cc);

/* lex_actions.c: one line of data/lexicon/irregular.txt, of data/actions/NAME.txt */
int lx_parse_irregular_line(comp *c, char *line);
int lx_parse_action_line(comp *c, char *line);

#endif
