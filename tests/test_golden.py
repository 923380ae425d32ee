"""Golden files: every sample page gives exactly its recorded record (tests/golden/regenerate.py rewrites them)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
from regenerate import golden_path, record_for  # noqa: E402

from crawler.platforms import PLATFORMS
from crawler.samples import load_manifest

ENTRIES = load_manifest()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_golden_record(entry):
    expected = json.loads(golden_path(entry).read_text(encoding="utf-8"))
    assert record_for(entry) == expected


def test_every_platform_has_a_golden_fixture():
    platforms = {Path(e["path"]).parts[0] for e in ENTRIES}
    assert set(PLATFORMS) <= platforms
    for entry in ENTRIES:  # the folder says which platform parser the page must be read with
        assert record_for(entry)["platform"] == Path(entry["path"]).parts[0]
