/* dates.c - when each event happened: the time expressions of the report, resolved against the
 * report date, and the one that governs each event.
 *
 * Time expressions found (per sentence, in text order):
 *   absolute   "23 May 2022", "May 23, 2022", "23/05/2022" (day first), "2022-05-23",
 *              "23 May" / "May 23" (the year that puts the day on or before the anchor)
 *   ranges     "between 3 and 5 June 2023", "from 3 to 5 June": the last day, precision 2
 *   months     "in March 2023", "in March", "earlier this month", "last month": precision 3
 *   relative   "yesterday", "today", "tonight", "overnight", "last night", "on Sunday" (the
 *              last Sunday on or before the anchor), "two days ago", "last week" (precision 2)
 *   ACLED's    "Around 23 May 2022 (between ...)" and "(as reported)" precision 2 and 1,
 *   markers    "(month of)" precision 3
 * The anchor is the report date; without one, the first absolute date of the document.
 * Expressions after "since", "until", "by" or "before" bound a period: they date no event.
 *
 * An event takes the expression of its own clause, else of a clause above it, else the one of
 * its sentence nearest to it, else the date carried from the sentences before it in the
 * paragraph, else the report date (precision 1), else none. Precision follows ACLED: 1 day,
 * 2 week, 3 month; a month alone is dated to its 15th (or the anchor, when that is earlier).
 */
#include "code_internal.h"

#include <stdlib.h>

void cd_day_civil(int32_t z, int *y, int *m, int *d) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)yoe + era * 400 + (*m <= 2);
}

static int mdays(int y, int m) {
  static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : D[m - 1];
}

static int valid(int y, int m, int d) { return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m); }

/* "YYYY-MM-DD" -> day number, -1 when it is not one */
int32_t cd_parse_iso(const char *s) {
  if (!s || strlen(s) < 10) return -1;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return -1;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  return valid(y, m, d) ? sr_day_number(y, m, d) : -1;
}

/* ---- words */

static int month_of(const char *w) {
  size_t n = strlen(w);
  if (n < 3 || n > 9 || !strchr("jfmasond", w[0])) return 0; /* most words are no month */
  static const char *const M[] = {"january", "february", "march", "april", "may", "june", "july",
                                  "august", "september", "october", "november", "december"};
  static const char *const A[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  /* the abbreviations differ in their three letters: only one month can be w */
  for (int i = 0; i < 12; i++)
    if (w[0] == A[i][0] && w[1] == A[i][1] && w[2] == A[i][2])
      return n == 3 || !strcmp(w, M[i]) || (i == 8 && !strcmp(w, "sept")) ? i + 1 : 0;
  return 0;
}

static int weekday_of(const char *w) { /* 0 = Monday */
  size_t n = strlen(w);
  if (n < 6 || n > 9 || !strchr("mtwfs", w[0]) || w[n - 1] != 'y') return -1;
  static const char *const W[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; i++)
    if (!strcmp(w, W[i])) return i;
  return -1;
}

/* a day of the month: "23", "3rd", "21st" -> 1..31, else 0 */
static int mday_of(const char *w) {
  int n = 0, k = 0;
  while (w[k] >= '0' && w[k] <= '9' && k < 3) n = n * 10 + (w[k++] - '0');
  if (!k || k > 2) return 0;
  if (w[k] && strcmp(w + k, "st") && strcmp(w + k, "nd") && strcmp(w + k, "rd") && strcmp(w + k, "th")) return 0;
  return n >= 1 && n <= 31 ? n : 0;
}

static int year_tok(const char *w) {
  if (strlen(w) != 4) return 0;
  for (int i = 0; i < 4; i++)
    if (w[i] < '0' || w[i] > '9') return 0;
  int y = atoi(w);
  return y >= 1900 && y <= 2200 ? y : 0;
}

/* ---- the scanner */

typedef struct tscan {
  cdoc *c;
  uint32_t i, end; /* cursor and sentence end */
} tscan;

static const char *W(const tscan *s, uint32_t i) { return i < s->end ? cd_fold(s->c, i) : ""; }
static int is_w(const tscan *s, uint32_t i, const char *w) { return i < s->end && cd_is(s->c, i, w); }

/* the year of month m, day d nearest on or before the anchor (the anchor's year when none) */
static int32_t place_year(const cdoc *c, int m, int d) {
  if (c->anchor < 0) return -1;
  int ay, am, ad;
  cd_day_civil(c->anchor, &ay, &am, &ad);
  for (int y = ay; y >= ay - 1; y--)
    if (valid(y, m, d) && sr_day_number(y, m, d) <= c->anchor) return sr_day_number(y, m, d);
  return -1;
}

/* a year after a comma ends the date only when nothing nominal follows it ("On 23 May, 2000
 * protesters rallied": 2000 is a count) */
static int year_ends(const tscan *s, uint32_t k) {
  if (k >= s->end || (s->c->t->tok[k].flags & SR_TOK_PUNCT)) return 1;
  return (cd_wf(s->c, k) & (SR_W_PREP | SR_W_CONJ | SR_W_SUB | SR_W_CLAUSE)) != 0;
}

/* "(as reported)", "(month of)", "(between 20 and 23 May)" after an ACLED lead date: the
 * precision it states, and the tokens it spans */
static int marker_prec(const tscan *s, uint32_t i, uint32_t *past) {
  if (!is_w(s, i, "(")) return 0;
  int p = 0;
  if (is_w(s, i + 1, "as") && is_w(s, i + 2, "reported")) p = 1;
  else if (is_w(s, i + 1, "month") && is_w(s, i + 2, "of")) p = 3;
  else if (is_w(s, i + 1, "between") || is_w(s, i + 1, "week") || is_w(s, i + 1, "weekend")) p = 2;
  if (!p) return 0;
  uint32_t k = i + 1;
  while (k < s->end && k < i + 12 && !is_w(s, k, ")")) k++;
  *past = k < s->end ? k + 1 : k;
  return p;
}

/* an absolute date at token i: day-month-year, month-day-year, numeric; *e past it */
static int32_t absolute(const tscan *s, uint32_t i, uint32_t *e, int *yr) {
  const cdoc *c = s->c;
  const char *w = W(s, i);
  *yr = 0;
  if (c->t->tok[i].flags & SR_TOK_NUM) {
    int32_t z = cd_parse_iso(w);
    if (z >= 0) return *e = i + 1, *yr = 1, z;
    int d, m, y = 0, n = 0, slashes = 0, dots = 0;
    for (const char *q = w; *q; q++) slashes += *q == '/', dots += *q == '.'; /* sscanf needs two */
    if (((slashes >= 2 && sscanf(w, "%d/%d/%d%n", &d, &m, &y, &n) == 3) ||
         (dots >= 2 && sscanf(w, "%d.%d.%d%n", &d, &m, &y, &n) == 3)) &&
        (size_t)n == strlen(w)) {
      if (y < 100) y += 2000;
      if (valid(y, m, d)) return *e = i + 1, *yr = 1, sr_day_number(y, m, d);
      return -1;
    }
    int dd = mday_of(w), mm;
    if (dd && (mm = month_of(W(s, i + 1 + is_w(s, i + 1, "of"))))) { /* 23 May [2022], 3rd of June */
      uint32_t k = i + 2 + is_w(s, i + 1, "of");
      int y4 = year_tok(W(s, k)) ? year_tok(W(s, k)) : is_w(s, k, ",") && year_ends(s, k + 2) ? year_tok(W(s, k + 1)) : 0;
      if (y4) return *e = k + 1 + !year_tok(W(s, k)), *yr = 1, valid(y4, mm, dd) ? sr_day_number(y4, mm, dd) : -1;
      return *e = k, place_year(c, mm, dd);
    }
    return -1;
  }
  int mm = month_of(w);
  if (!mm || !(c->t->tok[i].flags & SR_TOK_CAP)) return -1;
  int dd = mday_of(W(s, i + 1));
  if (dd) { /* May 23[, 2022] */
    uint32_t k = i + 2 + is_w(s, i + 2, ",");
    int y4 = k == i + 3 && !year_ends(s, k + 1) ? 0 : year_tok(W(s, k));
    if (y4) return *e = k + 1, *yr = 1, valid(y4, mm, dd) ? sr_day_number(y4, mm, dd) : -1;
    return *e = i + 2, place_year(c, mm, dd);
  }
  return -1;
}

/* a month without a day: "in March 2023", "in March", "last month", "earlier this month";
 * precision 3, the middle of the month (or the anchor when the middle is after it) */
static int32_t month_only(const tscan *s, uint32_t i, uint32_t *e) {
  const cdoc *c = s->c;
  int ay = 0, am = 0, ad = 0;
  if (c->anchor >= 0) cd_day_civil(c->anchor, &ay, &am, &ad);
  if ((is_w(s, i, "this") || is_w(s, i, "last")) && is_w(s, i + 1, "month")) {
    if (c->anchor < 0) return -1;
    *e = i + 2;
    if (is_w(s, i, "this")) return ad >= 15 ? sr_day_number(ay, am, 15) : c->anchor;
    if (--am == 0) am = 12, ay--;
    return sr_day_number(ay, am, 15);
  }
  int mm = month_of(W(s, i));
  if (!mm || (W(s, i)[3] == 0 && mm != 5) || !(c->t->tok[i].flags & SR_TOK_CAP)) return -1; /* no "Mar" alone */
  uint32_t p = i ? i - 1 : i;
  int cue = i && (is_w(s, p, "in") || is_w(s, p, "early") || is_w(s, p, "late") || is_w(s, p, "mid") ||
                  is_w(s, p, "during") || is_w(s, p, "of") || is_w(s, p, "last") || is_w(s, p, "this"));
  int y4 = year_tok(W(s, i + 1));
  if (y4) { /* "in March 2024" told in March 2024: not after the report */
    int32_t z = sr_day_number(y4, mm, 15);
    *e = i + 2;
    return c->anchor >= 0 && z > c->anchor && z - c->anchor < 20 ? c->anchor : z;
  }
  if (!cue) return -1; /* "May" without a cue, a year or a day may be the modal */
  if (c->anchor < 0) return -1;
  *e = i + 1;
  int y = mm <= am ? ay : ay - 1;
  int32_t z = sr_day_number(y, mm, 15);
  return z > c->anchor ? c->anchor : z;
}

/* relative to the anchor: yesterday, today, overnight, weekdays, N days ago, last week */
static int32_t relative(const tscan *s, uint32_t i, uint32_t *e, int *prec) {
  const cdoc *c = s->c;
  if (c->anchor < 0) return -1;
  const char *w = W(s, i);
  *prec = 1;
  if (!strcmp(w, "day") && i > 0 && is_w(s, i - 1, "the") && is_w(s, i + 1, "before") && is_w(s, i + 2, "yesterday"))
    return *e = i + 3, c->anchor - 2; /* "the day before yesterday" */
  if (!strcmp(w, "yesterday")) return *e = i + 1, c->anchor - 1;
  if (!strcmp(w, "today") || !strcmp(w, "tonight")) return *e = i + 1, c->anchor;
  if (!strcmp(w, "overnight")) return *e = i + 1, c->anchor - 1;
  if (!strcmp(w, "last") && (is_w(s, i + 1, "night") || is_w(s, i + 1, "evening"))) return *e = i + 2, c->anchor - 1;
  if ((!strcmp(w, "this") || !strcmp(w, "early") || !strcmp(w, "late")) &&
      (is_w(s, i + 1, "morning") || is_w(s, i + 1, "afternoon") || is_w(s, i + 1, "evening")))
    return *e = i + 2, c->anchor;
  int wd = weekday_of(w);
  if (wd >= 0) {
    int32_t awd = ((c->anchor % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday (3) */
    int back = (awd - wd + 7) % 7;
    if (i > 0 && is_w(s, i - 1, "last") && back == 0) back = 7;
    return *e = i + 1, c->anchor - back;
  }
  if ((!strcmp(w, "last") || !strcmp(w, "this") || !strcmp(w, "past")) && is_w(s, i + 1, "week")) {
    *prec = 2;
    return *e = i + 2, !strcmp(w, "this") ? c->anchor : c->anchor - 7;
  }
  if ((!strcmp(w, "last") || !strcmp(w, "this")) && is_w(s, i + 1, "weekend")) {
    int32_t awd = ((c->anchor % 7) + 7 + 3) % 7;
    int back = (awd - 6 + 7) % 7; /* the last Sunday (today on a Sunday) */
    if (!strcmp(w, "this") && awd >= 5) back = 0;        /* "this weekend" said during it */
    else if (!strcmp(w, "last") && awd >= 5) back += 7;   /* "last weekend" said during one */
    *prec = 2;
    return *e = i + 2, c->anchor - back;
  }
  int n = atoi(w);
  static const char *const NW[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  for (int k = 0; !n && k < 10; k++)
    if (!strcmp(w, NW[k])) n = k + 1;
  if (!strcmp(w, "a")) n = 1;
  if (n > 0 && n < 400 && is_w(s, i + 2, "ago")) {
    if (is_w(s, i + 1, "days") || is_w(s, i + 1, "day")) return *e = i + 3, c->anchor - n;
    if (is_w(s, i + 1, "weeks") || is_w(s, i + 1, "week")) return *prec = 2, *e = i + 3, c->anchor - 7 * n;
  }
  return -1;
}

/* "between 3 and 5 June 2023", "from 3 to 5 June": the last day, precision 2 */
static int32_t range(const tscan *s, uint32_t i, uint32_t *e) {
  if (!is_w(s, i, "between") && !is_w(s, i, "from")) return -1;
  int d1 = mday_of(W(s, i + 1));
  if (!d1) return -1;
  uint32_t k = i + 2 + (month_of(W(s, i + 2)) != 0); /* "from 30 May to 2 June" */
  if (!(is_w(s, k, "and") || is_w(s, k, "to") || is_w(s, k, "-"))) return -1;
  int yr;
  return absolute(s, k + 1, e, &yr);
}

static int add_tx(cdoc *c, uint32_t b, uint32_t e, uint32_t si, int32_t day, int prec, int bound) {
  if (c->ntx == c->ctx) {
    uint32_t n = c->ctx ? c->ctx * 2 : 16;
    if (n > SR_CODE_MAX_TIMEX) return 0;
    timex *x = sr_arena_alloc(c->a, n * sizeof *x);
    if (!x) return SR_ENOMEM;
    if (c->ntx) memcpy(x, c->tx, c->ntx * sizeof *x);
    c->tx = x, c->ctx = n;
  }
  timex *x = &c->tx[c->ntx++];
  x->b = b, x->e = e, x->sent = si, x->day = day, x->prec = (uint8_t)prec, x->bound = (uint8_t)bound;
  x->clause = b < c->t->ntok && c->p.clause_of ? c->p.clause_of[b] : -1;
  return 0;
}

/* can a time expression start at token i? (numbers, time words, or a word before one: "last
 * week", "between 3 and 5 June", "two days ago"); keeps the scan off most tokens */
static int may_start(const tscan *s, uint32_t i) {
  const cdoc *c = s->c;
  if ((c->t->tok[i].flags & SR_TOK_NUM) || (cd_wf(c, i) & SR_W_TIME)) return 1;
  if (i + 1 < s->end && ((cd_wf(c, i + 1) & SR_W_TIME) || (c->t->tok[i + 1].flags & SR_TOK_NUM))) return 1;
  return i + 2 < s->end && (cd_wf(c, i + 2) & SR_W_TIME);
}

/* may_start of every token of the coded sentences, in one backward pass per sentence (the
 * document's two scans test each token); NULL when out of memory (then each is tested) */
static uint8_t *start_marks(cdoc *c) {
  uint8_t *ms = sr_arena_alloc(c->a, c->t->ntok ? c->t->ntok : 1);
  if (!ms) return NULL;
  for (uint32_t si = 0; si < c->nsent; si++) {
    uint8_t a1 = 0, t1 = 0, t2 = 0; /* number or time word at i + 1; time word at i + 1, i + 2 */
    for (uint32_t i = c->t->sent[si].tok_end; i-- > c->t->sent[si].tok_begin;) {
      uint8_t ti = (cd_wf(c, i) & SR_W_TIME) != 0, ai = ti || (c->t->tok[i].flags & SR_TOK_NUM);
      ms[i] = ai | a1 | t2;
      t2 = t1, t1 = ti, a1 = ai;
    }
  }
  return ms;
}
#define MAY_START(ms, s, i) ((ms) ? (ms)[i] : may_start((s), (i)))

/* the first absolute date with a year in the document: the anchor of a report without a date */
static int32_t first_absolute(cdoc *c, const uint8_t *ms) {
  for (uint32_t si = 0; si < c->nsent; si++) {
    tscan s = {c, c->t->sent[si].tok_begin, c->t->sent[si].tok_end};
    for (uint32_t i = s.i; i < s.end; i++) {
      uint32_t e;
      if (!MAY_START(ms, &s, i)) continue;
      int yr;
      int32_t z = absolute(&s, i, &e, &yr);
      if (z >= 0 && yr) return z;
    }
  }
  return -1;
}

static int scan_sentence(cdoc *c, uint32_t si, const uint8_t *ms) {
  tscan s = {c, c->t->sent[si].tok_begin, c->t->sent[si].tok_end};
  for (uint32_t i = s.i; i < s.end;) {
    uint32_t e = i + 1, past;
    int prec = 1, yr;
    if (!MAY_START(ms, &s, i)) {
      i++;
      continue;
    }
    int32_t z = range(&s, i, &e);
    if (z >= 0) prec = 2;
    if (z < 0) z = absolute(&s, i, &e, &yr);
    if (z < 0) z = month_only(&s, i, &e), prec = 3;
    if (z < 0 && weekday_of(W(&s, i)) >= 0) { /* "on Sunday, 3 March 2024": the date itself */
      uint32_t k = i + 1 + is_w(&s, i + 1, ",");
      int32_t za = absolute(&s, k, &e, &yr);
      if (za >= 0) z = za, prec = 1;
    }
    if (z < 0) z = relative(&s, i, &e, &prec);
    if (z < 0) {
      i++;
      continue;
    }
    uint32_t b = i;
    if (b > s.i && (is_w(&s, b - 1, "around") || is_w(&s, b - 1, "about"))) prec = prec < 2 ? 2 : prec;
    int mp = marker_prec(&s, e, &past);
    if (mp) prec = mp, e = past;
    int bound = b > s.i && (is_w(&s, b - 1, "since") || is_w(&s, b - 1, "until") || is_w(&s, b - 1, "till") ||
                            is_w(&s, b - 1, "by") || is_w(&s, b - 1, "before"));
    if (add_tx(c, b, e, si, z, prec, bound)) return SR_ENOMEM;
    i = e > i ? e : i + 1;
  }
  return 0;
}

int cd_dates(cdoc *c) {
  c->anchor = cd_parse_iso(c->date);
  const uint8_t *ms = start_marks(c);
  if (c->anchor < 0) c->anchor = first_absolute(c, ms);
  for (uint32_t si = 0; si < c->nsent; si++)
    if (scan_sentence(c, si, ms)) return SR_ENOMEM;
  return 0;
}

/* is clause a inside clause b (or b itself)? */
static int within(const cdoc *c, int32_t a, int32_t b) {
  for (int depth = 0; a >= 0 && depth < 64; depth++, a = c->p.cl[a].parent)
    if (a == b) return 1;
  return 0;
}

/* the date carried into sentence si from the sentences before it in its paragraph */
static const timex *carried(const cdoc *c, uint32_t si) {
  uint32_t para = c->t->sent[si].para;
  const timex *best = NULL;
  for (uint32_t k = 0; k < c->ntx && c->tx[k].sent < si; k++)
    if (!c->tx[k].bound && c->t->sent[c->tx[k].sent].para == para) best = &c->tx[k];
  return best;
}

void cd_event_date(const cdoc *c, const cevent *e, int32_t *day, int *prec) {
  cd_event_date_ex(c, e, day, prec, NULL);
}

void cd_event_date_ex(const cdoc *c, const cevent *e, int32_t *day, int *prec, int *told) {
  *day = -1, *prec = 0;
  if (told) *told = 0;
  uint32_t head = e->chunk >= 0 ? c->p.ch[e->chunk].head : c->t->sent[e->sent].tok_begin;
  int32_t cl = c->p.clause_of ? c->p.clause_of[head] : -1;
  const timex *own = NULL, *above = NULL, *near = NULL;
  uint32_t dist = UINT32_MAX;
  for (uint32_t k = 0; k < c->ntx; k++) {
    const timex *x = &c->tx[k];
    if (x->sent != e->sent || x->bound) continue;
    if (x->clause == cl && !own) own = x;
    else if (cl >= 0 && x->clause >= 0 && within(c, cl, x->clause) && !above) above = x;
    /* else the nearest of the sentence, one before the trigger counting double its distance */
    uint32_t d = x->e <= head ? 2 * (head - x->e) : x->b - head;
    if (d < dist) dist = d, near = x;
  }
  const timex *x = own ? own : above ? above : near ? near : carried(c, e->sent);
  if (!x && c->date && cd_parse_iso(c->date) >= 0) {
    *day = cd_parse_iso(c->date), *prec = 1;
    return;
  }
  if (x) *day = x->day, *prec = x->prec;
  if (x && told) *told = 1;
}

void cd_day_iso(int32_t z, char out[11]) {
  int y, m, d;
  cd_day_civil(z, &y, &m, &d);
  if (y < 0 || y > 9999) y = 0;
  unsigned uy = (unsigned)y % 10000u, um = (unsigned)(m - 1) % 12u + 1, ud = (unsigned)(d - 1) % 31u + 1;
  out[0] = (char)('0' + uy / 1000), out[1] = (char)('0' + uy / 100 % 10), out[2] = (char)('0' + uy / 10 % 10);
  out[3] = (char)('0' + uy % 10), out[4] = '-', out[5] = (char)('0' + um / 10), out[6] = (char)('0' + um % 10);
  out[7] = '-', out[8] = (char)('0' + ud / 10), out[9] = (char)('0' + ud % 10), out[10] = 0;
}
