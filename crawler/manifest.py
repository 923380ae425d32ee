"""Reading saved pages for `extract`: a manifest's lines, and page files kept inside the manifest's folder.

A manifest is data from elsewhere: a line `{"path": "/etc/passwd", …}` or `../../secret` must not be
extracted (and published), `/dev/zero` must not be read until memory runs out. So a path must resolve
(symlinks followed) inside the manifest's folder unless the caller allows outside, must be a regular
file, and is read up to the crawler's own size cap.
"""

import json
import os
import stat
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from crawler.settings import DOWNLOAD_MAXSIZE


class PageError(ValueError):
    """A manifest line or page file that cannot be extracted (the message says why)."""


class Entry(NamedTuple):
    """One manifest line: the page's path (relative to the manifest's folder), its URL, its HTTP headers."""

    path: str
    url: str
    headers: dict | None = None


def check_url(url):
    """url if it is an http(s) URL with a host; PageError otherwise (e.g. `https://[::1`)."""
    if not isinstance(url, str) or not url.strip():
        raise PageError(f"url must be a non-empty string, not {json.dumps(url)[:40]}")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        _ = parts.port  # a bad port (":99999", ":x") raises here
    except ValueError as e:
        raise PageError(f"not a URL: {url[:80]!r} ({e})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise PageError(f"not an http(s) URL with a host: {url[:80]!r}")
    return url


def read_page(path, *, base=None, max_bytes=DOWNLOAD_MAXSIZE):
    """The bytes of a saved page. base: the folder it must stay in (after resolving symlinks), or None."""
    real = Path(path).resolve()
    if base is not None and not real.is_relative_to(Path(base).resolve()):
        raise PageError(f"{path}: outside the manifest's folder (use --allow-outside to allow it)")
    # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what was opened
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PageError(f"{path}: not a regular file")
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PageError(f"{path}: larger than {max_bytes} bytes (the crawler's DOWNLOAD_MAXSIZE)")
    return data


def manifest_lines(path):
    """(where, Entry or PageError) for each non-blank line of a manifest: where is its path or `line N`."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for n, line in enumerate(lines, 1):
            if line.strip():
                yield _entry(line, f"line {n}")


def _entry(line, where):
    try:
        item = json.loads(line)
    except ValueError as e:
        return where, PageError(f"not JSON: {e}")
    except RecursionError:
        return where, PageError("not JSON: nested too deeply")
    if not isinstance(item, dict):
        return where, PageError('not a JSON object {"path": …, "url": …}')
    page, url, headers = item.get("path"), item.get("url"), item.get("headers")
    if not isinstance(page, str) or not page:
        return where, PageError("path must be a non-empty string")
    try:
        check_url(url)
    except PageError as e:
        return page, e
    if headers is not None and not (
        isinstance(headers, dict) and all(isinstance(v, (str, list)) for v in headers.values())
    ):
        return page, PageError("headers must be an object of strings")
    return page, Entry(page, url, headers)
