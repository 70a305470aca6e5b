"""Who may run publicity and publication (greenlist.rules): the ministry's reviewer. Anyone may
file an objection while a publicity runs (a rate-limited public form)."""
from greenlist.models import Role
from greenlist.rules import add_perm, is_ministry_reviewer, page_of

add_perm("publication.manage", is_ministry_reviewer, page_of(Role.MINISTRY_REVIEWER))
