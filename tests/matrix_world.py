"""Support of tests/test_permission_matrix.py: every URL pattern of the project, whether its view
takes a POST, the one world of real objects the matrix fills the URLs from, the classification of
a response, and a fingerprint of the workflow tables (a refused POST must change nothing)."""
from __future__ import annotations

import datetime
import inspect
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlparse

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import factories
from tests.conftest import PDF_BYTES

# --- the URL patterns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # qualified: "publicity:detail"
    route: str  # "publicity/<int:pk>/"
    params: tuple[str, ...]  # path parameters, in the order of the route
    callback: object
    default_kwargs: dict

    @property
    def takes_post(self) -> bool:
        return view_takes_post(self.callback)


def url_patterns(resolver=None, prefix: str = "", namespaces: tuple = (), params: tuple = ()) -> list[Pattern]:
    """Every pattern under the resolver, includes and namespaces followed (an unnamed pattern is
    named "?" so the table test can name its route)."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = params + _param_names(entry.pattern)
        if isinstance(entry, URLResolver):
            found += url_patterns(entry, route, namespaces + ((entry.namespace,) if entry.namespace else ()), names)
        elif isinstance(entry, URLPattern):
            found.append(Pattern(":".join(namespaces + (entry.name or "?",)), route, names, entry.callback,
                                 dict(entry.default_args)))
    return found


def _param_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def view_takes_post(view) -> bool:
    """A class-based view with a post() it allows; a function view behind require_http_methods
    (require_POST, require_GET …) as the decorator lists; otherwise a function view that reads
    request.method or request.POST, or binds its forms with greenlist.forms.bound_data."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    layer = view
    while layer is not None:
        code = getattr(layer, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            return "POST" in layer.__closure__[code.co_freevars.index("request_method_list")].cell_contents
        layer = getattr(layer, "__wrapped__", None)
    source = inspect.getsource(inspect.unwrap(view))
    return any(sign in source for sign in ("request.method", "request.POST", "bound_data(request"))


# --- responses ----------------------------------------------------------------------------------

OK, LOGIN, FORBIDDEN, HIDDEN, METHOD = "ok", "login", "forbidden", "hidden", "method"
REFUSALS = {LOGIN, FORBIDDEN, HIDDEN, METHOD}


def outcome(response) -> str:
    """ok: 2xx, a 400 (a form or filter with errors: the view let the user in and judged the data)
    or a redirect elsewhere than the login page; login: a redirect to it; forbidden: 403;
    hidden: 404; method: 405; anything else is named by its status code."""
    code = response.status_code
    if 300 <= code < 400:
        return LOGIN if urlparse(response["Location"]).path == reverse("login") else OK
    if 200 <= code < 300 or code == 400:
        return OK
    return {403: FORBIDDEN, 404: HIDDEN, 405: METHOD}.get(code, f"status {code}")


def fingerprint() -> dict:
    """Row counts of the history and of the workflow tables, with the states that move; equal
    before and after a refused POST."""
    from applications.attachments import Attachment
    from applications.models import Declaration
    from applications.negative_list import NegativeListAnswer
    from evaluations.agencies import AgencyProfile
    from evaluations.models import Engagement, Evaluation
    from evaluations.reports import SelfEvaluationReport
    from greenlist.models import HistoryEntry, Notification
    from reviews.expert_review.models import ExpertAssignment
    from reviews.publication.models import ListEntry, Objection, PublicationExport, Publicity
    from reviews.recommendation.models import AuthorityRecommendation, Recommendation
    from reviews.supervision.models import (
        DynamicTable,
        GreenGrade,
        Recheck,
        Removal,
        SpotCheck,
        SpotCheckDraw,
    )

    counted = (HistoryEntry, Declaration, Engagement, Evaluation, SelfEvaluationReport, Attachment,
               NegativeListAnswer, AgencyProfile, Recommendation, AuthorityRecommendation, ExpertAssignment,
               Publicity, Objection, ListEntry, PublicationExport, Removal, DynamicTable, GreenGrade, Recheck,
               SpotCheckDraw, SpotCheck, Notification)
    state = {model.__name__: model.objects.count() for model in counted}
    state["declaration states"] = list(Declaration.objects.order_by("pk").values_list("pk", "status"))
    state["engagement states"] = list(Engagement.objects.order_by("pk").values_list("pk", "status"))
    state["submitted recommendations"] = AuthorityRecommendation.objects.filter(submitted_at__isnull=False).count()
    state["unread notifications"] = Notification.objects.filter(read_at__isnull=True).count()
    return state


# --- the world ----------------------------------------------------------------------------------

def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def build_world(actors: dict, walk, capture) -> dict:
    """One world, made through the services: three batches of declarations owned by the
    applicant's organisation in 浙江 (the engaged agency is actors["agency"]), plus the other
    organisations' own work, so that every "other" role is a real user with data of its own.

    Returns {key: value} for the parameter tables of the matrix. `capture` is pytest-django's
    django_capture_on_commit_callbacks: the generated files (evaluation summary, self-evaluation
    report, the published list's files) are built by on-commit tasks, run eagerly here."""
    from applications.attachments import Attachment
    from evaluations import registry, reports
    from evaluations import services as evaluations
    from evaluations.models import Engagement, Evaluation
    from greenlist.models import Authority
    from greenlist.notifications import notify
    from reviews.expert_review import services as expert_services
    from reviews.publication import services as publication_services
    from reviews.supervision.policy import KEY_INDICATORS
    from reviews.supervision.services import dynamic as dynamic_services
    from reviews.supervision.services.rechecks import schedule_rechecks
    from reviews.supervision.services.spotchecks import draw_spot_checks

    applicant, agency, reviewer = actors["applicant"], actors["agency"], actors["reviewer"]
    today = timezone.localdate()

    # The engaged agency's registration, with its evidence, approved again by the ministry.
    profile = registry.register_agency(
        actor=agency, organisation=agency.organisation, evidence=_pdf("机构证明材料.pdf"),
        **{f: factories.APPROVED_PROFILE[f] for f in registry.PROFILE_FIELDS})
    registry.decide_agency(actor=actors["admin"], profile=profile, approve=True)

    # Batch "open": the workflow up to the province's recommendation (not submitted to the ministry).
    open_batch = factories.batch("2020-batch5")
    draft = walk(open_batch, until="draft", accept=False, unit_name="矩阵草稿工厂")  # agency not answered yet
    submitted = walk(open_batch, until="submitted", unit_name="矩阵已提交工厂")
    evaluations.save_evaluation(  # the agency's unsigned draft, with its report attached
        actor=agency, engagement=submitted.engagements.get(status="accepted"), submit=False,
        score=Decimal("80.0"), conclusion=Evaluation.Conclusion.MEETS, on_site_date=today, recommendations="",
        report=ContentFile(PDF_BYTES, name="draft.pdf"))
    evaluated = walk(open_batch, until="evaluated", unit_name="矩阵已评价工厂")
    recommended = _recommended_with_evidence(walk, actors, open_batch, capture)
    # 江苏's own recommendation, of the other applicant with the other agency.
    walk(open_batch, until="recommended", applicant=actors["other_applicant"], agency=actors["other_agency"],
         authority=Authority.objects.get(code="32"), city="南京市", unit_name="矩阵江苏工厂")
    returned = _returned_and_revised(walk, actors, open_batch, capture)
    assignment = expert_services.assign_experts(actor=reviewer, declaration=recommended,
                                                experts=[actors["expert"]])[0]
    with capture(execute=True):
        report = reports.request_report(actor=applicant, declaration=recommended)
    report.refresh_from_db()
    assert report.status == report.Status.DONE

    # Batch "publicity": a publicity running today, with an objection that carries evidence.
    publicity_batch = factories.batch("2020-batch5")
    in_publicity = walk(publicity_batch, until="shortlisted", unit_name="矩阵公示工厂")
    publicity = publication_services.start_publicity(actor=reviewer, batch=publicity_batch)
    objection = publication_services.file_objection(
        publicity=publicity, declaration=in_publicity, name="李明", contact="13800138000",
        grounds="该企业近三年发生过较大环境污染事故。", evidence=_pdf("异议证明.pdf"))

    # Batch "published": on the list, with its files, a filed dynamic-management table, a recheck
    # (the beat job run three years on) and a spot check.
    published_batch = factories.batch("2020-batch5")
    walk(published_batch, until="in_publicity", unit_name="矩阵在册工厂")  # its publicity ended yesterday
    with capture(execute=True):
        (entry,) = publication_services.publish(actor=reviewer, batch=published_batch)
    table = dynamic_services.save_table(actor=applicant, entry=entry, year=today.year, file=True, data={
        "score": Decimal("86.5"),
        "negative": {i.code: {"answer": "no", "explanation": ""} for i in dynamic_services.negative_items(today.year)},
        "indicators": {i.code: Decimal("12.5") for i in KEY_INDICATORS[entry.kind]},
    })
    (recheck,) = schedule_rechecks(today=today + datetime.timedelta(days=3 * 366))
    draw = draw_spot_checks(actor=reviewer, size=1, seed=7)
    (notification,) = notify(recipients=[applicant], key="matrix", subject="矩阵测试通知",
                             url=recommended.get_absolute_url())

    evaluation = Evaluation.objects.get(engagement__declaration=recommended, submitted_at__isnull=False)
    assert evaluation.summary and evaluation.report
    return {
        "batch.open": open_batch.pk, "batch.publicity": publicity_batch.pk, "batch.published": published_batch.pk,
        "decl.draft": draft.pk, "decl.submitted": submitted.pk, "decl.evaluated": evaluated.pk,
        "decl.recommended": recommended.pk, "decl.returned": returned.pk, "decl.in_publicity": in_publicity.pk,
        "attachment.of_draft": Attachment.objects.filter(declaration=draft).first().pk,
        "attachment.of_recommended": Attachment.objects.filter(declaration=recommended).first().pk,
        "attachment.of_revision": Attachment.objects.filter(declaration=returned, submitted_in_version=None).get().pk,
        "evidence.of_recommended": recommended.negative_list_answers.exclude(evidence="").get().pk,
        "evidence.of_revision": returned.negative_list_answers.exclude(evidence="").get().pk,
        "report.of_recommended": report.pk,
        "report.of_revision": returned.self_evaluation_reports.get().pk,
        "engagement.proposed": Engagement.objects.get(declaration=draft, status="proposed").pk,
        "evaluation.of_recommended": evaluation.pk,
        "evaluation.draft": Evaluation.objects.get(engagement__declaration=submitted, submitted_at=None).pk,
        "agency": agency.organisation.pk, "agency.profile": profile.pk,
        "assignment": assignment.pk,
        "publicity.running": publicity.pk, "objection": objection.pk,
        "entry": entry.pk, "entry.code": entry.public_code, "year": today.year, "table": table.pk,
        "recheck": recheck.pk, "draw": draw.pk, "spot_check": draw.checks.get().pk,
        "notification": notification.pk,
    }


def _returned_and_revised(walk, actors, batch, capture):
    """Evaluated, returned by 浙江 for revision (R-FLOW-2), and being revised: the applicant added
    evidence to a negative-list answer, uploaded an attachment and had a report made of the draft."""
    from applications import negative_list, workflow
    from applications.attachments import purposes_for, upload_attachment
    from evaluations import reports

    applicant = actors["applicant"]
    decl = walk(batch, until="evaluated", unit_name="矩阵退回修改工厂")
    workflow.perform(decl, "return", actor=actors["province"], note="请补充近三年的证明材料")
    negative_list.declare_negative_list(actor=applicant, declaration=decl, answers={
        negative_list.items_for(batch)[0].code: {"answer": "no", "evidence": _pdf("补充证明.pdf")}})
    upload_attachment(actor=applicant, declaration=decl, purpose=purposes_for(decl.kind)[-1][0],
                      upload=_pdf("补充材料.pdf"))
    with capture(execute=True):
        reports.request_report(actor=applicant, declaration=decl)
    decl.refresh_from_db()
    assert decl.status == "returned" and decl.self_evaluation_reports.get().status == "done"
    return decl


def _recommended_with_evidence(walk, actors, batch, capture):
    """The declaration most roles have a part in: recommended by 浙江, evaluated by the engaged
    agency (report and generated summary), with an evidence file on one negative-list answer. As
    conftest.walk(until="recommended"), with the evidence added before submission."""
    from applications import negative_list
    from applications import services as applications
    from evaluations import services as evaluations
    from evaluations.models import Evaluation
    from greenlist.portal.demo import fill_self_evaluation
    from reviews.recommendation import services as recommendation_services

    applicant, agency = actors["applicant"], actors["agency"]
    decl = walk(batch, until="draft", unit_name="矩阵已推荐工厂")
    first_item = negative_list.items_for(batch)[0].code
    negative_list.declare_negative_list(actor=applicant, declaration=decl, answers={
        first_item: {"answer": "no", "evidence": _pdf("无事故证明.pdf")}})
    applications.submit_declaration(actor=applicant, declaration=decl)
    fill_self_evaluation(agency, decl, quality=Decimal("0.8"), third_party=True)
    with capture(execute=True):  # the evaluation summary is generated on commit
        evaluations.save_evaluation(
            actor=agency, engagement=decl.engagements.get(status="accepted"), submit=True,
            score=Decimal("82.0"), conclusion=Evaluation.Conclusion.MEETS, on_site_date=timezone.localdate(),
            recommendations="", report=ContentFile(PDF_BYTES, name="r.pdf"))
    recommendation_services.recommend(actor=actors["province"], declaration=decl)
    decl.refresh_from_db()
    assert decl.status == "recommended"
    return decl
