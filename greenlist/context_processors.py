"""Navigation per role, computed once per request for the base layout."""
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from .inbox import unread_count
from .models import Role

# (role, label, url name), each role's items in the order of its work. The labels have the
# context "nav": the header needs short English words where page titles can be longer.
_NAV = [
    (Role.APPLICANT, pgettext_lazy("nav", "我的申报"), "applications:list"),
    (Role.APPLICANT, pgettext_lazy("nav", "动态管理"), "reviews:dynamic_units"),
    (Role.AGENCY_STAFF, pgettext_lazy("nav", "评价委托"), "evaluations:engagements"),
    (Role.AGENCY_STAFF, pgettext_lazy("nav", "机构登记"), "evaluations:agency_profile"),
    (Role.PROVINCIAL_OFFICIAL, pgettext_lazy("nav", "推荐排序"), "reviews:province"),
    (Role.PROVINCIAL_OFFICIAL, pgettext_lazy("nav", "动态管理表审核"), "reviews:dynamic_authority"),
    (Role.PROVINCIAL_OFFICIAL, pgettext_lazy("nav", "名单复核"), "reviews:rechecks"),
    (Role.EXPERT, pgettext_lazy("nav", "我的评审任务"), "reviews:expert_tasks"),
    (Role.MINISTRY_REVIEWER, pgettext_lazy("nav", "部级审核"), "reviews:ministry"),
    (Role.MINISTRY_REVIEWER, pgettext_lazy("nav", "公示与发布"), "reviews:ministry_publicity"),
    (Role.MINISTRY_REVIEWER, pgettext_lazy("nav", "名单监管"), "reviews:listed_units"),
    (Role.MINISTRY_REVIEWER, pgettext_lazy("nav", "动态管理总览"), "reviews:dynamic_ministry"),
    (Role.MINISTRY_REVIEWER, pgettext_lazy("nav", "评价机构监管"), "evaluations:agencies"),
    (Role.MINISTRY_ADMIN, pgettext_lazy("nav", "动态管理总览"), "reviews:dynamic_ministry"),
    (Role.MINISTRY_ADMIN, pgettext_lazy("nav", "评价机构监管"), "evaluations:agencies"),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        seen = set()
        for role, label, url_name in _NAV:
            if user.has_role(role) and url_name not in seen:
                seen.add(url_name)
                items.append({"label": label, "url": reverse(url_name)})
    return {"nav_items": items}


def unread_notifications(request):
    """The header badge's unread count (loaded with the user by inbox.UnreadCountBackend)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {"unread_notifications": unread_count(user)}
