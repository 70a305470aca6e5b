"""The declaration's state machine (R-FLOW-1), declared as data, and the one function that moves a
declaration: `perform`. It checks visibility, role, object permission, batch policy, state and
guard; writes the new state and a history row in one transaction; queues side effects on commit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from greenlist.history import Action
from greenlist.models import Role
from greenlist.services import record_history

from . import (
    permissions,
    submission,
    tasks,  # tasks call back into this module: import the module, not names
)
from .models import Declaration, DeclarationStatus, DeclarationVersion
from .negative_list import items_for

S = DeclarationStatus


class TransitionRefused(PermissionDenied):
    """A refusal the user should read: the message says why (role, state, guard)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# A guard returns None to allow, or the reason it refuses.
Guard = Callable[[Declaration, dict], "str | None"]


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[str]
    target: str
    role: str
    permission: str
    guard: Guard | None = None
    # Whether the transition exists for this declaration under its batch's policy (R-FLOW-3).
    applies: Callable[[Declaration], bool] = field(default=lambda d: True)
    needs_note: bool = False
    irreversible: bool = False

    @property
    def label(self):
        """The action's one label (greenlist.history.Action), on the button and in the history."""
        return self.action.label


# --- guards -------------------------------------------------------------------------------


def _submission_complete(decl: Declaration, ctx: dict) -> str | None:
    batch = decl.batch
    if not batch.is_open:
        return _("批次“%(b)s”不在申报期，不能提交。") % {"b": batch}
    if batch.declaration_deadline and timezone.localdate() > batch.declaration_deadline:
        return _("已超过申报截止日期（%(d)s），不能提交。") % {"d": date_format(batch.declaration_deadline)}
    if not batch.is_kind_open(decl.kind):
        return _("本批次不受理“%(k)s”的申报。") % {"k": decl.get_kind_display()}
    found = submission.problems(decl, ctx)
    return " ".join(found) if found else None


def _evaluation_complete(decl: Declaration, ctx: dict) -> str | None:
    evaluation = ctx.get("evaluation")
    if evaluation is None or not evaluation.is_complete:
        return _("评价结论、得分和评价报告（PDF）均需填写后才能提交评价。")
    return None


def _veto_recorded(decl: Declaration, ctx: dict) -> str | None:
    """R-VETO-2: a veto names an item of the batch's negative list and where it was found."""

    if ctx.get("veto_item") not in {item.code for item in items_for(decl.batch)}:
        return _("请选择本批次否决项清单中的一项。")
    if not (ctx.get("veto_source") or "").strip():
        return _("请填写否决项的信息来源，如“信用中国”。")
    return None


def _third_party(decl: Declaration) -> bool:
    return decl.uses_third_party


def _no_third_party(decl: Declaration) -> bool:
    return not decl.uses_third_party


# --- the table ----------------------------------------------------------------------------

P_CHANGE = "applications.change_declaration"
P_EVALUATE = "applications.evaluate_declaration"
P_RECOMMEND = "applications.recommend_declaration"
P_REVIEW = "applications.review_declaration"

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.SUBMIT, frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED,
               Role.APPLICANT, P_CHANGE, guard=_submission_complete, irreversible=True),
    Transition(Action.EVALUATE, frozenset({S.SUBMITTED}), S.EVALUATED,
               Role.AGENCY_STAFF, P_EVALUATE, guard=_evaluation_complete, applies=_third_party, irreversible=True),
    Transition(Action.RECOMMEND, frozenset({S.EVALUATED}), S.RECOMMENDED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, applies=_third_party),
    # Without a third-party stage, "submitted" goes straight to the province (R-FLOW-3).
    Transition(Action.RECOMMEND, frozenset({S.SUBMITTED}), S.RECOMMENDED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, applies=_no_third_party),
    # R-RANK: until the authority submits, a recommendation made by mistake goes back to the candidates.
    Transition(Action.UNRECOMMEND, frozenset({S.RECOMMENDED}), S.EVALUATED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, applies=_third_party),
    Transition(Action.UNRECOMMEND, frozenset({S.RECOMMENDED}), S.SUBMITTED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, applies=_no_third_party),
    Transition(Action.RETURN, frozenset({S.SUBMITTED, S.EVALUATED}), S.RETURNED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, needs_note=True),
    Transition(Action.REJECT, frozenset({S.SUBMITTED, S.EVALUATED}), S.REJECTED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, needs_note=True, irreversible=True),
    # R-VETO-2: a veto found later takes the unit out of any pending recommendation, also after the
    # authority has submitted (it is a finding, not a change of the ranking).
    Transition(Action.VETO,
               frozenset({S.SUBMITTED, S.EVALUATED, S.RECOMMENDED, S.SHORTLISTED, S.IN_PUBLICITY}), S.REJECTED,
               Role.PROVINCIAL_OFFICIAL, P_RECOMMEND, guard=_veto_recorded, needs_note=True, irreversible=True),
    Transition(Action.SHORTLIST, frozenset({S.RECOMMENDED}), S.SHORTLISTED,
               Role.MINISTRY_REVIEWER, P_REVIEW, needs_note=True),
    Transition(Action.DECLINE, frozenset({S.RECOMMENDED}), S.REJECTED,
               Role.MINISTRY_REVIEWER, P_REVIEW, needs_note=True, irreversible=True),
    Transition(Action.START_PUBLICITY, frozenset({S.SHORTLISTED}), S.IN_PUBLICITY,
               Role.MINISTRY_REVIEWER, P_REVIEW),
    Transition(Action.UPHOLD_OBJECTION, frozenset({S.IN_PUBLICITY}), S.REJECTED,
               Role.MINISTRY_REVIEWER, P_REVIEW, needs_note=True, irreversible=True),
    Transition(Action.PUBLISH, frozenset({S.IN_PUBLICITY}), S.PUBLISHED,
               Role.MINISTRY_REVIEWER, P_REVIEW, irreversible=True),
)

ACTIONS = frozenset(t.action for t in TRANSITIONS)

# --- what later stages add ------------------------------------------------------------------
# The declaration's rules that belong to a later stage (the quota and the province's lock, the
# authority's submission, the end of publicity, the experts' open tasks) are registered by that
# stage's AppConfig.ready(), so this module never imports the stages that come after it.

# An effect runs inside the transaction, after the new state and its history row are written.
Effect = Callable[[Declaration, Transition, object], None]

_GUARDS: dict[str, list[Guard]] = {}
_EFFECTS: dict[str, list[Effect]] = {}


def add_guard(actions: tuple[str, ...], guard: Guard) -> None:
    """Run `guard` after the transition's own for each of `actions` (same lock, same refusal path)."""
    for action in actions:
        assert action in ACTIONS, action
        if guard not in _GUARDS.setdefault(action, []):
            _GUARDS[action].append(guard)


def add_effect(actions: tuple[str, ...], effect: Effect) -> None:
    for action in actions:
        assert action in ACTIONS, action
        if effect not in _EFFECTS.setdefault(action, []):
            _EFFECTS[action].append(effect)


def _refusal(transition: Transition, decl: Declaration, ctx: dict) -> str | None:
    for guard in ([transition.guard] if transition.guard else []) + _GUARDS.get(transition.action, []):
        reason = guard(decl, ctx)
        if reason:
            return reason
    return None


def transitions_for(decl: Declaration, action: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.action == action and t.applies(decl)]


def find_transition(decl: Declaration, action: str) -> Transition:
    candidates = transitions_for(decl, action)
    if not candidates:
        if action in ACTIONS:
            raise TransitionRefused(
                _("按本批次政策，此申报不经过“%(a)s”环节。") % {"a": _label(action)}, code="not_in_policy"
            )
        raise TransitionRefused(_("未知操作。"), code="unknown_action")
    for t in candidates:
        if decl.status in t.sources:
            return t
    raise TransitionRefused(
        _("申报当前状态为“%(s)s”，不能执行“%(a)s”。") % {"s": decl.get_status_display(), "a": candidates[0].label},
        code="wrong_state",
    )


def _label(action: str) -> str:
    return str(next(t.label for t in TRANSITIONS if t.action == action))


def available_actions(user, decl: Declaration) -> list[Transition]:
    """What this user could do now (guards aside): drives the buttons on the detail page."""
    return [
        t for t in TRANSITIONS
        if t.applies(decl) and decl.status in t.sources and user.has_role(t.role)
        and permissions.has_perm(user, t.permission, decl)
    ]


def perform(decl: Declaration, action: str, *, actor, note: str = "", **ctx) -> Declaration:
    """The single entry point for a status change. Raises Http404 when the actor may not see the
    declaration at all, TransitionRefused (a 403 with a reason) for every other refusal."""
    with transaction.atomic():
        # Lock and re-read: a double-click or a second official acting at once sees the new state,
        # and visibility is judged on the current row, not on a caller's stale copy.
        decl = Declaration.objects.select_for_update(of=("self",)).select_related("batch", "authority").get(pk=decl.pk)
        if not permissions.can_view(actor, decl):
            raise Http404(_("没有找到该申报，或您无权查看。"))
        transition = find_transition(decl, action)
        if not actor.has_role(transition.role):
            raise TransitionRefused(
                _("“%(a)s”须由%(r)s办理，您没有该角色。") % {"a": transition.label, "r": Role(transition.role).label},
                code="wrong_role",
            )
        if not permissions.has_perm(actor, transition.permission, decl):
            raise TransitionRefused(_("您无权对该申报执行“%(a)s”。") % {"a": transition.label}, code="no_permission")
        note = (note or "").strip()
        if transition.needs_note and not note:
            raise TransitionRefused(_("“%(a)s”必须填写理由。") % {"a": transition.label}, code="note_required")
        reason = _refusal(transition, decl, ctx)
        if reason:
            raise TransitionRefused(reason, code="guard")
        source = decl.status
        decl.status = transition.target
        if transition.target == S.SUBMITTED:
            _freeze_version(decl)
        decl.save()
        entry = record_history(decl, action=transition.action, actor=actor, note=note, from_state=source, to_state=decl.status,
                               data=ctx.get("history_data"))
        _on_enter(decl, transition, actor)
        for effect in _EFFECTS.get(transition.action, []):
            effect(decl, transition, actor)
        # robust: a broker that is down is logged, it never turns a committed change into an error page.
        transaction.on_commit(lambda: _after_commit(entry.pk), robust=True)
    return decl


def _freeze_version(decl: Declaration) -> None:
    """R-FLOW-2: the submitted material is copied once per submission and kept read-only."""
    number = decl.versions.count() + 1
    DeclarationVersion.objects.create(declaration=decl, number=number,
                                      data={**decl.snapshot(), **submission.freeze(decl)})
    decl.version = number
    decl.submitted_at = timezone.now()


def _on_enter(decl: Declaration, transition: Transition, actor) -> None:
    if transition.target == S.SUBMITTED:
        permissions.grant_to_authority(decl)


def _after_commit(history_id: int) -> None:
    tasks.send_transition_mail.delay(history_id)
