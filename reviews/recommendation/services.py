"""The province's actions on its ranking (R-RANK, R-QUOTA, R-VETO-2): recommend at a rank, reorder,
move, take back, veto, and submit the authority's recommendation once."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import RECOMMENDED_STATES, Declaration
from applications.negative_list import items_for
from greenlist.history import Action
from greenlist.models import Authority, Batch
from greenlist.rules import require
from greenlist.services import record_history

from .models import AuthorityRecommendation, RankingPosition, Recommendation
from .selectors import (
    RECOMMENDED,
    SECTIONS,
    section_ids,
    section_of,
)
from .workflow import locked_message


def recommend(*, actor, declaration: Declaration, rank: int | None = None) -> Recommendation:
    """R-RANK / R-QUOTA: recommend one declaration at `rank` (next free rank when omitted)."""
    with transaction.atomic():
        decl = workflow.perform(declaration, Action.RECOMMEND, actor=actor)
        if rank is None:
            used = Recommendation.objects.filter(
                declaration__batch=decl.batch, declaration__authority=decl.authority, declaration__kind=decl.kind
            ).aggregate(m=Max("rank"))["m"]
            rank = (used or 0) + 1
        recommendation, _ = Recommendation.objects.update_or_create(
            declaration=decl, defaults={"rank": rank, "recommended_by": actor}
        )
    return recommendation


Refused = workflow.TransitionRefused


def _open_record(*, batch: Batch, authority: Authority) -> AuthorityRecommendation:
    """The authority's recommendation for the batch, with the authority row locked: the same
    lock the workflow's guards take, so ranking, recommending and submitting are serialised."""
    Authority.objects.select_for_update().get(pk=authority.pk)
    record, _created = AuthorityRecommendation.objects.get_or_create(batch=batch, authority=authority)
    return record


def _refuse_when_locked(record: AuthorityRecommendation, batch: Batch) -> None:
    if record.is_submitted:
        raise Refused(locked_message(record), code="locked")
    if not batch.recommendation_open():
        raise Refused(_("已超过推荐截止日期（%(d)s），推荐已锁定。") % {"d": date_format(batch.recommendation_deadline)},
                      code="deadline")


def reorder(*, actor, batch: Batch, authority: Authority, kind: str, section: str, order: list[int]) -> bool:
    """R-RANK: save the official's order of one section (rank 1 = strongest). The list must hold
    exactly the section's declarations: a page made stale by a colleague is refused, not merged.
    Returns whether anything changed."""
    if section not in SECTIONS:
        raise Refused(_("未知的排序列表。"), code="unknown_section")
    require(actor, "recommendation.rank_for", authority)
    with transaction.atomic():
        record = _open_record(batch=batch, authority=authority)
        _refuse_when_locked(record, batch)
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
        record_history(record, action=Action.REORDER, actor=actor,
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
        decl = workflow.perform(declaration, Action.VETO, actor=actor, note=note, veto_item=item, veto_source=source,
                                history_data=data)
        if recommendation is not None:
            _drop_recommendation(recommendation, decl)
    return decl


def unrecommend(*, actor, declaration: Declaration) -> Declaration:
    """R-RANK: take back a recommendation before the authority submits (a misclick must not hold
    a quota place); the unit returns to the candidates and the ranks close up."""
    # Refused once experts are assigned: a guard the expert-review stage adds to "unrecommend".
    with transaction.atomic():
        recommendation = Recommendation.objects.filter(declaration=declaration).first()
        decl = workflow.perform(declaration, Action.UNRECOMMEND, actor=actor, history_data={
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
    require(actor, "recommendation.rank_for", authority)
    with transaction.atomic():
        record = _open_record(batch=batch, authority=authority)
        _refuse_when_locked(record, batch)
        counts = dict(Declaration.objects.filter(batch=batch, authority=authority, status__in=RECOMMENDED_STATES)
                      .values_list("kind").annotate(n=Count("pk")))
        if not counts:
            raise Refused(_("尚未推荐任何申报，不能报送。"), code="empty")
        record.submitted_at = timezone.now()
        record.submitted_by = actor
        record.save(update_fields=["submitted_at", "submitted_by"])
        record_history(record, action=Action.SUBMIT_RECOMMENDATION, actor=actor, data={"recommended": counts})
    return record
