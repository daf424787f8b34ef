from django.urls import path

from ita.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.tokens, name="index"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke"),
]
