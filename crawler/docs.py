"""The reference docs generated from the code: every command with its options, the notice record.

docs/*.md hold cog blocks calling these (cogapp); `make docs` rewrites them, `make test` checks them:

    cog -r docs/commands.md docs/record.md docs/archive.md     # rewrite
    cog --check docs/commands.md docs/record.md docs/archive.md
"""

import click

from crawler.record import FIELDS


def _cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def walk(group, prefix=()):
    """(path, command) of every command under group, groups' subcommands after them, by name."""
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from walk(command, prefix + (name,))


def option_rows(command):
    """Markdown table rows: the options of a command, their defaults and help."""
    rows = []
    for p in command.params:
        if isinstance(p, click.Argument):
            continue
        names = (
            " / ".join(f"`{o}`" for o in p.opts + p.secondary_opts)
            if p.secondary_opts
            else ", ".join(f"`{o}`" for o in p.opts)
        )
        if p.is_flag:
            default = "on" if p.default is True else "off"
        elif p.required:
            default = "required"
        elif isinstance(p.show_default, str):  # what the command's --help says (not a machine's own path)
            default = f"`{p.show_default}`"
        elif isinstance(p.default, (str, int, float)):  # not click's UNSET sentinel
            default = f"`{p.default}`"
        else:
            default = ""
        kind = ""
        if isinstance(p.type, click.Choice):
            kind = " (" + _cell(" | ".join(p.type.choices)) + ")"
        if p.multiple:
            kind += " (repeatable)"
        rows.append(f"| {names}{kind} | {default} | {_cell(p.help or '')} |")
    return rows


def heading(path):
    return "police-notices " + " ".join(path)


def commands_markdown():
    """One section per command: its usage, its help and a table of its options."""
    from crawler.cli import cli

    out = []
    for path, command in walk(cli):
        ctx = click.Context(command, info_name=path[-1])
        usage = " ".join(command.collect_usage_pieces(ctx))
        out += [f"## `{heading(path)}`", "", f"    {heading(path)} {usage}", ""]
        out += [line.strip() for line in (command.help or "").strip().splitlines()] + [""]
        if isinstance(command, click.Group):
            out += ["Commands: " + ", ".join(f"`{heading(path + (n,))}`" for n in sorted(command.commands)), ""]
            continue
        rows = option_rows(command)
        if rows:
            out += ["| option | default | meaning |", "| --- | --- | --- |", *rows, ""]
    return "\n".join(out)


def commands_table():
    """One line per command: what it is for (its help's first sentence), for the README."""
    from crawler.cli import cli

    out = ["| command | what it does |", "| --- | --- |"]
    for path, command in walk(cli):
        if isinstance(command, click.Group):
            continue
        first = (command.help or "").strip().split("\n\n")[0]
        out.append(f"| [`{heading(path)}`](docs/commands.md#{_anchor(heading(path))}) | {_cell(first)} |")
    return "\n".join(out)


def _anchor(text):
    """GitHub's anchor for a heading (`police-notices alerts send` -> police-notices-alerts-send)."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def record_markdown():
    """The record's fields: name, JSON type, meaning (crawler/record.py FIELDS, in output order)."""
    rows = [f"| `{name}` | {kind} | {description.replace('|', '/')} |" for name, (kind, description) in FIELDS.items()]
    return "\n".join(["| field | type | meaning |", "| --- | --- | --- |", *rows])
