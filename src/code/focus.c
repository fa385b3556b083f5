/* focus.c - the document's focus country: a vote of the named actors' theatres, the states
 * named, the places resolved without doubt (a place named with a locative cue says where
 * things happen; actors travel) and country names. Places abroad are then filtered and
 * scored against it (places_*.c), and unnamed forces ("the army") belong to it.
 */
#include "code_internal.h"

#include <math.h>

/* a name with no locative cue followed by a verb of saying is a capital speaking for its state
 * ("..., Cairo said", "Moscow says"): the state is voted for as an actor, not again as a place */
static int speaking_capital(const cdoc *c, const pcand *pc) {
  if (pc->e >= c->t->ntok) return 0;
  /* "in Lviv said" is no speaker; "in Gara, Ankara said" is (a list's cue does not count) */
  if (pc->b > 0 && (c->p.tag[pc->b - 1] == SR_T_IN || c->p.tag[pc->b - 1] == SR_T_TO)) return 0;
  return cd_say_at(c, pc->e);
}

/* a name with no locative cue that only modifies a common noun after it ("Satellite images
 * showed"): the phrase is about the noun, and a capitalised word there may be no name at all */
static int common_head_modifier(const cdoc *c, const pcand *pc) {
  if (pc->cue || pc->e >= c->t->ntok || !c->p.chunk_of) return 0;
  int32_t k = c->p.chunk_of[pc->b];
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP || c->p.ch[k].head < pc->e) return 0;
  uint32_t h = c->p.ch[k].head;
  return !(c->t->tok[h].flags & SR_TOK_CAP) && !(cd_wf(c, h) & SR_W_LOCNOUN) &&
         (c->p.tag[h] == SR_T_NN || c->p.tag[h] == SR_T_NNS);
}

void cd_focus(cdoc *c, const void *cands, int nall) {
  const pcand *all = cands;
  /* votes per country code */
  struct { char cc[3]; double v; } votes[64];
  int nv = 0;
#define VOTE(code, w)                                                                  \
  do {                                                                                 \
    const char *cc_ = (code);                                                          \
    if (cc_ && cc_[0]) {                                                               \
      int f_ = -1;                                                                     \
      for (int q_ = 0; q_ < nv; q_++)                                                  \
        if (!strcmp(votes[q_].cc, cc_)) f_ = q_;                                       \
      if (f_ < 0 && nv < 64) {                                                         \
        f_ = nv++;                                                                     \
        memcpy(votes[f_].cc, cc_, 2);                                                  \
        votes[f_].cc[2] = 0;                                                           \
        votes[f_].v = 0;                                                               \
      }                                                                                \
      if (f_ >= 0) votes[f_].v += (w);                                                 \
    }                                                                                  \
  } while (0)
  for (uint32_t k = 0; k < c->nref; k++) {
    const aref *x = &c->refs[k];
    if (x->kind == RK_NAMED) {
      const sr_lex_actor *a = sr_lex_actor_at(c->lx, (uint32_t)x->actor);
      /* states fight abroad; a named armed group mostly at home */
      if (a && a->kind != SR_KIND_MEDIA)
        VOTE(a->cc, (a->kind == SR_KIND_STATE_MIL || a->kind == SR_KIND_STATE_GOV) ? 0.5 : 1.0);
    } else if (x->kind == RK_STATE) {
      const sr_lex_country *k2 = sr_lex_country_at(c->lx, (uint32_t)x->country);
      if (k2) VOTE(k2->cc, x->adj ? 0.3 : 0.5);
    }
  }
  for (int k = 0; k < nall; k++) {
    sr_place p;
    if (speaking_capital(c, &all[k])) continue;
    int mod = common_head_modifier(c, &all[k]);
    double w = all[k].cue ? 1.0 : 0.5; /* a name with no locative cue may be anything */
    char k1[128];
    sr_fold(c->t->src + all[k].ob, all[k].oe - all[k].ob, k1, sizeof k1);
    if (all[k].n == 1 && sr_gaz_get(c->gz, all[k].idx[0], &p) == 0) {
      /* a place named with a locative cue says where things happen; actors travel. A lone
       * match under another name of an empty place ("Soum" for a hamlet abroad) says little */
      int sure = cd_close_name(c, k1, &p) || p.population >= 1000;
      /* ("Satellite images showed": a hamlet abroad named like a common word; "Gaza health
       * officials" still votes: a known place of a conflict) */
      if (mod && !cd_conflict_country(p.cc) && p.population < 100000) continue;
      VOTE(p.cc, !sure ? 0.6 : all[k].cue ? 2.0 : 1.5);
    } else if (all[k].n > 1) {
      /* the best candidate under its own name votes: "Pokrovsk" for the Donetsk town, not
       * for Engels, which once had that name; a spelling that only sounds like it
       * ("Bariire", "Bareilly") votes less */
      sr_place ps[16];
      int np = 0, best = -1;
      double bs = -1;
      for (int q = 0; q < all[k].n && q < 16; q++) {
        if (sr_gaz_get(c->gz, all[k].idx[q], &ps[np])) continue;
        const sr_place *x = &ps[np];
        double sc = (cd_own_name(c, k1, x) ? 4 : 0) + (cd_conflict_country(x->cc) ? 4 : 0) +
                    (!strcmp(x->fcode, "PPLC") || !strcmp(x->fcode, "PPLG") ? 2 : (x->fcode[0] == 'P' && x->fcode[3] == 'A') ? 2 : 0) +
                    log10((double)x->population + 1);
        if (sc > bs) bs = sc, best = np;
        np++;
      }
      const char *bcc = best >= 0 ? ps[best].cc : "";
      if (best >= 0) {
        const sr_place *x = &ps[best];
        double own = cd_close_name(c, k1, x) ? 1.0 : 0.5;
        VOTE(x->cc, w * own * (x->population > 50000 ? 1.0 : cd_conflict_country(x->cc) ? 0.6 : 0.4));
      }
      /* coherence: every other country a name could be in gets a little ("Mekelle" and
       * "Tigray" agree on Ethiopia even when each alone would pick a bigger town elsewhere) */
      char seen[16][3];
      int ns = 0;
      for (int q = 0; q < np; q++) {
        const sr_place *x = &ps[q];
        if (!x->cc[0] || !strcmp(x->cc, bcc)) continue;
        int dup = 0;
        for (int r = 0; r < ns; r++) dup |= !strcmp(seen[r], x->cc);
        if (dup || !cd_close_name(c, k1, x)) continue;
        memcpy(seen[ns++], x->cc, 3);
        VOTE(x->cc, 0.3 * w);
      }
    }
  }
  /* country names in locative or possessive use ("in Syria", "Lebanon's second city") */
  {
    const sr_lex_entry *e[8];
    for (uint32_t i = 0; i < c->t->ntok; i++) {
      if (!(c->t->tok[i].flags & SR_TOK_CAP) || c->tokm[i]) continue;
      int n = sr_lex_match(c->lx, c->t, i, c->t->ntok, e, 8);
      for (int k = 0; k < n; k++)
        if (e[k]->type == SR_ENT_COUNTRY) {
          const sr_lex_country *co = sr_lex_country_at(c->lx, e[k]->val);
          if (co) VOTE(co->cc, 1.0);
          break;
        }
    }
  }
  if (c->debug)
    for (int q = 0; q < nv; q++) fprintf(stderr, "  vote %s %.1f\n", votes[q].cc, votes[q].v);
  double bv = 0;
  c->focus[0] = 0;
  for (int q = 0; q < nv; q++)
    if (votes[q].v > bv || (votes[q].v == bv && c->focus[0] && cd_conflict_country(votes[q].cc) &&
                            !cd_conflict_country(c->focus)))
      bv = votes[q].v, memcpy(c->focus, votes[q].cc, 3);
  c->focus_country = c->focus[0] ? sr_lex_country_by_cc(c->lx, c->focus) : -1;
#undef VOTE
}
