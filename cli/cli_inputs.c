/* cli/cli_inputs.c - the input list of `sitrep ingest` (see cli_inputs.h). */
#include "cli_inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

void cli_path_normalize(const char *path, char *out, size_t cap) {
  if (!cap) return;
  size_t n = 0;
  int abs = path[0] == '/';
  if (abs && n + 1 < cap) out[n++] = '/';
  for (const char *p = path; *p;) {
    while (*p == '/') p++;
    const char *e = p;
    while (*e && *e != '/') e++;
    size_t len = (size_t)(e - p);
    if (len && !(len == 1 && p[0] == '.')) {
      if (n && out[n - 1] != '/' && n + 1 < cap) out[n++] = '/';
      for (size_t i = 0; i < len && n + 1 < cap; i++) out[n++] = p[i];
    }
    p = e;
  }
  if (n == 0 && cap > 1) out[n++] = abs ? '/' : '.';
  out[n] = 0;
}

static int push(cli_inputs *in, const char *path, dev_t dev, ino_t ino) {
  if (in->n >= CLI_WALK_MAX_FILES) {
    cli_errorf("more than %d input files; name fewer or narrow them with --glob", CLI_WALK_MAX_FILES);
    return -1;
  }
  if (in->n == in->cap) {
    size_t nc = in->cap ? in->cap * 2 : 64;
    cli_input *nv = realloc(in->v, nc * sizeof *nv);
    if (!nv) {
      cli_errorf("out of memory listing the inputs");
      return -1;
    }
    in->v = nv, in->cap = nc;
  }
  char norm[PATH_MAX];
  cli_path_normalize(path, norm, sizeof norm);
  char *p = strdup(norm);
  if (!p) {
    cli_errorf("out of memory listing the inputs");
    return -1;
  }
  in->v[in->n++] = (cli_input){p, dev, ino};
  return 0;
}

/* A name the readers take by its extension, or one without an extension (sniffed). */
static int known_name(const char *name) {
  static const char *const ext[] = {"txt", "text", "html", "htm", "xhtml", "jsonl",
                                    "ndjson", "json", "xml", "rss", "atom"};
  const char *dot = strrchr(name, '.');
  if (!dot) return 1;
  for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
    if (!strcasecmp(dot + 1, ext[i])) return 1;
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir (without "." , ".." and hidden ones), sorted; NULL on error (errno). */
static char **list_dir(const char *dir, size_t *count, int *too_many) {
  DIR *d = opendir(dir);
  *count = 0;
  *too_many = 0;
  if (!d) return NULL;
  size_t n = 0, cap = 32;
  char **v = malloc(cap * sizeof *v);
  struct dirent *e;
  while (v && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == CLI_WALK_MAX_ENTRIES) {
      *too_many = 1;
      break;
    }
    if (n == cap) {
      char **nv = realloc(v, cap * 2 * sizeof *v);
      if (!nv) break;
      v = nv, cap *= 2;
    }
    if (!(v[n] = strdup(e->d_name))) break;
    n++;
  }
  closedir(d);
  if (!v) return NULL;
  qsort(v, n, sizeof *v, by_name);
  *count = n;
  return v;
}

typedef struct walk {
  cli_inputs *in;
  const char *glob;
  dev_t dev[CLI_WALK_MAX_DEPTH + 1]; /* the directories above, to see a loop */
  ino_t ino[CLI_WALK_MAX_DEPTH + 1];
} walk;

static int walk_dir(walk *w, const char *dir, int depth);

static int walk_entry(walk *w, const char *dir, const char *name, int depth) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
    cli_errorf("%s/%s: path too long, skipped", dir, name);
    w->in->problems++;
    return 0;
  }
  struct stat st;
  if (stat(path, &st) != 0) {
    cli_errorf("%s: %s, skipped", path, strerror(errno)); /* a dangling symlink */
    w->in->problems++;
    return 0;
  }
  if (S_ISDIR(st.st_mode)) {
    for (int k = 0; k <= depth; k++)
      if (w->dev[k] == st.st_dev && w->ino[k] == st.st_ino) {
        cli_errorf("%s: warning: a link back to a directory above it (loop), not followed", path);
        return 0;
      }
    if (depth + 1 > CLI_WALK_MAX_DEPTH) {
      cli_errorf("%s: more than %d directory levels deep, skipped", path, CLI_WALK_MAX_DEPTH);
      w->in->problems++;
      return 0;
    }
    w->dev[depth + 1] = st.st_dev, w->ino[depth + 1] = st.st_ino;
    return walk_dir(w, path, depth + 1);
  }
  if (!S_ISREG(st.st_mode)) return 0; /* fifos, sockets, devices */
  int take = w->glob ? fnmatch(w->glob, name, FNM_PERIOD) == 0 : known_name(name);
  return take ? push(w->in, path, st.st_dev, st.st_ino) : 0;
}

static int walk_dir(walk *w, const char *dir, int depth) {
  size_t n;
  int too_many;
  char **names = list_dir(dir, &n, &too_many);
  if (!names) {
    cli_errorf("%s: cannot read the directory (%s)", dir, strerror(errno ? errno : ENOMEM));
    w->in->problems++;
    return 0;
  }
  w->in->dirs++;
  if (too_many) {
    cli_errorf("%s: more than %d entries; only the first were read", dir, CLI_WALK_MAX_ENTRIES);
    w->in->problems++;
  }
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (rc == 0) rc = walk_entry(w, dir, names[i], depth);
    free(names[i]);
  }
  free(names);
  return rc;
}

int cli_inputs_add(cli_inputs *in, const char *arg, const char *glob) {
  if (strcmp(arg, "-") == 0) return push(in, "-", 0, 0);
  struct stat st;
  if (stat(arg, &st) != 0) {
    cli_errorf("%s: cannot read input (%s)", arg, strerror(errno));
    in->problems++;
    return 0;
  }
  if (S_ISDIR(st.st_mode)) {
    walk w = {.in = in, .glob = glob};
    w.dev[0] = st.st_dev, w.ino[0] = st.st_ino;
    char norm[PATH_MAX];
    cli_path_normalize(arg, norm, sizeof norm);
    return walk_dir(&w, strcmp(norm, "/") ? norm : "", 0);
  }
  if (access(arg, R_OK) != 0) {
    cli_errorf("%s: cannot read input (%s)", arg, strerror(errno));
    in->problems++;
    return 0;
  }
  return push(in, arg, st.st_dev, st.st_ino);
}

typedef struct key {
  dev_t dev;
  ino_t ino;
  size_t idx;
} key;

static int by_file(const void *a, const void *b) {
  const key *x = a, *y = b;
  if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino) return x->ino < y->ino ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void cli_inputs_dedup(cli_inputs *in) {
  if (in->n < 2) return;
  key *k = malloc(in->n * sizeof *k);
  if (!k) return; /* the store recognises a repeated file by its content anyway */
  for (size_t i = 0; i < in->n; i++) k[i] = (key){in->v[i].dev, in->v[i].ino, i};
  qsort(k, in->n, sizeof *k, by_file);
  for (size_t i = 1; i < in->n; i++) {
    int same = k[i].dev == k[i - 1].dev && k[i].ino == k[i - 1].ino && strcmp(in->v[k[i].idx].path, "-");
    if (same) {
      free(in->v[k[i].idx].path);
      in->v[k[i].idx].path = NULL;
    }
  }
  free(k);
  size_t m = 0;
  for (size_t i = 0; i < in->n; i++)
    if (in->v[i].path) in->v[m++] = in->v[i];
  in->n = m;
}

void cli_inputs_free(cli_inputs *in) {
  for (size_t i = 0; i < in->n; i++) free(in->v[i].path);
  free(in->v);
  memset(in, 0, sizeof *in);
}
