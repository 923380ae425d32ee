"""Where a page states its publish date, in markup nobody tuned the extractor to: each rule of the date
finder (crawler.extraction.dateline: the lines around the headline, the element showing the title when no heading
does, the vote between machine-readable and visible dates, htmldate confirmed by the page's text) with a
small page written for it. The causes come from benchmarks/dates_real.py (htmldate's real-page set) and the
rendered sitecore/umbraco families (benchmarks/evaluate.py)."""

import pytest

import crawler.extraction.dateline as dateline
from crawler.extraction import extract_notice
from crawler.extraction.dates import parse_date_text

URL = "https://example.com/news/road-closed"
TITLE = "Road closed for repairs on the high street"
BODY = (
    "<p>The road will be closed for two weeks while the council repairs the bridge deck. Drivers are asked "
    "to use the signed diversion through the town centre and to allow extra time.</p>"
    "<p>Officers will be on hand at the junction during the morning rush hour on the first day.</p>"
)


def page(inner, head=""):
    return (f"<html><head><title>{TITLE}</title>{head}</head><body>{inner}</body></html>").encode()


def extract(inner, head="", url=URL):
    return extract_notice(page(inner, head), url)


# --- what a line says --------------------------------------------------------------------------------


def test_a_two_digit_year_line_alone_is_a_date():
    """hertie-school.org: a span holding only "02.12.19" above the headline."""
    rec = extract(f"<main><header><span>02.12.19</span><h1>{TITLE}</h1></header>" + BODY + "</main>")
    assert rec["published"] == "2019-12-02"


@pytest.mark.parametrize("line", ["Version 1.2.19 of the app", "02.12.19 and more words"])
def test_a_two_digit_year_inside_words_is_no_date(line):
    rec = extract(f"<h1>{TITLE}</h1><div>{line}</div>" + BODY)
    assert rec["published"] is None


def test_updated_colon_is_an_updated_line():
    """ "Updated: 3 May 2021" is when the page changed (UPDATED_WORDS' "updated:" could never match before)."""
    rec = extract(f"<h1>{TITLE}</h1><p>Updated: 3 May 2021</p>" + BODY)
    assert rec["published"] is None
    assert rec["updated"] == "2021-05-03"


def test_updated_and_a_month_name_is_an_updated_line():
    rec = extract(f"<h1>{TITLE}</h1><p>Updated June 13, 2019</p>" + BODY)
    assert rec["published"] is None
    assert rec["updated"] == "2019-06-13"


def test_written_and_updated_on_one_line():
    """world.kbs.co.kr: "Written: … / Updated: …" in one paragraph: the publish date is the one before the
    word saying the rest is the update."""
    rec = extract(
        f"<h1>{TITLE}</h1><p class='date'>Written: 2023-11-07 15:03:30<span> / </span>"
        "Updated: 2023-11-07 15:30:46</p>" + BODY
    )
    assert rec["published"] == "2023-11-07T15:03:30+00:00"
    assert rec["updated"] == "2023-11-07T15:30:46+00:00"


def test_published_then_last_updated_on_one_line():
    rec = extract(f"<h1>{TITLE}</h1><p>Published 1 May 2021, last updated 3 May 2021</p>" + BODY)
    assert rec["published"] == "2021-05-01"
    assert rec["updated"] == "2021-05-03"


def test_a_byline_beside_the_date():
    """greenpeace.org: "Blog entry by Annisa Rahmawati | 28 April, 2017": the part after the bar is the date."""
    rec = extract(f"<h1>{TITLE}</h1><span class='date'>Blog entry by Annisa Rahmawati | 28 April, 2017</span>" + BODY)
    assert rec["published"] == "2017-04-28"


def test_a_sentence_is_still_no_date_line():
    rec = extract(
        f"<h1>{TITLE}</h1><p>The council said the bridge deck, built in the spring of 1962, had "
        "worn badly since it was last resurfaced on 12 March 2001.</p>" + BODY
    )
    assert rec["published"] is None


def test_year_first_dates():
    """gnu.org's "$Date: 2016/11/18 06:31:41 $": year, month, day with slashes (or dots)."""
    assert parse_date_text("$Date: 2016/11/18 06:31:41 $").local == "2016-11-18T06:31:41+00:00"
    assert parse_date_text("2019.12.02").local == "2019-12-02"
    assert parse_date_text("2016/13/18") is None
    assert parse_date_text("see /2016/11/18/story") is None  # a URL path is not a written date


# --- a line of its own inside a longer block ------------------------------------------------------------


def test_a_time_element_beside_a_byline_in_a_long_header():
    """linkedin.com: the header holds the h1, a <time> and a second <time> with likes and comments and a
    menu: 315 chars in all, but the first <time> is a line of its own."""
    menu = "".join(f"<li><a href='/a{i}'>Share on network number {i}</a></li>" for i in range(8))
    rec = extract(
        f"<article><header><h1>{TITLE}</h1><time>Published on August 19, 2019</time>"
        "<time>August 19, 2019 • 319 Likes • 160 Comments</time>"
        f"<div class='menu'><ul>{menu}</ul></div></header>" + BODY + "</article>"
    )
    assert rec["published"] == "2019-08-19"


def test_a_small_date_line_in_a_column_holding_the_article():
    """berkutschi.com: <small>Erstellt am: 30.01.2022 18:36 / sk</small> at the top of the column that
    holds the whole article."""
    rec = extract(
        f"<h2>{TITLE}</h2><div class='columns'><small>Erstellt am: 30.01.2022 18:36\n / sk</small>" + BODY + "</div>"
    )
    assert rec["published"] == "2022-01-30T18:36:00+00:00"


def test_a_date_named_span_ending_a_standfirst():
    """nationalgeographic.co.uk: the standfirst h2 ends with span.ngart-hl__date."""
    rec = extract(
        f"<h1>{TITLE}</h1><h2>The bridge deck has worn badly since it was last resurfaced, and "
        "repairs cannot wait another winter.<span class='hl__date'>Monday, 6 January 2020</span></h2>" + BODY
    )
    assert rec["published"] == "2020-01-06"


def test_a_bold_date_inside_a_sentence_is_not_a_line():
    rec = extract(
        f"<h1>{TITLE}</h1><p>The council said that the bridge deck had worn badly and that on "
        "<b>12 March 2021</b> engineers found cracks which could not wait another winter.</p>" + BODY
    )
    assert rec["published"] is None


# --- where the lines stand ------------------------------------------------------------------------------


def cards(dates):
    return "".join(
        f"<a href='/news/{i}' class='blogpost'><div class='blogpost-meta'><small class='blogpost-date'>"
        f"{d}</small><small class='blogpost-cat'>Appeals</small></div>"
        f"<h3 class='blogpost-title'>Another story number {i}</h3>"
        f"<div class='blogpost-excerpt'>Its excerpt, number {i}.</div></a>"
        for i, d in enumerate(dates)
    )


def test_a_more_news_list_after_the_headline_is_not_the_page_date():
    """umbraco: the h1 in a hero section, a 'More news' list of cards (each a link with its own date), then
    the breadcrumb and the article with its date."""
    rec = extract(
        f"<section><h1>{TITLE}</h1></section>"
        "<section class='section'><h2>More news</h2><div class='blogposts'>"
        + cards(["09/03/2021", "12/01/2021", "28/02/2021", "06/02/2021", "19/04/2021"])
        + "</div></section><article><div class='blogpost-meta'><small class='blogpost-date'>10 Dec 2019"
        "</small></div>" + BODY + "</article>"
    )
    assert rec["published"] == "2019-12-10"


def test_time_elements_in_a_list_of_cards_are_not_the_page_date():
    items = "".join(
        f"<li class='card'><a href='/n/{i}'>Story {i}</a> <time datetime='2021-0{i}-01'>{i} days ago</time></li>"
        for i in range(1, 4)
    )
    rec = extract(f"<h1>{TITLE}</h1><ul class='cards'>{items}</ul><p class='meta'>Posted 4 May 2020</p>" + BODY)
    assert rec["published"] == "2020-05-04"


def test_a_date_linking_to_its_own_page_is_the_date():
    """WordPress themes link the date to the post: one linked date is no list."""
    rec = extract(
        f"<article><h1>{TITLE}</h1><div class='entry-meta'>Posted on <a href='/news/road-closed'>"
        "<time datetime='2021-05-04T10:00:00+01:00'>4 May 2021</time></a></div>" + BODY + "</article>"
    )
    assert rec["published"] == "2021-05-04T10:00:00+01:00"


def test_furniture_between_headline_and_date_does_not_use_up_the_reach():
    """umbraco: a pager, a breadcrumb and a sub-menu of 30 links between the h1 and the article's date."""
    links = "".join(f"<a class='nav-link' href='/news/{i}'>Section {i}</a>" for i in range(30))
    rec = extract(
        f"<h1>{TITLE}</h1><div class='pagination'><nav>{links}</nav></div>"
        f"<ul class='breadcrumb'><li><a href='/'>Home</a></li><li>{TITLE}</li></ul>"
        f"<div class='row'><nav class='subnav'>{links}</nav><article><p>22 May 2020</p>{BODY}</article></div>"
    )
    assert rec["published"] == "2020-05-22"


def test_scripts_are_not_lines():
    """moneycontrol.com: a dozen scripts between the headline and "First Published on …"."""
    scripts = "".join(f"<script>var x{i} = {i};</script>" for i in range(30))
    rec = extract(f"<h1>{TITLE}</h1>{scripts}<div>First Published on Apr 8, 2020 04:25 pm</div>" + BODY)
    assert rec["published"] == "2020-04-08T16:25:00+01:00"


def test_a_date_of_the_day_in_the_site_header_stays_out_of_reach():
    """Before the headline every line counts, furniture too: the header's 'today' date is too far up."""
    links = "".join(f"<a href='/s/{i}'>Section {i}</a>" for i in range(10))
    rec = extract(f"<div class='top'><span>Tuesday 4 May 2021</span><nav>{links}</nav></div><h1>{TITLE}</h1>" + BODY)
    assert rec["published"] is None


# --- no heading shows the title -------------------------------------------------------------------------


def test_the_element_showing_the_title_anchors_the_date():
    """sitecore: no h1/h2; the title is a link in div.field-title, the date in span.field-date."""
    rec = extract(
        f"<div class='breadcrumb'><a href='/'>Home</a> &gt; <a href='/news/road-closed'>{TITLE}</a></div>"
        f"<div class='field-title'><a href='/news/road-closed'>{TITLE}</a></div>"
        "<div class='component date'><span class='field-date'>25 Aug 2020</span></div>"
        f"<div class='field-content'>{BODY}</div>"
    )
    assert rec["published"] == "2020-08-25"


def test_the_title_shown_with_a_section_suffix():
    rec = extract(
        f"<div class='field-title'>{TITLE} | News</div><span class='field-date'>28th November 2020</span>" + BODY
    )
    assert rec["published"] == "2020-11-28"


def test_the_title_element_beats_an_unrelated_h1():
    """sitecore (Essex): the only h1s are campaign banners; the date near them is another story's."""
    rec = extract(
        f"<h1>StayHomeSaveLives</h1><p>11 January 2021</p><div class='field-title'>{TITLE}</div>"
        "<div class='field-date'>14:03 07/05/2020</div>" + BODY
    )
    assert rec["published"] == "2020-05-07T14:03:00+01:00"


# --- machine-readable against visible --------------------------------------------------------------------

LD = '<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{}"}}</script>'


def test_the_visible_date_confirmed_by_json_ld_beats_the_first_meta():
    """medium.com: article:published_time holds the last edit (12 Dec), JSON-LD and the page say 9 Dec."""
    head = '<meta property="article:published_time" content="2019-12-12T21:17:43.462Z">' + LD.format(
        "2019-12-09T22:25:10Z"
    )
    rec = extract(f"<h1>{TITLE}</h1><div><a href='/x'>Dec 9, 2019</a> · 6 min read</div>" + BODY, head)
    assert rec["published"].startswith("2019-12-09")
    assert any("visible line" in c for c in rec["checks"])


def test_the_visible_date_alone_does_not_beat_the_meta():
    head = '<meta property="article:published_time" content="2019-12-12T21:17:43Z">'
    rec = extract(f"<h1>{TITLE}</h1><p>Dec 9, 2019</p>" + BODY, head)
    assert rec["published"].startswith("2019-12-12")


def test_a_day_apart_is_a_time_zone_not_a_disagreement():
    """nypost.com: 10:28 p.m. ET on 8 Nov is 03:28 UTC on 9 Nov: the meta's instant stays."""
    head = (
        '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
        '<meta name="sailthru.date" content="2023-11-08 22:28:35">'
    )
    rec = extract(f"<h1>{TITLE}</h1><p>Published Nov. 8, 2023, 10:28 p.m. ET</p>" + BODY, head)
    assert rec["published"] == "2023-11-09T03:28:35+00:00"


# --- htmldate confirmed by the page's text ----------------------------------------------------------------


@pytest.fixture
def htmldate_says(monkeypatch):
    def say(value):
        monkeypatch.setattr(dateline, "htmldate_of", lambda text, url, extensive, warnings=None: parse_date_text(value))

    return say


LONG = (
    "<p>By our reporter, who spent the whole of the week at the council offices, 28 April 2017, reading "
    "the minutes of every meeting held about the bridge deck since it was built.</p>"
)


def test_htmldate_taken_when_the_page_writes_its_day_near_the_headline(htmldate_says):
    htmldate_says("2017-04-28")
    rec = extract(f"<h1>{TITLE}</h1>{LONG}" + BODY)
    assert rec["published"] == "2017-04-28"
    assert rec["published_source"] == "htmldate"


def test_htmldate_alone_still_not_taken(htmldate_says):
    htmldate_says("2017-04-29")
    rec = extract(f"<h1>{TITLE}</h1>{LONG}" + BODY)
    assert rec["published"] is None


def test_htmldate_not_confirmed_by_an_updated_line(htmldate_says):
    htmldate_says("2017-04-28")
    rec = extract(
        f"<h1>{TITLE}</h1><p>This page was last updated on a quiet afternoon, at the end of a long "
        "week of works on the bridge deck: 28 April 2017.</p>" + BODY
    )
    assert rec["published"] is None


def test_htmldate_not_confirmed_by_furniture_or_teasers(htmldate_says):
    htmldate_says("2017-04-28")
    rec = extract(
        f"<h1>{TITLE}</h1><div class='sidebar'><h3>Most read</h3><ul><li><a href='/n/9'>The bridge "
        "closure announced in the town on 28 April 2017 by the council leader</a></li></ul></div>"
        "<div class='list'>" + cards(["28/04/2017", "27/04/2017"]) + "</div>" + BODY
    )
    assert rec["published"] is None


def test_a_list_of_cards_with_varied_classes_is_still_a_list():
    """pressroom: a short article, then 'Recent posts' whose items vary their classes (some named as
    furniture, "teaser", "related-item", and one not): the last item's date is not the page's."""
    classes = ["related-item", "teaser", "related-item related-item--v2", "mnd-news-item"]
    items = "".join(
        f"<li class='{c}'><a href='/news/{i}'><h3 class='t{i}'>Story number {i}</h3></a>"
        f"<span class='d{i}'>Jan 2{i}, 2021 13:21 GMT</span><p>Its excerpt, number {i}.</p></li>"
        for i, c in enumerate(classes)
    )
    rec = extract(
        f"<div class='material'><div class='panel__header'><span class='panel__date'>Posted on 15:46:00 "
        f"on 6th March 2020</span><h1>{TITLE}</h1></div><div><p>This person was found safe.</p></div>"
        f"</div><aside class='related-news'><h2>Recent posts</h2><ul>{items}</ul></aside>"
    )
    assert rec["published"] == "2020-03-06T15:46:00+00:00"


def test_a_date_after_the_link_in_a_list_item():
    items = "".join(f"<li><a href='/news/{i}'>Story number {i}</a> {i + 1} March 2021</li>" for i in range(3))
    rec = extract(f"<h1>{TITLE}</h1><ul>{items}</ul><p>Published 2 February 2020</p>" + BODY)
    assert rec["published"] == "2020-02-02"


def test_a_closing_date_is_no_publish_line():
    """dyfed-powys (Welsh, Drupal): "Mae'r arolwg yn cau ar 7 Mawrth 2021." says when the survey closes."""
    for line in ("Mae'r arolwg yn cau ar 7 Mawrth 2021.", "The survey closes on 7 March 2021."):
        rec = extract(f"<h1>{TITLE}</h1><p>Take part in the national survey about the cameras.</p><p>{line}</p>" + BODY)
        assert rec["published"] is None, line


def test_htmldate_not_taken_from_a_latest_news_row(htmldate_says):
    """An undated Drupal page: htmldate takes the first 'Latest news' row's date, and the URL's month
    agrees; the day is written only in that list of teasers, so it is another notice's date."""
    htmldate_says("2021-03-09")
    rows = "".join(
        f"<div class='views-row'><span><a href='/news/2021/march/story-{i}/'>Story {i}</a></span>"
        f"<div class='field'><time datetime='2021-03-0{9 - i}T07:55:00Z'>Tue, 0{9 - i}/03/2021 - 07:55"
        "</time></div></div>"
        for i in range(3)
    )
    rec = extract(
        f"<h1>{TITLE}</h1>" + BODY + f"<div class='block-views'><h2>Updates</h2>{rows}</div>",
        url="https://example.com/news/2021/march/road-closed/",
    )
    assert rec["published"] is None
    assert any("teasers" in c for c in rec["checks"])


def test_htmldate_still_taken_when_the_url_agrees(htmldate_says):
    htmldate_says("2021-03-09")
    rec = extract(f"<h1>{TITLE}</h1>" + BODY, url="https://example.com/news/2021/march/road-closed/")
    assert rec["published"] == "2021-03-09"


def test_a_label_beside_the_date_line():
    """SOH: "Date published: 15 December 2020 16:16 <span class='tag'>Updated News Post</span>": the tag is a
    furniture line, not words about the date."""
    rec = extract(
        f"<h1>{TITLE}</h1><p class='article-date'>Date published: 15 December 2020 16:16 "
        "<span class='tag'>Updated News Post</span></p>" + BODY
    )
    assert rec["published"] == "2020-12-15T16:16:00+00:00"


@pytest.mark.parametrize(
    "line",
    [
        "He will next appear on the 6th January 2020.",
        "This will go live on Monday 8 February, 2021",
        "All bids must be submitted by 30 March 2021.",
    ],
)
def test_what_will_happen_on_a_day_is_no_publish_line(line):
    """pressroom, joomla4: a short sentence of the body saying what will happen came before the page's own
    date line above the headline."""
    rec = extract(
        f"<div class='panel'><span class='panel__date'>Posted on 12:06:00 on 25th November 2019</span>"
        f"<h1>{TITLE}</h1></div><div><p>A man has been charged following a robbery.</p><p>{line}</p></div>"
    )
    assert rec["published"] == "2019-11-25T12:06:00+00:00"


def test_htmldate_alone_taken_when_the_source_writes_its_day_in_full():
    """news pages (htmldate's set: a div's title="2020-09-20T14:20:02Z", a `$Date: 2016/11/18 $` line, a
    script's "publishedDate"): nothing near the headline, but the source writes the day year first, as
    machines do. Real htmldate, no stand-in."""
    for where in (
        '<div class="stamp" title="2020-09-20T14:20:02Z"></div>',
        '<script>window.page = {"publishedDate": "2020-09-20T14:20:02Z"}</script>',
    ):
        rec = extract(f"<h1>{TITLE}</h1>{where}" + BODY)
        assert rec["published"] == "2020-09-20", where
        assert rec["published_source"] == "htmldate"
        assert any("written in full" in c for c in rec["checks"])


def test_htmldate_alone_not_taken_from_a_version_number():
    """htmldate reads "Version 1.2.19" as 1 February 2019; the page never writes 2019-02-01."""
    rec = extract(f"<h1>{TITLE}</h1><div>Version 1.2.19 of the app</div>" + BODY)
    assert rec["published"] is None


# --- the first line after the headline, in an element named as furniture ----------------------------------


def test_a_date_line_first_after_the_headline_in_a_nav_list():
    """news.az: `<ul class="nav meta"><li><a href="/time/2020-10-13">13 Oct 2020 18:29</a></li><li>1479</li>`
    right under the h1: the place outweighs the name."""
    rec = extract(
        f"<div class='post-info'><h1>{TITLE}</h1><ul class='nav meta'><li><a href='/time/2020-10-13'>"
        "13 Oct 2020 18:29</a></li><li><span>1479</span></li></ul></div>" + BODY
    )
    assert rec["published"] == "2020-10-13T18:29:00+01:00"
    assert rec["published_source"] == "visible line"


@pytest.mark.parametrize(
    "furniture",
    [
        "<ul class='nav meta' aria-hidden='true'><li>13 Oct 2020 18:29</li></ul>",  # hidden: never shown
        "<ul class='nav'>"
        + "".join(f"<li><a href='/n/{i}'>Story {i}</a> <span>1{i} Oct 2020</span></li>" for i in range(3))
        + "</ul>",  # a list of teasers
        "<nav><a href='/'>Home</a></nav><ul class='nav'><li><a href='/d'>13 Oct 2020</a></li></ul>",  # not first
    ],
)
def test_no_date_from_hidden_teaser_or_later_furniture(furniture):
    rec = extract(f"<h1>{TITLE}</h1>{furniture}" + BODY)
    assert rec["published"] is None
