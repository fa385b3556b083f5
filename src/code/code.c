/* code.c - the coder's driver. Per document:
 *   scan        lexicon matches; names kept whole            (scan.c)
 *   parse       tags, chunks, clauses, relations             (src/syntax/)
 *   mentions    noun phrases' referents; triggers            (mentions.c)
 *   places      geoparsing and the focus country             (places_*.c, focus.c)
 *   events      frames from relations, factuality            (events*.c, factuality.c, roles.c,
 *                                                             entities.c)
 *   incidents   one event per incident; the document pass    (incidents.c)
 *   dates       time expressions, each event's date          (dates.c)
 *   casualties  deaths and injured per incident              (casualties.c)
 *   emit        event records                                (emit.c)
 * and the small helpers the stages share.
 */
#include "code_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

double cd_km(double la1, double lo1, double la2, double lo2) {
  const double r = M_PI / 180.0;
  double p1 = la1 * r, p2 = la2 * r, dp = p2 - p1, dl = (lo2 - lo1) * r;
  double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
  return 2 * 6371.0 * asin(fmin(1.0, sqrt(h)));
}

const char *cd_strdup(cdoc *c, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  return sr_arena_strndup(c->a, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static int year_of(const char *date) { return date && strlen(date) >= 4 ? atoi(date) : 0; }

/* the sentences that fit the caps: a hostile document is coded up to the sentence where half
 * the mention cap would be passed */
static uint32_t sentences_in_caps(const sr_text *t) {
  uint32_t toks = 0;
  for (uint32_t si = 0; si < t->nsent; si++) {
    toks += t->sent[si].tok_end - t->sent[si].tok_begin;
    if (toks > SR_CODE_MAX_MENTIONS / 2) return si;
  }
  return t->nsent;
}

static int setup(cdoc *c, const sr_lex *lx, const sr_syn *syn, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                 const char *date, const sr_code_opts *opts) {
  memset(c, 0, sizeof *c);
  c->lx = lx, c->syn = syn, c->gz = gz, c->a = a, c->t = t, c->opts = opts;
  c->date = date;
  c->year = year_of(date);
  c->claimer = -1;
  c->focus_country = -1;
  c->debug = getenv("SITREP_DEBUG") != NULL;
  c->nsent = sentences_in_caps(t);
  c->wf = sr_arena_alloc(a, (t->ntok ? t->ntok : 1) * sizeof *c->wf);
  if (!c->wf) return SR_ENOMEM;
  for (uint32_t i = 0; i < t->ntok; i++) c->wf[i] = sr_lex_wflags(lx, t->tok[i].word);
  return 0;
}

/* scan, parse, mentions */
static int analyze(cdoc *c, sr_error *err) {
  if (cd_scan(c)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  int rc = sr_syn_parse(c->syn, c->t, c->mark, c->a, &c->p, err);
  if (rc) return rc;
  if (cd_mentions(c)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  return 0;
}

int sr_code_parse(const sr_lex *lx, const sr_syn *syn, sr_arena *a, const sr_text *t, sr_parse *out, sr_error *err) {
  cdoc c;
  if (setup(&c, lx, syn, NULL, a, t, NULL, NULL)) return sr_error_set(err, SR_ENOMEM, "document too large to parse");
  if (cd_scan(&c)) return sr_error_set(err, SR_ENOMEM, "document too large to parse");
  int rc = sr_syn_parse(syn, t, c.mark, a, &c.p, err);
  *out = c.p;
  return rc;
}

/* How deep to parse each sentence: fully where a dictionary action that can make or change an
 * event matches (events, repulses, light verbs, claims, denials, accusations) or casualties are
 * told, noun phrases
 * only where an actor is named or speech is reported (antecedents for coreference), the
 * lexicon's tags alone elsewhere (places need no parse). NULL when out of memory (all full). */
static const uint8_t *parse_depths(cdoc *c) {
  uint8_t *need = sr_arena_alloc(c->a, c->t->nsent ? c->t->nsent : 1);
  if (!need) return NULL;
  for (uint32_t si = 0; si < c->t->nsent; si++) {
    need[si] = si < c->nsent ? SR_PARSE_LEXICAL : SR_PARSE_FULL;
    if (si >= c->nsent) continue;
    const sr_sentence *s = &c->t->sent[si];
    for (uint32_t k = c->lm_at[s->tok_begin]; k < c->lm_at[s->tok_end] && need[si] != SR_PARSE_FULL; k++) {
      const lexm *m = &c->lm[k];
      /* speech alone ("X said") makes no event: its sentence needs noun phrases only */
      int act = m->type == SR_ENT_ACTION && m->act->act != SR_ACT_SAY && m->act->act != SR_ACT_PLAN &&
                m->act->act != SR_ACT_NEG && m->act->act != SR_ACT_MODAL;
      need[si] = act ? SR_PARSE_FULL : SR_PARSE_CHUNKS;
    }
    /* casualties are counted from the relations of their words ("He died", "6 were hurt") */
    for (uint32_t i = s->tok_begin; i < s->tok_end && need[si] != SR_PARSE_FULL; i++)
      if (c->wf[i] & (SR_W_DEATH | SR_W_INJURY)) need[si] = SR_PARSE_FULL;
  }
  return need;
}

static int any_event_trigger(const cdoc *c) {
  for (uint32_t k = 0; k < c->nlm; k++)
    if (c->lm[k].type == SR_ENT_ACTION && (c->lm[k].act->act == SR_ACT_EVENT || c->lm[k].act->act == SR_ACT_RECV ||
                                            c->lm[k].act->act == SR_ACT_LIGHT))
      return 1; /* events, and the frames that make one ("repelled an attempt", "launched drones") */
  return 0;
}

int sr_code_text(const sr_lex *lx, const sr_syn *syn, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                 const char *date, const sr_code_opts *opts, sr_event **out, size_t *nout, sr_error *err) {
  *out = NULL;
  *nout = 0;
  if (t->ntok == 0) return 0;
  cdoc c;
  if (setup(&c, lx, syn, gz, a, t, date, opts)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  if (cd_scan(&c)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  if (!any_event_trigger(&c)) return 0; /* nothing to code: skip the parse and the places */
  int rc = sr_syn_parse_ex(syn, t, c.mark, parse_depths(&c), a, &c.p, err);
  if (rc) return rc;
  if (cd_mentions(&c) || cd_places(&c, NULL, NULL)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  cd_mark_places(&c);
  if (cd_events(&c)) return sr_error_set(err, SR_ENOMEM, "too many events");
  cd_incidents(&c);
  cd_doc_pass(&c);
  if (cd_dates(&c)) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  cd_casualties(&c);
  cd_riots(&c);
  if (cd_emit_all(&c)) return sr_error_set(err, SR_ENOMEM, "too many events");
  *out = c.ev;
  *nout = c.nev;
  return 0;
}

int sr_code_places(const sr_lex *lx, const sr_syn *syn, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                   const char *date, sr_place_mention **out, size_t *nout, char focus[3], sr_error *err) {
  *out = NULL;
  *nout = 0;
  if (focus) focus[0] = 0;
  if (t->ntok == 0) return 0;
  cdoc c;
  if (setup(&c, lx, syn, gz, a, t, date, NULL)) return sr_error_set(err, SR_ENOMEM, "document too large to list places");
  int rc = analyze(&c, err);
  if (rc) return rc;
  if (cd_places(&c, out, nout)) return sr_error_set(err, SR_ENOMEM, "document too large to list places");
  if (focus) memcpy(focus, c.focus, 3);
  return 0;
}
