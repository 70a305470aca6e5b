"""Recording scores against a declaration's indicator set, and reading the results: the scheme a
declaration is evaluated under, the self-evaluation the applicant saves, the score breakdown."""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import permissions, workflow
from applications.models import Declaration
from greenlist.history import Action
from greenlist.models import ListKind
from greenlist.services import record_history

from . import scoring
from .agencies import submission_refusal
from .models import Indicator, IndicatorScore, IndicatorSet

# The scheme per kind; factories follow the batch's policy (GB/T 36132-2018 or -2025).
SCHEME_BY_KIND = {
    ListKind.PARK: "586-2016-park",
    ListKind.SUPPLY_CHAIN: "586-2016-supply-chain",
    ListKind.PRODUCT: "GBT32161-2015",
}


def scheme_for(decl: Declaration) -> IndicatorSet:
    """The indicator set of a declaration: fixed by the scores already recorded (R-EVAL-1: never
    re-scored under a newer scheme), otherwise by kind and batch policy."""
    first = IndicatorScore.objects.filter(declaration=decl).select_related("indicator__indicator_set").first()
    if first is not None:
        return first.indicator.indicator_set
    code = decl.batch.factory_scheme if decl.kind == ListKind.FACTORY else SCHEME_BY_KIND[decl.kind]
    return IndicatorSet.objects.get(code=code)


def indicators_of(indicator_set: IndicatorSet) -> list[Indicator]:
    return list(indicator_set.indicators.order_by("order"))


def recorded(decl: Declaration, source: str) -> dict[str, IndicatorScore]:
    rows = IndicatorScore.objects.filter(declaration=decl, source=source).select_related("indicator__indicator_set")
    return {row.indicator.code: row for row in rows}


def result(decl: Declaration, source: str = IndicatorScore.Source.SELF) -> scoring.ScoreResult:
    """The score of what was recorded. Computed once per declaration instance: a page asks for it
    for the score card and again for the pre-submission check (writes use fresh instances)."""
    cache = decl.__dict__.setdefault("_score_results", {})
    if source not in cache:
        rows = recorded(decl, source)
        indicator_set = (next(iter(rows.values())).indicator.indicator_set if rows else scheme_for(decl))
        cache[source] = scoring.score(indicators_of(indicator_set), rows)
    return cache[source]


def _record(decl: Declaration, source: str, entries: dict[str, dict], *, actor, action: Action) -> scoring.ScoreResult:
    """Upsert one source's scores on the declaration's own set (R-EVAL-1), score, write history.
    Runs inside the caller's transaction, with the declaration locked and the actor checked."""
    indicator_set = scheme_for(decl)
    by_code = {i.code: i for i in indicators_of(indicator_set)}
    # One read, one insert and one update for the whole form (a set has up to ~60 indicators), not
    # an update_or_create (savepoint, SELECT … FOR UPDATE, write) per indicator: the declaration
    # row is locked by the caller, so nobody else writes these rows meanwhile.
    existing = {row.indicator_id: row for row in IndicatorScore.objects.filter(
        declaration=decl, source=source, indicator__in=[by_code[code] for code in entries])}
    new, changed, fields = [], [], set()
    for code, values in entries.items():
        row = existing.get(by_code[code].pk)
        if row is None:
            new.append(IndicatorScore(declaration=decl, source=source, indicator=by_code[code], **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            fields.update(values)
            changed.append(row)
    IndicatorScore.objects.bulk_create(new)
    if changed:
        now = timezone.now()  # auto_now, which bulk_update does not apply
        for row in changed:
            row.updated_at = now
        IndicatorScore.objects.bulk_update(changed, [*sorted(fields), "updated_at"])
    outcome = scoring.score(by_code.values(), recorded(decl, source))
    record_history(decl, action=action, actor=actor, data={"scheme": indicator_set.code, "total": str(outcome.total)})
    return outcome


def save_self_evaluation(*, actor, declaration: Declaration, entries: dict[str, dict]) -> scoring.ScoreResult:
    """Record the applicant's self-evaluation (entries: indicator code -> field values) and keep the
    declaration's self score in step. A draft may be partial; submission needs it complete."""
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not permissions.has_perm(actor, "applications.change_declaration", decl):
            raise workflow.TransitionRefused(_("您无权修改该申报。"), code="no_permission")
        if not decl.is_editable:
            raise workflow.TransitionRefused(
                _("申报已提交（状态：%(s)s），自评价已冻结，不能修改。") % {"s": decl.get_status_display()}, code="frozen")
        outcome = _record(decl, IndicatorScore.Source.SELF, entries, actor=actor, action=Action.SAVE_SELF_EVALUATION)
        decl.self_score = outcome.total
        decl.save(update_fields=["self_score", "updated_at"])
    declaration.self_score = outcome.total
    declaration.__dict__.pop("_score_results", None)
    return outcome


def save_third_party_scores(*, actor, declaration: Declaration, entries: dict[str, dict]) -> scoring.ScoreResult:
    """Record the engaged agency's scores, indicator by indicator, on the same indicator set as the
    applicant's self-evaluation; only while the declaration waits for its evaluation."""
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not permissions.has_perm(actor, "applications.evaluate_declaration", decl):
            raise workflow.TransitionRefused(_("您的机构未受托评价该申报。"), code="no_permission")

        refusal = submission_refusal(actor.organisation)  # R-AGENCY-BAN
        if refusal:
            raise workflow.TransitionRefused(refusal, code="debarred")
        if decl.status != "submitted":
            raise workflow.TransitionRefused(
                _("申报当前状态为“%(s)s”，不在第三方评价阶段。") % {"s": decl.get_status_display()}, code="wrong_state")
        outcome = _record(decl, IndicatorScore.Source.THIRD_PARTY, entries, actor=actor,
                          action=Action.SAVE_THIRD_PARTY_SCORES)
    declaration.__dict__.pop("_score_results", None)
    return outcome


def comparison(decl: Declaration) -> list[dict]:
    """Self-evaluation and third-party scores side by side, per indicator, differences marked."""
    self_result, third_result = result(decl, IndicatorScore.Source.SELF), result(decl, IndicatorScore.Source.THIRD_PARTY)
    third_items = {item.indicator.code: item for group in third_result.groups for item in group.items}
    rows = []
    for group in self_result.groups:
        for item in group.items:
            other = third_items.get(item.indicator.code)
            rows.append({
                "group": group.name, "indicator": item.indicator,
                "self": item, "third": other,
                "differs": other is not None and other.complete and (
                    other.points != item.points or other.vetoed != item.vetoed),
            })
    return rows


def submission_check(decl: Declaration, ctx: dict) -> list[str]:
    """applications.submission CHECKS entry: complete, and every basic requirement met."""
    outcome = result(decl)
    messages = []
    if outcome.missing:
        shown = "、".join(outcome.missing[:5]) + ("等" if len(outcome.missing) > 5 else "")
        messages.append(_("自评价未完成：%(n)d 项指标未填写（%(m)s）。") % {"n": len(outcome.missing), "m": shown})
    for name in outcome.vetoes:
        messages.append(_("自评价中“%(i)s”不满足要求（一票否决），不能提交申报。") % {"i": name})
    return messages


def freeze(decl: Declaration) -> dict:
    """applications.submission FREEZERS entry: the self-evaluation as submitted."""
    outcome = result(decl)
    rows = recorded(decl, IndicatorScore.Source.SELF)
    return {
        "scheme": scheme_for(decl).code,
        "total": str(outcome.total),
        "groups": {g.code: str(g.points) for g in outcome.groups},
        "indicators": {
            code: {"met": r.met, "points": _s(r.points), "value": _s(r.value), "year_values": r.year_values,
                   "baseline": _s(r.baseline), "leading": _s(r.leading), "note": r.note}
            for code, r in rows.items()
        },
    }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
