"""An independent checker: Schemathesis runs every phase (examples, coverage, fuzzing,
stateful) with all its checks against a real sandbox on loopback, and finds nothing.

The auth flow is the contract's: the consumer key and secret (HTTP Basic) get a token at
/v1/auth/token, which Schemathesis then sends as the bearer on the personal routes (and it
tests the token endpoint itself with the Basic credentials). The one rule a JSON Schema cannot
state, the citizen ID's check digit, is the `thai-citizen-id` format of the contract; it is
registered here so that "valid" data has a valid check digit."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import pytest
import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from cardreader.cid import cid_check_digit
from kiosk.sandbox import SandboxServer

CONTRACT = str(resources.files("kiosk.api").joinpath("openapi.yaml"))


def citizen_ids() -> st.SearchStrategy[str]:
    first12 = st.from_regex(r"[1-9][0-9]{11}", fullmatch=True)
    return first12.map(lambda digits: digits + str(cid_check_digit(digits)))


@pytest.fixture
def fuzzed_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(admin=False) as server:
        yield server


def bearer_token(server: SandboxServer) -> str:
    answer = requests.post(
        server.url + "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(server.credentials.key, server.credentials.secret),
        timeout=5,
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def test_schemathesis_finds_no_failure_in_the_sandbox(fuzzed_sandbox: SandboxServer) -> None:
    server = fuzzed_sandbox
    schemathesis.openapi.format("thai-citizen-id", citizen_ids())
    config = SchemathesisConfig.from_dict(
        {
            "base-url": server.url,
            "seed": 20260101,
            "cache": {"enabled": False},  # nothing written into the working tree
            "generation": {"max-examples": 60},
            "auth": {
                "openapi": {
                    "consumer": {
                        "username": server.credentials.key,
                        "password": server.credentials.secret,
                    },
                    "bearer": {"bearer": bearer_token(server)},
                }
            },
        }
    )
    schema = schemathesis.openapi.from_path(CONTRACT, config=config)
    failures: list[str] = []
    phases: dict[str, str] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.status == Status.FAILURE:
            failures.extend(_failed_checks(event))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"error: {event!r}")
        elif isinstance(event, events.PhaseFinished):
            phases[event.phase.name.value] = event.status.value
    assert not failures, "\n".join(failures)
    for phase in ("examples", "coverage", "fuzzing", "stateful"):
        assert phases.get(phase) == "success", phases  # each phase ran (stateful: the links)


def _failed_checks(event: events.ScenarioFinished) -> list[str]:
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status == Status.FAILURE and check.failure_info is not None:
                case = event.recorder.cases[case_id].value
                found.append(
                    f"{case.method} {case.path}: {check.name}: "
                    f"{check.failure_info.failure.title} [{case.as_curl_command()}]"
                )
    return found
