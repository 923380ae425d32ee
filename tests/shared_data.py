"""The shared data beside the project (../shared: the corpus, the seed, the real pages) and what a test does
without it: it skips with the reason on a developer's machine, and fails under CI=true, where the data is
always there, so that no labelled-precision or corpus test stops running silently."""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "police-news-2021.dev.jsonl.gz"
SEED = SHARED / "seed" / "gwent-anpr-have-your-say-2021.md"
REAL_HTML = SHARED / "corpus" / "real-html"


def require(path, what=None):
    """path when it exists; else skip (at module level too), or fail under CI=true."""
    path = Path(path)
    if path.exists():
        return path
    message = f"{what or path.name} not found at {path}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but {message}", pytrace=False)
    pytest.skip(message, allow_module_level=True)
