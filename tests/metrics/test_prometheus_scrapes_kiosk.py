"""A real Prometheus (Debian's package) scrapes a running demo kiosk, the real Kivy app in a
window, after a citizen's visit, and its HTTP API answers with the kiosk's session counter."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import tests.ui.conftest as ui
from kiosk.cardslot import DemoSlot
from kiosk.config import MetricsConfig

pytestmark = [pytest.mark.gui, pytest.mark.forked]
WAIT_SECONDS = 20.0  # a bound on waiting for Prometheus, not a speed check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def query(base: str, expression: str) -> list[dict[str, Any]]:
    url = f"{base}/api/v1/query?{urllib.parse.urlencode({'query': expression})}"
    try:
        with urllib.request.urlopen(url, timeout=3) as answer:
            body = json.loads(answer.read())
    except (OSError, ValueError):
        return []  # not up yet
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


def wait_for_answer(base: str, expression: str, process: subprocess.Popen[bytes]) -> float:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "prometheus stopped"
        result = query(base, expression)
        if result:
            return float(result[0]["value"][1])
        time.sleep(0.2)
    raise AssertionError(f"prometheus never answered {expression}")


def test_prometheus_scrapes_the_running_kiosk_and_counts_its_session(tmp_path: Path) -> None:
    from tests.ui.driver import Driver

    program = shutil.which("prometheus")
    assert program, "scripts/setup.sh installs Debian's prometheus package"
    settings = dataclasses.replace(ui.settings(), metrics=MetricsConfig(listen="127.0.0.1:0"))
    slot = DemoSlot(ui.FAST_CARD)
    driver = Driver(settings, slot)
    prometheus: subprocess.Popen[bytes] | None = None
    try:
        metrics = driver.app.services.metrics
        driver.wait_for(lambda: metrics.address is not None, what="the metrics listener")
        assert metrics.address is not None
        kiosk_port = metrics.address[1]
        slot.insert("somchai")
        notice = driver.wait_screen("notice")
        driver.tap(notice.ids.accept)
        driver.wait_screen("hello")
        slot.remove()
        driver.wait_screen("attract")

        (tmp_path / "prometheus.yml").write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n  - job_name: onecard\n    static_configs:\n"
            f"      - targets: ['127.0.0.1:{kiosk_port}']\n",
            "utf-8",
        )
        web = free_port()
        prometheus = subprocess.Popen(
            [
                program,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'data'}",
                f"--web.listen-address=127.0.0.1:{web}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "prometheus.log").open("wb"),
        )
        base = f"http://127.0.0.1:{web}"
        scrapes = 'count_over_time(up{job="onecard"}[1m]) >= 2'
        assert wait_for_answer(base, scrapes, prometheus) >= 2  # scraped twice

        started = query(base, 'onecard_sessions_started_total{job="onecard"}')
        ended = query(base, 'onecard_sessions_ended_total{job="onecard",reason="removed"}')
        build = query(base, 'onecard_build_info{job="onecard"}')
        assert [float(sample["value"][1]) for sample in started] == [1.0]
        assert [float(sample["value"][1]) for sample in ended] == [1.0]
        assert build and build[0]["metric"]["mode"] == "kiosk"
        assert build[0]["metric"]["api"] == "sandbox"
        assert query(base, 'up{job="onecard"}')[0]["value"][1] == "1"
    finally:
        if prometheus is not None:
            prometheus.terminate()  # by its PID: only the process this test started
            try:
                prometheus.wait(timeout=10)
            except subprocess.TimeoutExpired:
                prometheus.kill()
                prometheus.wait()
        driver.close()
