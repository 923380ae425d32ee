"""Every Datasette internal our plugins rely on, listed in one place (pinned by tests/test_datasette_internals.py).

The plugins (archive/plugins/) are files Datasette loads itself and they import none of ours, so the code that
touches these stays in them; this module is their catalogue, which the test checks against the installed
Datasette. An upgrade that moves one of them fails there, by name, not as a slower or unbounded server.

Replaced methods (wrapped once: Datasette loads a plugins directory again for every instance, so the original is
kept on the class under a `_police_notices_*` name and a second load wraps that, not the wrapper):

- `Database.execute` (police_notices_speed.py): the notice tables' search, count and facet SQL rewritten to
  equivalent SQL that does less; a plain search's count answered from the FTS index as a built `Results`.
  The one hook for every rewrite: each is a named rule, counted when it applies, and
  tests/test_publish_speed_rules.py fails naming a rule the installed Datasette's SQL no longer matches.
- `Database.execute_fn` (police_notices_limits.py): a visitor's free SQL runs on a connection with SQLite's
  length limit lowered and a cursor that stops past FREE_SQL_MAX_ANSWER.
- `ColumnFacet.facet_results`, `ArrayFacet.facet_results` (police_notices_speed.py): a facet left uncounted on
  purpose is not listed as timed out.
- `TableView.columns_to_select` (police_notices_display.py): a reader's table's HTML page selects its reader
  columns only (JSON, CSV, feeds and `?_all_columns=1` every column), without changing the request, so the
  page's export links stay whole.

Other internals:

- `Results(rows, truncated, description)` built by hand (police_notices_speed.py), and `Database.is_mutable`
  (an immutable file's counts are kept).
- Our own attributes stored on `Database` and its instances (`_police_notices_request`, `_execute`,
  `_execute_fn`, `_tables`, `_facets`, `_max_rowid`, `_rule_hits`, `_rule_missed`): Datasette must keep
  `Database` a plain class whose instances have a `__dict__`.
"""

# qualified name -> its parameters, as the plugins call (or replace) it
SIGNATURES = {
    "datasette.database.Database.execute": (
        "self",
        "sql",
        "params",
        "truncate",
        "custom_time_limit",
        "page_size",
        "log_sql_errors",
    ),
    "datasette.database.Database.execute_fn": ("self", "fn"),
    "datasette.facets.ColumnFacet.facet_results": ("self",),
    "datasette.facets.ArrayFacet.facet_results": ("self",),
    "datasette.database.Results.__init__": ("self", "rows", "truncated", "description"),
    "datasette.views.table.TableView.columns_to_select": ("self", "table_columns", "pks", "request"),
}
# coroutine functions the plugins await and replace with coroutine functions
COROUTINES = (
    "datasette.database.Database.execute",
    "datasette.database.Database.execute_fn",
    "datasette.facets.ColumnFacet.facet_results",
    "datasette.facets.ArrayFacet.facet_results",
    "datasette.views.table.TableView.columns_to_select",
)
# attributes read off a Database instance
DATABASE_ATTRIBUTES = ("is_mutable",)
