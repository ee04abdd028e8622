"""The HTML half of the access rule (DESIGN.md §1), once, as a mixin and a decorator.

Anonymous on a staff page -> 302 to the login page; a role never allowed -> 403;
out of scope -> 404 (views fetch through ``visible_to(user)``); a transition not
allowed -> 409 with the reason.
"""
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import resolve, reverse

from .errors import PortalError


def user_may(user, roles) -> bool:
    return user.is_superuser or bool(user.roles & set(roles))


def may_open(user, url_name: str) -> bool:
    """Whether the role of ``user`` lets them open the staff page named ``url_name`` (its view's
    ``allowed_roles``), so that a link is offered only where it leads. Scope stays the page's own (404)."""
    view_class = getattr(resolve(reverse(url_name)).func, "view_class", None)
    return user_may(user, getattr(view_class, "allowed_roles", ()))


class RoleRequiredMixin(LoginRequiredMixin):
    """Staff pages: declare ``allowed_roles``; objects come from ``visible_to``."""

    allowed_roles: set[str] = set()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_may(request.user, self.allowed_roles):
            raise PermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)
        except PortalError as exc:
            return render(request, "conflict.html", {"message": exc.message}, status=exc.status_code)


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_may(request.user, roles):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PortalError as exc:
                return render(request, "conflict.html", {"message": exc.message}, status=exc.status_code)

        return wrapped

    return decorator
