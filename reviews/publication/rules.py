"""Who may run publicity and publication (greenlist.rules): the ministry's reviewer. Anyone may
file an objection while a publicity runs (a rate-limited public form)."""
from django.utils.translation import gettext_noop

from greenlist.models import Role
from greenlist.rules import add_perm, is_ministry_reviewer, page_of, saying

# The ministry's pages, and the actions behind them (start publicity, resolve, publish, files).
add_perm("publication.manage", is_ministry_reviewer, page_of(Role.MINISTRY_REVIEWER))
add_perm("publication.act", is_ministry_reviewer, saying(gettext_noop("此操作须由工业和信息化部审核人员办理。")))
