"""Agency actions: being engaged on a declaration and submitting the evaluation with its report."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import permissions, workflow
from applications.models import Declaration
from greenlist.models import Organisation
from greenlist.services import record_history

from .models import Engagement, Evaluation

LIVE = [Engagement.Status.PROPOSED, Engagement.Status.ACCEPTED]


def engage_agency(*, actor, declaration: Declaration, agency: Organisation) -> Engagement:
    """The applicant names the agency that will evaluate this declaration; a new choice replaces
    an earlier one while the declaration is still editable."""
    if agency.kind != Organisation.Kind.AGENCY:
        raise ValidationError(_("“%(a)s”不是第三方评价机构。") % {"a": agency})
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
        engagement = Engagement.objects.create(declaration=decl, agency=agency, status=Engagement.Status.ACCEPTED)
        permissions.grant_to_agency(decl, agency)
        record_history(decl, action="engage_agency", actor=actor, data={"agency": agency.name})
    return engagement


def live_engagement(declaration: Declaration) -> Engagement | None:
    return declaration.engagements.filter(status__in=LIVE).select_related("agency").first()


def save_evaluation(*, actor, engagement: Engagement, submit: bool, **fields) -> Evaluation:
    """Save the agency's evaluation; with submit=True also move the declaration on (R-EVAL-5).
    The draft is saved first and kept even when the submission is then refused (say, no report
    yet), so nothing the agency entered is lost; the submission itself is all-or-nothing."""
    decl = engagement.declaration
    if not permissions.has_perm(actor, "applications.evaluate_declaration", decl):
        raise PermissionDenied(_("您的机构未受托评价该申报。"))
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.select_for_update().get_or_create(engagement=engagement)
        if evaluation.submitted_at:
            raise workflow.TransitionRefused(_("评价已提交，不能修改。"), code="frozen")
        for name, value in fields.items():
            if name == "report" and not value:
                continue  # keep the report already uploaded when the form leaves the field empty
            setattr(evaluation, name, value)
        evaluation.save()
        record_history(decl, action="save_evaluation", actor=actor)
    if submit:
        with transaction.atomic():
            workflow.perform(decl, "evaluate", actor=actor, evaluation=evaluation)
            evaluation.submitted_at = timezone.now()
            evaluation.save(update_fields=["submitted_at", "updated_at"])
    return evaluation
