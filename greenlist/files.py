"""Private documents: uploads checked by content and size, stored under random names outside any
public URL, and streamed only by views that first check permission."""
import hashlib
import os
import uuid
import zipfile
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT on every use (so settings overrides apply) and has no URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a permission-checked view")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


@deconstructible
class RandomName:
    """upload_to that keeps nothing of the client's file name: no guessing, no path tricks."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def validate_pdf(upload) -> None:
    """A PDF is a PDF: the bytes say so, not the name or the browser's content type."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("文件过大（%(s).1f MB），上限为 %(m)d MB。")
            % {"s": upload.size / 1024 / 1024, "m": settings.UPLOAD_MAX_BYTES // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime != "application/pdf":
        found = kind.mime if kind else _("未知类型")
        raise ValidationError(
            _("“%(n)s”不是 PDF 文件（检测到：%(f)s），请上传 PDF 格式的报告。") % {"n": upload.name, "f": found},
            code="not_pdf",
        )


# Documents an applicant may attach, by the MIME type their bytes show -> (extension, label).
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_TYPES = {
    PDF: ("pdf", "PDF"),
    JPEG: ("jpg", "JPEG"),
    PNG: ("png", "PNG"),
    XLSX: ("xlsx", "Excel（xlsx）"),
    DOCX: ("docx", "Word（docx）"),
}
# Names for what is refused most often, so the message says more than a MIME type.
_REFUSED_LABELS = {
    "application/x-executable": "可执行程序",
    "application/x-msdownload": "Windows 可执行程序",
    "application/zip": "ZIP 压缩包",
    "application/x-rar-compressed": "RAR 压缩包",
    "application/msword": "旧版 Word（doc）",
    "application/vnd.ms-excel": "旧版 Excel（xls）",
}
# filetype looks at most this far into a file.
_HEAD_BYTES = 8192


def human_size(size: float) -> str:
    """20971520 -> "20 MB", 1536 -> "1.5 KB"."""
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.1f}".rstrip("0").rstrip(".") + f" {unit}"
        size /= 1024
    return ""  # unreachable


def detect_type(upload) -> str | None:
    """The MIME type the bytes show, or None. xlsx and docx are ZIP containers: filetype knows
    them from the first entries' names; a container it only calls ZIP (an unusual entry order)
    is opened to look for the parts that make it a workbook or a Word document."""
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip":
        return _office_open_xml(upload) or kind.mime
    return kind.mime


def _office_open_xml(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def validate_document(upload, allowed=frozenset(DOCUMENT_TYPES)) -> str:
    """An attachment is what its bytes are, not what its name says: refuses an empty file, one
    over settings.UPLOAD_MAX_BYTES, and any type not in `allowed`. Returns the detected type."""
    if not upload.size:
        raise ValidationError(_("“%(n)s”是空文件，请重新选择。") % {"n": upload.name}, code="empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("“%(n)s”文件过大（%(s)s），上限为 %(m)s。")
            % {"n": upload.name, "s": human_size(upload.size), "m": human_size(settings.UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    mime = detect_type(upload)
    if mime not in allowed:
        if mime is None:
            found = _("未知类型")
        elif mime in DOCUMENT_TYPES:
            found = DOCUMENT_TYPES[mime][1]
        elif mime in _REFUSED_LABELS:
            found = f"{_REFUSED_LABELS[mime]}（{mime}）"
        else:
            found = mime
        raise ValidationError(
            _("“%(n)s”的内容是%(f)s，不是允许的文件类型（允许：%(a)s）。")
            % {"n": upload.name, "f": found, "a": "、".join(DOCUMENT_TYPES[m][1] for m in DOCUMENT_TYPES if m in allowed)},
            code="type_not_allowed",
        )
    return mime


def sha256_of(upload) -> str:
    """The upload's digest, read in chunks; the file is left at its start for whoever saves it."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
