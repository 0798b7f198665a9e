#!/usr/bin/env python3
"""An example order service: what a team's own service looks like to portex (examples/target-service).

  POST /orders   a JSON object: 201 {"order": N}; a body that is not a JSON object: 400
  GET  /health   200 {"ok": true}
  anything else  404 (405 for another method on /orders)

HTTP/1.1 with keep-alive: a connection stays open between requests until it sat idle KEEP_ALIVE_SECONDS
(default 5); then the service closes it. Listens on PORT (default 8080). One thread per connection.
"""

import itertools
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ORDERS = itertools.count(1)
MAX_BODY = 1 << 20


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = float(os.environ.get("KEEP_ALIVE_SECONDS", "5"))
    # The answer's head and body in one write (sent when the request is done): unbuffered, they go as two segments,
    # and Nagle's algorithm holds the second until the client's delayed ACK, 40 ms per request on a kept-alive connection.
    wbufsize = 1 << 16

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_BODY:
            self.answer(411 if length is None else 413, {"error": "a Content-Length of at most 1 MB is needed"})
            self.close_connection = True
            return
        body = self.rfile.read(int(length))
        if self.path.split("?")[0] != "/orders":
            self.answer(404, {"error": "POST /orders takes orders"})
            return
        try:
            order = json.loads(body)
        except ValueError:
            order = None
        if not isinstance(order, dict):
            self.answer(400, {"error": "an order is a JSON object"})
            return
        self.answer(201, {"order": next(ORDERS)})

    def do_GET(self):
        if self.path.split("?")[0] == "/health":
            self.answer(200, {"ok": True})
        else:
            self.answer(404, {"error": "GET /health answers; orders are POSTed to /orders"})

    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # one line per request would be most of a run's log


def main():
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    print(f"order service listening on {port}, keep-alive {Handler.timeout:g} s", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
