from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import Role
from integrity_portal.formfields import MAX_ID

from ..models import Broadcast, Notice


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "title", "body", "link", "level", "created_at", "read_at"]
        read_only_fields = fields


class BroadcastSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True, write_only=True,
                                   label=_("发送角色"))
    unit = serializers.IntegerField(required=False, allow_null=True, write_only=True, min_value=1, max_value=MAX_ID,
                                    label=_("发送单位（编号）"))

    class Meta:
        model = Broadcast
        fields = ["id", "title", "body", "role", "unit", "send_email", "audience", "recipient_count", "created_at"]
        read_only_fields = ["audience", "recipient_count", "created_at"]

    def validate(self, attrs):
        if not attrs.get("role") and not attrs.get("unit"):
            raise serializers.ValidationError({"role": [_("请选择发送角色或发送单位。")]})
        return attrs
