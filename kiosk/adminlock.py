"""Rate limit for the kiosk administrator's PIN: after `MAX_FAILURES` wrong tries in a row the
PIN is refused, unchecked, for a lockout that starts at `BASE_LOCKOUT` seconds and doubles
with each further lockout (at most `MAX_LOCKOUT`). A right PIN clears the count.

Invariants:
- Every try is counted as wrong *before* the PIN is checked (`begin_attempt`), and cleared only
  by `succeeded`: tries checked at the same time, or a process killed while checking, count.
- The state survives a restart: a small JSON file (counts and one time, nothing about anyone),
  replaced atomically, mode 0600. A state file that cannot be read or makes no sense fails
  closed: locked for `BASE_LOCKOUT` from the moment it was found, and logged.
- A lockout never lasts longer than its own duration, even if the clock is set back.
- No PIN, and nothing typed, is ever logged or stored here.

Kivy-free; the clock and the state file's path are injectable for tests.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MAX_FAILURES = 5
BASE_LOCKOUT = 30.0  # seconds
MAX_LOCKOUT = 24 * 3600.0
MAX_LOCKOUTS_COUNTED = 64  # far past the point where a lockout lasts MAX_LOCKOUT
STATE_FILE_ENV = "ONECARD_ADMIN_LOCK_FILE"
STATE_FILE_NAME = "admin-lock.json"
SYSTEM_STATE_DIR = Path("/var/lib/onecard")


def default_state_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$ONECARD_ADMIN_LOCK_FILE`; else systemd's `$STATE_DIRECTORY` (the kiosk service's
    `StateDirectory=onecard`, i.e. /var/lib/onecard); else /var/lib/onecard when it is there
    and writable; else `$XDG_STATE_HOME/onecard` (default ~/.local/state/onecard)."""
    env = os.environ if environ is None else environ
    if env.get(STATE_FILE_ENV):
        return Path(env[STATE_FILE_ENV])
    if env.get("STATE_DIRECTORY"):
        return Path(env["STATE_DIRECTORY"].split(":")[0]) / STATE_FILE_NAME
    if os.access(SYSTEM_STATE_DIR, os.W_OK):
        return SYSTEM_STATE_DIR / STATE_FILE_NAME
    state_home = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state_home) / "onecard" / STATE_FILE_NAME


@dataclass
class LockState:
    failures: int = 0  # wrong tries since the last lockout or right PIN
    lockouts: int = 0  # lockouts since the last right PIN
    locked_until: float = 0.0  # wall-clock seconds (time.time)
    lockout_seconds: float = 0.0  # the duration of the current lockout

    @classmethod
    def parse(cls, text: str) -> LockState:
        """The state in `text`; ValueError unless every field is there and makes sense."""
        data = json.loads(text)
        if not isinstance(data, dict) or set(data) != set(asdict(cls())):
            raise ValueError("unexpected fields")
        state = cls(
            failures=_whole(data["failures"]),
            lockouts=_whole(data["lockouts"]),
            locked_until=_seconds(data["locked_until"]),
            lockout_seconds=_seconds(data["lockout_seconds"]),
        )
        if not (
            0 <= state.failures <= MAX_FAILURES
            and 0 <= state.lockouts <= MAX_LOCKOUTS_COUNTED
            and 0 <= state.lockout_seconds <= MAX_LOCKOUT
            and 0 <= state.locked_until < 1e12
        ):
            raise ValueError("out of range")
        return state


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not a whole number")
    return value


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    return float(value)


def lockout_duration(lockouts: int) -> float:
    """The length of the n-th lockout (1-based): 30 s, 60 s, 120 s... at most a day."""
    return min(BASE_LOCKOUT * 2.0 ** min(max(lockouts - 1, 0), 32), MAX_LOCKOUT)


class AdminLock:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._state: LockState | None = None  # read from the file on first use

    @property
    def state(self) -> LockState:
        if self._state is None:
            self._state = self._load()
        return self._state

    def remaining(self) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be tried now."""
        state = self.state
        left = state.locked_until - self.clock()
        return max(0.0, min(left, state.lockout_seconds))

    @property
    def tries_left(self) -> int:
        """Wrong tries left before the next lockout (0 while locked out)."""
        return 0 if self.remaining() > 0 else MAX_FAILURES - self.state.failures

    def begin_attempt(self) -> bool:
        """False while locked out: then the PIN must not be checked. Otherwise counts the try
        as wrong (a lockout starts when it is the last allowed) and returns True."""
        left = self.remaining()
        if left > 0:
            log.warning("admin PIN refused unchecked: locked out, %d s left", round(left))
            return False
        state = self.state
        state.failures += 1
        if state.failures >= MAX_FAILURES:
            state.failures = 0
            state.lockouts = min(state.lockouts + 1, MAX_LOCKOUTS_COUNTED)
            state.lockout_seconds = lockout_duration(state.lockouts)
            state.locked_until = self.clock() + state.lockout_seconds
        self._save()
        return True

    def failed(self) -> None:
        """The try `begin_attempt` counted was wrong: only logs what it led to."""
        state = self.state
        if self.remaining() > 0:
            log.warning(
                "admin PIN wrong %d times: locked out for %d s (lockout %d)",
                MAX_FAILURES,
                round(state.lockout_seconds),
                state.lockouts,
            )
        else:
            log.warning("admin PIN wrong (%d of %d before a lockout)", state.failures, MAX_FAILURES)

    def succeeded(self) -> None:
        """The PIN was right: every count cleared."""
        self._state = LockState()
        self._save()
        log.info("admin PIN accepted")

    def _load(self) -> LockState:
        try:
            return LockState.parse(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return LockState()
        except (OSError, UnicodeDecodeError, ValueError) as error:
            # json.JSONDecodeError is a ValueError
            log.error(
                "admin lock state %s unusable (%s): locked for %d s",
                self.path,
                type(error).__name__,
                round(BASE_LOCKOUT),
            )
            state = LockState(
                lockouts=1, locked_until=self.clock() + BASE_LOCKOUT, lockout_seconds=BASE_LOCKOUT
            )
            self._state = state
            self._save()
            return state

    def _save(self) -> None:
        """Replace the state file atomically; a failure is logged, the state kept in memory."""
        text = json.dumps(asdict(self.state))
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=".admin-lock-", dir=self.path.parent)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            log.error(
                "admin lock state %s not saved (%s): kept until the kiosk stops",
                self.path,
                error.strerror or type(error).__name__,
            )
