"""The docs are generated from the code and checked: every command, with every one of its own options, in
its section of docs/commands.md; the README's and docs' generated blocks (cog) current; links that resolve."""

import re
from pathlib import Path

import click
import pytest
from cogapp import Cog

from crawler.cli import cli
from crawler.docs import heading, walk

ROOT = Path(__file__).parents[1]
GENERATED = ["README.md", "docs/commands.md", "docs/record.md", "docs/archive.md", "docs/publishing.md"]
COMMANDS = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def section(path):
    """The part of docs/commands.md about one command: from its heading to the next."""
    start = COMMANDS.index(f"## `{heading(path)}`\n")
    end = COMMANDS.find("\n## ", start + 1)
    return COMMANDS[start : end if end > 0 else len(COMMANDS)]


@pytest.mark.parametrize(
    "path, command", [(p, c) for p, c in walk(cli)], ids=lambda x: " ".join(x) if isinstance(x, tuple) else ""
)
def test_every_command_has_its_section_with_its_own_options(path, command):
    text = section(path)
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts + param.secondary_opts:
                assert f"`{opt}`" in text, f"{heading(path)} {opt} is not in its section of docs/commands.md"
        elif isinstance(param, click.Argument):
            assert param.make_metavar(click.Context(command)) in text


def test_an_option_is_documented_under_its_own_command_only():
    """`--until` belongs to `alerts mute`: its section has it, `alerts send`'s has not."""
    assert "`--until`" in section(("alerts", "mute")) and "`--until`" not in section(("alerts", "send"))


@pytest.mark.parametrize("name", GENERATED)
def test_generated_docs_are_current(name):
    """`make docs` (cog -r) after changing a command, an option, the record or the schema."""
    result = Cog().main(["cog", "--check", str(ROOT / name)])
    assert result == 0, f"{name} is out of date: run `make docs`"


@pytest.mark.parametrize("doc", ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))])
def test_links_between_docs_resolve(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not target.startswith(("http://", "https://", "mailto:")):
            assert ((ROOT / doc).parent / target).exists(), f"{doc} links to {target}, which is not there"


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200
