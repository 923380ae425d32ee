"""Closing dates stated as a length from a start ("open for six weeks from 15 February") and in Welsh."""

from datetime import date

import pytest

from crawler.extraction import find_closing

PUBLISHED = date(2021, 2, 15)


@pytest.mark.parametrize(
    "text, closes",
    [
        ("The survey closes on 7 March 2021.", "2021-03-07"),
        ("It is open until midnight on Sunday 28 February.", "2021-02-28"),
        # a length from a start: the start plus the length, never the start itself
        ("The survey is open for six weeks from 15 February 2021.", "2021-03-29"),
        ("The consultation will be open for 4 weeks from Monday 1 March 2021.", "2021-03-29"),
        ("The survey runs for three weeks, starting on 1 March 2021.", "2021-03-22"),
        ("The survey will be live for 10 days from 20 February.", "2021-03-02"),
        # the opening day is not the closing day
        ("The anonymous survey is open from 15th February and closes on the 7th March.", "2021-03-07"),
        ("The consultation will run from 30th August 2018 to 9th November 2018.", "2018-11-09"),
        # Welsh
        ("Mae'r arolwg yn cau ar 7 Mawrth 2021.", "2021-03-07"),
        ("Bydd yr arolwg ar agor tan 7 Mawrth 2021.", "2021-03-07"),
        ("Dyddiad cau: 7 Mawrth", "2021-03-07"),
    ],
)
def test_closing_date(text, closes):
    assert find_closing(text, PUBLISHED)[0] == closes


def test_a_length_without_a_start_states_no_closing_date():
    assert find_closing("The survey is open for six weeks.", PUBLISHED) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "The consultation is open for six weeks from 15 February 2021 and closes at midnight on 28 March 2021.",
        "The survey is open for six weeks from 15 February 2021. It closes on 28 March 2021.",
    ],
)
def test_a_stated_closing_date_wins_over_a_length_from_a_start(text):
    # the length was read first: the page said 28 March and the archive stored 29 March
    closes, raw = find_closing(text, PUBLISHED)
    assert closes == "2021-03-28" and "closes" in raw and raw.endswith("28 March 2021")
