"""What the controllers need from a screen, and the typed state each screen is drawn from.

The controllers never touch a widget: they hand the `View` a state object (what to show) and
the view draws the screen the state names. The real view is `kiosk.ui.app.OneCardApp`; the
headless tests use a fake that records the states. A state holds everything its screen shows,
so a screen can redraw itself (a language switch) without asking anyone.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from cardreader.model import CardData
from cardreader.text import Bilingual
from kiosk.api import (
    AssistiveDevices,
    Entitlements,
    HealthInsuranceRight,
    RehabilitationHistory,
)
from kiosk.errors import UserFacingError

if TYPE_CHECKING:
    from cardreader.nhso import HealthInsuranceCard
    from forms import FilledForm
    from forms.validation import Answer
    from kiosk.adminlock import AdminLock
    from kiosk.api import CardCheck
    from kiosk.receive import Received, Refused


# The desk's three disability resources, each the API's answer or why it could not be had.
DisabilityRecords = tuple[
    HealthInsuranceRight | UserFacingError,
    AssistiveDevices | UserFacingError,
    RehabilitationHistory | UserFacingError,
]


class ScreenState:
    """A screen's state; `screen` names the screen that draws it."""

    screen: ClassVar[str]


class View(Protocol):
    @property
    def language(self) -> str:
        """The session's language, "th" or "en"."""

    @property
    def current(self) -> str:
        """The name of the screen on show."""

    def show(self, state: ScreenState) -> None:
        """Draw the screen `state` names from it and put it on show."""

    def update(self, state: ScreenState) -> None:
        """Draw the screen `state` names without putting it on show (so showing it later costs
        nothing); the screen on show is redrawn at once."""

    def post(self, work: Callable[[], None]) -> None:
        """Run `work` on the UI thread (callable from any thread)."""

    def translate(self, key: str, **values: object) -> str:
        """The text for `key` in the session's language."""

    def set_idle_warning(self, text: str) -> None:
        """Show (or, with "", hide) the idle warning over every screen."""

    def clear(self) -> None:
        """Wipe every screen of the person it showed."""

    def beep(self) -> None:
        """A short sound (the idle warning has just appeared)."""

    def reset_for_next_citizen(self) -> None:
        """The kiosk's default language and display modes again (normal text and colours)."""

    def set_staff_called(self, called: bool) -> None:
        """Say over every screen that a staff member is coming (or, False, stop saying it)."""


# The citizen kiosk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttractState(ScreenState):
    screen = "attract"
    card_left_in: bool = False  # the session ended (idle) with the card still in


class Role(enum.Enum):
    """Whose card it is when someone applies for someone else (a translation key part)."""

    APPLICANT = "applicant"  # the person the form is for (ผู้มอบอำนาจ)
    REPRESENTATIVE = "representative"  # the person filing it for them (ผู้รับมอบอำนาจ)

    @property
    def other(self) -> Role:
        return Role.REPRESENTATIVE if self is Role.APPLICANT else Role.APPLICANT


@dataclass(frozen=True)
class NoticeState(ScreenState):
    screen = "notice"
    role: Role | None = None  # applying for someone else: whose card the notice is for


@dataclass(frozen=True)
class DeclinedState(ScreenState):
    screen = "declined"


@dataclass(frozen=True)
class ReadingState(ScreenState):
    screen = "reading"
    role: Role | None = None  # applying for someone else: whose card is being read


class ProxyStep(enum.Enum):
    """Applying for someone else, between the two cards."""

    ROLE = "role"  # whose is the card just read?
    REMOVE = "remove"  # take this card out
    INSERT = "insert"  # insert the other person's card


@dataclass(frozen=True)
class ProxyState(ScreenState):
    """Applying for someone else: which card is which, and whose card to insert next."""

    screen = "proxy"
    step: ProxyStep
    name: Bilingual  # the holder of the card read first
    next_role: Role | None = None  # REMOVE, INSERT: whose card goes in next
    same_card: bool = False  # the card put in was the first one again: refused


@dataclass(frozen=True)
class DoneState(ScreenState):
    screen = "done"


@dataclass(frozen=True)
class HelloState(ScreenState):
    screen = "hello"
    name: Bilingual
    expired: bool
    entitlements_available: bool  # False: the status API is not set up at this kiosk
    representative: Bilingual | None = None  # applying for `name` through this representative


class PrintStatus(enum.Enum):
    NONE = ""
    PREPARING = "output.preparing"  # waiting for what the form prints (then printing)
    PRINTING = "output.printing"
    PRINTED = "output.printed"
    FAILED = "output.print_failed"


@dataclass(frozen=True)
class EntitlementsState(ScreenState):
    screen = "entitlements"
    entitlements: Entitlements | None = None  # None: still being looked up
    error: UserFacingError | None = None
    slip: PrintStatus = PrintStatus.NONE  # the printed status slip
    slip_error: UserFacingError | None = None

    @property
    def can_retry(self) -> bool:
        return self.error is not None and self.error.retryable


class Verdict(enum.Enum):
    """What the card can tell about a form's eligibility rules (a translation key)."""

    CHECK = "forms.check"
    ELIGIBLE = "forms.eligible"
    NOT_ELIGIBLE = "forms.not_eligible"


@dataclass(frozen=True)
class FormChoice:
    form_id: str
    title: Bilingual
    verdict: Verdict
    code: str = ""  # the form's official code, e.g. ผส.1


@dataclass(frozen=True)
class FormsState(ScreenState):
    screen = "forms"
    choices: tuple[FormChoice, ...] = ()
    applicant: Bilingual | None = None  # applying for someone else: for whom,
    representative: Bilingual | None = None  # and by whom


@dataclass(frozen=True)
class ReviewState(ScreenState):
    screen = "review"
    filled: FilledForm
    answers: Mapping[str, Answer] = field(default_factory=dict)  # as typed, even if invalid
    looking_up: bool = False  # a record the form prints is still being looked up
    keep_typed: bool = False  # redrawn on show (a record came in): what is typed stays


@dataclass(frozen=True)
class OutputState(ScreenState):
    screen = "output"
    qr_text: str
    printing: PrintStatus = PrintStatus.NONE
    print_error: UserFacingError | None = None  # FAILED: what lp said, a reference for staff


@dataclass(frozen=True)
class ErrorState(ScreenState):
    screen = "error"
    error: UserFacingError
    retry: Callable[[], None] | None = None


@dataclass(frozen=True)
class AdminState(ScreenState):
    screen = "admin"
    lock: AdminLock
    unlocked: bool = False
    pin_refused: bool = False  # the last PIN was wrong, or not checked during a lockout
    readers: str = ""
    api_health: str = ""
    print_status: str = ""


# The officer's desk ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Officer:
    """Who is signed in at the desk; `user_id` goes with every API call as X-Road-UserId."""

    user_id: str  # the officer's citizen ID (signed in by card) or staff id
    name: Bilingual
    shown_id: str  # masked when it is a citizen ID

    def __repr__(self) -> str:
        return f"Officer({self.shown_id})"


@dataclass(frozen=True)
class SignInState(ScreenState):
    screen = "signin"
    ways: str = "both"  # "card", "staff_id" or both (desk.sign_in)
    message_key: str = ""
    message_error: UserFacingError | None = None
    locked_for: float = 0.0  # seconds the PIN stays locked after too many wrong tries


@dataclass(frozen=True)
class DeskState(ScreenState):
    """The desk's one screen. Each part is redrawn only when it changes (compared by identity),
    so photo progress does not rebuild the entitlement rows."""

    screen = "desk"
    officer: Officer | None = None
    cid: str = ""  # the citizen being served (typed or read)
    forms: tuple[FormChoice, ...] = ()
    card: CardData | None = None
    entitlements: Entitlements | None = None
    entitlements_error: UserFacingError | None = None
    looking_up: bool = False  # a lookup is under way (rows say "checking")
    disability: DisabilityRecords | UserFacingError | None = None
    health_card: HealthInsuranceCard | None = None  # the chip's health-insurance right
    health_card_read: bool = False
    card_check: CardCheck | None = None
    message_key: str = ""  # a translation key, or
    message_error: UserFacingError | None = None  # an error to describe
    photo_progress: tuple[int, int] = (0, 0)  # bytes done, bytes in all
    reader_status: str = ""
    # Applying with a representative (F11): what to do next (a translation key, "" when not
    # applying with one) and the representative's card once read.
    proxy_key: str = ""
    representative: CardData | None = None


@dataclass(frozen=True)
class ReceiveState(ScreenState):
    """Receiving a kiosk form: the last scan, its fields beside their labels on the paper."""

    screen = "receive"
    last: Received | Refused | None = None
    fields: tuple[tuple[Bilingual, str], ...] = ()  # the form's field labels and values
    count: int = 0  # forms received in this sitting, ready to export
    message_key: str = ""
    message_values: tuple[tuple[str, str], ...] = ()
    message_error: UserFacingError | None = None
