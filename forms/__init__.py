"""Smart Service forms: definitions as data files, filled from the ID card chip, printed as a
shaped Thai PDF with a QR code signed by the kiosk. Kivy-free and network-free, so the kiosk
UI, the CLI and tests share one pure API.

The names below are loaded on first use (module `__getattr__`): importing `forms` for one name
does not load YAML and JSON Schema, the PDF library or the signing library for the others.
`fill` is loaded at once, since the submodule `forms.fill` would otherwise shadow it; `produce`
stays a wrapper until it is called, so `from forms import produce` loads no PDF library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from forms.fill import FilledField, FilledForm, Origin, Problem, fill

if TYPE_CHECKING:
    from forms.eligibility import HintResult, Outcome
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

# Each lazily loaded name and the submodule it comes from.
_SUBMODULE = {
    "HintResult": "eligibility",
    "Outcome": "eligibility",
    "FormDefinitionError": "loader",
    "load_form": "loader",
    "load_forms": "loader",
    "FieldDef": "model",
    "FieldType": "model",
    "FormDefinition": "model",
    "FormOutput": "output",
    "PayloadRejected": "payload",
    "Provenance": "payload",
    "Rejection": "payload",
    "SignedPayload": "payload",
    "VerifiedPayload": "payload",
    "make_qr_payload": "payload",
    "verify_payload": "payload",
    "render_pdf": "pdf",
    "KeyFileError": "signing",
    "SigningKey": "signing",
    "ephemeral_key": "signing",
    "generate_key_files": "signing",
    "key_id": "signing",
    "load_public_key": "signing",
    "load_signing_key": "signing",
    "public_key_path": "signing",
}


if not TYPE_CHECKING:  # type checkers see forms.output.produce itself (above)

    def produce(*args: Any, **kwargs: Any) -> Any:
        """forms.output.produce, loaded (with the PDF library) at the first call."""
        from forms.output import produce as produce_now

        return produce_now(*args, **kwargs)


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module 'forms' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"forms.{submodule}"), name)
    globals()[name] = value  # loaded once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
