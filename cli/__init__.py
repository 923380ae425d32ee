"""The top layer (docs/layers.md): what every `police-notices` command shares (cli/options.py).

The commands (crawler/cli.py, crawler/crawl_cli.py, archive/commands.py, archive/serve_cli.py,
archive/alerts_cli.py) import inside their functions what only they use: for start-up speed
(`police-notices --help` in about 0.3 s rather than 0.5 s), never to dodge a cycle.
"""
