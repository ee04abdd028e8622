"""The login records of django-axes in the admin, in Chinese: the proxies of accounts.models under 账户与角色,
each column named (axes' own admin, English only, is switched off with AXES_ENABLE_ADMIN = False)."""
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import LoginAttempt, LoginFailure, LoginLog

LABELS = {
    "attempt_time": _("尝试时间"), "logout_time": _("退出时间"), "ip_address": _("IP 地址"),
    "user_agent": _("浏览器标识"), "username": _("用户名"), "path_info": _("访问路径"),
    "http_accept": _("HTTP Accept 请求头"), "failures_since_start": _("失败次数"), "get_data": _("GET 参数"),
    "post_data": _("POST 参数"), "locked_out": _("是否锁定"), "session_hash": _("会话标识摘要"),
}


def _value(self, obj, field: str):
    """The stored value, an empty one as the admin's "—" and a yes/no as 是 / 否 (never ``None`` or ``False``)."""
    value = getattr(obj, field)
    if value is None or value == "":
        return self.get_empty_value_display()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value


def _column(field: str):
    return admin.display(description=LABELS[field], ordering=field)(lambda self, obj: _value(self, obj, field))


def chinese(base: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """``base`` with every field shown through a column named in Chinese, and Chinese section titles."""
    fields = {name for names in (base.list_display, base.readonly_fields) for name in names}
    columns = {f"{name}_": _column(name) for name in fields}
    fieldsets = tuple((_("基本信息") if title is None else _("请求信息"),
                       {"fields": tuple(f"{name}_" for name in options["fields"])})
                      for title, options in base.fieldsets)
    return type(f"Chinese{base.__name__}", (base,), {
        **columns, "list_display": tuple(f"{name}_" for name in base.list_display),
        "readonly_fields": tuple(columns), "fieldsets": fieldsets,
        # Deleting for a superuser only: the office lifts a lock-out on the account pages, through
        # ``login_unlock`` / ``login_address_unlock``, which write the audit row; a deleted attempt here would lift
        # it unseen.
        "has_delete_permission": lambda self, request, obj=None: request.user.is_superuser,
    })


admin.site.register(LoginAttempt, chinese(AccessAttemptAdmin))
admin.site.register(LoginLog, chinese(AccessLogAdmin))
admin.site.register(LoginFailure, chinese(AccessFailureLogAdmin))
