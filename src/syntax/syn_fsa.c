/* syn_fsa.c - regular expressions over grammar symbols, compiled to one deterministic
 * automaton per grammar level (Thompson construction, then subset construction over the
 * 64 symbols). Used at lexicon build time only; the runtime walks the tables
 * (syn_fsa_longest in syn_internal.h).
 *
 * Pattern syntax: NAME (a symbol or a class, resolved by the caller), [NAME NAME] (a set),
 * ( ... | ... ), and the postfix operators ? * +. Names are separated by spaces.
 */
#include "syn_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct nst {
  uint64_t mask; /* != 0: on a symbol in mask go to out */
  int out;
  int e1, e2;    /* epsilon moves, -1 = none */
  int accept;    /* rule index, -1 = none */
} nst;

typedef struct nfa {
  nst *s;
  int n, cap;
  int bad; /* allocation failed or too many states */
} nfa;

typedef struct frag {
  int start, end;
} frag;

typedef struct pctx {
  const char *p;
  nfa *a;
  syn_name_fn names;
  void *ud;
  sr_error *err;
  long line;
  int failed;
} pctx;

#define NFA_MAX 65536

static int nst_new(nfa *a) {
  if (a->n == a->cap) {
    int nc = a->cap ? a->cap * 2 : 256;
    if (nc > NFA_MAX) {
      a->bad = 1;
      return 0;
    }
    nst *ns = realloc(a->s, (size_t)nc * sizeof *ns);
    if (!ns) {
      a->bad = 1;
      return 0;
    }
    a->s = ns;
    a->cap = nc;
  }
  nst *x = &a->s[a->n];
  x->mask = 0;
  x->out = x->e1 = x->e2 = x->accept = -1;
  return a->n++;
}

static void eps(nfa *a, int from, int to) {
  if (a->bad) return;
  if (a->s[from].e1 < 0) a->s[from].e1 = to;
  else if (a->s[from].e2 < 0) a->s[from].e2 = to;
  else { /* a third move: chain through a fresh state */
    int m = nst_new(a);
    if (a->bad) return;
    a->s[m].e1 = a->s[from].e2;
    a->s[m].e2 = to;
    a->s[from].e2 = m;
  }
}

static int pfail(pctx *c, const char *what) {
  if (!c->failed) {
    sr_error_set(c->err, SR_EINPUT, "chunk pattern: %s near '%.20s'", what, c->p);
    c->failed = 1;
  }
  return 0;
}

static void skip_ws(pctx *c) {
  while (*c->p == ' ' || *c->p == '\t') c->p++;
}

static int is_name_ch(char ch) { return isalnum((unsigned char)ch) || ch == '_'; }

static uint64_t read_name(pctx *c) {
  const char *b = c->p;
  while (is_name_ch(*c->p)) c->p++;
  if (c->p == b) return pfail(c, "expected a symbol or class name"), 0;
  uint64_t m = c->names(c->ud, b, (size_t)(c->p - b));
  if (!m) {
    c->p = b;
    return pfail(c, "unknown symbol or class"), 0;
  }
  return m;
}

static frag parse_alt(pctx *c);

static frag atom_mask(pctx *c, uint64_t m) {
  frag f;
  f.start = nst_new(c->a);
  f.end = nst_new(c->a);
  if (!c->a->bad) {
    c->a->s[f.start].mask = m;
    c->a->s[f.start].out = f.end;
  }
  return f;
}

static frag parse_atom(pctx *c) {
  frag none = {-1, -1};
  skip_ws(c);
  if (*c->p == '(') {
    c->p++;
    frag f = parse_alt(c);
    skip_ws(c);
    if (*c->p != ')') return pfail(c, "missing ')'"), none;
    c->p++;
    return f;
  }
  if (*c->p == '[') {
    c->p++;
    uint64_t m = 0;
    for (;;) {
      skip_ws(c);
      if (*c->p == ']') break;
      if (!*c->p) return pfail(c, "missing ']'"), none;
      uint64_t x = read_name(c);
      if (!x) return none;
      m |= x;
    }
    c->p++;
    return atom_mask(c, m);
  }
  uint64_t m = read_name(c);
  if (!m) return none;
  return atom_mask(c, m);
}

static frag parse_item(pctx *c) {
  frag f = parse_atom(c);
  if (c->failed || c->a->bad) return f;
  for (;;) {
    skip_ws(c);
    char op = *c->p;
    if (op != '?' && op != '*' && op != '+') return f;
    c->p++;
    int s = nst_new(c->a), e = nst_new(c->a);
    if (c->a->bad) return f;
    if (op == '?') {
      eps(c->a, s, f.start), eps(c->a, s, e), eps(c->a, f.end, e);
    } else if (op == '*') {
      eps(c->a, s, f.start), eps(c->a, s, e), eps(c->a, f.end, f.start), eps(c->a, f.end, e);
    } else {
      eps(c->a, s, f.start), eps(c->a, f.end, f.start), eps(c->a, f.end, e);
    }
    f.start = s, f.end = e;
  }
}

static frag parse_seq(pctx *c) {
  frag f = {-1, -1};
  for (;;) {
    skip_ws(c);
    if (!*c->p || *c->p == '|' || *c->p == ')') break;
    frag g = parse_item(c);
    if (c->failed || c->a->bad) return f;
    if (f.start < 0) f = g;
    else {
      eps(c->a, f.end, g.start);
      f.end = g.end;
    }
  }
  if (f.start < 0) { /* empty sequence: one epsilon state */
    f.start = f.end = nst_new(c->a);
  }
  return f;
}

static frag parse_alt(pctx *c) {
  frag f = parse_seq(c);
  while (!c->failed && !c->a->bad && *c->p == '|') {
    c->p++;
    frag g = parse_seq(c);
    if (c->failed || c->a->bad) break;
    int s = nst_new(c->a), e = nst_new(c->a);
    if (c->a->bad) break;
    eps(c->a, s, f.start), eps(c->a, s, g.start), eps(c->a, f.end, e), eps(c->a, g.end, e);
    f.start = s, f.end = e;
  }
  return f;
}

/* ---- subset construction */

typedef struct dset {
  int *st; /* sorted NFA states */
  int n;
  uint64_t hash;
} dset;

static void closure(const nfa *a, int *set, int *n, unsigned char *seen, int *stack) {
  int sp = 0;
  for (int i = 0; i < *n; i++) stack[sp++] = set[i];
  while (sp) {
    int x = stack[--sp];
    int mv[2] = {a->s[x].e1, a->s[x].e2};
    for (int k = 0; k < 2; k++) {
      int y = mv[k];
      if (y < 0 || seen[y]) continue;
      seen[y] = 1;
      set[(*n)++] = y;
      stack[sp++] = y;
    }
  }
}

static int cmp_int(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

static uint64_t set_hash(const int *s, int n) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; i++) h = (h ^ (uint64_t)s[i]) * 1099511628211ULL;
  return h ^ (uint64_t)n;
}

typedef struct dfa_build {
  dset *sets;
  int n, cap;
} dfa_build;

static int find_or_add(dfa_build *d, int *s, int n, int *created) {
  uint64_t h = set_hash(s, n);
  for (int i = 1; i < d->n; i++)
    if (d->sets[i].hash == h && d->sets[i].n == n && !memcmp(d->sets[i].st, s, (size_t)n * sizeof *s))
      return i;
  if (d->n >= SYN_MAX_STATES) return -1;
  if (d->n == d->cap) {
    int nc = d->cap * 2;
    dset *ns = realloc(d->sets, (size_t)nc * sizeof *ns);
    if (!ns) return -1;
    d->sets = ns;
    d->cap = nc;
  }
  int *copy = malloc((size_t)(n ? n : 1) * sizeof *copy);
  if (!copy) return -1;
  memcpy(copy, s, (size_t)n * sizeof *s);
  d->sets[d->n].st = copy;
  d->sets[d->n].n = n;
  d->sets[d->n].hash = h;
  *created = 1;
  return d->n++;
}

int syn_fsa_compile(const syn_fsa_rule *rules, int nrules, syn_name_fn names, void *ud,
                    uint16_t **trans_out, int16_t **acc_out, uint32_t *nstates, sr_error *err) {
  *trans_out = NULL;
  *acc_out = NULL;
  *nstates = 0;
  nfa a = {0};
  int rc = SR_ENOMEM;
  int start = nst_new(&a);
  for (int r = 0; r < nrules && !a.bad; r++) {
    pctx c = {rules[r].pattern, &a, names, ud, err, rules[r].line, 0};
    frag f = parse_alt(&c);
    skip_ws(&c);
    if (!c.failed && *c.p) pfail(&c, "unexpected character");
    if (c.failed) {
      if (err) err->line = rules[r].line;
      free(a.s);
      return SR_EINPUT;
    }
    if (a.bad) break;
    a.s[f.end].accept = r;
    eps(&a, start, f.start);
  }
  if (a.bad) {
    free(a.s);
    return sr_error_set(err, SR_ELIMIT, "chunk grammar: automaton too large");
  }
  dfa_build d = {0};
  d.cap = 64;
  d.sets = calloc((size_t)d.cap, sizeof *d.sets);
  int *buf = malloc((size_t)a.n * sizeof *buf), *stack = malloc((size_t)a.n * 2 * sizeof *stack);
  unsigned char *seen = calloc((size_t)a.n, 1);
  uint16_t *trans = NULL;
  int16_t *acc = NULL;
  if (!d.sets || !buf || !stack || !seen) goto done;
  d.n = 1; /* state 0: dead */
  {
    int n = 1, created = 0;
    buf[0] = start;
    memset(seen, 0, (size_t)a.n);
    seen[start] = 1;
    closure(&a, buf, &n, seen, stack);
    qsort(buf, (size_t)n, sizeof *buf, cmp_int);
    if (find_or_add(&d, buf, n, &created) != 1) goto done;
  }
  size_t tcap = 64 * 64;
  trans = calloc(tcap, sizeof *trans);
  if (!trans) goto done;
  for (int ds = 1; ds < d.n; ds++) {
    if ((size_t)d.n * 64 > tcap) {
      size_t nc = tcap * 2;
      while ((size_t)d.n * 64 > nc) nc *= 2;
      uint16_t *nt = realloc(trans, nc * sizeof *nt);
      if (!nt) goto done;
      memset(nt + tcap, 0, (nc - tcap) * sizeof *nt);
      trans = nt;
      tcap = nc;
    }
    for (int sym = 0; sym < 64; sym++) {
      int n = 0;
      memset(seen, 0, (size_t)a.n);
      for (int k = 0; k < d.sets[ds].n; k++) {
        const nst *x = &a.s[d.sets[ds].st[k]];
        if ((x->mask >> sym) & 1u) {
          if (!seen[x->out]) seen[x->out] = 1, buf[n++] = x->out;
        }
      }
      if (!n) continue;
      closure(&a, buf, &n, seen, stack);
      qsort(buf, (size_t)n, sizeof *buf, cmp_int);
      int created = 0;
      int t = find_or_add(&d, buf, n, &created);
      if (t < 0) {
        rc = sr_error_set(err, SR_ELIMIT, "chunk grammar: more than %d automaton states", SYN_MAX_STATES);
        goto done;
      }
      if ((size_t)d.n * 64 > tcap) { /* grow before writing the new state's row later */
        size_t nc = tcap * 2;
        uint16_t *nt = realloc(trans, nc * sizeof *nt);
        if (!nt) goto done;
        memset(nt + tcap, 0, (nc - tcap) * sizeof *nt);
        trans = nt;
        tcap = nc;
      }
      trans[(size_t)ds * 64 + (size_t)sym] = (uint16_t)t;
    }
  }
  acc = malloc((size_t)d.n * sizeof *acc);
  if (!acc) goto done;
  acc[0] = -1;
  for (int ds = 1; ds < d.n; ds++) {
    int best = -1;
    for (int k = 0; k < d.sets[ds].n; k++) {
      int r = a.s[d.sets[ds].st[k]].accept;
      if (r >= 0 && (best < 0 || r < best)) best = r;
    }
    acc[ds] = (int16_t)best;
  }
  *trans_out = trans;
  *acc_out = acc;
  *nstates = (uint32_t)d.n;
  trans = NULL;
  acc = NULL;
  rc = 0;
done:
  if (rc == SR_ENOMEM && err && !err->msg[0]) sr_error_set(err, rc, "out of memory compiling the chunk grammar");
  for (int i = 1; i < d.n; i++) free(d.sets[i].st);
  free(d.sets), free(buf), free(stack), free(seen), free(trans), free(acc), free(a.s);
  return rc;
}
