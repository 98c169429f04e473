"""`onecard form list | fill | verify` and `onecard keys generate`: Smart Service forms from the
command line. The work is done by the `forms` package; this module parses, prints and turns
the package's errors into the one user-facing error path."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from cardreader.cid import mask_cid
from cardreader.emulator import list_profiles
from cardreader.text import Bilingual
from forms import (
    FilledForm,
    FormDefinition,
    FormDefinitionError,
    KeyFileError,
    PayloadRejected,
    VerifiedPayload,
    fill,
    generate_key_files,
    load_forms,
    load_public_key,
    produce,
    public_key_path,
    verify_payload,
)
from forms.validation import Answer
from kiosk.cardslot import read_card_data
from kiosk.cli.receive_commands import add_receive
from kiosk.config import load_config
from kiosk.errors import UserFacingError
from kiosk.files import write_output
from kiosk.keys import key_file_error, kiosk_signing_key

DEFAULT_KEY_FILE = Path("onecard-kiosk.key")


def register(subparsers: Any) -> None:
    form = subparsers.add_parser("form", help="service request forms filled from the ID card")
    actions = form.add_subparsers(dest="form_action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="the forms this kiosk can print")
    listing.add_argument("--json", action="store_true", help="JSON output")
    listing.set_defaults(handler=list_command)

    filling = actions.add_parser("fill", help="fill a form from a card and write it as a PDF")
    filling.add_argument("form", metavar="FORM", help="form id (see `onecard form list`)")
    source = filling.add_mutually_exclusive_group(required=True)
    source.add_argument("--card", action="store_true", help="read the card in a reader")
    source.add_argument(
        "--demo", metavar="PROFILE", help=f"a demo citizen: {', '.join(list_profiles())}"
    )
    filling.add_argument("--reader", metavar="R", help="reader name (or part of it), with --card")
    representative = filling.add_mutually_exclusive_group()
    representative.add_argument(
        "--representative-card",
        action="store_true",
        help="with --card: then read the card of a representative filing for the citizen "
        "(you are asked to swap the cards)",
    )
    representative.add_argument(
        "--representative-demo",
        metavar="PROFILE",
        help="with --demo: a demo citizen filing as the representative",
    )
    filling.add_argument("--answers", type=Path, metavar="FILE", help="citizen answers (JSON/YAML)")
    filling.add_argument("--pdf", type=Path, metavar="OUT", required=True, help="PDF to write")
    filling.add_argument("--key", type=Path, metavar="FILE", help="the kiosk's private key")
    filling.add_argument("--kiosk-id", metavar="ID", help="kiosk id printed and signed")
    filling.set_defaults(handler=fill_command)

    verify = actions.add_parser("verify", help="verify a form's QR payload")
    verify.add_argument("payload", metavar="PAYLOAD", help="the QR text, or - to read stdin")
    verify.add_argument(
        "--pubkey",
        type=Path,
        metavar="FILE",
        action="append",
        required=True,
        help="a registered kiosk public key (repeat for several kiosks)",
    )
    verify.add_argument("--json", action="store_true", help="complete JSON output")
    verify.add_argument("--show-id", action="store_true", help="show citizen IDs unmasked")
    verify.set_defaults(handler=verify_command)
    add_receive(actions)

    keys = subparsers.add_parser("keys", help="the kiosk's signing key")
    key_actions = keys.add_subparsers(dest="keys_action", required=True, metavar="ACTION")
    generate = key_actions.add_parser("generate", help="create a new Ed25519 key pair")
    generate.add_argument(
        "private_key",
        nargs="?",
        type=Path,
        default=DEFAULT_KEY_FILE,
        metavar="FILE",
        help=f"private key file to create (default {DEFAULT_KEY_FILE}); the public key goes "
        "beside it, ending in .pub",
    )
    generate.set_defaults(handler=generate_keys_command)


def _forms() -> dict[str, FormDefinition]:
    try:
        return load_forms()
    except FormDefinitionError as error:
        raise UserFacingError(
            Bilingual("แบบฟอร์มในระบบเสียหาย", f"A form definition is broken: {error}"),
            Bilingual("กรุณาติดต่อเจ้าหน้าที่", "Please ask a staff member for help."),
            reference=error.path.name,
        ) from error


def list_command(args: argparse.Namespace) -> int:
    forms = _forms()
    if args.json:
        print(
            json.dumps([_form_json(form) for form in forms.values()], ensure_ascii=False, indent=2)
        )
        return 0
    for form in forms.values():
        print(f"{form.id:<28} {form.title.th} / {form.title.en}")
        print(f"{'':<28} {form.agency.th} / {form.agency.en}")
    return 0


def _form_json(form: FormDefinition) -> dict[str, Any]:
    return {
        "id": form.id,
        "version": form.version,
        "code": form.code,
        "title": {"th": form.title.th, "en": form.title.en},
        "agency": {"th": form.agency.th, "en": form.agency.en},
        "department": {"th": form.department.th, "en": form.department.en},
        "fields": [field.id for field in form.fields],
    }


def _chosen_form(form_id: str) -> FormDefinition:
    forms = _forms()
    if form_id not in forms:
        choices = ", ".join(forms)
        raise UserFacingError(
            Bilingual(f"ไม่มีแบบฟอร์ม {form_id}", f"There is no form {form_id!r}."),
            Bilingual(f"เลือกแบบฟอร์ม: {choices}", f"Choose one of: {choices}."),
        )
    return forms[form_id]


def _read_answers(path: Path | None) -> dict[str, Answer]:
    if path is None:
        return {}
    problem = Bilingual("ไฟล์คำตอบใช้ไม่ได้", f"The answers file {path} cannot be used.")
    fix = Bilingual(
        "ใช้ไฟล์ JSON หรือ YAML ที่มีรหัสช่องและคำตอบ", "Use a JSON or YAML mapping of field id to answer."
    )
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as error:
        raise UserFacingError(problem, fix, reference=type(error).__name__) from error
    scalar = (str, int, float, bool)
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, scalar) for key, value in data.items()
    ):
        raise UserFacingError(problem, fix)
    return data


def fill_command(args: argparse.Namespace) -> int:
    form = _chosen_form(args.form)
    answers = _read_answers(args.answers)
    settings = load_config()
    key = kiosk_signing_key(args.key or settings.kiosk.signing_key)
    kiosk_id = args.kiosk_id or settings.api.kiosk_id
    _check_representative_source(args)
    read_at = dt.datetime.now(dt.UTC)
    card = read_card_data(args.reader, args.demo)
    representative, representative_read_at = None, None
    if args.representative_card or args.representative_demo:
        if args.representative_card:
            _wait_for_representative_card()
        representative = read_card_data(args.reader, args.representative_demo)
        representative_read_at = dt.datetime.now(dt.UTC)
        if representative.cid == card.cid:
            raise SAME_CARD
    filled = fill(
        form,
        card,
        answers,
        representative=representative,
        read_at=read_at,
        representative_read_at=representative_read_at,
    )
    demo = args.demo is not None
    output = produce(filled, kiosk_id, key, read_at=read_at, demo=demo, office=settings.office)
    write_output(args.pdf, output.pdf)
    _print_summary(filled, args.pdf)
    print(f"  เลขที่อ้างอิง / reference: {output.qr.reference}")
    if key.ephemeral:
        print(
            f"คำเตือน: ลงนาม QR ด้วยกุญแจทดลองชั่วคราว (key {key.key_id}) ตรวจสอบภายหลังไม่ได้ ใช้ --key / "
            "Warning: the QR is signed with a temporary demo key; it cannot be verified later. "
            "Use --key.",
            file=sys.stderr,
        )
    return 0


SAME_CARD = UserFacingError(
    Bilingual(
        "บัตรของผู้รับมอบอำนาจเป็นบัตรใบเดียวกับของผู้ยื่นคำขอ",
        "The representative's card is the applicant's own card.",
    ),
    Bilingual(
        "เมื่อมีข้อความให้เปลี่ยนบัตร ให้ดึงบัตรผู้ยื่นคำขอออกแล้วเสียบบัตรของผู้รับมอบอำนาจ",
        "When asked to swap, take the applicant's card out and insert the representative's.",
    ),
)
REPRESENTATIVE_NEEDS_SAME_SOURCE = UserFacingError(
    Bilingual(
        "อ่านบัตรผู้รับมอบอำนาจจากแหล่งเดียวกับบัตรผู้ยื่นคำขอ",
        "Read the representative's card the way the applicant's is read.",
    ),
    Bilingual(
        "ใช้ --card กับ --representative-card หรือ --demo กับ --representative-demo",
        "Use --card with --representative-card, or --demo with --representative-demo.",
    ),
)


def _check_representative_source(args: argparse.Namespace) -> None:
    if (args.representative_card and not args.card) or (
        args.representative_demo and args.demo is None
    ):
        raise REPRESENTATIVE_NEEDS_SAME_SOURCE


def _wait_for_representative_card() -> None:
    """Between the two reads from the one reader: the prompt on stderr, Enter on stdin."""
    print(
        "อ่านบัตรผู้ยื่นคำขอแล้ว ดึงบัตรออก เสียบบัตรของผู้รับมอบอำนาจ แล้วกด Enter / "
        "The applicant's card is read: take it out, insert the representative's card, "
        "then press Enter.",
        file=sys.stderr,
        flush=True,
    )
    sys.stdin.readline()


def _print_summary(filled: FilledForm, pdf: Path) -> None:
    print(f"เขียนแบบฟอร์มแล้ว / form written: {pdf}")
    if filled.proxy is not None:
        print(
            "  ยื่นแทนโดยผู้รับมอบอำนาจ พร้อมหนังสือมอบอำนาจ / filed by a representative, "
            "with the power of attorney"
        )
    for problem in filled.problems:
        print(f"  ! {problem.field_id}: {problem.message.both()}")
    missing = filled.missing_required()
    if missing:
        print("  ช่องที่ต้องเขียนด้วยมือ / to write by hand:")
        for field in missing:
            print(f"    - {field.label.both()}")
    for hint in filled.hints:
        print(f"  [{hint.outcome.value}] {hint.rule.text.both()}")


def verify_command(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.payload == "-" else args.payload
    try:
        keys = [load_public_key(path) for path in args.pubkey]
    except KeyFileError as error:
        raise key_file_error(error) from error
    try:
        verified = verify_payload(text, keys)
    except PayloadRejected as error:
        raise UserFacingError(error.what, error.action, reference=error.reason.value) from error
    if args.json:
        print(_safe_json(_verified_json(verified, show_id=args.show_id)))
        return 0
    kiosk, form = printable(verified.kiosk_id), printable(verified.form_id)
    print(f"ลายมือชื่อดิจิทัลถูกต้อง / signature valid: {form} v{verified.form_version}")
    if verified.demo:
        print(f"  !! {SAMPLE_DATA}")
    print(f"  เลขที่อ้างอิง / reference: {verified.reference}")
    print(f"  ตู้ / kiosk: {kiosk} (key {verified.key_id})")
    print(f"  อ่านบัตรเมื่อ / read at: {verified.read_at:%Y-%m-%d %H:%M} UTC")
    print(f"  หมดอายุ / expires: {verified.expires_at:%Y-%m-%d %H:%M} UTC")
    for field_id, value in verified.data.items():
        shown = value if args.show_id else mask_cids(value)
        print(f"  {printable(field_id)}: {printable(shown)}")
    if verified.representative is not None:
        print("  ผู้รับมอบอำนาจ (ยื่นแทน) / representative:")
        for field_id, value in verified.representative.items():
            shown = value if args.show_id else mask_cids(value)
            print(f"    {printable(field_id)}: {printable(shown)}")
    return 0


SAMPLE_DATA = "ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง / SAMPLE DATA — not a real citizen's data"
# 13 digits, as typed or as printed on the card (1-2345-67890-12-1), not inside a longer number
_CID_LIKE = re.compile(r"(?<![0-9])[0-9](?:[- ]?[0-9]){12}(?![0-9])")
# Control characters (C0, DEL, C1), invisible format characters (bidi overrides, zero widths),
# line and paragraph separators, lone surrogates: none reaches the terminal as itself.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def mask_cids(text: str) -> str:
    """Every citizen-ID-like run of 13 digits in `text` masked as 1-2345-xxxxx-xx-1."""
    return _CID_LIKE.sub(lambda match: mask_cid(re.sub("[- ]", "", match.group())), text)


def printable(text: str) -> str:
    """`text` with every control or invisible character shown as an escape (\\n, \\x1b,
    \\u202e) and backslashes doubled, so what a payload holds is what is seen."""
    return "".join(_escape(char) for char in text)


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _safe_json(data: object) -> str:
    """JSON with every control or invisible character as a \\u escape (plain JSON leaves C1
    controls and bidi overrides as they are). A raw newline in its output is the layout's:
    JSON escapes those inside strings itself."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(
        f"\\u{ord(char):04x}"
        if char != "\n" and unicodedata.category(char) in _HIDDEN_CATEGORIES
        else char
        for char in text
    )


def _verified_json(verified: VerifiedPayload, *, show_id: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form": verified.form_id,
        "form_version": verified.form_version,
        "kiosk_id": verified.kiosk_id,
        "key_id": verified.key_id,
        "read_at": verified.read_at.isoformat(),
        "issued_at": verified.issued_at.isoformat(),
        "expires_at": verified.expires_at.isoformat(),
        "demo": verified.demo,
        "reference": verified.reference,
        "data": {
            field: value if show_id else mask_cids(value) for field, value in verified.data.items()
        },
    }
    if verified.representative is not None:
        data["representative"] = {
            field: value if show_id else mask_cids(value)
            for field, value in verified.representative.items()
        }
    return data


def generate_keys_command(args: argparse.Namespace) -> int:
    try:
        key = generate_key_files(args.private_key)
    except KeyFileError as error:
        raise key_file_error(error) from error
    public = public_key_path(args.private_key)
    print(f"key id: {key.key_id}")
    print(f"กุญแจส่วนตัว / private key (0600): {args.private_key}")
    print(f"กุญแจสาธารณะ / public key (register it with the agencies): {public}")
    return 0
