"""The office's outbox pages: every side effect waiting, sent or dead, and the re-send of what is stuck.

Credit office only (payloads may hold personal data sent to the city platform). Mounted by
``notifications.urls_outbox`` (namespace ``outbox``) under /workspace/.
"""
import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.models import AuditEntry
from integrity_portal.access import role_required

from .choices import Channel, OutboxStatus
from .models import OutboxMessage
from .platform import RESENDABLE, json_preview, outbox_resend

PAGE_SIZE = 50


class OutboxFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=OutboxStatus.choices,
                                         empty_label=gettext_lazy("全部"))
    channel = django_filters.ChoiceFilter(label=gettext_lazy("通道"), choices=Channel.choices,
                                          empty_label=gettext_lazy("全部"))
    key = django_filters.CharFilter(label=gettext_lazy("去重键包含"), lookup_expr="icontains",
                                    widget=forms.TextInput(attrs={"placeholder": "platform:record:"}))

    class Meta:
        model = OutboxMessage
        fields = ["status", "channel", "key"]


@role_required(Role.CREDIT_OFFICE)
def outbox_list(request):
    queryset = OutboxMessage.objects.defer("payload").order_by("-created_at", "-id")
    filterset = OutboxFilterSet(request.GET or None, queryset=queryset)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict.fromkeys(OutboxStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in _status_counts()})
    # The city platform's endpoint not set (as on an intranet before it is connected): its messages wait.
    platform_waiting = not getattr(settings, "CITY_PLATFORM_URL", "") and OutboxMessage.objects.filter(
        channel=Channel.PLATFORM, status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING]).count()
    return render(request, "notifications/outbox_list.html", {
        "filter": filterset, "page_obj": page, "resendable": set(RESENDABLE), "platform_waiting": platform_waiting,
        "counts": [(OutboxStatus(value).label, value, n) for value, n in counts.items()],
    })


def _status_counts():
    from django.db.models import Count

    return OutboxMessage.objects.order_by().values("status").annotate(n=Count("id"))


@role_required(Role.CREDIT_OFFICE)
def outbox_detail(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    history = (AuditEntry.objects.filter(action="outbox_resend", object_id=str(message.pk),
                                         content_type__app_label="notifications", content_type__model="outboxmessage")
               .select_related("actor", "content_type"))
    return render(request, "notifications/outbox_detail.html", {
        "message": message, "body": json_preview(message), "is_platform": message.channel == Channel.PLATFORM,
        "resendable": message.status in RESENDABLE, "history": history,
    })


@require_POST
@role_required(Role.CREDIT_OFFICE)
def outbox_resend_view(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    outbox_resend(message=message, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("已重新排队发送：%(key)s") % {"key": message.key})
    return redirect("outbox:detail", pk=message.pk)
