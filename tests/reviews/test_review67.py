"""Defects found in the review of the life-on-the-list and published-lists code (issues 6 and 7),
one test each: every test failed before its fix."""
import datetime

import pytest

from greenlist.models import Authority, Industry, ListKind
from reviews.models import ListEntry, Recheck
from reviews.rechecks import schedule_rechecks

pytestmark = pytest.mark.django_db


def listed(batch, *, code="33", published_on, kind=ListKind.FACTORY, **fields):
    n = ListEntry.objects.count() + 1
    return ListEntry.objects.create(
        batch=batch, kind=kind, unit_name=fields.pop("unit_name", f"复查单位{n}号"), uscc="",
        authority=Authority.objects.get(code=code), industry=Industry.objects.get(code="26"),
        published_on=published_on, **fields)


def test_unit_listed_on_a_leap_day_is_due_on_28_february_three_years_on(batch):
    """R-RECHECK: a unit listed on 29 February 2020 has its third anniversary on 28 February 2023
    (due_cycle says so); the job must make it due that day, not one day late."""
    entry = listed(batch, published_on=datetime.date(2020, 2, 29))
    assert schedule_rechecks(today=datetime.date(2023, 2, 27)) == []
    created = schedule_rechecks(today=datetime.date(2023, 2, 28))
    assert [r.entry_id for r in created] == [entry.pk]
    assert Recheck.objects.get(entry=entry).due_on == datetime.date(2023, 2, 28)
    assert schedule_rechecks(today=datetime.date(2023, 3, 1)) == []
