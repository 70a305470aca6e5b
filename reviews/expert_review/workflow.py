"""What the expert-review stage adds to the declaration's workflow (applications.workflow): when a
declaration leaves review (the province's veto, the ministry's decision), its experts' open tasks
end in the same transaction, or they would wait for ever (R-REVIEW-1); and a recommendation under
review can no longer be taken back. Registered in apps.ready()."""
from __future__ import annotations

from django.utils.translation import gettext as _

from applications import workflow
from greenlist.history import Action

from .models import ExpertAssignment
from .services import LEFT_REVIEW, close_open_assignments


def not_under_review(decl, ctx) -> str | None:
    """R-RANK: a recommendation is taken back only before the ministry has assigned experts."""
    if ExpertAssignment.objects.filter(declaration=decl).exists():
        return _("工业和信息化部已为该申报安排专家评审，不能撤回推荐；如有问题请记录否决项或联系部里。")
    return None


def close_tasks(decl, transition, actor) -> None:
    close_open_assignments(actor=actor, declaration=decl, reason=str(LEFT_REVIEW[transition.action]))


def register() -> None:
    workflow.add_guard((Action.UNRECOMMEND,), not_under_review)
    workflow.add_effect(tuple(LEFT_REVIEW), close_tasks)
