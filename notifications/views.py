from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Role
from integrity_portal.access import role_required

from . import selectors, services

ALL_ROLES = tuple(Role.values)


@role_required(*ALL_ROLES)
def inbox(request):
    page = Paginator(selectors.notice_list(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


@require_POST
@role_required(*ALL_ROLES)
def mark_all_read(request):
    count = services.notice_mark_read(user=request.user)
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("notifications:inbox")
