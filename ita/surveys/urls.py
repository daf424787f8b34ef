from django.urls import path

from ita.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.wave_list, name="wave_list"),
    path("agencies/<int:agency_id>/", views.agency_waves, name="agency_waves"),
    path("agencies/<int:agency_id>/new/", views.wave_new, name="wave_new"),
    path("waves/<int:wave_id>/", views.wave_detail, name="wave_detail"),
    path("waves/<int:wave_id>/progress/", views.wave_progress, name="wave_progress"),
    path("waves/<int:wave_id>/headcount/", views.wave_headcount, name="wave_headcount"),
    path("waves/<int:wave_id>/close/", views.wave_close, name="wave_close"),
    path("waves/<int:wave_id>/slips/", views.wave_slips, name="wave_slips"),
    path("waves/<int:wave_id>/slips/void/", views.wave_slips_void, name="wave_slips_void"),
    path("waves/<int:wave_id>/poster/", views.wave_poster, name="wave_poster"),
    path("waves/<int:wave_id>/export.csv", views.wave_export, name="wave_export"),
    path("province/new/", views.province_new, name="province_new"),
    path("province/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("province/<int:campaign_id>/posters/", views.campaign_posters, name="campaign_posters"),
    # respondents: anonymous, short links that fit a QR code
    path("t/<str:code>/<str:token>/", views.respond_iit, name="respond_iit"),
    path("e/<str:code>/", views.respond_eit, name="respond_eit"),
    path("thanks/<str:code>/", views.thanks, name="thanks"),
]
