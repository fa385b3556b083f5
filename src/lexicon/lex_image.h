/* lex_image.h - private to src/lexicon: the layout of the compiled lexicon image
 * (written by lexicon.c, opened and validated by lex_open.c, read by lex_match.c).
 *
 * Image layout (all little-endian, 8-byte aligned sections, offsets from the
 * start of the image):
 *   header   magic "SRLEX\0\0\0", version, section offsets and counts, checksum
 *   strings  NUL-terminated strings; offset 0 is the empty string
 *   words    lx_word[nwords+1]   (folded string offset, SR_W_* flags); id 0 unused
 *   whash    uint32_t[hcap]      open addressing over word ids, hcap power of two
 *   root     uint32_t[nwords+1]  trie node reached from the root by word id (0 = none)
 *   nodes    lx_node[nnodes]     node 0 is the root
 *   edges    lx_edge[nedges]     children of a node, sorted by word id
 *   entries  sr_lex_entry[...]   values stored at nodes
 *   actors, countries, actions   tables
 *   wsyn     sr_lex_wsyn[nwords+1]  syntax facts per word (tags, symbol, WordNet classes)
 *   syn      the syntax section: tag rules and chunk automata (src/syntax/syn_internal.h)
 *
 * The checksum (lx_header.sum) is XXH3-64 of the whole image with the sum field
 * read as zero (lex_image_sum). Every open checks it and then every offset, count
 * and index of the sections (lex_open.c), so a damaged image is refused with a
 * message instead of being read out of bounds.
 */
#ifndef SITREP_LEX_IMAGE_H
#define SITREP_LEX_IMAGE_H
#include "sitrep/lexicon.h"

#include <stddef.h>
#include <stdint.h>

#define LEX_MAGIC "SRLEX\0\0\0"
#define LEX_VERSION 6u /* 5: checksum in the header; 6: actors carry after= */

typedef struct lx_word {
  uint32_t str;
  uint32_t pad;
  uint64_t flags;
} lx_word;
typedef struct lx_node {
  uint32_t edge_begin, edge_count, ent_begin, ent_count;
} lx_node;
typedef struct lx_edge {
  uint32_t word, node;
} lx_edge;

typedef struct lx_header {
  char magic[8];
  uint32_t version, hcap;
  uint64_t size;
  uint64_t off_str, off_words, off_whash, off_root, off_nodes, off_edges, off_ents, off_actors,
      off_countries, off_actions, off_wsyn, off_syn;
  uint32_t n_str, n_words, n_nodes, n_edges, n_ents, n_actors, n_countries, n_actions, n_syn, pad;
  uint64_t sum; /* lex_image_sum of the image */
} lx_header;

/* Word table slot: the first 8 bytes of the word (zero padded) and its
 * length, so that most probes settle without touching the string pool. */
typedef struct lx_wslot {
  uint64_t pre;
  uint32_t id; /* 0 = empty */
  uint32_t len;
} lx_wslot;
typedef struct lx_winfo {
  uint64_t flags;
  uint32_t root, pad;
} lx_winfo;

struct sr_lex {
  void *base;
  size_t len;
  int mapped; /* 1 = munmap, 0 = free */
  const lx_header *h;
  const char *str;
  const lx_word *words;
  const uint32_t *whash;
  const uint32_t *root;
  const lx_node *nodes;
  const lx_edge *edges;
  const sr_lex_entry *ents;
  const sr_lex_actor *actors;
  const sr_lex_country *countries;
  const sr_lex_action *actions;
  const sr_lex_wsyn *wsyn;
  const void *syn;
  /* runtime tables built at open (not part of the image) */
  lx_wslot *wtab;  /* open addressing over word ids, keyed by the folded form */
  uint8_t *wtag;   /* [wmask + 1]: 8-bit fingerprint of each slot's hash, 0 = empty */
  uint32_t wmask;
  lx_winfo *winfo; /* [n_words]: flags and trie root of each word id */
  int32_t *code_tab; /* [code_mask + 1]: actor index + 1 by hash of its code, 0 = empty */
  uint32_t code_mask;
  int16_t cc_tab[26 * 26]; /* country index + 1 by ISO letters, 0 = none */
  int16_t *actor_state;    /* [n_actors]: the first country whose government or military the
                              actor is, + 1; 0 = none */
};

/* Checksum of img[0..len) (len >= sizeof(lx_header)) with the header's sum field read as 0. */
uint64_t lex_image_sum(const void *img, size_t len);

/* Check every section, offset, count and index of the image attached to lx (lx->h and the
 * section pointers set). Returns NULL when sound, else a static phrase saying what is
 * wrong ("trie edge points past the nodes"). Reads the whole image once. */
const char *lex_validate(const sr_lex *lx);

/* Runtime tables of lx (word table, actor-code and country indexes), built at open from a
 * validated image (lex_match.c). Fills lx->wtab ...; freed by sr_lex_close. */
int lex_tables(sr_lex *lx, sr_error *err);

/* Zeroed memory for a large runtime table (the word table and the per-word facts: 11 MB),
 * backed by huge pages where the kernel offers them on request (transparent huge pages in
 * "madvise" mode): a few page faults instead of some 4,800, a quarter of the time of opening
 * the lexicon. Plain calloc under AddressSanitizer and below 2 MB. NULL when out of memory
 * (or the mapping fails). Caller frees with lex_big_free(p, n) (n as allocated). */
void *lex_big_calloc(size_t n);
void lex_big_free(void *p, size_t n);

#endif
