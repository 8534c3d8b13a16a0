"""A threaded stdlib HTTP server for the sample press site, with named behaviours for robustness tests.

Headers per file come from the site's `_headers.json`. Absolute URLs in the site are written with the
origin http://127.0.0.1:8765; when the server runs elsewhere (port 0 in tests) it rewrites that origin
in text responses to its own, so feeds, sitemaps and robots.txt point back at the running server.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import posixpath
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from pressroom.sample_site.model import SITE_ORIGIN

DEFAULT_ROOT = Path(__file__).parent / "site"
HEADERS_FILE = "_headers.json"
MAX_SLOW_SECONDS = 5.0
TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/json")


class AccessLog(list[tuple[str, str, int]]):
    """The requests served so far as (method, path with query, status); appends are locked."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.append((method, path, status))

    def snapshot(self) -> list[tuple[str, str, int]]:
        with self._lock:
            return list(self)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.snapshot()]


class SampleSiteHTTPServer(ThreadingHTTPServer):
    """Holds what the handlers share: the site root, its header table, the origin and the access log."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], root: Path) -> None:
        super().__init__(address, SampleSiteHandler)
        self.root = root.resolve()
        headers_path = self.root / HEADERS_FILE
        self.file_headers: dict[str, dict[str, str]] = (
            json.loads(headers_path.read_text(encoding="utf-8")) if headers_path.exists() else {}
        )
        self.access_log = AccessLog()
        host, port = self.server_address[:2]
        self.origin = f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that hang up mid-response (crawlers cancelling, slow-path timeouts) are normal here.
        pass


class SampleSiteHandler(BaseHTTPRequestHandler):
    """Serves files from the site root; `/status/<code>`, `/slow`, `/redirect-loop`, `/redirect-bad` are behaviours."""

    server: SampleSiteHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "PressroomSampleSite/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        status = code.value if isinstance(code, HTTPStatus) else int(code) if str(code).isdigit() else 0
        self.server.access_log.record(self.command or "", self.path, status)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the access log above is the record

    def _respond(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path.startswith("/status/"):
            self._status(path.removeprefix("/status/"), send_body)
        elif path == "/slow":
            self._slow(parse_qs(url.query).get("seconds", ["1"])[0], send_body)
        elif path == "/redirect-loop":
            self._send(HTTPStatus.FOUND, b"", {"Location": "/redirect-loop"}, send_body)
        elif path == "/redirect-bad":  # a Location no request can be made of
            self._send(HTTPStatus.FOUND, b"", {"Location": "http://[bad/x.html"}, send_body)
        else:
            self._file(path, url.query, send_body)

    def _status(self, code: str, send_body: bool) -> None:
        if not code.isdigit() or not 200 <= int(code) <= 599:
            self._send(HTTPStatus.BAD_REQUEST, b"bad status code\n", {"Content-Type": "text/plain"}, send_body)
            return
        # 204 and 304 responses carry no body by definition.
        body = b"" if int(code) in (204, 304) else f"status {code}\n".encode()
        self._send(int(code), body, {"Content-Type": "text/plain; charset=utf-8"}, send_body)

    def _slow(self, seconds: str, send_body: bool) -> None:
        try:
            delay = min(max(float(seconds), 0.0), MAX_SLOW_SECONDS)
        except ValueError:
            self._send(
                HTTPStatus.BAD_REQUEST,
                b"seconds must be a number\n",
                {"Content-Type": "text/plain"},
                send_body,
            )
            return
        time.sleep(delay)
        self._send(HTTPStatus.OK, f"slept {delay:g} s\n".encode(), {"Content-Type": "text/plain"}, send_body)

    def _file(self, path: str, query: str, send_body: bool) -> None:
        target = self._resolve(path)
        if target is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", {"Content-Type": "text/plain"}, send_body)
            return
        if target.is_dir():
            if not path.endswith("/"):
                location = path + "/" + (f"?{query}" if query else "")
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", {"Location": location}, send_body)
                return
            target = target / "index.html"
            if not target.is_file():
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", {"Content-Type": "text/plain"}, send_body)
                return
        relative = "/" + target.relative_to(self.server.root).as_posix()
        headers = dict(self.server.file_headers.get(relative, {}))
        headers.setdefault("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        body = target.read_bytes()
        if self.server.origin != SITE_ORIGIN and headers["Content-Type"].startswith(TEXT_TYPES):
            body = body.replace(SITE_ORIGIN.encode(), self.server.origin.encode())
        # Validators, so crawlers' conditional GETs get real 304s (the archive's incremental re-crawls).
        headers.setdefault("ETag", '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
        headers.setdefault("Last-Modified", formatdate(int(target.stat().st_mtime), usegmt=True))
        if self._not_modified(headers):
            self._send(HTTPStatus.NOT_MODIFIED, b"", {"ETag": headers["ETag"]}, send_body)
            return
        self._send(HTTPStatus.OK, body, headers, send_body)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        """RFC 9110: If-None-Match decides when present, else If-Modified-Since against Last-Modified."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return headers["ETag"] in {tag.strip() for tag in tags.split(",")} or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            return parsedate_to_datetime(headers["Last-Modified"]) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _resolve(self, path: str) -> Path | None:
        """The file or directory under the root for a URL path; None outside it or for private files."""
        clean = posixpath.normpath(path)
        parts = [part for part in clean.split("/") if part]
        if any(part.startswith((".", "_")) for part in parts):
            return None
        target = self.server.root.joinpath(*parts)
        if not target.exists() or self.server.root not in (target.resolve(), *target.resolve().parents):
            return None
        return target

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class SampleSiteServer:
    """A running sample site: `url`, `port`, `access_log`, `stop()`; usable as a context manager."""

    def __init__(self, httpd: SampleSiteHTTPServer) -> None:
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="sample-site", daemon=True)
        self._stopped = False

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return self._httpd.origin

    @property
    def access_log(self) -> AccessLog:
        return self._httpd.access_log

    def start(self) -> SampleSiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SampleSiteServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def start_sample_site(host: str = "127.0.0.1", port: int = 8765, root: Path | None = None) -> SampleSiteServer:
    """Serve the site in a daemon thread; port 0 picks a free port (see `.url`)."""
    httpd = SampleSiteHTTPServer((host, port), Path(root) if root else DEFAULT_ROOT)
    return SampleSiteServer(httpd).start()


def serve_sample_site(host: str = "127.0.0.1", port: int = 8765, root: Path | None = None) -> None:
    """Serve the site in the foreground until Ctrl-C (the `pressroom sample-site` command)."""
    with start_sample_site(host, port, root) as server:
        print(f"Sample press site at {server.url}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
