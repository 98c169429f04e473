"""`onecard`: the command line. Each command group lives in its own module with a `register`
function; this module only wires them together and owns the single error path."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kiosk import __version__
from kiosk.errors import UserFacingError, internal_error, log_unexpected, user_error_for

EXIT_USER_ERROR = 1
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


# Each command and the module that registers it. Only the module of the command being run is
# imported (`onecard kiosk` must not wait for the forms, the PDF library or the agent's web
# server); `onecard --help`, or a word that is no command, registers them all.
COMMANDS = {
    "readers": "card_commands",
    "watch": "card_commands",
    "read": "card_commands",
    "status": "status_commands",
    "sandbox": "status_commands",
    "form": "form_commands",
    "keys": "form_commands",
    "kiosk": "ui_commands",
    "desk": "ui_commands",
    "doctor": "doctor_commands",
    "admin-pin-hash": "admin_commands",
    "agent": "agent_commands",
    "card-status": "card_status_commands",
}
GLOBAL_OPTIONS = frozenset({"--verbose"})  # the options before the command that take no value


def command_word(argv: Sequence[str]) -> str | None:
    """The command named in `argv`, if it is one of `COMMANDS` (None for --help and the like)."""
    for word in argv:
        if word in GLOBAL_OPTIONS:
            continue
        return word if word in COMMANDS else None
    return None


def _register(subparsers: Any, command: str) -> None:
    if command not in subparsers.choices:  # a module may register several commands
        module = importlib.import_module(f"kiosk.cli.{COMMANDS[command]}")
        module.register(subparsers)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: with only its command's module loaded, or every command."""
    parser = argparse.ArgumentParser(
        prog="onecard", description="OneCard: Thai ID card kiosk / บัตรประชาชนใบเดียว"
    )
    parser.add_argument("--version", action="version", version=f"onecard {__version__}")
    parser.add_argument("--verbose", action="store_true", help="log diagnostics to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = command_word(sys.argv[1:] if argv is None else argv)
    for name in [command] if command else COMMANDS:
        _register(subparsers, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    try:
        from kiosk.logjson import apply_configured_format  # [logging] format = "json"

        apply_configured_format(getattr(args, "config", None))
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except UserFacingError as error:
        print(error.one_line(), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as error:  # the last line of defence: a clear line, never a traceback
        translated = user_error_for(error)
        if translated is None:
            where = f"onecard {args.command}"
            log_unexpected(logging.getLogger("onecard"), error, where, logging.DEBUG)
            translated = internal_error(error)
        print(translated.one_line(), file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
