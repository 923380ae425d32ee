"""The seed page (Gwent ANPR survey, 15 Feb 2021) rebuilt SOH-style: the key values, pinned by hand."""

import json

import yaml
from shared_data import SEED, require

from crawler.extraction import extract_notice
from crawler.samples import SAMPLES

URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/"
SEED_HEADER = {  # the seed's YAML header (../shared/seed), with entities unescaped
    "description": "We are looking to get your thoughts around the use of automatic number plate recognition (ANPR) in Gwent.",
    "image": "https://www.gwent.police.uk/SysSiteAssets/media/images/brand/gwent/general_social_media_link_1300x650.jpg?crop=(33,0,1268,650)&w=600&h=300&scale=both",
    "locale": "en_GB",
    "title": "Have your say on the use of ANPR in Gwent",
    "type": "website",
    "url": URL,
}


def record():
    return extract_notice((SAMPLES / "soh/gwent-anpr-have-your-say.html").read_bytes(), URL + "?utm_source=twitter")


def test_seed_key_values():
    r = record()
    assert r["title"] == "Have your say on the use of ANPR in Gwent"
    assert r["page_title"] == "Have your say on the use of ANPR in Gwent | Gwent Police"
    assert (r["force"], r["area"]) == ("gwent", "Gwent")
    assert r["published"] == "2021-02-15T13:35:00+00:00"
    assert r["published_utc"] == "2021-02-15T13:35:00Z"
    assert r["published_source"] == "visible line"
    assert r["og"] == SEED_HEADER
    assert r["url"] == URL  # canonical trusted; tracking parameter gone
    assert [(s["host"], s["provider"]) for s in r["survey_links"]] == [
        ("westmidlandspolicepnn.researchfeedback.net", "snap")
    ]
    assert "anpr" in r["topics"] and r["is_consultation"]
    assert r["media_links"] == ["https://www.youtube.com/watch?v=R_YsJMFjiOw&feature=youtu.be"]


def test_seed_traps_are_avoided():
    r = record()
    body = r["body"]
    assert body.startswith("**We are looking to get your thoughts")
    for furniture in (
        "Quickly exit",
        "cookies",
        "Related news",
        "uninsured car",
        "Share this page",
        "Was this page useful",
        "Croesyceiliog",
        "tell us what you think of our new website",
    ):
        assert furniture not in body
    assert all("smartsurvey" not in s["url"] for s in r["survey_links"])  # site-feedback banners
    assert not any(m["where"] not in ("title", "description", "body") for m in r["topic_matches"]["anpr"])


def test_seed_matches_shared_archive_header_when_present():
    seed = require(SEED, "the shared seed")
    header = yaml.safe_load(seed.read_text().split("```yaml", 1)[1].split("```", 1)[0])
    r = record()
    assert r["page_title"] == header["title"]
    assert r["area"] == header["area"]
    assert r["published_raw"] == header["publish"]["date"]
    import html

    assert r["og"] == {k: html.unescape(v) for k, v in header["og"].items()}
    assert json.loads(json.dumps(r))  # serialisable as the CLI prints it
