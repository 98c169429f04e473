"""Forms benchmark: for each shipped form, the median time to fill it from the card data, sign
the QR and render the PDF (against the 100 ms goal), the 90th percentile and the first run (its
form's own labels not yet shaped: the renderer remembers shaped text across renders), the PDF
size, the signed QR payload size, the QR version it needs and the printed size of its modules
in mm (0.6 mm or more reads from a 100 dpi scan). The card is read once beforehand (card
reading has its own benchmark).

    .venv/bin/python benchmarks/forms.py [--repeat N] [--profile ID]

SIGTERM or Ctrl-C stops it cleanly with the figures measured so far.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
from forms.pdf import QR_MIN_SIZE, QR_MODULE
from forms.pdf.canvas import QR_BORDER, qr_matrix

ANSWERS = {"phone": "0812345678", "payment_method": "cash", "main_crop": "rice"}
GOAL_MS = 100.0
KIOSK_ID = "nakhonpathom-dla-kiosk-03"  # as long as the example config's


def fill_and_render(form: FormDefinition, card: CardData, key: SigningKey) -> tuple[bytes, str]:
    filled = fill(form, card, ANSWERS)
    provenance = Provenance(KIOSK_ID, dt.datetime.now(dt.UTC))
    qr = make_qr_payload(filled, provenance, key)
    return render_pdf(filled, provenance, qr), qr.text


def qr_version_and_module(text: str) -> tuple[int, float]:
    """The QR version and the printed module size in mm, as render_pdf draws it."""
    modules = len(qr_matrix(text))
    version = (modules - 2 * QR_BORDER - 17) // 4
    return version, max(QR_MODULE, QR_MIN_SIZE / modules)


def _percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per form (default 20)")
    parser.add_argument("--profile", default="wichai", help="demo citizen (default wichai)")
    args = parser.parse_args()
    card = demo_card_data(args.profile)
    key = ephemeral_key()
    forms = load_forms()
    fill_and_render(next(iter(forms.values())), card, key)  # fonts and definitions warm
    print(f"demo citizen {args.profile}, median of {args.repeat} runs, goal {GOAL_MS:.0f} ms")
    print(
        f"{'form':<28}{'fill+sign+render ms':>20}{'p90 ms':>8}{'first ms':>10}{'PDF bytes':>11}"
        f"{'QR bytes':>10}{'QR ver':>8}{'module mm':>11}"
    )
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
                verdict = "ok" if median_ms <= GOAL_MS else "SLOW"
                version, module = qr_version_and_module(payload)
                p90_ms = _percentile(times, 0.9) * 1000
                print(
                    f"{form.id:<28}{median_ms:>12.1f} {verdict:<7}{p90_ms:>8.1f}"
                    f"{times[0] * 1000:>10.1f}{len(pdf):>11,}"
                    f"{len(payload):>10}{version:>8}{module:>11.2f}"
                    f"{_stop.so_far(len(times), args.repeat)}"
                )


if __name__ == "__main__":
    _stop.main(main)
