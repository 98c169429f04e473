"""The one user-facing error path: every failure a person must see becomes a `UserFacingError`
with what happened and what to do next, in Thai and in English. Errors raised below the
application (the card layer, files, anything unexpected) are translated here too
(`user_error_for`), so the CLI and the UI have one place that says what went wrong."""

from __future__ import annotations

import errno
import logging
import traceback

from cardreader import errors as card
from cardreader.text import Bilingual


class UserFacingError(Exception):
    """An error whose message is fit to show a citizen or an officer.

    `what` says what happened, `action` what to do next; `reference` (a request id, a status
    word) lets a helpdesk trace it; `retryable` says whether offering "try again" makes sense.
    """

    def __init__(
        self,
        what: Bilingual,
        action: Bilingual,
        *,
        reference: str = "",
        retryable: bool = False,
    ) -> None:
        super().__init__(what.en)
        self.what = what
        self.action = action
        self.reference = reference
        self.retryable = retryable

    def describe(self, language: str) -> str:
        """What happened and what to do, in `language`, with the reference for staff."""
        text = f"{self.what.in_language(language)} {self.action.in_language(language)}"
        return f"{text} ({self.reference})" if self.reference else text

    def one_line(self) -> str:
        """Thai and English on one line, for the CLI and logs."""
        ref = f" [{self.reference}]" if self.reference else ""
        return f"{self.what.th} {self.action.th} / {self.what.en} {self.action.en}{ref}"


M = Bilingual
_TRY_AGAIN = M("กรุณาถอดบัตรแล้วเสียบใหม่อีกครั้ง", "Please take the card out and insert it again.")
_CALL_STAFF = M("กรุณาติดต่อเจ้าหน้าที่", "Please ask a staff member for help.")

# Most specific first: the first matching class wins.
_CARD_MESSAGES: tuple[tuple[type[card.CardError], Bilingual, Bilingual, bool], ...] = (
    (
        card.ServiceUnavailable,
        M("ระบบอ่านบัตรไม่ทำงาน", "The card reader service is not running."),
        _CALL_STAFF,
        True,
    ),
    (
        card.NoReader,
        M("ไม่พบเครื่องอ่านบัตร", "No card reader was found."),
        M("กรุณาตรวจสอบการเชื่อมต่อเครื่องอ่านบัตร", "Check that the card reader is plugged in."),
        True,
    ),
    (
        card.ReaderGone,
        M("การเชื่อมต่อเครื่องอ่านบัตรขาดหาย", "The card reader was disconnected."),
        M("กรุณาเสียบเครื่องอ่านบัตรแล้วลองใหม่", "Plug the reader back in and try again."),
        True,
    ),
    (
        card.NoCard,
        M("ไม่พบบัตรในเครื่องอ่าน", "There is no card in the reader."),
        M("กรุณาเสียบบัตรประชาชน", "Please insert your ID card."),
        True,
    ),
    (
        card.CardRemoved,
        M("บัตรถูกถอดออกระหว่างการอ่าน", "The card was removed while it was being read."),
        M(
            "กรุณาเสียบบัตรค้างไว้จนกว่าจะอ่านเสร็จ",
            "Insert it again and leave it in until reading is finished.",
        ),
        True,
    ),
    (
        card.UnresponsiveCard,
        M("บัตรไม่ตอบสนอง", "The card does not respond."),
        M("กรุณาเสียบบัตรโดยหันชิปขึ้นด้านบน", "Insert the card chip first, chip facing up."),
        True,
    ),
    (
        card.NotThaiIdCard,
        M("บัตรนี้ไม่ใช่บัตรประจำตัวประชาชน", "This is not a Thai national ID card."),
        M("กรุณาใช้บัตรประจำตัวประชาชน", "Please insert a Thai national ID card."),
        False,
    ),
    (
        card.CardDataError,
        M("ข้อมูลในบัตรอ่านไม่ได้", "The data on the card could not be read."),
        M(
            "กรุณาติดต่อสำนักทะเบียนเพื่อตรวจสอบบัตร",
            "Please have the card checked at a registration office.",
        ),
        False,
    ),
    (
        card.CardError,
        M("อ่านบัตรไม่สำเร็จ", "The card could not be read."),
        _TRY_AGAIN,
        True,
    ),
)


def _reference(error: card.CardError) -> str:
    if isinstance(error, card.ApduError | card.NotThaiIdCard):
        return f"SW {error.sw:04X}"
    if isinstance(error, card.PcscError) and error.code is not None:
        return f"PC/SC {error.code:08X}"
    if isinstance(error, card.CardDataError):
        return f"field {error.field}"
    return ""


def card_error_message(error: card.CardError) -> UserFacingError:
    for error_type, what, action, retryable in _CARD_MESSAGES:
        if isinstance(error, error_type):
            return UserFacingError(what, action, reference=_reference(error), retryable=retryable)
    raise AssertionError("CardError is the last entry")  # pragma: no cover


def user_error_for(error: BaseException) -> UserFacingError | None:
    """The user-facing form of an error raised below the application, if it has one."""
    if isinstance(error, UserFacingError):
        return error
    if isinstance(error, card.CardError):
        return card_error_message(error)
    if isinstance(error, OSError) and (
        error.filename is not None or error.errno in _STORAGE_PROBLEMS
    ):
        return file_error(error)
    return None


def log_unexpected(
    log: logging.Logger, error: BaseException, where: str, level: int = logging.ERROR
) -> None:
    """Log where an unexpected error came from, without its message: a message from a parser
    or a library may quote a name or an address, and logs must hold no personal data."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    name = type(error).__name__
    log.log(level, "unexpected %s in %s (message withheld)\n%s", name, where, frames)


_FREE_SPACE = M(
    "ลบไฟล์ที่ไม่ใช้หรือเลือกที่เก็บอื่น แล้วลองใหม่", "Free some space or choose another place, then try again."
)
_WRITABLE_PLACE = M(
    "เลือกโฟลเดอร์ที่เขียนได้ แล้วลองใหม่", "Choose a folder you can write to, then try again."
)
_CHECK_PATH = M("ตรวจสอบชื่อไฟล์ โฟลเดอร์ และสิทธิ์การเข้าถึง", "Check the path and its permissions.")
# What went wrong with the storage itself, whether or not the error names the file.
_STORAGE_PROBLEMS: dict[int, tuple[Bilingual, Bilingual]] = {
    errno.ENOSPC: (M("พื้นที่เก็บข้อมูลเต็ม", "no space left on the device"), _FREE_SPACE),
    errno.EDQUOT: (M("ใช้พื้นที่เกินโควตา", "the disk quota is used up"), _FREE_SPACE),
    errno.EFBIG: (M("ไฟล์ใหญ่เกินกว่าที่เก็บได้", "the file is too large for that place"), _FREE_SPACE),
    errno.EROFS: (M("ที่เก็บนี้อ่านได้อย่างเดียว", "the place is read-only"), _WRITABLE_PLACE),
    errno.EIO: (
        M("อุปกรณ์เก็บข้อมูลมีปัญหา", "the storage device reported an error"),
        M("ตรวจสอบอุปกรณ์เก็บข้อมูล หรือเลือกที่เก็บอื่น", "Check the device, or choose another place."),
    ),
}
_ACCESS_PROBLEMS: dict[int, tuple[Bilingual, Bilingual]] = {
    errno.EACCES: (M("ไม่มีสิทธิ์เขียนหรืออ่าน", "permission denied"), _WRITABLE_PLACE),
    errno.EPERM: (M("ไม่ได้รับอนุญาต", "operation not permitted"), _WRITABLE_PLACE),
    errno.EISDIR: (
        M("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "it is a folder, not a file"),
        M("ระบุชื่อไฟล์ในโฟลเดอร์นั้น", "Give a file name inside that folder."),
    ),
    errno.ENOENT: (M("ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"), _CHECK_PATH),
}


def file_error(error: OSError, path: object = None) -> UserFacingError:
    """One TH/EN line for a file that could not be read or written, naming it when known
    (`error.filename`, else `path`)."""
    name = error.filename if error.filename is not None else path
    known = _STORAGE_PROBLEMS.get(error.errno or 0) or _ACCESS_PROBLEMS.get(error.errno or 0)
    if known is not None:
        reason, action = known
    else:
        english = error.strerror or type(error).__name__
        reason, action = M(english, english), _CHECK_PATH
    if name is None:
        what = M(f"อ่านหรือเขียนไฟล์ไม่สำเร็จ ({reason.th})", f"A file could not be used: {reason.en}.")
    else:
        what = M(f"ใช้ไฟล์ {name} ไม่ได้ ({reason.th})", f"Cannot use the file {name}: {reason.en}.")
    return UserFacingError(what, action)


def internal_error(error: BaseException) -> UserFacingError:
    return UserFacingError(
        M("เกิดข้อผิดพลาดภายในระบบ", "Something went wrong inside OneCard."),
        _CALL_STAFF,
        reference=type(error).__name__,
        retryable=True,
    )
