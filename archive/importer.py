"""Backfill from the public archive format: Markdown files with a YAML header (area, og, publish, title, url).

The header may sit inside a ```yaml fence (the seed's format, and what `export --format markdown`
writes) or between `---` lines. Its values are mapped onto the record and dated as extraction does;
the record's provenance is "imported".
"""

import hashlib
import re
from pathlib import Path

import yaml

from archive.records import unescape_og
from crawler.extraction import clean_title, normalise_url, parse_date_text, read_body, squash
from crawler.record import EXTRACTOR_VERSION, empty_record

IMPORT_VERSION = f"import-{EXTRACTOR_VERSION}"
_FENCED = re.compile(r"\A\s*```ya?ml[ \t]*\r?\n(.*?)\r?\n```[ \t]*(?:\r?\n(.*))?\Z", re.S)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n(.*))?\Z", re.S)


class ImportFormatError(ValueError):
    """A file that is not in the archive's Markdown format."""


def parse_archive_markdown(text):
    """(header dict, body Markdown) of one archive file."""
    m = _FENCED.match(text) or _FRONT.match(text)
    if not m:
        raise ImportFormatError("no YAML header (```yaml fence or --- lines) at the top")
    try:
        # BaseLoader: every value a string, so "13:35" is not read as a sexagesimal number
        header = yaml.load(m.group(1), Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        raise ImportFormatError(f"bad YAML header: {str(e).splitlines()[0]}") from None
    except RecursionError:
        raise ImportFormatError("bad YAML header: nested too deeply") from None
    if not isinstance(header, dict):
        raise ImportFormatError("the YAML header is not a mapping")
    return header, (m.group(2) or "").strip("\n") + "\n"


def _get(header, *path):
    value = header
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _flat_og(og):
    """og as extraction keeps it: the archive nests `og:site_name` as site: {name}; flatten with '_'."""
    out = {}
    for key, value in unescape_og(og if isinstance(og, dict) else {}).items():
        out[key.replace(":", "_")] = value
    return out


def record_from_archive(header, body, *, raw=None, registry=None, rules=None):
    """The notice record for one archive file's header and body."""
    url = normalise_url(_get(header, "url") or "")
    if not url:
        raise ImportFormatError("the header has no valid url")
    force = registry.force_for_url(url) if registry is not None else None
    og = _flat_og(header.get("og"))
    page_title = squash(_get(header, "title") or "") or None
    rec = empty_record()
    rec.update(
        url=url,
        fetched_url=url,
        canonical=normalise_url(og.get("url") or "") or url,
        platform="archive",
        page_title=page_title,
        og=og,
        body=body,
        **(registry.notice_fields(force) if force else {}),
        description=og.get("description") or _get(header, "description"),
        lang=(og.get("locale") or "")[:2].lower() or None,
    )
    rec["area"] = _get(header, "area") or rec["area"]
    rec["title"] = clean_title(page_title, og.get("title"), force) if (page_title or og.get("title")) else None
    # machine-readable meta first, then the visible date line, as extraction prefers them
    for source, path in (("meta", ("article", "published", "time")), ("visible line", ("publish", "date"))):
        text = _get(header, *path)
        parsed = parse_date_text(text) if text else None
        if parsed:
            rec.update(
                published=parsed.local, published_utc=parsed.utc, published_raw=parsed.raw, published_source=source
            )
            break
    else:
        rec["published_raw"] = _get(header, "publish", "date")
        rec["published_reason"] = (
            "no date in the header could be parsed" if rec["published_raw"] else "the header has no publish date"
        )
    modified = _get(header, "article", "modified", "time")
    parsed = parse_date_text(modified) if modified else None
    if parsed:
        rec.update(updated=parsed.local, updated_raw=parsed.raw)
    read_body(rec, rules)
    rec["raw_sha256"] = hashlib.sha256(raw).hexdigest() if raw is not None else None
    rec["extractor_version"] = IMPORT_VERSION
    rec["provenance"] = "imported"
    return rec


def archive_files(path):
    """The .md files at path (a file, or a folder searched recursively), in a stable order."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*.md") if f.is_file())
    return [p]


def read_archive_file(path, *, registry=None, rules=None):
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError("not UTF-8 text") from None
    header, body = parse_archive_markdown(text)
    return record_from_archive(header, body, raw=raw, registry=registry, rules=rules)


def iter_archive_records(path, *, registry=None, rules=None):
    """Records for save_records: each file's record, or {"path", "error"} for a file that cannot be read."""
    for f in archive_files(path):
        try:
            record = read_archive_file(f, registry=registry, rules=rules)
        except (OSError, ImportFormatError) as e:
            yield {"_line": str(f), "path": str(f), "error": str(e)}
            continue
        except Exception as e:  # whatever one file does to the reader, the other files are imported
            yield {"_line": str(f), "path": str(f), "error": f"cannot be read: {type(e).__name__}: {e}"}
            continue
        record["_line"] = str(f)
        yield record
