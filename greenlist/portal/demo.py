"""Demo data: one account per role, an open batch with declarations in every state, and an
earlier batch already published. Everything is driven through the real services and workflow,
so the demo history reads like the real one. Idempotent: a second run changes nothing."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from applications import negative_list, workflow
from applications import services as applications
from applications.attachments import attach_required_documents, required_documents
from applications.details import attach_all_standards, save_details
from evaluations import indicators
from evaluations import services as evaluations
from evaluations.agencies import AgencyProfile
from evaluations.engagements import accept_engagement
from evaluations.models import Evaluation
from greenlist import pdf
from greenlist.history import Action
from greenlist.models import Authority, Batch, Industry, ListKind, Organisation, Role
from greenlist.services import add_member, create_batch, organisation_for_authority
from greenlist.uscc import with_check_character
from reviews.expert_review.models import ExpertProfile
from reviews.expert_review.services import assign_experts
from reviews.publication.models import ListEntry
from reviews.publication.services import file_objection, publish, start_publicity
from reviews.recommendation import services as ranking
from reviews.recommendation.models import AuthorityRecommendation
from reviews.recommendation.services import recommend
from reviews.supervision.models import RemovalReason
from reviews.supervision.policy import KEY_INDICATORS
from reviews.supervision.services.dynamic import negative_items, review_table, save_table
from reviews.supervision.services.greencode import compute_grades
from reviews.supervision.services.rechecks import schedule_rechecks
from reviews.supervision.services.removal import remove_entry
from reviews.supervision.services.spotchecks import draw_spot_checks, record_spot_check

DEMO_PASSWORD = "greenlist-demo"
OPEN_BATCH_CODE = "demo-2026"
PUBLISHED_BATCH_CODE = "demo-2025"

# (username, role, full name, e-mail) — README's "Demo accounts" table lists the same rows.
DEMO_ACCOUNTS = [
    ("applicant", Role.APPLICANT, "王绿源", "applicant@demo.greenlist.cn"),
    ("agency", Role.AGENCY_STAFF, "李评价", "agency@demo.greenlist.cn"),
    ("province", Role.PROVINCIAL_OFFICIAL, "赵浙江", "province@demo.greenlist.cn"),
    ("reviewer", Role.MINISTRY_REVIEWER, "钱审核", "reviewer@demo.greenlist.cn"),
    ("expert", Role.EXPERT, "孙专家", "expert@demo.greenlist.cn"),
    ("admin", Role.MINISTRY_ADMIN, "周管理", "admin@demo.greenlist.cn"),
]

# (unit name, USCC first 17, kind, state to reach)
OPEN_BATCH_DECLARATIONS = [
    ("浙江绿源新材料有限公司（草稿）", "91330100MA2A00011", ListKind.FACTORY, "draft"),
    ("浙江绿源新材料有限公司嘉兴工厂", "91330400MA2B00021", ListKind.FACTORY, "submitted"),
    ("浙江绿源新材料有限公司湖州工厂", "91330500MA2C00031", ListKind.FACTORY, "evaluated"),
    ("浙江绿源新材料有限公司绍兴工厂", "91330600MA2D00041", ListKind.FACTORY, "recommended"),
    ("浙江绿源新材料有限公司宁波北仑工厂", "91330200MA2E00051", ListKind.FACTORY, "shortlisted"),
    ("浙江绿源新材料有限公司宁波镇海工厂", "91330200MA2F00061", ListKind.FACTORY, "in_publicity"),
    ("浙江绿源新材料有限公司台州工厂", "91331000MA2G00071", ListKind.FACTORY, "returned"),
    ("浙江绿源新材料有限公司丽水工厂", "91331100MA2H00081", ListKind.FACTORY, "rejected"),
    ("浙江绿源供应链管理有限公司", "91330100MA2J00091", ListKind.SUPPLY_CHAIN, "evaluated"),
    # More evaluated factories, so the province has a ranking to make (R-RANK).
    ("浙江绿源新材料有限公司金华工厂", "91330700MA2M00121", ListKind.FACTORY, "evaluated"),
    ("浙江绿源新材料有限公司衢州工厂", "91330800MA2N00131", ListKind.FACTORY, "evaluated"),
    ("浙江绿源新材料有限公司舟山工厂", "91330900MA2P00141", ListKind.FACTORY, "evaluated"),
    ("浙江绿源新材料有限公司义乌工厂", "91330782MA2Q00151", ListKind.FACTORY, "evaluated"),
]
# Where a demo declaration differs from the defaults: its city, the authority that recommends it
# (宁波 is a separately planned city that recommends on its own, R-AUTH-1), and how well it does.
DEMO_VARIANTS = {
    "浙江绿源新材料有限公司湖州工厂": {"city": "湖州市", "quality": Decimal("0.80")},
    "浙江绿源新材料有限公司绍兴工厂": {"city": "绍兴市", "quality": Decimal("0.90")},
    "浙江绿源新材料有限公司宁波北仑工厂": {"city": "宁波市", "authority": "3302"},
    "浙江绿源新材料有限公司宁波镇海工厂": {"city": "宁波市", "authority": "3302"},
    "浙江绿源新材料有限公司金华工厂": {"city": "金华市", "quality": Decimal("0.92")},
    "浙江绿源新材料有限公司衢州工厂": {"city": "衢州市", "quality": Decimal("0.70")},
    "浙江绿源新材料有限公司舟山工厂": {"city": "舟山市", "quality": Decimal("0.88")},
    "浙江绿源新材料有限公司义乌工厂": {"city": "金华市", "quality": Decimal("0.75")},
}
PUBLISHED_BATCH_DECLARATIONS = [
    ("浙江绿源新材料有限公司杭州工厂", "91330100MA2K00101", ListKind.FACTORY, "published"),
    ("浙江绿源新材料有限公司温州工厂", "91330300MA2L00111", ListKind.FACTORY, "published"),
]

# The kind's details of every demo declaration (the demo uses factories and supply chains).
DEMO_DETAILS = {
    ListKind.FACTORY: {
        "registered_address": "浙江省杭州市钱塘区经济技术开发区白杨街道 18 号", "legal_representative": "王绿源",
        "founded_on": datetime.date(2006, 3, 18), "registered_capital": Decimal("12000"), "staff_count": 860,
        "main_products": "环氧树脂、聚氨酯材料", "annual_output": "15 万吨", "industry_class": "2614",
    },
    ListKind.SUPPLY_CHAIN: {
        "core_products": "化工新材料", "industry_position": "国内环氧树脂市场占有率前三",
        "tier1_supplier_count": 260, "evaluated_supplier_count": 210, "low_risk_supplier_share": Decimal("88.5"),
    },
}
# R-ENERGY: one submitted factory in a high energy-use industry misses the quota's advanced value,
# so the province sees the flag.
DEMO_ENERGY = {
    "浙江绿源新材料有限公司嘉兴工厂": {
        "industry_class": "2612", "main_products": "烧碱（离子膜法）", "high_energy_industry": "烧碱",
        "energy_use_per_unit": Decimal("335"), "energy_quota_advanced_value": Decimal("315"), "energy_unit": "kgce/t",
    },
}

# Where the demo agency's scoring differs from the applicant's self-evaluation, per kind.
_DEMO_AGENCY_DIFFERENCES = {
    ListKind.FACTORY: {"IF1": Decimal("5"), "EE4": Decimal("1")},
    ListKind.SUPPLY_CHAIN: {"X12": Decimal("3"), "X51": Decimal("7")},
}

# The happy path _walk can take a new declaration along, in order.
_PATH = ["draft", "submitted", "evaluated", "recommended"]


def seed(*, stdout=None) -> bool:
    """Create the demo data unless it exists; returns True when something was created."""
    if Batch.objects.filter(code=OPEN_BATCH_CODE).exists():
        ensure_accounts()
        return False
    with transaction.atomic():
        users = ensure_accounts()
        _seed_batches(users)
    return True


def ensure_accounts() -> dict:
    User = get_user_model()
    zhejiang = Authority.objects.get(code="33")
    enterprise = _organisation("浙江绿源新材料有限公司", Organisation.Kind.ENTERPRISE, zhejiang,
                               with_check_character("91330100MA2A00001"))
    agency = _organisation("华清绿色评价认证中心（演示）", Organisation.Kind.AGENCY, None,
                           with_check_character("91110108MA0X12341"))
    _approved_agency_profile(agency)
    ministry = _organisation("工业和信息化部节能与综合利用司", Organisation.Kind.MINISTRY, None, "")
    expert_org = _organisation("中国绿色制造研究院（演示）", Organisation.Kind.ENTERPRISE, Authority.objects.get(code="11"),
                               with_check_character("12100000MA0Y56781"))
    orgs = {
        Role.APPLICANT: enterprise,
        Role.AGENCY_STAFF: agency,
        Role.PROVINCIAL_OFFICIAL: organisation_for_authority(zhejiang),
        Role.MINISTRY_REVIEWER: ministry,
        Role.EXPERT: expert_org,
        Role.MINISTRY_ADMIN: ministry,
    }
    users = {}
    for username, role, full_name, email in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "email": email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.MINISTRY_ADMIN
            user.save()
        add_member(organisation=orgs[role], user=user, roles=[role])
        users[role] = user
    _expert_profile(users[Role.EXPERT], expert_org)
    return users


def _expert_profile(user, employer):
    """The demo expert works in 北京, so the 浙江 declarations are no conflict (R-REVIEW-1)."""

    ExpertProfile.objects.get_or_create(user=user, defaults={
        "authority": Authority.objects.get(code="11"), "employer": employer, "title": "研究员",
        "specialty": "绿色工厂评价、节能与资源综合利用",
    })


def _organisation(name, kind, authority, uscc):
    org = Organisation.objects.filter(name=name, kind=kind).first()
    return org or Organisation.objects.create(name=name, kind=kind, authority=authority, uscc=uscc)


def _approved_agency_profile(agency):
    """The demo agency is registered and approved (R-AGENCY-1), so it can be engaged."""

    AgencyProfile.objects.get_or_create(organisation=agency, defaults={
        "legal_person": "华清绿色评价认证中心有限公司", "legal_representative": "李华清",
        "registered_in_china": True, "fixed_office": True, "sound_finances": True,
        "qualified_staff": 24, "senior_staff": 14, "status": AgencyProfile.Status.APPROVED,
        "experience": "2021—2025 年完成绿色工厂、绿色供应链评价 80 余项。",
    })


def _seed_batches(users: dict) -> None:
    admin = users[Role.MINISTRY_ADMIN]
    today = timezone.localdate()
    earlier = create_batch(code=PUBLISHED_BATCH_CODE, preset="2020-batch5", actor=admin, year=today.year - 1,
                           name=f"{today.year - 1}年度（演示）", recommendation_deadline=today + datetime.timedelta(days=90))

    attach_all_standards(earlier)
    _shortlist(users, earlier, [_walk(users, earlier, name, prefix, kind, until="recommended")
                                for name, prefix, kind, _state in PUBLISHED_BATCH_DECLARATIONS])

    start_publicity(actor=users[Role.MINISTRY_REVIEWER], batch=earlier, starts_on=today - datetime.timedelta(days=30))
    publish(actor=users[Role.MINISTRY_REVIEWER], batch=earlier)
    Batch.objects.filter(pk=earlier.pk).update(phase=Batch.Phase.CLOSED)
    _seed_dynamic_management(users, earlier)

    current = create_batch(code=OPEN_BATCH_CODE, preset="2020-batch5", actor=admin, year=today.year,
                           name=f"{today.year}年度（演示）", recommendation_deadline=today + datetime.timedelta(days=90))
    attach_all_standards(current)
    # 宁波 has recommended two and submitted: one is in publicity, the other shortlisted after it
    # (starting publicity moves every shortlisted declaration of the batch). 浙江 is still ranking.
    ningbo = {state: _walk(users, current, name, prefix, kind, until="recommended")
              for name, prefix, kind, state in OPEN_BATCH_DECLARATIONS if state in ("in_publicity", "shortlisted")}
    _shortlist(users, current, [ningbo["in_publicity"]])
    publicity = start_publicity(actor=users[Role.MINISTRY_REVIEWER], batch=current)
    _object(publicity, ningbo["in_publicity"])
    _shortlist(users, current, [ningbo["shortlisted"]])
    for name, prefix, kind, state in OPEN_BATCH_DECLARATIONS:
        if state in ("in_publicity", "shortlisted"):
            continue
        if state in ("returned", "rejected"):
            decl = _walk(users, current, name, prefix, kind, until="evaluated")
            _province_decides(users, decl, state)
        else:
            decl = _walk(users, current, name, prefix, kind, until=state)
            if state == "recommended":  # the ministry has asked the demo expert for a review

                assign_experts(actor=users[Role.MINISTRY_REVIEWER], declaration=decl, experts=[users[Role.EXPERT]])
    seed_supervision(users)


def _official(users, authority: Authority):
    """The demo's 浙江 official, or a (non-login) official of another authority such as 宁波."""
    if authority.code == "33":
        return users[Role.PROVINCIAL_OFFICIAL]
    user, created = get_user_model().objects.get_or_create(
        username=f"official-{authority.code}", defaults={"full_name": f"{authority.short_name}推荐办公室"})
    if created:
        user.set_unusable_password()
        user.save()
    add_member(organisation=organisation_for_authority(authority), user=user, roles=[Role.PROVINCIAL_OFFICIAL])
    return user


def _shortlist(users, batch, declarations):
    """Each authority submits its recommendation (R-RANK), then the ministry shortlists."""

    for decl in declarations:
        if not AuthorityRecommendation.objects.filter(batch=batch, authority=decl.authority,
                                                      submitted_at__isnull=False).exists():
            ranking.submit(actor=_official(users, decl.authority), batch=batch, authority=decl.authority)
        workflow.perform(decl, Action.SHORTLIST, actor=users[Role.MINISTRY_REVIEWER], note="符合条件")
        decl.refresh_from_db()


def _object(publicity, decl) -> None:
    """An objection from the public, open, for the ministry's objection pages."""

    file_objection(publicity=publicity, declaration=decl, name="陈举报", contact="13900001111",
                   grounds="该工厂 2024 年曾因废水超标排放受到当地生态环境部门处罚，与申报材料中“近三年无环境违法”不符。")


def _walk(users, batch, name, prefix, kind, *, until: str):
    """Create a declaration and take it along the happy path up to the state `until`
    (at most "recommended": shortlisting waits for the authority's submission, see _shortlist)."""

    applicant = users[Role.APPLICANT]
    agency = users[Role.AGENCY_STAFF].organisation
    industry = Industry.objects.get(code="26")
    variant = DEMO_VARIANTS.get(name, {})
    quality = variant.get("quality", Decimal("0.85"))
    authority = Authority.objects.get(code=variant.get("authority", "33"))
    decl = applications.create_declaration(
        actor=applicant, batch=batch, kind=kind, unit_name=name, uscc=with_check_character(prefix),
        authority=authority, city=variant.get("city", "杭州市"), industry=industry,
        contact_name="王绿源", contact_phone="0571-88880000",
    )
    engagement = evaluations.engage_agency(actor=applicant, declaration=decl, agency=agency)
    accept_engagement(actor=users[Role.AGENCY_STAFF], engagement=engagement,
                      not_in_self_evaluation=True, no_consulting=True)  # R-AGENCY-2
    save_details(actor=applicant, declaration=decl, **{**DEMO_DETAILS[kind], **DEMO_ENERGY.get(name, {})})
    fill_self_evaluation(applicant, decl, quality=quality)
    negative_list.declare_negative_list(actor=applicant, declaration=decl, answers=negative_list.all_no(batch))
    _attach_documents(applicant, decl)
    steps = _PATH.index(until)
    if steps >= 1:
        applications.submit_declaration(actor=applicant, declaration=decl)
    if steps >= 2:
        engagement = decl.engagements.get(status="accepted")
        # The agency agrees with the applicant but on two indicators: the province sees them marked.
        fill_self_evaluation(users[Role.AGENCY_STAFF], decl, quality=quality, third_party=True)
        score = indicators.save_third_party_scores(
            actor=users[Role.AGENCY_STAFF], declaration=decl,
            entries={code: {"points": points} for code, points in _DEMO_AGENCY_DIFFERENCES[decl.kind].items()},
        ).total
        report = pdf.render_pdf("pdf/demo_evaluation_report.html", {"decl": decl, "agency": agency, "score": score})
        evaluations.save_evaluation(
            actor=users[Role.AGENCY_STAFF], engagement=engagement, submit=True,
            conclusion=Evaluation.Conclusion.MEETS, on_site_date=timezone.localdate() - datetime.timedelta(days=7),
            recommendations="建议进一步提高工业固体废物综合利用率。",
            report=ContentFile(report, name="report.pdf"),
        )
    if steps >= 3:
        recommend(actor=_official(users, authority), declaration=decl)
    decl.refresh_from_db()
    return decl


# R-DYN-1 / R-GREENCODE: the published units' tables of this year — one a draft still to file,
# one filed, reviewed and graded.
DEMO_DYNAMIC_DRAFT = "浙江绿源新材料有限公司杭州工厂"
DEMO_DYNAMIC_FILED = "浙江绿源新材料有限公司温州工厂"


def _seed_dynamic_management(users, batch):

    applicant, year = users[Role.APPLICANT], timezone.localdate().year
    figures = {"energy_per_output": "0.082", "water_per_output": "3.6", "solid_waste_recycling": "96.5",
               "carbon_per_output": "0.21", "pollutant_emissions": "18.4"}
    for entry in ListEntry.objects.filter(batch=batch, unit_name__in=[DEMO_DYNAMIC_DRAFT, DEMO_DYNAMIC_FILED]):
        if entry.unit_name == DEMO_DYNAMIC_DRAFT:
            save_table(actor=applicant, entry=entry, year=year, data={
                "address_changed": True, "new_address": "浙江省杭州市钱塘区新湾街道 66 号",
                "address_note": "厂区整体搬迁，生产线同步更新", "score": Decimal("84.0"),
                "indicators": {"energy_per_output": Decimal("0.091")}})
            continue
        table = save_table(actor=applicant, entry=entry, year=year, file=True, data={
            "score": Decimal("88.5"),
            "negative": {i.code: {"answer": "no", "explanation": ""} for i in negative_items(year)},
            "indicators": {i.code: Decimal(figures.get(i.code, "1")) for i in KEY_INDICATORS[entry.kind]},
        })
        review_table(actor=users[Role.PROVINCIAL_OFFICIAL], table=table, decision="accepted",
                     note="数据与能源审计报告一致。")
    compute_grades(year=year, actor=users[Role.MINISTRY_ADMIN])


def _province_decides(users, decl, state):

    action, note = (Action.RETURN, "请补充能源计量器具配备情况的证明材料。") if state == "returned" else (
        Action.REJECT, "近三年发生一般及以上环境污染事件，不予推荐。")
    workflow.perform(decl, action, actor=users[Role.PROVINCIAL_OFFICIAL], note=note)


def fill_self_evaluation(actor, decl, *, quality: Decimal = Decimal("0.85"), third_party: bool = False):
    """A complete, plausible self-evaluation: every requirement met, qualitative items at
    `quality` of their points, quantitative values `quality` of the way from baseline to leading
    (demo data and tests; the real one is typed in on the self-evaluation page). With
    third_party=True, the engaged agency's scores of the same set."""

    entries = {}
    for ind in indicators.indicators_of(indicators.scheme_for(decl)):
        if ind.type == "gate":
            entries[ind.code] = {"met": True}
        elif ind.type == "qualitative":
            entries[ind.code] = {"points": (ind.max_points * quality).quantize(Decimal("0.01"))}
        else:
            baseline, leading = (ind.baseline, ind.leading) if not ind.needs_reference else _reference(ind)
            value = baseline + (leading - baseline) * quality if leading is not None else baseline
            years = [str(value)] * ind.years if ind.years > 1 else []
            entries[ind.code] = {"value": None if years else value, "year_values": years,
                                 "baseline": baseline if ind.needs_reference else None,
                                 "leading": leading if ind.needs_reference and ind.type == "quantitative" else None}
    save = indicators.save_third_party_scores if third_party else indicators.save_self_evaluation
    return save(actor=actor, declaration=decl, entries=entries)


def _reference(ind) -> tuple[Decimal, Decimal | None]:
    """Guideline values for indicators whose reference is industry-specific (demo figures)."""
    if ind.type == "threshold":
        return (Decimal("10"), None) if ind.direction == "higher" else (Decimal("100"), None)
    return (Decimal("1"), Decimal("2")) if ind.direction == "higher" else (Decimal("2"), Decimal("1"))


def _attach_documents(actor, decl):
    """The kind's required documents (附件), as one small demo PDF that names the unit."""

    document = pdf.render_pdf("pdf/demo_attachment.html", {"decl": decl, "documents": required_documents(decl.kind)})
    return attach_required_documents(actor, decl, document)


# Life on the list (R-RECHECK, R-SPOT, R-REMOVE): an earlier batch, as imported from the
# ministry's published list, listed three years ago (so due for recheck), one of them removed,
# and a spot check.
SUPERVISION_BATCH_CODE = "demo-2022"
SUPERVISION_ENTRIES = [
    ("浙江青山绿色包装有限公司", "91330100MA2M00121"),
    ("浙江东海印染有限公司", "91330300MA2N00131"),  # removed: the table was not filed
    ("宁波北仑绿色钢构有限公司", "91330200MA2P00141"),
]
SPOT_CHECK_SEED = 20260415


def seed_supervision(users: dict) -> None:

    today = timezone.localdate()
    listed_on = today - datetime.timedelta(days=3 * 365 + 10)
    batch = create_batch(code=SUPERVISION_BATCH_CODE, preset="2020-batch5", actor=users[Role.MINISTRY_ADMIN],
                         year=listed_on.year, name=f"{listed_on.year}年度（演示）", phase=Batch.Phase.CLOSED)
    entries = [ListEntry.objects.create(
        batch=batch, kind=ListKind.FACTORY, unit_name=name, uscc=with_check_character(prefix),
        authority=Authority.objects.get(code="33"), industry=Industry.objects.get(code="26"),
        agency_name="华清绿色评价认证中心（演示）", published_on=listed_on) for name, prefix in SUPERVISION_ENTRIES]
    reviewer = users[Role.MINISTRY_REVIEWER]
    remove_entry(actor=reviewer, entry=entries[1], reason=RemovalReason.TABLE_NOT_FILED,
                 removed_on=today - datetime.timedelta(days=20), note="逾期未报送上一年度动态管理表，经督促仍未报送。")
    schedule_rechecks(today=today)
    draw = draw_spot_checks(actor=reviewer, size=2, seed=SPOT_CHECK_SEED, note="年度名单抽查（演示）")
    record_spot_check(actor=reviewer, check=draw.checks.order_by("pk").first(), clean=True, note="现场核查未发现问题。")
