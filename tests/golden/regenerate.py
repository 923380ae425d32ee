"""Regenerate the golden records: every sample page in crawler/samples/ -> tests/golden/<platform>/<name>.json.

Run it (`make golden`) after a deliberate extraction change, read the diff, and commit it with the change.
The hand-written assertions in tests/test_seed.py and tests/test_extract_*.py pin the key values and are
not rewritten by this script.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.extraction import extract_notice  # noqa: E402
from crawler.samples import SAMPLES, load_manifest  # noqa: E402

GOLDEN = Path(__file__).resolve().parent


def golden_path(entry):
    return GOLDEN / Path(entry["path"]).with_suffix(".json")


def record_for(entry):
    return extract_notice((SAMPLES / entry["path"]).read_bytes(), entry["url"])


def main():
    for entry in load_manifest():
        path = golden_path(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(record_for(entry), ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
