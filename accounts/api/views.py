from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from integrity_portal.api import ANY_ROLE


class TokenView(ObtainAuthToken):
    """POST username + password → {"token": …}. Failed attempts count towards the lockout."""


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
