"""A server-rendered Next.js (pages router) news article, after vercel/next.js's blog-starter and cms-* examples.

Sources, read (not copied) at these commits (each file as stored at its own commit in vercel/next.js):

- examples/blog-starter-typescript/pages/posts/[slug].tsx @ 05f9bc5d217618cf9dc69eab923ac81a4831813d
  (Layout > Container > Header, then article.mb-32 > PostHeader + PostBody; getStaticProps props {post, morePosts}),
  components/post-header.tsx @ 1fa62f5c476af0cfc8d3ba94fd9bc59ab5e436b1 (PostTitle, Avatar in div.hidden.md:block,
  CoverImage, div.max-w-2xl > div.mb-6.text-lg > DateFormater), components/date-formater.tsx
  @ 47adcffebbb87c8442cb56de6b407cecb6c1a01d (<time dateTime={dateString}> with date-fns 'LLLL<TAB>d, yyyy': the
  literal tab stays in the text), components/post-body.tsx @ 3f1d743104555452ef1293718064959c18dc3840
  (div.max-w-2xl.mx-auto > div.{markdownStyles.markdown} with the HTML), post-title.tsx @ 4493246c…, layout.tsx
  @ 649822810c9729b092f1faebd54fe856aa8bd80b (Meta, div.min-h-screen > Alert + <main>, Footer), alert.tsx
  @ 3934f535492e0cc16b6907588b7f8a2e563f855f (div.border-b.bg-accent-1 banner), footer.tsx @ 1baaf8773dde4ecb1fc0d949eddf384f2702012d,
  header.tsx @ 1f2e4e7b86a6fab4fc83c5e354acce341f2aa4eb (h2 > a.hover:underline "Blog" + "."), more-stories.tsx
  @ 140c7bf113b66ac35219123218a030179b04eb17 and post-preview.tsx @ 0e56b6a1aefa3899a358b3de54f01d090a184626 ("More
  Stories" grid, each with its own <time>), avatar.tsx @ 2e2c016e…, cover-image.tsx @ 64982281…, section-separator.tsx
  @ 3934f535… .
- examples/cms-contentful/components/post-body.js @ 4a6219a62cc6ff14ed9da959afc4592500087a0f (documentToReactComponents of
  the rich-text document), components/date.js @ 0135f75fd10e9cb4fc96a6ae3b6b198065686ac9, lib/api.js @ 3d5feab98e0685ac8bb6e545a5506da0bcf7b169
  (post fields title, slug, date, content, excerpt, coverImage, author; morePosts).
- packages/next/pages/_document.tsx @ 00e39b732e3daffcdd2ae228270e658cf84c07e0 (Head: next-head-count meta, CSS
  preload + stylesheet links with data-n-g / data-n-p, <noscript data-n-css>, nomodule polyfills, deferred scripts;
  NextScript: <script id="__NEXT_DATA__" type="application/json"> with htmlEscapeJsonString), packages/next/server/
  htmlescape.ts @ 163830c026f61370b9c1f5d05005f52c91e7ecee (& < > U+2028 U+2029 as \\uXXXX).

Two skins: the starter's Tailwind classes, or a force's own components with CSS-module class names
(Article_body__3xK9q, VisuallyHidden_visuallyHidden__…). __NEXT_DATA__ carries the page props: the article's title,
slug, publish date (the truth itself: a date stays a date, an instant is given in UTC 'Z'), excerpt, and the body as
the HTML string or as a Contentful rich-text document (converted from the same HTML), plus the other stories and
the navigation. The DOM body is page.content verbatim. The client's <next-route-announcer> is present on a share of
pages (a page saved from a browser).
"""

import html
import json
import re
import sys
from datetime import UTC, datetime, timedelta

NAME = "nextjs"
PREFIX = "nx"

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def date_text(dt):
    """date-fns format(date, 'LLLL\\td, yyyy') as the blog starter's DateFormater writes it (tab included)."""
    import render

    if dt.tzinfo:
        dt = dt.astimezone(render.LONDON)
    return f"{dt:%B}\t{dt.day}, {dt.year}"


def _esc(s):
    return html.escape(s, quote=True)


def _hash(rng, n, alphabet=_B64):
    return "".join(rng.choice(alphabet) for _ in range(n))


def _hex(rng, n):
    return f"{rng.getrandbits(4 * n):0{n}x}"


class _Modules:
    """CSS-module class names, one hash per (file, local) like css-loader's [name]_[local]__[hash:base64:5]."""

    def __init__(self, rng):
        self.rng, self.names = rng, {}

    def __call__(self, name, local):
        key = (name, local)
        if key not in self.names:
            h = _hash(self.rng, 5)
            while h[0] in "_-":
                h = _hash(self.rng, 5)
            self.names[key] = f"{name}_{local}__{h}"
        return self.names[key]


# --- the body as Contentful rich text (what documentToReactComponents is given) ---------------------------------

_BLOCK = {
    "p": "paragraph",
    "h1": "heading-1",
    "h2": "heading-2",
    "h3": "heading-3",
    "h4": "heading-4",
    "h5": "heading-5",
    "h6": "heading-6",
    "ul": "unordered-list",
    "ol": "ordered-list",
    "li": "list-item",
    "blockquote": "blockquote",
    "hr": "hr",
    "table": "table",
    "tr": "table-row",
    "td": "table-cell",
    "th": "table-header-cell",
    "pre": "paragraph",
    "div": None,
    "thead": None,
    "tbody": None,
    "tfoot": None,
}
_MARK = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underline", "code": "code"}


def _text(value, marks):
    return {"nodeType": "text", "value": value, "marks": [{"type": m} for m in marks], "data": {}}


def _inline(nodes, marks=()):
    out = []
    for n in nodes:
        if isinstance(n, str):
            if n.strip() or ("\n" not in n and n):
                out.append(_text(n, marks))
            continue
        tag, attrs, kids = n
        if tag in _MARK:
            out += _inline(kids, marks + (_MARK[tag],) if _MARK[tag] not in marks else marks)
        elif tag == "a":
            out.append(
                {"nodeType": "hyperlink", "data": {"uri": attrs.get("href") or ""}, "content": _inline(kids, marks)}
            )
        elif tag == "br":
            out.append(_text("\n", marks))
        else:
            out += _inline(kids, marks)
    return out


def _blocks(nodes):
    out, pending = [], []

    def flush():
        if any(x.get("value", "x").strip() for x in pending):
            out.append({"nodeType": "paragraph", "data": {}, "content": list(pending)})
        pending.clear()

    for n in nodes:
        if isinstance(n, str) or n[0] not in _BLOCK:
            pending.extend(_inline([n]))
            continue
        flush()
        tag, attrs, kids = n
        kind = _BLOCK[tag]
        if kind is None:
            out += _blocks(kids)
        elif kind == "hr":
            out.append({"nodeType": "hr", "data": {}, "content": []})
        elif kind in ("paragraph",) or kind.startswith("heading-"):
            marks = ("code",) if tag == "pre" else ()
            out.append({"nodeType": kind, "data": {}, "content": _inline(kids, marks)})
        elif kind in ("unordered-list", "ordered-list"):
            items = [k for k in kids if not isinstance(k, str) and k[0] == "li"]
            out.append(
                {
                    "nodeType": kind,
                    "data": {},
                    "content": [{"nodeType": "list-item", "data": {}, "content": _blocks(k[2])} for k in items],
                }
            )
        elif kind == "table":
            rows = []

            def collect(ns, rows):
                for k in ns:
                    if isinstance(k, str):
                        continue
                    if k[0] == "tr":
                        rows.append(
                            {
                                "nodeType": "table-row",
                                "data": {},
                                "content": [
                                    {"nodeType": _BLOCK[c[0]], "data": {}, "content": _blocks(c[2])}
                                    for c in k[2]
                                    if not isinstance(c, str) and c[0] in ("td", "th")
                                ],
                            }
                        )
                    else:
                        collect(k[2], rows)

            collect(kids, rows)
            out.append({"nodeType": "table", "data": {}, "content": rows})
        else:  # blockquote, stray list-item / row / cell
            out.append({"nodeType": kind, "data": {}, "content": _blocks(kids)})
    flush()
    return out


def rich_text(fragment):
    from cms_templates._html_blocks import tree

    return {"nodeType": "document", "data": {}, "content": _blocks(tree(fragment))}


# --- page ----------------------------------------------------------------------------------------------------------


def _machine_date(page):
    """The publish date as the CMS hands it over: a date stays a date; an instant in UTC with 'Z'."""
    if not page.published:
        return None
    if len(page.published) == 10:
        return page.published
    dt = datetime.fromisoformat(page.published).astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z") if page.rng.random() < 0.7 else dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_el(page, stamp, cls=""):
    shown = page.date_shown(sys.modules[__name__])
    if not shown:
        return ""
    c = f' class="{cls}"' if cls else ""
    if stamp:
        return f'<time datetime="{_esc(stamp)}"{c}>{_esc(shown)}</time>'
    return f"<span{c}>{_esc(shown)}</span>"


def _stories(page, n):
    import render

    rng = page.rng
    out = []
    for _ in range(n):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        out.append(
            {
                "title": title,
                "slug": render.slug(title),
                "dt": dt,
                "excerpt": rng.choice(render.STORIES).format(p=rng.choice(render.PLACES)) + ".",
                "stamp": dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            }
        )
    return out


def _og_image(page):
    m = re.search(r'property="og:image(?::url)?" content="([^"]+)"', page.head)
    return html.unescape(m.group(1)) if m else None


def _menu(page):
    import render

    out = []
    for head, links in render.MENU.items():
        links = [x for x in links if page.traps["menu_traps"] or not re.search(r"ANPR|Have your say", x)]
        out.append(
            {
                "label": head,
                "url": f"/{render.slug(head)}",
                "children": [{"label": x, "url": f"/{render.slug(head)}/{render.slug(x)}"} for x in links],
            }
        )
    return out


def _tailwind(page, stamp, stories, cover, menu):
    rng = page.rng
    author = rng.choice(["Corporate Communications", "Press Office", "Media Team"])
    avatar = (
        f'<div class="flex items-center"><img src="/assets/blog/authors/press-office.png" class="w-12 h-12 rounded-full mr-4" '
        f'alt="{_esc(author)}"/><div class="text-xl font-bold">{_esc(author)}</div></div>'
    )
    cover_html = (
        (
            f'<div class="mb-8 md:mb-16 sm:mx-0"><div class="-mx-5 sm:mx-0"><img src="{_esc(cover)}" '
            f'alt="Cover Image for {_esc(page.title)}" class="shadow-small"/></div></div>'
        )
        if cover
        else ""
    )
    md = f"markdown-styles_markdown__{_hash(rng, 5, _B64[:62])}"
    nav = []
    for item in menu:
        subs = "".join(f'<li><a href="{c["url"]}">{_esc(c["label"])}</a></li>' for c in item["children"])
        nav.append(
            f'<li class="mr-6"><a class="hover:underline" href="{item["url"]}">{_esc(item["label"])}</a>'
            f'<ul class="hidden">{subs}</ul></li>'
        )
    nav = "".join(nav)
    date_el = _date_el(page, stamp)
    article = (
        f'<article class="mb-32"><h1 class="text-6xl md:text-7xl lg:text-8xl font-bold tracking-tighter leading-tight '
        f'md:leading-none mb-12 text-center md:text-left">{_esc(page.title)}</h1>'
        f'<div class="hidden md:block md:mb-12">{avatar}</div>{cover_html}'
        f'<div class="max-w-2xl mx-auto"><div class="block md:hidden mb-6">{avatar}</div>'
        + (f'<div class="mb-6 text-lg">{date_el}</div>' if date_el else "")
        + (f'<div class="mb-6 text-sm text-gray-600">{_esc(page.modified)}</div>' if page.modified else "")
        + f'</div><div class="max-w-2xl mx-auto"><div class="{md}">{page.content}</div></div>'
        + _share(page, None)
        + "</article>"
    )
    more = ""
    if stories:
        previews = "".join(
            f'<div><div class="mb-5"><div class="-mx-5 sm:mx-0"><a aria-label="{_esc(s["title"])}" href="/news/{s["slug"]}">'
            f'<img src="/images/news/{s["slug"]}.jpg" alt="Cover Image for {_esc(s["title"])}" class="shadow-small hover:shadow-medium '
            f'transition-shadow duration-200"/></a></div></div><h3 class="text-3xl mb-3 leading-snug"><a class="hover:underline" '
            f'href="/news/{s["slug"]}">{_esc(s["title"])}</a></h3><div class="text-lg mb-4"><time datetime="{s["stamp"]}">'
            f'{date_text(s["dt"])}</time></div><p class="text-lg leading-relaxed mb-4">{_esc(s["excerpt"])}</p>{avatar}</div>'
            for s in stories
        )
        more = (
            f'<section><h2 class="mb-8 text-6xl md:text-7xl font-bold tracking-tighter leading-tight">'
            f'{rng.choice(["More Stories", "More news", "Latest news"])}</h2><div class="grid grid-cols-1 md:grid-cols-2 '
            f'md:col-gap-16 lg:col-gap-32 row-gap-20 md:row-gap-32 mb-32">{previews}</div></section>'
        )
    body = [article, '<hr class="border-accent-2 mt-28 mb-24"/>', more] if more else [article]
    if more and page.traps["related_first"]:
        body = [more, '<hr class="border-accent-2 mt-28 mb-24"/>', article]
    alert = (
        '<div class="border-b bg-accent-1 border-accent-2"><div class="container mx-auto px-5"><div class="py-2 text-center text-sm">'
        'In an emergency always call 999. To report a crime or incident, <a href="/report" class="underline hover:text-success '
        'duration-200 transition-colors">report it online</a>.</div></div></div>'
    )
    top = "".join(page.chrome_top())
    return (
        f'<div class="min-h-screen">{top}{alert}<main><div class="container mx-auto px-5">'
        f'<h2 class="text-2xl md:text-4xl font-bold tracking-tight md:tracking-tighter leading-tight mb-20 mt-8">'
        f'<a class="hover:underline" href="/">{_esc(page.force)}</a>.</h2>'
        f'<nav aria-label="Main"><ul class="flex flex-wrap mb-12">{nav}</ul></nav>{"".join(body)}</div></main></div>'
        f'<footer class="bg-accent-1 border-t border-accent-2"><div class="container mx-auto px-5"><div class="py-28 flex flex-col '
        f'lg:flex-row items-center"><h3 class="text-4xl lg:text-5xl font-bold tracking-tighter leading-tight text-center lg:text-left '
        f'mb-10 lg:mb-0 lg:pr-4 lg:w-1/2">{_esc(page.force)}</h3><div class="flex flex-col lg:flex-row justify-center items-center '
        f'lg:pl-4 lg:w-1/2"><a href="/contact" class="mx-3 bg-black hover:bg-white hover:text-black border border-black text-white '
        f'font-bold py-3 px-12 lg:px-8 duration-200 transition-colors mb-6 lg:mb-0">Contact us</a><a href="/accessibility" '
        f'class="mx-3 font-bold hover:underline">Accessibility</a></div></div></div></footer>'
    )


def _share(page, m):
    if not page.traps["share"]:
        return ""
    if m is None or page.rng.random() < 0.3:
        return page.share_bar()
    from urllib.parse import quote

    u = quote(page.url, safe="")
    hidden = m("VisuallyHidden", "visuallyHidden")
    return (
        f'<div class="{m("ShareLinks", "share")}"><h2 class="{m("ShareLinks", "title")}">Share this page</h2><ul class="{m("ShareLinks", "list")}">'
        f'<li><a href="https://www.facebook.com/sharer/sharer.php?u={u}" target="_blank" rel="noopener noreferrer">'
        f'<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24"></svg><span class="{hidden}">Share on Facebook</span></a></li>'
        f'<li><a href="https://twitter.com/intent/tweet?url={u}" target="_blank" rel="noopener noreferrer">'
        f'<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24"></svg><span class="{hidden}">Share on Twitter</span></a></li>'
        f'<li><button type="button" class="{m("ShareLinks", "copy")}">Copy link</button></li></ul></div>'
    )


def _modules(page, stamp, stories, cover, m, menu):
    rng = page.rng
    hidden = m("VisuallyHidden", "visuallyHidden")
    nav_items = "".join(
        f'<li class="{m("Navigation", "item")}"><button type="button" aria-expanded="false" class="{m("Navigation", "toggle")}">'
        f'{_esc(x["label"])}</button><ul class="{m("Navigation", "submenu")}">'
        + "".join(
            f'<li><a class="{m("Navigation", "link")}" href="{c["url"]}">{_esc(c["label"])}</a></li>'
            for c in x["children"]
        )
        + "</ul></li>"
        for x in menu
    )
    header = (
        f'<header class="{m("Header", "header")}"><div class="{m("Header", "inner")}"><a class="{m("Header", "logo")}" href="/">'
        f'<img alt="{_esc(page.force)}" src="/_next/static/media/logo.{_hex(rng, 8)}.svg" width="180" height="60"/></a>'
        f'<nav class="{m("Navigation", "nav")}" aria-label="Main navigation"><ul class="{m("Navigation", "list")}">{nav_items}</ul></nav>'
        f'<button type="button" class="{m("Header", "menuButton")}" aria-expanded="false"><span class="{hidden}">Open menu</span></button>'
        f"</div></header>"
    )
    crumbs = (
        f'<nav class="{m("Breadcrumbs", "breadcrumbs")}" aria-label="Breadcrumb"><ol class="{m("Breadcrumbs", "list")}">'
        f'<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li aria-current="page">{_esc(page.title)}</li></ol></nav>'
    )
    date_el = _date_el(page, stamp, m("Article", "date"))
    meta = ""
    if date_el:
        meta = f'<p class="{m("Article", "meta")}"><span class="{hidden}">Published on </span>{date_el}</p>'
    if page.modified:
        meta += f'<p class="{m("Article", "updated")}">{_esc(page.modified)}</p>'
    cover_html = (
        f'<figure class="{m("Article", "hero")}"><img alt="" src="{_esc(cover)}" decoding="async" loading="lazy"/></figure>'
        if cover and rng.random() < 0.6
        else ""
    )
    body_cls = m("Article", "body") + (f" {m('RichText', 'richText')}" if rng.random() < 0.5 else "")
    article = (
        f'<article class="{m("Article", "article")}"><header class="{m("Article", "header")}">'
        f'<p class="{m("Article", "category")}">{rng.choice(["News", "Appeal", "Latest news"])}</p>'
        f'<h1 class="{m("Article", "title")}">{_esc(page.title)}</h1>{meta}</header>{cover_html}'
        f'<div class="{body_cls}">{page.content}</div>{_share(page, m)}</article>'
    )
    related = ""
    if stories:
        lis = "".join(
            f'<li class="{m("NewsCard", "card")}"><a class="{m("NewsCard", "link")}" href="/news/{s["slug"]}">'
            f'<h3 class="{m("NewsCard", "title")}">{_esc(s["title"])}</h3></a><time datetime="{s["stamp"]}" '
            f'class="{m("NewsCard", "date")}">{date_text(s["dt"])}</time><p class="{m("NewsCard", "summary")}">'
            f"{_esc(s['excerpt'])}</p></li>"
            for s in stories
        )
        related = (
            f'<aside class="{m("RelatedNews", "related")}" aria-labelledby="related-heading"><h2 id="related-heading" '
            f'class="{m("RelatedNews", "heading")}">{rng.choice(["Related news", "Latest news", "You might also be interested in"])}'
            f'</h2><ul class="{m("RelatedNews", "list")}">{lis}</ul></aside>'
        )
    parts = [related, article] if related and page.traps["related_first"] else [article, related]
    top = "".join(page.chrome_top())
    footer_links = "".join(
        f'<li><a href="/{x.lower().replace(" ", "-")}">{x}</a></li>'
        for x in ["Accessibility", "Cookies", "Privacy notice", "Freedom of information", "Contact us"]
    )
    return (
        f'<a class="{m("SkipLink", "skipLink")}" href="#main-content">Skip to main content</a>{top}{header}'
        f'<main id="main-content" class="{m("Layout", "main")}">{crumbs}{"".join(parts)}</main>'
        f'<footer class="{m("Footer", "footer")}"><div class="{m("Footer", "inner")}"><ul class="{m("Footer", "links")}">{footer_links}</ul>'
        f'<p class="{m("Footer", "legal")}">&copy; {_esc(page.force)} 2021. In an emergency always call 999. '
        f"For non-emergencies call 101.</p></div></footer>"
    )


def _next_data(page, stamp, stories, cover, menu, build_id, slug):
    rng = page.rng
    date_key = rng.choice(["publishedAt", "date", "publishDate"])
    post = {"title": page.title, "slug": slug}
    if stamp:
        post[date_key] = stamp
    post["excerpt"] = page.description or None
    if rng.random() < 0.5:
        post["content"] = {"json": rich_text(page.content)} if rng.random() < 0.5 else rich_text(page.content)
    else:
        post["content"] = page.content
    post["coverImage"] = {"url": cover} if cover else None
    post["author"] = {"name": "Corporate Communications", "picture": {"url": "/assets/blog/authors/press-office.png"}}
    more = [
        {
            "title": s["title"],
            "slug": s["slug"],
            date_key: s["stamp"],
            "excerpt": s["excerpt"],
            "coverImage": {"url": f"/images/news/{s['slug']}.jpg"},
        }
        for s in stories
    ]
    data = {
        "props": {
            "pageProps": {"post": post, "morePosts": more, "navigation": menu, "preview": False},
            "__N_SSG": True,
        },
        "page": "/news/[slug]",
        "query": {"slug": slug},
        "buildId": build_id,
        "isFallback": False,
        "gsp": True,
        "scriptLoader": [],
    }
    if rng.random() < 0.4:
        data["locale"], data["locales"], data["defaultLocale"] = "en-GB", ["en-GB"], "en-GB"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for a, b in (("&", "\\u0026"), (">", "\\u003e"), ("<", "\\u003c"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(a, b)
    return text


def render_page(page):
    rng = page.rng
    stamp = _machine_date(page)
    stories = _stories(page, rng.randint(2, 4)) if page.traps["related"] else []
    cover = _og_image(page)
    menu = _menu(page)
    slug = re.sub(r"^https?://[^/]+", "", page.url).strip("/").rsplit("/", 1)[-1] or "article"
    build_id = _hash(rng, 21)
    tailwind = rng.random() < 0.45
    m = _Modules(rng)
    root = _tailwind(page, stamp, stories, cover, menu) if tailwind else _modules(page, stamp, stories, cover, m, menu)
    css = [f"/_next/static/css/{_hex(rng, 16)}.css"] + ([] if tailwind else [f"/_next/static/css/{_hex(rng, 16)}.css"])
    head_count = page.head.count("\n") + 1
    css_links = "".join(
        f'<link rel="preload" href="{c}" as="style"/><link rel="stylesheet" href="{c}" data-n-{"g" if i == 0 else "p"}=""/>'
        for i, c in enumerate(css)
    )
    chunks = [
        f"chunks/webpack-{_hex(rng, 16)}.js",
        f"chunks/framework-{_hex(rng, 16)}.js",
        f"chunks/main-{_hex(rng, 16)}.js",
        f"chunks/pages/_app-{_hex(rng, 16)}.js",
        f"chunks/pages/news/%5Bslug%5D-{_hex(rng, 16)}.js",
        f"{build_id}/_buildManifest.js",
        f"{build_id}/_ssgManifest.js",
    ]
    scripts = "".join(f'<script src="/_next/static/{c}" defer=""></script>' for c in chunks)
    head = (
        f'{page.head}\n<meta name="next-head-count" content="{head_count}"/>{css_links}<noscript data-n-css=""></noscript>'
        f'<script defer="" nomodule="" src="/_next/static/chunks/polyfills-{_hex(rng, 16)}.js"></script>{scripts}'
    )
    gtm = f"GTM-{_hash(rng, 7, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}"
    noscript = (
        (
            f'<noscript><iframe src="https://www.googletagmanager.com/ns.html?id={gtm}" height="0" width="0" '
            f'style="display:none;visibility:hidden"></iframe></noscript>'
        )
        if rng.random() < 0.6
        else ""
    )
    announcer = (
        (
            '<next-route-announcer><p aria-live="assertive" id="__next-route-announcer__" role="alert" style="border: 0px; '
            "clip: rect(0px, 0px, 0px, 0px); height: 1px; margin: -1px; overflow: hidden; padding: 0px; position: absolute; "
            'width: 1px; white-space: nowrap; overflow-wrap: normal;"></p></next-route-announcer>'
        )
        if rng.random() < 0.5
        else ""
    )
    data = _next_data(page, stamp, stories, cover, menu, build_id, slug)
    return (
        f'<!DOCTYPE html><html lang="{rng.choice(["en", "en-GB"])}"><head>{head}</head><body>{noscript}'
        f'<div id="__next">{root}</div><script id="__NEXT_DATA__" type="application/json">{data}</script>'
        f"{announcer}</body></html>"
    )
