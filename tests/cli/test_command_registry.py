"""The command line loads only the module of the command being run; every command is still
there, in `onecard --help` and when run."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from kiosk.cli import COMMANDS, build_parser, command_word


def commands_of(parser: argparse.ArgumentParser) -> set[str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_help_lists_every_command_and_only_those_in_the_table() -> None:
    assert commands_of(build_parser(["--help"])) == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_is_registered_by_the_module_the_table_names(command: str) -> None:
    assert command in commands_of(build_parser(["--verbose", command, "--help"]))


def test_the_command_word_is_found_after_global_options_and_not_in_other_words() -> None:
    assert command_word(["--verbose", "kiosk", "--demo"]) == "kiosk"
    assert command_word(["--help"]) is None
    assert command_word(["no-such-command", "kiosk"]) is None


def test_parsing_the_kiosk_command_loads_neither_forms_nor_web_libraries() -> None:
    code = (
        "import sys; from kiosk.cli import build_parser; "
        "build_parser(['kiosk']).parse_args(['kiosk', '--demo']); "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {"forms", "fpdf", "fontTools", "requests", "aiohttp", "kiosk.cli.doctor_commands"}
    assert not heavy & loaded, heavy & loaded
