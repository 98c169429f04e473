"""Voice guidance's words: what each kiosk screen says, in the session's language, through a
whole visit on the real flow (fake View, real workers, emulated card, sandbox API) with a
recording speaker in place of the sound."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from assets import ROOT
from cardreader.emulator import CardOptions, load_profile
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.reader import read_card
from cardreader.text import Bilingual
from forms import fill, load_forms
from kiosk.api import AgencySource, Amount, Entitlements, ProgrammeStatus
from kiosk.api.models import Period, Status
from kiosk.cardslot import DEMO_READER, DemoSlot
from kiosk.config import AppConfig, KioskConfig
from kiosk.errors import UserFacingError
from kiosk.flow import view as view_module
from kiosk.flow.kiosk import KioskController
from kiosk.flow.narration import (
    STAFF_SCREENS,
    SpeakingView,
    narrate,
    narrate_idle_warning,
    spoken_amount,
    spoken_keys,
)
from kiosk.flow.view import (
    AttractState,
    DeclinedState,
    DoneState,
    EntitlementsState,
    ErrorState,
    FormChoice,
    FormsState,
    HelloState,
    NoticeState,
    OutputState,
    PrintStatus,
    ProxyState,
    ProxyStep,
    ReadingState,
    ReviewState,
    Role,
    ScreenState,
    Verdict,
)
from kiosk.flow.worker import Workers
from kiosk.formcatalogue import FormCatalogue
from kiosk.sandbox.server import SandboxServer
from kiosk.services import build_services
from kiosk.speech import RecordingSpeaker, Utterance
from tests.flow.conftest import FakeClock, FakeView, api_of

TABLES = {
    language: json.loads((ROOT / "translations" / f"{language}.json").read_text("utf-8"))
    for language in ("th", "en")
}
TH, EN = TABLES["th"], TABLES["en"]


def translator(language: str) -> Callable[..., str]:
    """The session's words; a key missing from the translations fails the test."""

    def translate(key: str, **values: object) -> str:
        text: str = TABLES[language][key]
        return text.format(**values) if values else text

    return translate


class WordsView(FakeView):
    """The headless harness's view, with the real translations."""

    def translate(self, key: str, **values: object) -> str:
        return translator(self.language)(key, **values)


def texts(utterances: list[Utterance]) -> list[str]:
    return [item.text for item in utterances]


# Synthetic states ------------------------------------------------------------------------------

AS_OF = dt.date(2025, 1, 31)
MOAC = AgencySource(
    "MOAC", Bilingual("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture"), True, AS_OF
)
MOL = AgencySource("MOL", Bilingual("กระทรวงแรงงาน", "Ministry of Labour"), False, None)
FERTILISER = ProgrammeStatus(
    "fertiliser_subsidy",
    "MOAC",
    Bilingual("เงินช่วยเหลือค่าปุ๋ย", "Fertiliser subsidy"),
    Status.RECEIVED,
    Amount(Decimal("1000"), "THB", Period.ONE_TIME),
    AS_OF,
    AS_OF,
)
ELDERLY = ProgrammeStatus(
    "elderly_allowance",
    "MOAC",
    Bilingual("เบี้ยยังชีพผู้สูงอายุ", "Elderly allowance"),
    Status.PENDING,
    Amount(Decimal("600"), "THB", Period.MONTHLY),
    None,
    AS_OF,
)
ANSWER = Entitlements(
    "req-1", dt.datetime(2025, 2, 1, tzinfo=dt.UTC), (MOAC, MOL), (FERTILISER, ELDERLY)
)
PRINTER_DOWN = UserFacingError(
    Bilingual("เครื่องพิมพ์ไม่ทำงาน", "The printer is not working."),
    Bilingual("กรุณาติดต่อเจ้าหน้าที่", "Please ask a staff member."),
    reference="lp-exit-1",
)


def somchai_card() -> CardData:
    slot = DemoSlot(CardOptions())
    slot.insert("somchai")
    with slot.connection() as connection:
        return read_card(connection)


def samples() -> dict[type[ScreenState], ScreenState]:
    """One state of each kiosk screen."""
    card = somchai_card()
    form = load_forms()["unemployment-registration"]
    return {
        AttractState: AttractState(),
        NoticeState: NoticeState(),
        DeclinedState: DeclinedState(),
        ReadingState: ReadingState(),
        DoneState: DoneState(),
        HelloState: HelloState(Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), False, True),
        EntitlementsState: EntitlementsState(ANSWER),
        FormsState: FormsState(
            (FormChoice(form.id, form.title, Verdict.CHECK),),
        ),
        ReviewState: ReviewState(fill(form, card)),
        OutputState: OutputState("QR"),
        ErrorState: ErrorState(PRINTER_DOWN),
        ProxyState: ProxyState(
            ProxyStep.REMOVE, Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), Role.APPLICANT
        ),
    }


# What each screen says -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_kiosk_screen_says_something_in_the_session_language(language: str) -> None:
    """A kiosk state added without narration fails here (give it a sample and words)."""
    kiosk_states = {
        cls
        for _name, cls in inspect.getmembers(view_module, inspect.isclass)
        if issubclass(cls, ScreenState)
        and cls is not ScreenState
        and cls.screen not in STAFF_SCREENS
    }
    known = samples()
    assert kiosk_states <= set(known), f"no narration sample for {kiosk_states - set(known)}"
    for cls in kiosk_states:
        said = narrate(known[cls], translator(language), language)
        assert said, cls.__name__
        assert {item.language for item in said} == {language}


def test_the_notice_says_its_title_instructions_and_both_choices_in_thai() -> None:
    said = narrate(NoticeState(), translator("th"), "th")

    assert texts(said) == [
        TH["notice.title"],
        TH["notice.what"],
        TH["notice.why"],
        TH["notice.keep"],
        TH["notice.accept"],
        TH["notice.decline"],
    ]
    assert said[0].key == "notice.title"  # a clip can say it


def test_the_proxy_screens_say_whose_card_to_insert() -> None:
    name = Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee")
    role = narrate(ProxyState(ProxyStep.ROLE, name), translator("en"), "en")
    assert [item.key for item in role if item.key] == [
        "proxy.title",
        "proxy.mine",
        "proxy.applicants",
    ]
    assert any("Mr. Somchai Jaidee" in item.text for item in role)
    insert = narrate(
        ProxyState(ProxyStep.INSERT, name, Role.REPRESENTATIVE), translator("th"), "th"
    )
    assert "proxy.now_insert_representative" in [item.key for item in insert]
    again = narrate(
        ProxyState(ProxyStep.REMOVE, name, Role.APPLICANT, True), translator("th"), "th"
    )
    assert [item.key for item in again][1:4] == [
        "proxy.same_card",
        "proxy.remove",
        "proxy.insert_applicant",
    ]
    notice = narrate(NoticeState(Role.REPRESENTATIVE), translator("en"), "en")
    assert notice[0].key == "role.representative"


def test_the_attract_screen_says_to_take_a_forgotten_card_out_first() -> None:
    said = texts(narrate(AttractState(card_left_in=True), translator("en"), "en"))

    assert said == [EN["attract.insert"], EN["attract.remove_first"]]


def test_each_entitlement_row_says_programme_status_amount_and_next_step() -> None:
    said = narrate(EntitlementsState(ANSWER), translator("th"), "th")
    words = texts(said)

    assert words[0] == TH["entitlements.title"]
    assert words[1] == TH["entitlements.unavailable"].format(agency="กระทรวงแรงงาน")  # first
    fertiliser = words.index("เงินช่วยเหลือค่าปุ๋ย")
    assert words[fertiliser + 1 : fertiliser + 3] == [TH["status.received"], "1,000 บาท"]
    elderly = words.index("เบี้ยยังชีพผู้สูงอายุ")
    assert words[elderly + 1 : elderly + 4] == [
        TH["status.pending"],
        "600 บาท ต่อเดือน",
        TH["next.elderly_allowance.pending"],
    ]
    assert "status.pending" in [item.key for item in said]


def test_amounts_are_said_in_words_the_listener_knows() -> None:
    monthly = Amount(Decimal("600.50"), "THB", Period.MONTHLY)

    assert spoken_amount(monthly, "en") == "600.50 baht per month"
    assert spoken_amount(monthly, "th") == "600.50 บาท ต่อเดือน"


def test_an_error_says_what_happened_and_what_to_do_but_not_the_reference() -> None:
    said = texts(narrate(ErrorState(PRINTER_DOWN), translator("en"), "en"))

    assert said == ["The printer is not working.", "Please ask a staff member."]
    assert not any("lp-exit-1" in text for text in said)


def test_an_entitlements_lookup_that_failed_says_so_under_the_title() -> None:
    said = texts(narrate(EntitlementsState(error=PRINTER_DOWN), translator("th"), "th"))

    assert said == [TH["entitlements.title"], "เครื่องพิมพ์ไม่ทำงาน", "กรุณาติดต่อเจ้าหน้าที่"]


def test_a_print_failure_says_plainly_to_ask_staff() -> None:
    state = OutputState("QR", PrintStatus.FAILED, PRINTER_DOWN)

    said = texts(narrate(state, translator("en"), "en"))

    assert said[:2] == [EN["output.title_failed"], EN["output.print_failed"]]
    assert EN["output.title"] not in said and EN["output.qr"] not in said  # said once, plainly
    assert not any("lp-exit-1" in text for text in said)


def test_while_the_form_is_prepared_it_says_so_and_no_qr_yet() -> None:
    said = texts(narrate(OutputState("", PrintStatus.PREPARING), translator("th"), "th"))

    assert said == [TH["output.title_preparing"], TH["output.preparing"]]


def test_the_review_never_says_the_id_number_aloud() -> None:
    state = samples()[ReviewState]

    said = " ".join(texts(narrate(state, translator("th"), "th")))

    assert said.startswith(load_forms()["unemployment-registration"].title.th)
    assert load_profile("somchai").cid not in said.replace("-", "").replace(" ", "")


def test_staff_screens_say_nothing() -> None:
    admin = view_module.AdminState(lock=None)  # type: ignore[arg-type]

    assert narrate(admin, translator("th"), "th") == []


def test_the_idle_warning_is_said_as_shown() -> None:
    text = translator("th")("idle.warning", seconds=30)

    assert narrate_idle_warning(text, "th") == [Utterance(text, "th")]
    assert narrate_idle_warning("", "th") == []


def test_every_key_narration_says_is_translated_in_both_languages() -> None:
    for key in spoken_keys():
        assert key in TH and key in EN, key


def test_docs_list_every_clip_an_agency_can_record() -> None:
    doc = (ROOT.parent / "docs" / "speech.md").read_text("utf-8")

    missing = [key for key in spoken_keys() if f"`{key}`" not in doc]
    assert missing == []


# The speaking view -----------------------------------------------------------------------------


def speaking(
    language: str = "th", on: bool = True
) -> tuple[SpeakingView, WordsView, RecordingSpeaker]:
    view, speaker = WordsView(language), RecordingSpeaker()
    switch = {"on": on}
    speaking_view = SpeakingView(view, speaker, lambda: switch["on"])
    speaking_view.switch = switch  # type: ignore[attr-defined]
    return speaking_view, view, speaker


def test_rows_arriving_on_screen_are_said_without_the_title_again() -> None:
    voice, _view, speaker = speaking()
    voice.show(EntitlementsState())  # still looking up

    voice.update(EntitlementsState(ANSWER))

    first, second = speaker.said
    assert texts(first) == [TH["entitlements.title"], TH["entitlements.loading"]]
    assert TH["entitlements.title"] not in texts(second)
    assert "เงินช่วยเหลือค่าปุ๋ย" in texts(second)


def test_rows_drawn_off_screen_are_not_said() -> None:
    voice, _view, speaker = speaking()
    voice.show(HelloState(Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), False, True))

    voice.update(EntitlementsState(ANSWER))

    assert len(speaker.said) == 1


def test_with_voice_off_nothing_is_said_until_it_is_turned_on() -> None:
    voice, _view, speaker = speaking(on=False)
    voice.show(NoticeState())
    assert speaker.said == []

    voice.switch["on"] = True  # type: ignore[attr-defined]
    voice.voice_changed()

    assert texts(speaker.said[0])[0] == TH["notice.title"]


def test_turning_voice_off_stops_it_and_repeat_still_says_the_screen() -> None:
    voice, view, speaker = speaking(on=True)
    voice.show(DoneState())
    voice.switch["on"] = False  # type: ignore[attr-defined]

    voice.voice_changed()
    assert speaker.stops == 1
    view.language = "en"  # a language switch, then "say it again"
    voice.repeat()

    assert texts(speaker.said[-1]) == [EN["done.title"], EN["done.body"]]


def test_the_idle_warning_is_said_once_when_it_appears() -> None:
    voice, _view, speaker = speaking()
    voice.show(HelloState(Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), False, True))

    for seconds in (30, 29, 28):
        voice.set_idle_warning(translator("th")("idle.warning", seconds=seconds))

    warnings = [batch for batch in speaker.said if TH["idle.warning"][:10] in batch[0].text]
    assert len(warnings) == 1
    assert "30" in warnings[0][0].text


def test_a_session_ending_stops_speech_and_forgets_the_screen() -> None:
    voice, view, speaker = speaking()
    voice.show(HelloState(Bilingual("นายสมชาย ใจดี", "Mr. Somchai Jaidee"), False, True))

    voice.clear()
    voice.repeat()

    assert speaker.stops == 1 and view.clears == 1
    assert speaker.said[-1] == []  # nothing about the last citizen is left to repeat


# A whole visit ---------------------------------------------------------------------------------


class Voiced:
    """The kiosk controller, which draws through its SpeakingView, with a recording speaker."""

    def __init__(self, sandbox: SandboxServer, language: str, card: CardOptions) -> None:
        settings = AppConfig(api=api_of(sandbox), kiosk=KioskConfig())
        self.speaker = RecordingSpeaker()
        self.services = build_services(settings, slot=DemoSlot(card), speaker=self.speaker)
        self.slot: DemoSlot = self.services.slot  # type: ignore[assignment]
        self.view = WordsView(language)
        self.workers = Workers.start(self.view.post)
        catalogue = FormCatalogue(settings.kiosk.enabled_forms)
        self.clock = FakeClock()
        self.controller: Any = KioskController(
            self.view, self.services, self.workers, catalogue, clock=self.clock
        )
        assert isinstance(self.controller.view, SpeakingView)  # the controller narrates
        assert self.controller.toggle_voice()  # the citizen turned voice guidance on
        self.controller.card_event(CardEvent(EventKind.READER_ADDED, DEMO_READER))

    def insert(self, profile: str) -> None:
        self.slot.insert(profile)
        self.controller.card_event(CardEvent(EventKind.CARD_INSERTED, DEMO_READER))

    def remove(self) -> None:
        self.slot.remove()
        self.controller.card_event(CardEvent(EventKind.CARD_REMOVED, DEMO_READER))

    def wait(self, condition: Callable[[], object]) -> None:
        self.view.run_until(condition)

    def last_said(self) -> list[str]:
        return texts(self.speaker.said[-1])

    def close(self) -> None:
        self.controller.end_session()
        self.workers.shutdown()
        self.services.close()


@pytest.fixture
def voiced(sandbox: SandboxServer) -> Iterator[Callable[..., Voiced]]:
    made: list[Voiced] = []
    sandbox.set_faults(latency=0.0)

    def make(language: str = "th", card: CardOptions | None = None) -> Voiced:
        flow = Voiced(sandbox, language, card or CardOptions())
        made.append(flow)
        return flow

    yield make
    for flow in made:
        flow.close()


def test_a_whole_visit_is_said_in_thai(voiced: Callable[..., Voiced]) -> None:
    flow = voiced("th")

    flow.insert("somchai")
    assert flow.last_said()[0] == TH["notice.title"]

    flow.controller.accept_notice()
    assert flow.last_said() == [TH["reading.title"], TH["reading.body"]]

    flow.wait(lambda: flow.view.current == "hello")
    hello = flow.view.state
    assert flow.last_said()[0] == TH["hello.greeting"].format(name=hello.name.th)

    def rows() -> Entitlements | None:
        states = [s for s in flow.view.updated if isinstance(s, EntitlementsState)]
        return states[-1].entitlements if states else None

    flow.wait(rows)
    flow.controller.show_entitlements()
    said = flow.last_said()
    assert said[0] == TH["entitlements.title"]
    answer = rows()
    assert answer is not None and answer.programmes
    for programme in answer.programmes:  # each programme's name, then its status
        name = said.index(programme.name.th)
        assert said[name + 1] == TH[f"status.{programme.status.value}"]

    flow.controller.show_forms()
    said = flow.last_said()
    assert said[0] == TH["forms.title"]
    for form in flow.controller.forms.values():
        assert form.title.th in said

    stops, batches = flow.speaker.stops, len(flow.speaker.said)
    flow.remove()
    assert flow.speaker.stops > stops  # the session ended: speech stopped
    after = " ".join(texts([item for batch in flow.speaker.said[batches:] for item in batch]))
    assert hello.name.th not in after
    assert all(item.language == "th" for batch in flow.speaker.said for item in batch)


def test_an_unreadable_card_says_what_happened_and_what_to_do(
    voiced: Callable[..., Voiced],
) -> None:
    flow = voiced("en", CardOptions(bad_status_at=4))
    flow.insert("somchai")
    flow.controller.accept_notice()

    flow.wait(lambda: flow.view.current == "error")

    error = flow.view.state.error
    assert flow.last_said() == [error.what.en, error.action.en]
    assert error.reference == "" or error.reference not in " ".join(flow.last_said())


def test_the_idle_warning_is_said_once_in_a_visit(voiced: Callable[..., Voiced]) -> None:
    flow = voiced("en")
    flow.insert("malee")
    flow.controller.accept_notice()
    flow.wait(lambda: flow.view.current == "hello")
    before = len(flow.speaker.said)

    flow.clock.now += flow.controller.idle.timeout - 1
    flow.controller.tick()
    first_warning = flow.view.idle_warning
    flow.clock.now += 0.5
    flow.controller.tick()  # the warning counts down: said once, not every tick

    warnings = flow.speaker.said[before:]
    assert first_warning.startswith(EN["idle.warning"].split("{")[0])
    assert warnings == [[Utterance(first_warning, "en")]]
