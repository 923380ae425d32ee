"""An AMP news article: the AMP Start "article" template and the AMP project's article example.

Sources, read (not copied) at these commits:

- ampproject/amp.dev, templates/websites/article/templates/article.amp.html @ 45e35e0aafde9b850bb497f9df59a9a44377546c
  (the AMP Start article behind documentation/templates/simple_article.yaml @ 29f3e1ed…): <html ⚡>, the amp-boilerplate
  style + noscript, async v0.js and custom-element scripts (amp-sidebar, amp-accordion, amp-social-share, amp-carousel),
  <style amp-custom>; header.ampstart-headerbar with the ☰ div[role=button][on="tap:header-sidebar.toggle"];
  amp-sidebar#header-sidebar.ampstart-sidebar > nav.ampstart-sidebar-nav > li.ampstart-nav-item.ampstart-nav-dropdown >
  amp-accordion.ampstart-dropdown > section > header + ul.ampstart-dropdown-items, then ul.ampstart-social-follow and
  ul.ampstart-sidebar-faq; main#content[role=main] > article with span.ampstart-subtitle, the "Related article" section
  (section.ampstart-related-article-section, "Read more") placed between body paragraphs, div.ampstart-social-box of
  amp-social-share, and section.ampstart-related-section "Recommended for you"; footer.ampstart-footer.
- ampproject/amphtml, examples/article.amp.html @ 007a13540675ea1a28e2103824daed3d9d411d3f (div.content-container >
  header > h1[itemprop=headline] + time.header-time[itemprop=datePublished][datetime] + p.standfirst; div.author byline;
  div.article-body[itemprop=articleBody]), examples/user-notification.amp.html @ 06720328e175ca15de5af62e18a1c399c603aac5
  (amp-user-notification cookie notice with "I accept" button, amp-analytics googleanalytics config),
  extensions/amp-consent/amp-consent.md @ 044b34e65c5f80153edc6311ba3542497a4600a3 (amp-consent#… layout=nodisplay
  with its JSON config and the promptUI div of accept / reject / dismiss buttons).

The canonical link is the page's (non-AMP) URL: the truth URL. The JSON-LD NewsArticle AMP asks for carries
datePublished = the publish date (an instant sometimes restated in UTC 'Z'); the visible date is
<time datetime=…>15 February 2021</time>, sometimes "Published …". render's head is kept, less its stylesheet link
and inline gtag script (not allowed in AMP): the canonical link, og tags and JSON-LD traps stay.
"""

import html
import json
import re
import sys
from datetime import UTC, datetime, timedelta

NAME = "amp"
PREFIX = "amp"

BOILERPLATE = (
    "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;-moz-animation:-amp-start 8s "
    "steps(1,end) 0s 1 normal both;-ms-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) "
    "0s 1 normal both}@-webkit-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@-moz-keyframes -amp-start{from"
    "{visibility:hidden}to{visibility:visible}}@-ms-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@-o-keyframes "
    "-amp-start{from{visibility:hidden}to{visibility:visible}}@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}"
    "</style><noscript><style amp-boilerplate>body{-webkit-animation:none;-moz-animation:none;-ms-animation:none;animation:none}"
    "</style></noscript>"
)

CUSTOM_CSS = (
    "body{background:#fff;color:#1d1d1b;font-family:Arial,Helvetica,sans-serif;line-height:1.5}main{max-width:700px;margin:0 auto}"
    ".ampstart-headerbar{background:#002f5f;color:#fff;z-index:999;height:3.5rem}.ampstart-navbar-trigger{font-size:1.5rem;cursor:pointer}"
    ".ampstart-sidebar{background:#fff;min-width:300px;width:300px}.ampstart-subtitle{color:#002f5f;text-transform:uppercase}"
    ".ampstart-byline{font-size:.875rem;color:#4f4f4f}.ampstart-byline time{font-style:normal;white-space:nowrap}"
    ".ampstart-related-article-section{border-color:#4a4a4a}.ampstart-social-box{display:flex}"
    ".ampstart-social-box>amp-social-share{background-color:#002f5f}.ampstart-footer{font-size:.75rem;background:#f4f4f4}"
    ".hide{position:absolute;height:1px;width:1px;overflow:hidden;clip:rect(1px,1px,1px,1px)}.header-time{color:#6f757a;font-size:12px}"
    ".standfirst{color:#6f757a}.article-body a{color:#002f5f}#consent-ui,amp-user-notification{background:#fff;padding:1rem;"
    "box-shadow:0 -2px 6px rgba(0,0,0,.2)}.survey-banner{background:#ffdd00;padding:.5rem 1rem}"
)

_HEAD_DROP = (
    '<link rel="stylesheet" href="/static/css/site.min.css?v=3.2.1">',
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','G-XXXXXXX');</script>",
)


def date_text(dt):
    import render

    if dt.tzinfo:
        dt = dt.astimezone(render.LONDON)
    return f"{dt.day} {dt:%B %Y}"


def _esc(s):
    return html.escape(s, quote=True)


def _stamp(page):
    """The machine-readable publish date: the truth itself, an instant sometimes restated in UTC."""
    if not page.published:
        return None
    if len(page.published) > 10 and page.rng.random() < 0.4:
        return datetime.fromisoformat(page.published).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return page.published


def _og_image(page):
    m = re.search(r'property="og:image(?::url)?" content="([^"]+)"', page.head)
    return html.unescape(m.group(1)) if m else None


def _head(page, stamp, scripts):
    lines = [x for x in page.head.split("\n") if x not in _HEAD_DROP]
    if 'rel="canonical"' not in page.head:
        lines.insert(3, f'<link rel="canonical" href="{_esc(page.url)}">')
    lines.append('<meta name="amp-google-client-id-api" content="googleanalytics">')
    lines.append('<script async src="https://cdn.ampproject.org/v0.js"></script>')
    lines += [
        f'<script async custom-element="{c}" src="https://cdn.ampproject.org/v0/{c}-0.1.js"></script>' for c in scripts
    ]
    if '"NewsArticle"' not in page.head:
        image = _og_image(page) or f"https://{page.host}/images/logo-amp.png"
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": page.url},
            "headline": page.title,
            "image": [image],
        }
        if stamp:
            ld["datePublished"] = stamp
        ld["author"] = {"@type": "Organization", "name": page.force}
        ld["publisher"] = {
            "@type": "Organization",
            "name": page.force,
            "logo": {
                "@type": "ImageObject",
                "url": f"https://{page.host}/images/logo-amp.png",
                "width": 600,
                "height": 60,
            },
        }
        if page.description:
            ld["description"] = page.description
        lines.append(
            '<script type="application/ld+json">'
            + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
            + "</script>"
        )
    lines.append(BOILERPLATE)
    lines.append(f"<style amp-custom>{CUSTOM_CSS}</style>")
    return "\n".join(lines)


def _consent(page, parts):
    """render's cookie banner swapped for AMP's own consent UI (the survey banner stays as it is)."""
    if not page.traps["cookie"] or not parts:
        return parts
    if page.rng.random() < 0.6:
        cfg = json.dumps(
            {
                "consentInstanceId": "police-cookie-consent",
                "consentRequired": True,
                "promptUI": "consent-ui",
                "postPromptUI": "consent-settings",
            },
            indent=2,
        )
        parts[0] = (
            '<amp-consent id="consent" layout="nodisplay">\n<script type="application/json">\n' + cfg + "\n</script>\n"
            '<div id="consent-ui"><p>We use cookies to make this site work and to understand how you use it. '
            '<a href="/cookies/">Read our cookie policy</a>.</p>'
            '<button on="tap:consent.accept" role="button">Accept all cookies</button>'
            '<button on="tap:consent.reject" role="button">Reject non-essential</button>'
            '<button on="tap:consent.dismiss" role="button">Dismiss</button></div>'
            '<div id="consent-settings"><button on="tap:consent.prompt" role="button">Cookie settings</button></div>\n'
            "</amp-consent>"
        )
    else:
        parts[0] = (
            '<amp-user-notification layout="nodisplay" id="cookie-notice" data-persist-dismissal="true">\n'
            'This site uses cookies to improve your experience. <a href="/cookies/">Learn more.</a>\n'
            '<button on="tap:cookie-notice.dismiss" role="button" tabindex="0">I accept</button>\n</amp-user-notification>'
        )
    return parts


def _sidebar(page):
    import render

    items = []
    for head, links in render.MENU.items():
        links = [x for x in links if page.traps["menu_traps"] or not re.search(r"ANPR|Have your say", x)]
        lis = "\n".join(
            f'        <li class="ampstart-dropdown-item"><a href="https://{page.host}/{render.slug(head)}/{render.slug(x)}/" '
            f'class="text-decoration-none">{_esc(x)}</a></li>'
            for x in links
        )
        items.append(
            f'<li class="ampstart-nav-item ampstart-nav-dropdown relative ">\n<amp-accordion layout="container" '
            f'disable-session-states="" class="ampstart-dropdown">\n  <section>\n    <header>{_esc(head)}</header>\n'
            f'    <ul class="ampstart-dropdown-items list-reset m0 p0">\n{lis}\n    </ul>\n  </section>\n</amp-accordion>\n</li>'
        )
    follow = "".join(
        f'<li><a href="{h}" target="_blank" class="inline-block p1" aria-label="Link to {n}"><svg xmlns="http://www.w3.org/2000/svg" '
        f'width="24" height="24" viewBox="0 0 54 54"><title>{n}</title><path d="M0 0h54v54H0z"></path></svg></a></li>'
        for n, h in (
            ("Twitter", "https://twitter.com/"),
            ("Facebook", "https://www.facebook.com/"),
            ("Instagram", "https://www.instagram.com/"),
        )
    )
    return (
        '<amp-sidebar id="header-sidebar" class="ampstart-sidebar px3  " layout="nodisplay">\n'
        '<div class="flex justify-start items-center ampstart-sidebar-header">\n<div role="button" aria-label="close sidebar" '
        'on="tap:header-sidebar.toggle" tabindex="0" class="ampstart-navbar-trigger items-start">✕</div>\n</div>\n'
        '<nav class="ampstart-sidebar-nav ampstart-nav">\n<ul class="list-reset m0 p0 ampstart-label">\n'
        + "\n".join(items)
        + '\n</ul>\n</nav>\n<ul class="ampstart-social-follow list-reset flex justify-around items-center flex-wrap m0 mb4">'
        + follow
        + '</ul>\n<ul class="ampstart-sidebar-faq list-reset m0">\n<li class="ampstart-faq-item"><a href="/about-us/" '
        'class="text-decoration-none">About us</a></li>\n<li class="ampstart-faq-item"><a href="/contact/" class="text-decoration-none">'
        "Contact us</a></li>\n</ul>\n</amp-sidebar>"
    )


def _stories(page, n):
    import render

    rng = page.rng
    out = []
    for _ in range(n):
        title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        out.append((title, dt, rng.choice(render.STORIES).format(p=rng.choice(render.PLACES)) + "."))
    return out


def _related_article(page):
    import render

    title, dt, summary = _stories(page, 1)[0]
    return (
        '<section class="ampstart-related-article-section p3 mb4 border-top border-bottom">\n'
        '<h2 class="ampstart-heading ampstart-label m0 mb3">Related article</h2>\n<article class="ampstart-related-article">\n'
        f'<amp-img src="/images/news/{render.slug(title)}.jpg" width="656" height="248" layout="responsive" alt="" class="mb3"></amp-img>\n'
        f'<h3 class="ampstart-heading h4 m0 mb3">{_esc(title)}</h3>\n<p class="line-height-4 mb3">{_esc(summary)}</p>\n'
        f'<p class="ampstart-byline mb3"><time datetime="{dt.isoformat()}">{date_text(dt)}</time></p>\n'
        f'<a href="/news/{render.slug(title)}/" class="ampstart-related-article-readmore block text-decoration-none ampstart-label">'
        "Read more</a>\n</article>\n</section>"
    )


def _related_section(page):
    import render

    lis = []
    for title, dt, _ in _stories(page, page.rng.randint(3, 4)):
        lis.append(
            '<li class="col-12 sm-col-4 md-col-4 lg-col-4 pr2 py2">\n<figure class="ampstart-image-with-caption m0 relative mb4">\n'
            f'<amp-img src="/images/news/{render.slug(title)}.jpg" width="233" height="202" alt="{_esc(title)}" layout="responsive"></amp-img>\n'
            f'<figcaption class="h5 mt1 px3"><a href="/news/{render.slug(title)}/">{_esc(title)}</a> '
            f'<span class="block">{date_text(dt)}</span></figcaption>\n</figure>\n</li>'
        )
    head = page.rng.choice(["Recommended for you", "Latest news", "More news"])
    return (
        f'<section class="ampstart-related-section mb4 px3">\n<h2 class="h3 mb1">{head}</h2>\n'
        '<ul class="ampstart-related-section-items list-reset flex flex-wrap m0">\n'
        + "\n".join(lis)
        + "\n</ul>\n</section>"
    )


def _share(page):
    if not page.traps["share"]:
        return ""
    label = '<h2 class="hide">Share this article</h2>' if page.rng.random() < 0.5 else ""
    u, t = _esc(page.url), _esc(page.title)
    return (
        f'<div class="ampstart-social-box mb4">{label}\n<amp-social-share type="twitter" aria-label="Share this on Twitter" '
        f'data-param-url="{u}"></amp-social-share>\n<amp-social-share type="facebook" aria-label="Share this on Facebook" '
        f'data-param-href="{u}" data-param-app_id="145634995501895"></amp-social-share>\n<amp-social-share type="whatsapp" '
        f'aria-label="Share this on WhatsApp"></amp-social-share>\n<amp-social-share type="email" aria-label="Share this with E-mail" '
        f'data-param-subject="{t}" data-param-body="{u}"></amp-social-share>\n</div>'
    )


def _date_html(page, stamp, cls, microdata=False):
    shown = page.date_shown(sys.modules[__name__])
    if not shown:
        return ""
    rng = page.rng
    bare = bool(re.match(r"\W*(\d|(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)", shown, re.I))
    prefix_in = prefix_out = ""
    if bare and rng.random() < 0.5:
        if rng.random() < 0.5:
            prefix_in = "Published "
        else:
            prefix_out = "Published: "
    item = ' itemprop="datePublished"' if microdata else ""
    if stamp:
        return f'{prefix_out}<time class="{cls}"{item} datetime="{_esc(stamp)}">{prefix_in}{_esc(shown)}</time>'
    return f'{prefix_out}<span class="{cls}">{prefix_in}{_esc(shown)}</span>'


def _body(page, mid_related):
    """The article body; the AMP Start template puts its "Related article" box between paragraphs."""
    if not mid_related:
        return page.content
    from cms_templates._html_blocks import top_blocks

    blocks = top_blocks(page.content)
    if len(blocks) < 3:
        return page.content + "\n" + _related_article(page)
    cut = page.rng.randint(1, len(blocks) - 1)
    return "\n".join(blocks[:cut]) + "\n" + _related_article(page) + "\n" + "\n".join(blocks[cut:])


def _ampstart(page, stamp):
    rng = page.rng
    related = page.traps["related"]
    mid = related and rng.random() < 0.5
    byline = _date_html(page, stamp, "ampstart-byline-pubdate block bold my1")
    modified = f'<p class="ampstart-byline px3">{_esc(page.modified)}</p>' if page.modified else ""
    cover = _og_image(page)
    hero = (
        (
            f'<figure class="ampstart-image-with-caption m0 relative mb4">\n<amp-img src="{_esc(cover)}" width="756" height="520" '
            f'alt="{_esc(page.title)}" layout="responsive"></amp-img>\n</figure>'
        )
        if cover and rng.random() < 0.5
        else ""
    )
    first = _related_section(page) if related and page.traps["related_first"] and not mid else ""
    last = _related_section(page) if related and not page.traps["related_first"] and not mid else ""
    article = (
        f'<article class="{page.sty("news-article", "photo-article", "article")}">\n'
        f'<span class="ampstart-subtitle block px3 pt2 mb2">{rng.choice(["News", "Appeals", "Latest news"])}</span>\n'
        f'<h1 class="mb1 px3">{_esc(page.title)}</h1>\n'
        + (
            f'<address class="ampstart-byline clearfix mb4 px3 h5"><span>By {_esc(page.force)}</span>{byline}</address>\n'
            if byline
            else ""
        )
        + modified
        + hero
        + f'\n<div class="{page.sty("article-body", "ampstart-article-body", "entry-content")} px3">\n{_body(page, mid)}\n</div>\n'
        + _share(page)
        + "\n"
        + last
        + "\n</article>"
    )
    header = (
        '<header class="ampstart-headerbar fixed flex justify-start items-center top-0 left-0 right-0 pl2 pr4 ">\n'
        '<div role="button" aria-label="open sidebar" on="tap:header-sidebar.toggle" tabindex="0" class="ampstart-navbar-trigger  pr2  ">☰\n'
        f'</div>\n<a href="https://{page.host}/" class="text-decoration-none inline-block mx-auto ampstart-headerbar-home-link">'
        f'<amp-img src="/images/logo-white.png" width="160" height="40" layout="fixed" alt="{_esc(page.force)}"></amp-img></a>\n</header>'
    )
    return header + "\n" + _sidebar(page) + f'\n<main id="content" role="main" class="">\n{first}\n{article}\n</main>'


def _example(page, stamp):
    """amphtml examples/article.amp.html: header.brand-logo, content-container, microdata time, article-body."""
    rng = page.rng
    related = page.traps["related"]
    mid = related and rng.random() < 0.3
    microdata = rng.random() < 0.7
    date = _date_html(page, stamp, "header-time", microdata)
    standfirst = (
        f'<p class="standfirst">{_esc(page.description)}</p>' if page.description and rng.random() < 0.4 else ""
    )
    scope = ' itemscope itemtype="http://schema.org/NewsArticle"' if microdata and rng.random() < 0.5 else ""
    headline = ' itemprop="headline"' if microdata else ""
    body_item = ' itemprop="articleBody"' if microdata else ""
    side = _related_section(page) if related and not mid else ""
    author = (
        (
            '<div class="author"><div class="byline"><p>by <b>Corporate Communications</b></p>'
            f'<p class="brand">{_esc(page.force)}</p></div></div>'
        )
        if rng.random() < 0.5
        else ""
    )
    modified = f'<p class="header-time">{_esc(page.modified)}</p>' if page.modified else ""
    article = (
        f'<article{scope}>\n<div class="content-container">\n<header>\n<h1{headline}>{_esc(page.title)}</h1>\n{date}\n{modified}{standfirst}\n'
        f'</header>\n{author}\n<div class="article-body"{body_item}>\n{_body(page, mid)}\n</div>\n{_share(page)}\n</div>\n</article>'
    )
    parts = [side, article] if side and page.traps["related_first"] else [article, side]
    return (
        f'<header>\n<div class="brand-logo"><a href="https://{page.host}/">{_esc(page.force)}</a></div>\n'
        '<div role="button" aria-label="open menu" on="tap:header-sidebar.toggle" tabindex="0" class="ampstart-navbar-trigger">☰</div>\n'
        f'</header>\n{_sidebar(page)}\n<main role="main">\n' + "\n".join(parts) + "\n</main>"
    )


def _footer(page):
    import render

    links = "".join(
        f'<li class="px1"><a class="text-decoration-none ampstart-label" href="https://{page.host}/{render.slug(x)}/">{x}</a></li>'
        for x in render.FOOTER[:6]
    )
    return (
        '<footer class="ampstart-footer flex flex-column items-center px3 ">\n<nav class="ampstart-footer-nav">\n'
        f'<ul class="list-reset flex flex-wrap mb3">{links}</ul>\n</nav>\n<small>&copy; {_esc(page.force)} 2021. '
        "In an emergency always call 999. For non-emergencies call 101.</small>\n</footer>"
    )


def _analytics(page):
    if page.rng.random() < 0.5:
        cfg = {
            "vars": {"account": "UA-%d-1" % page.rng.randint(10000000, 99999999)},
            "triggers": {"trackPageview": {"on": "visible", "request": "pageview"}},
        }
        kind = "googleanalytics"
    else:
        gid = "G-" + "".join(page.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        cfg = {"vars": {"gtag_id": gid, "config": {gid: {"groups": "default"}}}}
        kind = "gtag"
    consent = " data-block-on-consent" if page.traps["cookie"] else ""
    return (
        f'<amp-analytics type="{kind}" data-credentials="include"{consent}>\n<script type="application/json">\n'
        + json.dumps(cfg, indent=2)
        + "\n</script>\n</amp-analytics>"
    )


def render_page(page):
    rng = page.rng
    stamp = _stamp(page)
    top = _consent(page, page.chrome_top())
    body = _ampstart(page, stamp) if rng.random() < 0.6 else _example(page, stamp)
    scripts = ["amp-sidebar", "amp-accordion", "amp-analytics"]
    if "<amp-social-share" in body:
        scripts.append("amp-social-share")
    if any("<amp-consent" in x for x in top):
        scripts.append("amp-consent")
    if any("<amp-user-notification" in x for x in top):
        scripts.append("amp-user-notification")
    html_attr = rng.choice(["⚡", '⚡=""', "amp"])
    lang = rng.choice(["en", "en-GB"])
    return (
        f'<!doctype html>\n<html {html_attr} lang="{lang}">\n<head>\n{_head(page, stamp, sorted(scripts))}\n</head>\n<body>\n'
        + "\n".join(top)
        + f"\n{body}\n{_footer(page)}\n{_analytics(page)}\n</body>\n</html>\n"
    )
