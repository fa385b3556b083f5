#!/usr/bin/env python3
"""Mark the golden cases that fail today as known gaps, with what went wrong.

usage: scripts/mark-known-gaps.py [--prune] RUN_GOLDEN FILE...   (env SITREP_LEXICON / SITREP_GAZETTEER as for ctest)

--prune only removes the known-gap line of cases that now pass (XPASS).

Runs the golden runner on each file and, for every failing case that has no
`known-gap:` line yet, inserts one after the case's title line, stating the missed
and the extra events. A case that later passes is reported by the runner as XPASS
("remove the known-gap line"), so the list only shrinks by hand, on purpose.
"""
import re
import subprocess
import sys


def main():
    args = sys.argv[1:]
    prune = bool(args) and args[0] == "--prune"
    if prune:
        args = args[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    runner = args[0]
    for path in args[1:]:
        out = subprocess.run([runner, path], capture_output=True, text=True).stdout
        if prune:
            xpass = {int(m.group(1)) for m in re.finditer(r"^\S+:(\d+): XPASS: ", out, re.M)}
            if not xpass:
                continue
            lines = open(path, encoding="utf-8").read().split("\n")
            keep, case = [], None
            for i, text in enumerate(lines, 1):
                if text.startswith("#"):
                    case = i
                if case in xpass and text.startswith("known-gap:"):
                    continue
                keep.append(text)
            open(path, "w", encoding="utf-8").write("\n".join(keep))
            print(f"{path}: {len(xpass)} known gap(s) now pass, line removed")
            continue
        fails = {}
        cur = None
        for line in out.splitlines():
            m = re.match(r"^(\S+):(\d+): FAIL: ", line)
            if m:
                cur = int(m.group(2))
                fails[cur] = {"miss": [], "xtra": []}
                continue
            if cur is None:
                continue
            m = re.match(r"^\s+MISS expected (.+?)\s+\(line", line)
            if m:
                fails[cur]["miss"].append(m.group(1).strip())
            m = re.match(r"^\s+XTRA got\s+(\S+ \S+ \S+)", line)
            if m:
                fails[cur]["xtra"].append(m.group(1).strip())
        if not fails:
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        # case start lines are 1-based '# title' lines; find whether a case already has known-gap
        out_lines = []
        for i, text in enumerate(lines, 1):
            out_lines.append(text)
            if i in fails:
                j = i
                has = False
                while j < len(lines) and lines[j].strip():
                    if lines[j].startswith("known-gap:"):
                        has = True
                    j += 1
                if has:
                    continue
                f = fails[i]
                parts = []
                if f["miss"]:
                    parts.append("misses " + "; ".join(f["miss"]))
                if f["xtra"]:
                    parts.append("also codes " + "; ".join(f["xtra"]))
                out_lines.append("known-gap: coder " + (", ".join(parts) or "fails this case"))
        open(path, "w", encoding="utf-8").write("\n".join(out_lines))
        print(f"{path}: {len(fails)} failing case(s) marked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
