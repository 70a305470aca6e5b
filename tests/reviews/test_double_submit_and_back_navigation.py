"""Double submissions and the way back from a confirmation page: an objection sent twice is filed
once; an expert or the ministry coming back from the confirmation finds what it typed."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from greenlist.notifications import Notification
from reviews.publication.models import Objection
from tests.reviews.test_publicity import (
    GOOD,
    _object_url,
    running,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "double-submit-tests"}}
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


def _edit_button(html: str) -> str:
    """The 返回修改 control of a confirmation step: a button that posts the typed values back."""
    import re

    match = re.search(r'<(button|a)\b[^>]*>返回修改<', html)
    assert match, "no 返回修改 control on the confirmation"
    return match.group(0)


def test_expert_back_from_the_confirmation_keeps_what_was_typed(client, actors, walk, batch):
    """R-REVIEW-1: 返回修改 on the confirmation goes back to the form with the score and comment typed,
    and records nothing."""
    from reviews.expert_review.models import ExpertAssignment
    from tests.reviews.test_experts import assign

    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    client.force_login(actors["expert"])
    url = reverse("reviews:expert_review", args=[assignment.pk])
    data = {"score": "77.5", "opinion": "not_recommend", "comment": "能耗数据缺少计量依据，建议补充后再议。"}
    step = client.post(url, data).content.decode()
    button = _edit_button(step)
    assert button.startswith("<button") and 'name="edit"' in button
    # The browser sends the form's hidden fields (confirm=1 among them) with the button's edit=1.
    back = client.post(url, {**data, "confirm": "1", "edit": "1"})
    html = back.content.decode()
    assert back.status_code == 200 and 'id="confirm-review"' not in html
    assert 'value="77.5"' in html and data["comment"] in html
    row = ExpertAssignment.objects.get(pk=assignment.pk)
    assert row.submitted_at is None and row.score is None


def test_ministry_back_from_the_decision_confirmation_keeps_the_reason(client, actors, walk, batch):
    """R-REVIEW-1: 返回修改 on the decision's confirmation keeps the reason typed and decides nothing."""
    from applications.models import Declaration
    from tests.conftest import submit_recommendation

    decl = walk(batch, until="recommended")
    submit_recommendation(actors["province"], batch, decl.authority)
    client.force_login(actors["reviewer"])
    url = reverse("reviews:decide", args=[decl.pk])
    data = {"decision": "decline", "reason": "现场核查发现能耗数据与申报不符"}
    step = client.post(url, data).content.decode()
    button = _edit_button(step)
    assert button.startswith("<button") and 'name="edit"' in button
    back = client.post(url, {**data, "confirm": "1", "edit": "1"})
    html = back.content.decode()
    assert back.status_code == 200 and 'id="confirm-decision"' not in html and data["reason"] in html
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"
