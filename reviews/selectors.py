"""Reads for official pages and the public list."""
from django.core.paginator import Paginator
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


class KeysFirstPaginator(Paginator):
    """Sorts and skips over the primary keys alone, then loads only the page's rows with their joins.
    Sorting 30,000 narrow keys for page 200 takes a fraction of sorting the wide joined rows."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.order_by().in_bulk(keys)
        return self._get_page([rows[k] for k in keys], number, self)
