"""Defects found in the review of issue 5 (ranking, expert review, publicity, publication): each
test fails without its fix."""

import pytest
from django.core.cache import cache

from greenlist.notifications import Notification
from reviews.models import Objection
from tests.reviews.test_publicity import (
    GOOD,
    _object_url,
    running,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "review5-tests"}}
    cache.clear()
    yield
    cache.clear()


def test_objection_sent_twice_is_filed_once(client, actors, running):  # noqa: F811
    """R-PUBLICITY: a double click on the public form files one objection and tells the ministry once."""
    publicity, decl, _other = running
    first = client.post(_object_url(publicity, decl), GOOD, follow=True).content.decode()
    second = client.post(_object_url(publicity, decl), GOOD, follow=True).content.decode()
    objection = Objection.objects.get()
    assert f"受理编号 {objection.pk}" in first and f"受理编号 {objection.pk}" in second
    assert Notification.objects.filter(recipient=actors["reviewer"]).count() == 1
    # Another objection (other grounds) against the same unit is a new one.
    client.post(_object_url(publicity, decl), {**GOOD, "grounds": GOOD["grounds"] + "另有新的事实。"})
    assert Objection.objects.count() == 2
