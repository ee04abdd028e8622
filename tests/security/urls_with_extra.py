"""The project's URLs plus one page the expectation table does not know: proves the completeness check works."""
from django.http import HttpResponse
from django.urls import path

from integrity_portal.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("security-extra/", lambda request: HttpResponse("x"), name="security-extra-page"),
]
