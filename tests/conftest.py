"""Shared fixtures: one actor per role, batches from the policy presets, and `walk`, which takes
a declaration along the workflow through the real services (never by assigning status)."""
import datetime
import os
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from greenlist.models import Authority, Organisation, Role
from greenlist.portal.demo import fill_self_evaluation
from greenlist.services import organisation_for_authority
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright's sync API

# Debian's Chromium; `playwright install` cannot download a browser on these machines.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


# `make test` (scripts/run-tests.sh) runs the suite as two pytest runs: `--part=parallel`, under
# pytest-xdist, and `--part=serial`, in one process, for the tests that cannot be spread over
# xdist's processes: `worker` (the Celery worker that .ci/run starts reads test_greenlist_ci, while
# xdist gives each of its processes a test database of its own, test_greenlist_ci_gw0, …), `e2e`
# (a browser and a live server each), and every test that commits (transaction=True): it ends with
# a flush that empties every table, the migrations' reference data included, which is why
# pytest-django runs such tests after all others; xdist runs a file's tests together, so a flush
# would leave the next files of that process without the reference data.
# Without --part (plain `pytest`), everything runs, as before.
SERIAL_MARKERS = ("e2e", "worker")


def _serial(item) -> bool:
    if any(item.get_closest_marker(name) for name in SERIAL_MARKERS):
        return True
    db = item.get_closest_marker("django_db")
    commits = db is not None and bool(db.kwargs.get("transaction", db.args[0] if db.args else False))
    return commits or "transactional_db" in getattr(item, "fixturenames", ())


def pytest_addoption(parser):
    parser.addoption("--part", choices=("all", "parallel", "serial"), default="all",
                     help="parallel: all but the e2e, worker and transaction=True tests; serial: only those")


def pytest_collection_modifyitems(config, items):
    part = config.getoption("--part")
    if part == "all":
        return
    keep, drop = [], []
    for item in items:
        (keep if _serial(item) == (part == "serial") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def reference_data(db):
    """The migration's reference rows. A transactional test (browser, worker, row locks) ends
    with a flush that empties every table; the flush re-runs post_migrate (roles, permissions)
    but not data migrations, so the next such test loads the reference rows again here."""
    from evaluations.indicator_data import load_indicator_sets
    from evaluations.models import Indicator, IndicatorSet
    from greenlist.models import Industry
    from greenlist.reference_data import load_reference_data

    if not Authority.objects.exists():
        load_reference_data(Authority, Industry)
    if not IndicatorSet.objects.exists():
        load_indicator_sets(IndicatorSet, Indicator)


@pytest.fixture
def batch(reference_data):
    return factories.batch("2020-batch5")


@pytest.fixture
def actors(reference_data):
    """One user per role, plus the 'other' organisations every refusal test needs."""
    jiangsu = Authority.objects.get(code="32")
    actors = {
        "applicant": factories.member(Role.APPLICANT),
        "other_applicant": factories.member(Role.APPLICANT),
        "agency": factories.member(Role.AGENCY_STAFF),
        "other_agency": factories.member(Role.AGENCY_STAFF),
        "province": factories.member(Role.PROVINCIAL_OFFICIAL),
        "other_province": factories.member(Role.PROVINCIAL_OFFICIAL, organisation_for_authority(jiangsu)),
        "reviewer": factories.member(Role.MINISTRY_REVIEWER),
        "expert": factories.member(Role.EXPERT),
        "admin": factories.member(Role.MINISTRY_ADMIN),
    }
    factories.expert_profile(actors["expert"])  # from 北京, so no conflict with the 浙江 declarations
    return actors


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

HAPPY_PATH = ["draft", "submitted", "evaluated", "recommended", "shortlisted", "in_publicity"]


@pytest.fixture
def walk(actors):
    """walk(batch, until='evaluated', **declaration fields) -> Declaration in that state; its
    agency has accepted the engagement (accept=False leaves a draft's engagement proposed)."""
    from applications import negative_list, workflow
    from applications import services as applications
    from applications.attachments import attach_required_documents
    from applications.details import save_details
    from evaluations import services as evaluations
    from evaluations.engagements import accept_engagement
    from evaluations.models import Evaluation
    from reviews.publication import services as publication_services
    from reviews.recommendation import services as recommendation_services

    def _walk(batch, until="draft", applicant=None, agency=None, accept=True, **fields):
        applicant = applicant or actors["applicant"]
        agency_user = agency or actors["agency"]
        decl = applications.create_declaration(actor=applicant, batch=batch, **factories.declaration_values(**fields))
        if decl.uses_third_party:  # proposed by the applicant, accepted by the agency (R-AGENCY-2)
            engagement = evaluations.engage_agency(actor=applicant, declaration=decl, agency=agency_user.organisation)
            if accept:  # accept=False: a complete draft whose agency has not answered yet
                accept_engagement(actor=agency_user, engagement=engagement,
                                  not_in_self_evaluation=True, no_consulting=True)
        save_details(actor=applicant, declaration=decl, **factories.details_values(decl))
        fill_self_evaluation(applicant, decl)
        negative_list.declare_negative_list(actor=applicant, declaration=decl, answers=negative_list.all_no(batch))
        attach_required_documents(applicant, decl, PDF_BYTES)
        steps = HAPPY_PATH.index(until)
        if steps >= 1:
            applications.submit_declaration(actor=applicant, declaration=decl)
        if steps >= 2 and decl.uses_third_party:
            fill_self_evaluation(agency_user, decl, quality=Decimal("0.8"), third_party=True)
            evaluations.save_evaluation(
                actor=agency_user, engagement=decl.engagements.get(status="accepted"), submit=True,
                score=Decimal("82.0"), conclusion=Evaluation.Conclusion.MEETS,
                on_site_date=timezone.localdate(), recommendations="", report=ContentFile(PDF_BYTES, name="r.pdf"),
            )
        official = actors["other_province" if decl.authority.code == "32" else "province"]
        if steps >= 3:
            recommendation_services.recommend(actor=official, declaration=decl)
        if steps >= 4:  # the ministry reviews a submitted recommendation only (R-RANK)
            submit_recommendation(official, batch, decl.authority)
            workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
        if steps >= 5:
            publication_services.start_publicity(actor=actors["reviewer"], batch=batch,
                                    starts_on=timezone.localdate() - datetime.timedelta(days=batch.publicity_days))
        decl.refresh_from_db()
        assert decl.status == until
        return decl

    return _walk


def submit_recommendation(official, batch, authority):
    """The authority's recommendation for the batch, submitted once (R-RANK); after it the
    authority recommends nothing more in that batch."""
    from reviews.recommendation import services as ranking
    from reviews.recommendation.models import AuthorityRecommendation

    if not AuthorityRecommendation.objects.filter(batch=batch, authority=authority, submitted_at__isnull=False).exists():
        ranking.submit(actor=official, batch=batch, authority=authority)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Each test's documents go to its own folder; a fast hasher (PBKDF2 is slow by design)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency_org(actors) -> Organisation:
    return actors["agency"].organisation


@pytest.fixture
def eager_celery():
    """Run tasks in-process for tests about what a task does, even when CI configured a broker.
    (The real worker path has its own test: tests/greenlist/test_real_worker.py.)"""
    from greenlist.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def steady_queries(client, django_assert_num_queries):
    """get(url, n): the page's queries in steady state. A first, unmeasured request warms the
    process-wide caches (content types, guardian's permission lookups) that production keeps
    warm, so the count cannot depend on which test ran before."""

    def get(url, n, **params):
        client.get(url, params)
        with django_assert_num_queries(n):
            response = client.get(url, params)
        assert response.status_code == 200, url
        return response.content.decode()

    return get
