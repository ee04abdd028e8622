"""Sign-in forms: lengths checked before anything looks the user up (or records a failed attempt)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Longer than any password anyone types; hashing a megabyte-long one is work for nothing.
PASSWORD_MAX_LENGTH = 4096


def username_max_length() -> int:
    return get_user_model()._meta.get_field("username").max_length


class LoginForm(AuthenticationForm):
    """Django's sign-in form with its length limits enforced: ``AuthenticationForm`` only sets the
    username's ``max_length`` on the widget, so an overlong name reached the failed-login log."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(username_max_length()))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_api_only:
            raise ValidationError(_("此账号仅供外部系统通过接口调用（API 令牌），不能登录网站。"), code="api_only")
