"""Typed errors of the card layer. Each carries the data a caller needs to decide what to do.

Every error the card layer raises is a `CardError`; callers never see pyscard's exceptions.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of everything the card layer raises."""


class PcscError(CardError):
    """The PC/SC stack failed; `code` is the PC/SC result code when there is one."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class ServiceUnavailable(PcscError):
    """pcscd is not running or not reachable."""


class NoReader(PcscError):
    """No smart card reader is connected (or the named one is not)."""


class ReaderGone(PcscError):
    """The reader was unplugged while in use."""


class NoCard(PcscError):
    """The reader is there but holds no card."""


class CardRemoved(PcscError):
    """The card was removed (or reset) during the read: nothing read so far may be used."""


class UnresponsiveCard(PcscError):
    """The card did not answer a reset or returned no ATR (inserted upside down, damaged)."""


class ApduError(CardError):
    """The card answered a command with a status word other than success.

    `sw` is the 16-bit status word, e.g. 0x6A82 (file not found).
    """

    def __init__(self, sw: int, command: str) -> None:
        super().__init__(f"card answered {sw:04X} to {command}")
        self.sw = sw
        self.command = command


class NotThaiIdCard(CardError):
    """The card has no Thai ID application (SELECT failed)."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"not a Thai national ID card (SELECT answered {sw:04X})")
        self.sw = sw


class CardDataError(CardError):
    """A field's bytes are not what the card's format allows; `field` names it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class MalformedResponse(CardError):
    """A response APDU that cannot be a valid answer (too short, wrong length)."""
