"""The shared core: users and organisations, reference data (authorities, industries),
the batch and its policy, and the append-only history every app writes to.

Reference and policy rows are edited in the admin, so each keeps its row history
(`Model.history`, django-simple-history): who changed which values when. HistoryEntry stays the
record of the workflows' actions."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import history
from .uscc import validate_uscc


class RowHistory(HistoricalRecords):
    """The row history of a reference or policy model, named after it in Chinese first: the
    historical model of 批次 is 批次修改记录, not "historical 批次"."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["verbose_name"] = format_lazy(_("{}修改记录"), model._meta.verbose_name)
        options["verbose_name_plural"] = format_lazy(_("{}修改记录"), model._meta.verbose_name_plural)
        return options


class ListKind(models.TextChoices):
    """The four kinds of listed unit (名单类别), DOMAIN.md §1."""

    FACTORY = "factory", _("绿色工厂")
    PRODUCT = "product", _("绿色设计产品")
    PARK = "park", _("绿色工业园区")
    SUPPLY_CHAIN = "supply_chain", _("绿色供应链管理企业")


class ListLevel(models.TextChoices):
    """梯度: national, provincial and municipal lists (2024 Measures ch.1)."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


class Role(models.TextChoices):
    """Roles are auth groups of these names; object access is granted to organisation groups."""

    APPLICANT = "applicant", _("申报单位")
    AGENCY_STAFF = "agency_staff", _("第三方评价机构人员")
    PROVINCIAL_OFFICIAL = "provincial_official", _("省级主管部门")
    MINISTRY_REVIEWER = "ministry_reviewer", _("工业和信息化部审核人员")
    EXPERT = "expert", _("评审专家")
    MINISTRY_ADMIN = "ministry_admin", _("工业和信息化部管理员")


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.role_names

    @cached_property
    def organisation(self) -> Organisation | None:
        membership = Membership.objects.filter(user=self).select_related("organisation__authority").first()
        return membership.organisation if membership else None


class Authority(models.Model):
    """A recommending authority (推荐单位), R-AUTH-1: 31 provincial regions, 5 separately planned
    cities and the XPCC. `code` is the GB/T 2260 prefix, or XPCC, which has none of its own."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省级行政区")
        PLANNED_CITY = "planned_city", _("计划单列市")
        CORPS = "corps", _("新疆生产建设兵团")

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    short_name = models.CharField(_("简称"), max_length=10)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        "self", verbose_name=_("所在省份"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="separate_authorities",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = RowHistory()

    class Meta:
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


# GB/T 4754-2017 divisions 13–43 are exactly section C (制造业): written "C26" by convention.
MANUFACTURING_DIVISIONS = range(13, 44)


class Industry(models.Model):
    """GB/T 4754-2017 (R-INDUSTRY): sections A–T, divisions (2 digits), groups (3), classes (4)."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")

    code = models.CharField(_("代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    history = RowHistory()

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self):
        return f"{self.display_code} {self.name}"

    @property
    def display_code(self) -> str:
        if self.level != self.Level.SECTION and int(self.code[:2]) in MANUFACTURING_DIVISIONS:
            return f"C{self.code}"
        return self.code


class Organisation(models.Model):
    """Enterprises, park committees, agencies, authorities and the ministry. Each has an auth group
    of its members: object permissions (django-guardian) are granted to that group."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        PARK_COMMITTEE = "park_committee", _("园区管理机构")
        AGENCY = "agency", _("第三方评价机构")
        AUTHORITY = "authority", _("推荐单位（省级主管部门）")
        MINISTRY = "ministry", _("工业和信息化部")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc],
        help_text=_("18 位，不含 I、O、S、V、Z"),
    )
    authority = models.ForeignKey(
        Authority, verbose_name=_("所属推荐单位"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("推荐单位本身，或企业、园区注册地所属的推荐单位"),
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, editable=False, related_name="organisation")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = RowHistory()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority"], condition=models.Q(kind="authority"), name="one_organisation_per_authority"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.group_id:
            self.group = Group.objects.create(name=f"org:{self.kind}:{timezone.now():%Y%m%d%H%M%S%f}")
        super().save(*args, **kwargs)


class Membership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    title = models.CharField(_("职务"), max_length=100, blank=True)

    history = RowHistory()

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class EvaluationMode(models.TextChoices):
    """R-FLOW-3: who evaluates a declaration in this batch."""

    THIRD_PARTY = "third_party", _("第三方评价（必需）")
    SELF_OR_THIRD_PARTY = "self_or_third_party", _("自评价或第三方评价")
    SELF_ONLY = "self_only", _("平台自评价")


class NegativeListVersion(models.TextChoices):
    """R-VETO-1: the wording of the negative list the applicant declares against."""

    V2016 = "2016", _("2016—2023 年版本")
    V2024 = "2024", _("2024 年《暂行办法》第十五条")


def default_kinds():
    return list(ListKind.values)


class Batch(models.Model):
    """A batch (第五批, 2024年度…) and every (policy) value of DOMAIN.md for it."""

    class Phase(models.TextChoices):
        OPEN = "open", _("申报中")
        REVIEW = "review", _("审核中")
        CLOSED = "closed", _("已结束")

    code = models.SlugField(_("编号"), unique=True)
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如：第五批、2024年度"))
    year = models.PositiveSmallIntegerField(_("年度"))
    phase = models.CharField(_("阶段"), max_length=10, choices=Phase.choices, default=Phase.OPEN)
    notice = models.CharField(_("依据文件"), max_length=100, blank=True)
    # (policy) values
    kinds_open = models.JSONField(_("开放类别"), default=default_kinds, help_text=_("本批次受理的名单类别"))
    evaluation_mode = models.CharField(
        _("评价方式"), max_length=24, choices=EvaluationMode.choices, default=EvaluationMode.THIRD_PARTY,
        help_text=_("是否须经第三方评价机构评价"),
    )
    negative_list_version = models.CharField(
        _("否决项版本"), max_length=8, choices=NegativeListVersion.choices, default=NegativeListVersion.V2016
    )
    agency_cap = models.PositiveSmallIntegerField(
        _("同一法人机构评价项目上限"), null=True, blank=True, help_text=_("同一法人或法定代表人的评价机构在本批次最多承担的项目数；留空为不限")
    )
    agency_ban_years = models.PositiveSmallIntegerField(_("机构禁入年限"), default=3, help_text=_("评价机构严重违规后不予受理其报告的年限"))
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=15, help_text=_("拟入选名单的公示天数"))
    requires_provincial_listing = models.BooleanField(
        _("国家级须先列入省级名单"), default=False, help_text=_("2024 年《暂行办法》第十一、十二条")
    )
    factory_scheme = models.CharField(
        _("绿色工厂评价方案"), max_length=32, default="GBT36132-2018",
        # The indicator sets loaded by evaluations' data migration (R-EVAL-1); a new scheme comes
        # with its data migration and a choice here.
        choices=[("GBT36132-2018", "GB/T 36132-2018"), ("GBT36132-2025", "GB/T 36132-2025")],
        help_text=_("绿色工厂按此指标体系自评价和评价，如 GBT36132-2018、GBT36132-2025"),
    )
    high_energy_industries = models.JSONField(_("高耗能行业"), default=list, blank=True, help_text=_("单位产品能耗须达到能耗限额标准先进值的行业"))
    declaration_deadline = models.DateField(_("申报截止日期"), null=True, blank=True)
    recommendation_deadline = models.DateField(_("推荐截止日期"), null=True, blank=True)
    dynamic_table_month = models.PositiveSmallIntegerField(_("动态管理表报送月"), default=4)
    dynamic_table_day = models.PositiveSmallIntegerField(_("动态管理表报送日"), default=15)
    created_at = models.DateTimeField(auto_now_add=True)

    history = RowHistory()

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        ordering = ["-year", "-code"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = set(self.kinds_open or []) - set(ListKind.values)
        if unknown:
            raise ValidationError({"kinds_open": _("未知类别：%(k)s") % {"k": "、".join(sorted(unknown))}})

    @property
    def is_open(self) -> bool:
        return self.phase == self.Phase.OPEN

    @property
    def third_party_stage(self) -> bool:
        """Whether declarations pass through third-party evaluation in this batch (R-FLOW-3)."""
        return self.evaluation_mode == EvaluationMode.THIRD_PARTY

    def is_kind_open(self, kind: str) -> bool:
        return kind in (self.kinds_open or [])

    def kind_labels(self) -> list[str]:
        return [str(ListKind(k).label) for k in self.kinds_open or []]

    def quota_for(self, authority: Authority, kind: str) -> int | None:
        """R-QUOTA: an authority's own quota row wins over the batch default; None means no cap."""
        rows = {q.authority_id: q.limit for q in self.quotas.filter(kind=kind)}
        if authority.pk in rows:
            return rows[authority.pk]
        return rows.get(None)

    def recommendation_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.recommendation_deadline is None or today <= self.recommendation_deadline


class BatchQuota(models.Model):
    """R-QUOTA (policy): at most `limit` recommendations of `kind` per authority; a row without an
    authority is the batch default, a null limit means no cap."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(_("类别"), max_length=20, choices=ListKind.choices)
    authority = models.ForeignKey(
        Authority, verbose_name=_("推荐单位"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("留空表示适用于所有推荐单位的默认名额"),
    )
    limit = models.PositiveSmallIntegerField(_("名额"), null=True, blank=True, help_text=_("留空为不限"))

    history = RowHistory()

    class Meta:
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        constraints = [
            models.UniqueConstraint(fields=["batch", "kind", "authority"], name="one_quota_per_authority_kind"),
            models.UniqueConstraint(
                fields=["batch", "kind"], condition=models.Q(authority__isnull=True), name="one_default_quota_per_kind"
            ),
        ]

    def __str__(self):
        who = self.authority or _("默认")
        return f"{self.batch} {self.get_kind_display()} {who}: {self.limit if self.limit is not None else '∞'}"


class HistoryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def update(self, **kwargs):
        raise TypeError("history is append-only")

    def delete(self):
        raise TypeError("history is append-only")


class HistoryEntry(models.Model):
    """Append-only record of every state change and action (R-FLOW-1): who, when, from, to, note."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # One of history.Action's values; no `choices=` here (a migration for a label): record_history checks it.
    action = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("历史记录")
        verbose_name_plural = _("历史记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("history is append-only")

    @property
    def action_label(self) -> str:
        return history.action_label(self.action)


from .notifications import Notification  # noqa: E402,F401
