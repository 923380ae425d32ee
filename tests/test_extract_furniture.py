"""Furniture names weighed against what an element holds (content.PageText, content.Furniture), on pages
written here: the shapes real CMSs produce that a class word alone would misjudge."""

from crawler.extraction import extract_notice


def test_a_short_body_in_a_hidden_labelled_field_beside_a_long_cookie_notice():
    # Drupal writes `field--label-hidden` on the body field; a short notice (39% of the page's text, the rest
    # a cookie notice and a latest-news block) kept its body only once the lead decided, not the share alone
    cookie = (
        "We use some essential cookies to make this website work. We would like to set additional cookies "
        "to understand how you use the site, remember your settings and improve our services. We also use "
        "cookies set by other sites to help us deliver content from their services. "
    ) * 2
    latest = "".join(
        f'<div class="views-row"><a href="/news/{n}">Appeal after burglary number {n} in Newport</a>'
        f"<p>Officers are appealing for witnesses after burglary number {n}.</p></div>"
        for n in range(3)
    )
    page = f"""<html><head><title>Disqualified driver jailed after camera alert | Dyfed-Powys Police</title></head>
    <body><div class="cookie-banner"><p>{cookie}</p></div>
    <main><div class="block-page-title-block"><h1 class="page-title"><span class="field field--name-title
    field--label-hidden">Disqualified driver jailed after camera alert</span></h1></div>
    <article class="node node--type-news"><div class="field field--name-field-date field--label-hidden">
    <time datetime="2021-03-12T10:00:00Z">12 March 2021</time></div>
    <div class="field field--name-body field--type-text-with-summary field--label-hidden field__item">
    <p>A disqualified driver has been jailed after an ANPR camera alerted officers in Llanelli.</p>
    <p>He admitted driving while disqualified and was jailed for 16 weeks.</p></div></article>
    <div class="block-views-block-news-latest-block-1"><h2>Latest news</h2>{latest}</div></main></body></html>"""
    rec = extract_notice(page.encode(), "https://www.dyfed-powys.police.uk/news/dyfed-powys/disqualified-driver")
    assert rec["body"].startswith("A disqualified driver has been jailed")
    assert "burglary number" not in rec["body"] and "cookies" not in rec["body"]
    assert rec["published"] == "2021-03-12T10:00:00+00:00"


def test_a_second_opinion_that_fails_is_said_in_the_record(monkeypatch):
    # trafilatura raising (a library bug, a page it cannot take) leaves our reading standing, and says so
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("cannot read this page")

    monkeypatch.setattr(trafilatura, "extract", broken)
    links = "".join(
        f'<li><a href="/news/{n}">Appeal after burglary number {n} in Newport town centre</a></li>' for n in range(12)
    )
    page = (
        f"<html><head><title>Latest appeals | Gwent Police</title></head><body><h1>Latest appeals</h1>"
        f"<ul>{links}</ul></body></html>"
    )
    rec = extract_notice(page.encode(), "https://www.gwent.police.uk/news/latest")
    assert any(c.startswith("body_links") for c in rec["checks"])
    assert "second opinion failed: trafilatura: RuntimeError: cannot read this page" in rec["warnings"]
