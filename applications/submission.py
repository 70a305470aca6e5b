"""What a submission needs, gathered from every part of a declaration. Each part (the main
form, the kind's details, the negative list, attachments, the self-evaluation) registers:
- a check: f(decl, ctx) -> list of messages, each naming what is missing or what blocks;
- a freezer: f(decl) -> JSON-able data, called inside the submit transaction to freeze the part
  and to keep a copy in the submitted version (R-FLOW-2).
The submit guard shows every message at once. Parts are dotted paths so that a part's module
can import the workflow without an import cycle."""
from __future__ import annotations

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

CHECKS = [
    "applications.submission.missing_fields",
    "evaluations.engagements.submission_check",
    "applications.details.check_details",
    "applications.negative_list.submission_problems",
    "evaluations.indicators.submission_check",
    "applications.attachments.submission_problems",
]
FREEZERS = {
    # name in the version's data -> dotted path
    "details": "applications.details.freeze_details",
    "negative_list": "applications.negative_list.frozen_copy",
    "self_evaluation": "evaluations.indicators.freeze",
    "attachments": "applications.attachments.freeze",
}

# What a draft may lack but a submission may not (the form marks these with an asterisk).
REQUIRED_FIELDS = (
    "unit_name", "uscc", "authority", "city", "industry", "contact_name", "contact_phone",
)


def problems(decl, ctx: dict) -> list[str]:
    found = []
    for path in CHECKS:
        found.extend(str(m) for m in import_string(path)(decl, ctx))
    return found


def freeze(decl) -> dict:
    return {name: import_string(path)(decl) for name, path in FREEZERS.items()}


def missing_fields(decl, ctx: dict) -> list[str]:
    meta = type(decl)._meta
    missing = [str(meta.get_field(name).verbose_name) for name in REQUIRED_FIELDS
               if getattr(decl, name) in (None, "")]
    if decl.uses_third_party:
        from evaluations.engagements import engagement_in  # the engagement states: see its submission_check

        if engagement_in(decl, ctx) is None:
            missing.append(_("第三方评价机构"))
    if missing:
        return [_("申报内容不完整，请补充：%(m)s。") % {"m": "、".join(missing)}]
    return []
