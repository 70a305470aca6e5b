"""Agency actions: being engaged on a declaration and submitting the evaluation with its report."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import permissions, workflow
from applications.models import Declaration, DeclarationStatus
from applications.services import evaluation_route
from greenlist.history import Action
from greenlist.models import Organisation
from greenlist.services import record_history

from . import (
    indicators,
    tasks,  # tasks call back into this module: import the module, not names
)
from .agencies import engagement_refusal, submission_refusal
from .models import Engagement, Evaluation, IndicatorScore

LIVE = [Engagement.Status.PROPOSED, Engagement.Status.ACCEPTED]


def engage_agency(*, actor, declaration: Declaration, agency: Organisation) -> Engagement:
    """The applicant proposes the agency that will evaluate this declaration; the agency accepts
    or declines (evaluations.engagements). A new choice replaces an earlier one (proposed or
    accepted) while the declaration is still editable; one that was declined is proposed again."""
    if agency.kind != Organisation.Kind.AGENCY:
        raise ValidationError(_("“%(a)s”不是第三方评价机构。") % {"a": agency})
    if refusal := engagement_refusal(agency):  # R-AGENCY-1 approved, R-AGENCY-BAN not debarred
        raise ValidationError(refusal, code="agency_not_engageable")
    if not declaration.uses_third_party:
        raise ValidationError(_("该申报采用自评价方式，无需委托第三方评价机构。"))
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not permissions.has_perm(actor, "applications.change_declaration", decl):
            raise PermissionDenied(_("您无权为该申报委托评价机构。"))
        if not decl.is_editable:
            raise workflow.TransitionRefused(_("申报已提交，不能更换评价机构。"), code="frozen")
        current = decl.engagements.filter(status__in=LIVE).select_related("agency").first()
        if current and current.agency_id == agency.pk:
            return current
        if current:
            current.status = Engagement.Status.WITHDRAWN
            current.save(update_fields=["status"])
            permissions.revoke_from_agency(decl, current.agency)
        # A proposal: the agency sees the declaration only once it accepts (evaluations.engagements).
        engagement = Engagement.objects.create(declaration=decl, agency=agency, status=Engagement.Status.PROPOSED)
        record_history(decl, action=Action.ENGAGE_AGENCY, actor=actor, data={"agency": agency.name})
    return engagement


def choose_evaluation_route(*, actor, declaration: Declaration, agency: Organisation | None) -> None:
    """R-FLOW-3: third party when the batch requires it, or (2024: self or third party) when the
    applicant names an agency; otherwise self-evaluation, and no agency keeps access."""
    third_party = evaluation_route(declaration.batch, wants_third_party=agency is not None)
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not decl.is_editable:
            raise workflow.TransitionRefused(_("申报已提交，不能更改评价方式。"), code="frozen")
        if decl.uses_third_party != third_party:
            decl.uses_third_party = third_party
            decl.save(update_fields=["uses_third_party", "updated_at"])
        if third_party and agency is not None:
            engage_agency(actor=actor, declaration=decl, agency=agency)
        elif not third_party:
            withdraw_engagement(actor=actor, declaration=decl)
    declaration.uses_third_party = third_party


def withdraw_engagement(*, actor, declaration: Declaration) -> None:
    """The applicant switched to self-evaluation (where the batch allows it): the agency loses access."""
    for engagement in declaration.engagements.filter(status__in=LIVE).select_related("agency"):
        engagement.status = Engagement.Status.WITHDRAWN
        engagement.save(update_fields=["status"])
        permissions.revoke_from_agency(declaration, engagement.agency)
        record_history(declaration, action=Action.WITHDRAW_ENGAGEMENT, actor=actor,
                       data={"agency": engagement.agency.name})


def live_engagement(declaration: Declaration) -> Engagement | None:
    # With the agency's registration: the detail page flags a debarred agency (R-AGENCY-BAN).
    return declaration.engagements.filter(status__in=LIVE).select_related("agency__agency_profile").first()


def save_evaluation(*, actor, engagement: Engagement, submit: bool, **fields) -> Evaluation:
    """Save the agency's evaluation of the declaration's current version; with submit=True also
    move the declaration on (R-EVAL-5). The draft is committed first and kept even when the
    submission is then refused (say, no report yet), so nothing the agency entered is lost."""
    decl = engagement.declaration
    if not permissions.has_perm(actor, "applications.evaluate_declaration", decl):
        raise PermissionDenied(_("您的机构未受托评价该申报。"))
    with transaction.atomic():
        evaluation = _lock_current_evaluation(decl, engagement)
        for name, value in fields.items():
            if name == "report" and not value:
                continue  # keep the report already uploaded when the form leaves the field empty
            setattr(evaluation, name, value)
        evaluation.save()
        record_history(decl, action=Action.SAVE_EVALUATION, actor=actor)
    if submit:
        with transaction.atomic():
            if refusal := submission_refusal(engagement.agency):  # R-AGENCY-BAN
                raise workflow.TransitionRefused(refusal, code="debarred")
            # Re-read under the declaration's lock: a second tab cannot change it in between.
            evaluation = _lock_current_evaluation(decl, engagement)
            # The third-party score is the agency's own scoring of the indicator set, in full.
            current = Declaration.objects.get(pk=decl.pk)
            scored = indicators.result(current, IndicatorScore.Source.THIRD_PARTY)
            if scored.missing:
                raise workflow.TransitionRefused(
                    _("第三方评价打分未完成：%(n)d 项指标未评分。") % {"n": len(scored.missing)}, code="scores_missing")
            # Scores left from an earlier version or another agency do not count: this engagement
            # scores this submitted version itself.
            since = max(t for t in (current.submitted_at, engagement.decided_at) if t is not None)
            stale = IndicatorScore.objects.filter(
                declaration=current, source=IndicatorScore.Source.THIRD_PARTY, updated_at__lt=since).count()
            if stale:
                raise workflow.TransitionRefused(
                    _("第三方评价打分未完成：%(n)d 项指标尚未对本次提交的版本评分，请逐项评分后保存。") % {"n": stale},
                    code="scores_stale")
            if scored.vetoes and evaluation.conclusion == Evaluation.Conclusion.MEETS:
                raise workflow.TransitionRefused(
                    _("评分中基本要求“%(i)s”不满足，评价结论不能为“符合要求”。") % {"i": "、".join(scored.vetoes)},
                    code="conclusion_contradicts_scores")
            evaluation.score = scored.total
            evaluation.save(update_fields=["score", "updated_at"])
            workflow.perform(decl, Action.EVALUATE, actor=actor, evaluation=evaluation)
            evaluation.submitted_at = timezone.now()
            evaluation.save(update_fields=["submitted_at", "updated_at"])
            transaction.on_commit(lambda: _queue_summary(evaluation.pk), robust=True)
    return evaluation


def _lock_current_evaluation(decl: Declaration, engagement: Engagement) -> Evaluation:
    """Lock the declaration, then fetch or start the evaluation of its current version.
    Only a submitted declaration is evaluated, and a submitted evaluation is never changed."""
    decl = Declaration.objects.select_for_update().get(pk=decl.pk)
    if decl.status != DeclarationStatus.SUBMITTED:
        raise workflow.TransitionRefused(
            _("申报当前状态为“%(s)s”，不在第三方评价阶段。") % {"s": decl.get_status_display()}, code="wrong_state"
        )
    evaluation, _created = Evaluation.objects.get_or_create(engagement=engagement, version=decl.version)
    if evaluation.submitted_at:
        raise workflow.TransitionRefused(_("评价已提交，不能修改。"), code="frozen")
    return evaluation


def _queue_summary(evaluation_id: int) -> None:
    tasks.generate_evaluation_summary.delay(evaluation_id)
