"""Datasette served by more than one worker process: `python -m archive.serve_app --workers N` takes the options
`datasette serve` is given by archive/publish.py's datasette_command (the file, -i, --metadata, --plugins-dir,
--template-dir, --inspect-file, --setting, --host, --port) and runs uvicorn with N processes over the same file.

One Datasette process renders its pages on one event loop, so one process uses one core however many the
machine has; each worker is a whole Datasette (its own connections, caches and plugins) reading the same
archive. Meant for the public face's immutable copy: nothing is written, so the workers cannot disagree. They
share one signing secret (DATASETTE_SECRET, else one made at start), so a cookie or CSRF token one signs the
others accept.
"""

import argparse
import json
import os
import secrets
from pathlib import Path

import uvicorn
from datasette.app import Datasette

CONFIG_ENV = "POLICE_NOTICES_SERVE_CONFIG"  # the parsed options, handed to each worker process


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python -m archive.serve_app", description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("-i", "--immutable", action="store_true", help="the file never changes while served")
    ap.add_argument("--metadata", required=True)
    ap.add_argument("--plugins-dir")
    ap.add_argument("--template-dir")
    ap.add_argument("--inspect-file")
    ap.add_argument("--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8001)
    ap.add_argument("--workers", type=int, default=2)
    return ap.parse_args(argv)


def setting_value(text):
    """A --setting value as Datasette's own option reads it: a number or true/false, else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def datasette(config):
    """The Datasette that `datasette serve` would build from these options."""
    files = {"immutables": [config["db"]]} if config["immutable"] else {"files": [config["db"]]}
    inspect = config.get("inspect_file")
    return Datasette(
        metadata=json.loads(Path(config["metadata"]).read_text(encoding="utf-8")),
        plugins_dir=config.get("plugins_dir"),
        template_dir=config.get("template_dir"),
        inspect_data=json.loads(Path(inspect).read_text(encoding="utf-8")) if inspect else None,
        settings={name: setting_value(value) for name, value in config["setting"]},
        secret=config["secret"],
        **files,
    )


def app():
    """uvicorn's app factory, called in each worker process."""
    return datasette(json.loads(os.environ[CONFIG_ENV])).app()


def main(argv=None):
    args = parse_args(argv)
    config = {**vars(args), "secret": os.environ.get("DATASETTE_SECRET") or secrets.token_hex(32)}
    os.environ[CONFIG_ENV] = json.dumps(config)  # the workers are new processes: they read it from here
    access_log = os.environ.get("POLICE_NOTICES_ACCESS_LOG", "").lower() not in ("off", "0", "no")
    uvicorn.run(
        "archive.serve_app:app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=access_log,
        lifespan="on",
    )


if __name__ == "__main__":
    main()
