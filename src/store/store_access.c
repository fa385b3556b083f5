/* src/store/store_access.c - can the store be written, and how to read one that cannot.
 *
 * A store in WAL mode is read through two side files, PATH-wal and PATH-shm,
 * that SQLite creates beside it on first use. On a read-only mount, or in a
 * directory the user may not write, they cannot be created, and SQLite's
 * ordinary read-only open fails on the first read. SQLite can still read the
 * file when told it is immutable (a file: URI with immutable=1): it then takes
 * no locks and ignores any side files. That is only right when no -wal file
 * holds changes that are not yet in the main file; a store closed cleanly has
 * none (the last connection folds the WAL in and deletes it). An immutable reader
 * also never sees a writer that starts after it opened, so sr_store_open tries the
 * ordinary read-only open first: it works whenever a -shm file exists, that is
 * whenever a writer is (or was) at work, and immutable is the fallback only for a
 * store at rest that cannot be written.
 *
 * The write check runs before SQLite sees the file, so a command that must
 * write says plainly why it cannot, instead of SQLite's "attempt to write a
 * readonly database" on its first statement.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"

/* The directory part of path into dir (cap bytes): "." for a bare file name. */
static void dir_of(const char *path, char *dir, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    snprintf(dir, cap, ".");
  } else if (slash == path) {
    snprintf(dir, cap, "/");
  } else {
    snprintf(dir, cap, "%.*s", (int)(slash - path), path);
  }
}

/* Why path cannot be written ("" when it can): the reason after "is read-only". */
static const char *why_not_writable(const char *path, int is_dir) {
  if (access(path, W_OK) == 0) return "";
  if (errno == EROFS) return "it is on a read-only file system";
  if (errno == ENOENT) return "";
  return is_dir ? "its directory is not writable" : "the file is not writable";
}

int sr_store_check_writable(const char *path, sr_error *err) {
  char dir[SR_STORE_MAX_PATH];
  dir_of(path, dir, sizeof dir);
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno != ENOENT) return 0; /* let SQLite report it */
    const char *why = why_not_writable(dir, 1);
    if (*why)
      return sr_error_set(err, SR_EIO, "cannot create the store %s: %s (%s)", path, why, dir);
    return 0;
  }
  const char *why = why_not_writable(path, 0);
  if (!*why) why = why_not_writable(dir, 1);
  if (*why) return sr_error_set(err, SR_EIO, "the store %s is read-only (%s)", path, why);
  return 0;
}

int sr_store_wal_pending(const char *path) {
  char wal[SR_STORE_MAX_PATH + 8];
  snprintf(wal, sizeof wal, "%s-wal", path);
  struct stat st;
  return stat(wal, &st) == 0 && st.st_size > 0;
}

int sr_store_immutable_uri(const char *path, char *out, size_t cap) {
  static const char hex[] = "0123456789ABCDEF";
  static const char tail[] = "?mode=ro&immutable=1";
  size_t n;
  /* an absolute path gets an empty authority ("file:///abs"), so "//x" stays a path */
  const char *pre = path[0] == '/' ? "file://" : "file:";
  n = strlen(pre);
  if (cap < n + 1) return SR_ELIMIT;
  memcpy(out, pre, n);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                *p == '/' || *p == '.' || *p == '_' || *p == '-' || *p == '~';
    if (n + 4 >= cap) return SR_ELIMIT;
    if (plain) {
      out[n++] = (char)*p;
    } else { /* '?', '#', '%', spaces and non-ASCII bytes would change the URI's meaning */
      out[n++] = '%';
      out[n++] = hex[*p >> 4];
      out[n++] = hex[*p & 15];
    }
  }
  if (n + sizeof tail > cap) return SR_ELIMIT;
  memcpy(out + n, tail, sizeof tail);
  return 0;
}
