"""The one guard every applicant write goes through (R-FLOW-2): the actor may change the
declaration, and it is still a draft or returned for revision. Each part keeps its own wording
of the frozen message."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import permissions, workflow
from .models import Declaration

FROZEN = gettext_noop("申报已提交（状态：%(s)s），内容已冻结，不能修改。")  # translated when raised


def require_editable(actor, decl, *, frozen: str | None = None) -> None:
    if not permissions.has_perm(actor, "applications.change_declaration", decl):
        raise PermissionDenied(_("您无权修改该申报。"))
    if not decl.is_editable:
        raise workflow.TransitionRefused(_(frozen or FROZEN) % {"s": decl.get_status_display()}, code="frozen")


def lock_editable(actor, declaration, *, related=(), frozen: str | None = None):
    """Lock the declaration row, then check: a submission running at the same time waits for the
    lock, and this then sees the new state and refuses. Call inside a transaction."""

    qs = Declaration.objects.select_for_update(of=("self",))
    if related:
        qs = qs.select_related(*related)
    decl = qs.get(pk=declaration.pk)
    require_editable(actor, decl, frozen=frozen)
    return decl
