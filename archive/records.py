"""Building notice records outside the extractor: by hand (tests), from the shared corpus (benchmarks)."""

import hashlib
import html

from crawler.extraction import content_hash
from crawler.record import EXTRACTOR_VERSION, empty_record


def make_record(url, **fields):
    """A complete record (every field present) for url, with content_sha256 computed unless given."""
    record = empty_record()
    record.update(url=url, fetched_url=url, canonical=url, platform="generic", extractor_version=EXTRACTOR_VERSION)
    record.update(fields)
    if "content_sha256" not in fields:
        record["content_sha256"] = content_hash(record)
    if "raw_sha256" not in fields:
        raw = "\n".join(str(record.get(k)) for k in ("title", "body", "published", "fetched_url"))
        record["raw_sha256"] = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return record


def unescape_og(og):
    """og values as the record keeps them: entities unescaped, nested dicts flattened with ':'."""
    out = {}
    for key, value in (og or {}).items():
        if isinstance(value, dict):
            for sub, v in unescape_og(value).items():
                out[f"{key}:{sub}"] = v
        elif isinstance(value, str):
            out[key] = html.unescape(html.unescape(value))
    return out
