"""A wheel of the project carries every file its commands read at run time (not only the Python modules)."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READ_AT_RUN_TIME = [
    "archive/datasette_metadata.json",  # serve/publish: the repository's datasette_metadata.json
    "archive/plugins/police_notices_speed.py",  # Datasette's --plugins-dir
    "archive/plugins/notice_views.json",  # the notice views, read by the plugins and archive/views.py
    "archive/templates/table.html",  # Datasette's --template-dir
    "crawler/forces.toml",  # the force registry
    "crawler/extraction/topics.toml",  # topic and consultation rules
    "crawler/samples/manifest.jsonl",  # the sample pages' URLs
]


def test_the_wheel_carries_what_the_commands_read(tmp_path):
    src = tmp_path / "src"  # a copy of the tracked files: building writes build/ and *.egg-info beside them
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name, follow_symlinks=False)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(tmp_path / "dist")],
        check=True,
        timeout=600,
    )
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("police_notices-*.whl")))
    missing = [p for p in READ_AT_RUN_TIME if p not in wheel.namelist()]
    assert not missing
    assert json.loads(wheel.read("archive/datasette_metadata.json")) == json.loads(
        (ROOT / "datasette_metadata.json").read_text(encoding="utf-8")
    )
