"""Shared helpers of the evaluation scripts (eval-notes.py, eval-plover.py): reading JSONL
whose bad lines are counted and skipped, and fields as stripped strings."""
import json
import sys


def die(prog, msg):
    sys.stderr.write("%s: %s\n" % (prog, msg))
    sys.exit(2)


def read_jsonl(prog, path, what):
    """(line number, object) for every parseable JSON object of path ("-" = stdin); the
    rest are counted and reported on stderr."""
    bad = 0
    rows = []
    try:
        f = (open(0, encoding="utf-8", errors="replace", closefd=False) if path == "-"
             else open(path, encoding="utf-8", errors="replace"))
    except OSError as e:
        die(prog, "cannot read %s %s: %s" % (what, path, e))
    with f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if isinstance(obj, dict):
                rows.append((n, obj))
            else:
                bad += 1
    if bad:
        sys.stderr.write("%s: %s: %d unparseable line(s) skipped\n" % (prog, path, bad))
    return rows


def s(x):
    """A field as a stripped string ('' for null/missing)."""
    return "" if x is None else str(x).strip()
