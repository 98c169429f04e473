from __future__ import annotations

from forms import load_forms
from kiosk.formcatalogue import FormCatalogue


def test_every_shipped_form_by_default() -> None:
    assert list(FormCatalogue().forms) == list(load_forms())


def test_enabled_forms_in_the_configured_order_unknown_ids_ignored() -> None:
    catalogue = FormCatalogue(("unemployment-registration", "no-such-form", "elderly-allowance"))
    assert list(catalogue.forms) == ["unemployment-registration", "elderly-allowance"]


def test_each_definition_file_is_named_by_its_form_id() -> None:
    """The config checks `kiosk.enabled_forms` by file name, without loading the forms."""
    from kiosk.config import shipped_form_ids

    assert shipped_form_ids() == set(load_forms())
