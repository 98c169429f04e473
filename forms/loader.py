"""Loads form definition files (YAML or JSON, one form per file) and checks them on load, so a
broken definition fails at start-up with the file, the field and the problem, not mid-print."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from cardreader.text import Bilingual
from forms.bindings import BINDINGS
from forms.model import (
    CITIZEN,
    EligibilityRule,
    FieldDef,
    FieldType,
    FormDefinition,
    MonthDay,
    Option,
    RuleKind,
    Section,
    Validation,
    Width,
)
from forms.records import RECORDS

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
SCHEMA_PATH = Path(__file__).parent / "definition.schema.json"
SUFFIXES = (".yaml", ".yml", ".json")
_AGE_RULES = frozenset({RuleKind.MIN_AGE, RuleKind.MAX_AGE})


class FormDefinitionError(ValueError):
    """A definition file that cannot be used; says which file, which field and what is wrong."""

    def __init__(self, path: Path, where: str, problem: str) -> None:
        super().__init__(f"{path.name}: {where}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


def load_forms(directory: Path = DEFINITIONS_DIR) -> dict[str, FormDefinition]:
    """Every form in `directory`, by id, sorted by id."""
    forms: dict[str, FormDefinition] = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES):
        form = load_form(path)
        if form.id in forms:
            raise FormDefinitionError(path, "id", f"form id {form.id!r} is used by another file")
        forms[form.id] = form
    return dict(sorted(forms.items()))


def load_form(path: Path) -> FormDefinition:
    data = _read(path)
    _check_schema(path, data)
    form = _build(data)
    if path.stem != form.id:
        raise FormDefinitionError(
            path, "id", f"the file name must be the form id ({form.id}{path.suffix})"
        )
    _check_meaning(path, form)
    return form


def _read(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as error:
        raise FormDefinitionError(path, "file", f"cannot be read: {error}") from error


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))


def _check_schema(path: Path, data: Any) -> None:
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise FormDefinitionError(path, _location(data, list(error.absolute_path)), error.message)


def _location(data: Any, path: list[str | int]) -> str:
    """`field 'phone' (type)` for a problem inside a field, else the path in the file."""
    if len(path) >= 4 and path[0] == "sections" and path[2] == "fields":
        section, index = int(path[1]), int(path[3])
        raw = data["sections"][section]["fields"][index]
        number = f"#{index + 1} of section {section + 1}"
        name = raw.get("id", number) if isinstance(raw, dict) else number
        rest = ".".join(str(part) for part in path[4:])
        return f"field {name!r}" + (f" ({rest})" if rest else "")
    return ".".join(str(part) for part in path) or "top level"


def _bilingual(data: dict[str, str]) -> Bilingual:
    return Bilingual(data["th"], data["en"])


def _validation(data: dict[str, Any]) -> Validation:
    lengths = data.get("account_lengths")
    return Validation(
        max_length=data.get("max_length"),
        digits=data.get("digits"),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        integer=data.get("integer", False),
        account_lengths=tuple(lengths) if lengths else Validation.account_lengths,
        not_in_future=data.get("not_in_future", False),
    )


def _field(data: dict[str, Any]) -> FieldDef:
    return FieldDef(
        id=data["id"],
        label=_bilingual(data["label"]),
        type=FieldType(data["type"]),
        source=data.get("source", CITIZEN),
        required=data.get("required", False),
        validation=_validation(data.get("validation", {})),
        options=tuple(Option(o["value"], _bilingual(o["label"])) for o in data.get("options", ())),
        width=Width(data.get("width", "full")),
    )


def _build(data: dict[str, Any]) -> FormDefinition:
    return FormDefinition(
        id=data["id"],
        version=data["version"],
        title=_bilingual(data["title"]),
        short_title=_bilingual(data["short_title"]) if "short_title" in data else None,
        agency=_bilingual(data["agency"]),
        department=_bilingual(data["department"]),
        code=data.get("code", ""),
        sections=tuple(
            Section(_bilingual(s["title"]), tuple(_field(f) for f in s["fields"]))
            for s in data["sections"]
        ),
        eligibility=tuple(
            EligibilityRule(
                RuleKind(r["rule"]),
                _bilingual(r["text"]),
                r.get("years"),
                MonthDay(r["age_on"]["month"], r["age_on"]["day"]) if "age_on" in r else None,
            )
            for r in data.get("eligibility", ())
        ),
        addressee=_bilingual(data["addressee"]) if "addressee" in data else None,
        bring=tuple(_bilingual(item) for item in data.get("bring", ())),
    )


def _check_meaning(path: Path, form: FormDefinition) -> None:
    """What a schema cannot say: unique ids, known chip bindings, options only on choices."""
    seen: set[str] = set()
    for field in form.fields:
        where = f"field {field.id!r}"
        if field.id in seen:
            raise FormDefinitionError(path, where, "another field has the same id")
        seen.add(field.id)
        for problem in _field_problems(field):
            raise FormDefinitionError(path, where, problem)
    for index, rule in enumerate(form.eligibility):
        if (rule.kind in _AGE_RULES) != (rule.years is not None):
            raise FormDefinitionError(
                path, f"eligibility.{index}", "'years' goes with min_age and max_age only"
            )
        if rule.age_on is not None:
            if rule.kind not in _AGE_RULES:
                raise FormDefinitionError(
                    path, f"eligibility.{index}", "'age_on' goes with min_age and max_age only"
                )
            try:
                rule.age_on.in_fiscal_year_of(dt.date(2024, 1, 1))  # a leap year: 29 Feb is fine
            except ValueError:
                raise FormDefinitionError(
                    path, f"eligibility.{index}.age_on", "no such day in the year"
                ) from None


_CHIP_TYPES = {name: binding.types for name, binding in BINDINGS.items()}


def _source_problems(field: FieldDef) -> Iterator[str]:
    """A chip binding or a record the form may name, filling a field of a type it can fill."""
    if field.from_record:
        kind, known, listed = "record", RECORDS, "known: "
    elif field.from_chip:
        kind, known, listed = "source", _CHIP_TYPES, "use 'citizen' or one of: "
    else:
        return
    types = known.get(field.source)
    if types is None:
        yield f"unknown {kind} {field.source!r}; {listed}{', '.join(sorted(known))}"
    elif field.type not in types:
        allowed = ", ".join(sorted(t.value for t in types))
        yield f"{kind} {field.source!r} fills a field of type {allowed}, not {field.type.value}"


def _field_problems(field: FieldDef) -> Iterator[str]:
    yield from _source_problems(field)
    if (field.type is FieldType.CHOICE) != bool(field.options):
        yield "a choice field needs 'options', and only a choice field may have them"
    rules = field.validation
    if rules.minimum is not None and rules.maximum is not None and rules.minimum > rules.maximum:
        yield "validation minimum is greater than maximum"
