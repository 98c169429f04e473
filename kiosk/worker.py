"""Work off the UI thread: one card worker thread for all card I/O, one network executor for
API calls. Results and errors come back through `post`, which runs them on the UI thread.

Every failure is turned into a `UserFacingError` here, so the UI has one error path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from kiosk.errors import UserFacingError
from kiosk.messages import internal_error, log_unexpected, user_error_for

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
    """One job's outcome handlers; `cancel()` makes a late result go nowhere."""

    def __init__(
        self, on_done: Callable[[T], None], on_error: Callable[[UserFacingError], None]
    ) -> None:
        self._on_done = on_done
        self._on_error = on_error
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def deliver(self, future: Future[T], post: Post) -> None:
        error = future.exception()
        if error is None:
            result = future.result()
            post(lambda: None if self.cancelled else self._on_done(result))
        else:
            user_error = as_user_error(error)
            post(lambda: None if self.cancelled else self._on_error(user_error))


class BackgroundRunner:
    """A named pool of threads whose results are posted back to the UI thread."""

    def __init__(self, name: str, threads: int, post: Post) -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._post = post

    def submit(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[UserFacingError], None],
    ) -> Task[T]:
        task: Task[T] = Task(on_done, on_error)
        future = self._executor.submit(job)
        future.add_done_callback(lambda finished: task.deliver(finished, self._post))
        return task

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def card_worker(post: Post) -> BackgroundRunner:
    """The one thread that talks to the card."""
    return BackgroundRunner("card", 1, post)


def network_executor(post: Post) -> BackgroundRunner:
    return BackgroundRunner("network", NETWORK_THREADS, post)
