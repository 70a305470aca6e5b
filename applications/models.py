"""What an applicant files: the declaration of one unit in one batch, and the frozen copy of
every version it submitted (R-FLOW-2)."""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from greenlist.models import Authority, Batch, Industry, ListKind, ListLevel, Organisation
from greenlist.uscc import validate_uscc


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    EVALUATED = "evaluated", _("第三方已评价")
    RECOMMENDED = "recommended", _("省级已推荐")
    SHORTLISTED = "shortlisted", _("部级审核通过")
    IN_PUBLICITY = "in_publicity", _("公示中")
    PUBLISHED = "published", _("已列入名单")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("未通过")


# States in which the applicant may still change the declaration (R-FLOW-2).
EDITABLE_STATES = frozenset({DeclarationStatus.DRAFT, DeclarationStatus.RETURNED})
# States that count against an authority's quota once reached (R-QUOTA).
RECOMMENDED_STATES = frozenset({
    DeclarationStatus.RECOMMENDED, DeclarationStatus.SHORTLISTED,
    DeclarationStatus.IN_PUBLICITY, DeclarationStatus.PUBLISHED,
})


class Declaration(models.Model):
    """One unit's application in one batch (申报). The status changes only through
    applications.workflow.perform; never assign it elsewhere."""

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(_("类别"), max_length=20, choices=ListKind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=ListLevel.choices, default=ListLevel.NATIONAL)
    applicant = models.ForeignKey(
        Organisation, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="declarations"
    )
    unit_name = models.CharField(_("单位（工厂、园区、产品）名称"), max_length=200)
    # A draft may be saved incomplete; the submit guard lists what is still missing.
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    authority = models.ForeignKey(
        Authority, verbose_name=_("推荐单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="declarations", help_text=_("按注册地址所在地选择，计划单列市和兵团单独推荐"),
    )
    city = models.CharField(_("所在城市"), max_length=50, blank=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uses_third_party = models.BooleanField(
        _("由第三方机构评价"), default=True, help_text=_("由批次的评价方式决定")
    )
    self_score = models.DecimalField(_("自评价得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT, editable=False
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    # The create form's one-time token: a double click or a resent POST finds the draft it made
    # instead of making a second one.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["-updated_at", "-pk"]
        permissions = [
            ("evaluate_declaration", _("第三方评价申报")),
            ("recommend_declaration", _("省级推荐申报")),
            ("review_declaration", _("部级审核申报")),
        ]
        indexes = [
            models.Index(fields=["batch", "authority", "kind", "status"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self):
        return f"{self.unit_name}（{self.get_kind_display()}，{self.batch}）"

    def get_absolute_url(self):
        return reverse("applications:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    def snapshot(self) -> dict:
        """The submitted material as plain data, frozen into a DeclarationVersion."""
        return {
            "kind": self.kind,
            "level": self.level,
            "unit_name": self.unit_name,
            "uscc": self.uscc,
            "authority": self.authority.code if self.authority_id else None,
            "city": self.city,
            "industry": self.industry.code if self.industry_id else None,
            "uses_third_party": self.uses_third_party,
            "self_score": str(self.self_score) if self.self_score is not None else None,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
        }


class DeclarationVersion(models.Model):
    """Every version an applicant submitted, kept read-only (R-FLOW-2)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    data = models.JSONField(_("申报内容"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报版本")
        verbose_name_plural = _("申报版本")
        ordering = ["declaration", "number"]
        constraints = [models.UniqueConstraint(fields=["declaration", "number"], name="one_row_per_version")]

    def __str__(self):
        return f"{self.declaration} v{self.number}"


# Direct foreign keys for guardian's object permissions: joins on an integer key instead of
# the generic table's text object_pk, so "declarations visible to me" stays one indexed query.
class DeclarationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Declaration, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("申报权限（用户）")
        verbose_name_plural = _("申报权限（用户）")


class DeclarationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Declaration, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("申报权限（组织）")
        verbose_name_plural = _("申报权限（组织）")


from .attachments import Attachment  # noqa: E402,F401
from .details import FactoryDetails, ParkDetails, ProductDetails, ProductStandard, SupplyChainDetails  # noqa: E402,F401
from .negative_list import NegativeListAnswer  # noqa: E402,F401
