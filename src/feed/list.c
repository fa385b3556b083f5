/* src/feed/list.c - the watch list, the backoff schedule, per-host politeness and
 * documents as queue messages (see sitrep/feed.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitrep/feed.h"

static void list_problem(sr_err_fn on_err, void *payload, const char *name, long line, int code,
                         const char *fmt, const char *arg) {
  if (!on_err) return;
  sr_error e;
  sr_error_clear(&e);
  sr_error_set(&e, code, fmt, arg);
  sr_error_at(&e, name, line, -1);
  on_err(&e, payload);
}

int sr_source_list_parse(const char *name, const char *text, size_t len, sr_source_list *out,
                         sr_err_fn on_err, void *payload, sr_error *err) {
  memset(out, 0, sizeof *out);
  size_t cap = 0;
  long line = 0;
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    line++;
    size_t n = (size_t)(le - p);
    const char *q = p;
    p = nl ? nl + 1 : end;
    if (n > SR_FEED_MAX_LINE) {
      list_problem(on_err, payload, name, line, SR_ELIMIT, "line over %s bytes; skipped", "8192");
      continue;
    }
    char buf[SR_FEED_MAX_LINE + 1];
    memcpy(buf, q, n);
    buf[n] = 0;
    char *hash = strchr(buf, '#');
    /* '#' starts a comment only at the start or after a blank (URLs have fragments) */
    while (hash && hash != buf && !isspace((unsigned char)hash[-1])) hash = strchr(hash + 1, '#');
    if (hash) *hash = 0;
    char *tok[3] = {0};
    int nt = 0;
    for (char *s = strtok(buf, " \t\r"); s && nt < 3; s = strtok(NULL, " \t\r")) tok[nt++] = s;
    if (nt == 0) continue;
    sr_source_kind kind = SR_SRC_FEED;
    const char *url = tok[0];
    if (nt >= 2) {
      if (!strcmp(tok[0], "feed")) kind = SR_SRC_FEED;
      else if (!strcmp(tok[0], "page")) kind = SR_SRC_PAGE;
      else {
        list_problem(on_err, payload, name, line, SR_EINPUT,
                     "unknown kind '%.40s' (want 'feed URL' or 'page URL'); skipped", tok[0]);
        continue;
      }
      url = tok[1];
      if (nt > 2) {
        list_problem(on_err, payload, name, line, SR_EINPUT, "extra words after the URL ('%.40s'); skipped",
                     tok[2]);
        continue;
      }
    } else if (!strcmp(url, "feed") || !strcmp(url, "page")) {
      list_problem(on_err, payload, name, line, SR_EINPUT, "'%s' without a URL; skipped", url);
      continue;
    }
    if (strlen(url) > SR_FEED_MAX_URL) {
      list_problem(on_err, payload, name, line, SR_ELIMIT, "URL over %s bytes; skipped", "2048");
      continue;
    }
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
      list_problem(on_err, payload, name, line, SR_EINPUT,
                   "'%.80s': only http:// and https:// URLs are watched; skipped", url);
      continue;
    }
    char host[256];
    if (sr_url_host(url, host, sizeof host)) {
      list_problem(on_err, payload, name, line, SR_EINPUT, "'%.80s': no host in the URL; skipped", url);
      continue;
    }
    int dup = 0;
    for (size_t i = 0; i < out->n && !dup; i++) dup = !strcmp(out->v[i].url, url);
    if (dup) {
      list_problem(on_err, payload, name, line, SR_EINPUT, "'%.80s' is listed twice; the first is kept", url);
      continue;
    }
    if (out->n >= SR_FEED_MAX_SOURCES) {
      sr_error_set(err, SR_ELIMIT, "%s:%ld: over %d sources in one list", name, line, SR_FEED_MAX_SOURCES);
      sr_source_list_free(out);
      return SR_ELIMIT;
    }
    if (out->n == cap) {
      size_t nc = cap ? cap * 2 : 16;
      sr_source *v = realloc(out->v, nc * sizeof *v);
      if (!v) {
        sr_source_list_free(out);
        return sr_error_set(err, SR_ENOMEM, "out of memory");
      }
      out->v = v, cap = nc;
    }
    char *u = strdup(url);
    if (!u) {
      sr_source_list_free(out);
      return sr_error_set(err, SR_ENOMEM, "out of memory");
    }
    out->v[out->n++] = (sr_source){u, kind, line};
  }
  return 0;
}

void sr_source_list_free(sr_source_list *l) {
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) free(l->v[i].url);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

long sr_feed_backoff(int failures, long base, long max) {
  if (failures <= 0 || base <= 0) return 0;
  long d = base;
  for (int i = 1; i < failures && d < max; i++) d = d > max / 2 ? max : d * 2;
  return d > max ? max : d;
}

/* ---- hosts: a small open list (a watch list has hundreds of hosts, not millions) */
typedef struct host_slot {
  char name[256];
  long long last_ms;
} host_slot;
struct sr_hosts {
  host_slot *v;
  size_t n, cap;
};

sr_hosts *sr_hosts_new(void) { return calloc(1, sizeof(sr_hosts)); }
void sr_hosts_free(sr_hosts *h) {
  if (!h) return;
  free(h->v);
  free(h);
}

static host_slot *host_find(const sr_hosts *h, const char *host) {
  for (size_t i = 0; i < h->n; i++)
    if (!strcmp(h->v[i].name, host)) return &h->v[i];
  return NULL;
}

long long sr_hosts_wait(const sr_hosts *h, const char *host, long long now_ms, long long delay_ms) {
  const host_slot *s = host_find(h, host);
  if (!s) return 0;
  long long ready = s->last_ms + delay_ms;
  return ready > now_ms ? ready - now_ms : 0;
}

int sr_hosts_note(sr_hosts *h, const char *host, long long now_ms) {
  host_slot *s = host_find(h, host);
  if (!s) {
    if (h->n == h->cap) {
      size_t nc = h->cap ? h->cap * 2 : 32;
      host_slot *v = realloc(h->v, nc * sizeof *v);
      if (!v) return SR_ENOMEM;
      h->v = v, h->cap = nc;
    }
    s = &h->v[h->n++];
    snprintf(s->name, sizeof s->name, "%s", host);
  }
  s->last_ms = now_ms;
  return 0;
}

int sr_url_host(const char *url, char *out, size_t cap) {
  const char *p = strstr(url, "://");
  if (!p || cap == 0) return SR_EINPUT;
  p += 3;
  const char *at = NULL;
  const char *e = p + strcspn(p, "/?#");
  for (const char *q = p; q < e; q++)
    if (*q == '@') at = q;
  if (at) p = at + 1;
  const char *hend = p;
  if (*p == '[') { /* IPv6 literal */
    const char *rb = memchr(p, ']', (size_t)(e - p));
    if (!rb) return SR_EINPUT;
    hend = rb + 1;
  } else {
    while (hend < e && *hend != ':') hend++;
  }
  size_t n = (size_t)(hend - p);
  if (n == 0 || n >= cap) return SR_EINPUT;
  for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)p[i]);
  out[n] = 0;
  return 0;
}

/* ---- documents as messages */
int sr_doc_to_jsonl(const sr_input_doc *d, sr_buf *out) {
  int rc = sr_buf_append(out, "{\"id\":", 6);
  if (!rc) rc = sr_buf_json_str(out, d->id, strlen(d->id));
  const char *names[] = {"date", "title", "url", "source"};
  const char *vals[] = {d->date, d->title, d->url, d->source};
  for (int i = 0; i < 4 && !rc; i++) {
    if (!vals[i] || !*vals[i]) continue;
    rc = sr_buf_printf(out, ",\"%s\":", names[i]);
    if (!rc) rc = sr_buf_json_str(out, vals[i], strlen(vals[i]));
  }
  if (!rc) rc = sr_buf_append(out, ",\"text\":", 8);
  if (!rc) rc = sr_buf_json_str(out, d->text, d->len);
  if (!rc) rc = sr_buf_append(out, "}\n", 2);
  return rc;
}

void sr_doc_msgid(const char *id, const char *text, size_t len, char *out, size_t cap) {
  snprintf(out, cap, "%016llx-%016llx", (unsigned long long)sr_hash64(id, strlen(id)),
           (unsigned long long)sr_hash64(text, len));
}
