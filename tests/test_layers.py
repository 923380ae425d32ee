"""The layers of docs/layers.md, enforced: import-linter's contracts (pyproject.toml) hold, and every module has
a layer (a module outside every layer would be checked by none)."""

import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_import_follows_the_layers():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ", 0 broken." in run.stdout and "KEPT" in run.stdout


def test_every_module_belongs_to_a_layer():
    layers = next(c["layers"] for c in CONFIG["contracts"] if c["type"] == "layers")
    named = {m.strip(" ()") for layer in layers for m in re.split(r"[|:]", layer)}
    modules = [
        f"{root}.{m.name}"
        for root in CONFIG["root_packages"]
        for m in pkgutil.iter_modules(importlib.import_module(root).__path__)
    ]
    assert "archive.store" in modules and "crawler.spiders" in modules
    outside = [
        m for m in modules if not any(m == n or m.startswith(n + ".") for n in named) and m.split(".")[0] not in named
    ]
    assert outside == []


def test_an_import_back_up_breaks_the_build(tmp_path):
    # a copy of the code where the archive reaches up into the crawl: the check must fail and name the import
    for name in ("pyproject.toml", *CONFIG["root_packages"]):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    store = tmp_path / "archive" / "store.py"
    store.write_text(
        store.read_text(encoding="utf-8") + "\nfrom crawler.spiders import notices  # noqa\n", encoding="utf-8"
    )
    run = lint_imports(tmp_path)
    assert run.returncode == 1
    assert "BROKEN" in run.stdout and "archive.store -> crawler.spiders" in run.stdout
