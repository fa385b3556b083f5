#!/usr/bin/env python3
"""tests/e2e/watch/status.py - read the /status JSON of `sitrep worker`s.

  status.py PORT [FIELD]            the JSON (or one field); nothing when it does not answer
  status.py --wait-sum N PORT...    wait (up to 20 s) until their "documents" add up to N;
                                    prints the sum reached
  status.py --drain-time N PORT...  wait (up to 600 s) until their "documents" add up to N;
                                    prints the seconds from the first message taken to the
                                    last one handled
"""
import json
import sys
import time
import urllib.request


def get(port):
    try:
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/status', timeout=2) as r:
            return json.load(r)
    except Exception:  # not up (yet), or gone
        return None


if sys.argv[1] == '--wait-sum':
    want, ports = int(sys.argv[2]), sys.argv[3:]
    end, total = time.time() + 20, 0
    while time.time() < end:
        total = sum((get(p) or {}).get('documents', 0) for p in ports)
        if total >= want:
            break
        time.sleep(0.01)
    print(total)
    sys.exit(0)
if sys.argv[1] == '--drain-time':
    want, ports = int(sys.argv[2]), sys.argv[3:]
    t0 = time.time()
    while time.time() < t0 + 600:
        sts = [get(p) or {} for p in ports]
        if sum(st.get('documents', 0) for st in sts) >= want:
            break
        time.sleep(0.05)
    # from the first message any worker took to the last one any worker handled
    first = min(st['first_ms'] for st in sts if st.get('first_ms'))
    last = max(st['last_ms'] for st in sts)
    code = sum(st.get('code_ms', 0) for st in sts)
    store = sum(st.get('store_ms', 0) for st in sts)
    sys.stderr.write(f'  coding {code} ms, storing {store} ms (lock waits included) over all workers\n')
    print(f'{(last - first) / 1000:.3f}')
    sys.exit(0)
st = get(sys.argv[1])
if st is not None:
    print(st[sys.argv[2]] if len(sys.argv) > 2 else json.dumps(st))
