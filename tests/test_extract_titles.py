"""The headline: the page's title without the site's name, confirmed by a visible heading."""

import pytest

from crawler.extraction.titles import clean_title
from crawler.registry import load_registry

GWENT = load_registry().get("gwent")


@pytest.mark.parametrize(
    "page_title, og_title, headings, want",
    [
        ("Appeal after burglary | Gwent Police", None, ["Appeal after burglary"], "Appeal after burglary"),
        ("Gwent Police - Appeal after burglary", None, [], "Appeal after burglary"),
        # a heading that shows the title whole says its prefix is part of the headline, not a site name
        ("ANPR - Have Your Say | Gwent Police", None, ["ANPR - Have Your Say"], "ANPR - Have Your Say"),
        ("FOUND - Goat in Pickering | Gwent Police", None, ["FOUND - Goat in Pickering"], "FOUND - Goat in Pickering"),
        (
            "Your views on Wiltshire Police - take part in our new survey | Gwent Police",
            None,
            ["Your views on Wiltshire Police - take part in our new survey"],
            "Your views on Wiltshire Police - take part in our new survey",
        ),
        (
            "Endangered crocodile skull seized by police – Leamington",
            None,
            ["Endangered crocodile skull seized by police – Leamington"],
            "Endangered crocodile skull seized by police – Leamington",
        ),
        # without such a heading the site-like part still goes
        ("Your views on Wiltshire Police - take part in our new survey", None, [], "take part in our new survey"),
    ],
)
def test_titles(page_title, og_title, headings, want):
    assert clean_title(page_title, og_title, GWENT, headings) == want
