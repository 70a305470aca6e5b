"""R-USCC: the validator names exactly what is wrong."""
import pytest
from django.core.exceptions import ValidationError

from greenlist.uscc import check_character, validate_uscc, with_check_character


@pytest.mark.parametrize("code", ["91350100M000100Y43", "914403001922038216", " 91350100m000100y43 "])
def test_valid_codes_pass(code):
    """R-USCC: the two published examples are valid (case and spaces are normalised)."""
    validate_uscc(code)


def _error(code, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_uscc(code, **kwargs)
    return info.value


def test_bad_checksum_names_the_expected_character():
    """R-USCC: a checksum failure says which check character was expected."""
    err = _error("91350100M000100Y44")
    assert err.code == "uscc_checksum"
    assert "第 18 位应为“3”" in err.messages[0] and "当前为“4”" in err.messages[0]


def test_bad_checksum_can_be_overridden_by_admin_flag():
    """R-USCC: early pilot codes fail the checksum but are genuine; an admin may override."""
    validate_uscc("91350100M000100Y44", allow_bad_checksum=True)


@pytest.mark.parametrize("bad, char", [("91350100M000100I43", "I"), ("91350100M0001O0Y43", "O"),
                                       ("9135010OS000100Y43", "OS"), ("91350100M000100-43", "-")])
def test_forbidden_character_is_named(bad, char):
    """R-USCC: I, O, S, V, Z and punctuation are refused, and the message names them."""
    err = _error(bad)
    assert err.code == "uscc_charset"
    assert f"“{char}”" in err.messages[0]


@pytest.mark.parametrize("bad, length", [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0)])
def test_wrong_length_gives_the_length(bad, length):
    """R-USCC: 18 characters; the message says how many were given."""
    err = _error(bad)
    assert err.code == "uscc_length"
    assert f"当前为 {length} 位" in err.messages[0]


def test_letters_in_the_region_digits_are_refused():
    """R-USCC: characters 3–8 are the registering authority's division code, digits only."""
    err = _error("9135A100M000100Y43")
    assert err.code == "uscc_region"
    assert "35A100" in err.messages[0]


def test_check_character_matches_the_published_formula():
    """R-USCC: C18 = (31 − Σ val(cᵢ)·3^(i−1) mod 31) mod 31."""
    assert check_character("91350100M000100Y4") == "3"
    assert check_character("91440300192203821") == "6"
    code = with_check_character("91330100MA2A00011")
    validate_uscc(code)
