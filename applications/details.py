"""What each kind of declaration asks beyond the common fields (DOMAIN.md §1): the factory's
registration and energy use (R-ENERGY, R-REGION, R-INDUSTRY), the product and its evaluation
standard (R-PRODUCT-1), the park's eligibility (R-PARK-1) and the supply chain's core enterprise.
One row per declaration, of the declaration's kind; saved by `save_details`, checked and frozen
at submission through applications.submission."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenlist import history
from greenlist.history import Action
from greenlist.models import ListKind
from greenlist.services import record_history

# Module imports, not names: applications.models imports this module at its end, so these may
# still be initialising; their names are only read when a function is called.
from .editing import lock_editable
from .product_standards import PRODUCT_STANDARDS

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class ProductStandard(models.Model):
    """An evaluation standard of the 绿色设计产品标准清单. A batch accepts products only under the
    standards attached to it (R-PRODUCT-1); a batch with none attached accepts no product."""

    code = models.CharField(gettext_lazy("标准编号"), max_length=40, unique=True)
    name = models.CharField(gettext_lazy("标准名称"), max_length=200)
    joint_codes = models.CharField(
        gettext_lazy("联合发布编号"), max_length=100, blank=True, help_text=gettext_lazy("同一标准的其他团体标准编号")
    )
    batches = models.ManyToManyField(
        "greenlist.Batch", verbose_name=gettext_lazy("适用批次"), related_name="product_standards", blank=True
    )

    class Meta:
        verbose_name = gettext_lazy("绿色设计产品评价标准")
        verbose_name_plural = gettext_lazy("绿色设计产品评价标准")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ParkLevel(models.TextChoices):
    NATIONAL = "national", gettext_lazy("国家级")
    PROVINCIAL = "provincial", gettext_lazy("省级")
    MUNICIPAL = "municipal", gettext_lazy("市级")
    COUNTY = "county", gettext_lazy("县级及以下")


# R-PARK-1: provincial-level parks or higher.
PARK_LEVELS_ACCEPTED = frozenset({ParkLevel.NATIONAL, ParkLevel.PROVINCIAL})
PARK_MIN_INDUSTRIAL_SHARE = Decimal("50")
# R-EVAL-4 basic requirement: a dedicated body with at least two full-time staff.
PARK_MIN_GREEN_STAFF = 2


class KindDetails(models.Model):
    """What the four details tables share: the rules a save must meet (`field_errors`: run by the
    form against the industry chosen on the same page, by `save_details` and by the submission
    check against the declaration's) and what a submission needs (`REQUIRED`)."""

    # Filled in to submit; a draft may lack them (the form marks them with an asterisk).
    REQUIRED: tuple[str, ...] = ()
    updated_at = models.DateTimeField(gettext_lazy("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name}：{self.declaration.unit_name}"

    @classmethod
    def editable_fields(cls) -> list[str]:
        return [f.name for f in cls._meta.concrete_fields if f.editable and f.name not in ("id", "declaration")]

    def field_errors(self, *, batch, industry) -> dict[str, list[str]]:
        """Values that break a rule of the batch, per field. `batch` and `industry` come from the
        declaration, or from the page while the declaration is being created or changed."""
        return {}

    def missing(self) -> list[str]:
        return [str(self._meta.get_field(name).verbose_name) for name in self.REQUIRED
                if getattr(self, name) in (None, "")]


class FactoryDetails(KindDetails):
    """绿色工厂: the enterprise's registration, production and, in a high energy-use industry, its
    energy use per unit product against the quota's advanced value (R-ENERGY)."""

    REQUIRED = ("registered_address", "legal_representative", "founded_on", "registered_capital",
                "staff_count", "main_products", "annual_output")
    ENERGY_FIELDS = ("energy_use_per_unit", "energy_quota_advanced_value", "energy_unit")

    declaration = models.OneToOneField(
        "applications.Declaration", on_delete=models.CASCADE, related_name="factory_details", editable=False
    )
    registered_address = models.CharField(
        gettext_lazy("注册地址"), max_length=200, blank=True,
        help_text=gettext_lazy("推荐单位和所在城市按注册地址确定，不按统一社会信用代码推断"),
    )
    legal_representative = models.CharField(gettext_lazy("法定代表人"), max_length=50, blank=True)
    founded_on = models.DateField(gettext_lazy("成立日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        gettext_lazy("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    staff_count = models.PositiveIntegerField(gettext_lazy("从业人员数"), null=True, blank=True)
    main_products = models.CharField(gettext_lazy("主要产品"), max_length=300, blank=True)
    annual_output = models.CharField(
        gettext_lazy("年产量（含单位）"), max_length=100, blank=True, help_text=gettext_lazy("例如：12 万吨")
    )
    industry_class = models.CharField(
        gettext_lazy("行业小类代码"), max_length=4, blank=True,
        validators=[RegexValidator(r"^\d{4}$", gettext_lazy("行业小类代码应为 4 位数字，例如 2614。"))],
        help_text=gettext_lazy("GB/T 4754-2017 四位小类代码，已知时填写；前两位须与所属行业大类一致"),
    )
    high_energy_industry = models.CharField(
        gettext_lazy("所属高耗能行业"), max_length=20, blank=True,
        help_text=gettext_lazy("属于本批次高耗能行业的，须填写单位产品能耗和能耗限额标准先进值"),
    )
    energy_use_per_unit = models.DecimalField(
        gettext_lazy("单位产品能耗"), max_digits=14, decimal_places=4, null=True, blank=True, validators=NON_NEGATIVE
    )
    energy_quota_advanced_value = models.DecimalField(
        gettext_lazy("能耗限额标准先进值"), max_digits=14, decimal_places=4, null=True, blank=True,
        validators=NON_NEGATIVE, help_text=gettext_lazy("国家单位产品能源消耗限额标准的先进值（2023 年起为能效标杆水平）"),
    )
    energy_unit = models.CharField(
        gettext_lazy("能耗计量单位"), max_length=40, blank=True, help_text=gettext_lazy("例如：kgce/t")
    )

    class Meta:
        verbose_name = gettext_lazy("工厂信息")
        verbose_name_plural = gettext_lazy("工厂信息")

    @property
    def energy_flag(self) -> bool:
        """R-ENERGY: energy use per unit above the quota's advanced value (lower is better)."""
        return bool(
            self.high_energy_industry and self.energy_use_per_unit is not None
            and self.energy_quota_advanced_value is not None
            and self.energy_use_per_unit > self.energy_quota_advanced_value
        )

    def field_errors(self, *, batch, industry) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        code = self.industry_class
        if code and len(code) == 4 and code.isdigit():
            if industry is None:
                errors["industry_class"] = [_("填写行业小类代码前，请先选择所属行业（大类）。")]
            elif code[:2] != industry.code:
                errors["industry_class"] = [
                    _("行业小类 %(c)s 不属于所属行业 %(d)s：前两位应为 %(p)s。")
                    % {"c": code, "d": industry, "p": industry.code}
                ]
        if self.high_energy_industry:
            if self.high_energy_industry not in (batch.high_energy_industries or []):
                errors["high_energy_industry"] = [
                    _("“%(x)s”不在本批次的高耗能行业中。") % {"x": self.high_energy_industry}
                ]
            for name in self.ENERGY_FIELDS:
                if getattr(self, name) in (None, ""):
                    errors.setdefault(name, []).append(
                        _("属于高耗能行业（%(x)s）时必须填写%(f)s。")
                        % {"x": self.high_energy_industry, "f": self._meta.get_field(name).verbose_name}
                    )
        return errors


class ProductDetails(KindDetails):
    """绿色设计产品: the producer is the applicant; one product model under one standard of the
    batch's standards list (R-PRODUCT-1)."""

    REQUIRED = ("product_name", "model_spec", "brand", "standard", "annual_output")

    declaration = models.OneToOneField(
        "applications.Declaration", on_delete=models.CASCADE, related_name="product_details", editable=False
    )
    product_name = models.CharField(gettext_lazy("产品名称"), max_length=200, blank=True)
    model_spec = models.CharField(gettext_lazy("型号规格"), max_length=200, blank=True)
    brand = models.CharField(gettext_lazy("品牌"), max_length=100, blank=True)
    standard = models.ForeignKey(
        ProductStandard, verbose_name=gettext_lazy("评价标准"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=gettext_lazy("从本批次的绿色设计产品评价标准清单中选择"),
    )
    annual_output = models.CharField(
        gettext_lazy("年产量（含单位）"), max_length=100, blank=True, help_text=gettext_lazy("例如：50 万台")
    )

    class Meta:
        verbose_name = gettext_lazy("产品信息")
        verbose_name_plural = gettext_lazy("产品信息")

    def field_errors(self, *, batch, industry) -> dict[str, list[str]]:
        if self.standard_id and not batch.product_standards.filter(pk=self.standard_id).exists():
            return {"standard": [standard_refused(self.standard)]}
        return {}


def _number(value: Decimal) -> str:
    """50.00 → 50, 50.10 → 50.1: as the applicant typed it, whether read from the page or the table."""
    return format(value.normalize(), "f")


def standard_refused(standard) -> str:
    return _("评价标准“%(s)s”不在本批次的评价标准清单中，只能选择清单中的标准。") % {"s": standard}


class ParkDetails(KindDetails):
    """绿色工业园区: what R-PARK-1 asks of a park, with the management body behind it."""

    REQUIRED = ("park_level", "area", "management_body", "green_body_staff", "industrial_share")
    # R-PARK-1 conditions the park declares, in the order the notice lists them.
    CONDITIONS = ("manufacturing_main", "legal_boundary", "single_management_body")

    declaration = models.OneToOneField(
        "applications.Declaration", on_delete=models.CASCADE, related_name="park_details", editable=False
    )
    park_level = models.CharField(gettext_lazy("园区级别"), max_length=12, choices=ParkLevel.choices, blank=True)
    area = models.DecimalField(
        gettext_lazy("园区面积（平方公里）"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=NON_NEGATIVE,
    )
    management_body = models.CharField(gettext_lazy("园区管理机构名称"), max_length=200, blank=True)
    green_body_staff = models.PositiveIntegerField(
        gettext_lazy("绿色园区工作机构专职人员数"), null=True, blank=True
    )
    industrial_share = models.DecimalField(
        gettext_lazy("工业增加值占园区比重（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT, help_text=gettext_lazy("须高于 50%"),
    )
    manufacturing_main = models.BooleanField(gettext_lazy("以制造业或能源供应为主要功能"), default=False)
    legal_boundary = models.BooleanField(gettext_lazy("有法定边界和范围（四至范围明确）"), default=False)
    single_management_body = models.BooleanField(gettext_lazy("具有统一的管理机构"), default=False)

    class Meta:
        verbose_name = gettext_lazy("园区信息")
        verbose_name_plural = gettext_lazy("园区信息")

    def field_errors(self, *, batch, industry) -> dict[str, list[str]]:
        """R-PARK-1: each failing condition, named."""
        errors: dict[str, list[str]] = {}
        if self.park_level and self.park_level not in PARK_LEVELS_ACCEPTED:
            errors["park_level"] = [
                _("园区须为省级及以上，%(l)s园区不能申报。") % {"l": self.get_park_level_display()}
            ]
        if self.industrial_share is not None and self.industrial_share <= PARK_MIN_INDUSTRIAL_SHARE:
            errors["industrial_share"] = [
                _("工业增加值占园区比重须高于 50%%（当前为 %(v)s%%）。") % {"v": _number(self.industrial_share)}
            ]
        if self.green_body_staff is not None and self.green_body_staff < PARK_MIN_GREEN_STAFF:
            errors["green_body_staff"] = [
                _("绿色园区工作机构专职人员不少于 %(n)d 人（当前为 %(v)d 人）。")
                % {"n": PARK_MIN_GREEN_STAFF, "v": self.green_body_staff}
            ]
        for name in self.CONDITIONS:
            if not getattr(self, name):
                errors[name] = [_("园区须符合此条件：%(c)s。") % {"c": self._meta.get_field(name).verbose_name}]
        return errors


class SupplyChainDetails(KindDetails):
    """绿色供应链管理企业: the core enterprise and its suppliers (the 20 indicators of R-EVAL-3 are
    the self-evaluation's)."""

    REQUIRED = ("core_products", "industry_position", "tier1_supplier_count", "evaluated_supplier_count",
                "low_risk_supplier_share")

    declaration = models.OneToOneField(
        "applications.Declaration", on_delete=models.CASCADE, related_name="supply_chain_details", editable=False
    )
    core_products = models.CharField(gettext_lazy("核心企业主要产品"), max_length=300, blank=True)
    industry_position = models.TextField(
        gettext_lazy("在行业中的地位"), blank=True, help_text=gettext_lazy("例如：市场占有率、行业排名")
    )
    tier1_supplier_count = models.PositiveIntegerField(gettext_lazy("一级供应商数量"), null=True, blank=True)
    evaluated_supplier_count = models.PositiveIntegerField(
        gettext_lazy("开展绿色评价的供应商数量"), null=True, blank=True
    )
    low_risk_supplier_share = models.DecimalField(
        gettext_lazy("低风险供应商占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT,
    )

    class Meta:
        verbose_name = gettext_lazy("供应链信息")
        verbose_name_plural = gettext_lazy("供应链信息")


DETAILS_MODELS: dict[str, type[KindDetails]] = {
    ListKind.FACTORY: FactoryDetails,
    ListKind.PRODUCT: ProductDetails,
    ListKind.PARK: ParkDetails,
    ListKind.SUPPLY_CHAIN: SupplyChainDetails,
}
RELATED_NAMES = {
    ListKind.FACTORY: "factory_details",
    ListKind.PRODUCT: "product_details",
    ListKind.PARK: "park_details",
    ListKind.SUPPLY_CHAIN: "supply_chain_details",
}


def details_of(decl) -> KindDetails | None:
    """The declaration's details row, or None while nothing has been saved. Read through the
    one-to-one accessor, so the page and the submission check share one query (or none, after
    select_related)."""
    try:
        return getattr(decl, RELATED_NAMES[decl.kind])
    except ObjectDoesNotExist:
        return None


# --- action -------------------------------------------------------------------------------


def save_details(*, actor, declaration, **fields) -> KindDetails:
    """Create or change the details of a draft or returned declaration; anything else is frozen
    (R-FLOW-2). The batch's rules (R-PARK-1, R-PRODUCT-1, R-ENERGY, the industry class) are
    checked against the declaration as it is now."""

    model = DETAILS_MODELS[declaration.kind]
    allowed = set(model.editable_fields())
    with transaction.atomic():
        decl = lock_editable(actor, declaration, related=("batch", "industry"))
        details = model.objects.filter(declaration=decl).first() or model(declaration=decl)
        details.declaration = decl
        before, changed = {}, {}
        for name, value in fields.items():
            if name not in allowed:
                raise ValueError(f"not a field of {model.__name__}: {name}")
            if getattr(details, name) != value:
                before[name], changed[name] = getattr(details, name), value
                setattr(details, name, value)
        details.full_clean()
        errors = details.field_errors(batch=decl.batch, industry=decl.industry)
        if errors:
            raise ValidationError(errors)
        details.save()
        if changed:
            record_history(decl, action=Action.EDIT, actor=actor, data={
                "fields": sorted(changed), "part": "details", "changes": history.changes(before, changed)})
    setattr(declaration, RELATED_NAMES[declaration.kind], details)  # the caller's copy sees the change
    return details


def attach_all_standards(batch) -> None:
    """Open every known product standard to the batch (the demo and the tests: a real batch gets
    its list from the ministry). Loads the standards first when the table is empty, as after a
    test database flush."""

    if not ProductStandard.objects.exists():
        ProductStandard.objects.bulk_create(
            ProductStandard(code=code, name=name, joint_codes=joint) for code, name, joint in PRODUCT_STANDARDS
        )
    batch.product_standards.add(*ProductStandard.objects.all())


def load_product_standards(model) -> None:
    """The data migration's loader (`model` is the historical ProductStandard)."""

    for code, name, joint in PRODUCT_STANDARDS:
        model.objects.update_or_create(code=code, defaults={"name": name, "joint_codes": joint})


# --- submission (applications.submission) --------------------------------------------------


def check_details(decl, ctx: dict) -> list[str]:
    """Everything the kind's details lack or break, each message naming the field."""
    section = DETAILS_MODELS[decl.kind]._meta.verbose_name
    details = details_of(decl)
    if details is None:
        details = DETAILS_MODELS[decl.kind]()  # not attached: that would cache it on decl as if saved
    found = []
    missing = details.missing()
    if missing:
        found.append(_("%(s)s不完整，请补充：%(m)s。") % {"s": section, "m": "、".join(missing)})
    for messages in details.field_errors(batch=decl.batch, industry=decl.industry).values():
        for message in messages:
            if message not in found:
                found.append(_("%(s)s：%(m)s") % {"s": section, "m": message})
    return found


def freeze_details(decl) -> dict:
    """The details as plain data in the submitted version."""
    details = details_of(decl)
    if details is None:
        return {}
    data = model_to_dict(details, fields=details.editable_fields())
    if isinstance(details, ProductDetails):
        data["standard"] = details.standard.code if details.standard_id else None
    if isinstance(details, FactoryDetails):
        data["energy_flag"] = details.energy_flag
    return {k: v if v is None or isinstance(v, bool | int | str) else str(v) for k, v in data.items()}
