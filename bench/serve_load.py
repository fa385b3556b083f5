#!/usr/bin/env python3
"""bench/serve_load.py - `sitrep serve` under hostile load (not run by ctest).

Starts the server on a small store (built with `sitrep ingest` from
tests/serve/reports.jsonl), opens IDLE connections that never send a byte and
SLOW connections that send a POST body at 1 byte/s (both re-opened whenever
the server closes them, as an attacker would), then runs REQUESTS normal API
requests from CLIENTS keep-alive clients and reports latency percentiles and
errors. With --posts, one more client posts documents to be coded the whole
time (coding is CPU work on the loop thread that got the request).

    bench/serve_load.py [--idle 1000] [--slow 50] [--requests 10000] [--clients 4]
                        [--threads 16] [--timeout MS] [--posts] [--out FILE]

Python standard library only. Run from anywhere; paths are taken relative to
the repository. Acceptance (issue 11): p99 under 100 ms and no error.
"""
import argparse
import http.client
import json
import os
import random
import resource
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "bench-token-0123456789abcdef"
URLS = [
    "/api/events?limit={a}&offset={b}",
    "/api/events?country=SY&limit={a}",
    "/api/events.geojson?limit={a}",
    "/api/situation?country=SY&days={d}",
    "/api/situation.geojson?days={d}",
    "/api/actors?limit={a}",
    "/api/stats",
    "/api/events?actor=ISIS&offset={b}",
]


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def start_server(args, db, tmp):
    tok = os.path.join(tmp, "token")
    with open(tok, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(tok, 0o600)
    log = open(os.path.join(tmp, "serve.log"), "w+")
    cmd = [args.sitrep, "serve", "--db", db, "--port", "0", "--threads", str(args.threads),
           "--write-token", tok]
    if args.timeout:
        cmd += ["--timeout", str(args.timeout)]
    proc = subprocess.Popen(cmd, stderr=log, cwd=ROOT)
    for _ in range(200):
        log.seek(0)
        for line in log:
            if line.startswith("sitrep serve: http://"):
                return proc, int(line.split(":")[3].split("/")[0])
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    log.seek(0)
    sys.exit("server did not start: " + log.read())


class Hostile(threading.Thread):
    """Keeps `idle` silent connections and `slow` 1 byte/s POST bodies open."""

    def __init__(self, port, idle, slow):
        super().__init__(daemon=True)
        self.port, self.nidle, self.nslow = port, idle, slow
        self.sel = selectors.DefaultSelector()
        self.stop = threading.Event()
        self.reopened = {"idle": 0, "slow": 0}
        self.opened = {"idle": 0, "slow": 0}
        self.failed = 0
        self.why = {}
        self.ready = threading.Event()

    def open(self, kind):
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError as e:
            self.failed += 1
            self.why[type(e).__name__] = self.why.get(type(e).__name__, 0) + 1
            return
        s.setblocking(False)
        if kind == "slow":
            try:
                s.send(b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                       + TOKEN.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            except OSError:
                pass
        self.sel.register(s, selectors.EVENT_READ, kind)
        self.opened[kind] += 1

    def run(self):
        for _ in range(self.nidle):
            self.open("idle")
        for _ in range(self.nslow):
            self.open("slow")
        self.ready.set()
        next_byte = time.time()
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=0.2):
                s, kind = key.fileobj, key.data
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if not data or b"HTTP/1.1" in data:  # closed or answered (408): open another
                    self.sel.unregister(s)
                    s.close()
                    self.reopened[kind] += 1
                    self.open(kind)
            if time.time() >= next_byte:  # one byte per second on every slow body
                next_byte += 1
                for key in list(self.sel.get_map().values()):
                    if key.data == "slow":
                        try:
                            key.fileobj.send(b"x")
                        except OSError:
                            pass

    def open_now(self):
        return sum(1 for k in self.sel.get_map().values())


def client(port, n, seed, lat, errors, lock):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    mine, errs = [], []
    for _ in range(n):
        url = rnd.choice(URLS).format(a=rnd.randint(1, 20), b=rnd.randint(0, 12), d=rnd.randint(1, 60))
        t = time.perf_counter()
        try:
            conn.request("GET", url)
            resp = conn.getresponse()
            body = resp.read()
            ok = resp.status == 200 and body[:1] in (b"{", b"[")
            if resp.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException) as e:
            ok, resp = False, None
            errs.append(f"{url}: {e!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine.append(time.perf_counter() - t)
        if not ok and resp is not None:
            errs.append(f"{url}: HTTP {resp.status}")
    conn.close()
    with lock:
        lat.extend(mine)
        errors.extend(errs)


def poster(port, stop, out, kb):
    text = open(os.path.join(ROOT, "tests/serve/reports.jsonl"), encoding="utf-8").read().splitlines()
    docs = [json.loads(l) for l in text if l.strip()]
    filler = " ".join(d.get("text", "") for d in docs)
    pad = ""
    while len(pad) < kb * 1024:
        pad += " " + filler
    i = 0
    while not stop.is_set():
        d = dict(docs[i % len(docs)])
        d["id"] = f"bench-post-{i}"
        d["text"] = d.get("text", "") + f" (copy {i})" + pad[: kb * 1024]
        body = json.dumps(d).encode()
        t = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            c.request("POST", "/api/documents", body, {"Authorization": "Bearer " + TOKEN})
            r = c.getresponse()
            r.read()
            out.append((time.perf_counter() - t, r.status))
        except (OSError, http.client.HTTPException):
            out.append((time.perf_counter() - t, 0))
        c.close()
        i += 1


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, int(p / 100 * len(sorted_ms)))]


def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sitrep", default=os.environ.get("SITREP", os.path.join(ROOT, "build/sitrep")))
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--slow", type=int, default=50)
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--timeout", type=int, default=0, help="server --timeout MS (default: its own)")
    ap.add_argument("--warmup", type=float, default=1.0,
                    help="seconds between opening the hostile connections and the load (past the "
                         "server's timeout, 10 s by default, they are being cut and re-opened meanwhile)")
    ap.add_argument("--posts", action="store_true", help="one client posting documents meanwhile")
    ap.add_argument("--post-kb", type=int, default=0, help="pad each posted document to about this many KiB")
    ap.add_argument("--out", help="append the result lines to this file")
    args = ap.parse_args()
    nofile = raise_nofile()
    if nofile < args.idle + args.slow + args.clients + 64:
        sys.exit(f"file limit {nofile} too low for {args.idle + args.slow} connections: raise ulimit -n")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "store.db")
        subprocess.run([args.sitrep, "ingest", "--quiet", "--db", db, "tests/serve/reports.jsonl"],
                       cwd=ROOT, check=True)
        proc, port = start_server(args, db, tmp)
        try:
            hostile = Hostile(port, args.idle, args.slow)
            hostile.start()
            hostile.ready.wait()
            time.sleep(args.warmup)
            stop_posts, posts = threading.Event(), []
            pt = None
            if args.posts:
                pt = threading.Thread(target=poster, args=(port, stop_posts, posts, args.post_kb), daemon=True)
                pt.start()
            lat, errors, lock = [], [], threading.Lock()
            per = args.requests // args.clients
            t0 = time.perf_counter()
            th = [threading.Thread(target=client, args=(port, per, k, lat, errors, lock)) for k in range(args.clients)]
            for t in th:
                t.start()
            for t in th:
                t.join()
            wall = time.perf_counter() - t0
            stop_posts.set()
            if pt:
                pt.join()
            held = hostile.open_now()
            hostile.stop.set()
            hostile.join()
            alive = proc.poll() is None
            rss = rss_kb(proc.pid)
        finally:
            proc.terminate()
            proc.wait()
            with open(os.path.join(tmp, "serve.log")) as f:
                log = f.read()
            if proc.returncode != 0 or "ERROR" in log:  # a sanitizer build's report, a crash
                sys.stderr.write(f"server exit status {proc.returncode}:\n{log[-4000:]}\n")
                alive = False
    ms = sorted(x * 1000 for x in lat)
    lines = [
        f"# {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())} bench/serve_load.py on {os.cpu_count()} cores; "
        f"load before: {' '.join(open('/proc/loadavg').read().split()[:3])}",
        f"# server --threads {args.threads}{' --timeout ' + str(args.timeout) if args.timeout else ''}; "
        f"{args.idle} idle + {args.slow} slow-body (1 byte/s) connections, {hostile.opened['idle'] + hostile.opened['slow']} "
        f"opened in all ({hostile.reopened['idle']} idle and {hostile.reopened['slow']} slow re-opened after the server "
        f"closed them, {hostile.failed} failed to connect{' ' + str(hostile.why) if hostile.why else ''}), {held} held at the end; "
        f"warm-up {args.warmup:g} s",
        f"{len(ms)} GET requests from {args.clients} keep-alive clients in {wall:.1f} s ({len(ms) / wall:.0f}/s): "
        f"p50 {pct(ms, 50):.2f} ms, p90 {pct(ms, 90):.2f} ms, p99 {pct(ms, 99):.2f} ms, max {ms[-1]:.1f} ms; "
        f"errors {len(errors)}; server alive {alive}, VmRSS {rss} kB",
    ]
    if args.posts:
        pm = sorted(x * 1000 for x, _ in posts)
        bad = sum(1 for _, st in posts if st != 200)
        lines.append(f"meanwhile {len(posts)} POST /api/documents (one document each, +{args.post_kb} KiB, coded): "
                     f"p50 {pct(pm, 50):.1f} ms, max {pm[-1] if pm else 0:.1f} ms, non-200 {bad}")
    for e in errors[:5]:
        lines.append("  error: " + e)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
    ok = not errors and pct(ms, 99) < 100 and alive
    print("acceptance (p99 < 100 ms, no error):", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
