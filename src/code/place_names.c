/* place_names.c - the folded names of gazetteer records as the geoparser compares them with
 * the text (own name, Arabic article, a province's level word), kept per thread: the same
 * places recur from document to document (folding their names in each cost 3% of coding
 * real prose).
 */
#include <stdlib.h>
#include <string.h>

#include "place_names.h"
#include "sitrep/text.h"

/* k without its leading Arabic article ("al-qamishli" -> "qamishli"), NULL when it has none.
 * At most one article can start a name (none is the start of another followed by a space or
 * hyphen), so this is the one form an own-name match without the article can take. */
static const char *bare_name(const char *k) {
  static const char *art[] = {"al ", "al-", "el ", "el-", "as ", "as-", "ash ", "ash-", "ad ", "ad-", "ar ", "ar-",
                              "at ", "at-", "az ", "az-", "an ", "an-", "ath ", "ath-", NULL};
  if (k[0] != 'a' && k[0] != 'e') return NULL;
  for (int i = 0; art[i]; i++) {
    size_t n = strlen(art[i]);
    if (!strncmp(k, art[i], n)) return k + n;
  }
  return NULL;
}

/* The folded names of a record, as a document needs them: name and ASCII name folded (cut at
 * 127 bytes), a province's without the word for its level, and where each starts without its
 * Arabic article (-1: none). Kept per thread, keyed by the image's generation and the record:
 * the same places recur from document to document. */
#define CD_TNAMES 512 /* power of two */
struct cd_tname {
  uint64_t gen; /* 0 = empty */
  uint32_t idx;
  int16_t nbare, abare;
  char name[128], ascii[128];
};
static _Thread_local struct cd_tname *g_tnames;
static int g_tnames_tls; /* sr_tls_table_get handle */
static struct cd_tname *tnames_table(void) {
  return g_tnames ? g_tnames : (g_tnames = sr_tls_table_get(&g_tnames_tls, CD_TNAMES, sizeof *g_tnames));
}

/* s folded into out (at most 127 bytes and a NUL) */
static void fold_into(const char *s, char out[128]) {
  size_t n = sr_fold(s, strlen(s), out, 128);
  if (n >= 128) n = 127;
  out[n] = 0;
}

/* a province's own name is its name without the word for the level: "Borno State" is
 * "Borno"'s own name, "Idlib Governorate" "Idlib"'s (as the gazetteer's lookup keys are) */
static void admin_base(char *k) {
  static const char *const SUFFIX[] = {" state", " province", " governorate", " region", " oblast", NULL};
  size_t kl = strlen(k);
  for (int i = 0; SUFFIX[i]; i++) {
    size_t n = strlen(SUFFIX[i]);
    if (kl > n && !strcmp(k + kl - n, SUFFIX[i])) {
      k[kl - n] = 0;
      return;
    }
  }
}

static void fold_names(const sr_place *p, struct cd_tname *t) {
  fold_into(p->name, t->name);
  fold_into(p->asciiname, t->ascii);
  if (p->fclass == 'A' && !strcmp(p->fcode, "ADM1")) {
    admin_base(t->name);
    admin_base(t->ascii);
  }
  const char *nb = bare_name(t->name), *ab = bare_name(t->ascii);
  t->nbare = nb ? (int16_t)(nb - t->name) : -1;
  t->abare = ab ? (int16_t)(ab - t->ascii) : -1;
}

void cd_place_names(const sr_gaz *gz, const sr_place *p, cd_pnames *out) {
  static _Thread_local struct cd_tname spare; /* when there is no table */
  struct cd_tname *tab = tnames_table(), *t = &spare;
  uint64_t gen = sr_gaz_generation(gz);
  if (tab) t = &tab[(p->idx * 2654435761u) >> 23 & (CD_TNAMES - 1)];
  if (!tab || !gen || t->gen != gen || t->idx != p->idx) {
    fold_names(p, t);
    t->gen = gen, t->idx = p->idx;
  }
  out->name = t->name, out->ascii = t->ascii;
  out->nbare = t->nbare, out->abare = t->abare;
}
