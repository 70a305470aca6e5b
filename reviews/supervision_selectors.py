"""Reads of the supervision pages: rechecks, spot-check draws, listed units, verification."""
from django.db.models import Count, Q

from greenlist.models import Role

from .models import ListEntry
from .rechecks import Recheck
from .spotchecks import SpotCheck, SpotCheckDraw

ENTRY_JOINS = ("batch", "authority", "industry", "removal")


def rechecks_for(user, *, status: str = ""):
    """The ministry sees every recheck; an authority's official those of its own region."""
    qs = Recheck.objects.select_related("entry__batch", "entry__authority", "entry__removal", "recorded_by")
    if not user.has_role(Role.MINISTRY_REVIEWER):
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


def entry_by_code(code: str):
    return ListEntry.objects.select_related(*ENTRY_JOINS, "removal__decided_by").filter(public_code=code).first()
