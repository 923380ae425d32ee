"""Building notice records outside the extractor: by hand (tests), from the shared corpus (benchmarks).

The extraction side owns `content_hash`, `clean_title` and the date parser; until one of them exists
we fall back to a local equivalent so the archive can be built and tested on its own.
"""
import hashlib
import html
import re

from crawler.record import EXTRACTOR_VERSION, empty_record


def content_hash(record):
    """content_sha256: the extraction side's, else SHA-256 of normalised title, body text and publish date."""
    try:
        from crawler.extraction import content_hash as extraction_hash
    except ImportError:
        extraction_hash = None
    if extraction_hash is not None:
        return extraction_hash(record)
    norm = "\n".join(" ".join((record.get(k) or "").split()) for k in ("title", "body", "published"))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def clean_title(page_title, og_title=None, force=None):
    """The headline without the site suffix: the extraction side's, else a cautious local version."""
    try:
        from crawler.extraction.titles import clean_title as extraction_clean
    except ImportError:
        extraction_clean = None
    if extraction_clean is not None:
        return extraction_clean(page_title, og_title, force)
    if og_title and page_title and page_title.startswith(og_title):
        return og_title
    if page_title:
        return re.split(r"\s+[|\u2013\u2014-]\s+(?=[^|\u2013\u2014-]*$)", page_title)[0].strip()
    return og_title


def make_record(url, **fields):
    """A complete record (every field present) for url, with content_sha256 computed unless given."""
    record = empty_record()
    record.update(url=url, fetched_url=url, canonical=url, platform="generic",
                  extractor_version=EXTRACTOR_VERSION)
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
