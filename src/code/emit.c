/* emit.c - event records (sr_event) from the surviving event candidates: theatre codes
 * ("Islamic State" in Nigeria is ISWAP, al-Qaeda in Yemen AQAP, US forces in Syria the
 * coalition), the location (the event's place, else the focus country's point), the CAMEO
 * -> PLOVER/ACLED mapping and, with --explain, the rule and place traces.
 */
#include "code_internal.h"

/* Theatre names: bare "al-Qaeda" is AQAP in Yemen and JNIM in the Sahel; US forces in Syria and
 * Iraq are the coalition, the UN mission in DR Congo is MONUSCO ... */
int32_t cd_theatre_actor(const cdoc *c, int32_t a, const char *cc, int groups_only) {
  if (a < 0 || !cc || !cc[0]) return a;
  static const struct { const char *from, *cc, *to; } R[] = {
      {"ALQAEDA", "YE", "AQAP"},  {"ALQAEDA", "ML", "JNIM"},        {"ALQAEDA", "BF", "JNIM"},
      {"ALQAEDA", "NE", "JNIM"},  {"ALQAEDA", "SO", "ALSHABAAB"},   {"UN", "CD", "MONUSCO"},
      {"UN", "LB", "UNIFIL"},     {"AU", "SO", "ATMIS"},            {"SNA", "SO", "SOMGOV"},
      {"UN", "SO", "ATMIS"},      {"UN", "ML", "MINUSMA"},
      {"USCOALITION", "YE", "SAUCOALITION"}, {"USCOALITION", "SA", "SAUCOALITION"},
      {"USMIL", "SY", "USCOALITION"}, {"USMIL", "IQ", "USCOALITION"},
      /* Ugandan and Burundian troops in Somalia serve in the African Union mission */
      {"UGAMIL", "SO", "ATMIS"},  {"BDIMIL", "SO", "ATMIS"},
      /* Islamic State's provinces: "Islamic State" in a theatre is its local branch */
      {"ISIS", "CD", "ADF"},      {"ISIS", "UG", "ADF"},            {"ISIS", "NG", "ISWAP"},
      {"ISIS", "CM", "ISWAP"},    {"ISIS", "TD", "ISWAP"},          {"ISIS", "ML", "ISSAHEL"},
      {"ISIS", "BF", "ISSAHEL"},  {"ISIS", "NE", "ISSAHEL"},        {"ISIS", "AF", "ISKP"},
      {"ISIS", "PK", "ISKP"}};
  const char *code = cd_actor_code(c, a);
  if (groups_only && strcmp(code, "ISIS") && strcmp(code, "ALQAEDA")) return a;
  for (size_t r = 0; r < sizeof R / sizeof R[0]; r++)
    if (cc[0] == R[r].cc[0] && cc[1] == R[r].cc[1] && !cc[2] && !strcmp(code, R[r].from)) {
      int32_t to = sr_lex_actor_by_code(c->lx, R[r].to);
      return to >= 0 ? to : a;
    }
  return a;
}

/* The actor acting in a's name on day `day`: a state's government and forces taken over by
 * another actor are that actor from the day it took them (data: after=CODE@DATE) */
int32_t cd_successor(const cdoc *c, int32_t a, int32_t day) {
  const sr_lex_actor *x = a >= 0 ? sr_lex_actor_at(c->lx, (uint32_t)a) : NULL;
  if (!x || !x->after || day < x->after_since) return a;
  int32_t to = sr_lex_actor_by_code(c->lx, sr_lex_str(c->lx, x->after));
  return to >= 0 ? to : a;
}

static int mob(const cdoc *c, int32_t np) {
  if (np < 0 || c->p.ch[np].kind != SR_CH_NP) return 0;
  for (uint32_t i = c->p.ch[np].b; i < c->p.ch[np].e; i++)
    if (cd_wf(c, i) & SR_W_MOB) return 1;
  return 0;
}

static void actor_ref(const cdoc *c, int32_t a, sr_actor_ref *r) {
  const sr_lex_actor *x = sr_lex_actor_at(c->lx, (uint32_t)a);
  r->id = sr_lex_str(c->lx, x->code);
  r->name = sr_lex_str(c->lx, x->name);
  r->cameo = sr_lex_str(c->lx, x->cameo);
}

static void location(const cdoc *c, int32_t place, const char *cc, sr_event *e) {
  if (place >= 0) {
    const dplace *d = &c->pl[place];
    e->has_location = 1;
    e->location.name = d->name;
    e->location.lat = d->lat, e->location.lon = d->lon;
    memcpy(e->location.country, d->cc, 3);
    e->location.admin1 = d->admin1 ? d->admin1 : "";
    e->location.admin2 = d->p.admin2_name ? d->p.admin2_name : "";
    e->location.geonameid = d->geonameid;
    e->location.precision = d->prec;
    e->location.km_offset = d->km;
    e->location.bearing = d->bearing;
    return;
  }
  sr_place p;
  if (!cc || !cc[0]) cc = c->focus; /* a statement in its source's country, else the focus */
  if (c->gz && cc[0] && sr_gaz_country_point(c->gz, cc, &p) == 0) {
    e->has_location = 1;
    e->location.name = p.name;
    e->location.lat = p.lat, e->location.lon = p.lon;
    memcpy(e->location.country, p.cc, 3);
    e->location.admin1 = e->location.admin2 = "";
    e->location.geonameid = p.geonameid;
    e->location.precision = "country";
    e->location.km_offset = 0;
    e->location.bearing = -1;
  }
}

/* an armed group named by a communal identity: "armed herders", "clan militias", "Murle
 * raiders" (a capitalised word no dictionary knows before a word for armed men) */
static int identity_np(const cdoc *c, int32_t k) {
  static const char *const ARMED[] = {"militia", "militias", "militiamen", "raiders", "youth", "youths", "fighters", NULL};
  for (int hop = 0; hop < 4 && k >= 0 && c->p.ch[k].kind == SR_CH_NP; hop++, k = c->p.ch[k].conj) {
    const sr_chunk *x = &c->p.ch[k];
    for (uint32_t i = x->b; i < x->e; i++) {
      if (cd_wf(c, i) & SR_W_IDENTITY) return 1;
      if (i == x->b || !(c->t->tok[i - 1].flags & SR_TOK_CAP) || c->tokm[i - 1] != TK_NONE || c->tokp[i - 1]) continue;
      for (int w = 0; ARMED[w]; w++)
        if (cd_is(c, i, ARMED[w])) return 1;
    }
  }
  return 0;
}

static int emit_one(cdoc *c, const cevent *ce) {
  const char *cc = cd_event_cc(c, ce);
  int32_t src = cd_theatre_actor(c, ce->src, cc, 0), tgt = cd_theatre_actor(c, ce->tgt, cc, 0);
  /* a statement made elsewhere ("Biden vowed to hunt down" IS in a report on Kabul): the
   * report's theatre names the armed group's branch (not a mission: that is where it acts) */
  if (tgt == ce->tgt && c->focus[0]) tgt = cd_theatre_actor(c, ce->tgt, c->focus, 1);
  if (src == ce->src && c->focus[0]) src = cd_theatre_actor(c, ce->src, c->focus, 1);
  if (src < 0) return 0;
  int32_t day;
  int prec = 0, told = 0;
  cd_event_date_ex(c, ce, &day, &prec, &told);
  /* ... unless the successor would act on itself: an act between the two is the takeover's
   * ("Taliban fighters clashed with Afghan forces in Kabul" on the day the city fell) */
  if (day >= 0) {
    int32_t s2 = cd_successor(c, src, day), t2 = cd_successor(c, tgt, day);
    if (s2 != t2 || tgt < 0) src = s2, tgt = t2;
  }
  /* civilians do not withdraw, deploy, arrest or fight in this coding */
  const char *cameo = ce->cameo;
  if (cd_actor_kind(c, src) == SR_KIND_CIV && (cameo[0] == '0' || (cameo[0] == '1' && strchr("579", cameo[1]))) &&
      !(cameo[1] == '9' && mob(c, ce->src_np))) /* a mob's violence is a riot */
    return 0;
  if (tgt == src) tgt = -1;
  if (c->nev >= SR_CODE_MAX_EVENTS) return 0;
  if (c->nev == c->cev) {
    size_t nc = c->cev ? c->cev * 2 : 32;
    sr_event *n = sr_arena_alloc(c->a, nc * sizeof *n);
    if (!n) return SR_ENOMEM;
    if (c->nev) memcpy(n, c->ev, c->nev * sizeof *n);
    c->ev = n, c->cev = nc;
  }
  sr_event *e = &c->ev[c->nev++];
  memset(e, 0, sizeof *e);
  const sr_sentence *s = &c->t->sent[ce->sent];
  e->sent = ce->sent + 1;
  e->time_precision = prec, e->date_told = told;
  e->report_date = c->date;
  if (day >= 0) {
    char iso[11];
    cd_day_iso(day, iso);
    e->date = c->date && !strcmp(iso, c->date) ? c->date : sr_arena_strndup(c->a, iso, 10);
  }
  e->fatalities = ce->fatal;
  e->injured = ce->hurt;
  e->has_source = 1;
  actor_ref(c, src, &e->source);
  if (tgt >= 0) e->has_target = 1, actor_ref(c, tgt, &e->target);
  snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
  sr_cameo_map(e->cameo, &e->plover, NULL, NULL);
  cd_acled(c, ce, src, tgt, &e->acled, &e->acled_sub);
  e->disorder = sr_acled_disorder(e->acled, e->acled_sub);
  e->source.inter = cd_inter(c, src, cc, day);
  if (tgt >= 0) e->target.inter = cd_inter(c, tgt, cc, day);
  /* ACLED's actor 1 of a protest is the protesters, whoever they are (students, a party's
   * supporters); protesters or a mob doing violence are rioters */
  if (cd_root(cameo) == 14) e->source.inter = 6;
  if (e->source.inter == 3 && identity_np(c, ce->src_np)) e->source.inter = 4;
  if (tgt >= 0 && e->target.inter == 3 && identity_np(c, ce->tgt_np)) e->target.inter = 4;
  if (e->acled && !strcmp(e->acled, "Riots") && (e->source.inter == 6 || e->source.inter == 7))
    e->source.inter = 5;
  location(c, ce->place, ce->cc, e);
  e->text = c->t->src;
  e->text_off = s->off;
  e->text_len = s->len;
  e->confidence = ce->conf;
  e->why = ce->why;
  if (c->opts && c->opts->explain) {
    /* the parse of the clause, the rule, and the place decision */
    const char *pw = ce->place >= 0 ? c->pl[ce->place].why : NULL;
    sr_buf b;
    sr_buf_init(&b, 16384);
    sr_buf_printf(&b, "%s", ce->why ? ce->why : "");
    if (ce->place >= 0) sr_buf_printf(&b, "; place %s", pw ? pw : "from the lexicon");
    else sr_buf_printf(&b, "; place: none named in the report, %s", e->has_location ? "the focus country" : "no focus country either");
    sr_buf_printf(&b, "; parse: ");
    sr_syn_print(c->syn, c->t, &c->p, ce->sent, &b);
    e->why = sr_arena_strndup(c->a, b.data ? b.data : "", b.len);
    sr_buf_free(&b);
  }
  return 0;
}

/* is companion j written before a live event? */
static int claimed(const cdoc *c, uint32_t j) {
  for (uint32_t i = 0; i < c->nce; i++)
    if (!c->ce[i].dead && c->ce[i].before == (int32_t)j) return 1;
  return 0;
}

/* a companion told before an event that was merged away goes before the event it merged
 * into (its parent), or the live event of the same source in its sentence */
static void pass_companions(cdoc *c) {
  for (uint32_t i = 0; i < c->nce; i++) {
    cevent *e = &c->ce[i];
    if (!e->dead || e->before < 0) continue;
    int32_t r = e->parent;
    for (int guard = 0; r >= 0 && c->ce[r].dead && guard < 8; guard++) r = c->ce[r].parent;
    for (uint32_t j = 0; (r < 0 || c->ce[r].dead) && j < c->nce; j++)
      if (!c->ce[j].dead && c->ce[j].sent == e->sent && c->ce[j].src == e->src) r = (int32_t)j;
    if (r >= 0 && !c->ce[r].dead && c->ce[r].before < 0) c->ce[r].before = e->before, e->before = -1;
  }
}

int cd_emit_all(cdoc *c) {
  pass_companions(c);
  for (uint32_t i = 0; i < c->nce; i++) {
    const cevent *e = &c->ce[i];
    if (e->dead || (e->companion && claimed(c, i))) continue;
    int rc = e->before >= 0 && !c->ce[e->before].dead ? emit_one(c, &c->ce[e->before]) : 0;
    if (rc || (rc = emit_one(c, e))) return rc;
  }
  return 0;
}
