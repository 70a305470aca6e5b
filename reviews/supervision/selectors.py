"""Reads of the life on the list: the unit's own entries with their tables and grades, the
authority's tables and overdue flags, filing rates; rechecks, spot-check draws and listed units."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from greenlist.models import Authority
from reviews.publication.models import ListEntry

from .models import (
    DynamicTable,
    GreenGrade,
    OverdueFlag,
    Recheck,
    SpotCheck,
    SpotCheckDraw,
)


def unit_entries(user):
    """The listed units of the user's organisation, each with its tables, flags and grades."""
    org = user.organisation
    if org is None:
        return ListEntry.objects.none()
    return (ListEntry.objects.filter(declaration__applicant=org)
            .select_related("batch", "authority")
            .prefetch_related(Prefetch("dynamic_tables", queryset=DynamicTable.objects.order_by("-year")),
                              Prefetch("green_grades", queryset=GreenGrade.objects.order_by("-year")),
                              "overdue_flags")
            .order_by("-published_on", "unit_name", "pk"))


def _region(user):
    """Filed tables of the official's region; all of them for the ministry."""
    qs = DynamicTable.objects.exclude(status=DynamicTable.Status.DRAFT)
    if user.has_perm("supervision.oversee"):
        return qs
    org = user.organisation
    return qs.filter(entry__authority_id=org.authority_id) if org and org.authority_id else qs.none()


def authority_tables(user):
    """What DynamicTableFilter narrows: the region's filed tables with what the list shows."""
    return (_region(user).select_related("entry__batch", "entry__authority", "filed_by", "green_grade")
            .order_by("-year", "status", "entry__unit_name", "pk"))


def overdue_flags(user, *, year: int | None = None):
    qs = OverdueFlag.objects.select_related("entry__authority", "entry__batch")
    if not user.has_perm("supervision.oversee"):
        org = user.organisation
        qs = qs.filter(entry__authority_id=org.authority_id) if org and org.authority_id else qs.none()
    if year:
        qs = qs.filter(year=year)
    # Whether the unit filed late after all, shown beside the flag.
    late = DynamicTable.objects.filter(filed_at__isnull=False)
    return qs.prefetch_related(Prefetch("entry__dynamic_tables", queryset=late, to_attr="filed_tables"))


@dataclass
class Rate:
    authority: Authority
    obliged: int = 0
    offline: int = 0
    filed: int = 0
    late: int = 0
    flagged: int = 0

    @property
    def on_time(self) -> int:
        return self.filed - self.late

    @property
    def percent(self) -> float | None:
        return round(100 * self.filed / self.obliged, 1) if self.obliged else None


def filing_rates(year: int) -> list[Rate]:
    """Per authority: units that must file online, units listed without an account (imported,
    file on paper), tables filed (and how many late), overdue flags. Four grouped queries."""
    rates = {a.pk: Rate(a) for a in Authority.objects.all()}
    listed = ListEntry.objects.filter(published_on__year__lte=year)
    for row in listed.values("authority").annotate(
            online=Count("pk", filter=Q(declaration__isnull=False)),
            offline=Count("pk", filter=Q(declaration__isnull=True))):
        rates[row["authority"]].obliged = row["online"]
        rates[row["authority"]].offline = row["offline"]
    filed = DynamicTable.objects.filter(year=year, filed_at__isnull=False)
    for row in filed.values("entry__authority").annotate(n=Count("pk"), late=Count("pk", filter=Q(late=True))):
        rates[row["entry__authority"]].filed = row["n"]
        rates[row["entry__authority"]].late = row["late"]
    for row in OverdueFlag.objects.filter(year=year).values("entry__authority").annotate(n=Count("pk")):
        rates[row["entry__authority"]].flagged = row["n"]
    return [r for r in rates.values() if r.obliged or r.offline or r.filed]


ENTRY_JOINS = ("batch", "authority", "industry", "removal")


def rechecks_for(user, *, status: str = ""):
    """The ministry sees every recheck; an authority's official those of its own region."""
    qs = Recheck.objects.select_related("entry__batch", "entry__authority", "entry__removal", "recorded_by")
    if not user.has_perm("supervision.check"):
        qs = qs.filter(entry__authority_id=getattr(user.organisation, "authority_id", None) or -1)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_on", "pk")


def recheck_for(user, pk):
    return rechecks_for(user).filter(pk=pk).first()


def draws():
    return SpotCheckDraw.objects.select_related("authority", "drawn_by").annotate(
        units=Count("checks"), pending=Count("checks", filter=Q(checks__result=SpotCheck.Result.PENDING)),
        problems=Count("checks", filter=Q(checks__result=SpotCheck.Result.PROBLEMS)),
    ).order_by("-drawn_on", "-pk")


def draw_checks(draw):
    return draw.checks.select_related("entry__batch", "entry__authority", "entry__removal").order_by("pk")


def listed_units():
    """The ministry's view of the list: every entry with its removal (if any)."""
    return ListEntry.objects.select_related(*ENTRY_JOINS)
