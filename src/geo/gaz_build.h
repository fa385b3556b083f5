/* gaz_build.h - private to src/geo: the state of a gazetteer build (sr_gaz_build_ex in
 * gaz_import.c), shared by its stages: gaz_names.c (pools, maps, names -> keys),
 * gaz_import.c (GeoNames, admin, country readers), gaz_altnames.c (alternate names),
 * gaz_write.c (the image).
 */
#ifndef SITREP_GAZ_BUILD_H
#define SITREP_GAZ_BUILD_H
#include "gaz_image.h"

#include <stdio.h>

/* ---- growable arrays ---- */
typedef struct {
  char *d;
  size_t n, cap;
} pool;

#define GROW(arr, n, cap)                                                  \
  ((n) < (cap) ? 0                                                         \
               : gz_grow_mem((void **)&(arr), &(cap), sizeof *(arr)))

/* ---- string -> uint32 map (open addressing) ---- */
typedef struct {
  char **k;
  uint32_t *v;
  size_t n, cap; /* cap: power of two */
} smap;

/* One (key, record) pair of the index being built. 16 bytes: an
 * allCountries-size build holds tens of millions of them. */
typedef struct {
  uint32_t key;   /* interned key id (build.koff) */
  uint32_t rec;
  uint32_t mask;  /* exact-spelling bits */
  uint32_t order; /* bit 31 class P/A, bits 8..30 rank, bits 1..7 seat (order32);
                   * bit 0: from an alternate name */
} kent;
_Static_assert(sizeof(kent) == 16, "key entry size");

typedef struct {
  double slat, slon;
  uint32_t n;
  int64_t cap_rec; /* best PPLA / PPLC record, -1 none */
  uint32_t cap_pop;
  uint32_t max_pop; /* largest place population */
  uint64_t sum_pop; /* populations of its places, summed (an ADM1's population when it has none) */
} agg;

typedef struct {
  char code[24];   /* "SY.07" */
  uint32_t name;   /* pool */
  uint32_t ascii;  /* pool */
  uint32_t gid;
  char *alts;      /* alternatenames of an ADM1 row (malloc), or NULL */
} admin_ent;

typedef struct {
  char cc[3];
  uint32_t name;   /* pool, 0 = none yet */
  char *alts;      /* "a; b; c" or comma list from a PCLI row (malloc) */
  char *alts2;
  double lat, lon;
  int have_ll;
  uint32_t pop, gid;
} country_ent;

typedef struct {
  gaz_rec *rec;
  size_t nrec, caprec;
  pool str; /* image strings */
  pool kp;  /* distinct key strings (interned; written after str) */
  uint32_t *koff; /* key id -> offset in kp */
  size_t nkey, capkoff;
  uint64_t *kslot; /* key intern table: (hash >> 32) << 32 | (id + 1); 0 = empty */
  size_t kmask, khint;
  kent *ke;
  size_t nke, capke;
  admin_ent *adm;
  size_t nadm, capadm;
  smap admmap; /* "CC.A1" -> adm index */
  smap a2map;  /* "CC.A1.A2" -> pool offset of the name */
  country_ent *cty;
  size_t ncty, capcty;
  smap ctymap; /* "CC" -> cty index */
  agg *ag;
  size_t nag, capag;
  smap agmap; /* "CC.A1" or "CC" -> ag index */
} build;

typedef struct {
  char key[GAZ_KEY_MAX];
  uint32_t len, mask, alt;
} nkey;

typedef struct {
  nkey *k;
  int n;
  uint32_t cur_alt; /* alt flag given to keys added next (nk_add_list sets it) */
} nkeys;


/* Line reader with a cap; reports whether the line ended with '\n'. */
typedef struct {
  FILE *f;
  char *buf;
  size_t cap;
  long line;
} lreader;

/* geonameid -> record index, open addressing, sized once; a geonameid held
 * by several records (a supplement row repeating a GeoNames one) has several
 * entries. */
typedef struct {
  uint32_t *gid, *rec;
  size_t mask;
} gidmap;

typedef struct {
  gidmap gm;
  uint16_t *nkeys;  /* keys per record so far (saturating), for GAZ_MAX_NAMES_PER_REC */
  uint8_t *has_alt; /* bit per record: has a current alternate name */
  kent *hist;       /* historic names, decided at the end */
  size_t nhist, caphist;
  sr_gaz_stats *st;
} altstate;

/* ---- gaz_names.c: build state, pools and maps, the alternate-name filter, key collection.
 * All pointers are borrowed; memory stays owned by the build (freed by gz_build_free). */
int gz_seat_of(char fclass, const char *fcode);
uint32_t gz_rank_of(uint32_t pop, const char *fcode, char fclass);
uint32_t gz_order32(const gaz_rec *r, uint32_t alt);
/* Append s[0..n) + NUL; *off gets its offset. Pool offsets must fit 32 bits (SR_ELIMIT). */
int gz_pool_add(pool *p, const char *s, size_t n, uint32_t *off);
/* The same for a name of the image's string pool: invalid UTF-8 is replaced by U+FFFD. */
int gz_name_add(build *b, const char *s, size_t n, uint32_t *off);
int gz_grow_mem(void **p, size_t *cap, size_t el);
long gz_smap_get(const smap *m, const char *k);
int gz_smap_put(smap *m, const char *k, uint32_t v); /* k is copied */
void gz_build_free(build *b);
/* SR_EINPUT with file:line and what (a static or caller's string, copied). */
int gz_fail_at(sr_error *err, const char *file, long line, const char *what);
int gz_alt_ok(const char *s, size_t n);
void gz_nk_add(nkeys *ks, const char *s, size_t n);
void gz_nk_add_list(nkeys *ks, const char *list, char sep, int filter);
int gz_key_intern(build *b, const char *key, size_t kl, uint32_t *id);
int gz_push_kent(build *b, const kent *e);
int gz_push_keys(build *b, uint32_t rec, const nkeys *ks);
agg *gz_agg_for(build *b, const char *code); /* NULL when out of memory */

/* ---- gaz_import.c: the capped line reader shared by the readers of every input kind */
int gz_open_reader(lreader *r, const char *path, sr_error *err);
void gz_close_reader(lreader *r);
/* Next line into r->buf (NUL-terminated, '\n' and a '\r' before it removed; names taken
 * from it are repaired by gz_name_add). Returns its length, -1 at EOF, -2 when longer than GAZ_MAX_LINE:
 * the cap is checked while reading, so a file without newlines never grows the buffer
 * past it. *had_nl: the line ended with '\n'. */
long gz_lr_next(lreader *r, int *had_nl);
int gz_split_tabs(char *s, char **f, int max);
int gz_parse_u32(const char *s, uint32_t *out, int allow_empty, int clamp);

/* ---- gaz_altnames.c: GeoNames alternate names (pass 3, after every record exists) */
int gz_alt_init(build *b, altstate *a, sr_gaz_stats *st);
int gz_load_altnames(build *b, altstate *a, const char *path, sr_error *err);
int gz_alt_finish(build *b, altstate *a);
void gz_alt_free(altstate *a);

/* ---- gaz_write.c: group the keys, lay out and write the image (PATH.tmp, then rename) */
int gz_write_image(build *b, const char *out_path, sr_error *err, sr_gaz_stats *st);

#endif
