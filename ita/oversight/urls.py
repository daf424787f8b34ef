from django.urls import path

from ita.oversight import meeting_views, report_views, views

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
    path(
        "provinces/<int:province_id>/report.<str:fmt>",
        report_views.province_report,
        name="province_report",
    ),
    # committees, meetings and clinics (the coordinator's), follow-ups (also the agency's)
    path("provinces/<int:province_id>/meetings/", meeting_views.meeting_list, name="meetings"),
    path(
        "provinces/<int:province_id>/meetings/new/", meeting_views.meeting_new, name="meeting_new"
    ),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/issues/", meeting_views.issue_add, name="issue_add"),
    path("meetings/<int:meeting_id>/followups/", meeting_views.followup_add, name="followup_add"),
    path("followups/<int:followup_id>/close/", meeting_views.followup_close, name="followup_close"),
    path(
        "followups/<int:followup_id>/answer/",
        meeting_views.followup_answer,
        name="followup_answer",
    ),
    path(
        "provinces/<int:province_id>/committees/new/",
        meeting_views.committee_new,
        name="committee_new",
    ),
    path("committees/<int:committee_id>/", meeting_views.committee_detail, name="committee"),
    path(
        "committees/<int:committee_id>/edit/", meeting_views.committee_edit, name="committee_edit"
    ),
    path(
        "committees/<int:committee_id>/members/<int:member_id>/remove/",
        meeting_views.member_remove,
        name="member_remove",
    ),
    path("followups/<int:followup_id>/edit/", meeting_views.followup_edit, name="followup_edit"),
    path("committees/<int:committee_id>/members/", meeting_views.member_add, name="member_add"),
    path(
        "agencies/<int:agency_id>/followups/",
        meeting_views.agency_followups,
        name="agency_followups",
    ),
]
