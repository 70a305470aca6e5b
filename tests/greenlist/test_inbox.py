"""The in-app inbox: the signed-in user's notifications, unread filter, mark read, the badge."""
import re

import pytest
from django.urls import reverse

from greenlist.models import Notification
from greenlist.notifications import notify

pytestmark = pytest.mark.django_db


def badge(html):
    match = re.search(r'id="unread-badge">(\d+)', html)
    return int(match.group(1)) if match else 0


def test_inbox_lists_own_notifications_with_unread_filter_and_badge(client, actors):
    me, other = actors["province"], actors["applicant"]
    notify(recipients=[me], key="t:1", subject="第一条通知", url="/reviews/rechecks/")
    notify(recipients=[me], key="t:2", subject="第二条通知")
    notify(recipients=[other], key="t:1", subject="别人的通知")
    Notification.objects.filter(recipient=me, key="t:2").update(read_at="2026-01-01T00:00:00Z")
    client.force_login(me)

    html = client.get(reverse("notifications:list")).content.decode()
    assert "第一条通知" in html and "第二条通知" in html and "别人的通知" not in html
    assert badge(html) == 1
    html = client.get(reverse("notifications:list"), {"unread": "1"}).content.decode()
    assert "第一条通知" in html and "第二条通知" not in html
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="dashboard-unread"' in html and "您有 1 条未读通知" in html and badge(html) == 1


def test_mark_read_opens_the_link_and_refuses_others_notifications(client, actors):
    me, other = actors["province"], actors["applicant"]
    mine = notify(recipients=[me], key="t:1", subject="待复核", url="/reviews/rechecks/")[0]
    theirs = notify(recipients=[other], key="t:1", subject="x")[0]
    client.force_login(me)

    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    response = client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/reviews/rechecks/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert badge(client.get(reverse("notifications:list")).content.decode()) == 0


def test_mark_all_read(client, actors):
    me = actors["province"]
    for i in range(3):
        notify(recipients=[me, actors["applicant"]], key=f"t:{i}", subject=f"通知{i}")
    client.force_login(me)
    html = client.post(reverse("notifications:read_all"), follow=True).content.decode()
    assert "已将 3 条通知标记为已读" in html and badge(html) == 0
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=actors["applicant"], read_at__isnull=True).count() == 3


def test_anonymous_has_no_inbox(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(reverse("notifications:read_all")).status_code == 302


def test_inbox_query_count_and_pagination(client, actors, steady_queries):
    """The inbox: the same number of queries at one and at many notifications; the badge
    costs no query of its own (it comes with the user)."""
    me = actors["expert"]
    client.force_login(me)
    notify(recipients=[me], key="t:0", subject="通知0")
    steady_queries(reverse("notifications:list"), 6)
    for i in range(1, 25):
        notify(recipients=[me], key=f"t:{i}", subject=f"通知{i}")
    html = steady_queries(reverse("notifications:list"), 6)
    assert html.count("data-notification=") == 20 and "第 1 / 2 页" in html and badge(html) == 25
    html = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert html.count("data-notification=") == 5
