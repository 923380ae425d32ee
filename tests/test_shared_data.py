"""Tests needing ../shared skip without it on a developer's machine and fail under CI=true (shared_data.py)."""

import pytest
from _pytest.outcomes import Failed, Skipped
from shared_data import require


def test_present_data_is_given_back(tmp_path):
    assert require(tmp_path) == tmp_path


@pytest.mark.parametrize("ci, outcome", [("true", Failed), ("", Skipped), ("false", Skipped)])
def test_missing_data_skips_or_fails_under_ci(tmp_path, monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="the corpus not found at"):
        require(tmp_path / "absent.jsonl.gz", "the corpus")
