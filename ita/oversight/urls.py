from django.urls import path

from ita.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("provinces/<int:province_id>/", views.province, name="province"),
    path(
        "provinces/<int:province_id>/export.<str:fmt>",
        views.province_export,
        name="province_export",
    ),
]
