"""Reads for official pages and the public list."""
from django.db.models import Prefetch

from applications.models import Declaration, DeclarationStatus
from applications.permissions import visible_declarations
from greenlist.models import Organisation

from .models import ListEntry, Publicity

_DECLARATION_JOINS = ("batch", "authority", "industry", "applicant", "recommendation")


def awaiting_province(user, *, batch=None, kind: str = ""):
    """Declarations of the official's region that wait for a decision (R-RANK)."""
    qs = visible_declarations(user).filter(
        status__in=[DeclarationStatus.SUBMITTED, DeclarationStatus.EVALUATED]
    ).select_related(*_DECLARATION_JOINS, "factory_details").prefetch_related(
        # The agency with its registration: a debarred one is flagged (R-AGENCY-BAN).
        "engagements__evaluations",
        Prefetch("engagements__agency", queryset=Organisation.objects.select_related("agency_profile")))
    if batch:
        qs = qs.filter(batch=batch)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "-self_score", "pk")


def ministry_queue(*, status: str, batch=None):
    qs = Declaration.objects.filter(status=status).select_related(*_DECLARATION_JOINS)
    if batch:
        qs = qs.filter(batch=batch)
    return qs.order_by("authority__sort_order", "kind", "recommendation__rank", "pk")


def current_publicity(batch):
    return Publicity.objects.filter(batch=batch).order_by("-starts_on").first()


def public_list():
    """The published entries with what the list page shows; ListEntryFilter narrows it."""
    return ListEntry.objects.select_related("batch", "authority", "industry", "removal")
