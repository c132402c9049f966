"""Documentation is a contract: every command and option is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from build_tools.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def documented_text() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))
              if p.relative_to(ROOT / "docs").parts[0] not in ("van-ban", "duyet", "du-lieu")]
    return "\n".join(parts)


OPTIONS = [(name, option) for name, sub in sorted(subcommands().items())
           for action in sub._actions for option in action.option_strings
           if option.startswith("--") and option != "--help"]


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m build_tools {command}" in readme


@pytest.mark.parametrize("command,option", OPTIONS, ids=[f"{c} {o}" for c, o in OPTIONS])
def test_every_option_is_documented(command: str, option: str) -> None:
    assert option in documented_text(), f"{command} {option} is not documented in README.md or docs/"


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_option_has_help(command: str) -> None:
    for action in subcommands()[command]._actions:
        assert action.help, f"{command}: {action.option_strings or action.dest} has no help text"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make serve", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_generated_folders_are_ignored_by_git() -> None:
    from build_tools.sitebuild import GENERATED
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in GENERATED:
        assert f"docs/{name}/" in ignored
    for name in ("site/", ".venv/", ".index/", ".build/"):
        assert name in ignored
