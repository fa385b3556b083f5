/* test_io_caps.c - the readers' caps: over-long text lines, JSONL records and
 * feed-item lines reported with their file and line while the rest is kept;
 * HTML nested deeper than libxml2's limit keeps its text; invalid UTF-8 in
 * every field of a document is repaired and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sitrep/io.h"

#define MAXD 8
#define LONG_LINE ((size_t)2 * 1024 * 1024) /* over SR_IO_MAX_LINE (1 MiB, src/io/lines.h) */

typedef struct got {
  int ndocs, nerrs;
  char id[MAXD][128], url[MAXD][128], title[MAXD][128], text[MAXD][512];
  size_t len[MAXD], repaired[MAXD];
  int ecode[MAXD];
  long eline[MAXD];
  char efile[MAXD][256], emsg[MAXD][256];
} got;

static int on_doc(const sr_input_doc *d, void *p) {
  got *g = p;
  if (g->ndocs < MAXD) {
    int i = g->ndocs;
    snprintf(g->id[i], sizeof g->id[i], "%s", d->id);
    snprintf(g->url[i], sizeof g->url[i], "%s", d->url ? d->url : "");
    snprintf(g->title[i], sizeof g->title[i], "%s", d->title ? d->title : "");
    snprintf(g->text[i], sizeof g->text[i], "%.*s", (int)d->len, d->text);
    g->len[i] = d->len;
    g->repaired[i] = d->repaired;
    assert_int_equal(strlen(d->text), d->len);
  }
  g->ndocs++;
  return 0;
}

static void on_err(const sr_error *e, void *p) {
  got *g = p;
  if (g->nerrs < MAXD) {
    g->ecode[g->nerrs] = e->code;
    g->eline[g->nerrs] = e->line;
    snprintf(g->efile[g->nerrs], sizeof g->efile[0], "%s", e->file);
    snprintf(g->emsg[g->nerrs], sizeof g->emsg[0], "%s", e->msg);
  }
  g->nerrs++;
}

static char tmpdir[256];

static const char *write_tmp(const char *name, const char *data, size_t len) {
  static char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
  return path;
}

static int setup(void **s) {
  (void)s;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/sitrep_test_iocaps_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **s) {
  (void)s;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* head + LONG_LINE bytes of fill + tail, malloc'd (caller frees). */
static char *with_long(const char *head, char fill, const char *tail, size_t *n) {
  size_t h = strlen(head), t = strlen(tail);
  char *b = malloc(h + LONG_LINE + t + 1);
  assert_non_null(b);
  memcpy(b, head, h);
  memset(b + h, fill, LONG_LINE);
  memcpy(b + h + LONG_LINE, tail, t + 1);
  *n = h + LONG_LINE + t;
  return b;
}

/* ---- over-long lines */

static void test_text_long_line(void **s) {
  (void)s;
  size_t n;
  char *b = with_long("Rebels attacked the base.\n", 'x', "\nTroops shelled the town.\n", &n);
  const char *p = write_tmp("long.txt", b, n);
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_file(p, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.text[0], "Rebels attacked the base.\nTroops shelled the town.\n");
  assert_int_equal(g.nerrs, 1);
  assert_int_equal(g.ecode[0], SR_ELIMIT);
  assert_int_equal(g.eline[0], 2);
  assert_non_null(strstr(g.efile[0], "long.txt"));
  assert_non_null(strstr(g.emsg[0], "line 2"));
  /* the same from memory */
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_buffer("long.txt", b, n, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.text[0], "Rebels attacked the base.\nTroops shelled the town.\n");
  assert_int_equal(g.eline[0], 2);
  free(b);
}

static void test_text_keeps_its_bytes(void **s) {
  (void)s;
  got g;
  memset(&g, 0, sizeof g);
  const char t[] = "First line.\n\nThird line, no newline at the end.";
  assert_int_equal(sr_read_buffer("a.txt", t, sizeof t - 1, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.text[0], t);
  assert_int_equal(g.nerrs, 0);
}

static void test_text_only_long_line(void **s) {
  (void)s;
  size_t n;
  char *b = with_long("", 'y', "", &n);
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_buffer("one.txt", b, n, NULL, on_doc, on_err, &g, NULL), SR_ELIMIT);
  assert_int_equal(g.ndocs, 0);
  assert_int_equal(g.nerrs, 1);
  assert_int_equal(g.eline[0], 1);
  free(b);
}

static void test_jsonl_text_long_line(void **s) {
  (void)s;
  size_t n;
  char *b = with_long("{\"id\":\"a\",\"text\":\"Rebels attacked the base.\\n", 'z',
                      "\\nTroops shelled the town.\"}\n{\"id\":\"b\",\"text\":\"Police arrested"
                      " ten protesters.\"}\n",
                      &n);
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_buffer("d.jsonl", b, n, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 2);
  assert_string_equal(g.text[0], "Rebels attacked the base.\nTroops shelled the town.");
  assert_string_equal(g.text[1], "Police arrested ten protesters.");
  assert_int_equal(g.nerrs, 1);
  assert_int_equal(g.ecode[0], SR_ELIMIT);
  assert_int_equal(g.eline[0], 1);
  assert_non_null(strstr(g.emsg[0], "document a"));
  free(b);
}

static void test_feed_item_long_line(void **s) {
  (void)s;
  size_t n;
  char *b = with_long("<?xml version=\"1.0\"?><rss><channel>"
                      "<item><guid>i1</guid><description><![CDATA[<p>Rebels attacked the base.</p><p>",
                      'w',
                      "</p><p>Troops shelled the town.</p>]]></description></item>"
                      "<item><guid>i2</guid><description>Police arrested ten protesters."
                      "</description></item></channel></rss>",
                      &n);
  const char *p = write_tmp("feed.xml", b, n);
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_file(p, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 2);
  assert_non_null(strstr(g.text[0], "Rebels attacked the base."));
  assert_non_null(strstr(g.text[0], "Troops shelled the town."));
  assert_null(strstr(g.text[0], "wwww"));
  assert_true(g.len[0] < 200);
  assert_string_equal(g.text[1], "Police arrested ten protesters.");
  assert_int_equal(g.nerrs, 1);
  assert_non_null(strstr(g.emsg[0], "document i1"));
  assert_non_null(strstr(g.efile[0], "feed.xml"));
  free(b);
}

/* ---- deep HTML */

static char *deep_page(const char *open, const char *close, int levels) {
  size_t cap = (strlen(open) + strlen(close)) * (size_t)levels + 512;
  char *h = malloc(cap);
  assert_non_null(h);
  size_t n = (size_t)sprintf(h, "<html><body>");
  for (int i = 0; i < levels; i++) n += (size_t)sprintf(h + n, "%s", open);
  n += (size_t)sprintf(h + n, "<p>The deep text must survive the libxml2 parser intact.</p>");
  for (int i = 0; i < levels; i++) n += (size_t)sprintf(h + n, "%s", close);
  sprintf(h + n, "<p>The text after the deep part must survive too.</p></body></html>");
  return h;
}

static void deep_case(const char *open, const char *close, int levels, int want_unwrapped) {
  char *h = deep_page(open, close, levels);
  char *out = NULL;
  size_t len;
  int notes = -1;
  assert_int_equal(sr_html_to_text_notes(h, strlen(h), &out, &len, NULL, &notes, NULL), 0);
  assert_non_null(strstr(out, "The deep text must survive the libxml2 parser intact."));
  assert_non_null(strstr(out, "The text after the deep part must survive too."));
  assert_int_equal((notes & SR_HTML_UNWRAPPED) != 0, want_unwrapped);
  assert_int_equal(notes & SR_HTML_CUT, 0);
  free(out);
  free(h);
}

static void test_html_deep(void **s) {
  (void)s;
  deep_case("<div>", "</div>", 300, 1);
  deep_case("<div><span>", "</span></div>", 300, 1);
  deep_case("<span><p>", "</p></span>", 300, 1); /* p inside span is not closed by the parser */
  deep_case("<section class=\"a>b\">", "</section>", 5000, 1);
  deep_case("<div>", "</div>", 150, 0); /* within the limit: untouched */
  deep_case("<p>", "", 2000, 0);         /* unclosed paragraphs close each other */
  deep_case("<li>", "", 2000, 0);
}

static void test_html_deep_reader(void **s) {
  (void)s;
  char *h = deep_page("<div><b>", "</b></div>", 400);
  const char *p = write_tmp("deep.html", h, strlen(h));
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_file(p, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_non_null(strstr(g.text[0], "The deep text must survive the libxml2 parser intact."));
  assert_non_null(strstr(g.text[0], "The text after the deep part must survive too."));
  assert_int_equal(g.nerrs, 0);
  free(h);
}

/* ---- invalid UTF-8 */

static void test_utf8_every_field(void **s) {
  (void)s;
  const char j[] = "{\"id\":\"doc\xff\",\"url\":\"https://x.example/\xc3\",\"title\":\"T\xfe\","
                   "\"source\":\"Wire\xe2\x82\",\"text\":\"Rebels \xff attacked the base.\"}\n";
  got g;
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_buffer("u.jsonl", j, sizeof j - 1, NULL, on_doc, on_err, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.id[0], "doc\xEF\xBF\xBD");
  assert_string_equal(g.url[0], "https://x.example/\xEF\xBF\xBD");
  assert_string_equal(g.title[0], "T\xEF\xBF\xBD");
  assert_string_equal(g.text[0], "Rebels \xEF\xBF\xBD attacked the base.");
  assert_int_equal(g.repaired[0], 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_long_line),      cmocka_unit_test(test_text_keeps_its_bytes),
      cmocka_unit_test(test_text_only_long_line), cmocka_unit_test(test_jsonl_text_long_line),
      cmocka_unit_test(test_feed_item_long_line), cmocka_unit_test(test_html_deep),
      cmocka_unit_test(test_html_deep_reader),    cmocka_unit_test(test_utf8_every_field),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
