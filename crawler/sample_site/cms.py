"""Sample-site markup taken from real CMS templates: Drupal 9 (Bartik on Classy), Joomla 4 (Cassiopeia)
and GOV.UK (the publishing components), one family each, as families.py's are used by the server.

They are transcribed, class names and furniture kept, from the same sources the benchmark renderer's
families were built from (benchmarks/cms_templates/drupal9.py, joomla4.py, govuk.py name the commits);
the package cannot import benchmarks/, so the structure is written out here, deterministically (no random
choices: a page's bytes depend only on the notice, the state and the faults switch). Each family's
listing is that CMS's own listing page:

  drupal9  a views page display (views-view.html.twig, views-view-unformatted: div.views-row) of fields
           (views-view-fields.html.twig: title as an h2 field, date, summary, "Read more"; row_style="teaser"
           renders the nodes' teasers instead) with the full pager
           of classy navigation/pager.html.twig: query-only hrefs, zero-based (?page=1 is the second page),
           rel="next"/"prev", a visually-hidden "Next page" beside "Next ›". Drupal 9 core writes no
           <link rel="next">. Categories are taxonomy term pages (views taxonomy_term). A translated node
           (Welsh under /cy/) has a language switcher block and hreflang alternates.
  joomla4  com_content's category blog (components/com_content/tmpl/category/blog.php, blog_item.php,
           blog_links.php: "More Articles …" links to the items of the next pages) with Joomla 4's
           pagination (layouts/joomla/pagination/links.php, link.php @18f5b61): ?start=N offsets, the
           next link an icon with aria-label="Go to next page" and no rel, no <link rel="next"> in the head;
           page counter "Page 1 of 2". Categories are subcategory blogs under the listing.
  govuk    a finder after alphagov/finder-frontend's app/views/finders/show.html.erb (title component,
           facets column, result count, js-results) with the components' document_list (metadata, <time
           datetime>) and previous_and_next_navigation (rel="next", "Next page" + "2 of 4"), both read at
           govuk_publishing_components v24.6.0; ?page=N, 1-based.
           Categories are the finder filtered by a topic facet (?topic=…).

Articles: Drupal's node with a hidden-label datetime field (<time datetime> in UTC with a Z, "Tue,
16/02/2021 - 14:02"), body field, tags, a "Latest news" views block in the second sidebar (its rows carry
<time datetime>; latest_region="content" puts it in the content region after the node), custom blocks
whose body is also a field--name-body (sidebar contact, footer copyright), the EU Cookie Compliance banner
(its HTML in drupalSettings, where the module puts it for its script), account menu (robots.txt keeps
crawlers off /user/, as Drupal's does). Joomla's item-page with the info block
(author, category, <time itemprop=datePublished> "Published: 29 March 2021", dateModified once edited),
itemprop=articleBody, prev/next article navigation naming the neighbours, a "Latest News" module card
(mod_articles_latest: the newest articles, the one shown among them) and a contact module. GOV.UK's news
story: title with "News story" context, lead paragraph (the summary), metadata (From, Published; no time),
govspeak body, share links, published dates, the related-navigation sidebar ("Related content" with other
notices, "Explore the topic"), the feedback component ("Is this page useful?", its survey sign-up form)
and GOV.UK's cookie banner; the publish instant is in the head only (govuk:first-published-at and the
NewsArticle JSON-LD, whose articleBody repeats the body).
"""

import json
import zlib
from datetime import UTC
from html import escape

from crawler.sample_site import families as f

WELSH_DAYS = ("Llun", "Maw", "Mer", "Iau", "Gwe", "Sad", "Sul")  # Drupal's cy translation of Mon..Sun


def _crc(*parts):
    return zlib.crc32("|".join(parts).encode())


def _hex(n, *parts):
    """A deterministic hex string of n characters (aggregated asset names, tokens)."""
    out, i = "", 0
    while len(out) < n:
        out += "%08x" % _crc(str(i), *parts)
        i += 1
    return out[:n]


def _utc_z(when):
    dt, has_time = f.parse_when(when)
    if not has_time:
        return dt.date().isoformat()
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local_iso(when):
    dt, has_time = f.parse_when(when)
    return dt.isoformat() if has_time else dt.date().isoformat()


def _welsh(n):
    return n.lang == "cy"


# --- Drupal 9: Bartik on Classy ---------------------------------------------------------------------


def d9_date(when, lang="en"):
    """The 'medium' date format with UK regional settings: 'D, d/m/Y - H:i' (day name translated)."""
    dt, has_time = f.parse_when(when)
    day = WELSH_DAYS[dt.weekday()] if lang == "cy" else f"{dt:%a}"
    return f"{day}, {dt:%d/%m/%Y}" + (f" - {dt:%H:%M}" if has_time else "")


def _d9_theme(force):
    parts = force.host.split(".")
    name = parts[1] if len(parts) > 2 and parts[0] == "www" else parts[0]
    return "".join(c for c in name if c.isalpha()) or "police"


def _d9_nid(force, path):
    return _crc(force.slug, path) % 9000 + 1000


def _d9_field(name, ftype, items, label=None, extra=()):
    """classy field.html.twig: a hidden label puts field__item on the wrapper of a single item."""
    classes = list(extra) + [
        "field",
        f"field--name-{name}",
        f"field--type-{ftype}",
        f"field--label-{'above' if label else 'hidden'}",
    ]
    if label is None:
        return "".join(f'<div class="{" ".join(classes + ["field__item"])}">{x}</div>' for x in items)
    inner = "".join(f'<div class="field__item">{x}</div>' for x in items)
    return (
        f'<div class="{" ".join(classes)}">\n  <div class="field__label">{escape(label)}</div>\n'
        f'  <div class="field__items">{inner}</div>\n</div>'
    )


def _d9_block(theme, machine, provider, plugin, content, label=None, extra=()):
    """bartik block.html.twig."""
    bid = f"block-{theme}-{machine}".replace("_", "-")
    head = f"\n  <h2>{escape(label)}</h2>" if label else ""
    classes = " ".join(list(extra) + ["block", f"block-{provider}", f"block-{plugin}"])
    return f'<div id="{bid}" class="{classes}">{head}\n  <div class="content">\n{content}\n  </div>\n</div>'


def _d9_custom_block(theme, machine, text_html, label=None):
    """A block_content entity: its body is a field--name-body too."""
    uuid = _hex(32, theme, machine)
    uuid = f"{uuid[:8]}-{uuid[8:12]}-4{uuid[13:16]}-a{uuid[17:20]}-{uuid[20:32]}"
    body = _d9_field("body", "text-with-summary", [text_html], extra=("clearfix", "text-formatted"))
    return _d9_block(theme, machine, "block-content", f"block-content{uuid}", body, label=label)


def _d9_menu(theme, machine, label, items, toggles=True):
    """bartik block--system-menu-block.html.twig: the label visually hidden."""
    bid = f"block-{theme}-{machine}".replace("_", "-")
    toggle = ""
    if toggles:
        toggle = (
            f'<div class="menu-toggle-target menu-toggle-target-show" id="show-{bid}"></div>'
            f'<div class="menu-toggle-target" id="hide-{bid}"></div>'
            f'<a class="menu-toggle" href="#show-{bid}">Show &mdash; {label}</a>'
            f'<a class="menu-toggle menu-toggle--hide" href="#hide-{bid}">Hide &mdash; {label}</a>'
        )
    lis = "".join(f'<li class="menu-item"><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in items)
    return (
        f'<nav role="navigation" aria-labelledby="{bid}-menu" id="{bid}" class="block block-menu navigation '
        f'menu--{machine.split("_")[0]}">\n  <h2 class="visually-hidden" id="{bid}-menu">{label}</h2>\n'
        f'  <div class="content">{toggle}<ul class="clearfix menu">{lis}</ul></div>\n</nav>'
    )


def _d9_switcher(force, ctx, lang, en_href, cy_href):
    """language-switcher-language-url block (core language module)."""
    if not force.welsh_listing:
        return ""
    items = []
    for code, name, href in (("en", "English", en_href), ("cy", "Cymraeg", cy_href)):
        active = " is-active" if code == lang else ""
        items.append(
            f'<li hreflang="{code}" class="{code}{active}"><a href="{escape(href)}" class="language-link{active}" '
            f'hreflang="{code}">{name}</a></li>'
        )
    return (
        f'<div class="language-switcher-language-url block block-language block-language-blocklanguage-interface" '
        f'id="block-{_d9_theme(force)}-languageswitcher" role="navigation">\n  <h2 class="visually-hidden">'
        f'{"Newid iaith" if lang == "cy" else "Language switcher"}</h2>\n  <div class="content"><ul class="links">'
        + "".join(items)
        + "</ul></div>\n</div>"
    )


def d9_page(
    force,
    ctx,
    *,
    title,
    main,
    canonical,
    lang="en",
    head="",
    sidebar="",
    path_class="path-node",
    node_type=None,
    switcher="",
    description="",
    og_type="website",
    charset="utf-8",
):
    p = ctx.prefix(force)
    theme = _d9_theme(force)
    welsh = lang == "cy"
    site_name = force.welsh_name if welsh and force.welsh_name else force.name
    listing = force.welsh_listing if welsh else force.listing
    menu = [
        ("Newyddion" if welsh else "News", p + listing),
        (force.campaign_title, p + force.campaign),
        ("Cysylltu â ni" if welsh else "Contact us", p + force.contact),
    ]
    main_menu = _d9_menu(theme, "main_menu", "Prif lywio" if welsh else "Main navigation", menu)
    account = _d9_menu(theme, "account_menu", "User account menu", [("Log in", p + "/user/login")], toggles=False)
    branding = (
        f'<div id="block-{theme}-branding" class="clearfix site-branding block block-system block-system-branding-block">\n'
        f'  <a href="{p}/" rel="home" class="site-branding__logo"><img src="{p}/themes/custom/{theme}/logo.svg" alt="Home" /></a>\n'
        f'  <div class="site-branding__text"><div class="site-branding__name"><a href="{p}/" rel="home">'
        f"{escape(site_name)}</a></div></div>\n</div>"
    )
    breadcrumb = _d9_block(
        theme,
        "breadcrumbs",
        "system",
        "system-breadcrumb-block",
        '<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
        '<h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2>'
        f'<ol><li><a href="{p}/">{"Hafan" if welsh else "Home"}</a></li>'
        f'<li><a href="{escape(p + listing)}">{"Newyddion" if welsh else "News"}</a></li></ol></nav>',
    )
    footer_menu = _d9_menu(
        theme,
        "footer",
        "Footer",
        [
            ("Accessibility", p + "/accessibility/"),
            ("Cookies", p + "/cookies/"),
            ("Partners", ctx.offsite + "/partners/"),
        ],
        toggles=False,
    )
    copyright_ = _d9_custom_block(
        theme,
        "copyright",
        f"<p>&copy; {escape(force.name)} 2021. In an emergency always call 999. For non-emergencies call 101.</p>",
    )
    # EU Cookie Compliance: the banner's HTML travels in drupalSettings, its script puts it on the page
    cookie = (
        '<div role="alertdialog" aria-labelledby="popup-text" class="eu-cookie-compliance-banner '
        'eu-cookie-compliance-banner-info eu-cookie-compliance-banner--opt-in">\n'
        '  <div class="popup-content info eu-cookie-compliance-content">\n'
        '    <div id="popup-text" class="eu-cookie-compliance-message">\n'
        "      <h2>We use cookies on this site to enhance your user experience</h2>\n"
        "      <p>By clicking the Accept button, you agree to us doing so.</p>\n"
        '      <button type="button" class="find-more-button eu-cookie-compliance-more-button">More info</button>\n'
        '    </div>\n    <div id="popup-buttons" class="eu-cookie-compliance-buttons">\n'
        '      <button type="button" class="agree-button eu-cookie-compliance-secondary-button">Accept</button>\n'
        '      <button type="button" class="decline-button eu-cookie-compliance-default-button">No, thanks</button>\n'
        "    </div>\n  </div>\n</div>"
    )
    nid_path = canonical.split(force.host, 1)[-1]
    settings = {
        "path": {
            "baseUrl": "/",
            "scriptPath": None,
            "pathPrefix": "cy/" if welsh else "",
            "currentPath": f"node/{_d9_nid(force, nid_path)}" if node_type else "news",
            "currentPathIsAdmin": False,
            "isFront": False,
            "currentLanguage": lang,
        },
        "pluralDelimiter": "\u0003",
        "suppressDeprecationErrors": True,
        "ajaxPageState": {
            "libraries": f"{theme}/global-styling,classy/base,classy/messages,classy/node,"
            "core/normalize,eu_cookie_compliance/eu_cookie_compliance_default,"
            "system/base,views/views.module",
            "theme": theme,
            "theme_token": None,
        },
        "eu_cookie_compliance": {
            "cookie_policy_version": "1.0.0",
            "popup_enabled": True,
            "method": "opt_in",
            "popup_html_info": cookie,
        },
        "ajaxTrustedUrl": [],
        "user": {"uid": 0, "permissionsHash": _hex(64, force.slug, "perm")},
    }
    layout = "one-sidebar layout-sidebar-second" if sidebar else "no-sidebars"
    body_class = f"layout-{layout} {path_class}" + (f" page-node-type-{node_type}" if node_type else "")
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">
<head>
<meta charset="{charset}" />
<meta name="description" content="{escape(description)}" />
<link rel="canonical" href="{escape(canonical)}" />
<meta property="og:site_name" content="{escape(site_name)}" />
<meta property="og:type" content="{og_type}" />
<meta property="og:url" content="{escape(canonical)}" />
<meta property="og:title" content="{escape(title)}" />
<meta property="og:description" content="{escape(description)}" />
{head}
<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="icon" href="{p}/themes/custom/{theme}/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{escape(title)} | {escape(site_name)}</title>
<link rel="stylesheet" media="all" href="{p}/sites/default/files/css/css_{_hex(43, force.slug, "css")}.css" />
</head>
<body class="{body_class}">
<a href="#main-content" class="visually-hidden focusable skip-link">
  {"Neidio i'r prif gynnwys" if welsh else "Skip to main content"}
</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div id="page-wrapper"><div id="page">
<header id="header" class="header" role="banner"><div class="section layout-container clearfix">
<div class="region region-secondary-menu">{account}</div>
<div class="clearfix region region-header">{branding}
{switcher}</div>
<div class="region region-primary-menu">{main_menu}</div>
</div></header>
<div data-drupal-messages-fallback class="hidden"></div>
<div id="main-wrapper" class="layout-main-wrapper layout-container clearfix">
<div id="main" class="layout-main clearfix">
<div class="region region-breadcrumb">{breadcrumb}</div>
<main id="content" class="column main-content" role="main">
<section class="section">
<a id="main-content" tabindex="-1"></a>
<div class="region region-content">
{main}
</div>
</section>
</main>
{f'<div id="sidebar-second" class="column sidebar"><aside class="section" role="complementary"><div class="region region-sidebar-second">{sidebar}</div></aside></div>' if sidebar else ""}
</div>
</div>
<footer class="site-footer"><div class="layout-container">
<div class="site-footer__bottom"><div class="region region-footer-fifth">{footer_menu}
{copyright_}</div></div>
</div></footer>
</div></div>
</div>
<script type="application/json" data-drupal-selector="drupal-settings-json">{json.dumps(settings, separators=(",", ":")).replace("/", chr(92) + "/")}</script>
<script src="{p}/sites/default/files/js/js_{_hex(43, force.slug, "js")}.js"></script>
</body>
</html>
"""


def _d9_title_block(theme, title):
    return _d9_block(
        theme,
        "page_title",
        "core",
        "page-title-block",
        f'<h1 class="title page-title"><span class="field field--name-title field--type-string '
        f'field--label-hidden">{escape(title)}</span></h1>',
    )


def _d9_contact(theme, welsh=False):
    return _d9_custom_block(
        theme,
        "contactus",
        "<p>Mewn argyfwng ffoniwch 999 bob amser. Ffoniwch 101 os nad yw'n argyfwng.</p>"
        if welsh
        else "<p>In an emergency always call 999. For non-emergencies call 101 or report online.</p>",
        label="Cysylltu â ni" if welsh else "Contact us",
    )


def d9_article(force, ctx, n, body, canonical, related, dated=True, charset="utf-8", latest_region="sidebar"):
    """A news node. Its "Latest news" views block goes in the second sidebar (latest_region="content": in the
    content region after the node, where a site may also place it)."""
    p = ctx.prefix(force)
    theme = _d9_theme(force)
    welsh = _welsh(n)
    lang = n.lang
    nid = _d9_nid(force, n.path)
    parts = []
    if dated:
        parts.append(
            _d9_field(
                "field-news-date",
                "datetime",
                [f'<time datetime="{_utc_z(n.when)}" class="datetime">{d9_date(n.when, lang)}</time>'],
            )
        )
    parts.append(_d9_field("body", "text-with-summary", [f.paragraphs(body)], extra=("clearfix", "text-formatted")))
    label = dict(force.categories).get(n.category)
    if label:
        parts.append(
            '<div class="field field--name-field-tags field--type-entity-reference field--label-above clearfix">'
            f'<h3 class="field__label">{"Tagiau" if welsh else "Tags"}</h3><ul class="links field__items"><li>'
            f'<a href="{escape(p + category_path(force, n.category))}" hreflang="{lang}">{escape(label)}</a>'
            "</li></ul></div>"
        )
    node = (
        f'<article data-history-node-id="{nid}" role="article" about="{escape(n.path)}" '
        f'class="node node--type-news node--view-mode-full clearfix">\n  <header></header>\n'
        f'  <div class="node__content clearfix">\n' + "\n".join(parts) + "\n  </div>\n</article>"
    )
    main = _d9_title_block(theme, n.title) + "\n" + _d9_block(theme, "content", "system", "system-main-block", node)
    latest = ""
    if related:
        rows = "".join(
            f'<div class="views-row"><div class="views-field views-field-title"><span class="field-content">'
            f'<a href="{escape(href)}" hreflang="{lang}">{escape(r.title)}</a></span></div>'
            f'<div class="views-field views-field-field-news-date"><div class="field-content">'
            f'<time datetime="{_utc_z(r.when)}" class="datetime">{d9_date(r.when, lang)}</time></div></div></div>'
            for r, href in related
        )
        listing = force.welsh_listing if welsh else force.listing
        latest = (
            '<div class="views-element-container block block-views block-views-blocknews-latest-block-1" '
            f'id="block-views-block-news-latest-block-1">\n  <h2>{"Newyddion diweddaraf" if welsh else "Latest news"}</h2>\n'
            f'  <div class="content"><div><div class="view view-news-latest view-id-news_latest view-display-id-block_1 '
            f'js-view-dom-id-{_hex(64, n.path)}"><div class="view-content">{rows}</div>'
            f'<div class="more-link"><a href="{escape(p + listing)}">{"Rhagor o newyddion" if welsh else "More news"}</a>'
            "</div></div></div></div>\n</div>"
        )
    sidebar = _d9_contact(theme, welsh)
    if latest and latest_region == "content":
        main += "\n" + latest
    elif latest:
        sidebar = latest + "\n" + sidebar
    other = _translation(n)
    en_href = p + (other.path if welsh and other else n.path if not welsh else force.listing)
    cy_href = p + (n.path if welsh else other.path if other else force.welsh_listing or "")
    head = f'<link rel="shortlink" href="https://{force.host}/node/{nid}" />'
    if other:
        for code, href in (("en", en_href), ("cy", cy_href)):
            head += f'\n<link rel="alternate" hreflang="{code}" href="https://{force.host}{escape(href[len(p) :])}" />'
    return d9_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        lang=lang,
        head=head,
        sidebar=sidebar,
        node_type="news",
        switcher=_d9_switcher(force, ctx, lang, en_href, cy_href),
        description=n.summary,
        og_type="article",
        charset=charset,
    )


def _d9_pager(page, pages, lang="en"):
    """classy navigation/pager.html.twig: query-only hrefs, zero-based page numbers."""
    if pages <= 1:
        return ""
    cy = lang == "cy"
    t = {
        "first": ("Go to first page", "First page", "« First"),
        "previous": ("Go to previous page", "Previous page", "‹ Previous"),
        "next": ("Go to next page", "Next page", "Next ›"),
        "last": ("Go to last page", "Last page", "Last »"),
        "heading": "Pagination",
        "current": "Current page",
        "page": "Page",
    }
    if cy:
        t = {
            "first": ("Mynd i'r dudalen gyntaf", "Tudalen gyntaf", "« Cyntaf"),
            "previous": ("Mynd i'r dudalen flaenorol", "Tudalen flaenorol", "‹ Blaenorol"),
            "next": ("Mynd i'r dudalen nesaf", "Tudalen nesaf", "Nesaf ›"),
            "last": ("Mynd i'r dudalen olaf", "Tudalen olaf", "Olaf »"),
            "heading": "Tudalennu",
            "current": "Tudalen gyfredol",
            "page": "Tudalen",
        }

    def item(kind, k, rel=""):
        title, hidden, text = t[kind]
        rel_attr = f' rel="{rel}"' if rel else ""
        return (
            f'<li class="pager__item pager__item--{kind}">\n  <a href="?page={k - 1}" title="{title}"{rel_attr}>\n'
            f'    <span class="visually-hidden">{hidden}</span>\n    <span aria-hidden="true">{text}</span>\n  </a>\n</li>'
        )

    out = []
    if page > 1:
        out += [item("first", 1), item("previous", page - 1, "prev")]
    for k in range(1, pages + 1):
        here = k == page
        title = t["current"] if here else (f"Mynd i dudalen {k}" if cy else f"Go to page {k}")
        out.append(
            f'<li class="pager__item{" is-active" if here else ""}">\n  <a href="?page={k - 1}" title="{title}">\n'
            f'    <span class="visually-hidden">\n      {t["current"] if here else t["page"]}\n    </span>{k}</a>\n</li>'
        )
    if page < pages:
        out += [item("next", page + 1, "next"), item("last", pages)]
    return (
        f'<nav class="pager" role="navigation" aria-labelledby="pagination-heading">\n'
        f'  <h4 id="pagination-heading" class="visually-hidden">{t["heading"]}</h4>\n'
        '  <ul class="pager__items js-pager__items">\n' + "\n".join(out) + "\n  </ul>\n</nav>"
    )


def d9_listing(
    force,
    ctx,
    *,
    heading,
    items,
    page,
    pages,
    href,
    canonical,
    lang="en",
    extra="",
    category=None,
    row_style="fields",
    **_,
):
    """A views page display. row_style "fields" (views-view-fields.html.twig: the title as an h2 field, the
    date, the summary, a "Read more" view-node link), or "teaser" (rendered nodes: bartik node.html.twig in
    the teaser view mode, h2.node__title, links.inline with a visually-hidden "about <title>")."""
    theme = _d9_theme(force)
    welsh = lang == "cy"
    more = "Darllen mwy" if welsh else "Read more"
    rows = []
    for title, h, when, summary in items:
        date = f'<time datetime="{_utc_z(when)}" class="datetime">{d9_date(when, lang)}</time>'
        if row_style == "teaser":
            rows.append(
                f'<div class="views-row"><article role="article" about="{escape(h)}" class="node node--type-news node--promoted '
                f'node--view-mode-teaser clearfix">\n  <header>\n      <h2 class="node__title">\n        <a href="{escape(h)}" rel="bookmark">'
                f'<span class="field field--name-title field--type-string field--label-hidden">{escape(title)}</span></a>\n      </h2>\n'
                f'  </header>\n  <div class="node__content clearfix">\n'
                + _d9_field("field-news-date", "datetime", [date])
                + _d9_field(
                    "body", "text-with-summary", [f"<p>{escape(summary)}</p>"], extra=("clearfix", "text-formatted")
                )
                + f'\n  <ul class="links inline"><li class="node-readmore"><a href="{escape(h)}" rel="tag" title="{escape(title)}" '
                f'hreflang="{lang}">{more}<span class="visually-hidden"> '
                f"{'am' if welsh else 'about'} {escape(title)}</span></a></li></ul>\n  </div>\n</article></div>"
            )
        else:
            rows.append(
                f'<div class="views-row"><div class="views-field views-field-title"><h2 class="field-content"><a href="{escape(h)}" '
                f'hreflang="{lang}">{escape(title)}</a></h2></div><div class="views-field views-field-field-news-date">'
                f'<div class="field-content">{date}</div></div><div class="views-field views-field-body"><div class="field-content">'
                f'<p>{escape(summary)}</p></div></div><div class="views-field views-field-view-node"><span class="field-content">'
                f'<a href="{escape(h)}" hreflang="{lang}">{more}</a></span></div></div>'
            )
    view_id, display = ("taxonomy_term", "page_1") if category else ("news", "page_1")
    view = (
        f'<div class="views-element-container"><div class="view view-{view_id.replace("_", "-")} view-id-{view_id} '
        f'view-display-id-{display} js-view-dom-id-{_hex(64, canonical)}">\n'
        + (
            f'<div class="view-header"><div class="field field--name-description field--type-text-long field--label-hidden '
            f'field__item"><p>News filed under {escape(heading)}.</p></div></div>\n'
            if category
            else ""
        )
        + '<div class="view-content">\n'
        + "\n".join(rows)
        + "\n</div>\n"
        + _d9_pager(page, pages, lang)
        + "\n</div></div>"
    )
    p = ctx.prefix(force)
    cats = "".join(
        f'<li><a href="{escape(p + category_path(force, c))}" hreflang="en">{escape(label)}</a></li>'
        for c, label in force.categories
    )
    main = (
        _d9_title_block(theme, heading)
        + "\n"
        + _d9_block(theme, "content", "system", "system-main-block", view)
        + (f"\n{extra}" if extra else "")
    )
    sidebar = _d9_block(
        theme,
        "newscategories",
        "views",
        "views-block-news-categories-block-1",
        f'<div class="item-list"><ul>{cats}</ul></div>',
        label="Categorïau" if welsh else "News categories",
    )
    sidebar += "\n" + _d9_contact(theme, welsh)
    en_href, cy_href = p + force.listing, p + (force.welsh_listing or "")
    return d9_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        lang=lang,
        sidebar=sidebar,
        path_class="path-taxonomy" if category else "path-news",
        switcher=_d9_switcher(force, ctx, lang, en_href, cy_href) if category is None else "",
        description=f"Latest news from {force.name}",
    )


def d9_plain(force, ctx, *, title, body, canonical):
    theme = _d9_theme(force)
    node = (
        '<article role="article" class="node node--type-page node--view-mode-full clearfix">\n  <header></header>\n'
        '  <div class="node__content clearfix">\n'
        + _d9_field("body", "text-with-summary", [f.paragraphs(body)], extra=("clearfix", "text-formatted"))
        + "\n  </div>\n</article>"
    )
    main = _d9_title_block(theme, title) + "\n" + _d9_block(theme, "content", "system", "system-main-block", node)
    return d9_page(
        force,
        ctx,
        title=title,
        main=main,
        canonical=canonical,
        sidebar=_d9_contact(theme),
        node_type="page",
        description=body[0] if body else title,
    )


# --- Joomla 4: Cassiopeia ---------------------------------------------------------------------------


def j4_date(when):
    """en-GB DATE_FORMAT_LC3 'd F Y'."""
    dt, _ = f.parse_when(when)
    return f"{dt:%d} {f.MONTHS[dt.month - 1]} {dt.year}"


def _j4_card(position, mid, title, content):
    """cassiopeia html/layouts/chromes/card.php with the title shown."""
    return (
        f'<div class="{position} card " aria-labelledby="mod-{mid}">\n'
        f'  <h3 class="card-header " id="mod-{mid}">{escape(title)}</h3>\n'
        f'  <div class="card-body">\n{content}\n  </div>\n</div>'
    )


def _j4_latest(latest):
    """mod_articles_latest tmpl/default.php (no dates)."""
    items = "\n".join(
        f'\t<li itemscope itemtype="https://schema.org/Article">\n\t\t<a href="{escape(h)}" itemprop="url">\n'
        f'\t\t\t<span itemprop="name">\n\t\t\t\t{escape(r.title)}\n\t\t\t</span>\n\t\t</a>\n\t</li>'
        for r, h in latest
    )
    return _j4_card(
        "sidebar-right", 91, "Latest News", '<ul class="mod-articleslatest latestnews mod-list">\n' + items + "\n</ul>"
    )


def _j4_contact():
    return _j4_card(
        "sidebar-right",
        94,
        "Contact us",
        '<div id="mod-custom94" class="mod-custom custom">\n\t<p>In an emergency always call 999. '
        "For non-emergencies call 101 or report online.</p></div>",
    )


def _j4_info(parts):
    if not parts:
        return ""
    return (
        '<dl class="article-info text-muted">\n\n\t\t<dt class="article-info-term">\n\t\t\t\t\t\t\t\t\tDetails'
        "\t\t\t\t\t\t\t</dt>\n" + "\n".join(parts) + "\n</dl>"
    )


def _j4_category_dd(force, ctx, cat):
    label = dict(force.categories).get(cat, "News")
    href = ctx.prefix(force) + (category_path(force, cat) if cat in dict(force.categories) else force.listing)
    return (
        '<dd class="category-name">\n\t<span class="icon-folder-open icon-fw" aria-hidden="true"></span>\t\t\t\t'
        f'Category: <a href="{escape(href)}" itemprop="genre">{escape(label)}</a>\t</dd>'
    )


def _j4_published_dd(when):
    return (
        '<dd class="published">\n\t<span class="icon-calendar icon-fw" aria-hidden="true"></span>\n'
        f'\t<time datetime="{_local_iso(when)}" itemprop="datePublished">\n\t\tPublished: {j4_date(when)}\t</time>\n</dd>'
    )


def j4_page(
    force,
    ctx,
    *,
    title,
    main,
    canonical,
    head="",
    sidebar="",
    view="article",
    itemid=102,
    description="",
    charset="utf-8",
):
    p = ctx.prefix(force)
    menu = [
        (101, "Home", p + "/", False),
        (102, "News", p + force.listing, True),
        (103, force.campaign_title, p + force.campaign, False),
        (104, "Contact us", p + force.contact, False),
    ]
    lis = "\n".join(
        f'<li class="metismenu-item item-{i} level-1{" default" if i == 101 else ""}{" active" if act else ""}">'
        f'<a href="{escape(h)}">{escape(t)}</a></li>'
        for i, t, h, act in menu
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
            "rootFull": f"https://{force.host}/",
            "base": "",
            "baseFull": f"https://{force.host}/",
        },
        "csrf.token": _hex(32, force.slug, "csrf"),
    }
    body_classes = f"site com_content wrapper-static view-{view} no-layout no-task itemid-{itemid}" + (
        " has-sidebar-right" if sidebar else ""
    )
    foot = "".join(
        f'<li class="nav-item item-{200 + i}"><a href="{escape(h)}">{t}</a></li>'
        for i, (t, h) in enumerate(
            (
                ("Accessibility", p + "/accessibility/"),
                ("Cookies", p + "/cookies/"),
                ("Our partners", ctx.offsite + "/partners/"),
            )
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en-gb" dir="ltr">
<head>
\t<meta charset="{charset}">
\t<meta name="viewport" content="width=device-width, initial-scale=1">
\t<meta name="description" content="{escape(description)}">
\t<meta name="generator" content="Joomla! - Open Source Content Management">
\t<title>{escape(title)} - {escape(force.name)}</title>
\t<link href="{escape(canonical)}" rel="canonical">
{head}
\t<link href="{p}/media/templates/site/cassiopeia/images/joomla-favicon.svg" rel="icon" type="image/svg+xml">
\t<link href="{p}/media/system/css/joomla-fontawesome.min.css?4.0.3" rel="lazy-stylesheet">
\t<link href="{p}/media/templates/site/cassiopeia/css/template.min.css?4.0.3" rel="stylesheet">
\t<script type="application/json" class="joomla-script-options new">{json.dumps(options).replace("/", chr(92) + "/")}</script>
\t<script src="{p}/media/system/js/core.min.js?4.0.3"></script>
\t<script src="{p}/media/templates/site/cassiopeia/js/template.min.js?4.0.3" defer></script>
</head>
<body class="{body_classes}">
<div class="cookie-consent-banner" role="dialog" aria-label="Cookie consent"><p>This website uses cookies to ensure you get the best experience.</p><button type="button" class="btn btn-primary">Accept cookies</button> <button type="button" class="btn btn-secondary">Decline</button></div>
<header class="header container-header full-width">
<div class="grid-child"><div class="navbar-brand"><a class="brand-logo" href="{p}/"><img loading="eager" decoding="async" src="{p}/images/logo.png" alt="{escape(force.name)}"></a></div></div>
<div class="grid-child container-nav"><ul class="mod-menu mod-menu_dropdown-metismenu metismenu mod-list ">
{lis}
</ul><div class="container-search"><form class="mod-finder js-finder-searchform form-search" action="{p}/component/finder/search" method="get" role="search"><label for="mod-finder-searchword0" class="visually-hidden finder">Search</label><input type="text" name="q" id="mod-finder-searchword0" class="js-finder-search-query form-control" value="" placeholder="Search ..."></form></div></div>
</header>
<div class="site-grid">
<div class="grid-child container-component">
{main}
</div>
{f'<div class="grid-child container-sidebar-right">{sidebar}</div>' if sidebar else ""}
</div>
<footer class="container-footer footer full-width">
<div class="grid-child"><ul class="mod-menu mod-list nav ">{foot}</ul><div id="mod-custom95" class="mod-custom custom"><p>&copy; {escape(force.name)} 2021. In an emergency always call 999. For non-emergencies call 101.</p></div></div>
</footer>
<a href="#top" id="back-top" class="back-to-top-link" aria-label="Back to Top">
    <span class="icon-arrow-up icon-fw" aria-hidden="true"></span>
</a>
</body>
</html>
"""


def _j4_breadcrumbs(force, ctx, crumbs, here):
    lis = ['\t\t\t\t\t<li class="mod-breadcrumbs__here float-start">\n\t\t\t\tYou are here: &#160;\n\t\t\t</li>']
    for i, (name, href) in enumerate(crumbs, 1):
        lis.append(
            f'\t\t\t\t\t\t\t\t\t<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" '
            f'class="mod-breadcrumbs__item breadcrumb-item"><a itemprop="item" href="{escape(href)}" class="pathway">'
            f'<span itemprop="name">{escape(name)}</span></a>\t\t\t\t\t<meta itemprop="position" content="{i}">\n\t\t\t\t</li>'
        )
    lis.append(
        f'\t\t\t\t\t<li aria-current="page" itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" '
        f'class="mod-breadcrumbs__item breadcrumb-item active"><span itemprop="name">{escape(here)}</span>'
        f'\t\t\t\t\t<meta itemprop="position" content="{len(crumbs) + 1}">\n\t\t\t\t</li>'
    )
    return (
        '<nav class="mod-breadcrumbs__wrapper" aria-label="Breadcrumbs">\n\t<ol itemscope itemtype="https://schema.org/BreadcrumbList" '
        'class="mod-breadcrumbs breadcrumb px-3 py-2">\n' + "\n".join(lis) + "\n\t\t</ol>\n\t</nav>"
    )


def j4_article(force, ctx, n, body, canonical, related, dated=True, charset="utf-8"):
    p = ctx.prefix(force)
    info = [
        '<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">\n'
        '\t<span class="icon-user icon-fw" aria-hidden="true"></span>\n'
        '\tWritten by: <span itemprop="name">Corporate Communications</span>\n</dd>',
        _j4_category_dd(force, ctx, n.category),
    ]
    if dated:
        info.append(_j4_published_dd(n.when))
        if n.edited is not None and body == n.edited:  # an edited article shows its modified date
            info.append(
                '<dd class="modified">\n\t<span class="icon-calendar icon-fw" aria-hidden="true"></span>\n'
                '\t<time datetime="2021-04-20T13:00:00+01:00" itemprop="dateModified">\n'
                "\t\tLast Updated: 20 April 2021\t</time>\n</dd>"
            )
    newer, older = neighbours(force, n)
    nav = ""
    if newer or older:
        nav = '<nav class="pagenavigation" aria-label="Page Navigation">\n    <span class="pagination ms-0">\n'
        if newer:
            nav += (
                f'            <a class="btn btn-sm btn-secondary previous" href="{escape(p + newer.path)}" rel="prev">\n'
                f'            <span class="visually-hidden">\n                Previous article: {escape(newer.title)}'
                '            </span>\n            <span class="icon-chevron-left" aria-hidden="true"></span> '
                '<span aria-hidden="true">Prev</span>            </a>\n'
            )
        if older:
            nav += (
                f'            <a class="btn btn-sm btn-secondary next" href="{escape(p + older.path)}" rel="next">\n'
                f'            <span class="visually-hidden">\n                Next article: {escape(older.title)}'
                '            </span>\n            <span aria-hidden="true">Next</span> '
                '<span class="icon-chevron-right" aria-hidden="true"></span>            </a>\n'
            )
        nav += "        </span>\n</nav>"
    article = (
        '<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article">\n'
        '\t<meta itemprop="inLanguage" content="en-GB">\n'
        f'\t\n\t\t\n\t\t\t<div class="page-header">\n\t\t<h1 itemprop="headline">\n\t\t\t{escape(n.title)}\t\t</h1>\n'
        "\t\t\t\t\t\t\t</div>\n" + _j4_info(info) + "\n"
        f'\t\t\t\t\t\t<div itemprop="articleBody" class="com-content-article__body">\n\t\t{f.paragraphs(body)}\t</div>\n\n'
        + nav
        + "\n\t\t\t\t\t\t</div>"
    )
    cat = dict(force.categories).get(n.category)
    crumbs = [("Home", p + "/"), ("News", p + force.listing)]
    if cat:
        crumbs.append((cat, p + category_path(force, n.category)))
    main = (
        _j4_breadcrumbs(force, ctx, crumbs, n.title)
        + '\n<div id="system-message-container" aria-live="polite"></div>\n'
        "<main>\n" + article + "\n</main>"
    )
    sidebar = _j4_latest([(r, p + r.path) for r in latest(force, n)]) + "\n" + _j4_contact()
    return j4_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        sidebar=sidebar,
        view="article",
        itemid=102,
        description=n.summary,
        charset=charset,
    )


def _j4_pagination(page, pages, href):
    """layouts/joomla/pagination/links.php + link.php (Joomla 4): start, prev, pages, next, end."""

    def link(kind, k, active):
        icon = {
            "start": "icon-angle-double-left",
            "prev": "icon-angle-left",
            "next": "icon-angle-right",
            "end": "icon-angle-double-right",
        }.get(kind)
        text = {"start": "start", "prev": "previous", "next": "next", "end": "end"}.get(kind)
        display = f'<span class="{icon}" aria-hidden="true"></span>' if icon else str(k)
        if active:
            aria = f"Go to {text} page" if icon else f"Go to page {k}"
            return (
                f'<li class="page-item">\n        <a aria-label="{aria}" href="{escape(href(k))}" class="page-link">\n'
                f"            {display}        </a>\n    </li>"
            )
        if not icon:
            return (
                f'<li class="active page-item">\n        <a aria-current="true" aria-label="Page {k}" href="#" '
                f'class="page-link">{display}</a>\n    </li>'
            )
        return f'<li class="disabled page-item">\n        <span class="page-link" aria-hidden="true">{display}</span>\n    </li>'

    lis = [link("start", 1, page > 1), link("prev", page - 1, page > 1)]
    lis += [link(None, k, k != page) for k in range(1, pages + 1)]
    lis += [link("next", page + 1, page < pages), link("end", pages, page < pages)]
    return (
        '<div class="com-content-category-blog__navigation w-100">\n'
        f'\t\t\t\t<p class="com-content-category-blog__counter counter float-end pt-3 pe-2">\n\t\t\t\t\tPage {page} of {pages}'
        '\t\t\t\t</p>\n\t\t\t<div class="com-content-category-blog__pagination">\n'
        '<nav class="pagination__wrapper" aria-label="Pagination">\n    <div class="pagination pagination-toolbar text-center">\n'
        '        <ul class="pagination ms-auto mb-4 me-0">\n' + "\n".join(lis) + "\n        </ul>\n    </div>\n</nav>\n"
        "\t\t\t</div>\n\t\t</div>"
    )


J4_LINKS = 4  # the blog's "# Links" (Joomla's default): links to the next articles below the intro items


def j4_listing(
    force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", category=None, more=(), **_
):
    """The category blog: intro items (title, info block, intro text, read more), then "More Articles …" links
    to the next J4_LINKS articles (`more`: (title, href) of the items after this page's), then the pagination."""
    p = ctx.prefix(force)
    blog_items = []
    for title, h, when, summary in items:
        blog_items.append(
            '\t\t\t<div class="com-content-category-blog__item blog-item"\n\t\t\t\titemprop="blogPost" itemscope '
            'itemtype="https://schema.org/BlogPosting">\n<div class="item-content">\n'
            f'\t<div class="page-header">\n\t\t<h2 itemprop="name">\n\t\t\t<a href="{escape(h)}" itemprop="url">\n'
            f"\t\t\t\t{escape(title)}\t\t\t</a>\n\t\t</h2>\n\t</div>\n"
            + _j4_info([_j4_published_dd(when)])
            + f"\n<p>{escape(summary)}</p>\n"
            f'<p class="readmore">\n\t<a class="btn btn-secondary" href="{escape(h)}" aria-label="Read more: {escape(title)}">\n'
            '\t\t<span class="icon-chevron-right" aria-hidden="true"></span>\t\tRead more &hellip;\t</a>\n</p>\n'
            "</div>\n\t\t\t</div>"
        )
    links = ""
    if more:
        links = (
            '\t\t<div class="items-more">\n<ol class="com-content-blog__links">\n'
            + "\n".join(
                f'\t\t\t<li class="com-content-blog__link">\n\t\t\t<a href="{escape(h)}">\n\t\t\t\t{escape(t)}</a>\n\t\t</li>'
                for t, h in more[:J4_LINKS]
            )
            + "\n\t</ol>\n\t\t</div>"
        )
    blog = (
        '<div class="com-content-category-blog blog" itemscope itemtype="https://schema.org/Blog">\n'
        f"\t<h1>\n\t\t{escape(heading)}\t</h1>\n"
        '\t\t<div class="com-content-category-blog__items blog-items ">\n'
        + "\n".join(blog_items)
        + "\n\t\t</div>\n"
        + links
        + "\n"
        + (
            '\t\t<div class="com-content-category-blog__children cat-children">\n\t\t\t<h3> Subcategories </h3>\n'
            + "".join(
                f'<div class="com-content-category-blog__child"><h3 class="page-header item-title">'
                f'<a href="{escape(p + category_path(force, c))}">{escape(label)}</a></h3></div>'
                for c, label in force.categories
            )
            + "</div>\n"
            if category is None
            else ""
        )
        + (_j4_pagination(page, pages, href) if pages > 1 else "")
        + "\n"
        + extra
        + "\n</div>"
    )
    crumbs = [("Home", p + "/")] + ([("News", p + force.listing)] if category else [])
    main = (
        _j4_breadcrumbs(force, ctx, crumbs, heading)
        + '\n<div id="system-message-container" aria-live="polite"></div>\n'
        "<main>\n" + blog + "\n</main>"
    )
    newest = [(r, p + r.path) for r in latest(force, None)]
    return j4_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        view="category",
        itemid=102,
        sidebar=_j4_latest(newest) + "\n" + _j4_contact(),
        description=f"News from {force.name}",
    )


def j4_plain(force, ctx, *, title, body, canonical):
    p = ctx.prefix(force)
    article = (
        '<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article">\n'
        '\t<meta itemprop="inLanguage" content="en-GB">\n'
        f'\t\t\t<div class="page-header">\n\t\t<h1 itemprop="headline">\n\t\t\t{escape(title)}\t\t</h1>\n\t\t\t</div>\n'
        f'\t\t\t\t\t\t<div itemprop="articleBody" class="com-content-article__body">\n\t\t{f.paragraphs(body)}\t</div>\n'
        "\t\t\t\t\t\t</div>"
    )
    main = (
        _j4_breadcrumbs(force, ctx, [("Home", p + "/")], title)
        + '\n<div id="system-message-container" aria-live="polite"></div>\n<main>\n'
        + article
        + "\n</main>"
    )
    return j4_page(
        force,
        ctx,
        title=title,
        main=main,
        canonical=canonical,
        sidebar=_j4_contact(),
        itemid=105,
        description=body[0] if body else title,
    )


# --- GOV.UK: the publishing components -------------------------------------------------------------


def gov_date(when):
    """display_date: '%-d %B %Y', no time."""
    dt, _ = f.parse_when(when)
    return f"{dt.day} {f.MONTHS[dt.month - 1]} {dt.year}"


def _content_store_time(when):
    """'2021-02-15T13:35:00.000+00:00' in London time."""
    dt, _ = f.parse_when(when)
    off = dt.strftime("%z")
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000") + off[:3] + ":" + off[3:]


def _gov_uuid(*parts):
    h = _hex(32, *parts)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


GOV_COOKIE_BANNER = (
    '<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner" role="region" '
    'aria-label="cookie banner" data-nosnippet>\n  <div class="govuk-cookie-banner js-banner-wrapper" role="region" '
    'aria-label="Cookies on GOV.UK">\n    <div class="gem-c-cookie-banner__message govuk-cookie-banner__message govuk-width-container">\n'
    '      <div class="govuk-grid-row">\n        <div class="govuk-grid-column-two-thirds">\n'
    '          <h2 class="govuk-cookie-banner__heading govuk-heading-m">Cookies on GOV.UK</h2>\n'
    '          <div class="govuk-cookie-banner__content">\n            '
    "<p class='govuk-body'>We use some essential cookies to make this website work.</p>"
    "<p class='govuk-body'>We’d like to set additional cookies to understand how you use GOV.UK, remember your settings "
    "and improve government services.</p>"
    "<p class='govuk-body'>We also use cookies set by other sites to help us deliver content from their services.</p>\n"
    "          </div>\n        </div>\n      </div>\n"
    '          <div class="govuk-button-group">\n'
    '<button class="gem-c-button govuk-button" type="submit" name="cookies" data-module="gem-track-click" data-accept-cookies="true" '
    'data-track-category="cookieBanner" data-track-action="Cookie banner accepted" data-cookie-types="all">Accept additional cookies</button>\n'
    '<button class="gem-c-button govuk-button" type="submit" name="cookies" data-module="gem-track-click" data-reject-cookies="true" '
    'data-track-category="cookieBanner" data-track-action="Cookie banner rejected">Reject additional cookies</button>\n'
    '<a class="govuk-link" href="{cookies}">View cookies</a>\n</div>\n    </div>\n  </div>\n'
    '  <div class="gem-c-cookie-banner__confirmation govuk-width-container" tabindex="-1" hidden>\n'
    "    <p class=\"gem-c-cookie-banner__confirmation-message\" role=\"alert\">You can <a class='govuk-link' href='{cookies}' "
    "data-module='gem-track-click' data-track-category='cookieBanner' data-track-action='Cookie banner settings clicked from "
    'confirmation\'>change your cookie settings</a> at any time.</p>\n    <div class="govuk-button-group">\n'
    '      <button class="gem-c-cookie-banner__hide-button govuk-button" data-hide-cookie-banner="true" data-module="gem-track-click" '
    'data-track-category="cookieBanner" data-track-action="Hide cookie banner">Hide this message</button>\n    </div>\n  </div>\n</div>'
)


def _gov_header(force, ctx):
    p = ctx.prefix(force)
    return (
        '<header class="gem-c-layout-header govuk-header" role="banner" data-module="govuk-header">\n'
        '  <div class="govuk-header__container govuk-width-container">\n'
        '      <div class="govuk-grid-row govuk-!-margin-left-0 govuk-!-margin-right-0">\n'
        '        <div class="gem-c-layout-header__logo govuk-grid-column-two-thirds">\n'
        '          <div class="govuk-header__logo gem-c-header__logo">\n'
        f'  <a href="{p}/" class="govuk-header__link govuk-header__link--homepage" data-module="gem-track-click" '
        'data-track-category="homeLinkClicked" data-track-action="homeHeader">\n    <span class="govuk-header__logotype">\n'
        '      <svg aria-hidden="true" focusable="false" class="govuk-header__logotype-crown" xmlns="http://www.w3.org/2000/svg" '
        'viewbox="0 0 132 97" height="32" width="36"><path fill="currentColor" fill-rule="evenodd" d="M25 30.2c3.5 1.5 7.7-.2 '
        '9.1-3.7 1.5-3.6-.2-7.8-3.9-9.2-3.6-1.4-7.6.3-9.1 3.9-1.4 3.5.3 7.5 3.9 9z"></path></svg>\n'
        f'      <span class="govuk-header__logotype-text">\n        {escape(force.name)}\n      </span>\n    </span>\n  </a>\n</div>\n'
        '        </div>\n        <div class="govuk-header__content gem-c-header__content">\n'
        f'          <nav class="gem-c-header__nav" aria-label="Navigation menu"><ul id="navigation" class="govuk-header__navigation">'
        f'<li class="govuk-header__navigation-item govuk-header__navigation-item--active"><a class="govuk-header__link" '
        f'href="{escape(p + force.listing)}">News and appeals</a></li><li class="govuk-header__navigation-item">'
        f'<a class="govuk-header__link" href="{escape(p + force.campaign)}">{escape(force.campaign_title)}</a></li>'
        f'<li class="govuk-header__navigation-item"><a class="govuk-header__link" href="{escape(p + force.contact)}">Contact us</a>'
        "</li></ul></nav>\n        </div>\n"
        '          <div class="govuk-grid-column-one-third gem-c-layout-header__search">\n'
        f'<form action="{p}/search" class="gem-c-layout-header__search-form govuk-clearfix" id="search" method="get" role="search">\n'
        '  <div class="gem-c-search govuk-!-display-none-print gem-c-search--no-border gem-c-search--on-govuk-blue '
        'gem-c-search--separate-label" data-module="gem-toggle-input-class-on-focus">\n'
        '    <label for="site-search-text" class="gem-c-search__label">Search this site</label>\n'
        '    <div class="gem-c-search__item-wrapper">\n      <input enterkeyhint="search" class="gem-c-search__item gem-c-search__input '
        'js-class-toggle" id="site-search-text" name="q" title="Search" type="search" value="">\n'
        '      <div class="gem-c-search__item gem-c-search__submit-wrapper">\n        <button class="gem-c-search__submit" '
        'type="submit" enterkeyhint="search">\n          Search\n        </button>\n      </div>\n    </div>\n  </div>\n</form>\n'
        "          </div>\n      </div>\n  </div>\n</header>"
    )


def _gov_breadcrumbs(force, ctx, crumbs):
    ld = {
        "@context": "http://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i,
                "item": {"name": name, "@id": f"https://{force.host}{href[len(ctx.prefix(force)) :]}"},
            }
            for i, (name, href) in enumerate(crumbs, 1)
        ],
    }
    lis = "".join(
        f'\n        <li class="govuk-breadcrumbs__list-item">\n          <a data-track-category="breadcrumbClicked" data-track-action="{i}" '
        f'data-track-label="{escape(href)}" class="govuk-breadcrumbs__link" href="{escape(href)}">{escape(name)}</a>\n        </li>'
        for i, (name, href) in enumerate(crumbs, 1)
    )
    return (
        '<div class="gem-c-contextual-breadcrumbs">\n<script type="application/ld+json">\n  '
        + json.dumps(ld, indent=2).replace("\n", "\n  ")
        + "\n</script>\n\n"
        '<div class="gem-c-breadcrumbs govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile" data-module="gem-track-click">\n'
        f'  <ol class="govuk-breadcrumbs__list">{lis}\n  </ol>\n</div>\n</div>'
    )


def _gov_feedback(path):
    return (
        '<div class="gem-c-feedback" data-module="feedback">\n'
        '<div class="gem-c-feedback__prompt gem-c-feedback__js-show js-prompt" tabindex="-1">\n'
        '  <div class="gem-c-feedback__prompt-questions js-prompt-questions">\n'
        '    <h2 class="gem-c-feedback__prompt-question">Is this page useful?</h2>\n'
        "    <!-- Maybe button exists only to try and capture clicks by bots -->\n"
        '    <button data-track-category="yesNoFeedbackForm" data-track-action="ffMaybeClick" aria-expanded="false" style="display: none" '
        'hidden="hidden" aria-hidden="true">\n      Maybe\n    </button>\n    <ul class="gem-c-feedback__option-list">\n'
        '      <li class="gem-c-feedback__option-list-item">\n        <button class="govuk-button gem-c-feedback__prompt-link js-page-is-useful" '
        'data-track-category="yesNoFeedbackForm" data-track-action="ffYesClick">\n          Yes <span class="govuk-visually-hidden">this page is useful</span>\n'
        '        </button>\n      </li>\n      <li class="gem-c-feedback__option-list-item">\n        <button class="govuk-button '
        'gem-c-feedback__prompt-link js-toggle-form js-page-is-not-useful" data-track-category="yesNoFeedbackForm" data-track-action="ffNoClick" '
        'aria-controls="page-is-not-useful" aria-expanded="false">\n          No <span class="govuk-visually-hidden">this page is not useful</span>\n'
        "        </button>\n      </li>\n    </ul>\n  </div>\n"
        '  <div class="gem-c-feedback__prompt-questions gem-c-feedback__prompt-success js-prompt-success js-hidden" role="alert">\n'
        "    Thank you for your feedback\n  </div>\n"
        '  <div class="gem-c-feedback__prompt-questions gem-c-feedback__prompt-questions--something-is-wrong js-prompt-questions">\n'
        '    <button class="govuk-button gem-c-feedback__prompt-link js-toggle-form js-something-is-wrong" data-track-category="Onsite Feedback" '
        'data-track-action="GOV-UK Open Form" aria-controls="something-is-wrong" aria-expanded="false">\n'
        "      There is something wrong with this page\n    </button>\n  </div>\n</div>\n"
        '<form action="/contact/govuk/problem_reports" id="something-is-wrong" class="gem-c-feedback__form js-feedback-form js-hidden" '
        'data-track-category="Onsite Feedback" data-track-action="GOV.UK Send Form" method="post">\n'
        '  <div class="govuk-grid-row">\n    <div class="govuk-grid-column-two-thirds">\n'
        f'      <input type="hidden" name="url" value="{escape(path)}">\n'
        '      <h3 class="gem-c-feedback__form-heading">Help us improve GOV.UK</h3>\n'
        '      <p id="feedback_explanation" class="gem-c-feedback__form-paragraph">Don’t include personal or financial information like your '
        "National Insurance number or credit card details.</p>\n"
        '      <div class="govuk-form-group"><label for="input-what-doing" class="gem-c-label govuk-label">What were you doing?</label>'
        '<input aria-describedby="feedback_explanation" class="gem-c-input govuk-input" id="input-what-doing" name="what_doing" '
        'spellcheck="false" type="text"></div>\n'
        '      <div class="govuk-form-group"><label for="input-what-wrong" class="gem-c-label govuk-label">What went wrong?</label>'
        '<input class="gem-c-input govuk-input" id="input-what-wrong" name="what_wrong" spellcheck="false" type="text"></div>\n'
        '      <button class="gem-c-button govuk-button" type="submit">Send</button>\n    </div>\n  </div>\n</form>\n'
        '<form action="/contact/govuk/email-survey-signup" id="page-is-not-useful" class="gem-c-feedback__form gem-c-feedback__form--email '
        'gem-c-feedback__js-show js-feedback-form js-hidden" data-track-category="yesNoFeedbackForm" data-track-action="Send Form" method="post">\n'
        '  <div class="govuk-grid-row">\n    <div class="govuk-grid-column-two-thirds" id="survey-wrapper">\n'
        '      <input name="email_survey_signup[survey_id]" type="hidden" value="footer_satisfaction_survey">\n'
        f'      <input name="email_survey_signup[survey_source]" type="hidden" value="{escape(path)}">\n'
        '      <h3 class="gem-c-feedback__form-heading">Help us improve GOV.UK</h3>\n'
        '      <p id="survey_explanation" class="gem-c-feedback__form-paragraph">To help us improve GOV.UK, we’d like to know more about your '
        "visit today. We’ll send you a link to a feedback form. It will take only 2 minutes to fill in. Don’t worry we won’t send you spam or "
        "share your email address with anyone.</p>\n"
        '      <div class="govuk-form-group"><label for="input-email" class="gem-c-label govuk-label">Email address</label>'
        '<input aria-describedby="survey_explanation" autocomplete="email" class="gem-c-input govuk-input" id="input-email" '
        'name="email_survey_signup[email_address]" spellcheck="false" type="email"></div>\n'
        '       <button class="gem-c-button govuk-button" type="submit">Send me the survey</button>\n    </div>\n  </div>\n</form>\n</div>'
    )


def _gov_footer(force, ctx):
    p = ctx.prefix(force)
    nav = [
        ("Contact us", p + force.contact),
        ("News and appeals", p + force.listing),
        (force.campaign_title, p + force.campaign),
    ]
    meta = [
        ("Accessibility", p + "/accessibility/"),
        ("Cookies", p + "/cookies/"),
        ("Our partners", ctx.offsite + "/partners/"),
    ]
    lis = "".join(
        f'\n                      <li class="govuk-footer__list-item">\n                        <a class="govuk-footer__link" '
        f'data-track-category="footerClicked" href="{escape(h)}">{escape(t)}</a>\n                      </li>'
        for t, h in nav
    )
    metas = "".join(
        f'\n              <li class="govuk-footer__inline-list-item">\n                <a class="govuk-footer__link" '
        f'href="{escape(h)}">{escape(t)}</a>\n              </li>'
        for t, h in meta
    )
    return (
        '<footer class="gem-c-layout-footer govuk-footer gem-c-layout-footer--border" role="contentinfo">\n'
        '  <div class="govuk-width-container" data-module="gem-track-click">\n      <div class="govuk-footer__navigation">\n'
        '            <div class="govuk-grid-column-two-thirds">\n              <h2 class="govuk-footer__heading govuk-heading-m">'
        f'Services and information</h2>\n                <ul class="govuk-footer__list govuk-footer__list--columns-2">{lis}\n'
        '                </ul>\n            </div>\n      </div>\n\n      <hr class="govuk-footer__section-break">\n'
        '    <div class="govuk-footer__meta">\n      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">\n'
        f'          <h2 class="govuk-visually-hidden">Support links</h2>\n          <ul class="govuk-footer__inline-list">{metas}\n'
        '          </ul>\n        <span class="govuk-footer__licence-description">\n          All content is available under the\n'
        '          <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" '
        'rel="license">Open Government Licence v3.0</a>, except where otherwise stated\n        </span>\n      </div>\n'
        '      <div class="govuk-footer__meta-item">\n        <a class="govuk-footer__link govuk-footer__copyright-logo" '
        'href="https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/">'
        "© Crown copyright</a>\n      </div>\n    </div>\n  </div>\n</footer>"
    )


def gov_page(
    force,
    ctx,
    *,
    title,
    main,
    canonical,
    crumbs=(),
    head="",
    description="",
    og_type="website",
    charset="utf-8",
    feedback=True,
):
    path = canonical.split(force.host, 1)[-1]
    return f"""<!DOCTYPE html>
<!--[if lt IE 9]><html class="lte-ie8" lang="en"><![endif]-->
<!--[if gt IE 8]><!--><html lang="en"><!--<![endif]-->
<head>
<meta charset="{charset}" />
<title>{escape(title)} - {escape(force.name)}</title>
<link rel="canonical" href="{escape(canonical)}" />
<meta property="og:site_name" content="{escape(force.name)}" />
<meta property="og:type" content="{og_type}" />
<meta property="og:url" content="{escape(canonical)}" />
<meta property="og:title" content="{escape(title)}" />
<meta property="og:description" content="{escape(description)}" />
<meta name="description" content="{escape(description)}" />
<meta name="csrf-param" content="authenticity_token" />
<meta name="csrf-token" content="{_hex(86, path, "csrf")}" />
<link rel="stylesheet" media="all" href="{ctx.prefix(force)}/assets/static/application-6a4c0b1d.css" />
<meta name="theme-color" content="#0b0c0c" />
{head}
</head>
<body class="gem-c-layout-for-public govuk-template__body">
<script>
  document.body.className = ((document.body.className) ? document.body.className + ' js-enabled' : 'js-enabled');
</script>
<a href="#content" class="gem-c-skip-link govuk-skip-link">Skip to main content</a>
{GOV_COOKIE_BANNER.replace("{cookies}", escape(ctx.prefix(force) + "/cookies/"))}
{_gov_header(force, ctx)}
<div id="wrapper" class="direction-ltr govuk-width-container">
{_gov_breadcrumbs(force, ctx, crumbs) if crumbs else ""}
{main}
{_gov_feedback(path) if feedback else ""}
</div>
{_gov_footer(force, ctx)}
<script src="{ctx.prefix(force)}/assets/static/application-2b1f3c9d.js"></script>
</body>
</html>
"""


def _gov_related(force, ctx, n, related):
    sections = []
    if related:
        links = "".join(
            f'<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
            f'gem-c-related-navigation__section-link--sidebar" data-track-category="relatedLinkClicked" '
            f'data-track-action="1.{i} Related content" data-track-label="{escape(h)}" href="{escape(h)}">{escape(r.title)}</a></li>'
            for i, (r, h) in enumerate(related, 1)
        )
        sections.append(
            '<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-related_items" '
            f'data-module="gem-toggle">\n  <ul class="gem-c-related-navigation__link-list" data-module="gem-track-click">{links}</ul>\n</nav>'
        )
    p = ctx.prefix(force)
    topics = "".join(
        f'<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
        f'gem-c-related-navigation__section-link--sidebar" data-track-category="relatedLinkClicked" '
        f'data-track-action="2.{i} Explore the topic" href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>'
        for i, (c, label) in enumerate(force.categories, 1)
    )
    sections.append(
        '<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-topics" '
        'data-module="gem-toggle">\n  <h3 id="related-nav-topics" class="gem-c-related-navigation__sub-heading '
        'gem-c-related-navigation__sub-heading--sidebar" data-track-count="sidebarRelatedItemSection">Explore the topic</h3>\n'
        f'  <ul class="gem-c-related-navigation__link-list" data-module="gem-track-click">{topics}</ul>\n</nav>'
    )
    return (
        '<div class="govuk-grid-column-one-third">\n<div class="gem-c-contextual-sidebar">\n  <div class="gem-c-related-navigation">\n'
        '    <h2 id="related-nav-related_items" class="gem-c-related-navigation__main-heading" data-track-count="sidebarRelatedItemSection">\n'
        "      Related content\n    </h2>\n" + "\n".join(sections) + "\n  </div>\n</div>\n</div>"
    )


def _gov_share(canonical, title):
    from urllib.parse import quote

    u = quote(canonical, safe="")
    items = "".join(
        f'\n      <li class="gem-c-share-links__list-item">\n        <a target="_blank" rel="noopener noreferrer external" '
        f'data-track-category="social media" data-track-action="{icon}" class="gem-c-share-links__link " href="{href}">'
        f'\n          <span class="govuk-visually-hidden">\n              Share on\n          </span>\n          {text}\n        </a>\n      </li>'
        for icon, text, href in (
            ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
            ("twitter", "Twitter", f"https://twitter.com/share?url={u}&amp;text={quote(title)}"),
        )
    )
    return (
        '<div class="dont-print responsive-bottom-margin">\n<div class="gem-c-share-links" data-module="gem-track-click">\n'
        '    <h2 class="gem-c-share-links__title">Share this page</h2>\n    <ul class="gem-c-share-links__list">'
        + items
        + "\n    </ul>\n</div>\n</div>"
    )


def gov_article(force, ctx, n, body, canonical, related, dated=True, charset="utf-8"):
    p = ctx.prefix(force)
    org = force.slug
    metas = [
        ("govuk:format", "news_story"),
        ("govuk:publishing-application", "whitehall"),
        ("govuk:schema-name", "news_article"),
        ("govuk:content-id", _gov_uuid(n.path)),
    ]
    head = []
    if dated:
        metas += [
            ("govuk:first-published-at", _content_store_time(n.when)),
            ("govuk:updated-at", _content_store_time(n.when)),
            ("govuk:public-updated-at", _content_store_time(n.when)),
        ]
    metas.append(("govuk:analytics:organisations", f"<PO{_crc(org) % 900 + 100}>"))
    head.append("\n".join(f'  <meta name="{k}" content="{escape(v)}">' for k, v in metas))
    if dated:
        ld = {
            "@context": "http://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
            "name": n.title,
            "datePublished": _content_store_time(n.when),
            "dateModified": _content_store_time(n.when),
            "text": n.summary,
            "publisher": {"@type": "Organization", "name": force.name, "url": f"https://{force.host}/"},
            "author": {"@type": "Organization", "name": force.name, "url": f"https://{force.host}/"},
            "headLine": n.title,
            "description": n.summary,
            "articleBody": f.paragraphs(body),
        }
        head.append(
            '<script type="application/ld+json">\n  '
            + json.dumps(ld, indent=2, ensure_ascii=False).replace("</", "<\\/").replace("\n", "\n  ")
            + "\n</script>"
        )
    rows = [
        f'<dt class="gem-c-metadata__term">From:</dt>\n      <dd class="gem-c-metadata__definition">\n        '
        f'<a class="govuk-link" href="{escape(p + force.listing)}">{escape(force.name)}</a>\n      </dd>'
    ]
    if dated:
        rows.append(
            f'<dt class="gem-c-metadata__term">Published:</dt>\n      <dd class="gem-c-metadata__definition">{gov_date(n.when)}</dd>'
        )
    metadata = (
        '<div class="govuk-grid-row">\n  <div class="metadata-logo-wrapper">\n    <div class="govuk-grid-column-two-thirds metadata-column">\n'
        '<div class="gem-c-metadata" data-module="gem-toggle">\n  <dl data-module="gem-track-click">\n      '
        + "\n      ".join(rows)
        + '\n  </dl>\n</div>\n    </div>\n    <div class="govuk-grid-column-one-third">\n    </div>\n  </div>\n</div>'
    )
    pub_dates = (
        f'<div class="app-c-published-dates " lang="en">\n    Published {gov_date(n.when)}\n</div>' if dated else ""
    )
    main = (
        '<main role="main" id="content" class="news-article" lang="en">\n<div class="govuk-grid-row">\n'
        '  <div class="govuk-grid-column-two-thirds">\n    <div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8">\n'
        '      <span class="govuk-caption-xl gem-c-title__context">\n        News story\n      </span>\n'
        f'    <h1 class="gem-c-title__text ">\n      {escape(n.title)}\n    </h1>\n</div>\n  </div>\n'
        f'  <div class="govuk-grid-column-two-thirds">\n    <p class="gem-c-lead-paragraph">{escape(n.summary)}</p>\n  </div>\n</div>\n\n'
        + metadata
        + '\n\n<div class="govuk-grid-row">\n  <div class="govuk-grid-column-two-thirds content-bottom-margin">\n'
        '    <div class="responsive-bottom-margin">\n'
        f'<div class="gem-c-govspeak govuk-govspeak direction-ltr" data-module="govspeak">\n<div class="govspeak">{f.paragraphs(body)}</div>\n</div>\n'
        f"    </div>\n\n    {_gov_share(canonical, n.title)}\n\n    {pub_dates}\n  </div>\n\n"
        + _gov_related(force, ctx, n, related)
        + "\n</div>\n</main>"
    )
    crumbs = [("Home", p + "/"), ("News and appeals", p + force.listing)]
    return gov_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        crumbs=crumbs,
        head="\n".join(head),
        description=n.summary,
        og_type="article",
        charset=charset,
    )


def _gov_pagination(page, pages, href):
    """previous_and_next_navigation: rel=prev/next, the title ("Previous page"/"Next page") and label ("2 of 4")."""
    if pages <= 1:
        return ""
    arrows = {
        "previous": "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z",
        "next": "m10.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z",
    }
    out = []
    for kind, k, rel, title in (
        ("previous", page - 1, "prev", "Previous page"),
        ("next", page + 1, "next", "Next page"),
    ):
        if not 1 <= k <= pages:
            continue
        url = escape(href(k))
        out.append(
            f'    <li class="gem-c-pagination__item gem-c-pagination__item--{kind}">\n        <a href="{url}"\n'
            f'          class="gem-c-pagination__link"\n          rel="{rel}"\n          data-track-category="contentsClicked"\n'
            f'          data-track-action="{kind}"\n          data-track-label="{url}"\n        >\n'
            '          <span class="gem-c-pagination__link-title">\n            <svg class="gem-c-pagination__link-icon" '
            f'xmlns="http://www.w3.org/2000/svg" height="13" width="17" viewBox="0 0 17 13">\n              <path d="{arrows[kind]}"/>\n'
            f'            </svg>\n            <span class="gem-c-pagination__link-text">\n              {title}\n            </span>\n'
            '          </span>\n            <span class="gem-c-pagination__link-divider visually-hidden">:</span>\n'
            f'            <span class="gem-c-pagination__link-label">{k} of {pages}</span>\n        </a>\n      </li>'
        )
    return (
        '<nav\n  class="gem-c-pagination"\n  role="navigation"\n  aria-label="Pagination"\n>\n'
        '  <ul class="gem-c-pagination__list" data-module="gem-track-click">\n' + "\n".join(out) + "\n  </ul>\n</nav>"
    )


def gov_listing(
    force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", category=None, total=0, **_
):
    """finder-frontend's finders/show: title, facets, result count, document list, pagination."""
    p = ctx.prefix(force)
    rows = []
    for title, h, when, summary in items:
        dt, _ = f.parse_when(when)
        rows.append(
            '      <li class="gem-c-document-list__item  ">\n'
            f'        <a data-track-category="navFinderLinkClicked" data-track-action="News and appeals.{len(rows) + 1}" '
            f'data-track-label="{escape(h)}" class="gem-c-document-list__item-title  gem-c-document-list__item-link" '
            f'href="{escape(h)}">{escape(title)}</a>\n'
            f'          <p class="gem-c-document-list__item-description">{escape(summary)}</p>\n'
            '          <ul class="gem-c-document-list__item-metadata">\n'
            '                <li class="gem-c-document-list__attribute">Document type: News story</li>\n'
            f'                <li class="gem-c-document-list__attribute">Organisation: {escape(force.name)}</li>\n'
            '                <li class="gem-c-document-list__attribute">\n'
            f'                    Updated: <time datetime="{dt.isoformat()}">{gov_date(when)}</time>\n'
            "                </li>\n          </ul>\n      </li>"
        )
    facets = "".join(
        f'<li><a class="govuk-link" href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>'
        for c, label in force.categories
    )
    selected = ""
    if category:
        selected = (
            '<div class="facet-tags" data-module="remove-filter"><div class="facet-tags__group">'
            '<span class="facet-tags__preposition">in</span> <span class="facet-tag"><span class="facet-tag__text">'
            f'{escape(heading)}</span><a class="facet-tag__remove" href="{escape(p + force.listing)}" aria-label="Remove filter '
            f'{escape(heading)}">&#x2715;</a></span></div></div>'
        )
    main = (
        '<main role="main" id="content" class="finder-frontend-content" lang="en">\n<div class="govuk-grid-row">\n'
        '  <div class="govuk-grid-column-two-thirds">\n    <div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8">\n'
        '      <span class="govuk-caption-xl gem-c-title__context">\n        Search\n      </span>\n'
        f'    <h1 class="gem-c-title__text govuk-heading-xl">\n      {escape(heading)}\n    </h1>\n</div>\n  </div>\n</div>\n'
        f'<form method="get" action="{escape(p + force.listing)}" id="finder-frontend" class="js-finder-frontend">\n'
        '<div class="govuk-grid-row">\n  <div class="govuk-grid-column-one-third">\n'
        '    <div class="facets" data-module="mobile-filters-modal">\n      <div class="app-c-expander" data-module="app-c-expander">\n'
        '        <h2 class="app-c-expander__heading">Topic</h2>\n'
        f'        <div class="app-c-expander__content"><ul class="govuk-list">{facets}</ul></div>\n      </div>\n    </div>\n  </div>\n'
        '  <div class="govuk-grid-column-two-thirds js-live-search-results-block filtered-results" aria-live="polite">\n'
        '    <div class="result-info">\n      <div class="result-info__header">\n'
        f'        <h2 class="result-info__count" id="js-result-count">{total} results</h2>\n      </div>\n      {selected}\n'
        '      <div class="govuk-form-group"><label class="gem-c-label govuk-label" for="order">Sort by</label>'
        '<select name="order" id="order" class="govuk-select"><option value="updated-newest" selected>Updated (newest)</option>'
        '<option value="updated-oldest">Updated (oldest)</option></select></div>\n    </div>\n'
        '    <div id="js-results" class="js-finder-results">\n      <div class="finder-results js-finder-results" data-module="gem-track-click">\n'
        '    <ul class="gem-c-document-list">\n' + "\n".join(rows) + "\n    </ul>\n      </div>\n    </div>\n"
        f'    <div id="js-pagination">\n{_gov_pagination(page, pages, href)}\n    </div>\n{extra}\n  </div>\n</div>\n</form>\n</main>'
    )
    return gov_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        crumbs=[("Home", p + "/")],
        description=f"News from {force.name}",
        feedback=True,
    )


def gov_plain(force, ctx, *, title, body, canonical):
    p = ctx.prefix(force)
    main = (
        '<main role="main" id="content" class="detailed-guide" lang="en">\n<div class="govuk-grid-row">\n'
        '  <div class="govuk-grid-column-two-thirds">\n    <div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8">\n'
        f'    <h1 class="gem-c-title__text ">\n      {escape(title)}\n    </h1>\n</div>\n'
        f'<div class="gem-c-govspeak govuk-govspeak direction-ltr" data-module="govspeak">\n<div class="govspeak">{f.paragraphs(body)}</div>\n</div>\n'
        "  </div>\n</div>\n</main>"
    )
    return gov_page(
        force,
        ctx,
        title=title,
        main=main,
        canonical=canonical,
        crumbs=[("Home", p + "/")],
        description=body[0] if body else title,
    )


# --- what the families need from the site ------------------------------------------------------------


def category_path(force, cat):
    return f.category_path(force, cat)


def _stable(force, lang):
    """The force's notices of a language that every state serves unchanged (day 1's, none removed), newest
    first: what the related blocks and the article navigation name, so an unchanged page keeps its bytes."""
    from crawler.sample_site.content import NOTICES, STATES

    pool = [
        r for r in NOTICES if r.force == force.slug and r.lang == lang and r.added == STATES[0] and r.removed is None
    ]
    return sorted(pool, key=lambda r: f.parse_when(r.when)[0], reverse=True)


def latest(force, n, k=5):
    """mod_articles_latest: the force's newest articles, the one shown among them."""
    return _stable(force, n.lang if n else "en")[:k]


def neighbours(force, n):
    """Joomla's pagenavigation: (the newer, the older) article next to n in its category's order."""
    pool = [r for r in _stable(force, n.lang) if r.category == n.category]
    if n not in pool:
        pool = sorted(pool + [n], key=lambda r: f.parse_when(r.when)[0], reverse=True)
    i = pool.index(n)
    return (pool[i - 1] if i > 0 else None), (pool[i + 1] if i + 1 < len(pool) else None)


def _translation(n):
    from crawler.sample_site.content import NOTICES

    if n.translation:
        return next((r for r in NOTICES if r.force == n.force and r.path == n.translation), None)
    return next((r for r in NOTICES if r.force == n.force and r.translation == n.path), None)


FAMILIES: dict[str, tuple] = {
    "drupal9": (d9_article, d9_listing, d9_plain, d9_page),
    "joomla4": (j4_article, j4_listing, j4_plain, j4_page),
    "govuk": (gov_article, gov_listing, gov_plain, gov_page),
}
