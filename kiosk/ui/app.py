"""The Kivy application object: builds the screens, connects card events and workers to the
controller, and offers the screens a small facade (show, translate, clear)."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from cardreader.events import CardEvent
from cardreader.thaidate import format_date
from kiosk.api import EntitlementsClient
from kiosk.apisource import entitlements_client
from kiosk.cardslot import CardSlot, DemoSlot
from kiosk.config import AppConfig
from kiosk.errors import UserFacingError
from kiosk.keys import kiosk_signing_key
from kiosk.ui import theme, widgets
from kiosk.ui.i18n import catalogue, other_language
from kiosk.ui.screens import DESK_SCREENS, KIOSK_SCREENS, load_screens
from kiosk.ui.screens.base import OneCardScreen
from kiosk.visit import Services
from kiosk.worker import card_worker, network_executor

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


class SharedClient:
    """One API client per process, created on first use (from any thread). Without a
    configured API, every call raises the plain "not set up at this kiosk" error."""

    def __init__(self, settings: AppConfig) -> None:
        self._settings = settings
        self._client: EntitlementsClient | None = None
        self._lock = threading.Lock()

    def __call__(self) -> EntitlementsClient:
        with self._lock:
            if self._client is None:
                self._client = entitlements_client(self._settings.api)
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()


class OneCardApp(App):
    lang = StringProperty("th")
    t = ObjectProperty(catalogue("th"))
    other_t = ObjectProperty(catalogue("en"))
    branding_title = StringProperty("")
    logo = StringProperty("")
    primary_colour = ListProperty(list(theme.PRIMARY))
    header_colour = ListProperty(list(theme.NAVY))
    sample_data = BooleanProperty(False)  # a band on every screen says so
    api_configured = BooleanProperty(True)

    def __init__(
        self,
        settings: AppConfig,
        slot: CardSlot,
        *,
        desk: bool = False,
        fullscreen: bool = False,
        screenshot: Path | None = None,
    ) -> None:
        super().__init__()
        self.title = "OneCard"
        self.settings = settings
        self.slot = slot
        self.desk = desk
        self.fullscreen = fullscreen
        self.screenshot = screenshot
        self.client = SharedClient(settings)
        # Sample data: the embedded sandbox's entitlements or an emulated card, never real.
        self.sample_data = settings.api.is_embedded or isinstance(slot, DemoSlot)
        self.api_configured = settings.api.is_configured
        self.signing_key = kiosk_signing_key(settings.kiosk.signing_key)
        self.card_runner = card_worker(self.post)
        self.network = network_executor(self.post)
        self.controller: Any = None
        self.manager = ScreenManager(transition=NoTransition())
        self._admin_taps: list[float] = []
        self._watcher: threading.Thread | None = None
        self.set_language(settings.kiosk.languages[0])
        self._apply_branding()

    # Building -------------------------------------------------------------------------------

    def build(self) -> Root:
        Builder.load_file(str(UI_DIR / "widgets.kv"))
        Builder.load_file(str(UI_DIR / "app.kv"))
        services = Services(self.settings, self.slot, self.card_runner, self.network, self.client)
        if self.desk:
            from kiosk.ui.desk_controller import DeskController

            self.controller = DeskController(self, services)
        else:
            from kiosk.ui.kiosk_controller import KioskController

            self.controller = KioskController(self, services)
        for screen in load_screens(DESK_SCREENS if self.desk else KIOSK_SCREENS):
            self.manager.add_widget(screen)
        root = Root()
        root.ids.screens.add_widget(self.manager)
        if isinstance(self.slot, DemoSlot):
            from kiosk.ui.demo_panel import DemoPanel

            root.ids.bottom.add_widget(DemoPanel(slot=self.slot))
        return root

    # OneCard has no settings panel: F1 binds nothing and the panel never opens.

    def _install_settings_keys(self, window: Any) -> None:
        return None

    def open_settings(self, *largs: Any) -> bool:
        return False

    def on_start(self) -> None:
        self._watcher = threading.Thread(
            target=self.slot.watch, args=(self._card_event,), name="card-events", daemon=True
        )
        self._watcher.start()
        Clock.schedule_interval(lambda _dt: self.controller.tick(), TICK_SECONDS)
        signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(lambda _dt: self.stop()))
        # A fullscreen kiosk cannot be closed from its window; the admin screen can.
        Window.bind(on_request_close=lambda *_: self.fullscreen)
        if self.screenshot is not None:
            Clock.schedule_once(self._save_screenshot_and_stop, 1.0)

    def on_stop(self) -> None:
        self.controller.end_session()
        self.slot.stop()
        self.card_runner.shutdown()
        self.network.shutdown()
        self.client.close()

    def _save_screenshot_and_stop(self, _dt: float) -> None:
        assert self.screenshot is not None
        saved = Window.screenshot(str(self.screenshot))  # Kivy numbers the file name
        Path(saved).replace(self.screenshot)
        self.stop()

    # Threads -> UI thread -------------------------------------------------------------------

    def post(self, work: Callable[[], None]) -> None:
        Clock.schedule_once(lambda _dt: work())

    def _card_event(self, event: CardEvent) -> None:
        self.post(lambda: self.controller.card_event(event))

    # The facade the screens and controllers use ---------------------------------------------

    @property
    def current_screen_name(self) -> str:
        return str(self.manager.current)

    def screen(self, name: str) -> Any:
        return self.manager.get_screen(name)

    def show(self, name: str) -> None:
        if self.manager.current == name:
            self.screen(name).refresh()
        self.manager.current = name

    def show_error(self, error: UserFacingError, retry: Callable[[], None] | None) -> None:
        self.screen("error").show(error, retry)
        self.show("error")

    def describe_error(self, error: UserFacingError) -> str:
        text = f"{error.what.in_language(self.lang)} {error.action.in_language(self.lang)}"
        return f"{text} ({error.reference})" if error.reference else text

    def clear_screens(self) -> None:
        for screen in self.manager.screens:
            if isinstance(screen, OneCardScreen):
                screen.clear()

    def set_idle_warning(self, text: str) -> None:
        if self.root is not None:
            self.root.idle_warning = text

    def date_text(self, date: dt.date) -> str:
        return format_date(date, self.lang)

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
        self.controller.touched()
        if x <= ADMIN_CORNER and y >= Window.height - ADMIN_CORNER and not self.desk:
            now = time.monotonic()
            self._admin_taps = [tap for tap in self._admin_taps if now - tap < ADMIN_TAP_WINDOW]
            self._admin_taps.append(now)
            if len(self._admin_taps) >= ADMIN_TAPS:
                self._admin_taps.clear()
                self.controller.open_admin()
