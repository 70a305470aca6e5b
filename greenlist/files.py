"""Private documents: uploads checked by content and size, stored under random names outside any
public URL, and streamed only by views that first check permission."""
import os
import uuid
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
