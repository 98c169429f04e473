"""OneCard's settings, typed and in one place: a frozen dataclass tree read from a TOML file,
then overridden by environment variables, then validated.

Every key is a field below with its default; an unknown key, a value of the wrong type or an
invalid value stops start-up with a `ConfigError` naming the key (e.g. `api.read_timeout`).
Secrets never come from the repository or the config file itself: the consumer secret is read
from `ONECARD_API_SECRET`, or from the file named by `ONECARD_API_SECRET_FILE` or
`[api] consumer_secret_file`.

Config file: the `path` argument, else `ONECARD_CONFIG`, else /etc/onecard/onecard.toml when
it exists, else the defaults.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import ipaddress
import math
import os
import re
import tomllib
import types
import typing
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardreader.text import Bilingual
from kiosk import pin
from kiosk.errors import UserFacingError

EMBEDDED_API = "embedded"  # the sandbox server, started in-process: only when asked for
NOT_CONFIGURED = ""  # no status API at this kiosk: forms work, entitlements say so
MAX_SECONDS = 300.0  # every timeout and budget is finite, positive and at most this
DEFAULT_CONFIG_PATH = Path("/etc/onecard/onecard.toml")
LANGUAGES = ("th", "en")


@dataclass(frozen=True)
class ApiConfig:
    """Where and how to reach the subsidy-status API (see docs/api.md).

    `url` is empty until an agency configures it: sample data is never the silent default.
    The embedded sandbox runs only when asked for, with `--demo` or `url = "embedded"`."""

    url: str = NOT_CONFIGURED
    consumer_key: str = ""
    consumer_secret: str = field(default="", repr=False)
    ca_bundle: Path | None = None  # extra trust anchors; verification itself is always on
    client_cert: Path | None = None  # mutual TLS, one certificate per kiosk
    client_key: Path | None = None
    kiosk_id: str = "onecard-kiosk"  # X-Road-Client
    officer_id: str = "citizen-self-service"  # X-Road-UserId
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    lookup_budget: float = 15.0  # seconds for one lookup, retries and token refresh included
    max_retries: int = 3
    backoff_base: float = 0.2
    backoff_max: float = 2.0

    @property
    def is_embedded(self) -> bool:
        return self.url == EMBEDDED_API

    @property
    def is_configured(self) -> bool:
        return self.url != NOT_CONFIGURED


@dataclass(frozen=True)
class KioskConfig:
    languages: tuple[str, ...] = LANGUAGES  # the first is the default
    idle_timeout: float = 60.0  # seconds without a touch before the kiosk resets
    form_idle_timeout: float = 120.0  # the same on the form screens (typing takes longer)
    enabled_forms: tuple[str, ...] = ()  # empty: every form
    admin_pin_hash: str = field(default="", repr=False)
    signing_key: Path | None = None  # Ed25519 key signing form QR codes; none: a demo key


@dataclass(frozen=True)
class PrinterConfig:
    name: str = ""  # CUPS queue; empty: the system default


@dataclass(frozen=True)
class BrandingConfig:
    agency_name_th: str = ""
    agency_name_en: str = ""
    logo: Path | None = None  # PNG, shown on the attract screen
    primary_colour: str = ""  # "#RRGGBB" for buttons and highlights; empty: OneCard's own
    header_colour: str = ""  # "#RRGGBB" for the title bar; empty: OneCard's own


@dataclass(frozen=True)
class AgentConfig:
    """`onecard agent`, the card agent for the agency's own web applications (docs/agent.md).

    It listens on 127.0.0.1 only. `allowed_origins` lists the web origins that may use it,
    each exactly as a browser sends it ("https://counter.example.go.th", no path, no slash);
    empty: no page may use it. `host_names`: extra names the agent answers to besides
    127.0.0.1 and localhost (a browser-trusted name pointing at 127.0.0.1)."""

    allowed_origins: tuple[str, ...] = ()
    port: int = 8766
    token_ttl: float = 900.0  # seconds a paired page's token lives (renewable while valid)
    pairing_ttl: float = 120.0  # seconds a pairing code waits for the officer's approval
    host_names: tuple[str, ...] = ()
    tls_cert: Path | None = None  # from `onecard agent cert`; none: plain http on loopback
    tls_key: Path | None = None


@dataclass(frozen=True)
class SpeechConfig:
    """Voice guidance (docs/speech.md). Off until the citizen turns it on, unless
    `enabled_by_default`. `clips_dir` holds the agency's recorded clips,
    `<clips_dir>/<th|en>/<message key>.wav`; what has no clip is spoken by espeak-ng at
    `rate` words per minute."""

    enabled_by_default: bool = False
    clips_dir: Path | None = None
    rate: int = 150


SIGN_IN_WAYS = ("both", "card", "staff_id")


@dataclass(frozen=True)
class DeskConfig:
    """The counter officer's desk (`onecard desk`). An officer signs in before any lookup:
    with their own ID card (the X-Road-UserId is then their citizen ID, as the data-exchange
    agent) or with a staff id and PIN (the X-Road-UserId is then the staff id).

    `officers` lists the staff ids allowed to sign in with a PIN, each "staff-id:hash" with
    the hash made by `onecard admin-pin-hash`."""

    sign_in: str = "both"  # "card", "staff_id" or both
    officers: tuple[str, ...] = field(default=(), repr=False)
    idle_timeout: float = 600.0  # seconds without a key or touch: the officer is signed out
    trusted_keys: Path | None = None  # kiosk public keys (<kiosk-id>.pub) for receiving forms
    export_dir: Path | None = None  # where received forms are exported; none: ~/OneCard-export

    def officer_pin_hashes(self) -> dict[str, str]:
        return dict(entry.split(":", 1) for entry in self.officers)


@dataclass(frozen=True)
class OfficeConfig:
    """The office that receives this kiosk's forms, named in the printed header with the
    addressee of its "เรียน …" line. Empty: the form's generic office. `forms`: the forms it
    receives (others keep their own generic office); empty: every form."""

    name_th: str = ""
    name_en: str = ""
    addressee_th: str = ""
    addressee_en: str = ""
    forms: tuple[str, ...] = ()

    @property
    def name(self) -> Bilingual:
        return Bilingual(self.name_th, self.name_en)

    @property
    def addressee(self) -> Bilingual:
        return Bilingual(self.addressee_th, self.addressee_en)

    def applies_to(self, form_id: str) -> bool:
        return bool(self.name_th) and (not self.forms or form_id in self.forms)


LOG_FORMATS = ("text", "json")


@dataclass(frozen=True)
class MetricsConfig:
    """The fleet's metrics (kiosk.metrics, deploy/README.md): `/metrics` (Prometheus text
    format) and `/healthz` served on `listen`, "host:port" ("[::1]:9464" for IPv6); empty: no
    listener. `textfile`: also write the metrics to this file (node exporter's textfile
    collector, a name ending in .prom) every `probe_interval` seconds, when printer and API
    are probed. Nothing personal is ever counted."""

    listen: str = "127.0.0.1:9464"
    textfile: Path | None = None
    probe_interval: float = 30.0


@dataclass(frozen=True)
class LoggingConfig:
    """`format`: "text" (one readable line per event) or "json" (one JSON object per line,
    for journald and a log shipper; kiosk.logjson). Either way only masked citizen IDs."""

    format: str = "text"


@dataclass(frozen=True)
class AppConfig:
    api: ApiConfig = ApiConfig()
    kiosk: KioskConfig = KioskConfig()
    printer: PrinterConfig = PrinterConfig()
    branding: BrandingConfig = BrandingConfig()
    agent: AgentConfig = AgentConfig()
    speech: SpeechConfig = SpeechConfig()
    desk: DeskConfig = DeskConfig()
    office: OfficeConfig = OfficeConfig()
    metrics: MetricsConfig = MetricsConfig()
    logging: LoggingConfig = LoggingConfig()


class ConfigError(UserFacingError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(
            Bilingual(
                f"ค่าตั้งระบบ {key} ไม่ถูกต้อง ({problem})", f"Setting {key} is invalid: {problem}."
            ),
            Bilingual("กรุณาติดต่อผู้ดูแลระบบ", "Please ask the system administrator."),
            reference=key,
        )
        self.key = key


# Environment variable -> (section, key). *_FILE variants read the value from a file.
ENVIRONMENT = {
    "ONECARD_API_URL": ("api", "url"),
    "ONECARD_API_KEY": ("api", "consumer_key"),
    "ONECARD_API_SECRET": ("api", "consumer_secret"),
    "ONECARD_CA_BUNDLE": ("api", "ca_bundle"),
    "ONECARD_CLIENT_CERT": ("api", "client_cert"),
    "ONECARD_CLIENT_KEY": ("api", "client_key"),
    "ONECARD_KIOSK_ID": ("api", "kiosk_id"),
    "ONECARD_OFFICER_ID": ("api", "officer_id"),
    "ONECARD_LOOKUP_BUDGET": ("api", "lookup_budget"),
}
_FILE_ONLY = {("api", "consumer_secret")}  # never inline in the config file
_PATH_SETTINGS = {"ca_bundle", "client_cert", "client_key"}  # relative to the current directory
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def with_demo(config: AppConfig) -> AppConfig:
    """`--demo`: the embedded sandbox's sample data, whatever the file says about the API."""
    return dataclasses.replace(config, api=dataclasses.replace(config.api, url=EMBEDDED_API))


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    environment = os.environ if env is None else env
    raw, base = _read_file(path, environment)
    _apply_environment(raw, environment)
    config = _build(AppConfig, raw, "", base)
    _validate(config)
    return config


def config_file(path: Path | None = None, env: Mapping[str, str] | None = None) -> Path | None:
    """The config file `load_config` reads with these arguments; None: the defaults only."""
    environment = os.environ if env is None else env
    chosen = path or (
        Path(environment["ONECARD_CONFIG"]) if environment.get("ONECARD_CONFIG") else None
    )
    if chosen is None and DEFAULT_CONFIG_PATH.is_file():
        return DEFAULT_CONFIG_PATH
    return chosen


def _read_file(path: Path | None, env: Mapping[str, str]) -> tuple[dict[str, Any], Path]:
    chosen = config_file(path, env)
    if chosen is None:
        return {}, Path.cwd()
    try:
        raw = tomllib.loads(chosen.read_text("utf-8"))
    except OSError as error:
        raise ConfigError(str(chosen), f"cannot read the file: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(str(chosen), f"not valid TOML: {error}") from None
    _move_secret_files(raw, chosen.parent)
    return raw, chosen.parent


def _move_secret_files(raw: dict[str, Any], base: Path) -> None:
    """`consumer_secret_file` in the file becomes the secret; an inline secret is refused."""
    for section, key in _FILE_ONLY:
        table = raw.get(section)
        if not isinstance(table, dict):
            continue
        if key in table:
            raise ConfigError(f"{section}.{key}", f"keep it out of the file; use {key}_file")
        file_key = f"{key}_file"
        if file_key in table:
            table[key] = _read_secret(base / str(table.pop(file_key)), f"{section}.{file_key}")


def _read_secret(path: Path, key: str) -> str:
    try:
        return path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise ConfigError(key, f"cannot read {path}") from None


def _apply_environment(raw: dict[str, Any], env: Mapping[str, str]) -> None:
    for name, (section, key) in ENVIRONMENT.items():
        value = env.get(name)
        file_name = env.get(f"{name}_FILE")
        if file_name:
            value = _read_secret(Path(file_name), f"{name}_FILE")
        if value and key in _PATH_SETTINGS:
            value = os.path.abspath(value)
        if value:
            table = raw.setdefault(section, {})
            if isinstance(table, dict):
                table[key] = value


def _build(cls: type[Any], raw: object, prefix: str, base: Path) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(prefix.rstrip(".") or "(file)", "expected a table")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in names:
            raise ConfigError(f"{prefix}{key}", "unknown setting")
    values = {
        name: _convert(raw[name], hints[name], f"{prefix}{name}", base)
        for name in names
        if name in raw
    }
    return cls(**values)


def _convert(value: object, hint: Any, key: str, base: Path) -> object:
    """A TOML value, or an environment string, as the field's type."""
    if dataclasses.is_dataclass(hint):
        return _build(typing.cast(type[Any], hint), value, f"{key}.", base)
    if typing.get_origin(hint) in (types.UnionType, typing.Union):  # Path | None
        return _path(value, key, base)
    if typing.get_origin(hint) is tuple:
        return _text_tuple(value, key)
    if hint is bool:
        return _boolean(value, key)
    if hint in (int, float):
        return _number(value, hint, key)
    if not isinstance(value, str):
        raise ConfigError(key, "expected text")
    return value


def _path(value: object, key: str, base: Path) -> Path | None:
    if not isinstance(value, str):
        raise ConfigError(key, "expected a file path")
    return base / Path(value).expanduser() if value else None


def _text_tuple(value: object, key: str) -> tuple[str, ...]:
    items = [part.strip() for part in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(key, "expected a list of text")
    return tuple(item for item in items if item)


def _boolean(value: object, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "0", "false", "no"):
        return value.lower() in ("1", "true", "yes")
    raise ConfigError(key, "expected true or false")


def _number(value: object, kind: type[int] | type[float], key: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(key, f"expected a number, got {value!r}")
    if kind is int and isinstance(value, float):
        raise ConfigError(key, f"expected a whole number, got {value!r}")
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(key, f"expected a number, got {value!r}") from None


def _validate(config: AppConfig) -> None:
    api = config.api
    if api.is_configured and not api.is_embedded:
        _validate_url(api.url)
    for name in ("connect_timeout", "read_timeout", "lookup_budget", "backoff_base", "backoff_max"):
        _validate_seconds(getattr(api, name), f"api.{name}")
    if not 0 <= api.max_retries <= 10:
        raise ConfigError("api.max_retries", "must be between 0 and 10")
    if (api.client_cert is None) != (api.client_key is None):
        raise ConfigError("api.client_key", "client_cert and client_key go together")
    for name in ("ca_bundle", "client_cert", "client_key"):
        path = getattr(api, name)
        if path is not None and not path.is_file():
            raise ConfigError(f"api.{name}", f"no such file: {path}")
    if api.is_configured and not api.is_embedded and not (api.consumer_key and api.consumer_secret):
        raise ConfigError("api.consumer_key", "a key and secret are needed for this API")
    if not config.kiosk.languages or set(config.kiosk.languages) - set(LANGUAGES):
        raise ConfigError("kiosk.languages", f"choose from {', '.join(LANGUAGES)}")
    _validate_seconds(config.kiosk.idle_timeout, "kiosk.idle_timeout", maximum=3600.0)
    _validate_seconds(config.kiosk.form_idle_timeout, "kiosk.form_idle_timeout", maximum=3600.0)
    if config.kiosk.admin_pin_hash and not pin.is_well_formed(config.kiosk.admin_pin_hash):
        raise ConfigError("kiosk.admin_pin_hash", "make it with `onecard admin-pin-hash`")
    if config.kiosk.signing_key is not None and not config.kiosk.signing_key.is_file():
        raise ConfigError("kiosk.signing_key", f"no such file: {config.kiosk.signing_key}")
    unknown = set(config.kiosk.enabled_forms) - shipped_form_ids()
    if unknown:
        raise ConfigError("kiosk.enabled_forms", f"no such form: {', '.join(sorted(unknown))}")
    _validate_branding(config.branding)
    _validate_agent(config.agent)
    _validate_office(config.office)
    _validate_speech(config.speech)
    _validate_desk(config.desk)
    _validate_metrics(config.metrics)
    if config.logging.format not in LOG_FORMATS:
        raise ConfigError("logging.format", f"choose from {', '.join(LOG_FORMATS)}")


def _validate_desk(desk: DeskConfig) -> None:
    if desk.sign_in not in SIGN_IN_WAYS:
        raise ConfigError("desk.sign_in", f"choose from {', '.join(SIGN_IN_WAYS)}")
    for entry in desk.officers:
        staff_id, _, stored = entry.partition(":")
        if not staff_id.strip() or not pin.is_well_formed(stored):
            raise ConfigError(
                "desk.officers", 'each entry is "staff-id:hash" (hash: `onecard admin-pin-hash`)'
            )
    _validate_seconds(desk.idle_timeout, "desk.idle_timeout", maximum=3600.0)
    if desk.trusted_keys is not None and not desk.trusted_keys.exists():
        raise ConfigError("desk.trusted_keys", f"no such file or folder: {desk.trusted_keys}")


def listen_address(listen: str) -> tuple[str, int]:
    """ "host:port" (or "[v6]:port") as (host, port); ValueError says what is wrong."""
    host, colon, port = listen.rpartition(":")
    host = host.removeprefix("[").removesuffix("]") if host.startswith("[") else host
    if not colon or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"expected host:port like 127.0.0.1:9464, got {listen!r}")
    if host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"{host!r} is not an IP address (or localhost)") from None
    return host, int(port)


def _validate_metrics(metrics: MetricsConfig) -> None:
    if metrics.listen:
        try:
            listen_address(metrics.listen)
        except ValueError as error:
            raise ConfigError("metrics.listen", str(error)) from None
    if metrics.textfile is not None and not metrics.textfile.parent.is_dir():
        raise ConfigError("metrics.textfile", f"no such folder: {metrics.textfile.parent}")
    _validate_seconds(metrics.probe_interval, "metrics.probe_interval", maximum=3600.0)


def _validate_seconds(value: float, key: str, maximum: float = MAX_SECONDS) -> None:
    """A duration is a real number of seconds in (0, maximum]: nan, inf, 1e308, 0 and -1
    would each make a wait that never ends or never starts."""
    if not math.isfinite(value) or not 0 < value <= maximum:
        raise ConfigError(
            key, f"must be more than 0 and at most {maximum:g} seconds, got {value!r}"
        )


FORM_SUFFIXES = (".yaml", ".yml", ".json")  # as forms.loader.SUFFIXES (a test keeps them equal)


def shipped_form_ids() -> set[str]:
    """The ids of the forms shipped with OneCard: each definition file is named by its id.
    (Found without importing `forms`, which would cost every command its PDF machinery.)"""
    spec = importlib.util.find_spec("forms")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return set()
    definitions = Path(next(iter(folders))) / "definitions"
    return {path.stem for path in definitions.iterdir() if path.suffix in FORM_SUFFIXES}


def _validate_branding(branding: BrandingConfig) -> None:
    if branding.logo is not None and not branding.logo.is_file():
        raise ConfigError("branding.logo", f"no such file: {branding.logo}")
    for name in ("primary_colour", "header_colour"):
        value = getattr(branding, name)
        if value and not _COLOUR.fullmatch(value):
            raise ConfigError(f"branding.{name}", f"expected #RRGGBB, got {value!r}")


def _validate_url(url: str) -> None:
    """https, or plain http to this machine only: credentials never cross a network in clear."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "api.url", f"expected an http(s) URL, {EMBEDDED_API!r} (sample data) or empty"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ConfigError("api.url", "plain http is allowed only to this machine; use https")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"
_ORIGIN = re.compile(rf"https?://(?:{_HOST}|\[[0-9a-f:]+\])(?::[0-9]{{1,5}})?")
_HOST_NAME = re.compile(_HOST)


def _validate_agent(agent: AgentConfig) -> None:
    """Origins are compared exactly, so each must be in the form a browser sends: scheme,
    lowercase host, optional port; no wildcard, no path, no trailing slash."""
    for origin in agent.allowed_origins:
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(
                "agent.allowed_origins",
                f"{origin!r} is not an origin like https://counter.example.go.th "
                "(lowercase, no path, no trailing slash, no wildcard)",
            )
    if not 1024 <= agent.port <= 65535:
        raise ConfigError("agent.port", "must be between 1024 and 65535")
    _validate_seconds(agent.token_ttl, "agent.token_ttl", maximum=86400.0)
    _validate_seconds(agent.pairing_ttl, "agent.pairing_ttl", maximum=3600.0)
    for name in agent.host_names:
        if not _HOST_NAME.fullmatch(name):
            raise ConfigError("agent.host_names", f"{name!r} is not a lowercase host name")
    if (agent.tls_cert is None) != (agent.tls_key is None):
        raise ConfigError("agent.tls_key", "tls_cert and tls_key go together")
    for key in ("tls_cert", "tls_key"):
        path = getattr(agent, key)
        if path is not None and not path.is_file():
            raise ConfigError(f"agent.{key}", f"no such file: {path}")


SPEECH_RATES = (80, 400)  # words per minute espeak-ng speaks intelligibly


def _validate_speech(speech: SpeechConfig) -> None:
    if speech.clips_dir is not None and not speech.clips_dir.is_dir():
        raise ConfigError("speech.clips_dir", f"no such folder: {speech.clips_dir}")
    low, high = SPEECH_RATES
    if not low <= speech.rate <= high:
        raise ConfigError("speech.rate", f"must be between {low} and {high} words per minute")


def _validate_office(office: OfficeConfig) -> None:
    """A name in both languages, an addressee in both or neither, and forms that exist."""
    if bool(office.name_th) != bool(office.name_en):
        raise ConfigError("office.name_en", "give the name in Thai and in English")
    if bool(office.addressee_th) != bool(office.addressee_en):
        raise ConfigError("office.addressee_en", "give the addressee in Thai and in English")
    if office.addressee_th and not office.name_th:
        raise ConfigError("office.name_th", "an addressee needs the office's name")
    unknown = set(office.forms) - shipped_form_ids()
    if unknown:
        raise ConfigError("office.forms", f"no such form: {', '.join(sorted(unknown))}")
