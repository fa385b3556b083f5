/* lex_open.c - open a lexicon image (mmap or memory), verify its checksum and validate every
 * section, offset, count and index before anything reads it (layout: lex_image.h).
 *
 * A damaged image is refused with "FILE: corrupt lexicon image (what is wrong)"; nothing
 * past these checks indexes the image with an unchecked value.
 */
#include "lex_image.h"
#include "sitrep/syntax.h"
#include "../syntax/syn_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

/* XXH3-64 (Debian libxxhash): 6-9 GB/s here, so the 16 MB image costs 2-3 ms at every open;
 * zlib's crc32 measured 2.3 GB/s (7 ms), a byte-wise FNV would be slower still. Any
 * accidental change goes unnoticed with probability 2^-64. */
uint64_t lex_image_sum(const void *img, size_t len) {
  lx_header h; /* the header with its sum zeroed seeds the hash of the rest */
  memcpy(&h, img, sizeof h);
  h.sum = 0;
  uint64_t seed = XXH3_64bits(&h, sizeof h);
  return XXH3_64bits_withSeed((const unsigned char *)img + sizeof h, len - sizeof h, seed);
}

/* ---- structure */

static const char *check_sections(const lx_header *h, size_t len) {
  if (h->size != len) return "size in the header does not match the file (truncated?)";
#define SECT(off, n, sz, what)                                                                 \
  if ((off) % 8 || (off) < sizeof *h || (off) > len || (uint64_t)(n) * (sz) > len - (off))     \
    return what " section out of bounds";
  SECT(h->off_str, (uint64_t)h->n_str + 1, 1, "string");
  SECT(h->off_words, h->n_words, sizeof(lx_word), "word");
  SECT(h->off_whash, h->hcap, 4, "word hash");
  SECT(h->off_root, h->n_words, 4, "trie root");
  SECT(h->off_nodes, h->n_nodes, sizeof(lx_node), "trie node");
  SECT(h->off_edges, h->n_edges, sizeof(lx_edge), "trie edge");
  SECT(h->off_ents, h->n_ents, sizeof(sr_lex_entry), "entry");
  SECT(h->off_actors, h->n_actors, sizeof(sr_lex_actor), "actor");
  SECT(h->off_countries, h->n_countries, sizeof(sr_lex_country), "country");
  SECT(h->off_actions, h->n_actions, sizeof(sr_lex_action), "action");
  SECT(h->off_wsyn, h->n_words, sizeof(sr_lex_wsyn), "syntax facts");
  SECT(h->off_syn, h->n_syn, 1, "syntax");
#undef SECT
  if (h->hcap == 0 || (h->hcap & (h->hcap - 1))) return "word hash size is not a power of two";
  if (h->n_nodes == 0) return "no trie root";
  if (h->n_words == 0) return "no word table";
  return NULL;
}

/* the byte after the pool must end the last string, so any offset <= n_str reads a string */
#define STR_OK(lx, off) ((off) <= (lx)->h->n_str)

static const char *check_words(const sr_lex *lx) {
  const lx_header *h = lx->h;
  if (lx->str[h->n_str] != 0) return "string pool not terminated";
  for (uint32_t i = 0; i < h->n_words; i++) {
    if (!STR_OK(lx, lx->words[i].str)) return "word string offset out of range";
    if (lx->root[i] >= h->n_nodes) return "trie root of a word out of range";
    const sr_lex_wsyn *w = &lx->wsyn[i];
    if (w->best >= SR_T_NWORD || w->sym >= SR_S_COUNT || w->ncls > SR_NC_OTHER ||
        w->vcls > SR_VC_OTHER || (w->tags >> SR_T_NWORD))
      return "syntax facts of a word out of range";
  }
  /* the image's word hash (whash) is not read at run time (lex_tables builds a faster
   * table): its bounds are checked with the section's, its contents by the checksum */
  return NULL;
}

static const char *check_entry(const sr_lex *lx, const sr_lex_entry *e, uint32_t depth) {
  const lx_header *h = lx->h;
  if (e->ntok != depth) return "entry length differs from its trie depth";
  if (!STR_OK(lx, e->surface)) return "entry surface offset out of range";
  switch (e->type) {
  case SR_ENT_ACTOR: return e->val < h->n_actors ? NULL : "entry actor index out of range";
  case SR_ENT_AGENT: return e->val >= 1 && e->val <= SR_ROLE_MEMBER ? NULL : "entry role out of range";
  case SR_ENT_COUNTRY:
  case SR_ENT_ADJ:
  case SR_ENT_CAPITAL: return e->val < h->n_countries ? NULL : "entry country index out of range";
  case SR_ENT_ACTION: return e->val < h->n_actions ? NULL : "entry action index out of range";
  }
  return "entry of unknown type";
}

/* One pass over the nodes in id order. The compiler creates a child after its parent, so
 * every edge must point to a higher id: that rules out cycles, lets the depth of a node be
 * known before its children are met, and keeps the reads sequential (a breadth-first walk
 * cost three times as much on the 16 MB image). Every node is reached at most once (a tree),
 * every edge and entry stays inside its table, every entry's length is its depth. */
static const char *check_trie(const sr_lex *lx) {
  const lx_header *h = lx->h;
  uint8_t *depth = calloc(h->n_nodes, 1); /* words from the root + 1; 0 = not reached */
  if (!depth) return "out of memory while checking the trie";
  const char *why = NULL;
  depth[0] = 1;
  for (uint32_t n = 0; n < h->n_nodes && !why; n++) {
    const lx_node *nd = &lx->nodes[n];
    if ((uint64_t)nd->edge_begin + nd->edge_count > h->n_edges) why = "trie node edges out of range";
    else if ((uint64_t)nd->ent_begin + nd->ent_count > h->n_ents) why = "trie node entries out of range";
    else if (!depth[n] && (nd->edge_count || nd->ent_count)) why = "trie node not reached from the root";
    for (uint32_t k = 0; k < nd->ent_count && !why; k++)
      why = check_entry(lx, &lx->ents[nd->ent_begin + k], depth[n] - 1u);
    for (uint32_t k = 0; k < nd->edge_count && !why; k++) {
      const lx_edge *e = &lx->edges[nd->edge_begin + k];
      if (e->word >= h->n_words || e->node <= n || e->node >= h->n_nodes) why = "trie edge out of range";
      else if (depth[e->node]) why = "trie node reached twice";
      else if (depth[n] == 255) why = "trie deeper than 254 words";
      else depth[e->node] = (uint8_t)(depth[n] + 1);
    }
  }
  for (uint32_t i = 0; i < h->n_words && !why; i++)
    if (lx->root[i] && depth[lx->root[i]] != 2) why = "trie root of a word is no child of the root";
  free(depth);
  return why;
}

static const char *check_tables(const sr_lex *lx) {
  const lx_header *h = lx->h;
  int64_t na = h->n_actors;
  for (uint32_t i = 0; i < h->n_actors; i++) {
    const sr_lex_actor *a = &lx->actors[i];
    if (!STR_OK(lx, a->code) || !STR_OK(lx, a->name) || !STR_OK(lx, a->cameo) || !STR_OK(lx, a->after))
      return "actor string offset out of range";
    if (a->cc[2] || a->kind > SR_KIND_PERSON || a->pad2[1] > 9) return "actor fields out of range";
  }
  for (uint32_t i = 0; i < h->n_countries; i++) {
    const sr_lex_country *c = &lx->countries[i];
    if (c->cc[3] || !STR_OK(lx, c->name) || c->mil < -1 || c->mil >= na || c->gov < -1 || c->gov >= na ||
        c->bare < -1 || c->bare >= na || c->held < -1 || c->held >= na)
      return "country fields out of range";
  }
  for (uint32_t i = 0; i < h->n_actions; i++) {
    const sr_lex_action *a = &lx->actions[i];
    if (a->cameo[5] || a->act > SR_ACT_OCCUR || !STR_OK(lx, a->pattern) || !STR_OK(lx, a->particle) ||
        a->target < -1 || a->target >= na)
      return "action fields out of range";
  }
  return NULL;
}

/* The syntax section's own tables: src/syntax (sr_syn_open) checks their bounds and contents;
 * their alignment is checked here, with the rest of the image's layout. */
static const char *check_syntax(const sr_lex *lx) {
  if (lx->h->n_syn < sizeof(syn_hdr)) return NULL;
  const syn_hdr *s = lx->syn;
  if (s->off_rules % _Alignof(syn_trule) || s->off_suffix % _Alignof(syn_suffix) ||
      s->off_crules % _Alignof(syn_crule) || s->off_levels % _Alignof(syn_level) ||
      s->off_trans % _Alignof(uint16_t) || s->off_acc % _Alignof(int16_t))
    return "syntax table misaligned";
  return NULL;
}

const char *lex_validate(const sr_lex *lx) {
  const char *why = check_words(lx);
  if (!why) why = check_syntax(lx);
  if (!why) why = check_trie(lx);
  if (!why) why = check_tables(lx);
  return why;
}

/* ---- open */

static int corrupt(sr_error *err, const char *name, const char *why) {
  sr_error_at(err, name, 0, -1);
  return sr_error_set(err, SR_EINPUT, "%s: corrupt lexicon image (%s)", name, why);
}

static int lex_attach(sr_lex *lx, const char *name, sr_error *err) {
  const lx_header *h = lx->base;
  if (lx->len < sizeof *h || memcmp(h->magic, LEX_MAGIC, 8) != 0)
    return corrupt(err, name, "bad magic: not a sitrep lexicon image");
  if (h->version != LEX_VERSION) {
    sr_error_at(err, name, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: lexicon image version %u, expected %u (rebuild it with 'make')",
                        name, h->version, LEX_VERSION);
  }
  const char *why = check_sections(h, lx->len);
  if (!why && lex_image_sum(lx->base, lx->len) != h->sum) why = "checksum mismatch";
  if (why) return corrupt(err, name, why);
  const char *b = lx->base;
  lx->h = h;
  lx->str = b + h->off_str;
  lx->words = (const lx_word *)(b + h->off_words);
  lx->whash = (const uint32_t *)(b + h->off_whash);
  lx->root = (const uint32_t *)(b + h->off_root);
  lx->nodes = (const lx_node *)(b + h->off_nodes);
  lx->edges = (const lx_edge *)(b + h->off_edges);
  lx->ents = (const sr_lex_entry *)(b + h->off_ents);
  lx->actors = (const sr_lex_actor *)(b + h->off_actors);
  lx->countries = (const sr_lex_country *)(b + h->off_countries);
  lx->actions = (const sr_lex_action *)(b + h->off_actions);
  lx->wsyn = (const sr_lex_wsyn *)(b + h->off_wsyn);
  lx->syn = h->n_syn ? b + h->off_syn : NULL;
  if ((why = lex_validate(lx))) return corrupt(err, name, why);
  return lex_tables(lx, err);
}

int sr_lex_open_mem(sr_lex **out, void *img, size_t len, sr_error *err) {
  *out = NULL;
  sr_lex *lx = calloc(1, sizeof *lx);
  if (!lx) {
    free(img);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  lx->base = img;
  lx->len = len;
  lx->mapped = 0;
  int rc = lex_attach(lx, "(lexicon in memory)", err);
  if (rc) {
    sr_lex_close(lx);
    return rc;
  }
  *out = lx;
  return 0;
}

int sr_lex_open(sr_lex **out, const char *path, sr_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sr_error_set(err, SR_EIO, "cannot open lexicon %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    close(fd);
    return corrupt(err, path, "empty or not a regular file");
  }
  void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return sr_error_set(err, SR_EIO, "cannot map %s: %s", path, strerror(errno));
  sr_lex *lx = calloc(1, sizeof *lx);
  if (!lx) {
    munmap(p, (size_t)st.st_size);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  lx->base = p;
  lx->len = (size_t)st.st_size;
  lx->mapped = 1;
  int rc = lex_attach(lx, path, err);
  if (rc) {
    sr_lex_close(lx);
    return rc;
  }
  *out = lx;
  return 0;
}

int sr_lex_seal(void *img, size_t len) {
  if (!img || len < sizeof(lx_header)) return SR_EINPUT;
  ((lx_header *)img)->sum = lex_image_sum(img, len);
  return 0;
}

void sr_lex_close(sr_lex *lx) {
  if (!lx) return;
  if (lx->h) { /* the tables exist only once the header was read (lex_tables); their sizes
                 come from it, so before the image goes */
    lex_big_free(lx->wtab, (size_t)(lx->wmask + 1) * sizeof *lx->wtab);
    lex_big_free(lx->wtag, (size_t)lx->wmask + 1);
    lex_big_free(lx->winfo, (size_t)(lx->h->n_words ? lx->h->n_words : 1) * sizeof *lx->winfo);
  }
  if (lx->mapped) munmap(lx->base, lx->len);
  else free(lx->base);
  free(lx->code_tab);
  free(lx->actor_state);
  free(lx);
}
