"""Reads of declarations for pages, exports and tasks: the joins are decided here, once."""
from django.utils.translation import gettext_lazy as _

from greenlist.models import HistoryEntry

from . import permissions
from .models import Declaration, DeclarationStatus
from .workflow import TRANSITIONS


def declarations_for(user):
    """Every declaration the user may see, newest first; DeclarationFilter narrows it."""
    return (
        permissions.visible_declarations(user)
        .select_related("batch", "authority", "industry", "applicant")
        .order_by("-updated_at", "-pk")
    )


def declaration_detail(user, pk: int) -> Declaration | None:
    return (
        permissions.visible_declarations(user)
        .select_related("batch", "authority", "industry", "applicant")
        .prefetch_related("versions")
        .filter(pk=pk)
        .first()
    )


# Labels of history actions that are not workflow transitions (those carry their own label).
_ACTION_LABELS = {
    "create": _("创建草稿"),
    "edit": _("修改申报内容"),
    "engage_agency": _("委托第三方评价机构"),
    "accept_engagement": _("评价机构接受委托并声明独立性"),
    "decline_engagement": _("评价机构拒绝委托"),
    "save_evaluation": _("保存评价草稿"),
    "save_self_evaluation": _("保存自评价"),
    "save_third_party_scores": _("保存第三方评价打分"),
    "withdraw_engagement": _("改为自评价，撤回评价委托"),
    "declare_negative_list": _("填写否决项声明"),
    "upload_attachment": _("上传附件"),
    "delete_attachment": _("删除附件"),
    "request_self_evaluation_report": _("申请生成自评价报告"),
}


def history_for(decl: Declaration) -> list[HistoryEntry]:
    """The declaration's history, oldest first, with readable labels for the page."""

    labels = {**_ACTION_LABELS, **{t.action: t.label for t in TRANSITIONS}}
    entries = list(HistoryEntry.objects.for_object(decl).select_related("actor"))
    for entry in entries:
        entry.action_label = labels.get(entry.action, entry.action)
        entry.from_state_label = _state_label(entry.from_state)
        entry.to_state_label = _state_label(entry.to_state)
    return entries


def _state_label(value: str) -> str:
    return DeclarationStatus(value).label if value in DeclarationStatus.values else value
