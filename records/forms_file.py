"""Forms of the personal-file pages: filtering one's own file, starting a cadre check, filtering the file-access log."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import IdFilter, PortalFilterSet
from integrity_portal.search import contains

from .choices import UNIT_ONLY_KINDS, CadreCheckPurpose, RecordKind, RecordStatus
from .models import CivilServant, CreditRecord, FileAccess


class MyFileFilterSet(PortalFilterSet):
    """The civil servant's own file (drafts are never in it), narrowed by kind, status, an open objection or one
    record (``?record=<id>``: the link of the notice telling the person their file changed)."""

    kind = django_filters.ChoiceFilter(label=_("记录类别"), choices=[
        (k.value, k.label) for k in RecordKind if k not in UNIT_ONLY_KINDS])
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[
        (s.value, s.label) for s in RecordStatus if s != RecordStatus.DRAFT])
    objection_open = django_filters.BooleanFilter(label=_("异议处理中"))
    record = IdFilter(label=_("记录"), field_name="pk")

    class Meta:
        model = CreditRecord
        fields = ["kind", "status", "objection_open", "record"]


class ServantChoiceField(forms.ModelChoiceField):
    """Civil servants shown with masked ID numbers (DESIGN.md §3: only the person and the office see them in full)."""

    def label_from_instance(self, obj):
        return gettext("%(name)s（%(id_number)s）· %(unit)s") % {
            "name": obj.name, "id_number": obj.masked_id_number, "unit": obj.unit.name}


class CadreCheckForm(forms.Form):
    civil_servant = ServantChoiceField(
        label=_("被审查人"), queryset=CivilServant.objects.none(), required=False,
        help_text=_("可先在上方按姓名或公民身份号码查找，缩小选择范围。"),
    )
    id_number = forms.CharField(
        label=_("或填写公民身份号码"), max_length=18, required=False,
        help_text=_("填写后以公民身份号码为准。"),
    )
    purpose = forms.ChoiceField(label=_("审查目的"), choices=CadreCheckPurpose.choices)
    purpose_note = forms.CharField(
        label=_("事由说明"), max_length=200,
        help_text=_("例如：拟任某职务的任前审查、某年度考核。被审查人会收到通知。"),
    )

    def __init__(self, *args, user=None, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        servants = CivilServant.objects.visible_to(user).select_related("unit").order_by("name", "pk")
        self.all_servants = servants
        if search:
            term = search.strip()
            servants = servants.filter(contains(CivilServant, term, ("name",)) | Q(id_number__iexact=term.upper()))
        self.fields["civil_servant"].queryset = servants

    def clean_purpose_note(self):
        note = self.cleaned_data["purpose_note"].strip()
        if not note:
            raise forms.ValidationError(_("请说明审查事由。"))
        return note

    def clean(self):
        cleaned = super().clean()
        id_number = (cleaned.get("id_number") or "").replace(" ", "").upper()
        if id_number:
            servant = self.all_servants.filter(id_number=id_number).first()
            if servant is None:
                self.add_error("id_number", _("未找到该公民身份号码对应的公务员。"))
            else:
                cleaned["civil_servant"] = servant
        elif not cleaned.get("civil_servant") and "civil_servant" not in self.errors:
            self.add_error("civil_servant", _("请选择被审查人，或填写其公民身份号码。"))
        return cleaned


class FileAccessFilterSet(django_filters.FilterSet):
    """The office's view of who looked at which personal file (province art. 21)."""

    servant = django_filters.CharFilter(label=_("被查阅人姓名或公民身份号码"), method="search_servant")
    civil_servant = IdFilter(label=_("被查阅人"), field_name="civil_servant_id")
    viewer = django_filters.CharFilter(label=_("查阅人"), method="search_viewer")
    date_from = django_filters.DateFilter(label=_("日期起"), field_name="at", lookup_expr="date__gte",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(label=_("日期止"), field_name="at", lookup_expr="date__lte",
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = FileAccess
        fields = ["servant", "civil_servant", "viewer", "date_from", "date_to"]

    def search_servant(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(civil_servant__name__icontains=value)
                               | Q(civil_servant__id_number__iexact=value.upper()))

    def search_viewer(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(viewer__username__iexact=value) | Q(viewer__full_name__icontains=value)
                               | Q(viewer__unit__name__icontains=value))
