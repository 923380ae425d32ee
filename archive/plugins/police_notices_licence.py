"""Datasette plugin: the licence and source line on the dashboard pages too.

datasette-dashboards renders its pages without Datasette's `metadata` in the template context, so the
footer's "Data license … Data source …" line is empty there. Every other page carries the line from the
metadata itself (archive/publish.py puts it on every database, table and canned query).
"""

from datasette import hookimpl

LICENCE_KEYS = ("license", "license_url", "source", "source_url")


@hookimpl
def extra_template_vars(template, datasette):
    if not template.startswith("dashboard"):
        return {}
    return {"metadata": {k: datasette.metadata(k) for k in LICENCE_KEYS}}
