"""Actions on dynamic-management tables (R-DYN-1): the unit saves and files its table, the authority
reviews it, and the periodic jobs remind units before the deadline and flag those that missed it.
Who may act is decided here too, so a view and a task cannot disagree."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.negative_list import ITEMS, NegativeListAnswer
from greenlist.history import Action
from greenlist.models import Role, User
from greenlist.notifications import notify
from greenlist.rules import require
from greenlist.services import record_history
from greenlist.uscc import normalise, validate_uscc
from reviews.publication.models import ListEntry

from ..models import OVERDUE_REASON, DynamicTable, OverdueFlag
from ..policy import KEY_INDICATORS, deadline_for, policy_batch

S = DynamicTable.Status


REVIEW_DECISIONS = (S.ACCEPTED, S.ONSITE)


# Reminders before the deadline (days). The job sends the nearest one not yet passed, so a beat
# that was down on the 30th day still sends the 7-day one; the key makes each one go out once.
REMINDER_DAYS = (30, 7, 1)


CHANGE_FIELDS = ("name_changed", "new_name", "name_note", "uscc_changed", "new_uscc", "uscc_note",
                 "address_changed", "new_address", "address_note", "boundary_changed", "boundary_note",
                 "merger", "merger_note")


def open_years(entry: ListEntry, today: datetime.date | None = None) -> list[int]:
    """Years the unit may file, newest first: from the year it was listed to this year (this
    year's table is due next spring; filing it early is allowed)."""
    today = today or timezone.localdate()
    return list(range(today.year, entry.published_on.year - 1, -1))


def negative_items(year: int):
    """The negative-list items of the policy that governs the year (applications.negative_list)."""
    batch = policy_batch(year)
    return ITEMS[batch.negative_list_version if batch else "2024"]


def save_table(*, actor, entry: ListEntry, year: int, data: dict, file: bool = False,
               today: datetime.date | None = None) -> DynamicTable:
    """Save the unit's draft from `data` (the form's cleaned values: the change fields, "score",
    "negative" {code: {"answer", "explanation"}}, "indicators" {code: Decimal|None}); with
    file=True also file it, all or nothing: an incomplete table raises ValidationError naming each
    gap and nothing is saved."""
    today = today or timezone.localdate()
    require(actor, "supervision.file_table", entry)
    if year not in open_years(entry, today):
        raise ValidationError(_("%(y)s 年度不在该单位可填报的年度内。") % {"y": year}, code="year")
    with transaction.atomic():
        table = DynamicTable.objects.select_for_update().filter(entry=entry, year=year).first()
        if table is None:
            table = DynamicTable(entry=entry, year=year, deadline=deadline_for(year))
        elif table.is_filed:
            raise ValidationError(_("%(y)s 年度动态管理表已报送，不能再修改。") % {"y": year}, code="frozen")
        _apply(table, data)
        if file:
            _check_complete(table)
            table.status = S.FILED
            table.filed_at = timezone.now()
            table.filed_by = actor
            table.late = today > table.deadline
            table.frozen = _frozen(table)
        table.save()
        record_history(table, action=Action.FILE_DYNAMIC_TABLE if file else Action.SAVE_DYNAMIC_TABLE, actor=actor,
                       to_state=table.status, data={"year": year, "late": table.late} if file else {"year": year})
    return table


def _apply(table: DynamicTable, data: dict) -> None:
    errors = {}
    for name in CHANGE_FIELDS:
        if name in data:
            value = data[name]
            setattr(table, name, value.strip() if isinstance(value, str) else bool(value))
    if table.uscc_changed and table.new_uscc:
        table.new_uscc = normalise(table.new_uscc)
        try:
            validate_uscc(table.new_uscc)  # R-USCC
        except ValidationError as exc:
            errors["new_uscc"] = exc.messages
    if "score" in data:
        score = data["score"]
        if score is not None and not Decimal("0") <= score <= Decimal("100"):
            errors["score"] = [_("年度得分须在 0 至 100 之间。")]
        table.score = score
    items = {i.code: i for i in negative_items(table.year)}
    answers = {}
    for code, given in (data.get("negative") or {}).items():
        if code not in items:
            raise ValidationError(_("该年度的否决项中没有“%(c)s”。") % {"c": code}, code="unknown_item")
        if given.get("answer") in NegativeListAnswer.Answer.values:
            answers[code] = {"answer": given["answer"], "explanation": (given.get("explanation") or "").strip()}
    table.negative_answers = answers
    values = {}
    for ind in KEY_INDICATORS[table.entry.kind]:
        value = (data.get("indicators") or {}).get(ind.code)
        if value is None or value == "":
            continue
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            errors[f"ind_{ind.code}"] = [_("请输入数字。")]
            continue
        if value < 0 or (ind.percent and value > 100):
            errors[f"ind_{ind.code}"] = [_("比例须在 0 至 100 之间。") if ind.percent else _("不能为负数。")]
        values[ind.code] = str(value)
    table.indicators = values
    if errors:
        raise ValidationError(errors)


def _check_complete(table: DynamicTable) -> None:
    """What filing needs: each ticked change described, every negative-list item answered (a "yes"
    explained), every key indicator and the score given."""
    errors = {}
    for ticked, value_field, note_field in (("name_changed", "new_name", "name_note"),
                                            ("uscc_changed", "new_uscc", "uscc_note"),
                                            ("address_changed", "new_address", "address_note"),
                                            ("boundary_changed", None, "boundary_note"),
                                            ("merger", None, "merger_note")):
        if getattr(table, ticked):
            if value_field and not getattr(table, value_field):
                errors[value_field] = [_("勾选变更后请填写变更后的内容。")]
            if not getattr(table, note_field):
                errors[note_field] = [_("请说明变更情况。")]
    for item in negative_items(table.year):
        given = table.negative_answers.get(item.code)
        if given is None:
            errors[f"neg_{item.code}"] = [_("请选择“是”或“否”。")]
        elif given["answer"] == NegativeListAnswer.Answer.YES and not given["explanation"]:
            errors[f"neg_{item.code}_explanation"] = [_("选择“是”时请填写情况说明。")]
    for ind in KEY_INDICATORS[table.entry.kind]:
        if ind.code not in table.indicators:
            errors[f"ind_{ind.code}"] = [_("报送前请填写%(n)s。") % {"n": ind.name}]
    if table.score is None:
        errors["score"] = [_("报送前请填写年度得分。")]
    if errors:
        raise ValidationError(errors)


def _frozen(table: DynamicTable) -> dict:
    batch = policy_batch(table.year)
    return {
        "negative_list_version": batch.negative_list_version if batch else "2024",
        "negative": [{"code": i.code, "wording": str(i.wording), **table.negative_answers[i.code]}
                     for i in negative_items(table.year)],
        "indicators": [{"code": i.code, "name": str(i.name), "unit": i.unit, "value": table.indicators[i.code]}
                       for i in KEY_INDICATORS[table.entry.kind]],
    }


def review_table(*, actor, table: DynamicTable, decision: str, note: str = "") -> DynamicTable:
    """The unit's authority accepts a filed table or asks for an on-site assessment (现场核查);
    after an assessment it may accept. Officials of other regions are refused."""
    require(actor, "supervision.review_table", table)
    if decision not in REVIEW_DECISIONS:
        raise ValidationError(_("请选择审核结论。"), code="decision")
    note = note.strip()
    if decision == S.ONSITE and not note:
        raise ValidationError({"note": [_("要求现场核查时请写明需核查的内容。")]})
    with transaction.atomic():
        locked = DynamicTable.objects.select_for_update().get(pk=table.pk)
        if locked.status not in (S.FILED, S.ONSITE):
            raise ValidationError(_("该动态管理表当前状态为“%(s)s”，不能审核。") % {"s": locked.get_status_display()},
                                  code="state")
        before = locked.status
        locked.status, locked.review_note = decision, note
        locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
        locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
        record_history(locked, action=Action.REVIEW_DYNAMIC_TABLE, actor=actor, from_state=before, to_state=decision,
                       note=note)
    return locked


def obliged_entries(year: int):
    """Units that must file the year's table: listed during that year or before, with an account on
    the portal. Imported historical entries (no declaration) file on paper with their authority;
    the portal cannot know, so it neither reminds nor flags them (the overview counts them apart)."""
    # A removed unit (R-REMOVE) is off the list: it no longer files, nor is it reminded or flagged.
    return ListEntry.objects.filter(published_on__year__lte=year, declaration__isnull=False, removal__isnull=True)


def unfiled_entries(year: int):
    return obliged_entries(year).exclude(
        Exists(DynamicTable.objects.filter(entry=OuterRef("pk"), year=year, filed_at__isnull=False)))


def unit_members(entries) -> dict[int, list]:
    """{entry pk: active applicant members of its organisation}, in two queries."""
    by_org = {}
    for entry in entries:
        by_org.setdefault(entry.declaration.applicant_id, []).append(entry.pk)
    members = {pk: [] for e in by_org.values() for pk in e}
    users = User.objects.filter(membership__organisation_id__in=by_org, is_active=True,
                                groups__name=Role.APPLICANT).select_related("membership")
    for user in users:
        for pk in by_org[user.membership.organisation_id]:
            members[pk].append(user)
    return members


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Notify the members of every unit that has not filed the table due this spring, 30, 7 and
    1 days before the deadline. Returns the notifications created (0 on a second run)."""
    today = today or timezone.localdate()
    year = today.year - 1
    deadline = deadline_for(year)
    days_left = (deadline - today).days
    due = [d for d in sorted(REMINDER_DAYS) if 0 < days_left <= d]
    if not due:
        return 0
    window = due[0]  # the nearest reminder not yet past
    entries = list(unfiled_entries(year).select_related("declaration").order_by("pk"))
    members = unit_members(entries)
    sent = 0
    for entry in entries:
        sent += len(notify(
            recipients=members[entry.pk], key=f"dyn-due:{year}:entry-{entry.pk}:{window}d",
            subject=_("%(u)s：%(y)s 年度动态管理表将于 %(n)d 日后截止") % {"u": entry.unit_name, "y": year, "n": days_left},
            body=_("请于 %(d)s 前报送 %(y)s 年度动态管理表。逾期未报送的，将被标记为“建议撤销”。") % {
                "d": date_format(deadline), "y": year},
            url=reverse("reviews:dynamic_form", args=[entry.pk, year]),
        ))
    return sent


def last_closed_year(today: datetime.date) -> int:
    """The latest year whose table deadline has passed."""
    year = today.year - 1
    return year if today > deadline_for(year) else year - 1


def open_round(today: datetime.date) -> int:
    """The year whose tables are being filed now: last year's until its deadline, then this year's."""
    year = today.year - 1
    return year if today <= deadline_for(year) else year + 1


def flag_overdue(*, today: datetime.date | None = None) -> int:
    """R-DYN-1: after the deadline, flag each obliged unit of that year without a filed table
    ("建议撤销：未按期报送动态管理表"). One flag per unit and year; returns the new flags."""
    today = today or timezone.localdate()
    year = last_closed_year(today)
    deadline = deadline_for(year)
    with transaction.atomic():
        missing = list(unfiled_entries(year).exclude(
            Exists(OverdueFlag.objects.filter(entry=OuterRef("pk"), year=year))).order_by("pk"))
        flagged = 0
        for entry in missing:
            # get_or_create, not bulk_create(ignore_conflicts): a flag a concurrent run saved after
            # `missing` was read is found here, and neither counted nor written to history twice.
            _flag, new = OverdueFlag.objects.get_or_create(
                entry=entry, year=year, defaults={"deadline": deadline, "flagged_on": today})
            if new:
                flagged += 1
                record_history(entry, action=Action.DYNAMIC_TABLE_OVERDUE, actor=None, note=str(OVERDUE_REASON),
                               data={"year": year, "deadline": deadline.isoformat()})
    return flagged
