"""GOV.UK: a news story as government-frontend renders it with the GOV.UK publishing components.

Sources read:
  alphagov/govuk_publishing_components, tag v24.6.0 = commit fe90f007978a824c769d4a567ab02f9908f51e6d (16 March 2021),
  app/views/govuk_publishing_components/components/:
    _layout_for_public.html.erb       body.gem-c-layout-for-public.govuk-template__body, js-enabled script, skip link,
                                      cookie banner, layout header, feedback, layout footer
    _skip_link.html.erb, _cookie_banner.html.erb ("Cookies on GOV.UK", accept/reject buttons, hidden confirmation)
    _layout_header.html.erb, layout_header/_header_logo.html.erb, layout_header/_search.html.erb
    _contextual_breadcrumbs.html.erb, _breadcrumbs.html.erb (BreadcrumbList JSON-LD + govuk-breadcrumbs list)
    _title.html.erb                   div.gem-c-title > span.govuk-caption-xl.gem-c-title__context + h1.gem-c-title__text
    _lead_paragraph.html.erb          p.gem-c-lead-paragraph (the summary, above the metadata)
    _metadata.html.erb, metadata/_sentence.html.erb  div.gem-c-metadata > dl: "From:" / "Published:" / "Last updated:"
                                      dt.gem-c-metadata__term + dd.gem-c-metadata__definition
    _govspeak.html.erb                div.gem-c-govspeak.govuk-govspeak[data-module=govspeak]
    _share_links.html.erb             div.gem-c-share-links, span.govuk-visually-hidden "Share on"
    _contextual_sidebar.html.erb, _related_navigation.html.erb, related_navigation/_section.html.erb
                                      h2 "Related content", nav sections ("Explore the topic"), link lists
    _contents_list.html.erb           (not used: news stories carry no contents list)
    _feedback.html.erb, feedback/_yes_no_banner.html.erb, feedback/_problem_form.html.erb,
    feedback/_survey_signup_form.html.erb   "Is this page useful?", govuk-visually-hidden "this page is useful",
                                      "Help us improve GOV.UK", email survey sign-up
    _layout_footer.html.erb + lib/.../presenters/public_layout_helper.rb (footer navigation and meta links)
    lib/.../presenters/machine_readable/{creative_work_schema,article_schema,news_article_schema}.rb
                                      NewsArticle JSON-LD: datePublished = first_published_at, dateModified =
                                      public_updated_at, headLine, description, articleBody
  alphagov/govuk_publishing_components lib/govuk_publishing_components/presenters/meta_tags.rb at commit 06d5326d3
    (2022-06-17, "Add new meta tags"): <meta name="govuk:first-published-at">, govuk:updated-at, govuk:public-updated-at
  alphagov/government-frontend at commit dea19ac0459fbb14199ed4bc2dc2d9cf2c27dbee (16 March 2021):
    app/views/content_items/news_article.html.erb     title + lead paragraph, publisher metadata, govspeak body,
                                                      share links, published-dates, sidebar navigation
    app/views/layouts/application.html.erb            div#wrapper, contextual breadcrumbs, main#content.news-article, feedback
    app/views/shared/_publisher_metadata_with_logo.html.erb, _sidebar_navigation.html.erb
    app/views/components/_published-dates.html.erb    div.app-c-published-dates "Published 15 February 2021"

Dates: GOV.UK shows "15 February 2021" (no time) in the metadata and again under the body, with no machine-readable
date in the body. The head carries govuk:first-published-at and the NewsArticle JSON-LD (machine_readable_metadata
schema: :news_article) only when the publish instant is known (page.published has a time); a date alone gets neither,
so those pages exercise the visible date. The visible date is GOV.UK's own rendering of the publish date (the corpus's
visible text only when no publish date is known). The related-navigation sidebar always follows the body in the DOM.
Left out: layout_for_public's fallback og:image (the truth's og tags are the corpus's own).
"""

import html
import json
import sys
from datetime import timedelta
from urllib.parse import quote

NAME = "govuk"
PREFIX = "gem"

TOPICS = [
    "Policing",
    "Crime prevention",
    "Crime, justice and law",
    "Courts, sentencing and tribunals",
    "Public safety and emergencies",
    "Road safety",
]
FOOTER_NAV = [
    (
        "Prepare for Brexit",
        2,
        [
            ("/business-uk-leaving-eu", "Prepare your business or organisation for Brexit"),
            ("/prepare-eu-exit", "Prepare for Brexit if you live in the UK"),
            ("/uk-nationals-living-eu", "Living in Europe after Brexit"),
            ("/staying-uk-eu-citizen", "Continue to live in the UK after Brexit"),
        ],
    ),
    (
        "Services and information",
        2,
        [
            ("/browse/benefits", "Benefits"),
            ("/browse/births-deaths-marriages", "Births, deaths, marriages and care"),
            ("/browse/business", "Business and self-employed"),
            ("/browse/childcare-parenting", "Childcare and parenting"),
            ("/browse/citizenship", "Citizenship and living in the UK"),
            ("/browse/justice", "Crime, justice and the law"),
            ("/browse/disabilities", "Disabled people"),
            ("/browse/driving", "Driving and transport"),
            ("/browse/education", "Education and learning"),
            ("/browse/employing-people", "Employing people"),
            ("/browse/environment-countryside", "Environment and countryside"),
            ("/browse/housing-local-services", "Housing and local services"),
            ("/browse/tax", "Money and tax"),
            ("/browse/abroad", "Passports, travel and living abroad"),
            ("/browse/visas-immigration", "Visas and immigration"),
            ("/browse/working", "Working, jobs and pensions"),
        ],
    ),
    (
        "Departments and policy",
        1,
        [
            ("/government/how-government-works", "How government works"),
            ("/government/organisations", "Departments"),
            ("/world", "Worldwide"),
            ("/search/services", "Services"),
            ("/search/guidance-and-regulation", "Guidance and regulation"),
            ("/search/news-and-communications", "News and communications"),
            ("/search/research-and-statistics", "Research and statistics"),
            ("/search/policy-papers-and-consultations", "Policy papers and consultations"),
            (
                "/search/transparency-and-freedom-of-information-releases",
                "Transparency and freedom of information releases",
            ),
        ],
    ),
]
FOOTER_META = [
    ("/help", "Help"),
    ("/help/cookies", "Cookies"),
    ("/contact", "Contact"),
    ("/help/terms-conditions", "Terms and conditions"),
    ("/cymraeg", "Rhestr o Wasanaethau Cymraeg"),
    ("/government/organisations/government-digital-service", "Government Digital Service"),
]


def _london():
    import render

    return render.LONDON


def date_text(dt):
    """GOV.UK's display_date: '%-d %B %Y', no time."""
    dt = dt.astimezone(_london())
    return f"{dt.day} {dt:%B %Y}"


def _content_store_time(dt):
    """Content store timestamps: '2021-02-15T13:35:00.000+00:00' in London time."""
    dt = dt.astimezone(_london())
    off = dt.strftime("%z")
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000") + off[:3] + ":" + off[3:]


def _uuid(rng):
    return "%08x-%04x-4%03x-%04x-%012x" % (
        rng.getrandbits(32),
        rng.getrandbits(16),
        rng.getrandbits(12),
        rng.getrandbits(16) | 0x8000,
        rng.getrandbits(48),
    )


def _cookie_banner():
    buttons = (
        '<div class="govuk-button-group">\n'
        '<button class="gem-c-button govuk-button" type="submit" name="cookies" data-module="gem-track-click" data-accept-cookies="true" '
        'data-track-category="cookieBanner" data-track-action="Cookie banner accepted" data-cookie-types="all">Accept additional cookies</button>\n'
        '<button class="gem-c-button govuk-button" type="submit" name="cookies" data-module="gem-track-click" data-reject-cookies="true" '
        'data-track-category="cookieBanner" data-track-action="Cookie banner rejected">Reject additional cookies</button>\n'
        '<a class="govuk-link" href="/help/cookies">View cookies</a>\n</div>'
    )
    text = "".join(
        f"<p class='govuk-body'>{x}</p>"
        for x in (
            "We use some essential cookies to make this website work.",
            "We’d like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.",
            "We also use cookies set by other sites to help us deliver content from their services.",
        )
    )
    return (
        '<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner" role="region" '
        'aria-label="cookie banner" data-nosnippet>\n  <div class="govuk-cookie-banner js-banner-wrapper" role="region" '
        'aria-label="Cookies on GOV.UK">\n    <div class="gem-c-cookie-banner__message govuk-cookie-banner__message govuk-width-container">\n'
        '      <div class="govuk-grid-row">\n        <div class="govuk-grid-column-two-thirds">\n'
        '          <h2 class="govuk-cookie-banner__heading govuk-heading-m">Cookies on GOV.UK</h2>\n'
        f'          <div class="govuk-cookie-banner__content">\n            {text}\n          </div>\n        </div>\n      </div>\n'
        f"          {buttons}\n    </div>\n  </div>\n"
        '  <div class="gem-c-cookie-banner__confirmation govuk-width-container" tabindex="-1" hidden>\n'
        "    <p class=\"gem-c-cookie-banner__confirmation-message\" role=\"alert\">You can <a class='govuk-link' href='/help/cookies' "
        "data-module='gem-track-click' data-track-category='cookieBanner' data-track-action='Cookie banner settings clicked from "
        'confirmation\'>change your cookie settings</a> at any time.</p>\n    <div class="govuk-button-group">\n'
        '      <button class="gem-c-cookie-banner__hide-button govuk-button" data-hide-cookie-banner="true" data-module="gem-track-click" '
        'data-track-category="cookieBanner" data-track-action="Hide cookie banner">Hide this message</button>\n    </div>\n  </div>\n</div>'
    )


def _header():
    return (
        '<header class="gem-c-layout-header govuk-header" role="banner" data-module="govuk-header">\n'
        '  <div class="govuk-header__container govuk-width-container">\n'
        '      <div class="govuk-grid-row govuk-!-margin-left-0 govuk-!-margin-right-0">\n'
        '        <div class="gem-c-layout-header__logo govuk-grid-column-two-thirds">\n'
        '          <div class="govuk-header__logo gem-c-header__logo">\n'
        '  <a href="/" class="govuk-header__link govuk-header__link--homepage" data-module="gem-track-click" '
        'data-track-category="homeLinkClicked" data-track-action="homeHeader">\n    <span class="govuk-header__logotype">\n'
        '      <svg aria-hidden="true" focusable="false" class="govuk-header__logotype-crown" xmlns="http://www.w3.org/2000/svg" '
        'viewbox="0 0 132 97" height="32" width="36"><path fill="currentColor" fill-rule="evenodd" d="M25 30.2c3.5 1.5 7.7-.2 '
        '9.1-3.7 1.5-3.6-.2-7.8-3.9-9.2-3.6-1.4-7.6.3-9.1 3.9-1.4 3.5.3 7.5 3.9 9z"></path>'
        '<image src="/assets/static/govuk-logotype-crown.png" class="govuk-header__logotype-crown-fallback-image"></image></svg>\n'
        '      <span class="govuk-header__logotype-text">\n        GOV.UK\n      </span>\n    </span>\n  </a>\n</div>\n'
        '        </div>\n        <div class="govuk-header__content gem-c-header__content">\n        </div>\n'
        '          <div class="govuk-grid-column-one-third gem-c-layout-header__search">\n'
        '            <button class="search-toggle js-header-toggle" data-search-toggle-for="search" data-show-text="Show search" '
        'data-hide-text="Hide search">Show search</button>\n<form action="/search" class="gem-c-layout-header__search-form govuk-clearfix" '
        'id="search" method="get" role="search">\n  <div class="gem-c-search govuk-!-display-none-print  gem-c-search--no-border '
        'gem-c-search--on-govuk-blue gem-c-search--separate-label" data-module="gem-toggle-input-class-on-focus">\n'
        '    <label for="site-search-text" class="gem-c-search__label">Search on GOV.UK</label>\n'
        '    <div class="gem-c-search__item-wrapper">\n      <input enterkeyhint="search" class="gem-c-search__item gem-c-search__input '
        'js-class-toggle" id="site-search-text" name="q" title="Search" type="search" value="">\n'
        '      <div class="gem-c-search__item gem-c-search__submit-wrapper">\n        <button class="gem-c-search__submit" '
        'type="submit" data-track-category="headerClicked" data-track-action="searchSubmitted" data-track-label="/search/all" '
        'data-track-dimension="Search on GOV.UK content" data-track-dimension-index="29" enterkeyhint="search">\n'
        "          Search\n        </button>\n      </div>\n    </div>\n  </div>\n</form>\n          </div>\n      </div>\n  </div>\n</header>"
    )


def _breadcrumbs(page, topic):
    crumbs = [
        ("Home", "/"),
        ("Crime, justice and law", "/crime-justice-and-law"),
        (topic, "/crime-justice-and-law/" + _slug(topic)),
    ]
    ld = {
        "@context": "http://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "item": {"name": name, "@id": f"https://{page.host}{href}"}}
            for i, (name, href) in enumerate(crumbs, 1)
        ],
    }
    lis = "".join(
        f'\n        <li class="govuk-breadcrumbs__list-item">\n          <a data-track-category="breadcrumbClicked" data-track-action="{i}" '
        f'data-track-label="{href}" data-track-options=\'{{"dimension28":"{len(crumbs)}","dimension29":"{name}"}}\' '
        f'class="govuk-breadcrumbs__link" href="{href}">{html.escape(name)}</a>\n        </li>'
        for i, (name, href) in enumerate(crumbs, 1)
    )
    return (
        '<div class="gem-c-contextual-breadcrumbs">\n<script type="application/ld+json">\n  '
        + json.dumps(ld, indent=2).replace("\n", "\n  ")
        + "\n</script>\n\n"
        '<div class="gem-c-breadcrumbs govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile" data-module="gem-track-click">\n'
        f'  <ol class="govuk-breadcrumbs__list">{lis}\n  </ol>\n</div>\n</div>'
    )


def _slug(s):
    import render

    return render.slug(s)


def _share_links(page):
    u = quote(page.url, safe="")
    items = []
    for icon, text, href in (
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("twitter", "Twitter", f"https://twitter.com/share?url={u}&amp;text={quote(page.title)}"),
    ):
        items.append(
            f'\n      <li class="gem-c-share-links__list-item">\n        <a target="_blank" rel="noopener noreferrer external" '
            f'data-track-category="social media" data-track-action="{icon}" class="gem-c-share-links__link " href="{href}">'
            f'\n          <span class="gem-c-share-links__link-icon"><svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" '
            f'aria-hidden="true"><path fill="currentColor" d="M31 0H1a1 1 0 0 0-1 1v30a1 1 0 0 0 1 1h30a1 1 0 0 0 1-1V1a1 1 0 0 0-1-1z"/>'
            f'</svg></span>\n          <span class="govuk-visually-hidden">\n              Share on\n          </span>\n'
            f"          {text}\n        </a>\n      </li>"
        )
    return (
        '<div class="dont-print responsive-bottom-margin">\n<div class="gem-c-share-links" data-module="gem-track-click">\n'
        '    <h2 class="gem-c-share-links__title">Share this page</h2>\n    <ul class="gem-c-share-links__list">'
        + "".join(items)
        + "\n    </ul>\n</div>\n</div>"
    )


def _related(page, topic, rng):
    import render

    rid = "%08x" % rng.getrandbits(32)
    sections = []
    if page.traps["related"]:
        links = []
        for i in range(1, rng.randint(3, 5) + 1):
            title = rng.choice(render.STORIES).format(p=rng.choice(render.PLACES))
            links.append(
                f'<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
                f'gem-c-related-navigation__section-link--sidebar" data-track-category="relatedLinkClicked" '
                f'data-track-action="1.{i} Related content" data-track-label="/government/news/{render.slug(title)}" '
                f'href="/government/news/{render.slug(title)}">{html.escape(title)}</a></li>'
            )
        sections.append(
            f'<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-related_items-{rid}" '
            f'data-module="gem-toggle">\n  <ul class="gem-c-related-navigation__link-list" data-module="gem-track-click">'
            + "".join(links)
            + "</ul>\n</nav>"
        )
    topics = [topic] + rng.sample([x for x in TOPICS if x != topic], 1)
    if page.traps["menu_traps"]:
        topics.append("Automatic number plate recognition (ANPR)")
    tl = "".join(
        f'<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
        f'gem-c-related-navigation__section-link--sidebar" data-track-category="relatedLinkClicked" '
        f'data-track-action="2.{i} Explore the topic" href="/crime-justice-and-law/{_slug(x)}">{html.escape(x)}</a></li>'
        for i, x in enumerate(topics, 1)
    )
    sections.append(
        f'<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-topics-{rid}" '
        f'data-module="gem-toggle">\n  <h3 id="related-nav-topics-{rid}" class="gem-c-related-navigation__sub-heading '
        f'gem-c-related-navigation__sub-heading--sidebar" data-track-count="sidebarRelatedItemSection">Explore the topic</h3>\n'
        f'  <ul class="gem-c-related-navigation__link-list" data-module="gem-track-click">{tl}</ul>\n</nav>'
    )
    return (
        '<div class="govuk-grid-column-one-third">\n<div class="gem-c-contextual-sidebar">\n  <div class="gem-c-related-navigation">\n'
        f'    <h2 id="related-nav-related_items-{rid}" class="gem-c-related-navigation__main-heading" data-track-count="sidebarRelatedItemSection">\n'
        "      Related content\n    </h2>\n" + "\n".join(sections) + "\n  </div>\n</div>\n</div>"
    )


def _feedback(page):
    path = page.url.split(page.host, 1)[-1] or "/"
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
        '  <button class="govuk-button govuk-button--secondary gem-c-feedback__close gem-c-feedback__js-show js-close-form" '
        'data-track-category="Onsite Feedback" data-track-action="GOV.UK Close Form" aria-controls="something-is-wrong" aria-expanded="true">\n'
        '    Close\n  </button>\n  <div class="govuk-grid-row">\n    <div class="govuk-grid-column-two-thirds">\n'
        '      <div class="gem-c-feedback__error-summary gem-c-feedback__js-show js-hidden js-errors" tabindex="-1"></div>\n'
        f'      <input type="hidden" name="url" value="{html.escape(page.url)}">\n'
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
        '  <button class="govuk-button govuk-button--secondary gem-c-feedback__close js-close-form" data-track-category="yesNoFeedbackForm" '
        'data-track-action="ffFormClose" aria-controls="page-is-not-useful" aria-expanded="true">\n    Close\n  </button>\n'
        '  <div class="govuk-grid-row">\n    <div class="govuk-grid-column-two-thirds" id="survey-wrapper">\n'
        '      <div class="gem-c-feedback__error-summary js-hidden js-errors" tabindex="-1"></div>\n'
        '      <input name="email_survey_signup[survey_id]" type="hidden" value="footer_satisfaction_survey">\n'
        f'      <input name="email_survey_signup[survey_source]" type="hidden" value="{html.escape(path)}">\n'
        '      <h3 class="gem-c-feedback__form-heading">Help us improve GOV.UK</h3>\n'
        '      <p id="survey_explanation" class="gem-c-feedback__form-paragraph">To help us improve GOV.UK, we’d like to know more about your '
        "visit today. We’ll send you a link to a feedback form. It will take only 2 minutes to fill in. Don’t worry we won’t send you spam or "
        "share your email address with anyone.</p>\n"
        '      <div class="govuk-form-group"><label for="input-email" class="gem-c-label govuk-label">Email address</label>'
        '<input aria-describedby="survey_explanation" autocomplete="email" class="gem-c-input govuk-input" id="input-email" '
        'name="email_survey_signup[email_address]" spellcheck="false" type="email"></div>\n'
        '       <button class="gem-c-button govuk-button" type="submit">Send me the survey</button>\n    </div>\n  </div>\n</form>\n</div>'
    )


def _footer():
    cols = []
    for title, ncols, items in FOOTER_NAV:
        width = "govuk-grid-column-two-thirds" if ncols == 2 else "govuk-grid-column-one-third"
        lis = "".join(
            f'\n                      <li class="govuk-footer__list-item">\n                        <a class="govuk-footer__link" '
            f'data-track-category="footerClicked" href="{href}">{html.escape(text)}</a>\n                      </li>'
            for href, text in items
        )
        extra = f" govuk-footer__list--columns-{ncols}" if ncols > 1 else ""
        cols.append(
            f'\n            <div class="{width}">\n              <h2 class="govuk-footer__heading govuk-heading-m">{title}</h2>\n'
            f'                <ul class="govuk-footer__list{extra}">{lis}\n                </ul>\n            </div>'
        )
    meta = "".join(
        f'\n              <li class="govuk-footer__inline-list-item">\n                <a class="govuk-footer__link" href="{href}">'
        f"{html.escape(text)}</a>\n              </li>"
        for href, text in FOOTER_META
    )
    return (
        '<footer class="gem-c-layout-footer govuk-footer gem-c-layout-footer--border" role="contentinfo">\n'
        '  <div class="govuk-width-container" data-module="gem-track-click">\n      <div class="govuk-footer__navigation">'
        + "".join(cols)
        + '\n      </div>\n\n      <hr class="govuk-footer__section-break">\n    <div class="govuk-footer__meta">\n'
        '      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">\n          <h2 class="govuk-visually-hidden">Support links</h2>\n'
        f'          <ul class="govuk-footer__inline-list">{meta}\n          </ul>\n'
        '        <svg role="presentation" focusable="false" class="govuk-footer__licence-logo" xmlns="http://www.w3.org/2000/svg" '
        'viewbox="0 0 483.2 195.7" height="17" width="41"><path fill="currentColor" d="M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7z"/></svg>\n'
        '        <span class="govuk-footer__licence-description">\n          All content is available under the\n'
        '          <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" rel="license">'
        "Open Government Licence v3.0</a>, except where otherwise stated\n        </span>\n      </div>\n"
        '      <div class="govuk-footer__meta-item">\n        <a class="govuk-footer__link govuk-footer__copyright-logo" '
        'href="http://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/copyright-and-re-use/crown-copyright/">'
        "© Crown copyright</a>\n      </div>\n    </div>\n  </div>\n</footer>"
    )


def render_page(page):
    rng, t = page.rng, page.traps
    me = sys.modules[__name__]
    org_slug = _slug(page.force)
    topic = rng.choice(TOPICS[:2] + TOPICS[3:])
    context = rng.choice(["News story", "News story", "News story", "Press release"])
    esc_title = html.escape(page.title)
    # GOV.UK formats its own dates (display_date of first_public_at): the family's rendering of the publish date,
    # the corpus's visible text only when no publish date is known.
    shown = date_text(page.published_dt()) if page.published else page.date_shown(me)
    timed = bool(page.published) and len(page.published) > 10

    head = [page.head]
    head.append(
        f'<meta name="csrf-param" content="authenticity_token" />\n<meta name="csrf-token" content="{"%086x" % rng.getrandbits(344)}" />'
    )
    head.append(
        '<link rel="stylesheet" media="all" href="/assets/static/application-6a4c0b1d.css" />\n'
        '<link rel="stylesheet" media="print" href="/assets/static/print-5e3a8f2c.css" />\n'
        '<link rel="shortcut icon" href="/assets/static/favicon-8d811b8c.ico" type="image/x-icon" />\n'
        '<link rel="mask-icon" href="/assets/static/govuk-mask-icon-3fc7ffb0.svg" color="#0b0c0c">\n'
        '<meta name="theme-color" content="#0b0c0c" />\n<meta http-equiv="X-UA-Compatible" content="IE=edge" />'
    )
    # (layout_for_public's fallback <meta property="og:image"> is left out: the truth's og tags are the corpus's own)
    doc_type = "news_story" if context == "News story" else "press_release"
    metas = [
        ("govuk:format", doc_type),
        ("govuk:publishing-application", "whitehall"),
        ("govuk:schema-name", "news_article"),
        ("govuk:content-id", _uuid(rng)),
    ]
    updated_dt = None
    if timed:
        pub = page.published_dt()
        updated_dt = pub + timedelta(minutes=rng.randint(1, 60 * 24 * 30)) if rng.random() < 0.5 else pub
        metas += [
            ("govuk:first-published-at", _content_store_time(pub)),
            ("govuk:updated-at", _content_store_time(updated_dt)),
            ("govuk:public-updated-at", _content_store_time(pub)),
        ]
    metas += [
        ("govuk:analytics:organisations", f"<PO{rng.randint(100, 999)}>"),
        ("govuk:political-status", "non-political"),
    ]
    head.append("\n".join(f'  <meta name="{k}" content="{html.escape(v)}">' for k, v in metas))
    if page.description:
        head.append(f'<meta name="description" content="{html.escape(page.description)}" />')
    if timed:
        ld = {
            "@context": "http://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": page.url},
            "name": page.title,
            "datePublished": _content_store_time(page.published_dt()),
            "dateModified": _content_store_time(page.published_dt()),
            "text": page.description or None,
            "publisher": {
                "@type": "Organization",
                "name": "GOV.UK",
                "url": "https://www.gov.uk",
                "logo": {
                    "@type": "ImageObject",
                    "url": f"https://{page.host}/assets/govuk_publishing_components/govuk_publishing_components/govuk-logo-e5962881254c9adb48f94d2f627d3bb67f258a6cbccc969e80abb7bbe4622d7c.png",
                },
            },
            "image": [
                f"https://{page.host}/assets/govuk_publishing_components/govuk-schema-placeholder-1x1-5ceffe5e.png"
            ],
            "author": {
                "@type": "Organization",
                "name": page.force,
                "url": f"https://{page.host}/government/organisations/{org_slug}",
            },
            "headLine": page.title,
            "description": page.description or None,
            "articleBody": page.content,
        }
        head.append(
            '<script type="application/ld+json">\n  '
            + json.dumps(ld, indent=2, ensure_ascii=False).replace("</", "<\\/").replace("\n", "\n  ")
            + "\n</script>"
        )

    chrome = page.chrome_top()
    if t["cookie"]:
        chrome[0] = _cookie_banner()  # GOV.UK's own consent banner in place of the generic one

    lead = (
        f'\n  <div class="govuk-grid-column-two-thirds">\n    <p class="gem-c-lead-paragraph">{html.escape(page.description)}</p>\n  </div>'
        if page.description
        else ""
    )
    rows = [
        f'<dt class="gem-c-metadata__term">From:</dt>\n      <dd class="gem-c-metadata__definition">\n        '
        f'<a class="govuk-link" href="/government/organisations/{org_slug}">{html.escape(page.force)}</a>\n      </dd>'
    ]
    if shown:
        rows.append(
            f'<dt class="gem-c-metadata__term">Published:</dt>\n      <dd class="gem-c-metadata__definition">{html.escape(shown)}</dd>'
        )
    last_updated = None
    if page.modified:
        last_updated = page.modified
    elif updated_dt is not None and updated_dt.date() != page.published_dt().date() and rng.random() < 0.5:
        last_updated = date_text(updated_dt)
    if last_updated:
        rows.append(
            f'<dt class="gem-c-metadata__term">Last updated:</dt>\n      <dd class="gem-c-metadata__definition">\n        '
            f"{html.escape(last_updated)}</dd>"
        )
    metadata = (
        '<div class="govuk-grid-row">\n  <div class="metadata-logo-wrapper">\n    <div class="govuk-grid-column-two-thirds metadata-column">\n'
        '<div class="gem-c-metadata" data-module="gem-toggle">\n  <dl data-module="gem-track-click">\n      '
        + "\n      ".join(rows)
        + '\n  </dl>\n</div>\n    </div>\n    <div class="govuk-grid-column-one-third">\n    </div>\n  </div>\n</div>'
    )
    pub_dates = ""
    if shown or last_updated:
        pub_dates = '<div class="app-c-published-dates " lang="en">\n'
        if shown:
            pub_dates += f"    Published {html.escape(shown)}\n"
        if last_updated:
            pub_dates += ("<br />" if shown else "") + f"Last updated {html.escape(last_updated)}\n"
        pub_dates += "</div>"
    share = _share_links(page) if t["share"] else ""

    main = (
        '<main role="main" id="content" class="news-article" lang="en">\n<div class="govuk-grid-row">\n'
        '  <div class="govuk-grid-column-two-thirds">\n    <div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8">\n'
        f'      <span class="govuk-caption-xl gem-c-title__context">\n        {context}\n      </span>\n'
        f'    <h1 class="gem-c-title__text ">\n      {esc_title}\n    </h1>\n</div>\n  </div>{lead}\n</div>\n\n'
        + metadata
        + '\n\n<div class="govuk-grid-row">\n  <div class="govuk-grid-column-two-thirds content-bottom-margin">\n'
        '    <div class="responsive-bottom-margin">\n'
        f'<div class="gem-c-govspeak govuk-govspeak direction-ltr" data-module="govspeak">\n<div class="govspeak">{page.content}</div>\n</div>\n'
        f"    </div>\n\n    {share}\n\n    {pub_dates}\n  </div>\n\n" + _related(page, topic, rng) + "\n</div>\n</main>"
    )

    out = [
        "<!DOCTYPE html>",
        '<!--[if lt IE 9]><html class="lte-ie8" lang="en"><![endif]-->',
        '<!--[if gt IE 8]><!--><html lang="en"><!--<![endif]-->',
        "<head>",
        "\n".join(head),
        "</head>",
        '<body class="gem-c-layout-for-public govuk-template__body">',
        "<script>\n  document.body.className = ((document.body.className) ? document.body.className + ' js-enabled' : 'js-enabled');\n</script>",
        '<a href="#content" class="gem-c-skip-link govuk-skip-link">Skip to main content</a>',
    ]
    out += chrome
    out.append(_header())
    out.append('<div id="wrapper" class="direction-ltr govuk-width-container">')
    out.append(_breadcrumbs(page, topic))
    out.append(main)
    out.append(_feedback(page))
    out.append("</div>")
    out.append(_footer())
    out.append('<script src="/assets/static/application-2b1f3c9d.js"></script>\n</body>\n</html>\n')
    return "\n".join(out)
