"""Attachments (附件) of a declaration: the documents each kind must include, evidence per
indicator, the actions that add and remove them, and what submission checks and freezes: a file
submitted with a version stays with it for good (R-FLOW-2). Files are checked by their content
(greenlist.files.validate_document), stored under random names in private storage, and served
only by the permission-checked view in applications.attachment_views."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from greenlist.files import DOCUMENT_TYPES, PDF, RandomName, get_private_storage, sha256_of, validate_document
from greenlist.history import Action
from greenlist.models import ListKind
from greenlist.services import record_history

# Module imports, not names: applications.models imports this module at its end, so these may
# still be initialising when this runs; their names are only read when a function is called.
from . import permissions, workflow
from .editing import lock_editable

ALL_TYPES = frozenset(DOCUMENT_TYPES)


@dataclass(frozen=True)
class DocumentType:
    code: str
    label: object  # lazy translation
    allowed: frozenset[str] = ALL_TYPES  # MIME types the content may have


# The documents a declaration may carry. Scans of certificates may be images; the stamped
# self-evaluation report is a PDF (R-EVAL-5).
DOCUMENTS: dict[str, DocumentType] = {d.code: d for d in (
    DocumentType("business_licence", gettext_lazy("营业执照（副本）")),
    DocumentType("self_evaluation_report", gettext_lazy("自评价报告（盖章）"), frozenset({PDF})),
    DocumentType("energy_audit", gettext_lazy("近三年能源审计或节能诊断报告")),
    DocumentType("product_test_report", gettext_lazy("产品检测报告")),
    DocumentType("park_approval", gettext_lazy("园区设立批复文件")),
    DocumentType("park_management_body", gettext_lazy("园区管理机构证明")),
    DocumentType("supply_chain_rules", gettext_lazy("供应链管理制度文件")),
)}
# What each kind must attach before it can be submitted (586号 and the 2024 Measures ask for the
# licence and the self-evaluation report; the rest is the kind's own proof).
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    ListKind.FACTORY: ("business_licence", "self_evaluation_report", "energy_audit"),
    ListKind.PRODUCT: ("business_licence", "product_test_report", "self_evaluation_report"),
    ListKind.PARK: ("park_approval", "park_management_body", "self_evaluation_report"),
    ListKind.SUPPLY_CHAIN: ("business_licence", "supply_chain_rules", "self_evaluation_report"),
}
# Supporting material for one indicator (or in general): any kind may add it, none must.
EVIDENCE = "evidence"
EVIDENCE_LABEL = gettext_lazy("佐证材料")
PURPOSE_CHOICES = [(d.code, d.label) for d in DOCUMENTS.values()] + [(EVIDENCE, EVIDENCE_LABEL)]


_SAME_EXTENSIONS = {"jpg": {"jpg", "jpeg"}}


def required_documents(kind: str) -> list[DocumentType]:
    return [DOCUMENTS[code] for code in REQUIRED_DOCUMENTS.get(kind, ())]


def purposes_for(kind: str) -> list[tuple[str, object]]:
    """The purposes an attachment of this kind may have: its required documents, then evidence."""
    return [(d.code, d.label) for d in required_documents(kind)] + [(EVIDENCE, EVIDENCE_LABEL)]


def allowed_types(purpose: str) -> frozenset[str]:
    return DOCUMENTS[purpose].allowed if purpose in DOCUMENTS else ALL_TYPES


class Attachment(models.Model):
    """One uploaded file of a declaration. `submitted_in_version` is empty while it is a draft's
    and set when the declaration is submitted; from then on the row and its file are permanent."""

    declaration = models.ForeignKey(
        "applications.Declaration", verbose_name=gettext_lazy("申报"), on_delete=models.CASCADE,
        related_name="attachments",
    )
    purpose = models.CharField(gettext_lazy("附件类型"), max_length=40, choices=PURPOSE_CHOICES)
    # The evaluation indicators are data (R-EVAL-1); evidence names its indicator by code.
    indicator_code = models.CharField(gettext_lazy("对应指标"), max_length=20, blank=True)
    file = models.FileField(gettext_lazy("文件"), upload_to=RandomName("attachments"),
                            storage=get_private_storage, max_length=200)
    # The applicant's file name, shown and offered on download; never used as a path.
    original_name = models.CharField(gettext_lazy("文件名"), max_length=200)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(gettext_lazy("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("上传人"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)
    submitted_in_version = models.PositiveSmallIntegerField(gettext_lazy("随第几版提交"), null=True, blank=True,
                                                            editable=False)

    class Meta:
        verbose_name = gettext_lazy("附件")
        verbose_name_plural = gettext_lazy("附件")
        ordering = ["declaration", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["declaration", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()}：{self.original_name}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_in_version is not None

    @property
    def type_label(self) -> str:
        return DOCUMENT_TYPES.get(self.content_type, ("", self.content_type))[1]

    @property
    def download_name(self) -> str:
        """The applicant's name, with the extension of what the file really is: a PDF named
        report.html is offered as report.pdf."""
        extension = DOCUMENT_TYPES.get(self.content_type, ("bin",))[0]
        path = PurePath(self.original_name)
        if path.suffix.lower().lstrip(".") in _SAME_EXTENSIONS.get(extension, {extension}):
            return path.name
        return f"{path.stem or 'attachment'}.{extension}"


# --- reads --------------------------------------------------------------------------------


def may_change(user, decl) -> bool:
    """Whether this user may add or remove files now (the applicant, while editable)."""
    return decl.is_editable and permissions.has_perm(user, "applications.change_declaration", decl)


def visible_attachments(decl, *, can_change: bool):
    """The attachments a user may see, given may_change(user, decl): those not yet submitted only
    to the applicant while it can still change them; the submitted ones to everyone who sees
    the declaration. (A declaration that is not editable has no unsubmitted files: submission
    freezes them all, and nothing can be added until it is returned.)"""
    rows = Attachment.objects.filter(declaration=decl).select_related("uploaded_by")
    if not can_change:
        rows = rows.filter(submitted_in_version__isnull=False)
    return rows.order_by("uploaded_at", "pk")


@dataclass(frozen=True)
class Requirement:
    document: DocumentType
    attachments: list[Attachment]

    @property
    def missing(self) -> bool:
        return not self.attachments


def requirements(decl, attachments) -> list[Requirement]:
    """The kind's required documents, each with the given attachments that provide it."""
    return [Requirement(d, [a for a in attachments if a.purpose == d.code]) for d in required_documents(decl.kind)]


def missing_documents(decl, purposes=None) -> list[DocumentType]:
    if purposes is None:
        purposes = set(decl.attachments.values_list("purpose", flat=True))
    return [d for d in required_documents(decl.kind) if d.code not in purposes]


def submission_problems(decl, ctx: dict) -> list[str]:
    """A submission check: every required document of the kind is attached."""
    missing = missing_documents(decl)
    if missing:
        return [_("缺少附件：%(d)s。") % {"d": "、".join(str(d.label) for d in missing)}]
    return []


def freeze(decl) -> list[dict]:
    """A submission freezer, run inside the submit transaction: the attachments not yet
    submitted become part of the version being created, and the version keeps the list of files."""
    # workflow._freeze_version calls the freezers before it creates the version row and sets
    # decl.version, so the version being submitted is the next number.
    number = decl.versions.count() + 1
    Attachment.objects.filter(declaration=decl, submitted_in_version__isnull=True).update(submitted_in_version=number)
    return [
        {"purpose": a.purpose, "indicator_code": a.indicator_code, "name": a.original_name,
         "sha256": a.sha256, "size": a.size, "version": a.submitted_in_version}
        for a in Attachment.objects.filter(declaration=decl).order_by("uploaded_at", "pk")
    ]


# --- actions ------------------------------------------------------------------------------


# Attachments word the frozen refusal their own way.
FROZEN_ATTACHMENTS = gettext_noop("申报已提交（状态：%(s)s），附件已冻结，不能上传或删除。")


def _lock_editable(actor, declaration):
    """The declaration, locked, if the actor may still change it; a submission running at the
    same time waits for the lock, then this sees the new state and refuses (R-FLOW-2)."""
    return lock_editable(actor, declaration, frozen=FROZEN_ATTACHMENTS)


def upload_attachment(*, actor, declaration, purpose: str, upload, indicator_code: str = "") -> Attachment:
    """Attach a file to a draft or returned declaration, checked by its content."""
    # Read the file before taking the lock: the check and the hash need the whole upload.
    content_type = validate_document(upload, allowed=allowed_types(purpose))
    digest = sha256_of(upload)
    name = PurePath(upload.name or "").name[:200] or _("未命名文件")
    with transaction.atomic():
        decl = _lock_editable(actor, declaration)
        if purpose not in dict(purposes_for(decl.kind)):
            raise ValidationError(_("“%(k)s”的申报没有“%(p)s”这类附件。") % {
                "k": decl.get_kind_display(), "p": purpose}, code="unknown_purpose")
        attachment = Attachment(
            declaration=decl, purpose=purpose, indicator_code=(indicator_code or "").strip()[:20],
            original_name=name, content_type=content_type, size=upload.size, sha256=digest,
            uploaded_by=actor,
        )
        # The stored name keeps only the extension of what the content is (RandomName). Written
        # before the row: if anything after fails, the file is removed again.
        attachment.file.save(f"upload.{DOCUMENT_TYPES[content_type][0]}", upload, save=False)
        try:
            attachment.save()
            record_history(decl, action=Action.UPLOAD_ATTACHMENT, actor=actor, note=str(attachment), data={
                "attachment": attachment.pk, "purpose": purpose, "name": name, "sha256": attachment.sha256})
        except BaseException:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def delete_attachment(*, actor, attachment: Attachment) -> None:
    """Remove a file the applicant uploaded and has not submitted; submitted files stay (R-FLOW-2)."""
    with transaction.atomic():
        decl = _lock_editable(actor, attachment.declaration)
        row = Attachment.objects.filter(pk=attachment.pk, declaration=decl).first()
        if row is None:
            raise ValidationError(_("附件已删除。"), code="gone")
        if row.is_submitted:
            raise workflow.TransitionRefused(
                _("附件“%(n)s”已随第 %(v)d 版提交，不能删除。") % {"n": row.original_name, "v": row.submitted_in_version},
                code="frozen",
            )
        stored = row.file.name
        record_history(decl, action=Action.DELETE_ATTACHMENT, actor=actor, note=str(row), data={
            "purpose": row.purpose, "name": row.original_name, "sha256": row.sha256})
        row.delete()
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: get_private_storage().delete(stored))


def attach_required_documents(actor, decl, content: bytes) -> list[Attachment]:
    """Upload `content` (a PDF) as each required document of the kind (demo data and tests;
    the real ones come through the 附件 page)."""

    return [
        upload_attachment(actor=actor, declaration=decl, purpose=d.code,
                          upload=ContentFile(content, name=f"{d.label}.pdf"))
        for d in required_documents(decl.kind)
    ]
