"""Article HTML (an lxml element) to Markdown.

Written over lxml rather than with markdownify: markdownify needs a BeautifulSoup tree and took ~3 ms for a
4 KB fragment here, more than the whole page's budget. We need only what articles hold: paragraphs, headings,
lists, links, emphasis, quotes, line breaks and simple tables.
"""

import re
from urllib.parse import urljoin, urlsplit

_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_BLANKS = re.compile(r"\n{3,}")
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "address",
    "center",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "table",
    "tr",
    "hr",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "caption",
}
SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "form", "button"}


_NEWLINE_SPACES = re.compile(r" *\n *")
_SPACES = re.compile(r"[ \t]{2,}")
_EMPTY_STRONG = re.compile(r"\*\*\s+\*\*")
_SPACE_PUNCT = re.compile(r" ([,.;:!?)])")
_OTHER_SPACE = ("\t", "\r", "\n", "\f", "\v", "\xa0", "  ")


def _spaced(text):
    """_WS.sub(" ", text), skipped when every run of whitespace is one space already (most text)."""
    for space in _OTHER_SPACE:
        if space in text:
            return _WS.sub(" ", text)
    return text


def _drop_space(m):  # a function, not r"\1": a template sends every call through re's Python code
    return m.group(1)


# Text stays text: what a Markdown renderer would read as emphasis, live HTML or a link is escaped. Every `<`
# (a tag, comment or autolink: `<1@x.com>` is a link to Python-Markdown), a `&` that would start a character
# reference (`&lt;` must stay those four characters), every `]` (no link, image or reference definition can
# close without one), a backslash before punctuation (it would escape our escape). A `<`, `&` or backslash at
# the end of a piece is escaped too: the next piece could complete it. markdown_text undoes exactly these.
_ESCAPE = re.compile(r"[*\]<]|(?<!\w)_|_(?!\w)|&(?=#?[A-Za-z0-9]+;|$)|\\(?=[!-/:-@[-`{-~]|$)")
_ESCAPE_LIVE = re.compile(r"[\]<]|&(?=#?[A-Za-z0-9]+;|$)|\\(?=[!-/:-@[-`{-~]|$)")  # the same, emphasis aside
_ESCAPES = {"*": "\\*", "_": "\\_", "]": "\\]", "<": "&lt;", "&": "&amp;", "\\": "\\\\"}
_SPECIAL = ("*", "_", "]", "<", "&", "\\")


def _escaped(m):
    return _ESCAPES[m.group(0)]


def _escape(text):
    for char in _SPECIAL:  # most text holds none of them: one scan each is cheaper than the regex
        if char in text:
            return _ESCAPE.sub(_escaped, text)
    return text


LINK_SCHEMES = ("http", "https", "mailto")
# Characters that would end a link target or change how it is read (a space or quote starts a title, even
# glued on for Python-Markdown: `…/x='//y/'`; `<` an HTML tag)
_HREF_CODES = {ord(c): f"%{ord(c):02X}" for c in " ()<>\"'\\`" + "".join(map(chr, range(32))) + "\x7f"}


def _link_target(href, base):
    """The absolute http(s)/mailto URL a link's href names, written for a Markdown link; None for any other
    scheme (javascript:, data:, tel:, …) or an in-page anchor. urljoin reads a scheme as browsers do: case
    folded, tabs and newlines removed (`java&#x09;script:` is javascript:), leading spaces and controls
    stripped."""
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href) if base else href
        if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
            return None
    except ValueError:  # a bracketed host that is no IPv6 address, a host that NFKC normalisation changes
        return None
    return url.translate(_HREF_CODES)


def _pre_lines(text):
    """Preformatted text as lines of text, escaped like any text but for emphasis (what a `*` or `_` there
    meant to the hash before stays). Not a code fence: Python-Markdown has none, and reads a fence as a
    code span that any line it takes for a block (`>`, `#`, `===`) breaks, leaving the rest live."""
    lines = (line.strip() for line in text.strip("\n").split("\n"))
    return "\n".join(_ESCAPE_LIVE.sub(_escaped, line) for line in lines if line)


class _Writer:
    def __init__(self, base):
        self.base = base
        self.out = []  # finished blocks
        self.line = []  # inline pieces of the current block

    def flush(self, prefix=""):
        text = "".join(self.line).strip()
        if "\n" in text:
            text = _NEWLINE_SPACES.sub("\n", text)
        self.line = []
        if text:
            self.out.append(prefix + text if prefix else text)

    def inline(self, el):
        """Inline content of el as Markdown text (no block breaks)."""
        parts = []
        if el.text:
            parts.append(_escape(_spaced(el.text)))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag and tag not in SKIP:
                parts.append(self.inline_element(child, tag))
            if child.tail:
                parts.append(_escape(_spaced(child.tail)))
        return "".join(parts)

    def inline_element(self, el, tag):
        if tag == "br":
            return "\n"
        if tag == "img":
            return ""
        inner = self.inline(el)
        if tag in ("strong", "b"):
            core = inner.strip()
            return f" **{core}** " if core else inner
        if tag in ("em", "i"):
            core = inner.strip()
            return f" _{core}_ " if core else inner
        if tag == "a":
            core = inner.strip()
            if not core:
                return ""
            target = _link_target((el.get("href") or "").strip(), self.base)
            return f" [{core}]({target}) " if target else inner
        if tag in BLOCK:  # a block inside an inline context: keep its text on its own line
            return "\n" + inner + "\n"
        return inner

    def block(self, el, prefix=""):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush(prefix)
            self.line.append(self.inline(el))
            self.flush(prefix + "#" * int(tag[1]) + " ")
        elif tag in ("ul", "ol"):
            self.flush(prefix)
            items, n = [], 0
            for li in el:
                if li.tag != "li":
                    continue
                n += 1
                marker = f"{n}. " if tag == "ol" else "- "
                items.append(self.list_item(li, prefix + marker, prefix + " " * len(marker)))
            if any(items):
                self.out.append("\n".join(i for i in items if i))
        elif tag == "blockquote":
            self.flush(prefix)
            self.children(el, prefix + "> ")
            self.flush(prefix + "> ")
        elif tag == "pre":
            self.flush(prefix)
            self.out.append(_pre_lines(el.text_content()))
        elif tag == "hr":
            self.flush(prefix)
            self.out.append("* * *")
        elif tag == "table":
            self.flush(prefix)
            self.table(el)
        elif tag in BLOCK:
            self.flush(prefix)
            self.children(el, prefix)
            self.flush(prefix)
        else:
            self.line.append(self.inline_element(el, tag))

    def children(self, el, prefix):
        if el.text and el.text.strip():
            self.line.append(_escape(_spaced(el.text)))
        for child in el:
            self.block(child, prefix)
            if child.tail and child.tail.strip():
                self.line.append(_escape(_spaced(child.tail)))

    def list_item(self, li, first, rest):
        sub = _Writer(self.base)
        sub.children(li, "")
        sub.flush()
        lines = "\n".join(sub.out).split("\n")
        lines = [ln for ln in lines if ln.strip()]
        return "\n".join([first + lines[0]] + [rest + ln for ln in lines[1:]]) if lines else ""

    def table(self, el):
        rows = []
        for tr in el.iter("tr"):
            cells = [_WS.sub(" ", self.inline(c)).strip().replace("|", r"\|") for c in tr if c.tag in ("td", "th")]
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        width = max(len(r) for r in rows)
        if width == 1:  # layout tables: one cell a row is just text
            self.out.extend(r[0] for r in rows if r[0])
            return
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        self.out.append("\n".join(lines))


def to_markdown(el, base_url=None):
    """Markdown for an element's content: blocks separated by blank lines, inline spacing normalised."""
    writer = _Writer(base_url)
    writer.children(el, "")
    writer.flush()
    blocks = []
    for block in writer.out:
        if "  " in block or "\t" in block:  # (each pass only where it can match: they add up)
            block = _SPACES.sub(" ", block)
        if "**" in block:
            block = _EMPTY_STRONG.sub(" ", block)
        if "\n" in block:
            block = "\n".join(
                line.strip() if not line.startswith(("    ", "> ")) else line.rstrip() for line in block.split("\n")
            )
        else:
            block = block.strip() if not block.startswith(("    ", "> ")) else block.rstrip()
        block = _SPACE_PUNCT.sub(_drop_space, block)
        if block.strip() and block.strip() not in ("**", "_"):
            blocks.append(block.strip())
    text = "\n\n".join(blocks)
    return (_BLANKS.sub("\n\n", text) if "\n\n\n" in text else text).strip()


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_LIST = re.compile(r"^\s*(?:[-+]|\d+\.)\s+", re.M)
_MD_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_MD_MARKS = "*`#>|"
# The escapes that text stays text added (see _ESCAPE; `\*` and `\_` were always there and are read below)
_TEXT_ESCAPED = re.compile(r"\\[\\\]]|&(?:amp|lt);")
_TEXT_ESCAPES = {"\\\\": "\\", "\\]": "]", "&amp;": "&", "&lt;": "<"}


def _unescaped(m):
    return _TEXT_ESCAPES[m.group(0)]


def markdown_text(md):
    """Plain words of a Markdown text: link targets and syntax dropped, whitespace collapsed.

    What content_sha256 hashes, so it reads the unescaped text: the escapes text stays text added are undone
    first, and the rest reads the body as before they existed (a page's literal `[words](target)` counts as
    its words, as it always has): re-extracting a page makes no new version.
    Separate simple passes rather than one alternation: each can skip ahead to its own first character.
    """
    text = md or ""
    if "\\" in text or "&" in text:
        text = _TEXT_ESCAPED.sub(_unescaped, text)
    text = text.replace("\\*", "\x00").replace("\\_", "\x01")
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    text = _MD_LIST.sub(" ", text)
    for mark in _MD_MARKS:  # str.replace is ~100x faster than str.translate on non-ASCII text
        if mark in text:
            text = text.replace(mark, " ")
    if "_" in text:
        text = _MD_UNDERSCORE.sub(" ", text)
    return " ".join(text.replace("\x00", "*").replace("\x01", "_").split())
