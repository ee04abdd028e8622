from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from integrity_portal.api import ANY_ROLE

from ..forms import PASSWORD_MAX_LENGTH, username_max_length


class TokenRequestSerializer(AuthTokenSerializer):
    """DRF's serializer with the lengths checked before the user is looked up (or a failure logged)."""

    username = serializers.CharField(label=_("用户名"), write_only=True, max_length=username_max_length())
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False,
                                     write_only=True, max_length=PASSWORD_MAX_LENGTH)


class TokenView(ObtainAuthToken):
    """POST username + password → {"token": …}. Failed attempts count towards the lockout."""

    serializer_class = TokenRequestSerializer


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    unit = serializers.IntegerField(allow_null=True, source="unit_id")
    civil_servant = serializers.IntegerField(allow_null=True, source="civil_servant_id")
    is_unit_head = serializers.BooleanField()


class MeView(APIView):
    """Who am I: roles, unit, linked civil servant."""

    read_roles = {ANY_ROLE}

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = MeSerializer(user).data
        data["roles"] = sorted(user.roles)
        return Response(data)
