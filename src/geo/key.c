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

#include <pthread.h>
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

/* Literal with its length precomputed (no strlen on the hot path). */
#define LIT(x) {x, sizeof(x) - 1}
typedef struct {
  const char *s;
  size_t n;
} klit;

static int is_article(const char *s, size_t n) {
  static const klit art[] = {LIT("al"), LIT("el"), LIT("ad"), LIT("ed"), LIT("as"), LIT("es"),
                             LIT("az"), LIT("ez"), LIT("ash"), LIT("esh"), LIT("at"), LIT("et"),
                             LIT("an"), LIT("en"), LIT("ar"), LIT("er"), LIT("adh"), LIT("ath"),
                             LIT("il"), LIT("ul")};
  if (n < 2 || n > 3) return 0;
  for (size_t i = 0; i < sizeof art / sizeof *art; i++)
    if (art[i].n == n && art[i].s[0] == s[0] && memcmp(s, art[i].s, n) == 0) return 1;
  return 0;
}

/* Whole-word spelling families. Sets *tn to the length of the result. */
static const char *word_map(const char *s, size_t n, size_t *tn) {
  static const struct { klit from, to; } m[] = {
      {LIT("dayr"), LIT("dir")},    {LIT("dair"), LIT("dir")},   {LIT("deir"), LIT("dir")},
      {LIT("der"), LIT("dir")},     {LIT("dier"), LIT("dir")},   {LIT("deyr"), LIT("dir")},
      {LIT("tal"), LIT("tal")},     {LIT("tall"), LIT("tal")},   {LIT("tell"), LIT("tal")},
      {LIT("tel"), LIT("tal")},     {LIT("abu"), LIT("abu")},    {LIT("abou"), LIT("abu")},
      {LIT("albu"), LIT("abu")},    {LIT("bou"), LIT("abu")},    {LIT("abo"), LIT("abu")},
      {LIT("umm"), LIT("um")},      {LIT("um"), LIT("um")},      {LIT("oum"), LIT("um")},
      {LIT("omm"), LIT("um")},      {LIT("jabal"), LIT("jabal")}, {LIT("jebel"), LIT("jabal")},
      {LIT("djebel"), LIT("jabal")}, {LIT("jabel"), LIT("jabal")}, {LIT("jbel"), LIT("jabal")},
      {LIT("gebel"), LIT("jabal")}, {LIT("kafr"), LIT("kafr")},  {LIT("kfar"), LIT("kafr")},
      {LIT("kefr"), LIT("kafr")},   {LIT("kafar"), LIT("kafr")}};
  if (n < 2 || n > 6) return NULL;
  char c = s[0];
  if (c != 'd' && c != 't' && c != 'a' && c != 'b' && c != 'u' && c != 'o' && c != 'j' &&
      c != 'g' && c != 'k')
    return NULL;
  for (size_t i = 0; i < sizeof m / sizeof *m; i++)
    if (m[i].from.n == n && m[i].from.s[0] == c && memcmp(s, m[i].from.s, n) == 0) {
      *tn = m[i].to.n;
      return m[i].to.s;
    }
  return NULL;
}

/* Copy of a few bytes with plain 8/4/2/1-byte moves. The key is built from
 * short pieces that are read back byte by byte at once; libc's memcpy/memset
 * of small sizes use masked vector stores, which loads cannot forward from
 * (a stall of tens of cycles per piece). */
static inline void copy_small(char *d, const char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) memcpy(d + i, s + i, 8);
  if (n - i >= 4) { memcpy(d + i, s + i, 4); i += 4; }
  if (n - i >= 2) { memcpy(d + i, s + i, 2); i += 2; }
  if (n - i) d[i] = s[i];
}

static int ends(const char *s, size_t n, const char *suf, size_t m) {
  return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Word-level rewriting of an ASCII word into w (cap >= n + 4). Returns len. */
static size_t latin_word(const char *s, size_t n, char *w) {
  size_t k;
  const char *m = word_map(s, n, &k);
  if (m) {
    copy_small(w, m, k);
    return k;
  }
  copy_small(w, s, n);
  k = n;
  static const klit iya[] = {LIT("iyyah"), LIT("iyyeh"), LIT("iyah"), LIT("iyeh"), LIT("ieh")};
  int done = 0;
  if (k > 4 && w[k - 1] == 'h') {
    for (size_t i = 0; i < sizeof iya / sizeof *iya; i++) {
      if (k > iya[i].n + 1 && ends(w, k, iya[i].s, iya[i].n)) {
        k -= iya[i].n;
        memcpy(w + k, "iya", 3); /* NOLINT(bugprone-not-null-terminated-result): w is length-counted */
        k += 3;
        done = 1;
        break;
      }
    }
  }
  if (!done && k > 3 && w[k - 1] == 'h' && w[k - 2] == 'e') {
    k -= 2;
    w[k++] = 'a';
  } else if (!done && k > 2 && w[k - 1] == 'h' && is_vowel(w[k - 2])) {
    k--;
  }
  if (k > 3 && w[k - 1] == 'v' && (w[k - 2] == 'o' || w[k - 2] == 'e')) w[k - 2] = 'i';
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

/* Letter-level rule of the concatenated key for letter c (not 'y') followed
 * in the same word by nx and then nn (0 when the word ends): the output
 * letter, and whether nx is consumed too. Only the class of nx (a letter or
 * anything else) and of nn (vowel, 'y', other) matter, so the rules are
 * tabulated once in g_rule[nn class][c][nx] = letter | 0x80 when nx is
 * consumed. g_lcls: byte -> 0..25 for a..z, else 26. */
static unsigned char rule_ref(char c, char nx, char nn, int *adv) {
  *adv = 1;
  if ((c == 'o' && (nx == 'u' || nx == 'o')) || (c == 'u' && nx == 'u')) {
    *adv = 2; return 'u';
  } else if ((c == 'e' && (nx == 'e' || nx == 'i')) || (c == 'i' && (nx == 'i' || nx == 'e')) ||
             (c == 'a' && nx == 'i')) {
    *adv = 2; return 'i';
  } else if ((c == 'a' || c == 'e') && nx == 'y' && !is_vowel(nn)) {
    *adv = 2; return 'i';
  } else if ((c == 'a' || c == 'o') && nx == 'w' && !is_vowel(nn) && nn != 'y') {
    *adv = 2; return 'u';
  } else if (c == 'u' && nx == 'w' && is_vowel(nn)) {
    *adv = 2; return 'w';
  } else if (c == 'o' || c == 'u') {
    return 'u';
  } else if (c == 'e') {
    return 'i';
  } else if (c == 'q') {
    return 'k';
  } else if (c == 'c' && nx == 'k') {
    *adv = 2; return 'k';
  } else if (c == 'd' && nx == 'j') {
    *adv = 2; return 'j';
  }
  return (unsigned char)c;
}

static unsigned char g_rule[3][27][27];
static unsigned char g_lcls[256];
static pthread_once_t g_rule_once = PTHREAD_ONCE_INIT;

static void rule_init(void) {
  static const char nn_rep[3] = {'b', 'a', 'y'}; /* other, vowel, 'y' */
  for (int b = 0; b < 256; b++) g_lcls[b] = (unsigned char)(b >= 'a' && b <= 'z' ? b - 'a' : 26);
  for (int k = 0; k < 3; k++)
    for (int c = 0; c < 26; c++)
      for (int x = 0; x < 27; x++) {
        int adv;
        unsigned char o = rule_ref((char)('a' + c), x < 26 ? (char)('a' + x) : 0, nn_rep[k], &adv);
        g_rule[k][c][x] = (unsigned char)(o | (adv == 2 ? 0x80 : 0));
      }
}

/* Open word number *nw at s; NULL when KEY_MAX_WORDS are open already. */
static kword *new_word(kword *w, int *nw, const char *s) {
  if (*nw >= KEY_MAX_WORDS) return NULL;
  kword *cw = &w[(*nw)++];
  cw->s = s;
  cw->n = 0;
  cw->apos_after = cw->arabic = 0;
  cw->ascii = 1;
  return cw;
}

/* Word splitting of a pure-ASCII name, folding on the fly: the same words
 * (and flags) as sr_fold followed by the general splitter below, since
 * sr_fold of ASCII is a per-byte lower-casing ('`' becomes an apostrophe)
 * cut at KEY_FOLD_MAX - 1 bytes. */
static int split_ascii(const unsigned char *src, size_t len, kword *w, char *wb) {
  size_t fl = len < KEY_FOLD_MAX - 1 ? len : KEY_FOLD_MAX - 1;
  size_t wl = 0;
  int nw = 0;
  kword *cw = NULL;
  for (size_t i = 0; i < fl; i++) {
    unsigned char c = src[i];
    if (is_alnum_ascii(c)) {
      if (!cw && !(cw = new_word(w, &nw, wb + wl))) break;
      wb[wl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      cw->n++;
      continue;
    }
    int apos = c == '\'' || c == '`';
    if (apos && cw && i + 1 < fl) {
      if (!is_alnum_ascii(src[i + 1]) || (cw->n == 1 && cw->s[0] == 'a') ||
          is_article(cw->s, cw->n)) {
        cw->apos_after = 1;
        cw = NULL;
      }
    } else {
      if (cw && apos) cw->apos_after = 1;
      cw = NULL;
    }
  }
  return nw;
}

static int all_ascii(const char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, s + i, 8);
    if (v & 0x8080808080808080ULL) return 0;
  }
  for (; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return 0;
  return 1;
}

/* General word splitting over the folded form (any script). */
static int split_folded(const char *name, size_t len, kword *w, char *wb) {
  char f[KEY_FOLD_MAX];
  size_t fl = sr_fold(name, len, f, sizeof f);
  if (fl >= sizeof f) {
    fl = sizeof f - 1;
    while (fl > 0 && ((unsigned char)f[fl] & 0xC0) == 0x80) fl--; /* cut at a code point */
  }
  f[fl] = 0;

  /* 1. words; an apostrophe inside a word (Ta'izz, Ma'rib) is dropped and
   * the word goes on, except after "a"/an article (a'Sultan, al'Ayn). */
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
      if (!cw && !(cw = new_word(w, &nw, wb + wl))) break;
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
      if (!next_word || (cw->n == 1 && cw->s[0] == 'a') || is_article(cw->s, cw->n)) {
        cw->apos_after = 1;
        cw = NULL;
      }
    } else {
      if (cw && apos) cw->apos_after = 1;
      cw = NULL;
    }
    i += l;
  }
  return nw;
}

size_t sr_gaz_key(const char *name, size_t len, char *out, size_t cap) {
  if (cap) out[0] = 0;
  if (!name || cap == 0) return 0;
  kword w[KEY_MAX_WORDS];
  char wb[KEY_FOLD_MAX];
  int nw = all_ascii(name, len) ? split_ascii((const unsigned char *)name, len, w, wb)
                                : split_folded(name, len, w, wb);

  /* 2. word-level rules, concatenate with a NUL before, between and after
   * the words, so "the next letter in the same word" is just the next byte. */
  char cat[KEY_FOLD_MAX + 128];
  size_t cl = 1;
  cat[0] = 0;
  int first = 1;
  for (int k = 0; k < nw; k++) {
    const char *s = w[k].s;
    size_t n = w[k].n;
    size_t bn;
    if (w[k].ascii) {
      int has_next = k + 1 < nw;
      if (has_next && is_article(s, n)) continue;
      if (has_next && !first && (n == 1 && s[0] == 'a') && w[k].apos_after) continue;
      /* assimilated article glued on: "Ezzor", "Arraqqa" after a first word */
      if (!first && n >= 5 && (s[0] == 'a' || s[0] == 'e') && s[1] == s[2] &&
          strchr("tdrzsnl", s[1])) {
        s += 2;
        n -= 2;
      }
      /* latin_word writes at most n + 1 bytes; the words hold at most
       * KEY_FOLD_MAX - 1 bytes in all, so this always fits */
      if (cl + n + 8 >= sizeof cat) break;
      bn = latin_word(s, n, cat + cl);
    } else {
      char buf[KEY_FOLD_MAX + 8];
      if (w[k].arabic) {
        bn = arabic_word(s, n, buf, sizeof buf);
      } else {
        memcpy(buf, s, n);
        bn = n;
      }
      if (bn == 0) continue;
      if (cl + bn + 2 >= sizeof cat) break;
      memcpy(cat + cl, buf, bn);
    }
    if (bn == 0) continue;
    cl += bn;
    cat[cl++] = 0;
    first = 0;
  }
  cat[cl] = 0;
  cat[cl + 1] = 0;

  /* 3. letter-level normalisation over the concatenation (ASCII only) */
  pthread_once(&g_rule_once, rule_init);
  char t[KEY_FOLD_MAX + 64];
  size_t tl = 0;
  unsigned char last = 0; /* t[tl - 1], 0 at the start */
  for (size_t q = 1; q < cl;) {
    unsigned char c = (unsigned char)cat[q];
    if (!c) { /* word separator */
      q++;
      continue;
    }
    unsigned ci = g_lcls[c];
    if (ci == 26) { /* digit or non-ASCII byte: kept, never merged */
      t[tl++] = (char)c;
      last = c;
      q++;
      continue;
    }
    unsigned char nx = (unsigned char)cat[q + 1];
    unsigned char o;
    size_t adv = 1;
    if (c == 'y') {
      unsigned char pv = (unsigned char)cat[q - 1];
      o = (!pv || (is_vowel((char)pv) && is_vowel((char)nx))) ? 'y' : 'i';
    } else {
      unsigned char nn = nx ? (unsigned char)cat[q + 2] : 0;
      unsigned nc = is_vowel((char)nn) ? 1u : nn == 'y' ? 2u : 0u;
      unsigned char e = g_rule[nc][ci][g_lcls[nx]];
      o = e & 0x7F;
      adv += e >> 7;
    }
    t[tl] = (char)o;
    tl += o != last;
    last = o;
    q += adv;
  }
  t[tl] = 0;
  size_t n = tl < cap - 1 ? tl : cap - 1;
  while (n > 0 && n < tl && ((unsigned char)t[n] & 0xC0) == 0x80) n--;
  copy_small(out, t, n);
  out[n] = 0;
  return n;
}
