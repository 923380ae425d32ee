"""`make test` sets up its browser: Chromium installed when it can be, else one line says how, and the
browser tests are skipped with that reason while every other test runs; under CI=true a missing browser
fails the run.

Each case runs a real pytest (or tests/browser.py, as the Makefile does) in a subprocess whose PATH has no
Chromium; apt-get and sudo, where a case needs them, are stand-ins that record what they were asked.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import browser

ROOT = Path(__file__).resolve().parents[1]
BROWSER_TESTS = "tests/test_browser_publish.py"
OTHER_TESTS = "tests/test_extract_urls.py"  # quick, and no browser


def env_without_chromium(bin_dir, ci=None):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(bin_dir)  # nothing but what the case puts there
    if ci:
        env["CI"] = ci
    return env


def run_pytest(bin_dir, ci=None):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", BROWSER_TESTS, OTHER_TESTS],
        cwd=ROOT,
        env=env_without_chromium(bin_dir, ci),
        capture_output=True,
        text=True,
        timeout=600,
    )


def stand_in(bin_dir, name, body):
    """An executable `name` in bin_dir: a Python script (its own interpreter path: PATH has no python)."""
    path = bin_dir / name
    path.write_text(f"#!{sys.executable}\nimport os, sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_without_chromium_the_browser_tests_skip_with_how_and_the_others_run(tmp_path):
    r = run_pytest(tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    assert re.search(r"\d+ passed, \d+ skipped in ", out) and "failed" not in out and "error" not in out.lower()
    assert f"{BROWSER_TESTS}:" in out and browser.HOW in out  # the reason, in the skip summary


def test_under_ci_a_missing_chromium_fails_the_run(tmp_path):
    r = run_pytest(tmp_path, ci="true")
    out = r.stdout + r.stderr
    assert r.returncode != 0 and f"CI=true, but {browser.HOW}" in out, out[-3000:]
    assert " passed" in out  # the other tests still ran
    assert "skipped" not in out


def test_setup_installs_chromium_with_apt_get_when_it_may(tmp_path):
    log = tmp_path / "apt-get.log"
    stand_in(
        tmp_path,
        "apt-get",
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '|' + os.environ.get('DEBIAN_FRONTEND', '') + '\\n')\n"
        "if sys.argv[1] == 'install':\n"
        f"    p = {str(tmp_path / 'chromium')!r}\n"
        "    open(p, 'w').write('#!/bin/sh\\n')\n"
        "    os.chmod(p, 0o755)",
    )
    stand_in(tmp_path, "sudo", "assert sys.argv[1] == '-n'\nos.execvp(sys.argv[2], sys.argv[2:])")  # not root
    r = subprocess.run(
        [sys.executable, "tests/browser.py"],
        cwd=ROOT,
        env=env_without_chromium(tmp_path),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert log.read_text().splitlines() == [
        "update -qq|noninteractive",
        "install -y -qq chromium fonts-dejavu-core|noninteractive",
    ]
    assert f"Chromium installed: {tmp_path / 'chromium'}" in r.stdout


def test_setup_that_cannot_install_says_how_in_one_line(tmp_path):
    r = subprocess.run(
        [sys.executable, "tests/browser.py"],
        cwd=ROOT,
        env=env_without_chromium(tmp_path),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0  # the tests still run: pytest skips the browser tests (or fails them under CI)
    assert r.stdout.splitlines() == [browser.HOW] and r.stderr == ""


def test_sudo_is_used_only_without_a_password(tmp_path, monkeypatch):
    stand_in(tmp_path, "apt-get", "")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert browser.install_prefix() is None  # no sudo at all
    stand_in(tmp_path, "sudo", "sys.exit(1)")  # `sudo -n true`: a password would be needed
    assert browser.install_prefix() is None
    stand_in(tmp_path, "sudo", "sys.exit(0)")
    assert browser.install_prefix() == ["sudo", "-n"]
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert browser.install_prefix() == []
