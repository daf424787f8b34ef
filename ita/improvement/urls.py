from django.urls import path

from ita.improvement import memo_views, views

app_name = "improvement"
urlpatterns = [
    path("agency/<int:agency_id>/", views.agency_plans, name="agency_plans"),
    path("analysis/<int:pk>/", views.analysis_detail, name="analysis"),
    path("analysis/<int:pk>/edit/", views.analysis_edit, name="analysis_edit"),
    path("analysis/<int:pk>/comments/", views.comments_add, name="comments_add"),
    path(
        "analysis/<int:pk>/recommendations/", views.recommendations_add, name="recommendations_add"
    ),
    path("analysis/<int:pk>/measures/new/", views.measure_edit, name="measure_new"),
    path("analysis/<int:pk>/measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path(
        "analysis/<int:pk>/measures/<int:measure_id>/delete/",
        views.measure_delete,
        name="measure_delete",
    ),
    path("analysis/<int:pk>/plan/<str:step>/", views.plan_transition, name="plan_transition"),
    path("analysis/<int:pk>/opinion/", memo_views.opinion_give, name="opinion_give"),
    path("agency/<int:agency_id>/garuda/", memo_views.garuda, name="garuda"),
    path("analysis/<int:pk>/progress/", views.progress_dashboard, name="progress_dashboard"),
    path(
        "measures/<int:measure_id>/rounds/<int:month>/",
        views.progress_report,
        name="progress_report",
    ),
    path("my-measures/", views.my_measures, name="my_measures"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
]
