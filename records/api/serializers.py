from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import CivilServant, Posting, Unit, UnitHeadTerm


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related id is accepted only if the requesting user may see that object."""

    def get_queryset(self):
        request = self.context.get("request")
        return self.queryset.model.objects.visible_to(request.user if request else None)


class UnitHeadTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitHeadTerm
        fields = ["id", "person_name", "title", "start", "end"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    superior = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True)
    discipline_unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True)
    audit_unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "id", "name", "code", "kind", "kind_display", "superior", "discipline_unit", "audit_unit",
            "status", "status_display", "successor", "succeeded_on", "address", "phone", "updated_at",
        ]
        read_only_fields = ["status", "successor", "succeeded_on", "updated_at"]
        # Uniqueness and checksum are checked by the model's full_clean() in the service.
        extra_kwargs = {"code": {"validators": []}}


class UnitSucceedSerializer(serializers.Serializer):
    successor = ScopedPrimaryKeyField(queryset=Unit.objects.all(), label=_("承继单位"))
    status = serializers.ChoiceField(choices=["merged", "renamed", "dissolved"], label=_("承继类型"))
    on = serializers.DateField(label=_("承继日期"))
    reason = serializers.CharField(label=_("机构改革依据"))


class UnitHeadAppointSerializer(serializers.Serializer):
    person_name = serializers.CharField(max_length=50, label=_("姓名"))
    title = serializers.CharField(max_length=50, required=False, allow_blank=True, label=_("职务"))
    start = serializers.DateField(label=_("任职起"))


class PostingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Posting
        fields = ["unit", "unit_name", "post", "start", "end"]


class CivilServantSerializer(serializers.ModelSerializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all())
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rank_display = serializers.CharField(source="get_rank_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = CivilServant
        fields = ["id", "name", "id_number", "unit", "unit_name", "post", "rank", "rank_display",
                  "status", "status_display", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"id_number": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["id_number"] = instance.id_number_for(request.user if request else None)
        return data


class CivilServantUpdateSerializer(CivilServantSerializer):
    class Meta(CivilServantSerializer.Meta):
        read_only_fields = ["updated_at", "unit"]


class CivilServantTransferSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(queryset=Unit.objects.all(), label=_("调入单位"))
    post = serializers.CharField(max_length=100, allow_blank=True, label=_("职务"))
    on = serializers.DateField(label=_("调动日期"))
    reason = serializers.CharField(required=False, allow_blank=True, label=_("理由"))
