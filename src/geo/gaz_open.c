/* gaz_open.c - map a gazetteer image and validate it before anything reads it; the full
 * check (checksum and every offset) of `sitrep gazetteer check`.
 *
 * What is checked when (measured on the default 44 MB image, see the commit message):
 *   sr_gaz_open   magic, version, header and record sizes, file size, every section inside
 *                 the file, in order and not overlapping, the string pool terminated, the
 *                 slot table a power of two holding every key: microseconds, touches one
 *                 page. Every later read is bounds-checked (gazetteer.c), so an image that
 *                 passes is safe to use even when some byte inside a section is wrong.
 *   sr_gaz_check  the XXH3-64 checksum and every record, slot, posting and index entry:
 *                 reads the whole image (about 10 ms and the whole file in memory for 44 MB,
 *                 far more for an allCountries image), so it is not done at every start.
 */
#include "gaz_image.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

uint64_t gz_image_sum(const void *img, size_t len) {
  gaz_header h; /* the header with its sum zeroed seeds the hash of the rest */
  memcpy(&h, img, sizeof h);
  h.sum = 0;
  uint64_t seed = XXH3_64bits(&h, sizeof h);
  return XXH3_64bits_withSeed((const unsigned char *)img + sizeof h, len - sizeof h, seed);
}

static int sect_ok(uint64_t off, uint64_t count, uint64_t el, uint64_t size) {
  if (off % 8 || off > size) return 0;
  if (el && count > (size - off) / el) return 0;
  return 1;
}

/* Header and section checks of sr_gaz_open: NULL when sound, else what is wrong. */
static const char *check_header(const gaz_header *h, size_t size) {
  if (h->header_size != sizeof *h || h->rec_size != sizeof(gaz_rec)) return "bad header size";
  if (h->file_size != size) return "size mismatch (truncated image?)";
  if (!sect_ok(h->rec_off, h->nrec, sizeof(gaz_rec), size) || h->rec_off < sizeof *h ||
      !sect_ok(h->str_off, h->str_size, 1, size) || h->str_size == 0 ||
      !sect_ok(h->slot_off, h->nslots, sizeof(gaz_slot), size) ||
      !sect_ok(h->post_off, h->post_words, 4, size) ||
      !sect_ok(h->admin_off, h->nadmin, sizeof(gaz_idx), size) ||
      !sect_ok(h->country_off, h->ncountry, sizeof(gaz_idx), size))
    return "section out of bounds";
  /* sections in the order the writer lays them out, none overlapping the next */
  if (h->rec_off + (uint64_t)h->nrec * sizeof(gaz_rec) > h->str_off ||
      h->str_off + h->str_size > h->slot_off ||
      h->slot_off + (uint64_t)h->nslots * sizeof(gaz_slot) > h->post_off ||
      h->post_off + h->post_words * 4 > h->admin_off ||
      h->admin_off + (uint64_t)h->nadmin * sizeof(gaz_idx) > h->country_off)
    return "sections overlap";
  if (h->nslots == 0 || (h->nslots & (h->nslots - 1))) return "bad hash table size";
  if (h->nkeys >= h->nslots) return "more keys than hash slots";
  const char *base = (const char *)h;
  if (base[h->str_off] != 0 || base[h->str_off + h->str_size - 1] != 0) return "string pool not terminated";
  return NULL;
}

static uint64_t g_gaz_gen; /* open counter (0 = never a valid generation) */

static int corrupt(sr_error *err, const char *name, const char *why) {
  sr_error_at(err, name, 0, -1);
  return sr_error_set(err, SR_EINPUT, "%s: corrupt gazetteer image (%s)", name, why);
}

/* Check the header of map[0..size) and fill a new handle. */
static int attach(sr_gaz **out, void *map, size_t size, int mapped, const char *name, sr_error *err) {
  const gaz_header *h = map;
  if (size < sizeof *h || memcmp(h->magic, GAZ_MAGIC, 8)) return corrupt(err, name, "bad magic: not a gazetteer image");
  if (h->version != GAZ_VERSION) {
    sr_error_at(err, name, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: gazetteer image version %u, expected %u (rebuild it: make gazetteer)",
                        name, h->version, GAZ_VERSION);
  }
  const char *why = check_header(h, size);
  if (why) return corrupt(err, name, why);
  sr_gaz *g = calloc(1, sizeof *g);
  if (!g) return sr_error_set(err, SR_ENOMEM, "out of memory");
  const char *base = map;
  g->gen = __atomic_add_fetch(&g_gaz_gen, 1, __ATOMIC_RELAXED);
  g->map = map;
  g->size = size;
  g->mapped = mapped;
  g->h = h;
  g->rec = (const gaz_rec *)(base + h->rec_off);
  g->str = base + h->str_off;
  g->slot = (const gaz_slot *)(base + h->slot_off);
  g->post = (const uint32_t *)(base + h->post_off);
  g->admin = (const gaz_idx *)(base + h->admin_off);
  g->country = (const gaz_idx *)(base + h->country_off);
  *out = g;
  return 0;
}

int gz_open_mem(sr_gaz **out, const void *map, size_t size, const char *name, sr_error *err) {
  *out = NULL;
  return attach(out, (void *)map, size, 0, name, err);
}

int sr_gaz_open(sr_gaz **out, const char *path, sr_error *err) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot open gazetteer %s: %s", path, strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
    close(fd);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "%s is not a regular file", path);
  }
  size_t size = (size_t)st.st_size;
  if (size < sizeof(gaz_header)) {
    close(fd);
    return corrupt(err, path, "too small for a gazetteer image");
  }
  void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot map %s: %s", path, strerror(errno));
  }
  int rc = attach(out, m, size, 1, path, err);
  if (rc) munmap(m, size);
  return rc;
}

void sr_gaz_close(sr_gaz *g) {
  if (!g) return;
  if (g->mapped) munmap(g->map, g->size);
  free(g);
}

uint32_t sr_gaz_count(const sr_gaz *g) { return g ? g->h->nrec : 0; }

/* ---- the full check */

static const char *check_records(const sr_gaz *g) {
  const gaz_header *h = g->h;
  for (uint32_t i = 0; i < h->nrec; i++) {
    const gaz_rec *r = &g->rec[i];
    if (r->name >= h->str_size || r->ascii >= h->str_size || r->a1name >= h->str_size ||
        r->a2name >= h->str_size || r->a1code >= h->str_size)
      return "record string offset out of range";
    if (!isfinite(r->lat) || !isfinite(r->lon) || fabsf(r->lat) > 90 || fabsf(r->lon) > 180)
      return "record coordinates out of range";
  }
  return NULL;
}

static const char *check_index(const sr_gaz *g) {
  const gaz_header *h = g->h;
  uint64_t used = 0;
  for (uint32_t s = 0; s < h->nslots; s++) {
    const gaz_slot *sl = &g->slot[s];
    if (!sl->key) continue;
    used++;
    if (sl->key >= h->str_size || sl->post >= h->post_words) return "hash slot out of range";
    uint64_t cnt = g->post[sl->post];
    if (cnt > (h->post_words - sl->post - 1) / 2) return "postings run past their section";
    for (uint64_t k = 0; k < cnt; k++)
      if (g->post[sl->post + 1 + 2 * k] >= h->nrec) return "posting record out of range";
  }
  if (used != h->nkeys) return "hash slots do not match the key count";
  const gaz_idx *tabs[2] = {g->admin, g->country};
  uint32_t ns[2] = {h->nadmin, h->ncountry};
  for (int t = 0; t < 2; t++)
    for (uint32_t i = 0; i < ns[t]; i++)
      if (tabs[t][i].rec >= h->nrec || memchr(tabs[t][i].key, 0, sizeof tabs[t][i].key) == NULL ||
          (i && memcmp(tabs[t][i - 1].key, tabs[t][i].key, sizeof tabs[t][i].key) > 0))
        return "admin or country index entry out of range or order";
  return NULL;
}

const char *gz_check_deep(const sr_gaz *g) {
  if (gz_image_sum(g->map, g->size) != g->h->sum) return "checksum mismatch";
  const char *why = check_records(g);
  return why ? why : check_index(g);
}

int sr_gaz_check(const char *path, sr_error *err) {
  sr_gaz *g = NULL;
  int rc = sr_gaz_open(&g, path, err);
  if (rc) return rc;
  const char *why = gz_check_deep(g);
  if (why) rc = corrupt(err, path, why);
  sr_gaz_close(g);
  return rc;
}
