"""The enterprise green code (R-GREENCODE): percentile grades of national factories' filed tables."""
import datetime
from decimal import Decimal

import pytest

from greenlist.models import Authority, HistoryEntry, ListKind, ListLevel
from reviews.publication.models import ListEntry
from reviews.supervision.models import DynamicTable, GradeScale, GreenGrade
from reviews.supervision.services.greencode import compute_grades, grade_for

pytestmark = pytest.mark.django_db

YEAR = 2025


def units(batch, scores, *, kind=ListKind.FACTORY, level=ListLevel.NATIONAL, status=DynamicTable.Status.FILED,
          year=YEAR):
    """Listed units with a table of `year` at each score (None: no table at all). Rows written
    directly: the grading reads only the list entry and the table's status and score."""
    zhejiang = Authority.objects.get(code="33")
    entries = ListEntry.objects.bulk_create([
        ListEntry(batch=batch, kind=kind, level=level, unit_name=f"{kind}-{i:03d}", authority=zhejiang,
                  published_on=datetime.date(2024, 12, 1)) for i in range(len(scores))])
    DynamicTable.objects.bulk_create([
        DynamicTable(entry=e, year=year, status=status, score=Decimal(str(s)), deadline=datetime.date(year + 1, 4, 15),
                     filed_at=None if status == DynamicTable.Status.DRAFT else datetime.datetime(
                         year + 1, 3, 1, tzinfo=datetime.UTC))
        for e, s in zip(entries, scores, strict=True) if s is not None])
    return entries


def counts(year=YEAR):
    grades = list(GreenGrade.objects.filter(year=year).values_list("grade", flat=True))
    return {g: grades.count(g) for g in ("A+", "A", "B")}


@pytest.mark.parametrize(("n", "expected"), [
    (20, {"A+": 1, "A": 7, "B": 12}),
    (100, {"A+": 5, "A": 35, "B": 60}),
    (19, {"A+": 0, "A": 7, "B": 12}),  # 5% of 19 is 0.95: nobody is within the top 5%
    (1, {"A+": 0, "A": 0, "B": 1}),
])
def test_grades_at_the_percentile_boundaries(batch, n, expected):
    """R-GREENCODE: A+ top 5%, A next 35%, B the remaining 60%, by rank (rounded down)."""
    entries = units(batch, [50 + i * Decimal("0.4") for i in range(n)])  # distinct scores
    assert compute_grades(year=YEAR)["counts"] == expected == counts()
    best = GreenGrade.objects.get(entry=entries[-1])
    assert (best.rank, best.graded_count, best.grade) == (1, n, "A+" if expected["A+"] else "A" if expected["A"] else "B")
    last_a_plus = expected["A+"]
    if last_a_plus:  # the boundary itself: the last A+ and the first A
        ranks = {g.rank: g.grade for g in GreenGrade.objects.filter(year=YEAR)}
        assert (ranks[last_a_plus], ranks[last_a_plus + 1]) == ("A+", "A")
        assert (ranks[expected["A+"] + expected["A"]], ranks[expected["A+"] + expected["A"] + 1]) == ("A", "B")


def test_equal_scores_share_the_better_grade(batch):
    """R-GREENCODE ties: the competition rank decides, so a tie across the A+ cut-off lifts both."""
    scores = [99, 99] + [80 - i for i in range(18)]  # 20 units: one A+ place, two units tied for it
    entries = units(batch, scores)
    compute_grades(year=YEAR)
    tied = GreenGrade.objects.filter(entry__in=entries[:2])
    assert [(g.rank, g.grade) for g in tied] == [(1, "A+"), (1, "A+")]
    assert counts() == {"A+": 2, "A": 6, "B": 12}
    third = GreenGrade.objects.get(entry=entries[2])
    assert (third.rank, third.grade) == (3, "A")


def test_no_grade_without_a_filed_table(batch):
    """R-GREENCODE: a draft (even with a score) or no table at all earns no grade."""
    filed = units(batch, [90])
    drafted = units(batch, [99], status=DynamicTable.Status.DRAFT)
    missing = units(batch, [None])
    compute_grades(year=YEAR)
    assert grade_for(filed[0]).grade == "B"
    assert grade_for(drafted[0]) is None and grade_for(missing[0]) is None


def test_only_national_factories_are_graded(batch):
    """R-GREENCODE: parks, products, supply chains and provincial factories get no green code."""
    units(batch, [95], kind=ListKind.PARK)
    units(batch, [95], kind=ListKind.PRODUCT)
    units(batch, [95], kind=ListKind.SUPPLY_CHAIN)
    units(batch, [95], level=ListLevel.PROVINCIAL)
    factory = units(batch, [60])
    assert compute_grades(year=YEAR)["counts"] == {"A+": 0, "A": 0, "B": 1}
    assert list(GreenGrade.objects.values_list("entry", flat=True)) == [factory[0].pk]


def test_grading_twice_creates_nothing_twice(batch):
    """R-GREENCODE: the job is idempotent: the same rows, no duplicates, no new history."""
    units(batch, [70 + i for i in range(20)])
    first = compute_grades(year=YEAR)
    before = list(GreenGrade.objects.order_by("pk").values_list("pk", "entry", "grade", "rank", "computed_at"))
    history = HistoryEntry.objects.filter(action="green_grade").count()
    second = compute_grades(year=YEAR)
    assert (first["created"], second["created"], second["changed"], second["removed"]) == (20, 0, 0, 0)
    assert list(GreenGrade.objects.order_by("pk").values_list("pk", "entry", "grade", "rank", "computed_at")) == before
    assert HistoryEntry.objects.filter(action="green_grade").count() == history == 20


def test_a_late_table_regrades_the_year_in_place(batch):
    entries = units(batch, [60 + i for i in range(19)])
    compute_grades(year=YEAR)
    assert counts() == {"A+": 0, "A": 7, "B": 12}
    late = units(batch, [100])  # the 20th factory files late, with the best score
    result = compute_grades(year=YEAR)
    assert result["created"] == 1 and counts() == {"A+": 1, "A": 7, "B": 12}
    assert grade_for(late[0]).grade == "A+" and GreenGrade.objects.get(entry=entries[-1]).rank == 2
    assert GreenGrade.objects.count() == 20


def test_cut_offs_are_data(batch):
    """R-GREENCODE (policy): the ministry's row for a year changes the shares from then on."""
    units(batch, [50 + i for i in range(20)])
    GradeScale.objects.create(from_year=2025, a_plus_percent=Decimal("10"), a_percent=Decimal("40"))
    assert compute_grades(year=YEAR)["counts"] == {"A+": 2, "A": 8, "B": 10}
    units(batch, [50 + i for i in range(20)], year=2024)
    assert compute_grades(year=2024)["counts"] == {"A+": 1, "A": 7, "B": 12}  # the seeded 2016 row


def test_grade_for_returns_the_latest_or_the_years(batch):
    entry = units(batch, [80], year=2024)[0]
    assert grade_for(entry) is None
    compute_grades(year=2024)
    DynamicTable.objects.create(entry=entry, year=2025, status="filed", score=Decimal("70"),
                                deadline=datetime.date(2026, 4, 15), filed_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    compute_grades(year=2025)
    assert (grade_for(entry).year, grade_for(entry, 2024).year, grade_for(entry, 2023)) == (2025, 2024, None)
