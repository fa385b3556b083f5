/* gen_gazetteer.c - synthetic allCountries-size GeoNames dump for the gazetteer
 * scale benchmark (bench/gazetteer_scale.sh). Not part of the product and not
 * run by the tests.
 *
 * usage: gen_gazetteer [-n RECORDS] [-s SEED] OUTDIR
 *
 * Writes into OUTDIR (which must exist):
 *   allCountries.txt      RECORDS rows in the 19-column GeoNames layout
 *   alternateNamesV2.txt  the 10-column alternate-names table for them
 *   admin1CodesASCII.txt  admin1 names of the synthetic areas
 *   admin2Codes.txt       admin2 names of the synthetic areas
 * and prints the counts (records, names) on stdout.
 *
 * Shape: names built from syllables in Arabic-, Slavic-, African-, Persian- and
 * generic-origin patterns (by country), with transliteration variants, Arabic
 * and Cyrillic script forms and unrelated other-language names as alternates;
 * countries over all ISO 3166-1 codes with a Zipf-like share of the rows;
 * feature classes P/A/H/T/S in roughly GeoNames proportions; Pareto (Zipf-like)
 * populations for P rows, 0 for most others. The alternate-names table also
 * has the non-name rows of the real one (link, wkdt, post, iata), historic
 * names and rows for geonameids that are not in the dump.
 *
 * The data is meant to be imported together with the real default sources
 * (cities500.txt, admin1/admin2 names): its geonameids start at 20,000,000,
 * its admin1 codes are "Z01".."Z40" and it has no PCLI/PPLC rows, so it adds
 * places without renaming or moving the real areas and capitals.
 * With the default 3,000,000 records it writes about 12 million names.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- deterministic random numbers (splitmix64) ---- */
static uint64_t g_rng = 0x5172657067617a31ULL;

static uint64_t rnd(void) {
  uint64_t z = (g_rng += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
static double unif(void) {
  return ((rnd() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}
static int pick(int n) {
  return (int)(rnd() % (uint64_t)n);
}
static int chance(double p) {
  return unif() < p;
}

/* ---- countries: every ISO 3166-1 alpha-2 code ---- */
static const char *const CC[] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW"};
#define NCC ((int)(sizeof CC / sizeof *CC))

enum { S_ARABIC, S_SLAVIC, S_AFRICAN, S_PERSIAN, S_GENERIC };

static int shape_of(const char *cc) {
  static const char ar[] = "AE BH DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE DJ KM TD";
  static const char sl[] = "BA BG BY CZ HR ME MK PL RS RU SI SK UA XK MD";
  static const char af[] =
      "AO BF BI BJ BW CD CF CG CI CM ER ET GA GH GM GN GQ GW KE LR LS MG ML "
      "MW MZ NA NE NG RW SL SN SO SS SZ TG TZ UG ZA ZM ZW";
  static const char fa[] = "AF IR PK TJ UZ TM KG KZ AZ";
  if (strstr(ar, cc)) return S_ARABIC;
  if (strstr(sl, cc)) return S_SLAVIC;
  if (strstr(af, cc)) return S_AFRICAN;
  if (strstr(fa, cc)) return S_PERSIAN;
  return S_GENERIC;
}

/* ---- syllables ---- */
static const char *const AR_C[] = {"b",  "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s",
                                   "sh", "f", "q",  "k", "l", "m",  "n", "w",  "y", "gh"};
static const char *const AR_V[] = {"a", "a", "i", "u", "aa", "ou", "ei", "e"};
static const char *const AR_PRE[] = {
    "Al-",  "Tell ", "Deir ", "Kafr ", "Ain ", "Abu ", "Umm ", "Khirbet ", "Jabal ", "Wadi ",
    "Bir ", "Qasr ", "Ras ",  "Tal ",  "Ash-", "Ar-",  "Az-",  "As-",      "Beit ",  "Hawsh "};
static const char *const AR_SUF[] = {"iyah", "ah", "an", "ein", "oun", "at", "i", "iyeh", ""};
static const char *const SL_ROOT[] = {
    "Bor", "Zel",  "Kras", "Pol",  "Dub",  "Lip",  "Ber",  "Vol",   "Hor", "Step",
    "Kam", "Myr",  "Slav", "Ozer", "Pesh", "Brod", "Stud", "Chern", "Bil", "Zhyt",
    "Sok", "Vysh", "Kut",  "Tern", "Luh",  "Rud",  "Khol", "Mal",   "Vel", "Nov"};
static const char *const SL_MID[] = {"", "", "o", "e", "yan", "ov", "iv", "in", "an", "ets"};
static const char *const SL_SUF[] = {"ivka", "ovka", "ske",  "ove",   "ne",   "ivske", "hrad",
                                     "pil",  "sk",   "ino",  "evo",   "ovo",  "yevo",  "ichi",
                                     "ka",   "ets",  "yany", "ivtsi", "ytsia"};
static const char *const SL_PRE[] = {"Novo",     "Staro",  "Velyka ", "Mala ", "Verkhnii ",
                                     "Nyzhnii ", "Krasno", "Pryvil",  "Zaliz"};
static const char *const AF_SYL[] = {"ka", "ba", "ma",  "du",  "go",  "ni",  "wa",   "ya",
                                     "za", "ku", "mbo", "nga", "ndu", "kwa", "se",   "lo",
                                     "ri", "tu", "sha", "dha", "gar", "bur", "ceel", "mo",
                                     "na", "ga", "bi",  "fa",  "ji",  "da"};
static const char *const AF_PRE[] = {"Bur ", "Ceel ",  "Bulo ",  "Gidan ", "Dan ",
                                     "Kara", "Tunga ", "Kofar ", "Ngo",    "Mai "};
static const char *const AF_SUF[] = {"", "", "wa", "ri", "ley", "ow", "mbe", "si", "ko"};
static const char *const FA_ROOT[] = {"Kala", "Deh",  "Char", "Sang", "Bagh",  "Shir",  "Mir",
                                      "Khan", "Gul",  "Zar",  "Nur",  "Sar",   "Pul",   "Kol",
                                      "Darr", "Bala", "Tor",  "Spin", "Kandi", "Gardan"};
static const char *const FA_SUF[] = {"abad", "stan", "kheyl", "zai",  "garh", "kot",
                                     "dara", "pur",  "shahr", "band", "i",    "ak"};
static const char *const GE_SYL[] = {
    "ar",  "bel",   "cor",  "dan",  "el",   "fon", "gar", "hal", "is",  "jor", "kal", "len", "mon",
    "nor", "os",    "per",  "quin", "ros",  "san", "tor", "ul",  "ven", "wil", "xan", "yor", "zal",
    "ton", "ville", "berg", "ham",  "ford", "ley", "mar", "ta",  "lo",  "ri",  "na",  "co"};
static const char *const GE_PRE[] = {"San ", "Santa ", "Port ", "Mount ", "Lake ",
                                     "New ", "Saint-", "Bad ",  "Villa ", "Puerto "};

#define ARR(a) ((int)(sizeof a / sizeof *a))
#define NAME_MAX_LEN 160

static void cat(char *d, const char *s) {
  size_t n = strlen(d), m = strlen(s);
  if (n + m >= NAME_MAX_LEN) return;
  memcpy(d + n, s, m + 1);
}

static void cap_first(char *s) {
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 32);
}

/* An ASCII place name of the given shape into out (NAME_MAX_LEN). */
static void make_name(int shape, char *out) {
  out[0] = 0;
  char w[NAME_MAX_LEN];
  switch (shape) {
    case S_ARABIC: {
      if (chance(0.45)) cat(out, AR_PRE[pick(ARR(AR_PRE))]);
      int syl = 2 + pick(2);
      w[0] = 0;
      for (int i = 0; i < syl; i++) {
        cat(w, AR_C[pick(ARR(AR_C))]);
        cat(w, AR_V[pick(ARR(AR_V))]);
      }
      cat(w, AR_C[pick(ARR(AR_C))]);
      cat(w, AR_SUF[pick(ARR(AR_SUF))]);
      cap_first(w);
      cat(out, w);
      if (chance(0.12)) { /* two-word names: "Tell Abyad al-Sharqi" */
        cat(out, chance(0.5) ? " al-" : " ");
        w[0] = 0;
        cat(w, AR_C[pick(ARR(AR_C))]);
        cat(w, AR_V[pick(ARR(AR_V))]);
        cat(w, AR_C[pick(ARR(AR_C))]);
        cat(w, AR_SUF[pick(ARR(AR_SUF))]);
        if (out[strlen(out) - 1] == ' ') cap_first(w);
        cat(out, w);
      }
      break;
    }
    case S_SLAVIC:
      if (chance(0.2)) cat(out, SL_PRE[pick(ARR(SL_PRE))]);
      w[0] = 0;
      cat(w, SL_ROOT[pick(ARR(SL_ROOT))]);
      cat(w, SL_MID[pick(ARR(SL_MID))]);
      cat(w, SL_SUF[pick(ARR(SL_SUF))]);
      if (out[0] && out[strlen(out) - 1] != ' ') /* "Novo" + "bor..." */
        w[0] = (char)(w[0] + 32);
      cat(out, w);
      break;
    case S_AFRICAN: {
      if (chance(0.25)) cat(out, AF_PRE[pick(ARR(AF_PRE))]);
      int syl = 2 + pick(3);
      w[0] = 0;
      for (int i = 0; i < syl; i++) cat(w, AF_SYL[pick(ARR(AF_SYL))]);
      cat(w, AF_SUF[pick(ARR(AF_SUF))]);
      if (!out[0] || out[strlen(out) - 1] == ' ') cap_first(w);
      cat(out, w);
      break;
    }
    case S_PERSIAN:
      if (chance(0.3)) {
        cat(out, FA_ROOT[pick(ARR(FA_ROOT))]);
        cat(out, chance(0.5) ? "-i-" : " ");
        w[0] = 0;
        cat(w, FA_ROOT[pick(ARR(FA_ROOT))]);
        cat(w, FA_SUF[pick(ARR(FA_SUF))]);
        if (out[strlen(out) - 1] == ' ')
          cap_first(w);
        else
          w[0] = (char)(w[0] >= 'A' && w[0] <= 'Z' ? w[0] + 32 : w[0]);
        cat(out, w);
      } else {
        cat(out, FA_ROOT[pick(ARR(FA_ROOT))]);
        cat(out, FA_SUF[pick(ARR(FA_SUF))]);
      }
      break;
    default: {
      if (chance(0.15)) cat(out, GE_PRE[pick(ARR(GE_PRE))]);
      int syl = 2 + pick(3);
      w[0] = 0;
      for (int i = 0; i < syl; i++) cat(w, GE_SYL[pick(ARR(GE_SYL))]);
      cap_first(w);
      cat(out, w);
      break;
    }
  }
}

/* A transliteration variant of an ASCII name (often the same lookup key):
 * e/i and ou/u swaps, al-/el-, a doubled or undoubled consonant, a hyphen
 * dropped, -iyah/-iya. */
static void make_variant(const char *in, char *out) {
  char t[NAME_MAX_LEN * 2];
  size_t j = 0;
  int done = 0;
  for (size_t i = 0; in[i] && j < sizeof t - 3; i++) {
    char c = in[i];
    int r = pick(10);
    if (!done && c == 'e' && r < 4) {
      t[j++] = 'i';
      done = 1;
      continue;
    }
    if (!done && c == 'o' && in[i + 1] == 'u' && r < 5) {
      t[j++] = 'u';
      i++;
      done = 1;
      continue;
    }
    if (!done && c == 'l' && in[i + 1] == '-' && i > 0 && in[i - 1] == 'A' && r < 5) {
      t[j - 1] = 'E';
      t[j++] = 'l';
      done = 1;
      continue;
    }
    if (!done && c == '-' && r < 5) {
      t[j++] = ' ';
      done = 1;
      continue;
    }
    if (!done && c >= 'b' && c <= 'z' && !strchr("aeiouy", c) && r == 0) {
      t[j++] = c;
      t[j++] = c;
      done = 1;
      continue;
    }
    t[j++] = c;
  }
  t[j] = 0;
  if (!done && j > 4 && strcmp(t + j - 4, "iyah") == 0)
    t[j - 1] = 0;
  else if (!done) { /* other-language ending */
    static const char *const suf[] = {"e", "a", "o", "en"};
    if (strlen(t) + 3 < NAME_MAX_LEN) strcat(t, suf[pick(4)]);
  }
  size_t m = strlen(t);
  if (m >= NAME_MAX_LEN) m = NAME_MAX_LEN - 1;
  memcpy(out, t, m);
  out[m] = 0;
}

/* Diacritics on some letters (the GeoNames "name" column; asciiname stays). */
static void make_diacritic(const char *in, char *out, size_t cap) {
  size_t j = 0;
  for (size_t i = 0; in[i] && j + 4 < cap; i++) {
    const char *rep = NULL;
    if (chance(0.25)) {
      switch (in[i]) {
        case 'a':
          rep = "\xc4\x81";
          break; /* ā */
        case 'i':
          rep = "\xc4\xab";
          break; /* ī */
        case 'u':
          rep = "\xc5\xab";
          break; /* ū */
        case 's':
          rep = "\xc5\x9f";
          break; /* ş */
        case 'h':
          rep = "\xe1\xb8\xa9";
          break; /* ḩ */
        case 'e':
          rep = "\xc3\xa9";
          break; /* é */
        case 'z':
          rep = "\xc5\xbe";
          break; /* ž */
        case 'c':
          rep = "\xc4\x8d";
          break; /* č */
        default:
          break;
      }
    }
    if (rep) {
      size_t m = strlen(rep);
      memcpy(out + j, rep, m);
      j += m;
    } else {
      out[j++] = in[i];
    }
  }
  out[j] = 0;
}

/* Arabic-script rendering of an ASCII name (letter by letter). */
static void to_arabic(const char *in, char *out, size_t cap) {
  size_t j = 0;
  out[0] = 0;
  for (size_t i = 0; in[i] && j + 8 < cap; i++) {
    char c = (char)(in[i] | 0x20);
    const char *a = NULL;
    if ((i == 0 || in[i - 1] == ' ') && c == 'a' && (in[i + 1] | 0x20) == 'l' &&
        (in[i + 2] == '-' || in[i + 2] == ' ')) {
      a = "\xd8\xa7\xd9\x84"; /* ال */
      i += 2;
    } else {
      switch (c) {
        case 'a':
          a = (i == 0 || in[i - 1] == ' ') ? "\xd8\xa3" : "\xd8\xa7";
          break;
        case 'b':
          a = "\xd8\xa8";
          break;
        case 't':
          a = "\xd8\xaa";
          break;
        case 'j':
          a = "\xd8\xac";
          break;
        case 'h':
          a = "\xd8\xad";
          break;
        case 'k':
          a = "\xd9\x83";
          break;
        case 'd':
          a = "\xd8\xaf";
          break;
        case 'r':
          a = "\xd8\xb1";
          break;
        case 'z':
          a = "\xd8\xb2";
          break;
        case 's':
          a = "\xd8\xb3";
          break;
        case 'f':
          a = "\xd9\x81";
          break;
        case 'q':
          a = "\xd9\x82";
          break;
        case 'l':
          a = "\xd9\x84";
          break;
        case 'm':
          a = "\xd9\x85";
          break;
        case 'n':
          a = "\xd9\x86";
          break;
        case 'w':
        case 'u':
        case 'o':
          a = "\xd9\x88";
          break;
        case 'y':
        case 'i':
          a = "\xd9\x8a";
          break;
        case 'g':
          a = "\xd8\xba";
          break;
        case ' ':
          a = " ";
          break;
        default:
          break; /* e, hyphen: short vowel / nothing */
      }
    }
    if (a) {
      size_t m = strlen(a);
      memcpy(out + j, a, m);
      j += m;
    }
  }
  out[j] = 0;
}

/* Cyrillic rendering (refused by the import's script filter, as real ones are). */
static void to_cyrillic(const char *in, char *out, size_t cap) {
  static const char *const cy[26] = {
      "\xd0\xb0", "\xd0\xb1", "\xd1\x86",         "\xd0\xb4", "\xd0\xb5", "\xd1\x84", "\xd0\xb3",
      "\xd1\x85", "\xd0\xb8", "\xd0\xb9",         "\xd0\xba", "\xd0\xbb", "\xd0\xbc", "\xd0\xbd",
      "\xd0\xbe", "\xd0\xbf", "\xd0\xba",         "\xd1\x80", "\xd1\x81", "\xd1\x82", "\xd1\x83",
      "\xd0\xb2", "\xd0\xb2", "\xd0\xba\xd1\x81", "\xd0\xb8", "\xd0\xb7"};
  size_t j = 0;
  for (size_t i = 0; in[i] && j + 6 < cap; i++) {
    char c = (char)(in[i] | 0x20);
    const char *a = c >= 'a' && c <= 'z' ? cy[c - 'a'] : (in[i] == ' ' ? " " : "-");
    size_t m = strlen(a);
    memcpy(out + j, a, m);
    j += m;
  }
  out[j] = 0;
}

/* admin2 areas per admin1 area (deterministic, so place rows can name one) */
static int n_admin2(int ci, int a1) {
  return 3 + (ci * 41 + a1 * 7) % 18;
}

/* ---- output ---- */
typedef struct {
  FILE *geo, *alt, *a1, *a2;
  uint64_t records, names, alt_rows, alt_names, alt_id;
} gen;

/* alternateNamesV2 row */
static void alt_row(gen *g, uint32_t gid, const char *lang, const char *name, int pref, int hist,
                    int is_name) {
  fprintf(g->alt, "%llu\t%u\t%s\t%s\t%s\t\t\t%s\t\t%s\n", (unsigned long long)++g->alt_id, gid,
          lang, name, pref ? "1" : "", hist ? "1" : "", hist && chance(0.5) ? "1950" : "");
  g->alt_rows++;
  if (is_name) g->alt_names++;
}

static uint32_t pareto_pop(double scale, double alpha, uint32_t cap) {
  double p = scale * pow(unif(), -1.0 / alpha);
  return p > cap ? cap : (uint32_t)p;
}

int main(int argc, char **argv) {
  long nrec = 3000000;
  const char *dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
      nrec = atol(argv[++i]);
    else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
      g_rng = strtoull(argv[++i], NULL, 10);
    else if (argv[i][0] != '-' && !dir)
      dir = argv[i];
    else {
      fprintf(stderr, "usage: %s [-n RECORDS] [-s SEED] OUTDIR\n", argv[0]);
      return 2;
    }
  }
  if (!dir || nrec <= 0 || nrec > 50000000) {
    fprintf(stderr, "usage: %s [-n RECORDS (1..50000000)] [-s SEED] OUTDIR\n", argv[0]);
    return 2;
  }
  char path[4][4096];
  const char *fn[4] = {"allCountries.txt", "alternateNamesV2.txt", "admin1CodesASCII.txt",
                       "admin2Codes.txt"};
  FILE *fs[4];
  for (int k = 0; k < 4; k++) {
    snprintf(path[k], sizeof path[k], "%s/%s", dir, fn[k]);
    fs[k] = fopen(path[k], "w");
    if (!fs[k]) {
      perror(path[k]);
      return 1;
    }
    setvbuf(fs[k], NULL, _IOFBF, 1 << 20);
  }
  gen g = {fs[0], fs[1], fs[2], fs[3], 0, 0, 0, 0, 0};

  /* Zipf-like share of rows per country (in a shuffled order of the codes) */
  int order[NCC];
  for (int i = 0; i < NCC; i++) order[i] = i;
  for (int i = NCC - 1; i > 0; i--) {
    int j = pick(i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  double cum[NCC], tot = 0;
  for (int i = 0; i < NCC; i++) cum[i] = (tot += 1.0 / pow(i + 1, 0.9));
  /* per country: admin1 count, centre */
  int na1[NCC];
  double clat[NCC], clon[NCC];
  for (int i = 0; i < NCC; i++) {
    na1[i] = 5 + pick(36);
    clat[i] = -50 + unif() * 110;
    clon[i] = -170 + unif() * 340;
  }
  /* admin1 / admin2 names and ADM1 rows */
  uint32_t gid = 20000000;
  char name[NAME_MAX_LEN], ascii[NAME_MAX_LEN], alt[NAME_MAX_LEN * 4];
  for (int i = 0; i < NCC; i++) {
    int shape = shape_of(CC[i]);
    for (int a = 1; a <= na1[i]; a++) {
      make_name(shape, ascii);
      uint32_t id = gid++;
      fprintf(g.a1, "%s.Z%02d\t%s\t%s\t%u\n", CC[i], a, ascii, ascii, id);
      double lat = clat[i] + (unif() - 0.5) * 8, lon = clon[i] + (unif() - 0.5) * 8;
      fprintf(g.geo,
              "%u\t%s\t%s\t%s Province\t%.5f\t%.5f\tA\tADM1\t%s\t\tZ%02d\t\t\t\t%u\t\t%d\t"
              "UTC\t2024-01-01\n",
              id, ascii, ascii, ascii,
              lat > 89    ? 89
              : lat < -89 ? -89
                          : lat,
              lon, CC[i], a, pareto_pop(200000, 1.5, 30000000), pick(2000));
      g.records++;
      g.names += 3;
      int n2 = n_admin2(i, a);
      for (int b = 1; b <= n2; b++) {
        make_name(shape, ascii);
        fprintf(g.a2, "%s.Z%02d.Z%02d%02d\t%s District\t%s District\t%u\n", CC[i], a, a, b, ascii,
                ascii, gid++);
      }
    }
  }
  /* place rows */
  static const char *const PFC[] = {"PPL",  "PPL",   "PPL",  "PPL",   "PPL",
                                    "PPLX", "PPLA3", "PPLL", "PPLA2", "PPLQ"};
  static const char *const HFC[] = {"STM", "WLL", "LK", "RSV", "SPNG", "WAD", "STMI", "CNL"};
  static const char *const TFC[] = {"MT", "HLL", "VAL", "PLN", "PASS", "RDGE", "DPR", "HLLS"};
  static const char *const SFC[] = {"SCH", "MSQE", "FRM", "BLDG", "CMP", "HSP", "RSTN", "MLWND"};
  static const char *const AFC[] = {"ADM2", "ADM3", "ADM4"};
  static const char *const OTHER_LANG[] = {"en", "fr", "de", "es", "ru",
                                           "tr", "fa", "ur", "so", "ha"};
  for (long r = g.records; r < nrec; r++) {
    double u = unif() * tot;
    int lo = 0, hi = NCC - 1;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (cum[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
    int ci = order[lo];
    const char *cc = CC[ci];
    int shape = chance(0.9) ? shape_of(cc) : pick(5);
    int a1 = 1 + pick(na1[ci]);
    char a2[32];
    snprintf(a2, sizeof a2, "Z%02d%02d", a1, 1 + pick(n_admin2(ci, a1)));
    double f = unif();
    char fclass;
    const char *fcode;
    uint32_t pop = 0;
    if (f < 0.42) {
      fclass = 'P';
      fcode = PFC[pick(ARR(PFC))];
      pop = chance(0.55) ? 0 : pareto_pop(150, 1.1, 20000000);
      if (pop > 300000 && chance(0.3)) fcode = "PPLA";
    } else if (f < 0.62) {
      fclass = 'H';
      fcode = HFC[pick(ARR(HFC))];
    } else if (f < 0.80) {
      fclass = 'T';
      fcode = TFC[pick(ARR(TFC))];
    } else if (f < 0.96) {
      fclass = 'S';
      fcode = SFC[pick(ARR(SFC))];
    } else {
      fclass = 'A';
      fcode = AFC[pick(ARR(AFC))];
    }
    make_name(shape, ascii);
    if (fclass != 'P' && chance(0.4)) {
      static const char *const T_PRE[] = {"Wadi ",  "Jabal ", "Tell ", "Bir ",
                                          "Mount ", "Lake ",  "River "};
      char t[NAME_MAX_LEN];
      snprintf(t, sizeof t, "%s%s", T_PRE[pick(ARR(T_PRE))], ascii);
      memcpy(ascii, t, sizeof t);
    }
    if (chance(0.4))
      make_diacritic(ascii, name, sizeof name);
    else
      memcpy(name, ascii, sizeof name);
    uint32_t id = gid++;
    /* alternate names in the row: mostly few, a long tail for big places */
    int nalt = (int)(-log(unif()) * 1.7);
    if (pop > 50000) nalt += 5 + pick(20);
    if (pop > 1000000) nalt += 20 + pick(40);
    if (nalt > 80) nalt = 80;
    size_t al = 0;
    alt[0] = 0;
    for (int k = 0; k < nalt; k++) {
      char v[NAME_MAX_LEN * 3];
      double kind = unif();
      if (kind < 0.5)
        make_variant(ascii, v);
      else if (kind < 0.75 && shape == S_ARABIC)
        to_arabic(ascii, v, sizeof v);
      else if (kind < 0.75 && shape == S_SLAVIC)
        to_cyrillic(ascii, v, sizeof v);
      else
        make_name(pick(5), v);
      size_t vl = strlen(v);
      if (!vl || al + vl + 2 >= sizeof alt) break;
      if (al) alt[al++] = ',';
      memcpy(alt + al, v, vl + 1);
      al += vl;
      g.names++;
    }
    double lat = clat[ci] + (unif() - 0.5) * 10, lon = clon[ci] + (unif() - 0.5) * 10;
    if (lat > 89.9) lat = 89.9;
    if (lat < -89.9) lat = -89.9;
    if (lon > 180) lon -= 360;
    if (lon < -180) lon += 360;
    fprintf(g.geo,
            "%u\t%s\t%s\t%s\t%.5f\t%.5f\t%c\t%s\t%s\t\tZ%02d\t%s\t\t\t%u\t\t%d\tUTC\t"
            "2024-01-01\n",
            id, name, ascii, alt, lat, lon, fclass, fcode, cc, a1, a2, pop, pick(3000));
    g.records++;
    g.names += 2;
    /* alternate-names table rows */
    if (chance(0.25)) {
      char url[NAME_MAX_LEN + 64];
      snprintf(url, sizeof url, "https://en.wikipedia.org/wiki/%s", ascii);
      for (char *p = url; *p; p++)
        if (*p == ' ') *p = '_';
      alt_row(&g, id, "link", url, 0, 0, 0);
    }
    if (chance(0.15)) {
      char q[32];
      snprintf(q, sizeof q, "Q%u", id / 3);
      alt_row(&g, id, "wkdt", q, 0, 0, 0);
    }
    if (fclass == 'P' && chance(0.03)) {
      char q[32];
      snprintf(q, sizeof q, "%05u", (unsigned)pick(99999));
      alt_row(&g, id, "post", q, 0, 0, 0);
    }
    if (fcode[0] == 'S' && chance(0.01)) alt_row(&g, id, "iata", "XQZ", 0, 0, 0);
    int nal = (int)(-log(unif()) * 1.1);
    if (pop > 100000) nal += 3 + pick(10);
    for (int k = 0; k < nal; k++) {
      char v[NAME_MAX_LEN * 3];
      const char *lang = OTHER_LANG[pick(ARR(OTHER_LANG))];
      double kind = unif();
      if (kind < 0.35 && shape == S_ARABIC) {
        to_arabic(ascii, v, sizeof v);
        lang = "ar";
      } else if (kind < 0.35 && shape == S_SLAVIC) {
        to_cyrillic(ascii, v, sizeof v);
        lang = chance(0.5) ? "uk" : "ru";
      } else if (kind < 0.7) {
        make_variant(ascii, v);
      } else {
        make_name(pick(5), v);
      }
      alt_row(&g, id, lang, v, k == 0 && chance(0.3), 0, 1);
    }
    if (chance(0.03)) { /* a historic name */
      char v[NAME_MAX_LEN];
      make_name(shape, v);
      alt_row(&g, id, chance(0.5) ? "en" : "", v, 0, 1, 1);
    }
    if (chance(0.005)) { /* a geonameid the dump does not have */
      char v[NAME_MAX_LEN];
      make_name(shape, v);
      alt_row(&g, 900000000u + (uint32_t)pick(1000000), "en", v, 0, 0, 1);
    }
  }
  int bad = 0;
  for (int k = 0; k < 4; k++) bad |= fclose(fs[k]) != 0;
  if (bad) {
    fprintf(stderr, "gen_gazetteer: write error in %s\n", dir);
    return 1;
  }
  printf("records        %llu\n", (unsigned long long)g.records);
  printf(
      "names          %llu (name + asciiname + alternatenames %llu, alternate-names table %llu)\n",
      (unsigned long long)(g.names + g.alt_names), (unsigned long long)g.names,
      (unsigned long long)g.alt_names);
  printf("alt table rows %llu (of which not names: %llu)\n", (unsigned long long)g.alt_rows,
         (unsigned long long)(g.alt_rows - g.alt_names));
  return 0;
}
