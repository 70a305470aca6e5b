"""Objections (异议) during publicity (R-PUBLICITY): anyone files one against a unit of a running
publicity, without an account; the ministry upholds it (the unit leaves the shortlist) or dismisses
it with a reason; publication waits until none is open. Reads for the public and ministry pages."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Declaration, DeclarationStatus
from greenlist.files import DOCUMENT_TYPES, get_private_storage, sha256_of, validate_document
from greenlist.models import Role, User
from greenlist.notifications import notify
from greenlist.services import record_history

from .models import Objection, Publicity

S = DeclarationStatus
# What a publicity shows: the units still in it, and those published from it.
SHOWN_STATES = (S.IN_PUBLICITY, S.PUBLISHED)


# --- reads --------------------------------------------------------------------------------


def running_publicities(today=None):
    today = today or timezone.localdate()
    return (Publicity.objects.filter(starts_on__lte=today, ends_on__gte=today).select_related("batch")
            .annotate(units=Count("declarations", filter=Q(declarations__status__in=SHOWN_STATES)))
            .order_by("ends_on", "pk"))


def past_publicities(today=None):
    today = today or timezone.localdate()
    return (Publicity.objects.filter(ends_on__lt=today).select_related("batch")
            .annotate(units=Count("declarations", filter=Q(declarations__status__in=SHOWN_STATES)))
            .order_by("-ends_on", "-pk"))


def publicity_units(publicity: Publicity, *, q: str = ""):
    """The units of a publicity with what the public page shows (agency through its engagement)."""
    qs = (publicity.declarations.filter(status__in=SHOWN_STATES)
          .select_related("authority", "industry", "batch")
          .order_by("kind", "authority__sort_order", "unit_name", "pk"))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(unit_name__icontains=q) | Q(uscc=q.upper()))
    return qs


def agency_names(declarations) -> dict[int, str]:
    """declaration pk -> the accepted agency's name, in one query for a page of units."""
    from evaluations.models import Engagement

    rows = (Engagement.objects.filter(declaration__in=[d.pk for d in declarations], status="accepted")
            .values_list("declaration_id", "agency__name"))
    return dict(rows)


def unit_in_publicity(publicity: Publicity, declaration_pk: int) -> Declaration | None:
    return (publicity.declarations.filter(pk=declaration_pk, status=S.IN_PUBLICITY)
            .select_related("authority", "industry", "batch").first())


def ministry_objections():
    return Objection.objects.select_related(
        "declaration__authority", "declaration__batch", "publicity__batch", "resolved_by")


def open_objections(batch):
    """Open objections against units of the batch still in publicity: each blocks publication."""
    return (Objection.objects.filter(status=Objection.Status.OPEN, declaration__batch=batch,
                                     declaration__status=S.IN_PUBLICITY)
            .select_related("declaration").order_by("created_at", "pk"))


@dataclass
class PublishState:
    """Whether the batch's list may be published now, and every reason why not."""

    publicity: Publicity | None
    in_publicity: int
    open_objections: list
    reasons: list

    @property
    def may_publish(self) -> bool:
        return not self.reasons


def publish_state(batch) -> PublishState:
    from .selectors import current_publicity

    publicity = current_publicity(batch)
    in_publicity = Declaration.objects.filter(batch=batch, status=S.IN_PUBLICITY).count()
    objections = list(open_objections(batch))
    reasons = []
    if publicity is None:
        reasons.append(_("尚未公示，不能发布。"))
    elif not publicity.has_ended():
        reasons.append(_("公示期至 %(d)s 结束，公示期满后才能发布。") % {"d": date_format(publicity.ends_on)})
    if objections:
        reasons.append(_("有 %(n)d 条异议尚未处理（%(u)s），处理完毕后才能发布。") % {
            "n": len(objections), "u": "、".join(dict.fromkeys(f"“{o.declaration.unit_name}”" for o in objections))})
    if publicity is not None and not in_publicity:
        reasons.append(_("本批次没有公示中的申报，无可发布内容。"))
    return PublishState(publicity, in_publicity, objections, reasons)


# --- actions ------------------------------------------------------------------------------


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
        if decl is None or decl.status != S.IN_PUBLICITY or not publicity.declarations.filter(pk=decl.pk).exists():
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
            record_history(objection, action="file_objection", actor=None, to_state=objection.status,
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
    from .services import _require_ministry

    _require_ministry(actor)
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
            workflow.perform(row.declaration, "uphold_objection", actor=actor,
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
    record_history(objection, action="uphold_objection" if status == Objection.Status.UPHELD else "dismiss_objection",
                   actor=actor, from_state=Objection.Status.OPEN, to_state=status, note=reason)
