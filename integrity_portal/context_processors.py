from django.conf import settings


def portal(request):
    """Site name, and the unread-notice count for signed-in staff (one query)."""
    data = {"PORTAL_NAME": settings.PORTAL_NAME, "DISTRICT_NAME": settings.DISTRICT_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from notifications.selectors import notice_unread_count

        from .navigation import staff_nav

        data["unread_notice_count"] = notice_unread_count(user=user)
        data["staff_nav"] = staff_nav(user)
    return data
