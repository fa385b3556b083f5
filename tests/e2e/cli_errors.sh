#!/usr/bin/env bash
# tests/e2e/cli_errors.sh - one error shape for every command ("sitrep COMMAND: message",
# "sitrep: message" before a command is known), usage errors exit 2, library messages are
# not doubled, and unknown commands, options, subcommands and values get a "did you mean".
#   SITREP=build/sitrep bash tests/e2e/cli_errors.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# err WANT_RC WANT_STDERR_LINE cmd... : exit status and the exact first stderr line
err() {
  local want=$1 line=$2 rc
  shift 2
  "$SITREP" "$@" >"$T/out" 2>"$T/err" </dev/null
  rc=$?
  local got
  got=$(head -1 "$T/err")
  if [ "$rc" -ne "$want" ]; then fail "sitrep $*: exit $rc, want $want ($got)"; return; fi
  if [ "$got" != "$line" ]; then fail "sitrep $*: stderr '$got', want '$line'"; return; fi
  ok "sitrep $* -> $rc: $got"
}

# unknown commands and top-level options
err 2 "sitrep: unknown command 'ingset'; did you mean 'ingest'? (see 'sitrep --help')" ingset
err 2 "sitrep: unknown command 'evnets'; did you mean 'events'? (see 'sitrep --help')" evnets
err 2 "sitrep: unknown command 'situaton'; did you mean 'situation'? (see 'sitrep --help')" situaton
err 2 "sitrep: unknown command 'xyzzy'; see 'sitrep --help' for the commands" xyzzy
err 2 "sitrep: unknown command 'ingset'; did you mean 'ingest'? (see 'sitrep --help')" help ingset
err 2 "sitrep: unknown option '--verison'; did you mean '--version'? (see 'sitrep --help')" --verison

# unknown options of commands: the suggestion comes from the command's own --help
err 2 "sitrep code: unknown option '--fromat'; did you mean '--format'? (see 'sitrep code --help')" code --fromat txt
err 2 "sitrep ingest: unknown option '--bacth'; did you mean '--batch'? (see 'sitrep ingest --help')" ingest --db "$T/x.db" --bacth 5
err 2 "sitrep events: unknown option '--countyr'; did you mean '--country'? (see 'sitrep events --help')" events --db "$T/x.db" --countyr SY
err 2 "sitrep events: unknown option '--form=csv'; did you mean '--format'? (see 'sitrep events --help')" events --db "$T/x.db" --form=csv
err 2 "sitrep situation: unknown option '--asof'; did you mean '--as-of'? (see 'sitrep situation --help')" situation --asof 2018-01-01
err 2 "sitrep stats: unknown option '--jsno'; did you mean '--json'? (see 'sitrep stats --help')" stats --jsno
err 2 "sitrep serve: unknown option '--prot'; did you mean '--port'? (see 'sitrep serve --help')" serve --prot 8080
err 2 "sitrep compare: unknown option '--dyas'; did you mean '--days'? (see 'sitrep compare --help')" compare --dyas 2
err 2 "sitrep places: unknown option '--jsn'; did you mean '--json'? (see 'sitrep places --help')" places --jsn
err 2 "sitrep parse: unknown option '--lexcon'; did you mean '--lexicon'? (see 'sitrep parse --help')" parse --lexcon x
err 2 "sitrep events: unknown option '--completely-different'; see 'sitrep events --help'" events --completely-different
err 2 "sitrep lexicon: unknown option '--wordnt'; did you mean '--wordnet'? (see 'sitrep lexicon --help')" lexicon build --wordnt x
err 2 "sitrep lexicon: unknown subcommand 'buld'; did you mean 'build'? (build, match, check)" lexicon buld
err 2 "sitrep gazetteer: unknown subcommand 'lokup'; did you mean 'lookup'? (see 'sitrep gazetteer --help')" gazetteer lokup x
err 2 "sitrep gazetteer: unknown option '--gazeteer'; did you mean '--gazetteer'? (see 'sitrep gazetteer --help')" gazetteer info --gazeteer x
err 2 "sitrep db: unknown subcommand 'chek'; did you mean 'check'? (check, migrate)" db chek --db "$T/x.db"
err 2 "sitrep import: unknown source 'acld'; did you mean 'acled'? (see 'sitrep import --help')" import acld f.csv --db "$T/x.db"
err 2 "sitrep code: unknown --format 'jsnl'; did you mean 'jsonl'? (auto, txt, html, jsonl, rss)" code --format jsnl

# missing values and required options
err 2 "sitrep events: option --db needs a value" events --db
err 2 "sitrep ingest: --db FILE is required; see 'sitrep ingest --help'" ingest x.txt
err 2 "sitrep stats: --db FILE is required; see 'sitrep stats --help'" stats
err 2 "sitrep code: --date wants YYYY-MM-DD, got '2018'" code --date 2018

# a store that is not there: one clause, named once, and no file created
err 2 "sitrep events: no store at $T/none.db (create one with 'sitrep ingest --db $T/none.db FILE...')" events --db "$T/none.db"
[ -e "$T/none.db" ] && fail "events --db created $T/none.db" || ok "no store file created by a query"
printf 'not a database, just text that is long enough to fill a header page ...........\n' >"$T/junk.db"
"$SITREP" stats --db "$T/junk.db" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] && ok "stats on a junk file exits 2" || fail "stats on a junk file exited $rc"
n=$(grep -o "$T/junk.db" "$T/err" | wc -l)
[ "$n" -le 1 ] && ok "the store is named once: $(head -1 "$T/err")" || fail "store named $n times: $(cat "$T/err")"

# every stderr line of every case above had the one shape; check a batch of them at once
for args in "ingset" "code --fromat x" "events --db $T/none.db" "db chek" "stats" "import x" \
            "gazetteer lookup --nme x" "gazetteer info --gazetteer $T/none.img" \
            "lexicon match --lexicon $T/none.lex text" "situation --db $T/none.db --as-of 2018-01-01"; do
  # shellcheck disable=SC2086
  "$SITREP" $args >/dev/null 2>"$T/err" </dev/null
  bad=$(grep -vcE '^sitrep( [a-z]+)?: ' "$T/err")
  [ "$bad" -eq 0 ] && [ -s "$T/err" ] && ok "shape: sitrep $args" ||
    fail "sitrep $args: lines not in the shape 'sitrep COMMAND: ...': $(cat "$T/err")"
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
