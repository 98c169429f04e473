"""Form definition files: the shipped ones load; broken ones fail naming file, field, problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from forms import FieldType, FormDefinition, FormDefinitionError, load_form, load_forms
from forms.loader import DEFINITIONS_DIR

SHIPPED = {
    "elderly-allowance",
    "disability-allowance",
    "farmer-registration",
    "state-welfare-card",
    "unemployment-registration",
}


def test_the_five_required_forms_ship(shipped_forms: dict[str, FormDefinition]) -> None:
    assert set(shipped_forms) >= SHIPPED
    assert list(shipped_forms) == sorted(shipped_forms)


def test_every_form_reads_identity_from_the_chip_and_asks_the_citizen(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    for form in shipped_forms.values():
        assert {"cid", "birth_date"} <= form.chip_sources(), form.id
        assert any(not field.from_chip for field in form.fields), form.id
        assert form.eligibility, form.id
        assert any(field.type is FieldType.SIGNATURE for field in form.fields), form.id


def test_the_shipped_forms_use_every_field_type(shipped_forms: dict[str, FormDefinition]) -> None:
    used = {field.type for form in shipped_forms.values() for field in form.fields}
    assert used == set(FieldType)


def _elderly() -> dict[str, object]:
    loaded = yaml.safe_load((DEFINITIONS_DIR / "elderly-allowance.yaml").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _write(directory: Path, data: dict[str, object], name: str = "elderly-allowance.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _first_field(data: dict[str, object]) -> dict[str, object]:
    sections = data["sections"]
    assert isinstance(sections, list)
    field = sections[0]["fields"][1]
    assert isinstance(field, dict)
    return field


def test_a_json_copy_loads_like_the_yaml(tmp_path: Path) -> None:
    assert load_form(_write(tmp_path, _elderly())) == load_form(
        DEFINITIONS_DIR / "elderly-allowance.yaml"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda f: f.update(type="phonenumber"), "field 'first_name' (type): 'phonenumber' is not"),
        (lambda f: f.update(source="name_th.frist"), "field 'first_name': unknown source"),
        (
            lambda f: f.update(source="age"),
            "field 'first_name': source 'age' fills a field of type",
        ),
        (
            lambda f: f.update(source="record.health_insurance_rights"),
            "field 'first_name': unknown record 'record.health_insurance_rights'",
        ),
        (
            lambda f: f.update(source="record.health_insurance_right", type="date"),
            "field 'first_name': record 'record.health_insurance_right' fills a field of type text",
        ),
        (lambda f: f.pop("label"), "field 'first_name': 'label' is a required property"),
        (lambda f: f.update(label={"th": "ชื่อ"}), "field 'first_name' (label): 'en' is a required"),
        (lambda f: f.update(id="prefix"), "field 'prefix': another field has the same id"),
        (
            lambda f: f.update(type="choice", source="citizen"),
            "field 'first_name': a choice field needs 'options'",
        ),
        (lambda f: f.update(required="yes"), "field 'first_name' (required): 'yes' is not of type"),
        (
            lambda f: f.update(validation={"minimum": 5, "maximum": 1}),
            "field 'first_name': validation minimum is greater than maximum",
        ),
    ],
)
def test_a_broken_field_fails_naming_file_field_and_problem(
    tmp_path: Path, change: Callable[[dict[str, object]], object], expected: str
) -> None:
    data = _elderly()
    change(_first_field(data))
    with pytest.raises(FormDefinitionError) as caught:
        load_form(_write(tmp_path, data))
    assert str(caught.value).startswith("elderly-allowance.json: ")
    assert expected in str(caught.value)


def test_a_broken_top_level_names_the_key(tmp_path: Path) -> None:
    data = _elderly()
    data["version"] = 0
    with pytest.raises(FormDefinitionError, match=r"elderly-allowance\.json: version: 0 is less"):
        load_form(_write(tmp_path, data))


def test_an_age_rule_needs_its_years(tmp_path: Path) -> None:
    data = _elderly()
    data["eligibility"] = [{"rule": "min_age", "text": {"th": "อายุ", "en": "Age"}}]
    with pytest.raises(FormDefinitionError, match=r"eligibility\.0: 'years' goes with min_age"):
        load_form(_write(tmp_path, data))


def test_a_file_named_unlike_its_form_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormDefinitionError, match=r"other\.json: id: the file name must be"):
        load_form(_write(tmp_path, _elderly(), "other.json"))


def test_a_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nsections: [\n", "utf-8")
    with pytest.raises(FormDefinitionError, match=r"broken\.yaml: file: cannot be read"):
        load_form(path)


def test_one_broken_file_stops_the_whole_set_loading(tmp_path: Path) -> None:
    _write(tmp_path, _elderly())
    (tmp_path / "bad.json").write_text("[]", "utf-8")
    with pytest.raises(FormDefinitionError, match=r"bad\.json: top level: \[\] is not of type"):
        load_forms(tmp_path)
