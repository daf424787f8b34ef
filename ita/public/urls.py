from django.urls import path

from ita.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/<str:code>/", views.agency, name="agency"),
    path("agencies/<str:code>/<int:year>/", views.result, name="result"),
    path("agencies/<str:code>/<int:year>/o43-<int:round_month>.<str:fmt>", views.o43, name="o43"),
    path("agencies/<str:code>/<int:year>/<str:kind>.<str:fmt>", views.document, name="document"),
    path("agencies/<str:code>/<int:year>/oit/", views.disclosure, name="disclosure"),
    path(
        "agencies/<str:code>/<int:year>/oit/embed/",
        views.disclosure_embed,
        name="disclosure_embed",
    ),
    path("provinces/<str:code>/", views.province, name="province"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<int:part>.xml", views.sitemap_part, name="sitemap_part"),
    path("data/", views.data_index, name="data"),
    path("data/schema/results.json", views.data_schema, name="data_schema"),
    path("data/<int:year>/datapackage.json", views.datapackage, name="datapackage"),
    path("data/<int:year>/results.<str:fmt>", views.data_file, name="data_file"),
    path("manage/<int:agency_id>/", views.manage, name="manage"),
]
