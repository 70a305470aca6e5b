"""The admin (issue 11): every model of the project has a screen; workflow models are read-only
there for everyone, the ministry admin included (they change only through their services, with
history); reference and policy data is editable and keeps its row history with the user who
changed it (django-simple-history)."""
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db.models import FileField
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from applications.details import ParkDetails, ProductDetails, ProductStandard, SupplyChainDetails
from applications.services import create_declaration
from evaluations.models import Indicator, IndicatorSet
from evaluations.reports import SelfEvaluationReport
from greenlist.admin import ReadOnlyAdmin
from greenlist.models import (
    Authority,
    Batch,
    BatchQuota,
    Industry,
    ListKind,
    Membership,
    Notification,
    Organisation,
    User,
)
from reviews.expert_review.models import ExpertProfile
from reviews.expert_review.services import assign_experts
from reviews.publication.models import ListEntry, Objection, PublicationExport
from reviews.recommendation.models import RankingPosition
from reviews.supervision.models import (
    DynamicTable,
    GradeScale,
    GreenGrade,
    OverdueFlag,
    Recheck,
    Removal,
    RemovalReason,
    SpotCheck,
    SpotCheckDraw,
)
from tests import factories

pytestmark = pytest.mark.django_db

PROJECT_PACKAGES = {"greenlist", "applications", "evaluations", "reviews"}
# Reference and policy data: edited in the admin. Everything else is a workflow model.
EDITABLE = {User, Authority, Industry, Organisation, Membership, Batch, BatchQuota, ProductStandard, IndicatorSet,
            Indicator, ExpertProfile, GradeScale}
# ... of which these keep their row history.
TRACKED = EDITABLE - {User, ProductStandard}


def project_models(*, historical=False):
    return [m for m in apps.get_models() if m.__module__.split(".")[0] in PROJECT_PACKAGES
            and issubclass(m, HistoricalChanges) == historical]


def test_every_model_has_an_admin_and_workflow_models_are_read_only():
    registry = admin.site._registry
    missing = [m._meta.label for m in project_models() if m not in registry]
    assert missing == []
    for model in project_models():
        model_admin = registry[model]
        assert isinstance(model_admin, ReadOnlyAdmin) == (model not in EDITABLE), model._meta.label
    # A historical model has no screen of its own: its model's admin shows it (the 历史 button).
    assert {m.instance_type for m in project_models(historical=True)} == TRACKED
    for model in TRACKED:
        assert isinstance(registry[model], SimpleHistoryAdmin), model._meta.label


def test_ministry_admin_may_not_add_change_or_delete_workflow_rows(actors, rf, client, admin_user):
    ministry_admin = staff(actors["admin"])
    for user in (ministry_admin, admin_user):  # refused even to a superuser
        request = rf.get("/admin/")
        request.user = user
        for model in project_models():
            if model in EDITABLE:
                continue
            model_admin = admin.site._registry[model]
            assert not model_admin.has_add_permission(request), model._meta.label
            assert not model_admin.has_change_permission(request), model._meta.label
            assert not model_admin.has_delete_permission(request), model._meta.label
    # ... while the reference and policy data is theirs to keep.
    request = rf.get("/admin/")
    request.user = User.objects.get(pk=ministry_admin.pk)  # fresh permission cache
    for model in EDITABLE:
        assert admin.site._registry[model].has_change_permission(request), model._meta.label

    client.force_login(ministry_admin)
    for name in ("evaluations_engagement_add", "evaluations_evaluation_add", "applications_declaration_add"):
        assert client.get(reverse(f"admin:{name}")).status_code == 403


def fill_every_table(walk, batch, actors):
    """At least one row in each table: the declaration through the real services up to its
    publicity, the rest of the pipeline's rows written directly (only their display is tested)."""
    other = walk(batch, until="recommended")  # first: the authority's submission locks its recommendations
    decl = walk(batch, until="in_publicity")
    publicity = decl.publicities.get()
    RankingPosition.objects.create(declaration=other, position=1)
    assign_experts(actor=actors["reviewer"], declaration=other, experts=[actors["expert"]])  # a grant to a user
    for kind, details in [(ListKind.PRODUCT, ProductDetails), (ListKind.PARK, ParkDetails),
                          (ListKind.SUPPLY_CHAIN, SupplyChainDetails)]:
        draft = create_declaration(actor=actors["applicant"], batch=batch,
                                   **factories.declaration_values(kind=kind))
        details.objects.create(declaration=draft, **factories.details_values(draft))
    Objection.objects.create(publicity=publicity, declaration=decl, name="张三", contact="13800000000", grounds="不实")
    entry = ListEntry.objects.create(batch=batch, kind=decl.kind, unit_name=decl.unit_name, authority=decl.authority,
                                     published_on=timezone.localdate())
    PublicationExport.objects.create(batch=batch, format=PublicationExport.Format.XLSX, requested_by=actors["reviewer"])
    SelfEvaluationReport.objects.create(declaration=decl, version=decl.version, requested_by=actors["applicant"])
    table = DynamicTable.objects.create(entry=entry, year=2025, status=DynamicTable.Status.FILED, score=Decimal("80"),
                                        deadline=datetime.date(2026, 4, 15))
    OverdueFlag.objects.create(entry=entry, year=2024, deadline=datetime.date(2025, 4, 15),
                               flagged_on=datetime.date(2025, 4, 16))
    GreenGrade.objects.create(entry=entry, year=2025, table=table, grade="A", score=Decimal("80"), rank=1,
                              graded_count=1)
    Recheck.objects.create(entry=entry, cycle=1, due_on=timezone.localdate())
    draw = SpotCheckDraw.objects.create(seed=7, size=1, eligible_count=1, drawn_by=actors["reviewer"],
                                        drawn_on=timezone.localdate())
    SpotCheck.objects.create(draw=draw, entry=entry)
    Removal.objects.create(entry=entry, reason=RemovalReason.MAJOR_ACCIDENT, removed_on=timezone.localdate(),
                           decided_by=actors["reviewer"])
    Notification.objects.create(recipient=actors["applicant"], key="admin-test", subject="测试通知")
    ProductStandard.objects.create(code="T/TEST 1-2024", name="测试产品评价规范")


def test_every_changelist_renders_with_its_rows(admin_client, walk, batch, actors):
    fill_every_table(walk, batch, actors)
    empty = []
    for model in admin.site._registry:
        opts = model._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        assert str(opts.verbose_name_plural) in response.content.decode(), opts.label
        if model.__module__.split(".")[0] in PROJECT_PACKAGES and not response.context["cl"].result_count:
            empty.append(opts.label)
    assert empty == []


def test_a_workflow_row_shows_without_a_link_to_its_private_file(admin_client, walk, batch):
    decl = walk(batch, until="evaluated")
    attachment = decl.attachments.first()
    evaluation = decl.engagements.get().evaluations.get()
    for obj in (attachment, evaluation):
        opts = obj._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="_save"' not in html  # shown, never saved
        stored = [getattr(obj, f.name).name for f in opts.fields if isinstance(f, FileField) and getattr(obj, f.name)]
        assert stored and not any(name in html for name in stored), opts.label


def form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered: the object's form and each
    inline's management form and forms, so a test changes only what it means to."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field, forms.BooleanField):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def staff(user):
    user.is_staff = True
    user.save()
    return user


def test_editing_a_batch_quota_in_the_admin_keeps_its_row_history(client, actors, batch):
    ministry_admin = staff(actors["admin"])
    client.force_login(ministry_admin)
    quota = batch.quotas.get(kind=ListKind.FACTORY, authority=None)
    url = reverse("admin:greenlist_batch_change", args=[batch.pk])
    data = form_data(client.get(url))
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == str(quota.pk))[:-len("-id")]
    old_limit = quota.limit
    data[f"{prefix}-limit"] = str(old_limit + 3)

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest, previous = quota.history.all()[:2]  # newest first
    assert (latest.history_type, latest.history_user, latest.limit) == ("~", ministry_admin, old_limit + 3)
    assert previous.limit == old_limit  # the row as the batch's creation wrote it
    assert [(c.field, c.old, c.new) for c in latest.diff_against(previous).changes] == [
        ("limit", old_limit, old_limit + 3)]
    # The admin shows it on the quota's history page.
    page = client.get(reverse("admin:greenlist_batchquota_history", args=[quota.pk])).content.decode()
    assert ministry_admin.username in page or ministry_admin.full_name in page


def test_editing_a_grade_scale_in_the_admin_keeps_its_row_history(client, actors):
    ministry_admin = staff(actors["admin"])
    client.force_login(ministry_admin)
    scale = GradeScale.objects.get(from_year=2016)  # the policy's row, loaded by the migration
    url = reverse("admin:supervision_gradescale_change", args=[scale.pk])
    data = form_data(client.get(url))
    data.update(a_plus_percent="6.0", notice="测试通知 2026 年第 1 号")

    response = client.post(url, data)

    assert response.status_code == 302
    latest, baseline = scale.history.all()[:2]  # newest first
    assert (latest.history_type, latest.history_user) == ("~", ministry_admin)
    # The migration recorded the row as it was when the history began (no user: no request).
    assert (baseline.history_type, baseline.history_user, baseline.a_plus_percent) == ("+", None, Decimal("5.0"))
    assert {(c.field, c.old, c.new) for c in latest.diff_against(baseline).changes} == {
        ("a_plus_percent", Decimal("5.0"), Decimal("6.0")), ("notice", baseline.notice, "测试通知 2026 年第 1 号")}


def test_change_and_history_pages_of_the_reference_data_render(admin_client, actors, batch):
    for model in TRACKED:
        opts = model._meta
        obj = model.objects.order_by("pk").first()
        for view in ("change", "history"):
            response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]))
            assert response.status_code == 200, (opts.label, view)
