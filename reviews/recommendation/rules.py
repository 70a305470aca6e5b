"""Who may rank and recommend (greenlist.rules): the officials of an authority, for that authority
only (R-REGION, R-RANK); the ministry, reviewer or admin, follows every authority's progress."""
import rules
from django.utils.translation import gettext as _

from greenlist.models import Organisation, Role
from greenlist.rules import add_perm, is_ministry, is_official, is_official_of, page_of


@rules.predicate
def acts_for_an_authority(user) -> bool:
    org = user.organisation if user.is_authenticated else None
    return bool(org and org.kind == Organisation.Kind.AUTHORITY and org.authority_id)


# The province's ranking pages (no object: the official's own authority is used).
add_perm("recommendation.rank", is_official & acts_for_an_authority, page_of(Role.PROVINCIAL_OFFICIAL))
# A ranking decision for one authority (obj: the authority).
add_perm("recommendation.rank_for", is_official_of,
         lambda authority: _("只有%(a)s的省级主管部门人员可以办理。") % {"a": authority})
add_perm("recommendation.follow", is_ministry, page_of(Role.MINISTRY_REVIEWER))
