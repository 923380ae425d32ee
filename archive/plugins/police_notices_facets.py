"""Datasette plugin: a `year` facet (metadata `{"year": "published_utc"}`) and a marker for taken-down notices.

Datasette 0.65 facets by column, array or day; a year facet over an ISO date column groups on its
first four characters and filters with `column__startswith=YYYY`, so no extra column is needed.
Loaded with `--plugins-dir archive/plugins` (serve and the published copy do this).
"""

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from markupsafe import Markup


class YearFacet(Facet):
    type = "year"

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (
                f"select substr({col}, 1, 4) as value, count(*) as count from ({self.sql})"
                f" where {col} glob '[0-9][0-9][0-9][0-9]*' group by value order by value desc limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted as e:
                if type(e).__name__ != "NotCounted":  # left uncounted on purpose (police_notices_speed.py)
                    timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                path = (
                    path_with_removed_args(self.request, {key: row["value"]})
                    if selected
                    else path_with_added_args(self.request, {key: row["value"]})
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, path),
                        "selected": selected,
                    }
                )
            # the page shows a facet as "name (type)": the name is the column alone, "published_utc (year)"
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [YearFacet]


@hookimpl
def render_cell(value, column, table):
    # the operator's view shows taken-down notices; make them unmistakable (the public copy has none)
    if column == "hidden" and value == 1 and table in ("notices", None):
        return Markup('<strong class="taken-down" style="color:#b00">HIDDEN (taken down)</strong>')
    return None
