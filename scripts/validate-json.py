#!/usr/bin/env python3
"""validate-json.py - check sitrep's JSON output against docs/schema/sitrep.schema.json.

usage: validate-json.py DEF FILE...      (FILE "-" = standard input)

DEF names a shape under the schema's $defs (code_event, event_row, events_page, events_geojson,
event_detail, situation, situation_geojson, situation_layer, stats, actors, places,
documents_posted, error, compare, worker_status, queue_document). A FILE holding one JSON value is checked as that value; a
JSONL file (one value per line) is checked line by line. Prints the first problems with the
file and line, exit status 0 when every value is valid, 1 otherwise, 2 on bad usage or a
missing python3-jsonschema (Debian package; scripts/setup.sh installs it).
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate-json.py: python3-jsonschema is missing: apt-get install python3-jsonschema\n")
    sys.exit(2)

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "schema", "sitrep.schema.json")


def values(path):
    data = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    try:
        yield 1, json.loads(data)
        return
    except json.JSONDecodeError:
        pass
    for n, line in enumerate(data.splitlines(), 1):
        if line.strip():
            yield n, json.loads(line)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    schema = json.load(open(SCHEMA, encoding="utf-8"))
    name = argv[1]
    if name not in schema.get("$defs", {}):
        sys.stderr.write("validate-json.py: no $defs/%s in the schema\n" % name)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls({"$ref": "#/$defs/" + name, "$defs": schema["$defs"]})
    bad = 0
    for path in argv[2:]:
        try:
            for line, value in values(path):
                for e in validator.iter_errors(value):
                    bad += 1
                    if bad <= 10:
                        loc = "/".join(str(p) for p in e.absolute_path)
                        print("%s:%d: %s: %s" % (path, line, loc or "(top)", e.message[:300]))
        except (OSError, ValueError) as e:
            print("%s: %s" % (path, e))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
