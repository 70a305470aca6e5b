"""The negative-list declaration (否决项声明, R-VETO-1): the items in each policy wording, the
applicant's answer per item, the action that saves them, and what submission checks and freezes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenlist import history
from greenlist.files import DOCUMENT_TYPES, JPEG, PDF, PNG, RandomName, get_private_storage, validate_document
from greenlist.history import Action
from greenlist.models import NegativeListVersion
from greenlist.services import record_history

# Module imports, not names: applications.models imports this module at its end, so these may
# still be initialising when this runs; their names are only read when a function is called.
from .editing import lock_editable


@dataclass(frozen=True)
class Item:
    code: str
    wording: object  # lazy translation


# (policy) The items in the order of DOMAIN.md §3 R-VETO-1, selected by batch.negative_list_version.
# Items with the same meaning share a code across wordings, so an answer survives a change of wording.
ITEMS: dict[str, tuple[Item, ...]] = {
    NegativeListVersion.V2016: (
        Item("safety_quality_accident", gettext_lazy("较大及以上安全、质量事故")),
        Item("environmental_incident", gettext_lazy("较大（Ⅲ级）及以上突发环境事件")),
        Item("energy_rectification", gettext_lazy("列入工业节能监察整改名单且未完成整改")),
        Item("dishonest_debtor", gettext_lazy("失信被执行人")),
    ),
    # 《绿色工厂梯度培育及管理暂行办法》（工信部节〔2024〕13号）第十五条
    NegativeListVersion.V2024: (
        Item("not_operating", gettext_lazy("未正常生产经营：已注销、连续停产超过12个月或列入经营异常名录")),
        Item("accident_or_tax_evasion", gettext_lazy("发生安全（含网络安全、数据安全）、质量、环境污染等事故，或偷税漏税")),
        Item("removed_from_list", gettext_lazy("曾被撤销绿色制造名单")),
        Item("inspection_problems", gettext_lazy("国务院或工业和信息化部督查发现严重问题")),
        Item("energy_rectification", gettext_lazy("列入工业节能监察整改名单且未完成整改")),
        Item("dishonest_debtor", gettext_lazy("被列为失信被执行人")),
    ),
}
# Evidence (证明材料) is a signed document, or a scan or photo of one.
EVIDENCE_TYPES = frozenset({PDF, JPEG, PNG})
# Every item is declared for the three years before the batch's year.
YEARS_DECLARED = 3


def validate_evidence(upload) -> str:
    """The detected type (the bytes decide; the uploader's name and extension do not)."""
    return validate_document(upload, allowed=EVIDENCE_TYPES)


def items_for(batch) -> tuple[Item, ...]:
    return ITEMS[batch.negative_list_version]


def years_for(batch) -> tuple[int, int]:
    """The first and last year the declaration covers."""
    return batch.year - YEARS_DECLARED, batch.year - 1


class NegativeListAnswer(models.Model):
    """The applicant's answer to one negative-list item of its batch's wording."""

    class Answer(models.TextChoices):
        YES = "yes", gettext_lazy("是")
        NO = "no", gettext_lazy("否")

    declaration = models.ForeignKey(
        "applications.Declaration", verbose_name=gettext_lazy("申报"), on_delete=models.CASCADE,
        related_name="negative_list_answers",
    )
    item_code = models.CharField(gettext_lazy("否决项"), max_length=40)
    answer = models.CharField(gettext_lazy("声明"), max_length=3, choices=Answer.choices)
    explanation = models.TextField(gettext_lazy("情况说明"), blank=True)
    evidence = models.FileField(
        gettext_lazy("证明材料"), upload_to=RandomName("negative-list-evidence"), storage=get_private_storage,
        blank=True,
    )
    # The stored name is random (greenlist.files.RandomName); this is the name the applicant uploaded.
    evidence_name = models.CharField(gettext_lazy("证明材料文件名"), max_length=200, blank=True)
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("否决项声明")
        verbose_name_plural = gettext_lazy("否决项声明")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "item_code"], name="one_answer_per_negative_list_item"),
        ]

    def __str__(self):
        return f"{self.declaration_id} {self.item_code}: {self.get_answer_display()}"


# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int
    item: Item
    answer: NegativeListAnswer | None


def rows_for(decl) -> list[Row]:
    """The batch's items in order, each with the declaration's answer or None. The answers are
    read once per declaration object (the detail page and the submission check share them);
    the action below re-reads the declaration, so it never sees a stale copy."""
    prefetch_related_objects([decl], "negative_list_answers")  # a no-op when already fetched
    answers = {a.item_code: a for a in decl.negative_list_answers.all()}
    return [Row(n, item, answers.get(item.code)) for n, item in enumerate(items_for(decl.batch), start=1)]


def summary_for(decl) -> dict:
    """What the detail page shows (templates/applications/_negative_list.html)."""
    rows = rows_for(decl)
    first, last = years_for(decl.batch)
    return {"rows": rows, "answered": any(r.answer for r in rows), "first_year": first, "last_year": last}


def submission_problems(decl, ctx: dict) -> list[str]:
    """R-VETO-1, a submission check: every item answered, and none answered "yes"."""
    rows = rows_for(decl)
    found = []
    unanswered = [str(r.item.wording) for r in rows if r.answer is None]
    if unanswered:
        found.append(_("否决项声明未完成：%(items)s。") % {"items": "；".join(f"“{w}”" for w in unanswered)})
    for r in rows:
        if r.answer is not None and r.answer.answer == NegativeListAnswer.Answer.YES:
            found.append(_("否决项“%(item)s”为“是”，不能提交申报。") % {"item": r.item.wording})
    return found


def frozen_copy(decl) -> dict:
    """A submission freezer: the wording and the answers as submitted (R-FLOW-2)."""
    first, last = years_for(decl.batch)
    return {
        "version": decl.batch.negative_list_version,
        "years": [first, last],
        "items": [
            {
                "code": r.item.code,
                "wording": str(r.item.wording),
                "answer": r.answer.answer if r.answer else None,
                "explanation": r.answer.explanation if r.answer else "",
                "evidence_name": r.answer.evidence_name if r.answer else "",
                "evidence_file": r.answer.evidence.name if r.answer and r.answer.evidence else "",
            }
            for r in rows_for(decl)
        ],
    }


# --- the action ---------------------------------------------------------------------------


def declare_negative_list(*, actor, declaration, answers: dict[str, dict]) -> list[NegativeListAnswer]:
    """Save the applicant's answers, all or none: {item code: {"answer": "yes"|"no",
    "explanation": str, "evidence": an uploaded file or None}}. Items not given are left as
    they are. A "yes" needs an explanation or evidence (R-VETO-1); it saves, but blocks submission."""

    with transaction.atomic():
        # Locked like update_declaration: a submission running at the same time waits, then
        # this sees the new state and refuses.
        decl = lock_editable(actor, declaration, related=("batch",))
        items = {item.code: item for item in items_for(decl.batch)}
        existing = {a.item_code: a for a in decl.negative_list_answers.all()}
        saved, changed, before_answers = [], [], {}
        for code, given in answers.items():
            if code not in items:
                raise ValidationError(_("本批次的否决项中没有“%(c)s”。") % {"c": code}, code="unknown_item")
            row = existing.get(code) or NegativeListAnswer(declaration=decl, item_code=code)
            before = (row.answer, row.explanation)
            before_answers[code] = row.answer or None
            if given.get("answer") not in NegativeListAnswer.Answer.values:
                raise ValidationError(_("请对否决项“%(item)s”选择“是”或“否”。") % {"item": items[code].wording},
                                      code="no_answer")
            row.answer = given["answer"]
            row.explanation = (given.get("explanation") or "").strip()
            evidence = given.get("evidence")
            if evidence:
                extension = DOCUMENT_TYPES[validate_evidence(evidence)][0]
                # Displayed under the uploader's name, stored and served with the detected type.
                row.evidence_name = f"{PurePath(evidence.name).stem[:180]}.{extension}"
                evidence.name = f"evidence.{extension}"
                row.evidence = evidence
            if row.answer == NegativeListAnswer.Answer.YES and not (row.explanation or row.evidence):
                raise ValidationError(
                    _("否决项“%(item)s”选择“是”时，请填写情况说明或上传证明材料。") % {"item": items[code].wording},
                    code="yes_needs_evidence",
                )
            if row.pk is None or evidence or before != (row.answer, row.explanation):
                row.save()
                changed.append(code)
            saved.append(row)
        if changed:
            record_history(decl, action=Action.DECLARE_NEGATIVE_LIST, actor=actor, data={
                "items": changed,
                "yes": [c for c in changed if answers[c]["answer"] == NegativeListAnswer.Answer.YES],
                # The answers that changed, by item code (an explanation alone changes no answer).
                "changes": history.changes({c: before_answers[c] for c in changed},
                                           {c: answers[c]["answer"] for c in changed}),
            })
    return saved


def all_no(batch) -> dict[str, dict]:
    """Answers of "no" to every item of the batch's wording (the demo data and test fixtures)."""
    return {item.code: {"answer": NegativeListAnswer.Answer.NO} for item in items_for(batch)}
