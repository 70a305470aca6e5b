"""The enterprise green code (企业绿码, R-GREENCODE): each year, national green factories that filed
the year's dynamic-management table are graded by percentile of the table's score — A+ top 5%,
A next 35%, B the rest. The cut-offs are rows (GradeScale) the ministry edits in the admin."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from greenlist.history import Action
from greenlist.models import ListKind, ListLevel
from greenlist.services import record_history

from ..models import DynamicTable, Grade, GradeScale, GreenGrade


@dataclass(frozen=True)
class Placement:
    rank: int
    grade: str


def place(scores: list[Decimal], scale: GradeScale) -> list[Placement]:
    """Grades for scores sorted best first. The rank is the competition rank (1 + the number of
    strictly better scores), so equal scores always get the same grade, the better one: a tie
    across a cut-off lifts the whole tie (the share may then exceed the cut-off by the tied units)
    rather than splitting equal scores by something that is not the score. A unit is A+ if its
    rank is within the top a_plus_percent of n, rounded down (20 factories: 1; 19: none), and A
    within the top a_plus_percent + a_percent (cumulative, so rounding never drifts)."""
    n = len(scores)
    a_plus_last = int(n * scale.a_plus_percent / 100)
    a_last = int(n * (scale.a_plus_percent + scale.a_percent) / 100)
    placements, rank = [], 0
    for position, score in enumerate(scores, start=1):
        if position == 1 or score != scores[position - 2]:
            rank = position
        grade = Grade.A_PLUS if rank <= a_plus_last else Grade.A if rank <= a_last else Grade.B
        placements.append(Placement(rank, grade))
    return placements


def graded_tables(year: int):
    """The tables that take part: national factories' filed tables of the year, with a score."""
    return (DynamicTable.objects.filter(year=year, entry__kind=ListKind.FACTORY, entry__level=ListLevel.NATIONAL,
                                        score__isnull=False, entry__removal__isnull=True)
            .exclude(status=DynamicTable.Status.DRAFT)
            .order_by("-score", "entry_id"))


def compute_grades(*, year: int, actor=None) -> dict:
    """R-GREENCODE: grade the year. Idempotent: the rows are one per unit and year, rewritten only
    where the grade, rank or count changed, and a unit whose table no longer counts loses its
    grade. Returns {"created", "changed", "removed", "counts": {grade: n}}."""
    with transaction.atomic():
        scale = GradeScale.for_year(year)
        tables = list(graded_tables(year).select_for_update(of=("self",)))
        placements = place([t.score for t in tables], scale)
        existing = {g.table_id: g for g in GreenGrade.objects.select_for_update().filter(year=year)}
        created = changed = 0
        counts = {g: 0 for g in Grade.values}
        for table, placed in zip(tables, placements, strict=True):
            counts[placed.grade] += 1
            values = {"grade": placed.grade, "score": table.score, "rank": placed.rank, "graded_count": len(tables)}
            row = existing.pop(table.pk, None)
            if row is None:
                row = GreenGrade.objects.create(entry_id=table.entry_id, year=year, table=table, **values)
                created += 1
                _record(row, actor)
            elif any(getattr(row, k) != v for k, v in values.items()):
                regraded = row.grade != placed.grade
                GreenGrade.objects.filter(pk=row.pk).update(computed_at=timezone.now(), **values)
                changed += 1
                if regraded:  # a new rank alone is not news for the unit's history
                    row.refresh_from_db()
                    _record(row, actor)
        removed = len(existing)
        if existing:
            GreenGrade.objects.filter(pk__in=[g.pk for g in existing.values()]).delete()
    return {"created": created, "changed": changed, "removed": removed, "counts": counts}


def _record(row: GreenGrade, actor) -> None:
    record_history(row, action=Action.GREEN_GRADE, actor=actor, to_state=row.grade,
                   data={"year": row.year, "score": str(row.score), "rank": row.rank, "of": row.graded_count})


def grade_for(entry, year: int | None = None) -> GreenGrade | None:
    """The unit's grade for `year`, or its latest grade; None when it has none (no filed table,
    not a national factory, or not computed yet)."""
    grades = GreenGrade.objects.filter(entry=entry)
    if year is not None:
        grades = grades.filter(year=year)
    return grades.order_by("-year").first()
