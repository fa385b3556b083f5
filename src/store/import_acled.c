/* src/store/import_acled.c - an ACLED export loaded into the store as events of their own
 * origin ('acled'), kept apart from the coded ones: never merge candidates, shown only when
 * a query asks for them (--origin acled|all), compared by `sitrep compare`.
 *
 * The file is CSV (RFC 4180, read with libcsv) with ACLED's header; columns may come in any
 * order and extra ones are ignored. Required: event_id_cnty, event_date, event_type,
 * latitude, longitude, and country or iso. Used when present: sub_event_type,
 * disorder_type, actor1, actor2, inter1, inter2 (numbers or ACLED's labels), admin1,
 * admin2, location, geo_precision, time_precision, source, notes, fatalities.
 *
 * A row with a missing or malformed value (a date that is no date, a latitude outside
 * [-90, 90], fatalities that are no count, an unknown country, invalid UTF-8, a field over
 * SR_IMPORT_MAX_FIELD) is skipped with one line "FILE:LINE: what" in the problems buffer
 * (LINE: the line where the row starts); the rest goes in. Broken quoting or a row over
 * SR_IMPORT_MAX_RECORD stops the import there (the CSV cannot be resynchronised), keeping the
 * rows before it. Re-importing a file updates its events in place (by event_id_cnty).
 */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iso3166.h"
#include "sitrep/text.h"
#include "store_internal.h"

#define IMP_MAX_COLS 64

enum { C_ID, C_DATE, C_TYPE, C_SUB, C_DISORDER, C_A1, C_A2, C_I1, C_I2, C_COUNTRY, C_ISO, C_ADMIN1, C_ADMIN2,
       C_LOCATION, C_LAT, C_LON, C_GEOPREC, C_TIMEPREC, C_SOURCE, C_NOTES, C_FATAL, C__N };
static const char *const COLS[C__N] = {"event_id_cnty", "event_date", "event_type", "sub_event_type", "disorder_type",
                                       "actor1", "actor2", "inter1", "inter2", "country", "iso", "admin1", "admin2",
                                       "location", "latitude", "longitude", "geo_precision", "time_precision",
                                       "source", "notes", "fatalities"};

typedef struct imp {
  sr_store *s;
  const char *path;
  sr_buf *problems;
  sr_import_stats *st;
  sqlite3_stmt *ins, *find, *rt_set;
  /* the record being read */
  char *f[IMP_MAX_COLS];
  size_t flen[IMP_MAX_COLS];
  int nf, overlong, toomany;
  size_t rec_bytes;
  long line, rec_line, rec_nl; /* physical line, the record's first line, newlines in its fields */
  int col[C__N];               /* header: column index of each known column, -1 */
  int have_header;
  int after_cr;                /* the last record ended with a CR (its LF is no new line) */
  int fatal;                   /* a store error or a header error: stop */
  sr_error *err;
} imp;

static void problem(imp *m, long line, const char *fmt, const char *arg) {
  m->st->rejected++;
  if (m->problems && m->st->rejected <= SR_IMPORT_MAX_PROBLEMS) {
    sr_buf_printf(m->problems, "%s:%ld: ", m->path, line);
    sr_buf_printf(m->problems, fmt, arg);
    sr_buf_putc(m->problems, '\n');
  }
}

/* ---- values */

static const char *fld(const imp *m, int c) {
  int k = m->col[c];
  return k >= 0 && k < m->nf && m->f[k] ? m->f[k] : "";
}

static int month_num(const char *w) {
  static const char *const M[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; i++)
    if (!strncasecmp(w, M[i], 3)) return i + 1;
  return 0;
}

/* ACLED's dates: 2022-05-23, 23 May 2022, 23-May-2022, 23/05/2022 -> "2022-05-23" */
static int parse_date(const char *v, char out[11]) {
  int y = 0, m = 0, d = 0, n = 0;
  char mon[16];
  if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && !v[n]) {
  } else if ((sscanf(v, "%2d %15[A-Za-z] %4d%n", &d, mon, &y, &n) == 3 ||
              sscanf(v, "%2d-%15[A-Za-z]-%4d%n", &d, mon, &y, &n) == 3) && !v[n]) {
    m = month_num(mon);
  } else if (sscanf(v, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && !v[n]) {
  } else {
    return 0;
  }
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
  static const int D[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > D[m - 1] || (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))) return 0;
  snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  return 1;
}

static int parse_real(const char *v, double lo, double hi, double *out) {
  char *e;
  errno = 0;
  double x = strtod(v, &e);
  if (!*v || *e || errno || !isfinite(x) || x < lo || x > hi) return 0;
  *out = x;
  return 1;
}

/* a whole number in [lo, hi]; "" gives dflt */
static int parse_int(const char *v, long lo, long hi, long dflt, long *out) {
  if (!*v) return *out = dflt, 1;
  char *e;
  errno = 0;
  long x = strtol(v, &e, 10);
  if (*e || errno || x < lo || x > hi) return 0;
  *out = x;
  return 1;
}

/* an inter code: a number 0-8 or ACLED's label ("State forces", "Rebel group", ...) */
static int parse_inter(const char *v, long *out) {
  static const char *const L[] = {"", "state forces", "rebel group", "political militia", "identity militia",
                                  "rioters", "protesters", "civilians", "external/other forces"};
  if (parse_int(v, 0, 8, 0, out)) return 1;
  for (int i = 1; i <= 8; i++)
    if (!strncasecmp(v, L[i], strlen(L[i]))) return *out = i, 1;
  return 0;
}

/* the CAMEO code an ACLED sub-type stands for (the event keeps ACLED's own type) */
static const char *cameo_of(const char *type, const char *sub) {
  static const struct { const char *sub, *cameo; } T[] = {
      {"Armed clash", "193"}, {"Government regains territory", "192"}, {"Non-state actor overtakes territory", "192"},
      {"Sexual violence", "1821"}, {"Attack", "180"}, {"Abduction/forced disappearance", "181"},
      {"Chemical weapon", "204"}, {"Air/drone strike", "195"}, {"Suicide bomb", "1831"},
      {"Shelling/artillery/missile attack", "194"}, {"Remote explosive/landmine/IED", "183"}, {"Grenade", "183"},
      {"Peaceful protest", "141"}, {"Protest with intervention", "141"}, {"Excessive force against protesters", "175"},
      {"Excessive force against protestors", "175"}, {"Violent demonstration", "145"}, {"Mob violence", "145"},
      {"Agreement", "057"}, {"Arrests", "173"}, {"Change to group/activity", "010"},
      {"Disrupted weapons use", "171"}, {"Headquarters or base established", "150"},
      {"Looting/property destruction", "1712"}, {"Non-violent transfer of territory", "0874"}, {"Other", "010"}};
  for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
    if (!strcasecmp(sub, T[i].sub)) return T[i].cameo;
  if (!strcasecmp(type, "Battles")) return "190";
  if (!strcasecmp(type, "Explosions/Remote violence")) return "183";
  if (!strcasecmp(type, "Violence against civilians")) return "180";
  if (!strcasecmp(type, "Protests")) return "141";
  if (!strcasecmp(type, "Riots")) return "145";
  return "010";
}

/* ---- one row */

typedef struct irow {
  char date[11];
  const sr_iso_country *co;
  double lat, lon;
  long fatal, i1, i2, gp, tp;
} irow;

/* valid UTF-8 (a U+FFFD decoded from anything but its own three bytes is an invalid sequence) */
static int utf8_ok(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = sr_utf8_decode(s + i, n - i, &cp);
    if (cp == 0xFFFD && !(k == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)) return 0;
    i += (size_t)k;
  }
  return 1;
}

static int check_row(imp *m, irow *r) {
  long line = m->rec_line;
  char num[16];
  for (int k = 0; k < m->nf; k++)
    if (m->f[k] && !utf8_ok(m->f[k], m->flen[k]))
      return snprintf(num, sizeof num, "%d", k + 1), problem(m, line, "invalid UTF-8 in field %s", num), 0;
  if (m->overlong) return problem(m, line, "a field over %s bytes", "65536"), 0;
  if (m->toomany) return problem(m, line, "more than %s fields", "64"), 0;
  if (!*fld(m, C_ID)) return problem(m, line, "empty event_id_cnty%s", ""), 0;
  if (strlen(fld(m, C_ID)) > SR_IMPORT_MAX_ID) return problem(m, line, "event_id_cnty '%.40s...' longer than 64 bytes", fld(m, C_ID)), 0;
  if (!parse_date(fld(m, C_DATE), r->date)) return problem(m, line, "bad event_date '%.40s'", fld(m, C_DATE)), 0;
  if (!*fld(m, C_TYPE)) return problem(m, line, "empty event_type%s", ""), 0;
  r->co = sr_iso_by_name(fld(m, C_COUNTRY));
  if (!r->co && *fld(m, C_ISO)) {
    long n;
    if (parse_int(fld(m, C_ISO), 0, 999, -1, &n)) r->co = sr_iso_by_numeric((int)n);
  }
  if (!r->co) return problem(m, line, "unknown country '%.60s'", *fld(m, C_COUNTRY) ? fld(m, C_COUNTRY) : fld(m, C_ISO)), 0;
  if (!parse_real(fld(m, C_LAT), -90, 90, &r->lat)) return problem(m, line, "bad latitude '%.40s'", fld(m, C_LAT)), 0;
  if (!parse_real(fld(m, C_LON), -180, 180, &r->lon)) return problem(m, line, "bad longitude '%.40s'", fld(m, C_LON)), 0;
  if (!parse_int(fld(m, C_FATAL), 0, 10000000, 0, &r->fatal)) return problem(m, line, "bad fatalities '%.40s'", fld(m, C_FATAL)), 0;
  if (!parse_inter(fld(m, C_I1), &r->i1)) return problem(m, line, "bad inter1 '%.40s'", fld(m, C_I1)), 0;
  if (!parse_inter(fld(m, C_I2), &r->i2)) return problem(m, line, "bad inter2 '%.40s'", fld(m, C_I2)), 0;
  if (!parse_int(fld(m, C_GEOPREC), 1, 3, 1, &r->gp)) return problem(m, line, "bad geo_precision '%.40s'", fld(m, C_GEOPREC)), 0;
  if (!parse_int(fld(m, C_TIMEPREC), 1, 3, 1, &r->tp)) return problem(m, line, "bad time_precision '%.40s'", fld(m, C_TIMEPREC)), 0;
  return 1;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) { sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT); }

static int store_row(imp *m, const irow *r) {
  const char *type = fld(m, C_TYPE), *sub = fld(m, C_SUB), *cameo = cameo_of(type, sub);
  const char *plover = NULL;
  sr_cameo_map(cameo, &plover, NULL, NULL);
  const char *dis = *fld(m, C_DISORDER) ? fld(m, C_DISORDER) : sr_acled_disorder(type, sub);
  static const char *const PREC[] = {"", "place", "near", "admin1"};
  sqlite3_stmt *st = m->ins;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  bind_text(st, 1, r->date);
  bind_text(st, 2, fld(m, C_A1));
  bind_text(st, 3, fld(m, C_A2));
  bind_text(st, 4, cameo);
  sqlite3_bind_text(st, 5, cameo, 2, SQLITE_TRANSIENT);
  bind_text(st, 6, plover ? plover : "");
  bind_text(st, 7, type);
  bind_text(st, 8, sub);
  bind_text(st, 9, fld(m, C_LOCATION));
  bind_text(st, 10, r->co->cc);
  bind_text(st, 11, fld(m, C_ADMIN1));
  bind_text(st, 12, fld(m, C_ADMIN2));
  bind_text(st, 13, PREC[r->gp]);
  sqlite3_bind_double(st, 14, r->lat);
  sqlite3_bind_double(st, 15, r->lon);
  sqlite3_bind_int(st, 16, (int)r->tp);
  sqlite3_bind_int64(st, 17, r->fatal);
  bind_text(st, 18, dis);
  if (r->i1) sqlite3_bind_int(st, 19, (int)r->i1);
  if (r->i2) sqlite3_bind_int(st, 20, (int)r->i2);
  bind_text(st, 21, fld(m, C_ID));
  bind_text(st, 22, fld(m, C_NOTES));
  bind_text(st, 23, fld(m, C_SOURCE));
  sqlite3_reset(m->find);
  bind_text(m->find, 1, fld(m, C_ID));
  int fresh = sqlite3_step(m->find) != SQLITE_ROW;
  sqlite3_reset(m->find);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) return sr_store_sqlerr(m->s, m->err, "import");
  int64_t id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  sqlite3_reset(m->rt_set);
  sqlite3_bind_int64(m->rt_set, 1, id);
  sqlite3_bind_double(m->rt_set, 2, r->lat);
  sqlite3_bind_double(m->rt_set, 3, r->lon);
  rc = sqlite3_step(m->rt_set);
  sqlite3_reset(m->rt_set);
  if (rc != SQLITE_DONE) return sr_store_sqlerr(m->s, m->err, "import: R*Tree");
  if (fresh) m->st->imported++;
  else m->st->updated++;
  return 0;
}

/* ---- the header and the CSV callbacks */

static int header(imp *m) {
  for (int c = 0; c < C__N; c++) m->col[c] = -1;
  if (m->nf > 0 && m->f[0] && !strncmp(m->f[0], "\xef\xbb\xbf", 3)) /* a UTF-8 byte order mark (Excel's "CSV UTF-8") */
    memmove(m->f[0], m->f[0] + 3, m->flen[0] - 2), m->flen[0] -= 3;
  for (int k = 0; k < m->nf; k++)
    for (int c = 0; c < C__N; c++)
      if (m->f[k] && !strcasecmp(m->f[k], COLS[c]) && m->col[c] < 0) m->col[c] = k;
  static const int REQ[] = {C_ID, C_DATE, C_TYPE, C_LAT, C_LON};
  for (size_t i = 0; i < sizeof REQ / sizeof REQ[0]; i++)
    if (m->col[REQ[i]] < 0) {
      sr_error_set(m->err, SR_EINPUT, "%s:%ld: not an ACLED export: no %s column", m->path, m->rec_line, COLS[REQ[i]]);
      return SR_EINPUT;
    }
  if (m->col[C_COUNTRY] < 0 && m->col[C_ISO] < 0) {
    sr_error_set(m->err, SR_EINPUT, "%s:%ld: not an ACLED export: no country or iso column", m->path, m->rec_line);
    return SR_EINPUT;
  }
  m->have_header = 1;
  return 0;
}

static void end_record(imp *m) {
  if (m->fatal) return;
  if (!m->have_header) {
    if ((m->fatal = header(m)) != 0) return;
  } else {
    m->st->rows++;
    irow r;
    if (check_row(m, &r) && (m->fatal = store_row(m, &r)) != 0) return;
  }
}

static void on_field(void *data, size_t len, void *ud) {
  imp *m = ud;
  if (m->nf == 0) m->rec_line = m->line;
  for (size_t i = 0; i < len; i++) m->rec_nl += ((const char *)data)[i] == '\n';
  m->rec_bytes += len;
  if (m->nf >= IMP_MAX_COLS) {
    m->toomany = 1;
    return;
  }
  if (len > SR_IMPORT_MAX_FIELD) len = SR_IMPORT_MAX_FIELD, m->overlong = 1;
  char *f = malloc(len + 1);
  if (!f) {
    m->fatal = sr_error_set(m->err, SR_ENOMEM, "import: out of memory");
    return;
  }
  if (len) memcpy(f, data, len);
  f[len] = 0;
  m->f[m->nf] = f, m->flen[m->nf] = len;
  m->nf++;
}

static void clear_record(imp *m) {
  for (int k = 0; k < m->nf; k++) free(m->f[k]);
  m->nf = m->overlong = m->toomany = 0;
  m->rec_bytes = 0;
  m->rec_nl = 0;
}

static void on_row(int c, void *ud) {
  imp *m = ud;
  if (m->nf == 0 && (c == '\r' || c == '\n')) { /* a blank line, or the LF of a CRLF */
    if (c == '\n' && !m->after_cr) m->line++;
    m->after_cr = 0;
    m->rec_line = m->line;
    return;
  }
  if (m->nf == 1 && m->flen[0] == 0 && !m->have_header) { /* nothing but an empty field */
    clear_record(m);
    return;
  }
  end_record(m);
  /* a record ended by CR is one line whether an LF follows (CRLF: the LF then comes as an empty
   * row, not counted again) or not (old Mac files) */
  m->line += m->rec_nl + (c == '\n' || c == '\r');
  m->after_cr = c == '\r';
  clear_record(m);
  m->rec_line = m->line;
}

/* libcsv grows its field buffer with this: no field may need more than the row cap */
static void *capped_realloc(void *ptr, size_t size) {
  if (size > (size_t)SR_IMPORT_MAX_RECORD + 4096) return NULL; /* csv_parse fails: CSV_ENOMEM */
  return realloc(ptr, size);
}

static int prepare(imp *m) {
  const char *ins =
      "INSERT INTO events (date, date_min, date_max, src_id, src_name, tgt_id, tgt_name, cameo, root, plover,"
      " acled, acled_sub, has_loc, loc_name, cc, admin1, admin2, precision, lat, lon, geonameid, nreports, ndocs,"
      " date_told, time_precision, fatalities, injured, disorder, src_inter, tgt_inter, origin, ext_id, notes,"
      " publisher) VALUES (?1, ?1, ?1, ?2, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0,"
      " 0, 0, 1, ?16, ?17, NULL, ?18, ?19, ?20, 'acled', ?21, ?22, ?23)"
      " ON CONFLICT(origin, ext_id) WHERE ext_id IS NOT NULL DO UPDATE SET date = excluded.date,"
      " date_min = excluded.date, date_max = excluded.date, src_id = excluded.src_id,"
      " src_name = excluded.src_name, tgt_id = excluded.tgt_id, tgt_name = excluded.tgt_name,"
      " cameo = excluded.cameo, root = excluded.root, plover = excluded.plover, acled = excluded.acled,"
      " acled_sub = excluded.acled_sub, loc_name = excluded.loc_name, cc = excluded.cc, admin1 = excluded.admin1,"
      " admin2 = excluded.admin2, precision = excluded.precision, lat = excluded.lat, lon = excluded.lon,"
      " time_precision = excluded.time_precision, fatalities = excluded.fatalities,"
      " disorder = excluded.disorder, src_inter = excluded.src_inter, tgt_inter = excluded.tgt_inter,"
      " notes = excluded.notes, publisher = excluded.publisher"
      " RETURNING id";
  const char *rt = "INSERT OR REPLACE INTO events_rtree (id, minlat, maxlat, minlon, maxlon, minday, maxday)"
                   " SELECT ?1, ?2, ?2, ?3, ?3, julianday(date), julianday(date) FROM events WHERE id = ?1";
  if (sqlite3_prepare_v2(m->s->db, ins, -1, &m->ins, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(m->s->db, "SELECT id FROM events WHERE origin = 'acled' AND ext_id = ?1", -1, &m->find,
                         NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(m->s->db, rt, -1, &m->rt_set, NULL) != SQLITE_OK)
    return sr_store_sqlerr(m->s, m->err, "import");
  return 0;
}

int sr_store_import_acled(sr_store *s, const char *path, sr_import_stats *st, sr_buf *problems, sr_error *err) {
  memset(st, 0, sizeof *st);
  if (!s || !path) return sr_error_set(err, SR_ERR, "import: no store or file");
  if (s->readonly) return sr_error_set(err, SR_ERR, "import: the store is open read-only");
  FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!fp) return sr_error_set(err, SR_EIO, "%s: cannot open: %s", path, strerror(errno));
  imp m = {.s = s, .path = strcmp(path, "-") ? path : "<stdin>", .problems = problems, .st = st, .line = 1,
           .rec_line = 1, .err = err};
  struct csv_parser p;
  int rc = csv_init(&p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) ? sr_error_set(err, SR_ENOMEM, "import: out of memory") : 0;
  if (!rc) csv_set_realloc_func(&p, capped_realloc); /* libcsv holds a whole field: never past the row cap */
  int own_txn = !s->in_txn;
  if (!rc) rc = prepare(&m);
  if (!rc && own_txn) rc = sr_store_begin(s, err);
  char buf[1 << 16];
  size_t n;
  while (!rc && !m.fatal && (n = fread(buf, 1, sizeof buf, fp)) > 0) {
    if (csv_parse(&p, buf, n, on_field, on_row, &m) != n)
      rc = csv_error(&p) == CSV_EPARSE
               ? sr_error_set(err, SR_EINPUT, "%s:%ld: broken quoting (a quote inside an unquoted field, or an unclosed "
                              "quote); the rows before it are imported", m.path, m.rec_line)
               : sr_error_set(err, SR_ELIMIT, "%s:%ld: a field over %d bytes; the rows before it are imported",
                              m.path, m.rec_line, SR_IMPORT_MAX_RECORD);
    else if (m.rec_bytes > SR_IMPORT_MAX_RECORD)
      rc = sr_error_set(err, SR_ELIMIT, "%s:%ld: a row over %d bytes; the rows before it are imported", m.path,
                        m.rec_line, SR_IMPORT_MAX_RECORD);
  }
  if (!rc && !m.fatal && ferror(fp)) rc = sr_error_set(err, SR_EIO, "%s: read error: %s", m.path, strerror(errno));
  if (!rc && !m.fatal && csv_fini(&p, on_field, on_row, &m) != 0)
    rc = sr_error_set(err, SR_EINPUT, "%s:%ld: broken quoting at the end of the file", m.path, m.rec_line);
  if (!rc && m.fatal) rc = m.fatal;
  if (!rc && !m.have_header) rc = sr_error_set(err, SR_EINPUT, "%s: empty file: no ACLED header", m.path);
  clear_record(&m);
  csv_free(&p);
  sqlite3_finalize(m.ins);
  sqlite3_finalize(m.rt_set);
  sqlite3_finalize(m.find);
  if (fp != stdin) fclose(fp);
  /* the rows read before a stop stay in (header errors store nothing) */
  if (own_txn && s->in_txn) {
    sr_error e2;
    sr_error_clear(&e2);
    if (rc == SR_ENOMEM || (rc && rc != SR_EINPUT && rc != SR_ELIMIT)) sr_store_rollback(s);
    else if (sr_store_commit(s, rc ? &e2 : err) && !rc) rc = SR_ERR;
  }
  if (problems && st->rejected > SR_IMPORT_MAX_PROBLEMS)
    sr_buf_printf(problems, "%s: ... %ld rejected rows in all\n", m.path, st->rejected);
  return rc;
}
