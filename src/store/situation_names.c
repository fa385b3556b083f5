/* src/store/situation_names.c - one spelling per place, and plain verbs for actions.
 *
 * The store keeps the gazetteer's name of a place ("Ḩamāh", "Al Buşayrah"); the reports
 * say "Hama", "al-Busayrah". A gazetteer name in plain ASCII is shown as it is ("Deir
 * ez-Zor"); any other is shown under the spelling its reports use: the
 * first span of up to SIT_NAME_WORDS words of its evidence with the same gazetteer key
 * (sr_gaz_key: folded, articles and transliteration variants unified; a final "h" is
 * dropped on both sides, Hamah = Hama). When no report spells it, its ASCII form
 * (diacritics and ‘ʿ marks dropped: "Ḩamāh" -> "Hamah"). The gazetteer's spelling is kept
 * as splace.local when it differs, shown in brackets once: "Hama (Ḩamāh)". */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "sitrep/gazetteer.h"
#include "store_internal.h"

#include "situation_internal.h"

#define SIT_NAME_WORDS 4 /* words in a spelling looked for in the evidence */
#define SIT_NAME_TRIES 8 /* evidence sentences searched per name */
#define SIT_NAME_KEY 128 /* bytes of a key */

typedef struct nentry {
  const char *name; /* gazetteer name, NULL = empty slot */
  const char *disp; /* spelling found in a report, NULL until found */
  int tries;
} nentry;

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static nentry *slot(nentry *t, size_t cap, const char *name) {
  size_t i = (size_t)hash_str(name) & (cap - 1);
  while (t[i].name && strcmp(t[i].name, name) != 0) i = (i + 1) & (cap - 1);
  return &t[i];
}

/* key of text[0..n) into out, a final 'h' dropped; its length */
static size_t key_of(const char *text, size_t n, char *out) {
  size_t k = sr_gaz_key(text, n, out, SIT_NAME_KEY);
  if (k >= SIT_NAME_KEY) k = SIT_NAME_KEY - 1;
  if (k > 2 && out[k - 1] == 'h') out[--k] = 0;
  return k;
}

static int word_char(unsigned char c) { return isalnum(c) || c == '-' || c == '\'' || c >= 0x80; }

/* A preposition or article word before a space, other than a capitalised Al/El. */
static int leading_article(const char *p) {
  static const char *const w[] = {"at", "as", "an", "ad", "ar", "az", "ash", "in", "the", "al", "el", "of", NULL};
  for (int i = 0; w[i]; i++) {
    size_t n = strlen(w[i]);
    if (strncasecmp(p, w[i], n) == 0 && p[n] == ' ')
      return !((p[0] == 'A' || p[0] == 'E') && p[1] == 'l');
  }
  return 0;
}

/* The first span of the evidence spelling key, copied into the arena (s NULL: not copied,
 * a pointer into t); NULL when none. */
/* no lower-case letter in t[0..n): a dateline's "HAJIN" */
static int all_caps(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (islower((unsigned char)t[i])) return 0;
  return 1;
}

/* t[0..n) copied with each word's letters after the first in lower case ("HAJIN" -> "Hajin") */
static char *title_case(sit *s, const char *t, size_t n) {
  char *d = sr_arena_strndup(s->ar, t, n);
  for (size_t i = 1; d && i < n; i++)
    if (isalpha((unsigned char)d[i]) && word_char((unsigned char)d[i - 1])) d[i] = (char)tolower((unsigned char)d[i]);
  return d;
}

static const char *spelled(sit *s, const char *t, const char *key) {
  char k2[SIT_NAME_KEY];
  const char *caps = NULL; /* an all-capitals match, used when there is no other */
  size_t caps_n = 0;
  for (const char *p = t; *p; p++) {
    if (!isalpha((unsigned char)*p) || (p > t && word_char((unsigned char)p[-1]))) continue;
    if (leading_article(p)) continue; /* "at Suweida", "At Deir Ezzor": the name starts after it */
    const char *e = p;
    for (int w = 0; w < SIT_NAME_WORDS; w++) {
      while (*e && word_char((unsigned char)*e)) e++;
      size_t n = (size_t)(e - p);
      if (n > 2 && e[-2] == '\'' && e[-1] == 's') n -= 2; /* Aden's */
      if (n < 64 && key_of(p, n, k2) > 0 && strcmp(k2, key) == 0) {
        if (!s) return p; /* only whether it is there */
        if (all_caps(p, n)) { /* "HAJIN, Syria, Nov 27 -": a dateline; look for the name in the text */
          if (!caps) caps = p, caps_n = n;
          break;
        }
        char *d = sr_arena_strndup(s->ar, p, n);
        if (d && islower((unsigned char)d[0])) d[0] = (char)toupper((unsigned char)d[0]);
        return d;
      }
      if (*e != ' ') break;
      e++;
    }
  }
  return caps ? title_case(s, caps, caps_n) : NULL;
}

static int is_ascii(const char *t) {
  for (; *t; t++)
    if ((unsigned char)*t >= 0x80) return 0;
  return 1;
}

int sit_mentions(sit *s, const char *t, const char *loc) {
  char key[SIT_NAME_KEY];
  if (!loc || key_of(loc, strlen(loc), key) == 0) return 0;
  (void)s;
  return spelled(NULL, t, key) != NULL;
}

int sit_from_place(const char *t, const char *loc) {
  char key[SIT_NAME_KEY], k2[SIT_NAME_KEY];
  if (!loc || key_of(loc, strlen(loc), key) == 0) return 0;
  for (const char *p = t; (p = strcasestr(p, "from ")) != NULL; p += 5) {
    if (p > t && isalpha((unsigned char)p[-1])) continue;
    const char *w = p + 5;
    if (strncasecmp(w, "the ", 4) == 0) w += 4;
    const char *e = w;
    for (int n = 0; n < SIT_NAME_WORDS && *e; n++) {
      while (*e && word_char((unsigned char)*e)) e++;
      if ((size_t)(e - w) < 64 && key_of(w, (size_t)(e - w), k2) > 0 && strcmp(k2, key) == 0) return 1;
      if (*e != ' ') break;
      e++;
    }
  }
  return 0;
}

/* ASCII form of a gazetteer name: diacritics stripped, other non-ASCII dropped. */
static const char *ascii_form(sit *s, const char *name) {
  utf8proc_uint8_t *m = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
                                    UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
  if (n < 0 || !m) return name;
  size_t j = 0;
  for (utf8proc_ssize_t i = 0; i < n; i++)
    if (m[i] < 0x80 && (j || m[i] != ' ')) m[j++] = m[i];
  m[j] = 0;
  const char *r = j ? sr_arena_strndup(s->ar, (const char *)m, j) : NULL;
  free(m);
  return r ? r : name;
}

int sit_name_places(sit *s) {
  size_t cap = 64;
  while (cap < (size_t)s->nev * 2 + 2) cap <<= 1;
  nentry *t = calloc(cap, sizeof *t);
  if (!t) return SR_ENOMEM;
  char key[SIT_NAME_KEY];
  for (int i = 0; i < s->nev; i++) {
    nentry *x = slot(t, cap, s->ev[i].loc);
    if (!x->name) x->name = s->ev[i].loc;
    if (!x->disp && is_ascii(x->name)) x->disp = x->name; /* already the English/ASCII name */
    if (x->disp || x->tries >= SIT_NAME_TRIES) continue;
    x->tries++;
    if (key_of(x->name, strlen(x->name), key) > 0) x->disp = spelled(s, s->ev[i].evid, key);
  }
  for (int i = 0; i < s->nev; i++) {
    nentry *x = slot(t, cap, s->ev[i].loc);
    if (!x->disp) x->disp = ascii_form(s, x->name);
    s->ev[i].disp = x->disp;
  }
  for (int p = 0; p < s->npl; p++) {
    splace *g = &s->pl[p];
    g->name = slot(t, cap, g->gname)->disp;
    g->local = strcmp(g->name, g->gname) != 0 ? g->gname : NULL;
    if (g->also) g->also = slot(t, cap, g->also)->disp;
  }
  free(t);
  return 0;
}

/* ---- plain verbs */

const char *sit_plain_action(const char *c, int with_target) {
  static const struct {
    const char *code, *verb;
  } alone[] = {
      {"0871", "agreed a ceasefire"}, {"0872", "eased a siege"}, {"08", "withdrew"},
      {"01", "made a statement"}, {"02", "made an appeal"}, {"04", "held talks"}, {"07", "gave aid"},
      {"10", "made demands"}, {"13", "issued threats"}, {"14", "protested"}, {"15", "deployed forces"},
      {"173", "made arrests"}, {"181", "abducted people"}, {"183", "set off a bomb"}, {"186", "killed people"},
      {"18", "carried out an attack"}, {"191", "laid a siege"}, {"192", "took ground"},
      {"194", "shelled positions"}, {"195", "carried out air strikes"}, {"19", "carried out an attack"},
      {"20", "committed mass violence"},
  }, k[] = {
      {"0871", "agreed a ceasefire with"}, {"0872", "eased a siege of"}, {"087", "withdrew before"},
      {"08", "gave way to"}, {"01", "made a statement on"}, {"02", "appealed to"},
      {"03", "offered to work with"}, {"04", "held talks with"}, {"05", "cooperated with"},
      {"06", "cooperated with"}, {"07", "gave aid to"}, {"09", "investigated"}, {"10", "made demands of"},
      {"11", "criticised"}, {"12", "rejected"}, {"13", "threatened"}, {"14", "protested against"},
      {"15", "deployed forces against"}, {"16", "cut ties with"}, {"173", "arrested"}, {"17", "coerced"},
      {"181", "abducted"}, {"183", "bombed"}, {"186", "killed"}, {"18", "attacked"}, {"191", "besieged"},
      {"192", "took ground from"}, {"193", "clashed with"}, {"194", "shelled"},
      {"195", "carried out air strikes on"}, {"19", "attacked"}, {"20", "committed mass violence against"},
  };
  if (!with_target) {
    for (size_t i = 0; i < sizeof alone / sizeof *alone; i++)
      if (strncmp(c, alone[i].code, strlen(alone[i].code)) == 0) return alone[i].verb;
    return "acted";
  }
  for (size_t i = 0; i < sizeof k / sizeof *k; i++)
    if (strncmp(c, k[i].code, strlen(k[i].code)) == 0) return k[i].verb;
  return "acted against";
}
