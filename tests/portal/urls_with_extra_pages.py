"""The project's URLs plus one page and one API operation without a query budget: proves the completeness
checks of tests/portal/test_query_budgets.py work."""
from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from integrity_portal.urls import urlpatterns as project_urlpatterns


def extra_page(request):
    """One query per unit (its superior, not selected with it): an N+1 the budget test must see."""
    from records.models import Unit

    return HttpResponse(", ".join(f"{unit.name}/{unit.superior}" for unit in Unit.objects.all()))


class ExtraEndpoint(APIView):
    def get(self, request):
        return Response({})


urlpatterns = [
    *project_urlpatterns,
    path("budget-extra/", extra_page, name="budget-extra-page"),
    path("api/v1/budget-extra/", ExtraEndpoint.as_view(), name="budget-extra-endpoint"),
]
