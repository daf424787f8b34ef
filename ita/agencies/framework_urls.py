"""URLs of the framework pages (see framework_views for why they live in agencies)."""

from django.urls import path

from ita.agencies import framework_views as views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("upload/", views.framework_upload, name="upload"),
    path("upload/confirm/", views.framework_confirm, name="confirm"),
    path("upload/cancel/", views.framework_cancel, name="cancel"),
    path("<slug:code>.xlsx", views.framework_workbook, name="workbook"),
]
