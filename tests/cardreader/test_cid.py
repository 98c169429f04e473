from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cardreader.cid import cid_check_digit, format_cid, is_valid_cid, mask_cid


def test_known_valid_and_invalid_ids() -> None:
    assert is_valid_cid("3100700123451")
    assert not is_valid_cid("3100700123452")
    assert not is_valid_cid("310070012345")
    assert not is_valid_cid("31007001234５1")  # a full-width digit is not ASCII
    assert not is_valid_cid("0100700123451")


def test_mask_and_format() -> None:
    assert mask_cid("1234567890121") == "1-2345-xxxxx-xx-1"
    assert format_cid("1234567890121") == "1-2345-67890-12-1"
    assert mask_cid("garbage") == "x-xxxx-xxxxx-xx-x"


@given(st.text(alphabet="0123456789", min_size=12, max_size=12).filter(lambda s: s[0] != "0"))
def test_every_checksummed_id_validates_and_any_other_last_digit_does_not(first12: str) -> None:
    check = cid_check_digit(first12)
    assert is_valid_cid(first12 + str(check))
    assert not any(is_valid_cid(first12 + str(d)) for d in range(10) if d != check)
