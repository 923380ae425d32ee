"""Parse a page once: decoded text, lxml tree, and the page's own metadata (meta tags, JSON-LD, title)."""

import html
import json
import re
import threading
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode, read_bom, to_unicode

_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});", re.I)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not XML text: lxml parses it but refuses to set it


def xml_text(text):
    """text as lxml accepts it in a string we set (a page's control characters are parsed, not settable)."""
    return _CONTROL.sub("", text) if text else text


class ExtractionError(ValueError):
    """The bytes are not an HTML page we can read (empty, binary, no document)."""


def squash(text):
    """Collapse whitespace (str.split() also splits on non-breaking spaces) and strip."""
    return " ".join(text.split()) if text else ""


def text_of(el):
    """el.text_content() at half the cost: libxml2's text serialiser instead of an XPath call (the same
    string: every text node below el, comments and processing instructions left out)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def unescape(text):
    """Undo leftover HTML escaping: the parser already decoded one level, CMSs often add a second."""
    for _ in range(2):
        if not text or "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


@dataclass
class Document:
    url: str
    text: str
    tree: object
    encoding: str
    meta: dict = field(default_factory=dict)  # name/property/itemprop (lowercase) -> [values]
    og: dict = field(default_factory=dict)
    jsonld: list = field(default_factory=list)
    page_title: str | None = None
    canonical: str | None = None
    lang: str | None = None
    hreflang: dict = field(default_factory=dict)  # language code (as written) -> href of link rel=alternate
    base_url: str | None = None
    warnings: list = field(default_factory=list)
    headings: list = field(default_factory=list)  # h1 and h2 elements, in document order
    paragraphs: list = field(default_factory=list)  # p, blockquote and pre elements, in document order
    body: object = None  # the root's <body> child, as root.find("body")
    body_at: int = 0  # paragraphs[body_at:] come after the body's start

    def body_paragraphs(self):
        """body.iter("p", "blockquote", "pre") from the walk already made, or None when the walk cannot
        tell (no body, or something follows it)."""
        if self.body is None or self.body.getnext() is not None:
            return None
        return self.paragraphs[self.body_at :]

    def first(self, *names):
        """The first non-empty value of the first named meta that has one."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None


_local = threading.local()


def _parser():
    """One HTML parser per thread (lxml parsers are not shared across threads); no id index: unused.

    lxml.html picks each element's Python class in a Python callback (form fields get their own
    classes), called for every element we touch: a fixed class lookup in C does the same for us."""
    if not hasattr(_local, "parser"):
        parser = lxml.html.HTMLParser(collect_ids=False)
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=lxml.html.HtmlElement,
                comment=lxml.html.HtmlComment,
                pi=lxml.html.HtmlProcessingInstruction,
                entity=lxml.html.HtmlEntity,
            )
        )
        _local.parser = parser
    return _local.parser


def _looks_binary(data):
    head = data[:2048]
    if head.startswith((b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))  # NULs: not text (UTF-16 aside)


def _guess(data):
    """The charset of bytes nothing declares: UTF-8 when they are valid UTF-8, else Windows-1252."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def decode_page(data, content_type=None):
    """(encoding, text, warning or None) of a page's bytes: the charset of its BOM, HTTP header or meta tag
    (w3lib's order), else guessed; the warning says when the charset was guessed or the bytes betray it."""
    guessed = []

    def guess(body):
        if body.isascii():
            return "utf-8"  # every charset we could guess reads ASCII alike: nothing to warn about
        guessed.append(_guess(body))
        return guessed[0]

    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=guess)
    if guessed:
        return encoding, text, f"charset guessed: none declared (HTTP header, BOM or meta), read as {encoding}"
    if encoding.startswith(("utf-16", "utf-32")) and read_bom(data)[0] is None:
        # UTF-16/32 text without a BOM is full of NUL bytes (such pages are refused as binary before this):
        # these bytes are ASCII-compatible, so the declaration is false (HTML reads it as UTF-8 too)
        actual = _guess(data)
        return (
            actual,
            to_unicode(data, actual),
            f"charset {encoding} declared but the bytes are not {encoding}; read as {actual}",
        )
    if "\ufffd" in text:
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return encoding, text, f"the bytes are not valid {encoding} (the declared charset): some characters lost"
    return encoding, text, None


def parse_document(data, url, headers=None):
    """Decode (charset from headers, BOM, meta) and parse the page; gather its own metadata."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or data.isspace():
        raise ExtractionError("empty page")
    if _looks_binary(data):
        raise ExtractionError("not an HTML page (binary data)")
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value[0] if isinstance(value, (list, tuple)) else value
            content_type = content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type
    encoding, text, warning = decode_page(data, content_type)
    text = text.lstrip("\ufeff")
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    try:
        tree = lxml.html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError) as e:
        raise ExtractionError(f"no HTML document: {e}") from None
    doc = Document(url=url, text=text, tree=tree, encoding=encoding, warnings=[warning] if warning else [])
    if tree.find("body") is None and not len(tree):
        raise ExtractionError("no HTML document")
    _read_head(doc)
    return doc


def _read_head(doc):
    """One walk over the tree for everything the head holds, the headings and the paragraphs (a walk over
    a whole page costs ~0.06-0.09 ms, cache misses mostly; six separate ones were a sixth of the budget)."""
    title = base = None
    root = doc.tree
    for el in root.iter("meta", "link", "title", "base", "script", "h1", "h2", "p", "blockquote", "pre", "body"):
        tag = el.tag
        if tag == "p" or tag == "blockquote" or tag == "pre":
            doc.paragraphs.append(el)
        elif tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop")
            if not key:
                continue
            key = key.strip().lower()
            value = unescape(el.get("content") or "").strip()
            doc.meta.setdefault(key, []).append(value)
            if key.startswith("og:"):
                prop = key[3:]
                if value and not doc.og.get(prop):
                    doc.og[prop] = value
                else:
                    doc.og.setdefault(prop, value)
        elif tag == "h1" or tag == "h2":
            doc.headings.append(el)
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if not doc.canonical and el.get("href") and "canonical" in rel:
                doc.canonical = el.get("href").strip()
            elif "alternate" in rel and el.get("hreflang") and el.get("href"):
                doc.hreflang.setdefault(el.get("hreflang").strip(), el.get("href").strip())
        elif tag == "script":
            _read_jsonld(doc, el)
        elif tag == "title":
            title = el if title is None else title
        elif tag == "body":
            if doc.body is None and el.getparent() is root:
                doc.body, doc.body_at = el, len(doc.paragraphs)
        elif base is None and el.get("href") is not None:
            base = el
    if not doc.canonical and doc.og.get("url"):
        doc.canonical = doc.og["url"]
    if title is not None:
        doc.page_title = squash(unescape(text_of(title))) or None
    doc.base_url = base.get("href") if base is not None else None
    tree = doc.tree
    lang = tree.get("lang") or tree.get("xml:lang") or doc.og.get("locale")
    if lang:
        doc.lang = re.split(r"[-_]", lang.strip())[0].lower() or None


def _read_jsonld(doc, script):
    if (script.get("type") or "").strip().lower() != "application/ld+json":
        return
    raw = (script.text or "").strip()
    if not raw:  # real pages have empty JSON-LD tags; they say nothing
        return
    try:
        value = json.loads(raw)
    except ValueError as e:
        doc.warnings.append(f"invalid JSON-LD skipped: {e}")
        return
    doc.jsonld.extend(value if isinstance(value, list) else [value])


def jsonld_articles(items):
    """JSON-LD objects that describe the page itself (articles, web pages), @graph flattened."""
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("@graph"), list):
            out.extend(jsonld_articles(item["@graph"]))
            continue
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(
            isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "WebPage", "Report")) for k in kinds
        ):
            out.append(item)
    return out
