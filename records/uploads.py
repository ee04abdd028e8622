"""The one upload check every evidence file goes through (records, objections, commitments, clues), and the
abstract model of the files kept."""
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALLOWED_TYPES = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".ofd": "application/ofd",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Magic numbers of the allowed types: the extension alone is not trusted.
MAGIC = {".pdf": b"%PDF", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG",
         ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".ofd": b"PK\x03\x04"}


class UploadTooLarge(Exception):
    """A file over ``settings.MAX_ATTACHMENT_BYTES``; views answer 413."""


def upload_check(name: str, data: bytes, *, field: str = "file") -> str:
    """Return the content type of an allowed upload, or raise (``UploadTooLarge`` / field error)."""
    limit = settings.MAX_ATTACHMENT_BYTES
    if len(data) > limit:
        raise UploadTooLarge(_("文件过大（上限 %(mb)d MB）：%(name)s") % {"mb": limit // (1024 * 1024), "name": name})
    suffix = _suffix(name)
    if suffix not in ALLOWED_TYPES or not data.startswith(MAGIC[suffix]):
        raise ValidationError({field: [
            _("只接受 PDF、OFD、JPG、PNG、DOCX、XLSX 文件，且内容须与扩展名一致：%(name)s") % {"name": name}]})
    return ALLOWED_TYPES[suffix]


def _suffix(filename: str) -> str:
    return ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""


def stored_name(folder: str, instance: "StoredFile", filename: str) -> str:
    """Where an evidence file is kept: by month, then by its SHA-256 (the name a user gave is only a label)."""
    return f"{folder}/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{_suffix(filename)}"


class StoredFile(models.Model):
    """What every evidence file keeps besides the file itself: the name it came with, its checked type,
    size and SHA-256, and when it came. A concrete model adds ``file`` (with its folder, via
    :func:`stored_name`), what the file belongs to, and who uploaded it where that is known."""

    original_name = models.CharField(gettext_lazy("原文件名"), max_length=200)
    content_type = models.CharField(gettext_lazy("文件类型"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("大小（字节）"))
    sha256 = models.CharField(gettext_lazy("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(gettext_lazy("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
