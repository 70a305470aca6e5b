"""Edge cases of the life on the list and the published lists, one test each: a unit listed on
a leap day, a spot-check draw reproduced from its record, two draws at once, a removed unit in the
public export, an unreadable list file, two overdue runs at once."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from greenlist.models import Authority, Industry, ListKind
from reviews.publication.models import ListEntry
from reviews.supervision.models import Recheck, Removal
from reviews.supervision.services.rechecks import schedule_rechecks

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


def test_a_spot_check_draw_can_be_reproduced_from_its_record_later(actors, batch):
    """R-SPOT: the draw is reproducible from what was stored. Once its units are checked or another
    unit is removed, the eligible set has changed, so the seed alone no longer redraws it: the
    record keeps the eligible set with the seed."""
    from reviews.supervision.models import SpotCheck
    from reviews.supervision.services.spotchecks import (
        draw_spot_checks,
        eligible_entries,
        pick,
        record_spot_check,
        reproduce,
    )

    today = timezone.localdate()
    for _i in range(12):
        listed(batch, published_on=today)
    draw = draw_spot_checks(actor=actors["reviewer"], size=4, seed=2024)
    drawn = [c.entry_id for c in draw.checks.order_by("pk")]
    for check in SpotCheck.objects.filter(draw=draw):
        record_spot_check(actor=actors["reviewer"], check=check, clean=True)
    first_undrawn = ListEntry.objects.exclude(pk__in=drawn).order_by("pk").first()
    Removal.objects.create(entry=first_undrawn, reason="major_accident", removed_on=today,
                           decided_by=actors["reviewer"])

    assert {e.pk for e in pick(eligible_entries(), 4, 2024)} != set(drawn)  # the seed alone is not enough
    assert reproduce(draw) == drawn


def test_two_draws_at_once_never_both_pick_a_unit(actors, batch, monkeypatch):
    """R-SPOT: a unit waits for one check at a time. Two draws that both read the eligible set
    before either saved would both pick the same unit; the second is refused, saving nothing."""
    from reviews.supervision import models as supervision_models
    from reviews.supervision.services import spotchecks

    entries = [listed(batch, published_on=timezone.localdate()) for _i in range(3)]
    seen_before = spotchecks.eligible_entries()  # what a concurrent draw read before this one saved
    spotchecks.draw_spot_checks(actor=actors["reviewer"], size=3, seed=1)
    monkeypatch.setattr(spotchecks, "eligible_entries", lambda **kw: seen_before)

    with pytest.raises(ValidationError, match="重新抽取"):
        spotchecks.draw_spot_checks(actor=actors["reviewer"], size=1, seed=2)
    assert supervision_models.SpotCheckDraw.objects.count() == 1
    assert sorted(supervision_models.SpotCheck.objects.values_list("entry_id", flat=True)) == [e.pk for e in entries]


def test_the_public_lists_export_shows_a_removed_unit_as_removed(client, actors, batch):
    """R-REMOVE: a removal is public. /lists/ marks the unit 已撤销; its export must not present
    it as listed."""
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from reviews.supervision.services.removal import remove_entry

    today = timezone.localdate()
    kept = listed(batch, published_on=today, unit_name="导出在册工厂")
    gone = listed(batch, published_on=today, unit_name="导出撤销工厂")
    remove_entry(actor=actors["reviewer"], entry=gone, reason="falsified_data", removed_on=today)

    assert "已撤销" in client.get(reverse("lists:search"), {"q": "导出撤销工厂"}).content.decode()
    response = client.get(reverse("lists:export"), {"q": "导出"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    status = {row[1]: row[-1] for row in rows[1:]}
    assert rows[0][-1] == "撤销情况"
    assert status[kept.unit_name] is None
    assert status[gone.unit_name] == f"{today.isoformat()} 撤销：数据造假"


def test_a_file_csv_cannot_read_is_a_clear_error_and_imports_nothing(reference_data, tmp_path):
    """Issue 7: a malformed file gives a clear error and imports nothing. A quote left open runs
    into one field past the csv module's limit; that was a traceback, not the command's error."""
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from greenlist.models import Batch
    from reviews.lists.importer import FILES

    parks = next(spec for spec in FILES if spec.kind == ListKind.PARK)
    rows = [",".join(parks.header), "1,浙江,绿色园区甲,,1", '2,浙江,"未闭合引号' + "园" * 140_000, "3,浙江,绿色园区乙,,1"]
    (tmp_path / parks.name).write_text("\n".join(rows) + "\n", encoding="utf-8")

    with pytest.raises(CommandError) as exc:
        call_command("import_published_lists", str(tmp_path), stdout=io.StringIO())
    assert "绿色工业园区名单.csv 第 3 行无法按 CSV 读取" in str(exc.value) and "未导入任何条目" in str(exc.value)
    assert not ListEntry.objects.exists() and not Batch.objects.filter(code__startswith="national-").exists()


def test_a_concurrent_overdue_run_is_neither_counted_nor_written_to_history_twice(actors, batch, monkeypatch):
    """R-DYN-1, every job idempotent: if another run of flag_overdue saves a unit's flag after this
    run read the unflagged units, this run must not count it or add a second history row."""
    from greenlist.models import HistoryEntry
    from reviews.supervision.models import OverdueFlag
    from reviews.supervision.services import dynamic as dyn
    from tests.reviews.test_dynamic import listed as listed_with_declaration

    first, second = (listed_with_declaration(actors["applicant"], batch, published_on=datetime.date(2025, 5, 1))
                     for _i in range(2))
    real = dyn.unfiled_entries

    def racing(year):
        qs = real(year)

        class Raced(type(qs)):
            def _fetch_all(self):
                fetched = self._result_cache is None
                super()._fetch_all()
                if fetched and not OverdueFlag.objects.filter(entry=first).exists():  # the other run saves
                    OverdueFlag.objects.create(entry=first, year=year, deadline=datetime.date(2026, 4, 15),
                                               flagged_on=datetime.date(2026, 4, 16))
        qs.__class__ = Raced
        return qs

    monkeypatch.setattr(dyn, "unfiled_entries", racing)
    assert dyn.flag_overdue(today=datetime.date(2026, 4, 16)) == 1
    assert OverdueFlag.objects.count() == 2
    assert not HistoryEntry.objects.for_object(first).filter(action="dynamic_table_overdue").exists()
    assert HistoryEntry.objects.for_object(second).filter(action="dynamic_table_overdue").count() == 1
