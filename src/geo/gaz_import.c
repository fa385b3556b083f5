/* gaz_import.c - sr_gaz_build_ex: read the inputs (GeoNames 19-column dumps and
 * supplements, admin1/admin2 lists in text or JSON, countryInfo, the project's countries
 * table) with a capped line reader, synthesize ADM1 / PCLI records, then hand over to
 * gaz_altnames.c and gaz_write.c.
 */
#include "gaz_build.h"
#include "sitrep/text.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
/* ------------------------------------------------------------------ */
/* input kinds                                                          */

enum { K_GEONAMES, K_SUPPLEMENT, K_ADMIN_TXT, K_ADMIN_JSON, K_COUNTRYINFO, K_COUNTRIES, K_ALTNAMES };

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int all_digits(const char *s, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* First line "ID<TAB>GEONAMEID<TAB>lang<TAB>name<TAB>..." with 8 or 10
 * columns, the first two numeric: a GeoNames alternate-names table. */
static int looks_altnames(const char *head) {
  const char *nl = strchr(head, '\n');
  size_t ll = nl ? (size_t)(nl - head) : strlen(head);
  const char *tab[10];
  int tabs = 0;
  for (size_t i = 0; i < ll; i++)
    if (head[i] == '\t') {
      if (tabs == 10) return 0;
      tab[tabs++] = head + i;
    }
  if (tabs != 7 && tabs != 9) return 0;
  return all_digits(head, (size_t)(tab[0] - head)) &&
         all_digits(tab[0] + 1, (size_t)(tab[1] - tab[0] - 1));
}

static int detect_kind(const char *path) {
  const char *bn = base_name(path);
  char head[4096] = {0};
  FILE *f = fopen(path, "rb");
  size_t n = 0;
  if (f) {
    n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
  }
  head[n] = 0;
  if (strcmp(bn, "countries.tsv") == 0 || strncmp(head, "#sitrep-countries", 17) == 0)
    return K_COUNTRIES;
  if (strstr(bn, "countryInfo") || strstr(head, "\n#ISO\t") || strncmp(head, "#ISO\t", 5) == 0)
    return K_COUNTRYINFO;
  if (strncmp(bn, "alternateNames", 14) == 0 || looks_altnames(head)) return K_ALTNAMES;
  const char *p = head;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (ends_with(bn, ".json") || *p == '[') return K_ADMIN_JSON;
  if (strstr(bn, "admin1Codes") || strstr(bn, "admin2Codes")) return K_ADMIN_TXT;
  /* content: first line "XX.code<TAB>name<TAB>ascii<TAB>id" (3 tabs) */
  const char *nl = strchr(head, '\n');
  size_t ll = nl ? (size_t)(nl - head) : strlen(head);
  int tabs = 0;
  for (size_t i = 0; i < ll; i++) tabs += head[i] == '\t';
  if (tabs == 3 && ll > 3 && head[2] == '.') return K_ADMIN_TXT;
  if (ends_with(bn, ".tsv")) return K_SUPPLEMENT;
  return K_GEONAMES;
}


/* Returns length, -1 at EOF, -2 when over the cap (gaz_build.h). The buffer grows by
 * doubling up to GAZ_MAX_LINE + 2 bytes and no further: the cap is checked per byte read. */
long gz_lr_next(lreader *r, int *had_nl) {
  size_t n = 0;
  int c = EOF;
  *had_nl = 0;
  if (!r->buf) {
    if (!(r->buf = malloc(4096))) return -2;
    r->cap = 4096;
  }
  while ((c = getc_unlocked(r->f)) != EOF) {
    if (c == '\n') {
      *had_nl = 1;
      break;
    }
    if (n + 2 > r->cap) {
      if (r->cap >= GAZ_MAX_LINE + 2) { /* one byte over the cap with its NUL: refuse */
        r->line++;
        return -2;
      }
      size_t nc = r->cap * 2;
      if (nc > GAZ_MAX_LINE + 2) nc = GAZ_MAX_LINE + 2;
      char *nb = realloc(r->buf, nc);
      if (!nb) return -2;
      r->buf = nb;
      r->cap = nc;
    }
    r->buf[n++] = (char)c;
  }
  if (c == EOF && n == 0) return -1;
  r->line++;
  if (n > 0 && r->buf[n - 1] == '\r') n--;
  r->buf[n] = 0;
  if (n > GAZ_MAX_LINE) return -2;
  return (long)n;
}

int gz_split_tabs(char *s, char **f, int max) {
  int n = 0;
  f[n++] = s;
  for (char *p = s; *p; p++) {
    if (*p == '\t') {
      *p = 0;
      if (n == max) return max + 1;
      f[n++] = p + 1;
    }
  }
  return n;
}

int gz_parse_u32(const char *s, uint32_t *out, int allow_empty, int clamp) {
  if (!*s) {
    *out = 0;
    return allow_empty ? 0 : -1;
  }
  uint64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    if (p - s > 18) return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (v > UINT32_MAX) {
    if (!clamp) return -1;
    v = UINT32_MAX;
  }
  *out = (uint32_t)v;
  return 0;
}

static int parse_coord(const char *s, double lim, double *out) {
  if (!*s) return -1;
  char *e;
  errno = 0;
  double v = strtod(s, &e);
  if (*e || errno || !isfinite(v) || v < -lim || v > lim) return -1;
  *out = v;
  return 0;
}

static int is_date(const char *s) {
  if (strlen(s) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return 0;
    } else if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return 1;
}

static void copy_field(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

/* ---- admin / country lists (pass 1) ---- */

static int add_admin1(build *b, const char *code, const char *name, const char *ascii,
                      uint32_t gid) {
  long i = gz_smap_get(&b->admmap, code);
  admin_ent *a;
  if (i >= 0 && !b->adm) return SR_ERR; /* cannot happen (admmap indexes adm); for the analyzer */
  if (i < 0) {
    if (GROW(b->adm, b->nadm, b->capadm)) return SR_ENOMEM;
    if (gz_smap_put(&b->admmap, code, (uint32_t)b->nadm)) return SR_ENOMEM;
    a = &b->adm[b->nadm++];
    memset(a, 0, sizeof *a);
    copy_field(a->code, sizeof a->code, code);
  } else {
    a = &b->adm[i];
  }
  int rc = gz_name_add(b, name, strlen(name), &a->name);
  if (!rc) rc = ascii && *ascii && strcmp(ascii, name) ? gz_name_add(b, ascii, strlen(ascii), &a->ascii)
                                                       : (a->ascii = a->name, 0);
  if (gid) a->gid = gid;
  return rc;
}

static int add_admin2(build *b, const char *code, const char *name) {
  uint32_t off;
  int rc = gz_name_add(b, name, strlen(name), &off);
  if (rc) return rc;
  return gz_smap_put(&b->a2map, code, off) ? SR_ENOMEM : 0;
}

static int count_dots(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '.';
  return n;
}

static int valid_code(const char *code, int dots) {
  size_t n = strlen(code);
  if (n < 4 || n > (dots == 1 ? 23 : 100) || code[2] != '.') return 0;
  if (count_dots(code) != dots) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)code[i] <= ' ' || code[i] == '\t') return 0;
  return 1;
}

static int load_admin_json(build *b, const char *path, sr_error *err) {
  char *text;
  size_t len;
  int rc = sr_read_all(path, GAZ_MAX_JSON, &text, &len, err);
  if (rc) return rc;
  const char *ep = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(text, len, &ep, 0);
  if (!root || !cJSON_IsArray(root)) {
    long line = 1;
    if (ep && ep >= text && ep <= text + len)
      for (const char *p = text; p < ep; p++) line += *p == '\n';
    cJSON_Delete(root);
    free(text);
    return gz_fail_at(err, path, line, root ? "admin JSON: expected an array" : "admin JSON: parse error (truncated?)");
  }
  int idx = 0;
  cJSON *it;
  cJSON_ArrayForEach(it, root) {
    idx++;
    cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "code");
    cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
    const char *code = cJSON_IsString(c) ? c->valuestring : NULL;
    const char *name = cJSON_IsString(n) ? n->valuestring : NULL;
    int dots = code ? count_dots(code) : 0;
    if (!code || !name || !*name || (dots != 1 && dots != 2) || !valid_code(code, dots)) {
      char msg[96];
      snprintf(msg, sizeof msg, "admin JSON: element %d lacks a valid \"code\"/\"name\"", idx);
      cJSON_Delete(root);
      free(text);
      return gz_fail_at(err, path, 1, msg);
    }
    rc = dots == 1 ? add_admin1(b, code, name, NULL, 0) : add_admin2(b, code, name);
    if (rc) break;
  }
  cJSON_Delete(root);
  free(text);
  return rc ? sr_error_set(err, rc, "out of memory loading %s", path) : 0;
}

int gz_open_reader(lreader *r, const char *path, sr_error *err) {
  memset(r, 0, sizeof *r);
  r->f = fopen(path, "rb");
  if (!r->f) {
    sr_error_at(err, path, 0, -1);
    return sr_error_set(err, SR_EIO, "cannot open %s: %s", path, strerror(errno));
  }
  return 0;
}

void gz_close_reader(lreader *r) {
  if (r->f) fclose(r->f);
  free(r->buf);
}

static int load_admin_txt(build *b, const char *path, sr_error *err) {
  lreader r;
  int rc = gz_open_reader(&r, path, err), nl;
  if (rc) return rc;
  long n;
  while ((n = gz_lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[8];
    int nf = gz_split_tabs(r.buf, f, 8);
    int dots = count_dots(f[0]);
    if (nf < 2 || nf > 4 || (dots != 1 && dots != 2) || !valid_code(f[0], dots) || !*f[1]) {
      rc = gz_fail_at(err, path, r.line, "admin codes: expected CODE<TAB>name<TAB>asciiname<TAB>geonameid");
      break;
    }
    uint32_t gid = 0;
    if (nf == 4 && gz_parse_u32(f[3], &gid, 1, 0)) {
      rc = gz_fail_at(err, path, r.line, "admin codes: geonameid is not a number");
      break;
    }
    rc = dots == 1 ? add_admin1(b, f[0], f[1], nf >= 3 ? f[2] : NULL, gid) : add_admin2(b, f[0], f[1]);
    if (rc) {
      sr_error_set(err, rc, "out of memory loading %s", path);
      break;
    }
  }
  if (n == -2) rc = gz_fail_at(err, path, r.line, "line longer than 1048576 bytes (GAZ_MAX_LINE): not a text file, or no newlines?");
  gz_close_reader(&r);
  return rc;
}

static country_ent *country_get(build *b, const char *cc) {
  long i = gz_smap_get(&b->ctymap, cc);
  if (i >= 0) return &b->cty[i];
  if (GROW(b->cty, b->ncty, b->capcty)) return NULL;
  if (gz_smap_put(&b->ctymap, cc, (uint32_t)b->ncty)) return NULL;
  country_ent *c = &b->cty[b->ncty++];
  memset(c, 0, sizeof *c);
  memcpy(c->cc, cc, 2);
  return c;
}

static int valid_cc(const char *s) {
  return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int append_alts(char **dst, const char *add) {
  if (!add || !*add) return 0;
  size_t a = *dst ? strlen(*dst) : 0, n = strlen(add);
  char *p = realloc(*dst, a + n + 2);
  if (!p) return SR_ENOMEM;
  if (a) p[a++] = ';';
  memcpy(p + a, add, n + 1);
  *dst = p;
  return 0;
}

/* countries.tsv: cc, English name, "alt; alt", capital lat, capital lon */
static int load_countries(build *b, const char *path, int info, sr_error *err) {
  lreader r;
  int rc = gz_open_reader(&r, path, err), nl;
  if (rc) return rc;
  long n;
  while ((n = gz_lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[24];
    int nf = gz_split_tabs(r.buf, f, 24);
    if (info) {
      uint32_t pop = 0;
      if (nf < 8 || nf > 24 || !valid_cc(f[0]) || !*f[4] || gz_parse_u32(f[7], &pop, 1, 1)) {
        rc = gz_fail_at(err, path, r.line, "countryInfo: expected ISO, ISO3, num, fips, Country, Capital, Area, Population, ...");
        break;
      }
      uint32_t gid = 0;
      if (nf > 16 && gz_parse_u32(f[16], &gid, 1, 0)) {
        rc = gz_fail_at(err, path, r.line, "countryInfo: geonameid (column 17) is not a number");
        break;
      }
      country_ent *c = country_get(b, f[0]);
      if (!c) { rc = sr_error_set(err, SR_ENOMEM, "out of memory"); break; }
      if (!c->name && gz_name_add(b, f[4], strlen(f[4]), &c->name)) { rc = SR_ENOMEM; break; }
      c->pop = pop;
      if (gid && !c->gid) c->gid = gid;
      continue;
    }
    double lat = 0, lon = 0;
    int ll = nf >= 5 && *f[3] && *f[4];
    if (nf < 2 || nf > 5 || !valid_cc(f[0]) || !*f[1] ||
        (ll && (parse_coord(f[3], 90, &lat) || parse_coord(f[4], 180, &lon)))) {
      rc = gz_fail_at(err, path, r.line, "countries: expected CC<TAB>name<TAB>alt; alt<TAB>lat<TAB>lon");
      break;
    }
    country_ent *c = country_get(b, f[0]);
    if (!c) { rc = sr_error_set(err, SR_ENOMEM, "out of memory"); break; }
    if (gz_name_add(b, f[1], strlen(f[1]), &c->name) || (nf >= 3 && append_alts(&c->alts, f[2]))) {
      rc = sr_error_set(err, SR_ENOMEM, "out of memory");
      break;
    }
    if (ll) {
      c->lat = lat;
      c->lon = lon;
      c->have_ll = 1;
    }
  }
  if (n == -2) rc = gz_fail_at(err, path, r.line, "line longer than 1048576 bytes (GAZ_MAX_LINE): not a text file, or no newlines?");
  gz_close_reader(&r);
  return rc;
}

/* ---- GeoNames rows (pass 2) ---- */

static int load_geonames(build *b, const char *path, int supplement, sr_error *err) {
  lreader r;
  int rc = gz_open_reader(&r, path, err), nl = 1;
  if (rc) return rc;
  long n;
  nkeys ks = {malloc(sizeof(nkey) * GAZ_MAX_NAMES_PER_REC), 0, 0};
  if (!ks.k) {
    gz_close_reader(&r);
    return sr_error_set(err, SR_ENOMEM, "out of memory");
  }
  while ((n = gz_lr_next(&r, &nl)) >= 0) {
    if (n == 0 || r.buf[0] == '#') continue;
    char *f[20];
    int nf = gz_split_tabs(r.buf, f, 19);
    const char *why = NULL;
    uint32_t gid = 0, pop = 0;
    double lat = 0, lon = 0;
    if (nf != 19) why = nf < 19 ? "fewer than 19 tab-separated columns (truncated row?)" : "more than 19 columns";
    else if (gz_parse_u32(f[0], &gid, 0, 0) || (gid == 0 && !supplement)) why = "geonameid is not a number";
    else if (!*f[1]) why = "empty name";
    else if (parse_coord(f[4], 90, &lat)) why = "latitude is not a number in [-90, 90]";
    else if (parse_coord(f[5], 180, &lon)) why = "longitude is not a number in [-180, 180]";
    else if (strlen(f[6]) > 1 || (*f[6] && !strchr("AHLPRSTUV", *f[6]))) why = "bad feature class";
    else if (strlen(f[7]) > 10) why = "feature code longer than 10";
    else if (*f[8] && !valid_cc(f[8])) why = "bad country code";
    else if (strlen(f[10]) > 20 || strlen(f[11]) > 80) why = "admin code too long";
    else if (gz_parse_u32(f[14], &pop, 1, 1)) why = "population is not a number";
    else if (!(supplement && !*f[18]) && !is_date(f[18])) why = "modification date is not YYYY-MM-DD (truncated row?)";
    if (why) {
      char msg[200];
      snprintf(msg, sizeof msg, "%s%s", why, nl ? "" : " (last line has no newline)");
      rc = gz_fail_at(err, path, r.line, msg);
      break;
    }
    char fclass = *f[6] ? *f[6] : '?';
    const char *cc = f[8], *a1 = f[10];
    char code[128];
    snprintf(code, sizeof code, "%s.%s", cc, a1);
    /* ADM1 / PCLI rows feed the synthesized area records instead. */
    if (fclass == 'A' && strcmp(f[7], "ADM1") == 0 && *cc && *a1) {
      long ai = gz_smap_get(&b->admmap, code);
      if (ai < 0) {
        if ((rc = add_admin1(b, code, f[1], f[2], gid))) break;
        ai = gz_smap_get(&b->admmap, code);
      }
      b->adm[ai].gid = gid;
      if ((rc = append_alts(&b->adm[ai].alts, f[3]))) break;
      continue;
    }
    if (fclass == 'A' && (strcmp(f[7], "PCLI") == 0 || strcmp(f[7], "PCLD") == 0 ||
                          strcmp(f[7], "PCLIX") == 0) && *cc) {
      country_ent *c = country_get(b, cc);
      if (!c) { rc = SR_ENOMEM; break; }
      c->gid = gid;
      if (!c->name && (rc = gz_name_add(b, f[1], strlen(f[1]), &c->name))) break;
      if ((rc = append_alts(&c->alts2, f[3]))) break;
      if (!c->pop) c->pop = pop;
      continue;
    }
    if (b->nrec >= UINT32_MAX - 1) { rc = sr_error_set(err, SR_ELIMIT, "too many records"); break; }
    if (GROW(b->rec, b->nrec, b->caprec)) { rc = SR_ENOMEM; break; }
    gaz_rec *g = &b->rec[b->nrec];
    memset(g, 0, sizeof *g);
    g->gid = gid;
    g->lat = (float)lat;
    g->lon = (float)lon;
    g->pop = pop;
    memcpy(g->cc, cc, strlen(cc));
    g->fclass = fclass;
    memcpy(g->fcode, f[7], strlen(f[7]));
    g->seat = (uint8_t)gz_seat_of(fclass, f[7]);
    g->rank = gz_rank_of(pop, f[7], fclass);
    if ((rc = gz_name_add(b, f[1], strlen(f[1]), &g->name))) break;
    if (*f[2] && strcmp(f[2], f[1])) {
      if ((rc = gz_name_add(b, f[2], strlen(f[2]), &g->ascii))) break;
    } else {
      g->ascii = g->name;
    }
    if (*a1) {
      long ai = gz_smap_get(&b->admmap, code);
      if (ai >= 0) {
        g->a1name = b->adm[ai].name;
      }
      if ((rc = gz_name_add(b, a1, strlen(a1), &g->a1code))) break;
      if (*f[11]) {
        char c2[256];
        snprintf(c2, sizeof c2, "%s.%s.%s", cc, a1, f[11]);
        long o = gz_smap_get(&b->a2map, c2);
        if (o >= 0) g->a2name = (uint32_t)o;
      }
    }
    uint32_t ri = (uint32_t)b->nrec++;
    /* aggregates for the admin1 / country representative points */
    if (*cc && fclass == 'P') {
      agg *ag = *a1 ? gz_agg_for(b, code) : NULL;
      agg *ac = gz_agg_for(b, cc);
      if ((*a1 && !ag) || !ac) { rc = SR_ENOMEM; break; }
      if (ag) {
        ag->slat += lat; ag->slon += lon; ag->n++;
        if (pop > ag->max_pop) ag->max_pop = pop;
        ag->sum_pop += pop;
        if (strcmp(f[7], "PPLA") == 0 && (ag->cap_rec < 0 || pop > ag->cap_pop)) {
          ag->cap_rec = ri; ag->cap_pop = pop;
        }
      }
      ac->slat += lat; ac->slon += lon; ac->n++;
      if (pop > ac->max_pop) ac->max_pop = pop;
      if (strcmp(f[7], "PPLC") == 0 && (ac->cap_rec < 0 || pop > ac->cap_pop)) {
        ac->cap_rec = ri; ac->cap_pop = pop;
      }
    }
    ks.n = 0;
    gz_nk_add(&ks, f[1], strlen(f[1]));
    if (strcmp(f[2], f[1])) gz_nk_add(&ks, f[2], strlen(f[2])); /* same string, same key and bit */
    gz_nk_add_list(&ks, f[3], ',', 1);
    if ((rc = gz_push_keys(b, ri, &ks))) break;
  }
  if (!rc && n == -2) rc = gz_fail_at(err, path, r.line, "line longer than 1048576 bytes (GAZ_MAX_LINE): not a text file, or no newlines?");
  if (rc == SR_ENOMEM && (!err || err->code != SR_ENOMEM)) sr_error_set(err, rc, "out of memory loading %s", path);
  if (rc == SR_ELIMIT && (!err || !err->msg[0])) sr_error_set(err, rc, "%s: over a 32-bit limit (records, names or string pool)", path);
  if (!rc && ferror(r.f)) {
    sr_error_at(err, path, r.line, -1);
    rc = sr_error_set(err, SR_EIO, "read error in %s", path);
  }
  free(ks.k);
  gz_close_reader(&r);
  return rc;
}

/* ---- synthesized ADM1 / PCLI records ---- */

static int new_area_rec(build *b, uint32_t *ri) {
  if (GROW(b->rec, b->nrec, b->caprec)) return SR_ENOMEM;
  *ri = (uint32_t)b->nrec++;
  memset(&b->rec[*ri], 0, sizeof b->rec[*ri]);
  return 0;
}

static void place_at(build *b, gaz_rec *g, const agg *a) {
  if (a && a->cap_rec >= 0) {
    g->lat = b->rec[a->cap_rec].lat;
    g->lon = b->rec[a->cap_rec].lon;
  } else if (a && a->n) {
    g->lat = (float)(a->slat / a->n);
    g->lon = (float)(a->slon / a->n);
  }
}

static const char *const ADM_SUFFIX[] = {" Governorate", " Province", " State", " Region",
                                         " Oblast", NULL};

static int synth_admin(build *b, nkeys *ks) {
  for (size_t i = 0; i < b->nadm; i++) {
    admin_ent *a = &b->adm[i];
    long gi = gz_smap_get(&b->agmap, a->code);
    agg *ag = gi >= 0 ? &b->ag[gi] : NULL;
    if (!ag || !ag->n) continue; /* no place in this area: no point */
    uint32_t ri;
    if (new_area_rec(b, &ri)) return SR_ENOMEM;
    a = &b->adm[i];
    gaz_rec *g = &b->rec[ri];
    g->gid = a->gid;
    memcpy(g->cc, a->code, 2);
    g->fclass = 'A';
    memcpy(g->fcode, "ADM1", 4);
    g->seat = 1;
    g->name = a->name;
    g->ascii = a->ascii;
    g->a1name = a->name;
    const char *dot = strchr(a->code, '.');
    if (gz_name_add(b, dot + 1, strlen(dot + 1), &g->a1code)) return SR_ENOMEM;
    place_at(b, g, ag);
    g->rank = gz_rank_of((uint32_t)(ag->max_pop * 0.9), "ADM1", 'A');
    /* a province's population: its places' (admin-1 inputs carry none; a floor, as only the
     * places in the inputs count), so "Borno" weighs like the state, not like nothing */
    g->pop = ag->sum_pop > UINT32_MAX ? UINT32_MAX : (uint32_t)ag->sum_pop;
    /* names: name, ascii, name + suffixes, base name without a suffix */
    ks->n = 0;
    const char *names[2] = {b->str.d + a->name, b->str.d + a->ascii};
    for (int k = 0; k < 2; k++) {
      char base[256];
      copy_field(base, sizeof base, names[k]);
      gz_nk_add(ks, base, strlen(base));
      for (int s = 0; ADM_SUFFIX[s]; s++) {
        if (ends_with(base, ADM_SUFFIX[s]) && strlen(base) > strlen(ADM_SUFFIX[s])) {
          base[strlen(base) - strlen(ADM_SUFFIX[s])] = 0;
          gz_nk_add(ks, base, strlen(base));
          break;
        }
      }
      for (int s = 0; ADM_SUFFIX[s]; s++) {
        char tmp[300];
        snprintf(tmp, sizeof tmp, "%s%s", base, ADM_SUFFIX[s]);
        gz_nk_add(ks, tmp, strlen(tmp));
      }
    }
    gz_nk_add_list(ks, a->alts, ',', 1);
    if (gz_push_keys(b, ri, ks)) return SR_ENOMEM;
  }
  return 0;
}

static int synth_country(build *b, nkeys *ks) {
  for (size_t i = 0; i < b->ncty; i++) {
    country_ent *c = &b->cty[i];
    if (!c->name) continue;
    long gi = gz_smap_get(&b->agmap, c->cc);
    agg *ag = gi >= 0 ? &b->ag[gi] : NULL;
    if (!c->have_ll && (!ag || !ag->n)) continue;
    uint32_t ri;
    if (new_area_rec(b, &ri)) return SR_ENOMEM;
    c = &b->cty[i];
    gaz_rec *g = &b->rec[ri];
    g->gid = c->gid;
    memcpy(g->cc, c->cc, 2);
    g->fclass = 'A';
    memcpy(g->fcode, "PCLI", 4);
    g->seat = 2;
    g->pop = c->pop;
    g->name = g->ascii = c->name;
    g->rank = gz_rank_of(ag && ag->max_pop > c->pop ? ag->max_pop : c->pop, "PCLI", 'A');
    if (ag && ag->cap_rec >= 0) place_at(b, g, ag);
    else if (c->have_ll) { g->lat = (float)c->lat; g->lon = (float)c->lon; }
    else place_at(b, g, ag);
    ks->n = 0;
    const char *nm = b->str.d + c->name;
    gz_nk_add(ks, nm, strlen(nm));
    gz_nk_add_list(ks, c->alts, ';', 0);
    gz_nk_add_list(ks, c->alts2, ',', 1);
    if (gz_push_keys(b, ri, ks)) return SR_ENOMEM;
  }
  return 0;
}

/* Expand directories to their *.tsv files (sorted). */
static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_inputs(const char *const *in, int n, char ***out, int *nout, sr_error *err) {
  char **v = NULL;
  size_t nv = 0, cap = 0;
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (stat(in[i], &st)) {
      sr_error_at(err, in[i], 0, -1);
      sr_error_set(err, SR_EIO, "cannot open %s: %s", in[i], strerror(errno));
      goto fail;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (GROW(v, nv, cap)) goto oom;
      if (!(v[nv++] = strdup(in[i]))) goto oom;
      continue;
    }
    DIR *d = opendir(in[i]);
    if (!d) {
      sr_error_at(err, in[i], 0, -1);
      sr_error_set(err, SR_EIO, "cannot open directory %s", in[i]);
      goto fail;
    }
    size_t first = nv;
    struct dirent *de;
    while ((de = readdir(d))) {
      if (de->d_name[0] == '.' || !ends_with(de->d_name, ".tsv")) continue;
      if (GROW(v, nv, cap)) { closedir(d); goto oom; }
      size_t l = strlen(in[i]) + strlen(de->d_name) + 2;
      if (!(v[nv] = malloc(l))) { closedir(d); goto oom; }
      snprintf(v[nv++], l, "%s/%s", in[i], de->d_name);
    }
    closedir(d);
    if (nv > first) qsort(v + first, nv - first, sizeof *v, name_cmp); /* v may be NULL */
  }
  *out = v;
  *nout = (int)nv;
  return 0;
oom:
  sr_error_set(err, SR_ENOMEM, "out of memory");
fail:
  for (size_t i = 0; i < nv; i++) free(v[i]);
  free(v);
  return err && err->code ? err->code : SR_ENOMEM;
}

int sr_gaz_build_ex(const char *const *inputs, int ninputs, const char *out_path,
                    sr_gaz_stats *st, sr_error *err) {
  sr_gaz_stats local;
  if (!st) st = &local;
  memset(st, 0, sizeof *st);
  sr_error_clear(err);
  if (!out_path || ninputs <= 0) return sr_error_set(err, SR_ERR, "no input or no output path");
  char **files = NULL;
  int nfiles = 0;
  int rc = expand_inputs(inputs, ninputs, &files, &nfiles, err);
  if (rc) return rc;
  build b;
  memset(&b, 0, sizeof b);
  uint32_t zero;
  int *kind = calloc((size_t)nfiles + 1, sizeof *kind);
  nkeys ks = {malloc(sizeof(nkey) * GAZ_MAX_NAMES_PER_REC), 0, 0};
  if (!kind || !ks.k || gz_pool_add(&b.str, "", 0, &zero) || gz_pool_add(&b.kp, "", 0, &zero)) {
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
    goto done;
  }
  uint64_t in_bytes = 0;
  for (int i = 0; i < nfiles; i++) {
    kind[i] = detect_kind(files[i]);
    struct stat sb;
    if (stat(files[i], &sb) == 0 && S_ISREG(sb.st_mode)) in_bytes += (uint64_t)sb.st_size;
  }
  /* size the key table once for the inputs (the allCountries-size bench dump
   * has one distinct key per ~135 input bytes); it still grows when too small */
  b.khint = in_bytes / 200 > (1u << 24) ? (1u << 24) : (size_t)(in_bytes / 200);
  /* pass 1: names of areas; pass 2: places */
  for (int i = 0; i < nfiles && !rc; i++) {
    switch (kind[i]) {
    case K_ADMIN_JSON: rc = load_admin_json(&b, files[i], err); break;
    case K_ADMIN_TXT: rc = load_admin_txt(&b, files[i], err); break;
    case K_COUNTRYINFO: rc = load_countries(&b, files[i], 1, err); break;
    case K_COUNTRIES: rc = load_countries(&b, files[i], 0, err); break;
    default: break;
    }
  }
  for (int i = 0; i < nfiles && !rc; i++)
    if (kind[i] == K_GEONAMES || kind[i] == K_SUPPLEMENT)
      rc = load_geonames(&b, files[i], kind[i] == K_SUPPLEMENT, err);
  if (!rc && (synth_admin(&b, &ks) || synth_country(&b, &ks)))
    rc = sr_error_set(err, SR_ENOMEM, "out of memory");
  /* pass 3: alternate names, once every record (and its geonameid) exists */
  int nalt = 0;
  for (int i = 0; i < nfiles; i++) nalt += kind[i] == K_ALTNAMES;
  if (!rc && nalt) {
    altstate as;
    rc = gz_alt_init(&b, &as, st);
    if (rc) sr_error_set(err, rc, "out of memory");
    for (int i = 0; i < nfiles && !rc; i++)
      if (kind[i] == K_ALTNAMES) rc = gz_load_altnames(&b, &as, files[i], err);
    if (!rc && (rc = gz_alt_finish(&b, &as)))
      sr_error_set(err, rc, rc == SR_ELIMIT ? "over a 32-bit limit (names)" : "out of memory");
    gz_alt_free(&as);
  }
  if (!rc && b.nrec == 0) rc = sr_error_set(err, SR_EINPUT, "no place records in the inputs");
  if (!rc) rc = gz_write_image(&b, out_path, err, st);
  if (rc) {
    memset(st, 0, sizeof *st);
  }
done:
  free(ks.k);
  free(kind);
  gz_build_free(&b);
  for (int i = 0; i < nfiles; i++) free(files[i]);
  free(files);
  return rc;
}

int sr_gaz_build_stats(const char *const *inputs, int ninputs, const char *out_path,
                       uint64_t stats[4], sr_error *err) {
  sr_gaz_stats st;
  int rc = sr_gaz_build_ex(inputs, ninputs, out_path, &st, err);
  if (!rc && stats) {
    stats[0] = st.records;
    stats[1] = st.names;
    stats[2] = st.keys;
    stats[3] = st.image_bytes;
  }
  return rc;
}

int sr_gaz_build(const char *const *inputs, int ninputs, const char *out_path, sr_error *err) {
  return sr_gaz_build_ex(inputs, ninputs, out_path, NULL, err);
}
