"""Official actions after evaluation: recommend with a rank, publicity, publication of the list."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Declaration, DeclarationStatus
from greenlist.models import Batch, Role
from greenlist.services import record_history

from .models import ListEntry, Publicity, Recommendation


def recommend(*, actor, declaration: Declaration, rank: int | None = None) -> Recommendation:
    """R-RANK / R-QUOTA: recommend one declaration at `rank` (next free rank when omitted)."""
    with transaction.atomic():
        decl = workflow.perform(declaration, "recommend", actor=actor)
        if rank is None:
            used = Recommendation.objects.filter(
                declaration__batch=decl.batch, declaration__authority=decl.authority, declaration__kind=decl.kind
            ).aggregate(m=Max("rank"))["m"]
            rank = (used or 0) + 1
        recommendation, _ = Recommendation.objects.update_or_create(
            declaration=decl, defaults={"rank": rank, "recommended_by": actor}
        )
    return recommendation


def _require_ministry(actor) -> None:
    if not actor.has_role(Role.MINISTRY_REVIEWER):
        raise PermissionDenied(_("此操作须由工业和信息化部审核人员办理。"))


def start_publicity(*, actor, batch: Batch, starts_on: datetime.date | None = None) -> Publicity:
    """R-PUBLICITY: announce every shortlisted declaration of the batch for the batch's days."""
    _require_ministry(actor)
    starts_on = starts_on or timezone.localdate()
    with transaction.atomic():
        shortlisted = list(
            Declaration.objects.select_for_update().filter(batch=batch, status=DeclarationStatus.SHORTLISTED)
        )
        if not shortlisted:
            raise workflow.TransitionRefused(_("本批次没有审核通过的申报，无需公示。"), code="empty")
        publicity = Publicity.objects.create(
            batch=batch, starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=batch.publicity_days - 1), started_by=actor,
        )
        publicity.declarations.set(shortlisted)
        for decl in shortlisted:
            workflow.perform(decl, "start_publicity", actor=actor, note=_("公示期 %(a)s 至 %(b)s") % {
                "a": date_format(publicity.starts_on), "b": date_format(publicity.ends_on)})
        record_history(batch, action="start_publicity", actor=actor, data={"publicity": publicity.pk,
                                                                          "count": len(shortlisted)})
    return publicity


def publish(*, actor, batch: Batch) -> list[ListEntry]:
    """R-PUBLISH: every declaration in publicity becomes a list entry, all or none."""
    _require_ministry(actor)
    today = timezone.localdate()
    with transaction.atomic():
        pending = list(
            Declaration.objects.select_for_update(of=("self",))
            .filter(batch=batch, status=DeclarationStatus.IN_PUBLICITY)
            .select_related("authority", "industry")
        )
        if not pending:
            raise workflow.TransitionRefused(_("本批次没有公示中的申报，无可发布内容。"), code="empty")
        _refuse_open_objections(batch)
        entries = []
        for decl in pending:
            decl = workflow.perform(decl, "publish", actor=actor)
            entries.append(ListEntry.objects.create(
                batch=batch, kind=decl.kind, level=decl.level, unit_name=decl.unit_name, uscc=decl.uscc,
                authority=decl.authority, industry=decl.industry, agency_name=_agency_name(decl),
                declaration=decl, published_on=today,
            ))
        record_history(batch, action="publish", actor=actor, data={"entries": len(entries)})
        # The published list's Excel and PDF are built in the background (a big batch takes seconds).
        transaction.on_commit(lambda: _queue_exports(actor, batch), robust=True)
    return entries


def _refuse_open_objections(batch: Batch) -> None:
    """Name every unit with an open objection at once, not only the first the loop would meet."""
    from .objections import open_objections

    objections = list(open_objections(batch))
    if objections:
        units = "、".join(dict.fromkeys(f"“{o.declaration.unit_name}”" for o in objections))
        raise workflow.TransitionRefused(
            _("%(u)s有尚未处理的异议（共 %(n)d 条），处理完毕后才能发布。") % {"u": units, "n": len(objections)},
            code="open_objections")


def _queue_exports(actor, batch: Batch) -> None:
    from .publication import request_exports

    request_exports(actor=actor, batch=batch)


def _agency_name(decl: Declaration) -> str:
    engagement = decl.engagements.filter(status="accepted").select_related("agency").first()
    return engagement.agency.name if engagement else ""
