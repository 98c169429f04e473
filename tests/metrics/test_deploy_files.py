"""deploy/'s Prometheus alert rules and Grafana dashboard: promtool accepts the rules and their
unit tests pass, the dashboard is valid JSON, and every metric either names is one OneCard
exposes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from kiosk.config import AppConfig, MetricsConfig
from kiosk.metrics import Metrics
from tests.support.cli import ROOT

RULES = ROOT / "deploy" / "prometheus" / "onecard-rules.yml"
RULE_TESTS = ROOT / "deploy" / "prometheus" / "onecard-rules.test.yml"
DASHBOARD = ROOT / "deploy" / "grafana-onecard.json"
OUR_NAME = re.compile(r"\bonecard_[a-z_]+\b")
ALERTS = {
    "OneCardKioskDown",
    "OneCardReaderGone",
    "OneCardPrinterFailing",
    "OneCardApiErrorRate",
    "OneCardStaffCallUnanswered",
}


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    program = shutil.which("promtool")
    if program is None:
        pytest.fail("promtool is missing: scripts/setup.sh installs Debian's prometheus package")
    return subprocess.run(
        [program, *args], capture_output=True, text=True, timeout=60, check=False, cwd=RULES.parent
    )


SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_count", "_sum"),
    "info": ("_info",),
}


def exposed_names() -> set[str]:
    """Every series name OneCard's registry exposes, labelled ones not yet counted included."""
    registry = Metrics(AppConfig()).registry
    return {
        family.name + suffix
        for family in registry.collect()
        for suffix in SUFFIXES.get(family.type, ("",))
    }


def names_in(expressions: list[str]) -> set[str]:
    return {name for expression in expressions for name in OUR_NAME.findall(expression)}


def rule_expressions() -> dict[str, str]:
    groups = yaml.safe_load(RULES.read_text("utf-8"))["groups"]
    return {rule["alert"]: rule["expr"] for group in groups for rule in group["rules"]}


def dashboard_expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text("utf-8"))
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def test_promtool_accepts_the_alert_rules() -> None:
    checked = promtool("check", "rules", RULES.name)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS" in checked.stdout


def test_the_alerts_fire_when_they_should_and_not_before() -> None:
    tested = promtool("test", "rules", RULE_TESTS.name)

    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_the_rules_cover_what_a_fleet_must_be_told() -> None:
    assert set(rule_expressions()) >= ALERTS


def test_the_rules_name_only_metrics_onecard_exposes() -> None:
    named = names_in(list(rule_expressions().values()))

    assert named and named <= exposed_names(), named - exposed_names()


def test_the_dashboard_is_json_whose_queries_name_only_metrics_onecard_exposes() -> None:
    expressions = dashboard_expressions()
    named = names_in(expressions)

    assert len(expressions) >= 10
    assert named <= exposed_names(), named - exposed_names()
    assert {"onecard_sessions_started_total", "onecard_staff_calls_total"} <= named


def test_the_example_config_sets_metrics_and_json_logs() -> None:
    text = (ROOT / "deploy" / "onecard.example.toml").read_text("utf-8")
    sections = tomllib.loads(text)

    assert sections["metrics"] == {"listen": "127.0.0.1:9464"}
    assert sections["logging"] == {"format": "json"}
    assert MetricsConfig().listen == "127.0.0.1:9464"  # the default the example documents
