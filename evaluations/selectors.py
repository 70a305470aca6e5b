"""Reads for the agency pages."""
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
