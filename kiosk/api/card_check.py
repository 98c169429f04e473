"""Checking an ID card with the civil registry: card + laser code -> one `CardCheck` the desk
and the CLI show as one line ("card checked with the civil registry: valid / NOT VALID — ask
for another document / cannot check").

Invariants: `check_card` never raises an `ApiError` (an unreachable registry, a refused or
mixed-up answer is "cannot check" with the reason); a card without a laser code is "cannot
check" without any call; the laser code goes only into the request body.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cardreader.cid import mask_cid
from cardreader.laser import LaserCode
from cardreader.model import CardData
from cardreader.text import Bilingual
from kiosk.api.client import EntitlementsClient
from kiosk.api.errors import ApiError
from kiosk.api.models import CardStatus

log = logging.getLogger("kiosk.api")

NO_LASER_CODE = Bilingual(
    "บัตรนี้ไม่มีรหัสหลังบัตรในชิป (บัตรรุ่นเก่า)",
    "this card holds no laser code on its chip (an older card)",
)
REGISTRY_UNREACHABLE = Bilingual(
    "ติดต่อระบบทะเบียนราษฎรไม่ได้ ลองใหม่ภายหลัง",
    "the civil registry could not be reached; try again later",
)
NO_RECORD = Bilingual(
    "ทะเบียนราษฎรไม่มีรหัสหลังบัตรของบัตรนี้", "the registry holds no laser code for this card"
)


@dataclass(frozen=True)
class CardCheck:
    """The outcome: `status`, and for "cannot check" the `reason` (else None)."""

    status: CardStatus
    reason: Bilingual | None = None
    request_id: str = ""

    def line(self) -> Bilingual:
        """One line for the officer, with the reason when there is one."""
        label = self.status.label
        if self.reason is None:
            return label
        return Bilingual(f"{label.th} ({self.reason.th})", f"{label.en} ({self.reason.en})")


def check_card(client: EntitlementsClient, card: CardData, laser: LaserCode | None) -> CardCheck:
    """Ask the registry about `card`; see the module's invariants."""
    if laser is None:
        return CardCheck(CardStatus.CANNOT_CHECK, NO_LASER_CODE)
    try:
        answer = client.card_status(
            card.cid,
            first_name_th=card.name_th.first,
            last_name_th=card.name_th.last,
            birth_date_be=card.birth_date.to_card(),
            laser_code=laser,
        )
    except ApiError as error:
        log.info("card status for %s not checked: %s", mask_cid(card.cid), error.detail)
        return CardCheck(CardStatus.CANNOT_CHECK, REGISTRY_UNREACHABLE, error.request_id)
    reason = NO_RECORD if answer.status is CardStatus.CANNOT_CHECK else None
    return CardCheck(answer.status, reason, answer.request_id)
