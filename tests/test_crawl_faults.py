"""The fault matrix: real crawls of the sample site with one fault injected on one article (or robots.txt,
or a force's whole host): crawler.sample_site.matrix. Each fault: no crash, bounded retries, the failure in
`fetch_errors` when the page could not be had, every reachable notice stored (matrix.problems), and what
that fault in particular must give (the error said, the exit code, the page read right).

What the crawler asked for is read from the site's own access log, never from the crawler's word.
"""

import pytest

from crawler.sample_site.matrix import NAMES, REDIRECTS, RETRIES, VICTIM, crawl_with_fault, problems

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")


def warned(text):
    def check(record):
        assert record["title"] == VICTIM.title
        assert any(text in w for w in record["warnings"]), record["warnings"]

    return check


def titled(record):
    assert record["title"] == VICTIM.title and len(record["body"]) > 200


# fault: (faulted page lost, text of its fetch_errors row, requests for the faulted path, exit code, check)
EXPECT = {
    "connection refused": (False, "ConnectionRefused", None, 1, None),
    "reset": (True, "ResponseDataLoss", RETRIES + 1, 0, None),
    "stall": (True, "TimeoutError", RETRIES + 1, 0, None),
    "truncated-gzip": (True, "gzip body ends before its end", 1, 0, None),
    "429": (True, "HTTP 429", RETRIES + 1, 0, None),
    "503-once": (False, None, 2, 0, titled),
    "500-burst": (False, None, 4, 0, titled),
    "404": (True, "linked page not found", 1, 0, None),
    "410": (True, "linked page not found", 1, 0, None),
    "redirect-loop": (True, "max redirections", REDIRECTS + 1, 0, None),
    "offsite-redirect": (True, "not one of the hosts", 1, 0, None),
    "oversize": (True, "larger than download max size", 1, 0, None),
    "oversize-unsized": (True, "DOWNLOAD_MAXSIZE", 1, 0, None),
    "gzip-bomb": (True, "exceeded DOWNLOAD_MAXSIZE", 1, 0, None),
    "no-charset": (False, None, 1, 0, warned("charset guessed")),
    "wrong-charset": (False, None, 1, 0, warned("not valid utf-8")),
    "false-utf16": (False, None, 1, 0, warned("declared but the bytes are not")),
    "malformed": (False, None, 1, 0, titled),
    "robots-disallow": (True, "robots.txt", 1, 1, None),
    "robots-stall": (False, "robots.txt not fetched", RETRIES + 1, 0, None),
}


def test_every_fault_is_in_the_matrix():
    assert set(EXPECT) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_fault(name, tmp_path):
    lost, error, hits, code, check = EXPECT[name]
    run = crawl_with_fault(name, tmp_path)
    assert problems(run) == [], run.table
    assert run.code == code, run.table
    assert (run.victim not in run.stored) == lost
    if error:
        assert any(error in (e or "") or error == f"HTTP {s}" for _, s, e, _ in run.errors), run.errors
    else:
        assert not run.errors, run.errors
    if hits is not None:
        # a stalled answer is logged once the site sends it, maybe after the crawler gave up on it
        assert len(run.hits) == hits or "stall" in name and len(run.hits) < hits, [e["status"] for e in run.hits]
    if name in ("429", "503-once"):
        # each retry waited for the Retry-After the site asked for (1 s), not the short backoff
        times = [e["time"] for e in run.hits]
        assert all(b - a >= 0.95 for a, b in zip(times, times[1:])), times
    if name == "stall":
        assert max(n for *_, n in run.errors) == hits  # the crawler's own count of attempts
    if check:
        check(run.record)
