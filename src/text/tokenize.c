/* tokenize.c - paragraphs, sentences and tokens (sr_text_analyze).
 *
 * One left-to-right pass makes the tokens and their folded forms (ASCII is
 * handled with two 128-entry tables; other code points go through the fold
 * table of fold.c), a second pass over the tokens finds sentence boundaries
 * line by line. All memory comes from the caller's arena; the token and fold
 * arrays grow by doubling.
 *
 * Tokens
 *   words      letters/digits/marks; apostrophes inside a word stay in the
 *              source span but not in the fold (Ma'arrat -> maarrat); a
 *              final 's / ’s is split off as its own token "'s" (SR_TOK_POSS)
 *   hyphens    a hyphen between two words splits them and makes no token;
 *              the second word gets SR_TOK_HYPHEN (al-Sham -> al, sham)
 *   acronyms   single letters each followed by a dot (U.S., a.m.): one token
 *   numbers    start with a digit; , . : / - between digits stay inside
 *              (1,200  3.5  12:30  2018-09-12); trailing letters too (30km)
 *   punct      any other character, one token each (a run of "--" is one
 *              token), folded to ASCII where there is an ASCII equivalent
 * Sentences: see text.h. Heuristics for dots: titles (Gen. Dr. St. ...)
 * never end a sentence; months and "No." do not before a number; initials,
 * acronyms (U.S.) and corporate abbreviations (Inc. Ltd. etc.) end one only
 * when the next word is a common sentence opener (The, He, It, But, ...).
 * Lines: every newline ends a paragraph. A line that does not end with
 * . ! ? : or a quote and has no sentence boundary of its own is one
 * sentence with headline = 1 (titles, datelines, standfirsts); a line with
 * boundaries but no final punctuation (cut text) is split normally.
 */
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sitrep/text.h"
#include "text_internal.h"

#define TOK_MAX_BYTES 512 /* a longer run of letters is cut into tokens */
#define FOLD_HEADROOM (24 * 1024)

typedef struct tz {
  sr_arena *a;
  const unsigned char *s;
  size_t len;
  sr_token *tok;
  uint32_t ntok, tokcap;
  char *fold;
  size_t flen, fcap;
  int rc;
} tz;

static int grow_tok(tz *z) {
  if (z->ntok >= SR_TEXT_MAX_TOKENS) return z->rc = SR_ELIMIT;
  uint32_t nc = z->tokcap ? z->tokcap * 2 : 256;
  if (nc > SR_TEXT_MAX_TOKENS) nc = SR_TEXT_MAX_TOKENS;
  sr_token *nt = sr_arena_alloc(z->a, (size_t)nc * sizeof(sr_token));
  if (!nt) return z->rc = SR_ENOMEM;
  if (z->ntok) memcpy(nt, z->tok, (size_t)z->ntok * sizeof(sr_token));
  z->tok = nt;
  z->tokcap = nc;
  return 0;
}

static int grow_fold(tz *z, size_t need) {
  size_t nc = z->fcap ? z->fcap * 2 : 65536;
  while (nc - z->flen < need) nc *= 2;
  if (nc > UINT32_MAX) return z->rc = SR_ELIMIT;
  char *nf = sr_arena_alloc(z->a, nc);
  if (!nf) return z->rc = SR_ENOMEM;
  if (z->flen) memcpy(nf, z->fold, z->flen);
  z->fold = nf;
  z->fcap = nc;
  return 0;
}

static inline int room(tz *z) {
  if (z->ntok >= z->tokcap && grow_tok(z)) return -1;
  if (z->fcap - z->flen < FOLD_HEADROOM && grow_fold(z, FOLD_HEADROOM)) return -1;
  return 0;
}

/* Append a token whose fold was written at z->fold[foff .. z->flen). */
static inline void push(tz *z, size_t off, size_t len, size_t foff, uint16_t flags) {
  size_t fl = z->flen - foff;
  if (fl > 65535) { /* cannot happen with TOK_MAX_BYTES, but never overflow */
    fl = 65535;
    z->flen = foff + fl;
  }
  z->fold[z->flen++] = 0;
  sr_token *t = &z->tok[z->ntok++];
  t->off = (uint32_t)off;
  t->len = (uint32_t)len;
  t->foff = (uint32_t)foff;
  t->flen = (uint16_t)fl;
  t->flags = flags;
  t->word = 0;
}

static inline uint32_t cp_at(const tz *z, size_t i, int *l) {
  unsigned c = z->s[i];
  if (c < 0x80) {
    *l = 1;
    return c;
  }
  uint32_t cp;
  *l = sr_utf8_decode(z->s + i, z->len - i, &cp);
  return cp;
}

static inline uint8_t cls_at(const tz *z, size_t i, int *l, uint32_t *cpo) {
  if (i >= z->len) {
    *l = 0;
    *cpo = 0;
    return 0;
  }
  uint32_t cp = cp_at(z, i, l);
  *cpo = cp;
  return sr_text_class(cp);
}

static inline void fold_cp(tz *z, uint32_t cp) {
  if (cp < 0x80) {
    z->fold[z->flen++] = (char)sr_text_lower[cp];
    return;
  }
  char buf[160];
  const char *f;
  size_t fl = sr_text_fold_cp(cp, buf, &f);
  memcpy(z->fold + z->flen, f, fl);
  z->flen += fl;
}

#define WORDCH (SR_CL_LETTER | SR_CL_DIGIT | SR_CL_MARK)

/* Bits set in a 16-bit mask (no popcnt instruction in the baseline ISA, and
 * __builtin_popcount would call libgcc). */
static inline unsigned pop16(unsigned x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}

/* Acronym at i: letter '.' (letter '.')+ with single letters. Returns the
 * end offset, or 0 when there is none. */
static size_t acronym_end(const tz *z, size_t i) {
  size_t j = i;
  int segs = 0;
  while (j - i < 64) {
    int l, l2;
    uint32_t cp;
    uint8_t c = cls_at(z, j, &l, &cp);
    if (!(c & SR_CL_LETTER) || (c & SR_CL_LM)) break;
    if (j + l >= z->len || z->s[j + l] != '.') break;
    /* the letter must stand alone: preceded by start/non-letter (checked by
     * the caller for the first one) */
    segs++;
    j += (size_t)l + 1;
    uint8_t n = cls_at(z, j, &l2, &cp);
    if (!(n & SR_CL_LETTER)) break;
  }
  if (segs < 2) return 0;
  /* must not run on into a word: "U.S.A" is fine, "e.g.Syria" is not ours */
  int l;
  uint32_t cp;
  uint8_t n = cls_at(z, j, &l, &cp);
  if (n & WORDCH) return 0;
  return j;
}

/* Scan a word or number starting at i; emits one or two tokens (a split
 * possessive). Returns the end offset. */
static size_t scan_word(tz *z, size_t i, uint16_t lead) {
  const unsigned char *s = z->s;
  size_t len = z->len, j = i, foff = z->flen;
  int l;
  uint32_t cp;
  uint8_t c0 = cls_at(z, i, &l, &cp);
  int is_num = (c0 & SR_CL_DIGIT) != 0;
  unsigned letters = 0, uppers = 0;
  int first_letter_seen = 0, cap = 0;
  size_t poss = 0; /* offset of a possessive apostrophe, 0 = none */

  if (!is_num && i + (size_t)l < len && s[i + (size_t)l] == '.') {
    size_t ae = acronym_end(z, i);
    if (ae) {
      for (size_t k = i; k < ae;) {
        uint8_t c = cls_at(z, k, &l, &cp);
        if (c & SR_CL_LETTER) {
          letters++;
          if (c & SR_CL_UPPER) uppers++;
        }
        fold_cp(z, cp);
        k += (size_t)l;
      }
      uint16_t fl = lead | SR_TOK_WORD;
      uint8_t c = cls_at(z, i, &l, &cp);
      if (c & SR_CL_UPPER) fl |= SR_TOK_CAP;
      if (letters >= 2 && uppers == letters) fl |= SR_TOK_ALLCAP;
      push(z, i, ae - i, foff, fl);
      return ae;
    }
  }

  const uint8_t *cls = sr_text_cls;
  size_t lim = len - i > TOK_MAX_BYTES ? i + TOK_MAX_BYTES : len;
  while (j < lim) {
    /* run of ASCII letters and digits, with the fold cursor in registers
     * (a char store through z->fold could alias z and force reloads) */
    {
      char *fold = z->fold;
      size_t fo = z->flen;
#ifdef __SSE2__
      /* 16 bytes at a time while they stay in the text: the run length
       * comes from a mask, not from a branch per byte. The fold buffer has
       * FOLD_HEADROOM free bytes, so the full 16-byte store always fits. */
      while (j + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + j));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
        __m128i lo = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
        __m128i dg = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                   _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        unsigned mu = (unsigned)_mm_movemask_epi8(up);
        unsigned ml = (unsigned)_mm_movemask_epi8(lo) | mu;
        unsigned ma = ml | (unsigned)_mm_movemask_epi8(dg);
        unsigned r = (unsigned)__builtin_ctz(~ma | 0x10000u); /* alnum run length */
        if (r > lim - j) r = (unsigned)(lim - j);
        _mm_storeu_si128((__m128i *)(fold + fo), _mm_or_si128(v, _mm_and_si128(up, _mm_set1_epi8(0x20))));
        unsigned keep = (1u << r) - 1;
        unsigned rl = ml & keep;
        if (rl) {
          letters += pop16(rl);
          uppers += pop16(mu & keep);
          if (!first_letter_seen) {
            cap = (mu >> __builtin_ctz(rl)) & 1;
            first_letter_seen = 1;
          }
        }
        j += r;
        fo += r;
        if (r < 16) break;
      }
#endif
      while (j < lim) {
        unsigned c = s[j];
        if (c >= 0x80) break;
        uint8_t cl = cls[c];
        if (!(cl & (SR_CL_LETTER | SR_CL_DIGIT))) break;
        fold[fo++] = (char)sr_text_lower[c];
        if (cl & SR_CL_LETTER) {
          letters++;
          if (cl & SR_CL_UPPER) {
            uppers++;
            if (!first_letter_seen) cap = 1;
          }
          first_letter_seen = 1;
        }
        j++;
      }
      z->flen = fo;
      if (j >= lim) break;
    }
    unsigned c = s[j];
    if (c < 0x80) {
      if (c == '\'') {
        l = 1;
      } else if (is_num && (c == ',' || c == '.' || c == ':' || c == '/' || c == '-') &&
                 j + 1 < len && s[j + 1] >= '0' && s[j + 1] <= '9' && j > i &&
                 s[j - 1] >= '0' && s[j - 1] <= '9' && letters == 0) {
        z->fold[z->flen++] = (char)c;
        j++;
        continue;
      } else {
        break;
      }
    }
    uint8_t cl = cls_at(z, j, &l, &cp);
    if (cl & SR_CL_LM) { /* ʿ ʾ ʼ ʻ: part of the word, not of its fold */
      j += (size_t)l;
      continue;
    }
    if (cl & SR_CL_APOS) {
      int l2;
      uint32_t cp2;
      uint8_t n = cls_at(z, j + (size_t)l, &l2, &cp2);
      if (!(n & SR_CL_LETTER) || j == i) break;
      if ((cp2 == 's' || cp2 == 'S')) {
        int l3;
        uint32_t cp3;
        uint8_t n3 = cls_at(z, j + (size_t)l + 1, &l3, &cp3);
        if (!(n3 & (WORDCH | SR_CL_APOS))) {
          poss = j;
          break;
        }
      }
      j += (size_t)l; /* internal apostrophe: kept in the span, dropped from the fold */
      continue;
    }
    if (cl & WORDCH) {
      if (cl & SR_CL_LETTER) {
        letters++;
        if (cl & SR_CL_UPPER) {
          uppers++;
          if (!first_letter_seen) cap = 1;
        }
        first_letter_seen = 1;
      }
      fold_cp(z, cp);
      j += (size_t)l;
      continue;
    }
    break;
  }
  uint16_t fl = lead | (is_num ? SR_TOK_NUM : SR_TOK_WORD);
  if (cap) fl |= SR_TOK_CAP;
  if (letters >= 2 && uppers == letters) fl |= SR_TOK_ALLCAP;
  push(z, i, j - i, foff, fl);
  if (poss) {
    if (room(z)) return len;
    int la;
    uint32_t cpa;
    cls_at(z, poss, &la, &cpa);
    size_t pf = z->flen;
    z->fold[z->flen++] = '\'';
    z->fold[z->flen++] = 's';
    push(z, poss, (size_t)la + 1, pf, SR_TOK_POSS);
    j = poss + (size_t)la + 1;
  }
  return j;
}

static const unsigned char k_ascii_kind[128] = {
    /* 0 other/control, 1 space, 2 newline, 3 word start, 4 punct, 5 hyphen */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 0,
};

static int tokenize(tz *z) {
  const unsigned char *s = z->s;
  size_t len = z->len, i = 0;
  uint16_t lead = SR_TOK_SPACE | SR_TOK_PARA;
  size_t prev_end = (size_t)-1; /* end of the previous word/number token */
  while (i < len) {
    unsigned c = s[i];
    int kind;
    uint32_t cp = c;
    int l = 1;
    uint8_t cl = 0;
    if (c < 0x80) {
      kind = k_ascii_kind[c];
    } else {
      cp = cp_at(z, i, &l);
      cl = sr_text_class(cp);
      if (cl & SR_CL_SPACE) kind = 1;
      else if (cl & SR_CL_LM) { /* ʿ ʾ: a word when a letter follows */
        int l2;
        uint32_t cp2;
        kind = (cls_at(z, i + (size_t)l, &l2, &cp2) & (SR_CL_LETTER | SR_CL_DIGIT)) ? 3 : 4;
      }
      else if (cl & (SR_CL_LETTER | SR_CL_DIGIT)) kind = 3;
      else if (cl & SR_CL_MARK) kind = 0; /* stray mark / format char: ignored */
      else if (cl & SR_CL_HYPHEN) kind = 5;
      else kind = 4;
    }
    switch (kind) {
    case 0:
      i += (size_t)l;
      continue;
    case 1:
      lead |= SR_TOK_SPACE;
      i += (size_t)l;
      continue;
    case 2:
      lead |= SR_TOK_SPACE | SR_TOK_PARA;
      lead &= (uint16_t)~SR_TOK_HYPHEN;
      i++;
      continue;
    default: break;
    }
    if (room(z)) return z->rc;
    if (kind == 3) {
      size_t e = scan_word(z, i, lead);
      if (z->rc) return z->rc;
      prev_end = e;
      i = e;
      lead = 0;
      continue;
    }
    if (kind == 5) {
      /* an intra-word hyphen joins two words without a token of its own */
      if (prev_end == i && !(lead & SR_TOK_SPACE) && i + (size_t)l < len) {
        int l2;
        uint32_t cp2;
        uint8_t n = cls_at(z, i + (size_t)l, &l2, &cp2);
        if (n & (SR_CL_LETTER | SR_CL_DIGIT)) {
          i += (size_t)l;
          lead |= SR_TOK_HYPHEN;
          continue;
        }
      }
      size_t j = i + (size_t)l;
      if (c == '-')
        while (j < len && s[j] == '-') j++;
      size_t foff = z->flen;
      z->fold[z->flen++] = '-';
      push(z, i, j - i, foff, lead | SR_TOK_PUNCT);
      lead = 0;
      prev_end = (size_t)-1;
      i = j;
      continue;
    }
    /* punctuation / symbol: one character */
    size_t foff = z->flen;
    fold_cp(z, cp);
    if (z->flen == foff) { /* folds to nothing: keep the source bytes */
      memcpy(z->fold + z->flen, s + i, (size_t)l);
      z->flen += (size_t)l;
    }
    push(z, i, (size_t)l, foff, lead | SR_TOK_PUNCT);
    lead = 0;
    prev_end = (size_t)-1;
    i += (size_t)l;
  }
  return 0;
}

/* ---- sentences */

/* Dotted words and sentence openers (folded), sorted for bsearch. */
enum { W_TITLE = 1, W_BEFORE_NUM = 2, W_WEAK = 4, W_STARTER = 8 };
typedef struct wkind {
  const char *w;
  unsigned char kind;
} wkind;
/* titles never end a sentence; months/"No." not before a number; weak ones
 * (Inc. etc.) only before a sentence opener */
static const wkind k_words[] = {
    {"a", W_STARTER}, {"according", W_STARTER}, {"activists", W_STARTER}, {"adm", W_TITLE},
    {"afp", W_STARTER}, {"after", W_STARTER}, {"all", W_STARTER}, {"also", W_STARTER},
    {"although", W_STARTER}, {"amb", W_TITLE}, {"an", W_STARTER}, {"and", W_STARTER},
    {"ap", W_STARTER}, {"approx", W_TITLE}, {"apr", W_BEFORE_NUM}, {"art", W_BEFORE_NUM},
    {"as", W_STARTER}, {"at", W_STARTER}, {"aug", W_BEFORE_NUM}, {"before", W_STARTER},
    {"both", W_STARTER}, {"brig", W_TITLE}, {"bros", W_WEAK}, {"but", W_STARTER},
    {"by", W_STARTER}, {"capt", W_TITLE}, {"cf", W_TITLE}, {"ch", W_BEFORE_NUM},
    {"cmdr", W_TITLE}, {"co", W_WEAK}, {"col", W_TITLE}, {"corp", W_WEAK},
    {"cpl", W_TITLE}, {"dec", W_BEFORE_NUM}, {"despite", W_STARTER}, {"dr", W_TITLE},
    {"during", W_STARTER}, {"each", W_STARTER}, {"earlier", W_STARTER}, {"etc", W_WEAK},
    {"feb", W_BEFORE_NUM}, {"fig", W_BEFORE_NUM}, {"following", W_STARTER}, {"for", W_STARTER},
    {"friday", W_STARTER}, {"from", W_STARTER}, {"ft", W_TITLE}, {"further", W_STARTER},
    {"gen", W_TITLE}, {"gens", W_TITLE}, {"gov", W_TITLE}, {"government", W_STARTER},
    {"he", W_STARTER}, {"her", W_STARTER}, {"his", W_STARTER}, {"hon", W_TITLE},
    {"how", W_STARTER}, {"however", W_STARTER}, {"i", W_STARTER}, {"if", W_STARTER},
    {"in", W_STARTER}, {"inc", W_WEAK}, {"insp", W_TITLE}, {"it", W_STARTER},
    {"its", W_STARTER}, {"jan", W_BEFORE_NUM}, {"jr", W_WEAK}, {"jul", W_BEFORE_NUM},
    {"jun", W_BEFORE_NUM}, {"last", W_STARTER}, {"later", W_STARTER}, {"local", W_STARTER},
    {"lt", W_TITLE}, {"ltd", W_WEAK}, {"maj", W_TITLE}, {"many", W_STARTER},
    {"mar", W_BEFORE_NUM}, {"meanwhile", W_STARTER}, {"messrs", W_TITLE},
    {"monday", W_STARTER}, {"more", W_STARTER}, {"most", W_STARTER}, {"mr", W_TITLE},
    {"mrs", W_TITLE}, {"ms", W_TITLE}, {"mt", W_TITLE}, {"no", W_BEFORE_NUM | W_STARTER},
    {"nos", W_BEFORE_NUM}, {"not", W_STARTER}, {"nov", W_BEFORE_NUM}, {"now", W_STARTER},
    {"oct", W_BEFORE_NUM}, {"officials", W_STARTER}, {"on", W_STARTER}, {"one", W_STARTER},
    {"or", W_STARTER}, {"other", W_STARTER}, {"others", W_STARTER}, {"our", W_STARTER},
    {"p", W_BEFORE_NUM}, {"police", W_STARTER}, {"pp", W_BEFORE_NUM}, {"pres", W_TITLE},
    {"prof", W_TITLE}, {"pvt", W_TITLE}, {"rep", W_TITLE}, {"reports", W_STARTER},
    {"residents", W_STARTER}, {"reuters", W_STARTER}, {"rev", W_TITLE},
    {"saturday", W_STARTER}, {"security", W_STARTER}, {"sen", W_TITLE}, {"sep", W_BEFORE_NUM},
    {"separately", W_STARTER}, {"sept", W_BEFORE_NUM}, {"several", W_STARTER},
    {"sgt", W_TITLE}, {"she", W_STARTER}, {"since", W_STARTER}, {"so", W_STARTER},
    {"some", W_STARTER}, {"sources", W_STARTER}, {"sr", W_WEAK}, {"st", W_TITLE},
    {"still", W_STARTER}, {"such", W_STARTER}, {"sunday", W_STARTER}, {"supt", W_TITLE},
    {"that", W_STARTER}, {"the", W_STARTER}, {"their", W_STARTER}, {"then", W_STARTER},
    {"there", W_STARTER}, {"these", W_STARTER}, {"they", W_STARTER}, {"this", W_STARTER},
    {"those", W_STARTER}, {"though", W_STARTER}, {"three", W_STARTER}, {"thursday", W_STARTER},
    {"thus", W_STARTER}, {"today", W_STARTER}, {"tuesday", W_STARTER}, {"two", W_STARTER},
    {"vol", W_BEFORE_NUM}, {"vs", W_TITLE}, {"we", W_STARTER}, {"wednesday", W_STARTER},
    {"what", W_STARTER}, {"when", W_STARTER}, {"where", W_STARTER}, {"which", W_STARTER},
    {"while", W_STARTER}, {"who", W_STARTER}, {"why", W_STARTER}, {"with", W_STARTER},
    {"witnesses", W_STARTER}, {"yesterday", W_STARTER}, {"yet", W_STARTER},
    {"you", W_STARTER},
};

static int wkind_cmp(const void *k, const void *e) {
  return strcmp((const char *)k, ((const wkind *)e)->w);
}

static unsigned word_kind(const sr_text *t, uint32_t k) {
  if (t->tok[k].flen > 10) return 0;
  const wkind *w = bsearch(sr_tok_fold(t, k), k_words, sizeof k_words / sizeof k_words[0],
                           sizeof k_words[0], wkind_cmp);
  return w ? w->kind : 0;
}

static int is_terminal(const sr_text *t, uint32_t k) {
  const sr_token *x = &t->tok[k];
  const char *f = t->fold + x->foff;
  if (x->flags & SR_TOK_PUNCT) return f[0] == '.' || f[0] == '!' || f[0] == '?'; /* . … ! ? */
  /* an acronym token ending in '.' */
  return (x->flags & SR_TOK_WORD) && x->flen > 1 && f[x->flen - 1] == '.';
}

static int is_closer(const sr_text *t, uint32_t k) {
  const sr_token *x = &t->tok[k];
  if (!(x->flags & SR_TOK_PUNCT)) return 0;
  const char *f = sr_tok_fold(t, k);
  return f[1] == 0 && (f[0] == '"' || f[0] == '\'' || f[0] == ')' || f[0] == ']');
}

/* Does token k begin like a sentence: upper-case letter, digit, opening quote
 * or bracket, or a letter of a script without case. */
static int starts_upper(const sr_text *t, uint32_t k) {
  const sr_token *x = &t->tok[k];
  if (x->flags & (SR_TOK_CAP | SR_TOK_NUM)) return 1;
  if (x->flags & SR_TOK_PUNCT) {
    const char *f = sr_tok_fold(t, k);
    return f[1] == 0 && (f[0] == '"' || f[0] == '\'' || f[0] == '(' || f[0] == '[');
  }
  if (x->flags & SR_TOK_WORD) {
    uint32_t cp;
    const unsigned char *p = (const unsigned char *)t->src + x->off;
    if (p[0] < 0x80) return 0; /* ASCII lower case */
    sr_utf8_decode(p, x->len, &cp);
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c != UTF8PROC_CATEGORY_LL; /* Lo (Arabic, CJK...), Lu, Lt */
  }
  return 0;
}

static int is_starter_word(const sr_text *t, uint32_t k) {
  const sr_token *x = &t->tok[k];
  if (!(x->flags & SR_TOK_CAP)) return 0;
  return (word_kind(t, k) & W_STARTER) != 0;
}

/* Is there a sentence boundary after the terminal token k, given that the
 * next token (after closers) is m, preceded by white space? */
static int boundary_after(const sr_text *t, uint32_t k, uint32_t m) {
  if (!starts_upper(t, m)) return 0;
  const sr_token *x = &t->tok[k];
  if (x->flags & SR_TOK_WORD) /* acronym "U.S." */
    return is_starter_word(t, m);
  const char *f = sr_tok_fold(t, k);
  if (f[0] != '.') return 1; /* ! ? ... */
  if (k == 0) return 1;
  const sr_token *p = &t->tok[k - 1];
  if (p->off + p->len != x->off || (x->flags & SR_TOK_PARA)) return 1;
  if (!(p->flags & SR_TOK_WORD)) return 1;
  const char *pf = sr_tok_fold(t, k - 1);
  unsigned kind = word_kind(t, k - 1);
  if (kind & W_TITLE) return 0;
  if (kind & W_BEFORE_NUM) return !(t->tok[m].flags & SR_TOK_NUM);
  if (kind & W_WEAK) return is_starter_word(t, m);
  /* a single letter: an initial */
  if (p->len <= 2 && pf[0] && pf[1] == 0 && (p->flags & SR_TOK_CAP)) return is_starter_word(t, m);
  return 1;
}

typedef struct sb {
  sr_arena *a;
  sr_text *t;
  uint32_t cap;
  int rc;
} sb;

static int add_sent(sb *b, uint32_t beg, uint32_t end, uint32_t para, int headline) {
  sr_text *t = b->t;
  while (beg < end) {
    uint32_t e = end - beg > SR_TEXT_MAX_SENT_TOKENS ? beg + SR_TEXT_MAX_SENT_TOKENS : end;
    if (t->nsent >= b->cap) {
      uint32_t nc = b->cap ? b->cap * 2 : 64;
      sr_sentence *ns = sr_arena_alloc(b->a, (size_t)nc * sizeof(sr_sentence));
      if (!ns) return b->rc = SR_ENOMEM;
      if (t->nsent) memcpy(ns, t->sent, (size_t)t->nsent * sizeof(sr_sentence));
      t->sent = ns;
      b->cap = nc;
    }
    sr_sentence *s = &t->sent[t->nsent++];
    s->tok_begin = beg;
    s->tok_end = e;
    s->off = t->tok[beg].off;
    s->len = t->tok[e - 1].off + t->tok[e - 1].len - s->off;
    s->para = para;
    s->headline = (uint8_t)headline;
    beg = e;
  }
  return 0;
}

static int split_line(sb *b, uint32_t ls, uint32_t le, uint32_t para) {
  sr_text *t = b->t;
  /* does the line end properly? */
  uint32_t last = le - 1;
  int ends = 0;
  {
    const char *f = sr_tok_fold(t, last);
    if (is_terminal(t, last)) ends = 1;
    else if ((t->tok[last].flags & SR_TOK_PUNCT) && f[1] == 0 &&
             (f[0] == ':' || f[0] == '"' || f[0] == '\''))
      ends = 1;
  }
  uint32_t start = ls, nb = 0;
  uint32_t first_sent = t->nsent;
  for (uint32_t k = ls; k < le; k++) {
    if (!is_terminal(t, k)) continue;
    uint32_t m = k + 1;
    while (m < le && !(t->tok[m].flags & SR_TOK_SPACE) && (is_closer(t, m) || is_terminal(t, m)))
      m++;
    if (m >= le) break;
    if (!(t->tok[m].flags & SR_TOK_SPACE)) {
      k = m - 1;
      continue;
    }
    if (boundary_after(t, k, m)) {
      if (add_sent(b, start, m, para, 0)) return b->rc;
      nb++;
      start = m;
    }
    k = m - 1;
  }
  if (start < le && add_sent(b, start, le, para, 0)) return b->rc;
  if (!ends && nb == 0 && t->nsent > first_sent) {
    for (uint32_t q = first_sent; q < t->nsent; q++) t->sent[q].headline = 1;
  }
  return 0;
}

static int sentences(sr_text *t, sr_arena *a) {
  sb b = {a, t, 0, 0};
  uint32_t ls = 0, para = 0;
  for (uint32_t k = 1; k <= t->ntok; k++) {
    if (k == t->ntok || (t->tok[k].flags & SR_TOK_PARA)) {
      if (split_line(&b, ls, k, para)) return b.rc;
      para++;
      ls = k;
    }
  }
  t->npara = t->ntok ? para : 0;
  return 0;
}

int sr_text_analyze(sr_text *out, sr_arena *a, const char *src, size_t len, sr_error *err) {
  memset(out, 0, sizeof *out);
  out->src = src;
  out->len = len;
  if (len >= UINT32_MAX) {
    return sr_error_set(err, SR_ELIMIT, "text of %zu bytes is over the 4 GiB limit", len);
  }
  sr_text_tables_init();
  tz z = {0};
  z.a = a;
  z.s = (const unsigned char *)src;
  z.len = len;
  size_t est = len / 5 + 64;
  if (est > SR_TEXT_MAX_TOKENS) est = SR_TEXT_MAX_TOKENS;
  z.tokcap = 0;
  z.tok = NULL;
  /* initial sizes from the length; both arrays grow by doubling */
  z.tok = sr_arena_alloc(a, est * sizeof(sr_token));
  z.tokcap = z.tok ? (uint32_t)est : 0;
  size_t fest = len + len / 4 + FOLD_HEADROOM * 2;
  z.fold = sr_arena_alloc(a, fest);
  z.fcap = z.fold ? fest : 0;
  int rc = 0;
  if (!z.tok || !z.fold) rc = z.rc = SR_ENOMEM;
  else rc = tokenize(&z);
  out->tok = z.tok;
  out->ntok = z.ntok;
  out->fold = z.fold;
  out->fold_len = z.flen;
  int rc2 = sentences(out, a);
  if (!rc) rc = rc2;
  if (rc == SR_ELIMIT)
    return sr_error_set(err, rc, "text over the %u-token limit; analysis stopped at byte %u",
                        SR_TEXT_MAX_TOKENS, z.ntok ? z.tok[z.ntok - 1].off : 0);
  if (rc) return sr_error_set(err, rc, "out of memory analysing %zu bytes of text", len);
  return 0;
}
