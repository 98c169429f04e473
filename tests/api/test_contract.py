"""Every sandbox answer, on every route and error path, validates against openapi.yaml; and
the client's own validator agrees with the document."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader.cid import cid_check_digit
from cardreader.emulator import list_profiles, load_profile
from kiosk.api import ContractViolation, parse
from kiosk.sandbox import SandboxServer, bodies
from kiosk.sandbox.server import CITIZEN_RESOURCES
from tests.api.contract import check_answer, schema_validator, spec

DEMO_CIDS = [load_profile(profile).cid for profile in list_profiles()]
RESOURCES = sorted(CITIZEN_RESOURCES)
DISABILITY_RESOURCES = [path for path in RESOURCES if path.startswith("/v1/disability/")]
PARSERS = {
    "/v1/entitlements": parse.entitlements,
    "/v1/disability/health-insurance-right": parse.health_insurance_right,
    "/v1/disability/assistive-devices": parse.assistive_devices,
    "/v1/disability/rehabilitation-history": parse.rehabilitation_history,
}


class Caller:
    """Raw HTTP to the sandbox, so that error paths the client avoids are exercised too."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.session = requests.Session()
        self.token = self.issue_token().json()["access_token"]

    def issue_token(self, secret: str | None = None, grant: str = "client_credentials") -> Any:
        key = self.server.credentials.key
        return self.session.post(
            self.server.url + "/v1/auth/token",
            data={"grant_type": grant},
            auth=(key, secret or self.server.credentials.secret),
        )

    def headers(self, cid: str | None = None, **changes: str | None) -> dict[str, str]:
        headers: dict[str, str | None] = {
            "Authorization": f"Bearer {self.token}",
            "X-Road-Client": "TEST/kiosk-0001",
            "X-Road-UserId": "citizen-self-service",
            "X-Road-Issue": "contract-test",
            "X-Road-Id": str(uuid.uuid4()),
            "Citizen-Id": cid,
        }
        headers.update(changes)
        return {name: value for name, value in headers.items() if value is not None}

    def get(self, path: str, headers: dict[str, str]) -> requests.Response:
        return self.session.get(self.server.url + path, headers=headers)

    def checked(self, path: str, cid: str | None = None, **changes: str | None) -> Any:
        headers = self.headers(cid, **changes)
        response = self.get(path, headers)
        return response, check_answer(response, headers.get("X-Road-Id"))


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as sandbox:
        yield sandbox


@pytest.fixture
def caller(server: SandboxServer) -> Iterator[Caller]:
    server.set_faults(down_agencies=set())
    yield Caller(server)
    server.set_faults(down_agencies=set())


def test_the_document_is_openapi_3_1_and_its_schemas_are_valid() -> None:
    document = spec()
    assert document["openapi"].startswith("3.1")
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize("cid", DEMO_CIDS)
def test_every_resource_for_every_demo_citizen(caller: Caller, path: str, cid: str) -> None:
    response, body = caller.checked(path, cid)
    assert response.status_code == 200
    PARSERS[path](body)  # the client's validator accepts what the document accepts


@pytest.mark.parametrize("down", [{"MOAC"}, {"MSDHS", "MOL", "MOF", "NHSO"}])
def test_partial_answers(server: SandboxServer, caller: Caller, down: set[str]) -> None:
    server.set_faults(down_agencies=down)
    response, body = caller.checked("/v1/entitlements", DEMO_CIDS[0])
    assert response.status_code == 200
    assert {s["agency"] for s in body["sources"] if s["status"] == "unavailable"} == down
    for path in DISABILITY_RESOURCES:
        response, _ = caller.checked(path, DEMO_CIDS[0])
        assert response.status_code == (503 if "NHSO" in down else 200)


@pytest.mark.parametrize("down", [set(), {"MOL"}])
def test_health(server: SandboxServer, caller: Caller, down: set[str]) -> None:
    server.set_faults(down_agencies=down)
    response = caller.session.get(server.url + "/v1/health")
    assert check_answer(response)["status"] == ("degraded" if down else "ok")
    parse.health(response.json())


def test_token_answers(caller: Caller) -> None:
    for response, status in (
        (caller.issue_token(), 200),
        (caller.issue_token(secret="wrong"), 401),
        (caller.issue_token(grant="password"), 400),
    ):
        assert response.status_code == status
        check_answer(response)
    parse.token(caller.issue_token().json())
    wrong_method = caller.session.get(caller.server.url + "/v1/auth/token")
    assert wrong_method.status_code == 405
    check_answer(wrong_method)


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"Citizen-Id": "3100700123452"}, 400, "invalid_citizen_id"),
        ({"Citizen-Id": None}, 400, "invalid_citizen_id"),
        ({"Authorization": None}, 401, "invalid_token"),
        ({"Authorization": "Bearer not-a-token-we-issued"}, 401, "invalid_token"),
        ({"X-Road-Client": None}, 400, "invalid_request"),
        ({"X-Road-Issue": "bad value with spaces"}, 400, "invalid_request"),
        ({"X-Road-Id": "short"}, 400, "invalid_request"),
    ],
)
@pytest.mark.parametrize("path", RESOURCES)
def test_error_answers(
    caller: Caller, path: str, changes: dict[str, str | None], status: int, code: str
) -> None:
    headers = caller.headers(DEMO_CIDS[0], **changes)
    response = caller.get(path, headers)
    assert response.status_code == status
    body = check_answer(response, None if "X-Road-Id" in changes else headers["X-Road-Id"])
    assert body["error"]["code"] == code


def test_expired_tokens_and_injected_failures(server: SandboxServer, caller: Caller) -> None:
    server.expire_issued_tokens()
    response, body = caller.checked("/v1/entitlements", DEMO_CIDS[0])
    assert (response.status_code, body["error"]["code"]) == (401, "token_expired")
    assert "token_expired" in response.headers["WWW-Authenticate"]
    caller.token = caller.issue_token().json()["access_token"]
    server.set_faults(fail_next=1, error_status=502, retry_after=3)
    response, _ = caller.checked("/v1/entitlements", DEMO_CIDS[0])
    assert (response.status_code, response.headers["Retry-After"]) == (502, "3")
    server.set_faults(fail_next=0, error_status=503, retry_after=None)


def test_unknown_routes_and_methods(caller: Caller) -> None:
    response, body = caller.checked("/v1/nothing-here", DEMO_CIDS[0])
    assert (response.status_code, body["error"]["code"]) == (404, "not_found")
    for path in ("/v1/health", "/v1/entitlements"):
        response = caller.session.post(caller.server.url + path, headers=caller.headers())
        assert response.status_code == 405
        check_answer(response)


def test_broken_bodies_break_the_document_and_the_client_alike() -> None:
    reference = {
        "/v1/entitlements": "Entitlements",
        "/v1/disability/assistive-devices": "AssistiveDevices",
    }
    for path, name in reference.items():
        good = json.loads(_body_of(path))
        broken = bodies.break_contract(good)
        assert not schema_validator(f"#/components/schemas/{name}").is_valid(broken)
        with pytest.raises(ContractViolation):
            PARSERS[path](broken)


def _body_of(path: str) -> str:
    with SandboxServer() as server:
        caller = Caller(server)
        return caller.get(path, caller.headers(DEMO_CIDS[1])).text


def _cid(first12: str) -> str:
    return first12 + str(cid_check_digit(first12))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first12=st.from_regex(r"[1-8][0-9]{11}", fullmatch=True), path=st.sampled_from(RESOURCES))
def test_generated_citizens_honour_the_contract(
    server: SandboxServer, first12: str, path: str
) -> None:
    caller = Caller(server)
    response, body = caller.checked(path, _cid(first12))
    assert response.status_code == 200
    PARSERS[path](body)


@pytest.mark.parametrize("method", ["TRACE", "DELETE", "PATCH", "OPTIONS", "PUT", "BREW"])
@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/v1/health", "GET"), ("/v1/auth/token", "POST"), *((p, "GET") for p in RESOURCES)],
)
def test_every_undeclared_method_is_405_with_allow_and_json(
    caller: Caller, method: str, path: str, allowed: str
) -> None:
    response = caller.session.request(method, caller.server.url + path, headers=caller.headers())
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    body = check_answer(response)
    assert body["error"]["code"] == "invalid_request"


def test_head_is_405_without_a_body(caller: Caller) -> None:
    response = caller.session.head(caller.server.url + "/v1/health")
    assert (response.status_code, response.headers["Allow"]) == (405, "GET")
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.content == b""


def test_a_broken_request_line_is_answered_in_json_not_html(server: SandboxServer) -> None:
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"GET /v1/health extra-word HTTP/1.1\r\n\r\n")
        answer = connection.makefile("rb").read()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"application/json" in head and b"<html" not in answer.lower()
    assert head.startswith(b"HTTP/1.1 400")
    assert json.loads(body)["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("path", ["/v1/health", "/v1/auth/token"])
def test_a_bad_x_road_id_is_refused_on_every_route(caller: Caller, path: str) -> None:
    response = caller.session.request(
        "GET" if path == "/v1/health" else "POST",
        caller.server.url + path,
        headers={"X-Road-Id": "bad id!"},
        data={"grant_type": "client_credentials"},
        auth=(caller.server.credentials.key, caller.server.credentials.secret),
    )
    assert response.status_code == 400
    assert check_answer(response)["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("path", RESOURCES)
def test_a_wrong_check_digit_is_documented_with_its_example(path: str) -> None:
    responses = spec()["paths"][path]["get"]["responses"]
    documented = spec()["components"]["responses"]["InvalidCitizenOrRequest"]
    assert responses["400"]["$ref"].endswith("/InvalidCitizenOrRequest")
    example = documented["content"]["application/json"]["examples"]["wrongCheckDigit"]["value"]
    assert example["error"]["code"] == "invalid_citizen_id"
    assert "check digit" in documented["description"]
