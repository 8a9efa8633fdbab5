"""A real web site on 127.0.0.1 for tests: static pages and feeds, plus a few bad routes.

Serves a folder over http.server in a thread. Special paths exercise the
fetcher's limits: /redirect/N (N hops, then /wire-c5-summit.html), /loop (a
redirect to itself), /to-file (a redirect to a file:// URL), /big (more bytes
than the size cap), /slow (answers after `delay` seconds), /missing (404).
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the fetcher hanging up on /big is the point, not an error


class Site:
    def __init__(self, root: Path, big_bytes: int = 0) -> None:
        self.root = root
        self.requests: list[str] = []
        self.delay = 0.0
        owner = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests.append(self.path)
                if self.path.startswith("/redirect/"):
                    hops = int(self.path.rsplit("/", 1)[1])
                    self._redirect(f"/redirect/{hops - 1}" if hops > 1 else "/wire-c5-summit.html")
                elif self.path == "/slow":
                    time.sleep(owner.delay)
                    self._redirect("/wire-c5-summit.html")
                elif self.path == "/loop":
                    self._redirect("/loop")
                elif self.path == "/to-file":
                    self._redirect("file:///etc/passwd")
                elif self.path == "/big":
                    self.send_response(200)
                    self.send_header("content-type", "text/html")
                    self.end_headers()  # no content-length: the cap must hold while streaming
                    chunk = b"<p>" + b"x" * 65536 + b"</p>"
                    for _ in range(big_bytes // len(chunk) + 1):
                        self.wfile.write(chunk)
                else:
                    super().do_GET()

            def guess_type(self, path: str) -> str:
                if str(path).endswith(".xml"):
                    return "application/rss+xml"
                return super().guess_type(path)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("location", location)
                self.send_header("content-length", "0")
                self.end_headers()

        handler = functools.partial(Handler, directory=str(root))
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{path.lstrip('/')}"

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
