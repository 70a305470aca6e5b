"""Who may review (greenlist.rules): the ministry's reviewer assigns experts and decides; an expert
scores what it was assigned (a guardian grant on the declaration, R-REVIEW-1)."""
from greenlist.models import Role
from greenlist.rules import add_perm, is_expert, is_ministry_reviewer, page_of

add_perm("expert_review.review", is_expert, page_of(Role.EXPERT))
add_perm("expert_review.manage", is_ministry_reviewer, page_of(Role.MINISTRY_REVIEWER))
