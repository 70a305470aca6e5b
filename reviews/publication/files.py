"""The published list of a batch as files (R-PUBLISH): an Excel workbook (one sheet per kind) and a
PDF, and the column set the public list's export shares."""
from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from greenlist import pdf
from greenlist.models import Batch, ListKind, ListLevel

# (header, width in characters, value of an entry given the choice labels): the same columns in the
# batch workbook, the PDF and the public list's export.
COLUMNS = (
    (gettext_lazy("名称"), 44, lambda e, labels: e.unit_name),
    (gettext_lazy("统一社会信用代码"), 22, lambda e, labels: e.uscc),
    (gettext_lazy("类别"), 18, lambda e, labels: labels[e.kind]),
    (gettext_lazy("级别"), 8, lambda e, labels: labels[e.level]),
    (gettext_lazy("批次"), 14, lambda e, labels: e.batch.name),
    (gettext_lazy("推荐单位"), 18, lambda e, labels: e.authority.name),
    (gettext_lazy("行业"), 30, lambda e, labels: f"{e.industry.display_code} {e.industry.name}" if e.industry else ""),
    (gettext_lazy("第三方评价机构"), 34, lambda e, labels: e.agency_name),
    (gettext_lazy("发布日期"), 12, lambda e, labels: e.published_on),
)


# A green design product is listed by the product, not only by its maker: these follow the level.
PRODUCT_COLUMNS = (
    (gettext_lazy("产品名称"), 24, lambda e, labels: e.product_name),
    (gettext_lazy("产品型号"), 30, lambda e, labels: e.product_model),
    (gettext_lazy("适用评价标准"), 44, lambda e, labels: e.product_standard),
)


_AFTER_LEVEL = 4


def with_products(columns) -> tuple:
    return (*columns[:_AFTER_LEVEL], *PRODUCT_COLUMNS, *columns[_AFTER_LEVEL:])


# A sheet per kind repeats neither the kind nor the batch in every row; only the products' sheet
# has the product columns.
_SHEET_SKIP = {2, 4}


def choice_labels() -> dict[str, str]:
    """The kind and level labels, translated once per file: get_kind_display() per row costs
    more than writing the row."""
    return {value: str(label) for value, label in [*ListKind.choices, *ListLevel.choices]}


def new_sheet(workbook, title: str, columns):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.column_dimensions["A"].width = 6
    for i, (_header, width, _value) in enumerate(columns, start=2):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"  # the header, the number and the name stay in view
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E2EFE6")
    header = []
    for text in [_("序号")] + [str(c[0]) for c in columns]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)
    return sheet


def sheet_row(n: int, entry, columns, labels) -> list:
    # openpyxl gives a date value a date format of its own.
    return [n, *(value(entry, labels) for _header, _width, value in columns)]


def write_batch_workbook(batch: Batch, entries, out) -> None:
    """One sheet per kind, numbered from 1 in each (write-only: constant memory for any size)."""

    workbook = Workbook(write_only=True)
    labels = choice_labels()
    columns = [c for i, c in enumerate(COLUMNS) if i not in _SHEET_SKIP]
    product_columns = [c for c in with_products(COLUMNS) if c in columns or c in PRODUCT_COLUMNS]
    by_kind: dict[str, list] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    for kind in ListKind.values:
        if kind not in by_kind:
            continue
        kind_columns = product_columns if kind == ListKind.PRODUCT else columns
        sheet = new_sheet(workbook, str(ListKind(kind).label), kind_columns)
        for n, entry in enumerate(by_kind[kind], start=1):
            sheet.append(sheet_row(n, entry, kind_columns, labels))
    if not by_kind:
        new_sheet(workbook, str(batch.name), columns)
    workbook.save(out)


def render_batch_pdf(batch: Batch, entries) -> bytes:
    groups = []
    for entry in entries:
        if not groups or groups[-1]["kind"] != entry.kind:
            groups.append({"kind": entry.kind, "label": entry.get_kind_display(), "entries": []})
        groups[-1]["entries"].append(entry)
    published_on = max((e.published_on for e in entries), default=None)
    return pdf.render_pdf("pdf/published_list.html", {
        "batch": batch, "groups": groups, "total": len(entries),
        "published_on": date_format(published_on) if published_on else "",
        "generated_at": timezone.localtime(),
    })
