"""Structured logs: with `[logging] format = "json"` every log record is one JSON object on one
line of standard error, which systemd keeps in the journal (deploy/README.md ships them on).

A line holds the time (UTC, ISO 8601), level, logger and message; for the events an agency
routes ("onecard.events": `staff_called kiosk=... screen=...`) also the event's name and its
key=value fields, so a log shipper can match on them without parsing text.

Invariant: a citizen ID never leaves in full. The application logs only masked IDs
(1-2345-xxxxx-xx-1); as a last guard, any run of 13 digits, plain or written with dashes, that
still reaches a line here is masked the same way before it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

from cardreader.cid import mask_cid

EVENTS_LOGGER = "onecard.events"
_CID = re.compile(r"(?<!\d)(\d)-?(\d{4})-?(\d{5})-?(\d{2})-?(\d)(?!\d)")
_FIELD = re.compile(r"([a-z_]+)=(\S*)")


def masked(text: str) -> str:
    """`text` with every 13-digit run (1234567890123 or 1-2345-67890-12-3) masked."""
    return _CID.sub(lambda found: mask_cid("".join(found.groups())), text)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (json.dumps escapes newlines)."""

    def format(self, record: logging.LogRecord) -> str:
        message = masked(record.getMessage())
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": message,
        }
        if record.name == EVENTS_LOGGER:
            name, _, rest = message.partition(" ")
            line["event"] = name
            line.update({key: value for key, value in _FIELD.findall(rest) if key not in line})
        if record.exc_info:
            line["exception"] = masked(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def use_json(root: logging.Logger | None = None) -> None:
    """Every handler of the root logger writes JSON lines from now on."""
    for handler in (root or logging.getLogger()).handlers:
        handler.setFormatter(JsonFormatter())


def apply_configured_format(config_path: Path | None) -> None:
    """Switch to JSON lines when the config the command will read says so. A config that
    cannot be read leaves the text format: the command itself reports the problem."""
    from kiosk.config import ConfigError, load_config

    try:
        settings = load_config(config_path)
    except ConfigError:
        return
    if settings.logging.format == "json":
        use_json()
