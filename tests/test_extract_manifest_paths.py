"""`extract --manifest` reads only what the manifest may name: regular files inside its folder (symlinks
resolved), size-capped like the crawler; a bad line is an error line, never the end of the run."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.settings import DOWNLOAD_MAXSIZE

URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/appeal/"
PAGE = b"<html><head><title>Appeal | Gwent Police</title></head><body><h1>Appeal</h1><p>Text.</p></body></html>"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "good.html").write_bytes(PAGE)
    (tmp_path / "secret.html").write_bytes(PAGE.replace(b"Appeal", b"Secret"))
    return tmp_path / "m"


def extract(folder, *items, args=()):
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join((i if isinstance(i, str) else json.dumps(i)) + "\n" for i in items))
    result = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest), *args], catch_exceptions=False)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def good():
    return {"path": "good.html", "url": URL}


@pytest.mark.parametrize(
    "name, path",
    [
        ("absolute path", "{outside}/secret.html"),
        ("dot-dot", "../secret.html"),
        ("symlink out", "link.html"),
        ("system file", "/etc/passwd"),
    ],
)
def test_paths_outside_the_manifests_folder_are_refused(folder, name, path):
    os.symlink(folder.parent / "secret.html", folder / "link.html")
    result, out = extract(folder, good(), {"path": path.format(outside=folder.parent), "url": URL}, good())
    assert result.exit_code == 1
    assert [("error" in r) for r in out] == [False, True, False]
    assert "outside the manifest's folder" in out[1]["error"]
    assert "Secret" not in result.stdout and "root:" not in result.stdout


def test_allow_outside_reads_them(folder):
    result, out = extract(folder, {"path": str(folder.parent / "secret.html"), "url": URL}, args=["--allow-outside"])
    assert result.exit_code == 0 and out[0]["title"] == "Secret"


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_only_regular_files_are_read(folder, special):
    if special == "fifo":
        os.mkfifo(folder / "fifo")  # opening it for reading would wait for a writer for ever
    result, out = extract(folder, {"path": special, "url": URL}, good(), args=["--allow-outside"])
    assert result.exit_code == 1
    assert "not a regular file" in out[0]["error"] and out[1]["title"] == "Appeal"


def test_a_page_over_the_crawlers_size_cap_is_refused(folder):
    (folder / "huge.html").write_bytes(PAGE + b" " * DOWNLOAD_MAXSIZE)
    result, out = extract(folder, {"path": "huge.html", "url": URL}, good())
    assert result.exit_code == 1
    assert "larger than" in out[0]["error"] and out[1]["title"] == "Appeal"


@pytest.mark.parametrize(
    "line, why",
    [
        ({"path": "good.html", "url": 42}, "url must be a non-empty string"),
        ({"path": "good.html", "url": "https://[::1"}, "not a URL"),
        ({"path": 7, "url": URL}, "path must be a non-empty string"),
        ({"path": "good.html", "url": URL, "headers": "x"}, "headers must be an object"),
        ([1, 2], "not a JSON object"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_a_bad_line_is_an_error_line_and_the_rest_is_extracted(folder, line, why):
    result, out = extract(folder, good(), line, good())
    assert result.exit_code == 1
    assert [("error" in r) for r in out] == [False, True, False] and why in out[1]["error"]


def test_a_bad_url_for_one_page_is_a_usage_error_not_a_traceback(folder):
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from crawler.cli import main; main()",
            "extract",
            str(folder / "good.html"),
            "--url",
            "https://[::1",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr and "--url" in run.stderr
    run = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import main; main()", "extract", "/dev/zero", "--url", URL],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1 and "not a regular file" in run.stderr
