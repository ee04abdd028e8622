"""Forms of the office's account pages (accounts/views_accounts.py). None of them has a privileged field:
superuser, staff, groups, permissions and passwords of existing accounts are a superuser's, in the admin."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .services import roles_assignable_by


class AccountFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用户名、姓名或单位包含"), method="search")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, empty_label=_("全部"),
                                       field_name="groups__name")
    is_active = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部"), method="by_active",
                                            choices=[("1", _("在用")), ("0", _("已停用"))])

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value)
                               | Q(unit__name__icontains=value) | Q(civil_servant__name__icontains=value))

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("写入操作记录，并进入防篡改链。"))


class AccountRoleForm(ReasonForm):
    """One role, its unit or civil servant, the unit-head flag; the roles offered are those the actor may grant."""

    role = forms.ChoiceField(label=_("角色"))
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=None, required=False,
                                  help_text=_("经办人、监督单位用户必填；公务员账户留空。"))
    civil_servant = forms.ModelChoiceField(label=_("对应公务员"), queryset=None, required=False,
                                           help_text=_("仅公务员账户填写。"))
    is_unit_head = forms.BooleanField(label=_("单位主要负责人"), required=False)

    field_order = ["role", "unit", "civil_servant", "is_unit_head", "reason"]

    def __init__(self, *args, actor, **kwargs):
        from records.models import CivilServant, Unit

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles_assignable_by(actor)]
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["civil_servant"].queryset = CivilServant.objects.select_related("unit").order_by("name")


class AccountCreateForm(AccountRoleForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password1 = forms.CharField(label=_("初始密码"), max_length=4096, strip=False, widget=forms.PasswordInput,
                                help_text=_("至少 8 位，不能全为数字；请告知本人首次登录后修改。"))
    password2 = forms.CharField(label=_("再次输入初始密码"), max_length=4096, strip=False,
                                widget=forms.PasswordInput)

    field_order = ["username", "full_name", "email", "password1", "password2", *AccountRoleForm.field_order]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class AddressUnlockForm(ReasonForm):
    ip_address = forms.GenericIPAddressField(label=_("网络地址"))
