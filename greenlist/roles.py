"""The role groups and the global (model-level) permissions each carries. Object-level access
is granted per declaration to organisation groups (applications.permissions)."""
from django.contrib.auth.models import Group, Permission

from .models import Role

_REVIEW = ["applications.view_declaration", "applications.review_declaration"]
_REFERENCE = [
    f"greenlist.{op}_{model}"
    for model in ("authority", "industry", "batch", "batchquota", "organisation", "membership", "user")
    for op in ("view", "add", "change")
]

GLOBAL_PERMISSIONS = {
    Role.APPLICANT: [],
    Role.AGENCY_STAFF: [],
    Role.PROVINCIAL_OFFICIAL: [],
    Role.MINISTRY_REVIEWER: _REVIEW,
    Role.EXPERT: [],
    Role.MINISTRY_ADMIN: _REVIEW + _REFERENCE + ["greenlist.view_historyentry"],
}
# The ministry admin registers the experts (region, employer) the reviewers assign (R-REVIEW-1)
# and keeps the apps' reference and policy data: indicator sets (R-EVAL-1), product standards
# (R-PRODUCT-1) and the green-code cut-offs (R-GREENCODE). Named by string: the core imports no app.
GLOBAL_PERMISSIONS[Role.MINISTRY_ADMIN] += [
    f"{app}.{op}_{model}"
    for app, model in [("expert_review", "expertprofile"), ("evaluations", "indicatorset"),
                       ("evaluations", "indicator"), ("applications", "productstandard"),
                       ("supervision", "gradescale")]
    for op in ("view", "add", "change")
]


def ensure_role_groups(**kwargs) -> None:
    """Idempotent; runs after every migrate so new permissions reach their roles."""
    for role, perms in GLOBAL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)
