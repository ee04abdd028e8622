"""The one upload check every evidence file goes through (records, objections, commitments, clues)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ALLOWED_TYPES or not data.startswith(MAGIC[suffix]):
        raise ValidationError({field: [
            _("只接受 PDF、OFD、JPG、PNG、DOCX、XLSX 文件，且内容须与扩展名一致：%(name)s") % {"name": name}]})
    return ALLOWED_TYPES[suffix]
