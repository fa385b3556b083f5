/* cli/cli_store.c - option helpers of the store commands (see cli_store.h). */
#include "cli_store.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sitrep/text.h"

#define NAME_MAX_LEN 200 /* longest actor or place name looked up */

int cli_names_open(cli_names *n, const sr_ctx_opts *opts, int need_gaz) {
  sr_ctx_opts o = opts ? *opts : (sr_ctx_opts){0};
  o.no_gazetteer = !need_gaz;
  sr_ctx *ctx = NULL;
  sr_error err;
  sr_error_clear(&err);
  /* the context finds the images by the usual search; open our own maps of them */
  if (sr_ctx_open(&ctx, &o, &err)) {
    cli_report(&err, NULL, 0);
    return -1;
  }
  const char *lp = sr_ctx_lexicon_path(ctx);
  int rc;
  if (strncmp(lp, "data/ (", 7) == 0) {
    void *img;
    size_t len;
    rc = sr_lex_build_mem("data", &img, &len, &err);
    if (!rc) rc = sr_lex_open_mem(&n->lex, img, len, &err);
  } else {
    rc = sr_lex_open(&n->lex, lp, &err);
  }
  if (!rc && need_gaz) rc = sr_gaz_open(&n->gaz, sr_ctx_gazetteer_path(ctx), &err);
  sr_ctx_free(ctx);
  if (rc) {
    cli_report(&err, NULL, 0);
    cli_names_close(n);
    return -1;
  }
  return 0;
}

void cli_names_close(cli_names *n) {
  if (n->lex) sr_lex_close(n->lex);
  if (n->gaz) sr_gaz_close(n->gaz);
  n->lex = NULL;
  n->gaz = NULL;
}

static int copy_id(const sr_lex *lx, int32_t k, char *id, size_t cap) {
  const sr_lex_actor *a = sr_lex_actor_at(lx, (uint32_t)k);
  if (!a) return -1;
  snprintf(id, cap, "%s", sr_lex_str(lx, a->code));
  return 0;
}

/* Whole-string match of name against the lexicon: an actor entry, or a
 * country/demonym/capital (optionally followed by a military agent word:
 * "Syrian army") standing for the country's military. */
static int match_name(const sr_lex *lx, const char *name, char *id, size_t cap) {
  sr_arena *a = sr_arena_new(1 << 20);
  sr_text t;
  sr_error err;
  int found = -1;
  if (!a || sr_text_analyze(&t, a, name, strlen(name), &err) || t.ntok == 0) goto done;
  sr_lex_tag(lx, &t);
  const sr_lex_entry *e[16];
  int ne = sr_lex_match(lx, &t, 0, t.ntok, e, 16);
  for (int k = 0; k < ne && found < 0; k++)
    if (e[k]->type == SR_ENT_ACTOR && e[k]->ntok == t.ntok) found = copy_id(lx, (int32_t)e[k]->val, id, cap);
  for (int k = 0; k < ne && found < 0; k++) {
    if (e[k]->type != SR_ENT_COUNTRY && e[k]->type != SR_ENT_ADJ && e[k]->type != SR_ENT_CAPITAL) continue;
    int whole = e[k]->ntok == t.ntok;
    if (!whole) {
      /* "Syrian army", "Syrian forces": the rest is one military agent word */
      const sr_lex_entry *f[8];
      int nf = sr_lex_match(lx, &t, e[k]->ntok, t.ntok, f, 8);
      for (int j = 0; j < nf && !whole; j++)
        whole = f[j]->type == SR_ENT_AGENT && f[j]->val == SR_ROLE_MIL && e[k]->ntok + f[j]->ntok == t.ntok;
    }
    const sr_lex_country *c = sr_lex_country_at(lx, e[k]->val);
    if (whole && c && c->mil >= 0) found = copy_id(lx, c->mil, id, cap);
  }
done:
  sr_arena_free(a);
  return found;
}

int cli_resolve_actor(const cli_names *n, const char *opt, const char *name, char *id, size_t cap) {
  size_t len = strlen(name);
  if (len == 0 || len > NAME_MAX_LEN) {
    cli_errorf("%s: %s", opt, len ? "name too long" : "empty actor name");
    return -1;
  }
  if (sr_lex_actor_by_code(n->lex, name) >= 0) {
    snprintf(id, cap, "%s", name);
    return 0;
  }
  char up[NAME_MAX_LEN + 1];
  for (size_t i = 0; i <= len; i++) up[i] = (char)toupper((unsigned char)name[i]);
  int32_t k = sr_lex_actor_by_code(n->lex, up);
  if (k >= 0) return copy_id(n->lex, k, id, cap);
  if (match_name(n->lex, name, id, cap) == 0) return 0;
  cli_errorf("%s '%s': unknown actor (neither an actor id such as ISIS nor a name or alias "
             "in the lexicon; see 'sitrep lexicon match TEXT')", opt, name);
  return -1;
}

int cli_looks_like_coords(const char *s) {
  while (*s == ' ') s++;
  return isdigit((unsigned char)*s) || *s == '-' || *s == '+' || *s == '.';
}

int cli_resolve_near(const cli_names *n, const char *s, double *lat, double *lon) {
  if (cli_looks_like_coords(s)) {
    char *end;
    errno = 0;
    double a = strtod(s, &end);
    const char *p = end;
    while (*p == ' ') p++;
    int ok = errno == 0 && end != s && *p == ',';
    double b = 0;
    if (ok) {
      const char *q = p + 1;
      b = strtod(q, &end);
      ok = errno == 0 && end != q;
      while (ok && *end == ' ') end++;
      ok = ok && *end == 0 && isfinite(a) && isfinite(b);
    }
    if (!ok) {
      cli_errorf("--near '%s': malformed coordinates (use LAT,LON in degrees, e.g. 35.33,40.14)", s);
      return -1;
    }
    if (a < -90 || a > 90 || b < -180 || b > 180) {
      cli_errorf("--near '%s': latitude must be in [-90, 90] and longitude in [-180, 180]", s);
      return -1;
    }
    *lat = a, *lon = b;
    return 0;
  }
  size_t len = strlen(s);
  uint32_t idx[8];
  int nc = (len && len <= NAME_MAX_LEN && n->gaz) ? sr_gaz_lookup(n->gaz, s, len, idx, 8) : 0;
  sr_place p;
  if (nc <= 0 || sr_gaz_get(n->gaz, idx[0], &p)) {
    cli_errorf("--near '%s': unknown place (not in the gazetteer; give LAT,LON instead)", s);
    return -1;
  }
  *lat = p.lat, *lon = p.lon;
  return 0;
}

int cli_parse_long(const char *opt, const char *s, long min, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < min) {
    cli_errorf("%s '%s': not a whole number >= %ld", opt, s, min);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_parse_km(const char *s, double *km) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !isfinite(v)) {
    cli_errorf("--km '%s': not a number", s);
    return -1;
  }
  if (v <= 0 || v > 20000) {
    cli_errorf("--km %s: the radius must be > 0 and <= 20000 km", s);
    return -1;
  }
  *km = v;
  return 0;
}
