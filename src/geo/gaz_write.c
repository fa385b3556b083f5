/* gaz_write.c - the image writer: postings grouped by key and ranked, the key hash table,
 * the admin1 / country indexes, the header with its checksum; written to PATH.tmp and
 * renamed over PATH.
 */
#include "gaz_build.h"
#include "sitrep/text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
/* ---- image writer ---- */

/* Posting order inside a key: best first (order without the alternate-name
 * bit), then by record. */
static int kent_before(const kent *a, const kent *b) {
  uint32_t oa = a->order >> 1, ob = b->order >> 1;
  return oa != ob ? oa > ob : a->rec < b->rec;
}

static int kent_cmp(const void *pa, const void *pb) {
  const kent *a = pa, *b = pb;
  return kent_before(a, b) ? -1 : kent_before(b, a) ? 1 : 0;
}

static void sort_group(kent *v, size_t n) {
  if (n > 24) {
    qsort(v, n, sizeof *v, kent_cmp);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    kent x = v[i];
    size_t j = i;
    while (j > 0 && kent_before(&x, &v[j - 1])) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

/* Reorder b->ke so that the entries of key id k are ke[start[k] .. start[k+1]),
 * in place (an allCountries-size build has hundreds of MB of entries; a
 * sort with a second buffer would double that): a counting sort on the key
 * id in two passes. start: nkey + 1 entries, filled here. */
static int group_by_key(build *b, uint32_t *start) {
  size_t nk = b->nkey;
  uint32_t *next = malloc((nk + 1) * sizeof *next);
  if (!next) return SR_ENOMEM;
  memset(start, 0, (nk + 1) * sizeof *start);
  for (size_t i = 0; i < b->nke; i++) start[b->ke[i].key + 1]++;
  for (size_t k = 0; k < nk; k++) start[k + 1] += start[k];
  /* pass 1: into 256 ranges of key ids (256 sequential write streams, cache
   * friendly); pass 2 then moves entries only inside a range (~1/256 of the
   * array), so its random accesses stay in cache */
  unsigned shift = 0;
  while ((nk >> shift) > 255) shift++;
  size_t nb = (nk >> shift) + 1;
  uint32_t bnext[257], bend[257];
  for (size_t r = 0; r < nb; r++) {
    size_t k0 = r << shift, k1 = (r + 1) << shift;
    bnext[r] = start[k0];
    bend[r] = start[k1 < nk ? k1 : nk];
  }
  for (size_t r = 0; r < nb; r++) {
    while (bnext[r] < bend[r]) {
      kent e = b->ke[bnext[r]];
      size_t t;
      while ((t = e.key >> shift) != r) {
        kent x = b->ke[bnext[t]];
        b->ke[bnext[t]++] = e;
        e = x;
      }
      b->ke[bnext[r]++] = e;
    }
  }
  memcpy(next, start, nk * sizeof *next);
  for (size_t k = 0; k < nk; k++) {
    while (next[k] < start[k + 1]) {
      kent e = b->ke[next[k]];
      while (e.key != k) { /* move e to its group, pick up what was there */
        kent t = b->ke[next[e.key]];
        b->ke[next[e.key]++] = e;
        e = t;
      }
      b->ke[next[k]++] = e;
    }
  }
  free(next);
  return 0;
}

static int idx_cmp(const void *a, const void *b) {
  return memcmp(((const gaz_idx *)a)->key, ((const gaz_idx *)b)->key, 24);
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static int write_all(FILE *f, const void *p, size_t n) {
  return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int write_pad(FILE *f, size_t n) {
  static const char z[8];
  return write_all(f, z, n);
}

typedef struct {
  uint64_t h;
  uint32_t key, post;
} ukey;

/* Checksum the written image (read back through a mapping of the file: the writer streams
 * its sections, the sum covers all of them) and store it in the header. */
static int seal_image(int fd, uint64_t size) {
  void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) return -1;
  uint64_t sum = gz_image_sum(m, (size_t)size);
  munmap(m, (size_t)size);
  return pwrite(fd, &sum, sizeof sum, offsetof(gaz_header, sum)) == (ssize_t)sizeof sum ? 0 : -1;
}

/* The "CC.A1" -> ADM1 and "CC" -> PCLI indexes, sorted; *adm, *cty malloc'd (caller frees). */
static int area_indexes(build *b, gaz_idx **adm_out, size_t *nadm_out, gaz_idx **cty_out, size_t *ncty_out) {
  size_t nadm = 0, ncty = 0;
  gaz_idx *adm = *adm_out = calloc(b->nadm + 1, sizeof *adm);
  gaz_idx *cty = *cty_out = calloc(b->ncty + 1, sizeof *cty);
  if (!adm || !cty) return SR_ENOMEM;
  for (size_t i = 0; i < b->nrec; i++) {
    const gaz_rec *g = &b->rec[i];
    if (g->fclass != 'A') continue;
    /* fcode is zero-padded, not always NUL-terminated: compare "ADM1" + NUL */
    if (memcmp(g->fcode, "ADM1", sizeof "ADM1") == 0 && nadm < b->nadm) {
      snprintf(adm[nadm].key, 24, "%s.%s", g->cc, b->str.d + g->a1code);
      adm[nadm++].rec = (uint32_t)i;
    } else if (memcmp(g->fcode, "PCLI", sizeof "PCLI") == 0 && ncty < b->ncty) {
      memcpy(cty[ncty].key, g->cc, 2);
      cty[ncty++].rec = (uint32_t)i;
    }
  }
  qsort(adm, nadm, sizeof *adm, idx_cmp);
  qsort(cty, ncty, sizeof *cty, idx_cmp);
  *nadm_out = nadm;
  *ncty_out = ncty;
  return 0;
}

/* Write the image laid out in *h to out_path.tmp, checksum it, rename it over out_path.
 * parts: records, names (str_n bytes), keys (kp_n bytes), slots, postings, admin index,
 * country index (all borrowed). */
static int write_file(const char *out_path, const gaz_header *h, const void *const parts[7], size_t str_n,
                      size_t kp_n, sr_error *err) {
  char tmp[4096];
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", out_path) >= sizeof tmp)
    return sr_error_set(err, SR_ELIMIT, "output path too long");
  FILE *f = fopen(tmp, "w+b"); /* read back by seal_image */
  if (!f) {
    sr_error_at(err, tmp, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot create %s: %s", tmp, strerror(errno));
  }
  uint64_t rec_end = h->rec_off + (uint64_t)h->nrec * sizeof(gaz_rec), post_end = h->post_off + h->post_words * 4;
  int wr = 0;
  wr |= write_all(f, h, sizeof *h);
  wr |= write_pad(f, h->rec_off - sizeof *h);
  wr |= write_all(f, parts[0], h->nrec * sizeof(gaz_rec));
  wr |= write_pad(f, h->str_off - rec_end);
  wr |= write_all(f, parts[1], str_n);
  wr |= write_all(f, parts[2], kp_n);
  wr |= write_pad(f, h->str_size - str_n - kp_n);
  wr |= write_all(f, parts[3], h->nslots * sizeof(gaz_slot));
  wr |= write_all(f, parts[4], h->post_words * 4);
  wr |= write_pad(f, h->admin_off - post_end);
  wr |= write_all(f, parts[5], h->nadmin * sizeof(gaz_idx));
  wr |= write_all(f, parts[6], h->ncountry * sizeof(gaz_idx));
  wr |= fflush(f);
  if (!wr) wr |= seal_image(fileno(f), h->file_size);
  wr |= fsync(fileno(f));
  wr |= fclose(f);
  if (wr) {
    unlink(tmp);
    sr_error_at(err, tmp, 0, -1);
    return sr_error_set(err, SR_EIO, "write to %s failed", tmp);
  }
  if (rename(tmp, out_path)) {
    unlink(tmp);
    sr_error_at(err, out_path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot rename %s to %s: %s", tmp, out_path, strerror(errno));
  }
  return 0;
}

int gz_write_image(build *b, const char *out_path, sr_error *err, sr_gaz_stats *st) {
  /* 1. postings per key. The image's string pool is b->str followed by the
   * interned keys (b->kp), so a key's image offset is str.n + its kp offset. */
  size_t nk = b->nkey, str_base = b->str.n;
  ukey *uk = NULL;
  size_t nuk = 0;
  uint32_t *post = NULL, *start = NULL;
  size_t npost = 0;
  uint64_t nnames = 0; /* distinct (key, record) pairs */
  gaz_slot *slot = NULL;
  gaz_idx *adm = NULL, *cty = NULL;
  int rc = 0;
  if (str_base + b->kp.n + 8 > UINT32_MAX) {
    rc = SR_ELIMIT;
    goto out;
  }
  start = malloc((nk + 1) * sizeof *start);
  uk = malloc((nk + 1) * sizeof *uk);
  /* upper bound; pages past npost are never touched */
  post = malloc((nk + 2 * b->nke + 1) * sizeof *post);
  if (!start || !uk || !post || group_by_key(b, start)) {
    rc = SR_ENOMEM;
    goto out;
  }
  for (size_t k = 0; k < nk; k++) {
    size_t i = start[k], j = start[k + 1];
    if (i == j) continue; /* interned, then every entry dropped (capped / historic) */
    sort_group(b->ke + i, j - i);
    if (npost + 1 + 2 * (j - i) > UINT32_MAX) { rc = SR_ELIMIT; goto out; }
    ukey *u = &uk[nuk++];
    const char *ks = b->kp.d + b->koff[k];
    u->h = sr_hash64(ks, strlen(ks));
    u->key = (uint32_t)(str_base + b->koff[k]);
    u->post = (uint32_t)npost;
    size_t cnt_at = npost++;
    uint32_t cnt = 0;
    for (size_t e = i; e < j; e++) {
      if (cnt && post[npost - 2] == b->ke[e].rec) {
        post[npost - 1] |= b->ke[e].mask;
        continue;
      }
      post[npost++] = b->ke[e].rec;
      post[npost++] = b->ke[e].mask;
      cnt++;
    }
    post[cnt_at] = cnt;
    nnames += cnt;
  }
  /* the entries and the intern table are done with: give the memory back
   * before the slot table is allocated */
  free(start);
  start = NULL;
  free(b->ke);
  b->ke = NULL;
  b->nke = b->capke = 0;
  free(b->kslot);
  b->kslot = NULL;
  /* 2. slots */
  size_t nslots = 16;
  while (nslots < nuk * 2) nslots *= 2;
  slot = calloc(nslots, sizeof *slot);
  if (!slot) { rc = SR_ENOMEM; goto out; }
  for (size_t i = 0; i < nuk; i++) {
    size_t s = uk[i].h & (nslots - 1);
    while (slot[s].key) s = (s + 1) & (nslots - 1);
    slot[s].h = uk[i].h;
    slot[s].key = uk[i].key;
    slot[s].post = uk[i].post;
  }
  /* 3. admin / country indexes */
  size_t nadm = 0, ncty = 0;
  if (area_indexes(b, &adm, &nadm, &cty, &ncty)) { rc = SR_ENOMEM; goto out; }
  /* 4. layout */
  size_t str_pad = align8(str_base + b->kp.n) - (str_base + b->kp.n);
  gaz_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, GAZ_MAGIC, 8);
  h.version = GAZ_VERSION;
  h.header_size = sizeof h;
  h.nrec = (uint32_t)b->nrec;
  h.nkeys = (uint32_t)nuk;
  h.nslots = (uint32_t)nslots;
  h.nadmin = (uint32_t)nadm;
  h.ncountry = (uint32_t)ncty;
  h.rec_size = sizeof(gaz_rec);
  h.rec_off = align8(sizeof h);
  h.str_off = align8(h.rec_off + b->nrec * sizeof(gaz_rec));
  h.str_size = str_base + b->kp.n + str_pad;
  h.slot_off = align8(h.str_off + h.str_size);
  h.post_off = align8(h.slot_off + nslots * sizeof(gaz_slot));
  h.post_words = npost;
  h.admin_off = align8(h.post_off + npost * 4);
  h.country_off = align8(h.admin_off + nadm * sizeof(gaz_idx));
  h.file_size = align8(h.country_off + ncty * sizeof(gaz_idx));
  /* 5. write tmp + rename */
  const void *parts[] = {b->rec, b->str.d, b->kp.d, slot, post, adm, cty};
  if ((rc = write_file(out_path, &h, parts, str_base, b->kp.n, err))) goto out;
  if (st) {
    st->records = b->nrec;
    st->names = nnames;
    st->keys = nuk;
    st->image_bytes = h.file_size;
  }
out:
  free(start);
  free(slot);
  free(adm);
  free(cty);
  free(uk);
  free(post);
  if (rc == SR_ENOMEM && (!err || !err->msg[0])) sr_error_set(err, rc, "out of memory writing the image");
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "image over a 32-bit limit");
  return rc;
}

