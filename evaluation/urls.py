"""Staff pages under /workspace/evaluation/, public pages under /evaluation/ (mounted at the site root)."""
from django.urls import path

from .views import dashboard, office, public, runs, tasks

app_name = "evaluation"

urlpatterns = [
    path("workspace/evaluation/", runs.WorkspaceHomeView.as_view(), name="workspace_home"),
    path("workspace/evaluation/runs/", runs.RunListView.as_view(), name="run_list"),
    path("workspace/evaluation/runs/start/", runs.RunStartView.as_view(), name="run_start"),
    path("workspace/evaluation/runs/<int:pk>/", runs.RunDetailView.as_view(), name="run_detail"),
    path("workspace/evaluation/runs/<int:pk>/publish/", runs.RunPublishView.as_view(), name="run_publish"),
    path("workspace/evaluation/runs/<int:pk>/export/", dashboard.RunExportView.as_view(), name="run_export"),
    path("workspace/evaluation/scores/<int:pk>/", runs.ScoreDetailView.as_view(), name="score_detail"),
    path("workspace/evaluation/scores/<int:pk>/query/", runs.ScoreQueryView.as_view(), name="score_query"),
    path("workspace/evaluation/scores/<int:pk>/indicators/<slug:key>/", runs.IndicatorDrillView.as_view(),
         name="indicator_detail"),
    path("workspace/evaluation/queries/<int:pk>/answer/", runs.QueryAnswerView.as_view(), name="query_answer"),
    path("workspace/evaluation/dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("workspace/evaluation/tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("workspace/evaluation/tasks/<int:pk>/", tasks.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("workspace/evaluation/tasks/<int:pk>/documents/<int:doc_pk>/", tasks.DocumentDownloadView.as_view(),
         name="document_download"),
    path("workspace/evaluation/inputs/", office.InputImportView.as_view(), name="inputs"),
    path("workspace/evaluation/inputs/template/<slug:kind>/", office.InputTemplateView.as_view(),
         name="input_template"),
    path("workspace/evaluation/schemes/", office.SchemeView.as_view(), name="scheme_current"),
    path("workspace/evaluation/schemes/<int:year>/", office.SchemeView.as_view(), name="scheme"),
    path("workspace/evaluation/demonstration/", office.DemonstrationView.as_view(), name="demonstration"),
    path("evaluation/", public.PublicIndexView.as_view(), name="public_index"),
    path("evaluation/demonstration/", public.PublicDemonstrationView.as_view(), name="public_demonstration"),
    path("evaluation/methodology/<int:year>/", public.PublicMethodologyView.as_view(), name="public_methodology"),
    path("evaluation/scores/<int:pk>/", public.PublicScoreView.as_view(), name="public_score"),
    path("evaluation/<str:code>/", public.PublicRankingView.as_view(), name="public_ranking"),
]
