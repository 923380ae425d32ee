"""Datasette plugin: the site's title (the metadata's `title`) for the templates' browser tab titles.

A canned query's tab is its title and the site's, "Consultations open now — UK police notices"
(templates/query.html): Datasette 0.65 titles it with its SQL, a few hundred characters no tab shows.
"""

from datasette import hookimpl


@hookimpl
def extra_template_vars(datasette):
    return {"site_title": datasette.metadata("title")}
