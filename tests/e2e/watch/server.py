#!/usr/bin/env python3
"""tests/e2e/watch/server.py - the loopback HTTP server of the watch tests.

Serves the files of ROOT with validators (ETag from the content, Last-Modified from the
file's time) and answers conditional requests with 304; plus routes that misbehave:
  /big          50 MB of text, no Content-Length (the size cap must stop it)
  /big-declared the same with a Content-Length (refused before reading)
  /loop         a redirect to itself (the redirect cap)
  /slow         nothing for 20 s (the time cap)
  /busy         503 with Retry-After: 120
Every request is logged to LOG as "METHOD PATH STATUS BYTES".
usage: server.py ROOT PORTFILE LOG
"""
import email.utils
import hashlib
import http.server
import os
import sys
import threading
import time

ROOT, PORTFILE, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
LOCK = threading.Lock()
TYPES = {'.rss': 'application/rss+xml', '.atom': 'application/atom+xml', '.xml': 'application/xml',
         '.html': 'text/html; charset=utf-8'}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def note(self, status, nbytes):
        with LOCK, open(LOG, 'a', encoding='utf-8') as f:
            f.write(f'{self.command} {self.path} {status} {nbytes}\n')

    def reply(self, status, body=b'', headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.note(status, len(body))

    def stream_big(self, declared):
        chunk = (b'war report filler line that never ends\n' * 27000)[:1 << 20]
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        if declared:
            self.send_header('Content-Length', str(50 << 20))
        else:
            self.send_header('Connection', 'close')
        self.end_headers()
        sent = 0
        try:
            self.wfile.write(b'<?xml version="1.0"?><rss><channel><item><description>')
            for _ in range(50):
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True
        self.note(200, sent)

    def do_GET(self):
        path = self.path.split('?', 1)[0]
        if path == '/big':
            return self.stream_big(False)
        if path == '/big-declared':
            return self.stream_big(True)
        if path == '/loop':
            return self.reply(302, headers=[('Location', '/loop')])
        if path == '/busy':
            return self.reply(503, b'busy', [('Retry-After', '120')])
        if path == '/slow':
            time.sleep(20)
            return self.reply(200, b'late')
        full = os.path.normpath(os.path.join(ROOT, path.lstrip('/')))
        if not full.startswith(os.path.abspath(ROOT)) or not os.path.isfile(full):
            return self.reply(404, b'not found')
        with open(full, 'rb') as f:
            body = f.read()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = int(os.path.getmtime(full))
        lm = email.utils.formatdate(mtime, usegmt=True)
        ctype = TYPES.get(os.path.splitext(full)[1], 'application/octet-stream')
        if full.endswith('notafeed.rss'):
            ctype = 'text/html; charset=utf-8'  # a feed URL that answers with a web page
        headers = [('Content-Type', ctype), ('Last-Modified', lm)]
        nolm = '/nolm/' in path
        if not nolm:
            headers.append(('ETag', etag))
        inm = self.headers.get('If-None-Match')
        ims = self.headers.get('If-Modified-Since')
        if inm is not None and not nolm:
            if inm == etag:
                return self.reply(304, headers=[('ETag', etag)])
        elif ims is not None:
            t = email.utils.parsedate_to_datetime(ims).timestamp()
            if mtime <= t:
                return self.reply(304)
        self.reply(200, body, headers)


srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
srv.daemon_threads = True
with open(PORTFILE + '.tmp', 'w') as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + '.tmp', PORTFILE)
srv.serve_forever()
