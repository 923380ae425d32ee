"""The bundled offline sample site: seven forces' news in seven markup families, and one police and crime
commissioner's (North Yorkshire's, with a precept consultation), served on 127.0.0.1.

    from crawler.sample_site import SampleSite
    with SampleSite(port=0, state="day1", faults=False) as site:
        site.url                      # http://127.0.0.1:<port>; force <slug> lives under /<slug>/
        site.write_forces_file(path)  # registry TOML: the forces as mirrors (start_urls here, real domains)
        site.expected_notices()       # [{force, publisher, url, title, published}] a correct crawl stores
        site.set_state("day2")        # new notices on top, one edited, one removed (410)
        site.log, site.offsite_hits   # access log; requests that reached the off-site host

Pages are written by us (content.py; Gwent's ANPR page is the project's seed) and rendered by
families.py: four families of ours (SOH, WordPress, SharePoint 2010, an own CMS) and three transcribed from
real CMS templates (cms.py: Dyfed-Powys in Drupal 9, Cheshire in Joomla 4, Hertfordshire in GOV.UK's
publishing components), each with that CMS's own listing and pagination. With faults=True: a 503 +
Retry-After once, a page that 500s twice, a 404 link, a 301 from an old article URL, a slow page, a
windows-1252 page and a link that redirects off-site. With
breaks={slug: "undated"} a force's article pages lose their date line and every machine-readable date;
with breaks={slug: "unreadable"} they become a script-rendered shell with no headline or body (what a
redesign the extractor cannot read looks like); expected_notices() follows the breaks. With
inject={path: fault} one path (an article, /robots.txt) answers with a fault of faults.FAULTS instead: a
reset mid-body, a stall, truncated gzip, 429/503 with Retry-After, 500 bursts, 404/410, redirect loops,
an off-site redirect, oversize bodies, a gzip bomb, a wrong or missing charset, malformed HTML, a robots.txt
that disallows all or stalls (the fault matrix: tests/test_crawl_faults.py, benchmarks/faults.py).
"""

from crawler.sample_site.server import SampleSite

__all__ = ["SampleSite"]
