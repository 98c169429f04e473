"""The service forms a kiosk offers, loaded on a background thread: parsing and validating the
definitions (YAML, JSON Schema) takes a few hundred milliseconds the attract screen need not
wait for.

Loading starts with `start()` (the app calls it once its first frame is on screen, so the
thread does not compete with the window for the interpreter) or, at the latest, on the first
use of `forms`, which waits for it. Nothing about forms is imported before then.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms import FormDefinition

log = logging.getLogger(__name__)


class FormCatalogue:
    def __init__(self, enabled: tuple[str, ...] = ()) -> None:
        """`enabled`: the form ids to offer, in this order; empty offers every shipped form."""
        self._enabled = enabled
        self._forms: dict[str, FormDefinition] = {}
        self._loaded = threading.Event()
        self._start_lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Begin loading on a background thread; calling it again does nothing."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._load, name="forms", daemon=True).start()

    def _load(self) -> None:
        from forms import FormDefinitionError, load_forms

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
        """The forms on offer, by id (loading them first if nobody has started it)."""
        self.start()
        self._loaded.wait()
        return self._forms
