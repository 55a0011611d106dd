#!/usr/bin/env python3
"""Local servers for tests/jail/test_net_allow.sh, all on the host's loopback.

Usage: servers.py DIR CERT KEY. Binds each server on a free port, writes
DIR/ports (NAME=PORT lines) when all listen, and serves until killed:
  http   127.0.0.2  HTTP/1.1 with keep-alive; GET /host answers "host=<Host>",
                    GET /big?n=N answers N octets; other paths are files in DIR/www
  tls    127.0.0.3  TLS (CERT/KEY); after the handshake answers "tls-ok sni=<SNI>"
  raw    127.0.0.4  server speaks first, like ssh: "raw-hello\\n", then echoes lines
"""
import http.server
import os
import socket
import socketserver
import ssl
import sys
import threading

root, cert, key = sys.argv[1:4]


class Http(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *a, **kw):
        super().__init__(*a, directory=os.path.join(root, "www"), **kw)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/host":
            return self.answer(("host=%s" % self.headers.get("Host")).encode())
        if self.path.startswith("/big?n="):
            n = int(self.path.split("=", 1)[1])
            self.send_response(200)
            self.send_header("Content-Length", str(n))
            self.end_headers()
            chunk = b"x" * 65536
            while n > 0:
                self.wfile.write(chunk[: min(n, len(chunk))])
                n -= min(n, len(chunk))
            return None
        return super().do_GET()

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Threaded(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


class Tls(socketserver.BaseRequestHandler):
    def handle(self):
        sni = []
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        ctx.sni_callback = lambda sock, name, c: sni.append(name)
        try:
            with ctx.wrap_socket(self.request, server_side=True) as s:
                s.recv(4096)
                body = ("tls-ok sni=%s\n" % (sni[0] if sni else "")).encode()
                s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        except (ssl.SSLError, OSError):
            pass


class Raw(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"raw-hello\n")
        for line in self.rfile:
            self.wfile.write(line)


servers = {"http": Threaded(("127.0.0.2", 0), Http), "tls": Threaded(("127.0.0.3", 0), Tls),
           "raw": Threaded(("127.0.0.4", 0), Raw)}
for s in servers.values():
    threading.Thread(target=s.serve_forever, daemon=True).start()
with open(os.path.join(root, "ports.tmp"), "w") as f:
    for name, s in servers.items():
        f.write("%s=%d\n" % (name, s.server_address[1]))
os.rename(os.path.join(root, "ports.tmp"), os.path.join(root, "ports"))
threading.Event().wait()
