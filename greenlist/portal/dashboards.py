"""What waits for each role: the panels of /dashboard/. This module composes the apps'
selectors (like urls.py composes their views); the apps never import it. A panel shows a few
rows (title, link, meta line, badge) and the count of all, with a link to the full page."""
import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import DeclarationStatus as S
from applications.selectors import declarations_for
from evaluations.selectors import engagements_for_agency
from greenlist.models import Batch, Role
from reviews.expert_review.selectors import assignments_for_expert
from reviews.publication.models import ListEntry, Objection
from reviews.publication.selectors import ministry_objections
from reviews.recommendation.models import AuthorityRecommendation
from reviews.recommendation.selectors import awaiting_province, ministry_queue
from reviews.supervision.models import DynamicTable, Recheck, SpotCheck
from reviews.supervision.policy import deadline_for
from reviews.supervision.selectors import authority_tables, rechecks_for
from reviews.supervision.services.dynamic import open_round

PANEL_ROWS = 5


@dataclass
class Row:
    title: str
    url: str
    meta: str = ""
    badge: str = ""
    badge_class: str = "text-bg-light border"
    decl: object = None  # a declaration row shows its status pill (_status.html) instead of a badge


@dataclass
class Panel:
    title: str
    rows: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""
    empty: str = gettext_lazy("暂无待办事项。")
    key: str = ""


def _panel(title, queryset, more_url, row, *, empty=None, key=""):
    """The first PANEL_ROWS of queryset as Rows; the count costs a query only when there are more."""
    items = list(queryset[:PANEL_ROWS])
    count = len(items) if len(items) < PANEL_ROWS else queryset.count()
    panel = Panel(title=title, rows=[row(item) for item in items], count=count, more_url=more_url, key=key)
    if empty:
        panel.empty = empty
    return panel


def _declaration_row(item, url=None):
    d = getattr(item, "declaration", None) or item
    return Row(title=d.unit_name, url=url or d.get_absolute_url(),
               meta=f"{d.get_kind_display()} · {d.authority.short_name}", decl=d)


def _days_left(day: datetime.date, today: datetime.date) -> str:
    days = (day - today).days
    if days < 0:
        return _("已逾期 %(n)d 天") % {"n": -days}
    return _("今日截止") if days == 0 else _("剩余 %(n)d 天") % {"n": days}


# --- applicant ----------------------------------------------------------------------------------

def _dynamic_due(user, today):
    """R-DYN-1: the unit's listed entries whose table of the year being filed is not filed yet."""

    year = open_round(today)
    deadline = deadline_for(year)
    tables = DynamicTable.objects.filter(entry=OuterRef("pk"), year=year)
    qs = (ListEntry.objects.filter(declaration__applicant=user.organisation, removal__isnull=True,
                                   published_on__year__lte=year)
          .exclude(Exists(tables.exclude(status=DynamicTable.Status.DRAFT)))
          .annotate(draft=Exists(tables)).order_by("unit_name", "pk"))

    def row(entry):
        return Row(title=_("%(u)s · %(y)s 年度动态管理表") % {"u": entry.unit_name, "y": year},
                   url=reverse("reviews:dynamic_form", args=[entry.pk, year]),
                   meta=_("报送截止 %(d)s（%(left)s）") % {"d": date_format(deadline),
                                                          "left": _days_left(deadline, today)},
                   badge=_("草稿") if entry.draft else _("未填报"),
                   badge_class="text-bg-warning" if entry.draft else "text-bg-light border")

    return _panel(_("待报送的动态管理表"), qs, reverse("reviews:dynamic_units"), row,
                  empty=_("暂无待报送的动态管理表。"), key="dynamic-due")


# --- provincial official ------------------------------------------------------------------------

def _tables_to_review(user):

    def row(table):
        return Row(title=_("%(u)s · %(y)s 年度") % {"u": table.entry.unit_name, "y": table.year},
                   url=table.get_absolute_url(),
                   meta=_("报送于 %(d)s") % {"d": date_format(timezone.localdate(table.filed_at))}
                   if table.filed_at else "",
                   badge=_("逾期报送") if table.late else "", badge_class="text-bg-danger")

    qs = authority_tables(user).filter(status=DynamicTable.Status.FILED)
    return _panel(_("待审核的动态管理表"), qs, reverse("reviews:dynamic_authority") + "?status=filed", row,
                  key="dynamic-review")


def _rechecks_due(user, today):

    def row(recheck):
        return Row(title=recheck.entry.unit_name, url=reverse("reviews:recheck_record", args=[recheck.pk]),
                   meta=_("第 %(c)d 轮 · 应复核日期 %(d)s") % {"c": recheck.cycle, "d": date_format(recheck.due_on)},
                   badge=_("已到期") if recheck.due_on <= today else "", badge_class="text-bg-warning")

    return _panel(_("待复核的名单单位"), rechecks_for(user, status=Recheck.Status.DUE),
                  reverse("reviews:rechecks") + "?status=due", row, key="rechecks")


def _ranking_status(user, today):
    """R-RANK: per batch still taking recommendations, whether the authority has submitted."""

    authority_id = getattr(user.organisation, "authority_id", None)
    submitted = AuthorityRecommendation.objects.filter(
        batch=OuterRef("pk"), authority_id=authority_id, submitted_at__isnull=False).values("submitted_at")[:1]
    batches = list(Batch.objects.exclude(phase=Batch.Phase.CLOSED)
                   .annotate(submitted_at=Subquery(submitted)).order_by("recommendation_deadline", "pk"))
    rows = []
    for batch in batches:
        deadline = batch.recommendation_deadline
        meta = (_("推荐截止 %(d)s（%(left)s）") % {"d": date_format(deadline), "left": _days_left(deadline, today)}
                if deadline else _("未设推荐截止日期"))
        if batch.submitted_at:
            badge, css = _("已报送 %(d)s") % {"d": date_format(timezone.localdate(batch.submitted_at))}, \
                "text-bg-success"
        elif deadline and today > deadline:
            badge, css = _("已截止，未报送"), "text-bg-danger"
        else:
            badge, css = _("未报送"), "text-bg-warning"
        rows.append(Row(title=batch.name, url=f"{reverse('reviews:province')}?batch={batch.pk}", meta=meta,
                        badge=badge, badge_class=css))
    waiting = sum(1 for b in batches if not b.submitted_at)
    return Panel(title=_("推荐报送情况"), rows=rows[:PANEL_ROWS], count=waiting, more_url=reverse("reviews:province"),
                 empty=_("暂无正在推荐的批次。"), key="ranking")


# --- ministry reviewer --------------------------------------------------------------------------

def _open_objections():

    def row(objection):
        return Row(title=objection.declaration.unit_name, url=reverse("reviews:objection", args=[objection.pk]),
                   meta=_("%(b)s · 提出于 %(d)s") % {"b": objection.publicity.batch.name,
                                                      "d": date_format(timezone.localdate(objection.created_at))},
                   badge=_("待处理"), badge_class="text-bg-warning")

    qs = ministry_objections().filter(status=Objection.Status.OPEN).order_by("created_at", "pk")
    return _panel(_("待处理的异议"), qs, reverse("reviews:objections") + "?status=open", row, key="objections")


def _spot_checks_pending():

    def row(check):
        return Row(title=check.entry.unit_name, url=reverse("reviews:spot_check_draw", args=[check.draw_id]),
                   meta=_("%(a)s · 抽取于 %(d)s") % {"a": check.entry.authority.short_name,
                                                      "d": date_format(check.draw.drawn_on)},
                   badge=_("待检查"), badge_class="text-bg-warning")

    qs = (SpotCheck.objects.filter(result=SpotCheck.Result.PENDING)
          .select_related("entry__authority", "draw").order_by("draw__drawn_on", "pk"))
    return _panel(_("待登记结果的抽查"), qs, reverse("reviews:spot_checks"), row, key="spot-checks")


def panels_for(user) -> list[Panel]:

    today = timezone.localdate()
    panels = []
    if user.has_role(Role.APPLICANT):
        mine = declarations_for(user)
        panels.append(_panel(_("待完善或退回修改的申报"), mine.filter(status__in=[S.DRAFT, S.RETURNED]),
                             reverse("applications:list"), _declaration_row))
        panels.append(_panel(_("已提交的申报"), mine.exclude(status__in=[S.DRAFT, S.RETURNED]),
                             reverse("applications:list"), _declaration_row))
        if user.organisation:
            panels.append(_dynamic_due(user, today))
    if user.has_role(Role.AGENCY_STAFF) and user.organisation:
        waiting = engagements_for_agency(user.organisation, status=S.SUBMITTED)
        panels.append(_panel(_("待评价的委托"), waiting, reverse("evaluations:engagements"), _declaration_row))
    if user.has_role(Role.PROVINCIAL_OFFICIAL):
        panels.append(_panel(_("待推荐的申报"), awaiting_province(user), reverse("reviews:province"),
                             _declaration_row))
        panels.append(_ranking_status(user, today))
        panels.append(_tables_to_review(user))
        panels.append(_rechecks_due(user, today))
    if user.has_role(Role.MINISTRY_REVIEWER):
        url = reverse("reviews:ministry")
        panels.append(_panel(_("待部级审核的推荐"), ministry_queue(status=S.RECOMMENDED),
                             reverse("reviews:ministry_review"),
                             lambda d: _declaration_row(d, reverse("reviews:ministry_review_detail", args=[d.pk]))))
        panels.append(_open_objections())
        panels.append(_spot_checks_pending())
        panels.append(_panel(_("待公示"), ministry_queue(status=S.SHORTLISTED), url, _declaration_row))
        panels.append(_panel(_("公示中"), ministry_queue(status=S.IN_PUBLICITY), url, _declaration_row))
    if user.has_role(Role.EXPERT):

        panels.append(_panel(_("分配给我的评审"), assignments_for_expert(user).filter(submitted_at__isnull=True),
                             reverse("reviews:expert_tasks"), lambda a: _declaration_row(a, a.get_absolute_url()),
                             empty=_("暂无分配给您的评审任务。")))
    return panels
