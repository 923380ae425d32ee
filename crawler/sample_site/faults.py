"""Faults the sample site can inject on one path: `SampleSite(inject={"/gwent/news/…/": "reset"})`.

What the fault matrix (tests/test_crawl_faults.py, benchmarks/faults.py) crawls against: each fault is what
a real police site, its CDN or the network between does now and then. A fault takes the response the site
would have sent and the number of times the path was asked for, and returns the response to send, or a
Raw reply that writes (or breaks) the connection itself.
"""

import gzip
import re
import socket
import struct
import time
import zlib
from functools import lru_cache

FAULTS = {
    "reset": "the connection is reset half-way through the body",
    "stall": "the answer comes after the crawler's timeout",
    "truncated-gzip": "a gzip body cut short (its length header agrees, the gzip stream does not end)",
    "429": "429 Too Many Requests with Retry-After: 1, every time",
    "503-once": "503 with Retry-After: 1 the first time, then the page",
    "500-burst": "500 three times, then the page",
    "404": "404 Not Found",
    "410": "410 Gone",
    "redirect-loop": "302 to itself with a new query string, for ever",
    "offsite-redirect": "302 to a host the force does not own",
    "oversize": "a body larger than the crawler's size cap, with its Content-Length",
    "oversize-unsized": "a body larger than the cap with no Content-Length (read until the connection closes)",
    "gzip-bomb": "a small gzip body that inflates to 64 MiB",
    "no-charset": "windows-1252 bytes (a comment says Café) with no charset in the header or the page",
    "wrong-charset": "windows-1252 bytes (a comment says Café) in a page whose header and meta say utf-8",
    "false-utf16": "ASCII bytes in a page whose meta says utf-16",
    "malformed": "the page's closing tags dropped, stray brackets, an unclosed comment at the end",
    "robots-disallow": "(on /robots.txt) Disallow: / for every agent",
    "robots-stall": "(on /robots.txt) the answer comes after the crawler's timeout",
}
RETRY_AFTER = "1"
BOMB_BYTES = 64 * 1024 * 1024


class Raw:
    """A reply written by hand on the connection: `write(wfile, connection)`."""

    def __init__(self, status, write):
        self.status, self.write = status, write


def inject(fault, resp, hit, *, offsite_url, stall_seconds, url):
    """The reply to send instead of resp (the site's own) for the hit-th request of a faulted path."""
    from crawler.sample_site.server import Response  # the server imports this module

    if fault == "reset":
        return Raw(200, lambda w, conn: _reset(resp, w, conn))
    if fault in ("stall", "robots-stall"):
        time.sleep(stall_seconds)
        return resp
    if fault == "truncated-gzip":
        packed = gzip.compress(resp.body)
        return Response(200, packed[: len(packed) * 2 // 3], dict(resp.headers, **{"Content-Encoding": "gzip"}))
    if fault == "429":
        return Response(429, b"Too many requests", {"Retry-After": RETRY_AFTER})
    if fault == "503-once" and hit == 1:
        return Response(503, b"Service unavailable", {"Retry-After": RETRY_AFTER})
    if fault == "500-burst" and hit <= 3:
        return Response(500, b"Server error", {"Content-Type": "text/plain"})
    if fault in ("404", "410"):
        return Response(int(fault), b"<html><body><h1>Not here</h1></body></html>", {"Content-Type": "text/html"})
    if fault == "redirect-loop":
        return Response(302, b"", {"Location": f"{url.split('?')[0]}?loop={hit}"})
    if fault == "offsite-redirect":
        return Response(302, b"", {"Location": f"{offsite_url}/landing/"})
    if fault == "oversize":
        return Response(200, _padded(resp.body), resp.headers)
    if fault == "oversize-unsized":
        return Raw(200, lambda w, conn: _unsized(_padded(resp.body), resp.headers, w))
    if fault == "gzip-bomb":
        return Response(200, _bomb(), dict(resp.headers, **{"Content-Encoding": "gzip"}))
    if fault == "no-charset":
        text = _CHARSET_META.sub("", resp.body.decode("utf-8")).replace("<head>", "<head><!-- Café -->", 1)
        return Response(200, text.encode("cp1252", "xmlcharrefreplace"), {"Content-Type": "text/html"})
    if fault == "wrong-charset":
        text = resp.body.decode("utf-8").replace("<head>", "<head><!-- Café -->", 1)
        return Response(200, text.encode("cp1252", "xmlcharrefreplace"), {"Content-Type": "text/html; charset=utf-8"})
    if fault == "false-utf16":
        text = _CHARSET_META.sub("", resp.body.decode("utf-8")).replace("<head>", '<head><meta charset="utf-16">', 1)
        return Response(200, text.encode("ascii", "xmlcharrefreplace"), {"Content-Type": "text/html"})
    if fault == "malformed":
        text = re.sub(
            r"</(p|div|li|ul|span|a|section|article|main|header|footer|nav|h2|h3)>", "", resp.body.decode("utf-8")
        )
        text = text.replace("<body", "<<>><body", 1).replace("</body>", "<p>stray < and > and &bogus;</body>") + "<!--"
        return Response(200, text.encode("utf-8"), resp.headers)
    if fault == "robots-disallow":
        return Response(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"})
    return resp


_CHARSET_META = re.compile(r"<meta[^>]*charset[^>]*>", re.I)
PAD = 11 * 1024 * 1024  # over the crawler's DOWNLOAD_MAXSIZE (10 MiB)


def _padded(body):
    return body.replace(b"</body>", b"<!--" + b" " * PAD + b"--></body>", 1)


@lru_cache(maxsize=1)
def _bomb():
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip stream
    chunk = b"\0" * (1024 * 1024)
    return b"".join([z.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))] + [z.flush()])


def _head(w, status, headers, length=None):
    w.write(f"HTTP/1.1 {status} OK\r\n".encode())
    for k, v in headers.items():
        w.write(f"{k}: {v}\r\n".encode("latin-1"))
    if length is not None:
        w.write(f"Content-Length: {length}\r\n".encode())
    w.write(b"Connection: close\r\n\r\n")


def _reset(resp, w, conn):
    _head(w, 200, resp.headers, len(resp.body))
    w.write(resp.body[: len(resp.body) // 2])
    w.flush()
    # SO_LINGER 0: close sends a TCP reset, not an orderly end of stream
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _unsized(body, headers, w):
    _head(w, 200, headers)
    try:
        for i in range(0, len(body), 64 * 1024):
            w.write(body[i : i + 64 * 1024])
    except OSError:
        pass  # the crawler hung up once it had enough: what it should do
