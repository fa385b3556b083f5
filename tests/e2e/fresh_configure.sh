#!/usr/bin/env bash
# tests/e2e/fresh_configure.sh - a failed or interrupted configure never blocks
# the next `make`: on a fresh machine `make` fails while dependencies are missing,
# and after `make setup` the next `make`, `make demo` or `make check` must work
# without deleting anything by hand.
#   1. configure fails (a `cmake` first on PATH that runs the real one with a C
#      compiler that does not exist, so CMake writes CMakeCache.txt and stops):
#      `make build` exits non-zero and leaves no CMakeCache.txt behind;
#   2. the next plain `make build` with the real cmake configures and builds;
#   3. a directory left by an interrupted configure (CMakeCache.txt, no Makefile)
#      is configured again by `make build`.
# Each build makes one small target (BUILD_TARGET=gen_gazetteer) to stay fast.
#   bash tests/e2e/fresh_configure.sh
set -uo pipefail
command -v make >/dev/null && command -v cmake >/dev/null ||
  { echo "SKIP: make or cmake not found"; exit 0; }
unset MAKEFLAGS MFLAGS MAKELEVEL # ctest may run under make: no jobserver from outside
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
B=$T/build
mk() { make --no-print-directory "$@" BUILDDIR="$B" JOBS=2 BUILD_TARGET=gen_gazetteer; }

# 1. a configure that fails after writing its cache
REAL=$(command -v cmake)
mkdir "$T/bin"
cat >"$T/bin/cmake" <<EOF
#!/bin/sh
# fake cmake: configure with a compiler that does not exist (fails like a missing dependency)
case " \$* " in
  *" -S "*) exec "$REAL" "\$@" -DCMAKE_C_COMPILER=/nonexistent/cc ;;
  *) exec "$REAL" "\$@" ;;
esac
EOF
chmod +x "$T/bin/cmake"
PATH="$T/bin:$PATH" mk build >"$T/log1" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
  fail "make build with a failing configure exited 0"
elif [ -f "$B/CMakeCache.txt" ]; then
  fail "the failed configure left $B/CMakeCache.txt"
else
  ok "failed configure: exit $rc, $(grep -m1 'configuring .* failed' "$T/log1")"
fi

# 2. the next plain make build works
mk build >"$T/log2" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -x "$B/gen_gazetteer" ]; then
  ok "the next make build configured and built $B/gen_gazetteer"
else
  fail "make build after a failed configure: exit $rc: $(grep -m3 -i 'error' "$T/log2")"
fi

# 3. an interrupted configure: a cache without a generated build system
rm -rf "$B"
mkdir -p "$B"
echo "# CMakeCache.txt of an interrupted configure" >"$B/CMakeCache.txt"
mk build >"$T/log3" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -f "$B/Makefile" ] && grep -q "not fully configured" "$T/log3"; then
  ok "a half-configured directory was configured again"
else
  fail "make build in a half-configured directory: exit $rc: $(tail -3 "$T/log3")"
fi

if [ $fails -ne 0 ]; then
  echo "fresh_configure: $fails check(s) failed"
  exit 1
fi
echo "fresh_configure: all checks passed"
