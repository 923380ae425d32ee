"""The registry of publishers: every police force and every police and crime commissioner (PCC) as data
(forces.toml), looked up by slug or by host.

Each entry is a site the crawl treats alike (its own hosts, politeness, health); `kind` says what
publishes there: a police force (`force`, the default) or a commissioner's office (`pcc`: a PCC, a PFCC
or a mayor's policing office), whose `area` is the slug of its area's force entry. The same TOML format is
used for the built-in registry and for `--forces-file`.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

BUILTIN = Path(__file__).with_name("forces.toml")
REQUIRED = ("slug", "name", "start_urls")
KINDS = ("force", "pcc")
KNOWN = set(REQUIRED) | {
    "kind",
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
    kind: str = "force"
    area: str | None = None  # a force's area name (e.g. `Gwent`); a pcc's: the slug of its area's force
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

    def force_of(self, entry):
        """The police force of an entry's area: the entry itself for a force, its area's force for a pcc."""
        return self.by_slug.get(entry.area) if entry.kind == "pcc" else entry

    def notice_fields(self, entry):
        """What a notice published on entry's site says of where it comes from (crawler/record.py)."""
        force = self.force_of(entry)
        return {
            "force": force.slug,
            "force_name": force.name,
            "area": force.area,
            "publisher": entry.slug,
            "publisher_kind": entry.kind,
        }

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
    if entry.get("kind", "force") not in KINDS:
        raise RegistryError(
            f"{where}: force {entry['slug']!r} has kind {entry['kind']!r}, not one of {', '.join(KINDS)}"
        )
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
    kinds = {f.slug: f.kind for f in forces}
    for f in forces:  # a commissioner's notices name its area's force: that force must be listed too
        if f.kind == "pcc" and kinds.get(f.area) != "force":
            raise RegistryError(f"{path}: pcc {f.slug!r} has area {f.area!r}, which is not the slug of a force listed")
    return Registry(forces)
