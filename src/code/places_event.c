/* places_event.c - where an event happened: a place named in its clause (after the verb
 * first; not a destination "towards X", "bound for X"; not where a speaker sits "officials in
 * Ankara said"), else the town just named ("took the town"), else the nearest place of the
 * sentence, of the paragraph, of the document. A statement, an appeal or a visit is placed
 * where it was made ("said in Beijing", "the ministry in Tokyo said", "arrived in Kyiv"),
 * else in its source's country: the places it talks about are no setting. Also the holder of
 * a place ("X, an IS stronghold", "X, held by the rebels") and one event per place of a list
 * ("shelled A, B and C").
 */
#include "code_internal.h"

static int32_t place_at(const cdoc *c, uint32_t tok) {
  return tok < c->t->ntok && c->tokp[tok] ? c->tokp[tok] - 1 : -1;
}

/* "to X", "towards X", "to the area of X", "bound for X", "to reach X" */
static int dest_before(const cdoc *c, uint32_t b) {
  for (uint32_t q = b, n = 0; q > 0 && n < 5; n++) {
    q--;
    const char *w = cd_fold(c, q);
    if (!strcmp(w, "to") || !strcmp(w, "towards") || !strcmp(w, "toward") || !strcmp(w, "reach") ||
        !strcmp(w, "for") || !strcmp(w, "into"))
      return 1;
    if (!(cd_wf(c, q) & (SR_W_DET | SR_W_LOCNOUN | SR_W_DIR)) && strcmp(w, "of")) return 0;
  }
  return 0;
}

/* Is the place at token b only where a speaker sits ("the defence ministry in Damascus said",
 * "officials in Ankara", "..., a security official in Anbar province said")? */
static int place_says(const cdoc *c, uint32_t b);

static int speaker_place(const cdoc *c, uint32_t b) {
  if (place_says(c, b)) return 1;
  if (b < 2 || !(cd_is(c, b - 1, "in") || cd_is(c, b - 1, "at"))) return 0;
  int32_t ak = c->p.chunk_of[b - 2];
  if (ak < 0 || c->p.ch[ak].kind != SR_CH_NP) return 0;
  const npinfo *a = &c->np[ak];
  if (a->speaker) return 1;
  if (a->hc != HC_ACTOR) return 0;
  return (a->ref.kind == RK_AGENT && a->ref.role == SR_ROLE_GOV) ||
         (a->ref.kind == RK_NAMED && cd_actor_kind(c, a->ref.actor) == SR_KIND_MEDIA);
}

/* the place at token b is a capital speaking for its state: "..., Ankara said", "Kyiv says" */
static int place_says(const cdoc *c, uint32_t b) {
  int32_t pk = c->p.chunk_of[b];
  uint32_t e = pk >= 0 ? c->p.ch[pk].e : b + 1, se = c->t->sent[pk >= 0 ? c->p.ch[pk].sent : 0].tok_end;
  for (uint32_t q = e; q < se && q < e + 3; q++) {
    int32_t k = c->p.chunk_of[q];
    if (k >= 0 && c->p.ch[k].kind == SR_CH_VG) {
      int32_t t = c->trig[k];
      if ((t >= 0 && c->lm[t].act->act == SR_ACT_SAY) || cd_say_at(c, c->p.ch[k].head)) return 1;
      break;
    }
    if (k >= 0 || (c->t->tok[q].flags & SR_TOK_PUNCT) || c->p.tag[q] == SR_T_CC) break; /* "in Niamey and announced" */
  }
  return 0;
}

/* the latest place of a town or village (not a province or country) before token b */
static int32_t recent_town(const cdoc *c, uint32_t b, uint32_t para) {
  for (uint32_t k = c->npl; k-- > 0;) {
    const dplace *d = &c->pl[k];
    if (!d->ok || d->b >= b || d->para + 1 < para || dest_before(c, d->b) || speaker_place(c, d->b)) continue;
    if (!strcmp(d->prec, "place") || !strcmp(d->prec, "near")) return (int32_t)k;
  }
  return -1;
}

/* the tokens an event's setting spans: its clause, and the clause above a tail */
static void setting(const cdoc *c, int32_t k, uint32_t *b, uint32_t *e) {
  const sr_chunk *x = &c->p.ch[k];
  const sr_clause *cl = x->clause >= 0 ? &c->p.cl[x->clause] : NULL;
  const sr_sentence *s = &c->t->sent[x->sent];
  *b = cl ? cl->b : s->tok_begin, *e = cl ? cl->e : s->tok_end;
  if (cl && cl->parent >= 0 && (cl->kind == SR_CL_PART || cl->kind == SR_CL_COORD || cl->kind == SR_CL_INF)) {
    const sr_clause *pc = &c->p.cl[cl->parent];
    if (pc->b < *b) *b = pc->b;
    if (pc->e > *e) *e = pc->e;
  }
}

static int town(const dplace *d) { return !strcmp(d->prec, "place") || !strcmp(d->prec, "near"); }

/* is token tok in clause cl or in a clause above it? (not in a clause beside it: "at Deir
 * Ezzor they attack ..., while at Suweida they withdraw") */
static int in_scope(const cdoc *c, uint32_t tok, int32_t cl) {
  int32_t tc = c->p.clause_of[tok];
  /* "wounded six people waiting for aid near Rafah": a participle or relative clause on a
   * phrase of the verb's clause says where its people or things were */
  if (tc >= 0 && cl >= 0 && c->p.cl[tc].parent == cl && (c->p.cl[tc].kind == SR_CL_PART || c->p.cl[tc].kind == SR_CL_REL) &&
      c->p.cl[tc].anchor >= 0 && c->p.ch[c->p.cl[tc].anchor].clause == cl)
    return 1;
  for (int guard = 0; cl >= 0 && guard < 16; cl = c->p.cl[cl].parent, guard++)
    if (tc == cl) return 1;
  return 0;
}

int32_t cd_event_place(cdoc *c, int32_t k, int32_t src_np, int moving) {
  if (!c->npl) return -1;
  const sr_chunk *v = &c->p.ch[k];
  uint32_t cb, ce;
  setting(c, k, &cb, &ce);
  /* "crowds in Shahba blocked the road": a place right after the subject */
  if (src_np >= 0 && !moving) {
    uint32_t q = c->p.ch[src_np].e;
    if (q + 1 < c->t->ntok && (cd_is(c, q, "in") || cd_is(c, q, "at"))) {
      int32_t p = place_at(c, q + 1);
      if (p >= 0 && c->pl[p].ok) return p;
    }
  }
  int anaphor = 0; /* "took over the town": a town named before */
  for (uint32_t i = v->e; i + 1 < ce && i < v->e + 6; i++)
    if (cd_is(c, i, "the") && (cd_is(c, i + 1, "town") || cd_is(c, i + 1, "city") || cd_is(c, i + 1, "village") ||
                               cd_is(c, i + 1, "camp") || cd_is(c, i + 1, "base") || cd_is(c, i + 1, "area"))) {
      if (!(i + 2 < ce && cd_is(c, i + 2, "of"))) anaphor = 1;
      break;
    }
  int32_t best = -1;
  uint32_t bd = 0xffffffff;
  for (uint32_t i = cb; i < ce; i++) {
    int32_t p = place_at(c, i);
    if (p < 0 || c->pl[p].b != i) continue;
    const dplace *d = &c->pl[p];
    if (!d->ok || speaker_place(c, i) || !in_scope(c, i, v->clause)) continue;
    uint32_t d0 = i >= v->e ? i - v->e : v->b - d->e + 1;
    if (i >= 2 && (cd_is(c, i - 1, "reach") || cd_is(c, i - 2, "reach"))) d0 += 50;
    if (i >= 1 && (cd_is(c, i - 1, "towards") || cd_is(c, i - 1, "toward"))) d0 += 20;
    if (i >= 2 && (cd_is(c, i - 1, "for") || cd_is(c, i - 1, "to")) &&
        (cd_is(c, i - 2, "heading") || cd_is(c, i - 2, "bound") || cd_is(c, i - 2, "headed") || cd_is(c, i - 2, "route")))
      d0 += 100; /* "troops heading for Lashio were ambushed near Hsipaw" */
    if (i < v->b) d0 += 30; /* a place after the verb first */
    if (moving && dest_before(c, i)) continue; /* "withdrew ... toward Al Susah": not there */
    if (anaphor && i < v->b && !town(d)) d0 += 60;
    if (d->container) d0 += 40; /* "the airport of Juliaca, Puno": Puno only says where Juliaca is */
    if (d->road) d0 += 200;     /* "on the Kabul-Kandahar highway near Ghazni": the road's ends last */
    if (!strcmp(d->prec, "country")) d0 += 24; /* "in Yemen's al-Bayda province": the finer place */
    else if (!strcmp(d->prec, "admin1")) d0 += 12;
    if (d0 < bd) bd = d0, best = p;
  }
  if (best >= 0) return best;
  if (anaphor) {
    int32_t t = recent_town(c, v->b, c->t->sent[v->sent].para);
    if (t >= 0) return t;
  }
  /* same sentence: the nearest town before the verb, else the nearest place */
  int32_t tw = -1, any = -1;
  uint32_t dt = 0xffffffff, da = 0xffffffff;
  for (uint32_t p = 0; p < c->npl; p++) {
    const dplace *d = &c->pl[p];
    if (!d->ok || d->sent != v->sent) continue;
    if (d->b >= 2 && (cd_is(c, d->b - 1, "reach") || cd_is(c, d->b - 2, "reach"))) continue;
    if (speaker_place(c, d->b) || (moving && dest_before(c, d->b))) continue;
    uint32_t dist = d->b < v->b ? v->b - d->b : d->b - v->e + 20;
    if (d->container) dist += 40; /* the finer place it contains first */
    if (d->road) dist += 200;
    if (dist < da) da = dist, any = (int32_t)p;
    if (town(d) && dist < dt) dt = dist, tw = (int32_t)p;
  }
  if (tw >= 0) return tw;
  if (any >= 0) return any;
  /* the latest earlier sentence of the paragraph that names a place (its first town, else its
   * first place), then the same over the document */
  uint32_t para = c->t->sent[v->sent].para;
  for (int pass = 0; pass < 2; pass++) {
    int32_t sent_seen = -1, first_any = -1, first_town = -1;
    for (uint32_t p = c->npl; p-- > 0;) {
      const dplace *d = &c->pl[p];
      if (!d->ok || d->sent >= v->sent || speaker_place(c, d->b)) continue;
      if (pass == 0 && d->para != para) continue;
      if (pass == 1 && !strcmp(d->prec, "country")) continue;
      if (sent_seen >= 0 && (int32_t)d->sent != sent_seen) break;
      sent_seen = (int32_t)d->sent;
      first_any = (int32_t)p;
      if (town(d)) first_town = (int32_t)p;
    }
    if (first_town >= 0) return first_town;
    if (first_any >= 0) return first_any;
  }
  /* any place of the document but where a speaker sits ("..., Ankara said") */
  for (uint32_t p = 0; p < c->npl; p++)
    if (c->pl[p].ok && !place_says(c, c->pl[p].b)) return (int32_t)p;
  return -1;
}

/* "X, one of the last Islamic State strongholds", "X, an IS bastion", "X, held by the rebels":
 * the NP that names whoever holds place p; -1 when none is named */
int32_t cd_place_holder(cdoc *c, int32_t place) {
  const dplace *d = &c->pl[place];
  int32_t k = c->p.chunk_of[d->b];
  if (k < 0 || c->p.ch[k].kind != SR_CH_NP) return -1;
  const npinfo *n = &c->np[k];
  if (n->owner >= 0) return n->owner; /* "X, held by the rebels" (a reduced relative) */
  if (n->ref.kind != RK_NONE && n->ref.adj == 2) return k; /* "army-held Wad Madani" */
  int32_t a = c->p.ch[k].appos;
  if (a < 0) return -1;
  if (c->np[a].owner >= 0) return c->np[a].owner; /* "X, a city that Ukrainian troops had defended" */
  if (c->np[a].hc == HC_QUANT && c->np[a].ofc >= 0) a = c->np[a].ofc; /* "one of the last ... strongholds" */
  const sr_chunk *y = &c->p.ch[a];
  if (!(cd_is(c, y->head, "stronghold") || cd_is(c, y->head, "strongholds") || cd_is(c, y->head, "bastion") ||
        cd_is(c, y->head, "bastions") || cd_is(c, y->head, "redoubt") || cd_is(c, y->head, "heartland")))
    return -1;
  if (c->np[a].ofc >= 0) return c->np[a].ofc; /* "the last stronghold of al-Shabaab" */
  return c->np[a].ref.kind != RK_NONE ? a : -1;
}

/* "pounded Kafr Nabl and Hish", "shelled A, B and C": each place of an unbroken list after
 * the verb gets the events of [first, nce) again */
void cd_place_list(cdoc *c, uint32_t first, int32_t k) {
  if (first >= c->nce) return;
  int32_t place = c->ce[first].place;
  const sr_chunk *v = &c->p.ch[k];
  if (place < 0 || c->pl[place].sent != v->sent || c->pl[place].b < v->e) return;
  uint32_t cb, ce;
  setting(c, k, &cb, &ce);
  uint32_t list_end = c->pl[place].e, nsrc = c->nce;
  for (uint32_t i = list_end; i < ce; i++) {
    int32_t p = place_at(c, i);
    if (p < 0 || p == place || c->pl[p].b != i || !c->pl[p].ok) continue;
    if (c->pl[p].container) break; /* "near Sukhnah, Homs province": no list */
    if (place_says(c, i)) break;  /* "in Nabatieh, Jerusalem said": the speaker ends it */
    for (uint32_t q = list_end; q < i; q++)
      if (!(cd_is(c, q, "and") || cd_is(c, q, "or") || cd_punct(c, q, ','))) return;
    list_end = c->pl[p].e;
    for (uint32_t e = first; e < nsrc && e < first + 8; e++) {
      cevent b = c->ce[e];
      if (b.place != place) continue;
      cd_add_event(c, b.chunk, b.trig, b.src, b.tgt, b.src_np, b.tgt_np, b.cameo, p, b.conf, b.why);
    }
    i = list_end - 1;
  }
}

/* ---- statements and visits */

/* is clause tc the act's clause, one above it, or a participle or attribution beside it
 * ("Speaking in Port Sudan, X rejected", "X praised Y, speaking during a stop in Nairobi",
 * "..., the ministry in Tokyo said") */
static int statement_clause(const cdoc *c, int32_t tc, int32_t vc) {
  for (int32_t cl = vc, g = 0; cl >= 0 && g < 16; cl = c->p.cl[cl].parent, g++) {
    if (tc == cl) return 1;
    if (tc >= 0 && c->p.cl[tc].parent == cl && c->p.cl[tc].anchor < 0 &&
        (c->p.cl[tc].kind == SR_CL_PART || c->p.cl[tc].kind == SR_CL_ATTRIB))
      return 1;
  }
  return 0;
}

/* does the place phrase pk set the act k? "in/at X" in the act's clause or beside it, not
 * what the act is about ("on the war in Ukraine", "a pause around El Fasher", "for refugees
 * in the east") */
static int statement_setting(const cdoc *c, int32_t pk, int32_t k, int visit) {
  const sr_chunk *x = &c->p.ch[pk];
  if (x->prep < 0) return 0;
  uint32_t pr = (uint32_t)x->prep;
  int in = cd_is(c, pr, "in") || cd_is(c, pr, "at"), to = cd_is(c, pr, "to");
  if (!in && !(visit && to)) return 0;
  if (!statement_clause(c, x->clause, c->p.ch[k].clause)) return 0;
  int32_t at = x->attach;
  for (int up = 0; at >= 0 && up < 4; up++) {
    const sr_chunk *y = &c->p.ch[at];
    /* "urged the Taliban government in Kabul": where the addressee is, not the speaker (a
     * visit or meeting is where the one visited is) */
    if (!visit && y->kind == SR_CH_NP && y->prep < 0 && at == c->p.ch[k].obj && c->np[at].hc == HC_ACTOR) return 0;
    if (y->kind == SR_CH_VG || at == k || y->prep < 0) break;
    uint32_t q = (uint32_t)y->prep;
    if (cd_is(c, q, "on") && !(cd_is(c, y->head, "sidelines") || cd_is(c, y->head, "margins"))) return 0;
    if (cd_is(c, q, "about") || cd_is(c, q, "over") || cd_is(c, q, "for") || cd_is(c, q, "around") ||
        cd_is(c, q, "against") || cd_is(c, q, "regarding") || cd_is(c, q, "towards") || cd_is(c, q, "into"))
      return 0;
    at = y->attach;
  }
  return 1;
}

int32_t cd_statement_place(cdoc *c, int32_t k, int32_t src_np, int visit) {
  const sr_chunk *v = &c->p.ch[k];
  int32_t best = -1;
  uint32_t bd = 0xffffffff;
  for (uint32_t p = 0; p < c->npl; p++) {
    const dplace *d = &c->pl[p];
    if (!d->ok || d->sent != v->sent || !strcmp(d->prec, "country")) continue;
    int32_t pk = c->p.chunk_of[d->b];
    if (pk < 0 || c->p.ch[pk].kind != SR_CH_NP) continue;
    if (!statement_setting(c, pk, k, visit) && !speaker_place(c, d->b)) continue;
    (void)src_np;
    uint32_t dist = d->b > v->b ? d->b - v->b : v->b - d->b;
    if (dist < bd) bd = dist, best = (int32_t)p;
  }
  return best;
}

/* the country of actor a: a state's, else its theatre's ("" when it has none) */
const char *cd_actor_cc(const cdoc *c, int32_t a) {
  if (a < 0) return "";
  int32_t ci = sr_lex_actor_state(c->lx, a);
  if (ci >= 0) return sr_lex_country_at(c->lx, (uint32_t)ci)->cc;
  const sr_lex_actor *x = sr_lex_actor_at(c->lx, (uint32_t)a);
  return x ? x->cc : "";
}
