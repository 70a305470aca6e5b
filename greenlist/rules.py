"""The permission vocabulary. Named predicates (django-rules) that every app composes into its
permissions in its own rules.py, and `require`, the one way a view or a service refuses: it asks
`user.has_perm(perm, obj)` and raises PermissionDenied with the permission's own message.

Grants to one person on one object (an expert's assignment, an agency's engagement) stay with
django-guardian; everything that follows from a role, a region or an organisation is a predicate."""
from __future__ import annotations

from collections.abc import Callable

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from guardian.backends import ObjectPermissionBackend

from .models import Role


def has_role(role: str) -> rules.Predicate:
    return rules.Predicate(lambda user: bool(user.is_authenticated and user.has_role(role)), name=f"has_role:{role}")


is_applicant = has_role(Role.APPLICANT)
is_agency_staff = has_role(Role.AGENCY_STAFF)
is_official = has_role(Role.PROVINCIAL_OFFICIAL)
is_expert = has_role(Role.EXPERT)
is_ministry_reviewer = has_role(Role.MINISTRY_REVIEWER)
is_ministry_admin = has_role(Role.MINISTRY_ADMIN)
# "The ministry" where both of its roles may act; where only the reviewer may, say is_ministry_reviewer.
is_ministry = is_ministry_reviewer | is_ministry_admin


def _organisation(user):
    return getattr(user, "organisation", None) if user.is_authenticated else None


@rules.predicate
def is_official_of(user, obj) -> bool:
    """A provincial official of the authority `obj` belongs to (obj.authority_id), or of `obj`
    itself when it is an authority."""
    org = _organisation(user)
    authority_id = getattr(obj, "authority_id", getattr(obj, "pk", None))
    return bool(org and is_official(user) and org.authority_id and org.authority_id == authority_id)


@rules.predicate
def member_of(user, obj) -> bool:
    """A member of the organisation `obj` is, or belongs to (obj.organisation_id)."""
    org = _organisation(user)
    organisation_id = getattr(obj, "organisation_id", getattr(obj, "pk", None))
    return bool(org and org.pk == organisation_id)


# A refusal is written when it happens, in the language of the request: (obj) -> message.
Refusal = Callable[[object], str]
_REFUSALS: dict[str, Refusal] = {}


def add_perm(name: str, predicate: rules.Predicate, refusal: Refusal) -> None:
    """Declare a permission with the message its refusal shows."""
    rules.add_perm(name, predicate)
    _REFUSALS[name] = refusal


def require(user, perm: str, obj=None) -> None:
    """Refuse with the permission's message unless `user.has_perm(perm, obj)`."""
    if not user.has_perm(perm, obj):
        refusal = _REFUSALS.get(perm)
        raise PermissionDenied(refusal(obj) if refusal else _("您无权执行此操作。"))


def page_of(*roles: str) -> Refusal:
    """The refusal of a page kept for some roles: 此页面仅限…使用。"""
    return lambda obj: _("此页面仅限%(r)s使用。") % {"r": "、".join(str(Role(r).label) for r in roles)}


def saying(text: str) -> Refusal:
    """A fixed refusal; mark `text` with gettext_noop where it is written, it is translated here."""
    return lambda obj: _(text)


class RulesAnswered:
    """For a permission declared in a rules.py, the rules backend (first in AUTHENTICATION_BACKENDS)
    has answered. The model and guardian backends would only look for grants that cannot exist:
    queries for nothing, and guardian raises WrongAppError for a permission of one app asked about
    another app's object (supervision.file_table on a list entry)."""

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)


class GuardianBackend(RulesAnswered, ObjectPermissionBackend):
    """django-guardian's per-object grants (declarations), for the permissions that are grants."""
