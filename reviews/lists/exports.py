"""The public list's export (R-PUBLISH): the rows exactly as the search found them, with whether a
unit has since been removed (R-REMOVE)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from reviews.publication.files import COLUMNS, choice_labels, new_sheet, sheet_row, with_products
from reviews.supervision.services.removal import is_removed


def _removal(entry) -> str:
    """R-REMOVE: a removal is public; the list's export shows it as the list page does."""

    if not is_removed(entry):
        return ""
    r = entry.removal
    return _("%(d)s 撤销：%(r)s") % {"d": r.removed_on.isoformat(), "r": r.get_reason_display()}


# The public list's export: the published columns and whether the unit has since been removed
# (the batch files are the publication as it was, so they do not carry it).
# The export mixes kinds, so it carries the product columns (empty for a factory or a park).
LIST_COLUMNS = (*with_products(COLUMNS), (gettext_lazy("撤销情况"), 30, lambda e, labels: _removal(e)))


def write_list_workbook(entries, out, *, title: str) -> int:
    """The public list's export: the rows exactly as the search found them, in the page's order.
    `entries` is iterated once (a server-side cursor for big results)."""

    workbook = Workbook(write_only=True)
    sheet = new_sheet(workbook, title, LIST_COLUMNS)
    labels = choice_labels()
    n = 0
    for n, entry in enumerate(entries, start=1):
        sheet.append(sheet_row(n, entry, LIST_COLUMNS, labels))
    workbook.save(out)
    return n
