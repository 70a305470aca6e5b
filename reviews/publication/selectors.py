"""Reads of publicity and publication: running and past publicities with their units, objections,
whether a batch can be published, and the published list's entries and files."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Declaration, DeclarationStatus
from evaluations.models import Engagement

from .models import ListEntry, Objection, PublicationExport, Publicity


def current_publicity(batch):
    return Publicity.objects.filter(batch=batch).order_by("-starts_on").first()


S = DeclarationStatus


# What a publicity shows: the units still in it, and those published from it.
SHOWN_STATES = (S.IN_PUBLICITY, S.PUBLISHED)


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


def published_entries(batch):
    """The batch's list in the order of the published notice: kind, authority, name."""

    return (ListEntry.objects.filter(batch=batch).select_related("batch", "authority", "industry")
            .order_by("kind", "authority__sort_order", "authority__code", "unit_name", "pk"))


def latest_exports(batch) -> dict[str, PublicationExport | None]:
    """The newest file of each format (one query)."""
    found: dict[str, PublicationExport | None] = dict.fromkeys(PublicationExport.Format.values)
    for export in PublicationExport.objects.filter(batch=batch).select_related("batch"):
        if found[export.format] is None:
            found[export.format] = export
    return found


def downloadable(batch_pk: int, fmt: str) -> PublicationExport | None:
    return (PublicationExport.objects.select_related("batch")
            .filter(batch_id=batch_pk, format=fmt, status=PublicationExport.Status.DONE).exclude(file="").first())


def published_files() -> list[dict]:
    """Each published batch's newest finished files, newest batch first (one query on a small
    table, so the public list can offer them on every page)."""
    rows: dict[int, dict] = {}
    done = (PublicationExport.objects.filter(status=PublicationExport.Status.DONE).exclude(file="")
            .select_related("batch").order_by("-batch__year", "-batch__code", "-created_at", "-pk"))
    for export in done:
        row = rows.setdefault(export.batch_id, {"batch": export.batch, "entries": export.entries})
        row.setdefault(export.format, export)
    return list(rows.values())
