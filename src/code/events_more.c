/* events_more.c - what an event frame adds beyond one source and one target:
 *   targets the text implies    a pattern's own ("break up a protest": protesters), whom a
 *                               protest is against, the holder of a place attacked ("an
 *                               assault on X, an IS stronghold"), the side that lost a
 *                               captured town, a posture's adversary ("massed ... against X")
 *   more events of one act      symmetric acts ("exchanged fire": both ways), compound
 *                               subjects ("X and Y attacked": one each), members ("X,
 *                               including Y,"), supporting forces ("backed by X"), compound
 *                               targets, a list of places ("shelled A, B and C")
 *   sources told by a party     "Kyiv said reinforcements had been deployed": Kyiv's own
 */
#include "code_internal.h"

static int32_t code_id(const cdoc *c, const char *code) { return sr_lex_actor_by_code(c->lx, code); }

/* the speaker of the clause a trigger is reported in ("X said ... had been deployed") */
int32_t cd_told_by(cdoc *c, int32_t k, int root, int32_t place) {
  const sr_chunk *x = &c->p.ch[k];
  for (int32_t ci = x->clause; ci >= 0; ci = c->p.cl[ci].parent) {
    const sr_clause *cl = &c->p.cl[ci];
    if (cl->kind != SR_CL_COMP && cl->kind != SR_CL_MAIN) continue;
    /* the verb of saying that governs this clause, or an attribution after it */
    uint32_t cf = c->p.sent_ch[x->sent], ce = c->p.sent_ch[x->sent + 1];
    for (uint32_t j = cf; j < ce; j++) {
      const sr_chunk *v = &c->p.ch[j];
      if (v->kind != SR_CH_VG || c->trig[j] < 0 || c->lm[c->trig[j]].act->act != SR_ACT_SAY || v->subj < 0) continue;
      if (cl->kind == SR_CL_COMP && v->clause != cl->parent) continue;
      int32_t a = cd_resolve_in(c, v->subj, root, 0, -1, place, 0);
      uint8_t kd = cd_actor_kind(c, a);
      if (a >= 0 && kd != SR_KIND_MEDIA && kd != SR_KIND_CIV && kd != SR_KIND_UNKNOWN) return a;
    }
    break;
  }
  return -1;
}

/* is NP j part of the subject of verb k (its compound, its supporters: the same side)? */
static int same_side(const cdoc *c, int32_t j, int32_t k) {
  int32_t s = c->p.ch[k].kind == SR_CH_VG ? c->p.ch[k].subj : -1;
  int32_t s0 = s;
  for (int n = 0; s >= 0 && n < 8; s = c->p.ch[s].conj, n++) {
    if (s == j) return 1;
    if (c->p.ch[s].kind != SR_CH_NP) break;
  }
  /* "fighters ..., backed by Turkish drones, pushed into X": the supporters */
  int32_t sup[8];
  int ns = s0 >= 0 ? cd_supporters(c, k, s0, sup, 8) : 0;
  for (int q = 0; q < ns; q++)
    if (sup[q] == j) return 1;
  return 0;
}

/* the actor NP j stands for as resolved so far (or as named), -1 */
static int32_t np_actor(const cdoc *c, uint32_t j) {
  const npinfo *n = &c->np[j];
  return n->resolved >= 0 ? n->resolved : n->ref.kind == RK_NAMED ? n->ref.actor : -1;
}

/* actor a is named by the subject of verb k, one of its conjuncts or its supporters */
static int on_own_side(cdoc *c, int32_t k, int32_t a) {
  uint32_t sent = c->p.ch[k].sent;
  for (uint32_t j = c->p.sent_ch[sent]; j < c->p.sent_ch[sent + 1]; j++)
    if (c->p.ch[j].kind == SR_CH_NP && c->np[j].hc == HC_ACTOR && same_side(c, (int32_t)j, k) && np_actor(c, j) == a)
      return 1;
  return 0;
}

/* the nearest armed actor named in the document other than a (not its partners in the act) */
static int32_t other_party(cdoc *c, int32_t a, int32_t k, int sent_only) {
  int32_t best = -1;
  uint32_t bd = 0xffffffff;
  for (uint32_t j = 0; j < c->p.nch; j++) {
    if (sent_only && c->p.ch[j].sent != c->p.ch[k].sent) continue;
    if (c->p.ch[j].kind != SR_CH_NP || c->np[j].hc != HC_ACTOR || c->np[j].speaker) continue;
    if (same_side(c, (int32_t)j, k)) continue;
    /* "The offensive, backed by coalition air strikes, ...": a backer is nobody's loser */
    if ((sent_only || c->p.ch[j].sent != c->p.ch[k].sent) && cd_ally_np(c, (int32_t)j)) continue;
    int32_t b = np_actor(c, j);
    if (b < 0 || b == a) continue;
    uint8_t kd = cd_actor_kind(c, b);
    if (!(cd_nonstate_armed(kd) || kd == SR_KIND_STATE_MIL)) continue;
    uint32_t d = j > (uint32_t)k ? j - (uint32_t)k : (uint32_t)k - j;
    if (d < bd) bd = d, best = b;
  }
  return best;
}

static int32_t place_forces(const cdoc *c, int32_t place, int32_t not) {
  if (place < 0) return -1;
  int32_t ki = sr_lex_country_by_cc(c->lx, c->pl[place].cc);
  const sr_lex_country *k = ki >= 0 ? sr_lex_country_at(c->lx, (uint32_t)ki) : NULL;
  /* (a place of the Gaza Strip is taken from Hamas: data held= in countries.txt) */
  int32_t h = k && k->held >= 0 ? k->held : k ? k->mil : -1;
  return h >= 0 && h != not ? h : -1;
}

/* the first NP after chunk k in its sentence, whose actor passes the test; after "against"
 * (or "on" once a noun trigger has come) when prep_only */
static int32_t actor_after(cdoc *c, int32_t k, int root, int32_t src, int32_t place, int prep_only) {
  const sr_chunk *x = &c->p.ch[k];
  uint32_t ce = c->p.sent_ch[x->sent + 1];
  int after_noun = x->kind == SR_CH_NP;
  for (uint32_t j = (uint32_t)k + 1; j < ce; j++) {
    const sr_chunk *y = &c->p.ch[j];
    if (y->kind == SR_CH_NP && c->np[j].hc == HC_EVENT) after_noun = 1;
    if (y->kind != SR_CH_NP || c->np[j].speaker) continue;
    /* "marched ... to denounce the army's takeover": another verb's phrases are its own */
    if (y->clause != x->clause && y->clause >= 0 && c->p.cl[y->clause].vg >= 0 && c->p.cl[y->clause].vg < (int32_t)j)
      break;
    if (prep_only && !(y->prep >= 0 && (cd_is(c, (uint32_t)y->prep, "against") ||
                                        (after_noun && cd_is(c, (uint32_t)y->prep, "on")))))
      continue;
    if (c->np[j].hc != HC_ACTOR) continue;
    int32_t a = cd_resolve_in(c, (int32_t)j, root, 1, src, place, 0);
    uint8_t kd = cd_actor_kind(c, a);
    if (a >= 0 && a != src && kd != SR_KIND_CIV && kd != SR_KIND_PROTEST && kd != SR_KIND_MEDIA &&
        strcmp(cd_actor_code(c, a), "UNKNOWN"))
      return a;
    if (prep_only) return -1;
  }
  return -1;
}

/* "marched to demand the departure of the UN mission", "protested, demanding the resignation
 * of the government": whom a protest's demand is against */
static int32_t protest_aim(cdoc *c, int32_t k, int32_t src, int32_t place) {
  const sr_chunk *x = &c->p.ch[k];
  uint32_t ce = c->p.sent_ch[x->sent + 1];
  for (uint32_t j = (uint32_t)k + 1; j < ce && j < (uint32_t)k + 8; j++) {
    const sr_chunk *v = &c->p.ch[j];
    if (v->kind != SR_CH_VG) continue;
    const sr_clause *cl = v->clause >= 0 ? &c->p.cl[v->clause] : NULL;
    if (!cl || cl->vg != (int32_t)j || (cl->kind != SR_CL_INF && cl->kind != SR_CL_PART)) return -1;
    int32_t t = c->trig[j];
    if (t < 0) return -1;
    int32_t o = v->obj;
    if (!strncmp(c->lm[t].act->cameo, "14", 2)) { /* "marched to protest against X" */
      int32_t pp = cd_target_pp(c, (int32_t)j, 0);
      if (pp >= 0) o = pp;
    } else if (strncmp(c->lm[t].act->cameo, "10", 2)) {
      return -1;
    }
    if (o < 0) return -1;
    if (c->np[o].hc != HC_ACTOR && c->np[o].ofc >= 0) o = c->np[o].ofc; /* "the departure of X" */
    int32_t a = cd_resolve_in(c, o, 14, 1, src, place, 0);
    /* "the release of activists held by the army": against those who hold them */
    if (cd_actor_kind(c, a) == SR_KIND_CIV && c->np[o].owner >= 0) a = cd_resolve_in(c, c->np[o].owner, 14, 1, src, place, 0);
    return a;
  }
  return -1;
}

int32_t cd_default_target(cdoc *c, int32_t k, int32_t t, const char **cameo, int32_t src, int32_t tgt, int32_t tgt_np,
                          int32_t place) {
  const sr_lex_action *a = c->lm[t].act;
  int root = cd_root(*cameo);
  if (tgt < 0 && a->target >= 0) tgt = a->target; /* "break up a protest" */
  if (tgt < 0 && root == 14) tgt = protest_aim(c, k, src, place);
  if (tgt < 0 && root == 14) tgt = actor_after(c, k, root, src, place, 0);
  if (tgt < 0 && root == 15) tgt = actor_after(c, k, root, src, place, 1);
  /* "stormed the rebel-held village", "overran army-held Wad Madani": a ground assault is on
   * the side that holds the place; a strike on it hits the place */
  if (tgt < 0 && (root == 19 || root == 18) && (cd_wf(c, c->p.ch[k].head) & SR_W_ASSAULT)) {
    tgt = cd_holder(c, tgt_np, root, src, place);
    if (tgt < 0 && place >= 0) tgt = cd_holder(c, c->p.chunk_of[c->pl[place].b], root, src, place);
  }
  if (tgt < 0 && root == 19 && place >= 0 && tgt_np < 0) {
    int32_t h = cd_place_holder(c, place);
    if (h >= 0) tgt = cd_resolve_in(c, h, root, 1, src, place, 0);
  }
  /* "Taliban fighters overran the centre of Kunduz after Afghan police fell back": a ground
   * assault on a place is on the other armed side its sentence names */
  if (tgt < 0 && root == 19 && (cd_wf(c, c->p.ch[k].head) & SR_W_ASSAULT) && tgt_np >= 0 &&
      !c->t->sent[c->p.ch[k].sent].headline && src >= 0 && strcmp(cd_actor_code(c, src), "UNKNOWN") &&
      c->p.ch[tgt_np].kind == SR_CH_NP && (c->np[tgt_np].hc == HC_PLACE || c->np[tgt_np].ofc >= 0 ||
                                            (cd_wf(c, c->p.ch[tgt_np].head) & SR_W_LOCNOUN)))
    tgt = other_party(c, src, k, 1);
  if (!strncmp(*cameo, "192", 3)) {
    uint8_t kd = cd_actor_kind(c, tgt);
    if (kd == SR_KIND_CIV || kd == SR_KIND_PROTEST) tgt = -1; /* "entered the city to cheering crowds" */
    if (tgt < 0) tgt = other_party(c, src, k, 0);
    if (tgt < 0 && cd_nonstate_armed(cd_actor_kind(c, src))) tgt = place_forces(c, place, src);
    /* "Ukrainian troops took full control of Sudzha" (in Russia): a state's forces taking a
     * town of another state take it from that state's forces */
    if (tgt < 0 && cd_actor_kind(c, src) == SR_KIND_STATE_MIL && place >= 0 && strcmp(cd_actor_cc(c, src), c->pl[place].cc))
      tgt = place_forces(c, place, src);
  }
  /* "Indian soldiers returned fire", "the dissidents fought back": the side that struck first */
  if (tgt < 0 && root >= 18 && root <= 20 && src >= 0) {
    const sr_chunk *x = &c->p.ch[k];
    for (uint32_t i = c->nce; i-- > 0;) {
      const cevent *e = &c->ce[i];
      if (e->dead || e->para != c->t->sent[x->sent].para || e->sent + 1 < x->sent) break;
      if (cd_violent(e->cameo) && e->tgt == src && e->src != src) {
        tgt = e->src;
        break;
      }
    }
  }
  if (tgt >= 0 && cd_actor_kind(c, tgt) == SR_KIND_MEDIA) tgt = -1;
  /* "Hezbollah fighters and Syrian army units seized Qusayr": the state whose town it is may be
   * one of the takers, never their target */
  if (tgt >= 0 && !strncmp(*cameo, "192", 3) && c->p.ch[k].kind == SR_CH_VG && !(c->p.ch[k].feat & SR_VG_PASSIVE) &&
      !(a->flags & SR_AF_REV) && on_own_side(c, k, tgt))
    tgt = -1;
  if (tgt >= 0 && root >= 18 && !strcmp(cd_actor_code(c, tgt), "PROTESTERS")) *cameo = "175"; /* lethal force on protesters */
  return tgt == src ? -1 : tgt;
}

/* "artillery", "troops", "warplanes": a role word with nothing naming its side */
static int bare_agent(const cdoc *c, int32_t j) {
  const npinfo *n = &c->np[j];
  return n->hc == HC_ACTOR && n->ref.kind == RK_AGENT && n->owner < 0 && n->ofc < 0 && n->ref.role != SR_ROLE_CIV &&
         n->ref.role != SR_ROLE_PROTEST;
}

/* "allied Syrian fighters", "allied separatist militias": a conjunct described only as the first
 * party's allies (no name of its own) folds into it */
static int unnamed_ally(const cdoc *c, int32_t j) {
  const sr_chunk *x = &c->p.ch[j];
  if (c->np[j].ref.kind == RK_NAMED) return 0;
  for (uint32_t i = x->b; i < x->head; i++)
    if (cd_is(c, i, "allied")) return 1;
  return 0;
}

/* ---- more events of one act */

static void also(cdoc *c, const cevent *base, int32_t src, int32_t tgt, int32_t src_np, int32_t tgt_np) {
  if (src < 0 || src == tgt) return;
  for (uint32_t i = 0; i < c->nce; i++) { /* the same pair told twice by one act */
    const cevent *e = &c->ce[i];
    if (e->chunk == base->chunk && e->src == src && e->tgt == tgt && e->place == base->place) return;
  }
  cevent b = *base;
  uint32_t n0 = c->nce;
  cd_add_event(c, b.chunk, b.trig, src, tgt, src_np, tgt_np, b.cameo, b.place, b.conf, b.why);
  if (c->nce == n0) return;
  c->ce[c->nce - 1].parent = -1;
  /* a statement with no place of its own is in its (new) source's country */
  if (b.place < 0 && b.cc[0]) snprintf(c->ce[c->nce - 1].cc, 3, "%s", src == base->src ? b.cc : cd_actor_cc(c, src));
}

void cd_more_events(cdoc *c, uint32_t first, int32_t k, const sr_lex_action *a, int32_t src_np, int32_t tgt_np, int passive) {
  cevent base = c->ce[first];
  int root = cd_root(base.cameo);
  if (root >= 6 && root <= 8 && cd_military_code(base.cameo)) root = 15; /* resolved as a military act */
  int sym = (a->flags & SR_AF_SYM) != 0, pair = (a->flags & SR_AF_PAIR) != 0;
  /* "exchanged fire": both ways */
  if (sym && base.tgt >= 0) also(c, &base, base.tgt, base.src, tgt_np, src_np);
  /* "Ethiopian and Eritrean troops shelled", "Indian and Pakistani troops exchanged fire" */
  if (src_np >= 0 && c->p.ch[src_np].kind == SR_CH_NP && c->np[src_np].ref2.kind == RK_STATE && !passive) {
    const aref *r2 = &c->np[src_np].ref2;
    const sr_lex_country *co = sr_lex_country_at(c->lx, (uint32_t)r2->country);
    int32_t o = co ? ((r2->role == SR_ROLE_GOV || root <= 13) && co->gov >= 0 ? co->gov : co->mil) : -1;
    if (o >= 0 && o != base.src) {
      if ((sym || pair) && (base.tgt < 0 || base.tgt == o)) {
        c->ce[first].tgt = o;
        also(c, &base, o, base.src, src_np, src_np);
      } else {
        also(c, &base, o, base.tgt, src_np, tgt_np);
      }
    }
  }
  /* compound subject: "Hezbollah and the Syrian army attacked" */
  if (src_np >= 0 && c->p.ch[src_np].kind == SR_CH_NP) {
    for (int32_t j = c->p.ch[src_np].conj, n = 0; j >= 0 && n < 8; j = c->p.ch[j].conj, n++) {
      if (c->p.ch[j].kind != SR_CH_NP || c->np[j].speaker) break;
      if (j == tgt_np) break; /* "between X and Y": the pair is source and target already */
      /* "government troops and their allies", "Turkish jets and artillery": allies and bare
       * role words fold into the first party */
      if (c->np[j].ref.kind == RK_PRON || bare_agent(c, j) || unnamed_ally(c, j)) continue;
      int32_t o = cd_resolve_in(c, j, root, passive, base.tgt, base.place, 0);
      if (o < 0 || o == base.src || !strcmp(cd_actor_code(c, o), "UNKNOWN")) continue; /* "allied militias" fold in */
      if (passive) { /* "X and Y were attacked by Z" */
        also(c, &base, base.src, o, base.src_np, j);
        continue;
      }
      if ((sym || pair) && (base.tgt < 0 || base.tgt == o)) { /* "X and Y clashed / met": each with the other */
        c->ce[first].tgt = o;
        also(c, &base, o, base.src, j, src_np);
        continue;
      }
      also(c, &base, o, base.tgt, j, tgt_np);
    }
    if (!passive) {
      int32_t m[4];
      int nm = cd_members(c, src_np, m, 4);
      for (int i = 0; i < nm; i++) {
        int32_t o = cd_resolve_in(c, m[i], root, 0, base.tgt, base.place, 0);
        if (o >= 0 && strcmp(cd_actor_code(c, o), "UNKNOWN")) also(c, &base, o, base.tgt, m[i], tgt_np);
      }
      /* (words have no supporting force: "accuses them of fighting alongside the M23" is
       * Kinshasa's accusation alone) */
      int32_t s[4];
      int ns = root >= 14 || root == 6 || root == 8 ? cd_supporters(c, k, src_np, s, 4) : 0;
      for (int i = 0; i < ns; i++) {
        if (bare_agent(c, s[i])) continue; /* "backed by warplanes": its own side's */
        int32_t o = cd_resolve_in(c, s[i], root, 0, base.tgt, base.place, 0);
        if (o >= 0 && o != base.tgt && strcmp(cd_actor_code(c, o), "UNKNOWN")) also(c, &base, o, base.tgt, s[i], tgt_np);
      }
    }
  }
  /* compound target: "attacked X and Y", "killed a commander together with his wife"; a thing
   * held by several: "a camp that houses Malian soldiers and Africa Corps fighters" */
  if (tgt_np >= 0 && c->p.ch[tgt_np].kind == SR_CH_NP && c->np[tgt_np].hc != HC_ACTOR && c->np[tgt_np].owner >= 0 &&
      c->p.ch[c->np[tgt_np].owner].kind == SR_CH_NP)
    tgt_np = c->np[tgt_np].owner;
  if (tgt_np >= 0 && c->p.ch[tgt_np].kind == SR_CH_NP) {
    for (int32_t j = c->p.ch[tgt_np].conj, n = 0; j >= 0 && n < 8; j = c->p.ch[j].conj, n++) {
      if (c->p.ch[j].kind != SR_CH_NP) break;
      int32_t o = cd_resolve_in(c, j, root, 1, base.src, base.place, 0);
      if (o >= 0 && o != base.tgt) also(c, &base, base.src, o, src_np, j);
    }
    static const char *const WITH[] = {"with", NULL};
    int32_t w = cd_pp_after(c, tgt_np, WITH, 1);
    if (w >= 0 && (uint32_t)c->p.ch[w].prep > 0 &&
        (cd_is(c, (uint32_t)c->p.ch[w].prep - 1, "together") || cd_is(c, (uint32_t)c->p.ch[w].prep - 1, "along"))) {
      int32_t o = cd_resolve_in(c, w, root, 1, base.src, base.place, 0);
      if (o >= 0 && o != base.tgt) also(c, &base, base.src, o, src_np, w);
    }
  }
  cd_place_list(c, first, k);
  (void)code_id;
}
