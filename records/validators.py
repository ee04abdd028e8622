"""Identity numbers (GB 11643) and unified social credit codes (GB 32100), by checksum."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def validate_uscc(value: str) -> None:
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效（GB 32100 校验失败：%(why)s）。"),
            code="invalid_uscc", params={"value": value, "why": exc.message},
        ) from exc


def validate_resident_id(value: str) -> None:
    try:
        ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("公民身份号码无效（GB 11643 校验失败：%(why)s）。"),
            code="invalid_resident_id", params={"why": exc.message},
        ) from exc


def mask_resident_id(value: str) -> str:
    """Keep the region's first 3 and the last 2 characters: 371************1X."""
    if not value or len(value) < 6:
        return "*" * len(value or "")
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_person_name(value: str) -> str:
    """A natural person's name for the public: the first character (the surname), then one * per character
    left — 张三丰 → 张**."""
    value = (value or "").strip()
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""
