#!/usr/bin/env bash
# tests/e2e/cli_help_readme.sh - the README and `sitrep COMMAND --help` name the same options.
#
# --help side: the options in the usage lines (from "usage:" to the first blank line) and
# in the option column of lines that start with two spaces and '-'.
# README side: the command synopses in its fenced code blocks: a line starting with
# "sitrep COMMAND" and the indented lines after it, '#' comments left out.
# Every command of `sitrep --help` must have a synopsis, and per command both sides must
# list the same options (-h/--help aside).
#   SITREP=build/sitrep bash tests/e2e/cli_help_readme.sh
set -uo pipefail
SITREP=${SITREP:-build/sitrep}
README=${README:-README.md}
[ -x "$SITREP" ] || { echo "FAIL: $SITREP is not executable"; exit 1; }
[ -r "$README" ] || { echo "FAIL: $README is not readable"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$SITREP" --help >"$T/top" || { echo "FAIL: sitrep --help"; exit 1; }
cmds=$(awk '/^Commands:/ {f = 1; next} f && /^  [a-z]/ {print $1} f && /^$/ {exit}' "$T/top")
[ -n "$cmds" ] || { echo "FAIL: sitrep --help lists no commands"; exit 1; }
for c in $cmds; do
  "$SITREP" "$c" --help >"$T/help.$c" 2>&1 || { echo "FAIL: sitrep $c --help exited $?"; exit 1; }
done

cat >"$T/check.py" <<'PY'
import re, sys
readme, tmp, cmds = sys.argv[1], sys.argv[2], sys.argv[3:]
OPT = re.compile(r'(?:(?<=^)|(?<=[\s\[|,(]))(--?[a-z][a-z0-9-]*)')
SKIP = {'-h', '--help'}

def opts_of(text):
    return {m for m in OPT.findall(text) if m not in SKIP}

def help_options(text):
    found, usage = set(), False
    for line in text.split('\n'):
        if line.startswith('usage:'):
            usage = True
        elif line == '':
            usage = False
        sp = len(line) - len(line.lstrip(' '))
        opt_line = sp >= 2 and line[sp:sp + 1] == '-'
        if usage:
            found |= opts_of(line)
        elif opt_line:
            col = line[sp:].split('  ')[0]  # the option column ends at two spaces
            found |= opts_of(col)
    return found

def readme_options(text):
    per, fence, cur = {}, False, None
    for line in text.split('\n'):
        if line.startswith('```'):
            fence, cur = not fence, None
            continue
        if not fence:
            continue
        body = line.split('#', 1)[0]
        m = re.match(r'sitrep ([a-z]+)\b', body)
        if m:
            cur = m.group(1)
            per.setdefault(cur, set())
            per[cur] |= opts_of(body[len(m.group(0)):])
        elif cur and body.startswith(' '):
            per[cur] |= opts_of(body)
        else:
            cur = None
    return per

doc = readme_options(open(readme, encoding='utf-8').read())
fails = 0
for c in cmds:
    h = help_options(open(f'{tmp}/help.{c}', encoding='utf-8').read())
    if not h:
        print(f'FAIL: sitrep {c} --help lists no options')
        fails += 1
    if c not in doc:
        print(f'FAIL: README has no synopsis line "sitrep {c} ..." in a code block')
        fails += 1
        continue
    only_help, only_doc = sorted(h - doc[c]), sorted(doc[c] - h)
    if only_help:
        print(f'FAIL: sitrep {c}: --help lists {" ".join(only_help)}, the README does not')
        fails += 1
    if only_doc:
        print(f'FAIL: sitrep {c}: the README lists {" ".join(only_doc)}, --help does not')
        fails += 1
    if not only_help and not only_doc:
        print(f'ok: sitrep {c}: {len(h)} options agree')
for c in sorted(set(doc) - set(cmds) - {'help'}):
    print(f'FAIL: README documents "sitrep {c}", which is no command')
    fails += 1
sys.exit(1 if fails else 0)
PY

python3 "$T/check.py" "$README" "$T" $cmds
rc=$?

# the check itself can fail: a README without one option, and one with an extra option
sed 's/ \[--glob PATTERN\]//' "$README" >"$T/readme.less"
if python3 "$T/check.py" "$T/readme.less" "$T" $cmds >"$T/less.out"; then
  echo "FAIL: a README without ingest's --glob passed the check"; rc=1
elif grep -q 'sitrep ingest: --help lists --glob' "$T/less.out"; then
  echo "ok: a README without ingest's --glob is caught"
else
  echo "FAIL: the missing --glob was not named:"; cat "$T/less.out"; rc=1
fi
sed 's/^sitrep stats (--db FILE | --pg DSN) \[--json\]/& [--verbose]/' "$README" >"$T/readme.more"
python3 "$T/check.py" "$T/readme.more" "$T" $cmds >"$T/more.out"
if grep -q 'sitrep stats: the README lists --verbose' "$T/more.out"; then
  echo "ok: an option only the README names is caught"
else
  echo "FAIL: an option only the README names (stats --verbose) was not caught"; rc=1
fi
exit $rc
