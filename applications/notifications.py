"""E-mail to the people who must act next on a declaration, after its status changed."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from guardian.shortcuts import get_groups_with_perms

from greenlist.models import HistoryEntry, Role

from .models import Declaration, DeclarationStatus

S = DeclarationStatus
User = get_user_model()

# Who is told when a declaration enters a state: the applicant, the groups holding an object
# permission (agency, authority), or a ministry role.
RECIPIENTS = {
    S.SUBMITTED: ["agency_or_authority"],
    S.EVALUATED: ["authority"],
    S.RETURNED: ["applicant"],
    S.REJECTED: ["applicant"],
    S.RECOMMENDED: [Role.MINISTRY_REVIEWER],
    S.SHORTLISTED: ["applicant"],
    S.IN_PUBLICITY: ["applicant"],
    S.PUBLISHED: ["applicant"],
}


def _holders(decl: Declaration, codename: str):
    groups = [g for g, perms in get_groups_with_perms(decl, attach_perms=True).items() if codename in perms]
    return User.objects.filter(groups__in=groups)


def recipients_for(decl: Declaration, state: str) -> list[str]:
    users = User.objects.none()
    for who in RECIPIENTS.get(state, []):
        if who == "applicant":
            users |= User.objects.filter(groups=decl.applicant.group)
        elif who == "authority":
            users |= _holders(decl, "recommend_declaration")
        elif who == "agency_or_authority":
            users |= _holders(decl, "evaluate_declaration" if decl.uses_third_party else "recommend_declaration")
        else:
            users |= User.objects.filter(groups__name=who)
    return sorted(set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def mail_for_transition(history_id: int) -> list[str]:
    """Send the mail for one history row; returns the addresses written to (for the task result)."""
    entry = HistoryEntry.objects.select_related("actor", "content_type").filter(pk=history_id).first()
    if entry is None or entry.content_type.model_class() is not Declaration:
        return []
    decl = Declaration.objects.select_related("batch", "applicant", "authority").filter(pk=entry.object_id).first()
    if decl is None:
        return []
    to = recipients_for(decl, entry.to_state)
    if not to:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        context = {"decl": decl, "entry": entry, "site_url": settings.SITE_URL,
                   "status": decl.get_status_display()}
        subject = render_to_string("mail/transition_subject.txt", context).strip()
        body = render_to_string("mail/transition_body.txt", context)
    send_mail(subject, body, None, to)
    return to
