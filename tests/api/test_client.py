"""The client against the sandbox over real HTTP: data, partial answers, validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cardreader.cid import cid_check_digit
from cardreader.emulator import list_profiles, load_profile
from kiosk.api import (
    ContractViolation,
    EntitlementsClient,
    InvalidCitizenId,
    Period,
    ServiceUnavailable,
    Status,
)
from kiosk.sandbox import SandboxServer
from tests.api.conftest import BOONMEE, SOMCHAI, SUDA, WICHAI

R, P, N, U = Status.RECEIVED, Status.PENDING, Status.NOT_ELIGIBLE, Status.UNKNOWN


def statuses(client: EntitlementsClient, cid: str) -> dict[str, Status]:
    return {p.code: p.status for p in client.entitlements(cid).programmes}


def test_the_farmer_gets_fertiliser_waits_for_crop_support_and_has_no_drought_relief(
    client: EntitlementsClient,
) -> None:
    answer = client.entitlements(SOMCHAI)
    by_code = {p.code: p for p in answer.programmes}
    assert by_code["fertiliser_subsidy"].status is R
    assert by_code["crop_price_support"].status is P
    assert by_code["drought_relief"].status is N
    fertiliser = by_code["fertiliser_subsidy"]
    assert fertiliser.amount is not None
    assert fertiliser.amount.value == Decimal("1000.00")
    assert fertiliser.amount.currency == "THB"
    assert fertiliser.amount.period is Period.ONE_TIME
    assert fertiliser.last_payment_date is not None
    assert fertiliser.last_payment_date <= fertiliser.as_of
    assert fertiliser.name.th == "เงินช่วยเหลือค่าปุ๋ย"
    assert by_code["drought_relief"].amount is None
    assert not answer.is_partial


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("boonmee", {"elderly_allowance": R, "disability_allowance": P, "unemployment_benefit": N}),
        ("thongdee", {"elderly_allowance": R, "drought_relief": P, "crop_price_support": R}),
        ("malee", {"unemployment_benefit": P, "elderly_allowance": N}),
        ("suda", {"state_welfare_card": U}),
        ("wichai", {"disability_allowance": R}),
        ("john", {"unemployment_benefit": R}),
    ],
)
def test_each_demo_citizen_has_statuses_that_fit(
    client: EntitlementsClient, profile: str, expected: dict[str, Status]
) -> None:
    found = statuses(client, load_profile(profile).cid)
    assert {code: found[code] for code in expected} == expected


def test_every_status_occurs_among_the_demo_citizens(client: EntitlementsClient) -> None:
    seen = {s for p in list_profiles() for s in statuses(client, load_profile(p).cid).values()}
    assert seen == set(Status)


def test_generated_citizens_are_deterministic(client: EntitlementsClient) -> None:
    cid = "110170020345" + str(cid_check_digit("110170020345"))
    assert statuses(client, cid) == statuses(client, cid)
    assert len(statuses(client, cid)) == 7


def test_a_down_agency_gives_a_partial_answer(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(down_agencies={"MOAC"})
    answer = client.entitlements(SOMCHAI)
    assert answer.is_partial
    assert [s.agency for s in answer.unavailable_sources] == ["MOAC"]
    assert answer.unavailable_sources[0].as_of is None
    assert {p.agency for p in answer.programmes} == {"MSDHS", "MOL", "MOF"}
    sandbox.set_faults(down_agencies=set())
    assert not client.entitlements(SOMCHAI).is_partial


def test_the_three_disability_resources(client: EntitlementsClient) -> None:
    right = client.health_insurance_right(BOONMEE).right
    assert right is not None
    assert right.disability_types[0].name.en == "Physical or mobility disability"
    assert client.health_insurance_right(SOMCHAI).right is None
    devices = client.assistive_devices(WICHAI).disbursements
    assert [d.device.code for d in devices] == ["WHITE_CANE", "WHITE_CANE"]
    assert devices[0].date > devices[1].date  # newest first
    assert len(client.rehabilitation_history(BOONMEE).sessions) == 3
    assert client.rehabilitation_history(SOMCHAI).sessions == ()


def test_disability_resources_fail_clearly_when_their_agency_is_down(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(down_agencies={"NHSO"})
    with pytest.raises(ServiceUnavailable) as caught:
        client.health_insurance_right(BOONMEE)
    assert caught.value.reference  # the request id, for the helpdesk


def test_health(sandbox: SandboxServer, client: EntitlementsClient) -> None:
    assert client.health().ok
    sandbox.set_faults(down_agencies={"MOL"})
    health = client.health()
    assert not health.ok
    assert [s.agency for s in health.sources if not s.available] == ["MOL"]


@pytest.mark.parametrize("bad", ["3100700123452", "310070012345", "0100700123451", "31007OO123451"])
def test_an_invalid_cid_is_refused_before_any_call(
    sandbox: SandboxServer, client: EntitlementsClient, bad: str
) -> None:
    with pytest.raises(InvalidCitizenId) as caught:
        client.entitlements(bad)
    assert bad not in caught.value.one_line()
    assert sandbox.hits("/v1/auth/token") == sandbox.hits("/v1/entitlements") == 0


@pytest.mark.parametrize("kind", ["garbage", "contract"])
def test_malformed_answers_are_errors_never_data(
    sandbox: SandboxServer, client: EntitlementsClient, kind: str
) -> None:
    sandbox.set_faults(malformed=kind)
    for lookup in (client.entitlements, client.assistive_devices):
        with pytest.raises(ContractViolation) as caught:
            lookup(SOMCHAI)
        assert caught.value.reference  # the request id
        assert "ไม่ถูกต้อง" in caught.value.one_line()


def test_each_lookup_has_its_own_request_id(client: EntitlementsClient) -> None:
    assert client.entitlements(SUDA).request_id != client.entitlements(SUDA).request_id
