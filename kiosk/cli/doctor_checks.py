"""The checks of `onecard doctor`: each looks at one thing a kiosk needs and says, in Thai and
English, whether it is there. A check never raises: what went wrong becomes its detail."""

from __future__ import annotations

import datetime as dt
import enum
import errno
import ipaddress
import shutil
import socket
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from assets import font_path
from cardreader import pcsc
from cardreader.errors import PcscError, ServiceUnavailable
from cardreader.text import Bilingual
from forms import FormDefinitionError, KeyFileError, load_forms, load_public_key
from forms.signing import key_id, load_signing_key, public_key_path
from kiosk.api.models import Health
from kiosk.apisource import entitlements_client
from kiosk.config import (
    AppConfig,
    ConfigError,
    SpeechConfig,
    config_file,
    listen_address,
    load_config,
    with_demo,
)
from kiosk.errors import UserFacingError
from kiosk.printing import default_queue, lpstat

M = Bilingual
FONTS = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")  # the UI's and the printed forms' type
THAI_AND_LATIN = "กขฃ้่๊๋ัิีึืุูAZaz0123456789"  # consonants, marks, vowels, Latin letters and digits
MAX_CLOCK_SKEW = dt.timedelta(seconds=60)  # tokens, TLS and signed QR times go wrong past this

Clock = Callable[[], dt.datetime]


class Status(enum.Enum):
    PASS = M("ผ่าน", "PASS")
    WARN = M("เตือน", "WARN")
    FAIL = M("ไม่ผ่าน", "FAIL")
    SKIP = M("ข้าม", "SKIP")


@dataclass(frozen=True)
class CheckResult:
    check: str  # the name `--skip` takes
    title: Bilingual
    status: Status
    detail: Bilingual


TITLES = {
    "config": M("ค่าตั้งระบบ", "Configuration"),
    "forms": M("แบบฟอร์ม", "Forms"),
    "pcscd": M("บริการอ่านบัตร (pcscd)", "Card reader service (pcscd)"),
    "readers": M("เครื่องอ่านบัตร", "Card readers"),
    "fonts": M("แบบอักษร", "Fonts"),
    "printer": M("เครื่องพิมพ์", "Printer"),
    "signing_key": M("กุญแจลงนามแบบฟอร์ม", "Form signing key"),
    "api": M("ระบบตรวจสอบสิทธิ์ (API)", "Entitlement API"),
    "clock": M("นาฬิกาเครื่อง", "Clock"),
    "metrics": M("ตัววัดสำหรับระบบติดตาม (/metrics)", "Metrics listener (/metrics)"),
    "audio": M("เสียงนำทาง", "Voice guidance audio"),
}


def result(check: str, status: Status, detail: Bilingual) -> CheckResult:
    return CheckResult(check, TITLES[check], status, detail)


def skipped(check: str, reason: Bilingual) -> CheckResult:
    return result(check, Status.SKIP, reason)


def check_config(path: Path | None, demo: bool = False) -> tuple[CheckResult, AppConfig | None]:
    """The config as the kiosk would load it (`demo`: as `onecard kiosk --demo` would)."""
    source = config_file(path)
    where = M(f"ไฟล์ {source}", f"file {source}") if source else M("ค่าเริ่มต้น", "the defaults")
    try:
        config = load_config(path)
    except ConfigError as error:
        return result("config", Status.FAIL, _joined(error.what, where)), None
    return result("config", Status.PASS, where), with_demo(config) if demo else config


def check_signing_key(config: AppConfig, demo: bool) -> CheckResult:
    """The key that signs form QR codes: configured, private (mode 0600), an Ed25519 key, and
    matching the public key beside it that the agencies register. A throw-away demo key fails
    outside `--demo`: the forms it signs can never be verified."""
    path = config.kiosk.signing_key
    if path is None:
        demo_key = M(
            "ไม่ได้ตั้ง kiosk.signing_key: ใช้กุญแจทดลองซึ่งตรวจสอบภายหลังไม่ได้ (onecard keys generate)",
            "no kiosk.signing_key: a throw-away demo key signs forms that no one can verify "
            "(onecard keys generate)",
        )
        return result("signing_key", Status.WARN if demo else Status.FAIL, demo_key)
    try:
        key = load_signing_key(path)
        public = load_public_key(public_key_path(path))
    except KeyFileError as error:
        detail = M(f"{error.path}: {error.message.th}", f"{error.path}: {error.message.en}")
        return result("signing_key", Status.FAIL, detail)
    if key_id(public) != key.key_id:
        pub = public_key_path(path)
        mismatch = M(f"{pub} ไม่ใช่กุญแจสาธารณะของ {path}", f"{pub} is not the public key of {path}")
        return result("signing_key", Status.FAIL, mismatch)
    found = M(f"{path} (รหัส {key.key_id})", f"{path} (key id {key.key_id})")
    return result("signing_key", Status.PASS, found)


def check_forms(config: AppConfig) -> CheckResult:
    try:
        known = load_forms()
    except FormDefinitionError as error:
        return result("forms", Status.FAIL, M(f"แบบฟอร์มเสีย: {error}", f"broken form: {error}"))
    unknown = [name for name in config.kiosk.enabled_forms if name not in known]
    if unknown:
        names = ", ".join(unknown)
        return result(
            "forms",
            Status.FAIL,
            M(f"kiosk.enabled_forms ไม่รู้จัก: {names}", f"kiosk.enabled_forms: unknown {names}"),
        )
    enabled = ", ".join(config.kiosk.enabled_forms or sorted(known))
    return result("forms", Status.PASS, M(f"เปิดใช้: {enabled}", f"enabled: {enabled}"))


def check_card_readers() -> list[CheckResult]:
    """pcscd, then its readers: one PC/SC call answers both."""
    try:
        readers = pcsc.list_readers()
    except PcscError as error:
        needs_pcscd = M("ต้องมี pcscd ก่อน", "needs pcscd")
        return [
            result("pcscd", Status.FAIL, _pcscd_problem(error)),
            skipped("readers", needs_pcscd),
        ]
    running = result("pcscd", Status.PASS, M("ทำงานอยู่", "running"))
    if not readers:
        none = M("ไม่พบเครื่องอ่านบัตร ตรวจสอบสาย USB", "no reader connected; check the USB cable")
        return [running, result("readers", Status.FAIL, none)]
    names = ", ".join(readers)
    return [running, result("readers", Status.PASS, M(names, names))]


def _pcscd_problem(error: PcscError) -> Bilingual:
    if isinstance(error, ServiceUnavailable):
        start = "systemctl enable --now pcscd.socket"
        return M(f"pcscd ไม่ทำงาน: {start}", f"pcscd is not running: {start}")
    return M(f"ติดต่อ pcscd ไม่ได้: {error}", f"cannot talk to pcscd: {error}")


def check_fonts() -> CheckResult:
    for name in FONTS:
        problem = _font_problem(name)
        if problem:
            return result("fonts", Status.FAIL, M(f"{name}: {problem}", f"{name}: {problem}"))
    names = ", ".join(FONTS)
    return result("fonts", Status.PASS, M(f"อ่านได้และมีอักษรไทย: {names}", f"Thai-capable: {names}"))


def _font_problem(name: str) -> str:
    """Why the bundled font `name` cannot set Thai and English text; empty when it can."""
    try:
        font = TTFont(font_path(name), lazy=True)
    except FileNotFoundError:
        return "missing"
    except (TTLibError, OSError) as error:
        return f"cannot be loaded ({error})"
    with font:
        cmap = font.getBestCmap() or {}
    missing = "".join(char for char in THAI_AND_LATIN if ord(char) not in cmap)
    return f"no glyphs for {missing!r}" if missing else ""


def check_printer(name: str) -> CheckResult:
    """The configured CUPS queue (or the system default) exists and accepts jobs."""
    if shutil.which("lpstat") is None:
        missing = M("ไม่มีคำสั่ง lpstat: ติดตั้ง cups-client", "no lpstat: install cups-client")
        return result("printer", Status.FAIL, missing)
    queue = name or default_queue()
    if not queue:
        none = M("ไม่มีเครื่องพิมพ์หลัก: ตั้ง printer.name", "no default printer: set printer.name")
        return result("printer", Status.FAIL, none)
    answer = lpstat("-p", queue)
    if answer.returncode != 0:
        problem = (answer.stderr or answer.stdout).strip() or "lpstat failed"
        return result("printer", Status.FAIL, M(f"{queue}: {problem}", f"{queue}: {problem}"))
    return printer_state(queue, answer.stdout)


def printer_state(queue: str, lpstat_output: str) -> CheckResult:
    """`lpstat -p QUEUE` as a check: a disabled queue holds every form it is sent."""
    if " disabled" in lpstat_output:
        disabled = M(
            f"{queue} ถูกปิดใช้งาน: cupsenable {queue}", f"{queue} disabled: cupsenable {queue}"
        )
        return result("printer", Status.FAIL, disabled)
    return result("printer", Status.PASS, M(f"{queue} พร้อม", f"{queue} ready"))


def check_api(config: AppConfig, now: Clock, demo: bool = False) -> list[CheckResult]:
    """The API's health, then the clock against the API's: one call answers both. No API is a
    warning (the kiosk serves forms only); the sandbox outside `--demo` fails (sample data)."""
    if not config.api.is_configured:
        forms_only = M(
            "ไม่ได้ตั้ง api.url: ตู้ให้บริการแบบฟอร์มเท่านั้น ไม่แสดงสิทธิ",
            "no api.url: the kiosk serves forms only, no entitlements",
        )
        return [
            result("api", Status.WARN, forms_only),
            skipped("clock", M("ต้องติดต่อ API ได้ก่อน", "needs the API")),
        ]
    try:
        with entitlements_client(config.api) as client:
            before = now()
            health = client.health()
            after = now()
    except UserFacingError as error:
        return [
            result("api", Status.FAIL, _joined(error.what, M(error.reference, error.reference))),
            skipped("clock", M("ต้องติดต่อ API ได้ก่อน", "needs the API")),
        ]
    health_check = health_result(health, config.api.is_embedded, demo)
    return [health_check, clock_result(health.time, before, after)]


def health_result(health: Health, embedded: bool, demo: bool = False) -> CheckResult:
    """Agencies that are down only warn: the kiosk shows the rest and says what is missing.
    The embedded sandbox fails outside `--demo`: its entitlements are invented."""
    if embedded:
        sample = M(
            "ใช้ API จำลอง (ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง): ตั้ง api.url ของหน่วยงาน",
            "the embedded sandbox (sample data, not real entitlements): set the agency's api.url",
        )
        return result("api", Status.WARN if demo else Status.FAIL, sample)
    down = [source.name for source in health.sources if not source.available]
    if down:
        th, en = (", ".join(name.in_language(lang) for name in down) for lang in ("th", "en"))
        return result("api", Status.WARN, M(f"หน่วยงานที่ไม่พร้อม: {th}", f"agencies down: {en}"))
    return result("api", Status.PASS, M(f"พร้อม ({health.version})", f"healthy ({health.version})"))


def clock_result(server_time: dt.datetime, before: dt.datetime, after: dt.datetime) -> CheckResult:
    """Compare with the middle of the call, so network time does not count as skew."""
    skew = server_time - (before + (after - before) / 2)
    seconds = round(skew.total_seconds(), 1)
    detail = M(f"ต่างจากเวลา API {seconds:+} วินาที", f"{seconds:+} s from the API's clock")
    return result("clock", Status.FAIL if abs(skew) > MAX_CLOCK_SKEW else Status.PASS, detail)


def _joined(first: Bilingual, second: Bilingual) -> Bilingual:
    return M(f"{first.th} ({second.th})", f"{first.en} ({second.en})")


def check_audio(config: AppConfig) -> CheckResult:
    """Voice guidance can be heard: espeak-ng with Thai and English voices, the clips folder
    (when set) readable, and a sound output (`aplay -l`, else PulseAudio's sinks)."""
    from kiosk.flow.narration import spoken_keys
    from kiosk.speech import devices, espeak
    from kiosk.speech.clips import find_player

    program = espeak.find_espeak()
    parts = [
        espeak_part(espeak.installed_languages(program) if program else None),
        output_part(devices.audio_outputs()),
    ]
    folder = config.speech.clips_dir
    if folder is not None:
        readable = devices.folder_readable(folder)
        counts = devices.clip_counts(folder, spoken_keys()) if readable else {}
        parts.append(clips_part(folder, readable, counts, len(spoken_keys()), find_player()))
    return audio_result(config.speech, parts)


AudioPart = tuple[bool, Bilingual]  # fine?, what was found


def audio_result(speech: SpeechConfig, parts: list[AudioPart]) -> CheckResult:
    """A problem fails the check when every session starts speaking (enabled_by_default),
    and only warns while a citizen has to turn voice guidance on."""
    ok = all(fine for fine, _ in parts)
    status = Status.PASS if ok else Status.FAIL if speech.enabled_by_default else Status.WARN
    detail = M("; ".join(part.th for _, part in parts), "; ".join(part.en for _, part in parts))
    return result("audio", status, detail)


def espeak_part(languages: set[str] | None) -> AudioPart:
    if languages is None:
        return False, M(
            "ไม่มี espeak-ng: apt-get install espeak-ng", "no espeak-ng: apt-get install espeak-ng"
        )
    from kiosk.speech.espeak import has_voices

    missing = [language for language, found in has_voices(languages).items() if not found]
    if missing:
        names = ", ".join(missing)
        return False, M(f"espeak-ng ไม่มีเสียงภาษา {names}", f"espeak-ng has no {names} voice")
    return True, M("espeak-ng มีเสียงไทยและอังกฤษ", "espeak-ng with Thai and English voices")


def output_part(outputs: list[str] | None) -> AudioPart:
    if outputs is None:
        return False, M(
            "ไม่มี aplay: apt-get install alsa-utils", "no aplay: apt-get install alsa-utils"
        )
    if not outputs:
        none = M("ไม่พบอุปกรณ์เสียง (aplay -l)", "no sound output device (aplay -l)")
        return False, none
    return True, M(f"อุปกรณ์เสียง: {outputs[0]}", f"sound output: {outputs[0]}")


def clips_part(
    folder: Path, readable: bool, counts: dict[str, int], total: int, player: list[str] | None
) -> AudioPart:
    if not readable:
        return False, M(f"อ่านโฟลเดอร์ {folder} ไม่ได้", f"cannot read the clips folder {folder}")
    if player is None:
        return False, M("ไม่มี aplay สำหรับเล่นเสียงที่บันทึกไว้", "no aplay to play the recorded clips")
    th, en = counts.get("th", 0), counts.get("en", 0)
    return True, M(
        f"เสียงบันทึก {folder}: ไทย {th}/{total}, อังกฤษ {en}/{total}",
        f"clips in {folder}: Thai {th}/{total}, English {en}/{total}",
    )


def check_metrics(config: AppConfig) -> CheckResult:
    """[metrics] listen: off, free for the kiosk to take, or already served by a running
    OneCard (its /metrics answers); anything else there, or an address this machine does not
    have, fails. Off the loopback it warns: the port must be firewalled (deploy/README.md)."""
    listen = config.metrics.listen
    if not listen:
        off = M(
            "ปิดอยู่ ([metrics] listen ว่าง): ระบบติดตามมองไม่เห็นเครื่องนี้",
            "off ([metrics] listen is empty): the fleet's Prometheus cannot see this machine",
        )
        return result("metrics", Status.WARN, off)
    host, port = listen_address(listen)
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as error:
        return result("metrics", Status.FAIL, M(f"{listen}: {error}", f"{listen}: {error}"))
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the kiosk's server
        try:
            probe.bind((host, port))
            found = M(f"{listen} ว่าง พร้อมให้ตู้ใช้", f"{listen} is free for the kiosk to serve")
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                problem = error.strerror or str(error)
                return result(
                    "metrics", Status.FAIL, M(f"{listen}: {problem}", f"{listen}: {problem}")
                )
            ours = _serves_onecard_metrics(host, port)
            if not ours:
                taken = M(
                    f"{listen} ถูกโปรแกรมอื่นใช้อยู่: เปลี่ยน [metrics] listen",
                    f"{listen} is taken by another program: change [metrics] listen",
                )
                return result("metrics", Status.FAIL, taken)
            found = M(f"OneCard ที่ทำงานอยู่ให้บริการที่ {listen}", f"a running OneCard serves {listen}")
    if not _is_loopback_host(host):
        exposed = M(
            f"{listen} เปิดสู่เครือข่าย: ตั้งไฟร์วอลล์ให้เฉพาะ Prometheus ของหน่วยงาน",
            f"{listen} is open to the network: firewall it to the agency's Prometheus only",
        )
        return result("metrics", Status.WARN, _joined(found, exposed))
    return result("metrics", Status.PASS, found)


def _is_loopback_host(host: str) -> bool:
    return host == "localhost" or ipaddress.ip_address(host).is_loopback


def _serves_onecard_metrics(host: str, port: int) -> bool:
    """Whether what listens at host:port is a OneCard's /metrics."""
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=3) as answer:
            return b"onecard_build_info" in answer.read()
    except (OSError, ValueError):
        return False
