from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.choices import Role
from integrity_portal.api import ANY_ROLE, ScopedViewSetMixin

from .. import services
from ..models import Broadcast, Notice
from .serializers import BroadcastSerializer, NoticeSerializer


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notices were unread and are now read.")


class NoticeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """My in-app notices (newest first); ``?unread=1`` for unread only."""

    scoped_model = Notice
    serializer_class = NoticeSerializer
    read_roles = {ANY_ROLE}
    write_roles = {ANY_ROLE}
    filterset_fields = []

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.query_params.get("unread") in {"1", "true"}:
            qs = qs.unread()
        return qs

    @extend_schema(request=MarkReadSerializer, responses={200: MarkReadResultSerializer})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.notice_mark_read(user=request.user, notice_ids=data.validated_data.get("ids"))
        return Response({"marked": count})


class BroadcastViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The credit office sends a notice to a role or to a unit's users."""

    serializer_class = BroadcastSerializer
    read_roles = {Role.CREDIT_OFFICE}
    write_roles = {Role.CREDIT_OFFICE}

    def get_queryset(self):
        return Broadcast.objects.all()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        users = get_user_model().objects.filter(is_active=True)
        audience = []
        if data.get("role"):
            users = users.filter(groups__name=data["role"])
            audience.append(str(Role(data["role"]).label))
        if data.get("unit"):
            users = users.filter(unit_id=data["unit"])
            audience.append(_("单位编号 %(id)s") % {"id": data["unit"]})
        broadcast = services.broadcast_send(
            author=request.user, title=data["title"], body=data["body"], recipients=users.distinct(),
            audience="；".join(audience), send_email=data.get("send_email", False),
        )
        return Response(BroadcastSerializer(broadcast).data, status=status.HTTP_201_CREATED)
