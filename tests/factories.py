"""factory_boy factories: real rows made through the same services the portal uses where a
service exists, so permissions and history are set up exactly as in production."""
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from greenlist.models import Authority, Batch, Industry, ListKind, Organisation, Role
from greenlist.services import add_member, create_batch, organisation_for_authority
from greenlist.uscc import with_check_character

_serial = itertools.count(1)


def new_uscc() -> str:
    return with_check_character(f"91330100MA{next(_serial):07d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.django.Password("pw-12345678")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = Organisation.Kind.ENTERPRISE
    authority = factory.LazyFunction(lambda: Authority.objects.get(code="33"))


def approved_agency(name: str | None = None, **profile) -> Organisation:
    """An agency organisation with a registration the ministry approved (R-AGENCY-1)."""
    from evaluations.agencies import AgencyProfile

    agency = OrganisationFactory(kind=Organisation.Kind.AGENCY, authority=None,
                                 name=name or f"测试评价中心{next(_serial)}")
    AgencyProfile.objects.create(organisation=agency, **{**APPROVED_PROFILE, **profile})
    return agency


APPROVED_PROFILE = {
    "legal_person": "测试评价认证有限公司", "legal_representative": "李评", "registered_in_china": True,
    "fixed_office": True, "sound_finances": True, "qualified_staff": 12, "senior_staff": 6,
    "experience": "近五年完成绿色工厂评价 30 余项。", "status": "approved",
}


def member(role: str, organisation: Organisation | None = None, **user_kwargs):
    """A user with one role in an organisation (made to fit the role when not given)."""
    if organisation is None:
        organisation = {
            Role.APPLICANT: lambda: OrganisationFactory(),
            Role.AGENCY_STAFF: lambda: approved_agency(),
            Role.PROVINCIAL_OFFICIAL: lambda: organisation_for_authority(Authority.objects.get(code="33")),
            Role.MINISTRY_REVIEWER: lambda: OrganisationFactory(kind=Organisation.Kind.MINISTRY, authority=None),
            Role.EXPERT: lambda: OrganisationFactory(),
            Role.MINISTRY_ADMIN: lambda: OrganisationFactory(kind=Organisation.Kind.MINISTRY, authority=None),
        }[role]()
    user = UserFactory(**user_kwargs)
    add_member(organisation=organisation, user=user, roles=[role])
    return user


def batch(preset: str = "2020-batch5", **overrides) -> Batch:
    import datetime

    from django.utils import timezone

    overrides.setdefault("recommendation_deadline", timezone.localdate() + datetime.timedelta(days=30))
    from applications.details import attach_all_standards

    admin = UserFactory()
    created = create_batch(code=f"b{next(_serial)}", preset=preset, actor=admin, **overrides)
    if created.is_kind_open(ListKind.PRODUCT):
        attach_all_standards(created)
    return created


def declaration_values(**overrides) -> dict:
    values = {
        "kind": ListKind.FACTORY,
        "unit_name": f"测试绿色工厂{next(_serial)}",
        "uscc": new_uscc(),
        "authority": Authority.objects.get(code="33"),
        "city": "杭州市",
        "industry": Industry.objects.get(code="26"),
        "self_score": Decimal("85.0"),
        "contact_name": "张三",
        "contact_phone": "0571-12345678",
    }
    values.update(overrides)
    return values


def details_values(decl, **overrides) -> dict:
    """Complete details of the declaration's kind that meet the batch's rules (R-PARK-1, R-PRODUCT-1)."""
    import datetime

    values = {
        ListKind.FACTORY: lambda: {
            "registered_address": "浙江省杭州市钱塘区白杨街道 8 号", "legal_representative": "王绿源",
            "founded_on": datetime.date(2008, 5, 20), "registered_capital": Decimal("5000"), "staff_count": 320,
            "main_products": "环氧树脂", "annual_output": "12 万吨",
        },
        ListKind.PRODUCT: lambda: {
            "product_name": "变频房间空气调节器", "model_spec": "KFR-35GW", "brand": "绿源",
            "standard": decl.batch.product_standards.order_by("code").first(), "annual_output": "50 万台",
        },
        ListKind.PARK: lambda: {
            "park_level": "national", "area": Decimal("36.5"), "management_body": "测试经济技术开发区管理委员会",
            "green_body_staff": 3, "industrial_share": Decimal("68.5"), "manufacturing_main": True,
            "legal_boundary": True, "single_management_body": True,
        },
        ListKind.SUPPLY_CHAIN: lambda: {
            "core_products": "新能源汽车", "industry_position": "国内市场占有率前五", "tier1_supplier_count": 420,
            "evaluated_supplier_count": 380, "low_risk_supplier_share": Decimal("92.5"),
        },
    }[decl.kind]()
    values.update(overrides)
    return values


def expert_profile(user, *, authority_code: str = "11", employer: Organisation | None = None,
                   employer_name: str = "", specialty: str = "绿色制造评价"):
    """R-REVIEW-1: the expert's region and employer; by default 北京 and the user's own organisation."""
    from reviews.expert_review.models import ExpertProfile

    if employer is None and not employer_name:
        employer = user.organisation
    return ExpertProfile.objects.create(user=user, authority=Authority.objects.get(code=authority_code),
                                        employer=employer, employer_name=employer_name, specialty=specialty)


def expert(**profile):
    """A further expert with a profile (see expert_profile for the defaults)."""
    user = member(Role.EXPERT, OrganisationFactory(authority=Authority.objects.get(code="11")))
    expert_profile(user, **profile)
    return user
