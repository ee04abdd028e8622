from .models import Notice


def notice_unread_count(*, user) -> int:
    return Notice.objects.visible_to(user).unread().count()


def notice_list(*, user):
    return Notice.objects.visible_to(user)
