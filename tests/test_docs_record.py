"""docs/record.md documents every record field, with the description the code gives it."""

from pathlib import Path

from crawler.record import FIELDS

RECORD = (Path(__file__).resolve().parents[1] / "docs" / "record.md").read_text(encoding="utf-8")


def test_every_record_field_is_documented():
    for name, (kind, description) in FIELDS.items():
        assert f"| `{name}` | {kind} | {description.replace('|', '/')} |" in RECORD, name
