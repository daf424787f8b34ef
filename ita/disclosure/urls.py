from django.urls import path

from ita.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("readiness/", views.readiness, name="readiness"),
    path("agencies/<int:agency_id>/<int:year>/", views.year_view, name="year"),
    path("agencies/<int:agency_id>/<int:year>/open/", views.open_year, name="open_year"),
    path("agencies/<int:agency_id>/<int:year>/page/", views.disclosure_page, name="page"),
    path("agencies/<int:agency_id>/<int:year>/risks/", views.risks, name="risks"),
    path("risks/<int:risk_id>/follow-up/", views.risk_follow_up, name="risk_follow_up"),
    path("risks/<int:risk_id>/delete/", views.risk_delete, name="risk_delete"),
    path("items/<int:item_id>/", views.item_view, name="item"),
    path("items/<int:item_id>/evidence/", views.add_evidence, name="add_evidence"),
    path("items/<int:item_id>/take-over/", views.take_over, name="take_over"),
    path("items/<int:item_id>/check/", views.check_links, name="check_links"),
    path("items/<int:item_id>/check/progress/", views.check_progress, name="check_progress"),
    path("items/<int:item_id>/assign/", views.assign, name="assign"),
    path("items/<int:item_id>/ready/", views.mark_ready, name="mark_ready"),
    path("items/<int:item_id>/review/", views.review, name="review"),
    path("items/<int:item_id>/answer/", views.answer, name="answer"),
    path("evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
]
