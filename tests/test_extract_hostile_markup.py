"""Markup from real non-police pages that crashed extract_notice (benchmarks/dates_real.py on htmldate's
test set: 4 of 286 English pages; 6 more with the second-opinion code while it was being written).

Each page here is a few lines written for the purpose, reproducing one crash:

- a comment (or a `<?php … ?>`, which libxml2's HTML parser reads as a comment) followed by text with a
  year, near the headline: the text is the comment's tail, so the date-line search gets the comment as
  the text's owner and `_line_text` calls `itertext()` on it -> `ValueError: Input object is not an XML
  element: HtmlComment` (portsmouth.co.uk, thescarboroughnews.co.uk, scotsman.com, timesofindia; also
  bohemia.cu, regards.fr, leparisien.fr outside English);
- a body that fails a plausibility check while trafilatura's lines match none of our blocks: the
  second-opinion branch, as first written, called `html.escape` where `html` is extract_notice's parameter
  (the page bytes) -> `AttributeError: 'bytes' object has no attribute 'escape'` (6 pages, e.g. people.com,
  security.googleblog.com). Gone in the committed version (4056e44); the test stays as a guard.
"""

import pytest

from crawler.extraction import extract_notice

URL = "https://example.com/news/road-closed"
BODY = "<p>The road will be closed for two weeks while the council repairs the bridge deck.</p>"


def page(inner):
    return f"<html><head><title>Road closed for repairs</title></head><body>{inner}</body></html>".encode()


CRASHES = {
    "comment before the date line after the headline": page(
        "<h1>Road closed for repairs</h1><div><!-- date -->12 March 2021</div>" + BODY
    ),
    "comment before a date line above the headline": page(
        "<div><!-- date -->12 March 2021</div><h1>Road closed for repairs</h1>" + BODY
    ),
    "comment between the headline and a bare date": page(
        "<article><h1>Road closed for repairs</h1><!-- byline --> 12 March 2021 " + BODY + "</article>"
    ),
    "php tag (parsed as a comment) before the date": page(
        "<h1>Road closed for repairs</h1><div><?php echo $date ?>12 March 2021</div>" + BODY
    ),
    "comment before a line with a year only": page(
        "<h1>Road closed for repairs</h1><div><!-- c -->Copyright 2021</div>" + BODY
    ),
    "comment inside an inline date span": page(
        "<h1>Road closed for repairs</h1><p><span><!-- x -->Published 12 March 2021</span></p>" + BODY
    ),
}


@pytest.mark.parametrize("name", CRASHES)
def test_comment_near_the_headline_gives_a_record(name):
    rec = extract_notice(CRASHES[name], URL)
    assert rec["title"] == "Road closed for repairs"
    assert "two weeks" in rec["body"]


def test_comment_before_the_date_line_keeps_the_date():
    """The date after the comment is the page's date line: mending the crash should not lose it."""
    rec = extract_notice(CRASHES["comment before the date line after the headline"], URL)
    assert rec["published"] == "2021-03-12"


def test_second_opinion_with_unmatched_lines_gives_a_record():
    """A short body beside a long comment thread (body_short), its paragraphs split by <br>: trafilatura's
    lines match no block of ours, so its text is wrapped in <p>s, with html.escape."""
    paras = "".join(
        f"<p>Officers were called at {i} o'clock last night.<br>The vehicle, a blue hatchback, was "
        "taken while the owners were asleep and nobody heard a thing.</p>"
        for i in range(1, 6)
    )
    comments = "".join(
        f"<p>Comment {i}: this is a long reader comment about parking in the town centre, which "
        "goes on and on about the council and the roads.</p>"
        for i in range(20)
    )
    html = (
        f"<html><head><title>Car stolen in Anytown</title></head><body><h1>Car stolen in Anytown</h1>"
        f"<div class='content'>{paras}</div><div class='comments'>{comments}</div></body></html>"
    ).encode()
    rec = extract_notice(html, "https://example.com/news/car")
    assert rec["title"] == "Car stolen in Anytown"
    assert "blue hatchback" in rec["body"]


def test_control_characters_in_the_page_give_a_record():
    # lxml parses them but refuses them in any string set later: cutting the headline out of the article
    # joined its tail ("\x01tail") to the text before it and raised "All strings must be XML compatible";
    # the page was lost and, in a crawl, counted nowhere
    page = (
        b"<html><head><title>Appeal after burglary</title></head><body><div><h1>Appeal after burglary</h1>"
        b"\x01tail<p>Officers are appealing for witnesses after a burglary in Newport on Tuesday 2 March.</p>"
        b"<p>Anyone with information\x0b should call 101.</p></div></body></html>"
    )
    rec = extract_notice(page, "https://www.gwent.police.uk/news/appeal")
    assert rec["title"] == "Appeal after burglary"
    assert (
        "Officers are appealing for witnesses" in rec["body"]
        and "Anyone with information should call 101" in rec["body"]
    )
