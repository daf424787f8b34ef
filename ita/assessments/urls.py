from django.urls import path

from ita.assessments import views

urlpatterns = [
    path("", views.agency_list, name="home"),
    path("agencies/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:agency_id>/results/edit/", views.result_edit, name="result_edit"),
    path("agencies/<int:agency_id>/results/<int:year>/", views.result_detail, name="result_detail"),
    path("results/import/", views.import_results, name="import_results"),
    path("results/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("results/import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("results/import/template.<str:fmt>", views.import_template, name="import_template"),
    path("what-if/", views.what_if, name="what_if"),
]
