"""What others see of a returned declaration while its applicant revises it (R-FLOW-2): the last
submitted version as frozen in DeclarationVersion.data, never the draft being edited."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenlist.models import Authority, Industry

from . import permissions
from .details import DETAILS_MODELS
from .models import Declaration, DeclarationStatus, DeclarationVersion

DERIVED_LABELS = {"energy_flag": gettext_lazy("能耗高于先进值（R-ENERGY）")}


def shows_draft_to(user, decl: Declaration) -> bool:
    """Only the applicant's members see the draft of a returned declaration; everyone else who
    may view it (authority, agency, ministry) sees the version it was returned from."""
    return decl.status != DeclarationStatus.RETURNED or permissions.has_perm(user, permissions.CHANGE, decl)


def submitted_evidence(answer) -> str:
    """The stored name of a negative-list answer's evidence in the version last submitted ("" if
    it had none): the file others may still download while the declaration is revised."""
    version = answer.declaration.versions.order_by("-number").first()
    items = (version.data.get("negative_list") or {}).get("items", []) if version else []
    return next((item.get("evidence_file") or "" for item in items if item.get("code") == answer.item_code), "")


@dataclass
class FrozenVersion:
    version: DeclarationVersion
    fields: list[tuple[str, str]]
    details: list[tuple[str, str]]
    negative_list: list[tuple[str, str]]
    self_total: str | None
    self_groups: dict


def last_submitted(decl: Declaration) -> FrozenVersion | None:
    version = decl.versions.order_by("-number").first()
    if version is None:
        return None
    data = version.data
    authority = Authority.objects.filter(code=data.get("authority")).first()
    industry = Industry.objects.filter(code=data.get("industry")).first()
    fields = [
        (_("单位（工厂、园区、产品）名称"), data.get("unit_name") or "—"),
        (_("统一社会信用代码"), data.get("uscc") or "—"),
        (_("推荐单位"), f"{authority or '—'} · {data.get('city') or '—'}"),
        (_("所属行业"), str(industry or "—")),
        (_("自评价得分"), data.get("self_score") or "—"),
        (_("联系人"), f"{data.get('contact_name') or '—'} {data.get('contact_phone') or ''}".strip()),
    ]
    model = DETAILS_MODELS.get(decl.kind)
    details = []
    for name, value in (data.get("details") or {}).items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a derived value frozen with the fields, or a field since renamed
            label = str(DERIVED_LABELS.get(name, name))
        if isinstance(value, bool):
            value = _("是") if value else _("否")
        details.append((label, "—" if value in (None, "") else str(value)))
    answers = {"yes": _("是"), "no": _("否")}
    negative = [(item.get("wording", item.get("code", "")), answers.get(item.get("answer"), "—"))
                for item in (data.get("negative_list") or {}).get("items", [])]
    evaluation = data.get("self_evaluation") or {}
    return FrozenVersion(version=version, fields=fields, details=details, negative_list=negative,
                         self_total=evaluation.get("total"), self_groups=evaluation.get("groups") or {})
