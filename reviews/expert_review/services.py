"""Ministry expert review (R-REVIEW-1): the conflict-of-interest check, assigning experts, the
expert's review, withdrawing an assignment, and the ministry's decision (shortlist or not, with
a reason) through the workflow. An expert sees a declaration only while assigned to it."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from applications import workflow
from applications.models import Declaration, DeclarationStatus
from evaluations.agencies import normalise_name
from greenlist.history import Action
from greenlist.models import Role
from greenlist.notifications import notify
from greenlist.rules import require
from greenlist.services import record_history

from .models import ExpertAssignment, ExpertProfile

VIEW = "view_declaration"


def accepted_agency(decl: Declaration):
    """The agency whose engagement on the declaration was accepted (the one that evaluated it)."""
    engagement = decl.engagements.filter(status="accepted").select_related("agency__agency_profile").first()
    return engagement.agency if engagement else None


class Parties:
    """The organisations an expert must not work for, for one declaration, read once so that a
    list of experts is checked without a query per expert."""

    def __init__(self, decl: Declaration):
        self.decl = decl
        self.applicant = decl.applicant
        self.agency = accepted_agency(decl)
        self.applicant_names = {normalise_name(decl.applicant.name), normalise_name(decl.unit_name)}
        self.agency_names = set()
        if self.agency is not None:
            self.agency_names.add(normalise_name(self.agency.name))
            profile = getattr(self.agency, "agency_profile", None)
            if profile is not None and profile.legal_person:  # the legal person behind the agency
                self.agency_names.add(normalise_name(profile.legal_person))
        self.agency_names.discard("")
        self.applicant_names.discard("")

    def conflict(self, profile: ExpertProfile | None) -> str | None:
        """R-REVIEW-1: the reason this expert cannot review the declaration, or None."""
        decl = self.decl
        if profile is None:
            return _("该用户尚未登记专家信息（所属地区、工作单位），不能分配。")
        expert = profile.user
        if profile.authority_id == decl.authority_id:
            return _("专家%(e)s所属地区为%(a)s，与申报的推荐单位相同，须回避。") % {"e": expert, "a": decl.authority}
        employer = normalise_name(profile.employer.name if profile.employer_id else profile.employer_name)
        if profile.employer_id == self.applicant.pk or (employer and employer in self.applicant_names):
            return _("专家%(e)s的工作单位（%(w)s）是申报单位，须回避。") % {"e": expert, "w": profile.employer_display}
        if self.agency is not None and (profile.employer_id == self.agency.pk or (employer and employer in self.agency_names)):
            return _("专家%(e)s的工作单位（%(w)s）是该申报的第三方评价机构%(g)s，须回避。") % {
                "e": expert, "w": profile.employer_display, "g": self.agency}
        return None


def conflict_of(profile: ExpertProfile | None, decl: Declaration) -> str | None:
    return Parties(decl).conflict(profile)


def _profiles(experts) -> dict[int, ExpertProfile]:
    ids = [e.pk for e in experts]
    return {p.user_id: p for p in ExpertProfile.objects.filter(user_id__in=ids).select_related("user", "employer")}


def assign_experts(*, actor, declaration: Declaration, experts) -> list[ExpertAssignment]:
    """Assign experts to a recommended declaration, all or none: any conflict refuses the whole
    request with every reason (ValidationError). An expert already assigned is left as is, so
    a double click assigns nobody twice. Each new expert gains view access and is notified."""
    require(actor, "expert_review.act")
    experts = list(experts)
    if not experts:
        raise ValidationError(_("请至少选择一位专家。"))
    with transaction.atomic():
        # Serialises assignments and the decision on this declaration (see decide()).
        decl = Declaration.objects.select_for_update(of=("self",)).select_related(
            "applicant", "authority", "batch").get(pk=declaration.pk)
        if decl.status != DeclarationStatus.RECOMMENDED:
            raise ValidationError(_("申报当前状态为“%(s)s”，只能为省级已推荐、待部级审核的申报分配专家。") % {
                "s": decl.get_status_display()})
        profiles = _profiles(experts)
        parties = Parties(decl)
        reasons = []
        for expert in experts:
            if not expert.has_role(Role.EXPERT):
                reasons.append(_("%(e)s 不是评审专家，不能分配。") % {"e": expert})
                continue
            reason = parties.conflict(profiles.get(expert.pk))
            if reason:
                reasons.append(reason)
        if reasons:
            raise ValidationError(reasons)
        already = set(ExpertAssignment.objects.live().filter(declaration=decl).values_list("expert_id", flat=True))
        created = []
        for expert in experts:
            if expert.pk in already:
                continue
            assignment = ExpertAssignment.objects.create(declaration=decl, expert=expert, assigned_by=actor)
            assign_perm(VIEW, expert, decl)
            # On the assignment, not the declaration: the applicant reads the declaration's history,
            # and who reviews it is not the applicant's to know.
            record_history(assignment, action=Action.ASSIGN_EXPERT, actor=actor,
                           data={"declaration": decl.pk, "expert": expert.pk})
            notify(recipients=[expert], key=f"expert-assigned:{assignment.pk}",
                   subject=_("新的评审任务：%(u)s") % {"u": decl.unit_name},
                   body=_("工业和信息化部邀请您评审%(b)s“%(u)s”（%(k)s），请登录平台查看申报材料并提交评审意见。") % {
                       "b": decl.batch, "u": decl.unit_name, "k": decl.get_kind_display()},
                   url=assignment.get_absolute_url())
            created.append(assignment)
    return created


def expert_assignment(user, pk: int) -> ExpertAssignment:
    """The expert's own live assignment, or 404: another expert's does not exist for them."""
    assignment = (ExpertAssignment.objects.live().filter(pk=pk, expert=user)
                  .select_related("declaration__batch", "declaration__authority", "declaration__applicant",
                                  "declaration__industry").first())
    if assignment is None:
        raise Http404(_("没有找到该评审任务，或您无权查看。"))
    return assignment


def submit_review(*, actor, assignment: ExpertAssignment, score: Decimal, opinion: str,
                  comment: str) -> ExpertAssignment:
    """The expert's score (0–100), opinion and comment; submitted once, then final."""
    comment = (comment or "").strip()
    errors = {}
    if score is None or not Decimal("0") <= score <= Decimal("100"):
        errors["score"] = _("评分须在 0 至 100 之间。")
    if opinion not in ExpertAssignment.Opinion.values:
        errors["opinion"] = _("请选择是否建议列入。")
    if not comment:
        errors["comment"] = _("请填写评审说明。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = ExpertAssignment.objects.select_for_update().select_related("declaration").filter(
            pk=assignment.pk, expert=actor).first()
        if row is None or row.is_withdrawn:
            raise Http404(_("没有找到该评审任务，或您无权查看。"))
        if row.is_submitted:
            raise ValidationError(_("评审意见已于 %(t)s 提交，不能修改。") % {
                "t": timezone.localtime(row.submitted_at).strftime("%Y-%m-%d %H:%M")})
        if row.declaration.status != DeclarationStatus.RECOMMENDED:
            raise ValidationError(_("申报当前状态为“%(s)s”，已不在专家评审阶段。") % {
                "s": row.declaration.get_status_display()})
        row.score, row.opinion, row.comment, row.submitted_at = score, opinion, comment, timezone.now()
        row.save(update_fields=["score", "opinion", "comment", "submitted_at"])
        record_history(row, action=Action.SUBMIT_EXPERT_REVIEW, actor=actor,
                       data={"score": str(score), "opinion": opinion})
        notify(recipients=[row.assigned_by], key=f"expert-reviewed:{row.pk}",
               subject=_("专家已提交评审意见：%(u)s") % {"u": row.declaration.unit_name},
               url=reverse("reviews:ministry_review_detail", args=[row.declaration_id]))
    return row


def withdraw_assignment(*, actor, assignment: ExpertAssignment, reason: str) -> ExpertAssignment:
    """Take an unsubmitted assignment back (an expert who cannot review), with a reason."""
    require(actor, "expert_review.act")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("撤回专家分配必须填写理由。"))
    with transaction.atomic():
        row = ExpertAssignment.objects.select_for_update().select_related("declaration", "expert").get(pk=assignment.pk)
        if row.is_withdrawn:
            return row  # a double click: already done
        if row.is_submitted:
            raise ValidationError(_("专家%(e)s已提交评审意见，不能撤回。") % {"e": row.expert})
        row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = timezone.now(), actor, reason
        row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        remove_perm(VIEW, row.expert, row.declaration)
        record_history(row, action=Action.WITHDRAW_EXPERT, actor=actor, note=reason,
                       data={"declaration": row.declaration_id, "expert": row.expert_id})
    return row


# Why an open task closed by itself when its declaration left review (shown to the expert).
LEFT_REVIEW = {Action.VETO: gettext_lazy("申报已移出评审（否决项）"),
               Action.DECLINE: gettext_lazy("申报已移出评审（部级审核不通过）"),
               Action.SHORTLIST: gettext_lazy("申报已完成部级审核")}


def close_open_assignments(*, actor, declaration: Declaration, reason: str) -> list[ExpertAssignment]:
    """When a declaration leaves review (the province's veto, the ministry's decision), the
    unsubmitted assignments are withdrawn like withdraw_assignment does: the reason kept, the
    expert's access removed, one history row each. Call inside the transaction of the change."""
    rows = list(ExpertAssignment.objects.pending().select_for_update(of=("self",))
                .filter(declaration_id=declaration.pk).select_related("expert", "declaration"))
    now = timezone.now()
    for row in rows:
        row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = now, actor, reason
        row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        remove_perm(VIEW, row.expert, row.declaration)
        record_history(row, action=Action.WITHDRAW_EXPERT, actor=actor, note=reason,
                       data={"declaration": row.declaration_id, "expert": row.expert_id, "automatic": True})
    return rows


def pending_reason(decl: Declaration) -> str | None:
    """Why the ministry cannot decide yet: a real ministry decides on the experts' opinions, so
    every assigned expert must have submitted (or the assignment be withdrawn)."""
    waiting = [a.expert for a in ExpertAssignment.objects.pending().filter(declaration=decl).select_related("expert")]
    if not waiting:
        return None
    return _("尚有 %(n)d 位专家未提交评审意见（%(e)s），全部提交或撤回分配后才能作出审核决定。") % {
        "n": len(waiting), "e": "、".join(str(e) for e in waiting)}


DECISIONS = {"shortlist": Action.SHORTLIST, "decline": Action.DECLINE}


def decide(*, actor, declaration: Declaration, decision: str, reason: str) -> Declaration:
    """R-REVIEW-1: the ministry shortlists or declines, with a reason, once the experts are done."""
    require(actor, "expert_review.act")
    if decision not in DECISIONS:
        raise ValidationError(_("请选择审核结论。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("审核结论必须填写理由。"))
    with transaction.atomic():
        decl = Declaration.objects.select_for_update(of=("self",)).get(pk=declaration.pk)
        if decl.status == DeclarationStatus.RECOMMENDED:
            waiting = pending_reason(decl)
            if waiting:
                raise workflow.TransitionRefused(waiting, code="experts_pending")
        # Leaving review closes the open tasks (an effect this app adds to the workflow).
        return workflow.perform(decl, DECISIONS[decision], actor=actor, note=reason)
