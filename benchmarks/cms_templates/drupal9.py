"""Drupal 9 core, Bartik theme on Classy templates, as a force's news site renders a "news" node.

Sources read (drupal/core, the subtree split of drupal/drupal's core/ directory, tag 9.1.5 = commit
075ea2e792edbe573a29f02e80d6edf445f18e14; paths below are drupal/drupal's core/…):
  core/themes/classy/templates/field/field.html.twig            field wrapper: field--name-X field--type-Y
                                                                field--label-{hidden,above,inline}, field__label,
                                                                field__item(s); label_hidden + single item puts
                                                                field__item on the wrapper itself
  core/themes/classy/templates/field/field--text.html.twig      adds clearfix text-formatted (body, text_with_summary)
  core/themes/classy/templates/field/field--node--title.html.twig  <span class="field field--name-title …">
  core/themes/classy/templates/field/time.html.twig             <time class="datetime">
  core/modules/datetime/src/Plugin/Field/FieldFormatter/DateTimeFormatterBase.php
                                                                buildDateWithIsoAttribute: datetime="Y-m-d\\TH:i:s"
                                                                in UTC + 'Z'
  core/themes/bartik/templates/page-title.html.twig            <h1 class="title page-title">
  core/themes/bartik/templates/block.html.twig                 block block-{provider} block-{plugin-id}, <div class="content">
  core/themes/bartik/templates/block--system-menu-block.html.twig  nav + visually-hidden h2 + menu-toggle links
  core/themes/bartik/templates/block--system-branding-block.html.twig
  core/themes/bartik/templates/node.html.twig                  <article … class="node node--type-… clearfix">, node__content
  core/themes/bartik/templates/field--node--field-tags.html.twig  tags: h3.field__label + ul.links.field__items
  core/themes/bartik/templates/page.html.twig                  page-wrapper, header, highlighted, main-wrapper,
                                                                main#content > section > a#main-content, sidebars, site-footer
  core/themes/classy/templates/layout/html.html.twig           skip link "visually-hidden focusable skip-link"
  core/themes/classy/templates/layout/region.html.twig         region region-{name}
  core/themes/classy/templates/navigation/breadcrumb.html.twig  nav.breadcrumb + h2#system-breadcrumb.visually-hidden
  core/themes/classy/templates/navigation/menu.html.twig       ul.menu > li.menu-item(--expanded)
  core/themes/classy/templates/views/views-view.html.twig      view view-{id} view-id-… view-display-id-… js-view-dom-id-…
  core/themes/classy/templates/views/views-view-unformatted.html.twig  div.views-row
  core/modules/views/templates/views-view-fields.html.twig     views-field views-field-{field} > .field-content

Furniture kept: skip link, contextual-links placeholders (data-contextual-id, as a page cached for an editor
shows them), data-drupal-messages-fallback, branding, main menu (with its visually-hidden heading), breadcrumb,
a "Latest news" views block (whose rows carry their own <time datetime>), tags (field--label-above), custom
blocks whose body is also a field--name-body (sidebar contact block, footer copyright), footer menu and the
drupalSettings JSON. The article body is the node's field--name-body; the date is a field_news_date datetime
field, its label hidden, above ("Date") or inline ("Published") per site.
"""

import html
import json
import sys
import zlib
from datetime import UTC, datetime, timedelta

NAME = "drupal9"
PREFIX = "d9"

TAGS = [
    "Appeals",
    "Burglary",
    "Witness appeal",
    "Road safety",
    "Court results",
    "Missing people",
    "Fraud",
    "Knife crime",
    "Drugs",
    "Community",
    "Rural crime",
    "Neighbourhood policing",
]


def _london():
    import render

    return render.LONDON


def date_text(dt):
    """Drupal's 'medium' date format with a UK site's regional settings: 'D, d/m/Y - H:i'."""
    dt = dt.astimezone(_london())
    return f"{dt:%a}, {dt:%d/%m/%Y - %H:%M}"


def _iso(page):
    """DateTimeFormatterBase::buildDateWithIsoAttribute: UTC with a Z; a date alone stays a date."""
    if len(page.published) == 10:
        return page.published
    return page.published_dt().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _token(rng, n=43):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(n))


def _contextual(rng, on, ident):
    if not on:
        return ""
    return f'<div data-contextual-id="{html.escape(ident)}" data-contextual-token="{_token(rng)}"></div>'


def _field(name, ftype, label_display, items, label=None, extra=()):
    """classy field.html.twig."""
    classes = ["field", f"field--name-{name}", f"field--type-{ftype}", f"field--label-{label_display}"]
    if label_display == "inline":
        classes.append("clearfix")
    classes = list(extra) + classes
    if label_display == "hidden":
        if len(items) > 1:
            inner = "".join(f'<div class="field__item">{x}</div>' for x in items)
            return f'<div class="{" ".join(classes + ["field__items"])}">{inner}</div>'
        return "".join(f'<div class="{" ".join(classes + ["field__item"])}">{x}</div>' for x in items)
    out = f'<div class="{" ".join(classes)}">\n  <div class="field__label">{html.escape(label)}</div>\n'
    if len(items) > 1:
        out += (
            '  <div class="field__items">' + "".join(f'<div class="field__item">{x}</div>' for x in items) + "</div>\n"
        )
    else:
        out += "".join(f'  <div class="field__item">{x}</div>\n' for x in items)
    return out + "</div>"


def _block(rng, ctx, theme, machine, provider, plugin, content, label=None, extra_classes=(), region_id=None):
    """bartik block.html.twig: block block-{provider} block-{plugin_id|clean_class}, a div.content."""
    bid = f"block-{theme}-{machine}".replace("_", "-")
    classes = (
        list(extra_classes) + (["contextual-region"] if ctx else []) + ["block", f"block-{provider}", f"block-{plugin}"]
    )
    head = f"\n  <h2>{html.escape(label)}</h2>" if label else ""
    return (
        f'<div id="{bid}" class="{" ".join(classes)}">\n  '
        + _contextual(rng, ctx, f"block:block={theme}_{machine}:langcode=en")
        + head
        + f'\n  <div class="content">\n{content}\n  </div>\n</div>'
    )


def _menu_items(host, with_traps):
    import render

    out = []
    for head, links in render.MENU.items():
        links = [x for x in links if with_traps or not ("ANPR" in x or "Have your say" in x)]
        sub = "".join(
            f'<li class="menu-item"><a href="/{render.slug(head)}/{render.slug(x)}" '
            f'data-drupal-link-system-path="node/{zlib.crc32((head + x).encode()) % 9000 + 100}">{html.escape(x)}</a></li>'
            for x in links
        )
        out.append(
            f'<li class="menu-item menu-item--expanded"><a href="/{render.slug(head)}">{html.escape(head)}</a>'
            f'<ul class="menu">{sub}</ul></li>'
        )
    return "".join(out)


def _menu_block(theme, machine, label, ul_classes, items, toggles=True):
    """bartik block--system-menu-block.html.twig (label visually hidden)."""
    bid = f"block-{theme}-{machine}".replace("_", "-")
    toggle = ""
    if toggles:
        toggle = (
            f'<div class="menu-toggle-target menu-toggle-target-show" id="show-{bid}"></div>'
            f'<div class="menu-toggle-target" id="hide-{bid}"></div>'
            f'<a class="menu-toggle" href="#show-{bid}">Show &mdash; {label}</a>'
            f'<a class="menu-toggle menu-toggle--hide" href="#hide-{bid}">Hide &mdash; {label}</a>'
        )
    return (
        f'<nav role="navigation" aria-labelledby="{bid}-menu" id="{bid}" class="block block-menu navigation menu--{machine.split("_")[0]}">\n'
        f'  <h2 class="visually-hidden" id="{bid}-menu">{label}</h2>\n'
        f'  <div class="content">{toggle}<ul class="{ul_classes}">{items}</ul></div>\n</nav>'
    )


def _latest_view(page, fmt_date_field):
    """A views block (display block_1 of view news_latest), unformatted list of fields."""
    import render

    rng = page.rng
    rows = []
    for _ in range(rng.randint(3, 6)):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        iso = dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            f'<div class="views-row"><div class="views-field views-field-title"><span class="field-content">'
            f'<a href="/news/{render.slug(title)}" hreflang="en">{html.escape(title)}</a></span></div>'
            f'<div class="views-field views-field-{fmt_date_field}"><div class="field-content">'
            f'<time datetime="{iso}" class="datetime">{date_text(dt)}</time></div></div></div>'
        )
    dom = "%064x" % rng.getrandbits(256)
    label = rng.choice(["Latest news", "Latest news", "More news", "Recent news"])
    return (
        f'<div class="views-element-container block block-views block-views-blocknews-latest-block-1" '
        f'id="block-views-block-news-latest-block-1">\n  <h2>{label}</h2>\n  <div class="content">'
        f'<div><div class="view view-news-latest view-id-news_latest view-display-id-block_1 js-view-dom-id-{dom}">'
        f'<div class="view-content">{"".join(rows)}</div>'
        f'<div class="more-link"><a href="/news">More news</a></div></div></div></div>\n</div>'
    )


def _custom_block(rng, ctx, theme, machine, text_html, label=None):
    """A block_content entity: its body is a field--name-body too."""
    uuid = "%08x-%04x-4%03x-%04x-%012x" % (
        rng.getrandbits(32),
        rng.getrandbits(16),
        rng.getrandbits(12),
        rng.getrandbits(16) | 0x8000,
        rng.getrandbits(48),
    )
    body = _field("body", "text-with-summary", "hidden", [text_html], extra=("clearfix", "text-formatted"))
    return _block(rng, ctx, theme, machine, "block-content", f"block-content{uuid}", body, label=label)


def render_page(page):
    import render

    rng, sty, t = page.rng, page.sty, page.traps
    host_part = page.host.split(".")
    theme = (
        "".join(
            c for c in (host_part[1] if len(host_part) > 2 and host_part[0] == "www" else host_part[0]) if c.isalpha()
        )
        or "police"
    )
    bundle = rng.choice(["news", "news", "article", "news_article"])
    nid = rng.randint(1200, 48000)
    ctx = rng.random() < 0.5  # contextual-link placeholders (a page cached for a logged-in editor)
    path = page.url.split(page.host, 1)[-1] or "/"
    esc_title = html.escape(page.title)

    # --- the node -----------------------------------------------------------------------------
    parts = []
    shown = page.date_shown(sys.modules[__name__])
    date_field = rng.choice(["field-news-date", "field-news-date", "field-date", "field-published-date"])
    if shown:
        inner = html.escape(shown)
        item = f'<time datetime="{_iso(page)}" class="datetime">{inner}</time>' if page.published else inner
        label_display = rng.choice(["hidden", "hidden", "above", "inline"])
        label = {"above": "Date", "inline": "Published"}.get(label_display)
        parts.append(_field(date_field, "datetime", label_display, [item], label=label))
    if page.modified:
        parts.append(_field("field-last-updated", "string", "hidden", [html.escape(page.modified)]))
    parts.append(_field("body", "text-with-summary", "hidden", [page.content], extra=("clearfix", "text-formatted")))
    if rng.random() < 0.6:
        tags = rng.sample(TAGS, rng.randint(1, 3))
        lis = "".join(f'<li><a href="/taxonomy/term/{rng.randint(2, 400)}" hreflang="en">{x}</a></li>' for x in tags)
        parts.append(
            f'<div class="field field--name-field-tags field--type-entity-reference field--label-above clearfix">'
            f'<h3 class="field__label">Tags</h3><ul class="links field__items">{lis}</ul></div>'
        )
    share = page.share_bar()
    if share:
        parts.append(share)
    changed = 1613000000 + rng.randint(0, 9_000_000)
    node = (
        f'<article data-history-node-id="{nid}" role="article" about="{html.escape(path)}" '
        f'class="{"contextual-region " if ctx else ""}node node--type-{bundle.replace("_", "-")} node--view-mode-full clearfix">\n'
        f"  <header>{_contextual(rng, ctx, f'node:node={nid}:changed={changed}&langcode=en')}</header>\n"
        f'  <div class="node__content clearfix">\n' + "\n".join(parts) + "\n  </div>\n</article>"
    )

    title_block = _block(
        rng,
        ctx,
        theme,
        "page_title",
        "core",
        "page-title-block",
        f'<h1 class="title page-title"><span class="field field--name-title field--type-string '
        f'field--label-hidden">{esc_title}</span></h1>',
    )
    main_block = _block(rng, False, theme, "content", "system", "system-main-block", node)

    # --- regions ------------------------------------------------------------------------------
    latest = _latest_view(page, date_field) if t["related"] else ""
    highlighted = latest if latest and t["related_first"] else ""
    content_after = sidebar_latest = ""
    if latest and not t["related_first"]:
        if rng.random() < 0.5:
            content_after = latest
        else:
            sidebar_latest = latest
    contact = _custom_block(
        rng,
        ctx,
        theme,
        "contactus",
        '<p>In an emergency always call 999. For non-emergencies call 101 or <a href="/report">report online</a>.</p>',
        label=rng.choice(["Contact us", "Get in touch"]),
    )
    sidebar = sidebar_latest
    if sidebar_latest or rng.random() < 0.7:
        sidebar += "\n" + contact

    branding = (
        f'<div id="block-{theme}-branding" class="clearfix site-branding block block-system block-system-branding-block">\n'
        f'  <a href="/" rel="home" class="site-branding__logo"><img src="/themes/custom/{theme}/logo.svg" alt="Home" /></a>\n'
        f'  <div class="site-branding__text"><div class="site-branding__name"><a href="/" rel="home">{html.escape(page.force)}</a></div></div>\n</div>'
    )
    main_menu = _menu_block(
        theme, "main_menu", "Main navigation", "clearfix menu", _menu_items(page.host, t["menu_traps"])
    )
    secondary = _menu_block(
        theme,
        "account_menu",
        "User account menu",
        "clearfix menu",
        '<li class="menu-item"><a href="/user/login" data-drupal-link-system-path="user/login">Log in</a></li>',
        toggles=False,
    )
    breadcrumb = _block(
        rng,
        False,
        theme,
        "breadcrumbs",
        "system",
        "system-breadcrumb-block",
        '<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
        '<h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2>'
        '<ol><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ol></nav>',
    )

    out = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  '
        "foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  "
        "schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  "
        'skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">',
        "<head>",
        page.head,
        '<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />',
        '<meta name="MobileOptimized" content="width" />',
        '<meta name="HandheldFriendly" content="true" />',
        f'<link rel="shortlink" href="https://{page.host}/node/{nid}" />',
        f'<link rel="icon" href="/themes/custom/{theme}/favicon.ico" type="image/vnd.microsoft.icon" />',
        f'<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{_token(rng, 43)}.css" />',
        "</head>",
        f'<body class="layout-{"one-sidebar layout-sidebar-second" if sidebar.strip() else "no-sidebars"} path-node page-node-type-{bundle.replace("_", "-")}">',
        '<a href="#main-content" class="visually-hidden focusable skip-link">\n  Skip to main content\n</a>',
    ]
    out += page.chrome_top()
    out.append('<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>')
    out.append(
        f'<div id="page-wrapper"><div id="page">\n<header id="header" class="{sty("header", "site-header")}" role="banner">'
        f'<div class="section layout-container clearfix">\n'
        f'<div class="region region-secondary-menu">{secondary}</div>\n'
        f'<div class="clearfix region region-header">{branding}</div>\n'
        f'<div class="region region-primary-menu">{main_menu}</div>\n</div></header>'
    )
    out.append('<div data-drupal-messages-fallback class="hidden"></div>')
    if highlighted:
        out.append(
            f'<div class="highlighted"><aside class="layout-container section clearfix" role="complementary">'
            f'<div class="region region-highlighted">{highlighted}</div></aside></div>'
        )
    out.append(
        f'<div id="main-wrapper" class="layout-main-wrapper layout-container clearfix">\n'
        f'<div id="main" class="layout-main clearfix">\n'
        f'<div class="region region-breadcrumb">{breadcrumb}</div>\n'
        f'<main id="content" class="column main-content" role="main">\n<section class="section">\n'
        f'<a id="main-content" tabindex="-1"></a>\n'
        f'<div class="region region-content">\n{title_block}\n{main_block}\n{content_after}\n</div>\n'
        f"</section>\n</main>"
    )
    if sidebar.strip():
        out.append(
            f'<div id="sidebar-second" class="column sidebar"><aside class="section" role="complementary">'
            f'<div class="region region-sidebar-second">{sidebar}</div></aside></div>'
        )
    out.append("</div>\n</div>")
    footer_links = "".join(f'<li class="menu-item"><a href="/{render.slug(x)}">{x}</a></li>' for x in render.FOOTER)
    footer_menu = _menu_block(theme, "footer", "Footer", "menu", footer_links, toggles=False)
    copyright_ = _custom_block(
        rng,
        False,
        theme,
        "copyright",
        f"<p>&copy; {html.escape(page.force)} 2021. In an emergency always call 999. For non-emergencies call 101.</p>",
    )
    out.append(
        f'<footer class="site-footer"><div class="layout-container">'
        f'<div class="site-footer__bottom"><div class="region region-footer-fifth">{footer_menu}\n{copyright_}</div></div>'
        f"</div></footer>\n</div></div>\n</div>"
    )
    settings = {
        "path": {
            "baseUrl": "/",
            "scriptPath": None,
            "pathPrefix": "",
            "currentPath": f"node/{nid}",
            "currentPathIsAdmin": False,
            "isFront": False,
            "currentLanguage": "en",
        },
        "pluralDelimiter": "\u0003",
        "suppressDeprecationErrors": True,
        "ajaxPageState": {
            "libraries": f"{theme}/global-styling,classy/base,classy/messages,classy/node,"
            "core/normalize,system/base,views/views.module",
            "theme": theme,
            "theme_token": None,
        },
        "ajaxTrustedUrl": [],
        "user": {"uid": 0, "permissionsHash": "%064x" % rng.getrandbits(256)},
    }
    out.append(
        '<script type="application/json" data-drupal-selector="drupal-settings-json">'
        + json.dumps(settings, separators=(",", ":")).replace("/", "\\/")
        + "</script>"
    )
    out.append(f'<script src="/sites/default/files/js/js_{_token(rng, 43)}.js"></script>')
    out.append("</body>\n</html>\n")
    return "\n".join(out)
