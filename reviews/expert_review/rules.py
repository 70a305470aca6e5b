"""Who may review (greenlist.rules): the ministry's reviewer assigns experts and decides; an expert
scores what it was assigned (a guardian grant on the declaration, R-REVIEW-1)."""
from django.utils.translation import gettext_noop

from greenlist.models import Role
from greenlist.rules import add_perm, is_expert, is_ministry_reviewer, page_of, saying

add_perm("expert_review.review", is_expert, page_of(Role.EXPERT))
# The ministry's review pages, and the actions behind them (assign, withdraw, decide).
add_perm("expert_review.manage", is_ministry_reviewer, page_of(Role.MINISTRY_REVIEWER))
add_perm("expert_review.act", is_ministry_reviewer, saying(gettext_noop("此操作须由工业和信息化部审核人员办理。")))
