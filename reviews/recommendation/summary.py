"""Summaries of the provinces' recommendations: the 推荐汇总表 workbook of one authority
(R-SUMMARY, attachment 1 of the 2020 notice), read from the same selector as the ranking page,
and the ministry's overview of every authority against its quotas."""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from applications.models import RECOMMENDED_STATES, DeclarationStatus
from greenlist.models import Authority, Batch, BatchQuota, ListKind

from .models import AuthorityRecommendation
from .selectors import ranking_for

# (header, value of a ranking row): the columns of the summary table, in its order.
COLUMNS = (
    (gettext_lazy("排序"), lambda row: row.rank),
    (gettext_lazy("单位名称"), lambda row: row.decl.unit_name),
    (gettext_lazy("统一社会信用代码"), lambda row: row.decl.uscc),
    (gettext_lazy("所属行业"), lambda row: row.industry_label),
    (gettext_lazy("所在地区"), lambda row: row.region),
    (gettext_lazy("自评价得分"), lambda row: row.decl.self_score),
    (gettext_lazy("第三方评价得分"), lambda row: row.third_party_score),
    (gettext_lazy("第三方评价机构"), lambda row: row.agency_name),
)


_THIN = Side(style="thin", color="999999")


_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def display_width(value) -> int:
    """Columns are as wide as their longest cell; a CJK character takes two places."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def workbook(*, batch: Batch, authority: Authority) -> bytes:
    """One sheet per open kind of the batch: title row, header row (frozen), ranked rows."""
    book = Workbook()
    book.remove(book.active)
    headers = [str(h) for h, _value in COLUMNS]
    for kind in batch.kinds_open:
        rows = ranking_for(batch=batch, authority=authority, kind=kind).recommended
        sheet = book.create_sheet(title=str(ListKind(kind).label)[:31])
        sheet.append([_("%(a)s %(b)s 绿色制造名单推荐汇总表（%(k)s）") % {
            "a": authority.name, "b": batch.name, "k": ListKind(kind).label}])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
        sheet.row_dimensions[1].height = 28
        sheet.append(headers)
        for row in rows:
            sheet.append([value(row) for _h, value in COLUMNS])
            for cell in sheet[sheet.max_row][5:7]:  # scores keep their decimal: 90.0, not 90
                cell.number_format = "0.0"
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E2EFDA")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for line in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
            for cell in line:
                cell.border = _BORDER
        for index, header in enumerate(headers, start=1):
            values = [header] + [r[index - 1].value for r in sheet.iter_rows(min_row=3)]
            width = max(display_width(v) for v in values) + 4
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
        sheet.freeze_panes = "A3"
        if not rows:
            sheet.append([_("本类别暂无推荐。")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def content_disposition(batch: Batch, authority: Authority) -> str:
    return content_disposition_header(True, f"推荐汇总表-{authority.short_name}-{batch.name}.xlsx")


@dataclass
class KindCell:
    kind: str
    label: str
    recommended: int
    candidates: int
    quota: int | None

    @property
    def full(self) -> bool:
        return self.quota is not None and self.recommended >= self.quota


@dataclass
class OverviewRow:
    authority: Authority
    record: AuthorityRecommendation | None
    cells: list[KindCell]

    @property
    def submitted(self) -> bool:
        return self.record is not None and self.record.is_submitted


def overview_authorities(*, batch: Batch, q: str = "", status: str = ""):
    """The authorities the overview lists: searched by name, short name or code, and narrowed
    to those that have submitted (status=submitted) or not yet (status=pending)."""
    qs = Authority.objects.order_by("sort_order", "code")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__iexact=q))
    submitted = AuthorityRecommendation.objects.filter(batch=batch, submitted_at__isnull=False).values("authority")
    if status == "submitted":
        qs = qs.filter(pk__in=submitted)
    elif status == "pending":
        qs = qs.exclude(pk__in=submitted)
    return qs


def overview_rows(*, batch: Batch, authorities: list[Authority], kind: str = "") -> list[OverviewRow]:
    """Counts per authority and kind in one query; quotas and submissions in one query each."""
    kinds = [kind] if kind else list(batch.kinds_open)
    ids = [a.pk for a in authorities]
    counts = {
        (r["authority"], r["kind"]): r
        for r in batch.declarations.filter(authority__in=ids, kind__in=kinds).values("authority", "kind").annotate(
            recommended=Count("pk", filter=Q(status__in=RECOMMENDED_STATES)),
            candidates=Count("pk", filter=Q(status=DeclarationStatus.EVALUATED)
                             | Q(status=DeclarationStatus.SUBMITTED, uses_third_party=False)),
        )
    }
    quotas = {(q.authority_id, q.kind): q.limit for q in BatchQuota.objects.filter(batch=batch, kind__in=kinds)}
    records = {r.authority_id: r for r in AuthorityRecommendation.objects.filter(
        batch=batch, authority__in=ids).select_related("submitted_by")}
    rows = []
    for authority in authorities:
        cells = []
        for k in kinds:
            c = counts.get((authority.pk, k), {})
            quota = quotas[(authority.pk, k)] if (authority.pk, k) in quotas else quotas.get((None, k))
            cells.append(KindCell(kind=k, label=str(ListKind(k).label), recommended=c.get("recommended", 0),
                                  candidates=c.get("candidates", 0), quota=quota))
        rows.append(OverviewRow(authority=authority, record=records.get(authority.pk), cells=cells))
    return rows
