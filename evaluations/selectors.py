"""Reads for the agency pages."""
from django.db.models import Q

from greenlist.models import Batch

from .models import Engagement


def engagements_for_agency(agency, *, status: str = ""):
    qs = (
        # A draft is the applicant's alone until its first submission.
        Engagement.objects.filter(agency=agency, status=Engagement.Status.ACCEPTED)
        .exclude(declaration__status="draft")
        .select_related("declaration__batch", "declaration__authority", "declaration__applicant")
    )
    if status:
        qs = qs.filter(declaration__status=status)
    return qs.order_by("-created_at")


def proposals_for_agency(agency):
    """Engagements waiting for the agency's answer: a card each (unit, kind, batch, applicant),
    drafts included; the draft's contents stay hidden until it is submitted."""
    return (
        Engagement.objects.filter(agency=agency, status=Engagement.Status.PROPOSED)
        .select_related("declaration__batch", "declaration__applicant")
        .order_by("-created_at")
    )


def batches_for_agency(agency):
    """The batches whose cap the agency's page shows: those open, and those it is engaged in."""


    live = Q(declarations__engagements__agency=agency,
             declarations__engagements__status__in=[Engagement.Status.PROPOSED, Engagement.Status.ACCEPTED])
    return list(Batch.objects.filter(Q(phase=Batch.Phase.OPEN) | live).distinct())
