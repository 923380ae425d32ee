"""`police-notices demo`: the bundled sample pages end up in a real SQLite archive."""
import sqlite3

from click.testing import CliRunner

from crawler.cli import cli


def test_demo_stores_the_sample_pages(tmp_path):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Have your say on the use of ANPR in Gwent" in result.output
    rows = sqlite3.connect(db).execute("select force, title from notices order by force").fetchall()
    assert ("gwent", "Have your say on the use of ANPR in Gwent") in rows and len(rows) == 4
    again = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert "unchanged 4" in again.output
