"""What waits for each role: the panels of /dashboard/. This module composes the apps'
selectors (like urls.py composes their views); the apps never import it."""
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

PANEL_ROWS = 10


@dataclass
class Panel:
    title: str
    rows: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""
    empty: str = _("暂无待办事项。")


def _panel(title, queryset, more_url, empty=None):
    rows = list(queryset[:PANEL_ROWS])
    count = len(rows) if len(rows) < PANEL_ROWS else queryset.count()
    panel = Panel(title=title, rows=rows, count=count, more_url=more_url)
    if empty:
        panel.empty = empty
    return panel


def panels_for(user) -> list[Panel]:
    from applications.models import DeclarationStatus as S
    from applications.selectors import declarations_for
    from evaluations.selectors import engagements_for_agency
    from reviews.selectors import awaiting_province, ministry_queue

    panels = []
    if user.has_role(Role.APPLICANT):
        mine = declarations_for(user)
        panels.append(_panel(_("待完善或退回修改的申报"), mine.filter(status__in=[S.DRAFT, S.RETURNED]),
                             reverse("applications:list")))
        panels.append(_panel(_("已提交的申报"), mine.exclude(status__in=[S.DRAFT, S.RETURNED]),
                             reverse("applications:list")))
    if user.has_role(Role.AGENCY_STAFF) and user.organisation:
        waiting = engagements_for_agency(user.organisation, status=S.SUBMITTED)
        panels.append(_panel(_("待评价的委托"), waiting, reverse("evaluations:engagements")))
    if user.has_role(Role.PROVINCIAL_OFFICIAL):
        panels.append(_panel(_("待推荐的申报"), awaiting_province(user), reverse("reviews:province")))
    if user.has_role(Role.MINISTRY_REVIEWER):
        url = reverse("reviews:ministry")
        panels.append(_panel(_("待部级审核的推荐"), ministry_queue(status=S.RECOMMENDED), url))
        panels.append(_panel(_("待公示"), ministry_queue(status=S.SHORTLISTED), url))
        panels.append(_panel(_("公示中"), ministry_queue(status=S.IN_PUBLICITY), url))
    if user.has_role(Role.EXPERT):
        from reviews.expert_selectors import assignments_for_expert

        panels.append(_panel(_("分配给我的评审"), assignments_for_expert(user).filter(submitted_at__isnull=True),
                             reverse("reviews:expert_tasks"), empty=_("暂无分配给您的评审任务。")))
    return panels
