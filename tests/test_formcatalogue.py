from __future__ import annotations

import subprocess
import sys

from forms import load_forms
from kiosk.formcatalogue import FormCatalogue


def test_every_shipped_form_by_default() -> None:
    assert list(FormCatalogue().forms) == list(load_forms())


def test_enabled_forms_in_the_configured_order_unknown_ids_ignored() -> None:
    catalogue = FormCatalogue(("unemployment-registration", "no-such-form", "elderly-allowance"))
    assert list(catalogue.forms) == ["unemployment-registration", "elderly-allowance"]


def test_started_early_and_again_the_forms_are_loaded_once() -> None:
    catalogue = FormCatalogue(("elderly-allowance",))
    catalogue.start()
    catalogue.start()
    first = catalogue.forms
    assert list(first) == ["elderly-allowance"]
    assert catalogue.forms is first


def test_nothing_is_loaded_before_start_or_first_use() -> None:
    """A kiosk builds its catalogue before its first frame: that must not load YAML or JSON
    Schema (nor the definitions) on the way."""
    code = (
        "import sys; from kiosk.formcatalogue import FormCatalogue; FormCatalogue(); "
        "import threading; print(' '.join(sorted(sys.modules)), threading.active_count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    loaded, threads = set(out[:-1]), int(out[-1])
    assert not {"yaml", "jsonschema", "forms.loader"} & loaded
    assert threads == 1


def test_each_definition_file_is_named_by_its_form_id() -> None:
    """The config checks `kiosk.enabled_forms` by file name, without loading the forms."""
    from kiosk.config import shipped_form_ids

    assert shipped_form_ids() == set(load_forms())


def test_the_config_knows_the_same_definition_file_suffixes_as_the_loader() -> None:
    from forms.loader import SUFFIXES
    from kiosk.config import FORM_SUFFIXES

    assert FORM_SUFFIXES == SUFFIXES
