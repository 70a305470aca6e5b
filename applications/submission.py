"""What a submission needs, gathered from every part of a declaration. Each part (the main
form, the kind's details, the negative list, attachments, the self-evaluation) registers:
- a check: f(decl, ctx) -> list of messages, each naming what is missing or what blocks;
- a freezer: f(decl) -> JSON-able data, called inside the submit transaction to freeze the part
  and to keep a copy in the submitted version (R-FLOW-2).
The submit guard shows every message at once. Parts register at app ready time (this app's
own in apps.py, the evaluation stage's in evaluations/apps.py), so a part's module can import the
workflow, and this app never imports a later one."""
from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

Check = Callable[..., list]  # (decl, ctx) -> messages

_CHECKS: list[tuple[int, Check]] = []  # (order on the page, check)
_FREEZERS: dict[str, Callable] = {}  # name in the version's data -> freezer
_REQUIRED_PARTS: list[Callable] = []  # (decl, ctx) -> the label of a missing part, or None


def add_check(check: Check, *, order: int) -> None:
    if all(c is not check for _o, c in _CHECKS):
        _CHECKS.append((order, check))
        _CHECKS.sort(key=lambda row: row[0])


def add_freezer(name: str, freezer: Callable) -> None:
    _FREEZERS[name] = freezer


def add_required_part(part: Callable) -> None:
    """A part named among the missing fields (e.g. the agency of a third-party declaration)."""
    if part not in _REQUIRED_PARTS:
        _REQUIRED_PARTS.append(part)


# What a draft may lack but a submission may not (the form marks these with an asterisk).
REQUIRED_FIELDS = (
    "unit_name", "uscc", "authority", "city", "industry", "contact_name", "contact_phone",
)


def problems(decl, ctx: dict) -> list[str]:
    found = []
    for _order, check in _CHECKS:
        found.extend(str(m) for m in check(decl, ctx))
    return found


def freeze(decl) -> dict:
    return {name: freezer(decl) for name, freezer in _FREEZERS.items()}


def missing_fields(decl, ctx: dict) -> list[str]:
    meta = type(decl)._meta
    missing = [str(meta.get_field(name).verbose_name) for name in REQUIRED_FIELDS
               if getattr(decl, name) in (None, "")]
    missing.extend(str(label) for part in _REQUIRED_PARTS if (label := part(decl, ctx)))
    if missing:
        return [_("申报内容不完整，请补充：%(m)s。") % {"m": "、".join(missing)}]
    return []
