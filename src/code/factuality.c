/* factuality.c - is a trigger a real, specific act of the reported time?
 *   the verb group     "did not attack" (negated), "could strike" (hypothetical), "will
 *                      attack" (planned: 15; an intent to cooperate: 03)
 *   the noun phrase    "no attack", "without a shot"
 *   its clause and     a condition ("if they attack"); the content of a denial, a refusal,
 *   the clauses above  a failure, a threat or a demand ("threatened to attack": the threat is
 *                      the event), of a plan ("preparing to attack": 15), of a fear or an
 *                      expectation; a background relative ("which has waged an insurgency
 *                      since 2009"); a habit ("often attack"); statistics over a long time
 *                      ("have killed thousands since 2015"); history (a year long before the
 *                      report, an anniversary)
 * A reported act ("said that X attacked") is coded as the act.
 */
#include "code_internal.h"

#include <stdlib.h>

/* the verb group a clause depends on: the last one before it in its parent clause */
static int32_t governing_vg(const cdoc *c, const sr_clause *cl) {
  if (cl->parent < 0) return -1;
  const sr_chunk *first = NULL;
  uint32_t cf = c->p.sent_ch[cl->sent], ce = c->p.sent_ch[cl->sent + 1];
  int32_t best = -1;
  for (uint32_t k = cf; k < ce; k++) {
    const sr_chunk *y = &c->p.ch[k];
    if (y->b >= cl->b) break;
    if (y->kind == SR_CH_VG && y->clause == cl->parent) best = (int32_t)k;
  }
  (void)first;
  return best;
}


/* the comma-delimited stretch of clause cl around token i ("Sudanese troops entered X on
 * Saturday, a city the RSF had seized in December 2023": the year is not the entry's) */
static void segment(const cdoc *c, const sr_clause *cl, uint32_t i, uint32_t *b, uint32_t *e) {
  *b = i, *e = i;
  while (*b > cl->b && !cd_punct(c, *b - 1, ',')) (*b)--;
  while (*e < cl->e && !cd_punct(c, *e, ',')) (*e)++;
}

/* "for more than a decade", "for years", "over the past five years", "last year", "during
 * October": a span of time too long for one event */
static int period(const cdoc *c, uint32_t b, uint32_t e, int perfect) {
  static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december", NULL};
  for (uint32_t i = b; i < e; i++) {
    int unit = cd_is(c, i, "year") || cd_is(c, i, "years") || cd_is(c, i, "decade") || cd_is(c, i, "decades") ||
               cd_is(c, i, "months") || cd_is(c, i, "month");
    if (unit && i > b && (cd_is(c, i - 1, "last") || cd_is(c, i - 1, "past") || cd_is(c, i - 1, "previous")) &&
        !(cd_is(c, i, "months") || cd_is(c, i, "years") || cd_is(c, i, "decades")) &&
        !(cd_is(c, i, "month") && cd_is(c, i - 1, "last") && (i - 1 == b || !(cd_is(c, i - 2, "the") ||
                                                                              cd_is(c, i - 2, "over") ||
                                                                              cd_is(c, i - 2, "during")))))
      return 1; /* "last year", "the past month", "over the last month" (not "killed 5 last month": a date) */
    if (unit && (c->t->tok[i].flags & SR_TOK_HYPHEN)) continue; /* "a nine-month transition": a modifier */
    if (perfect && unit) {
      for (uint32_t q = i; q > b && q + 6 > i;) {
        q--;
        if (cd_is(c, q, "for") || cd_is(c, q, "over") || cd_is(c, q, "throughout")) return 1;
      }
    }
    int during = cd_is(c, i, "during") || cd_is(c, i, "throughout");
    if (during && i + 1 < e)
      for (int m = 0; MONTHS[m]; m++)
        if (cd_is(c, i + 1, MONTHS[m])) return 1;
    /* "killed in 2024", "during 2023": a whole year (not "in March 2024": a date) */
    int in = during || cd_is(c, i, "in");
    if (in && i + 1 < e && (c->t->tok[i + 1].flags & SR_TOK_NUM) && c->t->tok[i + 1].flen == 4) {
      int y = atoi(cd_fold(c, i + 1));
      if (y > 1900 && y < 2200) return 1;
    }
    /* "killed in the war", "since the war began", "during the conflict": the whole war's toll */
    if ((in || cd_is(c, i, "since")) && i + 2 < e && cd_is(c, i + 1, "the")) {
      uint32_t w = i + 2 + (i + 3 < e && cd_is(c, i + 2, "civil"));
      if (cd_is(c, w, "war") || cd_is(c, w, "conflict") || cd_is(c, w, "insurgency")) return 1;
    }
  }
  return 0;
}

/* "Ten years after Boko Haram fighters abducted ...", "one year since a Russian strike
 * killed ...": the clause tells an act long before */
static int years_before(const cdoc *c, const sr_clause *cl) {
  if (cl->kind != SR_CL_SUB || cl->marker < 2) return 0;
  uint32_t m = (uint32_t)cl->marker;
  if (!(cd_is(c, m, "after") || cd_is(c, m, "since") || cd_is(c, m, "before"))) return 0;
  return cd_is(c, m - 1, "years") || cd_is(c, m - 1, "year") || cd_is(c, m - 1, "decades") ||
         cd_is(c, m - 1, "decade") || cd_is(c, m - 1, "anniversary");
}

/* a year long before the report in tokens [b, e) ("in 2014"; "since 2014" dates a state) */
/* the year token i of [b, e) states (1900-2199), 0 when it is none or only dates a noun ("the
 * 2022 election result", "its 2014 annexation" date that noun, not the act) */
static int year_at(const cdoc *c, uint32_t i, uint32_t b, uint32_t e) {
  if (!(c->t->tok[i].flags & SR_TOK_NUM) || c->t->tok[i].flen != 4) return 0;
  int y = atoi(cd_fold(c, i));
  uint8_t pt = i > b ? c->p.tag[i - 1] : 0, nt = i + 1 < e ? c->p.tag[i + 1] : 0;
  if ((pt == SR_T_DT || pt == SR_T_PRPS || pt == SR_T_POS) &&
      (nt == SR_T_NN || nt == SR_T_NNS || nt == SR_T_JJ || nt == SR_T_NNP))
    return 0;
  return y > 1900 && y < 2200 ? y : 0;
}

/* a subordinator of time: "after", "before", "when", "as", "until", "while" */
static int time_marker(const cdoc *c, uint32_t m) {
  return cd_is(c, m, "after") || cd_is(c, m, "before") || cd_is(c, m, "when") || cd_is(c, m, "as") ||
         cd_is(c, m, "until") || cd_is(c, m, "while");
}

static int old_year(const cdoc *c, uint32_t b, uint32_t e) {
  if (!c->year) return 0;
  for (uint32_t i = b; i < e; i++) {
    int y = year_at(c, i, b, e);
    if (y && y < c->year - 1 && !(i > b && cd_is(c, i - 1, "since"))) return 1;
  }
  return 0;
}

/* an explicit recent year dates the act ("On 23 October 2022, jets bombed an anniversary
 * concert"): history words then tell the occasion, not the time */
static int recent_year(const cdoc *c, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++) {
    int y = year_at(c, i, b, e);
    if (y && (!c->year || y >= c->year - 1) && i > b && c->p.tag[i - 1] == SR_T_NNP) return 1; /* "23 October 2022" */
  }
  return 0;
}

/* "a decade ago", "anniversary", "commemorated": history words (not "the first time in a decade") */
/* "the deadliest attack in Somalia's history", "the worst day in the country's recent
 * history": a superlative measured against history tells of today's act */
static int superlative_in_history(const cdoc *c, uint32_t b, uint32_t h) {
  int in = 0;
  for (uint32_t q = h; q-- > b && q + 6 > h;)
    if (cd_is(c, q, "in")) in = 1;
  if (!in) return 0;
  for (uint32_t q = h; q-- > b && q + 14 > h;) {
    const char *w = cd_fold(c, q);
    size_t n = strlen(w);
    if (!strcmp(w, "worst") || !strcmp(w, "most") || !strcmp(w, "biggest") || !strcmp(w, "largest") ||
        (n > 4 && !strcmp(w + n - 3, "est") && c->p.tag[q] == SR_T_JJ))
      return 1;
  }
  return 0;
}

static int history_words(const cdoc *c, uint32_t b, uint32_t e, uint32_t self) {
  for (uint32_t i = b; i < e; i++) {
    if (!(cd_wf(c, i) & SR_W_HIST) || i == self) continue; /* "recalled its ambassador": the act itself */
    if ((cd_is(c, i, "decade") || cd_is(c, i, "decades")) &&
        !(i + 1 < e && (cd_is(c, i + 1, "ago") || cd_is(c, i + 1, "earlier") || cd_is(c, i + 1, "before"))))
      continue;
    if (cd_is(c, i, "history") && superlative_in_history(c, b, i)) continue;
    return 1;
  }
  return 0;
}

/* "have been killed since the invasion began", "have died since Monday": a present perfect
 * with "since" sums a period up (a toll), it tells no single act */
static int since_in(const cdoc *c, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (cd_is(c, i, "since")) return 1;
  return 0;
}

/* "since 2009", "over the years", "for years", "in recent years", "in recent weeks", "so far",
 * "the war has killed", "in Syria's eight-year war": a span of time */
static int long_span(const cdoc *c, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++) {
    if ((cd_is(c, i, "war") || cd_is(c, i, "conflict") || cd_is(c, i, "insurgency")) && !(i + 1 < e && cd_is(c, i + 1, "crimes")))
      return 1;
    if (i + 1 < e && cd_is(c, i, "so") && cd_is(c, i + 1, "far")) return 1;
    if (i + 1 < e && cd_is(c, i, "to") && cd_is(c, i + 1, "date")) return 1;
    if (i + 1 < e && cd_is(c, i, "recent") && (cd_is(c, i + 1, "weeks") || cd_is(c, i + 1, "months") || cd_is(c, i + 1, "days")))
      return 1;
  }
  for (uint32_t i = b; i + 1 < e; i++) {
    if (cd_is(c, i, "since") && (c->t->tok[i + 1].flags & SR_TOK_NUM)) return 1;
    if ((cd_is(c, i, "years") || cd_is(c, i, "decades") || cd_is(c, i, "decade")) && i > b &&
        (cd_is(c, i - 1, "the") || cd_is(c, i - 1, "for") || cd_is(c, i - 1, "recent") || cd_is(c, i - 1, "many")))
      return 1;
    if (cd_is(c, i, "since") && (cd_is(c, i + 1, "the") || cd_is(c, i + 1, "its"))) {
      /* "since the start of the war", "since its founding" */
      for (uint32_t q = i + 1; q < e && q < i + 5; q++)
        if (cd_is(c, q, "start") || cd_is(c, q, "beginning") || cd_is(c, q, "founding") || cd_is(c, q, "outbreak")) return 1;
    }
  }
  return 0;
}

static int habit_in(const cdoc *c, const sr_chunk *v) {
  for (uint32_t q = v->b > 0 ? v->b - 1 : 0; q < v->e; q++)
    if (cd_wf(c, q) & SR_W_HABIT) return 1;
  return 0;
}

static int if_word(const cdoc *c, uint32_t i) {
  return cd_is(c, i, "if") || cd_is(c, i, "unless") || cd_is(c, i, "whether") || cd_is(c, i, "lest") ||
         cd_is(c, i, "should");
}

/* a subject that names nobody: "none of its aircraft had struck", "no civilians were killed",
 * "nobody was hurt" */
static int no_one(const cdoc *c, int32_t np) {
  const sr_chunk *s = &c->p.ch[np];
  if (s->kind != SR_CH_NP) return 0;
  if (s->feat & SR_NP_NEG) return 1;
  return cd_is(c, s->head, "none") || cd_is(c, s->head, "nobody") || cd_is(c, s->head, "neither") ||
         (cd_is(c, s->head, "one") && s->head > s->b && cd_is(c, s->head - 1, "no"));
}

/* an infinitive that completes an abstract noun: "the government's decision to suspend talks",
 * "a plan to attack", "calls to withdraw", "its refusal to leave" (not "an attempt to storm":
 * an attempt is made; not "sent troops to retake": the troops are people) */
static int noun_complement(const cdoc *c, const sr_clause *cl) {
  if (cl->b == 0) return 0;
  int32_t k = c->p.chunk_of[cl->b - 1];
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP || c->p.ch[k].e != cl->b) return 0;
  uint32_t h = c->p.ch[k].head;
  if (c->p.tag[h] != SR_T_NN && c->p.tag[h] != SR_T_NNS) return 0;
  static const char *const MADE[] = {"attempt", "attempts", "bid", "bids", "effort", "efforts", "push", "drive",
                                     "offensive", "counteroffensive", "operation", "operations", "campaign", NULL};
  for (int i = 0; MADE[i]; i++)
    if (cd_is(c, h, MADE[i])) return 0;
  uint8_t nc = sr_syn_nclass(c->syn, c->t->tok[h].word);
  /* "gave him 72 hours to leave", "a deadline to withdraw": the time allowed for it */
  return nc == SR_NC_ACT || nc == SR_NC_COMMUNICATION || nc == SR_NC_STATE || nc == SR_NC_OTHER ||
         nc == SR_NC_TIME;
}

/* "Russia said it would withdraw", "the minister announced that troops would leave": "would"
 * in what a verb of saying reports is the future of the past, not a hypothesis (a condition
 * above it still makes it one: the clause loop below sees the "if") */
static int reported_future(const cdoc *c, const sr_chunk *x) {
  int would = 0;
  for (uint32_t i = x->b; i < x->e && !would; i++) would = cd_is(c, i, "would") || cd_is(c, i, "'d");
  if (!would || x->clause < 0) return 0;
  const sr_clause *cl = &c->p.cl[x->clause];
  int32_t g = cl->kind == SR_CL_COMP ? governing_vg(c, cl) : -1;
  if (cl->kind != SR_CL_COMP) { /* "said on Monday it would ...": the clause split missed the report */
    int32_t k = c->p.chunk_of[x->head];
    for (int32_t j = k - 1; j >= (int32_t)c->p.sent_ch[x->sent] && g < 0; j--)
      if (c->p.ch[j].kind == SR_CH_VG) g = j;
    if (g < 0 || x->subj < 0 || x->subj < g) return 0;
  }
  if (g < 0 || c->trig[g] < 0) return 0;
  const sr_chunk *gv = &c->p.ch[g];
  return c->lm[c->trig[g]].act->act == SR_ACT_SAY && (gv->feat & SR_VG_PAST) && !(gv->feat & (SR_VG_NEG | SR_VG_MODAL));
}

int cd_fact(cdoc *c, int32_t k, int root, int *plan, const char **why) {
  const sr_chunk *x = &c->p.ch[k];
  *plan = 0;
  *why = NULL;
  if (x->kind == SR_CH_VG) {
    if (x->feat & SR_VG_NEG) return *why = "negated", 1;
    if (x->subj >= 0 && no_one(c, x->subj)) return *why = "negated (no one, none)", 1;
    if ((x->feat & SR_VG_MODAL) && !reported_future(c, x)) return *why = "hypothetical (modal)", 1;
    if (x->feat & SR_VG_MODAL) *plan = 1; /* "said it would withdraw": a future told in the past */
    if (habit_in(c, x)) return *why = "habitual", 1;
    if (x->feat & SR_VG_FUT) *plan = 1;
    /* "denied killing civilians", "refrained from firing": an -ing or to-complement sharing its
     * subject with a verb of denial or of not doing is not done */
    if ((x->feat & (SR_VG_ING | SR_VG_INF)) && x->gov >= 0 && c->p.ch[x->gov].kind == SR_CH_VG && c->trig[x->gov] >= 0 &&
        c->lm[c->trig[x->gov]].act) {
      uint8_t ga = c->lm[c->trig[x->gov]].act->act;
      if (ga == SR_ACT_DENY) return *why = "denied", 1;
      if (ga == SR_ACT_NEG) return *why = "not done (failed, refused, halted)", 1;
    }
    /* "sent troops to attack the rebels", "deployed forces to back X": the purpose of a move of
     * forces is not done yet (the move is the event) */
    if ((x->feat & SR_VG_INF) && x->gov >= 0 && c->p.ch[x->gov].kind == SR_CH_VG && c->trig[x->gov] >= 0 &&
        c->lm[c->trig[x->gov]].act && !strncmp(c->lm[c->trig[x->gov]].act->cameo, "15", 2))
      return *why = "the purpose of a move of forces", 1;
    /* "thousands more are injured", "two remain missing": a present state, not an act */
    if ((x->feat & SR_VG_PASSIVE) && !(x->feat & (SR_VG_PAST | SR_VG_PERF | SR_VG_FUT | SR_VG_MODAL | SR_VG_PROG)) && root >= 18 &&
        (x->feat & SR_VG_FINITE) && !c->t->sent[x->sent].headline)
      return *why = "a present state (are injured)", 1;
  } else {
    if (x->feat & SR_NP_NEG) return *why = "negated (no ...)", 1;
    if (x->prep >= 0 && cd_is(c, (uint32_t)x->prep, "without")) return *why = "negated (without)", 1;
    /* "recalled its ambassador in protest at the deal": the manner of another act */
    if (root == 14 && x->prep >= 0 && cd_is(c, (uint32_t)x->prep, "in") && x->e == x->head + 1 && x->b == x->head &&
        cd_is(c, x->head, "protest"))
      return *why = "manner (in protest)", 1;
    /* "weeks of Russian air strikes", "years of fighting": a period, not one act */
    if (x->prep >= 0 && c->p.sym[x->prep] == SR_S_OF && x->attach >= 0) {
      uint32_t h = c->p.ch[x->attach].head;
      if (cd_is(c, h, "weeks") || cd_is(c, h, "months") || cd_is(c, h, "years") || cd_is(c, h, "decades") ||
          cd_is(c, h, "days"))
        return *why = "a period (weeks of ...)", 1;
    }
  }
  /* the clause and the clauses above it; an adverbial or relative clause ends what a clause
   * above can say of it ("vowed to avenge the soldiers killed in a TTP attack": the attack
   * happened) */
  for (int32_t ci = x->clause, depth = 0; ci >= 0 && depth < 8; ci = c->p.cl[ci].parent, depth++) {
    const sr_clause *cl = &c->p.cl[ci];
    if (depth == 0) {
      uint32_t sb, se;
      segment(c, cl, x->head, &sb, &se);
      if (old_year(c, sb, se)) return *why = "history (an old year)", 1;
      /* (a protest or a gathering on an anniversary or to commemorate is today's: the
       * occasion is history, the crowd is not) */
      if (root != 14 && root != 15 && history_words(c, cl->b, cl->e, x->head) &&
          !recent_year(c, c->t->sent[x->sent].tok_begin, c->t->sent[x->sent].tok_end))
        return *why = "history", 1;
      if (years_before(c, cl)) return *why = "history (years before)", 1;
      /* (a siege or blockade "for a month" is one act that lasts, not a count over a period) */
      int lasting = c->trig[k] >= 0 && c->lm[c->trig[k]].act && !strncmp(c->lm[c->trig[k]].act->cameo, "191", 3);
      if (!lasting && period(c, sb, se, x->kind == SR_CH_VG && (x->feat & SR_VG_PERF)))
        return *why = "a long period (statistics)", 1;
    }
    if (depth > 0 && (cl->kind == SR_CL_REL || cl->kind == SR_CL_PART ||
                      (cl->kind == SR_CL_SUB && cl->marker >= 0 && !if_word(c, (uint32_t)cl->marker)))) {
      /* "talks that collapsed in 2018 after Pristina imposed tariffs": a clause of time under
       * one dated years ago is as old as that one */
      int32_t bi = x->clause;
      for (int g = 0; g < 8 && c->p.cl[bi].parent >= 0 && c->p.cl[bi].parent != ci; g++) bi = c->p.cl[bi].parent;
      const sr_clause *below = &c->p.cl[bi];
      if (below->kind == SR_CL_SUB && below->marker >= 0 && time_marker(c, (uint32_t)below->marker) &&
          old_year(c, cl->b, below->b > cl->b ? below->b : cl->e))
        return *why = "history (a clause of time under an old year)", 1;
      break;
    }
    /* "... and used it as a base to plan attacks" under "seized Raqqa in early 2014" */
    if (depth > 0 && old_year(c, cl->b, cl->e)) return *why = "history (an old year in the clause above)", 1;
    /* "since Washington and the Taliban signed an agreement": a reference point, told as background */
    if (depth == 0 && cl->kind == SR_CL_SUB && cl->marker >= 0 && cd_is(c, (uint32_t)cl->marker, "since"))
      return *why = "background (since ...)", 1;
    if (cl->kind == SR_CL_SUB && cl->marker >= 0 && if_word(c, (uint32_t)cl->marker))
      return *why = "a condition", 1;
    /* ("which has waged an insurgency", "who control the area"; not "the gunmen who had
     * stormed the hotel on Friday": a past perfect tells the story's own earlier act) */
    if (depth == 0 && cl->kind == SR_CL_REL && x->kind == SR_CH_VG &&
        (((x->feat & SR_VG_PERF) && !(x->feat & SR_VG_PAST)) ||
         ((x->feat & SR_VG_FINITE) && !(x->feat & (SR_VG_PAST | SR_VG_PROG)))))
      return *why = "background (relative clause)", 1;
    if (depth == 0 && x->kind == SR_CH_VG && (x->feat & SR_VG_PERF) && !(x->feat & SR_VG_PAST) &&
        (long_span(c, cl->b, cl->e) || (root >= 18 && since_in(c, cl->b, cl->e))))
      return *why = "statistics or background over years", 1;
    if (cl->kind != SR_CL_COMP && cl->kind != SR_CL_INF) continue;
    if (cl->kind == SR_CL_INF && noun_complement(c, cl)) return *why = "the content of a decision, plan or call", 1;
    int32_t g = governing_vg(c, cl);
    if (g < 0) continue;
    const sr_chunk *gv = &c->p.ch[g];
    if (gv->feat & (SR_VG_NEG | SR_VG_MODAL)) return *why = "inside a negated or hypothetical clause", 1;
    int32_t t = c->trig[g];
    if (t < 0) {
      /* "officials fear the militants could attack": an expectation */
      continue;
    }
    const sr_lex_action *ga = c->lm[t].act;
    switch (ga->act) {
    case SR_ACT_DENY: return *why = "denied", 1;
    case SR_ACT_NEG: return *why = "not done (failed, refused, halted)", 1;
    case SR_ACT_MODAL: return *why = "feared or expected", 1;
    case SR_ACT_PLAN: *plan = 1; break;
    case SR_ACT_EVENT: {
      int gr = cd_root(ga->cameo);
      if (gr == 13) return *why = "the content of a threat", 1;
      if (gr == 10 || gr == 2) return *why = "the content of a demand or appeal", 1;
      if (gr == 3) return *why = "the content of a promise or offer", 1;
      if (gr == 12) return *why = "the content of a refusal", 1;
      if (gr == 14 && cl->kind == SR_CL_INF) return *why = "the aim of a protest", 1;
      break;
    }
    default: break;
    }
  }
  (void)root;
  return 0;
}
