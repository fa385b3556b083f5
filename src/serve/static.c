/* src/serve/static.c - the map page's embedded assets (see serve_internal.h).
 *
 * The table is generated at build time from web/ and the vendored npm assets
 * (cmake/embed_assets.cmake). A request path is compared byte for byte with
 * the table's paths: there is no file system path to escape from, so "..",
 * encoded dots or slashes can only ever miss and answer 404.
 */
#include <string.h>

#include "serve_internal.h"

const sr_web_asset *sr_web_asset_find(const char *path) {
  if (!path) return NULL;
  if (strcmp(path, "/index.html") == 0) path = "/";
  for (const sr_web_asset *a = sr_web_assets; a->path; a++)
    if (strcmp(a->path, path) == 0) return a;
  return NULL;
}
