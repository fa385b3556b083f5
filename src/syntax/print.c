/* print.c - a sentence's parse as text, for `sitrep parse` and --explain:
 *   tags      word/TAG ...
 *   chunks    [NP the Syrian army] [VG had shelled] ...
 *   clauses   one line each: kind, words, what it hangs on
 *   relations one line per verb group: subject, object, agent and how the subject was found
 */
#include "syn_internal.h"

#include <string.h>

static const char *cl_name(uint8_t k) {
  static const char *N[] = {"?", "main", "relative", "participial", "subordinate", "complement",
                            "infinitive", "coordinated", "attribution"};
  return k < sizeof N / sizeof N[0] ? N[k] : "?";
}

static const char *how_name(uint8_t k) {
  static const char *N[] = {"none", "direct", "relative antecedent", "shared (coordination)",
                            "governing verb's", "control", "reduced relative"};
  return k < sizeof N / sizeof N[0] ? N[k] : "?";
}

static int span(sr_buf *b, const sr_text *t, uint32_t i, uint32_t j) {
  if (j <= i) return sr_buf_printf(b, "-");
  uint32_t o = t->tok[i].off, e = t->tok[j - 1].off + t->tok[j - 1].len;
  return sr_buf_printf(b, "%.*s", (int)(e - o), t->src + o);
}

static int chunk_text(sr_buf *b, const sr_text *t, const sr_parse *p, int32_t k) {
  if (k < 0) return sr_buf_printf(b, "-");
  int rc = sr_buf_putc(b, '"');
  rc |= span(b, t, p->ch[k].b, p->ch[k].e);
  return rc | sr_buf_putc(b, '"');
}

static int vg_feats(sr_buf *b, uint16_t f) {
  static const char *N[] = {"passive", "neg", "modal", "future", "perfect", "progressive", "past",
                            "infinitive", "-ing", "participle", "finite", "base", "copula"};
  int rc = 0;
  for (int i = 0; i < 13; i++)
    if (f & (1u << i)) rc |= sr_buf_printf(b, " %s", N[i]);
  return rc;
}

int sr_syn_print(const sr_syn *s, const sr_text *t, const sr_parse *p, uint32_t si, sr_buf *b) {
  (void)s;
  const sr_sentence *st = &t->sent[si];
  uint32_t e = st->tok_end;
  if (e - st->tok_begin > SR_TEXT_MAX_SENT_TOKENS) e = st->tok_begin + SR_TEXT_MAX_SENT_TOKENS;
  int rc = sr_buf_printf(b, "tags:");
  for (uint32_t i = st->tok_begin; i < e; i++) {
    rc |= sr_buf_putc(b, ' ');
    rc |= span(b, t, i, i + 1);
    rc |= sr_buf_printf(b, "/%s", sr_syn_symname(p->tag[i]));
    if (p->sym[i] != p->tag[i]) rc |= sr_buf_printf(b, "=%s", sr_syn_symname(p->sym[i]));
  }
  rc |= sr_buf_printf(b, "\nchunks:");
  for (uint32_t i = st->tok_begin; i < e;) {
    int32_t k = p->chunk_of[i];
    if (k < 0) {
      rc |= sr_buf_putc(b, ' ');
      rc |= span(b, t, i, i + 1);
      i++;
      continue;
    }
    const sr_chunk *c = &p->ch[k];
    rc |= sr_buf_printf(b, " [%s ", c->kind == SR_CH_NP ? "NP" : c->kind == SR_CH_VG ? "VG" : "XP");
    rc |= span(b, t, c->b, c->e);
    rc |= sr_buf_printf(b, "]");
    i = c->e;
  }
  rc |= sr_buf_putc(b, '\n');
  for (uint32_t k = p->sent_cl[si]; k < p->sent_cl[si + 1]; k++) {
    const sr_clause *c = &p->cl[k];
    rc |= sr_buf_printf(b, "clause %u %s: ", k - p->sent_cl[si], cl_name(c->kind));
    rc |= span(b, t, c->b, c->e);
    if (c->parent >= 0) rc |= sr_buf_printf(b, "  (in clause %u)", (uint32_t)c->parent - p->sent_cl[si]);
    if (c->anchor >= 0) {
      rc |= sr_buf_printf(b, "  modifies ");
      rc |= chunk_text(b, t, p, c->anchor);
    }
    rc |= sr_buf_putc(b, '\n');
  }
  for (uint32_t k = p->sent_ch[si]; k < p->sent_ch[si + 1]; k++) {
    const sr_chunk *c = &p->ch[k];
    if (c->kind == SR_CH_VG) {
      rc |= sr_buf_printf(b, "verb ");
      rc |= chunk_text(b, t, p, (int32_t)k);
      rc |= vg_feats(b, c->feat);
      rc |= sr_buf_printf(b, ": subject ");
      rc |= chunk_text(b, t, p, c->subj);
      rc |= sr_buf_printf(b, " (%s), object ", how_name(c->subj_how));
      rc |= chunk_text(b, t, p, c->obj);
      if (c->agent >= 0) {
        rc |= sr_buf_printf(b, ", by ");
        rc |= chunk_text(b, t, p, c->agent);
      }
      rc |= sr_buf_putc(b, '\n');
    } else if (c->kind == SR_CH_NP && (c->prep >= 0 || c->poss >= 0 || c->conj >= 0 || c->appos >= 0)) {
      rc |= sr_buf_printf(b, "noun ");
      rc |= chunk_text(b, t, p, (int32_t)k);
      if (c->prep >= 0) {
        rc |= sr_buf_printf(b, " after '");
        rc |= span(b, t, (uint32_t)c->prep, (uint32_t)c->prep + 1);
        rc |= sr_buf_printf(b, "' on ");
        rc |= chunk_text(b, t, p, c->attach);
      }
      if (c->poss >= 0) rc |= sr_buf_printf(b, " owner "), rc |= chunk_text(b, t, p, c->poss);
      if (c->conj >= 0) rc |= sr_buf_printf(b, " and "), rc |= chunk_text(b, t, p, c->conj);
      if (c->appos >= 0) rc |= sr_buf_printf(b, " = "), rc |= chunk_text(b, t, p, c->appos);
      rc |= sr_buf_putc(b, '\n');
    }
  }
  return rc ? SR_ENOMEM : 0;
}
