"""UK dates: day-first, Europe/London wall-clock time, nothing guessed."""

import pytest

from crawler.extraction.dates import parse_date_text, short_date

CASES = [
    ("13:35 15/02/2021", "2021-02-15T13:35:00+00:00", "2021-02-15T13:35:00Z"),
    ("09:00 01/07/2021", "2021-07-01T09:00:00+01:00", "2021-07-01T08:00:00Z"),  # BST
    ("Posted at 09:48 on 12th August 2020", "2020-08-12T09:48:00+01:00", "2020-08-12T08:48:00Z"),
    ("Published 4 March 2020", "2020-03-04", "2020-03-04"),
    ("Date published: 15 February 2021 13:46", "2021-02-15T13:46:00+00:00", "2021-02-15T13:46:00Z"),
    ("Tuesday 16 February 2021", "2021-02-16", "2021-02-16"),
    ("Mar 31, 2021 20:10 BST", "2021-03-31T20:10:00+01:00", "2021-03-31T19:10:00Z"),
    ("February 18, 2021", "2021-02-18", "2021-02-18"),
    ("09 Nov 2020 10:59", "2020-11-09T10:59:00+00:00", "2020-11-09T10:59:00Z"),
    ("Posted on 13:29:00 on 13th November 2019", "2019-11-13T13:29:00+00:00", "2019-11-13T13:29:00Z"),
    ("Tuesday, March 2, 2021", "2021-03-02", "2021-03-02"),
    ("2020-08-12T08:48+00:00", "2020-08-12T09:48:00+01:00", "2020-08-12T08:48:00Z"),
    ("12/03/2021", "2021-03-12", "2021-03-12"),  # day-first: 12 March, not 3 December
    ("10:42am 9 May 2018", "2018-05-09T10:42:00+01:00", "2018-05-09T09:42:00Z"),
    ("15 Chwefror 2021", "2021-02-15", "2021-02-15"),  # Welsh month
    ("$Date: 2016/11/18 06:31:41 $", "2016-11-18T06:31:41+00:00", "2016-11-18T06:31:41Z"),  # year first
    ("2019.12.02", "2019-12-02", "2019-12-02"),
]


@pytest.mark.parametrize("text,local,utc", CASES)
def test_parse(text, local, utc):
    parsed = parse_date_text(text)
    assert (parsed.local, parsed.utc) == (local, utc)


@pytest.mark.parametrize(
    "text", ["", "hello", "31/02/2021", "13/13/2021", "25/61/2021", "Call 101", "2016/13/18", "/2016/11/18/story"]
)
def test_no_guess(text):
    assert parse_date_text(text) is None


@pytest.mark.parametrize(
    "text,day", [("02.12.19", "2019-12-02"), ("15/02/21", "2021-02-15"), (" 1.2.19 ", "2019-02-01")]
)
def test_short_date(text, day):
    """A two-digit year only when the line is nothing but the date (read as this century)."""
    assert short_date(text).local == day


@pytest.mark.parametrize("text", ["v2.1.19", "02.12.2019", "31.02.19", "on 02.12.19", "1.2.19.4", ""])
def test_no_short_date(text):
    assert short_date(text) is None
