"""The permission matrix: every URL of the project, requested by every role, answers as the
EXPECTED table says — what the product should do, decided page by page (nobody adds a page without
deciding who sees it; a row for a page that no longer exists fails too).

One world of real objects is built once through the services (tests/matrix_world.py); each path
parameter is filled from it (PARAMS). Each URL is requested with GET, and with POST where its view
takes a POST, as each of ROLES; every request runs in a transaction that is rolled back, so none
leaks into the next. A refused POST must also leave the history and the workflow tables as they were,
and no page may show a role the name of a unit it has no part in (UNITS).

Coverage: 92 URL patterns × 11 roles = 1012 (URL, role) pairs; with a POST where the view takes
one (42 patterns), 1474 (URL, method, role) checks, and 88 more on rows that fill a URL with another
object (a returned declaration under revision, an unsigned evaluation report): 1562 requests.
"""
import copy
import logging
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.matrix_world import (
    FORBIDDEN,
    HIDDEN,
    LOGIN,
    METHOD,
    OK,
    REFUSALS,
    build_world,
    fingerprint,
    outcome,
    url_patterns,
)

# --- roles --------------------------------------------------------------------------------------

ROLES = (
    ANON,  # not signed in
    OWNER,  # applicant of the organisation that owns the declarations (浙江)
    OTHER_APPLICANT,  # applicant of another organisation (it has a 江苏 declaration of its own)
    AGENCY,  # the agency engaged by the owner
    OTHER_AGENCY,  # an agency not engaged by the owner (engaged by the other applicant)
    PROVINCE,  # provincial official of 浙江, the units' region
    OTHER_PROVINCE,  # provincial official of 江苏
    EXPERT,  # the expert assigned to the recommended declaration
    OTHER_EXPERT,  # an expert assigned to nothing
    REVIEWER,  # ministry reviewer
    ADMIN,  # ministry admin
) = ("anonymous", "applicant", "other_applicant", "agency", "other_agency", "province", "other_province",
     "expert", "other_expert", "reviewer", "admin")

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
APPLICANTS = {OWNER, OTHER_APPLICANT}
AGENCIES = {AGENCY, OTHER_AGENCY}
PROVINCES = {PROVINCE, OTHER_PROVINCE}
EXPERTS = {EXPERT, OTHER_EXPERT}
MINISTRY = {REVIEWER, ADMIN}
# Who sees the recommended declaration: its applicant, its agency, its region, its expert, the ministry.
RECOMMENDED_PARTIES = {OWNER, AGENCY, PROVINCE, EXPERT} | MINISTRY
# The evaluated declaration has no expert yet; nor has the one returned for revision.
EVALUATED_PARTIES = RETURNED_PARTIES = {OWNER, AGENCY, PROVINCE} | MINISTRY


# The unit names of the world's declarations, and who may see each on a page that is not public
# (a list, a dashboard, a notification …): a page that shows one to anybody else leaks it. The
# units in publicity and on the list are public: any public page may show them to anyone.
UNITS = {
    "矩阵草稿工厂": {OWNER, AGENCY},  # the draft; its proposed agency sees the proposal card
    "矩阵已提交工厂": {OWNER, AGENCY, PROVINCE} | MINISTRY,
    "矩阵已评价工厂": {OWNER, AGENCY, PROVINCE} | MINISTRY,
    "矩阵已推荐工厂": RECOMMENDED_PARTIES,
    "矩阵退回修改工厂": RETURNED_PARTIES,
    "矩阵江苏工厂": {OTHER_APPLICANT, OTHER_AGENCY, OTHER_PROVINCE} | MINISTRY,
    "矩阵公示工厂": {OWNER, AGENCY, PROVINCE} | MINISTRY,
    "矩阵在册工厂": {OWNER, AGENCY, PROVINCE} | MINISTRY,
}
PUBLIC_UNITS = {"矩阵公示工厂", "矩阵在册工厂"}


def sees(ok=(), *, others=FORBIDDEN, anonymous=LOGIN, **named) -> dict:
    """The outcome per role: "ok" for the roles in `ok`, `others` for the signed-in rest,
    `anonymous` for ANON; named=roles sets another outcome for some (hidden={OTHER_AGENCY})."""
    result = dict.fromkeys(SIGNED_IN, others) | {ANON: anonymous}
    explicit = [(OK, set(ok))] + [(name, set(roles)) for name, roles in named.items()]
    seen = set()
    for result_name, roles in explicit:
        assert not roles & seen, f"roles named twice: {roles & seen}"
        seen |= roles
        result.update(dict.fromkeys(roles, result_name))
    return result


PUBLIC = sees(EVERYONE, anonymous=OK)
ANY_SIGNED_IN = sees(SIGNED_IN)


def get(spec):
    """A page read with GET only (its view takes no POST)."""
    return {"GET": spec}


def form(spec, post=None):
    """A page with a form: GET shows it, POST submits it (with the same outcome unless `post`)."""
    return {"GET": spec, "POST": post or spec}


def post_only(spec):
    """An action: a GET is refused as a method not allowed (after the login)."""
    return {"GET": sees(others=METHOD), "POST": spec}


# --- the table: what each role should get -------------------------------------------------------
# The declarations are the owner's, in 浙江 (see tests/matrix_world.py); PARAMS says which object
# fills each URL. "forbidden" (403) refuses a role the page is not for; "hidden" (404) is what a
# user gets for another's object, so that its existence is not revealed. A row "name@variant"
# requests the same URL once more, filled with another object (its own PARAMS row).

EXPECTED = {
    # site
    "home": get(PUBLIC),
    "healthz": get(PUBLIC),
    "dashboard": get(ANY_SIGNED_IN),
    # accounts (django.contrib.auth.urls)
    "login": form(PUBLIC),
    "logout": {"GET": sees(others=METHOD, anonymous=METHOD), "POST": PUBLIC},  # POST only since Django 5
    "password_change": form(ANY_SIGNED_IN),
    "password_change_done": get(ANY_SIGNED_IN),
    "password_reset": form(PUBLIC),
    "password_reset_done": get(PUBLIC),
    "password_reset_confirm": form(PUBLIC),  # an invalid link: the page says so
    "password_reset_complete": get(PUBLIC),
    # the applicant's declarations
    "applications:list": get(sees(APPLICANTS)),
    "applications:create": form(sees(APPLICANTS)),
    "applications:detail": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "applications:edit": form(sees({OWNER}, others=HIDDEN)),  # a draft: the applicant's alone
    "applications:self_evaluation": form(sees(RECOMMENDED_PARTIES, others=HIDDEN),
                                         post=sees(others=HIDDEN, forbidden=RECOMMENDED_PARTIES)),  # frozen
    "applications:negative_list": form(sees({OWNER}, others=HIDDEN)),
    "applications:negative_list_evidence": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "applications:attachments": form(sees(RECOMMENDED_PARTIES, others=HIDDEN),
                                     post=sees(others=HIDDEN, forbidden=RECOMMENDED_PARTIES)),  # frozen
    "applications:attachment_download": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "applications:attachment_delete": form(sees({OWNER}, others=HIDDEN)),
    "applications:self_evaluation_report": post_only(
        sees({OWNER}, others=HIDDEN, forbidden=RECOMMENDED_PARTIES - {OWNER})),  # only the applicant asks
    "applications:self_evaluation_report_status": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "applications:self_evaluation_report_download": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    # The province's "退回修改" of the evaluated declaration. Whoever sees the declaration sees the
    # confirmation page (question: should it refuse a role that cannot act?); only the province acts.
    "applications:action": form(sees(EVALUATED_PARTIES, others=HIDDEN),
                                post=sees({PROVINCE}, others=HIDDEN, forbidden=EVALUATED_PARTIES - {PROVINCE})),
    # A declaration returned for revision (R-FLOW-2): the others who see it see the submitted
    # version, never what the applicant changes meanwhile (a file, an answer's evidence, a report).
    "applications:detail@returned": get(sees(RETURNED_PARTIES, others=HIDDEN)),
    "applications:self_evaluation@returned": form(sees({OWNER}, others=HIDDEN, forbidden=RETURNED_PARTIES - {OWNER})),
    "applications:attachment_download@returned": get(sees({OWNER}, others=HIDDEN)),
    "applications:negative_list_evidence@returned": get(sees({OWNER}, others=HIDDEN)),
    "applications:self_evaluation_report_status@returned": get(
        sees({OWNER}, others=HIDDEN, forbidden=RETURNED_PARTIES - {OWNER})),  # as the self-evaluation page
    "applications:self_evaluation_report_download@returned": get(sees({OWNER}, others=HIDDEN)),
    # agencies
    "evaluations:engagements": get(sees(AGENCIES)),
    "evaluations:evaluate": form(sees({AGENCY}, hidden={OTHER_AGENCY})),
    "evaluations:engagement_answer": form(sees({AGENCY}, hidden={OTHER_AGENCY})),
    "evaluations:scores": form(sees({AGENCY}, hidden={OTHER_AGENCY})),
    "evaluations:report": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "evaluations:report@draft": get(sees({AGENCY}, others=HIDDEN)),  # unsigned: the agency's own
    "evaluations:summary": get(sees(RECOMMENDED_PARTIES, others=HIDDEN)),
    "evaluations:agency_profile": form(sees(AGENCIES)),
    "evaluations:agencies": get(sees(MINISTRY)),
    "evaluations:agency_review": form(sees(MINISTRY)),
    "evaluations:agency_evidence": get(sees(MINISTRY | {AGENCY}, others=HIDDEN)),
    # the province's ranking (R-RANK): each official works on its own authority, never one from
    # the URL, so 江苏's official gets 江苏's (empty) ranking and 404 for a 浙江 declaration.
    "reviews:province": get(sees(PROVINCES)),
    "reviews:recommend": post_only(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:ranking_move": post_only(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:ranking_veto": form(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:ranking_unrecommend": post_only(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:ranking_reorder": post_only(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:ranking_summary": get(sees(PROVINCES)),
    "reviews:ranking_submit": form(sees(PROVINCES)),
    # rechecks: the region's official records; the ministry reviewer follows them
    "reviews:rechecks": get(sees(PROVINCES | {REVIEWER})),
    "reviews:recheck_record": form(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    # the ministry (today most ministry pages are the reviewer's only: see the open questions)
    "reviews:ministry": get(sees({REVIEWER})),
    "reviews:ministry_recommendations": get(sees(MINISTRY)),
    "reviews:start_publicity": post_only(sees({REVIEWER})),
    "reviews:publish": post_only(sees({REVIEWER})),
    "reviews:spot_checks": form(sees({REVIEWER})),
    "reviews:spot_check_draw": get(sees({REVIEWER})),
    "reviews:spot_check_result": post_only(sees({REVIEWER})),
    "reviews:listed_units": get(sees({REVIEWER})),
    "reviews:remove": form(sees({REVIEWER})),
    "reviews:ministry_review": get(sees({REVIEWER})),
    "reviews:ministry_review_detail": get(sees({REVIEWER})),
    "reviews:assign_experts": post_only(sees({REVIEWER})),
    "reviews:decide": post_only(sees({REVIEWER})),
    "reviews:withdraw_expert": post_only(sees({REVIEWER})),
    "reviews:ministry_publicity": get(sees({REVIEWER})),
    "reviews:exports_status": get(sees({REVIEWER})),
    "reviews:exports_request": post_only(sees({REVIEWER})),
    "reviews:objections": get(sees({REVIEWER})),
    "reviews:objection": get(sees({REVIEWER})),
    "reviews:objection_resolve": post_only(sees({REVIEWER})),
    "reviews:objection_evidence": get(sees({REVIEWER})),
    # experts
    "reviews:expert_tasks": get(sees(EXPERTS)),
    "reviews:expert_review": form(sees({EXPERT}, hidden={OTHER_EXPERT})),
    # dynamic management (R-DYN-1): the unit files, its region reviews, the ministry oversees
    "reviews:dynamic_units": get(sees(APPLICANTS)),
    "reviews:dynamic_form": form(sees({OWNER}, hidden={OTHER_APPLICANT})),
    "reviews:dynamic_table": get(sees({OWNER, PROVINCE} | MINISTRY, others=HIDDEN)),
    "reviews:dynamic_review": post_only(sees({PROVINCE}, hidden={OTHER_PROVINCE})),
    "reviews:dynamic_authority": get(sees(PROVINCES | MINISTRY)),
    "reviews:dynamic_overdue": get(sees(PROVINCES | MINISTRY)),
    "reviews:dynamic_ministry": get(sees(MINISTRY)),
    "reviews:dynamic_grades": post_only(sees(MINISTRY)),
    # public: the list, its files, the agencies, the statistics, verification, publicity
    "lists:search": get(PUBLIC),
    "lists:detail": get(PUBLIC),
    "lists:export": get(PUBLIC),
    "lists:batch_file": get(PUBLIC),
    "agencies:list": get(PUBLIC),
    "stats:index": get(PUBLIC),
    "stats:csv": get(PUBLIC),
    "verify:page": get(PUBLIC),
    "verify:qr_png": get(PUBLIC),
    "verify:qr_svg": get(PUBLIC),
    "publicity:index": get(PUBLIC),
    "publicity:detail": get(PUBLIC),
    "publicity:object": form(PUBLIC),  # anyone objects, without an account
    # everyone's inbox
    "notifications:list": get(ANY_SIGNED_IN),
    "notifications:read": post_only(sees({OWNER}, others=HIDDEN)),
    "notifications:read_all": post_only(ANY_SIGNED_IN),
}

# Left out of the matrix, each for its reason. Nothing else may be.
EXCLUDED_NAMESPACES = {
    "admin": "Django's own admin: staff-only by Django itself (is_staff), not the portal's roles",
}
EXCLUDED_NAMES = {
    "set_language": "Django's i18n view: sets the language cookie for anyone, no data",
}

# Path parameters: url name -> {parameter: key of the world (tests/matrix_world.py)}; a value
# starting with "=" is used as it is.
PARAMS = {
    "password_reset_confirm": {"uidb64": "=MQ", "token": "=not-a-token"},
    "applications:detail": {"pk": "decl.recommended"},
    "applications:edit": {"pk": "decl.draft"},
    "applications:self_evaluation": {"pk": "decl.recommended"},
    "applications:negative_list": {"pk": "decl.draft"},
    "applications:negative_list_evidence": {"pk": "evidence.of_recommended"},
    "applications:attachments": {"pk": "decl.recommended"},
    "applications:attachment_download": {"pk": "decl.recommended", "attachment_pk": "attachment.of_recommended"},
    "applications:attachment_delete": {"pk": "decl.draft", "attachment_pk": "attachment.of_draft"},
    "applications:self_evaluation_report": {"pk": "decl.recommended"},
    "applications:self_evaluation_report_status": {"pk": "decl.recommended"},
    "applications:self_evaluation_report_download": {"report_pk": "report.of_recommended"},
    "applications:action": {"pk": "decl.evaluated", "action": "=return"},
    "applications:detail@returned": {"pk": "decl.returned"},
    "applications:self_evaluation@returned": {"pk": "decl.returned"},
    "applications:attachment_download@returned": {"pk": "decl.returned", "attachment_pk": "attachment.of_revision"},
    "applications:negative_list_evidence@returned": {"pk": "evidence.of_revision"},
    "applications:self_evaluation_report_status@returned": {"pk": "decl.returned"},
    "applications:self_evaluation_report_download@returned": {"report_pk": "report.of_revision"},
    "evaluations:evaluate": {"pk": "decl.submitted"},
    "evaluations:engagement_answer": {"pk": "engagement.proposed"},
    "evaluations:scores": {"pk": "decl.submitted"},
    "evaluations:report": {"pk": "evaluation.of_recommended"},
    "evaluations:report@draft": {"pk": "evaluation.draft"},
    "evaluations:summary": {"pk": "evaluation.of_recommended"},
    "evaluations:agency_review": {"pk": "agency"},
    "evaluations:agency_evidence": {"pk": "agency.profile"},
    "reviews:recommend": {"pk": "decl.evaluated"},
    "reviews:ranking_move": {"pk": "decl.evaluated", "direction": "=up"},
    "reviews:ranking_veto": {"pk": "decl.evaluated"},
    "reviews:ranking_unrecommend": {"pk": "decl.recommended"},
    "reviews:ranking_reorder": {"batch_pk": "batch.open", "kind": "=factory"},
    "reviews:ranking_summary": {"batch_pk": "batch.open"},
    "reviews:ranking_submit": {"batch_pk": "batch.open"},
    "reviews:start_publicity": {"batch_pk": "batch.open"},
    "reviews:publish": {"batch_pk": "batch.open"},
    "reviews:recheck_record": {"pk": "recheck"},
    "reviews:spot_check_draw": {"pk": "draw"},
    "reviews:spot_check_result": {"pk": "spot_check"},
    "reviews:remove": {"pk": "entry"},
    "reviews:ministry_review_detail": {"pk": "decl.recommended"},
    "reviews:assign_experts": {"pk": "decl.recommended"},
    "reviews:decide": {"pk": "decl.recommended"},
    "reviews:withdraw_expert": {"pk": "assignment"},
    "reviews:expert_review": {"pk": "assignment"},
    "reviews:exports_status": {"batch_pk": "batch.published"},
    "reviews:exports_request": {"batch_pk": "batch.published"},
    "reviews:objection": {"pk": "objection"},
    "reviews:objection_resolve": {"pk": "objection"},
    "reviews:objection_evidence": {"pk": "objection"},
    "reviews:dynamic_form": {"entry_pk": "entry", "year": "year"},
    "reviews:dynamic_table": {"pk": "table"},
    "reviews:dynamic_review": {"pk": "table"},
    "lists:detail": {"pk": "entry"},
    "lists:batch_file": {"batch_pk": "batch.published", "fmt": "=xlsx"},
    "stats:csv": {"chart": "=batches"},
    "verify:page": {"code": "entry.code"},
    "verify:qr_png": {"code": "entry.code"},
    "verify:qr_svg": {"code": "entry.code"},
    "publicity:detail": {"pk": "publicity.running"},
    "publicity:object": {"pk": "publicity.running", "declaration_pk": "decl.in_publicity"},
    "notifications:read": {"pk": "notification"},
}
# Query strings, for both methods.
QUERY = {
    "applications:create": {"batch": "batch.open"},
    "reviews:province": {"batch": "batch.open"},
}
# POST data where an empty form would stop before the decision that is tested: the service's own
# check of the role (the action, the withdrawal) or a ranking that must match the page's.
POST_DATA = {
    "applications:create": {"batch": "batch.open"},
    "applications:action": {"note": "=请补充第三方评价报告"},
    "reviews:ranking_reorder": {"section": "=candidates", "order": "decl.evaluated"},
    "reviews:decide": {"decision": "=shortlist", "reason": "=符合条件"},  # the confirmation step
    "reviews:withdraw_expert": {"reason": "=专家回避"},
}


def _resolve(spec: dict, world: dict) -> dict:
    return {k: v[1:] if isinstance(v, str) and v.startswith("=") else world[v] for k, v in spec.items()}


def _included() -> list:
    return [p for p in url_patterns()
            if p.name.split(":")[0] not in EXCLUDED_NAMESPACES and p.name not in EXCLUDED_NAMES]


def _patterns() -> dict:
    """The project's URL patterns by name, the exclusions left out."""
    return {p.name: p for p in _included()}


def _rows():
    """(row, pattern): each EXPECTED row ("name", or "name@variant" for the same URL filled with
    another object) with its URL pattern."""
    patterns = _patterns()
    return [(row, patterns[row.split("@")[0]]) for row in EXPECTED]


def coverage() -> dict:
    patterns = _patterns()
    rows = _rows()
    return {
        "patterns": len(patterns),
        "pairs": len(patterns) * len(ROLES),
        "posts": sum(1 for p in patterns.values() if p.takes_post),
        "checks": sum(len(EXPECTED[name]) for name in patterns) * len(ROLES),
        "more": sum(len(EXPECTED[row]) for row, _ in rows if "@" in row) * len(ROLES),
        "requests": sum(len(EXPECTED[row]) for row, _ in rows) * len(ROLES),
    }


# --- the table against the URL configuration (no database) --------------------------------------

def test_the_table_decides_every_url_and_only_existing_ones():
    included = _included()
    unnamed = [p.route for p in included if p.name.endswith("?")]
    assert not unnamed, f"URL patterns without a name cannot be in the matrix: {unnamed}"
    names = [p.name for p in included]
    assert len(names) == len(set(names)), f"URL patterns share a name: {sorted({n for n in names if names.count(n) > 1})}"
    patterns = _patterns()
    missing = sorted(set(patterns) - set(EXPECTED))
    assert not missing, f"no row in EXPECTED for these URLs (decide who may see them): {missing}"
    stale = sorted(row for row in EXPECTED if row.split("@")[0] not in patterns)
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"
    assert not set(PARAMS) - set(EXPECTED), f"PARAMS for rows not in EXPECTED: {sorted(set(PARAMS) - set(EXPECTED))}"
    for row, pattern in _rows():
        given = set(PARAMS.get(row, {}))
        assert given == set(pattern.params), f"{row}: PARAMS gives {sorted(given)}, the route takes {pattern.params}"
        methods = {"GET", "POST"} if pattern.takes_post else {"GET"}
        assert set(EXPECTED[row]) == methods, (
            f"{row}: its view takes {sorted(methods)}, EXPECTED decides {sorted(EXPECTED[row])}")
        for method, spec in EXPECTED[row].items():
            assert set(spec) == EVERYONE, f"{row} {method}: not every role decided"


def test_the_docstring_states_the_coverage():
    n = coverage()
    stated = [f"{n['patterns']} URL patterns × {len(ROLES)} roles = {n['pairs']} (URL, role) pairs",
              f"({n['posts']} patterns)", f"{n['checks']} (URL, method, role) checks", f"{n['more']} more",
              f"{n['requests']} requests"]
    assert all(" ".join(s.split()) in " ".join(__doc__.split()) for s in stated), \
        f"update the coverage in the module docstring: {n}"


# --- the matrix ---------------------------------------------------------------------------------

@pytest.fixture
def _rate_limits(settings):
    """Rate-limit counters in a cache of their own (a shared Redis is never flushed by a test),
    with rates that eleven roles do not reach."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "permission-matrix"}}
    settings.OBJECTION_RATE = settings.LIST_EXPORT_RATE = "1000/h"
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says(actors, walk, eager_celery, _rate_limits, caplog,
                                                        django_capture_on_commit_callbacks):
    caplog.set_level(logging.ERROR, logger="django.request")  # a line per 403/404/405 otherwise
    users = {**actors, OTHER_EXPERT: factories.expert()}  # assigned to nothing
    world = build_world(users, walk, django_capture_on_commit_callbacks)
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    for role in SIGNED_IN:
        clients[role].force_login(users[role])

    mismatches = []
    for row, pattern in _rows():
        url = reverse(pattern.name, kwargs=_resolve(PARAMS.get(row, {}), world))
        query = _resolve(QUERY.get(row, {}), world)
        data = _resolve(POST_DATA.get(row, {}), world)
        for method, expected in EXPECTED[row].items():
            for role in ROLES:
                got, changed, text = _request(clients[role], method, url, query, data)
                shown = [name for name, seers in UNITS.items() if role not in seers and name in text
                         and not (name in PUBLIC_UNITS and EXPECTED[row]["GET"][ANON] == OK)]
                if got != expected[role]:
                    mismatches.append((row, method, role, expected[role], got))
                elif changed:
                    mismatches.append((row, method, role, f"{got}, nothing changed", f"{got}, changed {changed}"))
                elif shown:
                    mismatches.append((row, method, role, f"{got}, no other's unit", f"{got}, shows {shown}"))
    assert not mismatches, _table(mismatches)


def _request(client, method, url, query, data):
    """One request in a transaction rolled back afterwards, the client's session cookie restored
    (a logout must not sign the role out of the next request). Returns the outcome, what a
    refused POST changed all the same, and the text of a page."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = fingerprint() if method == "POST" else None
        if method == "GET":
            response = client.get(url, query)
        else:
            response = client.post(f"{url}?{urlencode(query)}" if query else url, data)
        got = outcome(response)
        text = ""
        if response.streaming:
            # Read to the end: the test client then closes the file. Calling response.close() here
            # would send request_finished once more, and close_old_connections would close the
            # database connection under the test's transaction (on PostgreSQL; SQLite in memory
            # ignores it).
            b"".join(response.streaming_content)
        elif response.get("Content-Type", "").startswith(("text/", "application/json")):
            text = response.content.decode()
        changed = []
        if before is not None and got in REFUSALS:
            after = fingerprint()
            changed = [k for k in before if before[k] != after[k]]
        transaction.set_rollback(True)
    client.cookies = cookies
    return got, changed, text


def _table(rows) -> str:
    header = ("url", "method", "role", "expected", "got")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    line = "  ".join(f"{{:{w}}}" for w in widths)
    return f"{len(rows)} mismatches:\n" + "\n".join(line.format(*map(str, r)) for r in [header, *rows])
