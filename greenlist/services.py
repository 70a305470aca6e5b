"""Core actions: history rows, organisations and their members, batches from policy presets."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .history import Action
from .models import Authority, Batch, BatchQuota, HistoryEntry, Membership, Organisation, Role
from .policy import batch_values


def record_history(obj, *, action: Action, actor, note: str = "", from_state: str = "", to_state: str = "",
                   data: dict | None = None) -> HistoryEntry:
    """The one way to append to an object's history (R-FLOW-1)."""
    # The model field has no `choices=` (adding them is a migration): the vocabulary is checked
    # here, so a typo or an unlabelled action fails where it is written, not on a page later.
    if not isinstance(action, Action):
        raise TypeError(f"record_history takes a greenlist.history.Action, not {action!r}")
    return HistoryEntry.objects.create(
        subject=obj, action=action, actor=actor, note=note,
        from_state=from_state or "", to_state=to_state or "", data=data or {},
    )


def role_group(role: str) -> Group:
    return Group.objects.get_or_create(name=Role(role).value)[0]


def add_member(*, organisation: Organisation, user, roles: list[str], title: str = "") -> Membership:
    """Put a user in an organisation (its group carries the object permissions) and give roles.
    Moving to another organisation takes the old organisation's access away."""
    with transaction.atomic():
        previous = Membership.objects.filter(user=user).select_related("organisation__group").first()
        if previous and previous.organisation_id != organisation.pk:
            user.groups.remove(previous.organisation.group)
        membership, _ = Membership.objects.update_or_create(
            user=user, defaults={"organisation": organisation, "title": title}
        )
        user.groups.add(organisation.group, *[role_group(r) for r in roles])
    return membership


def organisation_for_authority(authority: Authority) -> Organisation:
    """The organisation whose members act for a recommending authority (created on first need)."""
    org = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY, authority=authority).first()
    if org is None:
        org = Organisation.objects.create(
            kind=Organisation.Kind.AUTHORITY, authority=authority, name=f"{authority.name}工业和信息化主管部门"
        )
    return org


def authority_officials(authority: Authority):
    """The provincial officials who act for `authority` (reminders, rechecks)."""
    return get_user_model().objects.filter(
        groups=organisation_for_authority(authority).group).filter(groups__name=Role.PROVINCIAL_OFFICIAL)


def create_batch(*, code: str, preset: str, actor, year: int | None = None, **overrides) -> Batch:
    """A new batch filled from a policy preset (greenlist.policy.PRESETS); overrides win."""
    values, quotas = batch_values(preset, year=year)
    values.update(overrides)
    with transaction.atomic():
        batch = Batch(code=code, **values)
        batch.full_clean()
        batch.save()
        for kind, limit in quotas.items():
            BatchQuota.objects.create(batch=batch, kind=kind, authority=None, limit=limit)
        record_history(batch, action=Action.CREATE_BATCH, actor=actor, data={"preset": preset})
    return batch
