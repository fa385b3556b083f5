/* casualties.c - how many died and how many were hurt in each incident.
 *
 * A casualty mention is a word of death or injury (DEATH / INJURY in data/lexicon/words.txt)
 * and the count the grammar ties to it:
 *   the victims of an active verb       "killing three SDF fighters", "wounded 12"
 *   the subject of a passive or of die  "two soldiers were killed", "six people died"
 *   a number before the word            "2 killed", "at least 15 dead", "3 fatalities"
 *   a toll                              "the death toll rose to 40" (a total, not added)
 *   a negation                          "no casualties", "nobody was hurt" (0)
 * Counts are digits ("1,200"), number words ("twenty-five", "a dozen"), "a"/"an"/"one" and
 * a singular victim ("a civilian was shot dead"), and coordinated victims are summed ("two
 * soldiers and a child"). Vague amounts follow ACLED's codebook: "several", "many", "tens"
 * 10, "dozens" 12, "scores" 20, "hundreds" 100, "a few" 3; "at least N", "more than N",
 * "between N and M": N.
 *
 * Each mention belongs to the violent event of its sentence whose trigger is nearest before
 * it (else after it); a sentence with no violent event adds to the last one before it in the
 * paragraph (the incident it tells more of). Every event of one trigger shares the count. A
 * count said again in another clause ("killing 12 ... 12 people died") is one count unless
 * the clause says also/other/more, and a part of a group already counted ("killed 30
 * farmers, hacking many of them to death") adds nothing.
 */
#include "code_internal.h"

#include <stdlib.h>

enum { K_DEAD = 0, K_HURT = 1 };

/* ---- numbers */

static int small_word(const char *w) {
  static const char *const N[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                  "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                  "seventeen", "eighteen", "nineteen"};
  static const char *const T[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
  for (int k = 0; k < 20; k++)
    if (!strcmp(w, N[k])) return k;
  for (int k = 0; k < 8; k++)
    if (!strcmp(w, T[k])) return 20 + 10 * k;
  return -1;
}

/* vague amounts (ACLED's codebook conventions) */
static int vague_word(const char *w) {
  if (!strcmp(w, "several") || !strcmp(w, "many") || !strcmp(w, "numerous") || !strcmp(w, "multiple") ||
      !strcmp(w, "tens"))
    return 10;
  if (!strcmp(w, "scores")) return 20;
  if (!strcmp(w, "dozens")) return 12;
  if (!strcmp(w, "hundreds")) return 100;
  if (!strcmp(w, "thousands")) return 1000;
  return -1;
}

/* the number starting at token i of sentence [.., end): value, *e past it; -1 none */
long cd_number_at(const cdoc *c, uint32_t i, uint32_t end, uint32_t *e) {
  if (i >= end) return -1;
  const char *w = cd_fold(c, i);
  long v = -1;
  uint32_t k = i + 1;
  if (c->t->tok[i].flags & SR_TOK_NUM) {
    v = 0;
    for (const char *p = w; *p; p++) {
      if (*p == ',') continue;
      if (*p < '0' || *p > '9') return -1; /* 12:30, 2018-09-12, 3rd */
      if (v > 100000000) return -1;
      v = v * 10 + (*p - '0');
    }
  } else if ((v = small_word(w)) >= 20 && k < end && small_word(cd_fold(c, k)) > 0 &&
             small_word(cd_fold(c, k)) < 10) {
    v += small_word(cd_fold(c, k++)); /* twenty-five */
  } else if (v < 0 && (!strcmp(w, "a") || !strcmp(w, "an")) && k < end && cd_is(c, k, "dozen")) {
    v = 12, k++;
  } else if (v < 0 && !strcmp(w, "half") && k + 1 < end && cd_is(c, k, "a") && cd_is(c, k + 1, "dozen")) {
    v = 6, k += 2;
  } else if (v < 0 && !strcmp(w, "a") && k < end && (cd_is(c, k, "few") || cd_is(c, k, "handful"))) {
    v = 3, k++;
  } else if (v < 0) {
    v = vague_word(w);
  }
  if (v < 0 && (!strcmp(w, "a") || !strcmp(w, "an") || !strcmp(w, "one")) && k < end &&
      (cd_is(c, k, "hundred") || cd_is(c, k, "thousand")))
    v = 1; /* "a hundred", "a thousand": the multiplier follows */
  if (v < 0) return -1;
  if (k < end && cd_is(c, k, "dozen")) v *= 12, k++;
  else if (k < end && cd_is(c, k, "hundred")) v *= 100, k++;
  else if (k < end && cd_is(c, k, "thousand")) v *= 1000, k++;
  if (v > SR_CODE_MAX_COUNT) v = SR_CODE_MAX_COUNT; /* every count is capped */
  *e = k;
  return v;
}

/* "no fewer than 12", "no less than 20": a lower bound, not a negation */
static int no_fewer(const cdoc *c, uint32_t j) {
  return cd_is(c, j, "no") && j + 2 < c->t->ntok && (cd_is(c, j + 1, "fewer") || cd_is(c, j + 1, "less")) &&
         cd_is(c, j + 2, "than");
}

/* a singular NP that names one victim: "a soldier", "the driver", "he", "Juan Lopez"; not a
 * place, a thing hit, an event or a group */
static int one_victim(const cdoc *c, int32_t k) {
  const sr_chunk *x = &c->p.ch[k];
  const npinfo *np = cd_np(c, k);
  if (c->tokp[x->head] || !np) return 0;
  if (cd_is(c, x->head, "more") || cd_is(c, x->head, "others") || cd_is(c, x->head, "several") ||
      cd_is(c, x->head, "many") || cd_is(c, x->head, "some"))
    return 0; /* a quantity word, not one person */
  if (cd_is(c, x->head, "he") || cd_is(c, x->head, "she") || cd_is(c, x->head, "him") || cd_is(c, x->head, "her") ||
      cd_is(c, x->head, "himself") || cd_is(c, x->head, "herself"))
    return 1; /* "killing nine guests and herself" */
  if (x->feat & SR_NP_PRON) return 0;
  if (np->hc == HC_PLACE || np->hc == HC_EVENT || np->hc == HC_WEAPON) return 0;
  if (np->hc == HC_PERSON || cd_is(c, x->b, "a") || cd_is(c, x->b, "an") || cd_is(c, x->b, "one")) return 1;
  if (np->hc == HC_ACTOR) return np->ref.kind == RK_AGENT; /* "the commander", not "Hamas" */
  return (x->feat & SR_NP_PROPER) && (c->t->tok[x->head].flags & SR_TOK_CAP); /* "Juan Lopez" */
}

/* the count of the victims named by NP chunk k (with its coordinated NPs); -1 unknown */
static long np_count(const cdoc *c, int32_t k, int depth) {
  if (k < 0 || depth > 8) return -1;
  const sr_chunk *x = &c->p.ch[k];
  if (x->kind != SR_CH_NP) return -1;
  if ((x->feat & SR_NP_NEG) && !no_fewer(c, x->b)) return 0;
  long v = -1;
  for (uint32_t i = x->b; i < x->e && v < 0; i++) {
    uint32_t e;
    if (cd_is(c, i, "between") || cd_is(c, i, "the")) continue;
    v = cd_number_at(c, i, x->e, &e);
    const char *hw = cd_fold(c, x->head);
    int plural = (x->feat & SR_NP_PL) || (c->t->tok[x->head].flen > 2 && hw[c->t->tok[x->head].flen - 1] == 's');
    if (v >= 1900 && v <= 2100 && c->t->tok[i].flen == 4 && !plural)
      v = -1; /* a year: "the 2019 attack", "in 2019" (not "2000 villagers") */
    if (v >= 0 && e < c->t->ntok && (c->t->tok[e].flags & SR_TOK_HYPHEN)) v = -1; /* "a 17-year-old", "5-km" */
  }
  if (v < 0 && (x->feat & SR_NP_QUANT) && x->e > x->b) {
    uint32_t e;
    v = cd_number_at(c, x->head, x->e, &e);
  }
  /* "a family of five": a singular group counted by its of-phrase */
  if (v < 0 && !(x->feat & SR_NP_PL) && x->e + 1 < c->t->ntok && cd_is(c, x->e, "of")) {
    uint32_t e;
    long n = cd_number_at(c, x->e + 1, c->t->sent[x->sent].tok_end, &e);
    if (n > 1 && (e >= c->t->sent[x->sent].tok_end || c->p.chunk_of[e] < 0 || c->p.chunk_of[e] != c->p.chunk_of[x->e + 1]))
      v = n; /* "of five", not "of five villages" */
  }
  if (v < 0 && !(x->feat & (SR_NP_PL | SR_NP_QUANT)))
    v = one_victim(c, k) ? 1 : -1;
  long w = x->conj >= 0 ? np_count(c, x->conj, depth + 1) : -1;
  if (v < 0 && w > 0 && !(x->feat & SR_NP_PL)) v = 1; /* "official X and six others" */
  if (v < 0) return -1;
  if (w > 0) v += w;
  return v;
}

/* ---- mentions */

typedef struct cmention {
  uint32_t tok, sent;
  int32_t clause;
  long n;
  int32_t owner;  /* the event it was credited to */
  uint8_t kind, total, more;
  uint8_t part; /* the victims are a part of a group told before: "many of them", "12 of whom" */
} cmention;

/* "no casualties", "nobody was hurt", "no one died", "none were injured": a negation that heads
 * the victims or stands right before the death word ("without warning ... killed 5" is none) */
static int negated_before(const cdoc *c, uint32_t i, uint32_t b) {
  for (uint32_t k = i; k > b && k + 4 > i; k--) {
    uint32_t j = k - 1;
    if (no_fewer(c, j)) return 0;
    if (cd_is(c, j, "no") || cd_is(c, j, "nobody") || cd_is(c, j, "none") || cd_is(c, j, "neither")) {
      /* only the words of a victim phrase or a copula between it and the death word */
      for (uint32_t q = j + 1; q < i; q++)
        if (!(cd_wf(c, q) & SR_W_BE) && !cd_is(c, q, "one") && !cd_is(c, q, "reported") && !cd_is(c, q, "people") &&
            !cd_is(c, q, "civilians") && !cd_is(c, q, "soldiers") && !cd_is(c, q, "other") && !cd_is(c, q, "immediate") &&
            !cd_is(c, q, "serious") && !cd_is(c, q, "human") && !cd_is(c, q, "of") && !cd_is(c, q, "them") &&
            !cd_is(c, q, "the") && !cd_is(c, q, "had") && !cd_is(c, q, "has") && !cd_is(c, q, "have") &&
            !cd_is(c, q, "been") && !cd_is(c, q, "reports") && !cd_is(c, q, "any"))
          return 0;
      return 1;
    }
    if (cd_is(c, j, "without") && j + 1 == i) return 1; /* "without casualties" */
    if (cd_punct(c, j, ',') || cd_punct(c, j, ';')) return 0;
  }
  return 0;
}

/* an act someone is accused of, not one told as done: "accused of killing a farmer",
 * "suspected of murdering", "charged with killing", "arrested for killing" */
static int alleged(const cdoc *c, uint32_t i, uint32_t b) {
  if (i < b + 2 || !(cd_is(c, i - 1, "of") || cd_is(c, i - 1, "with") || cd_is(c, i - 1, "for"))) return 0;
  static const char *const W[] = {"accused", "suspected", "charged", "convicted", "arrested", "blamed", "jailed",
                                  "sentenced", "detained", "accusing", "accusation", "accusations", "suspicion",
                                  "charges", "allegations", "alleged", "guilty", "responsible", NULL};
  for (int k = 0; W[k]; k++)
    if (cd_is(c, i - 2, W[k])) return 1;
  return 0;
}

/* a number right before token i ("2 killed", "15 dead", "at least 15 people killed") */
static long count_before(const cdoc *c, uint32_t i, uint32_t b) {
  int32_t k = c->p.chunk_of[i];
  if (k >= 0 && c->p.ch[k].kind == SR_CH_NP && c->p.ch[k].b < i) { /* "3 fatalities" in one NP */
    uint32_t e;
    for (uint32_t j = c->p.ch[k].b; j < i; j++) {
      long v = cd_number_at(c, j, i, &e);
      if (v >= 0) return v;
    }
  }
  /* the NP just before: "2 killed", "leaving 12 people dead" */
  uint32_t j = i;
  while (j > b && (cd_wf(c, j - 1) & (SR_W_BE | SR_W_ADV) || cd_is(c, j - 1, "were") || cd_is(c, j - 1, "reportedly")))
    j--;
  if (j > b && c->p.chunk_of[j - 1] >= 0 && c->p.ch[c->p.chunk_of[j - 1]].kind == SR_CH_NP) {
    int32_t q = c->p.chunk_of[j - 1];
    const sr_chunk *x = &c->p.ch[q];
    if (x->feat & SR_NP_NUM) return np_count(c, q, 0);
    /* "3 more died", "two others were wounded" (the number chunked apart from more/others) */
    if ((cd_is(c, x->head, "more") || cd_is(c, x->head, "others")) && x->b > b && c->p.chunk_of[x->b - 1] >= 0 &&
        (c->p.ch[c->p.chunk_of[x->b - 1]].feat & SR_NP_NUM))
      return np_count(c, c->p.chunk_of[x->b - 1], 0);
    /* "12 of its men killed"; not "two of the dead" (part of victims counted already) */
    if (x->b > b + 1 && cd_is(c, x->b - 1, "of") && c->p.chunk_of[x->b - 2] >= 0 &&
        (c->p.ch[c->p.chunk_of[x->b - 2]].feat & SR_NP_NUM) && !(cd_wf(c, x->head) & SR_W_DEATH))
      return np_count(c, c->p.chunk_of[x->b - 2], 0);
  }
  return -1;
}

/* "the death toll rose to 40", "a toll of 40" */
/* "the death toll rose to 40", "a toll of 40", "put the toll at nine": the number after to,
 * at or of (not "the toll from the 3 March attack", "the toll, in the 24 hours since") */
static long toll_after(const cdoc *c, uint32_t i, uint32_t end) {
  for (uint32_t k = i + 1; k + 1 < end && k < i + 10; k++) {
    if (!cd_is(c, k, "to") && !cd_is(c, k, "at") && !cd_is(c, k, "of")) continue;
    uint32_t q = k + 1;
    while (q < end && q < k + 4 &&
           (cd_is(c, q, "at") || cd_is(c, q, "least") || cd_is(c, q, "more") || cd_is(c, q, "than") ||
            cd_is(c, q, "over") || cd_is(c, q, "nearly") || cd_is(c, q, "almost") || cd_is(c, q, "about") ||
            cd_is(c, q, "around") || cd_is(c, q, "some")))
      q++;
    uint32_t e;
    long v = cd_number_at(c, q, end, &e);
    if (v >= 0 && !(e < end && (cd_wf(c, e) & SR_W_TIME))) return v; /* not "3 March" */
  }
  return -1;
}

static int also_near(const cdoc *c, uint32_t i, uint32_t b, uint32_t end) {
  for (uint32_t k = i > b + 6 ? i - 6 : b; k < end && k < i + 4; k++)
    if (cd_is(c, k, "also") || cd_is(c, k, "other") || cd_is(c, k, "others") || cd_is(c, k, "another") ||
        cd_is(c, k, "more") || cd_is(c, k, "additional") || cd_is(c, k, "further"))
      return 1;
  return 0;
}

/* the victims of verb group x are a part of a group named before: "hacking many of them to
 * death", "12 of whom were killed" (a subset of a count already told, not more dead) */
static int partitive_victims(const cdoc *c, const sr_chunk *x) {
  int active = !(x->feat & SR_VG_PASSIVE) && !(cd_wf(c, x->head) & SR_W_DIE);
  int32_t k = active ? x->obj : x->subj;
  if (k < 0) return 0;
  uint32_t e = c->p.ch[k].e, se = c->t->sent[c->p.ch[k].sent].tok_end;
  return e + 1 < se && cd_is(c, e, "of") &&
         (cd_is(c, e + 1, "them") || cd_is(c, e + 1, "whom") || cd_is(c, e + 1, "those") || cd_is(c, e + 1, "these"));
}

/* the mention at token i of sentence si, or 0 when the word has no count */
/* the victims' count of verb group x ("killed 12", "12 were killed", "shot dead a teacher");
 * after = the token after the death words, where an object may follow ("beat to death a man") */
static long verb_count(const cdoc *c, const sr_chunk *x, uint32_t after, uint32_t end) {
  int active = !(x->feat & SR_VG_PASSIVE) && !(cd_wf(c, x->head) & SR_W_DIE);
  if (!active) {
    long n = x->subj >= 0 ? np_count(c, x->subj, 0) : -1;
    if (n >= 0 || !(x->feat & SR_VG_PART) || (cd_wf(c, x->head) & SR_W_DIE)) return n;
    /* a bare participle may be a misread active verb: "gang members in X, killed 180 people" */
  }
  if (x->obj >= 0 && c->p.ch[x->obj].b >= x->e) return np_count(c, x->obj, 0);
  /* no object read: "killing 12", "killed at least 180 people", "shot dead 2 traders" */
  uint32_t k = after;
  while (k < end && k < after + 4 && (cd_is(c, k, "at") || cd_is(c, k, "least") || cd_is(c, k, "more") ||
                                     cd_is(c, k, "than") || cd_is(c, k, "over") || cd_is(c, k, "nearly") ||
                                     cd_is(c, k, "almost") || cd_is(c, k, "about") || cd_is(c, k, "around") ||
                                     cd_is(c, k, "some") || cd_is(c, k, "up") || cd_is(c, k, "to") ||
                                     cd_is(c, k, "roughly") || cd_is(c, k, "approximately") ||
                                     cd_is(c, k, "an") || cd_is(c, k, "estimated") || cd_is(c, k, "dead") ||
                                     cd_is(c, k, "death")))
    k++;
  if (k >= end) return -1;
  if (c->p.chunk_of[k] >= 0 && c->p.ch[c->p.chunk_of[k]].kind == SR_CH_NP) return np_count(c, c->p.chunk_of[k], 0);
  uint32_t e;
  return cd_number_at(c, k, end, &e);
}

/* the mention at token i of sentence si, or 0 when the word has no count */
static int mention_at(const cdoc *c, uint32_t si, uint32_t i, cmention *m) {
  const sr_sentence *s = &c->t->sent[si];
  uint64_t f = cd_wf(c, i);
  memset(m, 0, sizeof *m);
  m->tok = i, m->sent = si, m->clause = c->p.clause_of ? c->p.clause_of[i] : -1;
  m->kind = f & SR_W_DEATH ? K_DEAD : K_HURT;
  m->n = -1;
  if (cd_is(c, i, "toll")) {
    m->total = 1;
    m->n = toll_after(c, i, s->tok_end);
    return m->n >= 0;
  }
  if (negated_before(c, i, s->tok_begin)) {
    m->n = 0;
    return 1;
  }
  if (alleged(c, i, s->tok_begin)) return 0;
  if ((f & SR_W_DEATH) && (f & SR_W_INJURY)) return 0; /* "12 casualties": dead or hurt, not said */
  int32_t k = c->p.chunk_of[i];
  const sr_chunk *x = k >= 0 ? &c->p.ch[k] : NULL;
  if (x && x->kind == SR_CH_VG) { /* "killed", "were killed", "was shot dead" */
    /* "Boko Haram, which has killed thousands since 2009, ...": a relative clause of
     * background (or a hypothetical or habit in one) tells no casualty of this incident */
    int plan = 0;
    const char *why = NULL;
    if (x->clause >= 0 && c->p.cl[x->clause].kind == SR_CL_REL && cd_fact((cdoc *)c, k, 19, &plan, &why)) return 0;
    m->n = verb_count(c, x, x->e, s->tok_end);
    m->part = (uint8_t)partitive_victims(c, x);
  } else if (i > s->tok_begin && (cd_is(c, i, "dead") || cd_is(c, i, "death"))) {
    /* a resultative: "shot dead a teacher", "burning him to death", "burned 14 of them to
     * death", "were reported dead" */
    int32_t v = -1;
    for (uint32_t p = i; p > s->tok_begin && p + 8 > i && v < 0; p--) {
      int32_t q = c->p.chunk_of[p - 1];
      if (q >= 0 && c->p.ch[q].kind == SR_CH_VG) v = q;
      else if (q < 0 && !cd_is(c, p - 1, "to") && !cd_is(c, p - 1, "of")) break;
    }
    if (v >= 0) m->n = verb_count(c, &c->p.ch[v], c->p.ch[v].e, s->tok_end);
    if (v >= 0) m->part = (uint8_t)partitive_victims(c, &c->p.ch[v]);
  }
  if (m->n < 0 && x && x->kind == SR_CH_VG && x->b > s->tok_begin) {
    /* "were reported killed", "are feared dead": the victims are the reporting verb's subject */
    int32_t q = c->p.chunk_of[x->b - 1];
    if (q >= 0 && c->p.ch[q].kind == SR_CH_VG && (c->p.ch[q].feat & SR_VG_PASSIVE) && c->p.ch[q].subj >= 0)
      m->n = np_count(c, c->p.ch[q].subj, 0);
  }
  if (m->n < 0 && x && x->kind == SR_CH_NP && x->head == i && c->np[k].ofc >= 0 && x->prep < 0) /* "the bodies of nine men" */
    m->n = np_count(c, c->np[k].ofc, 0);
  if (m->n < 0) m->n = count_before(c, i, s->tok_begin);
  if (m->n < 0) return 0;
  m->more = (uint8_t)also_near(c, i, s->tok_begin, s->tok_end);
  return 1;
}

/* ---- events */

static int takes_casualties(const cevent *e) {
  int r = cd_root(e->cameo);
  return !e->dead && (r >= 18 || r == 17);
}

/* a sentence that says it tells another incident: "Separately, ...", "Elsewhere, ...", "In
 * another attack, ...", "Meanwhile, ..." */
static int new_incident(const cdoc *c, uint32_t si) {
  uint32_t b = c->t->sent[si].tok_begin, e = c->t->sent[si].tok_end;
  if (b >= e) return 0;
  if (cd_is(c, b, "separately") || cd_is(c, b, "elsewhere") || cd_is(c, b, "meanwhile")) return 1;
  return b + 2 < e && cd_is(c, b, "in") &&
         (cd_is(c, b + 1, "another") || cd_is(c, b + 1, "separate") ||
          ((cd_is(c, b + 1, "a") || cd_is(c, b + 1, "an")) &&
           (cd_is(c, b + 2, "separate") || cd_is(c, b + 2, "different") || cd_is(c, b + 2, "similar") ||
            cd_is(c, b + 2, "second") || cd_is(c, b + 2, "further"))));
}

/* the event mention m belongs to, -1 */
static int32_t owner(const cdoc *c, const cmention *m) {
  int32_t before = -1, after = -1;
  uint32_t bt = 0, at = UINT32_MAX;
  for (uint32_t j = 0; j < c->nce; j++) {
    const cevent *e = &c->ce[j];
    if (e->sent != m->sent || !takes_casualties(e)) continue;
    uint32_t t = e->chunk >= 0 ? c->p.ch[e->chunk].head : c->t->sent[e->sent].tok_begin;
    if (t <= m->tok && (before < 0 || t >= bt)) before = (int32_t)j, bt = t;
    if (t > m->tok && (after < 0 || t < at)) after = (int32_t)j, at = t;
  }
  if (before >= 0) return before;
  if (after >= 0) return after;
  /* a sentence that opens another incident ("Separately, a landmine killed two farmers")
   * adds nothing to the one before it */
  if (new_incident(c, m->sent)) return -1;
  uint32_t para = c->t->sent[m->sent].para;
  int32_t last = -1;
  for (uint32_t j = 0; j < c->nce; j++) {
    const cevent *e = &c->ce[j];
    if (e->sent < m->sent && takes_casualties(e) && c->t->sent[e->sent].para == para) last = (int32_t)j;
  }
  return last;
}

/* add mention m to event j and to every event of the same trigger */
static void credit(cdoc *c, int32_t j, const cmention *m, cmention *seen, int *nseen) {
  const cevent *o = &c->ce[j];
  for (int k = 0; k < *nseen && !m->total; k++) /* the same count said again of one incident */
    if (seen[k].kind == m->kind && seen[k].n == m->n && seen[k].clause != m->clause && !m->more && m->n > 0 &&
        seen[k].owner == j)
      return;
  /* a count told again in a later sentence ("killed 12 ... At least 15 dead, police said") is
   * another estimate of the same dead, not more dead, unless it says also/more/other */
  int restated = 0;
  for (int k = 0; k < *nseen && !m->more; k++)
    restated |= seen[k].owner == j && seen[k].kind == m->kind && (seen[k].sent != m->sent || m->part) && m->n > 0;
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (e->dead || e->sent != o->sent || e->chunk != o->chunk) continue;
    int32_t *slot = m->kind == K_DEAD ? &e->fatal : &e->hurt;
    long sum = (m->total || restated) ? (*slot > m->n ? *slot : m->n) : *slot < 0 ? m->n : *slot + m->n;
    *slot = (int32_t)(sum > SR_CODE_MAX_COUNT ? SR_CODE_MAX_COUNT : sum);
  }
  if (*nseen < 64) {
    seen[*nseen] = *m;
    seen[*nseen].owner = j;
    (*nseen)++;
  }
}

/* the counts of one incident told by several events: the violent events of a sentence share
 * them ("opened fire on the crowd, killing 17"), and an agentless report of deaths ("8 people
 * were killed.") tells more of the last violent event before it in the paragraph */
static int deaths_only(const cdoc *c, const cevent *e) {
  if (e->agentless) return 1;
  const sr_chunk *x = e->chunk >= 0 ? &c->p.ch[e->chunk] : NULL;
  if (!x || x->kind != SR_CH_VG || !(cd_wf(c, x->head) & SR_W_DEATH)) return 0;
  return (x->feat & SR_VG_PASSIVE && x->agent < 0) || (cd_wf(c, x->head) & SR_W_DIE);
}

static void share(cdoc *c) {
  for (uint32_t j = 0; j < c->nce; j++) {
    cevent *e = &c->ce[j];
    if (!takes_casualties(e) || (e->fatal < 0 && e->hurt < 0)) continue;
    for (uint32_t i = 0; i < c->nce; i++) {
      cevent *o = &c->ce[i];
      int protest = !o->dead && cd_root(o->cameo) == 14; /* a protest met with deadly force */
      if (i == j || (!takes_casualties(o) && !(protest && o->sent == e->sent))) continue;
      int same = o->sent == e->sent;
      if (!same && deaths_only(c, e) && o->sent < e->sent && c->t->sent[o->sent].para == c->t->sent[e->sent].para) {
        same = 1; /* the last violent event before it */
        for (uint32_t k = 0; k < c->nce; k++)
          if (takes_casualties(&c->ce[k]) && c->ce[k].sent > o->sent && c->ce[k].sent < e->sent) same = 0;
      }
      if (!same) continue;
      if (o->fatal < 0) o->fatal = e->fatal;
      if (o->hurt < 0) o->hurt = e->hurt;
    }
  }
  for (uint32_t j = 0; j < c->nce; j++) { /* a protest and the force it met: one incident */
    const cevent *e = &c->ce[j];
    if (e->before < 0) continue;
    cevent *o = &c->ce[e->before];
    if (o->fatal < 0) o->fatal = e->fatal;
    if (o->hurt < 0) o->hurt = e->hurt;
  }
}

void cd_casualties(cdoc *c) {
  for (uint32_t j = 0; j < c->nce; j++) c->ce[j].fatal = c->ce[j].hurt = -1;
  cmention seen[64];
  int nseen = 0;
  for (uint32_t si = 0; si < c->nsent; si++) {
    const sr_sentence *s = &c->t->sent[si];
    for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
      if (!(cd_wf(c, i) & (SR_W_DEATH | SR_W_INJURY))) continue;
      cmention m;
      if (!mention_at(c, si, i, &m)) {
        if (c->debug) fprintf(stderr, "  casualty '%s' s%u: no count\n", cd_fold(c, i), si + 1);
        continue;
      }
      int32_t j = owner(c, &m);
      if (c->debug)
        fprintf(stderr, "  casualty '%s' s%u: %s %ld%s -> event %d\n", cd_fold(c, i), si + 1,
                m.kind == K_DEAD ? "dead" : "hurt", m.n, m.total ? " (toll)" : "", j);
      if (j < 0) continue;
      if (m.n == 0 && !(cd_wf(c, i) & SR_W_DEATH) && c->ce[j].fatal < 0) { /* nobody hurt: nobody died */
        cmention d = m;
        d.kind = K_DEAD;
        credit(c, j, &d, seen, &nseen);
      }
      if (m.n == 0 && cd_wf(c, i) & SR_W_DEATH && cd_wf(c, i) & SR_W_INJURY) { /* "no casualties" */
        cmention h = m;
        h.kind = K_HURT;
        credit(c, j, &h, seen, &nseen);
      }
      credit(c, j, &m, seen, &nseen);
    }
  }
  share(c);
}
