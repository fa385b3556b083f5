/* places_find.c - place-name candidates of a sentence (geoparsing, first half):
 * capitalised spans looked up in the gazetteer where the context says "place" (a locative
 * preposition or an event verb before it, "the town of", "X province", a list of places),
 * a country named right before ("the Lebanese city of Tripoli") or in the sentence, and
 * the filter that drops small places abroad once the focus country is known.
 */
#include "code_internal.h"

#include <stdlib.h>

static int particle(const cdoc *c, uint32_t i) { return (cd_wf(c, i) & SR_W_PARTICLE) != 0; }

/* an event verb (not a frame) at token i */
static int event_verb_at(const cdoc *c, uint32_t i) {
  if (c->tokm[i] != TK_VERB) return 0;
  const sr_chunk *v = cd_chunk_at(c, i);
  if (!v || v->kind != SR_CH_VG) return 0;
  int32_t t = c->trig[c->p.chunk_of[i]];
  return t >= 0 && c->lm[t].act->act == SR_ACT_EVENT;
}

/* With a known focus country, small places abroad are misreadings ("Harse", "Jazeera"), and
 * places abroad must match their own name, not an alternate ("Salim" is not Jerusalem).
 * Removes such candidates; returns how many are left. */
/* Countries of one theatre: a report focused on one may name small places in the others
 * (Jenin in an Israeli story, Kursk in a Ukrainian one, Diffa in a Lake Chad one). */
/* The theatres, one bit each: 0 IL PS LB SY, 1 UA RU, 2 SD SS TD, 3 NG NE TD CM, 4 ML BF NE,
 * 5 CD RW UG BI, 6 AF PK, 7 SY IQ LB TR JO, 8 YE SA, 9 SO KE ET, 10 MM TH BD, 11 LY TD EG TN;
 * by country code ([A-Z][A-Z] as (a - 'A') * 26 + (b - 'A')), the theatres it is in. */
#define CC(a, b) (((a) - 'A') * 26 + ((b) - 'A'))
static const uint16_t THEATRE_OF[26 * 26] = {
    [CC('A', 'F')] = 0x040, [CC('B', 'D')] = 0x400, [CC('B', 'F')] = 0x010, [CC('B', 'I')] = 0x020,
    [CC('C', 'D')] = 0x020, [CC('C', 'M')] = 0x008, [CC('E', 'G')] = 0x800, [CC('E', 'T')] = 0x200,
    [CC('I', 'L')] = 0x001, [CC('I', 'Q')] = 0x080, [CC('J', 'O')] = 0x080, [CC('K', 'E')] = 0x200,
    [CC('L', 'B')] = 0x081, [CC('L', 'Y')] = 0x800, [CC('M', 'L')] = 0x010, [CC('M', 'M')] = 0x400,
    [CC('N', 'E')] = 0x018, [CC('N', 'G')] = 0x008, [CC('P', 'K')] = 0x040, [CC('P', 'S')] = 0x001,
    [CC('R', 'U')] = 0x002, [CC('R', 'W')] = 0x020, [CC('S', 'A')] = 0x100, [CC('S', 'D')] = 0x004,
    [CC('S', 'O')] = 0x200, [CC('S', 'S')] = 0x004, [CC('S', 'Y')] = 0x081, [CC('T', 'D')] = 0x80c,
    [CC('T', 'H')] = 0x400, [CC('T', 'N')] = 0x800, [CC('T', 'R')] = 0x080, [CC('U', 'A')] = 0x002,
    [CC('U', 'G')] = 0x020, [CC('Y', 'E')] = 0x100,
};
#undef CC

/* The theatres a country code is in (0 for anything but two capitals). */
static unsigned theatres_of(const char *cc) {
  if (!(cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z' && !cc[2])) return 0;
  return THEATRE_OF[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

static int same_theatre(const char *a, const char *b) {
  if (!strcmp(a, b)) return 1;
  return (theatres_of(a) & theatres_of(b)) != 0;
}

int cd_filter_abroad(cdoc *c, pcand *pc) {
  if (!c->focus[0]) return pc->weak ? 0 : pc->n;
  sr_place p;
  char k1[128], k2[128];
  sr_fold(c->t->src + pc->ob, pc->oe - pc->ob, k1, sizeof k1);
  int nk = 0;
  for (int k = 0; k < pc->n; k++) {
    int ok = 0;
    if (sr_gaz_get(c->gz, pc->idx[k], &p)) continue;
    if (pc->weak) {
      if (!strcmp(p.cc, c->focus) && p.fclass == 'P' && p.population >= 5000) pc->idx[nk++] = pc->idx[k];
      continue;
    }
    if (!strcmp(p.cc, c->focus)) ok = 1;
    else if (p.population >= 100000 || !strcmp(p.fcode, "ADM1") || !strncmp(p.fcode, "PCL", 3) ||
             !strcmp(p.fcode, "PPLC") || !strcmp(p.fcode, "PPLG") || (pc->cue && same_theatre(p.cc, c->focus))) {
      sr_fold(p.name, strlen(p.name), k2, sizeof k2);
      if (!strcmp(k1, k2)) ok = 1;
      sr_fold(p.asciiname, strlen(p.asciiname), k2, sizeof k2);
      if (!strcmp(k1, k2)) ok = 1;
      /* "struck targets in Hodeidah" (Al Hudaydah) told by an Israeli report: a city or seat of a
       * conflict country, written after a locative cue, under another spelling */
      if (!ok && pc->cue && cd_conflict_country(p.cc) && p.fclass == 'P' &&
          (p.population >= 100000 || !strncmp(p.fcode, "PPLA", 4) || !strcmp(p.fcode, "PPLC")))
        ok = 1;
    }
    if (ok) pc->idx[nk++] = pc->idx[k];
  }
  pc->n = nk;
  return nk;
}

static int road_word(const cdoc *c, uint32_t i) {
  return cd_is(c, i, "highway") || cd_is(c, i, "road") || cd_is(c, i, "motorway") || cd_is(c, i, "railway") ||
         cd_is(c, i, "pipeline") || cd_is(c, i, "corridor") || cd_is(c, i, "route");
}

/* Is span [b, e) an end of a road named by its two ends ("the Kabul-Kandahar highway", "the
 * Tank-Dera Ismail Khan road")? Such a name says the road, not that town: it is the event's
 * place only when no other place is named (places_event.c). */
static int road_end(const cdoc *c, uint32_t b, uint32_t e, uint32_t se) {
  if (e < se && road_word(c, e) && (c->t->tok[b].flags & SR_TOK_HYPHEN)) return 1; /* the second end */
  if (e >= se || !(c->t->tok[e].flags & SR_TOK_HYPHEN)) return 0;
  for (uint32_t q = e; q < se && q < e + 4; q++) { /* the first end: a capitalised name, then the road */
    if (road_word(c, q)) return q > e;
    if (!(c->t->tok[q].flags & SR_TOK_CAP)) return 0;
  }
  return 0;
}

/* Is there a locative cue before token b (skipping "the city of" etc.)? */
static int loc_cue_before(cdoc *c, uint32_t b, uint32_t sb) {
  uint32_t i = b;
  int steps = 0;
  while (i > sb && steps < 5) {
    i--;
    steps++;
    uint64_t f = cd_wf(c, i);
    const char *w = cd_fold(c, i);
    if (f & SR_W_LOCPREP) return 1;
    if (event_verb_at(c, i)) return 1;
    if (c->tokm[i]) return 0;
    if (!strcmp(w, "of")) {
      /* "the city of X", "north of X", "outskirts of X", "countryside of X" */
      if (i > sb && (cd_wf(c, i - 1) & (SR_W_LOCNOUN | SR_W_DIR | SR_W_NEAR))) return 1;
      if (i > sb && c->tokm[i - 1] == TK_NOUNTRIG) return 1;
      if (i > sb && !strcmp(cd_fold(c, i - 1), "out")) return 1; /* "pulled out of X", "driven out of X" */
      return 0;
    }
    if (!strcmp(w, "on") || !strcmp(w, "against") || !strcmp(w, "upon")) {
      /* "an assault on X", "attacks against X", "advance on X" */
      if (i > sb && (c->tokm[i - 1] == TK_NOUNTRIG || event_verb_at(c, i - 1))) return 1;
      return 0;
    }
    if (f & (SR_W_LOCNOUN | SR_W_DET | SR_W_DIR)) continue;
    if ((c->t->tok[i].flags & SR_TOK_PUNCT) && cd_fold(c, i)[0] == ',') return 0;
    /* "in Tessit (Ansongo, Gao)", "Kyauktaw town (Rakhine)": the areas that hold a place,
     * in parentheses after its name (the way event notes locate a village) */
    if (cd_fold(c, i)[0] == '(' && c->t->tok[i].flen == 1 && i > sb &&
        ((c->t->tok[i - 1].flags & SR_TOK_CAP) || (cd_wf(c, i - 1) & SR_W_LOCNOUN)))
      return 1;
    if ((c->t->tok[i].flags & SR_TOK_CAP) || particle(c, i)) continue; /* "the Syrian city of" */
    return 0;
  }
  return 0;
}


/* a country adjective or name within four tokens before token b: "the northern Lebanese city
 * of Tripoli", "Yemen's Marib province" */
static void country_hint(cdoc *c, uint32_t b, uint32_t sb, char out[3]) {
  out[0] = 0;
  const sr_lex_entry *e[8];
  int locnoun = 0; /* only "the Lebanese city of X", not "Russian bombs pounded X" */
  for (uint32_t q = b; q > sb && b - q < 5;) {
    q--;
    if ((c->t->tok[q].flags & SR_TOK_PUNCT) && cd_fold(c, q)[0] != '\'') return;
    if (cd_wf(c, q) & SR_W_LOCNOUN) locnoun = 1;
    if (!locnoun && !(c->t->tok[q].flags & SR_TOK_POSS) && !(q + 1 < b && (c->t->tok[q + 1].flags & SR_TOK_POSS)))
      continue;
    int n = sr_lex_match(c->lx, c->t, q, b, e, 8);
    for (int k = 0; k < n; k++)
      if (e[k]->type == SR_ENT_ADJ || e[k]->type == SR_ENT_COUNTRY) {
        const sr_lex_country *co = sr_lex_country_at(c->lx, e[k]->val);
        if (co) {
          memcpy(out, co->cc, 2);
          out[2] = 0;
          return;
        }
      }
  }
}

/* "the Lebanese town of Khiam" with Khiam unknown to the gazetteer: the country the phrase
 * names, as a country-level place (its gazetteer record, found by the country's name) */
static int hinted_country(cdoc *c, uint32_t b, uint32_t sb, pcand *pc) {
  if (b < sb + 3 || !cd_is(c, b - 1, "of") || !(cd_wf(c, b - 2) & SR_W_LOCNOUN)) return 0;
  country_hint(c, b, sb, pc->hint);
  if (!pc->hint[0]) return 0;
  int32_t ci = sr_lex_country_by_cc(c->lx, pc->hint);
  const sr_lex_country *co = ci >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ci) : NULL;
  if (!co) return 0;
  const char *nm = sr_lex_str(c->lx, co->name);
  uint32_t idx[16];
  int n = sr_gaz_lookup(c->gz, nm, strlen(nm), idx, 16);
  sr_place p;
  for (int k = 0; k < n; k++)
    if (sr_gaz_get(c->gz, idx[k], &p) == 0 && !strncmp(p.fcode, "PCL", 3) && !strcmp(p.cc, pc->hint)) {
      pc->idx[0] = idx[k], pc->n = 1;
      return 1;
    }
  return 0;
}

/* the one country named (by name, not adjective) in sentence s, "" when none or several */
static void sentence_country(cdoc *c, const sr_sentence *s, char out[3]) {
  out[0] = 0;
  const sr_lex_entry *e[8];
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
    if (!(c->t->tok[i].flags & SR_TOK_CAP)) continue;
    int n = sr_lex_match(c->lx, c->t, i, s->tok_end, e, 8);
    for (int k = 0; k < n; k++)
      if (e[k]->type == SR_ENT_COUNTRY) {
        const sr_lex_country *co = sr_lex_country_at(c->lx, e[k]->val);
        if (!co) continue;
        if (out[0] && strncmp(out, co->cc, 2)) {
          out[0] = 0; /* two countries: no hint */
          return;
        }
        memcpy(out, co->cc, 2);
        out[2] = 0;
        break;
      }
  }
}

/* Fill pc->scc when it can matter: no country named right before, and candidates in more
 * than one country. The sentence's country is computed once (cached in the context). */
void cd_need_scc(cdoc *c, pcand *pc) {
  if (pc->hint[0] || pc->n < 2) return;
  sr_place p;
  char first[3] = "";
  int several = 0;
  for (int k = 0; k < pc->n && !several; k++)
    if (sr_gaz_get(c->gz, pc->idx[k], &p) == 0) {
      if (!first[0]) memcpy(first, p.cc, 3);
      else if (strcmp(first, p.cc)) several = 1;
    }
  if (!several) return;
  if (c->scc_sent != pc->si + 1) {
    sentence_country(c, &c->t->sent[pc->si], c->scc);
    c->scc_sent = pc->si + 1;
  }
  memcpy(pc->scc, c->scc, 3);
}

/* Find place candidates in sentence si (spans and gazetteer candidates). */
static int vessel_word(const cdoc *c, uint32_t i) {
  static const char *const V[] = {"boat", "ship", "vessel", "ferry", "tanker", "freighter", "frigate", "warship",
                                  "carrier", "cruiser", "destroyer", "steamer", NULL};
  for (int k = 0; V[k]; k++)
    if (cd_is(c, i, V[k])) return 1;
  return 0;
}

/* the span [i, ee) of the capitalised run [i, e) as a place: 1 = found (*out), 0 = try a
 * shorter span, -1 = stop (a shorter one would drop a word that is part of the name) */
static int try_span(cdoc *c, uint32_t si, uint32_t i, uint32_t ee, uint32_t e, int list_ok, pcand *out) {
  const sr_sentence *s = &c->t->sent[si];
  /* strip a trailing particle */
  if (ee - i > 1 && particle(c, ee - 1)) return 0;
  if (ee < e) {
    /* "from Baghdad's Tahrir Square": the owner of a place named after it is a place itself */
    int owner = (c->t->tok[ee].flags & SR_TOK_POSS) != 0;
    int droppable = 1;
    for (uint32_t q = ee; q < e && droppable && !owner; q++)
      if (!(cd_wf(c, q) & (SR_W_LOCNOUN | SR_W_DIR | SR_W_TIME | SR_W_PARTICLE)) &&
          !(q + 1 < e && (cd_is(c, q, "air") || cd_is(c, q, "naval")) && cd_is(c, q + 1, "base")))
        droppable = 0;
    if (!droppable) return -1;
    /* "Air Base 201": the head of a facility name is no place of its own */
    if (cd_is(c, ee - 1, "air") || cd_is(c, ee - 1, "naval")) return 0;
  }
  /* "Pan-American", "Afro-Colombian", "Sino-Indian": a prefix joined to a demonym makes an
   * adjective, no place */
  if (ee < s->tok_end && (c->t->tok[ee].flags & SR_TOK_HYPHEN))
    for (uint32_t q = c->lm_at[ee]; q < c->lm_at[ee + 1]; q++)
      if (c->lm[q].type == SR_ENT_ADJ) return 0;
  uint32_t ob = c->t->tok[i].off, oe = c->t->tok[ee - 1].off + c->t->tok[ee - 1].len;
  pcand pc;
  memset(&pc, 0, sizeof pc);
  pc.b = i, pc.e = ee;
  pc.road = road_end(c, i, ee, s->tok_end);
  /* single common words need a locative cue; test that before the lookup */
  int single = ee - i == 1;
  uint64_t wf = cd_wf(c, i);
  if (single && (wf & (SR_W_NOPLACE | SR_W_LOCNOUN))) return 0; /* "Base", "Province" */
  if (ee - i == 1 && i == s->tok_begin && wf) return 0; /* "The", "In" at the start */
  pc.cue = loc_cue_before(c, i, s->tok_begin) || list_ok;
  if (ee < s->tok_end && (cd_wf(c, ee) & SR_W_LOCNOUN)) {
    pc.cue = 1;
    const char *w = cd_fold(c, ee);
    static const char *const ADM[] = {"province", "governorate", "region", "state", "oblast", "countryside",
                                      "district", "county", "department", "regency", "township", "municipality",
                                      "prefecture", "territory", "commune", "lga", "division", "parish", "zone", "woreda",
                                      "raion", "cercle", "tehsil", "upazila", NULL};
    for (int q = 0; ADM[q]; q++)
      if (!strcmp(w, ADM[q])) pc.admin = 1;
  }
  if (i >= s->tok_begin + 2 && cd_is(c, i - 1, "of") &&
      (cd_is(c, i - 2, "province") || cd_is(c, i - 2, "governorate")))
    pc.admin = 1;
  if (!pc.cue && single && wf) return 0; /* "said", "The": function words are no places */
  /* with no cue, acronyms ("UN", "NATO") and long names ("Prime Minister Narendra Modi") are
   * not worth a lookup: places named without a cue are short and capitalised, not all caps */
  if (!pc.cue && ((single && (c->t->tok[i].flags & SR_TOK_ALLCAP)) || ee - i > 2)) return 0;
  pc.n = sr_gaz_lookup(c->gz, c->t->src + ob, oe - ob, pc.idx, 16);
  if (c->debug) fprintf(stderr, "  place? '%.*s' cue=%d n=%d\n", (int)(oe - ob), c->t->src + ob, pc.cue, pc.n);
  if (pc.n <= 0 && pc.cue && ee == e && hinted_country(c, i, s->tok_begin, &pc)) {
    pc.ob = ob, pc.oe = oe, pc.si = si, pc.fallback = 1;
    *out = pc;
    return 1;
  }
  if (pc.n <= 0) return 0;
  if (!pc.cue) {
    /* without a cue only well-known places, and never words of the lexicon */
    if (single && wf) return 0;
    sr_place p;
    int big = 0;
    for (int k = 0; k < pc.n && !big; k++)
      if (sr_gaz_get(c->gz, pc.idx[k], &p) == 0 &&
          (p.population >= 100000 || !strcmp(p.fcode, "ADM1") || !strncmp(p.fcode, "PCL", 3)))
        big = 1;
    /* a smaller town with no cue ("kept Timbuktu under blockade") is decided once the
     * focus country is known: it must lie there (see filter_abroad) */
    if (!big) {
      if (i > s->tok_begin && (c->t->tok[i - 1].flags & SR_TOK_CAP)) return 0;
      pc.weak = 1;
    }
  }
  pc.ob = ob, pc.oe = oe;
  country_hint(c, i, s->tok_begin, pc.hint);
  pc.si = si;
  *out = pc;
  return 1;
}

/* "The Hague", "The Gambia": a name that starts with "The" (the gazetteer knows it whole) */
static int the_name(cdoc *c, uint32_t i, uint32_t e) {
  if (!cd_is(c, i, "the") || e - i < 2) return 0;
  uint32_t idx[4], ob = c->t->tok[i].off, oe = c->t->tok[e - 1].off + c->t->tok[e - 1].len;
  int n = sr_gaz_lookup(c->gz, c->t->src + ob, oe - ob, idx, 4);
  for (int k = 0; k < n; k++) {
    sr_place p;
    if (sr_gaz_get(c->gz, idx[k], &p) == 0 && !strncmp(p.name, "The ", 4)) return 1;
  }
  return 0;
}

int cd_say_at(const cdoc *c, uint32_t i) {
  if (i >= c->t->ntok) return 0;
  /* a finite verb: "Ankara said", "Kyiv says" (not "a rally in Lviv calling for ...") */
  uint8_t t = c->p.tag ? c->p.tag[i] : SR_T_VBD;
  if (t != SR_T_VBD && t != SR_T_VBZ && t != SR_T_VBP) return 0;
  for (uint32_t k = c->lm_at[i]; k < c->lm_at[i + 1]; k++)
    if (c->lm[k].type == SR_ENT_ACTION && c->lm[k].act->act == SR_ACT_SAY) return 1;
  return 0;
}

/* a facility word or phrase right after the name run ending at e, past a possessive and
 * "international" ("Tripoli's international airport", "the Chernobyl nuclear power plant"): the
 * index of its last token (*first, unless NULL: its first), 0 when none */
static uint32_t facility_after(const cdoc *c, uint32_t e, uint32_t end, uint32_t *first) {
  static const char *const F[][4] = {{"nuclear", "power", "plant"}, {"nuclear", "power", "station"},
                                     {"power", "plant"},            {"power", "station"},
                                     {"nuclear", "plant"},          {"air", "base"},
                                     {"naval", "base"},             {"oil", "refinery"},
                                     {"airport"}, {"camp"}, {"dam"}, {"crossing"}, {"prison"}, {"port"},
                                     {"refinery"}, {"airbase"}, {"corridor"}};
  uint32_t q = e;
  if (q < end && (c->t->tok[q].flags & SR_TOK_POSS)) q++;
  if (q < end && cd_is(c, q, "international") && !(c->t->tok[q].flags & SR_TOK_CAP)) q++;
  if (q >= end || c->tokm[q]) return 0;
  for (size_t k = 0; k < sizeof F / sizeof F[0]; k++) {
    uint32_t n = 0;
    while (n < 4 && F[k][n] && q + n < end && cd_is(c, q + n, F[k][n])) n++;
    if (n && (n == 4 || !F[k][n])) {
      if (first) *first = q;
      return q + n - 1;
    }
  }
  return 0;
}

/* gazetteer candidates of the facility "NAME WORDS" where the name is tokens [i, e) and the
 * facility is tokens [ff, fe], written next to the name or after "'s" / "international" */
static int facility_lookup(cdoc *c, uint32_t i, uint32_t e, uint32_t ff, uint32_t fe, uint32_t *idx) {
  const sr_token *t = c->t->tok;
  uint32_t ob = t[i].off, ne = t[e - 1].off + t[e - 1].len, fo = t[ff].off, fl = t[fe].off + t[fe].len - fo;
  if (ff < i && ff + 2 != i) return 0;
  if (ff == e) return sr_gaz_lookup(c->gz, c->t->src + ob, fo + fl - ob, idx, 16);
  char buf[160];
  if (ne - ob + 1 + fl >= sizeof buf) return 0;
  memcpy(buf, c->t->src + ob, ne - ob);
  buf[ne - ob] = ' ';
  memcpy(buf + ne - ob + 1, c->t->src + fo, fl);
  return sr_gaz_lookup(c->gz, buf, ne - ob + 1 + fl, idx, 16);
}

int cd_find_places(cdoc *c, uint32_t si, pcand *out, int max) {
  if (!c->gz) return 0;
  const sr_sentence *s = &c->t->sent[si];
  int n = 0;
  int list_ok = 0; /* previous place accepted and we are in a list */
  for (uint32_t i = s->tok_begin; i < s->tok_end && n < max;) {
    if (!(c->t->tok[i].flags & SR_TOK_CAP) || (c->t->tok[i].flags & SR_TOK_PUNCT) || c->tokm[i] ||
        (i == s->tok_begin && (cd_wf(c, i) & (SR_W_NOPLACE | SR_W_PREP | SR_W_DET | SR_W_CONJ)) &&
         !(cd_wf(c, i) & (SR_W_LOCPREP | SR_W_PARTICLE)))) {
      /* list continuation survives ", " "and" "or" "as well as" "and in" */
      const char *w = cd_fold(c, i);
      if (!((c->t->tok[i].flags & SR_TOK_PUNCT) && w[0] == ',') && !(cd_wf(c, i) & SR_W_LISTCONT)) list_ok = 0;
      i++;
      continue;
    }
    /* span of capitalised words and particles */
    uint32_t e = i;
    while (e < s->tok_end && e - i < 6) {
      if (c->tokm[e]) break;
      if ((c->t->tok[e].flags & SR_TOK_PUNCT)) break;
      if ((c->t->tok[e].flags & SR_TOK_CAP) || (e > i && particle(c, e) && e + 1 < s->tok_end && (c->t->tok[e + 1].flags & SR_TOK_CAP)) ||
          (e > i && (c->t->tok[e].flags & SR_TOK_HYPHEN)))
        e++;
      else
        break;
    }
    if (e == i) {
      i++;
      continue;
    }
    /* "the passenger boat Tombouctou", "the tanker Ionia": a vessel's name, not a place */
    if (i > s->tok_begin && vessel_word(c, i - 1)) {
      list_ok = 0;
      i = e;
      continue;
    }
    /* a leading function word is not part of the name ("And at Suweida", "In Idlib") */
    /* ("Abu Kamal", "Umm Qasr", "New Delhi" keep their first word: it is part of the name) */
    if (e - i > 1 && (cd_wf(c, i) & (SR_W_NOPLACE | SR_W_PREP | SR_W_DET | SR_W_CONJ | SR_W_LOCPREP)) &&
        !(cd_wf(c, i) & (SR_W_PARTICLE | SR_W_DIR)) &&
        !(cd_is(c, i, "abu") || cd_is(c, i, "umm") || cd_is(c, i, "bin") || cd_is(c, i, "ibn") || cd_is(c, i, "new") ||
          cd_is(c, i, "old") || cd_is(c, i, "upper") || cd_is(c, i, "lower") || cd_is(c, i, "great") ||
          cd_is(c, i, "little") || cd_is(c, i, "saint") || cd_is(c, i, "st")) &&
        !the_name(c, i, e)) {
      i++;
      continue;
    }
    /* try the whole span, then shorter ones; a shorter one may only drop words like
     * "Province" or "City": "Tall Al Safa" unknown is not "At Tall" */
    int found = 0;
    /* "Baghdad airport", "Zamzam camp", "Mosul dam", "Tripoli's international airport",
     * "Sanaa international airport": try the facility first */
    uint32_t ff = 0, fe = facility_after(c, e, s->tok_end, &ff);
    /* "the airport in Goma", "the port of Hodeidah": the facility named before its town */
    if (!fe && i >= s->tok_begin + 3 && (cd_is(c, i - 1, "in") || cd_is(c, i - 1, "of")) && cd_is(c, i - 3, "the") &&
        facility_after(c, i - 2, s->tok_end, NULL) == i - 2)
      fe = ff = i - 2;
    if (fe) {
      uint32_t ob = c->t->tok[i].off, oe = c->t->tok[fe].off + c->t->tok[fe].len;
      if (fe < i) oe = c->t->tok[e - 1].off + c->t->tok[e - 1].len;
      pcand pc;
      memset(&pc, 0, sizeof pc);
      pc.b = i, pc.e = fe < i ? e : fe + 1, pc.ob = ob, pc.oe = oe;
      pc.n = facility_lookup(c, i, e, ff, fe, pc.idx);
      if (pc.n > 0) {
        pc.cue = 1;
        out[n++] = pc;
        list_ok = 1;
        i = fe < i ? e : fe + 1;
        continue;
      }
    }
    for (uint32_t ee = e; ee > i && n < max; ee--) {
      /* "in Gara, Ankara said": a capital speaking for its state ends a list */
      int r = try_span(c, si, i, ee, e, list_ok && !cd_say_at(c, ee), &out[n]);
      if (r < 0) break;
      if (r > 0) {
        n++, found = 1, list_ok = 1, i = ee;
        break;
      }
    }
    if (!found) {
      list_ok = 0;
      /* an unknown name as a whole; "North Kivu" unknown may still be "Kivu" */
      i = (cd_wf(c, i) & SR_W_DIR) && e - i > 1 ? i + 1 : e;
    }
  }
  return n;
}

/* the countries of the conflicts sitrep covers: a prior when a report names no country */
int cd_conflict_country(const char *cc) {
  static const char C[] = "SY IQ YE LY UA RU SD SS SO NG NE TD CM ML BF MM CD RW AF PK IL PS LB TR IR ";
  if (!cc || !cc[0] || !cc[1] || cc[2]) return 0;
  for (const char *p = C; *p; p += 3)
    if (p[0] == cc[0] && p[1] == cc[1]) return 1;
  return 0;
}

