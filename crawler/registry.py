"""The force registry: every force as data (forces.toml), looked up by slug or by host.

The same TOML format is used for the built-in registry and for `--forces-file`.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

BUILTIN = Path(__file__).with_name("forces.toml")
REQUIRED = ("slug", "name", "start_urls")
KNOWN = set(REQUIRED) | {
    "area",
    "domains",
    "platform",
    "languages",
    "verified",
    "allow",
    "deny",
    "feeds",
    "sitemaps",
    "notes",
}


class RegistryError(ValueError):
    """The registry file is missing, unreadable or has a bad entry."""


def host_of(url):
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def host_in(host, domains):
    """True when host is one of domains or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True)
class Force:
    slug: str
    name: str
    start_urls: tuple
    area: str | None = None
    domains: tuple = ()
    platform: str = "generic"
    languages: tuple = ("en",)
    verified: bool = False
    allow: tuple = ()
    deny: tuple = ()
    feeds: tuple = ()
    sitemaps: tuple = ()
    notes: str | None = None

    @cached_property
    def hosts(self):
        """The force's own hosts: its domains (each covering subdomains) and its start URL hosts."""
        hosts = [d.lower() for d in self.domains]
        for url in self.start_urls:
            h = host_of(url)
            if h and not host_in(h, hosts):
                hosts.append(h)
        return tuple(hosts)

    def owns(self, url_or_host):
        host = host_of(url_or_host) if "/" in url_or_host else url_or_host
        return bool(host) and host_in(host, self.hosts)


@dataclass
class Registry:
    forces: list = field(default_factory=list)

    def __post_init__(self):
        self.by_slug = {f.slug: f for f in self.forces}
        self._by_host = {}  # host -> force: a crawl asks for the same few hosts thousands of times

    def __iter__(self):
        return iter(self.forces)

    def __len__(self):
        return len(self.forces)

    def get(self, slug):
        return self.by_slug.get(slug)

    def force_for_url(self, url):
        """The force owning the URL's host; the most specific domain wins."""
        host = host_of(url)
        if host in self._by_host:
            return self._by_host[host]
        best, best_len = None, -1
        for force in self.forces:
            for d in force.hosts:
                if (host == d or host.endswith("." + d)) and len(d) > best_len:
                    best, best_len = force, len(d)
        if len(self._by_host) < 10_000:
            self._by_host[host] = best
        return best


def _force_from_entry(entry, where):
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: a [[force]] entry must be a table")
    missing = [k for k in REQUIRED if not entry.get(k)]
    if missing:
        raise RegistryError(f"{where}: force {entry.get('slug', '?')!r} is missing {', '.join(missing)}")
    unknown = set(entry) - KNOWN
    if unknown:
        raise RegistryError(f"{where}: force {entry['slug']!r} has unknown keys: {', '.join(sorted(unknown))}")
    for url in entry["start_urls"]:
        if urlsplit(url).scheme not in ("http", "https") or not host_of(url):
            raise RegistryError(f"{where}: force {entry['slug']!r} has a bad start URL {url!r}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
    return Force(**values)


def load_registry(path=None):
    """Load forces from a TOML file (default: the built-in registry)."""
    path = Path(path) if path else BUILTIN
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such forces file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise RegistryError(f"{path}: not a valid TOML forces file: {e}") from None
    entries = data.get("force")
    if not entries:
        raise RegistryError(f"{path}: no [[force]] entries")
    forces = [_force_from_entry(e, f"{path} entry {i + 1}") for i, e in enumerate(entries)]
    seen = set()
    for f in forces:
        if f.slug in seen:
            raise RegistryError(f"{path}: duplicate force slug {f.slug!r}")
        seen.add(f.slug)
    return Registry(forces)
