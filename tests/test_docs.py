"""Every command of the `police-notices` group, and every option of each, is documented in README.md."""
from pathlib import Path

import click
import pytest

from crawler.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from commands(command, prefix + (name,))


OPTIONS = [(" ".join(path), opt) for path, command in commands(cli)
           for param in command.params if isinstance(param, click.Option)
           for opt in param.opts + param.secondary_opts]


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in commands(cli)])
def test_every_command_is_in_the_readme(path):
    assert f"police-notices {path}" in README


@pytest.mark.parametrize("path, option", OPTIONS)
def test_every_option_is_in_the_readme(path, option):
    assert f"`{option}`" in README or f"{option} " in README, f"{path} {option} is not documented in README.md"
