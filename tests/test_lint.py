"""The code passes its linter, its formatter's check and its type checker, as CI runs them: plain commands
from the project root, configured by pyproject.toml alone ([tool.ruff], [tool.mypy])."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKS = {
    "ruff check": ["ruff", "check"],
    "ruff format --check": ["ruff", "format", "--check"],
    "mypy crawler archive cli": ["mypy", "crawler", "archive", "cli"],
}


def run(args, **kw):
    # the tools of this interpreter's environment (the test extras), not whichever are first on PATH
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, **kw)


@pytest.mark.parametrize("check", CHECKS)
def test_the_code_passes(check):
    result = run(CHECKS[check])
    assert result.returncode == 0, f"`{check}` found problems:\n{result.stdout}{result.stderr}"


def test_a_user_ruff_config_does_not_change_what_is_checked(tmp_path):
    # Ruff reads a user-level config only where the project has none: with [tool.ruff] in pyproject.toml,
    # a machine selecting every rule checks the same as CI.
    (tmp_path / "ruff").mkdir()
    (tmp_path / "ruff" / "ruff.toml").write_text('line-length = 60\n[lint]\nselect = ["ALL"]\n', encoding="utf-8")
    result = run(
        ["ruff", "check", "--show-settings", "crawler/cli.py"], env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert "linter.line_length = 120" in result.stdout
    assert "missing-type-function-argument (ANN001)" not in result.stdout
