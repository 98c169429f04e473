"""Every personal answer is bound to the citizen asked about (`citizen_id_sha256`), and the
client refuses an answer about anyone else: it is a contract violation, never data."""

from __future__ import annotations

import hashlib
import uuid

import pytest
import requests

from kiosk.api import ContractViolation, EntitlementsClient, parse
from kiosk.api.errors import AnotherCitizen
from kiosk.sandbox import SandboxServer
from kiosk.sandbox.server import CITIZEN_RESOURCES
from tests.api.conftest import BOONMEE, SOMCHAI, WICHAI

LOOKUPS = {
    "/v1/entitlements": EntitlementsClient.entitlements,
    "/v1/disability/health-insurance-right": EntitlementsClient.health_insurance_right,
    "/v1/disability/assistive-devices": EntitlementsClient.assistive_devices,
    "/v1/disability/rehabilitation-history": EntitlementsClient.rehabilitation_history,
}


def test_every_personal_resource_is_checked() -> None:
    assert set(LOOKUPS) == set(CITIZEN_RESOURCES)


@pytest.mark.parametrize("path", sorted(CITIZEN_RESOURCES))
def test_the_sandbox_binds_each_answer_to_the_request_and_the_citizen(
    sandbox: SandboxServer, path: str
) -> None:
    session = requests.Session()
    key, secret = sandbox.credentials.key, sandbox.credentials.secret
    token = session.post(
        sandbox.url + "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(key, secret),
    ).json()["access_token"]
    request_id = str(uuid.uuid4())
    body = session.get(
        sandbox.url + path,
        headers={
            "Authorization": f"Bearer {token}",
            "X-Road-Client": "TEST/kiosk-0001",
            "X-Road-UserId": "citizen-self-service",
            "X-Road-Issue": "binding-test",
            "X-Road-Id": request_id,
            "Citizen-Id": WICHAI,
        },
    ).json()
    # The rule of the contract, computed here independently of kiosk.api.binding:
    expected = hashlib.sha256(f"{request_id}:{WICHAI}".encode()).hexdigest()
    assert body["citizen_id_sha256"] == expected
    assert WICHAI not in str(body)  # the plain ID never travels in a body


@pytest.mark.parametrize("path", sorted(CITIZEN_RESOURCES))
def test_an_answer_about_another_citizen_is_refused(
    sandbox: SandboxServer, client: EntitlementsClient, path: str
) -> None:
    lookup = LOOKUPS[path]
    assert lookup(client, BOONMEE).request_id  # the same lookup is fine without the mix-up
    sandbox.set_faults(other_citizen=True)
    with pytest.raises(AnotherCitizen) as caught:
        lookup(client, BOONMEE)
    error = caught.value
    assert isinstance(error, ContractViolation)
    thai, english = error.one_line().split(" / ")
    assert "ไม่ตรงกับบัตรนี้" in thai and "another person" in english
    assert "nothing is shown" in english
    assert error.reference  # the request id, for the helpdesk


def test_a_binding_for_anyone_else_or_none_at_all_is_refused() -> None:
    request_id = str(uuid.uuid4())
    right = hashlib.sha256(f"{request_id}:{SOMCHAI}".encode()).hexdigest()
    parse.check_citizen({"citizen_id_sha256": right}, request_id, SOMCHAI)
    for body in (
        {"citizen_id_sha256": hashlib.sha256(f"{request_id}:{BOONMEE}".encode()).hexdigest()},
        {"citizen_id_sha256": hashlib.sha256(f"other-request:{SOMCHAI}".encode()).hexdigest()},
        {"citizen_id_sha256": right.upper()},
        {},
        [],
    ):
        with pytest.raises(AnotherCitizen):
            parse.check_citizen(body, request_id, SOMCHAI)
