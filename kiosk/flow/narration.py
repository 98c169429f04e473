"""What voice guidance says for each kiosk screen: the screen's title, its instructions (the
same translation keys the screen shows), every entitlement row (programme, status, amount,
next step), errors (what happened and what to do, never the reference code), and the idle
warning, in the session's language. Kivy-free; the sound is made by kiosk.speech.

`narrate(state, translate, language)` gives a screen's utterances. `SpeakingView` wraps the
kiosk's `View` so that every screen the controller shows is narrated while voice guidance is
on, a session's end silences it, and the citizen can ask for the screen again (`repeat`).

Fixed text carries its message key (so an agency's recorded clip can say it); text made at run
time (a name, an amount, an error) carries none. Staff screens (admin, desk) say nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from assets import ROOT
from kiosk.api import Amount, Entitlements, ProgrammeStatus
from kiosk.errors import UserFacingError
from kiosk.flow.view import (
    AttractState,
    DeclinedState,
    DoneState,
    EntitlementsState,
    ErrorState,
    FormsState,
    HelloState,
    NoticeState,
    OutputState,
    PrintStatus,
    ProxyState,
    ProxyStep,
    ReadingState,
    ReviewState,
    ScreenState,
    View,
)
from kiosk.speech.base import Speaker, Utterance

Translate = Callable[..., str]  # View.translate: (key, **values) -> text in the session language
STAFF_SCREENS = frozenset({"admin", "desk", "signin", "receive"})  # not narrated: staff only

# The fixed texts each screen says, in order (its title and instructions as the .kv shows them).
SCREEN_KEYS = {
    "attract": ("attract.insert", "attract.hint", "attract.remove_first"),
    "notice": (
        "notice.title",
        "notice.what",
        "notice.why",
        "notice.keep",
        "notice.accept",
        "notice.decline",
    ),
    "declined": ("declined.title", "declined.body"),
    "reading": ("reading.title", "reading.body"),
    "done": ("done.title", "done.body"),
    "hello": (
        "hello.expired",
        "hello.choose",
        "hello.entitlements",
        "hello.entitlements_not_set_up",
        "hello.forms",
        "hello.for_someone_else",
    ),
    "proxy": (
        "proxy.title",
        "proxy.mine",
        "proxy.applicants",
        "proxy.same_card",
        "proxy.remove",
        "proxy.insert_representative",
        "proxy.insert_applicant",
        "proxy.now_insert_representative",
        "proxy.now_insert_applicant",
        "proxy.both_accept",
        "role.applicant",
        "role.representative",
    ),
    "entitlements": ("entitlements.title", "entitlements.loading", "entitlements.none"),
    "forms": ("forms.title", "forms.eligible", "forms.not_eligible", "forms.check"),
    "review": ("review.your_answers", "review.next"),
    "output": (
        "output.title",
        "output.title_preparing",
        "output.title_failed",
        "output.print",
        "output.qr",
        "output.preparing",
        "output.printing",
        "output.printed",
        "output.print_failed",
    ),
}


@cache
def known_keys() -> frozenset[str]:
    """Every translation key there is (both languages have the same keys)."""
    path = ROOT / "translations" / "en.json"
    keys: dict[str, str] = json.loads(path.read_text("utf-8"))
    return frozenset(keys)


class _Words:
    """Utterances in one language: fixed text by key, or text made at run time."""

    def __init__(self, translate: Translate, language: str) -> None:
        self.translate = translate
        self.language = language
        self.said: list[Utterance] = []

    def key(self, key: str) -> None:
        text = self.translate(key)
        if text.strip():
            self.said.append(Utterance(text, self.language, key))

    def text(self, text: str) -> None:
        if text.strip():
            self.said.append(Utterance(text, self.language))

    def error(self, error: UserFacingError) -> None:
        """What happened and what to do; the reference is for staff and is not said."""
        self.text(error.what.in_language(self.language))
        self.text(error.action.in_language(self.language))


def narrate(state: ScreenState, translate: Translate, language: str) -> list[Utterance]:
    """What to say for the screen `state` draws, in `language` (the words `translate` gives
    are the session's). Empty for staff screens and states it does not know."""
    words = _Words(translate, language)
    narrator = _NARRATORS.get(type(state))
    if narrator is not None:
        narrator(state, words)
    return words.said


def narrate_idle_warning(text: str, language: str) -> list[Utterance]:
    """The idle warning as shown (it holds the seconds left, so it is never a recorded clip)."""
    return [Utterance(text, language)] if text.strip() else []


def _attract(state: AttractState, words: _Words) -> None:
    words.key("attract.insert")
    words.key("attract.remove_first" if state.card_left_in else "attract.hint")


def _notice(state: NoticeState, words: _Words) -> None:
    if state.role is not None:  # applying for someone else: whose card this notice is for
        words.key(f"role.{state.role.value}")
    for key in SCREEN_KEYS["notice"]:
        words.key(key)


def _reading(state: ReadingState, words: _Words) -> None:
    if state.role is not None:
        words.key(f"role.{state.role.value}")
    words.key("reading.title")
    words.key("reading.body")


def _proxy(state: ProxyState, words: _Words) -> None:
    """Applying for someone else: whose card was read, then what to do with the cards."""
    words.key("proxy.title")
    name = state.name.in_language(words.language)
    if state.step is ProxyStep.ROLE:
        words.text(words.translate("proxy.whose", name=name))
        words.key("proxy.mine")
        words.key("proxy.applicants")
        return
    if state.same_card:
        words.key("proxy.same_card")
    role = state.next_role.value if state.next_role is not None else "representative"
    if state.step is ProxyStep.REMOVE:
        words.key("proxy.remove")
        words.key(f"proxy.insert_{role}")
    else:
        words.key(f"proxy.now_insert_{role}")
    words.key("proxy.both_accept")


def _title_and_body(screen: str) -> Callable[[ScreenState, _Words], None]:
    def narrator(_state: ScreenState, words: _Words) -> None:
        words.key(f"{screen}.title")
        words.key(f"{screen}.body")

    return narrator


def _hello(state: HelloState, words: _Words) -> None:
    name = state.name.in_language(words.language)
    if state.representative is not None:  # applying for someone else: forms only
        representative = state.representative.in_language(words.language)
        words.text(words.translate("hello.proxy_for", name=name, representative=representative))
        words.key("hello.forms")
        return
    words.text(words.translate("hello.greeting", name=name))
    words.key("hello.expired" if state.expired else "hello.choose")
    words.key(
        "hello.entitlements" if state.entitlements_available else "hello.entitlements_not_set_up"
    )
    words.key("hello.forms")
    words.key("hello.for_someone_else")


def _entitlements(state: EntitlementsState, words: _Words) -> None:
    words.key("entitlements.title")
    if state.error is not None:
        words.error(state.error)
    elif state.entitlements is None:
        words.key("entitlements.loading")
    else:
        _rows(state.entitlements, words)
    slip_error: UserFacingError | None = getattr(state, "slip_error", None)
    slip = getattr(state, "slip", None)  # the printed status slip, where the screen has one
    if slip_error is not None:
        words.error(slip_error)
    elif slip is not None and slip.value:
        words.key("entitlements.slip_printed" if slip.name == "PRINTED" else slip.value)


def _rows(answer: Entitlements, words: _Words) -> None:
    """The agencies that did not answer first (so nobody takes a short list for all), then
    each programme: its name, status, amount and next step."""
    language = words.language
    for source in answer.unavailable_sources:
        agency = source.name.in_language(language)
        words.text(words.translate("entitlements.unavailable", agency=agency))
    if not answer.programmes:
        words.key("entitlements.none")
        return
    if "entitlements.count" in known_keys():
        words.text(words.translate("entitlements.count", count=len(answer.programmes)))
    for programme in answer.programmes:
        words.text(programme.name.in_language(language))
        _status(programme, words)
        if programme.amount is not None:
            words.text(spoken_amount(programme.amount, language))
        next_key = next_step_key(programme)
        if next_key:
            words.key(next_key)


def _status(programme: ProgrammeStatus, words: _Words) -> None:
    key = f"status.{programme.status.value}"
    if key in known_keys():
        words.key(key)
    else:
        words.text(programme.status.label.in_language(words.language))


def next_step_key(programme: ProgrammeStatus) -> str:
    """The translation key of the programme's next step (`next.<programme>.<status>`, else
    `next.<status>`); "" when there is none."""
    status = programme.status.value
    for key in (f"next.{programme.code}.{status}", f"next.{status}"):
        if key in known_keys():
            return key
    return ""


def spoken_amount(amount: Amount, language: str) -> str:
    """ "1,000 บาท ต่อเดือน" / "1,000 baht per month" (satang kept when there are any)."""
    value = amount.value
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if amount.currency == "THB":
        currency = "บาท" if language == "th" else "baht"
    else:
        currency = amount.currency
    period = amount.period.label.in_language(language)
    return " ".join(part for part in (number, currency, period) if part)


def _forms(state: FormsState, words: _Words) -> None:
    words.key("forms.title")
    if state.applicant is not None and state.representative is not None:
        language = words.language
        words.text(
            words.translate(
                "forms.proxy",
                applicant=state.applicant.in_language(language),
                representative=state.representative.in_language(language),
            )
        )
    for choice in state.choices:
        words.text(choice.title.in_language(words.language))
        words.key(choice.verdict.value)


def _review(state: ReviewState, words: _Words) -> None:
    """The form's title, what to do, and each problem with what was typed; the chip's fields
    (the ID number, the address) are on screen but never said aloud."""
    words.text(state.filled.form.title.in_language(words.language))
    for problem in state.filled.problems:
        words.text(problem.message.in_language(words.language))
    words.key("review.your_answers")
    words.key("review.next")


def _output(state: OutputState, words: _Words) -> None:
    preparing = state.printing is PrintStatus.PREPARING
    failed = state.print_error is not None
    title = "output.title_failed" if failed else "output.title"
    words.key("output.title_preparing" if preparing else title)
    if failed:  # plain words: ask staff, the form is kept
        words.key("output.print_failed")
    elif state.printing.value:
        words.key(state.printing.value)
    if state.qr_text and not failed:  # none yet while prepared; the failure says it already
        words.key("output.qr")


def _error(state: ErrorState, words: _Words) -> None:
    words.error(state.error)


_NARRATORS: dict[type[ScreenState], Callable[[Any, _Words], None]] = {
    AttractState: _attract,
    NoticeState: _notice,
    DeclinedState: _title_and_body("declined"),
    ReadingState: _reading,
    ProxyState: _proxy,
    DoneState: _title_and_body("done"),
    HelloState: _hello,
    EntitlementsState: _entitlements,
    FormsState: _forms,
    ReviewState: _review,
    OutputState: _output,
    ErrorState: _error,
}


class SpeakingView:
    """A `View` that narrates: each screen shown (and the screen on show when it is redrawn
    with new content) is said while `is_on()`; the idle warning is said when it appears;
    `clear` (the session ended) stops speech and forgets what was said. The wrapped view does
    all the drawing.

    Invariants: a screen shown again with new content says only what is new (the rows that
    arrived, "printed"), not its title again; nothing said about one citizen is kept after
    `clear`; speech never runs on the calling thread (the `Speaker` has its own)."""

    def __init__(self, view: View, speaker: Speaker, is_on: Callable[[], bool]) -> None:
        self._view = view
        self._speaker = speaker
        self._is_on = is_on
        self._states: dict[str, ScreenState] = {}  # the latest state of each screen
        self._spoken: tuple[str, list[Utterance]] = ("", [])  # screen, what was said
        self._warning = ""

    # The View protocol -------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self._view.language

    @property
    def current(self) -> str:
        return self._view.current

    def show(self, state: ScreenState) -> None:
        self._view.show(state)
        self._states[state.screen] = state
        if self._is_on():
            self._say_new(state)

    def update(self, state: ScreenState) -> None:
        self._view.update(state)
        self._states[state.screen] = state
        if self._is_on() and self._view.current == state.screen:
            self._say_new(state)

    def post(self, work: Callable[[], None]) -> None:
        self._view.post(work)

    def translate(self, key: str, **values: object) -> str:
        return self._view.translate(key, **values)

    def set_idle_warning(self, text: str) -> None:
        self._view.set_idle_warning(text)
        appeared = bool(text) and not self._warning
        self._warning = text
        if appeared and self._is_on():
            self._speaker.say(narrate_idle_warning(text, self._view.language))

    def clear(self) -> None:
        self._view.clear()
        self._speaker.stop()
        self._states.clear()
        self._spoken = ("", [])
        self._warning = ""

    def beep(self) -> None:
        self._view.beep()

    def reset_for_next_citizen(self) -> None:
        self._view.reset_for_next_citizen()

    def set_staff_called(self, called: bool) -> None:
        self._view.set_staff_called(called)
        if called and self._is_on():
            self._speaker.say(
                [Utterance(self.translate("staff.coming"), self.language, "staff.coming")]
            )

    # The citizen's voice controls ------------------------------------------------------------

    def repeat(self) -> None:
        """Say the screen on show again from the start, in the session's current language (also
        after a language switch), with the idle warning if it is up; said even when voice
        guidance is off (the citizen asked)."""
        state = self._states.get(self._view.current)
        utterances = self._narrate(state) if state is not None else []
        utterances += narrate_idle_warning(self._warning, self._view.language)
        self._spoken = (self._view.current, utterances)
        self._speaker.say(utterances)

    def voice_changed(self) -> None:
        """Voice guidance was turned on (say the screen on show) or off (be quiet)."""
        if self._is_on():
            self.repeat()
        else:
            self._speaker.stop()

    # -----------------------------------------------------------------------------------------

    def _narrate(self, state: ScreenState) -> list[Utterance]:
        return narrate(state, self._view.translate, self._view.language)

    def _say_new(self, state: ScreenState) -> None:
        utterances = self._narrate(state)
        screen, said = self._spoken
        new = (
            [item for item in utterances if item not in said]
            if screen == state.screen
            else utterances
        )
        self._spoken = (state.screen, utterances)
        if new:
            self._speaker.say(new)


def spoken_keys() -> Sequence[str]:
    """Every fixed message narration may say by key, for docs/speech.md's list of clips."""
    keys = [key for screen_keys in SCREEN_KEYS.values() for key in screen_keys]
    keys += sorted(key for key in known_keys() if key.startswith(("status.", "next.")))
    keys += ["entitlements.slip_printed", "staff.coming"]
    return [key for key in dict.fromkeys(keys) if key in known_keys()]


__all__ = [
    "SpeakingView",
    "narrate",
    "narrate_idle_warning",
    "next_step_key",
    "spoken_amount",
    "spoken_keys",
]


def _is_a_view(view: SpeakingView) -> View:
    """Checked by mypy: a SpeakingView is a View (a method added to View must be added above)."""
    return view
