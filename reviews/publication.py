"""The published list of a batch as files (R-PUBLISH): an Excel workbook (one sheet per kind) and a
PDF, built by a Celery task into private storage with a state the pages poll; and the Excel export
of exactly what the public list shows for a search."""
from __future__ import annotations

import datetime
import tempfile

from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenlist import filejobs
from greenlist.filejobs import FileJob
from greenlist.files import RandomName, get_private_storage
from greenlist.models import Batch, ListKind, ListLevel

# A file still pending or running after this long is taken as lost (worker down): asking again
# replaces it.
STUCK_AFTER = datetime.timedelta(minutes=15)


class PublicationExport(FileJob):
    """One generated (or being generated) file of a batch's published list."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    STUCK_AFTER = STUCK_AFTER
    CONTENT_TYPES = {
        Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.PDF: "application/pdf",
    }

    batch = models.ForeignKey(Batch, verbose_name=gettext_lazy("批次"), on_delete=models.PROTECT,
                              related_name="publication_exports")
    format = models.CharField(gettext_lazy("格式"), max_length=4, choices=Format.choices)
    file = models.FileField(gettext_lazy("文件"), upload_to=RandomName("publication-exports"),
                            storage=get_private_storage, max_length=200, blank=True)
    entries = models.PositiveIntegerField(gettext_lazy("条目数"), null=True, blank=True)

    class Meta(FileJob.Meta):
        verbose_name = gettext_lazy("名单发布文件")
        verbose_name_plural = gettext_lazy("名单发布文件")
        constraints = [
            models.UniqueConstraint(fields=["batch", "format"], condition=models.Q(status__in=["pending", "running"]),
                                    name="one_live_publication_export"),
        ]

    def __str__(self):
        return f"{self.batch} {self.format} {self.status}"

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]

    @property
    def filename(self) -> str:
        return f"绿色制造名单-{self.batch.name}.{self.format}"


# -- reads ---------------------------------------------------------------------------------------

def published_entries(batch):
    """The batch's list in the order of the published notice: kind, authority, name."""
    from .models import ListEntry

    return (ListEntry.objects.filter(batch=batch).select_related("batch", "authority", "industry")
            .order_by("kind", "authority__sort_order", "authority__code", "unit_name", "pk"))


def latest_exports(batch) -> dict[str, PublicationExport | None]:
    """The newest file of each format (one query)."""
    found: dict[str, PublicationExport | None] = dict.fromkeys(PublicationExport.Format.values)
    for export in PublicationExport.objects.filter(batch=batch).select_related("batch"):
        if found[export.format] is None:
            found[export.format] = export
    return found


def downloadable(batch_pk: int, fmt: str) -> PublicationExport | None:
    return (PublicationExport.objects.select_related("batch")
            .filter(batch_id=batch_pk, format=fmt, status=PublicationExport.Status.DONE).exclude(file="").first())


def published_files() -> list[dict]:
    """Each published batch's newest finished files, newest batch first (one query on a small
    table, so the public list can offer them on every page)."""
    rows: dict[int, dict] = {}
    done = (PublicationExport.objects.filter(status=PublicationExport.Status.DONE).exclude(file="")
            .select_related("batch").order_by("-batch__year", "-batch__code", "-created_at", "-pk"))
    for export in done:
        row = rows.setdefault(export.batch_id, {"batch": export.batch, "entries": export.entries})
        row.setdefault(export.format, export)
    return list(rows.values())


# -- the action ----------------------------------------------------------------------------------

def request_exports(*, actor, batch: Batch) -> list[PublicationExport]:
    """Queue the Excel and the PDF of the batch's published list; one already on its way is kept."""
    from greenlist.services import record_history

    from .models import ListEntry
    from .services import _require_ministry

    if actor is not None:
        _require_ministry(actor)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if not ListEntry.objects.filter(batch=batch).exists():
            from applications.workflow import TransitionRefused

            raise TransitionRefused(_("本批次尚未发布名单，无可导出内容。"), code="empty")
        exports = []
        for fmt in PublicationExport.Format.values:
            live = PublicationExport.objects.filter(batch=batch, format=fmt, status__in=PublicationExport.LIVE).first()
            if filejobs.keep_live(live):
                filejobs.requeue_if_lost(live, _enqueue)
                exports.append(live)
                continue
            export = PublicationExport.objects.create(batch=batch, format=fmt, requested_by=actor)
            transaction.on_commit(lambda pk=export.pk: _enqueue(pk), robust=True)
            exports.append(export)
        record_history(batch, action="request_publication_exports", actor=actor,
                       data={"exports": [e.pk for e in exports]})
    return exports


def _enqueue(export_pk: int) -> None:
    from .tasks import generate_publication_export

    filejobs.enqueue(generate_publication_export, PublicationExport, export_pk,
                     _("后台任务服务暂不可用，文件尚未开始生成。请稍后点击“重新生成”。"))


# -- the task's work -----------------------------------------------------------------------------

def generate(export_id: int) -> str | None:
    """Build one file (called by the Celery task)."""
    return filejobs.run(PublicationExport, export_id, _build)


def _build(export: PublicationExport) -> list[str]:
    batch = Batch.objects.get(pk=export.batch_id)
    entries = list(published_entries(batch))
    with tempfile.TemporaryFile() as out:
        if export.format == PublicationExport.Format.XLSX:
            write_batch_workbook(batch, entries, out)
        else:
            out.write(render_batch_pdf(batch, entries))
        out.seek(0)
        export.file.save(f"{export.pk}.{export.format}", File(out), save=False)
    export.entries = len(entries)
    return ["entries"]


# -- the files -----------------------------------------------------------------------------------

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


def _with_products(columns) -> tuple:
    return (*columns[:_AFTER_LEVEL], *PRODUCT_COLUMNS, *columns[_AFTER_LEVEL:])


def _removal(entry) -> str:
    """R-REMOVE: a removal is public; the list's export shows it as the list page does."""
    from .removal import is_removed

    if not is_removed(entry):
        return ""
    r = entry.removal
    return _("%(d)s 撤销：%(r)s") % {"d": r.removed_on.isoformat(), "r": r.get_reason_display()}


# The public list's export: the published columns and whether the unit has since been removed
# (the batch files are the publication as it was, so they do not carry it).
# The export mixes kinds, so it carries the product columns (empty for a factory or a park).
LIST_COLUMNS = (*_with_products(COLUMNS), (gettext_lazy("撤销情况"), 30, lambda e, labels: _removal(e)))
# A sheet per kind repeats neither the kind nor the batch in every row; only the products' sheet
# has the product columns.
_SHEET_SKIP = {2, 4}


def _labels() -> dict[str, str]:
    """The kind and level labels, translated once per file: get_kind_display() per row costs
    more than writing the row."""
    return {value: str(label) for value, label in [*ListKind.choices, *ListLevel.choices]}


def _sheet(workbook, title: str, columns):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

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


def _row(n: int, entry, columns, labels) -> list:
    # openpyxl gives a date value a date format of its own.
    return [n, *(value(entry, labels) for _header, _width, value in columns)]


def write_batch_workbook(batch: Batch, entries, out) -> None:
    """One sheet per kind, numbered from 1 in each (write-only: constant memory for any size)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    labels = _labels()
    columns = [c for i, c in enumerate(COLUMNS) if i not in _SHEET_SKIP]
    product_columns = [c for c in _with_products(COLUMNS) if c in columns or c in PRODUCT_COLUMNS]
    by_kind: dict[str, list] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry)
    for kind in ListKind.values:
        if kind not in by_kind:
            continue
        kind_columns = product_columns if kind == ListKind.PRODUCT else columns
        sheet = _sheet(workbook, str(ListKind(kind).label), kind_columns)
        for n, entry in enumerate(by_kind[kind], start=1):
            sheet.append(_row(n, entry, kind_columns, labels))
    if not by_kind:
        _sheet(workbook, str(batch.name), columns)
    workbook.save(out)


def write_list_workbook(entries, out, *, title: str) -> int:
    """The public list's export: the rows exactly as the search found them, in the page's order.
    `entries` is iterated once (a server-side cursor for big results)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, title, LIST_COLUMNS)
    labels = _labels()
    n = 0
    for n, entry in enumerate(entries, start=1):
        sheet.append(_row(n, entry, LIST_COLUMNS, labels))
    workbook.save(out)
    return n


def render_batch_pdf(batch: Batch, entries) -> bytes:
    from greenlist.pdf import render_pdf

    groups = []
    for entry in entries:
        if not groups or groups[-1]["kind"] != entry.kind:
            groups.append({"kind": entry.kind, "label": entry.get_kind_display(), "entries": []})
        groups[-1]["entries"].append(entry)
    published_on = max((e.published_on for e in entries), default=None)
    return render_pdf("pdf/published_list.html", {
        "batch": batch, "groups": groups, "total": len(entries),
        "published_on": date_format(published_on) if published_on else "",
        "generated_at": timezone.localtime(),
    })
