/* gaz_open.c - map a gazetteer image and validate it before anything reads it. */
#include "gaz_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
/* ------------------------------------------------------------------ */
/* open / query                                                         */

static int sect_ok(uint64_t off, uint64_t count, uint64_t el, uint64_t size) {
  if (off % 8 || off > size) return 0;
  if (el && count > (size - off) / el) return 0;
  return 1;
}

static uint64_t g_gaz_gen; /* open counter (0 = never a valid generation) */

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
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: not a gazetteer image (too small)", path);
  }
  void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot map %s: %s", path, strerror(errno));
  }
  const gaz_header *h = m;
  const char *why = NULL;
  if (memcmp(h->magic, GAZ_MAGIC, 8)) why = "bad magic (not a gazetteer image)";
  else if (h->version != GAZ_VERSION) why = "unsupported image version";
  else if (h->header_size != sizeof *h || h->rec_size != sizeof(gaz_rec)) why = "bad header size";
  else if (h->file_size != size) why = "size mismatch (truncated image?)";
  else if (!sect_ok(h->rec_off, h->nrec, sizeof(gaz_rec), size) || h->rec_off < sizeof *h ||
           !sect_ok(h->str_off, h->str_size, 1, size) || h->str_size == 0 ||
           !sect_ok(h->slot_off, h->nslots, sizeof(gaz_slot), size) ||
           !sect_ok(h->post_off, h->post_words, 4, size) ||
           !sect_ok(h->admin_off, h->nadmin, sizeof(gaz_idx), size) ||
           !sect_ok(h->country_off, h->ncountry, sizeof(gaz_idx), size))
    why = "section out of bounds";
  else if (h->nslots == 0 || (h->nslots & (h->nslots - 1))) why = "bad hash table size";
  else if (((const char *)m)[h->str_off] != 0 || ((const char *)m)[h->str_off + h->str_size - 1] != 0)
    why = "string pool not terminated";
  if (why) {
    munmap(m, size);
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EINPUT, "%s: %s", path, why);
  }
  sr_gaz *g = calloc(1, sizeof *g);
  if (!g) {
    munmap(m, size);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  const char *base = m;
  g->gen = __atomic_add_fetch(&g_gaz_gen, 1, __ATOMIC_RELAXED);
  g->map = m;
  g->size = size;
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

void sr_gaz_close(sr_gaz *g) {
  if (!g) return;
  munmap(g->map, g->size);
  free(g);
}

uint32_t sr_gaz_count(const sr_gaz *g) { return g ? g->h->nrec : 0; }


/* Per-thread memo of recent lookups. The answer of a lookup depends only on
 * (image, name bytes, max), and documents name the same places over and over,
 * so a direct-mapped table of short names skips the key computation and the
 * cache-missing probes of the slot table and the records. Entries carry the
 * generation of the image they came from (never reused across opens). */