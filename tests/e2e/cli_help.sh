#!/usr/bin/env bash
# tests/e2e/cli_help.sh - every subcommand answers --help (exit 0); usage errors exit 2.
#   SITREP=build/sitrep bash tests/e2e/cli_help.sh
set -uo pipefail

SITREP=${SITREP:-build/sitrep}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

expect_rc() { # want description cmd...
  local want=$1 what=$2 rc
  shift 2
  "$@" >"$T/out" 2>"$T/err" </dev/null
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    fail "$what: exit $rc, want $want"
    sed 's/^/  | /' "$T/err" | head -5
    return 1
  fi
  ok "$what"
}

[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }

expect_rc 0 "sitrep --help" "$SITREP" --help
cp "$T/out" "$T/help"
cmds=$(awk '/^Commands:/ {f = 1; next} f && /^  [a-z]/ {print $1} f && /^$/ {exit}' "$T/help")
[ -n "$cmds" ] || fail "sitrep --help lists no commands"
for c in $cmds; do
  if expect_rc 0 "sitrep $c --help" "$SITREP" "$c" --help; then
    [ -s "$T/out" ] || fail "sitrep $c --help printed nothing on stdout"
  fi
  expect_rc 0 "sitrep help $c" "$SITREP" help "$c"
done
for c in code lexicon gazetteer places; do
  grep -q "^  $c " "$T/help" || fail "sitrep --help does not list '$c'"
done

if expect_rc 0 "sitrep --version" "$SITREP" --version; then
  grep -q "GeoNames" "$T/out" || fail "sitrep --version lacks the GeoNames attribution"
fi
expect_rc 2 "sitrep (no command)" "$SITREP"
expect_rc 2 "sitrep no-such-command" "$SITREP" no-such-command
expect_rc 2 "sitrep help no-such-command" "$SITREP" help no-such-command
expect_rc 2 "sitrep --no-such-option" "$SITREP" --no-such-option
expect_rc 2 "sitrep code --no-such-option" "$SITREP" code --no-such-option
expect_rc 2 "sitrep code --date (missing value)" "$SITREP" code --date
expect_rc 2 "sitrep code --date 2018-13-45" "$SITREP" code --date 2018-13-45
expect_rc 2 "sitrep code --format docx" "$SITREP" code --format docx

if [ "$fails" -ne 0 ]; then
  echo "cli_help: $fails failure(s)"
  exit 1
fi
echo "cli_help: all passed"
