"""pyproject.toml declares what crawler/, archive/ and cli/ import, and nothing they do not use.

The imports are read with ast (function-local ones too); each third-party module is mapped to the
distribution that installs it (importlib.metadata)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ("crawler", "archive", "cli")
# Declared but never imported, and why they stay.
USED_OTHERWISE = {
    "datasette-render-markdown": "a Datasette plugin: notice bodies shown as Markdown",
    "datasette-dashboards": "a Datasette plugin: the coverage dashboard",
    "tzdata": "Europe/London for zoneinfo where the system has no time zone data",
}


def _name(requirement):
    return re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0).lower().replace("_", "-")


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}


def imported_modules():
    mods = {}
    for path in [p for package in OURS for p in ROOT.glob(f"{package}/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                mods.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return {m: p for m, p in mods.items() if m not in sys.stdlib_module_names and m not in OURS}


def test_every_imported_library_is_declared():
    dists = packages_distributions()
    missing = {}
    for module, where in imported_modules().items():
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared():
            missing[module] = (sorted(names), str(where))
    assert not missing, f"imported, not declared in pyproject.toml: {missing}"


def test_every_declared_library_is_used():
    dists = packages_distributions()
    used = {d.lower().replace("_", "-") for m in imported_modules() for d in dists.get(m, [m])}
    unused = declared() - used - set(USED_OTHERWISE)
    assert not unused, f"declared in pyproject.toml, never imported: {sorted(unused)}"
