/* lexicon.c - the lexicon compiler: parse the data/ dictionaries (actors, countries, agents,
 * word classes; action patterns in lex_actions.c) into a token trie and tables, and flatten
 * them into the image described in lex_image.h. Opening and validating an image:
 * lex_open.c; lookups and trie matching: lex_match.c.
 */
#include "lex_comp.h"
#include "../syntax/syn_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* compile-time structures (types: lex_comp.h)                         */

void *lx_vec_push(vec *v) {
  if (v->n == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 64;
    void *np = realloc(v->p, nc * v->sz);
    if (!np) return NULL;
    v->p = np;
    v->cap = nc;
  }
  void *slot = (char *)v->p + v->n * v->sz;
  memset(slot, 0, v->sz);
  v->n++;
  return slot;
}

uint32_t lx_str_add(comp *c, const char *s) {
  if (!*s) return 0;
  uint32_t off = (uint32_t)c->strs.len;
  if (sr_buf_append(&c->strs, s, strlen(s) + 1)) return 0;
  return off;
}

static uint32_t hash_str(const char *s, size_t n) { return (uint32_t)sr_hash64(s, n); }

static int wh_grow(comp *c);

static uint32_t word_find(comp *c, const char *s, size_t n) {
  if (!c->whcap) return 0;
  uint32_t m = c->whcap - 1, i = hash_str(s, n) & m;
  for (;;) {
    uint32_t id = c->wh[i];
    if (!id) return 0;
    const char *w = c->strs.data + VAT(c->words, lx_word, id).str;
    if (strlen(w) == n && memcmp(w, s, n) == 0) return id;
    i = (i + 1) & m;
  }
}

static uint32_t word_intern(comp *c, const char *s, size_t n) {
  uint32_t id = word_find(c, s, n);
  if (id) return id;
  if ((c->words.n + 1) * 2 >= c->whcap && wh_grow(c)) return 0;
  lx_word *w = lx_vec_push(&c->words);
  if (!w) return 0;
  char tmp[256];
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  memcpy(tmp, s, n);
  tmp[n] = 0;
  w->str = lx_str_add(c, tmp);
  id = (uint32_t)(c->words.n - 1);
  uint32_t m = c->whcap - 1, i = hash_str(s, n) & m;
  while (c->wh[i]) i = (i + 1) & m;
  c->wh[i] = id;
  return id;
}

static int wh_grow(comp *c) {
  uint32_t nc = c->whcap ? c->whcap * 2 : 4096;
  uint32_t *nw = calloc(nc, sizeof *nw);
  if (!nw) return SR_ENOMEM;
  for (size_t id = 1; id < c->words.n; id++) {
    const char *w = c->strs.data + VAT(c->words, lx_word, id).str;
    uint32_t i = hash_str(w, strlen(w)) & (nc - 1);
    while (nw[i]) i = (i + 1) & (nc - 1);
    nw[i] = (uint32_t)id;
  }
  free(c->wh);
  c->wh = nw;
  c->whcap = nc;
  return 0;
}

static uint32_t node_child(comp *c, uint32_t node, uint32_t word) {
  cnode *n = &VAT(c->nodes, cnode, node);
  for (uint32_t i = 0; i < n->nk; i++)
    if (n->kw[i] == word) return n->kn[i];
  cnode *nn = lx_vec_push(&c->nodes);
  if (!nn) return 0;
  uint32_t id = (uint32_t)(c->nodes.n - 1);
  n = &VAT(c->nodes, cnode, node); /* vec may have moved */
  if (n->nk == n->ck) {
    n->ck = n->ck ? n->ck * 2 : 4;
    n->kw = realloc(n->kw, n->ck * sizeof *n->kw);
    n->kn = realloc(n->kn, n->ck * sizeof *n->kn);
    if (!n->kw || !n->kn) return 0;
  }
  n->kw[n->nk] = word;
  n->kn[n->nk] = id;
  n->nk++;
  return id;
}

static int node_add_entry(comp *c, uint32_t node, const sr_lex_entry *e) {
  cnode *n = &VAT(c->nodes, cnode, node);
  /* the same value twice at one node is one entry */
  for (uint32_t i = 0; i < n->ne; i++) {
    const sr_lex_entry *o = &VAT(c->ents, sr_lex_entry, n->ents[i]);
    if (o->type == e->type && o->val == e->val && o->flags == e->flags &&
        o->surface == e->surface)
      return 0;
  }
  sr_lex_entry *ne = lx_vec_push(&c->ents);
  if (!ne) return SR_ENOMEM;
  *ne = *e;
  n = &VAT(c->nodes, cnode, node);
  if (n->ne == n->ce) {
    n->ce = n->ce ? n->ce * 2 : 2;
    n->ents = realloc(n->ents, n->ce * sizeof *n->ents);
    if (!n->ents) return SR_ENOMEM;
  }
  n->ents[n->ne++] = (uint32_t)(c->ents.n - 1);
  return 0;
}

/* ---- text helpers */

char *lx_trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) *--e = 0;
  return s;
}

/* Split s at sep into at most max trimmed fields; returns the count. */
int lx_split(char *s, char sep, char **f, int max) {
  int n = 0;
  while (n < max) {
    char *p = strchr(s, sep);
    if (p) *p = 0;
    f[n++] = lx_trim(s);
    if (!p) break;
    s = p + 1;
  }
  return n;
}

int lx_comp_fail(comp *c, const char *fmt, const char *arg) {
  sr_error_at(c->err, c->file, c->line, -1);
  char msg[200];
  snprintf(msg, sizeof msg, fmt, arg ? arg : "");
  return sr_error_set(c->err, SR_EINPUT, "%s", msg);
}

/* Tokenize phrase with the runtime tokenizer and intern its folded words.
 * Returns the number of words (0 on failure or empty), max 32. */
int lx_phrase_words(comp *c, const char *phrase, uint32_t *ids, int max) {
  sr_arena_reset(c->arena);
  sr_text t;
  if (sr_text_analyze(&t, c->arena, phrase, strlen(phrase), NULL)) return 0;
  int n = 0;
  for (uint32_t i = 0; i < t.ntok && n < max; i++) {
    if (t.tok[i].flags & SR_TOK_PUNCT) {
      const char *f = sr_tok_fold(&t, i);
      if (f[0] == '.' || f[0] == '"') continue; /* "U.S." / quotes in aliases are not words */
    }
    uint32_t id = word_intern(c, sr_tok_fold(&t, i), t.tok[i].flen);
    if (!id) return 0;
    ids[n++] = id;
  }
  return n;
}

int lx_add_words_entry(comp *c, const uint32_t *ids, int n, const sr_lex_entry *e) {
  uint32_t node = 0;
  for (int i = 0; i < n; i++) {
    node = node_child(c, node, ids[i]);
    if (!node) return SR_ENOMEM;
  }
  sr_lex_entry ee = *e;
  ee.ntok = (uint8_t)n;
  return node_add_entry(c, node, &ee);
}

static int add_phrase(comp *c, const char *phrase, uint8_t type, uint32_t val, uint16_t flags) {
  uint32_t ids[32];
  sr_lex_entry e = {0};
  e.type = type;
  e.val = val;
  e.flags = flags;
  const char *p = phrase;
  if (*p == '=') { /* case-sensitive alias */
    p++;
    e.flags |= 1;
    e.surface = lx_str_add(c, p);
  }
  int n = lx_phrase_words(c, p, ids, 32);
  if (n <= 0) return 0; /* nothing to match (punctuation only) */
  return lx_add_words_entry(c, ids, n, &e);
}

/* ---- actors */

static const struct {
  const char *name;
  uint8_t kind;
} KINDS[] = {{"state-mil", SR_KIND_STATE_MIL}, {"state-gov", SR_KIND_STATE_GOV},
             {"rebel", SR_KIND_REBEL},         {"jihadist", SR_KIND_JIHADIST},
             {"militia", SR_KIND_MILITIA},     {"separatist", SR_KIND_SEPARATIST},
             {"intl", SR_KIND_INTL},           {"civ", SR_KIND_CIV},
             {"protest", SR_KIND_PROTEST},     {"unknown", SR_KIND_UNKNOWN},
             {"media", SR_KIND_MEDIA},         {"person", SR_KIND_PERSON}};

static int actor_find(comp *c, const char *code) {
  for (size_t i = 0; i < c->actors.n; i++)
    if (strcmp(c->strs.data + VAT(c->actors, sr_lex_actor, i).code, code) == 0) return (int)i;
  return -1;
}

int lx_actor_get(comp *c, const char *code, const char *name, const char *cameo, uint8_t kind,
                 const char *cc) {
  int i = actor_find(c, code);
  if (i >= 0) {
    sr_lex_actor *a = &VAT(c->actors, sr_lex_actor, i);
    if (!a->kind && kind) a->kind = kind;
    /* an actor listed under several theatres has no single home country (unless a line gave
     * it with home=) */
    if (cc && a->cc[0] && strcmp(a->cc, cc) != 0 && !a->pad) a->cc[0] = 0;
    if (!a->name && name && *name) a->name = lx_str_add(c, name);
    if (!a->cameo && cameo && *cameo) a->cameo = lx_str_add(c, cameo);
    return i;
  }
  sr_lex_actor *a = lx_vec_push(&c->actors);
  if (!a) return -1;
  a->code = lx_str_add(c, code);
  a->name = name && *name ? lx_str_add(c, name) : a->code;
  a->cameo = cameo && *cameo ? lx_str_add(c, cameo) : 0;
  a->kind = kind;
  if (cc) snprintf(a->cc, sizeof a->cc, "%s", cc);
  return (int)(c->actors.n - 1);
}

/* theatre file name -> home country */
static const char *theatre_cc(const char *file) {
  static const struct { const char *k, *cc; } T[] = {
      {"syria", "SY"},   {"iraq", "IQ"},    {"yemen", "YE"},   {"libya", "LY"},
      {"ukraine", "UA"}, {"sudan", "SD"},   {"somalia", "SO"}, {"lake_chad", "NG"},
      {"myanmar", "MM"}, {"drc", "CD"},     {"congo", "CD"},    {"afghan", "AF"},
      {"ethiopia", "ET"}, {"mozambique", "MZ"}, {"haiti", "HT"}, {"colombia", "CO"},
      {"mexico", "MX"},  {"philippines", "PH"}};
  /* the Sahel and Israel/Gaza/Lebanon files span several states: no single home */
  const char *b = strrchr(file, '/');
  b = b ? b + 1 : file;
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
    if (strstr(b, T[i].k)) return T[i].cc;
  return "";
}

/* "YYYY-MM-DD" -> days since 1970-01-01; 0 on success */
static int parse_day(const char *s, int32_t *day) {
  int y, m, d;
  if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
  *day = sr_day_number(y, m, d);
  return 0;
}

static int parse_actor_line(comp *c, char *line) {
  char *f[6];
  int n = lx_split(line, '|', f, 6);
  if (n < 5) return lx_comp_fail(c, "expected 'CODE | Name | cameo=X | kind | aliases'%s", "");
  /* "cameo=X" and, optionally, " home=CC": the actor's home country whatever the file says,
   * and " generic=armed": unnamed armed opposition in its home country is this actor */
  const char *cameo = f[2], *home = NULL;
  int generic = 0, inter = 0;
  int32_t since = INT32_MIN;
  char *ip = strstr(f[2], "inter=");
  if (ip) { /* "inter=1@2021-08-15": ACLED's inter code for the actor from that day on */
    char *e = NULL;
    inter = (int)strtol(ip + 6, &e, 10);
    if (inter < 1 || inter > 8) return lx_comp_fail(c, "inter=%s is not an ACLED inter code 1..8", ip + 6);
    if (*e == '@' && parse_day(e + 1, &since)) return lx_comp_fail(c, "inter=%s: expected inter=N@YYYY-MM-DD", ip + 6);
    if (ip > f[2]) ip[-1] = 0;
    *ip = 0;
  }
  /* "after=TALIBAN@2021-08-15": from that day on, what is said of this actor is done by that one
   * (a state whose government and forces another actor took over) */
  char *ap = strstr(f[2], "after="), after[32] = "";
  int32_t after_since = 0;
  if (ap) {
    const char *at = strchr(ap + 6, '@');
    size_t n = at ? (size_t)(at - (ap + 6)) : 0;
    if (!at || n == 0 || n >= sizeof after || parse_day(at + 1, &after_since))
      return lx_comp_fail(c, "%s: expected after=CODE@YYYY-MM-DD", ap);
    memcpy(after, ap + 6, n), after[n] = 0;
    if (ap > f[2]) ap[-1] = 0;
    *ap = 0;
  }
  char *gp = strstr(f[2], "generic=");
  if (gp) {
    if (strncmp(gp + 8, "armed", 5)) return lx_comp_fail(c, "unknown generic=%s (only generic=armed)", gp + 8);
    generic = 1;
    if (gp > f[2]) gp[-1] = 0;
    *gp = 0;
  }
  char *hp = strstr(f[2], "home=");
  if (hp) {
    home = hp + 5;
    if (hp > f[2]) hp[-1] = 0;
    *hp = 0;
    if (strlen(home) != 2) return lx_comp_fail(c, "home=%s is not a two-letter country code", home);
  }
  if (strncmp(cameo, "cameo=", 6) == 0) cameo += 6;
  uint8_t kind = 0;
  for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
    if (strcmp(f[3], KINDS[i].name) == 0) kind = KINDS[i].kind;
  if (!kind) return lx_comp_fail(c, "unknown actor kind '%s'", f[3]);
  if (!*f[0]) return lx_comp_fail(c, "empty actor code%s", "");
  int ai = lx_actor_get(c, f[0], f[1], cameo, kind, home ? home : theatre_cc(c->file));
  if (ai < 0) return SR_ENOMEM;
  if (generic) VAT(c->actors, sr_lex_actor, ai).pad2[0] |= SR_ACTOR_GENERIC;
  if (inter) VAT(c->actors, sr_lex_actor, ai).pad2[1] = (uint8_t)inter, VAT(c->actors, sr_lex_actor, ai).inter_since = since;
  if (after[0]) {
    uint32_t off = lx_str_add(c, after);
    if (!off) return SR_ENOMEM;
    VAT(c->actors, sr_lex_actor, ai).after = off, VAT(c->actors, sr_lex_actor, ai).after_since = after_since;
  }
  if (home) { /* authoritative: later lines of other files keep it */
    sr_lex_actor *a = &VAT(c->actors, sr_lex_actor, ai);
    snprintf(a->cc, sizeof a->cc, "%s", home);
    a->pad = 1;
  }
  char *al[256];
  int na = lx_split(f[4], ';', al, 256);
  for (int i = 0; i < na; i++) {
    if (!*al[i]) continue;
    int rc = add_phrase(c, al[i], SR_ENT_ACTOR, (uint32_t)ai, 0);
    if (rc) return rc;
  }
  return 0;
}

static int parse_country_line(comp *c, char *line) {
  char *f[8];
  int n = lx_split(line, '|', f, 8);
  if (n < 4) return lx_comp_fail(c, "expected 'CC | Name | mil=X | gov=Y | names: ... | adj: ...'%s", "");
  sr_lex_country *k = lx_vec_push(&c->countries);
  if (!k) return SR_ENOMEM;
  uint32_t ki = (uint32_t)(c->countries.n - 1);
  snprintf(k->cc, sizeof k->cc, "%s", f[0]);
  k->name = lx_str_add(c, f[1]);
  k->mil = k->gov = k->bare = k->held = -1;
  int32_t mil = -1, gov = -1, bare = -1, held = -1;
  for (int i = 2; i < n; i++) {
    char *v = f[i];
    if (strncmp(v, "mil=", 4) == 0 && v[4]) {
      mil = lx_actor_get(c, v + 4, NULL, NULL, SR_KIND_STATE_MIL, f[0]);
    } else if (strncmp(v, "gov=", 4) == 0 && v[4]) {
      gov = lx_actor_get(c, v + 4, NULL, NULL, SR_KIND_STATE_GOV, f[0]);
    } else if ((strncmp(v, "bare=", 5) == 0 || strncmp(v, "held=", 5) == 0) && v[5]) {
      /* actors named in the theatre files, which are read before this one */
      int32_t a = actor_find(c, v + 5);
      if (a < 0) return lx_comp_fail(c, "%s: no actor has this code", v);
      if (v[0] == 'b') bare = a;
      else held = a;
    } else {
      uint8_t type = 0;
      char *list = NULL;
      if (strncmp(v, "names:", 6) == 0) type = SR_ENT_COUNTRY, list = v + 6;
      else if (strncmp(v, "adj:", 4) == 0) type = SR_ENT_ADJ, list = v + 4;
      else if (strncmp(v, "capital:", 8) == 0) type = SR_ENT_CAPITAL, list = v + 8;
      if (!type) continue;
      char *al[64];
      int na = lx_split(list, ';', al, 64);
      for (int j = 0; j < na; j++) {
        if (!*al[j]) continue;
        int rc = add_phrase(c, al[j], type, ki, 0);
        if (rc) return rc;
      }
    }
  }
  k = &VAT(c->countries, sr_lex_country, ki);
  k->mil = mil >= 0 ? mil : gov;
  k->gov = gov >= 0 ? gov : mil;
  k->bare = bare, k->held = held;
  /* a state's forces and government belong to the state, whatever theatre file named them */
  if (k->mil >= 0) {
    memcpy(VAT(c->actors, sr_lex_actor, k->mil).cc, k->cc, 2);
    VAT(c->actors, sr_lex_actor, k->mil).cc[2] = 0;
  }
  if (k->gov >= 0) {
    memcpy(VAT(c->actors, sr_lex_actor, k->gov).cc, k->cc, 2);
    VAT(c->actors, sr_lex_actor, k->gov).cc[2] = 0;
  }
  /* a state actor named only here ("EGYMIL") gets a readable name and its code as CAMEO code */
  int32_t own[2] = {k->mil, k->gov};
  for (int j = 0; j < 2; j++) {
    if (own[j] < 0 || (j == 1 && own[1] == own[0])) continue;
    sr_lex_actor *a = &VAT(c->actors, sr_lex_actor, own[j]);
    if (a->name == a->code) {
      char nm[256];
      snprintf(nm, sizeof nm, "%s of %s", a->kind == SR_KIND_STATE_GOV ? "Government" : "Military forces", f[1]);
      a->name = lx_str_add(c, nm);
      a = &VAT(c->actors, sr_lex_actor, own[j]);
    }
    if (!a->cameo) a->cameo = a->code;
  }
  /* the country's own name is also a name */
  return add_phrase(c, f[1], SR_ENT_COUNTRY, ki, 0);
}

static const struct {
  const char *name;
  uint8_t role;
} ROLES[] = {{"mil", SR_ROLE_MIL},         {"police", SR_ROLE_POLICE}, {"gov", SR_ROLE_GOV},
             {"armed", SR_ROLE_ARMED},     {"civ", SR_ROLE_CIV},       {"protest", SR_ROLE_PROTEST},
             {"unknown", SR_ROLE_UNKNOWN}, {"member", SR_ROLE_MEMBER}};

static int parse_agent_line(comp *c, char *line) {
  char *f[3];
  int n = lx_split(line, '|', f, 3);
  if (n < 2) return lx_comp_fail(c, "expected 'role | word; word'%s", "");
  uint8_t role = 0;
  for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
    if (strcmp(f[0], ROLES[i].name) == 0) role = ROLES[i].role;
  if (!role) return lx_comp_fail(c, "unknown agent role '%s'", f[0]);
  char *al[512];
  int na = lx_split(f[1], ';', al, 512);
  for (int i = 0; i < na; i++) {
    if (!*al[i]) continue;
    int rc = add_phrase(c, al[i], SR_ENT_AGENT, role, 0);
    if (rc) return rc;
  }
  return 0;
}

/* ---- words.txt */

static const struct {
  const char *name;
  uint64_t flag;
} WFLAGS[] = {{"BE", SR_W_BE},         {"BY", SR_W_BY},           {"NEG", SR_W_NEG},
              {"PRON_PL", SR_W_PRON_PL}, {"PRON_SG", SR_W_PRON_SG}, {"DET", SR_W_DET},
              {"PREP", SR_W_PREP},     {"LOCPREP", SR_W_LOCPREP}, {"TGTPREP", SR_W_TGTPREP},
              {"CONJ", SR_W_CONJ},     {"REL", SR_W_REL},         {"MODAL", SR_W_MODAL},
              {"LOCNOUN", SR_W_LOCNOUN}, {"DIR", SR_W_DIR},       {"DIST", SR_W_DIST},
              {"SUB", SR_W_SUB},       {"HAVE", SR_W_HAVE},       {"TIME", SR_W_TIME},
              {"PLACEWORD", SR_W_PLACEWORD}, {"NOPLACE", SR_W_NOPLACE},
              {"MEMBER", SR_W_MEMBER}, {"POSSPRON", SR_W_POSSPRON}, {"HIST", SR_W_HIST},
              {"PAST", SR_W_PAST},     {"NEAR", SR_W_NEAR},       {"ADV", SR_W_ADV},
              {"CLAUSE", SR_W_CLAUSE}, {"PARTICLE", SR_W_PARTICLE}, {"LISTCONT", SR_W_LISTCONT},
              {"WEAPON", SR_W_WEAPON}, {"OBJCTRL", SR_W_OBJCTRL}, {"QUANT", SR_W_QUANT},
              {"HOLD", SR_W_HOLD}, {"HABIT", SR_W_HABIT}, {"SUPPORT", SR_W_SUPPORT},
              {"OWNERLINK", SR_W_OWNERLINK}, {"MILTHING", SR_W_MILTHING}, {"REACT", SR_W_REACT},
              {"CIVTHING", SR_W_CIVTHING}, {"ACCIDENT", SR_W_ACCIDENT},
              {"BY_AIR", SR_W_BY_AIR}, {"BY_FIRE", SR_W_BY_FIRE}, {"BY_BOMB", SR_W_BY_BOMB},
              {"BY_SUICIDE", SR_W_BY_SUICIDE}, {"BY_GRENADE", SR_W_BY_GRENADE}, {"BY_CHEM", SR_W_BY_CHEM},
              {"MOB", SR_W_MOB}, {"ASSAULT", SR_W_ASSAULT},
              {"DEATH", SR_W_DEATH}, {"INJURY", SR_W_INJURY}, {"DIE", SR_W_DIE},
              {"IDENTITY", SR_W_IDENTITY}, {"CIVPLACE", SR_W_CIVPLACE}, {"PLANNOUN", SR_W_PLANNOUN}, {"PERCEIVE", SR_W_PERCEIVE},
              {"SUBUNIT", SR_W_SUBUNIT}, {"INFRA", SR_W_INFRA}, {"UNSURE", SR_W_UNSURE}};

static int parse_words_line(comp *c, char *line) {
  char *f[3];
  int n = lx_split(line, '|', f, 3);
  if (n < 2) return lx_comp_fail(c, "expected 'FLAG | word; word'%s", "");
  uint64_t flag = 0;
  for (size_t i = 0; i < sizeof WFLAGS / sizeof WFLAGS[0]; i++)
    if (strcmp(f[0], WFLAGS[i].name) == 0) flag = WFLAGS[i].flag;
  if (!flag) return lx_comp_fail(c, "unknown word flag '%s'", f[0]);
  char *al[512];
  int na = lx_split(f[1], ';', al, 512);
  for (int i = 0; i < na; i++) {
    if (!*al[i]) continue;
    uint32_t ids[4];
    int nw = lx_phrase_words(c, al[i], ids, 4);
    if (nw != 1) return lx_comp_fail(c, "'%s' is not a single word", al[i]);
    VAT(c->words, lx_word, ids[0]).flags |= flag;
  }
  return 0;
}

/* ---- files */

typedef int (*line_fn)(comp *, char *);

static int parse_file(comp *c, const char *path, line_fn fn) {
  char *buf;
  size_t len;
  int rc = sr_read_all(path, 64u << 20, &buf, &len, c->err);
  if (rc) return rc;
  c->file = path;
  c->line = 0;
  char *s = buf;
  while (s && *s) {
    char *nl = strchr(s, '\n');
    if (nl) *nl = 0;
    c->line++;
    char *hash = strchr(s, '#');
    if (hash) *hash = 0;
    char *t = lx_trim(s);
    if (*t && (rc = fn(c, t))) break;
    s = nl ? nl + 1 : NULL;
  }
  free(buf);
  c->file = NULL; /* path may be the caller's stack buffer (parse_dir): do not keep it */
  return rc;
}

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parse every *.txt under dir/sub (sorted, for a reproducible image). */
static int parse_dir(comp *c, const char *dir, const char *sub, line_fn fn, const char *skip1,
                     const char *skip2) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, sub);
  DIR *d = opendir(path);
  if (!d) return 0; /* missing section: nothing to add */
  char *names[512];
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)) && n < 512) {
    size_t L = strlen(de->d_name);
    if (L < 5 || strcmp(de->d_name + L - 4, ".txt")) continue;
    if ((skip1 && !strcmp(de->d_name, skip1)) || (skip2 && !strcmp(de->d_name, skip2))) continue;
    names[n++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmpstr);
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (!rc) {
      char fp[1400];
      snprintf(fp, sizeof fp, "%s/%s", path, names[i]);
      rc = parse_file(c, fp, fn);
    }
    free(names[i]);
  }
  return rc;
}

static size_t align8(size_t x) { return (x + 7) & ~(size_t)7; }

static int serialize(comp *c, void **out, size_t *outlen) {
  /* flatten trie: BFS order is not needed; nodes keep their ids */
  size_t nn = c->nodes.n, ne = 0, nent = 0;
  for (size_t i = 0; i < nn; i++) {
    ne += VAT(c->nodes, cnode, i).nk;
    nent += VAT(c->nodes, cnode, i).ne;
  }
  uint32_t nwords = (uint32_t)c->words.n; /* includes id 0 */
  uint32_t hcap = 1;
  while (hcap < nwords * 2 + 16) hcap <<= 1;
  lx_header h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, LEX_MAGIC, 8);
  h.version = LEX_VERSION;
  h.hcap = hcap;
  size_t off = align8(sizeof h);
  h.off_str = off, h.n_str = (uint32_t)c->strs.len, off = align8(off + c->strs.len + 1);
  h.off_words = off, h.n_words = nwords, off = align8(off + nwords * sizeof(lx_word));
  h.off_whash = off, off = align8(off + hcap * sizeof(uint32_t));
  h.off_root = off, off = align8(off + nwords * sizeof(uint32_t));
  h.off_nodes = off, h.n_nodes = (uint32_t)nn, off = align8(off + nn * sizeof(lx_node));
  h.off_edges = off, h.n_edges = (uint32_t)ne, off = align8(off + ne * sizeof(lx_edge));
  h.off_ents = off, h.n_ents = (uint32_t)nent, off = align8(off + nent * sizeof(sr_lex_entry));
  h.off_actors = off, h.n_actors = (uint32_t)c->actors.n,
  off = align8(off + c->actors.n * sizeof(sr_lex_actor));
  h.off_countries = off, h.n_countries = (uint32_t)c->countries.n,
  off = align8(off + c->countries.n * sizeof(sr_lex_country));
  h.off_actions = off, h.n_actions = (uint32_t)c->actions.n,
  off = align8(off + c->actions.n * sizeof(sr_lex_action));
  h.off_wsyn = off, off = align8(off + nwords * sizeof(sr_lex_wsyn));
  h.off_syn = off, h.n_syn = (uint32_t)c->syn_len, off = align8(off + c->syn_len);
  h.size = off;
  unsigned char *img = calloc(1, off);
  if (!img) return SR_ENOMEM;
  memcpy(img, &h, sizeof h);
  if (c->strs.len) memcpy(img + h.off_str, c->strs.data, c->strs.len);
  memcpy(img + h.off_words, c->words.p, nwords * sizeof(lx_word));
  uint32_t *wh = (uint32_t *)(img + h.off_whash);
  for (uint32_t id = 1; id < nwords; id++) {
    const char *w = c->strs.data + VAT(c->words, lx_word, id).str;
    uint32_t i = hash_str(w, strlen(w)) & (hcap - 1);
    while (wh[i]) i = (i + 1) & (hcap - 1);
    wh[i] = id;
  }
  uint32_t *root = (uint32_t *)(img + h.off_root);
  cnode *r = &VAT(c->nodes, cnode, 0);
  for (uint32_t i = 0; i < r->nk; i++) root[r->kw[i]] = r->kn[i];
  lx_node *nodes = (lx_node *)(img + h.off_nodes);
  lx_edge *edges = (lx_edge *)(img + h.off_edges);
  sr_lex_entry *ents = (sr_lex_entry *)(img + h.off_ents);
  uint32_t eo = 0, to = 0;
  for (size_t i = 0; i < nn; i++) {
    cnode *cn = &VAT(c->nodes, cnode, i);
    nodes[i].edge_begin = eo;
    nodes[i].edge_count = cn->nk;
    /* insertion sort children by word id */
    for (uint32_t a = 1; a < cn->nk; a++)
      for (uint32_t b = a; b > 0 && cn->kw[b - 1] > cn->kw[b]; b--) {
        uint32_t t = cn->kw[b]; cn->kw[b] = cn->kw[b - 1]; cn->kw[b - 1] = t;
        t = cn->kn[b]; cn->kn[b] = cn->kn[b - 1]; cn->kn[b - 1] = t;
      }
    for (uint32_t k = 0; k < cn->nk; k++) edges[eo].word = cn->kw[k], edges[eo++].node = cn->kn[k];
    nodes[i].ent_begin = to;
    nodes[i].ent_count = cn->ne;
    for (uint32_t k = 0; k < cn->ne; k++) ents[to++] = VAT(c->ents, sr_lex_entry, cn->ents[k]);
  }
  if (c->actors.n) memcpy(img + h.off_actors, c->actors.p, c->actors.n * sizeof(sr_lex_actor));
  if (c->countries.n)
    memcpy(img + h.off_countries, c->countries.p, c->countries.n * sizeof(sr_lex_country));
  if (c->actions.n) memcpy(img + h.off_actions, c->actions.p, c->actions.n * sizeof(sr_lex_action));
  if (c->nwsyn) memcpy(img + h.off_wsyn, c->wsyn, (c->nwsyn < nwords ? c->nwsyn : nwords) * sizeof(sr_lex_wsyn));
  if (c->syn_len) memcpy(img + h.off_syn, c->syn, c->syn_len);
  ((lx_header *)img)->sum = lex_image_sum(img, off);
  *out = img;
  *outlen = off;
  return 0;
}

static void comp_free(comp *c) {
  for (size_t i = 0; i < c->nodes.n; i++) {
    cnode *n = &VAT(c->nodes, cnode, i);
    free(n->kw), free(n->kn), free(n->ents);
  }
  for (size_t i = 0; i < c->irregular.n * 3; i++) free(((char **)c->irregular.p)[i]);
  free(c->irregular.p);
  free(c->nodes.p), free(c->ents.p), free(c->actors.p), free(c->countries.p), free(c->actions.p);
  free(c->words.p), free(c->wh), free(c->wsyn), free(c->syn);
  sr_buf_free(&c->strs);
  if (c->arena) sr_arena_free(c->arena);
}

/* ---- the syntactic layer's word facts and grammar (src/syntax/) */

static uint32_t syn_intern(void *ud, const char *w, size_t n) { return word_intern((comp *)ud, w, n); }

static int wsyn_set(comp *c, uint32_t id, const sr_lex_wsyn *x) {
  if (id >= c->nwsyn) {
    size_t nc = c->nwsyn ? c->nwsyn * 2 : 65536;
    while (nc <= id) nc *= 2;
    sr_lex_wsyn *nw = realloc(c->wsyn, nc * sizeof *nw);
    if (!nw) return SR_ENOMEM;
    memset(nw + c->nwsyn, 0, (nc - c->nwsyn) * sizeof *nw);
    c->wsyn = nw;
    c->nwsyn = nc;
  }
  c->wsyn[id] = *x;
  return 0;
}

/* given, else $env, else each of the fallbacks that exists; NULL when none does */
static const char *find_source(const char *given, const char *env, const char *const *fallback, int nf,
                               char *buf, size_t cap) {
  struct stat st;
  if (given) return stat(given, &st) == 0 ? given : NULL;
  const char *e = getenv(env);
  if (e && *e) return stat(e, &st) == 0 ? e : NULL;
  for (int i = 0; i < nf; i++) {
    if (!fallback[i]) continue;
    snprintf(buf, cap, "%s", fallback[i]);
    if (stat(buf, &st) == 0) return buf;
  }
  return NULL;
}

static int build_syntax(comp *c, const char *dir, const sr_lex_build_opts *o) {
  char path[1024], tl[1024], wn[1024], h1[1024], h2[1024];
  struct stat st;
  snprintf(path, sizeof path, "%s/syntax/closed.txt", dir);
  if (stat(path, &st) != 0) return 0; /* a dictionary folder without a syntactic layer */
  const char *home = getenv("SITREP_HOME"), *uh = getenv("HOME");
  snprintf(h1, sizeof h1, "%s/deps/en-lexicon.js", home && *home ? home : "/nonexistent");
  snprintf(h2, sizeof h2, "%s/.cache/sitrep/deps/en-lexicon.js", uh && *uh ? uh : "/root");
  const char *tfb[] = {h1, h2};
  const char *wfb[] = {"/usr/share/wordnet"};
  const char *taglex = find_source(o ? o->taglex : NULL, "SITREP_TAGLEX", tfb, 2, tl, sizeof tl);
  const char *wordnet = find_source(o ? o->wordnet : NULL, "SITREP_WORDNET", wfb, 1, wn, sizeof wn);
  if (o && o->require && (!taglex || !wordnet))
    return sr_error_set(c->err, SR_ENOTFOUND,
                        "the open-class word lists are missing (%s%s%s): run scripts/setup.sh deps",
                        taglex ? "" : "npm en-lexicon", !taglex && !wordnet ? ", " : "",
                        wordnet ? "" : "Debian wordnet-base");
  syn_wordmap *m = NULL;
  int rc = syn_wordmap_load(&m, dir, taglex, wordnet, c->err);
  if (rc) return rc;
  size_t it = 0;
  const char *w;
  sr_lex_wsyn info;
  while (!rc && syn_wordmap_next(m, &it, &w, &info)) {
    uint32_t id = word_intern(c, w, strlen(w));
    rc = id ? wsyn_set(c, id, &info) : SR_ENOMEM;
  }
  syn_wordmap_free(m);
  if (rc) return sr_error_set(c->err, rc, "out of memory compiling the word tags");
  return syn_blob_build(dir, syn_intern, c, &c->syn, &c->syn_len, c->err);
}

/* every after= field names an actor of the files */
static int check_after(comp *c, const char *dir) {
  for (size_t i = 0; i < c->actors.n; i++) {
    const sr_lex_actor *a = &VAT(c->actors, sr_lex_actor, i);
    const char *to = a->after ? c->strs.data + a->after : NULL;
    if (to && actor_find(c, to) < 0) {
      sr_error_at(c->err, dir, 0, -1);
      return sr_error_set(c->err, SR_EINPUT, "actors: %s has after=%s, which is no actor code", c->strs.data + a->code, to);
    }
  }
  return 0;
}

int sr_lex_build_mem(const char *dir, void **out, size_t *outlen, sr_error *err) {
  return sr_lex_build_mem_ex(dir, NULL, out, outlen, err);
}

int sr_lex_build_mem_ex(const char *dir, const sr_lex_build_opts *opts, void **out, size_t *outlen,
                        sr_error *err) {
  *out = NULL;
  *outlen = 0;
  comp c;
  memset(&c, 0, sizeof c);
  c.words = (vec)VEC(lx_word);
  c.nodes = (vec)VEC(cnode);
  c.ents = (vec)VEC(sr_lex_entry);
  c.actors = (vec)VEC(sr_lex_actor);
  c.countries = (vec)VEC(sr_lex_country);
  c.actions = (vec)VEC(sr_lex_action);
  c.irregular = (vec)VEC(char *[3]);
  c.err = err;
  sr_buf_init(&c.strs, 256u << 20);
  int rc = SR_ENOMEM;
  c.arena = sr_arena_new(16u << 20);
  if (!c.arena || sr_buf_putc(&c.strs, 0) || !lx_vec_push(&c.words) || !lx_vec_push(&c.nodes) ||
      wh_grow(&c))
    goto done;
  char path[1024];
  struct stat st;
  snprintf(path, sizeof path, "%s/actors", dir);
  if (stat(path, &st) != 0) {
    sr_error_at(err, dir, 0, -1);
    rc = sr_error_set(err, SR_EIO, "%s: no actors/ directory (is this the data/ folder?)", dir);
    goto done;
  }
  snprintf(path, sizeof path, "%s/lexicon/irregular.txt", dir);
  if (stat(path, &st) == 0 && (rc = parse_file(&c, path, lx_parse_irregular_line))) goto done;
  snprintf(path, sizeof path, "%s/lexicon/words.txt", dir);
  if (stat(path, &st) == 0 && (rc = parse_file(&c, path, parse_words_line))) goto done;
  /* actors first, so that country mil/gov codes reuse their names and kinds */
  if ((rc = parse_dir(&c, dir, "actors", parse_actor_line, "countries.txt", "agents.txt"))) goto done;
  if ((rc = check_after(&c, dir))) goto done;
  snprintf(path, sizeof path, "%s/actors/countries.txt", dir);
  if (stat(path, &st) == 0 && (rc = parse_file(&c, path, parse_country_line))) goto done;
  snprintf(path, sizeof path, "%s/actors/agents.txt", dir);
  if (stat(path, &st) == 0 && (rc = parse_file(&c, path, parse_agent_line))) goto done;
  if ((rc = parse_dir(&c, dir, "actions", lx_parse_action_line, NULL, NULL))) goto done;
  if ((rc = build_syntax(&c, dir, opts))) goto done;
  rc = serialize(&c, out, outlen);
  if (rc) sr_error_set(err, rc, "out of memory writing the lexicon image");
done:
  if (rc == SR_ENOMEM && err && !err->msg[0]) sr_error_set(err, rc, "out of memory compiling %s", dir);
  comp_free(&c);
  return rc;
}

int sr_lex_build(const char *dir, const char *out_path, sr_error *err) {
  return sr_lex_build_ex(dir, out_path, NULL, err);
}

int sr_lex_build_ex(const char *dir, const char *out_path, const sr_lex_build_opts *opts, sr_error *err) {
  void *img = NULL;
  size_t len = 0;
  int rc = sr_lex_build_mem_ex(dir, opts, &img, &len, err);
  if (rc) return rc;
  char tmp[1100];
  snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    free(img);
    return sr_error_set(err, SR_EIO, "cannot write %s: %s", tmp, strerror(errno));
  }
  size_t w = fwrite(img, 1, len, f);
  int bad = (w != len) | (fclose(f) != 0);
  free(img);
  if (bad || rename(tmp, out_path) != 0) {
    unlink(tmp);
    return sr_error_set(err, SR_EIO, "cannot write %s", out_path);
  }
  return 0;
}
