"""Welsh and English pairs: each notice keeps its own row and id; the Welsh one names the English one it
translates (`translation_of`), found after storing by hreflang, language switcher, or survey link and date.

Real crawls of the sample site (Dyfed-Powys publishes its national survey notice in English and, under /cy/,
in Welsh), real pages stored one at a time in either order, and the pure pairing function.
"""

import asyncio
import json
import sqlite3
import subprocess
import sys
import urllib.request

import pytest
from datasette.app import Datasette

from archive.db import open_db
from archive.export import select_notices
from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for
from archive.store import Store, notice_id
from archive.translations import pair_translations, save_translations
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.extraction import extract_notice
from crawler.sample_site import SampleSite

pytestmark = pytest.mark.filterwarnings(
    "error::DeprecationWarning", "error::scrapy.exceptions.ScrapyDeprecationWarning"
)
HOST = "https://www.dyfed-powys.police.uk"
ENGLISH = "/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/"
WELSH = "/cy/newyddion/dyfed-powys/newyddion/2021/chwefror/heddlu-yn-annog-y-cyhoedd-i-gymryd-rhan-mewn-arolwg-cenedlaethol/"


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["url"]: dict(r) for r in conn.execute(sql)}


def test_the_pair_is_linked_after_a_real_crawl(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(
            crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}),
            db=str(db),
            forces_file=str(forces),
            force="dyfed-powys",
        )
    notices = rows(db, "SELECT id, url, lang, translation_of, alternates FROM notices")
    english, welsh = notices[HOST + ENGLISH], notices[HOST + WELSH]
    # each keeps its own row and id; the Welsh one points at the English one, never the other way
    assert (english["id"], welsh["id"]) == (notice_id(HOST + ENGLISH), notice_id(HOST + WELSH))
    assert (welsh["lang"], english["lang"]) == ("cy", "en")
    assert welsh["translation_of"] == english["id"]
    assert english["translation_of"] is None
    assert json.loads(welsh["alternates"])["en"] == HOST + ENGLISH  # paired by the page's own hreflang link
    assert [n["translation_of"] for n in notices.values()].count(None) == len(notices) - 1
    archive = open_db(str(db))
    exported = {r["url"]: r for r in select_notices(archive)}
    archive.conn.close()
    assert exported[HOST + WELSH]["translation_of"] == english["id"]  # the exports' last column
    # the Welsh notice's page links to the English one
    ds = Datasette(
        files=[str(db)],
        metadata=metadata_for("a", public=False),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    page = asyncio.run(ds.client.get(f"/a/notices/{welsh['id']}"))
    assert page.status_code == 200
    assert f'<a href="/a/notices/{english["id"]}">English: {english["id"]}</a>' in page.text


@pytest.mark.parametrize("order", [("cy", "en"), ("en", "cy")])
def test_the_pair_is_linked_whichever_is_stored_first(tmp_path, order):
    paths = {"en": ENGLISH, "cy": WELSH}
    with SampleSite(port=0) as site:
        site.write_forces_file(tmp_path / "forces.toml")
        pages = {lang: urllib.request.urlopen(f"{site.url}/dyfed-powys{path}").read() for lang, path in paths.items()}
    db = open_db(str(tmp_path / "a.db"))
    first, second = order
    for lang in order:
        with db.atomic():
            Store(db).save(extract_notice(pages[lang], HOST + paths[lang], force="dyfed-powys"))
        save_translations(db)
        if lang == first:  # alone, it pairs with nothing
            assert db.conn.execute("SELECT count(*) FROM notices WHERE translation_of IS NOT NULL").fetchone() == (0,)
    got = dict(db.conn.execute("SELECT id, translation_of FROM notices"))
    db.conn.close()
    assert got == {notice_id(HOST + WELSH): notice_id(HOST + ENGLISH), notice_id(HOST + ENGLISH): None}


def notice(nid, lang, *, force="dyfed-powys", day="2021-02-16", links=(), alternates=None, url=None):
    return {
        "id": nid,
        "url": url or f"https://example.police.uk/{nid}",
        "fetched_url": None,
        "force": force,
        "lang": lang,
        "published": day + "T14:02:00+00:00",
        "alternates": alternates or {},
        "survey_links": list(links),
    }


def test_pairs_by_the_english_page_naming_the_welsh_one():
    en = notice("en", "en", alternates={"cy": "https://example.police.uk/cy"})
    assert pair_translations([notice("cy", "cy"), en]) == {"cy": "en"}


def test_pairs_by_survey_link_and_day_of_the_same_force_only_when_one_english_notice_shares_them():
    link = ("https://www.smartsurvey.co.uk/s/anpr/",)
    welsh = notice("cy", "cy", links=link)
    assert pair_translations([welsh, notice("en", "en", links=link)]) == {"cy": "en"}
    assert pair_translations([welsh, notice("en", "en", links=link, day="2021-02-17")]) == {}
    assert pair_translations([welsh, notice("en", "en", links=link, force="gwent")]) == {}
    # two English notices share them (a reminder the same day): no guess
    assert pair_translations([welsh, notice("en", "en", links=link), notice("en2", "en", links=link)]) == {}


def test_a_hidden_english_notice_is_unpaired_and_the_public_copy_names_no_hidden_id(tmp_path):
    from archive.public import write_public_copy
    from archive.takedown import set_hidden

    db = open_db(str(tmp_path / "a.db"))
    link = [
        {"url": "https://www.smartsurvey.co.uk/s/anpr/", "host": "www.smartsurvey.co.uk", "provider": "smartsurvey"}
    ]
    for url, lang in ((HOST + ENGLISH, "en"), (HOST + WELSH, "cy")):
        record = {"url": url, "force": "dyfed-powys", "lang": lang, "published": "2021-02-16", "survey_links": link}
        with db.atomic():
            Store(db).save(dict(record, title=lang, body=lang))
    save_translations(db)
    set_hidden(db, HOST + ENGLISH, True, reason="test")
    write_public_copy(db, tmp_path / "public.db")
    assert (
        rows(tmp_path / "public.db", "SELECT url, translation_of FROM notices")[HOST + WELSH]["translation_of"] is None
    )
    save_translations(db)
    assert db.conn.execute("SELECT translation_of FROM notices WHERE lang = 'cy'").fetchone() == (None,)
    db.conn.close()


WELSH_PAGE = """<!DOCTYPE html><html><head><title>Dweud eich dweud ar gamerâu | Heddlu Gwent</title></head><body>
<main><h1>Dweud eich dweud ar gamerâu adnabod rhifau cerbydau</h1><p class="date">15 Chwefror 2021</p>
<p>Mae Heddlu Gwent yn gofyn i drigolion ddweud eu dweud am y defnydd o gamerâu adnabod rhifau cerbydau
yn awtomatig ar ffyrdd yr ardal.</p>
<p>Rydym am glywed eich barn. Llenwch yr arolwg ar-lein cyn 7 Mawrth 2021; mae'r ymgynghoriad yn cau bryd
hynny.</p></main></body></html>"""


def test_welsh_terms_make_a_welsh_page_a_consultation_about_anpr():
    rec = extract_notice(WELSH_PAGE, "https://www.gwent.police.uk/cy/newyddion/dweud-eich-dweud/", force="gwent")
    assert rec["lang"] == "cy"  # no html lang: its path says so
    assert rec["is_consultation"]
    assert "anpr" in rec["topics"]


def test_store_pairs_what_it_stores(tmp_path):
    """`police-notices store` (and `import`) pair as a crawl does, whatever order the lines come in."""
    link = [
        {"url": "https://www.smartsurvey.co.uk/s/anpr/", "host": "www.smartsurvey.co.uk", "provider": "smartsurvey"}
    ]
    lines = [
        {
            "url": HOST + url,
            "force": "dyfed-powys",
            "lang": lang,
            "published": "2021-02-16",
            "title": lang,
            "body": lang,
            "survey_links": link,
        }
        for url, lang in ((WELSH, "cy"), (ENGLISH, "en"))
    ]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from crawler.cli import cli; cli()",
            "store",
            str(records),
            "--db",
            str(tmp_path / "a.db"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    notices = rows(tmp_path / "a.db", "SELECT url, translation_of FROM notices")
    assert notices[HOST + WELSH]["translation_of"] == notice_id(HOST + ENGLISH)


def test_a_commissioners_pair_is_linked_and_its_forces_notice_is_no_second_guess(tmp_path):
    """After storing (as after a crawl) the publishers stored are paired: a commissioner's Welsh notice pairs
    with the commissioner's English one, though its area's force posted the same survey link that day."""
    link = [
        {"url": "https://www.smartsurvey.co.uk/s/anpr/", "host": "www.smartsurvey.co.uk", "provider": "smartsurvey"}
    ]
    pcc = "https://www.dyfedpowys-pcc.org.uk"
    common = {"force": "dyfed-powys", "published": "2021-02-16", "body": "survey", "survey_links": link}
    lines = [
        dict(common, url=pcc + "/cy/newyddion/arolwg/", lang="cy", title="cy", publisher="dyfed-powys-pcc"),
        dict(common, url=pcc + "/news/survey/", lang="en", title="en", publisher="dyfed-powys-pcc"),
        dict(common, url=HOST + ENGLISH, lang="en", title="force"),  # the force's own notice of the survey
    ]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    store = [sys.executable, "-c", "from crawler.cli import cli; cli()", "store", str(records)]
    out = subprocess.run(store + ["--db", str(tmp_path / "a.db")], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    notices = rows(tmp_path / "a.db", "SELECT url, publisher, translation_of FROM notices")
    assert notices[pcc + "/cy/newyddion/arolwg/"]["publisher"] == "dyfed-powys-pcc"
    assert notices[pcc + "/cy/newyddion/arolwg/"]["translation_of"] == notice_id(pcc + "/news/survey/")
