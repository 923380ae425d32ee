"""Small HTML helpers shared by the umbraco, sitecore, nextjs and amp families (no render_page: not a family).

`top_blocks` cuts the article body (Markdown's HTML: block elements joined by newlines) into its top-level
blocks, so a template can lay the body out over several grid rows or put furniture between paragraphs, as
the real templates do, without ever cutting inside an element. `tree` parses a fragment into nested
(tag, attrs, children) tuples for templates that ship the body as structured JSON (Next.js page props).
"""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>")


def top_blocks(fragment):
    """The top-level elements (and stray top-level text) of an HTML fragment, in order; their
    concatenation is the fragment less the whitespace between blocks."""
    blocks, depth, start = [], 0, None
    pos = 0
    for m in _TAG.finditer(fragment):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if depth == 0 and start is None:
            text = fragment[pos : m.start()]
            if text.strip():
                blocks.append(text.strip())
            start = m.start()
        if closing:
            depth = max(depth - 1, 0)
        elif name not in VOID and not selfclose:
            depth += 1
        if depth == 0:
            blocks.append(fragment[start : m.end()])
            start = None
            pos = m.end()
    tail = fragment[pos:] if start is None else fragment[start:]
    if tail.strip():
        blocks.append(tail.strip())
    return blocks


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("#root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1][2].append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def tree(fragment):
    """A fragment as nested (tag, attrs, children) tuples; text nodes are str (entities decoded)."""
    b = _TreeBuilder()
    b.feed(fragment)
    b.close()
    return b.root[2]
