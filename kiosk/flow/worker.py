"""Work off the UI thread, on named workers: one thread for all card I/O, a pool for API
calls, one for CPU work (rendering PDFs, hashing the admin PIN) and one for printing. Results
and errors come back through `post`, which runs them on the UI thread.

Every failure is turned into a `UserFacingError` here, so the UI has one error path.

After `shutdown()` a runner takes no more work and delivers nothing: a job submitted then (say,
a lookup started from the card thread while the app stops) comes back as a cancelled `Task`
whose handlers never run, a job still queued is cancelled, and the result of a job that was
already running goes nowhere. Shutting down never raises into the caller.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from kiosk.errors import UserFacingError, internal_error, log_unexpected, user_error_for

log = logging.getLogger(__name__)

T = TypeVar("T")
Post = Callable[[Callable[[], None]], None]
NETWORK_THREADS = 4


def as_user_error(error: BaseException) -> UserFacingError:
    translated = user_error_for(error)
    if translated is None:
        log_unexpected(log, error, "background work")
        return internal_error(error)
    return translated


class Task(Generic[T]):
    """One job's outcome handlers; `cancel()` makes a late result go nowhere.

    Invariant: once `cancelled` is set, neither handler runs (checked again on the UI thread,
    so a result already posted is dropped too)."""

    def __init__(
        self, on_done: Callable[[T], None], on_error: Callable[[UserFacingError], None]
    ) -> None:
        self._on_done = on_done
        self._on_error = on_error
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def deliver(self, future: Future[T], post: Post) -> None:
        if future.cancelled():  # cancelled by shutdown before it ran: nothing to report
            self.cancel()
            return
        if self.cancelled:
            return
        error = future.exception()
        if error is None:
            result = future.result()
            post(lambda: None if self.cancelled else self._on_done(result))
        else:
            user_error = as_user_error(error)
            post(lambda: None if self.cancelled else self._on_error(user_error))


class BackgroundRunner:
    """A named pool of threads whose results are posted back to the UI thread.

    `submit` and `shutdown` may be called from any thread; see the module docstring for what
    happens to work around a shutdown."""

    def __init__(self, name: str, threads: int, post: Post) -> None:
        self._name = name
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._post = post
        self._lock = threading.Lock()  # `_closed` and the executor's submit/shutdown, together
        self._closed = False

    def submit(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[UserFacingError], None],
    ) -> Task[T]:
        """Run `job` on the pool; its result or error goes to the handlers on the UI thread.
        After `shutdown()` (or at interpreter exit) the task comes back cancelled."""
        task: Task[T] = Task(on_done, on_error)
        with self._lock:
            if self._closed:
                return self._refused(task, "after shutdown")
            try:
                future = self._executor.submit(job)
            except RuntimeError:  # the interpreter is exiting: the pool takes nothing more
                return self._refused(task, "while the interpreter exits")
        future.add_done_callback(lambda finished: self._deliver(task, finished))
        return task

    def shutdown(self) -> None:
        """Stop taking work, cancel what is queued, drop the results of what is running.
        Does not wait for a running job; calling it again does nothing."""
        with self._lock:
            self._closed = True
            self._executor.shutdown(wait=False, cancel_futures=True)

    def _deliver(self, task: Task[T], future: Future[T]) -> None:
        if self._closed:
            task.cancel()
            return
        task.deliver(future, self._post_unless_closed)

    def _post_unless_closed(self, work: Callable[[], None]) -> None:
        """A result posted just before `shutdown()` is dropped on the UI thread."""
        self._post(lambda: None if self._closed else work())

    def _refused(self, task: Task[T], when: str) -> Task[T]:
        log.debug("%s runner: work submitted %s is cancelled", self._name, when)
        task.cancel()
        return task


@dataclass(frozen=True)
class Workers:
    """The application's named background workers."""

    card: BackgroundRunner  # the one thread that talks to the card
    network: BackgroundRunner  # API calls
    cpu: BackgroundRunner  # rendering and signing forms, hashing the admin PIN
    printing: BackgroundRunner  # `lp`: a stuck printer holds only this thread

    @classmethod
    def start(cls, post: Post) -> Workers:
        return cls(
            card=BackgroundRunner("card", 1, post),
            network=BackgroundRunner("network", NETWORK_THREADS, post),
            cpu=BackgroundRunner("cpu", 1, post),
            printing=BackgroundRunner("print", 1, post),
        )

    def shutdown(self) -> None:
        for runner in (self.card, self.network, self.cpu, self.printing):
            runner.shutdown()
