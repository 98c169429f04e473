"""`onecard doctor`: is this machine ready to be a kiosk? Checks the config, forms, pcscd and
its readers, fonts, printer, API, clock, metrics listener and voice guidance audio, prints a
Thai/English report, and exits non-zero when any check fails (warnings do not fail it)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from kiosk.cli import doctor_checks as checks
from kiosk.cli.doctor_checks import CheckResult, Status

EXIT_CHECK_FAILED = 1
NEEDS_CONFIG = checks.M("ต้องมีค่าตั้งระบบที่ถูกต้องก่อน", "needs a valid configuration")
NOT_ASKED = checks.M("ไม่ได้ตรวจตามที่สั่ง (--skip)", "skipped as asked (--skip)")


def register(subparsers: Any) -> None:
    doctor = subparsers.add_parser("doctor", help="check this machine is ready to be a kiosk")
    doctor.add_argument("--config", type=Path, metavar="FILE", help="config file (TOML)")
    doctor.add_argument(
        "--demo",
        action="store_true",
        help="check for `onecard kiosk --demo` (sample data and a demo key only warn)",
    )
    doctor.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=sorted(checks.TITLES),
        metavar="CHECK",
        help=f"leave a check out, e.g. printer on a counter PC ({', '.join(checks.TITLES)})",
    )
    doctor.set_defaults(handler=doctor_command)


def doctor_command(args: argparse.Namespace) -> int:
    results = run_checks(args.config, frozenset(args.skip), demo=args.demo)
    print(render(results))
    return EXIT_CHECK_FAILED if any(item.status is Status.FAIL for item in results) else 0


def run_checks(
    config_path: Path | None, skip: frozenset[str], *, demo: bool = False
) -> list[CheckResult]:
    config_result, config = checks.check_config(config_path, demo)
    results = [config_result, *checks.check_card_readers(), checks.check_fonts()]
    if config is None:
        for name in ("forms", "signing_key", "printer", "api", "clock", "metrics", "audio"):
            results.append(checks.skipped(name, NEEDS_CONFIG))
    else:
        results.append(checks.check_forms(config))
        results.append(checks.check_signing_key(config, demo))
        if "printer" not in skip:
            results.append(checks.check_printer(config.printer.name))
        if not {"api", "clock"} <= skip:
            results.extend(checks.check_api(config, lambda: dt.datetime.now(dt.UTC), demo))
        if "metrics" not in skip:
            results.append(checks.check_metrics(config))
        if "audio" not in skip:
            results.append(checks.check_audio(config))
    return [_unless_skipped(item, skip) for item in _in_order(results, skip)]


def _in_order(results: list[CheckResult], skip: frozenset[str]) -> list[CheckResult]:
    """Every check once, in the report's order; those not run because skipped are added."""
    by_name = {item.check: item for item in results}
    return [by_name.get(name) or checks.skipped(name, NOT_ASKED) for name in checks.TITLES]


def _unless_skipped(item: CheckResult, skip: frozenset[str]) -> CheckResult:
    return checks.skipped(item.check, NOT_ASKED) if item.check in skip else item


def render(results: list[CheckResult]) -> str:
    lines = ["ตรวจสอบความพร้อมของเครื่อง OneCard / OneCard machine check", ""]
    for item in results:
        label = f"[{item.status.value.en}]"
        lines.append(f"{label:7} {item.title.th} / {item.title.en}")
        lines.append(f"{'':7}   {item.status.value.th}: {item.detail.th}")
        lines.append(f"{'':7}   {item.detail.en}")
    failed = sum(item.status is Status.FAIL for item in results)
    lines.append("")
    if failed:
        lines.append(f"ไม่ผ่าน {failed} รายการ / {failed} check(s) failed")
    else:
        lines.append("พร้อมใช้งาน / ready")
    return "\n".join(lines)
