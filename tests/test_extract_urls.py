"""Notice identity: normalised URLs, and canonicals trusted only when they identify the page."""

from crawler.extraction import extract_notice
from crawler.extraction.urls import identity_url, normalise_url, unwrap
from crawler.registry import load_registry

REG = load_registry()


def test_normalise():
    assert (
        normalise_url("HTTPS://WWW.Gwent.Police.UK:443/News/Item/?utm_source=x&id=7&fbclid=1#top")
        == "https://www.gwent.police.uk/News/Item/?id=7"
    )
    assert normalise_url("/a/b", base="http://example.org:8080/x") == "http://example.org:8080/a/b"
    assert normalise_url("mailto:x@y.z") is None


def test_unwrap_redirect_wrappers():
    target = "https://www.smartsurvey.co.uk/s/ABC/"
    assert (
        unwrap(
            "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.smartsurvey.co.uk%2Fs%2FABC%2F&data=1"
        )
        == target
    )
    assert unwrap("https://www.google.com/url?q=https://www.smartsurvey.co.uk/s/ABC/&sa=D") == target


def test_devon_and_cornwall_shared_og_url_is_not_the_identity():
    force = REG.get("devon-and-cornwall")
    fetched = "https://www.devon-cornwall.police.uk/News/NewsArticle.aspx?id=ab0507bf"
    url, why = identity_url("https://www.devon-cornwall.police.uk/news/newsarticle/", fetched, force)
    assert url == fetched and why


def test_city_of_london_cms_host_is_not_the_identity():
    force = REG.get("city-of-london")
    fetched = "https://www.cityoflondon.police.uk/news/city-of-london/news/2020/december/appeal/"
    url, why = identity_url("https://colp.mpw.cds.co.uk/news/city-of-london/news/2020/december/appeal/", fetched, force)
    assert url == fetched and "not one of the force's hosts" in why


def test_listing_canonical_rejected_and_mirror_canonical_kept():
    force = REG.get("gwent")
    page = "http://127.0.0.1:8000/gwent/news/2021/february/item/"
    assert identity_url("https://www.gwent.police.uk/news/gwent/news/", page, force)[0] == page
    real = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/item/"
    assert identity_url(real, "https://www.gwent.police.uk/x?utm_medium=y", force)[0] == real


def test_record_keeps_canonical_and_fetched():
    html = b'<html><head><title>A notice | Kent Police</title><link rel="canonical" href="/news/kent/news2/a-notice/"></head><body><h1>A notice</h1><p>Something happened in Kent and we want to tell you about it in detail.</p></body></html>'
    r = extract_notice(html, "https://www.kent.police.uk/news/kent/news2/a-notice/?utm_campaign=z")
    assert r["canonical"] == "/news/kent/news2/a-notice/"
    assert r["url"] == "https://www.kent.police.uk/news/kent/news2/a-notice/"
    assert r["fetched_url"].endswith("utm_campaign=z")
