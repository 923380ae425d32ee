"""Umbraco (ASP.NET) news article: the Umbraco Starter Kit's blog post, in its MVC (v7/v8) and WebForms forms.

Sources, read (not copied) at these commits:

- umbraco/The-Starter-Kit, branch dev-v8 @ 005cb9640f9a0e8e5dd1d9f63cfdee9964edd6ce (2022-01-03), under
  src/Umbraco.SampleSite.Web/Views/: Master.cshtml (mobile-nav + header.header with .logo, nav.nav-bar.top-nav,
  .mobile-nav-handler hamburger; <main>; footer.section--themed), Blogpost.cshtml (SectionHeader partial, then
  section.section > .container > article: .blogpost-meta with small.blogpost-date = CreateDate.ToShortDateString()
  and span.blogpost-cat, an <h3> excerpt, the grid "bodyText", the "todo: implement discus comments" comment),
  Partials/SectionHeader.cshtml (section--header with h1.no-air), Partials/Navigation/TopNavigation.cshtml and
  SubNavigation.cshtml (a.nav-link / nav-link--active / nav-link--black nav-link--air-bottom), Partials/CategoryLinks.cshtml
  (the "TODO: Add links to categories" comment), Partials/Grid/Bootstrap3-Fluid.cshtml and Grid/Editors/Rte.cshtml
  (div.umb-grid > .grid-section > div > .row.clearfix > .col-md-N.column > div > raw RTE HTML),
  MacroPartials/LatestBlogposts.cshtml (div.blogposts > a.blogpost > .blogpost-meta / h3.blogpost-title /
  .blogpost-excerpt, and the Prev/1/2/Next .pagination), and Umbraco/PartialViewMacros/Templates/Breadcrumb.cshtml
  (ul.breadcrumb, span.divider, li.active); dev-v3 @ f15ab86 has the same Blogpost view for Umbraco 7.
- umbraco/UmbracoDocs @ 0d51ff698406f2c33fa7e8fbe42d4397effeba1b, Reference/Templating/Masterpages/index.md:
  Umbraco 4-7 WebForms master pages (<umbraco:Item field="bodyText" runat="server"/> writes the rich text bare).
  Such a master puts the page in one <form runat="server">, which ASP.NET 4 renders as <form method="post"
  action=… id="form1"> with the div.aspNetHidden __VIEWSTATE block, the __doPostBack script, and the closing
  __VIEWSTATEGENERATOR / __EVENTVALIDATION block: the markup of police sites of that era.

The date is text only (en-GB ToShortDateString: 15/02/2021), now and then with RDFa (property="datePublished"
content=the publish date itself). The excerpt <h3> is the page's og:description when it has one (the Starter
Kit's Excerpt field), on a seeded share of pages.
"""

import html
import re
import sys
from datetime import datetime, timedelta

NAME = "umbraco"
PREFIX = "umb"

SECTIONS = ["Report", "Advice", "News", "About us", "Contact"]
CATEGORIES = ["News", "Appeals", "Court results", "Missing people", "Road safety", "Community"]


def date_text(dt):
    """DateTime.ToShortDateString() under en-GB."""
    import render

    if dt.tzinfo:
        dt = dt.astimezone(render.LONDON)
    return dt.strftime("%d/%m/%Y")


def _esc(s):
    return html.escape(s, quote=True)


def _token(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(n))


def _nav_links(page, active="News"):
    """TopNavigation.cshtml: the root, then its visible children, flat."""
    out = [
        "<!-- comment out the following line if you want to remove the root node name from the top navigation -->",
        '<a class="nav-link " href="/">Home</a>',
    ]
    for name in SECTIONS:
        import render

        cls = "nav-link nav-link--active" if name == active else "nav-link "
        out.append(f'<a class="{cls}" href="/{render.slug(name)}/">{_esc(name)}</a>')
    return "\n".join(out)


def _sub_navigation(page):
    """SubNavigation.cshtml for the News section (with the seeded menu traps of render.MENU)."""
    import render

    links = [
        x
        for x in render.MENU["News"] + render.MENU["Advice"]
        if page.traps["menu_traps"] or not re.search(r"ANPR|Have your say", x)
    ]
    items = "\n".join(
        f'<a class="nav-link nav-link--black nav-link--air-bottom{" nav-link--active" if x == "Latest news" else ""}" '
        f'href="/news/{render.slug(x)}/">{_esc(x)}</a>'
        for x in links
    )
    return f'<nav class="nav-bar nav-bar--list {page.sty("subnav", "sub-navigation")}">\n{items}\n</nav>'


def _breadcrumb(page):
    """Breadcrumb.cshtml: ancestors ordered by level, then the current page unlinked."""
    year = (page.published or "2021")[:4]
    trail = [("/", "Home"), ("/news/", "News"), (f"/news/{year}/", year)]
    lis = "".join(f'<li><a href="{h}">{_esc(n)}</a> <span class="divider">/</span></li>' for h, n in trail)
    return f'<ul class="breadcrumb">{lis}<li class="active">{_esc(page.title)}</li></ul>'


def _latest(page, n=None):
    """LatestBlogposts.cshtml: the blog's other posts with their CreateDate, and the pager."""
    import render

    rng = page.rng
    n = n or rng.randint(3, 5)
    posts = []
    for _ in range(n):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        excerpt = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        posts.append(
            f'<a href="/news/{dt:%Y}/{render.slug(title)}/" class="blogpost">\n'
            f'    <div class="blogpost-meta">\n        <small class="blogpost-date">{date_text(dt)}</small>\n'
            f'        <small class="blogpost-cat">\n    <!-- TODO: Add links to categories-->\n{rng.choice(CATEGORIES)}\n </small>\n'
            f'    </div>\n    <h3 class="blogpost-title">{_esc(title)}</h3>\n'
            f'    <div class="blogpost-excerpt">{_esc(excerpt)}.</div>\n</a>'
        )
    head = rng.choice(["Latest news", "More news", "Related news", "Recent news"])
    pages = rng.randint(2, 40)
    pager = (
        (
            '<div class="pagination"><nav class="nav-bar nav-bar--center">'
            '<span class="nav-link nav-link--black nav-link--disabled">Prev</span>'
            + "".join(
                f'<a class="nav-link nav-link--black {" nav-link--active" if i == 1 else ""}" href="/news/?page={i}">{i}</a>'
                for i in range(1, min(pages, 5) + 1)
            )
            + '<a class="nav-link nav-link--black" href="/news/?page=2">Next</a></nav></div>'
        )
        if rng.random() < 0.5
        else ""
    )
    return (
        f'<section class="section {page.sty("section--latest", "latest-news")}"><div class="container">'
        f'<h2 class="{page.sty("section__title", "latest-news__title")}">{head}</h2>'
        f'<div class="blogposts">\n' + "\n".join(posts) + f"\n</div>{pager}</div></section>"
    )


def _grid(page, content):
    """Bootstrap3-Fluid.cshtml with one section: rows of .col-md-12 columns, the RTE control's HTML bare.
    Editors often split a story over several rows (text, a media row, more text)."""
    from cms_templates._html_blocks import top_blocks

    rng = page.rng
    rows = [content]
    blocks = top_blocks(content)
    if len(blocks) >= 4 and rng.random() < 0.4:
        cut = rng.randint(1, len(blocks) - 1)
        rows = ["\n".join(blocks[:cut]), "\n".join(blocks[cut:])]
    out = []
    for i, row in enumerate(rows):
        if i:
            out.append(
                '<div >\n<div class="row clearfix">\n<div class="col-md-12 column">\n<div >\n'
                f'<img src="/media/{rng.randint(1000, 9999)}/{rng.choice(["appeal", "police-car", "cctv", "officers"])}.jpg'
                f'?anchor=center&amp;mode=crop&amp;width=1200" alt="">\n</div>\n</div>\n</div>\n</div>'
            )
        out.append(
            f'<div >\n<div class="row clearfix">\n<div class="col-md-12 column">\n<div >\n{row}\n</div>\n</div>\n</div>\n</div>'
        )
    return '<div class="umb-grid">\n<div class="grid-section">\n' + "\n".join(out) + "\n</div>\n</div>"


def _share(page):
    """AddThis inline share toolbox, as Umbraco sites of the time embedded it, or render's share bar."""
    if not page.traps["share"]:
        return ""
    if page.rng.random() < 0.5:
        return page.share_bar()
    return (
        f'<div class="{page.sty("share", "social-share")}"><span class="visually-hidden">Share this article</span>'
        '<div class="addthis_inline_share_toolbox" data-url="' + _esc(page.url) + '"></div></div>'
    )


def _article(page, rdfa):
    rng = page.rng
    shown = page.date_shown(sys.modules[__name__])
    date_attr = f' property="datePublished" content="{_esc(page.published)}"' if rdfa and page.published else ""
    meta = ""
    if shown:
        meta = f'<small class="blogpost-date"{date_attr}>{_esc(shown)}</small>'
    if page.modified:
        meta += f' <small class="{page.sty("blogpost-updated", "last-modified")}">{_esc(page.modified)}</small>'
    meta = (
        f'<div class="blogpost-meta">\n    {meta}\n    <span class="blogpost-cat">\n'
        f"    <!-- TODO: Add links to categories-->\n{rng.choice(CATEGORIES)}\n </span>\n</div>"
    )
    excerpt = f"<h3>{_esc(page.description)}</h3>" if page.description and rng.random() < 0.35 else ""
    body = _grid(page, page.content)
    typeof = ' vocab="https://schema.org/" typeof="NewsArticle"' if rdfa else ""
    return (
        f"<article{typeof}>\n{meta}\n{excerpt}\n{body}\n{_share(page)}\n"
        "<!-- todo: implement discus comments -->\n</article>"
    )


def _mvc(page):
    rng = page.rng
    font = rng.choice(["serif", "sans", "mono"])
    color = rng.choice(["earth", "water", "fire", "dark"])
    top = _nav_links(page)
    out = [f'<body class="frontpage theme-font-{font} theme-color-{color}">']
    out += page.chrome_top()
    out.append(f'<div class="mobile-nav">\n<nav class="nav-bar">\n{top}\n</nav>\n</div>')
    out.append(
        '<header class="header">\n<div class="logo">\n'
        f'<a class="nav-link nav-link--home nav-link--home__text logo-text" href="/">{_esc(page.force)}</a>\n</div>\n'
        f'<nav class="nav-bar top-nav">\n{top}\n</nav>\n'
        '<div class="mobile-nav-handler">\n<div class="hamburger lines" id="toggle-nav">\n<span></span>\n</div>\n</div>\n</header>'
    )
    related = page.traps["related"]
    main = [
        "<main>",
        '<section class="section section--themed section--header section--content-center-bottom">'
        f'<div class="section__hero-content"><h1 class="no-air">{_esc(page.title)}</h1></div></section>',
    ]
    if related and page.traps["related_first"]:
        main.append(_latest(page))
    rdfa = rng.random() < 0.2
    sub = _sub_navigation(page) if rng.random() < 0.5 else ""
    main.append(
        f'<section class="section">\n<div class="container">\n{_breadcrumb(page)}\n'
        + (
            f'<div class="row"><div class="col-md-3">{sub}</div><div class="col-md-9">{_article(page, rdfa)}</div></div>'
            if sub
            else _article(page, rdfa)
        )
        + "\n</div>\n</section>"
    )
    if related and not page.traps["related_first"]:
        main.append(_latest(page))
    main.append("</main>")
    out += main
    out.append(
        '<footer class="section--themed">\n<div class="container">\n<div class="row">\n<div class="col-md-12 ta-center">\n'
        f"{_esc(page.force)}, Police Headquarters. In an emergency always call 999. For non-emergencies call 101.\n"
        "</div>\n</div>\n</div>\n</footer>"
    )
    out.append(page.footer() if rng.random() < 0.5 else "")
    out.append(
        '<script src="https://code.jquery.com/jquery-3.1.0.min.js" crossorigin="anonymous"></script>\n'
        '<script src="https://ajax.aspnetcdn.com/ajax/jquery.validate/1.13.1/jquery.validate.min.js"></script>\n'
        '<script src="/scripts/umbraco-starterkit-app.js"></script>\n</body>'
    )
    head_extra = (
        '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">\n'
        '<link rel="stylesheet" href="/css/umbraco-starterkit-style.css" />'
    )
    return head_extra, "\n".join(out)


def _webforms(page):
    """An Umbraco 4-7 master page: everything inside ASP.NET's server form."""
    import render

    rng = page.rng
    path = re.sub(r"^https?://[^/]+", "", page.url) or "/"
    action = path.rstrip("/").rsplit("/", 1)[-1] or "default"
    action = action if action.endswith(".aspx") else action + (".aspx" if rng.random() < 0.5 else "")
    out = [
        "<body>",
        f'<form method="post" action="./{_esc(action)}" id="form1">',
        '<div class="aspNetHidden">',
        '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />',
        '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />',
        f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK{_token(rng, rng.randint(60, 900))}=" />',
        "</div>",
        "<script type=\"text/javascript\">\n//<![CDATA[\nvar theForm = document.forms['form1'];\n"
        "if (!theForm) {\n    theForm = document.form1;\n}\nfunction __doPostBack(eventTarget, eventArgument) {\n"
        "    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {\n        theForm.__EVENTTARGET.value = eventTarget;\n"
        "        theForm.__EVENTARGUMENT.value = eventArgument;\n        theForm.submit();\n    }\n}\n//]]>\n</script>",
    ]
    out += page.chrome_top()
    current = ' class="current"'
    nav = "".join(
        f'<li{current if s == "News" else ""}><a href="/{render.slug(s)}.aspx">{_esc(s)}</a></li>'
        for s in ["Home"] + SECTIONS
    )
    out.append(f'<div id="{rng.choice(["wrapper", "container", "page"])}">')
    out.append(
        f'<div id="header"><a id="logo" href="/"><img src="/media/1001/logo.png" alt="{_esc(page.force)}" /></a>'
        f'<ul id="topNavigation">{nav}</ul>'
        '<div id="search"><label for="ctl00_ctl00_txtSearch" class="hidden">Search</label>'
        '<input name="ctl00$ctl00$txtSearch" type="text" id="ctl00_ctl00_txtSearch" />'
        '<input type="submit" name="ctl00$ctl00$btnSearch" value="Go" id="ctl00_ctl00_btnSearch" /></div></div>'
    )
    if page.traps["menu_traps"] or rng.random() < 0.4:
        out.append(page.mega_menu())
    related = page.traps["related"]
    side = _latest(page) if related else ""
    shown = page.date_shown(sys.modules[__name__])
    date_html = f'<p class="{page.sty("date", "newsDate", "article-date")}">{_esc(shown)}</p>' if shown else ""
    if page.modified:
        date_html += f'<p class="{page.sty("updated", "lastUpdated")}">{_esc(page.modified)}</p>'
    content = (
        f'<div id="content" class="{page.sty("textpage", "newsItem", "news-article")}">'
        f'<div id="breadcrumb">{_breadcrumb(page)}</div>'
        f'<div id="contentHeader"><h1>{_esc(page.title)}</h1></div>{date_html}'
        f'<div class="{page.sty("bodyText", "rte", "news-body")}">\n{page.content}\n</div>' + _share(page) + "</div>"
    )
    if side and page.traps["related_first"]:
        out.append(f'<div id="subNavigation">{side}</div>{content}')
    else:
        out.append(content + (f'<div id="subNavigation">{side}</div>' if side else ""))
    out.append(f'<div id="footer">{page.footer()}</div></div>')
    out.append(
        '<div class="aspNetHidden">\n'
        f'\t<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="{rng.getrandbits(32):08X}" />\n'
        f'\t<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAA{_token(rng, rng.randint(40, 200))}=" />\n'
        "</div></form>"
    )
    out.append('<script type="text/javascript" src="/scripts/site.js"></script>\n</body>')
    return '<link rel="stylesheet" type="text/css" href="/css/style.css" />', "\n".join(out)


def render_page(page):
    head_extra, body = _webforms(page) if page.rng.random() < 0.35 else _mvc(page)
    lang = page.rng.choice(["", ' lang="en"', ' lang="en-GB"'])
    return f"<!doctype html>\n<html{lang}>\n<head>\n{page.head}\n{head_extra}\n</head>\n\n{body}\n\n</html>\n"
