"""`police-notices publish --out site`, then the command it prints (`datasette site`), serves immutable.

Datasette 0.65 serves a configuration directory's database immutable only when inspect-data.json names
its file by the bare file name; the copy is then hashed and its pages may be cached for an hour.
"""

import json
import shlex
import subprocess

from publish_archive import build_archive
from serving import get, police_notices, running

from archive.publish import PUBLISHED_SETTINGS


def test_the_printed_datasette_command_serves_the_folder_immutable(tmp_path):
    build_archive(tmp_path / "archive.db", xss=False)
    published = subprocess.run(
        police_notices("publish", "--db", "archive.db", "--out", "site"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    serve_here = next(line for line in published.stdout.splitlines() if "# serve it here" in line)
    command = shlex.split(serve_here.split("#")[0])
    assert command[1:] == ["site"] and command[0].endswith("datasette"), serve_here
    with running(command, cwd=tmp_path) as url:
        body, _ = get(url + "/-/databases.json")
        _, headers = get(url + "/archive/notices")
    (db,) = json.loads(body)
    inspect = json.loads((tmp_path / "site" / "inspect-data.json").read_text())
    assert db["name"] == "archive" and db["is_mutable"] is False
    assert db["hash"] == inspect["archive"]["hash"] and len(db["hash"]) == 64
    assert headers["Cache-Control"] == f"max-age={PUBLISHED_SETTINGS['default_cache_ttl']}"
