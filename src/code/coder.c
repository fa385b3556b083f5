/* coder.c - clause analysis and event coding.
 *
 * Per document:
 *   1. mentions: walk each sentence with the lexicon trie (actors, generic
 *      agents, country names/adjectives/capitals, action patterns) and merge
 *      neighbours ("Syrian" + "army"; "members of" + "Daesh").
 *   2. places: capitalised spans looked up in the gazetteer where the context
 *      says "place" (after in/at/near..., before "province", in lists).
 *   3. focus: the document's country (countries, actors' theatres, places).
 *   4. events: for each action trigger find source and target (active,
 *      passive, nominal, light and receiving verbs), apply negation,
 *      modality, planning, denials; resolve generic mentions and pronouns;
 *      attach the place; code CAMEO and map to PLOVER/ACLED.
 *   5. document pass: claims of responsibility, denials, duplicates.
 */
#include "sitrep/code.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { M_ACTOR = 1, M_ACTION, M_PLACE };
enum { G_NAMED = 0, G_AGENT, G_PRON, G_STATE };

typedef struct mention {
  uint32_t b, e;        /* token span [b, e) */
  uint8_t type;         /* M_* */
  uint8_t gen;          /* actors: G_* */
  uint8_t role;         /* agent role (SR_ROLE_*) */
  uint8_t speaker;      /* subject of an attribution frame */
  uint8_t adj;          /* bare country adjective ("Russian") */
  uint8_t plural;       /* pronoun: they/them/their */
  int32_t actor;        /* named actor index, -1 */
  int32_t country;      /* state reference: country index, -1 */
  uint32_t sent;        /* sentence index */
  uint32_t para;
  const sr_lex_action *act; /* actions */
  uint16_t aflags;
  int32_t place;        /* places: index into doc places */
  int32_t resolved;     /* actor index after resolution (-1 none) */
  uint8_t subj;         /* was a subject of an event/frame */
} mention;

typedef struct dplace {
  uint32_t b, e, sent, para;
  sr_place p;
  double lat, lon;
  const char *prec;   /* "place", "near", "admin1", "country" */
  const char *name;
  char cc[3];
  const char *admin1;
  uint32_t geonameid;
  double km, bearing; /* "N km DIR of X": offset applied (km 0 none); bearing -1 none */
  int ok;             /* resolved */
  const char *why;    /* --explain: the candidates and why this one won (arena), or NULL */
  int container;      /* named as the area holding the place before it ("X in Y", "X, Y province") */
} dplace;

typedef struct ctx {
  const sr_lex *lx;
  const sr_gaz *gz;
  sr_arena *a;
  const sr_text *t;
  const sr_code_opts *opts;
  mention *m;
  uint32_t nm, cm;
  uint32_t *tokm;     /* token -> mention index + 1 (0 none) */
  uint32_t scc_sent;  /* sentence (1-based) whose named country is cached in scc, 0 none */
  char scc[3];
  dplace *pl;
  uint32_t npl, cpl;
  sr_event *ev;
  size_t nev, cev;
  char focus[3];
  int32_t focus_country;
  const char *date;
  int year;
  int debug;          /* SITREP_DEBUG set: trace to stderr */
  int32_t claimer;    /* actor that claimed an attack told elsewhere in the document */
  uint32_t *wf;       /* word flags (SR_W_*) per token, filled once per document */
  int resolving_target; /* resolve() is filling a target slot (pronouns may be civilians) */
  uint32_t last_trig;   /* first token of the trigger of the last event */
  mention *appos;       /* apposition member skipped by the last find_subject */
  mention *last_subj;   /* source mention of the last event */
  mention *cur_src;     /* source mention of the event being emitted */
  /* discourse */
  int32_t last_src, last_tgt;   /* actor indexes of the last event */
  uint32_t last_ev_sent, last_ev_para;
  char last_root[3];
} ctx;

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static inline uint32_t wfl(const ctx *c, uint32_t i) { return c->wf[i]; }
static inline const char *tf(const ctx *c, uint32_t i) { return sr_tok_fold(c->t, i); }
/* w is a literal: strlen folds to a constant and memcmp inlines */
static inline int tis(const ctx *c, uint32_t i, const char *w) {
  size_t n = strlen(w);
  return c->t->tok[i].flen == n && memcmp(tf(c, i), w, n) == 0;
}
static inline int tpunct(const ctx *c, uint32_t i) { return c->t->tok[i].flags & SR_TOK_PUNCT; }
static inline int tcap(const ctx *c, uint32_t i) { return c->t->tok[i].flags & SR_TOK_CAP; }

static mention *mat(ctx *c, uint32_t tok) {
  uint32_t k = c->tokm[tok];
  return k ? &c->m[k - 1] : NULL;
}

static mention *add_mention(ctx *c) {
  if (c->nm >= SR_CODE_MAX_MENTIONS) return NULL;
  if (c->nm == c->cm) {
    uint32_t nc = c->cm ? c->cm * 2 : 256;
    mention *nm = sr_arena_alloc(c->a, nc * sizeof *nm);
    if (!nm) return NULL;
    if (c->nm) memcpy(nm, c->m, c->nm * sizeof *nm);
    c->m = nm;
    c->cm = nc;
  }
  mention *x = &c->m[c->nm++];
  memset(x, 0, sizeof *x);
  x->actor = x->country = x->place = x->resolved = -1;
  return x;
}

static const char *actor_code(const ctx *c, int32_t a) {
  const sr_lex_actor *x = sr_lex_actor_at(c->lx, (uint32_t)a);
  return x ? sr_lex_str(c->lx, x->code) : "";
}
static uint8_t actor_kind(const ctx *c, int32_t a) {
  const sr_lex_actor *x = a >= 0 ? sr_lex_actor_at(c->lx, (uint32_t)a) : NULL;
  return x ? x->kind : 0;
}
static int is_weapon(const ctx *c, const mention *m);

static int nonstate_armed(uint8_t k) {
  return k == SR_KIND_REBEL || k == SR_KIND_JIHADIST || k == SR_KIND_MILITIA ||
         k == SR_KIND_SEPARATIST;
}

/* is the token a clause boundary? */
static int boundary(const ctx *c, uint32_t i) {
  const char *f = tf(c, i);
  if (tpunct(c, i)) return f[0] == ';' || f[0] == ':';
  if (!(wfl(c, i) & SR_W_CLAUSE)) return 0;
  /* an apposition ", identified by witnesses as Russians," or ", known as X," is no clause */
  if (!strcmp(f, "as")) {
    for (uint32_t q = i; q > 1 && q + 5 > i; q--) {
      if (tpunct(c, q - 1) && tf(c, q - 1)[0] != ',') break; /* never across a sentence */
      const char *p = tf(c, q - 1);
      size_t pl = strlen(p);
      if (tpunct(c, q - 2) && tf(c, q - 2)[0] == ',' &&
          ((pl > 3 && !strcmp(p + pl - 2, "ed")) || !strcmp(p, "known") || !strcmp(p, "seen")))
        return 0;
    }
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* 1. mentions                                                         */

static int is_actorish(uint8_t type) {
  return type == SR_ENT_ACTOR || type == SR_ENT_AGENT || type == SR_ENT_COUNTRY ||
         type == SR_ENT_ADJ || type == SR_ENT_CAPITAL;
}

/* the matched length (tokens) of entry e among the n matches ents/span */
static uint32_t span_of(const sr_lex_entry **ents, const uint32_t *span, int n, const sr_lex_entry *e) {
  for (int k = 0; k < n; k++)
    if (ents[k] == e) return span[k];
  return e->ntok;
}

/* "drove Islamic State out of": the particle must follow within ten words, after at least one */
static int gap_ok(ctx *c, uint32_t from, uint32_t end, const sr_lex_action *a) {
  const char *part = sr_lex_str(c->lx, a->particle);
  size_t pl = strlen(part);
  for (uint32_t q = from + 1; q < end && q < from + 11; q++) {
    if (c->t->tok[q].flen == pl && !memcmp(tf(c, q), part, pl)) return 1;
    if (boundary(c, q) || (tpunct(c, q) && tf(c, q)[0] == ',')) return 0;
  }
  return 0;
}

/* Scan sentence s for lexicon mentions. */
static int scan_sentence(ctx *c, uint32_t si) {
  const sr_sentence *s = &c->t->sent[si];
  const sr_lex_entry *ents[32];
  for (uint32_t i = s->tok_begin; i < s->tok_end;) {
    uint32_t span[32];
    int n = sr_lex_match_span(c->lx, c->t, i, s->tok_end, ents, span, 32);
#define SPAN(e) span_of(ents, span, n, (e))
    uint32_t wf = wfl(c, i);
    if (n && i > s->tok_begin && (c->t->tok[i].flags & SR_TOK_HYPHEN) &&
        (tis(c, i - 1, "anti") || tis(c, i - 1, "counter") || tis(c, i - 1, "non")))
      n = 0; /* "anti-tank", "anti-aircraft": a modifier, not tanks or aircraft */
    if (n == 0) {
      if (wf & (SR_W_PRON_PL | SR_W_PRON_SG)) {
        /* pronouns that can stand for an actor */
        const char *f = tf(c, i);
        int among = i > s->tok_begin && (tis(c, i - 1, "among") || (tis(c, i - 1, "of") && tis(c, i, "them")));
        if (!among && (tis(c, i, "they") || tis(c, i, "them") || tis(c, i, "their") || tis(c, i, "it") ||
                       tis(c, i, "its") || tis(c, i, "he") || tis(c, i, "his"))) {
          /* "it" as expletive ("it is unclear", "it was reported that") is not an actor;
           * "it was hit by" is */
          if (tis(c, i, "it") && i + 2 < s->tok_end && (wfl(c, i + 1) & SR_W_BE)) {
            static const char *EXPL[] = {"unclear", "not", "likely", "possible", "believed", "thought",
                                         "reported", "said", "expected", "feared", "understood", "known",
                                         "clear", "too", "difficult", "important", "estimated", "the",
                                         "a", "an", "time", "also", "still", "now", "impossible", NULL};
            int expl = 0;
            for (int q = 0; EXPL[q] && !expl; q++)
              if (!strcmp(tf(c, i + 2), EXPL[q])) expl = 1;
            if (expl) {
              i++;
              continue;
            }
          }
          mention *x = add_mention(c);
          if (!x) return SR_ENOMEM;
          x->type = M_ACTOR;
          x->gen = G_PRON;
          x->plural = f[0] == 't';
          x->b = i, x->e = i + 1, x->sent = si, x->para = s->para;
          c->tokm[i] = c->nm;
        }
      }
      i++;
      continue;
    }
    /* longest actor-ish and longest action entry */
    const sr_lex_entry *ba = NULL, *bv = NULL;
    uint16_t vflags = 0;
    /* noun or verb reading of a word like "attack": a determiner, possessive,
     * number or adjective before it makes it a noun */
    int nounish = 0;
    if (i > s->tok_begin) {
      uint32_t pf = wfl(c, i - 1);
      uint32_t p1 = i - 1;
      nounish = (pf & (SR_W_DET | SR_W_POSSPRON | SR_W_PREP)) || (c->t->tok[i - 1].flags & (SR_TOK_POSS | SR_TOK_NUM)) ||
                (c->tokm[i - 1] && c->m[c->tokm[i - 1] - 1].type == M_ACTOR &&
                 c->m[c->tokm[i - 1] - 1].gen != G_PRON &&
                 !(i + 1 < s->tok_end && ((wfl(c, i + 1) & SR_W_DET) || tcap(c, i + 1)))) ||
                tis(c, p1, "new") || tis(c, p1, "fresh") || tis(c, p1, "major") ||
                tis(c, p1, "deadly") || tis(c, p1, "failed") || tis(c, p1, "scale") ||
                tis(c, p1, "coordinated") || tis(c, p1, "heavy") || tis(c, p1, "fierce") ||
                tis(c, p1, "mass") || tis(c, p1, "suspected");
    }
    if (i == s->tok_begin) nounish = 1; /* "Clashes broke out ...": a sentence opens with a noun */
    if (!nounish && i + 1 < s->tok_end) {
      uint32_t n1 = i + 1;
      nounish = tis(c, n1, "of") || tis(c, n1, "by") || tis(c, n1, "on") || tis(c, n1, "against") ||
                tis(c, n1, "were") || tis(c, n1, "was") || tis(c, n1, "have") || tis(c, n1, "has") ||
                tis(c, n1, "had") || tis(c, n1, "continued") || tis(c, n1, "continue") ||
                tis(c, n1, "killed") || tis(c, n1, "hit") || tis(c, n1, "targeted") ||
                tis(c, n1, "struck");
    }
    for (int k = 0; k < n; k++) {
      if (is_actorish(ents[k]->type)) {
        if (!ba || span[k] > SPAN(ba) ||
            (span[k] == SPAN(ba) && ents[k]->type == SR_ENT_ACTOR && ba->type != SR_ENT_ACTOR))
          ba = ents[k];
      } else if (ents[k]->type == SR_ENT_ACTION) {
        /* a "drive+ _ out" pattern without its particle is no reading at all */
        const sr_lex_action *ga = sr_lex_action_at(c->lx, ents[k]->val);
        if (ga && (ga->flags & SR_AF_GAP) && !gap_ok(c, i + span[k], s->tok_end, ga)) continue;
        if (!bv || span[k] > SPAN(bv)) {
          bv = ents[k];
          vflags = ents[k]->flags;
        } else if (span[k] == SPAN(bv) && ents[k]->val == bv->val) {
          vflags |= ents[k]->flags; /* "overrun" is both the base and the participle */
        } else if (span[k] == SPAN(bv)) {
          const sr_lex_action *na = sr_lex_action_at(c->lx, ents[k]->val);
          const sr_lex_action *oa = sr_lex_action_at(c->lx, bv->val);
          int n_noun = na && (na->flags & SR_AF_NOUN), o_noun = oa && (oa->flags & SR_AF_NOUN);
          if (n_noun != o_noun && n_noun == nounish) bv = ents[k];
          /* events before frames when both read the same words */
          else if (na && oa && na->act == SR_ACT_EVENT && oa->act != SR_ACT_EVENT && n_noun == o_noun)
            bv = ents[k];
        }
      }
    }
    const sr_lex_entry *pick = ba;
    if (ba && bv) {
      if (SPAN(bv) > SPAN(ba)) pick = bv;
      else if (SPAN(bv) == SPAN(ba) && !tcap(c, i)) pick = bv;
    } else if (!ba)
      pick = bv;
    if (!pick) {
      i++;
      continue;
    }
    /* an agent word that is only a member noun after a named actor is merged later */
    mention *x = add_mention(c);
    if (!x) return SR_ENOMEM;
    x->b = i;
    uint32_t plen = SPAN(pick);
    x->e = i + plen;
    if (x->e > s->tok_end) x->e = s->tok_end;
    x->sent = si;
    x->para = s->para;
    if (pick->type == SR_ENT_ACTION && (c->t->tok[i].flags & SR_TOK_HYPHEN)) {
      /* "US-trained", "Iran-backed": a compound adjective, not a verb */
      c->nm--;
      i += SPAN(pick);
      continue;
    }
    if (pick->type == SR_ENT_ACTION && i > s->tok_begin && tcap(c, i) &&
        !(c->t->tok[i - 1].flags & SR_TOK_PUNCT && tf(c, i - 1)[0] == '"')) {
      /* "Operation Round Up", "Hit": a capitalised word mid-sentence is a name, not a verb */
      c->nm--;
      i += SPAN(pick);
      continue;
    }
    if (pick->type == SR_ENT_ACTION && i > s->tok_begin &&
        (tis(c, i - 1, "a") || tis(c, i - 1, "an") || tis(c, i - 1, "the"))) {
      const sr_lex_action *pa = sr_lex_action_at(c->lx, pick->val);
      if (pa && !(pa->flags & SR_AF_NOUN) && pa->act == SR_ACT_EVENT) {
        /* "a mass offensive": a verb pattern cannot follow an article; "a rocket" is the weapon */
        if (ba) {
          pick = ba;
          x->e = i + SPAN(pick);
          if (x->e > s->tok_end) x->e = s->tok_end;
        } else {
          c->nm--;
          i++;
          continue;
        }
      }
    }
    if (pick->type == SR_ENT_ACTION) {
      x->type = M_ACTION;
      x->act = sr_lex_action_at(c->lx, pick->val);
      x->aflags = (uint16_t)((pick == bv ? vflags : pick->flags) | (x->act ? x->act->flags : 0));
      if (!x->act) {
        c->nm--;
        i++;
        continue;
      }

    } else {
      x->type = M_ACTOR;
      switch (pick->type) {
      case SR_ENT_ACTOR: {
        x->gen = G_NAMED;
        x->actor = (int32_t)pick->val;
        break;
      }
      case SR_ENT_AGENT: x->gen = G_AGENT, x->role = (uint8_t)pick->val; break;
      case SR_ENT_COUNTRY: x->gen = G_STATE, x->country = (int32_t)pick->val; break;
      case SR_ENT_CAPITAL: x->gen = G_STATE, x->country = (int32_t)pick->val; break;
      case SR_ENT_ADJ:
        x->gen = G_STATE, x->country = (int32_t)pick->val, x->adj = 1;
        break;
      }
      x->role = pick->type == SR_ENT_AGENT ? (uint8_t)pick->val : x->role;
      /* mark capital/country entries that stand in a locative phrase: places, not actors */
      uint32_t pv = i > s->tok_begin ? i - 1 : i;
      if (pv > s->tok_begin && (tis(c, pv, "all") || tis(c, pv, "northern") ||
                                tis(c, pv, "southern") || tis(c, pv, "eastern") || tis(c, pv, "western") ||
                                tis(c, pv, "central")))
        pv--;
      uint32_t nx = i + SPAN(pick);
      int geo_name = (pick->type == SR_ENT_CAPITAL || pick->type == SR_ENT_COUNTRY) && nx < s->tok_end &&
                     (tis(c, nx, "river") || tis(c, nx, "valley") || tis(c, nx, "delta") ||
                      tis(c, nx, "border") || tis(c, nx, "state") || tis(c, nx, "province") ||
                      tis(c, nx, "region") || tis(c, nx, "basin") || tis(c, nx, "lake") ||
                      tis(c, nx, "governorate") || tis(c, nx, "frontier"));
      /* "struck Kyiv, Lviv and Odesa": a capital after a verb or in a list is a place */
      int cap_place = 0;
      if (pick->type == SR_ENT_CAPITAL && i > s->tok_begin) {
        mention *pm = c->tokm[i - 1] ? &c->m[c->tokm[i - 1] - 1] : NULL;
        if ((pm && pm->type == M_ACTION && pm->act->act == SR_ACT_EVENT) ||
            (tpunct(c, i - 1) && tf(c, i - 1)[0] == ',') || tis(c, i - 1, "and"))
          cap_place = 1;
      }
      /* "south-west of Aden", "the outskirts of Kyiv": a place */
      if ((pick->type == SR_ENT_CAPITAL || pick->type == SR_ENT_COUNTRY) && i >= s->tok_begin + 2 &&
          tis(c, i - 1, "of") && (wfl(c, i - 2) & (SR_W_DIR | SR_W_LOCNOUN | SR_W_NEAR)))
        cap_place = 1;
      /* "appealed to Russia", "talks with Turkey": after a verbal act, a country is its addressee */
      int addressee = 0;
      if (pick->type == SR_ENT_COUNTRY && i >= s->tok_begin + 2 && (tis(c, i - 1, "to") || tis(c, i - 1, "with"))) {
        mention *pm = c->tokm[i - 2] ? &c->m[c->tokm[i - 2] - 1] : NULL;
        if (pm && pm->type == M_ACTION && pm->act->act == SR_ACT_EVENT &&
            ((pm->act->cameo[0] == '0' && pm->act->cameo[1] >= '1' && pm->act->cameo[1] <= '7') ||
             (pm->act->cameo[0] == '1' && pm->act->cameo[1] <= '4')))
          addressee = 1;
      }
      if (!addressee && (cap_place || geo_name || ((pick->type == SR_ENT_CAPITAL || pick->type == SR_ENT_COUNTRY) && i > s->tok_begin &&
          (wfl(c, pv) & SR_W_LOCPREP) && !tis(c, pv, "from")))) {
        c->nm--;
        i += SPAN(pick);
        continue;
      }
    }
    for (uint32_t k = x->b; k < x->e; k++) c->tokm[k] = c->nm;
    i = x->e;
  }
  return 0;
}

/* token index of "by" within n tokens from q (no actor or verb before it), 0 when none */
static uint32_t by_within(ctx *c, uint32_t q, uint32_t end, uint32_t n) {
  for (uint32_t k = q; k < end && k < q + n; k++) {
    if (tis(c, k, "by")) return k;
    mention *m = mat(c, k);
    if ((m && m->type != M_PLACE) || tpunct(c, k)) return 0;
  }
  return 0;
}

/* Mention y grows back to token b, taking over the tokens in front of it ("the army of
 * Damascus", "fighters thought to belong to IS"). */
static void extend_back(ctx *c, mention *y, uint32_t b) {
  uint32_t yi = (uint32_t)(y - c->m);
  for (uint32_t t = b; t < y->b; t++) c->tokm[t] = yi + 1;
  y->b = b;
}

/* Merge neighbouring actor mentions of sentence si:
 *   ADJ + AGENT            -> state actor with the agent's role
 *   NAMED + AGENT/MEMBER   -> the named actor ("IS fighters")
 *   AGENT/MEMBER of X      -> X ("members of Daesh", "the army of Damascus") */
static void merge_sentence(ctx *c, uint32_t first, uint32_t last) {
  /* "the army-aligned government", "Iran-backed militias": a hyphenated participle makes the
   * actor word a modifier of what follows */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || x->adj) continue;
    uint32_t j = x->e, end = c->t->sent[x->sent].tok_end;
    if (j < end && (c->t->tok[j].flags & SR_TOK_HYPHEN) &&
        (tis(c, j, "aligned") || tis(c, j, "backed") || tis(c, j, "led") || tis(c, j, "controlled") ||
         tis(c, j, "held") || tis(c, j, "run") || tis(c, j, "allied") || tis(c, j, "linked") ||
         tis(c, j, "affiliated") || tis(c, j, "installed") || tis(c, j, "appointed") ||
         tis(c, j, "sponsored") || tis(c, j, "funded") || tis(c, j, "supported") || tis(c, j, "trained"))) {
      for (uint32_t q = x->b; q < x->e; q++)
        if (c->tokm[q] == k + 1) c->tokm[q] = 0;
      x->type = 0;
    }
  }
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR) continue;
    /* ADJ/NAMED/STATE followed by agent words or member nouns */
    if (x->gen == G_STATE || x->gen == G_NAMED) {
      uint32_t j = x->e;
      /* "Turkish-backed", "Russian-made", "US-trained": an adjective that does not act */
      if (x->adj && j + 1 < c->t->sent[x->sent].tok_end && (c->t->tok[j].flags & SR_TOK_HYPHEN) &&
          tis(c, j, "led")) {
        mention *y = mat(c, j + 1);
        if (y && y->type == M_ACTOR && y->gen == G_AGENT && y->b == j + 1 && y->role == SR_ROLE_MIL) {
          /* "Saudi-led jets": the leading state's forces */
          x->adj = 0;
          x->role = SR_ROLE_MIL;
          x->e = y->e;
          for (uint32_t q = j; q < y->e; q++) c->tokm[q] = (uint32_t)(x - c->m) + 1;
          y->type = 0;
          continue;
        }
      }
      if (x->adj && j < c->t->sent[x->sent].tok_end && (c->t->tok[j].flags & SR_TOK_HYPHEN) &&
          (tis(c, j, "backed") || tis(c, j, "made") || tis(c, j, "trained") ||
           tis(c, j, "supplied") || tis(c, j, "built") || tis(c, j, "allied") ||
           tis(c, j, "born") || tis(c, j, "based") || tis(c, j, "led") ||
           tis(c, j, "controlled") || tis(c, j, "held") || tis(c, j, "run") ||
           tis(c, j, "funded") || tis(c, j, "sponsored") || tis(c, j, "linked") ||
           tis(c, j, "aligned"))) {
        x->type = 0;
        for (uint32_t q = x->b; q < x->e; q++) c->tokm[q] = 0;
        /* "Turkish-backed factions" / "Kurdish-led forces": the agent after it is not this state */
        continue;
      }
      uint32_t end = c->t->sent[x->sent].tok_end;
      /* skip one "-" joined or lowercase modifier? keep simple: direct neighbour */
      if (j < end && !mat(c, j)) {
        uint32_t q = j;
        while (q < end && q < j + 2 && !mat(c, q) && !tcap(c, q) && !tpunct(c, q) &&
               !(c->t->tok[q].flags & SR_TOK_NUM) &&
               (!(wfl(c, q) & ~(uint32_t)SR_W_NOPLACE) || (c->t->tok[q].flags & SR_TOK_HYPHEN)))
          q++;
        mention *y2 = q < end ? mat(c, q) : NULL;
        if (q > j && y2 && y2->type == M_ACTOR && y2->gen == G_AGENT && y2->b == q &&
            (y2->role == SR_ROLE_MIL || (x->gen == G_NAMED && y2->role != SR_ROLE_PROTEST)))
          j = q;
      }
      if (j < end) {
        mention *y = mat(c, j);
        if (y && y->type == M_ACTOR && y->gen == G_AGENT && y->b == j &&
            !(x->gen == G_STATE && (y->role == SR_ROLE_CIV || y->role == SR_ROLE_PROTEST))) {
          if (x->gen == G_STATE) x->role = y->role == SR_ROLE_MEMBER ? SR_ROLE_MIL : y->role;
          x->adj = 0;
          x->e = y->e;
          y->type = 0;
          for (uint32_t q = x->b; q < x->e; q++) c->tokm[q] = (uint32_t)(x - c->m) + 1;
        } else if (!y && (wfl(c, j) & SR_W_MEMBER) && x->gen == G_NAMED) {
          x->e = j + 1;
          c->tokm[j] = (uint32_t)(x - c->m) + 1;
        } else if (!y && x->gen == G_NAMED && j + 1 < end && !tcap(c, j) && !mat(c, j + 1) &&
                   !(wfl(c, j) & (SR_W_PREP | SR_W_BE | SR_W_HAVE | SR_W_CONJ | SR_W_DET)) &&
                   (wfl(c, j + 1) & SR_W_MEMBER) && !tpunct(c, j)) {
          /* "a Hezbollah weapons depot", "an IS sleeper cell" */
          x->e = j + 2;
          c->tokm[j] = c->tokm[j + 1] = (uint32_t)(x - c->m) + 1;
        } else if (!y && x->adj && !(wfl(c, j) & SR_W_MEMBER) && j + 1 < end && !mat(c, j + 1) &&
                   !tcap(c, j) && ((wfl(c, j + 1) & SR_W_MEMBER) ||
                                   (j + 2 < end && !mat(c, j + 2) && !tcap(c, j + 1) && (wfl(c, j + 2) & SR_W_MEMBER)))) {
          /* "a Russian ammunition depot", "a Russian landing ship": the state's forces */
          uint32_t q = (wfl(c, j + 1) & SR_W_MEMBER) ? j + 1 : j + 2;
          x->adj = 0;
          x->role = SR_ROLE_MIL;
          x->e = q + 1;
          for (uint32_t t = j; t <= q; t++) c->tokm[t] = (uint32_t)(x - c->m) + 1;
        } else if (!y && x->adj && (wfl(c, j) & SR_W_MEMBER)) {
          /* "Russian jets", "Turkish troops" when the noun is only a member word */
          x->adj = 0;
          x->role = SR_ROLE_MIL;
          x->e = j + 1;
          c->tokm[j] = (uint32_t)(x - c->m) + 1;
        }
      }
    }
  }
  /* X of Y */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || (x->gen != G_AGENT && x->gen != G_PRON)) continue;
    uint32_t j = x->e, end = c->t->sent[x->sent].tok_end;
    if (j + 1 < end && (tis(c, j, "of") || (tis(c, j, "from") && x->gen == G_AGENT &&
                                             (x->role == SR_ROLE_ARMED || x->role == SR_ROLE_MEMBER ||
                                              x->role == SR_ROLE_MIL || x->role == SR_ROLE_UNKNOWN)))) {
      uint32_t q = j + 1;
      if (q < end && (wfl(c, q) & SR_W_DET) && !(wfl(c, q) & SR_W_POSSPRON)) q++;
      /* skip a hyphenated modifier: "fighters of the al-Qaeda-linked JNIM" */
      for (uint32_t n = 0; n < 4 && q + 1 < end && !mat(c, q) && (c->t->tok[q + 1].flags & SR_TOK_HYPHEN); n++) {
        q++;
        if (!(q + 1 < end && (c->t->tok[q + 1].flags & SR_TOK_HYPHEN))) {
          q++;
          break;
        }
      }
      mention *y = q < end ? mat(c, q) : NULL;
      if (y && y->type == M_ACTOR && y != x) {
        /* "the army of Damascus": state of the capital with the agent's role */
        if (y->gen == G_STATE) y->role = x->role ? x->role : y->role;
        y->adj = 0;
        extend_back(c, y, x->b);
        x->type = 0;
      }
    }
  }
  /* "Russian missiles and drones": the second noun shares the first one's state;
   * "its forces", "their fighters": the pronoun's referent */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR) continue;
    uint32_t end = c->t->sent[x->sent].tok_end;
    /* "coalition aircraft and artillery": the second weapon is the named actor's too */
    if (x->gen == G_NAMED && x->e + 1 < end && tis(c, x->e, "and")) {
      mention *y = mat(c, x->e + 1);
      if (y && y->type == M_ACTOR && y->gen == G_AGENT && y->b == x->e + 1 && y->role == SR_ROLE_MIL) {
        y->gen = G_NAMED;
        y->actor = x->actor;
      }
    }
    if (x->gen == G_STATE && !x->adj && x->role && x->e + 1 < end && tis(c, x->e, "and")) {
      mention *y = mat(c, x->e + 1);
      if (y && y->type == M_ACTOR && y->gen == G_AGENT && y->b == x->e + 1 &&
          (y->role == SR_ROLE_MIL || y->role == SR_ROLE_POLICE)) {
        y->gen = G_STATE;
        y->country = x->country;
      }
    }
    if (x->gen == G_PRON && (wfl(c, x->b) & SR_W_POSSPRON) && x->e < end) {
      uint32_t q0 = x->e;
      /* "its last soldiers", "their own fighters" */
      if (q0 + 1 < end && !mat(c, q0) && !tcap(c, q0) && !tpunct(c, q0) && mat(c, q0 + 1)) q0++;
      mention *y = mat(c, q0);
      if (y && y->type == M_ACTOR && y->gen == G_AGENT && y->b == q0 &&
          (y->role == SR_ROLE_MIL || y->role == SR_ROLE_ARMED || y->role == SR_ROLE_MEMBER)) {
        x->e = y->e;
        for (uint32_t q = x->b; q < y->e; q++) c->tokm[q] = k + 1;
        y->type = 0;
      }
    }
  }
  /* "fighters led by X", "militias loyal to X", "forces allied to X": X is the actor */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || x->gen != G_AGENT) continue;
    uint32_t j = x->e, end = c->t->sent[x->sent].tok_end;
    if (j + 2 >= end) continue;
    if ((tis(c, j, "led") && tis(c, j + 1, "by")) || (tis(c, j, "loyal") && tis(c, j + 1, "to")) ||
        (tis(c, j, "allied") && (tis(c, j + 1, "to") || tis(c, j + 1, "with"))) ||
        (tis(c, j, "belonging") && tis(c, j + 1, "to")) ||
        ((tis(c, j, "launched") || tis(c, j, "fired") || tis(c, j, "sent") || tis(c, j, "operated") ||
          tis(c, j, "flown") || tis(c, j, "deployed") || tis(c, j, "commanded") || tis(c, j, "backed")) &&
         by_within(c, j + 1, end, 4) && x->role != SR_ROLE_CIV) ||
        (tis(c, j, "affiliated") && (tis(c, j + 1, "with") || tis(c, j + 1, "to"))) ||
        (tis(c, j, "linked") && tis(c, j + 1, "to"))) {
      uint32_t q = j + 2;
      { /* "Rockets fired from Gaza by the Qassam Brigades" */
        uint32_t byt = by_within(c, j + 1, end, 4);
        if (byt) q = byt + 1;
      }
      if (q < end && (wfl(c, q) & SR_W_DET)) q++;
      mention *y = q < end ? mat(c, q) : NULL;
      if (y && y->type == M_ACTOR && y->b == q && y->gen != G_PRON && !(tis(c, j, "backed") && y->gen != G_NAMED)) {
        extend_back(c, y, x->b);
        y->adj = 0;
        x->type = 0;
      }
    }
  }
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || x->gen != G_AGENT) continue;
    uint32_t j = x->e, end = c->t->sent[x->sent].tok_end;
    if (j + 4 < end && (tis(c, j, "thought") || tis(c, j, "believed") || tis(c, j, "suspected") ||
                        tis(c, j, "said") || tis(c, j, "reported")) &&
        tis(c, j + 1, "to") && tis(c, j + 2, "belong") && tis(c, j + 3, "to")) {
      uint32_t q = j + 4;
      if (q < end && (wfl(c, q) & SR_W_DET)) q++;
      mention *y = q < end ? mat(c, q) : NULL;
      if (y && y->type == M_ACTOR && y->b == q && y->gen == G_NAMED) {
        extend_back(c, y, x->b);
        x->type = 0;
      }
    }
  }
  /* a bare country adjective is only an actor in front of a nominal trigger
   * ("Russian air strikes", "an Israeli strike"), not in "the Iraqi border" */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || !x->adj) continue;
    uint32_t end = c->t->sent[x->sent].tok_end;
    int keep = 0;
    for (uint32_t q = x->e; q < end && q < x->e + 3 && !keep; q++) {
      mention *y = mat(c, q);
      if (y && y->type == M_ACTION && (y->aflags & SR_AF_NOUN)) keep = 1;
      else if (y) break;
      else if (tis(c, q, "proposal") || tis(c, q, "plan") || tis(c, q, "offer") || tis(c, q, "proposals") ||
               tis(c, q, "initiative") || tis(c, q, "demands") || tis(c, q, "terms")) {
        keep = 1; /* "rejected the latest Israeli proposal": the state that proposed */
        x->role = SR_ROLE_GOV;
      }
    }
    /* "Russian and Syrian warplanes": the first adjective shares the second one's noun */
    if (!keep && x->e + 1 < end && (tis(c, x->e, "and") || tis(c, x->e, ","))) {
      mention *y = mat(c, x->e + 1);
      if (y && y->type == M_ACTOR && y->gen == G_STATE && !y->adj && y->role) {
        x->role = y->role;
        x->adj = 0;
        keep = 1;
      }
    }
    if (!keep) {
      for (uint32_t q = x->b; q < x->e; q++)
        if (c->tokm[q] == k + 1) c->tokm[q] = 0;
      x->type = 0;
    }
  }
  /* "Ukraine's power grid", "the government's wartime seat": a possessor of a thing is not
   * the actor; "Russia's defence ministry", "Hamas's armed wing" keep theirs */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type != M_ACTOR || x->gen == G_PRON) continue;
    uint32_t end = c->t->sent[x->sent].tok_end, j = x->e;
    if (j >= end || !(c->t->tok[j].flags & SR_TOK_POSS)) continue;
    uint32_t q = j + 1;
    int keep = 0;
    for (int n = 0; q < end && n < 3; q++, n++) {
      mention *y = mat(c, q);
      if (y) {
        keep = y->type == M_ACTOR || y->type == M_PLACE;
        break;
      }
      if ((wfl(c, q) & SR_W_MEMBER) || tis(c, q, "seizure") || tis(c, q, "rule") || tis(c, q, "takeover") ||
          tis(c, q, "crackdown") || tis(c, q, "occupation") || tis(c, q, "invasion") ||
          tis(c, q, "abuses") || tis(c, q, "repression") || tis(c, q, "coup") || tis(c, q, "aggression")) {
        keep = 1; /* "the military's seizure of power": the military acts */
        break;
      }
      if (tpunct(c, q) || tcap(c, q)) break; /* "Russia's Black Sea coast" */
    }
    if (!keep) {
      for (uint32_t t = x->b; t < x->e; t++)
        if (c->tokm[t] == k + 1) c->tokm[t] = 0;
      x->type = 0;
    }
  }
  /* a member word that did not attach to an actor is nobody ("the commander said") */
  for (uint32_t k = first; k < last; k++) {
    mention *x = &c->m[k];
    if (x->type == M_ACTOR && x->gen == G_AGENT && x->role == SR_ROLE_MEMBER) {
      for (uint32_t q = x->b; q < x->e; q++)
        if (c->tokm[q] == k + 1) c->tokm[q] = 0;
      x->type = 0;
    }
  }
  /* member noun + of + actor, where the member noun is not a lexicon agent */
  for (uint32_t k = first; k < last; k++) {
    mention *y = &c->m[k];
    if (y->type != M_ACTOR || y->b < 2) continue;
    uint32_t sb = c->t->sent[y->sent].tok_begin;
    uint32_t q = y->b;
    if (q > sb && (wfl(c, q - 1) & SR_W_DET)) q--;
    if (q >= sb + 2 && tis(c, q - 1, "of") && (wfl(c, q - 2) & SR_W_MEMBER) &&
        (!mat(c, q - 2) || (mat(c, q - 2)->gen == G_AGENT && mat(c, q - 2)->role == SR_ROLE_MEMBER))) {
      uint32_t nb = q - 2;
      if (nb > sb && (wfl(c, nb - 1) & SR_W_DET)) nb--;
      for (uint32_t t = nb; t < y->b; t++) c->tokm[t] = k + 1;
      y->b = nb;
    }
  }
}

/* ------------------------------------------------------------------ */
/* 2. places                                                           */

static int particle(const ctx *c, uint32_t i) { return (wfl(c, i) & SR_W_PARTICLE) != 0; }

static double deg2rad(double d) { return d * M_PI / 180.0; }
static double km_between(double la1, double lo1, double la2, double lo2) {
  double p1 = deg2rad(la1), p2 = deg2rad(la2), dp = p2 - p1, dl = deg2rad(lo2 - lo1);
  double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
  return 2 * 6371.0 * asin(fmin(1.0, sqrt(h)));
}
static void offset_point(double lat, double lon, double km, double bearing, double *olat,
                         double *olon) {
  double d = km / 6371.0, b = deg2rad(bearing), p1 = deg2rad(lat), l1 = deg2rad(lon);
  double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b));
  double l2 = l1 + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
  *olat = p2 * 180.0 / M_PI;
  *olon = l2 * 180.0 / M_PI;
}

static double bearing_of(const char *f) {
  static const struct { const char *w; double b; } B[] = {
      {"north", 0},      {"northern", 0},    {"northeast", 45},  {"north-east", 45},
      {"east", 90},      {"eastern", 90},    {"southeast", 135}, {"south-east", 135},
      {"south", 180},    {"southern", 180},  {"southwest", 225}, {"south-west", 225},
      {"west", 270},     {"western", 270},   {"northwest", 315}, {"north-west", 315}};
  for (size_t i = 0; i < sizeof B / sizeof B[0]; i++)
    if (!strcmp(f, B[i].w)) return B[i].b;
  return -1;
}

typedef struct pcand {
  uint32_t b, e;
  uint32_t idx[16];
  int n;
  int cue;      /* locative context */
  int admin;    /* "X province" */
  uint32_t ob, oe; /* byte span in the text */
  int weak;     /* no cue: only a sizeable town in the focus country */
  char hint[3]; /* country named right before ("the Lebanese city of Tripoli") */
  char in[3];   /* container named right after: "X in Y", "X, Y" (country of Y) */
  char in_a1[21]; /* ... and its admin1 code when Y is an admin1 area ("" for a country) */
  int fallback; /* X is not in the gazetteer inside Y: resolved to Y itself */
  int container; /* this span is the Y of such a pair */
  char scc[3];   /* a country named elsewhere in the sentence ("... Lebanon's second city"),
                    filled by need_scc only when the candidates lie in several countries */
  uint32_t si;   /* its sentence */
} pcand;

/* With a known focus country, small places abroad are misreadings ("Harse", "Jazeera"), and
 * places abroad must match their own name, not an alternate ("Salim" is not Jerusalem).
 * Removes such candidates; returns how many are left. */
/* Countries of one theatre: a report focused on one may name small places in the others
 * (Jenin in an Israeli story, Kursk in a Ukrainian one, Diffa in a Lake Chad one). */
static int same_theatre(const char *a, const char *b) {
  static const char *G[] = {"IL PS LB SY", "UA RU", "SD SS TD", "NG NE TD CM", "ML BF NE", "CD RW UG BI",
                            "AF PK", "SY IQ LB TR JO", "YE SA", "SO KE ET", "MM TH BD", "LY TD EG TN"};
  if (!strcmp(a, b)) return 1;
  for (size_t i = 0; i < sizeof G / sizeof G[0]; i++) {
    const char *pa = strstr(G[i], a), *pb = strstr(G[i], b);
    if (pa && pb && strlen(a) == 2 && strlen(b) == 2) return 1;
  }
  return 0;
}

static int filter_abroad(ctx *c, pcand *pc) {
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
             !strcmp(p.fcode, "PPLC") || (pc->cue && same_theatre(p.cc, c->focus))) {
      sr_fold(p.name, strlen(p.name), k2, sizeof k2);
      if (!strcmp(k1, k2)) ok = 1;
      sr_fold(p.asciiname, strlen(p.asciiname), k2, sizeof k2);
      if (!strcmp(k1, k2)) ok = 1;
    }
    if (ok) pc->idx[nk++] = pc->idx[k];
  }
  pc->n = nk;
  return nk;
}

/* Is there a locative cue before token b (skipping "the city of" etc.)? */
static int loc_cue_before(ctx *c, uint32_t b, uint32_t sb) {
  uint32_t i = b;
  int steps = 0;
  while (i > sb && steps < 5) {
    i--;
    steps++;
    uint32_t f = wfl(c, i);
    const char *w = tf(c, i);
    if (f & SR_W_LOCPREP) return 1;
    {
      mention *m = mat(c, i);
      if (m && m->type == M_ACTION && m->act->act == SR_ACT_EVENT && !(m->aflags & SR_AF_NOUN)) return 1;
      if (m) return 0;
    }
    if (!strcmp(w, "of")) {
      /* "the city of X", "north of X", "outskirts of X", "countryside of X" */
      if (i > sb && (wfl(c, i - 1) & (SR_W_LOCNOUN | SR_W_DIR | SR_W_NEAR))) return 1;
      if (i > sb) {
        mention *m = mat(c, i - 1);
        if (m && m->type == M_ACTION && (m->aflags & SR_AF_NOUN)) return 1;
      }
      return 0;
    }
    if (!strcmp(w, "on") || !strcmp(w, "against") || !strcmp(w, "upon")) {
      /* "an assault on X", "attacks against X", "advance on X" */
      if (i > sb) {
        mention *m = mat(c, i - 1);
        if (m && m->type == M_ACTION && m->act->act == SR_ACT_EVENT) return 1;
      }
      return 0;
    }
    if (f & (SR_W_LOCNOUN | SR_W_DET | SR_W_DIR)) continue;
    if (tpunct(c, i) && tf(c, i)[0] == ',') return 0;
    if (tcap(c, i) || particle(c, i)) continue; /* "the Syrian city of" */
    return 0;
  }
  return 0;
}


/* a country adjective or name within four tokens before token b: "the northern Lebanese city
 * of Tripoli", "Yemen's Marib province" */
static void country_hint(ctx *c, uint32_t b, uint32_t sb, char out[3]) {
  out[0] = 0;
  const sr_lex_entry *e[8];
  int locnoun = 0; /* only "the Lebanese city of X", not "Russian bombs pounded X" */
  for (uint32_t q = b; q > sb && b - q < 5;) {
    q--;
    if (tpunct(c, q) && tf(c, q)[0] != '\'') return;
    if (wfl(c, q) & SR_W_LOCNOUN) locnoun = 1;
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

/* the one country named (by name, not adjective) in sentence s, "" when none or several */
static void sentence_country(ctx *c, const sr_sentence *s, char out[3]) {
  out[0] = 0;
  const sr_lex_entry *e[8];
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
    if (!tcap(c, i)) continue;
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
static void need_scc(ctx *c, pcand *pc) {
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
static int find_places(ctx *c, uint32_t si, pcand *out, int max) {
  if (!c->gz) return 0;
  const sr_sentence *s = &c->t->sent[si];
  int n = 0;
  int list_ok = 0; /* previous place accepted and we are in a list */
  for (uint32_t i = s->tok_begin; i < s->tok_end && n < max;) {
    if (!tcap(c, i) || tpunct(c, i) || mat(c, i) ||
        (i == s->tok_begin && (wfl(c, i) & (SR_W_NOPLACE | SR_W_PREP | SR_W_DET | SR_W_CONJ)) &&
         !(wfl(c, i) & (SR_W_LOCPREP | SR_W_PARTICLE)))) {
      /* list continuation survives ", " "and" "or" "as well as" "and in" */
      const char *w = tf(c, i);
      if (!(tpunct(c, i) && w[0] == ',') && !(wfl(c, i) & SR_W_LISTCONT)) list_ok = 0;
      i++;
      continue;
    }
    /* span of capitalised words and particles */
    uint32_t e = i;
    while (e < s->tok_end && e - i < 6) {
      if (mat(c, e)) break;
      if (tpunct(c, e)) break;
      if (tcap(c, e) || (e > i && particle(c, e) && e + 1 < s->tok_end && tcap(c, e + 1)) ||
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
    if (i > s->tok_begin &&
        (tis(c, i - 1, "boat") || tis(c, i - 1, "ship") || tis(c, i - 1, "vessel") || tis(c, i - 1, "ferry") ||
         tis(c, i - 1, "tanker") || tis(c, i - 1, "freighter") || tis(c, i - 1, "frigate") ||
         tis(c, i - 1, "warship") || tis(c, i - 1, "carrier") || tis(c, i - 1, "cruiser") ||
         tis(c, i - 1, "destroyer") || tis(c, i - 1, "steamer"))) {
      list_ok = 0;
      i = e;
      continue;
    }
    /* a leading function word is not part of the name ("And at Suweida", "In Idlib") */
    /* ("Abu Kamal", "Umm Qasr", "New Delhi" keep their first word: it is part of the name) */
    if (e - i > 1 && (wfl(c, i) & (SR_W_NOPLACE | SR_W_PREP | SR_W_DET | SR_W_CONJ | SR_W_LOCPREP)) &&
        !(wfl(c, i) & (SR_W_PARTICLE | SR_W_DIR)) &&
        !(tis(c, i, "abu") || tis(c, i, "umm") || tis(c, i, "bin") || tis(c, i, "ibn") || tis(c, i, "new") ||
          tis(c, i, "old") || tis(c, i, "upper") || tis(c, i, "lower") || tis(c, i, "great") ||
          tis(c, i, "little") || tis(c, i, "saint") || tis(c, i, "st"))) {
      i++;
      continue;
    }
    /* try the whole span, then shorter ones; a shorter one may only drop words like
     * "Province" or "City": "Tall Al Safa" unknown is not "At Tall" */
    int found = 0;
    /* "Baghdad airport", "Zamzam camp", "Mosul dam": try the facility first */
    if (e < s->tok_end && !mat(c, e) &&
        (tis(c, e, "airport") || tis(c, e, "camp") || tis(c, e, "dam") || tis(c, e, "crossing") ||
         tis(c, e, "prison") || tis(c, e, "port") || tis(c, e, "refinery") || tis(c, e, "airbase")) ) {
      uint32_t ob = c->t->tok[i].off, oe = c->t->tok[e].off + c->t->tok[e].len;
      pcand pc;
      memset(&pc, 0, sizeof pc);
      pc.b = i, pc.e = e + 1, pc.ob = ob, pc.oe = oe;
      pc.n = sr_gaz_lookup(c->gz, c->t->src + ob, oe - ob, pc.idx, 16);
      if (pc.n > 0) {
        pc.cue = 1;
        out[n++] = pc;
        list_ok = 1;
        i = e + 1;
        continue;
      }
    }
    for (uint32_t ee = e; ee > i && !found; ee--) {
      /* strip a trailing particle */
      if (ee - i > 1 && particle(c, ee - 1)) continue;
      if (ee < e) {
        int droppable = 1;
        for (uint32_t q = ee; q < e && droppable; q++)
          if (!(wfl(c, q) & (SR_W_LOCNOUN | SR_W_DIR | SR_W_TIME | SR_W_PARTICLE)) &&
              !(q + 1 < e && (tis(c, q, "air") || tis(c, q, "naval")) && tis(c, q + 1, "base")))
            droppable = 0;
        if (!droppable) break;
        /* "Air Base 201": the head of a facility name is no place of its own */
        if (tis(c, ee - 1, "air") || tis(c, ee - 1, "naval")) continue;
      }
      uint32_t ob = c->t->tok[i].off, oe = c->t->tok[ee - 1].off + c->t->tok[ee - 1].len;
      pcand pc;
      memset(&pc, 0, sizeof pc);
      pc.b = i, pc.e = ee;
      /* single common words need a locative cue; test that before the lookup */
      int single = ee - i == 1;
      uint32_t wf = wfl(c, i);
      if (single && (wf & (SR_W_NOPLACE | SR_W_LOCNOUN))) continue; /* "Base", "Province" */
      if (ee - i == 1 && i == s->tok_begin && wf) continue; /* "The", "In" at the start */
      pc.cue = loc_cue_before(c, i, s->tok_begin) || list_ok;
      if (ee < s->tok_end && (wfl(c, ee) & SR_W_LOCNOUN)) {
        pc.cue = 1;
        const char *w = tf(c, ee);
        if (!strcmp(w, "province") || !strcmp(w, "governorate") || !strcmp(w, "region") ||
            !strcmp(w, "state") || !strcmp(w, "oblast") || !strcmp(w, "countryside"))
          pc.admin = 1;
      }
      if (i >= s->tok_begin + 2 && tis(c, i - 1, "of") &&
          (tis(c, i - 2, "province") || tis(c, i - 2, "governorate")))
        pc.admin = 1;
      if (!pc.cue && single && wf) continue; /* "said", "The": function words are no places */
      /* with no cue, acronyms ("UN", "NATO") and long names ("Prime Minister Narendra Modi") are
       * not worth a lookup: places named without a cue are short and capitalised, not all caps */
      if (!pc.cue && ((single && (c->t->tok[i].flags & SR_TOK_ALLCAP)) || ee - i > 2)) continue;
      pc.n = sr_gaz_lookup(c->gz, c->t->src + ob, oe - ob, pc.idx, 16);
      if (c->debug) fprintf(stderr, "  place? '%.*s' cue=%d n=%d\n", (int)(oe - ob), c->t->src + ob, pc.cue, pc.n);
      if (pc.n <= 0) continue;
      if (!pc.cue) {
        /* without a cue only well-known places, and never words of the lexicon */
        if (single && wf) continue;
        sr_place p;
        int big = 0;
        for (int k = 0; k < pc.n && !big; k++)
          if (sr_gaz_get(c->gz, pc.idx[k], &p) == 0 &&
              (p.population >= 100000 || !strcmp(p.fcode, "ADM1") || !strncmp(p.fcode, "PCL", 3)))
            big = 1;
        /* a smaller town with no cue ("kept Timbuktu under blockade") is decided once the
         * focus country is known: it must lie there (see filter_abroad) */
        if (!big) {
          if (i > s->tok_begin && tcap(c, i - 1)) continue;
          pc.weak = 1;
        }
      }
      pc.ob = ob, pc.oe = oe;
      country_hint(c, i, s->tok_begin, pc.hint);
      pc.si = si;
      out[n++] = pc;
      found = 1;
      list_ok = 1;
      i = ee;
    }
    if (!found) {
      list_ok = 0;
      /* an unknown name as a whole; "North Kivu" unknown may still be "Kivu" */
      i = (wfl(c, i) & SR_W_DIR) && e - i > 1 ? i + 1 : e;
    }
  }
  return n;
}

/* the countries of the conflicts sitrep covers: a prior when a report names no country */
static int conflict_country(const char *cc) {
  static const char *C[] = {"SY", "IQ", "YE", "LY", "UA", "RU", "SD", "SS", "SO", "NG", "NE", "TD", "CM",
                            "ML", "BF", "MM", "CD", "RW", "AF", "PK", "IL", "PS", "LB", "TR", "IR", NULL};
  for (int i = 0; C[i]; i++)
    if (!strcmp(cc, C[i])) return 1;
  return 0;
}

/* Is q (a folded span) the place's own name, folded: its name or ASCII name, as written or
 * without its Arabic article ("qamishli" is Al Qāmishlī's, "sukhnah" As-Sukhnah's)? An
 * alternate name is not ("Pokrovsk" is not Engels's own name). */
static int own_name_match(const char *q, const char *name) {
  char k[128];
  sr_fold(name, strlen(name), k, sizeof k);
  if (!strcmp(k, q)) return 1;
  static const char *art[] = {"al ", "al-", "el ", "el-", "as ", "as-", "ash ", "ash-", "ad ", "ad-", "ar ", "ar-",
                              "at ", "at-", "az ", "az-", "an ", "an-", "ath ", "ath-", NULL};
  for (int i = 0; art[i]; i++) {
    size_t n = strlen(art[i]);
    if (!strncmp(k, art[i], n) && !strcmp(k + n, q)) return 1;
  }
  return 0;
}

static int own_name(const char *q, const sr_place *p) {
  return own_name_match(q, p->name) || own_name_match(q, p->asciiname);
}

/* append one reason to the explain buffer (when there is one) */
static void why_add(char *why, size_t cap, const char *r) {
  if (!why) return;
  size_t n = strlen(why);
  if (n + 3 < cap) snprintf(why + n, cap - n, "%s%s", n ? "," : "", r);
}

/* Score of candidate p for the span of pc; with why set (explain), the reasons that
 * added to the score are listed there. */
static int place_score(ctx *c, const sr_place *p, const pcand *pc, uint32_t para, char *why, size_t wcap) {
  double sc = 0;
  if (why) why[0] = 0;
  if (c->focus[0] && !strcmp(p->cc, c->focus)) sc += 6, why_add(why, wcap, "focus country");
  if (!c->focus[0] && conflict_country(p->cc)) sc += 3, why_add(why, wcap, "conflict country");
  if (p->fclass == 'P') sc += 1;
  if (p->fclass == 'A') sc += 0.5;
  if (!strcmp(p->fcode, "PPLC") || !strcmp(p->fcode, "PPLA")) sc += 1.5, why_add(why, wcap, "capital");
  else if (!strncmp(p->fcode, "PPLA", 4)) sc += 0.7;
  if (pc->admin && !strcmp(p->fcode, "ADM1")) sc += 8, why_add(why, wcap, "'province'");
  if (pc->hint[0] && !strcmp(p->cc, pc->hint)) sc += 10, why_add(why, wcap, "country named before");
  else if (!pc->hint[0] && pc->scc[0] && !strcmp(p->cc, pc->scc))
    sc += 5, why_add(why, wcap, "country named in the sentence");
  if (pc->in[0] && !strcmp(p->cc, pc->in) && (!pc->in_a1[0] || !strcmp(p->admin1, pc->in_a1)))
    sc += 12, why_add(why, wcap, pc->in_a1[0] ? "inside the admin1 named" : "inside the country named");
  {
    /* its own name beats an old or alternate one: "Pokrovsk" is the Donetsk town, not
     * Engels (once called Pokrovsk) */
    char k1[128];
    sr_fold(c->t->src + pc->ob, pc->oe - pc->ob, k1, sizeof k1);
    if (own_name(k1, p)) sc += 4, why_add(why, wcap, "own name");
  }
  if (!strncmp(p->fcode, "PCL", 3)) sc += 7; /* "in south-eastern Niger" is the country */
  if (!pc->admin && !strcmp(p->fcode, "ADM1")) sc -= 0.4;
  if (p->population > 0) {
    sc += log10((double)p->population + 1) / 2.0;
    if (p->population >= 100000) why_add(why, wcap, "population");
  }
  /* proximity to places already resolved in this paragraph */
  for (uint32_t k = c->npl; k-- > 0;) {
    const dplace *q = &c->pl[k];
    if (!q->ok || q->para != para) continue;
    double d = km_between(p->lat, p->lon, q->lat, q->lon);
    char r[160];
    snprintf(r, sizeof r, "%.0f km from %s", d, q->name ? q->name : "?");
    if (d < 60) sc += 2, why_add(why, wcap, r);
    else if (d < 200) sc += 1, why_add(why, wcap, r);
    break;
  }
  return (int)(sc * 100);
}

static int add_place(ctx *c, pcand *pc, uint32_t si) {
  const sr_sentence *s = &c->t->sent[si];
  int best = -1, bs = -1000000;
  sr_place bp;
  int explain = c->opts && c->opts->explain;
  need_scc(c, pc);
  char why[1024], cw[256];
  why[0] = 0;
  for (int k = 0; k < pc->n; k++) {
    sr_place p;
    if (sr_gaz_get(c->gz, pc->idx[k], &p)) continue;
    int sc = place_score(c, &p, pc, s->para, explain ? cw : NULL, sizeof cw);
    if (sc > bs) bs = sc, best = k, bp = p;
    if (explain) {
      /* "Hamdan SY/Deir ez-Zor P.PPL 12.3 (focus country,own name)" per candidate */
      size_t n = strlen(why);
      if (n + 8 < sizeof why)
        snprintf(why + n, sizeof why - n, "%s%s %s/%s %c.%s %.1f (%s)", n ? " | " : "", p.name, p.cc,
                 p.admin1_name, p.fclass ? p.fclass : '-', p.fcode, sc / 100.0, cw);
    }
  }
  if (best < 0) return 0;
  if (c->npl == c->cpl) {
    uint32_t nc = c->cpl ? c->cpl * 2 : 64;
    dplace *np = sr_arena_alloc(c->a, nc * sizeof *np);
    if (!np) return SR_ENOMEM;
    if (c->npl) memcpy(np, c->pl, c->npl * sizeof *np);
    c->pl = np;
    c->cpl = nc;
  }
  dplace *d = &c->pl[c->npl];
  memset(d, 0, sizeof *d);
  d->b = pc->b, d->e = pc->e, d->sent = si, d->para = s->para;
  d->p = bp;
  d->lat = bp.lat, d->lon = bp.lon;
  d->name = bp.name;
  memcpy(d->cc, bp.cc, 3);
  d->admin1 = bp.admin1_name;
  d->geonameid = bp.geonameid;
  d->prec = !strcmp(bp.fcode, "ADM1") ? "admin1" : !strncmp(bp.fcode, "PCL", 3) ? "country" : "place";
  if (pc->fallback && strcmp(d->prec, "country")) {
    d->prec = "admin1";
    if (bp.admin1_name && bp.admin1_name[0]) d->name = bp.admin1_name;
  }
  d->bearing = -1;
  d->ok = 1;
  d->container = pc->container;
  if (explain) {
    char tmp[1400];
    snprintf(tmp, sizeof tmp, "'%.*s' -> %s (%s)%s; candidates: %s", (int)(pc->oe - pc->ob), c->t->src + pc->ob,
             bp.name, bp.cc, pc->fallback ? ", not in the gazetteer inside the area named: the area itself" : "",
             why);
    d->why = sr_arena_strndup(c->a, tmp, strlen(tmp));
  }
  /* relative: "N km DIR of X", "DIR of X", "near X" (not for an area standing in for X, and
   * not for a country or province: "near the Niger border" is no point near a town) */
  if (pc->fallback || strcmp(d->prec, "place")) goto placed;
  uint32_t b = pc->b;
  uint32_t q = b;
  if (q > s->tok_begin && (wfl(c, q - 1) & SR_W_DET)) q--;
  /* skip "the city of" */
  if (q >= s->tok_begin + 2 && tis(c, q - 1, "of") && (wfl(c, q - 2) & SR_W_LOCNOUN) &&
      !(wfl(c, q - 2) & SR_W_NEAR)) {
    q -= 2;
    if (q > s->tok_begin && (wfl(c, q - 1) & SR_W_DET)) q--;
  }
  if (q >= s->tok_begin + 1 && tis(c, q - 1, "of") && q >= s->tok_begin + 2) {
    uint32_t dtok = q - 2;
    double br = bearing_of(tf(c, dtok));
    /* "north-west" is two tokens: north + west (joined by a hyphen) */
    if (br >= 0 && (c->t->tok[dtok].flags & SR_TOK_HYPHEN) && dtok > s->tok_begin) {
      double b0 = bearing_of(tf(c, dtok - 1));
      if (b0 == 0 || b0 == 180) {
        br = b0 == 0 ? (br == 90 ? 45 : 315) : (br == 90 ? 135 : 225);
        dtok--;
      }
    }
    if (br >= 0) {
      d->prec = "near";
      d->bearing = br;
      /* distance? "30 km north-west of", "30 kilometres (20 miles) north of" */
      if (dtok >= s->tok_begin + 2 && (wfl(c, dtok - 1) & SR_W_DIST) &&
          (c->t->tok[dtok - 2].flags & SR_TOK_NUM)) {
        double km = atof(tf(c, dtok - 2));
        const char *u = tf(c, dtok - 1);
        if (!strncmp(u, "mile", 4)) km *= 1.609;
        if (km > 0 && km < 1000) {
          offset_point(d->lat, d->lon, km, br, &d->lat, &d->lon);
          d->km = km;
        }
      }
    } else if (wfl(c, q - 2) & SR_W_NEAR)
      d->prec = "near";
  } else if (q > s->tok_begin && (wfl(c, q - 1) & SR_W_NEAR)) {
    d->prec = "near";
  }
placed:
  c->npl++;
  for (uint32_t k = pc->b; k < pc->e; k++)
    if (!c->tokm[k]) {
      mention *x = add_mention(c);
      if (!x) return SR_ENOMEM;
      x->type = M_PLACE;
      x->b = pc->b, x->e = pc->e, x->sent = si, x->para = s->para;
      x->place = (int32_t)(c->npl - 1);
      for (uint32_t t = pc->b; t < pc->e; t++) c->tokm[t] = c->nm;
      break;
    }
  return 0;
}

/* Containment: "Hamdan in Hasakah", "Sweida in Raqqa province", "Kidal, Mali", "Sweida,
 * Raqqa province": a place named right after place a, joined by "in" (or a comma when the
 * second is marked as a province or is a country, so that lists "Aleppo, Idlib and Hama"
 * are not read as containment), holds a. a's candidates inside that area are kept; when
 * none is (a village the gazetteer lacks, or a homonym elsewhere: the Sweida in Raqqa is
 * not As-Suwayda), a is placed at the area itself with admin1 (or country) precision. */
static void containment(ctx *c, pcand *a, pcand *b, uint32_t si) {
  const sr_sentence *s = &c->t->sent[si];
  uint32_t g = a->e;
  int comma = 0, in = 0;
  /* "the Rabia crossing in Nineveh province": a facility word may come first */
  if (g < b->b && !tcap(c, g) && (wfl(c, g) & SR_W_LOCNOUN) && !(wfl(c, g) & SR_W_DIST)) g++;
  if (g < b->b && tpunct(c, g) && tf(c, g)[0] == ',') g++, comma = 1;
  /* "Faizabad, the capital of Badakhshan", "Kidal, capital of the Kidal region" */
  if (comma && g + 1 < b->b && (tis(c, g, "the") ? tis(c, g + 1, "capital") && g + 2 < b->b && tis(c, g + 2, "of")
                                                 : tis(c, g, "capital") && tis(c, g + 1, "of"))) {
    g += tis(c, g, "the") ? 3 : 2;
    in = 1;
  }
  if (g < b->b && tis(c, g, "in")) g++, in = 1;
  if (g < b->b && (wfl(c, g) & SR_W_DET)) g++;
  if (g != b->b || (!comma && !in) || b->n <= 0) return;
  /* b's best candidate, scored as b itself would be */
  pcand bb = *b;
  if (filter_abroad(c, &bb) <= 0) return;
  need_scc(c, &bb);
  sr_place best, p;
  int bs = -1000000, have = 0;
  uint32_t adm_idx = 0;
  int adm = 0;
  for (int k = 0; k < bb.n; k++) {
    if (sr_gaz_get(c->gz, bb.idx[k], &p)) continue;
    int sc = place_score(c, &p, &bb, s->para, NULL, 0);
    if (sc > bs) bs = sc, best = p, have = 1;
  }
  if (!have) return;
  int country = !strncmp(best.fcode, "PCL", 3);
  if (!country && !best.admin1[0]) return;
  if (comma && !in) {
    /* a comma alone: only "X, Y province" or "X, Country", and not inside a list */
    if (!country && !b->admin) return;
    if (b->e < s->tok_end && ((tpunct(c, b->e) && tf(c, b->e)[0] == ',') || (wfl(c, b->e) & SR_W_LISTCONT)) &&
        !b->admin)
      return;
  }
  /* the admin1 record of the container, for the fallback */
  for (int k = 0; k < bb.n && !country; k++)
    if (sr_gaz_get(c->gz, bb.idx[k], &p) == 0 && !strcmp(p.fcode, "ADM1") && !strcmp(p.cc, best.cc) &&
        !strcmp(p.admin1, best.admin1))
      adm_idx = bb.idx[k], adm = 1;
  int keep = 0;
  for (int k = 0; k < a->n; k++) {
    if (sr_gaz_get(c->gz, a->idx[k], &p)) continue;
    if (!strcmp(p.cc, best.cc) && (country || !strcmp(p.admin1, best.admin1)) && strcmp(p.fcode, "ADM1") &&
        strncmp(p.fcode, "PCL", 3))
      a->idx[keep++] = a->idx[k];
  }
  memcpy(a->in, best.cc, 3);
  b->container = 1;
  if (!country) snprintf(a->in_a1, sizeof a->in_a1, "%s", best.admin1);
  if (keep > 0) {
    a->n = keep;
    return;
  }
  /* not in the gazetteer inside the area: the area itself */
  a->idx[0] = adm ? adm_idx : best.idx;
  a->n = 1;
  a->fallback = 1;
}

/* ------------------------------------------------------------------ */
/* 3. focus country                                                    */

static int conflict_country(const char *cc);

static void compute_focus(ctx *c, pcand *all, int nall) {
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
  for (uint32_t k = 0; k < c->nm; k++) {
    const mention *x = &c->m[k];
    if (x->type != M_ACTOR) continue;
    if (x->gen == G_NAMED) {
      const sr_lex_actor *a = sr_lex_actor_at(c->lx, (uint32_t)x->actor);
      /* states fight abroad; a named armed group mostly at home */
      if (a && a->kind != SR_KIND_MEDIA)
        VOTE(a->cc, (a->kind == SR_KIND_STATE_MIL || a->kind == SR_KIND_STATE_GOV) ? 0.5 : 1.0);
    } else if (x->gen == G_STATE) {
      const sr_lex_country *k2 = sr_lex_country_at(c->lx, (uint32_t)x->country);
      if (k2) VOTE(k2->cc, x->adj ? 0.3 : 0.5);
    }
  }
  for (int k = 0; k < nall; k++) {
    sr_place p;
    if (all[k].n == 1 && sr_gaz_get(c->gz, all[k].idx[0], &p) == 0) {
      /* a place named with a locative cue says where things happen; actors travel */
      VOTE(p.cc, all[k].cue ? 2.0 : 1.5);
    } else if (all[k].n > 1) {
      /* the best candidate under its own name votes: "Pokrovsk" for the Donetsk town, not
       * for Engels, which once had that name */
      char k1[128];
      sr_fold(c->t->src + all[k].ob, all[k].oe - all[k].ob, k1, sizeof k1);
      int best = -1;
      double bs = -1;
      for (int q = 0; q < all[k].n && q < 8; q++) {
        if (sr_gaz_get(c->gz, all[k].idx[q], &p)) continue;
        double sc = (own_name(k1, &p) ? 4 : 0) + (conflict_country(p.cc) ? 4 : 0) +
                    (!strcmp(p.fcode, "PPLC") ? 2 : (p.fcode[0] == 'P' && p.fcode[3] == 'A') ? 2 : 0) +
                    log10((double)p.population + 1);
        if (sc > bs) bs = sc, best = q;
      }
      if (best >= 0 && sr_gaz_get(c->gz, all[k].idx[best], &p) == 0)
        VOTE(p.cc, p.population > 50000 ? 1.0 : conflict_country(p.cc) ? 0.6 : 0.4);
    }
  }
  /* country names in locative or possessive use ("in Syria", "Lebanon's second city") */
  {
    const sr_lex_entry *e[8];
    for (uint32_t i = 0; i < c->t->ntok; i++) {
      if (!tcap(c, i) || mat(c, i)) continue;
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
    if (votes[q].v > bv || (votes[q].v == bv && c->focus[0] && conflict_country(votes[q].cc) &&
                            !conflict_country(c->focus)))
      bv = votes[q].v, memcpy(c->focus, votes[q].cc, 3);
  c->focus_country = c->focus[0] ? sr_lex_country_by_cc(c->lx, c->focus) : -1;
#undef VOTE
}

/* ------------------------------------------------------------------ */
/* 4. events                                                           */

static uint32_t clause_begin(ctx *c, uint32_t v, uint32_t sb) {
  uint32_t i = v;
  while (i > sb) {
    i--;
    if (boundary(c, i)) return i + 1;
    mention *m = mat(c, i);
    if (m && m->type == M_ACTION && m->act->act == SR_ACT_SAY && m->e <= v) {
      /* "X said (that) ..." : the content starts after the frame */
      return m->e;
    }
  }
  return sb;
}

static uint32_t clause_end(ctx *c, uint32_t v, uint32_t se) {
  for (uint32_t i = v; i < se; i++) {
    if (boundary(c, i)) return i;
    mention *m = mat(c, i);
    if (m && m->type == M_ACTION && m->act->act == SR_ACT_SAY && m->b > v) return i;
  }
  return se;
}

/* Is mention m governed by a preposition (inside a PP)? Returns the preposition token or -1. */
static int32_t prep_before(ctx *c, const mention *m, uint32_t sb) {
  uint32_t i = m->b;
  /* "from Algeria and Mauritania": the second conjunct shares the first one's preposition */
  if (i >= sb + 2 && (tis(c, i - 1, "and") || tis(c, i - 1, "or"))) {
    mention *o = mat(c, i - 2);
    if (o && o->type == M_ACTOR && o != m && o->e == i - 1) return prep_before(c, o, sb);
  }
  int steps = 0;
  while (i > sb && steps < 3) {
    i--;
    steps++;
    uint32_t f = wfl(c, i);
    if (tis(c, i, "of") && i > sb &&
        ((c->t->tok[i - 1].flags & SR_TOK_NUM) || tis(c, i - 1, "hundreds") || tis(c, i - 1, "dozens") ||
         tis(c, i - 1, "thousands") || tis(c, i - 1, "scores") || tis(c, i - 1, "some") ||
         tis(c, i - 1, "many") || tis(c, i - 1, "several") || tis(c, i - 1, "most") ||
         tis(c, i - 1, "all") || tis(c, i - 1, "one") || tis(c, i - 1, "two") || tis(c, i - 1, "three") ||
         tis(c, i - 1, "group") || tis(c, i - 1, "unit") || tis(c, i - 1, "band") || tis(c, i - 1, "column") ||
         tis(c, i - 1, "contingent") || tis(c, i - 1, "detachment") || tis(c, i - 1, "convoy") ||
         tis(c, i - 1, "team") || tis(c, i - 1, "wave") || tis(c, i - 1, "number") ||
         tis(c, i - 1, "dozen") || tis(c, i - 1, "hundred") || tis(c, i - 1, "thousand") ||
         (i + 1 < c->t->ntok && (c->t->tok[i + 1].flags & SR_TOK_NUM))))
      return -1; /* "Hundreds of JNIM fighters attacked": a quantity, not a prepositional phrase */
    if (f & (SR_W_PREP | SR_W_BY)) return (int32_t)i;
    if (f & (SR_W_DET | SR_W_ADV)) continue;
    if (mat(c, i)) return -1;
    if (tpunct(c, i)) return -1;
    /* one lowercase modifier after a determiner ("the fleeing militants"); pronouns take none */
    if (m->gen != G_PRON && i > sb && (wfl(c, i - 1) & (SR_W_DET | SR_W_PREP | SR_W_BY)) && !tcap(c, i) &&
        !(f & SR_W_TIME) &&
        !(f & (SR_W_BE | SR_W_HAVE | SR_W_CONJ | SR_W_REL | SR_W_MODAL)))
      continue;
    return -1;
  }
  return -1;
}

static int is_event_verb(const mention *m) {
  return m && m->type == M_ACTION && !(m->aflags & SR_AF_NOUN) &&
         (m->act->act == SR_ACT_EVENT || m->act->act == SR_ACT_LIGHT ||
          m->act->act == SR_ACT_RECV || m->act->act == SR_ACT_ACCUSE ||
          m->act->act == SR_ACT_DENY || m->act->act == SR_ACT_CLAIM);
}

static mention *actor_after(ctx *c, uint32_t from, uint32_t to, int skip_by);

/* passive participle use of verb mention v */
static int is_passive(ctx *c, const mention *v, uint32_t sb, uint32_t se) {
  if (v->aflags & SR_AF_NOUN) return 0;
  if (!(v->aflags & SR_AF_PART)) return 0;
  /* headlines drop the auxiliary: "Army convoy ambushed in Hama desert" */
  if (c->t->sent[v->sent].headline && !actor_after(c, v->e, se, 0)) {
    mention *b = v->b > sb ? mat(c, v->b - 1) : NULL;
    if (b && b->type == M_ACTOR) return 1;
  }
  uint32_t i = v->b;
  int steps = 0;
  while (i > sb && steps < 4) {
    i--;
    steps++;
    uint32_t f = wfl(c, i);
    /* "IS attacked positions ...": the group's acronym, not the auxiliary */
    if ((f & SR_W_BE) && !(mat(c, i) && mat(c, i)->type == M_ACTOR)) return 1;
    if (f & (SR_W_ADV | SR_W_NEG)) continue;
    if (tis(c, i, "got") || tis(c, i, "get") || tis(c, i, "reportedly")) return 1;
    break;
  }
  /* reduced relative: "X, besieged in ...": a participle right after "actor ," */
  if (v->b >= sb + 2 && tpunct(c, v->b - 1) && tf(c, v->b - 1)[0] == ',') {
    mention *a = mat(c, v->b - 2);
    /* ... but "X, among them Y, attacked a headquarters" is active: it has an object */
    uint32_t q = v->e;
    while (q < se && (wfl(c, q) & (SR_W_DET | SR_W_ADV))) q++;
    int object = q < se && !(wfl(c, q) & (SR_W_PREP | SR_W_BY)) && !tpunct(c, q);
    if (a && a->type == M_ACTOR && !object) return 1;
  }
  /* reduced relative: "X, besieged by Y", "rockets fired by Y" */
  uint32_t j = v->e;
  while (j < se && (wfl(c, j) & SR_W_ADV)) j++;
  if (j < se && (wfl(c, j) & SR_W_BY)) {
    /* "X attacked by Y" vs "X was attacked by Y": both passive; but a HAVE before makes it active */
    if (v->b > sb && (wfl(c, v->b - 1) & SR_W_HAVE)) return 0;
    return 1;
  }
  return 0;
}

static mention *actor_after(ctx *c, uint32_t from, uint32_t to, int skip_by) {
  for (uint32_t i = from; i < to; i++) {
    if (tpunct(c, i) && tf(c, i)[0] == ',' && i + 1 < to && tis(c, i + 1, "and")) return NULL;
    mention *m = mat(c, i);
    if (m && m->type == M_ACTOR && m->b == i) {
      /* ", the Kurdish-led administration said": the speaker of what came before */
      uint32_t q = m->e;
      while (q < c->t->ntok && (wfl(c, q) & SR_W_ADV)) q++;
      mention *sv = q < c->t->ntok ? mat(c, q) : NULL;
      if (sv && sv->type == M_ACTION && sv->act->act == SR_ACT_SAY) return NULL;
      if (skip_by) {
        int32_t p = prep_before(c, m, from > 0 ? from - 1 : 0);
        if (p >= 0 && (wfl(c, (uint32_t)p) & SR_W_BY)) {
          i = m->e - 1;
          continue;
        }
      }
      return m;
    }
    if (m && m->type == M_ACTION && m->b == i && i > from &&
        (is_event_verb(m) || m->act->act == SR_ACT_SAY))
      return NULL; /* the next verb's territory */
  }
  return NULL;
}

/* agent of a passive or nominal trigger: "by X" / "from X" after it */
static mention *by_agent(ctx *c, uint32_t from, uint32_t to, int allow_from) {
  for (uint32_t i = from; i < to && i < from + 8; i++) {
    if ((wfl(c, i) & SR_W_BY) || (allow_from && tis(c, i, "from"))) {
      for (uint32_t j = i + 1; j < to && j < i + 5; j++) {
        mention *m = mat(c, j);
        if (m && m->type == M_ACTOR) return m;
        if (m && m->type == M_ACTION) break;
      }
      return NULL;
    }
    mention *m = mat(c, i);
    if (m && m->type == M_ACTION && i > from && is_event_verb(m)) return NULL;
  }
  return NULL;
}

/* subject of the verb at v: the first actor of its clause outside a PP */
static mention *find_subject(ctx *c, const mention *v, uint32_t sb, int depth) {
  /* "villagers protesting against", "militias fighting alongside": a participle right after
   * an actor is that actor's */
  if ((v->aflags & SR_AF_ING) && v->b > sb) {
    mention *a = mat(c, v->b - 1);
    if (a && a->type == M_ACTOR) return a;
  }
  uint32_t cb = clause_begin(c, v->b, sb);
  mention *cand = NULL;
  for (uint32_t i = v->b; i > cb;) {
    i--;
    if (tpunct(c, i) && tf(c, i)[0] == ')') {
      /* skip a parenthetical: "Hayat Tahrir al-Sham (HTS) is" */
      uint32_t q = i;
      while (q > cb && !(tpunct(c, q) && tf(c, q)[0] == '(')) q--;
      if (q > cb) {
        i = q;
        continue;
      }
    }
    mention *m = mat(c, i);
    if (!m) {
      /* relative pronoun: subject is the actor right before it */
      if ((wfl(c, i) & SR_W_REL) && i > cb) {
        uint32_t q = i - 1;
        if (tpunct(c, q) && tf(c, q)[0] == ',' && q > cb) q--;
        if (tpunct(c, q) && tf(c, q)[0] == ')') {
          while (q > cb && !(tpunct(c, q) && tf(c, q)[0] == '(')) q--;
          if (q > cb) q--;
        }
        mention *a = mat(c, q);
        if (a && a->type == M_ACTOR) return a;
      }
      continue;
    }
    if (m->type == M_ACTOR) {
      int32_t p = prep_before(c, m, cb);
      if (p >= 0) {
        /* "accused X of", "X's", "to" of "try to" are not PPs of the subject */
        i = m->b;
        continue;
      }
      /* governed by an active verb to its left? then it is that verb's object */
      uint32_t q = m->b;
      while (q > cb && (wfl(c, q - 1) & (SR_W_DET | SR_W_ADV))) q--;
      mention *w = q > cb ? mat(c, q - 1) : NULL;
      if (w && w->type == M_ACTION && w->act->act == SR_ACT_ACCUSE) return m;
      if (w && is_event_verb(w) && !is_passive(c, w, sb, v->b) && depth < 3) {
        /* coordinated verbs share the subject: "X attacked Y and seized Z" */
        return find_subject(c, w, sb, depth + 1);
      }
      /* apposition "Somali troops, including Danab commandos, captured": the head */
      if (m->b >= cb + 2 && (tis(c, m->b - 1, "including") || tis(c, m->b - 1, "among") ||
                             tis(c, m->b - 1, "notably") ||
                             (tis(c, m->b - 1, "them") && tis(c, m->b - 2, "among")))) {
        cand = m;
        c->appos = m; /* "Pro-government forces, among them Russian contractors, attacked" */
        i = m->b;
        continue;
      }
      /* "Syrian troops and allied militiamen stormed": the first conjunct leads */
      for (;;) {
        uint32_t q = m->b;
        if (q > cb && (wfl(c, q - 1) & SR_W_DET) && !(wfl(c, q - 1) & SR_W_POSSPRON)) q--;
        else if (q > cb + 1 && !mat(c, q - 1) && !tcap(c, q - 1) && !wfl(c, q - 1) && tis(c, q - 2, "and"))
          q--; /* "and allied militiamen" */
        if (!(q >= cb + 2 && (tis(c, q - 1, "and") || (tpunct(c, q - 1) && tf(c, q - 1)[0] == ','))))
          break;
        mention *o = mat(c, q - 2);
        if (!o || o->type != M_ACTOR || o->e != q - 1 || prep_before(c, o, cb) >= 0) break;
        m = o;
      }
      return m;
    }
    if (m->type == M_ACTION && m->e <= v->b && m != v) {
      if (m->act->act == SR_ACT_SAY) {
        /* "X said on Friday, vowing to retaliate": a participle after the frame is the speaker's */
        if ((v->aflags & SR_AF_ING) && depth < 3) {
          int only_adjuncts = 1;
          for (uint32_t q = m->e; q < v->b && only_adjuncts; q++)
            if (mat(c, q) || !(tpunct(c, q) || (wfl(c, q) & (SR_W_TIME | SR_W_PREP | SR_W_ADV)) ||
                               (c->t->tok[q].flags & SR_TOK_NUM)))
              only_adjuncts = 0;
          if (only_adjuncts) return find_subject(c, m, sb, depth + 1);
        }
        break;
      }
      i = m->b;
    }
  }
  return cand;
}

/* The nearest armed actor of the document other than a (before or after v). */
static int32_t other_party(ctx *c, int32_t a, const mention *v) {
  int32_t best = -1;
  uint32_t bd = 0xffffffff;
  uint32_t vi = (uint32_t)(v - c->m);
  for (uint32_t k = 0; k < c->nm; k++) {
    const mention *y = &c->m[k];
    if (y->type != M_ACTOR) continue;
    int32_t b = y->gen == G_NAMED ? y->actor : y->resolved;
    if (b < 0 || b == a) continue;
    uint8_t kd = actor_kind(c, b);
    if (!(nonstate_armed(kd) || kd == SR_KIND_STATE_MIL)) continue;
    uint32_t d = k > vi ? k - vi : vi - k;
    if (d < bd) bd = d, best = b;
  }
  return best;
}

static int violent(const char *cameo);

/* remove the event of trigger v by actor a that has no target (replaced by a pair) */
static void drop_untargeted(ctx *c, const mention *v, int32_t a) {
  const char *code = actor_code(c, a);
  for (size_t i = c->nev; i-- > 0;) {
    sr_event *e = &c->ev[i];
    if (e->sent != v->sent + 1) break;
    if (!e->has_target && e->has_source && !strcmp(e->source.id, code)) {
      memmove(e, e + 1, (c->nev - i - 1) * sizeof *e);
      c->nev--;
      return;
    }
  }
}

static int place_follows(ctx *c, const mention *v) {
  uint32_t se = c->t->sent[v->sent].tok_end;
  for (uint32_t q = v->e; q < se && q < v->e + 10; q++) {
    mention *m = mat(c, q);
    if (m && m->type == M_PLACE) return 1;
    if ((m && m->type == M_ACTION) || boundary(c, q)) return 0;
  }
  return 0;
}

/* "a roadside bomb killed", "an explosion hit": a nominal trigger before the verb with no actor */
static int weapon_subject(ctx *c, const mention *v, uint32_t cb) {
  for (uint32_t i = v->b; i > cb;) {
    i--;
    mention *m = mat(c, i);
    if (!m) continue;
    if (m->type == M_ACTOR) return is_weapon(c, m);
    if (m->type == M_ACTION && (m->aflags & SR_AF_NOUN) && m->act->act == SR_ACT_EVENT) return 1;
    i = m->b;
  }
  return 0;
}

/* an agent mention that is only ordnance: rocket, missile, shell, bomb, drone */
static int is_weapon(const ctx *c, const mention *m) {
  if (m->type != M_ACTOR || m->gen != G_AGENT) return 0;
  for (uint32_t q = m->b; q < m->e; q++)
    if (wfl(c, q) & SR_W_WEAPON) return 1;
  return 0;
}

static int root_of(const char *cameo, char out[3]) {
  out[0] = cameo[0], out[1] = cameo[1], out[2] = 0;
  return (out[0] - '0') * 10 + (out[1] - '0');
}

/* resolve an actor mention to an actor index for an event */
static int32_t resolve(ctx *c, mention *m, int root, const char *ev_cc, mention *other) {
  if (!m) return -1;
  switch (m->gen) {
  case G_NAMED: {
    if (actor_kind(c, m->actor) == SR_KIND_MEDIA) return -1;
    if (actor_kind(c, m->actor) == SR_KIND_CIV) {
      mention *nx = m->e < c->t->ntok ? mat(c, m->e) : NULL;
      if (nx && nx->type == M_ACTION && nx->act->cameo[0] == '1' && nx->act->cameo[1] == '4')
        return sr_lex_actor_by_code(c->lx, "PROTESTERS");
    }
    return m->actor;
  }
  case G_STATE: {
    const sr_lex_country *k = sr_lex_country_at(c->lx, (uint32_t)m->country);
    if (!k) return -1;
    int verbal = (root >= 1 && root <= 5) || (root >= 9 && root <= 12);
    if (m->role == SR_ROLE_GOV || verbal) return k->gov; /* ministers meeting, a state rejecting */
    return k->mil;
  }
  case G_AGENT: {
    switch (m->role) {
    case SR_ROLE_CIV: {
      mention *nx = m->e < c->t->ntok ? mat(c, m->e) : NULL;
      if (nx && nx->type == M_ACTION && nx->act->cameo[0] == '1' && nx->act->cameo[1] == '4')
        return sr_lex_actor_by_code(c->lx, "PROTESTERS"); /* "villagers protesting" */
      return sr_lex_actor_by_code(c->lx, "CIV");
    }
    case SR_ROLE_PROTEST: return sr_lex_actor_by_code(c->lx, "PROTESTERS");
    case SR_ROLE_UNKNOWN:
      /* "struck back at the attackers": the attackers just told */
      if (m->b > 0 && tis(c, m->b - 1, "the") && c->last_src >= 0 && c->last_ev_para == m->para &&
          (!other || other->resolved != c->last_src))
        return c->last_src;
      if (c->resolving_target) return -1;
      return sr_lex_actor_by_code(c->lx, "UNKNOWN");
    case SR_ROLE_MIL:
    case SR_ROLE_POLICE:
    case SR_ROLE_GOV: {
      if (is_weapon(c, m)) return -1; /* "a rocket slammed into": nobody named */
      /* "Turkish tanks rolled across ... and within hours the force had driven IS out": a
       * definite "the force"/"the troops" points back to the last named subject */
      if (m->role == SR_ROLE_MIL && m->e == m->b + 1 && m->b > 0 &&
          (tis(c, m->b - 1, "the") || tis(c, m->b - 1, "this")) &&
          (tis(c, m->b, "force") || tis(c, m->b, "troops") || tis(c, m->b, "soldiers"))) {
        /* the sentence's first such actor: its subject, not a companion named after it */
        mention *best = NULL;
        for (uint32_t k = (uint32_t)(m - c->m); k-- > 0;) {
          mention *x = &c->m[k];
          if (x->type != M_ACTOR || x->b >= m->b) continue;
          if (x->para != m->para || m->sent > x->sent + 1) break;
          if (best && x->sent != best->sent) break;
          if (x->gen != G_NAMED && x->gen != G_STATE) continue;
          if (x->adj || prep_before(c, x, c->t->sent[x->sent].tok_begin) >= 0) continue;
          uint8_t kd = actor_kind(c, x->gen == G_NAMED ? x->actor : -1);
          if (x->gen == G_NAMED && (kd == SR_KIND_MEDIA || kd == SR_KIND_CIV)) continue;
          best = x;
        }
        if (best) {
          int32_t r = resolve(c, best, root, ev_cc, other);
          if (r >= 0 && (!other || other->resolved != r)) return r;
        }
      }
      const char *cc = ev_cc && ev_cc[0] ? ev_cc : c->focus;
      int32_t ki = cc[0] ? sr_lex_country_by_cc(c->lx, cc) : -1;
      if (ki < 0) ki = c->focus_country;
      const sr_lex_country *k = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
      if (!k) return -1;
      return m->role == SR_ROLE_GOV ? k->gov : k->mil;
    }
    case SR_ROLE_ARMED: {
      /* back-reference to the last named non-state armed actor */
      for (uint32_t k = (uint32_t)(m - c->m); k-- > 0;) {
        const mention *y = &c->m[k];
        if (y->type != M_ACTOR || y->sent + 12 < m->sent) continue;
        int32_t a = y->gen == G_NAMED ? y->actor : y->resolved;
        if (a >= 0 && nonstate_armed(actor_kind(c, a)) && (!other || other->resolved != a)) return a;
      }
      /* a headline names the group only later: "Jihadists overrun Damasak" */
      if (c->t->sent[m->sent].headline)
        for (uint32_t k = (uint32_t)(m - c->m) + 1; k < c->nm; k++) {
          const mention *y = &c->m[k];
          if (y->type == M_ACTOR && y->gen == G_NAMED && nonstate_armed(actor_kind(c, y->actor)) &&
              y->para <= m->para + 2 && y != other && (!other || other->actor != y->actor))
            return y->actor;
        }
      if (c->resolving_target) return -1; /* "attacked Yazidi fighters": no coded victim */
      return sr_lex_actor_by_code(c->lx, "UNKNOWN");
    }
    }
    return -1;
  }
  case G_PRON: {
    /* the most recent subject, else the most recent actor, not the other party */
    int32_t fallback = -1;
    int32_t other_a = other ? other->resolved : -1;
    /* a possessive right after its owner and a verb: "as the SDF kept its siege of the town",
     * "the rebels in their stronghold" */
    if (wfl(c, m->b) & SR_W_POSSPRON) {
      uint32_t sb = c->t->sent[m->sent].tok_begin;
      for (uint32_t q = m->b, n = 0; q > sb && n < 3; n++) {
        q--;
        if (tpunct(c, q) || (wfl(c, q) & (SR_W_CONJ | SR_W_SUB))) break;
        mention *y = mat(c, q);
        if (!y) continue;
        if (y->type != M_ACTOR) break;
        int32_t a = y->gen == G_NAMED ? y->actor : y->resolved;
        if (a >= 0 && a != other_a && actor_kind(c, a) != SR_KIND_MEDIA) return a;
        break;
      }
    }
    for (uint32_t k = (uint32_t)(m - c->m); k-- > 0;) {
      const mention *y = &c->m[k];
      if (y->type != M_ACTOR || y->para + 1 < m->para) continue;
      if (y->sent + 3 < m->sent) break;
      int32_t a = y->gen == G_NAMED ? y->actor : y->resolved;
      if (y->gen == G_STATE && a < 0 && prep_before(c, y, c->t->sent[y->sent].tok_begin) < 0)
        a = resolve(c, (mention *)y, root, ev_cc, NULL);
      if (a < 0) continue;
      if (y->gen == G_STATE && prep_before(c, y, c->t->sent[y->sent].tok_begin) >= 0) continue;
      uint8_t kd = actor_kind(c, a);
      if (kd == SR_KIND_MEDIA || (kd == SR_KIND_CIV && !c->resolving_target)) continue;
      if (a == other_a) continue;
      if (y->gen == G_STATE) {
        int32_t a2 = resolve(c, (mention *)y, root, ev_cc, NULL);
        if (a2 >= 0) a = a2;
      }
      if (y->subj) return a;
      if (fallback < 0) fallback = a;
    }
    return fallback;
  }
  }
  return -1;
}

/* which place for an event at trigger v in clause [cb, ce)? */
static int dest_before(ctx *c, uint32_t b) {
  /* "to X", "towards X", "to the area of X", "bound for X", "to reach X" */
  for (uint32_t q = b, n = 0; q > 0 && n < 5; n++) {
    q--;
    const char *w = tf(c, q);
    if (!strcmp(w, "to") || !strcmp(w, "towards") || !strcmp(w, "toward") || !strcmp(w, "reach") ||
        !strcmp(w, "for") || !strcmp(w, "into"))
      return 1;
    if (!(wfl(c, q) & (SR_W_DET | SR_W_LOCNOUN | SR_W_DIR)) && strcmp(w, "of")) return 0;
  }
  return 0;
}

/* Is the place at token b only where an actor sits ("the defence ministry in Damascus said",
 * "officials in Ankara")? Such places locate a speaker, not the event. */
static int speaker_place(ctx *c, uint32_t b) {
  /* "..., a security official in Anbar province said": a place right before the frame */
  {
    mention *pm = mat(c, b);
    uint32_t e = pm ? pm->e : b + 1, se = c->t->sent[pm ? pm->sent : 0].tok_end;
    for (uint32_t q = e; q < se && q < e + 3; q++) {
      mention *m = mat(c, q);
      if (m && m->type == M_ACTION && m->act->act == SR_ACT_SAY) return 1;
      if (m || tpunct(c, q)) break;
    }
  }
  if (b < 2 || !(tis(c, b - 1, "in") || tis(c, b - 1, "at"))) return 0;
  mention *a = mat(c, b - 2);
  if (!a || a->type != M_ACTOR) return 0;
  return a->speaker || (a->gen == G_AGENT && a->role == SR_ROLE_GOV) ||
         (a->gen == G_NAMED && actor_kind(c, a->actor) == SR_KIND_MEDIA);
}

static int dest_before(ctx *c, uint32_t b);

/* the latest place of a town or village (not a province or country) before token b */
static int32_t recent_town(ctx *c, uint32_t b, uint32_t para) {
  for (uint32_t k = c->npl; k-- > 0;) {
    const dplace *d = &c->pl[k];
    if (!d->ok || d->b >= b || d->para + 1 < para || dest_before(c, d->b) || speaker_place(c, d->b)) continue;
    if (!strcmp(d->prec, "place") || !strcmp(d->prec, "near")) return (int32_t)k;
  }
  return -1;
}

/* which place for an event at trigger v in clause [cb, ce)? src is the source mention. */
static int32_t event_place(ctx *c, const mention *v, uint32_t cb, uint32_t ce, const mention *src) {
  int moving = v->act && (v->act->cameo[0] == '0' || (v->act->cameo[0] == '1' && v->act->cameo[1] == '5'));
  /* "crowds in Shahba blocked the road": a place right after the subject */
  if (src && src->e + 1 < c->t->ntok && (tis(c, src->e, "in") || tis(c, src->e, "at"))) {
    mention *m = mat(c, src->e + 1);
    if (m && m->type == M_PLACE && c->pl[m->place].ok && !moving) return m->place;
  }
  int32_t best = -1;
  uint32_t bd = 0xffffffff;
  int anaphor = 0; /* "took over the town": a town named before */
  for (uint32_t i = v->e; i + 1 < ce && i < v->e + 6; i++)
    if (tis(c, i, "the") && (tis(c, i + 1, "town") || tis(c, i + 1, "city") || tis(c, i + 1, "village") ||
                             tis(c, i + 1, "camp") || tis(c, i + 1, "base") || tis(c, i + 1, "area"))) {
      if (!(i + 2 < ce && tis(c, i + 2, "of"))) anaphor = 1;
      break;
    }
  for (uint32_t i = cb; i < ce; i++) {
    mention *m = mat(c, i);
    if (m && m->type == M_PLACE && m->b == i) {
      const dplace *d = &c->pl[m->place];
      if (!d->ok || speaker_place(c, m->b)) continue;
      /* destinations are not where it happened: "to reach X", "towards X", "bound for X" */
      uint32_t d0 = m->b >= v->e ? m->b - v->e : v->b - m->e + 1;
      if (m->b >= 2 && (tis(c, m->b - 1, "reach") || tis(c, m->b - 2, "reach"))) d0 += 50;
      if (m->b >= 1 && (tis(c, m->b - 1, "towards") || tis(c, m->b - 1, "toward"))) d0 += 20;
      if (m->b >= 2 && (tis(c, m->b - 1, "for") || tis(c, m->b - 1, "to")) &&
          (tis(c, m->b - 2, "heading") || tis(c, m->b - 2, "bound") || tis(c, m->b - 2, "headed") ||
           tis(c, m->b - 2, "route")))
        d0 += 100; /* "troops heading for Lashio were ambushed near Hsipaw" */
      if (m->b < v->b) d0 += 30; /* a place after the verb first */
      if (moving && dest_before(c, m->b)) continue; /* "withdrew ... toward Al Susah": not there */
      if (anaphor && m->b < v->b && strcmp(d->prec, "place") && strcmp(d->prec, "near")) d0 += 60;
      /* "in Yemen's al-Bayda province", "near the Niger border": the finer place */
      if (!strcmp(d->prec, "country")) d0 += 24;
      else if (!strcmp(d->prec, "admin1")) d0 += 12;
      if (d0 < bd) bd = d0, best = m->place;
    }
  }
  if (best >= 0) return best;
  if (anaphor) {
    int32_t t = recent_town(c, v->b, v->para);
    if (t >= 0) return t;
  }
  /* same sentence: the nearest town before the verb, else the nearest place */
  {
    int32_t town = -1, any = -1;
    uint32_t dt = 0xffffffff, da = 0xffffffff;
    for (uint32_t k = 0; k < c->npl; k++) {
      const dplace *d = &c->pl[k];
      if (!d->ok || d->sent != v->sent) continue;
      if (d->b >= 2 && (tis(c, d->b - 1, "reach") || tis(c, d->b - 2, "reach"))) continue;
      if (speaker_place(c, d->b) || (moving && dest_before(c, d->b))) continue;
      uint32_t dist = d->b < v->b ? v->b - d->b : d->b - v->e + 20;
      if (dist < da) da = dist, any = (int32_t)k;
      if ((!strcmp(d->prec, "place") || !strcmp(d->prec, "near")) && dist < dt) dt = dist, town = (int32_t)k;
    }
    if (town >= 0) return town;
    if (any >= 0) return any;
  }
  /* the latest earlier sentence of the paragraph that names a place: its first town, else its
   * first place; then the same over the document */
  for (int pass = 0; pass < 2; pass++) {
    int32_t sent_seen = -1, first_any = -1, first_town = -1;
    for (uint32_t k = c->npl; k-- > 0;) {
      const dplace *d = &c->pl[k];
      if (!d->ok || d->sent >= v->sent || speaker_place(c, d->b)) continue;
      if (pass == 0 && d->para != v->para) continue;
      if (pass == 1 && !strcmp(d->prec, "country")) continue;
      if (sent_seen >= 0 && (int32_t)d->sent != sent_seen) break;
      sent_seen = (int32_t)d->sent;
      first_any = (int32_t)k;
      if (!strcmp(d->prec, "place") || !strcmp(d->prec, "near")) first_town = (int32_t)k;
    }
    if (first_town >= 0) return first_town;
    if (first_any >= 0) return first_any;
  }
  for (uint32_t k = 0; k < c->npl; k++)
    if (c->pl[k].ok) return (int32_t)k;
  return -1;
}

/* Theatre names: bare "al-Qaeda" is AQAP in Yemen and JNIM in the Sahel; US forces in Syria and
 * Iraq are the coalition, the UN mission in DR Congo is MONUSCO ... */
static int32_t theatre_actor(ctx *c, int32_t a, const char *cc) {
  if (a < 0 || !cc || !cc[0]) return a;
  static const struct { const char *from, *cc, *to; } R[] = {
      {"ALQAEDA", "YE", "AQAP"},  {"ALQAEDA", "ML", "JNIM"},        {"ALQAEDA", "BF", "JNIM"},
      {"ALQAEDA", "NE", "JNIM"},  {"ALQAEDA", "SO", "ALSHABAAB"},   {"UN", "CD", "MONUSCO"},
      {"UN", "LB", "UNIFIL"},     {"AU", "SO", "ATMIS"},            {"SNA", "SO", "SOMGOV"},
      {"USCOALITION", "YE", "SAUCOALITION"}, {"USCOALITION", "SA", "SAUCOALITION"},
      {"USMIL", "SY", "USCOALITION"}, {"USMIL", "IQ", "USCOALITION"},
      /* Ugandan and Burundian troops in Somalia serve in the African Union mission */
      {"UGAMIL", "SO", "ATMIS"},  {"BDIMIL", "SO", "ATMIS"},
      /* Islamic State's provinces: "Islamic State" in a theatre is its local branch */
      {"ISIS", "CD", "ADF"},      {"ISIS", "UG", "ADF"},            {"ISIS", "NG", "ISWAP"},
      {"ISIS", "CM", "ISWAP"},    {"ISIS", "TD", "ISWAP"},          {"ISIS", "ML", "ISSAHEL"},
      {"ISIS", "BF", "ISSAHEL"},  {"ISIS", "AF", "ISKP"},           {"ISIS", "PK", "ISKP"}};
  const char *code = actor_code(c, a);
  for (size_t r = 0; r < sizeof R / sizeof R[0]; r++)
    if (!strcmp(code, R[r].from) && !strcmp(cc, R[r].cc)) {
      int32_t to = sr_lex_actor_by_code(c->lx, R[r].to);
      return to >= 0 ? to : a;
    }
  return a;
}

static const char *place_cc(ctx *c, int32_t place) {
  if (place >= 0) return c->pl[place].cc;
  return c->focus;
}

static int emit(ctx *c, mention *v, int32_t src, int32_t tgt, const char *cameo, int32_t place,
                const char *why, float conf) {
  if (src < 0) return 0;
  src = theatre_actor(c, src, place_cc(c, place));
  tgt = theatre_actor(c, tgt, place_cc(c, place));
  /* civilians do not withdraw, deploy, arrest or fight in this coding */
  if (actor_kind(c, src) == SR_KIND_CIV &&
      (cameo[0] == '0' || (cameo[0] == '1' && strchr("579", cameo[1])))) return 0;
  if (tgt == src) tgt = -1;
  if (c->nev >= SR_CODE_MAX_EVENTS) return 0;
  if (c->nev == c->cev) {
    size_t nc = c->cev ? c->cev * 2 : 32;
    sr_event *ne = sr_arena_alloc(c->a, nc * sizeof *ne);
    if (!ne) return SR_ENOMEM;
    if (c->nev) memcpy(ne, c->ev, c->nev * sizeof *ne);
    c->ev = ne;
    c->cev = nc;
  }
  sr_event *e = &c->ev[c->nev++];
  memset(e, 0, sizeof *e);
  const sr_sentence *s = &c->t->sent[v->sent];
  e->sent = v->sent + 1;
  e->date = c->date;
  const sr_lex_actor *a = sr_lex_actor_at(c->lx, (uint32_t)src);
  e->has_source = 1;
  e->source.id = sr_lex_str(c->lx, a->code);
  e->source.name = sr_lex_str(c->lx, a->name);
  e->source.cameo = sr_lex_str(c->lx, a->cameo);
  if (tgt >= 0) {
    const sr_lex_actor *b = sr_lex_actor_at(c->lx, (uint32_t)tgt);
    e->has_target = 1;
    e->target.id = sr_lex_str(c->lx, b->code);
    e->target.name = sr_lex_str(c->lx, b->name);
    e->target.cameo = sr_lex_str(c->lx, b->cameo);
  }
  snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
  sr_cameo_map(e->cameo, &e->plover, &e->acled, &e->acled_sub);
  if (place >= 0) {
    const dplace *d = &c->pl[place];
    e->has_location = 1;
    e->location.name = d->name;
    e->location.lat = d->lat;
    e->location.lon = d->lon;
    memcpy(e->location.country, d->cc, 3);
    e->location.admin1 = d->admin1 ? d->admin1 : "";
    e->location.admin2 = d->p.admin2_name ? d->p.admin2_name : "";
    e->location.geonameid = d->geonameid;
    e->location.precision = d->prec;
    e->location.km_offset = d->km;
    e->location.bearing = d->bearing;
  } else if (c->gz && c->focus[0]) {
    sr_place p;
    if (sr_gaz_country_point(c->gz, c->focus, &p) == 0) {
      e->has_location = 1;
      e->location.name = p.name;
      e->location.lat = p.lat;
      e->location.lon = p.lon;
      memcpy(e->location.country, p.cc, 3);
      e->location.admin1 = "";
      e->location.admin2 = "";
      e->location.geonameid = p.geonameid;
      e->location.precision = "country";
      e->location.km_offset = 0;
      e->location.bearing = -1;
    }
  }
  e->text = c->t->src;
  e->text_off = s->off;
  e->text_len = s->len;
  e->confidence = conf;
  e->why = why;
  if (why && c->opts && c->opts->explain) {
    /* the place decision: its candidates and why one won, or the fallback used */
    const char *pw = place >= 0 ? c->pl[place].why : NULL;
    char tmp[1800];
    if (place >= 0 && pw)
      snprintf(tmp, sizeof tmp, "%s; place %s", why, pw);
    else if (place >= 0)
      snprintf(tmp, sizeof tmp, "%s; place from the lexicon", why);
    else
      snprintf(tmp, sizeof tmp, "%s; place: none named in the report, %s", why,
               e->has_location ? "the focus country" : "no focus country either");
    e->why = sr_arena_strndup(c->a, tmp, strlen(tmp));
  }
  c->last_src = src;
  c->last_tgt = tgt;
  c->last_ev_sent = v->sent;
  c->last_trig = v->b;
  c->last_subj = c->cur_src;
  c->last_ev_para = v->para;
  memcpy(c->last_root, cameo, 2);
  c->last_root[2] = 0;
  return 0;
}

/* modality before trigger v inside [cb, v): 0 none, 1 negated, 2 hypothetical, 3 planned,
 * 4 threatened, 5 denied */
static int modality(ctx *c, const mention *v, uint32_t cb, const mention *subj) {
  uint32_t from = subj ? subj->e : cb;
  if (from > v->b) from = cb;
  int mod = 0;
  /* "... unless Kurdish fighters left", "if they attack": the clause is a condition */
  if (cb > 0 && cb > c->t->sent[v->sent].tok_begin &&
      (tis(c, cb - 1, "if") || tis(c, cb - 1, "unless") || tis(c, cb - 1, "whether")))
    return 2;
  for (uint32_t i = from; i < v->b; i++) {
    mention *m = mat(c, i);
    if (m && m->type == M_ACTION && m != v && m->b == i) {
      switch (m->act->act) {
      case SR_ACT_NEG: if (v->b - m->e <= 4) mod = 1; break;
      case SR_ACT_MODAL: if (v->b - m->e <= 4 && mod != 1) mod = 2; break;
      case SR_ACT_PLAN: if (!mod) mod = 3; break;
      case SR_ACT_DENY: mod = 5; break;
      case SR_ACT_EVENT:
        /* "threatened to storm", "demanded that Kigali withdraw", "urged X to pull out":
         * the act is what is threatened or asked for, not done */
        if ((m->act->cameo[0] == '1' && strchr("0123", m->act->cameo[1])) ||
            (m->act->cameo[0] == '0' && m->act->cameo[1] == '2'))
          mod = 4;
        break;
      default: break;
      }
      i = m->e - 1;
      continue;
    }
    if (!m && (wfl(c, i) & SR_W_NEG) && v->b - i <= 4) mod = 1;
    if (!m && (wfl(c, i) & SR_W_MODAL) && v->b - i <= 3 && !mod) mod = 2;
  }
  /* a denial anywhere earlier in the sentence: the act is known only from the denial; a
   * threat or a demand earlier in the sentence holds the act as its content */
  for (uint32_t i = c->t->sent[v->sent].tok_begin; i < v->b; i++) {
    mention *m = mat(c, i);
    if (mod == 4 && boundary(c, i)) mod = 0; /* "..., two days after ...": a new clause */
    if (!m || m->type != M_ACTION || m->b != i) continue;
    if (m->act->act == SR_ACT_DENY) return 5;
    if (m->act->act == SR_ACT_EVENT && m != v &&
        ((m->act->cameo[0] == '1' && strchr("0123", m->act->cameo[1])) ||
         (m->act->cameo[0] == '0' && m->act->cameo[1] == '2')))
      mod = 4;
  }
  /* "no" right before a noun trigger */
  if ((v->aflags & SR_AF_NOUN) && v->b > 0 && (tis(c, v->b - 1, "no") || tis(c, v->b - 1, "without")))
    mod = 1;
  return mod;
}

static int year_of(const char *date) {
  if (!date || strlen(date) < 4) return 0;
  return atoi(date);
}

/* history: a sentence that names a year two or more years before the report */
static int sentence_is_history(ctx *c, uint32_t si) {
  if (!c->year) return 0;
  const sr_sentence *s = &c->t->sent[si];
  for (uint32_t i = s->tok_begin; i < s->tok_end; i++) {
    if ((c->t->tok[i].flags & SR_TOK_NUM) && c->t->tok[i].flen == 4) {
      int y = atoi(tf(c, i));
      /* "held since 2014" dates a state of affairs, not the told act */
      if (y > 1900 && y < c->year - 1 && !(i > s->tok_begin && tis(c, i - 1, "since"))) return 1;
    }
    if (wfl(c, i) & SR_W_HIST) {
      /* "a decade ago" is history; "the first time in more than a decade" is a comparison */
      if ((tis(c, i, "decade") || tis(c, i, "decades")) &&
          !(i + 1 < s->tok_end && (tis(c, i + 1, "ago") || tis(c, i + 1, "earlier") || tis(c, i + 1, "before"))))
        continue;
      return 1;
    }
  }
  return 0;
}

static const char *why_str(ctx *c, const char *fmt, const char *a, const char *b) {
  if (!c->opts || !c->opts->explain) return NULL;
  char tmp[256];
  snprintf(tmp, sizeof tmp, fmt, a ? a : "", b ? b : "");
  return sr_arena_strndup(c->a, tmp, strlen(tmp));
}

/* "X, one of the last Islamic State strongholds", "X, held by the rebels": the actor that
 * holds place p, named in an apposition right after it; NULL when there is none. */
static mention *place_holder(ctx *c, const dplace *p, uint32_t se) {
  uint32_t i = p->e;
  /* "Tal Afar at dawn on Sunday, one of ...": time adjuncts may come between */
  while (i < se && i < p->e + 5 && !tpunct(c, i) && !mat(c, i) &&
         (wfl(c, i) & (SR_W_TIME | SR_W_PREP | SR_W_DET)))
    i++;
  if (i >= se || !tpunct(c, i) || tf(c, i)[0] != ',') return NULL;
  i++;
  if (i + 2 < se && (tis(c, i, "held") || tis(c, i, "controlled")) && tis(c, i + 1, "by")) {
    mention *y = mat(c, i + 2);
    if (!y && i + 3 < se && (wfl(c, i + 2) & SR_W_DET)) y = mat(c, i + 3);
    return y && y->type == M_ACTOR ? y : NULL;
  }
  for (uint32_t q = i; q < se && q < i + 7; q++) {
    if (tpunct(c, q)) return NULL;
    mention *y = mat(c, q);
    if (!y) continue;
    if (y->type != M_ACTOR) return NULL;
    /* "the last stronghold of al-Shabaab" */
    uint32_t t0 = y->b >= i + 2 && tis(c, y->b - 1, "of") ? y->b - 2 : y->b;
    if (t0 < y->b && (wfl(c, t0) & SR_W_DET) && t0 > i) t0--;
    for (uint32_t t = t0; t <= y->e && t < se; t++)
      if (tis(c, t, "stronghold") || tis(c, t, "strongholds") || tis(c, t, "bastion") ||
          tis(c, t, "bastions") || tis(c, t, "redoubt") || tis(c, t, "heartland"))
        return y;
    return NULL;
  }
  return NULL;
}

/* is there an explicit actor object after the verb in its clause? */
static int noun_target_given(ctx *c, const mention *v, uint32_t ce) {
  for (uint32_t q = v->e; q < ce && q < v->e + 4; q++) {
    mention *y = mat(c, q);
    if (y && y->type == M_ACTOR) return 1;
  }
  return 0;
}

/* does [b, e) name shelling or an air strike (CAMEO 194/195)? */
static int shelling_in(ctx *c, uint32_t b, uint32_t e) {
  for (uint32_t q = b; q < e; q++) {
    mention *m = mat(c, q);
    if (m && m->type == M_ACTION && m->b == q && m->act->act == SR_ACT_EVENT &&
        (!strcmp(m->act->cameo, "194") || !strcmp(m->act->cameo, "195")))
      return 1;
  }
  return 0;
}

/* Code the events of sentence si. */
static int code_sentence(ctx *c, uint32_t si, uint32_t mfirst, uint32_t mlast) {
  const sr_sentence *s = &c->t->sent[si];
  uint32_t sb = s->tok_begin, se = s->tok_end;
  int history = sentence_is_history(c, si);
  int rc = 0;
  for (uint32_t k = mfirst; k < mlast; k++) {
    mention *v = &c->m[k];
    if (v->type != M_ACTION) continue;
    const sr_lex_action *act = v->act;
    uint32_t cb = clause_begin(c, v->b, sb), ce = clause_end(c, v->e, se);
    if (act->act == SR_ACT_SAY) {
      mention *sp = find_subject(c, v, sb, 0);
      if (sp) {
        sp->speaker = 1, sp->subj = 1;
        if (sp->resolved < 0) sp->resolved = resolve(c, sp, 1, NULL, NULL);
      }
      /* "according to X" */
      mention *a2 = actor_after(c, v->e, v->e + 3 < se ? v->e + 3 : se, 0);
      if (a2 && tis(c, v->b, "according")) a2->speaker = 1;
      continue;
    }
    if (act->act != SR_ACT_EVENT) {
      if (act->act == SR_ACT_LIGHT || act->act == SR_ACT_RECV || act->act == SR_ACT_CLAIM ||
          act->act == SR_ACT_DENY) {
        mention *sj = find_subject(c, v, sb, 0);
        if (sj) {
          sj->subj = 1;
          if (sj->resolved < 0) sj->resolved = resolve(c, sj, 19, NULL, NULL);
        }
        /* "the army beat back IS fighters", "troops fought them off": the repulsed side attacked */
        if (act->act == SR_ACT_RECV && sj && !history) {
          int noun_follows = 0;
          for (uint32_t q = v->e; q < ce && q < v->e + 6 && !noun_follows; q++) {
            if (boundary(c, q)) break;
            mention *m = mat(c, q);
            if (m && m->type == M_ACTION && (m->aflags & SR_AF_NOUN) && m->act->act == SR_ACT_EVENT) noun_follows = 1;
          }
          mention *ob = noun_follows ? NULL : actor_after(c, v->e, ce, 1);
          if (ob) {
            int32_t oa = resolve(c, ob, 19, NULL, sj);
            int32_t place = event_place(c, v, cb, ce, ob);
            int32_t ta2 = resolve(c, sj, 19, place >= 0 ? c->pl[place].cc : NULL, ob);
            if (oa >= 0 && ta2 >= 0 && oa != ta2) {
              int rc2 = emit(c, v, oa, ta2, "190", place, why_str(c, "repulse: the repulsed side attacked%s%s", "", ""), 0.7f);
              if (rc2) return rc2;
            }
          }
        }
      }
      continue;
    }
    if (history) continue;
    char rootbuf[3];
    int root = root_of(act->cameo, rootbuf);
    int noun = (v->aflags & SR_AF_NOUN) != 0;
    mention *src = NULL, *tgt = NULL;
    const char *how = "active";
    mention *subj = NULL;
    c->appos = NULL;
    if (!noun) {
      subj = find_subject(c, v, sb, 0);
      /* "A Turkish drone struck a vehicle carrying SDF fighters, killing three": the participle
       * after a comma continues the act just told, whoever stands nearest */
      if ((v->aflags & SR_AF_ING) && v->b > sb && tpunct(c, v->b - 1) && tf(c, v->b - 1)[0] == ',' &&
          c->last_subj && c->last_ev_sent == si && c->last_subj->type == M_ACTOR)
        subj = c->last_subj;
      /* "a bomb blast claimed by IS killed ...", "a device planted by ISIS went off": the
       * weapon's owner named in a participle after it is the source */
      mention *owner = NULL;
      if (subj && is_weapon(c, subj) && subj->e < v->b) owner = by_agent(c, subj->e, v->b, 0);
      if (!subj) /* "claimed by X" read as a speech frame left no subject: the weapon before it */
        for (uint32_t q = v->b; q > sb && !owner;) {
          q--;
          if (tpunct(c, q)) break;
          mention *w = mat(c, q);
          if (w && w->type == M_ACTOR && w->b == q && is_weapon(c, w)) {
            owner = by_agent(c, w->e, v->b, 0);
            break;
          }
        }
      if (owner && !is_passive(c, v, sb, se)) {
        src = owner;
        if (!(v->aflags & SR_AF_INTR) || (v->aflags & SR_AF_TGTBY)) tgt = actor_after(c, v->e, ce, 1);
        if ((v->aflags & SR_AF_INTR) && tgt && !(v->aflags & SR_AF_TGTBY)) tgt = NULL;
        how = "weapon's owner (claimed/planted by X)";
      } else if (is_passive(c, v, sb, se)) {
        src = by_agent(c, v->e, ce < se ? se : ce, 0);
        tgt = subj;
        how = "passive";
      } else if (v->aflags & SR_AF_REV) {
        src = actor_after(c, v->e, ce, 0);
        tgt = NULL;
        how = "reversed (fell to)";
      } else {
        src = subj;
        if (!(v->aflags & SR_AF_INTR) || (v->aflags & SR_AF_TGTBY)) tgt = actor_after(c, v->e, ce, 1);
        if ((v->aflags & SR_AF_INTR) && tgt && !(v->aflags & SR_AF_TGTBY)) tgt = NULL;
        /* "X and Y clashed": a compound subject of a symmetric verb */
      }
    } else {
      how = "nominal";
      /* governing light / receiving verb before the noun */
      mention *gov = NULL;
      for (uint32_t i = v->b; i > cb && v->b - i < 6;) {
        i--;
        mention *m = mat(c, i);
        if (!m) continue;
        if (m->type == M_ACTION && (m->act->act == SR_ACT_LIGHT || m->act->act == SR_ACT_RECV ||
                                    m->act->act == SR_ACT_PLAN || m->act->act == SR_ACT_CLAIM)) {
          gov = m;
          break;
        }
        if (m->type == M_ACTION && m->act->act == SR_ACT_EVENT && !(m->aflags & SR_AF_NOUN)) break;
        if (m->type == M_ACTOR) {
          /* modifier right before the noun: "an IS attack", "Russian air strikes", "their raid" */
          uint32_t gap = v->b - m->e;
          int prep_between = 0;
          for (uint32_t q = m->e; q < v->b; q++)
            if (wfl(c, q) & (SR_W_PREP | SR_W_BY | SR_W_CONJ)) prep_between = 1;
          if (gap <= 2 && !src && !prep_between && (m->gen != G_AGENT || m->role != SR_ROLE_CIV) &&
              prep_before(c, m, cb) < 0) {
            src = m;
            how = "nominal, modifier";
          }
          i = m->b;
        }
      }
      /* "a suicide bomber from Daesh": an agent noun's "from X" is its side */
      const char *last = tf(c, v->e - 1);
      size_t ll = strlen(last);
      int agent_noun = (ll > 3 && !strcmp(last + ll - 2, "er")) || (ll > 4 && !strcmp(last + ll - 3, "ers"));
      mention *by = by_agent(c, v->e, ce, (gov && gov->act->act == SR_ACT_RECV) || agent_noun);
      if (by) src = by, how = "nominal, by-agent";
      /* "of X": source for attacks/offensives, target for arrests and abductions */
      uint32_t j = v->e;
      if (j < ce && tis(c, j, "of")) {
        mention *y = actor_after(c, j + 1, j + 4 < ce ? j + 4 : ce, 0);
        if (y) {
          if (root == 17 || root == 18) tgt = y;
          else if (!src) src = y, how = "nominal, of-agent";
        }
      }
      if (gov && (gov->act->act == SR_ACT_LIGHT || gov->act->act == SR_ACT_PLAN ||
                  gov->act->act == SR_ACT_CLAIM) && !src) {
        src = find_subject(c, gov, sb, 0);
        how = "nominal, light verb subject";
        /* "carried out the attack": a definite noun points back to an event already told,
         * so this is a claim of it, not a new event */
        if (gov->act->act != SR_ACT_PLAN && v->b > 0 && tis(c, v->b - 1, "the") && src) {
          int32_t a = resolve(c, src, 19, NULL, NULL);
          if (a >= 0) c->claimer = a;
          continue;
        }
      }
      if (gov && gov->act->act == SR_ACT_RECV) {
        tgt = find_subject(c, gov, sb, 0);
        how = "nominal, received";
      }
      if (!tgt) {
        /* "on/against X", "between X and Y", "with X" */
        for (uint32_t i = v->e; i < ce && i < v->e + 6; i++) {
          if (wfl(c, i) & (SR_W_TGTPREP)) {
            mention *y = actor_after(c, i + 1, i + 5 < ce ? i + 5 : ce, 0);
            if (y) tgt = y;
            break;
          }
          if (tis(c, i, "between") || tis(c, i, "with")) {
            mention *y = actor_after(c, i + 1, ce, 0);
            if (y) {
              if (!src && tis(c, i, "between")) {
                src = y;
                for (uint32_t q = y->e; q < ce && q < y->e + 2; q++)
                  if (tis(c, q, "and")) tgt = actor_after(c, q + 1, ce, 0);
              } else
                tgt = y;
            }
            break;
          }
          mention *m = mat(c, i);
          if (m && m->type == M_ACTION) break;
        }
      }
    }
    /* "sent three brigades to hunt down IS cells": a purpose, not an act; its target is the
     * adversary of the act just told */
    if (!noun && v->b > sb && tis(c, v->b - 1, "to")) {
      mention *pv = v->b >= 2 ? mat(c, v->b - 2) : NULL;
      int after_frame = pv && pv->type == M_ACTION && pv->e == v->b - 1 &&
                        (pv->act->act == SR_ACT_LIGHT || pv->act->act == SR_ACT_PLAN);
      after_frame |= pv && pv->type == M_ACTION && pv->e == v->b &&
                     (pv->act->act == SR_ACT_LIGHT || pv->act->act == SR_ACT_PLAN); /* "forced to" */
      if (!after_frame && (root >= 15 || root == 8) && !(c->nev > 0 && c->ev[c->nev - 1].sent == si + 1)) {
        if (c->debug) fprintf(stderr, "  s%u drop '%s': purpose infinitive\n", si + 1, sr_lex_str(c->lx, act->pattern));
        continue;
      }
      if (!after_frame && root >= 18) {
        sr_event *pe = &c->ev[c->nev - 1];
        mention *o = actor_after(c, v->e, ce, 1);
        int32_t oa = o ? resolve(c, o, root, NULL, NULL) : -1;
        if (!pe->has_target && oa >= 0) {
          const sr_lex_actor *b = sr_lex_actor_at(c->lx, (uint32_t)oa);
          pe->has_target = 1;
          pe->target.id = sr_lex_str(c->lx, b->code);
          pe->target.name = sr_lex_str(c->lx, b->name);
          pe->target.cameo = sr_lex_str(c->lx, b->cameo);
        }
        continue;
      }
    }
    int mod = modality(c, v, cb, noun ? NULL : subj);
    if (mod == 1 || mod == 2 || mod == 4 || mod == 5) {
      if (c->debug) fprintf(stderr, "  s%u drop '%s': modality %d\n", si + 1, sr_lex_str(c->lx, act->pattern), mod);
      continue;
    }
    const char *cameo = act->cameo;
    if (mod == 3) {
      if (root >= 18 && root <= 20) cameo = "150", root = 15;
      else if (root == 4) cameo = "036", root = 3; /* "ready to hold talks": intent to meet */
      else if (root >= 5 && root <= 7) cameo = "030", root = 3; /* intent to cooperate */
      else if (root != 15) continue;
    }
    /* a person or thing in the target slot that is a place is not an actor */
    const char *ev_cc = NULL;
    int32_t place = event_place(c, v, cb, ce, src);
    if (c->debug && place >= 0) fprintf(stderr, "  s%u place %s (%s)\n", si + 1, c->pl[place].name, c->pl[place].prec);
    if (place >= 0) ev_cc = c->pl[place].cc;
    int32_t sa = -1, ta = -1;
    float conf = 0.8f;
    if (src) {
      sa = resolve(c, src, root, ev_cc, tgt);
      if (src->speaker && src->gen == G_NAMED && actor_kind(c, sa) == SR_KIND_MEDIA) sa = -1;
      if (src == subj) src->subj = 1;
      src->resolved = sa;
    }
    if (tgt) {
      c->resolving_target = 1;
      ta = resolve(c, tgt, root, ev_cc, src);
      c->resolving_target = 0;
      tgt->resolved = ta;
    }
    if (ta < 0 && place >= 0 && root == 19 && !noun_target_given(c, v, ce)) {
      /* "an assault on Tal Afar, one of the last Islamic State strongholds": the holder */
      mention *h = place_holder(c, &c->pl[place], se);
      if (h && h != src) {
        c->resolving_target = 1;
        ta = resolve(c, h, root, ev_cc, src);
        c->resolving_target = 0;
        if (ta == sa) ta = -1;
      }
    }
    if (c->debug)
      fprintf(stderr, "  s%u %s src=%s tgt=%s last=%d para=%u/%u sent=%u/%u root=%s\n", si + 1, sr_lex_str(c->lx, act->pattern), sa >= 0 ? actor_code(c, sa) : "-", ta >= 0 ? actor_code(c, ta) : "-", c->last_src, c->last_ev_para, v->para, c->last_ev_sent, v->sent, c->last_root);
    if (sa < 0) {
      /* agentless: weak triggers need an actor */
      if (act->flags & SR_AF_WEAK) continue;
      if (mod == 3) continue;
      /* discourse: the last event's source in the same paragraph, within two sentences */
      int background = noun && v->b > 0 && (tis(c, v->b - 1, "of") || tis(c, v->b - 1, "for"));
      /* "had nothing to do with the strike": a definite noun refers to the act already told */
      if (noun && v->b > 0 && (tis(c, v->b - 1, "the") || tis(c, v->b - 1, "this") || tis(c, v->b - 1, "that")))
        background = 1;
      /* "in the first Israeli attack on ...": once an event is told, a definite noun phrase
       * describes it again */
      if (noun && c->nev > 0 && !background)
        for (uint32_t q = v->b; q > sb && v->b - q < 4;) {
          q--;
          if (tis(c, q, "the")) {
            background = 1;
            break;
          }
          if (tpunct(c, q) || (wfl(c, q) & (SR_W_PREP | SR_W_BE | SR_W_HAVE))) break;
        }
      if (!background && c->last_src >= 0 && c->last_ev_para == v->para && v->sent - c->last_ev_sent <= 2 &&
          (root >= 17 || root == 13) && (root >= 18) == (c->last_root[0] == '1' && c->last_root[1] >= '8')) {
        sa = c->last_src;
        if (ta < 0 && c->last_tgt >= 0) ta = c->last_tgt;
        conf = 0.45f;
        how = "agentless: source from the previous event";
      } else if ((ta >= 0 && (root == 18 || root == 20 || (act->cameo[0] == '1' && act->cameo[1] == '8'))) ||
                 /* "civilians died when rockets landed on homes": shelling of civilians by nobody named */
                 (ta >= 0 && actor_kind(c, ta) == SR_KIND_CIV && root == 19 && shelling_in(c, sb, se)) ||
                 (!noun && !is_passive(c, v, sb, se) && weapon_subject(c, v, cb))) {
        sa = sr_lex_actor_by_code(c->lx, "UNKNOWN");
        conf = 0.4f;
        how = "agentless: unknown attacker";
      } else if (root == 17 && ta >= 0 && c->last_src >= 0 && c->last_ev_para == v->para) {
        sa = c->last_src;
        conf = 0.45f;
        how = "agentless arrest: source from the previous event";
      }
      /* "Kyiv said reinforcements had been deployed": an agentless posture or withdrawal told by
       * a party is that party's own */
      if (sa < 0 && (root == 15 || root == 8) && cb > sb) {
        mention *fr = mat(c, cb - 1);
        if (!fr && cb >= sb + 2) fr = mat(c, cb - 2); /* "said that" */
        if (fr && fr->type == M_ACTION && fr->act->act == SR_ACT_SAY) {
          mention *sp = find_subject(c, fr, sb, 0);
          if (sp) {
            int32_t a2 = resolve(c, sp, root, ev_cc, NULL);
            uint8_t kd = actor_kind(c, a2);
            if (a2 >= 0 && kd != SR_KIND_MEDIA && kd != SR_KIND_CIV) {
              sa = a2;
              how = "agentless, told by its own side";
            }
          }
        }
      }
      if (sa < 0 && root == 14) {
        sa = sr_lex_actor_by_code(c->lx, "PROTESTERS"); /* "tens of thousands marched" */
        how = "protest with no named group: protesters";
      }
      if (sa < 0) continue;
    }
    if (ta < 0 && act->target >= 0) ta = act->target; /* "break up a protest" */
    /* a protest is aimed at whom it demands something of: "protested ..., demanding the
     * resignation of the Government of National Unity", "marched against the junta" */
    if (ta < 0 && root == 14) {
      for (uint32_t q = v->e; q < se && ta < 0; q++) {
        mention *y = mat(c, q);
        if (!y || y->type != M_ACTOR || y->b != q || y->speaker) continue;
        int32_t yb = resolve(c, y, root, ev_cc, src);
        uint8_t kd = actor_kind(c, yb);
        if (yb >= 0 && yb != sa && kd != SR_KIND_CIV && kd != SR_KIND_PROTEST && kd != SR_KIND_MEDIA &&
            strcmp(actor_code(c, yb), "UNKNOWN"))
          ta = yb;
        q = y->e - 1;
      }
    }
    /* "targeted the Engels air base", "struck an army checkpoint": a military facility with no
     * named owner stands for the forces of the state it is in */
    if (ta < 0 && root >= 18 && !noun && place >= 0) {
      for (uint32_t q = v->e; q < ce && q < v->e + 6; q++) {
        if (mat(c, q) && mat(c, q)->type != M_PLACE) break;
        if (tis(c, q, "base") || tis(c, q, "airbase") || tis(c, q, "airfield") || tis(c, q, "barracks") ||
            tis(c, q, "garrison") || tis(c, q, "outpost") || tis(c, q, "checkpoint") ||
            tis(c, q, "headquarters") || tis(c, q, "warship") || tis(c, q, "frigate") ||
            tis(c, q, "naval") || tis(c, q, "gunboat")) {
          int32_t ki = sr_lex_country_by_cc(c->lx, c->pl[place].cc);
          const sr_lex_country *k = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
          if (k && k->mil >= 0 && k->mil != sa) ta = k->mil;
          break;
        }
      }
    }
    c->cur_src = src;
    if (ta == sa) ta = -1;
    /* a posture (15) is aimed at the adversary named after "against" ("massed troops ... for
     * an offensive against the SDF", "arrived to join the fight against Boko Haram") */
    if (root == 15 && ta < 0) {
      int after_noun = 0;
      for (uint32_t q = v->e; q + 1 < se; q++) {
        mention *nm = mat(c, q);
        if (nm && nm->type == M_ACTION && (nm->aflags & SR_AF_NOUN) && nm->b == q) after_noun = 1;
        if (!(tis(c, q, "against") || (after_noun && tis(c, q, "on")))) continue;
        uint32_t lim = q + 8 < se ? q + 8 : se;
        for (uint32_t r = q + 1; r < lim; r++) {
          if (tpunct(c, r)) break; /* "... on Idlib, residents said": the speaker is no adversary */
          mention *y = mat(c, r);
          if (!y || y->type != M_ACTOR || y->b != r) continue;
          if (y->speaker) break;
          int32_t yb = resolve(c, y, root, ev_cc, src);
          if (yb >= 0 && yb != sa && strcmp(actor_code(c, yb), "UNKNOWN")) ta = yb;
          break;
        }
        break;
      }
    }
    if (ta < 0 && (act->flags & SR_AF_PAIR) && src && !noun) {
      /* "Russian and Turkish ministers met", "the army and the RSF signed": each with the other */
      mention *o = NULL;
      uint32_t q = src->e;
      if (q + 1 < se && tis(c, q, "and")) {
        q++;
        if (q + 1 < se && (wfl(c, q) & SR_W_DET) && !(wfl(c, q) & SR_W_POSSPRON)) q++;
        o = mat(c, q);
      }
      int32_t oa = o && o->type == M_ACTOR && o->b == q ? resolve(c, o, root, ev_cc, src) : -1;
      if (oa >= 0 && oa != sa) {
        const char *w2 = why_str(c, "%s; pattern '%s', a pair", how, sr_lex_str(c->lx, act->pattern));
        if ((rc = emit(c, v, sa, oa, cameo, place, w2, conf)) || (rc = emit(c, v, oa, sa, cameo, place, w2, conf)))
          return rc;
        continue;
      }
    }
    if ((act->flags & SR_AF_WEAK) && !(act->flags & SR_AF_INTR) && ta < 0) continue;
    /* "left Deir Ezzor": a movement pattern that needs the place it leaves */
    if ((act->flags & SR_AF_PLACE) && !place_follows(c, v)) continue;
    /* taking a place: the loser is the other armed party named in the document, else
     * (for a non-state captor) the state's forces */
    if (ta >= 0 && !strncmp(cameo, "192", 3) &&
        (actor_kind(c, ta) == SR_KIND_CIV || actor_kind(c, ta) == SR_KIND_PROTEST))
      ta = -1; /* "entered the city to cheering crowds" */
    if (ta < 0 && !strncmp(cameo, "192", 3)) {
      ta = other_party(c, sa, v);
      /* a non-state captor with no named loser took it from the state ("Herat fell to the Taliban") */
      if (ta < 0 && nonstate_armed(actor_kind(c, sa)) && place >= 0) {
        int32_t ki = sr_lex_country_by_cc(c->lx, c->pl[place].cc);
        const sr_lex_country *k = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
        if (k && k->mil >= 0 && k->mil != sa) ta = k->mil;
      }
    }
    if (src && src->gen != G_NAMED) conf -= 0.1f;
    if (ta >= 0 && actor_kind(c, ta) == SR_KIND_MEDIA) ta = -1;
    /* lethal force on protesters is repression */
    if (ta >= 0 && root >= 18 && !strcmp(actor_code(c, ta), "PROTESTERS")) cameo = "175";
    const char *why = why_str(c, "%s; pattern '%s'", how, sr_lex_str(c->lx, act->pattern));
    size_t ev_before = c->nev;
    /* ", killing four people": the victims of the act just told, not a second act; the same
     * for a verb whose subject is that act ("Pakistani air strikes ... killed women") */
    int np_subject = !noun && src && c->nev > 0 && c->last_trig >= src->e && c->last_trig < v->b &&
                     c->ev[c->nev - 1].sent == si + 1;
    /* ", handing them over to mediators": a non-violent participle restates the act just told */
    if ((v->aflags & SR_AF_ING) && v->b > sb && tpunct(c, v->b - 1) && tf(c, v->b - 1)[0] == ',' &&
        root < 18 && c->nev > 0 && c->ev[c->nev - 1].sent == si + 1 && sa >= 0 &&
        !strcmp(c->ev[c->nev - 1].source.id, actor_code(c, theatre_actor(c, sa, place_cc(c, place)))))
      continue;
    if ((((v->aflags & SR_AF_ING) && v->b > sb && tpunct(c, v->b - 1) && tf(c, v->b - 1)[0] == ',') ||
         np_subject) &&
        root >= 18 && c->nev > 0) {
      sr_event *pe = &c->ev[c->nev - 1];
      if (pe->sent == si + 1 && violent(pe->cameo) && pe->has_source && sa >= 0 &&
          !strcmp(pe->source.id, actor_code(c, theatre_actor(c, sa, place_cc(c, place))))) {
        if (!pe->has_target && ta >= 0) {
          const sr_lex_actor *b = sr_lex_actor_at(c->lx, (uint32_t)theatre_actor(c, ta, place_cc(c, place)));
          pe->has_target = 1;
          pe->target.id = sr_lex_str(c->lx, b->code);
          pe->target.name = sr_lex_str(c->lx, b->name);
          pe->target.cameo = sr_lex_str(c->lx, b->cameo);
          continue;
        }
        if (ta < 0) continue;
        if (pe->has_target && !strcmp(pe->target.id, actor_code(c, ta))) continue; /* same victims */
      }
    }
    if ((rc = emit(c, v, sa, ta, cameo, place, why, conf))) return rc;
    if ((act->flags & SR_AF_SYM) && ta >= 0 && (rc = emit(c, v, ta, sa, cameo, place, why, conf)))
      return rc;
    /* the apposition's member acts too */
    if (c->appos && src && src != c->appos && subj == src) {
      int32_t aa = resolve(c, c->appos, root, ev_cc, tgt);
      if (aa >= 0 && aa != sa && aa != ta && (rc = emit(c, v, aa, ta, cameo, place, why, conf))) return rc;
    }
    /* compound subject: "X and Y attacked" -> one event per actor */
    if (src && (!noun || src == subj || strstr(how, "light verb"))) {
      uint32_t q = src->b;
      if (q >= 2 + sb && tis(c, q - 1, "and")) {
        mention *o = mat(c, q - 2);
        if (o && o->type == M_ACTOR && prep_before(c, o, cb) < 0) {
          int32_t oa = resolve(c, o, root, ev_cc, tgt);
          if (oa >= 0 && oa != sa && (rc = emit(c, v, oa, ta, cameo, place, why, conf))) return rc;
        }
      }
      mention *prev = src;
      while (prev->e + 1 < se && (tis(c, prev->e, "and") || (tpunct(c, prev->e) && tf(c, prev->e)[0] == ','))) {
        int comma = !tis(c, prev->e, "and");
        uint32_t q = prev->e + 1;
        if (q + 1 < se && (wfl(c, q) & SR_W_DET) && !(wfl(c, q) & SR_W_POSSPRON)) q++;
        mention *o = mat(c, q);
        if (!o || o->type != M_ACTOR || o->b != q) break;
        /* "X, Y and Z": a comma joins actors only inside such a list, never a speaker */
        if (comma && !(o->e < se && (tis(c, o->e, "and") || (tpunct(c, o->e) && tf(c, o->e)[0] == ','))))
          break;
        {
          mention *sv = o->e < se ? mat(c, o->e) : NULL;
          if (sv && sv->type == M_ACTION && sv->act->act == SR_ACT_SAY) break;
        }
        prev = o;
        int32_t oa = resolve(c, o, root, ev_cc, tgt);
        if (oa >= 0 && !strcmp(actor_code(c, oa), "UNKNOWN")) continue; /* "allied militias" fold in */
        if (oa < 0 || oa == sa) continue;
        if ((act->flags & (SR_AF_SYM | SR_AF_PAIR)) && ta < 0) {
          /* "X and Y met / signed / exchanged fire": one event each way */
          if ((rc = emit(c, v, sa, oa, cameo, place, why, conf)) || (rc = emit(c, v, oa, sa, cameo, place, why, conf)))
            return rc;
          drop_untargeted(c, v, sa);
          continue;
        }
        if ((rc = emit(c, v, oa, ta, cameo, place, why, conf))) return rc;
      }
    }
    /* compound target: "attacked X and Y", "killed a commander together with his wife" */
    uint32_t tw = tgt ? tgt->e : 0;
    while (tgt && tw + 2 < ce && tw < tgt->e + 4 && !(tis(c, tw, "together") || tis(c, tw, "along")) &&
           !mat(c, tw) && !tpunct(c, tw))
      tw++;
    if (tgt && tw + 2 < ce && (tis(c, tw, "together") || tis(c, tw, "along")) && tis(c, tw + 1, "with")) {
      mention *o = actor_after(c, tw + 2, tw + 5 < ce ? tw + 5 : ce, 0);
      if (o) {
        c->resolving_target = 1;
        int32_t ob = resolve(c, o, root, ev_cc, src);
        c->resolving_target = 0;
        if (ob >= 0 && ob != ta && ob != sa && (rc = emit(c, v, sa, ob, cameo, place, why, conf))) return rc;
      }
    }
    if (tgt && tgt->e + 1 < ce && tis(c, tgt->e, "and")) {
      mention *o = mat(c, tgt->e + 1);
      if (o && o->type == M_ACTOR && o->b == tgt->e + 1) {
        int32_t ob = resolve(c, o, root, ev_cc, src);
        if (ob >= 0 && ob != ta && (rc = emit(c, v, sa, ob, cameo, place, why, conf))) return rc;
      }
    }
    /* supporting forces: "backed by X", "with help from X", "alongside X" */
    for (uint32_t i = cb; i < ce; i++) {
      int near_verb = i < v->b || i < v->e + 6;
      if ((tis(c, i, "backed") && i + 1 < ce && tis(c, i + 1, "by")) || (near_verb && tis(c, i, "alongside")) ||
          (near_verb && tis(c, i, "support") && i + 1 < ce && tis(c, i + 1, "from")) ||
          (near_verb && tis(c, i, "help") && i + 1 < ce && tis(c, i + 1, "from"))) {
        if (i > 0 && (c->t->tok[i].flags & SR_TOK_HYPHEN)) continue; /* "Turkish-backed" */
        mention *o = actor_after(c, i + 1, i + 5 < ce ? i + 5 : ce, 0);
        if (o && o != src && o != tgt) {
          int32_t oa = resolve(c, o, root, ev_cc, tgt);
          if (oa >= 0 && !strcmp(actor_code(c, oa), "UNKNOWN")) oa = -1; /* "allied militias" fold in */
          if (oa >= 0 && oa != sa && oa != ta && (rc = emit(c, v, oa, ta, cameo, place, why, conf)))
            return rc;
        }
      }
    }
    /* list of places after the verb: one event per town, for each of the sources ("Russian and
     * Syrian warplanes pounded Kafr Nabl and Hish"); the list must be unbroken ("X, Y and Z") */
    if (place >= 0 && c->pl[place].sent == si && c->pl[place].b >= v->e) {
      uint32_t list_end = c->pl[place].e;
      size_t first_ev = ev_before;
      for (uint32_t i = list_end; i < ce; i++) {
        mention *m = mat(c, i);
        if (m && m->type == M_PLACE && m->b == i && m->place != place && c->pl[m->place].ok) {
          if (c->pl[m->place].container) break; /* "near Sukhnah, Homs province": no list */
          int joined = 1;
          for (uint32_t q = list_end; q < m->b && joined; q++)
            if (!(tis(c, q, "and") || tis(c, q, "or") || (tpunct(c, q) && tf(c, q)[0] == ',')))
              joined = 0;
          if (!joined) break;
          list_end = m->e;
          size_t nsrc = c->nev;
          for (size_t k = first_ev; k < nsrc && k < first_ev + 8; k++) {
            const sr_event *pe = &c->ev[k];
            if (!pe->has_location || pe->location.name != c->pl[place].name) continue;
            int32_t a1 = sr_lex_actor_by_code(c->lx, pe->source.id);
            int32_t a2 = pe->has_target ? sr_lex_actor_by_code(c->lx, pe->target.id) : -1;
            if ((rc = emit(c, v, a1, a2, cameo, m->place, why, conf))) return rc;
          }
          i = m->e - 1;
        }
      }
    }
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* 5. document pass                                                    */

static int same_loc(const sr_event *a, const sr_event *b) {
  if (a->has_location != b->has_location) return 0;
  if (!a->has_location) return 1;
  return km_between(a->location.lat, a->location.lon, b->location.lat, b->location.lon) < 25.0;
}

static int violent(const char *cameo) {
  return (cameo[0] == '1' && (cameo[1] == '8' || cameo[1] == '9')) || (cameo[0] == '2' && cameo[1] == '0');
}

static void doc_pass(ctx *c) {
  /* claims of responsibility: unknown attackers become the claimer */
  int32_t claimer = c->claimer;
  for (uint32_t k = 0; k < c->nm; k++) {
    mention *v = &c->m[k];
    if (v->type == M_ACTION && v->act->act == SR_ACT_CLAIM) {
      mention *s = find_subject(c, v, c->t->sent[v->sent].tok_begin, 0);
      if (!s) s = by_agent(c, v->e, c->t->sent[v->sent].tok_end, 0);
      if (s) {
        int32_t a = resolve(c, s, 19, NULL, NULL);
        if (a >= 0) claimer = a;
      }
    }
  }
  if (claimer >= 0) {
    const sr_lex_actor *ca = sr_lex_actor_at(c->lx, (uint32_t)claimer);
    for (size_t i = 0; i < c->nev; i++) {
      sr_event *e = &c->ev[i];
      if (violent(e->cameo) && !strcmp(e->source.id, "UNKNOWN")) {
        e->source.id = sr_lex_str(c->lx, ca->code);
        e->source.name = sr_lex_str(c->lx, ca->name);
        e->source.cameo = sr_lex_str(c->lx, ca->cameo);
      }
    }
  }
  /* "police opened fire to break up a protest": the repression (17) is the event */
  for (size_t i = 0; i < c->nev; i++) {
    sr_event *e = &c->ev[i];
    if (!(e->cameo[0] == '1' && e->cameo[1] == '7') || !e->has_source) continue;
    for (size_t j = 0; j < c->nev; j++) {
      sr_event *f = &c->ev[j];
      if (f->sent == e->sent && f->has_source && violent(f->cameo) && !strcmp(f->source.id, e->source.id) &&
          (!f->has_target || (e->has_target && !strcmp(f->target.id, e->target.id)) ||
           !strcmp(f->target.id, "PROTESTERS")))
        f->has_source = 0; /* dropped below */
    }
  }
  /* a headline or standfirst that restates a body event is the same event: the lead is
   * every headline line and the paragraphs before the first paragraph of 3+ sentences */
  uint32_t body_para = 0xffffffff;
  {
    uint32_t run = 0, cur = 0xffffffff;
    for (uint32_t si = 0; si < c->t->nsent; si++) {
      const sr_sentence *st = &c->t->sent[si];
      if (st->para != cur) cur = st->para, run = 0;
      if (!st->headline && ++run >= 3) {
        body_para = cur;
        break;
      }
    }
  }
#define LEAD(e) (c->t->sent[(e)->sent - 1].headline || \
                 (body_para != 0xffffffff && c->t->sent[(e)->sent - 1].para < body_para))
  for (size_t i = 0; i < c->nev; i++) {
    sr_event *e = &c->ev[i];
    if (!LEAD(e)) continue;
    for (size_t j = 0; j < c->nev; j++) {
      sr_event *f = &c->ev[j];
      if (j == i || LEAD(f) || !f->has_source) continue;
      if (strcmp(e->source.id, f->source.id)) continue;
      if (violent(e->cameo) != violent(f->cameo) || (!violent(e->cameo) && strncmp(e->cameo, f->cameo, 2)))
        continue;
      if (e->has_target && (!f->has_target || strcmp(e->target.id, f->target.id))) continue;
      e->has_source = 0; /* dropped below */
      break;
    }
  }
  /* "X and Y blamed each other for the shelling": conflicting blame leaves the attacker unknown */
  for (uint32_t k = 0; k < c->nm; k++) {
    mention *v = &c->m[k];
    if (v->type != M_ACTION || v->act->act != SR_ACT_ACCUSE) continue;
    if (!(v->e + 1 < c->t->ntok && ((tis(c, v->e, "each") && tis(c, v->e + 1, "other")) ||
                                    (tis(c, v->e, "one") && tis(c, v->e + 1, "another")))))
      continue;
    int32_t unk = sr_lex_actor_by_code(c->lx, "UNKNOWN");
    const sr_lex_actor *ua = unk >= 0 ? sr_lex_actor_at(c->lx, (uint32_t)unk) : NULL;
    for (size_t i = 0; ua && i < c->nev; i++) {
      sr_event *e = &c->ev[i];
      if (e->sent != v->sent + 1 || !violent(e->cameo)) continue;
      e->source.id = sr_lex_str(c->lx, ua->code);
      e->source.name = sr_lex_str(c->lx, ua->name);
      e->source.cameo = sr_lex_str(c->lx, ua->cameo);
    }
  }
  /* duplicates: same source, target, root class and place */
  size_t w = 0;
  for (size_t i = 0; i < c->nev; i++) {
    sr_event *e = &c->ev[i];
    int dup = !e->has_source;
    for (size_t j = 0; j < w && !dup; j++) {
      sr_event *f = &c->ev[j];
      int rc1 = violent(e->cameo) ? 1 : 0, rc2 = violent(f->cameo) ? 1 : 0;
      if (strcmp(e->source.id, f->source.id)) continue;
      if (e->has_target != f->has_target || (e->has_target && strcmp(e->target.id, f->target.id)))
        continue;
      if (rc1 != rc2 || (!rc1 && strncmp(e->cameo, f->cameo, 2))) continue;
      /* a capture and a bombardment of the same enemy are two acts; a generic "attacked"
       * or "killed" (190) restates the specific one */
      if (rc1 && strcmp(e->cameo, f->cameo) && strcmp(e->cameo, "190") && strcmp(f->cameo, "190")) continue;
      if (!same_loc(e, f)) continue;
      if (e->sent == f->sent && e->has_location && f->has_location && e->location.name && f->location.name &&
          strcmp(e->location.name, f->location.name))
        continue; /* "pounded Kafr Nabl and Hish": one event per town */
      dup = 1;
      /* keep the more precise place */
      if (e->has_location && f->has_location && !strcmp(f->location.precision, "country") &&
          strcmp(e->location.precision, "country"))
        f->location = e->location;
    }
    if (!dup) c->ev[w++] = *e;
  }
  c->nev = w;
}

/* ------------------------------------------------------------------ */

/* Set up the coder for one text and scan its mentions; *nsent_out is the number of sentences
 * that fit the mention cap, *mstart_out their first mentions. Returns 1 for an empty text. */
static int doc_setup(ctx *cp, const sr_lex *lx, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                     const char *date, const sr_code_opts *opts, uint32_t **mstart_out,
                     uint32_t *nsent_out, sr_error *err) {
  memset(cp, 0, sizeof *cp);
  cp->lx = lx, cp->gz = gz, cp->a = a, cp->t = t, cp->opts = opts;
  cp->date = date;
  cp->year = year_of(date);
  cp->last_src = cp->last_tgt = -1;
  cp->debug = getenv("SITREP_DEBUG") != NULL;
  cp->claimer = -1;
  cp->focus_country = -1;
  if (t->ntok == 0) return 1;
  cp->tokm = sr_arena_calloc(a, t->ntok, sizeof *cp->tokm);
  cp->wf = sr_arena_alloc(a, t->ntok * sizeof *cp->wf);
  if (!cp->tokm || !cp->wf) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  for (uint32_t i = 0; i < t->ntok; i++) cp->wf[i] = sr_lex_wflags(lx, t->tok[i].word);
  /* mentions */
  uint32_t *mstart = sr_arena_alloc(a, (t->nsent + 1) * sizeof *mstart);
  if (!mstart) return sr_error_set(err, SR_ENOMEM, "document too large to code");
  /* the mention cap bounds a hostile document: code the sentences that fit, keeping room
   * for their places, and leave the rest uncoded */
  uint32_t nsent = t->nsent;
  for (uint32_t si = 0; si < t->nsent; si++) {
    mstart[si] = cp->nm;
    if (cp->nm > SR_CODE_MAX_MENTIONS / 2 || scan_sentence(cp, si)) {
      for (uint32_t k = mstart[si]; k < cp->nm; k++)
        for (uint32_t q = cp->m[k].b; q < cp->m[k].e; q++) cp->tokm[q] = 0;
      cp->nm = mstart[si];
      nsent = si;
      break;
    }
    merge_sentence(cp, mstart[si], cp->nm);
  }
  *mstart_out = mstart;
  *nsent_out = nsent;
  return 0;
}

/* Place candidates, the focus country, then resolution. With pm set, also lists every
 * candidate span (resolved or dropped) as an arena array in *pm / *npm. */
static int doc_places(ctx *cp, uint32_t nsent, sr_place_mention **pm, size_t *npm, sr_error *err) {
  sr_arena *a = cp->a;
  if (cp->gz) {
    uint32_t cap = 4096, np = 0;
    pcand *all = sr_arena_alloc(a, cap * sizeof *all);
    uint32_t *psent = sr_arena_alloc(a, cap * sizeof *psent);
    if (!all || !psent) return sr_error_set(err, SR_ENOMEM, "document too large to code");
    for (uint32_t si = 0; si < nsent && np < cap; si++) {
      int n = find_places(cp, si, all + np, (int)(cap - np > 64 ? 64 : cap - np));
      for (int k = 0; k < n; k++) psent[np + (uint32_t)k] = si;
      np += (uint32_t)n;
    }
    compute_focus(cp, all, (int)np);
    if (cp->debug) fprintf(stderr, "  focus %s, %u place candidates\n", cp->focus, np);
    sr_place_mention *lst = NULL;
    if (pm) {
      lst = sr_arena_calloc(a, np ? np : 1, sizeof *lst);
      if (!lst) return sr_error_set(err, SR_ENOMEM, "document too large to list places");
      *pm = lst;
      *npm = np;
      for (uint32_t k = 0; k < np; k++) {
        lst[k].sent = psent[k] + 1;
        lst[k].off = all[k].ob;
        lst[k].len = all[k].oe - all[k].ob;
        lst[k].ncand = all[k].n;
        lst[k].cue = all[k].cue;
      }
    }
    for (uint32_t k = 0; k < np; k++) {
      uint32_t before = cp->npl;
      if (filter_abroad(cp, &all[k]) > 0) {
        if (k + 1 < np && psent[k + 1] == psent[k]) containment(cp, &all[k], &all[k + 1], psent[k]);
        if (add_place(cp, &all[k], psent[k])) break; /* cap: keep what fits */
      }
      if (lst && cp->npl > before) {
        const dplace *d = &cp->pl[before];
        lst[k].resolved = 1;
        lst[k].place = d->p;
        lst[k].lat = d->lat, lst[k].lon = d->lon;
        lst[k].precision = d->prec;
      }
    }
  } else {
    compute_focus(cp, NULL, 0);
  }
  return 0;
}


int sr_code_text(const sr_lex *lx, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                 const char *date, const sr_code_opts *opts, sr_event **out, size_t *nout,
                 sr_error *err) {
  *out = NULL;
  *nout = 0;
  ctx c;
  uint32_t *mstart = NULL, nsent = 0;
  int rc = doc_setup(&c, lx, gz, a, t, date, opts, &mstart, &nsent, err);
  if (rc) return rc < 0 ? rc : 0;
  /* a document with no event trigger has no events: skip places and clauses */
  {
    int any = 0;
    for (uint32_t k = 0; k < c.nm && !any; k++)
      if (c.m[k].type == M_ACTION && c.m[k].act->act == SR_ACT_EVENT) any = 1;
    if (!any) return 0;
  }
  if ((rc = doc_places(&c, nsent, NULL, NULL, err))) return rc;
  if (c.debug) {
    for (uint32_t k = 0; k < c.nm; k++) {
      const mention *x = &c.m[k];
      if (!x->type) {
        fprintf(stderr, "s%u m%u (dropped) [%u,%u)\n", x->sent + 1, k, x->b, x->e);
        continue;
      }
      fprintf(stderr, "s%u m%u %s [%u,%u) '%.*s'", x->sent + 1, k,
              x->type == M_ACTOR ? "ACTOR" : x->type == M_ACTION ? "ACTION" : "PLACE", x->b, x->e,
              (int)(t->tok[x->e - 1].off + t->tok[x->e - 1].len - t->tok[x->b].off),
              t->src + t->tok[x->b].off);
      if (x->type == M_ACTOR)
        fprintf(stderr, " gen=%u actor=%s country=%d role=%u", x->gen,
                x->actor >= 0 ? actor_code(&c, x->actor) : "-", x->country, x->role);
      if (x->type == M_ACTION)
        fprintf(stderr, " act=%u cameo=%s flags=%x", x->act->act, x->act->cameo, x->aflags);
      if (x->type == M_PLACE) fprintf(stderr, " -> %s %s", c.pl[x->place].name, c.pl[x->place].cc);
      fprintf(stderr, "\n");
    }
  }
  /* events, sentence by sentence (mentions were appended per sentence, places after) */
  uint32_t nmen = c.nm;
  for (uint32_t si = 0; si < nsent; si++) {
    uint32_t mf = mstart[si], ml = si + 1 < nsent ? mstart[si + 1] : nmen;
    /* place mentions were appended after all sentences: they are looked up by token */
    if (code_sentence(&c, si, mf, ml)) return sr_error_set(err, SR_ENOMEM, "too many events");
  }
  doc_pass(&c);
  *out = c.ev;
  *nout = c.nev;
  return 0;
}

int sr_code_places(const sr_lex *lx, const sr_gaz *gz, sr_arena *a, const sr_text *t,
                   const char *date, sr_place_mention **out, size_t *nout, char focus[3],
                   sr_error *err) {
  *out = NULL;
  *nout = 0;
  if (focus) focus[0] = 0;
  ctx c;
  uint32_t *mstart = NULL, nsent = 0;
  int rc = doc_setup(&c, lx, gz, a, t, date, NULL, &mstart, &nsent, err);
  if (rc) return rc < 0 ? rc : 0;
  (void)mstart;
  if ((rc = doc_places(&c, nsent, out, nout, err))) return rc;
  if (focus) memcpy(focus, c.focus, 3);
  return 0;
}
