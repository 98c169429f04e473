"""Forms benchmark: for each shipped form, the median time to fill it from the card data and
render the PDF (QR signing included), the PDF size and the signed QR payload size (and the QR
version it needs). The card is read once beforehand (card reading has its own benchmark).

    .venv/bin/python benchmarks/forms.py [--repeat N] [--profile ID]

SIGTERM or Ctrl-C stops it cleanly with the figures measured so far.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qrcode

from benchmarks import _stop
from cardreader.emulator import demo_card_data
from cardreader.model import CardData
from forms import (
    FormDefinition,
    Provenance,
    SigningKey,
    ephemeral_key,
    fill,
    load_forms,
    make_qr_payload,
    render_pdf,
)

ANSWERS = {"phone": "0812345678", "payment_method": "cash", "main_crop": "rice"}


def fill_and_render(form: FormDefinition, card: CardData, key: SigningKey) -> tuple[bytes, str]:
    filled = fill(form, card, ANSWERS)
    provenance = Provenance("KIOSK-BENCH-01", dt.datetime.now(dt.UTC))
    qr = make_qr_payload(filled, provenance, key)
    return render_pdf(filled, provenance, qr), qr.text


def qr_version(text: str) -> int:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return int(code.version)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per form (default 20)")
    parser.add_argument("--profile", default="wichai", help="demo citizen (default wichai)")
    args = parser.parse_args()
    card = demo_card_data(args.profile)
    key = ephemeral_key()
    forms = load_forms()
    fill_and_render(next(iter(forms.values())), card, key)  # fonts and definitions warm
    print(f"demo citizen {args.profile}, median of {args.repeat} runs")
    print(f"{'form':<28}{'fill+render ms':>16}{'PDF bytes':>12}{'QR bytes':>10}{'QR ver':>8}")
    for form in forms.values():
        times: list[float] = []
        try:
            for _ in range(args.repeat):
                start = time.perf_counter()
                pdf, payload = fill_and_render(form, card, key)
                times.append(time.perf_counter() - start)
        finally:
            if times:
                median_ms = statistics.median(times) * 1000
                line = f"{form.id:<28}{median_ms:>16.1f}{len(pdf):>12,}{len(payload):>10}"
                print(f"{line}{qr_version(payload):>8}{_stop.so_far(len(times), args.repeat)}")


if __name__ == "__main__":
    _stop.main(main)
