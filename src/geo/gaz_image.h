/* gaz_image.h - private to src/geo: the gazetteer image format (written by gaz_write.c,
 * opened and validated by gaz_open.c, read by gazetteer.c) and the handle of an open image.
 *
 * Image layout (little-endian, every section 8-byte aligned, offsets only):
 *   gaz_header
 *   gaz_rec[nrec]            fixed-size place records
 *   char pool[str_size]      NUL-terminated strings; offset 0 is "": place
 *                            and area names, then the distinct lookup keys
 *   gaz_slot[nslots]         open-addressing table (64-bit key hash, key
 *                            string offset, postings offset); key 0 = empty
 *   uint32 post[post_words]  per key: count, then count x (record, mask),
 *                            best first (class P/A, rank, seat), then by record
 *   gaz_idx[nadmin]          "CC.A1" -> ADM1 record, sorted by key
 *   gaz_idx[ncountry]        "CC" -> PCLI record, sorted by key
 * The mask of a posting has bit (hash of the punctuation-free folded
 * spelling) % 32 set for each spelling of the record that produced the key,
 * so lookup can put exact spellings ahead of variant-only matches.
 *
 * Checksum (gaz_header.sum): XXH3-64 of the bytes after the header, seeded with XXH3-64 of
 * the header whose sum field is zero (gz_image_sum). sr_gaz_open checks the header and every
 * section's bounds (cheap, whatever the size); every read of a record, string, slot or
 * posting is bounds-checked; sr_gaz_check verifies the checksum and every offset.
 */
#ifndef SITREP_GAZ_IMAGE_H
#define SITREP_GAZ_IMAGE_H
#include "sitrep/gazetteer.h"

#include <stddef.h>
#include <stdint.h>

#define GAZ_MAGIC "SRGAZ\0\0\0"
#define GAZ_VERSION 2u /* 2: checksum in the header */
#define GAZ_MAX_LINE (1u << 20)          /* longest accepted input line (checked while reading) */
#define GAZ_MAX_JSON (256u << 20)        /* largest admin JSON file */
#define GAZ_MAX_NAMES_PER_REC 512        /* keys kept per record */
#define GAZ_MAX_POSTINGS_SCAN 4096       /* postings ranked per lookup */
#define GAZ_KEY_MAX 256

typedef struct gaz_header {
  char magic[8];
  uint32_t version, header_size;
  uint32_t nrec, nkeys, nslots, nadmin, ncountry, rec_size;
  uint64_t rec_off, str_off, str_size, slot_off, post_off, post_words;
  uint64_t admin_off, country_off, file_size;
  uint64_t sum; /* gz_image_sum of the image */
  uint64_t reserved[2];
} gaz_header;

typedef struct gaz_rec {
  uint32_t gid;
  float lat, lon;
  uint32_t pop;
  uint32_t name, ascii, a1name, a2name, a1code; /* pool offsets */
  char cc[4];
  char fclass;
  uint8_t seat; /* 2 PCLI/PPLC, 1 PPLA/PPLA2/ADM1, 0 other */
  char fcode[10];
  uint32_t rank; /* 100*log10(population+1) + seat bonus (PCLI/PPLC 100, PPLA/ADM1 50, PPLA2 25) */
} gaz_rec;

typedef struct gaz_slot {
  uint64_t h;
  uint32_t key;  /* pool offset of the key string, 0 = empty slot */
  uint32_t post; /* index into post[] */
} gaz_slot;

typedef struct gaz_idx {
  char key[24];
  uint32_t rec;
  uint32_t pad;
} gaz_idx;

_Static_assert(sizeof(gaz_rec) == 56, "record size");
_Static_assert(sizeof(gaz_slot) == 16, "slot size");
_Static_assert(sizeof(gaz_idx) == 32, "index entry size");
_Static_assert(sizeof(gaz_header) % 8 == 0, "header alignment");

struct sr_gaz {
  uint64_t gen; /* unique per open: tags this image's entries in the lookup cache */
  void *map;
  size_t size;
  int mapped; /* 1: map is an mmap of the file (munmap at close); 0: borrowed memory */
  const gaz_header *h;
  const gaz_rec *rec;
  const char *str;
  const gaz_slot *slot;
  const uint32_t *post;
  const gaz_idx *admin, *country;
};

#define GAZ_EXACT_BONUS 150 /* an exact spelling is worth 1.5 orders of magnitude */

/* String at pool offset off of an open image ("" when out of range; the pool's last byte is
 * a NUL, checked at open, so every offset inside it reads a terminated string). Borrowed. */
static inline const char *gz_gstr(const sr_gaz *g, uint32_t off) {
  return off < g->h->str_size ? g->str + off : "";
}

/* Checksum of the image img[0..len) (len >= sizeof(gaz_header)), its sum field read as 0. */
uint64_t gz_image_sum(const void *img, size_t len);

/* Open an image held in memory (tests and fuzzers): map[0..size) is borrowed and must
 * outlive the handle; name is used in messages. Same checks as sr_gaz_open. */
int gz_open_mem(sr_gaz **out, const void *map, size_t size, const char *name, sr_error *err);
/* Every offset, index and string of an open image, record by record: NULL when sound, else
 * a static phrase saying what is wrong. Reads the whole image (sr_gaz_check). */
const char *gz_check_deep(const sr_gaz *g);

/* 1 when s[0..n) is valid UTF-8. */
int gz_utf8_valid(const char *s, size_t n);

/* Bit (hash of the punctuation-free folded spelling of s[0..n)) % 32 of a posting mask. */
uint32_t gz_exact_bit(const char *s, size_t n);

#endif
