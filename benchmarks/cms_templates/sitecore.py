"""Sitecore news article: an SXA (Sitecore Experience Accelerator) page, or a Helix/Habitat MVC page.

Sources, read (not copied) at these commits:

- Sitecore/jss @ 1060868d7fb3273beab3016f2e4b3b2787aaf2bd, packages/create-sitecore-jss/src/templates/nextjs-sxa/src/:
  the headless SXA starter, whose components emit SXA's markup: Layout.tsx (header > #header, main > #content,
  footer > #footer inside div.prod-mode), components/RichText.tsx (div.component.rich-text > div.component-content),
  PageContent.tsx (div.component.content > .component-content > .field-content), Title.tsx (div.component.title >
  .component-content > .field-title > a[title]), Navigation.tsx (div.component.navigation > label.menu-mobile-navigate-wrapper
  > input.menu-mobile-navigate + div.menu-humburger + .component-content > nav > ul.clearfix > li.level1 … rel-level1 >
  div.navigation-title > a[title]), Promo.tsx (div.component.promo > .field-promoicon / .promo-text / .field-promotext /
  .field-promolink), LinkList.tsx (div.component.link-list > .component-content > h3 + ul > li.item0.odd.first >
  div.field-link), Container.tsx (div.component.container-default > .component-content > div.row), ColumnSplitter.tsx
  (div.row.component.column-splitter > div.col-… > div.row), Image.tsx (div.component.image).
- Sitecore/Habitat @ ea0a593ea022e59facfe291eace54c8fd22c7b47: src/Project/Habitat/code/Views/Website/Layouts/Default.cshtml
  (div#main-container > header.header-static / main[role=main] / footer.bg-dark), src/Feature/News/code/Views/News/
  NewsPageHeader.cshtml (div.label.label-info > <time> without datetime, then <h1>title<br/><small>summary</small></h1>),
  NewsArticle.cshtml (the body field in a bare <div>), LatestNews.cshtml (div.well > h5 "News" > ul.media-list > li.media
  > .media-body > <date> + h4.media-heading, "Read more" button), src/Feature/Navigation/code/Views/Navigation/
  Breadcrumb.cshtml (ol.breadcrumb, li.active) and PrimaryMenu.cshtml (ul.nav.navbar-nav, li.dropdown > ul.dropdown-menu),
  src/Project/Common/code/Views/Common/Sublayouts/ArticleAsideRight.cshtml (col-lg-8 > article / col-lg-4 > aside).

SXA components these repositories do not carry are written after the classes SXA gives them on live sites: the date
(div.component.date > .component-content > span|div.field-date, 15/02/2021), the breadcrumb (div.component.breadcrumb
.navigation-title > nav > ol > li.breadcrumb-item.home … .last, div.separator), the page list of related items (div.component
.page-list > ul.items > li.item > .field-title / .field-date), the social media share list and the privacy warning (cookie bar).
Machine-readable dates are rare on these sites: a <time datetime> equal to the publish date, on a seeded share of pages.
"""

import html
import re
import sys
from datetime import datetime, timedelta
from urllib.parse import quote

NAME = "sitecore"
PREFIX = "sxa"


def date_text(dt):
    """The SXA date field with the dd/MM/yyyy format police sites configured."""
    import render

    if dt.tzinfo:
        dt = dt.astimezone(render.LONDON)
    return dt.strftime("%d/%m/%Y")


def _esc(s):
    return html.escape(s, quote=True)


def _cls(*parts):
    return " ".join(p for p in parts if p)


def _component(name, inner, extra=""):
    """SXA's rendering wrapper: div.component.<name> [grid/styles] > div.component-content."""
    return f'<div class="{_cls("component", name, extra)}">\n<div class="component-content">\n{inner}\n</div>\n</div>'


def _position(i, n):
    c = f"item{i} {'even' if (i + 1) % 2 == 0 else 'odd'}"
    if i == 0:
        c += " first"
    if i + 1 == n:
        c += " last"
    return c


def _navigation(page):
    """Navigation.tsx / SXA navigation: two levels from render.MENU (menu traps seeded)."""
    import render

    tops = list(render.MENU.items())
    lis = []
    for i, (head, links) in enumerate(tops):
        links = [x for x in links if page.traps["menu_traps"] or not re.search(r"ANPR|Have your say", x)]
        sub = "".join(
            f'<li class="level2 {_position(j, len(links))} rel-level2" tabindex="0"><div class="navigation-title ">'
            f'<a title="{_esc(x)}" href="/{render.slug(head)}/{render.slug(x)}">{_esc(x)}</a></div></li>'
            for j, x in enumerate(links)
        )
        active = " active" if head == "News" else ""
        lis.append(
            f'<li class="level1 submenu {_position(i, len(tops))} rel-level1{active}" tabindex="0">'
            f'<div class="navigation-title child"><a title="{_esc(head)}" href="/{render.slug(head)}">{_esc(head)}</a></div>'
            f'<ul class="clearfix">{sub}</ul></li>'
        )
    grid = page.rng.choice(["col-12", "col-12 col-lg-9", "col-xs-12"])
    styles = page.rng.choice(
        ["navigation-main navigation-main-vertical", "navigation-main navigation-main-horizontal", ""]
    )
    return (
        f'<div class="{_cls("component navigation", grid, styles)}">\n<label class="menu-mobile-navigate-wrapper">'
        '<input type="checkbox" class="menu-mobile-navigate"/><div class="menu-humburger"></div>'
        f'<div class="component-content"><nav><ul class="clearfix">{"".join(lis)}</ul></nav></div></label>\n</div>'
    )


def _breadcrumb(page):
    trail = [("/", "Home"), ("/news", "News"), ("/news/latest-news", "Latest news")]
    lis = []
    for i, (href, name) in enumerate(trail):
        home = " home" if i == 0 else ""
        lis.append(
            f'<li class="breadcrumb-item{home}"><div class="navigation-title field-navigationtitle">'
            f'<a title="{_esc(name)}" href="{href}">{_esc(name)}</a></div><div class="separator">&gt;</div></li>'
        )
    path = re.sub(r"^https?://[^/]+", "", page.url)
    lis.append(
        f'<li class="breadcrumb-item last"><div class="navigation-title field-navigationtitle">'
        f'<a title="{_esc(page.title)}" href="{_esc(path)}">{_esc(page.title)}</a></div></li>'
    )
    return _component(
        "breadcrumb navigation-title", f'<nav aria-label="Breadcrumb"><ol>{"".join(lis)}</ol></nav>', "col-12"
    )


def _title(page):
    rng = page.rng
    r = rng.random()
    if r < 0.6:
        inner = f"<h1>{_esc(page.title)}</h1>"
    elif r < 0.8:
        path = re.sub(r"^https?://[^/]+", "", page.url)
        inner = f'<a title="{_esc(page.title)}" href="{_esc(path)}">{_esc(page.title)}</a>'
    else:
        inner = _esc(page.title)
    return _component(
        "title", f'<div class="field-title">{inner}</div>', rng.choice(["col-12", "col-12 page-title", ""])
    )


def _date(page):
    shown = page.date_shown(sys.modules[__name__])
    if not shown and not page.modified:
        return ""
    rng = page.rng
    parts = []
    if shown:
        tag = rng.choice(["span", "div"])
        if page.published and rng.random() < 0.2:
            parts.append(f'<time class="field-date" datetime="{_esc(page.published)}">{_esc(shown)}</time>')
        else:
            label = rng.choice(
                ["", "", '<span class="field-label">Published: </span>', '<span class="sr-only">Date published</span> ']
            )
            if not re.match(r"\W*(\d|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)", shown, re.I):
                label = ""  # the text carries its own label ('Posted at 09:48 on …')
            parts.append(f'{label}<{tag} class="field-date">{_esc(shown)}</{tag}>')
    if page.modified:
        parts.append(f'<div class="field-updated">{_esc(page.modified)}</div>')
    return _component("date", "\n".join(parts), rng.choice(["col-12", "col-12 news-date", "col-12 article-date"]))


def _body(page):
    if page.rng.random() < 0.5:
        return _component("rich-text", page.content, page.rng.choice(["col-12", "col-12 article-body", ""]))
    return _component("content", f'<div class="field-content">{page.content}</div>', page.rng.choice(["col-12", ""]))


def _related_items(page, n=None):
    """Page list of related news (SXA page-list, rendering variant Title / Date / Summary)."""
    import render

    rng = page.rng
    n = n or rng.randint(3, 5)
    items = []
    for i in range(n):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        summary = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        items.append(
            f'<li class="item {_position(i, n)}"><div class="field-title"><a href="/news/latest-news/{render.slug(title)}">'
            f'{_esc(title)}</a></div><div class="field-date">{date_text(dt)}</div>'
            f'<div class="field-summary">{_esc(summary)}.</div></li>'
        )
    head = rng.choice(["Related items", "Related news", "Latest news", "More news"])
    return _component(
        "page-list",
        f'<div class="page-list-title"><h3>{head}</h3></div><ul class="items">{"".join(items)}</ul>',
        rng.choice(["col-12", "col-12 related-news", "col-12 news-list"]),
    )


def _promos(page):
    rng = page.rng
    promos = [
        ("Report it online", "Report a crime, incident or antisocial behaviour online.", "/report"),
        ("Contact us", "Call 101 for non-emergencies. In an emergency always call 999.", "/contact"),
        ("Join us", "Find out about careers as an officer, PCSO, special or volunteer.", "/careers"),
    ]
    out = []
    for head, text, href in rng.sample(promos, rng.randint(1, 3)):
        inner = (
            f'<div class="field-promoicon"><img src="/-/media/Project/Police/icons/{href.strip("/")}.svg" alt="" /></div>'
            f'<div class="promo-text"><div><div class="field-promotext"><h3>{head}</h3><p>{text}</p></div></div>'
            f'<div class="field-promolink"><a href="{href}">{head}</a></div></div>'
        )
        out.append(_component("promo", inner, "col-12"))
    return "\n".join(out)


def _share(page):
    if not page.traps["share"]:
        return ""
    if page.rng.random() < 0.3:
        return page.share_bar()
    u = quote(page.url, safe="")
    t = quote(page.title, safe="")
    links = [
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("twitter", "Twitter", f"https://twitter.com/intent/tweet?text={t}&amp;url={u}"),
        ("linkedin", "LinkedIn", f"https://www.linkedin.com/shareArticle?mini=true&amp;url={u}"),
        ("email", "Email", f"mailto:?subject={t}&amp;body={u}"),
    ]
    lis = "".join(
        f'<li><a class="{c}" href="{h}" target="_blank" title="Share on {n}"><span class="sr-only">{n}</span></a></li>'
        for c, n, h in links
    )
    return _component(
        "social-media-share", f'<h4 class="social-media-share-title">Share this page</h4><ul>{lis}</ul>', "col-12"
    )


def _chrome(page):
    """render's cookie + survey banners, the cookie bar swapped for SXA's privacy warning on a share of pages."""
    parts = page.chrome_top()
    if page.traps["cookie"] and parts and page.rng.random() < 0.6:
        parts[0] = (
            '<div class="privacy-warning permisive" style="top:0px;"><div class="submit">'
            '<a onclick="XA.component.privacyWarning.submitCookie()" href="#">Accept cookies</a></div>'
            '<div class="close"><a onclick="XA.component.privacyWarning.onClose()" href="#">Close</a></div>'
            '<div class="title">Cookies on this website</div><div class="content"><p>We use cookies to make this '
            'website work and to collect information about how you use it. <a href="/cookies">Find out more about cookies</a>'
            "</p></div></div>"
        )
    return parts


def _footer(page):
    import render

    rng = page.rng
    groups = [
        ("About us", render.MENU["About us"][:4]),
        ("Contact", render.MENU["Contact"]),
        ("Legal", render.FOOTER[:5]),
    ]
    cols = []
    for head, links in groups:
        lis = "".join(
            f'<li class="{_position(i, len(links))}"><div class="field-link"><a href="/{render.slug(x)}">{_esc(x)}</a></div></li>'
            for i, x in enumerate(links)
        )
        cols.append(
            _component(
                "link-list", f"<h3>{head}</h3><ul>{lis}</ul>", rng.choice(["col-12 col-md-4", "col-12 col-lg-4"])
            )
        )
    cols.append(
        _component(
            "rich-text",
            f"<p>&copy; {_esc(page.force)} 2021. In an emergency always call 999. For non-emergencies call 101.</p>",
            "col-12 copyright",
        )
    )
    return "\n".join(cols)


def _sxa(page):
    rng = page.rng
    related = page.traps["related"]
    header = [
        _component(
            "image file-type-icon-media-link",
            f'<a title="{_esc(page.force)}" href="/"><img src="/-/media/Project/Police/logo.svg" alt="{_esc(page.force)}" /></a>',
            "col-12 col-lg-3 logo",
        ),
        _navigation(page),
        _component(
            "search-box horizontal",
            '<span class="search-box-input"><label class="sr-only" for="search-input">Search</label>'
            '<input id="search-input" class="search-box-input" type="text" name="textBoxSearch" placeholder="Search this site" />'
            '</span><button class="search-box-button" type="submit">Search</button>',
            "col-12",
        ),
    ]
    article = [_breadcrumb(page), _title(page), _date(page), _body(page), _share(page)]
    side = [_related_items(page)] if related else []
    if rng.random() < 0.5:
        side.append(_promos(page))
    splitter = bool(side) and rng.random() < 0.6
    if splitter:
        left, right = "\n".join(article), "\n".join(side)
        cols = [("col-12 col-lg-8", left), ("col-12 col-lg-4", right)]
        if page.traps["related_first"]:
            cols.reverse()
        content = (
            '<div class="row component column-splitter">'
            + "".join(f'<div class="{c}"><div class="row">\n{x}\n</div></div>' for c, x in cols)
            + "</div>"
        )
    else:
        blocks = (side + article) if page.traps["related_first"] else (article + side)
        content = "\n".join(blocks)
    if rng.random() < 0.4:
        content = (
            f'<div class="component container-default col-12"><div class="component-content"><div class="row">\n'
            f"{content}\n</div></div></div>"
        )
    top = "\n".join(_chrome(page))
    if rng.random() < 0.7:  # SXA MVC
        body = (
            f'<body class="default-device bodyclass">\n{top}\n<div id="wrapper">\n'
            f'<header>\n<div id="header" class="container">\n<div class="row">\n'
            + "\n".join(header)
            + "\n</div>\n</div>\n</header>\n"
            f'<main>\n<div id="content" class="container">\n<div class="row">\n{content}\n</div>\n</div>\n</main>\n'
            f'<footer>\n<div id="footer" class="container">\n<div class="row">\n{_footer(page)}\n</div>\n</div>\n</footer>\n</div>\n'
            '<script src="/-/media/Base-Themes/Core-Libraries/scripts/optimized-min.js"></script>\n'
            '<script src="/-/media/Base-Themes/XA-API/Scripts/optimized-min.js"></script>\n'
            '<script src="/-/media/Base-Themes/Main-Theme/scripts/optimized-min.js"></script>\n</body>'
        )
    else:  # headless SXA (JSS Layout.tsx), server-rendered
        body = (
            f'<body>\n{top}\n<div class="prod-mode">\n<header>\n<div id="header">\n'
            + "\n".join(header)
            + "\n</div>\n</header>\n"
            f'<main>\n<div id="content">\n{content}\n</div>\n</main>\n<footer>\n<div id="footer">\n{_footer(page)}\n</div>\n</footer>\n'
            "</div>\n</body>"
        )
    theme = rng.choice(["Police", "Force", "Main"])
    head = (
        '<link href="/-/media/Base-Themes/Core-Libraries/styles/optimized-min.css" rel="stylesheet" />\n'
        '<link href="/-/media/Base-Themes/Main-Theme/styles/optimized-min.css" rel="stylesheet" />\n'
        f'<link href="/-/media/Themes/{theme}/{theme}/{theme}/styles/pre-optimized-min.css" rel="stylesheet" />'
    )
    return head, body


def _habitat(page):
    """Helix/Habitat: Default layout, NewsPageHeader + Breadcrumb + ArticleAsideRight(NewsArticle | LatestNews)."""
    import render

    rng = page.rng
    shown = page.date_shown(sys.modules[__name__])
    menu = []
    for head, links in render.MENU.items():
        links = [x for x in links if page.traps["menu_traps"] or not re.search(r"ANPR|Have your say", x)]
        sub = "".join(
            f'<li class=""><a href="/{render.slug(head)}/{render.slug(x)}" target="">{_esc(x)}</a></li>' for x in links
        )
        menu.append(
            f'<li class=" dropdown"><a href="/{render.slug(head)}" class="dropdown-toggle text-uppercase" data-toggle="dropdown" '
            f'role="button" aria-haspopup="true" aria-expanded="false">{_esc(head)}<span class="caret"></span></a>'
            f'<ul class="dropdown-menu">{sub}</ul></li>'
        )
    navbar = (
        '<nav class="navbar navbar-default"><div class="container"><div class="navbar-header">'
        '<button type="button" class="navbar-toggle collapsed" data-toggle="collapse" data-target="#siteNavbar" aria-expanded="false">'
        '<span class="sr-only">Toggle navigation</span><span class="icon-bar"></span><span class="icon-bar"></span></button>'
        f'<a class="navbar-brand" href="/"><img src="/-/media/Habitat/Images/Logo/logo.png" alt="{_esc(page.force)}" /></a></div>'
        f'<div class="collapse navbar-collapse" id="siteNavbar"><ul class="nav navbar-nav">{"".join(menu)}</ul></div></div></nav>'
    )
    summary = f"<br/>\n<small>{_esc(page.description)}</small>" if page.description and rng.random() < 0.4 else ""
    label = f'<div class="label label-info">\n<time>\n{_esc(shown)}</time>\n</div>\n' if shown else ""
    if page.modified:
        label += f'<p class="text-muted">{_esc(page.modified)}</p>\n'
    header = f'<div class="container">\n{label}<h1>\n{_esc(page.title)}{summary}\n</h1>\n</div>'
    crumbs = (
        '<div class="container"><ol class="breadcrumb"><li class=""><a href="/">Home</a></li><li class=""><a href="/news">News</a></li>'
        f'<li class="active"><a href="{_esc(page.url)}">{_esc(page.title)}</a></li></ol></div>'
    )
    latest = ""
    if page.traps["related"]:
        items = []
        for _ in range(rng.randint(3, 5)):
            title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
            dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
            items.append(
                f'<li class="media"><div class="media-body"><date>\n{date_text(dt)}\n</date>'
                f'<h4 class="media-heading"><a href="/news/{render.slug(title)}">{_esc(title)}</a></h4></div></li>'
            )
        latest = (
            f'<div class="well {rng.choice(["", "bg-primary", "bg-info"])}"><h5 class="text-uppercase">News</h5>'
            f'<ul class="media-list">{"".join(items)}</ul><a href="/news" class="btn btn-default">Read more</a></div>'
        )
    article = f"<article>\n<div>\n{page.content}\n</div>\n</article>\n<div>{_share(page)}</div>"
    cols = [
        f'<div class="col-lg-8">\n{article}\n</div>',
        f'<div class="col-lg-4">\n<aside>\n{latest}\n</aside>\n</div>',
    ]
    if page.traps["related_first"]:
        cols.reverse()
    top = "\n".join(_chrome(page))
    body = (
        f'<body class="header-static ">\n{top}\n<div id="main-container">\n<header class="header-static">\n{navbar}\n</header>\n'
        f'<main role="main">\n{header}\n{crumbs}\n<div class="container">\n<div class="row">\n'
        + "\n".join(cols)
        + '\n</div>\n</div>\n</main>\n<footer class="bg-dark">\n'
        + page.footer()
        + '\n<div class="footer-bottom text-center"><div class="container"><div class="row"><div class="col-md-12">'
        f"<p>&copy; {_esc(page.force)}</p></div></div></div></div>\n</footer>\n</div>\n"
        '<script src="/assets/js/habitat.min.js"></script>\n</body>'
    )
    head = '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n<link href="/assets/css/habitat.min.css" rel="stylesheet" />'
    return head, body


def render_page(page):
    habitat = page.rng.random() < 0.3
    head_extra, body = _habitat(page) if habitat else _sxa(page)
    if habitat:
        opener = '<!DOCTYPE html>\n<!--[if IE 9]><html lang="en" class="ie9 no-js"><![endif]-->\n<!--[if !IE]><!-->\n<html lang="en">\n<!--<![endif]-->'
    else:
        opener = f'<!DOCTYPE html>\n<html lang="{page.rng.choice(["en", "en-GB"])}">'
    return f"{opener}\n<head>\n{page.head}\n{head_extra}\n</head>\n{body}\n</html>\n"
