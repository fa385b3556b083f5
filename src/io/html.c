/* html.c - HTML to plain text with boilerplate removal (sr_html_to_text).
 *
 * 1. libxml2's HTML parser (recovering, no network, default depth limits), on
 *    markup guarded first (markup.c): attributes capped per tag, elements
 *    nested deeper than SR_MARKUP_MAX_DEPTH unwrapped so the parser's depth
 *    limit is not reached and their text is kept.
 * 2. An iterative DOM walk (no recursion, so hostile nesting cannot blow the
 *    stack) cuts the page into blocks at block-level elements. Whole subtrees
 *    are dropped for non-content elements (script, nav, form, ...) and for
 *    elements whose class/id names boilerplate (nav, menu, footer, share,
 *    cookie, ...), unless the same class/id also names content (article,
 *    story, content, main, body, post, entry, text).
 *    Per block: text, length, link-text length, words, heading or not,
 *    inside <article>/<main> or not.
 * 3. Selection by text density: keep blocks of >= 8 words with link density
 *    < 0.33; keep headings and short blocks (>= 3 words, low link density)
 *    that sit between kept blocks or right before one. When the page has an
 *    <article> or <main> holding at least 25 words, only blocks inside it
 *    count. When nothing qualifies (a snippet, an RSS description), every
 *    block with link density <= 0.5 is kept.
 * 4. Short lines (< 12 words) matching boilerplate phrases are removed.
 * Output: kept blocks, one per line. Title: <title>, else the first <h1>.
 */
#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitrep/io.h"
#include "markup.h"

#define MIN_WORDS 8
#define MAX_LINK_DENSITY 0.33
#define ARTICLE_MIN_WORDS 25
#define BOILER_MAX_WORDS 12

static pthread_once_t g_xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

typedef struct blk {
  size_t off, len;   /* in the text pool */
  size_t link_chars; /* bytes of text inside <a> */
  unsigned words;
  unsigned char heading, in_article, keep;
} blk;

typedef struct walker {
  sr_buf pool;   /* all block texts, back to back */
  blk *b;
  size_t nb, cap;
  /* current block */
  size_t cur_off, cur_link;
  unsigned cur_words;
  int cur_heading, cur_article;
  int last_space; /* last byte appended to the current block was a space */
  int in_a, in_article, heading_depth;
  int overflow;
  size_t article_words;
  int have_article;
  sr_buf title, h1;
  int in_title_h1;
} walker;

static const char *const k_drop_tags[] = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "select", "template", "head", "object", "embed", "canvas", "textarea", "option",
    "menu", "dialog", "video", "audio", "map", "math", NULL};
static const char *const k_block_tags[] = {
    "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "article", "section", "main", "pre", "dd", "dt", "dl", "figcaption", "caption", "ul", "ol",
    "table", "br", "hr", "address", "figure", "body", "center", "summary", "details", "tbody",
    "thead", "tfoot", "fieldset", "legend", "hgroup", NULL};
static const char *const k_bad_class[] = {
    "nav", "menu", "footer", "header", "sidebar", "cookie", "share", "social", "breadcrumb",
    "comment", "related", "promo", "subscribe", "newsletter", "advert", "banner", "popup",
    "modal", "widget", "sponsor", "masthead", "toolbar", "pagination", "skip", "hidden",
    "signup", "paywall", NULL};
static const char *const k_bad_class_exact[] = {"ad", "ads", "adv", "nav", "tags", NULL};
static const char *const k_good_class[] = {"article", "story", "content", "main", "body",
                                           "post", "entry", "text", NULL};
static const char *const k_boiler[] = {
    "skip to main content", "skip to content", "skip to navigation", "back to top",
    "share this", "cookie", "all rights reserved", "subscribe", "sign up", "follow us",
    "read more", "advertisement", "log in", "sign in", "privacy policy", "terms of use",
    "terms of service", "click here", "share on", "related articles", "related stories",
    "newsletter", "copyright ©", "javascript", "you may also like", "most read",
    "most popular", "print this", "email this", NULL};

static int in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcasecmp(name, *list) == 0) return 1;
  return 0;
}

/* Split a class/id value into words (non-alnum and lower->upper case
 * changes separate them) and test each word's prefix against the lists. */
static int attr_is_boilerplate(const char *v, int *good) {
  char w[64];
  size_t n = 0;
  int bad = 0;
  for (const char *p = v;; p++) {
    int c = (unsigned char)*p;
    int split = !isalnum(c) ||
                (n > 0 && isupper(c) && p > v && islower((unsigned char)p[-1]));
    if ((split || n >= sizeof w - 1) && n > 0) {
      w[n] = 0;
      for (const char *const *b = k_bad_class; *b; b++)
        if (strncmp(w, *b, strlen(*b)) == 0) bad = 1;
      if (in_list(w, k_bad_class_exact)) bad = 1;
      for (const char *const *g = k_good_class; *g; g++)
        if (strncmp(w, *g, strlen(*g)) == 0) *good = 1;
      n = 0;
    }
    if (!c) break;
    if (isalnum(c) && n < sizeof w - 1) w[n++] = (char)tolower(c);
  }
  return bad;
}

static int node_is_dropped(xmlNode *n) {
  const char *name = (const char *)n->name;
  if (in_list(name, k_drop_tags)) return 1;
  if (strcasecmp(name, "body") == 0 || strcasecmp(name, "html") == 0 ||
      strcasecmp(name, "article") == 0 || strcasecmp(name, "main") == 0)
    return 0;
  int bad = 0, good = 0;
  static const char *const attrs[] = {"class", "id", "role", NULL};
  for (int i = 0; attrs[i]; i++) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
    if (v) {
      if (i == 2) { /* ARIA landmarks that are not content */
        const char *r = (const char *)v;
        if (!strcasecmp(r, "navigation") || !strcasecmp(r, "banner") ||
            !strcasecmp(r, "contentinfo") || !strcasecmp(r, "complementary") ||
            !strcasecmp(r, "search") || !strcasecmp(r, "dialog") || !strcasecmp(r, "menu"))
          bad = 1;
      } else if (attr_is_boilerplate((const char *)v, &good)) {
        bad = 1;
      }
      xmlFree(v);
    }
  }
  /* hidden elements */
  xmlChar *h = xmlGetProp(n, (const xmlChar *)"hidden");
  if (h) {
    xmlFree(h);
    return 1;
  }
  xmlChar *ah = xmlGetProp(n, (const xmlChar *)"aria-hidden");
  if (ah) {
    int t = strcasecmp((const char *)ah, "true") == 0;
    xmlFree(ah);
    if (t) return 1;
  }
  return bad && !good;
}

static void flush_block(walker *w) {
  size_t len = w->pool.len - w->cur_off;
  /* trim a trailing space */
  if (len > 0 && w->pool.data[w->pool.len - 1] == ' ') {
    w->pool.len--;
    w->pool.data[w->pool.len] = 0;
    len--;
  }
  if (len > 0 && !w->overflow) {
    if (w->nb >= w->cap) {
      size_t nc = w->cap ? w->cap * 2 : 128;
      blk *nbk = realloc(w->b, nc * sizeof(blk));
      if (!nbk) {
        w->overflow = 1;
        goto reset;
      }
      w->b = nbk;
      w->cap = nc;
    }
    blk *b = &w->b[w->nb++];
    b->off = w->cur_off;
    b->len = len;
    b->link_chars = w->cur_link;
    b->words = w->cur_words;
    b->heading = (unsigned char)w->cur_heading;
    b->in_article = (unsigned char)w->cur_article;
    b->keep = 0;
    if (w->cur_article) w->article_words += w->cur_words;
  } else {
    w->pool.len = w->cur_off;
    if (w->pool.data) w->pool.data[w->pool.len] = 0;
  }
reset:
  w->cur_off = w->pool.len;
  w->cur_link = 0;
  w->cur_words = 0;
  w->cur_heading = w->heading_depth > 0;
  w->cur_article = w->in_article > 0;
  w->last_space = 1;
}

/* Append text with white space collapsed; NBSP counts as space. */
static void add_text(walker *w, const char *s) {
  if (w->overflow) return;
  const unsigned char *p = (const unsigned char *)s;
  size_t before = w->pool.len;
  if (w->pool.len == w->cur_off) {
    w->cur_heading = w->heading_depth > 0;
    w->cur_article = w->in_article > 0;
  }
  while (*p) {
    size_t run = 0;
    while (p[run] && !(p[run] <= ' ' || (p[run] == 0xC2 && p[run + 1] == 0xA0))) run++;
    if (run) {
      if (sr_buf_append(&w->pool, p, run)) {
        w->overflow = 1;
        return;
      }
      w->cur_words++;
      w->last_space = 0;
      p += run;
    }
    int sp = 0;
    while (*p && (*p <= ' ' || (p[0] == 0xC2 && p[1] == 0xA0))) {
      p += (*p == 0xC2) ? 2 : 1;
      sp = 1;
    }
    if (sp && !w->last_space && w->pool.len > w->cur_off) {
      if (sr_buf_putc(&w->pool, ' ')) {
        w->overflow = 1;
        return;
      }
      w->last_space = 1;
    }
  }
  /* a word cut by an inline tag ("<b>Al</b>eppo") was counted twice: fine */
  if (w->in_a) w->cur_link += w->pool.len - before;
}

static void title_text(sr_buf *b, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int sp = *p <= ' ';
    if (sp) {
      if (b->len && b->data[b->len - 1] != ' ') sr_buf_putc(b, ' ');
    } else {
      sr_buf_putc(b, (char)*p);
    }
  }
}

static int is_heading(const char *name) {
  return (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2];
}

static void take_title(walker *w, xmlNode *t) {
  if (w->title.len) return;
  for (xmlNode *c = t->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      title_text(&w->title, (const char *)c->content);
}

/* Iterative pre-order walk: O(1) extra memory whatever the nesting. State
 * changed on entering an element (link, article, heading) is undone when the
 * walk climbs back through it; only elements we descend into change state. */
static void walk(walker *w, xmlNode *root) {
  xmlNode *n = root;
  int title_h1 = 0; /* gathering the first <h1> */
  while (n) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE && n->name) {
      const char *name = (const char *)n->name;
      if (!strcasecmp(name, "title")) {
        take_title(w, n);
      } else if (!strcasecmp(name, "head")) {
        for (xmlNode *c = n->children; c; c = c->next)
          if (c->type == XML_ELEMENT_NODE && c->name && !strcasecmp((const char *)c->name, "title"))
            take_title(w, c);
      } else if ((w->in_article > 0 && !strcasecmp(name, "header")) || !node_is_dropped(n)) {
        if (in_list(name, k_block_tags)) flush_block(w);
        if (n->children) {
          descend = 1;
          if (!strcasecmp(name, "a")) w->in_a++;
          if (!strcasecmp(name, "article") || !strcasecmp(name, "main")) {
            w->in_article++;
            w->have_article = 1;
          }
          if (is_heading(name)) {
            w->heading_depth++;
            if (name[1] == '1' && w->h1.len == 0) title_h1 = 1;
          }
        }
      }
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
      add_text(w, (const char *)n->content);
      if (title_h1) title_text(&w->h1, (const char *)n->content);
    }
    if (descend) {
      n = n->children;
      continue;
    }
    /* climb until there is a sibling, leaving each element on the way */
    for (;;) {
      if (n == root) return;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n) return;
      const char *name = (const char *)n->name;
      if (n->type == XML_ELEMENT_NODE && name) {
        if (in_list(name, k_block_tags)) flush_block(w);
        if (!strcasecmp(name, "a") && w->in_a > 0) w->in_a--;
        if ((!strcasecmp(name, "article") || !strcasecmp(name, "main")) && w->in_article > 0)
          w->in_article--;
        if (is_heading(name)) {
          if (w->heading_depth > 0) w->heading_depth--;
          if (name[1] == '1') title_h1 = 0;
        }
      }
      if (n == root) return;
    }
  }
}

static int is_boiler_line(const char *s, size_t len, unsigned words) {
  if (words >= BOILER_MAX_WORDS) return 0;
  char low[512];
  size_t n = len < sizeof low - 1 ? len : sizeof low - 1;
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
  low[n] = 0;
  for (const char *const *b = k_boiler; *b; b++)
    if (strstr(low, *b)) return 1;
  return 0;
}

static double link_density(const blk *b) { return b->len ? (double)b->link_chars / (double)b->len : 0; }

static void select_blocks(walker *w) {
  int only_article = w->have_article && w->article_words >= ARTICLE_MIN_WORDS;
  size_t kept_words = 0;
  for (size_t i = 0; i < w->nb; i++) {
    blk *b = &w->b[i];
    if (only_article && !b->in_article) continue;
    if (b->words >= MIN_WORDS && link_density(b) < MAX_LINK_DENSITY) {
      b->keep = 1;
      kept_words += b->words;
    }
  }
  if (kept_words == 0) {
    for (size_t i = 0; i < w->nb; i++) {
      blk *b = &w->b[i];
      if (only_article && !b->in_article) continue;
      if (link_density(b) <= 0.5) b->keep = 1;
    }
  } else {
    /* headings and short blocks next to kept ones */
    for (size_t i = 0; i < w->nb; i++) {
      blk *b = &w->b[i];
      if (b->keep || (only_article && !b->in_article) || link_density(b) >= MAX_LINK_DENSITY)
        continue;
      int next_kept = i + 1 < w->nb && w->b[i + 1].keep == 1;
      int prev_kept = i > 0 && w->b[i - 1].keep == 1;
      if (b->heading && (next_kept || (i + 2 < w->nb && w->b[i + 2].keep == 1)))
        b->keep = 2;
      else if (b->words >= 3 && prev_kept && next_kept)
        b->keep = 2;
    }
  }
  for (size_t i = 0; i < w->nb; i++) {
    blk *b = &w->b[i];
    if (b->keep && is_boiler_line(w->pool.data + b->off, b->len, b->words)) b->keep = 0;
  }
}

/* libxml2 prints some errors that have no parser context (a failed encoding conversion)
 * through its per-thread generic handler, to stderr: the readers report what matters
 * themselves, so these go nowhere. */
static void xml_quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

void sr_markup_quiet_libxml(void) { xmlSetGenericErrorFunc(NULL, xml_quiet); }

/* Parse with libxml2; *cut = 1 when the parser stopped early at its depth limit. */
static htmlDocPtr parse_html(const char *buf, size_t len, int *cut) {
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
             HTML_PARSE_NOBLANKS;
  *cut = 0;
  sr_markup_quiet_libxml();
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buf, (int)len);
  if (!ctxt) return NULL;
  htmlCtxtUseOptions(ctxt, opts);
  htmlParseDocument(ctxt);
  htmlDocPtr doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  const xmlError *e = &ctxt->lastError;
  if (e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth")) *cut = 1;
  htmlFreeParserCtxt(ctxt);
  return doc;
}

int sr_html_to_text(const char *html, size_t len, char **out, size_t *outlen, char **title,
                    sr_error *err) {
  return sr_html_to_text_notes(html, len, out, outlen, title, NULL, err);
}

int sr_html_to_text_notes(const char *html, size_t len, char **out, size_t *outlen, char **title,
                          int *notes, sr_error *err) {
  *out = NULL;
  if (outlen) *outlen = 0;
  if (title) *title = NULL;
  if (notes) *notes = 0;
  if (len > (size_t)SR_IO_MAX_FILE || len > (size_t)0x7fffffff)
    return sr_error_set(err, SR_ELIMIT, "html of %zu bytes is over the %zu-byte limit", len,
                        (size_t)SR_IO_MAX_FILE);
  pthread_once(&g_xml_once, xml_init);
  size_t clen = 0, flen = 0, unwrapped = 0;
  char *capped = len ? sr_markup_cap_attrs(html, len, &clen) : NULL; /* NULL: nothing cut */
  const char *src = capped ? capped : html;
  size_t slen = capped ? clen : len;
  char *flat = slen ? sr_markup_flatten(src, slen, &flen, &unwrapped) : NULL;
  if (flat) {
    src = flat;
    slen = flen;
    if (notes) *notes |= SR_HTML_UNWRAPPED;
  }
  int cut = 0;
  htmlDocPtr doc = slen ? parse_html(src, slen, &cut) : NULL;
  if (cut && notes) *notes |= SR_HTML_CUT;
  free(flat);
  free(capped);
  walker w;
  memset(&w, 0, sizeof w);
  sr_buf_init(&w.pool, SR_IO_MAX_DOC * 2);
  sr_buf_init(&w.title, 4096);
  sr_buf_init(&w.h1, 4096);
  w.last_space = 1;
  if (doc) {
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root) walk(&w, root);
    flush_block(&w);
    xmlFreeDoc(doc);
  }
  int rc = 0;
  sr_buf o;
  sr_buf_init(&o, SR_IO_MAX_DOC);
  if (w.overflow) {
    rc = sr_error_set(err, SR_ELIMIT, "html text over the %zu-byte limit", (size_t)SR_IO_MAX_DOC);
  } else {
    select_blocks(&w);
    for (size_t i = 0; i < w.nb && !rc; i++) {
      if (!w.b[i].keep) continue;
      if (o.len) rc = sr_buf_putc(&o, '\n');
      if (!rc) rc = sr_buf_append(&o, w.pool.data + w.b[i].off, w.b[i].len);
    }
    if (rc == SR_ELIMIT)
      sr_error_set(err, rc, "html text over the %zu-byte limit", (size_t)SR_IO_MAX_DOC);
    else if (rc)
      sr_error_set(err, rc, "out of memory converting html");
  }
  if (!rc) {
    if (!o.data) {
      o.data = malloc(1);
      if (o.data) o.data[0] = 0;
      else rc = sr_error_set(err, SR_ENOMEM, "out of memory converting html");
    }
  }
  if (!rc) {
    *out = o.data;
    if (outlen) *outlen = o.len;
    if (title) {
      sr_buf *t = w.title.len ? &w.title : &w.h1;
      while (t->len && t->data[t->len - 1] == ' ') t->data[--t->len] = 0;
      if (t->len) {
        *title = t->data;
        t->data = NULL;
      }
    }
  } else {
    sr_buf_free(&o);
  }
  sr_buf_free(&w.title);
  sr_buf_free(&w.h1);
  sr_buf_free(&w.pool);
  free(w.b);
  return rc;
}
