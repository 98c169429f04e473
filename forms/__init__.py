"""Smart Service forms: definitions as data files, filled from the ID card chip, printed as a
shaped Thai PDF with a QR code signed by the kiosk. Kivy-free and network-free, so the kiosk
UI, the CLI and tests share one pure API."""

from forms.eligibility import HintResult, Outcome
from forms.fill import FilledField, FilledForm, Origin, Problem, fill
from forms.loader import FormDefinitionError, load_form, load_forms
from forms.model import FieldDef, FieldType, FormDefinition
from forms.output import FormOutput, produce
from forms.payload import (
    PayloadRejected,
    Provenance,
    Rejection,
    SignedPayload,
    VerifiedPayload,
    make_qr_payload,
    verify_payload,
)
from forms.pdf import render_pdf
from forms.signing import (
    KeyFileError,
    SigningKey,
    ephemeral_key,
    generate_key_files,
    key_id,
    load_public_key,
    load_signing_key,
    public_key_path,
)

__all__ = [
    "FieldDef",
    "FieldType",
    "FilledField",
    "FilledForm",
    "FormDefinition",
    "FormDefinitionError",
    "FormOutput",
    "HintResult",
    "KeyFileError",
    "Origin",
    "Outcome",
    "PayloadRejected",
    "Problem",
    "Provenance",
    "Rejection",
    "SignedPayload",
    "SigningKey",
    "VerifiedPayload",
    "ephemeral_key",
    "fill",
    "generate_key_files",
    "key_id",
    "load_form",
    "load_forms",
    "load_public_key",
    "load_signing_key",
    "make_qr_payload",
    "produce",
    "public_key_path",
    "render_pdf",
    "verify_payload",
]
