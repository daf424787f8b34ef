from django.urls import path

from ita.documents import views

app_name = "documents"
urlpatterns = [
    path("agency/<int:agency_id>/", views.agency_documents, name="agency"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batch/new/", views.batch_new, name="batch_new"),
    path("batch/<int:batch_id>/", views.batch_detail, name="batch"),
    path("batch/<int:batch_id>/resume/", views.batch_resume, name="batch_resume"),
    path("batch/<int:batch_id>/download/", views.batch_download, name="batch_download"),
]
