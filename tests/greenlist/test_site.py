"""Site-wide pages: health, language, the public pages, the demo seed."""
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from greenlist.models import Batch
from greenlist.portal import demo
from reviews.publication.models import ListEntry


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    """Eager on the embedded default; on CI's second run, the real Redis broker answers."""
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    broker = "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert response.json() == {"status": "ok", "database": "ok", "broker": broker}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker(client, settings):
    """A broker that is down is reported as such (503), not as a crash."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


@pytest.mark.django_db
def test_portal_speaks_chinese_first_even_to_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "绿色制造名单" in html
    assert response.headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_public_pages_need_no_account(client):
    for url in ("/", "/lists/", "/accounts/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "名单查询" in client.get("/lists/").content.decode()


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_state(capsys):
    from applications.models import Declaration, DeclarationStatus

    call_command("seed_demo")
    counts = (Declaration.objects.count(), ListEntry.objects.count(), Batch.objects.count())
    call_command("seed_demo")
    assert (Declaration.objects.count(), ListEntry.objects.count(), Batch.objects.count()) == counts
    assert set(Declaration.objects.values_list("status", flat=True)) == set(DeclarationStatus.values)
    out = capsys.readouterr().out
    for username, _role, _name, _email in demo.DEMO_ACCOUNTS:
        assert re.search(rf"\b{username}\s+{demo.DEMO_PASSWORD}", out)


@pytest.mark.django_db
def test_readme_lists_exactly_the_demo_accounts(client):
    """The README's table and seed_demo agree, and each account can log in."""
    call_command("seed_demo")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| role | username | password |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \| (\w+) \| ([\w-]+) \|$", table, flags=re.M)
    listed = {(username, password) for _role, username, password in rows}
    assert listed == {(username, demo.DEMO_PASSWORD) for username, *_ in demo.DEMO_ACCOUNTS}
    for username, _password in listed:
        assert client.login(username=username, password=demo.DEMO_PASSWORD), username
        assert client.get("/dashboard/").status_code == 200
        client.logout()


@pytest.mark.django_db
def test_english_catalog_translates_the_interface(client):
    """English is the second language: the catalog is compiled and used."""
    client.cookies["django_language"] = "en"
    html = client.get("/lists/").content.decode()
    assert "Green Manufacturing List" in html
    assert "名单查询" not in html


@pytest.mark.django_db
def test_applicant_dashboard_shows_open_batches_with_deadlines(client, actors, batch):
    import datetime

    type(batch).objects.filter(pk=batch.pk).update(declaration_deadline=datetime.date(2027, 4, 15))
    client.force_login(actors["applicant"])
    html = client.get("/dashboard/").content.decode()
    assert 'id="open-batches"' in html and batch.name in html and "2027年4月15日" in html
    client.force_login(actors["agency"])
    assert 'id="open-batches"' not in client.get("/dashboard/").content.decode()


@pytest.mark.django_db
def test_public_pages_are_in_the_header_for_visitors_and_in_a_menu_for_users(client, actors):
    """Visitors see the public pages inline; signed-in users get them folded into one menu, so
    the ministry's own items fit on one line."""
    html = client.get("/").content.decode()
    for href in ("/lists/", "/publicity/", "/stats/", "/agencies/"):
        assert f'class="nav-link" href="{href}"' in html
    client.force_login(actors["reviewer"])
    html = client.get("/dashboard/").content.decode()
    assert 'id="public-menu"' in html
    for href in ("/lists/", "/publicity/", "/stats/", "/agencies/"):
        assert f'class="dropdown-item" href="{href}"' in html
    assert 'href="/reviews/ministry/publicity/"' in html and 'href="/reviews/province/"' not in html
