"""The crawl's pure decisions (crawler/crawl.py): hosts, scope, pagination, page kinds, walk stops, revisits."""

from datetime import UTC, datetime, timedelta

from crawler import crawl
from crawler.registry import Force

GWENT = Force(
    slug="gwent",
    name="Gwent Police",
    domains=("gwent.police.uk",),
    start_urls=("https://www.gwent.police.uk/news/gwent/news/",),
)
MIRROR = Force(
    slug="gwent",
    name="Gwent Police",
    domains=("gwent.police.uk",),
    start_urls=("http://127.0.0.1:8000/gwent/news/gwent/news/",),
)


def test_mirror_is_crawled_on_its_start_hosts_only():
    assert not crawl.is_mirror(GWENT)
    assert crawl.crawl_hosts(GWENT) == ("gwent.police.uk",)
    assert crawl.is_mirror(MIRROR)
    assert crawl.crawl_hosts(MIRROR) == ("127.0.0.1",)
    assert not crawl.in_scope("https://www.gwent.police.uk/news/gwent/news/x/", MIRROR)


def test_scope_is_an_allowlist_under_the_news_folder():
    assert crawl.in_scope("https://www.gwent.police.uk/news/gwent/news/2021/a-story/", GWENT)
    assert crawl.in_scope("https://news.gwent.police.uk/news/gwent/news/b/", GWENT)  # a subdomain of its domain
    assert not crawl.in_scope("https://www.gwent.police.uk/contact/", GWENT)  # outside the news folder
    assert not crawl.in_scope("https://gwent.police.uk.evil.example/news/gwent/news/a/", GWENT)
    assert not crawl.in_scope("https://www.gwent.police.uk/news/gwent/news/report.pdf", GWENT)
    denied = Force(
        slug="g",
        name="G",
        domains=("gwent.police.uk",),
        start_urls=GWENT.start_urls,
        deny=(r"/news/gwent/news/archive/",),
    )
    assert not crawl.in_scope("https://www.gwent.police.uk/news/gwent/news/archive/a/", denied)
    allowed = Force(
        slug="g", name="G", domains=("gwent.police.uk",), start_urls=GWENT.start_urls, allow=(r"/article/\d+/",)
    )
    assert crawl.in_scope("https://www.gwent.police.uk/article/123/story", allowed)
    assert not crawl.in_scope("https://www.gwent.police.uk/news/gwent/news/a/", allowed)


def test_pagination_links():
    page = "https://x.police.uk/news/?page=2"
    anchors = [
        ("https://x.police.uk/news/?page=3", "3", ""),
        ("https://x.police.uk/news/?page=1", "1", ""),
        ("https://x.police.uk/news/a-story/", "A story about something", ""),
    ]
    assert crawl.next_pages(anchors, page) == ["https://x.police.uk/news/?page=3"]
    assert crawl.next_pages([("https://x.police.uk/news/older", "Next ›", "")], "https://x.police.uk/news/") == [
        "https://x.police.uk/news/older"
    ]
    assert crawl.next_pages([("https://x.police.uk/n/p9", "", "next")], "https://x.police.uk/n/") == [
        "https://x.police.uk/n/p9"
    ]
    assert crawl.page_number("https://x.police.uk/news/page/4/") == 4
    assert crawl.category_pages(
        [
            ("https://x.police.uk/news/?newsCategory=appeals", "Appeals", ""),
            ("https://x.police.uk/news/?page=2", "2", ""),
        ],
        "https://x.police.uk/news/",
    ) == ["https://x.police.uk/news/?newsCategory=appeals"]


def test_joomla_pager_is_followed_page_by_page():
    page = "https://www.cheshire.police.uk/news/cheshire/news/"
    cheshire = Force(slug="cheshire", name="Cheshire Constabulary", domains=("cheshire.police.uk",), start_urls=(page,))
    anchors = [  # Joomla 4's layouts/joomla/pagination/links.php: its icons' aria-labels are the only text
        (page + "?start=0", "Go to start page", ""),
        (page + "?start=20", "2", ""),
        (page + "?start=40", "3", ""),
        (page + "?start=20", "Go to next page", ""),
        (page + "?start=180", "Go to end page", ""),
        (page + "articles/2021/3/a-story/", "A story about something", ""),
    ]
    assert crawl.next_pages(anchors, page) == [page + "?start=20"]
    # by offsets alone (?start counts items): the nearest greater offset is the next page
    numbered = [a for a in anchors if a[1].isdigit()]
    assert crawl.next_pages(numbered, page) == [page + "?start=20"]
    assert crawl.next_pages(numbered, page + "?start=20") == [page + "?start=40"]
    # a pager whose "Next" is not recognised is walked by its nearest later page; Drupal counts from ?page=0
    drupal = "https://www.dyfed-powys.police.uk/news/"
    pager = [(drupal + "?page=1", "2", ""), (drupal + "?page=2", "3", ""), (drupal + "?page=1", "Nesaf ›", "")]
    assert crawl.next_pages(pager[:2], drupal) == [drupal + "?page=1"]
    assert crawl.next_pages(pager[:2], drupal + "?page=1") == [drupal + "?page=2"]
    assert crawl.next_pages(pager[:2], drupal + "?page=2") == []
    # the walk follows the first: a "Next" link before a page number that may count from 0 or 1
    assert crawl.next_pages(pager, drupal)[0] == drupal + "?page=1"
    assert crawl.next_pages([(drupal + "?page=3", "4", ""), (drupal + "x", "", "next")], drupal)[0] == drupal + "x"
    assert crawl.next_pages([(page + "page/3/", "3", ""), (page + "page/9/", "Last", "")], page + "page/1/") == [
        page + "page/3/"
    ]
    # the pager's other pages ("Go to end page") are no items of the listing
    assert crawl.headline_links(anchors, cheshire, page) == [page + "articles/2021/3/a-story/"]
    assert crawl.later_page(page + "?start=20") and not crawl.later_page(page + "?start=0")
    assert crawl.category_pages(anchors, page) == []
    assert crawl.NEXT_TEXT.match("Tudalen nesaf") and crawl.NEXT_TEXT.match("Next page ›")


def test_a_short_title_in_a_listing_is_an_item_and_a_footer_link_is_not():
    page = "https://www.northyorkshire.police.uk/news/"
    nyp = Force(slug="north-yorkshire", name="North Yorkshire Police", start_urls=(page,), allow=(r"^https://",))
    item = "/html/body/div/main/ul/li[{}]/h2/a"
    footer = "/html/body/footer/ul/li[{}]/a"
    anchors = [
        (page + "appeal-after-theft-in-malton/", "Appeal after theft in Malton", "", item.format(1)),
        (page + "fatal-collision-a1m/", "Fatal collision", "", item.format(2)),  # two words: no headline
        (page + "officers-target-mobile-phones/", "Officers target mobile phones", "", item.format(3)),
        (page + "fatal-collision-a1m/", "Read more", "", "/html/body/div/main/ul/li[2]/p/a"),
        ("https://www.northyorkshire.police.uk/contact-us/", "Contact us", "", footer.format(1)),
        ("https://www.northyorkshire.police.uk/accessibility/", "Accessibility", "", footer.format(2)),
        ("https://www.northyorkshire.police.uk/cookies/", "How we use cookies", "", footer.format(3)),
    ]
    items, kinds = crawl.listing_items(anchors, nyp, page)
    assert items == [
        page + "appeal-after-theft-in-malton/",
        page + "fatal-collision-a1m/",
        page + "officers-target-mobile-phones/",
    ]  # and not the footer's "How we use cookies", long as it is: a footer's links are no items
    # one headline link of a kind makes no kind: a last page listing a short title alone, unless the force's
    # other listing pages showed the kind
    last = [anchors[1], *anchors[4:]]
    assert page + "fatal-collision-a1m/" not in crawl.listing_items(last, nyp, page + "?page=3")[0]
    assert page + "fatal-collision-a1m/" in crawl.listing_items(last, nyp, page + "?page=3", kinds=kinds)[0]
    assert (
        "https://www.northyorkshire.police.uk/contact-us/" not in crawl.listing_items(last, nyp, page, kinds=kinds)[0]
    )
    # without places (a caller that has none) the URL shape alone decides, by the same majority
    unplaced, _ = crawl.listing_items([a[:3] for a in anchors], nyp, page)
    assert (
        page + "fatal-collision-a1m/" in unplaced and "https://www.northyorkshire.police.uk/contact-us/" not in unplaced
    )


def test_page_kind_by_signals():
    article = {"title": "Have your say on ANPR", "published": "2021-02-15T13:35:00+00:00"}
    assert crawl.page_kind(article, 0, 400) == "article"
    assert crawl.page_kind(article, 1, 900) == "article"  # a story linking another story
    assert crawl.page_kind(article, 3, 250) == "listing"  # dated items, little text of its own
    assert crawl.page_kind(article, 1, 150, paginated=True) == "listing"
    assert crawl.page_kind({"title": "Contact us", "published": None}, 0, 400) == "other"
    assert crawl.page_kind(article, 0, 20) == "other"


def test_an_undated_page_where_notices_live_is_an_article():
    """No date found: an article all the same when it was met where notices live (the news section, a
    feed, a known notice revisited), shows its title as a visible headline and has ARTICLE_WORDS words."""
    undated = {"title": "Appeal after burglary in Crewe", "published": None}
    words = crawl.ARTICLE_WORDS
    assert crawl.page_kind(undated, 0, 400, article_like=True, headline=True, body_words=words) == "article"
    assert crawl.page_kind(undated, 0, 400, article_like=False, headline=True, body_words=words) == "other"
    assert crawl.page_kind(undated, 0, 400, article_like=True, headline=False, body_words=words) == "other"
    assert crawl.page_kind(undated, 0, 100, article_like=True, headline=True, body_words=words - 1) == "other"
    assert (
        crawl.page_kind({"title": None, "published": None}, 0, 400, article_like=True, headline=True, body_words=words)
        == "other"
    )
    # a listing stays a listing, dated items or not
    assert crawl.page_kind(undated, 3, 250, article_like=True, headline=True, body_words=words) == "listing"
    assert crawl.in_news_section("https://www.gwent.police.uk/news/gwent/news/news/2021/a/", GWENT)
    assert not crawl.in_news_section("https://www.gwent.police.uk/police-forces/gwent-police/areas/anpr/", GWENT)


def test_a_headline_is_the_title_shown_as_a_heading():
    assert crawl.headline_shown("Appeal after burglary", ["Related news", "\xa0Appeal after  burglary "])
    assert crawl.headline_shown("Have your say on the use of ANPR", ["Have your say on the use of ANPR in Gwent"])
    assert not crawl.headline_shown("News", ["Latest news"])  # a <title> alone is not a headline
    assert not crawl.headline_shown(None, ["Appeal"])
    assert crawl.unread_reason({"title": "News", "published": None}, 20) == "not read as a notice: no headline found"
    assert "no publish date and a body of 3 words" in crawl.unread_reason({"title": "A", "published": None}, 3, True)
    assert crawl.unread_reason(None, 0, error="empty page") == "not read as a notice: empty page"


def test_walk_stops_only_at_pages_covered_by_the_last_complete_walk():
    marker = "2021-03-01T00:00:00.000000Z"
    known = {
        "a": {"kind": "article", "first_seen": "2021-02-01T00:00:00.000000Z", "published": "2021-01-10"},
        "b": {"kind": "article", "first_seen": "2021-02-02T00:00:00.000000Z", "published": "2021-01-09"},
        # stored by a walk that was killed after the marker: pages below it may be unvisited
        "c": {"kind": "article", "first_seen": "2021-03-02T00:00:00.000000Z", "published": "2021-01-08"},
    }
    assert crawl.keep_walking(["a", "b"], known, marker) == (False, "known")
    assert crawl.keep_walking(["a", "c"], known, marker) == (True, None)
    assert crawl.keep_walking(["a", "new"], known, marker) == (True, None)
    assert crawl.keep_walking(["a", "b"], known, None) == (True, None)  # no complete walk yet
    assert crawl.keep_walking(["a", "b"], known, marker, backfill=True) == (True, None)
    assert crawl.keep_walking(["a", "c"], known, marker, since="2021-02-01") == (False, "since")
    # notices stored without a date (and known pages that are no notices) leave --since to the dated ones
    known["u"] = {"kind": "article", "first_seen": "2021-03-02T00:00:00.000000Z", "published": None}
    assert crawl.keep_walking(["a", "u"], known, marker, since="2021-02-01") == (False, "since")
    assert crawl.keep_walking(["u"], known, marker, since="2021-02-01") == (True, None)  # nothing dated
    assert crawl.keep_walking(["a", "new"], known, marker, since="2021-02-01") == (True, None)


def test_known_pages_and_since():
    assert not crawl.is_known(None)
    assert crawl.is_known({"kind": "other", "first_seen": "x"})
    assert not crawl.is_known({"kind": "listing", "first_seen": "x"})  # what it lists may not be fetched yet
    left_out = {"kind": "article", "notice_url": None, "published": "2020-01-01", "first_seen": "x"}
    assert crawl.is_known(left_out, since="2021-01-01")
    assert not crawl.is_known(left_out)  # without --since it is fetched and stored now
    # a page that could not be read as a notice is read again by another extractor, or by --backfill
    unread = {"kind": "unread", "notice_url": None, "published": None, "first_seen": "x", "extractor_version": "3"}
    assert crawl.is_known(unread, extractor="3")
    assert not crawl.is_known(unread, extractor="4")
    assert not crawl.is_known(unread, extractor="3", backfill=True)
    assert not crawl.is_known(dict(unread, extractor_version=None), extractor="3")  # set aside by an older version


def test_revisit_policy():
    now = datetime(2021, 3, 1, 12, tzinfo=UTC)
    hours_ago = lambda h: (now - timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    recent = ("2021-02-27T10:00:00Z", 0, None)
    old = ("2019-01-01T10:00:00Z", 0, None)
    open_consultation = ("2019-01-01T10:00:00Z", 1, "2021-03-07")
    assert crawl.revisit_due(recent + (hours_ago(7),), now)
    assert not crawl.revisit_due(recent + (hours_ago(2),), now)
    assert not crawl.revisit_due(old + (hours_ago(24 * 10),), now)
    assert crawl.revisit_due(old + (hours_ago(24 * 31),), now)
    assert crawl.revisit_due(open_consultation + (hours_ago(13),), now)
    assert crawl.revisit_due(old + (hours_ago(1),), now, "all")
    assert not crawl.revisit_due(recent + (None,), now, "none")


def test_retry_after_and_backoff():
    now = datetime(2021, 3, 1, 12, tzinfo=UTC)
    assert crawl.retry_after_seconds(b"7") == 7
    assert crawl.retry_after_seconds("Mon, 01 Mar 2021 12:00:30 GMT", now) == 30
    assert crawl.retry_after_seconds("soon") is None
    assert [crawl.backoff_seconds(n, 0.5) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]
    assert crawl.backoff_seconds(20) == 60


def test_force_failure_and_summary():
    ok = {"start_ok": 1, "new": 0, "updated": 0, "unchanged": 0, "listed_known": 4}
    assert crawl.force_failed(ok, earlier_notices=10) is None
    assert crawl.force_failed(dict(ok, start_ok=0), 0) == "no start URL could be fetched"
    assert "no notice" in crawl.force_failed(dict(ok, listed_known=0), earlier_notices=10)
    assert crawl.force_failed(dict(ok, listed_known=0), earlier_notices=0) is None
    table = crawl.summary_table([("gwent", {"pages": 3, "new": 2}, None), ("kent", {"pages": 1}, "no start URL")])
    lines = table.splitlines()
    assert lines[0].split()[:4] == ["force", "pages", "new", "updated"]
    assert lines[2].split()[:3] == ["gwent", "3", "2"] and lines[2].endswith("ok")
    assert "FAILED: no start URL" in lines[3]
    assert lines[-1].split()[:3] == ["total", "4", "2"]


def test_force_status_states():
    base = {"start_ok": 1, "new": 0, "updated": 0, "unchanged": 0, "listed_known": 0}
    assert crawl.force_status(dict(base, new=5, article_like=5, read=5), 0) == ("ok", None)
    # article-like pages answered and not one was read: failed, whatever earlier runs stored
    assert crawl.force_status(dict(base, article_like=15), 0) == ("failed", "15 pages fetched, none read as notices")
    assert (
        crawl.force_status(dict(base, article_like=1, listed_known=9), 9).reason
        == "1 page fetched, none read as notices"
    )
    # one read is enough (left out by --since counts: it was read)
    assert crawl.force_status(dict(base, article_like=15, read=1), 0).state == "ok"
    # nothing article-like fetched (all known): ok
    assert crawl.force_status(dict(base, listed_known=4), 10).state == "ok"
    # start URLs all refused: blocked; some other failure among them: failed
    refused = dict(base, start_ok=0, start_failed=2, start_blocked=2)
    assert crawl.force_status(refused, 0, "robots.txt") == ("blocked", "every start URL was refused (robots.txt)")
    assert crawl.force_status(dict(refused, start_blocked=1), 0) == ("failed", "no start URL could be fetched")
    assert crawl.is_failing(crawl.RunStatus("blocked", "x")) and crawl.is_failing("old reason")
    assert not crawl.is_failing(None) and not crawl.is_failing(crawl.RunStatus("ok"))
    from archive.schema import RUN_STATES

    assert RUN_STATES == (crawl.OK, crawl.DEGRADED, crawl.FAILED, crawl.BLOCKED, crawl.STALE)


def test_summary_table_has_undated_and_the_status_of_each_force():
    rows = [
        ("gwent", {"pages": 10, "new": 5, "undated": 5}, crawl.RunStatus("ok")),
        ("durham", {"pages": 9, "errors": 5}, crawl.RunStatus("failed", "5 pages fetched, none read as notices")),
        ("kent", {"pages": 1}, crawl.RunStatus("blocked", "every start URL was refused (HTTP 403)")),
    ]
    lines = crawl.summary_table(rows).splitlines()
    assert lines[0].split() == ["force", *crawl.SUMMARY_COLUMNS, "status"]
    assert "undated" in crawl.SUMMARY_COLUMNS
    assert lines[2].split() == ["gwent", "10", "5", "0", "0", "5", "0", "0", "ok"]
    assert lines[3].endswith("FAILED: 5 pages fetched, none read as notices")
    assert lines[4].endswith("BLOCKED: every start URL was refused (HTTP 403)")
    assert lines[-1].split()[:6] == ["total", "20", "5", "0", "0", "5"]


def test_a_short_title_in_another_editor_folder_is_an_item():
    """SOH item URLs carry the editor's folders (REFERENCE.md: Gwent news/2021/february/, Hampshire news/ and
    appeals/, Dyfed-Powys january-2021/): an item titled in two words is no less an item because it is the
    page's only one filed in March or under appeals."""
    page = "https://www.gwent.police.uk/news/gwent/news/"
    item = "/html/body/div[2]/main/div/ul/li[{}]/div/h3/a"
    anchors = [
        (page + "news/2021/march/cctv-appeal/", "CCTV appeal", "", item.format(1)),  # the new month's only item
        (page + "news/2021/february/man-charged-in-newport/", "Man charged in Newport", "", item.format(2)),
        (page + "appeals/2021/february/missing-man/", "Missing man", "", item.format(3)),  # the only appeal
        (page + "news/2021/february/anpr-helps-stop-car/", "ANPR helps stop car", "", item.format(4)),
        (page + "news/2021/january/officers-praised-in-court/", "Officers praised in court", "", item.format(5)),
        (page + "news/2021/january-2021/speeding-drivers-caught/", "Speeding drivers caught", "", item.format(6)),
    ]
    items, _ = crawl.listing_items(anchors, GWENT, page)
    assert items == [url for url, *_ in anchors]
