"""`onecard`: the command line. Each command group lives in its own module with a `register`
function; this module only wires them together and owns the single error path."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from kiosk import __version__
from kiosk.errors import UserFacingError, internal_error, log_unexpected, user_error_for

EXIT_USER_ERROR = 1
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


def _command_modules() -> list[ModuleType]:
    from kiosk.cli import (
        admin_commands,
        agent_commands,
        card_commands,
        doctor_commands,
        form_commands,
        status_commands,
        ui_commands,
    )

    return [
        card_commands,
        status_commands,
        form_commands,
        ui_commands,
        doctor_commands,
        admin_commands,
        agent_commands,
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onecard", description="OneCard: Thai ID card kiosk / บัตรประชาชนใบเดียว"
    )
    parser.add_argument("--version", action="version", version=f"onecard {__version__}")
    parser.add_argument("--verbose", action="store_true", help="log diagnostics to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    try:
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
