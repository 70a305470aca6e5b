"""The ministry's actions from shortlist to list: publicity (R-PUBLICITY), objections filed by
anyone and resolved by the ministry, publication (R-PUBLISH) and the published list's files,
built in the background."""
from __future__ import annotations

import datetime
import tempfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Declaration, DeclarationStatus
from applications.workflow import TransitionRefused
from greenlist import filejobs
from greenlist.files import DOCUMENT_TYPES, get_private_storage, sha256_of, validate_document
from greenlist.history import Action
from greenlist.models import Batch, Role, User
from greenlist.notifications import notify
from greenlist.rules import require
from greenlist.services import record_history

from . import tasks  # tasks call back into this module: import the module, not names
from .files import render_batch_pdf, write_batch_workbook
from .models import ListEntry, Objection, PublicationExport, Publicity
from .selectors import open_objections, published_entries


def start_publicity(*, actor, batch: Batch, starts_on: datetime.date | None = None) -> Publicity:
    """R-PUBLICITY: announce every shortlisted declaration of the batch for the batch's days."""
    require(actor, "publication.act")
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
            workflow.perform(decl, Action.START_PUBLICITY, actor=actor, note=_("公示期 %(a)s 至 %(b)s") % {
                "a": date_format(publicity.starts_on), "b": date_format(publicity.ends_on)})
        record_history(batch, action=Action.START_PUBLICITY, actor=actor, data={"publicity": publicity.pk,
                                                                               "count": len(shortlisted)})
    return publicity


def publish(*, actor, batch: Batch) -> list[ListEntry]:
    """R-PUBLISH: every declaration in publicity becomes a list entry, all or none."""
    require(actor, "publication.act")
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
            decl = workflow.perform(decl, Action.PUBLISH, actor=actor)
            entries.append(ListEntry.objects.create(
                batch=batch, kind=decl.kind, level=decl.level, unit_name=decl.unit_name, uscc=decl.uscc,
                authority=decl.authority, industry=decl.industry, agency_name=_agency_name(decl),
                declaration=decl, published_on=today,
            ))
        record_history(batch, action=Action.PUBLISH, actor=actor, data={"entries": len(entries)})
        # The published list's Excel and PDF are built in the background (a big batch takes seconds).
        transaction.on_commit(lambda: _queue_exports(actor, batch), robust=True)
    return entries


def _refuse_open_objections(batch: Batch) -> None:
    """Name every unit with an open objection at once, not only the first the loop would meet."""

    objections = list(open_objections(batch))
    if objections:
        units = "、".join(dict.fromkeys(f"“{o.declaration.unit_name}”" for o in objections))
        raise workflow.TransitionRefused(
            _("%(u)s有尚未处理的异议（共 %(n)d 条），处理完毕后才能发布。") % {"u": units, "n": len(objections)},
            code="open_objections")


def _queue_exports(actor, batch: Batch) -> None:
    request_exports(actor=actor, batch=batch)


def _agency_name(decl: Declaration) -> str:
    engagement = decl.engagements.filter(status="accepted").select_related("agency").first()
    return engagement.agency.name if engagement else ""


def _ministry_reviewers():
    return User.objects.filter(groups__name=Role.MINISTRY_REVIEWER, is_active=True).distinct()


def file_objection(*, publicity: Publicity, declaration: Declaration, name: str, contact: str, grounds: str,
                   evidence=None, ip_address: str | None = None) -> Objection:
    """R-PUBLICITY: an objection from anyone (no account, so no actor) against a unit of a running
    publicity. Refused once the publicity has ended or the unit has left it."""
    evidence_type = validate_document(evidence) if evidence else ""
    digest = sha256_of(evidence) if evidence else ""
    with transaction.atomic():
        # The unit's row is locked: publication (which locks the same rows) either sees this
        # objection or has already moved the unit on, and then this one is refused.
        decl = Declaration.objects.select_for_update().filter(pk=declaration.pk).first()
        if not publicity.is_running():
            raise workflow.TransitionRefused(
                _("公示期为 %(a)s 至 %(b)s，当前不在公示期内，不能提出异议。") % {
                    "a": date_format(publicity.starts_on), "b": date_format(publicity.ends_on)},
                code="not_running")
        if decl is None or decl.status != DeclarationStatus.IN_PUBLICITY or not publicity.declarations.filter(pk=decl.pk).exists():
            raise workflow.TransitionRefused(_("该单位不在本次公示名单中，不能对其提出异议。"), code="not_listed")
        # A double click or a resent form files the same open objection once (the unit's row lock
        # above serialises the two requests), so the ministry neither handles nor is told of it twice.
        same = Objection.objects.filter(publicity=publicity, declaration=decl, status=Objection.Status.OPEN,
                                        name=name.strip(), contact=contact.strip(), grounds=grounds.strip()).first()
        if same is not None:
            return same
        objection = Objection(
            publicity=publicity, declaration=decl, name=name.strip(), contact=contact.strip(),
            grounds=grounds.strip(), ip_address=ip_address or None,
        )
        if evidence:
            objection.evidence_name = PurePath(evidence.name or "").name[:200] or _("未命名文件")
            objection.evidence_type = evidence_type
            objection.evidence_size = evidence.size
            objection.evidence.save(f"evidence.{DOCUMENT_TYPES[evidence_type][0]}", evidence, save=False)
        try:
            objection.save()
            record_history(objection, action=Action.FILE_OBJECTION, actor=None, to_state=objection.status,
                           note=_("异议人：%(n)s") % {"n": objection.name},
                           data={"declaration": decl.pk, "evidence_sha256": digest})
            notify(recipients=_ministry_reviewers(), key=f"objection:{objection.pk}",
                   subject=_("收到异议：%(u)s") % {"u": decl.unit_name},
                   body=_("%(b)s公示期间，有人对“%(u)s”提出异议，请及时处理。") % {"b": publicity.batch, "u": decl.unit_name},
                   url=reverse("reviews:objection", args=[objection.pk]))
        except BaseException:
            if objection.evidence:
                get_private_storage().delete(objection.evidence.name)
            raise
    return objection


def resolve_objection(*, actor, objection: Objection, upheld: bool, reason: str) -> Objection:
    """R-PUBLICITY: upheld → the unit leaves the shortlist (workflow "uphold_objection"), and every
    other open objection against it is closed with it; dismissed → the unit stays. Both need a reason."""
    require(actor, "publication.act")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写处理意见（理由）。"), code="reason_required")
    with transaction.atomic():
        row = Objection.objects.select_for_update().select_related("declaration").get(pk=objection.pk)
        if not row.is_open:
            raise workflow.TransitionRefused(
                _("该异议已于 %(d)s 处理（%(s)s），不能重复处理。") % {
                    "d": date_format(timezone.localtime(row.resolved_at), "DATETIME_FORMAT") if row.resolved_at else "",
                    "s": row.get_status_display()},
                code="resolved")
        now = timezone.now()
        if upheld:
            workflow.perform(row.declaration, Action.UPHOLD_OBJECTION, actor=actor,
                             note=_("异议成立：%(r)s") % {"r": reason})
            _close(row, Objection.Status.UPHELD, reason, actor, now)
            siblings = Objection.objects.select_for_update().filter(
                declaration=row.declaration, status=Objection.Status.OPEN).exclude(pk=row.pk)
            for other in siblings:
                _close(other, Objection.Status.UPHELD,
                       _("同一单位的另一异议已成立，单位已移出公示名单：%(r)s") % {"r": reason}, actor, now)
        else:
            _close(row, Objection.Status.DISMISSED, reason, actor, now)
    return row


def _close(objection: Objection, status: str, reason: str, actor, now) -> None:
    objection.status = status
    objection.resolution = reason
    objection.resolved_by = actor
    objection.resolved_at = now
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    upheld = status == Objection.Status.UPHELD
    record_history(objection, action=Action.UPHOLD_OBJECTION if upheld else Action.DISMISS_OBJECTION,
                   actor=actor, from_state=Objection.Status.OPEN, to_state=status, note=reason)


def request_exports(*, actor, batch: Batch) -> list[PublicationExport]:
    """Queue the Excel and the PDF of the batch's published list; one already on its way is kept."""
    if actor is not None:
        require(actor, "publication.act")
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if not ListEntry.objects.filter(batch=batch).exists():

            raise TransitionRefused(_("本批次尚未发布名单，无可导出内容。"), code="empty")
        exports = []
        for fmt in PublicationExport.Format.values:
            live = PublicationExport.objects.filter(batch=batch, format=fmt, status__in=PublicationExport.LIVE).first()
            if filejobs.keep_live(live):
                filejobs.requeue_if_lost(live, _enqueue)
                exports.append(live)
                continue
            export = PublicationExport.objects.create(batch=batch, format=fmt, requested_by=actor)
            transaction.on_commit(lambda pk=export.pk: _enqueue(pk), robust=True)
            exports.append(export)
        record_history(batch, action=Action.REQUEST_PUBLICATION_EXPORTS, actor=actor,
                       data={"exports": [e.pk for e in exports]})
    return exports


def _enqueue(export_pk: int) -> None:
    filejobs.enqueue(tasks.generate_publication_export, PublicationExport, export_pk,
                     _("后台任务服务暂不可用，文件尚未开始生成。请稍后点击“重新生成”。"))


def generate(export_id: int) -> str | None:
    """Build one file (called by the Celery task)."""
    return filejobs.run(PublicationExport, export_id, _build)


def _build(export: PublicationExport) -> list[str]:
    batch = Batch.objects.get(pk=export.batch_id)
    entries = list(published_entries(batch))
    with tempfile.TemporaryFile() as out:
        if export.format == PublicationExport.Format.XLSX:
            write_batch_workbook(batch, entries, out)
        else:
            out.write(render_batch_pdf(batch, entries))
        out.seek(0)
        export.file.save(f"{export.pk}.{export.format}", File(out), save=False)
    export.entries = len(entries)
    return ["entries"]
