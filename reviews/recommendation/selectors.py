"""Reads of the province's ranking (R-RANK): the one selector that the page, the summary workbook
and the actions share, the official's authority, and the queues of declarations waiting for the
province or the ministry."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q

from applications.models import RECOMMENDED_STATES, Declaration, DeclarationStatus
from applications.permissions import visible_declarations
from evaluations.models import Engagement
from greenlist.models import Authority, Batch, ListKind, Organisation

from .models import AuthorityRecommendation

S = DeclarationStatus


RECOMMENDED = "recommended"


CANDIDATES = "candidates"


SECTIONS = (RECOMMENDED, CANDIDATES)


def official_authority(user) -> Authority | None:
    """The authority a provincial official acts for; None for everyone else."""
    return user.organisation.authority if user.has_perm("recommendation.rank") else None


@dataclass
class Row:
    """One declaration as the ranking page and the summary workbook show it."""

    decl: Declaration
    rank: int = 0
    engagement: object = None
    evaluation: object = None

    @property
    def third_party_score(self):
        return self.evaluation.score if self.evaluation else None

    @property
    def agency(self):
        return self.engagement.agency if self.engagement else None

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency else ""

    @property
    def industry_label(self) -> str:
        industry = self.decl.industry
        return f"{industry.display_code} {industry.name}" if industry else ""

    @property
    def region(self) -> str:
        return self.decl.city or ""


@dataclass
class Ranking:
    batch: Batch
    authority: Authority
    kind: str
    recommended: list[Row] = field(default_factory=list)
    candidates: list[Row] = field(default_factory=list)
    pending: list[Row] = field(default_factory=list)  # waiting for the third party: shown, not ranked
    quota: int | None = None
    record: AuthorityRecommendation | None = None

    @property
    def kind_label(self) -> str:
        return str(ListKind(self.kind).label)

    @property
    def submitted(self) -> bool:
        return self.record is not None and self.record.is_submitted

    @property
    def deadline_passed(self) -> bool:
        return not self.batch.recommendation_open()

    @property
    def editable(self) -> bool:
        return not self.submitted and not self.deadline_passed

    @property
    def used(self) -> int:
        return len(self.recommended)

    @property
    def quota_full(self) -> bool:
        return self.quota is not None and self.used >= self.quota


def _rankable(batch, authority, kind):
    """Declarations of one authority, batch and kind that the ranking page shows, in its order:
    recommended by their rank, then candidates by their position, then by self score."""
    return Declaration.objects.filter(batch=batch, authority=authority, kind=kind).filter(
        Q(status__in=RECOMMENDED_STATES, recommendation__isnull=False)
        | Q(status__in=[S.SUBMITTED, S.EVALUATED])
    ).order_by(
        F("recommendation__rank").asc(nulls_last=True), F("ranking_position__position").asc(nulls_last=True),
        F("self_score").desc(nulls_last=True), "pk",
    )


def section_of(decl: Declaration) -> str | None:
    if decl.status in RECOMMENDED_STATES:
        return RECOMMENDED
    if decl.status == S.EVALUATED or (decl.status == S.SUBMITTED and not decl.uses_third_party):
        return CANDIDATES
    return None


def ranking_for(*, batch: Batch, authority: Authority, kind: str) -> Ranking:
    """The one query behind the ranking page and the summary workbook (R-SUMMARY)."""

    declarations = _rankable(batch, authority, kind).select_related(
        "industry", "factory_details", "recommendation", "ranking_position", "batch",
    ).prefetch_related(Prefetch(
        "engagements", queryset=Engagement.objects.filter(status=Engagement.Status.ACCEPTED).select_related(
            "agency__agency_profile").prefetch_related("evaluations"),
    ))
    ranking = Ranking(batch=batch, authority=authority, kind=kind, quota=batch.quota_for(authority, kind),
                      record=AuthorityRecommendation.objects.filter(batch=batch, authority=authority).first())
    for decl in declarations:
        engagement = next(iter(decl.engagements.all()), None)
        evaluation = engagement.current_evaluation() if engagement else None
        row = Row(decl=decl, engagement=engagement,
                  evaluation=evaluation if evaluation and evaluation.submitted_at else None)
        section = section_of(decl)
        target = {RECOMMENDED: ranking.recommended, CANDIDATES: ranking.candidates}.get(section, ranking.pending)
        target.append(row)
        row.rank = len(target)
    return ranking


def kind_counts(*, batch: Batch, authority: Authority) -> dict[str, int]:
    """Rows per kind for the tabs, in one query."""
    rows = Declaration.objects.filter(batch=batch, authority=authority).filter(
        Q(status__in=RECOMMENDED_STATES, recommendation__isnull=False) | Q(status__in=[S.SUBMITTED, S.EVALUATED])
    ).values("kind").annotate(n=Count("pk"))
    return {r["kind"]: r["n"] for r in rows}


def section_ids(*, batch, authority, kind, section: str) -> list[int]:
    ids = []
    for pk, status, third_party in _rankable(batch, authority, kind).values_list("pk", "status", "uses_third_party"):
        decl = Declaration(pk=pk, status=status, uses_third_party=third_party)
        if section_of(decl) == section:
            ids.append(pk)
    return ids


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
