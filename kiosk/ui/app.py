"""The Kivy application object: the `View` the controllers draw through (kiosk.flow.view).

It builds screens as they are first needed (only the first screen before the first frame),
connects card events and the workers to the controller, and draws each screen from the typed
state the controller hands it. Screens never ask the controller for data.

Start-up: before the kiosk's first frame only the window and the attract screen are made. Once
that frame is on screen come the controller (and the flow's modules: forms, the API client),
card events, the form catalogue (on a thread), the API client (the sandbox, if asked for, on
the network worker); then what start-up made is frozen out of the garbage collector's way.
The desk's first screen is drawn by its controller, so the desk makes it before its first frame.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from cardreader.events import CardEvent
from cardreader.thaidate import format_date
from kiosk.cardslot import DemoSlot
from kiosk.errors import UserFacingError
from kiosk.flow.view import AttractState, ScreenState
from kiosk.flow.worker import Workers
from kiosk.services import Services
from kiosk.ui import theme, widgets
from kiosk.ui.i18n import catalogue, other_language
from kiosk.ui.screens import load_screen
from kiosk.ui.screens.base import OneCardScreen

if TYPE_CHECKING:
    from kiosk.flow.desk import DeskController
    from kiosk.flow.kiosk import KioskController

UI_DIR = Path(__file__).parent
WIDGETS = widgets  # imported for Kivy's factory: the kv rules name these classes
ADMIN_CORNER = 110  # px: the top-left square where five quick taps open the admin screen
ADMIN_TAPS = 5
ADMIN_TAP_WINDOW = 3.0
TICK_SECONDS = 0.5


class Root(FloatLayout):
    """Everything on screen; sees every touch first (idle timer, admin gesture)."""

    idle_warning = StringProperty("")

    def on_touch_down(self, touch: Any) -> bool:
        app: OneCardApp = App.get_running_app()
        app.touched(touch.x, touch.y)
        return bool(super().on_touch_down(touch))


class OneCardApp(App):
    lang = StringProperty("th")
    t = ObjectProperty(catalogue("th"))
    other_t = ObjectProperty(catalogue("en"))
    branding_title = StringProperty("")
    logo = StringProperty("")
    primary_colour = ListProperty(list(theme.PRIMARY))
    header_colour = ListProperty(list(theme.NAVY))
    sample_data = BooleanProperty(False)  # a band on every screen says so
    large_text = BooleanProperty(False)  # the citizen's display modes (kiosk.ui.theme.Look)
    high_contrast = BooleanProperty(False)
    staff_called = BooleanProperty(False)  # "a staff member is coming" shows over every screen
    look = ObjectProperty(theme.LOOK)

    def __init__(
        self,
        services: Services,
        *,
        desk: bool = False,
        fullscreen: bool = False,
        screenshot: Path | None = None,
        first_frame_exit: bool = False,
    ) -> None:
        super().__init__()
        self.title = "OneCard"
        self.services = services
        self.settings = services.settings
        self.desk = desk
        self.fullscreen = fullscreen
        self.screenshot = screenshot
        self.first_frame_exit = first_frame_exit
        self.sample_data = services.sample_data
        self.workers = Workers.start(self.post)
        self.controller: KioskController | DeskController  # set by _start_controller
        self._controller_started = False
        self.manager = ScreenManager(transition=NoTransition())
        self._admin_taps: list[float] = []
        self._watcher: threading.Thread | None = None
        self.set_language(self.settings.kiosk.languages[0])
        self._apply_branding()

    # Building -------------------------------------------------------------------------------

    def build(self) -> Root:
        Builder.load_file(str(UI_DIR / "widgets.kv"))
        Builder.load_file(str(UI_DIR / "app.kv"))
        root = Root()
        root.ids.screens.add_widget(self.manager)
        if self.desk:
            self._start_controller()
        else:
            self.show(AttractState())  # the controller comes after the first frame
        if isinstance(self.services.slot, DemoSlot):
            from kiosk.ui.demo_panel import DemoPanel

            root.ids.bottom.add_widget(DemoPanel(slot=self.services.slot))
        return root

    # OneCard has no settings panel: F1 binds nothing and the panel never opens.

    def _install_settings_keys(self, window: Any) -> None:
        return None

    def open_settings(self, *largs: Any) -> bool:
        return False

    def _start_controller(self) -> None:
        if self.desk:
            from kiosk.flow.desk import DeskController

            self.controller = DeskController(self, self.services, self.workers)
            self._controller_started = True
            self.controller.start_over()
        else:
            from kiosk.flow.kiosk import KioskController

            self.controller = KioskController(self, self.services, self.workers)
            self._controller_started = True

    def on_start(self) -> None:
        Window.bind(on_flip=self._first_frame_flipped)
        signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(lambda _dt: self.stop()))
        # A fullscreen kiosk cannot be closed from its window; the admin screen can.
        Window.bind(on_request_close=lambda *_: self.fullscreen)
        if self.screenshot is not None:
            Clock.schedule_once(self._save_screenshot_and_stop, 1.0)
        if self.first_frame_exit:
            Window.bind(on_flip=self._first_flip_and_stop)

    def _first_frame_flipped(self, window: Any) -> None:
        window.unbind(on_flip=self._first_frame_flipped)
        Clock.schedule_once(lambda _dt: self._after_first_frame())  # the next frame's tick

    def _after_first_frame(self) -> None:
        """Everything the first screen did not need (see the module docstring)."""
        if not self._controller_started:
            self._start_controller()
        self._watcher = threading.Thread(
            target=self.services.slot.watch,
            args=(self._card_event,),
            name="card-events",
            daemon=True,
        )
        self._watcher.start()
        Clock.schedule_interval(lambda _dt: self.controller.tick(), TICK_SECONDS)
        self.controller.catalogue.start()
        self.workers.network.submit(self.services.client, lambda _client: None, lambda _e: None)
        self.services.start_metrics("desk" if self.desk else "kiosk")  # stopped by close()
        gc.freeze()  # start-up's objects are kept for good: full collections skip them

    def on_stop(self) -> None:
        if self._controller_started:
            self.controller.end_session()
        self.workers.shutdown()
        self.services.close()

    def _card_event(self, event: CardEvent) -> None:
        """From the card-events thread: handled on the UI thread."""
        self.post(lambda: self.controller.card_event(event))

    def _save_screenshot_and_stop(self, _dt: float) -> None:
        assert self.screenshot is not None
        saved = Window.screenshot(str(self.screenshot))  # Kivy numbers the file name
        Path(saved).replace(self.screenshot)
        self.stop()

    def _first_flip_and_stop(self, window: Any) -> bool:
        """For the start-up benchmark: flip the first frame, print when (the monotonic clock
        `time.perf_counter` reads in any process), and stop."""
        window.unbind(on_flip=self._first_flip_and_stop)
        window.flip()  # what the default handler does; True below stops it flipping twice
        print(f"first frame flipped at {time.perf_counter():.6f}", flush=True)
        Clock.schedule_once(lambda _dt: self.stop())
        return True

    # The View the controllers draw through (kiosk.flow.view.View) ----------------------------

    @property
    def language(self) -> str:
        return str(self.lang)

    @property
    def current(self) -> str:
        return str(self.manager.current)

    def show(self, state: ScreenState) -> None:
        screen = self.screen(state.screen)
        screen.show_state(state)
        self.manager.current = state.screen

    def update(self, state: ScreenState) -> None:
        self.screen(state.screen).show_state(state)

    def post(self, work: Callable[[], None]) -> None:
        Clock.schedule_once(lambda _dt: work())

    def translate(self, key: str, **values: object) -> str:
        return str(self.t.format(key, **values))

    def set_idle_warning(self, text: str) -> None:
        if self.root is not None:
            self.root.idle_warning = text

    def clear(self) -> None:
        for screen in self.manager.screens:
            if isinstance(screen, OneCardScreen):
                screen.clear()

    def beep(self) -> None:
        widgets.beep()

    def reset_for_next_citizen(self) -> None:
        self.set_language(self.settings.kiosk.languages[0])
        self.large_text = self.high_contrast = False

    def set_staff_called(self, called: bool) -> None:
        self.staff_called = called

    def on_large_text(self, _app: App, value: bool) -> None:
        self.look.large_text = value

    def on_high_contrast(self, _app: App, value: bool) -> None:
        self.look.high_contrast = value

    # For the screens ------------------------------------------------------------------------

    def screen(self, name: str) -> OneCardScreen:
        """The screen called `name`, built the first time it is needed."""
        if not self.manager.has_screen(name):
            self.manager.add_widget(load_screen(name))
        screen: OneCardScreen = self.manager.get_screen(name)
        return screen

    @property
    def kiosk_flow(self) -> KioskController:
        """The controller, for a kiosk screen's actions."""
        from kiosk.flow.kiosk import KioskController

        assert isinstance(self.controller, KioskController)
        return self.controller

    @property
    def desk_flow(self) -> DeskController:
        """The controller, for the desk screen's actions."""
        from kiosk.flow.desk import DeskController

        assert isinstance(self.controller, DeskController)
        return self.controller

    def describe_error(self, error: UserFacingError) -> str:
        return error.describe(self.language)

    def date_text(self, date: Any) -> str:
        return format_date(date, self.language)

    def set_language(self, language: str) -> None:
        self.lang = language
        self.t = catalogue(language)
        self.other_t = catalogue(other_language(language))
        names = self.settings.branding
        self.branding_title = (
            names.agency_name_th if language == "th" else names.agency_name_en
        ) or self.t["desk.title" if self.desk else "app.title"]

    def _apply_branding(self) -> None:
        """The agency's logo and colours from the config (already validated as #RRGGBB)."""
        branding = self.settings.branding
        self.logo = str(branding.logo) if branding.logo else ""
        if branding.primary_colour:
            self.primary_colour = theme.from_hex(branding.primary_colour)
        if branding.header_colour:
            self.header_colour = theme.from_hex(branding.header_colour)

    def switch_language(self) -> None:
        self.set_language(other_language(self.lang))
        current = self.manager.current_screen
        if isinstance(current, OneCardScreen):
            current.refresh()

    def touched(self, x: float, y: float) -> None:
        if not self._controller_started:
            return  # a touch before the first frame is on screen
        self.controller.touched()
        if x <= ADMIN_CORNER and y >= Window.height - ADMIN_CORNER and not self.desk:
            now = time.monotonic()
            self._admin_taps = [tap for tap in self._admin_taps if now - tap < ADMIN_TAP_WINDOW]
            self._admin_taps.append(now)
            if len(self._admin_taps) >= ADMIN_TAPS:
                self._admin_taps.clear()
                self.kiosk_flow.open_admin()
