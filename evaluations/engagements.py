"""The agency's answer to an engagement: accept with its independence declaration (R-AGENCY-2)
within the batch's cap (R-AGENCY-CAP), or decline with a reason. The applicant names the agency
(services.engage_agency: a proposal); the agency gains access to the declaration only on accepting."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import permissions, workflow
from applications.models import Declaration
from greenlist.history import Action
from greenlist.models import Batch, Organisation
from greenlist.services import record_history

from . import tasks  # tasks call back into this module: import the module, not names
from .agencies import engagement_refusal, normalise_name, profile_of
from .models import Engagement


def cap_group(agency: Organisation):
    """R-AGENCY-CAP: the agency organisations whose engagements count together against the cap:
    the agency itself and those registered (AgencyProfile) with the same legal person or the same
    legal representative. An agency without a registration is its own group."""
    same = Q(pk=agency.pk)
    profile = profile_of(agency)
    if profile is not None:
        # Stored normalised (AgencyProfile.save): full-width brackets and spaces do not split a group.
        if profile.legal_person:
            same |= Q(agency_profile__legal_person=normalise_name(profile.legal_person))
        if profile.legal_representative:
            same |= Q(agency_profile__legal_representative=normalise_name(profile.legal_representative))
    return Organisation.objects.filter(same, kind=Organisation.Kind.AGENCY)


def accepted_in_batch(agencies, batch: Batch) -> int:
    """Projects held: accepted engagements, and withdrawn ones whose evaluation was submitted
    (work done stays counted when the applicant later changes agency)."""
    return Engagement.objects.filter(
        Q(status=Engagement.Status.ACCEPTED)
        | Q(status=Engagement.Status.WITHDRAWN, evaluations__submitted_at__isnull=False),
        agency__in=agencies, declaration__batch=batch,
    ).distinct().count()


@dataclass(frozen=True)
class CapUsage:
    batch: Batch
    used: int
    cap: int | None

    @property
    def full(self) -> bool:
        return self.cap is not None and self.used >= self.cap


def cap_usage(agency: Organisation, batches) -> list[CapUsage]:
    """What the agency's group holds against the cap in each of these batches."""
    counts = dict(
        Engagement.objects.filter(agency__in=cap_group(agency), declaration__batch__in=batches,
                                  status=Engagement.Status.ACCEPTED)
        .values_list("declaration__batch").annotate(n=Count("pk")).values_list("declaration__batch", "n")
    )
    return [CapUsage(batch=b, used=counts.get(b.pk, 0), cap=b.agency_cap) for b in batches]


def engagement_for_agency(agency: Organisation, pk: int) -> Engagement:
    """The agency's own engagement, or 404: another agency's engagement does not exist for it."""
    engagement = (
        Engagement.objects.filter(pk=pk, agency=agency)
        .select_related("declaration__batch", "declaration__applicant", "declaration__authority", "agency")
        .first()
    )
    if engagement is None:
        raise Http404(_("没有找到该评价委托。"))
    return engagement


def _lock_proposal(actor, engagement: Engagement) -> tuple[Engagement, Declaration]:
    """Lock the declaration (the applicant changing agency locks it too), then re-read the
    engagement: only a proposal still standing can be answered, by a member of that agency."""
    decl = Declaration.objects.select_for_update(of=("self",)).select_related("batch").get(
        pk=engagement.declaration_id)
    engagement = Engagement.objects.select_related("agency").get(pk=engagement.pk)
    if actor.organisation is None or actor.organisation.pk != engagement.agency_id:
        raise Http404(_("没有找到该评价委托。"))
    if engagement.status != Engagement.Status.PROPOSED:
        raise workflow.TransitionRefused(
            _("该委托当前状态为“%(s)s”，不能再接受或拒绝。") % {"s": engagement.get_status_display()},
            code="wrong_state",
        )
    return engagement, decl


def accept_engagement(*, actor, engagement: Engagement, not_in_self_evaluation: bool,
                      no_consulting: bool) -> Engagement:
    """The agency accepts: it declares its independence (R-AGENCY-2), and the cap of its legal
    person in the batch must not be reached (R-AGENCY-CAP). Then it may view and evaluate."""
    if not not_in_self_evaluation:
        raise workflow.TransitionRefused(
            _("参与编制申报单位自评价报告的机构不得承担其第三方评价，不能接受该委托。"), code="independence")
    if not no_consulting:
        raise workflow.TransitionRefused(
            _("本批次曾为该申报单位提供咨询服务的机构不得承担其第三方评价，不能接受该委托。"), code="independence")
    with transaction.atomic():
        # Every accept of the same group locks the same agency rows, in the same order, BEFORE
        # counting: concurrent accepts are serialised and the cap is never exceeded.
        group = list(cap_group(engagement.agency).select_for_update(of=("self",)).order_by("pk"))
        engagement, decl = _lock_proposal(actor, engagement)
        refusal = engagement_refusal(engagement.agency)  # R-AGENCY-1 approved, R-AGENCY-BAN not debarred
        if refusal:
            raise workflow.TransitionRefused(refusal, code="not_engageable")
        cap = decl.batch.agency_cap
        if cap is not None:
            used = accepted_in_batch(group, decl.batch)
            if used >= cap:
                raise workflow.TransitionRefused(
                    _("同一法人（法定代表人）的评价机构在%(b)s本批次评价项目已达上限 %(c)d 个（已承接 %(u)d 个），"
                      "不能再接受委托。") % {"b": decl.batch, "c": cap, "u": used},
                    code="cap",
                )
        now = timezone.now()
        engagement.status = Engagement.Status.ACCEPTED
        engagement.decided_at = now
        engagement.independence_declared_at = now
        engagement.independence_declared_by = actor
        engagement.save(update_fields=["status", "decided_at", "independence_declared_at",
                                       "independence_declared_by"])
        permissions.grant_to_agency(decl, engagement.agency)
        record_history(decl, action=Action.ACCEPT_ENGAGEMENT, actor=actor, data={"agency": engagement.agency.name})
        transaction.on_commit(lambda: _mail_later(engagement.pk), robust=True)
    return engagement


def decline_engagement(*, actor, engagement: Engagement, reason: str) -> Engagement:
    """The agency declines with a reason; the applicant can then choose another agency."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("拒绝委托必须填写理由。")})
    with transaction.atomic():
        engagement, decl = _lock_proposal(actor, engagement)
        engagement.status = Engagement.Status.DECLINED
        engagement.decided_at = timezone.now()
        engagement.decline_reason = reason
        engagement.save(update_fields=["status", "decided_at", "decline_reason"])
        permissions.revoke_from_agency(decl, engagement.agency)
        record_history(decl, action=Action.DECLINE_ENGAGEMENT, actor=actor, note=reason,
                       data={"agency": engagement.agency.name})
        transaction.on_commit(lambda: _mail_later(engagement.pk), robust=True)
    return engagement


def latest_engagement(decl: Declaration) -> Engagement | None:
    """The engagement that decides whether the declaration may be submitted: the live one, or
    else the last one declined (withdrawn ones are the applicant's own doing)."""
    return (
        # The agency's registration too: the detail page flags a debarred agency (R-AGENCY-BAN).
        decl.engagements.exclude(status=Engagement.Status.WITHDRAWN).select_related("agency__agency_profile")
        .order_by("-created_at", "-pk").first()
    )


def engagement_in(decl: Declaration, ctx: dict) -> Engagement | None:
    """latest_engagement, read once per submission check (the checks share ctx). The submit
    guard runs under the declaration's lock, which accept and decline take too."""
    if "engagement" not in ctx:
        ctx["engagement"] = latest_engagement(decl)
    return ctx["engagement"]


def submission_check(decl: Declaration, ctx: dict) -> list[str]:
    """Only an accepted engagement lets a third-party declaration be submitted (a missing agency
    is named by applications.submission.missing_fields)."""
    engagement = engagement_in(decl, ctx) if decl.uses_third_party else None
    if engagement is None:
        return []
    if engagement.status == Engagement.Status.PROPOSED:
        return [_("第三方评价机构尚未接受委托（%(a)s），机构接受后方可提交。") % {"a": engagement.agency}]
    if engagement.status == Engagement.Status.DECLINED:
        return [_("第三方评价机构“%(a)s”已拒绝委托，请修改申报并另行选择评价机构。") % {"a": engagement.agency}]
    profile = profile_of(engagement.agency)
    if profile is not None and profile.is_debarred():  # R-AGENCY-BAN: debarred after accepting
        return [_("第三方评价机构“%(a)s”已被禁入（至 %(d)s），请修改申报并另行选择评价机构。")
                % {"a": engagement.agency, "d": date_format(profile.debarred_until)}]
    return []


# -- mail to the applicant ------------------------------------------------------------------------

def _mail_later(engagement_id: int) -> None:
    tasks.send_engagement_mail.delay(engagement_id)


def mail_engagement_answer(engagement_id: int) -> list[str]:
    """Tell the applicant's members that the agency accepted or declined; returns the addresses."""
    engagement = (
        Engagement.objects.select_related("agency", "declaration__applicant", "declaration__batch")
        .filter(pk=engagement_id).first()
    )
    if engagement is None or engagement.status not in (Engagement.Status.ACCEPTED, Engagement.Status.DECLINED):
        return []
    decl = engagement.declaration
    to = sorted(set(
        get_user_model().objects.filter(groups=decl.applicant.group, is_active=True).exclude(email="")
        .values_list("email", flat=True)
    ))
    if not to:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        values = {"a": engagement.agency, "u": decl.unit_name, "b": decl.batch}
        if engagement.status == Engagement.Status.ACCEPTED:
            subject = _("评价机构已接受委托：%(u)s") % values
            body = _("第三方评价机构“%(a)s”已接受“%(u)s”（%(b)s）的评价委托，并声明了独立性。完善申报内容后即可提交。") % values
        else:
            subject = _("评价机构拒绝委托：%(u)s") % values
            body = _("第三方评价机构“%(a)s”拒绝了“%(u)s”（%(b)s）的评价委托。") % values
            body += "\n" + _("理由：%(r)s") % {"r": engagement.decline_reason}
            body += "\n" + _("请修改申报，另行选择评价机构。")
        body += "\n\n" + _("请登录平台查看：%(url)s") % {"url": f"{settings.SITE_URL}{decl.get_absolute_url()}"}
    send_mail(subject, body, None, to)
    return to
