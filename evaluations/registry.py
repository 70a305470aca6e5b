"""Agency registry actions and reads: an agency registers (R-AGENCY-1), the ministry approves or
rejects it, debars it (R-AGENCY-BAN), and supervises its engagements and conclusions."""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greenlist import history
from greenlist.history import Action
from greenlist.models import Batch, Organisation
from greenlist.rules import require
from greenlist.services import record_history

from .agencies import AgencyProfile, _date, qualification_problems
from .models import Engagement, Evaluation

DEFAULT_BAN_YEARS = 3
PROFILE_FIELDS = ("legal_person", "legal_representative", "registered_in_china", "fixed_office", "sound_finances",
                  "qualified_staff", "senior_staff", "experience")


# -- actions --------------------------------------------------------------------------------------

def register_agency(*, actor, organisation: Organisation, evidence=None, **fields) -> AgencyProfile:
    """The agency declares (or corrects) its conditions; the profile waits for the ministry again.
    A debarment is the ministry's and stays whatever the agency resubmits."""
    if organisation.kind != Organisation.Kind.AGENCY:
        raise ValidationError(_("“%(o)s”不是第三方评价机构。") % {"o": organisation})
    require(actor, "evaluations.register_agency", organisation)
    problems = qualification_problems(**fields)
    if problems:
        raise ValidationError(problems, code="agency_conditions")
    with transaction.atomic():
        profile = AgencyProfile.objects.select_for_update().filter(organisation=organisation).first()
        profile = profile or AgencyProfile(organisation=organisation)
        if evidence is None and not profile.evidence:
            raise ValidationError(_("请上传证明材料。"), code="evidence_missing")
        previous = profile.status if profile.pk else ""
        before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
        for name in PROFILE_FIELDS:
            setattr(profile, name, fields[name])
        if evidence is not None:
            profile.evidence = evidence
        profile.status = AgencyProfile.Status.PENDING
        profile.submitted_at = timezone.now()
        profile.decided_by, profile.decided_at, profile.reason = None, None, ""
        profile.save()
        data = {"qualified_staff": profile.qualified_staff, "senior_staff": profile.senior_staff}
        if previous:  # a correction says what it corrected; a first registration has no before
            data["changes"] = history.changes(before, {name: fields[name] for name in PROFILE_FIELDS})
        record_history(profile, action=Action.REGISTER_AGENCY, actor=actor, from_state=previous,
                       to_state=profile.status, data=data)
    return profile


def decide_agency(*, actor, profile: AgencyProfile, approve: bool, reason: str = "") -> AgencyProfile:
    """The ministry approves or rejects (with a reason) a pending registration; the agency's
    members are told by mail once it is committed."""
    require(actor, "evaluations.review_agencies")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("不予批准时须填写理由。")})
    with transaction.atomic():
        profile = AgencyProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)
        if profile.status != AgencyProfile.Status.PENDING:
            raise ValidationError(_("该机构的登记当前为“%(s)s”，不在待审核状态。") % {"s": profile.get_status_display()})
        problems = qualification_problems(**{f: getattr(profile, f) for f in PROFILE_FIELDS})
        if approve and problems:  # e.g. a row written by hand in the admin
            raise ValidationError(problems)
        previous = profile.status
        profile.status = AgencyProfile.Status.APPROVED if approve else AgencyProfile.Status.REJECTED
        profile.decided_by, profile.decided_at, profile.reason = actor, timezone.now(), reason
        profile.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record_history(profile, action=Action.APPROVE_AGENCY if approve else Action.REJECT_AGENCY, actor=actor,
                       from_state=previous, to_state=profile.status, note=reason)
        subject = _("评价机构登记已批准") if approve else _("评价机构登记未获批准")
        body = (_("贵机构“%(a)s”的第三方评价机构登记已经工业和信息化部批准。") if approve
                else _("贵机构“%(a)s”的第三方评价机构登记未获批准。理由：%(r)s")) % {"a": profile.organisation, "r": reason}
        _mail_members_on_commit(profile.organisation, subject, body)
    return profile


def default_debarment_end(today: datetime.date | None = None) -> datetime.date:
    """Today plus the open batch's agency_ban_years (policy), else three years."""
    today = today or timezone.localdate()
    batch = Batch.objects.filter(phase=Batch.Phase.OPEN).order_by("-year", "-created_at").first()
    years = batch.agency_ban_years if batch else DEFAULT_BAN_YEARS
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def debar_agency(*, actor, profile: AgencyProfile, reason: str, until: datetime.date | None = None) -> AgencyProfile:
    """R-AGENCY-BAN: the agency cannot be engaged or submit reports until `until` (inclusive)."""
    require(actor, "evaluations.review_agencies")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"debarment_reason": _("禁入须填写理由。")})
    until = until or default_debarment_end()
    if until < timezone.localdate():
        raise ValidationError({"debarred_until": _("禁入截止日期不能早于今天。")})
    with transaction.atomic():
        profile = AgencyProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)
        profile.debarred_until, profile.debarment_reason = until, reason
        profile.save(update_fields=["debarred_until", "debarment_reason"])
        record_history(profile, action=Action.DEBAR_AGENCY, actor=actor, note=reason, data={"until": until.isoformat()})
        _mail_members_on_commit(
            profile.organisation, _("评价机构禁入通知"),
            _("贵机构“%(a)s”已被禁入至 %(d)s，期间不能受托评价，也不能提交评价报告。理由：%(r)s")
            % {"a": profile.organisation, "d": _date(until), "r": reason},
        )
    return profile


def _mail_members_on_commit(organisation: Organisation, subject: str, body: str) -> None:
    to = sorted(set(
        get_user_model().objects.filter(membership__organisation=organisation, is_active=True)
        .exclude(email="").values_list("email", flat=True)
    ))
    if to:
        transaction.on_commit(lambda: send_mail(subject, body, None, to), robust=True)


# -- reads ----------------------------------------------------------------------------------------

def agencies(*, status: str = "", q: str = ""):
    """Every agency organisation with its registration (none = not registered yet)."""
    qs = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).select_related("agency_profile")
    if status == "none":
        qs = qs.filter(agency_profile__isnull=True)
    elif status:
        qs = qs.filter(agency_profile__status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(agency_profile__legal_person__icontains=q))
    return qs.order_by("name", "pk")


def public_agencies(*, q: str = ""):
    """Approved agencies, debarred ones included (the page marks them)."""
    qs = AgencyProfile.objects.filter(status=AgencyProfile.Status.APPROVED).select_related("organisation")
    if q:
        qs = qs.filter(Q(organisation__name__icontains=q) | Q(legal_person__icontains=q))
    return qs.order_by("organisation__name", "pk")


def supervision(agency_ids) -> dict[int, dict]:
    """Per agency: live or finished engagements per batch, and submitted conclusions (two queries)."""
    out: dict[int, dict] = defaultdict(lambda: {"batches": [], "meets": 0, "fails": 0, "total": 0})
    ids = list(agency_ids)
    per_batch = (
        Engagement.objects.filter(agency_id__in=ids)
        .exclude(status__in=[Engagement.Status.DECLINED, Engagement.Status.WITHDRAWN])
        .values("agency_id", "declaration__batch__name", "declaration__batch__year")
        .annotate(n=Count("id")).order_by("agency_id", "-declaration__batch__year", "declaration__batch__name")
    )
    for row in per_batch:
        entry = out[row["agency_id"]]
        entry["batches"].append((row["declaration__batch__name"], row["n"]))
        entry["total"] += row["n"]
    conclusions = (
        Evaluation.objects.filter(engagement__agency_id__in=ids, submitted_at__isnull=False)
        .values("engagement__agency_id", "conclusion").annotate(n=Count("id")).order_by()
    )
    for row in conclusions:
        if row["conclusion"] in (Evaluation.Conclusion.MEETS, Evaluation.Conclusion.FAILS):
            out[row["engagement__agency_id"]][row["conclusion"]] += row["n"]
    return dict(out)
