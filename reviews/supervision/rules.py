"""Who may do what in the life on the list (greenlist.rules): the listed unit files its own
dynamic-management table (R-DYN-1); the authority of its region reviews it and records rechecks
(R-RECHECK); the ministry's reviewer draws spot checks and removes units (R-SPOT, R-REMOVE); the
ministry, reviewer or admin, oversees every region."""
import rules
from django.utils.translation import gettext_noop

from greenlist.models import Role
from greenlist.rules import (
    add_perm,
    is_applicant,
    is_ministry,
    is_ministry_reviewer,
    is_official,
    is_official_of,
    page_of,
    saying,
)


@rules.predicate
def unit_member(user, entry) -> bool:
    """An applicant of the organisation that declared the listed unit (imported units have none)."""
    org = user.organisation if user.is_authenticated else None
    return bool(user.is_active and org and entry.declaration_id and entry.declaration.applicant_id == org.pk)


@rules.predicate
def is_filed(user, table) -> bool:
    return table.is_filed


def _entry(predicate):
    """The predicate applied to a dynamic table's or a recheck's list entry."""
    return rules.predicate(lambda user, obj: predicate(user, obj.entry), name=f"entry:{predicate.name}")


# Pages by role (no object).
add_perm("supervision.file_tables", is_applicant, page_of(Role.APPLICANT))
add_perm("supervision.review_tables", is_official, page_of(Role.PROVINCIAL_OFFICIAL))
add_perm("supervision.follow_tables", is_official | is_ministry,
         page_of(Role.PROVINCIAL_OFFICIAL, Role.MINISTRY_REVIEWER, Role.MINISTRY_ADMIN))
add_perm("supervision.oversee", is_ministry, page_of(Role.MINISTRY_REVIEWER, Role.MINISTRY_ADMIN))
add_perm("supervision.follow_rechecks", is_official | is_ministry_reviewer, page_of(Role.PROVINCIAL_OFFICIAL))
add_perm("supervision.record_rechecks", is_official, page_of(Role.PROVINCIAL_OFFICIAL))
add_perm("supervision.check", is_ministry_reviewer, page_of(Role.MINISTRY_REVIEWER))

# One unit's table (obj: the list entry, or the table).
add_perm("supervision.file_table", is_applicant & unit_member,
         saying(gettext_noop("只有该名单单位的账户可以填报动态管理表。")))
add_perm("supervision.view_table", _entry(is_applicant & unit_member) | is_filed & (_entry(is_official_of) | is_ministry),
         saying(gettext_noop("没有找到该动态管理表，或您无权查看。")))
add_perm("supervision.review_table", _entry(is_official_of),
         saying(gettext_noop("只有该单位所属推荐单位的主管部门可以审核其动态管理表。")))
# A recheck of the official's region (obj: the recheck).
add_perm("supervision.record_recheck", _entry(is_official_of),
         saying(gettext_noop("只有该单位所属推荐单位的主管部门可以登记复核结果。")))
add_perm("supervision.draw_spot_checks", is_ministry_reviewer, saying(gettext_noop("抽查须由工业和信息化部审核人员办理。")))
add_perm("supervision.remove", is_ministry_reviewer, saying(gettext_noop("撤销名单须由工业和信息化部审核人员决定。")))
