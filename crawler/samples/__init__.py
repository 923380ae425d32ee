"""Sample pages written for police-notices (not copied from any site): the demo's offline pages and the
golden fixtures of each site platform. manifest.jsonl lists each page with the URL it stands for."""

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent
MANIFEST = SAMPLES / "manifest.jsonl"


def load_manifest():
    with open(MANIFEST, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
