"""A filled form made ready to hand over: signed QR payload and the PDF that carries it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from forms.fill import FilledForm
from forms.office import Office
from forms.payload import Provenance, SignedPayload, make_qr_payload
from forms.pdf import render_pdf
from forms.signing import SigningKey


@dataclass(frozen=True)
class FormOutput:
    pdf: bytes
    qr: SignedPayload


def produce(
    filled: FilledForm,
    kiosk_id: str,
    key: SigningKey,
    *,
    read_at: dt.datetime | None = None,
    demo: bool = False,
    office: Office | None = None,
) -> FormOutput:
    """Sign the filled data for kiosk `kiosk_id` (read from the chip at `read_at`, default now)
    and render the PDF with that QR on it. `demo` (sample data: a demo card or the sandbox)
    marks the paper and the QR; a throw-away demo key marks them too. `office`: the kiosk's
    receiving office (`AppConfig.office`), named in the header when it receives this form."""
    provenance = Provenance(kiosk_id, read_at or dt.datetime.now(dt.UTC), demo or key.ephemeral)
    qr = make_qr_payload(filled, provenance, key)
    return FormOutput(render_pdf(filled, provenance, qr, office), qr)
