"""Who may do what on the applicant's side (greenlist.rules). A declaration itself is reached
through its object permissions (applications.permissions): the applicant's organisation, the
authority of its region, the engaged agency and the assigned experts."""
from greenlist.models import Role
from greenlist.rules import add_perm, is_applicant, page_of

add_perm("applications.declare", is_applicant, page_of(Role.APPLICANT))
