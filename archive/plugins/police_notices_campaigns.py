"""A consultation's page (archive/templates/_consultation.html): its JSON columns read in the template."""

import json

from datasette import hookimpl


def from_json(value):
    """A JSON column's value (a list or object), or an empty list when it holds none."""
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return out if isinstance(out, list | dict) else []


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["from_json"] = from_json
