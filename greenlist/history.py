"""The vocabulary of history (R-FLOW-1): every action a HistoryEntry records, with its one label,
and the old → new values an edit records.

The stored values are the strings rows were always written with: renaming a value would orphan
the rows already written. `HistoryEntry.action` carries no `choices=` (that would be a migration);
`greenlist.services.record_history` refuses a value that is not a member instead."""
import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # The declaration (applications): its own actions and the workflow's transitions
    # (applications.workflow.TRANSITIONS; a transition's label is its action's label).
    CREATE = "create", _("创建草稿")
    EDIT = "edit", _("修改申报内容")
    DECLARE_NEGATIVE_LIST = "declare_negative_list", _("填写否决项声明")
    UPLOAD_ATTACHMENT = "upload_attachment", _("上传附件")
    DELETE_ATTACHMENT = "delete_attachment", _("删除附件")
    SUBMIT = "submit", _("提交申报")
    EVALUATE = "evaluate", _("提交第三方评价")
    RECOMMEND = "recommend", _("推荐")
    UNRECOMMEND = "unrecommend", _("撤回推荐")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不予推荐")
    VETO = "veto", _("记录否决项，移出推荐")
    SHORTLIST = "shortlist", _("审核通过（拟入选）")
    DECLINE = "decline", _("审核不通过")
    START_PUBLICITY = "start_publicity", _("进入公示")  # also on the batch
    UPHOLD_OBJECTION = "uphold_objection", _("认定异议成立，移出公示名单")  # also on the objection
    PUBLISH = "publish", _("发布名单")  # also on the batch

    # Evaluation (evaluations): the engagement, the scores, the report, the agency registry.
    ENGAGE_AGENCY = "engage_agency", _("委托第三方评价机构")
    ACCEPT_ENGAGEMENT = "accept_engagement", _("评价机构接受委托并声明独立性")
    DECLINE_ENGAGEMENT = "decline_engagement", _("评价机构拒绝委托")
    WITHDRAW_ENGAGEMENT = "withdraw_engagement", _("改为自评价，撤回评价委托")
    SAVE_EVALUATION = "save_evaluation", _("保存评价草稿")
    SAVE_SELF_EVALUATION = "save_self_evaluation", _("保存自评价")
    SAVE_THIRD_PARTY_SCORES = "save_third_party_scores", _("保存第三方评价打分")
    REQUEST_SELF_EVALUATION_REPORT = "request_self_evaluation_report", _("申请生成自评价报告")
    REGISTER_AGENCY = "register_agency", _("提交评价机构登记信息")
    APPROVE_AGENCY = "approve_agency", _("批准评价机构登记")
    REJECT_AGENCY = "reject_agency", _("不予批准评价机构登记")
    DEBAR_AGENCY = "debar_agency", _("对评价机构作出禁入处理")

    # The batch (greenlist, reviews.lists).
    CREATE_BATCH = "create_batch", _("创建批次")
    CREATE_HISTORICAL_BATCH = "create_historical_batch", _("创建历史批次")
    IMPORT_PUBLISHED_LIST = "import_published_list", _("导入已发布的名单")

    # Recommendation (reviews.recommendation): the authority's ranking and its submission.
    REORDER = "reorder", _("调整推荐排序")
    SUBMIT_RECOMMENDATION = "submit_recommendation", _("报送推荐名单")

    # Expert review (reviews.expert_review): on the assignment, not on the declaration.
    ASSIGN_EXPERT = "assign_expert", _("分配评审专家")
    SUBMIT_EXPERT_REVIEW = "submit_expert_review", _("提交专家评审意见")
    WITHDRAW_EXPERT = "withdraw_expert", _("撤回专家评审任务")

    # Publication (reviews.publication): objections and the list's files.
    FILE_OBJECTION = "file_objection", _("提出异议")
    DISMISS_OBJECTION = "dismiss_objection", _("认定异议不成立")
    REQUEST_PUBLICATION_EXPORTS = "request_publication_exports", _("申请生成名单文件")

    # Supervision (reviews.supervision): dynamic tables, the green code, rechecks, spot checks, removal.
    SAVE_DYNAMIC_TABLE = "save_dynamic_table", _("保存动态管理表草稿")
    FILE_DYNAMIC_TABLE = "file_dynamic_table", _("报送动态管理表")
    REVIEW_DYNAMIC_TABLE = "review_dynamic_table", _("审核动态管理表")
    DYNAMIC_TABLE_OVERDUE = "dynamic_table_overdue", _("动态管理表逾期未报送")
    GREEN_GRADE = "green_grade", _("绿码评级")
    RECHECK_DUE = "recheck_due", _("到期复核")
    RECORD_RECHECK = "record_recheck", _("登记复核结果")
    RECHECK = "recheck", _("复核")
    DRAW_SPOT_CHECKS = "draw_spot_checks", _("抽取抽查单位")
    SPOT_CHECK_DRAWN = "spot_check_drawn", _("被抽中接受抽查")
    SPOT_CHECK = "spot_check", _("登记抽查结果")
    REMOVE = "remove", _("撤销名单")
    REMOVE_FROM_LIST = "remove_from_list", _("从已发布名单中撤销")


def action_label(value: str) -> str:
    """The label of a stored action; a value that is no member (none should be) shows as it is."""
    return Action(value).label if value in Action.values else value


# --- old → new ------------------------------------------------------------------------------


def json_value(value):
    """A field's value as history keeps it: JSON-safe, and readable without the row it came from
    (a related object by its name, a date or a Decimal as text)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, datetime.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


def changes(before: dict, after: dict) -> dict[str, list]:
    """{field: [old, new]} for each field of `after` whose value differs from `before`, the shape
    an edit stores under data["changes"]."""
    return {name: [json_value(before.get(name)), json_value(value)] for name, value in after.items()
            if json_value(before.get(name)) != json_value(value)}


def change_rows(entry, model=None, *, labels: dict | None = None, choices: dict | None = None
                ) -> list[tuple[str, str, str]]:
    """The entry's recorded changes for a page: (what, old, new). What a name means and how its
    values read come from `model`'s field of that name, else from `labels` and `choices`."""
    rows = []
    for name, (old, new) in (entry.data or {}).get("changes", {}).items():
        field = _field(model, name)
        label = getattr(field, "verbose_name", None) or (labels or {}).get(name, name)
        names = dict(field.flatchoices) if getattr(field, "choices", None) else (choices or {})
        rows.append((str(label), _display(old, names), _display(new, names)))
    return rows


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # an item code, or a field since removed
        return None


def _display(value, choices: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return "、".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))
