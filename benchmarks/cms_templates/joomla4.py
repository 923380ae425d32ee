"""Joomla 4: com_content's single-article view in the Cassiopeia site template.

Sources read:
  joomla/cassiopeia (the Joomla 4.0-dev tree the Cassiopeia template was built in) at commit
  21b36c9ad1dbd36acfe7ba58db7758e7a5a5d547 (Dec 2020):
    components/com_content/tmpl/article/default.php   div.com-content-article.item-page[itemscope
        itemtype=https://schema.org/Article], meta[itemprop=inLanguage], .page-header (an h1 page heading
        when the menu item sets one, then the title as h2 itemprop=headline), info block above / below /
        split, tags, div[itemprop=articleBody].com-content-article__body, afterDisplayContent (pagenavigation)
    layouts/joomla/content/info_block.php               <dl class="article-info text-muted"> + dt.article-info-term
    layouts/joomla/content/info_block/{author,category,publish_date,modify_date,hits}.php
        dd.createdby[itemprop=author], dd.category-name (itemprop=genre), dd.published > <time
        datetime="…" itemprop="datePublished">Published: d F Y</time>, dd.modified (dateModified)
    layouts/joomla/content/tags.php                     ul.tags.list-inline > li[itemprop=keywords]
    modules/mod_articles_latest/tmpl/default.php       ul.mod-articleslatest.latestnews.mod-list (no dates)
    templates/cassiopeia/html/layouts/chromes/card.php  module chrome: div.{position}.card + h3.card-header
    templates/cassiopeia/html/mod_menu/dropdown-metismenu.php (+ _url.php)  ul.mod-menu.metismenu
    layouts/joomla/system/message.php                   #system-message-container
    language/en-GB/*.ini                                "Details", "Published: %s", "Written by: %s",
        "Category: %s", "Last Updated: %s", DATE_FORMAT_LC3 "d F Y", "Previous article: %s", "Next article: %s",
        "You are here: ", "Back to Top"
  joomla/joomla-cms (4.x branch line, the released markup):
    templates/cassiopeia/index.php @ 01cc4e63206b2e5584e0612ad5f9576ee593eee4   header.container-header,
        .navbar-brand > a.brand-logo, .container-nav, .site-grid with grid-child containers (top-a, component
        with breadcrumbs + message + <main>, sidebar-right, bottom-a), footer.container-footer, #back-top
    modules/mod_breadcrumbs/tmpl/default.php @ 02301c5b2d0c71821d49cee2a844578955fa8561  nav.mod-breadcrumbs__wrapper,
        ol.mod-breadcrumbs.breadcrumb, li.mod-breadcrumbs__here.float-start (4.0's itemprop microdata kept from
        the 4.0-dev tree above)
    plugins/content/pagenavigation/tmpl/default.php @ 09331d6e2143e9002c754df370402d228fa7682b
        nav.pagenavigation > span.pagination > a.btn.previous/.next with span.visually-hidden "Previous article: …"

Furniture kept: metismenu main menu, smart-search form, breadcrumbs (whose last crumb is the title),
system-message container, info block (author, category, published, hits; placed above, below or split as
the site's info_block_position says), tags, prev/next article navigation, "Latest news" module card
(above the component or in sidebar-right / main-bottom), a custom-HTML contact module, footer menu +
copyright, back-to-top link and the joomla-script-options JSON.
"""

import html
import json
import sys

NAME = "joomla4"
PREFIX = "j4"

TAGS = [
    "Appeals",
    "Burglary",
    "Road safety",
    "Court results",
    "Missing people",
    "Fraud",
    "Community",
    "Rural crime",
    "Knife crime",
    "Drugs",
]
LABEL_WORDS = ("posted", "published", "date published", "dated", "updated", "last modified")


def _london():
    import render

    return render.LONDON


def date_text(dt):
    """en-GB DATE_FORMAT_LC3 'd F Y'."""
    return f"{dt.astimezone(_london()):%d %B %Y}"


def _iso(page):
    """HTMLHelper::date(publish_up, 'c'): ISO 8601 in the site's time zone; a date alone stays a date."""
    if len(page.published) == 10:
        return page.published
    return page.published_dt().astimezone(_london()).isoformat()


def _card(position, mid, title, content, sfx=""):
    """cassiopeia chromes/card.php with the title shown."""
    return (
        f'<div class="{position} card {sfx}" aria-labelledby="mod-{mid}">\n'
        f'  <h3 class="card-header " id="mod-{mid}">{html.escape(title)}</h3>\n'
        f'  <div class="card-body">\n{content}\n  </div>\n</div>'
    )


def _latest(page, position):
    import render

    rng = page.rng
    items = []
    for _ in range(rng.randint(3, 6)):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        items.append(
            f'\t<li itemscope itemtype="https://schema.org/Article">\n\t\t<a href="/news/{rng.randint(200, 9000)}-'
            f'{render.slug(title)}" itemprop="url">\n\t\t\t<span itemprop="name">\n\t\t\t\t{html.escape(title)}'
            f"\n\t\t\t</span>\n\t\t</a>\n\t</li>"
        )
    ul = '<ul class="mod-articleslatest latestnews mod-list">\n' + "\n".join(items) + "\n</ul>"
    return _card(
        position,
        rng.randint(88, 130),
        rng.choice(["Latest News", "Latest news", "More news"]),
        ul,
        page.sty("latest-news", "news-module") if rng.random() < 0.4 else "",
    )


def _menu(host, with_traps, rng):
    import render

    out, item = [], 101
    out.append(f'<li class="metismenu-item item-{item} level-1 default"><a href="/">Home</a></li>')
    for head, links in render.MENU.items():
        item += 1
        pid = item
        cur = " active" if head == "News" else ""
        sub = []
        for x in links:
            if not with_traps and ("ANPR" in x or "Have your say" in x):
                continue
            item += 1
            sub.append(
                f'<li class="metismenu-item item-{item} level-2"><a href="/{render.slug(head)}/{render.slug(x)}">'
                f"{html.escape(x)}</a></li>"
            )
        out.append(
            f'<li class="metismenu-item item-{pid} level-1{cur} deeper parent"><a href="/{render.slug(head)}">'
            f'{html.escape(head)}</a><button class="mm-collapsed mm-toggler mm-toggler-link" aria-haspopup="true" '
            f'aria-expanded="false" aria-label="{html.escape(head)}"></button><ul class="mm-collapse">{"".join(sub)}</ul></li>'
        )
    return '<ul class="mod-menu mod-menu_dropdown-metismenu metismenu mod-list ">\n' + "\n".join(out) + "\n</ul>"


def _dd_published(page, shown):
    text = shown if shown.lower().startswith(LABEL_WORDS) else f"Published: {shown}"
    if page.published:
        inner = f'<time datetime="{_iso(page)}" itemprop="datePublished">\n\t\t{html.escape(text)}\t</time>'
    else:
        inner = html.escape(text)
    return f'<dd class="published">\n\t<span class="icon-calendar icon-fw" aria-hidden="true"></span>\n\t{inner}\n</dd>'


def _dd_modified(page):
    import render

    iso = render.parse_visible_date(page.modified)
    text = html.escape(page.modified)
    inner = f'<time datetime="{iso}" itemprop="dateModified">\n\t\t{text}\t</time>' if iso else text
    return f'<dd class="modified">\n\t<span class="icon-calendar icon-fw" aria-hidden="true"></span>\n\t{inner}\n</dd>'


def _info_block(parts):
    if not parts:
        return ""
    return (
        '<dl class="article-info text-muted">\n\n\t\t<dt class="article-info-term">\n\t\t\t\t\t\t\t\t\tDetails'
        "\t\t\t\t\t\t\t</dt>\n" + "\n".join(parts) + "\n</dl>"
    )


def render_page(page):
    import render

    rng, sty, t = page.rng, page.sty, page.traps
    me = sys.modules[__name__]
    itemid = rng.randint(101, 180)
    art_id = rng.randint(300, 9000)
    cat = rng.choice(["News", "News", "Latest News", "Appeals", "Press releases"])
    cat_path = "/" + render.slug(cat)
    esc_title = html.escape(page.title)
    info_pos = rng.choice([0, 0, 0, 1, 2])  # info_block_position: above, below, split
    shown = page.date_shown(me)

    # info block pieces (layouts/joomla/content/info_block.php order)
    first = []
    if rng.random() < 0.35:
        who = rng.choice(["Corporate Communications", "Press Office", "Media Team", "Super User"])
        first.append(
            '<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">\n'
            '\t<span class="icon-user icon-fw" aria-hidden="true"></span>\n'
            f'\tWritten by: <span itemprop="name">{who}</span>\n</dd>'
        )
    if rng.random() < 0.7:
        first.append(
            '<dd class="category-name">\n\t<span class="icon-folder-open icon-fw" aria-hidden="true"></span>\t\t\t\t'
            f'Category: <a href="{cat_path}" itemprop="genre">{cat}</a>\t</dd>'
        )
    if shown:
        first.append(_dd_published(page, shown))
    second = []
    if page.modified:
        second.append(_dd_modified(page))
    if rng.random() < 0.3:
        hits = rng.randint(40, 9000)
        second.append(
            f'<dd class="hits">\n\t<span class="icon-eye icon-fw" aria-hidden="true"></span>\n'
            f'\t<meta itemprop="interactionCount" content="UserPageVisits:{hits}">\n\tHits: {hits}\n</dd>'
        )
    above = _info_block(first + second if info_pos == 0 else first if info_pos == 2 else [])
    below = _info_block(first + second if info_pos == 1 else second if info_pos == 2 else [])

    tags = ""
    if rng.random() < 0.4:
        lis = "".join(
            f'\t\t\t\t\t\t\t\t\t<li class="list-inline-item tag-{rng.randint(2, 40)} tag-list{i}" itemprop="keywords">\n'
            f'\t\t\t\t\t<a href="/component/tags/tag/{render.slug(x)}" class="badge badge-info">\n'
            f"\t\t\t\t\t\t{x}\t\t\t\t\t</a>\n\t\t\t\t</li>\n"
            for i, x in enumerate(rng.sample(TAGS, rng.randint(1, 3)))
        )
        tags = f'\t<ul class="tags list-inline">\n{lis}\t\t\t</ul>'

    heading = ""
    htag = "h1"
    if rng.random() < 0.25:  # the menu item shows its own page heading
        heading = f'\t<div class="page-header">\n\t\t<h1> {rng.choice(["News", "Latest News", "News and appeals"])} </h1>\n\t</div>\n'
        htag = "h2"

    prev_t = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
    next_t = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
    pagenav = ""
    if rng.random() < 0.6:
        pagenav = (
            '<nav class="pagenavigation" aria-label="Page Navigation">\n    <span class="pagination ms-0">\n'
            f'            <a class="btn btn-sm btn-secondary previous" href="{cat_path}/{art_id - 1}-{render.slug(prev_t)}" rel="prev">\n'
            f'            <span class="visually-hidden">\n                Previous article: {html.escape(prev_t)}            </span>\n'
            '            <span class="icon-chevron-left" aria-hidden="true"></span> <span aria-hidden="true">Prev</span>            </a>\n'
            f'            <a class="btn btn-sm btn-secondary next" href="{cat_path}/{art_id + 1}-{render.slug(next_t)}" rel="next">\n'
            f'            <span class="visually-hidden">\n                Next article: {html.escape(next_t)}            </span>\n'
            '            <span aria-hidden="true">Next</span> <span class="icon-chevron-right" aria-hidden="true"></span>            </a>\n'
            "        </span>\n</nav>"
        )

    sfx = f" {sty('news-article', 'article-page', 'newsitem')}" if rng.random() < 0.4 else ""
    article = (
        f'<div class="com-content-article item-page{sfx}" itemscope itemtype="https://schema.org/Article">\n'
        '\t<meta itemprop="inLanguage" content="en-GB">\n'
        + heading
        + f'\t\n\t\t\n\t\t\t<div class="page-header">\n\t\t<{htag} itemprop="headline">\n\t\t\t{esc_title}\t\t</{htag}>\n\t\t\t\t\t\t\t</div>\n'
        + (above + "\n" if above else "")
        + (tags + "\n" if tags and info_pos == 0 else "")
        + f'\t\t\t\t\t\t<div itemprop="articleBody" class="com-content-article__body">\n\t\t{page.content}\t</div>\n\n'
        + (below + "\n" if below else "")
        + (tags + "\n" if tags and info_pos != 0 else "")
        + (page.share_bar() + "\n")
        + pagenav
        + "\n\t\t\t\t\t\t</div>"
    )

    crumbs = [("Home", "/"), (cat, cat_path)]
    lis = ['\t\t\t\t\t<li class="mod-breadcrumbs__here float-start">\n\t\t\t\tYou are here: &#160;\n\t\t\t</li>']
    for n, (name, href) in enumerate(crumbs, 1):
        lis.append(
            f'\t\t\t\t\t\t\t\t\t<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" '
            f'class="mod-breadcrumbs__item breadcrumb-item"><a itemprop="item" href="{href}" class="pathway">'
            f'<span itemprop="name">{html.escape(name)}</span></a>\t\t\t\t\t<meta itemprop="position" content="{n}">\n\t\t\t\t</li>'
        )
    lis.append(
        f'\t\t\t\t\t<li aria-current="page" itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" '
        f'class="mod-breadcrumbs__item breadcrumb-item active"><span itemprop="name">{esc_title}</span>'
        f'\t\t\t\t\t<meta itemprop="position" content="{len(crumbs) + 1}">\n\t\t\t\t</li>'
    )
    breadcrumbs = (
        '<nav class="mod-breadcrumbs__wrapper" aria-label="Breadcrumbs">\n\t<ol itemscope itemtype="https://schema.org/BreadcrumbList" '
        'class="mod-breadcrumbs breadcrumb px-3 py-2">\n' + "\n".join(lis) + "\n\t\t</ol>\n\t</nav>"
    )

    latest_top = latest_side = latest_bottom = ""
    if t["related"]:
        if t["related_first"]:
            latest_top = _latest(page, "top-a")
        elif rng.random() < 0.65:
            latest_side = _latest(page, "sidebar-right")
        else:
            latest_bottom = _latest(page, "main-bottom")
    mid = rng.randint(131, 160)
    contact = _card(
        "sidebar-right",
        mid,
        rng.choice(["Contact us", "Contact"]),
        f'<div id="mod-custom{mid}" class="mod-custom custom">\n\t<p>In an emergency always call 999. '
        f'For non-emergencies call 101 or <a href="/report">report online</a>.</p></div>',
    )
    sidebar = "\n".join(x for x in (latest_side, contact if rng.random() < 0.6 else "") if x)

    body_classes = (
        f"site com_content wrapper-static view-article no-layout no-task itemid-{itemid}"
        + (f" {sty('news', 'news-page')}" if rng.random() < 0.3 else "")
        + (" has-sidebar-right" if sidebar else "")
    )
    options = {
        "joomla.jtext": {
            "ERROR": "Error",
            "MESSAGE": "Message",
            "NOTICE": "Notice",
            "WARNING": "Warning",
            "JCLOSE": "Close",
            "JOK": "OK",
            "JOPEN": "Open",
        },
        "system.paths": {
            "root": "",
            "rootFull": f"https://{page.host}/",
            "base": "",
            "baseFull": f"https://{page.host}/",
        },
        "csrf.token": "%032x" % rng.getrandbits(128),
    }
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-gb" dir="ltr">',
        "<head>",
        page.head,
        '<meta name="generator" content="Joomla! - Open Source Content Management">',
        '<link href="/media/templates/site/cassiopeia/images/joomla-favicon.svg" rel="icon" type="image/svg+xml">',
        '<link href="/media/system/css/joomla-fontawesome.min.css?4.0.3" rel="lazy-stylesheet">',
        '<link href="/media/templates/site/cassiopeia/css/template.min.css?4.0.3" rel="stylesheet">',
        '<script type="application/json" class="joomla-script-options new">'
        + json.dumps(options).replace("/", "\\/")
        + "</script>",
        '<script src="/media/system/js/core.min.js?4.0.3"></script>',
        '<script src="/media/templates/site/cassiopeia/js/template.min.js?4.0.3" defer></script>',
        "</head>",
        f'<body class="{body_classes}">',
    ]
    out += page.chrome_top()
    search = (
        '<div class="container-search"><form class="mod-finder js-finder-searchform form-search" action="/component/finder/search" '
        'method="get" role="search"><label for="mod-finder-searchword0" class="visually-hidden finder">Search</label>'
        '<input type="text" name="q" id="mod-finder-searchword0" class="js-finder-search-query form-control" value="" '
        'placeholder="Search ..."></form></div>'
    )
    out.append(
        '<header class="header container-header full-width">\n'
        f'<div class="grid-child"><div class="navbar-brand"><a class="brand-logo" href="/"><img loading="eager" decoding="async" '
        f'src="https://{page.host}/images/logo.png" alt="{html.escape(page.force)}"></a></div></div>\n'
        f'<div class="grid-child container-nav">{_menu(page.host, t["menu_traps"], rng)}{search}</div>\n</header>'
    )
    out.append('<div class="site-grid">')
    if latest_top:
        out.append(f'<div class="grid-child container-top-a">{latest_top}</div>')
    out.append(
        '<div class="grid-child container-component">\n'
        + breadcrumbs
        + '\n<div id="system-message-container" aria-live="polite"></div>\n<main>\n'
        + article
        + "\n</main>\n"
        + latest_bottom
        + "\n</div>"
    )
    if sidebar:
        out.append(f'<div class="grid-child container-sidebar-right">{sidebar}</div>')
    out.append("</div>")
    foot = "".join(
        f'<li class="nav-item item-{200 + i}"><a href="/{render.slug(x)}">{x}</a></li>'
        for i, x in enumerate(render.FOOTER)
    )
    out.append(
        '<footer class="container-footer footer full-width">\n<div class="grid-child">'
        f'<ul class="mod-menu mod-list nav ">{foot}</ul>'
        f'<div id="mod-custom{mid + 1}" class="mod-custom custom"><p>&copy; {html.escape(page.force)} 2021. In an emergency '
        "always call 999. For non-emergencies call 101.</p></div></div>\n</footer>"
    )
    out.append(
        '<a href="#top" id="back-top" class="back-to-top-link" aria-label="Back to Top">\n'
        '    <span class="icon-arrow-up icon-fw" aria-hidden="true"></span>\n</a>'
    )
    out.append("</body>\n</html>\n")
    return "\n".join(out)
