"""Reads for the expert review pages: the expert's tasks, the ministry's queue of recommended
declarations with their experts and average score, and what a review page shows."""

from django.db.models import Avg, Count, DecimalField, F, OuterRef, Prefetch, Q, Subquery

from applications.models import Declaration, DeclarationStatus
from evaluations.models import Engagement, Evaluation
from greenlist.models import Role

from .models import ExpertAssignment, ExpertProfile

LIVE = Q(expert_assignments__withdrawn_at__isnull=True)


def _third_party():
    """The accepted agency's submitted score of the declaration's current version, and its name."""
    evaluation = Evaluation.objects.filter(
        engagement__declaration=OuterRef("pk"), engagement__status=Engagement.Status.ACCEPTED,
        version=OuterRef("version"), submitted_at__isnull=False,
    ).order_by("-submitted_at")
    agency = Engagement.objects.filter(declaration=OuterRef("pk"), status=Engagement.Status.ACCEPTED)
    return {
        "third_party_score": Subquery(evaluation.values("score")[:1],
                                      output_field=DecimalField(max_digits=5, decimal_places=1)),
        "agency_name": Subquery(agency.values("agency__name")[:1]),
        "evaluation_pk": Subquery(evaluation.values("pk")[:1]),
    }


def assignments_for_expert(user):
    """The expert's live tasks, open ones first; ExpertTaskFilter narrows them."""
    return (
        ExpertAssignment.objects.live().filter(expert=user)
        .select_related("declaration__batch", "declaration__authority", "declaration__applicant")
        .order_by(F("submitted_at").desc(nulls_first=True), "-assigned_at", "-pk")
    )


def review_queue():
    """Recommended declarations waiting for the ministry's decision, with the experts' progress
    (live assignments, submitted reviews, average score); MinistryReviewFilter narrows them."""
    live = ExpertAssignment.objects.live().select_related("expert").order_by("assigned_at", "pk")
    return (
        Declaration.objects.filter(status=DeclarationStatus.RECOMMENDED)
        .select_related("batch", "authority", "applicant", "recommendation")
        .annotate(
            experts_assigned=Count("expert_assignments", filter=LIVE),
            experts_submitted=Count("expert_assignments", filter=LIVE & Q(expert_assignments__submitted_at__isnull=False)),
            expert_average=Avg("expert_assignments__score", filter=LIVE),
            **_third_party(),
        )
        .prefetch_related(Prefetch("expert_assignments", queryset=live, to_attr="live_assignments"))
        .order_by("batch", "authority__sort_order", "kind", "recommendation__rank", "pk")
    )


def review_detail(pk: int) -> Declaration | None:
    """One declaration for the ministry's review page, recommended or already decided."""
    return (
        Declaration.objects.filter(pk=pk)
        .select_related("batch", "authority", "applicant", "industry", "recommendation")
        .annotate(**_third_party())
        .first()
    )


def assignments_of(decl: Declaration) -> list[ExpertAssignment]:
    """Every assignment of the declaration, withdrawn ones included (the ministry's record)."""
    return list(
        ExpertAssignment.objects.filter(declaration=decl)
        .select_related("expert__expert_profile__authority", "expert__expert_profile__employer", "assigned_by",
                        "withdrawn_by")
        .order_by("withdrawn_at", "assigned_at", "pk")
    )


def expert_choices():
    """Active experts with their profile (region, employer) for the assign form."""
    return (
        ExpertProfile.objects.filter(user__is_active=True, user__groups__name=Role.EXPERT)
        .select_related("user", "authority", "employer")
        .order_by("authority__sort_order", "user__full_name", "pk")
    )


def average(assignments) -> float | None:
    scores = [a.score for a in assignments if a.submitted_at and a.withdrawn_at is None]
    return sum(scores) / len(scores) if scores else None
