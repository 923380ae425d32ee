"""The Scrapy and Twisted internals the crawl uses live in crawler/scrapy_internals.py only, and are still there in
the installed versions: an upgrade that moves one fails here, by name, not as a silently slower or ruder crawl."""

import asyncio
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from scrapy import Request, Spider
from scrapy.core.downloader import Downloader, Slot
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.asyncioreactor import AsyncioSelectorReactor

from crawler import scrapy_internals
from crawler.middlewares import PoliteRetryMiddleware

ROOT = Path(__file__).resolve().parent.parent
# the versions crawler/scrapy_internals.py was checked against: on an upgrade, re-read what its docstring lists in
# the new sources, then move these
CHECKED = {"scrapy": "2.19", "twisted": "26.10"}
PRIVATE = re.compile(
    r"\b(lastseen|_download|_retry|_asyncioEventloop|_stopThreadPool|_robots_error|_parse_robots"
    r"|_robotstxt_useragent|_default_useragent|per_slot_settings)\b|\bdownloader\.slots\b"
)


def _requirement(name):
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return next(Requirement(d) for d in deps if Requirement(d).name.lower() == name)


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_installed_versions_are_the_checked_ones(name):
    installed = Version(version(name))
    assert f"{installed.major}.{installed.minor}" == CHECKED[name], (
        f"{name} {installed} is installed; crawler/scrapy_internals.py was checked against {CHECKED[name]}"
    )


def test_installed_scrapy_is_within_pyproject_range():
    assert version("scrapy") in _requirement("scrapy").specifier


def test_no_module_but_scrapy_internals_touches_them():
    touching = []
    for path in sorted((ROOT / "crawler").rglob("*.py")) + sorted((ROOT / "archive").rglob("*.py")):
        if path.name == "scrapy_internals.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if PRIVATE.search(line.split("#")[0]):
                touching.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert touching == []


def test_downloader_internals_exist():
    init = inspect.getsource(Downloader.__init__)
    assert "self.slots" in init and "self.per_slot_settings" in init
    assert inspect.iscoroutinefunction(Downloader._download)
    assert list(inspect.signature(Downloader._download).parameters) == ["self", "slot", "request"]
    slot = Slot(1, 0.5, 0)
    assert (slot.delay, slot.lastseen) == (0.5, 0)


def test_robots_internals_exist():
    assert list(inspect.signature(RobotsTxtMiddleware._robots_error).parameters) == ["self", "exc", "netloc"]
    init = inspect.getsource(RobotsTxtMiddleware.__init__)
    assert "self._robotstxt_useragent" in init and "self._default_useragent" in init


def test_reactor_internals_exist():
    loop = asyncio.new_event_loop()
    try:
        reactor = AsyncioSelectorReactor(loop)
        assert scrapy_internals.asyncio_loop(reactor) is loop
        assert callable(reactor._stopThreadPool)
    finally:
        loop.close()


def test_retry_needs_only_the_public_api(monkeypatch):
    """Retries go through get_retry_request: the private RetryMiddleware._retry may go away."""
    assert {"spider", "reason", "max_retry_times", "priority_adjust", "give_up_log_level"} <= set(
        inspect.signature(get_retry_request).parameters
    )
    monkeypatch.delattr(RetryMiddleware, "_retry")
    crawler = get_crawler(Spider, {"RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0})
    crawler.spider = crawler._create_spider("retry")
    middleware = PoliteRetryMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1/a")
    retry = middleware.process_response(request, Response(request.url, status=500))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    response = Response(request.url, status=500)
    assert middleware.process_response(retry, response) is response  # its tries are spent
    assert crawler.stats.get_value("retry/max_reached") == 1
