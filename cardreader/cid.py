"""The 13-digit citizen ID: checksum, masking for logs and screens, display format."""

from __future__ import annotations

CID_LENGTH = 13


def cid_check_digit(first12: str) -> int:
    """The 13th digit for the first 12: (11 - sum(d_i * (14 - i)) mod 11) mod 10."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_cid(text: str) -> bool:
    """True for 13 ASCII digits whose last digit is the checksum and whose first is not 0."""
    if len(text) != CID_LENGTH or not text.isascii() or not text.isdigit():
        return False
    return text[0] != "0" and cid_check_digit(text[:12]) == int(text[12])


def format_cid(cid: str) -> str:
    """1234567890123 -> 1-2345-67890-12-3, the way it is printed on the card."""
    return f"{cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"


def mask_cid(cid: str) -> str:
    """1234567890123 -> 1-2345-xxxxx-xx-3: enough for a helpdesk, not enough to identify."""
    if len(cid) != CID_LENGTH:
        return "x-xxxx-xxxxx-xx-x"
    return f"{cid[0]}-{cid[1:5]}-xxxxx-xx-{cid[12]}"
