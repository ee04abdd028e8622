"""How the admin shows a yes/no and an empty value to a Chinese reader (issue 17 item 2).

Django's admin draws a boolean as an icon whose ``alt`` is the Python value (``True``, ``False``, ``None``: read
aloud by a screen reader, shown when the image is missing), and an unknown yes/no as a question mark. Here a
yes/no says 是 / 否, and an unknown one is an empty value: the site's ``empty_value_display`` ("—"), like any other
empty cell. ``install()`` runs once, from ``PortalConfig.ready``."""
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

EMPTY = "—"


def boolean_icon(value):
    if value is None:
        return admin.site.empty_value_display
    icon, alt = ("yes", _("是")) if value else ("no", _("否"))
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


def install() -> None:
    admin.site.empty_value_display = EMPTY
    # admin.utils.display_for_field/display_for_value and admin.helpers.AdminReadonlyField import it from here at
    # each call, so this one name is every boolean the admin draws.
    admin_list._boolean_icon = boolean_icon
