"""Golden listing pages: the crawl's listing decisions on pages written from real CMS templates.

    .venv/bin/python benchmarks/listing_goldens.py               # items found / expected, false items, next page
    .venv/bin/python benchmarks/listing_goldens.py --regenerate  # rewrite each case's expected JSON from the code

Each case in tests/fixtures/listings/ is an HTML page (<case>.html) and its truth beside it (<case>.json):
the page's URL, the force's start URL, its items (every notice the page links) and its next page. The page
is read as the spider reads it (NoticesSpider._anchors from lxml, crawl.listing_links). --regenerate writes
what the code decides now, for review in the diff: the truth is what a reader of the page would say.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapy.http import HtmlResponse  # noqa: E402

from crawler import crawl  # noqa: E402
from crawler.extraction import normalise_url  # noqa: E402
from crawler.registry import Force, host_of  # noqa: E402
from crawler.spiders.notices import NoticesSpider  # noqa: E402

CASES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "listings"


def cases():
    return sorted(p.stem for p in CASES.glob("*.html"))


def expected(case):
    return json.loads((CASES / f"{case}.json").read_text())


def decide(case):
    """{"items": [...], "next": url or None}: what the crawl makes of the case's page."""
    truth = expected(case)
    force = Force(slug=case, name=case, domains=(host_of(truth["start_url"]),), start_urls=(truth["start_url"],))
    hosts = crawl.crawl_hosts(force)
    response = HtmlResponse(url=truth["url"], body=(CASES / f"{case}.html").read_bytes(), encoding="utf-8")
    items, nexts, _, _ = crawl.listing_links(NoticesSpider._anchors(response, hosts), force, response.url, hosts)
    return {"items": items, "next": nexts[0] if nexts else None}


def score(case):
    """(items found, items expected, false items, next page right) for a case."""
    truth, got = expected(case), decide(case)
    want = {normalise_url(u) for u in truth["items"]}
    nxt = truth["next"] and normalise_url(truth["next"])
    return len(want & set(got["items"])), len(want), len(set(got["items"]) - want), got["next"] == nxt


def regenerate(case):
    truth = expected(case)
    truth.update(decide(case))
    (CASES / f"{case}.json").write_text(json.dumps(truth, indent=2) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regenerate", action="store_true", help="rewrite each case's expected JSON from the code")
    args = ap.parse_args(argv)
    if args.regenerate:
        for case in cases():
            regenerate(case)
        print(f"rewrote {len(cases())} cases in {CASES}: review the diff")
        return
    print(f"{'case':<32} {'found':>9} {'false':>6}  next")
    for case in cases():
        found, want, false, next_ok = score(case)
        print(f"{case:<32} {found:>4}/{want:<4} {false:>6}  {'ok' if next_ok else 'WRONG'}")


if __name__ == "__main__":
    main()
