"""The OpenAPI document as a validator of real HTTP answers (status, X-Road-Id, JSON body)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import requests
import yaml
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:onecard:openapi"
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


@cache
def spec() -> dict[str, Any]:
    text = resources.files("kiosk.api").joinpath("openapi.yaml").read_text("utf-8")
    document: dict[str, Any] = yaml.safe_load(text)
    return document


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def schema_validator(reference: str) -> OAS31Validator:
    """A validator for `#/components/schemas/…` (or any JSON pointer into the document)."""
    return OAS31Validator(
        {"$ref": SPEC_URI + reference}, registry=_registry(), format_checker=oas31_format_checker
    )


def _resolve(item: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in item:
        node: Any = spec()
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def body_schema_ref(path: str, method: str, status: int) -> str:
    """The schema a documented operation promises for `status` (an Error for undocumented)."""
    operation = spec()["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return "#/components/schemas/Error"
    responses = operation["responses"]
    response = _resolve(responses.get(str(status)) or responses["default"])
    reference: str = response["content"]["application/json"]["schema"]["$ref"]
    return reference


def check_answer(response: requests.Response, sent_request_id: str | None = None) -> Any:
    """Assert that a real answer honours the contract; return its JSON body."""
    request = response.request
    path = requests.utils.urlparse(request.url).path
    echoed = response.headers.get("X-Road-Id", "")
    assert REQUEST_ID.fullmatch(echoed), f"{path}: X-Road-Id {echoed!r}"
    if sent_request_id is not None:
        assert echoed == sent_request_id
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    reference = body_schema_ref(path, request.method or "GET", response.status_code)
    schema_validator(reference).validate(body)
    if response.status_code >= 400:
        assert body["error"]["request_id"] == echoed
    elif "request_id" in body:
        assert body["request_id"] == echoed
    return body
