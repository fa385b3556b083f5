/* key.c - variant-tolerant lookup key of a place name (sr_gaz_key).
 *
 * Steps: sr_fold (lower case, diacritics stripped, typographic quotes and
 * dashes to ASCII); split into words on anything that is not a letter or a
 * digit; Latin words: drop Arabic articles (al el ad as az ash ... and the
 * "a" of "a'") when another word follows, and an assimilated article glued to
 * a later word ("Ezzor" -> zor); map Dayr/Dair/Deir -> dir, Tal/Tall/Tell ->
 * tal, Abu/Abou/Albu/Bou -> abu, Umm/Um/Oum -> um, Jabal/Jebel/Djebel ->
 * jabal, Kafr/Kfar/Kefr -> kafr; word endings -iyah/-iyeh/-ieh -> -iya, -eh
 * -> -a, vowel+h -> vowel, Slavic -ov/-ev -> -iv; then over the concatenated
 * words: ou/oo/uu/o/u -> u, ei/ey/ai/ay (before a consonant)/ee/ii/ie/e/i ->
 * i, aw/ow before a consonant -> u, uw before a vowel -> w, y as a vowel -> i,
 * q -> k, ck -> k, dj -> j, doubled letters single. Arabic-script words:
 * article ال, diacritics, tatweel and a final hamza dropped, alef/yeh/teh
 * marbuta/keheh forms unified. Other scripts are kept as folded. */
#include "sitrep/gazetteer.h"
#include "sitrep/text.h"

#include <string.h>

#define KEY_FOLD_MAX 1024
#define KEY_MAX_WORDS 48

typedef struct {
  const char *s; /* into the folded buffer */
  size_t n;
  int apos_after; /* the word is directly followed by an apostrophe */
  int arabic;     /* contains Arabic-script letters */
  int ascii;      /* only ASCII letters/digits */
} kword;

static int is_alnum_ascii(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Decode one UTF-8 code point (lenient, never reads past n). */
static size_t dec(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned char c = s[0];
  size_t len;
  uint32_t v;
  if (c < 0x80) { *cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; }
  else { *cp = 0xFFFD; return 1; }
  if (len > n) { *cp = 0xFFFD; return 1; }
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
    v = (v << 6) | (s[i] & 0x3F);
  }
  *cp = v;
  return len;
}

static int is_arabic_cp(uint32_t cp) {
  return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
         (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* Code points that separate words even though they are not ASCII:
 * Latin-1 punctuation, modifier-letter apostrophes, general punctuation,
 * Arabic comma/full stop, replacement char. */
static int is_sep_cp(uint32_t cp, int *apos) {
  *apos = 0;
  if (cp >= 0x02B0 && cp <= 0x02FF) { *apos = 1; return 1; }
  if (cp >= 0x2000 && cp <= 0x206F) { *apos = (cp == 0x2018 || cp == 0x2019); return 1; }
  if (cp >= 0x00A0 && cp <= 0x00BF) return 1;
  if (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4 || cp == 0xFFFD) return 1;
  if (cp == 0x0621) return 0; /* hamza is a letter */
  return 0;
}

static size_t put_utf8(uint32_t cp, char *o) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) {
    o[0] = (char)(0xC0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

static int weq(const char *s, size_t n, const char *lit) {
  size_t m = strlen(lit);
  return n == m && memcmp(s, lit, n) == 0;
}

static int is_article(const char *s, size_t n) {
  static const char *const art[] = {"al", "el", "ad", "ed", "as", "es", "az", "ez", "ash", "esh",
                                    "at", "et", "an", "en", "ar", "er", "adh", "ath", "il", "ul",
                                    NULL};
  for (int i = 0; art[i]; i++)
    if (weq(s, n, art[i])) return 1;
  return 0;
}

/* Whole-word spelling families. */
static const char *word_map(const char *s, size_t n) {
  static const struct { const char *from, *to; } m[] = {
      {"dayr", "dir"},   {"dair", "dir"},   {"deir", "dir"},   {"der", "dir"},
      {"dier", "dir"},   {"deyr", "dir"},   {"tal", "tal"},    {"tall", "tal"},
      {"tell", "tal"},   {"tel", "tal"},    {"abu", "abu"},    {"abou", "abu"},
      {"albu", "abu"},   {"bou", "abu"},    {"abo", "abu"},    {"umm", "um"},
      {"um", "um"},      {"oum", "um"},     {"omm", "um"},     {"jabal", "jabal"},
      {"jebel", "jabal"}, {"djebel", "jabal"}, {"jabel", "jabal"}, {"jbel", "jabal"},
      {"gebel", "jabal"}, {"kafr", "kafr"},  {"kfar", "kafr"},  {"kefr", "kafr"},
      {"kafar", "kafr"}, {NULL, NULL}};
  for (int i = 0; m[i].from; i++)
    if (weq(s, n, m[i].from)) return m[i].to;
  return NULL;
}

static int ends(const char *s, size_t n, const char *suf) {
  size_t m = strlen(suf);
  return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Word-level rewriting of an ASCII word into w (cap >= n + 4). Returns len. */
static size_t latin_word(const char *s, size_t n, char *w) {
  const char *m = word_map(s, n);
  if (m) {
    size_t k = strlen(m);
    memcpy(w, m, k);
    return k;
  }
  memcpy(w, s, n);
  size_t k = n;
  static const char *const iya[] = {"iyyah", "iyyeh", "iyah", "iyeh", "ieh", NULL};
  int done = 0;
  for (int i = 0; iya[i]; i++) {
    if (k > strlen(iya[i]) + 1 && ends(w, k, iya[i])) {
      k -= strlen(iya[i]);
      memcpy(w + k, "iya", 3);
      k += 3;
      done = 1;
      break;
    }
  }
  if (!done && k > 3 && ends(w, k, "eh")) {
    k -= 2;
    w[k++] = 'a';
  } else if (!done && k > 2 && w[k - 1] == 'h' && is_vowel(w[k - 2])) {
    k--;
  }
  if (k > 3 && (ends(w, k, "ov") || ends(w, k, "ev"))) w[k - 2] = 'i';
  return k;
}

/* Arabic word: strip diacritics/tatweel/article, unify letter forms. */
static size_t arabic_word(const char *s, size_t n, char *o, size_t cap) {
  uint32_t cps[128];
  size_t nc = 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n && nc < 128) {
    uint32_t cp;
    i += dec(p + i, n - i, &cp);
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 ||
        (cp >= 0x06D6 && cp <= 0x06ED))
      continue;
    switch (cp) {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673: cp = 0x0627; break;
    case 0x0649: case 0x06CC: case 0x0626: case 0x06D2: cp = 0x064A; break;
    case 0x0629: case 0x06C0: case 0x06C1: case 0x06BE: cp = 0x0647; break;
    case 0x06A9: case 0x06AA: cp = 0x0643; break;
    case 0x0624: cp = 0x0648; break;
    default: break;
    }
    cps[nc++] = cp;
  }
  size_t b = 0;
  if (nc >= 4 && cps[0] == 0x0627 && cps[1] == 0x0644) b = 2; /* ال */
  while (nc > b + 1 && cps[nc - 1] == 0x0621) nc--;               /* final hamza */
  size_t k = 0;
  for (size_t j = b; j < nc; j++) {
    char tmp[4];
    size_t l = put_utf8(cps[j], tmp);
    if (k + l >= cap) break;
    memcpy(o + k, tmp, l);
    k += l;
  }
  return k;
}

size_t sr_gaz_key(const char *name, size_t len, char *out, size_t cap) {
  char f[KEY_FOLD_MAX];
  if (cap) out[0] = 0;
  if (!name || cap == 0) return 0;
  size_t fl = sr_fold(name, len, f, sizeof f);
  if (fl >= sizeof f) {
    fl = sizeof f - 1;
    while (fl > 0 && ((unsigned char)f[fl] & 0xC0) == 0x80) fl--; /* cut at a code point */
  }
  f[fl] = 0;

  /* 1. words; an apostrophe inside a word (Ta'izz, Ma'rib) is dropped and
   * the word goes on, except after "a"/an article (a'Sultan, al'Ayn). */
  kword w[KEY_MAX_WORDS];
  char wb[KEY_FOLD_MAX];
  size_t wl = 0;
  int nw = 0;
  const unsigned char *p = (const unsigned char *)f;
  kword *cw = NULL;
  for (size_t i = 0; i < fl;) {
    uint32_t cp;
    size_t l = dec(p + i, fl - i, &cp);
    int apos = 0;
    int word_char = cp < 0x80 ? is_alnum_ascii((unsigned char)cp) : !is_sep_cp(cp, &apos);
    if (cp == '\'') apos = 1;
    if (word_char) {
      if (!cw) {
        if (nw >= KEY_MAX_WORDS) break;
        cw = &w[nw++];
        cw->s = wb + wl;
        cw->n = 0;
        cw->apos_after = cw->arabic = 0;
        cw->ascii = 1;
      }
      if (cp >= 0x80) {
        cw->ascii = 0;
        if (is_arabic_cp(cp)) cw->arabic = 1;
      }
      memcpy(wb + wl, f + i, l);
      wl += l;
      cw->n += l;
    } else if (apos && cw && i + l < fl) {
      uint32_t nc;
      int a2 = 0;
      dec(p + i + l, fl - i - l, &nc);
      int next_word = nc < 0x80 ? is_alnum_ascii((unsigned char)nc) : !is_sep_cp(nc, &a2);
      if (!next_word || weq(cw->s, cw->n, "a") || is_article(cw->s, cw->n)) {
        cw->apos_after = 1;
        cw = NULL;
      }
    } else {
      if (cw && apos) cw->apos_after = 1;
      cw = NULL;
    }
    i += l;
  }

  /* 2. word-level rules, concatenate; mark word starts */
  char cat[KEY_FOLD_MAX + 64];
  unsigned char start[KEY_FOLD_MAX + 64];
  size_t cl = 0;
  int first = 1;
  for (int k = 0; k < nw; k++) {
    const char *s = w[k].s;
    size_t n = w[k].n;
    char buf[KEY_FOLD_MAX + 8];
    size_t bn;
    if (w[k].ascii) {
      int has_next = k + 1 < nw;
      if (has_next && is_article(s, n)) continue;
      if (has_next && !first && weq(s, n, "a") && w[k].apos_after) continue;
      /* assimilated article glued on: "Ezzor", "Arraqqa" after a first word */
      if (!first && n >= 5 && (s[0] == 'a' || s[0] == 'e') && s[1] == s[2] &&
          strchr("tdrzsnl", s[1])) {
        s += 2;
        n -= 2;
      }
      bn = latin_word(s, n, buf);
    } else if (w[k].arabic) {
      bn = arabic_word(s, n, buf, sizeof buf);
    } else {
      memcpy(buf, s, n);
      bn = n;
    }
    if (bn == 0) continue;
    if (cl + bn >= sizeof cat) break;
    memcpy(cat + cl, buf, bn);
    memset(start + cl, 0, bn);
    start[cl] = 1;
    cl += bn;
    first = 0;
  }
  cat[cl] = 0;

  /* 3. letter-level normalisation over the concatenation (ASCII only) */
  char t[KEY_FOLD_MAX + 64];
  size_t tl = 0;
  for (size_t q = 0; q < cl;) {
    char c = cat[q];
    char nx = q + 1 < cl && !start[q + 1] ? cat[q + 1] : 0;      /* next in the same word */
    char nn = q + 2 < cl && !start[q + 1] && !start[q + 2] ? cat[q + 2] : 0;
    char pv = q > 0 && !start[q] ? cat[q - 1] : 0;
    char o = c;
    size_t adv = 1;
    if ((unsigned char)c >= 0x80) {
      t[tl++] = c;
      q++;
      continue;
    }
    if ((c == 'o' && (nx == 'u' || nx == 'o')) || (c == 'u' && nx == 'u')) {
      o = 'u'; adv = 2;
    } else if ((c == 'e' && (nx == 'e' || nx == 'i')) || (c == 'i' && (nx == 'i' || nx == 'e')) ||
               (c == 'a' && nx == 'i')) {
      o = 'i'; adv = 2;
    } else if ((c == 'a' || c == 'e') && nx == 'y' && !is_vowel(nn)) {
      o = 'i'; adv = 2;
    } else if ((c == 'a' || c == 'o') && nx == 'w' && !is_vowel(nn) && nn != 'y') {
      o = 'u'; adv = 2;
    } else if (c == 'u' && nx == 'w' && is_vowel(nn)) {
      o = 'w'; adv = 2;
    } else if (c == 'o' || c == 'u') {
      o = 'u';
    } else if (c == 'e') {
      o = 'i';
    } else if (c == 'y') {
      if (start[q]) o = 'y';
      else if (is_vowel(pv) && is_vowel(nx)) o = 'y';
      else o = 'i';
    } else if (c == 'q') {
      o = 'k';
    } else if (c == 'c' && nx == 'k') {
      o = 'k'; adv = 2;
    } else if (c == 'd' && nx == 'j') {
      o = 'j'; adv = 2;
    }
    if (!(tl > 0 && t[tl - 1] == o && (unsigned char)o < 0x80 && !(o >= '0' && o <= '9')))
      t[tl++] = o;
    q += adv;
  }
  t[tl] = 0;
  size_t n = tl < cap - 1 ? tl : cap - 1;
  while (n > 0 && n < tl && ((unsigned char)t[n] & 0xC0) == 0x80) n--;
  memcpy(out, t, n);
  out[n] = 0;
  return n;
}
