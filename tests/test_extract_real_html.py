"""The one verbatim real page we have (Durham's SharePoint site, 2020, in ../shared/corpus/real-html)."""

from shared_data import REAL_HTML, require

from crawler.extraction import extract_notice

PAGE = REAL_HTML / "durham_sharepoint_news_article_2020-07-15_what3words.html"
URL = (
    "https://durham.police.uk/news-and-events/Pages/News%20Articles/"
    "App-used-to-identify-more-than-350-incident-locations.aspx"
)


def test_real_sharepoint_page():
    r = extract_notice(require(PAGE).read_bytes(), URL)
    assert (r["force"], r["platform"]) == ("durham", "sharepoint")
    assert r["title"] == "App used to identify more than 350 incident locations"
    assert (r["published"], r["published_source"]) == ("2020-07-15", "visible line")
    assert r["body"].startswith("Officers have been able to identify the locations of more than 350 incidents")
    assert "What3words has been used in dozens of different circumstances" in r["body"]
    assert not r["is_consultation"] and r["survey_links"] == []
