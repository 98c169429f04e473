"""The one user-facing error path: every failure a person must see becomes a `UserFacingError`
with what happened and what to do next, in Thai and in English."""

from __future__ import annotations

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

    def one_line(self) -> str:
        """Thai and English on one line, for the CLI and logs."""
        ref = f" [{self.reference}]" if self.reference else ""
        return f"{self.what.th} {self.action.th} / {self.what.en} {self.action.en}{ref}"
