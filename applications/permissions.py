"""Who may see and act on which declaration. Roles (auth groups) carry global permissions for the
ministry; everyone else gets object permissions (django-guardian) on their organisation's group:
the applicant on its own declarations, the engaged agency, the authority of the region."""
from __future__ import annotations

from django.db.models import Q
from guardian.shortcuts import assign_perm, get_groups_with_perms, get_objects_for_user, remove_perm

from greenlist.models import Organisation
from greenlist.services import organisation_for_authority

from .models import Declaration, DeclarationStatus

VIEW = "applications.view_declaration"
CHANGE = "applications.change_declaration"
APPLICANT_PERMS = ("view_declaration", "change_declaration")
AUTHORITY_PERMS = ("view_declaration", "recommend_declaration")
AGENCY_PERMS = ("view_declaration", "evaluate_declaration")


def has_perm(user, perm: str, decl: Declaration) -> bool:
    """Global permission (ministry roles) or an object permission on this declaration."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(perm) or user.has_perm(perm, decl)


def can_view(user, decl: Declaration) -> bool:
    """A never-submitted draft is the applicant's alone: an agency named on it, or the ministry
    with its global view, sees nothing before the first submission (R-FLOW-2)."""
    if decl.status == DeclarationStatus.DRAFT and not has_perm(user, CHANGE, decl):
        return False
    return has_perm(user, VIEW, decl)


def visible_declarations(user):
    """Every declaration this user may see, as one queryset (global perms included); drafts
    only to the applicant's own members (see can_view)."""
    qs = get_objects_for_user(user, VIEW, klass=Declaration, accept_global_perms=True)
    return qs.filter(~Q(status=DeclarationStatus.DRAFT) | Q(applicant__group__user=user))


def grant_to_applicant(decl: Declaration) -> None:
    for perm in APPLICANT_PERMS:
        assign_perm(perm, decl.applicant.group, decl)


def grant_to_authority(decl: Declaration) -> None:
    """R-REGION: the authority of the registered address, and no other, sees the declaration once
    submitted (an applicant may correct the authority while the declaration is returned)."""

    group = organisation_for_authority(decl.authority).group
    for perm in AUTHORITY_PERMS:
        assign_perm(perm, group, decl)
    former = Organisation.objects.filter(
        kind=Organisation.Kind.AUTHORITY, group__in=get_groups_with_perms(decl)
    ).exclude(group=group).select_related("group")
    for organisation in former:
        for perm in AUTHORITY_PERMS:
            remove_perm(perm, organisation.group, decl)


def grant_to_agency(decl: Declaration, agency) -> None:
    for perm in AGENCY_PERMS:
        assign_perm(perm, agency.group, decl)


def revoke_from_agency(decl: Declaration, agency) -> None:
    for perm in AGENCY_PERMS:
        remove_perm(perm, agency.group, decl)
