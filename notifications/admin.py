from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from .choices import OutboxStatus
from .models import Broadcast, Notice, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "key", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "last_error"]
    actions = ["redrive"]

    @admin.action(description=_("重新投递所选消息"))
    def redrive(self, request, queryset):
        from django.utils import timezone

        count = queryset.exclude(status=OutboxStatus.SENT).update(
            status=OutboxStatus.PENDING, next_attempt_at=timezone.now(), locked_until=None
        )
        messages.success(request, _("已将 %(n)d 条消息放回待发送队列。") % {"n": count})


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = ["level"]
    search_fields = ["title", "recipient__username"]


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "author", "title", "audience", "recipient_count"]
    search_fields = ["title", "body"]
