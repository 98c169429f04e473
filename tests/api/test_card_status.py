"""POST /v1/card-status: the civil registry's check by laser code, through the real client and
a real sandbox on loopback. The laser code travels only in the body and shows nowhere."""

from __future__ import annotations

import logging
import uuid

import pytest
import requests

from cardreader.emulator import demo_card_data, load_profile
from cardreader.laser import LaserCode
from kiosk.api import CardStatus, EntitlementsClient, check_card
from kiosk.sandbox import SandboxServer
from tests.api.conftest import MakeClient
from tests.api.contract import check_answer, schema_validator

SOMCHAI = load_profile("somchai")
SOMCHAI_LASER = LaserCode("ME0000012345")


def ask(client: EntitlementsClient, cid: str = SOMCHAI.cid, laser: LaserCode = SOMCHAI_LASER):
    return client.card_status(
        cid,
        first_name_th="สมชาย",
        last_name_th="ใจดี",
        birth_date_be="25080612",
        laser_code=laser,
    )


def test_a_matching_card_is_valid(client: EntitlementsClient, sandbox: SandboxServer) -> None:
    answer = ask(client)
    assert answer.status is CardStatus.VALID
    assert sandbox.hits("/v1/card-status") == 1


def test_a_revoked_card_is_not_valid(client: EntitlementsClient, sandbox: SandboxServer) -> None:
    sandbox.set_faults(revoked_cards={SOMCHAI.cid})
    assert ask(client).status is CardStatus.NOT_VALID


def test_another_laser_code_is_not_valid(client: EntitlementsClient) -> None:
    assert ask(client, laser=LaserCode("ME0000012346")).status is CardStatus.NOT_VALID


def test_a_card_the_registry_has_no_laser_code_for_cannot_be_checked(
    client: EntitlementsClient,
) -> None:
    answer = ask(client, cid=load_profile("thongdee").cid)
    assert answer.status is CardStatus.CANNOT_CHECK


def test_check_card_without_a_laser_code_asks_nobody(
    client: EntitlementsClient, sandbox: SandboxServer
) -> None:
    result = check_card(client, demo_card_data("thongdee"), None)
    assert result.status is CardStatus.CANNOT_CHECK
    assert result.reason is not None and "laser code" in result.reason.en
    assert sandbox.hits("/v1/card-status") == 0


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        ({}, CardStatus.VALID),
        ({"revoked_cards": [SOMCHAI.cid]}, CardStatus.NOT_VALID),
        ({"fail_next": 10}, CardStatus.CANNOT_CHECK),  # the registry down
        ({"other_citizen": True}, CardStatus.CANNOT_CHECK),  # a mixed-up answer
        ({"malformed": "contract"}, CardStatus.CANNOT_CHECK),
    ],
)
def test_check_card_never_raises(
    make_client: MakeClient, sandbox: SandboxServer, faults: dict[str, object], expected: CardStatus
) -> None:
    sandbox.set_faults(**faults)
    client = make_client(max_retries=1)
    result = check_card(client, demo_card_data("somchai"), SOMCHAI_LASER)
    assert result.status is expected
    assert result.line().en.startswith(expected.label.en)


def test_the_laser_code_is_never_logged(
    client: EntitlementsClient, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.set_faults(fail_next=1)  # a retry logs too
    ask(client)
    check_card(client, demo_card_data("somchai"), SOMCHAI_LASER)
    assert caplog.records
    assert SOMCHAI_LASER.reveal() not in caplog.text
    assert SOMCHAI.cid not in caplog.text


def _post(sandbox: SandboxServer, body: object) -> requests.Response:
    token = requests.post(
        sandbox.url + "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(sandbox.credentials.key, sandbox.credentials.secret),
        timeout=5,
    ).json()["access_token"]
    return requests.post(
        sandbox.url + "/v1/card-status",
        json=body,
        headers={
            "Authorization": f"Bearer {token}",
            "X-Road-Client": "TEST/kiosk-0001",
            "X-Road-UserId": "officer-1",
            "X-Road-Issue": "card-status-check",
            "X-Road-Id": str(uuid.uuid4()),
        },
        timeout=5,
    )


GOOD = {
    "citizen_id": SOMCHAI.cid,
    "first_name_th": "สมชาย",
    "last_name_th": "ใจดี",
    "birth_date": "25080612",
    "laser_code": "ME0000012345",
}


def test_the_sandbox_answer_follows_the_contract(sandbox: SandboxServer) -> None:
    body = check_answer(_post(sandbox, GOOD))
    assert body["status"] == "valid"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"laser_code": "ME1-1209134-19"}, "invalid_request"),
        ({"citizen_id": SOMCHAI.cid[:12] + "2"}, "invalid_citizen_id"),
        ({"birth_date": 25080612}, "invalid_request"),
        ({"extra": "x"}, "invalid_request"),
        ({"first_name_th": ""}, "invalid_request"),
    ],
)
def test_a_body_breaking_the_schema_is_refused_without_echo(
    sandbox: SandboxServer, change: dict[str, object], code: str
) -> None:
    answer = _post(sandbox, {**GOOD, **change})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == code
    assert "ME0000012345" not in answer.text
    schema_validator("#/components/schemas/Error").validate(answer.json())


def test_the_contract_keeps_the_secret_out_of_urls_and_headers() -> None:
    from tests.api.contract import spec

    operation = spec()["paths"]["/v1/card-status"]["post"]
    names = {parameter["$ref"].rsplit("/", 1)[1] for parameter in operation["parameters"]}
    assert "CitizenId" not in names
    assert set(operation["requestBody"]["content"]) == {"application/json"}
