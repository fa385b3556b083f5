/* test_io.c - HTML to text, and the txt/html/jsonl/rss readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sitrep/io.h"

/* ---- collecting callbacks */

#define MAXD 16
typedef struct got {
  int ndocs, nerrs;
  char id[MAXD][128], date[MAXD][16], title[MAXD][128], text[MAXD][1024];
  long line[MAXD];
  size_t repaired[MAXD];
  int ecode[MAXD];
  long eline[MAXD];
  char emsg[MAXD][256];
} got;

static int on_doc(const sr_input_doc *d, void *p) {
  got *g = p;
  if (g->ndocs < MAXD) {
    int i = g->ndocs;
    snprintf(g->id[i], sizeof g->id[i], "%s", d->id);
    snprintf(g->date[i], sizeof g->date[i], "%s", d->date ? d->date : "");
    snprintf(g->title[i], sizeof g->title[i], "%s", d->title ? d->title : "");
    snprintf(g->text[i], sizeof g->text[i], "%.*s", (int)d->len, d->text);
    g->line[i] = d->line;
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

static int read_path(const char *path, const char *date, got *g, sr_read_stats *st) {
  memset(g, 0, sizeof *g);
  sr_read_opts o = {SR_FMT_AUTO, date};
  return sr_read_file(path, &o, on_doc, on_err, g, st);
}

static int setup(void **s) {
  (void)s;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/sitrep_test_io_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **s) {
  (void)s;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* ---- HTML */

static const char k_page[] =
    "<!DOCTYPE html><html><head><title>Rebels seize Hamdan &amp; hills | Daily</title>"
    "<script>document.write('<p>injected text that is long enough to count</p>')</script>"
    "<style>p { color: red }</style></head><body>"
    "<a href=\"#c\">Skip to main content</a>"
    "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World news</a></li>"
    "</ul></nav></header>"
    "<div class=\"cookie-banner\">We use cookies to give you the best experience on our site "
    "today.</div>"
    "<div class=\"topMenu\"><a href=\"/a\">Politics</a> <a href=\"/b\">Business</a></div>"
    "<main><article><header><h1>Rebels seize town of Hamdan</h1></header>"
    "<p>Rebel fighters seized the town of Hamdan on Tuesday after two days of heavy fighting, "
    "residents said.</p>"
    "<div class=\"social-share\"><a href=\"#\">Share this on Facebook and Twitter now</a></div>"
    "<p>The army said it had withdrawn &#8220;to protect civilians&#8221; and would retake the "
    "town.</p>"
    "<h2>Casualties</h2>"
    "<p>At least 12 civilians were killed in air strikes on the market, a doctor told "
    "reporters.</p>"
    "<p>Advertisement</p>"
    "<p><a href=\"/x\">Army retakes hill near the border town after a long siege by rebel "
    "fighters</a></p>"
    "</article></main>"
    "<aside class=\"sidebar\"><p>Most popular stories this week from around the world and the "
    "region</p></aside>"
    "<footer><p>Copyright 2024 Daily News. All rights reserved.</p></footer>"
    "<div id=\"comments\"><p>Great article, thanks for writing it, I learned a lot about this "
    "today!</p></div><p>Back to top</p></body></html>";

static void test_html_boilerplate(void **s) {
  (void)s;
  char *out = NULL, *title = NULL;
  size_t len = 0;
  sr_error e;
  assert_int_equal(sr_html_to_text(k_page, sizeof k_page - 1, &out, &len, &title, &e), 0);
  assert_string_equal(title, "Rebels seize Hamdan & hills | Daily");
  assert_string_equal(out,
                      "Rebels seize town of Hamdan\n"
                      "Rebel fighters seized the town of Hamdan on Tuesday after two days of "
                      "heavy fighting, residents said.\n"
                      "The army said it had withdrawn \xE2\x80\x9Cto protect civilians\xE2\x80\x9D"
                      " and would retake the town.\n"
                      "Casualties\n"
                      "At least 12 civilians were killed in air strikes on the market, a doctor "
                      "told reporters.");
  assert_int_equal(strlen(out), len);
  free(out);
  free(title);
}

static void test_html_snippet_and_plain(void **s) {
  (void)s;
  char *out = NULL, *title = NULL;
  size_t len = 0;
  const char *snip = "Rebels <b>seized</b> Hamdan.";
  assert_int_equal(sr_html_to_text(snip, strlen(snip), &out, &len, &title, NULL), 0);
  assert_string_equal(out, "Rebels seized Hamdan.");
  assert_null(title);
  free(out);
  assert_int_equal(sr_html_to_text("", 0, &out, &len, NULL, NULL), 0);
  assert_string_equal(out, "");
  free(out);
  const char *h1 = "<body><h1>Army shells Idlib</h1><p>Shelling hit Idlib overnight, killing "
                   "four people including two children.</p></body>";
  assert_int_equal(sr_html_to_text(h1, strlen(h1), &out, &len, &title, NULL), 0);
  assert_string_equal(title, "Army shells Idlib");
  assert_string_equal(out, "Army shells Idlib\nShelling hit Idlib overnight, killing four people "
                           "including two children.");
  free(out);
  free(title);
}

static void test_html_hostile_nesting(void **s) {
  (void)s;
  size_t depth = 100000;
  size_t cap = depth * 10 + 100;
  char *h = malloc(cap);
  size_t n = 0;
  for (size_t i = 0; i < depth; i++) n += (size_t)sprintf(h + n, i % 2 ? "<div>" : "<b>");
  n += (size_t)sprintf(h + n, "deep text here");
  char *out = NULL;
  size_t len;
  int rc = sr_html_to_text(h, n, &out, &len, NULL, NULL);
  assert_int_equal(rc, 0); /* no crash, no stack overflow */
  free(out);
  free(h);
}

/* ---- readers */

static void test_read_text_file(void **s) {
  (void)s;
  got g;
  sr_read_stats st = {0};
  const char t[] = "Skip to main content\nRebels attacked the base.\r\nBack to top\nBad \xFF byte.";
  const char *p = write_tmp("report.txt", t, sizeof t - 1);
  assert_int_equal(read_path(p, "2020-01-02", &g, &st), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.id[0], "report.txt");
  assert_string_equal(g.date[0], "2020-01-02");
  assert_string_equal(g.text[0], "Rebels attacked the base.\nBad \xEF\xBF\xBD byte.");
  assert_int_equal(g.repaired[0], 1);
  assert_int_equal(st.docs, 1);
  /* sniffed: no extension */
  const char *p2 = write_tmp("noext", "Just words.", 11);
  assert_int_equal(read_path(p2, NULL, &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.date[0], "");
}

static void test_read_html_file(void **s) {
  (void)s;
  got g;
  const char *p = write_tmp("page.html", k_page, sizeof k_page - 1);
  assert_int_equal(read_path(p, "2021-05-06", &g, NULL), 0);
  assert_int_equal(g.ndocs, 1);
  assert_string_equal(g.title[0], "Rebels seize Hamdan & hills | Daily");
  assert_non_null(strstr(g.text[0], "Rebel fighters seized"));
  assert_null(strstr(g.text[0], "cookie"));
  /* sniffed html without an extension */
  const char *p2 = write_tmp("page_noext", "<!doctype html><p>Hello world.</p>", 34);
  assert_int_equal(read_path(p2, NULL, &g, NULL), 0);
  assert_string_equal(g.text[0], "Hello world.");
}

static void test_read_jsonl(void **s) {
  (void)s;
  got g;
  sr_read_stats st = {0};
  const char j[] =
      "{\"id\":\"a1\",\"date\":\"2018-09-12\",\"title\":\"T\",\"text\":\"Rebels attacked.\"}\n"
      "\n"
      "{\"id\": 42, \"date\": \"2018-09-12T14:30:00Z\", \"text\": \"Second doc.\"}\r\n"
      "{\"text\": \"No id here.\", \"date\": \"2018-02-30\"}\n"
      "{\"id\":\"bad\", \"text\": \"unterminated}\n"
      "[1,2,3]\n"
      "{\"id\":\"notext\",\"title\":\"only a title\"}\n"
      "{\"id\":\"h\",\"html\":\"<p>From <b>html</b> field.</p><nav>menu</nav>\"}\n"
      "{\"id\":\"bin\",\"text\":\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\"}\n"
      "{\"id\":\"last\",\"text\":\"No newline at end.\"}";
  const char *p = write_tmp("docs.jsonl", j, sizeof j - 1);
  assert_int_equal(read_path(p, "2000-01-01", &g, &st), 0);
  assert_int_equal(g.ndocs, 5);
  assert_string_equal(g.id[0], "a1");
  assert_string_equal(g.text[0], "Rebels attacked."); /* title not prepended */
  assert_string_equal(g.title[0], "T");
  assert_int_equal(g.line[0], 1);
  assert_string_equal(g.id[1], "42");
  assert_string_equal(g.date[1], "2018-09-12");
  assert_int_equal(g.line[1], 3);
  assert_string_equal(g.id[2], "docs.jsonl:4");
  assert_string_equal(g.date[2], "2000-01-01"); /* invalid date -> default, reported */
  assert_string_equal(g.text[3], "From html field.");
  assert_string_equal(g.id[4], "last");
  assert_int_equal(g.line[4], 10);
  assert_int_equal(g.nerrs, 5);
  assert_int_equal(st.errors, 5);
  assert_int_equal(g.eline[0], 4); /* bad date */
  assert_int_equal(g.eline[1], 5); /* malformed */
  assert_non_null(strstr(g.emsg[1], "malformed JSON"));
  assert_int_equal(g.ecode[1], SR_EINPUT);
  assert_int_equal(g.eline[2], 6); /* not an object */
  assert_int_equal(g.eline[3], 7); /* no text */
  assert_int_equal(g.eline[4], 9); /* binary text */
  assert_non_null(strstr(g.emsg[4], "binary"));
}

static void test_read_jsonl_huge_line(void **s) {
  (void)s;
  char path[512];
  snprintf(path, sizeof path, "%s/huge.jsonl", tmpdir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs("{\"id\":\"a\",\"text\":\"First.\"}\n{\"id\":\"big\",\"text\":\"", f);
  char chunk[65536];
  memset(chunk, 'x', sizeof chunk);
  for (int i = 0; i < 20 * 16; i++) fwrite(chunk, 1, sizeof chunk, f); /* 20 MiB */
  fputs("\"}\n{\"id\":\"b\",\"text\":\"After.\"}\n", f);
  fclose(f);
  got g;
  assert_int_equal(read_path(path, NULL, &g, NULL), 0);
  assert_int_equal(g.ndocs, 2);
  assert_string_equal(g.id[1], "b");
  assert_int_equal(g.line[1], 3);
  assert_int_equal(g.nerrs, 1);
  assert_int_equal(g.ecode[0], SR_ELIMIT);
  assert_int_equal(g.eline[0], 2);
  assert_non_null(strstr(g.emsg[0], "line 2: longer than the"));
  /* the same through the in-memory reader */
  const char mem[] = "{\"id\":\"m\",\"text\":\"x\"}\n";
  memset(&g, 0, sizeof g);
  assert_int_equal(sr_read_buffer("mem.jsonl", mem, sizeof mem - 1, NULL, on_doc, on_err, &g,
                                  NULL),
                   0);
  assert_int_equal(g.ndocs, 1);
  unlink(path);
}

static void test_read_rss_atom(void **s) {
  (void)s;
  got g;
  const char rss[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
      "<channel><title>Feed</title>\n"
      "<item><title>Army shells Idlib</title><link>http://x/1</link>"
      "<guid>urn:1</guid><pubDate>Wed, 12 Sep 2018 14:30:00 +0000</pubDate>"
      "<description>&lt;p&gt;Shelling hit &lt;b&gt;Idlib&lt;/b&gt; overnight.&lt;/p&gt;"
      "</description></item>\n"
      "<item><title>Second</title><link>http://x/2</link>"
      "<description>Short text.</description>"
      "<content:encoded><![CDATA[<p>Full text of the second item.</p>]]></content:encoded>"
      "</item>\n"
      "<item><title>Headline only item</title></item>\n"
      "</channel></rss>\n";
  const char *p = write_tmp("feed.rss", rss, sizeof rss - 1);
  assert_int_equal(read_path(p, "1999-12-31", &g, NULL), 0);
  assert_int_equal(g.ndocs, 3);
  assert_string_equal(g.id[0], "urn:1");
  assert_string_equal(g.date[0], "2018-09-12");
  assert_string_equal(g.title[0], "Army shells Idlib");
  assert_string_equal(g.text[0], "Shelling hit Idlib overnight.");
  assert_int_equal(g.line[0], 4);
  assert_string_equal(g.id[1], "http://x/2");
  assert_string_equal(g.date[1], "1999-12-31");
  assert_string_equal(g.text[1], "Full text of the second item.");
  assert_string_equal(g.text[2], "Headline only item");
  assert_int_equal(g.nerrs, 0);

  const char atom[] =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>\n"
      "<entry><title>Clashes in Deir ez-Zor</title>"
      "<link rel=\"alternate\" href=\"http://y/1\"/><id>tag:y,2019:1</id>"
      "<updated>2019-03-04T10:00:00Z</updated>"
      "<content type=\"html\">&lt;p&gt;Clashes erupted near the river.&lt;/p&gt;</content>"
      "</entry>\n"
      "<entry><title>X</title><id>tag:y,2019:2</id><published>2019-03-05</published>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Inline "
      "<b>xhtml</b> body.</p></div></content></entry>\n"
      "</feed>";
  /* no extension: sniffed as a feed */
  p = write_tmp("atomfeed", atom, sizeof atom - 1);
  assert_int_equal(read_path(p, NULL, &g, NULL), 0);
  assert_int_equal(g.ndocs, 2);
  assert_string_equal(g.id[0], "tag:y,2019:1");
  assert_string_equal(g.date[0], "2019-03-04");
  assert_string_equal(g.text[0], "Clashes erupted near the river.");
  assert_string_equal(g.date[1], "2019-03-05");
  assert_string_equal(g.text[1], "Inline xhtml body.");
}

static void test_read_xxe_not_expanded(void **s) {
  (void)s;
  got g;
  const char x[] = "<?xml version=\"1.0\"?>\n"
                   "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
                   "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                   "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                   "<rss><channel><item><title>t</title>"
                   "<description>Leak &xxe; and &c; end.</description></item></channel></rss>";
  const char *p = write_tmp("xxe.xml", x, sizeof x - 1);
  read_path(p, NULL, &g, NULL);
  for (int i = 0; i < g.ndocs && i < MAXD; i++) {
    assert_null(strstr(g.text[i], "root:"));
    assert_null(strstr(g.text[i], "aaaaaaaaaaaaaaaaaaaa"));
  }
}

static void test_read_bad_files(void **s) {
  (void)s;
  got g;
  /* empty */
  const char *p = write_tmp("empty.txt", "", 0);
  assert_int_equal(read_path(p, NULL, &g, NULL), SR_EINPUT);
  assert_int_equal(g.ndocs, 0);
  assert_int_equal(g.nerrs, 1);
  assert_non_null(strstr(g.emsg[0], "empty input"));
  p = write_tmp("empty.jsonl", "\n\n  \n", 5);
  assert_int_equal(read_path(p, NULL, &g, NULL), SR_EINPUT);
  assert_non_null(strstr(g.emsg[0], "empty input"));
  /* binary */
  char bin[4096];
  for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)(i * 7 % 256);
  p = write_tmp("blob.txt", bin, sizeof bin);
  assert_int_equal(read_path(p, NULL, &g, NULL), SR_EINPUT);
  assert_non_null(strstr(g.emsg[0], "binary"));
  assert_non_null(strstr(g.emsg[0], "blob.txt"));
  p = write_tmp("blob.jsonl", bin, sizeof bin);
  assert_int_equal(read_path(p, NULL, &g, NULL), SR_EINPUT);
  assert_int_equal(g.nerrs, 1);
  /* missing */
  assert_int_equal(read_path("/nonexistent/x.txt", NULL, &g, NULL), SR_EIO);
  assert_int_equal(g.nerrs, 1);
  /* a text document over the document limit */
  char path[512];
  snprintf(path, sizeof path, "%s/big.txt", tmpdir);
  FILE *f = fopen(path, "wb");
  char chunk[65536];
  memset(chunk, 'a', sizeof chunk);
  for (int i = 0; i < 16 * 9; i++) fwrite(chunk, 1, sizeof chunk, f);
  fclose(f);
  assert_int_equal(read_path(path, NULL, &g, NULL), SR_ELIMIT);
  assert_int_equal(g.ndocs, 0);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_html_boilerplate),   cmocka_unit_test(test_html_snippet_and_plain),
      cmocka_unit_test(test_html_hostile_nesting), cmocka_unit_test(test_read_text_file),
      cmocka_unit_test(test_read_html_file),     cmocka_unit_test(test_read_jsonl),
      cmocka_unit_test(test_read_jsonl_huge_line), cmocka_unit_test(test_read_rss_atom),
      cmocka_unit_test(test_read_xxe_not_expanded), cmocka_unit_test(test_read_bad_files),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
