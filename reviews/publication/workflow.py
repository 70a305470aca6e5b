"""What the publication stage adds to the declaration's workflow (applications.workflow): a unit
is published only after its publicity has ended with no open objection (R-PUBLICITY).
Registered in apps.ready()."""
from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Declaration
from greenlist.history import Action

from .models import Objection, Publicity


def publicity_over(decl: Declaration, ctx: dict) -> str | None:
    """R-PUBLICITY: publication waits for the end of the publicity period and for every objection."""
    publicity = Publicity.objects.filter(batch=decl.batch).order_by("-starts_on").first()
    if publicity is None:
        return _("尚未公示，不能发布。")
    if timezone.localdate() <= publicity.ends_on:
        return _("公示期至 %(d)s 结束，公示期满后才能发布。") % {"d": date_format(publicity.ends_on)}
    if Objection.objects.filter(declaration=decl, status=Objection.Status.OPEN).exists():
        return _("“%(u)s”有尚未处理的异议，处理完毕后才能发布。") % {"u": decl.unit_name}
    return None


def register() -> None:
    workflow.add_guard((Action.PUBLISH,), publicity_over)
