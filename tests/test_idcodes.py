import pytest
from hypothesis import given
from hypothesis import strategies as st

from yifa.lib.idcodes import (
    USCC_ALPHABET,
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
    uscc_problem,
)
from yifa.lib.masking import mask_person_name, mask_resident_id


@pytest.mark.parametrize("value", ["11010519491231002X", "330726198001010011"])
def test_valid_resident_ids(value):
    assert resident_id_problem(value) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("110105194912310021", "校验码错误"),
        ("11010519491331002X", "出生日期无效"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "18位"),
    ],
)
def test_invalid_resident_ids(value, reason):
    assert reason in (resident_id_problem(value) or "")


def test_known_uscc_is_valid_and_altered_is_not():
    assert uscc_problem("91350100M000100Y43") is None
    assert "校验码" in (uscc_problem("91350100M000100Y44") or "")
    assert "18位" in (uscc_problem("91350100M000100YI3") or "")


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(digits17, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_resident_id_check_catches_any_single_digit_change(body, pos, delta):
    check = resident_id_check_char(body)
    changed = body[:pos] + str((int(body[pos]) + delta) % 10) + body[pos + 1:]
    assert resident_id_check_char(changed) != check


@given(st.text(alphabet=USCC_ALPHABET, min_size=15, max_size=15))
def test_generated_uscc_validates(tail):
    body = "91" + "330726"[:0] + tail  # 17 characters
    body = body[:2] + "330726" + body[8:17] if len(body) >= 17 else body
    code = body[:17] + uscc_check_char(body[:17])
    assert uscc_problem(code) is None


def test_masking_hides_the_middle():
    assert mask_resident_id("330726198001010011") == "330***********0011"
    assert mask_person_name("欧阳娜娜") == "欧***"
