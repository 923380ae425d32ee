"""Live progress of an interactive crawl, per force: pages, notices, errors, rate, and an ETA where the walk's
length is known (`--max-pages`). Drawn with rich on the terminal's stderr; a crawl without a terminal, or with
`--quiet`, shows none (its log lines and summary line say how it went).
"""

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn


class CrawlProgress:
    """Called with the crawl's session every tick (crawl_cli.run_crawl's `progress`); a context manager."""

    def __init__(self, file, max_pages=0):
        self.max_pages = max_pages or None  # an ETA only where the walk's length is known
        self.progress = Progress(
            TextColumn("{task.description:<24}"),
            TextColumn("{task.completed:>5} pages"),
            TextColumn("{task.fields[notices]:>5} notices"),
            TextColumn("{task.fields[errors]:>4} errors"),
            TextColumn("{task.fields[rate]:>6.1f} pages/s"),
            BarColumn(),
            TimeRemainingColumn(),
            console=Console(file=file, force_terminal=True),
            transient=False,
        )
        self.tasks = {}
        self.started = time.monotonic()

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def __call__(self, session):
        elapsed = max(time.monotonic() - self.started, 1e-6)
        for slug, stats in session.stats.items():
            fields = {
                "notices": stats["new"] + stats["updated"] + stats["unchanged"],
                "errors": stats["errors"],
                "rate": stats["pages"] / elapsed,
            }
            if slug not in self.tasks:
                self.tasks[slug] = self.progress.add_task(slug, total=self.max_pages, **fields)
            self.progress.update(self.tasks[slug], completed=stats["pages"], **fields)
