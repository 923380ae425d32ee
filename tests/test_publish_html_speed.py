"""The HTML search page is cheap enough to serve many readers at once (issue 12, "speed from the schema").

Profiling the notices search page on the corpus archive (benchmarks/README.md) found half of its time in
Markdown and bleach rendering fifty bodies that a list shows a few lines of. A list page now shows a body
as a plain-text excerpt (Markdown's marks dropped, escaped as any cell); the notice's own page still
renders it as Markdown. JSON and CSV keep the stored text.
"""

import asyncio
import re
import sqlite3
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette
from publish_archive import build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

BODY = (
    "# Appeal\n\n**Witnesses** to the crash on the A48 are asked to [call us](https://example.org/call).\n\n"
    "- Quote `123` \\* 2"
)


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html_speed")
    dest = folder / "archive.db"
    build_live_and_public(folder / "live.db", dest)
    conn = sqlite3.connect(dest)
    notice_id = conn.execute("select id from notices order by rowid limit 1").fetchone()[0]
    conn.execute("update notices set body = ? where id = ?", (BODY, notice_id))
    conn.commit()
    conn.close()
    return dest, notice_id


@pytest.fixture(scope="module")
def ds(public):
    return Datasette(
        immutables=[str(public[0])],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.text[:500])
    return r


def body_cells(page):
    return re.findall(r'<td class="col-body[^"]*">(.*?)</td>', page, re.S)


@pytest.mark.parametrize(
    "path",
    # the wide page (?_all_columns=1: the narrow page a list opens with has no body column)
    [
        "/archive/notices?" + urlencode({"_search": "A48 witnesses", "_all_columns": 1}),
        "/archive/notices?_sort=id&_all_columns=1",
    ],
)
def test_a_list_shows_a_body_as_a_plain_text_excerpt(ds, path):
    cells = [c for c in body_cells(get(ds, path).text) if "A48" in c]
    assert cells, path
    cell = cells[0]
    assert "Witnesses to the crash on the A48 are asked to call us." in cell
    assert not re.search(r"<(p|strong|h1|a|li)\b", cell), cell  # not rendered as Markdown
    assert "**" not in cell and "](" not in cell and "# Appeal" not in cell and "`" not in cell  # nor its marks
    assert "Quote 123 * 2" in cell  # an escaped mark is text


def test_the_notice_page_still_renders_the_body_as_markdown(ds, public):
    page = get(ds, f"/archive/notices/{public[1]}").text
    assert "<strong>Witnesses</strong>" in page
    assert '<a href="https://example.org/call"' in page


def test_json_keeps_the_stored_body(ds, public):
    rows = get(ds, f"/archive/notices.json?_shape=array&id={public[1]}").json()
    assert rows[0]["body"] == BODY
