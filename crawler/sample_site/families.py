"""Page markup of the sample site, one family per kind of police site (written by us, modelled on what
REFERENCE.md records of each): SOH, WordPress, SharePoint 2010 and an own CMS ("generic"); and three taken
from real CMS templates (cms.py): Drupal 9, Joomla 4 and GOV.UK.

Every page is a str of HTML. Links inside the site are relative to the loopback host (under /<slug>/);
canonical and og:url name the force's real domain, like a mirror.
"""

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MONTHS = ("January February March April May June July August September October November December").split()


def parse_when(when):
    """UK local time of a notice: (aware datetime, has_time)."""
    if len(when) > 10:
        return datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON), True
    return datetime.strptime(when, "%Y-%m-%d").replace(tzinfo=LONDON), False


def iso(when):
    """The publish date as the extractor writes it: ISO 8601 UK local time with offset, or the date."""
    dt, has_time = parse_when(when)
    return dt.isoformat() if has_time else dt.date().isoformat()


def soh_date(when):
    dt, _ = parse_when(when)
    return dt.strftime("%H:%M %d/%m/%Y")


def long_date(when):
    dt, _ = parse_when(when)
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def ordinal_date(when):
    dt, _ = parse_when(when)
    suffix = "th" if 11 <= dt.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(dt.day % 10, "th")
    return f"{dt.day}{suffix} {MONTHS[dt.month - 1]} {dt.year}"


def dmy_date(when):
    dt, _ = parse_when(when)
    return dt.strftime("%d/%m/%Y")


def paragraphs(body, tag="p"):
    return "\n".join(f"<{tag}>{p}</{tag}>" for p in body)


def category_path(force, cat):
    """A category's listing: a filter query on the listing (SOH, a GOV.UK finder's facet), or a path of its own
    (a Drupal taxonomy term page, a Joomla subcategory blog, the others' category folders)."""
    if force.family == "soh":
        return f"{force.listing}?newsCategory={cat}"
    if force.family == "govuk":
        return f"{force.listing}?topic={cat}"
    if force.family == "sharepoint":
        return f"/news-and-events/{cat.title().replace('-', '')}/Pages/default.aspx"
    if force.family == "drupal9":
        return f"/news/category/{cat}"
    if force.family == "joomla4":
        return f"{force.listing}{cat}"
    return f"/news/category/{cat}/"


PAGE_SIZE = 3  # items on a listing page (a Joomla blog: its leading + intro items)


def page_query(family, k):
    """(parameter, value) that asks a listing for its page k (k >= 2): Drupal's pager counts from 0, Joomla
    asks for an offset (?start=3), the others for the page number."""
    if family == "drupal9":
        return "page", k - 1
    if family == "joomla4":
        return "start", (k - 1) * PAGE_SIZE
    return "page", k


def page_of(family, query):
    """The page a listing request asks for (1 without a parameter), or 0 for one that is no page."""
    try:
        if family == "drupal9":
            return int(query.get("page", ["0"])[0]) + 1
        if family == "joomla4":
            start = int(query.get("start", ["0"])[0])
            return start // PAGE_SIZE + 1 if start >= 0 and start % PAGE_SIZE == 0 else 0
        return int(query.get("page", ["1"])[0])
    except ValueError:
        return 0


def pager(page, pages, href, labels=("Previous", "Next")):
    """Visible pagination: numbered links, Previous and Next."""
    if pages <= 1:
        return ""
    out = []
    if page > 1:
        out.append(f'<a class="prev" rel="prev" href="{escape(href(page - 1))}">{labels[0]}</a>')
    for n in range(1, pages + 1):
        out.append(f"<span>{n}</span>" if n == page else f'<a href="{escape(href(n))}">{n}</a>')
    if page < pages:
        out.append(f'<a class="next" rel="next" href="{escape(href(page + 1))}">{labels[1]}</a>')
    return '<nav class="pagination" aria-label="Pagination">' + " ".join(out) + "</nav>"


def head_links(page, pages, href):
    out = []
    if page > 1:
        out.append(f'<link rel="prev" href="{escape(href(page - 1))}">')
    if page < pages:
        out.append(f'<link rel="next" href="{escape(href(page + 1))}">')
    return "\n".join(out)


# --- Single Online Home -------------------------------------------------------------------------------


def soh_page(force, ctx, *, title, main, canonical, lang="en", head="", og=None):
    """SOH chrome: quick exit, cookie dialog, mega menu, beta banner, footer with partner links."""
    p = ctx.prefix(force)
    welsh = lang == "cy"
    site_name = force.welsh_name if welsh and force.welsh_name else force.name
    og = og or {}
    metas = "\n".join(f'<meta property="og:{k}" content="{escape(v)}">' for k, v in og.items())
    toggle = ""
    if force.welsh_listing:
        toggle = (
            f'<li><a href="{p}{force.listing}" lang="en">English</a></li>'
            if welsh
            else f'<li><a href="{p}{force.welsh_listing}" lang="cy" hreflang="cy">Cymraeg</a></li>'
        )
    return f"""<!DOCTYPE html>
<html lang="{"cy-GB" if welsh else "en-GB"}">
<head>
<meta charset="utf-8">
<title>{escape(title)} | {escape(site_name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{metas}
<link rel="canonical" href="{escape(canonical)}">
<link rel="stylesheet" href="{p}/static/css/main.css">
{head}
<script type="application/ld+json"></script>
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<div class="quick-exit"><a href="http://offsite.invalid/weather">Quickly exit this site</a></div>
<div class="cookie-consent" role="dialog"><p>We use cookies to make this site work.</p><button>Accept all cookies</button></div>
<header class="site-header">
  <a class="logo" href="{p}/"><img src="{p}/SysSiteAssets/logo.svg" alt="{escape(site_name)}"></a>
  <nav class="mega-menu" aria-label="Main menu"><ul>
    <li><a href="{p}{force.listing}">News</a></li>
    <li><a href="{p}{force.campaign}">{escape(force.campaign_title)}</a></li>
    <li><a href="{p}{force.contact}">Contact us</a></li>
    <li><a href="{p}/search/?q=">Search</a></li>
    {toggle}
  </ul></nav>
</header>
<div class="beta-banner"><p>This is a new service - <a href="https://www.smartsurvey.co.uk/s/websitefeedback/">tell us what you think of our new website</a>.</p></div>
<main id="main-content">
{main}
</main>
<footer class="site-footer">
  <p>{escape(force.name)}. Calls to 101 are free.</p>
  <ul><li><a href="{ctx.offsite}/partners/">Partner agencies</a></li><li><a href="http://offsite.invalid/crimestoppers">Report anonymously</a></li><li><a href="{p}/accessibility/">Accessibility</a></li></ul>
</footer>
</body>
</html>
"""


def soh_og(force, title, canonical, description, lang="en"):
    return {
        "title": title,
        "description": description,
        "url": canonical,
        "locale": "cy_GB" if lang == "cy" else "en_GB",
        "type": "website",
        "image": f"https://{force.host}/SysSiteAssets/media/images/brand/{force.slug}/social.jpg"
        "?crop=(0,0,1200,630)&w=600&h=300&scale=both",
    }


def soh_article(force, ctx, n, body, canonical, related, dated=True):
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(r.title)}</a> <span>{soh_date(r.when)}</span></li>'
        for r, href in related
    )
    p = ctx.prefix(force)
    listing = force.welsh_listing if n.lang == "cy" else force.listing
    date_line = (
        f'      <p class="article-date"><span>{soh_date(n.when)[:5]}</span> <span>{soh_date(n.when)[6:]}</span></p>'
        if dated
        else ""
    )
    main = f"""  <div class="breadcrumb"><a href="{p}/">Home</a> &gt; <a href="{p}{listing}">{"Newyddion" if n.lang == "cy" else "News"}</a></div>
  <aside class="related-news"><h2>{"Newyddion cysylltiedig" if n.lang == "cy" else "Related news"}</h2><ul>
{items}
  </ul></aside>
  <div class="container">
    <div class="article-header">
      <h1>{escape(n.title)}</h1>
{date_line}
      <p class="article-type">News</p>
    </div>
    <div class="rich-text">
{paragraphs(body)}
    </div>
    <div class="share-bar"><span>Share this page:</span> <a href="https://twitter.com/intent/tweet">Twitter</a></div>
  </div>"""
    return soh_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        lang=n.lang,
        og=soh_og(force, n.title, canonical, n.summary, n.lang),
    )


def soh_listing(force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", **_):
    p = ctx.prefix(force)
    cats = "".join(
        f'<li><a href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>' for c, label in force.categories
    )
    rows = "\n".join(
        f"""    <li class="news-item"><a class="news-item__link" href="{escape(href_)}"><h2>{escape(title)}</h2></a>
      <p class="news-item__date">{soh_date(when)}</p><p class="news-item__summary">{escape(summary)}</p></li>"""
        for title, href_, when, summary in items
    )
    main = f"""  <div class="container news-listing">
    <h1>{escape(heading)}</h1>
    <form class="news-filter" action="{p}{force.listing}" method="get"><ul class="filters">{cats}</ul></form>
    <ul class="news-list">
{rows}
    </ul>
    {pager(page, pages, href, ("Blaenorol", "Nesaf") if lang == "cy" else ("Previous", "Next"))}
    {extra}
  </div>"""
    return soh_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        lang=lang,
        head=head_links(page, pages, href),
        og=soh_og(force, heading, canonical, f"Latest news from {force.name}", lang),
    )


def soh_plain(force, ctx, *, title, body, canonical):
    main = f"""  <div class="container">
    <h1>{escape(title)}</h1>
    <div class="rich-text">
{paragraphs(body)}
    </div>
  </div>"""
    return soh_page(
        force,
        ctx,
        title=title,
        main=main,
        canonical=canonical,
        og=soh_og(force, title, canonical, body[0] if body else title),
    )


# --- WordPress -----------------------------------------------------------------------------------------


def wp_page(force, ctx, *, title, main, canonical, head="", body_class="page", og_type="website", description=""):
    p = ctx.prefix(force)
    cats = "".join(
        f'<li><a href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>' for c, label in force.categories
    )
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<title>{escape(title)} - {escape(force.name)}</title>
<meta property="og:locale" content="en_GB">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{escape(title)} - {escape(force.name)}">
<meta property="og:description" content="{escape(description)}">
<meta property="og:url" content="{escape(canonical)}">
<meta property="og:site_name" content="{escape(force.name)}">
{head}
<link rel="stylesheet" href="{p}/wp-content/themes/nyp/style.css">
<link rel="canonical" href="{escape(canonical)}">
</head>
<body class="{body_class}">
<div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding"><a href="{p}/">{escape(force.name)}</a></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu"><li><a href="{p}{force.listing}">News</a></li><li><a href="{p}{force.campaign}">{escape(force.campaign_title)}</a></li><li><a href="{p}{force.contact}">Contact us</a></li><li><a href="{p}/search/anpr/">Search</a></li></ul></nav></header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside class="widget-area"><section class="widget widget_categories"><h3>Categories</h3><ul>{cats}</ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><p>{escape(force.name)}, Alverton Court, Northallerton.</p><p><a href="{ctx.offsite}/partners/">Partners</a> <a href="http://offsite.invalid/">Crimestoppers</a></p></footer>
</div>
</body>
</html>
"""


def wp_article(force, ctx, n, body, canonical, related, dated=True):
    dt, _ = parse_when(n.when)
    stamp = dt.isoformat()
    p = ctx.prefix(force)
    latest = "\n".join(
        f'<li><a href="{escape(href)}">{escape(r.title)}</a> <span class="posted-on">{long_date(r.when)}</span></li>'
        for r, href in related
    )
    cat = dict(force.categories).get(n.category)
    meta = (
        f'<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" '
        f'datetime="{stamp}">{long_date(n.when)}</time></span></div>'
        if dated
        else ""
    )
    cat_link = (
        f'<span class="cat-links">Posted in <a href="{escape(p + category_path(force, n.category))}" rel="category tag">{escape(cat)}</a></span>'
        if cat
        else ""
    )
    main = f"""<div class="widget-area latest-posts"><h3>Latest posts</h3><ul>
{latest}
</ul></div>
<article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{escape(n.title)}</h1>
{meta}</header>
<div class="entry-content">
{paragraphs(body)}
</div>
<footer class="entry-footer">{cat_link}</footer>
</article>"""
    head = f'<meta property="article:published_time" content="{stamp}">' if dated else ""
    return wp_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        head=head,
        body_class="post-template-default single single-post",
        og_type="article",
        description=n.summary,
    )


def wp_listing(force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", **_):
    rows = "\n".join(
        f"""<article class="post type-post"><header class="entry-header"><h2 class="entry-title"><a href="{escape(h)}" rel="bookmark">{escape(t)}</a></h2>
<span class="posted-on">{long_date(w)}</span></header><div class="entry-summary"><p>{escape(s)}</p></div></article>"""
        for t, h, w, s in items
    )
    main = f"""<header class="page-header"><h1 class="page-title">{escape(heading)}</h1></header>
{rows}
{pager(page, pages, href, ("Newer posts", "Next"))}
{extra}"""
    return wp_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        head=head_links(page, pages, href),
        body_class="blog archive",
        description=f"News from {force.name}",
    )


def wp_plain(force, ctx, *, title, body, canonical):
    main = f"""<article class="page type-page"><header class="entry-header"><h1 class="entry-title">{escape(title)}</h1></header>
<div class="entry-content">
{paragraphs(body)}
</div></article>"""
    return wp_page(force, ctx, title=title, main=main, canonical=canonical, description=body[0] if body else "")


# --- SharePoint 2010 -----------------------------------------------------------------------------------


def sp_page(force, ctx, *, title, main, canonical, right="", head=""):
    p = ctx.prefix(force)
    cats = "".join(
        f'<li><a href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>' for c, label in force.categories
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" xmlns="http://www.w3.org/1999/xhtml" lang="en-gb">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="GENERATOR" content="Microsoft SharePoint" />
<title>
	{escape(title)}
</title>
<link rel="canonical" href="{escape(canonical)}" />
{head}
<link rel="stylesheet" type="text/css" href="{p}/Style%20Library/en-US/Core%20Styles/band.css" />
</head>
<body>
<form name="aspnetForm" method="post" action="default.aspx" id="aspnetForm">
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="header"><div class="logo"><a href="{p}/Pages/default.aspx"><img src="{p}/PublishingImages/logo.png" alt="{escape(force.name)}" /></a></div>
<div id="topnav"><ul><li><a href="{p}{force.listing}">News and events</a></li><li><a href="{p}{force.campaign}">{escape(force.campaign_title)}</a></li><li><a href="{p}{force.contact}">Contact us</a></li><li><a href="{p}/search/Pages/results.aspx?k=anpr">Search</a></li></ul></div></div>
<table class="layout" width="100%"><tr>
<td class="left-col"><div class="leftnav"><ul><li><a href="{p}{force.listing}">Latest news</a></li>{cats}</ul></div></td>
<td class="main-col">
{main}
</td>
<td class="right-col"><div class="rightcol">{right}</div></td>
</tr></table>
<div id="footer"><p>{escape(force.name)}, Aykley Heads, Durham, DH1 5TT</p><p><a href="{ctx.offsite}/partners/">Safe Durham Partnership</a> <a href="http://offsite.invalid/">Crimestoppers</a></p></div>
</div></div>
</form>
</body>
</html>
"""


def sp_article(force, ctx, n, body, canonical, related, dated=True):
    right = (
        "<h3>Latest news</h3><ul>"
        + "".join(
            f'<li><a href="{escape(href)}">{escape(r.title)}</a><br />{dmy_date(r.when)}</li>' for r, href in related
        )
        + "</ul>"
    )
    main = f"""<div class="text-content">
<h1>&nbsp;{escape(n.title)}</h1>
{f"<h2>&nbsp;{dmy_date(n.when)}</h2>" if dated else ""}
<div class="news-article-item"><div class="ms-rtestate-field">
{paragraphs(body, "div")}
</div></div>
</div>"""
    return sp_page(force, ctx, title=n.title, main=main, canonical=canonical, right=right)


def sp_listing(force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", **_):
    rows = "\n".join(
        f'<tr><td class="news-date">{dmy_date(w)}</td><td><a href="{escape(h)}">{escape(t)}</a><div class="summary">{escape(s)}</div></td></tr>'
        for t, h, w, s in items
    )
    main = f"""<div class="text-content">
<h1>&nbsp;{escape(heading)}</h1>
<table class="news-rollup">
{rows}
</table>
{pager(page, pages, href)}
{extra}
</div>"""
    return sp_page(force, ctx, title=heading, main=main, canonical=canonical, head=head_links(page, pages, href))


def sp_plain(force, ctx, *, title, body, canonical):
    main = f"""<div class="text-content"><h1>&nbsp;{escape(title)}</h1><div class="ms-rtestate-field">
{paragraphs(body, "div")}
</div></div>"""
    return sp_page(force, ctx, title=title, main=main, canonical=canonical)


# --- An own CMS ("generic") ----------------------------------------------------------------------------


def gen_page(
    force, ctx, *, title, main, canonical, head="", side="", description="", og_type="website", charset="utf-8"
):
    p = ctx.prefix(force)
    cats = "".join(
        f'<li><a href="{escape(p + category_path(force, c))}">{escape(label)}</a></li>' for c, label in force.categories
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>{escape(title)} | {escape(force.name)}</title>
<meta name="description" content="{escape(description)}">
<meta property="og:title" content="{escape(title)} | {escape(force.name)}">
<meta property="og:type" content="{og_type}">
<meta property="og:url" content="{escape(canonical)}">
<meta property="og:site_name" content="{escape(force.name)}">
{head}
</head>
<body>
<div class="cookie-notice">We use cookies on this website. <a href="{p}/cookies/">Find out more</a></div>
<div class="top-bar"><a href="{p}/">{escape(force.name)}</a> <a href="{p}{force.listing}">News</a> <a href="{p}{force.campaign}">{escape(force.campaign_title)}</a> <a href="{p}{force.contact}">Contact</a> <a href="{p}/search/?q=">Search</a></div>
<div class="page-wrapper"><div class="layout-two-col">
<div class="col-main">
{main}
</div>
<div class="col-side"><div class="panel"><h3>News categories</h3><ul>{cats}</ul></div>{side}</div>
</div></div>
<div class="site-footer-wrap"><p>{escape(force.name)}, PO Box 37, Portishead, Bristol.</p><p><a href="{ctx.offsite}/partners/">Our partners</a> <a href="http://offsite.invalid/">Crimestoppers</a></p></div>
</body>
</html>
"""


def gen_article(force, ctx, n, body, canonical, related, charset="utf-8", dated=True):
    dt, _ = parse_when(n.when)
    side = (
        '<div class="panel"><h3>Most read</h3><ol>'
        + "".join(f'<li><a href="{escape(href)}">{escape(r.title)}</a></li>' for r, href in related)
        + "</ol></div>"
    )
    main = f"""<h1 class="page-title">{escape(n.title)}</h1>
{f'<p class="meta-line">Posted at {dt:%H:%M} on {ordinal_date(n.when)}</p>' if dated else ""}
<div class="wysiwyg">
{paragraphs(body)}
</div>"""
    head = f'<meta property="article:published_time" content="{dt.isoformat(timespec="minutes")}">' if dated else ""
    return gen_page(
        force,
        ctx,
        title=n.title,
        main=main,
        canonical=canonical,
        head=head,
        side=side,
        description=n.summary,
        og_type="article",
        charset=charset,
    )


def gen_listing(force, ctx, *, heading, items, page, pages, href, canonical, lang="en", extra="", **_):
    rows = "\n".join(
        f'<div class="news-card"><h2><a href="{escape(h)}">{escape(t)}</a></h2><p class="date">{long_date(w)}</p><p>{escape(s)}</p></div>'
        for t, h, w, s in items
    )
    main = f"""<h1 class="page-title">{escape(heading)}</h1>
{rows}
{pager(page, pages, href)}
{extra}"""
    return gen_page(
        force,
        ctx,
        title=heading,
        main=main,
        canonical=canonical,
        head=head_links(page, pages, href),
        description=f"News from {force.name}",
    )


def gen_plain(force, ctx, *, title, body, canonical):
    main = f'<h1 class="page-title">{escape(title)}</h1>\n<div class="wysiwyg">\n{paragraphs(body)}\n</div>'
    return gen_page(force, ctx, title=title, main=main, canonical=canonical, description=body[0] if body else "")


def app_shell(force, ctx, family, canonical, charset="utf-8"):
    """An article page as a script-rendered site serves it: the site's chrome around an empty mount point,
    no headline, no body, no date (what the sample site's `unreadable` break serves)."""
    page = {
        "soh": soh_page,
        "wordpress": wp_page,
        "sharepoint": sp_page,
        "generic": gen_page,
        **{name: fam[3] for name, fam in cms.FAMILIES.items()},
    }[family]
    main = (
        '<div id="app" data-component="NewsArticle"></div>\n'
        "<noscript>You need to enable JavaScript to read this page.</noscript>\n"
        f'<script src="{ctx.prefix(force)}/static/js/app.js"></script>'
    )
    kwargs = {"charset": charset} if family in ("generic", *cms.FAMILIES) and charset != "utf-8" else {}
    return page(force, ctx, title="News", main=main, canonical=canonical, **kwargs)


FAMILIES = {
    "soh": (soh_article, soh_listing, soh_plain),
    "wordpress": (wp_article, wp_listing, wp_plain),
    "sharepoint": (sp_article, sp_listing, sp_plain),
    "generic": (gen_article, gen_listing, gen_plain),
}

from crawler.sample_site import cms  # noqa: E402  (the CMS families use the helpers above)

FAMILIES.update({name: fam[:3] for name, fam in cms.FAMILIES.items()})
RELATED = {"drupal9": 4, "govuk": 3}  # how many other notices an article's latest/related block names (default 2)
