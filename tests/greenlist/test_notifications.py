"""Notifications: one per recipient and occasion, mailed once after commit."""
import pytest
from django.core import mail

from greenlist.models import Notification
from greenlist.notifications import mail_notification, notify


@pytest.mark.django_db
def test_notify_twice_creates_and_mails_once(actors, eager_celery, django_capture_on_commit_callbacks):
    users = [actors["applicant"], actors["province"]]
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=users, key="test:1", subject="动态管理表将于7日后截止", url="/dashboard/")
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(recipients=users, key="test:1", subject="动态管理表将于7日后截止", url="/dashboard/")

    assert len(first) == 2 and second == []
    assert Notification.objects.filter(key="test:1").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert "/dashboard/" in mail.outbox[0].body
    assert all(n.mailed_at for n in Notification.objects.filter(key="test:1"))


@pytest.mark.django_db
def test_mail_is_not_sent_again_for_a_mailed_notification(actors):
    n = notify(recipients=[actors["expert"]], key="test:2", subject="请评审")[0]
    assert mail_notification(n.pk) == actors["expert"].email
    assert mail_notification(n.pk) == ""
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_inactive_users_are_not_notified(actors):
    user = actors["other_applicant"]
    user.is_active = False
    user.save()
    assert notify(recipients=[user], key="test:3", subject="x") == []
    assert not Notification.objects.filter(recipient=user).exists()
