"""The office's overview: every open objection with days left, per-unit statistics, Excel export."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.services import audit_log
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.paging import ListPaginator
from integrity_portal.workbooks import XLSX_CONTENT_TYPE, Sheet, column_sheet, download_response, xlsx_bytes
from workdays.calendar import get_calendar

from . import selectors
from .filtersets import OpenObjectionFilterSet
from .views import PAGE_SIZE

XLSX_TYPE = XLSX_CONTENT_TYPE
OFFICE = {Role.CREDIT_OFFICE}
STAT_COLUMNS = (
    (gettext_lazy("信息提供单位"), "unit"), (gettext_lazy("异议数"), "count"), (gettext_lazy("未办结"), "open"),
    (gettext_lazy("已逾期"), "overdue"), (gettext_lazy("已答复"), "answered"),
    (gettext_lazy("答复用时中位数（工作日）"), "median_days"), (gettext_lazy("按期答复率（%）"), "on_time_percent"),
)
OPEN_COLUMNS = (
    (gettext_lazy("编号"), lambda o: o.pk),
    (gettext_lazy("信息提供单位"), lambda o: o.record.provider.name),
    (gettext_lazy("记录"), lambda o: o.record.title),
    (gettext_lazy("申请人"), lambda o: o.applicant.display_name),
    (gettext_lazy("状态"), lambda o: o.get_state_display()),
    (gettext_lazy("提出日期"), lambda o: o.filed_on),
    (gettext_lazy("截止日"), lambda o: o.clock.due_date if o.clock else None),
    (gettext_lazy("期限状态"), lambda o: o.clock.get_state_display() if o.clock else ""),
    (gettext_lazy("剩余工作日"), lambda o: o.days_left),
)


def _open_objections(request):
    filterset = OpenObjectionFilterSet(request.GET or None, queryset=selectors.objection_list(request.user).open())
    return filterset


class OfficeOverviewView(RoleRequiredMixin, TemplateView):
    allowed_roles = OFFICE
    template_name = "objections/office_overview.html"

    def get_context_data(self, **kwargs):
        filterset = _open_objections(self.request)
        page = ListPaginator(filterset.qs, PAGE_SIZE, exact=filterset.counts_exactly).get_page(self.request.GET.get("page"))
        cal = get_calendar()
        for objection in page:
            objection.days_left = selectors.days_left(objection, cal=cal)
        return {**super().get_context_data(**kwargs), "filter": filterset, "rows": page, "page_obj": page,
                "stats": selectors.cached_unit_statistics(), "stat_columns": STAT_COLUMNS}


class OfficeExportView(RoleRequiredMixin, View):
    """Two sheets: the per-unit statistics and the open objections (as filtered)."""

    allowed_roles = OFFICE
    http_method_names = ["get", "head"]

    def get(self, request):
        cal = get_calendar()

        def open_objection(objection):
            objection.days_left = selectors.days_left(objection, cal=cal)
            return objection

        stats = Sheet(title=_("单位统计"), header=[str(title) for title, _key in STAT_COLUMNS],
                      rows=([row[key] for _title, key in STAT_COLUMNS] for row in selectors.unit_statistics()))
        content = xlsx_bytes(stats, column_sheet(_("未办结异议"), OPEN_COLUMNS,
                                                 map(open_objection, _open_objections(request).qs)))
        audit_log(actor=request.user, action="export", subject=request.user,
                  changes={"what": "objections.xlsx", "query": request.GET.urlencode()[:500]})
        today = timezone.localdate().isoformat()
        return download_response(content, ascii_name=f"objections-{today}.xlsx",
                                 local_name=_("异议统计-%(date)s.xlsx") % {"date": today})
