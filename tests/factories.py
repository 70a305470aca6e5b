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


def member(role: str, organisation: Organisation | None = None, **user_kwargs):
    """A user with one role in an organisation (made to fit the role when not given)."""
    if organisation is None:
        organisation = {
            Role.APPLICANT: lambda: OrganisationFactory(),
            Role.AGENCY_STAFF: lambda: OrganisationFactory(kind=Organisation.Kind.AGENCY, authority=None,
                                                            name=f"测试评价中心{next(_serial)}"),
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
    admin = UserFactory()
    return create_batch(code=f"b{next(_serial)}", preset=preset, actor=admin, **overrides)


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
