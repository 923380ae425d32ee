"""Fixtures shared by the test files."""

from browser import browser  # noqa: F401  (the one way a test gets a browser: tests/browser.py)
