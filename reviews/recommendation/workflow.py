"""What the recommendation stage adds to the declaration's workflow (applications.workflow):
the batch's deadline and quota on "recommend" (R-QUOTA, R-RANK), the authority's lock once it has
submitted (R-RANK), and the ministry's wait for that submission. Registered in apps.ready()."""
from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import RECOMMENDED_STATES, Declaration
from greenlist.history import Action
from greenlist.models import Authority

from .models import AuthorityRecommendation


def submitted_recommendation(decl: Declaration) -> AuthorityRecommendation | None:
    return AuthorityRecommendation.objects.filter(
        batch_id=decl.batch_id, authority_id=decl.authority_id, submitted_at__isnull=False
    ).select_related("authority").first()


def locked_message(submitted: AuthorityRecommendation) -> str:
    """The refusal for any ranking decision after the authority's submission."""
    return _("%(a)s已于 %(t)s 报送本批次推荐，推荐结果已锁定，不能再调整排序、推荐、退回或不予推荐。") % {
        "a": submitted.authority, "t": date_format(timezone.localtime(submitted.submitted_at), "DATETIME_FORMAT")}


def province_unlocked(decl: Declaration, ctx: dict) -> str | None:
    """R-RANK: once the authority has submitted its recommendation for the batch, its decisions
    are locked. The authority row is locked first, so a decision and the submission never cross."""
    Authority.objects.select_for_update().get(pk=decl.authority_id)
    submitted = submitted_recommendation(decl)
    return locked_message(submitted) if submitted is not None else None


def within_quota(decl: Declaration, ctx: dict) -> str | None:
    """R-QUOTA and R-RANK's deadline and lock. The authority row is locked first, so two officials
    recommending at once are serialised and the count they read is current."""
    batch = decl.batch
    if not batch.recommendation_open():
        return _("已超过推荐截止日期（%(d)s），推荐已锁定。") % {"d": date_format(batch.recommendation_deadline)}
    locked = province_unlocked(decl, ctx)  # locks the authority row
    if locked:
        return locked
    quota = batch.quota_for(decl.authority, decl.kind)
    if quota is None:
        return None
    used = (
        Declaration.objects.filter(
            batch=batch, authority=decl.authority, kind=decl.kind, status__in=RECOMMENDED_STATES
        ).exclude(pk=decl.pk).count()
    )
    if used >= quota:
        return _("%(a)s 本批次“%(k)s”推荐名额为 %(q)d 个，已用完（已推荐 %(u)d 个）。") % {
            "a": decl.authority, "k": decl.get_kind_display(), "q": quota, "u": used,
        }
    return None


def authority_submitted(decl: Declaration, ctx: dict) -> str | None:
    """R-RANK: the ministry reviews an authority's recommendation only once it has been submitted."""
    if submitted_recommendation(decl) is None:
        return _("%(a)s尚未报送本批次的推荐，报送后才能审核。") % {"a": decl.authority}
    return None


def register() -> None:
    workflow.add_guard((Action.RECOMMEND,), within_quota)
    workflow.add_guard((Action.UNRECOMMEND, Action.RETURN, Action.REJECT), province_unlocked)
    workflow.add_guard((Action.SHORTLIST, Action.DECLINE), authority_submitted)
