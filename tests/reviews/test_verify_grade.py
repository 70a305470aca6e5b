"""The public verification page shows the unit's green-code grade (R-GREENCODE), and a removed
unit (R-REMOVE) neither keeps a grade there nor takes part in the next grading."""
from decimal import Decimal

import pytest

from reviews.supervision.models import GreenGrade, RemovalReason
from reviews.supervision.services.greencode import compute_grades
from reviews.supervision.services.removal import remove_entry

from .test_greencode import YEAR, units

pytestmark = pytest.mark.django_db


def test_verify_page_shows_the_latest_grade(client, batch):
    """R-GREENCODE: the verification page shows the grade and its year."""
    entries = units(batch, [50 + i * Decimal("0.5") for i in range(20)])
    compute_grades(year=YEAR)
    best, worst = entries[-1], entries[0]

    page = client.get(f"/verify/{best.public_code}/").content.decode()
    assert "A+" in page and f"{YEAR} 年度" in page
    page = client.get(f"/verify/{worst.public_code}/").content.decode()
    assert 'id="verify-grade"><span class="badge text-bg-success fs-6">B</span>' in page


def test_a_removed_unit_shows_no_grade_and_is_not_graded_again(client, batch, actors):
    """R-REMOVE + R-GREENCODE: removal ends the grade on the public page and in the next grading."""
    entries = units(batch, [50 + i * Decimal("0.5") for i in range(20)])
    compute_grades(year=YEAR)
    best = entries[-1]
    remove_entry(actor=actors["reviewer"], entry=best, reason=RemovalReason.values[0], note="抽查发现问题")

    page = client.get(f"/verify/{best.public_code}/").content.decode()
    assert "暂无等级" in page and "A+" not in page

    compute_grades(year=YEAR)
    assert not GreenGrade.objects.filter(entry=best).exists()
    assert GreenGrade.objects.filter(year=YEAR).count() == 19
