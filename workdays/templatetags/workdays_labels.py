"""``{{ clock.calendar_revision|calendar_revision_label }}``: ``2026r1,2027p`` → ``2026年 正式第 1 版、2027年 暂定（仅按周末）``;
``{{ days_left|workdays_left:due_date }}``: ``3``, ``今日到期``, ``已逾期 4 个工作日``."""
import datetime
import re

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@register.filter
def workdays_left(days: int | None, due: datetime.date | None = None) -> str:
    """Working days left on a clock (``objections.selectors.days_left``: 0 on the due date, negative when
    overdue) as a clerk reads them. Overdue is the clock's rule, today after the due date, so a weekend right
    after the due date is 已逾期 with no working day counted yet."""
    if days is None:
        return "—"
    due = due or None  # an objection without a clock gives ""
    today = timezone.localdate()
    if due is not None and due < today or due is None and days < 0:
        late = max(-days, 0)
        if not late:
            return _("已逾期")
        return ngettext("已逾期 %(n)s 个工作日", "已逾期 %(n)s 个工作日", late) % {"n": late}
    if days == 0 and (due is None or due == today):
        return _("今日到期")
    return str(days)
