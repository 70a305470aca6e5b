"""The province's ranking and recommendation (R-RANK, R-QUOTA, R-VETO-2): the one selector that
the ranking page and the summary workbook (R-SUMMARY) both read, and the actions that reorder,
veto and submit. Recommending, returning and rejecting are workflow transitions; their guards
enforce the quota, the deadline and the lock after submission."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import RECOMMENDED_STATES, Declaration, DeclarationStatus
from applications.negative_list import items_for
from greenlist.models import Authority, Batch, ListKind, Organisation, Role
from greenlist.services import record_history

from .expert_services import LEFT_REVIEW, close_open_assignments
from .models import ExpertAssignment, Recommendation
from .ranking_models import AuthorityRecommendation, RankingPosition

S = DeclarationStatus
Refused = workflow.TransitionRefused
RECOMMENDED = "recommended"
CANDIDATES = "candidates"
SECTIONS = (RECOMMENDED, CANDIDATES)


# --- who -----------------------------------------------------------------------------------

def official_authority(user) -> Authority | None:
    """The authority a provincial official acts for; None for everyone else."""
    if not user.is_authenticated or not user.has_role(Role.PROVINCIAL_OFFICIAL):
        return None
    organisation = user.organisation
    if organisation is None or organisation.kind != Organisation.Kind.AUTHORITY:
        return None
    return organisation.authority


def _require_official(actor, authority: Authority) -> None:
    if official_authority(actor) != authority:
        raise PermissionDenied(_("只有%(a)s的省级主管部门人员可以办理。") % {"a": authority})


# --- reads ---------------------------------------------------------------------------------

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
    from evaluations.models import Engagement

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


# --- actions -------------------------------------------------------------------------------

def _open_record(*, batch: Batch, authority: Authority) -> AuthorityRecommendation:
    """The authority's recommendation for the batch, with the authority row locked: the same
    lock the workflow's guards take, so ranking, recommending and submitting are serialised."""
    Authority.objects.select_for_update().get(pk=authority.pk)
    record, _created = AuthorityRecommendation.objects.get_or_create(batch=batch, authority=authority)
    return record


def _require_editable(record: AuthorityRecommendation, batch: Batch) -> None:
    if record.is_submitted:
        raise Refused(workflow.locked_message(record), code="locked")
    if not batch.recommendation_open():
        raise Refused(_("已超过推荐截止日期（%(d)s），推荐已锁定。") % {"d": date_format(batch.recommendation_deadline)},
                      code="deadline")


def section_ids(*, batch, authority, kind, section: str) -> list[int]:
    ids = []
    for pk, status, third_party in _rankable(batch, authority, kind).values_list("pk", "status", "uses_third_party"):
        decl = Declaration(pk=pk, status=status, uses_third_party=third_party)
        if section_of(decl) == section:
            ids.append(pk)
    return ids


def reorder(*, actor, batch: Batch, authority: Authority, kind: str, section: str, order: list[int]) -> bool:
    """R-RANK: save the official's order of one section (rank 1 = strongest). The list must hold
    exactly the section's declarations: a page made stale by a colleague is refused, not merged.
    Returns whether anything changed."""
    if section not in SECTIONS:
        raise Refused(_("未知的排序列表。"), code="unknown_section")
    _require_official(actor, authority)
    with transaction.atomic():
        record = _open_record(batch=batch, authority=authority)
        _require_editable(record, batch)
        current = section_ids(batch=batch, authority=authority, kind=kind, section=section)
        if sorted(order) != sorted(current) or len(set(order)) != len(order):
            raise Refused(_("列表已发生变化（可能有其他人员同时办理），请刷新页面后重新排序。"), code="stale")
        if order == current:
            return False
        if section == RECOMMENDED:
            recommendations = {r.declaration_id: r for r in Recommendation.objects.filter(declaration_id__in=order)}
            for rank, pk in enumerate(order, start=1):
                recommendations[pk].rank = rank
            Recommendation.objects.bulk_update(recommendations.values(), ["rank"])
        else:
            RankingPosition.objects.bulk_create(
                [RankingPosition(declaration_id=pk, position=n) for n, pk in enumerate(order, start=1)],
                update_conflicts=True, unique_fields=["declaration"], update_fields=["position"],
            )
        record_history(record, action="reorder", actor=actor,
                       data={"kind": kind, "section": section, "order": order, "before": current})
    return True


def move(*, actor, declaration: Declaration, direction: str) -> bool:
    """Move one declaration a place up or down within its section (the buttons beside the drag)."""
    section = section_of(declaration)
    if section is None or direction not in ("up", "down"):
        raise Refused(_("该申报不在排序列表中。"), code="not_ranked")
    order = section_ids(batch=declaration.batch, authority=declaration.authority, kind=declaration.kind,
                        section=section)
    index = order.index(declaration.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        return False
    order[index], order[other] = order[other], order[index]
    return reorder(actor=actor, batch=declaration.batch, authority=declaration.authority, kind=declaration.kind,
                   section=section, order=order)


def veto(*, actor, declaration: Declaration, item: str, source: str, note: str) -> Declaration:
    """R-VETO-2: a negative-list item found later (e.g. on 信用中国) takes the unit out of any
    pending recommendation; the history row keeps the item, the source and the former rank."""
    wording = {i.code: str(i.wording) for i in items_for(declaration.batch)}
    recommendation = Recommendation.objects.filter(declaration=declaration).first()
    data = {"veto_item": item, "veto_item_label": wording.get(item, ""), "source": (source or "").strip(),
            "former_status": declaration.status,
            "former_rank": recommendation.rank if recommendation else None}
    with transaction.atomic():
        decl = workflow.perform(declaration, "veto", actor=actor, note=note, veto_item=item, veto_source=source,
                                history_data=data)
        if recommendation is not None:
            _drop_recommendation(recommendation, decl)
        # The experts' open tasks on it end here, or they would wait for ever (R-REVIEW-1).
        close_open_assignments(actor=actor, declaration=decl, reason=str(LEFT_REVIEW["veto"]))
    return decl


def unrecommend(*, actor, declaration: Declaration) -> Declaration:
    """R-RANK: take back a recommendation before the authority submits (a misclick must not hold
    a quota place); the unit returns to the candidates and the ranks close up."""
    with transaction.atomic():
        if ExpertAssignment.objects.filter(declaration=declaration).exists():
            raise Refused(_("工业和信息化部已为该申报安排专家评审，不能撤回推荐；如有问题请记录否决项或联系部里。"),
                          code="under_review")
        recommendation = Recommendation.objects.filter(declaration=declaration).first()
        decl = workflow.perform(declaration, "unrecommend", actor=actor, history_data={
            "former_rank": recommendation.rank if recommendation else None})
        if recommendation is not None:
            _drop_recommendation(recommendation, decl)
    return decl


def _drop_recommendation(recommendation: Recommendation, decl: Declaration) -> None:
    """Delete one recommendation; the ranks after it close up, so the summary table stays 1..n."""
    recommendation.delete()
    rest = list(Recommendation.objects.filter(
        declaration__batch=decl.batch, declaration__authority=decl.authority, declaration__kind=decl.kind,
    ).order_by("rank"))
    for rank, r in enumerate(rest, start=1):
        r.rank = rank
    Recommendation.objects.bulk_update(rest, ["rank"])


def submit(*, actor, batch: Batch, authority: Authority) -> AuthorityRecommendation:
    """R-RANK: submit the authority's recommendation for the batch before the deadline; from then
    on its ranking, recommendations, returns and rejections are locked."""
    _require_official(actor, authority)
    with transaction.atomic():
        record = _open_record(batch=batch, authority=authority)
        _require_editable(record, batch)
        counts = dict(Declaration.objects.filter(batch=batch, authority=authority, status__in=RECOMMENDED_STATES)
                      .values_list("kind").annotate(n=Count("pk")))
        if not counts:
            raise Refused(_("尚未推荐任何申报，不能报送。"), code="empty")
        record.submitted_at = timezone.now()
        record.submitted_by = actor
        record.save(update_fields=["submitted_at", "submitted_by"])
        record_history(record, action="submit_recommendation", actor=actor, data={"recommended": counts})
    return record
