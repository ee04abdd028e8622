"""``{{ clock.calendar_revision|calendar_revision_label }}``: ``2026r1,2027p`` → ``2026年 正式第 1 版、2027年 暂定（仅按周末）``."""
import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def calendar_revision_label(text: str) -> str:
    parts = []
    for item in (text or "").split(","):
        match = re.fullmatch(r"(\d{4})(?:r(\d+)|p)", item.strip())
        if match is None:
            continue
        year, revision = match.groups()
        parts.append(_("%(year)s年 正式第 %(n)s 版") % {"year": year, "n": revision} if revision
                     else _("%(year)s年 暂定（仅按周末）") % {"year": year})
    return "、".join(parts) or "—"
