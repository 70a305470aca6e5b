"""统一社会信用代码 (GB 32100-2015), R-USCC: format and check character, with messages that say
exactly what is wrong. A checksum failure is its own error code so a ministry admin may override it."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def check_character(first17: str) -> str:
    total = sum(_VALUES[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(value: str) -> str:
    return (value or "").strip().upper()


def validate_uscc(value: str, *, allow_bad_checksum: bool = False) -> None:
    code = normalise(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，当前为 %(n)d 位。") % {"n": len(code)}, code="uscc_length"
        )
    forbidden = [c for c in code if c not in CHARSET]
    if forbidden:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符“%(c)s”（只能使用数字和除 I、O、S、V、Z 以外的大写字母）。")
            % {"c": "".join(dict.fromkeys(forbidden))},
            code="uscc_charset",
        )
    if not PATTERN.match(code):
        raise ValidationError(
            _("统一社会信用代码第 3—8 位应为数字（登记管理机关行政区划码），当前为“%(d)s”。") % {"d": code[2:8]},
            code="uscc_region",
        )
    expected = check_character(code[:17])
    if code[17] != expected and not allow_bad_checksum:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第 18 位应为“%(e)s”，当前为“%(a)s”，请核对。") % {"e": expected, "a": code[17]},
            code="uscc_checksum",
        )


def with_check_character(first17: str) -> str:
    """Complete 17 characters into a valid code (demo data and test factories)."""
    first17 = normalise(first17)
    if len(first17) != 17:
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    return first17 + check_character(first17)
