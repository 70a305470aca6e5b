"""The kind's own details on the declaration pages: the park's eligibility (R-PARK-1), the product's
standard (R-PRODUCT-1), the factory's energy use (R-ENERGY), industry class (R-INDUSTRY) and
registered address (R-REGION); what submission checks and freezes; and the refusals."""
from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.details import (
    FactoryDetails,
    ParkDetails,
    ProductDetails,
    ProductStandard,
    attach_all_standards,
    check_details,
    save_details,
)
from applications.models import Declaration
from applications.product_standards import PRODUCT_STANDARDS
from applications.workflow import TransitionRefused
from greenlist.models import Authority, HistoryEntry, Industry
from tests import factories

pytestmark = pytest.mark.django_db

PARK_OK = {"park_level": "national", "area": "36.5", "management_body": "某经济技术开发区管理委员会",
           "green_body_staff": "3", "industrial_share": "68.5", "manufacturing_main": "on",
           "legal_boundary": "on", "single_management_body": "on"}
FACTORY_OK = {"registered_address": "浙江省杭州市钱塘区白杨街道 8 号", "legal_representative": "王绿源",
              "founded_on": "2008-05-20", "registered_capital": "5000", "staff_count": "320",
              "main_products": "环氧树脂", "annual_output": "12 万吨"}


def post_data(agency_org, kind_fields, **overrides):
    data = {
        "unit_name": "杭州绿能示范单位", "uscc": "91350100M000100Y43",
        "authority": Authority.objects.get(code="33").pk, "city": "杭州市",
        "industry": Industry.objects.get(code="26").pk, "contact_name": "李四", "contact_phone": "0571-1234",
        "agency": agency_org.pk, **kind_fields,
    }
    data.update(overrides)
    return data


def create_url(batch, kind):
    return reverse("applications:create") + f"?batch={batch.pk}&kind={kind}"


# --- choosing the kind ----------------------------------------------------------------------

def test_new_declaration_starts_with_the_batch_open_kinds(client, actors):
    """R-FLOW-4: only the kinds the batch opens are offered; a crafted ?kind= of another is refused."""
    batch = factories.batch("2025-390")
    client.force_login(actors["applicant"])
    html = client.get(reverse("applications:create"), {"batch": batch.pk}).content.decode()
    assert "选择申报类别" in html
    assert "kind=factory" in html and "kind=park" in html
    assert "kind=product" not in html and "kind=supply_chain" not in html
    response = client.get(create_url(batch, "supply_chain"))
    assert response.status_code == 403
    assert "本批次不受理“绿色供应链管理企业”的申报" in response.content.decode()
    html = client.get(create_url(batch, "park")).content.decode()
    assert "园区信息" in html and 'name="industrial_share"' in html and 'name="kind" value="park"' in html


# --- R-PARK-1 -------------------------------------------------------------------------------

def test_park_share_of_50_is_refused_and_50_point_1_accepted(client, actors, batch, agency_org):
    """R-PARK-1: industrial added value must be more than 50% of the park's: 50 is refused next to
    the field with everything typed kept; 50.1 is saved."""
    client.force_login(actors["applicant"])
    response = client.post(create_url(batch, "park"), post_data(agency_org, {**PARK_OK, "industrial_share": "50"}))
    html = response.content.decode()
    assert response.status_code == 200, response.content[:300]
    assert "工业增加值占园区比重须高于 50%（当前为 50%）" in html
    assert 'id="industrial_share-errors"' in html
    assert 'value="某经济技术开发区管理委员会"' in html and 'value="杭州绿能示范单位"' in html
    assert not Declaration.objects.exists()

    client.post(create_url(batch, "park"), post_data(agency_org, {**PARK_OK, "industrial_share": "50.1"}))
    details = ParkDetails.objects.get()
    assert details.industrial_share == Decimal("50.1") and details.declaration.kind == "park"


def test_park_below_provincial_level_or_without_the_conditions_is_refused(client, actors, batch, agency_org):
    """R-PARK-1: a municipal park is refused, and each unticked condition is named."""
    client.force_login(actors["applicant"])
    fields = {k: v for k, v in PARK_OK.items() if k not in ("legal_boundary", "single_management_body")}
    html = client.post(create_url(batch, "park"),
                       post_data(agency_org, {**fields, "park_level": "municipal"})).content.decode()
    assert "园区须为省级及以上，市级园区不能申报。" in html
    assert "园区须符合此条件：有法定边界和范围（四至范围明确）。" in html
    assert "园区须符合此条件：具有统一的管理机构。" in html
    assert "以制造业或能源供应为主要功能。" not in html
    assert not Declaration.objects.exists()


def test_park_submission_names_every_missing_item_and_condition(actors, batch, walk):
    """R-PARK-1 at submission: a park draft without its details cannot be submitted; the message
    names the missing fields and each condition."""
    decl = services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(kind="park"))
    with pytest.raises(TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    message = refused.value.message
    assert "园区信息不完整，请补充：园区级别、园区面积（平方公里）、园区管理机构名称" in message
    assert "工业增加值占园区比重（%）" in message
    for condition in ("以制造业或能源供应为主要功能", "有法定边界和范围（四至范围明确）", "具有统一的管理机构"):
        assert f"园区须符合此条件：{condition}" in message
    assert Declaration.objects.get(pk=decl.pk).status == "draft"


def test_park_service_refuses_a_share_of_50(actors, batch):
    """R-PARK-1 in the service too: a write that bypasses the form is refused."""
    from django.core.exceptions import ValidationError

    decl = services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(kind="park"))
    values = factories.details_values(decl, industrial_share=Decimal("50"))
    with pytest.raises(ValidationError) as refused:
        save_details(actor=actors["applicant"], declaration=decl, **values)
    assert "须高于 50%" in str(refused.value.message_dict["industrial_share"])
    assert not ParkDetails.objects.exists()


# --- R-PRODUCT-1 ----------------------------------------------------------------------------

def test_standards_are_seeded_from_the_published_product_list():
    """R-PRODUCT-1: the standards list is data (a migration from applications/product_standards.py)."""
    assert ProductStandard.objects.count() == len(PRODUCT_STANDARDS) > 100
    aircon = ProductStandard.objects.get(code="T/CAGP 0001-2016")
    assert aircon.name == "绿色设计产品评价技术规范 房间空气调节器" and aircon.joint_codes == "T/CAB 0001-2016"
    assert ProductStandard.objects.filter(code="GB/T 32163.1-2015").exists()


def test_product_with_a_standard_outside_the_batch_list_is_refused(client, actors, batch, agency_org):
    """R-PRODUCT-1: the form offers the batch's standards only; a crafted POST with another is refused."""
    outside = ProductStandard.objects.get(code="T/CAGP 0001-2016")
    batch.product_standards.remove(outside)
    inside = batch.product_standards.get(code="T/CAGP 0003-2016")
    client.force_login(actors["applicant"])
    fields = {"product_name": "变频空调", "model_spec": "KFR-35GW", "brand": "绿源", "annual_output": "50 万台"}
    page = client.get(create_url(batch, "product")).content.decode()
    assert "T/CAGP 0003-2016" in page and "T/CAGP 0001-2016" not in page
    html = client.post(create_url(batch, "product"),
                       post_data(agency_org, {**fields, "standard": outside.pk})).content.decode()
    assert "所选评价标准不在本批次的评价标准清单中" in html
    assert not Declaration.objects.exists()

    client.post(create_url(batch, "product"), post_data(agency_org, {**fields, "standard": inside.pk}))
    details = ProductDetails.objects.get()
    assert details.standard == inside and details.declaration.applicant == actors["applicant"].organisation


def test_product_standard_dropped_from_the_batch_blocks_submission(actors, batch, walk):
    """R-PRODUCT-1 at submission, and in the service: the list is checked again when submitting."""
    from django.core.exceptions import ValidationError

    decl = walk(batch, until="draft", kind="product")
    standard = decl.product_details.standard
    batch.product_standards.remove(standard)
    with pytest.raises(TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert f"评价标准“{standard}”不在本批次的评价标准清单中" in refused.value.message
    with pytest.raises(ValidationError):
        save_details(actor=actors["applicant"], declaration=decl, brand="新品牌")


def test_batch_without_standards_accepts_no_product(actors):
    """R-PRODUCT-1: a batch with no standards attached offers none."""
    batch = factories.batch("2020-batch5")
    batch.product_standards.clear()
    decl = services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(kind="product"))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        save_details(actor=actors["applicant"], declaration=decl,
                     standard=ProductStandard.objects.first(), product_name="x")
    attach_all_standards(batch)
    save_details(actor=actors["applicant"], declaration=decl, standard=ProductStandard.objects.first())


# --- R-ENERGY -------------------------------------------------------------------------------

ENERGY = {"high_energy_industry": "烧碱", "energy_use_per_unit": Decimal("335"),
          "energy_quota_advanced_value": Decimal("315"), "energy_unit": "kgce/t"}


def test_energy_use_above_the_advanced_value_is_flagged_to_the_province(client, actors, batch, walk):
    """R-ENERGY: energy use per unit above the quota's advanced value is a red flag on the detail
    page and on the province's page; at the advanced value there is none."""
    flagged = walk(batch, until="draft", unit_name="高能耗工厂")
    save_details(actor=actors["applicant"], declaration=flagged, **ENERGY)
    meets = walk(batch, until="draft", unit_name="达标工厂")
    save_details(actor=actors["applicant"], declaration=meets, **{**ENERGY, "energy_use_per_unit": Decimal("315")})
    for decl in (flagged, meets):
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert FactoryDetails.objects.get(declaration=flagged).energy_flag
    assert not FactoryDetails.objects.get(declaration=meets).energy_flag

    client.force_login(actors["province"])
    html = client.get(reverse("reviews:province")).content.decode()
    rows = {name: row for row in html.split("<tr>") for name in ("高能耗工厂", "达标工厂") if name in row}
    assert "能耗未达先进值" in rows["高能耗工厂"] and "能耗未达先进值" not in rows["达标工厂"]
    detail = client.get(reverse("applications:detail", args=[flagged.pk])).content.decode()
    assert 'id="energy-flag"' in detail and "单位产品能耗 335 kgce/t，高于能耗限额标准先进值 315 kgce/t" in detail
    detail = client.get(reverse("applications:detail", args=[meets.pk])).content.decode()
    assert 'id="energy-flag"' not in detail and "达到先进值" in detail
    version = flagged.versions.get()
    assert version.data["details"]["energy_flag"] is True
    assert version.data["details"]["energy_use_per_unit"] == "335.0000"


def test_high_energy_industry_requires_the_values(client, actors, batch, agency_org):
    """R-ENERGY: naming a high energy-use industry makes the energy use and the quota required;
    only the batch's industries are offered."""
    client.force_login(actors["applicant"])
    html = client.post(create_url(batch, "factory"),
                       post_data(agency_org, {**FACTORY_OK, "high_energy_industry": "水泥"})).content.decode()
    assert "属于高耗能行业（水泥）时必须填写单位产品能耗。" in html
    assert "属于高耗能行业（水泥）时必须填写能耗限额标准先进值。" in html
    assert not Declaration.objects.exists()
    html = client.post(create_url(batch, "factory"),
                       post_data(agency_org, {**FACTORY_OK, "high_energy_industry": "造纸"})).content.decode()
    assert 'id="high_energy_industry-errors"' in html and not Declaration.objects.exists()


# --- R-INDUSTRY, R-REGION -------------------------------------------------------------------

def test_industry_class_must_belong_to_the_division(client, actors, batch, agency_org):
    """R-INDUSTRY: the 4-digit class is stored where given, and must start with the division chosen
    on the same page."""
    client.force_login(actors["applicant"])
    html = client.post(create_url(batch, "factory"),
                       post_data(agency_org, {**FACTORY_OK, "industry_class": "3811"})).content.decode()
    assert "行业小类 3811 不属于所属行业 C26 化学原料和化学制品制造业：前两位应为 26。" in html
    assert not Declaration.objects.exists()
    html = client.post(create_url(batch, "factory"),
                       post_data(agency_org, {**FACTORY_OK, "industry_class": "38a"})).content.decode()
    assert "行业小类代码应为 4 位数字" in html
    # Division and class changed together on one page are checked against each other.
    client.post(create_url(batch, "factory"),
                post_data(agency_org, {**FACTORY_OK, "industry_class": "3811"},
                          industry=Industry.objects.get(code="38").pk))
    assert FactoryDetails.objects.get().industry_class == "3811"


def test_authority_follows_the_registered_address_not_the_uscc(client, actors, batch, agency_org):
    """R-REGION: a unit registered in 江苏 whose USCC digits 3–8 read 浙江 (330100) is recommended by
    江苏, as chosen with its registered address."""
    from greenlist.uscc import with_check_character

    client.force_login(actors["applicant"])
    uscc = with_check_character("91330100MA2X00011")
    client.post(create_url(batch, "factory"), post_data(
        agency_org, {**FACTORY_OK, "registered_address": "江苏省苏州市工业园区星湖街 328 号"},
        uscc=uscc, authority=Authority.objects.get(code="32").pk, city="苏州市"))
    decl = Declaration.objects.get()
    assert (decl.uscc, decl.authority.code, decl.city) == (uscc, "32", "苏州市")
    html = client.get(reverse("applications:detail", args=[decl.pk])).content.decode()
    assert "江苏省苏州市工业园区星湖街 328 号" in html and "江苏省" in html


# --- saving, freezing, refusals -------------------------------------------------------------

def test_edit_saves_both_forms_and_keeps_invalid_input_of_both(client, actors, batch, walk, agency_org):
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    url = reverse("applications:edit", args=[decl.pk])
    html = client.post(url, post_data(agency_org, {**FACTORY_OK, "staff_count": "-3", "main_products": "新产品"},
                                      uscc="91350100M000100Y44")).content.decode()
    assert "校验位错误" in html and 'id="staff_count-errors"' in html
    assert 'value="新产品"' in html and 'value="91350100M000100Y44"' in html
    assert FactoryDetails.objects.get(declaration=decl).main_products == "环氧树脂"

    client.post(url, post_data(agency_org, {**FACTORY_OK, "main_products": "新产品"}))
    assert FactoryDetails.objects.get(declaration=decl).main_products == "新产品"
    entry = HistoryEntry.objects.for_object(decl).filter(action="edit").last()
    assert entry.data == {"fields": ["main_products"], "part": "details",
                          "changes": {"main_products": ["环氧树脂", "新产品"]}} and entry.actor == actors["applicant"]


def _history_html(html: str) -> str:
    return html[html.index('id="history"'):html.index("</ol>", html.index('id="history"'))]


def test_an_edit_records_and_shows_the_old_and_the_new_value(client, actors, batch, walk, agency_org):
    """R-FLOW-1: the history of an edit says what each field was and what it became."""
    decl = walk(batch, until="draft")
    old_phone = decl.contact_phone
    client.force_login(actors["applicant"])
    response = client.post(reverse("applications:edit", args=[decl.pk]), post_data(
        agency_org, FACTORY_OK, unit_name=decl.unit_name, uscc=decl.uscc, city=decl.city,
        authority=decl.authority_id, industry=decl.industry_id, contact_name=decl.contact_name,
        contact_phone="0571-87654321"))
    assert response.status_code == 302, response.content[:300]
    [entry] = [e for e in HistoryEntry.objects.for_object(decl).filter(action="edit") if "part" not in e.data]
    assert entry.data == {"fields": ["contact_phone"], "changes": {"contact_phone": [old_phone, "0571-87654321"]}}

    history = _history_html(client.get(reverse("applications:detail", args=[decl.pk])).content.decode())
    assert "联系电话：<del>" + old_phone + "</del> → " in history and "0571-87654321" in history


def test_crafted_post_cannot_change_the_details_of_a_submitted_declaration(client, actors, batch, walk, agency_org):
    """R-FLOW-2: the details are frozen with the declaration, on the page and in the service."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["applicant"])
    response = client.post(reverse("applications:edit", args=[decl.pk]),
                           post_data(agency_org, {**FACTORY_OK, "main_products": "偷偷改的产品"}))
    assert response.status_code == 403
    assert "内容已冻结，不能修改" in response.content.decode()
    assert FactoryDetails.objects.get(declaration=decl).main_products == "环氧树脂"
    with pytest.raises(TransitionRefused) as refused:
        save_details(actor=actors["applicant"], declaration=decl, main_products="偷偷改的产品")
    assert refused.value.code == "frozen"
    assert decl.versions.get().data["details"]["main_products"] == "环氧树脂"


def test_other_organisation_gets_404_and_changes_nothing(client, actors, batch, walk, agency_org):
    decl = walk(batch, until="draft")
    client.force_login(actors["other_applicant"])
    response = client.post(reverse("applications:edit", args=[decl.pk]),
                           post_data(agency_org, {**FACTORY_OK, "main_products": "别人的产品"}))
    assert response.status_code == 404
    assert FactoryDetails.objects.get(declaration=decl).main_products == "环氧树脂"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_details(actor=actors["other_applicant"], declaration=decl, main_products="别人的产品")


def test_factory_submission_names_the_missing_details(actors, batch):
    decl = services.create_declaration(actor=actors["applicant"], batch=batch, **factories.declaration_values())
    save_details(actor=actors["applicant"], declaration=decl, registered_address="浙江省杭州市")
    assert check_details(decl, {}) == ["工厂信息不完整，请补充：法定代表人、成立日期、注册资本（万元）、从业人员数、主要产品、年产量（含单位）。"]


def test_supply_chain_details_are_frozen_into_the_version(actors, batch, walk):
    decl = walk(batch, until="submitted", kind="supply_chain")
    data = decl.versions.get().data["details"]
    assert data["tier1_supplier_count"] == 420 and data["low_risk_supplier_share"] == "92.50"
    assert decl.supply_chain_details.core_products == "新能源汽车"


def test_park_green_body_needs_two_full_time_staff(actors, batch):
    """R-EVAL-4 basic requirement, checked on the park's details too: at least two staff."""
    from django.core.exceptions import ValidationError

    decl = services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(kind="park"))
    values = factories.details_values(decl, green_body_staff=1)
    with pytest.raises(ValidationError) as refused:
        save_details(actor=actors["applicant"], declaration=decl, **values)
    assert "专职人员不少于 2 人（当前为 1 人）" in str(refused.value.message_dict["green_body_staff"])
