"""What the publication stage writes: the publicity (公示) of a batch's shortlist, the objections
against its units, the published list entries (名单条目) with their public verification code, and
the published list's files."""
from __future__ import annotations

import datetime
import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.filejobs import FileJob
from greenlist.files import DOCUMENT_TYPES, RandomName, get_private_storage
from greenlist.models import Authority, Batch, Industry, ListKind, ListLevel

# Lowercase letters and digits without look-alikes (0/o, 1/l/i): codes are read off paper too.
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


CODE_LENGTH = 16  # 31^16 ≈ 2^79: not guessable, short enough for a URL in a QR code


def new_public_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


class Publicity(models.Model):
    """The announcement (公示) of a batch's shortlist for the batch's publicity days (R-PUBLICITY)."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="publicities")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The units announced in this publicity: a batch may have a second, later round, and an
    # objection may only name a unit of its own round.
    declarations = models.ManyToManyField(Declaration, verbose_name=_("公示单位"), related_name="publicities",
                                          blank=True, db_table="reviews_publicity_declarations")

    class Meta:
        db_table = "reviews_publicity"  # created by the reviews app before the split
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def __str__(self):
        return f"{self.batch} 公示 {self.starts_on}—{self.ends_on}"

    def get_absolute_url(self):
        return reverse("publicity:detail", args=[self.pk])

    def is_running(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.ends_on


class Objection(models.Model):
    """An objection (异议) against a unit in publicity; it blocks publication until resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    publicity = models.ForeignKey(Publicity, on_delete=models.PROTECT, related_name="objections")
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField(_("异议人"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    grounds = models.TextField(_("异议理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("处理意见"), blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    # Optional evidence: checked by content, stored under a random name, served only to the ministry.
    evidence = models.FileField(_("证明材料"), upload_to=RandomName("objection-evidence"),
                                storage=get_private_storage, max_length=200, blank=True)
    evidence_name = models.CharField(_("证明材料文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("证明材料类型"), max_length=100, blank=True)
    evidence_size = models.PositiveBigIntegerField(_("证明材料大小（字节）"), null=True, blank=True)
    # Kept to look into abuse of the anonymous form; the rate limit itself lives in the cache.
    ip_address = models.GenericIPAddressField(_("来源 IP"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        db_table = "reviews_objection"  # created by the reviews app before the split
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["declaration", "status"])]

    def __str__(self):
        return f"{self.declaration.unit_name}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("reviews:objection", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def evidence_download_name(self) -> str:
        extension = DOCUMENT_TYPES.get(self.evidence_type, ("bin",))[0]
        stem = PurePath(self.evidence_name).stem or "evidence"
        return f"{stem}.{extension}"


class ListEntry(models.Model):
    """One unit on a published list (R-PUBLISH). Written once at publication and never edited:
    later events (removal, rename) are rows of their own shown beside it."""

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("类别"), max_length=20, choices=ListKind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=ListLevel.choices, default=ListLevel.NATIONAL)
    unit_name = models.CharField(_("名称"), max_length=300)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    authority = models.ForeignKey(Authority, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+")
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency_name = models.CharField(_("第三方评价机构"), max_length=200, blank=True)
    declaration = models.OneToOneField(
        Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="list_entry"
    )
    published_on = models.DateField(_("发布日期"))
    # Green design products (绿色设计产品): what the published list names besides the enterprise.
    # Blank for the other kinds and for entries published through the portal.
    product_name = models.CharField(_("产品名称"), max_length=300, blank=True)
    product_model = models.CharField(_("产品型号"), max_length=300, blank=True)
    product_category = models.CharField(_("产品种类"), max_length=100, blank=True)
    product_standard = models.CharField(_("适用评价标准"), max_length=300, blank=True)
    # Historical lists (reviews.lists.importer): the industry as the list printed it (电子, 机械…), kept
    # when it has no single GB/T 4754 division, and the row's stable key that makes re-runs no-ops.
    published_industry = models.CharField(_("公布的行业"), max_length=30, blank=True)
    import_key = models.CharField(_("导入键"), max_length=64, blank=True, editable=False)
    # R-GREENCODE: the public verification code (new_public_code above; the page: reviews.lists), set once at creation.
    public_code = models.CharField(_("验证码"), max_length=16, unique=True, default=new_public_code, editable=False)

    class Meta:
        db_table = "reviews_listentry"  # created by the reviews app before the split
        verbose_name = _("名单条目")
        verbose_name_plural = _("名单条目")
        ordering = ["-published_on", "authority__sort_order", "pk"]
        indexes = [
            models.Index(fields=["kind", "batch"]),
            models.Index(fields=["authority", "kind"]),
            models.Index(fields=["uscc"]),
            models.Index(fields=["unit_name"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"], condition=~models.Q(import_key=""), name="one_entry_per_import_key"
            ),
        ]

    def __str__(self):
        return self.unit_name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("a published list entry is immutable")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("lists:detail", args=[self.pk])


# A file still pending or running after this long is taken as lost (worker down): asking again
# replaces it.
STUCK_AFTER = datetime.timedelta(minutes=15)


class PublicationExport(FileJob):
    """One generated (or being generated) file of a batch's published list."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    STUCK_AFTER = STUCK_AFTER
    CONTENT_TYPES = {
        Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.PDF: "application/pdf",
    }

    batch = models.ForeignKey(Batch, verbose_name=gettext_lazy("批次"), on_delete=models.PROTECT,
                              related_name="publication_exports")
    format = models.CharField(gettext_lazy("格式"), max_length=4, choices=Format.choices)
    file = models.FileField(gettext_lazy("文件"), upload_to=RandomName("publication-exports"),
                            storage=get_private_storage, max_length=200, blank=True)
    entries = models.PositiveIntegerField(gettext_lazy("条目数"), null=True, blank=True)

    class Meta(FileJob.Meta):
        db_table = "reviews_publicationexport"  # created by the reviews app before the split
        verbose_name = gettext_lazy("名单发布文件")
        verbose_name_plural = gettext_lazy("名单发布文件")
        constraints = [
            models.UniqueConstraint(fields=["batch", "format"], condition=models.Q(status__in=["pending", "running"]),
                                    name="one_live_publication_export"),
        ]

    def __str__(self):
        return f"{self.batch} {self.format} {self.status}"

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]

    @property
    def filename(self) -> str:
        return f"绿色制造名单-{self.batch.name}.{self.format}"
