"""The service forms a kiosk offers, loaded on a background thread at start-up: parsing and
validating the definitions takes a few hundred milliseconds the attract screen need not wait for."""

from __future__ import annotations

import logging
import threading

from forms import FormDefinition, FormDefinitionError, load_forms

log = logging.getLogger(__name__)


class FormCatalogue:
    def __init__(self, enabled: tuple[str, ...] = ()) -> None:
        """`enabled`: the form ids to offer, in this order; empty offers every shipped form."""
        self._enabled = enabled
        self._forms: dict[str, FormDefinition] = {}
        self._loaded = threading.Event()
        threading.Thread(target=self._load, name="forms", daemon=True).start()

    def _load(self) -> None:
        try:
            shipped = load_forms()
            wanted = self._enabled or tuple(shipped)
            self._forms = {form_id: shipped[form_id] for form_id in wanted if form_id in shipped}
        except FormDefinitionError:
            log.exception("form definitions are broken; no form is offered (onecard doctor)")
        finally:
            self._loaded.set()

    @property
    def forms(self) -> dict[str, FormDefinition]:
        self._loaded.wait()
        return self._forms
