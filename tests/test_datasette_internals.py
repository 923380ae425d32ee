"""The Datasette internals our plugins patch or build (catalogued in archive/datasette_internals.py) are still there
in the installed Datasette, and every one the plugins touch is in the catalogue: an upgrade that moves one fails
here, by name."""

import importlib
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from datasette.database import Database
from packaging.requirements import Requirement

from archive import datasette_internals as internals

ROOT = Path(__file__).resolve().parent.parent
CHECKED = "0.65"  # the Datasette archive/datasette_internals.py was checked against: re-read it on an upgrade


def _resolve(qualified):
    for i in range(qualified.count("."), 0, -1):
        module, attrs = ".".join(qualified.split(".")[:i]), qualified.split(".")[i:]
        try:
            obj = importlib.import_module(module)
        except ImportError:
            continue
        for attr in attrs:
            # Datasette's own method, not our wrapper, when a plugin has been loaded in this process
            owner, obj = obj, getattr(obj, attr)
            obj = vars(owner).get(f"_police_notices_{attr}", obj) if isinstance(owner, type) else obj
        return obj
    raise AssertionError(f"{qualified} not found")


def test_installed_datasette_is_the_checked_one_and_in_range():
    installed = version("datasette")
    assert installed.rsplit(".", 1)[0] == CHECKED, f"datasette {installed}: the catalogue was checked on {CHECKED}"
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    requirement = next(Requirement(d) for d in deps if Requirement(d).name == "datasette")
    assert installed in requirement.specifier


@pytest.mark.parametrize("qualified", sorted(internals.SIGNATURES))
def test_signatures_are_unchanged(qualified):
    assert tuple(inspect.signature(_resolve(qualified)).parameters) == internals.SIGNATURES[qualified]


@pytest.mark.parametrize("qualified", internals.COROUTINES)
def test_coroutines_are_still_coroutines(qualified):
    function = _resolve(qualified)
    function = getattr(function, "__wrapped__", function)
    assert inspect.iscoroutinefunction(function)


def test_database_attributes_exist(tmp_path):
    db = Database(None, is_memory=True)
    for name in internals.DATABASE_ATTRIBUTES:
        assert hasattr(db, name)
    assert isinstance(db.__dict__, dict)  # the plugins keep per-database state in it


def test_every_patched_attribute_is_catalogued():
    """A plugin that assigns to a Datasette class attribute names it in the catalogue's docstring."""
    patched = set()
    for path in (ROOT / "archive" / "plugins").glob("*.py"):
        patched |= set(re.findall(r"^(\w+\.\w+) = ", path.read_text(), re.M))
    patched = {name for name in patched if not name.split(".")[1].startswith("_police_notices")}  # our own
    assert {"Database.execute", "Database.execute_fn", "ColumnFacet.facet_results"} <= patched
    assert [name for name in sorted(patched) if f"`{name}`" not in internals.__doc__] == []
