"""Applicant actions on a declaration. Status changes go through applications.workflow."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from greenlist import history
from greenlist.history import Action
from greenlist.models import EvaluationMode
from greenlist.services import record_history

from . import permissions, workflow
from .editing import lock_editable
from .models import Declaration

# Not the kind: it is chosen when the declaration is created and its details hang on it.
EDITABLE_FIELDS = (
    "unit_name", "uscc", "authority", "city", "industry", "self_score", "contact_name", "contact_phone",
)


def create_declaration(*, actor, batch, uses_third_party: bool | None = None, **fields) -> Declaration:
    """A new draft for the actor's organisation. The batch policy fixes the evaluation route."""
    organisation = actor.organisation
    if organisation is None:
        raise PermissionDenied(_("您的账号未关联申报单位，不能创建申报。"))
    if not batch.is_open:
        raise PermissionDenied(_("批次“%(b)s”不在申报期。") % {"b": batch})
    with transaction.atomic():
        decl = Declaration(batch=batch, applicant=organisation, **fields)
        decl.uses_third_party = evaluation_route(batch, wants_third_party=bool(uses_third_party))
        decl.full_clean(exclude=["creation_token"])  # its uniqueness is the database's: see the create view
        decl.save()
        permissions.grant_to_applicant(decl)
        record_history(decl, action=Action.CREATE, actor=actor, to_state=decl.status)
    return decl


def draft_for_token(*, actor, token) -> Declaration | None:
    """The draft the actor's organisation already made with this create-form token, if any."""
    if token is None or actor.organisation is None:
        return None
    return Declaration.objects.filter(creation_token=token, applicant=actor.organisation).first()


def evaluation_route(batch, *, wants_third_party: bool) -> bool:
    """R-FLOW-3: whether a declaration goes through third-party evaluation in this batch."""
    if batch.evaluation_mode == EvaluationMode.THIRD_PARTY:
        return True
    if batch.evaluation_mode == EvaluationMode.SELF_ONLY:
        return False
    return wants_third_party


def update_declaration(*, actor, declaration: Declaration, **fields) -> Declaration:
    """Change a draft or a returned declaration; anything else is frozen (R-FLOW-2)."""
    with transaction.atomic():
        decl = lock_editable(actor, declaration)
        before, changed = {}, {}
        for name, value in fields.items():
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"not an editable field: {name}")
            if getattr(decl, name) != value:
                before[name], changed[name] = getattr(decl, name), value
                setattr(decl, name, value)
        decl.full_clean()
        decl.save()
        if changed:
            record_history(decl, action=Action.EDIT, actor=actor,
                           data={"fields": sorted(changed), "changes": history.changes(before, changed)})
    return decl


def submit_declaration(*, actor, declaration: Declaration) -> Declaration:
    """Submit (declared + self-evaluated). The workflow guard checks the agency's acceptance
    under the declaration's lock (evaluations.engagements.submission_check)."""
    return workflow.perform(declaration, Action.SUBMIT, actor=actor)
