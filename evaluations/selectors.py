"""Reads for the agency pages."""
from .models import Engagement


def engagements_for_agency(agency, *, status: str = ""):
    qs = (
        Engagement.objects.filter(agency=agency, status=Engagement.Status.ACCEPTED)
        .select_related("declaration__batch", "declaration__authority", "declaration__applicant")
    )
    if status:
        qs = qs.filter(declaration__status=status)
    return qs.order_by("-created_at")
