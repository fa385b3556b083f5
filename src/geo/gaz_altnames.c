/* gaz_altnames.c - GeoNames alternate names (alternateNamesV2.txt, alternateNames.txt,
 * alternatenames/XX.txt) added as lookup names of the records of the same build.
 */
#include "gaz_build.h"
#include "sitrep/text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ---- GeoNames alternate names (pass 3, after every record exists) ---- */

#define GAZ_MAX_ALT_LANG 32 /* longest isolanguage accepted */
#define GAZ_MAX_ALT_DATE 32 /* longest from / to field accepted */

/* isolanguage values of alternateNames(V2).txt that tag something other than
 * a place name: websites, Wikidata ids, postal codes, airport and transport
 * codes, abbreviations, pronunciations, pinyin with tones, French
 * revolutionary names. Any other value that is not an ISO 639 code
 * (2-3 lower-case letters, optionally "-Region") is refused too. */
static const char *const ALT_NOT_NAME[] = {"link", "wkdt", "post", "iata", "icao", "faac", "abbr",
                                           "unlp", "tcid", "phon", "piny", "fr_1793", NULL};

static int alt_lang_is_name(const char *lang) {
  if (!*lang) return 1; /* language unknown: still a name */
  for (int i = 0; ALT_NOT_NAME[i]; i++)
    if (strcmp(lang, ALT_NOT_NAME[i]) == 0) return 0;
  size_t n = 0;
  while (lang[n] >= 'a' && lang[n] <= 'z') n++;
  return (n == 2 || n == 3) && (lang[n] == 0 || lang[n] == '-');
}


static size_t gid_slot(uint32_t gid, size_t mask) {
  uint64_t h = (uint64_t)gid * 0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 32) & mask;
}


void gz_alt_free(altstate *a) {
  free(a->gm.gid);
  free(a->gm.rec);
  free(a->nkeys);
  free(a->has_alt);
  free(a->hist);
  memset(a, 0, sizeof *a);
}

int gz_alt_init(build *b, altstate *a, sr_gaz_stats *st) {
  memset(a, 0, sizeof *a);
  a->st = st;
  size_t cap = 16;
  while (cap < b->nrec * 2 + 2) cap *= 2;
  a->gm.mask = cap - 1;
  a->gm.gid = calloc(cap, sizeof *a->gm.gid);
  a->gm.rec = malloc(cap * sizeof *a->gm.rec);
  a->nkeys = calloc(b->nrec + 1, sizeof *a->nkeys);
  a->has_alt = calloc(b->nrec / 8 + 1, 1);
  if (!a->gm.gid || !a->gm.rec || !a->nkeys || !a->has_alt) return SR_ENOMEM;
  for (size_t i = 0; i < b->nrec; i++) {
    uint32_t g = b->rec[i].gid;
    if (!g) continue;
    size_t s = gid_slot(g, a->gm.mask);
    while (a->gm.gid[s]) s = (s + 1) & a->gm.mask;
    a->gm.gid[s] = g;
    a->gm.rec[s] = (uint32_t)i;
  }
  for (size_t i = 0; i < b->nke; i++) {
    uint32_t r = b->ke[i].rec;
    if (a->nkeys[r] < UINT16_MAX) a->nkeys[r]++;
    if (b->ke[i].order & 1u) a->has_alt[r / 8] |= (uint8_t)(1u << (r % 8));
  }
  return 0;
}

static int alt_push(build *b, altstate *a, const kent *e) {
  int rc = gz_push_kent(b, e);
  if (rc) return rc;
  a->nkeys[e->rec]++;
  a->has_alt[e->rec / 8] |= (uint8_t)(1u << (e->rec % 8));
  a->st->alt_added++;
  return 0;
}

int gz_load_altnames(build *b, altstate *a, const char *path, sr_error *err) {
  lreader r;
  int rc = gz_open_reader(&r, path, err), nl = 1;
  if (rc) return rc;
  long n;
  while ((n = gz_lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[11];
    int nf = gz_split_tabs(r.buf, f, 10);
    const char *why = NULL;
    uint32_t aid = 0, gid = 0;
    if (nf != 8 && nf != 10)
      why = nf < 8 ? "alternate names: fewer than 8 tab-separated columns (truncated row?)"
                   : nf > 10 ? "alternate names: more than 10 columns"
                             : "alternate names: expected 8 or 10 columns";
    else if (gz_parse_u32(f[0], &aid, 0, 0)) why = "alternate names: alternateNameId is not a number";
    else if (gz_parse_u32(f[1], &gid, 0, 0) || gid == 0) why = "alternate names: geonameid is not a number";
    else if (strlen(f[2]) > GAZ_MAX_ALT_LANG) why = "alternate names: isolanguage too long";
    else if (!*f[3]) why = "alternate names: empty name";
    else if (nf == 10 && (strlen(f[8]) > GAZ_MAX_ALT_DATE || strlen(f[9]) > GAZ_MAX_ALT_DATE))
      why = "alternate names: from/to too long";
    else
      for (int k = 4; k < 8 && !why; k++)
        if (!(f[k][0] == 0 || ((f[k][0] == '1' || f[k][0] == '0') && f[k][1] == 0)))
          why = "alternate names: isPreferredName/isShortName/isColloquial/isHistoric must be empty, 0 or 1";
    if (why) {
      char msg[200];
      snprintf(msg, sizeof msg, "%s%s", why, nl ? "" : " (last line has no newline)");
      rc = gz_fail_at(err, path, r.line, msg);
      break;
    }
    a->st->alt_lines++;
    if (!alt_lang_is_name(f[2])) {
      a->st->alt_not_name++;
      continue;
    }
    size_t s = gid_slot(gid, a->gm.mask);
    while (a->gm.gid[s] && a->gm.gid[s] != gid) s = (s + 1) & a->gm.mask;
    if (!a->gm.gid[s]) {
      a->st->alt_unknown++;
      continue;
    }
    const char *nm = f[3];
    size_t len = strlen(nm);
    while (len && *nm == ' ') nm++, len--;
    while (len && nm[len - 1] == ' ') len--;
    char key[GAZ_KEY_MAX];
    size_t kl = 0;
    if (!gz_alt_ok(nm, len) || (kl = sr_gaz_key(nm, len, key, sizeof key)) == 0) {
      a->st->alt_filtered++;
      continue;
    }
    int historic = f[7][0] == '1' || (nf == 10 && f[9][0]);
    kent e;
    memset(&e, 0, sizeof e);
    e.mask = gz_exact_bit(nm, len);
    if ((rc = gz_key_intern(b, key, kl, &e.key))) break;
    /* every record with this geonameid (usually one) */
    for (; a->gm.gid[s] && !rc; s = (s + 1) & a->gm.mask) {
      if (a->gm.gid[s] != gid) continue;
      e.rec = a->gm.rec[s];
      if (a->nkeys[e.rec] >= GAZ_MAX_NAMES_PER_REC) {
        a->st->alt_capped++;
        continue;
      }
      e.order = gz_order32(&b->rec[e.rec], 1);
      if (historic) {
        if (GROW(a->hist, a->nhist, a->caphist)) rc = SR_ENOMEM;
        else a->hist[a->nhist++] = e;
      } else {
        rc = alt_push(b, a, &e);
      }
    }
    if (rc) break;
  }
  if (!rc && n == -2) rc = gz_fail_at(err, path, r.line, "line longer than 1048576 bytes (GAZ_MAX_LINE): not a text file, or no newlines?");
  if (rc == SR_ENOMEM && (!err || err->code != SR_ENOMEM)) sr_error_set(err, rc, "out of memory loading %s", path);
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "%s: over a 32-bit limit (names or key pool)", path);
  if (!rc && ferror(r.f)) {
    sr_error_at(err, path, r.line, -1);
    rc = sr_error_set(err, SR_EIO, "read error in %s", path);
  }
  gz_close_reader(&r);
  return rc;
}

/* Historic names are indexed after the current ones, so the per-record cap drops them
 * first. War reporting keeps using them ("Artemivsk" for Bakhmut, "Dnepropetrovsk"); the
 * coder ranks a place's own name above any alternate one, so an old name does not pull a
 * report away from the town that bears it today. */
int gz_alt_finish(build *b, altstate *a) {
  for (size_t i = 0; i < a->nhist; i++) {
    uint32_t r = a->hist[i].rec;
    a->st->alt_historic++;
    if (a->nkeys[r] >= GAZ_MAX_NAMES_PER_REC) {
      a->st->alt_capped++;
      continue;
    }
    int rc = gz_push_kent(b, &a->hist[i]);
    if (rc) return rc;
    a->nkeys[r]++;
    a->st->alt_added++;
  }
  return 0;
}
