"""WordPress with the Twenty Twenty-One default theme and Yoast SEO's schema graph: a single post.

Sources read:
  WordPress/twentytwentyone at commit ba9f20cad89163761185c0467b346ba42541ae22 (Dec 2020, theme 1.0 as shipped
  with WordPress 5.6):
    header.php                              div#page.site, a.skip-link.screen-reader-text "Skip to content",
                                            #content.site-content > section#primary.content-area > main#main.site-main
    template-parts/header/site-header.php   header#masthead.site-header.has-title-and-tagline.has-menu
    template-parts/header/site-branding.php div.site-branding > p.site-title (not h1 on single posts), p.site-description
    template-parts/header/site-nav.php      nav#site-navigation.primary-navigation, menu button, ul#primary-menu-list.menu-wrapper
    inc/menu-functions.php                  button.sub-menu-toggle with icon-plus / icon-minus and
                                            span.screen-reader-text "Open menu"
    single.php                              content-single, comments_template(), the_post_navigation()
                                            (p.meta-nav "Previous post"/"Next post" + p.post-title)
    template-parts/content/content-single.php  article#post-N.post…entry: header.entry-header.alignwide > h1.entry-title,
                                            div.entry-content, footer.entry-footer.default-max-width (the date comes AFTER
                                            the body), author-bio
    inc/template-tags.php                   twenty_twenty_one_posted_on: span.posted-on "Published <time class=
                                            "entry-date published updated" datetime="DATE_W3C">get_the_date()</time>";
                                            posted_by span.byline; div.post-taxonomies cat-links "Categorized as",
                                            tags-links "Tagged"
    comments.php                            div#comments.comments-area.default-max-width.show-avatars, comment_form with
                                            title "Leave a comment" in h2#reply-title.comment-reply-title
    footer.php, template-parts/footer/footer-widgets.php, functions.php (sidebar-1: section.widget + h2.widget-title;
                                            html5 navigation-widgets), inc/template-functions.php (body classes no-js,
                                            singular, has-main-navigation)
  WordPress/WordPress:
    wp-includes/widgets/class-wp-widget-recent-posts.php @ 04921ffd45e9fc8b33092911816dc1d276494e0e
                                            section.widget_recent_entries > nav[aria-label] > ul > li > a + span.post-date
    wp-includes/comment-template.php @ 0003a004db1fa4a602dd2b0e7694d770b8962f63  comment_form(): div#respond.comment-respond,
                                            form#commentform.comment-form, p.comment-notes/#email-notes, comment-form-*
  Yoast/wordpress-seo src/generators/schema/:
    article.php @ b4a0dc53c0f4d6b681e59f9ad17a6611d40b5619   Article: isPartOf, author, headline, datePublished,
                                            dateModified (post_date_gmt / post_modified_gmt, DATE_W3C), mainEntityOfPage,
                                            wordCount, commentCount, publisher, image, thumbnailUrl, keywords,
                                            articleSection, inLanguage, potentialAction CommentAction #respond
    webpage.php @ 2cd2063af4d9a31624fe54fc767a0c7cf46e39fe   WebPage: url, name, isPartOf #website, primaryImageOfPage,
                                            datePublished, dateModified, description, breadcrumb, ReadAction
    website.php @ 0435b11a8539363e458c69290d32104f9be39e9f   WebSite + SearchAction ?s={search_term_string}
    organization.php @ 1a9b6861c068730e6b572281c1b2ee0d5e0d52cb, main-image.php @ 15a839c8b4266277858190ddbfd2dab619fa1de7,
    breadcrumb.php @ 4c6c4c8639c1e620ee70ea7e125dbfed5dd2d7dd (last crumb is {"@id": canonical#webpage}),
    person.php @ 0adaac2204e7cbf70149a584faba6c3f38279d84, src/config/schema-ids.php (#organization, #logo,
    #website, #webpage, #primaryimage, #breadcrumb, #article, #/schema/person/, #personlogo)

Furniture kept: skip link, site branding, primary menu with screen-reader "Open menu" toggles, the Yoast
@graph (Organization, WebSite, ImageObject, WebPage, BreadcrumbList, Article, Person; dateModified may be
later than datePublished), entry footer (posted-on after the body, byline, categories, tags), share links,
comments (form with its notes), post navigation with the neighbours' titles, the footer widget area
(Search, Recent Posts with dates, Categories) and the footer menu. Twenty Twenty-One has no widget area
before the content, so its related list (Recent Posts) always follows the article.
"""

import hashlib
import html
import json
import re
import sys
from datetime import UTC, datetime, timedelta

NAME = "wordpress_yoast"
PREFIX = "wpy"

CATEGORIES = ["News", "Appeals", "Court results", "Community", "Road safety", "Wanted", "Missing"]
TAGS = ["appeal", "burglary", "CCTV", "witnesses", "drugs", "fraud", "knife crime", "speeding"]
LABEL_WORDS = ("posted", "published", "date published", "dated", "updated", "last modified")
SVG = {
    "plus": '<svg class="svg-icon" width="18" height="18" aria-hidden="true" role="img" focusable="false" viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" clip-rule="evenodd" d="M18 11.2h-5.2V6h-1.6v5.2H6v1.6h5.2V18h1.6v-5.2H18z" fill="currentColor"/></svg>',
    "minus": '<svg class="svg-icon" width="18" height="18" aria-hidden="true" role="img" focusable="false" viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" clip-rule="evenodd" d="M6 11h12v2H6z" fill="currentColor"/></svg>',
    "arrow_left": '<svg class="svg-icon" width="24" height="24" aria-hidden="true" role="img" focusable="false" viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" clip-rule="evenodd" d="M20 13v-2H8l4-4-1-2-7 7 7 7 1-2-4-4z" fill="currentColor"/></svg>',
    "arrow_right": '<svg class="svg-icon" width="24" height="24" aria-hidden="true" role="img" focusable="false" viewBox="0 0 24 24" fill="none" xmlns="http://www.w3.org/2000/svg"><path fill-rule="evenodd" clip-rule="evenodd" d="m4 13v-2h12l-4-4 1-2 7 7-7 7-1-2 4-4z" fill="currentColor"/></svg>',
}


def _london():
    import render

    return render.LONDON


def date_text(dt):
    """get_the_date() with a UK site's date_format 'j F Y'."""
    dt = dt.astimezone(_london())
    return f"{dt.day} {dt:%B %Y}"


def _w3c_local(page):
    """get_the_date(DATE_W3C): site time zone; a date alone stays a date."""
    if len(page.published) == 10:
        return page.published
    return page.published_dt().astimezone(_london()).isoformat()


def _w3c_gmt(dt):
    """Yoast's date helper on post_date_gmt: DATE_W3C in UTC."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _menu(host, with_traps, rng):
    import render

    items, mid = [], rng.randint(20, 60)
    for head, links in render.MENU.items():
        mid += 1
        sub = []
        for x in links:
            if not with_traps and ("ANPR" in x or "Have your say" in x):
                continue
            mid += 1
            sub.append(
                f'<li id="menu-item-{mid}" class="menu-item menu-item-type-post_type menu-item-object-page menu-item-{mid}">'
                f'<a href="https://{host}/{render.slug(head)}/{render.slug(x)}/">{html.escape(x)}</a></li>'
            )
        pid = mid - len(sub)
        items.append(
            f'<li id="menu-item-{pid}" class="menu-item menu-item-type-post_type menu-item-object-page '
            f'menu-item-has-children menu-item-{pid}"><a href="https://{host}/{render.slug(head)}/">{html.escape(head)}</a>'
            f'<button class="sub-menu-toggle" aria-expanded="false" onClick="twentytwentyoneExpandSubMenu(this)">'
            f'<span class="icon-plus">{SVG["plus"]}</span><span class="icon-minus">{SVG["minus"]}</span>'
            f'<span class="screen-reader-text">Open menu</span></button><ul class="sub-menu">{"".join(sub)}</ul></li>'
        )
    return (
        '<nav id="site-navigation" class="primary-navigation" role="navigation" aria-label="Primary menu">\n'
        '\t\t<div class="menu-button-container">\n\t\t\t<button id="primary-mobile-menu" class="button" aria-controls="primary-menu-list" '
        'aria-expanded="false">\n\t\t\t\t<span class="dropdown-icon open">Menu</span>\n\t\t\t\t<span class="dropdown-icon close">Close</span>\n'
        "\t\t\t</button><!-- #primary-mobile-menu -->\n\t\t</div><!-- .menu-button-container -->\n"
        f'\t\t<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">{"".join(items)}</ul></div>'
        "\t</nav><!-- #site-navigation -->"
    )


def _yoast_graph(page, site, cat, tags, author, person_id, image, modified_dt, comments_open, words):
    url = page.url
    org = {
        "@type": "Organization",
        "@id": site + "#organization",
        "name": page.force,
        "url": site,
        "sameAs": [
            f"https://www.facebook.com/{re.sub(r'[^A-Za-z]', '', page.force)}",
            f"https://twitter.com/{re.sub(r'[^A-Za-z]', '', page.force)[:15]}",
        ],
        "logo": {
            "@type": "ImageObject",
            "@id": site + "#logo",
            "inLanguage": "en-GB",
            "url": site + "wp-content/uploads/2020/03/logo.png",
            "width": 400,
            "height": 120,
            "caption": page.force,
        },
        "image": {"@id": site + "#logo"},
    }
    website = {
        "@type": "WebSite",
        "@id": site + "#website",
        "url": site,
        "name": page.force,
        "description": "Keeping our communities safe",
        "publisher": {"@id": site + "#organization"},
        "potentialAction": [
            {
                "@type": "SearchAction",
                "target": site + "?s={search_term_string}",
                "query-input": "required name=search_term_string",
            }
        ],
        "inLanguage": "en-GB",
    }
    graph = [org, website]
    if image:
        graph.append(
            {
                "@type": "ImageObject",
                "@id": url + "#primaryimage",
                "inLanguage": "en-GB",
                "url": image,
                "width": 1200,
                "height": 630,
            }
        )
    webpage = {
        "@type": "WebPage",
        "@id": url + "#webpage",
        "url": url,
        "name": f"{page.title} - {page.force}",
        "isPartOf": {"@id": site + "#website"},
    }
    if image:
        webpage["primaryImageOfPage"] = {"@id": url + "#primaryimage"}
    dates = {}
    if page.published:
        if len(page.published) == 10:
            dates = {
                "datePublished": page.published,
                "dateModified": modified_dt.date().isoformat() if modified_dt else page.published,
            }
        else:
            dates = {
                "datePublished": _w3c_gmt(page.published_dt()),
                "dateModified": _w3c_gmt(modified_dt or page.published_dt()),
            }
    webpage.update(dates)
    if page.description:
        webpage["description"] = page.description
    webpage.update(
        {
            "breadcrumb": {"@id": url + "#breadcrumb"},
            "inLanguage": "en-GB",
            "potentialAction": [{"@type": "ReadAction", "target": [url]}],
        }
    )
    graph.append(webpage)
    graph.append(
        {
            "@type": "BreadcrumbList",
            "@id": url + "#breadcrumb",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "item": {"@type": "WebPage", "@id": site, "url": site, "name": "Home"},
                },
                {
                    "@type": "ListItem",
                    "position": 2,
                    "item": {
                        "@type": "WebPage",
                        "@id": f"{site}category/{cat.lower().replace(' ', '-')}/",
                        "url": f"{site}category/{cat.lower().replace(' ', '-')}/",
                        "name": cat,
                    },
                },
                {"@type": "ListItem", "position": 3, "item": {"@id": url + "#webpage"}},
            ],
        }
    )
    article = {
        "@type": "Article",
        "@id": url + "#article",
        "isPartOf": {"@id": url + "#webpage"},
        "author": {"@id": person_id},
        "headline": page.title,
    }
    article.update(dates)
    article.update({"mainEntityOfPage": {"@id": url + "#webpage"}, "wordCount": words})
    if comments_open:
        article["commentCount"] = 0
    article["publisher"] = {"@id": site + "#organization"}
    if image:
        article.update({"image": {"@id": url + "#primaryimage"}, "thumbnailUrl": image})
    if tags:
        article["keywords"] = tags
    article["articleSection"] = [cat]
    article["inLanguage"] = "en-GB"
    if comments_open:
        article["potentialAction"] = [{"@type": "CommentAction", "name": "Comment", "target": [url + "#respond"]}]
    graph.append(article)
    gravatar = hashlib.md5(author.encode()).hexdigest()
    graph.append(
        {
            "@type": "Person",
            "@id": person_id,
            "name": author,
            "image": {
                "@type": "ImageObject",
                "@id": site + "#personlogo",
                "inLanguage": "en-GB",
                "url": f"https://secure.gravatar.com/avatar/{gravatar}?s=96&d=mm&r=g",
                "caption": author,
            },
        }
    )
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False).replace("/", "\\/")


def _recent_posts(page, title):
    import render

    rng = page.rng
    lis = []
    for _ in range(rng.randint(3, 6)):
        t = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=render.LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        lis.append(
            f'\n\t\t\t\t\t<li>\n\t\t\t\t\t<a href="https://{page.host}/{dt:%Y/%m/%d}/{render.slug(t)}/">{html.escape(t)}</a>\n'
            f'\t\t\t\t\t\t\t<span class="post-date">{date_text(dt)}</span>\n\t\t\t\t\t\t</li>'
        )
    return (
        f'<section id="recent-posts-2" class="widget widget_recent_entries">\n\t\t<h2 class="widget-title">{title}</h2>'
        f'<nav role="navigation" aria-label="{title}">\n\t\t<ul>{"".join(lis)}\n\t\t</ul>\n\n\t\t</nav></section>'
    )


def _comments(page, post_id):
    return (
        '<div id="comments" class="comments-area default-max-width show-avatars">\n\n\t\t<div id="respond" class="comment-respond">\n'
        '\t\t<h2 id="reply-title" class="comment-reply-title">Leave a comment <small><a rel="nofollow" id="cancel-comment-reply-link" '
        f'href="{html.escape(page.url)}#respond" style="display:none;">Cancel reply</a></small></h2>'
        f'<form action="https://{page.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
        '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are '
        'marked <span class="required">*</span></p><p class="comment-form-comment"><label for="comment">Comment</label> '
        '<textarea id="comment" name="comment" cols="45" rows="5" maxlength="65525" required="required"></textarea></p>'
        '<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" '
        'name="author" type="text" value="" size="30" maxlength="245" required=\'required\' /></p>\n'
        '<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" '
        'name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" required=\'required\' /></p>\n'
        '<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" '
        'maxlength="200" /></p>\n<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" '
        'name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Save my name, '
        'email, and website in this browser for the next time I comment.</label></p>\n<p class="form-submit"><input name="submit" '
        'type="submit" id="submit" class="submit" value="Post Comment" /> <input type=\'hidden\' name=\'comment_post_ID\' '
        f"value='{post_id}' id='comment_post_ID' />\n<input type='hidden' name='comment_parent' id='comment_parent' value='0' />\n"
        "</p></form>\t</div><!-- #respond -->\n\t\n</div><!-- #comments -->"
    )


def render_page(page):
    import render

    rng, sty, t = page.rng, page.sty, page.traps
    me = sys.modules[__name__]
    site = f"https://{page.host}/"
    post_id = rng.randint(900, 24000)
    cat = rng.choice(CATEGORIES)
    cat_slug = render.slug(cat)
    tags = rng.sample(TAGS, rng.randint(1, 3)) if rng.random() < 0.5 else []
    author = rng.choice(["Press Office", "Corporate Communications", "Media Team", "News Desk", "admin"])
    person_id = site + "#/schema/person/" + hashlib.md5((author + page.host).encode()).hexdigest()
    image = next((m for m in re.findall(r'property="og:image(?::url)?" content="([^"]+)"', page.head) if m), None)
    esc_title = html.escape(page.title)
    shown = page.date_shown(me)
    comments_open = rng.random() < 0.7

    modified_dt = None
    if page.modified:
        iso = render.parse_visible_date(page.modified)
        if iso:
            modified_dt = datetime.fromisoformat(iso)
            if modified_dt.tzinfo is None:
                modified_dt = modified_dt.replace(tzinfo=render.LONDON)
    elif page.published and rng.random() < 0.5:
        modified_dt = page.published_dt() + timedelta(minutes=rng.randint(5, 60 * 24 * 3))
    words = len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", page.title + " " + page.content)))

    # entry footer: twenty_twenty_one_entry_meta_footer() on a single post
    posted = ""
    if shown:
        text = html.escape(shown)
        time_ = (
            f'<time class="entry-date published updated" datetime="{_w3c_local(page)}">{text}</time>'
            if page.published
            else text
        )
        posted = (
            f'<span class="posted-on">{time_}</span>'
            if shown.lower().startswith(LABEL_WORDS)
            else f'<span class="posted-on">Published {time_}</span>'
        )
    byline = (
        f'<span class="byline">By <a href="{site}author/{render.slug(author)}/" rel="author">{html.escape(author)}</a></span>'
        if rng.random() < 0.6
        else ""
    )
    taxo = (
        f'<div class="post-taxonomies"><span class="cat-links">Categorized as <a href="{site}category/{cat_slug}/" '
        f'rel="category tag">{cat}</a> </span>'
    )
    if tags:
        taxo += (
            '<span class="tags-links">Tagged '
            + ", ".join(f'<a href="{site}tag/{render.slug(x)}/" rel="tag">{html.escape(x)}</a>' for x in tags)
            + "</span>"
        )
    taxo += "</div>"
    post_classes = (
        f"post-{post_id} post type-post status-publish format-standard "
        + ("has-post-thumbnail " if image else "")
        + f"hentry category-{cat_slug} "
        + "".join(f"tag-{render.slug(x)} " for x in tags)
        + "entry"
    )
    article = (
        f'<article id="post-{post_id}" class="{post_classes}">\n\n\t<header class="entry-header alignwide">\n'
        f'\t\t<h1 class="entry-title">{esc_title}</h1>\t\t\t</header>\n\n'
        f'\t<div class="entry-content">\n\t\t{page.content}\n\t</div><!-- .entry-content -->\n\n'
        + page.share_bar()
        + f'\n\t<footer class="entry-footer default-max-width">\n\t\t<div class="posted-by">{posted}{byline}</div>{taxo}'
        "\t</footer><!-- .entry-footer -->\n\n\t\t\t\n</article><!-- #post-" + str(post_id) + " -->"
    )

    prev_t = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
    next_t = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
    nav = (
        '\n\t<nav class="navigation post-navigation" role="navigation" aria-label="Posts">\n\t\t<h2 class="screen-reader-text">'
        'Post navigation</h2>\n\t\t<div class="nav-links"><div class="nav-previous">'
        f'<a href="{site}{render.slug(prev_t)}/" rel="prev"><p class="meta-nav">{SVG["arrow_left"]}Previous post</p>'
        f'<p class="post-title">{html.escape(prev_t)}</p></a></div>'
        + (
            f'<div class="nav-next"><a href="{site}{render.slug(next_t)}/" rel="next"><p class="meta-nav">Next post{SVG["arrow_right"]}'
            f'</p><p class="post-title">{html.escape(next_t)}</p></a></div>'
            if rng.random() < 0.6
            else ""
        )
        + "</div>\n\t</nav>"
    )

    widgets = [
        f'<section id="search-2" class="widget widget_search"><form role="search"  method="get" class="search-form" '
        f'action="{site}"><label for="search-form-1">Search&hellip;</label><input type="search" id="search-form-1" '
        'class="search-field" value="" name="s" /><input type="submit" class="search-submit" value="Search" /></form></section>'
    ]
    if t["related"]:
        widgets.append(_recent_posts(page, rng.choice(["Recent Posts", "Latest news", "Recent news"])))
    if rng.random() < 0.5:
        cats = "".join(
            f'\n\t<li class="cat-item cat-item-{i + 2}"><a href="{site}category/{render.slug(c)}/">{c}</a>\n</li>'
            for i, c in enumerate(CATEGORIES)
        )
        widgets.append(
            '<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2>'
            f'<nav role="navigation" aria-label="Categories">\n\t\t\t<ul>{cats}\n\t\t\t</ul>\n\n\t\t\t</nav></section>'
        )

    out = [
        "<!doctype html>",
        '<html lang="en-GB" >',
        "<head>",
        '\t<meta charset="UTF-8" />',
        '\t<meta name="viewport" content="width=device-width, initial-scale=1" />',
        page.head,
        "\n\t<!-- This site is optimized with the Yoast SEO plugin v15.9 - https://yoast.com/wordpress/plugins/seo/ -->",
        '\t<meta name="robots" content="index, follow, max-snippet:-1, max-image-preview:large, max-video-preview:-1" />',
        f'\t<meta name="twitter:label1" content="Written by">\n\t<meta name="twitter:data1" content="{html.escape(author)}">',
        f'\t<meta name="twitter:label2" content="Est. reading time">\n\t<meta name="twitter:data2" content="{max(1, words // 200)} minute{"s" if words >= 400 else ""}">',
        '\t<script type="application/ld+json" class="yoast-schema-graph">'
        + _yoast_graph(page, site, cat, tags, author, person_id, image, modified_dt, comments_open, words)
        + "</script>",
        "\t<!-- / Yoast SEO plugin. -->\n",
        "<link rel='dns-prefetch' href='//s.w.org' />",
        f'<link rel="alternate" type="application/rss+xml" title="{html.escape(page.force)} &raquo; Feed" href="{site}feed/" />',
        f'<link rel="alternate" type="application/rss+xml" title="{html.escape(page.force)} &raquo; {esc_title} Comments Feed" '
        f'href="{html.escape(page.url)}feed/" />',
        f"<link rel='stylesheet' id='wp-block-library-css'  href='{site}wp-includes/css/dist/block-library/style.min.css?ver=5.6.2' media='all' />",
        f"<link rel='stylesheet' id='twenty-twenty-one-style-css'  href='{site}wp-content/themes/twentytwentyone/style.css?ver=1.1' media='all' />",
        f'<link rel="https://api.w.org/" href="{site}wp-json/" /><link rel="alternate" type="application/json" '
        f'href="{site}wp-json/wp/v2/posts/{post_id}" />',
        f"<link rel='shortlink' href='{site}?p={post_id}' />",
        '<meta name="generator" content="WordPress 5.6.2" />',
        "</head>",
        "",
        f'<body class="post-template-default single single-post postid-{post_id} single-format-standard wp-embed-responsive '
        f'is-light-theme no-js singular has-main-navigation{" " + sty("site-news", "news-post") if rng.random() < 0.3 else ""}">',
    ]
    out += page.chrome_top()
    out.append(
        '<div id="page" class="site">\n\t<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n'
    )
    out.append(
        '\n<header id="masthead" class="site-header has-title-and-tagline has-menu" role="banner">\n\n\n<div class="site-branding">\n\n'
        f'\t\t\t\t\t<p class="site-title"><a href="{site}">{html.escape(page.force)}</a></p>\n\t\t\t\n\t\t\t<p class="site-description">\n'
        "\t\t\tKeeping our communities safe\t\t</p>\n\t</div><!-- .site-branding -->\n\t\n\t"
        + _menu(page.host, t["menu_traps"], rng)
        + "\n\n</header><!-- #masthead -->"
    )
    out.append(
        '\n\t<div id="content" class="site-content">\n\t\t<section id="primary" class="content-area">\n\t\t\t<main id="main" class="site-main" role="main">\n'
    )
    out.append(article)
    if comments_open:
        out.append(_comments(page, post_id))
    out.append(nav)
    out.append("\t\t\t</main><!-- #main -->\n\t\t</section><!-- #primary -->\n\t</div><!-- #content -->\n")
    out.append('\t\n\t<aside class="widget-area">\n\t\t' + "".join(widgets) + "\t</aside><!-- .widget-area -->\n")
    foot = "".join(
        f'<li id="menu-item-{300 + i}" class="menu-item menu-item-type-post_type menu-item-object-page menu-item-{300 + i}">'
        f'<a href="{site}{render.slug(x)}/"><span>{x}</span></a></li>'
        for i, x in enumerate(render.FOOTER)
    )
    out.append(
        '\t<footer id="colophon" class="site-footer" role="contentinfo">\n\n\t\t\t<nav aria-label="Secondary menu" class="footer-navigation">'
        f'\n\t\t\t\t<ul class="footer-navigation-wrapper">\n\t\t\t\t\t{foot}\t\t\t\t</ul><!-- .footer-navigation-wrapper -->\n'
        '\t\t\t</nav><!-- .footer-navigation -->\n\t\t<div class="site-info">\n\t\t\t<div class="site-name">\n'
        f'\t\t\t\t\t\t\t\t\t\t\t\t\t<a href="{site}">{html.escape(page.force)}</a>\n\t\t\t\t\t\t\t\t\t\t\t\t\t</div><!-- .site-name -->\n'
        '\t\t\t<div class="powered-by">\n\t\t\t\tProudly powered by <a href="https://wordpress.org/">WordPress</a>.\t\t\t</div><!-- .powered-by -->\n\n'
        "\t\t</div><!-- .site-info -->\n\t</footer><!-- #colophon -->\n\n</div><!-- #page -->\n"
    )
    out.append('<script>document.body.classList.remove("no-js");</script>')
    out.append(
        f"<script src='{site}wp-content/themes/twentytwentyone/assets/js/primary-navigation.js?ver=1.1' id='twenty-twenty-one-primary-navigation-script-js'></script>"
    )
    out.append(f"<script src='{site}wp-includes/js/comment-reply.min.js?ver=5.6.2' id='comment-reply-js'></script>")
    out.append("\n</body>\n</html>\n")
    return "\n".join(out)
