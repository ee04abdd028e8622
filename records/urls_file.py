"""Personal-file pages, included by ``records.urls`` (namespace ``records``) under /workspace/."""
from django.urls import path

from . import views_file

urlpatterns = [
    path("me/", views_file.MyFileView.as_view(), name="my_file"),
    path("cadre-checks/", views_file.CadreCheckListView.as_view(), name="cadre_check_list"),
    path("cadre-checks/new/", views_file.CadreCheckCreateView.as_view(), name="cadre_check_create"),
    path("cadre-checks/<int:pk>/", views_file.CadreCheckDetailView.as_view(), name="cadre_check_detail"),
    path("cadre-checks/servants/<int:servant_pk>/", views_file.CadreServantFileView.as_view(),
         name="cadre_servant_file"),
    path("file-access/", views_file.FileAccessListView.as_view(), name="file_access_list"),
]
