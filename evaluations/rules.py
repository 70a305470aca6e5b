"""Who may do what on the evaluation side (greenlist.rules): the agency's own members act for it;
the ministry, reviewer or admin, reviews and debars agencies (R-AGENCY-1, R-AGENCY-BAN)."""
import rules
from django.utils.translation import gettext_noop

from greenlist.models import Organisation, Role
from greenlist.rules import add_perm, is_agency_staff, is_ministry, member_of, page_of, saying


@rules.predicate
def is_agency(user, organisation) -> bool:
    return bool(organisation is not None and organisation.kind == Organisation.Kind.AGENCY)


agency_member = is_agency_staff & is_agency & member_of

# The agency's own pages: its engagements, evaluations and registration (obj: the agency).
add_perm("evaluations.act_for_agency", agency_member, page_of(Role.AGENCY_STAFF))
add_perm("evaluations.register_agency", agency_member, saying(gettext_noop("只有本机构的人员可以提交机构登记信息。")))
add_perm("evaluations.review_agencies", is_ministry,
         saying(gettext_noop("仅工业和信息化部审核人员或管理员可以审核评价机构。")))
# The registration's evidence: the ministry and the agency's own members (obj: the agency).
add_perm("evaluations.view_agency_evidence", is_ministry | member_of, saying(gettext_noop("没有找到该材料。")))
