"""The browser the browser tests drive: the system Chromium, found (and installed) here and nowhere else.

- Tests take the `browser` fixture (tests/conftest.py): a headless Chromium through Playwright. Without
  Chromium the test is skipped with one line saying how to install it; under CI=true it fails instead,
  so a CI run never passes with its browser tests silently skipped.
- `make test` first runs this file: when Chromium is missing it installs it with apt-get, as root or
  through `sudo -n` (never a password prompt); when it cannot, it says in one line how, and the tests run.

Playwright drives the system browser (its own browser download cannot work offline, see STACK.md).
"""

import os
import shutil
import subprocess
import sys

import pytest

NAMES = ("chromium", "chromium-browser")  # Debian's name, and the older one some distributions keep
PACKAGES = ("chromium", "fonts-dejavu-core")  # fonts: pages render the same on every machine
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW = "Chromium not found on PATH: install it (`sudo apt-get install -y chromium`, or `make test` as root) to run the browser tests"


def find():
    """The Chromium on PATH, or None."""
    return next((path for path in map(shutil.which, NAMES) if path), None)


def require():
    """Chromium's path and Playwright's sync API for a browser test; skipped with HOW if either is missing
    (failed under CI=true, where both must be there)."""
    path = find()
    try:
        from playwright import sync_api
    except ImportError:
        path, why = None, "Playwright not installed: `make install` installs the test extras"
    else:
        why = HOW
    if path:
        return path, sync_api
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but {why}", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    """A headless system Chromium, one for each test module."""
    path, sync_api = require()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


def install_prefix():
    """How this user may run apt-get without a prompt: [] as root, ["sudo", "-n"] when sudo needs no
    password, None when neither (or there is no apt-get)."""
    if not shutil.which("apt-get"):
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def install(prefix):
    """apt-get update and install PACKAGES; True when Chromium is then on PATH."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-qq"], ["install", "-y", "-qq", *PACKAGES]):
        if subprocess.run([*prefix, "apt-get", *args], env=env, stdout=subprocess.DEVNULL).returncode:
            return False
    return find() is not None


def main():
    """Make sure the browser tests have their browser; never stops `make test` (pytest reports the rest)."""
    if find():
        return 0
    prefix = install_prefix()
    if prefix is not None:
        print(f"Chromium not found: installing it with {' '.join([*prefix, 'apt-get'])}", flush=True)
        if install(prefix):
            print(f"Chromium installed: {find()}")
            return 0
    print(HOW)
    return 0


if __name__ == "__main__":
    sys.exit(main())
