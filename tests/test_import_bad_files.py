"""`import`: a file whose header the reader cannot take (nested thousands deep, …) is an error line; the
other files are imported, exit 1, no traceback."""

import sqlite3
import subprocess
import sys

import pytest

DEPTH = 2000
GOOD = "---\ntitle: Fine notice\nurl: https://www.gwent.police.uk/news/gwent/news/fine/\n---\nBody text here.\n"


@pytest.mark.parametrize(
    "header",
    [
        "og: " + "[" * DEPTH + "]" * DEPTH,  # flow style
        "og:\n" + "".join("  " * i + "a:\n" for i in range(1, DEPTH)),  # block style
    ],
)
def test_a_deeply_nested_yaml_header_is_an_error_and_the_rest_imported(tmp_path, header):
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "a-deep.md").write_text(
        f"---\nurl: https://www.gwent.police.uk/news/gwent/news/deep/\n{header}\n---\nBody\n"
    )
    (folder / "b-fine.md").write_text(GOOD)
    db = tmp_path / "a.db"
    run = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import main; main()", "import", str(folder), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "a-deep.md: bad YAML header: nested too deeply" in run.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT title FROM notices").fetchall() == [("Fine notice",)]


def test_a_publish_date_that_is_not_a_date_is_not_stored_as_one(tmp_path):
    (tmp_path / "n.md").write_text(GOOD.replace("---\nBody", "publish:\n  date: yesterday\n---\nBody"))
    db = tmp_path / "a.db"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from crawler.cli import main; main()",
            "import",
            str(tmp_path / "n.md"),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT published, published_raw, published_reason FROM notices").fetchall() == [
            (None, "yesterday", "no date in the header could be parsed")
        ]
