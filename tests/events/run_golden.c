/* run_golden - golden event tests: sentence -> expected events -> why.
 *
 *   run_golden [-v | --summary] [--check] FILE...
 *
 * File format (plain text, UTF-8, blank line between cases):
 *
 *   # title                         starts a case
 *   text: ...                       repeatable; several lines are joined with "\n"
 *   date: YYYY-MM-DD                optional report date
 *   event: SRC ROOT TGT [@ PLACE | @cc=XX] [~PRECISION]   one per expected event, or
 *   none                            nothing may be coded
 * and under an event line, optional attributes it must also have:
 *   on: YYYY-MM-DD [P]              the event's date (and ACLED time precision 1, 2 or 3)
 *   dead: N | null                  fatalities (null: the text does not say)
 *   hurt: N | null                  injured
 *   acled: TYPE / SUB-TYPE          ACLED event type and sub-type (or TYPE alone)
 *   inter: A B                      ACLED inter codes of source and target (0: no target)
 *   why: ...                        required explanation
 *   known-gap: ...                  optional: a failure is reported as XFAIL
 *
 * SRC/TGT are actor codes (../shared/eval/actors.tsv) or "null"; ROOT is a
 * two-digit CAMEO root. Roots 18/19/20 compare as one class (as the scorer
 * does). "@ PLACE" must equal the event's location name or its admin1 name
 * after folding (case, diacritics, apostrophes, hyphens); "@cc=XX" checks
 * only the location's country; "~admin1" (place, near, admin1, country) also
 * checks the location's precision.
 *
 * A case passes when the produced events and the expected events match one
 * to one (maximum bipartite matching) with no extra event.
 *
 * Exit status: 0 all passed (xfails allowed), 1 some case failed, 2 syntax
 * error in a file, bad usage, or the library context could not be opened.
 * --check parses the files only (no library call beyond linking).
 */
#include "sitrep/gazetteer.h"
#include "sitrep/lexicon.h"
#include "sitrep/sitrep.h"
#include <math.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FILE_BYTES (8u << 20)
#define MAX_EXPECT 32
#define MAX_GOT 256
#define MAX_TEXT 65536

typedef struct expect {
  char src[32], tgt[32]; /* "" = null */
  int root;              /* 1..20 */
  char place[128];       /* "" = no place check */
  char cc[3];            /* "" = no country check */
  char prec[16];         /* "" = no precision check, else place/near/admin1/country */
  char on[11];           /* "" = no date check */
  int on_prec;           /* 0 = no precision check */
  int dead, hurt;        /* NOCHECK, -1 = null, else the count */
  char acled[64], acled_sub[64]; /* "" = no check */
  int inter_s, inter_t;  /* -1 = no check */
  long line;
} expect;
#define NOCHECK (-2)

typedef struct gcase {
  const char *file;
  long line;        /* line of the '#' title */
  char title[256];
  char *text;       /* malloc'd, joined with '\n' */
  size_t text_len;
  int ntext;
  char date[16];
  expect ev[MAX_EXPECT];
  int nev;
  int none;
  char why[512];
  int has_why;
  char gap[256];
  int has_gap;
} gcase;

typedef struct file_stat {
  const char *file;
  int pass, fail, xfail, total;
} file_stat;

static int g_verbose = 0, g_summary = 0, g_check = 0;

/* The canonical codes of ../shared/eval/actors.tsv: a code outside this list
 * can never match the gold, so it is a syntax error in a golden file. */
static const char *const known_codes[] = {
    "ISIS", "SYRGOV", "SDF", "HTS", "HEZBOLLAH", "RUSMIL", "RUSGOV", "TURMIL", "SNA",
    "USCOALITION", "IRQGOV", "PMF", "HOUTHI", "SAUCOALITION", "YEMGOV", "LNA", "LBYGOV",
    "UKRMIL", "RSF", "SAF", "ALSHABAAB", "SOMGOV", "ATMIS", "BOKOHARAM", "ISWAP", "NGAGOV",
    "JNIM", "MLIGOV", "WAGNER", "MMRJUNTA", "PDF", "ARAKANARMY", "M23", "FARDC", "TALIBAN",
    "ISKP", "IDF", "HAMAS", "CIV", "PROTESTERS", "UNKNOWN", "TURGOV", "IRNMIL", "IRNGOV",
    "ISRGOV", "USMIL", "PKK", "PESHMERGA", "AQAP", "STC", "UKRGOV", "CHDGOV", "NERGOV",
    "BFAGOV", "ISSAHEL", "AZAWAD", "MNDAA", "KIA", "RWAMIL", "RWAGOV", "CODGOV", "WAZALENDO",
    "MONUSCO", "ADF", "CODECO", "AFGGOV", "NRF", "PAKMIL", "UNIFIL", NULL};

static int known_code(const char *s) {
  for (size_t i = 0; known_codes[i]; i++)
    if (strcmp(known_codes[i], s) == 0) return 1;
  return 0;
}

/* ---- folding: ASCII lower case, Latin diacritics stripped, apostrophes and
 * quote marks dropped, '-' '_' '.' ',' and runs of space collapsed to one
 * space. Enough for GeoNames-style names; unknown code points pass through. */
static int utf8_decode(const unsigned char *s, size_t n, unsigned *cp) {
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if ((s[0] & 0xE0) == 0xC0 && n >= 2) { *cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu); return 2; }
  if ((s[0] & 0xF0) == 0xE0 && n >= 3) {
    *cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    return 3;
  }
  if ((s[0] & 0xF8) == 0xF0 && n >= 4) {
    *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    return 4;
  }
  *cp = 0xFFFD;
  return 1;
}

/* ASCII base letter of a Latin-1 / Latin Extended-A code point, 0 if none. */
static char latin_base(unsigned cp) {
  /* U+00C0 .. U+00FF; '_' = no base letter (multiplication/division sign,
   * sharp s which fold() expands itself) */
  static const char l1[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyt_aaaaaaaceeeeiiiidnooooo_ouuuuyty";
  /* U+0100 .. U+017F */
  static const char ea[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
                           "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  char c = 0;
  if (cp >= 0xC0 && cp <= 0xFF) c = l1[cp - 0xC0];
  else if (cp >= 0x100 && cp <= 0x17F) c = ea[cp - 0x100];
  return c == '_' ? 0 : c;
}

static void fold(const char *in, char *out, size_t outsz) {
  size_t o = 0, n = strlen(in);
  int space = 1; /* suppress leading space */
  const unsigned char *s = (const unsigned char *)in;
  for (size_t i = 0; i < n && o + 5 < outsz;) {
    unsigned cp;
    int k = utf8_decode(s + i, n - i, &cp);
    const unsigned char *src = s + i;
    i += (size_t)k;
    if (cp == '\'' || cp == '`' || cp == '"' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BF ||
        cp == 0x02BE || cp == 0x02BC || cp == 0x00B4)
      continue;
    if (cp == ' ' || cp == '\t' || cp == '-' || cp == '_' || cp == '.' || cp == ',' ||
        cp == 0x2010 || cp == 0x2013 || cp == 0x2014 || cp == 0xA0) {
      if (!space) out[o++] = ' ';
      space = 1;
      continue;
    }
    space = 0;
    if (cp < 0x80) {
      out[o++] = (char)tolower((int)cp);
    } else if (cp == 0xDF) {
      out[o++] = 's';
      out[o++] = 's';
    } else if (latin_base(cp)) {
      out[o++] = latin_base(cp);
    } else {
      for (int j = 0; j < k; j++) out[o++] = (char)src[j];
    }
  }
  while (o > 0 && out[o - 1] == ' ') o--;
  out[o] = 0;
}

static int fold_eq(const char *a, const char *b) {
  char fa[512], fb[512];
  if (!a || !b) return 0;
  fold(a, fa, sizeof fa);
  fold(b, fb, sizeof fb);
  return fa[0] && strcmp(fa, fb) == 0;
}

/* ---- parsing */
static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = 0;
  return s;
}

static int syn_errors = 0;
static void syn(const char *file, long line, const char *fmt, const char *arg) {
  fprintf(stderr, "%s:%ld: syntax error: ", file, line);
  fprintf(stderr, fmt, arg ? arg : "");
  fputc('\n', stderr);
  syn_errors++;
}

/* Codes beyond actors.tsv (states' ISO3+MIL/GOV, other conflicts' groups) must be ids the
 * lexicon has: looked up in the image named by $SITREP_LEXICON (opened once). Without it
 * (--check on a bare checkout) a well-formed code is accepted. */
static int lexicon_code(const char *s) {
  static sr_lex *lx = NULL;
  static int tried = 0;
  if (!tried) {
    tried = 1;
    const char *path = getenv("SITREP_LEXICON");
    sr_error err;
    sr_error_clear(&err);
    if (path && *path && sr_lex_open(&lx, path, &err)) lx = NULL;
    if (!path || !*path) return 1;
  }
  return lx ? sr_lex_actor_by_code(lx, s) >= 0 : 1;
}

static int valid_code(const char *s) {
  if (strcmp(s, "null") == 0) return 1;
  if (!*s || strlen(s) >= 32) return 0;
  for (const char *p = s; *p; p++)
    if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) return 0;
  return known_code(s) || lexicon_code(s);
}

static int valid_date(const char *d);

/* an attribute line under an event: on, dead, hurt, acled, inter */
static void parse_attr(const char *file, long line, const char *key, char *v, expect *e) {
  if (!strcmp(key, "on")) {
    char d[16] = "";
    int p = 0, n = sscanf(v, "%15s %d", d, &p);
    if (n < 1 || !valid_date(d) || (n == 2 && (p < 1 || p > 3))) {
      syn(file, line, "on: expected 'YYYY-MM-DD [1|2|3]', got '%s'", v);
      return;
    }
    snprintf(e->on, sizeof e->on, "%s", d);
    e->on_prec = n == 2 ? p : 0;
  } else if (!strcmp(key, "dead") || !strcmp(key, "hurt")) {
    int n = -1;
    char *end = NULL;
    if (strcmp(v, "null") != 0) {
      long x = strtol(v, &end, 10);
      if (!*v || *end || x < 0 || x > 1000000) {
        syn(file, line, "dead/hurt: expected a count or 'null', got '%s'", v);
        return;
      }
      n = (int)x;
    }
    if (!strcmp(key, "dead")) e->dead = n;
    else e->hurt = n;
  } else if (!strcmp(key, "acled")) {
    char *slash = strchr(v, '/');
    if (slash && slash[1] != 0 && strncmp(v, "Explosions", 10) == 0 && strncmp(slash, "/Remote", 7) == 0)
      slash = strchr(slash + 1, '/'); /* "Explosions/Remote violence / Air/drone strike" */
    if (slash) *slash = 0;
    snprintf(e->acled, sizeof e->acled, "%s", trim(v));
    if (slash) snprintf(e->acled_sub, sizeof e->acled_sub, "%s", trim(slash + 1));
    if (!e->acled[0]) syn(file, line, "acled: expected 'TYPE [/ SUB-TYPE]'%s", "");
  } else {
    int a, b;
    if (sscanf(v, "%d %d", &a, &b) != 2 || a < 0 || a > 8 || b < 0 || b > 8) {
      syn(file, line, "inter: expected two codes 0..8, got '%s'", v);
      return;
    }
    e->inter_s = a, e->inter_t = b;
  }
}

static void parse_event(const char *file, long line, char *v, gcase *c) {
  if (c->nev >= MAX_EXPECT) {
    syn(file, line, "too many events in one case%s", "");
    return;
  }
  expect *e = &c->ev[c->nev];
  memset(e, 0, sizeof *e);
  e->line = line;
  char *tilde = strchr(v, '~');
  if (tilde) {
    *tilde = 0;
    char *pr = trim(tilde + 1);
    if (strcmp(pr, "place") && strcmp(pr, "near") && strcmp(pr, "admin1") && strcmp(pr, "country")) {
      syn(file, line, "bad precision '~%s' (place, near, admin1, country)", pr);
      return;
    }
    snprintf(e->prec, sizeof e->prec, "%s", pr);
  }
  char *at = strchr(v, '@');
  if (at) {
    *at = 0;
    char *p = trim(at + 1);
    if (strncmp(p, "cc=", 3) == 0) {
      char *cc = trim(p + 3);
      if (strlen(cc) != 2 || !isupper((unsigned char)cc[0]) || !isupper((unsigned char)cc[1])) {
        syn(file, line, "bad country code '@cc=%s' (two upper-case letters)", cc);
        return;
      }
      memcpy(e->cc, cc, 3);
    } else {
      if (!*p || strlen(p) >= sizeof e->place) {
        syn(file, line, "empty or overlong place after '@'%s", "");
        return;
      }
      snprintf(e->place, sizeof e->place, "%s", p);
    }
  }
  char *tok[4];
  int nt = 0;
  for (char *t = strtok(v, " \t"); t; t = strtok(NULL, " \t")) {
    if (nt == 3) {
      syn(file, line, "event: expected 'SOURCE ROOT TARGET [@ PLACE]', extra '%s'", t);
      return;
    }
    tok[nt++] = t;
  }
  if (nt != 3) {
    syn(file, line, "event: expected 'SOURCE ROOT TARGET [@ PLACE]'%s", "");
    return;
  }
  if (!valid_code(tok[0])) { syn(file, line, "unknown source actor code '%s'", tok[0]); return; }
  if (!valid_code(tok[2])) { syn(file, line, "unknown target actor code '%s'", tok[2]); return; }
  if (strlen(tok[1]) != 2 || !isdigit((unsigned char)tok[1][0]) ||
      !isdigit((unsigned char)tok[1][1]) || atoi(tok[1]) < 1 || atoi(tok[1]) > 20) {
    syn(file, line, "bad CAMEO root '%s' (two digits, 01..20)", tok[1]);
    return;
  }
  if (strcmp(tok[0], "null") != 0) snprintf(e->src, sizeof e->src, "%s", tok[0]);
  if (strcmp(tok[2], "null") != 0) snprintf(e->tgt, sizeof e->tgt, "%s", tok[2]);
  e->root = atoi(tok[1]);
  e->dead = e->hurt = NOCHECK;
  e->inter_s = e->inter_t = -1;
  c->nev++;
}

static int valid_date(const char *d) {
  if (strlen(d) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (d[i] != '-') return 0;
    } else if (!isdigit((unsigned char)d[i])) {
      return 0;
    }
  }
  return 1;
}

static void finish_case(gcase *c) {
  if (!c->ntext) syn(c->file, c->line, "case has no 'text:' line%s", "");
  if (!c->nev && !c->none) syn(c->file, c->line, "case has neither 'event:' lines nor 'none'%s", "");
  if (!c->has_why) syn(c->file, c->line, "case has no 'why:' line%s", "");
}

static int append_text(gcase *c, const char *v) {
  size_t n = strlen(v);
  size_t need = c->text_len + (c->ntext ? 1 : 0) + n + 1;
  if (need > MAX_TEXT) return -1;
  char *t = realloc(c->text, need);
  if (!t) return -1;
  c->text = t;
  if (c->ntext) c->text[c->text_len++] = '\n';
  memcpy(c->text + c->text_len, v, n);
  c->text_len += n;
  c->text[c->text_len] = 0;
  c->ntext++;
  return 0;
}

/* Parse one file, appending cases to *cases. */
static void parse_file(const char *file, gcase **cases, size_t *ncases, size_t *cap) {
  sr_error err;
  char *buf = NULL;
  size_t len = 0;
  if (sr_read_all(file, MAX_FILE_BYTES, &buf, &len, &err) != 0) {
    fprintf(stderr, "%s: cannot read: %s\n", file, err.msg);
    syn_errors++;
    return;
  }
  gcase *cur = NULL;
  long lineno = 0;
  char *p = buf, *end = buf + len;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *lineend = nl ? nl : end;
    *lineend = 0;
    char *line = p;
    p = nl ? nl + 1 : end;
    lineno++;
    char *t = trim(line);
    if (lineno == 1 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB &&
        (unsigned char)t[2] == 0xBF)
      t += 3;
    if (!*t) continue;
    if (t[0] == '#') {
      if (cur) finish_case(cur);
      if (*ncases == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        gcase *g = realloc(*cases, nc * sizeof *g);
        if (!g) { fprintf(stderr, "out of memory\n"); exit(2); }
        *cases = g;
        *cap = nc;
      }
      cur = &(*cases)[(*ncases)++];
      memset(cur, 0, sizeof *cur);
      cur->file = file;
      cur->line = lineno;
      snprintf(cur->title, sizeof cur->title, "%s", trim(t + 1));
      continue;
    }
    if (!cur) {
      syn(file, lineno, "line outside a case (a case starts with '# title')%s", "");
      continue;
    }
    if (strcmp(t, "none") == 0) {
      if (cur->none || cur->nev) syn(file, lineno, "'none' together with events or twice%s", "");
      cur->none = 1;
      continue;
    }
    char *colon = strchr(t, ':');
    if (!colon) {
      syn(file, lineno, "expected 'key: value' (text, date, event, on, dead, hurt, acled, inter, why, known-gap) or 'none'%s", "");
      continue;
    }
    *colon = 0;
    char *key = trim(t), *val = trim(colon + 1);
    if (strcmp(key, "text") == 0) {
      if (!*val) syn(file, lineno, "empty text%s", "");
      else if (cur->nev || cur->none || cur->has_why)
        syn(file, lineno, "'text:' after the expectations%s", "");
      else if (append_text(cur, val)) syn(file, lineno, "text too long%s", "");
    } else if (strcmp(key, "date") == 0) {
      if (!valid_date(val)) syn(file, lineno, "bad date '%s' (YYYY-MM-DD)", val);
      else if (cur->date[0]) syn(file, lineno, "second 'date:' line%s", "");
      else snprintf(cur->date, sizeof cur->date, "%s", val);
    } else if (strcmp(key, "event") == 0) {
      if (cur->none) syn(file, lineno, "'event:' after 'none'%s", "");
      else parse_event(file, lineno, val, cur);
    } else if (!strcmp(key, "on") || !strcmp(key, "dead") || !strcmp(key, "hurt") || !strcmp(key, "acled") ||
               !strcmp(key, "inter")) {
      if (!cur->nev) syn(file, lineno, "'%s:' must follow an 'event:' line", key);
      else parse_attr(file, lineno, key, val, &cur->ev[cur->nev - 1]);
    } else if (strcmp(key, "why") == 0) {
      if (cur->has_why) syn(file, lineno, "second 'why:' line%s", "");
      else if (!*val) syn(file, lineno, "empty why%s", "");
      snprintf(cur->why, sizeof cur->why, "%s", val);
      cur->has_why = 1;
    } else if (strcmp(key, "known-gap") == 0) {
      if (!*val) syn(file, lineno, "known-gap needs a reason%s", "");
      snprintf(cur->gap, sizeof cur->gap, "%s", val);
      cur->has_gap = 1;
    } else {
      syn(file, lineno, "unknown key '%s'", key);
    }
  }
  if (cur) finish_case(cur);
  free(buf);
}

/* ---- matching */
static int root_class(int r) { return (r == 18 || r == 19 || r == 20) ? 19 : r; }

static int event_root(const sr_event *e) {
  if (!isdigit((unsigned char)e->cameo[0]) || !isdigit((unsigned char)e->cameo[1])) return -1;
  return (e->cameo[0] - '0') * 10 + (e->cameo[1] - '0');
}

static const char *src_id(const sr_event *e) {
  return (e->has_source && e->source.id && *e->source.id) ? e->source.id : NULL;
}
static const char *tgt_id(const sr_event *e) {
  return (e->has_target && e->target.id && *e->target.id) ? e->target.id : NULL;
}

static int same_actor(const char *want, const char *got) {
  if (!want[0]) return got == NULL || strcmp(got, "null") == 0;
  return got && strcasecmp(want, got) == 0;
}

/* The gazetteer, when one is available, lets "@ Wad Madani" accept the event placed at
 * GeoNames' "Wad Medani": a candidate of the expected name within 25 km of the event. */
static sr_gaz *gaz;

static double km_between(double la1, double lo1, double la2, double lo2) {
  double r = 3.14159265358979 / 180.0;
  double dp = (la2 - la1) * r, dl = (lo2 - lo1) * r;
  double h = sin(dp / 2) * sin(dp / 2) + cos(la1 * r) * cos(la2 * r) * sin(dl / 2) * sin(dl / 2);
  return 2 * 6371.0 * asin(fmin(1.0, sqrt(h)));
}

static int place_near(const char *want, const sr_event *e) {
  if (!gaz) return 0;
  uint32_t idx[16];
  int n = sr_gaz_lookup(gaz, want, strlen(want), idx, 16);
  for (int k = 0; k < n; k++) {
    sr_place p;
    if (sr_gaz_get(gaz, idx[k], &p) == 0 && km_between(p.lat, p.lon, e->location.lat, e->location.lon) <= 25.0)
      return 1;
  }
  return 0;
}

static int ev_match(const expect *x, const sr_event *e) {
  if (!same_actor(x->src, src_id(e))) return 0;
  if (!same_actor(x->tgt, tgt_id(e))) return 0;
  if (root_class(x->root) != root_class(event_root(e))) return 0;
  if (x->place[0]) {
    if (!e->has_location) return 0;
    if (!fold_eq(x->place, e->location.name) && !fold_eq(x->place, e->location.admin1) &&
        !place_near(x->place, e))
      return 0;
  }
  if (x->cc[0]) {
    if (!e->has_location) return 0;
    if (strncasecmp(x->cc, e->location.country, 2) != 0) return 0;
  }
  if (x->prec[0] && (!e->has_location || !e->location.precision || strcmp(x->prec, e->location.precision)))
    return 0;
  if (x->on[0] && (!e->date || strcmp(x->on, e->date))) return 0;
  if (x->on_prec && x->on_prec != e->time_precision) return 0;
  if (x->dead != NOCHECK && x->dead != (e->fatalities < 0 ? -1 : e->fatalities)) return 0;
  if (x->hurt != NOCHECK && x->hurt != (e->injured < 0 ? -1 : e->injured)) return 0;
  if (x->acled[0] && (!e->acled || strcmp(x->acled, e->acled))) return 0;
  if (x->acled_sub[0] && (!e->acled_sub || strcmp(x->acled_sub, e->acled_sub))) return 0;
  if (x->inter_s >= 0 && x->inter_s != e->source.inter) return 0;
  if (x->inter_t >= 0 && x->inter_t != (e->has_target ? e->target.inter : 0)) return 0;
  return 1;
}

/* Kuhn's augmenting paths over adj[expected][got]. */
static int augment(int i, int ng, unsigned char (*adj)[MAX_GOT], int *owner, unsigned char *seen) {
  for (int j = 0; j < ng; j++) {
    if (!adj[i][j] || seen[j]) continue;
    seen[j] = 1;
    if (owner[j] < 0 || augment(owner[j], ng, adj, owner, seen)) {
      owner[j] = i;
      return 1;
    }
  }
  return 0;
}

static void print_expect(const expect *x, int matched) {
  printf("    %s expected %s %02d %s", matched ? "ok " : "MISS", x->src[0] ? x->src : "null",
         x->root, x->tgt[0] ? x->tgt : "null");
  if (x->place[0]) printf(" @ %s", x->place);
  if (x->cc[0]) printf(" @cc=%s", x->cc);
  if (x->prec[0]) printf(" ~%s", x->prec);
  if (x->on[0]) printf(" on %s/%d", x->on, x->on_prec);
  if (x->dead != NOCHECK) printf(" dead %d", x->dead);
  if (x->hurt != NOCHECK) printf(" hurt %d", x->hurt);
  if (x->acled[0]) printf(" [%s / %s]", x->acled, x->acled_sub);
  if (x->inter_s >= 0) printf(" inter %d %d", x->inter_s, x->inter_t);
  printf("   (line %ld)\n", x->line);
}

static void print_got(const sr_event *e, int matched) {
  const char *s = src_id(e), *t = tgt_id(e);
  printf("    %s got      %s %s %s", matched ? "ok " : "XTRA", s ? s : "null", e->cameo,
         t ? t : "null");
  if (e->has_location)
    printf(" @ %s [%s, %.2s, %s]", e->location.name ? e->location.name : "?",
           e->location.admin1 ? e->location.admin1 : "", e->location.country,
           e->location.precision ? e->location.precision : "");
  else
    printf(" @ -");
  printf("  sent %u conf %.2f\n", (unsigned)e->sent, (double)e->confidence);
  printf("         on %s/%d dead %d hurt %d [%s / %s] inter %d %d\n", e->date ? e->date : "-", e->time_precision,
         e->fatalities, e->injured, e->acled ? e->acled : "", e->acled_sub ? e->acled_sub : "", e->source.inter,
         e->has_target ? e->target.inter : 0);
  if (e->text && e->text_len) {
    unsigned n = e->text_len > 200 ? 200 : e->text_len;
    printf("         evidence: \"");
    for (unsigned k = 0; k < n; k++) {
      char ch = e->text[e->text_off + k];
      putchar(ch == '\n' ? ' ' : ch);
    }
    printf("%s\"\n", e->text_len > 200 ? "..." : "");
  }
  if (e->why && *e->why) printf("         why: %s\n", e->why);
}

enum { R_PASS, R_FAIL, R_XFAIL, R_XPASS, R_ERROR };

static int run_case(sr_doc *doc, const gcase *c) {
  sr_error err;
  char id[600];
  snprintf(id, sizeof id, "%s:%ld", c->file, c->line);
  sr_error_clear(&err);
  if (sr_doc_code(doc, id, c->date[0] ? c->date : NULL, c->text, c->text_len, &err) != 0) {
    printf("%s:%ld: %s\n    ERROR sr_doc_code: %s (%s)\n", c->file, c->line, c->title, err.msg,
           sr_strerror(err.code));
    return R_ERROR;
  }
  size_t ng = sr_doc_nevents(doc);
  int over = 0;
  if (ng > MAX_GOT) { ng = MAX_GOT; over = 1; }
  static unsigned char adj[MAX_EXPECT][MAX_GOT];
  int owner[MAX_GOT];
  unsigned char seen[MAX_GOT];
  for (int i = 0; i < c->nev; i++)
    for (size_t j = 0; j < ng; j++) adj[i][j] = (unsigned char)ev_match(&c->ev[i], sr_doc_event(doc, j));
  for (size_t j = 0; j < ng; j++) owner[j] = -1;
  int matched = 0;
  for (int i = 0; i < c->nev; i++) {
    memset(seen, 0, sizeof seen);
    matched += augment(i, (int)ng, adj, owner, seen);
  }
  int ok = !over && matched == c->nev && (size_t)matched == ng;
  int res = ok ? (c->has_gap ? R_XPASS : R_PASS) : (c->has_gap ? R_XFAIL : R_FAIL);
  int show = g_summary ? 0 : (g_verbose || res == R_FAIL || res == R_XPASS);
  if (show) {
    const char *tag = res == R_PASS ? "PASS" : res == R_FAIL ? "FAIL" : res == R_XFAIL ? "XFAIL" : "XPASS";
    printf("%s:%ld: %s: %s\n", c->file, c->line, tag, c->title);
    if (res != R_PASS || g_verbose > 1) {
      printf("    text: ");
      for (size_t k = 0; k < c->text_len; k++) {
        if (c->text[k] == '\n') printf("\n          ");
        else putchar(c->text[k]);
      }
      putchar('\n');
    }
    if (res == R_XPASS) printf("    (known gap now passes; remove the known-gap line: %s)\n", c->gap);
    if (res == R_XFAIL && g_verbose) printf("    known-gap: %s\n", c->gap);
    for (int i = 0; i < c->nev; i++) {
      int m = 0;
      for (size_t j = 0; j < ng; j++) m |= owner[j] == i;
      print_expect(&c->ev[i], m);
    }
    if (c->none) printf("         expected none\n");
    for (size_t j = 0; j < ng; j++) print_got(sr_doc_event(doc, j), owner[j] >= 0);
    if (!ng) printf("         got none\n");
    if (over) printf("    (more than %d events produced; the rest are not shown)\n", MAX_GOT);
    if (res != R_PASS) printf("    why (expected): %s\n", c->why);
  }
  return res;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: run_golden [-v | --summary] [--check] FILE...\n"
          "  Code every case of the golden files and compare with the expected events.\n"
          "  -v         print every case (-vv also prints the text of passing cases)\n"
          "  --summary  print only the totals\n"
          "  --check    only parse the files (syntax check), do not code\n"
          "  Images: $SITREP_LEXICON, $SITREP_GAZETTEER (see sr_ctx_open).\n"
          "  Exit: 0 no failures, 1 failures, 2 syntax or setup error.\n");
}

int main(int argc, char **argv) {
  const char **files = calloc((size_t)argc, sizeof *files);
  int nfiles = 0;
  if (!files) return 2;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0) g_verbose++;
    else if (strcmp(argv[i], "-vv") == 0) g_verbose += 2;
    else if (strcmp(argv[i], "--summary") == 0) g_summary = 1;
    else if (strcmp(argv[i], "--check") == 0) g_check = 1;
    else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) { usage(stdout); free(files); return 0; }
    else if (argv[i][0] == '-' && argv[i][1]) { usage(stderr); free(files); return 2; }
    else files[nfiles++] = argv[i];
  }
  if (!nfiles) { usage(stderr); free(files); return 2; }

  gcase *cases = NULL;
  size_t ncases = 0, cap = 0;
  for (int i = 0; i < nfiles; i++) parse_file(files[i], &cases, &ncases, &cap);
  int rc = 0;
  if (syn_errors) {
    fprintf(stderr, "%d syntax error(s)\n", syn_errors);
    rc = 2;
    goto out;
  }
  if (g_check) {
    printf("%zu cases parsed in %d file(s)\n", ncases, nfiles);
    goto out;
  }

  sr_ctx *ctx = NULL;
  sr_error err;
  sr_error_clear(&err);
  if (sr_ctx_open(&ctx, NULL, &err) != 0) {
    fprintf(stderr, "run_golden: cannot open the sitrep context: %s\n", err.msg);
    rc = 2;
    goto out;
  }
  if (sr_ctx_gazetteer_path(ctx)[0]) {
    sr_error gerr;
    sr_error_clear(&gerr);
    if (sr_gaz_open(&gaz, sr_ctx_gazetteer_path(ctx), &gerr) != 0) gaz = NULL;
  }
  sr_doc *doc = sr_doc_new(ctx);
  if (!doc) {
    fprintf(stderr, "run_golden: out of memory\n");
    sr_ctx_free(ctx);
    rc = 2;
    goto out;
  }
  file_stat *fs = calloc((size_t)nfiles, sizeof *fs);
  if (!fs) { sr_doc_free(doc); sr_ctx_free(ctx); rc = 2; goto out; }
  for (int i = 0; i < nfiles; i++) fs[i].file = files[i];
  int pass = 0, fail = 0, xfail = 0, xpass = 0;
  for (size_t k = 0; k < ncases; k++) {
    const gcase *c = &cases[k];
    file_stat *f = NULL;
    for (int i = 0; i < nfiles; i++)
      if (fs[i].file == c->file) f = &fs[i];
    int r = run_case(doc, c);
    f->total++;
    switch (r) {
    case R_PASS: pass++; f->pass++; break;
    case R_XPASS: pass++; xpass++; f->pass++; break;
    case R_XFAIL: xfail++; f->xfail++; break;
    default: fail++; f->fail++; break;
    }
  }
  if (!g_summary) {
    printf("\nper file:\n");
    for (int i = 0; i < nfiles; i++) {
      printf("  %-40s %3d/%-3d passed", fs[i].file, fs[i].pass, fs[i].total);
      if (fs[i].xfail) printf(", %d xfail", fs[i].xfail);
      putchar('\n');
    }
  }
  if (xfail || xpass) printf("%d xfail (known gaps), %d xpass\n", xfail, xpass);
  printf("%d passed, %d failed\n", pass, fail);
  rc = fail ? 1 : 0;
  free(fs);
  sr_doc_free(doc);
  sr_ctx_free(ctx);
  if (gaz) sr_gaz_close(gaz);
out:
  for (size_t k = 0; k < ncases; k++) free(cases[k].text);
  free(cases);
  free(files);
  return rc;
}
