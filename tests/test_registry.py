"""The force registry: the built-in data (forces.toml) and the loader's errors."""

import gzip
import json
import tomllib
from urllib.parse import urlsplit

import pytest
from shared_data import CORPUS, require

from crawler.registry import BUILTIN, RegistryError, host_of, load_registry

WELSH = {"gwent", "dyfed-powys", "south-wales", "north-wales"}
NON_TERRITORIAL = {"btp", "scotland", "psni", "civil-nuclear"}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def test_builtin_registry_has_every_uk_force(registry):
    # counted from the file itself, so a new force is one edit (forces.toml), not a test's constant too
    entries = len(tomllib.loads(BUILTIN.read_text(encoding="utf-8"))["force"])
    assert len(registry) == entries
    slugs = [f.slug for f in registry]
    assert len(set(slugs)) == entries
    assert NON_TERRITORIAL <= set(slugs)
    assert len({f.area for f in registry}) == entries
    assert len({f.name for f in registry}) == entries


def test_slugs_and_platforms_are_tidy(registry):
    for f in registry:
        assert f.slug == f.slug.lower() and " " not in f.slug and "_" not in f.slug, f.slug
        assert f.platform in ("soh", "generic"), f.slug
        assert f.name and f.area and f.notes, f.slug


def test_every_domain_is_a_bare_lowercase_host(registry):
    for f in registry:
        assert f.domains, f.slug
        for d in f.domains:
            assert d == d.lower() and "://" not in d and "/" not in d and not d.startswith("www."), d


def test_start_urls_and_feeds_are_https_on_the_forces_own_hosts(registry):
    for f in registry:
        assert f.start_urls, f.slug
        for url in f.start_urls + f.feeds:
            assert urlsplit(url).scheme == "https", url
            assert f.owns(url), url
            assert registry.force_for_url(url) is f, url


def test_no_domain_is_claimed_by_two_forces(registry):
    owners = {}
    for f in registry:
        for h in f.hosts:
            assert h not in owners, f"{h} claimed by {owners.get(h)} and {f.slug}"
            owners[h] = f.slug


def test_languages(registry):
    for f in registry:
        expected = ("en", "cy") if registry.force_of(f).slug in WELSH else ("en",)  # a commissioner: as its force
        assert f.languages == expected, f.slug


def test_known_facts(registry):
    assert registry.get("gwent").platform == "soh"
    assert registry.get("gwent").verified
    assert registry.get("kent").start_urls == ("https://www.kent.police.uk/news/kent/latest/",)
    met = registry.get("metropolitan")
    assert met.feeds == ("https://news.met.police.uk/rss/current_news/66871",)
    assert registry.get("scotland").area == "Scotland"
    assert registry.get("psni").area == "Northern Ireland"
    assert registry.get("avon-and-somerset").platform == "generic"
    assert not registry.get("avon-and-somerset").verified


@pytest.mark.parametrize(
    "url, slug",
    [
        (
            "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/",
            "gwent",
        ),
        ("https://GWENT.police.uk./", "gwent"),
        ("https://news.met.police.uk/news/some-story-418381", "metropolitan"),
        ("https://media.btp.police.uk/r/17133", "btp"),
        ("https://www.west-midlands.police.uk/news/old-story", "west-midlands"),
        ("https://www.southyorks.police.uk/find-out/news-and-appeals/2021/x/", "south-yorkshire"),
        ("https://consult.scotland.police.uk/survey", "scotland"),
        ("https://beta.northumbria.police.uk/latest-news/2021/", "northumbria"),
    ],
)
def test_force_for_url(registry, url, slug):
    assert registry.force_for_url(url).slug == slug


@pytest.mark.parametrize(
    "url",
    [
        "https://www.police.uk/",
        "https://notgwent.police.uk/",  # a suffix match on the label, not a subdomain
        "https://www.smartsurvey.co.uk/s/anpr/",
        "not a url",
    ],
)
def test_force_for_url_none(registry, url):
    assert registry.force_for_url(url) is None


def test_every_corpus_page_maps_to_its_force(registry):
    by_area = {f.area: f for f in registry}
    pages, wrong, areas = 0, [], set()
    with gzip.open(require(CORPUS, "the shared corpus"), "rt", encoding="utf-8") as fh:
        for line in fh:
            page = json.loads(line)
            url = page["meta"]["url"]
            areas.add(page["force"])
            expected = by_area.get(page["force"])
            got = registry.force_for_url(url)
            if expected is None or got is not expected:
                wrong.append((page["force"], host_of(url), got and got.slug))
            pages += 1
    assert pages > 40000
    assert len(areas) == 38
    mismatches = sorted(set(wrong))  # (corpus force, host, slug found): one line per distinct mismatch
    assert not mismatches


# The loader's errors, on small files.

GOOD = """
[[force]]
slug = "a"
name = "Force A"
start_urls = ["https://www.a.police.uk/news/"]
"""


def write(tmp_path, text):
    path = tmp_path / "forces.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_minimal_file_with_defaults(tmp_path):
    reg = load_registry(write(tmp_path, GOOD))
    force = reg.get("a")
    assert len(reg) == 1 and force.platform == "generic" and force.languages == ("en",)
    assert force.hosts == ("www.a.police.uk",)
    assert reg.force_for_url("https://www.a.police.uk/news/x") is force
    assert reg.force_for_url("https://a.police.uk/") is None  # no domains: only the start URL host


def test_missing_key(tmp_path):
    with pytest.raises(RegistryError, match="'b' is missing name"):
        load_registry(write(tmp_path, GOOD + '[[force]]\nslug = "b"\nstart_urls = ["https://b.uk/"]\n'))


def test_empty_start_urls_count_as_missing(tmp_path):
    with pytest.raises(RegistryError, match="missing start_urls"):
        load_registry(write(tmp_path, '[[force]]\nslug = "b"\nname = "B"\nstart_urls = []\n'))


def test_unknown_key(tmp_path):
    with pytest.raises(RegistryError, match="unknown keys: colour"):
        load_registry(write(tmp_path, GOOD + 'colour = "blue"\n'))


def test_duplicate_slug(tmp_path):
    with pytest.raises(RegistryError, match="duplicate force slug 'a'"):
        load_registry(write(tmp_path, GOOD + GOOD))


def test_bad_toml(tmp_path):
    with pytest.raises(RegistryError, match="not a valid TOML"):
        load_registry(write(tmp_path, GOOD + "slug = \n"))


@pytest.mark.parametrize("url", ["www.a.police.uk/news/", "ftp://a.police.uk/", "https:///news/"])
def test_bad_start_url(tmp_path, url):
    with pytest.raises(RegistryError, match="bad start URL"):
        load_registry(write(tmp_path, GOOD.replace("https://www.a.police.uk/news/", url)))


def test_no_entries_and_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="no \\[\\[force\\]\\] entries"):
        load_registry(write(tmp_path, "# nothing\n"))
    with pytest.raises(RegistryError, match="no such forces file"):
        load_registry(tmp_path / "absent.toml")
