"""Soak benchmark: many kiosk sessions through the real Kivy app, one after the other, and what
they leave behind: RSS growth (goal <= 5 MB) and crashes (goal 0).

A session: a demo citizen's card goes in, the privacy notice is accepted, the card is read,
the entitlements are shown, the card comes out. Every 100th card is yanked mid-read (the chip
stops answering at transmit 1, 2, ... 7 in turn, then the card is taken out); every 500th
session is left alone on the entitlements screen until the idle timeout ends it (the card is
taken out afterwards). The idle timeout is set short for the whole soak (2 s, see
--idle-timeout) so those sessions do not take a minute each; the normal sessions touch the
screen long before it runs out.

A crash is any of: an exception while driving a session, an uncaught exception in any thread,
an ERROR log record, a traceback on stderr, or a session that did not end on the attract
screen with no session and none of the citizen's personal text left in any widget.

RSS growth is measured from a baseline taken after the warm-up (a tenth of the sessions, at
most 500, so the first yanked and idle sessions are inside it) to the end, after a garbage
collection each time.

    .venv/bin/python benchmarks/soak.py [--sessions 10000] [--progress 500]

The app is driven like benchmarks/kiosk.py does: its event loop pumped by hand, under a real
display (DISPLAY, e.g. Xvfb), the in-process demo card reader with a fast card, and the
embedded sandbox API asked for explicitly. SIGTERM or Ctrl-C stops it cleanly with the figures
so far.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import io
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "x11" if os.environ.get("DISPLAY") else "offscreen")

from benchmarks import _stop  # noqa: E402
from kiosk.ui.runtime import WindowSettings, prepare  # noqa: E402

PROFILES = ("boonmee", "john", "malee", "somchai", "suda", "thongdee", "wichai")
READ_TRANSMITS = 7  # APDUs in a text-field read: a yank stops the chip before one of them
RSS_GOAL_MB = 5.0
CRASH_GOAL = 0
WAIT_SECONDS = 15.0  # a screen that has not come by then is a failed session
FRAME_SLEEP = 0.001  # let the card and network threads run between frames
MAX_SHOWN = 20  # crashes described one by one; the rest are counted


class SessionFailed(Exception):
    """A session did not go as a kiosk session must."""


@dataclasses.dataclass
class Crash:
    session: int
    what: str


@dataclasses.dataclass
class Tally:
    planned: int
    done: int = 0
    yanked: int = 0
    idled: int = 0
    crashes: list[Crash] = dataclasses.field(default_factory=list)
    started: float = dataclasses.field(default_factory=time.monotonic)
    rss_start: float = 0.0
    baseline_session: int = 0
    rss_baseline: float | None = None

    def crash(self, session: int, what: str) -> None:
        self.crashes.append(Crash(session, what))
        if len(self.crashes) <= MAX_SHOWN:
            print(f"  crash in session {session}: {what}", flush=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def rss_mb() -> float:
    """Resident set size in MB (10^6 bytes), after a garbage collection."""
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def personal_fragments(profile: str) -> list[str]:
    """Text that would show this citizen's data were still on a screen."""
    from cardreader.cid import mask_cid
    from cardreader.emulator import demo_card_data

    card = demo_card_data(profile)
    fragments = [card.cid, mask_cid(card.cid)]
    for name in (card.name_th, card.name_en):
        fragments += [name.first, name.middle, name.last]
    fragments += [card.address.subdistrict, card.address.district]
    return [fragment for fragment in fragments if len(fragment) >= 3]


# Watching for crashes outside the session's own code ---------------------------------------


class ErrorRecords(logging.Handler):
    """Every ERROR (or worse) log record, from any logger, is a crash."""

    def __init__(self, on_error: Callable[[str], None]) -> None:
        super().__init__(logging.ERROR)
        self._on_error = on_error

    def emit(self, record: logging.LogRecord) -> None:
        first_line = record.getMessage().splitlines()[0][:200] if record.msg else ""
        self._on_error(f"{record.levelname} log from {record.name}: {first_line}")


class StderrWatch:
    """Everything written to stderr (fd 2, so C libraries too) goes to a file while the soak
    runs; tracebacks in it are counted, and it is all copied back to stderr at the end."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (closed by restore)
        self._saved = os.dup(2)
        self._read = 0
        sys.stderr.flush()
        os.dup2(self._file.fileno(), 2)

    def new_tracebacks(self) -> list[str]:
        sys.stderr.flush()
        self._file.seek(self._read)
        text = self._file.read().decode(errors="replace")
        self._read += len(text.encode(errors="replace"))
        self._file.seek(0, io.SEEK_END)
        lines = text.splitlines()
        return [
            _last_line_after(lines, index)
            for index, line in enumerate(lines)
            if line.startswith("Traceback (most recent call last)")
        ]

    def restore(self) -> None:
        sys.stderr.flush()
        os.dup2(self._saved, 2)
        self._file.seek(0)
        captured = self._file.read()
        self._file.close()
        if captured:
            os.write(2, captured)


def _last_line_after(lines: list[str], start: int) -> str:
    for line in lines[start + 1 :]:
        if not line.startswith((" ", "\t")):
            return f"traceback on stderr: {line[:200]}"
    return "traceback on stderr"


# Driving the app ---------------------------------------------------------------------------


class Kiosk:
    """The real app in this process, its event loop pumped by hand."""

    def __init__(self, idle_timeout: float) -> None:
        prepare(WindowSettings(kiosk=False))
        from kivy.base import EventLoop

        from cardreader.emulator import CardOptions
        from kiosk.cardslot import DemoSlot
        from kiosk.config import EMBEDDED_API, ApiConfig, AppConfig, KioskConfig
        from tests.ui.driver import Driver

        settings = dataclasses.replace(
            AppConfig(),
            api=ApiConfig(url=EMBEDDED_API),
            kiosk=dataclasses.replace(KioskConfig(), idle_timeout=idle_timeout),
        )
        self.slot = DemoSlot(CardOptions())  # a fast card: the soak is about what is left over
        self._loop = EventLoop
        with _stop.held():  # the app stops itself on SIGTERM; the soak stops and reports
            self.driver = Driver(settings, self.slot)
        self.app = self.driver.app
        self.controller = self.app.controller

    def wait(
        self, condition: Callable[[], object], what: str, seconds: float = WAIT_SECONDS
    ) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SessionFailed(f"{what} did not happen (on screen {self.screen_name!r})")
            self._loop.idle()
            time.sleep(FRAME_SLEEP)

    def wait_screen(self, name: str, seconds: float = WAIT_SECONDS) -> Any:
        self.wait(lambda: self.screen_name == name, f"screen {name!r}", seconds)
        return self.app.screen(name)

    @property
    def screen_name(self) -> str:
        return self.app.current

    def texts(self) -> Iterator[str]:
        return self.driver.all_texts()

    # Sessions ------------------------------------------------------------------------------

    def insert_and_read(self, profile: str) -> None:
        self.slot.insert(profile)
        self.wait_screen("notice")
        self.controller.accept_notice()
        self.wait_screen("hello")
        self.controller.show_entitlements()
        rows = self.wait_screen("entitlements").ids.rows
        self.wait(
            lambda: self.controller.session.entitlements is not None and len(rows.children) > 0,
            "entitlements shown",
        )

    def normal(self, profile: str) -> None:
        self.insert_and_read(profile)
        self.take_card_out()

    def yanked(self, profile: str, at_transmit: int) -> None:
        """The chip stops answering at transmit `at_transmit` (1-based), then the card is out."""
        from cardreader.emulator import CardOptions

        self.slot.insert(profile, CardOptions(remove_after=at_transmit - 1))
        self.wait_screen("notice")
        self.controller.accept_notice()
        self.wait_screen("error")  # the read failed: the citizen is told, no traceback
        self.take_card_out()

    def left_idle(self, profile: str, idle_timeout: float) -> None:
        self.insert_and_read(profile)
        self.wait_screen("attract", idle_timeout + WAIT_SECONDS)  # nobody touches it
        self.take_card_out()

    def take_card_out(self) -> None:
        self.slot.remove()
        self.wait(lambda: not self.controller.card_present, "card removal seen")
        self.wait_screen("attract")

    def check_clean(self, fragments: list[str]) -> None:
        """The session ended as one must: attract screen, no session, no personal text."""
        if self.screen_name != "attract":
            raise SessionFailed(f"ended on screen {self.screen_name!r}, not attract")
        if self.controller.session is not None:
            raise SessionFailed("a session is still open after the card was taken out")
        texts = list(self.texts())
        leaked = sorted({fragment for fragment in fragments for text in texts if fragment in text})
        if leaked:  # the fragments are synthetic demo data; say how many, not which
            raise SessionFailed(f"{len(leaked)} personal text fragment(s) left in widgets")

    def recover(self) -> None:
        """After a failed session: card out, back to the attract screen, or give up."""
        self.slot.remove()
        self.wait_screen("attract")


# The soak ----------------------------------------------------------------------------------


def kind_of(number: int, yank_every: int, idle_every: int) -> str:
    if idle_every and number % idle_every == 0:
        return "idle"
    if yank_every and number % yank_every == 0:
        return "yank"
    return "normal"


def soak(args: argparse.Namespace) -> None:
    tally = Tally(planned=args.sessions)
    crash_lock = threading.Lock()
    current = [0]

    def crashed(what: str) -> None:
        with crash_lock:
            tally.crash(current[0], what)

    watch = StderrWatch()
    handler = ErrorRecords(crashed)
    logging.getLogger().addHandler(handler)
    threading.excepthook = lambda hook: crashed(
        f"uncaught {hook.exc_type.__name__} in thread {hook.thread.name if hook.thread else '?'}"
    )
    print(
        f"soak: {args.sessions} kiosk sessions; every {args.yank_every}th card yanked mid-read, "
        f"every {args.idle_every}th session left to the idle timeout, set to "
        f"{args.idle_timeout:g} s for this soak (the kiosk's default is 60 s)",
        flush=True,
    )
    try:
        kiosk = Kiosk(args.idle_timeout)
        fragments = {profile: personal_fragments(profile) for profile in PROFILES}
        tally.rss_start = rss_mb()
        tally.baseline_session = max(1, min(500, args.sessions // 10))
        for number in range(1, args.sessions + 1):
            current[0] = number
            profile = PROFILES[number % len(PROFILES)]
            kind = kind_of(number, args.yank_every, args.idle_every)
            try:
                if kind == "yank":
                    tally.yanked += 1
                    kiosk.yanked(profile, at_transmit=1 + tally.yanked % READ_TRANSMITS)
                elif kind == "idle":
                    tally.idled += 1
                    kiosk.left_idle(profile, args.idle_timeout)
                else:
                    kiosk.normal(profile)
                kiosk.check_clean(fragments[profile])
            except Exception as error:
                crashed(f"{kind} session: {type(error).__name__}: {str(error)[:200]}")
                try:
                    kiosk.recover()
                except Exception as stuck:
                    crashed(f"could not get back to the attract screen ({stuck}); soak ended")
                    break
            for traceback in watch.new_tracebacks():
                crashed(traceback)
            tally.done = number
            if number == tally.baseline_session:
                tally.rss_baseline = rss_mb()
            if number % args.progress == 0 and number < args.sessions:
                progress(tally)
    finally:
        for traceback in watch.new_tracebacks():
            crashed(traceback)
        logging.getLogger().removeHandler(handler)
        watch.restore()
        report(tally)


def progress(tally: Tally) -> None:
    rate = tally.done / tally.elapsed
    print(
        f"  session {tally.done:,}/{tally.planned:,}: RSS {rss_mb():.1f} MB, "
        f"crashes {len(tally.crashes)}, {rate:.1f} sessions/s",
        flush=True,
    )


def report(tally: Tally) -> None:
    if tally.done == 0:
        print("no session finished: nothing measured", flush=True)
        return
    elapsed = tally.elapsed
    rate = tally.done / elapsed
    rss_end = rss_mb()
    print(
        f"sessions: {tally.done:,}{_stop.so_far(tally.done, tally.planned)}; "
        f"{tally.yanked} yanked mid-read, {tally.idled} left to the idle timeout; "
        f"{elapsed:.0f} s, {rate:.1f} sessions/s "
        f"(10,000 sessions would take about {10_000 / rate / 60:.0f} min)"
    )
    if tally.rss_baseline is None:
        print(
            f"RSS growth: not measured (the baseline is taken after session "
            f"{tally.baseline_session}); RSS {tally.rss_start:.1f} MB at start, "
            f"{rss_end:.1f} MB now"
        )
    else:
        growth = rss_end - tally.rss_baseline
        verdict = "ok" if growth <= RSS_GOAL_MB else "OVER THE GOAL"
        print(
            f"RSS growth: {growth:+.1f} MB from session {tally.baseline_session:,} "
            f"({tally.rss_baseline:.1f} MB) to session {tally.done:,} ({rss_end:.1f} MB); "
            f"goal <= {RSS_GOAL_MB:g} MB: {verdict} (RSS at start {tally.rss_start:.1f} MB)"
        )
    crashes = len(tally.crashes)
    verdict = "ok" if crashes <= CRASH_GOAL else "OVER THE GOAL"
    print(f"crashes: {crashes}; goal {CRASH_GOAL}: {verdict}", flush=True)
    if crashes > MAX_SHOWN:
        print(f"  (the first {MAX_SHOWN} are listed above)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--progress", type=int, help="print progress every N sessions")
    parser.add_argument("--yank-every", type=int, default=100, metavar="N")
    parser.add_argument("--idle-every", type=int, default=500, metavar="N")
    parser.add_argument("--idle-timeout", type=float, default=2.0, metavar="SECONDS")
    args = parser.parse_args()
    if args.sessions < 1:
        parser.error("--sessions must be at least 1")
    if args.progress is None:
        args.progress = min(500, max(10, args.sessions // 10))
    soak(args)


if __name__ == "__main__":
    _stop.main(main)
